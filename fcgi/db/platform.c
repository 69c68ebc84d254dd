/*
 * platform.c: linked platforms: adding them and finding them by name or id.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/platform.h"
#include "lib/log.h"

int
appdb_platform_add(struct appdb *db, const char *name,
    const char *notice_url, long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_PLATFORM_ADD, "appdb_platform_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(name), SQLARG_TEXT(notice_url)));
}

long long
appdb_platform_id(struct appdb *db, const char *name)
{
	return db_exec_id(db, STMT_PLATFORM_ID, "appdb: key_id",
	    SQLROW_ARGS(SQLARG_TEXT(name)));
}

/* One text into the caller's buffer, refused rather than cut. */
int
appdb_platform_name(struct appdb *db, long long id, char *buf, size_t sz)
{
	struct dbq	*q;
	const char	*t;
	int		 rc, ret = 0;

	db->refused = 0;
	if (sz > 0)
		buf[0] = '\0';
	q = db_bound(db, STMT_PLATFORM_NAME, "appdb_platform_name",
	    SQLROW_ARGS(SQLARG_INT(id)));
	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, "appdb_platform_name")) == 1) {
		t = db_col_text(q, 0);
		if (t != NULL && strlen(t) < sz) {
			memcpy(buf, t, strlen(t) + 1);
			ret = 1;
		} else {
			log_err("appdb_platform_name: platform %lld: the name "
			    "does not fit", id);
			ret = -1;
		}
	} else if (rc == -1)
		ret = -1;
	db_done(q);
	return ret;
}
