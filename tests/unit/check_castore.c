/*
 * check_castore.c: the signing daemon's store (ca/castore.c): schema
 * migration, certificates and their revocation, hold and release,
 * replacement and platform links, listing filters, the CRL's iteration
 * and number, savepoints, and the hash-chained audit log.  Each test gets
 * a fresh database in its own temporary directory; a second, raw SQLite
 * connection plays the part of someone with access to the file who edits
 * it behind the daemon's back.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/unit/testdir.h"
#include <sqlite3.h>

#include "ca/castore.h"
#include "lib/chain.h"

#define NOW		1700000000LL
#define LATER		(NOW + 86400LL * 365)
#define EARLIER		(NOW - 86400LL)

static char	 path[128];	/* the test's database, in testdir_cur */

static void
setup(void)
{
	testdir_setup();
	snprintf(path, sizeof(path), "%s/ca.db", testdir_cur);
}


/* ---- the raw connection ----------------------------------------------- */

static sqlite3 *
raw_open(void)
{
	sqlite3	*r = NULL;

	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	sqlite3_busy_timeout(r, 5000);
	sqlite3_extended_result_codes(r, 1);
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

/* Drops the append-only triggers, as a tamperer with the file would. */
static sqlite3 *
raw_tamperer(void)
{
	sqlite3	*r = raw_open();

	ck_assert_int_eq(raw_exec(r, "DROP TRIGGER audit_no_update;"
	    "DROP TRIGGER audit_no_delete"), SQLITE_OK);
	return r;
}

/* ---- helpers ---------------------------------------------------------- */

/* The store as cad opens it: read-write, knowing its CA's name. */
static struct castore *
open_store(void)
{
	struct castore	*s = castore_open(path);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(castore_set_ca(s, "unit"), 0);
	return s;
}

/* Fake DER: the store keeps bytes, it does not parse them. */
static const uint8_t	 fake_der[] = { 0x30, 0x03, 0x02, 0x01, 0x00, 0xff };
static const uint8_t	 fake_name[] = { 0x30, 0x00, 0x00, 0x07 };

/*
 * Adds a certificate; order and replaces may be NULL.  Returns what
 * castore_cert_add returned.
 */
static int
add_full(struct castore *s, const char *serial, const char *subject,
    int64_t not_after, int64_t issued_at, const char *order,
    const char *replaces)
{
	struct castore_cert	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.subject, sizeof(c.subject), "%s", subject);
	c.not_before = issued_at - 60;
	c.not_after = not_after;
	c.issued_at = issued_at;
	snprintf(c.order_id, sizeof(c.order_id), "%s",
	    order != NULL ? order : "");
	snprintf(c.replaces, sizeof(c.replaces), "%s",
	    replaces != NULL ? replaces : "");
	c.der = (uint8_t *)fake_der;
	c.der_len = sizeof(fake_der);
	c.subject_der = (uint8_t *)fake_name;
	c.subject_der_len = sizeof(fake_name);
	return castore_cert_add(s, &c);
}

/* A valid certificate with serial and subject, issued at NOW. */
static void
add(struct castore *s, const char *serial, const char *subject)
{
	ck_assert_int_eq(add_full(s, serial, subject, LATER, NOW, NULL, NULL),
	    0);
}

static void
get(struct castore *s, const char *serial, struct castore_cert *c)
{
	ck_assert_int_eq(castore_cert_get(s, serial, c), 0);
}

/* castore_list collector: the serials seen, comma-separated. */
struct seen {
	char	 serials[512];
	int	 n;
	int	 stop_after;	/* return -1 after this many; 0 = never */
};

static int
collect(void *arg, const struct castore_cert *c)
{
	struct seen	*w = arg;
	size_t		 len = strlen(w->serials);

	snprintf(w->serials + len, sizeof(w->serials) - len, "%s%s",
	    w->n > 0 ? "," : "", c->serial);
	w->n++;
	return w->stop_after != 0 && w->n >= w->stop_after ? -1 : 0;
}

/* Lists with the filter and returns the serials seen. */
static const char *
list(struct castore *s, const char *state, const char *subject, int limit,
    struct seen *w)
{
	memset(w, 0, sizeof(*w));
	ck_assert_int_eq(castore_list(s, state, subject, NOW, limit, collect,
	    w), 0);
	return w->serials;
}

static int
collect_platform(void *arg, const char *name)
{
	char	*buf = arg;
	size_t	 len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s%s", len > 0 ? "," : "", name);
	return 0;
}

/* The platforms linked to serial, comma-separated, into buf[256]. */
static const char *
platforms(struct castore *s, const char *serial, char *buf)
{
	buf[0] = '\0';
	ck_assert_int_eq(castore_platforms(s, serial, collect_platform, buf),
	    0);
	return buf;
}

/* Three audit records, ids 1-3, and the store closed again. */
static void
three_records(void)
{
	struct castore	*s = open_store();

	ck_assert_int_eq(castore_audit(s, "test", "one", "first"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "two", "second"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "three", "第三"), 0);
	castore_close(s);
}

/* Verifies the chain; returns the result and fills bad / why. */
static int
verify(int64_t *bad, const char **why, uint64_t *count)
{
	struct castore	*s = open_store();
	char		 head[65];
	int		 rc;

	rc = castore_audit_verify(s, count, head, bad, why);
	castore_close(s);
	return rc;
}

/* ---- schema ----------------------------------------------------------- */

START_TEST(test_migrations_create_the_schema)
{
	struct castore	*s = open_store();
	sqlite3		*r;
	char		 buf[16];
	long long	 objects;

	castore_close(s);
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "PRAGMA user_version"),
	    castore_version_latest());
	ck_assert_str_eq(raw_text(r, "PRAGMA journal_mode", buf,
	    sizeof(buf)), "wal");
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'table' AND name IN ('cert', 'cert_platform',"
	    " 'crl_state', 'audit', 'meta', 'signer')"), 6);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'trigger' AND tbl_name = 'audit'"), 2);
	ck_assert_int_eq(raw_int(r, "SELECT number FROM crl_state"), 0);
	objects = raw_int(r, "SELECT count(*) FROM sqlite_schema");
	sqlite3_close(r);

	/* Opening again migrates nothing and adds nothing. */
	s = open_store();
	castore_close(s);
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"),
	    objects);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM crl_state"), 1);
	sqlite3_close(r);
}
END_TEST

/*
 * A store of schema 2 (order_id and replaced_by with column UNIQUE, no
 * rowid) keeps every row, link and audit record through migration 3, and
 * the uniqueness rules still hold afterwards.
 */
