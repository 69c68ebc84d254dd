/*
 * opsissue.c: 签发新证书 (see opsissue.h).
 *
 * Invariants:
 * - An order is acted on only by an operator of its office
 *   (order_office()), only while order_check(ORDER_ISSUE) says so, and
 *   moves only through order_apply().
 * - A request is checked here (csr.h: format, proof of possession, key
 *   strength, not the old certificate's key) before the daemon sees it;
 *   the daemon checks it again and is the only one that signs.  The
 *   daemon's REISSUE is keyed by the order number, so a retried request
 *   (a double click, a worker that died after the daemon answered) gets
 *   the same certificate back, never a second one.
 * - Issuance is recorded in this order: the daemon (which also revokes
 *   the old certificate unless approval did), then the new cert row with
 *   its link to the old one (one transaction, one audit record; a repeat
 *   finds the row), then ORDER_ISSUE.  Each step is idempotent, so a
 *   retry after a failure between them completes what is missing.
 * - The software certificate's key exists only in this request's memory
 *   (fcgi/softcert.c) and in the zip sent as the response; a second
 *   bundle for an issued order is refused, so the response is the only
 *   copy there ever is.
 *
 * - Dual control: every REISSUE carries the operator's CA登录 certificate
 *   serial as an approver.  When the daemon answers that a second
 *   operator must confirm (caclient_reissue() 2), nothing was signed or
 *   revoked; the request waits in issue_request (a checked CSR, or
 *   keygen: the key is only made when it is confirmed, so no key is ever
 *   stored) with one audit record.  Another operator of the office --
 *   not the same person, not the same certificate -- confirms it
 *   (POST /ops/confirm): REISSUE with both serials, then the record as
 *   above, the request deleted in ORDER_ISSUE's transaction.  The daemon
 *   checks the two approvals itself; this file only asks for them.
 *
 * Refusal codes (the error attribute of <issue>, worded by
 * xsl/ops-issue.xsl): empty, too_large, format, signature, weak_key,
 * same_key, key_type (csr.h), key_serial, pw_length, pw_mismatch (400);
 * not_approved, already, soft_once, other_key, refused, ca_stopped (the
 * old certificate's CA has stopped issuing: cactl ca disable),
 * no_operator_cert (the operator holds no valid certificate of that CA
 * to approve with: fcgi/webca.h), pending,
 * no_request, same_operator, not_requester (409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/csr.h"
#include "fcgi/form.h"
#include "fcgi/opspage.h"
#include "fcgi/opsissue.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/req.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/softcert.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"
#include "lib/log.h"

#define SERIAL_SZ	41
#define SOFT_MEDIA	"软证书"

/* RFC 5280 CRLReason for each 补办原因 (as ca/careason.h numbers them). */
static int
crl_reason(enum order_reason r)
{
	switch (r) {
	case ORDER_REASON_LOST:
		return 1;	/* keyCompromise */
	case ORDER_REASON_DAMAGED:
		return 4;	/* superseded */
	case ORDER_REASON_OTHER:
		return 0;	/* unspecified */
	default:
		return -1;
	}
}

/*
 * The order of the request's KEY_ID, if it is the operator's office's: 1
 * (fills *o), 0 (the response is set: 404 no such order or not a
 * reissue, 403 another office's), -1 error.
 */
static int
my_order(struct ctx *c, struct order *o)
{
	long long	 id, office;
	int		 k;

	if (!param_int(c->in, KEY_ID, &id) ||
	    (k = order_get(c->db, id, o)) == 0 ||
	    (k == 1 && (o->kind != ORDER_KIND_CA_REISSUE || o->cert <= 0)))
		return page_error(c, 404) == -1 ? -1 : 0;
	if (k == -1 || (office = order_office(c->db, o)) == -1)
		return -1;
	if (office != c->op->office) {
		log_warn("opsissue: operator %lld (office %lld) refused on %s "
		    "of office %lld", c->op->person, c->op->office,
		    o->order_no, office);
		return page_error(c, 403) == -1 ? -1 : 0;
	}
	return 1;
}

