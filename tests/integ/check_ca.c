/*
 * check_ca.c: integration tests of the certification authority, through
 * the real signing daemon and `cactl`, in a full instance (cad + webd +
 * nginx) on free ports in a temporary directory (tests/integ/stack.c).
 *
 * What the daemon makes is judged by independent implementations: the
 * certificates and the CRL that nginx serves are checked with `openssl
 * verify -crl_check`, `openssl x509/crl -text` and GnuTLS's `certtool`.
 * Requests are made with `openssl req` in the test directory.  Every test
 * uses its own certificates and order ids, so the tests share one
 * instance and still do not depend on each other's order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

/* Shell words for the test's files and for the operator's CLI. */
#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CRLPEM	"\"$STACK_DIR/ca/crl/issuing-ca.crl.pem\""
#define ORG	"测试建设有限公司"
#define OU	"工程部"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_ca: could not start the stack\n");
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

/* A fresh P-256 key and request t/name.{key,csr} with its own subject. */
static void
make_csr(const char *name)
{
	ck_assert_msg(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj '/CN=from-the-request/O=Not The Operator' "
	    "2>/dev/null", name, name) == 0, "openssl req failed for %s",
	    name);
}

/*
 * Issues t/name.pem for a fresh request t/name.csr, with CN=name under
 * order "issue-name" and extra cactl words; the serial goes into serial.
 */
static void
issue(const char *name, const char *extra, char *serial, size_t sz)
{
	char	 f[PATH_MAX];

	make_csr(name);
	ck_assert_msg(stack_sh(&st, CACTL " issue --csr " T "/%s.csr "
	    "--org '" ORG "' --ou '" OU "' --cn '%s' --order 'issue-%s' %s "
	    "--out " T "/%s.pem > " T "/%s.serial 2> " T "/%s.err", name,
	    name, name, extra != NULL ? extra : "", name, name, name) == 0,
	    "cactl issue %s failed", name);
	snprintf(f, sizeof(f), "%s.serial", name);
	line_of(f, serial, sz);
	ck_assert_msg(strlen(serial) >= 16, "no serial from issue %s", name);
}

/* Runs cactl reissue for old with t/csr.csr; 0 or cactl's exit code. */
static int
reissue_with(const char *old, const char *reason, const char *order,
    const char *csr, const char *name)
{
	return stack_sh(&st, CACTL " reissue --serial '%s' --reason '%s' "
	    "--order '%s' --csr " T "/%s.csr --out " T "/%s.pem > " T
	    "/%s.serial 2> " T "/%s.err", old, reason, order, csr, name,
	    name, name);
}

/* Reissues old as t/name.pem with a fresh key; the serial into serial. */
static void
reissue(const char *old, const char *reason, const char *order,
    const char *name, char *serial, size_t sz)
{
	char	 f[PATH_MAX];

	make_csr(name);
	ck_assert_msg(reissue_with(old, reason, order, name, name) == 0,
	    "cactl reissue %s (%s) failed", old, order);
	snprintf(f, sizeof(f), "%s.serial", name);
	line_of(f, serial, sz);
	ck_assert_msg(strlen(serial) >= 16, "no serial from reissue %s", old);
}

/*
 * Runs a cactl command (words after "cactl") that must fail: a non-zero
 * exit and exactly one line on standard error that contains expect.
 */
static void
refused(const char *words, const char *expect)
{
	ck_assert_msg(stack_sh(&st, CACTL " %s > " T "/refused.out "
	    "2> " T "/refused.err; rc=$?; "
	    "if [ $rc -eq 0 ] || [ $(wc -l < " T "/refused.err) -ne 1 ] || "
	    "! grep -qF -- '%s' " T "/refused.err; then "
	    "echo \"cactl %s: exit $rc, stderr:\"; cat " T "/refused.err; "
	    "exit 1; fi >&2", words, expect, words) == 0,
	    "cactl %s was not refused with one line saying '%s'", words,
	    expect);
}

/* The daemon still answers. */
static void
still_serving(void)
{
	ck_assert_int_eq(stack_sh(&st, CACTL " ping | grep -qx pong"), 0);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* 1 if the published CRL (the file nginx serves) lists serial. */
static int
published_has(const char *serial)
{
	return stack_sh(&st, "openssl crl -in " CRLPEM " -noout -text "
	    "2>/dev/null | grep -Eq 'Serial Number: %s$'", serial) == 0;
}

/*
 * Polls the published CRL every 50 ms until it lists serial (present) or
 * no longer does (!present).  Returns the milliseconds it took, or -1
 * after one second.
 */
static long
wait_published(const char *serial, int present)
{
	const struct timespec	 tick = { 0, 50 * 1000 * 1000 };
	struct timespec		 t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (published_has(serial) == present)
			return ms_since(&t0);
		if (ms_since(&t0) > 1000)
			return -1;
		nanosleep(&tick, NULL);
	}
}

/* Fetches the CRL from nginx into t/name.der and t/name.pem. */
static void
fetch_crl(const char *name)
{
	ck_assert_msg(stack_sh(&st, "curl -sf --max-time 10 -o " T "/%s.der "
	    "\"http://127.0.0.1:$HTTP_PORT/crl/issuing-ca.crl\" && "
	    "openssl crl -inform DER -in " T "/%s.der -out " T "/%s.pem",
	    name, name, name) == 0, "could not fetch the CRL from nginx");
}

