/*
 * demo.h: the fixture the page-level integration suites share: a stack
 * with the demo data, the demo certificates and three certificates in
 * other states (expired, 补办中, revoked), SQL through the sqlite3 CLI,
 * and logging a demo person in as one of their identities.
 */
#ifndef TESTS_DEMO_H
#define TESTS_DEMO_H

#include <stddef.h>

#include "tests/integ/stack.h"

#define DEMO_USCC_A	"91210105MA0YDEM15L"
#define DEMO_USCC_B	"91210211MA0YDEM23A"

/*
 * Starts s (stack_up) with the demo data, `webctl demo-certs` and the
 * extra certificates (for 李演示 in A one expired, one 补办中; for 赵演示
 * in B one revoked).  Also makes $STACK_DIR/t.  Returns 0 or -1.
 */
int	 demo_up(struct stack *s);
/*
 * Runs SQL q on the app database with the sqlite3 CLI and copies the
 * first line of its output to out (sz bytes; out may be NULL).  0 / -1.
 */
int	 demo_sql(const struct stack *s, const char *q, char *out, size_t sz);
/* The number the query prints; the test fails on error. */
long long demo_sql_int(const struct stack *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Copies the text the query prints into out; the test fails on error. */
void	 demo_sql_str(const struct stack *s, char *out, size_t sz,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Logs mobile in from 127.0.0.octet with cookie jar $STACK_DIR/t/jar-N
 * and chooses the identity (role, company uscc, "" for 个人); copies the
 * session's CSRF token into csrf.  Returns 0 or -1 (reason on stderr).
 */
int	 demo_login(const struct stack *s, int octet, int jar,
	    const char *mobile, const char *role, const char *uscc,
	    char csrf[65]);

/*
 * curl as one visitor of s: from 127.0.0.octet with the cookie jar
 * $STACK_DIR/t/jar-JAR (jar < 0: no address, no jar), with extra curl
 * words (may be NULL), answer in *h; the test fails on a status other
 * than status (0: any).
 */
void	 demo_as(const struct stack *s, int octet, int jar, const char *path,
	    const char *extra, int status, struct http *h);
/* A GET as demo_as() of the path fmt makes. */
void	 demo_getf(const struct stack *s, int octet, int jar, int status,
	    struct http *h, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif
