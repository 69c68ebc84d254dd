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

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/person.h"
#include "lib/log.h"

int
appdb_person_add(struct appdb *db, const char *mobile, const char *name,
    const char *pw_hash, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PERSON_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, mobile) != SQLITE_OK ||
	    db_bind_text(q, 2, name) != SQLITE_OK ||
	    db_bind_text(q, 3, pw_hash) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, (long long)time(NULL)) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_person_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_person_add", id);
}

long long
appdb_person_id(struct appdb *db, const char *mobile)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PERSON_ID)) == NULL)
		return -1;
	if (db_bind_text(q, 1, mobile) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_person_id", SQLITE_ERROR);
	}
	return db_lookup(db, q, "appdb_person_id");
}

/* ---- accounts and login ---- */

int
appdb_person_auth(struct appdb *db, const char *mobile,
    struct appdb_auth *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_PERSON_AUTH)) == NULL)
		return -1;
	db_bind_text(q, 1, mobile);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, out->pw_hash, sizeof(out->pw_hash));
		out->failed_logins = sqlite3_column_int(q, 2);
		out->locked_until = sqlite3_column_int64(q, 3);
		out->last_failed_at = sqlite3_column_int64(q, 4);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_person_auth", rc);
	db_done(q);
	return ret;
}

int
appdb_person_get(struct appdb *db, long long id, char *mobile, size_t msz,
    char *name, size_t nsz)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	if ((q = db_stmt(db, STMT_PERSON_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		db_col_copy(q, 0, mobile, msz);
		db_col_copy(q, 1, name, nsz);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_person_get", rc);
	db_done(q);
	return ret;
}

int
appdb_person_fail(struct appdb *db, long long id, int max_failures,
    long long lock_until, long long now)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_PERSON_FAIL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, max_failures);
	sqlite3_bind_int64(q, 3, lock_until);
	sqlite3_bind_int64(q, 4, now);
	return db_run(db, q, "appdb_person_fail");
}

int
appdb_person_ok(struct appdb *db, long long id)
{
	return db_run_int(db, STMT_PERSON_OK, id, "appdb_person_ok");
}

int
appdb_person_set_pw(struct appdb *db, long long id, const char *pw_hash)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_PERSON_SET_PW)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, pw_hash);
	return db_run(db, q, "appdb_person_set_pw");
}

int
appdb_throttle_get(struct appdb *db, const char *addr,
    struct appdb_throttle *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_THROTTLE_GET)) == NULL)
		return -1;
	db_bind_text(q, 1, addr);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->failures = sqlite3_column_int(q, 0);
		out->window_start = sqlite3_column_int64(q, 1);
		out->locked_until = sqlite3_column_int64(q, 2);
		out->last_at = sqlite3_column_int64(q, 3);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_throttle_get", rc);
	db_done(q);
	return ret;
}

int
appdb_throttle_fail(struct appdb *db, const char *addr, long long now,
    long long window, int max_failures, long long lock)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_THROTTLE_FAIL)) == NULL)
		return -1;
	db_bind_text(q, 1, addr);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, window);
	sqlite3_bind_int(q, 4, max_failures);
	sqlite3_bind_int64(q, 5, lock);
	return db_run(db, q, "appdb_throttle_fail");
}

int
appdb_throttle_clear(struct appdb *db, const char *addr)
{
	return db_run_text(db, STMT_THROTTLE_CLEAR, addr,
	    "appdb_throttle_clear");
}

/*
 * The statements of reset_code and signup_code take the same parameters
 * and return the same columns; only the key differs (a person's id, a
 * mobile number).  key_text NULL means the integer key.
 */
static int
code_set(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, const char *code_hash, const char *salt,
    long long expires_at, long long now, long long window, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		db_bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	db_bind_text(q, 2, code_hash);
	sqlite3_bind_int64(q, 3, expires_at);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, window);
	db_bind_text(q, 6, salt);
	return db_run(db, q, func);
}

static int
code_get(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, struct appdb_reset *out, const char *func)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		db_bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		db_col_copy(q, 0, out->code_hash, sizeof(out->code_hash));
		out->expires_at = sqlite3_column_int64(q, 1);
		out->attempts = sqlite3_column_int(q, 2);
		out->sends = sqlite3_column_int(q, 3);
		out->sent_at = sqlite3_column_int64(q, 4);
		out->window_start = sqlite3_column_int64(q, 5);
		db_col_copy(q, 6, out->salt, sizeof(out->salt));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, func, rc);
	db_done(q);
	return ret;
}

static int
code_attempt(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, int max, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		db_bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	sqlite3_bind_int(q, 2, max);
	return db_change(db, q, func);
}

int
appdb_reset_set(struct appdb *db, long long person, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_RESET_SET, person, NULL, code_hash, salt,
	    expires_at, now, window, "appdb_reset_set");
}

int
appdb_reset_get(struct appdb *db, long long person,
    struct appdb_reset *out)
{
	return code_get(db, STMT_RESET_GET, person, NULL, out,
	    "appdb_reset_get");
}

int
appdb_reset_attempt(struct appdb *db, long long person, int max)
{
	return code_attempt(db, STMT_RESET_ATTEMPT, person, NULL, max,
	    "appdb_reset_attempt");
}

int
appdb_reset_del(struct appdb *db, long long person)
{
	return db_run_int(db, STMT_RESET_DEL, person, "appdb_reset_del");
}

int
appdb_signup_set(struct appdb *db, const char *mobile, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_SIGNUP_SET, 0, mobile, code_hash, salt,
	    expires_at, now, window, "appdb_signup_set");
}

int
appdb_signup_get(struct appdb *db, const char *mobile,
    struct appdb_reset *out)
{
	return code_get(db, STMT_SIGNUP_GET, 0, mobile, out,
	    "appdb_signup_get");
}

int
appdb_signup_attempt(struct appdb *db, const char *mobile, int max)
{
	return code_attempt(db, STMT_SIGNUP_ATTEMPT, 0, mobile, max,
	    "appdb_signup_attempt");
}

int
appdb_signup_del(struct appdb *db, const char *mobile)
{
	return db_run_text(db, STMT_SIGNUP_DEL, mobile, "appdb_signup_del");
}

int
appdb_person_set_name(struct appdb *db, long long id, const char *name)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_PERSON_SET_NAME)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, name);
	return db_run(db, q, "appdb_person_set_name");
}
