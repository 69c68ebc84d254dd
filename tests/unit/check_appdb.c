/*
 * check_appdb.c: the web application's database (fcgi/db/):
 * migrations, constraints, demo data and the audit hash chain.  Each test
 * gets a fresh database in its own temporary directory; a second, raw
 * SQLite connection plays the part of someone editing the file behind the
 * application's back.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/unit/testdir.h"
#include <sqlite3.h>

#include "fcgi/appdb.h"
#include "fcgi/db/dbint.h"
#include "lib/dbeng.h"
#include "fcgi/webctldemo.h"
#include "lib/chain.h"

static char	 path[128];	/* the test's database, in testdir_cur */

static void
setup(void)
{
	testdir_setup();
	snprintf(path, sizeof(path), "%s/app.db", testdir_cur);
}


/* ---- the raw connection ----------------------------------------------- */

static sqlite3 *
raw_open(void)
{
	sqlite3	*r = NULL;

	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	sqlite3_busy_timeout(r, 5000);
	sqlite3_extended_result_codes(r, 1);
	ck_assert_int_eq(sqlite3_exec(r, "PRAGMA foreign_keys = ON", NULL,
	    NULL, NULL), SQLITE_OK);
	return r;
}

/* Runs sql (constant test text); returns the SQLite result code. */
static int
raw_exec(sqlite3 *r, const char *sql)
{
	return sqlite3_exec(r, sql, NULL, NULL, NULL);
}

