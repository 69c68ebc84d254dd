/*
 * check_hsm.c: the issuing CA key in a PKCS#11 token (README, "The CA key
 * in an HSM"), against SoftHSM2 with a token this suite creates in its
 * temporary directory (its own softhsm2.conf and token directory, found
 * through $SOFTHSM2_CONF; the machine's tokens are never touched).
 *
 * The key is generated inside the token by GnuTLS's p11tool (the PIN in
 * $GNUTLS_PIN, never on a command line), `cactl init --key-uri` certifies
 * it, and the real daemon signs with it: issue, revoke and the CRL are
 * judged by `openssl verify -crl_check`.  The issuing key must exist in
 * no file.  SoftHSM2 and p11tool missing is a failure, not a skip: make
 * check installs them (tools/deps.sh).
 *
 * Only the daemon runs (no nginx or workers: nothing here needs them);
 * it is stopped, and its log checked for sanitizer reports, by
 * tests/integ/stack.c like every other suite's programs.  Under ASan,
 * tests/integ/lsan-hsm.supp hides libp11's own never-freed method tables
 * and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define SOFTHSM_MODULE	"/usr/lib/softhsm/libsofthsm2.so"
#define TOKEN		"ca-reissue-test"
#define KEY_URI		"pkcs11:token=" TOKEN ";object=issuing-ca;" \
			    "type=private"
#define USER_PIN	"4711-8150"

/* Shell words for the test's files and for the operator's CLI. */
#define T	"\"$STACK_DIR/t\""
#define CADIR	"\"$STACK_DIR/ca\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CRLPEM	"\"$STACK_DIR/ca/crl/issuing-ca.crl.pem\""
#define P11TOOL	"p11tool --provider " SOFTHSM_MODULE
/*
 * As root, the key process signs as careissue-key, and SoftHSM reads its
 * object files at each use: the token is that user's (a real deployment
 * gives the token's files or device to it the same way).
 */
#define TOKEN_TO_KEYUSER "[ $(id -u) -ne 0 ] || { \"$TOP/tools/stack.sh\" " \
	"users && chmod 711 \"$STACK_DIR\" && chown -R careissue-key " \
	"\"$STACK_DIR/hsm\"; }"

static struct stack	 st;

/*
 * The token, the CA and the daemon.  Any step that fails ends the suite
 * with the reason: there is nothing to test without them.
 */
static const struct step {
	const char	*what;
	const char	*sh;
} steps[] = {
	{ "softhsm2 and p11tool are installed (tools/deps.sh installs "
	    "softhsm2, libengine-pkcs11-openssl and gnutls-bin)",
	    "command -v softhsm2-util && command -v p11tool && "
	    "[ -f " SOFTHSM_MODULE " ] && [ -f \"$(openssl version -e | "
	    "sed 's/^ENGINESDIR: \"//; s/\"$//')/pkcs11.so\" ]" },
	{ "the test directories",
	    "mkdir -p " T " \"$STACK_DIR/run\" \"$STACK_DIR/log\" "
	    "\"$STACK_DIR/hsm/tokens\" && chmod 700 \"$STACK_DIR/hsm\" && "
	    "printf 'directories.tokendir = %s\\nobjectstore.backend = "
	    "file\\nlog.level = ERROR\\n' \"$STACK_DIR/hsm/tokens\" > "
	    "\"$SOFTHSM2_CONF\" && (umask 077 && printf '%s\\n' '"
	    USER_PIN "' > " T "/pin && openssl rand -base64 24 > " T
	    "/pass)" },
	{ "a SoftHSM2 token of our own",
	    "softhsm2-util --init-token --free --label " TOKEN " --pin "
	    USER_PIN " --so-pin 1234-5678 >/dev/null" },
	{ "the issuing key generated inside the token",
	    "GNUTLS_PIN='" USER_PIN "' " P11TOOL " --login "
	    "--generate-privkey ECDSA --curve secp256r1 --label issuing-ca "
	    "--id 01 'pkcs11:token=" TOKEN "' >/dev/null 2>" T "/keygen.err "
	    "|| { cat " T "/keygen.err >&2; exit 1; }" },
	{ "cactl init --key-uri",
	    "\"$BINDIR/cactl\" init --passphrase-file " T "/pass "
	    "--key-uri '" KEY_URI "' --key-module " SOFTHSM_MODULE " "
	    "--pin-file " T "/pin " CADIR " > " T "/init.out" },
	{ "the token's files given to the key process's user (as root: the "
	    "key process reads them as careissue-key while it signs)",
	    TOKEN_TO_KEYUSER },
	{ "the daemon, logged in to the token",
	    "\"$BINDIR/cad\" -c " CADIR " -s \"$STACK_DIR/run/cad.sock\" "
	    "-P " T "/pin >> \"$STACK_DIR/log/cad.log\" 2>&1 & "
	    "echo $! > \"$STACK_DIR/run/cad.pid\"; i=0; "
	    "while [ ! -S \"$STACK_DIR/run/cad.sock\" ]; do "
	    "i=$((i + 1)); [ $i -lt 150 ] || { cat \"$STACK_DIR/log/cad.log\""
	    " >&2; exit 1; }; sleep 0.1; done" },
};

