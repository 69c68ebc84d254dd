/*
 * order.c: orders and their state machine (see order.h).
 *
 * Invariants:
 * - order_moves[] below is the only place that says which events are
 *   legal from which (pay, review, delivery) states and what they
 *   produce.  order_check() reads it; order_apply() acts only on its
 *   verdict.  The schema (fcgi/db/db.c, migration 3) independently
 *   admits only the combinations this table can reach.
 * - Every change runs inside one BEGIN IMMEDIATE transaction: read the
 *   order, decide, compare-and-set the states, append one history row
 *   and one audit record, commit.  A refusal or an event that already
 *   happened rolls back having written nothing.
 * - No SQL here: fcgi/db/order.c stores and fetches, in the database
 *   spellings, which the *_codes[] tables below map to the enums.
 * - The pickup code's hash is stored but never copied into the history,
 *   the audit record or the log.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "fcgi/appdb.h"
#include "fcgi/order.h"
#include "fcgi/shtime.h"
#include "lib/log.h"
#include "lib/utf8.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(x)		(1u << (x))
#define ALL		(~0u)

#define ORDER_ACTOR_MAX		64	/* bytes, like the audit log */
#define ORDER_NOTE_MAX		1024	/* bytes: order_event.detail */
#define ORDER_TEXT_CHARS	200	/* reason_text, reject_reason */
#define ORDER_ADDRESS_CHARS	256
#define ORDER_TRACKING_MAX	64
#define ORDER_HASH_LEN		64
#define ORDER_KEY_MIN		16
#define ORDER_KEY_MAX		64
#define ORDER_QUANTITY_MAX	99
#define ORDER_NO_TRIES		8

/* The stable codes: the database spellings of the enums. */
static const char *const order_event_codes[ORDER_EVENT__MAX] = {
	/* ORDER_PAY */		"pay",
	/* ORDER_CANCEL */	"cancel",
	/* ORDER_EXPIRE */	"expire",
	/* ORDER_APPROVE */	"approve",
	/* ORDER_REJECT */	"reject",
	/* ORDER_ISSUE */	"issue",
	/* ORDER_READY */	"ready",
	/* ORDER_PICKUP */	"pickup",
	/* ORDER_SHIP */	"ship",
	/* ORDER_DELIVER */	"deliver",
};

static const char *const order_pay_codes[ORDER_PAY__MAX] = {
	/* ORDER_PAY_UNPAID */		"unpaid",
	/* ORDER_PAY_PAID */		"paid",
	/* ORDER_PAY_REFUNDED */	"refunded",
	/* ORDER_PAY_CLOSED */		"closed",
	/* ORDER_PAY_CANCELLED */	"cancelled",
};

static const char *const order_review_codes[ORDER_REVIEW__MAX] = {
	/* ORDER_REVIEW_NONE */		"none",
	/* ORDER_REVIEW_PENDING */	"pending",
	/* ORDER_REVIEW_APPROVED */	"approved",
	/* ORDER_REVIEW_REJECTED */	"rejected",
};

static const char *const order_delivery_codes[ORDER_DELIVERY__MAX] = {
	/* ORDER_DELIVERY_NONE */		"none",
	/* ORDER_DELIVERY_AWAITING_ISSUE */	"awaiting_issue",
	/* ORDER_DELIVERY_ISSUED */		"issued",
	/* ORDER_DELIVERY_READY */		"ready",
	/* ORDER_DELIVERY_PICKED_UP */		"picked_up",
	/* ORDER_DELIVERY_SHIPPED */		"shipped",
	/* ORDER_DELIVERY_DELIVERED */		"delivered",
};

static const char *const order_kind_codes[ORDER_KIND__MAX] = {
	/* ORDER_KIND_CA_REISSUE */	"ca_reissue",
	/* ORDER_KIND_GOODS */		"goods",
	/* ORDER_KIND_COURSE */		"course",
	/* ORDER_KIND_OTHER */		"other",
};

static const char *const order_reason_codes[ORDER_REASON__MAX] = {
	/* ORDER_REASON_NONE */		"",
	/* ORDER_REASON_LOST */		"lost",
	/* ORDER_REASON_DAMAGED */	"damaged",
	/* ORDER_REASON_OTHER */	"other",
};

static const char *const order_method_codes[ORDER_METHOD__MAX] = {
	/* ORDER_METHOD_NONE */		"",
	/* ORDER_METHOD_MAIL */		"mail",
	/* ORDER_METHOD_ONSITE */	"onsite",
};

static const char *const order_verdict_codes[ORDER_VERDICT__MAX] = {
	/* ORDER_LEGAL */		"legal",
	/* ORDER_ALREADY */		"already",
	/* ORDER_ILLEGAL */		"illegal",
	/* ORDER_NOT_DUE */		"not_due",
	/* ORDER_WRONG_METHOD */	"wrong_method",
};

