/*
 * page.c: filling a struct resp: rendered HTML pages, the one styled error
 * page, redirects and plain text.
 *
 * Invariant: after any of these returns, resp holds a complete response
 * (status, type and body agree); on failure it holds nothing and the
 * caller returns -1 so the worker serves the 500 page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/appdb.h"
#include "fcgi/page.h"
#include "fcgi/xml.h"
#include "fcgi/xmlmem.h"
#include "lib/log.h"

int
page_common(struct ctx *c, xmlNodePtr root)
{
	xmlNodePtr	 u, id;

	if (c->sess == NULL)
		return 0;
	if (xml_add(root, "csrf", c->sess->csrf) == NULL)
		return -1;
	if (c->sess->person == 0)
		return 0;
	if ((u = xml_add(root, "user", NULL)) == NULL ||
	    xml_add(u, "name", c->person_name) == NULL)
		return -1;
	if (c->who != NULL) {
		if ((id = xml_add(u, "identity", NULL)) == NULL ||
		    xml_attr(id, "company", c->who->company_name) == -1 ||
		    xml_attr(id, "role", appdb_role_name(c->who->role)) == -1)
			return -1;
	}
	return 0;
}

void
resp_reset(struct resp *r)
{
	char	 cookie[sizeof(r->cookie)];

	/* A cookie set earlier in the request (a new session) survives. */
	memcpy(cookie, r->cookie, sizeof(cookie));
	free(r->body);
	memset(r, 0, sizeof(*r));
	memcpy(r->cookie, cookie, sizeof(cookie));
	r->status = 200;
}

int
page_render(struct ctx *c, int status, enum sheet sheet, xmlDocPtr doc)
{
	char	*html;
	size_t	 len;
	int	 rc;

	if (doc == NULL)
		return -1;
	rc = render_page(sheet, doc, &html, &len);
	xmlmem_free_doc(doc);
	if (rc == -1)
		return -1;
	resp_reset(c->resp);
	c->resp->status = status;
	c->resp->ctype = "text/html; charset=utf-8";
	c->resp->body = html;
	c->resp->body_len = len;
	return 0;
}

int
page_error(struct ctx *c, int status)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e;

	if ((doc = xml_page_new("error", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (e = xml_add(root, "error", NULL)) == NULL ||
	    xml_attr_int(e, "status", status) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, status, SHEET_ERROR, doc);
}

int
page_redirect(struct ctx *c, const char *path)
{
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
	    strlen(path) >= sizeof(c->resp->location)) {
		log_err("page_redirect: refusing non-local target");
		return -1;
	}
	resp_reset(c->resp);
	c->resp->status = 303;
	memcpy(c->resp->location, path, strlen(path) + 1);
	return 0;
}

int
page_text(struct ctx *c, int status, const char *text)
{
	size_t	 n = strlen(text);

	resp_reset(c->resp);
	if ((c->resp->body = malloc(n + 1)) == NULL)
		return -1;
	memcpy(c->resp->body, text, n + 1);
	c->resp->body_len = n;
	c->resp->status = status;
	c->resp->ctype = "text/plain; charset=utf-8";
	return 0;
}

int
page_blob(struct ctx *c, const char *ctype, const char *disposition,
    char *body, size_t len)
{
	resp_reset(c->resp);
	if (body == NULL || ctype == NULL) {
		free(body);
		return -1;
	}
	c->resp->body = body;
	c->resp->body_len = len;
	c->resp->ctype = ctype;
	c->resp->disposition = disposition;
	return 0;
}
