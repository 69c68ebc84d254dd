/*
 * calintocsp.c: calint_ocsp(), the linter's OCSP profile: the delegated
 * responder's BasicOCSPResponse (ca/caocsp.c), before and after its
 * signature.  A response is an OpenSSL object already (OCSP_MAX entries
 * at most) and is read through its accessors.  What the profiles share
 * is in calint.c (calintint.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cader.h"
#include "ca/calint.h"
#include "ca/calintint.h"
#include "lib/sm2.h"

#define OCSP_MAX	32		/* SingleResponses (caocsp.h) */

/*
 * Checks the responder's certificate: issued by our CA (name and key
 * identifier), OCSPSigning, valid now, and an SM2 key for an SM2 CA.
 */
static int
check_responder(const struct calint *l, X509 *responder, int64_t now,
    char *why, size_t whysz)
{
	const ASN1_OCTET_STRING	*aki;
	int64_t			 nb, na;

	if (responder == NULL)
		return lint_fail(why, whysz, "OCSP responder certificate is "
		    "missing");
	if (X509_NAME_cmp(X509_get_issuer_name(responder),
	    X509_get_subject_name(l->ca)) != 0 ||
	    (aki = X509_get0_authority_key_id(responder)) == NULL ||
	    (size_t)aki->length != l->ski_len ||
	    memcmp(aki->data, l->ski, l->ski_len) != 0)
		return lint_fail(why, whysz, "OCSP responder certificate was "
		    "not issued by the issuing CA");
	if ((X509_get_extension_flags(responder) & EXFLAG_XKUSAGE) == 0 ||
	    (X509_get_extended_key_usage(responder) & XKU_OCSP_SIGN) == 0)
		return lint_fail(why, whysz, "OCSP responder certificate lacks "
		    "extKeyUsage OCSPSigning");
	if (lint_asn1_secs(X509_get0_notBefore(responder), &nb) == -1 ||
	    lint_asn1_secs(X509_get0_notAfter(responder), &na) == -1 ||
	    now < nb || now > na)
		return lint_fail(why, whysz, "OCSP responder certificate is "
		    "not valid now");
	if (l->kind == KEY_SM2 && !sm2_is_key(X509_get0_pubkey(responder)))
		return lint_fail(why, whysz, "OCSP responder of an SM2 CA has "
		    "no SM2 key (GM/T 0015)");
	return 0;
}

/*
 * Checks the CertID of SingleResponse idx whose status is good or
 * revoked: its hash algorithm one caocsp.c answers for, its issuer
 * hashes our CA's under it, and its serial one of ours.  0 / -1 (why).
 */
static int
check_certid(const struct calint *l, const OCSP_CERTID *cid, int idx,
    char *why, size_t whysz)
{
	ASN1_OCTET_STRING	*nh, *kh;
	ASN1_OBJECT		*alg;
	ASN1_INTEGER		*serial;
	size_t			 i;
	int			 nid;

	if (cid == NULL || OCSP_id_get0_info(&nh, &alg, &kh, &serial,
	    (OCSP_CERTID *)(uintptr_t)cid) != 1)
		return lint_fail(why, whysz, "OCSP response %d: no CertID",
		    idx);
	nid = OBJ_obj2nid(alg);
	for (i = 0; i < LINT_NHASH && lint_hash_nids[i] != nid; i++)
		continue;
	if (i == LINT_NHASH)
		return lint_fail(why, whysz, "OCSP response %d: CertID hash is "
		    "not SHA-1, SHA-256, SHA-384 or SHA-512", idx);
	if (nh == NULL || kh == NULL ||
	    ASN1_STRING_length(nh) != (int)l->hash[i].len ||
	    ASN1_STRING_length(kh) != (int)l->hash[i].len ||
	    memcmp(ASN1_STRING_get0_data(nh), l->hash[i].name,
	    l->hash[i].len) != 0 ||
	    memcmp(ASN1_STRING_get0_data(kh), l->hash[i].key,
	    l->hash[i].len) != 0)
		return lint_fail(why, whysz, "OCSP response %d: CertID issuer "
		    "hashes are not the issuing CA's", idx);
	if (serial == NULL || ASN1_STRING_type(serial) != V_ASN1_INTEGER ||
	    ASN1_STRING_length(serial) < 1 ||
	    ASN1_STRING_length(serial) > SERIAL_MAX)
		return lint_fail(why, whysz, "OCSP response %d: CertID serial "
		    "is not positive of at most 20 octets", idx);
	return 0;
}

