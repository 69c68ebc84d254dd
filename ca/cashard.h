/*
 * cashard.h: partitioned and delta CRLs (RFC 5280 5.2.4-5.2.6), for a CA
 * whose ca.conf sets crl_shards (a power of two, 2 to 256).
 *
 * Every certificate's CRL Distribution Point names its shard, the low
 * bits of the last byte of its serial (random: revocations spread
 * evenly).  Each shard k has
 *   - a base CRL, CADIR/crl/NAME-sKK.crl: the shard's revoked
 *     certificates, a critical issuingDistributionPoint naming that same
 *     URL (onlyContainsUserCerts), and a freshestCRL pointing to
 *   - a delta CRL, NAME-sKK-delta.crl: what the shard revoked since its
 *     base, with a critical deltaCRLIndicator naming the base's number
 *     and the same issuingDistributionPoint.
 * A revocation republishes only its shard's delta, within the second; a
 * lifted hold (which a delta cannot express without removeFromCRL
 * entries) or a delta past CASHARD_DELTA_MAX entries republishes that
 * shard's base (and an empty delta).  Every base is republished at
 * start-up, on `cactl crl`, and when half of crl_hours has passed since
 * it was made (each shard on its own clock).  All CRLs draw their numbers from the one CRL number sequence.
 * The full CRL (NAME.crl, for every certificate) is published as before.
 */
#ifndef CA_CASHARD_H
#define CA_CASHARD_H

struct ca;

#define CASHARD_DELTA_MAX	1000

/*
 * The shard count can never change: certificates carry their shard's
 * URL for life.  cactl init keeps the count it chose in the store
 * (castore_meta_*, CASTORE_META_CRL_SHARDS); this compares ca.conf's
 * crl_shards with it before the daemon serves.  A store without it (a
 * CA set up before the count was kept) takes ca.conf's, audited.  0, or
 * -1 (logged, naming both values) when they disagree or on error.
 */
int	cashard_check(struct ca *ca, const char *dir);

/* Notes that serial (uppercase hex) was revoked (base 0) or released
 * from a hold (base 1): its shard's delta or base is due. */
void	cashard_touch(struct ca *ca, const char *serial, int base);

/*
 * Publishes what is due: every base and an empty delta with all (or
 * when ca->shards_all is set), else the dirty shards' deltas or bases.
 * Outside any transaction, on the store's thread.  0, or -1 (logged;
 * the shards stay due).
 */
int	cashard_publish(struct ca *ca, int all);

#endif
