/*
 * caocsp.c: the OCSP responder (RFC 6960), inside the CA daemon.
 *
 * This file owns the responder's key (the delegated OCSP signing key of
 * OCSP_DIR/ocsp.key, which cad reads as root before it drops to its
 * store user; never the CA key, which only the key process holds) and
 * is the only code that reads OCSP requests or writes OCSP responses.
 * The web workers pass a request's bytes through (PROTO_OCSP) and the
 * response's bytes back; they hold no key.  Invariants:
 *   - every request gets an OCSPResponse, never a crash: anything but
 *     exactly one DER OCSPRequest (nothing after it) with
 *     1..CAOCSP_MAX_CERTS CertIDs and a nonce of at most 128 octets is
 *     malformedRequest; a store that cannot be read is tryLater;
 *   - a CertID is ours only if both its issuerNameHash and issuerKeyHash
 *     are those of our issuing CA under its own hash algorithm (SHA-1,
 *     SHA-256, SHA-384 or SHA-512); anything else is "unknown", and so
 *     is a serial the CA never issued;
 *   - the status comes from the store at the time of the request, so a
 *     revocation is answered as soon as it is committed;
 *   - thisUpdate is now and nextUpdate is absent (RFC 6960 2.4: newer
 *     information is always available), so that no client is told it
 *     may keep an answer (the web worker adds Cache-Control: no-store);
 *   - responses are signed with SHA-256 by the responder key (an SM2 key:
 *     SM2-with-SM3 and the ID, lib/sm2.h), name the responder by key
 *     hash and carry its certificate; a request's nonce is copied into
 *     the response.
 * Pre-signed responses (caocsp_presign, for caocspdir.c) differ in one
 * way only: they carry a nextUpdate, since they are served as files
 * for their validity; their CertID is the SHA-1 one of RFC 5019.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ca/cader.h"
#include "ca/calint.h"
#include "ca/caocsp.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define NONCE_MAX	128	/* RFC 8954 2.1 */

/* The hash algorithms a CertID may use, with our issuer's hashes. */
static const int	 hash_nids[] = {
	NID_sha1, NID_sha256, NID_sha384, NID_sha512
};
#define NHASH	(sizeof(hash_nids) / sizeof(hash_nids[0]))

struct caocsp {
	X509		*signer;	/* the delegated responder */
	EVP_PKEY	*key;		/* its key */
	X509		*issuer;	/* the issuing CA */
	struct {
		unsigned char	 name[EVP_MAX_MD_SIZE];
		unsigned char	 key[EVP_MAX_MD_SIZE];
		unsigned int	 len;
	} hash[NHASH];			/* [i]: under hash_nids[i] */
	const struct calint *lint;	/* or NULL: no linting */
	void		(*refused)(void *, const char *);
	void		*refused_arg;
};

void
caocsp_set_lint(struct caocsp *o, const struct calint *l,
    void (*refused)(void *arg, const char *why), void *arg)
{
	o->lint = l;
	o->refused = refused;
	o->refused_arg = arg;
}

/*
 * Signs bs as the responder, linted before and after the signature (the
 * signing call writes the responderID and producedAt) when o has a
 * linter.  0, or -1: not signed or not to be sent (logged, and told to
 * o->refused when the linter refused it).
 */
static int
sign_linted(const struct caocsp *o, OCSP_BASICRESP *bs)
{
	char	 why[CALINT_WHY_MAX];

	if (o->lint != NULL && calint_ocsp(o->lint, bs, o->signer, why,
	    sizeof(why)) == -1)
		goto refused;
	if (sm2_ocsp_sign(bs, o->signer, o->key, NULL, OCSP_RESPID_KEY) == -1)
		return -1;
	if (o->lint != NULL && calint_ocsp(o->lint, bs, o->signer, why,
	    sizeof(why)) == -1)
		goto refused;
	return 0;
refused:
	log_err("ocsp: lint refused a response: %s", why);
	if (o->refused != NULL)
		o->refused(o->refused_arg, why);
	return -1;
}

time_t
caocsp_not_after(const struct caocsp *o)
{
	time_t	 now = time(NULL);
	int	 days, secs;

	if (o == NULL || ASN1_TIME_diff(&days, &secs, NULL,
	    X509_get0_notAfter(o->signer)) != 1)
		return -1;
	return now + (time_t)days * 86400 + secs;
}

