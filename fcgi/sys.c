/*
 * sys.c: service-level handlers: the home redirect, the health check that
 * make run and monitoring poll, and the fault-injection hook the tests use
 * to prove that an internal failure yields the styled 500 page.
 */
#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/session.h"
#include "fcgi/sys.h"
#include "fcgi/xml.h"
#include "lib/log.h"

/*
 * Home (the logo, 返回首页): anonymous visitors to 账号登录; an active
 * operator who logged in by CA登录 to the 审核队列; anyone else logged in
 * to CA管理, the personal centre, or to 关联公司及身份选择 while no
 * identity is chosen (CA管理 would send them there anyway).
 */
int
sys_root(struct ctx *c)
{
	struct appdb_operator	 op;
	int			 k;

	if (c->sess == NULL || c->sess->person == 0)
		return page_redirect(c, "/login");
	if (c->sess->cert_serial[0] != '\0') {
		if ((k = appdb_operator_get(c->db, c->sess->person, &op)) ==
		    -1)
			return -1;
		if (k == 1 && op.active)
			return page_redirect(c, "/ops");
	}
	return page_redirect(c, c->who != NULL ? "/certs" : "/identity");
}

int
sys_healthz(struct ctx *c)
{
	size_t	 i;

	if (!appdb_ping(c->db))
		return page_text(c, 503, "app database unavailable\n");
	for (i = 0; i < c->conf->ncas; i++)
		if (caclient_ping(c->conf->cas[i].sock) == -1)
			return page_text(c, 503, "signing daemon unavailable\n");
	return page_text(c, 200, "ok\n");
}

int
sys_fault(struct ctx *c)
{
	(void)c;
	log_err("sys_fault: injected internal failure (test hook)");
	return -1;
}

static int
doc_page(struct ctx *c, const char *name)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, d;

	if ((doc = xml_page_new("doc", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (d = xml_add(root, "doc", NULL)) == NULL ||
	    xml_attr(d, "name", name) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_DOC, doc);
}

int
sys_terms(struct ctx *c)
{
	return doc_page(c, "terms");
}

int
sys_privacy(struct ctx *c)
{
	return doc_page(c, "privacy");
}
