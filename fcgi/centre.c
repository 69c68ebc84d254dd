/*
 * centre.c: the personal centre's first three tabs (the frame is
 * centreframe.c):
 * 个人信息 (/me), 企业信息 (/company) and 人员管理 (/staff...).
 *
 * Rules kept here:
 * - Everything is scoped by the chosen identity c->who (route.c makes
 *   sure there is one): /company shows the identity's company, /staff
 *   lists and changes only memberships of that company.  A membership id
 *   of another company is "not found" (404), never acted on.
 * - Changing company data and staff is for administrators (管理员) of the
 *   company; anyone else gets 403 and nothing changes.
 * - A company always keeps an administrator: nobody removes or demotes
 *   themself here, and the last administrator cannot be removed or
 *   demoted (checked inside the write transaction).
 * - Every change is one transaction with one audit record, followed by a
 *   redirect (POST/redirect/GET) to the page with a notice code.
 * - 加入申请 (join.c) wait in 人员管理 for an administrator of their
 *   company: approving one adds the membership (unless the person has it
 *   already) and marks the request in the same transaction; refusing
 *   only marks it.  A request of another company is 404; one already
 *   decided (a double-submitted form) changes nothing.
 * - Form fields arrive checked and typed by the key table (param.h); a
 *   refused form is shown again with the typed values and a Chinese
 *   message per field (the text lives in the stylesheets; the XML
 *   carries codes).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/centre.h"
#include "fcgi/centreframe.h"
#include "fcgi/param.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/xml.h"
#include "lib/log.h"

#define JOIN_LIST_MAX		200	/* pending 加入申请 shown at once */

/*
 * The notice code of the query's "notice" if it is one of codes (a
 * NULL-terminated list), as the list's own string; else NULL.
 */
static const char *
notice_of(const struct ctx *c, const char *const *codes)
{
	const char	*n = param_text(c->in, KEY_NOTICE);

	for (; n != NULL && *codes != NULL; codes++)
		if (strcmp(n, *codes) == 0)
			return *codes;
	return NULL;
}

/* Adds <name code="code"/> under parent unless code is NULL.  0 / -1. */
static int
add_code(xmlNodePtr parent, const char *name, const char *code)
{
	xmlNodePtr	 e;

	if (code == NULL)
		return 0;
	if ((e = xml_add(parent, name, NULL)) == NULL ||
	    xml_attr(e, "code", code) == -1)
		return -1;
	return 0;
}

/* "person=ID" plus more, for audit details. */
static void
detail_fmt(char *buf, size_t sz, const struct ctx *c, const char *more)
{
	snprintf(buf, sz, "person=%lld %s", c->sess->person, more);
}

