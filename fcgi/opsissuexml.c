/*
 * opsissuexml.c: see opsissuexml.h.  Reads the order's pending issue
 * request (dual control) and, once issued, the new certificate's
 * validity and subject from the daemon; writes nothing.
 */
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/opsissuexml.h"
#include "fcgi/order.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"

#define SERIAL_SZ	41

/* Adds <request …> under e if o has a pending request.  0 / -1. */
static int
request_xml(struct ctx *c, const struct order *o, xmlNodePtr e)
{
	struct appdb_issue_request_row	 r;
	xmlNodePtr			 n;
	char				 t[SHTIME_BUFSZ];
	int				 k, mine, rc = -1;

	if ((k = appdb_issue_request_get(c->db, o->id, &r)) != 1)
		return k;
	mine = c->op != NULL && (r.requested_by == c->op->person ||
	    (c->sess != NULL && strcmp(r.requested_serial,
	    c->sess->cert_serial) == 0));
	if ((n = xml_add(e, "request", NULL)) == NULL ||
	    xml_attr(n, "kind", r.kind) == -1 ||
	    xml_attr(n, "by", r.requested_name) == -1 ||
	    xml_attr(n, "at", shtime_sec(r.requested_at, t, sizeof(t))) ==
	    -1 || xml_attr(n, "mine", mine ? "1" : "0") == -1 ||
	    (r.key_serial[0] != '\0' && xml_attr(n, "key_serial",
	    r.key_serial) == -1))
		goto out;
	rc = 0;
out:
	appdb_issue_request_clear(&r);
	return rc;
}

int
opsissue_xml(struct ctx *c, const struct order *o, xmlNodePtr opsorder,
    const char *error)
{
	struct caclient_cert	 ci;
	xmlNodePtr		 e, n;
	char			 serial[SERIAL_SZ], t[SHTIME_BUFSZ];
	long long		 id, office;

	if ((office = order_office(c->db, o)) == -1)
		return -1;
	if ((e = xmlNewChild(opsorder, NULL, BAD_CAST "issue", NULL)) ==
	    NULL ||
	    xml_attr(e, "legal", order_check(o, ORDER_ISSUE,
	    (long long)time(NULL)) == ORDER_LEGAL ? "1" : "0") == -1 ||
	    xml_attr(e, "mine", c->op != NULL && office == c->op->office ?
	    "1" : "0") == -1 ||
	    xml_attr(e, "chain", c->conf->ca_chain != NULL ? "1" : "0") ==
	    -1 ||
	    (error != NULL && xml_attr(e, "error", error) == -1))
		return -1;
	if (order_check(o, ORDER_ISSUE, (long long)time(NULL)) ==
	    ORDER_LEGAL && request_xml(c, o, e) == -1)
		return -1;
	if (o->cert <= 0 || (id = appdb_cert_replacement(c->db, o->cert,
	    serial, sizeof(serial))) == 0)
		return 0;
	if (id == -1 || (n = xml_add(e, "newcert", NULL)) == NULL ||
	    xml_attr(n, "serial", serial) == -1)
		return -1;
	/* Validity and subject from the daemon, which signed them. */
	if (caclient_show(webca_of(c, serial)->sock, serial, &ci) != 0)
		return 0;
	if (xml_attr(n, "not_before", shtime_sec(ci.not_before, t,
	    sizeof(t))) == -1 ||
	    xml_attr(n, "not_after", shtime_sec(ci.not_after, t,
	    sizeof(t))) == -1)
		return -1;
	if (xml_text_ok(ci.subject))
		xmlNodeAddContent(n, BAD_CAST ci.subject);
	return 0;
}
