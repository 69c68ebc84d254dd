/*
 * check_upgrade.c: both stores upgrade from every earlier schema version
 * (issue 18 item 6), and the programs refuse a newer one.
 *
 * Fixtures come from the migrations themselves, not from hand-written
 * schemas: for each version v below the current one (whatever it is:
 * the loops read castore_version_latest() and appdb_version_latest()),
 * castore_open_version() / appdb_create_version() run migrations 1..v
 * only.  Rows go in with generic SQL at that version: every column the
 * table has at v is copied from a reference database of the current
 * version filled by the current code (the store's own functions, `webctl
 * demo`), so the old database holds rows like those of its era without a
 * row written by hand.  The old database's every table is then dumped
 * (its columns at v, rows sorted), upgraded by the current code (the
 * store as cad opens it; `webctl migrate` for the app database), dumped
 * again with the same columns, and the two must be equal; the audit
 * chains must verify with every record still there.
 *
 * A migration that changes old data on purpose names the column in
 * changed[] below, with the reason; nothing else may change.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "ca/castore.h"
#include "lib/chain.h"
#include "fcgi/appdb.h"
#include "tests/integ/pgfix.h"

static char	 top[] = "/tmp/careissue-upgrade-XXXXXX";

/* Columns a migration rewrites on purpose. */
static const struct {
	const char	*table, *column, *why;
} changed[] = {
	{ "reset_code", "expires_at",
	    "web migration 11: reset codes stored before it die at once" },
};

static int
is_changed(const char *table, const char *column)
{
	size_t	 i;

	for (i = 0; i < sizeof(changed) / sizeof(changed[0]); i++)
		if (strcmp(changed[i].table, table) == 0 &&
		    strcmp(changed[i].column, column) == 0)
			return 1;
	return 0;
}

/* snprintf(), without the compiler's guesses at truncation. */
static void	fmt(char *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

static void
fmt(char *buf, size_t sz, const char *f, ...)
{
	va_list	 ap;

	va_start(ap, f);
	ck_assert_int_lt(vsnprintf(buf, sz, f, ap), (int)sz);
	va_end(ap);
}

static const char *
bindir(void)
{
	const char	*e = getenv("BINDIR");

	return e != NULL ? e : "build/bin";
}

/* ---- generic SQL over whatever tables a version has ------------------ */

#define MAXT	64

struct table {
	char	 name[128];
	char	 cols[2048];	/* "a","b",... (the compared ones) */
	char	*dump;
	long	 rows;
};

/* Appends s quoted as an identifier to buf. */
static void
ident(char *buf, size_t sz, const char *s)
{
	size_t	 n = strlen(buf);

	snprintf(buf + n, sz - n, "%s\"%s\"", n > 0 ? "," : "", s);
}

/* The tables of schema (main/ref), in name order; returns how many. */
static int
tables(sqlite3 *h, const char *schema, struct table *t)
{
	sqlite3_stmt	*q;
	char		 sql[256];
	int		 n = 0;

	snprintf(sql, sizeof(sql), "SELECT name FROM \"%s\".sqlite_schema "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%%' ORDER BY name",
	    schema);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW && n < MAXT) {
		memset(&t[n], 0, sizeof(t[n]));
		snprintf(t[n].name, sizeof(t[n].name), "%s",
		    (const char *)sqlite3_column_text(q, 0));
		n++;
	}
	sqlite3_finalize(q);
	return n;
}

/* 1 if schema.table has column col. */
static int
has_col(sqlite3 *h, const char *schema, const char *table, const char *col)
{
	sqlite3_stmt	*q;
	int		 found = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT 1 FROM "
	    "pragma_table_info(?1, ?2) WHERE name = ?3", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, schema, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, col, -1, SQLITE_STATIC);
	found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return found;
}

