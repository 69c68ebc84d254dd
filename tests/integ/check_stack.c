/*
 * check_stack.c: integration tests of the foundation, against real nginx,
 * webd workers and the cad daemon started on free ports in a temporary
 * directory (tests/integ/stack.c), driven over HTTPS with curl and over the
 * daemon socket with cactl and raw frames.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "ca/proto.h"
#include "tests/integ/stack.h"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, "-F") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_stack: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* GETs path and checks the status. */
static void
get(const char *path, const char *args, int status, struct http *h)
{
	ck_assert_int_eq(stack_curl(&st, path, args, h), 0);
	ck_assert_msg(h->status == status, "%s: HTTP %d, wanted %d", path,
	    h->status, status);
}

START_TEST(test_login_page_is_chinese_html_over_https)
{
	struct http	 h;

	get("/login", NULL, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "text/html"));
	ck_assert(http_has(&h, "<html lang=\"zh-CN\""));
	ck_assert(http_has(&h, "账号登录"));
	ck_assert(http_has(&h, "CA登录"));
	ck_assert(http_has(&h, "我已阅读并同意"));
	ck_assert(http_has(&h, "《用户服务协议》"));
	ck_assert(http_has(&h, "《隐私政策》"));
	ck_assert(http_has(&h, "/static/css/app.css"));
	ck_assert(http_has_header(&h, "X-Content-Type-Options", "nosniff"));
	ck_assert(http_has_header(&h, "Cache-Control", "no-store"));
	http_free(&h);
}
END_TEST

START_TEST(test_login_ca_tab_offers_certificate_login)
{
	struct http	 h;

	get("/login?tab=ca", NULL, 200, &h);
	ck_assert(http_has(&h, "/login/ca"));
	http_free(&h);
}
END_TEST

START_TEST(test_agreement_documents_are_served)
{
	struct http	 h;

	get("/terms", NULL, 200, &h);
	ck_assert(http_has(&h, "用户服务协议"));
	ck_assert(http_has(&h, "重新生成"));
	http_free(&h);
	get("/privacy", NULL, 200, &h);
	ck_assert(http_has(&h, "隐私政策"));
	http_free(&h);
}
END_TEST

START_TEST(test_root_redirects_to_login)
{
	struct http	 h;

	get("/", NULL, 303, &h);
	ck_assert(http_has_header(&h, "Location", "/login"));
	http_free(&h);
}
END_TEST

START_TEST(test_static_file_is_served_by_nginx)
{
	struct http	 h;

	get("/static/css/app.css", NULL, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "text/css"));
	/* Workers always send no-store; nginx's static files do not. */
	ck_assert(!http_has_header(&h, "Cache-Control", "no-store"));
	ck_assert(h.body_len > 100);
	http_free(&h);
}
END_TEST

START_TEST(test_unknown_path_gets_styled_404)
{
	struct http	 h;

	get("/no/such/page", NULL, 404, &h);
	ck_assert(http_has(&h, "页面不存在"));
	ck_assert(http_has(&h, "/static/css/app.css"));
	http_free(&h);
}
END_TEST

