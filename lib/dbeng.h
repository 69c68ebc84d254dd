/*
 * lib/dbeng.h: the engine seam of the project's two stores, the web
 * application's database (fcgi/db/) and the CA store (ca/castore*.c).  A
 * store runs every statement through the table of functions of the
 * engine its connection was opened on; each engine is one file, the only
 * one of the project that calls its library:
 *   dbsqlite.c   SQLite, a file (the default): PRAGMA user_version, WAL,
 *                BEGIN IMMEDIATE, the online backup API
 *   dbpg.c       PostgreSQL through libpq, from a connection string
 *                (lib/pgconn.c): a schema_version table, an advisory
 *                lock for writers, snapshots for readers
 * The engines are generic: a store gives them its table of statements
 * and schema scripts (struct dbtab, constant data), and they know
 * nothing else of it.  Only the stores' own headers and connection
 * files (fcgi/db/dbint.h and db.c, ca/castoreint.h and castore.c) and
 * the two engines include this header.  A store calls
 * down into an engine, never the other way, so opening and migrating,
 * which need both the engine and the store's transactions, are the
 * store's.
 *
 * Contract of a step: DBENG_ROW (a row is current), DBENG_DONE,
 * DBENG_ERR (the system failed) or DBENG_REFUSED (the data broke a
 * constraint: SQLite's SQLITE_CONSTRAINT, PostgreSQL's SQLSTATE class
 * 23); errmsg() then says why, without any password.  A statement binds
 * its arguments borrowed: they stay put until reset.
 */
#ifndef LIB_DBENG_H
#define LIB_DBENG_H

#include <stddef.h>

#include "lib/sqlrow.h"

enum dbeng_step {
	DBENG_REFUSED = -2,
	DBENG_ERR = -1,
	DBENG_DONE = 0,
	DBENG_ROW = 1
};

/*
 * What a store gives the engines: constant data, one per store.
 * Statement i is sql[i], or sql_pg[i] on PostgreSQL unless that is NULL
 * ("" there: the statement is SQLite's alone).  The four transaction
 * statements are named by their index: PostgreSQL's begin takes the
 * writers' lock, and a change outside a transaction runs inside
 * sql_pg[begin] of its own.
 */
struct dbtab {
	const char		*name;	/* in logs and server-side names */
	const char *const	*sql;
	const char *const	*sql_pg;
	int			 n;
	int			 begin, begin_read, commit, rollback;
	/* SQLite: the statements setup() runs in order, rows dropped,
	 * and which of them sets the journal mode (its answer checked:
	 * not WAL warns), -1 none. */
	const int		*lite_setup;
	int			 nlite_setup;
	int			 lite_wal;
	/* SQLite's migrations: script N-1 takes version N-1 to N (and
	 * sets user_version).  PostgreSQL's schema at version pg_base, a
	 * new database's first migration; then PostgreSQL's migrations
	 * past it, script i taking version pg_base + i to pg_base + i + 1
	 * (and setting schema_version), for a new database as for an old
	 * one. */
	const char *const	*lite_migrations;
	int			 nlite_migrations;
	const char		*pg_schema;
	int			 pg_base;
	const char *const	*pg_migrations;
	int			 npg_migrations;
};

/* A connection: its engine, its store's table, the engine's handle. */
struct dbconn {
	const struct dbeng	*eng;
	const struct dbtab	*tab;
	void			*h;
};

/* open()'s flags. */
#define DBENG_RO	0x1	/* read only (SQLite: the file) */
#define DBENG_NOMUTEX	0x2	/* one thread at a time (SQLite) */