/* The integer in the first column of the first row of sql. */
static long long
raw_int(sqlite3 *r, const char *sql)
{
	sqlite3_stmt	*q;
	long long	 v;

	ck_assert_int_eq(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The text in the first column of the first row of sql, in buf. */
static const char *
raw_text(sqlite3 *r, const char *sql, char *buf, size_t sz)
{
	sqlite3_stmt	*q;

	ck_assert_int_eq(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	snprintf(buf, sz, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return buf;
}

static struct appdb *
open_db(void)
{
	struct appdb	*db = appdb_open(path);

	ck_assert_ptr_nonnull(db);
	return db;
}

static void
counts(struct appdb *db, struct appdb_counts *c)
{
	ck_assert_int_eq(appdb_counts(db, c), 0);
}

static const struct appdb_company company_a = {
	"91210105MA0YDEM15L", "测试建设有限公司", "沈阳", NULL, NULL, NULL
};

/* Three audit records, ids 1-3, and the database closed again. */
static void
three_records(void)
{
	struct appdb	*db = open_db();

	ck_assert_int_eq(appdb_audit(db, "test", "one", "first"), 0);
	ck_assert_int_eq(appdb_audit(db, "test", "two", "second"), 0);
	ck_assert_int_eq(appdb_audit(db, "test", "three", "第三"), 0);
	appdb_close(db);
}

/* Drops the append-only triggers, as a tamperer would. */
static sqlite3 *
raw_tamperer(void)
{
	sqlite3	*r = raw_open();

	ck_assert_int_eq(raw_exec(r, "DROP TRIGGER audit_no_update;"
	    "DROP TRIGGER audit_no_delete"), SQLITE_OK);
	return r;
}

static long long
verify_bad_id(void)
{
	struct appdb	*db = open_db();
	long long	 bad = -1;

	ck_assert_int_eq(appdb_audit_verify(db, &bad), 0);
	appdb_close(db);
	return bad;
}

/* ---- migrations ------------------------------------------------------- */

START_TEST(test_address_locks_after_max_failures_in_window)
{
	struct appdb		*db = open_db();
	struct appdb_throttle	 t;
	int			 i;

	/* 19 failures in the window: not locked; the 20th locks. */
	for (i = 0; i < 19; i++)
		ck_assert_int_eq(appdb_throttle_fail(db, "10.0.0.1", 1000 + i,
		    900, 20, 900), 0);
	ck_assert_int_eq(appdb_throttle_get(db, "10.0.0.1", &t), 1);
	ck_assert_int_eq(t.failures, 19);
	ck_assert(t.locked_until == 0);
	ck_assert_int_eq(appdb_throttle_fail(db, "10.0.0.1", 1019, 900, 20,
	    900), 0);
	ck_assert_int_eq(appdb_throttle_get(db, "10.0.0.1", &t), 1);
	ck_assert(t.locked_until == 1019 + 900);
	ck_assert(t.last_at == 1019);
	/* Another address is not affected. */
	ck_assert_int_eq(appdb_throttle_get(db, "10.0.0.2", &t), 0);
	ck_assert_int_eq(t.failures, 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_address_count_starts_over_after_window_or_lock)
{
	struct appdb		*db = open_db();
	struct appdb_throttle	 t;
	int			 i;

	for (i = 0; i < 20; i++)
		ck_assert_int_eq(appdb_throttle_fail(db, "a", 1000, 900, 20,
		    900), 0);
	/* One failure after the lock ran out: a new count, no new lock. */
	ck_assert_int_eq(appdb_throttle_fail(db, "a", 1000 + 901, 900, 20,
	    900), 0);
	ck_assert_int_eq(appdb_throttle_get(db, "a", &t), 1);
	ck_assert_int_eq(t.failures, 1);
	ck_assert(t.locked_until == 0);
	/* Failures spread wider than the window never lock. */
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(appdb_throttle_fail(db, "b", 5000 + i * 1000,
		    900, 20, 900), 0);
	ck_assert_int_eq(appdb_throttle_get(db, "b", &t), 1);
	ck_assert(t.locked_until == 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_migrations_from_empty_reach_latest_version)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	sqlite3			*r;
	char			 buf[16];

	ck_assert_int_ge(appdb_version_latest(), 1);
	ck_assert_int_eq(appdb_version(db), appdb_version_latest());
	ck_assert(appdb_ping(db));
	counts(db, &c);
	ck_assert_int_eq(c.version, appdb_version_latest());
	ck_assert_int_eq(c.product, 1);
	ck_assert_int_eq(c.person + c.company + c.membership + c.platform +
	    c.office + c.cert + c.audit, 0);
	appdb_close(db);
	r = raw_open();
	ck_assert_str_eq(raw_text(r, "PRAGMA journal_mode", buf,
	    sizeof(buf)), "wal");
	ck_assert_int_eq(raw_int(r, "PRAGMA user_version"),
	    appdb_version_latest());
	sqlite3_close(r);
}
END_TEST

/* Collects the offices' "code=apply_url" into a string. */
static int
office_urls(void *arg, const struct appdb_office *o)
{
	char	*out = arg;
	size_t	 n = strlen(out);

	snprintf(out + n, 1024 - n, "%s%s=%s", n > 0 ? "," : "", o->code,
	    o->apply_url);
	return 0;
}

START_TEST(test_office_link_is_set_cleared_and_only_a_web_address)
{
	struct appdb	*db = open_db();
	char		 urls[1024] = "";

	ck_assert_int_eq(appdb_office_add(db, "shenyang", "沈阳办理点",
	    "沈阳", NULL), 0);
	ck_assert_int_eq(appdb_office_add(db, "dalian", "大连办理点", "大连",
	    NULL), 0);
	ck_assert_int_eq(appdb_office_url(db, "shenyang",
	    "https://ca.example.cn/a?x=1"), 1);
	ck_assert_int_eq(appdb_office_url(db, "beijing", "https://x.cn/"),
	    0);
	ck_assert_int_eq(appdb_office_url(db, "dalian", "javascript:x()"),
	    -1);
	ck_assert_int_eq(appdb_office_url(db, "dalian", "https://a b/"), -1);
	ck_assert_int_eq(appdb_offices(db, office_urls, urls), 0);
	ck_assert_str_eq(urls, "shenyang=https://ca.example.cn/a?x=1,dalian=");
	ck_assert_int_eq(appdb_office_url(db, "shenyang", ""), 1);
	urls[0] = '\0';
	ck_assert_int_eq(appdb_offices(db, office_urls, urls), 0);
	ck_assert_str_eq(urls, "shenyang=,dalian=");
	appdb_close(db);
}
END_TEST

START_TEST(test_product_seed_is_ca_reissue_at_50_yuan)
{
	struct appdb	*db = open_db();
	sqlite3		*r = raw_open();
	char		 buf[64];

	ck_assert_int_eq(raw_int(r, "SELECT price_fen FROM product"
	    " WHERE code = 'ca_reissue'"), 5000);
	ck_assert_str_eq(raw_text(r, "SELECT name FROM product"
	    " WHERE code = 'ca_reissue'", buf, sizeof(buf)), "CA补办");
	ck_assert_int_ne(raw_exec(r, "UPDATE product SET price_fen = -1"),
	    SQLITE_OK);
	sqlite3_close(r);
	appdb_close(db);
}
END_TEST

START_TEST(test_reopening_is_a_no_op)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 before, after;
	sqlite3			*r;
	long long		 objects, id;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	counts(db, &before);
	appdb_close(db);
	r = raw_open();
	objects = raw_int(r, "SELECT count(*) FROM sqlite_schema");
	sqlite3_close(r);

	db = open_db();
	counts(db, &after);
	ck_assert_mem_eq(&before, &after, sizeof(before));
	appdb_close(db);
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"),
	    objects);
	sqlite3_close(r);
}
END_TEST

/*
 * A database of schema 10 with a reset code stored the old way (plain
 * SHA-256, no salt) upgrades to 11: the row keeps its counts but its code
 * no longer works, and registration codes get their table.
 */
START_TEST(test_old_reset_codes_die_in_the_upgrade_to_keyed_codes)
{
	struct appdb		*db = open_db();
	struct appdb_reset	 rs;
	sqlite3			*r;
	long long		 id;

	ck_assert_int_ge(appdb_version_latest(), 12);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	appdb_close(db);
	/* Back to what schema 10 had (12's office link, 13's invoice
	 * columns, 14's certificate CA and 15's join requests gone too). */
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "DROP TABLE join_request;"
	    "ALTER TABLE cert DROP COLUMN ca;"
	    "ALTER TABLE office DROP COLUMN"
	    " apply_url;"
	    "ALTER TABLE invoice DROP COLUMN upload_id;"
	    "ALTER TABLE invoice DROP COLUMN invoice_no;"
	    "ALTER TABLE invoice DROP COLUMN tracking_no;"
	    "ALTER TABLE invoice DROP COLUMN issued_at;"
	    "ALTER TABLE invoice DROP COLUMN issued_by;"
	    "DROP TABLE signup_code;"
	    "ALTER TABLE reset_code DROP COLUMN salt;"
	    "PRAGMA user_version = 10;"), SQLITE_OK);
	ck_assert_int_eq(raw_exec(r, "INSERT INTO reset_code (person_id,"
	    " code_hash, expires_at, attempts, sends, sent_at, window_start)"
	    " VALUES (1, printf('%064d', 7), 4000000000, 2, 3, 100, 50)"),
	    SQLITE_OK);
	sqlite3_close(r);
	db = open_db();
	ck_assert_int_eq(appdb_version(db), appdb_version_latest());
	ck_assert_int_eq(appdb_reset_get(db, id, &rs), 1);
	ck_assert_int_eq(rs.expires_at, 0);
	ck_assert_str_eq(rs.salt, "");
	ck_assert_int_eq(rs.attempts, 2);
	ck_assert_int_eq(rs.sends, 3);
	ck_assert_int_eq(appdb_signup_get(db, "13800000001", &rs), 0);
	ck_assert_int_eq(appdb_signup_set(db, "13800000001",
	    "00000000000000000000000000000000"
	    "00000000000000000000000000000000",
	    "00112233445566778899aabbccddeeff", 1600, 1000, 3600), 0);
	ck_assert_int_eq(appdb_signup_get(db, "13800000001", &rs), 1);
	ck_assert_str_eq(rs.salt, "00112233445566778899aabbccddeeff");
	ck_assert_int_eq(rs.expires_at, 1600);
	ck_assert_int_eq(appdb_signup_attempt(db, "13800000001", 1), 1);
	ck_assert_int_eq(appdb_signup_attempt(db, "13800000001", 1), 0);
	ck_assert_int_eq(appdb_signup_del(db, "13800000001"), 0);
	ck_assert_int_eq(appdb_signup_get(db, "13800000001", &rs), 0);
	/* A salt that is not 32 hex digits is refused by the schema. */
	ck_assert_int_eq(appdb_signup_set(db, "13800000001",
	    "00000000000000000000000000000000"
	    "00000000000000000000000000000000", "xyz", 1600, 1000, 3600),
	    -1);
	ck_assert(appdb_refused(db));
	appdb_close(db);
}
END_TEST

START_TEST(test_future_version_is_refused)
{
	struct appdb	*db = open_db();
	sqlite3		*r;
	char		 sql[64];

	appdb_close(db);
	r = raw_open();
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    appdb_version_latest() + 1);
	ck_assert_int_eq(raw_exec(r, sql), SQLITE_OK);
	sqlite3_close(r);

	ck_assert_ptr_null(appdb_open(path));
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "PRAGMA user_version"),
	    appdb_version_latest() + 1);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_future_version_is_left_untouched)
{
	sqlite3	*r;
	char	 buf[16];

	/* A rollback-journal database from "the future": opening it must
	 * not even switch it to WAL. */
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "CREATE TABLE x (y);"
	    "PRAGMA user_version = 99"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_ptr_null(appdb_open(path));
	r = raw_open();
	ck_assert_str_eq(raw_text(r, "PRAGMA journal_mode", buf,
	    sizeof(buf)), "delete");
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"), 1);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_not_a_database_is_refused)
{
	FILE	*f;

	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("this is not an SQLite database, just some text that is long "
	    "enough to fill a header of one hundred bytes or so.\n", f);
	fclose(f);
	ck_assert_ptr_null(appdb_open(path));
	ck_assert_ptr_null(appdb_open(NULL));
	appdb_close(NULL);
}
END_TEST

/* ---- constraints ------------------------------------------------------ */

START_TEST(test_duplicate_mobile_is_refused)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	sqlite3			*r;
	long long		 id, id2 = 0;
	char			 buf[32];

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	ck_assert_int_eq(appdb_person_id(db, "13900000001"), id);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "乙", "x",
	    &id2), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(id2, 0);
	counts(db, &c);
	ck_assert_int_eq(c.person, 1);
	r = raw_open();
	ck_assert_str_eq(raw_text(r, "SELECT name FROM person", buf,
	    sizeof(buf)), "甲");
	ck_assert_int_eq(raw_int(r, "SELECT pw_hash IS NULL FROM person"), 1);
	sqlite3_close(r);
	appdb_close(db);
}
END_TEST

