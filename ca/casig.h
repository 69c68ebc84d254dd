/*
 * casig.h: how a to-be-signed blob gets its signature.  Two kinds of
 * signer stand behind one struct: a key in this process (cactl's offline
 * ceremonies, the unit tests) or the key process casign (ca/casign.c),
 * which cad reaches over a unix socket and which alone holds the
 * issuing CA's key.  cacert.c and cacrl.c encode; a casig signs.
 *
 * casig_sign() is the one door through which a certificate or CRL of
 * the issuing CA reaches its key: when the casig has a linter
 * (ca/calint.h; cad sets one), every blob is linted there first and one
 * that breaks the profile is refused without being signed or sent.
 *
 * The key process's wire format is here too, shared with ca/casign.c:
 * a request is a 5-octet header (payload length, 4 octets big-endian;
 * kind, 1 octet) and the payload; a reply is a 5-octet header (length;
 * status) and the payload: the signature (BIT STRING content without
 * its unused-bits octet), or for CASIG_HELLO the AlgorithmIdentifier's
 * length (1 octet), the AlgorithmIdentifier and the signature's largest
 * size (2 octets), or for a refusal its reason in words.
 */
#ifndef CA_CASIG_H
#define CA_CASIG_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

enum casig_kind {
	CASIG_HELLO = 0,	/* no payload: the key is loaded; which AID */
	CASIG_CERT = 1,		/* a DER TBSCertificate */
	CASIG_CRL = 2		/* a DER TBSCertList */
};

enum casig_status {
	CASIG_OK = 0,
	CASIG_REFUSED = 1,	/* not of its kind, or outside the policy */
	CASIG_FAILED = 2	/* the key could not sign */
};

#define CASIG_HDR_LEN		5
#define CASIG_MAX_PAYLOAD	(512u * 1024 * 1024)	/* a 10M-entry CRL */
#define CASIG_CERT_MAX		(64u * 1024)		/* a TBSCertificate */
#define CASIG_AID_MAX		64
#define CASIG_SIG_MAX		1024	/* RSA 8192 */

/* Writes a frame header: n octets follow, of kind (or status). */
static inline void
casig_hdr_put(uint8_t hdr[CASIG_HDR_LEN], size_t n, int kind)
{
	hdr[0] = (uint8_t)(n >> 24);
	hdr[1] = (uint8_t)(n >> 16);
	hdr[2] = (uint8_t)(n >> 8);
	hdr[3] = (uint8_t)n;
	hdr[4] = (uint8_t)kind;
}

/* The payload length a frame header announces. */
static inline size_t
casig_hdr_len(const uint8_t hdr[CASIG_HDR_LEN])
{
	return (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 |
	    (size_t)hdr[2] << 8 | hdr[3];
}

/* What a signing call may end in. */
#define CASIG_E_REFUSED		(-1)	/* refused (logged) */
#define CASIG_E_UNAVAILABLE	(-2)	/* no key process answers (logged) */

struct calint;

struct casig {
	EVP_PKEY	*key;		/* a local key, or NULL */
	char		 sock[108];	/* else the key process's socket */
	uint8_t		 aid[CASIG_AID_MAX];	/* signatureAlgorithm */
	size_t		 aid_len;
	size_t		 sig_max;	/* largest signature, octets */
	/*
	 * If set, told of every refusal of the key process (the kind and
	 * its reason, printable ASCII), from the signing thread, before
	 * casig_sign() returns CASIG_E_REFUSED: cad audits them.
	 */
	void		(*refused)(void *arg, enum casig_kind kind,
			    const char *why);
	void		*refused_arg;
	/*
	 * If set (borrowed; it must outlive s), casig_sign() lints every
	 * certificate and CRL before it signs it or sends it to the key
	 * process; a failure is logged and told to refused as a reason
	 * starting "lint: ".  casig_local() and casig_remote() leave it
	 * NULL: no linting.
	 */
	const struct calint *lint;
};

/*
 * Sets s up to sign with key (borrowed; it must outlive s): SHA-256, or
 * SM3 with the ID for an SM2 key (lib/sm2.h).  0 / -1 (logged).
 */
int	 casig_local(struct casig *s, EVP_PKEY *key);
/*
 * Sets s up to sign through the key process listening on sock: asks it
 * (CASIG_HELLO) for its algorithm, waiting up to wait_ms for it to have
 * loaded its key.  0, or CASIG_E_UNAVAILABLE (logged).
 */
int	 casig_remote(struct casig *s, const char *sock, int wait_ms);
/*
 * Signs the n octets at tbs, a DER blob of kind, into sig (room for
 * s->sig_max octets); *siglen gets the signature's length.  Thread-safe:
 * each thread has its own connection to the key process, made on first
 * use and again after one was lost.  0, CASIG_E_REFUSED (the linter
 * or the key process refused it: not of its kind or not under the CA's
 * policy; nothing was signed) or CASIG_E_UNAVAILABLE (the key process
 * is gone or restarting; nothing was signed).
 */
int	 casig_sign(const struct casig *s, enum casig_kind kind,
	    const uint8_t *tbs, size_t n, uint8_t *sig, size_t *siglen);
/*
 * Why this thread's last casig_sign() returned CASIG_E_REFUSED (the
 * linter's "lint: ..." or the key process's words), or NULL if it was
 * not refused: the operator is told the rule, not "internal error".
 */
const char *casig_refusal(void);
/* Forgets it: called before an operation that may sign. */
void	 casig_refusal_clear(void);
/*
 * Asks the key process whether it still holds its key (CASIG_HELLO, on
 * this thread's connection, made if needed), waiting up to wait_ms.  0
 * if it answered with the algorithm s signs with (always 0 for a local
 * key), else -1.  Signs nothing.
 */
int	 casig_hello(const struct casig *s, int wait_ms);
/* Closes this thread's connection to the key process, if any. */
void	 casig_thread_done(void);

#endif
