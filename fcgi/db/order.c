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

#include "fcgi/db/dbint.h"
#include "fcgi/db/order.h"
#include "lib/log.h"

/* ---- orders (fcgi/order.c holds the rules) ---- */

long long
appdb_product_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return db_exec_id(db, STMT_PRODUCT_ID, "appdb: key_id",
	    SQLROW_ARGS(SQLARG_TEXT(code)));
}

/* A row of STMT_PRODUCT_PRICE. */
struct price_row {
	long long	 fen;
};

static const struct sqlrow_col price_cols[] = {
	SQLCOL_INT(0, struct price_row, fen),
};
static const struct sqlrow_map price_map =
    SQLROW_MAP(struct price_row, price_cols);

int
appdb_product_price(struct appdb *db, long long product,
    long long *price_fen)
{
	struct price_row	 p;
	int			 rc;

	db->refused = 0;
	rc = db_exec_get(db, STMT_PRODUCT_PRICE, "appdb_product_price",
	    &price_map, &p, SQLROW_ARGS(SQLARG_INT(product)));
	*price_fen = p.fen;
	return rc;
}

int
appdb_order_add(struct appdb *db, const struct appdb_order_new *o,
    long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_ORDER_ADD, "appdb_order_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(o->order_no), SQLARG_TEXT(o->kind),
	    SQLARG_INT(o->person), SQLARG_INT(o->membership),
	    SQLARG_ID(o->company), SQLARG_ID(o->cert), SQLARG_INT(o->product),
	    SQLARG_INT(o->quantity), SQLARG_INT(o->amount_fen),
	    SQLARG_TEXT(o->reason),
	    SQLARG_TEXT(o->reason_text != NULL ? o->reason_text : ""),
	    SQLARG_TEXT(o->submit_key), SQLARG_INT(o->now),
	    SQLARG_ID(o->statement_upload)));
}
/* A row of STMT_ORDER_BY_KEY. */
struct by_key_row {
	long long	 id;
	long long	 person;
};

static const struct sqlrow_col by_key_cols[] = {
	SQLCOL_INT(0, struct by_key_row, id),
	SQLCOL_INT(1, struct by_key_row, person),
};
static const struct sqlrow_map by_key_map =
    SQLROW_MAP(struct by_key_row, by_key_cols);

long long
appdb_order_by_key(struct appdb *db, const char *submit_key,
    long long *person)
{
	struct by_key_row	 r;

	db->refused = 0;
	if (db_exec_get(db, STMT_ORDER_BY_KEY, "appdb_order_by_key",
	    &by_key_map, &r, SQLROW_ARGS(SQLARG_TEXT(submit_key))) == -1) {
		*person = 0;
		return -1;
	}
	*person = r.person;
	return r.id;
}

long long
appdb_order_by_no(struct appdb *db, const char *order_no)
{
	db->refused = 0;
	return db_exec_id(db, STMT_ORDER_BY_NO, "appdb: key_id",
	    SQLROW_ARGS(SQLARG_TEXT(order_no)));
}

long long
appdb_order_open_for_cert(struct appdb *db, long long cert)
{
	db->refused = 0;
	return db_exec_id(db, STMT_ORDER_OPEN_CERT, "appdb_order_open_for_cert",
	    SQLROW_ARGS(SQLARG_INT(cert)));
}

/* A row of STMT_ORDER_GET. */
static const struct sqlrow_col order_cols[] = {
	SQLCOL_INT(0, struct appdb_order_row, id),
	SQLCOL_TEXT(1, struct appdb_order_row, order_no),
	SQLCOL_TEXT(2, struct appdb_order_row, kind),
	SQLCOL_INT(3, struct appdb_order_row, person),
	SQLCOL_INT(4, struct appdb_order_row, membership),
	SQLCOL_INT(5, struct appdb_order_row, company),
	SQLCOL_INT(6, struct appdb_order_row, cert),
	SQLCOL_INT(7, struct appdb_order_row, product),
	SQLCOL_INT(8, struct appdb_order_row, quantity),
	SQLCOL_INT(9, struct appdb_order_row, amount_fen),
	SQLCOL_TEXT(10, struct appdb_order_row, reason),
	SQLCOL_TEXT(11, struct appdb_order_row, reason_text),
	SQLCOL_TEXT(12, struct appdb_order_row, pay),
	SQLCOL_TEXT(13, struct appdb_order_row, review),
	SQLCOL_TEXT(14, struct appdb_order_row, delivery),
	SQLCOL_TEXT(15, struct appdb_order_row, pickup_method),
	SQLCOL_INT(16, struct appdb_order_row, office),
	SQLCOL_TEXT(17, struct appdb_order_row, ship_address),
	SQLCOL_TEXT(18, struct appdb_order_row, tracking_no),
	SQLCOL_TEXT(19, struct appdb_order_row, pickup_code_hash),
	SQLCOL_TEXT(20, struct appdb_order_row, reject_reason),
	SQLCOL_INT(21, struct appdb_order_row, created_at),
	SQLCOL_INT(22, struct appdb_order_row, updated_at),
	SQLCOL_INT(23, struct appdb_order_row, paid_at),
};
static const struct sqlrow_map order_map =
    SQLROW_MAP(struct appdb_order_row, order_cols);

