/*
 * check_multica.c: several issuing CAs (证书厂商) in one service, through
 * real nginx, workers and one signing daemon per CA.  The stack is made
 * as `make run` makes it: the first CA (P-256, 证书厂商 CFCA) and a second
 * added by `cactl ca add bjca --algo sm2 --vendor BJCA`, each under its
 * own root; the demo certificates of BJCA come from the SM2 CA.
 *
 * Seen from the outside: every certificate row names its CA and the
 * files agree; a replacement of a BJCA certificate is signed by the SM2
 * CA (and of a CFCA one by the first), and the old one appears revoked
 * on its own CA's CRL, in its OCSP response (the pre-signed file nginx
 * serves, and the worker's live answer) and in a notice the platforms
 * verified against that CA's notice signer; a CA that stopped issuing
 * (cactl ca disable) refuses a replacement with a clear message and
 * stores nothing, and issues again once enabled; `cactl ca add` refuses
 * a name in use, an unknown algorithm and an unreadable key, leaving
 * nothing behind.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "fcgi/appdb.h"
#include "tests/integ/demo.h"
#include "tests/integ/orderfix.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define CACTL		"CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" " \
			"\"$BINDIR/cactl\""
#define FIRST		"-s \"$STACK_DIR/run/cad.sock\""
#define BJCA		"-s \"$STACK_DIR/run/bjca/cad.sock\""
#define BJCA_DIR	"\"$STACK_DIR/ca/cas/bjca\""
#define SIG		"\"$TOP/tests/integ/sm2sig.sh\""

enum client {
	C_APPLICANT,	/* 13900000001 张演示, 管理员 of A (password) */
	C_OP_SY,	/* 13900000101 钱办理, 沈阳 (certificate) */
	C__MAX
};

static struct stack	 st;
static struct appdb	*db;
static char		 csrf[C__MAX][65];

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

static struct demo_certuser	 op = { 110 + C_OP_SY, C_OP_SY,
    "13900000101-1", "" };

/* 审核通过 of order id through the real route, as the Shenyang operator. */
static void
approve(long long id)
{
	struct http	 h;
	char		 extra[256];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld'", csrf[C_OP_SY],
	    id);
	demo_cert_as(&st, &op, "/ops/approve", extra, 303, &h);
	http_free(&h);
}

/* A paid, approved order of the certificate key_serial of company A. */
static long long
approved_order(const char *key_serial)
{
	long long	 id;

	id = orderfix_paid(&st, db, key_serial, "13900000001", DEMO_USCC_A,
	    "shenyang");
	approve(id);
	return id;
}

/* POST /ops/issue of order id with a fresh P-256 CSR t/name.csr. */
static void
issue(long long id, const char *name, int status, struct http *h)
{
	char	 extra[1024];

	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=new-usb-key 2>/dev/null", name, name), 0);
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'id=%lld' "
	    "-F \"csr=@$STACK_DIR/t/%s.csr;filename=%s.csr\" "
	    "-F key_serial=NEW-%s", csrf[C_OP_SY], id, name, name, name);
	demo_cert_as(&st, &op, "/ops/issue", extra, status, h);
}

/* The serial of the replacement of order id's certificate, into out. */
static void
replacement(long long id, char *out, size_t sz)
{
	sql_str(out, sz, "SELECT n.serial_hex FROM cert n JOIN orders o ON"
	    " n.replaces_id = o.cert_id WHERE o.id = %lld", id);
	ck_assert_uint_ge(strlen(out), 16);
}

/* Writes the daemon's PEM of serial (cactl show --pem) to t/name.pem. */
static void
save_pem(const char *sock, const char *serial, const char *name)
{
	ck_assert_int_eq(stack_sh(&st, CACTL " %s show %s --pem > " T
	    "/%s.pem", sock, serial, name), 0);
}

