/*
 * sandbox.h: the seccomp filters of ca-reissue's processes (libseccomp).
 * One filter per kind of process, each a list of the system calls that
 * process makes once it serves; a filter can only be added to, never
 * lifted, and survives fork and exec.
 *
 *   SANDBOX_KEY      the key process (ca/casign.c) once its key is loaded:
 *                    read and write on the descriptors it has, accept,
 *                    memory, time, randomness.  Anything else kills it.
 *   SANDBOX_KEYTOKEN the key process when its key is in a PKCS#11 token:
 *                    the same, and what the token's module does while
 *                    it signs (its files, ioctl, AF_UNIX sockets).  No
 *                    exec, no ptrace, no other socket family: unlisted
 *                    calls fail with EPERM (a module's unknown needs
 *                    become errors, not deaths).
 *   SANDBOX_KEYMON   the key process's parent, which restarts it: the
 *                    calls needed to fork and to load a key, no exec, no
 *                    network.  Unlisted calls fail with EPERM.
 *   SANDBOX_STORE    the CA store process (ca/cad.c) once it serves:
 *                    files, AF_UNIX sockets, threads.  socket() of any
 *                    other family, exec and ptrace fail with EPERM, as
 *                    does any unlisted call.
 *   SANDBOX_STORE_NET the same, for a store in PostgreSQL (ca.conf's
 *                    store): socket() of AF_INET and AF_INET6 too, for
 *                    the connection to the server (libpq; a host name
 *                    is looked up over UDP).  The key process never
 *                    gets it: its filters allow AF_UNIX alone.
 *   SANDBOX_WORKER   a web worker: everything but exec and ptrace (and
 *                    the other ways to run code in another process),
 *                    which fail with EPERM.
 *
 * Built with AddressSanitizer (SAN=1), the filters also allow what its
 * LeakSanitizer needs at exit (it stops the process's threads with
 * ptrace): that build is for finding memory errors, not a release.
 */
#ifndef LIB_SANDBOX_H
#define LIB_SANDBOX_H

enum sandbox_kind {
	SANDBOX_KEY,
	SANDBOX_KEYTOKEN,
	SANDBOX_KEYMON,
	SANDBOX_STORE,
	SANDBOX_STORE_NET,
	SANDBOX_WORKER
};

/* Installs the filter of kind on this process.  0 / -1 (logged). */
int	 sandbox_enter(enum sandbox_kind kind);
/* 1 if this build relaxes the filters for LeakSanitizer, else 0. */
int	 sandbox_relaxed(void);

#endif
