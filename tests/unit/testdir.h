/*
 * testdir.h: scratch directories for the unit suites that need files.
 *
 * A test case's top directory is made in the parent (unchecked fixture),
 * so it is removed even after a test that crashed; each test gets its own
 * directory inside it.
 */
#ifndef TESTS_TESTDIR_H
#define TESTS_TESTDIR_H

extern char	 testdir_cur[96];	/* the running test's directory */

/* Names the suite (used in the top directory's name); call from main. */
void	testdir_init(const char *suite);
/* Fixtures: top (unchecked, per test case) and per test (checked). */
void	testdir_top_setup(void);
void	testdir_top_teardown(void);
void	testdir_setup(void);
void	testdir_teardown(void);
/* Removes dir and everything below it. */
void	testdir_remove(const char *dir);

#endif
