/*
 * check_privsep.c: separate users, enforced (issue 15, item 2; the web
 * workers' confinement of item 3).  Started as root, tools/stack.sh runs
 * every process of the stack as the service user of its role, and gives
 * each file and socket to the one user that must use it:
 *
 *   cad (the CA store process)        careissue-ca
 *   casign (the key process): its
 *     monitor and each child          careissue-key, confined
 *   webd, its workers, the ticker     careissue-web
 *   nginx's master / workers          root / careissue-www
 *   canotify                          careissue-notify
 *
 * The suite reads each process's ids from /proc/PID/status, then becomes
 * the web user (as a compromised worker would be) and shows that it gets
 * EACCES opening the CA key, its passphrase and the CA store, and
 * connecting to the daemon's admin socket or the key process's, while
 * the web socket answers.  It checks the modes of what holds personal
 * data or secrets, and that the workers run under seccomp with no new
 * privileges.
 *
 * Not root, there is nothing to separate (everything runs as the caller):
 * the suite says so and passes without running.  The key process's own
 * confinement and what it links are check_keyproc's.
 */
#define _DEFAULT_SOURCE		/* setgroups(2) */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define KEY_USER	"careissue-key"
#define CA_USER		"careissue-ca"
#define WEB_USER	"careissue-web"
#define WWW_USER	"careissue-www"
#define NOTIFY_USER	"careissue-notify"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_privsep: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* The uid and gid of user name (the stack made it). */
static void
user_ids(const char *name, uid_t *uid, gid_t *gid)
{
	struct passwd	*pw;

	pw = getpwnam(name);
	ck_assert_msg(pw != NULL, "no user %s: stack.sh did not make it",
	    name);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
}

/*
 * Reads the line "field:" of /proc/pid/status into out (its value,
 * tabs kept).  0, or -1 if the process or the field is missing.
 */
static int
proc_field(long pid, const char *field, char *out, size_t outsz)
{
	char	 path[64], line[512];
	size_t	 n = strlen(field);
	FILE	*f;
	int	 rc = -1;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, outsz, "%s", line + n + 1);
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

/* PPid of pid, or -1. */
static long
proc_ppid(long pid)
{
	char	 v[64];

	if (proc_field(pid, "PPid", v, sizeof(v)) == -1)
		return -1;
	return atol(v);
}

/* Asserts that all four ids (real, effective, saved, fs) are want. */
static void
assert_ids(long pid, const char *what, const char *field,
    unsigned long want)
{
	char		 v[128];
	unsigned long	 id[4];

	ck_assert_msg(proc_field(pid, field, v, sizeof(v)) == 0,
	    "%s (pid %ld) is not running", what, pid);
	ck_assert_msg(sscanf(v, "%lu %lu %lu %lu", &id[0], &id[1], &id[2],
	    &id[3]) == 4, "%s: %s:%s unreadable", what, field, v);
	ck_assert_msg(id[0] == want && id[1] == want && id[2] == want &&
	    id[3] == want, "%s (pid %ld): %s:%s, wanted %lu everywhere", what,
	    pid, field, v, want);
}

/* Asserts that process pid runs as user name (uid and gid). */
static void
assert_runs_as(long pid, const char *what, const char *name)
{
	uid_t	 uid;
	gid_t	 gid;

	if (strcmp(name, "root") == 0) {
		uid = 0;
		gid = 0;
	} else
		user_ids(name, &uid, &gid);
	assert_ids(pid, what, "Uid", (unsigned long)uid);
	assert_ids(pid, what, "Gid", (unsigned long)gid);
}

/*
 * Collects into pids (at most max) the running processes whose parent is
 * ppid, or with ppid -1, all processes named comm (/proc/PID/comm), if
 * comm is not NULL.  Returns how many.
 */
static int
proc_find(long ppid, const char *comm, long *pids, int max)
{
	char		 path[64], name[64];
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	long		 pid;
	int		 n = 0, ok;

	ck_assert_ptr_nonnull(d = opendir("/proc"));
	while ((de = readdir(d)) != NULL && n < max) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = atol(de->d_name);
		if (ppid != -1 && proc_ppid(pid) != ppid)
			continue;
		if (comm != NULL) {
			snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
			if ((f = fopen(path, "r")) == NULL)
				continue;
			ok = fgets(name, sizeof(name), f) != NULL;
			fclose(f);
			if (!ok)
				continue;
			name[strcspn(name, "\n")] = '\0';
			if (strcmp(name, comm) != 0)
				continue;
		}
		pids[n++] = pid;
	}
	closedir(d);
	return n;
}

