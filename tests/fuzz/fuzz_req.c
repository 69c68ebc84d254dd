/*
 * fuzz_req.c: libFuzzer target for request parsing (fcgi/req.c).
 *
 * Input: four lines (LF-terminated) then the body:
 *
 *	CONTENT_TYPE \n QUERY_STRING \n HTTP_COOKIE \n REQUEST_URI \n body
 *
 * A missing line is an absent variable (without a REQUEST_URI line the
 * path is DOCUMENT_URI "/"); a NUL byte ends a line's value, as it would
 * a CGI variable.  The request is a POST with CONTENT_LENGTH
 * the body's length; the body is handed out in pieces of 1..13 bytes.
 * Inputs of odd length use tiny limits so that every limit is reached.
 * Nothing may crash, leak or loop, and an accepted request must keep the
 * invariants of req.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/req.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct body {
	const uint8_t	*p;
	size_t		 len, off, step;
};

static long
body_read(void *ctx, void *buf, size_t n)
{
	struct body	*b = ctx;

	if (n > b->step)
		n = b->step;
	if (n > b->len - b->off)
		n = b->len - b->off;
	memcpy(buf, b->p + b->off, n);
	b->off += n;
	return (long)n;
}

/* Returns "name=" and p[0..len) up to any NUL, or NULL. */
static char *
var(const char *name, const uint8_t *p, size_t len)
{
	const uint8_t	*nul;
	char		*s;
	size_t		 nl = strlen(name);

	if ((nul = memchr(p, '\0', len)) != NULL)
		len = (size_t)(nul - p);
	if ((s = malloc(nl + 1 + len + 1)) == NULL)
		abort();
	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, p, len);
	s[nl + 1 + len] = '\0';
	return s;
}

static void
check_pairs(const struct req_pair *v, size_t n,
    const struct req_limits *lim)
{
	size_t	 i;

	if (n > lim->max_fields)
		abort();
	for (i = 0; i < n; i++)
		if (v[i].key[0] == '\0' || strlen(v[i].key) > lim->max_key ||
		    strlen(v[i].val) > lim->max_value)
			abort();
}

static void
check(const struct req *r, const struct req_limits *lim)
{
	size_t	 i;

	if (r->path == NULL || r->path[0] != '/')
		abort();
	check_pairs(r->query, r->nquery, lim);
	check_pairs(r->form, r->nform, lim);
	check_pairs(r->cookie, r->ncookie, lim);
	if (r->nquery > 0 && req_query(r, r->query[0].key) != r->query[0].val)
		abort();
	if (r->nfile > lim->max_files)
		abort();
	for (i = 0; i < r->nfile; i++)
		if (r->file[i].len > lim->max_file ||
		    r->file[i].data[r->file[i].len] != '\0' ||
		    req_file(r, r->file[i].name) == NULL)
			abort();
	/* A raw (OCSP) body is kept whole, and only within its bound. */
	if ((r->raw == NULL) != (r->raw_len == 0) || r->raw_len > lim->max_raw ||
	    (r->raw != NULL && (r->nform > 0 || r->nfile > 0)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"CONTENT_TYPE", "QUERY_STRING", "HTTP_COOKIE", "REQUEST_URI"
	};
	struct req		 r;
	struct req_limits	 lim;
	struct body		 b;
	const uint8_t		*nl;
	char			*env[8], cl[64];
	size_t			 i, n = 0, off = 0;

	req_limits_default(&lim);
	if (size % 2 == 1) {
		lim.max_body = 4096;
		lim.max_env = 512;
		lim.max_key = 8;
		lim.max_value = 32;
		lim.max_fields = 4;
		lim.max_file = 64;
		lim.max_files = 2;
		lim.max_raw = 16;
	}
	env[n++] = var("REQUEST_METHOD", (const uint8_t *)"POST", 4);
	for (i = 0; i < 4 && off < size; i++) {
		if ((nl = memchr(data + off, '\n', size - off)) == NULL)
			nl = data + size;
		env[n++] = var(names[i], data + off, (size_t)(nl - data) - off);
		off = (size_t)(nl - data) + (nl < data + size);
	}
	if (i < 4)
		env[n++] = var("DOCUMENT_URI", (const uint8_t *)"/", 1);
	b.p = data + off;
	b.len = size - off;
	b.off = 0;
	b.step = 1 + size % 13;
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", b.len);
	env[n++] = cl;
	env[n] = NULL;

	if (req_parse(&r, env, body_read, &b, &lim) == REQ_OK)
		check(&r, &lim);
	req_free(&r);
	for (i = 0; i < n; i++)
		if (env[i] != cl)
			free(env[i]);
	return 0;
}
