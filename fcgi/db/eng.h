/*
 * fcgi/db/eng.h: the engine seam of the app database.  fcgi/db/db.c runs
 * every statement through the table of functions of the engine its
 * connection was opened on; each engine is one file, the only one that
 * calls its library:
 *   engsqlite.c  SQLite, a file (the default): PRAGMA user_version, WAL,
 *                BEGIN IMMEDIATE, the online backup API
 *   engpg.c      PostgreSQL through libpq, from a connection string
 *                (lib/pgconn.c): a schema_version table, an advisory
 *                lock for writers, snapshots for readers
 * Only db.c, engsqlite.c and engpg.c include this header.  The layer
 * calls down into an engine, never the other way: an engine calls
 * nothing of db.c (it reads struct appdb and the tables of sql.c and
 * schema.c, which are data), so opening and migrating, which need both
 * the engine and the layer's transactions, are db.c's.
 *
 * Contract of a step: ENG_ROW (a row is current), ENG_DONE, ENG_ERR (the
 * system failed) or ENG_REFUSED (the data broke a constraint: SQLite's
 * SQLITE_CONSTRAINT, PostgreSQL's SQLSTATE class 23); errmsg() then says
 * why, without any password.  A statement binds its arguments borrowed:
 * they stay put until reset.
 */
#ifndef FCGI_DB_ENG_H
#define FCGI_DB_ENG_H

#include <stddef.h>

#include "fcgi/db/dbint.h"
#include "lib/sqlrow.h"

enum eng_step {
	ENG_REFUSED = -2,
	ENG_ERR = -1,
	ENG_DONE = 0,
	ENG_ROW = 1
};

struct eng {
	const char	*name;
	/* 1: every statement is prepared by the end of appdb_open(). */
	int		 prepare_all;
	/* Connects to where and sets db->conn, writing nothing the schema
	 * version is not read from.  0 / -1 (logged; the caller then calls
	 * close). */
	int		 (*open)(struct appdb *, const char *where);
	/* The connection's first writes, once db.c found the schema
	 * version known (who names the database).  0 / -1 (logged). */
	int		 (*setup)(struct appdb *, const char *who);
	/* The script taking schema version v on, and in *to the version
	 * it reaches; NULL if there is none from v. */
	const char	*(*migration)(int v, int *to);
	/* Runs a script of several statements.  0 / -1 (why in err). */
	int		 (*script)(struct appdb *, const char *sql, char *err,
			    size_t sz);
	/* Closes db->conn (NULL: nothing) after finalizing statements. */
	void		 (*close)(struct appdb *);
	/* Statement i of this engine, or NULL (logged). */
	void		*(*prepare)(struct appdb *, enum appdb_stmt i);
	void		 (*finalize)(void *st);
	/* Binds a[0..n) to ?1..?n.  ENG_DONE / ENG_ERR. */
	int		 (*bind)(struct appdb *, void *st,
			    const struct sqlrow_arg *a, size_t n);
	int		 (*step)(struct appdb *, void *st);
	void		 (*reset)(void *st);
	/* The current row's columns, as lib/sqlrow.h's row source. */
	enum sqlrow_ctype (*col_type)(void *st, int c);
	long long	 (*col_int)(void *st, int c);
	const char	*(*col_text)(void *st, int c);
	const void	*(*col_bytes)(void *st, int c, size_t *n);
	/* Rows changed by the last change; 1 inside a transaction. */
	long long	 (*changes)(struct appdb *);
	int		 (*in_txn)(struct appdb *);
	/* 1 if the connection to the server is lost now (a file's never
	 * is): what failed is the service, not the statement. */
	int		 (*lost)(struct appdb *);
	/* Why the last statement failed. */
	const char	*(*errmsg)(struct appdb *);
	/* The engine's own integrity check: 1 ok, 0 not, -1. */
	int		 (*integrity)(struct appdb *);
};

extern const struct eng eng_sqlite;
extern const struct eng eng_pg;

/* The schema scripts (fcgi/db/schema.c): SQLite's migrations, script N-1
 * taking version N-1 to N, and PostgreSQL's schema at version
 * APPDB_PG_BASE (see there why it starts there). */
extern const char *const appdb_migrations[];
extern const int appdb_nmigrations;
extern const char *const appdb_pg_schema;
#define APPDB_PG_BASE	15

/* engsqlite.c, for db.c's SQLite-only functions (db.h). */
int		 engsqlite_backup_file(const char *src, const char *dest);
int		 engsqlite_file_version(const char *path);
int		 engsqlite_create_version(const char *path, int version);

/* engpg.c: statement text of ours with ?N turned into $N, in out (size
 * sz): the number of the highest placeholder, or -1 if it does not fit
 * or names a placeholder over 99.  Quoted text ('...', "...") is copied
 * as it is.  For the tests (check_appdb). */
int		 engpg_placeholders(const char *sql, char *out, size_t sz);
/* engpg.c: whether an SQLSTATE is the data's fault (class 23). */
int		 engpg_refused_state(const char *sqlstate);

#endif
