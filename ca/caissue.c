/*
 * caissue.c: validation of certificate requests and operator-supplied
 * subjects.
 *
 * Invariant: a key returned by caissue_csr_key() belongs to whoever
 * signed the request (proof of possession) and is of an accepted type and
 * size; a name returned by caissue_subject() has only the attributes
 * listed in caissue.h with bounded, well-formed UTF-8 values.
 *
 * Requests are checked on one of two paths with the same outcome.  The
 * reference path is OpenSSL's: d2i_X509_REQ (or PEM), X509_REQ_verify,
 * then the key rules.  The fast path reads the common case by hand -- DER,
 * version 0, no attributes, an EC key on P-256 or P-384 as an
 * uncompressed point, ECDSA with SHA-2 -- builds the key from its octets
 * (EVP_PKEY_fromdata, not OpenSSL 3.0's slow decoder lookup) and verifies
 * the signature over the CertificationRequestInfo octets.  The subject
 * Name still goes through d2i_X509_NAME, so it is held to OpenSSL's rules.
 * The fast path can only accept: anything it does not recognise, or that
 * fails on it, is decided again by the reference path, which also writes
 * the reason.  Both paths are thread-safe.  An SM2 request (a key on the
 * SM2 curve, SM2-with-SM3) is never the fast path's: the reference path
 * verifies it with the distinguishing ID (lib/sm2.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/cader.h"
#include "ca/caissue.h"
#include "lib/utf8.h"
#include "lib/log.h"
#include "lib/sm2.h"

/* OIDs (content octets) the fast path knows. */
static const uint8_t oid_ec_pub[] = {		/* 1.2.840.10045.2.1 */
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
};
static const uint8_t oid_p256[] = {		/* 1.2.840.10045.3.1.7 */
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07
};
static const uint8_t oid_p384[] = {		/* 1.3.132.0.34 */
	0x2b, 0x81, 0x04, 0x00, 0x22
};
static const uint8_t oid_ecdsa_sha256[] = {	/* 1.2.840.10045.4.3.2 */
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02
};
static const uint8_t oid_ecdsa_sha384[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03
};
static const uint8_t oid_ecdsa_sha512[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04
};
static const uint8_t version_0[] = { 0x02, 0x01, 0x00 };

void
caissue_key_clear(struct caissue_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->spki);
	memset(k, 0, sizeof(*k));
}

/* An EC public key from its curve name and point octets, or NULL. */
static EVP_PKEY *
ec_key(const char *group, const uint8_t *pt, size_t ptlen)
{
	OSSL_PARAM	 params[3];
	EVP_PKEY_CTX	*ctx;
	EVP_PKEY	*k = NULL;

	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(
	    OSSL_PKEY_PARAM_PUB_KEY, (void *)pt, ptlen);
	params[2] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL)
		return NULL;
	if (EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) != 1)
		k = NULL;
	EVP_PKEY_CTX_free(ctx);
	return k;
}