START_TEST(test_migration_3_keeps_every_row)
{
	struct castore		*s;
	struct castore_cert	 c;
	sqlite3			*r;
	int			 found;

	r = raw_open();
	ck_assert_int_eq(raw_exec(r,
	    "CREATE TABLE cert (serial TEXT PRIMARY KEY,"
	    " subject TEXT NOT NULL, subject_der BLOB NOT NULL,"
	    " not_before INTEGER NOT NULL, not_after INTEGER NOT NULL,"
	    " issued_at INTEGER NOT NULL, der BLOB NOT NULL,"
	    " order_id TEXT UNIQUE, replaces TEXT REFERENCES cert(serial),"
	    " replaced_by TEXT UNIQUE REFERENCES cert(serial),"
	    " revoked_at INTEGER, reason INTEGER CHECK (reason IS NULL OR"
	    " (reason BETWEEN 0 AND 10 AND reason <> 7)), invalidity INTEGER,"
	    " revoke_order TEXT) WITHOUT ROWID;"
	    "CREATE INDEX cert_revoked ON cert(serial, not_after, revoked_at,"
	    " reason, invalidity) WHERE revoked_at IS NOT NULL;"
	    "CREATE INDEX cert_issued ON cert(issued_at);"
	    "CREATE TABLE cert_platform (serial TEXT NOT NULL REFERENCES"
	    " cert(serial), platform TEXT NOT NULL,"
	    " PRIMARY KEY (serial, platform)) WITHOUT ROWID;"
	    "CREATE TABLE crl_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
	    " number INTEGER NOT NULL);"
	    "INSERT INTO crl_state VALUES (1, 7);"
	    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
	    " actor TEXT NOT NULL, op TEXT NOT NULL, detail TEXT NOT NULL,"
	    " prev TEXT NOT NULL, hash TEXT NOT NULL);"
	    "INSERT INTO cert VALUES ('0A', 'CN=甲', x'3000', 1, 2000000000,"
	    " 1, x'300302', NULL, NULL, '0B', 1700000000, 1, 0, 'R-1');"
	    "INSERT INTO cert VALUES ('0B', 'CN=甲', x'3000', 2, 2000000000,"
	    " 2, x'300303', 'R-1', '0A', NULL, NULL, NULL, NULL, NULL);"
	    "INSERT INTO cert_platform VALUES ('0A', 'p1'), ('0B', 'p1');"
	    "PRAGMA user_version = 2"), SQLITE_OK);
	sqlite3_close(r);

	s = open_store();
	ck_assert_int_eq(castore_cert_get(s, "0A", &c), 0);
	ck_assert_str_eq(c.replaced_by, "0B");
	ck_assert_int_eq(c.reason, 1);
	ck_assert_str_eq(c.revoke_order, "R-1");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_by_order(s, "R-1", &c), 0);
	ck_assert_str_eq(c.serial, "0B");
	ck_assert_str_eq(c.replaces, "0A");
	ck_assert_uint_eq(c.der_len, 3);
	castore_cert_clear(&c);
	ck_assert_uint_eq(castore_crl_last(s), 7);
	/* Still unique: another certificate under order R-1. */
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(add_full(s, "0C", "CN=乙", LATER, NOW, "R-1", NULL),
	    -1);
	ck_assert_int_eq(add_full(s, "0D", "CN=乙", LATER, NOW, NULL, NULL),
	    0);
	ck_assert_int_eq(add_full(s, "0E", "CN=乙", LATER, NOW, NULL, NULL),
	    0);
	/* ... and one replacement per certificate. */
	ck_assert_int_eq(castore_link_replacement(s, "0D", "0B"), -1);
	/* Foreign keys are back on after the migration. */
	ck_assert_int_eq(add_full(s, "0F", "CN=乙", LATER, NOW, NULL, "FF"),
	    -1);
	ck_assert_int_eq(castore_commit(s), 0);
	found = castore_cert_get(s, "0D", &c);
	ck_assert_int_eq(found, 0);
	castore_cert_clear(&c);
	castore_close(s);

	r = raw_open();
	ck_assert_int_eq(raw_int(r, "PRAGMA user_version"),
	    castore_version_latest());
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM cert"), 4);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM cert_platform"), 2);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name = 'cert_new'"), 0);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_meta_is_set_once_and_survives_reopen)
{
	struct castore	*s = open_store();
	int64_t		 v = -1;

	ck_assert_int_eq(castore_meta_get(s, CASTORE_META_CRL_SHARDS, &v), 1);
	ck_assert_int_eq(v, -1);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(castore_meta_set(s, CASTORE_META_CRL_SHARDS, 16), 0);
	/* A second value does not replace the first. */
	ck_assert_int_eq(castore_meta_set(s, CASTORE_META_CRL_SHARDS, 32), 1);
	ck_assert_int_eq(castore_commit(s), 0);
	castore_close(s);
	s = open_store();
	ck_assert_int_eq(castore_meta_get(s, CASTORE_META_CRL_SHARDS, &v), 0);
	ck_assert_int_eq(v, 16);
	/* 0 is a value like any other (partitioning off). */
	ck_assert_int_eq(castore_meta_get(s, "other", &v), 1);
	ck_assert_int_eq(castore_meta_set(s, "other", 0), 0);
	ck_assert_int_eq(castore_meta_get(s, "other", &v), 0);
	ck_assert_int_eq(v, 0);
	castore_close(s);
}
END_TEST

START_TEST(test_future_schema_version_is_refused)
{
	sqlite3	*r;

	castore_close(open_store());
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "PRAGMA user_version = 99"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_ptr_null(castore_open(path));
	r = raw_open();
	ck_assert_int_eq(raw_int(r, "PRAGMA user_version"), 99);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_read_only_open_needs_an_existing_store)
{
	struct castore	*s;

	ck_assert_ptr_null(castore_open_ro(path));
	ck_assert_int_eq(access(path, F_OK), -1);
	castore_close(NULL);

	s = open_store();
	add(s, "0A", "CN=甲");
	castore_close(s);
	ck_assert_ptr_nonnull(s = castore_open_ro(path));
	ck_assert_int_eq(add_full(s, "0B", "CN=乙", LATER, NOW, NULL, NULL),
	    -1);
	ck_assert_int_eq(castore_audit(s, "test", "x", "y"), -1);
	castore_close(s);
}
END_TEST

/* ---- certificates ----------------------------------------------------- */

START_TEST(test_cert_add_then_get_round_trips)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	ck_assert_int_eq(add_full(s, "7F01020304050607",
	    "CN=张三,O=甲公司,C=CN", LATER, NOW, "order-1", NULL), 0);
	get(s, "7F01020304050607", &c);
	ck_assert_str_eq(c.serial, "7F01020304050607");
	ck_assert_str_eq(c.subject, "CN=张三,O=甲公司,C=CN");
	ck_assert_int_eq(c.not_before, NOW - 60);
	ck_assert_int_eq(c.not_after, LATER);
	ck_assert_int_eq(c.issued_at, NOW);
	ck_assert_int_eq(c.revoked_at, 0);
	ck_assert_int_eq(c.reason, -1);
	ck_assert_int_eq(c.invalidity, 0);
	ck_assert_str_eq(c.order_id, "order-1");
	ck_assert_str_eq(c.revoke_order, "");
	ck_assert_str_eq(c.replaces, "");
	ck_assert_str_eq(c.replaced_by, "");
	ck_assert_uint_eq(c.der_len, sizeof(fake_der));
	ck_assert_mem_eq(c.der, fake_der, sizeof(fake_der));
	ck_assert_uint_eq(c.subject_der_len, sizeof(fake_name));
	ck_assert_mem_eq(c.subject_der, fake_name, sizeof(fake_name));
	castore_cert_clear(&c);
	ck_assert_ptr_null(c.der);
	castore_cert_clear(NULL);
	castore_close(s);
}
END_TEST

START_TEST(test_unknown_serial_is_not_found)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_cert_get(s, "0B", &c), 1);
	ck_assert_ptr_null(c.der);
	ck_assert_int_eq(castore_cert_get(s, "", &c), 1);
	castore_close(s);
}
END_TEST

START_TEST(test_cert_by_order_finds_the_order_only)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	ck_assert_int_eq(add_full(s, "0A", "CN=甲", LATER, NOW, "order-a",
	    NULL), 0);
	ck_assert_int_eq(add_full(s, "0B", "CN=乙", LATER, NOW, NULL, NULL),
	    0);
	ck_assert_int_eq(castore_cert_by_order(s, "order-a", &c), 0);
	ck_assert_str_eq(c.serial, "0A");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_by_order(s, "order-b", &c), 1);
	/* A certificate without an order is not found by the empty one. */
	ck_assert_int_eq(castore_cert_by_order(s, "", &c), 1);
	castore_close(s);
}
END_TEST

START_TEST(test_duplicate_serial_returns_1_and_keeps_the_first)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;
	uint64_t		 n, rev;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(add_full(s, "0A", "CN=乙", LATER, NOW, "o", NULL), 1);
	get(s, "0A", &c);
	ck_assert_str_eq(c.subject, "CN=甲");
	ck_assert_str_eq(c.order_id, "");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	castore_close(s);
}
END_TEST

START_TEST(test_order_id_maps_to_one_certificate)
{
	struct castore	*s = open_store();
	uint64_t	 n, rev;

	ck_assert_int_eq(add_full(s, "0A", "CN=甲", LATER, NOW, "order-a",
	    NULL), 0);
	ck_assert_int_eq(add_full(s, "0B", "CN=乙", LATER, NOW, "order-a",
	    NULL), -1);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	castore_close(s);
}
END_TEST