/* The CRL Number of t/name.pem. */
static unsigned long
crl_number(const char *name)
{
	char	 f[PATH_MAX], buf[64], *eq;

	ck_assert_int_eq(stack_sh(&st, "openssl crl -in " T "/%s.pem -noout "
	    "-crlnumber > " T "/%s.number", name, name), 0);
	snprintf(f, sizeof(f), "%s.number", name);
	line_of(f, buf, sizeof(buf));
	ck_assert_ptr_nonnull(eq = strchr(buf, '='));
	return strtoul(eq + 1, NULL, 16);
}

/* ---- issuance --------------------------------------------------------- */

START_TEST(test_issued_certificate_has_the_rfc5280_profile)
{
	char	 serial[64];

	issue("profile", "--sn 91210105MA0YDEM15L", serial, sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "openssl x509 -in profile.pem -noout -text > profile.txt && "
	    "openssl x509 -in profile.pem -noout -ext basicConstraints,"
	    "keyUsage,extendedKeyUsage,crlDistributionPoints,"
	    "authorityInfoAccess > profile.ext"), 0);
	/* Version 3, an end entity, for client authentication and mail. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "grep -q 'Version: 3 (0x2)' profile.txt && "
	    "grep -A1 'X509v3 Basic Constraints: critical' profile.ext | "
	    "grep -qx '    CA:FALSE' && "
	    "grep -A1 'X509v3 Key Usage: critical' profile.ext | "
	    "grep -q 'Digital Signature' && "
	    "! grep -A1 'X509v3 Key Usage' profile.ext | "
	    "grep -Eq 'Certificate Sign|CRL Sign' && "
	    "grep -A1 'X509v3 Extended Key Usage' profile.ext | grep -qx "
	    "'    TLS Web Client Authentication, E-mail Protection'"), 0);
	/* SKI present; AKI is the issuing CA's SKI. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "grep -q 'X509v3 Subject Key Identifier' profile.txt && "
	    "aki=$(openssl x509 -in profile.pem -noout "
	    "-ext authorityKeyIdentifier | sed -n 2p | tr -d ' ') && "
	    "ski=$(openssl x509 -in \"$STACK_DIR/ca/ca.crt\" -noout "
	    "-ext subjectKeyIdentifier | sed -n 2p | tr -d ' ') && "
	    "[ -n \"$ski\" ] && [ \"$aki\" = \"$ski\" ]"), 0);
	/* CRL DP and AIA point at this instance's HTTP port. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && grep -qx "
	    "\"      URI:http://127.0.0.1:$HTTP_PORT/crl/issuing-ca.crl\" "
	    "profile.ext && grep -qx \"    CA Issuers - "
	    "URI:http://127.0.0.1:$HTTP_PORT/crl/issuing-ca.crt\" "
	    "profile.ext"), 0);
	/* At least 64 random bits, positive. */
	ck_assert_msg(strlen(serial) >= 16 && strlen(serial) <= 40 &&
	    strspn(serial, "0123456789ABCDEF") == strlen(serial),
	    "serial '%s' is not 16 to 40 uppercase hex digits", serial);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "[ \"$(openssl x509 -in profile.pem -noout -serial)\" = "
	    "'serial=%s' ]", serial), 0);
	/* The subject is the operator's; nothing comes from the request. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "[ \"$(openssl x509 -in profile.pem -noout -subject "
	    "-nameopt RFC2253,-esc_msb)\" = 'subject=serialNumber="
	    "91210105MA0YDEM15L,CN=profile,OU=" OU ",O=" ORG ",C=CN' ] && "
	    "! grep -Eq 'from-the-request|Not The Operator' profile.txt"), 0);
	/* Both implementations accept the chain. */
	ck_assert_int_eq(stack_sh(&st, "openssl verify -CAfile "
	    "\"$STACK_DIR/ca/chain.pem\" " T "/profile.pem > /dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "certtool --verify "
	    "--load-ca-certificate \"$STACK_DIR/ca/chain.pem\" "
	    "--infile " T "/profile.pem > /dev/null 2>&1"), 0);
}
END_TEST

