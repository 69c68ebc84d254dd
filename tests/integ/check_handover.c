/*
 * check_handover.c: integration tests of 交付 (fcgi/opshandover.c) through
 * real nginx, workers and signing daemon: an operator, logged in with
 * the client certificate (CA登录), gives a 现场领取 order its 领取码, the
 * applicant reads it in 订单管理, and the operator takes it back at the
 * counter; a 邮寄 order is shipped with an SF number and delivered.  And
 * the refusals: a wrong code, a code used twice, an unchecked holder, a
 * bad tracking number, an operator of another office, an applicant or a
 * password-logged operator calling the operator URLs.
 *
 * Orders reach "issued" through the order module itself (fcgi/order.c,
 * linked into this suite and run on the stack's database): review and
 * issuance have their own suites.
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
#include "tests/integ/orderfix.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define WEBCTL		"\"$BINDIR/webctl\" -d \"$APPDB\""

enum client {
	C_APPLICANT,	/* 13900000001 张演示, 管理员 of A (password) */
	C_OP_SY,	/* 13900000101 钱办理, 沈阳 (certificate) */
	C_OP_DL,	/* 13900000103 吴办理, 大连 (certificate) */
	C_OP_PW,	/* 13900000102 周复核, 沈阳, but by password */
	C__MAX
};

static struct stack	 st;
static struct appdb	*db;
static char		 csrf[C__MAX][65];

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* The operators log in with their demo certificates (CA登录). */
static struct demo_certuser	 certuser[C__MAX] = {
	[C_OP_SY] = { 90 + C_OP_SY, C_OP_SY, "13900000101-1", "" },
	[C_OP_DL] = { 90 + C_OP_DL, C_OP_DL, "13900000103-1", "" },
};

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	if (certuser[n].cert != NULL)
		demo_cert_as(&st, &certuser[n], path, extra, status, h);
	else
		demo_as(&st, 90 + n, n, path, extra, status, h);
}

/* POSTs form words (without csrf) to path as client n. */
static void
post(int n, const char *path, const char *form, int status, struct http *h)
{
	char	 extra[1024];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&%s'", csrf[n], form);
	as(n, path, extra, status, h);
}

/* CA登录 of client n; its CSRF token into csrf[n].  0 / -1. */
static int
ca_login(int n)
{
	if (demo_cert_login(&st, &certuser[n]) == -1)
		return -1;
	memcpy(csrf[n], certuser[n].csrf, sizeof(csrf[n]));
	return 0;
}

/* A reissue order of company A's certificate key_serial, taken through
 * payment, approval and issuance; method "onsite" (shenyang) or "mail". */
static long long
issued_order(const char *key_serial, const char *method)
{
	long long	 id;
	int		 changed;

	id = orderfix_paid(&st, db, key_serial, "13900000001", DEMO_USCC_A,
	    strcmp(method, "onsite") == 0 ? "shenyang" : NULL);
	ck_assert_int_eq(order_apply(db, id, ORDER_APPROVE, "operator:test",
	    NULL, &changed), 0);
	ck_assert_int_eq(order_apply(db, id, ORDER_ISSUE, "operator:test",
	    NULL, &changed), 0);
	return id;
}

/* The order page's notice code in the Location of h. */
static void
assert_back(const struct http *h, long long id, const char *notice)
{
	char	 want[128];

	snprintf(want, sizeof(want), "/ops/order?id=%lld&notice=%s", id,
	    notice);
	ck_assert_msg(http_location_is(h, want), "not back to %s", want);
}

/* The 领取码 the applicant's order page shows, into code (9 bytes). */
static void
code_shown(long long id, char *code)
{
	struct http	 h;
	char		 path[64];
	const char	*p;

	snprintf(path, sizeof(path), "/orders/view?id=%lld", id);
	as(C_APPLICANT, path, NULL, 200, &h);
	/* The callout at the top of 查看订单. */
	ck_assert_ptr_nonnull(p = strstr(h.body, "pickup-code\">"));
	p += strlen("pickup-code\">");
	memcpy(code, p, 8);
	code[8] = '\0';
	ck_assert(strspn(code, "23456789ABCDEFGHJKMNPQRSTUVWXYZ") == 8);
	http_free(&h);
}

