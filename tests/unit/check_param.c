/*
 * check_param.c: the key table and the typed values of a request
 * (fcgi/param.c): each type accepts its good values and refuses bad ones,
 * a request's keys come from the query for a GET and the form for a
 * POST, a name with two meanings is checked for each, and the enum lists
 * match the codes of the modules whose enums they follow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/elsewhere.h"
#include "fcgi/form.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/session.h"

/* 1 if raw is a valid value of k. */
static int
ok(enum param_key k, const char *raw)
{
	struct param_val	 v;
	int			 r;

	ck_assert_int_eq(param_check(k, raw, &v), 0);
	r = v.state == PARAM_OK;
	if (!r) {
		ck_assert_int_eq(v.state, PARAM_BAD);
		ck_assert_ptr_null(v.text);
		ck_assert_ptr_null(v.own);
	}
	ck_assert_ptr_eq(v.raw, raw);
	free(v.own);
	return r;
}

/* The typed text raw becomes as k (it must be valid). */
static const char *
text_of(enum param_key k, const char *raw)
{
	static char		 buf[1024];
	struct param_val	 v;

	ck_assert_int_eq(param_check(k, raw, &v), 0);
	ck_assert_int_eq(v.state, PARAM_OK);
	ck_assert_ptr_nonnull(v.text);
	snprintf(buf, sizeof(buf), "%s", v.text);
	free(v.own);
	return buf;
}

/* The number raw becomes as k (it must be valid). */
static long long
num_of(enum param_key k, const char *raw)
{
	struct param_val	 v;

	ck_assert_int_eq(param_check(k, raw, &v), 0);
	ck_assert_int_eq(v.state, PARAM_OK);
	free(v.own);
	return v.num;
}

/* n copies of s. */
static char *
rep(const char *s, size_t n)
{
	static char	 buf[8192];
	size_t		 i, l = strlen(s);

	ck_assert_uint_lt(n * l, sizeof(buf));
	for (i = 0; i < n; i++)
		memcpy(buf + i * l, s, l);
	buf[n * l] = '\0';
	return buf;
}

/* ---- the types ---- */

START_TEST(test_id_accepts_1_to_2_53)
{
	ck_assert_int_eq(num_of(KEY_ID, "1"), 1);
	ck_assert_int_eq(num_of(KEY_ID, "9007199254740992"), 1LL << 53);
	ck_assert(!ok(KEY_ID, "0"));
	ck_assert(!ok(KEY_ID, "9007199254740993"));
	ck_assert(!ok(KEY_ID, "-1"));
	ck_assert(!ok(KEY_ID, "+1"));
	ck_assert(!ok(KEY_ID, " 1"));
	ck_assert(!ok(KEY_ID, "1 "));
	ck_assert(!ok(KEY_ID, "1e3"));
	ck_assert(!ok(KEY_ID, "0x10"));
	ck_assert(!ok(KEY_ID, ""));
	ck_assert(!ok(KEY_ID, "1234567890123456789"));
}
END_TEST

START_TEST(test_every_id_key_has_the_same_range)
{
	static const enum param_key ids[] = { KEY_ID, KEY_CERT, KEY_MEMBER,
	    KEY_MEMBERSHIP, KEY_PLATFORM, KEY_REQUEST };
	size_t	 i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		ck_assert_int_eq(param_row(ids[i])->type, PT_INT);
		ck_assert_int_eq(param_row(ids[i])->lo, 1);
		ck_assert_int_eq(param_row(ids[i])->hi, FORM_ID_MAX);
	}
}
END_TEST

START_TEST(test_int_range_of_page_and_size)
{
	ck_assert_int_eq(num_of(KEY_PAGE, "100000"), 100000);
	ck_assert(!ok(KEY_PAGE, "100001"));
	ck_assert(!ok(KEY_PAGE, "0"));
	ck_assert_int_eq(num_of(KEY_SIZE, "50"), 50);
	ck_assert(!ok(KEY_SIZE, "101"));
}
END_TEST

