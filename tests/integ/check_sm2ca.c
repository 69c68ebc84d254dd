/*
 * check_sm2ca.c: an SM2 (国密) CA end to end: `cactl init --algo sm2`
 * through tools/stack.sh (CA_ALGO=sm2), the real daemon, webd's OCSP
 * responder and nginx, on free ports in a temporary directory.
 *
 * Everything the CA signs is judged by the openssl command line given
 * the distinguishing ID 1234567812345678: `openssl verify -vfyopt
 * distid:...` one link at a time (OpenSSL 3.0 gives the ID only to the
 * certificate being verified, never to the CA certificates above it),
 * and tests/integ/sm2sig.sh (`openssl pkeyutl -verify -rawin -digest sm3
 * -pkeyopt distid:...` over the signed octets) for certificates, CRLs
 * and OCSP responses, which `openssl crl` and `openssl ocsp` cannot be
 * given an ID for.  Each check is also made without the ID or with
 * another one, and must then fail: a signature made with the wrong ID
 * cannot pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CA	"\"$STACK_DIR/ca\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define SIG	"\"$TOP/tests/integ/sm2sig.sh\""
#define DISTID	"distid:1234567812345678"
#define URL	"http://127.0.0.1:$HTTP_PORT/ocsp"

static struct stack	 st;

static void
up(void)
{
	setenv("CA_ALGO", "sm2", 1);
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_sm2ca: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* Runs a shell command in t/; 0 or its exit status. */
#define SH(...)	stack_sh(&st, "cd " T " && " __VA_ARGS__)

/*
 * A fresh SM2 key t/NAME.key and request t/NAME.csr signed with sigopt
 * ("-sigopt distid:..." or "" for none, which OpenSSL 3.0 signs with the
 * empty ID).
 */
static void
sm2_csr(const char *name, const char *sigopt)
{
	ck_assert_msg(SH("openssl genpkey -algorithm SM2 -out %s.key && "
	    "openssl req -new -key %s.key -sm3 %s -subj /CN=x -out %s.csr",
	    name, name, sigopt, name) == 0, "openssl req (SM2) failed for %s",
	    name);
}

/* Issues t/NAME.pem for t/NAME.csr; its serial into serial (64). */
static void
issue(const char *name, char *serial)
{
	char	 path[PATH_MAX + 64], *s;

	ck_assert_msg(SH(CACTL " issue --csr %s.csr --org '国密测试有限公司' "
	    "--cn '李测试' --order sm2-%s --out %s.pem > %s.serial", name,
	    name, name, name) == 0, "cactl issue %s failed", name);
	snprintf(path, sizeof(path), "%s/t/%s.serial", st.dir, name);
	ck_assert_ptr_nonnull(s = stack_slurp(path, NULL));
	s[strcspn(s, "\n")] = '\0';
	snprintf(serial, 64, "%s", s);
	free(s);
	ck_assert_uint_eq(strlen(serial), 32);
}

/*
 * t/NAME.pem is an SM2 certificate signed SM2-with-SM3 by the issuing CA
 * with the ID, and not without it.
 */
static void
is_sm2_leaf(const char *name)
{
	ck_assert_msg(SH("openssl x509 -in %s.pem -noout -text > %s.txt && "
	    "grep -q 'Signature Algorithm: SM2-with-SM3' %s.txt && "
	    "grep -q 'ASN1 OID: SM2' %s.txt", name, name, name, name) == 0,
	    "%s is not an SM2 certificate signed SM2-with-SM3", name);
	ck_assert_msg(SH("openssl verify -partial_chain -CAfile " CA
	    "/ca.crt -vfyopt " DISTID " %s.pem > /dev/null", name) == 0,
	    "openssl verify with the ID refused %s", name);
	ck_assert_msg(SH("! openssl verify -partial_chain -CAfile " CA
	    "/ca.crt %s.pem > /dev/null 2>&1", name) == 0,
	    "%s verified without the ID", name);
	ck_assert_msg(SH("openssl x509 -in %s.pem -outform DER -out %s.der && "
	    SIG " %s.der " CA "/ca.crt && ! " SIG " %s.der " CA "/ca.crt "
	    "1234567812345679 2> /dev/null", name, name, name, name) == 0,
	    "%s: pkeyutl with the ID disagrees", name);
}