START_TEST(test_onsite_pickup_by_code_once)
{
	struct http	 h;
	long long	 id = issued_order("JK2023070126", "onsite");
	char		 form[256], code[9], bad[9];

	/* Before 待领取 there is no code to see. */
	snprintf(form, sizeof(form), "/orders/view?id=%lld", id);
	as(C_APPLICANT, form, NULL, 200, &h);
	ck_assert(!http_has(&h, "领取码"));
	http_free(&h);

	/* The other office may not; this office may. */
	snprintf(form, sizeof(form), "id=%lld", id);
	post(C_OP_DL, "/ops/ready", form, 403, &h);
	http_free(&h);
	post(C_OP_SY, "/ops/ready", form, 303, &h);
	assert_back(&h, id, "ready");
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'ready' AND length(pickup_code_hash) = 64",
	    id), 1);
	/* Again: nothing more. */
	post(C_OP_SY, "/ops/ready", form, 303, &h);
	assert_back(&h, id, "already");
	http_free(&h);

	/* The applicant sees the code; the database does not hold it. */
	code_shown(id, code);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE"
	    " pickup_code_hash LIKE '%%%s%%'", code), 0);

	/* A wrong code, no holder check: refused, nothing changes. */
	memcpy(bad, code, sizeof(bad));
	bad[0] = bad[0] == '2' ? '3' : '2';
	snprintf(form, sizeof(form), "id=%lld&code=%s&holder_checked=1", id,
	    bad);
	post(C_OP_SY, "/ops/pickup", form, 303, &h);
	assert_back(&h, id, "code_wrong");
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.pickup.fail'"), 1);
	snprintf(form, sizeof(form), "id=%lld&code=%s", id, code);
	post(C_OP_SY, "/ops/pickup", form, 303, &h);
	assert_back(&h, id, "holder_unchecked");
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&code=%s&holder_checked=1", id,
	    code);
	post(C_OP_DL, "/ops/pickup", form, 403, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'ready'", id), 1);

	/* The right code, typed the way people do (lower case, dashes). */
	snprintf(form, sizeof(form), "id=%lld&code=%c%c%c%c-%c%c%c%c&"
	    "holder_checked=1", id, code[0] | 0x20, code[1] | 0x20,
	    code[2] | 0x20, code[3] | 0x20, code[4] | 0x20, code[5] | 0x20,
	    code[6] | 0x20, code[7] | 0x20);
	post(C_OP_SY, "/ops/pickup", form, 303, &h);
	assert_back(&h, id, "picked_up");
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'picked_up'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event e JOIN"
	    " person p ON e.actor = 'operator:' || p.id WHERE e.order_id ="
	    " %lld AND e.event = 'pickup' AND p.mobile = '13900000101'", id),
	    1);
	/* Used: refused, and the applicant no longer sees it. */
	post(C_OP_SY, "/ops/pickup", form, 303, &h);
	assert_back(&h, id, "code_used");
	http_free(&h);
	snprintf(form, sizeof(form), "/orders/view?id=%lld", id);
	as(C_APPLICANT, form, NULL, 200, &h);
	ck_assert(!http_has(&h, code));
	http_free(&h);
}
END_TEST

