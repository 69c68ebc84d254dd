/*
 * cametrics.h: the daemon's figures for monitoring (PROTO_METRICS, read
 * by webd's /metrics and /healthz; README "Health and metrics"), and the
 * revocation -> CRL latency they include, timed here.
 */
#ifndef CA_CAMETRICS_H
#define CA_CAMETRICS_H

#include "ca/proto.h"

struct ca;

/* A revocation was stored: timed until the next full CRL is out. */
void	cametrics_revoke_timed(struct ca *ca);
/* The full CRL is out: every waiting revocation's latency is counted. */
void	cametrics_revoke_published(struct ca *ca);
/* PROTO_METRICS (caops_run()). */
int	cametrics_op(struct ca *, struct proto_msg *, struct proto_buf *);

#endif
