/*
 * req.h: one HTTP request, parsed and validated from the FastCGI (CGI)
 * environment and body into typed values.
 *
 * The worker hands req_parse() the NULL-terminated "NAME=value" strings of
 * the request and a reader for the body.  Query and form keys then pass
 * the key table (param.h), which checks each declared key and types it;
 * handlers read those typed values, the other fields of struct req
 * (path, addresses, client certificate, uploaded files) and req_cookie()
 * and req_file(), never a query or form name of their own.  This module
 * does not know libfcgi.
 *
 * What a struct req holds after REQ_OK:
 *   - every string is NUL-terminated, valid UTF-8 and owned by the struct;
 *   - path starts with '/' and has no control characters;
 *   - query, form and cookie names are 1..max_key bytes without control
 *     characters; values are at most max_value bytes; form and query
 *     values may contain \t, \r and \n but no other control character;
 *   - duplicated names are all kept in order, and every lookup helper
 *     returns the first one ("first wins");
 *   - an uploaded file's data is opaque bytes (may hold NUL bytes).
 *
 * Body rules (POST only; other methods never read the body):
 *   - CONTENT_LENGTH must be present and a plain decimal number, else
 *     REQ_BAD; it is checked against max_body before a single byte is
 *     read or buffered, else REQ_TOO_LARGE.  A chunked body without
 *     CONTENT_LENGTH is therefore refused: nginx buffers request bodies
 *     and passes the length.
 *   - a body of 0 bytes is not parsed, whatever CONTENT_TYPE says;
 *   - application/x-www-form-urlencoded fills form;
 *   - multipart/form-data fills form (parts without filename) and file
 *     (parts with filename); a file input left empty by the browser
 *     (filename "" and no data) is skipped;
 *   - application/ocsp-request (RFC 6960 appendix A) is kept as it is,
 *     opaque bytes in raw, and only up to max_raw bytes (else
 *     REQ_TOO_LARGE before reading); the OCSP responder parses it;
 *   - any other (or no) CONTENT_TYPE is REQ_UNSUPPORTED_MEDIA, refused
 *     before reading;
 *   - fewer bytes than CONTENT_LENGTH is REQ_BAD.
 */
#ifndef FCGI_REQ_H
#define FCGI_REQ_H

#include <stddef.h>

enum req_method {
	REQ_GET,
	REQ_HEAD,
	REQ_POST,
	REQ_OTHER	/* any other REQUEST_METHOD; the router answers 405 */
};

enum req_status {
	REQ_OK,
	REQ_BAD,		/* malformed input: 400 */
	REQ_TOO_LARGE,		/* over a limit of struct req_limits: 413 */
	REQ_UNSUPPORTED_MEDIA,	/* POST body of another type: 415 */
	REQ_ERROR		/* out of memory, body read failed: 500 */
};

/*
 * Reads up to n bytes of the request body into buf.  Returns the number of
 * bytes read (1..n), 0 at end of body, -1 on error.
 */
typedef long (*req_read_fn)(void *ctx, void *buf, size_t n);

/* Bounds on one request.  Exceeding any of them is REQ_TOO_LARGE. */
struct req_limits {
	size_t	max_body;	/* CONTENT_LENGTH of a POST, bytes */
	size_t	max_env;	/* one CGI variable's raw value, bytes */
	size_t	max_key;	/* a decoded query, form or cookie name */
	size_t	max_value;	/* a decoded query, form or cookie value;
				   also a file name and a part's type */
	size_t	max_fields;	/* entries in each of query, form, cookie */
	size_t	max_file;	/* data of one uploaded file, bytes */
	size_t	max_files;	/* uploaded files per request */
	size_t	max_raw;	/* a raw (application/ocsp-request) body */
};

/* A name and its decoded value. */
struct req_pair {
	char	*key;
	char	*val;
};