/* The columns of main.table (those also in other, if not NULL). */
static void
columns(sqlite3 *h, const char *table, const char *other, int compare,
    char *buf, size_t sz)
{
	sqlite3_stmt	*q;
	const char	*c;

	buf[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM "
	    "pragma_table_info(?1, 'main') ORDER BY cid", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		c = (const char *)sqlite3_column_text(q, 0);
		if (other != NULL && !has_col(h, other, table, c))
			continue;
		if (compare && is_changed(table, c))
			continue;
		ident(buf, sz, c);
	}
	sqlite3_finalize(q);
}

/*
 * Copies into every table of the old database (main) the rows of the
 * reference (ref) in the columns the old table has.  Rows the old
 * constraints refuse are left out (OR IGNORE).  Returns rows copied.
 */
static long
fill(sqlite3 *h)
{
	struct table	 t[MAXT];
	sqlite3_stmt	*q;
	char		 cols[2048], sql[6000];
	long		 total = 0;
	int		 i, n;

	n = tables(h, "main", t);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA foreign_keys = OFF; BEGIN",
	    NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < n; i++) {
		columns(h, t[i].name, "ref", 0, cols, sizeof(cols));
		if (cols[0] == '\0')
			continue;
		fmt(sql, sizeof(sql), "INSERT OR IGNORE INTO main.\"%s\" "
		    "(%s) SELECT %s FROM ref.\"%s\"", t[i].name, cols, cols,
		    t[i].name);
		ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &q, NULL) ==
		    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
		ck_assert_msg(sqlite3_step(q) == SQLITE_DONE, "%s: %s", sql,
		    sqlite3_errmsg(h));
		sqlite3_finalize(q);
		total += sqlite3_changes(h);
	}
	ck_assert_int_eq(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	return total;
}

/* Every row of main.table in cols, as sorted text lines (malloc'd). */
static char *
dump(sqlite3 *h, const char *table, const char *cols, long *rows)
{
	sqlite3_stmt	*q;
	char		 sql[8192], expr[6000] = "", *out;
	const char	*p, *e;
	size_t		 len = 0, cap = 1;

	/* quote(a)||'|'||quote(b)... */
	for (p = cols; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		e = strchr(p + 1, '"') + 1;
		fmt(expr + strlen(expr), sizeof(expr) - strlen(expr),
		    "%squote(%.*s)", expr[0] != '\0' ? "||'|'||" : "",
		    (int)(e - p), p);
	}
	fmt(sql, sizeof(sql), "SELECT %s AS l FROM main.\"%s\" "
	    "ORDER BY l", expr, table);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(h));
	out = calloc(1, 1);
	*rows = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		p = (const char *)sqlite3_column_text(q, 0);
		cap = len + strlen(p) + 2;
		out = realloc(out, cap);
		memcpy(out + len, p, strlen(p));
		len += strlen(p);
		out[len++] = '\n';
		out[len] = '\0';
		(*rows)++;
	}
	sqlite3_finalize(q);
	return out;
}