int
appdb_order_get(struct appdb *db, long long id, struct appdb_order_row *out)
{
	db->refused = 0;
	return db_exec_get(db, STMT_ORDER_GET, "appdb_order_get", &order_map,
	    out, SQLROW_ARGS(SQLARG_INT(id)));
}

int
appdb_order_move(struct appdb *db, const struct appdb_order_move *m)
{
	db->refused = 0;
	return db_exec_change(db, STMT_ORDER_MOVE, "appdb_order_move",
	    SQLROW_ARGS(SQLARG_INT(m->id), SQLARG_TEXT(m->from_pay),
	    SQLARG_TEXT(m->from_review), SQLARG_TEXT(m->from_delivery),
	    SQLARG_TEXT(m->to_pay), SQLARG_TEXT(m->to_review),
	    SQLARG_TEXT(m->to_delivery), SQLARG_INT(m->now),
	    SQLARG_INT(m->paid != 0), SQLARG_TEXT(m->tracking_no),
	    SQLARG_TEXT(m->pickup_code_hash), SQLARG_TEXT(m->reject_reason)));
}

int
appdb_order_pickup_set(struct appdb *db, long long id, const char *method,
    long long office, const char *address, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_ORDER_PICKUP_SET,
	    "appdb_order_pickup_set", SQLROW_ARGS(SQLARG_INT(id),
	    SQLARG_TEXT(method), SQLARG_ID(office),
	    SQLARG_TEXT(address != NULL ? address : ""), SQLARG_INT(now)));
}

int
appdb_order_event_add(struct appdb *db, long long order, long long at,
    const char *actor, const char *event, const char *from_pay,
    const char *from_review, const char *from_delivery, const char *to_pay,
    const char *to_review, const char *to_delivery, const char *detail)
{
	db->refused = 0;
	return db_exec(db, STMT_ORDER_EVENT_ADD, "appdb_order_event_add",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_INT(at), SQLARG_TEXT(actor),
	    SQLARG_TEXT(event), SQLARG_TEXT(from_pay),
	    SQLARG_TEXT(from_review), SQLARG_TEXT(from_delivery),
	    SQLARG_TEXT(to_pay), SQLARG_TEXT(to_review),
	    SQLARG_TEXT(to_delivery),
	    SQLARG_TEXT(detail != NULL ? detail : "")));
}

/* A row of STMT_ORDER_EVENTS. */
static const struct sqlrow_col event_cols[] = {
	SQLCOL_INT(0, struct appdb_order_event, id),
	SQLCOL_INT(1, struct appdb_order_event, at),
	SQLCOL_TEXT(2, struct appdb_order_event, actor),
	SQLCOL_TEXT(3, struct appdb_order_event, event),
	SQLCOL_TEXT(4, struct appdb_order_event, from_pay),
	SQLCOL_TEXT(5, struct appdb_order_event, from_review),
	SQLCOL_TEXT(6, struct appdb_order_event, from_delivery),
	SQLCOL_TEXT(7, struct appdb_order_event, to_pay),
	SQLCOL_TEXT(8, struct appdb_order_event, to_review),
	SQLCOL_TEXT(9, struct appdb_order_event, to_delivery),
	SQLCOL_TEXT(10, struct appdb_order_event, detail),
};
static const struct sqlrow_map event_map =
    SQLROW_MAP(struct appdb_order_event, event_cols);

