/*
 * privdrop.h: becoming a service user and staying one.  Every daemon of
 * ca-reissue calls privdrop_harden() first and, when started as root,
 * privdrop_to() once it holds what only root may open (its key, its
 * listening sockets, its log descriptors).  Started by an ordinary user,
 * privdrop_to() changes nothing: everything runs as that user.
 */
#ifndef LIB_PRIVDROP_H
#define LIB_PRIVDROP_H

#include <sys/types.h>

struct privdrop_id {
	uid_t	 uid;
	gid_t	 gid;
	char	 name[64];
};

/*
 * Looks up user name (a system user, not root).  Fills id and returns 0;
 * -1 (logged) if there is no such user, or it is root.  When the caller
 * is not root, id becomes the caller itself and name need not exist
 * (NULL is accepted): there is nothing to drop to.
 */
int	 privdrop_lookup(const char *name, struct privdrop_id *id);
/*
 * Sets supplementary groups to id's group only, then the real, effective
 * and saved gid and uid to id's, checks that root cannot be regained,
 * and makes the process not dumpable again (a change of uid resets it).
 * A no-op when the caller is not root.  0 / -1 (logged).
 */
int	 privdrop_to(const struct privdrop_id *id);
/*
 * What every daemon does first: umask 077, no core file (RLIMIT_CORE 0),
 * not dumpable (no core, no ptrace by its own user: PR_SET_DUMPABLE 0),
 * and no new privileges (PR_SET_NO_NEW_PRIVS: exec cannot gain any).
 * 0 / -1 (logged).
 */
int	 privdrop_harden(void);
/* 1 if the process runs as root (effective uid 0), else 0. */
int	 privdrop_is_root(void);

#endif