START_TEST(test_malformed_person_is_refused)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 id;

	ck_assert_int_eq(appdb_person_add(db, "12900000001", "甲", NULL,
	    &id), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_person_add(db, "1390000000", "甲", NULL,
	    &id), -1);
	ck_assert_int_eq(appdb_person_add(db, "139000000011", "甲", NULL,
	    &id), -1);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "", NULL,
	    &id), -1);
	ck_assert_int_eq(appdb_person_add(db, NULL, "甲", NULL, &id), -1);
	ck_assert(appdb_refused(db));
	counts(db, &c);
	ck_assert_int_eq(c.person, 0);
	ck_assert_int_eq(appdb_person_id(db, "13900000001"), 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_bad_role_is_refused_without_partial_write)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 p, co, m = 0;

	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	ck_assert_int_eq(appdb_membership_add(db, p, co,
	    (enum appdb_role)APPDB_ROLE__MAX, &m), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(appdb_rollback(db), 0);
	counts(db, &c);
	ck_assert_int_eq(c.person + c.company + c.membership + c.audit, 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_bad_role_in_sql_is_refused_by_the_schema)
{
	struct appdb	*db = open_db();
	sqlite3		*r;
	long long	 p, co;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	appdb_close(db);
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "INSERT INTO membership (person_id,"
	    " company_id, role, created_at) VALUES (1, 1, 'boss', 0)"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM membership"), 0);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_personal_identity_has_no_company_and_is_unique)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 p, co, m;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	ck_assert_int_eq(appdb_membership_add(db, p, co, APPDB_ROLE_PERSONAL,
	    &m), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_membership_add(db, p, 0, APPDB_ROLE_ADMIN,
	    &m), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_membership_add(db, p, 0, APPDB_ROLE_PERSONAL,
	    &m), 0);
	ck_assert(!appdb_refused(db));
	ck_assert_int_eq(appdb_membership_add(db, p, 0, APPDB_ROLE_PERSONAL,
	    &m), -1);
	ck_assert(appdb_refused(db));
	counts(db, &c);
	ck_assert_int_eq(c.membership, 1);
	appdb_close(db);
}
END_TEST

