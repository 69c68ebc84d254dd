/*
 * invoice.h: invoices (发票): an order's invoice request, 发票管理's
 * scoped list, and the operators' invoice desk.
 */
#ifndef FCGI_DB_INVOICE_H
#define FCGI_DB_INVOICE_H

#include <stddef.h>

#include "fcgi/db/db.h"
#include "fcgi/db/order.h"

/*
 * ---- invoices and payments (fcgi/order.c, fcgi/checkout.c) ----
 * Both change only while their order is unpaid (the statements check
 * it); fcgi/order.c calls them inside its transactions.
 */

/* An invoice request (发票抬头); the optional texts may be "". */
struct appdb_invoice {
	const char	*kind;		/* e_normal 电子普票 | paper_special
					   纸质专票 */
	const char	*title;		/* 单位名称 */
	const char	*tax_id;	/* 纳税人识别号 */
	const char	*address, *phone, *bank, *bank_account;
};

/* Sets the order's invoice request, or removes it (v NULL: 不开具),
 * while the order is unpaid (else nothing happens).  0 / -1 (refused:
 * bad values). */
int	 appdb_invoice_set(struct appdb *, long long order,
	    const struct appdb_invoice *v, long long now);
struct appdb_invoice_row {
	char		 kind[16];
	char		 title[513];
	char		 tax_id[24];
	char		 address[1025];
	char		 phone[33];
	char		 bank[513];
	char		 bank_account[65];
	char		 state[16];	/* requested | issued */
	long long	 created_at, updated_at;
	long long	 upload;	/* 电子普票's PDF once issued, or 0 */
	char		 invoice_no[24];	/* 纸质专票 once issued, or "" */
	char		 tracking_no[40];	/* 纸质专票 once issued, or "" */
	long long	 issued_at;	/* 0 until issued */
};

/* 1 found, 0 none (不开具), -1. */
int	 appdb_invoice_get(struct appdb *, long long order,
	    struct appdb_invoice_row *out);

/* A row of 发票管理: an invoice request and its order. */
struct appdb_invoice_item {
	long long	 order;
	char		 order_no[33];
	char		 pay[16];		/* the order's pay state */
	char		 kind[16];		/* e_normal | paper_special */
	char		 title_type[16];	/* company */
	char		 title[513];
	char		 tax_id[24];
	long long	 amount_fen;		/* the order's */
	char		 state[16];		/* requested | issued */
	long long	 created_at;		/* 申请时间, UTC */
	long long	 order_created_at;	/* 下单时间, UTC */
	int		 has_file;		/* an issued 电子普票's PDF */
	char		 invoice_no[24];	/* an issued 纸质专票's */
	char		 tracking_no[40];
};

/* Invoice requests of orders in scope: the number, or -1. */
long long appdb_invoice_count(struct appdb *,
	    const struct appdb_order_scope *);

/* Calls fn for at most limit of them, newest first, skipping offset.
 * 0 / -1. */
int	 appdb_invoice_page(struct appdb *, const struct appdb_order_scope *,
	    long long limit, long long offset,
	    int (*fn)(void *, const struct appdb_invoice_item *), void *arg);

/* ---- the invoice desk (fcgi/opsinvoice.c) ---- */

/* A row of the operators' invoice queue. */
struct appdb_desk_item {
	long long	 order;
	char		 order_no[33];
	char		 pay[16];		/* the order's pay state */
	char		 kind[16];		/* e_normal | paper_special */
	char		 title[513];
	char		 tax_id[24];
	long long	 amount_fen;
	char		 state[16];		/* requested | issued */
	long long	 created_at;		/* 申请时间, UTC */
	long long	 order_created_at;
	char		 company[513];		/* or the buyer for 个人 */
	char		 invoice_no[24], tracking_no[40];
	long long	 issued_at;
};

/*
 * Calls fn for at most limit invoices of the orders of the office with
 * code office (mail orders belong to mail_office): those to issue first,
 * oldest request first.  0 / -1.
 */
int	 appdb_invoice_desk(struct appdb *, const char *office,
	    const char *mail_office, long long limit,
	    int (*fn)(void *, const struct appdb_desk_item *), void *arg);

/* What issuing an invoice records. */
struct appdb_invoice_issued {
	const char	*kind;		/* must be the requested kind */
	long long	 upload;	/* e_normal: the PDF; else 0 */
	const char	*invoice_no;	/* paper_special; else NULL */
	const char	*tracking_no;	/* paper_special; else NULL */
	long long	 by;		/* the operator's person */
};

/*
 * requested -> issued, only for an invoice of kind v->kind whose order
 * is paid.  1 changed, 0 nothing changed (issued already, another kind,
 * not paid), -1 (refused: bad values).  The caller holds the
 * transaction and writes the audit record.
 */
int	 appdb_invoice_issue(struct appdb *, long long order,
	    const struct appdb_invoice_issued *v, long long now);

#endif
