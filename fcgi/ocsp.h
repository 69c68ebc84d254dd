/*
 * ocsp.h: the OCSP responder (RFC 6960) of the web workers, for linked
 * platforms: POST /ocsp (application/ocsp-request) and GET
 * /ocsp/<base64 of the DER request> (appendix A), answered by the CA
 * daemon's responder (ca/caocsp.h: the delegated responder's key lives
 * there, not in the workers), at the time of the request, so a
 * revocation shows at once.
 */
#ifndef FCGI_OCSP_H
#define FCGI_OCSP_H

#include <stddef.h>
#include <time.h>

#include "fcgi/page.h"

/*
 * Decodes the base64 of a GET request (nginx has already percent-decoded
 * the path) into out, which has room for max bytes: standard alphabet,
 * padding optional but canonical when present.  Returns the number of
 * bytes, or -1.
 */
long	ocsp_b64_decode(const char *s, size_t len, unsigned char *out,
	    size_t max);

/* POST /ocsp and GET /ocsp/<base64>: the handlers. */
int	ocsp_post(struct ctx *c);
int	ocsp_get(struct ctx *c);

#endif
