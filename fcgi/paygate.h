/*
 * paygate.h: which payment provider (fcgi/pay.h) this webd takes payments
 * through, below the pages that pay (checkout.c) and refund (ops.c).
 */
#ifndef FCGI_PAYGATE_H
#define FCGI_PAYGATE_H

#include "fcgi/page.h"

struct pay_provider;

/*
 * The configured provider, or NULL: no online payment.  Only webd-sandbox
 * (built with PAY_SANDBOX) has one: the sandbox gateway of webd -P.
 */
const struct pay_provider *paygate_provider(const struct webconf *);

#endif
