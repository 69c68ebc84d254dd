/*
 * route.h: the routing table.  Each page is one enum value with one row in
 * route.c saying its path, the methods it takes and its handler.
 */
#ifndef FCGI_ROUTE_H
#define FCGI_ROUTE_H

#include "fcgi/page.h"

enum page {
	PAGE_ROOT,		/* /                 -> /login */
	PAGE_LOGIN,		/* /login            账号登录 */
	PAGE_LOGOUT,		/* /logout           退出 */
	PAGE_REGISTER,		/* /register         注册账号 */
	PAGE_RESET,		/* /password/reset   忘记密码 */
	PAGE_IDENTITY,		/* /identity         关联公司及身份选择 */
	PAGE_HEALTHZ,		/* /healthz          db + daemon reachable */
	PAGE_FAULT,		/* /__fault          test hook (webd -F) */
	PAGE__MAX
};

/*
 * Finds the route for c->req, checks the method and runs the handler, or
 * fills the 404/405 page.  Returns the handler's result: 0, or -1 for an
 * internal failure (the caller serves the 500 page).
 */
int	route_dispatch(struct ctx *c);

#endif
