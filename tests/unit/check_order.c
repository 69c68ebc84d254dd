/*
 * check_order.c: the order state machine (fcgi/order.c) and the schema
 * under it (fcgi/db/db.c, migration 3).
 *
 * The central test drives a fresh order into every reachable (pay,
 * review, delivery, 领取方式) combination and tries every event on it,
 * comparing the outcome with the matrix below, which is written out by
 * hand from SPEC §4 rather than derived from order.c's table.  Each test
 * gets a fresh database with the demo data in its own temporary
 * directory; a raw SQLite connection checks what the schema itself
 * refuses.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/unit/testdir.h"
#include <sqlite3.h>

#include "fcgi/appdb.h"
#include "fcgi/webctldemo.h"
#include "fcgi/order.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char	 path[128];	/* the test's database, in testdir_cur */
static const char code_hash[] =
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

static void
setup(void)
{
	testdir_setup();
	snprintf(path, sizeof(path), "%s/app.db", testdir_cur);
}


/* ---- the world: demo data, certificates, orders ------------------------ */

struct world {
	struct appdb	*db;
	long long	 buyer;		/* 张演示, 管理员 of company A */
	long long	 buyer_ms;	/* that identity */
	long long	 company;	/* company A */
	long long	 other;		/* 孙演示 */
	long long	 other_ms;	/* 孙演示's 个人 identity */
	long long	 product;	/* ca_reissue, 50.00 元 */
	long long	 office;	/* 沈阳办理点 */
	int		 certs;		/* certificates made so far */
	int		 keys;		/* submit keys made so far */
};

static void
world_open(struct world *w)
{
	int	 changed;

	memset(w, 0, sizeof(*w));
	w->db = appdb_open(path);
	ck_assert_ptr_nonnull(w->db);
	ck_assert_int_eq(webctl_demo_load(w->db, 8080, NULL, "test",
	    &changed), 0);
	ck_assert_int_gt(w->buyer = appdb_person_id(w->db, "13900000001"), 0);
	ck_assert_int_gt(w->company = appdb_company_id(w->db,
	    "91210105MA0YDEM15L"), 0);
	ck_assert_int_gt(w->buyer_ms = appdb_membership_id(w->db, w->buyer,
	    w->company, APPDB_ROLE_ADMIN), 0);
	ck_assert_int_gt(w->other = appdb_person_id(w->db, "13900000005"), 0);
	ck_assert_int_gt(w->other_ms = appdb_membership_id(w->db, w->other,
	    0, APPDB_ROLE_PERSONAL), 0);
	ck_assert_int_gt(w->product = appdb_product_id(w->db, "ca_reissue"),
	    0);
	w->office = 1;
}

static void
world_close(struct world *w)
{
	appdb_close(w->db);
	w->db = NULL;
}

/* A new company master key of company A held by the buyer. */
static long long
new_cert(struct world *w)
{
	struct appdb_cert_new	 c;
	char			 serial[16], key[16];
	long long		 id;

	w->certs++;
	snprintf(serial, sizeof(serial), "C0FFEE%04X", w->certs);
	snprintf(key, sizeof(key), "KEY%04d", w->certs);
	memset(&c, 0, sizeof(c));
	c.serial_hex = serial;
	c.cert_type = "company";
	c.company = w->company;
	c.holder = w->buyer;
	c.vendor = "BJCA";
	c.lock_type = "company_master";
	c.key_serial = key;
	c.first_applied_at = 1600000000;
	c.not_after = 1900000000;
	ck_assert_int_eq(appdb_cert_add(w->db, &c, &id), 0);
	return id;
}

/* A fresh submit key. */
static const char *
new_key(struct world *w, char *buf, size_t sz)
{
	snprintf(buf, sz, "submit-key_%08d", ++w->keys);
	return buf;
}

/* The 提交订单 of a reissue of cert (lost) under the buyer's identity. */
static void
reissue_new(struct world *w, struct order_new *n, long long cert,
    const char *key)
{
	memset(n, 0, sizeof(*n));
	n->submit_key = key;
	n->kind = ORDER_KIND_CA_REISSUE;
	n->person = w->buyer;
	n->membership = w->buyer_ms;
	n->cert = cert;
	n->product = w->product;
	n->quantity = 1;
	n->reason = ORDER_REASON_LOST;
	n->actor = "person:1";
}

/* A new unpaid reissue order of a new certificate. */
static long long
new_order(struct world *w)
{
	struct order_new	 n;
	char			 key[32];
	long long		 id;

	reissue_new(w, &n, new_cert(w), new_key(w, key, sizeof(key)));
	ck_assert_int_eq(order_create(w->db, &n, &id), 0);
	ck_assert_int_gt(id, 0);
	return id;
}

static void
get(struct world *w, long long id, struct order *o)
{
	ck_assert_int_eq(order_get(w->db, id, o), 1);
}

static int
count_row(void *arg, const struct order_history *h)
{
	(void)h;
	(*(int *)arg)++;
	return 0;
}

static int
history_len(struct world *w, long long id)
{
	int	 n = 0;

	ck_assert_int_eq(order_events(w->db, id, count_row, &n), 0);
	return n;
}

static long long
audit_len(struct world *w)
{
	struct appdb_counts	 c;

	ck_assert_int_eq(appdb_counts(w->db, &c), 0);
	return c.audit;
}

/* The event's datum as a caller would give it. */
static const char *
datum(enum order_event ev)
{
	switch (ev) {
	case ORDER_REJECT:
		return "情况说明书未加盖公章";
	case ORDER_SHIP:
		return "SF1234567890";
	case ORDER_READY:
		return code_hash;
	default:
		return NULL;
	}
}

static void
apply_ok(struct world *w, long long id, enum order_event ev)
{
	int	 changed = -1;

	ck_assert_int_eq(order_apply(w->db, id, ev, "operator:1", datum(ev),
	    &changed), 0);
	ck_assert_int_eq(changed, 1);
}