static void
up(void)
{
	const char	*e;
	char		 conf[PATH_MAX + 32], supp[PATH_MAX + 64];
	size_t		 i;

	memset(&st, 0, sizeof(st));
	e = getenv("TOPDIR");
	snprintf(st.top, sizeof(st.top), "%s", e != NULL ? e : ".");
	e = getenv("BINDIR");
	snprintf(st.bindir, sizeof(st.bindir), "%s", e != NULL ? e :
	    "build/bin");
	snprintf(st.dir, sizeof(st.dir), "/tmp/careissue-hsm-XXXXXX");
	if (mkdtemp(st.dir) == NULL) {
		perror("check_hsm: mkdtemp");
		exit(EXIT_FAILURE);
	}
	/* Every program of the suite (cactl, cad, p11tool) sees our token. */
	snprintf(conf, sizeof(conf), "%s/hsm/softhsm2.conf", st.dir);
	setenv("SOFTHSM2_CONF", conf, 1);
	/*
	 * Under ASan: libp11's method tables, which it never frees, are
	 * not our leak (tests/integ/lsan-hsm.supp says which and why).
	 */
	snprintf(supp, sizeof(supp), "suppressions=%s/tests/integ/"
	    "lsan-hsm.supp", st.top);
	setenv("LSAN_OPTIONS", supp, 1);
	/* Whole stacks through libcrypto (built without frame pointers),
	 * or the engine's frames above CRYPTO_zalloc() are lost. */
	setenv("ASAN_OPTIONS", "fast_unwind_on_malloc=0", 1);
	unsetenv("CA_PIN_FILE");
	unsetenv("CA_PASSPHRASE_FILE");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (stack_sh(&st, "{ %s; } >/dev/null", steps[i].sh) != 0) {
			fprintf(stderr, "check_hsm: FAILED to set up: %s\n",
			    steps[i].what);
			stack_down(&st);
			exit(EXIT_FAILURE);
		}
	}
}

static void
down(void)
{
	/* The RSA test's own daemon, if that test stopped half-way. */
	stack_sh(&st, "[ ! -f " T "/rsa.pid ] || kill -TERM $(cat " T
	    "/rsa.pid) 2>/dev/null; sleep 0.2");
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

/* Issues t/name.pem for a fresh P-256 request; its serial into serial. */
static void
issue(const char *name, char *serial, size_t sz)
{
	char	 f[64];

	ck_assert_msg(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=%s 2>/dev/null && " CACTL " issue --csr " T
	    "/%s.csr --org '测试建设有限公司' --cn '%s' --order 'hsm-%s' "
	    "--out " T "/%s.pem > " T "/%s.serial 2> " T "/%s.err", name,
	    name, name, name, name, name, name, name, name) == 0,
	    "cactl issue %s failed", name);
	snprintf(f, sizeof(f), "%s.serial", name);
	line_of(f, serial, sz);
	ck_assert_msg(strlen(serial) == 32, "no serial from issue %s", name);
}

