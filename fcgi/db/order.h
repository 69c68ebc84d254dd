/*
 * order.h: orders (fcgi/order.c, orders.c): products and prices, adding,
 * finding and moving orders, their history, and 订单管理's scoped lists. These
 * only store and fetch; the rules live in fcgi/order.c.
 */
#ifndef FCGI_DB_ORDER_H
#define FCGI_DB_ORDER_H

#include <stddef.h>

#include "fcgi/db/db.h"

/*
 * ---- orders (fcgi/order.c) ----
 * These only store and fetch: the rules (which moves are legal, what a
 * move writes, one transaction and one audit record per change) live in
 * fcgi/order.c, the one caller.  States and the other codes are the
 * database spellings ("unpaid", "ca_reissue", ...), which the schema's
 * CHECKs enforce.
 */

/* The product with this code: the id, 0 if none, -1. */
long long appdb_product_id(struct appdb *, const char *code);

/* A product's price in fen into *price_fen: 1 found, 0 none, -1. */
int	 appdb_product_price(struct appdb *, long long product,
	    long long *price_fen);

/* A new order as stored (unpaid, no review, nothing to deliver). */
struct appdb_order_new {
	const char	*order_no;	/* "CR" and digits */
	const char	*kind;		/* ca_reissue | goods | course | other */
	long long	 person;	/* 购买人 */
	long long	 membership;	/* the identity it was placed under */
	long long	 company;	/* 0 = none (个人) */
	long long	 cert;		/* 0 = none; required for ca_reissue */
	long long	 product;
	long long	 quantity;	/* 1-99 */
	long long	 amount_fen;
	const char	*reason;	/* lost | damaged | other, NULL = none */
	const char	*reason_text;	/* with "other" only, else NULL or "" */
	const char	*submit_key;	/* 16-64 of [-0-9A-Za-z_] */
	long long	 now;
	long long	 statement_upload;	/* 0 = none */
};

/* Adds an order.  0 / -1 (refused: bad values, a taken order number or
 * submit key, or an open order for the certificate); *id set on 0. */
int	 appdb_order_add(struct appdb *, const struct appdb_order_new *,
	    long long *id);

/* The order with this submit key (*person its buyer): the id, 0 if
 * none, -1. */
long long appdb_order_by_key(struct appdb *, const char *submit_key,
	    long long *person);

/* The order with this number: the id, 0 if none, -1. */
long long appdb_order_by_no(struct appdb *, const char *order_no);

/* Cert's open order (not closed, cancelled, refunded, picked up or
 * delivered): the id, 0 if none, -1. */
long long appdb_order_open_for_cert(struct appdb *, long long cert);

/* An order as stored; sizes hold the longest value the schema allows.
 * Absent ids are 0, absent texts "". */
struct appdb_order_row {
	long long	 id;
	char		 order_no[33];
	char		 kind[16];
	long long	 person;
	long long	 membership;
	long long	 company;
	long long	 cert;
	long long	 product;
	long long	 quantity;
	long long	 amount_fen;
	char		 reason[16];
	char		 reason_text[801];
	char		 pay[16];
	char		 review[16];
	char		 delivery[16];
	char		 pickup_method[16];
	long long	 office;
	char		 ship_address[1025];
	char		 tracking_no[65];
	char		 pickup_code_hash[65];
	char		 reject_reason[801];
	long long	 created_at;
	long long	 updated_at;
	long long	 paid_at;	/* 0 = not paid */
};

/* 1 found, 0 none, -1. */
int	 appdb_order_get(struct appdb *, long long id,
	    struct appdb_order_row *out);

/* One state change, applied only if the order is still in from_*. */
struct appdb_order_move {
	long long	 id;
	const char	*from_pay, *from_review, *from_delivery;
	const char	*to_pay, *to_review, *to_delivery;
	long long	 now;		/* updated_at (and paid_at) */
	int		 paid;		/* 1: sets paid_at */
	const char	*tracking_no;	/* NULL = unchanged */
	const char	*pickup_code_hash; /* NULL = unchanged */
	const char	*reject_reason;	/* NULL = unchanged */
};

