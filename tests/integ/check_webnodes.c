/*
 * check_webnodes.c: two web nodes serve one person as one service
 * (issue 20 item 2; README "Several web nodes").  Node A is a whole stack
 * (daemons, PostgreSQL, demo data); node B is a second nginx + webd in a
 * directory of its own on its own ports (tests/integ/stack.h
 * stack_up_node(), tools/stack.sh STACK_NODE_OF), on A's app database,
 * upload directory, application secret, sandbox gateway and daemons.
 *
 * One browser talks to both: every visitor's cookie jar ($STACK_DIR/t/
 * jar-N) is the same file whichever node it asks, as behind a load
 * balancer that sends each request anywhere.  What is checked is what a
 * person sees: a login on A is a login on B; 退出 on B ends it on A too,
 * even for a copy of the old cookie; the CA补办 wizard moves between the
 * nodes at every step, uploads included, and its .docx comes from either;
 * a one-time code sent by A is accepted by B; failed logins on both
 * count together; a payment opened on A is paid at the cashier through
 * B, once; unpaid orders that both nodes' tickers and requests close at
 * the same moment close once.
 *
 * Several nodes need a database server: this suite always runs on
 * PostgreSQL (it sets STACK_DB=pg itself), and is in PG_ONLY_TESTS.
 */
#include <limits.h>
#include <signal.h>
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
/* The app database's write lock on PostgreSQL (fcgi/db/sql.c STMT_BEGIN)
 * and the rows of pg_locks that are it, granted or waited for. */
#define WRITE_LOCK	"1634758756"
#define LOCKS_WHERE	"locktype = 'advisory' AND objid = " WRITE_LOCK " AND "
#define LOCKS		"SELECT count(*) FROM pg_locks WHERE " LOCKS_WHERE
#define DEMO_PW		"Demo@2026"
#define NEW_PW		"Neu#Pass2026"

static struct stack	 a, b;		/* node A (the whole stack), node B */

#define sql_int(...)		demo_sql_int(&a, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&a, (out), (sz), __VA_ARGS__)

/* ---- helpers ---------------------------------------------------------- */

/* A GET as visitor (octet, jar) through node n. */
static void
get(const struct stack *n, int octet, int jar, const char *path,
    int status, struct http *h)
{
	demo_as(n, octet, jar, path, NULL, status, h);
}

/* The CSRF token of the page path on node n for visitor (octet, jar). */
static void
page_csrf(const struct stack *n, int octet, int jar, const char *path,
    char csrf[65])
{
	struct http	 h;

	get(n, octet, jar, path, 200, &h);
	ck_assert_msg(http_csrf(&h, csrf) == 0, "no csrf on %s", path);
	http_free(&h);
}

/* The number of lines of node n's file rel (under its directory) that
 * contain text. */
static int
lines_with(const struct stack *n, const char *rel, const char *text)
{
	char	 path[PATH_MAX + 64], *txt, *p;
	int	 k = 0;

	snprintf(path, sizeof(path), "%s/%s", n->dir, rel);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return 0;
	for (p = txt; (p = strstr(p, text)) != NULL; p += strlen(text))
		k++;
	free(txt);
	return k;
}

/* The number of lines of node n's webd.log that contain both s1 and s2. */
static int
log_lines_with(const struct stack *n, const char *s1, const char *s2)
{
	char	 path[PATH_MAX + 64], *txt, *line, *save = NULL;
	int	 k = 0;

	snprintf(path, sizeof(path), "%s/log/webd.log", n->dir);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return 0;
	for (line = strtok_r(txt, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, s1) != NULL && strstr(line, s2) != NULL)
			k++;
	free(txt);
	return k;
}

/* The password-login form of mobile with pw, posted through node n as
 * (octet, jar); the answer in *h. */