START_TEST(test_one_person_may_hold_several_roles)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 p, co, m;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	ck_assert_int_eq(appdb_membership_add(db, p, co, APPDB_ROLE_ADMIN,
	    &m), 0);
	ck_assert_int_eq(appdb_membership_add(db, p, co,
	    APPDB_ROLE_PROJECT_LEAD, &m), 0);
	ck_assert_int_eq(appdb_membership_add(db, p, co, APPDB_ROLE_ADMIN,
	    &m), -1);
	ck_assert(appdb_refused(db));
	counts(db, &c);
	ck_assert_int_eq(c.membership, 2);
	appdb_close(db);
}
END_TEST

/* Counts the requests fn sees, for appdb_join_mine / appdb_join_pending. */
static int
count_join(void *arg, const struct appdb_join *j)
{
	(void)j;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_join_request_waits_once_and_is_decided_once)
{
	struct appdb		*db = open_db();
	struct appdb_join	 j;
	long long		 p, admin, co, id, id2, m;
	int			 n;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_person_add(db, "13900000002", "乙", NULL,
	    &admin), 0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	/* 个人 is not a company role; the schema takes no other. */
	ck_assert_int_eq(appdb_join_add(db, p, co, APPDB_ROLE_PERSONAL, 100,
	    &id), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_join_add(db, p, co + 1, APPDB_ROLE_ADMIN, 100,
	    &id), -1);
	ck_assert(appdb_refused(db));
	/* One pending request per person, company and role. */
	ck_assert_int_eq(appdb_join_add(db, p, co, APPDB_ROLE_PROJECT_LEAD,
	    100, &id), 0);
	ck_assert_int_eq(appdb_join_open(db, p, co, APPDB_ROLE_PROJECT_LEAD),
	    id);
	ck_assert_int_eq(appdb_join_add(db, p, co, APPDB_ROLE_PROJECT_LEAD,
	    101, &id2), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_join_add(db, p, co, APPDB_ROLE_COST_ENGINEER,
	    101, &id2), 0);
	n = 0;
	ck_assert_int_eq(appdb_join_pending(db, co, 200, count_join, &n), 0);
	ck_assert_int_eq(n, 2);
	/* Another company's id is not found; decided once only. */
	ck_assert_int_eq(appdb_join_get(db, co + 1, id, &j), 0);
	ck_assert_int_eq(appdb_join_get(db, co, id, &j), 1);
	ck_assert_int_eq(j.person, p);
	ck_assert_int_eq(j.role, APPDB_ROLE_PROJECT_LEAD);
	ck_assert_int_eq(j.state, APPDB_JOIN_PENDING);
	ck_assert_int_eq(appdb_membership_add(db, p, co,
	    APPDB_ROLE_PROJECT_LEAD, &m), 0);
	ck_assert_int_eq(appdb_join_decide(db, co + 1, id, 1, admin, m, 200),
	    0);
	ck_assert_int_eq(appdb_join_decide(db, co, id, 1, admin, m, 200), 1);
	ck_assert_int_eq(appdb_join_decide(db, co, id, 0, admin, 0, 201), 0);
	ck_assert_int_eq(appdb_join_get(db, co, id, &j), 1);
	ck_assert_int_eq(j.state, APPDB_JOIN_APPROVED);
	ck_assert_int_eq(appdb_join_decide(db, co, id2, 0, admin, 0, 202), 1);
	/* Decided, a request may be made again. */
	ck_assert_int_eq(appdb_join_open(db, p, co, APPDB_ROLE_PROJECT_LEAD),
	    0);
	/* The person sees both decisions until seen, once. */
	n = 0;
	ck_assert_int_eq(appdb_join_mine(db, p, 50, count_join, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(appdb_join_seen(db, p, 300), 2);
	ck_assert_int_eq(appdb_join_seen(db, p, 301), 0);
	n = 0;
	ck_assert_int_eq(appdb_join_mine(db, p, 50, count_join, &n), 0);
	ck_assert_int_eq(n, 0);
	/* The membership it gave can still be removed. */
	ck_assert_int_eq(appdb_staff_remove(db, co, m), 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_membership_needs_existing_person_and_company)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 p, co, m;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	ck_assert_int_eq(appdb_company_add(db, &company_a, &co), 0);
	ck_assert_int_eq(appdb_membership_add(db, p + 100, co,
	    APPDB_ROLE_ADMIN, &m), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_membership_add(db, p, co + 100,
	    APPDB_ROLE_ADMIN, &m), -1);
	ck_assert(appdb_refused(db));
	counts(db, &c);
	ck_assert_int_eq(c.membership, 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_invalid_uscc_is_refused)
{
	struct appdb		*db = open_db();
	struct appdb_company	 bad = company_a;
	struct appdb_counts	 c;
	sqlite3			*r;
	long long		 id;

	bad.uscc = "91210105MA0YDEM15K";	/* wrong check character */
	ck_assert_int_eq(appdb_company_add(db, &bad, &id), -1);
	ck_assert(appdb_refused(db));
	bad.uscc = NULL;
	ck_assert_int_eq(appdb_company_add(db, &bad, &id), -1);
	ck_assert_int_eq(appdb_company_add(db, NULL, &id), -1);
	counts(db, &c);
	ck_assert_int_eq(c.company, 0);
	appdb_close(db);
	/* The schema refuses what gets past the C check. */
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "INSERT INTO company (uscc, name,"
	    " created_at) VALUES ('91210105ma0ydem15l', 'x', 0)"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(raw_exec(r, "INSERT INTO company (uscc, name,"
	    " created_at) VALUES ('91210105MA0YDEM15', 'x', 0)"),
	    SQLITE_CONSTRAINT_CHECK);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_duplicate_uscc_is_refused)
{
	struct appdb		*db = open_db();
	struct appdb_company	 other = company_a;
	long long		 id, id2;

	ck_assert_int_eq(appdb_company_add(db, &company_a, &id), 0);
	ck_assert_int_eq(appdb_company_id(db, company_a.uscc), id);
	other.name = "另一家公司";
	ck_assert_int_eq(appdb_company_add(db, &other, &id2), -1);
	ck_assert(appdb_refused(db));
	appdb_close(db);
}
END_TEST

START_TEST(test_refused_is_cleared_by_the_next_call)
{
	struct appdb	*db = open_db();
	long long	 id;

	ck_assert_int_eq(appdb_person_add(db, "1", "甲", NULL, &id), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	ck_assert(!appdb_refused(db));
	appdb_close(db);
}
END_TEST

START_TEST(test_rollback_without_transaction_is_harmless)
{
	struct appdb	*db = open_db();

	ck_assert_int_eq(appdb_rollback(db), 0);
	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_commit(db), 0);
	ck_assert_int_eq(appdb_commit(db), -1);
	ck_assert(appdb_ping(db));
	appdb_close(db);
}
END_TEST

/* ---- demo data -------------------------------------------------------- */

START_TEST(test_demo_load_twice_yields_same_counts)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 first, second;
	int			 changed = -1;

	ck_assert_int_eq(webctl_demo_load(db, 18090, "scrypt$test", "test",
	    &changed), 0);
	ck_assert_int_gt(changed, 0);
	counts(db, &first);
	ck_assert_int_eq(first.company, 2);
	ck_assert_int_eq(first.person, 8);	/* 5 applicants, 3 operators */
	ck_assert_int_eq(first.membership, 10);
	ck_assert_int_eq(first.platform, 5);
	ck_assert_int_eq(first.office, 2);
	ck_assert_int_eq(first.audit, 1);
	ck_assert_int_eq(changed, 30);
	appdb_close(db);

	db = open_db();
	ck_assert_int_eq(webctl_demo_load(db, 18090, "scrypt$other", "test",
	    &changed), 0);
	ck_assert_int_eq(changed, 0);
	counts(db, &second);
	ck_assert_mem_eq(&first, &second, sizeof(first));
	appdb_close(db);
}
END_TEST

START_TEST(test_demo_platforms_notify_the_given_port)
{
	struct appdb	*db = open_db();
	sqlite3		*r;
	char		 buf[128];
	int		 changed;

	ck_assert_int_eq(webctl_demo_load(db, 23456, NULL, "test", &changed),
	    0);
	appdb_close(db);
	r = raw_open();
	ck_assert_str_eq(raw_text(r, "SELECT notice_url FROM platform"
	    " WHERE name = '辽宁建设工程信息网'", buf, sizeof(buf)),
	    "http://127.0.0.1:23456/notice/1");
	ck_assert_str_eq(raw_text(r, "SELECT notice_url FROM platform"
	    " WHERE name = '沈阳市公共资源平台'", buf, sizeof(buf)),
	    "http://127.0.0.1:23456/notice/5");
	ck_assert_str_eq(raw_text(r, "SELECT address FROM office"
	    " WHERE code = 'dalian'", buf, sizeof(buf)),
	    "辽宁省大连市甘井子区和丰园18-6号");
	sqlite3_close(r);
}
END_TEST

START_TEST(test_demo_gives_one_person_several_identities)
{
	struct appdb			*db = open_db();
	const struct webctl_demo_login	*l;
	sqlite3				*r;
	size_t				 n, i;
	int				 changed;

	ck_assert_int_eq(webctl_demo_load(db, 18090, NULL, "test", &changed),
	    0);
	l = webctl_demo_logins(&n);
	ck_assert_uint_eq(n, 8);
	for (i = 0; i < n; i++)
		ck_assert_int_gt(appdb_person_id(db, l[i].mobile), 0);
	appdb_close(db);
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM membership m"
	    " JOIN person p ON p.id = m.person_id"
	    " WHERE p.mobile = '13900000005'"), 3);
	ck_assert_int_eq(raw_int(r, "SELECT count(DISTINCT company_id)"
	    " FROM membership WHERE role = 'admin'"), 2);
	ck_assert_int_eq(raw_int(r, "SELECT count(DISTINCT company_id)"
	    " FROM membership WHERE role = 'project_lead'"), 2);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_demo_bad_port_is_refused)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	int			 changed;

	ck_assert_int_eq(webctl_demo_load(db, 0, NULL, "test", &changed), -1);
	ck_assert_int_eq(webctl_demo_load(db, 65536, NULL, "test", &changed),
	    -1);
	counts(db, &c);
	ck_assert_int_eq(c.platform + c.audit, 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_demo_failure_writes_nothing)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 id;
	int			 changed = -1;

	/* The audit record, written last, fails on its actor: the rows
	 * added before it go too, and the existing person stays as is. */
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "旧", NULL,
	    &id), 0);
	ck_assert_int_eq(webctl_demo_load(db, 18090, NULL, "bad\nactor",
	    &changed), -1);
	ck_assert_int_eq(changed, 0);
	counts(db, &c);
	ck_assert_int_eq(c.person, 1);
	ck_assert_int_eq(c.company + c.membership + c.platform + c.office +
	    c.audit, 0);
	appdb_close(db);
}
END_TEST

