/*
 * certrow.c: see certrow.h.
 */
#include <string.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/certrow.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/xml.h"

/* The chosen identity's view of the certificate table. */
struct appdb_cert_scope
certrow_scope(const struct ctx *c)
{
	struct appdb_cert_scope	 s;

	s.company = c->who->company;
	s.holder = centre_is_admin(c) ? 0 : c->sess->person;
	return s;
}

const char *
certrow_state(const struct appdb_cert_row *r, long long now)
{
	if (strcmp(r->status, "revoked") == 0)
		return "revoked";
	if (strcmp(r->status, "reissuing") == 0)
		return "reissuing";
	if (strcmp(r->status, "expired") == 0 || r->not_after <= now)
		return "expired";
	return "valid";
}

xmlNodePtr
certrow_xml(xmlNodePtr parent, const struct appdb_cert_row *r, long long now,
    int full)
{
	xmlNodePtr	 e;
	const char	*state = certrow_state(r, now);
	char		 t1[SHTIME_BUFSZ], t2[SHTIME_BUFSZ];

	if ((e = xml_add(parent, "cert", NULL)) == NULL ||
	    xml_attr_int(e, "id", r->id) == -1 ||
	    xml_attr(e, "type", r->cert_type) == -1 ||
	    xml_attr(e, "lock", r->lock_type) == -1 ||
	    xml_attr(e, "status", state) == -1 ||
	    xml_attr(e, "active", strcmp(state, "valid") == 0 ? "1" : "0") ==
	    -1 ||
	    xml_add(e, "applied", shtime_date(r->first_applied_at, t1,
	    sizeof(t1))) == NULL ||
	    /* 持锁人: the company for its master key, else the person. */
	    xml_add(e, "holder", strcmp(r->cert_type, "company") == 0 &&
	    r->company_name[0] != '\0' ? r->company_name : r->holder_name) ==
	    NULL ||
	    xml_add(e, "vendor", r->vendor) == NULL ||
	    xml_add(e, "not_after", shtime_date(r->not_after, t2,
	    sizeof(t2))) == NULL ||
	    xml_add(e, "serial", r->serial) == NULL)
		return NULL;
	if (!full)
		return e;
	if (xml_add(e, "person", r->holder_name) == NULL ||
	    xml_add(e, "company", r->company_name) == NULL ||
	    xml_add(e, "uscc", r->uscc) == NULL ||
	    xml_add(e, "media_vendor", r->media_vendor) == NULL ||
	    xml_add(e, "key_serial", r->key_serial) == NULL)
		return NULL;
	return e;
}

int
certrow_lookup(struct ctx *c, enum param_key key, struct appdb_cert_row *r)
{
	struct appdb_cert_scope	 s = certrow_scope(c);
	long long		 id;

	memset(r, 0, sizeof(*r));
	if (!param_int(c->in, key, &id))
		return 0;
	return appdb_cert_find(c->db, &s, id, r);
}
