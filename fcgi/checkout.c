/*
 * checkout.c: 支付 (see checkout.h).
 *
 * Invariants:
 * - An order is found only through the identity's order scope
 *   (orderxml_scope(), the one 订单管理 uses); outside it, 404.
 * - The payment page's fields arrive checked and typed by the key table
 *   (param.h); the rules between them (an invoice's fields only when one
 *   is wanted, a 专票's that may not be empty) are applied here into
 *   struct order_checkout, which fcgi/order.c stores in one
 *   transaction.  A bad field re-renders the page with every value kept
 *   and a Chinese message per field.
 * - Until the person picks one, the 办理点 offered is the office in the
 *   city the company was registered in (its 统一社会信用代码), if any.
 * - Nothing but a notification that paymsg_verify() accepted with the
 *   provider's key, for our app id, naming one of our orders with the
 *   right amount, marks an order paid (order_paid()).  The browser's
 *   return from the cashier only reads.
 * - Every refused notification is logged with why, and changes nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/checkout.h"
#include "fcgi/order.h"
#include "fcgi/orderxml.h"
#include "fcgi/param.h"
#include "fcgi/pay.h"
#include "fcgi/paygate.h"
#include "fcgi/paymsg.h"
#include "fcgi/session.h"
#include "fcgi/uscc.h"
#include "fcgi/xml.h"
#include "lib/log.h"

/* The payment page's fields, in form order. */
enum cf {
	F_INVOICE,	/* yes 开具 | no 不开具 */
	F_KIND,		/* e_normal 电子普票 | paper_special 纸质专票 */
	F_TITLE,	/* 单位名称 */
	F_TAX_ID,	/* 纳税人识别号 */
	F_ADDRESS,	/* 地址 */
	F_PHONE,	/* 电话 */
	F_BANK,		/* 开户行 */
	F_ACCOUNT,	/* 开户行账号 */
	F_METHOD,	/* mail 邮寄(顺丰到付) | onsite 现场领取 */
	F_OFFICE,	/* 办理点 code */
	F_SHIP,		/* 收货地址 */
	F__MAX
};

/* The elements of the page's XML. */
static const char *const cf_names[F__MAX] = {
	"invoice", "invoice_kind", "title", "tax_id", "address", "phone",
	"bank", "bank_account", "method", "office", "ship_address",
};

/* The keys the form sends them as. */
static const enum param_key cf_keys[F__MAX] = {
	KEY_INVOICE,		/* F_INVOICE */
	KEY_INVOICE_KIND,	/* F_KIND */
	KEY_TITLE,		/* F_TITLE */
	KEY_TAX_ID,		/* F_TAX_ID */
	KEY_ADDRESS,		/* F_ADDRESS */
	KEY_PHONE,		/* F_PHONE */
	KEY_BANK,		/* F_BANK */
	KEY_BANK_ACCOUNT,	/* F_ACCOUNT */
	KEY_METHOD,		/* F_METHOD */
	KEY_OFFICE,		/* F_OFFICE */
	KEY_SHIP_ADDRESS,	/* F_SHIP */
};

/* The order id in scope: 1 (fills *o), 0 not found or not in scope, -1
 * error. */
static int
find_order(struct ctx *c, long long id, struct order *o)
{
	struct appdb_order_scope	 s = orderxml_scope(c);
	struct appdb_order_info		 info;
	int				 k;

	if ((k = appdb_order_find(c->db, &s, id, &info)) != 1)
		return k;
	return order_get(c->db, id, o);
}

/* The order of the request's KEY_ID in scope: as find_order(), 0 also
 * for a missing or bad id. */
static int
order_of_request(struct ctx *c, struct order *o)
{
	long long	 id;

	if (!param_int(c->in, KEY_ID, &id))
		return 0;
	return find_order(c, id, o);
}

static int
view_redirect(struct ctx *c, long long id, const char *notice)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/orders/view?id=%lld%s%s", id,
	    notice != NULL ? "&notice=" : "", notice != NULL ? notice : "");
	return page_redirect(c, to);
}

/* ---- the payment page ------------------------------------------------- */

