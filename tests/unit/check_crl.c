/*
 * check_crl.c: the CRL writer (ca/cacrl.c).  Every CRL is read back by
 * OpenSSL's parser and, where it matters, by the openssl and GnuTLS
 * command-line tools and a small DER walker of our own, so the encoder is
 * never checked only against itself.
 *
 * Each test runs in its own process (fork mode) with a fresh directory
 * under one temporary base, and a throwaway P-256 root CA made by the
 * fixture.  The base is made and removed by the parent process, so it is
 * cleaned up even when a test fails or crashes.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cacrl.h"
#include "lib/sm2.h"

#define NUMBER		424242ULL
#define T_2023		1700000000LL	/* 2023-11-14T22:13:20Z */

static char		 base[64];
static char		 dir[96];
static time_t		 now;
static EVP_PKEY		*ca_key;
static X509		*ca_cert;

/* ---- fixture and helpers ------------------------------------------- */

static X509 *
make_ca(EVP_PKEY *key)
{
	struct cacert_req	 r;
	X509_NAME		*n;
	X509			*x;

	n = cacert_name("测试单位", NULL, "Test CRL CA");
	ck_assert_ptr_nonnull(n);
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ROOT;
	r.subject = n;
	r.pubkey = key;
	r.not_before = now - 3600;
	r.not_after = now + 365 * 86400;
	r.issuer_key = key;
	x = cacert_build(&r);
	X509_NAME_free(n);
	ck_assert_ptr_nonnull(x);
	return x;
}

/* Parent: the base directory of all tests. */
static void
setup_base(void)
{
	snprintf(base, sizeof(base), "/tmp/check_crl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void
teardown_base(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	(void)!system(cmd);
}

/* Child: this test's directory and CA. */
static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/t.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	now = time(NULL);
	ca_key = caconf_algo_keygen(CA_ALGO_P256);
	ck_assert_ptr_nonnull(ca_key);
	ca_cert = make_ca(ca_key);
}

static void
teardown(void)
{
	X509_free(ca_cert);
	EVP_PKEY_free(ca_key);
}

/* An iterator over an array of entries. */
struct list {
	const struct cacrl_entry	*e;
	size_t				 n;
	size_t				 i;
};

static int
list_next(void *ctx, struct cacrl_entry *e)
{
	struct list	*l = ctx;

	if (l->i == l->n)
		return 0;
	*e = l->e[l->i++];
	return 1;
}

/* A generator of n entries in ascending serial order, mixed reasons. */
struct gen {
	size_t	 n;
	size_t	 i;
	uint8_t	 fill;
};

static void
gen_entry(size_t i, uint8_t fill, struct cacrl_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->serial_len = 16;
	e->serial[0] = 0x40;
	memset(e->serial + 1, fill, 11);
	e->serial[12] = (uint8_t)(i >> 24);
	e->serial[13] = (uint8_t)(i >> 16);
	e->serial[14] = (uint8_t)(i >> 8);
	e->serial[15] = (uint8_t)i;
	e->revoked_at = T_2023 + (int64_t)i;
	e->reason = (i % 11 == 7) ? -1 : (int)(i % 11);
	e->invalidity = (i % 5 == 0) ? T_2023 - 86400 : 0;
}

static int
gen_next(void *ctx, struct cacrl_entry *e)
{
	struct gen	*g = ctx;

	if (g->i == g->n)
		return 0;
	gen_entry(g->i++, g->fill, e);
	return 1;
}

static int
fail_next(void *ctx, struct cacrl_entry *e)
{
	int	*calls = ctx;

	if ((*calls)++ < 3) {
		gen_entry((size_t)*calls, 0x11, e);
		return 1;
	}
	return -1;
}

static void
entry(struct cacrl_entry *e, const char *hex, int64_t t, int reason,
    int64_t inval)
{
	size_t	 i;
	unsigned v;

	memset(e, 0, sizeof(*e));
	e->serial_len = strlen(hex) / 2;
	ck_assert_uint_le(e->serial_len, sizeof(e->serial));
	for (i = 0; i < e->serial_len; i++) {
		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		e->serial[i] = (uint8_t)v;
	}
	e->revoked_at = t;
	e->reason = reason;
	e->invalidity = inval;
}

static void
params(struct cacrl_params *p, X509 *issuer, EVP_PKEY *key)
{
	memset(p, 0, sizeof(*p));
	p->issuer = issuer;
	p->key = key;
	p->number = NUMBER;
	p->this_update = now - 60;
	p->next_update = now + 86400;
}

/* Builds a CRL of the fixture CA over e[0..n); fails the test on error. */
static uint8_t *
build(const struct cacrl_entry *e, size_t n, size_t *len)
{
	struct cacrl_params	 p;
	struct list		 l = { e, n, 0 };
	uint8_t			*der = NULL;

	params(&p, ca_cert, ca_key);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, len), 0);
	ck_assert_ptr_nonnull(der);
	return der;
}

static uint8_t *
build_gen(size_t n, uint8_t fill, size_t *len)
{
	struct cacrl_params	 p;
	struct gen		 g = { n, 0, fill };
	uint8_t			*der = NULL;

	params(&p, ca_cert, ca_key);
	ck_assert_int_eq(cacrl_build(&p, gen_next, &g, &der, len), 0);
	return der;
}

/* OpenSSL's reading of der, which must be consumed exactly. */
static X509_CRL *
parse(const uint8_t *der, size_t len)
{
	const unsigned char	*q = der;
	X509_CRL		*c;

	c = d2i_X509_CRL(NULL, &q, (long)len);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(q, der + len);
	return c;
}

static X509_REVOKED *
find(X509_CRL *c, const struct cacrl_entry *e)
{
	X509_REVOKED	*rev = NULL;
	ASN1_INTEGER	*ai;
	BIGNUM		*bn;

	bn = BN_bin2bn(e->serial, (int)e->serial_len, NULL);
	ck_assert_ptr_nonnull(bn);
	ai = BN_to_ASN1_INTEGER(bn, NULL);
	ck_assert_ptr_nonnull(ai);
	if (X509_CRL_get0_by_serial(c, &rev, ai) == 0)
		rev = NULL;
	ASN1_INTEGER_free(ai);
	BN_free(bn);
	return rev;
}

/* The entry's reasonCode, or -1 when absent; the extension is non-critical. */
static int
reason_of(X509_REVOKED *rev)
{
	ASN1_ENUMERATED	*r;
	int		 crit, v;

	r = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);
	if (r == NULL) {
		ck_assert_int_eq(crit, -1);
		return -1;
	}
	ck_assert_int_eq(crit, 0);
	v = (int)ASN1_ENUMERATED_get(r);
	ASN1_ENUMERATED_free(r);
	return v;
}

