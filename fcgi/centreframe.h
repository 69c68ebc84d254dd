/*
 * centreframe.h: the personal centre's frame (个人中心), below every page
 * that shows it: the tab bar and who may see 人员管理.  The handlers of
 * 个人信息, 企业信息 and 人员管理 are centre.h; CA管理 certs.h; 订单管理 and
 * 发票管理 orders.h.
 */
#ifndef FCGI_CENTREFRAME_H
#define FCGI_CENTREFRAME_H

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

#endif