START_TEST(test_each_vendor_is_issued_by_its_own_ca)
{
	/* cactl lists both, each with its vendor and algorithm. */
	ck_assert_int_eq(stack_sh(&st, CACTL " ca list \"$STACK_DIR/ca\" > " T
	    "/list.out && grep -Eq '^issuing-ca +p256 +CFCA ' " T "/list.out &&"
	    " grep -Eq '^bjca +sm2 +BJCA ' " T "/list.out"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " status | grep -q "
	    "'^vendor: *BJCA$' && " CACTL " " BJCA " status | grep -q "
	    "'^algorithm: *sm2$' && " CACTL " " FIRST " status | grep -q "
	    "'^vendor: *CFCA$'"), 0);
	/* Every demo row (not the test fixtures) names the CA of its
	 * vendor, and each certificate's issuer agrees. */
	ck_assert_int_gt(sql_int("SELECT count(*) FROM cert WHERE vendor ="
	    " 'BJCA' AND ca = 'bjca'"), 3);
	ck_assert_int_gt(sql_int("SELECT count(*) FROM cert WHERE vendor ="
	    " 'CFCA' AND ca = ''"), 3);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE serial_hex"
	    " NOT LIKE 'E000%%' AND ((vendor = 'BJCA') <> (ca = 'bjca'))"), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " CERTS
	    "/13900000012-1.crt -noout -issuer | grep -q 'Demo bjca Issuing CA'"
	    " && openssl x509 -in " CERTS "/13900000002-1.crt -noout -issuer |"
	    " grep -q 'CN = ca-reissue Demo Issuing CA'"), 0);
	/* Each chain verifies with its own root; both CAs' CRLs are
	 * published side by side under /crl/, each signed by its own CA
	 * (SM2 CRLs checked by sm2sig.sh: OpenSSL 3.0's verify cannot be
	 * given the SM2 ID for a CRL). */
	ck_assert_int_eq(stack_sh(&st, "cd \"$STACK_DIR/ca/crl\" && "
	    "openssl x509 -in " CERTS "/13900000012-1.crt -outform DER -out "
	    T "/bj.der && openssl x509 -in ../cas/bjca/ca.crt -outform DER "
	    "-out " T "/bjca.der && " SIG " " T "/bj.der ../cas/bjca/ca.crt && "
	    SIG " " T "/bjca.der ../cas/bjca/root.crt && "
	    SIG " bjca.crl ../cas/bjca/ca.crt && " SIG
	    " bjca-root.crl ../cas/bjca/root.crt && "
	    "curl -sf http://127.0.0.1:%d/crl/bjca.crl | cmp -s - bjca.crl && "
	    "openssl verify -crl_check_all -CAfile ../root.crt -untrusted "
	    "../ca.crt -CRLfile issuing-ca.crl.pem -CRLfile root-ca.crl.pem "
	    CERTS "/13900000002-1.crt >/dev/null", st.http_port), 0);
}
END_TEST

START_TEST(test_a_replacement_comes_from_the_original_ca)
{
	struct http	 h;
	long long	 bj = approved_order("WQ2022110208");
	long long	 cf = approved_order("FT2023020045");
	char		 neu[64], old[64];
	int		 i, ok = 0;

	/* BJCA: the SM2 CA signs it, knows it; the first CA does not. */
	issue(bj, "bj", 303, &h);
	http_free(&h);
	replacement(bj, neu, sizeof(neu));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE serial_hex ="
	    " '%s' AND ca = 'bjca' AND vendor = 'BJCA'", neu), 1);
	save_pem(BJCA, neu, "bj-new");
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " T "/bj-new.pem "
	    "-noout -issuer | grep -q 'Demo bjca Issuing CA' && openssl x509 "
	    "-in " T "/bj-new.pem -noout -text | grep -q SM2"), 0);
	ck_assert_int_ne(stack_sh(&st, CACTL " " FIRST " show %s >/dev/null "
	    "2>&1", neu), 0);
	/* The old one is revoked on the SM2 CA's CRL, as nginx serves it. */
	sql_str(old, sizeof(old), "SELECT serial_hex FROM cert WHERE"
	    " key_serial = 'WQ2022110208'");
	for (i = 0; i < 50 && !ok; i++)
		ok = stack_sh(&st, "curl -sf http://127.0.0.1:%d/crl/bjca.crl |"
		    " openssl crl -inform DER -noout -text | grep -qi '%s'",
		    st.http_port, old) == 0 || (nanosleep(&(struct timespec){
		    0, 100000000 }, NULL), 0);
	ck_assert_msg(ok, "the old BJCA certificate is not on bjca.crl");

	/* CFCA: the first CA, as before. */
	issue(cf, "cf", 303, &h);
	http_free(&h);
	replacement(cf, neu, sizeof(neu));
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE serial_hex ="
	    " '%s' AND ca = '' AND vendor = 'CFCA'", neu), 1);
	ck_assert_int_eq(stack_sh(&st, CACTL " " FIRST " show %s >/dev/null",
	    neu), 0);
	ck_assert_int_ne(stack_sh(&st, CACTL " " BJCA " show %s >/dev/null "
	    "2>&1", neu), 0);
}
END_TEST

