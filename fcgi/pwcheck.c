/*
 * pwcheck.c: see pwcheck.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/pwcheck.h"
#include "fcgi/pwhash.h"
#include "fcgi/session.h"
#include "fcgi/valid.h"

const char *
pwcheck_addr(const struct ctx *c)
{
	const char	*a = c->req->remote_addr;

	return a != NULL && *a != '\0' && strlen(a) < 64 ? a : "unknown";
}

void
pwcheck_mobile_key(const char *mobile, char key[16])
{
	snprintf(key, 16, "m:%s", mobile);
}

int
pwcheck_failed(struct ctx *c, long long person, const char *mobile,
    int count_mobile, const char *why)
{
	char		 detail[160], key[16];
	long long	 now = (long long)time(NULL);

	snprintf(detail, sizeof(detail), "mobile=%s addr=%s reason=%s",
	    valid_mobile(mobile) ? mobile : "(invalid)", pwcheck_addr(c), why);
	pwcheck_mobile_key(mobile, key);
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((person != 0 && appdb_person_fail(c->db, person,
	    PWCHECK_ACCOUNT_MAX, now + PWCHECK_LOCK, now) == -1) ||
	    (person == 0 && count_mobile && valid_mobile(mobile) &&
	    appdb_throttle_fail(c->db, key, now, 24 * 3600, PWCHECK_ACCOUNT_MAX,
	    PWCHECK_LOCK) == -1) ||
	    appdb_throttle_fail(c->db, pwcheck_addr(c), now, PWCHECK_WINDOW,
	    PWCHECK_ADDR_MAX, PWCHECK_LOCK) == -1 ||
	    appdb_audit(c->db, "web", "login.fail", detail) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	return appdb_commit(c->db);
}

int
pwcheck_again(struct ctx *c, const char *password)
{
	struct appdb_auth	 a;
	char			 mobile[32], name[128];
	long long		 now = (long long)time(NULL);
	int			 ok;

	if (c->sess == NULL || c->sess->person == 0 ||
	    appdb_person_get(c->db, c->sess->person, mobile, sizeof(mobile),
	    name, sizeof(name)) != 1 ||
	    appdb_person_auth(c->db, mobile, &a) == -1)
		return -1;
	/* Always derive once; a locked account fails whatever is typed. */
	ok = pwhash_verify(password != NULL ? password : "",
	    a.pw_hash[0] != '\0' ? a.pw_hash : NULL);
	if (ok && a.locked_until <= now)
		return 1;
	if (pwcheck_failed(c, a.locked_until > now ? 0 : a.id, mobile, 0,
	    "recheck") == -1)
		return -1;
	return 0;
}