/* ---- revocation ------------------------------------------------------- */

START_TEST(test_revoke_twice_returns_1_and_keeps_the_first)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;
	uint64_t		 n, rev;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, EARLIER, "order-r"),
	    0);
	ck_assert_int_eq(castore_revoke(s, "0A", 4, NOW + 5, 0, "order-x"),
	    1);
	get(s, "0A", &c);
	ck_assert_int_eq(c.revoked_at, NOW);
	ck_assert_int_eq(c.reason, 1);
	ck_assert_int_eq(c.invalidity, EARLIER);
	ck_assert_str_eq(c.revoke_order, "order-r");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(rev, 1);
	castore_close(s);
}
END_TEST

START_TEST(test_revoke_unknown_serial_returns_1)
{
	struct castore	*s = open_store();
	uint64_t	 n, rev;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_revoke(s, "0B", 1, NOW, 0, ""), 1);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(rev, 0);
	castore_close(s);
}
END_TEST

START_TEST(test_revoke_with_reason_7_is_refused_by_the_schema)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_revoke(s, "0A", 7, NOW, 0, ""), -1);
	ck_assert_int_eq(castore_revoke(s, "0A", 11, NOW, 0, ""), -1);
	get(s, "0A", &c);
	ck_assert_int_eq(c.revoked_at, 0);
	castore_cert_clear(&c);
	castore_close(s);
}
END_TEST

START_TEST(test_unhold_only_lifts_certificate_hold)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	add(s, "0A", "CN=甲");
	add(s, "0B", "CN=乙");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_unhold(s, "0A"), 1);
	get(s, "0A", &c);
	ck_assert_int_eq(c.revoked_at, NOW);
	ck_assert_int_eq(c.reason, 1);
	castore_cert_clear(&c);

	ck_assert_int_eq(castore_unhold(s, "0B"), 1);	/* not revoked */
	ck_assert_int_eq(castore_revoke(s, "0B", 6, NOW, EARLIER, "hold-1"),
	    0);
	ck_assert_int_eq(castore_unhold(s, "0B"), 0);
	get(s, "0B", &c);
	ck_assert_int_eq(c.revoked_at, 0);
	ck_assert_int_eq(c.reason, -1);
	ck_assert_int_eq(c.invalidity, 0);
	ck_assert_str_eq(c.revoke_order, "");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_unhold(s, "0B"), 1);
	ck_assert_int_eq(castore_unhold(s, "0C"), 1);	/* unknown */
	/* Released, it can be revoked again. */
	ck_assert_int_eq(castore_revoke(s, "0B", 4, NOW + 1, 0, ""), 0);
	castore_close(s);
}
END_TEST

/* ---- replacement and platforms --------------------------------------- */

START_TEST(test_replacement_links_old_to_new_once)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(add_full(s, "0B", "CN=甲", LATER, NOW, "order-1",
	    "0A"), 0);
	ck_assert_int_eq(add_full(s, "0C", "CN=甲", LATER, NOW, "order-2",
	    "0A"), 0);
	ck_assert_int_eq(castore_link_replacement(s, "0A", "0B"), 0);
	get(s, "0A", &c);
	ck_assert_str_eq(c.replaced_by, "0B");
	castore_cert_clear(&c);
	get(s, "0B", &c);
	ck_assert_str_eq(c.replaces, "0A");
	castore_cert_clear(&c);
	/* A second replacement of the same old certificate is refused. */
	ck_assert_int_eq(castore_link_replacement(s, "0A", "0C"), -1);
	get(s, "0A", &c);
	ck_assert_str_eq(c.replaced_by, "0B");
	castore_cert_clear(&c);
	/* One new certificate replaces at most one old one. */
	add(s, "0D", "CN=丙");
	ck_assert_int_eq(castore_link_replacement(s, "0D", "0B"), -1);
	/* Links must point at stored certificates. */
	add(s, "0E", "CN=丁");
	ck_assert_int_eq(castore_link_replacement(s, "0E", "FF"), -1);
	ck_assert_int_eq(castore_link_replacement(s, "FF", "0E"), -1);
	castore_close(s);
}
END_TEST

START_TEST(test_platform_links_are_idempotent_and_sorted)
{
	struct castore	*s = open_store();
	char		 buf[256];

	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_platform_link(s, "0A", "沈阳市公共资源平台"),
	    0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "A-平台"), 0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "A-平台"), 0);
	ck_assert_str_eq(platforms(s, "0A", buf), "A-平台,沈阳市公共资源平台");
	ck_assert_str_eq(platforms(s, "0B", buf), "");
	/* Only stored certificates can be linked. */
	ck_assert_int_eq(castore_platform_link(s, "0B", "A-平台"), -1);
	castore_close(s);
}
END_TEST

START_TEST(test_platform_copy_copies_every_link)
{
	struct castore	*s = open_store();
	char		 buf[256];

	add(s, "0A", "CN=甲");
	add(s, "0B", "CN=甲");
	add(s, "0C", "CN=乙");
	ck_assert_int_eq(castore_platform_link(s, "0A", "p1"), 0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "p2"), 0);
	ck_assert_int_eq(castore_platform_link(s, "0B", "p0"), 0);
	ck_assert_int_eq(castore_platform_copy(s, "0A", "0B"), 0);
	ck_assert_int_eq(castore_platform_copy(s, "0A", "0B"), 0);
	ck_assert_str_eq(platforms(s, "0B", buf), "p0,p1,p2");
	ck_assert_str_eq(platforms(s, "0A", buf), "p1,p2");
	/* Copying from a certificate without links changes nothing. */
	ck_assert_int_eq(castore_platform_copy(s, "0C", "0A"), 0);
	ck_assert_str_eq(platforms(s, "0A", buf), "p1,p2");
	castore_close(s);
}
END_TEST

/* ---- listing ---------------------------------------------------------- */

/* 01 valid, 02 expired, 03 revoked, 04 revoked and expired; 04 newest. */
static struct castore *
four_states(void)
{
	struct castore	*s = open_store();

	ck_assert_int_eq(add_full(s, "01", "CN=张三,O=甲公司", LATER, NOW - 4,
	    NULL, NULL), 0);
	ck_assert_int_eq(add_full(s, "02", "CN=李四,O=甲公司", EARLIER,
	    NOW - 3, NULL, NULL), 0);
	ck_assert_int_eq(add_full(s, "03", "CN=王五,O=乙公司", LATER, NOW - 2,
	    NULL, NULL), 0);
	ck_assert_int_eq(add_full(s, "04", "CN=赵六,O=乙公司", EARLIER,
	    NOW - 1, NULL, NULL), 0);
	ck_assert_int_eq(castore_revoke(s, "03", 1, NOW - 2, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "04", 4, NOW - 1, 0, ""), 0);
	return s;
}

START_TEST(test_list_filters_by_state_newest_first)
{
	struct castore	*s = four_states();
	struct seen	 w;

	ck_assert_str_eq(list(s, NULL, NULL, 100, &w), "04,03,02,01");
	ck_assert_str_eq(list(s, "all", NULL, 100, &w), "04,03,02,01");
	ck_assert_str_eq(list(s, "", NULL, 100, &w), "04,03,02,01");
	ck_assert_str_eq(list(s, "valid", NULL, 100, &w), "01");
	ck_assert_str_eq(list(s, "revoked", NULL, 100, &w), "04,03");
	ck_assert_str_eq(list(s, "expired", NULL, 100, &w), "02");
	ck_assert_str_eq(list(s, "no-such-state", NULL, 100, &w), "");
	castore_close(s);
}
END_TEST

START_TEST(test_list_filters_by_subject_substring)
{
	struct castore	*s = four_states();
	struct seen	 w;

	ck_assert_str_eq(list(s, "all", "甲公司", 100, &w), "02,01");
	ck_assert_str_eq(list(s, "all", "王五", 100, &w), "03");
	ck_assert_str_eq(list(s, "revoked", "乙公司", 100, &w), "04,03");
	ck_assert_str_eq(list(s, "valid", "乙公司", 100, &w), "");
	ck_assert_str_eq(list(s, "all", "", 100, &w), "04,03,02,01");
	/* A substring, not a pattern. */
	ck_assert_str_eq(list(s, "all", "%", 100, &w), "");
	ck_assert_str_eq(list(s, "all", "CN=_三", 100, &w), "");
	castore_close(s);
}
END_TEST

