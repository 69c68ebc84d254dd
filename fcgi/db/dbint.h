/*
 * fcgi/db/dbint.h: what the files of fcgi/db/ share and nothing else
 * includes: the connection's structure, the statement enumeration and
 * the helpers that bind, run and copy rows (fcgi/db/db.c, on
 * lib/sqlrow.h's row maps and argument lists).  No file here calls
 * SQLite or libpq: the engines below do (lib/dbeng.h: lib/dbsqlite.c,
 * lib/dbpg.c).
 *
 * Invariants:
 * - All SQL lives in two tables: the schema scripts (fcgi/db/schema.c:
 *   SQLite's migrations and PostgreSQL's schema) and db_sql[]
 *   (fcgi/db/sql.c), every other statement, one per enum appdb_stmt, the
 *   one table of the database, with PostgreSQL's spelling beside it in
 *   db_sql_pg[] where the dialects differ.  Statements are prepared once
 *   per connection and reset (bindings cleared) right after each use.
 *   No SQL is ever built from strings at run time.  A domain file only
 *   names the STMT_ values it runs.
 * - Money is integer fen, times unix seconds UTC, ids positive.
 *
 * The layer's return convention, one for every function of fcgi/db/;
 * each header states its case in these words:
 * - -1 is always a failure, logged where it happens; appdb_refused()
 *   then says whether the data was at fault (a CHECK, a duplicate).
 * - A change returns "0 / -1" (an insert sets *id on 0).
 * - A change that applies only if its row is as expected returns
 *   "1 changed, 0 nothing changed (why), -1".
 * - A lookup of one id returns "the id, 0 if none, -1"; a count or a
 *   version "the number, or -1".
 * - A fetch into *out returns "1 found, 0 none, -1"; *out is zeroed
 *   unless found.
 * - A walk calling fn for each row returns "0 / -1" (fn returns 0 to go
 *   on, -1 to stop with an error).
 * - A check returns 1 yes, 0 no (saying which), -1.
 * One exception: appdb_backup_file() (db.h) tells a copy that could not
 * be written (2) from a source that could not be read (-1), because
 * webctl backup exits with lib/backup.h's status for each.
 */
#ifndef FCGI_DB_DBINT_H
#define FCGI_DB_DBINT_H

#include <stddef.h>

#include "fcgi/db/db.h"
#include "lib/dbeng.h"
#include "lib/sqlrow.h"

