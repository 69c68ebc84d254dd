/*
 * castore.c: the daemon's store: the connection on its engine
 * (lib/dbeng.h: SQLite, a file, the default; or PostgreSQL, from a libpq
 * connection string), its migrations, the one table of statements
 * (with PostgreSQL's spelling beside it where the dialects differ),
 * transactions and savepoints, the settings fixed at init (meta), the
 * CRL number, the counts, and the hash-chained audit log.  Certificates
 * are in castorecert.c, platforms and the notice outbox in
 * castoreplat.c, the signing role in castorelease.c, the schema scripts
 * in castoreschema.c; ca/castoreint.h is what they share.  It calls
 * neither SQLite nor libpq: the engines do.
 *
 * Every statement is prepared once, from the one table below, and reset
 * after use.  The schema is versioned (SQLite's PRAGMA user_version,
 * PostgreSQL's schema_version table); migration N takes version N-1 to N
 * inside one transaction.  The store never commits on its own: callers
 * bracket each operation (certificate + revocation + audit record) in
 * castore_begin/commit, so an operation is all or nothing.  A write
 * transaction excludes every other writer from its start on both
 * engines (BEGIN IMMEDIATE; PostgreSQL's advisory lock "cast"), so the
 * fence's check at its start (castore_begin) holds until its commit,
 * and what it writes carries that fence (schema 9): the token a
 * certificate was issued and revoked under and the CRL number taken
 * under come from the store's own fence, never from its callers.
 * The audit table is append-only by construction: there is no statement
 * here that updates or deletes it, and triggers refuse both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ca/castore.h"
#include "ca/castoreint.h"
#include "lib/chain.h"
#include "lib/dbeng.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

#define CERT_COLS \
	"serial, subject, not_before, not_after, issued_at," \
	" COALESCE(revoked_at, 0), COALESCE(reason, -1)," \
	" COALESCE(invalidity, 0), COALESCE(order_id, '')," \
	" COALESCE(revoke_order, ''), COALESCE(replaces, '')," \
	" COALESCE(replaced_by, ''), der, subject_der"

static const char *const sql[ST__MAX] = {
	/* ST_BEGIN */
	"BEGIN IMMEDIATE",
	/* ST_COMMIT */
	"COMMIT",
	/* ST_ROLLBACK */
	"ROLLBACK",
	/* ST_SAVEPOINT */
	"SAVEPOINT op",
	/* ST_SAVEPOINT_UNDO */
	"ROLLBACK TO op",
	/* ST_SAVEPOINT_KEEP */
	"RELEASE op",
	/* ST_CERT_ADD: ?10 the store's fence */
	"INSERT INTO cert (serial, subject, subject_der, not_before,"
	" not_after, issued_at, der, order_id, replaces, issued_token)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, ''),"
	" NULLIF(?9, ''), ?10)",
	/* ST_CERT_EXISTS */
	"SELECT 1 FROM cert WHERE serial = ?1",
	/* ST_CERT_GET */
	"SELECT " CERT_COLS " FROM cert WHERE serial = ?1",
	/* ST_CERT_BY_ORDER */
	"SELECT " CERT_COLS " FROM cert WHERE order_id = ?1",
	/* ST_REVOKE: ?6 the store's fence */
	"UPDATE cert SET revoked_at = ?2, reason = NULLIF(?3, -1),"
	" invalidity = NULLIF(?4, 0), revoke_order = NULLIF(?5, ''),"
	" revoked_token = ?6"
	" WHERE serial = ?1 AND revoked_at IS NULL",
	/* ST_UNHOLD */
	"UPDATE cert SET revoked_at = NULL, reason = NULL,"
	" invalidity = NULL, revoke_order = NULL, revoked_token = 0"
	" WHERE serial = ?1 AND reason = 6",
	/* ST_LINK_OLD */
	"UPDATE cert SET replaced_by = ?2 WHERE serial = ?1"
	" AND replaced_by IS NULL",
	/* ST_PLATFORM_LINK */
	"INSERT OR IGNORE INTO cert_platform (serial, platform)"
	" VALUES (?1, ?2)",
	/* ST_PLATFORM_COPY */
	"INSERT OR IGNORE INTO cert_platform (serial, platform)"
	" SELECT ?2, platform FROM cert_platform WHERE serial = ?1",
	/* ST_PLATFORMS */
	"SELECT platform FROM cert_platform WHERE serial = ?1"
	" ORDER BY platform",
	/* ST_LIST */
	"SELECT " CERT_COLS " FROM cert"
	" WHERE (?1 = 'all'"
	"   OR (?1 = 'valid' AND revoked_at IS NULL AND not_after > ?3)"
	"   OR (?1 = 'revoked' AND revoked_at IS NOT NULL)"
	"   OR (?1 = 'expired' AND revoked_at IS NULL AND not_after <= ?3))"
	" AND (?2 = '' OR instr(subject, ?2) > 0)"
	" ORDER BY issued_at DESC, serial LIMIT ?4",
	/* ST_REVOKED */
	"SELECT serial, revoked_at, COALESCE(reason, -1),"
	" COALESCE(invalidity, 0) FROM cert"
	" WHERE revoked_at IS NOT NULL AND not_after > ?1 ORDER BY serial",
	/* ST_REVOKED_TAIL: one last serial byte (two hex digits) */
	"SELECT serial, revoked_at, COALESCE(reason, -1),"
	" COALESCE(invalidity, 0) FROM cert"
	" WHERE substr(serial, -2) = ?2 AND revoked_at IS NOT NULL"
	" AND not_after > ?1 ORDER BY substr(serial, -2), serial",
	/* ST_REVOKED_SINCE */
	"SELECT serial, revoked_at, COALESCE(reason, -1),"
	" COALESCE(invalidity, 0) FROM cert"
	" WHERE revoked_at >= ?2 AND revoked_at IS NOT NULL"
	" AND not_after > ?1 ORDER BY revoked_at",
	/* ST_UNEXPIRED: a page of every unexpired certificate's status */
	"SELECT serial, COALESCE(revoked_at, 0), COALESCE(reason, -1),"
	" COALESCE(invalidity, 0) FROM cert"
	" WHERE serial > ?2 AND not_after > ?1 ORDER BY serial LIMIT ?3",
	/* ST_COUNT_ALL */
	"SELECT count(*) FROM cert",
	/* ST_COUNT_REVOKED */
	"SELECT count(*) FROM cert WHERE revoked_at IS NOT NULL",
	/* ST_CRL_NEXT: ?1 the store's fence */
	"UPDATE crl_state SET number = number + 1, token = ?1 WHERE id = 1"
	" RETURNING number",
	/* ST_CRL_LAST */
	"SELECT number FROM crl_state WHERE id = 1",
	/* ST_CRL_RAISE: ?2 the store's fence, kept if the number is */
	"UPDATE crl_state SET number = max(number, ?1),"
	" token = CASE WHEN ?1 > number THEN ?2 ELSE token END WHERE id = 1"
	" RETURNING number",
	/* ST_AUDIT_HEAD */
	"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	/* ST_AUDIT_ADD */
	"INSERT INTO audit (id, at, actor, op, detail, prev, hash, ca)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* ST_AUDIT_ALL */
	"SELECT id, at, actor, op, detail, prev, hash, ca FROM audit"
	" ORDER BY id",
	/* ST_AUDIT_ALL_V6: the same of a store before schema 7 (no ca),
	 * which a read-only handle (cactl backup) does not migrate */
	"SELECT id, at, actor, op, detail, prev, hash, '' FROM audit"
	" ORDER BY id",
	/* ST_AUDIT_LAST: the newest ?1 records, oldest first */
	"SELECT id, at, ca, actor, op, detail FROM"
	" (SELECT * FROM audit ORDER BY id DESC LIMIT ?1) AS a ORDER BY id",
	/* ST_PF_ADD */
	"INSERT OR IGNORE INTO platform (name, url, cert, secret, added_at)"
	" VALUES (?1, ?2, ?3, NULLIF(?4, ''), ?5)",
	/* ST_PF_ENABLE */
	"UPDATE platform SET enabled = ?2 WHERE name = ?1",
	/* ST_PF_ALL */
	"SELECT name, url, cert, COALESCE(secret, ''), enabled, seq,"
	" added_at,"
	" (SELECT count(*) FROM notice n WHERE n.platform = p.name"
	"   AND n.state = 'pending'),"
	" (SELECT count(*) FROM notice n WHERE n.platform = p.name"
	"   AND n.state = 'failed')"
	" FROM platform p ORDER BY name",
	/* ST_PF_SEQ: the next sequence number of an enabled platform */
	"UPDATE platform SET seq = seq + 1 WHERE name = ?1 AND enabled = 1"
	" RETURNING seq",
	/* ST_NOTICE_ADD */
	"INSERT INTO notice (event_id, platform, seq, type, serial, body,"
	" created_at, next_at, since)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
	/*
	 * ST_NOTICE_DUE: each enabled platform's head, if it is pending and
	 * due.  A head that gave up ('failed') holds its platform back.
	 */
	"SELECT n.id, n.event_id, n.platform, n.seq, n.type, n.serial,"
	" n.body, n.created_at, n.state, n.attempts, n.next_at, n.since,"
	" COALESCE(n.last_at, 0), COALESCE(n.last_error, ''),"
	" COALESCE(n.delivered_at, 0), p.url, p.cert, COALESCE(p.secret, '')"
	" FROM platform p JOIN notice n ON n.id ="
	"  (SELECT id FROM notice WHERE platform = p.name"
	"   AND state <> 'delivered' ORDER BY seq LIMIT 1)"
	" WHERE p.enabled = 1 AND n.state = 'pending' AND n.next_at <= ?1"
	" ORDER BY n.next_at, n.id",
	/* ST_NOTICE_GET */
	"SELECT id, event_id, platform, seq, type, serial, NULL, created_at,"
	" state, attempts, next_at, since, COALESCE(last_at, 0),"
	" COALESCE(last_error, ''), COALESCE(delivered_at, 0)"
	" FROM notice WHERE id = ?1",
	/* ST_NOTICE_DELIVERED */
	"UPDATE notice SET state = 'delivered', delivered_at = ?2,"
	" last_at = ?2, attempts = attempts + 1, last_error = NULL"
	" WHERE id = ?1 AND state IN ('pending', 'failed')",
	/* ST_NOTICE_FAILED: ?3 next try, ?4 'pending' or 'failed' */
	"UPDATE notice SET attempts = attempts + 1, last_at = ?2,"
	" next_at = ?3, state = ?4, last_error = ?5,"
	" since = CASE WHEN attempts = 0 THEN ?2 ELSE since END"
	" WHERE id = ?1 AND state = 'pending'",
	/* ST_NOTICE_LIST */
	"SELECT id, event_id, platform, seq, type, serial, NULL, created_at,"
	" state, attempts, next_at, since, COALESCE(last_at, 0),"
	" COALESCE(last_error, ''), COALESCE(delivered_at, 0)"
	" FROM notice WHERE (?1 = '' OR platform = ?1)"
	" AND (?2 = '' OR state = ?2) ORDER BY id DESC LIMIT ?3",
	/* ST_NOTICE_RETRY: ?2 = 0 every open notice of platform ?1 */
	"UPDATE notice SET state = 'pending', next_at = ?3, since = ?3,"
	" attempts = 0"
	" WHERE platform = ?1 AND state <> 'delivered'"
	" AND (?2 = 0 OR id = ?2) RETURNING id",
	/* ST_META_GET */
	"SELECT value FROM meta WHERE key = ?1",
	/* ST_META_SET: once; a value already there stays */
	"INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
	/* ST_META_PUT */
	"INSERT INTO meta (key, value) VALUES (?1, ?2)"
	" ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* ST_COUNT_BY_REASON: revoked certificates by CRLReason (the
	 * covering index cert_revoked) */
	"SELECT COALESCE(reason, 0), count(*) FROM cert"
	" WHERE revoked_at IS NOT NULL GROUP BY 1",
	/* ST_AUDIT_COUNT: records are append-only and numbered from 1 */
	"SELECT COALESCE(max(id), 0) FROM audit",
	/* ST_NOTICE_QUEUES: each platform's undelivered notices */
	"SELECT p.name,"
	" (SELECT count(*) FROM notice n WHERE n.platform = p.name"
	"   AND n.state IN ('pending', 'failed')),"
	" (SELECT COALESCE(min(n.created_at), 0) FROM notice n"
	"   WHERE n.platform = p.name AND n.state IN ('pending', 'failed')),"
	" (SELECT count(*) FROM notice n WHERE n.platform = p.name"
	"   AND n.state = 'failed')"
	" FROM platform p ORDER BY p.name",
	/* ST_LEASE_GET */
	"SELECT token, holder, expires_at FROM signer WHERE id = 1",
	/* ST_LEASE_TOKEN: the fence's check (castore_begin) */
	"SELECT token FROM signer WHERE id = 1",
	/* ST_LEASE_TAKE: ?1 holder, ?2 now, ?3 seconds */
	"UPDATE signer SET token = token + 1, holder = ?1,"
	" expires_at = ?2 + ?3 WHERE id = 1 AND (expires_at <= ?2 OR"
	" holder = ?1)",
	/* ST_LEASE_RENEW: ?1 token, ?2 now, ?3 seconds */
	"UPDATE signer SET expires_at = ?2 + ?3 WHERE id = 1 AND token = ?1",
	/* ST_CERT_TOKENS: the fences a certificate was issued and revoked
	 * under (schema 9) */
	"SELECT issued_token, revoked_token FROM cert WHERE serial = ?1",
	/* ST_CRL_TOKEN: the fence the last CRL number was taken under */
	"SELECT token FROM crl_state WHERE id = 1",
	/* ST_USER_VERSION */
	"PRAGMA user_version",
	/* ST_FK_ON */
	"PRAGMA foreign_keys = ON",
	/* ST_FK_OFF */
	"PRAGMA foreign_keys = OFF",
	/* ST_WAL: WAL + synchronous=FULL, a reply only sent after fsync */
	"PRAGMA journal_mode = WAL",
	/* ST_SYNC_FULL */
	"PRAGMA synchronous = FULL",
	/* ST_TEMP_MEMORY: savepoint journals in memory (no temporary
	 * files) */
	"PRAGMA temp_store = MEMORY",
};

