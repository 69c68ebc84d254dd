/*
 * orders.c: 订单管理 (/orders, /orders/view) and 发票管理 (/invoices) of
 * the personal centre.  Read-only pages: nothing here changes an order.
 *
 * Rules kept here:
 * - Which orders exist for the caller is decided by one scope built from
 *   the chosen identity (orders_scope), as CA管理 does for certificates: a
 *   company's administrator sees every order placed under the company,
 *   any other company role only the orders they placed under it, the
 *   个人 identity only the person's own orders without company.  An
 *   order id from the URL is looked up through that scope; outside it,
 *   malformed or unknown, the answer is the same 404.
 * - The XML carries codes (states, kinds, reasons, actors); the Chinese
 *   labels live in the stylesheets (xsl/order-common.xsl).
 * - An unpaid order past its payment window (ORDER_PAY_WINDOW) is shown
 *   as closed ("closed") even before order_expire_unpaid() has run, and
 *   offers neither 去支付 nor 取消订单.
 * - Money is integer fen, shown as yuan with two decimals; times are
 *   shown in Asia/Shanghai (shtime.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "fcgi/appdb.h"
#include "fcgi/centre.h"
#include "fcgi/certs.h"
#include "fcgi/form.h"
#include "fcgi/listq.h"
#include "fcgi/order.h"
#include "fcgi/orders.h"
#include "fcgi/pickup.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/upload.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/log.h"

struct appdb_order_scope
orders_scope(const struct ctx *c)
{
	struct appdb_order_scope	 s;

	s.company = c->who->company;
	s.person = centre_is_admin(c) ? 0 : c->sess->person;
	return s;
}

/*
 * The payment state a page shows: the stored one, except that an unpaid
 * order past its payment window is "closed" already.
 */
static const char *
pay_shown(const char *pay, long long created_at, long long now)
{
	if (strcmp(pay, "unpaid") == 0 &&
	    created_at <= now - ORDER_PAY_WINDOW)
		return "closed";
	return pay;
}

/*
 * Marks an order element with the actions that apply: payable="1" and
 * cancellable="1" for an unpaid order within its payment window.  0/-1.
 */
static int
add_actions(xmlNodePtr e, const char *shown)
{
	int	 open = strcmp(shown, "unpaid") == 0;

	if (xml_attr(e, "payable", open ? "1" : "0") == -1 ||
	    xml_attr(e, "cancellable", open ? "1" : "0") == -1)
		return -1;
	return 0;
}

/* ---- 订单管理: the list ---- */

struct orderlist {
	xmlNodePtr	 parent;
	long long	 now;
};

static int
list_row(void *arg, const struct appdb_order_item *it)
{
	struct orderlist	*l = arg;
	const char		*shown = pay_shown(it->pay, it->created_at,
				    l->now);
	xmlNodePtr		 e;

	if ((e = xml_add(l->parent, "order", NULL)) == NULL ||
	    xml_attr_int(e, "id", it->id) == -1 ||
	    xml_attr(e, "kind", it->kind) == -1 ||
	    xml_attr(e, "pay", shown) == -1 ||
	    xml_attr(e, "review", it->review) == -1 ||
	    xml_attr(e, "delivery", it->delivery) == -1 ||
	    xml_attr(e, "method", it->pickup_method) == -1 ||
	    xml_attr(e, "lock", it->lock_type) == -1 ||
	    add_actions(e, shown) == -1 ||
	    xml_add(e, "no", it->order_no) == NULL ||
	    xmlval_time(e, "created", it->created_at) == -1 ||
	    xml_add(e, "buyer", it->buyer) == NULL ||
	    xml_add(e, "holder", it->holder) == NULL ||
	    xmlval_amount(e, it->amount_fen) == -1)
		return -1;
	return 0;
}

/* The kind of the query's "kind", ORDER_KIND_CA_REISSUE if absent or
 * not a kind. */
static enum order_kind
kind_of(const struct ctx *c)
{
	const char	*k = req_query(c->req, "kind");
	int		 i;

	for (i = 0; k != NULL && i < ORDER_KIND__MAX; i++)
		if (strcmp(k, order_kind_code((enum order_kind)i)) == 0)
			return (enum order_kind)i;
	return ORDER_KIND_CA_REISSUE;
}

