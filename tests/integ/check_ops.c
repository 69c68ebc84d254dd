/*
 * check_ops.c: integration tests of 审核, the operators' side of an order
 * (fcgi/ops.c), through real nginx (TLS client certificates), workers,
 * ticker, sandbox gateway and signing daemon.
 *
 * Orders are made the way applicants make them — the CA补办 wizard with
 * a stamped statement, the payment page, the sandbox cashier, the
 * gateway's signed notification — and operators log in with their demo
 * client certificates (CA登录), as at the office.  What the operators'
 * decisions did is checked from the outside: the applicant's pages, the
 * app database through its CLI (STACK_SQL), the sandbox's through the
 * sqlite3 CLI, the signing daemon with `cactl show`, and the CRL fetched
 * over plain HTTP from nginx with `openssl crl` and `openssl verify
 * -crl_check`.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define CACTL		"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define NAME_A		"辽宁演示建设工程有限公司"
#define USCC_A		DEMO_USCC_A

#define OP_SY		"13900000101"	/* 钱办理, 沈阳办理点 */
#define OP_SY2		"13900000102"	/* 周复核, 沈阳办理点 */
#define OP_DL		"13900000103"	/* 吴办理, 大连办理点 */

enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A (password) */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B (password) */
	C_OP_PW,	/* 钱办理 with his password, as 个人 */
	C_OP_SY,	/* 钱办理 by CA登录 */
	C_OP_SY2,	/* 周复核 by CA登录 */
	C_OP_DL,	/* 吴办理 by CA登录 */
	C__MAX
};

static struct stack	 st;
static char		 csrf[C__MAX][65];
static int		 landed_on_ops[C__MAX];	/* CA登录 sent to /ops */

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* Client n (< 0: anonymous) asks for path with extra curl words. */
static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	char	 args[16384];

	if (n >= 0)
		snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T
		    "/jar-%d -b " T "/jar-%d %s", 90 + n, n, n,
		    extra != NULL ? extra : "");
	else
		snprintf(args, sizeof(args), "--interface 127.0.0.99 %s",
		    extra != NULL ? extra : "");
	ck_assert_int_eq(stack_curl(&st, path, args, h), 0);
	if (status != 0)
		ck_assert_msg(h->status == status, "%s: HTTP %d, wanted %d",
		    path, h->status, status);
}

