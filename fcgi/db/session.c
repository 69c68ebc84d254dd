/*
 * session.c: sessions (fcgi/session.c): the session rows, stored under the
 * hash of their id, their chosen identity and CA登录 certificate, and their
 * expiry.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/session.h"
#include "lib/log.h"

/* ---- sessions ---- */

int
appdb_session_add(struct appdb *db, const char *id_hash, long long person,
    const char *csrf, long long now)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_SESSION_ADD)) == NULL)
		return -1;
	db_bind_text(q, 1, id_hash);
	db_bind_id(q, 2, person);
	db_bind_text(q, 3, csrf);
	sqlite3_bind_int64(q, 4, now);
	return db_run(db, q, "appdb_session_add");
}

int
appdb_session_get(struct appdb *db, const char *id_hash,
    struct appdb_session *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_SESSION_GET)) == NULL)
		return -1;
	db_bind_text(q, 1, id_hash);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->person = sqlite3_column_int64(q, 0);
		out->membership = sqlite3_column_int64(q, 1);
		db_col_copy(q, 2, out->csrf, sizeof(out->csrf));
		out->created_at = sqlite3_column_int64(q, 3);
		out->seen_at = sqlite3_column_int64(q, 4);
		db_col_copy(q, 5, out->cert_serial, sizeof(out->cert_serial));
		ret = 1;
	} else if (rc == SQLITE_DONE)
		ret = 0;
	else
		db_fail(db, "appdb_session_get", rc);
	db_done(q);
	return ret;
}

int
appdb_session_touch(struct appdb *db, const char *id_hash, long long now)
{
	return db_run_text_int(db, STMT_SESSION_TOUCH, id_hash, now,
	    "appdb_session_touch");
}

int
appdb_session_identity(struct appdb *db, const char *id_hash,
    long long membership)
{
	return db_run_text_int(db, STMT_SESSION_IDENTITY, id_hash, membership,
	    "appdb_session_identity");
}

int
appdb_session_del(struct appdb *db, const char *id_hash)
{
	return db_run_text(db, STMT_SESSION_DEL, id_hash, "appdb_session_del");
}

int
appdb_session_del_person(struct appdb *db, long long person)
{
	return db_run_int(db, STMT_SESSION_DEL_PERSON, person,
	    "appdb_session_del_person");
}

int
appdb_session_expire(struct appdb *db, long long idle_before,
    long long created_before)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_SESSION_EXPIRE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, idle_before);
	sqlite3_bind_int64(q, 2, created_before);
	return db_run(db, q, "appdb_session_expire");
}

int
appdb_session_cert(struct appdb *db, const char *id_hash, const char *serial)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_SESSION_CERT)) == NULL)
		return -1;
	db_bind_text(q, 1, id_hash);
	db_bind_text(q, 2, serial);
	return db_change(db, q, "appdb_session_cert");
}