/*
 * PostgreSQL's spelling where it differs (lib/dbpg.c): NULL is sql[]'s,
 * "" a statement PostgreSQL has no use for.  A writer (ST_BEGIN) takes
 * the transaction-level advisory lock 0x63617374 ("cast", the CA store's
 * writer lock; the app database's is "appd") first, waiting up to 5 s
 * like SQLite's busy timeout, so writers run one at a time as under
 * BEGIN IMMEDIATE, and READ COMMITTED, so that each statement sees what
 * the writer before it committed: the fence's token read in
 * castore_begin, after the lock, is the one the signing role has until
 * this transaction commits.  A change outside a transaction runs in one
 * of these of its own.
 */
static const char *const sql_pg[ST__MAX] = {
	[ST_BEGIN] =
	"BEGIN ISOLATION LEVEL READ COMMITTED;"
	" SET LOCAL lock_timeout = '5s';"
	" SELECT pg_advisory_xact_lock(1667330932)",
	[ST_PLATFORM_LINK] =
	"INSERT INTO cert_platform (serial, platform) VALUES (?1, ?2)"
	" ON CONFLICT DO NOTHING",
	[ST_PLATFORM_COPY] =
	"INSERT INTO cert_platform (serial, platform)"
	" SELECT ?2, platform FROM cert_platform WHERE serial = ?1"
	" ON CONFLICT DO NOTHING",
	[ST_LIST] =
	"SELECT " CERT_COLS " FROM cert"
	" WHERE (?1 = 'all'"
	"   OR (?1 = 'valid' AND revoked_at IS NULL AND not_after > ?3)"
	"   OR (?1 = 'revoked' AND revoked_at IS NOT NULL)"
	"   OR (?1 = 'expired' AND revoked_at IS NULL AND not_after <= ?3))"
	" AND (?2 = '' OR strpos(subject, ?2) > 0)"
	" ORDER BY issued_at DESC, serial LIMIT ?4",
	[ST_REVOKED_TAIL] =
	"SELECT serial, revoked_at, COALESCE(reason, -1),"
	" COALESCE(invalidity, 0) FROM cert"
	" WHERE right(serial, 2) = ?2 AND revoked_at IS NOT NULL"
	" AND not_after > ?1 ORDER BY right(serial, 2), serial",
	[ST_CRL_RAISE] =
	"UPDATE crl_state SET number = GREATEST(number, ?1),"
	" token = CASE WHEN ?1 > number THEN ?2 ELSE token END WHERE id = 1"
	" RETURNING number",
	[ST_PF_ADD] =
	"INSERT INTO platform (name, url, cert, secret, added_at)"
	" VALUES (?1, ?2, ?3, NULLIF(?4, ''), ?5) ON CONFLICT DO NOTHING",
	[ST_META_SET] =
	"INSERT INTO meta (key, value) VALUES (?1, ?2)"
	" ON CONFLICT DO NOTHING",
	[ST_USER_VERSION] =
	"SELECT COALESCE((SELECT version FROM schema_version), 0)",
	[ST_FK_ON] = "",	/* always on */
	[ST_FK_OFF] = "",
	[ST_WAL] = "",
	[ST_SYNC_FULL] = "",	/* the server's own synchronous_commit */
	[ST_TEMP_MEMORY] = "",
};

