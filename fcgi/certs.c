/*
 * certs.c: CA管理 — the certificate list of 图1 (申请时间, 证书类型, 持锁人,
 * 证书厂商, CA锁类别, 到期时间, 状态, 操作), search, pagination, and the row
 * actions 查看详情, 新增平台 and 注销.
 *
 * Rules kept here:
 * - Which certificates exist for the caller is decided by one scope built
 *   from the chosen identity (scope_of): an administrator sees every
 *   certificate of the company, any other company role only those they
 *   hold in it, the 个人 identity only their own certificates without
 *   company.  Every id from a URL or form is looked up through that scope;
 *   outside it the answer is 404, whether or not the id exists.
 * - Actions need a certificate that is 有效 now (stored 'valid' and not
 *   past its notAfter); 已过期 is computed, not stored.
 * - 注销 asks for a reason and the person's current password, then the
 *   signing daemon revokes (cessationOfOperation); only when the daemon
 *   says done is the app's row marked 'revoked', in one transaction with
 *   its audit record.  A wrong password or an unreachable daemon changes
 *   nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/pwcheck.h"
#include "fcgi/caclient.h"
#include "fcgi/centreframe.h"
#include "fcgi/certrow.h"
#include "fcgi/certs.h"
#include "fcgi/listq.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"
#include "lib/log.h"

#define REVOKE_REASON_CODE	5	/* CRLReason cessationOfOperation */

/* The certificate of the key KEY_ID in the caller's scope: as above. */
static int
cert_of_request(struct ctx *c, struct appdb_cert_row *r)
{
	return certrow_lookup(c, KEY_ID, r);
}

/* ---- the list ---- */

struct certlist {
	struct appdb	*db;
	xmlNodePtr	 parent;
	long long	 now;
};

/*
 * 1 if r has an open reissue order that still counts (not unpaid past
 * its payment window, which is closing), else 0; -1 on error.
 */
static int
has_open_order(struct appdb *db, const struct appdb_cert_row *r,
    long long now)
{
	struct order	 o;
	long long	 oid;
	int		 k;

	if ((k = order_open_for_cert(db, r->id, &oid)) != 1)
		return k;
	if ((k = order_get(db, oid, &o)) != 1)
		return k;
	return order_check(&o, ORDER_EXPIRE, now) != ORDER_LEGAL;
}

static int
list_row(void *arg, const struct appdb_cert_row *r)
{
	struct certlist	*l = arg;
	xmlNodePtr	 e;
	int		 k;

	if ((e = certrow_xml(l->parent, r, l->now, 0)) == NULL)
		return -1;
	/* A valid certificate with an open order is 补办中 already. */
	if (strcmp(certrow_state(r, l->now), "valid") != 0)
		return 0;
	if ((k = has_open_order(l->db, r, l->now)) == -1)
		return -1;
	if (k == 1 && (xml_attr(e, "status", "reissuing") == -1 ||
	    xml_attr(e, "active", "0") == -1))
		return -1;
	return 0;
}

/* The CA管理 document: the count, the pager and a page of rows. */
static xmlDocPtr
list_doc(struct ctx *c)
{
	static const char *const notices[] = { "revoked", "ordered",
	    NULL };
	struct appdb_cert_scope	 s = certrow_scope(c);
	struct listq		 lq;
	struct certlist		 l;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, ce;
	const char		*n = param_text(c->in, KEY_NOTICE);
	long long		 total;
	size_t			 i;

	listq_parse(c->in, &lq);
	if ((total = appdb_cert_count(c->db, &s, lq.q)) == -1)
		return NULL;
	listq_clamp(&lq, total);
	if ((doc = centre_doc(c, "certs", CENTRE_CERTS, &root)) == NULL)
		return NULL;
	if ((ce = xml_add(root, "certs", NULL)) == NULL ||
	    xml_attr(ce, "q", lq.q) == -1 ||
	    (lq.q_bad && xml_attr(ce, "q_bad", "1") == -1) ||
	    listq_pager(ce, &lq, total) == NULL)
		goto fail;
	for (i = 0; n != NULL && notices[i] != NULL; i++)
		if (strcmp(n, notices[i]) == 0) {
			xmlNodePtr e = xml_add(ce, "notice", NULL);

			if (e == NULL || xml_attr(e, "code", notices[i]) == -1)
				goto fail;
		}
	l.db = c->db;
	l.parent = ce;
	l.now = (long long)time(NULL);
	if (appdb_cert_page(c->db, &s, lq.q, lq.size, listq_offset(&lq),
	    list_row, &l) == -1)
		goto fail;
	return doc;
fail:
	xmlFreeDoc(doc);
	return NULL;
}

