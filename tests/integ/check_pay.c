/*
 * check_pay.c: integration tests of 支付 through real nginx, workers,
 * ticker and signing daemon: the applicant's whole journey (login,
 * identity, CA管理, the wizard, the .docx, the upload, 订单确认, the
 * payment page, the sandbox cashier, the gateway's signed asynchronous
 * notification, the order as 已支付/待审核), the payment page's bad
 * input, notifications that are replayed, forged, altered, of the wrong
 * amount or for no order, 取消订单 (which closes the trade at the
 * gateway), and the 24-hour close.
 *
 * Notifications other than the sandbox's own are made here with the
 * sandbox's key (or another one) and `openssl dgst -sign`, so the
 * merchant's verification is checked against an independent signer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <limits.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define NAME_A		"辽宁演示建设工程有限公司"
#define USCC_A		DEMO_USCC_A

enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B */
	C__MAX
};

static struct stack	 st;
static char		 csrf[C__MAX][65];

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

#define OCTET		70	/* client n connects from 127.0.0.(OCTET+n) */

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	demo_as(&st, OCTET + n, n, path, extra, status, h);
}

#define getf(n, status, h, ...) \
	demo_getf(&st, OCTET + (n), (n), (status), (h), __VA_ARGS__)

/* A valid certificate of company A that has never had an order. */
static long long
fresh_cert(void)
{
	return sql_int("SELECT c.id FROM cert c JOIN company co ON co.id ="
	    " c.company_id WHERE co.uscc = '" USCC_A "' AND c.status ="
	    " 'valid' AND c.not_after > %lld AND NOT EXISTS"
	    " (SELECT 1 FROM orders o WHERE o.cert_id = c.id) ORDER BY c.id"
	    " LIMIT 1", (long long)time(NULL));
}

/*
 * Walks the wizard for cert as client n up to 提交订单 (step 1, step 2
 * with reason "lost" and the stamped PNG, the .docx, 订单确认) and
 * returns the new order's id.
 */
static long long
order_for(int n, long long cert)
{
	struct http	 h;
	char		 extra[PATH_MAX + 512], key[33], want[64];
	const char	*p;

	getf(n, 200, &h, "/reissue?cert=%lld", cert);
	ck_assert(http_has(&h, "数字证书(CA)信息"));
	http_free(&h);
	getf(n, 200, &h, "/reissue/statement.docx?cert=%lld&reason=lost",
	    cert);
	ck_assert(h.body_len > 4 && memcmp(h.body, "PK\003\004", 4) == 0);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=lost -F 'statement=@%s/t/s.png;filename=盖章.png'",
	    csrf[n], cert, st.dir);
	as(n, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	getf(n, 200, &h, "/reissue/confirm?cert=%lld", cert);
	ck_assert(http_has(&h, "订单确认"));
	ck_assert_ptr_nonnull(p = strstr(h.body,
	    "name=\"submit_key\" value=\""));
	p += strlen("name=\"submit_key\" value=\"");
	memcpy(key, p, 32);
	key[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf[n], cert, key);
	as(n, "/reissue/confirm", extra, 303, &h);
	snprintf(want, sizeof(want), "/orders/pay?id=%lld", sql_int("SELECT"
	    " id FROM orders WHERE cert_id = %lld", cert));
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	return sql_int("SELECT id FROM orders WHERE cert_id = %lld", cert);
}

/* POSTs the payment page of order id as client n with form words. */
static void
pay_post(int n, long long id, const char *fields, int status, struct http *h)
{
	char	 extra[4096];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld&%s'", csrf[n], id,
	    fields);
	as(n, "/orders/pay", extra, status, h);
}

#define GOOD_FIELDS	"invoice=yes&invoice_kind=e_normal&title=" NAME_A \
			"&tax_id=" USCC_A "&address=&phone=&bank=&" \
			"bank_account=&method=onsite&office=dalian&" \
			"ship_address=&pay_method=online"

/* The cashier path ("/sandbox/cashier?t=…") a 303 sends to. */
static void
cashier_of(const struct http *h, char *out, size_t sz)
{
	const char	*p = strstr(h->headers, "\nLocation: ");

	if (p == NULL)
		p = strstr(h->headers, "\nlocation: ");
	ck_assert_ptr_nonnull(p);
	p += strlen("\nLocation: ");
	ck_assert(strncmp(p, "/sandbox/cashier?t=", 19) == 0 ||
	    strstr(p, "/sandbox/cashier?t=") != NULL);
	p = strstr(p, "/sandbox/cashier?t=");
	ck_assert(strlen(p) > 19 + 32);
	snprintf(out, sz, "%.*s", 19 + 32, p);
}

