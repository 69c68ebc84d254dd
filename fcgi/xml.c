/*
 * xml.c: escaped-by-construction XML building for page documents.
 *
 * Invariant: only text that is valid UTF-8 and legal in XML 1.0 reaches
 * libxml2; anything else is dropped here, so serialisation and the XSLT
 * transform never see bytes they would mangle or reject.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "fcgi/xml.h"
#include "lib/utf8.h"

#define SITE_NAME	"辽宁省网联综合服务平台"

int
xml_text_ok(const char *s)
{
	return utf8_count(s, strlen(s), "\t\n\r") >= 0;
}

xmlDocPtr
xml_page_new(const char *name, xmlNodePtr *root)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 r, site;

	if ((doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL)
		return NULL;
	if ((r = xmlNewDocNode(doc, NULL, (const xmlChar *)"page", NULL)) ==
	    NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, r);
	if (xml_attr(r, "name", name) == -1 ||
	    (site = xml_add(r, "site", NULL)) == NULL ||
	    xml_add(site, "name", SITE_NAME) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	*root = r;
	return doc;
}

xmlNodePtr
xml_add(xmlNodePtr parent, const char *name, const char *text)
{
	if (text != NULL && !xml_text_ok(text))
		text = NULL;
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)text);
}

xmlNodePtr
xml_add_int(xmlNodePtr parent, const char *name, long long v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	return xml_add(parent, name, buf);
}

int
xml_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (value == NULL || !xml_text_ok(value))
		value = "";
	return xmlSetProp(node, (const xmlChar *)name,
	    (const xmlChar *)value) != NULL ? 0 : -1;
}

int
xml_attr_int(xmlNodePtr node, const char *name, long long v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	return xml_attr(node, name, buf);
}
