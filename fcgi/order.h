/*
 * order.h: orders and their state machine (SPEC §4).
 *
 * An order has three status columns: payment (支付状态), review (审核状态)
 * and delivery (收货状态).  They change only through order_apply(), by
 * the events below, each allowed from the states one table in order.c
 * lists; every change is one database transaction with one history row
 * (order_event) and one audit record.  Repeating an event that has
 * already happened (a double click, a retried payment notification)
 * succeeds and changes nothing.
 *
 *   unpaid --pay--> paid + review pending
 *     --approve--> approved + awaiting_issue (the caller revokes the old
 *                  certificate in the same request)
 *     --reject--> rejected + refunded (a reason is required)
 *   awaiting_issue --issue--> issued
 *     --ready--> ready (现场领取; pickup code) --pickup--> picked_up
 *     --ship--> shipped (邮寄; tracking number) --deliver--> delivered
 *   unpaid --cancel--> cancelled;  unpaid for 24 h --expire--> closed
 *   (both also close a started payment, in the same transaction)
 *
 * Every state, event and other enumerated value has a stable code string
 * (the database spelling, e.g. "awaiting_issue"); pages map those codes to
 * Chinese in XSLT.
 *
 * Return convention of the calls that change an order: 0 done, 1 refused
 * (an illegal move or bad data: nothing was written, the log says why),
 * -1 system error (nothing was written).
 */
#ifndef FCGI_ORDER_H
#define FCGI_ORDER_H

struct appdb;

/* 24 h: an order unpaid this long closes itself (ORDER_EXPIRE). */
#define ORDER_PAY_WINDOW	(24LL * 60 * 60)

enum order_event {
	ORDER_PAY,		/* "pay": payment confirmed */
	ORDER_CANCEL,		/* "cancel": the buyer cancels, unpaid */
	ORDER_EXPIRE,		/* "expire": unpaid for ORDER_PAY_WINDOW */
	ORDER_APPROVE,		/* "approve": 审核通过 */
	ORDER_REJECT,		/* "reject": 审核驳回, refunded */
	ORDER_ISSUE,		/* "issue": the new certificate is issued */
	ORDER_READY,		/* "ready": 待领取, with a pickup code */
	ORDER_PICKUP,		/* "pickup": 已领取, code checked at the office */
	ORDER_SHIP,		/* "ship": 已发货, with a tracking number */
	ORDER_DELIVER,		/* "deliver": 已签收 */
	ORDER_EVENT__MAX
};

enum order_pay_state {
	ORDER_PAY_UNPAID,	/* "unpaid" 未支付 */
	ORDER_PAY_PAID,		/* "paid" 已支付 */
	ORDER_PAY_REFUNDED,	/* "refunded" 已退款 */
	ORDER_PAY_CLOSED,	/* "closed" 已关闭 (unpaid for 24 h) */
	ORDER_PAY_CANCELLED,	/* "cancelled" 已取消 */
	ORDER_PAY__MAX
};

enum order_review_state {
	ORDER_REVIEW_NONE,	/* "none": not yet paid */
	ORDER_REVIEW_PENDING,	/* "pending" 待审核 */
	ORDER_REVIEW_APPROVED,	/* "approved" 审核通过 */
	ORDER_REVIEW_REJECTED,	/* "rejected" 审核驳回 */
	ORDER_REVIEW__MAX
};

enum order_delivery_state {
	ORDER_DELIVERY_NONE,		/* "none": nothing to hand over yet */
	ORDER_DELIVERY_AWAITING_ISSUE,	/* "awaiting_issue" 待签发 */
	ORDER_DELIVERY_ISSUED,		/* "issued" 已签发 */
	ORDER_DELIVERY_READY,		/* "ready" 待领取 */
	ORDER_DELIVERY_PICKED_UP,	/* "picked_up" 已领取 */
	ORDER_DELIVERY_SHIPPED,		/* "shipped" 已发货 */
	ORDER_DELIVERY_DELIVERED,	/* "delivered" 已签收 */
	ORDER_DELIVERY__MAX
};

/* 订单类别: the tabs of 订单管理. */
enum order_kind {
	ORDER_KIND_CA_REISSUE,	/* "ca_reissue" 数字证书(CA)订单 */
	ORDER_KIND_GOODS,	/* "goods" 商品订单 */
	ORDER_KIND_COURSE,	/* "course" 课程订单 */
	ORDER_KIND_OTHER,	/* "other" 其他订单 */
	ORDER_KIND__MAX
};

/* 补办原因; only a reissue has one. */
enum order_reason {
	ORDER_REASON_NONE,	/* "": not a reissue */
	ORDER_REASON_LOST,	/* "lost" 证书丢失 */
	ORDER_REASON_DAMAGED,	/* "damaged" 证书损坏 */
	ORDER_REASON_OTHER,	/* "other" 其他, with a text */
	ORDER_REASON__MAX
};

/* 领取方式. */
enum order_method {
	ORDER_METHOD_NONE,	/* "": not chosen yet */
	ORDER_METHOD_MAIL,	/* "mail" 邮寄(顺丰到付) */
	ORDER_METHOD_ONSITE,	/* "onsite" 现场领取 at an office */
	ORDER_METHOD__MAX
};

