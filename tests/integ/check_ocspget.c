/*
 * check_ocspget.c: pre-signed OCSP responses served by nginx as files
 * (issue 16 item 3; ca/caocspdir.h), as a relying party's RFC 5019 GET
 * meets them, checked with `openssl ocsp` and curl over nginx's plain
 * HTTP port:
 *   - a new certificate's GET (SHA-1 CertID, no nonce) is a static file
 *     (Cache-Control max-age=60, ETag, Last-Modified; a conditional GET
 *     gets 304), the same for its percent-encoded form, good, verified,
 *     with a nextUpdate a day after its thisUpdate;
 *   - a revocation, a hold and its release show in that file within a
 *     second;
 *   - a nonce, a SHA-256 CertID, a serial we never issued and a POST go
 *     to the workers (Cache-Control: no-store), which answer them, the
 *     unknown serial with a signed "unknown", never a 404;
 *   - with the daemon killed (-9), nginx still serves the files; a
 *     ".tmp-" file left by a write cut short is gone at the next start;
 *   - started after being down past half the validity, the daemon first
 *     removes every file (the workers answer meanwhile), then signs them
 *     all again.
 * cad is started again with setsid: check kills a test's process group
 * when the test ends, and the next tests need the daemon.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CA	"\"$STACK_DIR/ca\""
#define STATIC	"\"$STACK_DIR/ocsp-static\""
#define URL	"http://127.0.0.1:$HTTP_PORT/ocsp"

/*
 * Shell: GET t/NAME.der's request (in base64, percent-encoded if ENC is
 * 1) into t/NAME.resp, headers into t/NAME.hdr.
 */
#define GET(name, enc) "b=$(base64 -w0 " T "/" name ".der); " \
	"[ " #enc " -eq 0 ] || b=$(printf %%s \"$b\" | sed " \
	"'s|+|%%2B|g; s|/|%%2F|g; s|=|%%3D|g'); curl -s -D " T "/" name \
	".hdr -o " T "/" name ".resp \"" URL "/$b\""
/* Shell: checks t/NAME.resp for the status word of t/CERT.pem. */
#define STATUS(name, cert, word) "openssl ocsp -respin " T "/" name \
	".resp -no_nonce -issuer " CA "/ca.crt -cert " T "/" cert ".pem " \
	"-CAfile " CA \
	"/chain.pem > " T "/" name ".out 2>&1 && grep -q 'Response verify " \
	"OK' " T "/" name ".out && grep -q '" cert ".pem: " word "' " T "/" \
	name ".out"

static struct stack	 st;

/* Issues t/NAME.pem and writes its RFC 5019 request to t/NAME.der. */
static void
issue(const char *name)
{
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt"
	    " ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/%s.csr --org '演示' --cn '吴演示' --out " T "/%s.pem > " T
	    "/%s.serial && openssl ocsp -issuer " CA "/ca.crt -cert " T
	    "/%s.pem -no_nonce -reqout " T "/%s.der > /dev/null 2>&1",
	    name, name, name, name, name, name, name), 0);
}

/*
 * Polls the GET of t/NAME.der every 20 ms until nginx serves it as a
 * file (max-age=60) saying word, for at most ms milliseconds; returns
 * the milliseconds it took, or -1.
 */