/* "pay/review/delivery" of o, in buf. */
static const char *
states(const struct order *o, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/%s/%s", order_pay_code(o->pay),
	    order_review_code(o->review), order_delivery_code(o->delivery));
	return buf;
}

/* Every stored field of a and b is the same. */
static void
assert_same(const struct order *a, const struct order *b)
{
	ck_assert_int_eq(a->id, b->id);
	ck_assert_str_eq(a->order_no, b->order_no);
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_int_eq(a->person, b->person);
	ck_assert_int_eq(a->membership, b->membership);
	ck_assert_int_eq(a->company, b->company);
	ck_assert_int_eq(a->cert, b->cert);
	ck_assert_int_eq(a->product, b->product);
	ck_assert_int_eq(a->quantity, b->quantity);
	ck_assert_int_eq(a->amount_fen, b->amount_fen);
	ck_assert_int_eq(a->reason, b->reason);
	ck_assert_str_eq(a->reason_text, b->reason_text);
	ck_assert_int_eq(a->pay, b->pay);
	ck_assert_int_eq(a->review, b->review);
	ck_assert_int_eq(a->delivery, b->delivery);
	ck_assert_int_eq(a->method, b->method);
	ck_assert_int_eq(a->office, b->office);
	ck_assert_str_eq(a->ship_address, b->ship_address);
	ck_assert_str_eq(a->tracking_no, b->tracking_no);
	ck_assert_str_eq(a->pickup_code_hash, b->pickup_code_hash);
	ck_assert_str_eq(a->reject_reason, b->reject_reason);
	ck_assert_int_eq(a->created_at, b->created_at);
	ck_assert_int_eq(a->updated_at, b->updated_at);
	ck_assert_int_eq(a->paid_at, b->paid_at);
}

static void
set_method(struct world *w, long long id, enum order_method m)
{
	if (m == ORDER_METHOD_MAIL)
		ck_assert_int_eq(order_set_pickup(w->db, id, m, 0,
		    "辽宁省沈阳市和平区演示街9号 张演示 13900000001",
		    "person:1"), 0);
	else if (m == ORDER_METHOD_ONSITE)
		ck_assert_int_eq(order_set_pickup(w->db, id, m, w->office, NULL,
		    "person:1"), 0);
}

/* ---- the matrix --------------------------------------------------------- */

/*
 * Every reachable state, how to get there from a new order, and what
 * each event must do from it, in the order PAY CANCEL EXPIRE APPROVE
 * REJECT ISSUE READY PICKUP SHIP DELIVER:
 *   L  legal: moves to the event's target below, one history row, one
 *      audit record
 *   A  already happened: success, nothing changes
 *   R  refused, illegal from here
 *   N  refused, not yet due (EXPIRE within 24 h)
 *   M  refused, wrong 领取方式
 * "closed" is reached by order_expire_unpaid() a day later.
 */
#define MAXPATH	5
static const struct {
	const char		*states;	/* as order.h spells them */
	enum order_method	 method;
	int			 expire;	/* reach by expiry */
	int			 npath;
	enum order_event	 path[MAXPATH];
	const char		*expect;
} matrix[] = {
	/* submitted, whatever the method */
	{ "unpaid/none/none", ORDER_METHOD_NONE, 0, 0, { 0 },
	  "LLNRRRRRRR" },
	{ "unpaid/none/none", ORDER_METHOD_MAIL, 0, 0, { 0 },
	  "LLNRRRRRRR" },
	{ "unpaid/none/none", ORDER_METHOD_ONSITE, 0, 0, { 0 },
	  "LLNRRRRRRR" },
	{ "cancelled/none/none", ORDER_METHOD_NONE, 0, 1, { ORDER_CANCEL },
	  "RARRRRRRRR" },
	{ "cancelled/none/none", ORDER_METHOD_MAIL, 0, 1, { ORDER_CANCEL },
	  "RARRRRRRRR" },
	{ "cancelled/none/none", ORDER_METHOD_ONSITE, 0, 1, { ORDER_CANCEL },
	  "RARRRRRRRR" },
	{ "closed/none/none", ORDER_METHOD_NONE, 1, 0, { 0 },
	  "RRARRRRRRR" },
	{ "closed/none/none", ORDER_METHOD_MAIL, 1, 0, { 0 },
	  "RRARRRRRRR" },
	{ "closed/none/none", ORDER_METHOD_ONSITE, 1, 0, { 0 },
	  "RRARRRRRRR" },
	/* paid, waiting for review */
	{ "paid/pending/none", ORDER_METHOD_NONE, 0, 1, { ORDER_PAY },
	  "ARRLLRRRRR" },
	{ "paid/pending/none", ORDER_METHOD_MAIL, 0, 1, { ORDER_PAY },
	  "ARRLLRRRRR" },
	{ "paid/pending/none", ORDER_METHOD_ONSITE, 0, 1, { ORDER_PAY },
	  "ARRLLRRRRR" },
	/* rejected and refunded */
	{ "refunded/rejected/none", ORDER_METHOD_NONE, 0, 2,
	  { ORDER_PAY, ORDER_REJECT }, "ARRRARRRRR" },
	{ "refunded/rejected/none", ORDER_METHOD_MAIL, 0, 2,
	  { ORDER_PAY, ORDER_REJECT }, "ARRRARRRRR" },
	{ "refunded/rejected/none", ORDER_METHOD_ONSITE, 0, 2,
	  { ORDER_PAY, ORDER_REJECT }, "ARRRARRRRR" },
	/* approved: the old certificate is revoked, the new one awaited */
	{ "paid/approved/awaiting_issue", ORDER_METHOD_NONE, 0, 2,
	  { ORDER_PAY, ORDER_APPROVE }, "ARRARLRRRR" },
	{ "paid/approved/awaiting_issue", ORDER_METHOD_MAIL, 0, 2,
	  { ORDER_PAY, ORDER_APPROVE }, "ARRARLRRRR" },
	{ "paid/approved/awaiting_issue", ORDER_METHOD_ONSITE, 0, 2,
	  { ORDER_PAY, ORDER_APPROVE }, "ARRARLRRRR" },
	/* issued: pickup only on site, shipping only by mail */
	{ "paid/approved/issued", ORDER_METHOD_NONE, 0, 3,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE }, "ARRARAMRMR" },
	{ "paid/approved/issued", ORDER_METHOD_MAIL, 0, 3,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE }, "ARRARAMRLR" },
	{ "paid/approved/issued", ORDER_METHOD_ONSITE, 0, 3,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE }, "ARRARALRMR" },
	/* 现场领取 */
	{ "paid/approved/ready", ORDER_METHOD_ONSITE, 0, 4,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE, ORDER_READY },
	  "ARRARAALRR" },
	{ "paid/approved/picked_up", ORDER_METHOD_ONSITE, 0, 5,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE, ORDER_READY, ORDER_PICKUP },
	  "ARRARAAARR" },
	/* 邮寄 */
	{ "paid/approved/shipped", ORDER_METHOD_MAIL, 0, 4,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE, ORDER_SHIP },
	  "ARRARARRAL" },
	{ "paid/approved/delivered", ORDER_METHOD_MAIL, 0, 5,
	  { ORDER_PAY, ORDER_APPROVE, ORDER_ISSUE, ORDER_SHIP, ORDER_DELIVER },
	  "ARRARARRAA" },
};

