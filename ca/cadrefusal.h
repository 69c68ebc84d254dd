/*
 * cadrefusal.h: what the key process or the linter refused to sign,
 * waiting in cad for its audit record.  Signing threads (and the OCSP
 * responder) add through the hooks casig and caocsp call; the store
 * thread writes them, in a transaction of their own, since the refused
 * operation's is rolled back.
 */
#ifndef CA_CADREFUSAL_H
#define CA_CADREFUSAL_H

#include <pthread.h>
#include <stddef.h>

#include "ca/calint.h"
#include "ca/casig.h"
#include "ca/castore.h"

#define CAD_REFUSALS	32
struct cadrefusals {
	pthread_mutex_t	 mu;
	struct {
		const char	*what;		/* "a certificate", ... */
		char		 why[CALINT_WHY_MAX];
	}		 r[CAD_REFUSALS];
	size_t		 n;
	unsigned long	 dropped;	/* beyond CAD_REFUSALS: counted */
};

/* An empty list with its mutex.  0 / -1. */
int	cadrefusal_init(struct cadrefusals *q);
/* casig's refusal hook (arg: the list): a certificate's or a CRL's. */
void	cadrefusal_note(void *arg, enum casig_kind kind, const char *why);
/* caocsp's: the linter refused an OCSP response. */
void	cadrefusal_note_ocsp(void *arg, const char *why);
/*
 * Store thread, outside any batch: one audit record per refusal, in one
 * transaction of s: "lint-refused" (actor cad) for the linter's, whose
 * reasons start "lint: ", else "sign-refused" (actor casign).  A store
 * that cannot take them keeps them for the next try; the log has each
 * already.
 */
void	cadrefusal_audit(struct cadrefusals *q, struct castore *s);

#endif
