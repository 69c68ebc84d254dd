/*
 * check_crlshard.c: partitioned and delta CRLs (ca/cashard.c) in a whole
 * instance made with CRL_SHARDS=16 (cactl init --crl-shards 16), fetched
 * from nginx over plain HTTP and judged by `openssl verify -crl_check
 * -use_deltas`, `openssl crl -text` and GnuTLS's certtool.  /metrics
 * gives each shard's base and delta CRL (kind="base", kind="delta") as
 * the published files number them, and a revocation moves its shard's
 * delta alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define CHAIN	"\"$STACK_DIR/ca/chain.pem\""
#define STACK	"\"$TOP/tools/stack.sh\""
#define NCERTS	40

static struct stack	 st;
static char		 serial[NCERTS][64];
static unsigned		 shard[NCERTS];

static void
up(void)
{
	setenv("CRL_SHARDS", "16", 1);
	if (stack_up(&st, NULL) != 0 || stack_sh(&st, "mkdir -p " T) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_crlshard: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* Fetches shard k's base and delta into t/bK.pem, t/dK.pem (DER -> PEM)
 * from nginx; 0 / nonzero. */
static int
fetch(unsigned k)
{
	return stack_sh(&st, "for f in s%02x s%02x-delta; do curl -sf "
	    "http://127.0.0.1:%d/crl/issuing-ca-$f.crl -o " T "/$f.der && "
	    "openssl crl -inform DER -in " T "/$f.der -out " T "/$f.pem || "
	    "exit 1; done", k, k, st.http_port);
}

/* openssl verify of t/cI.pem with the CRL files given: its exit code. */
static int
verify(int i, const char *crls)
{
	return stack_sh(&st, "cd " T " && openssl verify -crl_check "
	    "-use_deltas -CAfile " CHAIN " %s c%d.pem > v.out 2>&1", crls, i);
}

START_TEST(test_certificates_name_their_shard_spread_evenly)
{
	char	 path[PATH_MAX + 64], *txt;
	int	 i, seen[16] = { 0 }, distinct = 0;

	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/k.pem -out " T
	    "/r.csr -subj /CN=x 2>/dev/null"), 0);
	for (i = 0; i < NCERTS; i++) {
		ck_assert_int_eq(stack_sh(&st, CACTL " issue --csr " T "/r.csr "
		    "--org 分片测试 --cn c%d --out " T "/c%d.pem > " T
		    "/c%d.serial 2>/dev/null", i, i, i), 0);
		snprintf(path, sizeof(path), "%s/t/c%d.serial", st.dir, i);
		txt = stack_slurp(path, NULL);
		ck_assert_ptr_nonnull(txt);
		txt[strcspn(txt, "\n")] = '\0';
		snprintf(serial[i], sizeof(serial[i]), "%s", txt);
		free(txt);
		/* The last byte's low four bits name the shard. */
		shard[i] = (unsigned)strtoul(serial[i] + strlen(serial[i]) - 1,
		    NULL, 16);
		ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " T "/c%d.pem "
		    "-noout -ext crlDistributionPoints | grep -qx ' *URI:http://"
		    "127.0.0.1:%d/crl/issuing-ca-s%02x.crl'", i, st.http_port,
		    shard[i]), 0);
		if (!seen[shard[i]]++)
			distinct++;
	}
	/* 40 random serials over 16 shards: all but a few shards get some. */
	ck_assert_int_ge(distinct, 8);
}
END_TEST

