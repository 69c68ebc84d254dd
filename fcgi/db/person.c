/*
 * person.c: people and their accounts: adding and finding a person, login
 * failures and locks, per-address throttling, and the one-time SMS codes
 * (password reset per person, registration per mobile number).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/person.h"
#include "lib/log.h"

int
appdb_person_add(struct appdb *db, const char *mobile, const char *name,
    const char *pw_hash, long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_PERSON_ADD, "appdb_person_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(mobile), SQLARG_TEXT(name),
	    SQLARG_TEXT(pw_hash), SQLARG_INT((long long)time(NULL))));
}

long long
appdb_person_id(struct appdb *db, const char *mobile)
{
	db->refused = 0;
	return db_exec_id(db, STMT_PERSON_ID, "appdb_person_id",
	    SQLROW_ARGS(SQLARG_TEXT(mobile)));
}

/* ---- accounts and login ---- */

/* A row of STMT_PERSON_AUTH. */
static const struct sqlrow_col auth_cols[] = {
	SQLCOL_INT(0, struct appdb_auth, id),
	SQLCOL_TEXT(1, struct appdb_auth, pw_hash),
	SQLCOL_INT(2, struct appdb_auth, failed_logins),
	SQLCOL_INT(3, struct appdb_auth, locked_until),
	SQLCOL_INT(4, struct appdb_auth, last_failed_at),
};
static const struct sqlrow_map auth_map =
    SQLROW_MAP(struct appdb_auth, auth_cols);

int
appdb_person_auth(struct appdb *db, const char *mobile,
    struct appdb_auth *out)
{
	return db_exec_get(db, STMT_PERSON_AUTH, "appdb_person_auth",
	    &auth_map, out, SQLROW_ARGS(SQLARG_TEXT(mobile)));
}

/* Two texts into the caller's buffers: no struct to map. */
int
appdb_person_get(struct appdb *db, long long id, char *mobile, size_t msz,
    char *name, size_t nsz)
{
	struct dbq	*q;
	int		 rc;

	if (msz > 0)
		mobile[0] = '\0';
	if (nsz > 0)
		name[0] = '\0';
	q = db_bound(db, STMT_PERSON_GET, "appdb_person_get",
	    SQLROW_ARGS(SQLARG_INT(id)));
	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, "appdb_person_get")) == 1) {
		db_col_copy(q, 0, mobile, msz);
		db_col_copy(q, 1, name, nsz);
	}
	db_done(q);
	return rc;
}

int
appdb_person_fail(struct appdb *db, long long id, int max_failures,
    long long lock_until, long long now)
{
	return db_exec(db, STMT_PERSON_FAIL, "appdb_person_fail",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_INT(max_failures),
	    SQLARG_INT(lock_until), SQLARG_INT(now)));
}

int
appdb_person_ok(struct appdb *db, long long id)
{
	return db_exec(db, STMT_PERSON_OK, "appdb_person_ok",
	    SQLROW_ARGS(SQLARG_INT(id)));
}

int
appdb_person_set_pw(struct appdb *db, long long id, const char *pw_hash)
{
	return db_exec(db, STMT_PERSON_SET_PW, "appdb_person_set_pw",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_TEXT(pw_hash)));
}

/* A row of STMT_THROTTLE_GET. */
static const struct sqlrow_col throttle_cols[] = {
	SQLCOL_INT(0, struct appdb_throttle, failures),
	SQLCOL_INT(1, struct appdb_throttle, window_start),
	SQLCOL_INT(2, struct appdb_throttle, locked_until),
	SQLCOL_INT(3, struct appdb_throttle, last_at),
};
static const struct sqlrow_map throttle_map =
    SQLROW_MAP(struct appdb_throttle, throttle_cols);

int
appdb_throttle_get(struct appdb *db, const char *addr,
    struct appdb_throttle *out)
{
	return db_exec_get(db, STMT_THROTTLE_GET, "appdb_throttle_get",
	    &throttle_map, out, SQLROW_ARGS(SQLARG_TEXT(addr)));
}

int
appdb_throttle_fail(struct appdb *db, const char *addr, long long now,
    long long window, int max_failures, long long lock)
{
	return db_exec(db, STMT_THROTTLE_FAIL, "appdb_throttle_fail",
	    SQLROW_ARGS(SQLARG_TEXT(addr), SQLARG_INT(now),
	    SQLARG_INT(window), SQLARG_INT(max_failures), SQLARG_INT(lock)));
}

