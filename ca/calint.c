/*
 * calint.c: the linter of calint.h.  Certificates and CRLs are read with
 * the strict DER reader of ca/cader.h straight from the octets the key
 * is about to sign: no OpenSSL object is made and nothing of ours is
 * allocated (OpenSSL's SHA-1 of the subject key, for the SKI, is the one
 * call out per certificate), so a certificate costs well under a
 * microsecond and a CRL entry some tens of nanoseconds.  OCSP responses
 * are OpenSSL objects already (32 entries at most) and are read through
 * its accessors.
 *
 * Invariants: a rule found broken is reported through lint_fail(), so
 * every reason starts "lint: ", is printable ASCII, names the rule and
 * never quotes a subject's text; times are compared as unix seconds
 * computed here from the DER Time (days_from_civil()), never through the
 * C library's time zone; the CA's facts (subject, SKI, validity, key type,
 * URLs, CertID hashes) are taken once by calint_new() and only read
 * afterwards.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/calint.h"
#include "lib/log.h"
#include "lib/sm2.h"
#include "lib/utf8.h"

#define NOIDX		((size_t)-1)	/* a reason about no entry */
#define URL_MAX		600		/* as ca/cacert.c's */
#define SERIAL_MIN	8		/* octets: 64 bits (CA/B 7.1) */
#define SERIAL_MAX	20		/* octets (RFC 5280 4.1.2.2) */
#define NAME_VALUE_MAX	64		/* characters (RFC 5280 App. A) */
#define RSA_MIN_BITS	2048
#define RSA_MAX_BITS	8192
#define OCSP_MAX	32		/* SingleResponses (caocsp.h) */

enum lint_key { KEY_RSA, KEY_EC, KEY_SM2 };

/* Content octets of the OIDs our profile knows. */
static const uint8_t oid_rsa[] = {		/* rsaEncryption */
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
};
static const uint8_t oid_ecpub[] = {		/* id-ecPublicKey */
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
};
static const uint8_t oid_p256[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07
};
static const uint8_t oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_sm2[] = {		/* 1.2.156.10197.1.301 */
	0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d
};
static const uint8_t oid_client_auth[] = {
	0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02
};
static const uint8_t oid_email[] = {
	0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04
};
static const uint8_t oid_ocsp[] = {
	0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01
};
static const uint8_t oid_ca_issuers[] = {
	0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02
};
static const uint8_t der_null[] = { 0x05, 0x00 };
static const uint8_t der_empty_seq[] = { 0x30, 0x00 };

/* The whole signature AlgorithmIdentifier of each kind of issuer key. */
static const uint8_t aid_rsa[] = {	/* sha256WithRSAEncryption, NULL */
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
	0x01, 0x0b, 0x05, 0x00
};
static const uint8_t aid_ecdsa[] = {	/* ecdsa-with-SHA256 (RFC 5758) */
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03,
	0x02
};
static const uint8_t aid_sm2[] = {	/* SM2-with-SM3 (GM/T 0015) */
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83,
	0x75
};

static const struct {
	const uint8_t	*der;
	size_t		 len;
	const char	*name;
	int		 nid;
} lint_aids[] = {
	/* KEY_RSA */
	{ aid_rsa, sizeof(aid_rsa), "sha256WithRSAEncryption",
	    NID_sha256WithRSAEncryption },
	/* KEY_EC */
	{ aid_ecdsa, sizeof(aid_ecdsa), "ecdsa-with-SHA256",
	    NID_ecdsa_with_SHA256 },
	/* KEY_SM2 */
	{ aid_sm2, sizeof(aid_sm2), "SM2-with-SM3", NID_SM2_with_SM3 },
};

/* An extension a profile allows: its OID's content octets and name. */
struct lint_ext_def {
	uint8_t		 oid[8];
	size_t		 len;
	const char	*name;
};

enum cert_ext { CX_BASIC, CX_KU, CX_SKI, CX_AKI, CX_EKU, CX_CDP, CX_AIA,
	CX__MAX };
static const struct lint_ext_def cert_exts[CX__MAX] = {
	/* CX_BASIC */	{ { 0x55, 0x1d, 0x13 }, 3, "basicConstraints" },
	/* CX_KU */	{ { 0x55, 0x1d, 0x0f }, 3, "keyUsage" },
	/* CX_SKI */	{ { 0x55, 0x1d, 0x0e }, 3, "subjectKeyIdentifier" },
	/* CX_AKI */	{ { 0x55, 0x1d, 0x23 }, 3, "authorityKeyIdentifier" },
	/* CX_EKU */	{ { 0x55, 0x1d, 0x25 }, 3, "extKeyUsage" },
	/* CX_CDP */	{ { 0x55, 0x1d, 0x1f }, 3, "cRLDistributionPoints" },
	/* CX_AIA */	{ { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 },
			    8, "authorityInfoAccess" },
};

enum crl_ext { LX_AKI, LX_NUMBER, LX_DELTA, LX_IDP, LX_FRESHEST, LX__MAX };
static const struct lint_ext_def crl_exts[LX__MAX] = {
	/* LX_AKI */	{ { 0x55, 0x1d, 0x23 }, 3, "authorityKeyIdentifier" },
	/* LX_NUMBER */	{ { 0x55, 0x1d, 0x14 }, 3, "cRLNumber" },
	/* LX_DELTA */	{ { 0x55, 0x1d, 0x1b }, 3, "deltaCRLIndicator" },
	/* LX_IDP */	{ { 0x55, 0x1d, 0x1c }, 3,
			    "issuingDistributionPoint" },
	/* LX_FRESHEST */ { { 0x55, 0x1d, 0x2e }, 3, "freshestCRL" },
};

enum entry_ext { EX_REASON, EX_INVALIDITY, EX__MAX };
static const struct lint_ext_def entry_exts[EX__MAX] = {
	/* EX_REASON */	{ { 0x55, 0x1d, 0x15 }, 3, "reasonCode" },
	/* EX_INVALIDITY */ { { 0x55, 0x1d, 0x18 }, 3, "invalidityDate" },
};

#define LINT_EXT_MAX	CX__MAX		/* the largest table */

/* What lint_walk_exts() found: each allowed extension's value, if seen. */
struct lint_ext_seen {
	unsigned	 seen;		/* bit i: table row i met */
	int		 crit[LINT_EXT_MAX];
	struct cader_in	 val[LINT_EXT_MAX];	/* extnValue's content */
};

/* Subject attributes of our profile (ca/caissue.c caissue_subject()). */
static const struct {
	uint8_t		 oid[3];
	const char	*name;
	int		 printable;	/* PrintableString only */
} attrs[] = {
	{ { 0x55, 0x04, 0x06 }, "countryName", 1 },
	{ { 0x55, 0x04, 0x0a }, "organizationName", 0 },
	{ { 0x55, 0x04, 0x0b }, "organizationalUnitName", 0 },
	{ { 0x55, 0x04, 0x03 }, "commonName", 0 },
	{ { 0x55, 0x04, 0x05 }, "serialNumber", 1 },
};
#define ATTR_COUNTRY	0

/* The CertID hash algorithms ca/caocsp.c answers for. */
static const int lint_hash_nids[] = { NID_sha1, NID_sha256, NID_sha384,
	NID_sha512 };
#define LINT_NHASH	(sizeof(lint_hash_nids) / sizeof(lint_hash_nids[0]))

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
static int
lint_fail(char *why, size_t whysz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
lint_fail(char *why, size_t whysz, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 i, n;

	if (why == NULL || whysz == 0)
		return -1;
	n = (size_t)snprintf(why, whysz, "lint: ");
	if (n < whysz) {
		va_start(ap, fmt);
		(void)vsnprintf(why + n, whysz - n, fmt, ap);
		va_end(ap);
	}
	for (i = 0; why[i] != '\0'; i++)
		if ((unsigned char)why[i] < 0x20 ||
		    (unsigned char)why[i] > 0x7e)
			why[i] = '?';
	return -1;
}

/*
 * Writes the reason prefix of a place into buf: what alone, or "what N: "
 * for entry idx (not NOIDX) of a CRL.  Returns buf.
 */
static const char *
lint_place(char *buf, size_t sz, const char *what, size_t idx)
{
	if (idx == NOIDX)
		snprintf(buf, sz, "%s", what);
	else
		snprintf(buf, sz, "%s %zu: ", what, idx);
	return buf;
}

/* Writes the OID whose content octets are oid in dotted form into buf. */
static const char *
lint_oid_text(const struct cader_in *oid, char *buf, size_t sz)
{
	unsigned long long	 v = 0;
	size_t			 i, o = 0;
	int			 n, first = 1;

	buf[0] = '\0';
	for (i = 0; i < oid->len; i++) {
		if (v > (~0ULL >> 7)) {
			snprintf(buf, sz, "(a long OID)");
			break;
		}
		v = v << 7 | (oid->p[i] & 0x7f);
		if (oid->p[i] & 0x80)
			continue;
		if (first)
			n = snprintf(buf + o, sz - o, "%llu.%llu",
			    v < 80 ? v / 40 : 2, v < 80 ? v % 40 : v - 80);
		else
			n = snprintf(buf + o, sz - o, ".%llu", v);
		if (n < 0 || (size_t)n >= sz - o)
			break;
		o += (size_t)n;
		first = 0;
		v = 0;
	}
	return buf;
}

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

/* Two decimal digits at p into *v.  0 / -1. */
static int
two(const uint8_t *p, unsigned *v)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	*v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
	return 0;
}

