/*
 * pay.h: what the merchant side (fcgi/checkout.c) needs of a payment
 * provider.  One provider is configured per webd (today the sandbox,
 * webd -P); a real gateway would be another implementation of the same
 * calls, and the notification it sends is read by the same code.
 */
#ifndef FCGI_PAY_H
#define FCGI_PAY_H

#include <stddef.h>

#include <openssl/evp.h>

/* What the merchant asks the gateway to collect. */
struct pay_trade {
	const char	*out_trade_no;	/* our order number */
	const char	*subject;	/* what is bought, shown at the cashier */
	long long	 amount_fen;
	long long	 expires_at;	/* unpaid after this: closed */
	const char	*notify_url;	/* absolute https URL of /pay/notify */
	const char	*return_path;	/* where the cashier sends the buyer
					   back, a local path */
};

struct pay_provider {
	const char	*name;		/* payment.provider, e.g. "sandbox" */
	const char	*app_id;	/* our merchant id at the gateway */
	/*
	 * Opens (or finds again) the trade and writes the cashier's local
	 * path into url.  0 done; 1 refused: the trade is paid, closed or
	 * expired, or exists with another amount; -1 error.
	 */
	int		(*open)(const struct pay_trade *, char *url,
			    size_t urlsz);
	/*
	 * Closes an unpaid trade (the buyer cancels).  0 closed or never
	 * opened; 1 it is paid already (cancelling must wait for the
	 * notification); -1 error.
	 */
	int		(*close)(const char *out_trade_no);
	/*
	 * Refunds a paid trade in full (审核驳回).  0 refunded (also when
	 * it already was); 1 refused: not paid, or another amount; -1
	 * error.
	 */
	int		(*refund)(const char *out_trade_no, long long amount_fen);
	/* The gateway's public key that signs notifications (borrowed). */
	EVP_PKEY	*(*notify_key)(void);
};

#endif
