/*
 * check_valid.c: the field validators of fcgi/valid.c (mobile numbers,
 * names, password rules, bounded integers, UTF-8 character counts).  The
 * UTF-8 byte sequences below are written out by hand from RFC 3629 and
 * the Unicode tables, not produced by the code under test.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/valid.h"

/* ---- valid_mobile ---- */

START_TEST(test_mobile_eleven_digits_1_3_to_9_is_valid)
{
	static const char *const good[] = {
		"13900000001", "13000000000", "14512345678", "15912345678",
		"16600000000", "17712345678", "18812345678", "19999999999",
	};
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(valid_mobile(good[i]), "%s", good[i]);
}
END_TEST

START_TEST(test_mobile_with_wrong_length_is_refused)
{
	ck_assert(!valid_mobile(""));
	ck_assert(!valid_mobile("1"));
	ck_assert(!valid_mobile("1390000000"));
	ck_assert(!valid_mobile("139000000011"));
	ck_assert(!valid_mobile("8613900000001"));
}
END_TEST

START_TEST(test_mobile_with_wrong_prefix_is_refused)
{
	ck_assert(!valid_mobile("10000000000"));
	ck_assert(!valid_mobile("11900000001"));
	ck_assert(!valid_mobile("12900000001"));
	ck_assert(!valid_mobile("23900000001"));
	ck_assert(!valid_mobile("03900000001"));
}
END_TEST

START_TEST(test_mobile_with_non_digits_is_refused)
{
	ck_assert(!valid_mobile("1390000000a"));
	ck_assert(!valid_mobile("139-0000-01"));
	ck_assert(!valid_mobile(" 1390000000"));
	ck_assert(!valid_mobile("1390000000 "));
	ck_assert(!valid_mobile("+8613900000"));
	ck_assert(!valid_mobile("1390000000\n"));
	/* Full-width digits: eleven characters, but not ASCII digits. */
	ck_assert(!valid_mobile("\xef\xbc\x91\xef\xbc\x93\xef\xbc\x99"
	    "00000001"));
}
END_TEST

START_TEST(test_mobile_null_is_refused)
{
	ck_assert(!valid_mobile(NULL));
}
END_TEST

/* ---- valid_name ---- */

START_TEST(test_name_chinese_and_latin_are_valid)
{
	ck_assert(valid_name("张三", 32));
	ck_assert(valid_name("A", 32));
	ck_assert(valid_name("Li Lei", 32));
	ck_assert(valid_name("阿卜杜·热合曼", 32));
	ck_assert(valid_name("辽宁演示建设工程有限公司", 64));
}
END_TEST

START_TEST(test_name_length_counts_characters_not_bytes)
{
	char	 s[3 * 40 + 1];
	int	 i;

	/* 32 times 张 (3 bytes each): 96 bytes, 32 characters. */
	s[0] = '\0';
	for (i = 0; i < 32; i++)
		strcat(s, "张");
	ck_assert(valid_name(s, 32));
	strcat(s, "张");
	ck_assert(!valid_name(s, 32));
	ck_assert(valid_name(s, 33));
}
END_TEST

START_TEST(test_name_empty_or_only_spaces_is_refused)
{
	ck_assert(!valid_name("", 32));
	ck_assert(!valid_name(" ", 32));
	ck_assert(!valid_name("     ", 32));
	ck_assert(!valid_name(NULL, 32));
}
END_TEST

START_TEST(test_name_with_control_characters_is_refused)
{
	ck_assert(!valid_name("张\t三", 32));
	ck_assert(!valid_name("张三\n", 32));
	ck_assert(!valid_name("张三\r", 32));
	ck_assert(!valid_name("\x7f", 32));
	ck_assert(!valid_name("a\x1b[31m", 32));
	ck_assert(!valid_name("a\xc2\x85" "b", 32));	/* U+0085 NEL */
}
END_TEST

START_TEST(test_name_with_invalid_utf8_is_refused)
{
	ck_assert(!valid_name("\xff", 32));
	ck_assert(!valid_name("\xe5\xbc", 32));		/* truncated 张 */
	ck_assert(!valid_name("a\xc0\xaf", 32));	/* overlong '/' */
}
END_TEST

START_TEST(test_name_with_zero_maximum_is_refused)
{
	ck_assert(!valid_name("A", 0));
}
END_TEST

/* ---- valid_password ---- */

