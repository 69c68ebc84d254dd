/*
 * caops.c: what the daemon does for each request: issue, reissue (补办),
 * revoke, release a hold, publish a CRL, list, show, verify the audit log.
 *
 * Each operation decodes its whole request first (a malformed one is a
 * protocol violation), then checks it against the store, then writes:
 * certificate rows, revocations, platform links and exactly one audit
 * record, inside the caller's savepoint.  An operation either returns 0
 * with every write in place, or 1 with an error reply and the savepoint
 * rolled back by the caller.  Retried requests are harmless: ISSUE and
 * REISSUE with an order id already used return the certificate made the
 * first time; REVOKE for the order that already revoked returns the same
 * time.  Subjects never come from a request's CSR: ISSUE takes them from
 * the operator's fields, REISSUE from the certificate being replaced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/cacrl.h"
#include "ca/caissue.h"
#include "ca/caops.h"
#include "ca/careason.h"
#include "ca/castore.h"
#include "lib/log.h"

#define CSR_MAX		(32 * 1024)
#define FIELD_MAX	256
#define ACTOR_MAX	64
#define PLATFORMS_MAX	32
#define LIST_MAX	1000

static int
fail(struct proto_buf *out, enum proto_err code, const char *msg)
{
	proto_err_reply(out, code, msg);
	return 1;
}

/* 1 if the actor name is non-empty text without control characters. */
static int
actor_ok(const char *a)
{
	const unsigned char	*p = (const unsigned char *)a;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Normalises a hex serial in place (uppercase, even length).  0 / -1. */
static int
serial_norm(char *s, size_t sz)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > 40)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'f')
			s[i] -= 'a' - 'A';
		else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return -1;
	}
	if (n % 2 == 1) {
		if (n + 2 > sz)
			return -1;
		memmove(s + 1, s, n + 1);
		s[0] = '0';
	}
	return 0;
}

/* The certificate's serial as uppercase hex.  0 / -1. */
static int
serial_hex(const X509 *x, char *buf, size_t sz)
{
	BIGNUM	*bn;
	char	*h;
	int	 rc = -1;

	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) ==
	    NULL)
		return -1;
	if ((h = BN_bn2hex(bn)) != NULL && strlen(h) < sz) {
		snprintf(buf, sz, "%s", h);
		rc = 0;
	}
	OPENSSL_free(h);
	BN_free(bn);
	return rc;
}

static void
name_text(const X509_NAME *n, char *buf, size_t sz)
{
	BIO	*b;
	int	 len;

	buf[0] = '\0';
	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	len = BIO_read(b, buf, (int)sz - 1);
	buf[len > 0 ? len : 0] = '\0';
	BIO_free(b);
}

/*
 * Makes a certificate for subject and key, valid until not_after, and
 * adds it to the store with order_id / replaces.  Retries on the (2^-64
 * unlikely) serial collision.  Fills *c (caller clears).  0 / -1.
 */