START_TEST(test_enum_takes_only_its_list)
{
	ck_assert_int_eq(num_of(KEY_TAB, "ca"), PARAM_TAB_CA);
	ck_assert_int_eq(num_of(KEY_TAB, "password"), PARAM_TAB_PASSWORD);
	ck_assert(!ok(KEY_TAB, "CA"));
	ck_assert(!ok(KEY_TAB, "ca "));
	ck_assert(!ok(KEY_TAB, ""));
	ck_assert_int_eq(num_of(KEY_FMT, "chain"), PARAM_FMT_CHAIN);
	ck_assert(!ok(KEY_FMT, "p12"));
	ck_assert_int_eq(num_of(KEY_ACTION, "next"), PARAM_ACTION_NEXT);
	ck_assert(!ok(KEY_ACTION, "pay"));
	ck_assert_int_eq(num_of(KEY_SB_ACTION, "pay"), PARAM_SB_PAY);
	ck_assert_int_eq(num_of(KEY_INVOICE_KIND, "paper_special"),
	    PARAM_INVOICE_PAPER_SPECIAL);
	ck_assert_int_eq(num_of(KEY_STEP, "verify"), PARAM_STEP_VERIFY);
}
END_TEST

START_TEST(test_enum_of_a_domain_enum_is_its_value)
{
	ck_assert_int_eq(num_of(KEY_KIND, "goods"), ORDER_KIND_GOODS);
	ck_assert_int_eq(num_of(KEY_REASON, "other"), ORDER_REASON_OTHER);
	ck_assert_int_eq(num_of(KEY_METHOD, "onsite"), ORDER_METHOD_ONSITE);
	ck_assert_int_eq(num_of(KEY_STATUS, "all"), APPDB_OPS_ALL);
	/* The "not chosen" value has no name to send. */
	ck_assert(!ok(KEY_REASON, ""));
	ck_assert(!ok(KEY_METHOD, ""));
}
END_TEST

START_TEST(test_enum_lists_match_the_modules_codes)
{
	int	 i;

	for (i = 0; i < ORDER_KIND__MAX; i++)
		ck_assert_str_eq(param_enum_name(KEY_KIND, i),
		    order_kind_code((enum order_kind)i));
	for (i = ORDER_REASON_LOST; i < ORDER_REASON__MAX; i++)
		ck_assert_str_eq(param_enum_name(KEY_REASON, i),
		    order_reason_code((enum order_reason)i));
	for (i = ORDER_METHOD_MAIL; i < ORDER_METHOD__MAX; i++)
		ck_assert_str_eq(param_enum_name(KEY_METHOD, i),
		    order_method_code((enum order_method)i));
	ck_assert_ptr_null(param_enum_name(KEY_REASON, ORDER_REASON__MAX));
	ck_assert_ptr_null(param_enum_name(KEY_REASON, -1));
	ck_assert_ptr_null(param_enum_name(KEY_ID, 0));
	ck_assert_int_eq(param_row(KEY_SERVICE)->hi, ELSEWHERE__MAX);
	ck_assert_int_eq(param_row(KEY_STATUS)->hi, APPDB_OPS__MAX);
	/* The token lengths follow their makers. */
	ck_assert_int_eq(param_row(KEY_CSRF)->lo, SESSION_TOKEN);
	ck_assert_int_eq(param_row(KEY_CSRF)->hi, SESSION_TOKEN);
}
END_TEST

START_TEST(test_checkbox_is_1_only)
{
	ck_assert_int_eq(num_of(KEY_AGREE, "1"), 1);
	ck_assert(!ok(KEY_AGREE, "on"));
	ck_assert(!ok(KEY_AGREE, "0"));
	ck_assert(!ok(KEY_AGREE, ""));
	ck_assert(!ok(KEY_KEYGEN, "11"));
}
END_TEST

START_TEST(test_word_is_its_set_and_length_as_sent)
{
	ck_assert_str_eq(text_of(KEY_NOTICE, "join_sent"), "join_sent");
	ck_assert(!ok(KEY_NOTICE, "Saved"));
	ck_assert(!ok(KEY_NOTICE, " saved"));
	ck_assert(!ok(KEY_NOTICE, ""));
	ck_assert(ok(KEY_NOTICE, rep("a", 32)));
	ck_assert(!ok(KEY_NOTICE, rep("a", 33)));
	ck_assert(ok(KEY_OFFICE, "shenyang"));
	ck_assert(!ok(KEY_OFFICE, "shen_yang"));
	ck_assert(ok(KEY_CSRF, rep("0a", 32)));
	ck_assert(!ok(KEY_CSRF, rep("0A", 32)));
	ck_assert(!ok(KEY_CSRF, rep("0a", 31)));
	ck_assert(ok(KEY_SUBMIT_KEY, rep("f", 32)));
	ck_assert(!ok(KEY_SUBMIT_KEY, rep("f", 33)));
	ck_assert(ok(KEY_NO, "CR2024010100000001"));
	ck_assert(!ok(KEY_NO, "CR 1"));
	ck_assert(!ok(KEY_NO, rep("1", 33)));
}
END_TEST

