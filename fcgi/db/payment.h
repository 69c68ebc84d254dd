/*
 * payment.h: payments of orders: started, paid, closed, refunded.
 */
#ifndef FCGI_DB_PAYMENT_H
#define FCGI_DB_PAYMENT_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* Records that the order's payment was started with provider: 1
 * changed, 0 nothing changed (there is one already or the order is not
 * unpaid), -1. */
int	 appdb_payment_start(struct appdb *, long long order,
	    const char *provider, long long amount_fen, long long now);
struct appdb_payment {
	char		 provider[16];
	long long	 amount_fen;
	char		 state[16];	/* started | paid | closed | refunded */
	char		 trade_no[65];	/* "" until paid */
	long long	 started_at, updated_at, paid_at;
};

/* 1 found, 0 none, -1. */
int	 appdb_payment_get(struct appdb *, long long order,
	    struct appdb_payment *out);

/* started -> paid with the provider's trade number: 1 changed, 0
 * nothing changed (it was not started), -1. */
int	 appdb_payment_paid(struct appdb *, long long order,
	    const char *trade_no, long long now);

/* started -> closed: 1 changed, 0 nothing changed (it was not started),
 * -1. */
int	 appdb_payment_close(struct appdb *, long long order, long long now);

/* paid -> refunded: 1 changed, 0 nothing changed (it was not paid), -1. */
int	 appdb_payment_refunded(struct appdb *, long long order,
	    long long now);

#endif
