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

#include "fcgi/db/dbint.h"
#include "fcgi/db/cert.h"
#include "lib/log.h"

#define NELEM(a)	((int)(sizeof(a) / sizeof((a)[0])))

long long
appdb_cert_holder(struct appdb *db, const char *serial_hex)
{
	return db_exec_id(db, STMT_CERT_HOLDER, "appdb_cert_holder",
	    SQLROW_ARGS(SQLARG_TEXT(serial_hex)));
}

/*
 * Runs the bound query q for one text (column 0) into out (size sz, cut
 * as snprintf cuts): 1 found, 0 none ("" in out), -1.
 */
static int
get_text(struct appdb *db, struct dbq *q, char *out, size_t sz,
    const char *func)
{
	int	 rc;

	if (sz > 0)
		out[0] = '\0';
	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, func)) == 1)
		db_col_copy(q, 0, out, sz);
	db_done(q);
	return rc;
}

/*
 * Runs the bound query q for an id (column 0) and a text (column 1) into
 * out: the id, 0 if none ("" in out), -1.
 */
static long long
get_id_text(struct appdb *db, struct dbq *q, char *out, size_t sz,
    const char *func)
{
	long long	 id = 0;
	int		 rc;

	if (sz > 0)
		out[0] = '\0';
	if (q == NULL)
		return -1;
	if ((rc = db_step(db, q, func)) == 1) {
		id = db_col_int(q, 0);
		db_col_copy(q, 1, out, sz);
	} else if (rc == -1)
		id = -1;
	db_done(q);
	return id;
}

int
appdb_cert_ca(struct appdb *db, const char *serial_hex, char *ca, size_t sz)
{
	return get_text(db, db_bound(db, STMT_CERT_CA, "appdb_cert_ca",
	    SQLROW_ARGS(SQLARG_TEXT(serial_hex))), ca, sz, "appdb_cert_ca");
}

int
appdb_cert_sibling(struct appdb *db, const char *serial_hex, const char *ca,
    long long now, char *out, size_t sz)
{
	return get_text(db, db_bound(db, STMT_CERT_SIBLING,
	    "appdb_cert_sibling", SQLROW_ARGS(SQLARG_TEXT(serial_hex),
	    SQLARG_TEXT(ca), SQLARG_INT(now))), out, sz, "appdb_cert_sibling");
}

/*
 * Checks the scope of a cert statement (?1 company or NULL, ?2 holder or
 * NULL).  A scope with neither would mean "every personal certificate of
 * everyone": refused.  0 / -1.
 */
static int
scope_check(struct appdb *db, const struct appdb_cert_scope *s,
    const char *func)
{
	if (s == NULL || s->company < 0 || s->holder < 0 ||
	    (s->company == 0 && s->holder == 0))
		return db_refuse(db, func, "certificate scope without an owner");
	return 0;
}

/* A row of STMT_CERT_PAGE / STMT_CERT_FIND. */
static const struct sqlrow_col cert_cols[] = {
	SQLCOL_INT(0, struct appdb_cert_row, id),
	SQLCOL_INT(1, struct appdb_cert_row, company),
	SQLCOL_INT(2, struct appdb_cert_row, holder),
	SQLCOL_TEXT(3, struct appdb_cert_row, serial),
	SQLCOL_TEXT(4, struct appdb_cert_row, cert_type),
	SQLCOL_TEXT(5, struct appdb_cert_row, lock_type),
	SQLCOL_TEXT(6, struct appdb_cert_row, vendor),
	SQLCOL_TEXT(7, struct appdb_cert_row, media_vendor),
	SQLCOL_TEXT(8, struct appdb_cert_row, key_serial),
	SQLCOL_INT(9, struct appdb_cert_row, first_applied_at),
	SQLCOL_INT(10, struct appdb_cert_row, not_after),
	SQLCOL_TEXT(11, struct appdb_cert_row, status),
	SQLCOL_TEXT(12, struct appdb_cert_row, holder_name),
	SQLCOL_TEXT(13, struct appdb_cert_row, company_name),
	SQLCOL_TEXT(14, struct appdb_cert_row, uscc),
};
static const struct sqlrow_map cert_map =
    SQLROW_MAP(struct appdb_cert_row, cert_cols);

