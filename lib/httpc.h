/*
 * httpc.h: a small, strict HTTP client for server-to-server POSTs (a
 * payment gateway's notification, a notice to a linked platform).
 *
 * One request per connection, HTTP/1.0 (so the reply is never chunked),
 * to an "http://HOST[:PORT]/PATH" or "https://..." URL whose host is an
 * IP address or a DNS name.  HTTPS verifies the server's certificate
 * chain against a CA file and its name (or IP address) against the URL.
 * Every step has one overall deadline.  The reply's status and body are
 * returned; nothing else of it is trusted.
 */
#ifndef LIB_HTTPC_H
#define LIB_HTTPC_H

#include <stddef.h>

struct httpc_req {
	const char	*url;
	const char	*ctype;		/* Content-Type of the body */
	const void	*body;
	size_t		 body_len;
	const char	*cafile;	/* HTTPS: trusted CAs (PEM); NULL:
					   the system's default paths */
	const void	*ca_der;	/* HTTPS: trust exactly this one
					   certificate (DER: a CA or the
					   server's own) instead */
	size_t		 ca_der_len;
	const char	*headers;	/* NULL, or extra "Name: value\r\n"
					   lines (printable ASCII, <= 1 KiB) */
	int		 timeout_ms;	/* the whole exchange */
};

struct httpc_resp {
	int		 status;	/* 100-599 */
	char		 body[4096];	/* NUL-terminated, the first
					   sizeof-1 bytes */
	size_t		 body_len;
};

/*
 * Sends req and reads the reply into resp.  Returns 0 when a well-formed
 * HTTP reply arrived (whatever its status), -1 otherwise (bad URL, no
 * connection, TLS or certificate failure, timeout, malformed reply); err
 * (errsz bytes) then says what went wrong in one line.
 */
int	httpc_post(const struct httpc_req *req, struct httpc_resp *resp,
	    char *err, size_t errsz);

/* 1 if url is an http(s) URL httpc_post() accepts (*tls: 1 for https;
 * tls may be NULL), else 0. */
int	httpc_url_ok(const char *url, int *tls);

#endif