START_TEST(test_password_with_three_classes_is_valid)
{
	ck_assert(valid_password("Demo@2026"));
	ck_assert(valid_password("Abcdefg1"));		/* upper lower digit */
	ck_assert(valid_password("abcdefg1!"));		/* lower digit other */
	ck_assert(valid_password("ABCDEFG1!"));		/* upper digit other */
	ck_assert(valid_password("Abcdefgh!"));		/* upper lower other */
	ck_assert(valid_password("Abc 1234"));		/* space is other */
	ck_assert(valid_password("Aa1!Aa1!"));		/* all four */
}
END_TEST

START_TEST(test_password_with_two_classes_is_refused)
{
	ck_assert(!valid_password("abcdefgh1234"));
	ck_assert(!valid_password("ABCDEFGH1234"));
	ck_assert(!valid_password("abcdEFGHijkl"));
	ck_assert(!valid_password("abcd!@#$%^&*"));
	ck_assert(!valid_password("1234!@#$%^&*"));
	ck_assert(!valid_password("12345678"));
	ck_assert(!valid_password("abcdefgh"));
	ck_assert(!valid_password("ABCDEFGH"));
	ck_assert(!valid_password("!@#$%^&*"));
}
END_TEST

START_TEST(test_password_shorter_than_8_is_refused)
{
	ck_assert(!valid_password(""));
	ck_assert(!valid_password("Aa1!"));
	ck_assert(!valid_password("Abc@123"));		/* 7 */
	ck_assert(valid_password("Abc@1234"));		/* 8 */
}
END_TEST

START_TEST(test_password_longer_than_64_is_refused)
{
	char	 s[80];

	memset(s, 'a', sizeof(s));
	memcpy(s, "A1!", 3);
	s[64] = '\0';
	ck_assert(valid_password(s));
	s[64] = 'a';
	s[65] = '\0';
	ck_assert(!valid_password(s));
}
END_TEST

START_TEST(test_password_length_counts_characters_not_bytes)
{
	/* 6 characters in 12 bytes: too short. */
	ck_assert(!valid_password("Ab1密码锁"));
	/* 8 characters (other: the Chinese ones). */
	ck_assert(valid_password("Ab1密码锁很好"));
	/* 64 characters in 187 bytes: still allowed. */
	{
		char	 s[3 * 64 + 1];
		int	 i;

		strcpy(s, "Ab1");
		for (i = 0; i < 61; i++)
			strcat(s, "密");
		ck_assert(valid_password(s));
		strcat(s, "密");
		ck_assert(!valid_password(s));
	}
}
END_TEST

START_TEST(test_password_with_control_characters_is_refused)
{
	ck_assert(!valid_password("Abcdef1\t"));
	ck_assert(!valid_password("Abcdef12\n"));
	ck_assert(!valid_password("Abc\x7f" "def1"));
	ck_assert(!valid_password("Abc\x1b" "def1"));
}
END_TEST

START_TEST(test_password_with_invalid_utf8_is_refused)
{
	ck_assert(!valid_password("Abcdef1\xff"));
	ck_assert(!valid_password("Abcdef1\xc0\xa1"));
	ck_assert(!valid_password("Abcdef1\xed\xa0\x80"));	/* surrogate */
}
END_TEST

START_TEST(test_password_null_is_refused)
{
	ck_assert(!valid_password(NULL));
}
END_TEST

/* ---- valid_int ---- */

START_TEST(test_int_in_range_is_parsed)
{
	long long	 v = -1;

	ck_assert(valid_int("0", 0, 10, &v));
	ck_assert_int_eq(v, 0);
	ck_assert(valid_int("10", 0, 10, &v));
	ck_assert_int_eq(v, 10);
	ck_assert(valid_int("7", 5, 7, &v));
	ck_assert_int_eq(v, 7);
	ck_assert(valid_int("123456789", 1, 1LL << 53, &v));
	ck_assert_int_eq(v, 123456789);
}
END_TEST

START_TEST(test_int_outside_range_is_refused)
{
	ck_assert(!valid_int("11", 0, 10, NULL));
	ck_assert(!valid_int("0", 1, 10, NULL));
	ck_assert(!valid_int("4", 5, 7, NULL));
	ck_assert(valid_int("9007199254740992", 1, 1LL << 53, NULL));
	ck_assert(!valid_int("9007199254740993", 1, 1LL << 53, NULL));
}
END_TEST

START_TEST(test_int_with_sign_space_or_letters_is_refused)
{
	ck_assert(!valid_int("-1", -10, 10, NULL));
	ck_assert(!valid_int("+1", 0, 10, NULL));
	ck_assert(!valid_int(" 1", 0, 10, NULL));
	ck_assert(!valid_int("1 ", 0, 10, NULL));
	ck_assert(!valid_int("1a", 0, 100, NULL));
	ck_assert(!valid_int("0x1", 0, 100, NULL));
	ck_assert(!valid_int("1e2", 0, 1000, NULL));
	ck_assert(!valid_int("1.0", 0, 10, NULL));
	ck_assert(!valid_int("", 0, 10, NULL));
	ck_assert(!valid_int(NULL, 0, 10, NULL));
	/* Full-width ３. */
	ck_assert(!valid_int("\xef\xbc\x93", 0, 10, NULL));
}
END_TEST

