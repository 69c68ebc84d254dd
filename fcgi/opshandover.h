/*
 * opshandover.h: 交付 — the operator's side of handing the replacement
 * over (SPEC §4): 现场领取 with a 领取码 (fcgi/pickup.h), or 邮寄 by SF
 * Express with a tracking number.  Every route is A_OPERATOR, acts only
 * on orders of the operator's own office, and answers with a redirect to
 * the order page carrying a notice (or an error) code.
 */
#ifndef FCGI_OPSHANDOVER_H
#define FCGI_OPSHANDOVER_H

#include "fcgi/page.h"

/* POST /ops/ready: id.  Issued, 现场领取: 待领取 with its 领取码. */
int	opshandover_ready(struct ctx *);
/* POST /ops/pickup: id, code, holder_checked=1.  已领取. */
int	opshandover_pickup(struct ctx *);
/* POST /ops/ship: id, tracking_no.  Issued, 邮寄: 已发货. */
int	opshandover_ship(struct ctx *);
/* POST /ops/deliver: id.  Shipped: 已签收. */
int	opshandover_deliver(struct ctx *);

#endif