/* 1 if y is a leap year of the Gregorian calendar, else 0. */
static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
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
static int
lint_time_value(const struct cader_in *v, int gen,
    struct lint_day_cache *dc, int64_t *t, int64_t *year)
{
	static const unsigned	 mdays[12] = { 31, 28, 31, 30, 31, 30, 31,
	    31, 30, 31, 30, 31 };
	const uint8_t		*p = v->p;
	unsigned		 a, b, mo, d, h, mi, s;
	size_t			 dl = gen ? 8 : 6;
	int64_t			 y, days;

	if (v->len != dl + 7 || p[v->len - 1] != 'Z')
		return -1;
	if (dc != NULL && dc->len == dl && memcmp(dc->date, p, dl) == 0) {
		y = dc->year;
		days = dc->days;
	} else {
		if (gen) {
			if (two(p, &a) == -1 || two(p + 2, &b) == -1)
				return -1;
			y = (int64_t)a * 100 + b;
		} else {
			if (two(p, &a) == -1)
				return -1;
			y = a < 50 ? 2000 + (int64_t)a : 1900 + (int64_t)a;
		}
		if (two(p + dl - 4, &mo) == -1 || two(p + dl - 2, &d) == -1 ||
		    mo < 1 || mo > 12 || d < 1 ||
		    d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
			return -1;
		days = days_from_civil(y, mo, d);
		if (dc != NULL) {
			memcpy(dc->date, p, dl);
			dc->len = dl;
			dc->days = days;
			dc->year = y;
		}
	}
	p += dl;
	if (two(p, &h) == -1 || two(p + 2, &mi) == -1 ||
	    two(p + 4, &s) == -1 || h > 23 || mi > 59 || s > 59)
		return -1;
	*t = days * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + s;
	*year = y;
	return 0;
}

/*
 * Takes a Time off in (through the cache dc, if not NULL): *t its unix
 * seconds, *year its year.  0; -1 if the next TLV is not a DER Time; -2
 * if it is a GeneralizedTime of a year before 2050, which RFC 5280
 * 4.1.2.5 (and 5.1.2.4) writes as UTCTime.
 */
static int
lint_get_time(struct cader_in *in, struct lint_day_cache *dc,
    int64_t *t, int64_t *year)
{
	struct cader_in	 v;

	if (lint_get(in, 0x17, &v) == 0)
		return lint_time_value(&v, 0, dc, t, year);
	if (lint_get(in, 0x18, &v) == -1 ||
	    lint_time_value(&v, 1, dc, t, year) == -1)
		return -1;
	return *year < 2050 ? -2 : 0;
}

/* t (an OpenSSL Time) as unix seconds into *out.  0 / -1. */
static int
lint_asn1_secs(const ASN1_TIME *t, int64_t *out)
{
	struct tm	 tm;

	if (t == NULL || ASN1_TIME_check(t) != 1 ||
	    ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*out = days_from_civil((int64_t)tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
	    (int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

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
static enum lint_serial
lint_serial_judge(const struct cader_in *v, size_t min)
{
	size_t	 i;

	if (v->len == 0)
		return SERIAL_EMPTY;
	if (v->p[0] & 0x80)
		return SERIAL_NEG;
	if (v->len > 1 && v->p[0] == 0 && (v->p[1] & 0x80) == 0)
		return SERIAL_NONMIN;
	for (i = 0; i < v->len && v->p[i] == 0; i++)
		continue;
	if (i == v->len)
		return SERIAL_ZERO;
	if (v->len > SERIAL_MAX)
		return SERIAL_LONG;
	if (v->len - (v->p[0] == 0) < min)
		return SERIAL_SHORT;
	return SERIAL_OK;
}

/* Writes the reason for e, of the serial v named what.  Returns -1. */
static int
lint_serial_fail(enum lint_serial e, const struct cader_in *v,
    const char *what, char *why, size_t whysz)
{
	switch (e) {
	case SERIAL_EMPTY:
		return lint_fail(why, whysz, "%s is an empty INTEGER", what);
	case SERIAL_NEG:
		return lint_fail(why, whysz, "%s is negative", what);
	case SERIAL_NONMIN:
		return lint_fail(why, whysz, "%s is not DER-minimal (a leading "
		    "zero octet)", what);
	case SERIAL_ZERO:
		return lint_fail(why, whysz, "%s is zero", what);
	case SERIAL_LONG:
		return lint_fail(why, whysz, "%s is longer than 20 octets: %zu "
		    "octets", what, v->len);
	case SERIAL_SHORT:
		return lint_fail(why, whysz, "%s has fewer than 64 bits: %zu "
		    "octets", what, v->len - (v->p[0] == 0));
	default:
		return lint_fail(why, whysz, "%s is wrong", what);
	}
}

/*
 * The number of bits of the positive DER INTEGER content v, or 0 if it
 * is empty, negative, zero or not minimal.
 */
static size_t
int_bits(const struct cader_in *v)
{
	const uint8_t	*p = v->p;
	size_t		 n = v->len, b = 0;
	unsigned	 c;

	if (n == 0 || (p[0] & 0x80))
		return 0;
	if (p[0] == 0) {
		if (n == 1 || (p[1] & 0x80) == 0)
			return 0;
		p++;
		n--;
	}
	for (c = p[0]; c != 0; c >>= 1)
		b++;
	return (n - 1) * 8 + b;
}

/*
 * Compares two non-negative DER INTEGER contents by value: <0, 0, >0.
 */
static int
int_cmp(struct cader_in a, struct cader_in b)
{
	while (a.len > 0 && a.p[0] == 0) {
		a.p++;
		a.len--;
	}
	while (b.len > 0 && b.p[0] == 0) {
		b.p++;
		b.len--;
	}
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return a.len == 0 ? 0 : memcmp(a.p, b.p, a.len);
}

/*
 * 1 if the content v (of the INTEGER TLV that is all of val) is a
 * non-negative DER INTEGER of at most 20 octets, as a CRL number or a
 * BaseCRLNumber (RFC 5280 5.2.3), else 0.
 */
static int
crl_number(struct cader_in val, struct cader_in *v)
{
	if (cader_get(&val, 0x02, v, NULL) == -1 || val.len != 0 ||
	    v->len == 0 || v->len > SERIAL_MAX || (v->p[0] & 0x80) ||
	    (v->len > 1 && v->p[0] == 0 && (v->p[1] & 0x80) == 0))
		return 0;
	return 1;
}

/* 1 if the DER content v is exactly the text s, else 0. */
static int
lint_is_text(const struct cader_in *v, const char *s)
{
	return cader_is(v, (const uint8_t *)s, strlen(s));
}

/*
 * Reads a DistributionPointName's content dpn (what [0] holds): exactly
 * fullName with one URI, *uri its text.  0 / -1.
 */
static int
lint_dp_uri(struct cader_in dpn, struct cader_in *uri)
{
	struct cader_in	 full;

	if (cader_get(&dpn, 0xa0, &full, NULL) == -1 || dpn.len != 0 ||
	    cader_get(&full, 0x86, uri, NULL) == -1 || full.len != 0)
		return -1;
	return 0;
}

/*
 * Reads the Extensions content exts (SEQUENCE SIZE (1..MAX) OF Extension)
 * against the profile's table defs[0..n) into *x.  what and idx name
 * the place in a reason (lint_place()).  0, or -1 (why set): not DER,
 * empty, an extension outside the table, one twice, or a critical FALSE
 * written out (DER leaves a default out).
 */
static int
lint_walk_exts(struct cader_in exts, const struct lint_ext_def *defs,
    size_t n, struct lint_ext_seen *x, const char *what, size_t idx,
    char *why, size_t whysz)
{
	struct cader_in	 e, oid, b, val;
	char		 pre[64], ot[96];
	size_t		 i;
	int		 crit;

	x->seen = 0;
	if (exts.len == 0)
		return lint_fail(why, whysz, "%sextensions are an empty "
		    "SEQUENCE", lint_place(pre, sizeof(pre), what, idx));
	while (exts.len > 0) {
		if (lint_get(&exts, 0x30, &e) == -1 ||
		    lint_get(&e, 0x06, &oid) == -1)
			goto malformed;
		crit = 0;
		if (lint_get(&e, 0x01, &b) == 0) {
			/* TRUE, or FALSE written out (-1): not DER. */
			if (b.len != 1 || (b.p[0] != 0x00 && b.p[0] != 0xff))
				goto malformed;
			crit = b.p[0] == 0xff ? 1 : -1;
		}
		if (lint_get(&e, 0x04, &val) == -1 || e.len != 0)
			goto malformed;
		for (i = 0; i < n; i++)
			if (oid.len == defs[i].len && memcmp(oid.p, defs[i].oid,
			    oid.len) == 0)
				break;
		if (i == n)
			return lint_fail(why, whysz, "%sextension %s is not in "
			    "our profile",
			    lint_place(pre, sizeof(pre), what, idx),
			    lint_oid_text(&oid, ot, sizeof(ot)));
		if (crit == -1)
			return lint_fail(why, whysz, "%sextension %s: critical "
			    "FALSE is written out (DER leaves the default out)",
			    lint_place(pre, sizeof(pre), what, idx),
			    defs[i].name);
		if (x->seen & 1u << i)
			return lint_fail(why, whysz, "%sextension %s appears "
			    "twice", lint_place(pre, sizeof(pre), what, idx),
			    defs[i].name);
		x->seen |= 1u << i;
		x->crit[i] = crit;
		x->val[i] = val;
	}
	return 0;
malformed:
	return lint_fail(why, whysz, "%sextensions are not DER Extensions",
	    lint_place(pre, sizeof(pre), what, idx));
}

/*
 * Checks an authorityKeyIdentifier's value val: exactly [0]
 * keyIdentifier, the CA's SKI.  what names the object.  0 / -1 (why).
 */
static int
lint_check_aki(const struct calint *l, struct cader_in val,
    const char *what, char *why, size_t whysz)
{
	struct cader_in	 s, kid;

	if (cader_get(&val, 0x30, &s, NULL) == -1 || val.len != 0 ||
	    cader_get(&s, 0x80, &kid, NULL) == -1)
		return lint_fail(why, whysz, "%sauthorityKeyIdentifier has no "
		    "keyIdentifier", what);
	if (s.len != 0)
		return lint_fail(why, whysz, "%sauthorityKeyIdentifier carries "
		    "more than the keyIdentifier", what);
	if (!cader_is(&kid, l->ski, l->ski_len))
		return lint_fail(why, whysz, "%sauthorityKeyIdentifier is not "
		    "the issuer's subjectKeyIdentifier", what);
	return 0;
}

/* ---- the linter ------------------------------------------------------- */

/* The kind of key k into *kind.  0, or -1 if it is not RSA, EC or SM2. */
static int
lint_key_kind(const EVP_PKEY *k, enum lint_key *kind)
{
	if (k == NULL)
		return -1;
	if (sm2_is_key(k))
		*kind = KEY_SM2;
	else if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA)
		*kind = KEY_RSA;
	else if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC)
		*kind = KEY_EC;
	else
		return -1;
	return 0;
}

struct calint *
calint_new(X509 *issuer, const struct caconf *conf)
{
	struct calint		*l;
	const ASN1_OCTET_STRING	*ski;
	const ASN1_BIT_STRING	*pk;
	const EVP_MD		*md;
	EVP_PKEY		*key;
	unsigned int		 kl;
	size_t			 i;
	int			 n;

	if (issuer == NULL || conf == NULL)
		return NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->conf = *conf;
	if ((l->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL)
		goto fail;
	if (X509_up_ref(issuer) != 1)
		goto fail;
	l->ca = issuer;
	if ((n = i2d_X509_NAME(X509_get_subject_name(issuer),
	    &l->subject)) <= 0)
		goto fail;
	l->subject_len = (size_t)n;
	if ((ski = X509_get0_subject_key_id(issuer)) == NULL ||
	    ski->length <= 0 || (size_t)ski->length > sizeof(l->ski)) {
		log_err("calint_new: the issuing CA has no "
		    "subjectKeyIdentifier");
		goto fail;
	}
	memcpy(l->ski, ski->data, (size_t)ski->length);
	l->ski_len = (size_t)ski->length;
	if (lint_asn1_secs(X509_get0_notBefore(issuer),
	    &l->not_before) == -1 ||
	    lint_asn1_secs(X509_get0_notAfter(issuer), &l->not_after) == -1)
		goto fail;
	if ((key = X509_get0_pubkey(issuer)) == NULL)
		goto fail;
	if (lint_key_kind(key, &l->kind) == -1) {
		log_err("calint_new: the issuing CA's key is not RSA, EC or "
		    "SM2");
		goto fail;
	}
	caconf_crl_url(conf, l->crl_url, sizeof(l->crl_url));
	caconf_issuer_url(conf, l->issuer_url, sizeof(l->issuer_url));
	snprintf(l->ocsp_url, sizeof(l->ocsp_url), "%s/ocsp", conf->base_url);
	if ((pk = X509_get0_pubkey_bitstr(issuer)) == NULL)
		goto fail;
	for (i = 0; i < LINT_NHASH; i++)
		if ((md = EVP_get_digestbynid(lint_hash_nids[i])) == NULL ||
		    EVP_Digest(l->subject, l->subject_len, l->hash[i].name,
		    &l->hash[i].len, md, NULL) != 1 ||
		    EVP_Digest(ASN1_STRING_get0_data(pk),
		    (size_t)ASN1_STRING_length(pk), l->hash[i].key, &kl, md,
		    NULL) != 1 || kl != l->hash[i].len)
			goto fail;
	return l;
fail:
	log_ssl("calint_new", "cannot read the issuing CA's certificate");
	calint_free(l);
	return NULL;
}

void
calint_free(struct calint *l)
{
	if (l == NULL)
		return;
	EVP_MD_free(l->sha1);
	X509_free(l->ca);
	OPENSSL_free(l->subject);
	free(l);
}

/* ---- certificates ----------------------------------------------------- */

/* 1 if c is a character of PrintableString (X.680 41.4), else 0. */
static int
printable(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == ' ' || c == '\'' ||
	    (c >= '(' && c <= '/' && c != '*') || c == ':' || c == '=' ||
	    c == '?';
}

/*
 * Checks the subject Name's content name: not empty, one attribute per
 * RDN, each of our profile's types, countryName a PrintableString of two
 * letters, the others a PrintableString (of its characters) or a UTF8String
 * of 1 to 64 characters; and not the CA's own name (tlv).  0 / -1 (why).
 */
static int
check_subject(const struct calint *l, struct cader_in name,
    const struct cader_in *tlv, char *why, size_t whysz)
{
	struct cader_in		 rdn, atv, oid, v;
	char			 ot[96];
	size_t			 i, k;
	long			 chars;
	uint8_t			 tag;

	if (name.len == 0)
		return lint_fail(why, whysz, "subject is empty");
	if (cader_is(tlv, l->subject, l->subject_len))
		return lint_fail(why, whysz, "subject is the issuing CA's own "
		    "name");
	while (name.len > 0) {
		if (cader_get(&name, 0x31, &rdn, NULL) == -1 ||
		    cader_get(&rdn, 0x30, &atv, NULL) == -1 ||
		    cader_get(&atv, 0x06, &oid, NULL) == -1 || atv.len < 2)
			return lint_fail(why, whysz, "subject is not a DER "
			    "Name");
		if (rdn.len != 0)
			return lint_fail(why, whysz, "subject: an RDN holds "
			    "more than one attribute");
		tag = atv.p[0];
		if (cader_get(&atv, tag, &v, NULL) == -1 || atv.len != 0)
			return lint_fail(why, whysz, "subject is not a DER "
			    "Name");
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
			if (cader_is(&oid, attrs[i].oid, sizeof(attrs[i].oid)))
				break;
		if (i == sizeof(attrs) / sizeof(attrs[0]))
			return lint_fail(why, whysz, "subject: attribute %s is "
			    "not in our profile",
			    lint_oid_text(&oid, ot, sizeof(ot)));
		if (i == ATTR_COUNTRY) {
			if (tag != 0x13 || v.len != 2 || v.p[0] < 'A' ||
			    v.p[0] > 'Z' || v.p[1] < 'A' || v.p[1] > 'Z')
				return lint_fail(why, whysz, "subject: "
				    "countryName is not a PrintableString of 2 "
				    "letters");
			continue;
		}
		if (tag != 0x13 && (tag != 0x0c || attrs[i].printable))
			return lint_fail(why, whysz, "subject: %s is a string "
			    "of tag 0x%02x, not a %s", attrs[i].name, tag,
			    attrs[i].printable ? "PrintableString" :
			    "PrintableString or UTF8String");
		if (v.len == 0)
			return lint_fail(why, whysz, "subject: %s is empty",
			    attrs[i].name);
		if (tag == 0x13) {
			for (k = 0; k < v.len; k++)
				if (!printable(v.p[k]))
					return lint_fail(why, whysz, "subject: "
					    "%s holds a character a "
					    "PrintableString cannot",
					    attrs[i].name);
			chars = (long)v.len;
		} else if ((chars = utf8_count((const char *)v.p, v.len,
		    "")) < 0)
			return lint_fail(why, whysz, "subject: %s is not valid "
			    "UTF-8 text", attrs[i].name);
		if (chars > NAME_VALUE_MAX)
			return lint_fail(why, whysz, "subject: %s is longer "
			    "than 64 characters", attrs[i].name);
	}
	return 0;
}

/*
 * Checks the SubjectPublicKeyInfo content spki: RSA of 2048 to 8192 bits
 * (NULL parameters, an odd exponent of at least 3), EC P-256 or P-384, or
 * SM2 as GM/T 0015 writes it (id-ecPublicKey with the SM2 curve), each
 * point uncompressed.  *kind gets its kind, *bits the subjectPublicKey
 * after its unused-bits octet (what the SKI hashes).  0 / -1 (why).
 */
static int
check_spki(struct cader_in spki, enum lint_key *kind,
    struct cader_in *bits, char *why, size_t whysz)
{
	struct cader_in	 alg, oid, par, bs, rk, rsa, mod, e;
	char		 ot[96];
	size_t		 nb, want;

	if (cader_get(&spki, 0x30, &alg, NULL) == -1 ||
	    cader_get(&alg, 0x06, &oid, NULL) == -1 ||
	    cader_get(&spki, 0x03, &bs, NULL) == -1 || spki.len != 0 ||
	    bs.len < 2 || bs.p[0] != 0)
		return lint_fail(why, whysz, "subject key: not a DER "
		    "SubjectPublicKeyInfo");
	bits->p = bs.p + 1;
	bits->len = bs.len - 1;
	if (cader_is(&oid, oid_rsa, sizeof(oid_rsa))) {
		if (!cader_is(&alg, der_null, sizeof(der_null)))
			return lint_fail(why, whysz, "subject key: RSA "
			    "parameters are not NULL");
		rk = *bits;
		if (cader_get(&rk, 0x30, &rsa, NULL) == -1 || rk.len != 0 ||
		    cader_get(&rsa, 0x02, &mod, NULL) == -1 ||
		    cader_get(&rsa, 0x02, &e, NULL) == -1 || rsa.len != 0 ||
		    (nb = int_bits(&mod)) == 0)
			return lint_fail(why, whysz, "subject key: not a DER "
			    "RSAPublicKey");
		if (nb < RSA_MIN_BITS || nb > RSA_MAX_BITS)
			return lint_fail(why, whysz, "subject key: RSA key of "
			    "%zu bits (2048 to 8192 accepted)", nb);
		if (int_bits(&e) < 2 || (e.p[e.len - 1] & 1) == 0)
			return lint_fail(why, whysz, "subject key: RSA public "
			    "exponent is not an odd number of at least 3");
		*kind = KEY_RSA;
		return 0;
	}
	if (cader_is(&oid, oid_sm2, sizeof(oid_sm2)))
		return lint_fail(why, whysz, "subject key: SM2 curve OID "
		    "1.2.156.10197.1.301 as the key algorithm; GM/T 0015 "
		    "wants id-ecPublicKey with that curve");
	if (!cader_is(&oid, oid_ecpub, sizeof(oid_ecpub)))
		return lint_fail(why, whysz, "subject key: algorithm %s is not "
		    "RSA, EC or SM2", lint_oid_text(&oid, ot, sizeof(ot)));
	if (cader_get(&alg, 0x06, &par, NULL) == -1 || alg.len != 0)
		return lint_fail(why, whysz, "subject key: EC parameters are "
		    "not a named curve");
	if (cader_is(&par, oid_p256, sizeof(oid_p256))) {
		*kind = KEY_EC;
		want = 65;
	} else if (cader_is(&par, oid_p384, sizeof(oid_p384))) {
		*kind = KEY_EC;
		want = 97;
	} else if (cader_is(&par, oid_sm2, sizeof(oid_sm2))) {
		*kind = KEY_SM2;
		want = 65;
	} else
		return lint_fail(why, whysz, "subject key: EC curve %s is not "
		    "P-256, P-384 or SM2", lint_oid_text(&par, ot, sizeof(ot)));
	if (bits->len != want || bits->p[0] != 0x04)
		return lint_fail(why, whysz, "subject key: EC point is not "
		    "uncompressed (%zu octets)", bits->len);
	return 0;
}

/*
 * Checks keyUsage's value val for a key of kind: a DER named BIT STRING
 * with digitalSignature, and beside it only nonRepudiation,
 * keyEncipherment (RSA) and keyAgreement (EC, SM2).  0 / -1 (why).
 */
static int
check_ku(struct cader_in val, enum lint_key kind, char *why, size_t whysz)
{
	struct cader_in	 b;
	unsigned	 bits, unused, last;

	if (cader_get(&val, 0x03, &b, NULL) == -1 || val.len != 0 ||
	    b.len < 2 || b.len > 3 || (unused = b.p[0]) > 7)
		return lint_fail(why, whysz, "keyUsage is not a DER BIT "
		    "STRING");
	last = b.p[b.len - 1];
	/* DER: no trailing zero bits, so the last bit used is a one. */
	if (last == 0 || (last & ((1u << unused) - 1)) != 0 ||
	    ((last >> unused) & 1) == 0)
		return lint_fail(why, whysz, "keyUsage is not a DER named BIT "
		    "STRING (unused bits)");
	bits = (unsigned)b.p[1] << 8 | (b.len == 3 ? b.p[2] : 0);
	/* bit n of keyUsage is 0x8000 >> n here */
	if ((bits & 0x8000) == 0)
		return lint_fail(why, whysz, "keyUsage lacks digitalSignature");
	if (bits & (0x0400 | 0x0200))
		return lint_fail(why, whysz, "keyUsage has keyCertSign or "
		    "cRLSign: a CA's usage on an end entity");
	if ((bits & 0x2000) && kind != KEY_RSA)
		return lint_fail(why, whysz, "keyUsage has keyEncipherment on "
		    "a key that is not RSA");
	if ((bits & 0x0800) && kind == KEY_RSA)
		return lint_fail(why, whysz, "keyUsage has keyAgreement on an "
		    "RSA key");
	if (bits & ~(0x8000u | 0x4000 | 0x2000 | 0x0800))
		return lint_fail(why, whysz, "keyUsage has a usage outside our "
		    "end-entity profile (dataEncipherment, encipherOnly or "
		    "decipherOnly)");
	return 0;
}

/* Checks extKeyUsage's value val: clientAuth and emailProtection only. */
static int
check_eku(struct cader_in val, char *why, size_t whysz)
{
	struct cader_in	 s, oid;
	char		 ot[96];
	int		 client = 0, email = 0;

	if (cader_get(&val, 0x30, &s, NULL) == -1 || val.len != 0)
		return lint_fail(why, whysz, "extKeyUsage is not DER");
	while (s.len > 0) {
		if (cader_get(&s, 0x06, &oid, NULL) == -1)
			return lint_fail(why, whysz, "extKeyUsage is not DER");
		if (cader_is(&oid, oid_client_auth, sizeof(oid_client_auth))
		    && !client)
			client = 1;
		else if (cader_is(&oid, oid_email, sizeof(oid_email)) &&
		    !email)
			email = 1;
		else
			return lint_fail(why, whysz, "extKeyUsage %s is not in "
			    "our end-entity profile (clientAuth and "
			    "emailProtection, once each)",
			    lint_oid_text(&oid, ot, sizeof(ot)));
	}
	if (!client || !email)
		return lint_fail(why, whysz, "extKeyUsage lacks %s",
		    !client ? "clientAuth" : "emailProtection");
	return 0;
}

/*
 * Checks cRLDistributionPoints' value val: one point, fullName one URI,
 * the CRL of this CA, or with partitioned CRLs the shard of the
 * serial's content sn.  0 / -1 (why).
 */
static int
check_cdp(const struct calint *l, struct cader_in val,
    const struct cader_in *sn, char *why, size_t whysz)
{
	struct cader_in	 dps, dp, dpn, uri;
	char		 url[URL_MAX];
	const char	*want = l->crl_url;

	if (cader_get(&val, 0x30, &dps, NULL) == -1 || val.len != 0 ||
	    cader_get(&dps, 0x30, &dp, NULL) == -1 || dps.len != 0 ||
	    cader_get(&dp, 0xa0, &dpn, NULL) == -1 || dp.len != 0 ||
	    lint_dp_uri(dpn, &uri) == -1)
		return lint_fail(why, whysz, "cRLDistributionPoints is not one "
		    "point with one URI");
	if (l->conf.crl_shards > 0) {
		caconf_shard_url(&l->conf, caconf_crl_shard(&l->conf, sn->p,
		    sn->len), 0, url, sizeof(url));
		want = url;
	}
	if (!lint_is_text(&uri, want))
		return lint_fail(why, whysz, "cRLDistributionPoints is not %s",
		    want);
	return 0;
}

/*
 * Checks authorityInfoAccess's value val: our OCSP responder and our
 * certificate (caIssuers), once each, each one URI.  0 / -1 (why).
 */
static int
check_aia(const struct calint *l, struct cader_in val, char *why,
    size_t whysz)
{
	struct cader_in	 s, ad, m, uri;
	char		 ot[96];
	int		 ocsp = 0, issuers = 0;

	if (cader_get(&val, 0x30, &s, NULL) == -1 || val.len != 0)
		return lint_fail(why, whysz, "authorityInfoAccess is not DER");
	while (s.len > 0) {
		if (cader_get(&s, 0x30, &ad, NULL) == -1 ||
		    cader_get(&ad, 0x06, &m, NULL) == -1 ||
		    cader_get(&ad, 0x86, &uri, NULL) == -1 || ad.len != 0)
			return lint_fail(why, whysz, "authorityInfoAccess is "
			    "not access methods with one URI each");
		if (cader_is(&m, oid_ocsp, sizeof(oid_ocsp)) && !ocsp) {
			if (!lint_is_text(&uri, l->ocsp_url))
				return lint_fail(why, whysz,
				    "authorityInfoAccess OCSP is not %s",
				    l->ocsp_url);
			ocsp = 1;
		} else if (cader_is(&m, oid_ca_issuers,
		    sizeof(oid_ca_issuers)) && !issuers) {
			if (!lint_is_text(&uri, l->issuer_url))
				return lint_fail(why, whysz,
				    "authorityInfoAccess caIssuers is not %s",
				    l->issuer_url);
			issuers = 1;
		} else
			return lint_fail(why, whysz, "authorityInfoAccess "
			    "method %s is not in our profile (OCSP and "
			    "caIssuers, once each)",
			    lint_oid_text(&m, ot, sizeof(ot)));
	}
	if (!ocsp || !issuers)
		return lint_fail(why, whysz, "authorityInfoAccess lacks %s",
		    !ocsp ? "OCSP" : "caIssuers");
	return 0;
}

/*
 * Checks a certificate's extensions (the content exts of their SEQUENCE)
 * for a key of kind whose subjectPublicKey is bits and whose serial's
 * content is sn.  0 / -1 (why).
 */
static int
check_cert_exts(const struct calint *l, struct cader_in exts,
    enum lint_key kind, const struct cader_in *bits,
    const struct cader_in *sn, char *why, size_t whysz)
{
	struct lint_ext_seen	 x;
	struct cader_in	 v, kid;
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	size_t		 i;

	if (lint_walk_exts(exts, cert_exts, CX__MAX, &x, "", NOIDX, why,
	    whysz) == -1)
		return -1;
	for (i = 0; i < CX__MAX; i++)
		if (i != CX_BASIC && (x.seen & 1u << i) == 0)
			return lint_fail(why, whysz, "%s is missing",
			    cert_exts[i].name);
	/* Non-critical by RFC 5280 (SKI, AKI, AIA) or by our profile. */
	for (i = 0; i < CX__MAX; i++)
		if ((x.seen & 1u << i) && x.crit[i] && i != CX_KU &&
		    i != CX_BASIC && i != CX_EKU)
			return lint_fail(why, whysz, "%s is critical",
			    cert_exts[i].name);
	if ((x.seen & 1u << CX_BASIC) && !cader_is(&x.val[CX_BASIC],
	    der_empty_seq, sizeof(der_empty_seq)))
		return lint_fail(why, whysz, "basicConstraints is not cA FALSE "
		    "(an empty SEQUENCE)");
	if (!x.crit[CX_KU])
		return lint_fail(why, whysz, "keyUsage is not critical");
	if (check_ku(x.val[CX_KU], kind, why, whysz) == -1)
		return -1;
	v = x.val[CX_SKI];
	if (cader_get(&v, 0x04, &kid, NULL) == -1 || v.len != 0)
		return lint_fail(why, whysz, "subjectKeyIdentifier is not an "
		    "OCTET STRING");
	if (EVP_Digest(bits->p, bits->len, md, &mdlen, l->sha1, NULL) != 1)
		return lint_fail(why, whysz, "subjectKeyIdentifier cannot be "
		    "checked (SHA-1 failed)");
	if (!cader_is(&kid, md, mdlen))
		return lint_fail(why, whysz, "subjectKeyIdentifier is not the "
		    "SHA-1 of the subject's key (RFC 5280 4.2.1.2 (1))");
	if (lint_check_aki(l, x.val[CX_AKI], "", why, whysz) == -1 ||
	    check_eku(x.val[CX_EKU], why, whysz) == -1 ||
	    check_cdp(l, x.val[CX_CDP], sn, why, whysz) == -1 ||
	    check_aia(l, x.val[CX_AIA], why, whysz) == -1)
		return -1;
	return 0;
}

int
calint_cert(const struct calint *l, const uint8_t *p, size_t n, char *why,
    size_t whysz)
{
	struct cader_in	 in = { p, n }, tbs, v, x, sn, tlv, name, spki, bits;
	struct cader_in	 exts;
	enum lint_key	 kind = KEY_EC;
	enum lint_serial	 se;
	int64_t		 nb, na, y;
	int		 r;

	if (cader_get(&in, 0x30, &tbs, NULL) == -1 || in.len != 0)
		return lint_fail(why, whysz, "not one DER TBSCertificate");
	if (cader_get(&tbs, 0xa0, &v, NULL) == -1 ||
	    cader_get(&v, 0x02, &x, NULL) == -1 || v.len != 0 ||
	    !cader_is(&x, (const uint8_t *)"\x02", 1))
		return lint_fail(why, whysz, "version is not v3");
	if (cader_get(&tbs, 0x02, &sn, NULL) == -1)
		return lint_fail(why, whysz, "serial is not an INTEGER");
	if ((se = lint_serial_judge(&sn, SERIAL_MIN)) != SERIAL_OK)
		return lint_serial_fail(se, &sn, "serial", why, whysz);
	if (cader_get(&tbs, 0x30, &v, &tlv) == -1 ||
	    !cader_is(&tlv, lint_aids[l->kind].der, lint_aids[l->kind].len))
		return lint_fail(why, whysz, "signature algorithm is not the "
		    "issuer's %s", lint_aids[l->kind].name);
	if (cader_get(&tbs, 0x30, &v, &tlv) == -1 ||
	    !cader_is(&tlv, l->subject, l->subject_len))
		return lint_fail(why, whysz, "issuer is not the issuing CA's "
		    "subject");

	if (cader_get(&tbs, 0x30, &v, NULL) == -1)
		return lint_fail(why, whysz, "validity is not a DER Validity");
	if ((r = lint_get_time(&v, NULL, &nb, &y)) == -2)
		return lint_fail(why, whysz, "validity: notBefore in %lld is a "
		    "GeneralizedTime; RFC 5280 4.1.2.5 wants UTCTime through "
		    "2049", (long long)y);
	if (r == -1)
		return lint_fail(why, whysz, "validity: notBefore is not a DER "
		    "Time");
	if ((r = lint_get_time(&v, NULL, &na, &y)) == -2)
		return lint_fail(why, whysz, "validity: notAfter in %lld is a "
		    "GeneralizedTime; RFC 5280 4.1.2.5 wants UTCTime through "
		    "2049", (long long)y);
	if (r == -1 || v.len != 0)
		return lint_fail(why, whysz, "validity: notAfter is not a DER "
		    "Time");
	if (nb >= na)
		return lint_fail(why, whysz, "validity: notBefore is not "
		    "before notAfter");
	if (nb < l->not_before)
		return lint_fail(why, whysz, "validity: notBefore is before "
		    "the issuer's notBefore");
	if (na > l->not_after)
		return lint_fail(why, whysz, "validity: notAfter is after the "
		    "issuer's notAfter");

	if (cader_get(&tbs, 0x30, &name, &tlv) == -1)
		return lint_fail(why, whysz, "subject is not a DER Name");
	if (check_subject(l, name, &tlv, why, whysz) == -1)
		return -1;
	if (cader_get(&tbs, 0x30, &spki, NULL) == -1)
		return lint_fail(why, whysz, "subject key: not a DER "
		    "SubjectPublicKeyInfo");
	if (check_spki(spki, &kind, &bits, why, whysz) == -1)
		return -1;
	if (tbs.len > 0 && (tbs.p[0] == 0x81 || tbs.p[0] == 0x82))
		return lint_fail(why, whysz, "issuerUniqueID or "
		    "subjectUniqueID is present (not in our profile)");
	if (cader_get(&tbs, 0xa3, &x, NULL) == -1)
		return lint_fail(why, whysz, "extensions are missing");
	if (tbs.len != 0 || cader_get(&x, 0x30, &exts, NULL) == -1 ||
	    x.len != 0)
		return lint_fail(why, whysz, "not one DER TBSCertificate "
		    "(after the extensions)");
	return check_cert_exts(l, exts, kind, &bits, &sn, why, whysz);
}

/* ---- CRLs -------------------------------------------------------------- */

/*
 * 1 if uri is one of this CA's CRL URLs: the full CRL's, or with
 * partitioned CRLs a shard's base (delta 0) or delta (delta 1) CRL, else 0.
 */
static int
our_crl_url(const struct calint *l, const struct cader_in *uri, int delta)
{
	char		 url[URL_MAX];
	size_t		 at;
	unsigned	 k, hi, lo;

	if (l->conf.crl_shards <= 0)
		return !delta && lint_is_text(uri, l->crl_url);
	/* "<base>/crl/<name>-sKK[-delta].crl": read KK, then compare. */
	at = strlen(l->conf.base_url) + strlen("/crl/") +
	    strlen(l->conf.name) + strlen("-s");
	if (uri->len < at + 2)
		return 0;
	hi = (unsigned)(uri->p[at] >= 'a' ? uri->p[at] - 'a' + 10 :
	    uri->p[at] - '0');
	lo = (unsigned)(uri->p[at + 1] >= 'a' ? uri->p[at + 1] - 'a' + 10 :
	    uri->p[at + 1] - '0');
	if (hi > 15 || lo > 15 || (k = hi << 4 | lo) >=
	    (unsigned)l->conf.crl_shards)
		return 0;
	caconf_shard_url(&l->conf, k, delta, url, sizeof(url));
	return lint_is_text(uri, url);
}

/*
 * Checks one revokedCertificates entry, the content e of entry idx:
 * serial, revocationDate (read through dc) at or before thisUpdate tu,
 * and only reasonCode
 * (1..10 but 7: unspecified is left out) and invalidityDate (a
 * GeneralizedTime), non-critical.  0 / -1 (why).
 */
static int
check_entry(struct cader_in e, size_t idx, int64_t tu,
    struct lint_day_cache *dc, char *why, size_t whysz)
{
	struct lint_ext_seen	 x;
	struct cader_in	 sn, exts, v, r;
	char		 pre[64];
	enum lint_serial	 se;
	int64_t		 rd, y;
	int		 rc;

	if (lint_get(&e, 0x02, &sn) == -1)
		return lint_fail(why, whysz, "CRL entry %zu: serial is not an "
		    "INTEGER", idx);
	if ((se = lint_serial_judge(&sn, 0)) != SERIAL_OK) {
		snprintf(pre, sizeof(pre), "CRL entry %zu: serial", idx);
		return lint_serial_fail(se, &sn, pre, why, whysz);
	}
	if ((rc = lint_get_time(&e, dc, &rd, &y)) == -2)
		return lint_fail(why, whysz, "CRL entry %zu: revocationDate in "
		    "%lld is a GeneralizedTime; RFC 5280 5.1.2.6 wants UTCTime "
		    "through 2049", idx, (long long)y);
	if (rc == -1)
		return lint_fail(why, whysz, "CRL entry %zu: revocationDate is "
		    "not a DER Time", idx);
	if (rd > tu)
		return lint_fail(why, whysz, "CRL entry %zu: revocationDate is "
		    "after thisUpdate", idx);
	if (e.len == 0)
		return 0;
	if (lint_get(&e, 0x30, &exts) == -1 || e.len != 0)
		return lint_fail(why, whysz, "CRL entry %zu is not DER", idx);
	if (lint_walk_exts(exts, entry_exts, EX__MAX, &x, "CRL entry", idx, why,
	    whysz) == -1)
		return -1;
	if (x.seen & 1u << EX_REASON) {
		v = x.val[EX_REASON];
		if (x.crit[EX_REASON])
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "reasonCode is critical", idx);
		if (lint_get(&v, 0x0a, &r) == -1 || v.len != 0 ||
		    r.len != 1)
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "reasonCode is not a DER ENUMERATED", idx);
		if (r.p[0] == 0)
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "reasonCode unspecified (0) is written out; RFC "
			    "5280 5.3.1 wants no reasonCode", idx);
		if (r.p[0] == 7 || r.p[0] > 10)
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "reasonCode %u is not a CRLReason (0..10 but 7)",
			    idx, (unsigned)r.p[0]);
	}
	if (x.seen & 1u << EX_INVALIDITY) {
		v = x.val[EX_INVALIDITY];
		if (x.crit[EX_INVALIDITY])
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "invalidityDate is critical", idx);
		if (lint_get(&v, 0x18, &r) == -1 || v.len != 0 ||
		    lint_time_value(&r, 1, NULL, &rd, &y) == -1)
			return lint_fail(why, whysz, "CRL entry %zu: "
			    "invalidityDate is not a DER GeneralizedTime", idx);
	}
	return 0;
}

