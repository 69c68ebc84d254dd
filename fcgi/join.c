/*
 * join.c: 加入申请, the person's side of joining a company (the "+ 新增"
 * of 关联公司及身份选择, guide 图2).  A newly registered person has only
 * 个人; here they ask a company, named by its 统一社会信用代码, for a role
 * (管理员, 项目负责人或授权委托人 or 造价师).  The company's administrator
 * approves or refuses it in 人员管理 (centre.c); the decision is shown on
 * 关联公司及身份选择 (auth.c), where every login lands, until dismissed
 * here.
 *
 * Rules kept here:
 * - The fields are validated at the edge (param.h): the USCC with its
 *   GB 32100 check character, the role among the company roles (个人 is
 *   not one).  Then the company must exist, the person must not hold the
 *   role there already, and no such request may be pending.  Any refusal
 *   re-renders the form with a Chinese message beside its field and the
 *   typed values kept, and stores nothing.
 * - A request is one transaction with one audit record; the schema's
 *   unique index on pending requests makes a double submission one
 *   request (the second is refused as a duplicate).
 * - Whether a USCC is registered here is not a secret: the codes are
 *   public in the national enterprise credit register.
 */
#include <stdio.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/join.h"
#include "fcgi/param.h"
#include "fcgi/session.h"
#include "fcgi/xml.h"
#include "lib/log.h"

/*
 * Renders the form.  uscc and role are the values to show (NULL: none);
 * uscc_err and role_err the codes of the refused fields (NULL: fine).
 */
static int
join_page(struct ctx *c, int status, const char *uscc, const char *role,
    const char *uscc_err, const char *role_err)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, j, e;

	if ((doc = xml_page_new("join", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (j = xml_add(root, "join", NULL)) == NULL ||
	    (e = xml_add(j, "uscc", uscc != NULL ? uscc : "")) == NULL ||
	    (uscc_err != NULL && xml_attr(e, "error", uscc_err) == -1) ||
	    (e = xml_add(j, "role", role != NULL ? role : "")) == NULL ||
	    (role_err != NULL && xml_attr(e, "error", role_err) == -1))
		goto fail;
	return page_render(c, status, SHEET_JOIN, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
join_form(struct ctx *c)
{
	return join_page(c, 200, NULL, NULL, NULL, NULL);
}

int
join_post(struct ctx *c)
{
	const char	*uscc = param_text(c->in, KEY_USCC);
	const char	*typed = param_keep(c->in, KEY_USCC);
	const char	*keep_role = NULL, *uerr = NULL, *rerr = NULL;
	enum appdb_role	 role = APPDB_ROLE__MAX;
	char		 detail[192];
	long long	 company, id, now = (long long)time(NULL);

	if (typed == NULL)
		typed = "";
	if (!param_given(c->in, KEY_USCC))
		uerr = "missing";
	else if (uscc == NULL)
		uerr = "invalid";
	if (!param_given(c->in, KEY_ROLE))
		rerr = "missing";
	else if (!param_role(c->in, KEY_ROLE, &role))
		rerr = "not_company";	/* 个人, or no role at all */
	else
		keep_role = appdb_role_name(role);
	if (uerr != NULL || rerr != NULL)
		return join_page(c, 400, typed, keep_role, uerr, rerr);

	if ((company = appdb_company_id(c->db, uscc)) == -1)
		return -1;
	if (company == 0)
		return join_page(c, 400, typed, keep_role, "unknown", NULL);
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((id = appdb_membership_id(c->db, c->sess->person, company,
	    role)) == -1)
		goto fail;
	if (id != 0) {
		appdb_rollback(c->db);
		return join_page(c, 409, typed, keep_role, NULL, "member");
	}
	if ((id = appdb_join_open(c->db, c->sess->person, company, role)) ==
	    -1)
		goto fail;
	if (id != 0) {
		appdb_rollback(c->db);
		return join_page(c, 409, typed, keep_role, NULL, "duplicate");
	}
	if (appdb_join_add(c->db, c->sess->person, company, role, now, &id) ==
	    -1) {
		appdb_rollback(c->db);
		if (!appdb_refused(c->db))
			return -1;
		/* A parallel submission won the unique index. */
		return join_page(c, 409, typed, keep_role, NULL, "duplicate");
	}
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "request=%lld role=%s", c->sess->person, company, id,
	    appdb_role_name(role));
	if (appdb_audit(c->db, "web", "join.request", detail) == -1)
		goto fail;
	if (appdb_commit(c->db) == -1)
		return -1;
	log_info("join request %lld: person %lld asks company %lld for %s",
	    id, c->sess->person, company, appdb_role_name(role));
	return page_redirect(c, "/identity?notice=join_sent");
fail:
	appdb_rollback(c->db);
	return -1;
}

int
join_seen(struct ctx *c)
{
	long long	 n;
	char		 detail[96];

	if (appdb_begin(c->db) == -1)
		return -1;
	if ((n = appdb_join_seen(c->db, c->sess->person,
	    (long long)time(NULL))) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (n == 0) {
		/* Already dismissed (a retried POST): nothing to record. */
		appdb_rollback(c->db);
		return page_redirect(c, "/identity");
	}
	snprintf(detail, sizeof(detail), "person=%lld requests=%lld",
	    c->sess->person, n);
	if (appdb_audit(c->db, "web", "join.seen", detail) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (appdb_commit(c->db) == -1)
		return -1;
	return page_redirect(c, "/identity");
}
