/*
 * caops.c: what the daemon does for each request that changes something
 * (issue, reissue (补办), revoke, release a hold, stop or resume issuing,
 * ask for a CRL), and caops_run(), which hands every request to its
 * operation: these, and those of the modules beside it on the same
 * floor: calookup.c (list, show, OCSP), caplatform.c (platforms and
 * notices), caaudit.c (the audit log), cametrics.c (monitoring figures).
 * cacrlpub.c publishes the CRL that revocations call for.
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
 *
 * Dual control: a REISSUE of a certificate whose subject has an OU listed
 * in ca.conf's dual_control_ou is signed only with two approvers, the
 * client-certificate serials of two different operators, each a valid,
 * unrevoked certificate of this CA (check_approvers()); the approvers go
 * into the reissue's audit record.  REISSUE runs wholly on the store's
 * thread, like every operation but ISSUE.
 *
 * ISSUE runs in two phases so that its CPU work leaves the store's thread:
 * caops_prepare() (any thread, no store access) decodes the request,
 * checks the CSR (proof of possession) and the subject, and signs the
 * certificate from the issuer's template; caops_finish() (the store's
 * thread, inside the savepoint) does everything that reads or writes the
 * store, in the order a one-phase ISSUE would.  A certificate signed in
 * the first phase that the second does not store (an order id already
 * used, a serial collision) is freed unseen; only stored certificates are
 * ever sent.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/calint.h"
#include "ca/caaudit.h"
#include "ca/calookup.h"
#include "ca/cametrics.h"
#include "ca/cacrl.h"
#include "ca/cader.h"
#include "ca/caissue.h"
#include "ca/canotice.h"
#include "ca/caocsp.h"
#include "ca/caocspdir.h"
#include "ca/caops.h"
#include "ca/caplatform.h"
#include "ca/cashard.h"
#include "ca/careason.h"
#include "ca/castore.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define CSR_MAX		(32 * 1024)
#define FIELD_MAX	256
#define ACTOR_MAX	64
#define PLATFORMS_MAX	32

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
 * Fills c (which the caller clears) with a certificate for subject and
 * key signed from the template, valid from now - 60 until not_after.
 * Thread-safe.  0 / -1.
 */
static int
sign_cert(const struct ca *ca, const uint8_t *subject_der,
    size_t subject_der_len, const struct caissue_key *key, time_t not_after,
    const char *order_id, const char *replaces, struct castore_cert *c)
{
	struct cacert_der	 d;
	const unsigned char	*p = subject_der;
	X509_NAME		*name;
	time_t			 now = time(NULL);

	memset(c, 0, sizeof(*c));
	if ((name = d2i_X509_NAME(NULL, &p, (long)subject_der_len)) == NULL)
		return -1;
	name_text(name, c->subject, sizeof(c->subject));
	X509_NAME_free(name);
	if (cacert_tmpl_sign(ca->tmpl, subject_der, subject_der_len,
	    key->spki, key->spki_len, key->is_rsa, now - 60, not_after,
	    &d) == -1)
		return -1;
	c->der = d.der;
	c->der_len = d.der_len;
	snprintf(c->serial, sizeof(c->serial), "%s", d.serial);
	c->not_before = now - 60;
	c->not_after = not_after;
	c->issued_at = now;
	snprintf(c->order_id, sizeof(c->order_id), "%s",
	    order_id != NULL ? order_id : "");
	snprintf(c->replaces, sizeof(c->replaces), "%s",
	    replaces != NULL ? replaces : "");
	if ((c->subject_der = malloc(subject_der_len)) == NULL) {
		castore_cert_clear(c);
		return -1;
	}
	memcpy(c->subject_der, subject_der, subject_der_len);
	c->subject_der_len = subject_der_len;
	return 0;
}

/*
 * Adds *c to the store; if its serial is taken (2^-63 unlikely), signs
 * another with a fresh serial.  On failure c is cleared.  0 / -1.
 */
static int
store_cert(struct ca *ca, const struct caissue_key *key,
    struct castore_cert *c)
{
	struct castore_cert	 again;
	int			 tries, added;

	for (tries = 0; tries < 3; tries++) {
		if ((added = castore_cert_add(ca->store, c)) == -1)
			break;
		if (added == 0) {
			/* A new serial has no old file: if this cannot be
			 * noted, the workers answer for it until the sweep. */
			(void)caop_touch(ca, c->serial);
			return 0;
		}
		log_warn("serial %s collided; drawing another", c->serial);
		if (sign_cert(ca, c->subject_der, c->subject_der_len, key,
		    (time_t)c->not_after, c->order_id, c->replaces,
		    &again) == -1)
			break;
		castore_cert_clear(c);
		*c = again;
	}
	castore_cert_clear(c);
	return -1;
}