/* The order page again with refusal code (status 400 or 409). */
static int
again(struct ctx *c, const struct order *o, int status, const char *code)
{
	log_info("opsissue: %s: refused (%s) for operator %lld", o->order_no,
	    code, c->op->person);
	return opspage_order(c, o->id, status, NULL, code, NULL);
}

/* Back to the order page after issuing. */
static int
issued(struct ctx *c, const struct order *o)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/ops/order?id=%lld&notice=issued", o->id);
	return page_redirect(c, to);
}

/*
 * The old certificate's serial and DER (from the daemon): 0 (*der
 * malloc'd), 1 the daemon does not know it, -1 unreachable or error.
 */
static int
old_cert(struct ctx *c, const struct order *o, char serial[SERIAL_SZ],
    unsigned char **der, size_t *der_len)
{
	struct caclient_cert	 ci;
	int			 k;

	*der = NULL;
	if ((k = appdb_cert_serial(c->db, o->cert, serial, SERIAL_SZ)) != 1) {
		if (k == 0)
			log_err("opsissue: %s: certificate %lld is gone",
			    o->order_no, o->cert);
		return -1;
	}
	return caclient_show_der(webca_of(c, serial)->sock, serial, &ci, der,
	    der_len);
}

/*
 * Adds the replacement's cert row inside ORDER_ISSUE's transaction and
 * removes the order's pending dual-control request, if any.
 */
static int
add_cert_row(struct appdb *db, const struct order *o, long long now,
    void *arg)
{
	long long	 new_id;

	(void)now;
	if (appdb_cert_replace(db, arg, &new_id) == -1)
		return appdb_refused(db) ? 1 : -1;
	if (appdb_issue_request_del(db, o->id) == -1)
		return -1;
	return 0;
}

/*
 * Records what the daemon issued: ORDER_ISSUE and, in the same
 * transaction, the new cert row linked to the old one (old_serial), of
 * the same CA.  0 / -1.
 */
static int
record(struct ctx *c, const struct order *o, const char *old_serial,
    const char *serial, const char *media, const char *key_serial)
{
	struct appdb_cert_repl	 r;
	struct caclient_cert	 ci;
	char			 actor[48], detail[256];
	int			 changed;

	/* The notAfter as the daemon stored it (the old certificate's). */
	if (caclient_show(webca_of(c, old_serial)->sock, serial, &ci) != 0)
		return -1;
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	memset(&r, 0, sizeof(r));
	r.old_cert = o->cert;
	r.serial_hex = serial;
	r.media_vendor = media;
	r.key_serial = key_serial[0] != '\0' ? key_serial : serial;
	r.not_after = ci.not_after;
	snprintf(detail, sizeof(detail), "新证书序列号 %s", serial);
	if (order_apply_also(c->db, o->id, ORDER_ISSUE, actor, detail,
	    add_cert_row, &r, &changed) != 0)
		return -1;
	log_info("opsissue: %s: issued %s by operator %lld%s", o->order_no,
	    serial, c->op->person, changed ? "" : " (recorded before)");
	return 0;
}

/*
 * The verdict of the 软证书's password pair: NULL if good, else a refusal
 * code: pw_length when KEY_BUNDLE_PASSWORD refused the password (not
 * SOFTCERT_PW_MIN..SOFTCERT_PW_MAX characters), pw_mismatch when the
 * repeat differs.
 */
static const char *
password_refusal(const struct ctx *c)
{
	const char	*pw = param_text(c->in, KEY_BUNDLE_PASSWORD);
	const char	*pw2 = param_text(c->in, KEY_PASSWORD2);

	if (pw == NULL)
		return "pw_length";
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		return "pw_mismatch";
	return NULL;
}

/* Sends the software certificate's zip: the one copy of its key. */
static int
send_bundle(struct ctx *c, const struct order *o, const struct softcert *sc,
    const char *serial, const unsigned char *der, size_t der_len,
    const char *password)
{
	/* The response points at it until it is written (page_blob). */
	static char	 disposition[160];
	char		 name[96], *chain = NULL, *zip = NULL;
	size_t		 chain_len, zip_len;
	int		 k;

	if (csr_chain_load(webca_of(c, serial)->chain, &chain, &chain_len) ==
	    -1)
		return -1;
	snprintf(name, sizeof(name), "%s-%s", o->order_no, serial);
	k = softcert_bundle(sc, der, der_len, chain, chain_len, password,
	    name, &zip, &zip_len);
	free(chain);
	if (k != 0)
		return -1;
	snprintf(disposition, sizeof(disposition), "attachment; "
	    "filename=\"%s.zip\"", name);
	return page_blob(c, "application/zip", disposition, zip, zip_len);
}

