/*
 * opshandover.c: 交付 (see opshandover.h).
 *
 * Invariants:
 * - An order is acted on only by an operator of its office
 *   (order_office()), and only through order_apply(), whose table
 *   decides what is legal; a move that already happened is reported as
 *   such, never done twice.
 * - The 领取码 is checked against the keyed hash stored at 待领取, in
 *   constant time; a wrong code is logged and audited, and changes
 *   nothing.
 */
#include <stdio.h>
#include <time.h>

#include <openssl/crypto.h>

#include "fcgi/appdb.h"
#include "fcgi/opshandover.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/pickup.h"
#include "fcgi/session.h"
#include "lib/log.h"

/* Back to the order page with a notice or error code. */
static int
back(struct ctx *c, long long id, const char *code)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/ops/order?id=%lld&notice=%s", id, code);
	return page_redirect(c, to);
}

/*
 * The order of the form's KEY_ID, if it is the operator's office's: 1
 * (fills *o), 0 (the response is set: 404 or 403), -1 error.
 */
static int
my_order(struct ctx *c, struct order *o)
{
	long long	 id, office;
	int		 k;

	if (!param_int(c->in, KEY_ID, &id) ||
	    (k = order_get(c->db, id, o)) == 0)
		return page_error(c, 404) == -1 ? -1 : 0;
	if (k == -1 || (office = order_office(c->db, o)) == -1)
		return -1;
	if (office != c->op->office) {
		log_warn("handover: operator %lld (office %lld) refused on "
		    "%s of office %lld", c->op->person, c->op->office,
		    o->order_no, office);
		return page_error(c, 403) == -1 ? -1 : 0;
	}
	return 1;
}

/* Applies ev with datum detail; the notice says how it went. */
static int
move(struct ctx *c, const struct order *o, enum order_event ev,
    const char *detail, const char *done)
{
	char	 actor[48];
	int	 k, changed;

	if (order_check(o, ev, (long long)time(NULL)) == ORDER_ALREADY)
		return back(c, o->id, "already");
	if (order_check(o, ev, (long long)time(NULL)) != ORDER_LEGAL)
		return back(c, o->id, "not_now");
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	if ((k = order_apply(c->db, o->id, ev, actor, detail, &changed)) ==
	    -1)
		return -1;
	if (k == 1 || !changed)
		return back(c, o->id, k == 1 ? "not_now" : "already");
	log_info("handover: %s: %s by operator %lld", o->order_no,
	    order_event_code(ev), c->op->person);
	return back(c, o->id, done);
}

int
opshandover_ready(struct ctx *c)
{
	struct order	 o;
	char		 code[PICKUP_CODE_LEN + 1], hash[PICKUP_HASH_LEN + 1];
	int		 k;

	if ((k = my_order(c, &o)) != 1)
		return k;
	if (!c->conf->has_app_key) {
		log_err("handover: no application secret (webd -k)");
		return page_error(c, 503);
	}
	if (pickup_code(c->conf->app_key, o.order_no, code) == -1 ||
	    pickup_hash(c->conf->app_key, code, hash) == -1)
		return -1;
	OPENSSL_cleanse(code, sizeof(code));
	return move(c, &o, ORDER_READY, hash, "ready");
}

int
opshandover_pickup(struct ctx *c)
{
	struct order	 o;
	const char	*code = param_text(c->in, KEY_PICKUP_CODE);
	char		 detail[96];
	int		 k;

	if ((k = my_order(c, &o)) != 1)
		return k;
	if (o.delivery == ORDER_DELIVERY_PICKED_UP)
		return back(c, o.id, "code_used");
	if (o.delivery != ORDER_DELIVERY_READY)
		return back(c, o.id, "not_now");
	if (!param_flag(c->in, KEY_HOLDER_CHECKED))
		return back(c, o.id, "holder_unchecked");
	if (!c->conf->has_app_key) {
		log_err("handover: no application secret (webd -k)");
		return page_error(c, 503);
	}
	if (code == NULL ||
	    !pickup_check(c->conf->app_key, code, o.pickup_code_hash)) {
		log_warn("handover: %s: wrong pickup code entered by operator "
		    "%lld", o.order_no, c->op->person);
		snprintf(detail, sizeof(detail), "%s (#%lld): wrong code by "
		    "operator %lld", o.order_no, o.id, c->op->person);
		if (appdb_audit(c->db, "web", "order.pickup.fail", detail) ==
		    -1)
			return -1;
		return back(c, o.id, "code_wrong");
	}
	return move(c, &o, ORDER_PICKUP, "领取码核验通过，已核对持锁人身份",
	    "picked_up");
}

int
opshandover_ship(struct ctx *c)
{
	struct order	 o;
	/* The SF number as typed: KEY_TRACKING_NO drops spaces and raises
	 * letters. */
	const char	*no = param_text(c->in, KEY_TRACKING_NO);
	int		 k;

	if ((k = my_order(c, &o)) != 1)
		return k;
	if (no == NULL)
		return back(c, o.id, "tracking_bad");
	return move(c, &o, ORDER_SHIP, no, "shipped");
}

int
opshandover_deliver(struct ctx *c)
{
	struct order	 o;
	int		 k;

	if ((k = my_order(c, &o)) != 1)
		return k;
	return move(c, &o, ORDER_DELIVER, NULL, "delivered");
}