/* Waits up to 15 s for the order to be paid.  1 paid, 0 not. */
static int
wait_paid(long long id)
{
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 150; i++) {
		if (sql_int("SELECT count(*) FROM orders WHERE id = %lld AND"
		    " pay_state = 'paid'", id) == 1)
			return 1;
		nanosleep(&tenth, NULL);
	}
	return 0;
}

/* ---- signed notifications made by the test --------------------------- */

struct param {
	const char	*k;
	char		 v[256];
};

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct param *)a)->k,
	    ((const struct param *)b)->k);
}

/*
 * POSTs a notification with params p[0..n) to /pay/notify, signed with
 * keyfile (relative to $STACK_DIR; NULL: unsigned); `after` (NULL for
 * none) replaces total_amount after signing.  Returns the HTTP status.
 */
static int
notify(struct param *p, size_t n, const char *keyfile, const char *after,
    struct http *h)
{
	char	 canon[4096] = "", extra[16384], sig[1024] = "", *s;
	size_t	 i, len;
	FILE	*f;
	char	 path[PATH_MAX + 16];

	qsort(p, n, sizeof(p[0]), by_key);
	for (i = 0; i < n; i++) {
		if (p[i].v[0] == '\0')
			continue;
		if (canon[0] != '\0')
			strcat(canon, "&");
		strcat(canon, p[i].k);
		strcat(canon, "=");
		strcat(canon, p[i].v);
	}
	snprintf(path, sizeof(path), "%s/t/canon", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(canon, f);
	fclose(f);
	if (keyfile != NULL) {
		ck_assert_int_eq(stack_sh(&st, "openssl dgst -sha256 -sign "
		    "\"$STACK_DIR/%s\" " T "/canon | base64 -w0 > " T "/sig",
		    keyfile), 0);
		snprintf(path, sizeof(path), "%s/t/sig", st.dir);
		ck_assert_ptr_nonnull(s = stack_slurp(path, &len));
		snprintf(sig, sizeof(sig), "%s", s);
		free(s);
	}
	extra[0] = '\0';
	for (i = 0; i < n; i++) {
		len = strlen(extra);
		snprintf(extra + len, sizeof(extra) - len,
		    " --data-urlencode '%s=%s'", p[i].k,
		    after != NULL && strcmp(p[i].k, "total_amount") == 0 ?
		    after : p[i].v);
	}
	if (keyfile != NULL) {
		len = strlen(extra);
		snprintf(extra + len, sizeof(extra) - len, " --data-urlencode "
		    "'sign_type=RSA2' --data-urlencode 'sign=%s'", sig);
	}
	as(-1, "/pay/notify", extra, 0, h);
	return h->status;
}

/* A notification for order_no with trade_no and amount (yuan). */
static size_t
notice_params(struct param *p, const char *order_no, const char *trade_no,
    const char *amount)
{
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;
	char		 now[32];

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	memset(p, 0, 8 * sizeof(*p));
	p[0].k = "app_id";
	snprintf(p[0].v, sizeof(p[0].v), "ca-reissue-sandbox");
	p[1].k = "notify_id";
	snprintf(p[1].v, sizeof(p[1].v), "%08lx%08lx", (long)t,
	    (long)rand());
	p[2].k = "notify_time";
	snprintf(p[2].v, sizeof(p[2].v), "%s", now);
	p[3].k = "out_trade_no";
	snprintf(p[3].v, sizeof(p[3].v), "%s", order_no);
	p[4].k = "trade_no";
	snprintf(p[4].v, sizeof(p[4].v), "%s", trade_no);
	p[5].k = "total_amount";
	snprintf(p[5].v, sizeof(p[5].v), "%s", amount);
	p[6].k = "trade_status";
	snprintf(p[6].v, sizeof(p[6].v), "TRADE_SUCCESS");
	p[7].k = "notify_type";
	snprintf(p[7].v, sizeof(p[7].v), "trade_status_sync");
	return 8;
}

static long long
events(long long id)
{
	return sql_int("SELECT count(*) FROM order_event WHERE order_id ="
	    " %lld", id);
}

static int
log_has(const char *s)
{
	return stack_sh(&st, "grep -qF '%s' \"$STACK_DIR/log/webd.log\"",
	    s) == 0;
}

/* ---- the journey -------------------------------------------------------- */

START_TEST(test_the_whole_journey_ends_paid_and_waiting_for_review)
{
	struct http	 h;
	long long	 cert, id;
	char		 cashier[128], extra[256], no[40], want[128];

	as(C_A_ADMIN, "/certs", NULL, 200, &h);
	ck_assert(http_has(&h, "CA管理"));
	http_free(&h);
	cert = fresh_cert();
	ck_assert(cert > 0);
	id = order_for(C_A_ADMIN, cert);

	/* The payment page: 图5, the company's invoice header filled in. */
	getf(C_A_ADMIN, 200, &h, "/orders/pay?id=%lld", id);
	ck_assert(http_has(&h, "发票抬头"));
	ck_assert(http_has(&h, "value=\"" NAME_A "\""));
	ck_assert(http_has(&h, "value=\"" USCC_A "\""));
	ck_assert(http_has(&h, "电子普票"));
	ck_assert(http_has(&h, "纸质专票"));
	ck_assert(http_has(&h, "邮寄(顺丰到付)"));
	ck_assert(http_has(&h, "现场领取"));
	ck_assert(http_has(&h, "沈阳办理点"));
	ck_assert(http_has(&h, "辽宁省大连市甘井子区和丰园18-6号"));
	ck_assert(http_has(&h, "50.00元"));
	ck_assert(http_has(&h, ">立即支付<"));
	http_free(&h);

	/* 立即支付 -> the sandbox cashier. */
	pay_post(C_A_ADMIN, id, GOOD_FIELDS, 303, &h);
	cashier_of(&h, cashier, sizeof(cashier));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND state = 'started' AND provider = 'sandbox'"
	    " AND amount_fen = 5000", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice WHERE"
	    " order_id = %lld AND kind = 'e_normal' AND title = '" NAME_A "'"
	    " AND tax_id = '" USCC_A "'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders o JOIN office f"
	    " ON f.id = o.office_id WHERE o.id = %lld AND pickup_method ="
	    " 'onsite' AND f.code = 'dalian'", id), 1);
	/* 立即支付 again (back button): the same trade. */
	pay_post(C_A_ADMIN, id, GOOD_FIELDS, 303, &h);
	ck_assert(strstr(h.headers, cashier) != NULL);
	http_free(&h);

	as(C_A_ADMIN, cashier, NULL, 200, &h);
	ck_assert(http_has(&h, "收银台"));
	ck_assert(http_has(&h, "沙箱"));
	ck_assert(http_has(&h, "50.00"));
	http_free(&h);
	/* Back at the merchant without paying: nothing is paid. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=leave'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	snprintf(want, sizeof(want), "/pay/return?no=%s", no);
	getf(C_A_ADMIN, 200, &h, "%s", want);
	ck_assert(http_has(&h, "正在确认支付结果"));
	http_free(&h);
	sleep(2);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'unpaid'", id), 1);

	/* 确认支付: back to the merchant, which learns of it only from
	 * the signed notification. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 303, &h);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_msg(wait_paid(id), "no notification within 15 s");
	getf(C_A_ADMIN, 303, &h, "%s", want);
	snprintf(want, sizeof(want), "/orders/view?id=%lld&notice=paid", id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'paid' AND review_state = 'pending' AND"
	    " paid_at IS NOT NULL", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND state = 'paid' AND trade_no LIKE 'SB%%'", id),
	    1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.pay' AND actor = 'pay:sandbox' AND detail LIKE '%s%%'",
	    no), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'pay' AND actor = 'pay:sandbox'",
	    id), 1);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld&notice=paid", id);
	ck_assert(http_has(&h, "支付成功"));
	ck_assert(http_has(&h, "已支付"));
	ck_assert(http_has(&h, "待审核"));
	http_free(&h);
	/* Paid: the payment page sends to the order; choices are fixed. */
	getf(C_A_ADMIN, 303, &h, "/orders/pay?id=%lld", id);
	http_free(&h);
	pay_post(C_A_ADMIN, id, "invoice=yes&invoice_kind=paper_special",
	    303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice WHERE"
	    " order_id = %lld AND kind = 'e_normal'", id), 1);
}
END_TEST