static void
getf(int n, int status, struct http *h, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
getf(int n, int status, struct http *h, const char *fmt, ...)
{
	char	 path[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	as(n, path, NULL, status, h);
}

/* POSTs path as client n with the form words (csrf and id added). */
static void
post(int n, const char *path, long long id, const char *more, int status,
    struct http *h)
{
	char	 extra[4096];

	snprintf(extra, sizeof(extra), "--data-urlencode 'csrf=%s' "
	    "--data-urlencode 'id=%lld' %s", csrf[n], id,
	    more != NULL ? more : "");
	as(n, path, extra, status, h);
}

/* ---- orders, made as an applicant makes them -------------------------- */

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
 * Walks the wizard for cert as client n (reason lost or damaged, the
 * stamped PNG) up to 提交订单 and returns the new order's id.
 */
static long long
order_for(int n, long long cert, const char *reason)
{
	struct http	 h;
	char		 extra[PATH_MAX + 512], key[33];
	const char	*p;

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=%s -F 'statement=@%s/t/s.png;filename=盖章.png'",
	    csrf[n], cert, reason, st.dir);
	as(n, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	getf(n, 200, &h, "/reissue/confirm?cert=%lld", cert);
	ck_assert_ptr_nonnull(p = strstr(h.body,
	    "name=\"submit_key\" value=\""));
	p += strlen("name=\"submit_key\" value=\"");
	memcpy(key, p, 32);
	key[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf[n], cert, key);
	as(n, "/reissue/confirm", extra, 303, &h);
	http_free(&h);
	return sql_int("SELECT id FROM orders WHERE cert_id = %lld", cert);
}

/*
 * 立即支付 for order id with 领取方式 how ("onsite&office=shenyang",
 * "mail&ship_address=…"): returns the cashier path in cashier.
 */
static void
checkout(int n, long long id, const char *how, char *cashier, size_t sz)
{
	struct http	 h;
	char		 extra[4096];
	const char	*p;

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld&invoice=no&"
	    "method=%s&pay_method=online'", csrf[n], id, how);
	as(n, "/orders/pay", extra, 303, &h);
	ck_assert_ptr_nonnull(p = strstr(h.headers, "/sandbox/cashier?t="));
	snprintf(cashier, sz, "%.*s", 19 + 32, p);
	http_free(&h);
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

/* A new order of company A, paid through the sandbox cashier. */
static long long
paid_order(const char *reason, const char *how)
{
	struct http	 h;
	char		 cashier[128], extra[256];
	long long	 id;

	id = order_for(C_A_ADMIN, fresh_cert(), reason);
	checkout(C_A_ADMIN, id, how, cashier, sizeof(cashier));
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	ck_assert_msg(wait_paid(id), "order %lld: no notification", id);
	return id;
}

static long long
events(long long id)
{
	return sql_int("SELECT count(*) FROM order_event WHERE order_id ="
	    " %lld", id);
}

static long long
audits(void)
{
	return sql_int("SELECT count(*) FROM audit");
}

/* The serial of the certificate order id replaces. */
static void
serial_of(long long id, char *out, size_t sz)
{
	sql_str(out, sz, "SELECT c.serial_hex FROM cert c JOIN orders o ON"
	    " o.cert_id = c.id WHERE o.id = %lld", id);
}

/* 1 if `cactl show` says serial is not revoked. */
static int
daemon_says_valid(const char *serial)
{
	return stack_sh(&st, CACTL " show %s | grep -qx 'revoked: *no'",
	    serial) == 0;
}

/* ---- the tests --------------------------------------------------------- */

START_TEST(test_anonymous_visitors_go_to_login)
{
	static const char *const paths[] = { "/ops", "/ops/order?id=1",
	    "/ops/upload?id=1", NULL };
	struct http	 h;
	int		 i;

	for (i = 0; paths[i] != NULL; i++) {
		as(-1, paths[i], NULL, 303, &h);
		ck_assert(http_location_is(&h, "/login"));
		http_free(&h);
	}
	/* A POST without a session has no CSRF token: refused first. */
	as(-1, "/ops/approve", "-d 'id=1'", 403, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_ca_login_of_an_operator_opens_the_queue)
{
	struct http	 h;

	/* The fixture's CA登录 sent the operators on to the queue. */
	ck_assert(landed_on_ops[C_OP_SY]);
	ck_assert(landed_on_ops[C_OP_DL]);
	as(C_OP_SY, "/ops", NULL, 200, &h);
	ck_assert(http_has(&h, "审核队列"));
	ck_assert(http_has(&h, "办理点工作台"));
	ck_assert(http_has(&h, "钱办理"));
	ck_assert(http_has(&h, "沈阳办理点"));
	ck_assert(http_has(&h, ">待审核<"));
	http_free(&h);
	/* Home (the logo) is the queue for them. */
	as(C_OP_SY, "/", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/ops"));
	http_free(&h);
}
END_TEST

START_TEST(test_an_operator_logged_in_by_password_is_refused)
{
	struct http	 h;

	as(C_OP_PW, "/ops", NULL, 403, &h);
	ck_assert(!http_has(&h, "审核队列"));
	http_free(&h);
	as(C_OP_PW, "/ops/order?id=1", NULL, 403, &h);
	http_free(&h);
	/* Home is their personal centre, as for any applicant. */
	as(C_OP_PW, "/", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/certs"));
	http_free(&h);
}
END_TEST

START_TEST(test_applicants_get_403_on_every_operator_url)
{
	struct http	 h;
	long long	 id = paid_order("lost", "onsite&office=shenyang");
	long long	 ev = events(id), au = audits();
	char		 path[64];
	int		 n;

	for (n = C_A_ADMIN; n <= C_B_ADMIN; n++) {
		as(n, "/ops", NULL, 403, &h);
		http_free(&h);
		snprintf(path, sizeof(path), "/ops/order?id=%lld", id);
		as(n, path, NULL, 403, &h);
		http_free(&h);
		snprintf(path, sizeof(path), "/ops/upload?id=%lld", id);
		as(n, path, NULL, 403, &h);
		ck_assert(!http_has_header(&h, "Content-Type", "image/"));
		http_free(&h);
		post(n, "/ops/approve", id, NULL, 403, &h);
		http_free(&h);
		post(n, "/ops/reject", id, "--data-urlencode 'reason=不行'",
		    403, &h);
		http_free(&h);
	}
	ck_assert_int_eq(events(id), ev);
	ck_assert_int_eq(audits(), au);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'paid' AND review_state = 'pending'", id), 1);
}
END_TEST

START_TEST(test_queue_and_order_page_show_a_paid_order)
{
	struct http	 h;
	long long	 sy = paid_order("lost", "onsite&office=shenyang");
	long long	 dl = paid_order("damaged", "onsite&office=dalian");
	long long	 mail = paid_order("lost",
	    "mail&ship_address=辽宁省沈阳市和平区演示街9号");
	char		 no_sy[40], no_dl[40], no_mail[40], serial[48];
	char		 want[128], why[256];

	sql_str(no_sy, sizeof(no_sy), "SELECT order_no FROM orders WHERE"
	    " id = %lld", sy);
	sql_str(no_dl, sizeof(no_dl), "SELECT order_no FROM orders WHERE"
	    " id = %lld", dl);
	sql_str(no_mail, sizeof(no_mail), "SELECT order_no FROM orders WHERE"
	    " id = %lld", mail);

	/* Default: the operator's own office, 待审核; 邮寄 is 沈阳's. */
	as(C_OP_SY, "/ops", NULL, 200, &h);
	ck_assert(http_has(&h, no_sy));
	ck_assert(http_has(&h, no_mail));
	ck_assert(!http_has(&h, no_dl));
	ck_assert(http_has(&h, "支付时间"));
	ck_assert(http_has(&h, "持锁人"));
	ck_assert(http_has(&h, "证书丢失"));
	ck_assert(http_has(&h, "邮寄(顺丰到付)"));
	snprintf(want, sizeof(want), "href=\"/ops/order?id=%lld\"", sy);
	ck_assert(http_has(&h, want));
	ck_assert(http_has(&h, ">处理<"));
	/* Oldest payment first. */
	ck_assert(strstr(h.body, no_sy) < strstr(h.body, no_mail));
	http_free(&h);
	/* The other office's and all offices' orders may be looked at. */
	as(C_OP_SY, "/ops?office=dalian", NULL, 200, &h);
	ck_assert(http_has(&h, no_dl));
	ck_assert(!http_has(&h, no_sy));
	http_free(&h);
	as(C_OP_SY, "/ops?office=all&status=all", NULL, 200, &h);
	ck_assert(http_has(&h, no_dl));
	ck_assert(http_has(&h, no_sy));
	ck_assert(http_has(&h, no_mail));
	http_free(&h);
	as(C_OP_DL, "/ops", NULL, 200, &h);
	ck_assert(http_has(&h, no_dl));
	ck_assert(!http_has(&h, no_sy));
	ck_assert(!http_has(&h, no_mail));
	http_free(&h);
	/* Nothing approved yet. */
	as(C_OP_SY, "/ops?status=approved", NULL, 200, &h);
	ck_assert(!http_has(&h, no_sy));
	ck_assert(http_has(&h, "暂无待签发的订单"));
	http_free(&h);

	/* The order page: every applicant field, the statement inline. */
	serial_of(sy, serial, sizeof(serial));
	getf(C_OP_SY, 200, &h, "/ops/order?id=%lld", sy);
	ck_assert(http_has(&h, no_sy));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "张演示"));
	ck_assert(http_has(&h, "13900000001"));
	ck_assert(http_has(&h, serial));
	ck_assert(http_has(&h, "已关联平台"));
	ck_assert(http_has(&h, "证书丢失"));
	ck_assert(http_has(&h, "现场领取"));
	ck_assert(http_has(&h, "不开具"));
	ck_assert(http_has(&h, "沙箱支付"));
	ck_assert(http_has(&h, "订单记录"));
	ck_assert(http_has(&h, "本办理点"));
	snprintf(want, sizeof(want), "<img class=\"ops-statement-img\" "
	    "src=\"/ops/upload?id=%lld\"", sy);
	ck_assert(http_has(&h, want));
	ck_assert(http_has(&h, "action=\"/ops/approve\""));
	ck_assert(http_has(&h, "action=\"/ops/reject\""));
	ck_assert(http_has(&h, "密钥泄露(keyCompromise)"));
	http_free(&h);
	/* Another office's operator sees it without the forms. */
	getf(C_OP_DL, 200, &h, "/ops/order?id=%lld", sy);
	ck_assert(http_has(&h, "其他办理点"));
	ck_assert(!http_has(&h, "action=\"/ops/approve\""));
	http_free(&h);
	getf(C_OP_SY, 404, &h, "/ops/order?id=999999");
	http_free(&h);
	getf(C_OP_SY, 404, &h, "/ops/order?id=x");
	http_free(&h);

	/* The statement: the uploaded bytes, inline, not sniffable. */
	getf(C_OP_SY, 200, &h, "/ops/upload?id=%lld", sy);
	ck_assert(http_has_header(&h, "Content-Type", "image/png"));
	ck_assert(http_has_header(&h, "X-Content-Type-Options", "nosniff"));
	ck_assert(http_has_header(&h, "Content-Security-Policy", "sandbox"));
	ck_assert(http_has_header(&h, "Content-Disposition", "inline"));
	ck_assert_int_eq(h.body_len, sizeof(sample_png));
	ck_assert(memcmp(h.body, sample_png, sizeof(sample_png)) == 0);
	http_free(&h);
	getf(C_OP_SY, 404, &h, "/ops/upload?id=999999");
	http_free(&h);

	/* On a phone the queue and the order's 订单记录 are cards whose
	 * lines carry their own column's name. */
	as(C_OP_SY, "/ops", NULL, 200, &h);
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0, "%s", why);
	http_free(&h);
	getf(C_OP_SY, 200, &h, "/ops/order?id=%lld", sy);
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0, "%s", why);
	http_free(&h);
}
END_TEST

START_TEST(test_approving_an_unpaid_order_is_refused)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert(), "lost");
	long long	 ev, au;
	char		 cashier[128], serial[48];

	/* 领取方式 chosen (沈阳), the cashier opened, never paid. */
	checkout(C_A_ADMIN, id, "onsite&office=shenyang", cashier,
	    sizeof(cashier));
	serial_of(id, serial, sizeof(serial));
	ev = events(id);
	au = audits();
	post(C_OP_SY, "/ops/approve", id, NULL, 409, &h);
	ck_assert(http_has(&h, "该订单当前不能审核通过"));
	ck_assert(http_has(&h, "订单未作任何改动"));
	http_free(&h);
	post(C_OP_SY, "/ops/reject", id, "--data-urlencode 'reason=未付款'",
	    409, &h);
	ck_assert(http_has(&h, "该订单当前不能驳回"));
	http_free(&h);
	ck_assert_int_eq(events(id), ev);
	ck_assert_int_eq(audits(), au);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'unpaid' AND review_state = 'none'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert c JOIN orders o"
	    " ON o.cert_id = c.id WHERE o.id = %lld AND c.status = 'valid'",
	    id), 1);
	ck_assert(daemon_says_valid(serial));
	/* The page says it cannot be reviewed yet. */
	getf(C_OP_SY, 200, &h, "/ops/order?id=%lld", id);
	ck_assert(http_has(&h, "订单尚未支付"));
	ck_assert(!http_has(&h, "action=\"/ops/approve\""));
	http_free(&h);
}
END_TEST

