/*
 * operator.c: offices (办理点), operators, the operators' queue (审核) and the
 * issuance requests waiting for a second operator (dual control).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/operator.h"
#include "lib/log.h"

int
appdb_office_add(struct appdb *db, const char *code, const char *name,
    const char *address, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_OFFICE_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, code) != SQLITE_OK ||
	    db_bind_text(q, 2, name) != SQLITE_OK ||
	    db_bind_text(q, 3, address) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_office_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_office_add", id);
}

int
appdb_offices(struct appdb *db, int (*fn)(void *, const struct appdb_office *),
    void *arg)
{
	struct appdb_office	 o;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_OFFICE_LIST)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&o, 0, sizeof(o));
		o.id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, o.code, sizeof(o.code));
		db_col_copy(q, 2, o.name, sizeof(o.name));
		db_col_copy(q, 3, o.address, sizeof(o.address));
		db_col_copy(q, 4, o.apply_url, sizeof(o.apply_url));
		if (fn(arg, &o) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_offices", rc);
	db_done(q);
	return ret;
}

int
appdb_office_url(struct appdb *db, const char *code, const char *url)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_OFFICE_URL)) == NULL)
		return -1;
	if (db_bind_text(q, 1, code) != SQLITE_OK ||
	    db_bind_text(q, 2, url) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_office_url", SQLITE_ERROR);
	}
	return db_change(db, q, "appdb_office_url");
}

int
appdb_operator_add(struct appdb *db, long long person, long long office)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_OPERATOR_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, office);
	sqlite3_bind_int64(q, 3, (long long)time(NULL));
	return db_run(db, q, "appdb_operator_add");
}

int
appdb_operator_get(struct appdb *db, long long person,
    struct appdb_operator *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_OPERATOR_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->person = person;
		out->office = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, out->office_code, sizeof(out->office_code));
		db_col_copy(q, 2, out->office_name, sizeof(out->office_name));
		out->active = sqlite3_column_int(q, 3);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_operator_get", rc);
	db_done(q);
	return ret;
}

long long
appdb_office_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return db_key_id(db, STMT_OFFICE_ID, code);
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

int
appdb_ops_counts(struct appdb *db, const char *office,
    const char *mail_office, long long counts[APPDB_OPS__MAX])
{
	sqlite3_stmt	*q;
	int		 rc, ret = -1;

	db->refused = 0;
	memset(counts, 0, APPDB_OPS__MAX * sizeof(counts[0]));
	if ((q = db_stmt(db, STMT_OPS_COUNTS)) == NULL)
		return -1;
	db_bind_text(q, 1, office);
	db_bind_text(q, 2, mail_office);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		counts[APPDB_OPS_ALL] = sqlite3_column_int64(q, 0);
		counts[APPDB_OPS_PENDING] = sqlite3_column_int64(q, 1);
		counts[APPDB_OPS_APPROVED] = sqlite3_column_int64(q, 2);
		counts[APPDB_OPS_DELIVERING] = sqlite3_column_int64(q, 3);
		counts[APPDB_OPS_DONE] = sqlite3_column_int64(q, 4);
		counts[APPDB_OPS_REJECTED] = sqlite3_column_int64(q, 5);
		ret = 0;
	} else
		db_fail(db, "appdb_ops_counts", rc);
	db_done(q);
	return ret;
}

int
appdb_ops_page(struct appdb *db, const char *office, const char *mail_office,
    enum appdb_ops_status status, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_ops_item *), void *arg)
{
	struct appdb_ops_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((unsigned)status >= APPDB_OPS__MAX)
		return db_refuse(db, "appdb_ops_page", "no such status");
	if ((q = db_stmt(db, STMT_OPS_PAGE)) == NULL)
		return -1;
	db_bind_text(q, 1, office);
	db_bind_text(q, 2, mail_office);
	db_bind_text(q, 3, appdb_ops_status_sql[status]);
	sqlite3_bind_int64(q, 4, limit);
	sqlite3_bind_int64(q, 5, offset);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, it.order_no, sizeof(it.order_no));
		it.paid_at = sqlite3_column_int64(q, 2);
		db_col_copy(q, 3, it.company, sizeof(it.company));
		db_col_copy(q, 4, it.buyer, sizeof(it.buyer));
		db_col_copy(q, 5, it.holder, sizeof(it.holder));
		db_col_copy(q, 6, it.lock_type, sizeof(it.lock_type));
		db_col_copy(q, 7, it.reason, sizeof(it.reason));
		db_col_copy(q, 8, it.reason_text, sizeof(it.reason_text));
		db_col_copy(q, 9, it.pickup_method, sizeof(it.pickup_method));
		db_col_copy(q, 10, it.office_code, sizeof(it.office_code));
		db_col_copy(q, 11, it.office_name, sizeof(it.office_name));
		db_col_copy(q, 12, it.pay, sizeof(it.pay));
		db_col_copy(q, 13, it.review, sizeof(it.review));
		db_col_copy(q, 14, it.delivery, sizeof(it.delivery));
		it.confirm = sqlite3_column_int(q, 15);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_ops_page", rc);
	db_done(q);
	return ret;
}

/* ---- dual control: issuance waiting for a second operator ---- */