/* The operator's CA登录 certificate serial, or NULL (logged). */
static const char *
my_serial(const struct ctx *c)
{
	if (c->sess == NULL || c->sess->cert_serial[0] == '\0') {
		log_err("opsissue: operator %lld has no CA登录 certificate in "
		    "the session", c->op->person);
		return NULL;
	}
	return c->sess->cert_serial;
}

/* Back to the order page with a notice code. */
static int
notice(struct ctx *c, const struct order *o, const char *code)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/ops/order?id=%lld&notice=%s", o->id, code);
	return page_redirect(c, to);
}

/*
 * Stores the dual-control request of the operator for o (one
 * transaction, one audit record).  0 stored, 1 the order has one
 * already, -1 error.
 */
static int
request_store(struct ctx *c, const struct order *o, int soft,
    const unsigned char *csr, size_t csr_len, const char *key_serial,
    const char *my)
{
	struct appdb_issue_request	 r;
	char				 actor[48], detail[256];

	memset(&r, 0, sizeof(r));
	r.order_id = o->id;
	r.kind = soft ? "keygen" : "csr";
	r.csr = soft ? NULL : csr;
	r.csr_len = soft ? 0 : csr_len;
	r.key_serial = key_serial;
	r.requested_by = c->op->person;
	r.requested_serial = my;
	r.requested_at = (long long)time(NULL);
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	snprintf(detail, sizeof(detail), "%s (#%lld): %s, approver %s; a "
	    "second operator must confirm", o->order_no, o->id, r.kind, my);
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_issue_request_add(c->db, &r) == -1) {
		appdb_rollback(c->db);
		return appdb_refused(c->db) ? 1 : -1;
	}
	if (appdb_audit(c->db, actor, "order.issue.request", detail) == -1 ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	log_info("opsissue: %s: %s request by operator %lld waits for a "
	    "second operator", o->order_no, r.kind, c->op->person);
	return 0;
}

/* What issue_now() sends to the daemon and how the result is handed out. */
struct issue_args {
	const char		*old_serial;
	const unsigned char	*csr;		/* DER */
	size_t			 csr_len;
	const char		*approver;
	const char		*approver2;	/* NULL: a first request */
	int			 soft;
	const struct softcert	*sc;		/* soft: its key */
	const char		*password;	/* soft */
	const char		*key_serial;	/* "" = none */
};

/*
 * REISSUE for o with a's request and approvals; on success records it
 * and answers (the zip, or 303 to the order page).  Returns the
 * handler's result; *approval is set to 1 (nothing else done) if the
 * daemon wants a second operator's confirmation.
 */