/* SQLite's set-up of a connection that writes, in order. */
static const int lite_setup[] = {
	ST_FK_ON, ST_WAL, ST_SYNC_FULL, ST_TEMP_MEMORY
};

/* The CA store as the engines see it (lib/dbeng.h). */
static const struct dbtab castore_tab = {
	"castore",
	sql, sql_pg, ST__MAX,
	ST_BEGIN, -1, ST_COMMIT, ST_ROLLBACK,
	lite_setup, (int)(sizeof(lite_setup) / sizeof(lite_setup[0])),
	ST_WAL,
	castore_migrations, CASTORE_NMIGRATIONS,
	castore_pg_schema, CASTORE_PG_BASE,
	castore_pg_migrations, CASTORE_NPG_MIGRATIONS
};

#define ENG(s)		((s)->c.eng)
#define IS_PG(s)	((s)->c.eng == &dbeng_pg)

static struct dbst *
stmt(struct castore *s, enum castore_stmt i)
{
	if (s->st[i] == NULL && (s->st[i] = ENG(s)->prepare(&s->c, i)) ==
	    NULL)
		return NULL;
	return s->st[i];
}

static void
done(struct castore *s, struct dbst *q)
{
	ENG(s)->reset(q);
}

/* Steps q: 1 a row, 0 no more, -1 (logged). */
static int
step(struct castore *s, struct dbst *q)
{
	int	 rc = ENG(s)->step(&s->c, q);

	if (rc == DBENG_ROW)
		return 1;
	if (rc == DBENG_DONE)
		return 0;
	log_err("castore: %s", ENG(s)->errmsg(&s->c));
	return -1;
}

