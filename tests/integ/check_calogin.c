/*
 * check_calogin.c: integration tests of CA登录 (POST /login/ca) and of
 * `webctl demo-certs`, through real nginx (TLS client certificates),
 * workers and signing daemon in a full instance on free ports
 * (tests/integ/stack.c).
 *
 * The fixture loads the demo data and issues the demo certificates, as
 * `make run` does.  Each test logs in with curl from its own loopback
 * address (127.0.0.N via --interface), so nginx's login rate limit, which
 * counts per client address, never mixes the tests up; each test also
 * keeps its own cookie jar and uses its own certificates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CERTS	"\"$STACK_DIR/demo-certs\""
#define WEBCTL	"\"$BINDIR/webctl\" -d \"$APPDB\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define DEMO_CERTS \
	WEBCTL " demo-certs --ca-socket \"$STACK_DIR/run/cad.sock\" " \
	"--out " CERTS

#define MSG_MISSING	"未检测到有效的CA数字证书"
#define MSG_REVOKED	"该CA数字证书已注销"
#define MSG_UNKNOWN	"该CA数字证书未绑定账号"
#define MSG_AGREE	"请先阅读并同意《用户服务协议》《隐私政策》"
#define COOKIE_ATTRS	"; Path=/; Secure; HttpOnly; SameSite=Lax"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T) != 0 ||
	    stack_sh(&st, WEBCTL " demo > " T "/demo.out") != 0 ||
	    stack_sh(&st, DEMO_CERTS " > " T "/certs1.out 2> " T
	    "/certs1.err") != 0) {
		stack_sh(&st, "cat " T "/certs1.err >&2");
		stack_down(&st);
		fprintf(stderr, "check_calogin: could not set up the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* ---- helpers ---------------------------------------------------------- */

/* Reads the first line of $STACK_DIR/t/name into buf ("" if none). */
static const char *
line_of(const char *name, char *buf, size_t sz)
{
	char	 path[PATH_MAX + 64], *txt;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	buf[0] = '\0';
	if ((txt = stack_slurp(path, NULL)) != NULL) {
		txt[strcspn(txt, "\r\n")] = '\0';
		snprintf(buf, sz, "%s", txt);
		free(txt);
	}
	return buf;
}

/*
 * curl words for client n: its own source address 127.0.0.(10+n) and its
 * own cookie jar t/jar-n.
 */
static void
client(int n, char *buf, size_t sz)
{
	snprintf(buf, sz, "--interface 127.0.0.%d -c " T "/jar-%d -b " T
	    "/jar-%d", 10 + n, n, n);
}

/*
 * Opens the CA tab of the login page as client n (starting its anonymous
 * session) and copies the form's CSRF token into csrf (65 bytes).
 */
static void
open_login(int n, char *csrf)
{
	struct http	 h;
	char		 args[512];

	client(n, args, sizeof(args));
	ck_assert_int_eq(stack_curl(&st, "/login?tab=ca", args, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_ptr_nonnull(strstr(h.body, "action=\"/login/ca\""));
	ck_assert_int_eq(http_csrf(&h, csrf), 0);
	http_free(&h);
}

/*
 * POSTs /login/ca as client n with the curl words cert (client
 * certificate options, may be "") and the form fields form.
 */
static void
post_login(int n, const char *cert, const char *form, struct http *h)
{
	char	 args[1024];

	client(n, args, sizeof(args));
	snprintf(args + strlen(args), sizeof(args) - strlen(args),
	    " %s -d '%s'", cert, form);
	ck_assert_int_eq(stack_curl(&st, "/login/ca", args, h), 0);
}

/* curl words presenting demo certificate file base (in demo-certs/). */
static void
demo_cert(const char *base, char *buf, size_t sz)
{
	snprintf(buf, sz, "--cert " CERTS "/%s.crt --key " CERTS "/%s.key",
	    base, base);
}

/* Logs client n in with agree=1 and its token; answers in *h. */
static void
login(int n, const char *cert, struct http *h)
{
	char	 csrf[65], form[128];

	open_login(n, csrf);
	snprintf(form, sizeof(form), "csrf=%s&agree=1", csrf);
	post_login(n, cert, form, h);
}

/* 1 if client n's session is a logged-in one (/identity answers 200). */
static int
logged_in(int n)
{
	struct http	 h;
	char		 args[512];
	int		 in;

	client(n, args, sizeof(args));
	ck_assert_int_eq(stack_curl(&st, "/identity", args, &h), 0);
	in = h.status == 200;
	if (!in)
		ck_assert_msg(h.status == 303 && http_has_header(&h,
		    "Location", "/login"), "/identity: %d", h.status);
	http_free(&h);
	return in;
}

/* The refusal page: the CA tab of the login page with message msg. */
static void
assert_refused(const struct http *h, const char *msg)
{
	ck_assert_int_eq(h->status, 200);
	ck_assert_msg(strstr(h->body, msg) != NULL, "no message '%s'", msg);
	ck_assert_ptr_nonnull(strstr(h->body, "action=\"/login/ca\""));
	ck_assert_msg(strstr(h->body, "SUCCESS") == NULL &&
	    strstr(h->body, "FAILED") == NULL, "details leaked to the page");
}

/* The serial of certificate file path (shell words) into buf. */
static void
serial_of(const char *path, char *buf, size_t sz)
{
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in %s -noout -serial "
	    "| sed 's/^serial=//' > " T "/serial.out", path), 0);
	line_of("serial.out", buf, sz);
	ck_assert_uint_ge(strlen(buf), 16);
}