START_TEST(test_init_makes_an_sm2_root_and_issuing_ca)
{
	ck_assert_int_eq(SH(CACTL " status | grep -q '^algorithm: sm2$'"), 0);
	ck_assert_int_eq(SH("for c in root ca; do openssl x509 -in " CA
	    "/$c.crt -noout -text > $c.txt && grep -q 'Signature Algorithm: "
	    "SM2-with-SM3' $c.txt && grep -q 'ASN1 OID: SM2' $c.txt || "
	    "exit 1; done"), 0);
	/* The issuing CA under the root, with the ID only. */
	ck_assert_int_eq(SH("openssl verify -CAfile " CA "/root.crt -vfyopt "
	    DISTID " " CA "/ca.crt > /dev/null"), 0);
	ck_assert_int_eq(SH("! openssl verify -CAfile " CA "/root.crt " CA
	    "/ca.crt > /dev/null 2>&1"), 0);
	/* The root's own signature, and the DER copy behind AIA. */
	ck_assert_int_eq(SH("openssl x509 -in " CA "/root.crt -outform DER "
	    "-out root.der && " SIG " root.der " CA "/root.crt && "
	    SIG " " CA "/crl/issuing-ca.crt " CA "/root.crt && ! " SIG
	    " root.der " CA "/root.crt 31 2> /dev/null"), 0);
	/* The OCSP responder has an SM2 key, signed by the issuing CA. */
	ck_assert_int_eq(SH("openssl x509 -in \"$STACK_DIR/ocsp/ocsp.crt\" "
	    "-noout -text | grep -q 'ASN1 OID: SM2' && openssl x509 -in "
	    "\"$STACK_DIR/ocsp/ocsp.crt\" -outform DER -out ocsp.der && "
	    SIG " ocsp.der " CA "/ca.crt"), 0);
}
END_TEST

START_TEST(test_sm2_request_gets_an_sm2_certificate)
{
	char	 serial[64];

	sm2_csr("leaf", "-sigopt " DISTID);
	issue("leaf", serial);
	is_sm2_leaf("leaf");
	/* The daemon took the request's key. */
	ck_assert_int_eq(SH("[ \"$(openssl pkey -in leaf.key -pubout)\" = "
	    "\"$(openssl x509 -in leaf.pem -noout -pubkey)\" ]"), 0);
}
END_TEST

/* Proof of possession is checked with the ID: none or another refused. */
START_TEST(test_sm2_request_signed_without_the_id_is_refused)
{
	sm2_csr("noid", "");
	sm2_csr("badid", "-sigopt distid:1234567812345679");
	ck_assert_int_eq(SH("for n in noid badid; do ! " CACTL " issue --csr "
	    "$n.csr --org O --cn C --order sm2-$n --out $n.pem 2> $n.err && "
	    "grep -q 'does not verify' $n.err || exit 1; done"), 0);
}
END_TEST

START_TEST(test_replacement_of_an_sm2_certificate_is_sm2)
{
	char	 old[64];

	sm2_csr("old", "-sigopt " DISTID);
	issue("old", old);
	/* A P-256 request for it is refused, with the reason. */
	ck_assert_int_eq(SH("openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout p256.key -out p256.csr "
	    "-subj /CN=x 2> /dev/null && ! " CACTL " reissue --serial %s "
	    "--reason lost --order sm2-re-p256 --csr p256.csr --out p256.pem "
	    "2> p256.err && grep -q 'needs an SM2 key' p256.err", old), 0);
	sm2_csr("new", "-sigopt " DISTID);
	ck_assert_int_eq(SH(CACTL " reissue --serial %s --reason lost "
	    "--order sm2-re --csr new.csr --out new.pem > new.serial", old), 0);
	is_sm2_leaf("new");
	ck_assert_int_eq(SH("[ \"$(openssl x509 -in old.pem -noout -subject)\""
	    " = \"$(openssl x509 -in new.pem -noout -subject)\" ]"), 0);
}
END_TEST

/*
 * A revocation reaches the published CRL, which is signed SM2-with-SM3
 * with the ID: pkeyutl verifies it with the ID, `openssl crl -verify`
 * (which has no ID to give) does not.
 */