/* Runs a statement that returns no rows.  Returns changes() or -1. */
static int
exec_stmt(struct castore *s, struct dbst *q)
{
	int	 rc;

	while ((rc = step(s, q)) == 1)
		continue;
	done(s, q);
	if (rc == -1)
		return -1;
	return (int)ENG(s)->changes(&s->c);
}

/* ---- shared with castorecert.c and castoreplat.c (castoreint.h) ---- */

struct dbst *
castore_st(struct castore *s, enum castore_stmt i)
{
	return stmt(s, i);
}

void
castore_done(struct castore *s, struct dbst *q)
{
	done(s, q);
}

int
castore_step(struct castore *s, struct dbst *q)
{
	return step(s, q);
}

long long
castore_col_int(struct castore *s, struct dbst *q, int c)
{
	return ENG(s)->col_int(q, c);
}

const char *
castore_col_text(struct castore *s, struct dbst *q, int c)
{
	return ENG(s)->col_text(q, c);
}

int
castore_exec(struct castore *s, struct dbst *q)
{
	return exec_stmt(s, q);
}

const char *
castore_text(const char *t)
{
	return t != NULL ? t : "";
}

struct dbst *
castore_bound(struct castore *s, enum castore_stmt i,
    const struct sqlrow_arg *a, size_t n)
{
	struct dbst	*q;

	if ((q = stmt(s, i)) == NULL)
		return NULL;
	if (ENG(s)->bind(&s->c, q, a, n) != DBENG_DONE) {
		log_err("castore: %s", ENG(s)->errmsg(&s->c));
		done(s, q);
		return NULL;
	}
	return q;
}

