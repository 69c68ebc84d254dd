/*
 * calint.h: the linter that checks every to-be-signed certificate, CRL
 * and OCSP response against our profile before a key signs it (RFC 5280,
 * RFC 6960, and GM/T 0015 for an SM2 CA).  casig_sign() runs it on every
 * certificate and CRL it is given when its casig has a linter (cad sets
 * one); ca/caocsp.c runs calint_ocsp() on each response.  A failure
 * refuses the operation: nothing is signed.
 *
 * Profiles checked (and only these):
 *   - certificates: the end-entity profile of the issuing CA
 *     (CACERT_END_ENTITY of ca/cacert.c, as cacert_tmpl_new() and
 *     cacert_build() write it): what cad signs online.  CA, TLS server,
 *     OCSP responder and notice-signer certificates are other profiles,
 *     made by cactl at a ceremony with cacert_build(), which signs them
 *     itself; calint_cert() would refuse them (no linter is set there);
 *   - CRLs: the issuing CA's full, partitioned base and delta CRLs
 *     (ca/cacrl.c, ca/cashard.c); not the root's CRL (ca/caroot.c, another
 *     issuer, signed through a casig without a linter);
 *   - OCSP: the delegated responder's BasicOCSPResponse (ca/caocsp.c).
 *
 * An SM2 issuer (GM/T 0015): every TBS names SM2-with-SM3
 * (1.2.156.10197.1.501, no parameters); an SM2 subject key is
 * id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301 (never the curve
 * OID as the algorithm); the OCSP responder's key is SM2.  The subject
 * key of a certificate from an SM2 CA need not be SM2: our profile
 * accepts RSA, P-256, P-384 and SM2 keys from every CA (README,
 * "Certificates"); "a 国密 holder stays 国密" (ca/caops.c) is a rule on
 * replacements, which compares two certificates, and stays there.
 *
 * A linter is read-only after calint_new(): any number of threads may
 * use one at once.  A certificate costs well under a microsecond and a
 * CRL entry some tens of nanoseconds (check_calint measures both); a CRL
 * is read once, front to back, with nothing allocated per entry.
 */
#ifndef CA_CALINT_H
#define CA_CALINT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

struct caconf;
struct calint;

/* Room that holds any reason calint writes, with its NUL. */
#define CALINT_WHY_MAX	512
/* Seconds a thisUpdate or producedAt may run ahead of this clock. */
#define CALINT_SKEW	300

/*
 * A linter for what the issuing CA issuer (its certificate: subject, SKI,
 * validity, key type; up-referenced) signs under the settings conf (the
 * CRL, shard, caIssuers and OCSP URLs; copied).  NULL with the reason
 * logged: an issuer without a subjectKeyIdentifier or with a key other
 * than RSA, EC or SM2.  Free with calint_free().
 */
struct calint	*calint_new(X509 *issuer, const struct caconf *conf);
void		 calint_free(struct calint *l);

/*
 * Lints the DER TBSCertificate tbs[0..n).  0 if it follows the
 * end-entity profile; -1 if not, with why (whysz octets) set to one line
 * of printable ASCII that starts "lint: " and names the rule broken
 * ("lint: serial has fewer than 64 bits: 6 octets").
 */
int	 calint_cert(const struct calint *l, const uint8_t *tbs, size_t n,
	    char *why, size_t whysz);

/* The same for the DER TBSCertList tbs[0..n), in time linear in n. */
int	 calint_crl(const struct calint *l, const uint8_t *tbs, size_t n,
	    char *why, size_t whysz);

/*
 * The same for the BasicOCSPResponse bs that the delegated responder
 * (its certificate) is about to sign.  Its responderID and producedAt
 * are written by the signing call itself (sm2_ocsp_sign() with
 * OCSP_RESPID_KEY): before it, both must still be unset; after it (a
 * response not yet sent), both must be there and right: by key, the
 * SHA-1 of responder's key, and not in the future.
 */
int	 calint_ocsp(const struct calint *l, OCSP_BASICRESP *bs,
	    X509 *responder, char *why, size_t whysz);

#endif
