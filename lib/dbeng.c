/*
 * dbeng.c: what the stores ask of the engine seam (lib/dbeng.h) before
 * and beside an engine: which engine a setting names, how a message
 * names the database, and a statement's row source.  It calls neither
 * SQLite nor libpq.
 */
#include <stdio.h>
#include <string.h>

#include "lib/dbeng.h"
#include "lib/pgconn.h"
#include "lib/sqlrow.h"

int
dbeng_where_pg(const char *where)
{
	return pgconn_is_conninfo(where);
}

void
dbeng_describe(const char *where, char *buf, size_t sz)
{
	if (dbeng_where_pg(where))
		pgconn_describe(where, buf, sz);
	else if (sz > 0)
		snprintf(buf, sz, "%s", where != NULL ? where : "(none)");
}

void
dbeng_src(const struct dbconn *c, void *st, struct sqlrow_src *src)
{
	src->q = st;
	src->type = c->eng->col_type;
	src->int64 = c->eng->col_int;
	src->text = c->eng->col_text;
	src->bytes = c->eng->col_bytes;
}