int
castore_run(struct castore *s, enum castore_stmt i,
    const struct sqlrow_arg *a, size_t n)
{
	struct dbst	*q;

	if ((q = castore_bound(s, i, a, n)) == NULL)
		return -1;
	return exec_stmt(s, q);
}

int
castore_change(struct castore *s, enum castore_stmt i,
    const struct sqlrow_arg *a, size_t n)
{
	int	 k;

	if ((k = castore_run(s, i, a, n)) == -1)
		return -1;
	return k == 1 ? 0 : 1;
}

int
castore_next(struct castore *s, struct dbst *q, const struct sqlrow_map *map,
    void *out)
{
	struct sqlrow_src	 src;
	int			 rc;

	if (q == NULL)
		return -1;
	if ((rc = step(s, q)) == 1) {
		dbeng_src(&s->c, q, &src);
		if (sqlrow_get_src(&src, map, out) == 0)
			return 1;
		rc = -1;
	}
	done(s, q);
	return rc;
}

/* Runs the argument-less query i for one integer into *n.  0 / -1. */
static int
count(struct castore *s, enum castore_stmt i, uint64_t *n)
{
	struct dbst	*q;
	int		 rc;

	if ((q = stmt(s, i)) == NULL)
		return -1;
	if ((rc = step(s, q)) == 1)
		*n = (uint64_t)ENG(s)->col_int(q, 0);
	done(s, q);
	return rc == 1 ? 0 : -1;
}

/* Runs the argument-less statement i.  0 / -1 (logged). */
static int
simple(struct castore *s, enum castore_stmt i)
{
	struct dbst	*q;

	if ((q = stmt(s, i)) == NULL)
		return -1;
	return exec_stmt(s, q) == -1 ? -1 : 0;
}

/*
 * Applies the migrations the store lacks up to version upto, each in one
 * write transaction: all or nothing, and of concurrent openers one
 * migrates, the others find it done.  On SQLite, foreign keys are off
 * while tables are rebuilt (SQLite's documented procedure; the pragma is
 * a no-op inside a transaction), and PRAGMA foreign_key_check runs
 * before each COMMIT instead.  0 / -1 (logged).
 */
static int
migrate(struct castore *s, const char *who, int upto)
{
	const char	*script;
	char		 err[512];
	int		 v, to = 0, ret = -1, lite = !IS_PG(s);

	if (lite && (v = castore_version(s)) < upto && v != -1 &&
	    simple(s, ST_FK_OFF) == -1)
		return -1;
	while ((v = castore_version(s)) != -1 && v < upto) {
		if (castore_begin_unfenced(s) == -1)
			goto out;
		/* Another process may have migrated while we waited. */
		if ((v = castore_version(s)) == -1)
			goto out;
		if (v >= upto) {
			if (castore_commit(s) == -1)
				goto out;
			break;
		}
		if ((script = ENG(s)->migration(&castore_tab, v, &to)) ==
		    NULL || to > upto) {
			log_err("castore: %s: no %s migration from schema "
			    "version %d to %d", who, ENG(s)->name, v, upto);
			goto out;
		}
		if (ENG(s)->script(&s->c, script, err, sizeof(err)) == -1) {
			log_err("castore: %s: migration %d: %s", who, to, err);
			goto out;
		}
		if (lite && dbsqlite_fk_violations(&s->c) != 0)
			goto out;
		if (castore_version(s) != to) {
			log_err("castore: %s: the migration does not set the "
			    "schema version to %d", who, to);
			goto out;
		}
		if (castore_commit(s) == -1)
			goto out;
	}
	if (v != -1)
		ret = 0;
out:
	if (ret == -1 && castore_in_txn(s))
		castore_rollback(s);
	if (lite && simple(s, ST_FK_ON) == -1)
		ret = -1;
	return ret;
}

/*
 * Opens where (a SQLite file, or a PostgreSQL connection string:
 * lib/dbeng.h) and, unless ro, migrates it to version upto; a store newer
 * than this program is refused before anything is written to it.
 */