int
caissue_csr_key_fast(const uint8_t *p, size_t len, struct caissue_key *out)
{
	struct cader_in	 in = { p, len }, csr, cri, cri_tlv, v, name, spki;
	struct cader_in	 spki_in, alg, oid, curve, bits, sigalg, sig, attrs;
	const unsigned char *np;
	const char	*group;
	const EVP_MD	*md;
	X509_NAME	*xn;
	EVP_MD_CTX	*mctx = NULL;
	EVP_PKEY	*k = NULL;
	size_t		 ptlen;
	int		 ok = 0;

	memset(out, 0, sizeof(*out));
	/* CertificationRequest, nothing after it */
	if (cader_get(&in, 0x30, &csr, NULL) == -1 || in.len != 0)
		return 0;
	/* CertificationRequestInfo: version 0, subject, SPKI, [0] {} */
	if (cader_get(&csr, 0x30, &cri, &cri_tlv) == -1 ||
	    cri.len < sizeof(version_0) ||
	    memcmp(cri.p, version_0, sizeof(version_0)) != 0)
		return 0;
	cri.p += sizeof(version_0);
	cri.len -= sizeof(version_0);
	if (cader_get(&cri, 0x30, &v, &name) == -1 ||
	    cader_get(&cri, 0x30, &spki_in, &spki) == -1 ||
	    cader_get(&cri, 0xa0, &attrs, NULL) == -1 || attrs.len != 0 ||
	    cri.len != 0)
		return 0;
	/* The subject is never used, but must be a Name to OpenSSL too. */
	np = name.p;
	if ((xn = d2i_X509_NAME(NULL, &np, (long)name.len)) == NULL) {
		ERR_clear_error();
		return 0;
	}
	X509_NAME_free(xn);
	if (np != name.p + name.len)
		return 0;
	/* SubjectPublicKeyInfo: id-ecPublicKey, named curve, 04 X Y */
	if (cader_get(&spki_in, 0x30, &alg, NULL) == -1 ||
	    cader_get(&alg, 0x06, &oid, NULL) == -1 ||
	    !cader_is(&oid, oid_ec_pub, sizeof(oid_ec_pub)) ||
	    cader_get(&alg, 0x06, &curve, NULL) == -1 || alg.len != 0 ||
	    cader_get(&spki_in, 0x03, &bits, NULL) == -1 ||
	    spki_in.len != 0)
		return 0;
	if (cader_is(&curve, oid_p256, sizeof(oid_p256))) {
		group = "prime256v1";
		ptlen = 65;
	} else if (cader_is(&curve, oid_p384, sizeof(oid_p384))) {
		group = "secp384r1";
		ptlen = 97;
	} else
		return 0;
	if (bits.len != 1 + ptlen || bits.p[0] != 0x00 || bits.p[1] != 0x04)
		return 0;
	/* signatureAlgorithm (no parameters) and signature */
	if (cader_get(&csr, 0x30, &sigalg, NULL) == -1 ||
	    cader_get(&sigalg, 0x06, &oid, NULL) == -1 || sigalg.len != 0 ||
	    cader_get(&csr, 0x03, &sig, NULL) == -1 || csr.len != 0 ||
	    sig.len < 2 || sig.p[0] != 0x00)
		return 0;
	if (cader_is(&oid, oid_ecdsa_sha256, sizeof(oid_ecdsa_sha256)))
		md = EVP_sha256();
	else if (cader_is(&oid, oid_ecdsa_sha384, sizeof(oid_ecdsa_sha384)))
		md = EVP_sha384();
	else if (cader_is(&oid, oid_ecdsa_sha512, sizeof(oid_ecdsa_sha512)))
		md = EVP_sha512();
	else
		return 0;

	/* The key from its octets (checked to be on the curve), then PoP. */
	if ((k = ec_key(group, bits.p + 1, ptlen)) == NULL ||
	    (mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(mctx, NULL, md, NULL, k) != 1 ||
	    EVP_DigestVerify(mctx, sig.p + 1, sig.len - 1, cri_tlv.p,
	    cri_tlv.len) != 1)
		goto out;
	if ((out->spki = malloc(spki.len)) == NULL)
		goto out;
	memcpy(out->spki, spki.p, spki.len);
	out->spki_len = spki.len;
	out->pkey = k;
	out->is_rsa = 0;
	k = NULL;
	ok = 1;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(k);
	return ok;
}

static X509_REQ *
parse_req(const uint8_t *p, size_t len)
{
	const unsigned char	*q = p;
	X509_REQ		*r;
	BIO			*b;

	if (len > 10 && memcmp(p, "-----BEGIN", 10) == 0) {
		if ((b = BIO_new_mem_buf(p, (int)len)) == NULL)
			return NULL;
		r = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
		BIO_free(b);
		return r;
	}
	r = d2i_X509_REQ(NULL, &q, (long)len);
	if (r != NULL && q != p + len) {	/* trailing garbage */
		X509_REQ_free(r);
		return NULL;
	}
	return r;
}

int
caissue_csr_key_openssl(const uint8_t *p, size_t len, struct caissue_key *out,
    char *why, size_t whysz)
{
	X509_REQ	*r = NULL;
	EVP_PKEY	*k = NULL;
	const unsigned char *bits;
	unsigned char	*enc = NULL;
	char		 curve[64];
	int		 blen, nbits, elen, rc = -1;

	memset(out, 0, sizeof(*out));

	if ((r = parse_req(p, len)) == NULL) {
		snprintf(why, whysz, "not a PKCS#10 certificate request");
		goto out;
	}
	if ((k = X509_REQ_get_pubkey(r)) == NULL) {
		snprintf(why, whysz, "request has no usable public key");
		goto out;
	}
	if (!sm2_req_verify(r, k)) {
		snprintf(why, whysz, "request signature does not verify "
		    "(no proof of possession)");
		goto out;
	}
	/*
	 * SM2 first: a decoded SM2 key has no legacy type of its own
	 * (EVP_PKEY_get_base_id() is 0 or EC), only EVP_PKEY_is_a().
	 */
	if (sm2_is_key(k)) {
		if (X509_PUBKEY_get0_param(NULL, &bits, &blen, NULL,
		    X509_REQ_get_X509_PUBKEY(r)) != 1 || blen != 65 ||
		    bits[0] != 0x04) {
			snprintf(why, whysz, "SM2 key not in uncompressed "
			    "point form");
			goto out;
		}
	} else switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:
		nbits = EVP_PKEY_get_bits(k);
		if (nbits < 2048 || nbits > 8192) {
			snprintf(why, whysz, "RSA key of %d bits refused "
			    "(2048 to 8192 accepted)", nbits);
			goto out;
		}
		break;
	case EVP_PKEY_EC:
		if (EVP_PKEY_get_utf8_string_param(k,
		    OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof(curve),
		    NULL) != 1 || (strcmp(curve, "prime256v1") != 0 &&
		    strcmp(curve, "secp384r1") != 0)) {
			snprintf(why, whysz, "EC key on an unaccepted curve "
			    "(P-256 and P-384 accepted)");
			goto out;
		}
		/*
		 * The key's bytes go into the certificate as they are, so
		 * insist on the uncompressed point form (RFC 5480 2.2).
		 */
		if (X509_PUBKEY_get0_param(NULL, &bits, &blen, NULL,
		    X509_REQ_get_X509_PUBKEY(r)) != 1 || blen < 1 ||
		    bits[0] != 0x04 || blen != (strcmp(curve, "prime256v1") ==
		    0 ? 65 : 97)) {
			snprintf(why, whysz, "EC key not in uncompressed "
			    "point form");
			goto out;
		}
		break;
	default:
		snprintf(why, whysz, "key type refused (RSA, EC or SM2 "
		    "accepted)");
		goto out;
	}
	/* The key as the request encoded it, re-encoded as DER. */
	if ((elen = i2d_X509_PUBKEY(X509_REQ_get_X509_PUBKEY(r), &enc)) <= 0 ||
	    (out->spki = malloc((size_t)elen)) == NULL) {
		snprintf(why, whysz, "cannot encode the request's key");
		goto out;
	}
	memcpy(out->spki, enc, (size_t)elen);
	out->spki_len = (size_t)elen;
	out->is_rsa = EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA;
	out->pkey = k;
	k = NULL;
	rc = 0;
out:
	ERR_clear_error();
	OPENSSL_free(enc);
	EVP_PKEY_free(k);
	X509_REQ_free(r);
	return rc;
}

