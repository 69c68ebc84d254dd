/*
 * opsissuexml.h: the issue part of the operator's order page, built
 * below both handler files that show it: fcgi/ops.c (the order page)
 * and fcgi/opsissue.c (its POSTs, answered with that page).
 */
#ifndef FCGI_OPSISSUEXML_H
#define FCGI_OPSISSUEXML_H

#include <libxml/tree.h>

#include "fcgi/order.h"
#include "fcgi/page.h"

/*
 * Adds the issue part of the operator's order page under opsorder (the
 * <opsorder> element of xsl/ops-order.xsl; xsl/ops-issue.xsl shows it):
 *
 *   <issue legal="1|0" mine="1|0" chain="1|0" [error="CODE"]>
 *     <request kind="csr|keygen" by="NAME" at="…" mine="1|0"
 *         [key_serial="…"]/>          (dual control: waiting, legal only)
 *     <newcert serial="HEX" not_before="…" not_after="…">SUBJECT
 *     </newcert>                                        (once issued)
 *   </issue>
 *
 * request/@mine: this operator (or this certificate) made the request,
 * so may withdraw it and may not confirm it.
 * legal: order_check(ORDER_ISSUE) allows issuing now; mine: the order is
 * the operator's office's; chain: the chain download is available; times
 * in Shanghai time "YYYY-MM-DD HH:MM:SS"; error: the refusal code of a
 * POST /ops/issue being answered (NULL for none; see opsissue.c).
 * Returns 0, or -1 on an internal error (an unreachable daemon only
 * leaves out the subject and validity).
 */
int	opsissue_xml(struct ctx *c, const struct order *o, xmlNodePtr opsorder,
	    const char *error);

#endif
