/*
 * route.c: from path and method to handler, by table, with the checks
 * every request gets before a handler runs.
 *
 * Paths match exactly (no trailing-slash guessing), except that a row
 * whose path ends in '/' (other than "/" itself) takes every path under
 * it (the OCSP GET form carries its request in the path).  GET
 * routes also answer HEAD; the worker drops the body.  A known path with
 * the wrong method is 405 with an Allow header; an unknown path is 404.
 * Before the handler: the session is loaded from its cookie; every POST
 * must carry the session's CSRF token (else 403, nothing runs); a route
 * that needs a login sends anonymous visitors to /login, and one that
 * needs an identity sends people who have not chosen one to /identity;
 * an operator route (A_OPERATOR) answers 403 unless the person is an
 * active operator whose session was opened with a certificate (CA登录).
 * So c->who, when a handler sees it, is an identity of the logged-in
 * person.  A_SIGNED routes (server-to-server calls) skip all of that:
 * their handler authenticates the message itself; A_PROTOCOL routes (the
 * OCSP responder, /metrics, which checks its own allow-list) are machine
 * protocols without sessions.  The route taken is noted in c->page for
 * the request counters.
 *
 * Every other route gets its query or form keys validated and typed by
 * the key table (fcgi/param.h) first, before the CSRF check reads the
 * token among them; handlers read them from c->in.
 */
#include <string.h>

#include "fcgi/appdb.h"
#include "fcgi/auth.h"
#include "fcgi/calogin.h"
#include "fcgi/centre.h"
#include "fcgi/certs.h"
#include "fcgi/checkout.h"
#include "fcgi/elsewhere.h"
#include "fcgi/join.h"
#include "fcgi/ocsp.h"
#include "fcgi/orders.h"
#include "fcgi/reissue.h"
#include "fcgi/opshandover.h"
#include "fcgi/opsinvoice.h"
#include "fcgi/ops.h"
#include "fcgi/opsissue.h"
#include "fcgi/param.h"
#ifdef PAY_SANDBOX
#include "fcgi/paysandbox.h"
#endif
#include "fcgi/route.h"
#include "fcgi/session.h"
#include "fcgi/sys.h"
#include "fcgi/upload.h"

#define M_GET	0x1
#define M_POST	0x2

enum access {
	A_ANY,			/* anyone */
	A_LOGIN,		/* a logged-in person */
	A_IDENTITY,		/* a logged-in person acting as an identity */
	A_OPERATOR,		/* an active operator, logged in by CA登录 */
	A_SIGNED,		/* a server-to-server call that carries its own
				   signature (a payment notification): no
				   session, no CSRF token; the handler
				   verifies the signature first */
	A_PROTOCOL		/* a machine protocol open to all (OCSP): no
				   session, no CSRF token */
};

typedef int (*handler)(struct ctx *);