static void
login_post(const struct stack *n, int octet, int jar, const char *mobile,
    const char *pw, struct http *h)
{
	char	 csrf[65], form[512];

	page_csrf(n, octet, jar, "/login", csrf);
	snprintf(form, sizeof(form), "--data-urlencode 'mobile=%s' "
	    "--data-urlencode 'password=%s' -d agree=1 -d csrf=%s", mobile,
	    pw, csrf);
	demo_as(n, octet, jar, "/login", form, 0, h);
}

/* The code of the last message node n's SMS sender wrote for mobile
 * ("" if none). */
static void
sms_code(const struct stack *n, const char *mobile, char code[7])
{
	char		 path[PATH_MAX + 32], pfx[64], *box, *p, *last = NULL;
	static const char mark[] = "验证码为";

	code[0] = '\0';
	snprintf(path, sizeof(path), "%s/sms-outbox.txt", n->dir);
	snprintf(pfx, sizeof(pfx), "\t%s\t", mobile);
	if ((box = stack_slurp(path, NULL)) == NULL)
		return;
	for (p = box; (p = strstr(p, pfx)) != NULL; p++)
		last = p;
	if (last != NULL && (p = strstr(last, mark)) != NULL &&
	    p < last + strcspn(last, "\n") &&
	    strspn(p + sizeof(mark) - 1, "0123456789") >= 6) {
		memcpy(code, p + sizeof(mark) - 1, 6);
		code[6] = '\0';
	}
	free(box);
}

/* The pid of the ticker node n's webd started last (its log), or -1. */
static long
ticker_pid(const struct stack *n)
{
	char		 path[PATH_MAX + 32], *txt, *p, *last = NULL;
	static const char mark[] = "prog=webd-ticker pid=";
	long		 pid = -1;

	snprintf(path, sizeof(path), "%s/log/webd.log", n->dir);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return -1;
	for (p = txt; (p = strstr(p, mark)) != NULL; p++)
		if (strstr(p, "msg=\"ticker: started") == p + sizeof(mark) - 1 +
		    strspn(p + sizeof(mark) - 1, "0123456789") + 1)
			last = p;
	if (last != NULL)
		pid = atol(last + sizeof(mark) - 1);
	free(txt);
	return pid;
}

/* The monotonic clock in seconds. */
static double
now_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits up to ten seconds for the SQL count q to be want; 1 if it was. */
static int
until_count(long long want, const char *q)
{
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 100; i++) {
		if (sql_int("%s", q) == want)
			return 1;
		nanosleep(&tenth, NULL);
	}
	return 0;
}

/*
 * A valid certificate of the company with uscc that has never had an
 * order and is not skip, or 0.
 */
static long long
fresh_cert(const char *uscc, long long skip)
{
	return sql_int("SELECT COALESCE(min(c.id), 0) FROM cert c JOIN"
	    " company co ON co.id = c.company_id WHERE co.uscc = '%s' AND"
	    " c.status = 'valid' AND c.not_after > %lld AND c.id <> %lld AND"
	    " NOT EXISTS (SELECT 1 FROM orders o WHERE o.cert_id = c.id)",
	    uscc, (long long)time(NULL), skip);
}

/* ---- sessions --------------------------------------------------------- */

