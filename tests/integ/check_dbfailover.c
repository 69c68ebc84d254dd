/*
 * check_dbfailover.c: the web service when its PostgreSQL goes away, from
 * the visitor's side and the operator's (issue 20: "the database itself
 * fails over", and its failure clauses), on a stack whose app database is
 * in PostgreSQL (STACK_DB=pg; the suite sets it) through real nginx and
 * workers:
 *
 * - webd refuses to start on a database it cannot use (out of reach, or
 *   a standby): exit 2 and a line naming the connection, never its
 *   password;
 * - while the server is down, pages answer 503 (服务暂不可用), the
 *   signing daemon (its store in the same server) answers that its
 *   store is out of reach and issues nothing, a cad started then exits 2
 *   naming the store without its password; once the server is back the
 *   same session goes on and the same order issues, by themselves;
 * - with a synchronous streaming replica (tests/pg/pgtmp.sh replica
 *   --sync) and the service given both hosts with
 *   target_session_attrs=read-write, the primary killed under load and
 *   the replica promoted: every session and audit record committed
 *   before the kill is there, the service resumes without a restart, and
 *   new writes land on the new primary; the signing daemon, given both
 *   hosts for its store too, hands out the certificate it issued before
 *   the kill for the same order again, its audit chain whole.
 *
 * What a transaction cut by the lost connection leaves (nothing) is
 * check_appdbpg's, at the layer where it is decided.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"

#define PGTMP		"\"$TOP/tests/pg/pgtmp.sh\""
#define CACTL		"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define T		"\"$STACK_DIR/t\""

static struct stack	 st;

/* The demo people who log in, one cookie jar each. */
static const struct {
	const char	*mobile;
	const char	*role;
	const char	*uscc;
} people[] = {
	{ "13900000001", "admin", DEMO_USCC_A },
	{ "13900000002", "project_lead", DEMO_USCC_A },
	{ "13900000003", "admin", DEMO_USCC_B },
	{ "13900000005", "personal", "" },
};
#define NPEOPLE	(int)(sizeof(people) / sizeof(people[0]))

static void
login(int jar)
{
	char	 csrf[65];
	int	 k = jar % NPEOPLE;

	ck_assert_msg(demo_login(&st, 10 + jar, jar, people[k].mobile,
	    people[k].role, people[k].uscc, csrf) == 0, "login of jar %d",
	    jar);
}

/* GET /certs as jar's visitor: the status. */
static int
certs_status(int jar, struct http *h)
{
	char	 args[256];

	snprintf(args, sizeof(args), "--interface 127.0.0.%d -b " T "/jar-%d",
	    10 + jar, jar);
	memset(h, 0, sizeof(*h));
	ck_assert_int_eq(stack_curl(&st, "/certs", args, h), 0);
	return h->status;
}

/* Runs webd as the stack does, but on the database dbexpr (a shell
 * word); its exit code, its standard error in $STACK_DIR/t/webd.err. */
static int
webd_on(const char *dbexpr)
{
	return stack_sh(&st, "\"$BINDIR/webd\" -s \"$STACK_DIR/run/t.sock\" "
	    "-d %s -x \"$TOP/xsl\" -c \"$STACK_DIR/run/cad-web.sock\" "
	    "-u \"$STACK_DIR/uploads\" -k \"$STACK_DIR/secrets/app.key\" "
	    "-C \"$STACK_DIR/ca/chain.pem\" -U careissue-web "
	    "-N careissue-www 2> " T "/webd.err", dbexpr);
}

START_TEST(test_webd_refuses_a_database_it_cannot_use)
{
	/* Out of reach: nothing listens on that port. */
	ck_assert_int_eq(webd_on("\"host=127.0.0.1 port=$(cat "
	    "\"$STACK_DIR/pg/port\")9 dbname=careissue user=careissue "
	    "password=Zq7SecretWord connect_timeout=3\""), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'cannot connect to PostgreSQL "
	    "at host=127.0.0.1 port=[0-9]*9 dbname=careissue user=careissue "
	    "(password hidden)' " T "/webd.err"), 0);
	ck_assert_int_ne(stack_sh(&st, "grep -q Zq7SecretWord " T
	    "/webd.err"), 0);
	/* A standby takes no writes: refused, saying what to give. */
	ck_assert_int_eq(stack_sh(&st, PGTMP " replica --sync "
	    "\"$STACK_DIR/pg\" \"$STACK_DIR/pg2\" > " T "/replica.log 2>&1"),
	    0);
	ck_assert_int_eq(webd_on("\"$(cat \"$STACK_DIR/pg2/conninfo\")\""), 2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'takes no writes (a standby' "
	    T "/webd.err && ! grep -q 'password=' " T "/webd.err"), 0);
	/* As the web user it may not remove its socket from run/ (root's,
	 * as stack.sh's start does for webd.sock). */
	ck_assert_int_eq(stack_sh(&st, "rm -f \"$STACK_DIR/run/t.sock\""), 0);
}
END_TEST

