/*
 * calint.c: the linter of calint.h, and what its profiles share
 * (calintint.h): the issuer's facts taken once by calint_new(), the
 * reasons, and the DER readers of Times, serials, extensions and the
 * AKI.  The profiles are beside it: calintcert.c, calintcrl.c and
 * calintocsp.c.
 *
 * Certificates and CRLs are read with the strict DER reader of
 * ca/cader.h straight from the octets the key is about to sign: no
 * OpenSSL object is made and nothing of ours is allocated (OpenSSL's
 * SHA-1 of the subject key, for the SKI, is the one call out per
 * certificate), so a certificate costs well under a microsecond and a
 * CRL entry some tens of nanoseconds.  OCSP responses are OpenSSL
 * objects already (32 entries at most) and are read through its
 * accessors.
 *
 * Invariants: those of calintint.h; times become unix seconds here
 * (days_from_civil()); a reason is written only by lint_fail().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/calint.h"
#include "ca/calintint.h"
#include "lib/log.h"
#include "lib/sm2.h"

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

const struct lint_aid lint_aids[] = {
	/* KEY_RSA */
	{ aid_rsa, sizeof(aid_rsa), "sha256WithRSAEncryption",
	    NID_sha256WithRSAEncryption },
	/* KEY_EC */
	{ aid_ecdsa, sizeof(aid_ecdsa), "ecdsa-with-SHA256",
	    NID_ecdsa_with_SHA256 },
	/* KEY_SM2 */
	{ aid_sm2, sizeof(aid_sm2), "SM2-with-SM3", NID_SM2_with_SM3 },
};

const int lint_hash_nids[LINT_NHASH] = { NID_sha1, NID_sha256, NID_sha384,
	NID_sha512 };

/* ---- reasons ----------------------------------------------------------- */

int
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

const char *
lint_place(char *buf, size_t sz, const char *what, size_t idx)
{
	if (idx == NOIDX)
		snprintf(buf, sz, "%s", what);
	else
		snprintf(buf, sz, "%s %zu: ", what, idx);
	return buf;
}

const char *
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

int
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

int
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

int
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

enum lint_serial
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

int
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

int
lint_is_text(const struct cader_in *v, const char *s)
{
	return cader_is(v, (const uint8_t *)s, strlen(s));
}

int
lint_dp_uri(struct cader_in dpn, struct cader_in *uri)
{
	struct cader_in	 full;

	if (cader_get(&dpn, 0xa0, &full, NULL) == -1 || dpn.len != 0 ||
	    cader_get(&full, 0x86, uri, NULL) == -1 || full.len != 0)
		return -1;
	return 0;
}

/* ---- extensions -------------------------------------------------------- */

int
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

int
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

/* ---- keys and the linter ----------------------------------------------- */

int
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
