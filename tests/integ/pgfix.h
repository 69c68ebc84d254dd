/*
 * pgfix.h: what the suites that work a PostgreSQL server directly share
 * (check_appdbpg, check_castorepg, check_pgconn): a shell runner (which
 * check_upgrade uses too), and a throw-away server of tests/pg/pgtmp.sh
 * in a directory of its own.
 * (The suites on a whole stack get theirs from tools/stack.sh.)
 */
#ifndef TESTS_PGFIX_H
#define TESTS_PGFIX_H

#include <limits.h>
#include <stddef.h>

/* Runs the shell command fmt... (at most 8 KiB); its exit status (-1:
 * none, or killed by a signal). */
int	pgfix_sh(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Sets top to $TOPDIR (or "."), makes dir (PATH_MAX bytes:
 * /tmp/careissue-NAME-XXXXXX) and starts a primary in dir/p, whose
 * connection string (pgtmp.sh's conninfo) goes into ci (sz bytes).  A
 * server that does not start ends the program, saying so as NAME.
 */
void	pgfix_up(const char *name, char *top, char *dir, char *ci, size_t sz);
/* Stops dir/p and removes dir (kept with KEEP_TEST_DIRS). */
void	pgfix_down(const char *top, const char *dir);

#endif