enum appdb_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_BEGIN_READ,
	STMT_FOREIGN_KEYS,
	STMT_SECURE_DELETE,
	STMT_WAL,
	STMT_USER_VERSION,
	STMT_PERSON_ADD,
	STMT_PERSON_ID,
	STMT_COMPANY_ADD,
	STMT_COMPANY_ID,
	STMT_MEMBERSHIP_ADD,
	STMT_MEMBERSHIP_ID,
	STMT_PLATFORM_ADD,
	STMT_PLATFORM_ID,
	STMT_PLATFORM_NAME,
	STMT_OFFICE_ADD,
	STMT_OFFICE_ID,
	STMT_COUNTS,
	STMT_AUDIT_HEAD,
	STMT_AUDIT_ADD,
	STMT_AUDIT_ALL,
	STMT_SESSION_ADD,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_IDENTITY,
	STMT_SESSION_DEL,
	STMT_SESSION_EXPIRE,
	STMT_SESSION_DEL_PERSON,
	STMT_PERSON_AUTH,
	STMT_PERSON_GET,
	STMT_PERSON_FAIL,
	STMT_PERSON_OK,
	STMT_PERSON_SET_PW,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT_RESET_SET,
	STMT_RESET_GET,
	STMT_RESET_ATTEMPT,
	STMT_RESET_DEL,
	STMT_SIGNUP_SET,
	STMT_SIGNUP_GET,
	STMT_SIGNUP_ATTEMPT,
	STMT_SIGNUP_DEL,
	STMT_MEMBERSHIPS,
	STMT_MEMBERSHIP_GET,
	STMT_CERT_HOLDER,
	STMT_CERT_ADD,
	STMT_CERT_BY_KEY_SERIAL,
	STMT_PERSON_SET_NAME,
	STMT_COMPANY_GET,
	STMT_COMPANY_SET,
	STMT_STAFF_LIST,
	STMT_STAFF_GET,
	STMT_STAFF_SET_ROLE,
	STMT_STAFF_UNSESSION,
	STMT_STAFF_DEL,
	STMT_ADMIN_COUNT,
	STMT_CERT_COUNT,
	STMT_CERT_PAGE,
	STMT_CERT_FIND,
	STMT_CERT_LINKED,
	STMT_CERT_LINKABLE,
	STMT_CERT_LINK,
	STMT_CERT_STATUS_MOVE,
	STMT_PRODUCT_ID,
	STMT_PRODUCT_PRICE,
	STMT_ORDER_ADD,
	STMT_ORDER_BY_KEY,
	STMT_ORDER_BY_NO,
	STMT_ORDER_OPEN_CERT,
	STMT_ORDER_GET,
	STMT_ORDER_MOVE,
	STMT_ORDER_PICKUP_SET,
	STMT_ORDER_EVENT_ADD,
	STMT_ORDER_EVENTS,
	STMT_ORDER_NEXT_DUE,
	STMT_UPLOAD_ADD,
	STMT_UPLOAD_GET,
	STMT_UPLOAD_COUNT_SINCE,
	STMT_DRAFT_GET,
	STMT_DRAFT_SET,
	STMT_DRAFT_KEY,
	STMT_DRAFT_DELETE,
	STMT_INVOICE_SET,
	STMT_INVOICE_DEL,
	STMT_INVOICE_GET,
	STMT_PAYMENT_START,
	STMT_PAYMENT_GET,
	STMT_PAYMENT_PAID,
	STMT_PAYMENT_CLOSE,
	STMT_ORDER_COUNT,
	STMT_ORDER_PAGE,
	STMT_ORDER_FIND,
	STMT_INVOICE_COUNT,
	STMT_INVOICE_PAGE,
	STMT_OFFICE_LIST,
	STMT_OFFICE_URL,
	STMT_SESSION_CERT,
	STMT_OPERATOR_ADD,
	STMT_OPERATOR_GET,
	STMT_PAYMENT_REFUNDED,
	STMT_OPS_COUNTS,
	STMT_OPS_PAGE,
	STMT_CERT_SERIAL,
	STMT_CERT_REPLACEMENT,
	STMT_CERT_REPLACE_ADD,
	STMT_CERT_REPLACE_PLATFORMS,
	STMT_CERT_RETIRE,
	STMT_ISSUE_REQUEST_ADD,
	STMT_ISSUE_REQUEST_GET,
	STMT_ISSUE_REQUEST_DEL,
	STMT_OPERATOR_DISABLE,
	STMT_INVOICE_DESK,
	STMT_INVOICE_ISSUE,
	STMT_CERT_CA,
	STMT_CERT_SIBLING,
	STMT_CERT_LOCK,
	STMT_JOIN_ADD,
	STMT_JOIN_OPEN,
	STMT_JOIN_MINE,
	STMT_JOIN_COMPANY,
	STMT_JOIN_GET,
	STMT_JOIN_DECIDE,
	STMT_JOIN_SEEN,
	STMT__MAX
};

/* The SQL of each statement, by enum appdb_stmt (fcgi/db/sql.c), and
 * PostgreSQL's where it differs: NULL the same, "" none there. */
extern const char *const db_sql[STMT__MAX];
extern const char *const db_sql_pg[STMT__MAX];

struct dbconn;

/* A statement of a connection: the engine's own, prepared on first use. */
struct dbq {
	struct appdb	*db;
	enum appdb_stmt	 i;
	void		*st;		/* the engine's; NULL until prepared */
};

struct appdb {
	struct dbconn	 c;		/* its engine (lib/dbeng.h) */
	struct dbq	 q[STMT__MAX];
	int		 refused;	/* see appdb_refused() */
};

/* The statement i, preparing it on first use; NULL (logged). */
struct dbq	*db_stmt(struct appdb *, enum appdb_stmt i);
/* Resets q for its next use and drops references to bound values. */
void		 db_done(struct dbq *q);
/*
 * Steps q: 1 a row, 0 no more, -1 failed (logged in func's name, and
 * appdb_refused() noted when the data was at fault).  q stays as it is
 * (the caller resets it with db_done()).
 */
int		 db_step(struct appdb *, struct dbq *q, const char *func);
/* Marks the call as refused for invalid input; returns -1. */
int		 db_refuse(struct appdb *, const char *func, const char *why);

/* The current row's column c (from 0) of q: its type, its value as an
 * integer, its text (NULL for NULL; valid until q steps or resets). */