void
caocsp_free(struct caocsp *o)
{
	if (o == NULL)
		return;
	X509_free(o->signer);
	EVP_PKEY_free(o->key);
	X509_free(o->issuer);
	free(o);
}

struct caocsp *
caocsp_new(X509 *signer, EVP_PKEY *key, X509 *issuer)
{
	struct caocsp	*o;
	const ASN1_BIT_STRING	*pk;
	const EVP_MD		*md;
	unsigned char		*name = NULL;
	unsigned int		 kl;
	size_t			 i;
	int			 nl;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	if (X509_up_ref(signer) != 1)
		goto fail;
	o->signer = signer;
	if (EVP_PKEY_up_ref(key) != 1)
		goto fail;
	o->key = key;
	if (X509_up_ref(issuer) != 1)
		goto fail;
	o->issuer = issuer;
	if ((nl = i2d_X509_NAME(X509_get_subject_name(issuer), &name)) <= 0 ||
	    (pk = X509_get0_pubkey_bitstr(issuer)) == NULL)
		goto fail;
	for (i = 0; i < NHASH; i++) {
		if ((md = EVP_get_digestbynid(hash_nids[i])) == NULL ||
		    EVP_Digest(name, (size_t)nl, o->hash[i].name,
		    &o->hash[i].len, md, NULL) != 1 ||
		    EVP_Digest(ASN1_STRING_get0_data(pk),
		    (size_t)ASN1_STRING_length(pk), o->hash[i].key, &kl, md,
		    NULL) != 1 || kl != o->hash[i].len)
			goto fail;
	}
	OPENSSL_free(name);
	return o;
fail:
	log_ssl("caocsp_new", "cannot prepare the responder");
	OPENSSL_free(name);
	caocsp_free(o);
	return NULL;
}