int
appdb_order_events(struct appdb *db, long long order,
    int (*fn)(void *, const struct appdb_order_event *), void *arg)
{
	struct appdb_order_event	 e;
	struct dbq			*q;
	int				 rc;

	db->refused = 0;
	q = db_bound(db, STMT_ORDER_EVENTS, "appdb_order_events",
	    SQLROW_ARGS(SQLARG_INT(order)));
	while ((rc = db_next(db, q, &event_map, &e, "appdb_order_events")) ==
	    1 && fn(arg, &e) != -1)
		continue;
	return db_end(q, rc);
}

long long
appdb_order_next_due(struct appdb *db, long long created_by,
    long long after)
{
	db->refused = 0;
	return db_exec_id(db, STMT_ORDER_NEXT_DUE, "appdb_order_next_due",
	    SQLROW_ARGS(SQLARG_INT(created_by), SQLARG_INT(after)));
}

/* ---- 订单管理 and 发票管理 (fcgi/orders.c) ---- */

/*
 * Checks an order scope (?1 company or NULL, ?2 buyer or NULL).  A scope
 * with neither would mean "every personal order of everyone": refused.
 * 0 / -1.
 */
int
db_order_scope_check(struct appdb *db, const struct appdb_order_scope *s,
    const char *func)
{
	if (s == NULL || s->company < 0 || s->person < 0 ||
	    (s->company == 0 && s->person == 0))
		return db_refuse(db, func, "order scope without an owner");
	return 0;
}

long long
appdb_order_count(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind)
{
	db->refused = 0;
	if (db_order_scope_check(db, s, "appdb_order_count") == -1)
		return -1;
	return db_exec_id(db, STMT_ORDER_COUNT, "appdb_order_count",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->person),
	    SQLARG_TEXT(kind)));
}

/* A row of STMT_ORDER_PAGE. */
static const struct sqlrow_col item_cols[] = {
	SQLCOL_INT(0, struct appdb_order_item, id),
	SQLCOL_TEXT(1, struct appdb_order_item, order_no),
	SQLCOL_TEXT(2, struct appdb_order_item, kind),
	SQLCOL_TEXT(3, struct appdb_order_item, buyer),
	SQLCOL_INT(4, struct appdb_order_item, amount_fen),
	SQLCOL_TEXT(5, struct appdb_order_item, pay),
	SQLCOL_TEXT(6, struct appdb_order_item, review),
	SQLCOL_TEXT(7, struct appdb_order_item, delivery),
	SQLCOL_TEXT(8, struct appdb_order_item, pickup_method),
	SQLCOL_TEXT(9, struct appdb_order_item, lock_type),
	SQLCOL_TEXT(10, struct appdb_order_item, holder),
	SQLCOL_INT(11, struct appdb_order_item, created_at),
};
static const struct sqlrow_map item_map =
    SQLROW_MAP(struct appdb_order_item, item_cols);

int
appdb_order_page(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_order_item *), void *arg)
{
	struct appdb_order_item	 it;
	struct dbq		*q;
	int			 rc;

	db->refused = 0;
	if (db_order_scope_check(db, s, "appdb_order_page") == -1)
		return -1;
	q = db_bound(db, STMT_ORDER_PAGE, "appdb_order_page",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->person),
	    SQLARG_TEXT(kind), SQLARG_INT(limit), SQLARG_INT(offset)));
	while ((rc = db_next(db, q, &item_map, &it, "appdb_order_page")) ==
	    1 && fn(arg, &it) != -1)
		continue;
	return db_end(q, rc);
}

/* A row of STMT_ORDER_FIND. */
static const struct sqlrow_col info_cols[] = {
	SQLCOL_TEXT(0, struct appdb_order_info, buyer),
	SQLCOL_TEXT(1, struct appdb_order_info, company_name),
	SQLCOL_TEXT(2, struct appdb_order_info, uscc),
	SQLCOL_TEXT(3, struct appdb_order_info, office_name),
	SQLCOL_TEXT(4, struct appdb_order_info, office_address),
	SQLCOL_INT(5, struct appdb_order_info, statement_upload),
	SQLCOL_TEXT(6, struct appdb_order_info, statement_name),
};
static const struct sqlrow_map info_map =
    SQLROW_MAP(struct appdb_order_info, info_cols);

int
appdb_order_find(struct appdb *db, const struct appdb_order_scope *s,
    long long id, struct appdb_order_info *out)
{
	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if (db_order_scope_check(db, s, "appdb_order_find") == -1)
		return -1;
	return db_exec_get(db, STMT_ORDER_FIND, "appdb_order_find", &info_map,
	    out, SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->person),
	    SQLARG_INT(id)));
}
