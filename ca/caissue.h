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

/*
 * Parses a PKCS#10 request (DER, or PEM "CERTIFICATE REQUEST"), verifies
 * its signature with its own key and checks the key: RSA 2048..8192 bits,
 * or EC on P-256 or P-384.  Returns the public key (caller frees) or NULL
 * with a one-line English reason in why.  If reqp is not NULL, the parsed
 * request is handed over there too (caller frees), so its encoded key
 * can be copied into the certificate as it is.
 */
EVP_PKEY	*caissue_csr_key(const uint8_t *p, size_t len, char *why,
		    size_t whysz, X509_REQ **reqp);

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