/* A condition beyond the states that a legal move also needs. */
enum order_guard {
	GUARD_NONE,
	GUARD_DUE,		/* unpaid for ORDER_PAY_WINDOW */
	GUARD_MAIL,		/* 领取方式 邮寄 */
	GUARD_ONSITE,		/* 领取方式 现场领取 */
};

/* What order_apply()'s detail argument is for an event. */
enum order_datum {
	DATUM_NOTE,		/* optional note for the history */
	DATUM_REJECT_REASON,	/* required; kept in reject_reason */
	DATUM_TRACKING_NO,	/* required; kept in tracking_no */
	DATUM_PICKUP_CODE,	/* required; kept in pickup_code_hash only */
};

#define P(s)	BIT(ORDER_PAY_##s)
#define R(s)	BIT(ORDER_REVIEW_##s)
#define D(s)	BIT(ORDER_DELIVERY_##s)

/*
 * The legal transitions, one row per event.  An event is legal when the
 * order's pay, review and delivery states are each in the row's from_*
 * sets and the guard holds; it then sets the three to_* states.  It has
 * already happened (a no-op) when the states are in the done_* sets.
 * Anything else is refused.  The from and done sets of a row are
 * disjoint.
 */
static const struct order_move {
	unsigned			 from_pay, from_review, from_delivery;
	enum order_guard		 guard;
	enum order_pay_state		 to_pay;
	enum order_review_state		 to_review;
	enum order_delivery_state	 to_delivery;
	unsigned			 done_pay, done_review, done_delivery;
	enum order_datum		 datum;
} order_moves[ORDER_EVENT__MAX] = {
	/* ORDER_PAY: unpaid -> paid, review pending */
	{ P(UNPAID), R(NONE), D(NONE), GUARD_NONE,
	  ORDER_PAY_PAID, ORDER_REVIEW_PENDING, ORDER_DELIVERY_NONE,
	  P(PAID) | P(REFUNDED), ALL, ALL, DATUM_NOTE },
	/* ORDER_CANCEL: unpaid -> cancelled */
	{ P(UNPAID), R(NONE), D(NONE), GUARD_NONE,
	  ORDER_PAY_CANCELLED, ORDER_REVIEW_NONE, ORDER_DELIVERY_NONE,
	  P(CANCELLED), ALL, ALL, DATUM_NOTE },
	/* ORDER_EXPIRE: unpaid for 24 h -> closed */
	{ P(UNPAID), R(NONE), D(NONE), GUARD_DUE,
	  ORDER_PAY_CLOSED, ORDER_REVIEW_NONE, ORDER_DELIVERY_NONE,
	  P(CLOSED), ALL, ALL, DATUM_NOTE },
	/* ORDER_APPROVE: pending -> approved, awaiting issuance */
	{ P(PAID), R(PENDING), D(NONE), GUARD_NONE,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED,
	  ORDER_DELIVERY_AWAITING_ISSUE,
	  ALL, R(APPROVED), ALL, DATUM_NOTE },
	/* ORDER_REJECT: pending -> rejected, refunded */
	{ P(PAID), R(PENDING), D(NONE), GUARD_NONE,
	  ORDER_PAY_REFUNDED, ORDER_REVIEW_REJECTED, ORDER_DELIVERY_NONE,
	  ALL, R(REJECTED), ALL, DATUM_REJECT_REASON },
	/* ORDER_ISSUE: awaiting issuance -> issued */
	{ P(PAID), R(APPROVED), D(AWAITING_ISSUE), GUARD_NONE,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED, ORDER_DELIVERY_ISSUED,
	  ALL, ALL, D(ISSUED) | D(READY) | D(PICKED_UP) | D(SHIPPED) |
	  D(DELIVERED), DATUM_NOTE },
	/* ORDER_READY: issued -> ready for pickup (现场领取) */
	{ P(PAID), R(APPROVED), D(ISSUED), GUARD_ONSITE,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED, ORDER_DELIVERY_READY,
	  ALL, ALL, D(READY) | D(PICKED_UP), DATUM_PICKUP_CODE },
	/* ORDER_PICKUP: ready -> picked up */
	{ P(PAID), R(APPROVED), D(READY), GUARD_ONSITE,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED, ORDER_DELIVERY_PICKED_UP,
	  ALL, ALL, D(PICKED_UP), DATUM_NOTE },
	/* ORDER_SHIP: issued -> shipped (邮寄) */
	{ P(PAID), R(APPROVED), D(ISSUED), GUARD_MAIL,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED, ORDER_DELIVERY_SHIPPED,
	  ALL, ALL, D(SHIPPED) | D(DELIVERED), DATUM_TRACKING_NO },
	/* ORDER_DELIVER: shipped -> delivered */
	{ P(PAID), R(APPROVED), D(SHIPPED), GUARD_MAIL,
	  ORDER_PAY_PAID, ORDER_REVIEW_APPROVED, ORDER_DELIVERY_DELIVERED,
	  ALL, ALL, D(DELIVERED), DATUM_NOTE },
};