START_TEST(test_text_is_trimmed_and_bounded_in_characters)
{
	ck_assert_str_eq(text_of(KEY_TITLE, "  辽宁网联  "), "辽宁网联");
	ck_assert(!ok(KEY_TITLE, "   "));	/* 1..128 */
	ck_assert(!ok(KEY_TITLE, ""));
	ck_assert_str_eq(text_of(KEY_ADDRESS, "  "), "");	/* 0..256 */
	ck_assert(ok(KEY_ADDRESS, rep("沈", 256)));
	ck_assert(!ok(KEY_ADDRESS, rep("沈", 257)));
	ck_assert(ok(KEY_Q, rep("周", 32)));
	ck_assert(!ok(KEY_Q, rep("周", 33)));
}
END_TEST

START_TEST(test_text_refuses_controls_and_bad_utf8)
{
	ck_assert(!ok(KEY_TITLE, "a\nb"));
	ck_assert(!ok(KEY_TITLE, "a\tb"));
	ck_assert(!ok(KEY_TITLE, "a\x01" "b"));
	ck_assert(!ok(KEY_TITLE, "\xe5\xbc"));		/* truncated */
	ck_assert(!ok(KEY_TITLE, "\xc0\xaf"));		/* overlong */
	ck_assert(!ok(KEY_TITLE, "\xed\xa0\x80"));	/* surrogate */
	ck_assert(!ok(KEY_TITLE, "\xc2\x85"));		/* C1 NEL */
	/* A multiline text takes line breaks, nothing else. */
	ck_assert_str_eq(text_of(KEY_REASON_NOTE, " 离职\r\n交接 "),
	    "离职\r\n交接");
	ck_assert(!ok(KEY_REASON_NOTE, "a\x7f"));
	ck_assert(!ok(KEY_REASON_TEXT, "a\nb"));
}
END_TEST

START_TEST(test_name_is_not_only_spaces_and_has_two_bounds)
{
	ck_assert_str_eq(text_of(KEY_PERSON_NAME, " 张三 "), "张三");
	ck_assert(!ok(KEY_PERSON_NAME, "\xe3\x80\x80"));	/* U+3000 */
	ck_assert(!ok(KEY_PERSON_NAME, "\xc2\xa0"));		/* U+00A0 */
	ck_assert(ok(KEY_PERSON_NAME, rep("张", 32)));
	ck_assert(!ok(KEY_PERSON_NAME, rep("张", 33)));
	ck_assert(ok(KEY_COMPANY_NAME, rep("张", 128)));
	ck_assert(!ok(KEY_COMPANY_NAME, rep("张", 129)));
}
END_TEST

START_TEST(test_secret_is_kept_as_typed)
{
	ck_assert_str_eq(text_of(KEY_PASSWORD, " pass word "), " pass word ");
	ck_assert(ok(KEY_PASSWORD, ""));
	ck_assert(!ok(KEY_PASSWORD, "a\tb"));
	ck_assert(!ok(KEY_PASSWORD, "\xff"));
	ck_assert(!ok(KEY_PASSWORD, rep("a", 1025)));
	/* A 软证书's password: 8..64 characters, no rules beyond. */
	ck_assert(ok(KEY_BUNDLE_PASSWORD, "12345678"));
	ck_assert(ok(KEY_BUNDLE_PASSWORD, rep("密", 64)));
	ck_assert(!ok(KEY_BUNDLE_PASSWORD, "1234567"));
	ck_assert(!ok(KEY_BUNDLE_PASSWORD, rep("密", 65)));
}
END_TEST

START_TEST(test_new_password_follows_the_rules)
{
	ck_assert(ok(KEY_NEW_PASSWORD, "Abcdef12"));
	ck_assert(!ok(KEY_NEW_PASSWORD, "abcdefgh1"));	/* two classes */
	ck_assert(!ok(KEY_NEW_PASSWORD, "Ab1!"));	/* short */
	ck_assert(!ok(KEY_NEW_PASSWORD, rep("Ab1", 22)));	/* 66 */
}
END_TEST