/* Where each legal event leads, in enum order_event order. */
static const char *const target[] = {
	"paid/pending/none",		/* PAY */
	"cancelled/none/none",		/* CANCEL */
	"closed/none/none",		/* EXPIRE */
	"paid/approved/awaiting_issue",	/* APPROVE */
	"refunded/rejected/none",	/* REJECT */
	"paid/approved/issued",		/* ISSUE */
	"paid/approved/ready",		/* READY */
	"paid/approved/picked_up",	/* PICKUP */
	"paid/approved/shipped",	/* SHIP */
	"paid/approved/delivered",	/* DELIVER */
};

/* An order of a new certificate in row r's state. */
static long long
order_in(struct world *w, int r)
{
	struct order	 o;
	char		 buf[64];
	long long	 id;
	int		 i;

	id = new_order(w);
	set_method(w, id, matrix[r].method);
	for (i = 0; i < matrix[r].npath; i++)
		apply_ok(w, id, matrix[r].path[i]);
	if (matrix[r].expire) {
		get(w, id, &o);
		ck_assert_int_ge(order_expire_unpaid(w->db,
		    o.created_at + ORDER_PAY_WINDOW), 1);
	}
	get(w, id, &o);
	ck_assert_str_eq(states(&o, buf, sizeof(buf)), matrix[r].states);
	ck_assert_int_eq(o.method, matrix[r].method);
	return id;
}

START_TEST(test_every_event_from_every_reachable_state)
{
	struct world		 w;
	struct order		 before, after;
	enum order_verdict	 want;
	char			 buf[64];
	long long		 id, audit;
	int			 ev, hist, changed, rc;
	char			 e;

	ck_assert_int_eq(NELEM(target), ORDER_EVENT__MAX);
	ck_assert_int_eq(strlen(matrix[_i].expect), ORDER_EVENT__MAX);
	world_open(&w);
	for (ev = 0; ev < ORDER_EVENT__MAX; ev++) {
		e = matrix[_i].expect[ev];
		id = order_in(&w, _i);
		get(&w, id, &before);
		hist = history_len(&w, id);
		audit = audit_len(&w);

		want = e == 'L' ? ORDER_LEGAL : e == 'A' ? ORDER_ALREADY :
		    e == 'N' ? ORDER_NOT_DUE : e == 'M' ? ORDER_WRONG_METHOD :
		    ORDER_ILLEGAL;
		ck_assert_msg(order_check(&before, ev, time(NULL)) == want,
		    "%s (%s) %s: verdict %s, want %s", matrix[_i].states,
		    order_method_code(matrix[_i].method),
		    order_event_code(ev), order_verdict_code(order_check(
		    &before, ev, time(NULL))), order_verdict_code(want));

		changed = -1;
		rc = order_apply(w.db, id, ev, "operator:1", datum(ev),
		    &changed);
		get(&w, id, &after);
		ck_assert_msg(rc == (e == 'L' || e == 'A' ? 0 : 1),
		    "%s %s: rc %d", matrix[_i].states, order_event_code(ev),
		    rc);
		ck_assert_int_eq(changed, e == 'L');
		if (e != 'L') {
			assert_same(&before, &after);
			ck_assert_int_eq(history_len(&w, id), hist);
			ck_assert_int_eq(audit_len(&w), audit);
			continue;
		}
		ck_assert_str_eq(states(&after, buf, sizeof(buf)),
		    target[ev]);
		ck_assert_int_eq(history_len(&w, id), hist + 1);
		ck_assert_int_eq(audit_len(&w), audit + 1);
		ck_assert_int_ge(after.updated_at, before.updated_at);
		ck_assert_int_eq(after.paid_at != 0, after.pay == ORDER_PAY_PAID ||
		    after.pay == ORDER_PAY_REFUNDED);
		if (ev == ORDER_REJECT)
			ck_assert_str_eq(after.reject_reason, datum(ev));
		if (ev == ORDER_SHIP)
			ck_assert_str_eq(after.tracking_no, datum(ev));
		if (ev == ORDER_READY)
			ck_assert_str_eq(after.pickup_code_hash, code_hash);
	}
	world_close(&w);
}
END_TEST

/* ---- idempotency -------------------------------------------------------- */