/*
 * The payment page is the wizard's step 4; until the person picks one,
 * its 办理点 is the office in the company's city: 沈阳 for company A
 * (registered in 沈阳市), 大连 for company B (大连市), not 沈阳 for all.
 */
START_TEST(test_payment_is_step_4_and_the_office_is_the_company_city)
{
	struct http	 h;
	long long	 a = order_for(C_A_ADMIN, fresh_cert());
	long long	 b;

	b = order_for(C_B_ADMIN, sql_int("SELECT c.id FROM cert c JOIN"
	    " company co ON co.id = c.company_id WHERE co.uscc = '"
	    DEMO_USCC_B "' AND c.status = 'valid' AND c.not_after >"
	    " %lld AND NOT EXISTS (SELECT 1 FROM orders o"
	    " WHERE o.cert_id = c.id) ORDER BY c.id LIMIT 1",
	    (long long)time(NULL)));

	getf(C_A_ADMIN, 200, &h, "/orders/pay?id=%lld", a);
	demo_assert_steps(&h, 4);
	ck_assert(http_has(&h, "name=\"office\" value=\"shenyang\" checked"));
	ck_assert(!http_has(&h, "name=\"office\" value=\"dalian\" checked"));
	http_free(&h);
	getf(C_B_ADMIN, 200, &h, "/orders/pay?id=%lld", b);
	demo_assert_steps(&h, 4);
	ck_assert(http_has(&h, "name=\"office\" value=\"dalian\" checked"));
	ck_assert(!http_has(&h, "name=\"office\" value=\"shenyang\" checked"));
	http_free(&h);
	/* A choice the person made is kept, whatever the city (the page
	 * comes back for the wrong tax id). */
	pay_post(C_B_ADMIN, b, "invoice=yes&invoice_kind=e_normal&title=x&"
	    "tax_id=91210211MA0YDEM23B&address=&phone=&bank=&bank_account=&"
	    "method=onsite&office=shenyang&ship_address=", 400, &h);
	ck_assert(http_has(&h, "纳税人识别号不正确"));
	ck_assert(http_has(&h, "name=\"office\" value=\"shenyang\" checked"));
	ck_assert(!http_has(&h, "name=\"office\" value=\"dalian\" checked"));
	http_free(&h);
}
END_TEST

