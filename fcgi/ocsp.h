/*
 * ocsp.h: the OCSP responder (RFC 6960) of the web workers, for linked
 * platforms: POST /ocsp (application/ocsp-request) and GET
 * /ocsp/<base64 of the DER request> (appendix A), answered with a
 * BasicOCSPResponse signed by the delegated responder certificate
 * (OCSPSigning, ocsp-nocheck; its own key, never the CA key).  The
 * status of each certificate is asked of the signing daemon at the time
 * of the request, so a revocation shows at once.
 */
#ifndef FCGI_OCSP_H
#define FCGI_OCSP_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "fcgi/page.h"

/* At most this many certificates in one request (more: malformed). */
#define OCSP_MAX_CERTS	32

struct ocsp_responder;

/*
 * Loads DIR/ocsp.crt (the responder certificate, then the issuing CA
 * that issued it) and DIR/ocsp.key (mode 0600 or stricter) and checks
 * that they belong together: the key is the certificate's, the CA signed
 * it, it carries OCSPSigning and has not expired.  Returns the responder
 * (free with ocsp_free) or NULL with the reason logged.
 */
struct ocsp_responder *ocsp_load(const char *dir);

/*
 * A responder from a signer certificate, its key and the issuing CA, all
 * three up-referenced (the caller keeps its own references).  NULL
 * logged.
 */
struct ocsp_responder *ocsp_new(X509 *signer, EVP_PKEY *key, X509 *issuer);
void	ocsp_free(struct ocsp_responder *o);

/* What the daemon says of one serial of our issuing CA. */
struct ocsp_status {
	long long	 revoked_at;	/* unix time, 0 = not revoked */
	int		 reason;	/* CRLReason, -1 = none given */
};

/*
 * Looks serial (uppercase hex, two digits per byte) up: 0 found (fills
 * *st), 1 not issued by this CA, -1 could not be asked.
 */
typedef int (*ocsp_lookup_fn)(void *ctx, const char *serial,
	    struct ocsp_status *st);

/*
 * Answers the DER request req[0..len) at time now: always an
 * OCSPResponse, *out (malloc'd, caller frees) of *out_len bytes:
 * malformedRequest for anything that is not exactly one DER
 * OCSPRequest with 1..OCSP_MAX_CERTS CertIDs and a nonce of at most 128
 * octets, tryLater when lookup fails, else a signed successful response
 * (good / revoked with time and reason / unknown for each CertID, the
 * nonce copied).  req may be NULL when len is 0.  Returns 0, or -1 only
 * when no response could be made (out of memory, signing failed; logged).
 */
int	ocsp_answer(const struct ocsp_responder *o, const unsigned char *req,
	    size_t len, time_t now, ocsp_lookup_fn lookup, void *ctx,
	    unsigned char **out, size_t *out_len);

/*
 * Decodes the base64 of a GET request (nginx has already percent-decoded
 * the path) into out, which has room for max bytes: standard alphabet,
 * padding optional but canonical when present.  Returns the number of
 * bytes, or -1.
 */
long	ocsp_b64_decode(const char *s, size_t len, unsigned char *out,
	    size_t max);

/* POST /ocsp and GET /ocsp/<base64>: the handlers (c->conf->ocsp). */
int	ocsp_post(struct ctx *c);
int	ocsp_get(struct ctx *c);

#endif
