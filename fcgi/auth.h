/*
 * auth.h: handlers for accounts and logging in (auth.c).
 */
#ifndef FCGI_AUTH_H
#define FCGI_AUTH_H

#include "fcgi/page.h"

/* GET /login[?tab=ca][&notice=CODE]: the login page with its two tabs;
 * a logged-in person asking for 账号登录 is sent home (/). */
int	auth_login_form(struct ctx *);
/* POST /login: mobile + password + agree.  -> /identity */
int	auth_login(struct ctx *);
/* POST /logout.  -> /login?notice=logged_out */
int	auth_logout(struct ctx *);
/*
 * GET/POST /register: 注册账号 in two steps, like 忘记密码: step=request
 * (mobile) sends a code; step=verify (mobile, code, name, password,
 * password2, agree) makes the account.  -> /login?notice=registered
 */
int	auth_register_form(struct ctx *);
int	auth_register(struct ctx *);
/* GET/POST /password/reset: request a code, then set a new password. */
int	auth_reset_form(struct ctx *);
int	auth_reset(struct ctx *);
/* GET/POST /identity: 关联公司及身份选择.  -> /certs */
int	auth_identity_form(struct ctx *);
int	auth_identity(struct ctx *);

#endif