START_TEST(test_pay_twice_is_one_change)
{
	struct world	 w;
	struct order	 o1, o2;
	long long	 id, audit;
	int		 changed;

	world_open(&w);
	id = new_order(&w);
	audit = audit_len(&w);
	ck_assert_int_eq(order_apply(w.db, id, ORDER_PAY, "pay:sandbox",
	    "trade 2025061700001", &changed), 0);
	ck_assert_int_eq(changed, 1);
	get(&w, id, &o1);
	ck_assert_int_eq(order_apply(w.db, id, ORDER_PAY, "pay:sandbox",
	    "trade 2025061700001", &changed), 0);
	ck_assert_int_eq(changed, 0);
	get(&w, id, &o2);
	assert_same(&o1, &o2);
	ck_assert_int_eq(history_len(&w, id), 2);	/* create, pay */
	ck_assert_int_eq(audit_len(&w), audit + 1);
	ck_assert_int_eq(o2.pay, ORDER_PAY_PAID);
	ck_assert_int_eq(o2.review, ORDER_REVIEW_PENDING);
	ck_assert_int_gt(o2.paid_at, 0);
	world_close(&w);
}
END_TEST

START_TEST(test_pay_after_rejection_is_still_a_no_op)
{
	struct world	 w;
	long long	 id, audit;
	int		 changed;

	world_open(&w);
	id = new_order(&w);
	apply_ok(&w, id, ORDER_PAY);
	apply_ok(&w, id, ORDER_REJECT);
	audit = audit_len(&w);
	ck_assert_int_eq(order_apply(w.db, id, ORDER_PAY, "pay:sandbox", NULL,
	    &changed), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(audit_len(&w), audit);
	ck_assert_int_eq(history_len(&w, id), 3);
	world_close(&w);
}
END_TEST

START_TEST(test_submit_twice_is_one_order)
{
	struct world		 w;
	struct order_new	 n;
	char			 key[32];
	long long		 cert, id1, id2, audit;
	sqlite3			*r;
	sqlite3_stmt		*q;

	world_open(&w);
	cert = new_cert(&w);
	reissue_new(&w, &n, cert, new_key(&w, key, sizeof(key)));
	ck_assert_int_eq(order_create(w.db, &n, &id1), 0);
	audit = audit_len(&w);
	ck_assert_int_eq(order_create(w.db, &n, &id2), 0);
	ck_assert_int_eq(id2, id1);
	ck_assert_int_eq(audit_len(&w), audit);
	ck_assert_int_eq(history_len(&w, id1), 1);
	/* Another person replaying the key gets nothing. */
	n.person = w.other;
	n.membership = w.other_ms;
	ck_assert_int_eq(order_create(w.db, &n, &id2), 1);
	ck_assert_int_eq(id2, 0);
	world_close(&w);

	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(r, "SELECT count(*) FROM orders",
	    -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	sqlite3_close(r);
}
END_TEST

/* A reissue keeps its statement and removes the buyer's wizard draft. */
START_TEST(test_submit_keeps_statement_and_clears_draft)
{
	static const char	 k1[] = "0123456789abcdef0123456789abcdef";
	static const char	 k2[] = "fedcba9876543210fedcba9876543210";
	struct world		 w;
	struct order_new	 n;
	struct appdb_upload_new	 u;
	struct appdb_draft	 d;
	char			 key[32], sql[128];
	long long		 cert, up, id, other;
	sqlite3			*r;
	sqlite3_stmt		*q;

	world_open(&w);
	cert = new_cert(&w);
	memset(&u, 0, sizeof(u));
	u.sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	u.ctype = "image/png";
	u.size = 10;
	u.filename = "s.png";
	u.person = w.buyer;
	u.company = w.company;
	ck_assert_int_eq(appdb_upload_add(w.db, &u, &up), 0);
	ck_assert_int_eq(appdb_draft_set(w.db, w.buyer, cert, "lost", "", up,
	    1700000000), 0);
	/* The first key given stays. */
	ck_assert_int_eq(appdb_draft_key(w.db, w.buyer, cert, k1), 0);
	ck_assert_int_eq(appdb_draft_key(w.db, w.buyer, cert, k2), 0);
	ck_assert_int_eq(appdb_draft_get(w.db, w.buyer, cert, &d), 1);
	ck_assert_str_eq(d.submit_key, k1);
	ck_assert_int_eq(d.upload, up);
	/* Someone else's draft of the certificate stays. */
	ck_assert_int_eq(appdb_draft_set(w.db, w.other, cert, "damaged", "",
	    0, 1700000000), 0);

	reissue_new(&w, &n, cert, new_key(&w, key, sizeof(key)));
	n.statement_upload = up;
	ck_assert_int_eq(order_create(w.db, &n, &id), 0);
	ck_assert_int_eq(appdb_draft_get(w.db, w.buyer, cert, &d), 0);
	ck_assert_int_eq(appdb_draft_get(w.db, w.other, cert, &d), 1);
	/* A negative upload id is refused. */
	reissue_new(&w, &n, new_cert(&w), new_key(&w, key, sizeof(key)));
	n.statement_upload = -1;
	ck_assert_int_eq(order_create(w.db, &n, &other), 1);
	world_close(&w);

	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	snprintf(sql, sizeof(sql), "SELECT statement_upload_id FROM orders"
	    " WHERE id = %lld", id);
	ck_assert_int_eq(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(q, 0), up);
	sqlite3_finalize(q);
	sqlite3_close(r);
}
END_TEST

/* ---- one open reissue order per certificate ---------------------------- */

/*
 * For each state: an order of one certificate is driven there, then a
 * second order of the same certificate is submitted.  It must be
 * refused while the first is open and accepted once it is finished.
 */
START_TEST(test_one_open_order_per_certificate)
{
	struct world		 w;
	struct order_new	 n;
	struct order		 o;
	char			 key[32];
	long long		 id, second, open;
	int			 r, rc, finished;

	world_open(&w);
	for (r = 0; r < (int)NELEM(matrix); r++) {
		id = order_in(&w, r);
		get(&w, id, &o);
		finished = o.pay == ORDER_PAY_CANCELLED ||
		    o.pay == ORDER_PAY_CLOSED || o.pay == ORDER_PAY_REFUNDED ||
		    o.delivery == ORDER_DELIVERY_PICKED_UP ||
		    o.delivery == ORDER_DELIVERY_DELIVERED;
		ck_assert_int_eq(order_open_for_cert(w.db, o.cert, &open),
		    !finished);
		ck_assert_int_eq(open, finished ? 0 : id);
		reissue_new(&w, &n, o.cert, new_key(&w, key, sizeof(key)));
		rc = order_create(w.db, &n, &second);
		ck_assert_msg(rc == (finished ? 0 : 1), "%s: rc %d",
		    matrix[r].states, rc);
		/* Leave the certificate free of open orders again. */
		if (rc == 0)
			apply_ok(&w, second, ORDER_CANCEL);
	}
	world_close(&w);
}
END_TEST

START_TEST(test_second_order_allowed_after_first_closes)
{
	struct world		 w;
	struct order_new	 n;
	struct order		 o;
	char			 key[32];
	long long		 id, second;

	world_open(&w);
	id = new_order(&w);
	get(&w, id, &o);
	reissue_new(&w, &n, o.cert, new_key(&w, key, sizeof(key)));
	ck_assert_int_eq(order_create(w.db, &n, &second), 1);
	ck_assert_int_eq(order_expire_unpaid(w.db, o.created_at +
	    ORDER_PAY_WINDOW), 1);
	ck_assert_int_eq(order_create(w.db, &n, &second), 0);
	ck_assert_int_ne(second, id);
	world_close(&w);
}
END_TEST

/* The partial unique index holds even when order.c is bypassed. */
START_TEST(test_schema_refuses_a_second_open_order)
{
	struct world		 w;
	struct order_new	 n;
	struct order		 o;
	char			 key[32], sql[256];
	long long		 first, second;
	sqlite3			*r;

	world_open(&w);
	first = new_order(&w);
	apply_ok(&w, first, ORDER_CANCEL);
	get(&w, first, &o);
	reissue_new(&w, &n, o.cert, new_key(&w, key, sizeof(key)));
	ck_assert_int_eq(order_create(w.db, &n, &second), 0);
	world_close(&w);

	/* Reopening the cancelled first order behind order.c's back. */
	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	snprintf(sql, sizeof(sql), "UPDATE orders SET pay_state = 'unpaid'"
	    " WHERE id = %lld", first);
	ck_assert_int_eq(sqlite3_exec(r, sql, NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	/* Once the second is closed, the first may be reopened. */
	snprintf(sql, sizeof(sql), "UPDATE orders SET pay_state = 'closed'"
	    " WHERE id = %lld; UPDATE orders SET pay_state = 'unpaid'"
	    " WHERE id = %lld", second, first);
	ck_assert_int_eq(sqlite3_exec(r, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
}
END_TEST

/* ---- expiry ------------------------------------------------------------- */

START_TEST(test_expire_closes_only_orders_unpaid_for_24h)
{
	struct world	 w;
	struct order	 u, p, c, o;
	long long	 uid, pid, cid, audit;
	int		 changed;

	world_open(&w);
	uid = new_order(&w);
	pid = new_order(&w);
	cid = new_order(&w);
	apply_ok(&w, pid, ORDER_PAY);
	apply_ok(&w, cid, ORDER_CANCEL);
	get(&w, uid, &u);
	get(&w, pid, &p);
	get(&w, cid, &c);

	/* Not before 24 h, neither by the sweep nor by hand. */
	audit = audit_len(&w);
	ck_assert_int_eq(order_expire_unpaid(w.db, u.created_at +
	    ORDER_PAY_WINDOW - 1), 0);
	ck_assert_int_eq(order_apply(w.db, uid, ORDER_EXPIRE, "system", NULL,
	    &changed), 1);
	ck_assert_int_eq(order_check(&u, ORDER_EXPIRE, u.created_at +
	    ORDER_PAY_WINDOW - 1), ORDER_NOT_DUE);
	ck_assert_int_eq(audit_len(&w), audit);
	get(&w, uid, &o);
	assert_same(&u, &o);

	/* At 24 h: the unpaid one only, once. */
	ck_assert_int_eq(order_expire_unpaid(w.db, u.created_at +
	    ORDER_PAY_WINDOW), 1);
	ck_assert_int_eq(audit_len(&w), audit + 1);
	get(&w, uid, &o);
	ck_assert_int_eq(o.pay, ORDER_PAY_CLOSED);
	ck_assert_int_eq(o.paid_at, 0);
	ck_assert_int_eq(history_len(&w, uid), 2);
	get(&w, pid, &o);
	assert_same(&p, &o);
	get(&w, cid, &o);
	assert_same(&c, &o);
	ck_assert_int_eq(order_expire_unpaid(w.db, u.created_at +
	    2 * ORDER_PAY_WINDOW), 0);
	ck_assert_int_eq(audit_len(&w), audit + 1);
	/* A payment arriving after closing is refused, not booked. */
	ck_assert_int_eq(order_apply(w.db, uid, ORDER_PAY, "pay:sandbox",
	    NULL, &changed), 1);
	world_close(&w);
}
END_TEST

/* ---- refusals ----------------------------------------------------------- */

START_TEST(test_refused_move_changes_nothing)
{
	struct world	 w;
	struct order	 before, after;
	long long	 id, audit;
	int		 hist, changed = -1;

	world_open(&w);
	id = new_order(&w);
	get(&w, id, &before);
	hist = history_len(&w, id);
	audit = audit_len(&w);
	ck_assert_int_eq(order_apply(w.db, id, ORDER_APPROVE, "operator:1",
	    NULL, &changed), 1);
	ck_assert_int_eq(changed, 0);
	get(&w, id, &after);
	assert_same(&before, &after);
	ck_assert_int_eq(history_len(&w, id), hist);
	ck_assert_int_eq(audit_len(&w), audit);
	world_close(&w);
}
END_TEST

START_TEST(test_missing_or_bad_datum_is_refused)
{
	struct world	 w;
	struct order	 before, after;
	long long	 a, b, c, audit;
	int		 changed;

	world_open(&w);
	a = new_order(&w);
	apply_ok(&w, a, ORDER_PAY);
	b = new_order(&w);
	set_method(&w, b, ORDER_METHOD_MAIL);
	apply_ok(&w, b, ORDER_PAY);
	apply_ok(&w, b, ORDER_APPROVE);
	apply_ok(&w, b, ORDER_ISSUE);
	c = new_order(&w);
	set_method(&w, c, ORDER_METHOD_ONSITE);
	apply_ok(&w, c, ORDER_PAY);
	apply_ok(&w, c, ORDER_APPROVE);
	apply_ok(&w, c, ORDER_ISSUE);
	audit = audit_len(&w);

	get(&w, a, &before);
	ck_assert_int_eq(order_apply(w.db, a, ORDER_REJECT, "operator:1",
	    NULL, &changed), 1);
	ck_assert_int_eq(order_apply(w.db, a, ORDER_REJECT, "operator:1", "",
	    &changed), 1);
	get(&w, a, &after);
	assert_same(&before, &after);

	get(&w, b, &before);
	ck_assert_int_eq(order_apply(w.db, b, ORDER_SHIP, "operator:1", NULL,
	    &changed), 1);
	ck_assert_int_eq(order_apply(w.db, b, ORDER_SHIP, "operator:1",
	    "SF 123'--", &changed), 1);
	get(&w, b, &after);
	assert_same(&before, &after);

	get(&w, c, &before);
	ck_assert_int_eq(order_apply(w.db, c, ORDER_READY, "operator:1",
	    "123456", &changed), 1);
	ck_assert_int_eq(order_apply(w.db, c, ORDER_READY, "operator:1",
	    NULL, &changed), 1);
	get(&w, c, &after);
	assert_same(&before, &after);

	/* Bad actor, unknown event, no such order. */
	ck_assert_int_eq(order_apply(w.db, a, ORDER_APPROVE, "", NULL,
	    &changed), 1);
	ck_assert_int_eq(order_apply(w.db, a, ORDER_APPROVE, "a\nb", NULL,
	    &changed), 1);
	ck_assert_int_eq(order_apply(w.db, a, ORDER_EVENT__MAX, "operator:1",
	    NULL, &changed), 1);
	ck_assert_int_eq(order_apply(w.db, 9999, ORDER_PAY, "pay:sandbox",
	    NULL, &changed), 1);
	ck_assert_int_eq(audit_len(&w), audit);
	world_close(&w);
}
END_TEST

START_TEST(test_create_refuses_bad_orders)
{
	struct world		 w;
	struct order_new	 n;
	char			 key[32];
	long long		 cert, id, audit;

	world_open(&w);
	cert = new_cert(&w);
	audit = audit_len(&w);

	reissue_new(&w, &n, 0, new_key(&w, key, sizeof(key)));
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);  /* no cert */
	reissue_new(&w, &n, cert, "short");
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);  /* key */
	reissue_new(&w, &n, cert, "bad key with spaces!");
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	reissue_new(&w, &n, cert, new_key(&w, key, sizeof(key)));
	n.reason = ORDER_REASON_OTHER;
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);  /* no text */
	n.reason = ORDER_REASON_LOST;
	n.reason_text = "丢了";
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);  /* text w/o other */
	n.reason_text = NULL;
	n.reason = ORDER_REASON_NONE;
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);  /* no reason */
	n.reason = ORDER_REASON_LOST;
	n.quantity = 0;
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	n.quantity = 1;
	n.membership = w.other_ms;	/* not the buyer's identity */
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	n.membership = w.buyer_ms;
	n.cert = 424242;		/* no such certificate */
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	n.cert = cert;
	n.product = 424242;		/* no such product */
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	n.product = w.product;
	n.kind = ORDER_KIND_GOODS;	/* goods have no certificate */
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	n.kind = ORDER_KIND_CA_REISSUE;
	n.actor = NULL;
	ck_assert_int_eq(order_create(w.db, &n, &id), 1);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(audit_len(&w), audit);

	/* Still good after all that. */
	n.actor = "person:1";
	n.reason = ORDER_REASON_OTHER;
	n.reason_text = "锁芯进水";
	ck_assert_int_eq(order_create(w.db, &n, &id), 0);
	ck_assert_int_gt(id, 0);
	world_close(&w);
}
END_TEST

/* ---- what an order records -------------------------------------------- */

START_TEST(test_new_order_number_price_and_identity)
{
	struct world		 w;
	struct order_new	 n;
	struct order		 o;
	struct tm		 tm;
	char			 key[32], day[16];
	time_t			 t;
	long long		 id;
	size_t			 i;

	world_open(&w);
	reissue_new(&w, &n, new_cert(&w), new_key(&w, key, sizeof(key)));
	n.quantity = 3;
	ck_assert_int_eq(order_create(w.db, &n, &id), 0);
	get(&w, id, &o);
	ck_assert_int_eq(strlen(o.order_no), 18);
	ck_assert_int_eq(strncmp(o.order_no, "CR", 2), 0);
	for (i = 2; i < 18; i++)
		ck_assert(o.order_no[i] >= '0' && o.order_no[i] <= '9');
	t = (time_t)(o.created_at + 8 * 3600);
	ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
	ck_assert_int_gt(strftime(day, sizeof(day), "%Y%m%d", &tm), 0);
	ck_assert_int_eq(strncmp(o.order_no + 2, day, 8), 0);
	ck_assert_int_eq(o.amount_fen, 3 * 5000);
	ck_assert_int_eq(o.company, w.company);
	ck_assert_int_eq(o.person, w.buyer);
	ck_assert_int_eq(o.membership, w.buyer_ms);
	ck_assert_int_eq(o.kind, ORDER_KIND_CA_REISSUE);
	ck_assert_int_eq(o.reason, ORDER_REASON_LOST);
	ck_assert_int_eq(o.pay, ORDER_PAY_UNPAID);
	ck_assert_int_eq(o.review, ORDER_REVIEW_NONE);
	ck_assert_int_eq(o.delivery, ORDER_DELIVERY_NONE);
	ck_assert_int_eq(o.method, ORDER_METHOD_NONE);
	ck_assert_int_eq(o.paid_at, 0);
	ck_assert_int_eq(order_get(w.db, id + 1000, &o), 0);
	world_close(&w);
}
END_TEST

START_TEST(test_personal_identity_order_has_no_company)
{
	struct world		 w;
	struct order_new	 n;
	struct order		 o;
	char			 key[32];
	long long		 id;

	world_open(&w);
	memset(&n, 0, sizeof(n));
	n.submit_key = new_key(&w, key, sizeof(key));
	n.kind = ORDER_KIND_OTHER;
	n.person = w.other;
	n.membership = w.other_ms;
	n.product = w.product;
	n.quantity = 1;
	n.actor = "person:5";
	ck_assert_int_eq(order_create(w.db, &n, &id), 0);
	get(&w, id, &o);
	ck_assert_int_eq(o.company, 0);
	ck_assert_int_eq(o.cert, 0);
	ck_assert_int_eq(o.reason, ORDER_REASON_NONE);
	ck_assert_int_eq(o.kind, ORDER_KIND_OTHER);
	world_close(&w);
}
END_TEST

/* One history row: what the order page will list. */
struct hist {
	int	 n;
	char	 rows[8][128];
	char	 detail[8][1025];
};

static int
hist_row(void *arg, const struct order_history *h)
{
	struct hist	*s = arg;

	ck_assert_int_lt(s->n, 8);
	ck_assert_int_gt(h->at, 0);
	ck_assert_str_eq(h->actor, s->n == 0 ? "person:1" : "operator:1");
	snprintf(s->rows[s->n], sizeof(s->rows[0]), "%s %s/%s/%s>%s/%s/%s",
	    h->event, h->from_pay, h->from_review, h->from_delivery,
	    h->to_pay, h->to_review, h->to_delivery);
	snprintf(s->detail[s->n], sizeof(s->detail[0]), "%s", h->detail);
	s->n++;
	return 0;
}

START_TEST(test_history_and_audit_chain_of_a_whole_journey)
{
	static const char *const want[] = {
		"create //>unpaid/none/none",
		"pay unpaid/none/none>paid/pending/none",
		"approve paid/pending/none>paid/approved/awaiting_issue",
		"issue paid/approved/awaiting_issue>paid/approved/issued",
		"ready paid/approved/issued>paid/approved/ready",
		"pickup paid/approved/ready>paid/approved/picked_up",
	};
	struct world	 w;
	struct hist	 h;
	long long	 id, mail, bad;
	sqlite3		*r;
	sqlite3_stmt	*q;
	size_t		 i;

	world_open(&w);
	id = new_order(&w);
	set_method(&w, id, ORDER_METHOD_ONSITE);
	apply_ok(&w, id, ORDER_PAY);
	apply_ok(&w, id, ORDER_APPROVE);
	apply_ok(&w, id, ORDER_ISSUE);
	apply_ok(&w, id, ORDER_READY);
	apply_ok(&w, id, ORDER_PICKUP);
	mail = new_order(&w);
	set_method(&w, mail, ORDER_METHOD_MAIL);
	apply_ok(&w, mail, ORDER_PAY);
	apply_ok(&w, mail, ORDER_APPROVE);
	apply_ok(&w, mail, ORDER_ISSUE);
	apply_ok(&w, mail, ORDER_SHIP);
	apply_ok(&w, mail, ORDER_DELIVER);

	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(order_events(w.db, id, hist_row, &h), 0);
	ck_assert_int_eq(h.n, (int)NELEM(want));
	for (i = 0; i < NELEM(want); i++)
		ck_assert_str_eq(h.rows[i], want[i]);
	ck_assert_str_eq(h.detail[4], "");	/* no pickup code hash */

	bad = -1;
	ck_assert_int_eq(appdb_audit_verify(w.db, &bad), 1);
	ck_assert_int_eq(bad, 0);
	world_close(&w);

	/* The pickup code's hash is in the order only; history is
	 * append-only. */
	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(r, "SELECT (SELECT count(*) FROM"
	    " audit WHERE instr(detail, ?1) > 0) + (SELECT count(*) FROM"
	    " order_event WHERE instr(detail, ?1) > 0)", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, code_hash, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	ck_assert_int_eq(sqlite3_exec(r, "UPDATE order_event SET actor = 'x'",
	    NULL, NULL, NULL), SQLITE_CONSTRAINT);
	ck_assert_int_eq(sqlite3_exec(r, "DELETE FROM order_event", NULL, NULL,
	    NULL), SQLITE_CONSTRAINT);
	sqlite3_close(r);
}
END_TEST

/* ---- 领取方式 ----------------------------------------------------------- */

START_TEST(test_pickup_method_is_fixed_once_paid)
{
	struct world	 w;
	struct order	 o;
	long long	 id, audit;

	world_open(&w);
	id = new_order(&w);
	audit = audit_len(&w);
	set_method(&w, id, ORDER_METHOD_MAIL);
	set_method(&w, id, ORDER_METHOD_ONSITE);	/* changed mind */
	ck_assert_int_eq(audit_len(&w), audit + 2);
	get(&w, id, &o);
	ck_assert_int_eq(o.method, ORDER_METHOD_ONSITE);
	ck_assert_int_eq(o.office, w.office);
	ck_assert_str_eq(o.ship_address, "");

	/* Bad combinations. */
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_MAIL, 0, "",
	    "person:1"), 1);
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_ONSITE, 0,
	    NULL, "person:1"), 1);
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_ONSITE, 999,
	    NULL, "person:1"), 1);		/* no such office */
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_NONE, 0,
	    NULL, "person:1"), 1);

	apply_ok(&w, id, ORDER_PAY);
	audit = audit_len(&w);
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_MAIL, 0,
	    "大连", "person:1"), 1);
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_ONSITE, 2,
	    NULL, "person:1"), 1);
	/* The same choice again is a no-op, not a refusal. */
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_ONSITE,
	    w.office, NULL, "person:1"), 0);
	ck_assert_int_eq(audit_len(&w), audit);
	world_close(&w);
}
END_TEST

