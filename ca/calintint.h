/*
 * calintint.h: what the files of the linter share and nothing else
 * includes (calint.h is the interface): the linter's structure, the
 * issuer algorithms and CertID hashes it knows, and the DER readers and
 * reason writers every profile uses.
 *
 *   calint.c      the linter (calint_new, calint_free) and the shared
 *                 readers: reasons, Times, serials, extensions, the AKI
 *   calintcert.c  certificates: the end-entity profile (calint_cert)
 *   calintcrl.c   CRLs: full, partitioned and delta (calint_crl)
 *   calintocsp.c  OCSP: the delegated responder's answers (calint_ocsp)
 *
 * Invariants: a rule found broken is reported through lint_fail(), so
 * every reason starts "lint: ", is printable ASCII, names the rule and
 * never quotes a subject's text; times are compared as unix seconds
 * computed in calint.c from the DER Time, never through the C library's
 * time zone; the CA's facts in struct calint are set by calint_new() and
 * only read afterwards.
 */
#ifndef CA_CALINTINT_H
#define CA_CALINTINT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/caconf.h"
#include "ca/cader.h"

#define NOIDX		((size_t)-1)	/* a reason about no entry */
#define URL_MAX		600		/* as ca/cacert.c's */
#define SERIAL_MAX	20		/* octets (RFC 5280 4.1.2.2) */

enum lint_key { KEY_RSA, KEY_EC, KEY_SM2 };

/* The whole signature AlgorithmIdentifier of a kind of issuer key. */
struct lint_aid {
	const uint8_t	*der;
	size_t		 len;
	const char	*name;
	int		 nid;
};
/* [k]: the AlgorithmIdentifier of a key of kind k (enum lint_key). */
extern const struct lint_aid	lint_aids[];

/* The CertID hash algorithms ca/caocsp.c answers for (LINT_NHASH). */
#define LINT_NHASH	4
extern const int		lint_hash_nids[LINT_NHASH];

struct calint {
	struct caconf	 conf;
	EVP_MD		*sha1;		/* fetched once: SKI, responderID */
	X509		*ca;		/* the issuing CA (a reference) */
	uint8_t		*subject;	/* its subject, DER */
	size_t		 subject_len;
	uint8_t		 ski[EVP_MAX_MD_SIZE];
	size_t		 ski_len;
	int64_t		 not_before;	/* its validity, unix seconds */
	int64_t		 not_after;
	enum lint_key	 kind;		/* its key: the AID of lint_aids[] */
	char		 crl_url[URL_MAX];	/* the CDP without shards */
	char		 issuer_url[URL_MAX];	/* AIA caIssuers */
	char		 ocsp_url[URL_MAX];	/* AIA OCSP */
	struct {
		uint8_t		 name[EVP_MAX_MD_SIZE];
		uint8_t		 key[EVP_MAX_MD_SIZE];
		unsigned int	 len;
	} hash[LINT_NHASH];		/* [i]: under lint_hash_nids[i] */
};

/* ---- reasons ----------------------------------------------------------- */

/*
 * Writes "lint: " and the formatted rule into why (whysz octets), every
 * octet outside printable ASCII replaced by '?'.  Returns -1.
 */