/* A pid of run/NAME.pid, asserted present. */
static long
pid_of(const char *name)
{
	long	 pid;

	pid = stack_pid(&st, name);
	ck_assert_msg(pid > 0, "no run/%s.pid", name);
	return pid;
}

START_TEST(test_cad_runs_as_the_ca_user)
{
	assert_runs_as(pid_of("cad"), "cad", CA_USER);
}
END_TEST

/* Asserts Seccomp: 2 (a filter) and NoNewPrivs: 1 for pid. */
static void
assert_confined(long pid, const char *what)
{
	char	 v[64];

	ck_assert_msg(proc_field(pid, "Seccomp", v, sizeof(v)) == 0,
	    "%s (pid %ld) is not running", what, pid);
	ck_assert_msg(atoi(v) == 2, "%s (pid %ld): Seccomp:%s, wanted 2 "
	    "(filter)", what, pid, v);
	ck_assert_int_eq(proc_field(pid, "NoNewPrivs", v, sizeof(v)), 0);
	ck_assert_msg(atoi(v) == 1, "%s (pid %ld): NoNewPrivs:%s", what, pid,
	    v);
}

/*
 * The key process: its monitor (cad's child) opens the key's files as
 * root, binds its socket and becomes the key user before it accepts;
 * each child, which loads the key from those descriptors and holds it,
 * runs as the key user too.  All confined.
 */
START_TEST(test_casign_monitor_and_children_run_as_the_key_user)
{
	long	 pids[64], kids[64], cad = pid_of("cad");
	int	 i, j, n, nk, monitors = 0, children = 0;

	n = proc_find(cad, "casign", pids, 64);
	for (i = 0; i < n; i++) {
		assert_runs_as(pids[i], "casign's monitor", KEY_USER);
		assert_confined(pids[i], "casign's monitor");
		monitors++;
		nk = proc_find(pids[i], NULL, kids, 64);
		for (j = 0; j < nk; j++) {
			assert_runs_as(kids[j], "a casign child", KEY_USER);
			assert_confined(kids[j], "a casign child");
			children++;
		}
	}
	ck_assert_msg(monitors == 1, "%d casign monitors under cad (pid "
	    "%ld), wanted 1", monitors, cad);
	ck_assert_msg(children >= 1, "casign has no child: cad holds no "
	    "connection to it");
}
END_TEST

START_TEST(test_webd_and_its_children_run_as_the_web_user)
{
	long	 pids[64], webd = pid_of("webd");
	int	 i, n;

	assert_runs_as(webd, "webd", WEB_USER);
	n = proc_find(webd, NULL, pids, 64);
	/* Two workers (stack.sh's default) and the ticker. */
	ck_assert_msg(n >= 3, "webd has %d children, wanted 3", n);
	for (i = 0; i < n; i++)
		assert_runs_as(pids[i], "a webd worker", WEB_USER);
}
END_TEST

START_TEST(test_webd_workers_are_confined)
{
	long	 pids[64], webd = pid_of("webd");
	int	 i, n;

	n = proc_find(webd, NULL, pids, 64);
	ck_assert_int_ge(n, 3);
	for (i = 0; i < n; i++)
		assert_confined(pids[i], "a webd worker");
}
END_TEST

START_TEST(test_nginx_workers_run_as_the_www_user)
{
	long	 pids[64], master = pid_of("nginx");
	int	 i, n;

	/* The master binds the ports and reads the TLS key; it stays root. */
	assert_runs_as(master, "nginx's master", "root");
	n = proc_find(master, NULL, pids, 64);
	ck_assert_msg(n >= 1, "nginx has no worker process");
	for (i = 0; i < n; i++)
		assert_runs_as(pids[i], "an nginx worker", WWW_USER);
}
END_TEST

START_TEST(test_canotify_runs_as_the_notify_user)
{
	assert_runs_as(pid_of("canotify"), "canotify", NOTIFY_USER);
}
END_TEST

/* ---- as the web user ---------------------------------------------------- */