int
appdb_throttle_clear(struct appdb *db, const char *addr)
{
	return db_exec(db, STMT_THROTTLE_CLEAR, "appdb_throttle_clear",
	    SQLROW_ARGS(SQLARG_TEXT(addr)));
}

/*
 * The statements of reset_code and signup_code take the same parameters
 * and return the same columns; only the key ?1 differs (a person's id,
 * a mobile number): the caller passes it as an argument.
 */
static int
code_set(struct appdb *db, enum appdb_stmt i, struct sqlrow_arg key,
    const char *code_hash, const char *salt, long long expires_at,
    long long now, long long window, const char *func)
{
	return db_exec(db, i, func, SQLROW_ARGS(key, SQLARG_TEXT(code_hash),
	    SQLARG_INT(expires_at), SQLARG_INT(now), SQLARG_INT(window),
	    SQLARG_TEXT(salt)));
}

/* A row of STMT_RESET_GET / STMT_SIGNUP_GET. */
static const struct sqlrow_col code_cols[] = {
	SQLCOL_TEXT(0, struct appdb_reset, code_hash),
	SQLCOL_INT(1, struct appdb_reset, expires_at),
	SQLCOL_INT(2, struct appdb_reset, attempts),
	SQLCOL_INT(3, struct appdb_reset, sends),
	SQLCOL_INT(4, struct appdb_reset, sent_at),
	SQLCOL_INT(5, struct appdb_reset, window_start),
	SQLCOL_TEXT(6, struct appdb_reset, salt),
};
static const struct sqlrow_map code_map =
    SQLROW_MAP(struct appdb_reset, code_cols);

static int
code_get(struct appdb *db, enum appdb_stmt i, struct sqlrow_arg key,
    struct appdb_reset *out, const char *func)
{
	return db_exec_get(db, i, func, &code_map, out, SQLROW_ARGS(key));
}

static int
code_attempt(struct appdb *db, enum appdb_stmt i, struct sqlrow_arg key,
    int max, const char *func)
{
	return db_exec_change(db, i, func, SQLROW_ARGS(key, SQLARG_INT(max)));
}

int
appdb_reset_set(struct appdb *db, long long person, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_RESET_SET,
	    (struct sqlrow_arg)SQLARG_INT(person), code_hash, salt,
	    expires_at, now, window, "appdb_reset_set");
}

int
appdb_reset_get(struct appdb *db, long long person,
    struct appdb_reset *out)
{
	return code_get(db, STMT_RESET_GET,
	    (struct sqlrow_arg)SQLARG_INT(person), out, "appdb_reset_get");
}

int
appdb_reset_attempt(struct appdb *db, long long person, int max)
{
	return code_attempt(db, STMT_RESET_ATTEMPT,
	    (struct sqlrow_arg)SQLARG_INT(person), max, "appdb_reset_attempt");
}

int
appdb_reset_del(struct appdb *db, long long person)
{
	return db_exec(db, STMT_RESET_DEL, "appdb_reset_del",
	    SQLROW_ARGS(SQLARG_INT(person)));
}

int
appdb_signup_set(struct appdb *db, const char *mobile, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_SIGNUP_SET,
	    (struct sqlrow_arg)SQLARG_TEXT(mobile), code_hash, salt,
	    expires_at, now, window, "appdb_signup_set");
}

int
appdb_signup_get(struct appdb *db, const char *mobile,
    struct appdb_reset *out)
{
	return code_get(db, STMT_SIGNUP_GET,
	    (struct sqlrow_arg)SQLARG_TEXT(mobile), out, "appdb_signup_get");
}

int
appdb_signup_attempt(struct appdb *db, const char *mobile, int max)
{
	return code_attempt(db, STMT_SIGNUP_ATTEMPT,
	    (struct sqlrow_arg)SQLARG_TEXT(mobile), max,
	    "appdb_signup_attempt");
}

int
appdb_signup_del(struct appdb *db, const char *mobile)
{
	return db_exec(db, STMT_SIGNUP_DEL, "appdb_signup_del",
	    SQLROW_ARGS(SQLARG_TEXT(mobile)));
}

int
appdb_person_set_name(struct appdb *db, long long id, const char *name)
{
	db->refused = 0;
	return db_exec(db, STMT_PERSON_SET_NAME, "appdb_person_set_name",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_TEXT(name)));
}
