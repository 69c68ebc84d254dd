/*
 * check_journey.c: the whole CA补办 journey in a real browser.  Debian's
 * chromium, driven by playwright-core (tests/browser/journey.js), walks
 * it by the visible labels as a person would, at desktop (1280) and
 * phone (390) widths — one order and one new certificate per width: the
 * applicant orders, pays at the sandbox cashier and waits for the
 * notification; the Shenyang operator logs in with a client certificate,
 * approves, uploads the new key's CSR, issues and asks for pickup; the
 * applicant reads the 领取码, the operator takes it at the counter, and the
 * applicant sees the order complete and the new certificate in CA管理.
 * Every step's screenshot lands in tests/out/journey/NN-step-W.png.
 *
 * The suite then checks that the screenshots exist and that the database
 * and the signing daemon say what the pages said (each order paid,
 * approved, picked up at 沈阳办理点 with the uploaded scan and an 电子普票;
 * each old certificate revoked for keyCompromise and replaced by one
 * valid certificate), so the browser run cannot pass by accident.
 * Skipped, with a notice, when node, /usr/bin/chromium or playwright-core
 * (tests/browser/setup.sh) are missing.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""

static struct stack	 st;

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* The certificate each width replaces (journey.js HOLDERS). */
static const struct {
	int		 width;
	const char	*key;		/* lock serial of the old certificate */
	const char	*ca;		/* its CA (cert.ca; "" the first) */
	const char	*sock;		/* that CA's daemon, in run/ */
	const char	*newkey;	/* the new USB key's openssl req args */
} journeys[] = {
	/* 李演示, 证书厂商 CFCA: the first CA (P-256). */
	{ 1280, "FT2022050017", "", "cad.sock",
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes" },
	/* 吴演示, BJCA: the SM2 CA, and an SM2 key with its ID. */
	{ 390, "WQ2022110208", "bjca", "bjca/cad.sock",
	    "-newkey sm2 -nodes -sm3 -sigopt distid:1234567812345678" },
};

/* The screenshots of one width, in order (journey.js STEPS). */
static const char *const steps[] = {
	"login", "identity", "certs", "reissue", "reason", "uploaded",
	"confirm", "checkout", "cashier", "paid", "ops-login", "ops-queue",
	"ops-order", "ops-approved", "ops-issued", "ops-ready", "orders",
	"order-code", "ops-pickup", "ops-picked-up", "order-done",
	"certs-done",
};

/* Checks what the journey left for the certificate with lock serial key. */
static void
check_one(const char *key, const char *ca, const char *sock)
{
	long long	 old, neu, order;
	char		 serial[64], show[128];

	old = sql_int("SELECT id FROM cert WHERE key_serial = '%s'", key);
	ck_assert_int_gt(old, 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld", old), 1);
	order = sql_int("SELECT id FROM orders WHERE cert_id = %lld", old);

	/* The order: paid, approved, picked up at 沈阳办理点, reason lost. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders o JOIN office f"
	    " ON f.id = o.office_id WHERE o.id = %lld AND o.pay_state = 'paid'"
	    " AND o.review_state = 'approved' AND o.delivery_state ="
	    " 'picked_up' AND o.pickup_method = 'onsite' AND f.code ="
	    " 'shenyang' AND o.reason = 'lost'", order), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE order_id"
	    " = %lld AND provider = 'sandbox' AND state = 'paid' AND"
	    " trade_no <> ''", order), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice WHERE order_id"
	    " = %lld AND kind = 'e_normal' AND title = '辽宁演示建设工程有限公司'"
	    " AND tax_id = '" DEMO_USCC_A "'", order), 1);
	/* The statement is the scan the browser uploaded. */
	sql_str(show, sizeof(show), "SELECT u.sha256 FROM orders o JOIN upload"
	    " u ON u.id = o.statement_upload_id WHERE o.id = %lld AND u.ctype"
	    " = 'image/png'", order);
	ck_assert_int_eq(stack_sh(&st, "sha256sum " T "/statement.png | grep"
	    " -q '^%s '", show), 0);
	/* create pay approve issue ready pickup; four of them the
	 * operator's (钱办理). */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld", order), 6);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event e JOIN"
	    " person p ON e.actor = 'operator:' || p.id WHERE e.order_id ="
	    " %lld AND p.mobile = '13900000101'", order), 4);

	/* The old certificate revoked, one valid new one for its holder. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE id = %lld"
	    " AND status = 'revoked'", old), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = %lld", old), 1);
	neu = sql_int("SELECT id FROM cert WHERE replaces_id = %lld", old);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert n JOIN cert o ON"
	    " o.id = n.replaces_id WHERE n.id = %lld AND n.status = 'valid'"
	    " AND n.holder_id = o.holder_id AND n.company_id = o.company_id"
	    " AND n.serial_hex <> o.serial_hex", neu), 1);
	/* Signed by the CA that signed the old one. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert n JOIN cert o ON"
	    " o.id = n.replaces_id WHERE n.id = %lld AND n.ca = '%s' AND"
	    " o.ca = n.ca", neu, ca), 1);

	/* The signing daemon agrees. */
	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE id ="
	    " %lld", old);
	ck_assert_int_eq(stack_sh(&st, "CA_SOCKET=\"$STACK_DIR/run/%s\""
	    " \"$BINDIR/cactl\" show %s > " T "/show.txt", sock, serial), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q '^revoked: .*(keyCompromise)'"
	    " " T "/show.txt"), 0);
	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE id ="
	    " %lld", neu);
	ck_assert_int_eq(stack_sh(&st, "grep -qi '^replaced by: *%s$' " T
	    "/show.txt", serial), 0);
	ck_assert_int_eq(stack_sh(&st, "CA_SOCKET=\"$STACK_DIR/run/%s\""
	    " \"$BINDIR/cactl\" show %s > " T "/show.txt", sock, serial), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q '^revoked: *no$' " T
	    "/show.txt"), 0);
	sql_str(show, sizeof(show), "SELECT order_no FROM orders WHERE id ="
	    " %lld", order);
	ck_assert_int_eq(stack_sh(&st, "grep -q '^order: *%s$' " T
	    "/show.txt", show), 0);
}

