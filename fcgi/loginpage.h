/*
 * loginpage.h: the login page (账号登录 and CA登录 tabs), below the
 * handlers that show it: auth.c, and calogin.c for its refusals.
 */
#ifndef FCGI_LOGINPAGE_H
#define FCGI_LOGINPAGE_H

#include "fcgi/page.h"

/*
 * Renders the login page with HTTP status: tab "password" or "ca", an
 * optional error and notice code (xsl/login.xsl) and the mobile to refill
 * (only if well-formed).  Returns like a handler.
 */
int	loginpage_render(struct ctx *c, int status, const char *tab,
	    const char *error, const char *notice, const char *mobile);

#endif
