/*
 * chain.h: the hash chain of the append-only audit logs (the daemon's and
 * the web application's use the same rule, so one verifier logic fits
 * both).
 *
 * A record's hash is SHA-256, in lowercase hex, over
 *
 *	prev "\n" id "\n" at "\n" actor "\n" action "\n" detail
 *
 * where prev is the previous record's hash (64 zeros for the first), id
 * and at are decimal, and the strings are taken as they are stored.  An
 * edited record changes its hash; a deleted or reordered one breaks the
 * next record's prev link.
 *
 * A record of the CA's log names its CA (ca/castore.h): then the third
 * line is at "/" ca instead of at alone.  at is digits only and a CA name
 * never holds a newline, so no record of one form hashes the same bytes
 * as a record of the other: moving the name into another field, or
 * dropping it, breaks the hash.  Records written before the CA's log
 * named its CA (ca "") keep the first form.
 */
#ifndef LIB_CHAIN_H
#define LIB_CHAIN_H

#define CHAIN_HEX_LEN	64
#define CHAIN_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Computes the record hash into out (65 bytes).  Returns 0 or -1. */
int	chain_hash(const char *prev, long long id, long long at,
	    const char *actor, const char *action, const char *detail,
	    char out[CHAIN_HEX_LEN + 1]);
/* The same for a record naming its CA (ca NULL or "": chain_hash). */
int	chain_hash_ca(const char *prev, long long id, long long at,
	    const char *ca, const char *actor, const char *action,
	    const char *detail, char out[CHAIN_HEX_LEN + 1]);

#endif
