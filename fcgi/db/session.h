/*
 * session.h: sessions (fcgi/session.c): the session rows, stored under the
 * hash of their id, their chosen identity and CA登录 certificate, and their
 * expiry.
 */
#ifndef FCGI_DB_SESSION_H
#define FCGI_DB_SESSION_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* ---- sessions (fcgi/session.c) ---- */

struct appdb_session {
	long long	 person;	/* 0 = anonymous */
	long long	 membership;	/* 0 = no identity chosen */
	char		 csrf[65];
	long long	 created_at;
	long long	 seen_at;
	char		 cert_serial[41];	/* CA登录's certificate, hex;
						   "" after 账号登录 */
};

/* Stores a session under the hash of its id.  0 / -1. */
int	 appdb_session_add(struct appdb *, const char *id_hash,
	    long long person, const char *csrf, long long now);

/* 1 found, 0 none, -1. */
int	 appdb_session_get(struct appdb *, const char *id_hash,
	    struct appdb_session *out);
int	 appdb_session_touch(struct appdb *, const char *id_hash,
	    long long now);

/* Sets the identity of a logged-in session.  0 / -1. */
int	 appdb_session_identity(struct appdb *, const char *id_hash,
	    long long membership);
int	 appdb_session_del(struct appdb *, const char *id_hash);

/* Deletes every session of person (after a password change).  0 / -1. */
int	 appdb_session_del_person(struct appdb *, long long person);

/* Deletes sessions idle since before idle_before or begun before
 * created_before.  0 / -1. */
int	 appdb_session_expire(struct appdb *, long long idle_before,
	    long long created_before);

/* Records the certificate (serial, upper-case hex) a session was opened
 * with by CA登录: 1 changed, 0 nothing changed (no such session), -1. */
int	 appdb_session_cert(struct appdb *, const char *id_hash,
	    const char *serial);

#endif