START_TEST(test_list_stops_at_the_limit_and_on_callback_error)
{
	struct castore	*s = four_states();
	struct seen	 w;

	ck_assert_str_eq(list(s, "all", NULL, 2, &w), "04,03");
	memset(&w, 0, sizeof(w));
	w.stop_after = 1;
	ck_assert_int_eq(castore_list(s, "all", NULL, NOW, 100, collect, &w),
	    -1);
	ck_assert_int_eq(w.n, 1);
	/* The statement was reset: the store goes on working. */
	ck_assert_str_eq(list(s, "all", NULL, 100, &w), "04,03,02,01");
	castore_close(s);
}
END_TEST

/* ---- the CRL ---------------------------------------------------------- */

START_TEST(test_revoked_iteration_is_in_serial_order_skipping_expired)
{
	struct castore	*s = open_store();
	char		 serial[CASTORE_SERIAL_MAX];
	int64_t		 at, inval;
	int		 reason, pass;

	add(s, "0C", "CN=c");
	add(s, "01", "CN=1");
	add(s, "0A", "CN=a");
	add(s, "0B", "CN=b");			/* never revoked */
	ck_assert_int_eq(add_full(s, "05", "CN=old", EARLIER, NOW - 9, NULL,
	    NULL), 0);
	ck_assert_int_eq(castore_revoke(s, "0C", 1, NOW + 3, EARLIER, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "01", 6, NOW + 1, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "0A", 4, NOW + 2, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "05", 1, NOW - 5, 0, ""), 0);

	for (pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(castore_revoked_start(s, NOW), 0);
		ck_assert_int_eq(castore_revoked_next(s, serial,
		    sizeof(serial), &at, &reason, &inval), 1);
		ck_assert_str_eq(serial, "01");
		ck_assert_int_eq(at, NOW + 1);
		ck_assert_int_eq(reason, 6);
		ck_assert_int_eq(inval, 0);
		ck_assert_int_eq(castore_revoked_next(s, serial,
		    sizeof(serial), &at, &reason, &inval), 1);
		ck_assert_str_eq(serial, "0A");
		ck_assert_int_eq(reason, 4);
		ck_assert_int_eq(castore_revoked_next(s, serial,
		    sizeof(serial), &at, &reason, &inval), 1);
		ck_assert_str_eq(serial, "0C");
		ck_assert_int_eq(at, NOW + 3);
		ck_assert_int_eq(reason, 1);
		ck_assert_int_eq(inval, EARLIER);
		ck_assert_int_eq(castore_revoked_next(s, serial,
		    sizeof(serial), &at, &reason, &inval), 0);
		castore_revoked_end(s);
	}
	/* Released from hold, 01 leaves the list. */
	ck_assert_int_eq(castore_unhold(s, "01"), 0);
	ck_assert_int_eq(castore_revoked_start(s, NOW), 0);
	ck_assert_int_eq(castore_revoked_next(s, serial, sizeof(serial), &at,
	    &reason, &inval), 1);
	ck_assert_str_eq(serial, "0A");
	castore_revoked_end(s);
	castore_close(s);
}
END_TEST

START_TEST(test_crl_number_strictly_increases_and_survives_reopen)
{
	struct castore	*s = open_store();
	uint64_t	 a, b;

	ck_assert_uint_eq(castore_crl_last(s), 0);
	ck_assert_int_eq(castore_begin(s), 0);
	a = castore_crl_next(s);
	b = castore_crl_next(s);
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_uint_eq(castore_crl_last(s), 2);
	castore_close(s);

	s = open_store();
	ck_assert_uint_eq(castore_crl_last(s), 2);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_uint_eq(castore_crl_next(s), 3);
	ck_assert_int_eq(castore_commit(s), 0);
	castore_close(s);

	s = open_store();
	ck_assert_uint_eq(castore_crl_last(s), 3);
	castore_close(s);
}
END_TEST

/* ---- transactions ----------------------------------------------------- */

START_TEST(test_savepoint_undo_keeps_earlier_work_of_the_transaction)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;
	uint64_t		 n, rev, count;
	int64_t			 bad;
	const char		*why;
	char			 buf[256];

	ck_assert_int_eq(castore_begin(s), 0);
	/* First operation: kept. */
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_platform_link(s, "0A", "p1"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0A"), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	/* Second operation: fails half-way and is undone. */
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0B", "CN=乙");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "p2"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0B"), 0);
	ck_assert_int_eq(castore_savepoint_undo(s), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	/* Third operation: kept. */
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0C", "CN=丙");
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0C"), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	ck_assert_int_eq(castore_commit(s), 0);
	castore_close(s);

	s = open_store();
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(rev, 0);
	ck_assert_int_eq(castore_cert_get(s, "0B", &c), 1);
	get(s, "0A", &c);
	ck_assert_int_eq(c.revoked_at, 0);
	castore_cert_clear(&c);
	get(s, "0C", &c);
	castore_cert_clear(&c);
	ck_assert_str_eq(platforms(s, "0A", buf), "p1");
	castore_close(s);
	/* The undone audit record left no hole in the chain. */
	ck_assert_int_eq(verify(&bad, &why, &count), 0);
	ck_assert_uint_eq(count, 2);
}
END_TEST

START_TEST(test_rollback_discards_the_whole_transaction)
{
	struct castore	*s = open_store();
	uint64_t	 n, rev, count;
	int64_t		 bad;
	const char	*why;

	add(s, "01", "CN=before");
	ck_assert_int_eq(castore_begin(s), 0);
	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_revoke(s, "01", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0A"), 0);
	ck_assert_uint_eq(castore_crl_next(s), 1);
	ck_assert_int_eq(castore_rollback(s), 0);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(rev, 0);
	ck_assert_uint_eq(castore_crl_last(s), 0);
	castore_close(s);
	ck_assert_int_eq(verify(&bad, &why, &count), 0);
	ck_assert_uint_eq(count, 0);
}
END_TEST

/* ---- audit chain ------------------------------------------------------ */

START_TEST(test_empty_audit_chain_verifies)
{
	struct castore	*s = open_store();
	uint64_t	 count = 99;
	int64_t		 bad = -1;
	const char	*why = NULL;
	char		 head[65];

	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 0);
	ck_assert_int_eq(bad, 0);
	ck_assert_str_eq(why, "");
	ck_assert_str_eq(head, CHAIN_GENESIS);
	castore_close(s);
}
END_TEST

START_TEST(test_audit_chain_verifies_and_reports_its_head)
{
	struct castore	*s;
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad = -1;
	const char	*why;
	char		 head[65], last[65], want[65], prev[65];
	long long	 at;

	three_records();
	s = open_store();
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 3);
	ck_assert_int_eq(bad, 0);
	castore_close(s);

	r = raw_open();
	raw_text(r, "SELECT hash FROM audit WHERE id = 3", last,
	    sizeof(last));
	ck_assert_str_eq(head, last);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit a"
	    " JOIN audit b ON b.id = a.id + 1 WHERE b.prev = a.hash"), 2);
	/* The stored hash is the chain rule of lib/chain.h, recomputed. */
	raw_text(r, "SELECT prev FROM audit WHERE id = 3", prev, sizeof(prev));
	at = raw_int(r, "SELECT at FROM audit WHERE id = 3");
	ck_assert_int_eq(chain_hash_ca(prev, 3, at, "unit", "test", "three",
	    "第三", want), 0);
	ck_assert_str_eq(want, last);
	sqlite3_close(r);

	/* A read-only handle verifies too (that is what cactl uses). */
	ck_assert_ptr_nonnull(s = castore_open_ro(path));
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 3);
	castore_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_record)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "UPDATE audit SET detail = 'forged'"
	    " WHERE id = 2"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 2);
	ck_assert_uint_eq(count, 1);
	ck_assert_ptr_nonnull(strstr(why, "edited"));
}
END_TEST

