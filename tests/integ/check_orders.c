/*
 * check_orders.c: integration tests of 订单管理 (/orders, /orders/view)
 * and 发票管理 (/invoices) through real nginx, workers and signing daemon
 * on free ports (tests/integ/stack.c), from the applicant's side.
 *
 * Orders come from two places: one through the real CA补办 wizard
 * (step 2 upload, 订单确认), the others through the order module itself
 * (fcgi/order.c: order_create, order_apply, order_set_pickup) and the
 * app database's invoice and payment calls, linked into this suite and
 * run on the stack's own database.  That puts orders in states whose
 * pages (payment, operators) are not what is tested here: paid, rejected,
 * shipped, cancelled, with invoice requests.
 *
 * Each client is one person acting as one identity, with its own cookie
 * jar and loopback address (127.0.0.(80+n)).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "fcgi/appdb.h"
#include "fcgi/order.h"
#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define USCC_A		DEMO_USCC_A
#define USCC_B		DEMO_USCC_B
#define NAME_A		"辽宁演示建设工程有限公司"
#define NAME_B		"大连演示招标代理有限公司"
#define GOODS		12	/* 商品订单 of company A, for the pager */
#define TH(s)		"<th scope=\"col\">" s "</th>"	/* a column header */

enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A */
	C_A_LEAD,	/* 13900000002 李演示, 项目负责人 of A */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B */
	C_PERSONAL,	/* 13900000005 孙演示, 个人 */
	C_SUN_A,	/* 13900000005 孙演示, 管理员 of A */
	C__MAX
};

static const struct {
	const char	*mobile;
	const char	*role;
	const char	*uscc;		/* "" for 个人 */
} clients[C__MAX] = {
	{ "13900000001", "admin", USCC_A },		/* C_A_ADMIN */
	{ "13900000002", "project_lead", USCC_A },	/* C_A_LEAD */
	{ "13900000003", "admin", USCC_B },		/* C_B_ADMIN */
	{ "13900000005", "personal", "" },		/* C_PERSONAL */
	{ "13900000005", "admin", USCC_A },		/* C_SUN_A */
};

/* The orders the fixture makes. */
enum fixture_order {
	O_WIZARD,	/* 李演示's own key, through the wizard: unpaid */
	O_PENDING,	/* A's master key: paid by mail, 待审核, invoice */
	O_SHIPPED,	/* 周演示's key: paid, approved, issued, shipped */
	O_CANCELLED,	/* 吴演示's key: invoice, then cancelled */
	O_UNPAID,	/* 郑演示's key: unpaid, invoice (待支付) */
	O_REJECTED,	/* 冯演示's key: paid, then rejected (refunded) */
	O_B,		/* B's master key, by B's administrator */
	O_PERSONAL,	/* 孙演示's personal key, as 个人 */
	O__MAX
};

static struct stack	 st;
static struct appdb	*db;
static char		 csrf[C__MAX][65];
static long long	 oid[O__MAX];
static char		 ono[O__MAX][33];
static long long	 goods[GOODS];

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* Unix time t in Shanghai (UTC+8) into out as the pages show it, to the
 * minute, or with secs to the second. */
static void
shanghai(char *out, size_t sz, int secs, long long t)
{
	time_t		 tt = (time_t)(t + 8 * 3600);
	struct tm	 tm;

	ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
	ck_assert_uint_gt(secs ? strftime(out, sz, "%Y-%m-%d %H:%M:%S", &tm) :
	    strftime(out, sz, "%Y-%m-%d %H:%M", &tm), 0);
}

/* ---- helpers ---------------------------------------------------------- */

#define OCTET		80	/* client n connects from 127.0.0.(OCTET+n) */

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	demo_as(&st, OCTET + n, n, path, extra, status, h);
}

#define getf(n, status, h, ...) \
	demo_getf(&st, OCTET + (n), (n), (status), (h), __VA_ARGS__)

