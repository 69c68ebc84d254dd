/*
 * orderxml.h: an order as the pages show it, below the handlers of
 * 订单管理, 发票管理, payment and the operators' pages: the chosen
 * identity's scope, the states shown, the <order> element.
 */
#ifndef FCGI_ORDERXML_H
#define FCGI_ORDERXML_H

#include <libxml/tree.h>

#include "fcgi/page.h"

struct appdb_order_info;
struct order;

/*
 * The chosen identity's view of the orders: a company's 管理员 sees all
 * of its orders, anyone else only the orders they placed under that
 * identity (个人: their own orders without company).  Every page that
 * finds an order by id goes through it.
 */
struct appdb_order_scope orderxml_scope(const struct ctx *);

/*
 * The payment state a page shows: the stored one (pay), except that an
 * unpaid order past its payment window is "closed" already.
 */
const char	*orderxml_pay_shown(const char *pay, long long created_at,
		    long long now);
/*
 * Marks an order element with the actions that apply: payable="1" and
 * cancellable="1" for an unpaid order within its payment window (shown
 * "unpaid").  0 / -1.
 */
int		 orderxml_actions(xmlNodePtr e, const char *shown);
/*
 * The state of an invoice request a page shows, from the order's shown
 * payment state and the invoice's stored state: "awaiting_payment",
 * "cancelled", "requested" (待开具) or "issued" (已开具).
 */
const char	*orderxml_invoice_shown(const char *pay, const char *state);

/*
 * Adds the <order> element of one order under parent, as /orders/view
 * shows it (xsl/order-view.xsl's header gives its shape): every field,
 * the certificate being replaced with its linked platforms, the
 * statement, 领取方式, invoice request, payment and history.  The
 * caller has decided that c may see the order; info is its
 * appdb_order_find() row.  buyer is 1 for the buyer's own page (marks
 * payable/cancellable as they apply), 0 for the operators' (both "0").
 * The 领取码 is not included.  Returns the element or NULL.
 */
xmlNodePtr	 orderxml_order(struct ctx *c, xmlNodePtr parent,
		    const struct order *o,
		    const struct appdb_order_info *info, int buyer);

#endif
