/*
 * testdir.c: scratch directories for unit suites (see testdir.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/unit/testdir.h"

char		 testdir_cur[96];
static char	 top[64];
static char	 suite[24] = "check";

void
testdir_init(const char *name)
{
	snprintf(suite, sizeof(suite), "%s", name);
}

void
testdir_remove(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 f[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(f, sizeof(f), "%s/%s", dir, e->d_name);
		if (lstat(f, &st) == 0 && S_ISDIR(st.st_mode))
			testdir_remove(f);
		else
			unlink(f);
	}
	closedir(d);
	rmdir(dir);
}

void
testdir_top_setup(void)
{
	const char	*t = getenv("TMPDIR");

	snprintf(top, sizeof(top), "%s/%s.XXXXXX",
	    t != NULL && strlen(t) < 30 ? t : "/tmp", suite);
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		exit(EXIT_FAILURE);
	}
}

void
testdir_top_teardown(void)
{
	testdir_remove(top);
}

void
testdir_setup(void)
{
	snprintf(testdir_cur, sizeof(testdir_cur), "%s/t.XXXXXX", top);
	ck_assert_ptr_nonnull(mkdtemp(testdir_cur));
}

void
testdir_teardown(void)
{
	testdir_remove(testdir_cur);
}