static int
count(const struct http *h, const char *s)
{
	const char	*p = h->body;
	int		 n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* 1 if a appears before b in the body (both present). */
static int
before(const struct http *h, const char *a, const char *b)
{
	const char	*pa = strstr(h->body, a), *pb = strstr(h->body, b);

	return pa != NULL && pb != NULL && pa < pb;
}

static long long
person_of(const char *mobile)
{
	return sql_int("SELECT id FROM person WHERE mobile = '%s'", mobile);
}

static long long
membership_of(const char *mobile, const char *role, const char *uscc)
{
	return sql_int("SELECT m.id FROM membership m JOIN person p ON p.id ="
	    " m.person_id LEFT JOIN company c ON c.id = m.company_id WHERE"
	    " p.mobile = '%s' AND m.role = '%s' AND COALESCE(c.uscc, '') ="
	    " '%s'", mobile, role, uscc);
}

static long long
cert_by_key(const char *key_serial)
{
	return sql_int("SELECT id FROM cert WHERE key_serial = '%s'",
	    key_serial);
}

/*
 * Creates an order through fcgi/order.c as the person with mobile acting
 * as (role, uscc): a reissue of the certificate with key_serial, or (key
 * NULL) an order of kind.  Returns its id.
 */
static long long
make_order(const char *mobile, const char *role, const char *uscc,
    enum order_kind kind, const char *key, enum order_reason reason,
    const char *text)
{
	static int		 seq;
	struct order_new	 n;
	char			 skey[40], actor[40];
	long long		 id = 0;

	memset(&n, 0, sizeof(n));
	snprintf(skey, sizeof(skey), "check-orders-%08d", ++seq);
	n.submit_key = skey;
	n.kind = kind;
	n.person = person_of(mobile);
	n.membership = membership_of(mobile, role, uscc);
	n.cert = key != NULL ? cert_by_key(key) : 0;
	n.product = sql_int("SELECT id FROM product WHERE code ="
	    " 'ca_reissue'");
	n.quantity = 1;
	n.reason = reason;
	n.reason_text = text;
	snprintf(actor, sizeof(actor), "person:%lld", n.person);
	n.actor = actor;
	ck_assert_int_eq(order_create(db, &n, &id), 0);
	ck_assert(id > 0);
	return id;
}

/* Applies ev to order id as actor; it must move. */
static void
move(long long id, enum order_event ev, const char *actor,
    const char *detail)
{
	int	 changed = 0;

	ck_assert_int_eq(order_apply(db, id, ev, actor, detail, &changed),
	    0);
	ck_assert_int_eq(changed, 1);
}

/* An invoice request (company A's header unless title says otherwise). */
static void
invoice(long long id, const char *kind, const char *title, const char *tax)
{
	struct appdb_invoice	 v;

	memset(&v, 0, sizeof(v));
	v.kind = kind;
	v.title = title;
	v.tax_id = tax;
	v.address = "辽宁省沈阳市和平区演示路1号";
	v.phone = "024-12345678";
	v.bank = "演示银行沈阳分行";
	v.bank_account = "6200000000000000001";
	ck_assert_int_eq(appdb_invoice_set(db, id, &v, (long long)time(NULL)),
	    0);
	ck_assert_int_eq((int)sql_int("SELECT count(*) FROM invoice WHERE"
	    " order_id = %lld", id), 1);
}

/* Mail delivery, a sandbox payment and its confirmation. */
static void
pay(long long id, const char *trade)
{
	long long	 now = (long long)time(NULL), fen;
	char		 note[96];

	ck_assert_int_eq(order_set_pickup(db, id, ORDER_METHOD_MAIL, 0,
	    "辽宁省沈阳市和平区演示路1号 张演示 13900000001", "person:1"), 0);
	fen = sql_int("SELECT amount_fen FROM orders WHERE id = %lld", id);
	ck_assert_int_eq(appdb_payment_start(db, id, "sandbox", fen, now), 1);
	ck_assert_int_eq(appdb_payment_paid(db, id, trade, now), 1);
	snprintf(note, sizeof(note), "trade %s", trade);
	move(id, ORDER_PAY, "pay:sandbox", note);
}

/* The stamped statement and 提交订单 of the wizard, as client n. */
static long long
wizard(int n, const char *key)
{
	struct http	 h;
	char		 extra[PATH_MAX + 1024], skey[33];
	const char	*p;
	long long	 cert = cert_by_key(key);
	size_t		 i;

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' -F "
	    "reason=lost -F action=next -F 'statement=@%s/t/s.png;"
	    "filename=盖章说明.png'", csrf[n], cert, st.dir);
	as(n, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	getf(n, 200, &h, "/reissue/confirm?cert=%lld", cert);
	p = strstr(h.body, "name=\"submit_key\" value=\"");
	ck_assert(p != NULL);
	p += strlen("name=\"submit_key\" value=\"");
	for (i = 0; i < 32; i++)
		skey[i] = p[i];
	skey[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf[n], cert, skey);
	as(n, "/reissue/confirm", extra, 303, &h);
	http_free(&h);
	return sql_int("SELECT id FROM orders WHERE submit_key = '%s'", skey);
}

static void
up(void)
{
	char	 path[PATH_MAX + 32];
	FILE	*f;
	int	 n, i;

	if (demo_up(&st) != 0)
		goto fail;
	for (n = 0; n < C__MAX; n++)
		if (demo_login(&st, 80 + n, n, clients[n].mobile,
		    clients[n].role, clients[n].uscc, csrf[n]) == -1)
			goto fail;
	snprintf(path, sizeof(path), "%s/t/s.png", st.dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(sample_png, 1, sizeof(sample_png), f);
	fclose(f);
	snprintf(path, sizeof(path), "%s", st.appdb);
	if ((db = appdb_open(path)) == NULL)
		goto fail;

	oid[O_WIZARD] = wizard(C_A_LEAD, "FT2022050017");

	oid[O_PENDING] = make_order("13900000001", "admin", USCC_A,
	    ORDER_KIND_CA_REISSUE, "JK2021030001", ORDER_REASON_DAMAGED, NULL);
	invoice(oid[O_PENDING], "e_normal", NAME_A, USCC_A);
	pay(oid[O_PENDING], "SBX0000000000000001");

	oid[O_SHIPPED] = make_order("13900000001", "admin", USCC_A,
	    ORDER_KIND_CA_REISSUE, "FT2022080032", ORDER_REASON_LOST, NULL);
	invoice(oid[O_SHIPPED], "paper_special", NAME_A, USCC_A);
	pay(oid[O_SHIPPED], "SBX0000000000000002");
	move(oid[O_SHIPPED], ORDER_APPROVE, "operator:1", NULL);
	move(oid[O_SHIPPED], ORDER_ISSUE, "operator:1", NULL);
	move(oid[O_SHIPPED], ORDER_SHIP, "operator:1", "SF1234567890");
	/* No operator page issues invoices yet: the stored state. */
	sql_int("UPDATE invoice SET state = 'issued' WHERE order_id = %lld"
	    " RETURNING 1", oid[O_SHIPPED]);

	oid[O_CANCELLED] = make_order("13900000001", "admin", USCC_A,
	    ORDER_KIND_CA_REISSUE, "WQ2022110208", ORDER_REASON_OTHER,
	    "锁芯断裂无法读取");
	invoice(oid[O_CANCELLED], "e_normal", NAME_A, USCC_A);
	move(oid[O_CANCELLED], ORDER_CANCEL, "person:1", NULL);

	oid[O_UNPAID] = make_order("13900000001", "admin", USCC_A,
	    ORDER_KIND_CA_REISSUE, "FT2023020045", ORDER_REASON_LOST, NULL);
	invoice(oid[O_UNPAID], "e_normal", NAME_A, USCC_A);

	oid[O_REJECTED] = make_order("13900000001", "admin", USCC_A,
	    ORDER_KIND_CA_REISSUE, "WQ2023040311", ORDER_REASON_LOST, NULL);
	invoice(oid[O_REJECTED], "e_normal", NAME_A, USCC_A);
	pay(oid[O_REJECTED], "SBX0000000000000003");
	move(oid[O_REJECTED], ORDER_REJECT, "operator:1",
	    "情况说明书未加盖公章");

	oid[O_B] = make_order("13900000003", "admin", USCC_B,
	    ORDER_KIND_CA_REISSUE, "JK2022010305", ORDER_REASON_LOST, NULL);
	invoice(oid[O_B], "e_normal", NAME_B, USCC_B);

	oid[O_PERSONAL] = make_order("13900000005", "personal", "",
	    ORDER_KIND_CA_REISSUE, "JK2024090412", ORDER_REASON_LOST, NULL);

	for (i = 0; i < GOODS; i++)
		goods[i] = make_order("13900000001", "admin", USCC_A,
		    ORDER_KIND_GOODS, NULL, ORDER_REASON_NONE, NULL);

	for (i = 0; i < O__MAX; i++)
		sql_str(ono[i], sizeof(ono[i]), "SELECT order_no FROM orders"
		    " WHERE id = %lld", oid[i]);
	return;
fail:
	appdb_close(db);
	stack_down(&st);
	fprintf(stderr, "check_orders: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	appdb_close(db);
	db = NULL;
	stack_down(&st);
}

/* ---- 订单管理 --------------------------------------------------------- */

START_TEST(test_anonymous_visitors_go_to_login)
{
	struct http	 h;
	const char	*paths[] = { "/orders", "/orders/view?id=1",
	    "/invoices" };
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ck_assert_int_eq(stack_curl(&st, paths[i], NULL, &h), 0);
		ck_assert_int_eq(h.status, 303);
		ck_assert(http_location_is(&h, "/login"));
		http_free(&h);
	}
}
END_TEST

START_TEST(test_list_matches_figure_6)
{
	struct http	 h;
	char		 when[32], s[256];

	as(C_A_ADMIN, "/orders", NULL, 200, &h);
	ck_assert(http_has(&h, "<title>订单管理"));
	ck_assert(http_has(&h, "class=\"tab is-active\" aria-current=\"page\""
	    ">订单管理</a>"));
	/* The four tabs with their counts; the first is shown. */
	ck_assert(http_has(&h, "数字证书(CA)订单<span class=\"tab-count\">6"
	    "</span>"));
	ck_assert(http_has(&h, "商品订单<span class=\"tab-count\">12</span>"));
	ck_assert(http_has(&h, "课程订单<span class=\"tab-count\">0</span>"));
	ck_assert(http_has(&h, "其他订单<span class=\"tab-count\">0</span>"));
	ck_assert(http_has(&h, "href=\"/orders?kind=ca_reissue\""));
	ck_assert(http_has(&h, "href=\"/orders?kind=goods\""));
	ck_assert(http_has(&h, "href=\"/orders?kind=course\""));
	ck_assert(http_has(&h, "href=\"/orders?kind=other\""));
	/* The columns of 图6. */
	ck_assert(before(&h, TH("订单信息"), TH("金额")));
	ck_assert(before(&h, TH("金额"), TH("订单类别")));
	ck_assert(before(&h, TH("订单类别"), TH("支付状态")));
	ck_assert(before(&h, TH("支付状态"), TH("审核状态")));
	ck_assert(before(&h, TH("审核状态"), TH("收货状态")));
	ck_assert(before(&h, TH("收货状态"), TH("操作")));
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 6);
	ck_assert(http_has(&h, "共 6 条"));
	/* 订单信息: 下单时间 (Shanghai), 购买人, 订单号. */
	shanghai(when, sizeof(when), 0, sql_int("SELECT"
	    " created_at FROM orders WHERE id = %lld", oid[O_PENDING]));
	snprintf(s, sizeof(s), "下单时间：%s", when);
	ck_assert(http_has(&h, s));
	ck_assert(http_has(&h, "购买人：张演示"));
	ck_assert(http_has(&h, "购买人：李演示"));
	snprintf(s, sizeof(s), "订单号：<span class=\"mono\">%s</span>",
	    ono[O_PENDING]);
	ck_assert(http_has(&h, s));
	/* The item: lock type, ¥50.00, CA补办, the three states. */
	ck_assert(http_has(&h, "单位(机构)主锁"));
	ck_assert(http_has(&h, "项目负责人锁"));
	ck_assert(http_has(&h, "¥50.00"));
	ck_assert(http_has(&h, "data-label=\"订单类别\">CA补办</td>"));
	ck_assert(http_has(&h, "badge-success\">已支付</span>"));
	ck_assert(http_has(&h, "badge-warning\">待审核</span>"));
	ck_assert(http_has(&h, ">待发货</span>"));
	ck_assert(http_has(&h, "badge-warning\">未支付</span>"));
	ck_assert(http_has(&h, ">已取消</span>"));
	ck_assert(http_has(&h, ">已退款</span>"));
	ck_assert(http_has(&h, ">审核驳回</span>"));
	ck_assert(http_has(&h, ">审核通过</span>"));
	ck_assert(http_has(&h, ">已发货</span>"));
	/* Newest first. */
	ck_assert(before(&h, ono[O_REJECTED], ono[O_UNPAID]));
	ck_assert(before(&h, ono[O_UNPAID], ono[O_PENDING]));
	ck_assert(before(&h, ono[O_PENDING], ono[O_WIZARD]));
	/* 查看订单 for every order; 去支付 and 取消订单 only when unpaid. */
	ck_assert_int_eq(count(&h, ">查看订单</a>"), 6);
	snprintf(s, sizeof(s), "href=\"/orders/pay?id=%lld\"", oid[O_UNPAID]);
	ck_assert(http_has(&h, s));
	snprintf(s, sizeof(s), "href=\"/orders/pay?id=%lld\"", oid[O_WIZARD]);
	ck_assert(http_has(&h, s));
	snprintf(s, sizeof(s), "href=\"/orders/pay?id=%lld\"",
	    oid[O_PENDING]);
	ck_assert(!http_has(&h, s));
	ck_assert_int_eq(count(&h, "action=\"/orders/cancel\""), 2);
	ck_assert_int_eq(count(&h, ">去支付</a>"), 2);
	snprintf(s, sizeof(s), "name=\"csrf\" value=\"%s\"><input type="
	    "\"hidden\" name=\"id\" value=\"%lld\">", csrf[C_A_ADMIN],
	    oid[O_UNPAID]);
	ck_assert_msg(http_has(&h, s), "cancel form of the unpaid order");
	http_free(&h);
}
END_TEST

START_TEST(test_tabs_show_their_own_kind)
{
	struct http	 h;

	as(C_A_ADMIN, "/orders?kind=goods", NULL, 200, &h);
	ck_assert(http_has(&h, "class=\"tab is-active\" aria-current=\"page\""
	    ">商品订单<span"));
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 10);
	ck_assert(http_has(&h, "data-label=\"订单类别\">商品</td>"));
	ck_assert(!http_has(&h, ono[O_PENDING]));
	http_free(&h);
	as(C_A_ADMIN, "/orders?kind=course", NULL, 200, &h);
	ck_assert(http_has(&h, "暂无课程订单"));
	ck_assert(!http_has(&h, "class=\"order-group\""));
	http_free(&h);
	as(C_A_ADMIN, "/orders?kind=other", NULL, 200, &h);
	ck_assert(http_has(&h, "暂无其他订单"));
	http_free(&h);
	/* An unknown kind shows the first tab. */
	as(C_A_ADMIN, "/orders?kind=%3Cscript%3E", NULL, 200, &h);
	ck_assert(http_has(&h, "aria-current=\"page\">数字证书(CA)订单"));
	ck_assert(!http_has(&h, "<script>"));
	http_free(&h);
}
END_TEST