START_TEST(test_crl_and_issuer_urls_serve_der_over_http)
{
	/* RFC 5280 4.2.1.13 and 4.2.2.1: both URIs give one DER object. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "curl -sf -o dp.der \"http://127.0.0.1:$HTTP_PORT/crl/"
	    "issuing-ca.crl\" && openssl crl -inform DER -in dp.der -noout "
	    "-CAfile \"$STACK_DIR/ca/ca.crt\" 2>&1 | grep -q 'verify OK'"),
	    0);
	ck_assert_msg(stack_sh(&st, "cd " T " && "
	    "curl -sf -o aia.der \"http://127.0.0.1:$HTTP_PORT/crl/"
	    "issuing-ca.crt\" && openssl x509 -inform DER -in aia.der "
	    "-out aia.pem 2>/dev/null && cmp -s aia.pem "
	    "\"$STACK_DIR/ca/ca.crt\"") == 0, "the AIA caIssuers URL does "
	    "not serve the issuing CA certificate in DER");
}
END_TEST

/* ---- reissue (补办) --------------------------------------------------- */

START_TEST(test_reissue_keeps_subject_not_after_and_platforms)
{
	char	 old[64], new[64];

	issue("keep", "--platform 辽宁建设工程信息网 --platform "
	    "沈阳市公共资源平台", old, sizeof(old));
	reissue(old, "lost", "keep-order", "keep-new", new, sizeof(new));
	ck_assert_str_ne(old, new);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && for w in subject "
	    "enddate; do [ \"$(openssl x509 -in keep.pem -noout -$w "
	    "-nameopt RFC2253)\" = \"$(openssl x509 -in keep-new.pem "
	    "-noout -$w -nameopt RFC2253)\" ] || exit 1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    CACTL " show %s > keep-new.show && "
	    "grep -qx 'platform:     沈阳市公共资源平台' keep-new.show && "
	    "grep -qx 'platform:     辽宁建设工程信息网' keep-new.show && "
	    "grep -qx 'replaces:     %s' keep-new.show && "
	    "grep -qx 'order:        keep-order' keep-new.show && "
	    CACTL " show %s > keep.show && "
	    "grep -qx 'replaced by:  %s' keep.show && "
	    "grep -q '^revoked: .*(keyCompromise)' keep.show", new, old, old,
	    new), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl verify -CAfile "
	    "\"$STACK_DIR/ca/chain.pem\" " T "/keep-new.pem > /dev/null"),
	    0);
}
END_TEST

START_TEST(test_crl_from_nginx_revokes_old_and_accepts_new)
{
	char	 old[64], new[64];

	issue("swap", NULL, old, sizeof(old));
	reissue(old, "lost", "swap-order", "swap-new", new, sizeof(new));
	ck_assert_int_ge(wait_published(old, 1), 0);
	fetch_crl("swap-crl");
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl verify "
	    "-crl_check -CAfile \"$STACK_DIR/ca/chain.pem\" -CRLfile "
	    "swap-crl.pem swap-new.pem > /dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && ! openssl verify "
	    "-crl_check -CAfile \"$STACK_DIR/ca/chain.pem\" -CRLfile "
	    "swap-crl.pem swap.pem > swap.verify 2>&1 && "
	    "grep -q 'certificate revoked' swap.verify"), 0);
}
END_TEST

START_TEST(test_crl_shows_reason_and_increasing_number)
{
	char		 lost[64], damaged[64], n1[64], n2[64];
	unsigned long	 first, second;

	issue("reason-lost", NULL, lost, sizeof(lost));
	issue("reason-damaged", NULL, damaged, sizeof(damaged));
	reissue(lost, "lost", "reason-lost-order", "reason-lost-new", n1,
	    sizeof(n1));
	ck_assert_int_ge(wait_published(lost, 1), 0);
	fetch_crl("reason-crl1");
	first = crl_number("reason-crl1");
	reissue(damaged, "damaged", "reason-damaged-order",
	    "reason-damaged-new", n2, sizeof(n2));
	ck_assert_int_ge(wait_published(damaged, 1), 0);
	fetch_crl("reason-crl2");
	second = crl_number("reason-crl2");
	ck_assert_uint_gt(second, first);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "openssl crl -in reason-crl2.pem -noout -text > reason-crl2.txt "
	    "&& grep -A4 -E 'Serial Number: %s$' reason-crl2.txt | "
	    "grep -qx ' *Key Compromise' && "
	    "grep -A4 -E 'Serial Number: %s$' reason-crl2.txt | "
	    "grep -qx ' *Superseded' && "
	    "! grep -Eq 'Serial Number: (%s|%s)$' reason-crl2.txt",
	    lost, damaged, n1, n2), 0);
}
END_TEST

START_TEST(test_gnutls_agrees_with_the_crl)
{
	char	 old[64], new[64];

	issue("gnutls", NULL, old, sizeof(old));
	reissue(old, "damaged", "gnutls-order", "gnutls-new", new,
	    sizeof(new));
	ck_assert_int_ge(wait_published(old, 1), 0);
	fetch_crl("gnutls-crl");
	ck_assert_int_eq(stack_sh(&st, "cd " T " && certtool --verify-crl "
	    "--load-ca-certificate \"$STACK_DIR/ca/ca.crt\" "
	    "--infile gnutls-crl.pem > gnutls.out 2>&1"), 0);
	/* Signed by the issuing CA, not by the root. */
	ck_assert_int_ne(stack_sh(&st, "cd " T " && certtool --verify-crl "
	    "--load-ca-certificate \"$STACK_DIR/ca/root.crt\" "
	    "--infile gnutls-crl.pem > /dev/null 2>&1"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && ! certtool --verify "
	    "--load-ca-certificate \"$STACK_DIR/ca/chain.pem\" --load-crl "
	    "gnutls-crl.pem --infile gnutls.pem > gnutls-old.out 2>&1 && "
	    "grep -q 'revoked' gnutls-old.out"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && certtool --verify "
	    "--load-ca-certificate \"$STACK_DIR/ca/chain.pem\" --load-crl "
	    "gnutls-crl.pem --infile gnutls-new.pem > gnutls-new.out 2>&1"),
	    0);
}
END_TEST

