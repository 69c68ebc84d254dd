/*
 * invoice.c: invoices (发票): an order's invoice request, 发票管理's
 * scoped list, and the operators' invoice desk.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/invoice.h"
#include "lib/log.h"

int
appdb_invoice_set(struct appdb *db, long long order,
    const struct appdb_invoice *v, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, v != NULL ? STMT_INVOICE_SET : STMT_INVOICE_DEL)) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if (v != NULL && (db_bind_text(q, 2, v->kind) != SQLITE_OK ||
	    db_bind_text(q, 3, v->title) != SQLITE_OK ||
	    db_bind_text(q, 4, v->tax_id) != SQLITE_OK ||
	    db_bind_text(q, 5, v->address) != SQLITE_OK ||
	    db_bind_text(q, 6, v->phone) != SQLITE_OK ||
	    db_bind_text(q, 7, v->bank) != SQLITE_OK ||
	    db_bind_text(q, 8, v->bank_account) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, now) != SQLITE_OK)) {
		db_done(q);
		return db_fail(db, "appdb_invoice_set", SQLITE_ERROR);
	}
	if (db_run(db, q, "appdb_invoice_set") == -1)
		return -1;
	return 0;
}

int
appdb_invoice_get(struct appdb *db, long long order,
    struct appdb_invoice_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_INVOICE_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, out->kind, sizeof(out->kind));
		db_col_copy(q, 1, out->title, sizeof(out->title));
		db_col_copy(q, 2, out->tax_id, sizeof(out->tax_id));
		db_col_copy(q, 3, out->address, sizeof(out->address));
		db_col_copy(q, 4, out->phone, sizeof(out->phone));
		db_col_copy(q, 5, out->bank, sizeof(out->bank));
		db_col_copy(q, 6, out->bank_account, sizeof(out->bank_account));
		db_col_copy(q, 7, out->state, sizeof(out->state));
		out->created_at = sqlite3_column_int64(q, 8);
		out->updated_at = sqlite3_column_int64(q, 9);
		out->upload = sqlite3_column_int64(q, 10);
		db_col_copy(q, 11, out->invoice_no, sizeof(out->invoice_no));
		db_col_copy(q, 12, out->tracking_no, sizeof(out->tracking_no));
		out->issued_at = sqlite3_column_int64(q, 13);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_invoice_get", rc);
	db_done(q);
	return ret;
}

long long
appdb_invoice_count(struct appdb *db, const struct appdb_order_scope *s)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_INVOICE_COUNT)) == NULL)
		return -1;
	if (db_order_scope_bind(db, q, s, "appdb_invoice_count") == -1) {
		db_done(q);
		return -1;
	}
	return db_lookup(db, q, "appdb_invoice_count");
}

int
appdb_invoice_page(struct appdb *db, const struct appdb_order_scope *s,
    long long limit, long long offset,
    int (*fn)(void *, const struct appdb_invoice_item *), void *arg)
{
	struct appdb_invoice_item	 it;
	sqlite3_stmt			*q;
	int				 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_INVOICE_PAGE)) == NULL)
		return -1;
	if (db_order_scope_bind(db, q, s, "appdb_invoice_page") == -1 ||
	    sqlite3_bind_int64(q, 3, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, offset) != SQLITE_OK) {
		db_done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.order = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, it.order_no, sizeof(it.order_no));
		db_col_copy(q, 2, it.pay, sizeof(it.pay));
		db_col_copy(q, 3, it.kind, sizeof(it.kind));
		db_col_copy(q, 4, it.title_type, sizeof(it.title_type));
		db_col_copy(q, 5, it.title, sizeof(it.title));
		db_col_copy(q, 6, it.tax_id, sizeof(it.tax_id));
		it.amount_fen = sqlite3_column_int64(q, 7);
		db_col_copy(q, 8, it.state, sizeof(it.state));
		it.created_at = sqlite3_column_int64(q, 9);
		it.order_created_at = sqlite3_column_int64(q, 10);
		it.has_file = sqlite3_column_int(q, 11);
		db_col_copy(q, 12, it.invoice_no, sizeof(it.invoice_no));
		db_col_copy(q, 13, it.tracking_no, sizeof(it.tracking_no));
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_invoice_page", rc);
	db_done(q);
	return ret;
}

int
appdb_invoice_desk(struct appdb *db, const char *office,
    const char *mail_office, long long limit,
    int (*fn)(void *, const struct appdb_desk_item *), void *arg)
{
	struct appdb_desk_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_INVOICE_DESK)) == NULL)
		return -1;
	if (db_bind_text(q, 1, office) != SQLITE_OK ||
	    db_bind_text(q, 2, mail_office) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, limit) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_invoice_desk", SQLITE_ERROR);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.order = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, it.order_no, sizeof(it.order_no));
		db_col_copy(q, 2, it.pay, sizeof(it.pay));
		db_col_copy(q, 3, it.kind, sizeof(it.kind));
		db_col_copy(q, 4, it.title, sizeof(it.title));
		db_col_copy(q, 5, it.tax_id, sizeof(it.tax_id));
		it.amount_fen = sqlite3_column_int64(q, 6);
		db_col_copy(q, 7, it.state, sizeof(it.state));
		it.created_at = sqlite3_column_int64(q, 8);
		it.order_created_at = sqlite3_column_int64(q, 9);
		db_col_copy(q, 10, it.company, sizeof(it.company));
		db_col_copy(q, 11, it.invoice_no, sizeof(it.invoice_no));
		db_col_copy(q, 12, it.tracking_no, sizeof(it.tracking_no));
		it.issued_at = sqlite3_column_int64(q, 13);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_invoice_desk", rc);
	db_done(q);
	return ret;
}

int
appdb_invoice_issue(struct appdb *db, long long order,
    const struct appdb_invoice_issued *v, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_INVOICE_ISSUE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if (db_bind_text(q, 2, v->kind) != SQLITE_OK ||
	    db_bind_id(q, 3, v->upload) != SQLITE_OK ||
	    db_bind_text(q, 4, v->invoice_no) != SQLITE_OK ||
	    db_bind_text(q, 5, v->tracking_no) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 6, now) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, v->by) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_invoice_issue", SQLITE_ERROR);
	}
	return db_change(db, q, "appdb_invoice_issue");
}
