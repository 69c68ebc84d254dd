/*
 * db.c: the web application's database: the connection on its engine
 * (lib/dbeng.h: SQLite, the default, or PostgreSQL), its migrations
 * (each engine's scripts, run in the layer's transactions), transactions
 * and snapshots, and the small helpers every file of fcgi/db/ uses
 * (declared in fcgi/db/dbint.h).  It calls no engine's library itself.
 *
 * fcgi/db/ is the web database, one file per domain, each with a header
 * saying what it holds; fcgi/appdb.h includes all the headers:
 *   db.c        connection, transactions, the helpers that bind, run
 *               and copy rows (lib/sqlrow.h's maps)
 *   (lib/dbeng.h, the engine seam shared with the CA store:
 *   lib/dbsqlite.c and lib/dbpg.c, each the only caller of its library)
 *   schema.c    the schema scripts of both engines
 *   sql.c       the one table of statements (enum appdb_stmt), and
 *               PostgreSQL's spelling where it differs
 *   session.c   sessions
 *   person.c    people, login failures and throttles, SMS codes
 *   identity.c  memberships and roles, staff, join requests
 *   company.c   companies
 *   cert.c      certificates (CA管理), replacements, the lock rule
 *   platform.c  linked platforms
 *   order.c     products, orders, their history and lists
 *   payment.c   payments
 *   invoice.c   invoice requests, their list, the invoice desk
 *   upload.c    uploads, the 补办 wizard's drafts
 *   operator.c  offices, operators, their queue, dual control
 *   audit.c     the hash-chained audit log
 * (`webctl demo`'s data is webctl's: fcgi/webctldemo.c.)
 *
 * Invariants:
 * - All SQL lives in two tables: the schema scripts (fcgi/db/schema.c)
 *   and db_sql[] (fcgi/db/sql.c: every other statement, one per enum
 *   appdb_stmt, with db_sql_pg[] beside it).  Statements are prepared
 *   once per connection and reset (bindings cleared) right after each
 *   use.  No SQL is ever built from strings at run time.
 * - The engine is chosen by what appdb_open() is given: a libpq
 *   connection string is PostgreSQL, anything else a SQLite file
 *   (appdb_where_pg()).  Both behave the same to the layer: a write
 *   transaction (appdb_begin) excludes every other writer from its start,
 *   a snapshot sees one moment, a statement that fails changes nothing,
 *   and a constraint failure is appdb_refused().
 * - Money is integer fen, times unix seconds UTC, ids positive.
 * - A domain file names each result row's columns once, in a row map
 *   beside the function (SQLCOL_*), and passes arguments as a list
 *   (SQLROW_ARGS); what stays hand-written says why.
 * - The audit table is append-only (fcgi/db/audit.c says how).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/db/dbint.h"
#include "lib/dbeng.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

struct dbq *
db_stmt(struct appdb *db, enum appdb_stmt i)
{
	struct dbq	*q = &db->q[i];

	if (q->st == NULL && (q->st = db->c.eng->prepare(&db->c, i)) == NULL)
		return NULL;
	return q;
}

void
db_done(struct dbq *q)
{
	q->db->c.eng->reset(q->st);
}

int
db_step(struct appdb *db, struct dbq *q, const char *func)
{
	int	 rc = db->c.eng->step(&db->c, q->st);

	if (rc == DBENG_ROW)
		return 1;
	if (rc == DBENG_DONE)
		return 0;
	if (rc == DBENG_REFUSED) {
		db->refused = 1;
		log_warn("%s: refused: %s", func, db->c.eng->errmsg(&db->c));
	} else
		log_err("%s: %s", func, db->c.eng->errmsg(&db->c));
	return -1;
}

int
db_refuse(struct appdb *db, const char *func, const char *why)
{
	db->refused = 1;
	log_warn("%s: refused: %s", func, why);
	return -1;
}

enum sqlrow_ctype
db_col_type(struct dbq *q, int c)
{
	return q->db->c.eng->col_type(q->st, c);
}

long long
db_col_int(struct dbq *q, int c)
{
	return q->db->c.eng->col_int(q->st, c);
}

const char *
db_col_text(struct dbq *q, int c)
{
	return q->db->c.eng->col_text(q->st, c);
}

const void *
db_col_bytes(struct dbq *q, int c, size_t *n)
{
	return q->db->c.eng->col_bytes(q->st, c, n);
}

void
db_col_copy(struct dbq *q, int c, char *dst, size_t sz)
{
	const char	*t;
	size_t		 n;

	if (sz == 0)
		return;
	t = db_col_text(q, c);
	n = t != NULL ? strnlen(t, sz - 1) : 0;	/* as snprintf cuts */
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

