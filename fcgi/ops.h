/*
 * ops.h: the operators' console at the offices (办理点), part one: 审核 —
 * the queue of paid orders, one order with every applicant field, its
 * stamped statement, and the two review decisions: 审核通过 (which has
 * the signing daemon revoke the old certificate at once) and 审核驳回
 * (which refunds first).  Issuance (fcgi/opsissue.c) and hand-over
 * (fcgi/opshandover.c) add their parts to the same order page through
 * xsl/ops-order.xsl (the page itself is opspage.h).
 *
 * Every route here is A_OPERATOR (fcgi/route.c): c->op is the operator.
 * Any operator may look at any office's orders; only an operator of the
 * order's office (order_office()) may decide on it.
 */
#ifndef FCGI_OPS_H
#define FCGI_OPS_H

#include "fcgi/page.h"

/* GET /ops[?office=CODE|all&status=&page=&size=]: 审核, the queue. */
int	ops_queue(struct ctx *);
/* GET /ops/order?id=N[&notice=CODE]: one order for operators. */
int	ops_order(struct ctx *);
/* GET /ops/upload?id=N: the stamped statement of order N, inline. */
int	ops_upload(struct ctx *);
/* POST /ops/approve: id, csrf.  审核通过; revokes the old certificate. */
int	ops_approve(struct ctx *);
/* POST /ops/reject: id, reason (1-200 characters), csrf.  审核驳回. */
int	ops_reject(struct ctx *);

#endif
