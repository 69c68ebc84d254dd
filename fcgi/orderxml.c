/*
 * orderxml.c: see orderxml.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/certrow.h"
#include "fcgi/form.h"
#include "fcgi/listq.h"
#include "fcgi/order.h"
#include "fcgi/orderxml.h"
#include "fcgi/pickup.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/upload.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/log.h"

struct appdb_order_scope
orderxml_scope(const struct ctx *c)
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
const char *
orderxml_pay_shown(const char *pay, long long created_at, long long now)
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
int
orderxml_actions(xmlNodePtr e, const char *shown)
{
	int	 open = strcmp(shown, "unpaid") == 0;

	if (xml_attr(e, "payable", open ? "1" : "0") == -1 ||
	    xml_attr(e, "cancellable", open ? "1" : "0") == -1)
		return -1;
	return 0;
}


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
 * Adds the certificate being replaced (certrow_xml, full, with its linked
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
	if ((e = certrow_xml(parent, &r, now, 1)) == NULL)
		return -1;
	if (strcmp(certrow_state(&r, now), "valid") == 0 &&
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
const char *
orderxml_invoice_shown(const char *pay, const char *state)
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
	    xml_attr(e, "state", orderxml_invoice_shown(shown, v.state)) == -1 ||
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
orderxml_order(struct ctx *c, xmlNodePtr parent, const struct order *o,
    const struct appdb_order_info *info, int buyer)
{
	struct history	 h;
	xmlNodePtr	 e, x;
	long long	 now = (long long)time(NULL);
	const char	*shown = orderxml_pay_shown(order_pay_code(o->pay),
			    o->created_at, now);

	if ((e = xml_add(parent, "order", NULL)) == NULL ||
	    xml_attr_int(e, "id", o->id) == -1 ||
	    xml_attr(e, "kind", order_kind_code(o->kind)) == -1 ||
	    xml_attr(e, "pay", shown) == -1 ||
	    xml_attr(e, "review", order_review_code(o->review)) == -1 ||
	    xml_attr(e, "delivery", order_delivery_code(o->delivery)) == -1 ||
	    xml_attr(e, "method", order_method_code(o->method)) == -1 ||
	    orderxml_actions(e, buyer ? shown : "") == -1 ||
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
