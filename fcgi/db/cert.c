/*
 * cert.c: the certificates applicants see (CA管理): adding, finding and
 * listing them by scope, their links to platforms, status moves,
 * replacements issued by 补办 and CA登录's lock-type rule.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/cert.h"
#include "lib/log.h"

long long
appdb_cert_holder(struct appdb *db, const char *serial_hex)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_CERT_HOLDER)) == NULL)
		return -1;
	db_bind_text(q, 1, serial_hex);
	return db_lookup(db, q, "appdb_cert_holder");
}

int
appdb_cert_ca(struct appdb *db, const char *serial_hex, char *ca, size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = db_stmt(db, STMT_CERT_CA)) == NULL)
		return -1;
	db_bind_text(q, 1, serial_hex);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		db_col_copy(q, 0, ca, sz);
	db_done(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "appdb_cert_ca", rc);
	return rc == SQLITE_ROW ? 1 : 0;
}

int
appdb_cert_sibling(struct appdb *db, const char *serial_hex, const char *ca,
    long long now, char *out, size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = db_stmt(db, STMT_CERT_SIBLING)) == NULL)
		return -1;
	db_bind_text(q, 1, serial_hex);
	db_bind_text(q, 2, ca);
	sqlite3_bind_int64(q, 3, now);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		db_col_copy(q, 0, out, sz);
	db_done(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "appdb_cert_sibling", rc);
	return rc == SQLITE_ROW ? 1 : 0;
}

/*
 * Binds the scope (?1 company or NULL, ?2 holder or NULL) of a cert
 * statement.  A scope with neither would mean "every personal
 * certificate of everyone": refused.  0 / -1.
 */
static int
bind_scope(struct appdb *db, sqlite3_stmt *q,
    const struct appdb_cert_scope *s, const char *func)
{
	if (s == NULL || s->company < 0 || s->holder < 0 ||
	    (s->company == 0 && s->holder == 0))
		return db_refuse(db, func, "certificate scope without an owner");
	if (db_bind_id(q, 1, s->company) != SQLITE_OK ||
	    db_bind_id(q, 2, s->holder) != SQLITE_OK)
		return db_fail(db, func, SQLITE_ERROR);
	return 0;
}

/* Fills *out from a row of STMT_CERT_PAGE / STMT_CERT_FIND. */
static void
row_cert(sqlite3_stmt *q, struct appdb_cert_row *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(q, 0);
	out->company = sqlite3_column_int64(q, 1);
	out->holder = sqlite3_column_int64(q, 2);
	db_col_copy(q, 3, out->serial, sizeof(out->serial));
	db_col_copy(q, 4, out->cert_type, sizeof(out->cert_type));
	db_col_copy(q, 5, out->lock_type, sizeof(out->lock_type));
	db_col_copy(q, 6, out->vendor, sizeof(out->vendor));
	db_col_copy(q, 7, out->media_vendor, sizeof(out->media_vendor));
	db_col_copy(q, 8, out->key_serial, sizeof(out->key_serial));
	out->first_applied_at = sqlite3_column_int64(q, 9);
	out->not_after = sqlite3_column_int64(q, 10);
	db_col_copy(q, 11, out->status, sizeof(out->status));
	db_col_copy(q, 12, out->holder_name, sizeof(out->holder_name));
	db_col_copy(q, 13, out->company_name, sizeof(out->company_name));
	db_col_copy(q, 14, out->uscc, sizeof(out->uscc));
}

long long
appdb_cert_count(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_CERT_COUNT)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_count") == -1 ||
	    db_bind_text(q, 3, search != NULL && *search != '\0' ? search :
	    NULL) != SQLITE_OK) {
		db_done(q);
		return -1;
	}
	return db_lookup(db, q, "appdb_cert_count");
}

int
appdb_cert_page(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_cert_row *), void *arg)
{
	struct appdb_cert_row	 row;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_CERT_PAGE)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_page") == -1 ||
	    db_bind_text(q, 3, search != NULL && *search != '\0' ? search :
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, offset) != SQLITE_OK) {
		db_done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_cert(q, &row);
		if (fn(arg, &row) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_cert_page", rc);
	db_done(q);
	return ret;
}

int
appdb_cert_find(struct appdb *db, const struct appdb_cert_scope *s,
    long long id, struct appdb_cert_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_CERT_FIND)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_find") == -1) {
		db_done(q);
		return -1;
	}
	sqlite3_bind_int64(q, 3, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_cert(q, out);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_cert_find", rc);
	db_done(q);
	return ret;
}