START_TEST(test_a_revocation_is_in_its_shards_delta_within_a_second)
{
	int	 a = 0, b, i;

	for (b = 1; b < NCERTS && shard[b] == shard[a]; b++)
		;
	ck_assert_int_lt(b, NCERTS);
	ck_assert_int_eq(fetch(shard[a]), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost "
	    ">/dev/null", serial[a]), 0);
	for (i = 0; i < 20; i++) {
		ck_assert_int_eq(fetch(shard[a]), 0);
		if (stack_sh(&st, "openssl crl -in " T "/s%02x-delta.pem "
		    "-noout -text | grep -q 'Serial Number: %s'", shard[a],
		    serial[a]) == 0)
			break;
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	ck_assert_int_lt(i, 20);
	{
		char	 crls[128];

		snprintf(crls, sizeof(crls), "-CRLfile s%02x.pem -CRLfile "
		    "s%02x-delta.pem", shard[a], shard[a]);
		/* base + delta: revoked; the base alone predates it. */
		ck_assert_int_eq(verify(a, crls), 2);
		ck_assert_int_eq(stack_sh(&st, "grep -q 'certificate revoked' "
		    T "/v.out"), 0);
		snprintf(crls, sizeof(crls), "-CRLfile s%02x.pem", shard[a]);
		ck_assert_int_eq(verify(a, crls), 0);
		/* Another shard's certificate: not in this CRL's scope. */
		ck_assert_int_eq(verify(b, crls), 2);
		ck_assert_int_eq(stack_sh(&st, "grep -q 'different CRL scope' "
		    T "/v.out"), 0);
	}
	/* The extensions, as RFC 5280 5.2.4-5.2.6 want them. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl crl -in s%02x.pem "
	    "-noout -text > base.txt && openssl crl -in s%02x-delta.pem "
	    "-noout -text > delta.txt && grep -q 'Issuing Distribution "
	    "Point: critical' base.txt && grep -q 'Only User Certificates' "
	    "base.txt && grep -q 'issuing-ca-s%02x-delta.crl' base.txt && "
	    "grep -q 'Delta CRL Indicator: critical' delta.txt && grep -q "
	    "'Issuing Distribution Point: critical' delta.txt && "
	    "[ \"$(grep -A1 'CRL Number' base.txt | tail -1 | tr -d ' ')\" = "
	    "\"$(grep -A1 'Delta CRL Indicator' delta.txt | tail -1 | "
	    "tr -d ' ')\" ]", shard[a], shard[a], shard[a]), 0);
	/* GnuTLS: both verify; with them the certificate is revoked. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && for f in s%02x "
	    "s%02x-delta; do certtool --verify-crl --load-ca-certificate "
	    "\"$STACK_DIR/ca/ca.crt\" --infile $f.pem | grep -q "
	    "'^Verification output: Verified' || exit 1; done && "
	    "cat s%02x.pem s%02x-delta.pem > both.pem && certtool --verify "
	    "--load-ca-certificate " CHAIN " --load-crl both.pem --infile "
	    "c%d.pem 2>&1 | grep -q 'revoked'", shard[a], shard[a], shard[a],
	    shard[a], a), 0);
	/* `cactl crl` makes new bases: now the base alone says revoked. */
	ck_assert_int_eq(stack_sh(&st, CACTL " crl > /dev/null && sleep 1"),
	    0);
	ck_assert_int_eq(fetch(shard[a]), 0);
	{
		char	 crls[64];

		snprintf(crls, sizeof(crls), "-CRLfile s%02x.pem", shard[a]);
		ck_assert_int_eq(verify(a, crls), 2);
	}
	/* ... and a delta on the new base (which may repeat entries of the
	 * base's last second: harmless, and safe against a clock step). */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl crl -in s%02x.pem "
	    "-noout -text > base.txt && openssl crl -in s%02x-delta.pem "
	    "-noout -text > delta.txt && "
	    "[ \"$(grep -A1 'CRL Number' base.txt | tail -1 | tr -d ' ')\" = "
	    "\"$(grep -A1 'Delta CRL Indicator' delta.txt | tail -1 | "
	    "tr -d ' ')\" ]", shard[a], shard[a]), 0);
}
END_TEST

