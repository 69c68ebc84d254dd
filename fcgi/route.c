/*
 * route.c: from path and method to handler, by table.
 *
 * Paths match exactly (no prefixes, no trailing-slash guessing).  GET
 * routes also answer HEAD; the worker drops the body.  A known path with
 * the wrong method is 405 with an Allow header; an unknown path is 404.
 */
#include <string.h>

#include "fcgi/auth.h"
#include "fcgi/route.h"
#include "fcgi/sys.h"

#define M_GET	0x1
#define M_POST	0x2

typedef int (*handler)(struct ctx *);

static const struct route {
	const char	*path;
	unsigned	 methods;
	handler		 fn;
} routes[PAGE__MAX] = {
	{ "/", M_GET, sys_root },		/* PAGE_ROOT */
	{ "/login", M_GET, auth_login_form },	/* PAGE_LOGIN */
	{ "/healthz", M_GET, sys_healthz },	/* PAGE_HEALTHZ */
	{ "/__fault", M_GET, sys_fault },	/* PAGE_FAULT */
};

static const char *
allow_header(unsigned m)
{
	switch (m) {
	case M_GET:
		return "GET, HEAD";
	case M_POST:
		return "POST";
	default:
		return "GET, HEAD, POST";
	}
}

int
route_dispatch(struct ctx *c)
{
	const struct route	*r;
	unsigned		 want;
	int			 i;

	switch (c->req->method) {
	case REQ_GET:
	case REQ_HEAD:
		want = M_GET;
		break;
	case REQ_POST:
		want = M_POST;
		break;
	default:
		want = 0;
		break;
	}
	for (i = 0; i < PAGE__MAX; i++) {
		r = &routes[i];
		if (strcmp(c->req->path, r->path) != 0)
			continue;
		if (i == PAGE_FAULT && !c->conf->fault_inject)
			break;
		if ((r->methods & want) == 0) {
			if (page_error(c, 405) == -1)
				return -1;
			c->resp->allow = allow_header(r->methods);
			return 0;
		}
		return r->fn(c);
	}
	return page_error(c, 404);
}