START_TEST(test_pagination)
{
	struct http	 h;
	char		 s[128];

	as(C_A_ADMIN, "/orders?kind=goods", NULL, 200, &h);
	ck_assert(http_has(&h, "共 12 条"));
	ck_assert(http_has(&h, "href=\"/orders?kind=goods&amp;size=10&amp;"
	    "page=2\""));
	ck_assert(http_has(&h, "<input type=\"hidden\" name=\"kind\" "
	    "value=\"goods\">"));
	/* Newest first: the last one made is on page 1, the first on 2. */
	sql_str(s, sizeof(s), "SELECT order_no FROM orders WHERE id = %lld",
	    goods[GOODS - 1]);
	ck_assert(http_has(&h, s));
	sql_str(s, sizeof(s), "SELECT order_no FROM orders WHERE id = %lld",
	    goods[0]);
	ck_assert(!http_has(&h, s));
	http_free(&h);
	as(C_A_ADMIN, "/orders?kind=goods&page=2", NULL, 200, &h);
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 2);
	ck_assert(http_has(&h, s));
	ck_assert(http_has(&h, "aria-current=\"page\">2</span>"));
	http_free(&h);
	as(C_A_ADMIN, "/orders?kind=goods&size=20", NULL, 200, &h);
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 12);
	http_free(&h);
	/* Beyond the last page: the last page; nonsense: the defaults. */
	as(C_A_ADMIN, "/orders?kind=goods&page=999", NULL, 200, &h);
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 2);
	http_free(&h);
	as(C_A_ADMIN, "/orders?kind=goods&page=-1&size=7", NULL, 200, &h);
	ck_assert_int_eq(count(&h, "class=\"order-group\""), 10);
	http_free(&h);
}
END_TEST

