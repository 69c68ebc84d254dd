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

#include "fcgi/db/dbint.h"
#include "fcgi/db/session.h"
#include "lib/log.h"

/* ---- sessions ---- */

int
appdb_session_add(struct appdb *db, const char *id_hash, long long person,
    const char *csrf, long long now)
{
	return db_exec(db, STMT_SESSION_ADD, "appdb_session_add",
	    SQLROW_ARGS(SQLARG_TEXT(id_hash), SQLARG_ID(person),
	    SQLARG_TEXT(csrf), SQLARG_INT(now)));
}

/* A row of STMT_SESSION_GET. */
static const struct sqlrow_col session_cols[] = {
	SQLCOL_INT(0, struct appdb_session, person),
	SQLCOL_INT(1, struct appdb_session, membership),
	SQLCOL_TEXT(2, struct appdb_session, csrf),
	SQLCOL_INT(3, struct appdb_session, created_at),
	SQLCOL_INT(4, struct appdb_session, seen_at),
	SQLCOL_TEXT(5, struct appdb_session, cert_serial),
};
static const struct sqlrow_map session_map =
    SQLROW_MAP(struct appdb_session, session_cols);

int
appdb_session_get(struct appdb *db, const char *id_hash,
    struct appdb_session *out)
{
	return db_exec_get(db, STMT_SESSION_GET, "appdb_session_get",
	    &session_map, out, SQLROW_ARGS(SQLARG_TEXT(id_hash)));
}

int
appdb_session_touch(struct appdb *db, const char *id_hash, long long now)
{
	return db_exec(db, STMT_SESSION_TOUCH, "appdb_session_touch",
	    SQLROW_ARGS(SQLARG_TEXT(id_hash), SQLARG_INT(now)));
}

int
appdb_session_identity(struct appdb *db, const char *id_hash,
    long long membership)
{
	return db_exec(db, STMT_SESSION_IDENTITY, "appdb_session_identity",
	    SQLROW_ARGS(SQLARG_TEXT(id_hash), SQLARG_INT(membership)));
}

int
appdb_session_del(struct appdb *db, const char *id_hash)
{
	return db_exec(db, STMT_SESSION_DEL, "appdb_session_del",
	    SQLROW_ARGS(SQLARG_TEXT(id_hash)));
}

int
appdb_session_del_person(struct appdb *db, long long person)
{
	return db_exec(db, STMT_SESSION_DEL_PERSON, "appdb_session_del_person",
	    SQLROW_ARGS(SQLARG_INT(person)));
}

int
appdb_session_expire(struct appdb *db, long long idle_before,
    long long created_before)
{
	return db_exec(db, STMT_SESSION_EXPIRE, "appdb_session_expire",
	    SQLROW_ARGS(SQLARG_INT(idle_before), SQLARG_INT(created_before)));
}

int
appdb_session_cert(struct appdb *db, const char *id_hash, const char *serial)
{
	db->refused = 0;
	return db_exec_change(db, STMT_SESSION_CERT, "appdb_session_cert",
	    SQLROW_ARGS(SQLARG_TEXT(id_hash), SQLARG_TEXT(serial)));
}
