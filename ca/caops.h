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

#include <stdint.h>

#include "ca/ca.h"
#include "ca/proto.h"

int	caops_run(struct ca *ca, uint8_t op, struct proto_msg *m,
	    struct proto_buf *out);

/*
 * Builds and publishes a new CRL from the store: takes the next CRL
 * number in its own committed transaction (so numbers only grow, even
 * across crashes), then writes DIR/NAME.crl and NAME.crl.pem atomically.
 * Must be called outside any transaction.  Returns 0 or -1 (logged).
 */
int	caops_publish_crl(struct ca *ca);

#endif
