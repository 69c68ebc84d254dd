/*
 * caissue.h: checking what an end-entity certificate is made from: the
 * PKCS#10 request (proof of possession, key strength) and the subject the
 * operator supplies.  Nothing of the request but its public key is used.
 */
#ifndef CA_CAISSUE_H
#define CA_CAISSUE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Upper bounds from RFC 5280 appendix A (ub-*). */
#define CAISSUE_CN_MAX		64
#define CAISSUE_O_MAX		64
#define CAISSUE_OU_MAX		64
#define CAISSUE_SN_MAX		64

/* A requester's public key, checked (see caissue_csr_key). */
struct caissue_key {
	EVP_PKEY	*pkey;		/* owned */
	uint8_t		*spki;		/* its SubjectPublicKeyInfo, DER */
	size_t		 spki_len;
	int		 is_rsa;	/* else EC or SM2 */
};

/* Frees what k holds and zeroes it; NULL is a no-op. */
void		 caissue_key_clear(struct caissue_key *k);

/*
 * Parses a PKCS#10 request (DER, or PEM "CERTIFICATE REQUEST"), verifies
 * its signature with its own key (SM2: with the ID of lib/sm2.h) and
 * checks the key: RSA 2048..8192 bits, EC on P-256 or P-384, or SM2,
 * the last two as an uncompressed point.  Returns 0 with *out
 * filled (the caller clears it), or -1 with a one-line English reason in
 * why.  Thread-safe.
 */
int		 caissue_csr_key(const uint8_t *p, size_t len,
		    struct caissue_key *out, char *why, size_t whysz);

/*
 * The two paths caissue_csr_key() takes, for tests: the reference
 * (OpenSSL's X509_REQ decoder; same contract), and the fast path, which
 * returns 1 with *out filled if it accepts the request, or 0 if it does
 * not recognise it or it fails (the reference path then decides).
 */
int		 caissue_csr_key_openssl(const uint8_t *p, size_t len,
		    struct caissue_key *out, char *why, size_t whysz);
int		 caissue_csr_key_fast(const uint8_t *p, size_t len,
		    struct caissue_key *out);

/*
 * Builds the subject C=CN, O=org, [OU=ou,] CN=cn[, serialNumber=sn] from
 * operator input.  Each value must be valid UTF-8 without control
 * characters, 1..64 characters (ou and sn may be empty = absent).
 * Returns the name (caller frees) or NULL with a reason in why.
 */
X509_NAME	*caissue_subject(const char *org, const char *ou,
		    const char *cn, const char *sn, char *why, size_t whysz);

/* Returns 1 if the two keys are the same public key, else 0. */
int		 caissue_same_key(EVP_PKEY *a, EVP_PKEY *b);

#endif
