/*
 * certrow.h: a certificate row as the pages find and show it, below the
 * handlers (CA管理, the reissue wizard, orders, operators): the chosen
 * identity's scope, the state shown, the <cert> element.
 */
#ifndef FCGI_CERTROW_H
#define FCGI_CERTROW_H

#include <libxml/tree.h>

#include "fcgi/appdb.h"
#include "fcgi/page.h"
#include "fcgi/param.h"

/* The chosen identity's view of the certificate table (needs c->who and
 * c->sess): an administrator sees every certificate of the company, any
 * other company role its own in it, 个人 its own without company. */
struct appdb_cert_scope certrow_scope(const struct ctx *c);

/*
 * The certificate whose id is the request's key (KEY_ID or KEY_CERT) if
 * it is in the chosen identity's scope (an administrator: every
 * certificate of the company; anyone else: their own in it; 个人: their
 * own without company).  1 (fills *r), 0 (not there, not theirs or a bad
 * id: answer 404), -1 on error.  Every handler that acts on a certificate
 * named by the browser looks it up here.
 */
int		 certrow_lookup(struct ctx *c, enum param_key key,
		    struct appdb_cert_row *r);
/*
 * The state a page shows for r at now: "valid", "reissuing", "revoked"
 * or "expired" (past its notAfter, whatever is stored).  Static storage.
 */
const char	*certrow_state(const struct appdb_cert_row *r, long long now);
/*
 * Adds <cert id= type= lock= status= active=> for r under parent with the
 * columns of the list (applied, holder, vendor, not_after, serial) and,
 * with full = 1, person, company, uscc, media_vendor and key_serial.
 * Returns the element or NULL.
 */
xmlNodePtr	 certrow_xml(xmlNodePtr parent, const struct appdb_cert_row *r,
		    long long now, int full);

#endif