START_TEST(test_an_operator_of_another_office_is_refused)
{
	struct http	 h;
	long long	 sy = paid_order("lost", "onsite&office=shenyang");
	long long	 mail = paid_order("lost",
	    "mail&ship_address=辽宁省沈阳市和平区演示街9号");
	long long	 dl = paid_order("lost", "onsite&office=dalian");
	long long	 au = audits();
	char		 serial[48];
	long long	 ids[2] = { sy, mail };
	int		 i;

	for (i = 0; i < 2; i++) {
		long long ev = events(ids[i]);

		post(C_OP_DL, "/ops/approve", ids[i], NULL, 403, &h);
		http_free(&h);
		post(C_OP_DL, "/ops/reject", ids[i],
		    "--data-urlencode 'reason=不是本办理点'", 403, &h);
		http_free(&h);
		ck_assert_int_eq(events(ids[i]), ev);
		serial_of(ids[i], serial, sizeof(serial));
		ck_assert(daemon_says_valid(serial));
	}
	post(C_OP_SY, "/ops/approve", dl, NULL, 403, &h);
	http_free(&h);
	post(C_OP_SY2, "/ops/reject", dl, "--data-urlencode 'reason=不是'",
	    403, &h);
	http_free(&h);
	serial_of(dl, serial, sizeof(serial));
	ck_assert(daemon_says_valid(serial));
	ck_assert_int_eq(audits(), au);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id IN"
	    " (%lld, %lld, %lld) AND review_state = 'pending'", sy, mail, dl),
	    3);
	/* No such order: 404. */
	post(C_OP_SY, "/ops/approve", 999999, NULL, 404, &h);
	http_free(&h);
}
END_TEST

