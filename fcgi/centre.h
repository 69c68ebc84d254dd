/*
 * centre.h: the handlers of the personal centre's 个人信息 (/me),
 * 企业信息 (/company) and 人员管理 (/staff).  Its frame (the tab bar) is
 * centreframe.h; CA管理 is certs.h; 订单管理 and 发票管理 orders.h.
 */
#ifndef FCGI_CENTRE_H
#define FCGI_CENTRE_H

#include "fcgi/page.h"

/* GET /me: 个人信息 (name, mobile, identities). */
int	centre_me_form(struct ctx *);
/* POST /me: name, csrf. */
int	centre_me_save(struct ctx *);
/* GET /company: 企业信息 of the chosen identity's company. */
int	centre_company_form(struct ctx *);
/* POST /company: name, uscc, address, phone, bank, bank_account, csrf;
 * administrators only. */
int	centre_company_save(struct ctx *);
/* GET /staff: 人员管理; administrators only. */
int	centre_staff(struct ctx *);
/* POST /staff/add: mobile, role, csrf. */
int	centre_staff_add(struct ctx *);
/* POST /staff/role: member, role, csrf. */
int	centre_staff_role(struct ctx *);
/* POST /staff/remove: member, csrf. */
int	centre_staff_remove(struct ctx *);
/*
 * POST /staff/join/approve, /staff/join/refuse: request, csrf;
 * administrators only (403), a request of another company 404.  Decides
 * a pending 加入申请 (approving adds the membership) in one transaction
 * with one audit record; a decided one changes nothing.  303 to /staff.
 */
int	centre_join_approve(struct ctx *);
int	centre_join_refuse(struct ctx *);

#endif