/*
 * The offices, one marked chosen: the code the form sent (chosen), else
 * the order's office (chosen_id), else the first whose address names the
 * city (the company's, "大连市"; NULL: none known), else none (the page
 * then shows the first).
 */
struct office_pass {
	xmlNodePtr	 parent;
	const char	*chosen;	/* code */
	long long	 chosen_id;
	const char	*city;
	int		 marked;
};

static int
add_office(void *arg, const struct appdb_office *o)
{
	struct office_pass	*p = arg;
	xmlNodePtr		 e;

	if ((e = xml_add(p->parent, "office", NULL)) == NULL ||
	    xml_attr(e, "code", o->code) == -1 ||
	    xml_add(e, "name", o->name) == NULL ||
	    xml_add(e, "address", o->address) == NULL)
		return -1;
	if (p->marked)
		return 0;
	if ((p->chosen != NULL && strcmp(p->chosen, o->code) == 0) ||
	    (p->chosen == NULL && p->chosen_id == o->id) ||
	    (p->chosen == NULL && p->chosen_id == 0 && p->city != NULL &&
	    strstr(o->address, p->city) != NULL)) {
		p->marked = 1;
		return xml_attr(e, "chosen", "1");
	}
	return 0;
}

/* Finds an office id by code. */
struct office_find {
	const char	*code;
	long long	 id;
	char		 first[33];
};

static int
find_office(void *arg, const struct appdb_office *o)
{
	struct office_find	*f = arg;

	if (f->first[0] == '\0')
		snprintf(f->first, sizeof(f->first), "%s", o->code);
	if (f->code != NULL && strcmp(f->code, o->code) == 0)
		f->id = o->id;
	return 0;
}

/*
 * Renders the payment page of o with the values v (NULL: what is stored,
 * else the company's invoice header), bad[] marking refused fields, and
 * an optional notice code.
 */
