/*
 * certs.h: CA管理, the certificate list of the personal centre (图1 of
 * the guide) and its row actions 查看详情, 新增平台 and 注销.  (CA补办
 * is the reissue wizard, /reissue, of its own module.)
 */
#ifndef FCGI_CERTS_H
#define FCGI_CERTS_H

#include <libxml/tree.h>

#include "fcgi/page.h"

struct appdb_cert_row;

/*
 * The certificate whose id is in field (query for GET/HEAD, form for
 * POST) if it is in the chosen identity's scope (an administrator: every
 * certificate of the company; anyone else: their own in it; 个人: their
 * own without company).  1 (fills *r), 0 (not there, not theirs or a bad
 * id: answer 404), -1 on error.  Every handler that acts on a certificate
 * named by the browser looks it up here.
 */
int		 certs_lookup(struct ctx *c, const char *field,
		    struct appdb_cert_row *r);
/*
 * The state a page shows for r at now: "valid", "reissuing", "revoked"
 * or "expired" (past its notAfter, whatever is stored).  Static storage.
 */
const char	*certs_state(const struct appdb_cert_row *r, long long now);
/*
 * Adds <cert id= type= lock= status= active=> for r under parent with the
 * columns of the list (applied, holder, vendor, not_after, serial) and,
 * with full = 1, person, company, uscc, media_vendor and key_serial.
 * Returns the element or NULL.
 */
xmlNodePtr	 certs_xml(xmlNodePtr parent, const struct appdb_cert_row *r,
		    long long now, int full);

/* GET /certs[?q=&page=&size=&notice=]: the list. */
int	certs_list(struct ctx *);
/* GET /certs/view?id=N: 查看详情. */
int	certs_view(struct ctx *);
/* GET /certs/platform?id=N: 新增平台, choose a platform. */
int	certs_platform_form(struct ctx *);
/* POST /certs/platform: id, platform, csrf. */
int	certs_platform_link(struct ctx *);
/* GET /certs/revoke?id=N: 注销, the confirm page. */
int	certs_revoke_form(struct ctx *);
/* POST /certs/revoke: id, reason, password, csrf. */
int	certs_revoke(struct ctx *);

#endif
