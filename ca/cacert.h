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

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "ca/caconf.h"

enum cacert_profile {
	CACERT_ROOT,		/* self-signed root: CA:TRUE, keyCertSign */
	CACERT_ISSUING,		/* issuing CA: CA:TRUE pathlen 0 */
	CACERT_TLS_SERVER,	/* nginx: serverAuth, SAN required */
	CACERT_END_ENTITY,	/* a holder's USB-key certificate */
	CACERT_OCSP,		/* delegated OCSP responder: OCSPSigning,
				   ocsp-nocheck */
	CACERT_NOTICE,		/* signs notices to linked platforms:
				   digitalSignature, emailProtection */
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
 * Builds and signs a certificate (lib/sm2.h: SHA-256, or SM2-with-SM3
 * and the ID for an SM2 issuer key).  Returns it (caller frees) or NULL
 * with the reason logged.
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
/* Writes x as DER to path (mode 0644), fsync'd.  0 / -1 (logged). */
int	 cacert_write_der(const char *path, X509 *x);
/* Reads the first PEM certificate of path.  Caller frees; NULL logged. */
X509	*cacert_read_pem(const char *path);

/* The certificate's notAfter / notBefore as a unix time, or -1. */
time_t	 cacert_not_after(const X509 *x);
time_t	 cacert_not_before(const X509 *x);


/*
 * An end-entity template: the parts of CACERT_END_ENTITY certificates of
 * one issuer that never change (signature algorithm, issuer name, every
 * extension but the SKI, for RSA and for EC keys), encoded once with
 * cacert_build()'s own extension code.  cacert_tmpl_sign() then writes
 * the DER of a certificate straight from it, equal byte for byte to what
 * cacert_build() makes for the same serial, times, subject and key.  A
 * template is read-only after cacert_tmpl_new(), so any number of threads
 * may sign with it at once.
 */
struct cacert_tmpl;

/*
 * NULL with the reason logged.  sig signs for the issuer (ca/casig.h: a
 * local key, or the key process); issuer, sig and conf must outlive it.
 */
struct casig;
struct cacert_tmpl *cacert_tmpl_new(X509 *issuer, const struct casig *sig,
	    const struct caconf *conf);
void	 cacert_tmpl_free(struct cacert_tmpl *t);

/* A certificate made by cacert_tmpl_sign(). */
struct cacert_der {
	uint8_t		*der;		/* malloc'd; caller frees */
	size_t		 der_len;
	char		 serial[33];	/* uppercase hex, 32 digits */
};

/*
 * Draws a serial (as cacert_serial_random), encodes and signs (SHA-256,
 * or SM3 with the ID for an SM2 issuer: lib/sm2.h) an end-entity
 * certificate for subject (DER Name) and spki (DER SubjectPublicKeyInfo,
 * copied as it is), of an RSA key if is_rsa else EC or SM2.  Returns 0
 * with *out filled, or -1 with the reason logged.
 */
int	 cacert_tmpl_sign(const struct cacert_tmpl *t, const uint8_t *subject,
	    size_t subject_len, const uint8_t *spki, size_t spki_len,
	    int is_rsa, time_t not_before, time_t not_after,
	    struct cacert_der *out);

#endif