static void
write_file(const char *name, const void *p, size_t n)
{
	char	 path[160];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* Reads dir/name into a malloc'd buffer; NULL if it does not exist. */
static uint8_t *
read_file(const char *name, size_t *len)
{
	char		 path[160];
	struct stat	 st;
	uint8_t		*p;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	ck_assert_int_eq(fstat(fileno(f), &st), 0);
	*len = (size_t)st.st_size;
	ck_assert_ptr_nonnull(p = malloc(*len + 1));
	ck_assert_uint_eq(fread(p, 1, *len, f), *len);
	fclose(f);
	return p;
}

static int
exists(const char *name)
{
	char		 path[160];
	struct stat	 st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static void
write_cert(const char *name, X509 *x)
{
	char	 path[160];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(PEM_write_X509(f, x), 1);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Runs "cd dir && cmd" through the shell, keeping its merged output in
 * out.  Returns the exit status.
 */
static int
run(const char *cmd, char *out, size_t sz)
{
	char	 full[1024];
	FILE	*f;
	size_t	 n = 0, r;
	int	 st;

	snprintf(full, sizeof(full), "cd '%s' && %s 2>&1", dir, cmd);
	ck_assert_ptr_nonnull(f = popen(full, "r"));
	while ((r = fread(out + n, 1, sz - 1 - n, f)) > 0)
		n += r;
	out[n] = '\0';
	while (fgetc(f) != EOF)
		;
	st = pclose(f);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* A minimal DER walker, independent of both encoder and OpenSSL. */
struct tlv {
	unsigned	 tag;
	const uint8_t	*hdr;	/* the whole TLV starts here */
	const uint8_t	*v;	/* content */
	size_t		 len;	/* of content */
	const uint8_t	*end;	/* past the TLV */
};

static int
tlv_read(const uint8_t *p, const uint8_t *lim, struct tlv *t)
{
	size_t	 n, k;

	if (lim - p < 2)
		return -1;
	t->hdr = p;
	t->tag = p[0];
	n = p[1];
	p += 2;
	if (n & 0x80) {
		k = n & 0x7f;
		if (k == 0 || k > 4 || (size_t)(lim - p) < k || p[0] == 0)
			return -1;
		for (n = 0; k > 0; k--)
			n = n << 8 | *p++;
		if (n < 0x80)
			return -1;	/* not minimal */
	}
	if ((size_t)(lim - p) < n)
		return -1;
	t->v = p;
	t->len = n;
	t->end = p + n;
	return 0;
}

/* Splits the content of t into at most max children; returns their count. */
static int
children(const struct tlv *t, struct tlv *out, int max)
{
	const uint8_t	*p = t->v;
	int		 n = 0;

	while (p < t->end) {
		ck_assert_int_lt(n, max);
		ck_assert_int_eq(tlv_read(p, t->end, &out[n]), 0);
		p = out[n++].end;
	}
	return n;
}

/* CertificateList's three parts and TBSCertList's fields (their count). */
static int
split(const uint8_t *der, size_t len, struct tlv top[3], struct tlv *tbs,
    int max)
{
	struct tlv	 whole;

	ck_assert_int_eq(tlv_read(der, der + len, &whole), 0);
	ck_assert_uint_eq(whole.tag, 0x30);
	ck_assert_ptr_eq(whole.end, der + len);
	ck_assert_int_eq(children(&whole, top, 3), 3);
	ck_assert_uint_eq(top[0].tag, 0x30);
	ck_assert_uint_eq(top[1].tag, 0x30);
	ck_assert_uint_eq(top[2].tag, 0x03);
	return children(&top[0], tbs, max);
}

/* The first entry of revokedCertificates, TBS field 5. */
static void
first_entry(const uint8_t *der, size_t len, struct tlv *fields, int *nf)
{
	struct tlv	 top[3], tbs[8], list[4];

	ck_assert_int_eq(split(der, len, top, tbs, 8), 7);
	ck_assert_uint_eq(tbs[5].tag, 0x30);
	ck_assert_int_ge(children(&tbs[5], list, 4), 1);
	*nf = children(&list[0], fields, 3);
}

static void
assert_time(const ASN1_TIME *t, int type, const char *s)
{
	ck_assert_int_eq(ASN1_STRING_type(t), type);
	ck_assert_int_eq(ASN1_STRING_length(t), (int)strlen(s));
	ck_assert_int_eq(memcmp(ASN1_STRING_get0_data(t), s, strlen(s)), 0);
}

/*
 * An end-entity certificate with the given serial and subject key, issued
 * by issuer/ikey (self-signed if issuer is NULL).  With ski, it carries a
 * subjectKeyIdentifier; a leaf carries the issuer's AKI.
 */
static X509 *
make_cert(long serial, EVP_PKEY *pub, X509 *issuer, EVP_PKEY *ikey, int ski)
{
	X509		*x;
	X509_NAME	*n;
	X509V3_CTX	 ctx;
	X509_EXTENSION	*ext;

	ck_assert_ptr_nonnull(x = X509_new());
	ck_assert_ptr_nonnull(n = X509_NAME_new());
	ck_assert(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"leaf.example", -1, -1, 0));
	ck_assert(X509_set_version(x, X509_VERSION_3));
	ck_assert(ASN1_INTEGER_set(X509_get_serialNumber(x), serial));
	ck_assert(X509_set_subject_name(x, n));
	ck_assert(X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : n));
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notBefore(x), -3600));
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	ck_assert(X509_set_pubkey(x, pub));
	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
	    issuer != NULL ? "critical,CA:FALSE" : "critical,CA:TRUE");
	ck_assert_ptr_nonnull(ext);
	ck_assert(X509_add_ext(x, ext, -1));
	X509_EXTENSION_free(ext);
	if (ski) {
		ext = X509V3_EXT_conf_nid(NULL, &ctx,
		    NID_subject_key_identifier, "hash");
		ck_assert_ptr_nonnull(ext);
		ck_assert(X509_add_ext(x, ext, -1));
		X509_EXTENSION_free(ext);
	}
	if (issuer != NULL) {
		ext = X509V3_EXT_conf_nid(NULL, &ctx,
		    NID_authority_key_identifier, "keyid:always");
		ck_assert_ptr_nonnull(ext);
		ck_assert(X509_add_ext(x, ext, -1));
		X509_EXTENSION_free(ext);
	}
	ck_assert_int_gt(X509_sign(x, ikey, EVP_sha256()), 0);
	X509_NAME_free(n);
	return x;
}

/*
 * Writes ca.pem, good.pem (serial 0x01234567) and bad.pem (0x0abcdef0),
 * and publishes a CRL revoking bad.pem as crl.crl / crl.crl.pem.
 */
