/*
 * engsqlite.c: the app database on SQLite, a file (fcgi/db/eng.h): the
 * default engine, and the only file of fcgi/db/ that calls SQLite.
 *
 * Invariants:
 * - The schema is versioned by PRAGMA user_version and migrated by
 *   appdb_migrations[] (fcgi/db/schema.c), which db.c runs each in one
 *   BEGIN IMMEDIATE transaction: all or nothing, and concurrent openers
 *   migrate once.  open() writes nothing; setup(), the first writes,
 *   runs only once db.c found the version known: a database newer than
 *   the code is refused before anything is written to it (not even the
 *   WAL).
 * - It calls nothing of db.c: the layer calls down into it.
 * - Connections run with foreign keys on, secure_delete on (freed pages
 *   are zeroed: old password hashes do not linger), WAL journal, a 5 s
 *   busy timeout, SQLITE_DBCONFIG_DEFENSIVE, and an untrusted schema.
 * - Every statement is prepared by the end of open(), so a statement
 *   SQLite cannot read stops the program at start, not on a page.
 * - Writers are serialised by BEGIN IMMEDIATE (db_sql[STMT_BEGIN]); a
 *   snapshot is a deferred BEGIN (STMT_BEGIN_READ).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "fcgi/db/eng.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

#define APPDB_BUSY_MS		5000

/* The connection of db. */
#define LITE(db)	((sqlite3 *)(db)->conn)

