/*
 * fcgi/db/dbint.h: what the files of fcgi/db/ share and nothing else
 * includes: the connection's structure, the statement enumeration and
 * the small bind/step/column helpers (fcgi/db/db.c).
 *
 * Invariants:
 * - All SQL lives in two tables: the schema scripts (appdb_migrations[],
 *   fcgi/db/db.c) and db_sql[] (fcgi/db/sql.c), every other statement,
 *   one per enum appdb_stmt, the one table of the database.  Statements
 *   are prepared once, on first use and at the latest at the end of
 *   appdb_open(), and reset (bindings cleared) right after each use.  No
 *   SQL is ever built from strings at run time.  A domain file only
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

#include <sqlite3.h>

#include "fcgi/db/db.h"

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

/* The SQL of each statement, by enum appdb_stmt (fcgi/db/sql.c). */
extern const char *const db_sql[STMT__MAX];

struct appdb {
	sqlite3		*db;
	sqlite3_stmt	*st[STMT__MAX];
	int		 refused;	/* see appdb_refused() */
};

/* The prepared statement i, preparing it on first use; NULL (logged). */
sqlite3_stmt	*db_stmt(struct appdb *, enum appdb_stmt i);
/* Resets q for its next use and drops references to bound strings. */
void		 db_done(sqlite3_stmt *q);
/* Logs the failure rc of a statement in func, notes whether the data was
 * at fault (appdb_refused), and returns -1.  Call it before db_done(). */
int		 db_fail(struct appdb *, const char *func, int rc);
/* Marks the call as refused for invalid input; returns -1. */
int		 db_refuse(struct appdb *, const char *func, const char *why);
/* Binds s as text (NULL binds NULL); id, or NULL for 0.  SQLite codes. */
int		 db_bind_text(sqlite3_stmt *q, int i, const char *s);
int		 db_bind_id(sqlite3_stmt *q, int i, long long id);
/* Runs the bound statement q to completion.  0 / -1 (logged). */
int		 db_run(struct appdb *, sqlite3_stmt *q, const char *func);
/* Runs the bound INSERT q and stores the new row's id.  0 / -1. */
int		 db_insert(struct appdb *, sqlite3_stmt *q, const char *func,
		    long long *id);
/* Runs the bound statement q that changes at most one row, and only if
 * it is as expected: 1 changed, 0 nothing changed, -1 (logged). */
int		 db_change(struct appdb *, sqlite3_stmt *q, const char *func);
/* Runs the bound query q for one id: the id, 0 if no row, -1 (logged). */
long long	 db_lookup(struct appdb *, sqlite3_stmt *q, const char *func);
/* Runs the argument-less statement i to completion.  0 / -1. */
int		 db_simple(struct appdb *, enum appdb_stmt i, const char *func);
/* Copies text column c of q into dst (size sz). */
void		 db_col_copy(sqlite3_stmt *q, int c, char *dst, size_t sz);
/* Runs statement i with ?1 bound to t and/or ?2 to v.  0 / -1. */
int		 db_run_text_int(struct appdb *, enum appdb_stmt i,
		    const char *t, long long v, const char *func);
int		 db_run_int(struct appdb *, enum appdb_stmt i, long long v,
		    const char *func);
int		 db_run_text(struct appdb *, enum appdb_stmt i, const char *t,
		    const char *func);
/* Runs the one-key lookup i for key: the id, 0 if none, -1. */
long long	 db_key_id(struct appdb *, enum appdb_stmt i, const char *key);

/* Shared by order.c and invoice.c: binds an order scope (?1, ?2). */
struct appdb_order_scope;
int		 db_order_scope_bind(struct appdb *, sqlite3_stmt *q,
		    const struct appdb_order_scope *s, const char *func);

#endif