/* Waits up to 5 s until the published CRL lists serial; 0 or -1. */
static int
wait_listed(const char *serial)
{
	return stack_sh(&st, "i=0; until openssl crl -in " CRLPEM " -noout "
	    "-text 2>/dev/null | grep -Eq 'Serial Number: %s$'; do "
	    "i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.1; done",
	    serial) == 0 ? 0 : -1;
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(test_issuing_key_is_in_no_file)
{
	/* No ca.key; the URI in ca.conf. */
	ck_assert_int_eq(stack_sh(&st, "[ ! -e " CADIR "/private/ca.key ] "
	    "&& grep -qxF 'key_uri = " KEY_URI "' " CADIR "/ca.conf"), 0);
	/*
	 * Every private key file anywhere in the test directory (the
	 * token's own store aside) belongs to another public key than the
	 * issuing CA's.  root.key is encrypted: its passphrase opens it.
	 */
	ck_assert_int_eq(stack_sh(&st, "cd \"$STACK_DIR\" && "
	    "openssl x509 -in ca/ca.crt -noout -pubkey > t/ca.pub && n=0 && "
	    "for f in $(grep -rl 'PRIVATE KEY' . --exclude-dir=hsm); do "
	    "openssl pkey -in \"$f\" -passin file:t/pass -pubout > t/f.pub "
	    "2>/dev/null || { echo \"unreadable key $f\" >&2; exit 1; }; "
	    "n=$((n + 1)); "
	    "if cmp -s t/f.pub t/ca.pub; then echo \"$f holds the issuing "
	    "key\" >&2; exit 1; fi; done; [ $n -ge 2 ]"), 0);
	/* In the token it is sensitive and was never extractable. */
	ck_assert_int_eq(stack_sh(&st, "GNUTLS_PIN='" USER_PIN "' " P11TOOL
	    " --login --list-privkeys 'pkcs11:token=" TOKEN "' 2>/dev/null | "
	    "grep -A4 'object=issuing-ca;type=private' | grep Flags: | "
	    "grep CKA_SENSITIVE | grep -q CKA_NEVER_EXTRACTABLE"), 0);
	/* And the daemon said where its key is. */
	ck_assert_int_eq(stack_sh(&st, "grep -qF 'issuing CA key in the "
	    "token at " KEY_URI "' \"$STACK_DIR/log/cad.log\""), 0);
}
END_TEST

START_TEST(test_issue_revoke_crl_signed_by_the_token)
{
	char	 gone[40], kept[40];

	issue("gone", gone, sizeof(gone));
	issue("kept", kept, sizeof(kept));
	/* Signed by the token's key: the chain verifies. */
	ck_assert_int_eq(stack_sh(&st, "openssl verify -CAfile " CADIR
	    "/chain.pem " T "/gone.pem " T "/kept.pem >/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "keyCompromise >/dev/null", gone), 0);
	ck_assert_msg(wait_listed(gone) == 0, "the CRL does not list %s",
	    gone);
	/* The CRL's signature (the token's) verifies with ca.crt. */
	ck_assert_int_eq(stack_sh(&st, "openssl crl -in " CRLPEM " -CAfile "
	    CADIR "/chain.pem -noout 2>&1 | grep -qx 'verify OK'"), 0);
	/* An independent verifier: the revoked one fails, the other not. */
	ck_assert_int_eq(stack_sh(&st, "openssl verify -crl_check -CAfile "
	    CADIR "/chain.pem -CRLfile " CRLPEM " " T "/gone.pem > " T
	    "/gone.verify 2>&1; [ $? -ne 0 ] && grep -q 'certificate revoked'"
	    " " T "/gone.verify"), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl verify -crl_check -CAfile "
	    CADIR "/chain.pem -CRLfile " CRLPEM " " T "/kept.pem "
	    ">/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl crl -in " CRLPEM " -noout "
	    "-text | grep -A4 -E 'Serial Number: %s$' | "
	    "grep -qx ' *Key Compromise'", gone), 0);
}
END_TEST

START_TEST(test_parallel_issues_share_the_token)
{
	/* Every signer thread signs through the one token key at once. */
	ck_assert_int_eq(stack_sh(&st, "mkdir -p " T "/par && cd " T "/par "
	    "&& for i in $(seq 16); do openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout $i.key -out $i.csr "
	    "-subj /CN=p$i 2>/dev/null || exit 1; done && "
	    "for i in $(seq 16); do " CACTL " issue --csr $i.csr --org "
	    "'测试建设有限公司' --cn p$i --order par-$i --out $i.pem "
	    ">/dev/null 2>$i.err & done; wait; for i in $(seq 16); do "
	    "openssl verify -CAfile " CADIR "/chain.pem $i.pem >/dev/null || "
	    "exit 1; done"), 0);
}
END_TEST

/*
 * An RSA 3072 key in the same token makes an RSA CA (the token's key
 * decides the algorithm): certificate and CRL signed by the token with
 * sha256WithRSAEncryption.  Its own daemon, stopped by this test.
 */
START_TEST(test_rsa_token_key_makes_an_rsa_ca)
{
#define RSADIR	"\"$STACK_DIR/rsa\""
#define RSACTL	"\"$BINDIR/cactl\" -s " T "/rsa.sock"
	ck_assert_int_eq(stack_sh(&st, "GNUTLS_PIN='" USER_PIN "' " P11TOOL
	    " --login --generate-privkey RSA --bits 3072 --label rsa-ca "
	    "--id 02 'pkcs11:token=" TOKEN "' >/dev/null 2>&1 && "
	    TOKEN_TO_KEYUSER " && "
	    "\"$BINDIR/cactl\" init --passphrase-file " T "/pass --key-uri "
	    "'pkcs11:token=" TOKEN ";object=rsa-ca;type=private' "
	    "--key-module " SOFTHSM_MODULE " --pin-file " T "/pin " RSADIR
	    " >/dev/null && grep -qx 'algo = rsa3072' " RSADIR "/ca.conf && "
	    "[ ! -e " RSADIR "/private/ca.key ]"), 0);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cad\" -c " RSADIR " -s " T
	    "/rsa.sock -n " T "/rsa-notify.sock -P " T "/pin "
	    ">> \"$STACK_DIR/log/cad-rsa.log\" 2>&1 & echo $! > " T
	    "/rsa.pid; i=0; while [ ! -S " T "/rsa.sock ]; do i=$((i + 1)); "
	    "[ $i -lt 150 ] || exit 1; sleep 0.1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl req -new "
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
	    "rsaee.key -out rsaee.csr -subj /CN=rsaee 2>/dev/null && "
	    RSACTL " issue --csr rsaee.csr --org '测试建设有限公司' --cn rsaee "
	    "--order rsa-1 --out rsaee.pem > rsaee.serial 2>/dev/null && "
	    "openssl verify -CAfile " RSADIR "/chain.pem rsaee.pem "
	    ">/dev/null && openssl x509 -in rsaee.pem -noout -text | "
	    "grep -q 'Signature Algorithm: sha256WithRSAEncryption' && "
	    RSACTL " revoke $(cat rsaee.serial) --reason keyCompromise "
	    ">/dev/null || exit 1; i=0; until openssl crl -in " RSADIR "/crl/"
	    "issuing-ca.crl.pem -noout -text 2>/dev/null | grep -q "
	    "\"Serial Number: $(cat rsaee.serial)\"; do i=$((i + 1)); "
	    "[ $i -lt 50 ] || exit 1; sleep 0.1; done; "
	    "openssl crl -in " RSADIR "/crl/issuing-ca.crl.pem -CAfile "
	    RSADIR "/chain.pem -noout 2>&1 | grep -qx 'verify OK' && "
	    "! openssl verify -crl_check -CAfile " RSADIR "/chain.pem "
	    "-CRLfile " RSADIR "/crl/issuing-ca.crl.pem rsaee.pem "
	    ">/dev/null 2>&1"), 0);
	/* Stopped here: a clean exit (its log is checked for reports). */
	ck_assert_int_eq(stack_sh(&st, "kill -TERM $(cat " T "/rsa.pid) && "
	    "i=0; while kill -0 $(cat " T "/rsa.pid) 2>/dev/null; do "
	    "i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done"), 0);
#undef RSADIR
#undef RSACTL
}
END_TEST