static void
chain_fixture(void)
{
	struct cacrl_entry	 e;
	EVP_PKEY		*lk;
	X509			*good, *bad;
	uint8_t			*der;
	size_t			 len;

	ck_assert_ptr_nonnull(lk = caconf_algo_keygen(CA_ALGO_P256));
	good = make_cert(0x01234567, lk, ca_cert, ca_key, 1);
	bad = make_cert(0x0abcdef0, lk, ca_cert, ca_key, 1);
	write_cert("ca.pem", ca_cert);
	write_cert("good.pem", good);
	write_cert("bad.pem", bad);
	entry(&e, "0abcdef0", now - 30, CACRL_REASON_KEY_COMPROMISE, 0);
	der = build(&e, 1, &len);
	ck_assert_int_eq(cacrl_publish(dir, "crl", der, len), 0);
	free(der);
	X509_free(good);
	X509_free(bad);
	EVP_PKEY_free(lk);
}

static const uint8_t aid_ecdsa_sha256[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02
};
static const uint8_t aid_rsa_sha256[] = {
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0b, 0x05, 0x00
};

/* SM2-with-SM3, 1.2.156.10197.1.501, no parameters (GM/T 0015). */
static const uint8_t aid_sm2_sm3[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75
};

/* ---- encoding ------------------------------------------------------- */

START_TEST(test_empty_crl_omits_revoked_certificates)
{
	struct tlv	 top[3], tbs[8];
	X509_CRL	*c;
	uint8_t		*der;
	size_t		 len;

	der = build(NULL, 0, &len);
	/* version, signature, issuer, thisUpdate, nextUpdate, [0] */
	ck_assert_int_eq(split(der, len, top, tbs, 8), 6);
	ck_assert_uint_eq(tbs[5].tag, 0xa0);
	c = parse(der, len);
	/* absent, not an empty SEQUENCE */
	ck_assert_ptr_null(X509_CRL_get_REVOKED(c));
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_crl_verifies_and_carries_issuer_fields)
{
	struct cacrl_entry	 e;
	struct tlv		 top[3], tbs[8];
	X509_CRL		*c;
	ASN1_INTEGER		*num;
	AUTHORITY_KEYID		*aki;
	uint8_t			*der;
	size_t			 len;
	int			 crit;

	entry(&e, "4a11", now - 100, CACRL_REASON_SUPERSEDED, 0);
	der = build(&e, 1, &len);
	c = parse(der, len);
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	ck_assert_int_eq(X509_CRL_get_version(c), X509_CRL_VERSION_2);
	ck_assert_int_eq(X509_CRL_get_signature_nid(c),
	    NID_ecdsa_with_SHA256);
	ck_assert_int_eq(X509_NAME_cmp(X509_CRL_get_issuer(c),
	    X509_get_subject_name(ca_cert)), 0);
	ck_assert_int_eq(ASN1_TIME_cmp_time_t(X509_CRL_get0_lastUpdate(c),
	    now - 60), 0);
	ck_assert_int_eq(ASN1_TIME_cmp_time_t(X509_CRL_get0_nextUpdate(c),
	    now + 86400), 0);

	num = X509_CRL_get_ext_d2i(c, NID_crl_number, &crit, NULL);
	ck_assert_ptr_nonnull(num);
	ck_assert_int_eq(crit, 0);
	ck_assert_int_eq(ASN1_INTEGER_get(num), (long)NUMBER);
	ASN1_INTEGER_free(num);

	aki = X509_CRL_get_ext_d2i(c, NID_authority_key_identifier, &crit,
	    NULL);
	ck_assert_ptr_nonnull(aki);
	ck_assert_int_eq(crit, 0);
	ck_assert_ptr_nonnull(aki->keyid);
	ck_assert_ptr_null(aki->issuer);
	ck_assert_ptr_null(aki->serial);
	ck_assert_int_eq(ASN1_OCTET_STRING_cmp(aki->keyid,
	    X509_get0_subject_key_id(ca_cert)), 0);
	AUTHORITY_KEYID_free(aki);

	/* Inner and outer AlgorithmIdentifier: ecdsa-with-SHA256, no NULL. */
	ck_assert_int_eq(split(der, len, top, tbs, 8), 7);
	ck_assert_uint_eq(tbs[1].end - tbs[1].hdr, sizeof(aid_ecdsa_sha256));
	ck_assert_int_eq(memcmp(tbs[1].hdr, aid_ecdsa_sha256,
	    sizeof(aid_ecdsa_sha256)), 0);
	ck_assert_uint_eq(top[1].end - top[1].hdr, sizeof(aid_ecdsa_sha256));
	ck_assert_int_eq(memcmp(top[1].hdr, aid_ecdsa_sha256,
	    sizeof(aid_ecdsa_sha256)), 0);
	X509_CRL_free(c);
	free(der);
}
END_TEST