START_TEST(test_pages_answer_503_while_the_database_is_away)
{
	struct http	 h;

	login(1);
	ck_assert_int_eq(certs_status(1, &h), 200);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/k.pem -out " T
	    "/r.csr -subj '/CN=away' 2>/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, PGTMP " stop \"$STACK_DIR/pg\""), 0);
	ck_assert_int_eq(certs_status(1, &h), 503);
	ck_assert(http_has(&h, "服务暂不可用"));
	http_free(&h);
	/* Again: each request tries, none hangs on the last one. */
	ck_assert_int_eq(certs_status(1, &h), 503);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'the database is out of reach: "
	    "HTTP 503 for /certs' \"$STACK_DIR/log/webd.log\""), 0);
	/* The signing daemon's store is in the same server: it answers
	 * that, and issues nothing. */
	ck_assert_int_ne(stack_sh(&st, CACTL " issue --csr " T "/r.csr --org "
	    "'测试建设有限公司' --cn away --order away > " T "/away.pem 2> " T
	    "/away.err"), 0);
	ck_assert_int_eq(stack_sh(&st, "grep -q \"the CA store's database is "
	    "out of reach; nothing was done\" " T "/away.err"), 0);
	/* A cad started now refuses, naming the store without its
	 * password: exit 2. */
	ck_assert_int_eq(stack_sh(&st, "CA_PASSPHRASE_FILE=\"$STACK_DIR/"
	    "secrets/ca.pass\" timeout 20 \"$BINDIR/cad\" -c \"$STACK_DIR/ca\" "
	    "-s " T "/cad2.sock -n " T "/notify2.sock > " T "/cad2.log 2>&1"),
	    2);
	ck_assert_int_eq(stack_sh(&st, "grep -q 'cannot open or migrate the CA "
	    "store host=127.0.0.1 port=[0-9]* dbname=careissue user=careissue "
	    "(password hidden)' " T "/cad2.log && ! grep -q 'password=' " T
	    "/cad2.log"), 0);
	/* Back: the same session goes on, and the same order issues, with
	 * no restart of anything. */
	ck_assert_int_eq(stack_sh(&st, PGTMP " restart \"$STACK_DIR/pg\""), 0);
	ck_assert_int_eq(certs_status(1, &h), 200);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, CACTL " issue --csr " T "/r.csr --org "
	    "'测试建设有限公司' --cn away --order away > " T "/away.pem && "
	    "openssl verify -CAfile \"$STACK_DIR/ca/chain.pem\" " T
	    "/away.pem > /dev/null"), 0);
}
END_TEST

