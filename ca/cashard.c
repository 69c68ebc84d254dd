/*
 * cashard.c: partitioned and delta CRLs.  See cashard.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ca/ca.h"
#include "ca/cacrl.h"
#include "ca/caop.h"
#include "ca/cashard.h"
#include "ca/castore.h"
#include "lib/hex.h"
#include "lib/log.h"

int
cashard_check(struct ca *ca, const char *dir)
{
	char	 detail[100];
	int64_t	 kept;
	int	 r;

	if ((r = castore_meta_get(ca->store, CASTORE_META_CRL_SHARDS,
	    &kept)) == -1)
		return -1;
	if (r == 0 && kept != ca->conf.crl_shards) {
		log_err("%s/ca.conf says crl_shards = %d, but this CA was set "
		    "up with crl_shards = %lld (kept in ca.db): certificates "
		    "name their CRL shard for life; put crl_shards = %lld "
		    "back", dir, ca->conf.crl_shards, (long long)kept,
		    (long long)kept);
		return -1;
	}
	if (r == 0)
		return 0;
	/* Set up before the count was kept: ca.conf's, from now on. */
	snprintf(detail, sizeof(detail), "crl_shards=%d (from ca.conf)",
	    ca->conf.crl_shards);
	if (castore_begin(ca->store) == -1)
		return -1;
	if (castore_meta_set(ca->store, CASTORE_META_CRL_SHARDS,
	    ca->conf.crl_shards) != 0 ||
	    castore_audit(ca->store, "cad", "crl-shards", detail) == -1 ||
	    castore_commit(ca->store) == -1) {
		if (castore_in_txn(ca->store))
			castore_rollback(ca->store);
		return -1;
	}
	log_info("crl_shards = %d is kept in ca.db from now on; cad refuses "
	    "a ca.conf that changes it", ca->conf.crl_shards);
	return 0;
}

void
cashard_touch(struct ca *ca, const char *serial, int base)
{
	struct cashard	*sh;
	size_t		 n = strlen(serial);
	int		 hi, lo;

	if (ca->conf.crl_shards < 2 || n < 2 ||
	    (hi = hex_digit((unsigned char)serial[n - 2])) < 0 ||
	    (lo = hex_digit((unsigned char)serial[n - 1])) < 0)
		return;
	sh = &ca->shard[(unsigned)(hi << 4 | lo) &
	    (unsigned)(ca->conf.crl_shards - 1)];
	if (base || ++sh->delta_entries > CASHARD_DELTA_MAX)
		sh->base_dirty = 1;
	else
		sh->delta_dirty = 1;
	ca->shards_dirty = 1;
}

/* The entries of one shard: its last-byte values k, k+N, ... in turn. */
struct base_iter {
	struct ca	*ca;
	unsigned	 last, step;
	time_t		 keep;		/* not expired before this */
	int		 open;
};

static int
base_next(void *arg, struct cacrl_entry *e)
{
	struct base_iter	*it = arg;
	int			 r;

	for (;;) {
		if (!it->open) {
			if (it->last > 0xff)
				return 0;
			if (castore_revoked_tail_start(it->ca->store, it->keep,
			    it->last) == -1)
				return -1;
			it->open = 1;
		}
		if ((r = caop_crl_entry(it->ca, e)) != 0)
			return r;
		castore_revoked_end(it->ca->store);
		it->open = 0;
		it->last += it->step;
	}
}

/* The entries of one shard revoked since its base. */
struct delta_iter {
	struct ca	*ca;
	unsigned	 shard, mask;
};

static int
delta_next(void *arg, struct cacrl_entry *e)
{
	struct delta_iter	*it = arg;
	int			 r;

	while ((r = caop_crl_entry(it->ca, e)) == 1)
		if ((e->serial[e->serial_len - 1] & it->mask) == it->shard)
			return 1;
	return r;
}

