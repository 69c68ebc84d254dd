/*
 * pgconn.h: a connection to PostgreSQL as the stores open one (issue 20:
 * PostgreSQL as the shared engine beside SQLite): from one libpq
 * connection string, to a server that takes writes.
 *
 * A connection string (conninfo) is libpq's, "key=value ..." or a
 * postgresql:// URI, and may name several hosts with
 * target_session_attrs=read-write, so that libpq itself finds the one
 * primary after a failover.  Whatever it holds, a message shows only
 * host (or hostaddr), port, dbname and user: never the password.
 */
#ifndef LIB_PGCONN_H
#define LIB_PGCONN_H

#include <stddef.h>

#include <libpq-fe.h>

/* Room for a message of pgconn_open() or a pgconn_describe(). */
#define PGCONN_ERR_MAX	512

/*
 * Connects (within 10 s, unless conninfo says connect_timeout) and checks
 * that the server takes writes: not a standby in recovery, not
 * default_transaction_read_only.  Returns the connection, or NULL with
 * err (errsz bytes) saying what went wrong and at which connection, for
 * example "cannot connect to PostgreSQL at host=127.0.0.1 port=5432
 * dbname=ca user=ca (password hidden): connection refused ...".
 */
PGconn	*pgconn_open(const char *conninfo, char *err, size_t errsz);

/* Whether s is meant as a connection string rather than a file's path:
 * a postgresql:// or postgres:// URI, or key=value pairs naming dbname=.
 * How both stores tell PostgreSQL from SQLite by one setting. */
int	 pgconn_is_conninfo(const char *s);

/* "host=... port=... dbname=... user=..." of conninfo into buf, with
 * "(password hidden)" when it holds one; "an unreadable connection
 * string" if libpq cannot parse it. */
void	 pgconn_describe(const char *conninfo, char *buf, size_t sz);

#endif