int		 lint_fail(char *why, size_t whysz, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Writes the reason prefix of a place into buf: what alone, or "what N: "
 * for entry idx (not NOIDX) of a CRL.  Returns buf.
 */
const char	*lint_place(char *buf, size_t sz, const char *what,
		    size_t idx);

/* Writes the OID whose content octets are oid in dotted form into buf. */
const char	*lint_oid_text(const struct cader_in *oid, char *buf,
		    size_t sz);

/* ---- DER values -------------------------------------------------------- */

/*
 * cader_get() without the whole TLV, inline for a short length (every
 * TLV of a CRL entry has one), else through cader_get(): the same
 * answer either way.
 */
static inline int
lint_get(struct cader_in *in, uint8_t tag, struct cader_in *val)
{
	size_t	 n;

	if (in->len >= 2 && in->p[0] == tag && in->p[1] < 0x80 &&
	    (n = in->p[1]) <= in->len - 2) {
		val->p = in->p + 2;
		val->len = n;
		in->p += 2 + n;
		in->len -= 2 + n;
		return 0;
	}
	return cader_get(in, tag, val, NULL);
}

/*
 * The day of the last Time read, by its date digits: the revocation
 * dates of a CRL fall on few days, and the calendar is most of a Time's
 * cost.  One per CRL being read (on its reader's stack).
 */
struct lint_day_cache {
	uint8_t		 date[8];	/* YYMMDD or YYYYMMDD */
	size_t		 len;		/* 6 or 8; 0: empty */
	int64_t		 days;		/* since 1970-01-01 */
	int64_t		 year;
};

/*
 * Reads the content v of a UTCTime (gen 0: YYMMDDHHMMSSZ, years 1950 to
 * 2049) or GeneralizedTime (gen 1: YYYYMMDDHHMMSSZ), the DER forms of
 * RFC 5280 4.1.2.5, into unix seconds *t and its year *year, through
 * the cache dc if it is not NULL.  0, or -1 if it is not one: another
 * length, no Z, a digit missing, a date or time that does not exist.
 */
int		 lint_time_value(const struct cader_in *v, int gen,
		    struct lint_day_cache *dc, int64_t *t, int64_t *year);

/*
 * Takes a Time off in (through the cache dc, if not NULL): *t its unix
 * seconds, *year its year.  0; -1 if the next TLV is not a DER Time; -2
 * if it is a GeneralizedTime of a year before 2050, which RFC 5280
 * 4.1.2.5 (and 5.1.2.4) writes as UTCTime.
 */
int		 lint_get_time(struct cader_in *in, struct lint_day_cache *dc,
		    int64_t *t, int64_t *year);

/* t (an OpenSSL Time) as unix seconds into *out.  0 / -1. */
int		 lint_asn1_secs(const ASN1_TIME *t, int64_t *out);

/* How a serial number INTEGER breaks RFC 5280 4.1.2.2, if it does. */
enum lint_serial {
	SERIAL_OK,
	SERIAL_EMPTY,	/* no content octets */
	SERIAL_NEG,	/* negative */
	SERIAL_NONMIN,	/* a leading zero octet DER leaves out */
	SERIAL_ZERO,
	SERIAL_LONG,	/* over 20 octets */
	SERIAL_SHORT	/* under min octets of magnitude */
};

/*
 * Judges the content v of a serial number INTEGER: positive, DER-minimal,
 * at most 20 octets and at least min octets once a leading zero octet
 * is dropped.
 */
enum lint_serial lint_serial_judge(const struct cader_in *v, size_t min);

/* Writes the reason for e, of the serial v named what.  Returns -1. */
int		 lint_serial_fail(enum lint_serial e, const struct cader_in *v,
		    const char *what, char *why, size_t whysz);

/* 1 if the DER content v is exactly the text s, else 0. */
int		 lint_is_text(const struct cader_in *v, const char *s);

/*
 * Reads a DistributionPointName's content dpn (what [0] holds): exactly
 * fullName with one URI, *uri its text.  0 / -1.
 */
int		 lint_dp_uri(struct cader_in dpn, struct cader_in *uri);

/* ---- extensions -------------------------------------------------------- */

/* An extension a profile allows: its OID's content octets and name. */
struct lint_ext_def {
	uint8_t		 oid[8];
	size_t		 len;
	const char	*name;
};

/* Rows in the largest table (calintcert.c's cert_exts). */
#define LINT_EXT_MAX	7

/* What lint_walk_exts() found: each allowed extension's value, if seen. */
struct lint_ext_seen {
	unsigned	 seen;		/* bit i: table row i met */
	int		 crit[LINT_EXT_MAX];
	struct cader_in	 val[LINT_EXT_MAX];	/* extnValue's content */
};

/*
 * Reads the Extensions content exts (SEQUENCE SIZE (1..MAX) OF Extension)
 * against the profile's table defs[0..n) (n at most LINT_EXT_MAX) into
 * *x.  what and idx name the place in a reason (lint_place()).  0, or -1
 * (why set): not DER, empty, an extension outside the table, one twice,
 * or a critical FALSE written out (DER leaves a default out).
 */
int		 lint_walk_exts(struct cader_in exts,
		    const struct lint_ext_def *defs, size_t n,
		    struct lint_ext_seen *x, const char *what, size_t idx,
		    char *why, size_t whysz);

/*
 * Checks an authorityKeyIdentifier's value val: exactly [0]
 * keyIdentifier, the CA's SKI.  what names the object.  0 / -1 (why).
 */
int		 lint_check_aki(const struct calint *l, struct cader_in val,
		    const char *what, char *why, size_t whysz);

/* ---- keys -------------------------------------------------------------- */

/* The kind of key k into *kind.  0, or -1 if it is not RSA, EC or SM2. */
int		 lint_key_kind(const EVP_PKEY *k, enum lint_key *kind);

#endif