/* ---- logging in ------------------------------------------------------- */

START_TEST(test_demo_cert_logs_holder_in_with_new_session)
{
	struct http	 h;
	char		 cert[512], old[80], *sid;
	char		 path[PATH_MAX + 32], *jar;

	/* The anonymous session's id, from the jar after the form. */
	open_login(1, old);
	snprintf(path, sizeof(path), "%s/t/jar-1", st.dir);
	ck_assert_ptr_nonnull(jar = stack_slurp(path, NULL));
	ck_assert_ptr_nonnull(sid = strstr(jar, "__Host-sid\t"));
	snprintf(old, sizeof(old), "%.64s", sid + strlen("__Host-sid\t"));
	free(jar);

	demo_cert("13900000002-1", cert, sizeof(cert));
	login(1, cert, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_has_header(&h, "Location", "/identity"));
	ck_assert(http_has_header(&h, "Set-Cookie", "__Host-sid="));
	ck_assert_ptr_nonnull(sid = strstr(h.headers, "__Host-sid="));
	sid += strlen("__Host-sid=");
	ck_assert_uint_eq(strspn(sid, "0123456789abcdef"), 64);
	ck_assert_msg(strncmp(sid + 64, COOKIE_ATTRS, strlen(COOKIE_ATTRS))
	    == 0, "cookie attributes: %.120s", sid + 64);
	ck_assert_msg(strncmp(sid, old, 64) != 0, "session id not renewed");
	http_free(&h);

	/* The holder of that certificate, 李演示, is now logged in. */
	ck_assert(logged_in(1));
	{
		char	 args[512];

		client(1, args, sizeof(args));
		ck_assert_int_eq(stack_curl(&st, "/identity", args, &h), 0);
		ck_assert_ptr_nonnull(strstr(h.body, "李演示"));
		ck_assert_ptr_nonnull(strstr(h.body,
		    "辽宁演示建设工程有限公司"));
		http_free(&h);
	}
	/* One audit record, and the chain still verifies. */
	ck_assert_int_eq(stack_sh(&st, WEBCTL " audit-verify >/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'web login.ca: person=' "
	    "\"$STACK_DIR/log/webd.log\""), 0);
}
END_TEST

START_TEST(test_personal_cert_logs_in_the_personal_holder)
{
	struct http	 h;
	char		 cert[512], args[512];

	demo_cert("13900000005-2", cert, sizeof(cert));
	login(2, cert, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_has_header(&h, "Location", "/identity"));
	http_free(&h);
	client(2, args, sizeof(args));
	ck_assert_int_eq(stack_curl(&st, "/identity", args, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_ptr_nonnull(strstr(h.body, "孙演示"));
	http_free(&h);
}
END_TEST

START_TEST(test_without_client_cert_is_refused)
{
	struct http	 h;

	login(3, "", &h);
	assert_refused(&h, MSG_MISSING);
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	http_free(&h);
	ck_assert(!logged_in(3));
}
END_TEST

START_TEST(test_cert_from_another_ca_is_refused)
{
	struct http	 h;
	char		 serial[64];

	/*
	 * A look-alike: another CA's certificate with the serial and the
	 * subject of a real demo certificate.  nginx's chain check fails.
	 */
	serial_of(CERTS "/13900000001-1.crt", serial, sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout evil-ca.key -out evil-ca.crt -days 30 "
	    "-subj '/CN=Evil Root' 2>/dev/null && "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout evil.key -out evil.csr 2>/dev/null "
	    "-subj '/C=CN/O=辽宁演示建设工程有限公司/CN=张演示/"
	    "serialNumber=91210105MA0YDEM15L' -utf8 && "
	    "openssl x509 -req -in evil.csr -CA evil-ca.crt -CAkey "
	    "evil-ca.key -set_serial 0x%s -days 30 -out evil.crt "
	    "2>/dev/null", serial), 0);
	login(4, "--cert " T "/evil.crt --key " T "/evil.key", &h);
	ck_assert_int_ne(h.status, 303);
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	ck_assert_ptr_null(strstr(h.body, "张演示"));
	http_free(&h);
	ck_assert(!logged_in(4));
}
END_TEST

START_TEST(test_revoked_cert_is_refused)
{
	struct http	 h;
	char		 cert[512], serial[64];

	demo_cert("13900000020-1", cert, sizeof(cert));
	serial_of(CERTS "/13900000020-1.crt", serial, sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "keyCompromise >/dev/null", serial), 0);
	login(5, cert, &h);
	assert_refused(&h, MSG_REVOKED);
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	http_free(&h);
	ck_assert(!logged_in(5));
	ck_assert_int_eq(stack_sh(&st, "grep -q 'login.ca.fail: serial=%s "
	    ".*reason=cert_revoked' \"$STACK_DIR/log/webd.log\"", serial),
	    0);
}
END_TEST

