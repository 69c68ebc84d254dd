/*
 * check_ocsp.c: the OCSP responder as linked platforms use it (issue 7
 * item 2), driven by an independent client, `openssl ocsp`, over nginx's
 * plain-HTTP port: a fresh certificate is good (SHA-1 and SHA-256
 * CertIDs), revoked with reason and time at once after `cactl revoke`,
 * unknown for another CA's certificate and for a serial never issued;
 * every response verifies against the chain through the delegated
 * responder certificate ("Response verify OK"); the nonce is echoed; the
 * GET form (base64 in the path, plain or percent-encoded) works; garbage,
 * trailing bytes and an empty body get malformedRequest; a stopped daemon
 * gets tryLater; the issued certificate's AIA names the responder.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CA	"\"$STACK_DIR/ca\""
#define URL	"http://127.0.0.1:$HTTP_PORT/ocsp"
/* openssl ocsp against our responder; its output (both streams) to
 * t/out. */
#define OCSP	"openssl ocsp -issuer " CA "/ca.crt -url " URL \
		" -CAfile " CA "/chain.pem"

/* The DER OCSPResponse of a bare status: SEQUENCE { ENUMERATED n }. */
static const char	 malformed[] = { 0x30, 0x03, 0x0a, 0x01, 0x01 };
static const char	 try_later[] = { 0x30, 0x03, 0x0a, 0x01, 0x03 };

static struct stack	 st;

/* The contents of t/NAME (caller frees). */
static char *
slurp_t(const char *name, size_t *len)
{
	char	 path[PATH_MAX + 64];
	char	*s;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	ck_assert_ptr_nonnull(s = stack_slurp(path, len));
	return s;
}

/* 1 if t/NAME contains text. */
static int
t_has(const char *name, const char *text)
{
	char	*s;
	int	 r;

	s = slurp_t(name, NULL);
	r = strstr(s, text) != NULL;
	if (!r)
		fprintf(stderr, "t/%s lacks '%s':\n%s\n", name, text, s);
	free(s);
	return r;
}

/* Writes the body of h to t/NAME. */
static void
save_t(const struct http *h, const char *name)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(h->body, 1, h->body_len, f), h->body_len);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Issues a fresh certificate into t/NAME.pem (key t/NAME.key); its
 * serial into serial (64 bytes).
 */
static void
issue(const char *name, char *serial)
{
	char	 f[80], *s;

	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt"
	    " ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/%s.csr --org '演示' --cn '吴演示' --order ocsp-%s --out " T
	    "/%s.pem > " T "/%s.serial", name, name, name, name, name,
	    name), 0);
	snprintf(f, sizeof(f), "%s.serial", name);
	s = slurp_t(f, NULL);
	s[strcspn(s, "\n")] = '\0';
	snprintf(serial, 64, "%s", s);
	free(s);
	ck_assert_uint_eq(strlen(serial), 32);
}

