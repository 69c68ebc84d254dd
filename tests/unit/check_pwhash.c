/*
 * check_pwhash.c: scrypt password hashes (fcgi/pwhash.c).  The known
 * answers come from RFC 7914 and from Python's hashlib.scrypt, not from
 * the code under test.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/pwhash.h"

/* RFC 7914 section 12, third vector: "password", "NaCl", 1024, 8, 16. */
static const char rfc7914[] = "scrypt$1024$8$16$TmFDbA==$"
    "/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUq"
    "D7m2DYMvfoswGQA==";

/* hashlib.scrypt(b"Demo@2026", salt=bytes(range(16)), n=32768, r=8, p=1,
 * dklen=32): the parameters pwhash_make() uses. */
static const char demo[] = "scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==$"
    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=";

START_TEST(test_hash_then_verify_matches)
{
	char	*h = pwhash_make("Demo@2026");

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(pwhash_verify("Demo@2026", h), 1);
	free(h);
}
END_TEST

START_TEST(test_wrong_password_is_refused)
{
	char	*h = pwhash_make("Demo@2026");

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(pwhash_verify("demo@2026", h), 0);
	ck_assert_int_eq(pwhash_verify("Demo@202", h), 0);
	ck_assert_int_eq(pwhash_verify("", h), 0);
	free(h);
}
END_TEST

START_TEST(test_encoding_has_the_documented_shape)
{
	char	*h = pwhash_make("x");

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(strncmp(h, "scrypt$32768$8$1$", 17), 0);
	/* 16-byte salt and 32-byte key in padded base64. */
	ck_assert_uint_eq(strlen(h), 17 + 24 + 1 + 44);
	ck_assert_int_eq(h[17 + 22], '=');
	ck_assert_int_eq(h[17 + 24], '$');
	ck_assert_int_eq(h[strlen(h) - 1], '=');
	free(h);
}
END_TEST

START_TEST(test_each_hash_has_its_own_salt)
{
	char	*a = pwhash_make("same"), *b = pwhash_make("same");

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(pwhash_verify("same", a), 1);
	ck_assert_int_eq(pwhash_verify("same", b), 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_rfc7914_vector_verifies)
{
	ck_assert_int_eq(pwhash_verify("password", rfc7914), 1);
	ck_assert_int_eq(pwhash_verify("passwore", rfc7914), 0);
}
END_TEST

START_TEST(test_independent_hash_with_our_parameters_verifies)
{
	ck_assert_int_eq(pwhash_verify("Demo@2026", demo), 1);
	ck_assert_int_eq(pwhash_verify("Demo@2027", demo), 0);
}
END_TEST

START_TEST(test_tampered_hash_is_refused)
{
	char	 t[sizeof(demo)];

	memcpy(t, demo, sizeof(t));
	t[sizeof(demo) - 5] = t[sizeof(demo) - 5] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(pwhash_verify("Demo@2026", t), 0);
	memcpy(t, demo, sizeof(t));
	t[20] = t[20] == 'A' ? 'B' : 'A';	/* in the salt */
	ck_assert_int_eq(pwhash_verify("Demo@2026", t), 0);
}
END_TEST

START_TEST(test_malformed_encodings_are_refused)
{
	static const char *const bad[] = {
		"",
		"scrypt",
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==",
		"bcrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		/* N not a power of two, zero r, zero p, leading zero, sign */
		"scrypt$32767$8$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$32768$0$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$32768$8$0$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$032768$8$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$+32768$8$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		/* an extra field, a trailing '$' */
		"scrypt$32768$8$1$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=$",
		/* not base64, unpadded, non-canonical trailing bits */
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0OD*==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODx==$"
		    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q=",
		/* a key too short to mean anything */
		"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==$AAAA",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(pwhash_verify("Demo@2026", bad[i]) == 0, "%s",
		    bad[i]);
}
END_TEST

START_TEST(test_excessive_cost_is_refused_before_deriving)
{
	/* 1 GiB of memory, 2^30 and 2^23 of work: refused by the
	 * bounds, not attempted. */
	ck_assert_int_eq(pwhash_verify("x", "scrypt$1048576$8$1$"
	    "AAECAwQFBgcICQoLDA0ODw==$"
	    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q="), 0);
	ck_assert_int_eq(pwhash_verify("x", "scrypt$1073741824$1$1$"
	    "AAECAwQFBgcICQoLDA0ODw==$"
	    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q="), 0);
	ck_assert_int_eq(pwhash_verify("x", "scrypt$65536$8$16$"
	    "AAECAwQFBgcICQoLDA0ODw==$"
	    "LNCSaaUPGrznqnLxmEfH6aTrRj18rU0qKzJjRqJS20Q="), 0);
}
END_TEST

START_TEST(test_missing_account_is_refused)
{
	ck_assert_int_eq(pwhash_verify("Demo@2026", NULL), 0);
	ck_assert_int_eq(pwhash_verify("", NULL), 0);
	ck_assert_int_eq(pwhash_verify(NULL, demo), 0);
	ck_assert_int_eq(pwhash_verify(NULL, NULL), 0);
}
END_TEST

START_TEST(test_null_and_overlong_passwords_are_refused)
{
	char	*big;

	ck_assert_ptr_null(pwhash_make(NULL));
	big = malloc(PWHASH_PASSWORD_MAX + 2);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', PWHASH_PASSWORD_MAX + 1);
	big[PWHASH_PASSWORD_MAX + 1] = '\0';
	ck_assert_ptr_null(pwhash_make(big));
	ck_assert_int_eq(pwhash_verify(big, demo), 0);
	free(big);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pwhash");
	TCase	*tc = tcase_create("pwhash");
	SRunner	*sr;
	int	 failed;

	/* scrypt is slow on purpose, and slower still under sanitizers. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hash_then_verify_matches);
	tcase_add_test(tc, test_wrong_password_is_refused);
	tcase_add_test(tc, test_encoding_has_the_documented_shape);
	tcase_add_test(tc, test_each_hash_has_its_own_salt);
	tcase_add_test(tc, test_rfc7914_vector_verifies);
	tcase_add_test(tc, test_independent_hash_with_our_parameters_verifies);
	tcase_add_test(tc, test_tampered_hash_is_refused);
	tcase_add_test(tc, test_malformed_encodings_are_refused);
	tcase_add_test(tc, test_excessive_cost_is_refused_before_deriving);
	tcase_add_test(tc, test_missing_account_is_refused);
	tcase_add_test(tc, test_null_and_overlong_passwords_are_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
