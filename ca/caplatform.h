/*
 * caplatform.h: the linked platforms and the notice outbox, as daemon
 * operations (proto.h ops 11-18), run by caops_run() and caops_finish().
 */
#ifndef CA_CAPLATFORM_H
#define CA_CAPLATFORM_H

#include "ca/proto.h"

struct ca;

/* The platform and notice operations (caplatform.c). */
int	caplatform_add(struct ca *, struct proto_msg *, struct proto_buf *);
int	caplatform_enable(struct ca *, struct proto_msg *, struct proto_buf *);
int	caplatform_list(struct ca *, struct proto_msg *, struct proto_buf *);
int	caplatform_link(struct ca *, struct proto_msg *, struct proto_buf *);
int	caplatform_notice_list(struct ca *, struct proto_msg *,
	    struct proto_buf *);
int	caplatform_notice_retry(struct ca *, struct proto_msg *,
	    struct proto_buf *);
/* may_park: with nothing to hand out, return CAOP_PARK instead. */
int	caplatform_notice_next(struct ca *, struct proto_msg *,
	    struct proto_buf *, int may_park);
int	caplatform_notice_result(struct ca *, struct proto_msg *,
	    struct proto_buf *);

#endif