/* OpenSSL's own encoder, fed the same entries, gives the same TBS bytes. */
START_TEST(test_tbs_matches_openssl_encoder_byte_for_byte)
{
	struct cacrl_entry	 e[500];
	struct tlv		 top[3], tbs[8];
	X509_CRL		*c;
	X509_REVOKED		*rev;
	ASN1_TIME		*t;
	ASN1_INTEGER		*ai;
	ASN1_ENUMERATED		*en;
	AUTHORITY_KEYID		*aki;
	BIGNUM			*bn;
	uint8_t			 rnd[8], *der, *tbs_ossl = NULL;
	uint64_t		 r40;
	size_t			 len, i, n;
	int			 tlen;
	const int64_t		 lo = -2208988800LL;	/* 1900 */
	const int64_t		 span = 9783072000LL;	/* to 2210 */

	for (i = 0; i < 500; i++) {
		ck_assert_int_eq(RAND_bytes(rnd, sizeof(rnd)), 1);
		memset(&e[i], 0, sizeof(e[i]));
		n = 1 + i % 20;
		e[i].serial_len = n;
		ck_assert_int_eq(RAND_bytes(e[i].serial, (int)n), 1);
		e[i].serial[0] |= 0x01;
		if (i % 3 == 0)
			e[i].serial[0] |= 0x80;
		r40 = rnd[0] | (uint64_t)rnd[1] << 8 | (uint64_t)rnd[2] << 16 |
		    (uint64_t)rnd[3] << 24 | (uint64_t)rnd[4] << 32;
		e[i].revoked_at = lo + (int64_t)(r40 % (uint64_t)span);
		e[i].reason = rnd[5] % 12 - 1;
		if (e[i].reason == 7)
			e[i].reason = CACRL_REASON_NONE;
		if (rnd[6] & 1)
			e[i].invalidity = e[i].revoked_at - rnd[7] * 3600;
	}
	der = build(e, 500, &len);

	ck_assert_ptr_nonnull(c = X509_CRL_new());
	ck_assert(X509_CRL_set_version(c, X509_CRL_VERSION_2));
	ck_assert(X509_CRL_set_issuer_name(c, X509_get_subject_name(ca_cert)));
	ck_assert_ptr_nonnull(t = ASN1_TIME_set(NULL, now - 60));
	ck_assert(X509_CRL_set1_lastUpdate(c, t));
	ck_assert_ptr_nonnull(ASN1_TIME_set(t, now + 86400));
	ck_assert(X509_CRL_set1_nextUpdate(c, t));
	ASN1_TIME_free(t);
	for (i = 0; i < 500; i++) {
		ck_assert_ptr_nonnull(rev = X509_REVOKED_new());
		bn = BN_bin2bn(e[i].serial, (int)e[i].serial_len, NULL);
		ai = BN_to_ASN1_INTEGER(bn, NULL);
		ck_assert(X509_REVOKED_set_serialNumber(rev, ai));
		ASN1_INTEGER_free(ai);
		BN_free(bn);
		t = ASN1_TIME_set(NULL, (time_t)e[i].revoked_at);
		ck_assert(X509_REVOKED_set_revocationDate(rev, t));
		ASN1_TIME_free(t);
		if (e[i].reason > 0) {
			en = ASN1_ENUMERATED_new();
			ck_assert(ASN1_ENUMERATED_set(en, e[i].reason));
			ck_assert(X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason,
			    en, 0, 0));
			ASN1_ENUMERATED_free(en);
		}
		if (e[i].invalidity != 0) {
			t = ASN1_GENERALIZEDTIME_set(NULL,
			    (time_t)e[i].invalidity);
			ck_assert(X509_REVOKED_add1_ext_i2d(rev,
			    NID_invalidity_date, t, 0, 0));
			ASN1_TIME_free(t);
		}
		ck_assert(X509_CRL_add0_revoked(c, rev));
	}
	aki = AUTHORITY_KEYID_new();
	aki->keyid = ASN1_OCTET_STRING_dup(X509_get0_subject_key_id(ca_cert));
	ck_assert(X509_CRL_add1_ext_i2d(c, NID_authority_key_identifier, aki,
	    0, 0));
	AUTHORITY_KEYID_free(aki);
	ai = ASN1_INTEGER_new();
	ck_assert(ASN1_INTEGER_set_uint64(ai, NUMBER));
	ck_assert(X509_CRL_add1_ext_i2d(c, NID_crl_number, ai, 0, 0));
	ASN1_INTEGER_free(ai);
	ck_assert_int_gt(X509_CRL_sign(c, ca_key, EVP_sha256()), 0);
	tlen = i2d_re_X509_CRL_tbs(c, &tbs_ossl);
	ck_assert_int_gt(tlen, 0);

	ck_assert_int_eq(split(der, len, top, tbs, 8), 7);
	ck_assert_int_eq(top[0].end - top[0].hdr, tlen);
	ck_assert_int_eq(memcmp(top[0].hdr, tbs_ossl, (size_t)tlen), 0);
	OPENSSL_free(tbs_ossl);
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_each_reason_code_is_read_back)
{
	struct cacrl_entry	 e[12];
	X509_CRL		*c;
	X509_REVOKED		*rev;
	uint8_t			*der;
	char			 hex[8];
	size_t			 n = 0, i, len;
	int			 r, want;

	for (r = -1; r <= 10; r++) {
		if (r == 7)
			continue;
		snprintf(hex, sizeof(hex), "10%02x", r + 1);
		entry(&e[n++], hex, T_2023, r, 0);
	}
	der = build(e, n, &len);
	c = parse(der, len);
	free(der);
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(rev = find(c, &e[i]));
		/* unspecified (0) and none (-1) are both written as absent */
		want = e[i].reason > 0 ? e[i].reason : -1;
		ck_assert_int_eq(reason_of(rev), want);
	}
	X509_CRL_free(c);
}
END_TEST

START_TEST(test_unspecified_reason_writes_no_extension)
{
	struct cacrl_entry	 e;
	struct tlv		 f[3];
	uint8_t			*der;
	size_t			 len;
	int			 nf;

	entry(&e, "77", T_2023, CACRL_REASON_UNSPECIFIED, 0);
	der = build(&e, 1, &len);
	/* userCertificate and revocationDate only */
	first_entry(der, len, f, &nf);
	ck_assert_int_eq(nf, 2);
	free(der);
}
END_TEST

START_TEST(test_out_of_range_reasons_are_refused)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e;
	struct list		 l = { &e, 1, 0 };
	uint8_t			 sentinel, *der = &sentinel;
	size_t			 len;
	const int		 bad[] = { 7, 11, -2, 1000 };
	size_t			 i;

	params(&p, ca_cert, ca_key);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		entry(&e, "01", T_2023, bad[i], 0);
		l.i = 0;
		ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len),
		    -1);
		ck_assert_ptr_null(der);
	}
}
END_TEST

START_TEST(test_serial_with_top_bit_gets_leading_zero)
{
	struct cacrl_entry	 e;
	struct tlv		 f[3];
	X509_CRL		*c;
	X509_REVOKED		*rev;
	const ASN1_INTEGER	*ai;
	uint8_t			*der;
	size_t			 len;
	int			 nf;
	const uint8_t		 want[] = { 0x02, 0x03, 0x00, 0x80, 0x01 };

	entry(&e, "8001", T_2023, CACRL_REASON_NONE, 0);
	der = build(&e, 1, &len);
	first_entry(der, len, f, &nf);
	ck_assert_uint_eq(f[0].end - f[0].hdr, sizeof(want));
	ck_assert_int_eq(memcmp(f[0].hdr, want, sizeof(want)), 0);
	c = parse(der, len);
	ck_assert_ptr_nonnull(rev = find(c, &e));
	ai = X509_REVOKED_get0_serialNumber(rev);
	ck_assert_int_eq(ASN1_STRING_type(ai), V_ASN1_INTEGER);
	ck_assert_int_eq(ASN1_INTEGER_get(ai), 0x8001);
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_leading_zero_octets_of_serial_are_dropped)
{
	struct cacrl_entry	 e;
	struct tlv		 f[3];
	uint8_t			*der;
	size_t			 len;
	int			 nf;
	const uint8_t		 want[] = { 0x02, 0x01, 0x12 };

	entry(&e, "000012", T_2023, CACRL_REASON_NONE, 0);
	der = build(&e, 1, &len);
	first_entry(der, len, f, &nf);
	ck_assert_uint_eq(f[0].end - f[0].hdr, sizeof(want));
	ck_assert_int_eq(memcmp(f[0].hdr, want, sizeof(want)), 0);
	free(der);
}
END_TEST

