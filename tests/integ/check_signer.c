/*
 * check_signer.c: two signing daemons on one CA store, as on two hosts
 * with the same key (README "One signer at a time").  The stack's cad
 * holds the signing role; a second cad started on the same CA directory
 * and store, with its own sockets, name and key process, waits as a
 * standby.  When the first is killed with SIGKILL in the middle of an
 * issuance burst, the standby takes over within 10 s: every certificate
 * a client was given is in the store, no serial twice, the revocation
 * committed before the kill is on the new signer's CRL, whose number is
 * higher than any the first published, and the audit chain is whole and
 * records both takings; each certificate, revocation and the CRL number
 * carries the token of the signer that wrote it, the standby's higher.
 * A signer that stalls (SIGSTOP) past its lease while the standby takes
 * over writes nothing once it runs again and stops by itself.
 *
 * With STACK_DB=pg the CA store is in the stack's PostgreSQL (a schema
 * of a server of tests/pg/pgtmp.sh; tools/stack.sh's cactl init
 * --store), and the second cad runs on a copy of the
 * CA directory, as on a second host with the same key: the two share
 * the store through ca.conf's store alone, and the CRL directory that
 * ca.conf names (shared storage).
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define B	"\"$STACK_DIR/b\""
#define CACTL_A	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CACTL_B	"\"$BINDIR/cactl\" -s \"$STACK_DIR/b/cad.sock\""
#define CRLPEM	"\"$STACK_DIR/ca/crl/issuing-ca.crl.pem\""
#define ORDER	"--org '测试建设有限公司' --ou '工程部'"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T " " B " && openssl req -new -newkey "
	    "ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " T "/k.pem "
	    "-out " T "/r.csr -subj '/CN=burst' 2>/dev/null && openssl req -new "
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " T
	    "/k2.pem -out " T "/r2.csr -subj '/CN=new' 2>/dev/null") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_signer: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	/* The second daemon, if a test left it running. */
	(void)stack_sh(&st, "[ -f " B "/cad.pid ] && kill $(cat " B
	    "/cad.pid) 2>/dev/null; sleep 0.5; true");
	stack_down(&st);
}

/*
 * Starts the second cad on the stack's CA as signer "host-b": on the
 * stack's CA directory, or with the store in PostgreSQL on a copy of it
 * (another host's), which shares the store through ca.conf alone.
 */
static void
start_b(void)
{
	const char	*ca = stack_pg(&st) ? B "/ca" : "\"$STACK_DIR/ca\"";

	if (stack_pg(&st))
		ck_assert(stack_sh(&st, "[ -d " B "/ca ] || { mkdir " B
		    "/ca && (cd \"$STACK_DIR/ca\" && tar cf - "
		    "--exclude=./notify.sock --exclude=./db --exclude=./ca.db "
		    ".) | (cd " B "/ca && tar xpf -); } && ! [ -e " B
		    "/ca/ca.db ] && grep -q '^store = ' " B "/ca/ca.conf")
		    == 0);
	ck_assert(stack_sh(&st, "rm -f " B "/cad.sock " B "/notify.sock; "
	    "CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" "
	    "\"$BINDIR/cad\" -c %s -s " B "/cad.sock "
	    "-n " B "/notify.sock -u careissue-ca -k careissue-key "
	    "-L host-b >> " B "/cad.log 2>&1 & echo $! > " B "/cad.pid", ca)
	    == 0);
}

/*
 * Waits up to secs for the shell condition fmt (printf-style) to hold,
 * asking every 0.1 s; 0, or -1 if it never did.
 */