/* Polls the CRL nginx serves until it lists serial; 1 found, 0 not. */
static int
crl_lists(const char *serial, const char *name)
{
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 60; i++) {
		if (stack_sh(&st, "cd " T " && curl -sf -o %s.der "
		    "\"http://127.0.0.1:$HTTP_PORT/crl/issuing-ca.crl\" && "
		    "openssl crl -inform DER -in %s.der -out %s.pem && "
		    "openssl crl -in %s.pem -noout -text | tr -d ' :' | "
		    "grep -qi 'SerialNumber%s'", name, name, name, name,
		    serial) == 0)
			return 1;
		nanosleep(&tenth, NULL);
	}
	return 0;
}

START_TEST(test_approve_revokes_the_old_certificate_at_once)
{
	struct http	 h;
	long long	 id = paid_order("lost", "onsite&office=shenyang");
	long long	 cert = sql_int("SELECT cert_id FROM orders WHERE id ="
	    " %lld", id);
	long long	 op = sql_int("SELECT id FROM person WHERE mobile = '"
	    OP_SY "'");
	long long	 ev, au;
	char		 serial[48], no[40], want[160];

	serial_of(id, serial, sizeof(serial));
	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	ck_assert(daemon_says_valid(serial));
	/* Paid, 现场领取: 收货状态 is the guide's 待发货 in the list and in the
	 * history alike. */
	getf(C_A_ADMIN, 200, &h, "/orders");
	ck_assert(http_has(&h, ">待发货<"));
	ck_assert(!http_has(&h, "待发放"));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, ">待发货<"));
	ck_assert(!http_has(&h, "待发放"));
	http_free(&h);
	/* The demo certificate file of that serial, for openssl verify. */
	ck_assert_int_eq(stack_sh(&st, "for f in " CERTS "/*.crt; do "
	    "s=$(openssl x509 -in $f -noout -serial | sed s/serial=//); "
	    "[ \"$s\" = '%s' ] && cp $f " T "/old-%lld.crt && exit 0; done; "
	    "exit 1", serial, id), 0);

	post(C_OP_SY, "/ops/approve", id, NULL, 303, &h);
	snprintf(want, sizeof(want), "/ops/order?id=%lld&notice=approved",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);

	/* The order: 审核通过 / 待签发, by the operator. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'paid' AND review_state = 'approved' AND"
	    " delivery_state = 'awaiting_issue'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'approve' AND actor ="
	    " 'operator:%lld'", id, op), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.approve' AND actor = 'operator:%lld' AND detail LIKE"
	    " '%s%%'", op, no), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'cert.revoke' AND actor = 'operator:%lld' AND detail LIKE"
	    " '%%serial=%s reason=keyCompromise'", op, serial), 1);
	/* CA管理's row. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE id = %lld"
	    " AND status = 'revoked'", cert), 1);
	/* The signing daemon: revoked for the order, keyCompromise. */
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -q "
	    "'^revoked: .*(keyCompromise)'", serial), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -qF 'operator:%lld revoke: "
	    "serial=%s reason=keyCompromise order=%s' "
	    "\"$STACK_DIR/log/cad.log\"", op, serial, no), 0);
	/* The CRL nginx serves lists it with the reason, and an
	 * independent verifier refuses the old certificate. */
	ck_assert_msg(crl_lists(serial, "crl-approve"), "CRL lacks %s",
	    serial);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl crl -in "
	    "crl-approve.pem -noout -text | tr -d ' :' | awk "
	    "'/^SerialNumber/ { p = toupper($0) == \"SERIALNUMBER%s\" } p' | "
	    "grep -q 'KeyCompromise'", serial), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && ! openssl verify "
	    "-crl_check -CAfile \"$STACK_DIR/ca/chain.pem\" -CRLfile "
	    "crl-approve.pem old-%lld.crt > verify-%lld.out 2>&1 && "
	    "grep -q 'certificate revoked' verify-%lld.out", id, id, id), 0);

	/* The operator's page says so. */
	getf(C_OP_SY, 200, &h, "/ops/order?id=%lld&notice=approved", id);
	ck_assert(http_has(&h, "审核通过：原证书已注销"));
	ck_assert(http_has(&h, "待签发"));
	ck_assert(http_has(&h, "已注销"));
	ck_assert(http_has(&h, "钱办理"));
	ck_assert(!http_has(&h, "action=\"/ops/approve\""));
	http_free(&h);
	/* The queue moved it to 待签发. */
	as(C_OP_SY, "/ops?status=approved", NULL, 200, &h);
	ck_assert(http_has(&h, no));
	http_free(&h);
	/* The applicant: 审核通过 / 待签发, and CA管理 says 已注销. */
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, "审核通过"));
	ck_assert(http_has(&h, "待签发"));
	ck_assert(http_has(&h, "办理点审核员"));
	ck_assert(!http_has(&h, "钱办理"));
	/* The revocation in Chinese only, without the technical name. */
	snprintf(want, sizeof(want), "原证书 %s 已注销，注销原因：密钥泄露",
	    serial);
	ck_assert(http_has(&h, want));
	ck_assert(!http_has(&h, "keyCompromise"));
	ck_assert(!http_has(&h, "已注销("));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/certs/view?id=%lld", cert);
	ck_assert(http_has(&h, "已注销"));
	http_free(&h);

	/* Approving again, by the same or another operator: nothing. */
	ev = events(id);
	au = audits();
	post(C_OP_SY, "/ops/approve", id, NULL, 303, &h);
	snprintf(want, sizeof(want), "/ops/order?id=%lld&notice="
	    "approve_again", id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	post(C_OP_SY2, "/ops/approve", id, NULL, 303, &h);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(events(id), ev);
	ck_assert_int_eq(audits(), au);
	/* Nor can it be rejected now. */
	post(C_OP_SY2, "/ops/reject", id, "--data-urlencode 'reason=晚了'",
	    409, &h);
	http_free(&h);
	ck_assert_int_eq(events(id), ev);
}
END_TEST

