/*
 * calintcert.c: calint_cert(), the linter's end-entity certificate
 * profile (calint.h says which certificates that is): the TBSCertificate
 * read front to back from its DER, then its subject, key and extensions.
 * What the profiles share is in calint.c (calintint.h).
 */
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/calint.h"
#include "ca/calintint.h"
#include "lib/utf8.h"

#define SERIAL_MIN	8		/* octets: 64 bits (CA/B 7.1) */
#define NAME_VALUE_MAX	64		/* characters (RFC 5280 App. A) */
#define RSA_MIN_BITS	2048
#define RSA_MAX_BITS	8192

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
_Static_assert(CX__MAX <= LINT_EXT_MAX, "cert_exts outgrows LINT_EXT_MAX");

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

