/*
 * ca.h: the signing daemon's state, shared by its main loop (cad.c) and
 * its operations (caops.c).  Only the daemon includes this.
 */
#ifndef CA_CA_H
#define CA_CA_H

#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/caconf.h"
#include "ca/cacrl.h"
#include "ca/casig.h"
#include "ca/castore.h"

struct castore;
struct cacert_tmpl;

#define CA_MAX_LEASES	64

struct ca {
	struct caconf	 conf;
	struct casig	 sig;		/* signs certificates and CRLs: the
					   key process (ca/casig.h) */
	X509		*cert;		/* issuing CA certificate */
	time_t		 ca_end;	/* its notAfter */
	struct cacert_tmpl *tmpl;	/* end-entity template (cacert.h) */
	struct castore	*store;
	time_t		 started;
	/*
	 * 1: stopped issuing (cactl ca disable; kept in the store's meta
	 * CASTORE_META_STOPPED).  Read by the signer threads: atomic.
	 */
	int		 stopped;
	int		 crl_dirty;	/* a revocation awaits publication */
	time_t		 crl_published;	/* thisUpdate of the last CRL */
	uint64_t	 crl_number;	/* number of the last CRL */
	struct cacrl_buf crl_buf;	/* kept between CRLs (cacrl.h) */

	/* Partitioned and delta CRLs (cashard.h), if conf.crl_shards. */
	struct cashard {
		uint64_t base_number;	/* its base CRL's number, 0 = none */
		time_t	 base_at;	/* and thisUpdate */
		uint64_t delta_number;	/* its delta CRL's, 0 = none */
		time_t	 delta_at;	/* and thisUpdate */
		unsigned delta_entries;	/* revocations since the base */
		int	 base_dirty;	/* a hold was lifted: new base */
		int	 delta_dirty;	/* a revocation: new delta */
	}		 shard[256];
	int		 shards_dirty;	/* some shard is */
	int		 shards_all;	/* every base is due */

	/* The delegated OCSP responder (caocsp.h), or NULL: none. */
	struct caocsp	*ocsp;
	/*
	 * Its pre-signed responses (caocspdir.h), or NULL: none.  The
	 * serials whose status the batch being run changed (caop_touch())
	 * go to it once the batch has committed (cad.c).
	 */
	struct caocspdir *ocspdir;
	char		(*touched)[CASTORE_SERIAL_MAX];
	size_t		 ntouched, touched_cap;

	/* Notices to linked platforms (canotice.h). */
	EVP_PKEY	*notice_key;	/* signs notices; not the CA key */
	X509		*notice_cert;
	STACK_OF(X509)	*notice_chain;	/* the issuing CA, sent along */
	int		 notice_changed; /* queued or delivered: wake waiters */
	/*
	 * Notices handed to the delivery process and not yet answered:
	 * not handed out again until the lease ends (if the delivery
	 * process dies, they go out again: at least once).
	 */
	struct {
		int64_t	 id;
		time_t	 until;
	}		 lease[CA_MAX_LEASES];
	size_t		 nlease;

	/*
	 * Figures for PROTO_METRICS (caops.c), since this daemon started;
	 * touched by the store thread only.  Revocations waiting for
	 * their CRL keep their time (ms, CLOCK_REALTIME) until it is
	 * published; beyond CA_MAX_PENDING at once, the rest are not
	 * timed.  The latency histogram counts per bucket (not
	 * cumulative) of CA_REVOKE_BUCKETS upper bounds, then +Inf.
	 */
#define CA_MAX_PENDING		4096
#define CA_REVOKE_BUCKETS	9
	int64_t		 revoke_pending[CA_MAX_PENDING];
	size_t		 nrevoke_pending;
	uint64_t	 revoke_bucket[CA_REVOKE_BUCKETS + 1];
	uint64_t	 revoke_sum_ms;
	uint64_t	 revoke_count;
	/* OCSP answers: per certificate status asked (good, revoked,
	 * unknown), and per response status (OCSP_RESPONSE_STATUS_*,
	 * 0..6; 0 successful). */
	uint64_t	 ocsp_cert[3];
	uint64_t	 ocsp_resp[7];
};

#endif