START_TEST(test_audit_detects_edit_with_recomputed_hash)
{
	sqlite3		*r;
	sqlite3_stmt	*q;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;
	char		 prev[CHAIN_HEX_LEN + 1], h[CHAIN_HEX_LEN + 1];
	long long	 at;

	three_records();
	r = raw_tamperer();
	raw_text(r, "SELECT prev FROM audit WHERE id = 2", prev, sizeof(prev));
	at = raw_int(r, "SELECT at FROM audit WHERE id = 2");
	ck_assert_int_eq(chain_hash_ca(prev, 2, at, "unit", "test", "two",
	    "forged", h), 0);
	ck_assert_int_eq(sqlite3_prepare_v2(r, "UPDATE audit SET"
	    " detail = 'forged', hash = ?1 WHERE id = 2", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, h, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 3);
	ck_assert_uint_eq(count, 2);
	ck_assert_ptr_nonnull(strstr(why, "link"));
}
END_TEST

START_TEST(test_audit_detects_deleted_record)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit WHERE id = 2"),
	    SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 3);
	ck_assert_uint_eq(count, 1);
	ck_assert_ptr_nonnull(strstr(why, "missing"));
}
END_TEST

START_TEST(test_audit_detects_deleted_and_renumbered_records)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit WHERE id = 2;"
	    "UPDATE audit SET id = 2 WHERE id = 3"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 2);
	ck_assert_uint_eq(count, 1);
}
END_TEST

START_TEST(test_audit_detects_swapped_records)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "UPDATE audit SET id = 100 WHERE id = 2;"
	    "UPDATE audit SET id = 2 WHERE id = 3;"
	    "UPDATE audit SET id = 3 WHERE id = 100"), SQLITE_OK);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit"), 3);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 2);
	ck_assert_uint_eq(count, 1);
	ck_assert_ptr_nonnull(strstr(why, "link"));
}
END_TEST

START_TEST(test_audit_detects_swapped_contents)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	/* Ids stay in place; the rows' contents trade places. */
	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, "CREATE TEMP TABLE t AS"
	    " SELECT * FROM audit WHERE id IN (2, 3);"
	    "UPDATE audit SET (at, actor, op, detail, prev, hash) ="
	    " (SELECT at, actor, op, detail, prev, hash FROM t"
	    "  WHERE t.id = 5 - audit.id) WHERE id IN (2, 3)"), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	ck_assert_int_eq(bad, 2);
	ck_assert_uint_eq(count, 1);
}
END_TEST

START_TEST(test_audit_refuses_update_and_delete_through_sql)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;

	three_records();
	r = raw_open();
	ck_assert_int_eq(raw_exec(r, "UPDATE audit SET detail = 'x'"
	    " WHERE id = 2"), SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_ptr_nonnull(strstr(sqlite3_errmsg(r), "append-only"));
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit WHERE id = 3"),
	    SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(raw_exec(r, "DELETE FROM audit"),
	    SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit"), 3);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 0);
	ck_assert_uint_eq(count, 3);
}
END_TEST

static int
collect_audit(const struct castore_audit_rec *r, void *arg)
{
	char	*buf = arg;
	size_t	 n = strlen(buf);

	snprintf(buf + n, 512 - n, "#%lld %s %s %s %s;", (long long)r->id,
	    r->ca, r->actor, r->op, r->detail);
	return 0;
}

START_TEST(test_audit_records_name_their_ca)
{
	struct castore	*s;
	sqlite3		*r;
	char		 buf[512] = "", prev[65], hash[65], want[65];
	long long	 at;

	/* Without a name the store records nothing. */
	ck_assert_ptr_nonnull(s = castore_open(path));
	ck_assert_int_eq(castore_audit(s, "test", "one", "first"), -1);
	ck_assert_int_eq(castore_set_ca(s, ""), -1);
	ck_assert_int_eq(castore_set_ca(s, "a\nb"), -1);
	ck_assert_int_eq(castore_audit(s, "test", "one", "first"), -1);
	castore_close(s);
	three_records();

	r = raw_open();
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit"), 3);
	ck_assert_int_eq(raw_int(r, "SELECT count(*) FROM audit"
	    " WHERE ca = 'unit'"), 3);
	/* The name is hashed with the record (lib/chain.h's second form). */
	raw_text(r, "SELECT prev FROM audit WHERE id = 2", prev, sizeof(prev));
	raw_text(r, "SELECT hash FROM audit WHERE id = 2", hash, sizeof(hash));
	at = raw_int(r, "SELECT at FROM audit WHERE id = 2");
	sqlite3_close(r);
	ck_assert_int_eq(chain_hash_ca(prev, 2, at, "unit", "test", "two",
	    "second", want), 0);
	ck_assert_str_eq(want, hash);
	ck_assert_int_eq(chain_hash(prev, 2, at, "test", "two", "second",
	    want), 0);
	ck_assert_str_ne(want, hash);

	/* The newest records, oldest first, as cactl audit list shows. */
	s = open_store();
	ck_assert_int_eq(castore_audit_last(s, 2, collect_audit, buf), 0);
	ck_assert_str_eq(buf, "#2 unit test two second;"
	    "#3 unit test three 第三;");
	castore_close(s);
}
END_TEST

/* Three records, tampered with by sql; the first record that fails. */
static int64_t
tampered(const char *sql)
{
	sqlite3		*r;
	uint64_t	 count;
	int64_t		 bad = 0;
	const char	*why;

	unlink(path);
	three_records();
	r = raw_tamperer();
	ck_assert_int_eq(raw_exec(r, sql), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_int_eq(verify(&bad, &why, &count), 1);
	return bad;
}

START_TEST(test_audit_detects_a_moved_or_dropped_ca)
{
	/* Dropping the name from a record breaks its hash. */
	ck_assert_int_eq(tampered("UPDATE audit SET ca = '' WHERE id = 2"), 2);
	/* So does shifting it into the other fields (same words, same
	 * order, hashed without the name). */
	ck_assert_int_eq(tampered("UPDATE audit SET ca = '', actor = 'unit',"
	    " op = 'test', detail = 'two' || char(10) || 'second'"
	    " WHERE id = 2"), 2);
	/* Renaming the CA too. */
	ck_assert_int_eq(tampered("UPDATE audit SET ca = 'other'"
	    " WHERE id = 3"), 3);
}
END_TEST

/* A store of schema 6 (no ca column) verifies through a read-only handle,
 * which does not migrate it (cactl backup reads the live store so). */
START_TEST(test_audit_of_a_schema_6_store_verifies_read_only)
{
	struct castore	*s;
	sqlite3		*r;
	char		 sql[512], h1[65], h2[65];
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;
	char		 head[65];

	ck_assert_ptr_nonnull(s = castore_open_version(path, 6));
	castore_close(s);
	ck_assert_int_eq(chain_hash(CHAIN_GENESIS, 1, 100, "old", "one",
	    "first", h1), 0);
	ck_assert_int_eq(chain_hash(h1, 2, 101, "old", "two", "second", h2),
	    0);
	r = raw_open();
	snprintf(sql, sizeof(sql), "INSERT INTO audit VALUES (1, 100, 'old',"
	    " 'one', 'first', '%s', '%s'), (2, 101, 'old', 'two', 'second',"
	    " '%s', '%s')", CHAIN_GENESIS, h1, h1, h2);
	ck_assert_int_eq(raw_exec(r, sql), SQLITE_OK);
	sqlite3_close(r);
	ck_assert_ptr_nonnull(s = castore_open_ro(path));
	ck_assert_int_eq(castore_version(s), 6);
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 2);
	ck_assert_str_eq(head, h2);
	castore_close(s);
}
END_TEST

START_TEST(test_audit_refuses_newline_in_actor_or_operation)
{
	struct castore	*s = open_store();
	uint64_t	 count;
	int64_t		 bad;
	const char	*why;
	char		 head[65];

	/* Newlines separate the hashed fields: they would make it ambiguous. */
	ck_assert_int_eq(castore_audit(s, "a\nb", "op", "x"), -1);
	ck_assert_int_eq(castore_audit(s, "a", "op\n", "x"), -1);
	/* The detail is the last field: newlines there are unambiguous. */
	ck_assert_int_eq(castore_audit(s, "a", "op", "line 1\nline 2"), 0);
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 1);
	castore_close(s);
}
END_TEST