START_TEST(test_reissue_retry_with_same_order_returns_same_certificate)
{
	char	 old[64], new[64], again[64];

	issue("retry", NULL, old, sizeof(old));
	reissue(old, "lost", "retry-order", "retry-new", new, sizeof(new));
	ck_assert_int_eq(reissue_with(old, "lost", "retry-order", "retry-new",
	    "retry-again"), 0);
	line_of("retry-again.serial", again, sizeof(again));
	ck_assert_str_eq(again, new);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "cmp retry-new.pem retry-again.pem && "
	    "grep -q 'already revoked for this order' retry-again.err"), 0);
	/* Lowercase is the same serial. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "s=$(echo '%s' | tr A-F a-f) && " CACTL " reissue --serial \"$s\" "
	    "--reason lost --order retry-order --csr retry-new.csr "
	    "--out retry-lower.pem > /dev/null 2>&1 && "
	    "cmp retry-new.pem retry-lower.pem", old), 0);
}
END_TEST

START_TEST(test_second_reissue_under_another_order_is_refused)
{
	char	 old[64], new[64], words[512];

	issue("twice", NULL, old, sizeof(old));
	reissue(old, "lost", "twice-order-1", "twice-new", new, sizeof(new));
	make_csr("twice-other");
	snprintf(words, sizeof(words), "reissue --serial %s --reason lost "
	    "--order twice-order-2 --csr \"$STACK_DIR/t/twice-other.csr\" "
	    "--out \"$STACK_DIR/t/twice-other.pem\"", old);
	refused(words, "already replaced by");
	/* The refused order left nothing behind. */
	ck_assert_int_eq(stack_sh(&st, CACTL " list --subject CN=twice, "
	    "| wc -l | grep -qx 2"), 0);
}
END_TEST

START_TEST(test_reissue_reusing_the_old_key_is_refused)
{
	char	 old[64], words[512], new[64];

	issue("reuse", NULL, old, sizeof(old));
	snprintf(words, sizeof(words), "reissue --serial %s --reason lost "
	    "--order reuse-order --csr \"$STACK_DIR/t/reuse.csr\" "
	    "--out \"$STACK_DIR/t/reuse-new.pem\"", old);
	refused(words, "reuses the old certificate");
	/* Nothing happened: the old one is not revoked, the order unused. */
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | "
	    "grep -qx 'revoked:      no'", old), 0);
	reissue(old, "lost", "reuse-order", "reuse-fresh", new, sizeof(new));
}
END_TEST

START_TEST(test_weak_rsa_1024_request_is_refused)
{
	char	 old[64], words[512];

	issue("weak", NULL, old, sizeof(old));
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey rsa:1024 "
	    "-nodes -keyout " T "/weak-rsa.key -out " T "/weak-rsa.csr "
	    "-subj /CN=weak 2>/dev/null"), 0);
	snprintf(words, sizeof(words), "reissue --serial %s --reason lost "
	    "--order weak-order --csr \"$STACK_DIR/t/weak-rsa.csr\"", old);
	refused(words, "1024 bits");
	snprintf(words, sizeof(words), "issue --csr "
	    "\"$STACK_DIR/t/weak-rsa.csr\" --org X --cn weak-issue");
	refused(words, "1024 bits");
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | "
	    "grep -qx 'revoked:      no'", old), 0);
}
END_TEST

START_TEST(test_compressed_ec_point_request_is_refused)
{
	char	 words[512];

	/* The key goes into the certificate as encoded: RFC 5480 wants the
	 * uncompressed form. */
	ck_assert_int_eq(stack_sh(&st, "openssl ecparam -name prime256v1 "
	    "-genkey -noout -out " T "/cmp0.key && openssl ec -in " T
	    "/cmp0.key -conv_form compressed -out " T "/cmp.key 2>/dev/null "
	    "&& openssl req -new -key " T "/cmp.key -out " T "/cmp.csr "
	    "-subj /CN=cmp 2>/dev/null && openssl req -in " T "/cmp.csr "
	    "-noout -text | grep -A1 'pub:' | grep -qE '^ *0[23]:'"), 0);
	snprintf(words, sizeof(words), "issue --csr "
	    "\"$STACK_DIR/t/cmp.csr\" --org X --cn compressed");
	refused(words, "uncompressed");
}
END_TEST

START_TEST(test_issue_order_id_reused_for_another_subject_is_refused)
{
	char	 serial[64], words[512];

	issue("reuse1", NULL, serial, sizeof(serial));
	/* Same order id ("issue-reuse1"), another subject: a conflict. */
	make_csr("reuse2");
	snprintf(words, sizeof(words), "issue --csr "
	    "\"$STACK_DIR/t/reuse2.csr\" --org '" ORG "' --cn someone-else "
	    "--order issue-reuse1");
	refused(words, "already used");
}
END_TEST

