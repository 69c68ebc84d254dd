/*
 * dbsqlite.c: a store on SQLite, a file (lib/dbeng.h): the default
 * engine, and the only file of the project's stores that calls SQLite
 * (with SQLite's row source and binder of lib/sqlrow.h's maps and
 * argument lists).  Generic: the
 * statements, the set-up PRAGMAs and the migrations are the store's
 * table (struct dbtab); this file knows no schema.
 *
 * Invariants:
 * - The schema is versioned by PRAGMA user_version and migrated by the
 *   table's lite_migrations[], which the store runs each in one BEGIN
 *   IMMEDIATE transaction: all or nothing, and concurrent openers
 *   migrate once.  open() writes nothing; setup(), the first writes,
 *   runs only once the store found the version known: a database newer
 *   than the code is refused before anything is written to it (not
 *   even the WAL).
 * - It calls nothing of a store: the stores call down into it.
 * - Connections run with extended result codes, a 5 s busy timeout,
 *   SQLITE_DBCONFIG_DEFENSIVE and an untrusted schema; the store's
 *   setup statements add the rest (foreign keys, journal mode).
 * - Writers are serialised by the table's begin statement (BEGIN
 *   IMMEDIATE); a snapshot is its begin_read (a deferred BEGIN).
 * - The online backup copies every page in one step, under one read
 *   transaction: a snapshot of one moment, while writers go on in the
 *   WAL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "lib/dbeng.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

#define LITE_BUSY_MS		5000

/* The connection of db. */
#define LITE(c)		((sqlite3 *)(c)->h)

/* SQLite's row source: the column functions of a stepped statement. */
static enum sqlrow_ctype
lite_type(void *q, int c)
{
	switch (sqlite3_column_type(q, c)) {
	case SQLITE_INTEGER:
		return SQLROW_C_INT;
	case SQLITE_FLOAT:
		return SQLROW_C_FLOAT;
	case SQLITE_TEXT:
		return SQLROW_C_TEXT;
	case SQLITE_BLOB:
		return SQLROW_C_BLOB;
	default:
		return SQLROW_C_NULL;
	}
}

static long long
lite_int64(void *q, int c)
{
	return sqlite3_column_int64(q, c);
}

static const char *
lite_text(void *q, int c)
{
	return (const char *)sqlite3_column_text(q, c);
}

static const void *
lite_bytes(void *q, int c, size_t *n)
{
	const void	*b = sqlite3_column_blob(q, c);

	*n = b != NULL ? (size_t)sqlite3_column_bytes(q, c) : 0;
	return b;
}

void
dbsqlite_src(void *q, struct sqlrow_src *src)
{
	src->q = q;
	src->type = lite_type;
	src->int64 = lite_int64;
	src->text = lite_text;
	src->bytes = lite_bytes;
}

/* Binds a[0..n) to ?1..?n of q without copying (lib/sqlrow.h): the
 * values stay put until q is reset.  SQLITE_OK, or the first error. */
int
dbsqlite_bind(void *q, const struct sqlrow_arg *a, size_t n)
{
	size_t	 i;
	int	 rc = SQLITE_OK, k;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		k = (int)i + 1;
		switch (a[i].type) {
		case SQLARG__INT:
			rc = sqlite3_bind_int64(q, k, a[i].i);
			break;
		case SQLARG__ID:
			rc = a[i].i == 0 ? sqlite3_bind_null(q, k) :
			    sqlite3_bind_int64(q, k, a[i].i);
			break;
		case SQLARG__TEXT:
			rc = sqlite3_bind_text(q, k, a[i].t, -1,
			    SQLITE_STATIC);
			break;
		case SQLARG__BLOB:
			rc = a[i].b == NULL ? sqlite3_bind_null(q, k) :
			    sqlite3_bind_blob(q, k, a[i].b, (int)a[i].n,
			    SQLITE_STATIC);
			break;
		}
	}
	return rc;
}