/* 1 changed, 0 nothing changed (the order was not in from_*), -1
 * (refused if the new values break a CHECK). */
int	 appdb_order_move(struct appdb *, const struct appdb_order_move *);

/*
 * Sets how the order is handed over: method "mail" with address, or
 * "onsite" with office (the other 0 / NULL).  Allowed while unpaid, or
 * once after payment if none was chosen.  1 changed, 0 nothing changed
 * (not allowed), -1 (refused: bad values).
 */
int	 appdb_order_pickup_set(struct appdb *, long long id,
	    const char *method, long long office, const char *address,
	    long long now);

/* One row of an order's history.  from_* are "" for the submission. */
struct appdb_order_event {
	long long	 id;
	long long	 at;
	char		 actor[65];
	char		 event[16];
	char		 from_pay[16], from_review[16], from_delivery[16];
	char		 to_pay[16], to_review[16], to_delivery[16];
	char		 detail[1025];
};

/* Appends a history row; from_* all NULL for the submission.  0 / -1. */
int	 appdb_order_event_add(struct appdb *, long long order, long long at,
	    const char *actor, const char *event, const char *from_pay,
	    const char *from_review, const char *from_delivery,
	    const char *to_pay, const char *to_review, const char *to_delivery,
	    const char *detail);

/* Calls fn for each history row of order, oldest first.  fn returns 0 to
 * go on, -1 to stop with an error.  0 / -1. */
int	 appdb_order_events(struct appdb *, long long order,
	    int (*fn)(void *, const struct appdb_order_event *), void *arg);

/* The first unpaid order after id `after` created at or before
 * `created_by`: the id, 0 if none, -1. */
long long appdb_order_next_due(struct appdb *, long long created_by,
	    long long after);

/* ---- 订单管理 and 发票管理 (fcgi/orders.c) ---- */

/*
 * Whose orders a caller may see: company (0 = none: the 个人 identity)
 * and person (the buyer; 0 = any buyer: administrators).  Both 0 is
 * refused.  Built from the chosen identity by fcgi/orders.c only; it
 * mirrors struct appdb_cert_scope.
 */
struct appdb_order_scope {
	long long	 company;
	long long	 person;
};

/* A row of 订单管理 (codes as stored; absent texts ""). */
struct appdb_order_item {
	long long	 id;
	char		 order_no[33];
	char		 kind[16];
	char		 buyer[257];		/* 购买人 */
	long long	 amount_fen;
	char		 pay[16], review[16], delivery[16];
	char		 pickup_method[16];	/* "" | mail | onsite */
	char		 lock_type[16];		/* the reissued certificate's */
	char		 holder[513];		/* its 持锁人 (the company for
						   a company master key) */
	long long	 created_at;		/* 下单时间, UTC */
};

/* Orders in scope of kind (NULL: every kind): the number, or -1. */
long long appdb_order_count(struct appdb *, const struct appdb_order_scope *,
	    const char *kind);

/*
 * Calls fn for at most limit orders in scope of kind (NULL: every
 * kind), newest first, skipping offset.  fn returns 0 to go on, -1 to
 * stop with an error.  0 / -1.
 */
int	 appdb_order_page(struct appdb *, const struct appdb_order_scope *,
	    const char *kind, long long limit, long long offset,
	    int (*fn)(void *, const struct appdb_order_item *), void *arg);

/* What the order page shows besides the order itself (order_get). */
struct appdb_order_info {
	char		 buyer[257];		/* 购买人 */
	char		 company_name[513];	/* "" for 个人 */
	char		 uscc[19];
	char		 office_name[257];	/* 现场领取: 办理点 */
	char		 office_address[1025];
	long long	 statement_upload;	/* 情况说明书, 0 = none */
	char		 statement_name[321];
};

/* Order id if it is in scope: 1 found, 0 none (or not in scope), -1. */
int	 appdb_order_find(struct appdb *, const struct appdb_order_scope *,
	    long long id, struct appdb_order_info *out);

#endif