static long
wait_static(const char *name, const char *word, long ms)
{
	struct timespec	 a, b, pause = { 0, 20 * 1000 * 1000 };
	long		 took;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (;;) {
		if (stack_sh(&st, GET("%s", 0) " && grep -qi '^Cache-Control: "
		    "max-age=60' " T "/%s.hdr && " STATUS("%s", "%s", "%s"),
		    name, name, name, name, name, name, name, name, name, word,
		    name) == 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &b);
		took = (b.tv_sec - a.tv_sec) * 1000 +
		    (b.tv_nsec - a.tv_nsec) / 1000000;
		if (took > ms)
			return -1;
		nanosleep(&pause, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) /
	    1000000;
}

START_TEST(test_new_certificate_is_a_static_file_with_cache_headers)
{
	issue("a");
	ck_assert_int_ge(wait_static("a", "good", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -qi '^ETag: ' " T "/a.hdr && "
	    "grep -qi '^Last-Modified: ' " T "/a.hdr && grep -qi "
	    "'^Content-Type: application/ocsp-response' " T "/a.hdr"), 0);
	/* nextUpdate is thisUpdate plus a day (README). */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -respin " T "/a.resp "
	    "-resp_text -noverify 2>/dev/null > " T "/a.txt && "
	    "tu=$(grep -m1 'This Update:' " T "/a.txt | sed 's/.*Update: //')"
	    " && nu=$(grep -m1 'Next Update:' " T "/a.txt | sed 's/.*Update:"
	    " //') && [ $(( $(date -d \"$nu\" +%%s) - $(date -d \"$tu\" "
	    "+%%s) )) -eq 86400 ]"), 0);
	/* The percent-encoded form: the same file (same ETag). */
	ck_assert_int_eq(stack_sh(&st, "cp " T "/a.hdr " T "/a1.hdr && "
	    GET("a", 1) " && " STATUS("a", "a", "good") " && "
	    "[ \"$(grep -i '^ETag' " T "/a.hdr)\" = \"$(grep -i '^ETag' " T
	    "/a1.hdr)\" ]"), 0);
	/* A conditional GET with that ETag: 304. */
	ck_assert_int_eq(stack_sh(&st, "e=$(grep -i '^ETag:' " T "/a.hdr | "
	    "sed 's/^[^:]*: //; s/\\r$//') && [ \"$(curl -s -o /dev/null -w "
	    "'%%{http_code}' -H \"If-None-Match: $e\" \"" URL "/$(base64 "
	    "-w0 " T "/a.der)\")\" = 304 ]"), 0);
}
END_TEST

START_TEST(test_revocation_hold_and_release_show_within_a_second)
{
	long	 ms;

	issue("r");
	ck_assert_int_ge(wait_static("r", "good", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke --reason "
	    "certificateHold $(cat " T "/r.serial) > /dev/null"), 0);
	ck_assert_int_ge(ms = wait_static("r", "revoked", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'certificateHold' " T
	    "/r.out || openssl ocsp -respin " T "/r.resp -resp_text "
	    "-noverify 2>/dev/null | grep -q 'Certificate Hold'"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " unhold $(cat " T "/r.serial) "
	    "> /dev/null"), 0);
	ck_assert_int_ge(wait_static("r", "good", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke --reason keyCompromise "
	    "$(cat " T "/r.serial) > /dev/null"), 0);
	ck_assert_int_ge(ms = wait_static("r", "revoked", 1000), 0);
	fprintf(stderr, "check_ocspget: revoked served by nginx after %ld "
	    "ms\n", ms);
}
END_TEST