START_TEST(test_wrong_method_gets_405_with_allow)
{
	struct http	 h;

	get("/login", "-X DELETE", 405, &h);
	ck_assert(http_has_header(&h, "Allow", "GET"));
	ck_assert(http_has(&h, "请求方法不被允许"));
	http_free(&h);
	get("/healthz", "-X POST -d x=1", 405, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_malformed_query_gets_styled_400)
{
	struct http	 h;

	get("/login?tab=%ZZ", NULL, 400, &h);
	ck_assert(http_has(&h, "请求无效"));
	http_free(&h);
}
END_TEST

START_TEST(test_internal_failure_gets_styled_500_details_in_log)
{
	struct http	 h;
	char		 path[PATH_MAX + 32], *log;

	get("/__fault", NULL, 500, &h);
	ck_assert(http_has(&h, "服务器内部错误"));
	ck_assert(!http_has(&h, "sys_fault"));
	ck_assert(!http_has(&h, "injected"));
	http_free(&h);
	snprintf(path, sizeof(path), "%s/log/webd.log", st.dir);
	log = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(log);
	ck_assert(strstr(log, "injected internal failure") != NULL);
	free(log);
}
END_TEST

START_TEST(test_oversize_body_is_refused_by_nginx)
{
	struct http	 h;

	ck_assert_int_eq(stack_sh(&st, "head -c 12000000 /dev/zero > "
	    "\"$STACK_DIR/big\""), 0);
	get("/login", "-X POST -H 'Content-Type: application/octet-stream' "
	    "--data-binary @\"$STACK_DIR/big\"", 413, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_healthz_sees_database_and_daemon)
{
	struct http	 h;

	get("/healthz", NULL, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/json"));
	ck_assert(http_has(&h, "{\"status\":\"ok\",\"app_db\":\"ok\","));
	ck_assert(http_has(&h, "\"daemon\":\"ok\""));
	ck_assert(http_has(&h, "\"failed\":[]"));
	http_free(&h);
}
END_TEST

START_TEST(test_killed_worker_is_replaced)
{
	struct http	 h;
	long		 webd = stack_pid(&st, "webd");
	int		 i;

	ck_assert(webd > 0);
	/* SIGKILL one worker (a child of the supervisor). */
	ck_assert_int_eq(stack_sh(&st, "kill -KILL $(pgrep -P %ld | head -1)",
	    webd), 0);
	for (i = 0; i < 20; i++) {
		get("/healthz", NULL, 200, &h);
		http_free(&h);
	}
	/* Back to two workers (and the ticker, webd's third child). */
	ck_assert_int_eq(stack_sh(&st, "test $(pgrep -P %ld | wc -l) -eq 3",
	    webd), 0);
}
END_TEST

START_TEST(test_parallel_requests_are_all_answered_promptly)
{
	/* More clients at once than there are workers: none may wait on a
	 * worker held by another connection. */
	ck_assert_int_eq(stack_sh(&st, "for i in 1 2 3 4 5 6 7 8 9 10; do "
	    "curl -s -o /dev/null -w '%%{http_code}\\n' --max-time 5 "
	    "--cacert \"$STACK_DIR/ca/chain.pem\" "
	    "https://127.0.0.1:$PORT/login & done > \"$STACK_DIR/par\"; "
	    "wait; test $(grep -c '^200$' \"$STACK_DIR/par\") -eq 10"), 0);
}
END_TEST

START_TEST(test_worker_stopped_with_sigterm_is_replaced)
{
	struct http	 h;
	long		 webd = stack_pid(&st, "webd");
	int		 i;

	ck_assert_int_eq(stack_sh(&st, "kill -TERM $(pgrep -P %ld | head -1)",
	    webd), 0);
	for (i = 0; i < 10; i++) {
		get("/healthz", NULL, 200, &h);
		http_free(&h);
	}
	ck_assert_int_eq(stack_sh(&st, "sleep 0.5; test $(pgrep -P %ld | "
	    "wc -l) -eq 3", webd), 0);
}
END_TEST

START_TEST(test_daemon_answers_status)
{
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" -s "
	    "\"$STACK_DIR/run/cad.sock\" status > \"$STACK_DIR/status.out\" "
	    "&& grep -q 'algorithm: p256' \"$STACK_DIR/status.out\" && "
	    "grep -q 'Issuing CA' \"$STACK_DIR/status.out\""), 0);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" -s "
	    "\"$STACK_DIR/run/cad.sock\" ping | grep -qx pong"), 0);
}
END_TEST

static int
connect_cad(void)
{
	char	 path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/run/cad.sock", st.dir);
	return proto_connect(path);
}

/* Sends n raw bytes and returns 1 if the daemon then closed the socket. */
static int
closed_after(int fd, const void *p, size_t n)
{
	char	 b[64];

	if (write(fd, p, n) != (ssize_t)n)
		return 0;
	return read(fd, b, sizeof(b)) == 0;
}

static int
ping_ok(int fd)
{
	struct proto_buf req;
	struct proto_msg rep;
	uint8_t		*store;
	char		 s[16];
	int		 ok;

	proto_buf_init(&req, PROTO_PING);
	ok = proto_call(fd, &req, &rep, &store) == 0 && rep.op == PROTO_OK &&
	    proto_get_str(&rep, s, sizeof(s)) == 0 && strcmp(s, "pong") == 0;
	proto_buf_free(&req);
	free(store);
	return ok;
}

START_TEST(test_malformed_frames_close_only_that_connection)
{
	const uint8_t	 badver[8] = { 9, 1, 0, 0, 0, 0, 0, 0 };
	const uint8_t	 huge[8] = { 1, 1, 0, 0, 0x7f, 0xff, 0xff, 0xff };
	const uint8_t	 badop[8] = { 1, 0x42, 0, 0, 0, 0, 0, 0 };
	/* PING with a stray trailing field. */
	const uint8_t	 trail[21] = { 1, 1, 0, 0, 0, 0, 0, 13,
	    1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1 };
	int		 idle, fd;

	/* A well-behaved client stays connected throughout. */
	idle = connect_cad();
	ck_assert(idle != -1);

	fd = connect_cad();
	ck_assert(closed_after(fd, badver, sizeof(badver)));
	close(fd);
	fd = connect_cad();
	ck_assert(closed_after(fd, huge, sizeof(huge)));
	close(fd);
	fd = connect_cad();
	ck_assert(closed_after(fd, badop, sizeof(badop)));
	close(fd);
	fd = connect_cad();
	ck_assert(closed_after(fd, trail, sizeof(trail)));
	close(fd);

	ck_assert(ping_ok(idle));
	ck_assert(ping_ok(idle));	/* same connection, second request */
	close(idle);
	fd = connect_cad();
	ck_assert(ping_ok(fd));
	close(fd);
}
END_TEST

