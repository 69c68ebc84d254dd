/*
 * person.h: people and their accounts: adding and finding a person, login
 * failures and locks, per-address throttling, and the one-time SMS codes
 * (password reset per person, registration per mobile number).
 */
#ifndef FCGI_DB_PERSON_H
#define FCGI_DB_PERSON_H

#include <stddef.h>

#include "fcgi/db/db.h"

/*
 * Adds a person.  mobile is a mainland mobile number (11 digits, 1[3-9]…),
 * name 1-64 characters, pw_hash an encoded hash (fcgi/pwhash.h) or NULL
 * for none yet.  0 / -1 (refused: bad values or the mobile is taken);
 * *id set on 0.
 */
int		 appdb_person_add(struct appdb *, const char *mobile,
		    const char *name, const char *pw_hash, long long *id);

/* The person with this mobile: the id, 0 if none, -1. */
long long	 appdb_person_id(struct appdb *, const char *mobile);

/* ---- accounts and login (fcgi/auth.c) ---- */

struct appdb_auth {
	long long	 id;
	char		 pw_hash[257];	/* "" = no password set */
	int		 failed_logins;
	long long	 locked_until;
	long long	 last_failed_at;
};

/* Looks a person up by mobile for login: 1 found, 0 none, -1. */
int	 appdb_person_auth(struct appdb *, const char *mobile,
	    struct appdb_auth *out);

/* A person's mobile and name: 1 found, 0 none, -1. */
int	 appdb_person_get(struct appdb *, long long id, char *mobile,
	    size_t msz, char *name, size_t nsz);

/*
 * Counts a failed login at now; at max_failures locks until lock_until.
 * A lock that has run out starts a new count.  0 / -1.
 */
int	 appdb_person_fail(struct appdb *, long long id, int max_failures,
	    long long lock_until, long long now);

/* Clears failures and lock after a good login.  0 / -1. */
int	 appdb_person_ok(struct appdb *, long long id);

/* Sets a new password hash (and clears failures and lock).  0 / -1. */
int	 appdb_person_set_pw(struct appdb *, long long id,
	    const char *pw_hash);

/* Failures from one client address within a window. */
struct appdb_throttle {
	int		 failures;
	long long	 window_start;
	long long	 locked_until;
	long long	 last_at;	/* the last failure */
};

/* 1 found, 0 none (*out zeroed: no failures), -1. */
int	 appdb_throttle_get(struct appdb *, const char *addr,
	    struct appdb_throttle *out);

/* Counts a failure from addr; window seconds, locks for lock seconds
 * at max failures.  0 / -1. */
int	 appdb_throttle_fail(struct appdb *, const char *addr, long long now,
	    long long window, int max_failures, long long lock);
int	 appdb_throttle_clear(struct appdb *, const char *addr);

/*
 * One-time SMS codes, stored as keyed hashes with their salt
 * (fcgi/smscode.h): password reset codes per person, registration codes
 * per mobile number.  Guesses (attempts) and codes sent (sends) are
 * counted per window of `window` seconds from the first code; a new code
 * within the window keeps both counts.
 */
struct appdb_reset {
	char		 code_hash[65];
	char		 salt[33];	/* "" for a code stored before salts:
					   it no longer works */
	long long	 expires_at;
	int		 attempts;
	int		 sends;
	long long	 sent_at;
	long long	 window_start;
};

/* Stores person's new code (hash and salt, hex).  0 / -1. */
int	 appdb_reset_set(struct appdb *, long long person,
	    const char *code_hash, const char *salt, long long expires_at,
	    long long now, long long window);

/* 1 found, 0 none, -1. */
int	 appdb_reset_get(struct appdb *, long long person,
	    struct appdb_reset *out);

/*
 * Uses up one guess if fewer than max were made: 1 changed, 0 nothing
 * changed (none left), -1.  Atomic, so parallel guesses cannot exceed
 * max.
 */
int	 appdb_reset_attempt(struct appdb *, long long person, int max);
int	 appdb_reset_del(struct appdb *, long long person);

/* The same for registration codes, by mobile number (11 digits). */
int	 appdb_signup_set(struct appdb *, const char *mobile,
	    const char *code_hash, const char *salt, long long expires_at,
	    long long now, long long window);
int	 appdb_signup_get(struct appdb *, const char *mobile,
	    struct appdb_reset *out);
int	 appdb_signup_attempt(struct appdb *, const char *mobile, int max);
int	 appdb_signup_del(struct appdb *, const char *mobile);

/* ---- personal centre and CA管理 (fcgi/centre.c, fcgi/certs.c) ---- */

/* Sets a person's name (1-64 characters).  0 / -1 (refused: bad name). */
int	 appdb_person_set_name(struct appdb *, long long id,
	    const char *name);

#endif
