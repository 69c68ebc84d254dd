/*
 * sys.c: service-level handlers: the root redirect, the health check that
 * make run and monitoring poll, and the fault-injection hook the tests use
 * to prove that an internal failure yields the styled 500 page.
 */
#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/sys.h"
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
