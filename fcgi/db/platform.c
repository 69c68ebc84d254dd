/*
 * platform.c: linked platforms: adding them and finding them by name or id.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/platform.h"
#include "lib/log.h"

int
appdb_platform_add(struct appdb *db, const char *name,
    const char *notice_url, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PLATFORM_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, name) != SQLITE_OK ||
	    db_bind_text(q, 2, notice_url) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_platform_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_platform_add", id);
}

/* ---- certificates added by webctl demo-certs ---- */

long long
appdb_platform_id(struct appdb *db, const char *name)
{
	return db_key_id(db, STMT_PLATFORM_ID, name);
}

int
appdb_platform_name(struct appdb *db, long long id, char *buf, size_t sz)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PLATFORM_NAME)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(q, 0);
		if (t != NULL && strlen(t) < sz) {
			memcpy(buf, t, strlen(t) + 1);
			ret = 1;
		} else {
			log_err("appdb_platform_name: platform %lld: the name "
			    "does not fit", id);
			ret = -1;
		}
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_platform_name", rc);
	db_done(q);
	return ret;
}
