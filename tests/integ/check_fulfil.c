/*
 * check_fulfil.c: one CA补办 order from start to finish through real
 * nginx, workers, ticker and signing daemon, each side acting as a person
 * would: the applicant walks the wizard and pays at the sandbox cashier;
 * the Shenyang operator (logged in with a certificate) approves, which
 * revokes the lost certificate at once — an independent `openssl verify
 * -crl_check` against the CRL nginx serves over plain HTTP rejects it —
 * uploads the new USB key's CSR, downloads the issued certificate (which
 * verifies, with the old subject and expiry), gives the order its 领取码;
 * the applicant reads the code in 订单管理, the operator takes it at the
 * counter, and the applicant sees the order complete and the new
 * certificate in CA管理.  The refusals on the way: the other office's
 * operator, an applicant on operator URLs, approving twice, issuing
 * twice, the code used twice.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define APPLICANT	120	/* its address 127.0.0.120, cookie jar 0 */
#define OLD_KEY		"FT2022050017"	/* 李演示's key, company A */
#define OLD_FILE	"13900000002-1"	/* its demo certificate */

static struct stack		 st;
static char			 app_csrf[65];
static struct demo_certuser	 op_sy = { 121, 1, "13900000101-1", "" };
static struct demo_certuser	 op_dl = { 122, 2, "13900000103-1", "" };

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

static void
app_get(const char *path, int status, struct http *h)
{
	demo_as(&st, APPLICANT, 0, path, NULL, status, h);
}

/* POSTs form words (with the operator's CSRF token) as operator u. */
static void
op_post(struct demo_certuser *u, const char *path, const char *form,
    int status, struct http *h)
{
	char	 extra[1024];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&%s'", u->csrf, form);
	demo_cert_as(&st, u, path, extra, status, h);
}