/* What one probe does as another user: errno of its failure, 0 if it
 * succeeded. */
enum probe { PROBE_OPEN, PROBE_CONNECT };

/*
 * Forks, becomes user name, and opens (PROBE_OPEN) or connects to
 * (PROBE_CONNECT) DIR/rel.  Returns 0 if that worked, else its errno (or
 * 255 if the child could not become the user).
 */
static int
as_user(const char *name, enum probe probe, const char *rel)
{
	struct sockaddr_un	 sun;
	char			 path[PATH_MAX + 64];
	uid_t			 uid;
	gid_t			 gid;
	pid_t			 pid;
	int			 status, fd;

	user_ids(name, &uid, &gid);
	snprintf(path, sizeof(path), "%s/%s", st.dir, rel);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		if (setgroups(1, &gid) == -1 || setgid(gid) == -1 ||
		    setuid(uid) == -1 || setuid(0) != -1)
			_exit(255);
		if (probe == PROBE_OPEN) {
			if ((fd = open(path, O_RDONLY)) == -1)
				_exit(errno);
			_exit(0);
		}
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlen(path) >= sizeof(sun.sun_path))
			_exit(254);
		memcpy(sun.sun_path, path, strlen(path) + 1);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
		    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
			_exit(errno);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_msg(WEXITSTATUS(status) != 255, "cannot become %s", name);
	return WEXITSTATUS(status);
}

/* Asserts that user name gets EACCES for probe on DIR/rel. */
static void
assert_refused(const char *name, enum probe probe, const char *rel)
{
	int	 e;

	e = as_user(name, probe, rel);
	ck_assert_msg(e == EACCES, "%s %s %s: %s, wanted EACCES", name,
	    probe == PROBE_OPEN ? "opens" : "connects to", rel,
	    e == 0 ? "it worked" : strerror(e));
}

START_TEST(test_web_user_cannot_read_the_ca_key)
{
	assert_refused(WEB_USER, PROBE_OPEN, "ca/private/ca.key");
}
END_TEST

START_TEST(test_web_user_cannot_read_the_passphrase)
{
	assert_refused(WEB_USER, PROBE_OPEN, "secrets/ca.pass");
}
END_TEST

START_TEST(test_web_user_cannot_open_the_ca_store)
{
	assert_refused(WEB_USER, PROBE_OPEN, "ca/ca.db");
}
END_TEST

START_TEST(test_web_user_cannot_connect_to_the_admin_socket)
{
	assert_refused(WEB_USER, PROBE_CONNECT, "run/cad.sock");
}
END_TEST

START_TEST(test_web_user_cannot_connect_to_the_key_process)
{
	assert_refused(WEB_USER, PROBE_CONNECT, "run/casign.sock");
}
END_TEST

START_TEST(test_web_user_reaches_the_web_socket)
{
	int	 e;

	e = as_user(WEB_USER, PROBE_CONNECT, "run/cad-web.sock");
	ck_assert_msg(e == 0, "the web user connects to run/cad-web.sock: "
	    "%s", strerror(e));
}
END_TEST

START_TEST(test_only_nginx_workers_reach_the_fastcgi_socket)
{
	int	 e;

	e = as_user(WWW_USER, PROBE_CONNECT, "run/webd.sock");
	ck_assert_msg(e == 0, "nginx's user connects to run/webd.sock: %s",
	    strerror(e));
	assert_refused(NOTIFY_USER, PROBE_CONNECT, "run/webd.sock");
}
END_TEST

/* ---- modes ------------------------------------------------------------ */

/*
 * Asserts that DIR/rel exists, belongs to owner (NULL: any) and that
 * nobody but its owner and group may read it, and its group not write
 * it: 0640 / 0750 at most.
 */
static void
assert_private(const char *rel, const char *owner)
{
	char		 path[PATH_MAX + 64];
	struct stat	 sb;
	uid_t		 uid;
	gid_t		 gid;

	snprintf(path, sizeof(path), "%s/%s", st.dir, rel);
	ck_assert_msg(stat(path, &sb) == 0, "%s: %s", rel, strerror(errno));
	ck_assert_msg((sb.st_mode & 027) == 0, "%s has mode %04o", rel,
	    (unsigned)(sb.st_mode & 07777));
	if (owner != NULL) {
		user_ids(owner, &uid, &gid);
		ck_assert_msg(sb.st_uid == uid, "%s belongs to uid %lu, not "
		    "%s", rel, (unsigned long)sb.st_uid, owner);
	}
}