START_TEST(test_each_identity_sees_only_its_scope)
{
	struct http	 h;
	int		 i;

	/* 项目负责人: only what they ordered. */
	as(C_A_LEAD, "/orders", NULL, 200, &h);
	ck_assert(http_has(&h, ono[O_WIZARD]));
	for (i = O_PENDING; i < O__MAX; i++)
		ck_assert_msg(!http_has(&h, ono[i]), "lead sees order %d", i);
	ck_assert(http_has(&h, "数字证书(CA)订单<span class=\"tab-count\">1"
	    "</span>"));
	ck_assert(http_has(&h, "商品订单<span class=\"tab-count\">0</span>"));
	http_free(&h);
	/* Another company's administrator: only that company's. */
	as(C_B_ADMIN, "/orders", NULL, 200, &h);
	ck_assert(http_has(&h, ono[O_B]));
	for (i = 0; i < O__MAX; i++)
		if (i != O_B)
			ck_assert_msg(!http_has(&h, ono[i]), "B sees %d", i);
	ck_assert(http_has(&h, "数字证书(CA)订单<span class=\"tab-count\">1"
	    "</span>"));
	http_free(&h);
	/* 个人: only their own orders without company. */
	as(C_PERSONAL, "/orders", NULL, 200, &h);
	ck_assert(http_has(&h, ono[O_PERSONAL]));
	for (i = 0; i < O__MAX; i++)
		if (i != O_PERSONAL)
			ck_assert_msg(!http_has(&h, ono[i]), "个人 sees %d",
			    i);
	ck_assert(http_has(&h, "个人锁"));
	http_free(&h);
	/* The same person as A's administrator: A's orders, not the
	 * personal one. */
	as(C_SUN_A, "/orders", NULL, 200, &h);
	ck_assert(http_has(&h, ono[O_WIZARD]));
	ck_assert(http_has(&h, ono[O_PENDING]));
	ck_assert(!http_has(&h, ono[O_PERSONAL]));
	ck_assert(!http_has(&h, ono[O_B]));
	http_free(&h);
	/* A's administrator does not see B's or the personal order. */
	as(C_A_ADMIN, "/orders", NULL, 200, &h);
	ck_assert(!http_has(&h, ono[O_B]));
	ck_assert(!http_has(&h, ono[O_PERSONAL]));
	http_free(&h);
}
END_TEST