/* Builds and publishes shard k's base (delta 0) or delta CRL. */
static int
publish_one(struct ca *ca, unsigned k, int delta, uint64_t number,
    time_t now)
{
	struct cashard		*sh = &ca->shard[k];
	struct cacrl_params	 p;
	struct base_iter	 bi;
	struct delta_iter	 di;
	char			 idp[600], fresh[600], stem[96];
	uint8_t			*der = NULL;
	size_t			 len = 0;
	time_t			 keep = now - (time_t)ca->conf.crl_hours * 3600;
	int			 rc;

	caconf_shard_url(&ca->conf, k, 0, idp, sizeof(idp));
	caconf_shard_url(&ca->conf, k, 1, fresh, sizeof(fresh));
	caconf_shard_stem(&ca->conf, k, delta, stem, sizeof(stem));
	memset(&p, 0, sizeof(p));
	p.issuer = ca->cert;
	p.sig = &ca->sig;
	p.number = number;
	p.this_update = now;
	p.next_update = now + (time_t)ca->conf.crl_hours * 3600;
	p.idp = idp;
	if (delta) {
		p.delta_base = sh->base_number;
		memset(&di, 0, sizeof(di));
		di.ca = ca;
		di.shard = k;
		di.mask = (unsigned)ca->conf.crl_shards - 1;
		/* A second of overlap: an entry twice is harmless. */
		if (castore_revoked_since_start(ca->store, keep,
		    sh->base_at - 1) == -1)
			return -1;
		rc = cacrl_build(&p, delta_next, &di, &der, &len);
		castore_revoked_end(ca->store);
	} else {
		p.freshest = fresh;
		memset(&bi, 0, sizeof(bi));
		bi.ca = ca;
		bi.last = k;
		bi.step = (unsigned)ca->conf.crl_shards;
		bi.keep = keep;
		rc = cacrl_build(&p, base_next, &bi, &der, &len);
		if (bi.open)
			castore_revoked_end(ca->store);
	}
	if (rc == 0 && cacrl_publish_numbered(ca->conf.crl_dir, stem, number,
	    der, len) != 0)
		rc = -1;
	free(der);
	return rc;
}

int
cashard_publish(struct ca *ca, int all)
{
	struct cashard	*sh;
	unsigned	 k, n = (unsigned)ca->conf.crl_shards;
	uint64_t	 first = 0, next, count = 0, num;
	time_t		 now = time(NULL);
	char		 detail[128];
	int		 base;

	if (n < 2)
		return 0;
	all = all || ca->shards_all;
	/*
	 * A base (and its delta) is due after half of crl_hours on its own
	 * clock: the full CRL's clock restarts with every revocation, so it
	 * cannot stand for the shards'.
	 */
	for (k = 0; k < n; k++) {
		sh = &ca->shard[k];
		if (now - sh->base_at >= (time_t)ca->conf.crl_hours * 1800)
			sh->base_dirty = 1;
	}
	/* How many numbers: a base takes two (base, then its delta). */
	for (k = 0; k < n; k++) {
		sh = &ca->shard[k];
		if (all || sh->base_dirty || sh->base_number == 0)
			count += 2;
		else if (sh->delta_dirty)
			count++;
	}
	if (count == 0) {
		ca->shards_dirty = 0;
		return 0;
	}
	/* Numbers first, committed: a crash can skip some, never reuse. */
	if (castore_begin(ca->store) == -1)
		return -1;
	for (num = 0; num < count; num++)
		if ((next = castore_crl_next(ca->store)) == 0)
			break;
		else if (first == 0)
			first = next;
	snprintf(detail, sizeof(detail), "shards=%u numbers=%llu-%llu", n,
	    (unsigned long long)first, (unsigned long long)(first + count -
	    1));
	if (num != count || castore_audit(ca->store, "cad", "crl-shards",
	    detail) == -1 || castore_commit(ca->store) == -1) {
		if (castore_in_txn(ca->store))
			castore_rollback(ca->store);
		return -1;
	}
	next = first;
	for (k = 0; k < n; k++) {
		sh = &ca->shard[k];
		base = all || sh->base_dirty || sh->base_number == 0;
		if (!base && !sh->delta_dirty)
			continue;
		if (base) {
			if (publish_one(ca, k, 0, next, now) == -1)
				goto fail;
			sh->base_number = next++;
			sh->base_at = now;
			sh->delta_entries = 0;
			sh->base_dirty = 0;
		}
		if (publish_one(ca, k, 1, next, now) == -1)
			goto fail;
		sh->delta_number = next++;
		sh->delta_at = now;
		sh->delta_dirty = 0;
	}
	ca->shards_dirty = 0;
	ca->shards_all = 0;
	log_info("published %llu shard CRLs (#%llu-#%llu)",
	    (unsigned long long)count, (unsigned long long)first,
	    (unsigned long long)(first + count - 1));
	return 0;
fail:
	log_err("could not publish shard %02x's CRLs", k);
	return -1;
}
