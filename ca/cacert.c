/*
 * cacert.c: the one place where certificates are assembled and signed.
 *
 * A profile table says, for each kind of certificate, which extensions it
 * carries; cacert_build() applies the table and the per-certificate values
 * (names, key, validity, SAN, distribution points).  Nothing is copied
 * blindly from a request: callers pass the subject and the public key.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/casig.h"
#include "ca/cader.h"
#include "lib/hex.h"
#include "lib/log.h"
#include "lib/sm2.h"

/*
 * keyUsage for end-entity keys depends on the key type: RSA keys encrypt
 * session keys (keyEncipherment), EC keys agree on them (keyAgreement).
 * Both sign bids (digitalSignature, nonRepudiation).
 */
#define KU_EE_RSA "critical,digitalSignature,nonRepudiation,keyEncipherment"
#define KU_EE_EC  "critical,digitalSignature,nonRepudiation,keyAgreement"

static const struct {
	const char	*basic;		/* basicConstraints */
	const char	*key_usage;	/* keyUsage; NULL = by key type */
	const char	*ext_key_usage;	/* extendedKeyUsage or NULL */
	int		 cdp;		/* carries CRL DP and AIA */
	int		 nocheck;	/* id-pkix-ocsp-nocheck (RFC 6960
					   4.2.2.2.1) */
} profiles[CACERT__MAX] = {
	/* CACERT_ROOT */
	{ "critical,CA:TRUE", "critical,keyCertSign,cRLSign", NULL, 0, 0 },
	/* CACERT_ISSUING */
	{ "critical,CA:TRUE,pathlen:0", "critical,keyCertSign,cRLSign",
	    NULL, 0, 0 },
	/* CACERT_TLS_SERVER */
	{ "critical,CA:FALSE", "critical,digitalSignature,keyEncipherment",
	    "serverAuth", 1, 0 },
	/* CACERT_END_ENTITY */
	{ "critical,CA:FALSE", NULL, "clientAuth,emailProtection", 1, 0 },
	/* CACERT_OCSP: the delegated OCSP responder; with nocheck, clients
	 * do not ask about its own status, so it needs no CDP or AIA. */
	{ "critical,CA:FALSE", "critical,digitalSignature", "OCSPSigning",
	    0, 1 },
	/* CACERT_NOTICE: CMS signatures on notices (emailProtection is what
	 * `openssl cms -verify` checks by default); revocable like any. */
	{ "critical,CA:FALSE", "critical,digitalSignature",
	    "emailProtection", 1, 0 },
};

/*
 * The AIA value: where the CA's OCSP responder is (RFC 6960, the web
 * workers at base_url/ocsp) and where its certificate is (caIssuers).
 * cacert_build() and the template both take it from here.
 */
static void
aia_value(const struct caconf *conf, char *val, size_t sz)
{
	char	 url[600];

	caconf_issuer_url(conf, url, sizeof(url));
	snprintf(val, sz, "OCSP;URI:%s/ocsp,caIssuers;URI:%s",
	    conf->base_url, url);
}