int
caissue_csr_key(const uint8_t *p, size_t len, struct caissue_key *out,
    char *why, size_t whysz)
{
	if (caissue_csr_key_fast(p, len, out))
		return 0;
	return caissue_csr_key_openssl(p, len, out, why, whysz);
}

static int
check_value(const char *what, const char *v, int max, int optional,
    char *why, size_t whysz)
{
	int	 n;

	if (v == NULL || *v == '\0') {
		if (optional)
			return 0;
		snprintf(why, whysz, "%s is required", what);
		return -1;
	}
	if ((n = (int)utf8_count(v, strlen(v), "")) < 0) {
		snprintf(why, whysz, "%s is not valid UTF-8 text", what);
		return -1;
	}
	if (n > max) {
		snprintf(why, whysz, "%s is longer than %d characters", what,
		    max);
		return -1;
	}
	return 0;
}

X509_NAME *
caissue_subject(const char *org, const char *ou, const char *cn,
    const char *sn, char *why, size_t whysz)
{
	X509_NAME	*n;

	if (check_value("organization (O)", org, CAISSUE_O_MAX, 0, why,
	    whysz) == -1 ||
	    check_value("unit (OU)", ou, CAISSUE_OU_MAX, 1, why, whysz) == -1 ||
	    check_value("common name (CN)", cn, CAISSUE_CN_MAX, 0, why,
	    whysz) == -1 ||
	    check_value("serialNumber", sn, CAISSUE_SN_MAX, 1, why,
	    whysz) == -1)
		return NULL;
	if ((n = X509_NAME_new()) == NULL)
		return NULL;
	if (!X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8,
	    (const unsigned char *)"CN", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)org, -1, -1, 0) ||
	    (ou != NULL && *ou != '\0' && !X509_NAME_add_entry_by_txt(n, "OU",
	    MBSTRING_UTF8, (const unsigned char *)ou, -1, -1, 0)) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) ||
	    (sn != NULL && *sn != '\0' && !X509_NAME_add_entry_by_txt(n,
	    "serialNumber", MBSTRING_UTF8, (const unsigned char *)sn, -1, -1,
	    0))) {
		log_ssl("caissue_subject", "cannot build name");
		snprintf(why, whysz, "cannot build the subject name");
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

int
caissue_same_key(EVP_PKEY *a, EVP_PKEY *b)
{
	return EVP_PKEY_eq(a, b) == 1;
}