START_TEST(test_a_login_on_one_node_is_a_login_on_the_other)
{
	struct http	 h;
	char		 csrf[65];
	int		 seen;

	seen = lines_with(&b, "log/nginx-access.log", "GET /me ");

	/* 赵演示 logs in and chooses his identity through A ... */
	ck_assert_int_eq(demo_login(&a, 10, 1, "13900000004", "project_lead",
	    DEMO_USCC_B, csrf), 0);
	/* ... and B knows him: his personal centre, his certificates. */
	get(&b, 10, 1, "/me", 200, &h);
	ck_assert(http_has(&h, "赵演示"));
	ck_assert(http_has(&h, "大连演示招标代理有限公司"));
	http_free(&h);
	get(&b, 10, 1, "/certs", 200, &h);
	ck_assert(http_has(&h, "大连演示招标代理有限公司"));
	http_free(&h);
	/* B itself answered (its own nginx and webd). */
	ck_assert_int_eq(lines_with(&b, "log/nginx-access.log", "GET /me "),
	    seen + 1);
	/* And A still does. */
	get(&a, 10, 1, "/identity", 200, &h);
	ck_assert(http_has(&h, "赵演示"));
	http_free(&h);
	/* A stranger without his cookie is sent to log in by either. */
	get(&b, 10, -1, "/me", 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
	get(&a, 10, -1, "/me", 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
}
END_TEST

START_TEST(test_logging_out_on_one_node_ends_the_session_on_both)
{
	struct http	 h;
	char		 csrf[65], form[128];

	/* 王演示 logs in through A and works through B. */
	ck_assert_int_eq(demo_login(&a, 11, 2, "13900000003", "admin",
	    DEMO_USCC_B, csrf), 0);
	get(&b, 11, 2, "/me", 200, &h);
	ck_assert(http_has(&h, "王演示"));
	http_free(&h);
	/* A copy of his cookie, which the browser forgets at 退出. */
	ck_assert_int_eq(stack_sh(&a, "cp " T "/jar-2 " T "/jar-3"), 0);
	/* 退出 through B. */
	snprintf(form, sizeof(form), "-d csrf=%s", csrf);
	demo_as(&b, 11, 2, "/logout", form, 303, &h);
	ck_assert(http_location_is(&h, "/login?notice=logged_out"));
	http_free(&h);
	/* The old cookie opens nothing on A, nor on B. */
	get(&a, 11, 3, "/me", 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
	get(&b, 11, 3, "/me", 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
}
END_TEST

/* ---- the CA补办 wizard and its files ----------------------------------- */

START_TEST(test_the_reissue_wizard_moves_between_nodes)
{
	struct demo_certuser	 op = { 13, 5, "13900000101-1", "" };
	struct http		 h;
	char			 csrf[65], extra[PATH_MAX + 512], key[33];
	char			 path[128], sha[65];
	const char		*p, *tag = "name=\"submit_key\" value=\"";
	long long		 cert, up, id;

	ck_assert_int_eq(demo_login(&a, 12, 4, "13900000002", "project_lead",
	    DEMO_USCC_A, csrf), 0);
	cert = sql_int("SELECT id FROM cert WHERE key_serial = 'FT2022050017'");

	/* Step 1 on A; a first scan (a PDF) uploaded through B ... */
	snprintf(path, sizeof(path), "/reissue?cert=%lld", cert);
	get(&a, 12, 4, path, 200, &h);
	ck_assert(http_has(&h, "数字证书(CA)信息"));
	http_free(&h);
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=lost -F action=upload "
	    "-F 'statement=@%s/t/s.pdf;filename=first.pdf'", csrf, cert, a.dir);
	demo_as(&b, 12, 4, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	up = sql_int("SELECT upload_id FROM reissue_draft WHERE cert_id ="
	    " %lld", cert);
	/* ... is there, byte for byte, through A. */
	snprintf(path, sizeof(path), "/uploads/view?id=%lld", up);
	get(&a, 12, 4, path, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/pdf"));
	ck_assert_uint_eq(h.body_len, sizeof(sample_pdf) - 1);
	ck_assert(memcmp(h.body, sample_pdf, h.body_len) == 0);
	http_free(&h);

	/* The stamped PNG replaces it through A, on to the next step ... */
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=lost -F 'statement=@%s/t/s.png;filename=盖章.png'",
	    csrf, cert, a.dir);
	demo_as(&a, 12, 4, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	up = sql_int("SELECT upload_id FROM reissue_draft WHERE cert_id ="
	    " %lld", cert);
	/* ... which B shows, with the upload A took and the .docx. */
	snprintf(path, sizeof(path), "/reissue/confirm?cert=%lld", cert);
	get(&b, 12, 4, path, 200, &h);
	ck_assert(http_has(&h, "订单确认"));
	ck_assert(http_has(&h, "证书丢失"));
	ck_assert_ptr_nonnull(p = strstr(h.body, tag));
	memcpy(key, p + strlen(tag), 32);
	key[32] = '\0';
	http_free(&h);
	snprintf(path, sizeof(path), "/uploads/view?id=%lld", up);
	get(&b, 12, 4, path, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "image/png"));
	ck_assert_uint_eq(h.body_len, sizeof(sample_png));
	ck_assert(memcmp(h.body, sample_png, h.body_len) == 0);
	http_free(&h);
	snprintf(path, sizeof(path), "/reissue/statement.docx?cert=%lld"
	    "&reason=lost", cert);
	get(&b, 12, 4, path, 200, &h);
	ck_assert(h.body_len > 4 && memcmp(h.body, "PK\003\004", 4) == 0);
	demo_save(&a, &h, "statement-b.docx");
	http_free(&h);
	ck_assert_int_eq(stack_sh(&a, "unzip -p " T "/statement-b.docx"
	    " word/document.xml | grep -q 'FT2022050017'"), 0);

	/* 提交订单 through B; the order is his through A. */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf, cert, key);
	demo_as(&b, 12, 4, "/reissue/confirm", extra, 303, &h);
	id = sql_int("SELECT id FROM orders WHERE cert_id = %lld AND"
	    " submit_key = '%s'", cert, key);
	snprintf(path, sizeof(path), "/orders/pay?id=%lld", id);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	snprintf(path, sizeof(path), "/orders/view?id=%lld", id);
	get(&a, 12, 4, path, 200, &h);
	ck_assert(http_has(&h, "证书丢失"));
	http_free(&h);

	/* The operator at 沈阳 sees the statement through B. */
	ck_assert_int_eq(demo_cert_login(&b, &op), 0);
	snprintf(path, sizeof(path), "/ops/upload?id=%lld", id);
	demo_cert_as(&b, &op, path, NULL, 200, &h);
	ck_assert_uint_eq(h.body_len, sizeof(sample_png));
	ck_assert(memcmp(h.body, sample_png, h.body_len) == 0);
	http_free(&h);

	/* One store: the file is A's upload directory's, by its hash. */
	sql_str(sha, sizeof(sha), "SELECT sha256 FROM upload WHERE id = %lld",
	    up);
	ck_assert_int_eq(stack_sh(&a, "test -f \"$STACK_DIR/uploads/%s\"",
	    sha), 0);
	ck_assert_int_eq(stack_sh(&b, "test ! -e \"$STACK_DIR/uploads\""), 0);
}
END_TEST

/* ---- one-time codes and lockouts -------------------------------------- */

START_TEST(test_a_code_sent_by_one_node_is_taken_by_the_other)
{
	struct http	 h;
	char		 csrf[65], code[7], form[512];

	/* 忘记密码 through A: the code goes out (A's SMS sender) ... */
	page_csrf(&a, 14, 6, "/password/reset", csrf);
	snprintf(form, sizeof(form), "-d step=request -d mobile=13900000005"
	    " -d csrf=%s", csrf);
	demo_as(&a, 14, 6, "/password/reset", form, 200, &h);
	http_free(&h);
	sms_code(&a, "13900000005", code);
	ck_assert_msg(code[0] != '\0', "no code sent");
	/* ... and is typed in through B, with the new password. */
	page_csrf(&b, 14, 6, "/password/reset", csrf);
	snprintf(form, sizeof(form), "-d step=verify -d mobile=13900000005"
	    " -d code=%s --data-urlencode 'password=%s' --data-urlencode"
	    " 'password2=%s' -d csrf=%s", code, NEW_PW, NEW_PW, csrf);
	demo_as(&b, 14, 6, "/password/reset", form, 303, &h);
	ck_assert(http_location_is(&h, "/login?notice=password_reset"));
	http_free(&h);
	/* The new password works through A; the code is spent on both. */
	login_post(&a, 14, 7, "13900000005", NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
	page_csrf(&a, 14, 6, "/password/reset", csrf);
	snprintf(form, sizeof(form), "-d step=verify -d mobile=13900000005"
	    " -d code=%s --data-urlencode 'password=%s' --data-urlencode"
	    " 'password2=%s' -d csrf=%s", code, DEMO_PW, DEMO_PW, csrf);
	demo_as(&a, 14, 6, "/password/reset", form, 200, &h);
	http_free(&h);
	login_post(&b, 14, 8, "13900000005", NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	http_free(&h);
}
END_TEST

START_TEST(test_failed_logins_on_both_nodes_count_together)
{
	struct http	 h;
	int		 i;

	/* Three wrong passwords for 张演示 through A ... */
	for (i = 0; i < 3; i++) {
		login_post(&a, 15, 9, "13900000001", "Wrong@2026", &h);
		ck_assert_msg(http_has(&h, "手机号或密码错误"), "attempt %d",
		    i + 1);
		http_free(&h);
	}
	/* ... slow B down at once too ... */
	login_post(&b, 15, 9, "13900000001", "Wrong@2026", &h);
	ck_assert_int_eq(h.status, 429);
	ck_assert(http_has(&h, "操作过于频繁"));
	http_free(&h);
	/* ... and the fourth through B and the fifth through A lock the
	 * account on both, even for the right password. */
	sleep(2);
	login_post(&b, 15, 9, "13900000001", "Wrong@2026", &h);
	ck_assert(http_has(&h, "手机号或密码错误"));
	http_free(&h);
	sleep(4);
	login_post(&a, 15, 9, "13900000001", "Wrong@2026", &h);
	ck_assert(http_has(&h, "手机号或密码错误"));
	http_free(&h);
	login_post(&b, 15, 9, "13900000001", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "账号已暂时锁定"));
	http_free(&h);
	login_post(&a, 15, 9, "13900000001", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "账号已暂时锁定"));
	http_free(&h);
}
END_TEST

/* ---- payment and the tickers ------------------------------------------ */

START_TEST(test_a_payment_opened_on_one_node_is_paid_through_the_other)
{
	struct http	 h;
	char		 csrf[65], extra[512], t[33], want[64];
	const char	*p;
	long long	 cert, id;

	ck_assert_int_eq(demo_login(&a, 16, 10, "13900000003", "admin",
	    DEMO_USCC_B, csrf), 0);
	ck_assert_int_gt(cert = fresh_cert(DEMO_USCC_B, 0), 0);
	id = demo_reissue_order(&a, 16, 10, csrf, cert);
	/* 立即支付 through A opens the trade at the sandbox gateway ... */
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld&invoice=no&"
	    "method=onsite&office=shenyang&pay_method=online'", csrf, id);
	demo_as(&a, 16, 10, "/orders/pay", extra, 303, &h);
	ck_assert_ptr_nonnull(p = strstr(h.headers, "/sandbox/cashier?t="));
	memcpy(t, p + strlen("/sandbox/cashier?t="), 32);
	t[32] = '\0';
	http_free(&h);
	/* ... whose cashier, through B, takes the money. */
	snprintf(extra, sizeof(extra), "/sandbox/cashier?t=%s", t);
	get(&b, 16, 10, extra, 200, &h);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'", csrf,
	    t);
	demo_as(&b, 16, 10, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	/* Both tickers send the gateway's notifications: paid once. */
	snprintf(want, sizeof(want), "SELECT count(*) FROM orders WHERE id ="
	    " %lld AND pay_state = 'paid'", id);
	ck_assert_msg(until_count(1, want), "not paid");
	sleep(3);	/* every ticker has had its turns */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'pay'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM payment WHERE order_id"
	    " = %lld AND state = 'paid'", id), 1);
	snprintf(want, sizeof(want), "/orders/view?id=%lld", id);
	get(&b, 16, 10, want, 200, &h);
	ck_assert(http_has(&h, "已支付"));
	http_free(&h);
	ck_assert_int_eq(stack_sh(&a, "\"$BINDIR/webctl\" -d \"$APPDB\""
	    " audit-verify > /dev/null"), 0);
}
END_TEST

