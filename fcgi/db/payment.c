/*
 * payment.c: payments of orders: started, paid, closed, refunded.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/payment.h"
#include "lib/log.h"

int
appdb_payment_start(struct appdb *db, long long order, const char *provider,
    long long amount_fen, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_PAYMENT_START, "appdb_payment_start",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_TEXT(provider),
	    SQLARG_INT(amount_fen), SQLARG_INT(now)));
}

/* A row of STMT_PAYMENT_GET. */
static const struct sqlrow_col payment_cols[] = {
	SQLCOL_TEXT(0, struct appdb_payment, provider),
	SQLCOL_INT(1, struct appdb_payment, amount_fen),
	SQLCOL_TEXT(2, struct appdb_payment, state),
	SQLCOL_TEXT(3, struct appdb_payment, trade_no),
	SQLCOL_INT(4, struct appdb_payment, started_at),
	SQLCOL_INT(5, struct appdb_payment, updated_at),
	SQLCOL_INT(6, struct appdb_payment, paid_at),
};
static const struct sqlrow_map payment_map =
    SQLROW_MAP(struct appdb_payment, payment_cols);

int
appdb_payment_get(struct appdb *db, long long order,
    struct appdb_payment *out)
{
	db->refused = 0;
	return db_exec_get(db, STMT_PAYMENT_GET, "appdb_payment_get",
	    &payment_map, out, SQLROW_ARGS(SQLARG_INT(order)));
}

int
appdb_payment_paid(struct appdb *db, long long order, const char *trade_no,
    long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_PAYMENT_PAID, "appdb_payment_paid",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_TEXT(trade_no),
	    SQLARG_INT(now)));
}

int
appdb_payment_close(struct appdb *db, long long order, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_PAYMENT_CLOSE, "appdb_payment_close",
	    SQLROW_ARGS(SQLARG_INT(order), SQLARG_INT(now)));
}

int
appdb_payment_refunded(struct appdb *db, long long order, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_PAYMENT_REFUNDED,
	    "appdb_payment_refunded", SQLROW_ARGS(SQLARG_INT(order),
	    SQLARG_INT(now)));
}
