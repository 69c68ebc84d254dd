/*
 * caocsp.h: the OCSP responder (RFC 6960) of the CA daemon, for linked
 * platforms: a BasicOCSPResponse signed by the delegated responder
 * certificate (OCSPSigning, ocsp-nocheck; its own key, never the CA
 * key), the status of each certificate read from the store at the time
 * of the request.  The web workers bring requests (POST /ocsp, GET
 * /ocsp/<base64>: fcgi/ocsp.c) over PROTO_OCSP.
 */
#ifndef CA_CAOCSP_H
#define CA_CAOCSP_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* At most this many certificates in one request (more: malformed). */
#define CAOCSP_MAX_CERTS	32

struct caocsp;

/*
 * Loads DIR/ocsp.crt (the responder certificate, then the issuing CA
 * that issued it) and DIR/ocsp.key (mode 0600 or stricter) and checks
 * that they belong together: the key is the certificate's, the CA signed
 * it, it carries OCSPSigning and has not expired.  Returns the responder
 * (free with caocsp_free) or NULL with the reason logged.
 */
struct caocsp *caocsp_load(const char *dir);

/*
 * A responder from a signer certificate, its key and the issuing CA, all
 * three up-referenced (the caller keeps its own references).  NULL
 * logged.
 */
struct caocsp *caocsp_new(X509 *signer, EVP_PKEY *key, X509 *issuer);
void	caocsp_free(struct caocsp *o);
/* The responder certificate's notAfter (unix time), -1 if unreadable. */
time_t	caocsp_not_after(const struct caocsp *o);

/*
 * Lints every response with l (borrowed; it must outlive o) before it is
 * signed and again before it is sent (ca/calint.h); a response that
 * breaks the profile is not signed: the request gets internalError (a
 * pre-signed one is not written) and refused(arg, why) is told.
 */
struct calint;
void	caocsp_set_lint(struct caocsp *o, const struct calint *l,
	    void (*refused)(void *arg, const char *why), void *arg);

/* What the daemon says of one serial of our issuing CA. */
struct caocsp_status {
	long long	 revoked_at;	/* unix time, 0 = not revoked */
	int		 reason;	/* CRLReason, -1 = none given */
};

/*
 * Looks serial (uppercase hex, two digits per byte) up: 0 found (fills
 * *st), 1 not issued by this CA, -1 could not be asked.
 */
typedef int (*caocsp_lookup_fn)(void *ctx, const char *serial,
	    struct caocsp_status *st);

/*
 * Answers the DER request req[0..len) at time now: always an
 * OCSPResponse, *out (malloc'd, caller frees) of *out_len bytes:
 * malformedRequest for anything that is not exactly one DER
 * OCSPRequest with 1..CAOCSP_MAX_CERTS CertIDs and a nonce of at most 128
 * octets, tryLater when lookup fails, else a signed successful response
 * (good / revoked with time and reason / unknown for each CertID, the
 * nonce copied).  req may be NULL when len is 0.  Returns 0, or -1 only
 * when no response could be made (out of memory, signing failed; logged).
 */
int	caocsp_answer(const struct caocsp *o, const unsigned char *req,
	    size_t len, time_t now, caocsp_lookup_fn lookup, void *ctx,
	    unsigned char **out, size_t *out_len);

/*
 * Pre-signed responses (RFC 5019), which caocspdir.c keeps as files for
 * nginx.  The file name of serial's response: the base64 of the DER
 * OCSPRequest an RFC 5019 client sends for it (one SHA-1 CertID, no
 * nonce, no extensions) with '/' as '_' and '+' as '-' (nginx.conf maps
 * a GET's path the same way).  0, or -1 logged (sz too small: 160 is
 * enough for a 20-octet serial).
 */
#define CAOCSP_NAME_MAX	160
int	caocsp_static_name(const struct caocsp *o, const char *serial,
	    char *name, size_t sz);
/*
 * A successful response for serial with status st (good, or revoked
 * with its time and reason), thisUpdate now and nextUpdate now + valid,
 * signed by the responder: *out (malloc'd) of *out_len octets.  0 / -1
 * logged.
 */
int	caocsp_presign(const struct caocsp *o, const char *serial,
	    const struct caocsp_status *st, time_t now, time_t valid,
	    unsigned char **out, size_t *out_len);
/*
 * The certificate status that the DER OCSPResponse der[0..len) (one
 * caocsp_presign wrote) gives its first certificate: the CertStatus
 * choice of RFC 6960, CAOCSP_GOOD, CAOCSP_REVOKED or CAOCSP_UNKNOWN;
 * -1 if der is not a successful response with one (nothing logged).
 */
#define CAOCSP_GOOD	0
#define CAOCSP_REVOKED	1
#define CAOCSP_UNKNOWN	2
int	caocsp_presigned_status(const unsigned char *der, size_t len);

#endif