X509_NAME *
cacert_name(const char *org, const char *ou, const char *cn)
{
	X509_NAME	*n;

	if ((n = X509_NAME_new()) == NULL)
		return NULL;
	if (!X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8,
	    (const unsigned char *)"CN", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)org, -1, -1, 0) ||
	    (ou != NULL && !X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_UTF8,
	    (const unsigned char *)ou, -1, -1, 0)) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0)) {
		log_ssl("cacert_name", "cannot build name");
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

int
cacert_serial_random(ASN1_INTEGER *serial)
{
	unsigned char	 b[16];
	BIGNUM		*bn;
	int		 rc = -1;

	if (RAND_bytes(b, sizeof(b)) != 1) {
		log_ssl("cacert_serial_random", "RAND_bytes");
		return -1;
	}
	b[0] &= 0x7f;		/* positive */
	b[0] |= 0x40;		/* full length: 126 random bits */
	if ((bn = BN_bin2bn(b, sizeof(b), NULL)) != NULL &&
	    BN_to_ASN1_INTEGER(bn, serial) != NULL)
		rc = 0;
	else
		log_ssl("cacert_serial_random", "BN");
	BN_free(bn);
	return rc;
}

/*
 * Extensions that depend only on the issuer and the settings (all but SKI
 * and SAN) are built once per issuer and copied into each certificate:
 * parsing their configuration strings is costly.  The cache is keyed by
 * the issuer's SHA-1 fingerprint (cached inside OpenSSL's X509), NID and
 * value string; it lives as long as the process.
 */
#define EXT_CACHE_MAX	16

static struct ext_cache {
	unsigned char	 fp[20];
	int		 nid;
	char		 value[1300];
	X509_EXTENSION	*ext;
} ext_cache[EXT_CACHE_MAX];

static int
add_ext(X509 *x, X509V3_CTX *ctx, const X509 *cache_issuer, int nid,
    const char *value)
{
	X509_EXTENSION	*e = NULL;
	unsigned char	 fp[EVP_MAX_MD_SIZE];
	unsigned int	 fplen = 0;
	size_t		 i;
	int		 ok;

	if (cache_issuer != NULL && (strlen(value) >= sizeof(ext_cache[0].value)
	    || X509_digest(cache_issuer, EVP_sha1(), fp, &fplen) != 1 ||
	    fplen != sizeof(ext_cache[0].fp)))
		cache_issuer = NULL;
	if (cache_issuer != NULL)
		for (i = 0; i < EXT_CACHE_MAX; i++)
			if (ext_cache[i].ext != NULL &&
			    memcmp(ext_cache[i].fp, fp, fplen) == 0 &&
			    ext_cache[i].nid == nid &&
			    strcmp(ext_cache[i].value, value) == 0)
				return X509_add_ext(x, ext_cache[i].ext, -1) ?
				    0 : -1;
	if ((e = X509V3_EXT_conf_nid(NULL, ctx, nid, value)) == NULL) {
		log_ssl("cacert_build", OBJ_nid2sn(nid));
		return -1;
	}
	ok = X509_add_ext(x, e, -1);
	if (cache_issuer != NULL)
		for (i = 0; i < EXT_CACHE_MAX; i++)
			if (ext_cache[i].ext == NULL) {
				memcpy(ext_cache[i].fp, fp, fplen);
				ext_cache[i].nid = nid;
				memcpy(ext_cache[i].value, value,
				    strlen(value) + 1);
				ext_cache[i].ext = e;
				e = NULL;
				break;
			}
	X509_EXTENSION_free(e);
	return ok ? 0 : -1;
}

/*
 * Copies the algorithm and key bits of spki into the certificate's own
 * public key field without decoding and re-encoding the key (which costs
 * OpenSSL 3.0 an encoder lookup per certificate).  0 / -1.
 */
static int
copy_spki(X509 *x, const X509_PUBKEY *spki)
{
	ASN1_OBJECT		*alg;
	const unsigned char	*bits;
	const void		*pval;
	const ASN1_OBJECT	*aobj;
	X509_ALGOR		*pa;
	unsigned char		*kcopy;
	void			*pcopy = NULL;
	int			 blen, ptype;

	if (X509_PUBKEY_get0_param(&alg, &bits, &blen, &pa,
	    (X509_PUBKEY *)spki) != 1 || blen <= 0)
		return -1;
	X509_ALGOR_get0(&aobj, &ptype, &pval, pa);
	if (ptype == V_ASN1_OBJECT) {
		if ((pcopy = OBJ_dup(pval)) == NULL)
			return -1;
	} else if (ptype != V_ASN1_NULL && ptype != V_ASN1_UNDEF)
		return -1;
	if ((kcopy = OPENSSL_memdup(bits, (size_t)blen)) == NULL) {
		ASN1_OBJECT_free(pcopy);
		return -1;
	}
	if (X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(x), OBJ_dup(aobj),
	    ptype, pcopy, kcopy, blen) != 1) {
		ASN1_OBJECT_free(pcopy);
		OPENSSL_free(kcopy);
		return -1;
	}
	return 0;
}