/* Opens path raw, with ref attached if ref is not NULL. */
static sqlite3 *
raw(const char *path, const char *ref)
{
	sqlite3		*h;
	sqlite3_stmt	*q;

	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	if (ref != NULL) {
		ck_assert_int_eq(sqlite3_prepare_v2(h, "ATTACH ?1 AS ref", -1,
		    &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
		sqlite3_finalize(q);
	}
	return h;
}

static void
set_version(const char *path, int v)
{
	sqlite3	*h = raw(path, NULL);
	char	 sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* The whole file, malloc'd and NUL-terminated, or NULL. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) ==
	    NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	} else
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static int
user_version(const char *path)
{
	sqlite3		*h = raw(path, NULL);
	sqlite3_stmt	*q;
	int		 v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q,
	    NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return v;
}

/* Snapshots every table of path; returns how many. */
static int
snapshot(const char *path, struct table *t, long *rows)
{
	sqlite3	*h = raw(path, NULL);
	int	 i, n;

	n = tables(h, "main", t);
	*rows = 0;
	for (i = 0; i < n; i++) {
		columns(h, t[i].name, NULL, 1, t[i].cols, sizeof(t[i].cols));
		t[i].dump = dump(h, t[i].name, t[i].cols, &t[i].rows);
		*rows += t[i].rows;
	}
	sqlite3_close(h);
	return n;
}

/* Checks every table of the snapshot against path after the upgrade. */
static void
compare(const char *path, struct table *t, int n, int v, const char *what)
{
	sqlite3	*h = raw(path, NULL);
	char	*now;
	long	 rows;
	int	 i;

	for (i = 0; i < n; i++) {
		now = dump(h, t[i].name, t[i].cols, &rows);
		ck_assert_msg(strcmp(now, t[i].dump) == 0, "%s version %d: "
		    "table %s: %ld rows before the upgrade, %ld after, or "
		    "their values changed", what, v, t[i].name, t[i].rows,
		    rows);
		free(now);
		free(t[i].dump);
		t[i].dump = NULL;
	}
	sqlite3_close(h);
}

/* ---- the signing daemon's store --------------------------------------- */

/*
 * n audit records as the stores before schema 7 wrote them: without the
 * CA's name, hashed by lib/chain.h's first form.  (castore_audit() now
 * always names the CA, and the stores of those versions have no column
 * for it.)
 */
static void
era_audit(const char *path, int n)
{
	sqlite3		*h = raw(path, NULL);
	sqlite3_stmt	*q;
	char		 prev[CHAIN_HEX_LEN + 1] = CHAIN_GENESIS;
	char		 hash[CHAIN_HEX_LEN + 1], detail[64];
	long long	 at = (long long)time(NULL) - 60;
	int		 i;

	ck_assert_int_eq(sqlite3_prepare_v2(h, "INSERT INTO audit (id, at,"
	    " actor, op, detail, prev, hash) VALUES (?1, ?2, 'check_upgrade',"
	    " 'op', ?3, ?4, ?5)", -1, &q, NULL), SQLITE_OK);
	for (i = 0; i < n; i++) {
		snprintf(detail, sizeof(detail), "record %d of the era", i);
		ck_assert_int_eq(chain_hash(prev, i + 1, at + i,
		    "check_upgrade", "op", detail, hash), 0);
		sqlite3_bind_int(q, 1, i + 1);
		sqlite3_bind_int64(q, 2, at + i);
		sqlite3_bind_text(q, 3, detail, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 4, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 5, hash, -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
		sqlite3_reset(q);
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(q);
	sqlite3_close(h);
}

static void
castore_reference(const char *path, uint64_t *audits)
{
	struct castore		*s;
	struct castore_cert	 c;
	struct castore_platform	 p;
	struct castore_notice	 nt;
	uint8_t			 der[64];
	int64_t			 seq, now = (int64_t)time(NULL);
	char			 head[65];
	int64_t			 bad;
	const char		*why;
	int64_t			 it, rt;
	sqlite3			*h;
	int			 i;

	ck_assert_ptr_nonnull(s = castore_open(path));
	/* Written by a signer holding the role with token 3 (schema 9). */
	h = raw(path, NULL);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE signer SET token = 3", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	castore_fence(s, 3);
	ck_assert_int_eq(castore_begin(s), 0);
	memset(der, 0x30, sizeof(der));
	for (i = 0; i < 12; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(c.serial, sizeof(c.serial), "7A%02X11223344", i);
		snprintf(c.subject, sizeof(c.subject), "CN=u%d,O=升级", i);
		c.not_before = now - 100;
		c.not_after = now + 86400 * 365;
		c.issued_at = now - 50 + i;
		c.der = der;
		c.der_len = sizeof(der) - (size_t)i;
		c.subject_der = der;
		c.subject_der_len = 8;
		if (i % 2 == 0)
			snprintf(c.order_id, sizeof(c.order_id), "order-%d", i);
		if (i == 5)
			snprintf(c.replaces, sizeof(c.replaces),
			    "7A0411223344");
		ck_assert_int_eq(castore_cert_add(s, &c), 0);
	}
	ck_assert_int_eq(castore_link_replacement(s, "7A0411223344",
	    "7A0511223344"), 0);
	ck_assert_int_eq(castore_revoke(s, "7A0411223344", 1, now - 10, 0,
	    "order-4r"), 0);
	ck_assert_int_eq(castore_revoke(s, "7A0711223344", 6, now - 5,
	    now - 100, ""), 0);
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "平台一");
	snprintf(p.url, sizeof(p.url), "https://p1.example/notice");
	snprintf(p.secret, sizeof(p.secret), "0123456789abcdef0123");
	ck_assert_int_eq(castore_platform_add(s, &p, now), 0);
	ck_assert_int_eq(castore_platform_link(s, "7A0011223344", "平台一"),
	    0);
	ck_assert_int_eq(castore_platform_seq(s, "平台一", &seq), 0);
	memset(&nt, 0, sizeof(nt));
	snprintf(nt.event_id, sizeof(nt.event_id), "ev-1");
	snprintf(nt.platform, sizeof(nt.platform), "平台一");
	nt.seq = seq;
	snprintf(nt.type, sizeof(nt.type), "revoked");
	snprintf(nt.serial, sizeof(nt.serial), "7A0411223344");
	nt.body = der;
	nt.body_len = sizeof(der);
	nt.created_at = now;
	ck_assert_int_eq(castore_notice_add(s, &nt), 0);
	ck_assert_uint_ne(castore_crl_next(s), 0);
	ck_assert_uint_ne(castore_crl_next(s), 0);
	ck_assert_int_eq(castore_meta_set(s, CASTORE_META_CRL_SHARDS, 0), 0);
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_int_eq(castore_cert_tokens(s, "7A0411223344", &it, &rt), 0);
	ck_assert(it == 3 && rt == 3);
	castore_close(s);
	era_audit(path, 6);
	ck_assert_ptr_nonnull(s = castore_open(path));
	ck_assert_int_eq(castore_audit_verify(s, audits, head, &bad, &why), 0);
	ck_assert_uint_eq(*audits, 6);
	castore_close(s);
}

START_TEST(test_castore_upgrades_from_every_earlier_version)
{
	struct table	 t[MAXT];
	struct castore	*s;
	char		 ref[PATH_MAX], old[PATH_MAX], head[65];
	uint64_t	 audits, count;
	int64_t		 bad;
	const char	*why;
	long		 rows, copied;
	int64_t		 it, rt;
	int		 v, n, latest = castore_version_latest();

	ck_assert_int_ge(latest, 2);
	snprintf(ref, sizeof(ref), "%s/ca-ref.db", top);
	castore_reference(ref, &audits);
	for (v = 1; v < latest; v++) {
		snprintf(old, sizeof(old), "%s/ca-v%d.db", top, v);
		ck_assert_ptr_nonnull(s = castore_open_version(old, v));
		castore_close(s);
		ck_assert_int_eq(user_version(old), v);
		{
			sqlite3 *h = raw(old, ref);

			copied = fill(h);
			sqlite3_close(h);
		}
		ck_assert_msg(copied >= 12, "version %d: only %ld rows went "
		    "in", v, copied);
		n = snapshot(old, t, &rows);
		/* The current code, as cad opens its store. */
		ck_assert_ptr_nonnull(s = castore_open(old));
		ck_assert_int_eq(castore_version(s), latest);
		ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad,
		    &why), 0);
		ck_assert_uint_eq(count, audits);
		/* Rows from before schema 9 carry no token: 0. */
		if (v < 9) {
			ck_assert_int_eq(castore_cert_tokens(s, "7A0411223344",
			    &it, &rt), 0);
			ck_assert(it == 0 && rt == 0);
			ck_assert_int_eq(castore_crl_token(s, &it), 0);
			ck_assert_int_eq(it, 0);
		}
		castore_close(s);
		compare(old, t, n, v, "castore");
		/* Its chain goes on with records naming their CA. */
		ck_assert_ptr_nonnull(s = castore_open(old));
		ck_assert_int_eq(castore_set_ca(s, "upgraded"), 0);
		ck_assert_int_eq(castore_begin(s), 0);
		ck_assert_int_eq(castore_audit(s, "check_upgrade", "after",
		    "first record naming its CA"), 0);
		ck_assert_int_eq(castore_commit(s), 0);
		ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad,
		    &why), 0);
		ck_assert_uint_eq(count, audits + 1);
		castore_close(s);
	}
}
END_TEST