/* ---- one order -------------------------------------------------------- */

START_TEST(test_view_shows_every_field_and_the_history)
{
	struct http	 h;
	char		 s[512], at[32], serial[64], upload[32];

	getf(C_A_LEAD, 200, &h, "/orders/view?id=%lld", oid[O_WIZARD]);
	ck_assert(http_has(&h, "<title>订单详情"));
	ck_assert(http_has(&h, ">订单管理</a>"));
	ck_assert(http_has(&h, ono[O_WIZARD]));
	ck_assert(http_has(&h, "购买人</dt><dd class=\"info-value\">李演示"));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "¥50.00"));
	ck_assert(http_has(&h, "CA补办 ×1"));
	ck_assert(http_has(&h, "补办原因</dt><dd class=\"info-value\">"
	    "证书丢失"));
	/* The certificate being replaced, shown as 补办中. */
	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE"
	    " key_serial = 'FT2022050017'");
	ck_assert(http_has(&h, serial));
	ck_assert(http_has(&h, "FT2022050017"));
	ck_assert(http_has(&h, "项目负责人锁"));
	ck_assert(http_has(&h, "badge-warning\">补办中</span>"));
	ck_assert(http_has(&h, "证书有效期至"));
	/* The stamped statement, through the uploads route. */
	sql_str(upload, sizeof(upload), "SELECT statement_upload_id FROM"
	    " orders WHERE id = %lld", oid[O_WIZARD]);
	snprintf(s, sizeof(s), "href=\"/uploads/view?id=%s\"", upload);
	ck_assert(http_has(&h, s));
	ck_assert(http_has(&h, "盖章说明.png"));
	/* Not chosen yet; no invoice; no payment. */
	ck_assert(http_has(&h, "尚未选择"));
	ck_assert(http_has(&h, "开具发票</dt><dd class=\"info-value\">"
	    "不开具"));
	ck_assert(http_has(&h, "尚未发起支付"));
	/* Unpaid: 去支付 and 取消订单. */
	snprintf(s, sizeof(s), "href=\"/orders/pay?id=%lld\"", oid[O_WIZARD]);
	ck_assert(http_has(&h, s));
	ck_assert(http_has(&h, "action=\"/orders/cancel\""));
	snprintf(s, sizeof(s), "name=\"id\" value=\"%lld\"", oid[O_WIZARD]);
	ck_assert(http_has(&h, s));
	/* The history: submitted by the applicant, in Shanghai time. */
	shanghai(at, sizeof(at), 1, sql_int("SELECT at"
	    " FROM order_event WHERE order_id = %lld", oid[O_WIZARD]));
	ck_assert(http_has(&h, "订单记录"));
	snprintf(s, sizeof(s), "data-label=\"时间\">%s</td>", at);
	ck_assert(http_has(&h, s));
	ck_assert(http_has(&h, ">提交订单</td>"));
	ck_assert(http_has(&h, "申请人 李演示"));
	ck_assert(!http_has(&h, "领取码"));
	http_free(&h);
}
END_TEST

