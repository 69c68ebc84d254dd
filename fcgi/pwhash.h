/*
 * pwhash.h: applicants' password hashes.
 *
 * scrypt (RFC 7914) through OpenSSL 3's EVP_KDF "SCRYPT", N = 2^15,
 * r = 8, p = 1 (32 MiB and about 0.1 s per hash), a 16-byte random
 * salt and a 32-byte key, stored as one string:
 *
 *	scrypt$N$r$p$SALT$HASH
 *
 * N, r, p in decimal (N itself, not its logarithm); SALT and HASH in
 * standard base64 with padding.  Verification reads the parameters from
 * the string, within bounds, so stronger parameters can be introduced
 * later without invalidating stored hashes.
 */
#ifndef FCGI_PWHASH_H
#define FCGI_PWHASH_H

#define PWHASH_PASSWORD_MAX	1024	/* longest password, in bytes */
#define PWHASH_ENCODED_MAX	256	/* longest encoded hash accepted */

/*
 * Hashes password (NUL-terminated, at most PWHASH_PASSWORD_MAX bytes)
 * with a fresh salt.  Returns the encoded hash, which the caller frees
 * with free(3), or NULL (logged) if password is NULL or too long or on
 * failure.
 */
char	*pwhash_make(const char *password);

/*
 * Returns 1 if password matches encoded, else 0: also for a NULL or
 * overlong password, an encoded string that is malformed or asks for
 * parameters out of bounds (logged), or an internal failure (logged).
 * The comparison is constant-time.  encoded may be NULL for an account
 * that does not exist or has no password: a derivation is still run, so
 * that the answer takes as long as for a real account, and 0 returned.
 */
int	 pwhash_verify(const char *password, const char *encoded);

#endif