START_TEST(test_pickup_method_may_be_chosen_once_after_payment)
{
	struct world	 w;
	long long	 id;

	world_open(&w);
	id = new_order(&w);
	apply_ok(&w, id, ORDER_PAY);
	apply_ok(&w, id, ORDER_APPROVE);
	apply_ok(&w, id, ORDER_ISSUE);
	set_method(&w, id, ORDER_METHOD_MAIL);
	ck_assert_int_eq(order_set_pickup(w.db, id, ORDER_METHOD_ONSITE,
	    w.office, NULL, "person:1"), 1);
	apply_ok(&w, id, ORDER_SHIP);
	world_close(&w);
}
END_TEST

/* ---- the schema on its own ---------------------------------------------- */

START_TEST(test_schema_refuses_unreachable_states)
{
	static const char *const bad[] = {
		"UPDATE orders SET review_state = 'approved'",
		"UPDATE orders SET delivery_state = 'issued'",
		"UPDATE orders SET pay_state = 'paid'",	/* no paid_at */
		("UPDATE orders SET pay_state = 'refunded', paid_at = created_at,"
		" review_state = 'rejected'"),		/* no reason */
		"UPDATE orders SET pay_state = 'bogus'",
		"UPDATE orders SET pickup_method = 'mail'",	/* no address */
		"UPDATE orders SET cert_id = NULL",
		"UPDATE orders SET amount_fen = -1",
		"UPDATE orders SET submit_key = 'x'",
		"UPDATE orders SET order_no = 'CR2025x'",
	};
	struct world	 w;
	sqlite3		*r;
	size_t		 i;

	world_open(&w);
	(void)new_order(&w);
	world_close(&w);
	ck_assert_int_eq(sqlite3_open(path, &r), SQLITE_OK);
	for (i = 0; i < NELEM(bad); i++)
		ck_assert_msg(sqlite3_exec(r, bad[i], NULL, NULL, NULL) ==
		    SQLITE_CONSTRAINT, "accepted: %s", bad[i]);
	ck_assert_int_eq(sqlite3_exec(r, "UPDATE orders SET pay_state = 'paid',"
	    " paid_at = created_at, review_state = 'pending'", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(r);
}
END_TEST

START_TEST(test_codes_are_stable)
{
	ck_assert_str_eq(order_event_code(ORDER_PAY), "pay");
	ck_assert_str_eq(order_event_code(ORDER_DELIVER), "deliver");
	ck_assert_str_eq(order_event_code(ORDER_EVENT__MAX), "");
	ck_assert_str_eq(order_pay_code(ORDER_PAY_CANCELLED), "cancelled");
	ck_assert_str_eq(order_review_code(ORDER_REVIEW_PENDING), "pending");
	ck_assert_str_eq(order_delivery_code(ORDER_DELIVERY_AWAITING_ISSUE),
	    "awaiting_issue");
	ck_assert_str_eq(order_delivery_code(ORDER_DELIVERY_PICKED_UP),
	    "picked_up");
	ck_assert_str_eq(order_kind_code(ORDER_KIND_CA_REISSUE),
	    "ca_reissue");
	ck_assert_str_eq(order_kind_code(ORDER_KIND_COURSE), "course");
	ck_assert_str_eq(order_reason_code(ORDER_REASON_DAMAGED), "damaged");
	ck_assert_str_eq(order_reason_code(ORDER_REASON_NONE), "");
	ck_assert_str_eq(order_method_code(ORDER_METHOD_ONSITE), "onsite");
	ck_assert_str_eq(order_verdict_code(ORDER_WRONG_METHOD),
	    "wrong_method");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("order");
	SRunner	*sr;
	TCase	*tc;
	int	 failed;

	testdir_init("check_order");

	tc = tcase_create("transitions");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_loop_test(tc, test_every_event_from_every_reachable_state,
	    0, (int)NELEM(matrix));
	tcase_add_test(tc, test_refused_move_changes_nothing);
	tcase_add_test(tc, test_missing_or_bad_datum_is_refused);
	tcase_add_test(tc, test_history_and_audit_chain_of_a_whole_journey);
	tcase_add_test(tc, test_codes_are_stable);
	suite_add_tcase(s, tc);

	tc = tcase_create("idempotency");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_pay_twice_is_one_change);
	tcase_add_test(tc, test_pay_after_rejection_is_still_a_no_op);
	tcase_add_test(tc, test_submit_twice_is_one_order);
	tcase_add_test(tc, test_submit_keeps_statement_and_clears_draft);
	suite_add_tcase(s, tc);

	tc = tcase_create("orders");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, testdir_top_setup, testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, testdir_teardown);
	tcase_add_test(tc, test_one_open_order_per_certificate);
	tcase_add_test(tc, test_second_order_allowed_after_first_closes);
	tcase_add_test(tc, test_schema_refuses_a_second_open_order);
	tcase_add_test(tc, test_expire_closes_only_orders_unpaid_for_24h);
	tcase_add_test(tc, test_create_refuses_bad_orders);
	tcase_add_test(tc, test_new_order_number_price_and_identity);
	tcase_add_test(tc, test_personal_identity_order_has_no_company);
	tcase_add_test(tc, test_pickup_method_is_fixed_once_paid);
	tcase_add_test(tc, test_pickup_method_may_be_chosen_once_after_payment);
	tcase_add_test(tc, test_schema_refuses_unreachable_states);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
