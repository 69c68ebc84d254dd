/*
 * castoreschema.c: the CA store's schema scripts, for each engine; every
 * other statement is in ca/castore.c's table.
 *
 * SQLite: versioned by PRAGMA user_version.  castore_migrations[N-1]
 * takes version N-1 to N and ends by setting user_version to N;
 * ca/castore.c runs each inside one write transaction (BEGIN
 * IMMEDIATE), with foreign keys off while a table is rebuilt and
 * PRAGMA foreign_key_check before the COMMIT, so a migration is all or
 * nothing and concurrent openers migrate once.  To change the schema,
 * append a script; never edit a released one (the version's PRAGMA at
 * the end of each was once castore.c's, with the same effect).
 *
 * PostgreSQL: castore_pg_schema is the schema as of version
 * CASTORE_PG_BASE (8) in PostgreSQL's spelling, a new store's first
 * migration (lib/dbpg.c: pg_migration), run by castore.c in one writer
 * transaction; the version is the one row of the table schema_version.
 * It starts there because no PostgreSQL CA store older than version 8
 * exists.  castore_pg_migrations[i] then takes version 8 + i to 9 + i,
 * for a new store as for an old one, and ends by setting
 * schema_version.  A schema change appends its SQLite script and its
 * PostgreSQL script beside it; the _Static_assert below fails until it
 * does; never edit either once released.  The two spellings say the
 * same: times and numbers BIGINT, blobs BYTEA, SQLite's GLOB checks
 * regular expressions, its RAISE(ABORT) triggers raise SQLSTATE 23000
 * (a constraint the data broke, as in SQLite), substr(serial, -2) is
 * right(serial, 2), and text keys compare byte by byte (COLLATE "C"), as
 * SQLite's BINARY does, so that serials and names sort the same on
 * both.  A CA store has a database of its own
 * (the table names are the app database's too: audit, platform).
 */
#include "ca/castoreint.h"

const char *const castore_migrations[] = {
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
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	"PRAGMA user_version = 1;",
	/* 2: the CRL reads everything it needs from one covering index */
	"DROP INDEX cert_revoked;"
	"CREATE INDEX cert_revoked ON cert(serial, not_after, revoked_at,"
	"  reason, invalidity) WHERE revoked_at IS NOT NULL;"
	"PRAGMA user_version = 2;",
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
	"CREATE INDEX cert_issued ON cert(issued_at);"
	"PRAGMA user_version = 3;",
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
	"  WHERE state <> 'delivered';"
	"PRAGMA user_version = 4;",
	/*
	 * 5: partitioned and delta CRLs (caops.c).  A shard's CRL reads the
	 * revoked certificates whose serial ends in given hex digits; a
	 * delta CRL those revoked since its base.
	 */
	"CREATE INDEX cert_revoked_tail ON cert(substr(serial, -2), serial,"
	"  not_after, revoked_at, reason, invalidity)"
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_revoked_at ON cert(revoked_at)"
	"  WHERE revoked_at IS NOT NULL;"
	"PRAGMA user_version = 5;",
	/*
	 * 6: settings fixed for the CA's life, written once (cactl init):
	 * crl_shards, which every certificate's CDP depends on, so that
	 * cad can refuse a ca.conf edited afterwards (cashard.h).
	 */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"PRAGMA user_version = 6;",
	/*
	 * 7: every audit record names its CA (one service runs several,
	 * cactl ca add); hashed with the record (lib/chain.h).  Records of
	 * earlier versions keep ''.
	 */
	"ALTER TABLE audit ADD COLUMN ca TEXT NOT NULL DEFAULT '';"
	"PRAGMA user_version = 7;",
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
	"INSERT INTO signer VALUES (1, 0, '', 0);"
	"PRAGMA user_version = 8;",
	/*
	 * 9: the rows say under which signer's term they were written: the
	 * fencing token (signer.token) of the store that issued a
	 * certificate, revoked it, and took the last CRL number.  The store
	 * writes its own fence (castore_fence), so a fenced-out signer,
	 * which commits nothing, can leave no row with its token after the
	 * new holder's first.  0 for rows written before this version and
	 * by a store with no fence (one signer, cactl); a certificate not
	 * revoked, or released from hold, has revoked_token 0.
	 */
	"ALTER TABLE cert ADD COLUMN issued_token INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE cert ADD COLUMN revoked_token INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE crl_state ADD COLUMN token INTEGER NOT NULL DEFAULT 0;"
	"PRAGMA user_version = 9;",
};

_Static_assert(sizeof(castore_migrations) / sizeof(castore_migrations[0]) ==
    CASTORE_NMIGRATIONS, "CASTORE_NMIGRATIONS (ca/castoreint.h) counts "
    "castore_migrations[]");

/* A schema change is made for both engines (see the top of this file). */
_Static_assert(CASTORE_NMIGRATIONS == CASTORE_PG_BASE +
    CASTORE_NPG_MIGRATIONS, "a new SQLite migration needs its PostgreSQL "
    "spelling (ca/castoreschema.c)");

/*
 * PostgreSQL: the schema as of version 8 (CASTORE_PG_BASE), tables in
 * the order their references need.  The comments of the SQLite scripts
 * above say what each table and CHECK is for; the rules are the same.
 */
