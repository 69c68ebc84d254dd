/*
 * calogin.h: CA登录, logging in with the client certificate that nginx
 * verified against the local CA chain.
 */
#ifndef FCGI_CALOGIN_H
#define FCGI_CALOGIN_H

#include "fcgi/page.h"

/*
 * POST /login/ca (form: agree=1, csrf; the router has already checked the
 * CSRF token).  Logs in the person who holds the certificate of this TLS
 * connection and answers 303 to /identity; otherwise re-renders the CA
 * tab of the login page with the reason, or the 503 page when the
 * signing daemon cannot be asked.  Returns 0, or -1 for an internal
 * failure.
 */
int	calogin_post(struct ctx *);
/*
 * /login/ca/refused: where nginx sends a request whose client certificate
 * failed verification (error_page 495 496).  The CA登录 tab with the
 * refusal, status 403.
 */
int	calogin_refused(struct ctx *);

#endif