static int
make_cert(struct ca *ca, X509_NAME *subject, EVP_PKEY *key,
    const X509_PUBKEY *spki, time_t not_after, const char *order_id,
    const char *replaces, struct castore_cert *c)
{
	struct cacert_req	 r;
	X509			*x = NULL;
	unsigned char		*p;
	time_t			 now = time(NULL);
	int			 tries, n, rc = -1, added;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_END_ENTITY;
	r.subject = subject;
	r.pubkey = key;
	r.spki = spki;
	r.not_before = now - 60;
	r.not_after = not_after;
	r.issuer = ca->cert;
	r.issuer_key = ca->key;
	r.conf = &ca->conf;
	for (tries = 0; tries < 3; tries++) {
		castore_cert_clear(c);
		X509_free(x);
		if ((x = cacert_build(&r)) == NULL ||
		    serial_hex(x, c->serial, sizeof(c->serial)) == -1)
			goto out;
		name_text(subject, c->subject, sizeof(c->subject));
		c->not_before = r.not_before;
		c->not_after = not_after;
		c->issued_at = now;
		snprintf(c->order_id, sizeof(c->order_id), "%s",
		    order_id != NULL ? order_id : "");
		snprintf(c->replaces, sizeof(c->replaces), "%s",
		    replaces != NULL ? replaces : "");
		if ((n = i2d_X509(x, NULL)) <= 0 ||
		    (c->der = malloc((size_t)n)) == NULL)
			goto out;
		p = c->der;
		c->der_len = (size_t)i2d_X509(x, &p);
		if ((n = i2d_X509_NAME(subject, NULL)) <= 0 ||
		    (c->subject_der = malloc((size_t)n)) == NULL)
			goto out;
		p = c->subject_der;
		c->subject_der_len = (size_t)i2d_X509_NAME(subject, &p);
		if ((added = castore_cert_add(ca->store, c)) == -1)
			goto out;
		if (added == 0) {
			rc = 0;
			goto out;
		}
		log_warn("serial %s collided; drawing another", c->serial);
	}
out:
	if (rc == -1)
		castore_cert_clear(c);
	X509_free(x);
	return rc;
}

/* 1 if stored certificate c has this subject and this public key. */
static int
same_issue(const struct castore_cert *c, X509_NAME *name, EVP_PKEY *key)
{
	const unsigned char	*p = c->der;
	unsigned char		*enc = NULL;
	X509			*x;
	int			 n, same = 0;

	if ((x = d2i_X509(NULL, &p, (long)c->der_len)) == NULL)
		return 0;
	n = i2d_X509_NAME(name, &enc);
	if (n > 0 && (size_t)n == c->subject_der_len &&
	    memcmp(enc, c->subject_der, (size_t)n) == 0 &&
	    caissue_same_key(X509_get0_pubkey(x), key))
		same = 1;
	OPENSSL_free(enc);
	X509_free(x);
	return same;
}

static int
op_ping(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	(void)ca;
	if (proto_end(m) == -1)
		return -1;
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, "pong");
	return 0;
}

static int
op_status(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	uint64_t	 certs = 0, revoked = 0;
	char		 subj[512];

	if (proto_end(m) == -1)
		return -1;
	if (castore_counts(ca->store, &certs, &revoked) == -1)
		return fail(out, PROTO_E_INTERNAL, "cannot read the store");
	name_text(X509_get_subject_name(ca->cert), subj, sizeof(subj));
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, ca->conf.name);
	proto_put_str(out, caconf_algo_name(ca->conf.algo));
	proto_put_str(out, subj);
	proto_put_u64(out, (uint64_t)cacert_not_after(ca->cert));
	proto_put_u64(out, (uint64_t)(time(NULL) - ca->started));
	proto_put_u64(out, (uint64_t)getpid());
	proto_put_u64(out, certs);
	proto_put_u64(out, revoked);
	proto_put_u64(out, ca->crl_number);
	return 0;
}

static void
reply_cert(struct proto_buf *out, const struct castore_cert *c)
{
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, c->serial);
	proto_put_bytes(out, c->der, c->der_len);
}