/*
 * Checks SingleResponse idx, s, at now: a good or revoked status only
 * about our CA's certificates; thisUpdate not ahead of the clock by
 * more than CALINT_SKEW; nextUpdate, if any, after it; a revocation at
 * or before thisUpdate with a CRLReason if any; no extensions.
 */
static int
check_single(const struct calint *l, OCSP_SINGLERESP *s, int idx,
    int64_t now, char *why, size_t whysz)
{
	ASN1_GENERALIZEDTIME	*rev = NULL, *tu = NULL, *nu = NULL;
	int64_t			 t, u, rt;
	int			 st, reason = -1;

	st = OCSP_single_get0_status(s, &reason, &rev, &tu, &nu);
	if (st != V_OCSP_CERTSTATUS_GOOD && st != V_OCSP_CERTSTATUS_REVOKED &&
	    st != V_OCSP_CERTSTATUS_UNKNOWN)
		return lint_fail(why, whysz, "OCSP response %d: no certStatus",
		    idx);
	/*
	 * An unknown status echoes the request's CertID (another CA's, a
	 * hash we do not answer for): only good and revoked speak for us.
	 */
	if (st != V_OCSP_CERTSTATUS_UNKNOWN && check_certid(l,
	    OCSP_SINGLERESP_get0_id(s), idx, why, whysz) == -1)
		return -1;
	if (lint_asn1_secs(tu, &t) == -1)
		return lint_fail(why, whysz, "OCSP response %d: thisUpdate is "
		    "missing", idx);
	if (t > now + CALINT_SKEW)
		return lint_fail(why, whysz, "OCSP response %d: thisUpdate is "
		    "%lld s in the future (at most %d)", idx,
		    (long long)(t - now), CALINT_SKEW);
	if (nu != NULL && (lint_asn1_secs(nu, &u) == -1 || u <= t))
		return lint_fail(why, whysz, "OCSP response %d: nextUpdate is "
		    "not after thisUpdate", idx);
	if (st == V_OCSP_CERTSTATUS_REVOKED) {
		if (lint_asn1_secs(rev, &rt) == -1)
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revoked without a revocationTime", idx);
		if (rt > t)
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revocationTime is after thisUpdate", idx);
		if (reason != OCSP_REVOKED_STATUS_NOSTATUS &&
		    (reason < 0 || reason > 10 || reason == 7))
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revocationReason %d is not a CRLReason (0..10 "
			    "but 7)", idx, reason);
	}
	if (OCSP_SINGLERESP_get_ext_count(s) != 0)
		return lint_fail(why, whysz, "OCSP response %d: "
		    "singleExtensions are not in our profile", idx);
	return 0;
}