/* Runs the audit and commit of a change begun with appdb_begin.  0/-1. */
static int
audit_commit(struct ctx *c, const char *action, const char *detail)
{
	if (appdb_audit(c->db, "web", action, detail) == -1 ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	return 0;
}

/* ---- 个人信息 ---- */

struct idlist {
	xmlNodePtr	 parent;
	long long	 current;
};

static int
add_identity(void *arg, const struct appdb_identity *id)
{
	struct idlist	*l = arg;
	xmlNodePtr	 e;

	if ((e = xml_add(l->parent, "identity", NULL)) == NULL ||
	    xml_attr(e, "company", id->company_name) == -1 ||
	    xml_attr(e, "uscc", id->uscc) == -1 ||
	    xml_attr(e, "role", appdb_role_name(id->role)) == -1 ||
	    (id->membership == l->current &&
	    xml_attr(e, "current", "1") == -1))
		return -1;
	return 0;
}

/*
 * Renders 个人信息.  value is the name to show in the form (the typed one
 * after a refusal), error and notice codes may be NULL.
 */
static int
me_page(struct ctx *c, int status, const char *value, const char *error,
    const char *notice)
{
	static const char *const notices[] = { "saved", NULL };
	struct idlist	 l;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, me, ids;
	char		 mobile[32], name[257];

	if (appdb_person_get(c->db, c->sess->person, mobile, sizeof(mobile),
	    name, sizeof(name)) != 1)
		return -1;
	if (notice == NULL)
		notice = notice_of(c, notices);
	if ((doc = centre_doc(c, "me", CENTRE_ME, &root)) == NULL)
		return -1;
	if ((me = xml_add(root, "me", NULL)) == NULL ||
	    xml_add(me, "name", name) == NULL ||
	    xml_add(me, "value", value != NULL ? value : name) == NULL ||
	    xml_add(me, "mobile", mobile) == NULL ||
	    add_code(me, "error", error) == -1 ||
	    add_code(me, "notice", notice) == -1 ||
	    (ids = xml_add(me, "identities", NULL)) == NULL)
		goto fail;
	l.parent = ids;
	l.current = c->who->membership;
	if (appdb_identities(c->db, c->sess->person, add_identity, &l) == -1)
		goto fail;
	return page_render(c, status, SHEET_ME, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
centre_me_form(struct ctx *c)
{
	return me_page(c, 200, NULL, NULL, NULL);
}

int
centre_me_save(struct ctx *c)
{
	const char	*name = param_text(c->in, KEY_PERSON_NAME);
	const char	*typed = param_keep(c->in, KEY_PERSON_NAME);
	char		 detail[64];

	if (name == NULL)
		return me_page(c, 200, typed != NULL ? typed : "", "name",
		    NULL);
	detail_fmt(detail, sizeof(detail), c, "");
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_person_set_name(c->db, c->sess->person, name) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (audit_commit(c, "person.name", detail) == -1)
		return -1;
	return page_redirect(c, "/me?notice=saved");
}

/* ---- 企业信息 ---- */

/* The six fields of the company form, in form order. */
enum cfield {
	CF_NAME,
	CF_USCC,
	CF_ADDRESS,
	CF_PHONE,
	CF_BANK,
	CF_BANK_ACCOUNT,
	CF__MAX
};

/* The elements of the page's XML. */
static const char *const cfield_names[CF__MAX] = {
	"name",		/* CF_NAME */
	"uscc",		/* CF_USCC */
	"address",	/* CF_ADDRESS */
	"phone",	/* CF_PHONE */
	"bank",		/* CF_BANK */
	"bank_account",	/* CF_BANK_ACCOUNT */
};

/* The keys the form sends them as. */
static const enum param_key cfield_keys[CF__MAX] = {
	KEY_COMPANY_NAME,	/* CF_NAME */
	KEY_USCC,		/* CF_USCC */
	KEY_ADDRESS,		/* CF_ADDRESS */
	KEY_PHONE,		/* CF_PHONE */
	KEY_BANK,		/* CF_BANK */
	KEY_BANK_ACCOUNT,	/* CF_BANK_ACCOUNT */
};

/*
 * Renders 企业信息.  vals (CF__MAX strings) are the values to show, or
 * NULL for the stored ones; bad[i] marks refused fields; error is a
 * form-wide code.
 */
static int
company_page(struct ctx *c, int status, const char *const *vals,
    const int *bad, const char *error)
{
	static const char *const notices[] = { "saved", NULL };
	struct appdb_company_rec rec;
	const char	*shown[CF__MAX];
	xmlDocPtr	 doc;
	xmlNodePtr	 root, co, e;
	int		 i, r;

	if ((doc = centre_doc(c, "company", CENTRE_COMPANY, &root)) == NULL)
		return -1;
	if ((co = xml_add(root, "company", NULL)) == NULL)
		goto fail;
	if (c->who->company == 0) {
		/* 个人: no company to show. */
		if (xml_attr(co, "personal", "1") == -1)
			goto fail;
		return page_render(c, status, SHEET_COMPANY, doc);
	}
	if ((r = appdb_company_get(c->db, c->who->company, &rec)) == -1)
		goto fail;
	if (r == 0) {
		xmlFreeDoc(doc);
		return page_error(c, 404);
	}
	shown[CF_NAME] = rec.name;
	shown[CF_USCC] = rec.uscc;
	shown[CF_ADDRESS] = rec.address;
	shown[CF_PHONE] = rec.phone;
	shown[CF_BANK] = rec.bank;
	shown[CF_BANK_ACCOUNT] = rec.bank_account;
	if (xml_attr(co, "editable", centre_is_admin(c) ? "1" : "0") == -1 ||
	    add_code(co, "notice", vals == NULL ? notice_of(c, notices) :
	    NULL) == -1 ||
	    add_code(co, "error", error) == -1)
		goto fail;
	for (i = 0; i < CF__MAX; i++) {
		if ((e = xml_add(co, cfield_names[i], vals != NULL ?
		    vals[i] : shown[i])) == NULL ||
		    (bad != NULL && bad[i] && xml_attr(e, "bad", "1") == -1))
			goto fail;
		/* The stored value too, for the read-only view. */
		if (vals != NULL && xml_attr(e, "stored", shown[i]) == -1)
			goto fail;
	}
	return page_render(c, status, SHEET_COMPANY, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
centre_company_form(struct ctx *c)
{
	return company_page(c, 200, NULL, NULL, NULL);
}

int
centre_company_save(struct ctx *c)
{
	struct appdb_company	 co;
	const char		*val[CF__MAX], *typed[CF__MAX];
	char			 detail[128];
	int			 bad[CF__MAX], i, nbad = 0;

	if (!centre_is_admin(c))
		return page_error(c, 403);
	for (i = 0; i < CF__MAX; i++) {
		val[i] = param_text(c->in, cfield_keys[i]);
		bad[i] = val[i] == NULL;
		nbad += bad[i];
		/* Shown again only if printable and of sane length. */
		if ((typed[i] = param_keep(c->in, cfield_keys[i])) == NULL)
			typed[i] = "";
	}
	if (nbad > 0)
		return company_page(c, 200, typed, bad, NULL);

	co.name = val[CF_NAME];
	co.uscc = val[CF_USCC];
	co.address = val[CF_ADDRESS];
	co.phone = val[CF_PHONE];
	co.bank = val[CF_BANK];
	co.bank_account = val[CF_BANK_ACCOUNT];
	snprintf(detail, sizeof(detail), "person=%lld company=%lld uscc=%s",
	    c->sess->person, c->who->company, co.uscc);
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_company_set(c->db, c->who->company, &co) == -1) {
		appdb_rollback(c->db);
		if (!appdb_refused(c->db))
			return -1;
		/* The schema checked it: the USCC is another company's. */
		memset(bad, 0, sizeof(bad));
		bad[CF_USCC] = 1;
		return company_page(c, 200, typed, bad, "uscc_taken");
	}
	if (audit_commit(c, "company.update", detail) == -1)
		return -1;
	return page_redirect(c, "/company?notice=saved");
}

/* ---- 人员管理 ---- */

struct stafflist {
	xmlNodePtr	 parent;
	long long	 self;
};

static int
add_member(void *arg, const struct appdb_staff *s)
{
	struct stafflist	*l = arg;
	xmlNodePtr		 e;
	char			 since[SHTIME_BUFSZ];

	if ((e = xml_add(l->parent, "member", NULL)) == NULL ||
	    xml_attr_int(e, "id", s->membership) == -1 ||
	    xml_attr(e, "role", appdb_role_name(s->role)) == -1 ||
	    (s->person == l->self && xml_attr(e, "self", "1") == -1) ||
	    xml_add(e, "name", s->name) == NULL ||
	    xml_add(e, "mobile", s->mobile) == NULL ||
	    xml_add(e, "since", shtime_date(s->since, since,
	    sizeof(since))) == NULL)
		return -1;
	return 0;
}

static int
add_join(void *arg, const struct appdb_join *j)
{
	xmlNodePtr	 parent = arg, e;
	char		 at[SHTIME_BUFSZ];

	if ((e = xml_add(parent, "request", NULL)) == NULL ||
	    xml_attr_int(e, "id", j->id) == -1 ||
	    xml_attr(e, "role", appdb_role_name(j->role)) == -1 ||
	    xml_add(e, "name", j->name) == NULL ||
	    xml_add(e, "mobile", j->mobile) == NULL ||
	    xml_add(e, "at", shtime_min(j->created_at, at, sizeof(at))) ==
	    NULL)
		return -1;
	return 0;
}

/*
 * Renders 人员管理 (the caller checked the administrator).  mobile and
 * role refill the add form after a refusal (may be NULL); error and
 * notice are codes.
 */
static int
staff_page(struct ctx *c, int status, const char *mobile, const char *role,
    const char *error)
{
	static const char *const notices[] = { "added", "role", "removed",
	    "join_approved", "join_refused", "join_done", NULL };
	struct stafflist l;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, st, add, reqs;

	if ((doc = centre_doc(c, "staff", CENTRE_STAFF, &root)) == NULL)
		return -1;
	if ((st = xml_add(root, "staff", NULL)) == NULL ||
	    xml_attr(st, "company", c->who->company_name) == -1 ||
	    add_code(st, "error", error) == -1 ||
	    add_code(st, "notice", error == NULL ? notice_of(c, notices) :
	    NULL) == -1 ||
	    (add = xml_add(st, "add", NULL)) == NULL ||
	    (mobile != NULL && xml_attr(add, "mobile", mobile) == -1) ||
	    (role != NULL && xml_attr(add, "role", role) == -1) ||
	    (reqs = xml_add(st, "requests", NULL)) == NULL ||
	    appdb_join_pending(c->db, c->who->company, JOIN_LIST_MAX,
	    add_join, reqs) == -1)
		goto fail;
	l.parent = st;
	l.self = c->sess->person;
	if (appdb_staff_each(c->db, c->who->company, add_member, &l) == -1)
		goto fail;
	return page_render(c, status, SHEET_STAFF, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
centre_staff(struct ctx *c)
{
	if (!centre_is_admin(c))
		return page_error(c, 403);
	return staff_page(c, 200, NULL, NULL, NULL);
}

int
centre_staff_add(struct ctx *c)
{
	const char	*mobile = param_text(c->in, KEY_MOBILE);
	const char	*role_s = NULL;
	enum appdb_role	 role;
	long long	 person, mid;
	char		 detail[160];
	const char	*refill;

	if (!centre_is_admin(c))
		return page_error(c, 403);
	refill = mobile;
	if (param_role(c->in, KEY_ROLE, &role))
		role_s = appdb_role_name(role);
	if (refill == NULL)
		return staff_page(c, 200, NULL, role_s, "mobile");
	if (role_s == NULL)
		return staff_page(c, 200, refill, NULL, "role");
	if ((person = appdb_person_id(c->db, mobile)) == -1)
		return -1;
	if (person == 0)
		return staff_page(c, 200, refill, role_s, "unregistered");
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_membership_add(c->db, person, c->who->company, role,
	    &mid) == -1) {
		appdb_rollback(c->db);
		if (!appdb_refused(c->db))
			return -1;
		return staff_page(c, 409, refill, role_s, "duplicate");
	}
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "member=%lld added=%lld role=%s", c->sess->person,
	    c->who->company, mid, person, appdb_role_name(role));
	if (audit_commit(c, "staff.add", detail) == -1)
		return -1;
	return page_redirect(c, "/staff?notice=added");
}

/*
 * The membership named by the form's KEY_MEMBER, if it belongs to the
 * chosen company: 1 (fills *mid, *person, *role), 0 (the caller answers
 * 404), -1 error.
 */
static int
member_of_form(struct ctx *c, long long *mid, long long *person,
    enum appdb_role *role)
{
	if (!param_int(c->in, KEY_MEMBER, mid))
		return 0;
	return appdb_staff_get(c->db, c->who->company, *mid, person, role);
}

/*
 * Inside the write transaction: whether the change of membership
 * (person, role) that takes away an administrator may go on.  Returns
 * NULL if so, else the refusal code; *err is set on a database error.
 */
static const char *
keeps_admin(struct ctx *c, long long person, enum appdb_role role,
    int *err)
{
	long long	 n;

	*err = 0;
	if (person == c->sess->person)
		return "self";
	if (role != APPDB_ROLE_ADMIN)
		return NULL;
	if ((n = appdb_admin_count(c->db, c->who->company)) == -1) {
		*err = 1;
		return NULL;
	}
	return n <= 1 ? "last_admin" : NULL;
}

int
centre_staff_role(struct ctx *c)
{
	enum appdb_role	 old, role;
	long long	 mid, person;
	const char	*why;
	char		 detail[160];
	int		 r, err;

	if (!centre_is_admin(c))
		return page_error(c, 403);
	if ((r = member_of_form(c, &mid, &person, &old)) == -1)
		return -1;
	if (r == 0)
		return page_error(c, 404);
	if (!param_role(c->in, KEY_ROLE, &role))
		return staff_page(c, 200, NULL, NULL, "role");
	if (role == old)
		return page_redirect(c, "/staff?notice=role");
	if (appdb_begin(c->db) == -1)
		return -1;
	why = keeps_admin(c, person, old, &err);
	if (err) {
		appdb_rollback(c->db);
		return -1;
	}
	if (why != NULL) {
		appdb_rollback(c->db);
		return staff_page(c, 409, NULL, NULL, why);
	}
	if (appdb_staff_set_role(c->db, c->who->company, mid, role) == -1) {
		appdb_rollback(c->db);
		if (!appdb_refused(c->db))
			return -1;
		return staff_page(c, 409, NULL, NULL, "duplicate");
	}
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "member=%lld role=%s->%s", c->sess->person, c->who->company, mid,
	    appdb_role_name(old), appdb_role_name(role));
	if (audit_commit(c, "staff.role", detail) == -1)
		return -1;
	return page_redirect(c, "/staff?notice=role");
}

int
centre_staff_remove(struct ctx *c)
{
	enum appdb_role	 role;
	long long	 mid, person;
	const char	*why;
	char		 detail[160];
	int		 r, err;

	if (!centre_is_admin(c))
		return page_error(c, 403);
	if ((r = member_of_form(c, &mid, &person, &role)) == -1)
		return -1;
	if (r == 0)
		return page_error(c, 404);
	if (appdb_begin(c->db) == -1)
		return -1;
	why = keeps_admin(c, person, role, &err);
	if (err) {
		appdb_rollback(c->db);
		return -1;
	}
	if (why != NULL) {
		appdb_rollback(c->db);
		return staff_page(c, 409, NULL, NULL, why);
	}
	if (appdb_staff_remove(c->db, c->who->company, mid) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "member=%lld removed=%lld role=%s", c->sess->person,
	    c->who->company, mid, person, appdb_role_name(role));
	if (audit_commit(c, "staff.remove", detail) == -1)
		return -1;
	return page_redirect(c, "/staff?notice=removed");
}

/* ---- 人员管理: 加入申请 ---- */

/*
 * Approves (approve = 1) or refuses the request named by the form's
 * KEY_REQUEST, if it is one of the chosen company's.  0 / -1.
 */
static int
join_decide(struct ctx *c, int approve)
{
	struct appdb_join	 j;
	long long		 id, mid = 0, now = (long long)time(NULL);
	char			 detail[192];
	int			 r;

	if (!centre_is_admin(c))
		return page_error(c, 403);
	if (!param_int(c->in, KEY_REQUEST, &id))
		return page_error(c, 404);
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((r = appdb_join_get(c->db, c->who->company, id, &j)) == -1)
		goto fail;
	if (r == 0) {
		appdb_rollback(c->db);
		return page_error(c, 404);
	}
	if (j.state != APPDB_JOIN_PENDING) {
		/* Decided already (a second click): nothing changes. */
		appdb_rollback(c->db);
		return page_redirect(c, "/staff?notice=join_done");
	}
	if (approve) {
		if ((mid = appdb_membership_id(c->db, j.person,
		    c->who->company, j.role)) == -1)
			goto fail;
		if (mid == 0 && appdb_membership_add(c->db, j.person,
		    c->who->company, j.role, &mid) == -1)
			goto fail;
	}
	if ((r = appdb_join_decide(c->db, c->who->company, id, approve,
	    c->sess->person, mid, now)) == -1)
		goto fail;
	if (r == 0) {
		appdb_rollback(c->db);
		return page_redirect(c, "/staff?notice=join_done");
	}
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "request=%lld applicant=%lld role=%s member=%lld",
	    c->sess->person, c->who->company, id, j.person,
	    appdb_role_name(j.role), mid);
	if (audit_commit(c, approve ? "join.approve" : "join.refuse",
	    detail) == -1)
		return -1;
	return page_redirect(c, approve ? "/staff?notice=join_approved" :
	    "/staff?notice=join_refused");
fail:
	appdb_rollback(c->db);
	return -1;
}

int
centre_join_approve(struct ctx *c)
{
	return join_decide(c, 1);
}

int
centre_join_refuse(struct ctx *c)
{
	return join_decide(c, 0);
}
