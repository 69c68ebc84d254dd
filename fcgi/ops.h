/*
 * ops.h: the operators' console at the offices (办理点), part one: 审核 —
 * the queue of paid orders, one order with every applicant field, its
 * stamped statement, and the two review decisions: 审核通过 (which has
 * the signing daemon revoke the old certificate at once) and 审核驳回
 * (which refunds first).  Issuance (fcgi/opsissue.c) and hand-over
 * (fcgi/opshandover.c) add their parts to the same order page through
 * xsl/ops-order.xsl.
 *
 * Every route here is A_OPERATOR (fcgi/route.c): c->op is the operator.
 * Any operator may look at any office's orders; only an operator of the
 * order's office (order_office()) may decide on it.
 */
#ifndef FCGI_OPS_H
#define FCGI_OPS_H

#include "fcgi/page.h"

/*
 * Starts an operator page document named name: the page frame
 * (page_common) and <operator office="CODE" name="NAME">OFFICE NAME
 * </operator>.  Returns the document (the caller frees it or hands it to
 * page_render) with *root set, or NULL.
 */
xmlDocPtr ops_doc(struct ctx *c, const char *name, xmlNodePtr *root);

/* GET /ops[?office=CODE|all&status=&page=&size=]: 审核, the queue. */
int	ops_queue(struct ctx *);
/* GET /ops/order?id=N[&notice=CODE]: one order for operators. */
int	ops_order(struct ctx *);
/*
 * The order page of id again, with HTTP status and a refusal code error
 * (NULL for none), for a handler that refuses a POST on it (fcgi/
 * opsissue.c: a bad CSR is 400).  404 if there is no such order.
 * Returns like a handler.
 */
int	ops_order_page(struct ctx *c, long long id, int status,
	    const char *error);
/* GET /ops/upload?id=N: the stamped statement of order N, inline. */
int	ops_upload(struct ctx *);
/* POST /ops/approve: id, csrf.  审核通过; revokes the old certificate. */
int	ops_approve(struct ctx *);
/* POST /ops/reject: id, reason (1-200 characters), csrf.  审核驳回. */
int	ops_reject(struct ctx *);

#endif