/* ---- audit chain ------------------------------------------------------ */

START_TEST(test_empty_audit_chain_verifies)
{
	struct appdb	*db = open_db();
	long long	 bad = -1;

	ck_assert_int_eq(appdb_audit_verify(db, &bad), 1);
	ck_assert_int_eq(bad, 0);
	appdb_close(db);
}
END_TEST

START_TEST(test_audit_chain_verifies)
{
	struct appdb		*db;
	struct appdb_counts	 c;
	sqlite3			*r;
	long long		 bad = -1;

	three_records();
	db = open_db();
	ck_assert_int_eq(appdb_audit_verify(db, &bad), 1);
	ck_assert_int_eq(bad, 0);
	counts(db, &c);
	ck_assert_int_eq(c.audit, 3);
	appdb_close(db);
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit a"
	    " JOIN audit b ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"), 2);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_audit_detects_edited_record)
{
	sqlite3	*r;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "UPDATE audit SET detail = 'forged'"
	    " WHERE id = 2"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify_bad_id(), 2);
}
END_TEST

START_TEST(test_audit_detects_edit_with_recomputed_hash)
{
	sqlite3		*r;
	sqlite3_stmt	*q;
	char		 prev[CHAIN_HEX_LEN + 1], h[CHAIN_HEX_LEN + 1];
	long long	 at;

	three_records();
	r = raw_tamperer();
	raw_text(r, "SELECT prev_hash FROM audit WHERE id = 2", prev,
	    sizeof(prev));
	at = raw_int(r, "SELECT at FROM audit WHERE id = 2");
	ck_assert_int_eq(chain_hash(prev, 2, at, "test", "two", "forged", h),
	    0);
	ck_assert_int_eq(sqlite3_prepare_v2(r, "UPDATE audit SET"
	    " detail = 'forged', hash = ?1 WHERE id = 2", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, h, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(r);
	ck_assert_int_eq(verify_bad_id(), 3);
}
END_TEST

START_TEST(test_audit_detects_deleted_record)
{
	sqlite3	*r;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit WHERE id = 2"),
	    SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify_bad_id(), 3);
}
END_TEST

START_TEST(test_audit_detects_deleted_and_renumbered_records)
{
	sqlite3	*r;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit WHERE id = 2;"
	    "UPDATE audit SET id = 2 WHERE id = 3"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify_bad_id(), 2);
}
END_TEST

