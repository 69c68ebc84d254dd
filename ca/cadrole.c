/*
 * cadrole.c: this cad's part in its store's signing role (cadrole.h).
 */
#define _XOPEN_SOURCE 700	/* realpath(3) */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ca/cadrole.h"
#include "ca/castore.h"
#include "lib/log.h"

int
cadrole_name(struct cadrole *r, const char *name, const char *dir)
{
	char	 host[256], abs[PATH_MAX];
	int	 n;

	memset(r, 0, sizeof(*r));
	if (name != NULL)
		n = snprintf(r->holder, sizeof(r->holder), "%s", name);
	else {
		if (gethostname(host, sizeof(host)) == -1) {
			log_err("gethostname: %s (give cad -L NAME)",
			    strerror(errno));
			return -1;
		}
		host[sizeof(host) - 1] = '\0';
		if (realpath(dir, abs) == NULL) {
			log_err("%s: %s", dir, strerror(errno));
			return -1;
		}
		n = snprintf(r->holder, sizeof(r->holder), "%s:%s", host,
		    abs);
	}
	if (n <= 0 || n >= (int)sizeof(r->holder)) {
		log_err("this signer's name is 1 to %d characters (give cad "
		    "-L NAME)", CASTORE_HOLDER_MAX - 1);
		return -1;
	}
	return 0;
}

int
cadrole_take(struct cadrole *r, struct castore *s,
    volatile sig_atomic_t *quit)
{
	struct castore_lease	 l;
	struct timespec		 ts = { CADROLE_RENEW, 0 };
	int			 k, said = 0;

	while (!*quit) {
		k = castore_lease_take(s, r->holder, (int64_t)time(NULL),
		    CADROLE_LEASE, &l);
		if (k == -1)
			return -1;
		if (k == 1) {
			r->token = l.token;
			r->renewed = time(NULL);
			castore_fence(s, r->token);
			log_info("signer %s holds the signing role (token "
			    "%lld)", r->holder, (long long)r->token);
			return 0;
		}
		if (!said) {
			log_warn("standby: the signing role is held by %s "
			    "(token %lld), its lease running out in %lld s "
			    "unless renewed; taking it when it does", l.holder,
			    (long long)l.token,
			    (long long)(l.expires_at - (int64_t)time(NULL)));
			said = 1;
		}
		(void)nanosleep(&ts, NULL);
	}
	return 1;
}

int
cadrole_renew(struct cadrole *r, struct castore *s, time_t now)
{
	int	 k;

	if (now - r->renewed < CADROLE_RENEW)
		return 0;
	if ((k = castore_lease_renew(s, r->token, (int64_t)now,
	    CADROLE_LEASE)) == 1) {
		r->renewed = now;
		return 0;
	}
	if (k == -1) {
		/* The store: the next write finds whether the role is
		 * still ours. */
		log_warn("could not renew the signing role (token %lld); "
		    "trying again", (long long)r->token);
		return 0;
	}
	log_err("signer %s lost the signing role (token %lld): another "
	    "signer took it; stopping", r->holder, (long long)r->token);
	return -1;
}
