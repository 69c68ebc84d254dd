/*
 * company.c: companies (企业信息): adding, finding, reading and replacing them.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/company.h"
#include "fcgi/uscc.h"
#include "lib/log.h"

/* Text or "" for NULL: the optional fields of a company are stored so. */
static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

int
appdb_company_add(struct appdb *db, const struct appdb_company *c,
    long long *id)
{
	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return db_refuse(db, "appdb_company_add",
		    "not a valid unified social credit code");
	return db_exec_insert(db, STMT_COMPANY_ADD, "appdb_company_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(c->uscc), SQLARG_TEXT(c->name),
	    SQLARG_TEXT(or_empty(c->address)), SQLARG_TEXT(or_empty(c->phone)),
	    SQLARG_TEXT(or_empty(c->bank)),
	    SQLARG_TEXT(or_empty(c->bank_account)),
	    SQLARG_INT((long long)time(NULL))));
}

long long
appdb_company_id(struct appdb *db, const char *uscc)
{
	db->refused = 0;
	return db_exec_id(db, STMT_COMPANY_ID, "appdb_company_id",
	    SQLROW_ARGS(SQLARG_TEXT(uscc)));
}

/* A row of STMT_COMPANY_GET. */
static const struct sqlrow_col company_cols[] = {
	SQLCOL_TEXT(0, struct appdb_company_rec, uscc),
	SQLCOL_TEXT(1, struct appdb_company_rec, name),
	SQLCOL_TEXT(2, struct appdb_company_rec, address),
	SQLCOL_TEXT(3, struct appdb_company_rec, phone),
	SQLCOL_TEXT(4, struct appdb_company_rec, bank),
	SQLCOL_TEXT(5, struct appdb_company_rec, bank_account),
};
static const struct sqlrow_map company_map =
    SQLROW_MAP(struct appdb_company_rec, company_cols);

int
appdb_company_get(struct appdb *db, long long id,
    struct appdb_company_rec *out)
{
	return db_exec_get(db, STMT_COMPANY_GET, "appdb_company_get",
	    &company_map, out, SQLROW_ARGS(SQLARG_INT(id)));
}

int
appdb_company_set(struct appdb *db, long long id,
    const struct appdb_company *c)
{
	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return db_refuse(db, "appdb_company_set",
		    "not a valid unified social credit code");
	return db_exec(db, STMT_COMPANY_SET, "appdb_company_set",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_TEXT(c->uscc),
	    SQLARG_TEXT(c->name), SQLARG_TEXT(or_empty(c->address)),
	    SQLARG_TEXT(or_empty(c->phone)), SQLARG_TEXT(or_empty(c->bank)),
	    SQLARG_TEXT(or_empty(c->bank_account))));
}
