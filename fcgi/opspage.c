/*
 * opspage.c: see opspage.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/opsissuexml.h"
#include "fcgi/opspage.h"
#include "fcgi/order.h"
#include "fcgi/orderxml.h"
#include "fcgi/shtime.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"
#include "lib/log.h"

/* The events an operator page offers, in the order of the lifecycle. */
static const enum order_event ops_events[] = {
	ORDER_APPROVE, ORDER_REJECT, ORDER_ISSUE, ORDER_READY, ORDER_PICKUP,
	ORDER_SHIP, ORDER_DELIVER,
};

int
opspage_offices_add(void *arg, const struct appdb_office *o)
{
	struct opspage_offices	*l = arg;

	if (l->n < OPSPAGE_OFFICES_MAX)
		l->o[l->n++] = *o;
	return 0;
}

const struct appdb_office *
opspage_office_by_id(const struct opspage_offices *l, long long id)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (l->o[i].id == id)
			return &l->o[i];
	return NULL;
}

const struct appdb_office *
opspage_office_by_code(const struct opspage_offices *l,
    const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < l->n; i++)
		if (strcmp(l->o[i].code, code) == 0)
			return &l->o[i];
	return NULL;
}

xmlDocPtr
opspage_doc(struct ctx *c, const char *name, xmlNodePtr *root)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 e;

	if (c->op == NULL || (doc = xml_page_new(name, root)) == NULL)
		return NULL;
	if (page_common(c, *root) == -1 ||
	    (e = xml_add(*root, "operator", c->op->office_name)) == NULL ||
	    xml_attr(e, "office", c->op->office_code) == -1 ||
	    xml_attr(e, "name", c->person_name) == -1) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int
opspage_order_cert(struct ctx *c, const struct order *o,
    struct appdb_cert_row *r)
{
	struct appdb_cert_scope	 cs;

	if (o->cert == 0)
		return 0;
	cs.company = o->company;
	cs.holder = o->company != 0 ? 0 : o->person;
	return appdb_cert_find(c->db, &cs, o->cert, r);
}

int
opspage_order_info(struct ctx *c, const struct order *o,
    struct appdb_order_info *info)
{
	struct appdb_order_scope s;

	/* The buyer's own scope always holds the order. */
	s.company = o->company;
	s.person = o->person;
	return appdb_order_find(c->db, &s, o->id, info);
}

/*
 * Adds <contact> (the buyer's mobile; the company's phone and address)
 * and <holder name= mobile=> of the certificate r (NULL: none).  0 / -1.
 */
static int
add_contact(struct ctx *c, xmlNodePtr parent, const struct order *o,
    const struct appdb_cert_row *r)
{
	static struct appdb_company_rec co;
	char		 mobile[32], name[65];
	xmlNodePtr	 e;
	int		 k;

	if ((e = xml_add(parent, "contact", NULL)) == NULL)
		return -1;
	if ((k = appdb_person_get(c->db, o->person, mobile, sizeof(mobile),
	    name, sizeof(name))) == -1)
		return -1;
	if (k == 1 && xml_add(e, "mobile", mobile) == NULL)
		return -1;
	if (o->company != 0) {
		if ((k = appdb_company_get(c->db, o->company, &co)) == -1)
			return -1;
		if (k == 1 && (xml_add(e, "phone", co.phone) == NULL ||
		    xml_add(e, "address", co.address) == NULL))
			return -1;
	}
	if (r == NULL)
		return 0;
	if ((k = appdb_person_get(c->db, r->holder, mobile, sizeof(mobile),
	    name, sizeof(name))) == -1)
		return -1;
	if (k == 1 && ((e = xml_add(parent, "holder", NULL)) == NULL ||
	    xml_attr(e, "name", name) == -1 ||
	    xml_attr(e, "mobile", mobile) == -1))
		return -1;
	return 0;
}

/*
 * Adds <revocation reason="N" at="…"/> if the signing daemon has revoked
 * serial.  The page does without it when the daemon does not answer.
 * 0 / -1.
 */
