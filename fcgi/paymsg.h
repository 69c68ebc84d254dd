/*
 * paymsg.h: the signed parameter sets a payment gateway and a merchant
 * exchange, in the style of the big Chinese gateways: a flat set of
 * ASCII-named text parameters, signed RSA-SHA256 ("RSA2") over the
 * canonical string — every parameter except "sign" and "sign_type" whose
 * value is not empty, sorted by name (bytewise), written "name=value"
 * and joined with "&", values raw (not URL-encoded) — and sent as an
 * application/x-www-form-urlencoded body with sign_type=RSA2 and
 * sign=base64(signature).
 *
 * The sandbox gateway (fcgi/paysandbox.c) signs with paymsg_sign(); the
 * merchant (fcgi/checkout.c) turns the notification's form into a
 * paymsg with paymsg_from_req(), checks it with paymsg_verify(), and only
 * then reads it into typed values with paymsg_notice().  One module for
 * both sides, so they cannot disagree on the canonical string.
 */
#ifndef FCGI_PAYMSG_H
#define FCGI_PAYMSG_H

#include <stddef.h>

#include <openssl/evp.h>

struct req;

#define PAYMSG_MAX_PARAMS	24
#define PAYMSG_KEY_MAX		32	/* bytes, [a-z0-9_] */
#define PAYMSG_VAL_MAX		512	/* bytes of UTF-8 text */
#define PAYMSG_SIG_MAX		512	/* signature bytes (RSA-4096) */

struct paymsg_param {
	char	 key[PAYMSG_KEY_MAX + 1];
	char	 val[PAYMSG_VAL_MAX + 1];
};

struct paymsg {
	size_t			 n;
	struct paymsg_param	 p[PAYMSG_MAX_PARAMS];
};

/*
 * Adds a parameter.  Refused (-1): a bad name (1-32 of [a-z0-9_]), a
 * value that is not 0-512 bytes of UTF-8 without control characters, a
 * name already present, or no room.  0 done.
 */
int	paymsg_add(struct paymsg *, const char *key, const char *val);

/* The value of key, or NULL. */
const char *paymsg_get(const struct paymsg *, const char *key);

/*
 * Writes the canonical string (see above) into buf.  Returns its length,
 * or -1 if it does not fit.
 */
long	paymsg_canonical(const struct paymsg *, char *buf, size_t sz);

/* Signs with key (RSA): adds sign_type=RSA2 and sign.  0 / -1 (logged). */
int	paymsg_sign(struct paymsg *, EVP_PKEY *key);

/*
 * 1 if the message carries sign_type "RSA2" and a sign that is canonical
 * base64 of a valid RSA-SHA256 (PKCS #1 v1.5) signature by key over the
 * canonical string; 0 otherwise (forged, altered, unsigned); -1 on a
 * system error.
 */
int	paymsg_verify(const struct paymsg *, EVP_PKEY *key);

/*
 * The form body (name=value&..., percent-encoded) into buf.  Returns its
 * length, or -1 if it does not fit.
 */
long	paymsg_form(const struct paymsg *, char *buf, size_t sz);

/*
 * Fills m from the request's form fields, in order.  -1 if any field
 * would be refused by paymsg_add() (a duplicated name included: "first
 * wins" has no place in a signed message) or there are none.
 */
int	paymsg_from_req(struct paymsg *m, const struct req *r);

/* What a payment notification says, read from a verified message. */
enum paymsg_status {
	PAYMSG_TRADE_SUCCESS,	/* "TRADE_SUCCESS": paid */
	PAYMSG_TRADE_CLOSED	/* "TRADE_CLOSED": closed unpaid */
};

struct paymsg_notice {
	char			 app_id[33];	/* the merchant's id */
	char			 notify_id[65];
	char			 out_trade_no[33];	/* our order number */
	char			 trade_no[65];	/* the gateway's */
	long long		 amount_fen;	/* total_amount */
	enum paymsg_status	 status;
	long long		 notify_time;	/* unix seconds */
};

/*
 * Reads the notification parameters app_id, notify_id, notify_time
 * ("YYYY-MM-DD hh:mm:ss", Asia/Shanghai), out_trade_no ("CR" and
 * digits), trade_no (1-64 of [0-9A-Za-z]), total_amount (yuan with
 * exactly two decimals, e.g. "50.00") and trade_status into n.  Returns
 * 0, or -1 with *why saying which parameter is missing or malformed.
 * Checks form only; the signature is paymsg_verify()'s job.
 */
int	paymsg_notice(const struct paymsg *, struct paymsg_notice *n,
	    const char **why);

/* "50.00" from 5000 fen, into buf (at least 24 bytes). */
void	paymsg_yuan(long long fen, char *buf, size_t sz);

#endif