/*
 * Makes a certificate for subject and key, valid until not_after, and
 * adds it to the store with order_id / replaces.  Fills *c (caller
 * clears).  0 / -1.
 */
static int
make_cert(struct ca *ca, const uint8_t *subject_der, size_t subject_der_len,
    const struct caissue_key *key, time_t not_after, const char *order_id,
    const char *replaces, struct castore_cert *c)
{
	if (sign_cert(ca, subject_der, subject_der_len, key, not_after,
	    order_id, replaces, c) == -1)
		return -1;
	return store_cert(ca, key, c);
}

/* 1 if stored certificate c has this subject (DER) and this key. */
static int
same_issue(const struct castore_cert *c, const uint8_t *subject_der,
    size_t subject_der_len, EVP_PKEY *key)
{
	const unsigned char	*p = c->der;
	X509			*x;
	int			 same = 0;

	if ((x = d2i_X509(NULL, &p, (long)c->der_len)) == NULL)
		return 0;
	if (subject_der_len == c->subject_der_len &&
	    memcmp(subject_der, c->subject_der, subject_der_len) == 0 &&
	    caissue_same_key(X509_get0_pubkey(x), key))
		same = 1;
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
		return caop_fail(out, PROTO_E_INTERNAL, "cannot read the store");
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
	proto_put_str(out, ca->conf.vendor);
	proto_put_u64(out, caop_stopped(ca) ? 0 : 1);
	return 0;
}

/* Why a CA that stopped issuing refuses an ISSUE or REISSUE. */
static void
stopped_why(const struct ca *ca, char *why, size_t sz)
{
	snprintf(why, sz, "CA %s has stopped issuing (cactl ca disable): "
	    "it revokes and answers OCSP for what it issued, but signs "
	    "nothing new", ca->conf.name);
}

static int
stopped_fail(const struct ca *ca, struct proto_buf *out)
{
	char	 why[200];

	stopped_why(ca, why, sizeof(why));
	return caop_fail(out, PROTO_E_REFUSED, why);
}

