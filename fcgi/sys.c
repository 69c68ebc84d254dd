/*
 * sys.c: service-level handlers: the root redirect, the health check that
 * make run and monitoring poll, and the fault-injection hook the tests use
 * to prove that an internal failure yields the styled 500 page.
 */
#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/sys.h"
#include "fcgi/xml.h"
#include "lib/log.h"

int
sys_root(struct ctx *c)
{
	return page_redirect(c, "/login");
}

int
sys_healthz(struct ctx *c)
{
	if (!appdb_ping(c->db))
		return page_text(c, 503, "app database unavailable\n");
	if (caclient_ping(c->conf->ca_socket) == -1)
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
