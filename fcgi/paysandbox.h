/*
 * paysandbox.h: the sandbox payment gateway.
 *
 * No real gateway can be reached from here, so the sandbox stands in for
 * one and behaves like one, with nothing shared with the merchant side
 * but what a real gateway shares: its own database of trades and its own
 * RSA key in its own directory (webd -P DIR: DIR/key.pem, DIR/trades.db;
 * the merchant holds only DIR/pub.pem); a cashier page where the buyer
 * confirms (/sandbox/cashier); and asynchronous server-to-server
 * notifications, signed (fcgi/paymsg.h), POSTed over HTTPS to the
 * merchant's notify URL and retried with backoff until the merchant
 * answers "success", for 25 hours.  A trade expires at the time the
 * merchant gave when opening it; the merchant may close an unpaid one.
 *
 * It is compiled only into webd-sandbox (webd built with PAY_SANDBOX: its
 * pages are routes, its notifier runs in the ticker process), because
 * the tests and `make run` need a gateway without another server; the
 * production webd has none of it.  fcgi/checkout.c reaches it only
 * through struct pay_provider (fcgi/pay.h).
 */
#ifndef FCGI_PAYSANDBOX_H
#define FCGI_PAYSANDBOX_H

struct ctx;
struct pay_provider;

/* The provider calls (open, close) for the gateway in dir. */
const struct pay_provider *paysandbox_provider(const char *dir);

/* GET /sandbox/cashier?t=TOKEN: the cashier page. */
int	paysandbox_cashier(struct ctx *);
/* POST /sandbox/cashier: t, action=pay (确认支付) or leave (返回商户). */
int	paysandbox_cashier_post(struct ctx *);

/*
 * Sends every notification that is due at now (the ticker calls it about
 * once a second); cafile verifies the merchant's HTTPS certificate.
 * Returns how many were acknowledged, or -1 on a database error.
 */
int	paysandbox_deliver(const char *dir, const char *cafile, long long now);

/* Closes the process's handle on the trades database, if open. */
void	paysandbox_close_db(void);

#endif
