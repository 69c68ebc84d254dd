/*
 * check_paymsg.c: signed payment messages (fcgi/paymsg.c) as a gateway
 * and a merchant use them: the canonical string both sides sign, RSA2
 * signatures that verify only unaltered, the refusals of malformed
 * parameter sets, and the typed reading of a notification; plus the
 * Shanghai time parser the notification's times go through.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "fcgi/paymsg.h"
#include "fcgi/shtime.h"

static EVP_PKEY	*key, *other;

static void
keys(void)
{
	if (key == NULL) {
		key = EVP_RSA_gen(2048);
		other = EVP_RSA_gen(2048);
	}
	ck_assert_ptr_nonnull(key);
	ck_assert_ptr_nonnull(other);
}

/* A complete, well-formed notification (unsigned). */
static void
notice(struct paymsg *m, const char *amount)
{
	memset(m, 0, sizeof(*m));
	ck_assert_int_eq(paymsg_add(m, "trade_status", "TRADE_SUCCESS"), 0);
	ck_assert_int_eq(paymsg_add(m, "out_trade_no", "CR2026112412345678"),
	    0);
	ck_assert_int_eq(paymsg_add(m, "app_id", "ca-reissue-sandbox"), 0);
	ck_assert_int_eq(paymsg_add(m, "notify_id", "0123abcd"), 0);
	ck_assert_int_eq(paymsg_add(m, "notify_time", "2026-11-24 14:00:00"),
	    0);
	ck_assert_int_eq(paymsg_add(m, "trade_no", "SB20261124000001"), 0);
	ck_assert_int_eq(paymsg_add(m, "total_amount", amount), 0);
	ck_assert_int_eq(paymsg_add(m, "subject", "CA补办"), 0);
}

START_TEST(test_canonical_string_is_sorted_and_leaves_out_the_signature)
{
	struct paymsg	 m;
	char		 buf[512];

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(paymsg_add(&m, "b", "2"), 0);
	ck_assert_int_eq(paymsg_add(&m, "sign", "xyz"), 0);
	ck_assert_int_eq(paymsg_add(&m, "a", "1 & 3=4"), 0);
	ck_assert_int_eq(paymsg_add(&m, "empty", ""), 0);
	ck_assert_int_eq(paymsg_add(&m, "sign_type", "RSA2"), 0);
	ck_assert_int_eq(paymsg_add(&m, "a_b", "中文"), 0);
	ck_assert_int_eq(paymsg_canonical(&m, buf, sizeof(buf)),
	    (long)strlen("a=1 & 3=4&a_b=中文&b=2"));
	ck_assert_str_eq(buf, "a=1 & 3=4&a_b=中文&b=2");
	/* Too small a buffer is refused, never cut. */
	ck_assert_int_eq(paymsg_canonical(&m, buf, 10), -1);
}
END_TEST

START_TEST(test_bad_names_values_and_duplicates_are_refused)
{
	struct paymsg	 m;
	char		 big[PAYMSG_VAL_MAX + 2];
	int		 i;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(paymsg_add(&m, "", "x"), -1);
	ck_assert_int_eq(paymsg_add(&m, "Upper", "x"), -1);
	ck_assert_int_eq(paymsg_add(&m, "a=b", "x"), -1);
	ck_assert_int_eq(paymsg_add(&m, "a", "line\nbreak"), -1);
	ck_assert_int_eq(paymsg_add(&m, "a", "\xff\xfe"), -1);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(paymsg_add(&m, "a", big), -1);
	ck_assert_int_eq(paymsg_add(&m, "a", "1"), 0);
	ck_assert_int_eq(paymsg_add(&m, "a", "2"), -1);
	ck_assert_str_eq(paymsg_get(&m, "a"), "1");
	for (i = 1; i < PAYMSG_MAX_PARAMS; i++) {
		char	 k[16];

		snprintf(k, sizeof(k), "k%d", i);
		ck_assert_int_eq(paymsg_add(&m, k, "v"), 0);
	}
	ck_assert_int_eq(paymsg_add(&m, "full", "v"), -1);
}
END_TEST

START_TEST(test_a_signed_message_verifies_only_unaltered)
{
	struct paymsg	 m, t;
	char		*s;

	keys();
	notice(&m, "50.00");
	ck_assert_int_eq(paymsg_verify(&m, key), 0);	/* unsigned */
	ck_assert_int_eq(paymsg_sign(&m, key), 0);
	ck_assert_str_eq(paymsg_get(&m, "sign_type"), "RSA2");
	ck_assert_int_eq(paymsg_verify(&m, key), 1);
	ck_assert_int_eq(paymsg_verify(&m, other), 0);
	ck_assert_int_eq(paymsg_sign(&m, key), -1);	/* signed once */

	/* Any value changed after signing. */
	t = m;
	s = strstr(t.p[6].val, "50.00");
	ck_assert_ptr_nonnull(s);
	s[0] = '9';
	ck_assert_int_eq(paymsg_verify(&t, key), 0);
	/* A parameter added after signing. */
	t = m;
	ck_assert_int_eq(paymsg_add(&t, "extra", "1"), 0);
	ck_assert_int_eq(paymsg_verify(&t, key), 0);
	/* Another sign_type; a signature that is not canonical base64. */
	t = m;
	strcpy(t.p[8].val, "RSA");
	ck_assert_int_eq(paymsg_verify(&t, key), 0);
	t = m;
	strcat(t.p[9].val, "\n");
	ck_assert_int_eq(paymsg_verify(&t, key), 0);
	/* An added empty parameter is outside the canonical string. */
	t = m;
	ck_assert_int_eq(paymsg_add(&t, "memo", ""), 0);
	ck_assert_int_eq(paymsg_verify(&t, key), 1);
}
END_TEST

