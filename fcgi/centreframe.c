/*
 * centreframe.c: see centreframe.h.
 */
#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/xml.h"

static const char *const centre_tabs[CENTRE__MAX] = {
	"me",		/* CENTRE_ME */
	"company",	/* CENTRE_COMPANY */
	"staff",	/* CENTRE_STAFF */
	"certs",	/* CENTRE_CERTS */
	"orders",	/* CENTRE_ORDERS */
	"invoices",	/* CENTRE_INVOICES */
};

int
centre_is_admin(const struct ctx *c)
{
	return c->who != NULL && c->who->company != 0 &&
	    c->who->role == APPDB_ROLE_ADMIN;
}

xmlDocPtr
centre_doc(struct ctx *c, const char *name, enum centre_tab tab,
    xmlNodePtr *root)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 ce;

	if ((unsigned)tab >= CENTRE__MAX || c->who == NULL)
		return NULL;
	if ((doc = xml_page_new(name, root)) == NULL)
		return NULL;
	if (page_common(c, *root) == -1 ||
	    (ce = xml_add(*root, "centre", NULL)) == NULL ||
	    xml_attr(ce, "tab", centre_tabs[tab]) == -1 ||
	    xml_attr(ce, "admin", centre_is_admin(c) ? "1" : "0") == -1 ||
	    xml_attr(ce, "personal", c->who->company == 0 ? "1" : "0") ==
	    -1) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}
