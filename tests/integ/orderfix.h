/*
 * orderfix.h: orders put in a state through the order module itself
 * (fcgi/order.c, linked into the suite and run on the stack's app
 * database), for the suites whose subject comes after the payment.
 */
#ifndef TESTS_ORDERFIX_H
#define TESTS_ORDERFIX_H

#include "tests/integ/stack.h"

struct appdb;

/*
 * A reissue order (reason 证书丢失) of the certificate with key_serial,
 * bought by mobile as 管理员 of the company uscc, to be collected at the
 * office with code office (NULL: sent by mail), and paid the way the
 * sandbox's notification pays it (payment started, then order_paid()).
 * Its submit key and trade number derive from key_serial, so one order
 * per certificate.  Returns the order's id; the test fails otherwise.
 */
long long orderfix_paid(const struct stack *s, struct appdb *db,
	    const char *key_serial, const char *mobile, const char *uscc,
	    const char *office);

#endif
