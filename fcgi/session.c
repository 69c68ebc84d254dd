/*
 * session.c: session cookies and CSRF tokens (see session.h).
 *
 * Invariants: the raw session id exists only in the cookie; the database
 * holds SHA-256(id) in hex, so a read of the database does not yield
 * usable sessions.  Tokens come from RAND_bytes.  The cookie is
 * "__Host-sid=ID; Path=/; Secure; HttpOnly; SameSite=Lax": the __Host-
 * prefix makes browsers refuse it unless it is host-only, Secure and
 * Path=/.  A request's cookie value is validated (64 hex digits) before
 * it is hashed or looked up.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "fcgi/appdb.h"
#include "fcgi/param.h"
#include "fcgi/session.h"
#include "lib/hex.h"
#include "lib/log.h"

/* 32 random bytes as 64 hex digits.  0 / -1. */
static int
token(char out[SESSION_TOKEN + 1])
{
	unsigned char	 b[SESSION_TOKEN / 2];

	if (RAND_bytes(b, sizeof(b)) != 1) {
		log_ssl("session", "RAND_bytes");
		return -1;
	}
	hex_encode(b, sizeof(b), out, 0);
	OPENSSL_cleanse(b, sizeof(b));
	return 0;
}

static int
hash_id(const char *id, char out[SESSION_TOKEN + 1])
{
	unsigned char	 h[32];
	unsigned int	 n = 0;

	if (EVP_Digest(id, strlen(id), h, &n, EVP_sha256(), NULL) != 1 ||
	    n != sizeof(h))
		return -1;
	hex_encode(h, sizeof(h), out, 0);
	return 0;
}

static int
valid_token(const char *s)
{
	return s != NULL && strlen(s) == SESSION_TOKEN &&
	    strspn(s, "0123456789abcdef") == SESSION_TOKEN;
}

int
session_load(struct ctx *c, struct session *s)
{
	struct appdb_session	 row;
	const char		*id = req_cookie(c->req, SESSION_COOKIE);
	long long		 now = (long long)time(NULL);
	int			 r;

	memset(s, 0, sizeof(*s));
	if (!valid_token(id))
		return 0;
	if (hash_id(id, s->id_hash) == -1)
		return -1;
	if ((r = appdb_session_get(c->db, s->id_hash, &row)) != 1)
		return r;
	if (row.seen_at < now - SESSION_IDLE ||
	    row.created_at < now - SESSION_MAX) {
		appdb_session_del(c->db, s->id_hash);
		return 0;
	}
	/* Refresh the idle timer at most once a minute. */
	if (now - row.seen_at >= 60 &&
	    appdb_session_touch(c->db, s->id_hash, now) == -1)
		return -1;
	s->person = row.person;
	s->membership = row.membership;
	memcpy(s->csrf, row.csrf, sizeof(s->csrf));
	s->created_at = row.created_at;
	s->seen_at = now;
	memcpy(s->cert_serial, row.cert_serial, sizeof(s->cert_serial));
	return 1;
}

int
session_set_cert(struct ctx *c, const char *serial)
{
	if (c->sess == NULL || strlen(serial) >= sizeof(c->sess->cert_serial) ||
	    appdb_session_cert(c->db, c->sess->id_hash, serial) != 1)
		return -1;
	memcpy(c->sess->cert_serial, serial, strlen(serial) + 1);
	return 0;
}

int
session_start(struct ctx *c, long long person, struct session *s)
{
	char		 id[SESSION_TOKEN + 1];
	long long	 now = (long long)time(NULL);
	int		 rc = -1;

	if (c->sess != NULL && appdb_session_del(c->db,
	    c->sess->id_hash) == -1)
		return -1;
	c->sess = NULL;
	memset(s, 0, sizeof(*s));
	if (token(id) == -1 || token(s->csrf) == -1 ||
	    hash_id(id, s->id_hash) == -1)
		goto out;
	/* Now and then, sweep out expired sessions. */
	if ((id[0] == '0' && id[1] == '0') && appdb_session_expire(c->db,
	    now - SESSION_IDLE, now - SESSION_MAX) == -1)
		goto out;
	if (appdb_session_add(c->db, s->id_hash, person, s->csrf, now) == -1)
		goto out;
	s->person = person;
	s->created_at = s->seen_at = now;
	snprintf(c->resp->cookie, sizeof(c->resp->cookie),
	    "%s=%s; Path=/; Secure; HttpOnly; SameSite=Lax", SESSION_COOKIE,
	    id);
	c->sess = s;
	rc = 0;
out:
	OPENSSL_cleanse(id, sizeof(id));
	return rc;
}

struct session *
session_need(struct ctx *c, struct session *storage)
{
	if (c->sess != NULL)
		return c->sess;
	return session_start(c, 0, storage) == 0 ? c->sess : NULL;
}

int
session_end(struct ctx *c)
{
	if (c->sess != NULL && appdb_session_del(c->db,
	    c->sess->id_hash) == -1)
		return -1;
	c->sess = NULL;
	snprintf(c->resp->cookie, sizeof(c->resp->cookie),
	    "%s=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0",
	    SESSION_COOKIE);
	return 0;
}

int
session_set_identity(struct ctx *c, long long membership)
{
	if (c->sess == NULL || c->sess->person == 0)
		return -1;
	if (appdb_session_identity(c->db, c->sess->id_hash, membership) == -1)
		return -1;
	c->sess->membership = membership;
	return 0;
}

int
session_csrf_ok(const struct ctx *c)
{
	const char	*t = param_text(c->in, KEY_CSRF);

	if (c->sess == NULL || t == NULL)
		return 0;
	return CRYPTO_memcmp(t, c->sess->csrf, SESSION_TOKEN) == 0;
}
