/*
 * check_sandbox.c: lib/sandbox.c, the seccomp filters, from the point of
 * view of an attacker who runs code in each kind of process: what he
 * then can no longer do.  Each case forks a child that enters a filter
 * and tries one forbidden call; the parent reads how the child ended.
 *
 * A sanitizer build (SAN=1) lets ptrace through for LeakSanitizer: the
 * ptrace cases say so and check nothing there (sandbox_relaxed()).
 */
#define _DEFAULT_SOURCE		/* syscall(2) */
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <check.h>

#include "lib/sandbox.h"

enum attempt { TRY_INET, TRY_EXEC, TRY_PTRACE, TRY_UNIX, TRY_SETUID };

/* Exit status of the child: 0 the call failed with EPERM, 1 it worked,
 * 2 it failed otherwise, 3 the filter could not be entered. */
static int
attempt(enum sandbox_kind kind, enum attempt what, int *signal)
{
	static char *const	 argv[] = { "/bin/true", NULL };
	static char *const	 envp[] = { NULL };
	pid_t			 pid;
	int			 st, r = -1;

	*signal = 0;
	if ((pid = fork()) == 0) {
		if (sandbox_enter(kind) == -1)
			_exit(3);
		errno = 0;
		switch (what) {
		case TRY_INET:
			r = socket(AF_INET, SOCK_STREAM, 0);
			break;
		case TRY_UNIX:
			r = socket(AF_UNIX, SOCK_STREAM, 0);
			break;
		case TRY_EXEC:
			r = execve(argv[0], argv, envp);
			break;
		case TRY_PTRACE:
			r = (int)ptrace(PTRACE_TRACEME, 0, NULL, NULL);
			break;
		case TRY_SETUID:
			/* Changes nothing, so it works for any user unless
			 * the filter forbids the call itself. */
			r = (int)syscall(SYS_setresuid, -1, -1, -1);
			break;
		}
		_exit(r != -1 ? 1 : errno == EPERM ? 0 : 2);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st)) {
		*signal = WTERMSIG(st);
		return -1;
	}
	return WEXITSTATUS(st);
}

START_TEST(test_store_cannot_open_network_sockets)
{
	int	 sig;

	ck_assert_int_eq(attempt(SANDBOX_STORE, TRY_INET, &sig), 0);
	ck_assert_int_eq(attempt(SANDBOX_STORE, TRY_UNIX, &sig), 1);
}
END_TEST

START_TEST(test_store_cannot_exec)
{
	int	 sig;

	ck_assert_int_eq(attempt(SANDBOX_STORE, TRY_EXEC, &sig), 0);
}
END_TEST

START_TEST(test_store_cannot_ptrace)
{
	int	 sig;

	if (sandbox_relaxed())
		return;
	ck_assert_int_eq(attempt(SANDBOX_STORE, TRY_PTRACE, &sig), 0);
}
END_TEST

START_TEST(test_key_process_is_killed_by_a_socket_or_exec)
{
	int	 sig;

	ck_assert_int_eq(attempt(SANDBOX_KEY, TRY_INET, &sig), -1);
	ck_assert_int_eq(sig, SIGSYS);
	ck_assert_int_eq(attempt(SANDBOX_KEY, TRY_UNIX, &sig), -1);
	ck_assert_int_eq(sig, SIGSYS);
	ck_assert_int_eq(attempt(SANDBOX_KEY, TRY_EXEC, &sig), -1);
	ck_assert_int_eq(sig, SIGSYS);
}
END_TEST

START_TEST(test_key_process_is_killed_by_ptrace)
{
	int	 sig;

	if (sandbox_relaxed())
		return;
	ck_assert_int_eq(attempt(SANDBOX_KEY, TRY_PTRACE, &sig), -1);
	ck_assert_int_eq(sig, SIGSYS);
}
END_TEST

START_TEST(test_key_monitor_cannot_exec_use_the_network_or_change_user)
{
	int	 sig;

	ck_assert_int_eq(attempt(SANDBOX_KEYMON, TRY_EXEC, &sig), 0);
	ck_assert_int_eq(attempt(SANDBOX_KEYMON, TRY_INET, &sig), 0);
	/* It has become the key user before it filters: for good. */
	ck_assert_int_eq(attempt(SANDBOX_KEYMON, TRY_SETUID, &sig), 0);
	/* Unfiltered, the same call works (the test means something). */
	ck_assert_int_eq(syscall(SYS_setresuid, -1, -1, -1), 0);
}
END_TEST

START_TEST(test_worker_cannot_exec_or_ptrace)
{
	int	 sig;

	ck_assert_int_eq(attempt(SANDBOX_WORKER, TRY_EXEC, &sig), 0);
	if (!sandbox_relaxed())
		ck_assert_int_eq(attempt(SANDBOX_WORKER, TRY_PTRACE, &sig),
		    0);
	/* It still talks to the daemon and to payment gateways. */
	ck_assert_int_eq(attempt(SANDBOX_WORKER, TRY_UNIX, &sig), 1);
	ck_assert_int_eq(attempt(SANDBOX_WORKER, TRY_INET, &sig), 1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sandbox");
	TCase	*tc = tcase_create("filters");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_store_cannot_open_network_sockets);
	tcase_add_test(tc, test_store_cannot_exec);
	tcase_add_test(tc, test_store_cannot_ptrace);
	tcase_add_test(tc, test_key_process_is_killed_by_a_socket_or_exec);
	tcase_add_test(tc, test_key_process_is_killed_by_ptrace);
	tcase_add_test(tc,
	    test_key_monitor_cannot_exec_use_the_network_or_change_user);
	tcase_add_test(tc, test_worker_cannot_exec_or_ptrace);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