int
orders_list(struct ctx *c)
{
	struct appdb_order_scope s = orders_scope(c);
	enum order_kind		 kind = kind_of(c);
	const char		*code = order_kind_code(kind);
	struct listq		 lq;
	struct orderlist	 l;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, oe, te;
	long long		 total = 0, n;
	int			 i;

	listq_parse(c->req, &lq);
	/* No search here: the pager's links carry only the page size. */
	lq.q[0] = '\0';
	lq.q_bad = 0;
	if ((doc = centre_doc(c, "orders", CENTRE_ORDERS, &root)) == NULL)
		return -1;
	if ((oe = xml_add(root, "orders", NULL)) == NULL ||
	    xml_attr(oe, "kind", code) == -1)
		goto fail;
	for (i = 0; i < ORDER_KIND__MAX; i++) {
		const char *k = order_kind_code((enum order_kind)i);

		if ((n = appdb_order_count(c->db, &s, k)) == -1)
			goto fail;
		if (i == (int)kind)
			total = n;
		if ((te = xml_add(oe, "tab", NULL)) == NULL ||
		    xml_attr(te, "kind", k) == -1 ||
		    xml_attr_int(te, "count", n) == -1)
			goto fail;
	}
	listq_clamp(&lq, total);
	if (listq_pager(oe, &lq, total) == NULL)
		goto fail;
	l.parent = oe;
	l.now = (long long)time(NULL);
	if (appdb_order_page(c->db, &s, code, lq.size, listq_offset(&lq),
	    list_row, &l) == -1)
		goto fail;
	return page_render(c, 200, SHEET_ORDERS, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

/* ---- one order ---- */

struct history {
	struct appdb	*db;
	xmlNodePtr	 parent;
	long long	 buyer;
	const char	*buyer_name;
};

/*
 * Adds <actor kind="applicant|person|system|payment|operator|other">
 * for a history row's actor ("person:ID", "system", "pay:PROVIDER",
 * "operator:…"), with the person's name or the provider as text.  0/-1.
 */
static int
add_actor(struct history *h, xmlNodePtr parent, const char *actor)
{
	const char	*kind = "other", *text = actor;
	char		 mobile[32], name[65];
	long long	 id;
	int		 k;

	if (strncmp(actor, "person:", 7) == 0 && form_id(actor + 7, &id)) {
		if (id == h->buyer) {
			kind = "applicant";
			text = h->buyer_name;
		} else {
			kind = "person";
			if (appdb_person_get(h->db, id, mobile, sizeof(mobile),
			    name, sizeof(name)) == -1)
				return -1;
			text = name;
		}
	} else if (strcmp(actor, "system") == 0) {
		kind = "system";
		text = "";
	} else if (strncmp(actor, "pay:", 4) == 0) {
		kind = "payment";
		text = actor + 4;
	} else if (strncmp(actor, "operator:", 9) == 0 ||
	    strncmp(actor, "op:", 3) == 0) {
		/* The name is for the operators' pages; the applicant's
		 * shows only the role. */
		kind = "operator";
		text = "";
		if (strncmp(actor, "operator:", 9) == 0 &&
		    form_id(actor + 9, &id)) {
			if ((k = appdb_person_get(h->db, id, mobile,
			    sizeof(mobile), name, sizeof(name))) == -1)
				return -1;
			if (k == 1)
				text = name;
		}
	}
	if ((parent = xml_add(parent, "actor", text)) == NULL ||
	    xml_attr(parent, "kind", kind) == -1)
		return -1;
	return 0;
}

static int
history_row(void *arg, const struct order_history *r)
{
	struct history	*h = arg;
	xmlNodePtr	 e;
	char		 t[SHTIME_BUFSZ];

	if ((e = xml_add(h->parent, "event", NULL)) == NULL ||
	    xml_attr(e, "code", r->event) == -1 ||
	    xml_attr(e, "from_pay", r->from_pay) == -1 ||
	    xml_attr(e, "from_review", r->from_review) == -1 ||
	    xml_attr(e, "from_delivery", r->from_delivery) == -1 ||
	    xml_attr(e, "to_pay", r->to_pay) == -1 ||
	    xml_attr(e, "to_review", r->to_review) == -1 ||
	    xml_attr(e, "to_delivery", r->to_delivery) == -1 ||
	    xml_add(e, "at", shtime_sec(r->at, t, sizeof(t))) == NULL ||
	    add_actor(h, e, r->actor) == -1 ||
	    xml_add(e, "detail", r->detail) == NULL)
		return -1;
	return 0;
}

/* 1 if the order still holds its certificate (CA管理 shows 补办中). */
static int
order_open(const struct order *o, const char *shown)
{
	if (strcmp(shown, "unpaid") == 0)
		return 1;
	return o->pay == ORDER_PAY_PAID &&
	    o->delivery != ORDER_DELIVERY_PICKED_UP &&
	    o->delivery != ORDER_DELIVERY_DELIVERED;
}

static int
add_platform(void *arg, long long id, const char *name)
{
	xmlNodePtr	 e;

	if ((e = xml_add(arg, "platform", name)) == NULL ||
	    xml_attr_int(e, "id", id) == -1)
		return -1;
	return 0;
}

/*
 * Adds the certificate being replaced (certs_xml, full, with its linked
 * platforms).  It is looked up in the order's own company (or, for a
 * personal order, among the buyer's certificates): the order is in the
 * caller's scope, so its certificate may be shown.  0 / -1.
 */
static int
add_cert(struct ctx *c, xmlNodePtr parent, const struct order *o,
    const char *shown, long long now)
{
	struct appdb_cert_scope	 cs;
	struct appdb_cert_row	 r;
	xmlNodePtr		 e, pl;
	int			 k;

	if (o->cert == 0)
		return 0;
	cs.company = o->company;
	cs.holder = o->company != 0 ? 0 : o->person;
	if ((k = appdb_cert_find(c->db, &cs, o->cert, &r)) != 1)
		return k;
	if ((e = certs_xml(parent, &r, now, 1)) == NULL)
		return -1;
	if (strcmp(certs_state(&r, now), "valid") == 0 &&
	    order_open(o, shown) && (xml_attr(e, "status", "reissuing") ==
	    -1 || xml_attr(e, "active", "0") == -1))
		return -1;
	if ((pl = xml_add(e, "platforms", NULL)) == NULL ||
	    appdb_cert_links(c->db, r.id, 1, add_platform, pl) == -1)
		return -1;
	return 0;
}

/*
 * The state 发票管理 shows for an invoice request of an order whose
 * payment shows as pay: "awaiting_payment" (待支付), "cancelled" (已取消),
 * "requested" (待开具) or "issued" (已开具).
 */
static const char *
invoice_shown(const char *pay, const char *state)
{
	if (strcmp(pay, "unpaid") == 0)
		return "awaiting_payment";
	if (strcmp(pay, "paid") != 0)
		return "cancelled";
	return strcmp(state, "issued") == 0 ? "issued" : "requested";
}

static int
add_invoice(struct ctx *c, xmlNodePtr parent, long long order,
    const char *shown)
{
	struct appdb_invoice_row v;
	xmlNodePtr		 e;
	int			 k;

	if ((k = appdb_invoice_get(c->db, order, &v)) != 1)
		return k;
	if ((e = xml_add(parent, "invoice", NULL)) == NULL ||
	    xml_attr(e, "kind", v.kind) == -1 ||
	    xml_attr(e, "title_type", "company") == -1 ||
	    xml_attr(e, "state", invoice_shown(shown, v.state)) == -1 ||
	    xml_add(e, "title", v.title) == NULL ||
	    xml_add(e, "tax_id", v.tax_id) == NULL ||
	    xml_add(e, "address", v.address) == NULL ||
	    xml_add(e, "phone", v.phone) == NULL ||
	    xml_add(e, "bank", v.bank) == NULL ||
	    xml_add(e, "bank_account", v.bank_account) == NULL ||
	    xmlval_time(e, "created", v.created_at) == -1 ||
	    xml_attr(e, "file", v.upload != 0 ? "1" : "0") == -1 ||
	    xml_add(e, "invoice_no", v.invoice_no) == NULL ||
	    xml_add(e, "tracking_no", v.tracking_no) == NULL)
		return -1;
	return 0;
}

static int
add_payment(struct ctx *c, xmlNodePtr parent, long long order)
{
	struct appdb_payment	 p;
	xmlNodePtr		 e;
	int			 k;

	if ((k = appdb_payment_get(c->db, order, &p)) != 1)
		return k;
	if ((e = xml_add(parent, "payment", NULL)) == NULL ||
	    xml_attr(e, "provider", p.provider) == -1 ||
	    xml_attr(e, "state", p.state) == -1 ||
	    xml_add(e, "trade_no", p.trade_no) == NULL ||
	    xmlval_time(e, "started", p.started_at) == -1 ||
	    xmlval_time(e, "paid", p.paid_at) == -1)
		return -1;
	return 0;
}

xmlNodePtr
orders_order_xml(struct ctx *c, xmlNodePtr parent, const struct order *o,
    const struct appdb_order_info *info, int buyer)
{
	struct history	 h;
	xmlNodePtr	 e, x;
	long long	 now = (long long)time(NULL);
	const char	*shown = pay_shown(order_pay_code(o->pay),
			    o->created_at, now);

	if ((e = xml_add(parent, "order", NULL)) == NULL ||
	    xml_attr_int(e, "id", o->id) == -1 ||
	    xml_attr(e, "kind", order_kind_code(o->kind)) == -1 ||
	    xml_attr(e, "pay", shown) == -1 ||
	    xml_attr(e, "review", order_review_code(o->review)) == -1 ||
	    xml_attr(e, "delivery", order_delivery_code(o->delivery)) == -1 ||
	    xml_attr(e, "method", order_method_code(o->method)) == -1 ||
	    add_actions(e, buyer ? shown : "") == -1 ||
	    xml_add(e, "no", o->order_no) == NULL ||
	    xmlval_time(e, "created", o->created_at) == -1 ||
	    xmlval_time(e, "updated", o->updated_at) == -1 ||
	    xmlval_time(e, "paid", o->paid_at) == -1 ||
	    xml_add(e, "buyer", info->buyer) == NULL ||
	    xml_add(e, "company", info->company_name) == NULL ||
	    xml_add(e, "uscc", info->uscc) == NULL ||
	    xml_add_int(e, "quantity", o->quantity) == NULL ||
	    xmlval_amount(e, o->amount_fen) == -1)
		return NULL;
	if (o->reason != ORDER_REASON_NONE &&
	    ((x = xml_add(e, "reason", o->reason_text)) == NULL ||
	    xml_attr(x, "code", order_reason_code(o->reason)) == -1))
		return NULL;
	if (add_cert(c, e, o, shown, now) == -1)
		return NULL;
	if (info->statement_upload != 0 &&
	    ((x = xml_add(e, "statement", info->statement_name)) == NULL ||
	    xml_attr_int(x, "id", info->statement_upload) == -1))
		return NULL;
	if (o->method != ORDER_METHOD_NONE) {
		if ((x = xml_add(e, "pickup", NULL)) == NULL ||
		    xml_attr(x, "method", order_method_code(o->method)) == -1)
			return NULL;
		if (o->method == ORDER_METHOD_ONSITE &&
		    (xml_add(x, "office", info->office_name) == NULL ||
		    xml_add(x, "address", info->office_address) == NULL))
			return NULL;
		if (o->method == ORDER_METHOD_MAIL &&
		    xml_add(x, "address", o->ship_address) == NULL)
			return NULL;
	}
	if (o->tracking_no[0] != '\0' &&
	    xml_add(e, "tracking_no", o->tracking_no) == NULL)
		return NULL;
	if (o->review == ORDER_REVIEW_REJECTED &&
	    xml_add(e, "reject_reason", o->reject_reason) == NULL)
		return NULL;
	if (add_invoice(c, e, o->id, shown) == -1 ||
	    add_payment(c, e, o->id) == -1)
		return NULL;
	h.db = c->db;
	h.buyer = o->person;
	h.buyer_name = info->buyer;
	if ((h.parent = xml_add(e, "history", NULL)) == NULL ||
	    order_events(c->db, o->id, history_row, &h) == -1)
		return NULL;
	return e;
}

int
orders_view(struct ctx *c)
{
	static const char *const view_notices[] = { "paid", "cancelled",
	    "not_cancellable", "paying", NULL };
	struct appdb_order_scope s = orders_scope(c);
	struct appdb_order_info	 info;
	struct order		 o;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, e;
	const char		*notice = req_query(c->req, "notice");
	long long		 id;
	size_t			 i;
	int			 k;

	if (!form_id(req_query(c->req, "id"), &id))
		return page_error(c, 404);
	if ((k = appdb_order_find(c->db, &s, id, &info)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if ((k = order_get(c->db, id, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);

	if ((doc = centre_doc(c, "order-view", CENTRE_ORDERS, &root)) == NULL)
		return -1;
	/* What the payment pages sent us back to say (fcgi/checkout.c). */
	for (i = 0; view_notices[i] != NULL; i++)
		if (notice != NULL && strcmp(notice, view_notices[i]) == 0 &&
		    xml_add(root, "notice", view_notices[i]) == NULL) {
			xmlFreeDoc(doc);
			return -1;
		}
	if ((e = orders_order_xml(c, root, &o, &info, 1)) == NULL)
		goto fail;
	/* The 领取码 while it can be used (待领取), for 现场领取. */
	if (o.delivery == ORDER_DELIVERY_READY && c->conf->has_app_key) {
		char	 code[PICKUP_CODE_LEN + 1];

		if (pickup_code(c->conf->app_key, o.order_no, code) == -1 ||
		    xml_add(e, "pickup_code", code) == NULL) {
			OPENSSL_cleanse(code, sizeof(code));
			goto fail;
		}
		OPENSSL_cleanse(code, sizeof(code));
	}
	return page_render(c, 200, SHEET_ORDER_VIEW, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

/* ---- 发票管理 ---- */

struct invlist {
	xmlNodePtr	 parent;
	long long	 now;
};

static int
invoice_row(void *arg, const struct appdb_invoice_item *it)
{
	struct invlist	*l = arg;
	xmlNodePtr	 e;
	const char	*shown = pay_shown(it->pay, it->order_created_at,
			    l->now);

	if ((e = xml_add(l->parent, "invoice", NULL)) == NULL ||
	    xml_attr_int(e, "order", it->order) == -1 ||
	    xml_attr(e, "kind", it->kind) == -1 ||
	    xml_attr(e, "title_type", it->title_type) == -1 ||
	    xml_attr(e, "state", invoice_shown(shown, it->state)) == -1 ||
	    xml_add(e, "no", it->order_no) == NULL ||
	    xml_add(e, "title", it->title) == NULL ||
	    xml_add(e, "tax_id", it->tax_id) == NULL ||
	    xmlval_amount(e, it->amount_fen) == -1 ||
	    xmlval_time(e, "created", it->created_at) == -1 ||
	    xml_attr(e, "file", it->has_file ? "1" : "0") == -1 ||
	    xml_add(e, "invoice_no", it->invoice_no) == NULL ||
	    xml_add(e, "tracking_no", it->tracking_no) == NULL)
		return -1;
	return 0;
}

int
orders_invoice_file(struct ctx *c)
{
	struct appdb_order_scope s = orders_scope(c);
	struct appdb_order_info	 info;
	struct appdb_invoice_row v;
	struct appdb_upload	 u;
	struct order		 o;
	long long		 id;
	char			 stem[48];
	int			 k;

	if (!form_id(req_query(c->req, "id"), &id))
		return page_error(c, 404);
	if ((k = appdb_order_find(c->db, &s, id, &info)) != 1 ||
	    (k = appdb_invoice_get(c->db, id, &v)) != 1 || v.upload == 0 ||
	    (k = appdb_upload_get(c->db, v.upload, &u)) != 1 ||
	    (k = order_get(c->db, id, &o)) != 1)
		return k == -1 ? -1 : page_error(c, 404);
	snprintf(stem, sizeof(stem), "fapiao-%s", o.order_no);
	return upload_serve_as(c, &u, "attachment", stem);
}

int
orders_invoices(struct ctx *c)
{
	struct appdb_order_scope s = orders_scope(c);
	struct listq		 lq;
	struct invlist		 l;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, ie;
	long long		 total;

	listq_parse(c->req, &lq);
	lq.q[0] = '\0';
	lq.q_bad = 0;
	if ((total = appdb_invoice_count(c->db, &s)) == -1)
		return -1;
	listq_clamp(&lq, total);
	if ((doc = centre_doc(c, "invoices", CENTRE_INVOICES, &root)) == NULL)
		return -1;
	if ((ie = xml_add(root, "invoices", NULL)) == NULL ||
	    listq_pager(ie, &lq, total) == NULL)
		goto fail;
	l.parent = ie;
	l.now = (long long)time(NULL);
	if (appdb_invoice_page(c->db, &s, lq.size, listq_offset(&lq),
	    invoice_row, &l) == -1)
		goto fail;
	return page_render(c, 200, SHEET_INVOICES, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}