START_TEST(test_revocation_is_published_in_an_sm2_crl)
{
	char	 serial[64];

	sm2_csr("gone", "-sigopt " DISTID);
	issue("gone", serial);
	ck_assert_int_eq(SH(CACTL " revoke %s --reason keyCompromise > "
	    "/dev/null", serial), 0);
	ck_assert_msg(SH("n=0; while :; do curl -sf --max-time 5 -o crl.der "
	    "\"http://127.0.0.1:$HTTP_PORT/crl/issuing-ca.crl\" && openssl crl "
	    "-inform DER -in crl.der -noout -text > crl.txt && "
	    "grep -Eq 'Serial Number: %s$' crl.txt && exit 0; n=$((n + 1)); "
	    "[ $n -ge 40 ] && exit 1; sleep 0.05; done", serial) == 0,
	    "the CRL served by nginx does not list %s", serial);
	ck_assert_int_eq(SH("grep -q 'Signature Algorithm: SM2-with-SM3' "
	    "crl.txt && grep -q 'Key Compromise' crl.txt"), 0);
	ck_assert_int_eq(SH(SIG " crl.der " CA "/ca.crt"), 0);
	ck_assert_int_eq(SH("! " SIG " crl.der " CA "/ca.crt 1234567812345679 "
	    "2> /dev/null && ! " SIG " crl.der " CA "/root.crt 2> /dev/null"),
	    0);
	/* (openssl crl exits 0 either way: read what it says.) */
	ck_assert_int_eq(SH("openssl crl -inform DER -in crl.der -noout "
	    "-CAfile " CA "/ca.crt > crlv.out 2>&1; grep -q 'verify failure' "
	    "crlv.out && ! grep -q 'verify OK' crlv.out"), 0);
}
END_TEST

/*
 * webd's responder answers good, then revoked, signed SM2-with-SM3 with
 * the ID by its SM2 responder key.
 */
START_TEST(test_ocsp_responses_are_sm2_signed_with_the_id)
{
	char	 serial[64];

	sm2_csr("ocspleaf", "-sigopt " DISTID);
	issue("ocspleaf", serial);
	ck_assert_int_eq(SH("openssl ocsp -issuer " CA "/ca.crt -cert "
	    "ocspleaf.pem -url " URL " -noverify -respout good.der > good.out "
	    "2>&1 && grep -q 'ocspleaf.pem: good' good.out"), 0);
	ck_assert_int_eq(SH("openssl ocsp -respin good.der -noverify "
	    "-resp_text 2>&1 | grep -q 'Signature Algorithm: SM2-with-SM3'"),
	    0);
	ck_assert_int_eq(SH(SIG " good.der \"$STACK_DIR/ocsp/ocsp.crt\""), 0);
	ck_assert_int_eq(SH("! " SIG " good.der \"$STACK_DIR/ocsp/ocsp.crt\" "
	    "1234567812345679 2> /dev/null"), 0);
	/* openssl ocsp's own check has no ID to give: it must fail. */
	ck_assert_int_eq(SH("openssl ocsp -respin good.der -CAfile " CA
	    "/chain.pem > own.out 2>&1; ! grep -q 'Response verify OK' "
	    "own.out"), 0);

	ck_assert_int_eq(SH(CACTL " revoke %s --reason superseded > "
	    "/dev/null", serial), 0);
	ck_assert_int_eq(SH("openssl ocsp -issuer " CA "/ca.crt -cert "
	    "ocspleaf.pem -url " URL " -noverify -respout rev.der > rev.out "
	    "2>&1 && grep -q 'ocspleaf.pem: revoked' rev.out && "
	    "grep -q 'Reason: superseded' rev.out && " SIG " rev.der "
	    "\"$STACK_DIR/ocsp/ocsp.crt\""), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sm2ca");
	TCase	*tc = tcase_create("sm2 ca");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_init_makes_an_sm2_root_and_issuing_ca);
	tcase_add_test(tc, test_sm2_request_gets_an_sm2_certificate);
	tcase_add_test(tc, test_sm2_request_signed_without_the_id_is_refused);
	tcase_add_test(tc, test_replacement_of_an_sm2_certificate_is_sm2);
	tcase_add_test(tc, test_revocation_is_published_in_an_sm2_crl);
	tcase_add_test(tc, test_ocsp_responses_are_sm2_signed_with_the_id);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