/* Checks a CRL's extensions, the content exts of their SEQUENCE. */
static int
check_crl_exts(const struct calint *l, struct cader_in exts, char *why,
    size_t whysz)
{
	struct lint_ext_seen	 x;
	struct cader_in	 num, base, v, idp, dpn, uri, b, dps, dp;

	if (lint_walk_exts(exts, crl_exts, LX__MAX, &x, "CRL ", NOIDX, why,
	    whysz) == -1)
		return -1;
	if ((x.seen & 1u << LX_AKI) == 0)
		return lint_fail(why, whysz, "CRL authorityKeyIdentifier is "
		    "missing");
	if (x.crit[LX_AKI])
		return lint_fail(why, whysz, "CRL authorityKeyIdentifier is "
		    "critical");
	if (lint_check_aki(l, x.val[LX_AKI], "CRL ", why, whysz) == -1)
		return -1;
	if ((x.seen & 1u << LX_NUMBER) == 0)
		return lint_fail(why, whysz, "CRL cRLNumber is missing");
	if (x.crit[LX_NUMBER])
		return lint_fail(why, whysz, "CRL cRLNumber is critical");
	if (!crl_number(x.val[LX_NUMBER], &num))
		return lint_fail(why, whysz, "CRL cRLNumber is not a "
		    "non-negative DER INTEGER of at most 20 octets");
	if (x.seen & 1u << LX_DELTA) {
		if (!x.crit[LX_DELTA])
			return lint_fail(why, whysz, "CRL deltaCRLIndicator is "
			    "not critical");
		if (!crl_number(x.val[LX_DELTA], &base))
			return lint_fail(why, whysz, "CRL deltaCRLIndicator is "
			    "not a non-negative DER INTEGER of at most 20 "
			    "octets");
		if (int_cmp(base, num) >= 0)
			return lint_fail(why, whysz, "CRL deltaCRLIndicator's "
			    "base is not below the cRLNumber");
	}
	if (x.seen & 1u << LX_IDP) {
		if (!x.crit[LX_IDP])
			return lint_fail(why, whysz, "CRL "
			    "issuingDistributionPoint is not critical");
		v = x.val[LX_IDP];
		if (cader_get(&v, 0x30, &idp, NULL) == -1 || v.len != 0 ||
		    cader_get(&idp, 0xa0, &dpn, NULL) == -1 ||
		    lint_dp_uri(dpn, &uri) == -1)
			return lint_fail(why, whysz, "CRL "
			    "issuingDistributionPoint does not name one URI");
		/* onlyContainsUserCerts TRUE, and nothing else, may follow. */
		if (cader_get(&idp, 0x81, &b, NULL) == 0 && (b.len != 1 ||
		    b.p[0] != 0xff))
			return lint_fail(why, whysz, "CRL "
			    "issuingDistributionPoint is not DER");
		if (idp.len != 0)
			return lint_fail(why, whysz, "CRL "
			    "issuingDistributionPoint has fields outside our "
			    "profile");
		if (!our_crl_url(l, &uri, 0))
			return lint_fail(why, whysz, "CRL "
			    "issuingDistributionPoint is not a CRL URL of this "
			    "CA");
	}
	if (x.seen & 1u << LX_FRESHEST) {
		if (x.crit[LX_FRESHEST])
			return lint_fail(why, whysz, "CRL freshestCRL is "
			    "critical");
		v = x.val[LX_FRESHEST];
		if (cader_get(&v, 0x30, &dps, NULL) == -1 || v.len != 0 ||
		    cader_get(&dps, 0x30, &dp, NULL) == -1 || dps.len != 0 ||
		    cader_get(&dp, 0xa0, &dpn, NULL) == -1 || dp.len != 0 ||
		    lint_dp_uri(dpn, &uri) == -1)
			return lint_fail(why, whysz, "CRL freshestCRL is not "
			    "one point with one URI");
		if (!our_crl_url(l, &uri, 1))
			return lint_fail(why, whysz, "CRL freshestCRL is not a "
			    "delta CRL URL of this CA");
	}
	return 0;
}

