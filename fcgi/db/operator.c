/*
 * operator.c: offices (办理点), operators, the operators' queue (审核) and the
 * issuance requests waiting for a second operator (dual control).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/operator.h"
#include "lib/log.h"

int
appdb_office_add(struct appdb *db, const char *code, const char *name,
    const char *address, long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_OFFICE_ADD, "appdb_office_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(code), SQLARG_TEXT(name),
	    SQLARG_TEXT(address)));
}

/* A row of STMT_OFFICE_LIST. */
static const struct sqlrow_col office_cols[] = {
	SQLCOL_INT(0, struct appdb_office, id),
	SQLCOL_TEXT(1, struct appdb_office, code),
	SQLCOL_TEXT(2, struct appdb_office, name),
	SQLCOL_TEXT(3, struct appdb_office, address),
	SQLCOL_TEXT(4, struct appdb_office, apply_url),
};
static const struct sqlrow_map office_map =
    SQLROW_MAP(struct appdb_office, office_cols);

int
appdb_offices(struct appdb *db, int (*fn)(void *, const struct appdb_office *),
    void *arg)
{
	struct appdb_office	 o;
	struct dbq		*q;
	int			 rc;

	db->refused = 0;
	q = db_bound(db, STMT_OFFICE_LIST, "appdb_offices", NULL, 0);
	while ((rc = db_next(db, q, &office_map, &o, "appdb_offices")) == 1 &&
	    fn(arg, &o) != -1)
		continue;
	return db_end(q, rc);
}

int
appdb_office_url(struct appdb *db, const char *code, const char *url)
{
	db->refused = 0;
	return db_exec_change(db, STMT_OFFICE_URL, "appdb_office_url",
	    SQLROW_ARGS(SQLARG_TEXT(code), SQLARG_TEXT(url)));
}

int
appdb_operator_add(struct appdb *db, long long person, long long office)
{
	db->refused = 0;
	return db_exec(db, STMT_OPERATOR_ADD, "appdb_operator_add",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(office),
	    SQLARG_INT((long long)time(NULL))));
}

/* A row of STMT_OPERATOR_GET. */
static const struct sqlrow_col operator_cols[] = {
	SQLCOL_INT(0, struct appdb_operator, office),
	SQLCOL_TEXT(1, struct appdb_operator, office_code),
	SQLCOL_TEXT(2, struct appdb_operator, office_name),
	SQLCOL_INT(3, struct appdb_operator, active),
};
static const struct sqlrow_map operator_map =
    SQLROW_MAP(struct appdb_operator, operator_cols);

int
appdb_operator_get(struct appdb *db, long long person,
    struct appdb_operator *out)
{
	int	 rc;

	db->refused = 0;
	if ((rc = db_exec_get(db, STMT_OPERATOR_GET, "appdb_operator_get",
	    &operator_map, out, SQLROW_ARGS(SQLARG_INT(person)))) == 1)
		out->person = person;
	return rc;
}

long long
appdb_office_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return db_exec_id(db, STMT_OFFICE_ID, "appdb: key_id",
	    SQLROW_ARGS(SQLARG_TEXT(code)));
}

/* ---- the operators' queue (fcgi/ops.c) ---- */

/* Database spelling of enum appdb_ops_status (STMT_OPS_PAGE's ?3). */
static const char *const appdb_ops_status_sql[APPDB_OPS__MAX] = {
	/* APPDB_OPS_PENDING */		"pending",
	/* APPDB_OPS_APPROVED */	"approved",
	/* APPDB_OPS_DELIVERING */	"delivering",
	/* APPDB_OPS_DONE */		"done",
	/* APPDB_OPS_REJECTED */	"rejected",
	/* APPDB_OPS_ALL */		"all",
};

/* The row of STMT_OPS_COUNTS, as counts[] by enum appdb_ops_status. */
struct ops_counts_row {
	long long	 n[APPDB_OPS__MAX];
};

static const struct sqlrow_col ops_counts_cols[] = {
	SQLCOL_INT(0, struct ops_counts_row, n[APPDB_OPS_ALL]),
	SQLCOL_INT(1, struct ops_counts_row, n[APPDB_OPS_PENDING]),
	SQLCOL_INT(2, struct ops_counts_row, n[APPDB_OPS_APPROVED]),
	SQLCOL_INT(3, struct ops_counts_row, n[APPDB_OPS_DELIVERING]),
	SQLCOL_INT(4, struct ops_counts_row, n[APPDB_OPS_DONE]),
	SQLCOL_INT(5, struct ops_counts_row, n[APPDB_OPS_REJECTED]),
};
static const struct sqlrow_map ops_counts_map =
    SQLROW_MAP(struct ops_counts_row, ops_counts_cols);

int
appdb_ops_counts(struct appdb *db, const char *office,
    const char *mail_office, long long counts[APPDB_OPS__MAX])
{
	struct ops_counts_row	 r;

	db->refused = 0;
	if (db_exec_get(db, STMT_OPS_COUNTS, "appdb_ops_counts",
	    &ops_counts_map, &r, SQLROW_ARGS(SQLARG_TEXT(office),
	    SQLARG_TEXT(mail_office))) != 1) {
		memset(counts, 0, APPDB_OPS__MAX * sizeof(counts[0]));
		return -1;
	}
	memcpy(counts, r.n, sizeof(r.n));
	return 0;
}

