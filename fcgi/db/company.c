/*
 * company.c: companies (企业信息): adding, finding, reading and replacing them.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/company.h"
#include "fcgi/uscc.h"
#include "lib/log.h"

int
appdb_company_add(struct appdb *db, const struct appdb_company *c,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return db_refuse(db, "appdb_company_add",
		    "not a valid unified social credit code");
	if ((q = db_stmt(db, STMT_COMPANY_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, c->uscc) != SQLITE_OK ||
	    db_bind_text(q, 2, c->name) != SQLITE_OK ||
	    db_bind_text(q, 3, c->address != NULL ? c->address : "") !=
	    SQLITE_OK ||
	    db_bind_text(q, 4, c->phone != NULL ? c->phone : "") != SQLITE_OK ||
	    db_bind_text(q, 5, c->bank != NULL ? c->bank : "") != SQLITE_OK ||
	    db_bind_text(q, 6, c->bank_account != NULL ? c->bank_account : "") !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, (long long)time(NULL)) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_company_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_company_add", id);
}

long long
appdb_company_id(struct appdb *db, const char *uscc)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_COMPANY_ID)) == NULL)
		return -1;
	if (db_bind_text(q, 1, uscc) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_company_id", SQLITE_ERROR);
	}
	return db_lookup(db, q, "appdb_company_id");
}

int
appdb_company_get(struct appdb *db, long long id,
    struct appdb_company_rec *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_COMPANY_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, out->uscc, sizeof(out->uscc));
		db_col_copy(q, 1, out->name, sizeof(out->name));
		db_col_copy(q, 2, out->address, sizeof(out->address));
		db_col_copy(q, 3, out->phone, sizeof(out->phone));
		db_col_copy(q, 4, out->bank, sizeof(out->bank));
		db_col_copy(q, 5, out->bank_account, sizeof(out->bank_account));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_company_get", rc);
	db_done(q);
	return ret;
}

int
appdb_company_set(struct appdb *db, long long id,
    const struct appdb_company *c)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return db_refuse(db, "appdb_company_set",
		    "not a valid unified social credit code");
	if ((q = db_stmt(db, STMT_COMPANY_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, c->uscc);
	db_bind_text(q, 3, c->name);
	db_bind_text(q, 4, c->address != NULL ? c->address : "");
	db_bind_text(q, 5, c->phone != NULL ? c->phone : "");
	db_bind_text(q, 6, c->bank != NULL ? c->bank : "");
	db_bind_text(q, 7, c->bank_account != NULL ? c->bank_account : "");
	return db_run(db, q, "appdb_company_set");
}