/* ---- linked platforms and the notice outbox ----------------------------- */

static void
add_platform(struct castore *s, const char *name, int expect)
{
	struct castore_platform	 p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.url, sizeof(p.url), "http://127.0.0.1:1/notice");
	snprintf(p.secret, sizeof(p.secret), "0123456789abcdef");
	ck_assert_int_eq(castore_platform_add(s, &p, NOW), expect);
}

/* Queues a notice for platform with its next sequence number. */
static int64_t
queue(struct castore *s, const char *platform, const char *event)
{
	struct castore_notice	 n;
	int64_t			 seq;

	ck_assert_int_eq(castore_platform_seq(s, platform, &seq), 0);
	memset(&n, 0, sizeof(n));
	snprintf(n.event_id, sizeof(n.event_id), "%s", event);
	snprintf(n.platform, sizeof(n.platform), "%s", platform);
	n.seq = seq;
	snprintf(n.type, sizeof(n.type), "revoked");
	snprintf(n.serial, sizeof(n.serial), "0A");
	n.body = fake_der;
	n.body_len = sizeof(fake_der);
	n.created_at = NOW;
	ck_assert_int_eq(castore_notice_add(s, &n), 0);
	return seq;
}

struct heads {
	int64_t	 id[8];
	char	 platform[8][CASTORE_PLATFORM_MAX];
	int64_t	 seq[8];
	int	 n;
};

static int
collect_head(void *arg, const struct castore_notice *n)
{
	struct heads	*h = arg;

	ck_assert_int_lt(h->n, 8);
	h->id[h->n] = n->id;
	h->seq[h->n] = n->seq;
	snprintf(h->platform[h->n], CASTORE_PLATFORM_MAX, "%s", n->platform);
	ck_assert_str_eq(n->url, "http://127.0.0.1:1/notice");
	ck_assert_uint_eq(n->body_len, sizeof(fake_der));
	h->n++;
	return 0;
}

static struct heads
heads_at(struct castore *s, int64_t now)
{
	struct heads	 h;

	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(castore_notice_due(s, now, collect_head, &h), 0);
	return h;
}

START_TEST(test_platform_names_are_unique_and_disabled_ones_get_no_seq)
{
	struct castore	*s = open_store();
	int64_t		 seq;

	add_platform(s, "辽宁建设工程信息网", 0);
	add_platform(s, "辽宁建设工程信息网", 1);
	ck_assert_int_eq(castore_platform_seq(s, "辽宁建设工程信息网", &seq),
	    0);
	ck_assert_int_eq(seq, 1);
	ck_assert_int_eq(castore_platform_seq(s, "辽宁建设工程信息网", &seq),
	    0);
	ck_assert_int_eq(seq, 2);
	ck_assert_int_eq(castore_platform_seq(s, "unknown", &seq), 1);
	ck_assert_int_eq(castore_platform_enable(s, "辽宁建设工程信息网", 0),
	    0);
	ck_assert_int_eq(castore_platform_seq(s, "辽宁建设工程信息网", &seq),
	    1);
	ck_assert_int_eq(castore_platform_enable(s, "unknown", 0), 1);
	castore_close(s);
}
END_TEST

START_TEST(test_only_each_platforms_oldest_undelivered_notice_is_due)
{
	struct castore	*s = open_store();
	struct heads	 h;
	int64_t		 first;

	add_platform(s, "A", 0);
	add_platform(s, "B", 0);
	queue(s, "A", "e1");
	queue(s, "A", "e2");
	queue(s, "B", "e2");
	h = heads_at(s, NOW);
	ck_assert_int_eq(h.n, 2);		/* A #1 and B #1 */
	ck_assert_int_eq(h.seq[0], 1);
	ck_assert_int_eq(h.seq[1], 1);
	first = strcmp(h.platform[0], "A") == 0 ? h.id[0] : h.id[1];
	/* A's first fails: A waits (its #2 must not overtake it). */
	ck_assert_int_eq(castore_notice_failed(s, first, NOW, NOW + 10, 0,
	    "HTTP 503"), 0);
	h = heads_at(s, NOW + 5);
	ck_assert_int_eq(h.n, 1);
	ck_assert_str_eq(h.platform[0], "B");
	h = heads_at(s, NOW + 10);
	ck_assert_int_eq(h.n, 2);
	/* Delivered: A's #2 becomes due; a repeated result changes nothing. */
	ck_assert_int_eq(castore_notice_delivered(s, first, NOW + 10), 0);
	ck_assert_int_eq(castore_notice_delivered(s, first, NOW + 11), 1);
	h = heads_at(s, NOW + 10);
	ck_assert_int_eq(h.n, 2);
	ck_assert_int_eq(strcmp(h.platform[0], "A") == 0 ? h.seq[0] :
	    h.seq[1], 2);
	castore_close(s);
}
END_TEST

START_TEST(test_a_notice_that_gave_up_holds_its_platform_until_retry)
{
	struct castore		*s = open_store();
	struct castore_notice	 n;
	struct heads		 h;

	add_platform(s, "A", 0);
	queue(s, "A", "e1");
	queue(s, "A", "e2");
	h = heads_at(s, NOW);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(castore_notice_failed(s, h.id[0], NOW, NOW + 1, 1,
	    "timed out"), 0);
	ck_assert_int_eq(castore_notice_get(s, h.id[0], &n), 0);
	ck_assert_str_eq(n.state, "failed");
	ck_assert_int_eq(n.attempts, 1);
	ck_assert_str_eq(n.last_error, "timed out");
	ck_assert_int_eq(heads_at(s, NOW + 100).n, 0);
	/* A disabled platform's notices wait too. */
	ck_assert_int_eq(castore_notice_retry(s, "A", 0, NOW + 100, NULL,
	    NULL), 2);
	ck_assert_int_eq(castore_platform_enable(s, "A", 0), 0);
	ck_assert_int_eq(heads_at(s, NOW + 100).n, 0);
	ck_assert_int_eq(castore_platform_enable(s, "A", 1), 0);
	h = heads_at(s, NOW + 100);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(h.seq[0], 1);
	ck_assert_int_eq(castore_notice_get(s, h.id[0], &n), 0);
	ck_assert_str_eq(n.state, "pending");
	ck_assert_int_eq(n.since, NOW + 100);
	ck_assert_int_eq(n.attempts, 0);
	ck_assert_int_eq(castore_notice_get(s, 999, &n), 1);
	castore_close(s);
}
END_TEST

static void
note_id(void *arg, int64_t id)
{
	struct heads	*h = arg;

	ck_assert_int_lt(h->n, 8);
	h->id[h->n++] = id;
}

START_TEST(test_retry_names_the_notices_it_made_due_and_no_others)
{
	struct castore	*s = open_store();
	struct heads	 got;

	add_platform(s, "A", 0);
	add_platform(s, "B", 0);
	queue(s, "A", "e1");		/* notice 1 */
	queue(s, "A", "e2");		/* notice 2 */
	queue(s, "B", "e1");		/* notice 3 */
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(castore_notice_retry(s, "A", 0, NOW + 1, note_id,
	    &got), 2);
	ck_assert_int_eq(got.n, 2);
	ck_assert_int_eq(got.id[0] * got.id[1], 2);	/* 1 and 2 */
	/* An id of another platform: nothing; one of its own: that one. */
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(castore_notice_retry(s, "B", 1, NOW + 1, note_id,
	    &got), 0);
	ck_assert_int_eq(got.n, 0);
	ck_assert_int_eq(castore_notice_retry(s, "A", 2, NOW + 1, note_id,
	    &got), 1);
	ck_assert_int_eq(got.n, 1);
	ck_assert_int_eq(got.id[0], 2);
	castore_close(s);
}
END_TEST

/* ---- figures for PROTO_METRICS ---------------------------------------- */

struct queues {
	char	 platform[4][CASTORE_PLATFORM_MAX];
	int64_t	 depth[4], oldest[4], failed[4];
	int	 n;
};