START_TEST(test_a_lifted_hold_leaves_the_shard_at_once)
{
	char	 crls[128];
	int	 c = 2, i;

	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "certificateHold >/dev/null && sleep 1", serial[c]), 0);
	ck_assert_int_eq(fetch(shard[c]), 0);
	snprintf(crls, sizeof(crls), "-CRLfile s%02x.pem -CRLfile "
	    "s%02x-delta.pem", shard[c], shard[c]);
	ck_assert_int_eq(verify(c, crls), 2);
	ck_assert_int_eq(stack_sh(&st, CACTL " unhold %s >/dev/null",
	    serial[c]), 0);
	for (i = 0; i < 20; i++) {
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
		ck_assert_int_eq(fetch(shard[c]), 0);
		if (verify(c, crls) == 0)
			break;
	}
	ck_assert_int_lt(i, 20);
}
END_TEST

/*
 * Runs cad on the stopped instance's CA, with ca.conf's crl_shards set
 * to n, into log/cad-shards-n.log (where stack_down() looks for
 * sanitizer reports too).  Returns cad's exit status.
 */
static int
cad_with_shards(int n)
{
	ck_assert_int_eq(stack_sh(&st, "sed -i 's/^crl_shards = .*/"
	    "crl_shards = %d/' \"$STACK_DIR/ca/ca.conf\" && grep -qx "
	    "'crl_shards = %d' \"$STACK_DIR/ca/ca.conf\"", n, n), 0);
	return stack_sh(&st, "CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/"
	    "ca.pass\" timeout 10 \"$BINDIR/cad\" -c \"$STACK_DIR/ca\" -s "
	    T "/cad.sock -n " T "/notify.sock > "
	    "\"$STACK_DIR/log/cad-shards-%d.log\" 2>&1", n);
}

/*
 * The value of the series written exactly as series in the exposition
 * h, or -1 if it is not there.
 */
static double
value(const struct http *h, const char *series)
{
	const char	*p = h->body;
	size_t		 n = strlen(series);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return -1;
}

/* GET /metrics into *h (200), kept in t/metrics.txt. */
static void
metrics(struct http *h)
{
	FILE	*f;
	char	 path[PATH_MAX + 32];

	ck_assert_int_eq(stack_curl(&st, "/metrics", "--interface 127.0.0.1",
	    h), 0);
	ck_assert_msg(h->status == 200, "/metrics: HTTP %d", h->status);
	snprintf(path, sizeof(path), "%s/t/metrics.txt", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(h->body, 1, h->body_len, f), h->body_len);
	ck_assert_int_eq(fclose(f), 0);
}

/* The CRL number of t/NAME.pem (fetched), as openssl reads it. */
static double
file_number(const char *name)
{
	char	 path[PATH_MAX + 32], *txt;
	double	 n;

	ck_assert_int_eq(stack_sh(&st, "printf '%%d\\n' $(openssl crl -in "
	    T "/%s.pem -noout -crlnumber | cut -d= -f2) > " T "/num.out",
	    name), 0);
	snprintf(path, sizeof(path), "%s/t/num.out", st.dir);
	ck_assert_ptr_nonnull(txt = stack_slurp(path, NULL));
	n = strtod(txt, NULL);
	free(txt);
	return n;
}

/* careissue_crl_<what>{ca="",kind="<kind>",shard="<k>"} of h. */
static double
crl_series(const struct http *h, const char *what, const char *kind,
    unsigned k)
{
	char	 series[128];

	snprintf(series, sizeof(series), "careissue_crl_%s{ca=\"\","
	    "kind=\"%s\",shard=\"%02x\"}", what, kind, k);
	return value(h, series);
}

/*
 * Every shard's base and delta CRL in /metrics, numbered as the files
 * nginx serves; a revocation moves its shard's delta, not the base.
 */
