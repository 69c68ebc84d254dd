/*
 * session.h: login sessions and CSRF tokens.
 *
 * Every visitor who reaches a page with a form gets a session (anonymous
 * at first), so every POST can carry that session's CSRF token.  Logging
 * in replaces the session with a new id (no fixation); logging out
 * deletes it.  The cookie holds 256 random bits; the database keeps only
 * their SHA-256.  Sessions end after SESSION_IDLE seconds without a
 * request or SESSION_MAX seconds after they began, whichever is first.
 */
#ifndef FCGI_SESSION_H
#define FCGI_SESSION_H

#include "fcgi/page.h"

#define SESSION_COOKIE	"__Host-sid"
#define SESSION_IDLE	(30 * 60)
#define SESSION_MAX	(12 * 60 * 60)

/* struct session and SESSION_TOKEN are in fcgi/page.h: the context
 * every handler gets holds the live one. */

/*
 * Finds the live session named by the request's cookie and refreshes its
 * idle timer.  Returns 1 and fills *s, 0 if there is none (or it
 * expired, in which case it is deleted), -1 on error.
 */
int	session_load(struct ctx *c, struct session *s);
/*
 * Makes a new session for person (0 = anonymous), stores it, and sets the
 * cookie on c->resp.  If c->sess is a session, it is deleted first.
 * Points c->sess at *s.  Returns 0 / -1.
 */
int	session_start(struct ctx *c, long long person, struct session *s);
/* Returns c->sess, starting an anonymous session if there is none. */
struct session *session_need(struct ctx *c, struct session *storage);
/* Deletes c->sess (if any) and expires the cookie.  0 / -1. */
int	session_end(struct ctx *c);
/* Records that c->sess was opened with the certificate serial (upper-case
 * hex), by CA登录.  0 / -1. */
int	session_set_cert(struct ctx *c, const char *serial);
/* Records the chosen identity (a membership of the session's person). */
int	session_set_identity(struct ctx *c, long long membership);
/*
 * Returns 1 if the request's CSRF token (KEY_CSRF, param.h: the form
 * field "csrf") equals the session's token (constant-time), else 0.
 */
int	session_csrf_ok(const struct ctx *c);

#endif
