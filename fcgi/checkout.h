/*
 * checkout.h: 支付 — the merchant side of paying an order: the payment
 * page (图5: 发票抬头, 开具发票, 发票类型, 领取方式 and 办理点, 立即支付),
 * the trip to the gateway's cashier and back, the gateway's signed
 * asynchronous notification (the only thing that marks an order paid),
 * and 取消订单.
 */
#ifndef FCGI_CHECKOUT_H
#define FCGI_CHECKOUT_H

#include "fcgi/page.h"


/* GET /orders/pay?id=N: the payment page of an unpaid order. */
int	checkout_form(struct ctx *);
/* POST /orders/pay: validates, records the choices (order_checkout),
 * opens the trade and sends the buyer to the cashier. */
int	checkout(struct ctx *);
/* POST /orders/cancel: id; closes the trade, then cancels the order. */
int	checkout_cancel(struct ctx *);
/* GET /pay/return?no=ORDER_NO: back from the cashier; never marks
 * anything paid, only shows what the notification has done. */
int	checkout_return(struct ctx *);
/* POST /pay/notify: the gateway's notification (A_SIGNED); answers
 * "success" once applied (or already applied), else "fail". */
int	checkout_notify(struct ctx *);

#endif