static struct castore *
open_store(const char *where, int ro, int upto)
{
	struct castore	*s;
	char		 who[512];
	int		 v;

	if (where == NULL) {
		log_err("castore: no store path or connection string");
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->c.eng = dbeng_where_pg(where) ? &dbeng_pg : &dbeng_sqlite;
	s->c.tab = &castore_tab;
	dbeng_describe(where, who, sizeof(who));
	/*
	 * No per-call mutex: a connection is used by one thread at a time
	 * (castore.h), and the CRL alone makes millions of calls.
	 */
	if (ENG(s)->open(&s->c, where, DBENG_NOMUTEX |
	    (ro ? DBENG_RO : 0)) == -1)
		goto fail;
	if (ro) {
		if (!IS_PG(s) && simple(s, ST_FK_ON) == -1)
			goto fail;
		return s;
	}
	if ((v = castore_version(s)) == -1)
		goto fail;
	if (v > CASTORE_NMIGRATIONS) {
		log_err("castore: database version %d is newer than this "
		    "program (%d); refusing to touch it (run the newer "
		    "program that wrote it)", v, CASTORE_NMIGRATIONS);
		goto fail;
	}
	if (ENG(s)->setup(&s->c, who) == -1 ||
	    migrate(s, who, upto) == -1) {
		log_err("castore: cannot prepare %s", who);
		goto fail;
	}
	return s;
fail:
	castore_close(s);
	return NULL;
}

struct castore *
castore_open(const char *where)
{
	return open_store(where, 0, CASTORE_NMIGRATIONS);
}

struct castore *
castore_open_version(const char *path, int version)
{
	if (version < 0 || version > CASTORE_NMIGRATIONS)
		return NULL;
	if (dbeng_where_pg(path)) {
		log_err("castore: a PostgreSQL store starts at version %d: "
		    "there is no older one to make", CASTORE_PG_BASE);
		return NULL;
	}
	return open_store(path, 0, version);
}

int
castore_version_latest(void)
{
	return CASTORE_NMIGRATIONS;
}

int
castore_version(struct castore *s)
{
	uint64_t	 v;

	if (count(s, ST_USER_VERSION, &v) == -1 || v > 1000000)
		return -1;
	return (int)v;
}

int
castore_where_pg(const char *where)
{
	return dbeng_where_pg(where);
}

void
castore_describe(const char *where, char *buf, size_t sz)
{
	dbeng_describe(where, buf, sz);
}

int
castore_backup(struct castore *s, const char *dest)
{
	if (IS_PG(s)) {
		log_err("castore: backup: the CA store is in PostgreSQL: back "
		    "it up with PostgreSQL's own tools (pg_dump for a "
		    "consistent logical copy, or pgbackrest / pg_basebackup "
		    "with WAL archiving for point-in-time recovery)");
		return -1;
	}
	return dbsqlite_backup(&s->c, dest);
}

int
castore_unavailable(struct castore *s)
{
	return ENG(s)->lost(&s->c);
}

int
castore_integrity(struct castore *s)
{
	return ENG(s)->integrity(&s->c);
}

int
castore_checkpoint(struct castore *s)
{
	if (IS_PG(s))
		return 0;	/* the server checkpoints its own WAL */
	return dbsqlite_checkpoint(&s->c);
}

struct castore *
castore_open_ro(const char *where)
{
	return open_store(where, 1, 0);
}

void
castore_close(struct castore *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < ST__MAX; i++)
		if (s->st[i] != NULL)
			ENG(s)->finalize(s->st[i]);
	ENG(s)->close(&s->c);
	free(s);
}


/*
 * Inside a write transaction: 0 if the signing role's token is still the
 * fence, else -1 (logged; castore_fenced() then says 1).
 */
static int
fence_check(struct castore *s)
{
	uint64_t	 token;

	if (count(s, ST_LEASE_TOKEN, &token) == -1)
		return -1;
	if ((int64_t)token == s->fence) {
		s->fenced = 0;
		return 0;
	}
	s->fenced = 1;
	log_warn("castore: this signer's token %lld is no longer the "
	    "signing role's (now %llu): nothing written",
	    (long long)s->fence, (unsigned long long)token);
	return -1;
}

int
castore_begin(struct castore *s)
{
	if (simple(s, ST_BEGIN) == -1)
		return -1;
	if (s->fence == 0 || fence_check(s) == 0)
		return 0;
	simple(s, ST_ROLLBACK);
	return -1;
}

void
castore_fence(struct castore *s, int64_t token)
{
	s->fence = token;
	s->fenced = 0;
}

int
castore_fenced(struct castore *s)
{
	return s->fenced;
}

int
castore_begin_unfenced(struct castore *s)
{
	return simple(s, ST_BEGIN);
}

int
castore_commit(struct castore *s)
{
	return simple(s, ST_COMMIT);
}

int
castore_rollback(struct castore *s)
{
	return simple(s, ST_ROLLBACK);
}

int
castore_savepoint(struct castore *s)
{
	return simple(s, ST_SAVEPOINT);
}