int
calint_crl(const struct calint *l, const uint8_t *p, size_t n, char *why,
    size_t whysz)
{
	struct cader_in	 in = { p, n }, tbs, v, tlv, list, e, x, exts;
	struct lint_day_cache dc = { { 0 }, 0, 0, 0 };
	int64_t		 tu, nu, y, now = (int64_t)time(NULL);
	size_t		 i;
	int		 r;

	if (cader_get(&in, 0x30, &tbs, NULL) == -1 || in.len != 0)
		return lint_fail(why, whysz, "not one DER TBSCertList");
	if (cader_get(&tbs, 0x02, &v, NULL) == -1 ||
	    !cader_is(&v, (const uint8_t *)"\x01", 1))
		return lint_fail(why, whysz, "CRL version is not v2");
	if (cader_get(&tbs, 0x30, &v, &tlv) == -1 ||
	    !cader_is(&tlv, lint_aids[l->kind].der, lint_aids[l->kind].len))
		return lint_fail(why, whysz, "CRL signature algorithm is not "
		    "the issuer's %s", lint_aids[l->kind].name);
	if (cader_get(&tbs, 0x30, &v, &tlv) == -1 ||
	    !cader_is(&tlv, l->subject, l->subject_len))
		return lint_fail(why, whysz, "CRL issuer is not the issuing "
		    "CA's subject");
	if ((r = lint_get_time(&tbs, NULL, &tu, &y)) == -2)
		return lint_fail(why, whysz, "CRL thisUpdate in %lld is a "
		    "GeneralizedTime; RFC 5280 5.1.2.4 wants UTCTime through "
		    "2049", (long long)y);
	if (r == -1)
		return lint_fail(why, whysz, "CRL thisUpdate is not a DER "
		    "Time");
	if (tu > now + CALINT_SKEW)
		return lint_fail(why, whysz, "CRL thisUpdate is %lld s in the "
		    "future (at most %d)", (long long)(tu - now), CALINT_SKEW);
	if (tu < l->not_before || tu > l->not_after)
		return lint_fail(why, whysz, "CRL thisUpdate is outside the "
		    "issuing CA's validity");
	if (tbs.len == 0 || (tbs.p[0] != 0x17 && tbs.p[0] != 0x18))
		return lint_fail(why, whysz, "CRL nextUpdate is missing");
	if ((r = lint_get_time(&tbs, NULL, &nu, &y)) == -2)
		return lint_fail(why, whysz, "CRL nextUpdate in %lld is a "
		    "GeneralizedTime; RFC 5280 5.1.2.5 wants UTCTime through "
		    "2049", (long long)y);
	if (r == -1)
		return lint_fail(why, whysz, "CRL nextUpdate is not a DER "
		    "Time");
	if (nu <= tu)
		return lint_fail(why, whysz, "CRL nextUpdate is not after "
		    "thisUpdate");
	if (tbs.len > 0 && tbs.p[0] == 0x30) {
		if (cader_get(&tbs, 0x30, &list, NULL) == -1)
			return lint_fail(why, whysz, "CRL revokedCertificates "
			    "is not DER");
		if (list.len == 0)
			return lint_fail(why, whysz, "CRL revokedCertificates "
			    "is present but empty (RFC 5280 5.1.2.6 leaves it "
			    "out)");
		for (i = 0; list.len > 0; i++) {
			if (lint_get(&list, 0x30, &e) == -1)
				return lint_fail(why, whysz, "CRL entry %zu is "
				    "not DER", i);
			if (check_entry(e, i, tu, &dc, why, whysz) == -1)
				return -1;
		}
	}
	if (cader_get(&tbs, 0xa0, &x, NULL) == -1)
		return lint_fail(why, whysz, "CRL extensions are missing");
	if (tbs.len != 0 || cader_get(&x, 0x30, &exts, NULL) == -1 ||
	    x.len != 0)
		return lint_fail(why, whysz, "not one DER TBSCertList (after "
		    "the extensions)");
	return check_crl_exts(l, exts, why, whysz);
}