START_TEST(test_cad_refuses_a_newer_store)
{
	char	 dir[PATH_MAX], db[PATH_MAX + 8];
	int	 v = castore_version_latest() + 1;

	snprintf(dir, sizeof(dir), "%s/newca", top);
	snprintf(db, sizeof(db), "%s/ca.db", dir);
	ck_assert_int_eq(pgfix_sh("openssl rand -base64 32 > %s/pass && chmod 600 "
	    "%s/pass && CA_PASSPHRASE_FILE=%s/pass '%s/cactl' init %s "
	    ">/dev/null 2>&1", top, top, top, bindir(), dir), 0);
	set_version(db, v);
	ck_assert_int_eq(pgfix_sh("sha256sum %s > %s/newca.sum", db, top), 0);
	ck_assert_int_ne(pgfix_sh("CA_PASSPHRASE_FILE=%s/pass timeout 30 "
	    "'%s/cad' -c %s -s %s/cad.sock -n %s/notify.sock > %s/cad.log "
	    "2>&1", top, bindir(), dir, top, top, top), 0);
	ck_assert_msg(pgfix_sh("grep -q 'database version %d is newer than this "
	    "program' %s/cad.log", v, top) == 0, "cad did not say why");
	ck_assert_int_eq(user_version(db), v);
	ck_assert_int_eq(pgfix_sh("sha256sum -c --quiet %s/newca.sum", top), 0);
}
END_TEST