static int	until_true(int secs, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

static int
until_true(int secs, const char *fmt, ...)
{
	char	 cond[4096];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(cond, sizeof(cond), fmt, ap);
	va_end(ap);
	ck_assert(n > 0 && (size_t)n < sizeof(cond));
	return stack_sh(&st, "i=0; until %s; do i=$((i + 1)); [ $i -lt %d ] "
	    "|| exit 1; sleep 0.1; done", cond, secs * 10) == 0 ? 0 : -1;
}

/* Waits up to secs for file (shell words) to contain text; 0 or -1. */
static int
wait_for(const char *file, const char *text, int secs)
{
	return until_true(secs, "grep -qF '%s' %s 2>/dev/null", text, file);
}

/* Waits up to 10 s for the second cad to answer. */
#define B_ANSWERS()	until_true(10, CACTL_B " ping > /dev/null 2>&1")

/* The number of the CRL at CRLPEM now. */
static long
crl_number(void)
{
	char	 path[PATH_MAX + 16], *txt;
	long	 n = -1;

	ck_assert(stack_sh(&st, "openssl crl -in " CRLPEM " -noout "
	    "-crlnumber | sed 's/^crlNumber=//' > " T "/crlno") == 0);
	snprintf(path, sizeof(path), "%s/t/crlno", st.dir);
	if ((txt = stack_slurp(path, NULL)) != NULL) {
		n = strtol(txt, NULL, 16);
		free(txt);
	}
	return n;
}

/*
 * The integer sql (one value) answers on the CA store: SQLite's ca.db,
 * or the PostgreSQL schema ca.conf's store names; -1 if none.
 */
static long
store_int(const char *sql)
{
	char	 path[PATH_MAX + 16], *txt;
	long	 n = -1;

	ck_assert(stack_sh(&st, "c=$(sed -n 's/^store = //p' "
	    "\"$STACK_DIR/ca/ca.conf\"); if [ -n \"$c\" ]; then psql -XAtq "
	    "-v ON_ERROR_STOP=1 -d \"$c\" -c '%s'; else sqlite3 -readonly "
	    "-cmd '.timeout 5000' \"$STACK_DIR/ca/ca.db\" '%s'; fi > " T
	    "/sql.out", sql, sql) == 0);
	snprintf(path, sizeof(path), "%s/t/sql.out", st.dir);
	if ((txt = stack_slurp(path, NULL)) != NULL) {
		if (*txt != '\0')
			n = strtol(txt, NULL, 10);
		free(txt);
	}
	return n;
}

/* The fencing token `cactl show` gives (through the second cad) for
 * the certificate whose serial is in the file T/f: "issue" or "revoke". */
#define TOKEN_OF(what, f) \
	"$(" CACTL_B " show $(cat " T "/" f ") | sed -n 's/^" what \
	" token: *//p')"

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_the_standby_takes_over_when_the_signer_is_killed)
{
	long	 a_crl, b_crl, pid;
	double	 t0, took;

	/* The stack's cad took the role when it started. */
	ck_assert(stack_sh(&st, CACTL_A " audit list | grep -q "
	    "'signer-take.*token=1'") == 0);
	start_b();
	ck_assert_msg(wait_for(B "/cad.log", "standby: the signing role is "
	    "held by", 15) == 0, "the second cad does not say it waits");
	/* A standby answers at once that it is one, and who holds the
	 * role: it does not leave its clients to time out. */
	ck_assert(stack_sh(&st, "timeout 5 " CACTL_B " ping > " T
	    "/standby.out 2>&1; rc=$?; [ $rc -ne 0 ] && [ $rc -ne 124 ]") ==
	    0);
	ck_assert_msg(stack_sh(&st, "grep -q 'standby: this signer (host-b) "
	    "is a standby: the signing role is held by ' " T "/standby.out") ==
	    0, "the standby's answer does not say so");
	/* And writes nothing: what it was asked is not done. */
	ck_assert(stack_sh(&st, "timeout 5 " CACTL_B " issue --csr " T
	    "/r.csr " ORDER " --cn standby --order standby > /dev/null 2>&1; "
	    "rc=$?; [ $rc -ne 0 ] && [ $rc -ne 124 ]") == 0);
	ck_assert(stack_sh(&st, CACTL_A " list --subject standby | grep -q "
	    "standby") != 0);

	/* Work before the burst: one certificate revoked, and 40 to be
	 * replaced in the burst. */
	ck_assert(stack_sh(&st, CACTL_A " issue --csr " T "/r.csr " ORDER
	    " --cn before --order before --out " T "/before.pem > " T
	    "/before.serial") == 0);
	ck_assert(stack_sh(&st, CACTL_A " revoke $(cat " T "/before.serial) "
	    "--reason keyCompromise") == 0);
	ck_assert(stack_sh(&st, "for i in $(seq 0 39); do " CACTL_A " issue "
	    "--csr " T "/r.csr " ORDER " --cn base$i --order base-$i --out "
	    "/dev/null > " T "/base$i || exit 1; done") == 0);
	ck_assert(until_true(5, "openssl crl -in " CRLPEM " -noout -text | "
	    "tr -d ' \\n' | grep -qi \"SerialNumber:$(cat " T
	    "/before.serial)\"") == 0);
	ck_assert_int_gt(crl_number(), 0);

	/*
	 * The burst: four clients replace ten certificates each (补办:
	 * the old one revoked, a new one issued, one order each); SIGKILL
	 * once eight are done.  A client records each new serial, or a
	 * failure, and goes on.
	 */
	ck_assert(stack_sh(&st, "for c in 0 1 2 3; do ( for j in $(seq 0 9); "
	    "do i=$((c * 10 + j)); if s=$(" CACTL_A " reissue --serial "
	    "$(cat " T "/base$i) --reason keyCompromise --order re-$i "
	    "--csr " T "/r2.csr --out /dev/null 2>/dev/null); then echo "
	    "\"$i $s\" >> " T "/burst.out; else echo $i >> " T
	    "/burst.fail; fi; done; echo $c >> " T "/burst.end ) "
	    "> /dev/null 2>&1 & done") == 0);
	ck_assert(until_true(10, "[ $(cat " T "/burst.out 2>/dev/null | "
	    "wc -l) -ge 8 ]") == 0);
	pid = stack_pid(&st, "cad");
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kill((pid_t)pid, SIGKILL), 0);
	t0 = now_s();
	/* The last CRL the killed signer published: the standby publishes
	 * only once it holds the role, seconds from now. */
	a_crl = crl_number();

	ck_assert_msg(wait_for(B "/cad.log", "signer host-b holds the "
	    "signing role (token 2)", 10) == 0, "no takeover within 10 s");
	ck_assert(B_ANSWERS() == 0);
	took = now_s() - t0;
	fprintf(stderr, "check_signer: the standby serves %.1f s after the "
	    "kill\n", took);
	ck_assert_msg(took < 10.0, "takeover took %.1f s", took);

	/* Its first CRL: a higher number, and every revocation committed
	 * before the kill (the one before the burst, and each certificate
	 * replaced on the killed signer). */
	b_crl = crl_number();
	ck_assert_msg(b_crl > a_crl, "CRL #%ld after #%ld", b_crl, a_crl);
	ck_assert(stack_sh(&st, "openssl crl -in " CRLPEM " -noout -text | "
	    "tr -d ' ' | sed -n 's/^SerialNumber://p' | tr a-f A-F | sort "
	    "> " T "/first.crl && { tr a-f A-F < " T "/before.serial; "
	    "for i in $(cut -d' ' -f1 " T "/burst.out); do tr a-f A-F < " T
	    "/base$i; done; } | sort | comm -23 - " T "/first.crl | wc -l | "
	    "grep -qx 0") == 0);
	ck_assert(until_true(30, "[ $(wc -l < " T "/burst.end) -eq 4 ]")
	    == 0);

	/*
	 * The clients try every replacement again through the new signer,
	 * with the same orders: each gets a certificate, the very one it
	 * was given before the kill where there was one (same order, same
	 * certificate), and no serial appears twice.
	 */
	ck_assert(stack_sh(&st, "for i in $(seq 0 39); do s=$(" CACTL_B
	    " reissue --serial $(cat " T "/base$i) --reason keyCompromise "
	    "--order re-$i --csr " T "/r2.csr --out /dev/null) || exit 1; "
	    "echo \"$i $s\"; done > " T "/retry.out") == 0);
	ck_assert(stack_sh(&st, "[ $(wc -l < " T "/burst.out) -ge 8 ] && "
	    "sort " T "/burst.out > " T "/a && sort " T "/retry.out > " T
	    "/b && [ -z \"$(comm -23 " T "/a " T "/b)\" ] && "
	    "cut -d' ' -f2 " T "/b | sort | uniq -d | wc -l | grep -qx 0")
	    == 0);
	/* Every one of them is in the store. */
	ck_assert(stack_sh(&st, CACTL_B " list --limit 100000 | awk '{print "
	    "$1}' | tr a-f A-F | sort > " T "/stored && cut -d' ' -f2 " T
	    "/b | tr a-f A-F | sort | comm -23 - " T "/stored | wc -l | "
	    "grep -qx 0") == 0);

	/*
	 * Each row says under whose term it was written (the signing
	 * role's token, schema 9): what the first signer did carries 1,
	 * what the standby did after taking over 2.  A replacement is one
	 * transaction, so the old certificate's revocation and the new one
	 * carry the same token; those a client got before the kill are the
	 * first signer's, and at least one is the standby's.
	 */
	ck_assert(stack_sh(&st, "[ " TOKEN_OF("issue", "before.serial")
	    " = 1 ] && [ " TOKEN_OF("revoke", "before.serial") " = 1 ] && "
	    "for i in $(seq 0 39); do [ " TOKEN_OF("issue", "base$i")
	    " = 1 ] || exit 1; done") == 0);
	ck_assert(stack_sh(&st, "while read i s; do echo $s > " T "/s; "
	    "echo \"$i " TOKEN_OF("issue", "s") " " TOKEN_OF("revoke",
	    "base$i") "\"; done < " T "/retry.out > " T "/tokens && "
	    "awk '$2 != $3 || ($2 != 1 && $2 != 2) { bad = 1 } $2 == 2 "
	    "{ n++ } END { exit bad || n == 0 }' " T "/tokens && "
	    "for i in $(cut -d' ' -f1 " T "/burst.out); do grep -qx \"$i 1 "
	    "1\" " T "/tokens || exit 1; done") == 0);
	/* The CRL number was last taken by the standby. */
	ck_assert_int_eq(store_int("SELECT token FROM crl_state"), 2);

	/* Within seconds its CRL has all 40 replaced certificates. */
	ck_assert(stack_sh(&st, "for f in before.serial $(seq -f base%%g 0 "
	    "39); do tr a-f A-F < " T "/$f; done | sort > " T "/want") == 0);
	ck_assert(until_true(5, "openssl crl -in " CRLPEM " -noout -text | "
	    "tr -d ' ' | sed -n 's/^SerialNumber://p' | tr a-f A-F | sort | "
	    "comm -23 " T "/want - | wc -l | grep -qx 0") == 0);
	ck_assert_int_gt(crl_number(), b_crl);

	/* It issues and revokes; the audit chain is whole and names both
	 * takings. */
	ck_assert(stack_sh(&st, CACTL_B " issue --csr " T "/r.csr " ORDER
	    " --cn after --order after --out " T "/after.pem > " T
	    "/after.serial && " CACTL_B " revoke $(cat " T "/after.serial) "
	    "--reason superseded && " CACTL_B " audit verify | grep -q "
	    "'audit log intact' && " CACTL_B " audit list -n 500 | grep "
	    "-q 'signer-take.*holder=host-b token=2'") == 0);
	ck_assert(stack_sh(&st, "[ " TOKEN_OF("issue", "after.serial")
	    " = 2 ] && [ " TOKEN_OF("revoke", "after.serial") " = 2 ]") ==
	    0);
	ck_assert_int_eq(store_int("SELECT token FROM crl_state"), 2);
}
END_TEST