START_TEST(test_request_with_broken_signature_is_refused)
{
	char	 old[64], words[512], path[PATH_MAX + 64], *der;
	size_t	 len;
	FILE	*f;

	issue("badsig", NULL, old, sizeof(old));
	make_csr("badsig-new");
	ck_assert_int_eq(stack_sh(&st, "openssl req -in " T "/badsig-new.csr "
	    "-outform DER -out " T "/badsig-new.der"), 0);
	/* The last byte lies in the signature's s: flip one bit of it. */
	snprintf(path, sizeof(path), "%s/t/badsig-new.der", st.dir);
	ck_assert_ptr_nonnull(der = stack_slurp(path, &len));
	ck_assert_uint_gt(len, 64);
	der[len - 1] ^= 0x01;
	snprintf(path, sizeof(path), "%s/t/badsig-broken.der", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(der, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(der);
	/* Still a well-formed request, only the signature is wrong. */
	ck_assert_int_eq(stack_sh(&st, "openssl req -inform DER -in " T
	    "/badsig-broken.der -noout -verify 2>&1 | "
	    "grep -q 'self-signature verify failure'"), 0);
	snprintf(words, sizeof(words), "reissue --serial %s --reason lost "
	    "--order badsig-order --csr \"$STACK_DIR/t/badsig-broken.der\"",
	    old);
	refused(words, "signature");
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | "
	    "grep -qx 'revoked:      no'", old), 0);
}
END_TEST

/* ---- revocation ------------------------------------------------------- */

START_TEST(test_revoke_twice_is_refused)
{
	char	 serial[64], words[256];

	issue("twice-revoke", NULL, serial, sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason superseded "
	    "> /dev/null", serial), 0);
	snprintf(words, sizeof(words), "revoke %s --reason keyCompromise",
	    serial);
	refused(words, "already revoked");
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | "
	    "grep -q '^revoked: .*(superseded)'", serial), 0);
	still_serving();
}
END_TEST

START_TEST(test_revoke_unknown_serial_is_refused)
{
	refused("revoke 0123456789ABCDEF0123 --reason keyCompromise",
	    "no certificate with that serial");
	refused("show 0123456789ABCDEF0123", "no certificate with that serial");
	refused("unhold 0123456789ABCDEF0123", "not on hold");
	still_serving();
}
END_TEST

START_TEST(test_garbage_serials_are_refused_with_one_line)
{
	static const char *const garbage[] = {
		"xyz",
		"0x12",
		"12-34",
		"'12 34'",
		"''",
		"ＡＢ",
		/* 21 bytes: longer than any serial this CA issues */
		"0102030405060708090A0B0C0D0E0F1011121314FF",
		("1111111111111111111111111111111111111111111111111111111111"
		"111111111111111111111111111111111111111111111111111111111"),
	};
	char	 words[512];
	size_t	 i;

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		snprintf(words, sizeof(words), "revoke %s --reason "
		    "keyCompromise", garbage[i]);
		refused(words, "serial");
	}
	make_csr("garbage");
	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i += 3) {
		snprintf(words, sizeof(words), "show %s", garbage[i]);
		refused(words, "serial");
		snprintf(words, sizeof(words), "unhold %s", garbage[i]);
		refused(words, "serial");
		snprintf(words, sizeof(words), "reissue --serial %s --reason "
		    "lost --order garbage --csr \"$STACK_DIR/t/garbage.csr\"",
		    garbage[i]);
		refused(words, "serial");
	}
	still_serving();
	/* The daemon saw no protocol violation: nothing was closed on it. */
	ck_assert_int_eq(stack_sh(&st, "! grep -q 'malformed or unknown "
	    "request' \"$STACK_DIR/log/cad.log\""), 0);
}
END_TEST

START_TEST(test_revocation_is_published_within_one_second)
{
	char	 serial[64];
	long	 ms;

	issue("fast", NULL, serial, sizeof(serial));
	ck_assert(!published_has(serial));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost "
	    "> /dev/null", serial), 0);
	ms = wait_published(serial, 1);
	ck_assert_msg(ms >= 0, "revocation of %s not in the CRL after 1 s",
	    serial);
	/* nginx serves the very same file. */
	fetch_crl("fast-crl");
	ck_assert_int_eq(stack_sh(&st, "openssl crl -in " T "/fast-crl.pem "
	    "-noout -text | grep -Eq 'Serial Number: %s$'", serial), 0);
}
END_TEST

START_TEST(test_unhold_removes_the_entry_from_the_next_crl)
{
	char		 serial[64], words[128];
	unsigned long	 held, released;

	issue("hold", NULL, serial, sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "certificateHold > /dev/null", serial), 0);
	ck_assert_int_ge(wait_published(serial, 1), 0);
	fetch_crl("hold-crl1");
	held = crl_number("hold-crl1");
	ck_assert_int_eq(stack_sh(&st, "cd " T " && "
	    "openssl crl -in hold-crl1.pem -noout -text | "
	    "grep -A4 -E 'Serial Number: %s$' | grep -qx ' *Certificate Hold'"
	    " && ! openssl verify -crl_check -CAfile "
	    "\"$STACK_DIR/ca/chain.pem\" -CRLfile hold-crl1.pem hold.pem "
	    ">/dev/null 2>&1", serial), 0);

	ck_assert_int_eq(stack_sh(&st, CACTL " unhold %s > /dev/null",
	    serial), 0);
	ck_assert_int_ge(wait_published(serial, 0), 0);
	fetch_crl("hold-crl2");
	released = crl_number("hold-crl2");
	ck_assert_uint_gt(released, held);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl verify "
	    "-crl_check -CAfile \"$STACK_DIR/ca/chain.pem\" -CRLfile "
	    "hold-crl2.pem hold.pem > /dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | "
	    "grep -qx 'revoked:      no'", serial), 0);

	/* Only a hold can be released. */
	snprintf(words, sizeof(words), "unhold %s", serial);
	refused(words, "not on hold");
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost "
	    "> /dev/null", serial), 0);
	refused(words, "not on hold");
}
END_TEST

/* ---- audit ------------------------------------------------------------ */

/* Runs `cactl audit verify` and returns the record count it prints. */
static unsigned long
audit_count(void)
{
	char		 buf[256];
	unsigned long	 n = 0;

	ck_assert_int_eq(stack_sh(&st, CACTL " audit verify > " T
	    "/audit.out"), 0);
	line_of("audit.out", buf, sizeof(buf));
	ck_assert_msg(sscanf(buf, "audit log intact: %lu records", &n) == 1,
	    "cactl audit verify said '%s'", buf);
	return n;
}

START_TEST(test_audit_verify_counts_grow_with_operations)
{
	char		 serial[64], new[64];
	unsigned long	 a, b, c;

	a = audit_count();
	ck_assert_uint_gt(a, 0);
	issue("audit", NULL, serial, sizeof(serial));
	b = audit_count();
	ck_assert_uint_gt(b, a);
	reissue(serial, "lost", "audit-order", "audit-new", new, sizeof(new));
	ck_assert_int_ge(wait_published(serial, 1), 0);
	c = audit_count();
	ck_assert_uint_gt(c, b);
	/* A refused operation writes no record. */
	refused("revoke 0123456789ABCDEF0123 --reason lost", "no certificate");
	ck_assert_uint_eq(audit_count(), c);
}
END_TEST

/* ---- dual control ----------------------------------------------------- */

#define MASTER_OU	"单位(机构)主锁"

/* The daemon's audit records of op whose detail contains what. */
static int
ca_audit_count(const char *op, const char *what)
{
	char	 buf[32];

	/* cactl audit list: #id, time, CA, actor, operation, detail. */
	ck_assert_int_eq(stack_sh(&st, CACTL " audit list -n 500 | awk -F "
	    "'\\t' -v op='%s' -v w='%s' '$5 == op && index($6, w) > 0' | "
	    "wc -l > " T "/audit.n", op, what), 0);
	return atoi(line_of("audit.n", buf, sizeof(buf)));
}

START_TEST(test_dual_control_needs_two_different_valid_approvers)
{
	char	 m[64], a1[64], a2[64], a3[64], twin[64], plain[64];
	char	 new[64], again[64], pnew[64], w[1024], base[512];

	/* A 单位(机构)主锁 certificate and three operators' certificates;
	 * twin has the same subject as a1 (one person, two certificates);
	 * a3 is revoked. */
	issue("dual-m", "--ou '" MASTER_OU "'", m, sizeof(m));
	issue("dual-a1", NULL, a1, sizeof(a1));
	issue("dual-a2", NULL, a2, sizeof(a2));
	issue("dual-a3", NULL, a3, sizeof(a3));
	make_csr("dual-twin");
	ck_assert_int_eq(stack_sh(&st, CACTL " issue --csr " T "/dual-twin.csr"
	    " --org '" ORG "' --ou '" OU "' --cn dual-a1 --order issue-twin "
	    "--out " T "/dual-twin.pem > " T "/dual-twin.serial"), 0);
	line_of("dual-twin.serial", twin, sizeof(twin));
	ck_assert_uint_ge(strlen(twin), 16);
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "keyCompromise >/dev/null", a3), 0);
	make_csr("dual-new");
	snprintf(base, sizeof(base), "reissue --serial %s --reason lost "
	    "--order dual-order --csr \"$STACK_DIR/t/dual-new.csr\"", m);

	/* No approver, one, the same twice, one person twice: "approval
	 * needed". */
	refused(base, "approval needed");
	snprintf(w, sizeof(w), "%s --approver %s", base, a1);
	refused(w, "approval needed: dual control: a second operator");
	snprintf(w, sizeof(w), "%s --approver %s --approver2 %s", base, a1,
	    a1);
	refused(w, "two different operators");
	snprintf(w, sizeof(w), "%s --approver %s --approver2 %s", base, a1,
	    twin);
	refused(w, "two different operators");
	/* An unknown serial, a revoked certificate, the old one itself. */
	snprintf(w, sizeof(w), "%s --approver %s --approver2 "
	    "0123456789ABCDEF0123", base, a1);
	refused(w, "not a valid certificate of this CA (unknown)");
	snprintf(w, sizeof(w), "%s --approver %s --approver2 %s", base, a1,
	    a3);
	refused(w, "not a valid certificate of this CA (revoked)");
	snprintf(w, sizeof(w), "%s --approver %s --approver2 %s", base, a1,
	    m);
	refused(w, "cannot approve its own replacement");
	snprintf(w, sizeof(w), "%s --approver2 %s", base, a1);
	ck_assert_int_eq(stack_sh(&st, CACTL " %s 2>/dev/null", w), 2);
	/* None of it changed anything: not replaced, not revoked. */
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s > " T "/dual.show && "
	    "! grep -q '^replaced by:' " T "/dual.show && grep -q "
	    "'^revoked: *no$' " T "/dual.show", m), 0);
	ck_assert_int_eq(ca_audit_count("reissue", m), 0);

	/* Two different, valid operators: issued, with the old subject. */
	snprintf(w, sizeof(w), "--approver %s --approver2 %s", a1, a2);
	ck_assert_int_eq(stack_sh(&st, CACTL " %s %s --out " T "/dual-new.pem"
	    " > " T "/dual-new.serial", base, w), 0);
	line_of("dual-new.serial", new, sizeof(new));
	ck_assert_uint_ge(strlen(new), 16);
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " T "/dual-new.pem "
	    "-noout -subject -nameopt utf8,sep_comma_plus | grep -qF "
	    "'OU=" MASTER_OU "' && [ \"$(openssl x509 -in " T "/dual-new.pem"
	    " -noout -subject)\" = \"$(openssl x509 -in " T "/dual-m.pem "
	    "-noout -subject)\" ]"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -qx "
	    "'replaced by:  %s'", m, new), 0);
	/* The audit record names the actor and both approvers. */
	snprintf(w, sizeof(w), "dual_control=1 approver=%s approver2=%s", a1,
	    a2);
	ck_assert_int_eq(ca_audit_count("reissue", w), 1);
	/* A retry of the issued order id returns the same certificate, even
	 * without approvers (it signs nothing new). */
	ck_assert_int_eq(stack_sh(&st, CACTL " %s --out " T "/dual-again.pem "
	    "> " T "/dual-again.serial", base), 0);
	line_of("dual-again.serial", again, sizeof(again));
	ck_assert_str_eq(again, new);

	/* Without that OU: no approver needed; one given is recorded. */
	issue("dual-plain", NULL, plain, sizeof(plain));
	reissue(plain, "damaged", "dual-plain-order", "dual-plain-new", pnew,
	    sizeof(pnew));
	ck_assert_int_eq(ca_audit_count("reissue", pnew), 1);
	snprintf(w, sizeof(w), "new=%s order=dual-plain-order reason="
	    "superseded revoked_now=1 dual_control=0 approver= ", pnew);
	ck_assert_int_eq(ca_audit_count("reissue", w), 1);
	issue("dual-plain2", NULL, plain, sizeof(plain));
	make_csr("dual-plain2-new");
	ck_assert_int_eq(stack_sh(&st, CACTL " reissue --serial %s --reason "
	    "other --order dual-plain2-order --csr " T "/dual-plain2-new.csr "
	    "--approver %s > /dev/null", plain, a2), 0);
	snprintf(w, sizeof(w), "dual_control=0 approver=%s approver2= ", a2);
	ck_assert_int_eq(ca_audit_count("reissue", w), 1);
	/* The chain of records still verifies. */
	ck_assert_int_eq(stack_sh(&st, CACTL " audit verify > " T
	    "/dual.verify"), 0);
	still_serving();
}
END_TEST

