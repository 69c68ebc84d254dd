/*
 * operator.h: offices (办理点), operators, the operators' queue (审核) and the
 * issuance requests waiting for a second operator (dual control).
 */
#ifndef FCGI_DB_OPERATOR_H
#define FCGI_DB_OPERATOR_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* Adds an office (办理点); code is lower-case ASCII.  0 / -1. */
int		 appdb_office_add(struct appdb *, const char *code,
		    const char *name, const char *address, long long *id);

/* An office (办理点). */
struct appdb_office {
	long long	 id;
	char		 code[33];
	char		 name[257];
	char		 address[1025];
	char		 apply_url[513];	/* where CA主锁申请 and the
						   like are made; "" if not
						   configured */
};

/* Calls fn for every office in the order they were added; fn returns 0
 * to go on, -1 to stop with an error.  0 / -1. */
int	 appdb_offices(struct appdb *,
	    int (*fn)(void *, const struct appdb_office *), void *arg);

/*
 * Sets the office's apply_url (an http(s) address of printable ASCII, at
 * most 512 bytes; "" clears it; the schema refuses anything else).
 * 1 changed, 0 nothing changed (no office has this code), -1.
 */
int	 appdb_office_url(struct appdb *, const char *code, const char *url);

/* ---- operators (fcgi/ops*.c) ---- */

/* An operator: a person who works at one office (办理点). */
struct appdb_operator {
	long long	 person;
	long long	 office;
	char		 office_code[33];
	char		 office_name[257];
	int		 active;	/* 0: may no longer act */
};

/* The office with this code: the id, 0 if none, -1. */
long long appdb_office_id(struct appdb *, const char *code);

/* Makes person an active operator of office (or moves them).  0 / -1. */
int	 appdb_operator_add(struct appdb *, long long person, long long office);

/* Stops person acting as an operator: 1 changed, 0 nothing changed
 * (not an active operator), -1. */
int	 appdb_operator_disable(struct appdb *, long long person);

/* Person as an operator: 1 found, 0 none (not an operator), -1. */
int	 appdb_operator_get(struct appdb *, long long person,
	    struct appdb_operator *out);

/*
 * ---- the operators' queue, 审核 (fcgi/ops.c) ----
 * Paid CA补办 orders (paid_at set: also those refunded since).  An order
 * belongs to its 现场领取 office, or else to mail_office (邮寄; the
 * caller passes ORDER_MAIL_OFFICE); office is an office code, NULL for
 * every office.
 */
enum appdb_ops_status {
	APPDB_OPS_PENDING,	/* 待审核: paid, review pending */
	APPDB_OPS_APPROVED,	/* 待签发: approved, awaiting issuance */
	APPDB_OPS_DELIVERING,	/* 待交付: issued, ready or shipped */
	APPDB_OPS_DONE,		/* 已完成: picked up or delivered */
	APPDB_OPS_REJECTED,	/* 已驳回 (and refunded) */
	APPDB_OPS_ALL,		/* 全部 */
	APPDB_OPS__MAX
};

/* A row of the queue (codes as stored; absent texts ""). */
struct appdb_ops_item {
	long long	 id;
	char		 order_no[33];
	long long	 paid_at;		/* 支付时间, UTC */
	char		 company[513];		/* "" for 个人 */
	char		 buyer[257];		/* 购买人 */
	char		 holder[513];		/* 持锁人, as CA管理 shows it */
	char		 lock_type[16];
	char		 reason[16];		/* lost | damaged | other */
	char		 reason_text[801];
	char		 pickup_method[16];	/* mail | onsite */
	char		 office_code[33];	/* the office it belongs to */
	char		 office_name[257];
	char		 pay[16], review[16], delivery[16];
	int		 confirm;		/* 1: an issuance awaits a
						   second operator (待复核) */
};

/* The number of orders of office in each status.  0 / -1. */
int	 appdb_ops_counts(struct appdb *, const char *office,
	    const char *mail_office, long long counts[APPDB_OPS__MAX]);

/*
 * Calls fn for at most limit orders of office in status, oldest payment
 * first, skipping offset.  fn returns 0 to go on, -1 to stop with an
 * error.  0 / -1.
 */
int	 appdb_ops_page(struct appdb *, const char *office,
	    const char *mail_office, enum appdb_ops_status status,
	    long long limit, long long offset,
	    int (*fn)(void *, const struct appdb_ops_item *), void *arg);

/* ---- dual control: issuance waiting for a second operator ---- */

/* A request to store (fcgi/opsissue.c); strings are the caller's. */
struct appdb_issue_request {
	long long		 order_id;
	const char		*kind;		/* "csr" or "keygen" */
	const unsigned char	*csr;		/* csr: the checked DER */
	size_t			 csr_len;	/* 1..65536 */
	const char		*key_serial;	/* 新锁序列号, "" or NULL */
	long long		 requested_by;	/* person */
	const char		*requested_serial; /* their CA登录 cert */
	long long		 requested_at;
};

/*
 * Stores a pending request, in the caller's transaction.  0 / -1
 * (refused: bad values, or the order has one already).
 */
int	 appdb_issue_request_add(struct appdb *,
	    const struct appdb_issue_request *);

/* A stored request; csr malloc'd (appdb_issue_request_clear frees). */
struct appdb_issue_request_row {
	long long	 order_id;
	char		 kind[8];
	unsigned char	*csr;		/* NULL for keygen */
	size_t		 csr_len;
	char		 key_serial[65];
	long long	 requested_by;
	char		 requested_name[65];
	char		 requested_serial[41];
	long long	 requested_at;
};

/* The order's pending request: 1 found, 0 none, -1. */
int	 appdb_issue_request_get(struct appdb *, long long order_id,
	    struct appdb_issue_request_row *out);

/* Frees out's csr and zeroes it; NULL is a no-op. */
void	 appdb_issue_request_clear(struct appdb_issue_request_row *);

/* Deletes the order's pending request: 1 changed, 0 nothing changed
 * (there was none), -1. */
int	 appdb_issue_request_del(struct appdb *, long long order_id);

#endif