long long
db_changes(struct appdb *db)
{
	return db->c.eng->changes(&db->c);
}

int
db_in_txn(struct appdb *db)
{
	return db->c.eng->in_txn(&db->c);
}

/* Runs the bound statement q to completion.  0 / -1 (logged). */
int
db_run(struct appdb *db, struct dbq *q, const char *func)
{
	int	 rc;

	if (q == NULL)
		return -1;
	while ((rc = db_step(db, q, func)) == 1)
		continue;
	db_done(q);
	return rc;
}

/* Runs the bound INSERT ... RETURNING id q and stores the new row's id
 * (0 if it inserted none).  0 / -1. */
int
db_insert(struct appdb *db, struct dbq *q, const char *func, long long *id)
{
	long long	 got = 0;
	int		 rc;

	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, func)) == 1) {
		got = db_col_int(q, 0);
		while ((rc = db_step(db, q, func)) == 1)
			continue;
	}
	db_done(q);
	if (rc == -1)
		return -1;
	if (id != NULL)
		*id = got;
	return 0;
}

/*
 * Runs the bound statement q, which changes at most one row and only if
 * the row is as it expects: 1 changed, 0 nothing changed, -1 (logged).
 */
int
db_change(struct appdb *db, struct dbq *q, const char *func)
{
	if (db_run(db, q, func) == -1)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

/* Runs the bound query q for one id: the id, 0 if no row, -1 (logged). */
long long
db_lookup(struct appdb *db, struct dbq *q, const char *func)
{
	long long	 id = -1;
	int		 rc;

	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, func)) == 1)
		id = db_col_int(q, 0);
	else if (rc == 0)
		id = 0;
	db_done(q);
	return id;
}

/* Runs the argument-less statement i to completion.  0 / -1. */
int
db_simple(struct appdb *db, enum appdb_stmt i, const char *func)
{
	return db_run(db, db_stmt(db, i), func);
}

/* SQLite's set-up, in order: foreign keys, secure_delete, WAL. */
static const int lite_setup[] = {
	STMT_FOREIGN_KEYS, STMT_SECURE_DELETE, STMT_WAL
};

/* The app database as the engines see it (lib/dbeng.h). */
static const struct dbtab appdb_tab = {
	"appdb",
	db_sql, db_sql_pg, STMT__MAX,
	STMT_BEGIN, STMT_BEGIN_READ, STMT_COMMIT, STMT_ROLLBACK,
	lite_setup, (int)(sizeof(lite_setup) / sizeof(lite_setup[0])),
	STMT_WAL,
	appdb_migrations, APPDB_NMIGRATIONS,
	appdb_pg_schema, APPDB_PG_BASE,
	NULL, 0		/* no PostgreSQL migration past its base yet */
};

int
appdb_where_pg(const char *where)
{
	return dbeng_where_pg(where);
}

void
appdb_describe(const char *where, char *buf, size_t sz)
{
	dbeng_describe(where, buf, sz);
}

/*
 * Applies the migrations the database lacks, each in one write
 * transaction (appdb_begin): all or nothing, and of concurrent openers
 * one migrates, the others find it done.  0 / -1 (logged).
 */