/* ---- the web application's database ----------------------------------- */

/* Rows demo does not make: certificates, an order, a session, a code. */
static void
appdb_reference(struct appdb *db)
{
	struct appdb_cert_new	 c;
	struct appdb_order_new	 o;
	long long		 cert, order, m, now = (long long)time(NULL);
	long long		 pf, product;

	memset(&c, 0, sizeof(c));
	c.serial_hex = "5A5A0102030405060708";
	c.cert_type = "company";
	c.company = 1;
	c.holder = 1;
	c.vendor = "CFCA";
	c.lock_type = "company_master";
	c.key_serial = "KEY-0001";
	c.first_applied_at = now - 86400;
	c.not_after = now + 86400 * 365;
	ck_assert_int_eq(appdb_cert_add(db, &c, &cert), 0);
	ck_assert_int_gt(pf = appdb_platform_id(db, "辽宁建设工程信息网"), 0);
	ck_assert_int_eq(appdb_cert_link(db, cert, pf), 1);
	ck_assert_int_gt(m = appdb_membership_id(db, 1, 1, APPDB_ROLE_ADMIN),
	    0);
	ck_assert_int_gt(product = appdb_product_id(db, "ca_reissue"), 0);
	memset(&o, 0, sizeof(o));
	o.order_no = "CR20260101000001";
	o.kind = "ca_reissue";
	o.person = 1;
	o.membership = m;
	o.company = 1;
	o.cert = cert;
	o.product = product;
	o.quantity = 1;
	o.amount_fen = 10000;
	o.reason = "lost";
	o.submit_key = "upgrade-test-key-0001";
	o.now = now;
	ck_assert_int_eq(appdb_order_add(db, &o, &order), 0);
	ck_assert_int_eq(appdb_session_add(db, "0123456789abcdef0123456789abcd"
	    "ef0123456789abcdef0123456789abcdef", 1, "c0ffee00c0ffee00c0ffee00"
	    "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", now), 0);
}