START_TEST(test_other_requests_go_to_the_workers)
{
	issue("w");
	ck_assert_int_ge(wait_static("w", "good", 1000), 0);
	/* With a nonce: answered by the workers, nonce echoed. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " CA "/ca.crt "
	    "-cert " T "/w.pem -reqout " T "/n.der > /dev/null 2>&1 && "
	    GET("n", 0) " && grep -qi '^Cache-Control: no-store' " T "/n.hdr "
	    "&& openssl ocsp -respin " T "/n.resp -issuer " CA "/ca.crt "
	    "-cert " T "/w.pem -no_nonce -CAfile " CA "/chain.pem > " T
	    "/n.out 2>&1 && grep -q 'w.pem: good' " T "/n.out && grep -q "
	    "'Response verify OK' " T "/n.out && q=$(openssl ocsp -reqin " T
	    "/n.der -req_text | grep -A1 'OCSP Nonce' | tail -1) && "
	    "r=$(openssl ocsp -respin " T "/n.resp -resp_text -noverify "
	    "2>/dev/null | grep -A1 'OCSP Nonce' | tail -1) && [ -n \"$q\" ] "
	    "&& [ \"$q\" = \"$r\" ]"), 0);
	/* A SHA-256 CertID: the workers. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -sha256 -issuer " CA
	    "/ca.crt -cert " T "/w.pem -no_nonce -reqout " T "/s.der > "
	    "/dev/null 2>&1 && " GET("s", 0) " && grep -qi '^Cache-Control: "
	    "no-store' " T "/s.hdr && openssl ocsp -sha256 -no_nonce -respin "
	    T "/s.resp -issuer " CA "/ca.crt -cert " T "/w.pem -CAfile " CA
	    "/chain.pem > " T "/s.out 2>&1 && grep -q 'w.pem: good' " T
	    "/s.out && grep -q 'Response verify OK' " T "/s.out"), 0);
	/* A serial never issued: a signed "unknown", not a 404. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " CA "/ca.crt "
	    "-serial 0x0123456789ABCDEF0123 -no_nonce -reqout " T "/u.der > "
	    "/dev/null 2>&1 && " GET("u", 0) " && head -1 " T "/u.hdr | "
	    "grep -q ' 200' && grep -qi '^Cache-Control: no-store' " T
	    "/u.hdr && openssl ocsp -respin " T "/u.resp -no_nonce "
	    "-issuer " CA "/ca.crt -serial 0x0123456789ABCDEF0123 -CAfile "
	    CA "/chain.pem > " T "/u.out 2>&1 && grep -q ': unknown' " T
	    "/u.out && grep -q 'Response verify OK' " T "/u.out"), 0);
	/* POST: the workers, as before. */
	ck_assert_int_eq(stack_sh(&st, "curl -s -D " T "/p.hdr -o " T
	    "/p.resp -H 'Content-Type: application/ocsp-request' "
	    "--data-binary @" T "/w.der \"" URL "\" && grep -qi "
	    "'^Cache-Control: no-store' " T "/p.hdr && " STATUS("p", "w",
	    "good")), 0);
}
END_TEST

START_TEST(test_kill9_keeps_the_files_and_leaves_nothing_partial)
{
	issue("k");
	ck_assert_int_ge(wait_static("k", "good", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, "kill -9 $(cat \"$STACK_DIR/run/"
	    "cad.pid\") && sleep 0.3 && printf 'half a resp' > " STATIC
	    "/.tmp-cut-short"), 0);
	/* nginx goes on serving the files with the daemon gone. */
	ck_assert_int_ge(wait_static("k", "good", 1000), 0);
	ck_assert_int_eq(stack_sh(&st, "setsid \"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" && " CACTL " ping > /dev/null && "
	    "[ ! -e " STATIC "/.tmp-cut-short ]"), 0);
	ck_assert_int_ge(wait_static("k", "good", 1000), 0);
}
END_TEST

START_TEST(test_down_past_half_validity_the_files_are_signed_again)
{
	issue("h");
	ck_assert_int_ge(wait_static("h", "good", 1000), 0);
	/* Down, and its last sweep 13 h ago (the validity is 24 h). */
	ck_assert_int_eq(stack_sh(&st, "kill $(cat \"$STACK_DIR/run/"
	    "cad.pid\") && sleep 0.5 && echo $(( $(date +%%s) - 13 * 3600 )) "
	    "> " STATIC "/.sweep && cp " T "/h.resp " T "/h.old"), 0);
	ck_assert_int_eq(stack_sh(&st, "setsid \"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" && " CACTL " ping > /dev/null"), 0);
	ck_assert_int_ge(wait_static("h", "good", 3000), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'pre-signed responses that "
	    "may have expired' \"$STACK_DIR/log/cad.log\" && ! cmp -s " T
	    "/h.resp " T "/h.old && [ $(cat " STATIC "/.sweep) -gt $(( "
	    "$(date +%%s) - 60 )) ]"), 0);
}
END_TEST

static void
up(void)
{
	if (stack_up(&st, NULL) != 0) {
		fprintf(stderr, "check_ocspget: could not start the stack\n");
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
	Suite	*s = suite_create("ocspget");
	TCase	*tc = tcase_create("ocspget");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc,
	    test_new_certificate_is_a_static_file_with_cache_headers);
	tcase_add_test(tc, test_revocation_hold_and_release_show_within_a_second);
	tcase_add_test(tc, test_other_requests_go_to_the_workers);
	tcase_add_test(tc, test_kill9_keeps_the_files_and_leaves_nothing_partial);
	tcase_add_test(tc,
	    test_down_past_half_validity_the_files_are_signed_again);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