static int
op_issue(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	char			 actor[ACTOR_MAX], order[CASTORE_ORDER_MAX];
	char			 o[FIELD_MAX], ou[FIELD_MAX], cn[FIELD_MAX];
	char			 sn[FIELD_MAX], why[200], detail[1400];
	char			 plat[PLATFORMS_MAX][CASTORE_PLATFORM_MAX];
	const uint8_t		*csr;
	size_t			 csrlen;
	uint64_t		 notafter, n, i;
	EVP_PKEY		*key = NULL;
	X509_REQ		*req = NULL;
	X509_NAME		*name = NULL;
	time_t			 now = time(NULL), ca_end;
	int			 rc = 1, found;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, order, sizeof(order)) == -1 ||
	    proto_get_str(m, o, sizeof(o)) == -1 ||
	    proto_get_str(m, ou, sizeof(ou)) == -1 ||
	    proto_get_str(m, cn, sizeof(cn)) == -1 ||
	    proto_get_str(m, sn, sizeof(sn)) == -1 ||
	    proto_get_u64(m, &notafter) == -1 ||
	    proto_get_bytes(m, &csr, &csrlen, CSR_MAX) == -1 ||
	    proto_get_u64(m, &n) == -1 || n > PLATFORMS_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (proto_get_str(m, plat[i], sizeof(plat[i])) == -1 ||
		    plat[i][0] == '\0')
			return -1;
	if (proto_end(m) == -1)
		return -1;
	if (!actor_ok(actor))
		return fail(out, PROTO_E_BADREQ, "actor must be printable text");

	if ((key = caissue_csr_key(csr, csrlen, why, sizeof(why), &req)) ==
	    NULL) {
		rc = fail(out, PROTO_E_REFUSED, why);
		goto out;
	}
	if ((name = caissue_subject(o, ou, cn, sn, why, sizeof(why))) ==
	    NULL) {
		rc = fail(out, PROTO_E_BADREQ, why);
		goto out;
	}
	if (order[0] != '\0') {
		if ((found = castore_cert_by_order(ca->store, order, &c)) ==
		    -1) {
			rc = fail(out, PROTO_E_INTERNAL, "store error");
			goto out;
		}
		if (found == 0) {
			/* A retry gets the same answer; another request
			 * under the same order id is a conflict. */
			if (c.replaces[0] == '\0' && same_issue(&c, name, key)) {
				reply_cert(out, &c);
				rc = 0;
			} else
				rc = fail(out, PROTO_E_CONFLICT, "this order id "
				    "was already used for another certificate");
			castore_cert_clear(&c);
			goto out;
		}
	}
	ca_end = cacert_not_after(ca->cert);
	if (notafter == 0)
		notafter = (uint64_t)now + (uint64_t)ca->conf.cert_days * 86400;
	if (notafter <= (uint64_t)now || (time_t)notafter > ca_end) {
		rc = fail(out, PROTO_E_REFUSED, "notAfter must be in the "
		    "future and not beyond the issuing CA's own expiry");
		goto out;
	}
	if (make_cert(ca, name, key, X509_REQ_get_X509_PUBKEY(req),
	    (time_t)notafter, order, NULL, &c) == -1) {
		rc = fail(out, PROTO_E_INTERNAL, "could not issue");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (castore_platform_link(ca->store, c.serial, plat[i]) == -1)
			goto store_fail;
	snprintf(detail, sizeof(detail), "serial=%s subject=%s order=%s "
	    "platforms=%llu", c.serial, c.subject, order,
	    (unsigned long long)n);
	if (castore_audit(ca->store, actor, "issue", detail) == -1)
		goto store_fail;
	reply_cert(out, &c);
	castore_cert_clear(&c);
	rc = 0;
	goto out;
store_fail:
	castore_cert_clear(&c);
	rc = fail(out, PROTO_E_INTERNAL, "store error");
out:
	EVP_PKEY_free(key);
	X509_REQ_free(req);
	X509_NAME_free(name);
	return rc;
}