START_TEST(test_fresh_certificate_is_good_and_verifies)
{
	char	 serial[64];

	issue("good", serial);
	ck_assert_int_eq(stack_sh(&st, OCSP " -cert " T "/good.pem > " T
	    "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
	ck_assert(t_has("out", "Response verify OK"));
	/* The same with a SHA-256 CertID. */
	ck_assert_int_eq(stack_sh(&st, OCSP " -sha256 -cert " T "/good.pem"
	    " > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
	ck_assert(t_has("out", "Response verify OK"));
}
END_TEST

START_TEST(test_response_is_signed_by_the_delegated_responder)
{
	struct stat	 sb;
	char		 path[PATH_MAX + 64];

	ck_assert_int_eq(stack_sh(&st, OCSP " -cert " T "/good.pem"
	    " -resp_text > " T "/out 2>&1"), 0);
	/* Responder named by key hash; its certificate is in the response
	 * and is the delegated one, not the CA. */
	ck_assert(t_has("out", "Responder Id: "));
	ck_assert(t_has("out", "OCSP Signing"));
	ck_assert(t_has("out", "OCSP No Check"));
	ck_assert(t_has("out", "CN=ca-reissue Demo OCSP Responder"));
	/* No nextUpdate: always fresh. */
	ck_assert_int_eq(stack_sh(&st, "! grep -q 'Next Update' " T "/out"),
	    0);
	/* Its own key (not the CA's), readable by its owner only. */
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in \"$STACK_DIR/ocsp/"
	    "ocsp.crt\" -noout -pubkey > " T "/r.pub && openssl x509 -in "
	    CA "/ca.crt -noout -pubkey > " T "/ca.pub && ! cmp -s " T
	    "/r.pub " T "/ca.pub && openssl verify -CAfile " CA "/chain.pem"
	    " -purpose ocsphelper \"$STACK_DIR/ocsp/ocsp.crt\" >/dev/null"),
	    0);
	snprintf(path, sizeof(path), "%s/ocsp/ocsp.key", st.dir);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
}
END_TEST

START_TEST(test_revocation_shows_within_a_second)
{
	struct timespec	 a, b;
	char		 serial[64];
	double		 took;

	issue("rev", serial);
	ck_assert_int_eq(stack_sh(&st, OCSP " -cert " T "/rev.pem > " T
	    "/out 2>&1"), 0);
	ck_assert(t_has("out", "rev.pem: good"));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "keyCompromise >/dev/null", serial), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ck_assert_int_eq(stack_sh(&st, OCSP " -cert " T "/rev.pem -cert " T
	    "/good.pem > " T "/out 2>&1"), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	took = (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	ck_assert_msg(took < 1.0, "the answer took %.2f s", took);
	ck_assert(t_has("out", "rev.pem: revoked"));
	ck_assert(t_has("out", "Reason: keyCompromise"));
	ck_assert(t_has("out", "Revocation Time: "));
	/* Two CertIDs in one request: each gets its own answer. */
	ck_assert(t_has("out", "good.pem: good"));
	ck_assert(t_has("out", "Response verify OK"));
	/* The revocation time is the daemon's. */
	ck_assert_int_eq(stack_sh(&st, "d=$(sed -n 's/.*Revocation Time: "
	    "//p' " T "/out) && t=$(date -u -d \"$d\" +%%s) && now=$(date +%%s)"
	    " && [ $((now - t)) -ge 0 ] && [ $((now - t)) -le 5 ]"), 0);
}
END_TEST

START_TEST(test_other_ca_and_unissued_serial_are_unknown)
{
	/* A certificate of a CA that is not ours. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl req -x509 -new "
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
	    "o.key -out other.crt -subj '/CN=ca-reissue Demo Issuing CA' "
	    "-days 2 2>/dev/null && openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout oe.key -out oe.csr "
	    "-subj /CN=y 2>/dev/null && openssl x509 -req -in oe.csr -CA "
	    "other.crt -CAkey o.key -CAcreateserial -out oe.pem -days 1 "
	    "2>/dev/null"), 0);
	/*
	 * Same issuer name as ours, another key: the key hash decides.  Our
	 * responder speaks for our CA only, so a client cannot take it as
	 * authorised by the other CA (openssl says "root ca not trusted");
	 * trusting the responder certificate itself, the signature checks.
	 */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " T "/other.crt"
	    " -cert " T "/oe.pem -url " URL " -VAfile \"$STACK_DIR/ocsp/"
	    "ocsp.crt\" > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", "oe.pem: unknown"));
	ck_assert(t_has("out", "Response verify OK"));
	/* Our CA, a serial it never issued. */
	ck_assert_int_eq(stack_sh(&st, OCSP " -serial "
	    "0x4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", ": unknown"));
	ck_assert(t_has("out", "Response verify OK"));
}
END_TEST

START_TEST(test_nonce_is_echoed)
{
	ck_assert_int_eq(stack_sh(&st, OCSP " -nonce -cert " T "/good.pem"
	    " -req_text -resp_text > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
	ck_assert(t_has("out", "Response verify OK"));
	ck_assert_int_eq(stack_sh(&st, "! grep -qi 'nonce' " T "/out || "
	    "[ $(grep -c 'OCSP Nonce' " T "/out) -eq 2 ]"), 0);
	ck_assert_int_eq(stack_sh(&st, "! grep -Eqi 'no nonce|nonce verify"
	    " error' " T "/out"), 0);
	/* The nonce in the response is the one of the request. */
	ck_assert_int_eq(stack_sh(&st, "[ \"$(grep -A1 'OCSP Nonce' " T
	    "/out | grep -v -e 'OCSP Nonce' -e '^--$' | tr -d ' ' | sort -u |"
	    " wc -l)\" = 1 ]"), 0);
	/* Without a nonce, none comes back. */
	ck_assert_int_eq(stack_sh(&st, OCSP " -no_nonce -cert " T
	    "/good.pem -resp_text > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
	ck_assert_int_eq(stack_sh(&st, "! grep -q 'OCSP Nonce' " T "/out"),
	    0);
}
END_TEST

START_TEST(test_get_request_works_plain_and_percent_encoded)
{
	struct http	 h;
	char		*b64, *enc, path[8192];
	size_t		 i, n;

	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " CA "/ca.crt "
	    "-cert " T "/good.pem -no_nonce -reqout " T "/get.der && "
	    "base64 -w0 " T "/get.der > " T "/get.b64"), 0);
	b64 = slurp_t("get.b64", &n);
	ck_assert_ptr_nonnull(enc = malloc(3 * n + 1));
	for (i = 0, enc[0] = '\0'; i < n; i++) {
		if (b64[i] == '+' || b64[i] == '/' || b64[i] == '=')
			snprintf(enc + strlen(enc), 4, "%%%02X",
			    (unsigned char)b64[i]);
		else
			snprintf(enc + strlen(enc), 2, "%c", b64[i]);
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "http:/ocsp/%s", i ? enc : b64);
		ck_assert_int_eq(stack_curl(&st, path, NULL, &h), 0);
		ck_assert_int_eq(h.status, 200);
		ck_assert(http_has_header(&h, "Content-Type",
		    "application/ocsp-response"));
		save_t(&h, "get.resp");
		http_free(&h);
		ck_assert_int_eq(stack_sh(&st, "openssl ocsp -respin " T
		    "/get.resp -issuer " CA "/ca.crt -cert " T "/good.pem "
		    "-CAfile " CA "/chain.pem > " T "/out 2>&1"), 0);
		ck_assert(t_has("out", "good.pem: good"));
		ck_assert(t_has("out", "Response verify OK"));
	}
	free(b64);
	free(enc);
	/* Not base64: malformedRequest. */
	ck_assert_int_eq(stack_curl(&st, "http:/ocsp/%21%21%21", NULL, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_uint_eq(h.body_len, sizeof(malformed));
	ck_assert_mem_eq(h.body, malformed, sizeof(malformed));
	http_free(&h);
	/* GET /ocsp itself takes only POST. */
	ck_assert_int_eq(stack_curl(&st, "http:/ocsp", NULL, &h), 0);
	ck_assert_int_eq(h.status, 405);
	http_free(&h);
}
END_TEST

START_TEST(test_malformed_requests_get_malformed_request)
{
	static const char *const bodies[] = {
		"--data-binary 'this is not DER'",
		/* a valid request with one byte after it */
		"--data-binary @\"$STACK_DIR/t/trail.der\"",
		/* a truncated request */
		"--data-binary @\"$STACK_DIR/t/short.der\"",
		/* nothing at all */
		"--data-binary ''",
	};
	struct http	 h;
	char		 extra[512];
	size_t		 i;

	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " CA "/ca.crt "
	    "-cert " T "/good.pem -reqout " T "/ok.der && cp " T "/ok.der "
	    T "/trail.der && printf x >> " T "/trail.der && head -c 40 " T
	    "/ok.der > " T "/short.der"), 0);
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(extra, sizeof(extra), "-H 'Content-Type: "
		    "application/ocsp-request' %s", bodies[i]);
		ck_assert_int_eq(stack_curl(&st, "http:/ocsp", extra, &h), 0);
		ck_assert_msg(h.status == 200, "%s: HTTP %d", bodies[i],
		    h.status);
		ck_assert(http_has_header(&h, "Content-Type",
		    "application/ocsp-response"));
		ck_assert_msg(h.body_len == sizeof(malformed) &&
		    memcmp(h.body, malformed, sizeof(malformed)) == 0,
		    "%s: not malformedRequest", bodies[i]);
		http_free(&h);
	}
	/* The same request without the byte after it is answered. */
	ck_assert_int_eq(stack_curl(&st, "http:/ocsp", "-H 'Content-Type: "
	    "application/ocsp-request' --data-binary @\"$STACK_DIR/t/ok.der\"",
	    &h), 0);
	ck_assert_int_eq(h.status, 200);
	save_t(&h, "ok.resp");
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -respin " T "/ok.resp "
	    "-issuer " CA "/ca.crt -cert " T "/good.pem -CAfile " CA
	    "/chain.pem -no_nonce > " T "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
	/* Over 64 KiB: refused by nginx before any worker reads it. */
	ck_assert_int_eq(stack_sh(&st, "head -c 70000 /dev/zero > " T
	    "/big"), 0);
	ck_assert_int_eq(stack_curl(&st, "http:/ocsp", "-H 'Content-Type: "
	    "application/ocsp-request' --data-binary @\"$STACK_DIR/t/big\"",
	    &h), 0);
	ck_assert_int_eq(h.status, 413);
	http_free(&h);
}
END_TEST

START_TEST(test_issued_certificate_names_the_responder_in_aia)
{
	ck_assert_int_eq(stack_sh(&st, "[ \"$(openssl x509 -in " T
	    "/good.pem -noout -ocsp_uri)\" = " URL " ]"), 0);
	/* caIssuers stays beside it. */
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " T "/good.pem "
	    "-noout -ext authorityInfoAccess | grep -q 'CA Issuers - URI:"
	    "http://127.0.0.1:'\"$HTTP_PORT\"'/crl/'"), 0);
}
END_TEST

