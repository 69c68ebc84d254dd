/*
 * calookup.h: the daemon's read-only operations on its certificates, run
 * by caops_run(): PROTO_LIST (cactl list), PROTO_SHOW (one certificate,
 * its order and platforms) and PROTO_OCSP (the live responder, counted
 * for the metrics by response and certificate status).
 */
#ifndef CA_CALOOKUP_H
#define CA_CALOOKUP_H

#include "ca/proto.h"

struct ca;

int	calookup_list(struct ca *, struct proto_msg *, struct proto_buf *);
int	calookup_show(struct ca *, struct proto_msg *, struct proto_buf *);
int	calookup_ocsp(struct ca *, struct proto_msg *, struct proto_buf *);

#endif