START_TEST(test_the_form_body_percent_encodes_everything_but_unreserved)
{
	struct paymsg	 m;
	char		 buf[256];

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(paymsg_add(&m, "a", "x y&z=1"), 0);
	ck_assert_int_eq(paymsg_add(&m, "b", "补"), 0);
	ck_assert_int_eq(paymsg_form(&m, buf, sizeof(buf)), 27);
	ck_assert_str_eq(buf, "a=x%20y%26z%3D1&b=%E8%A1%A5");
	ck_assert_int_eq(paymsg_form(&m, buf, 8), -1);
}
END_TEST

START_TEST(test_a_notice_reads_into_typed_values)
{
	struct paymsg		 m;
	struct paymsg_notice	 n;
	const char		*why = "";

	notice(&m, "50.00");
	ck_assert_int_eq(paymsg_notice(&m, &n, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(n.out_trade_no, "CR2026112412345678");
	ck_assert_str_eq(n.trade_no, "SB20261124000001");
	ck_assert_int_eq(n.amount_fen, 5000);
	ck_assert_int_eq(n.status, PAYMSG_TRADE_SUCCESS);
	/* 2026-11-24 14:00:00 in Shanghai is 06:00:00 UTC. */
	ck_assert_int_eq(n.notify_time, 1795500000LL);
	notice(&m, "0.01");
	ck_assert_int_eq(paymsg_notice(&m, &n, &why), 0);
	ck_assert_int_eq(n.amount_fen, 1);
}
END_TEST

START_TEST(test_malformed_amounts_and_fields_are_named)
{
	static const char *const bad[] = { "50", "50.0", "50.000", "050.00",
	    "-1.00", "+1.00", "1e2.00", "5 .00", ".50", "12345678901.00", "" };
	struct paymsg		 m;
	struct paymsg_notice	 n;
	const char		*why;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		notice(&m, bad[i]);
		why = NULL;
		ck_assert_msg(paymsg_notice(&m, &n, &why) == -1, "%s", bad[i]);
		ck_assert_str_eq(why, "total_amount");
	}
	notice(&m, "50.00");
	strcpy(m.p[1].val, "XX2026");
	ck_assert_int_eq(paymsg_notice(&m, &n, &why), -1);
	ck_assert_str_eq(why, "out_trade_no");
	notice(&m, "50.00");
	strcpy(m.p[0].val, "WAIT_BUYER_PAY");
	ck_assert_int_eq(paymsg_notice(&m, &n, &why), -1);
	ck_assert_str_eq(why, "trade_status");
	notice(&m, "50.00");
	strcpy(m.p[4].val, "2026-02-29 10:00:00");	/* not a leap year */
	ck_assert_int_eq(paymsg_notice(&m, &n, &why), -1);
	ck_assert_str_eq(why, "notify_time");
}
END_TEST

START_TEST(test_shanghai_times_parse_and_print_back)
{
	static const char *const bad[] = { "2026-11-24 24:00:00",
	    "2026-13-01 00:00:00", "2026-11-31 00:00:00", "2026-11-24T14:00:00",
	    "2026-11-24 14:00:00Z", "2026-11-24 14:00", "0000-01-01 00:00:00",
	    "2026-1-24 14:00:00", "" };
	char		 buf[SHTIME_BUFSZ];
	long long	 t;
	size_t		 i;

	ck_assert_int_eq(shtime_parse("1970-01-01 08:00:00", &t), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(shtime_parse("2024-02-29 23:59:59", &t), 0);
	ck_assert_str_eq(shtime_sec(t, buf, sizeof(buf)),
	    "2024-02-29 23:59:59");
	ck_assert_int_eq(shtime_parse("2000-02-29 00:00:00", &t), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(shtime_parse(bad[i], &t) == -1, "%s", bad[i]);
	ck_assert_int_eq(shtime_parse(NULL, &t), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("paymsg");
	TCase	*tc = tcase_create("paymsg");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc,
	    test_canonical_string_is_sorted_and_leaves_out_the_signature);
	tcase_add_test(tc, test_bad_names_values_and_duplicates_are_refused);
	tcase_add_test(tc, test_a_signed_message_verifies_only_unaltered);
	tcase_add_test(tc,
	    test_the_form_body_percent_encodes_everything_but_unreserved);
	tcase_add_test(tc, test_a_notice_reads_into_typed_values);
	tcase_add_test(tc, test_malformed_amounts_and_fields_are_named);
	tcase_add_test(tc, test_shanghai_times_parse_and_print_back);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
