/*
 * check_sms.c: the demo SMS sender (fcgi/sms.c): the outbox is created
 * mode 0600, an existing one is made 0600, a link or another kind of
 * file is refused; each message is one line with time, number and text;
 * without an outbox nothing is sent; numbers are masked for the log.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "fcgi/sms.h"
#include "tests/unit/testdir.h"

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	ck_assert_ptr_nonnull(buf = calloc(1, (size_t)n + 1));
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

START_TEST(test_outbox_is_created_private_and_gets_one_line_per_message)
{
	struct stat	 sb;
	char		 path[160], *txt, *nl;
	int		 fd;

	snprintf(path, sizeof(path), "%s/outbox", testdir_cur);
	umask(022);
	ck_assert_int_ge(fd = sms_outbox_open(path), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	ck_assert_int_eq(sms_send(fd, "13800000001", "您的验证码为123456。"),
	    0);
	ck_assert_int_eq(sms_send(fd, "13800000002", "two\nlines"), 0);
	close(fd);
	txt = slurp(path);
	nl = strchr(txt, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert(strstr(txt, "Z\t13800000001\t您的验证码为123456。\n") !=
	    NULL);
	ck_assert(strstr(nl + 1, "Z\t13800000002\ttwo lines\n") != NULL);
	ck_assert(strchr(strchr(nl + 1, '\n') + 1, '\n') == NULL);
	free(txt);
}
END_TEST

START_TEST(test_an_existing_outbox_is_made_private)
{
	struct stat	 sb;
	char		 path[160];
	int		 fd;

	snprintf(path, sizeof(path), "%s/outbox", testdir_cur);
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT, 0644), 0);
	ck_assert_int_eq(fchmod(fd, 0644), 0);
	close(fd);
	ck_assert_int_ge(fd = sms_outbox_open(path), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	/* Loosened while open: put right before the next message. */
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(sms_send(fd, "13800000001", "x"), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	close(fd);
}
END_TEST

START_TEST(test_a_link_or_directory_is_refused)
{
	char	 path[160], target[160];

	snprintf(target, sizeof(target), "%s/target", testdir_cur);
	snprintf(path, sizeof(path), "%s/outbox", testdir_cur);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(sms_outbox_open(path), -1);
	ck_assert_int_eq(access(target, F_OK), -1);
	ck_assert_int_eq(sms_outbox_open(testdir_cur), -1);
}
END_TEST

START_TEST(test_without_an_outbox_nothing_is_sent)
{
	ck_assert_int_eq(sms_send(-1, "13800000001", "x"), -1);
}
END_TEST

START_TEST(test_numbers_are_masked)
{
	char	 m[16];

	sms_mask("13800000001", m);
	ck_assert_str_eq(m, "138****0001");
	sms_mask("123", m);
	ck_assert(strstr(m, "123") == NULL);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sms");
	TCase	*tc = tcase_create("sms");
	SRunner	*sr;
	int	 failed;

	testdir_init("check_sms");
	tcase_add_unchecked_fixture(tc, testdir_top_setup,
	    testdir_top_teardown);
	tcase_add_checked_fixture(tc, testdir_setup, testdir_teardown);
	tcase_add_test(tc,
	    test_outbox_is_created_private_and_gets_one_line_per_message);
	tcase_add_test(tc, test_an_existing_outbox_is_made_private);
	tcase_add_test(tc, test_a_link_or_directory_is_refused);
	tcase_add_test(tc, test_without_an_outbox_nothing_is_sent);
	tcase_add_test(tc, test_numbers_are_masked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
