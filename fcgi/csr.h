/*
 * csr.h: the web workers' checks of an uploaded PKCS#10 certificate
 * request (the CSR a vendor's tool makes on a new USB key), before the
 * signing daemon sees it, and the few things the operator pages need of
 * an issued certificate (its PEM, whether it carries a given key).
 *
 * The daemon checks every request again (ca/caissue.c); these checks are
 * here so that the operator gets a precise Chinese message at once and a
 * malformed upload never reaches the daemon's socket.
 */
#ifndef FCGI_CSR_H
#define FCGI_CSR_H

#include <stddef.h>

#define CSR_FILE_MAX	(64 * 1024)	/* an uploaded request, bytes */
#define CSR_DER_MAX	(32 * 1024)	/* its DER (ca/caops.c CSR_MAX) */

/* What csr_check() says of an upload. */
enum csr_verdict {
	CSR_OK,			/* "ok" */
	CSR_EMPTY,		/* "empty": no file or 0 bytes */
	CSR_TOO_LARGE,		/* "too_large": over CSR_FILE_MAX */
	CSR_FORMAT,		/* "format": not one PKCS#10 request in
				   PEM or DER, or bytes after it */
	CSR_SIGNATURE,		/* "signature": the request's signature
				   does not verify with its own key (no
				   proof of possession) */
	CSR_WEAK_KEY,		/* "weak_key": not RSA 2048-8192, EC
				   P-256/P-384 or SM2 */
	CSR_SAME_KEY,		/* "same_key": the old certificate's key */
	CSR_KEY_TYPE,		/* "key_type": the old certificate's key
				   is SM2 and this one is not */
	CSR_VERDICT__MAX
};

/* The verdict's code string (static storage; "" out of range). */
const char	*csr_verdict_code(enum csr_verdict);

/*
 * Checks len bytes of an upload: exactly one PKCS#10 request, PEM
 * ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST", whitespace around
 * it only) or DER (nothing after it); its signature verifies with its
 * own public key (SM2: with the ID of lib/sm2.h); the key is RSA
 * 2048-8192 bits, EC on P-256 or P-384, or SM2; and, if old_der (old_len
 * bytes, DER) is given, it differs from that certificate's key and is SM2
 * if that one is (the replacement of an SM2 certificate is SM2).  On
 * CSR_OK *der is the request's DER (malloc'd, caller frees) of *der_len
 * bytes, which is what goes to the daemon; otherwise *der is NULL.
 * Returns the verdict, or -1 on a system failure (logged; an unreadable
 * old certificate is one).
 */
int	 csr_check(const unsigned char *data, size_t len,
	    const unsigned char *old_der, size_t old_len, unsigned char **der,
	    size_t *der_len);

/*
 * 1 if the certificate cert_der carries the public key of the request
 * csr_der (both DER), 0 if not, -1 if either does not parse (logged).
 */
int	 csr_cert_has_key(const unsigned char *cert_der, size_t cert_len,
	    const unsigned char *csr_der, size_t csr_len);

/*
 * The certificate der (DER) as PEM text: *pem malloc'd (caller frees),
 * NUL-terminated, *pem_len bytes without the NUL.  0 / -1 (logged).
 */
int	 csr_cert_pem(const unsigned char *der, size_t len, char **pem,
	    size_t *pem_len);

/*
 * Reads a file of PEM certificates (the CA chain: issuing CA, then
 * root), at most 64 KiB with at least one certificate and nothing but
 * certificates: *pem malloc'd (caller frees), NUL-terminated, *pem_len
 * bytes.  0 / -1 (logged).
 */
int	 csr_chain_load(const char *path, char **pem, size_t *pem_len);

/*
 * 1 if the first certificate of the PEM file path (the issuing CA) has an
 * SM2 key, 0 if not or path is NULL, -1 if it cannot be read (logged).
 */
int	 csr_chain_sm2(const char *path);

#endif
