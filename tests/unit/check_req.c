/*
 * check_req.c: request parsing (fcgi/req.c): the CGI variables, query
 * strings, cookies, urlencoded and multipart bodies, read in pieces, and
 * what is refused with which status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/req.h"

#define MP	"multipart/form-data; boundary=XyZ"
#define URLENC	"application/x-www-form-urlencoded"

/* A CGI environment built up by env_set(); freed by env_free(). */
struct env {
	char	*v[32];
	size_t	 n;
};

static void
env_set(struct env *e, const char *name, const char *val)
{
	size_t	 len = strlen(name) + strlen(val) + 2;

	ck_assert_uint_lt(e->n, 31);
	ck_assert_ptr_nonnull(e->v[e->n] = malloc(len));
	snprintf(e->v[e->n], len, "%s=%s", name, val);
	e->v[++e->n] = NULL;
}

static void
env_free(struct env *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
}

/* A body in memory, handed out at most step bytes a call (0: no bound). */
struct fake {
	const char	*buf;
	size_t		 len, off, step;
	size_t		 fail_at;	/* -1 once off reaches it (0: never) */
	size_t		 calls;
};

static long
fake_read(void *ctx, void *buf, size_t n)
{
	struct fake	*f = ctx;

	f->calls++;
	if (f->fail_at != 0 && f->off >= f->fail_at)
		return -1;
	if (f->step != 0 && n > f->step)
		n = f->step;
	if (n > f->len - f->off)
		n = f->len - f->off;
	memcpy(buf, f->buf + f->off, n);
	f->off += n;
	return (long)n;
}

static long
refuse_read(void *ctx, void *buf, size_t n)
{
	(void)ctx;
	(void)buf;
	(void)n;
	ck_abort_msg("the body was read");
	return -1;
}

/* GET /page with query and cookie header (NULL: absent). */
static enum req_status
get(struct req *r, const char *query, const char *cookie,
    const struct req_limits *lim)
{
	struct env	 e = { { NULL }, 0 };
	enum req_status	 st;

	env_set(&e, "REQUEST_METHOD", "GET");
	env_set(&e, "DOCUMENT_URI", "/page");
	if (query != NULL)
		env_set(&e, "QUERY_STRING", query);
	if (cookie != NULL)
		env_set(&e, "HTTP_COOKIE", cookie);
	st = req_parse(r, e.v, refuse_read, NULL, lim);
	env_free(&e);
	return st;
}

/* POST /submit of body[0..len) as ctype, step bytes per read (0: any). */
static enum req_status
post(struct req *r, const char *ctype, const char *body, size_t len,
    size_t step, const struct req_limits *lim)
{
	struct env	 e = { { NULL }, 0 };
	struct fake	 f = { body, len, 0, step, 0, 0 };
	char		 cl[32];
	enum req_status	 st;

	snprintf(cl, sizeof(cl), "%zu", len);
	env_set(&e, "REQUEST_METHOD", "POST");
	env_set(&e, "DOCUMENT_URI", "/submit");
	env_set(&e, "CONTENT_LENGTH", cl);
	if (ctype != NULL)
		env_set(&e, "CONTENT_TYPE", ctype);
	st = req_parse(r, e.v, fake_read, &f, lim);
	env_free(&e);
	return st;
}

static enum req_status
post_str(struct req *r, const char *ctype, const char *body)
{
	return post(r, ctype, body, strlen(body), 0, NULL);
}

/* Returns "k0=v&k1=v&...", n pairs (caller frees). */
static char *
many_pairs(size_t n, char sep)
{
	char	*s;
	size_t	 i, off = 0, sz = n * 16 + 1;

	ck_assert_ptr_nonnull(s = malloc(sz));
	s[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(s + off, sz - off, "%sk%zu=v",
		    i == 0 ? "" : (sep == '&' ? "&" : "; "), i);
	return s;
}

/* Returns a string of n copies of c (caller frees). */
static char *
repeat(char c, size_t n)
{
	char	*s;

	ck_assert_ptr_nonnull(s = malloc(n + 1));
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- CGI variables, method and path -------------------------------- */

START_TEST(test_env_strings_are_kept)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/login",
		"REMOTE_ADDR=192.0.2.7", "HTTP_HOST=ca.example.cn",
		"HTTPS=on", "SSL_CLIENT_VERIFY=SUCCESS",
		"SSL_CLIENT_SERIAL=0A1B2C", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_int_eq(r.method, REQ_GET);
	ck_assert_str_eq(r.path, "/login");
	ck_assert_str_eq(r.remote_addr, "192.0.2.7");
	ck_assert_str_eq(r.host, "ca.example.cn");
	ck_assert_int_eq(r.https, 1);
	ck_assert_str_eq(r.ssl_verify, "SUCCESS");
	ck_assert_str_eq(r.ssl_serial, "0A1B2C");
	ck_assert_ptr_null(r.ssl_cert);
	req_free(&r);
}
END_TEST

START_TEST(test_absent_and_empty_variables_are_null)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/", "HTTP_HOST=",
		"SSL_CLIENT_CERT=", "QUERY_STRING=", "CONTENT_TYPE=", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_ptr_null(r.host);
	ck_assert_ptr_null(r.remote_addr);
	ck_assert_ptr_null(r.ssl_cert);
	ck_assert_ptr_null(r.ctype);
	ck_assert_int_eq(r.https, 0);
	ck_assert_uint_eq(r.nquery, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_ssl_client_cert_is_unescaped)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/",
		"SSL_CLIENT_CERT=-----BEGIN%20CERTIFICATE-----%0AMIIB%2Bab%2F"
		    "c%3D%3D%0A-----END%20CERTIFICATE-----%0A", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_str_eq(r.ssl_cert, "-----BEGIN CERTIFICATE-----\n"
	    "MIIB+ab/c==\n-----END CERTIFICATE-----\n");
	req_free(&r);
}
END_TEST

