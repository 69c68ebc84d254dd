/*
 * order.c: orders (fcgi/order.c, orders.c): products and prices, adding,
 * finding and moving orders, their history, and 订单管理's scoped lists. These
 * only store and fetch; the rules live in fcgi/order.c.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/order.h"
#include "lib/log.h"

/* ---- orders (fcgi/order.c holds the rules) ---- */

long long
appdb_product_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return db_key_id(db, STMT_PRODUCT_ID, code);
}

int
appdb_product_price(struct appdb *db, long long product,
    long long *price_fen)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	*price_fen = 0;
	if ((q = db_stmt(db, STMT_PRODUCT_PRICE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, product);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*price_fen = sqlite3_column_int64(q, 0);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_product_price", rc);
	db_done(q);
	return ret;
}

int
appdb_order_add(struct appdb *db, const struct appdb_order_new *o,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, o->order_no) != SQLITE_OK ||
	    db_bind_text(q, 2, o->kind) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, o->person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, o->membership) != SQLITE_OK ||
	    db_bind_id(q, 5, o->company) != SQLITE_OK ||
	    db_bind_id(q, 6, o->cert) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, o->product) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 8, o->quantity) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, o->amount_fen) != SQLITE_OK ||
	    db_bind_text(q, 10, o->reason) != SQLITE_OK ||
	    db_bind_text(q, 11, o->reason_text != NULL ? o->reason_text : "") !=
	    SQLITE_OK ||
	    db_bind_text(q, 12, o->submit_key) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 13, o->now) != SQLITE_OK ||
	    db_bind_id(q, 14, o->statement_upload) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_order_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_order_add", id);
}

long long
appdb_order_by_key(struct appdb *db, const char *submit_key,
    long long *person)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	db->refused = 0;
	*person = 0;
	if ((q = db_stmt(db, STMT_ORDER_BY_KEY)) == NULL)
		return -1;
	db_bind_text(q, 1, submit_key);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		*person = sqlite3_column_int64(q, 1);
	} else if (rc != SQLITE_DONE)
		id = db_fail(db, "appdb_order_by_key", rc);
	db_done(q);
	return id;
}

long long
appdb_order_by_no(struct appdb *db, const char *order_no)
{
	db->refused = 0;
	return db_key_id(db, STMT_ORDER_BY_NO, order_no);
}

long long
appdb_order_open_for_cert(struct appdb *db, long long cert)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_OPEN_CERT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	return db_lookup(db, q, "appdb_order_open_for_cert");
}

int
appdb_order_get(struct appdb *db, long long id, struct appdb_order_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_ORDER_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, out->order_no, sizeof(out->order_no));
		db_col_copy(q, 2, out->kind, sizeof(out->kind));
		out->person = sqlite3_column_int64(q, 3);
		out->membership = sqlite3_column_int64(q, 4);
		out->company = sqlite3_column_int64(q, 5);
		out->cert = sqlite3_column_int64(q, 6);
		out->product = sqlite3_column_int64(q, 7);
		out->quantity = sqlite3_column_int64(q, 8);
		out->amount_fen = sqlite3_column_int64(q, 9);
		db_col_copy(q, 10, out->reason, sizeof(out->reason));
		db_col_copy(q, 11, out->reason_text, sizeof(out->reason_text));
		db_col_copy(q, 12, out->pay, sizeof(out->pay));
		db_col_copy(q, 13, out->review, sizeof(out->review));
		db_col_copy(q, 14, out->delivery, sizeof(out->delivery));
		db_col_copy(q, 15, out->pickup_method,
		    sizeof(out->pickup_method));
		out->office = sqlite3_column_int64(q, 16);
		db_col_copy(q, 17, out->ship_address, sizeof(out->ship_address));
		db_col_copy(q, 18, out->tracking_no, sizeof(out->tracking_no));
		db_col_copy(q, 19, out->pickup_code_hash,
		    sizeof(out->pickup_code_hash));
		db_col_copy(q, 20, out->reject_reason,
		    sizeof(out->reject_reason));
		out->created_at = sqlite3_column_int64(q, 21);
		out->updated_at = sqlite3_column_int64(q, 22);
		out->paid_at = sqlite3_column_int64(q, 23);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_order_get", rc);
	db_done(q);
	return ret;
}

int
appdb_order_move(struct appdb *db, const struct appdb_order_move *m)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_MOVE)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, m->id) != SQLITE_OK ||
	    db_bind_text(q, 2, m->from_pay) != SQLITE_OK ||
	    db_bind_text(q, 3, m->from_review) != SQLITE_OK ||
	    db_bind_text(q, 4, m->from_delivery) != SQLITE_OK ||
	    db_bind_text(q, 5, m->to_pay) != SQLITE_OK ||
	    db_bind_text(q, 6, m->to_review) != SQLITE_OK ||
	    db_bind_text(q, 7, m->to_delivery) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 8, m->now) != SQLITE_OK ||
	    sqlite3_bind_int(q, 9, m->paid != 0) != SQLITE_OK ||
	    db_bind_text(q, 10, m->tracking_no) != SQLITE_OK ||
	    db_bind_text(q, 11, m->pickup_code_hash) != SQLITE_OK ||
	    db_bind_text(q, 12, m->reject_reason) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_order_move", SQLITE_ERROR);
	}
	return db_change(db, q, "appdb_order_move");
}

int
appdb_order_pickup_set(struct appdb *db, long long id, const char *method,
    long long office, const char *address, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_PICKUP_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, method);
	db_bind_id(q, 3, office);
	db_bind_text(q, 4, address != NULL ? address : "");
	sqlite3_bind_int64(q, 5, now);
	return db_change(db, q, "appdb_order_pickup_set");
}