START_TEST(test_int_with_more_than_18_digits_is_refused)
{
	long long	 v = 0;

	ck_assert(valid_int("999999999999999999", 0, LLONG_MAX, &v));
	ck_assert(v == 999999999999999999LL);
	/* 19 digits could overflow; refused before any arithmetic. */
	ck_assert(!valid_int("1000000000000000000", 0, LLONG_MAX, NULL));
	ck_assert(!valid_int("99999999999999999999999", 0, LLONG_MAX, NULL));
	ck_assert(!valid_int("0000000000000000001", 0, LLONG_MAX, NULL));
}
END_TEST

START_TEST(test_int_refused_leaves_output_untouched)
{
	long long	 v = 42;

	ck_assert(!valid_int("11", 0, 10, &v));
	ck_assert_int_eq(v, 42);
	ck_assert(!valid_int("x", 0, 10, &v));
	ck_assert_int_eq(v, 42);
}
END_TEST

/* ---- valid_word ---- */

START_TEST(test_word_is_min_to_max_bytes_of_its_set)
{
	ck_assert(valid_word("join_sent", "_abcdefghijklmnopqrstuvwxyz", 1,
	    32));
	ck_assert(!valid_word("Join", "_abcdefghijklmnopqrstuvwxyz", 1, 32));
	ck_assert(!valid_word(" a", "abc", 1, 32));
	ck_assert(!valid_word("", "abc", 1, 32));
	ck_assert(valid_word("", "abc", 0, 32));
	ck_assert(valid_word("abcabc", "abc", 6, 6));
	ck_assert(!valid_word("abcab", "abc", 6, 6));
	ck_assert(!valid_word("abcabca", "abc", 6, 6));
	ck_assert(!valid_word("\xe5\x91\xa8", "abc", 1, 32));
	ck_assert(!valid_word(NULL, "abc", 0, 32));
}
END_TEST

/* ---- valid_utf8_chars ---- */

START_TEST(test_utf8_counts_characters)
{
	ck_assert_int_eq(valid_utf8_chars(""), 0);
	ck_assert_int_eq(valid_utf8_chars("abc"), 3);
	ck_assert_int_eq(valid_utf8_chars("张三"), 2);
	ck_assert_int_eq(valid_utf8_chars("a张b"), 3);
	ck_assert_int_eq(valid_utf8_chars("\xc2\xa0"), 1);	/* U+00A0 */
	ck_assert_int_eq(valid_utf8_chars("\xc3\xa9t\xc3\xa9"), 3);
	ck_assert_int_eq(valid_utf8_chars("\xf0\x9f\x98\x80"), 1);
	ck_assert_int_eq(valid_utf8_chars("\xf0\xa0\x80\x80"), 1); /* 𠀀 */
}
END_TEST

START_TEST(test_utf8_boundaries_of_each_length_are_accepted)
{
	static const char *const edge[] = {
		"\x7e",		/* U+007E, last printable ASCII */
		"\xc2\xa0",		/* U+00A0, first after C1 */
		"\xdf\xbf",		/* U+07FF */
		"\xe0\xa0\x80",	/* U+0800 */
		"\xed\x9f\xbf",	/* U+D7FF */
		"\xee\x80\x80",	/* U+E000 */
		"\xef\xbf\xbd",	/* U+FFFD */
		"\xf0\x90\x80\x80",	/* U+10000 */
		"\xf4\x8f\xbf\xbf",	/* U+10FFFF */
	};
	size_t	 i;

	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		ck_assert_msg(valid_utf8_chars(edge[i]) == 1, "edge %zu", i);
}
END_TEST

START_TEST(test_utf8_overlong_forms_are_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\xc0\xaf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xc1\xbf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xe0\x80\xaf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xe0\x9f\xbf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xf0\x80\x80\xaf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xf0\x8f\xbf\xbf"), -1);
}
END_TEST