START_TEST(test_mobile)
{
	ck_assert_str_eq(text_of(KEY_MOBILE, "13800000001"), "13800000001");
	ck_assert(!ok(KEY_MOBILE, "12800000001"));
	ck_assert(!ok(KEY_MOBILE, "1380000000"));
	ck_assert(!ok(KEY_MOBILE, "138000000011"));
	ck_assert(!ok(KEY_MOBILE, " 13800000001"));
	ck_assert(!ok(KEY_MOBILE, "1380000000x"));
}
END_TEST

START_TEST(test_uscc_is_raised_and_checked)
{
	ck_assert_str_eq(text_of(KEY_USCC, " 91210105ma0ydem15l "),
	    "91210105MA0YDEM15L");
	ck_assert_str_eq(text_of(KEY_TAX_ID, "91210105MA0YDEM15L"),
	    "91210105MA0YDEM15L");
	ck_assert(!ok(KEY_USCC, "91210105MA0YDEM15K"));	/* check char */
	ck_assert(!ok(KEY_USCC, "91210105MA0YDEM15"));
	ck_assert(!ok(KEY_USCC, ""));
}
END_TEST

START_TEST(test_phone_bank_account_and_key_serial_may_be_empty)
{
	ck_assert_str_eq(text_of(KEY_PHONE, " 024-8888 8888 "),
	    "024-8888 8888");
	ck_assert_str_eq(text_of(KEY_PHONE, ""), "");
	ck_assert(!ok(KEY_PHONE, "1234"));
	ck_assert(!ok(KEY_PHONE, "024 ext. 5"));
	ck_assert_str_eq(text_of(KEY_BANK_ACCOUNT, "6222 0000 0000"),
	    "6222 0000 0000");
	ck_assert(!ok(KEY_BANK_ACCOUNT, "12345"));
	ck_assert_str_eq(text_of(KEY_KEY_SERIAL, "  "), "");
	ck_assert_str_eq(text_of(KEY_KEY_SERIAL, " EP-2024_01 "),
	    "EP-2024_01");
	ck_assert(!ok(KEY_KEY_SERIAL, "EP 2024"));
	ck_assert(ok(KEY_KEY_SERIAL, rep("k", 64)));
	ck_assert(!ok(KEY_KEY_SERIAL, rep("k", 65)));
}
END_TEST

START_TEST(test_role_is_a_company_role)
{
	ck_assert_int_eq(num_of(KEY_ROLE, "admin"), APPDB_ROLE_ADMIN);
	ck_assert_int_eq(num_of(KEY_ROLE, "cost_engineer"),
	    APPDB_ROLE_COST_ENGINEER);
	ck_assert(!ok(KEY_ROLE, "personal"));
	ck_assert(!ok(KEY_ROLE, "Admin"));
	ck_assert(!ok(KEY_ROLE, ""));
}
END_TEST

START_TEST(test_codes_sms_and_pickup)
{
	ck_assert(ok(KEY_SMS_CODE, "012345"));
	ck_assert(!ok(KEY_SMS_CODE, "12345"));
	ck_assert(!ok(KEY_SMS_CODE, "1234567"));
	ck_assert(!ok(KEY_SMS_CODE, "12345a"));
	/* 领取码: spaces and '-' ignored, raised; no look-alikes. */
	ck_assert_str_eq(text_of(KEY_PICKUP_CODE, "abcd-2345"), "ABCD2345");
	ck_assert(!ok(KEY_PICKUP_CODE, "ABCD234"));
	ck_assert(!ok(KEY_PICKUP_CODE, "ABCD234O"));
	ck_assert(!ok(KEY_PICKUP_CODE, "ABCD2341"));
}
END_TEST