START_TEST(test_approve_of_a_damaged_key_supersedes_it)
{
	struct http	 h;
	long long	 id = paid_order("damaged",
	    "mail&ship_address=辽宁省沈阳市和平区演示街9号");
	char		 serial[48], want[160];

	serial_of(id, serial, sizeof(serial));
	/* 邮寄 is 沈阳办理点's: 周复核 may approve it. */
	post(C_OP_SY2, "/ops/approve", id, NULL, 303, &h);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -q "
	    "'^revoked: .*(superseded)'", serial), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND review_state = 'approved'", id), 1);
	/* The applicant reads the reason in Chinese. */
	snprintf(want, sizeof(want), "原证书 %s 已注销，注销原因：已被取代",
	    serial);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, want));
	ck_assert(!http_has(&h, "superseded"));
	http_free(&h);
	/* So do those approved before the history was Chinese only (the
	 * history is append-only: its guard is lifted to write the old
	 * words, then put back). */
	if (stack_pg(&st))
		sql_int("ALTER TABLE order_event DISABLE TRIGGER"
		    " order_event_append_only; UPDATE order_event SET detail ="
		    " '原证书 %s 已注销(superseded)' WHERE order_id = %lld AND"
		    " event = 'approve'; ALTER TABLE order_event ENABLE TRIGGER"
		    " order_event_append_only; SELECT 1", serial, id);
	else
		sql_int("DROP TRIGGER order_event_no_update; UPDATE order_event"
		    " SET detail = '原证书 %s 已注销(superseded)' WHERE order_id ="
		    " %lld AND event = 'approve'; SELECT changes(); CREATE"
		    " TRIGGER order_event_no_update BEFORE UPDATE ON order_event"
		    " BEGIN SELECT RAISE(ABORT, 'order history is append-only');"
		    " END", serial, id);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, want));
	ck_assert(!http_has(&h, "superseded"));
	http_free(&h);
}
END_TEST