/* The private key in path, which only its owner may read.  NULL logged. */
static EVP_PKEY *
load_key(const char *path)
{
	struct stat	 st;
	EVP_PKEY	*k = NULL;
	FILE		*f;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 077) != 0) {
		log_err("%s must be a file readable by its owner only", path);
		close(fd);
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return NULL;
	}
	if ((k = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		log_ssl("caocsp_load", path);
	fclose(f);
	return k;
}

struct caocsp *
caocsp_load(const char *dir)
{
	struct caocsp	*o = NULL;
	X509			*signer = NULL, *issuer = NULL;
	EVP_PKEY		*key = NULL;
	FILE			*f;
	char			 path[PATH_MAX];
	time_t			 soon;

	if (snprintf(path, sizeof(path), "%s/ocsp.crt", dir) >=
	    (int)sizeof(path))
		return NULL;
	if ((f = fopen(path, "r")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	signer = PEM_read_X509(f, NULL, NULL, NULL);
	issuer = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (signer == NULL || issuer == NULL) {
		log_ssl("caocsp_load", "ocsp.crt must hold the responder "
		    "certificate, then the issuing CA");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/ocsp.key", dir);
	if ((key = load_key(path)) == NULL)
		goto out;
	if (X509_check_private_key(signer, key) != 1) {
		log_ssl("caocsp_load", "ocsp.key is not the key of ocsp.crt");
		goto out;
	}
	if (X509_check_issued(issuer, signer) != X509_V_OK ||
	    !sm2_x509_verify(signer, X509_get0_pubkey(issuer))) {
		log_ssl("caocsp_load", "the issuing CA did not sign ocsp.crt");
		goto out;
	}
	if ((X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) == 0 ||
	    (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN) == 0) {
		log_err("caocsp_load: ocsp.crt lacks extendedKeyUsage "
		    "OCSPSigning");
		goto out;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(signer)) <= 0) {
		log_err("caocsp_load: %s/ocsp.crt has expired; issue a new one "
		    "(cactl ocsp-responder)", dir);
		goto out;
	}
	soon = time(NULL) + 30 * 86400;
	if (X509_cmp_time(X509_get0_notAfter(signer), &soon) <= 0)
		log_warn("caocsp_load: %s/ocsp.crt expires within 30 days; "
		    "renew it (cactl ocsp-responder)", dir);
	o = caocsp_new(signer, key, issuer);
out:
	X509_free(signer);
	X509_free(issuer);
	EVP_PKEY_free(key);
	return o;
}

/* 1 if the issuer hashes of id are our issuing CA's, else 0. */
static int
is_ours(const struct caocsp *o, ASN1_OCTET_STRING *nh,
    ASN1_OBJECT *alg, ASN1_OCTET_STRING *kh)
{
	size_t	 i;
	int	 nid = OBJ_obj2nid(alg);

	for (i = 0; i < NHASH; i++)
		if (hash_nids[i] == nid)
			break;
	if (i == NHASH || nh == NULL || kh == NULL ||
	    ASN1_STRING_length(nh) != (int)o->hash[i].len ||
	    ASN1_STRING_length(kh) != (int)o->hash[i].len)
		return 0;
	return memcmp(ASN1_STRING_get0_data(nh), o->hash[i].name,
	    o->hash[i].len) == 0 && memcmp(ASN1_STRING_get0_data(kh),
	    o->hash[i].key, o->hash[i].len) == 0;
}

/* 1 if the request's nonce (if any) is acceptable, else 0. */
static int
nonce_ok(OCSP_REQUEST *req)
{
	X509_EXTENSION		*e;
	const ASN1_OCTET_STRING	*v;
	const unsigned char	*p;
	ASN1_OCTET_STRING	*inner;
	int			 i, len;

	if ((i = OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce,
	    -1)) < 0)
		return 1;
	if ((e = OCSP_REQUEST_get_ext(req, i)) == NULL ||
	    (v = X509_EXTENSION_get_data(e)) == NULL)
		return 0;
	/* Nonce ::= OCTET STRING, 1..128 octets, DER and nothing after. */
	p = ASN1_STRING_get0_data(v);
	if ((inner = d2i_ASN1_OCTET_STRING(NULL, &p,
	    ASN1_STRING_length(v))) == NULL)
		return 0;
	len = ASN1_STRING_length(inner);
	ASN1_OCTET_STRING_free(inner);
	return p == ASN1_STRING_get0_data(v) + ASN1_STRING_length(v) &&
	    len >= 1 && len <= NONCE_MAX;
}

/* The DER of resp into a malloc'd buffer.  0 / -1. */
static int
encode(OCSP_RESPONSE *resp, unsigned char **out, size_t *out_len)
{
	unsigned char	*p;
	int		 n;

	if ((n = i2d_OCSP_RESPONSE(resp, NULL)) <= 0 ||
	    (*out = malloc((size_t)n)) == NULL)
		return -1;
	p = *out;
	if (i2d_OCSP_RESPONSE(resp, &p) != n) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*out_len = (size_t)n;
	return 0;
}

/*
 * The successful response to req, in *resp; or *status the error status
 * to answer instead.  0, or -1 on an internal failure (logged).
 */
static int
respond(const struct caocsp *o, OCSP_REQUEST *req, time_t now,
    caocsp_lookup_fn lookup, void *ctx, OCSP_RESPONSE **resp, int *status)
{
	OCSP_BASICRESP		*bs = NULL;
	ASN1_GENERALIZEDTIME	*thisupd = NULL, *revtime = NULL;
	OCSP_CERTID		*cid;
	ASN1_OCTET_STRING	*nh, *kh;
	ASN1_OBJECT		*alg;
	ASN1_INTEGER		*serial;
	struct caocsp_status	 st;
	char			 hex[41];
	int			 i, n, r, cs, reason, rc = -1;

	*resp = NULL;
	*status = OCSP_RESPONSE_STATUS_MALFORMEDREQUEST;
	n = OCSP_request_onereq_count(req);
	if (n < 1 || n > CAOCSP_MAX_CERTS || !nonce_ok(req))
		return 0;
	if ((bs = OCSP_BASICRESP_new()) == NULL ||
	    (thisupd = ASN1_GENERALIZEDTIME_set(NULL, now)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		cid = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, i));
		cs = V_OCSP_CERTSTATUS_UNKNOWN;
		reason = OCSP_REVOKED_STATUS_NOSTATUS;
		ASN1_GENERALIZEDTIME_free(revtime);
		revtime = NULL;
		if (cid != NULL && OCSP_id_get0_info(&nh, &alg, &kh, &serial,
		    cid) == 1 && is_ours(o, nh, alg, kh) &&
		    ASN1_STRING_type(serial) == V_ASN1_INTEGER &&
		    cader_serial_hex(ASN1_STRING_get0_data(serial),
		    (size_t)ASN1_STRING_length(serial), hex)) {
			memset(&st, 0, sizeof(st));
			if ((r = lookup(ctx, hex, &st)) == -1) {
				*status = OCSP_RESPONSE_STATUS_TRYLATER;
				rc = 0;
				goto out;
			}
			if (r == 0 && st.revoked_at == 0)
				cs = V_OCSP_CERTSTATUS_GOOD;
			else if (r == 0) {
				cs = V_OCSP_CERTSTATUS_REVOKED;
				if (st.reason >= 0 && st.reason <= 10 &&
				    st.reason != 7)
					reason = st.reason;
				if ((revtime = ASN1_GENERALIZEDTIME_set(NULL,
				    (time_t)st.revoked_at)) == NULL)
					goto out;
			}
		}
		if (cid == NULL || OCSP_basic_add1_status(bs, cid, cs, reason,
		    revtime, thisupd, NULL) == NULL)
			goto out;
	}
	if (OCSP_copy_nonce(bs, req) <= 0)
		goto out;
	if (sign_linted(o, bs) == -1) {
		/* Nothing signed: the client is told, nothing else. */
		*status = OCSP_RESPONSE_STATUS_INTERNALERROR;
		rc = 0;
		goto out;
	}
	if ((*resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL,
	    bs)) == NULL)
		goto out;
	*status = OCSP_RESPONSE_STATUS_SUCCESSFUL;
	rc = 0;
out:
	if (rc == -1)
		log_ssl("caocsp_answer", "cannot make the response");
	OCSP_BASICRESP_free(bs);
	ASN1_GENERALIZEDTIME_free(thisupd);
	ASN1_GENERALIZEDTIME_free(revtime);
	return rc;
}