START_TEST(test_ssl_client_cert_with_nul_escape_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/",
		"SSL_CLIENT_CERT=-----BEGIN%00", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_head_and_unknown_methods)
{
	struct req	 r;
	char		*head[] = {
		"REQUEST_METHOD=HEAD", "DOCUMENT_URI=/", NULL
	};
	char		*put[] = { "REQUEST_METHOD=PUT", "DOCUMENT_URI=/",
			    "CONTENT_LENGTH=5", NULL };

	ck_assert_int_eq(req_parse(&r, head, refuse_read, NULL, NULL),
	    REQ_OK);
	ck_assert_int_eq(r.method, REQ_HEAD);
	req_free(&r);
	/* Not a POST: the body is not read. */
	ck_assert_int_eq(req_parse(&r, put, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_int_eq(r.method, REQ_OTHER);
	ck_assert_uint_eq(r.clen, 5);
	req_free(&r);
}
END_TEST

START_TEST(test_missing_method_is_bad)
{
	struct req	 r;
	char		*env[] = { "DOCUMENT_URI=/", NULL };

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_path_falls_back_to_request_uri)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/a%20b/c?x=%zz", NULL
	};

	/* The query part of REQUEST_URI is not the path's business. */
	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_str_eq(r.path, "/a b/c");
	req_free(&r);
}
END_TEST

START_TEST(test_document_uri_wins_over_request_uri)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/x/../login?a=1",
		"DOCUMENT_URI=/login", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_str_eq(r.path, "/login");
	req_free(&r);
}
END_TEST

START_TEST(test_missing_path_is_bad)
{
	struct req	 r;
	char		*env[] = { "REQUEST_METHOD=GET", NULL };

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	ck_assert_int_eq(r.method, REQ_GET);
	ck_assert_ptr_null(r.path);
	req_free(&r);
}
END_TEST

START_TEST(test_path_without_leading_slash_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=login", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_path_control_char_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/a\x01", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	ck_assert_ptr_null(r.path);
	req_free(&r);
}
END_TEST

START_TEST(test_request_uri_nul_escape_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/login%00.xsl", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_request_uri_bad_escape_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/a%g1", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_header_control_char_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/",
		"HTTP_HOST=evil\r\nX: y", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_variable_over_max_env_refused)
{
	struct req		 r;
	struct req_limits	 lim;
	char			*q;

	req_limits_default(&lim);
	q = repeat('a', lim.max_env + 1);
	ck_assert_int_eq(get(&r, q, NULL, &lim), REQ_TOO_LARGE);
	req_free(&r);
	free(q);
}
END_TEST

START_TEST(test_null_envp_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(req_parse(&r, NULL, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

/* ---- query string --------------------------------------------------- */

START_TEST(test_query_pairs_are_decoded)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "tab=ca&q=%E6%B2%88%E9%98%B3+x&e=",
	    NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nquery, 3);
	ck_assert_str_eq(req_query(&r, "tab"), "ca");
	ck_assert_str_eq(req_query(&r, "q"), "沈阳 x");
	ck_assert_str_eq(req_query(&r, "e"), "");
	ck_assert_ptr_null(req_query(&r, "absent"));
	ck_assert_ptr_null(req_form(&r, "tab"));
	req_free(&r);
}
END_TEST

START_TEST(test_query_key_without_value_is_empty)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "debug&x=1", NULL, NULL), REQ_OK);
	ck_assert_str_eq(req_query(&r, "debug"), "");
	ck_assert_str_eq(req_query(&r, "x"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_query_empty_segments_and_names_ignored)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "&&=x&a=1&", NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nquery, 1);
	ck_assert_str_eq(req_query(&r, "a"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_query_duplicate_key_first_wins)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=first&a=second", NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nquery, 2);
	ck_assert_str_eq(req_query(&r, "a"), "first");
	req_free(&r);
}
END_TEST

