/*
 * cadrole.h: this cad's part in the signing role of its store (castore.h,
 * "The signing role"; README "One signer at a time").  Several cad may
 * share one store (two hosts with the same key or token); only the one
 * holding the role writes.  cad takes the role at start-up, after opening
 * the store and before its first write, waiting as a standby while
 * another holds it; the store thread renews it; once it is lost (another
 * took it while this one stalled past its lease) this cad stops, and
 * nothing it would still write can commit (the store's fence).
 */
#ifndef CA_CADROLE_H
#define CA_CADROLE_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

#include "ca/castore.h"

/* A lease this long without a renewal frees the role; renewed each
 * CADROLE_RENEW seconds, and a standby asks that often. */
#define CADROLE_LEASE	5
#define CADROLE_RENEW	1

struct cadrole {
	char		 holder[CASTORE_HOLDER_MAX];
	int64_t		 token;
	time_t		 renewed;	/* last renewal */
};

/*
 * Names this signer: name if given (cad -L), else "HOST:CADIR" (dir made
 * absolute).  0, or -1 (logged: too long, no host name).
 */
int	cadrole_name(struct cadrole *r, const char *name, const char *dir);
/*
 * Takes the role in store s, waiting (a standby, saying so once) while
 * another holds it; then fences s with its token.  While it waits, every
 * client of the listening sockets lfds[0..n) is answered at once, to any
 * request, with PROTO_E_STANDBY naming the holder (not left to time out:
 * a web worker would wait its 30 s, a load balancer's health check
 * would hang).  0 taken, 1 *quit was set while waiting, -1 (logged).
 */
int	cadrole_take(struct cadrole *r, struct castore *s,
	    volatile sig_atomic_t *quit, const int *lfds, size_t n);
/*
 * Renews the role when CADROLE_RENEW has passed since the last time: 0
 * still held (or the store could not be reached: the fence guards what
 * follows), -1 lost (logged).
 */
int	cadrole_renew(struct cadrole *r, struct castore *s, time_t now);

#endif