/* ---- OCSP -------------------------------------------------------------- */

/*
 * Checks the responder's certificate: issued by our CA (name and key
 * identifier), OCSPSigning, valid now, and an SM2 key for an SM2 CA.
 */
static int
check_responder(const struct calint *l, X509 *responder, int64_t now,
    char *why, size_t whysz)
{
	const ASN1_OCTET_STRING	*aki;
	int64_t			 nb, na;

	if (responder == NULL)
		return lint_fail(why, whysz, "OCSP responder certificate is "
		    "missing");
	if (X509_NAME_cmp(X509_get_issuer_name(responder),
	    X509_get_subject_name(l->ca)) != 0 ||
	    (aki = X509_get0_authority_key_id(responder)) == NULL ||
	    (size_t)aki->length != l->ski_len ||
	    memcmp(aki->data, l->ski, l->ski_len) != 0)
		return lint_fail(why, whysz, "OCSP responder certificate was "
		    "not issued by the issuing CA");
	if ((X509_get_extension_flags(responder) & EXFLAG_XKUSAGE) == 0 ||
	    (X509_get_extended_key_usage(responder) & XKU_OCSP_SIGN) == 0)
		return lint_fail(why, whysz, "OCSP responder certificate lacks "
		    "extKeyUsage OCSPSigning");
	if (lint_asn1_secs(X509_get0_notBefore(responder), &nb) == -1 ||
	    lint_asn1_secs(X509_get0_notAfter(responder), &na) == -1 ||
	    now < nb || now > na)
		return lint_fail(why, whysz, "OCSP responder certificate is "
		    "not valid now");
	if (l->kind == KEY_SM2 && !sm2_is_key(X509_get0_pubkey(responder)))
		return lint_fail(why, whysz, "OCSP responder of an SM2 CA has "
		    "no SM2 key (GM/T 0015)");
	return 0;
}

