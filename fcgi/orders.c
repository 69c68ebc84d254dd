/*
 * orders.c: 订单管理 (/orders, /orders/view) and 发票管理 (/invoices) of
 * the personal centre.  Read-only pages: nothing here changes an order.
 *
 * Rules kept here:
 * - Which orders exist for the caller is decided by one scope built from
 *   the chosen identity (orderxml_scope), as CA管理 does for certificates: a
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
#include "fcgi/centreframe.h"
#include "fcgi/certrow.h"
#include "fcgi/listq.h"
#include "fcgi/order.h"
#include "fcgi/orders.h"
#include "fcgi/orderxml.h"
#include "fcgi/param.h"
#include "fcgi/pickup.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/upload.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/log.h"

/* ---- 订单管理: the list ---- */

struct orderlist {
	xmlNodePtr	 parent;
	long long	 now;
};

static int
list_row(void *arg, const struct appdb_order_item *it)
{
	struct orderlist	*l = arg;
	const char		*shown = orderxml_pay_shown(it->pay, it->created_at,
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
	    orderxml_actions(e, shown) == -1 ||
	    xml_add(e, "no", it->order_no) == NULL ||
	    xmlval_time(e, "created", it->created_at) == -1 ||
	    xml_add(e, "buyer", it->buyer) == NULL ||
	    xml_add(e, "holder", it->holder) == NULL ||
	    xmlval_amount(e, it->amount_fen) == -1)
		return -1;
	return 0;
}

/* The kind of the query's KEY_KIND, ORDER_KIND_CA_REISSUE if absent or
 * not a kind. */
static enum order_kind
kind_of(const struct ctx *c)
{
	int	 k = param_enum(c->in, KEY_KIND);

	return k >= 0 ? (enum order_kind)k : ORDER_KIND_CA_REISSUE;
}

int
orders_list(struct ctx *c)
{
	struct appdb_order_scope s = orderxml_scope(c);
	enum order_kind		 kind = kind_of(c);
	const char		*code = order_kind_code(kind);
	struct listq		 lq;
	struct orderlist	 l;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, oe, te;
	long long		 total = 0, n;
	int			 i;

	listq_parse(c->in, &lq);
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

int
orders_view(struct ctx *c)
{
	static const char *const view_notices[] = { "paid", "cancelled",
	    "not_cancellable", "paying", NULL };
	struct appdb_order_scope s = orderxml_scope(c);
	struct appdb_order_info	 info;
	struct order		 o;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, e;
	const char		*notice = param_text(c->in, KEY_NOTICE);
	long long		 id;
	size_t			 i;
	int			 k;

	if (!param_int(c->in, KEY_ID, &id))
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
	if ((e = orderxml_order(c, root, &o, &info, 1)) == NULL)
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
	const char	*shown = orderxml_pay_shown(it->pay, it->order_created_at,
			    l->now);

	if ((e = xml_add(l->parent, "invoice", NULL)) == NULL ||
	    xml_attr_int(e, "order", it->order) == -1 ||
	    xml_attr(e, "kind", it->kind) == -1 ||
	    xml_attr(e, "title_type", it->title_type) == -1 ||
	    xml_attr(e, "state", orderxml_invoice_shown(shown, it->state)) == -1 ||
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
	struct appdb_order_scope s = orderxml_scope(c);
	struct appdb_order_info	 info;
	struct appdb_invoice_row v;
	struct appdb_upload	 u;
	struct order		 o;
	long long		 id;
	char			 stem[48];
	int			 k;

	if (!param_int(c->in, KEY_ID, &id))
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
	struct appdb_order_scope s = orderxml_scope(c);
	struct listq		 lq;
	struct invlist		 l;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, ie;
	long long		 total;

	listq_parse(c->in, &lq);
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