static int
migrate(struct appdb *db, const char *who)
{
	const char	*sql;
	char		 err[512];
	int		 v, to = 0, ret = -1;

	while ((v = appdb_version(db)) != -1 && v < APPDB_NMIGRATIONS) {
		if (appdb_begin(db) == -1)
			goto out;
		/* Another process may have migrated while we waited. */
		if ((v = appdb_version(db)) == -1)
			goto out;
		if (v >= APPDB_NMIGRATIONS) {
			if (appdb_commit(db) == -1)
				goto out;
			break;
		}
		if ((sql = db->c.eng->migration(&appdb_tab, v, &to)) == NULL) {
			log_err("appdb_open: %s: no %s migration from schema "
			    "version %d", who, db->c.eng->name, v);
			goto out;
		}
		if (db->c.eng->script(&db->c, sql, err, sizeof(err)) == -1) {
			log_err("appdb_open: %s: migration to %d: %s", who, to,
			    err);
			goto out;
		}
		if (appdb_version(db) != to) {
			log_err("appdb_open: %s: the migration does not set "
			    "the schema version to %d", who, to);
			goto out;
		}
		if (appdb_commit(db) == -1)
			goto out;
		log_info("appdb: %s migrated to schema version %d", who, to);
	}
	if (v != -1)
		ret = 0;
out:
	if (ret == -1)
		appdb_rollback(db);
	return ret;
}

struct appdb *
appdb_open(const char *where)
{
	struct appdb	*db;
	char		 who[512];
	int		 i, v;

	if (where == NULL) {
		log_err("appdb_open: no database path or connection string");
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_err("appdb_open: out of memory");
		return NULL;
	}
	db->c.eng = appdb_where_pg(where) ? &dbeng_pg : &dbeng_sqlite;
	db->c.tab = &appdb_tab;
	for (i = 0; i < STMT__MAX; i++) {
		db->q[i].db = db;
		db->q[i].i = i;
	}
	appdb_describe(where, who, sizeof(who));
	if (db->c.eng->open(&db->c, where, 0) == -1)
		goto fail;
	/* Refuse a newer schema before writing anything. */
	if ((v = appdb_version(db)) == -1) {
		log_err("appdb_open: %s: cannot read the schema version", who);
		goto fail;
	}
	if (v > APPDB_NMIGRATIONS) {
		log_err("appdb_open: %s has schema version %d, newer than this "
		    "program's %d; refusing to open it (upgrade the program)",
		    who, v, APPDB_NMIGRATIONS);
		goto fail;
	}
	if (db->c.eng->setup(&db->c, who) == -1 || migrate(db, who) == -1)
		goto fail;
	for (i = 0; db->c.eng->prepare_all && i < STMT__MAX; i++)
		if (db_stmt(db, i) == NULL)
			goto fail;
	return db;
fail:
	appdb_close(db);
	return NULL;
}

int
appdb_backup_file(const char *src, const char *dest)
{
	if (appdb_where_pg(src)) {
		log_err("appdb_backup: the app database is in PostgreSQL: back "
		    "it up with PostgreSQL's own tools (pg_dump, or "
		    "pg_basebackup and WAL archiving; README, PostgreSQL)");
		return -1;
	}
	return dbsqlite_backup_file(&appdb_tab, src, dest);
}

int
appdb_file_version(const char *path)
{
	if (appdb_where_pg(path))
		return -1;
	return dbsqlite_file_version(path);
}

int
appdb_integrity(struct appdb *db)
{
	return db->c.eng->integrity(&db->c);
}

int
appdb_create_version(const char *path, int version)
{
	return dbsqlite_create_version(&appdb_tab, path, version);
}