START_TEST(test_unpaid_orders_close_once_when_both_nodes_close_them)
{
	struct http	 h;
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	char		 csrf[65], q[256];
	long long	 ids[3], cert, skip = 0;
	double		 t0;
	long		 ta, tb;
	int		 i, n = 0;

	/*
	 * Both tickers start again at the same moment: from then on they
	 * close what is due in the same second, once a minute (ticker.c).
	 */
	ta = ticker_pid(&a);
	tb = ticker_pid(&b);
	ck_assert(ta > 0 && tb > 0 && ta != tb);
	ck_assert_int_eq(kill((pid_t)ta, SIGTERM), 0);
	ck_assert_int_eq(kill((pid_t)tb, SIGTERM), 0);
	for (i = 0; i < 150 && (ticker_pid(&a) == ta || ticker_pid(&b) ==
	    tb); i++)
		nanosleep(&tenth, NULL);
	ck_assert_msg(ticker_pid(&a) != ta && ticker_pid(&b) != tb,
	    "the tickers did not start again");
	t0 = now_secs();

	/* Three orders of 孙演示's, through both nodes, left unpaid for a
	 * day and a second. */
	ck_assert_int_eq(demo_login(&a, 17, 11, "13900000005", "admin",
	    DEMO_USCC_A, csrf), 0);
	for (i = 0; i < 3 && (cert = fresh_cert(DEMO_USCC_A, skip)) > 0;
	    i++) {
		ids[n++] = demo_reissue_order(i % 2 ? &b : &a, 17, 11, csrf,
		    cert);
		skip = cert;
	}
	ck_assert_int_gt(n, 0);
	snprintf(q, sizeof(q), "UPDATE orders SET created_at = created_at -"
	    " 86401, updated_at = updated_at - 86401 WHERE id IN (%lld, %lld,"
	    " %lld) AND pay_state = 'unpaid'", ids[0], n > 1 ? ids[1] : 0,
	    n > 2 ? ids[2] : 0);
	ck_assert_int_eq(demo_sql(&a, q, NULL, 0), 0);

	/*
	 * Just before the tickers' next pass, a writer takes the database's
	 * write lock (README "PostgreSQL": the advisory lock every write
	 * transaction takes first) and he opens 支付 three times through
	 * each node, which closes what is due too.  So the tickers and the
	 * workers of both nodes all find the same orders due before any
	 * has closed one.  The lock is let go once two tickers and four
	 * workers wait for it, or after at most 3.5 s (they wait 5 s).
	 */
	ck_assert_msg(now_secs() < t0 + 57, "too slow to race the tickers");
	while (now_secs() < t0 + 57.5)
		nanosleep(&tenth, NULL);
	ck_assert_int_eq(stack_sh(&a, "(" STACK_SQL " 'SELECT"
	    " pg_advisory_xact_lock(" WRITE_LOCK "); SELECT pg_sleep(8)'"
	    " > /dev/null 2>&1 &)"), 0);
	ck_assert_msg(until_count(1, LOCKS "granted"), "no lock");
	while (now_secs() < t0 + 58.5)
		nanosleep(&tenth, NULL);
	ck_assert_int_eq(stack_sh(&a, "(for n in 1 2 3; do for port in %d %d;"
	    " do curl -s -o /dev/null --max-time 20 --cacert"
	    " \"$STACK_DIR/ca/chain.pem\" --interface 127.0.0.17 -b " T
	    "/jar-11 https://127.0.0.1:$port/orders/pay?id=%lld & done; done;"
	    " wait; touch " T "/curls.done) > /dev/null 2>&1 &", a.port, b.port,
	    ids[0]), 0);
	while (now_secs() < t0 + 62 && sql_int(LOCKS "NOT granted") < 6)
		nanosleep(&tenth, NULL);
	ck_assert_int_eq(demo_sql(&a, "SELECT pg_cancel_backend(pid) FROM"
	    " pg_locks WHERE " LOCKS_WHERE "granted", NULL, 0), 0);
	for (i = 0; i < 300 && stack_sh(&a, "test -f " T "/curls.done") != 0;
	    i++)
		nanosleep(&tenth, NULL);
	ck_assert_msg(stack_sh(&a, "test -f " T "/curls.done") == 0,
	    "the requests did not end");
	for (i = 0; i < n; i++) {
		snprintf(q, sizeof(q), "SELECT count(*) FROM orders WHERE id ="
		    " %lld AND pay_state = 'closed'", ids[i]);
		ck_assert_msg(until_count(1, q), "order %lld not closed",
		    ids[i]);
	}
	sleep(1);
	/* Both tickers did try: each closed some, or found them closed by
	 * another. */
	ck_assert_int_gt(log_lines_with(&a, "prog=webd-ticker", "expire"), 0);
	ck_assert_int_gt(log_lines_with(&b, "prog=webd-ticker", "expire"), 0);
	/* Each order closed once: created, expired; the audit chain whole. */
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event"
		    " WHERE order_id = %lld AND event = 'expire'", ids[i]), 1);
		ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event"
		    " WHERE order_id = %lld", ids[i]), 2);
	}
	ck_assert_int_eq(stack_sh(&a, "\"$BINDIR/webctl\" -d \"$APPDB\""
	    " audit-verify > /dev/null"), 0);
	/* He sees it closed through either node. */
	demo_getf(&b, 17, 11, 200, &h, "/orders/view?id=%lld", ids[0]);
	ck_assert(http_has(&h, "已关闭"));
	http_free(&h);
}
END_TEST

