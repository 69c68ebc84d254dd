/*
 * ocsp.c: the web side of the OCSP responder (RFC 6960): POST /ocsp
 * (application/ocsp-request) and GET /ocsp/<base64 of the DER request>
 * (appendix A).  The workers hold no OCSP key: they pass the request's
 * bytes to the CA daemon, whose responder (ca/caocsp.c) reads the
 * status from its store and signs with the delegated responder key,
 * and send its OCSPResponse back as it is (Cache-Control: no-store).
 * A daemon that cannot be asked gets tryLater (unsigned, RFC 6960
 * 4.2.1), made here.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/ocsp.h>

#include "fcgi/caclient.h"
#include "fcgi/ocsp.h"
#include "fcgi/webca.h"
#include "lib/b64.h"
#include "lib/log.h"

#define GET_PREFIX	"/ocsp/"

long
ocsp_b64_decode(const char *s, size_t len, unsigned char *out, size_t max)
{
	char	*buf;
	size_t	 n = len, pad;
	long	 r;

	while (n > 0 && s[n - 1] == '=')
		n--;
	pad = len - n;
	if (n == 0 || pad > 2 || (pad > 0 && len % 4 != 0) || n % 4 == 1 ||
	    memchr(s, '\0', len) != NULL)
		return -1;
	/* b64_decode() wants canonical padded text: pad it ourselves. */
	if ((buf = malloc(n + 3)) == NULL)
		return -1;
	memcpy(buf, s, n);
	for (pad = 0; (n + pad) % 4 != 0; pad++)
		buf[n + pad] = '=';
	r = b64_decode(buf, n + pad, out, 1, max);
	free(buf);
	return r;
}

/* Answers der[0..len) (NULL: no request) as the response body. */
static int
answer(struct ctx *c, const unsigned char *der, size_t len)
{
	OCSP_RESPONSE	*resp;
	unsigned char	*out = NULL, *p;
	size_t		 out_len = 0;
	int		 n;

	if (caclient_ocsp(webca_for_ocsp(c->conf, der, len)->sock, der, len,
	    &out,
	    &out_len) == -1) {
		log_warn("ocsp: the daemon cannot be asked: tryLater");
		if ((resp = OCSP_response_create(
		    OCSP_RESPONSE_STATUS_TRYLATER, NULL)) == NULL ||
		    (n = i2d_OCSP_RESPONSE(resp, NULL)) <= 0 ||
		    (out = malloc((size_t)n)) == NULL) {
			OCSP_RESPONSE_free(resp);
			return -1;
		}
		p = out;
		out_len = (size_t)i2d_OCSP_RESPONSE(resp, &p);
		OCSP_RESPONSE_free(resp);
	}
	return page_blob(c, "application/ocsp-response", NULL, (char *)out,
	    out_len);
}

int
ocsp_post(struct ctx *c)
{
	return answer(c, c->req->raw, c->req->raw_len);
}

int
ocsp_get(struct ctx *c)
{
	const char	*b;
	unsigned char	*der;
	size_t		 len;
	long		 n;
	int		 rc;

	if (strncmp(c->req->path, GET_PREFIX, strlen(GET_PREFIX)) != 0)
		return answer(c, NULL, 0);
	b = c->req->path + strlen(GET_PREFIX);
	len = strlen(b);
	if ((der = malloc(len / 4 * 3 + 3)) == NULL)
		return -1;
	n = ocsp_b64_decode(b, len, der, len / 4 * 3 + 3);
	rc = answer(c, n > 0 ? der : NULL, n > 0 ? (size_t)n : 0);
	free(der);
	return rc;
}