static int
collect_queue(void *arg, const struct castore_queue *q)
{
	struct queues	*h = arg;

	ck_assert_int_lt(h->n, 4);
	snprintf(h->platform[h->n], CASTORE_PLATFORM_MAX, "%s", q->platform);
	h->depth[h->n] = q->depth;
	h->oldest[h->n] = q->oldest;
	h->failed[h->n] = q->failed;
	h->n++;
	return 0;
}

static struct queues
queues(struct castore *s)
{
	struct queues	 h;

	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(castore_notice_queues(s, collect_queue, &h), 0);
	return h;
}

START_TEST(test_notice_queues_count_the_undelivered_and_date_the_oldest)
{
	struct castore	*s = open_store();
	struct queues	 q;
	struct heads	 h;

	add_platform(s, "A", 0);
	add_platform(s, "B", 0);
	queue(s, "A", "e1");
	queue(s, "A", "e2");
	q = queues(s);
	ck_assert_int_eq(q.n, 2);		/* in name order, B empty */
	ck_assert_str_eq(q.platform[0], "A");
	ck_assert_int_eq(q.depth[0], 2);
	ck_assert_int_eq(q.oldest[0], NOW);
	ck_assert_int_eq(q.failed[0], 0);
	ck_assert_str_eq(q.platform[1], "B");
	ck_assert_int_eq(q.depth[1], 0);
	ck_assert_int_eq(q.oldest[1], 0);
	/* Delivered leaves the count; one that gave up stays, counted. */
	h = heads_at(s, NOW);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(castore_notice_delivered(s, h.id[0], NOW + 1), 0);
	h = heads_at(s, NOW + 1);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(castore_notice_failed(s, h.id[0], NOW + 1, NOW + 2,
	    1, "timed out"), 0);
	q = queues(s);
	ck_assert_int_eq(q.depth[0], 1);
	ck_assert_int_eq(q.failed[0], 1);
	castore_close(s);
}
END_TEST

START_TEST(test_revoked_by_reason_and_audit_count)
{
	struct castore	*s = open_store();
	uint64_t	 n[11], audit;

	ck_assert_int_eq(castore_audit_count(s, &audit), 0);
	ck_assert_uint_eq(audit, 0);
	add(s, "0A", "CN=甲");
	add(s, "0B", "CN=乙");
	add(s, "0C", "CN=丙");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "0B", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "0C", 6, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_revoked_by_reason(s, n), 0);
	ck_assert_uint_eq(n[1], 2);
	ck_assert_uint_eq(n[6], 1);
	ck_assert_uint_eq(n[0] + n[2] + n[3] + n[4] + n[5] + n[9] + n[10], 0);
	/* A lifted hold leaves the figure. */
	ck_assert_int_eq(castore_unhold(s, "0C"), 0);
	ck_assert_int_eq(castore_revoked_by_reason(s, n), 0);
	ck_assert_uint_eq(n[6], 0);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(castore_audit(s, "test", "one", "first"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "two", "second"), 0);
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_int_eq(castore_audit_count(s, &audit), 0);
	ck_assert_uint_eq(audit, 2);
	castore_close(s);
}
END_TEST

/*
 * Two signers share one store (two cad on two hosts): the first takes the
 * role; the second is told who holds it and until when, and gets it only
 * once that lease has run out, with a higher token.  A signer that
 * restarts takes its own role back at once.
 */
START_TEST(test_one_signer_holds_the_role_at_a_time)
{
	struct castore		*a = open_store(), *b = open_store();
	struct castore_lease	 l;

	ck_assert_int_eq(castore_lease_get(a, &l), 0);
	ck_assert_int_eq(l.token, 0);
	ck_assert_str_eq(l.holder, "");

	ck_assert_int_eq(castore_lease_take(a, "host-a:/srv/ca", 1000, 5, &l),
	    1);
	ck_assert_int_eq(l.token, 1);
	ck_assert_str_eq(l.holder, "host-a:/srv/ca");
	ck_assert_int_eq(l.expires_at, 1005);

	/* Held: b is told by whom, until when; nothing changes. */
	ck_assert_int_eq(castore_lease_take(b, "host-b:/srv/ca", 1004, 5, &l),
	    0);
	ck_assert_int_eq(l.token, 1);
	ck_assert_str_eq(l.holder, "host-a:/srv/ca");
	ck_assert_int_eq(l.expires_at, 1005);

	/* a renews; b still waits; then a stops renewing. */
	ck_assert_int_eq(castore_lease_renew(a, 1, 1004, 5), 1);
	ck_assert_int_eq(castore_lease_take(b, "host-b:/srv/ca", 1008, 5, &l),
	    0);
	ck_assert_int_eq(castore_lease_take(b, "host-b:/srv/ca", 1009, 5, &l),
	    1);
	ck_assert_int_eq(l.token, 2);
	ck_assert_str_eq(l.holder, "host-b:/srv/ca");

	/* a's renewal now fails: its role is lost. */
	ck_assert_int_eq(castore_lease_renew(a, 1, 1010, 5), 0);
	ck_assert_int_eq(castore_lease_get(a, &l), 0);
	ck_assert_int_eq(l.token, 2);
	ck_assert_int_eq(l.expires_at, 1014);

	/* b restarts before its lease runs out: it takes it back. */
	ck_assert_int_eq(castore_lease_take(b, "host-b:/srv/ca", 1011, 5, &l),
	    1);
	ck_assert_int_eq(l.token, 3);

	/* Names and leases that make no sense are refused. */
	ck_assert_int_eq(castore_lease_take(a, "", 1011, 5, &l), -1);
	ck_assert_int_eq(castore_lease_take(a, "x", 1011, 0, &l), -1);
	castore_close(a);
	castore_close(b);
}
END_TEST

/*
 * The fence: a signer whose role was taken while it was stalled (a pause,
 * a partition) commits nothing, whatever it was about to write; the new
 * holder writes.  Without a fence (one signer) nothing is checked.
 */
START_TEST(test_a_signer_that_lost_the_role_writes_nothing)
{
	struct castore		*a = open_store(), *b = open_store();
	struct castore_lease	 l;
	struct castore_cert	 c;

	ck_assert_int_eq(castore_lease_take(a, "a", 1000, 5, &l), 1);
	castore_fence(a, l.token);
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(add_full(a, "0A", "CN=a", 2000000000, 1000, "o-1",
	    NULL), 0);
	ck_assert_int_eq(castore_commit(a), 0);
	ck_assert_int_eq(castore_fenced(a), 0);

	/* a stalls past its lease; b takes the role. */
	ck_assert_int_eq(castore_lease_take(b, "b", 1006, 5, &l), 1);
	castore_fence(b, l.token);

	ck_assert_int_eq(castore_begin(a), -1);
	ck_assert_int_eq(castore_fenced(a), 1);
	ck_assert_int_eq(castore_in_txn(a), 0);

	ck_assert_int_eq(castore_begin(b), 0);
	ck_assert_int_eq(add_full(b, "0B", "CN=b", 2000000000, 1006, "o-2",
	    NULL), 0);
	ck_assert_int_eq(castore_commit(b), 0);

	/* What a wrote before is there; nothing of a's since. */
	ck_assert_int_eq(castore_cert_get(b, "0A", &c), 0);
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_get(b, "0B", &c), 0);
	castore_cert_clear(&c);

	/* Unfenced, a reads and (as one signer would) writes. */
	castore_fence(a, 0);
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(castore_fenced(a), 0);
	ck_assert_int_eq(castore_rollback(a), 0);
	castore_close(a);
	castore_close(b);
}
END_TEST

/* The tokens serial was issued and revoked under. */
static void
assert_tokens(struct castore *s, const char *serial, int64_t issued,
    int64_t revoked)
{
	int64_t	 i, r;

	ck_assert_int_eq(castore_cert_tokens(s, serial, &i, &r), 0);
	ck_assert_msg(i == issued && r == revoked, "%s: issued under %lld, "
	    "revoked under %lld; want %lld, %lld", serial, (long long)i,
	    (long long)r, (long long)issued, (long long)revoked);
}