START_TEST(test_view_of_a_shipped_order)
{
	struct http	 h;
	char		 s[256];

	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_SHIPPED]);
	/* Every change, oldest first, with who and before → after. */
	ck_assert_int_eq(count(&h, "data-label=\"时间\""), 5);
	ck_assert(before(&h, ">提交订单</td>", ">支付成功</td>"));
	ck_assert(before(&h, ">支付成功</td>", ">审核通过</td>"));
	ck_assert(before(&h, ">审核通过</td>", ">新证书已签发</td>"));
	ck_assert(before(&h, ">新证书已签发</td>", ">已发货</td>"));
	ck_assert(http_has(&h, "申请人 张演示"));
	ck_assert(http_has(&h, "支付平台(沙箱)"));
	ck_assert(http_has(&h, "办理点审核员"));
	ck_assert(http_has(&h, "badge-warning\">未支付</span><span class="
	    "\"arrow\">→</span><span class=\"badge badge-success\">已支付"
	    "</span>"));
	ck_assert(http_has(&h, "运单号 <span class=\"mono\">SF1234567890"));
	ck_assert(http_has(&h, "交易号 <span class=\"mono\">"
	    "SBX0000000000000002"));
	/* The order's data. */
	ck_assert(http_has(&h, "运单号</dt><dd class=\"info-value\"><span "
	    "class=\"mono\">SF1234567890</span> (顺丰速运)"));
	ck_assert(http_has(&h, "邮寄(顺丰到付)"));
	ck_assert(http_has(&h, "辽宁省沈阳市和平区演示路1号 张演示"));
	ck_assert(http_has(&h, "纸质专票"));
	ck_assert(http_has(&h, "企业发票"));
	ck_assert(http_has(&h, "纳税人识别号</dt><dd class=\"info-value "
	    "mono\">" USCC_A));
	ck_assert(http_has(&h, "演示银行沈阳分行"));
	ck_assert(http_has(&h, "6200000000000000001"));
	ck_assert(http_has(&h, "badge-success\">已开具</span>"));
	ck_assert(http_has(&h, "沙箱支付(测试)"));
	ck_assert(http_has(&h, "SBX0000000000000002"));
	ck_assert(http_has(&h, "支付时间"));
	ck_assert(http_has(&h, "证书丢失"));
	ck_assert(http_has(&h, "周演示"));
	/* Paid: no 去支付, no 取消订单. */
	snprintf(s, sizeof(s), "/orders/pay?id=%lld", oid[O_SHIPPED]);
	ck_assert(!http_has(&h, s));
	ck_assert(!http_has(&h, "action=\"/orders/cancel\""));
	http_free(&h);
}
END_TEST

