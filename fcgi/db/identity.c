/*
 * identity.c: identities (关联公司及身份): memberships, the roles and their
 * database spellings, a company's staff (人员管理) and requests to join a
 * company (加入申请).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/identity.h"
#include "lib/log.h"

/* Database spelling of enum appdb_role. */
static const char *const appdb_role_sql[APPDB_ROLE__MAX] = {
	/* APPDB_ROLE_ADMIN */
	"admin",
	/* APPDB_ROLE_PROJECT_LEAD */
	"project_lead",
	/* APPDB_ROLE_COST_ENGINEER */
	"cost_engineer",
	/* APPDB_ROLE_PERSONAL */
	"personal",
};

int
appdb_membership_add(struct appdb *db, long long person, long long company,
    enum appdb_role role, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_membership_add", "no such role");
	if ((q = db_stmt(db, STMT_MEMBERSHIP_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    db_bind_id(q, 2, company) != SQLITE_OK ||
	    db_bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, (long long)time(NULL)) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_membership_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_membership_add", id);
}

/* The id of person's role in company (0: none), 0 if absent, -1. */
static long long
membership_id(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_MEMBERSHIP_ID)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    db_bind_id(q, 2, company) != SQLITE_OK ||
	    db_bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb: membership_id", SQLITE_ERROR);
	}
	return db_lookup(db, q, "appdb: membership_id");
}

/* ---- identities ---- */

const char *
appdb_role_name(enum appdb_role role)
{
	return (unsigned)role < APPDB_ROLE__MAX ? appdb_role_sql[role] : "";
}

/* Fills *out from a row of STMT_MEMBERSHIPS / STMT_MEMBERSHIP_GET. */
static void
row_identity(sqlite3_stmt *q, struct appdb_identity *out)
{
	const char	*r;
	int		 i;

	memset(out, 0, sizeof(*out));
	out->membership = sqlite3_column_int64(q, 0);
	out->company = sqlite3_column_int64(q, 1);
	r = (const char *)sqlite3_column_text(q, 2);
	out->role = APPDB_ROLE__MAX;
	for (i = 0; r != NULL && i < APPDB_ROLE__MAX; i++)
		if (strcmp(r, appdb_role_sql[i]) == 0)
			out->role = i;
	db_col_copy(q, 3, out->company_name, sizeof(out->company_name));
	db_col_copy(q, 4, out->uscc, sizeof(out->uscc));
}

