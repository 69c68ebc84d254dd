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
	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_membership_add", "no such role");
	return db_exec_insert(db, STMT_MEMBERSHIP_ADD, "appdb_membership_add",
	    id, SQLROW_ARGS(SQLARG_INT(person), SQLARG_ID(company),
	    SQLARG_TEXT(appdb_role_sql[role]),
	    SQLARG_INT((long long)time(NULL))));
}

/* ---- identities ---- */

const char *
appdb_role_name(enum appdb_role role)
{
	return (unsigned)role < APPDB_ROLE__MAX ? appdb_role_sql[role] : "";
}

/* A row of STMT_MEMBERSHIPS / STMT_MEMBERSHIP_GET. */
static const struct sqlrow_col identity_cols[] = {
	SQLCOL_INT(0, struct appdb_identity, membership),
	SQLCOL_INT(1, struct appdb_identity, company),
	SQLCOL_ENUM(2, struct appdb_identity, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
	SQLCOL_TEXT(3, struct appdb_identity, company_name),
	SQLCOL_TEXT(4, struct appdb_identity, uscc),
};
static const struct sqlrow_map identity_map =
    SQLROW_MAP(struct appdb_identity, identity_cols);

int
appdb_identities(struct appdb *db, long long person,
    int (*fn)(void *, const struct appdb_identity *), void *arg)
{
	struct appdb_identity	 id;
	struct dbq		*q;
	int			 rc;

	q = db_bound(db, STMT_MEMBERSHIPS, "appdb_identities",
	    SQLROW_ARGS(SQLARG_INT(person)));
	while ((rc = db_next(db, q, &identity_map, &id,
	    "appdb_identities")) == 1 && fn(arg, &id) != -1)
		continue;
	return db_end(q, rc);
}

int
appdb_identity_get(struct appdb *db, long long person, long long membership,
    struct appdb_identity *out)
{
	return db_exec_get(db, STMT_MEMBERSHIP_GET, "appdb_identity_get",
	    &identity_map, out, SQLROW_ARGS(SQLARG_INT(membership),
	    SQLARG_INT(person)));
}

/* ---- personal centre and CA管理 (fcgi/centre.c, fcgi/certs.c) ---- */

/* A row of STMT_STAFF_LIST. */
static const struct sqlrow_col staff_cols[] = {
	SQLCOL_INT(0, struct appdb_staff, membership),
	SQLCOL_INT(1, struct appdb_staff, person),
	SQLCOL_ENUM(2, struct appdb_staff, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
	SQLCOL_TEXT(3, struct appdb_staff, name),
	SQLCOL_TEXT(4, struct appdb_staff, mobile),
	SQLCOL_INT(5, struct appdb_staff, since),
};
static const struct sqlrow_map staff_map =
    SQLROW_MAP(struct appdb_staff, staff_cols);

int
appdb_staff_each(struct appdb *db, long long company,
    int (*fn)(void *, const struct appdb_staff *), void *arg)
{
	struct appdb_staff	 st;
	struct dbq		*q;
	int			 rc;

	q = db_bound(db, STMT_STAFF_LIST, "appdb_staff_each",
	    SQLROW_ARGS(SQLARG_INT(company)));
	while ((rc = db_next(db, q, &staff_map, &st, "appdb_staff_each")) ==
	    1 && fn(arg, &st) != -1)
		continue;
	return db_end(q, rc);
}

/* A row of STMT_STAFF_GET (person, role) lands in these two fields. */
static const struct sqlrow_col staff_get_cols[] = {
	SQLCOL_INT(0, struct appdb_staff, person),
	SQLCOL_ENUM(1, struct appdb_staff, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
};
static const struct sqlrow_map staff_get_map =
    SQLROW_MAP(struct appdb_staff, staff_get_cols);

int
appdb_staff_get(struct appdb *db, long long company, long long membership,
    long long *person, enum appdb_role *role)
{
	struct appdb_staff	 st;
	int			 rc;

	rc = db_exec_get(db, STMT_STAFF_GET, "appdb_staff_get",
	    &staff_get_map, &st, SQLROW_ARGS(SQLARG_INT(membership),
	    SQLARG_INT(company)));
	*person = st.person;
	*role = rc == 1 ? st.role : APPDB_ROLE__MAX;
	return rc;
}

int
appdb_staff_set_role(struct appdb *db, long long company,
    long long membership, enum appdb_role role)
{
	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return db_refuse(db, "appdb_staff_set_role", "no such role");
	return db_exec(db, STMT_STAFF_SET_ROLE, "appdb_staff_set_role",
	    SQLROW_ARGS(SQLARG_INT(membership), SQLARG_INT(company),
	    SQLARG_TEXT(appdb_role_sql[role])));
}

int
appdb_staff_remove(struct appdb *db, long long company, long long membership)
{
	db->refused = 0;
	/* Sessions acting as this identity fall back to "none chosen". */
	if (db_exec(db, STMT_STAFF_UNSESSION, "appdb_staff_remove",
	    SQLROW_ARGS(SQLARG_INT(membership))) == -1)
		return -1;
	return db_exec(db, STMT_STAFF_DEL, "appdb_staff_remove",
	    SQLROW_ARGS(SQLARG_INT(membership), SQLARG_INT(company)));
}

long long
appdb_admin_count(struct appdb *db, long long company)
{
	return db_exec_id(db, STMT_ADMIN_COUNT, "appdb_admin_count",
	    SQLROW_ARGS(SQLARG_INT(company)));
}

long long
appdb_membership_id(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_membership_id", "bad role");
	return db_exec_id(db, STMT_MEMBERSHIP_ID, "appdb: membership_id",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_ID(company),
	    SQLARG_TEXT(appdb_role_sql[role])));
}

int
appdb_join_add(struct appdb *db, long long person, long long company,
    enum appdb_role role, long long now, long long *id)
{
	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return db_refuse(db, "appdb_join_add", "not a company role");
	return db_exec_insert(db, STMT_JOIN_ADD, "appdb_join_add", id,
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(company),
	    SQLARG_TEXT(appdb_role_sql[role]), SQLARG_INT(now)));
}

long long
appdb_join_open(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return db_refuse(db, "appdb_join_open", "bad role");
	return db_exec_id(db, STMT_JOIN_OPEN, "appdb_join_open",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(company),
	    SQLARG_TEXT(appdb_role_sql[role])));
}

