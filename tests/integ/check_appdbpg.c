/*
 * check_appdbpg.c: the app database on PostgreSQL (lib/dbpg.c), on a
 * real server of Debian's postgresql started by tests/pg/pgtmp.sh in a
 * temporary directory.  What fcgi/db/db.h promises on SQLite holds here
 * too: the schema is made once, at version 15, and a newer one is
 * refused untouched; a write transaction shuts other writers out from
 * its start; a snapshot sees one moment; a constraint is refused and a
 * refused change inside a transaction leaves the rest of it; the audit
 * log is append-only and its chain verifies; messages never show the
 * password.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "fcgi/appdb.h"
#include "tests/integ/pgfix.h"

static char	 top[PATH_MAX], dir[PATH_MAX];
static char	 ci[1024];

/* One value of psql's answer to sql, as a number. */
static long long
psql_int(const char *sql)
{
	char	 cmd[2048], buf[64] = "";
	FILE	*p;

	snprintf(cmd, sizeof(cmd), "psql -XAtq -d '%s' -c \"%s\"", ci, sql);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), p));
	ck_assert_int_eq(pclose(p), 0);
	return atoll(buf);
}

static struct appdb *
open_ok(void)
{
	struct appdb	*db = appdb_open(ci);

	ck_assert_msg(db != NULL, "appdb_open on PostgreSQL failed");
	return db;
}

START_TEST(test_schema_is_made_once_at_the_latest_version)
{
	struct appdb	*a, *b;

	a = open_ok();
	b = open_ok();		/* finds it made */
	ck_assert_int_eq(appdb_version(a), appdb_version_latest());
	ck_assert_int_eq(appdb_version(b), appdb_version_latest());
	ck_assert(appdb_ping(b));
	ck_assert_int_eq(psql_int("SELECT count(*) FROM schema_version"), 1);
	ck_assert_int_eq(psql_int("SELECT count(*) FROM product"), 1);
	appdb_close(a);
	appdb_close(b);
}
END_TEST

START_TEST(test_duplicate_is_refused_and_the_transaction_goes_on)
{
	struct appdb	*db = open_ok();
	long long	 id = 0, id2 = 0;

	ck_assert_int_eq(appdb_person_add(db, "13911110001", "甲", NULL, &id),
	    0);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(appdb_person_id(db, "13911110001"), id);
	/* Outside a transaction: refused, the data's fault. */
	ck_assert_int_eq(appdb_person_add(db, "13911110001", "乙", NULL,
	    &id2), -1);
	ck_assert(appdb_refused(db));
	/* A CHECK: refused too. */
	ck_assert_int_eq(appdb_person_add(db, "12345", "丙", NULL, &id2), -1);
	ck_assert(appdb_refused(db));
	/* Inside one, as in SQLite: the failed statement changed nothing,
	 * what came before and after it commits. */
	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13911110002", "丁", NULL, &id2),
	    0);
	ck_assert_int_eq(appdb_person_add(db, "13911110001", "戊", NULL, &id),
	    -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_person_add(db, "13911110003", "己", NULL, &id),
	    0);
	ck_assert_int_eq(appdb_commit(db), 0);
	ck_assert_int_gt(appdb_person_id(db, "13911110002"), 0);
	ck_assert_int_gt(appdb_person_id(db, "13911110003"), 0);
	/* A rollback takes everything back. */
	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13911110004", "庚", NULL, &id),
	    0);
	ck_assert_int_eq(appdb_rollback(db), 0);
	ck_assert_int_eq(appdb_person_id(db, "13911110004"), 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_a_writer_shuts_out_other_writers)
{
	struct appdb	*a = open_ok(), *b = open_ok(), *c;
	time_t		 t0;
	long long	 id;

	ck_assert_int_eq(appdb_begin(a), 0);
	/* The second writer waits for the lock (5 s) and gives up, as
	 * SQLite's BEGIN IMMEDIATE does after its busy timeout. */
	t0 = time(NULL);
	ck_assert_int_eq(appdb_begin(b), -1);
	ck_assert_int_ge(time(NULL) - t0, 4);
	/* A change outside a transaction is a writer too. */
	t0 = time(NULL);
	ck_assert_int_eq(appdb_person_add(b, "13911110010", "辛", NULL, &id),
	    -1);
	ck_assert_int_ge(time(NULL) - t0, 4);
	ck_assert(!appdb_refused(b));
	/* Readers do not wait. */
	t0 = time(NULL);
	ck_assert_int_ge(appdb_person_id(b, "13911110001"), 0);
	ck_assert_int_le(time(NULL) - t0, 1);
	/* Nor does a new connection to a database that is made: a worker
	 * or ticker starting while a writer works. */
	t0 = time(NULL);
	c = appdb_open(ci);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_le(time(NULL) - t0, 1);
	appdb_close(c);
	ck_assert_int_eq(appdb_commit(a), 0);
	/* Once it is over, the next writer goes. */
	ck_assert_int_eq(appdb_begin(b), 0);
	ck_assert_int_eq(appdb_person_add(b, "13911110010", "辛", NULL, &id),
	    0);
	ck_assert_int_eq(appdb_commit(b), 0);
	appdb_close(a);
	appdb_close(b);
}
END_TEST

