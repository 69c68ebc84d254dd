/*
 * check_healthjudge.c: what /healthz says of a CA's figures
 * (fcgi/health.c).  The integration test check_health drives the real
 * daemons; here each rule is tried with figures no live CA would give on
 * a test's time scale: a CRL gone stale because publishing stopped, a
 * delta CRL of one shard left behind, certificates a day from expiry, a
 * notice queue stuck for an hour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/health.h"
#include "fcgi/metrics.h"

#define NOW	1800000000LL
#define HOUR	3600LL
#define DAY	86400LL

/* A CA's figures, filled by add() (as its daemon would answer). */
struct figs {
	struct caclient_metric	 m[64];
	size_t			 n;
};

static void
add(struct figs *f, const char *name, const char *label, const char *value,
    long long v)
{
	struct caclient_metric	*e;

	ck_assert_uint_lt(f->n, sizeof(f->m) / sizeof(f->m[0]));
	e = &f->m[f->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->label, sizeof(e->label), "%s", label);
	snprintf(e->value, sizeof(e->value), "%s", value);
	e->v = (unsigned long long)v;
}

/*
 * A healthy CA at NOW: its daemon, key process and store answer; a full
 * CRL of a 24-hour life signed an hour ago; the responder's and the
 * notice signer's certificates a year from expiry; one platform's queue
 * empty.
 */
static void
healthy(struct figs *f)
{
	memset(f, 0, sizeof(*f));
	add(f, "key_process_up", "", "", 1);
	add(f, "store_up", "", "", 1);
	add(f, "crl_number", "", "", 42);
	add(f, "crl_this_update_seconds", "", "", NOW - HOUR);
	add(f, "crl_next_update_seconds", "", "", NOW + 23 * HOUR);
	add(f, "cert_not_after_seconds", "cert", "ca", NOW + 3650 * DAY);
	add(f, "cert_not_after_seconds", "cert", "ocsp_responder",
	    NOW + 365 * DAY);
	add(f, "cert_not_after_seconds", "cert", "notice_signer",
	    NOW + 365 * DAY);
	add(f, "notice_oldest_created_seconds", "platform", "ggzy", 0);
	add(f, "notice_failed", "platform", "ggzy", 0);
}

/* The figure name (of label value value, NULL: any) set to v. */
static void
set(struct figs *f, const char *name, const char *value, long long v)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->m[i].name, name) == 0 && (value == NULL ||
		    strcmp(f->m[i].value, value) == 0)) {
			f->m[i].v = (unsigned long long)v;
			return;
		}
	ck_abort_msg("no figure %s", name);
}

/* The state of check k of the CA with figures f at NOW. */
static enum health_state
judge(struct figs *f, int up, enum health_check k)
{
	struct metrics_ca	 a;
	enum health_state	 h[HEALTH__MAX];

	memset(&a, 0, sizeof(a));
	a.name = "bjca";
	a.up = up;
	a.m = f->m;
	a.n = f->n;
	health_judge(&a, (time_t)NOW, 600, h);
	return h[k];
}

START_TEST(test_a_healthy_ca_passes_every_check)
{
	struct figs	 f;
	int		 k;

	healthy(&f);
	for (k = 0; k < HEALTH__MAX; k++)
		ck_assert_msg(judge(&f, 1, k) == HEALTH_OK, "check %d", k);
}
END_TEST

START_TEST(test_an_issuing_crl_fails_when_publishing_has_stopped)
{
	struct figs	 f;

	/* Life 24 h: cad publishes again at 12 h; with 6 h left (a
	 * quarter) it is still fresh, with 5 h 59 min left it has been
	 * missed twice over and fails. */
	healthy(&f);
	set(&f, "crl_this_update_seconds", NULL, NOW - 18 * HOUR);
	set(&f, "crl_next_update_seconds", NULL, NOW + 6 * HOUR);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_OK);
	set(&f, "crl_this_update_seconds", NULL, NOW - 18 * HOUR - 60);
	set(&f, "crl_next_update_seconds", NULL, NOW + 6 * HOUR - 60);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
	/* Past its nextUpdate: relying parties reject it. */
	set(&f, "crl_this_update_seconds", NULL, NOW - 25 * HOUR);
	set(&f, "crl_next_update_seconds", NULL, NOW - HOUR);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
	/* The other checks do not depend on it. */
	ck_assert_int_eq(judge(&f, 1, HEALTH_STORE), HEALTH_OK);
	ck_assert_int_eq(judge(&f, 1, HEALTH_OCSP_CERT), HEALTH_OK);
}
END_TEST