START_TEST(test_ocsp_and_notices_answer_for_each_ca)
{
	struct http	 h;
	long long	 id = approved_order("WQ2023040311");
	char		 old[64], path[512];
	int		 i, ok = 0;

	sql_str(old, sizeof(old), "SELECT serial_hex FROM cert WHERE"
	    " key_serial = 'WQ2023040311'");
	issue(id, "ocsp", 303, &h);
	http_free(&h);
	/* The old one's pre-signed response says revoked, from nginx's
	 * files (ETag), within a second or so. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " BJCA_DIR
	    "/ca.crt -cert " CERTS "/13900000014-1.crt -no_nonce -reqout " T
	    "/bj.req"), 0);
	ck_assert_int_eq(stack_sh(&st, "base64 -w0 " T "/bj.req | tr '/+' "
	    "'_-' > " T "/bj.b64"), 0);
	for (i = 0; i < 50 && !ok; i++) {
		ok = stack_sh(&st, "curl -s -D " T "/bj.h -o " T "/bj.resp "
		    "\"http://127.0.0.1:%d/ocsp/$(cat " T "/bj.b64)\" && "
		    "grep -qi '^etag:' " T "/bj.h && openssl ocsp -respin " T
		    "/bj.resp -noverify -resp_text | grep -q 'Cert Status: "
		    "revoked'", st.http_port) == 0;
		if (!ok)
			nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	ck_assert_msg(ok, "no pre-signed 'revoked' for the old BJCA key");
	/* POST goes through the worker to the CA of the CertID: a valid
	 * certificate of each CA is good, signed by that CA's responder. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " BJCA_DIR
	    "/ca.crt -cert " CERTS "/13900000017-1.crt -url "
	    "http://127.0.0.1:%d/ocsp -VAfile \"$STACK_DIR/ocsp/bjca/ocsp.crt\" "
	    "-noverify 2>&1 | grep -q ': good'", st.http_port), 0);
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer "
	    "\"$STACK_DIR/ca/ca.crt\" -cert " CERTS "/13900000011-1.crt -url "
	    "http://127.0.0.1:%d/ocsp -CAfile \"$STACK_DIR/ca/root.crt\" "
	    "-VAfile \"$STACK_DIR/ocsp/ocsp.crt\" 2>&1 | grep -q ': good'",
	    st.http_port), 0);
	/* The platforms verified the SM2 CA's notice about the old key. */
	ok = 0;
	snprintf(path, sizeof(path), "grep -q '%s' \"$STACK_DIR/platforms/"
	    "received.tsv\"", old);
	for (i = 0; i < 100 && !ok; i++) {
		ok = stack_sh(&st, "%s", path) == 0;
		if (!ok)
			nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	ck_assert_msg(ok, "no platform accepted a notice about %s", old);
}
END_TEST

START_TEST(test_a_stopped_ca_refuses_with_a_clear_message)
{
	struct http	 h;
	long long	 id = approved_order("WQ2024010427");

	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " ca disable >/dev/null"
	    " && " CACTL " " BJCA " status | grep -q '^issuing: *no'"), 0);
	issue(id, "stopped", 409, &h);
	ck_assert(http_has(&h, "已停止签发新证书"));
	http_free(&h);
	/* Nothing stored: no replacement, the order still awaits issue. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert n JOIN orders o ON"
	    " n.replaces_id = o.cert_id WHERE o.id = %lld", id), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'awaiting_issue'", id), 1);
	/* The first CA is unaffected; the audit log has the change. */
	ck_assert_int_eq(stack_sh(&st, CACTL " " FIRST " status | grep -q "
	    "'^issuing: *yes' && grep -q 'ca-disable: ca=bjca' "
	    "\"$STACK_DIR/log/cad-bjca.log\""), 0);
	/* Enabled again, the same order issues. */
	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " ca enable >/dev/null"),
	    0);
	issue(id, "resumed", 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert n JOIN orders o ON"
	    " n.replaces_id = o.cert_id WHERE o.id = %lld AND n.ca = 'bjca'",
	    id), 1);
}
END_TEST