#define NELEM(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* Database spelling of enum appdb_join_state (unknown: pending). */
static const char *const appdb_join_state_sql[] = {
	/* APPDB_JOIN_PENDING */	"pending",
	/* APPDB_JOIN_APPROVED */	"approved",
	/* APPDB_JOIN_REFUSED */	"refused",
};

/* A row of STMT_JOIN_MINE (the person's list). */
static const struct sqlrow_col join_mine_cols[] = {
	SQLCOL_INT(0, struct appdb_join, id),
	SQLCOL_INT(1, struct appdb_join, company),
	SQLCOL_TEXT(2, struct appdb_join, company_name),
	SQLCOL_TEXT(3, struct appdb_join, uscc),
	SQLCOL_ENUM(4, struct appdb_join, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
	SQLCOL_ENUM(5, struct appdb_join, state, appdb_join_state_sql,
	    NELEM(appdb_join_state_sql),
	    APPDB_JOIN_PENDING),
	SQLCOL_INT(6, struct appdb_join, created_at),
	SQLCOL_INT(7, struct appdb_join, decided_at),
};
static const struct sqlrow_map join_mine_map =
    SQLROW_MAP(struct appdb_join, join_mine_cols);

int
appdb_join_mine(struct appdb *db, long long person, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	struct dbq		*q;
	int			 rc;

	q = db_bound(db, STMT_JOIN_MINE, "appdb_join_mine",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(limit)));
	while ((rc = db_next(db, q, &join_mine_map, &j,
	    "appdb_join_mine")) == 1) {
		j.person = person;
		if (fn(arg, &j) == -1)
			break;
	}
	return db_end(q, rc);
}

/* A row of STMT_JOIN_COMPANY (the company's pending requests). */
static const struct sqlrow_col join_company_cols[] = {
	SQLCOL_INT(0, struct appdb_join, id),
	SQLCOL_INT(1, struct appdb_join, person),
	SQLCOL_TEXT(2, struct appdb_join, name),
	SQLCOL_TEXT(3, struct appdb_join, mobile),
	SQLCOL_ENUM(4, struct appdb_join, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
	SQLCOL_INT(5, struct appdb_join, created_at),
};
static const struct sqlrow_map join_company_map =
    SQLROW_MAP(struct appdb_join, join_company_cols);

int
appdb_join_pending(struct appdb *db, long long company, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	struct dbq		*q;
	int			 rc;

	q = db_bound(db, STMT_JOIN_COMPANY, "appdb_join_pending",
	    SQLROW_ARGS(SQLARG_INT(company), SQLARG_INT(limit)));
	while ((rc = db_next(db, q, &join_company_map, &j,
	    "appdb_join_pending")) == 1) {
		j.company = company;
		j.state = APPDB_JOIN_PENDING;
		if (fn(arg, &j) == -1)
			break;
	}
	return db_end(q, rc);
}

/* A row of STMT_JOIN_GET. */
static const struct sqlrow_col join_get_cols[] = {
	SQLCOL_INT(0, struct appdb_join, person),
	SQLCOL_ENUM(1, struct appdb_join, role, appdb_role_sql,
	    APPDB_ROLE__MAX, APPDB_ROLE__MAX),
	SQLCOL_ENUM(2, struct appdb_join, state, appdb_join_state_sql,
	    NELEM(appdb_join_state_sql),
	    APPDB_JOIN_PENDING),
};
static const struct sqlrow_map join_get_map =
    SQLROW_MAP(struct appdb_join, join_get_cols);

int
appdb_join_get(struct appdb *db, long long company, long long id,
    struct appdb_join *out)
{
	int	 rc;

	if ((rc = db_exec_get(db, STMT_JOIN_GET, "appdb_join_get",
	    &join_get_map, out, SQLROW_ARGS(SQLARG_INT(id),
	    SQLARG_INT(company)))) == 1) {
		out->id = id;
		out->company = company;
	}
	return rc;
}

int
appdb_join_decide(struct appdb *db, long long company, long long id,
    int approve, long long by, long long membership, long long now)
{
	db->refused = 0;
	return db_exec_change(db, STMT_JOIN_DECIDE, "appdb_join_decide",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_INT(company),
	    SQLARG_TEXT(approve ? "approved" : "refused"), SQLARG_INT(now),
	    SQLARG_INT(by), SQLARG_ID(membership)));
}

long long
appdb_join_seen(struct appdb *db, long long person, long long now)
{
	db->refused = 0;
	if (db_exec(db, STMT_JOIN_SEEN, "appdb_join_seen",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(now))) == -1)
		return -1;
	return db_changes(db);
}