const char castore_pg_schema[] =
	/* SQLite's RAISE(ABORT) in a trigger is a constraint failure. */
	"CREATE FUNCTION castore_append_only() RETURNS trigger"
	"  LANGUAGE plpgsql AS"
	"  'BEGIN RAISE EXCEPTION ''audit log is append-only''"
	"  USING ERRCODE = ''integrity_constraint_violation''; END';"
	"CREATE TABLE cert ("
	"  serial TEXT COLLATE \"C\" PRIMARY KEY,"
	"  subject TEXT NOT NULL,"
	"  subject_der BYTEA NOT NULL,"
	"  not_before BIGINT NOT NULL,"
	"  not_after BIGINT NOT NULL,"
	"  issued_at BIGINT NOT NULL,"
	"  der BYTEA NOT NULL,"
	"  order_id TEXT COLLATE \"C\" UNIQUE,"
	"  replaces TEXT COLLATE \"C\" REFERENCES cert(serial),"
	"  replaced_by TEXT COLLATE \"C\" UNIQUE REFERENCES cert(serial),"
	"  revoked_at BIGINT,"
	"  reason BIGINT CHECK (reason IS NULL OR"
	"    (reason BETWEEN 0 AND 10 AND reason <> 7)),"
	"  invalidity BIGINT,"
	"  revoke_order TEXT"
	");"
	"CREATE INDEX cert_revoked ON cert(serial, not_after, revoked_at,"
	"  reason, invalidity) WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_revoked_tail ON cert(right(serial, 2), serial,"
	"  not_after, revoked_at, reason, invalidity)"
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_revoked_at ON cert(revoked_at)"
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX cert_issued ON cert(issued_at);"
	"CREATE TABLE cert_platform ("
	"  serial TEXT COLLATE \"C\" NOT NULL REFERENCES cert(serial),"
	"  platform TEXT COLLATE \"C\" NOT NULL,"
	"  PRIMARY KEY (serial, platform)"
	");"
	"CREATE TABLE crl_state ("
	"  id BIGINT PRIMARY KEY CHECK (id = 1),"
	"  number BIGINT NOT NULL"
	");"
	"INSERT INTO crl_state VALUES (1, 0);"
	"CREATE TABLE audit ("
	"  id BIGINT PRIMARY KEY,"
	"  at BIGINT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  op TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  ca TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit"
	"  FOR EACH ROW EXECUTE FUNCTION castore_append_only();"
	"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
	"  FOR EACH STATEMENT EXECUTE FUNCTION castore_append_only();"
	"CREATE TABLE platform ("
	"  name TEXT COLLATE \"C\" PRIMARY KEY"
	"    CHECK (length(name) BETWEEN 1 AND 127),"
	"  url TEXT NOT NULL CHECK (length(url) <= 512 AND"
	"    url ~ '^https?://.'),"
	"  cert BYTEA,"
	"  secret TEXT CHECK (secret IS NULL OR"
	"    length(secret) BETWEEN 16 AND 128),"
	"  enabled BIGINT NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
	"  seq BIGINT NOT NULL DEFAULT 0,"
	"  added_at BIGINT NOT NULL,"
	"  CHECK ((cert IS NULL) <> (secret IS NULL))"
	");"
	"CREATE TABLE notice ("
	"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	"  event_id TEXT COLLATE \"C\" NOT NULL,"
	"  platform TEXT COLLATE \"C\" NOT NULL REFERENCES platform(name),"
	"  seq BIGINT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  serial TEXT COLLATE \"C\" NOT NULL,"
	"  body BYTEA NOT NULL,"
	"  created_at BIGINT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (state IN ('pending', 'delivered', 'failed')),"
	"  attempts BIGINT NOT NULL DEFAULT 0,"
	"  next_at BIGINT NOT NULL,"
	"  since BIGINT NOT NULL,"
	"  last_at BIGINT,"
	"  last_error TEXT,"
	"  delivered_at BIGINT,"
	"  UNIQUE (platform, seq),"
	"  UNIQUE (platform, event_id)"
	");"
	"CREATE INDEX notice_open ON notice(platform, seq)"
	"  WHERE state <> 'delivered';"
	"CREATE TABLE meta ("
	"  key TEXT COLLATE \"C\" PRIMARY KEY,"
	"  value BIGINT NOT NULL"
	");"
	"CREATE TABLE signer ("
	"  id BIGINT PRIMARY KEY CHECK (id = 1),"
	"  token BIGINT NOT NULL CHECK (token >= 0),"
	"  holder TEXT NOT NULL,"
	"  expires_at BIGINT NOT NULL"
	");"
	"INSERT INTO signer VALUES (1, 0, '', 0);"
	"INSERT INTO schema_version (version) VALUES (8);";

/*
 * PostgreSQL's migrations past CASTORE_PG_BASE: castore_pg_migrations[i]
 * takes version CASTORE_PG_BASE + i to the next, as SQLite's script of
 * the same number does (its comment says why).
 */
const char *const castore_pg_migrations[] = {
	/* 9: the fencing token of each row's writer */
	"ALTER TABLE cert ADD COLUMN issued_token BIGINT NOT NULL DEFAULT 0,"
	"  ADD COLUMN revoked_token BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE crl_state ADD COLUMN token BIGINT NOT NULL DEFAULT 0;"
	"UPDATE schema_version SET version = 9;",
};

_Static_assert(sizeof(castore_pg_migrations) /
    sizeof(castore_pg_migrations[0]) == CASTORE_NPG_MIGRATIONS,
    "CASTORE_NPG_MIGRATIONS (ca/castoreint.h) counts "
    "castore_pg_migrations[]");
