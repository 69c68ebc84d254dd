/*
 * calogin.c: CA登录.
 *
 * nginx asks every client for an optional certificate, verifies it
 * against the local CA chain (ssl_verify_client, ssl_client_certificate)
 * and passes its verdict, serial and PEM as SSL_CLIENT_VERIFY,
 * SSL_CLIENT_SERIAL and SSL_CLIENT_CERT.  This handler logs a person in
 * only when all of these hold, checked in this order:
 *
 *  1. the form's agree=1 (《用户服务协议》《隐私政策》), else agree_required;
 *  2. nginx says SUCCESS, and passed a serial (hex) and a PEM certificate
 *     that parses and carries exactly that serial, else cert_missing;
 *  3. the signing daemon knows the serial (PROTO_SHOW), and its record
 *     matches the presented certificate: same subject (in the daemon's
 *     RFC 2253 spelling) and same notAfter, else cert_unknown (a
 *     certificate with a colliding serial from some other issuer never
 *     gets through);
 *  4. the daemon has not revoked it (any reason, certificateHold too),
 *     else cert_revoked; it is inside its validity period by the
 *     daemon's dates, else cert_missing (not a valid certificate);
 *  5. the app database binds the serial to a person (cert.holder_id),
 *     else cert_unknown.
 *
 * The lock type of the certificate (cert.lock_type) then gives its holder
 * the identity it implies, as the guide's first section says: a
 * 单位(机构)主锁 makes them an administrator (管理员) of its company, a
 * 项目负责人锁 项目负责人或授权委托人 and a 造价师锁 造价师 of theirs, a
 * 个人锁 gives them 个人.  A missing membership is added in the login's
 * transaction with an audit record "membership.lock" of its own; one that
 * exists is left as it is (a second login adds nothing).  A role an
 * administrator removed comes back at the next login with that key:
 * holding the key is what the role means; 注销 the certificate to end it.
 *
 * Then the session is replaced by a new one for that person (no session
 * fixation) that remembers the certificate's serial (operator pages need
 * a session opened this way), one audit record "login.ca" is written in
 * the same
 * transaction, and the browser goes to /identity.  A daemon that cannot
 * be reached gives the 503 page: the certificate's status cannot be
 * known, so nobody logs in.  Refusals re-render the login page's CA tab
 * with a Chinese message (xsl/login.xsl, status 200 like 账号登录's); the
 * log gets the details, and a refused certificate that nginx accepted
 * (unknown, revoked, out of date: perhaps a lost key being tried) also
 * gets one audit record "login.ca.fail".
 *
 * The revocation check is the daemon's live state, not a CRL, so a
 * certificate revoked a second ago no longer logs in.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "fcgi/appdb.h"
#include "fcgi/loginpage.h"
#include "fcgi/caclient.h"
#include "fcgi/calogin.h"
#include "fcgi/param.h"
#include "fcgi/session.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"
#include "lib/log.h"

#define SERIAL_MAX	40	/* hex digits: 20 bytes (RFC 5280) */

/* The client's address for the audit log. */
static const char *
addr(const struct ctx *c)
{
	const char	*a = c->req->remote_addr;

	return a != NULL && *a != '\0' && strlen(a) < 64 ? a : "unknown";
}

/* The login page, CA tab, with error code (xsl/login.xsl). */
static int
refuse(struct ctx *c, const char *code)
{
	return loginpage_render(c, 200, "ca", code, NULL, NULL);
}

/*
 * Records a refused certificate (someone may be trying a lost or revoked
 * key) with one audit record, then refuses with code.
 */
static int
refuse_cert(struct ctx *c, const char *serial, const char *code)
{
	char	 detail[160];

	snprintf(detail, sizeof(detail), "serial=%s addr=%s reason=%s",
	    serial, addr(c), code);
	if (appdb_audit(c->db, "web", "login.ca.fail", detail) == -1)
		return -1;
	return refuse(c, code);
}

/*
 * Copies nginx's serial into out (upper case).  0, or -1 if it is not
 * 1..SERIAL_MAX hex digits.
 */
static int
serial_norm(const char *in, char out[SERIAL_MAX + 1])
{
	size_t	 i, n;

	if (in == NULL || (n = strlen(in)) == 0 || n > SERIAL_MAX ||
	    strspn(in, "0123456789abcdefABCDEF") != n)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (in[i] >= 'a' && in[i] <= 'f') ?
		    (char)(in[i] - 'a' + 'A') : in[i];
	out[n] = '\0';
	return 0;
}

/* Parses the PEM nginx passed.  Returns the certificate or NULL. */
static X509 *
pem_cert(const char *pem)
{
	BIO	*b;
	X509	*x = NULL;

	if (pem == NULL || (b = BIO_new_mem_buf(pem, -1)) == NULL)
		return NULL;
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (x == NULL)
		log_ssl("calogin", "client certificate PEM does not parse");
	return x;
}

/* 1 if x's serial, in hex, is serial; else 0. */
static int
same_serial(const X509 *x, const char *serial)
{
	BIGNUM	*bn;
	char	*h = NULL;
	int	 same = 0;

	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) !=
	    NULL && (h = BN_bn2hex(bn)) != NULL)
		same = strcmp(h, serial) == 0;
	OPENSSL_free(h);
	BN_free(bn);
	return same;
}

/*
 * 1 if x has the subject and notAfter the daemon recorded for its
 * serial (the daemon prints subjects like ca/caops.c name_text()).
 */