/* One uploaded file (a multipart part with a filename parameter). */
struct req_file {
	char		*name;		/* form field name */
	char		*filename;	/* last path component as sent, may
					   be ""; untrusted, for display */
	char		*ctype;		/* part's Content-Type, as sent, or
					   "text/plain" (RFC 7578 default) */
	unsigned char	*data;		/* len bytes, then a NUL not counted */
	size_t		 len;
};

struct req {
	enum req_method	 method;
	char		*path;		/* DOCUMENT_URI, or the path of
					   REQUEST_URI percent-decoded;
					   never NULL after REQ_OK */
	char		*host;		/* HTTP_HOST */
	char		*remote_addr;	/* REMOTE_ADDR */
	int		 https;		/* HTTPS is "on" (or "1") */
	char		*ctype;		/* CONTENT_TYPE, as sent */
	size_t		 clen;		/* CONTENT_LENGTH, 0 if absent */
	char		*ssl_verify;	/* SSL_CLIENT_VERIFY: "SUCCESS",
					   "NONE", "FAILED:reason" */
	char		*ssl_cert;	/* SSL_CLIENT_CERT percent-decoded:
					   the client certificate in PEM */
	char		*ssl_serial;	/* SSL_CLIENT_SERIAL (hex) */
	struct req_pair	*query;		/* QUERY_STRING, in order */
	size_t		 nquery;
	struct req_pair	*form;		/* POST form fields, in order */
	size_t		 nform;
	struct req_pair	*cookie;	/* HTTP_COOKIE, in order */
	size_t		 ncookie;
	struct req_file	*file;		/* uploaded files, in order */
	size_t		 nfile;
	unsigned char	*raw;		/* application/ocsp-request body:
					   raw_len opaque bytes, or NULL */
	size_t		 raw_len;
};

/*
 * Fills lim with the defaults: 11 MiB body (nginx's client_max_body_size),
 * 64 KiB per CGI variable, 64-byte names, 8192-byte values, 100 fields,
 * 11 MiB - 64 KiB per file (10 MiB statements plus a margin, so that the
 * handler can say "too large" itself), 4 files, 64 KiB of raw body (an
 * OCSP request is a few hundred bytes).
 */
void		 req_limits_default(struct req_limits *lim);

/*
 * Parses the request described by envp (NULL-terminated "NAME=value"
 * strings) and, for a POST, the body read through rd(rdctx, ...), into r.
 * lim bounds everything; NULL means req_limits_default().
 *
 * r (not NULL) is zeroed first, without freeing what it held.  Returns
 * REQ_OK when every part of the request is valid, else the first refusal
 * met (the reason is logged).  On refusal r holds what was parsed so far
 * (method and path are parsed first, so they are usually set); in every
 * case the caller releases r with req_free().  A string field of r is
 * NULL when its variable is absent or empty.  rd is called only for a
 * POST with a body of an accepted type; if it is NULL then, REQ_ERROR.
 */
enum req_status	 req_parse(struct req *r, char *const *envp, req_read_fn rd,
		    void *rdctx, const struct req_limits *lim);

/*
 * Frees everything r owns and zeroes r, so that a second call is a no-op.
 * Safe on a zeroed or partially filled struct; r == NULL is a no-op.
 */
void		 req_free(struct req *r);

/*
 * Lookups by exact, case-sensitive name.  Each returns the value of the
 * first entry named key, owned by r and valid until req_free(r); NULL if
 * there is none (or r or key is NULL).  An entry present without a value
 * ("?debug") has value "".  req_query() and req_form() are for the key
 * table (param.c) alone: a handler reads a key's typed value there.
 */
const char	*req_query(const struct req *r, const char *key);
const char	*req_form(const struct req *r, const char *key);
const char	*req_cookie(const struct req *r, const char *key);

/*
 * Returns the first file uploaded under form field name field, owned by r
 * and valid until req_free(r); NULL if there is none.
 */
const struct req_file	*req_file(const struct req *r, const char *field);

#endif