START_TEST(test_ca_add_refuses_bad_input_and_keeps_nothing)
{
	/* A name in use, an unknown algorithm, a bad name: exit 2. */
	ck_assert_int_eq(stack_sh(&st, CACTL " ca add bjca --algo sm2 "
	    "\"$STACK_DIR/ca\" 2> " T "/add1.err"), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'exists already' " T
	    "/add1.err"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " ca add zz --algo dsa "
	    "\"$STACK_DIR/ca\" 2> " T "/add2.err"), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'unknown algorithm' " T
	    "/add2.err"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " ca add Bad-Name --algo p256 "
	    "\"$STACK_DIR/ca\" 2>/dev/null"), 2);
	/* A key that cannot be read (a token without its PIN file). */
	ck_assert_int_eq(stack_sh(&st, "env -u CA_PIN_FILE " CACTL " ca add zz "
	    "--algo p256 --key-uri 'pkcs11:object=nowhere' \"$STACK_DIR/ca\" "
	    "2> " T "/add3.err"), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'nothing was kept' " T
	    "/add3.err"), 0);
	/* Nothing written: no directory, nothing published. */
	ck_assert_int_eq(stack_sh(&st, "ls -a \"$STACK_DIR/ca/cas\" | grep -q "
	    "zz || ls \"$STACK_DIR/ca/crl\" | grep -q '^zz'"), 1);
}
END_TEST

/*
 * A CA added with partitioned CRLs: its own shard series, named by its
 * certificates and published beside the other CAs' CRLs, and a revoked
 * certificate on its shard's CRL.  Its own daemon, stopped here.
 */
START_TEST(test_an_added_ca_has_its_own_crl_shards)
{
#define SHDIR	"\"$STACK_DIR/ca/cas/shardca\""
#define SHCTL	CACTL " -s " T "/shardca.sock"
	ck_assert_int_eq(stack_sh(&st, CACTL " ca add shardca --algo p256 "
	    "--crl-shards 4 \"$STACK_DIR/ca\" >/dev/null && grep -qx "
	    "'crl_shards = 4' " SHDIR "/ca.conf"), 0);
	ck_assert_int_eq(stack_sh(&st, "CA_PASSPHRASE_FILE=\"$STACK_DIR/"
	    "secrets/ca.pass\" \"$BINDIR/cad\" -c " SHDIR " -s " T
	    "/shardca.sock -n " T "/shardca-notify.sock >> \"$STACK_DIR/log/"
	    "cad-shardca.log\" 2>&1 & echo $! > " T "/shardca.pid; i=0; "
	    "while [ ! -S " T "/shardca.sock ]; do i=$((i + 1)); "
	    "[ $i -lt 150 ] || exit 1; sleep 0.1; done"), 0);
	/* Issued: its CDP is one of its own four shards' base CRLs. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl req -new -newkey "
	    "ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout sh.key -out "
	    "sh.csr -subj /CN=sh 2>/dev/null && " SHCTL " issue --csr sh.csr "
	    "--org '测试建设有限公司' --cn sh --order sh-1 --out sh.pem > "
	    "sh.serial 2>/dev/null && openssl x509 -in sh.pem -noout -text > "
	    "sh.txt && grep -Eq '/crl/shardca-s0[0-3]\\.crl' sh.txt && "
	    "s=$(grep -Eo 'shardca-s0[0-3]' sh.txt | head -1) && "
	    "[ -f \"$STACK_DIR/ca/crl/$s.crl\" ] && "
	    "[ -f \"$STACK_DIR/ca/crl/$s-delta.crl\" ] && echo $s > sh.shard"),
	    0);
	/* Revoked: on its shard's delta CRL within seconds. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && " SHCTL " revoke "
	    "$(cat sh.serial) --reason keyCompromise >/dev/null && i=0; "
	    "until openssl crl -inform DER -in \"$STACK_DIR/ca/crl/"
	    "$(cat sh.shard)-delta.crl\" -noout -text 2>/dev/null | grep -q "
	    "\"Serial Number: $(cat sh.serial)\"; do i=$((i + 1)); "
	    "[ $i -lt 50 ] || exit 1; sleep 0.1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, "kill -TERM $(cat " T "/shardca.pid) && "
	    "i=0; while kill -0 $(cat " T "/shardca.pid) 2>/dev/null; do "
	    "i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done"), 0);
#undef SHDIR
#undef SHCTL
}
END_TEST

/* Each CA's audit log names it in every record, and cactl says whose. */
START_TEST(test_every_audit_record_names_its_ca)
{
	/* The first CA of the stack is issuing-ca (cactl ca list above). */
	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " audit verify | grep -q "
	    "'^audit log intact: [0-9]* records of CA bjca, head '"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " " FIRST " audit verify | grep -q "
	    "'^audit log intact: [0-9]* records of CA issuing-ca, head '"), 0);
	/* cactl audit list: #id, time, CA, actor, operation, detail. */
	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " audit list -n 500 > "
	    T "/audit.out && awk -F'\t' '$3 != \"bjca\" { bad = 1 }"
	    " $4 ~ /^cactl:/ && $5 == \"init\" { init = 1 }"
	    " END { exit bad || !init }' " T "/audit.out"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " " FIRST " audit list -n 3 > " T
	    "/audit.out && [ $(wc -l < " T "/audit.out) = 3 ] && awk -F'\t'"
	    " '$3 != \"issuing-ca\" { bad = 1 } END { exit bad }' " T
	    "/audit.out"), 0);
	/* And the daemon's log line says it as well. */
	ck_assert_int_eq(stack_sh(&st, "grep -q 'audit #[0-9]* ca=bjca ' "
	    "\"$STACK_DIR/log/cad-bjca.log\""), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " " BJCA " audit list -n 0 "
	    "2>&1 | grep -q 'COUNT is 1 to 500'"), 0);
}
END_TEST

