/*
 * castore.c: the daemon's SQLite store: the connection, its migrations,
 * the one table of statements, transactions and savepoints, the
 * settings fixed at init (meta), the CRL number, the counts, and the
 * hash-chained audit log.  Certificates are in castorecert.c, platforms
 * and the notice outbox in castoreplat.c; ca/castoreint.h is what the
 * three share.
 *
 * Every statement is prepared once, from the one table below, and reset
 * after use.  The schema is versioned with PRAGMA user_version; migration
 * N takes version N-1 to N inside one transaction.  The store never
 * commits on its own: callers bracket each operation (certificate +
 * revocation + audit record) in castore_begin/commit, so an operation is
 * all or nothing.  The audit table is append-only by construction: there
 * is no statement here that updates or deletes it, and triggers refuse
 * both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "ca/castore.h"
#include "ca/castoreint.h"
#include "lib/chain.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

static const char *const migrations[] = {
	/* 1: certificates, platform links, CRL number, audit log */
	"CREATE TABLE cert ("
	"  serial TEXT PRIMARY KEY,"
	"  subject TEXT NOT NULL,"
	"  subject_der BLOB NOT NULL,"
	"  not_before INTEGER NOT NULL,"
	"  not_after INTEGER NOT NULL,"
	"  issued_at INTEGER NOT NULL,"
	"  der BLOB NOT NULL,"
	"  order_id TEXT UNIQUE,"
	"  replaces TEXT REFERENCES cert(serial),"
	"  replaced_by TEXT UNIQUE REFERENCES cert(serial),"
	"  revoked_at INTEGER,"
	"  reason INTEGER CHECK (reason IS NULL OR"
	"    (reason BETWEEN 0 AND 10 AND reason <> 7)),"
	"  invalidity INTEGER,"
	"  revoke_order TEXT"
	") WITHOUT ROWID;"
	"CREATE INDEX cert_revoked ON cert(serial, not_after)"
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_issued ON cert(issued_at);"
	"CREATE TABLE cert_platform ("
	"  serial TEXT NOT NULL REFERENCES cert(serial),"
	"  platform TEXT NOT NULL,"
	"  PRIMARY KEY (serial, platform)"
	") WITHOUT ROWID;"
	"CREATE TABLE crl_state ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  number INTEGER NOT NULL"
	");"
	"INSERT INTO crl_state VALUES (1, 0);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  op TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
	/* 2: the CRL reads everything it needs from one covering index */
	"DROP INDEX cert_revoked;"
	"CREATE INDEX cert_revoked ON cert(serial, not_after, revoked_at,"
	"  reason, invalidity) WHERE revoked_at IS NOT NULL;",
	/*
	 * 3: order_id and replaced_by are unique where set, through partial
	 * indexes: the NULLs of nearly every row cost no index pages (two
	 * random pages per issued certificate, written and fsync'd).  And
	 * the table gets a rowid: its large rows are appended in issue order
	 * instead of being inserted at random serials (which split a random
	 * leaf every second certificate); the serial becomes a small unique
	 * index.  SQLite cannot drop a column's UNIQUE, so the table is
	 * rebuilt (with foreign keys off, see migrate()).
	 */
	"CREATE TABLE cert_new ("
	"  serial TEXT PRIMARY KEY,"
	"  subject TEXT NOT NULL,"
	"  subject_der BLOB NOT NULL,"
	"  not_before INTEGER NOT NULL,"
	"  not_after INTEGER NOT NULL,"
	"  issued_at INTEGER NOT NULL,"
	"  der BLOB NOT NULL,"
	"  order_id TEXT,"
	"  replaces TEXT REFERENCES cert(serial),"
	"  replaced_by TEXT REFERENCES cert(serial),"
	"  revoked_at INTEGER,"
	"  reason INTEGER CHECK (reason IS NULL OR"
	"    (reason BETWEEN 0 AND 10 AND reason <> 7)),"
	"  invalidity INTEGER,"
	"  revoke_order TEXT"
	");"
	"INSERT INTO cert_new SELECT serial, subject, subject_der, not_before,"
	"  not_after, issued_at, der, order_id, replaces, replaced_by,"
	"  revoked_at, reason, invalidity, revoke_order FROM cert"
	"  ORDER BY issued_at, serial;"
	"DROP TABLE cert;"
	"ALTER TABLE cert_new RENAME TO cert;"
	"CREATE UNIQUE INDEX cert_order ON cert(order_id)"
	"  WHERE order_id IS NOT NULL;"
	"CREATE UNIQUE INDEX cert_replaced_by ON cert(replaced_by)"
	"  WHERE replaced_by IS NOT NULL;"
	"CREATE INDEX cert_revoked ON cert(serial, not_after, revoked_at,"
	"  reason, invalidity) WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_issued ON cert(issued_at);",
	/*
	 * 4: the linked-platform registry and the notice outbox.  A notice
	 * is queued in the same transaction as the change it reports; seq
	 * counts per platform (platform.seq is the last one handed out).
	 * The delivery process sends each platform's notices in seq order:
	 * the oldest not yet delivered is the platform's head.  A platform
	 * authenticates to us by its TLS certificate (cert, DER) or gets a
	 * MAC with a shared secret: exactly one of the two.
	 */
	"CREATE TABLE platform ("
	"  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 127),"
	"  url TEXT NOT NULL CHECK (length(url) <= 512 AND"
	"    (url GLOB 'http://?*' OR url GLOB 'https://?*')),"
	"  cert BLOB,"
	"  secret TEXT CHECK (secret IS NULL OR"
	"    length(secret) BETWEEN 16 AND 128),"
	"  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
	"  seq INTEGER NOT NULL DEFAULT 0,"
	"  added_at INTEGER NOT NULL,"
	"  CHECK ((cert IS NULL) + (secret IS NULL) = 1)"
	");"
	"CREATE TABLE notice ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id TEXT NOT NULL,"
	"  platform TEXT NOT NULL REFERENCES platform(name),"
	"  seq INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  serial TEXT NOT NULL,"
	"  body BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (state IN ('pending', 'delivered', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"
	"  since INTEGER NOT NULL,"
	"  last_at INTEGER,"
	"  last_error TEXT,"
	"  delivered_at INTEGER,"
	"  UNIQUE (platform, seq),"
	"  UNIQUE (platform, event_id)"
	");"
	"CREATE INDEX notice_open ON notice(platform, seq)"
	"  WHERE state <> 'delivered';",
	/*
	 * 5: partitioned and delta CRLs (caops.c).  A shard's CRL reads the
	 * revoked certificates whose serial ends in given hex digits; a
	 * delta CRL those revoked since its base.
	 */
	"CREATE INDEX cert_revoked_tail ON cert(substr(serial, -2), serial,"
	"  not_after, revoked_at, reason, invalidity)"
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_revoked_at ON cert(revoked_at)"
	"  WHERE revoked_at IS NOT NULL;",
	/*
	 * 6: settings fixed for the CA's life, written once (cactl init):
	 * crl_shards, which every certificate's CDP depends on, so that
	 * cad can refuse a ca.conf edited afterwards (cashard.h).
	 */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;",
	/*
	 * 7: every audit record names its CA (one service runs several,
	 * cactl ca add); hashed with the record (lib/chain.h).  Records of
	 * earlier versions keep ''.
	 */
	"ALTER TABLE audit ADD COLUMN ca TEXT NOT NULL DEFAULT '';",
	/*
	 * 8: the signing role (ca/castorelease.c): which signer holds it,
	 * until when, and its fencing token, one more at every taking.
	 * Token 0 and holder '' mean nobody has taken it yet.
	 */
	"CREATE TABLE signer ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  token INTEGER NOT NULL CHECK (token >= 0),"
	"  holder TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	");"
	"INSERT INTO signer VALUES (1, 0, '', 0);",
};