START_TEST(test_twenty_byte_serials_are_found)
{
	struct cacrl_entry	 e[3], other;
	X509_CRL		*c;
	uint8_t			*der;
	size_t			 len, i;

	entry(&e[0], "0102030405060708090a0b0c0d0e0f1011121314", T_2023,
	    CACRL_REASON_KEY_COMPROMISE, 0);
	entry(&e[1], "7fffffffffffffffffffffffffffffffffffffff", T_2023,
	    CACRL_REASON_SUPERSEDED, 0);
	entry(&e[2], "ffffffffffffffffffffffffffffffffffffffff", T_2023,
	    CACRL_REASON_CESSATION, 0);
	der = build(e, 3, &len);
	c = parse(der, len);
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(reason_of(find(c, &e[i])), e[i].reason);
	entry(&other, "0102030405060708090a0b0c0d0e0f1011121315", T_2023,
	    -1, 0);
	ck_assert_ptr_null(find(c, &other));
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_zero_empty_or_oversize_serial_is_refused)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e;
	struct list		 l = { &e, 1, 0 };
	uint8_t			*der;
	size_t			 len;

	params(&p, ca_cert, ca_key);
	entry(&e, "0000", T_2023, -1, 0);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	entry(&e, "01", T_2023, -1, 0);
	e.serial_len = 0;
	l.i = 0;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	e.serial_len = 21;
	l.i = 0;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
}
END_TEST

START_TEST(test_invalidity_date_is_generalized_time)
{
	struct cacrl_entry	 e[2];
	X509_CRL		*c;
	X509_REVOKED		*rev;
	ASN1_GENERALIZEDTIME	*g;
	uint8_t			*der;
	size_t			 len;
	int			 crit;

	entry(&e[0], "0a", T_2023, CACRL_REASON_KEY_COMPROMISE,
	    T_2023 - 7200);
	entry(&e[1], "0b", T_2023, CACRL_REASON_NONE, T_2023);
	der = build(e, 2, &len);
	c = parse(der, len);

	ck_assert_ptr_nonnull(rev = find(c, &e[0]));
	ck_assert_int_eq(reason_of(rev), CACRL_REASON_KEY_COMPROMISE);
	g = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, &crit, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(crit, 0);
	assert_time(g, V_ASN1_GENERALIZEDTIME, "20231114201320Z");
	ASN1_GENERALIZEDTIME_free(g);
	assert_time(X509_REVOKED_get0_revocationDate(rev), V_ASN1_UTCTIME,
	    "231114221320Z");

	ck_assert_ptr_nonnull(rev = find(c, &e[1]));
	ck_assert_int_eq(reason_of(rev), -1);
	g = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, &crit, NULL);
	ck_assert_ptr_nonnull(g);
	assert_time(g, V_ASN1_GENERALIZEDTIME, "20231114221320Z");
	ASN1_GENERALIZEDTIME_free(g);
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_dates_from_2050_use_generalized_time)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e[3];
	struct list		 l = { e, 3, 0 };
	X509_CRL		*c;
	uint8_t			*der;
	size_t			 len;
	char			 out[8192];

	entry(&e[0], "01", 2524607999LL, -1, 0); /* 2049-12-31 end */
	entry(&e[1], "02", 2524608000LL, -1, 0); /* 2050-01-01 start */
	entry(&e[2], "03", -631152001LL, -1, 0); /* 1949-12-31 end */
	params(&p, ca_cert, ca_key);
	p.this_update = 2524607999LL;
	p.next_update = 2524608000LL;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), 0);
	c = parse(der, len);
	assert_time(X509_CRL_get0_lastUpdate(c), V_ASN1_UTCTIME,
	    "491231235959Z");
	assert_time(X509_CRL_get0_nextUpdate(c), V_ASN1_GENERALIZEDTIME,
	    "20500101000000Z");
	assert_time(X509_REVOKED_get0_revocationDate(find(c, &e[0])),
	    V_ASN1_UTCTIME, "491231235959Z");
	assert_time(X509_REVOKED_get0_revocationDate(find(c, &e[1])),
	    V_ASN1_GENERALIZEDTIME, "20500101000000Z");
	assert_time(X509_REVOKED_get0_revocationDate(find(c, &e[2])),
	    V_ASN1_GENERALIZEDTIME, "19491231235959Z");
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	write_file("y2050.der", der, len);
	ck_assert_int_eq(run("openssl crl -inform DER -in y2050.der -noout "
	    "-text", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "Jan  1 00:00:00 2050 GMT"));
	ck_assert_int_eq(run("certtool --crl-info --inder --infile y2050.der",
	    out, sizeof(out)), 0);
	X509_CRL_free(c);
	free(der);
}
END_TEST

START_TEST(test_date_beyond_year_9999_is_refused)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e;
	struct list		 l = { &e, 1, 0 };
	uint8_t			*der;
	size_t			 len;

	params(&p, ca_cert, ca_key);
	entry(&e, "01", 253402300800LL, -1, 0);	/* 10000-01-01 */
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	entry(&e, "01", T_2023, -1, 253402300800LL);
	l.i = 0;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
}
END_TEST

/*
 * An SM2 CA's CRL is signed SM2-with-SM3 over the TBSCertList with the
 * ID 1234567812345678: it verifies with the ID (lib/sm2's check and
 * OpenSSL's own EVP calls given the ID), and not without one, which is
 * all X509_CRL_verify() can do in OpenSSL 3.0.
 */
