/*
 * check_pgconn.c: PostgreSQL as the stores will reach it (issue 20), on
 * real servers of Debian's postgresql started by tests/pg/pgtmp.sh in a
 * temporary directory: a primary and a streaming standby made with
 * pg_basebackup.  lib/pgconn.c connects only to a server that takes
 * writes, says which connection failed without its password, and with
 * every host and target_session_attrs=read-write follows the primary
 * when the standby is promoted; what the primary committed before it
 * stopped is on the promoted standby.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include "lib/pgconn.h"
#include "tests/integ/pgfix.h"

static char	 top[PATH_MAX], dir[PATH_MAX];
static char	 pri[1024], rep[1024], pw[128];
static int	 pport, rport;

/* The first line of file dir/name into buf. */
static void
line(const char *name, char *buf, size_t sz)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_msg((f = fopen(path, "r")) != NULL, "no %s", path);
	ck_assert_ptr_nonnull(fgets(buf, (int)sz, f));
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

/* One value of a query on conninfo ci, into buf. */
static void
query(const char *ci, const char *sql, char *buf, size_t sz)
{
	char	 err[PGCONN_ERR_MAX];
	PGconn	*c = pgconn_open(ci, err, sizeof(err));
	PGresult *r;

	ck_assert_msg(c != NULL, "%s", err);
	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK ||
	    PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql,
	    PQerrorMessage(c));
	snprintf(buf, sz, "%s", PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	PQfinish(c);
}

START_TEST(test_the_primary_takes_writes)
{
	char	 v[64];

	query(pri, "CREATE TABLE IF NOT EXISTS t (x int)", v, sizeof(v));
	query(pri, "INSERT INTO t VALUES (1) RETURNING x", v, sizeof(v));
	ck_assert_str_eq(v, "1");
}
END_TEST

START_TEST(test_messages_name_the_connection_not_its_password)
{
	char	 ci[1024], err[PGCONN_ERR_MAX], want[256];
	PGconn	*c;

	pgconn_describe(pri, err, sizeof(err));
	snprintf(want, sizeof(want), "host=127.0.0.1 port=%d dbname=careissue "
	    "user=careissue (password hidden)", pport);
	ck_assert_str_eq(err, want);

	/* Nothing listens there: refused, said with the connection. */
	snprintf(ci, sizeof(ci), "host=127.0.0.1 port=1 dbname=careissue "
	    "user=careissue password=%s", pw);
	ck_assert_ptr_null(c = pgconn_open(ci, err, sizeof(err)));
	ck_assert_msg(strncmp(err, "cannot connect to PostgreSQL at "
	    "host=127.0.0.1 port=1 dbname=careissue user=careissue (password "
	    "hidden): ", 98) == 0, "%s", err);
	ck_assert_ptr_null(strstr(err, pw));

	/* A wrong password: libpq's reason, and still no password. */
	snprintf(ci, sizeof(ci), "host=127.0.0.1 port=%d dbname=careissue "
	    "user=careissue password=wrong-%s", pport, pw);
	ck_assert_ptr_null(c = pgconn_open(ci, err, sizeof(err)));
	ck_assert_msg(strstr(err, "password authentication failed") != NULL,
	    "%s", err);
	ck_assert_ptr_null(strstr(err, pw));

	ck_assert_ptr_null(c = pgconn_open("host=127.0.0.1 port='", err,
	    sizeof(err)));
	ck_assert_msg(strstr(err, "not one libpq reads") != NULL, "%s", err);
}
END_TEST

START_TEST(test_a_standby_is_refused_and_the_primary_found)
{
	char	 ci[1024], err[PGCONN_ERR_MAX], v[64];
	PGconn	*c;

	/* The standby has what the primary committed (streaming)... */
	query(pri, "INSERT INTO t VALUES (2) RETURNING x", v, sizeof(v));
	ck_assert_int_eq(pgfix_sh("i=0; until [ \"$(psql -XAtq '%s' -c 'SELECT "
	    "count(*) FROM t WHERE x = 2' 2>/dev/null)\" = 1 ]; do "
	    "i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done", rep),
	    0);
	/* ... but takes no writes: refused at once, said why. */
	ck_assert_ptr_null(c = pgconn_open(rep, err, sizeof(err)));
	ck_assert_msg(strstr(err, "takes no writes") != NULL, "%s", err);
	/* Both hosts, read-write wanted: libpq picks the primary. */
	snprintf(ci, sizeof(ci), "host=127.0.0.1,127.0.0.1 port=%d,%d "
	    "dbname=careissue user=careissue password=%s "
	    "target_session_attrs=read-write", rport, pport, pw);
	query(ci, "SELECT inet_server_port()", v, sizeof(v));
	ck_assert_int_eq(atoi(v), pport);
}
END_TEST

START_TEST(test_after_a_failover_the_same_string_finds_the_new_primary)
{
	char	 ci[1024], v[64];
	int	 i;

	for (i = 0; i < 100; i++)
		query(pri, "INSERT INTO t VALUES (3) RETURNING x", v,
		    sizeof(v));
	/* The primary stops (its last WAL goes to the standby first)... */
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p'", top,
	    dir), 0);
	/* ... and the standby is promoted. */
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' promote '%s/r'", top,
	    dir), 0);
	snprintf(ci, sizeof(ci), "host=127.0.0.1,127.0.0.1 port=%d,%d "
	    "dbname=careissue user=careissue password=%s "
	    "target_session_attrs=read-write", pport, rport, pw);
	query(ci, "SELECT inet_server_port()", v, sizeof(v));
	ck_assert_int_eq(atoi(v), rport);
	/* Nothing the primary committed is lost, and it takes writes. */
	query(ci, "SELECT count(*) FROM t WHERE x = 3", v, sizeof(v));
	ck_assert_str_eq(v, "100");
	query(ci, "INSERT INTO t VALUES (4) RETURNING x", v, sizeof(v));
	ck_assert_str_eq(v, "4");
}
END_TEST

static void
up(void)
{
	char		 v[64], *p;

	pgfix_up("pgconn", top, dir, pri, sizeof(pri));
	if (pgfix_sh("'%s/tests/pg/pgtmp.sh' replica '%s/p' '%s/r'", top, dir,
	    dir) != 0) {
		fprintf(stderr, "check_pgconn: FAILED to start the standby "
		    "(tests/pg/pgtmp.sh replica)\n");
		pgfix_down(top, dir);
		exit(EXIT_FAILURE);
	}
	line("r/conninfo", rep, sizeof(rep));
	line("p/port", v, sizeof(v));
	pport = atoi(v);
	line("r/port", v, sizeof(v));
	rport = atoi(v);
	if ((p = strstr(pri, "password=")) != NULL)
		snprintf(pw, sizeof(pw), "%s", p + 9);
}

static void
down(void)
{
	pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/r'", top, dir);
	pgfix_down(top, dir);
}

int
main(void)
{
	Suite	*s = suite_create("pgconn");
	TCase	*tc = tcase_create("postgresql");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_the_primary_takes_writes);
	tcase_add_test(tc, test_messages_name_the_connection_not_its_password);
	tcase_add_test(tc, test_a_standby_is_refused_and_the_primary_found);
	tcase_add_test(tc,
	    test_after_a_failover_the_same_string_finds_the_new_primary);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
