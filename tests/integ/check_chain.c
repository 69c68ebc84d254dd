/*
 * check_chain.c: the whole chain as relying parties check it, revocation
 * at every level.  The root publishes its own CRL (ARL), which the
 * issuing CA certificate's CRL Distribution Point names; with it, and
 * only with it, OpenSSL's `verify -crl_check_all` and the JDK's PKIX
 * CertPathValidator (revocation on, CRLs in a CertStore, no network:
 * tests/java/PathCheck.java) say a new certificate is valid and a
 * replaced one revoked, with its reason.  Also: the ARL over HTTP, its
 * number growing at each `cactl root-crl`, `cactl recertify`, and the
 * CA's own notice-signing certificate known to OCSP (good, then revoked
 * as superseded once replaced).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CA	"\"$STACK_DIR/ca\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
/* openssl verify with every CRL of the chain. */
#define VERIFY	"openssl verify -crl_check_all -CAfile " CA "/root.crt " \
		"-untrusted " CA "/ca.crt -CRLfile " CA \
		"/crl/issuing-ca.crl.pem -CRLfile " CA "/crl/root-ca.crl.pem "
/* The JDK, as a Java platform: PathCheck ROOT CA CERT CRL... */
#define JAVA	"java -cp " T " PathCheck " CA "/root.crt " CA "/ca.crt "
#define CRLS	" " CA "/crl/issuing-ca.crl " CA "/crl/root-ca.crl"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T " && javac -d " T " "
	    "\"$TOP/tests/java/PathCheck.java\"") != 0 ||
	    stack_sh(&st, "cd " T " && for n in good gone; do openssl req "
	    "-new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
	    "$n.key -out $n.csr -subj /CN=$n 2>/dev/null && " CACTL " issue "
	    "--csr $n.csr --org ChainCo --cn $n --out $n.pem > $n.serial || "
	    "exit 1; done && g=$(cat gone.serial) && [ -n \"$g\" ] && "
	    CACTL " revoke \"$g\" --reason keyCompromise > /dev/null && "
	    "i=0 && until openssl crl -in " CA "/crl/issuing-ca.crl.pem "
	    "-noout -text | grep -q \"$g\"; do i=$((i + 1)); "
	    "[ $i -lt 50 ] || exit 1; sleep 0.1; done") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_chain: could not set up\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

START_TEST(test_issuing_ca_points_to_the_roots_crl)
{
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " CA "/ca.crt "
	    "-noout -ext crlDistributionPoints | grep -q "
	    "\"URI:http://127.0.0.1:$HTTP_PORT/crl/root-ca.crl\" && "
	    "openssl crl -in " CA "/crl/root-ca.crl.pem -CAfile " CA
	    "/root.crt -noout 2>&1 | grep -qx 'verify OK'"), 0);
}
END_TEST

START_TEST(test_openssl_checks_every_level)
{
	ck_assert_int_eq(stack_sh(&st, VERIFY T "/good.pem > /dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, VERIFY T "/gone.pem 2>&1 | "
	    "grep -q 'certificate revoked'"), 0);
	/* Without the root's CRL: every certificate fails, as before. */
	ck_assert_int_ne(stack_sh(&st, "openssl verify -crl_check_all "
	    "-CAfile " CA "/root.crt -untrusted " CA "/ca.crt -CRLfile " CA
	    "/crl/issuing-ca.crl.pem " T "/good.pem > /dev/null 2>&1"), 0);
}
END_TEST

START_TEST(test_java_pkix_checks_every_level)
{
	ck_assert_int_eq(stack_sh(&st, JAVA T "/good.pem" CRLS " | grep -qx "
	    "VALID"), 0);
	ck_assert_int_eq(stack_sh(&st, "! " JAVA T "/gone.pem" CRLS " > " T
	    "/gone.java; grep -q 'REVOKED.*reason: KEY_COMPROMISE' " T
	    "/gone.java"), 0);
	/* The JDK's own failure without it: status undetermined. */
	ck_assert_int_eq(stack_sh(&st, "! " JAVA T "/good.pem " CA
	    "/crl/issuing-ca.crl > " T "/noarl.java; grep -q "
	    "UNDETERMINED_REVOCATION_STATUS " T "/noarl.java"), 0);
}
END_TEST