START_TEST(test_utf8_surrogates_and_beyond_10ffff_are_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\xed\xa0\x80"), -1);	/* D800 */
	ck_assert_int_eq(valid_utf8_chars("\xed\xbf\xbf"), -1);	/* DFFF */
	ck_assert_int_eq(valid_utf8_chars("\xf4\x90\x80\x80"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xf7\xbf\xbf\xbf"), -1);
}
END_TEST

START_TEST(test_utf8_noncharacters_fffe_ffff_are_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\xef\xbf\xbe"), -1);
	ck_assert_int_eq(valid_utf8_chars("a\xef\xbf\xbf"), -1);
}
END_TEST

START_TEST(test_utf8_bad_lead_and_continuation_bytes_are_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\x80"), -1);
	ck_assert_int_eq(valid_utf8_chars("a\xbf"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xf8\x88\x80\x80\x80"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xfc\x84\x80\x80\x80\x80"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xfe"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xff"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xe5\x41\x41"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xc3\xc3\xa9"), -1);
}
END_TEST

START_TEST(test_utf8_truncated_sequence_at_end_is_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\xe5\xbc"), -1);
	ck_assert_int_eq(valid_utf8_chars("ab\xe5"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xf0\x9f\x98"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xc3"), -1);
}
END_TEST

START_TEST(test_utf8_c0_c1_and_del_controls_are_refused)
{
	ck_assert_int_eq(valid_utf8_chars("\x01"), -1);
	ck_assert_int_eq(valid_utf8_chars("a\tb"), -1);
	ck_assert_int_eq(valid_utf8_chars("a\nb"), -1);
	ck_assert_int_eq(valid_utf8_chars("\x1f"), -1);
	ck_assert_int_eq(valid_utf8_chars("\x7f"), -1);
	ck_assert_int_eq(valid_utf8_chars("\xc2\x80"), -1);	/* U+0080 */
	ck_assert_int_eq(valid_utf8_chars("\xc2\x9f"), -1);	/* U+009F */
}
END_TEST

START_TEST(test_utf8_null_is_refused)
{
	ck_assert_int_eq(valid_utf8_chars(NULL), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("valid");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("mobile");
	tcase_add_test(tc, test_mobile_eleven_digits_1_3_to_9_is_valid);
	tcase_add_test(tc, test_mobile_with_wrong_length_is_refused);
	tcase_add_test(tc, test_mobile_with_wrong_prefix_is_refused);
	tcase_add_test(tc, test_mobile_with_non_digits_is_refused);
	tcase_add_test(tc, test_mobile_null_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("name");
	tcase_add_test(tc, test_name_chinese_and_latin_are_valid);
	tcase_add_test(tc, test_name_length_counts_characters_not_bytes);
	tcase_add_test(tc, test_name_empty_or_only_spaces_is_refused);
	tcase_add_test(tc, test_name_with_control_characters_is_refused);
	tcase_add_test(tc, test_name_with_invalid_utf8_is_refused);
	tcase_add_test(tc, test_name_with_zero_maximum_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("password");
	tcase_add_test(tc, test_password_with_three_classes_is_valid);
	tcase_add_test(tc, test_password_with_two_classes_is_refused);
	tcase_add_test(tc, test_password_shorter_than_8_is_refused);
	tcase_add_test(tc, test_password_longer_than_64_is_refused);
	tcase_add_test(tc, test_password_length_counts_characters_not_bytes);
	tcase_add_test(tc, test_password_with_control_characters_is_refused);
	tcase_add_test(tc, test_password_with_invalid_utf8_is_refused);
	tcase_add_test(tc, test_password_null_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("int");
	tcase_add_test(tc, test_int_in_range_is_parsed);
	tcase_add_test(tc, test_int_outside_range_is_refused);
	tcase_add_test(tc, test_int_with_sign_space_or_letters_is_refused);
	tcase_add_test(tc, test_int_with_more_than_18_digits_is_refused);
	tcase_add_test(tc, test_int_refused_leaves_output_untouched);
	suite_add_tcase(s, tc);

	tc = tcase_create("word");
	tcase_add_test(tc, test_word_is_min_to_max_bytes_of_its_set);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_test(tc, test_utf8_counts_characters);
	tcase_add_test(tc, test_utf8_boundaries_of_each_length_are_accepted);
	tcase_add_test(tc, test_utf8_overlong_forms_are_refused);
	tcase_add_test(tc, test_utf8_surrogates_and_beyond_10ffff_are_refused);
	tcase_add_test(tc, test_utf8_noncharacters_fffe_ffff_are_refused);
	tcase_add_test(tc,
	    test_utf8_bad_lead_and_continuation_bytes_are_refused);
	tcase_add_test(tc, test_utf8_truncated_sequence_at_end_is_refused);
	tcase_add_test(tc, test_utf8_c0_c1_and_del_controls_are_refused);
	tcase_add_test(tc, test_utf8_null_is_refused);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