static int
add_revocation(struct ctx *c, xmlNodePtr parent, const char *serial)
{
	static struct caclient_cert ci;
	char		 t[SHTIME_BUFSZ];
	xmlNodePtr	 e;

	if (caclient_show(webca_of(c, serial)->sock, serial, &ci) != 0 ||
	    ci.revoked_at == 0)
		return 0;
	if ((e = xml_add(parent, "revocation", NULL)) == NULL ||
	    xml_attr_int(e, "reason", ci.reason) == -1 ||
	    xml_attr(e, "at", shtime_sec(ci.revoked_at, t, sizeof(t))) == -1)
		return -1;
	return 0;
}

int
opspage_order(struct ctx *c, long long id, int status, const char *notice,
    const char *error, const char *typed)
{
	static struct opspage_offices offices;
	static struct appdb_order_info info;
	static struct appdb_upload up;
	static struct appdb_cert_row r;
	const struct appdb_office *f;
	struct order		 o;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, oe, e;
	long long		 office, now = (long long)time(NULL);
	size_t			 i;
	int			 k, has_cert;

	if ((k = order_get(c->db, id, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if ((k = opspage_order_info(c, &o, &info)) == -1)
		return -1;
	if (k == 0) {
		log_err("ops_order: order %lld has no buyer scope", id);
		return -1;
	}
	memset(&offices, 0, sizeof(offices));
	if ((office = order_office(c->db, &o)) == -1 ||
	    appdb_offices(c->db, opspage_offices_add, &offices) == -1)
		return -1;
	if ((f = opspage_office_by_id(&offices, office)) == NULL) {
		log_err("ops_order: order %lld: office %lld is not listed", id,
		    office);
		return -1;
	}
	if ((has_cert = opspage_order_cert(c, &o, &r)) == -1)
		return -1;

	if ((doc = opspage_doc(c, "ops-order", &root)) == NULL)
		return -1;
	if ((oe = xml_add(root, "opsorder", NULL)) == NULL ||
	    xml_attr_int(oe, "id", o.id) == -1 ||
	    xml_attr(oe, "pay", order_pay_code(o.pay)) == -1 ||
	    xml_attr(oe, "review", order_review_code(o.review)) == -1 ||
	    xml_attr(oe, "delivery", order_delivery_code(o.delivery)) == -1 ||
	    xml_attr(oe, "method", order_method_code(o.method)) == -1 ||
	    xml_attr(oe, "reason", order_reason_code(o.reason)) == -1 ||
	    xml_attr(oe, "office", f->code) == -1)
		goto fail;
	if ((e = xml_add(oe, "office", f->name)) == NULL ||
	    xml_attr(e, "code", f->code) == -1 ||
	    (office == c->op->office && xml_add(oe, "mine", NULL) == NULL))
		goto fail;
	if ((e = xml_add(oe, "actions", NULL)) == NULL)
		goto fail;
	for (i = 0; i < sizeof(ops_events) / sizeof(ops_events[0]); i++) {
		xmlNodePtr	 a;

		if (order_check(&o, ops_events[i], now) != ORDER_LEGAL)
			continue;
		if ((a = xml_add(e, "action", NULL)) == NULL ||
		    xml_attr(a, "name", order_event_code(ops_events[i])) == -1)
			goto fail;
	}
	if ((notice != NULL && xml_add(oe, "notice", notice) == NULL) ||
	    (error != NULL && xml_add(oe, "error", error) == NULL) ||
	    (typed != NULL && xml_add(oe, "typed_reason", typed) == NULL))
		goto fail;
	if (add_contact(c, oe, &o, has_cert ? &r : NULL) == -1)
		goto fail;
	if (info.statement_upload != 0) {
		if ((k = appdb_upload_get(c->db, info.statement_upload, &up)) ==
		    -1)
			goto fail;
		if (k == 1 && ((e = xml_add(oe, "statement",
		    info.statement_name)) == NULL ||
		    xml_attr_int(e, "id", up.id) == -1 ||
		    xml_attr(e, "ctype", up.ctype) == -1 ||
		    xml_attr_int(e, "size", up.size) == -1))
			goto fail;
	}
	if (has_cert && ((e = xml_add(oe, "serial", r.serial)) == NULL ||
	    add_revocation(c, oe, r.serial) == -1))
		goto fail;
	if (orderxml_order(c, oe, &o, &info, 0) == NULL ||
	    opsissue_xml(c, &o, oe, error) == -1)
		goto fail;
	return page_render(c, status, SHEET_OPS_ORDER, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}