START_TEST(test_an_order_goes_from_payment_to_pickup)
{
	struct http	 h;
	long long	 cert = sql_int("SELECT id FROM cert WHERE key_serial ="
	    " '" OLD_KEY "'"), id;
	char		 form[512], path[128], code[9], old_serial[64];
	char		 new_serial[64], a[256], b[256];
	const char	*p;

	/* The applicant: wizard, 支付 (现场领取 at 沈阳), sandbox cashier. */
	id = demo_reissue_order(&st, APPLICANT, 0, app_csrf, cert);
	ck_assert_msg(demo_pay_sandbox(&st, APPLICANT, 0, app_csrf, id,
	    "invoice=no&method=onsite&office=shenyang&pay_method=online"),
	    "the order was not paid");
	snprintf(path, sizeof(path), "/orders/view?id=%lld", id);
	app_get(path, 200, &h);
	ck_assert(http_has(&h, "已支付"));
	ck_assert(http_has(&h, "待审核"));
	http_free(&h);

	/* In the Shenyang queue, not for the applicant. */
	demo_cert_as(&st, &op_sy, "/ops", NULL, 200, &h);
	sql_str(a, sizeof(a), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	ck_assert(http_has(&h, a));
	http_free(&h);
	app_get("/ops", 403, &h);
	http_free(&h);

	/* 审核通过: the other office may not; Shenyang revokes at once. */
	snprintf(form, sizeof(form), "id=%lld", id);
	op_post(&op_dl, "/ops/approve", form, 403, &h);
	http_free(&h);
	op_post(&op_sy, "/ops/approve", form, 303, &h);
	http_free(&h);
	op_post(&op_sy, "/ops/approve", form, 0, &h);	/* again: nothing */
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'approve'", id), 1);
	demo_fetch_crl(&st);
	ck_assert_int_eq(stack_sh(&st, "openssl verify -crl_check -CAfile"
	    " \"$STACK_DIR/ca/chain.pem\" -CRLfile " T "/crl.pem " CERTS
	    "/" OLD_FILE ".crt > " T "/old.verify 2>&1"), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'certificate revoked' " T
	    "/old.verify"), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl crl -in " T "/crl.pem -noout"
	    " -text | grep -q 'Key Compromise'"), 0);
	/* ... and every platform the certificate is linked to has a signed
	 * "revoked" notice within seconds (PLATFORMS.md; the demo platforms
	 * are the reference receiver). */
	sql_str(old_serial, sizeof(old_serial), "SELECT serial_hex FROM cert"
	    " WHERE id = %lld", cert);
	ck_assert_int_gt(sql_int("SELECT count(*) FROM cert_platform WHERE"
	    " cert_id = %lld", cert), 0);
	ck_assert_msg(stack_sh(&st, "for i in $(seq 50); do [ \"$(grep -c "
	    "\"	revoked	%s	\" \"$STACK_DIR/platforms/received.tsv\" "
	    "2>/dev/null)\" = %lld ] && exit 0; sleep 0.1; done; exit 1",
	    old_serial, sql_int("SELECT count(*) FROM cert_platform WHERE"
	    " cert_id = %lld", cert)) == 0, "the linked platforms did not all "
	    "receive the revocation of %s within 5 s", old_serial);

	/* The new USB key's CSR, uploaded by the operator: issued once. */
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt"
	    " ec_paramgen_curve:P-256 -nodes -keyout " T "/new.key -out " T
	    "/new.csr -subj /CN=usb-key 2>/dev/null"), 0);
	snprintf(form, sizeof(form), "-F 'csrf=%s' -F 'id=%lld' -F "
	    "\"csr=@$STACK_DIR/t/new.csr;filename=new.csr\"", op_sy.csrf, id);
	demo_cert_as(&st, &op_sy, "/ops/issue", form, 303, &h);
	http_free(&h);
	demo_cert_as(&st, &op_sy, "/ops/issue", form, 0, &h);	/* again */
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id ="
	    " %lld", cert), 1);
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=pem", id);
	demo_cert_as(&st, &op_sy, path, NULL, 200, &h);
	demo_save(&st, &h, "new.pem");
	http_free(&h);
	demo_fetch_crl(&st);
	ck_assert_int_eq(stack_sh(&st, "openssl verify -crl_check -CAfile"
	    " \"$STACK_DIR/ca/chain.pem\" -CRLfile " T "/crl.pem " T
	    "/new.pem"), 0);
	/* The old subject and expiry, the new key. */
	ck_assert_int_eq(stack_sh(&st, "for f in " CERTS "/" OLD_FILE ".crt "
	    T "/new.pem; do openssl x509 -in $f -noout -subject -enddate"
	    " -nameopt utf8; done | sort | uniq -d | wc -l | grep -qx 2"), 0);
	ck_assert_int_eq(stack_sh(&st, "[ \"$(openssl x509 -in " T "/new.pem"
	    " -noout -pubkey)\" = \"$(openssl pkey -in " T "/new.key"
	    " -pubout)\" ]"), 0);

	/* 生成领取码: the applicant reads it, the office takes it once. */
	snprintf(form, sizeof(form), "id=%lld", id);
	op_post(&op_sy, "/ops/ready", form, 303, &h);
	http_free(&h);
	snprintf(path, sizeof(path), "/orders/view?id=%lld", id);
	app_get(path, 200, &h);
	ck_assert(http_has(&h, "待领取"));
	ck_assert(http_has(&h, "新证书已可领取"));
	ck_assert_ptr_nonnull(p = strstr(h.body, "pickup-code\">"));
	memcpy(code, p + strlen("pickup-code\">"), 8);
	code[8] = '\0';
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&code=%s&holder_checked=1", id,
	    code);
	op_post(&op_sy, "/ops/pickup", form, 303, &h);
	ck_assert(strstr(h.headers, "notice=picked_up") != NULL);
	http_free(&h);
	op_post(&op_sy, "/ops/pickup", form, 303, &h);
	ck_assert(strstr(h.headers, "notice=code_used") != NULL);
	http_free(&h);

	/* Complete: every step in the history and the audit log, with the
	 * operator's identity; the new certificate in CA管理. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'paid' AND review_state = 'approved' AND"
	    " delivery_state = 'picked_up'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld", id), 6);	/* create pay approve issue
						   ready pickup */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event e JOIN"
	    " person p ON e.actor = 'operator:' || p.id WHERE e.order_id ="
	    " %lld AND p.mobile = '13900000101'", id), 4);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action IN"
	    " ('order.approve', 'order.issue', 'order.ready', 'order.pickup')"
	    " AND actor LIKE 'operator:%%' AND detail LIKE '%s%%'", a), 4);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webctl\" -d"
	    " \"$APPDB\" audit-verify > /dev/null"), 0);
	app_get(path, 200, &h);
	ck_assert(http_has(&h, "已领取"));
	http_free(&h);
	sql_str(new_serial, sizeof(new_serial), "SELECT serial_hex FROM cert"
	    " WHERE replaces_id = %lld", cert);
	ck_assert_str_ne(old_serial, new_serial);
	ck_assert_msg(stack_sh(&st, "for i in $(seq 50); do grep -q "
	    "\"	reissued	%s	%s$\" \"$STACK_DIR/platforms/received.tsv\" "
	    "&& exit 0; sleep 0.1; done; exit 1", old_serial, new_serial) == 0,
	    "no platform received the reissue %s -> %s", old_serial,
	    new_serial);
	snprintf(b, sizeof(b), "/certs/view?id=%lld", sql_int("SELECT id FROM"
	    " cert WHERE replaces_id = %lld", cert));
	app_get(b, 200, &h);
	http_free(&h);
	app_get("/certs?q=" OLD_KEY, 200, &h);
	ck_assert(http_has(&h, "已注销"));
	http_free(&h);
}
END_TEST

static void
up(void)
{
	char	 path[PATH_MAX + 16];
	FILE	*f;

	if (demo_up(&st) != 0 ||
	    demo_login(&st, APPLICANT, 0, "13900000001", "admin",
	    DEMO_USCC_A, app_csrf) == -1 ||
	    demo_cert_login(&st, &op_sy) == -1 ||
	    demo_cert_login(&st, &op_dl) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/t/s.png", st.dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(sample_png, 1, sizeof(sample_png), f);
	fclose(f);
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_fulfil: could not set up the stack\n");
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
	Suite	*s = suite_create("fulfil");
	TCase	*tc = tcase_create("fulfil");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_an_order_goes_from_payment_to_pickup);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
