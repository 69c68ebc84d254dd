/*
 * loginpage.c: see loginpage.h.
 */
#include <stddef.h>

#include "fcgi/loginpage.h"
#include "fcgi/render.h"
#include "fcgi/session.h"
#include "fcgi/valid.h"
#include "fcgi/xml.h"

int
loginpage_render(struct ctx *c, int status, const char *tab,
    const char *error, const char *notice, const char *mobile)
{
	static struct session st;	/* c->sess may point here */
	xmlDocPtr	 doc;
	xmlNodePtr	 root, login, n;

	if (session_need(c, &st) == NULL)
		return -1;
	if ((doc = xml_page_new("login", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (login = xml_add(root, "login", NULL)) == NULL ||
	    xml_attr(login, "tab", tab) == -1)
		goto fail;
	if (mobile != NULL && valid_mobile(mobile) &&
	    xml_add(login, "mobile", mobile) == NULL)
		goto fail;
	if (error != NULL && ((n = xml_add(login, "error", NULL)) == NULL ||
	    xml_attr(n, "code", error) == -1))
		goto fail;
	if (notice != NULL && ((n = xml_add(login, "notice", NULL)) ==
	    NULL || xml_attr(n, "code", notice) == -1))
		goto fail;
	return page_render(c, status, SHEET_LOGIN, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}