/*
 * Checks the CertID of SingleResponse idx whose status is good or
 * revoked: its hash algorithm one caocsp.c answers for, its issuer
 * hashes our CA's under it, and its serial one of ours.  0 / -1 (why).
 */
static int
check_certid(const struct calint *l, const OCSP_CERTID *cid, int idx,
    char *why, size_t whysz)
{
	ASN1_OCTET_STRING	*nh, *kh;
	ASN1_OBJECT		*alg;
	ASN1_INTEGER		*serial;
	size_t			 i;
	int			 nid;

	if (cid == NULL || OCSP_id_get0_info(&nh, &alg, &kh, &serial,
	    (OCSP_CERTID *)(uintptr_t)cid) != 1)
		return lint_fail(why, whysz, "OCSP response %d: no CertID",
		    idx);
	nid = OBJ_obj2nid(alg);
	for (i = 0; i < LINT_NHASH && lint_hash_nids[i] != nid; i++)
		continue;
	if (i == LINT_NHASH)
		return lint_fail(why, whysz, "OCSP response %d: CertID hash is "
		    "not SHA-1, SHA-256, SHA-384 or SHA-512", idx);
	if (nh == NULL || kh == NULL ||
	    ASN1_STRING_length(nh) != (int)l->hash[i].len ||
	    ASN1_STRING_length(kh) != (int)l->hash[i].len ||
	    memcmp(ASN1_STRING_get0_data(nh), l->hash[i].name,
	    l->hash[i].len) != 0 ||
	    memcmp(ASN1_STRING_get0_data(kh), l->hash[i].key,
	    l->hash[i].len) != 0)
		return lint_fail(why, whysz, "OCSP response %d: CertID issuer "
		    "hashes are not the issuing CA's", idx);
	if (serial == NULL || ASN1_STRING_type(serial) != V_ASN1_INTEGER ||
	    ASN1_STRING_length(serial) < 1 ||
	    ASN1_STRING_length(serial) > SERIAL_MAX)
		return lint_fail(why, whysz, "OCSP response %d: CertID serial "
		    "is not positive of at most 20 octets", idx);
	return 0;
}