static const struct route {
	const char	*path;
	unsigned	 methods;
	enum access	 access;
	handler		 get;		/* GET/HEAD */
	handler		 post;		/* POST */
} routes[PAGE__MAX] = {
	/* PAGE_ROOT */
	{ "/", M_GET, A_ANY, sys_root, NULL },
	/* PAGE_LOGIN */
	{ "/login", M_GET | M_POST, A_ANY, auth_login_form, auth_login },
	/* PAGE_LOGIN_CA */
	{ "/login/ca", M_POST, A_ANY, NULL, calogin_post },
	/* PAGE_LOGIN_CA_BAD (nginx-internal: its error_page for 495/496) */
	{ "/login/ca/refused", M_GET | M_POST, A_ANY, calogin_refused,
	    calogin_refused },
	/* PAGE_LOGOUT */
	{ "/logout", M_POST, A_ANY, NULL, auth_logout },
	/* PAGE_REGISTER */
	{ "/register", M_GET | M_POST, A_ANY, auth_register_form,
	    auth_register },
	/* PAGE_RESET */
	{ "/password/reset", M_GET | M_POST, A_ANY, auth_reset_form,
	    auth_reset },
	/* PAGE_IDENTITY */
	{ "/identity", M_GET | M_POST, A_LOGIN, auth_identity_form,
	    auth_identity },
	/* PAGE_HEALTHZ */
	{ "/healthz", M_GET, A_ANY, sys_healthz, NULL },
	/* PAGE_FAULT */
	{ "/__fault", M_GET, A_ANY, sys_fault, NULL },
	/* PAGE_ME */
	[PAGE_ME] = { "/me", M_GET | M_POST, A_IDENTITY, centre_me_form,
	    centre_me_save },
	/* PAGE_COMPANY */
	[PAGE_COMPANY] = { "/company", M_GET | M_POST, A_IDENTITY,
	    centre_company_form, centre_company_save },
	/* PAGE_STAFF */
	[PAGE_STAFF] = { "/staff", M_GET, A_IDENTITY, centre_staff, NULL },
	/* PAGE_STAFF_ADD */
	[PAGE_STAFF_ADD] = { "/staff/add", M_POST, A_IDENTITY, NULL,
	    centre_staff_add },
	/* PAGE_STAFF_ROLE */
	[PAGE_STAFF_ROLE] = { "/staff/role", M_POST, A_IDENTITY, NULL,
	    centre_staff_role },
	/* PAGE_STAFF_REMOVE */
	[PAGE_STAFF_REMOVE] = { "/staff/remove", M_POST, A_IDENTITY, NULL,
	    centre_staff_remove },
	/* PAGE_CERTS */
	[PAGE_CERTS] = { "/certs", M_GET, A_IDENTITY, certs_list, NULL },
	/* PAGE_CERT_VIEW */
	[PAGE_CERT_VIEW] = { "/certs/view", M_GET, A_IDENTITY, certs_view,
	    NULL },
	/* PAGE_CERT_PLATFORM */
	[PAGE_CERT_PLATFORM] = { "/certs/platform", M_GET | M_POST,
	    A_IDENTITY, certs_platform_form, certs_platform_link },
	/* PAGE_CERT_REVOKE */
	[PAGE_CERT_REVOKE] = { "/certs/revoke", M_GET | M_POST, A_IDENTITY,
	    certs_revoke_form, certs_revoke },
	[PAGE_CERT_APPLY] = { "/certs/apply", M_GET, A_IDENTITY,
	    elsewhere_page, NULL },
	[PAGE_TERMS] = { "/terms", M_GET, A_ANY, sys_terms, NULL },
	[PAGE_PRIVACY] = { "/privacy", M_GET, A_ANY, sys_privacy, NULL },
	[PAGE_REISSUE] = { "/reissue", M_GET, A_IDENTITY, reissue_info, NULL },
	[PAGE_REISSUE_TYPE] = { "/reissue/step2", M_GET | M_POST, A_IDENTITY,
	    reissue_type_form, reissue_type },
	[PAGE_REISSUE_STATEMENT] = { "/reissue/statement.docx", M_GET,
	    A_IDENTITY, reissue_statement, NULL },
	[PAGE_UPLOAD_VIEW] = { "/uploads/view", M_GET, A_IDENTITY,
	    reissue_upload_view, NULL },
	[PAGE_REISSUE_CONFIRM] = { "/reissue/confirm", M_GET | M_POST,
	    A_IDENTITY, reissue_confirm_form, reissue_confirm },
	[PAGE_ORDERS] = { "/orders", M_GET, A_IDENTITY, orders_list, NULL },
	[PAGE_ORDER_VIEW] = { "/orders/view", M_GET, A_IDENTITY, orders_view,
	    NULL },
	[PAGE_INVOICES] = { "/invoices", M_GET, A_IDENTITY, orders_invoices,
	    NULL },
	[PAGE_CHECKOUT] = { "/orders/pay", M_GET | M_POST, A_IDENTITY,
	    checkout_form, checkout },
	[PAGE_ORDER_CANCEL] = { "/orders/cancel", M_POST, A_IDENTITY, NULL,
	    checkout_cancel },
	[PAGE_PAY_RETURN] = { "/pay/return", M_GET, A_IDENTITY,
	    checkout_return, NULL },
	[PAGE_PAY_NOTIFY] = { "/pay/notify", M_POST, A_SIGNED, NULL,
	    checkout_notify },
#ifdef PAY_SANDBOX
	/* Only in webd-sandbox (the tests, make run): the test double's
	 * cashier.  The production webd has no such page. */
	[PAGE_SANDBOX_CASHIER] = { "/sandbox/cashier", M_GET | M_POST, A_ANY,
	    paysandbox_cashier, paysandbox_cashier_post },
#endif
	[PAGE_OPS_READY] = { "/ops/ready", M_POST, A_OPERATOR, NULL,
	    opshandover_ready },
	[PAGE_OPS_PICKUP] = { "/ops/pickup", M_POST, A_OPERATOR, NULL,
	    opshandover_pickup },
	[PAGE_OPS_SHIP] = { "/ops/ship", M_POST, A_OPERATOR, NULL,
	    opshandover_ship },
	[PAGE_OPS_DELIVER] = { "/ops/deliver", M_POST, A_OPERATOR, NULL,
	    opshandover_deliver },
	[PAGE_OPS] = { "/ops", M_GET, A_OPERATOR, ops_queue, NULL },
	[PAGE_OPS_ORDER] = { "/ops/order", M_GET, A_OPERATOR, ops_order,
	    NULL },
	[PAGE_OPS_UPLOAD] = { "/ops/upload", M_GET, A_OPERATOR, ops_upload,
	    NULL },
	[PAGE_OPS_APPROVE] = { "/ops/approve", M_POST, A_OPERATOR, NULL,
	    ops_approve },
	[PAGE_OPS_REJECT] = { "/ops/reject", M_POST, A_OPERATOR, NULL,
	    ops_reject },
	[PAGE_OPS_ISSUE] = { "/ops/issue", M_POST, A_OPERATOR, NULL,
	    opsissue_post },
	[PAGE_OPS_CERT] = { "/ops/cert", M_GET, A_OPERATOR, opsissue_cert,
	    NULL },
	[PAGE_OCSP] = { "/ocsp", M_POST, A_PROTOCOL, NULL, ocsp_post },
	[PAGE_OCSP_GET] = { "/ocsp/", M_GET, A_PROTOCOL, ocsp_get, NULL },
	[PAGE_OPS_CONFIRM] = { "/ops/confirm", M_POST, A_OPERATOR, NULL,
	    opsissue_confirm },
	[PAGE_OPS_ISSUE_CANCEL] = { "/ops/issue/cancel", M_POST, A_OPERATOR,
	    NULL, opsissue_cancel },
	[PAGE_OPS_INVOICES] = { "/ops/invoices", M_GET, A_OPERATOR,
	    opsinvoice_queue, NULL },
	[PAGE_OPS_INVOICE] = { "/ops/invoice", M_GET, A_OPERATOR,
	    opsinvoice_page, NULL },
	[PAGE_OPS_INVOICE_E] = { "/ops/invoice/electronic", M_POST,
	    A_OPERATOR, NULL, opsinvoice_electronic },
	[PAGE_OPS_INVOICE_PAPER] = { "/ops/invoice/paper", M_POST, A_OPERATOR,
	    NULL, opsinvoice_paper },
	[PAGE_INVOICE_FILE] = { "/invoices/file", M_GET, A_IDENTITY,
	    orders_invoice_file, NULL },
	/* A new account has no identity but 个人 (or none): joining a
	 * company needs only a login. */
	[PAGE_JOIN] = { "/identity/join", M_GET | M_POST, A_LOGIN,
	    join_form, join_post },
	[PAGE_JOIN_SEEN] = { "/identity/join/seen", M_POST, A_LOGIN, NULL,
	    join_seen },
	[PAGE_STAFF_JOIN_OK] = { "/staff/join/approve", M_POST, A_IDENTITY,
	    NULL, centre_join_approve },
	[PAGE_STAFF_JOIN_NO] = { "/staff/join/refuse", M_POST, A_IDENTITY,
	    NULL, centre_join_refuse },
	/* A_PROTOCOL: no session; sys_metrics checks the allow-list. */
	[PAGE_METRICS] = { "/metrics", M_GET, A_PROTOCOL, sys_metrics, NULL },
};