START_TEST(test_bad_payment_fields_are_said_and_kept)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert());

	/* A wrong check character in the tax id; 纸质专票 without bank. */
	pay_post(C_A_ADMIN, id, "invoice=yes&invoice_kind=paper_special&"
	    "title=" NAME_A "&tax_id=91210105MA0YDEM15X&address=沈阳市&"
	    "phone=024-1234567&bank=&bank_account=&method=mail&"
	    "ship_address=", 400, &h);
	ck_assert(http_has(&h, "纳税人识别号不正确"));
	ck_assert(http_has(&h, "value=\"91210105MA0YDEM15X\""));
	ck_assert(http_has(&h, "value=\"024-1234567\""));
	ck_assert(http_has(&h, "请输入开户行"));
	ck_assert(http_has(&h, "请填写收货地址"));
	http_free(&h);
	/* No 领取方式; an unknown office. */
	pay_post(C_A_ADMIN, id, "invoice=no", 400, &h);
	ck_assert(http_has(&h, "请选择领取方式"));
	http_free(&h);
	pay_post(C_A_ADMIN, id, "invoice=no&method=onsite&office=beijing",
	    400, &h);
	ck_assert(http_has(&h, "请选择办理点"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld", id), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pickup_method IS NULL", id), 1);
	/* Someone else's order: 404. */
	getf(C_B_ADMIN, 404, &h, "/orders/pay?id=%lld", id);
	http_free(&h);
	/* 不开具 and 邮寄 is fine. */
	pay_post(C_A_ADMIN, id, "invoice=no&method=mail&ship_address="
	    "辽宁省沈阳市和平区演示路1号 张演示 13900000001", 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice WHERE"
	    " order_id = %lld", id), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pickup_method = 'mail' AND ship_address LIKE '辽宁省%%'",
	    id), 1);
}
END_TEST