/*
 * On a phone 订单管理, 订单记录 and 发票管理 show each row as a card whose
 * lines carry their own column's name (data-label = the <th> text), not
 * CA管理's.
 */
START_TEST(test_order_tables_label_each_cell_by_its_column)
{
	struct http	 h;
	char		 why[256];

	getf(C_A_ADMIN, 200, &h, "/orders");
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0, "%s", why);
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_SHIPPED]);
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) == 5 * 7, "%s",
	    why);
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/invoices");
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0, "%s", why);
	http_free(&h);
}
END_TEST

START_TEST(test_view_of_rejected_and_cancelled_orders)
{
	struct http	 h;

	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_REJECTED]);
	ck_assert(http_has(&h, "驳回原因："));
	ck_assert(http_has(&h, "情况说明书未加盖公章"));
	ck_assert(http_has(&h, ">审核驳回，原路退款</td>"));
	ck_assert(http_has(&h, "badge-info\">已退款</span>"));
	ck_assert(http_has(&h, "badge-muted\">已取消</span>"));	/* invoice */
	ck_assert(!http_has(&h, "action=\"/orders/cancel\""));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_CANCELLED]);
	ck_assert(http_has(&h, ">取消订单</td>"));
	ck_assert(http_has(&h, "其他：锁芯断裂无法读取"));
	ck_assert(!http_has(&h, "action=\"/orders/cancel\""));
	ck_assert(!http_has(&h, ">去支付</a>"));
	http_free(&h);
}
END_TEST

START_TEST(test_orders_out_of_scope_are_not_found)
{
	struct http	 h;
	int		 i;

	/* Another company's administrator, for every order of A. */
	for (i = 0; i < O__MAX; i++)
		if (i != O_B && i != O_PERSONAL) {
			getf(C_B_ADMIN, 404, &h, "/orders/view?id=%lld",
			    oid[i]);
			ck_assert(!http_has(&h, ono[i]));
			http_free(&h);
		}
	getf(C_B_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_B]);
	http_free(&h);
	/* A project lead: not the administrator's orders. */
	getf(C_A_LEAD, 404, &h, "/orders/view?id=%lld", oid[O_PENDING]);
	http_free(&h);
	getf(C_A_LEAD, 404, &h, "/orders/view?id=%lld", goods[0]);
	http_free(&h);
	/* 个人 and the company cannot see each other's. */
	getf(C_PERSONAL, 404, &h, "/orders/view?id=%lld", oid[O_PENDING]);
	http_free(&h);
	getf(C_A_ADMIN, 404, &h, "/orders/view?id=%lld", oid[O_PERSONAL]);
	http_free(&h);
	getf(C_SUN_A, 404, &h, "/orders/view?id=%lld", oid[O_PERSONAL]);
	http_free(&h);
	getf(C_PERSONAL, 200, &h, "/orders/view?id=%lld", oid[O_PERSONAL]);
	ck_assert(http_has(&h, "所属单位</dt><dd class=\"info-value\">个人"));
	http_free(&h);
	/* The administrator sees the lead's order. */
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", oid[O_WIZARD]);
	http_free(&h);
}
END_TEST

START_TEST(test_malformed_ids_are_not_found)
{
	struct http	 h;
	const char	*bad[] = { "", "?id=", "?id=abc", "?id=0", "?id=-1",
	    "?id=1e3", "?id=%2B1", "?id=99999999",
	    "?id=99999999999999999999999", ("?id=%20" "1"), "?id=0x10" };
	char		 path[128];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/orders/view%s", bad[i]);
		as(C_A_ADMIN, path, NULL, 0, &h);
		ck_assert_msg(h.status == 404, "%s: HTTP %d", path, h.status);
		http_free(&h);
	}
	/* A NUL is refused at the edge, before any route. */
	as(C_A_ADMIN, "/orders/view?id=1%00", NULL, 400, &h);
	http_free(&h);
	/* Only GET. */
	as(C_A_ADMIN, "/orders", "-d x=1", 0, &h);
	ck_assert_int_eq(h.status, 405);
	http_free(&h);
}
END_TEST

/* ---- 发票管理 --------------------------------------------------------- */