static int
issue_now(struct ctx *c, const struct order *o, const struct issue_args *a,
    int *approval)
{
	char		 actor[48], serial[SERIAL_SZ], err[512];
	char		 ap1[SERIAL_SZ], ap2[SERIAL_SZ];
	const struct webca *ca = webca_of(c, a->old_serial);
	unsigned char	*der = NULL;
	size_t		 der_len = 0;
	int		 k, rc = -1, revoked_now = 0;

	*approval = 0;
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	/* Each CA checks approvers against its own certificates. */
	if ((k = webca_approver(c, ca, a->approver, ap1, sizeof(ap1))) ==
	    0 && a->approver2 != NULL)
		k = webca_approver(c, ca, a->approver2, ap2, sizeof(ap2));
	if (k == -1)
		return -1;
	if (k == 1)
		return again(c, o, 409, "no_operator_cert");
	k = caclient_reissue(ca->sock, actor, a->old_serial,
	    crl_reason(o->reason), a->csr, a->csr_len, o->order_no,
	    ap1, a->approver2 != NULL ? ap2 : NULL, serial, &der, &der_len,
	    &revoked_now, err, sizeof(err));
	if (k == -1)
		return page_error(c, 503);
	if (k == 2 && a->approver2 == NULL) {
		*approval = 1;
		return 0;
	}
	if (k != 0) {
		log_warn("opsissue: %s: the daemon refused: %s", o->order_no,
		    err);
		if (strstr(err, "reuses the old") != NULL)
			return again(c, o, 400, "same_key");
		if (strstr(err, "needs an SM2 key") != NULL)
			return again(c, o, 400, "key_type");
		if (strstr(err, "has stopped issuing") != NULL)
			return again(c, o, 409, "ca_stopped");
		return again(c, o, 409, "refused");
	}
	/* An earlier attempt of this order got a certificate for another
	 * key: it stands (it is issued), and this key gets nothing. */
	if ((k = csr_cert_has_key(der, der_len, a->csr, a->csr_len)) == -1)
		goto out;
	if (record(c, o, a->old_serial, serial, a->soft ? SOFT_MEDIA : NULL,
	    a->key_serial) == -1)
		goto out;
	if (k == 0) {
		log_warn("opsissue: %s: the daemon returned %s, issued earlier "
		    "for another key", o->order_no, serial);
		rc = again(c, o, 409, "other_key");
		goto out;
	}
	if (a->soft)
		rc = send_bundle(c, o, a->sc, serial, der, der_len,
		    a->password);
	else
		rc = issued(c, o);
out:
	free(der);
	return rc;
}

int
opsissue_post(struct ctx *c)
{
	struct order		 o;
	struct caclient_cert	 ci;
	struct appdb_issue_request_row pend;
	struct issue_args	 a;
	const struct req_file	*f = NULL;
	struct softcert		*sc = NULL;
	const char		*pw, *why, *my, *ks;
	char			 old_serial[SERIAL_SZ], serial[SERIAL_SZ];
	char			 key_serial[FORM_KEY_SERIAL_MAX + 1];
	unsigned char		*old_der = NULL, *csr = NULL, *der = NULL;
	const unsigned char	*req_csr;
	size_t			 old_len = 0, csr_len = 0, der_len = 0;
	enum order_verdict	 verdict;
	int			 k, rc = -1, soft, approval;

	memset(&pend, 0, sizeof(pend));
	if ((k = my_order(c, &o)) != 1)
		return k;
	if ((my = my_serial(c)) == NULL)
		return -1;
	soft = param_flag(c->in, KEY_KEYGEN);
	pw = param_text(c->in, KEY_BUNDLE_PASSWORD);
	verdict = order_check(&o, ORDER_ISSUE, (long long)time(NULL));
	if (verdict == ORDER_ALREADY && soft)
		return again(c, &o, 409, "soft_once");
	if (verdict != ORDER_LEGAL && verdict != ORDER_ALREADY)
		return again(c, &o, 409, "not_approved");
	/* A request waiting for confirmation: confirm or withdraw it. */
	if (verdict == ORDER_LEGAL) {
		if ((k = appdb_issue_request_get(c->db, o.id, &pend)) == -1)
			return -1;
		if (k == 1) {
			k = pend.requested_by == c->op->person;
			appdb_issue_request_clear(&pend);
			return k ? notice(c, &o, "requested") :
			    again(c, &o, 409, "pending");
		}
	}

	if ((k = old_cert(c, &o, old_serial, &old_der, &old_len)) != 0) {
		if (k == 1)
			log_err("opsissue: %s: the daemon does not know %s",
			    o.order_no, old_serial);
		return page_error(c, 503);
	}
	if (soft) {
		if ((why = password_refusal(c)) != NULL) {
			rc = again(c, &o, 400, why);
			goto out;
		}
		if ((k = csr_chain_sm2(webca_of(c, old_serial)->chain)) == -1 ||
		    (sc = softcert_new(k)) == NULL)
			goto out;
		req_csr = softcert_csr(sc, &csr_len);
		key_serial[0] = '\0';
	} else {
		/* The optional 新锁序列号: absent or "" is none. */
		if ((ks = param_text(c->in, KEY_KEY_SERIAL)) == NULL &&
		    param_state(c->in, KEY_KEY_SERIAL) == PARAM_ABSENT)
			ks = "";
		if (ks == NULL || strlen(ks) >= sizeof(key_serial)) {
			rc = again(c, &o, 400, "key_serial");
			goto out;
		}
		memcpy(key_serial, ks, strlen(ks) + 1);
		f = req_file(c->req, "csr");
		if ((k = csr_check(f != NULL ? f->data : NULL,
		    f != NULL ? f->len : 0, old_der, old_len, &csr,
		    &csr_len)) == -1)
			goto out;
		if (k != CSR_OK) {
			rc = again(c, &o, 400,
			    csr_verdict_code((enum csr_verdict)k));
			goto out;
		}
		req_csr = csr;
	}

	/* Issued already: a retry with the same key just goes on. */
	if (verdict == ORDER_ALREADY) {
		if (appdb_cert_replacement(c->db, o.cert, serial,
		    sizeof(serial)) <= 0 || caclient_show_der(webca_of(c,
		    serial)->sock, serial, &ci, &der, &der_len) != 0 ||
		    csr_cert_has_key(der, der_len, req_csr, csr_len) != 1)
			rc = again(c, &o, 409, "already");
		else
			rc = issued(c, &o);
		goto out;
	}

	memset(&a, 0, sizeof(a));
	a.old_serial = old_serial;
	a.csr = req_csr;
	a.csr_len = csr_len;
	a.approver = my;
	a.soft = soft;
	a.sc = sc;
	a.password = pw;
	a.key_serial = key_serial;
	rc = issue_now(c, &o, &a, &approval);
	if (rc == 0 && approval) {
		/* Dual control: nothing was signed.  A software key is
		 * made only when the request is confirmed. */
		if ((k = request_store(c, &o, soft, req_csr, csr_len,
		    key_serial, my)) == -1)
			rc = -1;
		else if (k == 1)
			rc = again(c, &o, 409, "pending");
		else
			rc = notice(c, &o, "requested");
	}
out:
	softcert_free(sc);
	free(old_der);
	free(csr);
	free(der);
	return rc;
}

