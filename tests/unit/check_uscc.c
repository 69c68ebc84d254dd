/*
 * check_uscc.c: the 统一社会信用代码 validator (fcgi/uscc.c).  The good
 * codes below are published ones or were computed by an independent
 * implementation of GB 32100-2015 and GB 11714, not by the code under
 * test.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/uscc.h"

static const char *const good[] = {
	"91210105MA0YDEM15L",	/* 沈阳皇姑区 enterprise (demo company A) */
	"91210211MA0YDEM23A",	/* 大连甘井子区 enterprise (demo company B) */
	"91210105MA10TE5T4X",	/* check character X */
	"12210000000000000A",	/* 机构编制, 事业单位 */
	"52210102MA0Q000196",	/* 民政, 社会团体 */
	"9121010512345678A0",	/* sum divisible by 31: check is '0' */
	"914403001922038216",	/* published codes of real enterprises */
	"91110000100006485K",
	"91330100716105852F",
};

START_TEST(test_known_good_codes_are_valid)
{
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(uscc_valid(good[i]), "%s", good[i]);
}
END_TEST

START_TEST(test_check_char_matches_position_18)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		c = '?';
		ck_assert_int_eq(uscc_check_char(good[i], &c), 0);
		ck_assert_int_eq(c, good[i][17]);
	}
}
END_TEST

START_TEST(test_check_value_31_becomes_zero)
{
	char	 c = '?';

	ck_assert_int_eq(uscc_check_char("9121010512345678A", &c), 0);
	ck_assert_int_eq(c, '0');
}
END_TEST

START_TEST(test_wrong_check_char_is_refused)
{
	ck_assert(!uscc_valid("91210105MA0YDEM15K"));
	ck_assert(!uscc_valid("91210105MA0YDEM150"));
}
END_TEST

START_TEST(test_transposed_characters_are_refused)
{
	ck_assert(!uscc_valid("91210105AM0YDEM15L"));
}
END_TEST

START_TEST(test_wrong_length_is_refused)
{
	ck_assert(!uscc_valid("91210105MA0YDEM15"));
	ck_assert(!uscc_valid("91210105MA0YDEM15LL"));
	ck_assert(!uscc_valid("91210105MA0YDEM15L "));
	ck_assert(!uscc_valid(" 91210105MA0YDEM15L"));
}
END_TEST

START_TEST(test_forbidden_letters_are_refused)
{
	const char	*bad = "IOZSV";
	char		 code[USCC_LEN + 1];
	size_t		 i;

	for (i = 0; i < strlen(bad); i++) {
		memcpy(code, "91210105MA0YDEM15L", sizeof(code));
		code[10] = bad[i];
		ck_assert_msg(!uscc_valid(code), "%s", code);
		ck_assert_int_eq(uscc_check_char(code, &code[17]), -1);
	}
}
END_TEST

START_TEST(test_lowercase_is_refused)
{
	ck_assert(!uscc_valid("91210105ma0ydem15l"));
	ck_assert(!uscc_valid("91210105MA0YDEM15l"));
}
END_TEST

START_TEST(test_empty_and_null_are_refused)
{
	char	 c = '?';

	ck_assert(!uscc_valid(""));
	ck_assert(!uscc_valid(NULL));
	ck_assert_int_eq(uscc_check_char(NULL, &c), -1);
	ck_assert_int_eq(uscc_check_char("", &c), -1);
	ck_assert_int_eq(c, '?');
}
END_TEST

START_TEST(test_short_prefix_is_refused_without_overread)
{
	char	*p;
	char	 c = '?';

	/* Exactly 16 characters in a heap block of 17 bytes. */
	p = strdup("9121010512345678");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(uscc_check_char(p, &c), -1);
	ck_assert(!uscc_valid(p));
	free(p);
}
END_TEST

START_TEST(test_impossible_structure_is_refused)
{
	char	 code[USCC_LEN + 1];

	/* Authority '0', type '0', a letter in the division code; each with
	 * a correct check character, so only the structure is at fault. */
	memcpy(code, "01210105MA0YDEM15?", sizeof(code));
	ck_assert_int_eq(uscc_check_char(code, &code[17]), 0);
	ck_assert(!uscc_valid(code));
	memcpy(code, "90210105MA0YDEM15?", sizeof(code));
	ck_assert_int_eq(uscc_check_char(code, &code[17]), 0);
	ck_assert(!uscc_valid(code));
	memcpy(code, "9121A105MA0YDEM15?", sizeof(code));
	ck_assert_int_eq(uscc_check_char(code, &code[17]), 0);
	ck_assert(!uscc_valid(code));
}
END_TEST

START_TEST(test_org_code_check_is_reported_not_required)
{
	char	 code[USCC_LEN + 1];

	ck_assert(uscc_org_code_ok("91210105MA0YDEM15L"));
	ck_assert(uscc_org_code_ok("91210105MA10TE5T4X"));
	ck_assert(uscc_org_code_ok("12210000000000000A"));
	ck_assert(uscc_org_code_ok("914403001922038216"));
	ck_assert(uscc_org_code_ok("91330100716105852F"));
	/* Wrong GB 11714 character (6, not 5), right GB 32100 one. */
	memcpy(code, "91210105MA0YDEM16?", sizeof(code));
	ck_assert_int_eq(uscc_check_char(code, &code[17]), 0);
	ck_assert(uscc_valid(code));
	ck_assert(!uscc_org_code_ok(code));
	ck_assert(!uscc_org_code_ok(NULL));
}
END_TEST

START_TEST(test_city_is_read_from_the_division_code)
{
	char	 code[USCC_LEN + 1];

	ck_assert_str_eq(uscc_city("91210105MA0YDEM15L"), "沈阳市");
	ck_assert_str_eq(uscc_city("91210211MA0YDEM23A"), "大连市");
	/* 葫芦岛 (2114), with its right check character. */
	memcpy(code, "91211402MA0YDEM15?", sizeof(code));
	ck_assert_int_eq(uscc_check_char(code, &code[17]), 0);
	ck_assert_str_eq(uscc_city(code), "葫芦岛市");
	/* Registered by the province (2100), or outside Liaoning. */
	ck_assert_ptr_null(uscc_city("12210000000000000A"));
	ck_assert_ptr_null(uscc_city("914403001922038216"));
	/* Not a valid code: no city, even with a Liaoning division. */
	ck_assert_ptr_null(uscc_city("91210211MA0YDEM23B"));
	ck_assert_ptr_null(uscc_city("9121"));
	ck_assert_ptr_null(uscc_city(NULL));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("uscc");
	TCase	*tc = tcase_create("uscc");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_known_good_codes_are_valid);
	tcase_add_test(tc, test_check_char_matches_position_18);
	tcase_add_test(tc, test_check_value_31_becomes_zero);
	tcase_add_test(tc, test_wrong_check_char_is_refused);
	tcase_add_test(tc, test_transposed_characters_are_refused);
	tcase_add_test(tc, test_wrong_length_is_refused);
	tcase_add_test(tc, test_forbidden_letters_are_refused);
	tcase_add_test(tc, test_lowercase_is_refused);
	tcase_add_test(tc, test_empty_and_null_are_refused);
	tcase_add_test(tc, test_short_prefix_is_refused_without_overread);
	tcase_add_test(tc, test_impossible_structure_is_refused);
	tcase_add_test(tc, test_org_code_check_is_reported_not_required);
	tcase_add_test(tc, test_city_is_read_from_the_division_code);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