/* What order_check() says of an event on an order. */
enum order_verdict {
	ORDER_LEGAL,		/* "legal": the event applies */
	ORDER_ALREADY,		/* "already": it has happened; no-op */
	ORDER_ILLEGAL,		/* "illegal": not from these states */
	ORDER_NOT_DUE,		/* "not_due": expire before 24 h */
	ORDER_WRONG_METHOD,	/* "wrong_method": ready/pickup need
				   现场领取, ship/deliver need 邮寄 */
	ORDER_VERDICT__MAX
};

/* A new order, as 提交订单 submits it. */
struct order_new {
	const char	*submit_key;	/* 16-64 of [-0-9A-Za-z_], from the
					   confirmation form: one order per
					   key */
	enum order_kind	 kind;
	long long	 person;	/* 购买人 */
	long long	 membership;	/* the buyer's chosen identity; its
					   company becomes the order's */
	long long	 cert;		/* the certificate to reissue
					   (ORDER_KIND_CA_REISSUE only, and
					   required there), else 0 */
	long long	 product;
	int		 quantity;	/* 1-99 */
	enum order_reason reason;	/* required for a reissue, else NONE */
	const char	*reason_text;	/* ORDER_REASON_OTHER: 1-200
					   characters; otherwise NULL or "" */
	const char	*actor;		/* for the history and audit log */
	long long	 statement_upload;	/* a reissue's stamped 情况说明书
					   (upload id), 0 = none */
};

/* An order as stored. */
struct order {
	long long	 id;
	char		 order_no[33];		/* e.g. CR2025061712345678 */
	enum order_kind	 kind;
	long long	 person;
	long long	 membership;
	long long	 company;		/* 0 = none (个人) */
	long long	 cert;			/* 0 = none */
	long long	 product;
	int		 quantity;
	long long	 amount_fen;		/* 应付金额 */
	enum order_reason reason;
	char		 reason_text[801];
	enum order_pay_state	 pay;
	enum order_review_state	 review;
	enum order_delivery_state delivery;
	enum order_method method;
	long long	 office;		/* ORDER_METHOD_ONSITE */
	char		 ship_address[1025];	/* ORDER_METHOD_MAIL */
	char		 tracking_no[65];	/* "" until shipped */
	char		 pickup_code_hash[65];	/* "" until ready */
	char		 reject_reason[801];	/* "" unless rejected */
	long long	 created_at;		/* 下单时间, UTC */
	long long	 updated_at;
	long long	 paid_at;		/* 0 = not paid */
};

/* One row of an order's history (codes as stored). */
struct order_history {
	long long	 at;
	char		 actor[65];
	char		 event[16];	/* "create" (submitted) or an event
					   code */
	char		 from_pay[16];	/* "" for "create" */
	char		 from_review[16];
	char		 from_delivery[16];
	char		 to_pay[16];
	char		 to_review[16];
	char		 to_delivery[16];
	char		 detail[1025];
};

/*
 * Creates an order (unpaid, no review, nothing to deliver) priced from
 * its product, with a fresh order number "CR" + yyyymmdd (Shanghai) + 8
 * random digits, one history row and one audit record.  Idempotent by
 * submit_key: if the buyer already has an order with this key, *id gets
 * it and nothing changes.  Refused (1): bad values, a key used by another
 * person, a membership that is not the person's, no such product or
 * certificate, or a certificate that already has an open order (call
 * order_expire_unpaid() first so a stale one does not block it).  The
 * caller has checked that the identity may act on the certificate
 * (appdb_cert_find).  A reissue also removes the buyer's wizard draft
 * for the certificate, in the same transaction.  0 with *id set, 1, or
 * -1.
 */
int	order_create(struct appdb *, const struct order_new *, long long *id);

/*
 * Applies event to the order in one transaction: checks the current
 * states against the transition table, moves, appends a history row and
 * one audit record.  *changed is 1 if it moved, 0 if the event had
 * already happened (success, nothing written).  detail is the event's
 * datum:
 *   ORDER_REJECT  the reason shown to the applicant, 1-200 characters;
 *   ORDER_SHIP    the tracking number, 1-64 of [0-9A-Za-z];
 *   ORDER_READY   the pickup code's keyed hash, 64 lower-case hex digits
 *                 (stored; never written to the history or the log);
 *   others        an optional note for the history (NULL for none).
 * actor is 1-64 bytes without newlines ("person:12", "pay:sandbox").
 * Returns 0, 1 (refused: no such order, an illegal move — order_check()
 * says why — or a bad datum), or -1.
 */
int	order_apply(struct appdb *, long long order_id, enum order_event,
	    const char *actor, const char *detail, int *changed);

/*
 * What else an event writes, inside order_apply_also()'s transaction,
 * after the move was found legal and before the history row: 0 go on,
 * 1 refuse (nothing is written; order_apply_also returns 1), -1 error.
 */
typedef int (*order_also_fn)(struct appdb *, const struct order *,
    long long now, void *arg);