START_TEST(test_a_snapshot_sees_one_moment)
{
	struct appdb		*a = open_ok(), *b = open_ok();
	struct appdb_counts	 c1, c2;
	long long		 id;

	ck_assert_int_eq(appdb_snapshot(a), 0);
	ck_assert_int_eq(appdb_counts(a, &c1), 0);
	ck_assert_int_eq(appdb_person_add(b, "13911110020", "壬", NULL, &id),
	    0);
	ck_assert_int_eq(appdb_counts(a, &c2), 0);
	ck_assert_int_eq(c2.person, c1.person);
	/* Nothing is written inside one. */
	ck_assert_int_eq(appdb_person_add(a, "13911110021", "癸", NULL, &id),
	    -1);
	appdb_snapshot_end(a);
	ck_assert_int_eq(appdb_counts(a, &c2), 0);
	ck_assert_int_eq(c2.person, c1.person + 1);
	ck_assert_int_eq(appdb_person_id(a, "13911110021"), 0);
	appdb_close(a);
	appdb_close(b);
}
END_TEST

START_TEST(test_audit_log_is_append_only_and_verifies)
{
	struct appdb	*db = open_ok();
	long long	 bad = -1;

	ck_assert_int_eq(appdb_audit(db, "test", "one", "第一"), 0);
	ck_assert_int_eq(appdb_audit(db, "test", "two", ""), 0);
	ck_assert_int_eq(appdb_audit_verify(db, &bad), 1);
	ck_assert_int_eq(bad, 0);
	/* The trigger refuses, as a constraint (SQLSTATE 23000). */
	ck_assert_int_eq(pgfix_sh("psql -XAtq -d '%s' -c \"UPDATE audit SET "
	    "detail = 'x'\" 2>&1 | grep -q 'audit log is append-only'", ci),
	    0);
	ck_assert_int_ne(pgfix_sh("psql -XAtq -v ON_ERROR_STOP=1 -d '%s' -c "
	    "\"DELETE FROM audit\" 2>/dev/null", ci), 0);
	ck_assert_int_eq(appdb_audit_verify(db, &bad), 1);
	appdb_close(db);
}
END_TEST

START_TEST(test_a_newer_schema_is_refused_untouched)
{
	struct appdb	*db;

	ck_assert_int_eq(pgfix_sh("psql -XAtq -d '%s' -c \"UPDATE "
	    "schema_version SET version = 999\"", ci), 0);
	ck_assert_ptr_null(db = appdb_open(ci));
	ck_assert_int_eq(psql_int("SELECT version FROM schema_version"), 999);
	ck_assert_int_eq(pgfix_sh("psql -XAtq -d '%s' -c \"UPDATE "
	    "schema_version SET version = %d\"", ci, appdb_version_latest()),
	    0);
	db = open_ok();
	appdb_close(db);
}
END_TEST

START_TEST(test_backup_is_refused_with_the_way_to_do_it)
{
	ck_assert_int_eq(pgfix_sh("'%s/webctl' -d '%s' backup '%s/bk' "
	    "2> '%s/err'",
	    getenv("BINDIR") != NULL ? getenv("BINDIR") : "build/bin", ci, dir,
	    dir), 2);
	ck_assert_int_eq(pgfix_sh("grep -q pg_dump '%s/err'", dir), 0);
	ck_assert_int_ne(pgfix_sh("grep -q password= '%s/err'", dir), 0);
	ck_assert_int_ne(pgfix_sh("[ -e '%s/bk' ]", dir), 0);
}
END_TEST