START_TEST(test_audit_detects_reordered_record)
{
	sqlite3	*r;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "UPDATE audit SET id = 100 WHERE id = 2;"
	    "UPDATE audit SET id = 2 WHERE id = 3;"
	    "UPDATE audit SET id = 3 WHERE id = 100"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify_bad_id(), 2);
}
END_TEST

START_TEST(test_audit_refuses_update_and_delete)
{
	sqlite3	*r;

	three_records();
	r = raw_open();
	ck_assert_int_ne(raw_exec(r, "UPDATE audit SET detail = 'x'"),
	    SQLITE_OK);
	ck_assert_int_ne(raw_exec(r, "DELETE FROM audit"), SQLITE_OK);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit"), 3);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_audit_rolls_back_with_the_change)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	long long		 id;

	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	ck_assert_int_eq(appdb_audit(db, "test", "person.add", "13900000001"),
	    0);
	ck_assert_int_eq(appdb_rollback(db), 0);
	counts(db, &c);
	ck_assert_int_eq(c.person + c.audit, 0);

	ck_assert_int_eq(appdb_begin(db), 0);
	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL,
	    &id), 0);
	ck_assert_int_eq(appdb_audit(db, "test", "person.add", "13900000001"),
	    0);
	ck_assert_int_eq(appdb_commit(db), 0);
	counts(db, &c);
	ck_assert_int_eq(c.person, 1);
	ck_assert_int_eq(c.audit, 1);
	appdb_close(db);
}
END_TEST

START_TEST(test_audit_refuses_ambiguous_fields)
{
	struct appdb		*db = open_db();
	struct appdb_counts	 c;
	char			 big[4098];

	ck_assert_int_eq(appdb_audit(db, "a\nb", "x", ""), -1);
	ck_assert(appdb_refused(db));
	ck_assert_int_eq(appdb_audit(db, "a", "x\n", ""), -1);
	ck_assert_int_eq(appdb_audit(db, "", "x", ""), -1);
	ck_assert_int_eq(appdb_audit(db, NULL, "x", ""), -1);
	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(appdb_audit(db, "a", "x", big), -1);
	/* Newlines in the detail are fine: it is the last field. */
	ck_assert_int_eq(appdb_audit(db, "a", "x", "line 1\nline 2"), 0);
	ck_assert_int_eq(appdb_audit(db, "a", "x", NULL), 0);
	counts(db, &c);
	ck_assert_int_eq(c.audit, 2);
	appdb_close(db);
}
END_TEST

/* ---- uploads and the CA补办 draft ------------------------------------- */

#define SHA_A	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdef"

START_TEST(test_upload_rows_are_checked)
{
	struct appdb		*db = open_db();
	struct appdb_upload_new	 u = { SHA_A, "image/png", 67, "说明.png", 0,
	    0 };
	struct appdb_upload	 got;
	long long		 p, id;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	u.person = p;
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), 0);
	ck_assert_int_eq(appdb_upload_get(db, id, &got), 1);
	ck_assert_str_eq(got.sha256, SHA_A);
	ck_assert_str_eq(got.ctype, "image/png");
	ck_assert_int_eq(got.size, 67);
	ck_assert_str_eq(got.filename, "说明.png");
	ck_assert_int_eq(got.person, p);
	ck_assert_int_eq(got.company, 0);
	ck_assert_int_eq(appdb_upload_get(db, id + 1, &got), 0);
	ck_assert_int_eq(appdb_upload_count_since(db, p, 0), 1);
	ck_assert_int_eq(appdb_upload_count_since(db, p,
	    (long long)time(NULL) + 10), 0);

	/* What the sniffer would never say, and bad sizes and names. */
	u.ctype = "text/html";
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	ck_assert(appdb_refused(db));
	u.ctype = "application/pdf";
	u.size = 0;
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	u.size = APPDB_UPLOAD_MAX + 1;
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	u.size = APPDB_UPLOAD_MAX;
	u.filename = "../x.pdf";
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	u.filename = "";
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	u.filename = "x.pdf";
	u.sha256 = "0123456789ABCDEF0123456789ABCDEF"
	    "0123456789ABCDEF0123456789ABCDEF";
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	u.sha256 = SHA_A;
	u.person = p + 1;
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), -1);
	ck_assert_int_eq(appdb_upload_count_since(db, p, 0), 1);
	u.person = p;
	ck_assert_int_eq(appdb_upload_add(db, &u, &id), 0);
	ck_assert_int_eq(appdb_upload_count_since(db, p, 0), 2);
	appdb_close(db);
}
END_TEST