START_TEST(test_daemon_unreachable_is_try_later)
{
	struct http	 h;
	char		 extra[512];
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	long		 pid = stack_pid(&st, "cad");
	int		 i;

	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kill((pid_t)pid, SIGTERM), 0);
	for (i = 0; i < 50 && kill((pid_t)pid, 0) == 0; i++)
		nanosleep(&tenth, NULL);
	snprintf(extra, sizeof(extra), "-H 'Content-Type: "
	    "application/ocsp-request' --data-binary "
	    "@\"$STACK_DIR/t/ok.der\"");
	ck_assert_int_eq(stack_curl(&st, "http:/ocsp", extra, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_uint_eq(h.body_len, sizeof(try_later));
	ck_assert_mem_eq(h.body, try_later, sizeof(try_later));
	http_free(&h);
	/* Back again: answered again. */
	ck_assert_int_eq(stack_sh(&st, "\"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" && " CACTL " ping >/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, OCSP " -cert " T "/good.pem > " T
	    "/out 2>&1"), 0);
	ck_assert(t_has("out", "good.pem: good"));
}
END_TEST

static void
up(void)
{
	if (stack_up(&st, NULL) != 0) {
		fprintf(stderr, "check_ocsp: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
	if (stack_sh(&st, "mkdir -p " T) != 0)
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
	Suite	*s = suite_create("ocsp");
	TCase	*tc = tcase_create("ocsp");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	/* In this order: later tests use t/good.pem and t/ok.der. */
	tcase_add_test(tc, test_fresh_certificate_is_good_and_verifies);
	tcase_add_test(tc, test_response_is_signed_by_the_delegated_responder);
	tcase_add_test(tc, test_revocation_shows_within_a_second);
	tcase_add_test(tc, test_other_ca_and_unissued_serial_are_unknown);
	tcase_add_test(tc, test_nonce_is_echoed);
	tcase_add_test(tc, test_get_request_works_plain_and_percent_encoded);
	tcase_add_test(tc, test_malformed_requests_get_malformed_request);
	tcase_add_test(tc, test_issued_certificate_names_the_responder_in_aia);
	tcase_add_test(tc, test_daemon_unreachable_is_try_later);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