START_TEST(test_mail_is_shipped_and_delivered)
{
	struct http	 h;
	long long	 id = issued_order("JK2024040233", "mail");
	char		 form[256];

	snprintf(form, sizeof(form), "id=%lld", id);
	/* Not a 现场领取 order: no code. */
	post(C_OP_SY, "/ops/ready", form, 303, &h);
	assert_back(&h, id, "not_now");
	http_free(&h);
	/* Mail is the 沈阳 office's. */
	snprintf(form, sizeof(form), "id=%lld&tracking_no=SF1234567890123",
	    id);
	post(C_OP_DL, "/ops/ship", form, 403, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&tracking_no=SF-12345678", id);
	post(C_OP_SY, "/ops/ship", form, 303, &h);
	assert_back(&h, id, "tracking_bad");
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&tracking_no=sf 1234 5678 9012",
	    id);
	post(C_OP_SY, "/ops/ship", form, 303, &h);
	assert_back(&h, id, "shipped");
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'shipped' AND tracking_no ="
	    " 'SF123456789012'", id), 1);
	snprintf(form, sizeof(form), "/orders/view?id=%lld", id);
	as(C_APPLICANT, form, NULL, 200, &h);
	ck_assert(http_has(&h, "SF123456789012"));
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld", id);
	post(C_OP_SY, "/ops/deliver", form, 303, &h);
	assert_back(&h, id, "delivered");
	http_free(&h);
	post(C_OP_SY, "/ops/deliver", form, 303, &h);
	assert_back(&h, id, "already");
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'delivered'", id), 1);
}
END_TEST

START_TEST(test_only_certificate_logged_operators_may_hand_over)
{
	struct http	 h;
	long long	 id = issued_order("FT2023020045", "onsite");
	char		 form[64];

	snprintf(form, sizeof(form), "id=%lld", id);
	post(C_APPLICANT, "/ops/ready", form, 403, &h);
	http_free(&h);
	post(C_OP_PW, "/ops/ready", form, 403, &h);
	http_free(&h);
	/* Anonymous, without a session: the CSRF check refuses first. */
	ck_assert_int_eq(stack_curl(&st, "/ops/ready", "--interface "
	    "127.0.0.99 -d 'id=1'", &h), 0);
	ck_assert_int_eq(h.status, 403);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'issued'", id), 1);
}
END_TEST

/* Last: it changes who is an operator. */
START_TEST(test_webctl_makes_and_stops_operators)
{
	struct http	 h;

	ck_assert_int_eq(stack_sh(&st, WEBCTL " operator 13900000103"
	    " shenyang | grep -q 'at office shenyang'"), 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " operator --disable"
	    " 13900000103 | grep -q disabled"), 0);
	as(C_OP_DL, "/ops", NULL, 403, &h);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " operator 13900000103"
	    " dalian > /dev/null"), 0);
	as(C_OP_DL, "/ops", NULL, 200, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action IN"
	    " ('operator.add', 'operator.disable') AND actor = 'webctl'"), 3);
	/* Unknown people and offices are refused, changing nothing. */
	ck_assert_int_ne(stack_sh(&st, WEBCTL " operator 13999999999"
	    " dalian 2>/dev/null"), 0);
	ck_assert_int_ne(stack_sh(&st, WEBCTL " operator 13900000103"
	    " beijing 2>/dev/null"), 0);
	ck_assert_int_ne(stack_sh(&st, WEBCTL " operator 13900000103"
	    " 2>/dev/null"), 0);
}
END_TEST

static void
up(void)
{
	char	 path[PATH_MAX + 16];

	if (demo_up(&st) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s", st.appdb);
	if ((db = appdb_open(path)) == NULL)
		goto fail;
	if (demo_login(&st, 90 + C_APPLICANT, C_APPLICANT, "13900000001",
	    "admin", DEMO_USCC_A, csrf[C_APPLICANT]) == -1 ||
	    demo_login(&st, 90 + C_OP_PW, C_OP_PW, "13900000102", "personal",
	    "", csrf[C_OP_PW]) == -1 ||
	    ca_login(C_OP_SY) == -1 || ca_login(C_OP_DL) == -1)
		goto fail;
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_handover: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	appdb_close(db);
	db = NULL;
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("handover");
	TCase	*tc = tcase_create("handover");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_onsite_pickup_by_code_once);
	tcase_add_test(tc, test_mail_is_shipped_and_delivered);
	tcase_add_test(tc, test_only_certificate_logged_operators_may_hand_over);
	tcase_add_test(tc, test_webctl_makes_and_stops_operators);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