const char *
route_path(int page)
{
	return page >= 0 && page < PAGE__MAX ? routes[page].path : NULL;
}

/* 1 if a route's path takes every path under it (ends in '/'). */
static int
is_prefix(const char *path)
{
	size_t	 n = strlen(path);

	return n > 1 && path[n - 1] == '/';
}

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

/*
 * Loads the session and, for a logged-in person, their name and chosen
 * identity.  A session whose identity no longer belongs to the person
 * (membership removed) simply has none.  0 / -1.
 */
static int
load_who(struct ctx *c, struct session *s, struct appdb_identity *id)
{
	char	 mobile[32];
	int	 r;

	if ((r = session_load(c, s)) == -1)
		return -1;
	if (r == 0)
		return 0;
	c->sess = s;
	if (s->person == 0)
		return 0;
	if (appdb_person_get(c->db, s->person, mobile, sizeof(mobile),
	    c->person_name, sizeof(c->person_name)) != 1)
		return -1;
	if (s->membership == 0)
		return 0;
	if ((r = appdb_identity_get(c->db, s->person, s->membership, id)) ==
	    -1)
		return -1;
	if (r == 1)
		c->who = id;
	return 0;
}

/*
 * The checks of a route with a session (see the top of this file), then
 * its handler; c->in is set.  The handler's result.
 */
