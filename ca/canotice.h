/*
 * canotice.h: signed notices to linked platforms (the daemon's side).
 *
 * When a certificate linked to platforms is revoked, reissued, newly
 * linked, or released from a hold, canotice_queue() writes one notice per
 * registered, enabled platform into the outbox (castore.h), inside the
 * transaction of the change itself: the change and its notices are
 * stored together or not at all.  Each notice is an XML document (see
 * README-platforms.md, "Notices") carried in a CMS SignedData signed by
 * the CA's notice-signing certificate (CADIR/notice/notice.crt, issued by
 * `cactl notice-signer`), so a platform verifies it with stock OpenSSL.
 * The daemon never sends anything itself: the unprivileged delivery
 * process (canotify) fetches due notices over the notice socket.
 */
#ifndef CA_CANOTICE_H
#define CA_CANOTICE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

struct ca;

#define CANOTICE_REVOKED	"revoked"	/* old_serial revoked */
#define CANOTICE_REISSUED	"reissued"	/* old_serial -> new_serial */
#define CANOTICE_LINKED		"linked"	/* new_serial now linked */
#define CANOTICE_RELEASED	"released"	/* old_serial's hold lifted */

struct canotice_event {
	const char	*type;		/* one of CANOTICE_* */
	const char	*old_serial;	/* "" or NULL = none */
	const char	*new_serial;	/* "" or NULL = none */
	const char	*subject;	/* RFC 2253 text */
	const char	*order;		/* "" or NULL = none */
	int		 reason;	/* CRLReason, -1 = none */
	int64_t		 revoked_at;	/* 0 = none */
	int64_t		 invalidity;	/* 0 = none */
	int64_t		 not_after;	/* of new_serial, 0 = none */
	int64_t		 at;		/* when it happened */
};

/*
 * Queues e for every registered, enabled platform linked to serial (in
 * the caller's transaction), or, with platform not NULL, for that one
 * platform only (a new link: the others knew already); one event id for
 * all of them.  Returns the number of notices queued, or -1 (logged).
 */
int	canotice_queue(struct ca *ca, const struct canotice_event *e,
	    const char *serial, const char *platform);

/* The XML document of e for one platform (malloc'd, *len bytes). 0/-1. */
int	canotice_xml(const struct canotice_event *e, const char *event_id,
	    const char *platform, int64_t seq, const char *ca_name,
	    const char *crl_url, const char *ocsp_url, uint8_t **out,
	    size_t *len);

/*
 * Wraps data in a CMS SignedData (content attached, signing time, the
 * signer certificate and chain included).  DER malloc'd into *der. 0/-1.
 */
int	canotice_sign(EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain,
	    const uint8_t *data, size_t len, uint8_t **der, size_t *derlen);

/*
 * When to try again after the attempts-th failed attempt (1, 2, ...):
 * first * 2^(attempts-1) seconds, at most max, "equal jitter" (a random
 * point in the upper half of that wait, rnd a uniform 32-bit number).
 */
int64_t	canotice_backoff(int64_t attempts, int first, int max, uint32_t rnd);

#endif