static int
op_reissue(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 old, c;
	char			 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX];
	char			 order[CASTORE_ORDER_MAX], why[200];
	char			 detail[1400];
	const uint8_t		*csr, *p;
	size_t			 csrlen;
	uint64_t		 reason, invalidity;
	EVP_PKEY		*key = NULL, *oldkey = NULL;
	X509_REQ		*req = NULL;
	X509_NAME		*name = NULL;
	X509			*oldx = NULL;
	time_t			 now = time(NULL);
	int			 rc = 1, found, revoke_now = 0;

	memset(&old, 0, sizeof(old));
	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_get_u64(m, &reason) == -1 ||
	    proto_get_u64(m, &invalidity) == -1 ||
	    proto_get_str(m, order, sizeof(order)) == -1 ||
	    proto_get_bytes(m, &csr, &csrlen, CSR_MAX) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!actor_ok(actor))
		return fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (serial_norm(serial, sizeof(serial)) == -1)
		return fail(out, PROTO_E_BADREQ, "serial must be hex");
	if (order[0] == '\0')
		return fail(out, PROTO_E_BADREQ, "a reissue needs an order id");
	if (!careason_revocable((long long)reason) ||
	    reason == CAREASON_HOLD)
		return fail(out, PROTO_E_BADREQ, "reason must be a CRLReason "
		    "other than certificateHold and removeFromCRL");
	if (invalidity > (uint64_t)now)
		return fail(out, PROTO_E_BADREQ,
		    "invalidity date lies in the future");

	/* A retry of the same order returns what it got the first time. */
	if ((found = castore_cert_by_order(ca->store, order, &c)) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 0) {
		if (strcmp(c.replaces, serial) != 0) {
			castore_cert_clear(&c);
			return fail(out, PROTO_E_CONFLICT, "this order id was "
			    "already used for another certificate");
		}
		reply_cert(out, &c);
		proto_put_u64(out, 0);
		castore_cert_clear(&c);
		return 0;
	}
	if ((found = castore_cert_get(ca->store, serial, &old)) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	if (old.replaced_by[0] != '\0') {
		snprintf(why, sizeof(why), "certificate %s was already "
		    "replaced by %s under another order", serial,
		    old.replaced_by);
		rc = fail(out, PROTO_E_CONFLICT, why);
		goto out;
	}
	if (old.not_after <= now) {
		rc = fail(out, PROTO_E_CONFLICT, "the old certificate has "
		    "expired; apply for a new one instead of a reissue");
		goto out;
	}
	if (old.revoked_at == 0)
		revoke_now = 1;
	else if (old.reason == CAREASON_HOLD) {
		/* A hold becomes a final revocation with the real reason. */
		if (castore_unhold(ca->store, serial) != 0) {
			rc = fail(out, PROTO_E_INTERNAL, "store error");
			goto out;
		}
		revoke_now = 1;
	} else if (strcmp(old.revoke_order, order) != 0) {
		rc = fail(out, PROTO_E_CONFLICT, "the old certificate was "
		    "revoked, but not for this order");
		goto out;
	}
	if ((key = caissue_csr_key(csr, csrlen, why, sizeof(why), &req)) ==
	    NULL) {
		rc = fail(out, PROTO_E_REFUSED, why);
		goto out;
	}
	p = old.der;
	if ((oldx = d2i_X509(NULL, &p, (long)old.der_len)) == NULL ||
	    (oldkey = X509_get_pubkey(oldx)) == NULL) {
		rc = fail(out, PROTO_E_INTERNAL, "stored certificate unreadable");
		goto out;
	}
	if (caissue_same_key(key, oldkey)) {
		rc = fail(out, PROTO_E_REFUSED, "the request reuses the old "
		    "certificate's key; a replacement needs a new key");
		goto out;
	}
	p = old.subject_der;
	if ((name = d2i_X509_NAME(NULL, &p, (long)old.subject_der_len)) ==
	    NULL) {
		rc = fail(out, PROTO_E_INTERNAL, "stored subject unreadable");
		goto out;
	}
	if (make_cert(ca, name, key, X509_REQ_get_X509_PUBKEY(req),
	    (time_t)old.not_after, order, serial, &c) == -1) {
		rc = fail(out, PROTO_E_INTERNAL, "could not issue");
		goto out;
	}
	if (castore_link_replacement(ca->store, serial, c.serial) == -1 ||
	    castore_platform_copy(ca->store, serial, c.serial) == -1 ||
	    (revoke_now && castore_revoke(ca->store, serial, (int)reason,
	    now, (int64_t)invalidity, order) != 0)) {
		castore_cert_clear(&c);
		rc = fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	snprintf(detail, sizeof(detail), "old=%s new=%s order=%s reason=%s "
	    "revoked_now=%d subject=%s", serial, c.serial, order,
	    careason_name((int)reason), revoke_now, c.subject);
	if (castore_audit(ca->store, actor, "reissue", detail) == -1) {
		castore_cert_clear(&c);
		rc = fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	if (revoke_now)
		ca->crl_dirty = 1;
	reply_cert(out, &c);
	proto_put_u64(out, (uint64_t)revoke_now);
	castore_cert_clear(&c);
	rc = 0;
out:
	castore_cert_clear(&old);
	EVP_PKEY_free(key);
	X509_REQ_free(req);
	EVP_PKEY_free(oldkey);
	X509_free(oldx);
	X509_NAME_free(name);
	return rc;
}

static int
op_revoke(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	char			 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX];
	char			 order[CASTORE_ORDER_MAX], msg[200];
	char			 detail[600];
	uint64_t		 reason, invalidity;
	time_t			 now = time(NULL);
	int			 found;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_get_u64(m, &reason) == -1 ||
	    proto_get_u64(m, &invalidity) == -1 ||
	    proto_get_str(m, order, sizeof(order)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!actor_ok(actor))
		return fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (serial_norm(serial, sizeof(serial)) == -1)
		return fail(out, PROTO_E_BADREQ, "serial must be hex");
	if (!careason_revocable((long long)reason))
		return fail(out, PROTO_E_BADREQ, "reason must be a CRLReason "
		    "(0-6, 9, 10); removeFromCRL is what UNHOLD does");
	if (invalidity > (uint64_t)now)
		return fail(out, PROTO_E_BADREQ,
		    "invalidity date lies in the future");
	if ((found = castore_cert_get(ca->store, serial, &c)) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	if (c.revoked_at != 0) {
		if (order[0] != '\0' && strcmp(order, c.revoke_order) == 0) {
			/* The same order asking again: same answer. */
			proto_buf_init(out, PROTO_OK);
			proto_put_u64(out, (uint64_t)c.revoked_at);
			castore_cert_clear(&c);
			return 0;
		}
		snprintf(msg, sizeof(msg), "certificate %s is already revoked "
		    "(%s)", serial, careason_name(c.reason));
		castore_cert_clear(&c);
		return fail(out, PROTO_E_CONFLICT, msg);
	}
	castore_cert_clear(&c);
	if (castore_revoke(ca->store, serial, (int)reason, now,
	    (int64_t)invalidity, order) != 0)
		return fail(out, PROTO_E_INTERNAL, "store error");
	snprintf(detail, sizeof(detail), "serial=%s reason=%s order=%s",
	    serial, careason_name((int)reason), order);
	if (castore_audit(ca->store, actor, "revoke", detail) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	ca->crl_dirty = 1;
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, (uint64_t)now);
	return 0;
}

static int
op_unhold(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char	 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX], detail[200];
	int	 r;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!actor_ok(actor))
		return fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (serial_norm(serial, sizeof(serial)) == -1)
		return fail(out, PROTO_E_BADREQ, "serial must be hex");
	if ((r = castore_unhold(ca->store, serial)) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	if (r == 1)
		return fail(out, PROTO_E_CONFLICT,
		    "that certificate is not on hold (certificateHold)");
	snprintf(detail, sizeof(detail), "serial=%s", serial);
	if (castore_audit(ca->store, actor, "unhold", detail) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	ca->crl_dirty = 1;
	proto_buf_init(out, PROTO_OK);
	return 0;
}

static int
op_crl(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char	 actor[ACTOR_MAX];

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!actor_ok(actor))
		return fail(out, PROTO_E_BADREQ, "actor must be printable text");
	/* Published by the main loop right after this batch commits. */
	ca->crl_dirty = 1;
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, ca->crl_number + 1);
	return 0;
}