/*
 * Checks SingleResponse idx, s, at now: a good or revoked status only
 * about our CA's certificates; thisUpdate not ahead of the clock by
 * more than CALINT_SKEW; nextUpdate, if any, after it; a revocation at
 * or before thisUpdate with a CRLReason if any; no extensions.
 */
static int
check_single(const struct calint *l, OCSP_SINGLERESP *s, int idx,
    int64_t now, char *why, size_t whysz)
{
	ASN1_GENERALIZEDTIME	*rev = NULL, *tu = NULL, *nu = NULL;
	int64_t			 t, u, rt;
	int			 st, reason = -1;

	st = OCSP_single_get0_status(s, &reason, &rev, &tu, &nu);
	if (st != V_OCSP_CERTSTATUS_GOOD && st != V_OCSP_CERTSTATUS_REVOKED &&
	    st != V_OCSP_CERTSTATUS_UNKNOWN)
		return lint_fail(why, whysz, "OCSP response %d: no certStatus",
		    idx);
	/*
	 * An unknown status echoes the request's CertID (another CA's, a
	 * hash we do not answer for): only good and revoked speak for us.
	 */
	if (st != V_OCSP_CERTSTATUS_UNKNOWN && check_certid(l,
	    OCSP_SINGLERESP_get0_id(s), idx, why, whysz) == -1)
		return -1;
	if (lint_asn1_secs(tu, &t) == -1)
		return lint_fail(why, whysz, "OCSP response %d: thisUpdate is "
		    "missing", idx);
	if (t > now + CALINT_SKEW)
		return lint_fail(why, whysz, "OCSP response %d: thisUpdate is "
		    "%lld s in the future (at most %d)", idx,
		    (long long)(t - now), CALINT_SKEW);
	if (nu != NULL && (lint_asn1_secs(nu, &u) == -1 || u <= t))
		return lint_fail(why, whysz, "OCSP response %d: nextUpdate is "
		    "not after thisUpdate", idx);
	if (st == V_OCSP_CERTSTATUS_REVOKED) {
		if (lint_asn1_secs(rev, &rt) == -1)
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revoked without a revocationTime", idx);
		if (rt > t)
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revocationTime is after thisUpdate", idx);
		if (reason != OCSP_REVOKED_STATUS_NOSTATUS &&
		    (reason < 0 || reason > 10 || reason == 7))
			return lint_fail(why, whysz, "OCSP response %d: "
			    "revocationReason %d is not a CRLReason (0..10 "
			    "but 7)", idx, reason);
	}
	if (OCSP_SINGLERESP_get_ext_count(s) != 0)
		return lint_fail(why, whysz, "OCSP response %d: "
		    "singleExtensions are not in our profile", idx);
	return 0;
}