int
certs_list(struct ctx *c)
{
	xmlDocPtr	 doc;

	/* "共 N 条" and the rows from one snapshot. */
	if (appdb_snapshot(c->db) == -1)
		return -1;
	doc = list_doc(c);
	appdb_snapshot_end(c->db);
	if (doc == NULL)
		return -1;
	return page_render(c, 200, SHEET_CERTS, doc);
}

/* ---- one certificate: 查看详情, 新增平台, 注销 ---- */

static int
add_platform(void *arg, long long id, const char *name)
{
	xmlNodePtr	 e;

	if ((e = xml_add(arg, "platform", name)) == NULL ||
	    xml_attr_int(e, "id", id) == -1)
		return -1;
	return 0;
}

/*
 * Renders the page name (view, platform or revoke: the stylesheet and
 * the <cert mode=>) for certificate r, with its linked platforms and,
 * for the platform page, the ones that can still be linked.  error and
 * notice are codes or NULL; reason refills the revoke form.
 */
static int
cert_page(struct ctx *c, int status, const char *mode,
    const struct appdb_cert_row *r, const char *error, const char *notice,
    const char *reason)
{
	enum sheet	 sheet;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e, pl;
	char		 name[32];

	if (strcmp(mode, "view") == 0)
		sheet = SHEET_CERT_VIEW;
	else if (strcmp(mode, "platform") == 0)
		sheet = SHEET_CERT_PLATFORM;
	else
		sheet = SHEET_CERT_REVOKE;
	snprintf(name, sizeof(name), "cert-%s", mode);
	if ((doc = centre_doc(c, name, CENTRE_CERTS, &root)) == NULL)
		return -1;
	if ((e = certrow_xml(root, r, (long long)time(NULL), 1)) == NULL ||
	    xml_attr(e, "mode", mode) == -1 ||
	    (error != NULL && (pl = xml_add(e, "error", NULL)) != NULL &&
	    xml_attr(pl, "code", error) == -1) ||
	    (notice != NULL && (pl = xml_add(e, "notice", NULL)) != NULL &&
	    xml_attr(pl, "code", notice) == -1) ||
	    (reason != NULL && xml_add(e, "reason", reason) == NULL) ||
	    (pl = xml_add(e, "platforms", NULL)) == NULL ||
	    appdb_cert_links(c->db, r->id, 1, add_platform, pl) == -1)
		goto fail;
	if (sheet == SHEET_CERT_PLATFORM &&
	    ((pl = xml_add(e, "linkable", NULL)) == NULL ||
	    appdb_cert_links(c->db, r->id, 0, add_platform, pl) == -1))
		goto fail;
	return page_render(c, status, sheet, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

/* 1 if r is 有效 now, so that actions apply. */
static int
cert_active(const struct appdb_cert_row *r)
{
	return strcmp(certrow_state(r, (long long)time(NULL)), "valid") == 0;
}

int
certs_view(struct ctx *c)
{
	struct appdb_cert_row	 r;
	const char		*n = param_text(c->in, KEY_NOTICE);
	int			 k;

	if ((k = cert_of_request(c, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	return cert_page(c, 200, "view", &r, NULL, n != NULL &&
	    strcmp(n, "linked") == 0 ? "linked" : NULL, NULL);
}

int
certs_platform_form(struct ctx *c)
{
	struct appdb_cert_row	 r;
	int			 k;

	if ((k = cert_of_request(c, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (!cert_active(&r))
		return cert_page(c, 409, "platform", &r, "state", NULL, NULL);
	return cert_page(c, 200, "platform", &r, NULL, NULL, NULL);
}

int
certs_platform_link(struct ctx *c)
{
	struct appdb_cert_row	 r;
	long long		 platform;
	char			 detail[160], to[64], name[128], actor[64];
	char			 err[256];
	int			 k;

	if ((k = cert_of_request(c, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (!cert_active(&r))
		return cert_page(c, 409, "platform", &r, "state", NULL, NULL);
	if (!param_int(c->in, KEY_PLATFORM, &platform) ||
	    (k = appdb_platform_name(c->db, platform, name, sizeof(name))) ==
	    0)
		return cert_page(c, 200, "platform", &r, "platform", NULL,
		    NULL);
	if (k == -1)
		return -1;
	/*
	 * The daemon first: it must know the link to tell the platform now
	 * and of every later change (PLATFORMS.md).  Linking there again is
	 * harmless, so a failure below leaves nothing a retry cannot mend.
	 * A certificate of another CA is unknown to our daemon: linked here
	 * only (we cannot speak for it).
	 */
	snprintf(actor, sizeof(actor), "web:person=%lld", c->sess->person);
	if ((k = caclient_link(webca_of(c, r.serial)->sock, actor, r.serial, name,
	    err, sizeof(err))) == -1)
		return page_error(c, 503);
	if (k == 1) {
		log_warn("certs_platform_link: daemon refused %s: %s",
		    r.serial, err);
		return cert_page(c, 409, "platform", &r, "state", NULL, NULL);
	}
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((k = appdb_cert_link(c->db, r.id, platform)) != 1) {
		appdb_rollback(c->db);
		if (k == -1)
			return -1;
		/* Disabled, unknown or already linked: choose again. */
		return cert_page(c, 200, "platform", &r, "platform", NULL,
		    NULL);
	}
	snprintf(detail, sizeof(detail), "person=%lld cert=%lld serial=%s "
	    "platform=%lld", c->sess->person, r.id, r.serial, platform);
	if (appdb_audit(c->db, "web", "cert.platform", detail) == -1 ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	snprintf(to, sizeof(to), "/certs/view?id=%lld&notice=linked", r.id);
	return page_redirect(c, to);
}

int
certs_revoke_form(struct ctx *c)
{
	struct appdb_cert_row	 r;
	int			 k;

	if ((k = cert_of_request(c, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (!cert_active(&r))
		return cert_page(c, 409, "revoke", &r, "state", NULL, NULL);
	return cert_page(c, 200, "revoke", &r, NULL, NULL, NULL);
}

int
certs_revoke(struct ctx *c)
{
	struct appdb_cert_row	 r;
	const char		*reason = param_text(c->in, KEY_REASON_NOTE);
	const char		*typed = param_keep(c->in, KEY_REASON_NOTE);
	char			 actor[64], err[256], detail[1024];
	char			 order[48];
	int			 k;

	if ((k = cert_of_request(c, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (!cert_active(&r))
		return cert_page(c, 409, "revoke", &r, "state", NULL, NULL);
	if (reason == NULL)
		return cert_page(c, 200, "revoke", &r, "reason", NULL, typed);
	if ((k = pwcheck_again(c, param_text(c->in, KEY_PASSWORD))) == -1)
		return -1;
	if (k == 0) {
		log_warn("certs_revoke: person %lld: wrong password for "
		    "cert %lld", c->sess->person, r.id);
		return cert_page(c, 200, "revoke", &r, "password", NULL,
		    reason);
	}

	snprintf(actor, sizeof(actor), "web:person=%lld", c->sess->person);
	/*
	 * A stable order id: if the app database failed after the daemon
	 * revoked, a retry gets "done" again and the row is repaired.
	 */
	snprintf(order, sizeof(order), "web-revoke:%lld", r.id);
	k = caclient_revoke(webca_of(c, r.serial)->sock, actor, r.serial,
	    REVOKE_REASON_CODE, order, err, sizeof(err));
	if (k == -1)
		return page_error(c, 503);
	if (k == 1) {
		log_warn("certs_revoke: daemon refused %s: %s", r.serial, err);
		return cert_page(c, 409, "revoke", &r, "refused", NULL,
		    reason);
	}
	snprintf(detail, sizeof(detail), "person=%lld cert=%lld serial=%s "
	    "reason=cessationOfOperation note=%s", c->sess->person, r.id,
	    r.serial, reason);
	if (appdb_begin(c->db) == -1)
		goto dbfail;
	if ((k = appdb_cert_status_move(c->db, r.id, "valid", "revoked")) ==
	    -1 || appdb_audit(c->db, "web", "cert.revoke", detail) == -1 ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		goto dbfail;
	}
	return page_redirect(c, "/certs?notice=revoked");
dbfail:
	/* The daemon has revoked it: say so loudly for the operators. */
	log_err("certs_revoke: %s revoked by the daemon but the app "
	    "database was not updated", r.serial);
	return -1;
}