START_TEST(test_reject_needs_a_reason_and_refunds)
{
	struct http	 h;
	long long	 id = paid_order("lost", "onsite&office=dalian");
	long long	 op = sql_int("SELECT id FROM person WHERE mobile = '"
	    OP_DL "'");
	long long	 ev = events(id), au = audits();
	char		 no[40], serial[48], want[128];

	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	serial_of(id, serial, sizeof(serial));

	/* Without a reason (or only spaces): said, nothing changes. */
	post(C_OP_DL, "/ops/reject", id, NULL, 400, &h);
	ck_assert(http_has(&h, "请填写驳回原因"));
	http_free(&h);
	post(C_OP_DL, "/ops/reject", id, "--data-urlencode 'reason=   '",
	    400, &h);
	http_free(&h);
	ck_assert_int_eq(events(id), ev);
	ck_assert_int_eq(audits(), au);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND state = 'paid'", id), 1);

	post(C_OP_DL, "/ops/reject", id, "--data-urlencode "
	    "'reason=情况说明书未加盖公章，请重新申请'", 303, &h);
	snprintf(want, sizeof(want), "/ops/order?id=%lld&notice=rejected",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'refunded' AND review_state = 'rejected' AND"
	    " reject_reason = '情况说明书未加盖公章，请重新申请'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE"
	    " order_id = %lld AND state = 'refunded'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'reject' AND actor ="
	    " 'operator:%lld'", id, op), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.reject' AND actor = 'operator:%lld'", op), 1);
	/* The gateway refunded the trade. */
	ck_assert_int_eq(stack_sh(&st, "[ \"$(sqlite3 -batch -noheader "
	    "\"$STACK_DIR/paysandbox/trades.db\" \"SELECT state FROM trade "
	    "WHERE out_trade_no = '%s'\")\" = refunded ]", no), 0);
	/* The old certificate stays valid. */
	ck_assert(daemon_says_valid(serial));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert c JOIN orders o"
	    " ON o.cert_id = c.id WHERE o.id = %lld AND c.status = 'valid'",
	    id), 1);

	/* The applicant sees 审核驳回, the reason and 已退款. */
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, "审核驳回"));
	ck_assert(http_has(&h, "情况说明书未加盖公章，请重新申请"));
	ck_assert(http_has(&h, "已退款"));
	http_free(&h);
	/* The operator's page and queue. */
	getf(C_OP_DL, 200, &h, "/ops/order?id=%lld&notice=rejected", id);
	ck_assert(http_has(&h, "已驳回：款项已原路退回"));
	ck_assert(!http_has(&h, "action=\"/ops/reject\""));
	http_free(&h);
	as(C_OP_DL, "/ops?status=rejected", NULL, 200, &h);
	ck_assert(http_has(&h, no));
	http_free(&h);

	/* Again: nothing; approving now is refused. */
	ev = events(id);
	au = audits();
	post(C_OP_DL, "/ops/reject", id, "--data-urlencode 'reason=再次'",
	    303, &h);
	http_free(&h);
	post(C_OP_DL, "/ops/approve", id, NULL, 409, &h);
	http_free(&h);
	ck_assert_int_eq(events(id), ev);
	ck_assert_int_eq(audits(), au);
	ck_assert(daemon_says_valid(serial));
}
END_TEST