struct dbeng {
	const char	*name;
	/* 1: every statement is prepared by the end of the store's open. */
	int		 prepare_all;
	/* Connects to where and sets c->h, writing nothing the schema
	 * version is not read from.  0 / -1 (logged; the caller then calls
	 * close). */
	int		 (*open)(struct dbconn *, const char *where, int flags);
	/* The connection's first writes, once the store found the schema
	 * version known (who names the database).  0 / -1 (logged). */
	int		 (*setup)(struct dbconn *, const char *who);
	/* The script taking schema version v on, and in *to the version
	 * it reaches; NULL if there is none from v. */
	const char	*(*migration)(const struct dbtab *, int v, int *to);
	/* Runs a script of several statements.  0 / -1 (why in err). */
	int		 (*script)(struct dbconn *, const char *sql, char *err,
			    size_t sz);
	/* Closes c->h (NULL: nothing) after the store finalized its
	 * statements. */
	void		 (*close)(struct dbconn *);
	/* Statement i of the table, or NULL (logged). */
	void		*(*prepare)(struct dbconn *, int i);
	void		 (*finalize)(void *st);
	/* Binds a[0..n) to ?1..?n.  DBENG_DONE / DBENG_ERR. */
	int		 (*bind)(struct dbconn *, void *st,
			    const struct sqlrow_arg *a, size_t n);
	int		 (*step)(struct dbconn *, void *st);
	void		 (*reset)(void *st);
	/* The current row's columns, as lib/sqlrow.h's row source. */
	enum sqlrow_ctype (*col_type)(void *st, int c);
	long long	 (*col_int)(void *st, int c);
	const char	*(*col_text)(void *st, int c);
	const void	*(*col_bytes)(void *st, int c, size_t *n);
	/* Rows changed by the last change. */
	long long	 (*changes)(struct dbconn *);
	int		 (*in_txn)(struct dbconn *);
	/* 1 if the connection to the server is lost now (a file's never
	 * is): what failed is the service, not the statement. */
	int		 (*lost)(struct dbconn *);
	/* Why the last statement failed. */
	const char	*(*errmsg)(struct dbconn *);
	/* The engine's own integrity check: 1 ok, 0 not, -1. */
	int		 (*integrity)(struct dbconn *);
};

extern const struct dbeng dbeng_sqlite;
extern const struct dbeng dbeng_pg;

/* Whether where names a PostgreSQL database (a libpq connection string:
 * a postgresql:// or postgres:// URI, or key=value pairs naming
 * dbname=) rather than a SQLite file. */
int		 dbeng_where_pg(const char *where);
/* where for messages, in buf (size sz): a file's path, or a connection
 * string's host, port, database and user, never its password. */
void		 dbeng_describe(const char *where, char *buf, size_t sz);
/* The row source of statement st of c (lib/sqlrow.h). */
void		 dbeng_src(const struct dbconn *, void *st,
		    struct sqlrow_src *src);

/*
 * dbsqlite.c, SQLite alone:
 * dbsqlite_backup: copies the database of the open connection c, as of
 * one moment, into the new file dest with the online backup API
 * (writers go on meanwhile), as one self-contained file (journal mode
 * DELETE).  0, 2 if dest cannot be created or written (exists, no
 * space, no permission), -1; logged under the table's name.
 * dbsqlite_backup_file: the same from the file src, opened read only,
 * whose user_version must be one of tab's migrations.
 * dbsqlite_file_version: the user_version of the file path, or -1.
 * dbsqlite_create_version: creates path at version (tab's migrations
 * up to it).  0 / -1.
 * dbsqlite_checkpoint: a PASSIVE WAL checkpoint of c.  0 / -1 (logged).
 * dbsqlite_fk_violations: PRAGMA foreign_key_check of c: 0 none, 1
 * some (logged), -1.
 * dbsqlite_src: SQLite's row source (lib/sqlrow.h) of the stepped
 * sqlite3_stmt q.  dbsqlite_bind: binds a[0..n) to ?1..?n of q, borrowed
 * (the values stay put until q is reset); SQLITE_OK or SQLite's error.
 */
int		 dbsqlite_backup(struct dbconn *c, const char *dest);
int		 dbsqlite_backup_file(const struct dbtab *, const char *src,
		    const char *dest);
int		 dbsqlite_file_version(const char *path);
int		 dbsqlite_create_version(const struct dbtab *,
		    const char *path, int version);
int		 dbsqlite_checkpoint(struct dbconn *c);
int		 dbsqlite_fk_violations(struct dbconn *c);
void		 dbsqlite_src(void *q, struct sqlrow_src *src);
int		 dbsqlite_bind(void *q, const struct sqlrow_arg *a, size_t n);

/* dbpg.c: statement text of ours with ?N turned into $N, in out (size
 * sz): the number of the highest placeholder, or -1 if it does not fit
 * or names a placeholder over 99.  Quoted text ('...', "...") is copied
 * as it is.  For the tests (check_appdb). */
int		 dbpg_placeholders(const char *sql, char *out, size_t sz);
/* dbpg.c: whether an SQLSTATE is the data's fault (class 23). */
int		 dbpg_refused_state(const char *sqlstate);

#endif