START_TEST(test_invoices_show_requests_with_derived_state)
{
	struct http	 h;
	char		 s[256];

	as(C_A_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, "<title>发票管理"));
	ck_assert(http_has(&h, "class=\"tab is-active\" aria-current=\"page\""
	    ">发票管理</a>"));
	ck_assert(before(&h, TH("订单号"), TH("发票类型")));
	ck_assert(before(&h, TH("发票类型"), TH("抬头类型")));
	ck_assert(before(&h, TH("抬头类型"), TH("单位名称")));
	ck_assert(before(&h, TH("单位名称"), TH("纳税人识别号")));
	ck_assert(before(&h, TH("纳税人识别号"), TH("金额")));
	ck_assert(before(&h, TH("金额"), TH("申请时间")));
	ck_assert(before(&h, TH("申请时间"), TH("状态")));
	ck_assert(http_has(&h, "共 5 条"));
	ck_assert_int_eq(count(&h, "data-label=\"订单号\""), 5);
	ck_assert_int_eq(count(&h, ">企业发票</td>"), 5);
	ck_assert(http_has(&h, ">电子普票</td>"));
	ck_assert(http_has(&h, ">纸质专票</td>"));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(!http_has(&h, NAME_B));
	ck_assert(http_has(&h, "¥50.00"));
	/* The state of each, from its order. */
	snprintf(s, sizeof(s), "href=\"/orders/view?id=%lld\">%s</a>",
	    oid[O_PENDING], ono[O_PENDING]);
	ck_assert(http_has(&h, s));
	ck_assert_int_eq(count(&h, ">待开具</span>"), 1);	/* pending */
	ck_assert_int_eq(count(&h, ">已开具</span>"), 1);	/* shipped */
	ck_assert_int_eq(count(&h, ">已取消</span>"), 2);	/* cancelled,
								   rejected */
	ck_assert_int_eq(count(&h, ">待支付</span>"), 1);	/* unpaid */
	ck_assert(before(&h, ono[O_REJECTED], ono[O_PENDING]));
	http_free(&h);

	/* Scope as in 订单管理. */
	as(C_A_LEAD, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, "暂无发票申请"));
	ck_assert(http_has(&h, "共 0 条"));
	http_free(&h);
	as(C_B_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, ono[O_B]));
	ck_assert(http_has(&h, NAME_B));
	ck_assert(!http_has(&h, NAME_A));
	ck_assert(http_has(&h, "共 1 条"));
	http_free(&h);
	as(C_PERSONAL, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, "暂无发票申请"));
	http_free(&h);
	/* Paged like the other lists. */
	as(C_A_ADMIN, "/invoices?size=10&page=2", NULL, 200, &h);
	ck_assert_int_eq(count(&h, "data-label=\"订单号\""), 5);
	http_free(&h);
}
END_TEST

START_TEST(test_an_unpaid_order_past_its_window_shows_closed)
{
	struct http	 h;
	char		 s[128];
	long long	 id = oid[O_UNPAID];

	sql_int("UPDATE orders SET created_at = created_at - 90000,"
	    " updated_at = updated_at WHERE id = %lld RETURNING 1", id);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, "支付状态</dt><dd class=\"info-value\"><span "
	    "class=\"badge badge-muted\">已关闭</span>"));
	snprintf(s, sizeof(s), "/orders/pay?id=%lld", id);
	ck_assert(!http_has(&h, s));
	ck_assert(!http_has(&h, "action=\"/orders/cancel\""));
	http_free(&h);
	as(C_A_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert_int_eq(count(&h, ">待支付</span>"), 0);
	ck_assert_int_eq(count(&h, ">已取消</span>"), 3);
	http_free(&h);
	sql_int("UPDATE orders SET created_at = created_at + 90000"
	    " WHERE id = %lld RETURNING 1", id);
}
END_TEST

START_TEST(test_screenshots_in_chromium)
{
	char	 out[PATH_MAX + 32];

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_orders: screenshots skipped (needs node, "
		    "/usr/bin/chromium and `npm ci --prefix tests/browser`)\n");
		return;
	}
	snprintf(out, sizeof(out), "%s/tests/out", st.top);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && SHOTS=orders node "
	    "\"$TOP/tests/browser/shots.js\" https://127.0.0.1:$PORT '%s' "
	    "13900000001 >&2", out, out), 0);
	ck_assert_int_eq(stack_sh(&st, "for f in orders order-view invoices; "
	    "do for w in 1280 390; do test -s '%s'/$f-$w.png || exit 1; done; "
	    "done", out), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("orders");
	TCase	*tc = tcase_create("orders");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_anonymous_visitors_go_to_login);
	tcase_add_test(tc, test_list_matches_figure_6);
	tcase_add_test(tc, test_tabs_show_their_own_kind);
	tcase_add_test(tc, test_pagination);
	tcase_add_test(tc, test_each_identity_sees_only_its_scope);
	tcase_add_test(tc, test_view_shows_every_field_and_the_history);
	tcase_add_test(tc, test_view_of_a_shipped_order);
	tcase_add_test(tc, test_order_tables_label_each_cell_by_its_column);
	tcase_add_test(tc, test_view_of_rejected_and_cancelled_orders);
	tcase_add_test(tc, test_orders_out_of_scope_are_not_found);
	tcase_add_test(tc, test_malformed_ids_are_not_found);
	tcase_add_test(tc, test_invoices_show_requests_with_derived_state);
	tcase_add_test(tc, test_an_unpaid_order_past_its_window_shows_closed);
	tcase_add_test(tc, test_screenshots_in_chromium);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