/*
 * cactl ca add with a token key: a second issuing CA (its own root) whose
 * key stays in the token, beside the first; its own daemon issues and
 * revokes, its CRL lands in the first CA's crl_dir.  A token key of
 * another algorithm than --algo says is refused and nothing is kept.
 */
START_TEST(test_ca_add_with_a_token_key)
{
#define TOKDIR	CADIR "/cas/tokca"
#define TOKCTL	"\"$BINDIR/cactl\" -s " T "/tokca.sock"
	ck_assert_int_eq(stack_sh(&st, "GNUTLS_PIN='" USER_PIN "' " P11TOOL
	    " --login --generate-privkey ECDSA --curve secp256r1 --label "
	    "tokca --id 03 'pkcs11:token=" TOKEN "' >/dev/null 2>&1 && "
	    TOKEN_TO_KEYUSER), 0);
	/* The wrong algorithm for that key: one line, exit 2, nothing kept. */
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" ca add tokca "
	    "--algo rsa3072 --passphrase-file " T "/pass --key-uri "
	    "'pkcs11:token=" TOKEN ";object=tokca;type=private' --key-module "
	    SOFTHSM_MODULE " --pin-file " T "/pin " CADIR " 2> " T
	    "/tokca.err"), 2);
	ck_assert_int_eq(stack_sh(&st, "[ ! -e " TOKDIR " ] && "
	    "! ls -a " CADIR "/cas | grep -q tokca && "
	    "! ls " CADIR "/crl | grep -q '^tokca'"), 0);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" ca add tokca "
	    "--algo p256 --vendor 令牌CA --passphrase-file " T "/pass "
	    "--key-uri 'pkcs11:token=" TOKEN ";object=tokca;type=private' "
	    "--key-module " SOFTHSM_MODULE " --pin-file " T "/pin " CADIR
	    " >/dev/null && [ ! -e " TOKDIR "/private/ca.key ] && "
	    "grep -q '^key_uri = pkcs11:' " TOKDIR "/ca.conf && "
	    "\"$BINDIR/cactl\" ca list " CADIR " | grep -Eq "
	    "'^tokca +p256 +令牌CA '"), 0);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cad\" -c " TOKDIR " -s " T
	    "/tokca.sock -n " T "/tokca-notify.sock -P " T "/pin "
	    ">> \"$STACK_DIR/log/cad-tokca.log\" 2>&1 & echo $! > " T
	    "/tokca.pid; i=0; while [ ! -S " T "/tokca.sock ]; do "
	    "i=$((i + 1)); [ $i -lt 150 ] || exit 1; sleep 0.1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl req -new "
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
	    "tokee.key -out tokee.csr -subj /CN=tokee 2>/dev/null && "
	    TOKCTL " issue --csr tokee.csr --org '测试建设有限公司' --cn tokee "
	    "--order tok-1 --out tokee.pem > tokee.serial 2>/dev/null && "
	    "openssl verify -CAfile " TOKDIR "/chain.pem tokee.pem "
	    ">/dev/null && ! openssl verify -CAfile " CADIR "/chain.pem "
	    "tokee.pem >/dev/null 2>&1 && " TOKCTL " revoke "
	    "$(cat tokee.serial) --reason keyCompromise >/dev/null || exit 1;"
	    " i=0; until openssl crl -in " CADIR "/crl/tokca.crl.pem -noout "
	    "-text 2>/dev/null | grep -q \"Serial Number: "
	    "$(cat tokee.serial)\"; do i=$((i + 1)); [ $i -lt 50 ] || exit 1;"
	    " sleep 0.1; done; openssl crl -in " CADIR "/crl/tokca.crl.pem "
	    "-CAfile " TOKDIR "/chain.pem -noout 2>&1 | grep -qx 'verify OK'"
	    " && " TOKCTL " audit verify | grep -q 'records of CA tokca'"),
	    0);
	ck_assert_int_eq(stack_sh(&st, "kill -TERM $(cat " T "/tokca.pid) && "
	    "i=0; while kill -0 $(cat " T "/tokca.pid) 2>/dev/null; do "
	    "i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done"), 0);
