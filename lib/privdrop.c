/*
 * privdrop.c: see privdrop.h.  Linux: setresuid/setresgid set all three
 * ids at once, so a dropped process keeps no saved root id.
 */
#define _GNU_SOURCE		/* setresuid(2), setgroups(2) */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/privdrop.h"

int
privdrop_is_root(void)
{
	return geteuid() == 0;
}

int
privdrop_lookup(const char *name, struct privdrop_id *id)
{
	struct passwd	*pw;

	memset(id, 0, sizeof(*id));
	if (!privdrop_is_root()) {
		id->uid = getuid();
		id->gid = getgid();
		snprintf(id->name, sizeof(id->name), "uid %lu",
		    (unsigned long)id->uid);
		return 0;
	}
	if (name == NULL || (pw = getpwnam(name)) == NULL) {
		log_err("no user %s: create it (tools/stack.sh does, as "
		    "root) or name another", name == NULL ? "(none)" : name);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		log_err("user %s is root: a service user must not be", name);
		return -1;
	}
	id->uid = pw->pw_uid;
	id->gid = pw->pw_gid;
	snprintf(id->name, sizeof(id->name), "%s", name);
	return 0;
}

int
privdrop_to(const struct privdrop_id *id)
{
	uid_t	 r, e, s;

	if (!privdrop_is_root())
		return 0;
	if (setgroups(1, &id->gid) == -1 ||
	    setresgid(id->gid, id->gid, id->gid) == -1 ||
	    setresuid(id->uid, id->uid, id->uid) == -1) {
		log_err("cannot become %s: %s", id->name, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || getresuid(&r, &e, &s) == -1 ||
	    r != id->uid || e != id->uid || s != id->uid) {
		log_err("still able to regain root after becoming %s",
		    id->name);
		return -1;
	}
	/* A change of uid resets it to fs.suid_dumpable: not dumpable. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
		log_err("prctl(PR_SET_DUMPABLE): %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
privdrop_harden(void)
{
	struct rlimit	 rl = { 0, 0 };

	umask(077);
	if (setrlimit(RLIMIT_CORE, &rl) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		log_err("cannot harden the process: %s", strerror(errno));
		return -1;
	}
	return 0;
}