START_TEST(test_app_database_and_wal_are_the_web_users_alone)
{
	/* Through the old path (a symlink), as the tests' sqlite3 uses it. */
	assert_private("app.db", WEB_USER);
	assert_private("db", WEB_USER);
	assert_private("db/app.db", WEB_USER);
	/* webd's connections hold the WAL open. */
	assert_private("db/app.db-wal", WEB_USER);
	assert_private("db/app.db-shm", WEB_USER);
}
END_TEST

START_TEST(test_uploads_are_the_web_users_alone)
{
	assert_private("uploads", WEB_USER);
}
END_TEST

START_TEST(test_secrets_are_roots_alone)
{
	assert_private("secrets", "root");
	assert_private("secrets/ca.pass", "root");
	assert_private("secrets/app.key", "root");
	assert_private("ca/private", "root");
	assert_private("ca/private/ca.key", "root");
}
END_TEST

/* One-time codes go there in clear (the demo SMS sender's outbox). */
START_TEST(test_sms_outbox_is_private)
{
	assert_private("sms-outbox.txt", NULL);
}
END_TEST

START_TEST(test_ca_store_is_the_ca_users_alone)
{
	assert_private("ca/ca.db", CA_USER);
}
END_TEST

START_TEST(test_log_files_are_private)
{
	char		 path[PATH_MAX + 64], rel[NAME_MAX + 8];
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	assert_private("log", NULL);
	snprintf(path, sizeof(path), "%s/log", st.dir);
	ck_assert_ptr_nonnull(d = opendir(path));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "log/%s", de->d_name);
		assert_private(rel, NULL);
		n++;
	}
	closedir(d);
	ck_assert_int_ge(n, 4);
}
END_TEST

START_TEST(test_each_socket_belongs_to_its_one_user)
{
	assert_private("run/webd.sock", WWW_USER);
	assert_private("run/cad-web.sock", WEB_USER);
	/* The admin socket: root's alone (cactl runs as root). */
	assert_private("run/cad.sock", "root");
	assert_private("ca/notify.sock", NOTIFY_USER);
	/* The key process's: only the store process may ask it to sign. */
	assert_private("run/casign.sock", CA_USER);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("privsep");
	TCase	*tc = tcase_create("users");
	SRunner	*sr;
	int	 failed;

	if (geteuid() != 0) {
		fprintf(stderr, "check_privsep: SKIPPED: separate users need "
		    "the stack started as root (run by an ordinary user, "
		    "everything is that user's: README \"Security\")\n");
		return EXIT_SUCCESS;
	}
	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cad_runs_as_the_ca_user);
	tcase_add_test(tc, test_casign_monitor_and_children_run_as_the_key_user);
	tcase_add_test(tc, test_webd_and_its_children_run_as_the_web_user);
	tcase_add_test(tc, test_webd_workers_are_confined);
	tcase_add_test(tc, test_nginx_workers_run_as_the_www_user);
	tcase_add_test(tc, test_canotify_runs_as_the_notify_user);
	tcase_add_test(tc, test_web_user_cannot_read_the_ca_key);
	tcase_add_test(tc, test_web_user_cannot_read_the_passphrase);
	tcase_add_test(tc, test_web_user_cannot_open_the_ca_store);
	tcase_add_test(tc, test_web_user_cannot_connect_to_the_admin_socket);
	tcase_add_test(tc, test_web_user_cannot_connect_to_the_key_process);
	tcase_add_test(tc, test_web_user_reaches_the_web_socket);
	tcase_add_test(tc, test_only_nginx_workers_reach_the_fastcgi_socket);
	tcase_add_test(tc, test_app_database_and_wal_are_the_web_users_alone);
	tcase_add_test(tc, test_uploads_are_the_web_users_alone);
	tcase_add_test(tc, test_secrets_are_roots_alone);
	tcase_add_test(tc, test_sms_outbox_is_private);
	tcase_add_test(tc, test_ca_store_is_the_ca_users_alone);
	tcase_add_test(tc, test_log_files_are_private);
	tcase_add_test(tc, test_each_socket_belongs_to_its_one_user);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