START_TEST(test_a_stale_shard_delta_fails_while_the_full_crl_is_fresh)
{
	struct figs	 f;

	healthy(&f);
	add(&f, "base_crl_this_update_seconds", "shard", "00", NOW - HOUR);
	add(&f, "base_crl_next_update_seconds", "shard", "00",
	    NOW + 23 * HOUR);
	add(&f, "delta_crl_this_update_seconds", "shard", "00", NOW - HOUR);
	add(&f, "delta_crl_next_update_seconds", "shard", "00",
	    NOW + 23 * HOUR);
	add(&f, "base_crl_this_update_seconds", "shard", "01", NOW - HOUR);
	add(&f, "base_crl_next_update_seconds", "shard", "01",
	    NOW + 23 * HOUR);
	add(&f, "delta_crl_this_update_seconds", "shard", "01",
	    NOW - 20 * HOUR);
	add(&f, "delta_crl_next_update_seconds", "shard", "01",
	    NOW + 4 * HOUR);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
	/* Shard 01's delta published again: all fresh. */
	set(&f, "delta_crl_this_update_seconds", "01", NOW - HOUR);
	set(&f, "delta_crl_next_update_seconds", "01", NOW + 23 * HOUR);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_OK);
	/* A nextUpdate whose thisUpdate the daemon did not give: fail,
	 * not a guess. */
	add(&f, "delta_crl_next_update_seconds", "shard", "02",
	    NOW + 23 * HOUR);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
}
END_TEST

START_TEST(test_a_ca_that_never_published_a_crl_fails)
{
	struct figs	 f;
	size_t		 i, j;

	healthy(&f);
	for (i = j = 0; i < f.n; i++)
		if (strncmp(f.m[i].name, "crl_", 4) != 0)
			f.m[j++] = f.m[i];
	f.n = j;
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
}
END_TEST

START_TEST(test_the_root_crl_fails_a_week_before_its_next_update)
{
	struct figs	 f;

	healthy(&f);
	add(&f, "root_crl_next_update_seconds", "", "", NOW + 8 * DAY);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_OK);
	set(&f, "root_crl_next_update_seconds", NULL, NOW + 7 * DAY);
	ck_assert_int_eq(judge(&f, 1, HEALTH_CRL), HEALTH_FAIL);
}
END_TEST

START_TEST(test_certificates_fail_a_week_before_expiry_and_absent_is_none)
{
	struct figs	 f;

	healthy(&f);
	set(&f, "cert_not_after_seconds", "ocsp_responder", NOW + 7 * DAY);
	ck_assert_int_eq(judge(&f, 1, HEALTH_OCSP_CERT), HEALTH_FAIL);
	ck_assert_int_eq(judge(&f, 1, HEALTH_NOTICE_CERT), HEALTH_OK);
	set(&f, "cert_not_after_seconds", "ocsp_responder",
	    NOW + 7 * DAY + 1);
	ck_assert_int_eq(judge(&f, 1, HEALTH_OCSP_CERT), HEALTH_OK);
	set(&f, "cert_not_after_seconds", "notice_signer", NOW - DAY);
	ck_assert_int_eq(judge(&f, 1, HEALTH_NOTICE_CERT), HEALTH_FAIL);
	/* A CA set up without a responder: nothing to check. */
	snprintf(f.m[6].value, sizeof(f.m[6].value), "ocsp_other");
	ck_assert_str_eq(f.m[6].name, "cert_not_after_seconds");
	ck_assert_int_eq(judge(&f, 1, HEALTH_OCSP_CERT), HEALTH_NONE);
}
END_TEST

