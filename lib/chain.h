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

#endif
