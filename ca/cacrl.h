/*
 * cacrl.h: writing and publishing X.509 v2 CRLs (RFC 5280 section 5).
 *
 * The CRL is stream-encoded as DER by cacrl_build() itself, one entry at a
 * time from a caller's iterator, into a single growing buffer: no per-entry
 * OpenSSL objects, so a CRL of a million entries costs about its own size
 * in memory.  OpenSSL only supplies the issuer's name and key identifier,
 * the signature AlgorithmIdentifier and the signature.
 */
#ifndef CA_CACRL_H
#define CA_CACRL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

struct casig;

#define CACRL_SERIAL_MAX	20	/* octets, RFC 5280 4.1.2.2 */

/* CRLReason (RFC 5280 5.3.1); 7 is unused. */
enum cacrl_reason {
	CACRL_REASON_NONE = -1,		/* no reasonCode extension */
	CACRL_REASON_UNSPECIFIED = 0,	/* written as no extension too */
	CACRL_REASON_KEY_COMPROMISE = 1,
	CACRL_REASON_CA_COMPROMISE = 2,
	CACRL_REASON_AFFILIATION_CHANGED = 3,
	CACRL_REASON_SUPERSEDED = 4,
	CACRL_REASON_CESSATION = 5,
	CACRL_REASON_CERTIFICATE_HOLD = 6,
	CACRL_REASON_REMOVE_FROM_CRL = 8,
	CACRL_REASON_PRIVILEGE_WITHDRAWN = 9,
	CACRL_REASON_AA_COMPROMISE = 10
};

/* One revoked certificate, as the iterator hands it over. */
struct cacrl_entry {
	uint8_t		 serial[CACRL_SERIAL_MAX]; /* big-endian magnitude */
	size_t		 serial_len;	/* 1..20; leading zeros are dropped */
	int64_t		 revoked_at;	/* unix seconds, UTC */
	int		 reason;	/* enum cacrl_reason: 0..10 but 7, -1 */
	int64_t		 invalidity;	/* unix seconds, or 0 = none */
};

/*
 * Supplies the next entry: fills *e and returns 1, returns 0 when there
 * are no more, or -1 on error (which fails the build).  Entries are
 * written in the order given; the caller gives them in serial order and
 * must not give a serial twice (a duplicate is written as is, and relying
 * parties may then report either entry's date and reason).
 */
typedef int (*cacrl_next_fn)(void *ctx, struct cacrl_entry *e);

/*
 * A buffer kept from one CRL to the next, so a big CRL is not written into
 * fresh memory (a page fault every 4 KiB) each time.  Zero it to start;
 * free(p) when done.
 */
struct cacrl_buf {
	uint8_t		*p;
	size_t		 cap;
};

struct cacrl_params {
	X509		*issuer;	/* issuing CA: subject name, SKI */
	const struct casig *sig;	/* signs it (ca/casig.h), or NULL: */
	EVP_PKEY	*key;		/* its private key (EC, RSA, SM2) */
	uint64_t	 number;	/* cRLNumber; caller makes it grow */
	time_t		 this_update;
	time_t		 next_update;	/* must be after this_update */
	struct cacrl_buf *keep;		/* NULL, or see cacrl_build() */
	/*
	 * A partitioned or delta CRL (RFC 5280 5.2.4-5.2.6): idp, the URI
	 * of a critical issuingDistributionPoint (onlyContainsUserCerts) =
	 * the URI in the CRL Distribution Points of the certificates it
	 * covers; delta_base, nonzero for a delta CRL: the critical
	 * deltaCRLIndicator's BaseCRLNumber (below number); freshest, the
	 * URI of the delta CRL, in a base CRL's freshestCRL.  NULL / 0: none.
	 */
	const char	*idp;
	uint64_t	 delta_base;
	const char	*freshest;
};

/*
 * Encodes and signs (SHA-256, or SM3 with the ID for an SM2 key:
 * lib/sm2.h) a v2 CRL with the entries next(ctx) supplies.
 * The issuer must carry a subjectKeyIdentifier and key must be its key.
 * Returns 0 with *der (malloc'd, the caller frees) and *der_len set, or -1
 * with the reason logged and *der set to NULL.  With p->keep, the CRL is
 * built in p->keep's buffer (grown as needed) and *der points into it:
 * the caller does not free *der, which is good until the next build with
 * the same buffer.  An entry with a zero,
 * empty or oversize serial, reason 7 or out of range, or a date outside
 * the years 0000..9999 fails the build.
 */
int	cacrl_build(const struct cacrl_params *p, cacrl_next_fn next,
	    void *ctx, uint8_t **der, size_t *der_len);

/*
 * Publishes der into directory dir as NAME.crl (DER) and NAME.crl.pem
 * (PEM "X509 CRL"), both mode 0644.  Each is written to NAME.crl.tmp or
 * NAME.crl.pem.tmp (a leftover from a crash is replaced), fsync'd, renamed
 * over the old file, and the directory is fsync'd: a reader sees the old
 * file or the new one, never a part.  NAME is 1..63 of [A-Za-z0-9._-] and
 * does not start with '.'.  Returns 0, or -1 with the reason logged.
 */
int	cacrl_publish(const char *dir, const char *name, const uint8_t *der,
	    size_t der_len);
/*
 * The same for a CRL numbered number (>= 1) that must never be replaced
 * by a lower one: under an exclusive lock on dir, it is published only if
 * NAME.crl.number (the high-water mark, written beside the CRL after it)
 * holds a lower number or does not exist.  0 published, 1 not (a CRL
 * numbered as high or higher is there; logged), -1.
 */
int	cacrl_publish_numbered(const char *dir, const char *name,
	    uint64_t number, const uint8_t *der, size_t der_len);

#endif
