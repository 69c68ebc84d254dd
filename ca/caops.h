/*
 * caops.h: the daemon's operations, one per protocol request.
 *
 * caops_run() decodes a request with the typed getters of proto.h, runs
 * it against the store and fills the reply.  It runs inside a savepoint
 * that the caller opened (several requests share one transaction and one
 * fsync: group commit), and returns:
 *	 0	reply filled, the operation's writes are to be kept
 *	 1	reply filled with an error, its writes are to be undone
 *	-1	the request broke the protocol: close the connection
 */
#ifndef CA_CAOPS_H
#define CA_CAOPS_H

#include <stddef.h>
#include <stdint.h>

#include "ca/ca.h"
#include "ca/caop.h"
#include "ca/proto.h"

int	caops_run(struct ca *ca, uint8_t op, struct proto_msg *m,
	    struct proto_buf *out);

/*
 * A request run in two phases, so that the CPU work of the first can run
 * on another thread while the store's thread commits other requests.
 * caops_job_new() takes payload (malloc'd; freed with the job; NULL for
 * an empty one).  caops_prepare() runs the first phase; it is thread-safe
 * and does not touch the store (a no-op for ops with no first phase,
 * see caops_two_phase()).  caops_finish() runs the rest on the store's
 * thread, inside the caller's savepoint, with caops_run()'s return
 * values; it runs the first phase too if nobody did.
 */
struct caops_job;

int		 caops_two_phase(uint8_t op);
struct caops_job *caops_job_new(uint8_t op, uint8_t *payload, uint32_t plen);
void		 caops_prepare(const struct ca *ca, struct caops_job *j);
int		 caops_finish(struct ca *ca, struct caops_job *j,
		    struct proto_buf *out);
void		 caops_job_free(struct caops_job *j);

/* How long (ms) a parked job may wait; 0 for other jobs. */
unsigned	 caops_job_wait_ms(const struct caops_job *j);
/* From now on the job answers, even with nothing (its wait is over). */
void		 caops_job_final(struct caops_job *j);
/* 1 if the job is a NOTICE_NEXT, which leases what it hands out (so it
 * should not run for a client that is gone), else 0. */
int		 caops_job_leases(const struct caops_job *j);

/*
 * Records x, a certificate this CA issued for itself (the notice
 * signer's: what, for the log and the audit record), in the store if it
 * is not there, so that OCSP and CRLs know it; and revokes prev (NULL:
 * none), the one x replaced, as superseded if it is there and not yet
 * revoked.  One transaction, each change audited.  0 / -1 (logged).
 */
int	caops_record_self(struct ca *ca, X509 *x, X509 *prev,
	    const char *what);

#endif