/* The search text as bound: NULL for none. */
static const char *
search_arg(const char *search)
{
	return search != NULL && *search != '\0' ? search : NULL;
}

long long
appdb_cert_count(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search)
{
	db->refused = 0;
	if (scope_check(db, s, "appdb_cert_count") == -1)
		return -1;
	return db_exec_id(db, STMT_CERT_COUNT, "appdb_cert_count",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->holder),
	    SQLARG_TEXT(search_arg(search))));
}

int
appdb_cert_page(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_cert_row *), void *arg)
{
	struct appdb_cert_row	 row;
	struct dbq		*q;
	int			 rc;

	db->refused = 0;
	if (scope_check(db, s, "appdb_cert_page") == -1)
		return -1;
	q = db_bound(db, STMT_CERT_PAGE, "appdb_cert_page",
	    SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->holder),
	    SQLARG_TEXT(search_arg(search)), SQLARG_INT(limit),
	    SQLARG_INT(offset)));
	while ((rc = db_next(db, q, &cert_map, &row, "appdb_cert_page")) ==
	    1 && fn(arg, &row) != -1)
		continue;
	return db_end(q, rc);
}

int
appdb_cert_find(struct appdb *db, const struct appdb_cert_scope *s,
    long long id, struct appdb_cert_row *out)
{
	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if (scope_check(db, s, "appdb_cert_find") == -1)
		return -1;
	return db_exec_get(db, STMT_CERT_FIND, "appdb_cert_find", &cert_map,
	    out, SQLROW_ARGS(SQLARG_ID(s->company), SQLARG_ID(s->holder),
	    SQLARG_INT(id)));
}

/* A platform as appdb_cert_links() passes it. */
struct link_row {
	long long	 id;
	const char	*name;
};

static const struct sqlrow_col link_cols[] = {
	SQLCOL_INT(0, struct link_row, id),
	SQLCOL_TEXT_REF(1, struct link_row, name),
};
static const struct sqlrow_map link_map =
    SQLROW_MAP(struct link_row, link_cols);

int
appdb_cert_links(struct appdb *db, long long cert, int linked,
    int (*fn)(void *, long long, const char *), void *arg)
{
	struct link_row	 l;
	struct dbq	*q;
	int		 rc;

	q = db_bound(db, linked ? STMT_CERT_LINKED : STMT_CERT_LINKABLE,
	    "appdb_cert_links", SQLROW_ARGS(SQLARG_INT(cert)));
	while ((rc = db_next(db, q, &link_map, &l, "appdb_cert_links")) ==
	    1 && fn(arg, l.id, l.name != NULL ? l.name : "") != -1)
		continue;
	return db_end(q, rc);
}

int
appdb_cert_link(struct appdb *db, long long cert, long long platform)
{
	db->refused = 0;
	return db_exec_change(db, STMT_CERT_LINK, "appdb_cert_link",
	    SQLROW_ARGS(SQLARG_INT(cert), SQLARG_INT(platform)));
}

int
appdb_cert_status_move(struct appdb *db, long long cert, const char *from,
    const char *to)
{
	db->refused = 0;
	return db_exec_change(db, STMT_CERT_STATUS_MOVE,
	    "appdb_cert_status_move", SQLROW_ARGS(SQLARG_INT(cert),
	    SQLARG_TEXT(from), SQLARG_TEXT(to)));
}

int
appdb_cert_add(struct appdb *db, const struct appdb_cert_new *c,
    long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_CERT_ADD, "appdb_cert_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(c->serial_hex), SQLARG_TEXT(c->cert_type),
	    SQLARG_ID(c->company), SQLARG_INT(c->holder),
	    SQLARG_TEXT(c->vendor), SQLARG_TEXT(c->lock_type),
	    SQLARG_TEXT(c->media_vendor != NULL ? c->media_vendor : ""),
	    SQLARG_TEXT(c->key_serial), SQLARG_INT(c->first_applied_at),
	    SQLARG_INT(c->not_after), SQLARG_TEXT(c->ca != NULL ? c->ca : "")));
}