START_TEST(test_sm2_crl_is_signed_with_the_distinguishing_id)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e[2];
	struct list		 l = { e, 2, 0 };
	struct tlv		 top[3], tbs[8];
	EVP_PKEY		*sk;
	EVP_PKEY_CTX		*pc = NULL;
	EVP_MD_CTX		*md;
	X509			*sca;
	X509_CRL		*c;
	uint8_t			*der;
	size_t			 len;

	ck_assert_ptr_nonnull(sk = caconf_algo_keygen(CA_ALGO_SM2));
	ck_assert_int_eq(sm2_is_key(sk), 1);
	sca = make_ca(sk);
	entry(&e[0], "2001", T_2023, CACRL_REASON_KEY_COMPROMISE, 0);
	entry(&e[1], "2002", T_2023, CACRL_REASON_SUPERSEDED, 0);
	params(&p, sca, sk);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), 0);
	c = parse(der, len);
	ck_assert_int_eq(X509_CRL_get_signature_nid(c), NID_SM2_with_SM3);
	ck_assert_int_eq(split(der, len, top, tbs, 8), 7);
	ck_assert_uint_eq(tbs[1].end - tbs[1].hdr, sizeof(aid_sm2_sm3));
	ck_assert_int_eq(memcmp(tbs[1].hdr, aid_sm2_sm3,
	    sizeof(aid_sm2_sm3)), 0);
	ck_assert_uint_eq(top[1].end - top[1].hdr, sizeof(aid_sm2_sm3));
	ck_assert_int_eq(memcmp(top[1].hdr, aid_sm2_sm3,
	    sizeof(aid_sm2_sm3)), 0);
	ck_assert_uint_gt(top[2].len, 1);

	/* With the ID, through lib/sm2 and through bare EVP calls. */
	ck_assert_int_eq(sm2_verify(sk, top[0].hdr,
	    (size_t)(top[0].end - top[0].hdr), top[2].v + 1,
	    top[2].len - 1), 1);
	ck_assert_ptr_nonnull(md = EVP_MD_CTX_new());
	ck_assert_int_eq(EVP_DigestVerifyInit(md, &pc, EVP_sm3(), NULL, sk),
	    1);
	ck_assert_int_eq(EVP_PKEY_CTX_set1_id(pc, "1234567812345678", 16), 1);
	ck_assert_int_eq(EVP_DigestVerify(md, top[2].v + 1, top[2].len - 1,
	    top[0].hdr, (size_t)(top[0].end - top[0].hdr)), 1);
	EVP_MD_CTX_free(md);
	/* Without it (the empty ID), and with a tampered TBS: refused. */
	ck_assert_int_le(X509_CRL_verify(c, sk), 0);
	ERR_clear_error();
	der[top[0].end - der - 1] ^= 0x01;
	ck_assert_int_eq(sm2_verify(sk, top[0].hdr,
	    (size_t)(top[0].end - top[0].hdr), top[2].v + 1,
	    top[2].len - 1), 0);
	X509_CRL_free(c);
	X509_free(sca);
	EVP_PKEY_free(sk);
	free(der);
}
END_TEST

START_TEST(test_rsa3072_crl_verifies_with_null_parameters)
{
	struct cacrl_params	 p;
	struct cacrl_entry	 e[2];
	struct list		 l = { e, 2, 0 };
	struct tlv		 top[3], tbs[8];
	EVP_PKEY		*rk;
	X509			*rca;
	X509_CRL		*c;
	uint8_t			*der;
	size_t			 len;
	char			 out[8192];

	ck_assert_ptr_nonnull(rk = caconf_algo_keygen(CA_ALGO_RSA3072));
	rca = make_ca(rk);
	entry(&e[0], "1001", T_2023, CACRL_REASON_KEY_COMPROMISE, 0);
	entry(&e[1], "1002", T_2023, CACRL_REASON_NONE, 0);
	params(&p, rca, rk);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), 0);
	c = parse(der, len);
	ck_assert_int_eq(X509_CRL_verify(c, rk), 1);
	ck_assert_int_le(X509_CRL_verify(c, ca_key), 0);
	ck_assert_int_eq(X509_CRL_get_signature_nid(c),
	    NID_sha256WithRSAEncryption);
	ck_assert_int_eq(split(der, len, top, tbs, 8), 7);
	ck_assert_uint_eq(tbs[1].end - tbs[1].hdr, sizeof(aid_rsa_sha256));
	ck_assert_int_eq(memcmp(tbs[1].hdr, aid_rsa_sha256,
	    sizeof(aid_rsa_sha256)), 0);
	ck_assert_int_eq(memcmp(top[1].hdr, aid_rsa_sha256,
	    sizeof(aid_rsa_sha256)), 0);
	/* 3072-bit signature: BIT STRING of 1 + 384 octets */
	ck_assert_uint_eq(top[2].len, 385);

	write_cert("rca.pem", rca);
	write_file("rsa.der", der, len);
	ck_assert_int_eq(run("openssl crl -inform DER -in rsa.der -noout "
	    "-CAfile rca.pem", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "verify OK"));
	X509_CRL_free(c);
	X509_free(rca);
	EVP_PKEY_free(rk);
	free(der);
}
END_TEST

START_TEST(test_hundred_thousand_entries_parse_and_verify)
{
	struct cacrl_entry	 e;
	X509_CRL		*c;
	uint8_t			*der;
	size_t			 len, i;
	char			 out[4096];
	const size_t		 probe[] = { 0, 1, 7, 50000, 99999 };

	der = build_gen(100000, 0x5a, &len);
	c = parse(der, len);
	ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
	ck_assert_int_eq(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(c)), 100000);
	for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
		gen_entry(probe[i], 0x5a, &e);
		ck_assert_int_eq(reason_of(find(c, &e)),
		    e.reason > 0 ? e.reason : -1);
	}
	gen_entry(100000, 0x5a, &e);
	ck_assert_ptr_null(find(c, &e));
	write_file("big.der", der, len);
	ck_assert_int_eq(run("openssl crl -inform DER -in big.der -noout",
	    out, sizeof(out)), 0);
	X509_CRL_free(c);
	free(der);
}
END_TEST

/* ---- independent tools ---------------------------------------------- */

START_TEST(test_openssl_and_certtool_accept_crl)
{
	uint8_t		*der;
	size_t		 len;
	char		 out[65536];

	der = build_gen(50, 0x33, &len);
	write_file("mixed.der", der, len);
	write_cert("ca.pem", ca_cert);
	ck_assert_int_eq(run("openssl crl -inform DER -in mixed.der -noout "
	    "-text", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "Version 2 (0x1)"));
	ck_assert_ptr_nonnull(strstr(out, "X509v3 CRL Number"));
	ck_assert_ptr_nonnull(strstr(out, "Key Compromise"));
	ck_assert_ptr_nonnull(strstr(out, "Invalidity Date"));
	ck_assert_int_eq(run("certtool --crl-info --inder --infile mixed.der",
	    out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "Revoked certificates (50)"));
	ck_assert_int_eq(run("openssl crl -inform DER -in mixed.der "
	    "-out mixed.pem && certtool --verify-crl --load-ca-certificate "
	    "ca.pem --infile mixed.pem", out, sizeof(out)), 0);
	free(der);
}
END_TEST

START_TEST(test_revoked_leaf_fails_openssl_verify)
{
	char	 out[4096];

	chain_fixture();
	ck_assert_int_ne(run("openssl verify -crl_check -CAfile ca.pem "
	    "-CRLfile crl.crl.pem bad.pem", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "certificate revoked"));
}
END_TEST

START_TEST(test_unrevoked_leaf_passes_openssl_verify)
{
	char	 out[4096];

	chain_fixture();
	ck_assert_int_eq(run("openssl verify -crl_check -CAfile ca.pem "
	    "-CRLfile crl.crl.pem good.pem", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "good.pem: OK"));
}
END_TEST

