/*
 * orders.h: the personal centre's 订单管理 (the order list of 图6 and one
 * order's page with its history) and 发票管理 (the invoice requests).
 * Payment (/orders/pay) and 取消订单 (/orders/cancel) are other modules;
 * these pages only link to them.
 */
#ifndef FCGI_ORDERS_H
#define FCGI_ORDERS_H

#include "fcgi/page.h"

struct appdb_order_scope;

/*
 * The chosen identity's view of the orders: a company's 管理员 sees all
 * of its orders, anyone else only the orders they placed under that
 * identity (个人: their own orders without company).  Every page that
 * finds an order by id goes through it.
 */
struct appdb_order_scope orders_scope(const struct ctx *);

/* GET /orders[?kind=&page=&size=]: 订单管理, one tab per order kind. */
int	orders_list(struct ctx *);
/* GET /orders/view?id=N: one order, every field and its history. */
int	orders_view(struct ctx *);
/* GET /invoices[?page=&size=]: 发票管理. */
int	orders_invoices(struct ctx *);
/*
 * GET /invoices/file?id=ORDER: the PDF of the order's issued 电子普票, if
 * the order is in scope (else 404), as an attachment named
 * fapiao-ORDERNO.pdf, sandboxed like every served upload.
 */
int	orders_invoice_file(struct ctx *);

struct order;
struct appdb_order_info;
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
xmlNodePtr orders_order_xml(struct ctx *c, xmlNodePtr parent,
	    const struct order *o, const struct appdb_order_info *info,
	    int buyer);

#endif
