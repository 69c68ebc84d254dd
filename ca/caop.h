/*
 * caop.h: what the CA daemon's operation modules share, one floor below
 * them: caops.c (certificates, revocation, CRLs, OCSP), caplatform.c
 * (platforms and notices) and cashard.c (partitioned CRLs) call these
 * and never each other's helpers.
 */
#ifndef CA_CAOP_H
#define CA_CAOP_H

#include <stddef.h>

#include "ca/proto.h"

struct ca;
struct cacrl_entry;

/* caops_finish() of a NOTICE_NEXT that found nothing to hand out and may
 * wait: the caller keeps the job and runs it again later (cad.c). */
#define CAOP_PARK	2

/* A notice handed to the delivery process is not handed out again for
 * this long unless its result comes back. */
#define CAOP_LEASE_SECS	30

/* Fills out with an error reply of code and msg; returns 1 (refused). */
int	caop_fail(struct proto_buf *out, enum proto_err code, const char *msg);
/* 1 if actor is printable text (no control characters), not empty. */
int	caop_actor_ok(const char *actor);
/*
 * Normalises serial in place (sz bytes of room): uppercase hex, an even
 * number of digits (a leading 0 added).  0, or -1 if it is not 1..40 hex
 * digits or there is no room.
 */
int	caop_serial_norm(char *serial, size_t sz);
/*
 * The CRL entry source over the store's current castore_revoked_*()
 * iteration (arg: the struct ca): a cacrl_next_fn.  Thread-safe.
 */
int	caop_crl_entry(void *ca, struct cacrl_entry *e);

/*
 * Notes that serial's status changed (issued, revoked, held, released)
 * in the batch being run, for its pre-signed OCSP response (ca.h); a
 * no-op without one.  Noting too much is harmless: the response is
 * signed from what the store says when it is signed.  0, or -1 (out of
 * memory): the operation must fail, or its old response would stay.
 */
int	caop_touch(struct ca *ca, const char *serial);

/* 1 if the CA has stopped issuing (PROTO_CA_ISSUING), else 0. */
int	caop_stopped(const struct ca *ca);

#endif
