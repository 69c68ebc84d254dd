/*
 * orders.h: the personal centre's 订单管理 (the order list of 图6 and one
 * order's page with its history) and 发票管理 (the invoice requests).
 * Payment (/orders/pay) and 取消订单 (/orders/cancel) are other modules;
 * these pages only link to them.  How an order is found and shown is
 * orderxml.h, below every page that shows one.
 */
#ifndef FCGI_ORDERS_H
#define FCGI_ORDERS_H

#include "fcgi/page.h"

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

#endif