START_TEST(test_tracking_and_invoice_numbers)
{
	ck_assert_str_eq(text_of(KEY_TRACKING_NO, "sf 1234 5678"),
	    "SF12345678");
	ck_assert(!ok(KEY_TRACKING_NO, "SF12345"));		/* 7 */
	ck_assert(ok(KEY_TRACKING_NO, rep("9", 32)));
	ck_assert(!ok(KEY_TRACKING_NO, rep("9", 33)));
	ck_assert(!ok(KEY_TRACKING_NO, "SF-12345678"));
	ck_assert_str_eq(text_of(KEY_INVOICE_NO, "1234 5678"), "12345678");
	ck_assert(ok(KEY_INVOICE_NO, rep("1", 20)));
	ck_assert(!ok(KEY_INVOICE_NO, rep("1", 9)));
	ck_assert(!ok(KEY_INVOICE_NO, rep("1", 21)));
	ck_assert(!ok(KEY_INVOICE_NO, "1234567a"));
}
END_TEST

/* ---- a request ---- */

START_TEST(test_get_reads_the_query_and_post_the_form)
{
	struct req_pair	 q[] = { { "id", "7" }, { "notice", "saved" } };
	struct req_pair	 f[] = { { "id", "9" }, { "csrf", "x" } };
	struct req	 r;
	struct params	 p;
	long long	 id = 0;

	memset(&r, 0, sizeof(r));
	r.query = q;
	r.nquery = 2;
	r.form = f;
	r.nform = 2;
	r.method = REQ_GET;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert(param_int(&p, KEY_ID, &id));
	ck_assert_int_eq(id, 7);
	ck_assert_str_eq(param_text(&p, KEY_NOTICE), "saved");
	ck_assert_int_eq(param_state(&p, KEY_CSRF), PARAM_ABSENT);
	param_free(&p);

	r.method = REQ_POST;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert(param_int(&p, KEY_ID, &id));
	ck_assert_int_eq(id, 9);
	ck_assert_int_eq(param_state(&p, KEY_NOTICE), PARAM_ABSENT);
	ck_assert_int_eq(param_state(&p, KEY_CSRF), PARAM_BAD);
	param_free(&p);

	r.method = REQ_OTHER;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert_int_eq(param_state(&p, KEY_ID), PARAM_ABSENT);
	param_free(&p);
}
END_TEST

START_TEST(test_first_value_counts_and_undeclared_names_are_ignored)
{
	struct req_pair	 q[] = { { "utm_source", "x" }, { "id", "abc" },
	    { "id", "5" } };
	struct req	 r;
	struct params	 p;
	long long	 id = 42;

	memset(&r, 0, sizeof(r));
	r.query = q;
	r.nquery = 3;
	r.method = REQ_HEAD;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert_int_eq(param_state(&p, KEY_ID), PARAM_BAD);
	ck_assert(!param_int(&p, KEY_ID, &id));
	ck_assert_int_eq(id, 42);
	ck_assert_str_eq(param_keep(&p, KEY_ID), "abc");
	param_free(&p);
}
END_TEST

START_TEST(test_one_name_two_meanings)
{
	struct req_pair	 f[] = { { "name", NULL }, { "password", "abc" },
	    { "reason", "lost" } };
	struct req	 r;
	struct params	 p;

	f[0].val = rep("张", 40);
	memset(&r, 0, sizeof(r));
	r.form = f;
	r.nform = 3;
	r.method = REQ_POST;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert_int_eq(param_state(&p, KEY_PERSON_NAME), PARAM_BAD);
	ck_assert_int_eq(param_state(&p, KEY_COMPANY_NAME), PARAM_OK);
	ck_assert_str_eq(param_text(&p, KEY_PASSWORD), "abc");
	ck_assert_int_eq(param_state(&p, KEY_NEW_PASSWORD), PARAM_BAD);
	ck_assert_int_eq(param_state(&p, KEY_BUNDLE_PASSWORD), PARAM_BAD);
	ck_assert_int_eq(param_enum(&p, KEY_REASON), ORDER_REASON_LOST);
	ck_assert_str_eq(param_text(&p, KEY_REASON_NOTE), "lost");
	param_free(&p);
}
END_TEST