#undef P
#undef R
#undef D

/* codes[v] if v is in range, else "". */
static const char *
code(const char *const *codes, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? codes[v] : "";
}

/* The index of s in codes, or -1. */
static int
parse(const char *const *codes, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(codes[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
order_event_code(enum order_event e)
{
	return code(order_event_codes, NELEM(order_event_codes), e);
}

const char *
order_pay_code(enum order_pay_state s)
{
	return code(order_pay_codes, NELEM(order_pay_codes), s);
}

const char *
order_review_code(enum order_review_state s)
{
	return code(order_review_codes, NELEM(order_review_codes), s);
}

const char *
order_delivery_code(enum order_delivery_state s)
{
	return code(order_delivery_codes, NELEM(order_delivery_codes), s);
}

const char *
order_kind_code(enum order_kind k)
{
	return code(order_kind_codes, NELEM(order_kind_codes), k);
}

const char *
order_reason_code(enum order_reason r)
{
	return code(order_reason_codes, NELEM(order_reason_codes), r);
}

const char *
order_method_code(enum order_method m)
{
	return code(order_method_codes, NELEM(order_method_codes), m);
}

const char *
order_verdict_code(enum order_verdict v)
{
	return code(order_verdict_codes, NELEM(order_verdict_codes), v);
}

/* Fills *o from a stored row.  0, or -1 (logged) if a code is unknown. */
static int
from_row(const struct appdb_order_row *r, struct order *o)
{
	int	 kind, reason, pay, review, delivery, method;

	memset(o, 0, sizeof(*o));
	kind = parse(order_kind_codes, NELEM(order_kind_codes), r->kind);
	reason = parse(order_reason_codes, NELEM(order_reason_codes),
	    r->reason);
	pay = parse(order_pay_codes, NELEM(order_pay_codes), r->pay);
	review = parse(order_review_codes, NELEM(order_review_codes),
	    r->review);
	delivery = parse(order_delivery_codes, NELEM(order_delivery_codes),
	    r->delivery);
	method = parse(order_method_codes, NELEM(order_method_codes),
	    r->pickup_method);
	if (kind < 0 || reason < 0 || pay < 0 || review < 0 ||
	    delivery < 0 || method < 0) {
		log_err("order: order %lld has an unknown code", r->id);
		return -1;
	}
	o->id = r->id;
	memcpy(o->order_no, r->order_no, sizeof(o->order_no));
	o->kind = kind;
	o->person = r->person;
	o->membership = r->membership;
	o->company = r->company;
	o->cert = r->cert;
	o->product = r->product;
	o->quantity = (int)r->quantity;
	o->amount_fen = r->amount_fen;
	o->reason = reason;
	memcpy(o->reason_text, r->reason_text, sizeof(o->reason_text));
	o->pay = pay;
	o->review = review;
	o->delivery = delivery;
	o->method = method;
	o->office = r->office;
	memcpy(o->ship_address, r->ship_address, sizeof(o->ship_address));
	memcpy(o->tracking_no, r->tracking_no, sizeof(o->tracking_no));
	memcpy(o->pickup_code_hash, r->pickup_code_hash,
	    sizeof(o->pickup_code_hash));
	memcpy(o->reject_reason, r->reject_reason, sizeof(o->reject_reason));
	o->created_at = r->created_at;
	o->updated_at = r->updated_at;
	o->paid_at = r->paid_at;
	return 0;
}

int
order_get(struct appdb *db, long long order_id, struct order *out)
{
	struct appdb_order_row	 r;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = appdb_order_get(db, order_id, &r)) != 1)
		return rc;
	return from_row(&r, out) == 0 ? 1 : -1;
}

enum order_verdict
order_check(const struct order *o, enum order_event ev, long long now)
{
	const struct order_move	*m;

	if ((unsigned)ev >= ORDER_EVENT__MAX ||
	    (unsigned)o->pay >= ORDER_PAY__MAX ||
	    (unsigned)o->review >= ORDER_REVIEW__MAX ||
	    (unsigned)o->delivery >= ORDER_DELIVERY__MAX)
		return ORDER_ILLEGAL;
	m = &order_moves[ev];
	if ((m->from_pay & BIT(o->pay)) && (m->from_review & BIT(o->review)) &&
	    (m->from_delivery & BIT(o->delivery))) {
		switch (m->guard) {
		case GUARD_DUE:
			if (now - o->created_at < ORDER_PAY_WINDOW)
				return ORDER_NOT_DUE;
			break;
		case GUARD_MAIL:
			if (o->method != ORDER_METHOD_MAIL)
				return ORDER_WRONG_METHOD;
			break;
		case GUARD_ONSITE:
			if (o->method != ORDER_METHOD_ONSITE)
				return ORDER_WRONG_METHOD;
			break;
		case GUARD_NONE:
			break;
		}
		return ORDER_LEGAL;
	}
	if ((m->done_pay & BIT(o->pay)) && (m->done_review & BIT(o->review)) &&
	    (m->done_delivery & BIT(o->delivery)))
		return ORDER_ALREADY;
	return ORDER_ILLEGAL;
}

/* 1 if s is UTF-8 text of min-max characters without control
 * characters, else 0.  NULL counts as "". */
static int
text_ok(const char *s, long min, long max)
{
	size_t	 len;
	long	 n;

	if (s == NULL)
		return min == 0;
	len = strnlen(s, (size_t)max * 4 + 1);
	if (len > (size_t)max * 4)
		return 0;
	n = utf8_count(s, len, "");
	return n >= min && n <= max;
}

/* 1 if s is 1-max bytes of the characters in set, else 0. */
static int
ascii_ok(const char *s, size_t min, size_t max, const char *set)
{
	size_t	 len;

	if (s == NULL || (len = strnlen(s, max + 1)) < min || len > max)
		return 0;
	return strspn(s, set) == len;
}

static int
actor_ok(const char *actor)
{
	size_t	 len;

	if (actor == NULL || (len = strnlen(actor, ORDER_ACTOR_MAX + 1)) ==
	    0 || len > ORDER_ACTOR_MAX)
		return 0;
	return utf8_count(actor, len, "") > 0;
}

/* 1 if detail is a good datum for move m, else 0. */
static int
datum_ok(const struct order_move *m, const char *detail)
{
	switch (m->datum) {
	case DATUM_NOTE:
		return detail == NULL || (strnlen(detail, ORDER_NOTE_MAX + 1) <=
		    ORDER_NOTE_MAX && utf8_count(detail, strlen(detail),
		    "") >= 0);
	case DATUM_REJECT_REASON:
		return text_ok(detail, 1, ORDER_TEXT_CHARS);
	case DATUM_TRACKING_NO:
		return ascii_ok(detail, 1, ORDER_TRACKING_MAX,
		    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz");
	case DATUM_PICKUP_CODE:
		return ascii_ok(detail, ORDER_HASH_LEN, ORDER_HASH_LEN,
		    "0123456789abcdef");
	}
	return 0;
}

/*
 * The apply step of order_apply() at time now, also used by
 * order_expire_unpaid() and order_paid(), with also() run inside the
 * transaction.  Same returns.
 */
static int
apply_at(struct appdb *db, long long order_id, enum order_event ev,
    const char *actor, const char *detail, long long now, int *changed,
    order_also_fn also, void *arg)
{
	const struct order_move	*m;
	struct appdb_order_move	 mv;
	struct order		 o;
	enum order_verdict	 v;
	const char		*hist, *fp, *fr, *fd, *tp, *tr, *td;
	char			 audit[ORDER_NOTE_MAX + 256], action[32];
	int			 rc, ret = -1;

	*changed = 0;
	if ((unsigned)ev >= ORDER_EVENT__MAX || !actor_ok(actor)) {
		log_warn("order_apply: order %lld: refused: bad event or "
		    "actor", order_id);
		return 1;
	}
	m = &order_moves[ev];
	if (appdb_begin(db) == -1)
		return -1;
	if ((rc = order_get(db, order_id, &o)) == -1)
		goto out;
	if (rc == 0) {
		log_warn("order_apply: order %lld: refused: no such order",
		    order_id);
		ret = 1;
		goto out;
	}
	if ((v = order_check(&o, ev, now)) == ORDER_ALREADY) {
		log_info("order_apply: %s: %s again by %s: already done, "
		    "nothing changed", o.order_no, order_event_code(ev),
		    actor);
		ret = 0;
		goto out;
	}
	fp = order_pay_code(o.pay);
	fr = order_review_code(o.review);
	fd = order_delivery_code(o.delivery);
	if (v != ORDER_LEGAL) {
		log_warn("order_apply: %s: refused: %s by %s from %s/%s/%s "
		    "(%s)", o.order_no, order_event_code(ev), actor, fp, fr,
		    fd, order_verdict_code(v));
		ret = 1;
		goto out;
	}
	if (!datum_ok(m, detail)) {
		log_warn("order_apply: %s: refused: %s by %s with a missing "
		    "or malformed datum", o.order_no, order_event_code(ev),
		    actor);
		ret = 1;
		goto out;
	}
	tp = order_pay_code(m->to_pay);
	tr = order_review_code(m->to_review);
	td = order_delivery_code(m->to_delivery);

	memset(&mv, 0, sizeof(mv));
	mv.id = o.id;
	mv.from_pay = fp;
	mv.from_review = fr;
	mv.from_delivery = fd;
	mv.to_pay = tp;
	mv.to_review = tr;
	mv.to_delivery = td;
	mv.now = now;
	mv.paid = ev == ORDER_PAY;
	hist = detail;
	switch (m->datum) {
	case DATUM_REJECT_REASON:
		mv.reject_reason = detail;
		break;
	case DATUM_TRACKING_NO:
		mv.tracking_no = detail;
		break;
	case DATUM_PICKUP_CODE:
		mv.pickup_code_hash = detail;
		hist = NULL;
		break;
	case DATUM_NOTE:
		break;
	}
	snprintf(action, sizeof(action), "order.%s", order_event_code(ev));
	snprintf(audit, sizeof(audit), "%s (#%lld): %s/%s/%s -> %s/%s/%s%s%s",
	    o.order_no, o.id, fp, fr, fd, tp, tr, td,
	    hist != NULL && *hist != '\0' ? "; " : "",
	    hist != NULL ? hist : "");
	if (also != NULL && (rc = also(db, &o, now, arg)) != 0) {
		ret = rc;
		goto out;
	}
	if ((rc = appdb_order_move(db, &mv)) == -1) {
		if (appdb_refused(db))
			ret = 1;
		goto out;
	}
	if (rc == 0) {
		/* Impossible under the write lock we hold. */
		log_err("order_apply: %s: changed under the write lock",
		    o.order_no);
		goto out;
	}
	if (appdb_order_event_add(db, o.id, now, actor, order_event_code(ev),
	    fp, fr, fd, tp, tr, td, hist) == -1 ||
	    appdb_audit(db, actor, action, audit) == -1 ||
	    appdb_commit(db) == -1)
		goto out;
	*changed = 1;
	ret = 0;
out:
	if (ret != 0 || *changed == 0)
		appdb_rollback(db);
	return ret;
}

/* Cancel and expire close the order's payment if one was started. */
static int
close_payment(struct appdb *db, const struct order *o, long long now,
    void *arg)
{
	(void)arg;
	return appdb_payment_close(db, o->id, now) == -1 ? -1 : 0;
}

/* 1 if method goes with office and address, else 0. */
static int
pickup_ok(enum order_method method, long long office, const char *address)
{
	switch (method) {
	case ORDER_METHOD_MAIL:
		return office == 0 && text_ok(address, 1, ORDER_ADDRESS_CHARS);
	case ORDER_METHOD_ONSITE:
		return office > 0 && *address == '\0';
	default:
		return 0;
	}
}

/* What order_paid() checks against the payment row. */
struct paid_check {
	const char	*provider;
	const char	*trade_no;
	long long	 amount_fen;
};

static int
mark_paid(struct appdb *db, const struct order *o, long long now,
    void *arg)
{
	const struct paid_check	*p = arg;
	struct appdb_payment	 pay;
	int			 rc;

	if ((rc = appdb_payment_get(db, o->id, &pay)) == -1)
		return -1;
	if (rc == 0 || strcmp(pay.state, "started") != 0 ||
	    strcmp(pay.provider, p->provider) != 0) {
		log_warn("order_paid: %s: refused: no payment started with "
		    "%s (%s)", o->order_no, p->provider,
		    rc == 0 ? "none" : pay.state);
		return 1;
	}
	if (pay.amount_fen != p->amount_fen ||
	    o->amount_fen != p->amount_fen) {
		log_warn("order_paid: %s: refused: %lld fen paid, %lld due",
		    o->order_no, p->amount_fen, o->amount_fen);
		return 1;
	}
	if ((rc = appdb_payment_paid(db, o->id, p->trade_no, now)) != 1) {
		if (rc == 0 || appdb_refused(db))
			log_warn("order_paid: %s: refused: trade %s not "
			    "recorded", o->order_no, p->trade_no);
		return rc == 0 || appdb_refused(db) ? 1 : -1;
	}
	return 0;
}

int
order_paid(struct appdb *db, long long order_id, const char *provider,
    const char *trade_no, long long amount_fen, int *changed)
{
	struct paid_check	 p;
	char			 actor[ORDER_ACTOR_MAX + 1], note[96];

	*changed = 0;
	if (provider == NULL || trade_no == NULL ||
	    !ascii_ok(provider, 1, 16, "abcdefghijklmnopqrstuvwxyz") ||
	    !ascii_ok(trade_no, 1, ORDER_TRACKING_MAX,
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")) {
		log_warn("order_paid: order %lld: refused: bad provider or "
		    "trade number", order_id);
		return 1;
	}
	p.provider = provider;
	p.trade_no = trade_no;
	p.amount_fen = amount_fen;
	snprintf(actor, sizeof(actor), "pay:%s", provider);
	snprintf(note, sizeof(note), "trade %s", trade_no);
	return apply_at(db, order_id, ORDER_PAY, actor, note,
	    (long long)time(NULL), changed, mark_paid, &p);
}

/* 审核驳回 marks the payment refunded, if there is one. */
static int
mark_refunded(struct appdb *db, const struct order *o, long long now,
    void *arg)
{
	(void)arg;
	return appdb_payment_refunded(db, o->id, now) == -1 ? -1 : 0;
}

int
order_reject(struct appdb *db, long long order_id, const char *reason,
    const char *actor, int *changed)
{
	return apply_at(db, order_id, ORDER_REJECT, actor, reason,
	    (long long)time(NULL), changed, mark_refunded, NULL);
}

int
order_checkout(struct appdb *db, long long order_id,
    const struct order_checkout *ck, const char *actor)
{
	struct appdb_invoice	 inv;
	struct order		 o;
	const char		*why = NULL;
	char			 audit[256];
	long long		 now = time(NULL);
	int			 rc, ret = -1;

	if (!actor_ok(actor) || ck->provider == NULL ||
	    !ascii_ok(ck->provider, 1, 16, "abcdefghijklmnopqrstuvwxyz") ||
	    !pickup_ok(ck->method, ck->office, ck->method ==
	    ORDER_METHOD_MAIL ? ck->address : "")) {
		log_warn("order_checkout: order %lld: refused: bad pickup, "
		    "provider or actor", order_id);
		return 1;
	}
	if (appdb_begin(db) == -1)
		return -1;
	if ((rc = order_get(db, order_id, &o)) == -1)
		goto out;
	if (rc == 0) {
		why = "no such order";
		goto out;
	}
	if (o.pay != ORDER_PAY_UNPAID) {
		why = "not unpaid";
		goto out;
	}
	if (order_check(&o, ORDER_EXPIRE, now) == ORDER_LEGAL) {
		why = "unpaid for 24 hours: closing";
		goto out;
	}
	if ((rc = appdb_order_pickup_set(db, order_id,
	    order_method_code(ck->method), ck->office,
	    ck->method == ORDER_METHOD_MAIL ? ck->address : "", now)) != 1) {
		if (rc == 0 || appdb_refused(db))
			why = "pickup refused";
		goto out;
	}
	if (ck->invoice != NULL) {
		inv.kind = ck->invoice->paper_special ? "paper_special" :
		    "e_normal";
		inv.title = ck->invoice->title;
		inv.tax_id = ck->invoice->tax_id;
		inv.address = ck->invoice->address;
		inv.phone = ck->invoice->phone;
		inv.bank = ck->invoice->bank;
		inv.bank_account = ck->invoice->bank_account;
	}
	if (appdb_invoice_set(db, order_id, ck->invoice != NULL ? &inv : NULL,
	    now) == -1) {
		if (appdb_refused(db))
			why = "invoice refused";
		goto out;
	}
	if ((rc = appdb_payment_start(db, order_id, ck->provider,
	    o.amount_fen, now)) == -1)
		goto out;
	snprintf(audit, sizeof(audit), "%s (#%lld): %s%s, invoice %s, "
	    "payment via %s%s", o.order_no, o.id,
	    order_method_code(ck->method),
	    ck->method == ORDER_METHOD_ONSITE ? " office" : "",
	    ck->invoice == NULL ? "none" : ck->invoice->paper_special ?
	    "paper_special" : "e_normal", ck->provider,
	    rc == 0 ? " (already started)" : "");
	if (appdb_audit(db, actor, "order.checkout", audit) == -1 ||
	    appdb_commit(db) == -1)
		goto out;
	return 0;
out:
	if (why != NULL) {
		log_warn("order_checkout: order %lld: refused: %s", order_id,
		    why);
		ret = 1;
	}
	appdb_rollback(db);
	return ret;
}

int
order_apply_also(struct appdb *db, long long order_id, enum order_event ev,
    const char *actor, const char *detail, order_also_fn also, void *arg,
    int *changed)
{
	return apply_at(db, order_id, ev, actor, detail, (long long)time(NULL),
	    changed, also, arg);
}

int
order_apply(struct appdb *db, long long order_id, enum order_event ev,
    const char *actor, const char *detail, int *changed)
{
	return apply_at(db, order_id, ev, actor, detail, (long long)time(NULL),
	    changed, ev == ORDER_CANCEL ? close_payment : NULL, NULL);
}

int
order_expire_unpaid(struct appdb *db, long long now)
{
	long long	 id, after = 0;
	int		 changed, n = 0;

	for (;;) {
		if ((id = appdb_order_next_due(db, now - ORDER_PAY_WINDOW,
		    after)) == -1)
			return -1;
		if (id == 0)
			break;
		/* Refused: paid or cancelled since the query; skip it. */
		if (apply_at(db, id, ORDER_EXPIRE, "system", NULL, now,
		    &changed, close_payment, NULL) == -1)
			return -1;
		n += changed;
		after = id;
	}
	return n;
}

/* "CR" + yyyymmdd in Shanghai + 8 random digits into buf.  0 / -1. */
static int
order_number(long long now, char *buf, size_t sz)
{
	struct tm	 tm;
	time_t		 t = (time_t)(now + SHTIME_OFFSET);
	unsigned char	 b[8];
	uint64_t	 r = 0;
	size_t		 i;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 100 ||
	    tm.tm_year > 8099) {
		log_err("order_create: time out of range");
		return -1;
	}
	if (RAND_bytes(b, sizeof(b)) != 1) {
		log_ssl("order_create", "RAND_bytes");
		return -1;
	}
	for (i = 0; i < sizeof(b); i++)
		r = r << 8 | b[i];
	OPENSSL_cleanse(b, sizeof(b));
	/* The modulos only tell the compiler the widths. */
	snprintf(buf, sz, "CR%04u%02u%02u%08llu",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
	    (unsigned long long)(r % 100000000ULL));
	return 0;
}

/* Why n cannot be an order, or NULL if it can. */
static const char *
new_bad(const struct order_new *n)
{
	int	 reissue;

	if (!actor_ok(n->actor))
		return "bad actor";
	if (!ascii_ok(n->submit_key, ORDER_KEY_MIN, ORDER_KEY_MAX,
	    "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	    "abcdefghijklmnopqrstuvwxyz"))
		return "bad submit key";
	if ((unsigned)n->kind >= ORDER_KIND__MAX ||
	    (unsigned)n->reason >= ORDER_REASON__MAX)
		return "bad kind or reason";
	if (n->person <= 0 || n->membership <= 0 || n->product <= 0 ||
	    n->cert < 0 || n->statement_upload < 0)
		return "bad person, identity, product, certificate or "
		    "statement";
	if (n->quantity < 1 || n->quantity > ORDER_QUANTITY_MAX)
		return "bad quantity";
	reissue = n->kind == ORDER_KIND_CA_REISSUE;
	if (reissue != (n->cert != 0) ||
	    reissue != (n->reason != ORDER_REASON_NONE))
		return "a reissue needs a certificate and a reason, "
		    "nothing else has them";
	if (n->reason == ORDER_REASON_OTHER ?
	    !text_ok(n->reason_text, 1, ORDER_TEXT_CHARS) :
	    n->reason_text != NULL && *n->reason_text != '\0')
		return "reason text missing or malformed, or without "
		    "reason \"other\"";
	return NULL;
}

int
order_create(struct appdb *db, const struct order_new *n, long long *id)
{
	struct appdb_order_new	 a;
	struct appdb_identity	 ident;
	char			 no[33], audit[256];
	const char		*why;
	long long		 owner, found, price, now = time(NULL);
	int			 i, rc, ret = -1;

	*id = 0;
	if ((why = new_bad(n)) != NULL) {
		log_warn("order_create: refused: %s", why);
		return 1;
	}
	if (appdb_begin(db) == -1)
		return -1;
	why = NULL;
	if ((found = appdb_order_by_key(db, n->submit_key, &owner)) == -1)
		goto out;
	if (found > 0) {
		if (owner != n->person) {
			why = "submit key belongs to another person";
			goto out;
		}
		log_info("order_create: order %lld submitted again by %s: "
		    "nothing changed", found, n->actor);
		*id = found;
		ret = 0;
		goto out;
	}
	if ((rc = appdb_identity_get(db, n->person, n->membership,
	    &ident)) == -1)
		goto out;
	if (rc == 0) {
		why = "the identity is not the person's";
		goto out;
	}
	if ((rc = appdb_product_price(db, n->product, &price)) == -1)
		goto out;
	if (rc == 0) {
		why = "no such product";
		goto out;
	}
	if (n->cert != 0) {
		if ((found = appdb_order_open_for_cert(db, n->cert)) == -1)
			goto out;
		if (found > 0) {
			why = "the certificate already has an open order";
			goto out;
		}
	}
	for (i = 0; i < ORDER_NO_TRIES; i++) {
		if (order_number(now, no, sizeof(no)) == -1 ||
		    (found = appdb_order_by_no(db, no)) == -1)
			goto out;
		if (found == 0)
			break;
	}
	if (i == ORDER_NO_TRIES) {
		log_err("order_create: no free order number in %d tries", i);
		goto out;
	}

	memset(&a, 0, sizeof(a));
	a.order_no = no;
	a.kind = order_kind_code(n->kind);
	a.person = n->person;
	a.membership = n->membership;
	a.company = ident.company;
	a.cert = n->cert;
	a.product = n->product;
	a.quantity = n->quantity;
	a.amount_fen = price * n->quantity;
	a.reason = n->reason != ORDER_REASON_NONE ?
	    order_reason_code(n->reason) : NULL;
	a.reason_text = n->reason_text;
	a.submit_key = n->submit_key;
	a.now = now;
	a.statement_upload = n->statement_upload;
	if (appdb_order_add(db, &a, id) == -1) {
		if (appdb_refused(db))
			why = "the database refused it";
		goto out;
	}
	snprintf(audit, sizeof(audit), "%s (#%lld): %s, identity %lld, "
	    "certificate %lld, product %lld x %d, %lld fen", no, *id, a.kind,
	    n->membership, n->cert, n->product, n->quantity, a.amount_fen);
	if (appdb_order_event_add(db, *id, now, n->actor, "create", NULL,
	    NULL, NULL, order_pay_code(ORDER_PAY_UNPAID),
	    order_review_code(ORDER_REVIEW_NONE),
	    order_delivery_code(ORDER_DELIVERY_NONE), NULL) == -1 ||
	    (n->cert != 0 && appdb_draft_delete(db, n->person, n->cert) ==
	    -1) ||
	    appdb_audit(db, n->actor, "order.create", audit) == -1 ||
	    appdb_commit(db) == -1)
		goto out;
	return 0;
out:
	if (why != NULL) {
		log_warn("order_create: refused: %s", why);
		ret = 1;
	}
	if (ret != 0)
		*id = 0;
	appdb_rollback(db);
	return ret;
}


int
order_set_pickup(struct appdb *db, long long order_id,
    enum order_method method, long long office, const char *address,
    const char *actor)
{
	struct order		 o;
	char			 audit[128];
	const char		*why = NULL;
	long long		 now = time(NULL);
	int			 rc, ret = -1;

	if (address == NULL)
		address = "";
	if (!actor_ok(actor) || !pickup_ok(method, office, address)) {
		log_warn("order_set_pickup: order %lld: refused: bad method, "
		    "office, address or actor", order_id);
		return 1;
	}
	if (appdb_begin(db) == -1)
		return -1;
	if ((rc = order_get(db, order_id, &o)) == -1)
		goto out;
	if (rc == 0) {
		why = "no such order";
		goto out;
	}
	if (o.method == method && o.office == office &&
	    strcmp(o.ship_address, address) == 0) {
		ret = 0;	/* as asked already: nothing to write */
		goto out;
	}
	if ((rc = appdb_order_pickup_set(db, order_id,
	    order_method_code(method), office, address, now)) == -1) {
		if (appdb_refused(db))
			why = "the database refused it";
		goto out;
	}
	if (rc == 0) {
		why = "fixed once paid";
		goto out;
	}
	/* The address stays in the order, out of the log. */
	if (method == ORDER_METHOD_MAIL)
		snprintf(audit, sizeof(audit), "%s (#%lld): mail",
		    o.order_no, o.id);
	else
		snprintf(audit, sizeof(audit), "%s (#%lld): onsite at office "
		    "%lld", o.order_no, o.id, office);
	if (appdb_audit(db, actor, "order.pickup_method", audit) == -1 ||
	    appdb_commit(db) == -1)
		goto out;
	return 0;
out:
	if (why != NULL) {
		log_warn("order_set_pickup: order %lld: refused: %s",
		    order_id, why);
		ret = 1;
	}
	appdb_rollback(db);
	return ret;
}

/* Passes appdb's history rows on as struct order_history. */
struct history_pass {
	int	(*fn)(void *, const struct order_history *);
	void	*arg;
};

static int
history_row(void *arg, const struct appdb_order_event *e)
{
	struct history_pass	*p = arg;
	struct order_history	 h;

	memset(&h, 0, sizeof(h));
	h.at = e->at;
	memcpy(h.actor, e->actor, sizeof(h.actor));
	memcpy(h.event, e->event, sizeof(h.event));
	memcpy(h.from_pay, e->from_pay, sizeof(h.from_pay));
	memcpy(h.from_review, e->from_review, sizeof(h.from_review));
	memcpy(h.from_delivery, e->from_delivery, sizeof(h.from_delivery));
	memcpy(h.to_pay, e->to_pay, sizeof(h.to_pay));
	memcpy(h.to_review, e->to_review, sizeof(h.to_review));
	memcpy(h.to_delivery, e->to_delivery, sizeof(h.to_delivery));
	memcpy(h.detail, e->detail, sizeof(h.detail));
	return p->fn(p->arg, &h);
}

int
order_events(struct appdb *db, long long order_id,
    int (*fn)(void *, const struct order_history *), void *arg)
{
	struct history_pass	 p = { fn, arg };

	return appdb_order_events(db, order_id, history_row, &p);
}

int
order_open_for_cert(struct appdb *db, long long cert, long long *order_id)
{
	long long	 id;

	*order_id = 0;
	if ((id = appdb_order_open_for_cert(db, cert)) == -1)
		return -1;
	*order_id = id;
	return id > 0;
}

long long
order_office(struct appdb *db, const struct order *o)
{
	long long	 id;

	if (o->method == ORDER_METHOD_ONSITE && o->office > 0)
		return o->office;
	if ((id = appdb_office_id(db, ORDER_MAIL_OFFICE)) <= 0) {
		log_err("order_office: no office %s", ORDER_MAIL_OFFICE);
		return -1;
	}
	return id;
}