START_TEST(test_the_journey_in_chromium)
{
	char		 out[PATH_MAX + 32], png[PATH_MAX + 96];
	char		*body;
	size_t		 i, j, len;

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_journey: SKIPPED: the browser journey "
		    "needs node, /usr/bin/chromium and playwright-core "
		    "(tests/browser/setup.sh, run by `make check`)\n");
		return;
	}
	if (stack_sh(&st, "fc-list :lang=zh 2>/dev/null | grep -q .") != 0)
		fprintf(stderr, "check_journey: warning: no Chinese font "
		    "(fonts-noto-cjk): the screenshots will show boxes\n");

	/* Stale screenshots must not count. */
	snprintf(out, sizeof(out), "%s/tests/out/journey", st.top);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && rm -f '%s'/*.png",
	    out, out), 0);
	ck_assert_int_eq(stack_sh(&st, "node \"$TOP/tests/browser/journey.js\""
	    " https://127.0.0.1:$PORT '%s' \"$STACK_DIR\" >&2", out), 0);

	for (i = 0; i < sizeof(journeys) / sizeof(journeys[0]); i++)
		for (j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
			snprintf(png, sizeof(png), "%s/%02zu-%s-%d.png", out,
			    j + 1, steps[j], journeys[i].width);
			body = stack_slurp(png, &len);
			ck_assert_msg(body != NULL && len > 1000 &&
			    memcmp(body, "\x89PNG\r\n\x1a\n", 8) == 0,
			    "screenshot %s missing or not a PNG", png);
			free(body);
		}

	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders"), 2);
	for (i = 0; i < sizeof(journeys) / sizeof(journeys[0]); i++)
		check_one(journeys[i].key, journeys[i].ca, journeys[i].sock);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webctl\" -d"
	    " \"$APPDB\" audit-verify > /dev/null"), 0);
}
END_TEST

static void
up(void)
{
	size_t	 i;

	/* As `make run` sets it up: CFCA first, BJCA an SM2 CA beside it. */
	setenv("CAS", "bjca:sm2:BJCA", 1);
	setenv("CA_VENDOR", "CFCA", 1);
	if (demo_up(&st) != 0)
		goto fail;
	/* The new USB keys' requests, one per journey. */
	for (i = 0; i < sizeof(journeys) / sizeof(journeys[0]); i++)
		if (stack_sh(&st, "openssl req -new %s -keyout " T "/new-%d.key"
		    " -out " T "/new-%d.csr -subj /CN=usb-key 2>/dev/null",
		    journeys[i].newkey, journeys[i].width,
		    journeys[i].width) != 0)
			goto fail;
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_journey: could not set up the stack\n");
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
	Suite	*s = suite_create("journey");
	TCase	*tc = tcase_create("journey");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_the_journey_in_chromium);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