START_TEST(test_valid_cert_bound_to_no_account_is_refused)
{
	struct http	 h;

	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout stray.key -out stray.csr -subj /CN=x "
	    "2>/dev/null && " CACTL " issue --csr stray.csr "
	    "--org 辽宁演示建设工程有限公司 --cn 无账号演示 "
	    "--sn 91210105MA0YDEM15L --out stray.crt >/dev/null 2>&1"), 0);
	login(6, "--cert " T "/stray.crt --key " T "/stray.key", &h);
	assert_refused(&h, MSG_UNKNOWN);
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	http_free(&h);
	ck_assert(!logged_in(6));
}
END_TEST

START_TEST(test_missing_agreement_is_refused)
{
	struct http	 h;
	char		 cert[512], csrf[65], form[128];

	demo_cert("13900000011-1", cert, sizeof(cert));
	open_login(7, csrf);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	post_login(7, cert, form, &h);
	assert_refused(&h, MSG_AGREE);
	http_free(&h);
	snprintf(form, sizeof(form), "csrf=%s&agree=yes", csrf);
	post_login(7, cert, form, &h);
	assert_refused(&h, MSG_AGREE);
	http_free(&h);
	ck_assert(!logged_in(7));
}
END_TEST

START_TEST(test_missing_or_wrong_csrf_is_403)
{
	struct http	 h;
	char		 cert[512], csrf[65], other[65], form[128];

	/* Client 8 has a session, so only the token is missing. */
	demo_cert("13900000012-1", cert, sizeof(cert));
	open_login(8, csrf);
	post_login(8, cert, "agree=1", &h);
	ck_assert_int_eq(h.status, 403);
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	http_free(&h);
	/* Another session's token is as wrong as a made-up one. */
	open_login(9, other);
	snprintf(form, sizeof(form), "csrf=%s&agree=1", other);
	post_login(8, cert, form, &h);
	ck_assert_int_eq(h.status, 403);
	http_free(&h);
	ck_assert(!logged_in(8));
	(void)csrf;
}
END_TEST

/* ---- webctl demo-certs ------------------------------------------------ */

START_TEST(test_demo_certs_twice_adds_nothing)
{
	char	 a[256], b[256];

	ck_assert_int_eq(stack_sh(&st, WEBCTL " status > " T "/status1 && "
	    "(cd " CERTS " && sha256sum *) > " T "/files1"), 0);
	ck_assert_int_eq(stack_sh(&st, DEMO_CERTS " > " T "/certs2.out "
	    "2>/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'nothing changed' " T
	    "/certs2.out"), 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " status > " T "/status2 && "
	    "(cd " CERTS " && sha256sum *) > " T "/files2"), 0);
	ck_assert_str_eq(line_of("status1", a, sizeof(a)),
	    line_of("status2", b, sizeof(b)));
	ck_assert_int_eq(stack_sh(&st, "cmp -s " T "/files1 " T "/files2"),
	    0);
}
END_TEST