static int
same_as_issued(const X509 *x, const struct caclient_cert *ci)
{
	BIO		*b;
	ASN1_TIME	*t = NULL;
	char		 subj[sizeof(ci->subject)];
	int		 len, same = 0;

	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return 0;
	if (X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0 &&
	    (len = BIO_read(b, subj, (int)sizeof(subj) - 1)) >= 0) {
		subj[len] = '\0';
		if (strcmp(subj, ci->subject) == 0 &&
		    (t = ASN1_TIME_set(NULL, (time_t)ci->not_after)) != NULL &&
		    ASN1_TIME_compare(X509_get0_notAfter(x), t) == 0)
			same = 1;
	}
	ASN1_TIME_free(t);
	BIO_free(b);
	return same;
}

/*
 * Inside the login's transaction: gives the holder the identity the lock
 * type implies if they lack it, with one audit record.  0 / -1.
 */
static int
grant_lock_role(struct ctx *c, const struct appdb_cert_lock *lk,
    const char *serial)
{
	long long	 mid;
	char		 detail[192];

	if ((unsigned)lk->role >= APPDB_ROLE__MAX ||
	    (lk->role != APPDB_ROLE_PERSONAL && lk->company == 0))
		return 0;	/* nothing the schema would allow */
	if ((mid = appdb_membership_id(c->db, lk->holder, lk->company,
	    lk->role)) == -1)
		return -1;
	if (mid != 0)
		return 0;
	if (appdb_membership_add(c->db, lk->holder, lk->role ==
	    APPDB_ROLE_PERSONAL ? 0 : lk->company, lk->role, &mid) == -1)
		return -1;
	snprintf(detail, sizeof(detail), "person=%lld company=%lld "
	    "member=%lld role=%s serial=%s", lk->holder, lk->company, mid,
	    appdb_role_name(lk->role), serial);
	log_info("CA login: person %lld given %s of company %lld by the "
	    "lock type of %s", lk->holder, appdb_role_name(lk->role),
	    lk->company, serial);
	return appdb_audit(c->db, "web", "membership.lock", detail);
}

/*
 * Logs the holder in with a new session and one audit record, and gives
 * them the identity of the lock type.  0 / -1.
 */
static int
login(struct ctx *c, const struct appdb_cert_lock *lk, const char *serial)
{
	static struct session	 storage;
	struct appdb_operator	 op;
	long long		 holder = lk->holder;
	char			 detail[160];
	int			 k;

	snprintf(detail, sizeof(detail), "person=%lld serial=%s addr=%s",
	    holder, serial, addr(c));
	if (appdb_begin(c->db) == -1)
		return -1;
	if (session_start(c, holder, &storage) == -1 ||
	    session_set_cert(c, serial) == -1 ||
	    appdb_audit(c->db, "web", "login.ca", detail) == -1 ||
	    grant_lock_role(c, lk, serial) == -1 ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		/* The new id was never stored: do not hand it out. */
		c->resp->cookie[0] = '\0';
		c->sess = NULL;
		return -1;
	}
	log_info("CA login: person %lld with certificate %s", holder,
	    serial);
	/* Operators go to their queue (审核); everyone else chooses an
	 * identity. */
	if ((k = appdb_operator_get(c->db, holder, &op)) == -1)
		return -1;
	return page_redirect(c, k == 1 && op.active ? "/ops" : "/identity");
}

int
calogin_post(struct ctx *c)
{
	struct caclient_cert	 ci;
	struct appdb_cert_lock	 lk;
	struct req		*r = c->req;
	char			 serial[SERIAL_MAX + 1];
	X509			*x = NULL;
	long long		 now = (long long)time(NULL);
	int			 found, rc;

	if (!param_flag(c->in, KEY_AGREE))
		return refuse(c, "agree_required");
	if (r->ssl_verify == NULL || strcmp(r->ssl_verify, "SUCCESS") != 0) {
		log_info("CA login refused: client certificate %s",
		    r->ssl_verify != NULL ? r->ssl_verify : "NONE");
		return refuse(c, "cert_missing");
	}
	if (serial_norm(r->ssl_serial, serial) == -1 ||
	    (x = pem_cert(r->ssl_cert)) == NULL || !same_serial(x, serial)) {
		log_warn("CA login refused: verified certificate without a "
		    "usable serial or PEM");
		rc = refuse(c, "cert_missing");
		goto out;
	}
	if ((found = caclient_show(webca_of(c, serial)->sock, serial, &ci)) == -1) {
		rc = page_error(c, 503);
		goto out;
	}
	if (found == 1 || !same_as_issued(x, &ci)) {
		log_warn("CA login refused: certificate %s is not one the "
		    "signing daemon issued", serial);
		rc = refuse_cert(c, serial, "cert_unknown");
		goto out;
	}
	if (ci.revoked_at != 0) {
		log_info("CA login refused: certificate %s is revoked",
		    serial);
		rc = refuse_cert(c, serial, "cert_revoked");
		goto out;
	}
	if (ci.not_before > now || ci.not_after <= now) {
		log_info("CA login refused: certificate %s is outside its "
		    "validity period", serial);
		rc = refuse_cert(c, serial, "cert_missing");
		goto out;
	}
	if ((found = appdb_cert_lock(c->db, serial, &lk)) == -1) {
		rc = -1;
		goto out;
	}
	if (found == 0 || lk.holder == 0) {
		log_info("CA login refused: certificate %s is bound to no "
		    "account", serial);
		rc = refuse_cert(c, serial, "cert_unknown");
		goto out;
	}
	rc = login(c, &lk, serial);
out:
	X509_free(x);
	return rc;
}

int
calogin_refused(struct ctx *c)
{
	return loginpage_render(c, 403, "ca", "cert_invalid", NULL, NULL);
}