/* /healthz and /metrics ask each CA's daemon; its series say which. */
START_TEST(test_health_and_metrics_cover_each_ca)
{
	struct http	 h;

	ck_assert_int_eq(stack_curl(&st, "/healthz", NULL, &h), 0);
	ck_assert_msg(h.status == 200, "HTTP %d: %s", h.status, h.body);
	ck_assert(http_has(&h, "{\"ca\":\"\",\"daemon\":\"ok\""));
	ck_assert(http_has(&h, "{\"ca\":\"bjca\",\"daemon\":\"ok\","
	    "\"key_process\":\"ok\""));
	http_free(&h);
	ck_assert_int_eq(stack_curl(&st, "/metrics", NULL, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "careissue_ca_up{ca=\"\"} 1\n"));
	ck_assert(http_has(&h, "careissue_ca_up{ca=\"bjca\"} 1\n"));
	ck_assert(http_has(&h, "careissue_certificates_issued_total{"
	    "ca=\"bjca\"} "));
	http_free(&h);
	/* Only bjca's daemon stopped: its part is named, not the first's. */
	ck_assert_int_eq(stack_sh(&st, "kill -STOP $(cat \"$STACK_DIR/run/"
	    "cad-bjca.pid\")"), 0);
	ck_assert_int_eq(stack_curl(&st, "/healthz", NULL, &h), 0);
	ck_assert_int_eq(stack_sh(&st, "kill -CONT $(cat \"$STACK_DIR/run/"
	    "cad-bjca.pid\")"), 0);
	ck_assert_int_eq(h.status, 503);
	ck_assert(http_has(&h, "\"failed\":[{\"ca\":\"bjca\",\"part\":"
	    "\"daemon\"}]"));
	http_free(&h);
}
END_TEST

static void
up(void)
{
	char	 path[PATH_MAX + 16];

	/* As `make run` sets it up: CFCA first, BJCA an SM2 CA beside it. */
	setenv("CAS", "bjca:sm2:BJCA", 1);
	setenv("CA_VENDOR", "CFCA", 1);
	if (demo_up(&st) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s", st.appdb);
	if ((db = appdb_open(path)) == NULL)
		goto fail;
	if (demo_login(&st, 110 + C_APPLICANT, C_APPLICANT, "13900000001",
	    "admin", DEMO_USCC_A, csrf[C_APPLICANT]) == -1 ||
	    demo_cert_login(&st, &op) == -1)
		goto fail;
	memcpy(csrf[C_OP_SY], op.csrf, sizeof(csrf[C_OP_SY]));
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_multica: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	appdb_close(db);
	db = NULL;
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("multica");
	TCase	*tc = tcase_create("multica");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_each_vendor_is_issued_by_its_own_ca);
	tcase_add_test(tc, test_a_replacement_comes_from_the_original_ca);
	tcase_add_test(tc, test_ocsp_and_notices_answer_for_each_ca);
	tcase_add_test(tc, test_every_audit_record_names_its_ca);
	tcase_add_test(tc, test_an_added_ca_has_its_own_crl_shards);
	tcase_add_test(tc, test_a_stopped_ca_refuses_with_a_clear_message);
	tcase_add_test(tc, test_ca_add_refuses_bad_input_and_keeps_nothing);
	tcase_add_test(tc, test_health_and_metrics_cover_each_ca);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