#define NMIGRATIONS	(int)(sizeof(migrations) / sizeof(migrations[0]))

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
	/* ST_CERT_ADD */
	"INSERT INTO cert (serial, subject, subject_der, not_before,"
	" not_after, issued_at, der, order_id, replaces)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, ''),"
	" NULLIF(?9, ''))",
	/* ST_CERT_EXISTS */
	"SELECT 1 FROM cert WHERE serial = ?1",
	/* ST_CERT_GET */
	"SELECT " CERT_COLS " FROM cert WHERE serial = ?1",
	/* ST_CERT_BY_ORDER */
	"SELECT " CERT_COLS " FROM cert WHERE order_id = ?1",
	/* ST_REVOKE */
	"UPDATE cert SET revoked_at = ?2, reason = NULLIF(?3, -1),"
	" invalidity = NULLIF(?4, 0), revoke_order = NULLIF(?5, '')"
	" WHERE serial = ?1 AND revoked_at IS NULL",
	/* ST_UNHOLD */
	"UPDATE cert SET revoked_at = NULL, reason = NULL,"
	" invalidity = NULL, revoke_order = NULL"
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
	/* ST_CRL_NEXT */
	"UPDATE crl_state SET number = number + 1 WHERE id = 1"
	" RETURNING number",
	/* ST_CRL_LAST */
	"SELECT number FROM crl_state WHERE id = 1",
	/* ST_CRL_RAISE */
	"UPDATE crl_state SET number = max(number, ?1) WHERE id = 1"
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
	" (SELECT * FROM audit ORDER BY id DESC LIMIT ?1) ORDER BY id",
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
};