int
caocsp_answer(const struct caocsp *o, const unsigned char *req,
    size_t len, time_t now, caocsp_lookup_fn lookup, void *ctx,
    unsigned char **out, size_t *out_len)
{
	OCSP_REQUEST		*oreq = NULL;
	OCSP_RESPONSE		*resp = NULL;
	const unsigned char	*p = req;
	int			 status = OCSP_RESPONSE_STATUS_MALFORMEDREQUEST;
	int			 rc = -1;

	*out = NULL;
	*out_len = 0;
	if (req != NULL && len > 0 && len <= LONG_MAX &&
	    (oreq = d2i_OCSP_REQUEST(NULL, &p, (long)len)) != NULL &&
	    p == req + len) {
		if (respond(o, oreq, now, lookup, ctx, &resp, &status) == -1)
			goto out;
	} else
		ERR_clear_error();
	if (resp == NULL && (resp = OCSP_response_create(status, NULL)) ==
	    NULL)
		goto out;
	if (status == OCSP_RESPONSE_STATUS_MALFORMEDREQUEST)
		log_info("ocsp: malformed request of %lu bytes",
		    (unsigned long)len);
	else if (status == OCSP_RESPONSE_STATUS_TRYLATER)
		log_warn("ocsp: the store cannot be read: tryLater");
	if (encode(resp, out, out_len) == -1) {
		log_ssl("caocsp_answer", "cannot encode the response");
		goto out;
	}
	rc = 0;
out:
	OCSP_REQUEST_free(oreq);
	OCSP_RESPONSE_free(resp);
	return rc;
}

/* ---- pre-signed responses (RFC 5019) ---------------------------------- */

/*
 * The CertID of serial (hex) as RFC 5019 clients send it: SHA-1, with
 * the NULL parameters OpenSSL, the JDK and NSS all write.  NULL logged.
 */
