/*
 * auth.h: handlers for logging in and out.
 */
#ifndef FCGI_AUTH_H
#define FCGI_AUTH_H

#include "fcgi/page.h"

/* GET /login[?tab=ca]: the login page with its two tabs. */
int	auth_login_form(struct ctx *);

#endif