START_TEST(test_query_escaped_key_is_decoded)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a%5Bb%5d=1", NULL, NULL), REQ_OK);
	ck_assert_str_eq(req_query(&r, "a[b]"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_query_bad_percent_escape_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=%zz", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_query_truncated_percent_escape_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=1&b=%4", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_query_percent_nul_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=x%00y", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_invalid_utf8_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=%E6%B2", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_overlong_utf8_is_bad)
{
	struct req	 r;

	/* "/" encoded in two bytes. */
	ck_assert_int_eq(get(&r, "a=%C0%AF", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_utf8_surrogate_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=%ED%A0%80", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_query_key_control_char_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a%0A=1", NULL, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_query_oversize_key_refused)
{
	struct req	 r;
	char		*q, *k;

	k = repeat('k', 65);
	ck_assert_ptr_nonnull(q = malloc(65 + 3));
	snprintf(q, 65 + 3, "%s=1", k);
	ck_assert_int_eq(get(&r, q, NULL, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(q);
	free(k);
}
END_TEST

START_TEST(test_query_key_at_limit_accepted)
{
	struct req	 r;
	char		*q, *k;

	k = repeat('k', 64);
	ck_assert_ptr_nonnull(q = malloc(64 + 3));
	snprintf(q, 64 + 3, "%s=1", k);
	ck_assert_int_eq(get(&r, q, NULL, NULL), REQ_OK);
	ck_assert_str_eq(req_query(&r, k), "1");
	req_free(&r);
	free(q);
	free(k);
}
END_TEST

START_TEST(test_query_oversize_value_refused)
{
	struct req	 r;
	char		*q;

	/* 8193 bytes once decoded, although the raw text is longer. */
	q = repeat('+', 8195);
	memcpy(q, "v=", 2);
	ck_assert_int_eq(get(&r, q, NULL, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(q);
}
END_TEST

START_TEST(test_too_many_fields_refused)
{
	struct req	 r;
	char		*q;

	q = many_pairs(101, '&');
	ck_assert_int_eq(get(&r, q, NULL, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(q);
}
END_TEST

START_TEST(test_fields_at_limit_accepted)
{
	struct req	 r;
	char		*q;

	q = many_pairs(100, '&');
	ck_assert_int_eq(get(&r, q, NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nquery, 100);
	ck_assert_str_eq(req_query(&r, "k99"), "v");
	req_free(&r);
	free(q);
}
END_TEST

/* ---- cookies -------------------------------------------------------- */

START_TEST(test_cookies_parsed_with_whitespace)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, "  sid=abc123 ;lang=zh;\tx = y  ",
	    NULL), REQ_OK);
	ck_assert_uint_eq(r.ncookie, 3);
	ck_assert_str_eq(req_cookie(&r, "sid"), "abc123");
	ck_assert_str_eq(req_cookie(&r, "lang"), "zh");
	ck_assert_str_eq(req_cookie(&r, "x"), "y");
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_malformed_pair_ignored)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, "junk; =novalue; a b=1; c=with space; "
	    "d=\"q; e=x\\y; sid=ok; f=\xe6\xb2\x88", NULL), REQ_OK);
	ck_assert_uint_eq(r.ncookie, 1);
	ck_assert_str_eq(req_cookie(&r, "sid"), "ok");
	ck_assert_ptr_null(req_cookie(&r, "junk"));
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_quoted_value_unquoted)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, "a=\"v1\"; b=\"\"", NULL), REQ_OK);
	ck_assert_str_eq(req_cookie(&r, "a"), "v1");
	ck_assert_str_eq(req_cookie(&r, "b"), "");
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_value_is_not_url_decoded)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, "a=%41+b", NULL), REQ_OK);
	ck_assert_str_eq(req_cookie(&r, "a"), "%41+b");
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_duplicate_first_wins)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, "sid=path_specific; sid=general",
	    NULL), REQ_OK);
	ck_assert_str_eq(req_cookie(&r, "sid"), "path_specific");
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_only_separators_is_empty)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, NULL, " ; ;;  ; ", NULL), REQ_OK);
	ck_assert_uint_eq(r.ncookie, 0);
	ck_assert_ptr_null(req_cookie(&r, ""));
	req_free(&r);
}
END_TEST

START_TEST(test_cookie_oversize_value_refused)
{
	struct req	 r;
	char		*c;

	c = repeat('v', 8192 + 2 + 1);
	memcpy(c, "a=", 2);
	ck_assert_int_eq(get(&r, NULL, c, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(c);
}
END_TEST

START_TEST(test_cookie_oversize_name_refused)
{
	struct req	 r;
	char		*c;

	c = repeat('n', 65 + 2);
	memcpy(c + 65, "=1", 2);
	ck_assert_int_eq(get(&r, NULL, c, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(c);
}
END_TEST

START_TEST(test_cookie_too_many_refused)
{
	struct req	 r;
	char		*c;

	c = many_pairs(101, ';');
	ck_assert_int_eq(get(&r, NULL, c, NULL), REQ_TOO_LARGE);
	req_free(&r);
	free(c);
}
END_TEST

/* ---- urlencoded body ------------------------------------------------ */

START_TEST(test_form_fields_parsed)
{
	struct req	 r;

	const char	*b = "reason=lost&other=%E6%8D%9F%E5%9D%8F";

	ck_assert_int_eq(post_str(&r, URLENC, b), REQ_OK);
	ck_assert_int_eq(r.method, REQ_POST);
	ck_assert_uint_eq(r.clen, strlen(b));
	ck_assert_uint_eq(r.nform, 2);
	ck_assert_str_eq(req_form(&r, "reason"), "lost");
	ck_assert_str_eq(req_form(&r, "other"), "损坏");
	ck_assert_ptr_null(req_query(&r, "reason"));
	req_free(&r);
}
END_TEST

START_TEST(test_form_plus_decodes_to_space)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, URLENC, "name=Li+Lei&plus=%2B"),
	    REQ_OK);
	ck_assert_str_eq(req_form(&r, "name"), "Li Lei");
	ck_assert_str_eq(req_form(&r, "plus"), "+");
	req_free(&r);
}
END_TEST

START_TEST(test_form_and_query_are_separate)
{
	struct req		 r;
	struct env		 e = { { NULL }, 0 };
	struct fake		 f = { "a=form", 6, 0, 0, 0, 0 };

	env_set(&e, "REQUEST_METHOD", "POST");
	env_set(&e, "DOCUMENT_URI", "/submit");
	env_set(&e, "QUERY_STRING", "a=query");
	env_set(&e, "CONTENT_TYPE", URLENC);
	env_set(&e, "CONTENT_LENGTH", "6");
	ck_assert_int_eq(req_parse(&r, e.v, fake_read, &f, NULL), REQ_OK);
	ck_assert_str_eq(req_query(&r, "a"), "query");
	ck_assert_str_eq(req_form(&r, "a"), "form");
	req_free(&r);
	env_free(&e);
}
END_TEST

START_TEST(test_form_value_keeps_crlf)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, URLENC, "t=a%0D%0Ab%09c"), REQ_OK);
	ck_assert_str_eq(req_form(&r, "t"), "a\r\nb\tc");
	req_free(&r);
}
END_TEST

