/*
 * sm2obj.c: signing and verifying OpenSSL's certificate, request and OCSP
 * objects with SM2 and its distinguishing ID, or SHA-256 for every other
 * key (sm2.h).
 *
 * Invariant (as in sm2.c): no SM2 key signs or verifies without SM2_ID;
 * the calls that cannot be given a context (X509_sign, X509_REQ_sign,
 * OCSP_basic_sign) are taken for non-SM2 keys only.
 */
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "lib/sm2.h"

int
sm2_x509_sign(X509 *x, EVP_PKEY *key)
{
	EVP_MD_CTX	*md;
	int		 rc = -1;

	if (!sm2_is_key(key))
		return X509_sign(x, key, EVP_sha256()) > 0 ? 0 : -1;
	if ((md = EVP_MD_CTX_new()) != NULL &&
	    sm2_sign_init(md, NULL, key) == 0 && X509_sign_ctx(x, md) > 0)
		rc = 0;
	EVP_MD_CTX_free(md);
	return rc;
}

int
sm2_req_sign(X509_REQ *r, EVP_PKEY *key)
{
	EVP_MD_CTX	*md;
	int		 rc = -1;

	if (!sm2_is_key(key))
		return X509_REQ_sign(r, key, EVP_sha256()) > 0 ? 0 : -1;
	if ((md = EVP_MD_CTX_new()) != NULL &&
	    sm2_sign_init(md, NULL, key) == 0 && X509_REQ_sign_ctx(r, md) > 0)
		rc = 0;
	EVP_MD_CTX_free(md);
	return rc;
}

int
sm2_ocsp_sign(OCSP_BASICRESP *bs, X509 *signer, EVP_PKEY *key,
    STACK_OF(X509) *certs, unsigned long flags)
{
	EVP_MD_CTX	*md;
	int		 rc = -1;

	if (!sm2_is_key(key))
		return OCSP_basic_sign(bs, signer, key, EVP_sha256(), certs,
		    flags) == 1 ? 0 : -1;
	if ((md = EVP_MD_CTX_new()) != NULL &&
	    sm2_sign_init(md, NULL, key) == 0 &&
	    OCSP_basic_sign_ctx(bs, signer, md, certs, flags) == 1)
		rc = 0;
	EVP_MD_CTX_free(md);
	return rc;
}

/* A new ASN1_OCTET_STRING holding SM2_ID, or NULL. */
static ASN1_OCTET_STRING *
id_string(void)
{
	ASN1_OCTET_STRING	*id;

	if ((id = ASN1_OCTET_STRING_new()) == NULL)
		return NULL;
	if (ASN1_OCTET_STRING_set(id, (const unsigned char *)SM2_ID,
	    SM2_ID_LEN) != 1) {
		ASN1_OCTET_STRING_free(id);
		return NULL;
	}
	return id;
}

int
sm2_x509_verify(X509 *x, EVP_PKEY *issuer_key)
{
	ASN1_OCTET_STRING	*id;
	int			 ok;

	if (!sm2_is_key(issuer_key) || X509_get0_distinguishing_id(x) != NULL)
		return X509_verify(x, issuer_key) == 1;
	if ((id = id_string()) == NULL)
		return 0;
	X509_set0_distinguishing_id(x, id);
	ok = X509_verify(x, issuer_key) == 1;
	X509_set0_distinguishing_id(x, NULL);	/* frees id */
	return ok;
}

int
sm2_req_verify(X509_REQ *r, EVP_PKEY *key)
{
	ASN1_OCTET_STRING	*id;
	int			 ok;

	if (!sm2_is_key(key) || X509_REQ_get0_distinguishing_id(r) != NULL)
		return X509_REQ_verify(r, key) == 1;
	if ((id = id_string()) == NULL)
		return 0;
	X509_REQ_set0_distinguishing_id(r, id);
	ok = X509_REQ_verify(r, key) == 1;
	X509_REQ_set0_distinguishing_id(r, NULL);
	return ok;
}
