/*
 * sm2.h: the one place that knows how an SM2 key signs and verifies
 * (GB/T 32918.2 signatures, GM/T 0009 for the distinguishing ID, GM/T 0015
 * for certificates and CRLs).  Every certificate, request, CRL and OCSP
 * response this project signs or checks goes through these functions, so
 * `grep sm2_` lists every signature.
 *
 * For an SM2 key (EVP_PKEY_is_a "SM2": a key on the SM2 curve, however it
 * was made or decoded): SM2-with-SM3 (1.2.156.10197.1.501) over
 * SM3(Z || message), Z computed with the standard distinguishing ID
 * SM2_ID, which is set explicitly on every EVP_PKEY_CTX.  OpenSSL 3.0 has
 * no default ID (an unset one is the empty ID, which nobody else uses),
 * and several of its shortcuts drop the ID: X509_REQ_sign() passes none,
 * X509_CRL_verify() and OCSP_basic_verify() take none, and chain
 * verification uses only an ID stored in each X509.  So this file never
 * calls a signing or verifying function that cannot be given the ID.
 *
 * For any other key: SHA-256 through the same OpenSSL calls as before this
 * module existed, so RSA and ECDSA output is unchanged.
 *
 * sm2.c holds the byte-level functions (the key process links only it),
 * sm2obj.c those on OpenSSL's X.509 and OCSP objects.
 *
 * An EVP_MD_CTX set up here signs or verifies one message: the ID enters
 * the digest at the first update and cannot be entered again.
 */
#ifndef LIB_SM2_H
#define LIB_SM2_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#define SM2_ID		"1234567812345678"
#define SM2_ID_LEN	16

/* 1 if k is an SM2 key, else 0 (NULL: 0). */
int	 sm2_is_key(const EVP_PKEY *k);

/* A fresh SM2 key pair (caller frees), or NULL (logged). */
EVP_PKEY *sm2_keygen(void);

/*
 * Starts signing with key in md (a fresh or reset EVP_MD_CTX): SM3 with
 * the ID for SM2, SHA-256 otherwise.  *pctx (if pctx is not NULL) gets the
 * context owned by md.  0, or -1 with OpenSSL's reason queued.
 */
int	 sm2_sign_init(EVP_MD_CTX *md, EVP_PKEY_CTX **pctx, EVP_PKEY *key);

/* The same for verifying with the public key key.  0 / -1. */
int	 sm2_verify_init(EVP_MD_CTX *md, EVP_PKEY *key);

/*
 * 1 if sig (DER ECDSA-Sig-Value for SM2 and ECDSA) is key's signature of
 * msg under the rules above, else 0 (the error queue is cleared).
 */
int	 sm2_verify(EVP_PKEY *key, const unsigned char *msg, size_t msglen,
	    const unsigned char *sig, size_t siglen);

/*
 * Signs a certificate, a request, or an OCSP response (with
 * OCSP_basic_sign()'s arguments but the digest) with key.  0, or -1 with
 * OpenSSL's reason queued.
 */
int	 sm2_x509_sign(X509 *x, EVP_PKEY *key);
int	 sm2_req_sign(X509_REQ *r, EVP_PKEY *key);
int	 sm2_ocsp_sign(OCSP_BASICRESP *bs, X509 *signer, EVP_PKEY *key,
	    STACK_OF(X509) *certs, unsigned long flags);

/*
 * 1 if the certificate x was signed by issuer_key, or the request r by
 * key, else 0.  For an SM2 key the ID is lent to x (or r) for the check
 * only, unless it already carries one, which is then used; so x must not
 * be checked by two threads at once.
 */
int	 sm2_x509_verify(X509 *x, EVP_PKEY *issuer_key);
int	 sm2_req_verify(X509_REQ *r, EVP_PKEY *key);

/*
 * Writes into aid (sz bytes) the DER AlgorithmIdentifier of a SHA-256
 * signature by key, whose signing context pctx was started with
 * EVP_DigestSignInit(): what the provider reports, or, for a key that no
 * provider holds (a token key through an engine: ca/cahsm.c), the same
 * encoding OpenSSL writes for it (sha256WithRSAEncryption with NULL
 * parameters, ecdsa-with-SHA256 without).  Returns its length, or 0.
 */
size_t	 sm2_sig_aid(EVP_PKEY_CTX *pctx, EVP_PKEY *key, uint8_t *aid,
	    size_t sz);

#endif