int
calint_ocsp(const struct calint *l, OCSP_BASICRESP *bs, X509 *responder,
    char *why, size_t whysz)
{
	const ASN1_OCTET_STRING		*rid = NULL;
	const X509_NAME			*rname = NULL;
	const ASN1_GENERALIZEDTIME	*pat;
	const X509_ALGOR		*sa;
	const ASN1_OBJECT		*so;
	X509_EXTENSION			*ext;
	struct cader_in			 in, rd;
	enum lint_key			 rk;
	unsigned char			*der = NULL;
	uint8_t				 md[EVP_MAX_MD_SIZE];
	unsigned int			 mdlen;
	int64_t				 now = (int64_t)time(NULL), t;
	int				 i, count, named, stamped, dlen, v1;

	if (bs == NULL)
		return lint_fail(why, whysz, "OCSP response is missing");
	if (check_responder(l, responder, now, why, whysz) == -1)
		return -1;
	named = OCSP_resp_get0_id(bs, &rid, &rname) == 1;
	pat = OCSP_resp_get0_produced_at(bs);
	stamped = pat != NULL && ASN1_STRING_length(pat) > 0;
	if (named != stamped)
		return lint_fail(why, whysz, "OCSP %s is set but %s is not",
		    named ? "responderID" : "producedAt",
		    named ? "producedAt" : "responderID");
	if (named) {
		if (rid == NULL)
			return lint_fail(why, whysz, "OCSP responderID is by "
			    "name; our profile names the responder by key");
		if (X509_pubkey_digest(responder, l->sha1, md,
		    &mdlen) != 1 || ASN1_STRING_length(rid) != (int)mdlen ||
		    memcmp(ASN1_STRING_get0_data(rid), md, mdlen) != 0)
			return lint_fail(why, whysz, "OCSP responderID is not "
			    "the SHA-1 of the responder's key");
		if (lint_asn1_secs(pat, &t) == -1)
			return lint_fail(why, whysz, "OCSP producedAt is not a "
			    "GeneralizedTime");
		if (t > now + CALINT_SKEW)
			return lint_fail(why, whysz, "OCSP producedAt is %lld "
			    "s in the future (at most %d)",
			    (long long)(t - now), CALINT_SKEW);
		/*
		 * version: v1, the DEFAULT, so DER leaves it out ([0]
		 * absent).  OpenSSL has no setter for it: only a response
		 * read from DER can carry one, and only a complete
		 * ResponseData can be encoded to look.
		 */
		if ((dlen = i2d_OCSP_RESPDATA(OCSP_resp_get0_respdata(bs),
		    &der)) <= 0) {
			ERR_clear_error();
			return lint_fail(why, whysz, "OCSP tbsResponseData "
			    "cannot be encoded");
		}
		in.p = der;
		in.len = (size_t)dlen;
		v1 = cader_get(&in, 0x30, &rd, NULL) == 0 && rd.len > 0 &&
		    rd.p[0] != 0xa0;
		OPENSSL_free(der);
		if (!v1)
			return lint_fail(why, whysz, "OCSP version is not v1 "
			    "(absent)");
		/* Signed already: the algorithm the responder's key uses. */
		sa = OCSP_resp_get0_tbs_sigalg(bs);
		X509_ALGOR_get0(&so, NULL, NULL, sa);
		if (so != NULL && OBJ_obj2nid(so) != NID_undef &&
		    (lint_key_kind(X509_get0_pubkey(responder), &rk) == -1 ||
		    OBJ_obj2nid(so) != lint_aids[rk].nid))
			return lint_fail(why, whysz, "OCSP signature algorithm "
			    "is not the responder key's");
	}
	count = OCSP_resp_count(bs);
	if (count < 1 || count > OCSP_MAX)
		return lint_fail(why, whysz, "OCSP response holds %d "
		    "SingleResponses (1 to %d)", count, OCSP_MAX);
	for (i = 0; i < count; i++)
		if (check_single(l, OCSP_resp_get0(bs, i), i, now, why,
		    whysz) == -1)
			return -1;
	for (i = 0; i < OCSP_BASICRESP_get_ext_count(bs); i++) {
		ext = OCSP_BASICRESP_get_ext(bs, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) !=
		    NID_id_pkix_OCSP_Nonce)
			return lint_fail(why, whysz, "OCSP responseExtensions "
			    "hold one outside our profile (the nonce)");
		if (X509_EXTENSION_get_critical(ext))
			return lint_fail(why, whysz, "OCSP nonce is critical");
		if (OCSP_BASICRESP_get_ext_by_NID(bs, NID_id_pkix_OCSP_Nonce,
		    i) != -1)
			return lint_fail(why, whysz, "OCSP nonce appears "
			    "twice");
	}
	return 0;
}