/* ---- fixture ---------------------------------------------------------- */

static void
write_t(const char *name, const void *data, size_t len)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/%s", a.dir, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "check_webnodes: cannot write %s\n", path);
		exit(EXIT_FAILURE);
	}
}

static void
up(void)
{
	/* Several nodes share a database server. */
	setenv("STACK_DB", "pg", 1);
	if (demo_up(&a) != 0)
		goto fail;
	if (stack_up_node(&b, &a, NULL) != 0)
		goto fail;
	/* One browser: B's visitors are A's (the same cookie jars and the
	 * operators' client certificates). */
	if (stack_sh(&b, "ln -s '%s/t' \"$STACK_DIR/t\" && ln -s"
	    " '%s/demo-certs' \"$STACK_DIR/demo-certs\"", a.dir, a.dir) != 0)
		goto fail;
	write_t("s.png", sample_png, sizeof(sample_png));
	write_t("s.pdf", sample_pdf, sizeof(sample_pdf) - 1);
	return;
fail:
	stack_down(&b);
	stack_down(&a);
	fprintf(stderr, "check_webnodes: could not set up the two nodes\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	/* B first: A's stack_down stops the database. */
	stack_down(&b);
	stack_down(&a);
}

int
main(void)
{
	Suite	*s = suite_create("webnodes");
	TCase	*tc = tcase_create("webnodes");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_a_login_on_one_node_is_a_login_on_the_other);
	tcase_add_test(tc,
	    test_logging_out_on_one_node_ends_the_session_on_both);
	tcase_add_test(tc, test_the_reissue_wizard_moves_between_nodes);
	tcase_add_test(tc,
	    test_a_payment_opened_on_one_node_is_paid_through_the_other);
	/* Before 孙演示's password changes and 张演示 is locked out. */
	tcase_add_test(tc,
	    test_unpaid_orders_close_once_when_both_nodes_close_them);
	tcase_add_test(tc, test_a_code_sent_by_one_node_is_taken_by_the_other);
	tcase_add_test(tc, test_failed_logins_on_both_nodes_count_together);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