START_TEST(test_revoked_leaf_fails_gnutls_verify)
{
	char	 out[8192];

	chain_fixture();
	ck_assert_int_ne(run("certtool --verify --load-ca-certificate ca.pem "
	    "--load-crl crl.crl.pem --infile bad.pem", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "revoked"));
	ck_assert_int_eq(run("certtool --verify --load-ca-certificate ca.pem "
	    "--load-crl crl.crl.pem --infile good.pem", out, sizeof(out)), 0);
}
END_TEST

/* ---- refusals ------------------------------------------------------- */

/*
 * A kept buffer serves CRL after CRL, large then small then large, and
 * survives a failed build; each CRL is what a fresh build would encode.
 */
START_TEST(test_kept_buffer_is_reused_across_builds)
{
	static const size_t	 sizes[] = { 5000, 3, 0, 20000 };
	struct cacrl_params	 p;
	struct cacrl_buf	 keep = { NULL, 0 };
	struct gen		 g;
	X509_CRL		*c;
	uint8_t			*der, *ref;
	size_t			 len, rlen, i;

	params(&p, ca_cert, ca_key);
	p.keep = &keep;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		g.n = sizes[i];
		g.i = 0;
		g.fill = (uint8_t)i;
		der = NULL;
		ck_assert_int_eq(cacrl_build(&p, gen_next, &g, &der, &len), 0);
		ck_assert_ptr_nonnull(keep.p);
		ck_assert(der >= keep.p && der + len <= keep.p + keep.cap);
		c = parse(der, len);
		ck_assert_int_eq(X509_CRL_verify(c, ca_key), 1);
		ck_assert_int_eq(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(c)),
		    sizes[i] == 0 ? -1 : (int)sizes[i]);
		X509_CRL_free(c);
		/* Same length as a fresh build (signatures differ). */
		ref = build_gen(sizes[i], (uint8_t)i, &rlen);
		ck_assert_uint_le(rlen > len ? rlen - len : len - rlen, 2);
		free(ref);
		if (i == 1) {
			/* A failing build hands the buffer back too. */
			p.next_update = p.this_update;
			ck_assert_int_eq(cacrl_build(&p, gen_next, &g, &der,
			    &len), -1);
			ck_assert_ptr_null(der);
			p.next_update = now + 86400;
		}
	}
	free(keep.p);
}
END_TEST

START_TEST(test_iterator_error_fails_build)
{
	struct cacrl_params	 p;
	uint8_t			*der;
	size_t			 len;
	int			 calls = 0;

	params(&p, ca_cert, ca_key);
	ck_assert_int_eq(cacrl_build(&p, fail_next, &calls, &der, &len), -1);
	ck_assert_int_eq(calls, 4);
	ck_assert_ptr_null(der);
}
END_TEST

START_TEST(test_key_not_matching_issuer_is_refused)
{
	struct cacrl_params	 p;
	struct list		 l = { NULL, 0, 0 };
	EVP_PKEY		*other;
	uint8_t			*der;
	size_t			 len;

	ck_assert_ptr_nonnull(other = caconf_algo_keygen(CA_ALGO_P256));
	params(&p, ca_cert, other);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
	EVP_PKEY_free(other);
}
END_TEST

START_TEST(test_issuer_without_ski_is_refused)
{
	struct cacrl_params	 p;
	struct list		 l = { NULL, 0, 0 };
	X509			*x;
	uint8_t			*der;
	size_t			 len;

	x = make_cert(1, ca_key, NULL, ca_key, 0);
	ck_assert_ptr_null(X509_get0_subject_key_id(x));
	params(&p, x, ca_key);
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
	X509_free(x);
}
END_TEST

START_TEST(test_next_update_not_after_this_update_is_refused)
{
	struct cacrl_params	 p;
	struct list		 l = { NULL, 0, 0 };
	uint8_t			*der;
	size_t			 len;

	params(&p, ca_cert, ca_key);
	p.next_update = p.this_update;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
}
END_TEST

/* ---- publication ---------------------------------------------------- */

START_TEST(test_publish_writes_der_and_pem_that_agree)
{
	X509_CRL	*c;
	struct stat	 st;
	uint8_t		*der, *file, *re = NULL;
	size_t		 len, flen;
	char		 path[160];
	FILE		*f;
	int		 relen;

	der = build_gen(1000, 0x21, &len);
	ck_assert_int_eq(cacrl_publish(dir, "issuing-ca", der, len), 0);
	ck_assert_ptr_nonnull(file = read_file("issuing-ca.crl", &flen));
	ck_assert_uint_eq(flen, len);
	ck_assert_int_eq(memcmp(file, der, len), 0);

	snprintf(path, sizeof(path), "%s/issuing-ca.crl.pem", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(c = PEM_read_X509_CRL(f, NULL, NULL, NULL));
	fclose(f);
	relen = i2d_X509_CRL(c, &re);
	ck_assert_int_eq(relen, (int)len);
	ck_assert_int_eq(memcmp(re, der, len), 0);

	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	ck_assert(!exists("issuing-ca.crl.tmp"));
	ck_assert(!exists("issuing-ca.crl.pem.tmp"));
	OPENSSL_free(re);
	X509_CRL_free(c);
	free(file);
	free(der);
}
END_TEST

START_TEST(test_publish_replaces_leftover_tmp_files)
{
	uint8_t		*der, *file, *victim;
	size_t		 len, flen, vlen;
	char		 path[160], target[160];

	write_file("victim", "keep", 4);
	write_file("ca.crl.tmp", "half a CRL", 10);
	snprintf(path, sizeof(path), "%s/ca.crl.tmp", dir);
	ck_assert_int_eq(chmod(path, 0400), 0);
	snprintf(path, sizeof(path), "%s/ca.crl.pem.tmp", dir);
	snprintf(target, sizeof(target), "%s/victim", dir);
	ck_assert_int_eq(symlink(target, path), 0);

	der = build_gen(10, 0x44, &len);
	ck_assert_int_eq(cacrl_publish(dir, "ca", der, len), 0);
	ck_assert_ptr_nonnull(file = read_file("ca.crl", &flen));
	ck_assert_uint_eq(flen, len);
	ck_assert_int_eq(memcmp(file, der, len), 0);
	ck_assert(exists("ca.crl.pem"));
	ck_assert(!exists("ca.crl.tmp"));
	ck_assert(!exists("ca.crl.pem.tmp"));
	ck_assert_ptr_nonnull(victim = read_file("victim", &vlen));
	ck_assert_uint_eq(vlen, 4);
	ck_assert_int_eq(memcmp(victim, "keep", 4), 0);
	free(victim);
	free(file);
	free(der);
}
END_TEST

/*
 * Numbered CRLs never go backwards on disk: a CRL numbered lower than (or
 * as) the one published is not put over it (a stalled signer finishing
 * late, cadrole.h), a higher one is, and NAME.crl.number follows.
 */
START_TEST(test_a_lower_numbered_crl_never_replaces_a_higher_one)
{
	uint8_t		*a, *b, *c, *file;
	size_t		 alen, blen, clen, flen;

	a = build_gen(3, 0x51, &alen);
	b = build_gen(4, 0x52, &blen);
	c = build_gen(5, 0x53, &clen);
	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 7, a, alen), 0);
	ck_assert_ptr_nonnull(file = read_file("ca.crl.number", &flen));
	ck_assert_uint_eq(flen, 2);
	ck_assert_int_eq(memcmp(file, "7\n", 2), 0);
	free(file);

	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 6, b, blen), 1);
	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 7, b, blen), 1);
	ck_assert_ptr_nonnull(file = read_file("ca.crl", &flen));
	ck_assert_uint_eq(flen, alen);
	ck_assert_int_eq(memcmp(file, a, alen), 0);
	free(file);
	ck_assert(!exists("ca.crl.tmp"));

	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 8, c, clen), 0);
	ck_assert_ptr_nonnull(file = read_file("ca.crl", &flen));
	ck_assert_uint_eq(flen, clen);
	ck_assert_int_eq(memcmp(file, c, clen), 0);
	free(file);
	ck_assert_ptr_nonnull(file = read_file("ca.crl.number", &flen));
	ck_assert_int_eq(memcmp(file, "8\n", 2), 0);
	free(file);

	/* A mark that is not a number stops publishing, saying so. */
	write_file("ca.crl.number", "garbage", 7);
	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 9, c, clen), -1);
	ck_assert_int_eq(cacrl_publish_numbered(dir, "ca", 0, c, clen), -1);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* A reader polling the file while it is replaced sees only whole CRLs. */