static sqlite3_stmt *
stmt(struct castore *s, enum castore_stmt i)
{
	if (s->st[i] == NULL && sqlite3_prepare_v3(s->db, sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
		log_err("castore: prepare %d: %s", (int)i,
		    sqlite3_errmsg(s->db));
		return NULL;
	}
	return s->st[i];
}

static void
done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

/* Runs a statement that returns no rows.  Returns changes() or -1. */
static int
exec_stmt(struct castore *s, sqlite3_stmt *q)
{
	int	 rc;

	rc = sqlite3_step(q);
	done(q);
	if (rc != SQLITE_DONE) {
		log_err("castore: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return sqlite3_changes(s->db);
}

/* ---- shared with castorecert.c and castoreplat.c (castoreint.h) ---- */

sqlite3_stmt *
castore_st(struct castore *s, enum castore_stmt i)
{
	return stmt(s, i);
}

void
castore_done(sqlite3_stmt *q)
{
	done(q);
}

int
castore_exec(struct castore *s, sqlite3_stmt *q)
{
	return exec_stmt(s, q);
}

const char *
castore_text(const char *t)
{
	return t != NULL ? t : "";
}

sqlite3_stmt *
castore_bound(struct castore *s, enum castore_stmt i,
    const struct sqlrow_arg *a, size_t n)
{
	sqlite3_stmt	*q;

	if ((q = stmt(s, i)) == NULL)
		return NULL;
	if (sqlrow_bind(q, a, n) != SQLITE_OK) {
		log_err("castore: %s", sqlite3_errmsg(s->db));
		done(q);
		return NULL;
	}
	return q;
}

int
castore_run(struct castore *s, enum castore_stmt i,
    const struct sqlrow_arg *a, size_t n)
{
	sqlite3_stmt	*q;

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
castore_next(struct castore *s, sqlite3_stmt *q, const struct sqlrow_map *map,
    void *out)
{
	int	 rc;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (sqlrow_get(q, map, out) == 0)
			return 1;
		done(q);
		return -1;
	}
	if (rc != SQLITE_DONE)
		log_err("castore: %s", sqlite3_errmsg(s->db));
	done(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* 0 if PRAGMA foreign_key_check finds nothing, else 1 (or -1). */
static int
fk_violations(struct castore *s)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		log_err("castore: a migration would break foreign keys");
	return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? 1 : -1;
}

static int
migrate(struct castore *s, int upto)
{
	sqlite3_stmt	*q;
	char		 pragma[64];
	int		 v = 0, i;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (v > NMIGRATIONS) {
		log_err("castore: database version %d is newer than this "
		    "program (%d); refusing to touch it (run the newer "
		    "program that wrote it)", v, NMIGRATIONS);
		return -1;
	}
	/*
	 * Foreign keys off while tables are rebuilt (SQLite's documented
	 * procedure; the pragma is a no-op inside a transaction), and a
	 * foreign_key_check before each COMMIT instead.
	 */
	if (v < upto && sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF",
	    NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	for (i = v; i < upto; i++) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    i + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK ||
		    sqlite3_exec(s->db, migrations[i], NULL, NULL, NULL) !=
		    SQLITE_OK ||
		    fk_violations(s) != 0 ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			log_err("castore: migration %d: %s", i + 1,
			    sqlite3_errmsg(s->db));
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL,
			    NULL, NULL);
			return -1;
		}
	}
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return -1;
	return 0;
}

static struct castore *
open_store(const char *path, int flags)
{
	struct castore	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	/*
	 * No per-call mutex: a connection is used by one thread at a time
	 * (castore.h), and the CRL alone makes millions of calls.
	 */
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		log_err("castore: %s: %s", path, s->db != NULL ?
		    sqlite3_errmsg(s->db) : "out of memory");
		castore_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK) {
		castore_close(s);
		return NULL;
	}
	return s;
}

/* Opens path, migrating it to version upto. */
static struct castore *
open_rw(const char *path, int upto)
{
	struct castore	*s;

	if ((s = open_store(path, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE)) == NULL)
		return NULL;
	/*
	 * WAL + synchronous=FULL: a reply is only sent after fsync.
	 * Savepoint journals stay in memory (no temporary files).
	 */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    migrate(s, upto) == -1) {
		log_err("castore: cannot prepare %s", path);
		castore_close(s);
		return NULL;
	}
	return s;
}