static OCSP_CERTID *
sha1_certid(const struct caocsp *o, const char *serial)
{
	BIGNUM		*bn = NULL;
	ASN1_INTEGER	*ai = NULL;
	OCSP_CERTID	*id = NULL;

	if (BN_hex2bn(&bn, serial) == 0 || BN_is_zero(bn) ||
	    (ai = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    (id = OCSP_cert_id_new(EVP_sha1(),
	    X509_get_subject_name(o->issuer), X509_get0_pubkey_bitstr(
	    o->issuer), ai)) == NULL)
		log_ssl("caocsp", "cannot make the CertID");
	BN_free(bn);
	ASN1_INTEGER_free(ai);
	return id;
}

int
caocsp_static_name(const struct caocsp *o, const char *serial, char *name,
    size_t sz)
{
	OCSP_REQUEST	*req = NULL;
	OCSP_CERTID	*id;
	unsigned char	*der = NULL;
	size_t		 i, b64;
	int		 n, rc = -1;

	if ((id = sha1_certid(o, serial)) == NULL)
		return -1;
	if ((req = OCSP_REQUEST_new()) == NULL ||
	    OCSP_request_add0_id(req, id) == NULL) {
		OCSP_CERTID_free(id);
		goto out;
	}
	if ((n = i2d_OCSP_REQUEST(req, &der)) <= 0)
		goto out;
	b64 = 4 * (((size_t)n + 2) / 3);
	if (b64 + 1 > sz)
		goto out;
	EVP_EncodeBlock((unsigned char *)name, der, n);
	/* Characters a file name and nginx's map agree on (nginx.conf). */
	for (i = 0; i < b64; i++)
		if (name[i] == '/')
			name[i] = '_';
		else if (name[i] == '+')
			name[i] = '-';
	rc = 0;
out:
	if (rc == -1)
		log_ssl("caocsp_static_name", serial);
	OPENSSL_free(der);
	OCSP_REQUEST_free(req);
	return rc;
}

int
caocsp_presign(const struct caocsp *o, const char *serial,
    const struct caocsp_status *st, time_t now, time_t valid,
    unsigned char **out, size_t *out_len)
{
	OCSP_BASICRESP		*bs = NULL;
	OCSP_RESPONSE		*resp = NULL;
	OCSP_CERTID		*id = NULL;
	ASN1_GENERALIZEDTIME	*thisupd = NULL, *nextupd = NULL;
	ASN1_GENERALIZEDTIME	*revtime = NULL;
	int			 cs = V_OCSP_CERTSTATUS_GOOD, rc = -1;
	int			 reason = OCSP_REVOKED_STATUS_NOSTATUS;
	int			 days, secs;

	*out = NULL;
	if (st->revoked_at != 0) {
		cs = V_OCSP_CERTSTATUS_REVOKED;
		if (st->reason >= 0 && st->reason <= 10 && st->reason != 7)
			reason = st->reason;
		if ((revtime = ASN1_GENERALIZEDTIME_set(NULL,
		    (time_t)st->revoked_at)) == NULL)
			goto out;
	}
	/* Never past the responder's own certificate (from the clock's
	 * now, which is the caller's now). */
	if (ASN1_TIME_diff(&days, &secs, NULL,
	    X509_get0_notAfter(o->signer)) == 1 &&
	    (time_t)days * 86400 + secs < valid)
		valid = (time_t)days * 86400 + secs;
	if (valid <= 0) {
		log_err("ocsp: the responder certificate has expired: renew "
		    "it (cactl ocsp-responder)");
		goto out;
	}
	if ((id = sha1_certid(o, serial)) == NULL ||
	    (bs = OCSP_BASICRESP_new()) == NULL ||
	    (thisupd = ASN1_GENERALIZEDTIME_set(NULL, now)) == NULL ||
	    (nextupd = ASN1_GENERALIZEDTIME_set(NULL, now + valid)) == NULL ||
	    OCSP_basic_add1_status(bs, id, cs, reason, revtime, thisupd,
	    nextupd) == NULL || sign_linted(o, bs) == -1 ||
	    (resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL,
	    bs)) == NULL || encode(resp, out, out_len) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		log_ssl("caocsp_presign", serial);
	OCSP_CERTID_free(id);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ASN1_GENERALIZEDTIME_free(thisupd);
	ASN1_GENERALIZEDTIME_free(nextupd);
	ASN1_GENERALIZEDTIME_free(revtime);
	return rc;
}

_Static_assert(CAOCSP_GOOD == V_OCSP_CERTSTATUS_GOOD &&
    CAOCSP_REVOKED == V_OCSP_CERTSTATUS_REVOKED &&
    CAOCSP_UNKNOWN == V_OCSP_CERTSTATUS_UNKNOWN, "CertStatus choices");

int
caocsp_presigned_status(const unsigned char *der, size_t len)
{
	const unsigned char	*p = der;
	OCSP_RESPONSE		*resp;
	OCSP_BASICRESP		*bs = NULL;
	OCSP_SINGLERESP		*one;
	int			 reason, st = -1;

	if (len > LONG_MAX ||
	    (resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len)) == NULL) {
		ERR_clear_error();
		return -1;
	}
	if (OCSP_response_status(resp) == OCSP_RESPONSE_STATUS_SUCCESSFUL &&
	    (bs = OCSP_response_get1_basic(resp)) != NULL &&
	    (one = OCSP_resp_get0(bs, 0)) != NULL)
		st = OCSP_single_get0_status(one, &reason, NULL, NULL, NULL);
	if (st != CAOCSP_GOOD && st != CAOCSP_REVOKED && st != CAOCSP_UNKNOWN)
		st = -1;
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
	return st;
}