START_TEST(test_form_value_control_char_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, URLENC, "t=a%1Bb"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_form_raw_nul_byte_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post(&r, URLENC, "a=x\0y", 5, 0, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_form_bad_percent_escape_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, URLENC, "a=1&b=%G0"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_form_content_type_params_and_case_accepted)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r,
	    " Application/X-WWW-Form-URLEncoded ; charset=UTF-8", "a=1"),
	    REQ_OK);
	ck_assert_str_eq(req_form(&r, "a"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_form_oversize_value_refused)
{
	struct req	 r;
	char		*b;

	b = repeat('v', 8192 + 2 + 1);
	memcpy(b, "a=", 2);
	ck_assert_int_eq(post_str(&r, URLENC, b), REQ_TOO_LARGE);
	req_free(&r);
	free(b);
}
END_TEST

START_TEST(test_form_too_many_fields_refused)
{
	struct req		 r;
	struct req_limits	 lim;

	req_limits_default(&lim);
	lim.max_fields = 3;
	ck_assert_int_eq(post(&r, URLENC, "a=1&b=2&c=3&d=4", 15, 0, &lim),
	    REQ_TOO_LARGE);
	req_free(&r);
}
END_TEST

START_TEST(test_form_read_one_byte_at_a_time)
{
	struct req	 r;
	const char	*b = "reason=lost&note=%E4%B8%AD+x";

	ck_assert_int_eq(post(&r, URLENC, b, strlen(b), 1, NULL), REQ_OK);
	ck_assert_str_eq(req_form(&r, "reason"), "lost");
	ck_assert_str_eq(req_form(&r, "note"), "中 x");
	req_free(&r);
}
END_TEST

/* ---- body framing: length, type, reader ----------------------------- */

START_TEST(test_oversize_content_length_refused_before_read)
{
	struct req		 r;
	struct req_limits	 lim;
	char			 cl[32];
	char			*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, cl, NULL
	};

	req_limits_default(&lim);
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", lim.max_body + 1);
	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, &lim),
	    REQ_TOO_LARGE);
	req_free(&r);
}
END_TEST

START_TEST(test_content_length_overflow_refused_before_read)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC,
		"CONTENT_LENGTH=184467440737095516160000", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_TOO_LARGE);
	req_free(&r);
}
END_TEST

START_TEST(test_post_missing_content_length_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, "CONTENT_LENGTH=", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_post_invalid_content_length_is_bad)
{
	struct req	 r;
	const char	*bad[] = { "12a", "-1", " 5", "+5", "0x10" };
	char		 cl[32];
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, cl, NULL
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%s", bad[i]);
		ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
		    REQ_BAD);
		req_free(&r);
	}
}
END_TEST

START_TEST(test_short_body_is_bad)
{
	struct req	 r;
	struct fake	 f = { "a=1", 3, 0, 0, 0, 0 };
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, "CONTENT_LENGTH=10", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, fake_read, &f, NULL), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_body_reader_error_is_error)
{
	struct req	 r;
	struct fake	 f = { "a=1&b=2", 7, 0, 2, 4, 0 };
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, "CONTENT_LENGTH=7", NULL
	};

	/* Two good reads of 2 bytes, then the failure. */
	ck_assert_int_eq(req_parse(&r, env, fake_read, &f, NULL), REQ_ERROR);
	ck_assert_uint_eq(f.calls, 3);
	ck_assert_uint_eq(r.nform, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_body_beyond_content_length_is_not_read)
{
	struct req	 r;
	struct fake	 f = { "a=1&b=2", 7, 0, 0, 0, 0 };
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=" URLENC, "CONTENT_LENGTH=3", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, fake_read, &f, NULL), REQ_OK);
	ck_assert_uint_eq(f.off, 3);
	ck_assert_uint_eq(r.nform, 1);
	ck_assert_ptr_null(req_form(&r, "b"));
	req_free(&r);
}
END_TEST

START_TEST(test_unsupported_media_type_refused_before_read)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=application/json", "CONTENT_LENGTH=2", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_UNSUPPORTED_MEDIA);
	req_free(&r);
}
END_TEST

/* ---- raw bodies: application/ocsp-request -------------------------- */

START_TEST(test_ocsp_request_body_is_kept_raw_with_nul_bytes)
{
	struct req	 r;
	const char	 body[] = "0\x03\x02\x01\x00=&x\0y";

	ck_assert_int_eq(post(&r, "application/ocsp-request", body,
	    sizeof(body) - 1, 2, NULL), REQ_OK);
	ck_assert_ptr_nonnull(r.raw);
	ck_assert_uint_eq(r.raw_len, sizeof(body) - 1);
	ck_assert_mem_eq(r.raw, body, sizeof(body) - 1);
	/* Not parsed as a form. */
	ck_assert_uint_eq(r.nform, 0);
	ck_assert_uint_eq(r.nfile, 0);
	req_free(&r);
	ck_assert_ptr_null(r.raw);
}
END_TEST

START_TEST(test_ocsp_request_type_is_case_insensitive_with_params)
{
	struct req	 r;

	ck_assert_int_eq(post(&r, " Application/OCSP-Request ; x=y", "ab", 2,
	    0, NULL), REQ_OK);
	ck_assert_uint_eq(r.raw_len, 2);
	req_free(&r);
}
END_TEST

START_TEST(test_ocsp_request_over_max_raw_refused_before_read)
{
	struct req		 r;
	struct req_limits	 lim;
	char			 cl[48];
	char			*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/ocsp",
		"CONTENT_TYPE=application/ocsp-request", cl, NULL
	};

	req_limits_default(&lim);
	ck_assert_uint_eq(lim.max_raw, 64 * 1024);
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", lim.max_raw + 1);
	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, &lim),
	    REQ_TOO_LARGE);
	ck_assert_ptr_null(r.raw);
	req_free(&r);
}
END_TEST

START_TEST(test_ocsp_request_at_max_raw_is_accepted)
{
	struct req		 r;
	struct req_limits	 lim;
	char			*body;

	req_limits_default(&lim);
	lim.max_raw = 100;
	body = repeat('\x30', 100);
	ck_assert_int_eq(post(&r, "application/ocsp-request", body, 100, 7,
	    &lim), REQ_OK);
	ck_assert_uint_eq(r.raw_len, 100);
	req_free(&r);
	free(body);
}
END_TEST