static int
list_row(void *arg, const struct castore_cert *c)
{
	struct proto_buf	*out = arg;

	proto_put_str(out, c->serial);
	proto_put_str(out, c->subject);
	proto_put_u64(out, (uint64_t)c->not_after);
	proto_put_u64(out, (uint64_t)c->revoked_at);
	proto_put_u64(out, (uint64_t)(c->reason + 1));
	proto_put_str(out, c->replaced_by);
	return out->err ? -1 : 0;
}

static int
count_row(void *arg, const struct castore_cert *c)
{
	(void)c;
	(*(uint64_t *)arg)++;
	return 0;
}

static int
op_list(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char		 state[16], subject[FIELD_MAX];
	uint64_t	 limit, n = 0;
	time_t		 now = time(NULL);

	if (proto_get_str(m, state, sizeof(state)) == -1 ||
	    proto_get_str(m, subject, sizeof(subject)) == -1 ||
	    proto_get_u64(m, &limit) == -1 || proto_end(m) == -1)
		return -1;
	if (state[0] != '\0' && strcmp(state, "all") != 0 &&
	    strcmp(state, "valid") != 0 && strcmp(state, "revoked") != 0 &&
	    strcmp(state, "expired") != 0)
		return fail(out, PROTO_E_BADREQ,
		    "state must be all, valid, revoked or expired");
	if (limit == 0 || limit > LIST_MAX)
		limit = LIST_MAX;
	if (castore_list(ca->store, state, subject, now, (int)limit,
	    count_row, &n) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, n);
	if (castore_list(ca->store, state, subject, now, (int)limit,
	    list_row, out) == -1)
		return fail(out, PROTO_E_INTERNAL, "list too large for one "
		    "reply; narrow it with a filter or a limit");
	return 0;
}

