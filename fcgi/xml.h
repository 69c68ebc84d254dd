/*
 * xml.h: building the XML document of one page with libxml2's node API.
 *
 * Text always goes in through xmlNewTextChild/xmlNewProp, which escape it,
 * so no user string can become markup.  Every page document has the shape
 *
 *	<page name="NAME"> <site><name>..</name></site> ... </page>
 *
 * that xsl/layout.xsl expects; handlers add their own element under it.
 */
#ifndef FCGI_XML_H
#define FCGI_XML_H

#include <libxml/tree.h>

/*
 * Creates a page document and returns it (caller frees with xmlFreeDoc),
 * setting *root to its <page> element.  NULL on allocation failure.
 */
xmlDocPtr	 xml_page_new(const char *name, xmlNodePtr *root);
/*
 * Adds <name>text</name> under parent (text may be NULL for an empty
 * element).  Text that is not valid UTF-8 is replaced by an empty element
 * rather than passed on.  Returns the new node or NULL.
 */
xmlNodePtr	 xml_add(xmlNodePtr parent, const char *name, const char *text);
/* Adds <name>number</name>.  Returns the node or NULL. */
xmlNodePtr	 xml_add_int(xmlNodePtr parent, const char *name, long long v);
/* Sets attribute name=value (escaped).  Returns 0 or -1. */
int		 xml_attr(xmlNodePtr node, const char *name, const char *value);
/* Sets attribute name to a decimal number.  Returns 0 or -1. */
int		 xml_attr_int(xmlNodePtr node, const char *name, long long v);
/* Returns 1 if s is valid UTF-8 without control characters but \t\n\r. */
int		 xml_text_ok(const char *s);

#endif