static int
op_ca_issuing(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char		 actor[ACTOR_MAX], detail[100];
	uint64_t	 on;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_u64(m, &on) == -1 || proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (on > 1)
		return caop_fail(out, PROTO_E_BADREQ, "issuing is 0 or 1");
	if ((caop_stopped(ca) ? 0 : 1) == (int)on) {
		proto_buf_init(out, PROTO_OK);	/* already so: no record */
		return 0;
	}
	snprintf(detail, sizeof(detail), "ca=%s", ca->conf.name);
	if (castore_meta_put(ca->store, CASTORE_META_STOPPED, on ? 0 : 1) !=
	    0 || castore_audit(ca->store, actor, on ? "ca-enable" :
	    "ca-disable", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	__atomic_store_n(&ca->stopped, on ? 0 : 1, __ATOMIC_RELEASE);
	proto_buf_init(out, PROTO_OK);
	return 0;
}

static void
reply_cert(struct proto_buf *out, const struct castore_cert *c)
{
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, c->serial);
	proto_put_bytes(out, c->der, c->der_len);
}

/* ISSUE between its two phases. */
struct caops_issue {
	int			 rc;	/* -1 protocol, 1 refused, 0 go on */
	enum proto_err		 code;	/* if rc == 1 */
	char			 why[200];
	char			 actor[ACTOR_MAX];
	char			 order[CASTORE_ORDER_MAX];
	char			 plat[PLATFORMS_MAX][CASTORE_PLATFORM_MAX];
	uint64_t		 nplat;
	int			 notafter_bad;
	struct caissue_key	 key;
	uint8_t			*subject_der;
	size_t			 subject_der_len;
	int			 signed_ok;	/* c holds a signed certificate */
	char			 refused[CALINT_WHY_MAX]; /* or "" */
	struct castore_cert	 c;
};

static void
issue_free(struct caops_issue *j)
{
	if (j == NULL)
		return;
	caissue_key_clear(&j->key);
	OPENSSL_free(j->subject_der);
	castore_cert_clear(&j->c);
	free(j);
}

static struct caops_issue *
issue_refuse(struct caops_issue *j, enum proto_err code, const char *why)
{
	j->rc = 1;
	j->code = code;
	if (why != j->why)
		snprintf(j->why, sizeof(j->why), "%s", why);
	return j;
}

/* The first phase of ISSUE (see the top of this file).  NULL: no memory. */
static struct caops_issue *
issue_prepare(const struct ca *ca, struct proto_msg *m)
{
	struct caops_issue	*j;
	char			 o[FIELD_MAX], ou[FIELD_MAX], cn[FIELD_MAX];
	char			 sn[FIELD_MAX];
	const uint8_t		*csr;
	size_t			 csrlen;
	uint64_t		 notafter, i;
	X509_NAME		*name;
	time_t			 now = time(NULL);
	int			 n;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->rc = -1;
	if (proto_get_str(m, j->actor, sizeof(j->actor)) == -1 ||
	    proto_get_str(m, j->order, sizeof(j->order)) == -1 ||
	    proto_get_str(m, o, sizeof(o)) == -1 ||
	    proto_get_str(m, ou, sizeof(ou)) == -1 ||
	    proto_get_str(m, cn, sizeof(cn)) == -1 ||
	    proto_get_str(m, sn, sizeof(sn)) == -1 ||
	    proto_get_u64(m, &notafter) == -1 ||
	    proto_get_bytes(m, &csr, &csrlen, CSR_MAX) == -1 ||
	    proto_get_u64(m, &j->nplat) == -1 || j->nplat > PLATFORMS_MAX)
		return j;
	for (i = 0; i < j->nplat; i++)
		if (proto_get_str(m, j->plat[i], sizeof(j->plat[i])) == -1 ||
		    j->plat[i][0] == '\0')
			return j;
	if (proto_end(m) == -1)
		return j;
	j->rc = 0;
	if (!caop_actor_ok(j->actor))
		return issue_refuse(j, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (caop_stopped(ca)) {
		stopped_why(ca, j->why, sizeof(j->why));
		return issue_refuse(j, PROTO_E_REFUSED, j->why);
	}
	if (caissue_csr_key(csr, csrlen, &j->key, j->why,
	    sizeof(j->why)) == -1)
		return issue_refuse(j, PROTO_E_REFUSED, j->why);
	if ((name = caissue_subject(o, ou, cn, sn, j->why,
	    sizeof(j->why))) == NULL)
		return issue_refuse(j, PROTO_E_BADREQ, j->why);
	n = i2d_X509_NAME(name, &j->subject_der);
	X509_NAME_free(name);
	if (n <= 0)
		return issue_refuse(j, PROTO_E_INTERNAL, "could not issue");
	j->subject_der_len = (size_t)n;
	if (notafter == 0)
		notafter = (uint64_t)now + (uint64_t)ca->conf.cert_days * 86400;
	if (notafter <= (uint64_t)now || (time_t)notafter > ca->ca_end) {
		j->notafter_bad = 1;
		return j;
	}
	/* Signed now, stored (or dropped) by the second phase. */
	casig_refusal_clear();
	if (sign_cert(ca, j->subject_der, j->subject_der_len, &j->key,
	    (time_t)notafter, j->order, NULL, &j->c) == 0)
		j->signed_ok = 1;
	else if (casig_refusal() != NULL)	/* this thread's */
		snprintf(j->refused, sizeof(j->refused), "%s",
		    casig_refusal());
	return j;
}

/* The second phase of ISSUE; same return values as caops_run(). */
static int
issue_finish(struct ca *ca, struct caops_issue *j, struct proto_buf *out)
{
	struct castore_cert	 c;
	struct canotice_event	 e;
	char			 detail[1400];
	uint64_t		 i;
	int			 found;

	if (j->rc != 0)
		return j->rc == -1 ? -1 : caop_fail(out, j->code, j->why);
	if (caop_stopped(ca))
		return stopped_fail(ca, out);
	if (j->order[0] != '\0') {
		if ((found = castore_cert_by_order(ca->store, j->order,
		    &c)) == -1)
			return caop_fail(out, PROTO_E_INTERNAL, "store error");
		if (found == 0) {
			/* A retry gets the same answer; another request
			 * under the same order id is a conflict. */
			if (c.replaces[0] == '\0' && same_issue(&c,
			    j->subject_der, j->subject_der_len,
			    j->key.pkey)) {
				reply_cert(out, &c);
				castore_cert_clear(&c);
				return 0;
			}
			castore_cert_clear(&c);
			return caop_fail(out, PROTO_E_CONFLICT, "this order id "
			    "was already used for another certificate");
		}
	}
	if (j->notafter_bad)
		return caop_fail(out, PROTO_E_REFUSED, "notAfter must be in the "
		    "future and not beyond the issuing CA's own expiry");
	if (!j->signed_ok && j->refused[0] != '\0')
		return caop_fail(out, PROTO_E_REFUSED, j->refused);
	if (!j->signed_ok)
		return caop_fail(out, PROTO_E_INTERNAL, "could not sign the "
		    "certificate (the key process did not answer: cad.log "
		    "says why); nothing was stored");
	if (store_cert(ca, &j->key, &j->c) == -1) {
		j->signed_ok = 0;
		return caop_fail(out, PROTO_E_INTERNAL, "could not issue");
	}
	for (i = 0; i < j->nplat; i++)
		if (castore_platform_link(ca->store, j->c.serial,
		    j->plat[i]) == -1)
			return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (j->nplat > 0) {
		memset(&e, 0, sizeof(e));
		e.type = CANOTICE_LINKED;
		e.new_serial = j->c.serial;
		e.subject = j->c.subject;
		e.order = j->order;
		e.reason = -1;
		e.not_after = j->c.not_after;
		e.at = j->c.issued_at;
		if (canotice_queue(ca, &e, j->c.serial, NULL) == -1)
			return caop_fail(out, PROTO_E_INTERNAL,
			    "could not queue the platforms' notices");
	}
	snprintf(detail, sizeof(detail), "serial=%s subject=%s order=%s "
	    "platforms=%llu", j->c.serial, j->c.subject, j->order,
	    (unsigned long long)j->nplat);
	if (castore_audit(ca->store, j->actor, "issue", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	reply_cert(out, &j->c);
	return 0;
}

static int
op_issue(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct caops_issue	*j;
	int			 rc;

	if ((j = issue_prepare(ca, m)) == NULL)
		return caop_fail(out, PROTO_E_INTERNAL, "out of memory");
	rc = issue_finish(ca, j, out);
	issue_free(j);
	return rc;
}

/*
 * 1 if the subject (DER) has an OU listed in the CA's dual_control_ou:
 * its reissue needs two approvers.  0 if not (or the list is empty).
 */
static int
dual_control(const struct ca *ca, const uint8_t *subject_der, size_t len)
{
	const unsigned char	*p = subject_der;
	X509_NAME		*name;
	unsigned char		*utf8;
	int			 i, n, listed = 0;

	if (ca->conf.dual_control_ou[0] == '\0')
		return 0;
	if ((name = d2i_X509_NAME(NULL, &p, (long)len)) == NULL) {
		log_ssl("dual_control", "stored subject unreadable");
		return 1;	/* fail closed */
	}
	for (i = -1; !listed && (i = X509_NAME_get_index_by_NID(name,
	    NID_organizationalUnitName, i)) >= 0; ) {
		utf8 = NULL;
		if ((n = ASN1_STRING_to_UTF8(&utf8,
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)))) <
		    0) {
			listed = 1;	/* fail closed */
			break;
		}
		listed = caconf_ou_listed(ca->conf.dual_control_ou,
		    (const char *)utf8, (size_t)n);
		OPENSSL_free(utf8);
	}
	X509_NAME_free(name);
	return listed;
}

/*
 * Checks the approvers of a reissue of old (a1, a2: normalised serials or
 * "", a2 only with a1).  Each one given must be a certificate this CA
 * issued, valid now, not revoked (or on hold) and not old itself, else
 * PROTO_E_REFUSED, whether or not dual control applies: a recorded
 * approval is a real one.  If it applies (need), both must be given and
 * belong to two different operators -- two serials and two subjects, so
 * two certificates of one person do not count twice -- else
 * PROTO_E_APPROVAL.  Returns 0 to go on, or 1 with out filled.
 */
static int
check_approvers(struct ca *ca, const struct castore_cert *old,
    const char *a1, const char *a2, int need, time_t now,
    struct proto_buf *out)
{
	struct castore_cert	 c[2];
	const char		*a[2] = { a1, a2 };
	char			 why[200];
	int			 i, n = 0, found, rc = 1;

	memset(c, 0, sizeof(c));
	for (i = 0; i < 2 && a[i][0] != '\0'; i++, n++) {
		if (strcmp(a[i], old->serial) == 0) {
			caop_fail(out, PROTO_E_REFUSED, "the certificate being "
			    "replaced cannot approve its own replacement");
			goto out;
		}
		if ((found = castore_cert_get(ca->store, a[i], &c[i])) == -1) {
			caop_fail(out, PROTO_E_INTERNAL, "store error");
			goto out;
		}
		if (found == 1 || c[i].revoked_at != 0 ||
		    c[i].not_before > now || c[i].not_after <= now) {
			snprintf(why, sizeof(why), "approver %s is not a "
			    "valid certificate of this CA (%s)", a[i],
			    found == 1 ? "unknown" : c[i].revoked_at != 0 ?
			    "revoked" : "outside its validity period");
			caop_fail(out, PROTO_E_REFUSED, why);
			goto out;
		}
	}
	if (need && n < 2) {
		caop_fail(out, PROTO_E_APPROVAL, n == 0 ? "dual control: this "
		    "certificate's reissue needs two operators' approval" :
		    "dual control: a second operator must confirm");
		goto out;
	}
	if (n == 2 && (strcmp(c[0].serial, c[1].serial) == 0 ||
	    (c[0].subject_der_len == c[1].subject_der_len &&
	    memcmp(c[0].subject_der, c[1].subject_der,
	    c[0].subject_der_len) == 0))) {
		caop_fail(out, PROTO_E_APPROVAL, "dual control: the two approvals "
		    "must come from two different operators");
		goto out;
	}
	rc = 0;
out:
	castore_cert_clear(&c[0]);
	castore_cert_clear(&c[1]);
	return rc;
}

/* Queues the "revoked" notice of serial (in the caller's transaction). */
static int
queue_revoked(struct ca *ca, const char *serial, const char *subject,
    int reason, int64_t at, int64_t invalidity, const char *order)
{
	struct canotice_event	 e;

	memset(&e, 0, sizeof(e));
	e.type = CANOTICE_REVOKED;
	e.old_serial = serial;
	e.subject = subject;
	e.order = order;
	e.reason = reason;
	e.revoked_at = at;
	e.invalidity = invalidity;
	e.at = at;
	return canotice_queue(ca, &e, serial, NULL) == -1 ? -1 : 0;
}

/* Queues the "reissued" notice of old -> c (the platforms c inherited). */
static int
queue_reissued(struct ca *ca, const char *old, const struct castore_cert *c,
    const char *order)
{
	struct canotice_event	 e;

	memset(&e, 0, sizeof(e));
	e.type = CANOTICE_REISSUED;
	e.old_serial = old;
	e.new_serial = c->serial;
	e.subject = c->subject;
	e.order = order;
	e.reason = -1;
	e.not_after = c->not_after;
	e.at = c->issued_at;
	return canotice_queue(ca, &e, c->serial, NULL) == -1 ? -1 : 0;
}

static int
op_reissue(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 old, c;
	char			 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX];
	char			 order[CASTORE_ORDER_MAX], why[200];
	char			 appr[CASTORE_SERIAL_MAX];
	char			 appr2[CASTORE_SERIAL_MAX];
	char			 detail[1500];
	struct caissue_key	 key;
	const uint8_t		*csr, *p;
	size_t			 csrlen;
	uint64_t		 reason, invalidity;
	EVP_PKEY		*oldkey = NULL;
	X509			*oldx = NULL;
	time_t			 now = time(NULL);
	int			 rc = 1, found, revoke_now = 0, dual;

	memset(&old, 0, sizeof(old));
	memset(&key, 0, sizeof(key));
	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_get_u64(m, &reason) == -1 ||
	    proto_get_u64(m, &invalidity) == -1 ||
	    proto_get_str(m, order, sizeof(order)) == -1 ||
	    proto_get_bytes(m, &csr, &csrlen, CSR_MAX) == -1 ||
	    proto_get_str(m, appr, sizeof(appr)) == -1 ||
	    proto_get_str(m, appr2, sizeof(appr2)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (caop_serial_norm(serial, sizeof(serial)) == -1)
		return caop_fail(out, PROTO_E_BADREQ, "serial must be hex");
	if ((appr[0] != '\0' && caop_serial_norm(appr, sizeof(appr)) == -1) ||
	    (appr2[0] != '\0' && caop_serial_norm(appr2, sizeof(appr2)) == -1))
		return caop_fail(out, PROTO_E_BADREQ, "approvers must be hex "
		    "serials");
	if (appr[0] == '\0' && appr2[0] != '\0')
		return caop_fail(out, PROTO_E_BADREQ, "approver2 needs approver");
	if (order[0] == '\0')
		return caop_fail(out, PROTO_E_BADREQ, "a reissue needs an order id");
	if (caop_stopped(ca))
		return stopped_fail(ca, out);
	if (!careason_revocable((long long)reason) ||
	    reason == CAREASON_HOLD)
		return caop_fail(out, PROTO_E_BADREQ, "reason must be a CRLReason "
		    "other than certificateHold and removeFromCRL");
	if (invalidity > (uint64_t)now)
		return caop_fail(out, PROTO_E_BADREQ,
		    "invalidity date lies in the future");

	/*
	 * A retry of the same order returns what it got the first time,
	 * before the approvals are looked at: it signs nothing new, and
	 * its approvals were checked when it was signed (an approver's
	 * certificate may have been revoked since).
	 */
	if ((found = castore_cert_by_order(ca->store, order, &c)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 0) {
		if (strcmp(c.replaces, serial) != 0) {
			castore_cert_clear(&c);
			return caop_fail(out, PROTO_E_CONFLICT, "this order id was "
			    "already used for another certificate");
		}
		reply_cert(out, &c);
		proto_put_u64(out, 0);
		castore_cert_clear(&c);
		return 0;
	}
	if ((found = castore_cert_get(ca->store, serial, &old)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return caop_fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	if (old.replaced_by[0] != '\0') {
		snprintf(why, sizeof(why), "certificate %s was already "
		    "replaced by %s under another order", serial,
		    old.replaced_by);
		rc = caop_fail(out, PROTO_E_CONFLICT, why);
		goto out;
	}
	if (old.not_after <= now) {
		rc = caop_fail(out, PROTO_E_CONFLICT, "the old certificate has "
		    "expired; apply for a new one instead of a reissue");
		goto out;
	}
	/* Dual control: the policy follows the subject, which the
	 * replacement keeps.  Checked before anything is written. */
	dual = dual_control(ca, old.subject_der, old.subject_der_len);
	if (check_approvers(ca, &old, appr, appr2, dual, now, out) != 0)
		goto out;
	if (old.revoked_at == 0)
		revoke_now = 1;
	else if (old.reason == CAREASON_HOLD) {
		/* A hold becomes a final revocation with the real reason. */
		if (castore_unhold(ca->store, serial) != 0) {
			rc = caop_fail(out, PROTO_E_INTERNAL, "store error");
			goto out;
		}
		revoke_now = 1;
	} else if (strcmp(old.revoke_order, order) != 0) {
		rc = caop_fail(out, PROTO_E_CONFLICT, "the old certificate was "
		    "revoked, but not for this order");
		goto out;
	}
	if (caissue_csr_key(csr, csrlen, &key, why, sizeof(why)) == -1) {
		rc = caop_fail(out, PROTO_E_REFUSED, why);
		goto out;
	}
	p = old.der;
	if ((oldx = d2i_X509(NULL, &p, (long)old.der_len)) == NULL ||
	    (oldkey = X509_get_pubkey(oldx)) == NULL) {
		rc = caop_fail(out, PROTO_E_INTERNAL, "stored certificate unreadable");
		goto out;
	}
	if (caissue_same_key(key.pkey, oldkey)) {
		rc = caop_fail(out, PROTO_E_REFUSED, "the request reuses the old "
		    "certificate's key; a replacement needs a new key");
		goto out;
	}
	/* A 国密 holder stays 国密: an SM2 certificate's replacement is SM2. */
	if (sm2_is_key(oldkey) && !sm2_is_key(key.pkey)) {
		rc = caop_fail(out, PROTO_E_REFUSED, "the old certificate has an "
		    "SM2 key; its replacement needs an SM2 key too");
		goto out;
	}
	casig_refusal_clear();
	if (make_cert(ca, old.subject_der, old.subject_der_len, &key,
	    (time_t)old.not_after, order, serial, &c) == -1) {
		rc = casig_refusal() != NULL ? caop_fail(out,
		    PROTO_E_REFUSED, casig_refusal()) : caop_fail(out,
		    PROTO_E_INTERNAL, "could not sign the certificate (the "
		    "key process did not answer: cad.log says why); nothing "
		    "was stored");
		goto out;
	}
	if (castore_link_replacement(ca->store, serial, c.serial) == -1 ||
	    castore_platform_copy(ca->store, serial, c.serial) == -1 ||
	    (revoke_now && castore_revoke(ca->store, serial, (int)reason,
	    now, (int64_t)invalidity, order) != 0)) {
		castore_cert_clear(&c);
		rc = caop_fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	/* The platforms hear of the revocation first, then the successor. */
	if ((revoke_now && queue_revoked(ca, serial, c.subject, (int)reason,
	    now, (int64_t)invalidity, order) == -1) ||
	    queue_reissued(ca, serial, &c, order) == -1) {
		castore_cert_clear(&c);
		rc = caop_fail(out, PROTO_E_INTERNAL,
		    "could not queue the platforms' notices");
		goto out;
	}
	snprintf(detail, sizeof(detail), "old=%s new=%s order=%s reason=%s "
	    "revoked_now=%d dual_control=%d approver=%s approver2=%s "
	    "subject=%s", serial, c.serial, order,
	    careason_name((int)reason), revoke_now, dual, appr, appr2,
	    c.subject);
	if (castore_audit(ca->store, actor, "reissue", detail) == -1 ||
	    (revoke_now && caop_touch(ca, serial) == -1)) {
		castore_cert_clear(&c);
		rc = caop_fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	if (revoke_now) {
		ca->crl_dirty = 1;
		cametrics_revoke_timed(ca);
		cashard_touch(ca, serial, 0);
	}
	reply_cert(out, &c);
	proto_put_u64(out, (uint64_t)revoke_now);
	castore_cert_clear(&c);
	rc = 0;
out:
	castore_cert_clear(&old);
	caissue_key_clear(&key);
	EVP_PKEY_free(oldkey);
	X509_free(oldx);
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
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (caop_serial_norm(serial, sizeof(serial)) == -1)
		return caop_fail(out, PROTO_E_BADREQ, "serial must be hex");
	if (!careason_revocable((long long)reason))
		return caop_fail(out, PROTO_E_BADREQ, "reason must be a CRLReason "
		    "(0-6, 9, 10); removeFromCRL is what UNHOLD does");
	if (invalidity > (uint64_t)now)
		return caop_fail(out, PROTO_E_BADREQ,
		    "invalidity date lies in the future");
	if ((found = castore_cert_get(ca->store, serial, &c)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return caop_fail(out, PROTO_E_NOTFOUND,
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
		return caop_fail(out, PROTO_E_CONFLICT, msg);
	}
	if (castore_revoke(ca->store, serial, (int)reason, now,
	    (int64_t)invalidity, order) != 0 ||
	    queue_revoked(ca, serial, c.subject, (int)reason, now,
	    (int64_t)invalidity, order) == -1) {
		castore_cert_clear(&c);
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	}
	castore_cert_clear(&c);
	snprintf(detail, sizeof(detail), "serial=%s reason=%s order=%s",
	    serial, careason_name((int)reason), order);
	if (castore_audit(ca->store, actor, "revoke", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (caop_touch(ca, serial) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "out of memory");
	ca->crl_dirty = 1;
	cametrics_revoke_timed(ca);
	cashard_touch(ca, serial, 0);
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, (uint64_t)now);
	return 0;
}

static int
op_unhold(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	struct canotice_event	 e;
	char			 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX];
	char			 detail[200];
	int			 r;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ, "actor must be printable text");
	if (caop_serial_norm(serial, sizeof(serial)) == -1)
		return caop_fail(out, PROTO_E_BADREQ, "serial must be hex");
	if ((r = castore_unhold(ca->store, serial)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (r == 1)
		return caop_fail(out, PROTO_E_CONFLICT,
		    "that certificate is not on hold (certificateHold)");
	if (castore_cert_get(ca->store, serial, &c) != 0)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	memset(&e, 0, sizeof(e));
	e.type = CANOTICE_RELEASED;
	e.old_serial = serial;
	e.subject = c.subject;
	e.reason = -1;
	e.at = time(NULL);
	r = canotice_queue(ca, &e, serial, NULL);
	castore_cert_clear(&c);
	if (r == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "could not queue the "
		    "platforms' notices");
	snprintf(detail, sizeof(detail), "serial=%s", serial);
	if (castore_audit(ca->store, actor, "unhold", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (caop_touch(ca, serial) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "out of memory");
	ca->crl_dirty = 1;
	cashard_touch(ca, serial, 1);
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
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ, "actor must be printable text");
	/* Published by the main loop right after this batch commits. */
	ca->crl_dirty = 1;
	ca->shards_all = 1;
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, ca->crl_number + 1);
	return 0;
}

/* x's serial as the store names serials (cader_serial_hex).  0 / -1. */
static int
serial_of(X509 *x, char *buf, size_t sz)
{
	const ASN1_INTEGER	*s = X509_get0_serialNumber(x);

	return sz >= 41 && ASN1_STRING_type(s) == V_ASN1_INTEGER &&
	    cader_serial_hex(ASN1_STRING_get0_data(s),
	    (size_t)ASN1_STRING_length(s), buf) ? 0 : -1;
}

int
caops_record_self(struct ca *ca, X509 *x, X509 *prev, const char *what)
{
	struct castore_cert	 c, old;
	unsigned char		*der = NULL, *sder = NULL;
	char			 detail[1400], prev_serial[CASTORE_SERIAL_MAX];
	time_t			 now = time(NULL);
	int			 n, m, found, rc = -1;

	memset(&c, 0, sizeof(c));
	if (serial_of(x, c.serial, sizeof(c.serial)) == -1 ||
	    (n = i2d_X509(x, &der)) <= 0 ||
	    (m = i2d_X509_NAME(X509_get_subject_name(x), &sder)) <= 0) {
		log_ssl("caops_record_self", what);
		goto out;
	}
	name_text(X509_get_subject_name(x), c.subject, sizeof(c.subject));
	if ((c.not_after = cacert_not_after(x)) == -1 ||
	    (c.not_before = cacert_not_before(x)) == -1)
		goto out;
	c.issued_at = c.not_before;
	c.reason = -1;
	c.der = der;
	c.der_len = (size_t)n;
	c.subject_der = sder;
	c.subject_der_len = (size_t)m;
	if (castore_begin(ca->store) == -1)
		goto out;
	if ((found = castore_cert_get(ca->store, c.serial, &old)) == -1)
		goto fail;
	if (found == 0)
		castore_cert_clear(&old);
	else {
		if (castore_cert_add(ca->store, &c) != 0)
			goto fail;
		snprintf(detail, sizeof(detail), "serial=%s subject=%s "
		    "what=%s", c.serial, c.subject, what);
		if (castore_audit(ca->store, "cad", "record-self",
		    detail) == -1)
			goto fail;
		log_info("recorded its own %s certificate %s in the store",
		    what, c.serial);
	}
	/* The one it replaced: superseded, once (audited). */
	if (prev != NULL && serial_of(prev, prev_serial,
	    sizeof(prev_serial)) == 0 && strcmp(prev_serial, c.serial) != 0 &&
	    castore_revoke(ca->store, prev_serial, CACRL_REASON_SUPERSEDED,
	    (int64_t)now, 0, NULL) == 0) {
		snprintf(detail, sizeof(detail), "serial=%s reason=superseded "
		    "by=%s what=%s", prev_serial, c.serial, what);
		if (castore_audit(ca->store, "cad", "revoke", detail) == -1)
			goto fail;
		ca->crl_dirty = 1;
		cametrics_revoke_timed(ca);
		log_info("revoked the %s certificate %s it replaced",
		    what, prev_serial);
	}
	if (castore_commit(ca->store) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	castore_rollback(ca->store);
	log_err("caops_record_self: store error");
out:
	OPENSSL_free(der);
	OPENSSL_free(sder);
	return rc;
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
	calookup_list,		/* PROTO_LIST */
	calookup_show,		/* PROTO_SHOW */
	caaudit_verify,		/* PROTO_AUDIT_VERIFY */
	caplatform_add,		/* PROTO_PLATFORM_ADD */
	caplatform_enable,	/* PROTO_PLATFORM_ENABLE */
	caplatform_list,	/* PROTO_PLATFORM_LIST */
	caplatform_link,	/* PROTO_LINK */
	caplatform_notice_list,	/* PROTO_NOTICE_LIST */
	caplatform_notice_retry, /* PROTO_NOTICE_RETRY */
	NULL,			/* PROTO_NOTICE_NEXT: see caops_finish() */
	caplatform_notice_result, /* PROTO_NOTICE_RESULT */
	calookup_ocsp,		/* PROTO_OCSP */
	op_ca_issuing,		/* PROTO_CA_ISSUING */
	cametrics_op,		/* PROTO_METRICS */
	caaudit_list,		/* PROTO_AUDIT_LIST */
};

int
caops_two_phase(uint8_t op)
{
	return op == PROTO_ISSUE;
}

struct caops_job {
	uint8_t			 op;
	uint8_t			*payload;	/* owned */
	uint32_t		 plen;
	struct caops_issue	*issue;		/* ISSUE: its first phase */
	int			 final;		/* NOTICE_NEXT: wait over */
};

unsigned
caops_job_wait_ms(const struct caops_job *j)
{
	struct proto_msg	 m;
	uint64_t		 max, wait_ms;

	if (j->op != PROTO_NOTICE_NEXT)
		return 0;
	proto_msg_init(&m, j->op, j->payload, j->plen);
	if (proto_get_u64(&m, &max) == -1 ||
	    proto_get_u64(&m, &wait_ms) == -1)
		return 0;
	return wait_ms > 60000 ? 60000 : (unsigned)wait_ms;
}

void
caops_job_final(struct caops_job *j)
{
	j->final = 1;
}

int
caops_job_leases(const struct caops_job *j)
{
	return j->op == PROTO_NOTICE_NEXT;
}

struct caops_job *
caops_job_new(uint8_t op, uint8_t *payload, uint32_t plen)
{
	struct caops_job	*j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->op = op;
	j->payload = payload;
	j->plen = plen;
	return j;
}

void
caops_job_free(struct caops_job *j)
{
	if (j == NULL)
		return;
	free(j->payload);
	issue_free(j->issue);
	free(j);
}

void
caops_prepare(const struct ca *ca, struct caops_job *j)
{
	struct proto_msg	 m;

	if (j->op != PROTO_ISSUE || j->issue != NULL)
		return;
	proto_msg_init(&m, j->op, j->payload, j->plen);
	if ((j->issue = issue_prepare(ca, &m)) == NULL)
		return;		/* out of memory: caops_finish() says so */
	free(j->payload);
	j->payload = NULL;
}

int
caops_finish(struct ca *ca, struct caops_job *j, struct proto_buf *out)
{
	struct proto_msg	 m;

	if (j->op == PROTO_ISSUE) {
		caops_prepare(ca, j);
		if (j->issue == NULL)
			return caop_fail(out, PROTO_E_INTERNAL, "out of memory");
		return issue_finish(ca, j->issue, out);
	}
	proto_msg_init(&m, j->op, j->payload, j->plen);
	if (j->op == PROTO_NOTICE_NEXT)
		return caplatform_notice_next(ca, &m, out, !j->final);
	return caops_run(ca, j->op, &m, out);
}

int
caops_run(struct ca *ca, uint8_t op, struct proto_msg *m,
    struct proto_buf *out)
{
	if (op == PROTO_NOTICE_NEXT)
		return caplatform_notice_next(ca, m, out, 0);
	if (op == 0 || op >= PROTO_OP__MAXREQ || ops[op] == NULL)
		return -1;
	return ops[op](ca, m, out);
}