START_TEST(test_screenshots_in_chromium)
{
	char	 out[PATH_MAX + 32];

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_ops: screenshots skipped (needs node, "
		    "/usr/bin/chromium and `npm ci --prefix tests/browser`)\n");
		return;
	}
	/* An order waiting in the queue for the order page's picture. */
	paid_order("lost", "onsite&office=shenyang");
	snprintf(out, sizeof(out), "%s/tests/out", st.top);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && SHOTS=ops "
	    "OPS_CERT=\"$STACK_DIR/demo-certs/" OP_SY "-1\" node "
	    "\"$TOP/tests/browser/shots.js\" https://127.0.0.1:$PORT '%s' "
	    ">&2", out, out), 0);
	ck_assert_int_eq(stack_sh(&st, "for f in ops ops-order; do for w in "
	    "1280 390; do test -s '%s'/$f-$w.png || exit 1; done; done", out),
	    0);
}
END_TEST

/* ---- fixture -------------------------------------------------------- */

/*
 * CA登录 of mobile as client n with its demo certificate: the session's
 * CSRF token goes to csrf[n], whether the login went on to /ops to
 * landed_on_ops[n].
 */
static int
ca_login(int n, const char *mobile)
{
	struct http	 h;
	char		 args[1024], tok[65];
	int		 rc = -1;

	memset(&h, 0, sizeof(h));
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", 90 + n, n, n);
	if (stack_curl(&st, "/login?tab=ca", args, &h) != 0 ||
	    http_csrf(&h, tok) == -1)
		goto out;
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d --cert " CERTS "/%s-1.crt --key " CERTS
	    "/%s-1.key -d 'csrf=%s&agree=1'", 90 + n, n, n, mobile, mobile,
	    tok);
	if (stack_curl(&st, "/login/ca", args, &h) != 0 || h.status != 303)
		goto out;
	landed_on_ops[n] = http_location_is(&h, "/ops");
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", 90 + n, n, n);
	if (stack_curl(&st, "/ops", args, &h) != 0 || h.status != 200 ||
	    http_csrf(&h, csrf[n]) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "CA登录 of %s failed (HTTP %d)\n", mobile,
		    h.status);
	http_free(&h);
	return rc;
}