X509 *
cacert_build(const struct cacert_req *r)
{
	X509		*x = NULL;
	X509V3_CTX	 ctx;
	const X509	*ci;
	const ASN1_INTEGER *sn;
	const char	*ku;
	char		 url[600], val[1300];
	int		 ok = 0;

	if ((unsigned)r->profile >= CACERT__MAX || r->issuer_key == NULL ||
	    r->pubkey == NULL || r->subject == NULL ||
	    r->not_after <= r->not_before) {
		log_err("cacert_build: invalid request");
		return NULL;
	}
	if (profiles[r->profile].nocheck && r->issuer == NULL) {
		log_err("cacert_build: a responder certificate needs an issuer");
		return NULL;
	}
	if (r->profile == CACERT_TLS_SERVER && r->san == NULL) {
		log_err("cacert_build: a TLS server certificate needs a SAN");
		return NULL;
	}
	if ((x = X509_new()) == NULL ||
	    !X509_set_version(x, X509_VERSION_3) ||
	    cacert_serial_random(X509_get_serialNumber(x)) == -1 ||
	    !X509_set_subject_name(x, r->subject) ||
	    !X509_set_issuer_name(x, r->issuer != NULL ?
	    X509_get_subject_name(r->issuer) : r->subject) ||
	    ASN1_TIME_set(X509_getm_notBefore(x), r->not_before) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(x), r->not_after) == NULL ||
	    (r->spki != NULL ? copy_spki(x, r->spki) == -1 :
	    !X509_set_pubkey(x, r->pubkey))) {
		log_ssl("cacert_build", "cannot set certificate fields");
		goto out;
	}
	X509V3_set_ctx(&ctx, r->issuer != NULL ? r->issuer : x, x, NULL,
	    NULL, 0);
	ci = r->issuer;		/* NULL for a root: nothing to cache */
	if ((ku = profiles[r->profile].key_usage) == NULL)
		ku = EVP_PKEY_get_base_id(r->pubkey) == EVP_PKEY_RSA ?
		    KU_EE_RSA : KU_EE_EC;
	if (add_ext(x, &ctx, ci, NID_basic_constraints,
	    profiles[r->profile].basic) == -1 ||
	    add_ext(x, &ctx, ci, NID_key_usage, ku) == -1 ||
	    add_ext(x, &ctx, NULL, NID_subject_key_identifier, "hash") == -1)
		goto out;
	/* A self-signed root carries no AKI (RFC 5280 4.2.1.1 permits it). */
	if (r->issuer != NULL && add_ext(x, &ctx, ci,
	    NID_authority_key_identifier, "keyid:always") == -1)
		goto out;
	if (profiles[r->profile].ext_key_usage != NULL && add_ext(x, &ctx, ci,
	    NID_ext_key_usage, profiles[r->profile].ext_key_usage) == -1)
		goto out;
	if (r->san != NULL && add_ext(x, &ctx, NULL, NID_subject_alt_name,
	    r->san) == -1)
		goto out;
	if (profiles[r->profile].nocheck && add_ext(x, &ctx, ci,
	    NID_id_pkix_OCSP_noCheck, "ignored") == -1)
		goto out;
	/* An issuing CA's status is in its root's CRL (the ARL). */
	if (r->profile == CACERT_ISSUING && r->conf != NULL) {
		caconf_root_crl_url(r->conf, url, sizeof(url));
		snprintf(val, sizeof(val), "URI:%s", url);
		if (add_ext(x, &ctx, ci, NID_crl_distribution_points,
		    val) == -1)
			goto out;
	}
	if (profiles[r->profile].cdp && r->conf != NULL) {
		sn = X509_get0_serialNumber(x);
		if (r->conf->crl_shards > 0)
			caconf_shard_url(r->conf, caconf_crl_shard(r->conf,
			    ASN1_STRING_get0_data(sn), (size_t)ASN1_STRING_length(
			    sn)), 0, url, sizeof(url));
		else
			caconf_crl_url(r->conf, url, sizeof(url));
		snprintf(val, sizeof(val), "URI:%s", url);
		if (add_ext(x, &ctx, ci, NID_crl_distribution_points,
		    val) == -1)
			goto out;
		aia_value(r->conf, val, sizeof(val));
		if (add_ext(x, &ctx, ci, NID_info_access, val) == -1)
			goto out;
	}
	if (sm2_x509_sign(x, r->issuer_key) == -1) {
		log_ssl("cacert_build", "signing failed");
		goto out;
	}
	ok = 1;
