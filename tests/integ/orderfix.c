/*
 * orderfix.c: orders put in a state through the order module (see
 * orderfix.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "fcgi/appdb.h"
#include "fcgi/order.h"
#include "tests/integ/demo.h"
#include "tests/integ/orderfix.h"

long long
orderfix_paid(const struct stack *s, struct appdb *db, const char *key_serial,
    const char *mobile, const char *uscc, const char *office)
{
	struct order_new	 n;
	char			 key[80];
	long long		 id = 0, now = (long long)time(NULL), fen;
	int			 changed;

	memset(&n, 0, sizeof(n));
	snprintf(key, sizeof(key), "orderfix-%s", key_serial);
	n.submit_key = key;
	n.kind = ORDER_KIND_CA_REISSUE;
	n.person = demo_sql_int(s, "SELECT id FROM person WHERE mobile ="
	    " '%s'", mobile);
	n.membership = demo_sql_int(s, "SELECT m.id FROM membership m JOIN"
	    " company c ON c.id = m.company_id WHERE m.person_id = %lld AND"
	    " c.uscc = '%s' AND m.role = 'admin'", n.person, uscc);
	n.cert = demo_sql_int(s, "SELECT id FROM cert WHERE key_serial ="
	    " '%s'", key_serial);
	n.product = demo_sql_int(s, "SELECT id FROM product WHERE code ="
	    " 'ca_reissue'");
	n.quantity = 1;
	n.reason = ORDER_REASON_LOST;
	n.actor = "person:1";
	ck_assert_int_eq(order_create(db, &n, &id), 0);
	if (office != NULL)
		ck_assert_int_eq(order_set_pickup(db, id, ORDER_METHOD_ONSITE,
		    appdb_office_id(db, office), NULL, "person:1"), 0);
	else
		ck_assert_int_eq(order_set_pickup(db, id, ORDER_METHOD_MAIL, 0,
		    "辽宁省沈阳市和平区演示路1号 张演示 13900000001",
		    "person:1"), 0);
	fen = demo_sql_int(s, "SELECT amount_fen FROM orders WHERE id ="
	    " %lld", id);
	ck_assert_int_eq(appdb_payment_start(db, id, "sandbox", fen, now), 1);
	snprintf(key, sizeof(key), "SBFIX%s", key_serial);
	ck_assert_int_eq(order_paid(db, id, "sandbox", key, fen, &changed),
	    0);
	return id;
}