START_TEST(test_draft_is_one_per_person_and_certificate)
{
	struct appdb		*db = open_db();
	struct appdb_upload_new	 u = { SHA_A, "application/pdf", 9, "a.pdf",
	    0, 0 };
	struct appdb_cert_new	 c;
	struct appdb_draft	 d;
	char			 text[1024] = "";
	long long		 p, cert, up;
	int			 i;

	ck_assert_int_eq(appdb_person_add(db, "13900000001", "甲", NULL, &p),
	    0);
	memset(&c, 0, sizeof(c));
	c.serial_hex = "0A";
	c.cert_type = "personal";
	c.holder = p;
	c.vendor = "CFCA";
	c.lock_type = "personal";
	c.key_serial = "K1";
	c.first_applied_at = 1;
	c.not_after = 2;
	ck_assert_int_eq(appdb_cert_add(db, &c, &cert), 0);
	u.person = p;
	ck_assert_int_eq(appdb_upload_add(db, &u, &up), 0);

	ck_assert_int_eq(appdb_draft_get(db, p, cert, &d), 0);
	ck_assert_str_eq(d.reason, "");
	ck_assert_int_eq(d.upload, 0);
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "other", "锁被水泡",
	    0, 100), 0);
	ck_assert_int_eq(appdb_draft_get(db, p, cert, &d), 1);
	ck_assert_str_eq(d.reason, "other");
	ck_assert_str_eq(d.reason_text, "锁被水泡");
	ck_assert_int_eq(d.upload, 0);
	ck_assert_int_eq(d.updated_at, 100);
	/* An upload is kept when the next save brings none. */
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "lost", NULL, up, 101),
	    0);
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "", NULL, 0, 102), 0);
	ck_assert_int_eq(appdb_draft_get(db, p, cert, &d), 1);
	ck_assert_str_eq(d.reason, "");
	ck_assert_str_eq(d.reason_text, "");
	ck_assert_int_eq(d.upload, up);
	/* Bad reasons, 201 characters, unknown rows: refused, unchanged. */
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "stolen", NULL, 0, 103),
	    -1);
	ck_assert(appdb_refused(db));
	for (i = 0; i < 201; i++)
		strcat(text, "锁");
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "other", text, 0, 103),
	    -1);
	text[200 * 3] = '\0';
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "other", text, 0, 104),
	    0);
	ck_assert_int_eq(appdb_draft_set(db, p, cert, "lost", NULL, up + 1,
	    105), -1);
	ck_assert_int_eq(appdb_draft_set(db, p, cert + 1, "lost", NULL, 0,
	    105), -1);
	ck_assert_int_eq(appdb_draft_get(db, p, cert, &d), 1);
	ck_assert_int_eq(d.updated_at, 104);
	ck_assert_int_eq(d.upload, up);
	appdb_close(db);
}
END_TEST

/* ---- PostgreSQL's dialect (lib/dbpg.c), without a server ---- */