int
castore_in_txn(struct castore *s)
{
	return ENG(s)->in_txn(&s->c);
}

int
castore_savepoint_undo(struct castore *s)
{
	return simple(s, ST_SAVEPOINT_UNDO);
}

int
castore_savepoint_keep(struct castore *s)
{
	return simple(s, ST_SAVEPOINT_KEEP);
}

static void
col_text(struct castore *s, struct dbst *q, int i, char *dst, size_t sz)
{
	const char	*t = ENG(s)->col_text(q, i);

	snprintf(dst, sz, "%s", t != NULL ? t : "");
}

int
castore_counts(struct castore *s, uint64_t *certs, uint64_t *revoked)
{
	if (count(s, ST_COUNT_ALL, certs) == -1 ||
	    count(s, ST_COUNT_REVOKED, revoked) == -1)
		return -1;
	return 0;
}

int
castore_revoked_by_reason(struct castore *s, uint64_t n[11])
{
	struct dbst	*q;
	int64_t		 r;
	int		 rc;

	memset(n, 0, 11 * sizeof(n[0]));
	if ((q = stmt(s, ST_COUNT_BY_REASON)) == NULL)
		return -1;
	while ((rc = step(s, q)) == 1)
		if ((r = ENG(s)->col_int(q, 0)) >= 0 && r <= 10)
			n[r] = (uint64_t)ENG(s)->col_int(q, 1);
	done(s, q);
	return rc == 0 ? 0 : -1;
}

int
castore_audit_count(struct castore *s, uint64_t *n)
{
	return count(s, ST_AUDIT_COUNT, n);
}

/* A row of ST_META_GET. */
struct meta_row {
	int64_t		 value;
};

static const struct sqlrow_col meta_cols[] = {
	SQLCOL_INT(0, struct meta_row, value),
};
static const struct sqlrow_map meta_map =
    SQLROW_MAP(struct meta_row, meta_cols);