int
appdb_cert_links(struct appdb *db, long long cert, int linked,
    int (*fn)(void *, long long, const char *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*name;
	int		 rc, ret = 0;

	if ((q = db_stmt(db, linked ? STMT_CERT_LINKED :
	    STMT_CERT_LINKABLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(q, 1);
		if (fn(arg, sqlite3_column_int64(q, 0),
		    name != NULL ? name : "") == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_cert_links", rc);
	db_done(q);
	return ret;
}

int
appdb_cert_link(struct appdb *db, long long cert, long long platform)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_CERT_LINK)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	sqlite3_bind_int64(q, 2, platform);
	return db_change(db, q, "appdb_cert_link");
}

int
appdb_cert_status_move(struct appdb *db, long long cert, const char *from,
    const char *to)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_CERT_STATUS_MOVE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	db_bind_text(q, 2, from);
	db_bind_text(q, 3, to);
	return db_change(db, q, "appdb_cert_status_move");
}

int
appdb_cert_add(struct appdb *db, const struct appdb_cert_new *c,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_CERT_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, c->serial_hex) != SQLITE_OK ||
	    db_bind_text(q, 2, c->cert_type) != SQLITE_OK ||
	    db_bind_id(q, 3, c->company) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, c->holder) != SQLITE_OK ||
	    db_bind_text(q, 5, c->vendor) != SQLITE_OK ||
	    db_bind_text(q, 6, c->lock_type) != SQLITE_OK ||
	    db_bind_text(q, 7, c->media_vendor != NULL ? c->media_vendor : "") !=
	    SQLITE_OK ||
	    db_bind_text(q, 8, c->key_serial) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, c->first_applied_at) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 10, c->not_after) != SQLITE_OK ||
	    db_bind_text(q, 11, c->ca != NULL ? c->ca : "") != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_cert_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_cert_add", id);
}

long long
appdb_cert_by_key_serial(struct appdb *db, const char *key_serial,
    char *serial_hex, size_t sz)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = db_stmt(db, STMT_CERT_BY_KEY_SERIAL)) == NULL)
		return -1;
	db_bind_text(q, 1, key_serial);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, serial_hex, sz);
	} else if (rc != SQLITE_DONE)
		id = db_fail(db, "appdb_cert_by_key_serial", rc);
	db_done(q);
	return id;
}

/* ---- replacements issued by 补办 (fcgi/opsissue.c) ---- */

int
appdb_cert_serial(struct appdb *db, long long cert, char *serial_hex,
    size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = db_stmt(db, STMT_CERT_SERIAL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, serial_hex, sz);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_cert_serial", rc);
	db_done(q);
	return ret;
}

long long
appdb_cert_replacement(struct appdb *db, long long old_cert,
    char *serial_hex, size_t sz)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	db->refused = 0;
	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = db_stmt(db, STMT_CERT_REPLACEMENT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, old_cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, serial_hex, sz);
	} else if (rc != SQLITE_DONE)
		id = db_fail(db, "appdb_cert_replacement", rc);
	db_done(q);
	return id;
}

int
appdb_cert_replace(struct appdb *db, const struct appdb_cert_repl *r,
    long long *new_id)
{
	sqlite3_stmt	*q;
	char		 have[41];
	long long	 id;

	db->refused = 0;
	*new_id = 0;
	if ((id = appdb_cert_replacement(db, r->old_cert, have,
	    sizeof(have))) == -1)
		return -1;
	if (id > 0) {
		if (strcmp(have, r->serial_hex) != 0)
			return db_refuse(db, "appdb_cert_replace", "the "
			    "certificate was replaced by another one");
		*new_id = id;
		return 0;
	}
	if ((q = db_stmt(db, STMT_CERT_REPLACE_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	db_bind_text(q, 2, r->serial_hex);
	if (r->media_vendor != NULL)
		db_bind_text(q, 3, r->media_vendor);
	db_bind_text(q, 4, r->key_serial);
	sqlite3_bind_int64(q, 5, r->not_after);
	if (db_insert(db, q, "appdb_cert_replace", &id) == -1)
		return -1;
	if (sqlite3_changes(db->db) != 1)
		return db_refuse(db, "appdb_cert_replace", "no such certificate");
	if ((q = db_stmt(db, STMT_CERT_REPLACE_PLATFORMS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	sqlite3_bind_int64(q, 2, id);
	if (db_run(db, q, "appdb_cert_replace") == -1)
		return -1;
	if ((q = db_stmt(db, STMT_CERT_RETIRE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	if (db_run(db, q, "appdb_cert_replace") == -1)
		return -1;
	*new_id = id;
	return 0;
}

/* ---- CA登录's lock-type rule and 加入申请 (fcgi/calogin.c, join.c) ---- */

/* The role a lock type (cert.lock_type) implies. */
static const struct {
	const char	*lock;
	enum appdb_role	 role;
} appdb_lock_role[] = {
	{ "company_master", APPDB_ROLE_ADMIN },
	{ "project_lead", APPDB_ROLE_PROJECT_LEAD },
	{ "cost_engineer", APPDB_ROLE_COST_ENGINEER },
	{ "personal", APPDB_ROLE_PERSONAL },
};

int
appdb_cert_lock(struct appdb *db, const char *serial_hex,
    struct appdb_cert_lock *out)
{
	sqlite3_stmt	*q;
	const char	*lock;
	size_t		 i;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	out->role = APPDB_ROLE__MAX;
	if ((q = db_stmt(db, STMT_CERT_LOCK)) == NULL)
		return -1;
	db_bind_text(q, 1, serial_hex);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->holder = sqlite3_column_int64(q, 0);
		out->company = sqlite3_column_int64(q, 1);
		lock = (const char *)sqlite3_column_text(q, 2);
		for (i = 0; lock != NULL && i < sizeof(appdb_lock_role) /
		    sizeof(appdb_lock_role[0]); i++)
			if (strcmp(lock, appdb_lock_role[i].lock) == 0)
				out->role = appdb_lock_role[i].role;
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_cert_lock", rc);
	db_done(q);
	return ret;
}