START_TEST(test_a_stuck_or_failed_notice_queue_fails)
{
	struct figs	 f;

	healthy(&f);
	/* stuck is 600 s in judge(). */
	set(&f, "notice_oldest_created_seconds", "ggzy", NOW - 600);
	ck_assert_int_eq(judge(&f, 1, HEALTH_QUEUES), HEALTH_OK);
	set(&f, "notice_oldest_created_seconds", "ggzy", NOW - 601);
	ck_assert_int_eq(judge(&f, 1, HEALTH_QUEUES), HEALTH_FAIL);
	set(&f, "notice_oldest_created_seconds", "ggzy", 0);
	set(&f, "notice_failed", "ggzy", 1);
	ck_assert_int_eq(judge(&f, 1, HEALTH_QUEUES), HEALTH_FAIL);
	/* An unreadable store: its queues are not judged. */
	set(&f, "store_up", NULL, 0);
	ck_assert_int_eq(judge(&f, 1, HEALTH_STORE), HEALTH_FAIL);
	ck_assert_int_eq(judge(&f, 1, HEALTH_QUEUES), HEALTH_UNKNOWN);
}
END_TEST

START_TEST(test_a_silent_daemon_fails_and_the_rest_is_unknown)
{
	struct figs	 f;
	int		 k;

	healthy(&f);
	ck_assert_int_eq(judge(&f, 0, HEALTH_DAEMON), HEALTH_FAIL);
	for (k = HEALTH_DAEMON + 1; k < HEALTH__MAX; k++)
		ck_assert_int_eq(judge(&f, 0, k), HEALTH_UNKNOWN);
	set(&f, "key_process_up", NULL, 0);
	ck_assert_int_eq(judge(&f, 1, HEALTH_KEY), HEALTH_FAIL);
}
END_TEST

START_TEST(test_the_report_names_each_failed_part)
{
	struct metrics_ca	 cas[2];
	struct figs		 a, b;
	char			*r;
	size_t			 len;
	int			 ok;

	healthy(&a);
	healthy(&b);
	set(&b, "crl_next_update_seconds", NULL, NOW - 1);
	memset(cas, 0, sizeof(cas));
	cas[0].name = "";
	cas[0].up = 1;
	cas[0].m = a.m;
	cas[0].n = a.n;
	cas[1].name = "sm2\"ca";
	cas[1].up = 1;
	cas[1].m = b.m;
	cas[1].n = b.n;

	r = health_report(1, cas, 1, (time_t)NOW, 600, &ok, &len);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ok, 1);
	ck_assert_uint_eq(len, strlen(r));
	ck_assert_str_eq(r, "{\"status\":\"ok\",\"app_db\":\"ok\",\"cas\":["
	    "{\"ca\":\"\",\"daemon\":\"ok\",\"key_process\":\"ok\","
	    "\"store\":\"ok\",\"crl\":\"ok\",\"ocsp_responder_cert\":\"ok\","
	    "\"notice_signer_cert\":\"ok\",\"notice_queues\":\"ok\"}],"
	    "\"failed\":[]}\n");
	free(r);

	r = health_report(0, cas, 2, (time_t)NOW, 600, &ok, &len);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ok, 0);
	ck_assert_ptr_nonnull(strstr(r, "{\"status\":\"fail\","
	    "\"app_db\":\"fail\","));
	ck_assert_ptr_nonnull(strstr(r, "\"failed\":[{\"part\":\"app_db\"},"
	    "{\"ca\":\"sm2\\\"ca\",\"part\":\"crl\"}]}\n"));
	free(r);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("healthjudge");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_add_test(tc, test_a_healthy_ca_passes_every_check);
	tcase_add_test(tc,
	    test_an_issuing_crl_fails_when_publishing_has_stopped);
	tcase_add_test(tc,
	    test_a_stale_shard_delta_fails_while_the_full_crl_is_fresh);
	tcase_add_test(tc, test_a_ca_that_never_published_a_crl_fails);
	tcase_add_test(tc,
	    test_the_root_crl_fails_a_week_before_its_next_update);
	tcase_add_test(tc,
	    test_certificates_fail_a_week_before_expiry_and_absent_is_none);
	tcase_add_test(tc, test_a_stuck_or_failed_notice_queue_fails);
	tcase_add_test(tc, test_a_silent_daemon_fails_and_the_rest_is_unknown);
	tcase_add_test(tc, test_the_report_names_each_failed_part);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
