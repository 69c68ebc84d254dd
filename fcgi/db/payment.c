/*
 * payment.c: payments of orders: started, paid, closed, refunded.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/payment.h"
#include "lib/log.h"

int
appdb_payment_start(struct appdb *db, long long order, const char *provider,
    long long amount_fen, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PAYMENT_START)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	db_bind_text(q, 2, provider);
	sqlite3_bind_int64(q, 3, amount_fen);
	sqlite3_bind_int64(q, 4, now);
	return db_change(db, q, "appdb_payment_start");
}

int
appdb_payment_get(struct appdb *db, long long order,
    struct appdb_payment *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_PAYMENT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, out->provider, sizeof(out->provider));
		out->amount_fen = sqlite3_column_int64(q, 1);
		db_col_copy(q, 2, out->state, sizeof(out->state));
		db_col_copy(q, 3, out->trade_no, sizeof(out->trade_no));
		out->started_at = sqlite3_column_int64(q, 4);
		out->updated_at = sqlite3_column_int64(q, 5);
		out->paid_at = sqlite3_column_int64(q, 6);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_payment_get", rc);
	db_done(q);
	return ret;
}

int
appdb_payment_paid(struct appdb *db, long long order, const char *trade_no,
    long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PAYMENT_PAID)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	db_bind_text(q, 2, trade_no);
	sqlite3_bind_int64(q, 3, now);
	return db_change(db, q, "appdb_payment_paid");
}

int
appdb_payment_close(struct appdb *db, long long order, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PAYMENT_CLOSE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	sqlite3_bind_int64(q, 2, now);
	return db_change(db, q, "appdb_payment_close");
}

int
appdb_payment_refunded(struct appdb *db, long long order, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PAYMENT_REFUNDED)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	sqlite3_bind_int64(q, 2, now);
	return db_change(db, q, "appdb_payment_refunded");
}