int
appdb_identities(struct appdb *db, long long person,
    int (*fn)(void *, const struct appdb_identity *), void *arg)
{
	struct appdb_identity	 id;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = db_stmt(db, STMT_MEMBERSHIPS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_identity(q, &id);
		if (fn(arg, &id) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_identities", rc);
	db_done(q);
	return ret;
}

int
appdb_identity_get(struct appdb *db, long long person, long long membership,
    struct appdb_identity *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_MEMBERSHIP_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, person);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		row_identity(q, out);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_identity_get", rc);
	db_done(q);
	return ret;
}

/* ---- personal centre and CA管理 (fcgi/centre.c, fcgi/certs.c) ---- */

/* enum appdb_role of a database spelling; APPDB_ROLE__MAX if unknown. */
static enum appdb_role
role_of(const unsigned char *r)
{
	int	 i;

	for (i = 0; r != NULL && i < APPDB_ROLE__MAX; i++)
		if (strcmp((const char *)r, appdb_role_sql[i]) == 0)
			return i;
	return APPDB_ROLE__MAX;
}

int
appdb_staff_each(struct appdb *db, long long company,
    int (*fn)(void *, const struct appdb_staff *), void *arg)
{
	struct appdb_staff	 s;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = db_stmt(db, STMT_STAFF_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		s.membership = sqlite3_column_int64(q, 0);
		s.person = sqlite3_column_int64(q, 1);
		s.role = role_of(sqlite3_column_text(q, 2));
		db_col_copy(q, 3, s.name, sizeof(s.name));
		db_col_copy(q, 4, s.mobile, sizeof(s.mobile));
		s.since = sqlite3_column_int64(q, 5);
		if (fn(arg, &s) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_staff_each", rc);
	db_done(q);
	return ret;
}

int
appdb_staff_get(struct appdb *db, long long company, long long membership,
    long long *person, enum appdb_role *role)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	if ((q = db_stmt(db, STMT_STAFF_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*person = sqlite3_column_int64(q, 0);
		*role = role_of(sqlite3_column_text(q, 1));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_staff_get", rc);
	db_done(q);
	return ret;
}

int
appdb_staff_set_role(struct appdb *db, long long company,
    long long membership, enum appdb_role role)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return db_refuse(db, "appdb_staff_set_role", "no such role");
	if ((q = db_stmt(db, STMT_STAFF_SET_ROLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	db_bind_text(q, 3, appdb_role_sql[role]);
	return db_run(db, q, "appdb_staff_set_role");
}

int
appdb_staff_remove(struct appdb *db, long long company, long long membership)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	/* Sessions acting as this identity fall back to "none chosen". */
	if (db_run_int(db, STMT_STAFF_UNSESSION, membership,
	    "appdb_staff_remove") == -1 ||
	    (q = db_stmt(db, STMT_STAFF_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	return db_run(db, q, "appdb_staff_remove");
}

long long
appdb_admin_count(struct appdb *db, long long company)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, STMT_ADMIN_COUNT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	return db_lookup(db, q, "appdb_admin_count");
}

long long
appdb_membership_id(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_membership_id", "bad role");
	return membership_id(db, person, company, role);
}

int
appdb_join_add(struct appdb *db, long long person, long long company,
    enum appdb_role role, long long now, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return db_refuse(db, "appdb_join_add", "not a company role");
	if ((q = db_stmt(db, STMT_JOIN_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, company) != SQLITE_OK ||
	    db_bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, now) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_join_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_join_add", id);
}

long long
appdb_join_open(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	sqlite3_stmt	*q;

	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_join_open", "bad role");
	if ((q = db_stmt(db, STMT_JOIN_OPEN)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, company);
	db_bind_text(q, 3, appdb_role_sql[role]);
	return db_lookup(db, q, "appdb_join_open");
}

/* enum appdb_join_state of a database spelling (pending if unknown). */
static enum appdb_join_state
join_state_of(const unsigned char *s)
{
	if (s != NULL && strcmp((const char *)s, "approved") == 0)
		return APPDB_JOIN_APPROVED;
	if (s != NULL && strcmp((const char *)s, "refused") == 0)
		return APPDB_JOIN_REFUSED;
	return APPDB_JOIN_PENDING;
}

int
appdb_join_mine(struct appdb *db, long long person, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = db_stmt(db, STMT_JOIN_MINE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&j, 0, sizeof(j));
		j.id = sqlite3_column_int64(q, 0);
		j.person = person;
		j.company = sqlite3_column_int64(q, 1);
		db_col_copy(q, 2, j.company_name, sizeof(j.company_name));
		db_col_copy(q, 3, j.uscc, sizeof(j.uscc));
		j.role = role_of(sqlite3_column_text(q, 4));
		j.state = join_state_of(sqlite3_column_text(q, 5));
		j.created_at = sqlite3_column_int64(q, 6);
		j.decided_at = sqlite3_column_int64(q, 7);
		if (fn(arg, &j) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_join_mine", rc);
	db_done(q);
	return ret;
}

int
appdb_join_pending(struct appdb *db, long long company, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = db_stmt(db, STMT_JOIN_COMPANY)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	sqlite3_bind_int64(q, 2, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&j, 0, sizeof(j));
		j.id = sqlite3_column_int64(q, 0);
		j.person = sqlite3_column_int64(q, 1);
		db_col_copy(q, 2, j.name, sizeof(j.name));
		db_col_copy(q, 3, j.mobile, sizeof(j.mobile));
		j.role = role_of(sqlite3_column_text(q, 4));
		j.created_at = sqlite3_column_int64(q, 5);
		j.company = company;
		j.state = APPDB_JOIN_PENDING;
		if (fn(arg, &j) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_join_pending", rc);
	db_done(q);
	return ret;
}

int
appdb_join_get(struct appdb *db, long long company, long long id,
    struct appdb_join *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_JOIN_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, company);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = id;
		out->company = company;
		out->person = sqlite3_column_int64(q, 0);
		out->role = role_of(sqlite3_column_text(q, 1));
		out->state = join_state_of(sqlite3_column_text(q, 2));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_join_get", rc);
	db_done(q);
	return ret;
}

int
appdb_join_decide(struct appdb *db, long long company, long long id,
    int approve, long long by, long long membership, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_JOIN_DECIDE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, company);
	if (db_bind_text(q, 3, approve ? "approved" : "refused") != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, now) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, by) != SQLITE_OK ||
	    db_bind_id(q, 6, membership) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_join_decide", SQLITE_ERROR);
	}
	return db_change(db, q, "appdb_join_decide");
}

long long
appdb_join_seen(struct appdb *db, long long person, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_JOIN_SEEN)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, now);
	if (db_run(db, q, "appdb_join_seen") == -1)
		return -1;
	return sqlite3_changes(db->db);
}