START_TEST(test_metrics_give_each_shards_base_and_delta)
{
	struct http	 h;
	double		 base, delta;
	unsigned	 k;
	int		 d = 5, i;

	metrics(&h);
	for (k = 0; k < 16; k++) {
		ck_assert_msg(crl_series(&h, "number", "base", k) >= 1 &&
		    crl_series(&h, "number", "delta", k) >
		    crl_series(&h, "number", "base", k), "shard %02x", k);
		ck_assert(crl_series(&h, "age_seconds", "delta", k) >= 0);
		ck_assert(crl_series(&h, "next_update_in_seconds", "delta", k) >
		    0);
		ck_assert(crl_series(&h, "next_update_in_seconds", "base", k) >
		    0);
	}
	ck_assert(value(&h, "careissue_crl_number{ca=\"\",kind=\"full\","
	    "shard=\"\"}") >= 1);
	k = shard[d];
	base = crl_series(&h, "number", "base", k);
	delta = crl_series(&h, "number", "delta", k);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "promtool check metrics < " T
	    "/metrics.txt > " T "/promtool.out 2>&1"), 0);
	ck_assert_int_eq(fetch(k), 0);
	{
		char	 b[16], dl[24];

		snprintf(b, sizeof(b), "s%02x", k);
		snprintf(dl, sizeof(dl), "s%02x-delta", k);
		ck_assert_double_eq(file_number(b), base);
		ck_assert_double_eq(file_number(dl), delta);
	}

	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason "
	    "keyCompromise >/dev/null", serial[d]), 0);
	for (i = 0; i < 30; i++) {
		metrics(&h);
		if (crl_series(&h, "number", "delta", k) > delta)
			break;
		http_free(&h);
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	ck_assert_msg(i < 30, "shard %02x's delta did not move", k);
	ck_assert_double_eq(crl_series(&h, "number", "base", k), base);
	ck_assert(crl_series(&h, "age_seconds", "delta", k) <= 5);
	delta = crl_series(&h, "number", "delta", k);
	http_free(&h);
	ck_assert_int_eq(fetch(k), 0);
	{
		char	 dl[24];

		snprintf(dl, sizeof(dl), "s%02x-delta", k);
		ck_assert_double_eq(file_number(dl), delta);
	}
}
END_TEST

START_TEST(test_cad_refuses_a_crl_shards_edited_after_init)
{
	/* The stack stopped, its CA store's PostgreSQL (STACK_DB=pg) back
	 * up for the cad below. */
	ck_assert_int_eq(stack_sh(&st, STACK " stop \"$STACK_DIR\" && { [ ! "
	    "-f \"$STACK_DIR/pg/conninfo\" ] || \"$TOP/tests/pg/pgtmp.sh\" "
	    "restart \"$STACK_DIR/pg\" > /dev/null; }"), 0);
	/* More shards, or none: refused before it serves, both values
	 * named. */
	ck_assert_int_eq(cad_with_shards(32), 1);
	ck_assert_int_eq(stack_sh(&st, "grep 'crl_shards = 32' "
	    "\"$STACK_DIR/log/cad-shards-32.log\" | grep -q "
	    "'crl_shards = 16'"), 0);
	ck_assert_int_eq(cad_with_shards(0), 1);
	ck_assert_int_eq(stack_sh(&st, "grep 'crl_shards = 0' "
	    "\"$STACK_DIR/log/cad-shards-0.log\" | grep -q "
	    "'crl_shards = 16'"), 0);
	/* Nothing serves (the socket may stay behind: cad, no longer root
	 * when it finds out, may not remove it from root's directory). */
	ck_assert_int_ne(stack_sh(&st, "\"$BINDIR/cactl\" -s " T "/cad.sock "
	    "ping > /dev/null 2>&1"), 0);
	/* The value of init again: it serves as before. */
	ck_assert_int_eq(stack_sh(&st, "sed -i 's/^crl_shards = .*/"
	    "crl_shards = 16/' \"$STACK_DIR/ca/ca.conf\" && " STACK " start "
	    "\"$STACK_DIR\" && " CACTL " ping > /dev/null"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("crlshard");
	TCase	*tc = tcase_create("crlshard");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_certificates_name_their_shard_spread_evenly);
	tcase_add_test(tc,
	    test_a_revocation_is_in_its_shards_delta_within_a_second);
	tcase_add_test(tc, test_a_lifted_hold_leaves_the_shard_at_once);
	tcase_add_test(tc, test_metrics_give_each_shards_base_and_delta);
	tcase_add_test(tc, test_cad_refuses_a_crl_shards_edited_after_init);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