#undef TOKDIR
#undef TOKCTL
}
END_TEST

START_TEST(test_offline_issuance_signs_with_the_token)
{
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" ocsp-responder "
	    "--pin-file " T "/pin " CADIR " " T "/ocsp >/dev/null && "
	    "openssl verify -CAfile " CADIR "/chain.pem " T "/ocsp/ocsp.crt "
	    ">/dev/null"), 0);
}
END_TEST

START_TEST(test_wrong_pin_stops_the_daemon_before_it_serves)
{
	ck_assert_int_eq(stack_sh(&st, "(umask 077 && echo 0000-0000 > " T
	    "/badpin) && \"$BINDIR/cad\" -c " CADIR " -s " T "/bad.sock "
	    "-n " T "/bad-notify.sock -P " T "/badpin "
	    "> \"$STACK_DIR/log/cad-badpin.log\" 2>&1; rc=$?; "
	    "[ $rc -eq 1 ] && [ ! -e " T "/bad.sock ] && grep -q "
	    "'cannot log in to the token' \"$STACK_DIR/log/cad-badpin.log\""),
	    0);
}
END_TEST

START_TEST(test_pin_file_readable_by_others_is_refused)
{
	ck_assert_int_eq(stack_sh(&st, "cp " T "/pin " T "/openpin && "
	    "chmod 644 " T "/openpin && \"$BINDIR/cad\" -c " CADIR " -s " T
	    "/open.sock -n " T "/open-notify.sock -P " T "/openpin "
	    "> \"$STACK_DIR/log/cad-openpin.log\" 2>&1; rc=$?; "
	    "[ $rc -eq 1 ] && grep -q 'readable by group or others' "
	    "\"$STACK_DIR/log/cad-openpin.log\""), 0);
}
END_TEST

START_TEST(test_key_uri_with_a_pin_in_it_is_refused)
{
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" init "
	    "--passphrase-file " T "/pass --key-uri 'pkcs11:token=" TOKEN
	    ";object=issuing-ca;pin-value=" USER_PIN "' " T "/ca2 "
	    "2> " T "/uri.err; [ $? -eq 2 ] && [ ! -e " T "/ca2 ] && "
	    "grep -q 'without a PIN' " T "/uri.err"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("hsm");
	TCase	*tc = tcase_create("softhsm2");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_issuing_key_is_in_no_file);
	tcase_add_test(tc, test_issue_revoke_crl_signed_by_the_token);
	tcase_add_test(tc, test_parallel_issues_share_the_token);
	tcase_add_test(tc, test_rsa_token_key_makes_an_rsa_ca);
	tcase_add_test(tc, test_ca_add_with_a_token_key);
	tcase_add_test(tc, test_offline_issuance_signs_with_the_token);
	tcase_add_test(tc, test_wrong_pin_stops_the_daemon_before_it_serves);
	tcase_add_test(tc, test_pin_file_readable_by_others_is_refused);
	tcase_add_test(tc, test_key_uri_with_a_pin_in_it_is_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