START_TEST(test_only_a_genuine_notification_of_the_right_amount_pays)
{
	struct http	 h;
	struct param	 p[10];
	long long	 id = order_for(C_A_ADMIN, fresh_cert()), before;
	long long	 paid_order;
	char		 no[40], ptrade[80], pno[40];
	size_t		 n;

	pay_post(C_A_ADMIN, id, GOOD_FIELDS, 303, &h);
	http_free(&h);
	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	before = events(id);
	/* Unsigned. */
	n = notice_params(p, no, "SB2026000000000001", "50.00");
	ck_assert_int_eq(notify(p, n, NULL, NULL, &h), 400);
	ck_assert(http_has(&h, "fail"));
	http_free(&h);
	/* Signed by another key. */
	ck_assert_int_eq(stack_sh(&st, "openssl genpkey -algorithm RSA "
	    "-pkeyopt rsa_keygen_bits:2048 -out " T "/other.pem 2>/dev/null"),
	    0);
	n = notice_params(p, no, "SB2026000000000001", "50.00");
	ck_assert_int_eq(notify(p, n, "t/other.pem", NULL, &h), 400);
	http_free(&h);
	ck_assert(log_has("bad signature"));
	/* The sandbox's key, but altered after signing (0.01 yuan). */
	n = notice_params(p, no, "SB2026000000000001", "50.00");
	ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", "0.01", &h), 400);
	http_free(&h);
	/* Genuinely signed, but the wrong amount. */
	n = notice_params(p, no, "SB2026000000000001", "0.01");
	ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", NULL, &h), 400);
	http_free(&h);
	ck_assert(log_has("1 fen paid, 5000 due"));
	/* Genuinely signed, for no order of ours. */
	n = notice_params(p, "CR2099010112345678", "SB2026000000000002",
	    "50.00");
	ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", NULL, &h), 400);
	http_free(&h);
	ck_assert_int_eq(events(id), before);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'unpaid'", id), 1);

	/* The right one pays; sent again (a retry, a replay) it changes
	 * nothing and is still acknowledged. */
	n = notice_params(p, no, "SB2026000000000003", "50.00");
	ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", NULL, &h), 200);
	ck_assert(http_has(&h, "success"));
	http_free(&h);
	ck_assert_int_eq(events(id), before + 1);
	n = notice_params(p, no, "SB2026000000000003", "50.00");
	ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", NULL, &h), 200);
	http_free(&h);
	ck_assert_int_eq(events(id), before + 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND trade_no = 'SB2026000000000003'", id), 1);
	ck_assert(log_has("already paid, nothing changed"));

	/* The journey's order, paid through the sandbox (its trade numbers
	 * are 26 long): its notification replayed changes nothing. */
	paid_order = sql_int("SELECT COALESCE(max(order_id), 0) FROM payment"
	    " WHERE length(trade_no) = 26");
	if (paid_order > 0) {
		sql_str(pno, sizeof(pno), "SELECT order_no FROM orders WHERE"
		    " id = %lld", paid_order);
		sql_str(ptrade, sizeof(ptrade), "SELECT trade_no FROM payment"
		    " WHERE order_id = %lld", paid_order);
		before = events(paid_order);
		n = notice_params(p, pno, ptrade, "50.00");
		ck_assert_int_eq(notify(p, n, "paysandbox/key.pem", NULL, &h),
		    200);
		http_free(&h);
		ck_assert_int_eq(events(paid_order), before);
	}
}
END_TEST

START_TEST(test_cancel_closes_the_trade_and_the_order)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert());
	char		 cashier[128], extra[256], want[64];

	pay_post(C_A_ADMIN, id, GOOD_FIELDS, 303, &h);
	cashier_of(&h, cashier, sizeof(cashier));
	http_free(&h);
	/* Without the CSRF token: nothing. */
	snprintf(extra, sizeof(extra), "-d 'id=%lld'", id);
	as(C_A_ADMIN, "/orders/cancel", extra, 403, &h);
	http_free(&h);
	/* Another company: 404. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld'",
	    csrf[C_B_ADMIN], id);
	as(C_B_ADMIN, "/orders/cancel", extra, 404, &h);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld'",
	    csrf[C_A_ADMIN], id);
	as(C_A_ADMIN, "/orders/cancel", extra, 303, &h);
	snprintf(want, sizeof(want), "/orders/view?id=%lld&notice=cancelled",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "%s", want);
	ck_assert(http_has(&h, "订单已取消"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'cancelled'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND state = 'closed'", id), 1);
	/* The trade is closed at the gateway too: it cannot be paid. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 409, &h);
	ck_assert(http_has(&h, "交易已关闭"));
	http_free(&h);
	sleep(2);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'cancelled'", id), 1);
	/* Cancelled again: nothing more. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld'",
	    csrf[C_A_ADMIN], id);
	as(C_A_ADMIN, "/orders/cancel", extra, 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'cancel'", id), 1);
}
END_TEST

/* Runs SQL on the sandbox gateway's own database. */
static void
sandbox_sql(const char *q)
{
	ck_assert_int_eq(stack_sh(&st, "sqlite3 \"$STACK_DIR/paysandbox/"
	    "trades.db\" \"%s\"", q), 0);
}