static int
put_platform(void *arg, const char *name)
{
	struct proto_buf	*out = arg;

	proto_put_str(out, name);
	return 0;
}

static int
count_platform(void *arg, const char *name)
{
	(void)name;
	(*(uint64_t *)arg)++;
	return 0;
}

static int
op_show(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	char			 serial[CASTORE_SERIAL_MAX];
	uint64_t		 n = 0;
	int			 found;

	if (proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (serial_norm(serial, sizeof(serial)) == -1)
		return fail(out, PROTO_E_BADREQ, "serial must be hex");
	if ((found = castore_cert_get(ca->store, serial, &c)) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	if (castore_platforms(ca->store, serial, count_platform, &n) == -1) {
		castore_cert_clear(&c);
		return fail(out, PROTO_E_INTERNAL, "store error");
	}
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, c.subject);
	proto_put_u64(out, (uint64_t)c.not_before);
	proto_put_u64(out, (uint64_t)c.not_after);
	proto_put_u64(out, (uint64_t)c.issued_at);
	proto_put_u64(out, (uint64_t)c.revoked_at);
	proto_put_u64(out, (uint64_t)(c.reason + 1));
	proto_put_u64(out, (uint64_t)c.invalidity);
	proto_put_str(out, c.order_id);
	proto_put_str(out, c.replaces);
	proto_put_str(out, c.replaced_by);
	proto_put_bytes(out, c.der, c.der_len);
	proto_put_u64(out, n);
	castore_cert_clear(&c);
	if (castore_platforms(ca->store, serial, put_platform, out) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}

static int
op_audit_verify(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	uint64_t	 count;
	int64_t		 bad;
	char		 head[65];
	const char	*why;

	if (proto_end(m) == -1)
		return -1;
	if (castore_audit_verify(ca->store, &count, head, &bad, &why) == -1)
		return fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, count);
	proto_put_str(out, head);
	proto_put_u64(out, (uint64_t)bad);
	proto_put_str(out, why);
	return 0;
}

typedef int (*op_fn)(struct ca *, struct proto_msg *, struct proto_buf *);

static const op_fn ops[PROTO_OP__MAXREQ] = {
	NULL,			/* 0: unused */
	op_ping,		/* PROTO_PING */
	op_status,		/* PROTO_STATUS */
	op_issue,		/* PROTO_ISSUE */
	op_reissue,		/* PROTO_REISSUE */
	op_revoke,		/* PROTO_REVOKE */
	op_unhold,		/* PROTO_UNHOLD */
	op_crl,			/* PROTO_CRL */
	op_list,		/* PROTO_LIST */
	op_show,		/* PROTO_SHOW */
	op_audit_verify,	/* PROTO_AUDIT_VERIFY */
};

int
caops_run(struct ca *ca, uint8_t op, struct proto_msg *m,
    struct proto_buf *out)
{
	if (op == 0 || op >= PROTO_OP__MAXREQ || ops[op] == NULL)
		return -1;
	return ops[op](ca, m, out);
}

/* The value of an uppercase hex digit, or -1. */
static int
hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Feeds the store's revoked rows to the CRL encoder. */
static int
next_entry(void *arg, struct cacrl_entry *e)
{
	struct ca	*ca = arg;
	char		 hex[CASTORE_SERIAL_MAX];
	size_t		 i, n;
	int		 r;

	memset(e, 0, sizeof(*e));
	r = castore_revoked_next(ca->store, hex, sizeof(hex), &e->revoked_at,
	    &e->reason, &e->invalidity);
	if (r != 1)
		return r;
	n = strlen(hex);
	if (n == 0 || n % 2 != 0 || n / 2 > sizeof(e->serial))
		return -1;
	for (i = 0; i < n / 2; i++) {
		int	 hi = hexdigit(hex[2 * i]), lo = hexdigit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		e->serial[i] = (uint8_t)(hi << 4 | lo);
	}
	e->serial_len = n / 2;
	return 1;
}

int
caops_publish_crl(struct ca *ca)
{
	struct cacrl_params	 p;
	uint8_t			*der = NULL;
	size_t			 len = 0;
	uint64_t		 number;
	time_t			 now = time(NULL);
	char			 detail[64];
	int			 rc = -1;

	/* Persist the number first: a crash can skip one, never reuse it. */
	if (castore_begin(ca->store) == -1)
		return -1;
	if ((number = castore_crl_next(ca->store)) != 0)
		snprintf(detail, sizeof(detail), "number=%llu",
		    (unsigned long long)number);
	if (number == 0 ||
	    castore_audit(ca->store, "cad", "crl", detail) == -1) {
		castore_rollback(ca->store);
		return -1;
	}
	if (castore_commit(ca->store) == -1)
		return -1;
	memset(&p, 0, sizeof(p));
	p.issuer = ca->cert;
	p.key = ca->key;
	p.number = number;
	p.this_update = now;
	p.next_update = now + (time_t)ca->conf.crl_hours * 3600;
	/*
	 * RFC 5280 3.3: an entry stays until it has been on one regularly
	 * scheduled CRL issued after the certificate expired; CRLs come at
	 * least every half lifetime, so keep it for a whole lifetime.
	 */
	if (castore_revoked_start(ca->store, now -
	    (time_t)ca->conf.crl_hours * 3600) == -1)
		return -1;
	if (cacrl_build(&p, next_entry, ca, &der, &len) == 0 &&
	    cacrl_publish(ca->conf.crl_dir, ca->conf.name, der, len) == 0) {
		ca->crl_number = number;
		ca->crl_published = now;
		ca->crl_dirty = 0;
		rc = 0;
	}
	castore_revoked_end(ca->store);
	free(der);
	if (rc == 0)
		log_info("published CRL #%llu (%lu bytes)",
		    (unsigned long long)number, (unsigned long)len);
	else
		log_err("could not publish CRL #%llu",
		    (unsigned long long)number);
	return rc;
}