static void *
lite_prepare(struct appdb *db, enum appdb_stmt i)
{
	sqlite3_stmt	*q = NULL;

	if (sqlite3_prepare_v3(LITE(db), db_sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
		log_err("appdb: prepare statement %d: %s", (int)i,
		    sqlite3_errmsg(LITE(db)));
		return NULL;
	}
	return q;
}

static void
lite_finalize(void *st)
{
	sqlite3_finalize(st);
}

static int
lite_bind(struct appdb *db, void *st, const struct sqlrow_arg *a, size_t n)
{
	(void)db;
	return sqlrow_bind(st, a, n) == SQLITE_OK ? ENG_DONE : ENG_ERR;
}

static int
lite_step(struct appdb *db, void *st)
{
	int	 rc;

	(void)db;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		return ENG_ROW;
	if (rc == SQLITE_DONE)
		return ENG_DONE;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? ENG_REFUSED : ENG_ERR;
}

static void
lite_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static enum sqlrow_ctype
lite_col_type(void *st, int c)
{
	struct sqlrow_src	 s;

	sqlrow_sqlite_src(st, &s);
	return s.type(st, c);
}

static long long
lite_col_int(void *st, int c)
{
	return sqlite3_column_int64(st, c);
}

static const char *
lite_col_text(void *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

static const void *
lite_col_bytes(void *st, int c, size_t *n)
{
	struct sqlrow_src	 s;

	sqlrow_sqlite_src(st, &s);
	return s.bytes(st, c, n);
}

static long long
lite_changes(struct appdb *db)
{
	return sqlite3_changes(LITE(db));
}

static int
lite_in_txn(struct appdb *db)
{
	return !sqlite3_get_autocommit(LITE(db));
}

static int
lite_lost(struct appdb *db)
{
	(void)db;
	return 0;	/* a file is never out of reach */
}

static const char *
lite_errmsg(struct appdb *db)
{
	return sqlite3_errmsg(LITE(db));
}

static int
lite_integrity(struct appdb *db)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 ok = 0;

	if (sqlite3_prepare_v2(LITE(db), "PRAGMA integrity_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW &&
	    (t = (const char *)sqlite3_column_text(q, 0)) != NULL &&
	    strcmp(t, "ok") == 0 && sqlite3_step(q) == SQLITE_DONE)
		ok = 1;
	sqlite3_finalize(q);
	return ok;
}

/* Runs the argument-less statement i of db_sql[], its rows dropped.
 * 0 / -1 (logged). */
static int
run_sql(struct appdb *db, enum appdb_stmt i, const char *path)
{
	char	*err = NULL;
	int	 rc;

	if ((rc = sqlite3_exec(LITE(db), db_sql[i], NULL, NULL, &err)) !=
	    SQLITE_OK)
		log_err("appdb_open: %s: %s: %s", path, db_sql[i],
		    err != NULL ? err : sqlite3_errmsg(LITE(db)));
	sqlite3_free(err);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Switches to WAL; other modes (in-memory databases) only warn.  0 / -1. */
static int
set_wal(struct appdb *db, const char *path)
{
	sqlite3_stmt	*q = NULL;
	const char	*mode;
	int		 ret = -1;

	if (sqlite3_prepare_v2(LITE(db), db_sql[STMT_WAL], -1, &q, NULL) ==
	    SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(q, 0);
		if (mode == NULL || strcasecmp(mode, "wal") != 0)
			log_warn("appdb_open: %s: journal mode is %s, not WAL",
			    path, mode != NULL ? mode : "unknown");
		ret = 0;
	} else
		log_err("appdb_open: %s: journal_mode: %s", path,
		    sqlite3_errmsg(LITE(db)));
	sqlite3_finalize(q);
	return ret;
}

static int
lite_open(struct appdb *db, const char *path)
{
	sqlite3	*s = NULL;
	int	 rc;

	rc = sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	db->conn = s;
	if (rc != SQLITE_OK) {
		log_err("appdb_open: %s: %s", path, s != NULL ?
		    sqlite3_errmsg(s) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(s, 1);
	sqlite3_busy_timeout(s, APPDB_BUSY_MS);
	if (sqlite3_db_config(s, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL) != SQLITE_OK ||
	    sqlite3_db_config(s, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
	    NULL) != SQLITE_OK) {
		log_err("appdb_open: %s: cannot harden the connection", path);
		return -1;
	}
	return 0;
}

/* After the schema version was found known: the first writes. */
static int
lite_setup(struct appdb *db, const char *path)
{
	if (run_sql(db, STMT_FOREIGN_KEYS, path) == -1 ||
	    run_sql(db, STMT_SECURE_DELETE, path) == -1)
		return -1;
	return set_wal(db, path);
}

static const char *
lite_migration(int v, int *to)
{
	if (v < 0 || v >= appdb_nmigrations)
		return NULL;
	*to = v + 1;
	return appdb_migrations[v];
}

static int
lite_script(struct appdb *db, const char *sql, char *err, size_t sz)
{
	char	*e = NULL;
	int	 rc;

	if ((rc = sqlite3_exec(LITE(db), sql, NULL, NULL, &e)) != SQLITE_OK)
		snprintf(err, sz, "%s", e != NULL ? e :
		    sqlite3_errmsg(LITE(db)));
	sqlite3_free(e);
	return rc == SQLITE_OK ? 0 : -1;
}

static void
lite_close(struct appdb *db)
{
	if (db->conn != NULL && sqlite3_close(LITE(db)) != SQLITE_OK)
		log_err("appdb_close: %s", sqlite3_errmsg(LITE(db)));
	db->conn = NULL;
}

const struct eng eng_sqlite = {
	"sqlite",
	1,		/* every statement prepared at open */
	lite_open,
	lite_setup,
	lite_migration,
	lite_script,
	lite_close,
	lite_prepare,
	lite_finalize,
	lite_bind,
	lite_step,
	lite_reset,
	lite_col_type,
	lite_col_int,
	lite_col_text,
	lite_col_bytes,
	lite_changes,
	lite_in_txn,
	lite_lost,
	lite_errmsg,
	lite_integrity
};

int
engsqlite_backup_file(const char *src, const char *dest)
{
	sqlite3		*s = NULL, *d = NULL;
	sqlite3_backup	*b;
	sqlite3_stmt	*q = NULL;
	int		 rc, v = -1, ret = -1;

	if (sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		log_err("appdb_backup: %s: %s", src, s != NULL ?
		    sqlite3_errmsg(s) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(s, APPDB_BUSY_MS);
	if (sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &q, NULL) ==
	    SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (v < 1 || v > appdb_nmigrations) {
		log_err("appdb_backup: %s has schema version %d, which this "
		    "program (%d) does not know; use the program that runs "
		    "it", src, v, appdb_nmigrations);
		goto out;
	}
	rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL);
	if (rc != SQLITE_OK) {
		log_err("appdb_backup: %s: %s", dest, d != NULL ?
		    sqlite3_errmsg(d) : sqlite3_errstr(rc));
		ret = 2;
		goto out;
	}
	/* One step: every page under one read transaction, a snapshot. */
	if ((b = sqlite3_backup_init(d, "main", s, "main")) == NULL) {
		log_err("appdb_backup: %s", sqlite3_errmsg(d));
		goto out;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_errcode(d);
	if (rc == SQLITE_OK && sqlite3_exec(d,
	    "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sqlite3_errcode(d);
	if (rc != SQLITE_OK) {
		log_err("appdb_backup: to %s: %s", dest, sqlite3_errstr(rc));
		ret = rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? 2 : -1;
		goto out;
	}
	ret = 0;
out:
	if (d != NULL && sqlite3_close(d) != SQLITE_OK && ret == 0)
		ret = 2;
	sqlite3_close(s);
	return ret;
}

int
engsqlite_file_version(const char *path)
{
	sqlite3		*s = NULL;
	sqlite3_stmt	*q = NULL;
	int		 v = -1;

	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &q,
	    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(s);
	return v;
}

int
engsqlite_create_version(const char *path, int version)
{
	sqlite3	*s = NULL;
	char	*err = NULL;
	int	 i, rc = -1;

	if (version < 0 || version > appdb_nmigrations)
		return -1;
	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto out;
	for (i = 0; i < version; i++)
		if (sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(s, appdb_migrations[i], NULL,
		    NULL, &err) != SQLITE_OK || sqlite3_exec(s, "COMMIT",
		    NULL, NULL, NULL) != SQLITE_OK) {
			log_err("appdb_create_version: migration %d: %s", i + 1,
			    err != NULL ? err : sqlite3_errmsg(s));
			goto out;
		}
	rc = 0;
out:
	sqlite3_free(err);
	sqlite3_close(s);
	return rc;
}