START_TEST(test_a_notification_that_is_not_acknowledged_is_sent_again)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert());
	char		 cashier[128], extra[256], no[40], q[512], url[256];

	pay_post(C_A_ADMIN, id, GOOD_FIELDS, 303, &h);
	cashier_of(&h, cashier, sizeof(cashier));
	http_free(&h);
	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	/* The merchant cannot be reached (nothing listens on port 9). */
	snprintf(q, sizeof(q), "UPDATE trade SET notify_url ="
	    " 'https://127.0.0.1:9/pay/notify' WHERE out_trade_no = '%s'", no);
	sandbox_sql(q);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	sleep(3);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'unpaid'", id), 1);
	ck_assert(stack_sh(&st, "sqlite3 \"$STACK_DIR/paysandbox/trades.db\""
	    " \"SELECT notify_tries FROM trade WHERE out_trade_no = '%s'\" |"
	    " grep -qv '^0$'", no) == 0);
	/* Reachable again: the next try is acknowledged and pays. */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/pay/notify", st.port);
	snprintf(q, sizeof(q), "UPDATE trade SET notify_url = '%s',"
	    " notify_due = 0 WHERE out_trade_no = '%s'", url, no);
	sandbox_sql(q);
	ck_assert_msg(wait_paid(id), "not paid after the retry");
	ck_assert(stack_sh(&st, "sqlite3 \"$STACK_DIR/paysandbox/trades.db\""
	    " \"SELECT count(*) FROM trade WHERE out_trade_no = '%s' AND"
	    " notify_due IS NULL AND notify_done_at IS NOT NULL\" |"
	    " grep -q '^1$'", no) == 0);
}
END_TEST

START_TEST(test_an_order_unpaid_for_24_hours_closes_itself)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert());
	char		 want[64];

	ck_assert_int_eq(demo_sql(&st, "UPDATE orders SET created_at ="
	    " created_at - 86401, updated_at = updated_at - 86401 WHERE"
	    " pay_state = 'unpaid' AND id = (SELECT max(id) FROM orders)",
	    NULL, 0), 0);
	getf(C_A_ADMIN, 303, &h, "/orders/pay?id=%lld", id);
	snprintf(want, sizeof(want), "/orders/view?id=%lld", id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'closed'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'expire' AND actor = 'system'", id),
	    1);
}
END_TEST

static void
up(void)
{
	int	 n;
	static const struct {
		const char	*mobile, *role, *uscc;
	} who[C__MAX] = {
		{ "13900000001", "admin", DEMO_USCC_A },
		{ "13900000003", "admin", DEMO_USCC_B },
	};
	char	 path[PATH_MAX + 16];
	FILE	*f;

	if (demo_up(&st) != 0)
		goto fail;
	for (n = 0; n < C__MAX; n++)
		if (demo_login(&st, 70 + n, n, who[n].mobile, who[n].role,
		    who[n].uscc, csrf[n]) == -1)
			goto fail;
	snprintf(path, sizeof(path), "%s/t/s.png", st.dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(sample_png, 1, sizeof(sample_png), f);
	fclose(f);
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_pay: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("pay");
	TCase	*tc = tcase_create("pay");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_the_whole_journey_ends_paid_and_waiting_for_review);
	tcase_add_test(tc,
	    test_payment_is_step_4_and_the_office_is_the_company_city);
	tcase_add_test(tc, test_bad_payment_fields_are_said_and_kept);
	tcase_add_test(tc, test_only_a_genuine_notification_of_the_right_amount_pays);
	tcase_add_test(tc, test_cancel_closes_the_trade_and_the_order);
	tcase_add_test(tc,
	    test_a_notification_that_is_not_acknowledged_is_sent_again);
	tcase_add_test(tc, test_an_order_unpaid_for_24_hours_closes_itself);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