START_TEST(test_ocsp_request_shorter_than_announced_is_bad)
{
	struct req	 r;
	struct fake	 f = { "abc", 3, 0, 0, 0, 0 };
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/ocsp",
		"CONTENT_TYPE=application/ocsp-request", "CONTENT_LENGTH=10",
		NULL
	};

	ck_assert_int_eq(req_parse(&r, env, fake_read, &f, NULL), REQ_BAD);
	ck_assert_ptr_null(r.raw);
	req_free(&r);
}
END_TEST

START_TEST(test_ocsp_response_type_is_not_a_request_body)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/ocsp",
		"CONTENT_TYPE=application/ocsp-response", "CONTENT_LENGTH=2",
		NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_UNSUPPORTED_MEDIA);
	req_free(&r);
}
END_TEST

START_TEST(test_empty_ocsp_request_body_has_no_raw)
{
	struct req	 r;

	ck_assert_int_eq(post(&r, "application/ocsp-request", "", 0, 0, NULL),
	    REQ_OK);
	ck_assert_ptr_null(r.raw);
	ck_assert_uint_eq(r.raw_len, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_post_body_without_content_type_is_unsupported)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_LENGTH=3", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_UNSUPPORTED_MEDIA);
	req_free(&r);
}
END_TEST

START_TEST(test_post_empty_body_needs_no_content_type)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/logout",
		"CONTENT_TYPE=application/json", "CONTENT_LENGTH=0", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nform, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_get_body_is_not_read)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/",
		"CONTENT_TYPE=" URLENC, "CONTENT_LENGTH=99999999999", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL), REQ_OK);
	ck_assert_uint_eq(r.nform, 0);
	req_free(&r);
}
END_TEST

/* ---- multipart/form-data -------------------------------------------- */