struct castore *
castore_open(const char *path)
{
	return open_rw(path, NMIGRATIONS);
}

struct castore *
castore_open_version(const char *path, int version)
{
	if (version < 0 || version > NMIGRATIONS)
		return NULL;
	return open_rw(path, version);
}

int
castore_version_latest(void)
{
	return NMIGRATIONS;
}

int
castore_version(struct castore *s)
{
	sqlite3_stmt	*q;
	int		 v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

int
castore_backup(struct castore *s, const char *dest)
{
	sqlite3		*d = NULL;
	sqlite3_backup	*b;
	int		 rc;

	rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL);
	if (rc != SQLITE_OK) {
		log_err("castore: backup: %s: %s", dest, d != NULL ?
		    sqlite3_errmsg(d) : sqlite3_errstr(rc));
		sqlite3_close(d);
		return rc == SQLITE_CANTOPEN || rc == SQLITE_FULL ||
		    rc == SQLITE_READONLY ? 2 : -1;
	}
	/*
	 * One step copies every page under one read transaction: a
	 * snapshot of one moment, while the daemon goes on committing in
	 * the WAL (a reader never blocks it, nor it a reader).
	 */
	if ((b = sqlite3_backup_init(d, "main", s->db, "main")) == NULL) {
		log_err("castore: backup: %s", sqlite3_errmsg(d));
		sqlite3_close(d);
		return -1;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_errcode(d);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		log_err("castore: backup to %s: %s", dest, sqlite3_errstr(rc));
	/* One self-contained file (no -wal): WAL again when opened by cad. */
	if ((rc == SQLITE_OK || rc == SQLITE_DONE) && sqlite3_exec(d,
	    "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sqlite3_errcode(d);
	if (sqlite3_close(d) != SQLITE_OK && (rc == SQLITE_OK ||
	    rc == SQLITE_DONE))
		rc = SQLITE_IOERR;
	if (rc == SQLITE_OK || rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? 2 : -1;
}

int
castore_integrity(struct castore *s)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 ok = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW &&
	    (t = (const char *)sqlite3_column_text(q, 0)) != NULL &&
	    strcmp(t, "ok") == 0 && sqlite3_step(q) == SQLITE_DONE)
		ok = 1;
	sqlite3_finalize(q);
	return ok;
}

int
castore_checkpoint(struct castore *s)
{
	int	 rc;

	rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		log_err("castore: checkpoint: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

struct castore *
castore_open_ro(const char *path)
{
	return open_store(path, SQLITE_OPEN_READONLY);
}

void
castore_close(struct castore *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

static int
simple(struct castore *s, enum castore_stmt i)
{
	sqlite3_stmt	*q;

	if ((q = stmt(s, i)) == NULL)
		return -1;
	return exec_stmt(s, q) == -1 ? -1 : 0;
}

static int	count(struct castore *, enum castore_stmt, uint64_t *);

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
	return sqlite3_get_autocommit(s->db) == 0;
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
bind_text(sqlite3_stmt *q, int i, const char *v)
{
	sqlite3_bind_text(q, i, v != NULL ? v : "", -1, SQLITE_STATIC);
}

static void
col_text(sqlite3_stmt *q, int i, char *dst, size_t sz)
{
	const unsigned char	*t = sqlite3_column_text(q, i);

	snprintf(dst, sz, "%s", t != NULL ? (const char *)t : "");
}

static int
count(struct castore *s, enum castore_stmt i, uint64_t *n)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = stmt(s, i)) == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(q, 0);
	done(q);
	return rc == SQLITE_ROW ? 0 : -1;
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
	sqlite3_stmt	*q;
	int64_t		 r;
	int		 rc;

	memset(n, 0, 11 * sizeof(n[0]));
	if ((q = stmt(s, ST_COUNT_BY_REASON)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((r = sqlite3_column_int64(q, 0)) >= 0 && r <= 10)
			n[r] = (uint64_t)sqlite3_column_int64(q, 1);
	done(q);
	return rc == SQLITE_DONE ? 0 : -1;
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
	sqlite3_stmt	*q;
	int		 rc;

	q = castore_bound(s, ST_META_GET, SQLROW_ARGS(CASTORE_TEXT(key)));
	if ((rc = castore_next(s, q, &meta_map, &r)) == 1) {
		done(q);
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
 * to completion by hand, not copied by a row map.
 */
uint64_t
castore_crl_next(struct castore *s)
{
	sqlite3_stmt	*q;
	uint64_t	 n = 0;

	if ((q = stmt(s, ST_CRL_NEXT)) == NULL)
		return 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(q, 0);
	/* Step to completion so the UPDATE is finished before reset. */
	while (sqlite3_step(q) == SQLITE_ROW)
		;
	done(q);
	return n;
}

uint64_t
castore_crl_raise(struct castore *s, uint64_t floor)
{
	sqlite3_stmt	*q;
	uint64_t	 n = 0;

	if (floor > INT64_MAX || (q = stmt(s, ST_CRL_RAISE)) == NULL)
		return 0;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)floor);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(q, 0);
	while (sqlite3_step(q) == SQLITE_ROW)
		;
	done(q);
	return n;
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
	sqlite3_stmt	*q;
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
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0) + 1;
		col_text(q, 1, prev, sizeof(prev));
	}
	done(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (chain_hash_ca(prev, id, at, s->ca, actor, op, detail, hash) ==
	    -1 || (q = stmt(s, ST_AUDIT_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, at);
	bind_text(q, 3, actor);
	bind_text(q, 4, op);
	bind_text(q, 5, detail);
	bind_text(q, 6, prev);
	bind_text(q, 7, hash);
	bind_text(q, 8, s->ca);
	if (exec_stmt(s, q) != 1)
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
	sqlite3_stmt	*q;
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
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		stored_prev = (const char *)sqlite3_column_text(q, 5);
		stored_hash = (const char *)sqlite3_column_text(q, 6);
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
		if (chain_hash_ca(prev, id, sqlite3_column_int64(q, 1),
		    (const char *)sqlite3_column_text(q, 7),
		    (const char *)sqlite3_column_text(q, 2),
		    (const char *)sqlite3_column_text(q, 3),
		    (const char *)sqlite3_column_text(q, 4), want) == -1) {
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
	if (ret == 0 && rc != SQLITE_DONE)
		ret = -1;
	done(q);
	memcpy(head, prev, CHAIN_HEX_LEN + 1);
	return ret;
}

int
castore_audit_last(struct castore *s, uint64_t n,
    int (*fn)(const struct castore_audit_rec *, void *), void *arg)
{
	sqlite3_stmt			*q;
	struct castore_audit_rec	 r;
	int				 rc;

	if ((q = stmt(s, ST_AUDIT_LAST)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, n > INT64_MAX ? INT64_MAX :
	    (sqlite3_int64)n);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(q, 0);
		r.at = sqlite3_column_int64(q, 1);
		r.ca = (const char *)sqlite3_column_text(q, 2);
		r.actor = (const char *)sqlite3_column_text(q, 3);
		r.op = (const char *)sqlite3_column_text(q, 4);
		r.detail = (const char *)sqlite3_column_text(q, 5);
		if (r.ca == NULL || r.actor == NULL || r.op == NULL ||
		    r.detail == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (fn(&r, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(q);
	if (rc != SQLITE_DONE) {
		log_err("castore: audit records: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}