int
appdb_issue_request_add(struct appdb *db,
    const struct appdb_issue_request *r)
{
	sqlite3_stmt	*q;
	int		 keygen;

	db->refused = 0;
	keygen = strcmp(r->kind, "keygen") == 0;
	if (!keygen && (strcmp(r->kind, "csr") != 0 || r->csr == NULL ||
	    r->csr_len == 0 || r->csr_len > 65536))
		return db_refuse(db, "appdb_issue_request_add", "bad request");
	if ((q = db_stmt(db, STMT_ISSUE_REQUEST_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->order_id);
	db_bind_text(q, 2, r->kind);
	if (!keygen)
		sqlite3_bind_blob(q, 3, r->csr, (int)r->csr_len,
		    SQLITE_STATIC);
	db_bind_text(q, 4, r->key_serial != NULL ? r->key_serial : "");
	sqlite3_bind_int64(q, 5, r->requested_by);
	db_bind_text(q, 6, r->requested_serial);
	sqlite3_bind_int64(q, 7, r->requested_at);
	return db_run(db, q, "appdb_issue_request_add");
}

int
appdb_issue_request_get(struct appdb *db, long long order_id,
    struct appdb_issue_request_row *out)
{
	sqlite3_stmt	*q;
	const void	*b;
	int		 rc, n, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_ISSUE_REQUEST_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order_id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->order_id = order_id;
		db_col_copy(q, 0, out->kind, sizeof(out->kind));
		if ((b = sqlite3_column_blob(q, 1)) != NULL &&
		    (n = sqlite3_column_bytes(q, 1)) > 0) {
			if ((out->csr = malloc((size_t)n)) == NULL) {
				log_err("appdb_issue_request_get: out of "
				    "memory");
				db_done(q);
				return -1;
			}
			memcpy(out->csr, b, (size_t)n);
			out->csr_len = (size_t)n;
		}
		db_col_copy(q, 2, out->key_serial, sizeof(out->key_serial));
		out->requested_by = sqlite3_column_int64(q, 3);
		db_col_copy(q, 4, out->requested_name,
		    sizeof(out->requested_name));
		db_col_copy(q, 5, out->requested_serial,
		    sizeof(out->requested_serial));
		out->requested_at = sqlite3_column_int64(q, 6);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_issue_request_get", rc);
	db_done(q);
	return ret;
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
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ISSUE_REQUEST_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order_id);
	return db_change(db, q, "appdb_issue_request_del");
}

int
appdb_operator_disable(struct appdb *db, long long person)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_OPERATOR_DISABLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	return db_change(db, q, "appdb_operator_disable");
}
