/*
 * check_crlhttp.c: the CRL as linked platforms fetch it (issue 7 item 1):
 * nginx's plain-HTTP /crl/ with the right Content-Type, ETag and
 * Last-Modified, conditional GETs answered 304, Expires at the CRL's
 * nextUpdate and Cache-Control max-age the seconds left until it; after
 * a revocation a new CRL (new ETag) within a second, which a plain GET
 * with the old ETag gets in full and which lists the serial.
 */
#define _DEFAULT_SOURCE		/* timegm */
#define _XOPEN_SOURCE 700	/* strptime */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CRL	"http:/crl/issuing-ca.crl"

static struct stack	 st;

/* The value of header name in h (first one), into out; 0 / -1. */
static int
header(const struct http *h, const char *name, char *out, size_t sz)
{
	const char	*p = h->headers;
	size_t		 n = strlen(name);

	while ((p = strchr(p, '\n')) != NULL) {
		p++;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			snprintf(out, sz, "%.*s", (int)strcspn(p, "\r\n"), p);
			return 0;
		}
	}
	return -1;
}

/* GET with extra curl words; status must be want. */
static void
get(const char *path, const char *extra, int want, struct http *h)
{
	ck_assert_int_eq(stack_curl(&st, path, extra, h), 0);
	ck_assert_msg(h->status == want, "%s: HTTP %d, wanted %d", path,
	    h->status, want);
}

/* The nextUpdate of the CRL body in h, as unix seconds. */
static long long
next_update(const struct http *h)
{
	char		 path[PATH_MAX + 32], line[128];
	FILE		*f;
	struct tm	 tm;

	snprintf(path, sizeof(path), "%s/t/crl.der", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	fwrite(h->body, 1, h->body_len, f);
	fclose(f);
	ck_assert_int_eq(stack_sh(&st, "openssl crl -inform DER -in " T
	    "/crl.der -noout -nextupdate -dateopt iso_8601 > " T "/next"), 0);
	snprintf(path, sizeof(path), "%s/t/next", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	/* nextUpdate=2026-11-25 13:00:00Z */
	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(strchr(line, '=') + 1,
	    "%Y-%m-%d %H:%M:%S", &tm));
	return (long long)timegm(&tm);
}

START_TEST(test_crl_is_served_with_type_validators_and_max_age)
{
	struct http	 h;
	char		 v[256], etag[128], lm[128], extra[512];
	long long	 next, age;
	struct tm	 tm;

	get(CRL, NULL, 200, &h);
	ck_assert_int_eq(header(&h, "Content-Type", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "application/pkix-crl");
	ck_assert_int_eq(header(&h, "ETag", etag, sizeof(etag)), 0);
	ck_assert_int_eq(header(&h, "Last-Modified", lm, sizeof(lm)), 0);
	ck_assert_int_eq(header(&h, "Cache-Control", v, sizeof(v)), 0);
	ck_assert(strncmp(v, "max-age=", 8) == 0);
	age = atoll(v + 8);
	next = next_update(&h);
	/* max-age runs out at nextUpdate (a second or two of slack). */
	ck_assert_msg(llabs((long long)time(NULL) + age - next) <= 3,
	    "max-age %lld, nextUpdate in %lld s", age,
	    next - (long long)time(NULL));
	ck_assert_int_eq(header(&h, "Expires", v, sizeof(v)), 0);
	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm));
	ck_assert(llabs((long long)timegm(&tm) - next) <= 3);
	http_free(&h);

	/* Conditional GETs: nothing to fetch again. */
	snprintf(extra, sizeof(extra), "-H 'If-None-Match: %s'", etag);
	get(CRL, extra, 304, &h);
	ck_assert_uint_eq(h.body_len, 0);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-H 'If-Modified-Since: %s'", lm);
	get(CRL, extra, 304, &h);
	http_free(&h);

	/* The PEM copy beside it. */
	get("http:/crl/issuing-ca.crl.pem", NULL, 200, &h);
	ck_assert_int_eq(header(&h, "Content-Type", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "application/x-pem-file");
	ck_assert_ptr_nonnull(strstr(h.body, "-----BEGIN X509 CRL-----"));
	http_free(&h);
}
END_TEST

START_TEST(test_a_revocation_gives_a_new_crl_within_a_second)
{
	struct http	 h;
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	char		 etag[128], now[128], serial[64], extra[512];
	char		 path[PATH_MAX + 32];
	FILE		*f;
	int		 i;

	ck_assert_int_eq(stack_sh(&st, "mkdir -p " T " && openssl req -new"
	    " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " T
	    "/k.pem -out " T "/r.csr -subj /CN=x 2>/dev/null && " CACTL
	    " issue --csr " T "/r.csr --org '演示' --cn '吴演示' --order"
	    " crlhttp-1 --out " T "/c.pem > " T "/serial"), 0);
	snprintf(path, sizeof(path), "%s/t/serial", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(serial, sizeof(serial), f));
	fclose(f);
	serial[strcspn(serial, "\n")] = '\0';
	/* A second apart, so that Last-Modified can differ too. */
	sleep(1);
	get(CRL, NULL, 200, &h);
	ck_assert_int_eq(header(&h, "ETag", etag, sizeof(etag)), 0);
	http_free(&h);

	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost",
	    serial), 0);
	snprintf(extra, sizeof(extra), "-H 'If-None-Match: %s'", etag);
	for (i = 0; i < 15; i++) {
		ck_assert_int_eq(stack_curl(&st, CRL, extra, &h), 0);
		if (h.status == 200)
			break;
		ck_assert_int_eq(h.status, 304);
		http_free(&h);
		nanosleep(&tenth, NULL);
	}
	ck_assert_msg(i < 15, "no new CRL 1.5 s after the revocation");
	ck_assert_int_eq(header(&h, "ETag", now, sizeof(now)), 0);
	ck_assert_str_ne(now, etag);
	(void)next_update(&h);		/* writes t/crl.der */
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "openssl crl -inform DER -in " T
	    "/crl.der -noout -text | tr -d ' ' | grep -qi 'SerialNumber:%s'",
	    serial), 0);
}
END_TEST

static void
up(void)
{
	if (stack_up(&st, NULL) != 0) {
		fprintf(stderr, "check_crlhttp: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
	if (stack_sh(&st, "mkdir -p " T) != 0)
		exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("crlhttp");
	TCase	*tc = tcase_create("crlhttp");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_crl_is_served_with_type_validators_and_max_age);
	tcase_add_test(tc, test_a_revocation_gives_a_new_crl_within_a_second);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