static int
run(struct ctx *c, const struct route *r, unsigned want)
{
	static struct session		 sess;
	static struct appdb_identity	 ident;
	static struct appdb_operator	 op;
	int				 k;

	memset(&sess, 0, sizeof(sess));
	memset(&ident, 0, sizeof(ident));
	if (load_who(c, &sess, &ident) == -1)
		return -1;
	if (want == M_POST && !session_csrf_ok(c))
		return page_error(c, 403);
	if (r->access != A_ANY && (c->sess == NULL || c->sess->person == 0))
		return page_redirect(c, "/login");
	if (r->access == A_IDENTITY && c->who == NULL)
		return page_redirect(c, "/identity");
	if (r->access == A_OPERATOR) {
		memset(&op, 0, sizeof(op));
		/* Only a certificate login opens the operator pages. */
		if (c->sess->cert_serial[0] == '\0')
			return page_error(c, 403);
		if ((k = appdb_operator_get(c->db, c->sess->person, &op)) ==
		    -1)
			return -1;
		if (k == 0 || !op.active)
			return page_error(c, 403);
		c->op = &op;
	}
	return want == M_POST ? r->post(c) : r->get(c);
}

int
route_dispatch(struct ctx *c)
{
	static struct params		 in;
	const struct route		*r = NULL;
	unsigned			 want;
	int				 i, rc;

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
	for (i = 0; i < PAGE__MAX; i++)
		if (routes[i].path == NULL)
			continue;	/* not in this build (PAY_SANDBOX) */
		else if (strcmp(c->req->path, routes[i].path) == 0 ||
		    (is_prefix(routes[i].path) && strncmp(c->req->path,
		    routes[i].path, strlen(routes[i].path)) == 0)) {
			r = &routes[i];
			break;
		}
	if (r == NULL || (i == PAGE_FAULT && !c->conf->fault_inject))
		return page_error(c, 404);
	c->page = i;
	if ((r->methods & want) == 0) {
		if (page_error(c, 405) == -1)
			return -1;
		c->resp->allow = allow_header(r->methods);
		return 0;
	}
	if (r->access == A_SIGNED || r->access == A_PROTOCOL)
		return want == M_POST ? r->post(c) : r->get(c);
	if (param_parse(&in, c->req) == -1)
		return -1;
	c->in = &in;
	rc = run(c, r, want);
	c->in = NULL;
	param_free(&in);
	return rc;
}