enum sqlrow_ctype db_col_type(struct dbq *q, int c);
long long	 db_col_int(struct dbq *q, int c);
const char	*db_col_text(struct dbq *q, int c);
/* Its bytes (a text's without the NUL) and their number in *n; NULL and
 * 0 for NULL. */
const void	*db_col_bytes(struct dbq *q, int c, size_t *n);
/* Copies text column c of q into dst (size sz), cut as snprintf cuts. */
void		 db_col_copy(struct dbq *q, int c, char *dst, size_t sz);
/* How many rows the last change changed. */
long long	 db_changes(struct appdb *);
/* 1 inside a transaction (appdb_begin or appdb_snapshot), else 0. */
int		 db_in_txn(struct appdb *);

/*
 * Statements run with their arguments (lib/sqlrow.h) given as
 * SQLROW_ARGS(SQLARG_INT(id), SQLARG_TEXT(name), ...), bound to ?1, ?2,
 * ... in order; func names the caller in the log.  Rows are copied into
 * structs by row maps (SQLCOL_*).  Each returns as the layer does:
 */
/* Statement i with a bound: the statement, or NULL (logged). */
struct dbq	*db_bound(struct appdb *, enum appdb_stmt i, const char *func,
		    const struct sqlrow_arg *a, size_t n);
/* Runs it to completion.  0 / -1. */
int		 db_exec(struct appdb *, enum appdb_stmt i, const char *func,
		    const struct sqlrow_arg *a, size_t n);
/* Runs a change of at most one row: 1 changed, 0 nothing changed, -1. */
int		 db_exec_change(struct appdb *, enum appdb_stmt i,
		    const char *func, const struct sqlrow_arg *a, size_t n);
/*
 * Runs an INSERT ... RETURNING id.  0 / -1; *id (unless NULL) the new
 * row's id on 0, or 0 if the statement inserted nothing (an INSERT ...
 * SELECT that selected no row).
 */
int		 db_exec_insert(struct appdb *, enum appdb_stmt i,
		    const char *func, long long *id, const struct sqlrow_arg *a,
		    size_t n);
/* Runs a query for one integer (an id, a count): it, 0 if no row, -1. */
long long	 db_exec_id(struct appdb *, enum appdb_stmt i, const char *func,
		    const struct sqlrow_arg *a, size_t n);
/* Runs a query for one row into out by map: 1 found, 0 none, -1; out is
 * zeroed unless found. */
int		 db_exec_get(struct appdb *, enum appdb_stmt i,
		    const char *func, const struct sqlrow_map *map, void *out,
		    const struct sqlrow_arg *a, size_t n);
/*
 * Walking the rows of a query q from db_bound() (NULL is an error):
 *	while ((rc = db_next(db, q, &map, &row, func)) == 1 &&
 *	    fn(arg, &row) != -1)
 *		continue;
 *	return db_end(q, rc);
 * db_next: 1 a row (copied into out), 0 no more, -1 (logged).
 * db_end: resets q (unless NULL); 0 if rc is 0, else -1.
 */
int		 db_next(struct appdb *, struct dbq *q,
		    const struct sqlrow_map *map, void *out, const char *func);
int		 db_end(struct dbq *q, int rc);

/* The same on a statement already bound (NULL is an error). */
int		 db_run(struct appdb *, struct dbq *q, const char *func);
int		 db_change(struct appdb *, struct dbq *q, const char *func);
int		 db_insert(struct appdb *, struct dbq *q, const char *func,
		    long long *id);
long long	 db_lookup(struct appdb *, struct dbq *q, const char *func);
/* Runs the argument-less statement i to completion.  0 / -1. */
int		 db_simple(struct appdb *, enum appdb_stmt i, const char *func);

/* Shared by order.c and invoice.c: checks an order scope (bound as ?1
 * company, ?2 person with SQLARG_ID).  0 / -1 (refused). */
struct appdb_order_scope;
int		 db_order_scope_check(struct appdb *,
		    const struct appdb_order_scope *s, const char *func);

/*
 * The schema scripts (fcgi/db/schema.c): SQLite's migrations, script N-1
 * taking version N-1 to N, and PostgreSQL's schema at version
 * APPDB_PG_BASE (see there why it starts there).
 */
extern const char *const appdb_migrations[];
#define APPDB_NMIGRATIONS	15
extern const char appdb_pg_schema[];
#define APPDB_PG_BASE	15

#endif
