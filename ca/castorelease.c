/*
 * castorelease.c: the signing role of a store that several cad share
 * (castore.h, "The signing role"): who holds it, until when, and the
 * fencing token it hands out.  The fence itself, the check of every write
 * transaction against that token, is castore_begin()'s (castore.c).
 *
 * Invariants: the role is one row (signer, id 1); it changes only in a
 * write transaction (BEGIN IMMEDIATE: on SQLite one writer at a time), so
 * a taking and a fenced signer's transaction never interleave: either
 * the transaction sees its own token and commits before the taking, or
 * it sees the new one and writes nothing.  Tokens only grow.
 */
#include <stdio.h>
#include <string.h>

#include "ca/castore.h"
#include "ca/castoreint.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

static const struct sqlrow_col lease_cols[] = {
	SQLCOL_INT(0, struct castore_lease, token),
	SQLCOL_TEXT(1, struct castore_lease, holder),
	SQLCOL_INT(2, struct castore_lease, expires_at)
};
static const struct sqlrow_map lease_map =
    SQLROW_MAP(struct castore_lease, lease_cols);

int
castore_lease_get(struct castore *s, struct castore_lease *out)
{
	struct dbst	*q;
	int		 rc;

	q = castore_bound(s, ST_LEASE_GET, NULL, 0);
	if ((rc = castore_next(s, q, &lease_map, out)) == 1)
		castore_done(s, q);
	if (rc == 0)
		log_err("castore: the signing role's row is missing");
	return rc == 1 ? 0 : -1;
}

/* Ends the role's own transaction: commits when rc is not -1. */
static int
finish(struct castore *s, int rc)
{
	if (rc != -1 && castore_commit(s) == 0)
		return rc;
	if (castore_in_txn(s))
		castore_rollback(s);
	return -1;
}

int
castore_lease_take(struct castore *s, const char *holder, int64_t now,
    int64_t secs, struct castore_lease *out)
{
	char	 detail[CASTORE_HOLDER_MAX + 32];
	int	 k;

	memset(out, 0, sizeof(*out));
	if (holder == NULL || *holder == '\0' ||
	    strlen(holder) >= CASTORE_HOLDER_MAX || secs <= 0) {
		log_err("castore: a signer's name is 1 to %d characters and "
		    "its lease positive", CASTORE_HOLDER_MAX - 1);
		return -1;
	}
	if (castore_begin_unfenced(s) == -1)
		return -1;
	k = castore_run(s, ST_LEASE_TAKE, SQLROW_ARGS(SQLARG_TEXT(holder),
	    SQLARG_INT(now), SQLARG_INT(secs)));
	if (k != -1 && castore_lease_get(s, out) == -1)
		k = -1;
	if (k == 1) {
		/* A change of signer is a state change: audited. */
		snprintf(detail, sizeof(detail), "holder=%s token=%lld",
		    holder, (long long)out->token);
		if (castore_audit(s, "cad", "signer-take", detail) == -1)
			k = -1;
	}
	return finish(s, k);
}

int
castore_lease_renew(struct castore *s, int64_t token, int64_t now,
    int64_t secs)
{
	if (castore_begin_unfenced(s) == -1)
		return -1;
	return finish(s, castore_run(s, ST_LEASE_RENEW,
	    SQLROW_ARGS(SQLARG_INT(token), SQLARG_INT(now),
	    SQLARG_INT(secs))));
}