START_TEST(test_multipart_field_and_file)
{
	struct req		 r;
	const struct req_file	*f;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"reason\"\r\n"
	    "\r\n"
	    "丢失\r\n"
	    "--XyZ\r\n"
	    "content-disposition: form-data; name=\"scan\"; "
	    "filename=\"说明书.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n"
	    "\r\n"
	    "%PDF-1.4 ...\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_uint_eq(r.nform, 1);
	ck_assert_str_eq(req_form(&r, "reason"), "丢失");
	ck_assert_uint_eq(r.nfile, 1);
	ck_assert_ptr_nonnull(f = req_file(&r, "scan"));
	ck_assert_str_eq(f->name, "scan");
	ck_assert_str_eq(f->filename, "说明书.pdf");
	ck_assert_str_eq(f->ctype, "application/pdf");
	ck_assert_uint_eq(f->len, 12);
	ck_assert_int_eq(memcmp(f->data, "%PDF-1.4 ...", 12), 0);
	ck_assert_ptr_null(req_file(&r, "reason"));
	ck_assert_ptr_null(req_form(&r, "scan"));
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_quoted_boundary)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r,
	    "multipart/form-data; charset=utf-8; boundary=\"a b:c=d?\"",
	    "--a b:c=d?\r\n"
	    "Content-Disposition: form-data; name=x\r\n"
	    "\r\n"
	    "1\r\n"
	    "--a b:c=d?--"), REQ_OK);
	ck_assert_str_eq(req_form(&r, "x"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_preamble_and_epilogue_ignored)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "This is the preamble.\r\n-XyZ is not a delimiter\r\n"
	    "--XyZ  \r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--  \r\n"
	    "epilogue\r\n--XyZ\r\ngarbage"), REQ_OK);
	ck_assert_uint_eq(r.nform, 1);
	ck_assert_str_eq(req_form(&r, "a"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_missing_final_boundary_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "1\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_without_any_delimiter_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP, "a=1&b=2"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_binary_file_keeps_nul_bytes)
{
	struct req		 r;
	const struct req_file	*f;
	static const char	 body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"csr\"; "
	    "filename=\"k.der\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\x30\x00\x82\xff\r\n\x00\r\n"
	    "--XyZ--\r\n";

	ck_assert_int_eq(post(&r, MP, body, sizeof(body) - 1, 0, NULL),
	    REQ_OK);
	ck_assert_ptr_nonnull(f = req_file(&r, "csr"));
	ck_assert_uint_eq(f->len, 7);
	ck_assert_int_eq(memcmp(f->data, "\x30\x00\x82\xff\r\n\x00", 7), 0);
	ck_assert_int_eq(f->data[7], 0);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_crlf_before_delimiter_is_not_data)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"t\"\r\n"
	    "\r\n"
	    "line1\r\n\r\n-XyZ\r\n\r\n"
	    "--XyZ--"), REQ_OK);
	ck_assert_str_eq(req_form(&r, "t"), "line1\r\n\r\n-XyZ\r\n");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_empty_value_and_headerless_body)
{
	struct req	 r;

	/* "a" has an empty line then nothing; "b" ends with its headers. */
	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"b\"\r\n"
	    "\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_str_eq(req_form(&r, "a"), "");
	ck_assert_str_eq(req_form(&r, "b"), "");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_garbage_after_delimiter_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZjunk\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_missing_boundary_param_is_bad)
{
	struct req	 r;
	char		*env[] = {
		"REQUEST_METHOD=POST", "DOCUMENT_URI=/submit",
		"CONTENT_TYPE=multipart/form-data", "CONTENT_LENGTH=9", NULL
	};

	ck_assert_int_eq(req_parse(&r, env, refuse_read, NULL, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_boundary_too_long_is_bad)
{
	struct req	 r;
	char		 ct[128];
	char		*b;

	b = repeat('b', 71);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b);
	ck_assert_int_eq(post_str(&r, ct, "--x--"), REQ_BAD);
	req_free(&r);
	free(b);
}
END_TEST

START_TEST(test_multipart_unterminated_quote_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_part_without_disposition_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Type: text/plain\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_part_without_name_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; filename=\"a.txt\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_disposition_not_form_data_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: attachment; name=\"a\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_header_without_colon_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "not a header\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_duplicate_disposition_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "Content-Disposition: form-data; name=\"b\"\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_unknown_headers_ignored)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "X-Extra: whatever; \"x\r\n"
	    "Content-Disposition: form-data; name=\"a\"; extra=1\r\n"
	    "\r\n"
	    "1\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_str_eq(req_form(&r, "a"), "1");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_field_invalid_utf8_is_bad)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "\xe6\xb2\r\n"
	    "--XyZ--\r\n"), REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_field_nul_byte_is_bad)
{
	struct req		 r;
	static const char	 body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n"
	    "\r\n"
	    "x\0y\r\n"
	    "--XyZ--\r\n";

	ck_assert_int_eq(post(&r, MP, body, sizeof(body) - 1, 0, NULL),
	    REQ_BAD);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_filename_path_is_stripped)
{
	struct req		 r;
	const struct req_file	*f;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; "
	    "filename=\"C:\\Users\\li\\scan.jpg\"\r\n"
	    "\r\n"
	    "JPEG\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_ptr_nonnull(f = req_file(&r, "f"));
	ck_assert_str_eq(f->filename, "scan.jpg");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_file_content_type_defaults_to_text_plain)
{
	struct req		 r;
	const struct req_file	*f;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a.csr\"\r\n"
	    "\r\n"
	    "-----BEGIN CERTIFICATE REQUEST-----\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_ptr_nonnull(f = req_file(&r, "f"));
	ck_assert_str_eq(f->ctype, "text/plain");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_empty_file_input_skipped)
{
	struct req	 r;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_uint_eq(r.nfile, 0);
	ck_assert_ptr_null(req_file(&r, "f"));
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_duplicate_file_first_wins)
{
	struct req		 r;
	const struct req_file	*f;

	ck_assert_int_eq(post_str(&r, MP,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"1\"\r\n"
	    "\r\n"
	    "one\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"2\"\r\n"
	    "\r\n"
	    "two\r\n"
	    "--XyZ--\r\n"), REQ_OK);
	ck_assert_uint_eq(r.nfile, 2);
	ck_assert_ptr_nonnull(f = req_file(&r, "f"));
	ck_assert_str_eq(f->filename, "1");
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_file_too_large_refused)
{
	struct req		 r;
	struct req_limits	 lim;
	const char		*b =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
	    "\r\n"
	    "0123456789\r\n"
	    "--XyZ--\r\n";

	req_limits_default(&lim);
	lim.max_file = 9;
	ck_assert_int_eq(post(&r, MP, b, strlen(b), 0, &lim), REQ_TOO_LARGE);
	ck_assert_uint_eq(r.nfile, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_file_at_limit_accepted)
{
	struct req		 r;
	struct req_limits	 lim;
	const char		*b =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
	    "\r\n"
	    "0123456789\r\n"
	    "--XyZ--\r\n";

	req_limits_default(&lim);
	lim.max_file = 10;
	ck_assert_int_eq(post(&r, MP, b, strlen(b), 0, &lim), REQ_OK);
	ck_assert_uint_eq(req_file(&r, "f")->len, 10);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_too_many_files_refused)
{
	struct req		 r;
	struct req_limits	 lim;
	const char		*b =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"1\"\r\n"
	    "\r\n"
	    "one\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"g\"; filename=\"2\"\r\n"
	    "\r\n"
	    "two\r\n"
	    "--XyZ--\r\n";

	req_limits_default(&lim);
	lim.max_files = 1;
	ck_assert_int_eq(post(&r, MP, b, strlen(b), 0, &lim), REQ_TOO_LARGE);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_too_many_fields_refused)
{
	struct req		 r;
	struct req_limits	 lim;
	const char		*b =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
	    "--XyZ--\r\n";

	req_limits_default(&lim);
	lim.max_fields = 1;
	ck_assert_int_eq(post(&r, MP, b, strlen(b), 0, &lim), REQ_TOO_LARGE);
	req_free(&r);
}
END_TEST

START_TEST(test_multipart_field_oversize_value_refused)
{
	struct req	 r;
	char		*b, *v;
	size_t		 sz;

	v = repeat('v', 8193);
	sz = strlen(v) + 128;
	ck_assert_ptr_nonnull(b = malloc(sz));
	snprintf(b, sz, "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\n\r\n%s\r\n--XyZ--\r\n", v);
	ck_assert_int_eq(post_str(&r, MP, b), REQ_TOO_LARGE);
	req_free(&r);
	free(b);
	free(v);
}
END_TEST

START_TEST(test_multipart_oversize_name_refused)
{
	struct req	 r;
	char		*b, *n;
	size_t		 sz;

	n = repeat('n', 65);
	sz = strlen(n) + 128;
	ck_assert_ptr_nonnull(b = malloc(sz));
	snprintf(b, sz, "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n1\r\n--XyZ--\r\n", n);
	ck_assert_int_eq(post_str(&r, MP, b), REQ_TOO_LARGE);
	req_free(&r);
	free(b);
	free(n);
}
END_TEST

START_TEST(test_multipart_read_one_byte_at_a_time)
{
	struct req		 r;
	const struct req_file	*f;
	static const char	 body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"reason\"\r\n"
	    "\r\n"
	    "damaged\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n"
	    "\x89PNG\r\n\x1a\n\x00\x00\r\n"
	    "--XyZ--\r\n";

	ck_assert_int_eq(post(&r, MP, body, sizeof(body) - 1, 1, NULL),
	    REQ_OK);
	ck_assert_str_eq(req_form(&r, "reason"), "damaged");
	ck_assert_ptr_nonnull(f = req_file(&r, "f"));
	ck_assert_str_eq(f->ctype, "image/png");
	ck_assert_uint_eq(f->len, 10);
	ck_assert_int_eq(memcmp(f->data, "\x89PNG\r\n\x1a\n\x00\x00", 10), 0);
	req_free(&r);
}
END_TEST

/* ---- the struct's life cycle ---------------------------------------- */

START_TEST(test_limits_default_values)
{
	struct req_limits	 lim;

	req_limits_default(&lim);
	ck_assert_uint_eq(lim.max_key, 64);
	ck_assert_uint_eq(lim.max_value, 8192);
	ck_assert_uint_eq(lim.max_fields, 100);
	ck_assert_uint_gt(lim.max_body, lim.max_file);
	ck_assert_uint_gt(lim.max_files, 0);
	/* A 10 MiB statement fits; the body bound is nginx's 11m. */
	ck_assert_uint_gt(lim.max_file, 10 * 1024 * 1024);
	ck_assert_uint_eq(lim.max_body, 11 * 1024 * 1024);
}
END_TEST

START_TEST(test_free_zeroed_twice_and_null_is_safe)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	req_free(&r);
	req_free(&r);
	req_free(NULL);
	ck_assert_ptr_null(req_query(&r, "a"));
	ck_assert_ptr_null(req_cookie(&r, "a"));
	ck_assert_ptr_null(req_form(&r, "a"));
	ck_assert_ptr_null(req_file(&r, "a"));
	ck_assert_ptr_null(req_query(NULL, "a"));
	ck_assert_ptr_null(req_file(NULL, "a"));
}
END_TEST