START_TEST(test_pg_placeholders_become_dollar_numbers)
{
	char	 out[256];

	ck_assert_int_eq(dbpg_placeholders("SELECT a FROM t WHERE b = ?2 "
	    "AND c = ?1 LIMIT ?12", out, sizeof(out)), 12);
	ck_assert_str_eq(out, "SELECT a FROM t WHERE b = $2 AND c = $1 "
	    "LIMIT $12");
	ck_assert_int_eq(dbpg_placeholders("BEGIN", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "BEGIN");
	/* A bare ? (no digit) is not ours: left as it is. */
	ck_assert_int_eq(dbpg_placeholders("a ? b ?0", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "a ? b ?0");
}
END_TEST

START_TEST(test_pg_placeholders_leave_quoted_text_alone)
{
	char	 out[256];

	ck_assert_int_eq(dbpg_placeholders("SELECT '?1', \"?2\", 'it''s ?3',"
	    " ?4", out, sizeof(out)), 4);
	ck_assert_str_eq(out, "SELECT '?1', \"?2\", 'it''s ?3', $4");
}
END_TEST

START_TEST(test_pg_placeholders_refuse_what_does_not_fit)
{
	char	 out[8];

	ck_assert_int_eq(dbpg_placeholders("SELECT ?1", out, sizeof(out)), -1);
	ck_assert_int_eq(dbpg_placeholders("?100", out, sizeof(out)), -1);
	ck_assert_int_eq(dbpg_placeholders("a = ?1", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "a = $1");
}
END_TEST

/* Every statement reads on PostgreSQL with its placeholders numbered. */
START_TEST(test_pg_every_statement_translates)
{
	char		 out[8192];
	const char	*src;
	int		 i, n;

	for (i = 0; i < STMT__MAX; i++) {
		ck_assert_msg(db_sql[i] != NULL, "statement %d has no SQL", i);
		src = db_sql_pg[i] != NULL ? db_sql_pg[i] : db_sql[i];
		n = dbpg_placeholders(src, out, sizeof(out));
		ck_assert_msg(n >= 0 && n <= 32, "statement %d: %d", i, n);
		ck_assert_msg(strchr(out, '?') == NULL, "statement %d keeps a "
		    "?: %s", i, out);
	}
}
END_TEST

START_TEST(test_pg_constraint_states_are_refused)
{
	ck_assert(dbpg_refused_state("23505"));	/* unique */
	ck_assert(dbpg_refused_state("23514"));	/* check */
	ck_assert(dbpg_refused_state("23503"));	/* foreign key */
	ck_assert(dbpg_refused_state("23502"));	/* not null */
	ck_assert(dbpg_refused_state("23000"));	/* append-only trigger */
	ck_assert(!dbpg_refused_state("40001"));	/* serialization */
	ck_assert(!dbpg_refused_state("55P03"));	/* lock timeout */
	ck_assert(!dbpg_refused_state("P0001"));	/* a plain RAISE */
	ck_assert(!dbpg_refused_state("08006"));	/* connection lost */
	ck_assert(!dbpg_refused_state("2"));
	ck_assert(!dbpg_refused_state(NULL));
}
END_TEST

START_TEST(test_connection_strings_choose_postgresql)
{
	char	 buf[256];

	ck_assert(appdb_where_pg("postgresql://u:pw@127.0.0.1:5432/app"));
	ck_assert(appdb_where_pg("postgres://db.example/app"));
	ck_assert(appdb_where_pg("host=127.0.0.1 dbname=app user=web"));
	ck_assert(!appdb_where_pg("var/db/app.db"));
	ck_assert(!appdb_where_pg("/srv/postgresql/app.db"));
	ck_assert(!appdb_where_pg(NULL));
	/* Messages name the connection, never its password. */
	appdb_describe("postgresql://web:s3cret@127.0.0.1:5433/app", buf,
	    sizeof(buf));
	ck_assert_str_eq(buf, "host=127.0.0.1 port=5433 dbname=app user=web "
	    "(password hidden)");
	appdb_describe("var/db/app.db", buf, sizeof(buf));
	ck_assert_str_eq(buf, "var/db/app.db");
	/* Backup is SQLite's: refused for PostgreSQL, nothing written. */
	ck_assert_int_eq(appdb_backup_file("dbname=app", "never-made.db"), -1);
	ck_assert_int_eq(access("never-made.db", F_OK), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("appdb");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	testdir_init("check_appdb");

	tc = tcase_create("migrations");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_migrations_from_empty_reach_latest_version);
	tcase_add_test(tc,
	    test_old_reset_codes_die_in_the_upgrade_to_keyed_codes);
	tcase_add_test(tc, test_product_seed_is_ca_reissue_at_50_yuan);
	tcase_add_test(tc,
	    test_office_link_is_set_cleared_and_only_a_web_address);
	tcase_add_test(tc, test_reopening_is_a_no_op);
	tcase_add_test(tc, test_future_version_is_refused);
	tcase_add_test(tc, test_future_version_is_left_untouched);
	tcase_add_test(tc, test_not_a_database_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("constraints");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_duplicate_mobile_is_refused);
	tcase_add_test(tc, test_malformed_person_is_refused);
	tcase_add_test(tc, test_bad_role_is_refused_without_partial_write);
	tcase_add_test(tc, test_bad_role_in_sql_is_refused_by_the_schema);
	tcase_add_test(tc, test_personal_identity_has_no_company_and_is_unique);
	tcase_add_test(tc, test_one_person_may_hold_several_roles);
	tcase_add_test(tc, test_membership_needs_existing_person_and_company);
	tcase_add_test(tc, test_join_request_waits_once_and_is_decided_once);
	tcase_add_test(tc, test_invalid_uscc_is_refused);
	tcase_add_test(tc, test_duplicate_uscc_is_refused);
	tcase_add_test(tc, test_refused_is_cleared_by_the_next_call);
	tcase_add_test(tc, test_rollback_without_transaction_is_harmless);
	suite_add_tcase(s, tc);

	tc = tcase_create("demo");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_demo_load_twice_yields_same_counts);
	tcase_add_test(tc, test_demo_platforms_notify_the_given_port);
	tcase_add_test(tc, test_demo_gives_one_person_several_identities);
	tcase_add_test(tc, test_demo_bad_port_is_refused);
	tcase_add_test(tc, test_demo_failure_writes_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_empty_audit_chain_verifies);
	tcase_add_test(tc, test_audit_chain_verifies);
	tcase_add_test(tc, test_audit_detects_edited_record);
	tcase_add_test(tc, test_audit_detects_edit_with_recomputed_hash);
	tcase_add_test(tc, test_audit_detects_deleted_record);
	tcase_add_test(tc, test_audit_detects_deleted_and_renumbered_records);
	tcase_add_test(tc, test_audit_detects_reordered_record);
	tcase_add_test(tc, test_audit_refuses_update_and_delete);
	tcase_add_test(tc, test_audit_rolls_back_with_the_change);
	tcase_add_test(tc, test_audit_refuses_ambiguous_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("uploads");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_upload_rows_are_checked);
	tcase_add_test(tc, test_draft_is_one_per_person_and_certificate);
	tcase_add_test(tc, test_address_locks_after_max_failures_in_window);
	tcase_add_test(tc, test_address_count_starts_over_after_window_or_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("postgresql dialect");
	tcase_add_test(tc, test_pg_placeholders_become_dollar_numbers);
	tcase_add_test(tc, test_pg_placeholders_leave_quoted_text_alone);
	tcase_add_test(tc, test_pg_placeholders_refuse_what_does_not_fit);
	tcase_add_test(tc, test_pg_every_statement_translates);
	tcase_add_test(tc, test_pg_constraint_states_are_refused);
	tcase_add_test(tc, test_connection_strings_choose_postgresql);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
