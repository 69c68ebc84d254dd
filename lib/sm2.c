/*
 * sm2.c: signing and verifying bytes with SM2 (SM3 and the distinguishing
 * ID) or, for every other key, SHA-256 as before (sm2.h).  Certificates,
 * requests and OCSP responses as OpenSSL objects are in sm2obj.c, which
 * the key process does not link (it signs bytes only).
 *
 * Invariant: no EVP_PKEY_CTX of an SM2 key signs or verifies a byte
 * before EVP_PKEY_CTX_set1_id(SM2_ID) has succeeded on it; every path
 * below that cannot be given a context (X509_sign, X509_REQ_sign,
 * OCSP_basic_sign) is taken for non-SM2 keys only.
 */
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "lib/log.h"
#include "lib/sm2.h"

int
sm2_is_key(const EVP_PKEY *k)
{
	return k != NULL && EVP_PKEY_is_a(k, "SM2");
}

EVP_PKEY *
sm2_keygen(void)
{
	EVP_PKEY	*k;

	if ((k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2")) == NULL)
		log_ssl("sm2_keygen", "cannot make an SM2 key");
	return k;
}

int
sm2_sign_init(EVP_MD_CTX *md, EVP_PKEY_CTX **pctx, EVP_PKEY *key)
{
	EVP_PKEY_CTX	*pc = NULL;

	if (!sm2_is_key(key))
		return EVP_DigestSignInit(md, pctx, EVP_sha256(), NULL,
		    key) == 1 ? 0 : -1;
	if (EVP_DigestSignInit(md, &pc, EVP_sm3(), NULL, key) != 1 ||
	    pc == NULL || EVP_PKEY_CTX_set1_id(pc, SM2_ID, SM2_ID_LEN) != 1)
		return -1;
	if (pctx != NULL)
		*pctx = pc;
	return 0;
}

int
sm2_verify_init(EVP_MD_CTX *md, EVP_PKEY *key)
{
	EVP_PKEY_CTX	*pc = NULL;

	if (!sm2_is_key(key))
		return EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL,
		    key) == 1 ? 0 : -1;
	if (EVP_DigestVerifyInit(md, &pc, EVP_sm3(), NULL, key) != 1 ||
	    pc == NULL || EVP_PKEY_CTX_set1_id(pc, SM2_ID, SM2_ID_LEN) != 1)
		return -1;
	return 0;
}

int
sm2_verify(EVP_PKEY *key, const unsigned char *msg, size_t msglen,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX	*md;
	int		 ok = 0;

	if ((md = EVP_MD_CTX_new()) != NULL && sm2_verify_init(md, key) == 0 &&
	    EVP_DigestVerify(md, sig, siglen, msg, msglen) == 1)
		ok = 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

size_t
sm2_sig_aid(EVP_PKEY_CTX *pctx, EVP_PKEY *key, uint8_t *aid, size_t sz)
{
	OSSL_PARAM	 params[2];
	X509_ALGOR	*alg = NULL;
	unsigned char	*p = aid;
	size_t		 n = 0;
	int		 id, sigid, len;

	/* A provider's key: the provider knows its AlgorithmIdentifier. */
	ERR_set_mark();
	params[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_SIGNATURE_PARAM_ALGORITHM_ID, aid, sz);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_CTX_get_params(pctx, params) == 1 &&
	    OSSL_PARAM_modified(&params[0]) &&
	    params[0].return_size >= 2 && params[0].return_size <= sz &&
	    aid[0] == 0x30) {
		ERR_pop_to_mark();
		return params[0].return_size;
	}
	/* An engine's key (legacy context): as ASN1_item_sign() does. */
	ERR_pop_to_mark();
	id = EVP_PKEY_get_base_id(key);
	if ((id != EVP_PKEY_RSA && id != EVP_PKEY_EC) ||
	    !OBJ_find_sigid_by_algs(&sigid, NID_sha256, id) ||
	    (alg = X509_ALGOR_new()) == NULL ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(sigid), id == EVP_PKEY_RSA ?
	    V_ASN1_NULL : V_ASN1_UNDEF, NULL) ||
	    (len = i2d_X509_ALGOR(alg, NULL)) < 2 || (size_t)len > sz ||
	    i2d_X509_ALGOR(alg, &p) != len)
		goto out;
	n = (size_t)len;
out:
	X509_ALGOR_free(alg);
	return n;
}
