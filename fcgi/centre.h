/*
 * centre.h: the personal centre (个人中心) — the tab bar shared by its
 * pages, and the handlers of 个人信息 (/me), 企业信息 (/company) and
 * 人员管理 (/staff).  CA管理 is certs.h; 订单管理 and 发票管理 are only
 * tabs here (their pages belong to the order module).
 */
#ifndef FCGI_CENTRE_H
#define FCGI_CENTRE_H

#include <libxml/tree.h>

#include "fcgi/page.h"

/* The tabs, in the guide's order; the code is the <centre tab=""> value. */
enum centre_tab {
	CENTRE_ME,		/* 个人信息 */
	CENTRE_COMPANY,		/* 企业信息 */
	CENTRE_STAFF,		/* 人员管理, administrators only */
	CENTRE_CERTS,		/* CA管理 */
	CENTRE_ORDERS,		/* 订单管理 */
	CENTRE_INVOICES,	/* 发票管理 */
	CENTRE__MAX
};

/*
 * Starts a personal-centre page document named name: the header pieces
 * (page_common) and <centre tab="CODE" admin="0|1"/>, where admin says
 * whether the chosen identity may see 人员管理.  Needs c->who.  Returns
 * the document (caller frees, or hands to page_render) with *root set,
 * or NULL.
 */
xmlDocPtr	 centre_doc(struct ctx *c, const char *name,
		    enum centre_tab tab, xmlNodePtr *root);
/* 1 if the chosen identity is a company administrator, else 0. */
int		 centre_is_admin(const struct ctx *c);

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
