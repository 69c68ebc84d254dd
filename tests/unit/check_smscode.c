/*
 * check_smscode.c: one-time SMS codes (fcgi/smscode.c): six digits and a
 * fresh salt each time; the stored hash is HMAC-SHA256 under the key of
 * purpose, subject, salt and code, as a known answer computed elsewhere
 * (Python's hmac module) says; only the right code, subject, purpose,
 * salt and key match; malformed input never matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/smscode.h"

static const unsigned char key[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
};
static const unsigned char key2[32] = { 9, 9, 9 };
static const char salt[] = "00112233445566778899aabbccddeeff";
static const char salt2[] = "ffeeddccbbaa99887766554433221100";

START_TEST(test_hash_is_the_known_hmac)
{
	char	 h[SMSCODE_HASH_LEN + 1];

	/* hmac.new(bytes(range(1, 33)), b"ca-reissue reset code\0" b"42\0"
	 * + salt + b"\0123456", sha256) */
	ck_assert_int_eq(smscode_hash(key, SMSCODE_RESET, "42", salt,
	    "123456", h), 0);
	ck_assert_str_eq(h, "af567ea8fdfd8fc69ae9dcb12987407f"
	    "33a0d05f894ce462dff32907ac9c79c9");
	ck_assert_int_eq(smscode_hash(key, SMSCODE_SIGNUP, "13800000001",
	    salt, "123456", h), 0);
	ck_assert_str_eq(h, "f0a02b10f21d2c007af9a9adc9cd89fa"
	    "bbaca2990c1375de0d9f312a0d9365f7");
}
END_TEST

START_TEST(test_new_codes_are_six_digits_with_fresh_salts)
{
	char	 c1[SMSCODE_LEN + 1], c2[SMSCODE_LEN + 1];
	char	 s1[SMSCODE_SALT_LEN + 1], s2[SMSCODE_SALT_LEN + 1];

	ck_assert_int_eq(smscode_new(c1, s1), 0);
	ck_assert_int_eq(smscode_new(c2, s2), 0);
	ck_assert(smscode_valid(c1));
	ck_assert(smscode_valid(c2));
	ck_assert_uint_eq(strlen(s1), SMSCODE_SALT_LEN);
	ck_assert_uint_eq(strspn(s1, "0123456789abcdef"), SMSCODE_SALT_LEN);
	ck_assert_str_ne(s1, s2);
}
END_TEST

START_TEST(test_one_code_hashes_differently_under_another_salt)
{
	char	 a[SMSCODE_HASH_LEN + 1], b[SMSCODE_HASH_LEN + 1];

	ck_assert_int_eq(smscode_hash(key, SMSCODE_RESET, "42", salt,
	    "123456", a), 0);
	ck_assert_int_eq(smscode_hash(key, SMSCODE_RESET, "42", salt2,
	    "123456", b), 0);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_only_the_right_code_matches)
{
	char	 h[SMSCODE_HASH_LEN + 1];

	ck_assert_int_eq(smscode_hash(key, SMSCODE_RESET, "42", salt,
	    "123456", h), 0);
	ck_assert(smscode_check(key, SMSCODE_RESET, "42", salt, "123456", h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "123457",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "43", salt, "123456",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_SIGNUP, "42", salt, "123456",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt2, "123456",
	    h));
	ck_assert(!smscode_check(key2, SMSCODE_RESET, "42", salt, "123456",
	    h));
}
END_TEST

START_TEST(test_malformed_input_never_matches)
{
	char	 h[SMSCODE_HASH_LEN + 1];

	ck_assert_int_eq(smscode_hash(key, SMSCODE_RESET, "42", salt,
	    "123456", h), 0);
	/* A code stored before salts (salt "") no longer works. */
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", "", "123456", h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "12345",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "1234567",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "12345a",
	    h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, NULL, h));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "123456",
	    ""));
	ck_assert(!smscode_check(key, SMSCODE_RESET, "42", salt, "123456",
	    NULL));
	ck_assert(!smscode_check(key, SMSCODE__MAX, "42", salt, "123456",
	    h));
	ck_assert(!smscode_valid(""));
	ck_assert(!smscode_valid(" 12345"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("smscode");
	TCase	*tc = tcase_create("smscode");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_hash_is_the_known_hmac);
	tcase_add_test(tc, test_new_codes_are_six_digits_with_fresh_salts);
	tcase_add_test(tc,
	    test_one_code_hashes_differently_under_another_salt);
	tcase_add_test(tc, test_only_the_right_code_matches);
	tcase_add_test(tc, test_malformed_input_never_matches);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