START_TEST(test_daemon_refuses_group_readable_key)
{
	ck_assert_int_eq(stack_sh(&st,
	    "d=\"$STACK_DIR/keytest\"; rm -rf \"$d\"; mkdir -p \"$d\" && "
	    "cp -rp \"$STACK_DIR/ca\" \"$d/ca\" && "
	    "chmod 640 \"$d/ca/private/ca.key\" && "
	    "! CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" "
	    "\"$BINDIR/cad\" -c \"$d/ca\" -s \"$d/cad.sock\" 2> \"$d/err\" && "
	    "grep -q 'readable by group or others' \"$d/err\" && "
	    "test ! -e \"$d/cad.sock\""), 0);
}
END_TEST

START_TEST(test_daemon_refuses_wrong_passphrase)
{
	ck_assert_int_eq(stack_sh(&st,
	    "d=\"$STACK_DIR/passtest\"; rm -rf \"$d\"; mkdir -p \"$d\" && "
	    "(umask 077; echo 'not-the-passphrase' > \"$d/pass\") && "
	    "! \"$BINDIR/cad\" -c \"$STACK_DIR/ca\" -s \"$d/cad.sock\" "
	    "-p \"$d/pass\" 2> \"$d/err\" && "
	    "grep -q 'wrong passphrase' \"$d/err\""), 0);
}
END_TEST

/*
 * The sandbox payment gateway is a test double: only webd-sandbox (what
 * this stack runs) has its cashier; the production webd has no sandbox
 * code (nor the cashier's route) and refuses -P with a clear line.
 */
START_TEST(test_the_production_webd_has_no_sandbox)
{
	/* check_pay pays through webd-sandbox's cashier. */
	ck_assert_int_eq(stack_sh(&st, "nm \"$BINDIR/webd-sandbox\" | grep -q "
	    "paysandbox_cashier"), 0);
	ck_assert_int_ne(stack_sh(&st, "nm \"$BINDIR/webd\" | grep -q "
	    "paysandbox"), 0);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webd\" -s \"$STACK_DIR/t.sock\" "
	    "-d \"$STACK_DIR/db/app.db\" -x \"$TOP/xsl\" -c /nonexistent -u "
	    "\"$STACK_DIR/uploads\" -P \"$STACK_DIR/paysandbox\" -b "
	    "https://127.0.0.1:1 -t /nonexistent 2>&1 | grep -q 'no sandbox "
	    "payment gateway'"), 0);
}
END_TEST

/* The demo data is webctl's (fcgi/webctldemo.c): webd has none of it. */
START_TEST(test_webd_has_no_demo_data)
{
	ck_assert_int_eq(stack_sh(&st, "nm \"$BINDIR/webctl\" | grep -q "
	    "webctl_demo_load"), 0);
	ck_assert_int_ne(stack_sh(&st, "nm \"$BINDIR/webd\" | grep -qi "
	    "demo"), 0);
	ck_assert_int_ne(stack_sh(&st, "grep -q '辽宁演示建设工程有限公司' "
	    "\"$BINDIR/webd\""), 0);
}
END_TEST

START_TEST(test_tls_server_certificate_chains_to_demo_ca)
{
	ck_assert_int_eq(stack_sh(&st, "openssl verify -CAfile "
	    "\"$STACK_DIR/ca/root.crt\" -untrusted \"$STACK_DIR/ca/ca.crt\" "
	    "\"$STACK_DIR/tls/server.crt\" >/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "certtool --verify "
	    "--load-ca-certificate \"$STACK_DIR/ca/chain.pem\" "
	    "--infile \"$STACK_DIR/tls/server.crt\" >/dev/null 2>&1"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("stack");
	TCase	*tc = tcase_create("foundation");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_login_page_is_chinese_html_over_https);
	tcase_add_test(tc, test_login_ca_tab_offers_certificate_login);
	tcase_add_test(tc, test_agreement_documents_are_served);
	tcase_add_test(tc, test_root_redirects_to_login);
	tcase_add_test(tc, test_static_file_is_served_by_nginx);
	tcase_add_test(tc, test_unknown_path_gets_styled_404);
	tcase_add_test(tc, test_wrong_method_gets_405_with_allow);
	tcase_add_test(tc, test_malformed_query_gets_styled_400);
	tcase_add_test(tc, test_internal_failure_gets_styled_500_details_in_log);
	tcase_add_test(tc, test_oversize_body_is_refused_by_nginx);
	tcase_add_test(tc, test_healthz_sees_database_and_daemon);
	tcase_add_test(tc, test_killed_worker_is_replaced);
	tcase_add_test(tc, test_parallel_requests_are_all_answered_promptly);
	tcase_add_test(tc, test_worker_stopped_with_sigterm_is_replaced);
	tcase_add_test(tc, test_daemon_answers_status);
	tcase_add_test(tc, test_malformed_frames_close_only_that_connection);
	tcase_add_test(tc, test_daemon_refuses_group_readable_key);
	tcase_add_test(tc, test_daemon_refuses_wrong_passphrase);
	tcase_add_test(tc, test_tls_server_certificate_chains_to_demo_ca);
	tcase_add_test(tc, test_the_production_webd_has_no_sandbox);
	tcase_add_test(tc, test_webd_has_no_demo_data);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