int
castore_meta_get(struct castore *s, const char *key, int64_t *value)
{
	struct meta_row	 r;
	struct dbst	*q;
	int		 rc;

	q = castore_bound(s, ST_META_GET, SQLROW_ARGS(CASTORE_TEXT(key)));
	if ((rc = castore_next(s, q, &meta_map, &r)) == 1) {
		done(s, q);
		*value = r.value;
	}
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int
castore_meta_set(struct castore *s, const char *key, int64_t value)
{
	return castore_change(s, ST_META_SET, SQLROW_ARGS(CASTORE_TEXT(key),
	    SQLARG_INT(value)));
}

int
castore_meta_put(struct castore *s, const char *key, int64_t value)
{
	return castore_run(s, ST_META_PUT, SQLROW_ARGS(CASTORE_TEXT(key),
	    SQLARG_INT(value))) == 1 ? 0 : -1;
}

/*
 * The CRL number's statements update and return it in one step: stepped
 * to completion by hand (so the UPDATE is finished before reset), not
 * copied by a row map.  The number, or 0 (logged).
 */
static uint64_t
crl_number(struct castore *s, struct dbst *q)
{
	uint64_t	 n = 0;
	int		 rc;

	if (q == NULL)
		return 0;
	if ((rc = step(s, q)) == 1) {
		n = (uint64_t)ENG(s)->col_int(q, 0);
		while ((rc = step(s, q)) == 1)
			continue;
	}
	done(s, q);
	return rc == 0 ? n : 0;
}

uint64_t
castore_crl_next(struct castore *s)
{
	return crl_number(s, castore_bound(s, ST_CRL_NEXT,
	    SQLROW_ARGS(SQLARG_INT(s->fence))));
}

uint64_t
castore_crl_raise(struct castore *s, uint64_t floor)
{
	if (floor > INT64_MAX)
		return 0;
	return crl_number(s, castore_bound(s, ST_CRL_RAISE,
	    SQLROW_ARGS(SQLARG_INT((long long)floor), SQLARG_INT(s->fence))));
}

int
castore_crl_token(struct castore *s, int64_t *token)
{
	uint64_t	 n = 0;

	if (count(s, ST_CRL_TOKEN, &n) == -1)
		return -1;
	*token = (int64_t)n;
	return 0;
}

uint64_t
castore_crl_last(struct castore *s)
{
	uint64_t	 n = 0;

	return count(s, ST_CRL_LAST, &n) == 0 ? n : 0;
}

int
castore_set_ca(struct castore *s, const char *name)
{
	size_t	 i, n = strlen(name);

	if (n == 0 || n >= sizeof(s->ca)) {
		log_err("castore: a CA name is 1 to %zu bytes",
		    sizeof(s->ca) - 1);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) {
			log_err("castore: control character in a CA name");
			return -1;
		}
	memcpy(s->ca, name, n + 1);
	return 0;
}

int
castore_audit(struct castore *s, const char *actor, const char *op,
    const char *detail)
{
	struct dbst	*q;
	char		 prev[CHAIN_HEX_LEN + 1], hash[CHAIN_HEX_LEN + 1];
	long long	 id = 1, at = (long long)time(NULL);
	int		 rc;

	/* Newlines separate the hashed fields (chain.h): keep it unambiguous. */
	if (strchr(actor, '\n') != NULL || strchr(op, '\n') != NULL) {
		log_err("castore_audit: newline in actor or operation");
		return -1;
	}
	if (s->ca[0] == '\0') {
		log_err("castore_audit: the store does not know its CA's name "
		    "(castore_set_ca): nothing recorded");
		return -1;
	}
	if ((q = stmt(s, ST_AUDIT_HEAD)) == NULL)
		return -1;
	snprintf(prev, sizeof(prev), "%s", CHAIN_GENESIS);
	if ((rc = step(s, q)) == 1) {
		id = ENG(s)->col_int(q, 0) + 1;
		col_text(s, q, 1, prev, sizeof(prev));
	}
	done(s, q);
	if (rc == -1)
		return -1;
	if (chain_hash_ca(prev, id, at, s->ca, actor, op, detail, hash) == -1)
		return -1;
	if (castore_run(s, ST_AUDIT_ADD, SQLROW_ARGS(SQLARG_INT(id),
	    SQLARG_INT(at), CASTORE_TEXT(actor), CASTORE_TEXT(op),
	    CASTORE_TEXT(detail), CASTORE_TEXT(prev), CASTORE_TEXT(hash),
	    CASTORE_TEXT(s->ca))) != 1)
		return -1;
	/* A second trail outside the database: the log. */
	log_info("audit #%lld ca=%s %s %s: %s [%.16s]", id, s->ca, actor, op,
	    detail, hash);
	return 0;
}

int
castore_audit_verify(struct castore *s, uint64_t *count_out, char head[65],
    int64_t *bad_id, const char **why)
{
	struct dbst	*q;
	char		 prev[CHAIN_HEX_LEN + 1], want[CHAIN_HEX_LEN + 1];
	const char	*stored_prev, *stored_hash;
	long long	 id, expect = 1;
	int		 rc, ret = 0;

	*count_out = 0;
	*bad_id = 0;
	*why = "";
	snprintf(prev, sizeof(prev), "%s", CHAIN_GENESIS);
	if ((q = stmt(s, castore_version(s) < 7 ? ST_AUDIT_ALL_V6 :
	    ST_AUDIT_ALL)) == NULL)
		return -1;
	while ((rc = step(s, q)) == 1) {
		id = ENG(s)->col_int(q, 0);
		stored_prev = ENG(s)->col_text(q, 5);
		stored_hash = ENG(s)->col_text(q, 6);
		if (id != expect) {
			*bad_id = id;
			*why = id > expect ? "a record before it is missing" :
			    "records are out of order";
			ret = 1;
			break;
		}
		if (stored_prev == NULL || strcmp(stored_prev, prev) != 0) {
			*bad_id = id;
			*why = "its link to the previous record is broken "
			    "(a record was removed, reordered or replaced)";
			ret = 1;
			break;
		}
		if (chain_hash_ca(prev, id, ENG(s)->col_int(q, 1),
		    ENG(s)->col_text(q, 7), ENG(s)->col_text(q, 2),
		    ENG(s)->col_text(q, 3), ENG(s)->col_text(q, 4),
		    want) == -1) {
			ret = -1;
			break;
		}
		if (stored_hash == NULL || strcmp(stored_hash, want) != 0) {
			*bad_id = id;
			*why = "its content was edited (hash mismatch)";
			ret = 1;
			break;
		}
		memcpy(prev, want, sizeof(prev));
		expect++;
		(*count_out)++;
	}
	if (ret == 0 && rc != 0)
		ret = -1;
	done(s, q);
	memcpy(head, prev, CHAIN_HEX_LEN + 1);
	return ret;
}

int
castore_audit_last(struct castore *s, uint64_t n,
    int (*fn)(const struct castore_audit_rec *, void *), void *arg)
{
	struct dbst			*q;
	struct castore_audit_rec	 r;
	int				 rc;

	if ((q = castore_bound(s, ST_AUDIT_LAST, SQLROW_ARGS(SQLARG_INT(
	    n > INT64_MAX ? INT64_MAX : (long long)n)))) == NULL)
		return -1;
	while ((rc = step(s, q)) == 1) {
		r.id = ENG(s)->col_int(q, 0);
		r.at = ENG(s)->col_int(q, 1);
		r.ca = ENG(s)->col_text(q, 2);
		r.actor = ENG(s)->col_text(q, 3);
		r.op = ENG(s)->col_text(q, 4);
		r.detail = ENG(s)->col_text(q, 5);
		if (r.ca == NULL || r.actor == NULL || r.op == NULL ||
		    r.detail == NULL) {
			log_err("castore: audit records: out of memory");
			rc = -1;
			break;
		}
		if (fn(&r, arg) != 0) {
			rc = 0;
			break;
		}
	}
	done(s, q);
	return rc == 0 ? 0 : -1;
}
