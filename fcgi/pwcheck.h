/*
 * pwcheck.h: password checks and their lockout, below the handlers of
 * 账号登录 (auth.c) and of the grave actions that ask for the password
 * again (注销 in certs.c).  Failures are counted per account (PWCHECK_
 * ACCOUNT_MAX in a row lock it for PWCHECK_LOCK seconds), per unknown
 * mobile as if it were an account, and per client address
 * (PWCHECK_ADDR_MAX within PWCHECK_WINDOW lock the address).
 */
#ifndef FCGI_PWCHECK_H
#define FCGI_PWCHECK_H

#include "fcgi/page.h"

#define PWCHECK_ACCOUNT_MAX	5
#define PWCHECK_ADDR_MAX		20
#define PWCHECK_WINDOW		(15 * 60)
#define PWCHECK_LOCK		(15 * 60)
#define PWCHECK_SLOW_AFTER		3

/* The client's address for throttling and the audit log ("unknown" if
 * nginx gave none usable). */
const char	*pwcheck_addr(const struct ctx *c);
/* The throttle row that stands in for an account an unknown mobile lacks
 * (key: 16 bytes). */
void		 pwcheck_mobile_key(const char *mobile, char key[16]);
/*
 * Records a failed attempt with its audit line ("login.fail", why): for
 * the address always; for the account (person) or, when person is 0 and
 * count_mobile is set, for the unknown mobile number, so that it is
 * slowed down and locked exactly like an account.  One transaction.
 * 0 / -1.
 */
int		 pwcheck_failed(struct ctx *c, long long person,
		    const char *mobile, int count_mobile, const char *why);
/*
 * Asks again for the logged-in person's password before a grave action
 * (注销).  Returns 1 if it is right and the account is not locked, 0 if
 * not (counted as a failed login, so guessing here locks the account as
 * on the login page), -1 on error.
 */
int		 pwcheck_again(struct ctx *c, const char *password);

#endif