START_TEST(test_roots_crl_is_served_and_renewed_with_a_higher_number)
{
	struct http	 h;

	ck_assert_int_eq(stack_curl(&st, "http:/crl/root-ca.crl", NULL, &h),
	    0);
	ck_assert_int_eq(h.status, 200);
	/* Cached like the issuing CA's: max-age, ETag, Last-Modified. */
	ck_assert(http_has_header(&h, "Cache-Control", "max-age="));
	ck_assert(http_has_header(&h, "ETag", ""));
	ck_assert(http_has_header(&h, "Last-Modified", ""));
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "n=$(openssl crl -in " CA
	    "/crl/root-ca.crl.pem -noout -crlnumber | cut -d= -f2) && "
	    "CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" "
	    "\"$BINDIR/cactl\" root-crl " CA " > /dev/null && "
	    "m=$(openssl crl -in " CA "/crl/root-ca.crl.pem -noout "
	    "-crlnumber | cut -d= -f2) && [ $((m)) -eq $((n + 1)) ]"),
	    0);
}
END_TEST

START_TEST(test_recertify_keeps_the_key_and_adds_the_crl_point)
{
	ck_assert_int_eq(stack_sh(&st, "cp " CA "/ca.crt " T "/old-ca.crt && "
	    "CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" "
	    "\"$BINDIR/cactl\" recertify " CA " > /dev/null && "
	    "! cmp -s " CA "/ca.crt " T "/old-ca.crt && "
	    "[ \"$(openssl x509 -in " CA "/ca.crt -noout -pubkey)\" = "
	    "\"$(openssl x509 -in " T "/old-ca.crt -noout -pubkey)\" ] && "
	    "[ \"$(openssl x509 -in " CA "/ca.crt -noout -subject -enddate)\" "
	    "= \"$(openssl x509 -in " T "/old-ca.crt -noout -subject "
	    "-enddate)\" ] && openssl x509 -in " CA "/ca.crt -noout -ext "
	    "crlDistributionPoints | grep -q root-ca.crl"), 0);
	/* What it issued before verifies under the new certificate. */
	ck_assert_int_eq(stack_sh(&st, VERIFY T "/good.pem > /dev/null"), 0);
}
END_TEST

/* openssl ocsp for one certificate: its status line into t/NAME.ocsp. */
#define OCSP_OF(cert, name) "openssl ocsp -issuer " CA "/ca.crt -cert " \
	cert " -url \"http://127.0.0.1:$HTTP_PORT/ocsp\" -CAfile " CA \
	"/chain.pem -no_nonce > " T "/" name ".ocsp 2>&1"

START_TEST(test_notice_signer_is_known_to_ocsp_and_revoked_when_replaced)
{
	/* The notice signer's certificate carries our OCSP URL: good. */
	ck_assert_int_eq(stack_sh(&st, "cp " CA "/notice/notice.crt " T
	    "/notice-old.crt && " OCSP_OF(T "/notice-old.crt", "n1")
	    " && grep -q ': good' " T "/n1.ocsp"), 0);
	/* Replaced (cactl notice-signer) and cad restarted: the new one is
	 * good, the old one revoked as superseded. */
	ck_assert_int_eq(stack_sh(&st, "CA_PASSPHRASE_FILE=\"$STACK_DIR/"
	    "secrets/ca.pass\" \"$BINDIR/cactl\" notice-signer " CA " " CA
	    "/notice > /dev/null && kill -TERM $(cat \"$STACK_DIR/run/"
	    "cad.pid\") && i=0; while kill -0 $(cat \"$STACK_DIR/run/"
	    "cad.pid\") 2>/dev/null; do i=$((i + 1)); [ $i -lt 50 ] || "
	    "exit 1; sleep 0.1; done; \"$TOP/tools/stack.sh\" start-cad "
	    "\"$STACK_DIR\" > /dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, OCSP_OF(CA "/notice/notice.crt", "n2")
	    " && grep -q ': good' " T "/n2.ocsp"), 0);
	ck_assert_int_eq(stack_sh(&st, OCSP_OF(T "/notice-old.crt", "n3")
	    " && grep -q ': revoked' " T "/n3.ocsp && grep -q "
	    "'Reason: superseded' " T "/n3.ocsp"), 0);
	/* In the audit log, once each. */
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" -s "
	    "\"$STACK_DIR/run/cad.sock\" audit verify > /dev/null"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("chain");
	TCase	*tc = tcase_create("chain");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_issuing_ca_points_to_the_roots_crl);
	tcase_add_test(tc, test_openssl_checks_every_level);
	tcase_add_test(tc, test_java_pkix_checks_every_level);
	tcase_add_test(tc,
	    test_roots_crl_is_served_and_renewed_with_a_higher_number);
	tcase_add_test(tc, test_recertify_keeps_the_key_and_adds_the_crl_point);
	tcase_add_test(tc,
	    test_notice_signer_is_known_to_ocsp_and_revoked_when_replaced);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