static int64_t
crl_token(struct castore *s)
{
	int64_t	 t = -1;

	ck_assert_int_eq(castore_crl_token(s, &t), 0);
	return t;
}

/*
 * Every row says under which holder's term it was written (schema 9):
 * a certificate the token it was issued and revoked under, the CRL
 * number the token it was last taken under, from the store's own fence.
 * After another holder takes the role, new rows carry its token and old
 * ones keep theirs.  Without a fence (one signer), 0.
 */
START_TEST(test_rows_carry_the_token_they_were_written_under)
{
	struct castore		*a = open_store(), *b = open_store();
	struct castore		*one = open_store();
	struct castore_lease	 l;
	int64_t			 i, r;

	/* No fence: 0. */
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(add_full(a, "01", "CN=one", LATER, 990, NULL, NULL),
	    0);
	ck_assert_uint_eq(castore_crl_next(a), 1);
	ck_assert_int_eq(castore_commit(a), 0);
	assert_tokens(a, "01", 0, 0);
	ck_assert_int_eq(crl_token(a), 0);
	ck_assert_int_eq(castore_cert_tokens(a, "FF", &i, &r), 1);

	/* a holds the role, token 1. */
	ck_assert_int_eq(castore_lease_take(a, "a", 1000, 5, &l), 1);
	ck_assert_int_eq(l.token, 1);
	castore_fence(a, l.token);
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(add_full(a, "0A", "CN=a", LATER, 1000, "o-1", NULL),
	    0);
	ck_assert_int_eq(castore_revoke(a, "01", 1, 1001, 0, NULL), 0);
	ck_assert_uint_eq(castore_crl_next(a), 2);
	ck_assert_int_eq(castore_commit(a), 0);
	assert_tokens(a, "0A", 1, 0);
	assert_tokens(a, "01", 0, 1);
	ck_assert_int_eq(crl_token(a), 1);

	/* a stalls past its lease; b takes the role, token 2. */
	ck_assert_int_eq(castore_lease_take(b, "b", 1006, 5, &l), 1);
	ck_assert_int_eq(l.token, 2);
	castore_fence(b, l.token);
	ck_assert_int_eq(castore_begin(b), 0);
	ck_assert_int_eq(add_full(b, "0B", "CN=b", LATER, 1006, "o-2", "0A"),
	    0);
	ck_assert_int_eq(castore_revoke(b, "0A", 4, 1006, 0, "o-2"), 0);
	ck_assert_uint_eq(castore_crl_next(b), 3);
	ck_assert_int_eq(castore_commit(b), 0);
	assert_tokens(b, "0B", 2, 0);
	assert_tokens(b, "0A", 1, 2);
	assert_tokens(b, "01", 0, 1);
	ck_assert_int_eq(crl_token(b), 2);

	/* a, fenced out, writes no row with its token any more. */
	ck_assert_int_eq(castore_begin(a), -1);
	ck_assert_int_eq(castore_fenced(a), 1);
	assert_tokens(b, "0B", 2, 0);
	ck_assert_int_eq(crl_token(b), 2);

	/* A hold released is no revocation: its token goes with it. */
	ck_assert_int_eq(castore_begin(b), 0);
	ck_assert_int_eq(castore_revoke(b, "0B", 6, 1007, 0, NULL), 0);
	ck_assert_int_eq(castore_commit(b), 0);
	assert_tokens(b, "0B", 2, 2);
	ck_assert_int_eq(castore_begin(b), 0);
	ck_assert_int_eq(castore_unhold(b, "0B"), 0);
	ck_assert_int_eq(castore_commit(b), 0);
	assert_tokens(b, "0B", 2, 0);

	/* A raise (cactl restore, no fence) below the number keeps the
	 * token; one above it takes the raiser's, 0. */
	ck_assert_int_eq(castore_begin(one), 0);
	ck_assert_uint_eq(castore_crl_raise(one, 2), 3);
	ck_assert_int_eq(crl_token(one), 2);
	ck_assert_uint_eq(castore_crl_raise(one, 10), 10);
	ck_assert_int_eq(crl_token(one), 0);
	ck_assert_int_eq(castore_commit(one), 0);
	castore_close(a);
	castore_close(b);
	castore_close(one);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("castore");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	testdir_init("check_castore");

	tc = tcase_create("schema");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_migrations_create_the_schema);
	tcase_add_test(tc, test_migration_3_keeps_every_row);
	tcase_add_test(tc, test_future_schema_version_is_refused);
	tcase_add_test(tc, test_meta_is_set_once_and_survives_reopen);
	tcase_add_test(tc, test_read_only_open_needs_an_existing_store);
	suite_add_tcase(s, tc);

	tc = tcase_create("certificates");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_cert_add_then_get_round_trips);
	tcase_add_test(tc, test_unknown_serial_is_not_found);
	tcase_add_test(tc, test_cert_by_order_finds_the_order_only);
	tcase_add_test(tc, test_duplicate_serial_returns_1_and_keeps_the_first);
	tcase_add_test(tc, test_order_id_maps_to_one_certificate);
	tcase_add_test(tc, test_revoke_twice_returns_1_and_keeps_the_first);
	tcase_add_test(tc, test_revoke_unknown_serial_returns_1);
	tcase_add_test(tc, test_revoke_with_reason_7_is_refused_by_the_schema);
	tcase_add_test(tc, test_unhold_only_lifts_certificate_hold);
	tcase_add_test(tc, test_replacement_links_old_to_new_once);
	tcase_add_test(tc, test_platform_links_are_idempotent_and_sorted);
	tcase_add_test(tc, test_platform_copy_copies_every_link);
	suite_add_tcase(s, tc);

	tc = tcase_create("listing");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_list_filters_by_state_newest_first);
	tcase_add_test(tc, test_list_filters_by_subject_substring);
	tcase_add_test(tc, test_list_stops_at_the_limit_and_on_callback_error);
	tcase_add_test(tc,
	    test_revoked_iteration_is_in_serial_order_skipping_expired);
	tcase_add_test(tc,
	    test_crl_number_strictly_increases_and_survives_reopen);
	suite_add_tcase(s, tc);

	tc = tcase_create("transactions");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc,
	    test_savepoint_undo_keeps_earlier_work_of_the_transaction);
	tcase_add_test(tc, test_rollback_discards_the_whole_transaction);
	tcase_add_test(tc, test_one_signer_holds_the_role_at_a_time);
	tcase_add_test(tc, test_a_signer_that_lost_the_role_writes_nothing);
	tcase_add_test(tc, test_rows_carry_the_token_they_were_written_under);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_empty_audit_chain_verifies);
	tcase_add_test(tc, test_audit_chain_verifies_and_reports_its_head);
	tcase_add_test(tc, test_audit_detects_edited_record);
	tcase_add_test(tc, test_audit_detects_edit_with_recomputed_hash);
	tcase_add_test(tc, test_audit_detects_deleted_record);
	tcase_add_test(tc, test_audit_detects_deleted_and_renumbered_records);
	tcase_add_test(tc, test_audit_detects_swapped_records);
	tcase_add_test(tc, test_audit_detects_swapped_contents);
	tcase_add_test(tc, test_audit_refuses_update_and_delete_through_sql);
	tcase_add_test(tc, test_audit_refuses_newline_in_actor_or_operation);
	tcase_add_test(tc, test_audit_records_name_their_ca);
	tcase_add_test(tc, test_audit_detects_a_moved_or_dropped_ca);
	tcase_add_test(tc, test_audit_of_a_schema_6_store_verifies_read_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("outbox");
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc,
	    test_platform_names_are_unique_and_disabled_ones_get_no_seq);
	tcase_add_test(tc,
	    test_only_each_platforms_oldest_undelivered_notice_is_due);
	tcase_add_test(tc,
	    test_a_notice_that_gave_up_holds_its_platform_until_retry);
	tcase_add_test(tc,
	    test_retry_names_the_notices_it_made_due_and_no_others);
	tcase_add_test(tc,
	    test_notice_queues_count_the_undelivered_and_date_the_oldest);
	tcase_add_test(tc, test_revoked_by_reason_and_audit_count);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