START_TEST(test_a_dropped_connection_is_made_again)
{
	struct appdb	*db = open_ok();

	ck_assert(appdb_ping(db));
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p' && "
	    "'%s/tests/pg/pgtmp.sh' restart '%s/p'", top, dir, top, dir), 0);
	/* The first statement finds it dropped, and being a read outside
	 * a transaction, is sent again on a new connection. */
	ck_assert(appdb_ping(db));
	ck_assert(appdb_ping(db));
	ck_assert_int_gt(appdb_person_id(db, "13911110001"), 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_a_change_that_never_left_is_sent_again)
{
	struct appdb	*db = open_ok();
	long long	 id = 0;

	ck_assert(appdb_ping(db));
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p' && "
	    "'%s/tests/pg/pgtmp.sh' restart '%s/p'", top, dir, top, dir), 0);
	/* Its writer transaction's BEGIN found the connection dropped:
	 * nothing reached the server, so it goes once, on a new one. */
	ck_assert_int_eq(appdb_person_add(db, "13911110008", "子", NULL, &id),
	    0);
	ck_assert_int_eq(psql_int("SELECT count(*) FROM person WHERE mobile = "
	    "'13911110008'"), 1);
	appdb_close(db);
}
END_TEST

START_TEST(test_a_transaction_the_lost_connection_cut_is_not_half_written)
{
	struct appdb	*db = open_ok();
	long long	 id = 0;

	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13911110005", "辛", NULL, &id),
	    0);
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p' && "
	    "'%s/tests/pg/pgtmp.sh' restart '%s/p'", top, dir, top, dir), 0);
	/* The server is back, but the transaction died with the
	 * connection: the rest of it must not be written on a new one. */
	ck_assert_int_eq(appdb_person_add(db, "13911110006", "壬", NULL, &id),
	    -1);
	ck_assert_int_eq(appdb_person_add(db, "13911110007", "癸", NULL, &id),
	    -1);
	ck_assert_int_eq(appdb_commit(db), -1);
	/* After the layer's rollback the next call connects again. */
	ck_assert_int_eq(appdb_person_id(db, "13911110005"), 0);
	ck_assert_int_eq(appdb_person_id(db, "13911110006"), 0);
	ck_assert_int_eq(appdb_person_id(db, "13911110007"), 0);
	ck_assert(!appdb_unavailable(db));
	appdb_close(db);
}
END_TEST

START_TEST(test_a_server_out_of_reach_is_unavailable_until_it_returns)
{
	struct appdb	*db = open_ok();

	ck_assert(!appdb_unavailable(db));
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p'", top,
	    dir), 0);
	/* Every call fails and says why: the server, not the data. */
	ck_assert_int_eq(appdb_person_id(db, "13911110001"), -1);
	ck_assert(appdb_unavailable(db));
	ck_assert(!appdb_refused(db));
	ck_assert_int_eq(appdb_person_id(db, "13911110001"), -1);
	ck_assert(appdb_unavailable(db));
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' restart '%s/p'", top,
	    dir), 0);
	ck_assert_int_gt(appdb_person_id(db, "13911110001"), 0);
	ck_assert(!appdb_unavailable(db));
	appdb_close(db);
}
END_TEST

static void
up(void)
{
	pgfix_up("appdbpg", top, dir, ci, sizeof(ci));
}

static void
down(void)
{
	pgfix_down(top, dir);
}

int
main(void)
{
	Suite	*s = suite_create("appdbpg");
	TCase	*tc = tcase_create("postgresql");
	SRunner	*sr;
	int	 failed;

	/* One server for the suite, in this order (each test's data stay). */
	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_schema_is_made_once_at_the_latest_version);
	tcase_add_test(tc, test_duplicate_is_refused_and_the_transaction_goes_on);
	tcase_add_test(tc, test_a_writer_shuts_out_other_writers);
	tcase_add_test(tc, test_a_snapshot_sees_one_moment);
	tcase_add_test(tc, test_audit_log_is_append_only_and_verifies);
	tcase_add_test(tc, test_a_newer_schema_is_refused_untouched);
	tcase_add_test(tc, test_backup_is_refused_with_the_way_to_do_it);
	tcase_add_test(tc, test_a_dropped_connection_is_made_again);
	tcase_add_test(tc, test_a_change_that_never_left_is_sent_again);
	tcase_add_test(tc,
	    test_a_transaction_the_lost_connection_cut_is_not_half_written);
	tcase_add_test(tc,
	    test_a_server_out_of_reach_is_unavailable_until_it_returns);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