START_TEST(test_a_stalled_signer_is_fenced_and_stops)
{
	long	 pid;

	pid = stack_pid(&st, "cad");
	ck_assert_int_gt(pid, 0);
	start_b();
	ck_assert(wait_for(B "/cad.log", "standby: the signing role", 15)
	    == 0);

	/* The signer stalls past its lease; the standby takes over. */
	ck_assert_int_eq(kill((pid_t)pid, SIGSTOP), 0);
	ck_assert_msg(wait_for(B "/cad.log", "holds the signing role "
	    "(token 2)", 15) == 0, "the standby did not take over");
	ck_assert(B_ANSWERS() == 0);
	ck_assert(stack_sh(&st, CACTL_B " status | grep '^certs:' > " T
	    "/certs.before") == 0);

	/* It runs again: what it is asked fails, nothing is stored, and it
	 * stops by itself, saying why. */
	ck_assert_int_eq(kill((pid_t)pid, SIGCONT), 0);
	(void)stack_sh(&st, "timeout 10 " CACTL_A " issue --csr " T
	    "/r.csr " ORDER " --cn stale --order stale > /dev/null 2> " T
	    "/stale.err");
	ck_assert(wait_for("\"$STACK_DIR/log/cad.log\"", "lost the signing "
	    "role", 10) == 0);
	ck_assert(until_true(10, "! kill -0 %ld 2>/dev/null", pid) == 0);
	ck_assert(stack_sh(&st, CACTL_B " status | grep '^certs:' | "
	    "cmp -s - " T "/certs.before") == 0);
	ck_assert(stack_sh(&st, CACTL_B " audit verify | grep -q "
	    "'audit log intact'") == 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("signer");
	TCase	*tc = tcase_create("signer");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_the_standby_takes_over_when_the_signer_is_killed);
	tcase_add_test(tc, test_a_stalled_signer_is_fenced_and_stops);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
