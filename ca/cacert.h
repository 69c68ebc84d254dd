/*
 * cacert.h: building, signing, reading and writing X.509 certificates.
 *
 * Every certificate this project makes goes through cacert_build(), so the
 * rules of RFC 5280 that apply to all of them (v3, positive random serial
 * with 126 random bits, UTCTime/GeneralizedTime by date, SKI, AKI from
 * the issuer's SKI, UTF8String names) are enforced in one place.
 */
#ifndef CA_CACERT_H
#define CA_CACERT_H

#include <time.h>

#include <openssl/x509.h>

#include "ca/caconf.h"

enum cacert_profile {
	CACERT_ROOT,		/* self-signed root: CA:TRUE, keyCertSign */
	CACERT_ISSUING,		/* issuing CA: CA:TRUE pathlen 0 */
	CACERT_TLS_SERVER,	/* nginx: serverAuth, SAN required */
	CACERT_END_ENTITY,	/* a holder's USB-key certificate */
	CACERT__MAX
};

struct cacert_req {
	enum cacert_profile	 profile;
	X509_NAME		*subject;	/* borrowed */
	EVP_PKEY		*pubkey;	/* borrowed, subject's key */
	/* Optional: the same key as it was encoded in the request; its
	 * bytes are copied as they are (cheaper than re-encoding pubkey). */
	const X509_PUBKEY	*spki;
	time_t			 not_before;
	time_t			 not_after;
	const char		*san;		/* "IP:..,DNS:.." or NULL */
	X509			*issuer;	/* NULL for self-signed */
	EVP_PKEY		*issuer_key;	/* signing key (borrowed) */
	const struct caconf	*conf;		/* for CRL/AIA URLs */
};

/*
 * Builds and signs a certificate.  Returns it (caller frees) or NULL with
 * the reason logged.
 */
X509	*cacert_build(const struct cacert_req *r);

/* Makes an X509_NAME C=CN, O=org, [OU=ou,] CN=cn (UTF-8). NULL on error. */
X509_NAME *cacert_name(const char *org, const char *ou, const char *cn);

/* Fills a positive random serial of 128 bits (top bit clear).  0 / -1. */
int	 cacert_serial_random(ASN1_INTEGER *serial);

/*
 * Writes n certificates as PEM to path atomically (temp file, fsync,
 * rename), mode 0644.  Returns 0 / -1.
 */
int	 cacert_write_pem(const char *path, X509 *const *certs, int n);
/* Reads the first PEM certificate of path.  Caller frees; NULL logged. */
X509	*cacert_read_pem(const char *path);

/* The certificate's notAfter as a unix time, or -1. */
time_t	 cacert_not_after(const X509 *x);

#endif
