/*
 * calintcrl.c: calint_crl(), the linter's CRL profile: the issuing CA's
 * full CRL and, with partitioned CRLs, each shard's base and delta CRL
 * (ca/cacrl.c, ca/cashard.c).  The TBSCertList is read once, front to
 * back, with nothing allocated per entry: a revocation date goes through
 * one day cache per CRL, and each entry's TLVs through the inline
 * lint_get().  What the profiles share is in calint.c (calintint.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/calint.h"
#include "ca/calintint.h"
#include "lib/hex.h"

enum crl_ext { LX_AKI, LX_NUMBER, LX_DELTA, LX_IDP, LX_FRESHEST, LX__MAX };
static const struct lint_ext_def crl_exts[LX__MAX] = {
	/* LX_AKI */	{ { 0x55, 0x1d, 0x23 }, 3, "authorityKeyIdentifier" },
	/* LX_NUMBER */	{ { 0x55, 0x1d, 0x14 }, 3, "cRLNumber" },
	/* LX_DELTA */	{ { 0x55, 0x1d, 0x1b }, 3, "deltaCRLIndicator" },
	/* LX_IDP */	{ { 0x55, 0x1d, 0x1c }, 3,
			    "issuingDistributionPoint" },
	/* LX_FRESHEST */ { { 0x55, 0x1d, 0x2e }, 3, "freshestCRL" },
};
_Static_assert(LX__MAX <= LINT_EXT_MAX, "crl_exts outgrows LINT_EXT_MAX");

enum entry_ext { EX_REASON, EX_INVALIDITY, EX__MAX };
static const struct lint_ext_def entry_exts[EX__MAX] = {
	/* EX_REASON */	{ { 0x55, 0x1d, 0x15 }, 3, "reasonCode" },
	/* EX_INVALIDITY */ { { 0x55, 0x1d, 0x18 }, 3, "invalidityDate" },
};
_Static_assert(EX__MAX <= LINT_EXT_MAX, "entry_exts outgrows LINT_EXT_MAX");

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

/*
 * 1 if uri is one of this CA's CRL URLs: the full CRL's, or with
 * partitioned CRLs a shard's base (delta 0) or delta (delta 1) CRL, else 0.
 */
static int
our_crl_url(const struct calint *l, const struct cader_in *uri, int delta)
{
	char		 url[URL_MAX];
	size_t		 at;
	unsigned	 k;
	int		 hi, lo;

	if (l->conf.crl_shards <= 0)
		return !delta && lint_is_text(uri, l->crl_url);
	/* "<base>/crl/<name>-sKK[-delta].crl": read KK, then compare. */
	at = strlen(l->conf.base_url) + strlen("/crl/") +
	    strlen(l->conf.name) + strlen("-s");
	if (uri->len < at + 2)
		return 0;
	if ((hi = hex_digit(uri->p[at])) < 0 ||
	    (lo = hex_digit(uri->p[at + 1])) < 0 ||
	    (k = (unsigned)(hi << 4 | lo)) >= (unsigned)l->conf.crl_shards)
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