static void *
lite_prepare(struct dbconn *c, int i)
{
	sqlite3_stmt	*q = NULL;

	if (sqlite3_prepare_v3(LITE(c), c->tab->sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
		log_err("%s: prepare statement %d: %s", c->tab->name, i,
		    sqlite3_errmsg(LITE(c)));
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
lite_bind(struct dbconn *c, void *st, const struct sqlrow_arg *a, size_t n)
{
	(void)c;
	return dbsqlite_bind(st, a, n) == SQLITE_OK ? DBENG_DONE : DBENG_ERR;
}

static int
lite_step(struct dbconn *c, void *st)
{
	int	 rc;

	(void)c;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		return DBENG_ROW;
	if (rc == SQLITE_DONE)
		return DBENG_DONE;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? DBENG_REFUSED : DBENG_ERR;
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

	dbsqlite_src(st, &s);
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

	dbsqlite_src(st, &s);
	return s.bytes(st, c, n);
}

static long long
lite_changes(struct dbconn *c)
{
	return sqlite3_changes(LITE(c));
}

static int
lite_in_txn(struct dbconn *c)
{
	return !sqlite3_get_autocommit(LITE(c));
}

static int
lite_lost(struct dbconn *c)
{
	(void)c;
	return 0;	/* a file is never out of reach */
}

static const char *
lite_errmsg(struct dbconn *c)
{
	return sqlite3_errmsg(LITE(c));
}

static int
lite_integrity(struct dbconn *c)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 ok = 0;

	if (sqlite3_prepare_v2(LITE(c), "PRAGMA integrity_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW &&
	    (t = (const char *)sqlite3_column_text(q, 0)) != NULL &&
	    strcmp(t, "ok") == 0 && sqlite3_step(q) == SQLITE_DONE)
		ok = 1;
	sqlite3_finalize(q);
	return ok;
}

/* Runs the setup statement i of the table, its rows dropped; the
 * journal mode's answer checked (other modes, in-memory databases, only
 * warn).  0 / -1 (logged). */
static int
run_setup(struct dbconn *c, int i, const char *who)
{
	sqlite3_stmt	*q = NULL;
	const char	*mode;
	int		 rc;

	if (sqlite3_prepare_v2(LITE(c), c->tab->sql[i], -1, &q, NULL) !=
	    SQLITE_OK) {
		log_err("%s_open: %s: %s: %s", c->tab->name, who,
		    c->tab->sql[i], sqlite3_errmsg(LITE(c)));
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (i == c->tab->lite_wal) {
			mode = (const char *)sqlite3_column_text(q, 0);
			if (mode == NULL || strcasecmp(mode, "wal") != 0)
				log_warn("%s_open: %s: journal mode is %s, "
				    "not WAL", c->tab->name, who,
				    mode != NULL ? mode : "unknown");
		}
	if (rc != SQLITE_DONE)
		log_err("%s_open: %s: %s: %s", c->tab->name, who,
		    c->tab->sql[i], sqlite3_errmsg(LITE(c)));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
lite_open(struct dbconn *c, const char *path, int flags)
{
	sqlite3	*s = NULL;
	int	 rc;

	rc = sqlite3_open_v2(path, &s, (flags & DBENG_RO ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE) | (flags & DBENG_NOMUTEX ?
	    SQLITE_OPEN_NOMUTEX : 0), NULL);
	c->h = s;
	if (rc != SQLITE_OK) {
		log_err("%s_open: %s: %s", c->tab->name, path, s != NULL ?
		    sqlite3_errmsg(s) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(s, 1);
	sqlite3_busy_timeout(s, LITE_BUSY_MS);
	if (sqlite3_db_config(s, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL) != SQLITE_OK ||
	    sqlite3_db_config(s, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
	    NULL) != SQLITE_OK) {
		log_err("%s_open: %s: cannot harden the connection",
		    c->tab->name, path);
		return -1;
	}
	return 0;
}

/* After the schema version was found known: the first writes. */
static int
lite_setup(struct dbconn *c, const char *who)
{
	int	 i;

	for (i = 0; i < c->tab->nlite_setup; i++)
		if (run_setup(c, c->tab->lite_setup[i], who) == -1)
			return -1;
	return 0;
}

static const char *
lite_migration(const struct dbtab *t, int v, int *to)
{
	if (v < 0 || v >= t->nlite_migrations)
		return NULL;
	*to = v + 1;
	return t->lite_migrations[v];
}

static int
lite_script(struct dbconn *c, const char *sql, char *err, size_t sz)
{
	char	*e = NULL;
	int	 rc;

	if ((rc = sqlite3_exec(LITE(c), sql, NULL, NULL, &e)) != SQLITE_OK)
		snprintf(err, sz, "%s", e != NULL ? e :
		    sqlite3_errmsg(LITE(c)));
	sqlite3_free(e);
	return rc == SQLITE_OK ? 0 : -1;
}

static void
lite_close(struct dbconn *c)
{
	if (c->h != NULL && sqlite3_close(LITE(c)) != SQLITE_OK)
		log_err("%s_close: %s", c->tab->name,
		    sqlite3_errmsg(LITE(c)));
	c->h = NULL;
}

const struct dbeng dbeng_sqlite = {
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

/* Copies s into the new file dest (see dbsqlite_backup).  0, 2, -1. */
static int
backup(sqlite3 *s, const char *name, const char *dest)
{
	sqlite3		*d = NULL;
	sqlite3_backup	*b;
	int		 rc, ret = -1;

	rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL);
	if (rc != SQLITE_OK) {
		log_err("%s_backup: %s: %s", name, dest, d != NULL ?
		    sqlite3_errmsg(d) : sqlite3_errstr(rc));
		ret = 2;
		goto out;
	}
	/* One step: every page under one read transaction, a snapshot. */
	if ((b = sqlite3_backup_init(d, "main", s, "main")) == NULL) {
		log_err("%s_backup: %s", name, sqlite3_errmsg(d));
		goto out;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_errcode(d);
	/* One self-contained file (no -wal): WAL again when opened. */
	if (rc == SQLITE_OK && sqlite3_exec(d,
	    "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sqlite3_errcode(d);
	if (rc != SQLITE_OK) {
		log_err("%s_backup: to %s: %s", name, dest,
		    sqlite3_errstr(rc));
		ret = rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? 2 : -1;
		goto out;
	}
	ret = 0;
out:
	if (d != NULL && sqlite3_close(d) != SQLITE_OK && ret == 0)
		ret = 2;
	return ret;
}

int
dbsqlite_backup(struct dbconn *c, const char *dest)
{
	return backup(LITE(c), c->tab->name, dest);
}

int
dbsqlite_backup_file(const struct dbtab *t, const char *src,
    const char *dest)
{
	sqlite3		*s = NULL;
	int		 v, ret = -1;

	if (sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		log_err("%s_backup: %s: %s", t->name, src, s != NULL ?
		    sqlite3_errmsg(s) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(s, LITE_BUSY_MS);
	v = dbsqlite_file_version(src);
	if (v < 1 || v > t->nlite_migrations) {
		log_err("%s_backup: %s has schema version %d, which this "
		    "program (%d) does not know; use the program that runs "
		    "it", t->name, src, v, t->nlite_migrations);
		goto out;
	}
	ret = backup(s, t->name, dest);
out:
	sqlite3_close(s);
	return ret;
}

int
dbsqlite_file_version(const char *path)
{
	sqlite3		*s = NULL;
	sqlite3_stmt	*q = NULL;
	int		 v = -1;

	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(s, LITE_BUSY_MS);
		if (sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &q,
		    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
	}
	sqlite3_finalize(q);
	sqlite3_close(s);
	return v;
}

int
dbsqlite_create_version(const struct dbtab *t, const char *path,
    int version)
{
	sqlite3	*s = NULL;
	char	*err = NULL;
	int	 i, rc = -1;

	if (version < 0 || version > t->nlite_migrations)
		return -1;
	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto out;
	for (i = 0; i < version; i++)
		if (sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(s, t->lite_migrations[i], NULL,
		    NULL, &err) != SQLITE_OK || sqlite3_exec(s, "COMMIT",
		    NULL, NULL, NULL) != SQLITE_OK) {
			log_err("%s_create_version: migration %d: %s", t->name,
			    i + 1, err != NULL ? err : sqlite3_errmsg(s));
			goto out;
		}
	rc = 0;
out:
	sqlite3_free(err);
	sqlite3_close(s);
	return rc;
}

int
dbsqlite_checkpoint(struct dbconn *c)
{
	int	 rc;

	rc = sqlite3_wal_checkpoint_v2(LITE(c), NULL,
	    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		log_err("%s: checkpoint: %s", c->tab->name,
		    sqlite3_errmsg(LITE(c)));
		return -1;
	}
	return 0;
}

int
dbsqlite_fk_violations(struct dbconn *c)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (sqlite3_prepare_v2(LITE(c), "PRAGMA foreign_key_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		log_err("%s: a migration would break foreign keys",
		    c->tab->name);
	return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? 1 : -1;
}
