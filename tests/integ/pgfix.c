/*
 * pgfix.c: a PostgreSQL server of the tests' own (pgfix.h).
 */
#include <sys/wait.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integ/pgfix.h"

int
pgfix_sh(const char *fmt, ...)
{
	char	 cmd[8192];
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

void
pgfix_up(const char *name, char *top, char *dir, char *ci, size_t sz)
{
	const char	*e = getenv("TOPDIR");
	char		 path[PATH_MAX + 32];
	FILE		*f;

	snprintf(top, PATH_MAX, "%s", e != NULL ? e : ".");
	snprintf(dir, PATH_MAX, "/tmp/careissue-%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL || pgfix_sh("chmod 755 '%s' && "
	    "'%s/tests/pg/pgtmp.sh' start '%s/p'", dir, top, dir) != 0) {
		fprintf(stderr, "check_%s: FAILED to start PostgreSQL "
		    "(tests/pg/pgtmp.sh; Debian's postgresql, tools/deps.sh "
		    "installs it)\n", name);
		exit(EXIT_FAILURE);
	}
	snprintf(path, sizeof(path), "%s/p/conninfo", dir);
	if ((f = fopen(path, "r")) == NULL || fgets(ci, (int)sz, f) == NULL) {
		fprintf(stderr, "check_%s: no %s\n", name, path);
		exit(EXIT_FAILURE);
	}
	fclose(f);
	ci[strcspn(ci, "\n")] = '\0';
}

void
pgfix_down(const char *top, const char *dir)
{
	pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p'", top, dir);
	if (getenv("KEEP_TEST_DIRS") == NULL)
		pgfix_sh("rm -rf '%s'", dir);
}