void
appdb_close(struct appdb *db)
{
	int	 i;

	if (db == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		if (db->q[i].st != NULL)
			db->c.eng->finalize(db->q[i].st);
	db->c.eng->close(&db->c);
	free(db);
}

int
appdb_version_latest(void)
{
	return APPDB_NMIGRATIONS;
}

int
appdb_version(struct appdb *db)
{
	long long	 v;

	v = db_lookup(db, db_stmt(db, STMT_USER_VERSION), "appdb_version");
	return v < 0 || v > 1000000 ? -1 : (int)v;
}

int
appdb_ping(struct appdb *db)
{
	return db != NULL && appdb_version(db) == APPDB_NMIGRATIONS;
}

int
appdb_begin(struct appdb *db)
{
	db->refused = 0;
	return db_simple(db, STMT_BEGIN, "appdb_begin");
}

int
appdb_commit(struct appdb *db)
{
	if (db_simple(db, STMT_COMMIT, "appdb_commit") == 0)
		return 0;
	appdb_rollback(db);
	return -1;
}

int
appdb_rollback(struct appdb *db)
{
	if (!db_in_txn(db))
		return 0;
	return db_simple(db, STMT_ROLLBACK, "appdb_rollback");
}

int
appdb_snapshot(struct appdb *db)
{
	db->refused = 0;
	return db_simple(db, STMT_BEGIN_READ, "appdb_snapshot");
}

void
appdb_snapshot_end(struct appdb *db)
{
	if (appdb_rollback(db) == -1)
		log_err("appdb_snapshot_end: cannot end the read transaction");
}

int
appdb_refused(const struct appdb *db)
{
	return db->refused;
}

int
appdb_unavailable(struct appdb *db)
{
	return db->c.eng->lost(&db->c);
}

static const struct sqlrow_col counts_cols[] = {
	SQLCOL_INT(0, struct appdb_counts, person),
	SQLCOL_INT(1, struct appdb_counts, company),
	SQLCOL_INT(2, struct appdb_counts, membership),
	SQLCOL_INT(3, struct appdb_counts, platform),
	SQLCOL_INT(4, struct appdb_counts, office),
	SQLCOL_INT(5, struct appdb_counts, cert),
	SQLCOL_INT(6, struct appdb_counts, product),
	SQLCOL_INT(7, struct appdb_counts, audit),
};
static const struct sqlrow_map counts_map =
    SQLROW_MAP(struct appdb_counts, counts_cols);

int
appdb_counts(struct appdb *db, struct appdb_counts *out)
{
	int	 v;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((v = appdb_version(db)) == -1 ||
	    db_exec_get(db, STMT_COUNTS, "appdb_counts", &counts_map, out,
	    NULL, 0) != 1)
		return -1;
	out->version = v;
	return 0;
}

struct dbq *
db_bound(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	struct dbq	*q;

	if ((q = db_stmt(db, i)) == NULL)
		return NULL;
	if (db->c.eng->bind(&db->c, q->st, a, n) != DBENG_DONE) {
		log_err("%s: cannot bind: %s", func, db->c.eng->errmsg(&db->c));
		db_done(q);
		return NULL;
	}
	return q;
}

int
db_exec(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_run(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_change(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_change(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_insert(struct appdb *db, enum appdb_stmt i, const char *func,
    long long *id, const struct sqlrow_arg *a, size_t n)
{
	return db_insert(db, db_bound(db, i, func, a, n), func, id);
}

long long
db_exec_id(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_lookup(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_get(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_map *map, void *out, const struct sqlrow_arg *a,
    size_t n)
{
	struct dbq	*q;
	int		 rc;

	memset(out, 0, map->size);
	if ((q = db_bound(db, i, func, a, n)) == NULL)
		return -1;
	if ((rc = db_next(db, q, map, out, func)) == 1)
		db_done(q);
	return rc;
}

int
db_next(struct appdb *db, struct dbq *q, const struct sqlrow_map *map,
    void *out, const char *func)
{
	struct sqlrow_src	 src;
	int			 rc;

	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, func)) == 1) {
		dbeng_src(&db->c, q->st, &src);
		if (sqlrow_get_src(&src, map, out) == 0)
			return 1;
		rc = -1;
	}
	db_done(q);
	return rc;
}

int
db_end(struct dbq *q, int rc)
{
	if (q != NULL)
		db_done(q);
	return rc == 0 ? 0 : -1;
}