START_TEST(test_service_follows_the_database_to_the_promoted_replica)
{
	struct http	 h;
	struct timespec	 t0, t1;
	long long	 sessions, audit;
	char		 q[256];
	int		 jar, status = 0;

	/* Both hosts, the primary first; libpq takes the one that writes. */
	ck_assert_int_eq(stack_sh(&st, "\"$TOP/tools/stack.sh\" stop "
	    "\"$STACK_DIR\" >/dev/null && p1=$(cat \"$STACK_DIR/pg/port\") && "
	    "p2=$(cat \"$STACK_DIR/pg2/port\") && sed \"s/host=127.0.0.1 "
	    "port=$p1/host=127.0.0.1,127.0.0.1 port=$p1,$p2/; s/$/ "
	    "target_session_attrs=read-write connect_timeout=3/\" "
	    "\"$STACK_DIR/pg/conninfo\" > \"$STACK_DIR/appdb\" && "
	    "for f in \"$STACK_DIR/ca/ca.conf\" \"$STACK_DIR\"/ca/cas/*/"
	    "ca.conf; do [ ! -f \"$f\" ] || { sed -i \"s/^store = "
	    "host=127.0.0.1 port=$p1 \\(.*\\)$/store = host=127.0.0.1,"
	    "127.0.0.1 port=$p1,$p2 \\1 target_session_attrs=read-write "
	    "connect_timeout=3/\" \"$f\" && grep -q \"^store = .*port=$p1,$p2 "
	    "\" \"$f\"; } || exit 1; done && "
	    "\"$TOP/tools/stack.sh\" start \"$STACK_DIR\" >/dev/null"), 0);
	/* Load: people log in (sessions, audit records), then the primary
	 * is lost as a host is: SIGKILL, no shutdown. */
	for (jar = 2; jar < 8; jar++)
		login(jar);
	sessions = demo_sql_int(&st, "SELECT count(*) FROM session");
	audit = demo_sql_int(&st, "SELECT count(*) FROM audit");
	ck_assert_int_ge(sessions, 6);
	/* And a certificate issued for an order. */
	ck_assert_int_eq(stack_sh(&st, CACTL " issue --csr " T "/r.csr --org "
	    "'测试建设有限公司' --cn before --order before > " T "/before.pem"),
	    0);
	ck_assert_int_eq(stack_sh(&st, PGTMP " kill \"$STACK_DIR/pg\""), 0);
	/* No server takes writes: unavailable, not broken. */
	ck_assert_int_eq(certs_status(2, &h), 503);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, PGTMP " promote \"$STACK_DIR/pg2\""), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		status = certs_status(2, &h);
		http_free(&h);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (status != 200) {
			struct timespec	 d = { 0, 200000000 };

			nanosleep(&d, NULL);
		}
	} while (status != 200 && t1.tv_sec - t0.tv_sec < 30);
	ck_assert_int_eq(status, 200);
	fprintf(stderr, "check_dbfailover: service resumed %.1f s after the "
	    "promotion\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* Nothing committed before the kill is lost: every session still
	 * logs its visitor in, and the records are all there. */
	for (jar = 2; jar < 8; jar++) {
		ck_assert_int_eq(certs_status(jar, &h), 200);
		http_free(&h);
	}
	ck_assert_int_ge(demo_sql_int(&st, "SELECT count(*) FROM session"),
	    sessions);
	ck_assert_int_ge(demo_sql_int(&st, "SELECT count(*) FROM audit"),
	    audit);
	/* The signing daemon followed too, with nothing lost: the same
	 * order gives the same certificate, and its audit chain verifies.
	 * (Its first try may find the old connection dead.) */
	ck_assert_int_eq(stack_sh(&st, "i=0; until " CACTL " issue --csr " T
	    "/r.csr --org '测试建设有限公司' --cn before --order before > " T
	    "/after.pem 2>/dev/null; do i=$((i + 1)); [ $i -lt 100 ] || exit "
	    "1; sleep 0.2; done && cmp -s " T "/before.pem " T "/after.pem && "
	    CACTL " audit verify > /dev/null"), 0);
	/* Writes go on, on the new primary (the one that is not in
	 * recovery: the old one is dead). */
	login(8);
	snprintf(q, sizeof(q), "SELECT count(*) FROM session");
	ck_assert_int_gt(demo_sql_int(&st, "%s", q), sessions);
	ck_assert_int_eq(stack_sh(&st, "[ \"$(psql -XAtq -d \"$(cat "
	    "\"$STACK_DIR/pg2/conninfo\")\" -c 'SELECT pg_is_in_recovery()')\" "
	    "= f ]"), 0);
}
END_TEST

static void
up(void)
{
	/* This suite is about PostgreSQL whatever the caller chose. */
	setenv("STACK_DB", "pg", 1);
	if (demo_up(&st) != 0) {
		fprintf(stderr, "check_dbfailover: the stack did not start\n");
		stack_down(&st);
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	if (st.dir[0] != '\0')
		stack_sh(&st, "[ ! -f \"$STACK_DIR/pg2/port\" ] || " PGTMP
		    " stop \"$STACK_DIR/pg2\" >/dev/null 2>&1");
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("dbfailover");
	TCase	*tc = tcase_create("postgresql");
	SRunner	*sr;
	int	 failed;

	/* One stack, in this order: the replica of the first test is the
	 * new primary of the last. */
	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_webd_refuses_a_database_it_cannot_use);
	tcase_add_test(tc, test_pages_answer_503_while_the_database_is_away);
	tcase_add_test(tc,
	    test_service_follows_the_database_to_the_promoted_replica);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