START_TEST(test_demo_certs_are_real_and_complete)
{
	/* 19 certificates: 12 of company A (more than one page), 3 of B,
	 * one 个人, three of the operators; each with key (0600),
	 * certificate and PKCS#12. */
	ck_assert_int_eq(stack_sh(&st, WEBCTL " status | grep -q "
	    "' 19 certificates'"), 0);
	ck_assert_int_eq(stack_sh(&st, "[ $(ls " CERTS "/*.crt | wc -l) "
	    "-eq 19 ] && [ $(ls " CERTS "/*.key | wc -l) -eq 19 ] && "
	    "[ $(ls " CERTS "/*.p12 | wc -l) -eq 19 ]"), 0);
	ck_assert_int_eq(stack_sh(&st, "[ -z \"$(find " CERTS " -name "
	    "'*.key' ! -perm 0600)\" ] && [ -z \"$(find " CERTS " -name "
	    "'*.p12' ! -perm 0600)\" ]"), 0);
	ck_assert_int_eq(stack_sh(&st, "n=0; for f in " CERTS "/*.crt; do "
	    "openssl x509 -in $f -noout -subject -nameopt utf8,sep_comma_plus"
	    " | grep -q 'O=辽宁演示建设工程有限公司' && n=$((n+1)); done; "
	    "[ $n -eq 12 ]"), 0);
	/* Every one chains to the demo CA (independent check). */
	ck_assert_int_eq(stack_sh(&st, "for f in " CERTS "/*.crt; do "
	    "openssl verify -CAfile \"$STACK_DIR/ca/chain.pem\" $f "
	    ">/dev/null || exit 1; done"), 0);
	/* The company master key: subject, key match, PKCS#12, platforms. */
	ck_assert_int_eq(stack_sh(&st, "f=" CERTS "/13900000001-1; "
	    "openssl x509 -in $f.crt -noout -subject -nameopt "
	    "utf8,sep_comma_plus > " T "/master.subj && "
	    "grep -q 'O=辽宁演示建设工程有限公司' " T "/master.subj && "
	    "grep -q 'CN=张演示' " T "/master.subj && "
	    "grep -q 'serialNumber=91210105MA0YDEM15L' " T "/master.subj && "
	    "[ \"$(openssl x509 -in $f.crt -noout -pubkey)\" = "
	    "\"$(openssl pkey -in $f.key -pubout)\" ] && "
	    "openssl pkcs12 -in $f.p12 -passin pass:Demo@2026 -nodes "
	    "2>/dev/null | grep -q 'BEGIN PRIVATE KEY' && "
	    "s=$(openssl x509 -in $f.crt -noout -serial | sed s/serial=//) && "
	    CACTL " show $s | grep -c '^platform:' | grep -qx 5"), 0);
	/* The 个人 certificate carries the mobile, not a company code. */
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " CERTS
	    "/13900000005-2.crt -noout -subject -nameopt utf8,sep_comma_plus "
	    "| grep -q 'serialNumber=13900000005'"), 0);
}
END_TEST

/* Last: stops the daemon, then starts it again for nobody. */
START_TEST(test_unreachable_daemon_gives_503_and_no_login)
{
	struct http	 h;
	char		 cert[512];

	demo_cert("13900000013-1", cert, sizeof(cert));
	ck_assert_int_eq(stack_sh(&st, "kill $(cat \"$STACK_DIR/run/cad.pid\")"
	    " && i=0; while kill -0 $(cat \"$STACK_DIR/run/cad.pid\") "
	    "2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && exit 1; "
	    "sleep 0.1; done"), 0);
	login(10, cert, &h);
	ck_assert_int_eq(h.status, 503);
	ck_assert_ptr_nonnull(strstr(h.body, "服务暂不可用"));
	ck_assert(!http_has_header(&h, "Set-Cookie", "__Host-sid="));
	http_free(&h);
	ck_assert(!logged_in(10));
	/* With its users and sockets, the way tools/stack.sh starts it. */
	ck_assert_int_eq(stack_sh(&st, "\"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" && " CACTL " ping >/dev/null"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("calogin");
	TCase	*tc = tcase_create("calogin");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_demo_cert_logs_holder_in_with_new_session);
	tcase_add_test(tc, test_personal_cert_logs_in_the_personal_holder);
	tcase_add_test(tc, test_without_client_cert_is_refused);
	tcase_add_test(tc, test_cert_from_another_ca_is_refused);
	tcase_add_test(tc, test_revoked_cert_is_refused);
	tcase_add_test(tc, test_valid_cert_bound_to_no_account_is_refused);
	tcase_add_test(tc, test_missing_agreement_is_refused);
	tcase_add_test(tc, test_missing_or_wrong_csrf_is_403);
	tcase_add_test(tc, test_demo_certs_twice_adds_nothing);
	tcase_add_test(tc, test_demo_certs_are_real_and_complete);
	tcase_add_test(tc, test_unreachable_daemon_gives_503_and_no_login);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