START_TEST(test_accessors_answer_only_for_their_type)
{
	struct req_pair	 q[] = { { "id", "3" }, { "tab", "ca" },
	    { "agree", "1" }, { "role", "admin" } };
	struct req	 r;
	struct params	 p;
	enum appdb_role	 role;
	long long	 n;

	memset(&r, 0, sizeof(r));
	r.query = q;
	r.nquery = 4;
	r.method = REQ_GET;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert_int_eq(param_enum(&p, KEY_ID), -1);
	ck_assert(!param_int(&p, KEY_TAB, &n));
	ck_assert_int_eq(param_enum(&p, KEY_TAB), PARAM_TAB_CA);
	ck_assert(param_flag(&p, KEY_AGREE));
	ck_assert(!param_flag(&p, KEY_KEYGEN));
	ck_assert(param_role(&p, KEY_ROLE, &role));
	ck_assert_int_eq(role, APPDB_ROLE_ADMIN);
	ck_assert_int_eq(param_enum(&p, KEY_FMT), -1);
	param_free(&p);
	/* No keys at all (the machine protocols): all absent. */
	ck_assert_int_eq(param_state(NULL, KEY_ID), PARAM_ABSENT);
	ck_assert_ptr_null(param_text(NULL, KEY_MOBILE));
	ck_assert_int_eq(param_enum(NULL, KEY_TAB), -1);
	ck_assert(!param_given(NULL, KEY_USCC));
}
END_TEST

START_TEST(test_keep_shows_text_and_given_sees_past_spaces)
{
	struct req_pair	 f[] = { { "uscc", "  " }, { "title", NULL },
	    { "address", "一\n二" }, { "bank", NULL } };
	struct req	 r;
	struct params	 p;
	char		 big[PARAM_KEEP_MAX + 1];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	f[1].val = big;
	f[3].val = "a\x01";
	memset(&r, 0, sizeof(r));
	r.form = f;
	r.nform = 4;
	r.method = REQ_POST;
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert(!param_given(&p, KEY_USCC));
	ck_assert_str_eq(param_keep(&p, KEY_USCC), "  ");
	ck_assert_ptr_null(param_keep(&p, KEY_TITLE));	/* too long */
	ck_assert_str_eq(param_keep(&p, KEY_ADDRESS), "一\n二");
	ck_assert_ptr_null(param_text(&p, KEY_ADDRESS));
	ck_assert_ptr_null(param_keep(&p, KEY_BANK));	/* control */
	ck_assert_ptr_null(param_keep(&p, KEY_PHONE));	/* absent */
	big[PARAM_KEEP_MAX - 1] = '\0';
	param_free(&p);
	ck_assert_int_eq(param_parse(&p, &r), 0);
	ck_assert_ptr_eq(param_keep(&p, KEY_TITLE), big);
	param_free(&p);
	param_free(NULL);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("param");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("types");
	tcase_add_test(tc, test_id_accepts_1_to_2_53);
	tcase_add_test(tc, test_every_id_key_has_the_same_range);
	tcase_add_test(tc, test_int_range_of_page_and_size);
	tcase_add_test(tc, test_enum_takes_only_its_list);
	tcase_add_test(tc, test_enum_of_a_domain_enum_is_its_value);
	tcase_add_test(tc, test_enum_lists_match_the_modules_codes);
	tcase_add_test(tc, test_checkbox_is_1_only);
	tcase_add_test(tc, test_word_is_its_set_and_length_as_sent);
	tcase_add_test(tc, test_text_is_trimmed_and_bounded_in_characters);
	tcase_add_test(tc, test_text_refuses_controls_and_bad_utf8);
	tcase_add_test(tc, test_name_is_not_only_spaces_and_has_two_bounds);
	tcase_add_test(tc, test_secret_is_kept_as_typed);
	tcase_add_test(tc, test_new_password_follows_the_rules);
	tcase_add_test(tc, test_mobile);
	tcase_add_test(tc, test_uscc_is_raised_and_checked);
	tcase_add_test(tc, test_phone_bank_account_and_key_serial_may_be_empty);
	tcase_add_test(tc, test_role_is_a_company_role);
	tcase_add_test(tc, test_codes_sms_and_pickup);
	tcase_add_test(tc, test_tracking_and_invoice_numbers);
	suite_add_tcase(s, tc);

	tc = tcase_create("request");
	tcase_add_test(tc, test_get_reads_the_query_and_post_the_form);
	tcase_add_test(tc,
	    test_first_value_counts_and_undeclared_names_are_ignored);
	tcase_add_test(tc, test_one_name_two_meanings);
	tcase_add_test(tc, test_accessors_answer_only_for_their_type);
	tcase_add_test(tc, test_keep_shows_text_and_given_sees_past_spaces);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