static int
pay_page(struct ctx *c, int status, const struct order *o,
    const char *const *v, const int *bad, const char *notice)
{
	struct appdb_invoice_row	 inv;
	struct appdb_company_rec	 co;
	struct office_pass		 op;
	const char			*val[F__MAX];
	xmlDocPtr			 doc;
	xmlNodePtr			 root, w, e, f;
	char				 money[32];
	int				 i, k, hasinv = 0;

	memset(val, 0, sizeof(val));
	memset(&co, 0, sizeof(co));
	if (v != NULL)
		memcpy(val, v, sizeof(val));
	else {
		if ((hasinv = appdb_invoice_get(c->db, o->id, &inv)) == -1)
			return -1;
		if (hasinv == 1) {
			val[F_INVOICE] = "yes";
			val[F_KIND] = inv.kind;
			val[F_TITLE] = inv.title;
			val[F_TAX_ID] = inv.tax_id;
			val[F_ADDRESS] = inv.address;
			val[F_PHONE] = inv.phone;
			val[F_BANK] = inv.bank;
			val[F_ACCOUNT] = inv.bank_account;
		} else if (o->company != 0) {
			if ((k = appdb_company_get(c->db, o->company, &co)) ==
			    -1)
				return -1;
			val[F_TITLE] = co.name;
			val[F_TAX_ID] = co.uscc;
			val[F_ADDRESS] = co.address;
			val[F_PHONE] = co.phone;
			val[F_BANK] = co.bank;
			val[F_ACCOUNT] = co.bank_account;
		}
		/* A payment started without an invoice chose 不开具. */
		if (hasinv == 0 && o->method != ORDER_METHOD_NONE)
			val[F_INVOICE] = "no";
		val[F_METHOD] = order_method_code(o->method);
		val[F_SHIP] = o->ship_address;
	}
	/* No office chosen yet: the one in the company's city, if any. */
	memset(&op, 0, sizeof(op));
	if (v == NULL && o->office == 0 && o->company != 0) {
		if (co.uscc[0] == '\0' && appdb_company_get(c->db, o->company,
		    &co) == -1)
			return -1;
		op.city = uscc_city(co.uscc);
	}
	paymsg_yuan(o->amount_fen, money, sizeof(money));
	if ((doc = centre_doc(c, "checkout", CENTRE_ORDERS, &root)) == NULL)
		return -1;
	if ((w = xml_add(root, "checkout", NULL)) == NULL ||
	    xml_attr_int(w, "order", o->id) == -1 ||
	    xml_attr(w, "online", paygate_provider(c->conf) != NULL ?
	    "1" : "0") == -1 ||
	    xml_add(w, "order_no", o->order_no) == NULL ||
	    xml_add(w, "kind", order_kind_code(o->kind)) == NULL ||
	    (e = xml_add(w, "amount", money)) == NULL ||
	    xml_attr_int(e, "fen", o->amount_fen) == -1 ||
	    (notice != NULL && xml_add(w, "notice", notice) == NULL) ||
	    (f = xml_add(w, "fields", NULL)) == NULL)
		goto fail;
	for (i = 0; i < F__MAX; i++) {
		if (i == F_OFFICE)
			continue;
		if ((e = xml_add(f, cf_names[i], val[i] != NULL &&
		    xml_text_ok(val[i]) && strlen(val[i]) < 2048 ? val[i] :
		    "")) == NULL ||
		    (bad != NULL && bad[i] && xml_attr(e, "bad", "1") == -1))
			goto fail;
	}
	if ((e = xml_add(w, "offices", NULL)) == NULL ||
	    (bad != NULL && bad[F_OFFICE] && xml_attr(e, "bad", "1") == -1))
		goto fail;
	op.parent = e;
	op.chosen = v != NULL ? val[F_OFFICE] : NULL;
	op.chosen_id = o->office;
	if (appdb_offices(c->db, add_office, &op) == -1)
		goto fail;
	return page_render(c, status, SHEET_CHECKOUT, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
checkout_form(struct ctx *c)
{
	struct order	 o;
	int		 k;

	if ((k = order_of_request(c, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (order_expire_unpaid(c->db, (long long)time(NULL)) == -1)
		return -1;
	if (order_get(c->db, o.id, &o) != 1)
		return -1;
	if (o.pay != ORDER_PAY_UNPAID)
		return view_redirect(c, o.id, NULL);
	return pay_page(c, 200, &o, NULL, NULL, NULL);
}

int
checkout(struct ctx *c)
{
	const struct pay_provider	*pp = paygate_provider(c->conf);
	struct order_invoice		 inv;
	struct order_checkout		 ck;
	struct office_find		 of;
	struct pay_trade		 t;
	struct order			 o;
	const char			*raw[F__MAX], *val[F__MAX];
	char				 actor[48], url[256], notify[600];
	char				 back[96];
	int				 bad[F__MAX], i, k, nbad = 0, want;
	int				 special, method;

	if ((k = order_of_request(c, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (order_expire_unpaid(c->db, (long long)time(NULL)) == -1 ||
	    order_get(c->db, o.id, &o) != 1)
		return -1;
	if (o.pay != ORDER_PAY_UNPAID)
		return view_redirect(c, o.id, NULL);
	for (i = 0; i < F__MAX; i++) {
		/* As typed, to fill the form again; the checked values. */
		raw[i] = param_keep(c->in, cf_keys[i]);
		val[i] = param_text(c->in, cf_keys[i]);
		bad[i] = 0;
	}
	want = param_enum(c->in, KEY_INVOICE) == PARAM_INVOICE_YES;
	bad[F_INVOICE] = param_enum(c->in, KEY_INVOICE) == -1;
	special = param_enum(c->in, KEY_INVOICE_KIND) ==
	    PARAM_INVOICE_PAPER_SPECIAL;
	if (want) {
		bad[F_KIND] = param_enum(c->in, KEY_INVOICE_KIND) == -1;
		bad[F_TITLE] = val[F_TITLE] == NULL;
		bad[F_TAX_ID] = val[F_TAX_ID] == NULL;
		/* A 专票 needs the address, telephone and bank too. */
		for (i = F_ADDRESS; i <= F_ACCOUNT; i++)
			bad[i] = val[i] == NULL || (special && *val[i] == '\0');
	}
	memset(&ck, 0, sizeof(ck));
	memset(&of, 0, sizeof(of));
	method = param_enum(c->in, KEY_METHOD);
	if (method == ORDER_METHOD_ONSITE) {
		ck.method = ORDER_METHOD_ONSITE;
		of.code = val[F_OFFICE];
		if (appdb_offices(c->db, find_office, &of) == -1)
			return -1;
		bad[F_OFFICE] = of.id == 0;
		ck.office = of.id;
	} else if (method == ORDER_METHOD_MAIL) {
		ck.method = ORDER_METHOD_MAIL;
		bad[F_SHIP] = val[F_SHIP] == NULL;
		ck.address = val[F_SHIP];
	} else
		bad[F_METHOD] = 1;
	for (i = 0; i < F__MAX; i++)
		nbad += bad[i];
	if (nbad > 0)
		return pay_page(c, 400, &o, raw, bad, NULL);
	if (pp == NULL)
		return pay_page(c, 503, &o, raw, NULL, "offline");

	memset(&inv, 0, sizeof(inv));
	inv.paper_special = special;
	inv.title = val[F_TITLE];
	inv.tax_id = val[F_TAX_ID];
	inv.address = val[F_ADDRESS];
	inv.phone = val[F_PHONE];
	inv.bank = val[F_BANK];
	inv.bank_account = val[F_ACCOUNT];
	ck.invoice = want ? &inv : NULL;
	ck.provider = pp->name;
	snprintf(actor, sizeof(actor), "person:%lld", c->sess->person);
	if ((k = order_checkout(c->db, o.id, &ck, actor)) == -1)
		return -1;
	if (k == 1) {
		if (order_get(c->db, o.id, &o) != 1)
			return -1;
		if (o.pay != ORDER_PAY_UNPAID)
			return view_redirect(c, o.id, NULL);
		return pay_page(c, 409, &o, raw, NULL, "refused");
	}
	snprintf(notify, sizeof(notify), "%s/pay/notify",
	    c->conf->base_url != NULL ? c->conf->base_url : "");
	snprintf(back, sizeof(back), "/pay/return?no=%s", o.order_no);
	memset(&t, 0, sizeof(t));
	t.out_trade_no = o.order_no;
	t.subject = o.kind == ORDER_KIND_CA_REISSUE ? "CA补办" : "订单";
	t.amount_fen = o.amount_fen;
	t.expires_at = o.created_at + ORDER_PAY_WINDOW;
	t.notify_url = notify;
	t.return_path = back;
	if ((k = pp->open(&t, url, sizeof(url))) == -1)
		return -1;
	if (k == 1)
		/* Paid or closed at the gateway: the notification or the
		 * 24-hour close will tell; show where things stand. */
		return page_redirect(c, back);
	log_info("checkout: %s: to the %s cashier", o.order_no, pp->name);
	return page_redirect(c, url);
}

/* ---- cancel ----------------------------------------------------------- */

int
checkout_cancel(struct ctx *c)
{
	const struct pay_provider	*pp = paygate_provider(c->conf);
	struct appdb_payment		 pay;
	struct order			 o;
	char				 actor[48];
	int				 k, changed;

	if ((k = order_of_request(c, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (order_check(&o, ORDER_CANCEL, (long long)time(NULL)) !=
	    ORDER_LEGAL)
		return view_redirect(c, o.id, o.pay == ORDER_PAY_CANCELLED ?
		    "cancelled" : "not_cancellable");
	if ((k = appdb_payment_get(c->db, o.id, &pay)) == -1)
		return -1;
	/* Close the trade first, so that it cannot be paid after. */
	if (k == 1 && strcmp(pay.state, "started") == 0) {
		if (pp == NULL || strcmp(pay.provider, pp->name) != 0) {
			log_err("checkout_cancel: %s: provider %s is not "
			    "configured", o.order_no, pay.provider);
			return -1;
		}
		if ((k = pp->close(o.order_no)) == -1)
			return -1;
		if (k == 1)
			return view_redirect(c, o.id, "paying");
	}
	snprintf(actor, sizeof(actor), "person:%lld", c->sess->person);
	if ((k = order_apply(c->db, o.id, ORDER_CANCEL, actor, NULL,
	    &changed)) == -1)
		return -1;
	return view_redirect(c, o.id, k == 0 ? "cancelled" :
	    "not_cancellable");
}

/* ---- back from the cashier -------------------------------------------- */

int
checkout_return(struct ctx *c)
{
	struct order	 o;
	const char	*no = param_text(c->in, KEY_NO);
	xmlDocPtr	 doc;
	xmlNodePtr	 root, w;
	long long	 id;

	if (no == NULL)
		return page_error(c, 404);
	if ((id = appdb_order_by_no(c->db, no)) == -1)
		return -1;
	if (id == 0)
		return page_error(c, 404);
	switch (find_order(c, id, &o)) {
	case -1:
		return -1;
	case 0:
		return page_error(c, 404);
	}
	if (o.pay == ORDER_PAY_PAID)
		return view_redirect(c, o.id, "paid");
	if ((doc = centre_doc(c, "pay-return", CENTRE_ORDERS, &root)) == NULL)
		return -1;
	if ((w = xml_add(root, "payreturn", NULL)) == NULL ||
	    xml_attr_int(w, "order", o.id) == -1 ||
	    xml_attr(w, "pay", order_pay_code(o.pay)) == -1 ||
	    xml_add(w, "order_no", o.order_no) == NULL ||
	    xml_add(w, "again", no) == NULL) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_PAY_RETURN, doc);
}

/* ---- the gateway's notification ------------------------------------------ */

static int
reply(struct ctx *c, int status, const char *text)
{
	return page_text(c, status, text);
}

int
checkout_notify(struct ctx *c)
{
	const struct pay_provider	*pp = paygate_provider(c->conf);
	static struct paymsg		 m;
	struct paymsg_notice		 n;
	EVP_PKEY			*key;
	const char			*why, *no;
	long long			 id;
	int				 k, changed;

	if (pp == NULL)
		return page_error(c, 404);
	if (paymsg_from_req(&m, c->req) == -1) {
		log_warn("pay_notify: refused from %s: malformed parameters",
		    c->req->remote_addr);
		return reply(c, 400, "fail");
	}
	no = paymsg_get(&m, "out_trade_no");
	if ((key = pp->notify_key()) == NULL)
		return -1;
	if ((k = paymsg_verify(&m, key)) == -1)
		return -1;
	if (k == 0) {
		log_warn("pay_notify: refused from %s: bad signature "
		    "(out_trade_no %s): forged or altered",
		    c->req->remote_addr, no != NULL && xml_text_ok(no) &&
		    strlen(no) <= 32 ? no : "?");
		return reply(c, 400, "fail");
	}
	if (paymsg_notice(&m, &n, &why) == -1) {
		log_warn("pay_notify: refused: signed but malformed %s", why);
		return reply(c, 400, "fail");
	}
	if (strcmp(n.app_id, pp->app_id) != 0) {
		log_warn("pay_notify: refused: %s: for app %s, not ours",
		    n.out_trade_no, n.app_id);
		return reply(c, 400, "fail");
	}
	if (n.status == PAYMSG_TRADE_CLOSED) {
		log_info("pay_notify: %s: closed at the gateway, unpaid",
		    n.out_trade_no);
		return reply(c, 200, "success");
	}
	if ((id = appdb_order_by_no(c->db, n.out_trade_no)) == -1)
		return -1;
	if (id == 0) {
		log_warn("pay_notify: refused: %s: no such order",
		    n.out_trade_no);
		return reply(c, 400, "fail");
	}
	if ((k = order_paid(c->db, id, pp->name, n.trade_no, n.amount_fen,
	    &changed)) == -1)
		return -1;
	if (k == 1) {
		log_warn("pay_notify: refused: %s: trade %s, %lld fen: "
		    "not applied (see order_paid above)", n.out_trade_no,
		    n.trade_no, n.amount_fen);
		return reply(c, 400, "fail");
	}
	if (changed)
		log_info("pay_notify: %s paid: trade %s, %lld fen, notify %s",
		    n.out_trade_no, n.trade_no, n.amount_fen, n.notify_id);
	else
		log_info("pay_notify: %s: notification %s again: already "
		    "paid, nothing changed", n.out_trade_no, n.notify_id);
	return reply(c, 200, "success");
}