START_TEST(test_free_after_parse_zeroes_and_is_repeatable)
{
	struct req	 r;

	ck_assert_int_eq(get(&r, "a=1", "b=2", NULL), REQ_OK);
	req_free(&r);
	ck_assert_ptr_null(r.path);
	ck_assert_ptr_null(r.query);
	ck_assert_uint_eq(r.nquery, 0);
	req_free(&r);
}
END_TEST

START_TEST(test_refused_request_keeps_what_was_parsed)
{
	struct req	 r;

	/* The cookie is fine, the bad query is met first: nothing leaks. */
	ck_assert_int_eq(get(&r, "a=1&b=2&c=%", "sid=1", NULL), REQ_BAD);
	ck_assert_str_eq(r.path, "/page");
	ck_assert_uint_eq(r.nquery, 2);
	req_free(&r);
}
END_TEST

START_TEST(test_many_requests_release_everything)
{
	struct req	 r;
	size_t		 i;
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
	    "\r\nabc\r\n"
	    "--XyZ--\r\n";

	/* LeakSanitizer in the SAN=1 build sees anything left behind. */
	for (i = 0; i < 500; i++) {
		ck_assert_int_eq(post(&r, MP, body, sizeof(body) - 1, 7, NULL),
		    REQ_OK);
		req_free(&r);
		if (i % 50 != 0)
			continue;
		ck_assert_int_eq(get(&r, "a=1&b=%zz", "c=1", NULL), REQ_BAD);
		req_free(&r);
	}
}
END_TEST