out:
	if (!ok) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

int
cacert_write_pem(const char *path, X509 *const *certs, int n)
{
	char	 tmp[PATH_MAX];
	FILE	*f;
	int	 fd, i, ok = 1;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		log_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	for (i = 0; i < n && ok; i++)
		ok = PEM_write_X509(f, certs[i]);
	if (ok && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		ok = 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) == -1) {
		log_ssl("cacert_write_pem", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

X509 *
cacert_read_pem(const char *path)
{
	FILE	*f;
	X509	*x;

	if ((f = fopen(path, "r")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL)
		log_ssl("cacert_read_pem", path);
	return x;
}

/* t as unix seconds, or -1. */
static time_t
unix_time(const ASN1_TIME *t)
{
	ASN1_TIME	*epoch;
	int		 days, secs, ok;

	if ((epoch = ASN1_TIME_set(NULL, 0)) == NULL)
		return -1;
	ok = ASN1_TIME_diff(&days, &secs, epoch, t);
	ASN1_TIME_free(epoch);
	return ok ? (time_t)days * 86400 + secs : -1;
}

time_t
cacert_not_after(const X509 *x)
{
	return unix_time(X509_get0_notAfter(x));
}

time_t
cacert_not_before(const X509 *x)
{
	return unix_time(X509_get0_notBefore(x));
}

/* ---- end-entity template ------------------------------------------- */

#define SKI_EXT_LEN	31	/* 30 1d, OID 55 1d 0e, 04 16 04 14, 20 */

struct cacert_tmpl {
	const struct casig *sig;	/* borrowed: signs, names its AID */
	uint8_t		*issuer;	/* issuer Name, DER */
	size_t		 issuer_len;
	uint8_t		*pre[2];	/* [is_rsa]: extensions before SKI */
	size_t		 pre_len[2];
	uint8_t		*post;		/* extensions after SKI */
	size_t		 post_len;
	unsigned	 shards;	/* conf's crl_shards */
	size_t		 shard_at;	/* in post: the CDP's two hex digits */
};

void
cacert_tmpl_free(struct cacert_tmpl *t)
{
	if (t == NULL)
		return;
	OPENSSL_free(t->issuer);
	free(t->pre[0]);
	free(t->pre[1]);
	free(t->post);
	free(t);
}

/*
 * Appends the DER of extension nid = value, made exactly as add_ext()
 * makes it for cacert_build(), to *buf.  0 / -1.
 */
static int
tmpl_ext(X509V3_CTX *ctx, int nid, const char *value, uint8_t **buf,
    size_t *len)
{
	X509_EXTENSION	*e;
	unsigned char	*enc = NULL;
	uint8_t		*nb;
	int		 n;

	if ((e = X509V3_EXT_conf_nid(NULL, ctx, nid, value)) == NULL) {
		log_ssl("cacert_tmpl_new", OBJ_nid2sn(nid));
		return -1;
	}
	n = i2d_X509_EXTENSION(e, &enc);
	X509_EXTENSION_free(e);
	if (n <= 0 || (nb = realloc(*buf, *len + (size_t)n)) == NULL) {
		OPENSSL_free(enc);
		return -1;
	}
	memcpy(nb + *len, enc, (size_t)n);
	*buf = nb;
	*len += (size_t)n;
	OPENSSL_free(enc);
	return 0;
}

struct cacert_tmpl *
cacert_tmpl_new(X509 *issuer, const struct casig *sig,
    const struct caconf *conf)
{
	struct cacert_tmpl	*t;
	X509V3_CTX		 ctx;
	X509			*dummy = NULL;
	const int		 prof = CACERT_END_ENTITY;
	char			 url[600], val[1300];
	size_t			 at;
	int			 n, ok = 0;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->sig = sig;
	if ((n = i2d_X509_NAME(X509_get_subject_name(issuer),
	    &t->issuer)) <= 0)
		goto out;
	t->issuer_len = (size_t)n;

	/* The same calls, values and order as cacert_build(). */
	if ((dummy = X509_new()) == NULL)
		goto out;
	X509V3_set_ctx(&ctx, issuer, dummy, NULL, NULL, 0);
	if (tmpl_ext(&ctx, NID_basic_constraints, profiles[prof].basic,
	    &t->pre[0], &t->pre_len[0]) == -1 ||
	    tmpl_ext(&ctx, NID_key_usage, KU_EE_EC, &t->pre[0],
	    &t->pre_len[0]) == -1 ||
	    tmpl_ext(&ctx, NID_basic_constraints, profiles[prof].basic,
	    &t->pre[1], &t->pre_len[1]) == -1 ||
	    tmpl_ext(&ctx, NID_key_usage, KU_EE_RSA, &t->pre[1],
	    &t->pre_len[1]) == -1 ||
	    tmpl_ext(&ctx, NID_authority_key_identifier, "keyid:always",
	    &t->post, &t->post_len) == -1 ||
	    tmpl_ext(&ctx, NID_ext_key_usage, profiles[prof].ext_key_usage,
	    &t->post, &t->post_len) == -1)
		goto out;
	/*
	 * With partitioned CRLs, the CDP of shard 0; cacert_tmpl_sign()
	 * writes each certificate's shard over its two hex digits.
	 */
	if (conf->crl_shards > 0)
		caconf_shard_url(conf, 0, 0, url, sizeof(url));
	else
		caconf_crl_url(conf, url, sizeof(url));
	snprintf(val, sizeof(val), "URI:%s", url);
	at = t->post_len;
	if (tmpl_ext(&ctx, NID_crl_distribution_points, val, &t->post,
	    &t->post_len) == -1)
		goto out;
	if ((t->shards = (unsigned)conf->crl_shards) > 0) {
		/* The URL is the extension's last bytes: "...-s00.crl". */
		n = (int)strlen(url);
		if (t->post_len - at < (size_t)n || memcmp(t->post +
		    t->post_len - (size_t)n, url, (size_t)n) != 0)
			goto out;
		t->shard_at = t->post_len - strlen("00.crl");
	}
	aia_value(conf, val, sizeof(val));
	if (tmpl_ext(&ctx, NID_info_access, val, &t->post,
	    &t->post_len) == -1)
		goto out;
	ok = 1;
out:
	if (!ok) {
		log_ssl("cacert_tmpl_new", "cannot prepare the template");
		cacert_tmpl_free(t);
		t = NULL;
	}
	X509_free(dummy);
	return t;
}

static uint8_t *
put(uint8_t *p, const void *v, size_t n)
{
	memcpy(p, v, n);
	return p + n;
}

int
cacert_tmpl_sign(const struct cacert_tmpl *t, const uint8_t *subject,
    size_t subject_len, const uint8_t *spki, size_t spki_len, int is_rsa,
    time_t not_before, time_t not_after, struct cacert_der *out)
{
	static const uint8_t	 version[] = { 0xa0, 0x03, 0x02, 0x01, 0x02 };
	static const uint8_t	 ski_hdr[] = { 0x30, 0x1d, 0x06, 0x03, 0x55,
	    0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14 };
	struct cader_in		 in = { spki, spki_len }, seq, alg, bits;
	uint8_t			 serial[16], times[2 * CADER_TIME_MAX];
	unsigned char		 shard;
	char			 kk[3];
	uint8_t			*buf = NULL, *p, *tbs;
	size_t			 tl, vl, ext_len, tbs_len, cap, siglen, pos;
	size_t			 sig_at;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	is_rsa = is_rsa != 0;
	if (not_after <= not_before ||
	    cader_get(&in, 0x30, &seq, NULL) == -1 || in.len != 0 ||
	    cader_get(&seq, 0x30, &alg, NULL) == -1 ||
	    cader_get(&seq, 0x03, &bits, NULL) == -1 || seq.len != 0 ||
	    bits.len < 2 || bits.p[0] != 0) {
		log_err("cacert_tmpl_sign: invalid request");
		return -1;
	}
	if (RAND_bytes(serial, sizeof(serial)) != 1) {
		log_ssl("cacert_tmpl_sign", "RAND_bytes");
		return -1;
	}
	serial[0] &= 0x7f;	/* positive */
	serial[0] |= 0x40;	/* full length: 126 random bits */
	if ((tl = cader_time(times, not_before, 0)) == 0 ||
	    (vl = cader_time(times + tl, not_after, 0)) == 0) {
		log_err("cacert_tmpl_sign: date out of range");
		return -1;
	}
	vl += tl;
	ext_len = t->pre_len[is_rsa] + SKI_EXT_LEN + t->post_len;
	tbs_len = sizeof(version) + 2 + sizeof(serial) + t->sig->aid_len +
	    t->issuer_len + cader_hdr_size(vl) + vl + subject_len + spki_len +
	    cader_hdr_size(cader_hdr_size(ext_len) + ext_len) +
	    cader_hdr_size(ext_len) + ext_len;
	cap = CADER_HDR_MAX + CADER_HDR_MAX + tbs_len + t->sig->aid_len +
	    CADER_HDR_MAX + 1 + t->sig->sig_max;
	if ((buf = malloc(cap)) == NULL)
		goto out;

	/* TBSCertificate, after room for the Certificate header. */
	tbs = buf + CADER_HDR_MAX;
	p = tbs + cader_hdr(tbs, 0x30, tbs_len);
	p = put(p, version, sizeof(version));
	*p++ = 0x02;
	*p++ = sizeof(serial);
	p = put(p, serial, sizeof(serial));
	p = put(p, t->sig->aid, t->sig->aid_len);
	p = put(p, t->issuer, t->issuer_len);
	p += cader_hdr(p, 0x30, vl);
	p = put(p, times, vl);
	p = put(p, subject, subject_len);
	p = put(p, spki, spki_len);
	p += cader_hdr(p, 0xa3, cader_hdr_size(ext_len) + ext_len);
	p += cader_hdr(p, 0x30, ext_len);
	p = put(p, t->pre[is_rsa], t->pre_len[is_rsa]);
	p = put(p, ski_hdr, sizeof(ski_hdr));
	if (SHA1(bits.p + 1, bits.len - 1, p) == NULL)
		goto out;
	p += SHA_DIGEST_LENGTH;
	p = put(p, t->post, t->post_len);
	if (t->shards > 0) {
		/* This certificate's shard in its CDP (cacert_tmpl_new()). */
		shard = (unsigned char)(serial[sizeof(serial) - 1] &
		    (t->shards - 1));
		hex_encode(&shard, 1, kk, 0);
		memcpy(p + ((ptrdiff_t)t->shard_at - (ptrdiff_t)t->post_len),
		    kk, 2);
	}
	if ((size_t)(p - tbs) != cader_hdr_size(tbs_len) + tbs_len) {
		log_err("cacert_tmpl_sign: length mismatch");
		goto out;
	}

	/* signatureAlgorithm, then the signature as a BIT STRING. */
	p = put(p, t->sig->aid, t->sig->aid_len);
	sig_at = (size_t)(p - buf);
	siglen = t->sig->sig_max;
	if (casig_sign(t->sig, CASIG_CERT, tbs, (size_t)(p -
	    t->sig->aid_len - tbs), buf + sig_at + CADER_HDR_MAX + 1,
	    &siglen) != 0 || siglen > t->sig->sig_max) {
		log_err("cacert_tmpl_sign: the certificate was not signed");
		goto out;
	}
	/* The signature was written after room for its header: move it. */
	p += cader_hdr(p, 0x03, siglen + 1);
	*p++ = 0x00;
	memmove(p, buf + sig_at + CADER_HDR_MAX + 1, siglen);
	p += siglen;

	/* Certificate header just before the TBS, then to the front. */
	pos = CADER_HDR_MAX - cader_hdr_size((size_t)(p - tbs));
	cader_hdr(buf + pos, 0x30, (size_t)(p - tbs));
	out->der_len = (size_t)(p - buf) - pos;
	memmove(buf, buf + pos, out->der_len);
	out->der = buf;
	buf = NULL;
	hex_encode(serial, sizeof(serial), out->serial, 1);
	rc = 0;
out:
	if (rc == -1)
		ERR_clear_error();
	free(buf);
	return rc;
}

int
cacert_write_der(const char *path, X509 *x)
{
	FILE	*f;
	int	 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		return -1;
	}
	ok = i2d_X509_fp(f, x) == 1 && fflush(f) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		log_ssl("cacert_write_der", path);
		unlink(path);
		return -1;
	}
	return 0;
}
