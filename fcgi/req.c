/*
 * req.c: parsing and validation of one request into a struct req (the
 * contract is in req.h).
 *
 * This file owns everything a struct req points to, and is the only code
 * that reads the CGI environment, the query string, cookies or a request
 * body.  Invariants:
 *   - a length is checked against struct req_limits before its bytes are
 *     copied; a POST body's CONTENT_LENGTH before the first read;
 *   - a value is stored in the struct only once it has passed its checks,
 *     so the struct never holds unvalidated text, and a list grows only by
 *     complete entries, so req_free() is safe at any point of a refusal;
 *   - every loop walks its input once, left to right, with indices that
 *     never pass its end; there is no recursion and nothing depends on a
 *     NUL terminator except CGI variables, which are C strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fcgi/req.h"
#include "lib/hex.h"
#include "lib/utf8.h"
#include "lib/log.h"

#define MP_BOUNDARY_MAX	70	/* RFC 2046 5.1.1 */
#define NOT_FOUND	SIZE_MAX

/* The control characters a kind of text may hold; NUL never. */
#define CTL_NONE	""
#define CTL_TAB		"\t"
#define CTL_TEXT	"\t\r\n"

static const char *const methods[] = {
	"GET",		/* REQ_GET */
	"HEAD",		/* REQ_HEAD */
	"POST",		/* REQ_POST */
};

static const char *const status_names[] = {
	"accepted",			/* REQ_OK */
	"malformed",			/* REQ_BAD */
	"over a limit",			/* REQ_TOO_LARGE */
	"unsupported media type",	/* REQ_UNSUPPORTED_MEDIA */
	"internal error",		/* REQ_ERROR */
};

void
req_limits_default(struct req_limits *lim)
{
	/* nginx's client_max_body_size (11m) is the same bound. */
	lim->max_body = 11 * 1024 * 1024;
	lim->max_env = 64 * 1024;
	lim->max_key = 64;
	lim->max_value = 8192;
	lim->max_fields = 100;
	/* A stamped statement may be 10 MiB; the margin lets a handler, not
	 * the parser, refuse a file just over its own limit by name. */
	lim->max_file = 11 * 1024 * 1024 - 64 * 1024;
	lim->max_files = 4;
	lim->max_raw = 64 * 1024;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 9110 tchar: the characters of a token (header and cookie names). */
static int
is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int
all_tchar(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!is_tchar(s[i]))
			return 0;
	return 1;
}

