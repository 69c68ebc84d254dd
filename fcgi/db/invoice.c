/*
 * invoice.c: invoices (发票): an order's invoice request, 发票管理's
 * scoped list, and the operators' invoice desk.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/invoice.h"
#include "lib/log.h"

int
appdb_invoice_set(struct appdb *db, long long order,
    const struct appdb_invoice *v, long long now)
{
	db->refused = 0;
	if (v == NULL)
		return db_exec(db, STMT_INVOICE_DEL, "appdb_invoice_set",
		    SQLROW_ARGS(SQLARG_INT(order)));
	return db_exec(db, STMT_INVOICE_SET, "appdb_invoice_set",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_TEXT(v->kind),
	    SQLARG_TEXT(v->title), SQLARG_TEXT(v->tax_id),
	    SQLARG_TEXT(v->address), SQLARG_TEXT(v->phone),
	    SQLARG_TEXT(v->bank), SQLARG_TEXT(v->bank_account),
	    SQLARG_INT(now)));
}

/* A row of STMT_INVOICE_GET. */
static const struct sqlrow_col invoice_cols[] = {
	SQLCOL_TEXT(0, struct appdb_invoice_row, kind),
	SQLCOL_TEXT(1, struct appdb_invoice_row, title),
	SQLCOL_TEXT(2, struct appdb_invoice_row, tax_id),
	SQLCOL_TEXT(3, struct appdb_invoice_row, address),
	SQLCOL_TEXT(4, struct appdb_invoice_row, phone),
	SQLCOL_TEXT(5, struct appdb_invoice_row, bank),
	SQLCOL_TEXT(6, struct appdb_invoice_row, bank_account),
	SQLCOL_TEXT(7, struct appdb_invoice_row, state),
	SQLCOL_INT(8, struct appdb_invoice_row, created_at),
	SQLCOL_INT(9, struct appdb_invoice_row, updated_at),
	SQLCOL_INT(10, struct appdb_invoice_row, upload),
	SQLCOL_TEXT(11, struct appdb_invoice_row, invoice_no),
	SQLCOL_TEXT(12, struct appdb_invoice_row, tracking_no),
	SQLCOL_INT(13, struct appdb_invoice_row, issued_at),
};
static const struct sqlrow_map invoice_map =
    SQLROW_MAP(struct appdb_invoice_row, invoice_cols);

int
appdb_invoice_get(struct appdb *db, long long order,
    struct appdb_invoice_row *out)
{
	db->refused = 0;
	return db_exec_get(db, STMT_INVOICE_GET, "appdb_invoice_get",
	    &invoice_map, out, SQLROW_ARGS(SQLARG_INT(order)));
}

long long
appdb_invoice_count(struct appdb *db, const struct appdb_order_scope *s)
{
	db->refused = 0;
	if (db_order_scope_check(db, s, "appdb_invoice_count") == -1)
		return -1;
	return db_exec_id(db, STMT_INVOICE_COUNT, "appdb_invoice_count",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->person)));
}

/* A row of STMT_INVOICE_PAGE. */
static const struct sqlrow_col item_cols[] = {
	SQLCOL_INT(0, struct appdb_invoice_item, order),
	SQLCOL_TEXT(1, struct appdb_invoice_item, order_no),
	SQLCOL_TEXT(2, struct appdb_invoice_item, pay),
	SQLCOL_TEXT(3, struct appdb_invoice_item, kind),
	SQLCOL_TEXT(4, struct appdb_invoice_item, title_type),
	SQLCOL_TEXT(5, struct appdb_invoice_item, title),
	SQLCOL_TEXT(6, struct appdb_invoice_item, tax_id),
	SQLCOL_INT(7, struct appdb_invoice_item, amount_fen),
	SQLCOL_TEXT(8, struct appdb_invoice_item, state),
	SQLCOL_INT(9, struct appdb_invoice_item, created_at),
	SQLCOL_INT(10, struct appdb_invoice_item, order_created_at),
	SQLCOL_INT(11, struct appdb_invoice_item, has_file),
	SQLCOL_TEXT(12, struct appdb_invoice_item, invoice_no),
	SQLCOL_TEXT(13, struct appdb_invoice_item, tracking_no),
};
static const struct sqlrow_map item_map =
    SQLROW_MAP(struct appdb_invoice_item, item_cols);

int
appdb_invoice_page(struct appdb *db, const struct appdb_order_scope *s,
    long long limit, long long offset,
    int (*fn)(void *, const struct appdb_invoice_item *), void *arg)
{
	struct appdb_invoice_item	 it;
	struct dbq			*q;
	int				 rc;

	db->refused = 0;
	if (db_order_scope_check(db, s, "appdb_invoice_page") == -1)
		return -1;
	q = db_bound(db, STMT_INVOICE_PAGE, "appdb_invoice_page",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->person),
	    SQLARG_INT(limit), SQLARG_INT(offset)));
	while ((rc = db_next(db, q, &item_map, &it, "appdb_invoice_page")) ==
	    1 && fn(arg, &it) != -1)
		continue;
	return db_end(q, rc);
}

/* A row of STMT_INVOICE_DESK. */
static const struct sqlrow_col desk_cols[] = {
	SQLCOL_INT(0, struct appdb_desk_item, order),
	SQLCOL_TEXT(1, struct appdb_desk_item, order_no),
	SQLCOL_TEXT(2, struct appdb_desk_item, pay),
	SQLCOL_TEXT(3, struct appdb_desk_item, kind),
	SQLCOL_TEXT(4, struct appdb_desk_item, title),
	SQLCOL_TEXT(5, struct appdb_desk_item, tax_id),
	SQLCOL_INT(6, struct appdb_desk_item, amount_fen),
	SQLCOL_TEXT(7, struct appdb_desk_item, state),
	SQLCOL_INT(8, struct appdb_desk_item, created_at),
	SQLCOL_INT(9, struct appdb_desk_item, order_created_at),
	SQLCOL_TEXT(10, struct appdb_desk_item, company),
	SQLCOL_TEXT(11, struct appdb_desk_item, invoice_no),
	SQLCOL_TEXT(12, struct appdb_desk_item, tracking_no),
	SQLCOL_INT(13, struct appdb_desk_item, issued_at),
};
static const struct sqlrow_map desk_map =
    SQLROW_MAP(struct appdb_desk_item, desk_cols);

int
appdb_invoice_desk(struct appdb *db, const char *office,
    const char *mail_office, long long limit,
    int (*fn)(void *, const struct appdb_desk_item *), void *arg)
{
	struct appdb_desk_item	 it;
	struct dbq		*q;
	int			 rc;

	db->refused = 0;
	q = db_bound(db, STMT_INVOICE_DESK, "appdb_invoice_desk",
	    SQLROW_ARGS(SQLARG_TEXT(office), SQLARG_TEXT(mail_office),
	    SQLARG_INT(limit)));
	while ((rc = db_next(db, q, &desk_map, &it, "appdb_invoice_desk")) ==
	    1 && fn(arg, &it) != -1)
		continue;
	return db_end(q, rc);
}

int
appdb_invoice_issue(struct appdb *db, long long order,
    const struct appdb_invoice_issued *v, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_INVOICE_ISSUE, "appdb_invoice_issue",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_TEXT(v->kind),
	    SQLARG_ID(v->upload), SQLARG_TEXT(v->invoice_no),
	    SQLARG_TEXT(v->tracking_no), SQLARG_INT(now), SQLARG_INT(v->by)));
}