static void
up(void)
{
	char	 path[PATH_MAX + 16];
	FILE	*f;

	if (demo_up(&st) != 0 ||
	    demo_login(&st, 90 + C_A_ADMIN, C_A_ADMIN, "13900000001", "admin",
	    DEMO_USCC_A, csrf[C_A_ADMIN]) == -1 ||
	    demo_login(&st, 90 + C_B_ADMIN, C_B_ADMIN, "13900000003", "admin",
	    DEMO_USCC_B, csrf[C_B_ADMIN]) == -1 ||
	    demo_login(&st, 90 + C_OP_PW, C_OP_PW, OP_SY, "personal", "",
	    csrf[C_OP_PW]) == -1 ||
	    ca_login(C_OP_SY, OP_SY) == -1 || ca_login(C_OP_SY2, OP_SY2) == -1 ||
	    ca_login(C_OP_DL, OP_DL) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/t/s.png", st.dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(sample_png, 1, sizeof(sample_png), f);
	fclose(f);
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_ops: could not set up the stack\n");
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
	Suite	*s = suite_create("ops");
	TCase	*tc = tcase_create("ops");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_anonymous_visitors_go_to_login);
	tcase_add_test(tc, test_ca_login_of_an_operator_opens_the_queue);
	tcase_add_test(tc, test_an_operator_logged_in_by_password_is_refused);
	tcase_add_test(tc, test_applicants_get_403_on_every_operator_url);
	tcase_add_test(tc, test_queue_and_order_page_show_a_paid_order);
	tcase_add_test(tc, test_approving_an_unpaid_order_is_refused);
	tcase_add_test(tc, test_an_operator_of_another_office_is_refused);
	tcase_add_test(tc, test_approve_revokes_the_old_certificate_at_once);
	tcase_add_test(tc, test_approve_of_a_damaged_key_supersedes_it);
	tcase_add_test(tc, test_reject_needs_a_reason_and_refunds);
	tcase_add_test(tc, test_screenshots_in_chromium);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
