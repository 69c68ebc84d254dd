/*
 * auth.c: the login page (账号登录 / CA登录).
 *
 * The page document is <login tab="password|ca"/>; xsl/login.xsl turns it
 * into the two tabs of the guide's 图1.  The only input read is the query
 * parameter "tab", validated against its two legal values.
 */
#include <string.h>

#include "fcgi/auth.h"
#include "fcgi/xml.h"

int
auth_login_form(struct ctx *c)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, login;
	const char	*tab = req_query(c->req, "tab");

	if (tab == NULL || strcmp(tab, "ca") != 0)
		tab = "password";
	if ((doc = xml_page_new("login", &root)) == NULL)
		return -1;
	if ((login = xml_add(root, "login", NULL)) == NULL ||
	    xml_attr(login, "tab", tab) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_LOGIN, doc);
}
