/*
 * caissue.c: validation of certificate requests and operator-supplied
 * subjects.
 *
 * Invariant: a key returned by caissue_csr_key() belongs to whoever
 * signed the request (proof of possession) and is of an accepted type and
 * size; a name returned by caissue_subject() has only the attributes
 * listed in caissue.h with bounded, well-formed UTF-8 values.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/caissue.h"
#include "lib/utf8.h"
#include "lib/log.h"

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

EVP_PKEY *
caissue_csr_key(const uint8_t *p, size_t len, char *why, size_t whysz,
    X509_REQ **reqp)
{
	X509_REQ	*r = NULL;
	EVP_PKEY	*k = NULL, *ret = NULL;
	const unsigned char *bits;
	char		 curve[64];
	int		 blen, nbits;

	if ((r = parse_req(p, len)) == NULL) {
		snprintf(why, whysz, "not a PKCS#10 certificate request");
		goto out;
	}
	if ((k = X509_REQ_get_pubkey(r)) == NULL) {
		snprintf(why, whysz, "request has no usable public key");
		goto out;
	}
	if (X509_REQ_verify(r, k) != 1) {
		snprintf(why, whysz, "request signature does not verify "
		    "(no proof of possession)");
		goto out;
	}
	switch (EVP_PKEY_get_base_id(k)) {
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
		snprintf(why, whysz, "key type refused (RSA or EC accepted)");
		goto out;
	}
	ret = k;
	k = NULL;
	if (reqp != NULL) {
		*reqp = r;
		r = NULL;
	}
out:
	ERR_clear_error();
	EVP_PKEY_free(k);
	X509_REQ_free(r);
	return ret;
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