static Suite *
req_suite(void)
{
	Suite	*s = suite_create("req");
	TCase	*tc = tcase_create("req");

	tcase_add_test(tc, test_env_strings_are_kept);
	tcase_add_test(tc, test_absent_and_empty_variables_are_null);
	tcase_add_test(tc, test_ssl_client_cert_is_unescaped);
	tcase_add_test(tc, test_ssl_client_cert_with_nul_escape_is_bad);
	tcase_add_test(tc, test_head_and_unknown_methods);
	tcase_add_test(tc, test_missing_method_is_bad);
	tcase_add_test(tc, test_path_falls_back_to_request_uri);
	tcase_add_test(tc, test_document_uri_wins_over_request_uri);
	tcase_add_test(tc, test_missing_path_is_bad);
	tcase_add_test(tc, test_path_without_leading_slash_is_bad);
	tcase_add_test(tc, test_path_control_char_is_bad);
	tcase_add_test(tc, test_request_uri_nul_escape_is_bad);
	tcase_add_test(tc, test_request_uri_bad_escape_is_bad);
	tcase_add_test(tc, test_header_control_char_is_bad);
	tcase_add_test(tc, test_variable_over_max_env_refused);
	tcase_add_test(tc, test_null_envp_is_bad);

	tcase_add_test(tc, test_query_pairs_are_decoded);
	tcase_add_test(tc, test_query_key_without_value_is_empty);
	tcase_add_test(tc, test_query_empty_segments_and_names_ignored);
	tcase_add_test(tc, test_query_duplicate_key_first_wins);
	tcase_add_test(tc, test_query_escaped_key_is_decoded);
	tcase_add_test(tc, test_query_bad_percent_escape_is_bad);
	tcase_add_test(tc, test_query_truncated_percent_escape_is_bad);
	tcase_add_test(tc, test_query_percent_nul_is_bad);
	tcase_add_test(tc, test_invalid_utf8_is_bad);
	tcase_add_test(tc, test_overlong_utf8_is_bad);
	tcase_add_test(tc, test_utf8_surrogate_is_bad);
	tcase_add_test(tc, test_query_key_control_char_is_bad);
	tcase_add_test(tc, test_query_oversize_key_refused);
	tcase_add_test(tc, test_query_key_at_limit_accepted);
	tcase_add_test(tc, test_query_oversize_value_refused);
	tcase_add_test(tc, test_too_many_fields_refused);
	tcase_add_test(tc, test_fields_at_limit_accepted);

	tcase_add_test(tc, test_cookies_parsed_with_whitespace);
	tcase_add_test(tc, test_cookie_malformed_pair_ignored);
	tcase_add_test(tc, test_cookie_quoted_value_unquoted);
	tcase_add_test(tc, test_cookie_value_is_not_url_decoded);
	tcase_add_test(tc, test_cookie_duplicate_first_wins);
	tcase_add_test(tc, test_cookie_only_separators_is_empty);
	tcase_add_test(tc, test_cookie_oversize_value_refused);
	tcase_add_test(tc, test_cookie_oversize_name_refused);
	tcase_add_test(tc, test_cookie_too_many_refused);

	tcase_add_test(tc, test_form_fields_parsed);
	tcase_add_test(tc, test_form_plus_decodes_to_space);
	tcase_add_test(tc, test_form_and_query_are_separate);
	tcase_add_test(tc, test_form_value_keeps_crlf);
	tcase_add_test(tc, test_form_value_control_char_is_bad);
	tcase_add_test(tc, test_form_raw_nul_byte_is_bad);
	tcase_add_test(tc, test_form_bad_percent_escape_is_bad);
	tcase_add_test(tc, test_form_content_type_params_and_case_accepted);
	tcase_add_test(tc, test_form_oversize_value_refused);
	tcase_add_test(tc, test_form_too_many_fields_refused);
	tcase_add_test(tc, test_form_read_one_byte_at_a_time);

	tcase_add_test(tc, test_oversize_content_length_refused_before_read);
	tcase_add_test(tc, test_content_length_overflow_refused_before_read);
	tcase_add_test(tc, test_post_missing_content_length_is_bad);
	tcase_add_test(tc, test_post_invalid_content_length_is_bad);
	tcase_add_test(tc, test_short_body_is_bad);
	tcase_add_test(tc, test_body_reader_error_is_error);
	tcase_add_test(tc, test_body_beyond_content_length_is_not_read);
	tcase_add_test(tc, test_unsupported_media_type_refused_before_read);
	tcase_add_test(tc, test_post_body_without_content_type_is_unsupported);
	tcase_add_test(tc, test_post_empty_body_needs_no_content_type);
	tcase_add_test(tc, test_get_body_is_not_read);

	tcase_add_test(tc, test_multipart_field_and_file);
	tcase_add_test(tc, test_multipart_quoted_boundary);
	tcase_add_test(tc, test_multipart_preamble_and_epilogue_ignored);
	tcase_add_test(tc, test_multipart_missing_final_boundary_is_bad);
	tcase_add_test(tc, test_multipart_without_any_delimiter_is_bad);
	tcase_add_test(tc, test_multipart_binary_file_keeps_nul_bytes);
	tcase_add_test(tc, test_multipart_crlf_before_delimiter_is_not_data);
	tcase_add_test(tc, test_multipart_empty_value_and_headerless_body);
	tcase_add_test(tc, test_multipart_garbage_after_delimiter_is_bad);
	tcase_add_test(tc, test_multipart_missing_boundary_param_is_bad);
	tcase_add_test(tc, test_multipart_boundary_too_long_is_bad);
	tcase_add_test(tc, test_multipart_unterminated_quote_is_bad);
	tcase_add_test(tc, test_multipart_part_without_disposition_is_bad);
	tcase_add_test(tc, test_multipart_part_without_name_is_bad);
	tcase_add_test(tc, test_multipart_disposition_not_form_data_is_bad);
	tcase_add_test(tc, test_multipart_header_without_colon_is_bad);
	tcase_add_test(tc, test_multipart_duplicate_disposition_is_bad);
	tcase_add_test(tc, test_multipart_unknown_headers_ignored);
	tcase_add_test(tc, test_multipart_field_invalid_utf8_is_bad);
	tcase_add_test(tc, test_multipart_field_nul_byte_is_bad);
	tcase_add_test(tc, test_multipart_filename_path_is_stripped);
	tcase_add_test(tc,
	    test_multipart_file_content_type_defaults_to_text_plain);
	tcase_add_test(tc, test_multipart_empty_file_input_skipped);
	tcase_add_test(tc, test_multipart_duplicate_file_first_wins);
	tcase_add_test(tc, test_multipart_file_too_large_refused);
	tcase_add_test(tc, test_multipart_file_at_limit_accepted);
	tcase_add_test(tc, test_multipart_too_many_files_refused);
	tcase_add_test(tc, test_multipart_too_many_fields_refused);
	tcase_add_test(tc, test_multipart_field_oversize_value_refused);
	tcase_add_test(tc, test_multipart_oversize_name_refused);
	tcase_add_test(tc, test_multipart_read_one_byte_at_a_time);

	tcase_add_test(tc, test_ocsp_request_body_is_kept_raw_with_nul_bytes);
	tcase_add_test(tc,
	    test_ocsp_request_type_is_case_insensitive_with_params);
	tcase_add_test(tc, test_ocsp_request_over_max_raw_refused_before_read);
	tcase_add_test(tc, test_ocsp_request_at_max_raw_is_accepted);
	tcase_add_test(tc, test_ocsp_request_shorter_than_announced_is_bad);
	tcase_add_test(tc, test_ocsp_response_type_is_not_a_request_body);
	tcase_add_test(tc, test_empty_ocsp_request_body_has_no_raw);
	tcase_add_test(tc, test_limits_default_values);
	tcase_add_test(tc, test_free_zeroed_twice_and_null_is_safe);
	tcase_add_test(tc, test_free_after_parse_zeroes_and_is_repeatable);
	tcase_add_test(tc, test_refused_request_keeps_what_was_parsed);
	tcase_add_test(tc, test_many_requests_release_everything);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nfail;

	sr = srunner_create(req_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail != 0;
}
