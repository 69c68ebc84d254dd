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

#define SITE_NAME	"辽宁省网联综合服务平台"

int
xml_text_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 c, n, i;

	while (*p != '\0') {
		c = *p;
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return 0;
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			c &= 0x07;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF, U+FFFE/F. */
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe ||
		    c == 0xffff)
			return 0;
		p += n + 1;
	}
	return 1;
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
