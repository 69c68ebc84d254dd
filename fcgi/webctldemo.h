/*
 * webctldemo.h: the fictional demo data of `webctl demo` (webctldemo.c):
 * two Liaoning companies, people with several identities, platforms,
 * offices and operators.  webctl's alone: webd does not link it.
 */
#ifndef FCGI_WEBCTLDEMO_H
#define FCGI_WEBCTLDEMO_H

#include <stddef.h>

#include "fcgi/appdb.h"

/* One demo account, for `webctl demo` to print. */
struct webctl_demo_login {
	const char	*mobile;	/* the login */
	const char	*name;
	const char	*identities;	/* e.g. "管理员@某某有限公司, 个人" */
};

/*
 * Loads the fictional demo data (two Liaoning companies, five people with
 * several identities, the five linked platforms with notice URLs on
 * http://127.0.0.1:notice_port/notice/N, the two offices) in one
 * transaction, with one audit record by actor.  Only missing rows are
 * added, so a second run changes nothing; existing rows are not updated.
 * New people get pw_hash (may be NULL).  *changed gets the number of rows
 * added.  0 / -1 (nothing written; a bad port is refused).
 */
int		 webctl_demo_load(struct appdb *, int notice_port,
		    const char *pw_hash, const char *actor, int *changed);

/* The demo accounts (static storage); *n gets their number. */
const struct webctl_demo_login
		*webctl_demo_logins(size_t *n);

/* The demo companies and platform names (static storage), in order. */
const struct appdb_company
		*webctl_demo_companies(size_t *n);
const char *const
		*webctl_demo_platforms(size_t *n);

#endif
