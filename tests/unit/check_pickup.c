/*
 * check_pickup.c: 领取码 (fcgi/pickup.c): one code per order and key,
 * from an alphabet without look-alikes; typed codes read back whatever
 * the case, spaces or dashes; the stored keyed hash accepts only the
 * right code; the secret file must be private and well-formed.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "fcgi/pickup.h"
#include "tests/unit/testdir.h"

static const unsigned char key1[PICKUP_KEY_LEN] = { 1, 2, 3, 4, 5 };
static const unsigned char key2[PICKUP_KEY_LEN] = { 9, 9, 9 };

START_TEST(test_one_code_per_order_and_key)
{
	char	 a[PICKUP_CODE_LEN + 1], b[PICKUP_CODE_LEN + 1];
	char	 c[PICKUP_CODE_LEN + 1], d[PICKUP_CODE_LEN + 1];

	ck_assert_int_eq(pickup_code(key1, "CR2026112412345678", a), 0);
	ck_assert_int_eq(pickup_code(key1, "CR2026112412345678", b), 0);
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(pickup_code(key1, "CR2026112412345679", c), 0);
	ck_assert_int_eq(pickup_code(key2, "CR2026112412345678", d), 0);
	ck_assert_str_ne(a, c);
	ck_assert_str_ne(a, d);
	ck_assert_uint_eq(strlen(a), 8);
	ck_assert_uint_eq(strspn(a, "23456789ABCDEFGHJKMNPQRSTUVWXYZ"), 8);
}
END_TEST

START_TEST(test_typed_codes_read_back)
{
	char	 code[PICKUP_CODE_LEN + 1];

	ck_assert_int_eq(pickup_parse("abcd-efgh", code), 0);
	ck_assert_str_eq(code, "ABCDEFGH");
	ck_assert_int_eq(pickup_parse(" 2345 6789 ", code), 0);
	ck_assert_str_eq(code, "23456789");
	ck_assert_int_eq(pickup_parse("ABCDEFG", code), -1);	/* short */
	ck_assert_int_eq(pickup_parse("ABCDEFGHJ", code), -1);	/* long */
	ck_assert_int_eq(pickup_parse("ABCDEFG0", code), -1);	/* 0 */
	ck_assert_int_eq(pickup_parse("ABCDEFGI", code), -1);	/* I */
	ck_assert_int_eq(pickup_parse("ABCD_EFG", code), -1);
	ck_assert_int_eq(pickup_parse("", code), -1);
	ck_assert_int_eq(pickup_parse(NULL, code), -1);
}
END_TEST

START_TEST(test_only_the_right_code_matches_the_hash)
{
	char	 code[PICKUP_CODE_LEN + 1], hash[PICKUP_HASH_LEN + 1];
	char	 other[PICKUP_CODE_LEN + 1];

	ck_assert_int_eq(pickup_code(key1, "CR2026112412345678", code), 0);
	ck_assert_int_eq(pickup_hash(key1, code, hash), 0);
	ck_assert_uint_eq(strlen(hash), 64);
	ck_assert_uint_eq(strspn(hash, "0123456789abcdef"), 64);
	ck_assert(strstr(hash, code) == NULL);
	ck_assert_int_eq(pickup_check(key1, code, hash), 1);
	ck_assert_int_eq(pickup_check(key2, code, hash), 0);
	memcpy(other, code, sizeof(other));
	other[7] = other[7] == '2' ? '3' : '2';
	ck_assert_int_eq(pickup_check(key1, other, hash), 0);
	ck_assert_int_eq(pickup_check(key1, code, ""), 0);
	ck_assert_int_eq(pickup_check(key1, code, NULL), 0);
}
END_TEST

/* Writes text to dir/name with mode; returns the path (static). */
static const char *
secret(const char *dir, const char *name, const char *text, mode_t mode)
{
	static char	 path[1024];
	int		 fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC,
	    0600), 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

START_TEST(test_the_secret_file_must_be_private_and_well_formed)
{
	unsigned char	 key[PICKUP_KEY_LEN];
	const char	*dir = testdir_cur;
	const char	*hex = "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191A1B1C1D1E1F";
	char		 line[160];

	snprintf(line, sizeof(line), "%s\n", hex);
	ck_assert_int_eq(pickup_key_load(secret(dir, "ok", line, 0600), key),
	    0);
	ck_assert_int_eq(key[0], 0);
	ck_assert_int_eq(key[31], 0x1f);
	ck_assert_int_eq(pickup_key_load(secret(dir, "nonl", hex, 0400), key),
	    0);
	ck_assert_int_eq(pickup_key_load(secret(dir, "open", line, 0644),
	    key), -1);
	ck_assert_int_eq(pickup_key_load(secret(dir, "short", "0011\n",
	    0600), key), -1);
	snprintf(line, sizeof(line), "%sZZ\n", hex);
	ck_assert_int_eq(pickup_key_load(secret(dir, "long", line, 0600),
	    key), -1);
	ck_assert_int_eq(pickup_key_load(secret(dir, "nothex",
	    "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	    0600), key), -1);
	snprintf(line, sizeof(line), "%s/none", dir);
	ck_assert_int_eq(pickup_key_load(line, key), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pickup");
	TCase	*tc = tcase_create("pickup");
	SRunner	*sr;
	int	 failed;

	testdir_init("check_pickup");
	tcase_add_unchecked_fixture(tc, testdir_top_setup,
	    testdir_top_teardown);
	tcase_add_checked_fixture(tc, testdir_setup, testdir_teardown);
	tcase_add_test(tc, test_one_code_per_order_and_key);
	tcase_add_test(tc, test_typed_codes_read_back);
	tcase_add_test(tc, test_only_the_right_code_matches_the_hash);
	tcase_add_test(tc, test_the_secret_file_must_be_private_and_well_formed);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