/* A row of STMT_OPS_PAGE. */
static const struct sqlrow_col ops_cols[] = {
	SQLCOL_INT(0, struct appdb_ops_item, id),
	SQLCOL_TEXT(1, struct appdb_ops_item, order_no),
	SQLCOL_INT(2, struct appdb_ops_item, paid_at),
	SQLCOL_TEXT(3, struct appdb_ops_item, company),
	SQLCOL_TEXT(4, struct appdb_ops_item, buyer),
	SQLCOL_TEXT(5, struct appdb_ops_item, holder),
	SQLCOL_TEXT(6, struct appdb_ops_item, lock_type),
	SQLCOL_TEXT(7, struct appdb_ops_item, reason),
	SQLCOL_TEXT(8, struct appdb_ops_item, reason_text),
	SQLCOL_TEXT(9, struct appdb_ops_item, pickup_method),
	SQLCOL_TEXT(10, struct appdb_ops_item, office_code),
	SQLCOL_TEXT(11, struct appdb_ops_item, office_name),
	SQLCOL_TEXT(12, struct appdb_ops_item, pay),
	SQLCOL_TEXT(13, struct appdb_ops_item, review),
	SQLCOL_TEXT(14, struct appdb_ops_item, delivery),
	SQLCOL_INT(15, struct appdb_ops_item, confirm),
};
static const struct sqlrow_map ops_map =
    SQLROW_MAP(struct appdb_ops_item, ops_cols);

int
appdb_ops_page(struct appdb *db, const char *office, const char *mail_office,
    enum appdb_ops_status status, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_ops_item *), void *arg)
{
	struct appdb_ops_item	 it;
	struct dbq		*q;
	int			 rc;

	db->refused = 0;
	if ((unsigned)status >= APPDB_OPS__MAX)
		return db_refuse(db, "appdb_ops_page", "no such status");
	q = db_bound(db, STMT_OPS_PAGE, "appdb_ops_page",
	    SQLROW_ARGS(SQLARG_TEXT(office), SQLARG_TEXT(mail_office),
	    SQLARG_TEXT(appdb_ops_status_sql[status]), SQLARG_INT(limit),
	    SQLARG_INT(offset)));
	while ((rc = db_next(db, q, &ops_map, &it, "appdb_ops_page")) == 1 &&
	    fn(arg, &it) != -1)
		continue;
	return db_end(q, rc);
}

/* ---- dual control: issuance waiting for a second operator ---- */

int
appdb_issue_request_add(struct appdb *db,
    const struct appdb_issue_request *r)
{
	int	 keygen;

	db->refused = 0;
	keygen = strcmp(r->kind, "keygen") == 0;
	if (!keygen && (strcmp(r->kind, "csr") != 0 || r->csr == NULL ||
	    r->csr_len == 0 || r->csr_len > 65536))
		return db_refuse(db, "appdb_issue_request_add", "bad request");
	return db_exec(db, STMT_ISSUE_REQUEST_ADD, "appdb_issue_request_add",
	    SQLROW_ARGS(SQLARG_INT(r->order_id), SQLARG_TEXT(r->kind),
	    SQLARG_BLOB(keygen ? NULL : r->csr, r->csr_len),
	    SQLARG_TEXT(r->key_serial != NULL ? r->key_serial : ""),
	    SQLARG_INT(r->requested_by), SQLARG_TEXT(r->requested_serial),
	    SQLARG_INT(r->requested_at)));
}

/* A row of STMT_ISSUE_REQUEST_GET. */
static const struct sqlrow_col request_cols[] = {
	SQLCOL_TEXT(0, struct appdb_issue_request_row, kind),
	SQLCOL_BLOB_DUP(1, struct appdb_issue_request_row, csr, csr_len),
	SQLCOL_TEXT(2, struct appdb_issue_request_row, key_serial),
	SQLCOL_INT(3, struct appdb_issue_request_row, requested_by),
	SQLCOL_TEXT(4, struct appdb_issue_request_row, requested_name),
	SQLCOL_TEXT(5, struct appdb_issue_request_row, requested_serial),
	SQLCOL_INT(6, struct appdb_issue_request_row, requested_at),
};
static const struct sqlrow_map request_map =
    SQLROW_MAP(struct appdb_issue_request_row, request_cols);

int
appdb_issue_request_get(struct appdb *db, long long order_id,
    struct appdb_issue_request_row *out)
{
	int	 rc;

	db->refused = 0;
	if ((rc = db_exec_get(db, STMT_ISSUE_REQUEST_GET,
	    "appdb_issue_request_get", &request_map, out,
	    SQLROW_ARGS(SQLARG_INT(order_id)))) == 1)
		out->order_id = order_id;
	return rc;
}

void
appdb_issue_request_clear(struct appdb_issue_request_row *r)
{
	if (r == NULL)
		return;
	free(r->csr);
	memset(r, 0, sizeof(*r));
}

int
appdb_issue_request_del(struct appdb *db, long long order_id)
{
	db->refused = 0;
	return db_exec_change(db, STMT_ISSUE_REQUEST_DEL,
	    "appdb_issue_request_del", SQLROW_ARGS(SQLARG_INT(order_id)));
}

int
appdb_operator_disable(struct appdb *db, long long person)
{
	db->refused = 0;
	return db_exec_change(db, STMT_OPERATOR_DISABLE,
	    "appdb_operator_disable", SQLROW_ARGS(SQLARG_INT(person)));
}