/*
 * order_apply() with also(db, order, now, arg) run in the same
 * transaction, for the rows that belong to the move (the replacement
 * certificate of ORDER_ISSUE, say).  Not run when the event had already
 * happened.  Same returns.
 */
int	order_apply_also(struct appdb *, long long order_id, enum order_event,
	    const char *actor, const char *detail, order_also_fn also,
	    void *arg, int *changed);

/*
 * What event would do to o at time now, without touching the database.
 * Pages use it to show only the actions that apply.
 */
enum order_verdict
	order_check(const struct order *o, enum order_event, long long now);

/*
 * Closes (ORDER_EXPIRE, actor "system") every order unpaid since
 * now - ORDER_PAY_WINDOW or earlier, one transaction and one audit
 * record each.  Returns how many it closed, or -1 (those closed before
 * the error stay closed).
 */
int	order_expire_unpaid(struct appdb *, long long now);

/*
 * Sets 领取方式: ORDER_METHOD_MAIL with address (1-256 characters), or
 * ORDER_METHOD_ONSITE with office.  Allowed while unpaid; after payment
 * only if none was chosen and nothing has been handed over yet (changing
 * the office after payment needs a new application).  One transaction,
 * one audit record.  0, 1 (refused), or -1.
 */
int	order_set_pickup(struct appdb *, long long order_id,
	    enum order_method, long long office, const char *address,
	    const char *actor);

/* An invoice request (发票抬头), as validated by the payment page. */
struct order_invoice {
	int		 paper_special;	/* 1 纸质专票, 0 电子普票 */
	const char	*title;		/* 单位名称 */
	const char	*tax_id;	/* 纳税人识别号 */
	const char	*address;	/* "" allowed for 电子普票 */
	const char	*phone;
	const char	*bank;
	const char	*bank_account;
};

/* What 立即支付 submits besides the order. */
struct order_checkout {
	enum order_method	 method;	/* MAIL or ONSITE */
	long long		 office;	/* ONSITE */
	const char		*address;	/* MAIL: 1-256 characters */
	const struct order_invoice *invoice;	/* NULL: 不开具 */
	const char		*provider;	/* payment.provider */
};

/*
 * 立即支付: in one transaction with one audit record, sets the order's
 * 领取方式, its invoice request (or none), and records that its payment
 * was started with the provider (kept if already started).  Only while
 * the order is unpaid and not yet due to close.  0, 1 (refused: not
 * unpaid, bad values — the log says which), or -1.
 */
int	order_checkout(struct appdb *, long long order_id,
	    const struct order_checkout *, const char *actor);

/*
 * A verified payment notification: ORDER_PAY by actor "pay:PROVIDER",
 * in the same transaction as the payment row's started -> paid with the
 * provider's trade number, refused (1, nothing written) unless a payment
 * was started with this provider and amount_fen is the order's amount.
 * A repeat of a notification already applied succeeds with *changed 0.
 * 0, 1, or -1.
 */
int	order_paid(struct appdb *, long long order_id, const char *provider,
	    const char *trade_no, long long amount_fen, int *changed);

/*
 * 审核驳回: ORDER_REJECT with the reason shown to the applicant, and the
 * payment row paid -> refunded in the same transaction.  The caller has
 * refunded the money at the provider first (pay_provider.refund), so a
 * failure here is retried without paying twice.  Returns like
 * order_apply().
 */
int	order_reject(struct appdb *, long long order_id, const char *reason,
	    const char *actor, int *changed);

/* The office that handles orders sent by post (邮寄). */
#define ORDER_MAIL_OFFICE	"shenyang"

/*
 * The office (办理点) that handles o: its 现场领取 office, or for 邮寄
 * (and orders without a 领取方式 yet) ORDER_MAIL_OFFICE, which sends the
 * parcels (the guide's 纸质专票 notice).  The office id, or -1.
 */
long long order_office(struct appdb *, const struct order *o);

/* Reads an order: 1 found (fills *out), 0 no such order, -1 error. */
int	order_get(struct appdb *, long long order_id, struct order *out);

/*
 * Calls fn for each history row of the order, oldest first; fn returns
 * 0 to go on, -1 to stop with an error.  0 / -1.
 */
int	order_events(struct appdb *, long long order_id,
	    int (*fn)(void *, const struct order_history *), void *arg);

/* The certificate's open order: 1 (sets *order_id), 0 none, -1 error. */
int	order_open_for_cert(struct appdb *, long long cert,
	    long long *order_id);

/*
 * Stable code strings (static storage).  A value out of range gives "";
 * ORDER_REASON_NONE and ORDER_METHOD_NONE give "" too.
 */
const char	*order_event_code(enum order_event);
const char	*order_pay_code(enum order_pay_state);
const char	*order_review_code(enum order_review_state);
const char	*order_delivery_code(enum order_delivery_state);
const char	*order_kind_code(enum order_kind);
const char	*order_reason_code(enum order_reason);
const char	*order_method_code(enum order_method);
const char	*order_verdict_code(enum order_verdict);

#endif
