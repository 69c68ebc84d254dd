/*
 * fcgi/db/db.h: the web application's database, the connection:
 * opening (and migrating), closing, backups, transactions and snapshots,
 * and whether the last failure was the data's fault.  The rest of the
 * database's functions are declared by domain in the headers of
 * fcgi/db/;
 * fcgi/appdb.h includes them all.
 *
 * Ids are positive; 0 means "none".  Times are unix seconds, UTC.  Every
 * function that fails logs why; appdb_refused() then says whether the
 * data was at fault (a duplicate, a failed CHECK) rather than the system.
 */
#ifndef FCGI_DB_DB_H
#define FCGI_DB_DB_H

#include <stddef.h>

struct appdb;

/* Row counts for status lines and tests. */
struct appdb_counts {
	int		 version;	/* schema version (user_version) */
	long long	 person;
	long long	 company;
	long long	 membership;
	long long	 platform;
	long long	 office;
	long long	 cert;
	long long	 product;
	long long	 audit;
};

/*
 * Opens the database where names, creating it if needed, and migrates it
 * to the latest schema.  where is a SQLite file's path, or a libpq
 * connection string (appdb_where_pg) for PostgreSQL, reached through
 * lib/pgconn.c (a server that takes writes; messages without the
 * password).  Returns a handle the caller frees with appdb_close(), or
 * NULL (logged) if where is NULL, the database cannot be opened, a
 * migration fails, or the database is newer than this program (it is
 * then left untouched).
 */
struct appdb	*appdb_open(const char *where);

/*
 * 1 if where is a PostgreSQL connection string: a URI beginning
 * postgresql:// or postgres://, or key=value pairs naming dbname=;
 * else 0 (a SQLite file).
 */
int		 appdb_where_pg(const char *where);

/*
 * The database where names, for messages, into buf (size sz): the path,
 * or host, port, dbname and user of a connection string, never its
 * password (lib/pgconn.h).
 */
void		 appdb_describe(const char *where, char *buf, size_t sz);

/*
 * Copies the database at src, as of one moment, into the new file dest
 * with SQLite's online backup API, from a read-only connection of its
 * own (the workers go on writing meanwhile).  0; 2 if dest cannot be
 * created or written (exists, no space, no permission); -1 (src missing,
 * unreadable, or of a schema this program does not know; or src a
 * PostgreSQL connection string: that is backed up with pg_dump or
 * pg_basebackup, said in the log).  Logged.
 */
int		 appdb_backup_file(const char *src, const char *dest);

/* The schema version of the SQLite file at path (read-only): the
 * number, or -1 (also for a PostgreSQL connection string). */
int		 appdb_file_version(const char *path);

/* Whether SQLite's PRAGMA integrity_check says ok: 1 ok, 0 not, -1
 * (PostgreSQL: -1, logged; it checks its pages itself). */
int		 appdb_integrity(struct appdb *);

/*
 * For the upgrade tests only (SQLite): creates path (which must not exist) and
 * runs the migrations up to version and no further, as the program of
 * that version left it.  0 / -1.
 */
int		 appdb_create_version(const char *path, int version);

/* Finalizes every statement and closes.  NULL is a no-op. */
void		 appdb_close(struct appdb *);

/* The schema version this program migrates to. */
int		 appdb_version_latest(void);

/* The schema version of the open database: the number, or -1. */
int		 appdb_version(struct appdb *);

/* 1 if the database answers and has the latest schema, else 0. */
int		 appdb_ping(struct appdb *);

/*
 * A write transaction that takes the write lock now (waiting up to 5 s),
 * so the transaction cannot fail later for lack of it, and no other
 * writer runs until it ends: SQLite's BEGIN IMMEDIATE; on PostgreSQL
 * BEGIN (READ COMMITTED, each statement seeing what committed before
 * it) and a transaction-level advisory lock every writer takes first.
 * 0 / -1.
 */
int		 appdb_begin(struct appdb *);

/* COMMIT.  0 / -1 (the transaction is then rolled back). */
int		 appdb_commit(struct appdb *);

/* ROLLBACK; a no-op returning 0 if no transaction is open.  0 / -1. */
int		 appdb_rollback(struct appdb *);

/*
 * A read transaction (SQLite: BEGIN, deferred; PostgreSQL: REPEATABLE
 * READ, READ ONLY) for pages that read several tables: every statement
 * until appdb_snapshot_end() sees the same snapshot (a list's count and
 * its rows agree), and SQLite takes its locks once instead of per
 * statement.  Nothing may write inside one: in SQLite a write would have
 * to upgrade it, which fails at once if another worker wrote since it
 * began; PostgreSQL refuses it.  0 / -1.
 */
int		 appdb_snapshot(struct appdb *);
void		 appdb_snapshot_end(struct appdb *);

/*
 * 1 if the last failed call was refused because of its data (invalid
 * value, duplicate, failed constraint), 0 if it failed for another reason
 * or did not fail.  A refused statement writes nothing.
 */
int		 appdb_refused(const struct appdb *);

/*
 * 1 if the database server is out of reach now (PostgreSQL: the
 * connection is lost and could not be made again; SQLite: never), so
 * that a call that failed failed for that: the service is unavailable
 * (503) rather than broken (500).  The next call tries to connect again.
 */
int		 appdb_unavailable(struct appdb *);

/* Fills *out with the row counts.  0 / -1. */
int		 appdb_counts(struct appdb *, struct appdb_counts *out);

#endif