START_TEST(test_appdb_upgrades_from_every_earlier_version)
{
	struct table	 t[MAXT];
	struct appdb	*db;
	char		 ref[PATH_MAX], old[PATH_MAX], out[PATH_MAX + 64];
	char		*txt, want[64];
	long		 rows, copied, audits;
	int		 v, n, i, latest = appdb_version_latest();
	struct appdb_counts c;

	ck_assert_int_ge(latest, 2);
	/* The reference: the current program's demo data, and audits. */
	snprintf(ref, sizeof(ref), "%s/app-ref.db", top);
	ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s demo > /dev/null 2>&1",
	    bindir(), ref), 0);
	ck_assert_ptr_nonnull(db = appdb_open(ref));
	appdb_reference(db);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(appdb_audit(db, "check_upgrade", "op",
		    "a record of the era"), 0);
	ck_assert_int_eq(appdb_counts(db, &c), 0);
	audits = c.audit;
	appdb_close(db);
	for (v = 1; v < latest; v++) {
		snprintf(old, sizeof(old), "%s/app-v%d.db", top, v);
		ck_assert_int_eq(appdb_create_version(old, v), 0);
		ck_assert_int_eq(user_version(old), v);
		{
			sqlite3 *h = raw(old, ref);

			copied = fill(h);
			sqlite3_close(h);
		}
		ck_assert_msg(copied >= 10, "version %d: only %ld rows went "
		    "in", v, copied);
		n = snapshot(old, t, &rows);
		/* The current program upgrades it. */
		ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s migrate > /dev/null "
		    "2>&1", bindir(), old), 0);
		ck_assert_int_eq(user_version(old), latest);
		snprintf(out, sizeof(out), "%s/verify.out", top);
		ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s audit-verify > %s "
		    "2>&1", bindir(), old, out), 0);
		ck_assert_ptr_nonnull(txt = slurp(out));
		snprintf(want, sizeof(want), "intact: %ld records", audits);
		ck_assert_msg(strstr(txt, want) != NULL, "version %d: %s", v,
		    txt);
		free(txt);
		compare(old, t, n, v, "appdb");
	}
}
END_TEST

START_TEST(test_webctl_refuses_a_newer_database)
{
	char	 db[PATH_MAX];
	int	 v = appdb_version_latest() + 1;

	snprintf(db, sizeof(db), "%s/new-app.db", top);
	ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s migrate > /dev/null 2>&1",
	    bindir(), db), 0);
	set_version(db, v);
	ck_assert_int_eq(pgfix_sh("sha256sum %s > %s/new-app.sum", db, top), 0);
	ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s status > %s/webctl.log 2>&1",
	    bindir(), db, top), 1);
	ck_assert_msg(pgfix_sh("grep -q 'schema version %d, newer than this "
	    "program' %s/webctl.log", v, top) == 0, "webctl did not say why");
	ck_assert_int_eq(pgfix_sh("'%s/webctl' -d %s migrate > /dev/null 2>&1",
	    bindir(), db), 1);
	ck_assert_int_eq(user_version(db), v);
	ck_assert_int_eq(pgfix_sh("sha256sum -c --quiet %s/new-app.sum", top), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("upgrade");
	TCase	*tc = tcase_create("upgrade");
	SRunner	*sr;
	int	 failed;

	/* 0711: cad, run as root, reaches its store as the store user. */
	if (mkdtemp(top) == NULL || chmod(top, 0711) == -1) {
		perror(top);
		return EXIT_FAILURE;
	}
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_castore_upgrades_from_every_earlier_version);
	tcase_add_test(tc, test_cad_refuses_a_newer_store);
	tcase_add_test(tc, test_appdb_upgrades_from_every_earlier_version);
	tcase_add_test(tc, test_webctl_refuses_a_newer_database);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (getenv("KEEP_TEST_DIRS") == NULL)
		pgfix_sh("rm -rf %s", top);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
