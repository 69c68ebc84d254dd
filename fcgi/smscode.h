/*
 * smscode.h: the one-time codes sent by SMS (忘记密码 and 注册账号): made,
 * stored as a keyed hash, checked.
 *
 * A code is 6 decimal digits from RAND_bytes.  The database never holds
 * it: only HMAC-SHA256 under the application secret (webd -k,
 * DIR/secrets/app.key, fcgi/pickup.h) of
 *
 *	purpose NUL subject NUL salt NUL code
 *
 * where purpose is "ca-reissue reset code" or "ca-reissue signup code",
 * subject the person's id in decimal (reset) or the mobile number
 * (registration, where no person exists yet), and salt 16 random bytes
 * made for each code and stored beside the hash, in lower-case hex.  So
 * a copy of the database alone does not let anyone try the million codes,
 * and one code never hashes the same way twice.  The check compares in
 * constant time.  That a code works once, for how long and how many
 * guesses it gets is the caller's (fcgi/auth.c) business.
 */
#ifndef FCGI_SMSCODE_H
#define FCGI_SMSCODE_H

#define SMSCODE_LEN		6	/* digits */
#define SMSCODE_SALT_LEN	32	/* hex */
#define SMSCODE_HASH_LEN	64	/* hex */

enum smscode_purpose {
	SMSCODE_RESET,		/* 忘记密码: subject is the person's id */
	SMSCODE_SIGNUP,		/* 注册账号: subject is the mobile number */
	SMSCODE__MAX
};

/*
 * Makes a new code and its salt (both NUL-terminated).  0 / -1 (logged;
 * nothing is left in code then).
 */
int	smscode_new(char code[SMSCODE_LEN + 1],
	    char salt[SMSCODE_SALT_LEN + 1]);

/*
 * The keyed hash stored for code of subject under salt into hash
 * (lower-case hex).  key is the 32-byte application secret.  0 / -1.
 */
int	smscode_hash(const unsigned char key[32], enum smscode_purpose,
	    const char *subject, const char *salt, const char *code,
	    char hash[SMSCODE_HASH_LEN + 1]);

/*
 * 1 if code, typed by someone, is the code whose keyed hash under salt is
 * hash (constant time), 0 if not or if code is not 6 digits or salt or
 * hash are malformed.
 */
int	smscode_check(const unsigned char key[32], enum smscode_purpose,
	    const char *subject, const char *salt, const char *code,
	    const char *hash);

/* 1 if s is SMSCODE_LEN decimal digits, else 0. */
int	smscode_valid(const char *s);

#endif