int
appdb_order_event_add(struct appdb *db, long long order, long long at,
    const char *actor, const char *event, const char *from_pay,
    const char *from_review, const char *from_delivery, const char *to_pay,
    const char *to_review, const char *to_delivery, const char *detail)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_EVENT_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, order) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, at) != SQLITE_OK ||
	    db_bind_text(q, 3, actor) != SQLITE_OK ||
	    db_bind_text(q, 4, event) != SQLITE_OK ||
	    db_bind_text(q, 5, from_pay) != SQLITE_OK ||
	    db_bind_text(q, 6, from_review) != SQLITE_OK ||
	    db_bind_text(q, 7, from_delivery) != SQLITE_OK ||
	    db_bind_text(q, 8, to_pay) != SQLITE_OK ||
	    db_bind_text(q, 9, to_review) != SQLITE_OK ||
	    db_bind_text(q, 10, to_delivery) != SQLITE_OK ||
	    db_bind_text(q, 11, detail != NULL ? detail : "") != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_order_event_add", SQLITE_ERROR);
	}
	return db_run(db, q, "appdb_order_event_add");
}

int
appdb_order_events(struct appdb *db, long long order,
    int (*fn)(void *, const struct appdb_order_event *), void *arg)
{
	struct appdb_order_event	 e;
	sqlite3_stmt			*q;
	int				 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_EVENTS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(q, 0);
		e.at = sqlite3_column_int64(q, 1);
		db_col_copy(q, 2, e.actor, sizeof(e.actor));
		db_col_copy(q, 3, e.event, sizeof(e.event));
		db_col_copy(q, 4, e.from_pay, sizeof(e.from_pay));
		db_col_copy(q, 5, e.from_review, sizeof(e.from_review));
		db_col_copy(q, 6, e.from_delivery, sizeof(e.from_delivery));
		db_col_copy(q, 7, e.to_pay, sizeof(e.to_pay));
		db_col_copy(q, 8, e.to_review, sizeof(e.to_review));
		db_col_copy(q, 9, e.to_delivery, sizeof(e.to_delivery));
		db_col_copy(q, 10, e.detail, sizeof(e.detail));
		if (fn(arg, &e) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_order_events", rc);
	db_done(q);
	return ret;
}

long long
appdb_order_next_due(struct appdb *db, long long created_by,
    long long after)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_NEXT_DUE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, created_by);
	sqlite3_bind_int64(q, 2, after);
	return db_lookup(db, q, "appdb_order_next_due");
}

/* ---- 订单管理 and 发票管理 (fcgi/orders.c) ---- */

/*
 * Binds the order scope (?1 company or NULL, ?2 buyer or NULL).  A scope
 * with neither would mean "every personal order of everyone": refused.
 * 0 / -1.
 */
int
db_order_scope_bind(struct appdb *db, sqlite3_stmt *q,
    const struct appdb_order_scope *s, const char *func)
{
	if (s == NULL || s->company < 0 || s->person < 0 ||
	    (s->company == 0 && s->person == 0))
		return db_refuse(db, func, "order scope without an owner");
	if (db_bind_id(q, 1, s->company) != SQLITE_OK ||
	    db_bind_id(q, 2, s->person) != SQLITE_OK)
		return db_fail(db, func, SQLITE_ERROR);
	return 0;
}

long long
appdb_order_count(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_COUNT)) == NULL)
		return -1;
	if (db_order_scope_bind(db, q, s, "appdb_order_count") == -1 ||
	    db_bind_text(q, 3, kind) != SQLITE_OK) {
		db_done(q);
		return -1;
	}
	return db_lookup(db, q, "appdb_order_count");
}

int
appdb_order_page(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_order_item *), void *arg)
{
	struct appdb_order_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_ORDER_PAGE)) == NULL)
		return -1;
	if (db_order_scope_bind(db, q, s, "appdb_order_page") == -1 ||
	    db_bind_text(q, 3, kind) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, offset) != SQLITE_OK) {
		db_done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, it.order_no, sizeof(it.order_no));
		db_col_copy(q, 2, it.kind, sizeof(it.kind));
		db_col_copy(q, 3, it.buyer, sizeof(it.buyer));
		it.amount_fen = sqlite3_column_int64(q, 4);
		db_col_copy(q, 5, it.pay, sizeof(it.pay));
		db_col_copy(q, 6, it.review, sizeof(it.review));
		db_col_copy(q, 7, it.delivery, sizeof(it.delivery));
		db_col_copy(q, 8, it.pickup_method, sizeof(it.pickup_method));
		db_col_copy(q, 9, it.lock_type, sizeof(it.lock_type));
		db_col_copy(q, 10, it.holder, sizeof(it.holder));
		it.created_at = sqlite3_column_int64(q, 11);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_order_page", rc);
	db_done(q);
	return ret;
}

int
appdb_order_find(struct appdb *db, const struct appdb_order_scope *s,
    long long id, struct appdb_order_info *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_ORDER_FIND)) == NULL)
		return -1;
	if (db_order_scope_bind(db, q, s, "appdb_order_find") == -1) {
		db_done(q);
		return -1;
	}
	sqlite3_bind_int64(q, 3, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, out->buyer, sizeof(out->buyer));
		db_col_copy(q, 1, out->company_name, sizeof(out->company_name));
		db_col_copy(q, 2, out->uscc, sizeof(out->uscc));
		db_col_copy(q, 3, out->office_name, sizeof(out->office_name));
		db_col_copy(q, 4, out->office_address,
		    sizeof(out->office_address));
		out->statement_upload = sqlite3_column_int64(q, 5);
		db_col_copy(q, 6, out->statement_name,
		    sizeof(out->statement_name));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_order_find", rc);
	db_done(q);
	return ret;
}