START_TEST(test_publish_is_atomic_for_a_concurrent_reader)
{
	uint8_t		*a, *b, *file;
	size_t		 alen, blen, flen;
	struct pollfd	 pfd;
	int		 fds[2], st, i, bad;
	long		 reads;
	pid_t		 pid;

	a = build_gen(2000, 0x61, &alen);
	b = build_gen(3000, 0x62, &blen);
	ck_assert_int_eq(cacrl_publish(dir, "ca", a, alen), 0);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		close(fds[1]);
		pfd.fd = fds[0];
		pfd.events = POLLIN;
		for (reads = 0, bad = 0; ; reads++) {
			if ((file = read_file("ca.crl", &flen)) == NULL)
				_exit(3);
			if (!(flen == alen && memcmp(file, a, alen) == 0) &&
			    !(flen == blen && memcmp(file, b, blen) == 0))
				bad++;
			free(file);
			if (poll(&pfd, 1, 0) != 0)
				break;
		}
		_exit(bad == 0 && reads > 0 ? 0 : 2);
	}
	close(fds[0]);
	for (i = 0; i < 200; i++)
		ck_assert_int_eq(cacrl_publish(dir, "ca", i % 2 ? a : b,
		    i % 2 ? alen : blen), 0);
	close(fds[1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_publish_refuses_unsafe_names)
{
	const uint8_t	 der[] = { 0x30, 0x00 };
	char		 missing[160];

	ck_assert_int_eq(cacrl_publish(dir, "", der, sizeof(der)), -1);
	ck_assert_int_eq(cacrl_publish(dir, "../x", der, sizeof(der)), -1);
	ck_assert_int_eq(cacrl_publish(dir, ".hidden", der, sizeof(der)), -1);
	ck_assert_int_eq(cacrl_publish(dir, "a/b", der, sizeof(der)), -1);
	ck_assert_int_eq(cacrl_publish(dir, "ok", der, 0), -1);
	snprintf(missing, sizeof(missing), "%s/nope", dir);
	ck_assert_int_eq(cacrl_publish(missing, "ok", der, sizeof(der)), -1);
	ck_assert(!exists("ok.crl"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("crl");
	TCase	*tc = tcase_create("crl");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_empty_crl_omits_revoked_certificates);
	tcase_add_test(tc, test_crl_verifies_and_carries_issuer_fields);
	tcase_add_test(tc, test_tbs_matches_openssl_encoder_byte_for_byte);
	tcase_add_test(tc, test_each_reason_code_is_read_back);
	tcase_add_test(tc, test_unspecified_reason_writes_no_extension);
	tcase_add_test(tc, test_out_of_range_reasons_are_refused);
	tcase_add_test(tc, test_serial_with_top_bit_gets_leading_zero);
	tcase_add_test(tc, test_leading_zero_octets_of_serial_are_dropped);
	tcase_add_test(tc, test_twenty_byte_serials_are_found);
	tcase_add_test(tc, test_zero_empty_or_oversize_serial_is_refused);
	tcase_add_test(tc, test_invalidity_date_is_generalized_time);
	tcase_add_test(tc, test_dates_from_2050_use_generalized_time);
	tcase_add_test(tc, test_date_beyond_year_9999_is_refused);
	tcase_add_test(tc, test_rsa3072_crl_verifies_with_null_parameters);
	tcase_add_test(tc, test_sm2_crl_is_signed_with_the_distinguishing_id);
	tcase_add_test(tc, test_hundred_thousand_entries_parse_and_verify);
	tcase_add_test(tc, test_openssl_and_certtool_accept_crl);
	tcase_add_test(tc, test_revoked_leaf_fails_openssl_verify);
	tcase_add_test(tc, test_unrevoked_leaf_passes_openssl_verify);
	tcase_add_test(tc, test_revoked_leaf_fails_gnutls_verify);
	tcase_add_test(tc, test_iterator_error_fails_build);
	tcase_add_test(tc, test_kept_buffer_is_reused_across_builds);
	tcase_add_test(tc, test_key_not_matching_issuer_is_refused);
	tcase_add_test(tc, test_issuer_without_ski_is_refused);
	tcase_add_test(tc, test_next_update_not_after_this_update_is_refused);
	tcase_add_test(tc, test_publish_writes_der_and_pem_that_agree);
	tcase_add_test(tc, test_publish_replaces_leftover_tmp_files);
	tcase_add_test(tc, test_publish_is_atomic_for_a_concurrent_reader);
	tcase_add_test(tc, test_publish_refuses_unsafe_names);
	tcase_add_test(tc,
	    test_a_lower_numbered_crl_never_replaces_a_higher_one);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