int
opsissue_confirm(struct ctx *c)
{
	struct order			 o;
	struct appdb_issue_request_row	 r;
	struct issue_args		 a;
	struct softcert			*sc = NULL;
	const char			*pw, *why, *my;
	char				 old_serial[SERIAL_SZ];
	unsigned char			*old_der = NULL;
	size_t				 old_len = 0, csr_len = 0;
	enum order_verdict		 verdict;
	int				 k, rc = -1, soft, approval;

	memset(&r, 0, sizeof(r));
	if ((k = my_order(c, &o)) != 1)
		return k;
	if ((my = my_serial(c)) == NULL)
		return -1;
	verdict = order_check(&o, ORDER_ISSUE, (long long)time(NULL));
	if (verdict == ORDER_ALREADY)
		return again(c, &o, 409, "already");
	if (verdict != ORDER_LEGAL)
		return again(c, &o, 409, "not_approved");
	if ((k = appdb_issue_request_get(c->db, o.id, &r)) == -1)
		return -1;
	if (k == 0)
		return again(c, &o, 409, "no_request");
	if (r.requested_by == c->op->person ||
	    strcmp(r.requested_serial, my) == 0) {
		log_warn("opsissue: %s: operator %lld may not confirm their "
		    "own request", o.order_no, c->op->person);
		rc = again(c, &o, 409, "same_operator");
		goto out;
	}
	soft = strcmp(r.kind, "keygen") == 0;
	pw = param_text(c->in, KEY_BUNDLE_PASSWORD);
	if (soft && (why = password_refusal(c)) != NULL) {
		rc = again(c, &o, 400, why);
		goto out;
	}
	if ((k = old_cert(c, &o, old_serial, &old_der, &old_len)) != 0) {
		if (k == 1)
			log_err("opsissue: %s: the daemon does not know %s",
			    o.order_no, old_serial);
		rc = page_error(c, 503);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.old_serial = old_serial;
	if (soft) {
		/* The key is made now, for the confirming operator. */
		if ((k = csr_chain_sm2(webca_of(c, old_serial)->chain)) == -1 ||
		    (sc = softcert_new(k)) == NULL)
			goto out;
		a.csr = softcert_csr(sc, &csr_len);
		a.csr_len = csr_len;
	} else {
		a.csr = r.csr;
		a.csr_len = r.csr_len;
	}
	a.approver = r.requested_serial;
	a.approver2 = my;
	a.soft = soft;
	a.sc = sc;
	a.password = pw;
	a.key_serial = r.key_serial;
	log_info("opsissue: %s: operator %lld confirms the request of "
	    "operator %lld", o.order_no, c->op->person, r.requested_by);
	rc = issue_now(c, &o, &a, &approval);
out:
	softcert_free(sc);
	free(old_der);
	appdb_issue_request_clear(&r);
	return rc;
}

int
opsissue_cancel(struct ctx *c)
{
	struct order			 o;
	struct appdb_issue_request_row	 r;
	char				 actor[48], detail[160];
	int				 k;

	if ((k = my_order(c, &o)) != 1)
		return k;
	if ((k = appdb_issue_request_get(c->db, o.id, &r)) == -1)
		return -1;
	if (k == 0)
		return again(c, &o, 409, "no_request");
	k = r.requested_by == c->op->person;
	appdb_issue_request_clear(&r);
	if (!k)
		return again(c, &o, 409, "not_requester");
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	snprintf(detail, sizeof(detail), "%s (#%lld): withdrawn",
	    o.order_no, o.id);
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((k = appdb_issue_request_del(c->db, o.id)) == -1 ||
	    (k == 1 && appdb_audit(c->db, actor, "order.issue.cancel",
	    detail) == -1) || appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	return notice(c, &o, "withdrawn");
}

int
opsissue_cert(struct ctx *c)
{
	/* The response points at them until it is written (page_blob). */
	static char		 disposition[160];
	static const char *const exts[] = { "pem", "cer", "chain.pem" };
	struct order		 o;
	struct caclient_cert	 ci;
	const char		*ctype;
	char			 serial[SERIAL_SZ], *pem = NULL, *chain = NULL;
	char			*body = NULL;
	unsigned char		*der = NULL;
	size_t			 der_len = 0, pem_len = 0, chain_len = 0, len;
	int			 k, which, rc = -1;

	if ((k = my_order(c, &o)) != 1)
		return k;
	/* exts[] and the branches below are by enum param_fmt. */
	if (param_state(c->in, KEY_FMT) == PARAM_ABSENT)
		which = PARAM_FMT_PEM;
	else if ((which = param_enum(c->in, KEY_FMT)) == -1)
		return page_error(c, 404);
	if ((k = (int)appdb_cert_replacement(c->db, o.cert, serial,
	    sizeof(serial))) == -1)
		return -1;
	if (k == 0 || o.delivery == ORDER_DELIVERY_NONE ||
	    o.delivery == ORDER_DELIVERY_AWAITING_ISSUE)
		return page_error(c, 404);
	if ((k = caclient_show_der(webca_of(c, serial)->sock, serial, &ci, &der,
	    &der_len)) != 0)
		return k == -1 ? page_error(c, 503) : -1;
	if (which == PARAM_FMT_DER) {
		ctype = "application/pkix-cert";
		body = (char *)der;
		len = der_len;
		der = NULL;
	} else {
		if (csr_cert_pem(der, der_len, &pem, &pem_len) == -1)
			goto out;
		ctype = "application/x-pem-file";
		len = pem_len;
		if (which == PARAM_FMT_CHAIN) {
			if (csr_chain_load(webca_of(c, serial)->chain, &chain,
			    &chain_len) == -1)
				goto out;
			if ((body = malloc(pem_len + chain_len)) == NULL)
				goto out;
			memcpy(body, pem, pem_len);
			memcpy(body + pem_len, chain, chain_len);
			len = pem_len + chain_len;
		} else {
			body = pem;
			pem = NULL;
		}
	}
	snprintf(disposition, sizeof(disposition), "attachment; "
	    "filename=\"%s-%s.%s\"", o.order_no, serial, exts[which]);
	rc = page_blob(c, ctype, disposition, body, len);
	body = NULL;
out:
	free(body);
	free(pem);
	free(chain);
	free(der);
	return rc;
}