/* ---- crash safety ----------------------------------------------------- */

#define CRASH_N	40

START_TEST(test_killed_daemon_loses_no_issued_certificate)
{
	/* 40 certificates to replace, one key for all, another for the new. */
	ck_assert_int_eq(stack_sh(&st, "mkdir -p " T "/crash && cd " T
	    "/crash && "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout a.key -out a.csr -subj /CN=a 2>/dev/null && "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout b.key -out b.csr -subj /CN=b 2>/dev/null && "
	    "i=1; while [ $i -le %d ]; do "
	    CACTL " issue --csr a.csr --org CrashCo --cn crash-$i "
	    "--order crash-issue-$i --out old.$i.pem > old.$i 2>/dev/null "
	    "|| exit 1; i=$((i + 1)); done", CRASH_N), 0);

	/*
	 * Four clients reissue them all; cad gets SIGKILL once a dozen
	 * have been answered.  A client counts a serial as received only
	 * when cactl exited 0 with it.
	 */
	ck_assert_msg(stack_sh(&st, "cd " T "/crash && : > got && "
	    "lane() { i=$1; while [ $i -le %d ]; do "
	    "s=$(" CACTL " reissue --serial $(cat old.$i) --reason lost "
	    "--order crash-re-$i --csr b.csr --out new.$i.pem "
	    "2>> burst.err) && echo \"$i $s\" >> got; i=$((i + 4)); done; }; "
	    "lane 1 & lane 2 & lane 3 & lane 4 & "
	    "n=0; while [ $(wc -l < got) -lt 12 ] && [ $n -lt 1000 ]; do "
	    "sleep 0.01; n=$((n + 1)); done; "
	    "p=$(cat \"$STACK_DIR/run/cad.pid\"); kill -KILL $p; wait; "
	    /* Dead, not only signalled: one in the middle of an fsync
	     * goes when the disk answers. */
	    "n=0; while kill -0 $p 2>/dev/null && [ \"$(ps -o stat= -p $p | "
	    "cut -c1)\" != Z ] && [ $n -lt 200 ]; do sleep 0.05; "
	    "n=$((n + 1)); done; "
	    "c=$(wc -l < got); echo \"check_ca: $c of %d reissues answered "
	    "before the kill\" >&2; [ $c -ge 1 ] && [ $c -lt %d ]",
	    CRASH_N, CRASH_N, CRASH_N) == 0,
	    "the kill did not land in the middle of the burst");

	/* Restart it the way tools/stack.sh does. */
	ck_assert_int_eq(stack_sh(&st, "\"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" && " CACTL " ping > /dev/null"), 0);

	/* Every serial a client received was stored. */
	ck_assert_msg(stack_sh(&st, "cd " T "/crash && "
	    CACTL " list --limit 1000 > list.after && "
	    "while read i s; do grep -q \"^$s \" list.after || "
	    "{ echo \"check_ca: reissue $i got $s, which is not stored\" >&2;"
	    " exit 1; }; done < got") == 0,
	    "a serial that a client received is missing after the crash");

	/* The CRL published at start-up lists every revoked certificate. */
	ck_assert_msg(stack_sh(&st, "cd " T "/crash && "
	    "curl -sf -o crl.der \"http://127.0.0.1:$HTTP_PORT/crl/"
	    "issuing-ca.crl\" && openssl crl -inform DER -in crl.der -noout "
	    "-text > crl.txt && "
	    CACTL " list --state revoked --limit 1000 > revoked.txt && "
	    "[ $(wc -l < revoked.txt) -ge 1 ] && "
	    "for s in $(awk '{ print $1 }' revoked.txt); do "
	    "grep -Eq \"Serial Number: $s\\$\" crl.txt || "
	    "{ echo \"check_ca: revoked $s is not in the CRL\" >&2; exit 1; };"
	    " done") == 0,
	    "the CRL after restart misses a revoked certificate");

	/*
	 * Rerunning every reissue either returns what the client got
	 * before or now succeeds once.
	 */
	ck_assert_msg(stack_sh(&st, "cd " T "/crash && : > final && "
	    "i=1; while [ $i -le %d ]; do "
	    "s=$(" CACTL " reissue --serial $(cat old.$i) --reason lost "
	    "--order crash-re-$i --csr b.csr --out again.$i.pem "
	    "2>> rerun.err) || { echo \"check_ca: rerun $i failed\" >&2; "
	    "tail -1 rerun.err >&2; exit 1; }; "
	    "p=$(awk -v i=$i '$1 == i { print $2 }' got); "
	    "if [ -n \"$p\" ] && [ \"$p\" != \"$s\" ]; then "
	    "echo \"check_ca: order crash-re-$i gave $p, now $s\" >&2; "
	    "exit 1; fi; echo \"$i $s\" >> final; i=$((i + 1)); done",
	    CRASH_N) == 0, "a rerun reissue did not give the same answer");

	/* One replacement per old certificate, one certificate per order. */
	ck_assert_msg(stack_sh(&st, "cd " T "/crash && "
	    CACTL " list --subject CrashCo --limit 1000 > all.txt && "
	    "[ $(wc -l < all.txt) -eq %d ] && "
	    "[ $(awk '{ print $2 }' final | sort -u | wc -l) -eq %d ] && "
	    "while read i s; do grep -Eq \"^$(cat old.$i) .* -> $s\\$\" "
	    "all.txt || exit 1; done < final", 2 * CRASH_N, CRASH_N) == 0,
	    "some certificate was replaced twice or an order issued twice");

	ck_assert_int_eq(stack_sh(&st, CACTL " audit verify > /dev/null"), 0);

	/* And the next CRL lists every replaced certificate. */
	ck_assert_int_eq(stack_sh(&st, "cd " T "/crash && n=0; "
	    "while :; do openssl crl -in " CRLPEM " -noout -text > crl2.txt; "
	    "ok=1; i=1; while [ $i -le %d ]; do "
	    "grep -Eq \"Serial Number: $(cat old.$i)\\$\" crl2.txt || ok=0; "
	    "i=$((i + 1)); done; [ $ok -eq 1 ] && exit 0; n=$((n + 1)); "
	    "[ $n -ge 20 ] && exit 1; sleep 0.05; done", CRASH_N), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("ca");
	TCase	*tc = tcase_create("daemon");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_issued_certificate_has_the_rfc5280_profile);
	tcase_add_test(tc, test_crl_and_issuer_urls_serve_der_over_http);
	tcase_add_test(tc, test_reissue_keeps_subject_not_after_and_platforms);
	tcase_add_test(tc, test_crl_from_nginx_revokes_old_and_accepts_new);
	tcase_add_test(tc, test_crl_shows_reason_and_increasing_number);
	tcase_add_test(tc, test_gnutls_agrees_with_the_crl);
	tcase_add_test(tc,
	    test_reissue_retry_with_same_order_returns_same_certificate);
	tcase_add_test(tc, test_second_reissue_under_another_order_is_refused);
	tcase_add_test(tc, test_reissue_reusing_the_old_key_is_refused);
	tcase_add_test(tc, test_weak_rsa_1024_request_is_refused);
	tcase_add_test(tc, test_compressed_ec_point_request_is_refused);
	tcase_add_test(tc,
	    test_issue_order_id_reused_for_another_subject_is_refused);
	tcase_add_test(tc, test_request_with_broken_signature_is_refused);
	tcase_add_test(tc, test_revoke_twice_is_refused);
	tcase_add_test(tc, test_revoke_unknown_serial_is_refused);
	tcase_add_test(tc, test_garbage_serials_are_refused_with_one_line);
	tcase_add_test(tc, test_revocation_is_published_within_one_second);
	tcase_add_test(tc, test_unhold_removes_the_entry_from_the_next_crl);
	tcase_add_test(tc, test_audit_verify_counts_grow_with_operations);
	tcase_add_test(tc,
	    test_dual_control_needs_two_different_valid_approvers);
	tcase_add_test(tc, test_killed_daemon_loses_no_issued_certificate);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
