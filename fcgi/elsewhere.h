/*
 * elsewhere.h: the applications of 图1 this service does not handle
 * (CA主锁申请, CA个人锁申请, CA延期年检, 更新数字证书) and where each
 * office takes them.
 */
#ifndef FCGI_ELSEWHERE_H
#define FCGI_ELSEWHERE_H

#include "fcgi/page.h"

/*
 * The services, in the order of 图1's buttons; the query names them by
 * KEY_SERVICE of the key table (param.h), whose list has this order.
 */
enum elsewhere_service {
	ELSEWHERE_MASTER,	/* master:   CA主锁申请 */
	ELSEWHERE_PERSONAL,	/* personal: CA个人锁申请 */
	ELSEWHERE_RENEWAL,	/* renewal:  CA延期年检 */
	ELSEWHERE_UPDATE,	/* update:   更新数字证书 */
	ELSEWHERE__MAX
};

/*
 * GET /certs/apply?service=CODE: which application it is, that this
 * platform handles 补办 only, and for each office its name, address and
 * configured link (or that it is made at the office).  404 for a
 * missing or unknown service.
 */
int	elsewhere_page(struct ctx *);

#endif