long long
appdb_cert_by_key_serial(struct appdb *db, const char *key_serial,
    char *serial_hex, size_t sz)
{
	return get_id_text(db, db_bound(db, STMT_CERT_BY_KEY_SERIAL,
	    "appdb_cert_by_key_serial", SQLROW_ARGS(SQLARG_TEXT(key_serial))),
	    serial_hex, sz, "appdb_cert_by_key_serial");
}

/* ---- replacements issued by 补办 (fcgi/opsissue.c) ---- */

int
appdb_cert_serial(struct appdb *db, long long cert, char *serial_hex,
    size_t sz)
{
	db->refused = 0;
	return get_text(db, db_bound(db, STMT_CERT_SERIAL, "appdb_cert_serial",
	    SQLROW_ARGS(SQLARG_INT(cert))), serial_hex, sz,
	    "appdb_cert_serial");
}

long long
appdb_cert_replacement(struct appdb *db, long long old_cert,
    char *serial_hex, size_t sz)
{
	db->refused = 0;
	return get_id_text(db, db_bound(db, STMT_CERT_REPLACEMENT,
	    "appdb_cert_replacement", SQLROW_ARGS(SQLARG_INT(old_cert))),
	    serial_hex, sz, "appdb_cert_replacement");
}

int
appdb_cert_replace(struct appdb *db, const struct appdb_cert_repl *r,
    long long *new_id)
{
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
	if (db_exec_insert(db, STMT_CERT_REPLACE_ADD, "appdb_cert_replace", &id,
	    SQLROW_ARGS(SQLARG_INT(r->old_cert), SQLARG_TEXT(r->serial_hex),
	    SQLARG_TEXT(r->media_vendor), SQLARG_TEXT(r->key_serial),
	    SQLARG_INT(r->not_after))) == -1)
		return -1;
	if (id == 0)
		return db_refuse(db, "appdb_cert_replace", "no such certificate");
	if (db_exec(db, STMT_CERT_REPLACE_PLATFORMS, "appdb_cert_replace",
	    SQLROW_ARGS(SQLARG_INT(r->old_cert), SQLARG_INT(id))) == -1 ||
	    db_exec(db, STMT_CERT_RETIRE, "appdb_cert_replace",
	    SQLROW_ARGS(SQLARG_INT(r->old_cert))) == -1)
		return -1;
	*new_id = id;
	return 0;
}

/* ---- CA登录's lock-type rule and 加入申请 (fcgi/calogin.c, join.c) ---- */

/* The lock type (cert.lock_type) that implies each role. */
static const char *const appdb_lock_role[APPDB_ROLE__MAX] = {
	/* APPDB_ROLE_ADMIN */		"company_master",
	/* APPDB_ROLE_PROJECT_LEAD */	"project_lead",
	/* APPDB_ROLE_COST_ENGINEER */	"cost_engineer",
	/* APPDB_ROLE_PERSONAL */	"personal",
};

/* A row of STMT_CERT_LOCK. */
static const struct sqlrow_col lock_cols[] = {
	SQLCOL_INT(0, struct appdb_cert_lock, holder),
	SQLCOL_INT(1, struct appdb_cert_lock, company),
	SQLCOL_ENUM(2, struct appdb_cert_lock, role, appdb_lock_role,
	    NELEM(appdb_lock_role), APPDB_ROLE__MAX),
};
static const struct sqlrow_map lock_map =
    SQLROW_MAP(struct appdb_cert_lock, lock_cols);

int
appdb_cert_lock(struct appdb *db, const char *serial_hex,
    struct appdb_cert_lock *out)
{
	int	 rc;

	rc = db_exec_get(db, STMT_CERT_LOCK, "appdb_cert_lock", &lock_map, out,
	    SQLROW_ARGS(SQLARG_TEXT(serial_hex)));
	if (rc != 1)
		out->role = APPDB_ROLE__MAX;
	return rc;
}