int
calint_ocsp(const struct calint *l, OCSP_BASICRESP *bs, X509 *responder,
    char *why, size_t whysz)
{
	const ASN1_OCTET_STRING		*rid = NULL;
	const X509_NAME			*rname = NULL;
	const ASN1_GENERALIZEDTIME	*pat;
	const X509_ALGOR		*sa;
	const ASN1_OBJECT		*so;
	X509_EXTENSION			*ext;
	struct cader_in			 in, rd;
	enum lint_key			 rk;
	unsigned char			*der = NULL;
	uint8_t				 md[EVP_MAX_MD_SIZE];
	unsigned int			 mdlen;
	int64_t				 now = (int64_t)time(NULL), t;
	int				 i, count, named, stamped, dlen, v1;

	if (bs == NULL)
		return lint_fail(why, whysz, "OCSP response is missing");
	if (check_responder(l, responder, now, why, whysz) == -1)
		return -1;
	named = OCSP_resp_get0_id(bs, &rid, &rname) == 1;
	pat = OCSP_resp_get0_produced_at(bs);
	stamped = pat != NULL && ASN1_STRING_length(pat) > 0;
	if (named != stamped)
		return lint_fail(why, whysz, "OCSP %s is set but %s is not",
		    named ? "responderID" : "producedAt",
		    named ? "producedAt" : "responderID");
	if (named) {
		if (rid == NULL)
			return lint_fail(why, whysz, "OCSP responderID is by "
			    "name; our profile names the responder by key");
		if (X509_pubkey_digest(responder, l->sha1, md,
		    &mdlen) != 1 || ASN1_STRING_length(rid) != (int)mdlen ||
		    memcmp(ASN1_STRING_get0_data(rid), md, mdlen) != 0)
			return lint_fail(why, whysz, "OCSP responderID is not "
			    "the SHA-1 of the responder's key");
		if (lint_asn1_secs(pat, &t) == -1)
			return lint_fail(why, whysz, "OCSP producedAt is not a "
			    "GeneralizedTime");
		if (t > now + CALINT_SKEW)
			return lint_fail(why, whysz, "OCSP producedAt is %lld "
			    "s in the future (at most %d)",
			    (long long)(t - now), CALINT_SKEW);
		/*
		 * version: v1, the DEFAULT, so DER leaves it out ([0]
		 * absent).  OpenSSL has no setter for it: only a response
		 * read from DER can carry one, and only a complete
		 * ResponseData can be encoded to look.
		 */
		if ((dlen = i2d_OCSP_RESPDATA(OCSP_resp_get0_respdata(bs),
		    &der)) <= 0) {
			ERR_clear_error();
			return lint_fail(why, whysz, "OCSP tbsResponseData "
			    "cannot be encoded");
		}
		in.p = der;
		in.len = (size_t)dlen;
		v1 = cader_get(&in, 0x30, &rd, NULL) == 0 && rd.len > 0 &&
		    rd.p[0] != 0xa0;
		OPENSSL_free(der);
		if (!v1)
			return lint_fail(why, whysz, "OCSP version is not v1 "
			    "(absent)");
		/* Signed already: the algorithm the responder's key uses. */
		sa = OCSP_resp_get0_tbs_sigalg(bs);
		X509_ALGOR_get0(&so, NULL, NULL, sa);
		if (so != NULL && OBJ_obj2nid(so) != NID_undef &&
		    (lint_key_kind(X509_get0_pubkey(responder), &rk) == -1 ||
		    OBJ_obj2nid(so) != lint_aids[rk].nid))
			return lint_fail(why, whysz, "OCSP signature algorithm "
			    "is not the responder key's");
	}
	count = OCSP_resp_count(bs);
	if (count < 1 || count > OCSP_MAX)
		return lint_fail(why, whysz, "OCSP response holds %d "
		    "SingleResponses (1 to %d)", count, OCSP_MAX);
	for (i = 0; i < count; i++)
		if (check_single(l, OCSP_resp_get0(bs, i), i, now, why,
		    whysz) == -1)
			return -1;
	for (i = 0; i < OCSP_BASICRESP_get_ext_count(bs); i++) {
		ext = OCSP_BASICRESP_get_ext(bs, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) !=
		    NID_id_pkix_OCSP_Nonce)
			return lint_fail(why, whysz, "OCSP responseExtensions "
			    "hold one outside our profile (the nonce)");
		if (X509_EXTENSION_get_critical(ext))
			return lint_fail(why, whysz, "OCSP nonce is critical");
		if (OCSP_BASICRESP_get_ext_by_NID(bs, NID_id_pkix_OCSP_Nonce,
		    i) != -1)
			return lint_fail(why, whysz, "OCSP nonce appears "
			    "twice");
	}
	return 0;
}
