/*
 * certs.h: CA管理, the certificate list of the personal centre (图1 of
 * the guide) and its row actions 查看详情, 新增平台 and 注销.  (CA补办
 * is the reissue wizard, /reissue, of its own module.)  How a
 * certificate row is found and shown is certrow.h, below every page.
 */
#ifndef FCGI_CERTS_H
#define FCGI_CERTS_H

#include "fcgi/page.h"

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