/* RFC 6265 cookie-octet. */
static int
is_cookie_octet(char ch)
{
	unsigned char	 c = (unsigned char)ch;

	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

/*
 * Returns 1 if s[0..len) is valid UTF-8 whose only control characters
 * are in allow (lib/utf8.h), 0 if not.
 */
static int
text_ok(const char *s, size_t len, const char *allow)
{
	return utf8_count(s, len, allow) >= 0;
}

/* Returns a NUL-terminated copy of s[0..len), or NULL. */
static char *
dup_mem(const char *s, size_t len)
{
	char	*d;

	if (len == SIZE_MAX || (d = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/*
 * Decodes the %XX escapes of s[0..len), and '+' as a space if plus, into
 * *out, a new NUL-terminated string of *outlen bytes (which may hold NUL
 * bytes: the caller checks).  Returns REQ_OK, REQ_BAD for an escape that
 * is not '%' and two hex digits, or REQ_ERROR.  *out is NULL unless
 * REQ_OK.
 */
static enum req_status
url_decode(const char *s, size_t len, int plus, char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, j;
	int	 hi, lo;

	*out = NULL;
	if (len == SIZE_MAX || (d = malloc(len + 1)) == NULL)
		return REQ_ERROR;
	for (i = j = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (hi = hex_digit((unsigned char)s[i + 1])) == -1 ||
			    (lo = hex_digit((unsigned char)s[i + 2])) == -1) {
				free(d);
				return REQ_BAD;
			}
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+')
			d[j++] = ' ';
		else
			d[j++] = s[i];
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return REQ_OK;
}

/*
 * Returns v, or v reallocated, with room for element number n + 1 of sz
 * bytes, given that v holds n elements (capacity: 8, then doubling).
 * NULL on failure, v untouched.
 */
static void *
grow(void *v, size_t n, size_t sz)
{
	size_t	 cap;

	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return v;
	cap = n == 0 ? 8 : n * 2;
	if (cap < n || cap > SIZE_MAX / sz)
		return NULL;
	return realloc(v, cap * sz);
}

/*
 * Appends (key, val) to the list *v of *n pairs, taking ownership of both
 * strings in every case.  Returns 0, or -1 (both freed).
 */
static int
pair_add(struct req_pair **v, size_t *n, char *key, char *val)
{
	struct req_pair	*p;

	if (key == NULL || val == NULL ||
	    (p = grow(*v, *n, sizeof(**v))) == NULL) {
		free(key);
		free(val);
		return -1;
	}
	*v = p;
	p[*n].key = key;
	p[*n].val = val;
	(*n)++;
	return 0;
}

/* Returns the value of CGI variable name in envp, or NULL if absent. */
static const char *
env_get(char *const *envp, const char *name)
{
	size_t	 n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/*
 * Sets *v and *len to CGI variable name, or *v to NULL if it is absent or
 * empty.  Returns REQ_OK, or REQ_TOO_LARGE past max_env.
 */
static enum req_status
env_raw(char *const *envp, const char *name, const struct req_limits *lim,
    const char **v, size_t *len)
{
	*len = 0;
	if ((*v = env_get(envp, name)) == NULL || **v == '\0') {
		*v = NULL;
		return REQ_OK;
	}
	*len = strnlen(*v, lim->max_env < SIZE_MAX ? lim->max_env + 1 :
	    SIZE_MAX);
	if (*len > lim->max_env)
		return REQ_TOO_LARGE;
	return REQ_OK;
}

/*
 * Copies CGI variable name into *out (NULL if absent or empty) once it is
 * known to be text with no control character but those in allow.
 */
static enum req_status
env_text(char *const *envp, const char *name, const char *allow,
    const struct req_limits *lim, char **out)
{
	const char	*v;
	size_t		 len;
	enum req_status	 st;

	*out = NULL;
	if ((st = env_raw(envp, name, lim, &v, &len)) != REQ_OK || v == NULL)
		return st;
	if (!text_ok(v, len, allow))
		return REQ_BAD;
	if ((*out = dup_mem(v, len)) == NULL)
		return REQ_ERROR;
	return REQ_OK;
}

/*
 * r->path from DOCUMENT_URI (nginx has decoded and normalised it), else
 * from REQUEST_URI up to '?', percent-decoded here.
 */
static enum req_status
parse_path(struct req *r, char *const *envp, const struct req_limits *lim)
{
	const char	*v, *q;
	char		*p;
	size_t		 len;
	enum req_status	 st;

	if ((st = env_raw(envp, "DOCUMENT_URI", lim, &v, &len)) != REQ_OK)
		return st;
	if (v != NULL) {
		if ((p = dup_mem(v, len)) == NULL)
			return REQ_ERROR;
	} else {
		st = env_raw(envp, "REQUEST_URI", lim, &v, &len);
		if (st != REQ_OK)
			return st;
		if (v == NULL)
			return REQ_BAD;
		if ((q = memchr(v, '?', len)) != NULL)
			len = (size_t)(q - v);
		if ((st = url_decode(v, len, 0, &p, &len)) != REQ_OK)
			return st;
	}
	if (len == 0 || p[0] != '/' || !text_ok(p, len, CTL_NONE)) {
		free(p);
		return REQ_BAD;
	}
	r->path = p;
	return REQ_OK;
}

/*
 * Parses CONTENT_LENGTH s (decimal digits only) into *out.  Returns
 * REQ_OK, REQ_BAD, or REQ_TOO_LARGE if it does not fit a size_t.
 */
static enum req_status
parse_clen(const char *s, size_t *out)
{
	size_t	 v = 0, d;
	int	 over = 0;

	if (*s == '\0')
		return REQ_BAD;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return REQ_BAD;
		d = (size_t)(*s - '0');
		if (v > (SIZE_MAX - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	*out = v;
	return over ? REQ_TOO_LARGE : REQ_OK;
}

/*
 * Parses "k=v&k2=v2" (query string or urlencoded body) in s[0..len) onto
 * the list *v of *n pairs.  Empty segments and segments with an empty
 * name ("=x") are skipped; "k" alone has value "".
 */
static enum req_status
parse_pairs(struct req_pair **v, size_t *n, const char *s, size_t len,
    const struct req_limits *lim)
{
	char		*k = NULL, *val = NULL;
	size_t		 i = 0, j, e, vs, klen, vlen, kl, vl;
	enum req_status	 st = REQ_OK;

	while (i < len) {
		for (j = i; j < len && s[j] != '&'; j++)
			continue;
		for (e = i; e < j && s[e] != '='; e++)
			continue;
		klen = e - i;
		vs = e < j ? e + 1 : j;
		vlen = j - vs;
		if (klen > 0) {
			/* Decoding shrinks at most 3 to 1. */
			if (*n >= lim->max_fields || klen / 3 > lim->max_key ||
			    vlen / 3 > lim->max_value) {
				st = REQ_TOO_LARGE;
				goto out;
			}
			if ((st = url_decode(s + i, klen, 1, &k, &kl)) !=
			    REQ_OK ||
			    (st = url_decode(s + vs, vlen, 1, &val, &vl)) !=
			    REQ_OK)
				goto out;
			if (kl > lim->max_key || vl > lim->max_value) {
				st = REQ_TOO_LARGE;
				goto out;
			}
			if (!text_ok(k, kl, CTL_NONE) ||
			    !text_ok(val, vl, CTL_TEXT)) {
				st = REQ_BAD;
				goto out;
			}
			st = pair_add(v, n, k, val) == 0 ? REQ_OK : REQ_ERROR;
			k = val = NULL;
			if (st != REQ_OK)
				goto out;
		}
		i = j + 1;
	}
out:
	free(k);
	free(val);
	return st;
}

/*
 * Parses HTTP_COOKIE s[0..len), "a=b; c=d" (RFC 6265 5.4), onto
 * r->cookie.  Whitespace around pairs and around '=' is tolerated, a
 * quoted value is unquoted; a pair without '=', with a name that is not a
 * token or a value that is not cookie-octets is ignored.  Values are kept
 * as sent, not percent-decoded.
 */
static enum req_status
parse_cookies(struct req *r, const char *s, size_t len,
    const struct req_limits *lim)
{
	size_t	 i = 0, j, b, e, eq, ke, vb, k;

	while (i < len) {
		for (j = i; j < len && s[j] != ';'; j++)
			continue;
		b = i;
		e = j;
		i = j + 1;
		while (b < e && is_ows(s[b]))
			b++;
		while (e > b && is_ows(s[e - 1]))
			e--;
		for (eq = b; eq < e && s[eq] != '='; eq++)
			continue;
		if (eq == e)
			continue;
		for (ke = eq; ke > b && is_ows(s[ke - 1]); ke--)
			continue;
		for (vb = eq + 1; vb < e && is_ows(s[vb]); vb++)
			continue;
		if (ke == b || !all_tchar(s + b, ke - b))
			continue;
		if (e - vb >= 2 && s[vb] == '"' && s[e - 1] == '"') {
			vb++;
			e--;
		}
		for (k = vb; k < e && is_cookie_octet(s[k]); k++)
			continue;
		if (k != e)
			continue;
		if (r->ncookie >= lim->max_fields || ke - b > lim->max_key ||
		    e - vb > lim->max_value)
			return REQ_TOO_LARGE;
		if (pair_add(&r->cookie, &r->ncookie, dup_mem(s + b, ke - b),
		    dup_mem(s + vb, e - vb)) == -1)
			return REQ_ERROR;
	}
	return REQ_OK;
}

/*
 * Returns 1 if the media type of header value s[0..len) (what precedes
 * any ';') is type, compared case-insensitively; 0 if not.
 */
static int
media_is(const char *s, size_t len, const char *type)
{
	size_t	 b = 0, e, tl = strlen(type);

	while (b < len && is_ows(s[b]))
		b++;
	for (e = b; e < len && s[e] != ';'; e++)
		continue;
	while (e > b && is_ows(s[e - 1]))
		e--;
	return e - b == tl && strncasecmp(s + b, type, tl) == 0;
}

/*
 * Finds parameter want (name compared case-insensitively) in header value
 * s[0..len) of the form `type; a=b; c="d"`.  A quoted value ends at the
 * next '"' (browsers percent-encode '"' in names, and send '\' as is, so
 * there are no backslash escapes).  Returns 1 with *val and *vlen set to
 * the first match, unquoted; 0 if absent; -1 if the parameters are
 * malformed.
 */
static int
hdr_param(const char *s, size_t len, const char *want, const char **val,
    size_t *vlen)
{
	size_t	 i, ns, nl, vs, vl, wl = strlen(want);
	int	 found = 0;

	for (i = 0; i < len && s[i] != ';'; i++)
		continue;
	while (i < len) {
		i++;			/* the ';' */
		while (i < len && is_ows(s[i]))
			i++;
		if (i == len)
			break;		/* a trailing ';' */
		for (ns = i; i < len && is_tchar(s[i]); i++)
			continue;
		nl = i - ns;
		while (i < len && is_ows(s[i]))
			i++;
		if (nl == 0 || i == len || s[i] != '=')
			return -1;
		i++;
		while (i < len && is_ows(s[i]))
			i++;
		if (i < len && s[i] == '"') {
			for (vs = ++i; i < len && s[i] != '"'; i++)
				continue;
			if (i == len)
				return -1;
			vl = i++ - vs;
		} else {
			for (vs = i; i < len && s[i] != ';' && !is_ows(s[i]) &&
			    s[i] != '"'; i++)
				continue;
			vl = i - vs;
		}
		while (i < len && is_ows(s[i]))
			i++;
		if (i < len && s[i] != ';')
			return -1;
		if (!found && nl == wl && strncasecmp(s + ns, want, wl) == 0) {
			found = 1;
			*val = s + vs;
			*vlen = vl;
		}
	}
	return found;
}

/* Returns 1 if b[0..len) is a legal RFC 2046 boundary, 0 if not. */
static int
boundary_ok(const char *b, size_t len)
{
	size_t	 i;

	if (len == 0 || len > MP_BOUNDARY_MAX || b[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') ||
		    (b[i] >= 'A' && b[i] <= 'Z') ||
		    (b[i] >= '0' && b[i] <= '9') ||
		    (b[i] != '\0' && strchr("'()+_,-./:=? ", b[i]) != NULL)))
			return 0;
	return 1;
}

/*
 * Returns the offset of the first d[0..dlen) in b[from..len), or
 * NOT_FOUND.  d[0] occurs only once in d (it is the CR of a delimiter),
 * so partial matches never overlap and the search is linear.
 */
static size_t
find(const char *b, size_t len, size_t from, const char *d, size_t dlen)
{
	const char	*p;

	while (from < len && len - from >= dlen) {
		if ((p = memchr(b + from, d[0], len - from - dlen + 1)) ==
		    NULL)
			break;
		from = (size_t)(p - b);
		if (memcmp(p, d, dlen) == 0)
			return from;
		from++;
	}
	return NOT_FOUND;
}

/*
 * Parses one multipart part p[0..len): header lines, an empty line, the
 * content (the empty line and content may be absent: empty content).
 * A part needs Content-Disposition: form-data with a name; with a filename
 * parameter it is a file, else a form field.  Content-Disposition and
 * Content-Type may appear once; other headers are ignored.
 */
static enum req_status
mp_part(struct req *r, const char *p, size_t len,
    const struct req_limits *lim)
{
	struct req_file	*f;
	const char	*disp = NULL, *ct = NULL, *name = NULL, *fname = NULL;
	const char	*data = NULL;
	char		*k = NULL, *fn = NULL, *ctype = NULL;
	unsigned char	*d = NULL;
	size_t		 displen = 0, ctlen = 0, namelen = 0, fnlen = 0;
	size_t		 dlen = 0, i = 0, eol, colon, vb, ve;
	int		 rc = 0;
	enum req_status	 st = REQ_BAD;

	for (;;) {
		if (i == len) {
			data = p + len;
			dlen = 0;
			break;
		}
		for (eol = i; eol + 1 < len &&
		    !(p[eol] == '\r' && p[eol + 1] == '\n'); eol++)
			continue;
		if (eol + 1 >= len)
			goto out;		/* a line without CRLF */
		if (eol == i) {
			data = p + eol + 2;
			dlen = len - eol - 2;
			break;
		}
		for (colon = i; colon < eol && p[colon] != ':'; colon++)
			continue;
		if (colon == eol || !all_tchar(p + i, colon - i) || colon == i)
			goto out;
		for (vb = colon + 1; vb < eol && is_ows(p[vb]); vb++)
			continue;
		for (ve = eol; ve > vb && is_ows(p[ve - 1]); ve--)
			continue;
		if (colon - i == 19 &&
		    strncasecmp(p + i, "Content-Disposition", 19) == 0) {
			if (disp != NULL)
				goto out;
			disp = p + vb;
			displen = ve - vb;
		} else if (colon - i == 12 &&
		    strncasecmp(p + i, "Content-Type", 12) == 0) {
			if (ct != NULL)
				goto out;
			ct = p + vb;
			ctlen = ve - vb;
		}
		i = eol + 2;
	}

	if (disp == NULL || !media_is(disp, displen, "form-data") ||
	    hdr_param(disp, displen, "name", &name, &namelen) != 1 ||
	    (rc = hdr_param(disp, displen, "filename", &fname, &fnlen)) == -1)
		goto out;
	if (namelen > lim->max_key) {
		st = REQ_TOO_LARGE;
		goto out;
	}
	if (namelen == 0 || !text_ok(name, namelen, CTL_NONE))
		goto out;

	if (rc == 0) {
		/* A form field. */
		if (r->nform >= lim->max_fields || dlen > lim->max_value) {
			st = REQ_TOO_LARGE;
			goto out;
		}
		if (!text_ok(data, dlen, CTL_TEXT))
			goto out;
		st = pair_add(&r->form, &r->nform, dup_mem(name, namelen),
		    dup_mem(data, dlen)) == 0 ? REQ_OK : REQ_ERROR;
		goto out;
	}

	/* A file.  A file input left empty is sent as filename="". */
	if (fnlen == 0 && dlen == 0) {
		st = REQ_OK;
		goto out;
	}
	/* Keep the last path component (old browsers send C:\dir\name). */
	for (i = fnlen; i > 0 && fname[i - 1] != '/' && fname[i - 1] != '\\';
	    i--)
		continue;
	fname += i;
	fnlen -= i;
	if (r->nfile >= lim->max_files || dlen > lim->max_file ||
	    fnlen > lim->max_value || ctlen > lim->max_value) {
		st = REQ_TOO_LARGE;
		goto out;
	}
	if (!text_ok(fname, fnlen, CTL_NONE) ||
	    (ct != NULL && !text_ok(ct, ctlen, CTL_TAB)))
		goto out;
	if (ct == NULL || ctlen == 0) {
		ct = "text/plain";
		ctlen = strlen(ct);
	}
	st = REQ_ERROR;
	if ((k = dup_mem(name, namelen)) == NULL ||
	    (fn = dup_mem(fname, fnlen)) == NULL ||
	    (ctype = dup_mem(ct, ctlen)) == NULL ||
	    (d = malloc(dlen + 1)) == NULL ||
	    (f = grow(r->file, r->nfile, sizeof(*f))) == NULL)
		goto out;
	memcpy(d, data, dlen);
	d[dlen] = '\0';
	r->file = f;
	f += r->nfile++;
	f->name = k;
	f->filename = fn;
	f->ctype = ctype;
	f->data = d;
	f->len = dlen;
	k = fn = ctype = NULL;
	d = NULL;
	st = REQ_OK;
out:
	free(k);
	free(fn);
	free(ctype);
	free(d);
	return st;
}

/*
 * Parses multipart/form-data body b[0..len) with boundary bnd[0..blen)
 * (RFC 2046 5.1, RFC 7578).  The preamble before the first delimiter and
 * the epilogue after the close delimiter are ignored; a body that ends
 * before the close delimiter, or a delimiter followed by anything but
 * "--", or optional blanks and CRLF, is REQ_BAD.
 */
static enum req_status
parse_multipart(struct req *r, const char *b, size_t len, const char *bnd,
    size_t blen, const struct req_limits *lim)
{
	char		 d[4 + MP_BOUNDARY_MAX];
	size_t		 dl = blen + 4, pos, next;
	enum req_status	 st;

	memcpy(d, "\r\n--", 4);
	memcpy(d + 4, bnd, blen);
	/* The first delimiter may open the body, without its CRLF. */
	if (len >= dl - 2 && memcmp(b, d + 2, dl - 2) == 0)
		pos = dl - 2;
	else if ((pos = find(b, len, 0, d, dl)) == NOT_FOUND)
		return REQ_BAD;
	else
		pos += dl;
	for (;;) {
		if (len - pos >= 2 && b[pos] == '-' && b[pos + 1] == '-')
			return REQ_OK;
		while (pos < len && is_ows(b[pos]))
			pos++;
		if (len - pos < 2 || b[pos] != '\r' || b[pos + 1] != '\n')
			return REQ_BAD;
		pos += 2;
		if ((next = find(b, len, pos, d, dl)) == NOT_FOUND)
			return REQ_BAD;
		if ((st = mp_part(r, b + pos, next - pos, lim)) != REQ_OK)
			return st;
		pos = next + dl;
	}
}

/* Reads exactly len > 0 bytes through rd into *out (caller frees). */
static enum req_status
read_body(req_read_fn rd, void *ctx, size_t len, char **out)
{
	char		*b;
	size_t		 got = 0;
	long		 n;
	enum req_status	 st = REQ_ERROR;

	*out = NULL;
	if (rd == NULL || (b = malloc(len)) == NULL)
		return REQ_ERROR;
	while (got < len) {
		if ((n = rd(ctx, b + got, len - got)) < 0 ||
		    (unsigned long)n > len - got)
			goto out;
		if (n == 0) {
			st = REQ_BAD;		/* shorter than announced */
			goto out;
		}
		got += (size_t)n;
	}
	*out = b;
	b = NULL;
	st = REQ_OK;
out:
	free(b);
	return st;
}

/* The POST body: checks, reads and parses it onto r. */
static enum req_status
parse_body(struct req *r, req_read_fn rd, void *rdctx,
    const struct req_limits *lim)
{
	const char	*bnd = NULL;
	char		*body = NULL;
	size_t		 blen = 0, ctlen;
	int		 multipart;
	enum req_status	 st;

	if (r->clen > lim->max_body)
		return REQ_TOO_LARGE;
	if (r->clen == 0)
		return REQ_OK;
	if (r->ctype == NULL)
		return REQ_UNSUPPORTED_MEDIA;
	ctlen = strlen(r->ctype);
	if (media_is(r->ctype, ctlen, "application/ocsp-request")) {
		/* Opaque bytes for the OCSP responder, bounded apart. */
		if (r->clen > lim->max_raw)
			return REQ_TOO_LARGE;
		if ((st = read_body(rd, rdctx, r->clen, &body)) != REQ_OK)
			return st;
		r->raw = (unsigned char *)body;
		r->raw_len = r->clen;
		return REQ_OK;
	}
	if (media_is(r->ctype, ctlen, "application/x-www-form-urlencoded"))
		multipart = 0;
	else if (media_is(r->ctype, ctlen, "multipart/form-data")) {
		multipart = 1;
		if (hdr_param(r->ctype, ctlen, "boundary", &bnd, &blen) != 1 ||
		    !boundary_ok(bnd, blen))
			return REQ_BAD;
	} else
		return REQ_UNSUPPORTED_MEDIA;

	if ((st = read_body(rd, rdctx, r->clen, &body)) != REQ_OK)
		return st;
	if (multipart)
		st = parse_multipart(r, body, r->clen, bnd, blen, lim);
	else
		st = parse_pairs(&r->form, &r->nform, body, r->clen, lim);
	free(body);
	return st;
}

enum req_status
req_parse(struct req *r, char *const *envp, req_read_fn rd, void *rdctx,
    const struct req_limits *lim)
{
	struct req_limits	 def;
	const char		*v, *stage;
	char			*pem = NULL;
	size_t			 len, i;
	enum req_status		 st;
	struct {
		const char	*name;
		const char	*allow;
		char		**dst;
	} vars[] = {
		{ "HTTP_HOST", CTL_TAB, &r->host },
		{ "REMOTE_ADDR", CTL_NONE, &r->remote_addr },
		{ "CONTENT_TYPE", CTL_TAB, &r->ctype },
		{ "SSL_CLIENT_VERIFY", CTL_TAB, &r->ssl_verify },
		{ "SSL_CLIENT_SERIAL", CTL_NONE, &r->ssl_serial },
	};

	memset(r, 0, sizeof(*r));
	if (lim == NULL) {
		req_limits_default(&def);
		lim = &def;
	}

	stage = "method";
	if ((st = env_raw(envp, "REQUEST_METHOD", lim, &v, &len)) != REQ_OK)
		goto out;
	if (v == NULL) {
		st = REQ_BAD;
		goto out;
	}
	r->method = REQ_OTHER;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(v, methods[i]) == 0)
			r->method = (enum req_method)i;

	stage = "path";
	if ((st = parse_path(r, envp, lim)) != REQ_OK)
		goto out;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		stage = vars[i].name;
		st = env_text(envp, vars[i].name, vars[i].allow, lim,
		    vars[i].dst);
		if (st != REQ_OK)
			goto out;
	}

	stage = "HTTPS";
	if ((st = env_raw(envp, "HTTPS", lim, &v, &len)) != REQ_OK)
		goto out;
	r->https = v != NULL && (strcasecmp(v, "on") == 0 ||
	    strcmp(v, "1") == 0);

	/* nginx's $ssl_client_escaped_cert: PEM, percent-encoded. */
	stage = "SSL_CLIENT_CERT";
	if ((st = env_raw(envp, "SSL_CLIENT_CERT", lim, &v, &len)) != REQ_OK)
		goto out;
	if (v != NULL) {
		if ((st = url_decode(v, len, 0, &pem, &len)) != REQ_OK)
			goto out;
		if (!text_ok(pem, len, CTL_TEXT)) {
			st = REQ_BAD;
			goto out;
		}
		r->ssl_cert = pem;
		pem = NULL;
	}

	stage = "CONTENT_LENGTH";
	if ((st = env_raw(envp, "CONTENT_LENGTH", lim, &v, &len)) != REQ_OK)
		goto out;
	if (v != NULL && (st = parse_clen(v, &r->clen)) != REQ_OK)
		goto out;
	if (v == NULL && r->method == REQ_POST) {
		st = REQ_BAD;
		goto out;
	}

	stage = "QUERY_STRING";
	if ((st = env_raw(envp, "QUERY_STRING", lim, &v, &len)) != REQ_OK ||
	    (v != NULL && (st = parse_pairs(&r->query, &r->nquery, v, len,
	    lim)) != REQ_OK))
		goto out;

	stage = "HTTP_COOKIE";
	if ((st = env_raw(envp, "HTTP_COOKIE", lim, &v, &len)) != REQ_OK ||
	    (v != NULL && (st = parse_cookies(r, v, len, lim)) != REQ_OK))
		goto out;

	stage = "body";
	if (r->method == REQ_POST)
		st = parse_body(r, rd, rdctx, lim);
out:
	free(pem);
	if (st == REQ_ERROR)
		log_err("request %s: %s", stage, status_names[st]);
	else if (st != REQ_OK)
		log_info("request refused at %s: %s", stage,
		    status_names[st]);
	return st;
}

static void
pairs_free(struct req_pair *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].val);
	}
	free(v);
}

void
req_free(struct req *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	free(r->path);
	free(r->host);
	free(r->remote_addr);
	free(r->ctype);
	free(r->ssl_verify);
	free(r->ssl_cert);
	free(r->ssl_serial);
	pairs_free(r->query, r->nquery);
	pairs_free(r->form, r->nform);
	pairs_free(r->cookie, r->ncookie);
	for (i = 0; i < r->nfile; i++) {
		free(r->file[i].name);
		free(r->file[i].filename);
		free(r->file[i].ctype);
		free(r->file[i].data);
	}
	free(r->file);
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

static const char *
pairs_find(const struct req_pair *v, size_t n, const char *key)
{
	size_t	 i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return v[i].val;
	return NULL;
}

const char *
req_query(const struct req *r, const char *key)
{
	return r == NULL ? NULL : pairs_find(r->query, r->nquery, key);
}

const char *
req_form(const struct req *r, const char *key)
{
	return r == NULL ? NULL : pairs_find(r->form, r->nform, key);
}

const char *
req_cookie(const struct req *r, const char *key)
{
	return r == NULL ? NULL : pairs_find(r->cookie, r->ncookie, key);
}

const struct req_file *
req_file(const struct req *r, const char *field)
{
	size_t	 i;

	if (r == NULL || field == NULL)
		return NULL;
	for (i = 0; i < r->nfile; i++)
		if (strcmp(r->file[i].name, field) == 0)
			return &r->file[i];
	return NULL;
}
