/*
 * caaudit.h: the CA's hash-chained audit log as daemon operations
 * (proto.h PROTO_AUDIT_VERIFY and PROTO_AUDIT_LIST), run by caops_run().
 * Every record names its CA (castore_set_ca), so with several CAs in one
 * service (cactl ca add) each log says whose it is.
 */
#ifndef CA_CAAUDIT_H
#define CA_CAAUDIT_H

#include "ca/proto.h"

struct ca;

/* The newest records at most (cactl audit list -n). */
#define CAAUDIT_LIST_MAX	500
/* A record's detail in a LIST reply is cut to this many bytes (cactl
 * marks the cut); the stored record is whole and hashed whole. */
#define CAAUDIT_DETAIL_MAX	400

int	caaudit_verify(struct ca *, struct proto_msg *, struct proto_buf *);
int	caaudit_list(struct ca *, struct proto_msg *, struct proto_buf *);

#endif
