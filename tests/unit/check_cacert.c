/*
 * check_cacert.c: the daemon's hand-written encoders and parsers against
 * OpenSSL's: the fast CSR path of ca/caissue.c (it may only ever accept
 * what OpenSSL's X509_REQ path accepts, with the same key), the
 * end-entity template of ca/cacert.c (byte for byte what cacert_build()
 * makes), and the DER reader and Time writer of ca/cader.c.
 *
 * Each test runs in its own process (fork mode) with throwaway keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/casig.h"
#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/caissue.h"
#include "lib/sm2.h"

/* ---- helpers --------------------------------------------------------- */

static EVP_PKEY *
keygen(const char *type, const char *param)
{
	EVP_PKEY	*k;

	if (strcmp(type, "RSA") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)atoi(param));
	else if (strcmp(type, "EC") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", param);
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, type);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* A CSR for key signed with md (NULL for Ed25519), as DER. */
static uint8_t *
make_csr(EVP_PKEY *key, const EVP_MD *md, size_t *len)
{
	X509_REQ	*r;
	X509_NAME	*n;
	uint8_t		*der = NULL;
	int		 l;

	r = X509_REQ_new();
	ck_assert_ptr_nonnull(r);
	n = X509_REQ_get_subject_name(r);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"张测试", -1, -1, 0), 1);
	ck_assert_int_eq(X509_REQ_set_version(r, 0), 1);
	ck_assert_int_eq(X509_REQ_set_pubkey(r, key), 1);
	ck_assert_int_gt(X509_REQ_sign(r, key, md), 0);
	l = i2d_X509_REQ(r, &der);
	ck_assert_int_gt(l, 0);
	X509_REQ_free(r);
	*len = (size_t)l;
	return der;
}

/*
 * Runs both CSR paths and the combined one over p; checks that they agree
 * and returns 1 if the request is accepted.
 */
static int
both(const uint8_t *p, size_t len)
{
	struct caissue_key	 f, o, c;
	char			 why[200];
	int			 fast, ossl, comb;

	fast = caissue_csr_key_fast(p, len, &f);
	ossl = caissue_csr_key_openssl(p, len, &o, why, sizeof(why)) == 0;
	comb = caissue_csr_key(p, len, &c, why, sizeof(why)) == 0;
	/* The fast path only ever accepts what OpenSSL accepts ... */
	if (fast) {
		ck_assert_int_eq(ossl, 1);
		/* ... with the same key, encoded the same way. */
		ck_assert_int_eq(EVP_PKEY_eq(f.pkey, o.pkey), 1);
		ck_assert_uint_eq(f.spki_len, o.spki_len);
		ck_assert_mem_eq(f.spki, o.spki, f.spki_len);
		ck_assert_int_eq(f.is_rsa, o.is_rsa);
	}
	ck_assert_int_eq(comb, ossl);
	caissue_key_clear(&f);
	caissue_key_clear(&o);
	caissue_key_clear(&c);
	return ossl;
}

/* ---- CSR paths -------------------------------------------------------- */

START_TEST(test_fast_path_accepts_p256_and_p384)
{
	struct caissue_key	 k;
	EVP_PKEY		*a = keygen("EC", "P-256");
	EVP_PKEY		*b = keygen("EC", "P-384");
	uint8_t			*d;
	size_t			 n;

	d = make_csr(a, EVP_sha256(), &n);
	ck_assert_int_eq(caissue_csr_key_fast(d, n, &k), 1);
	ck_assert_int_eq(EVP_PKEY_eq(k.pkey, a), 1);
	caissue_key_clear(&k);
	ck_assert_int_eq(both(d, n), 1);
	free(d);

	d = make_csr(b, EVP_sha384(), &n);
	ck_assert_int_eq(caissue_csr_key_fast(d, n, &k), 1);
	ck_assert_int_eq(EVP_PKEY_eq(k.pkey, b), 1);
	caissue_key_clear(&k);
	ck_assert_int_eq(both(d, n), 1);
	free(d);
	d = make_csr(b, EVP_sha512(), &n);
	ck_assert_int_eq(both(d, n), 1);
	free(d);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}
END_TEST

START_TEST(test_tampered_signature_is_refused_by_both_paths)
{
	EVP_PKEY	*a = keygen("EC", "P-256");
	uint8_t		*d;
	size_t		 n;

	d = make_csr(a, EVP_sha256(), &n);
	d[n - 5] ^= 0x01;		/* inside the signature's s */
	ck_assert_int_eq(both(d, n), 0);
	d[n - 5] ^= 0x01;
	d[20] ^= 0x20;			/* inside the signed request info */
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(a);
}
END_TEST

START_TEST(test_trailing_garbage_is_refused_by_both_paths)
{
	EVP_PKEY	*a = keygen("EC", "P-256");
	uint8_t		*d, *e;
	size_t		 n;

	d = make_csr(a, EVP_sha256(), &n);
	e = malloc(n + 1);
	ck_assert_ptr_nonnull(e);
	memcpy(e, d, n);
	e[n] = 0;
	ck_assert_int_eq(both(e, n + 1), 0);
	ck_assert_int_eq(both(d, n - 1), 0);
	free(d);
	free(e);
	EVP_PKEY_free(a);
}
END_TEST

START_TEST(test_key_rules_hold_on_every_path)
{
	EVP_PKEY	*k;
	uint8_t		*d;
	size_t		 n;

	k = keygen("RSA", "2048");		/* accepted, OpenSSL's path */
	d = make_csr(k, EVP_sha256(), &n);
	ck_assert_int_eq(both(d, n), 1);
	free(d);
	EVP_PKEY_free(k);

	k = keygen("RSA", "1024");		/* too small */
	d = make_csr(k, EVP_sha256(), &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(k);

	k = keygen("EC", "P-521");		/* curve not accepted */
	d = make_csr(k, EVP_sha512(), &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(k);

	k = keygen("EC", "secp256k1");
	d = make_csr(k, EVP_sha256(), &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(k);

	k = keygen("ED25519", NULL);		/* key type not accepted */
	d = make_csr(k, NULL, &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_compressed_ec_point_is_refused)
{
	EVP_PKEY	*k = keygen("EC", "P-256");
	uint8_t		*d;
	size_t		 n;

	ck_assert_int_eq(EVP_PKEY_set_utf8_string_param(k,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "compressed"), 1);
	d = make_csr(k, EVP_sha256(), &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_pem_request_takes_openssl_path)
{
	EVP_PKEY	*k = keygen("EC", "P-256");
	struct caissue_key c;
	X509_REQ	*r;
	BIO		*b;
	const uint8_t	*q;
	uint8_t		*d;
	char		*pem, why[200];
	size_t		 n;
	long		 pl;

	d = make_csr(k, EVP_sha256(), &n);
	q = d;
	r = d2i_X509_REQ(NULL, &q, (long)n);
	ck_assert_ptr_nonnull(r);
	b = BIO_new(BIO_s_mem());
	ck_assert_int_eq(PEM_write_bio_X509_REQ(b, r), 1);
	pl = BIO_get_mem_data(b, &pem);
	ck_assert_int_eq(caissue_csr_key_fast((uint8_t *)pem, (size_t)pl,
	    &c), 0);
	ck_assert_int_eq(both((uint8_t *)pem, (size_t)pl), 1);
	ck_assert_int_eq(caissue_csr_key((uint8_t *)pem, (size_t)pl, &c,
	    why, sizeof(why)), 0);
	ck_assert_int_eq(EVP_PKEY_eq(c.pkey, k), 1);
	caissue_key_clear(&c);
	BIO_free(b);
	X509_REQ_free(r);
	free(d);
	EVP_PKEY_free(k);
}
END_TEST

/*
 * Every single-bit flip of a few chosen bits in every octet, and every
 * truncation: the fast path never accepts what OpenSSL refuses, and the
 * combined path always decides as OpenSSL does.
 */
/*
 * An SM2 request signed with the distinguishing ID id (NULL: none, as
 * OpenSSL 3.0's X509_REQ_sign() does), by bare EVP calls, as DER.
 */
static uint8_t *
make_sm2_csr(EVP_PKEY *key, const char *id, size_t *len)
{
	X509_REQ	*r;
	EVP_MD_CTX	*md;
	EVP_PKEY_CTX	*pc = NULL;
	uint8_t		*der = NULL;
	int		 l;

	ck_assert_ptr_nonnull(r = X509_REQ_new());
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(
	    X509_REQ_get_subject_name(r), "CN", MBSTRING_UTF8,
	    (const unsigned char *)"张测试", -1, -1, 0), 1);
	ck_assert_int_eq(X509_REQ_set_version(r, 0), 1);
	ck_assert_int_eq(X509_REQ_set_pubkey(r, key), 1);
	if (id == NULL)
		ck_assert_int_gt(X509_REQ_sign(r, key, EVP_sm3()), 0);
	else {
		ck_assert_ptr_nonnull(md = EVP_MD_CTX_new());
		ck_assert_int_eq(EVP_DigestSignInit(md, &pc, EVP_sm3(), NULL,
		    key), 1);
		ck_assert_int_eq(EVP_PKEY_CTX_set1_id(pc, id, strlen(id)), 1);
		ck_assert_int_gt(X509_REQ_sign_ctx(r, md), 0);
		EVP_MD_CTX_free(md);
	}
	l = i2d_X509_REQ(r, &der);
	ck_assert_int_gt(l, 0);
	X509_REQ_free(r);
	*len = (size_t)l;
	return der;
}

/*
 * An SM2 request is the OpenSSL path's (the fast path never takes it)
 * and is accepted only when it was signed with the ID 1234567812345678:
 * signed by lib/sm2 or by bare EVP calls given that ID, yes; with
 * another ID, or none (X509_REQ_sign), refused as no proof of possession.
 */
START_TEST(test_sm2_request_is_verified_with_the_id)
{
	struct caissue_key	 k;
	EVP_PKEY		*a = keygen("SM2", NULL);
	X509_REQ		*r;
	uint8_t			*d = NULL, *spki = NULL;
	char			 why[200];
	size_t			 n;
	int			 l;

	/* lib/sm2's request signature */
	ck_assert_ptr_nonnull(r = X509_REQ_new());
	ck_assert_int_eq(X509_REQ_set_pubkey(r, a), 1);
	ck_assert_int_eq(sm2_req_sign(r, a), 0);
	ck_assert_int_eq(X509_REQ_get_signature_nid(r), NID_SM2_with_SM3);
	l = i2d_X509_REQ(r, &d);
	ck_assert_int_gt(l, 0);
	X509_REQ_free(r);
	ck_assert_int_eq(caissue_csr_key_fast(d, (size_t)l, &k), 0);
	ck_assert_int_eq(both(d, (size_t)l), 1);
	ck_assert_int_eq(caissue_csr_key(d, (size_t)l, &k, why, sizeof(why)),
	    0);
	ck_assert_int_eq(sm2_is_key(k.pkey), 1);
	ck_assert_int_eq(EVP_PKEY_eq(k.pkey, a), 1);
	ck_assert_int_eq(k.is_rsa, 0);
	l = i2d_PUBKEY(a, &spki);
	ck_assert_uint_eq(k.spki_len, (size_t)l);
	ck_assert_mem_eq(k.spki, spki, k.spki_len);
	caissue_key_clear(&k);
	OPENSSL_free(spki);
	OPENSSL_free(d);

	d = make_sm2_csr(a, "1234567812345678", &n);
	ck_assert_int_eq(both(d, n), 1);
	free(d);
	d = make_sm2_csr(a, "1234567812345679", &n);
	ck_assert_int_eq(both(d, n), 0);
	ck_assert_int_eq(caissue_csr_key(d, n, &k, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "does not verify"));
	free(d);
	d = make_sm2_csr(a, NULL, &n);
	ck_assert_int_eq(both(d, n), 0);
	free(d);
	EVP_PKEY_free(a);
}
END_TEST

START_TEST(test_mutated_requests_are_decided_as_openssl_does)
{
	static const uint8_t	 bits[] = { 0x01, 0x80, 0x40 };
	EVP_PKEY		*k = keygen("EC", _i == 0 ? "P-256" : "P-384");
	uint8_t			*d;
	size_t			 n, i, j;

	d = make_csr(k, _i == 0 ? EVP_sha256() : EVP_sha384(), &n);
	for (i = 0; i < n; i++)
		for (j = 0; j < sizeof(bits); j++) {
			d[i] ^= bits[j];
			(void)both(d, n);
			d[i] ^= bits[j];
		}
	for (i = 0; i < n; i++)
		ck_assert_int_eq(both(d, i), 0);
	ck_assert_int_eq(both(d, n), 1);
	free(d);
	EVP_PKEY_free(k);
}
END_TEST

/* ---- certificate template -------------------------------------------- */

static X509 *
make_ca(EVP_PKEY *key, const struct caconf *conf)
{
	struct cacert_req	 r;
	X509_NAME		*n;
	X509			*x;
	time_t			 now = time(NULL);

	n = cacert_name("测试单位", NULL, "Test Issuing CA");
	ck_assert_ptr_nonnull(n);
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ROOT;
	r.subject = n;
	r.pubkey = key;
	r.not_before = now - 3600;
	r.not_after = now + 20 * 365 * 86400;
	r.issuer_key = key;
	r.conf = conf;
	x = cacert_build(&r);
	X509_NAME_free(n);
	ck_assert_ptr_nonnull(x);
	return x;
}

static void
conf_init(struct caconf *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "issuing-ca");
	snprintf(c->base_url, sizeof(c->base_url), "http://127.0.0.1:18080");
	c->cert_days = 1095;
	c->crl_hours = 24;
}

static uint8_t *
der_of(X509 *x, size_t *len)
{
	uint8_t	*d = NULL;
	int	 n = i2d_X509(x, &d);

	ck_assert_int_gt(n, 0);
	*len = (size_t)n;
	return d;
}

/* The certificate's CDP names "-sKK.crl", KK its serial's shard. */
static void
shard_cdp_ok(X509 *x, int shards)
{
	const ASN1_INTEGER	*sn = X509_get0_serialNumber(x);
	STACK_OF(DIST_POINT)	*dps;
	GENERAL_NAME		*gn;
	char			 want[32];
	const char		*uri;
	unsigned		 k;

	k = ASN1_STRING_get0_data(sn)[ASN1_STRING_length(sn) - 1] &
	    (unsigned)(shards - 1);
	snprintf(want, sizeof(want), "-s%02x.crl", k);
	dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
	ck_assert_ptr_nonnull(dps);
	ck_assert_int_eq(sk_DIST_POINT_num(dps), 1);
	gn = sk_GENERAL_NAME_value(sk_DIST_POINT_value(dps, 0)->
	    distpoint->name.fullname, 0);
	uri = (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
	ck_assert_ptr_nonnull(strstr(uri, want));
	ck_assert_str_eq(uri + strlen(uri) - strlen(want), want);
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
}

/*
 * Signs from the template and with cacert_build() for the same subject
 * and key, then compares everything but serial and signature.
 */
static void
template_matches_build(EVP_PKEY *ca_key, EVP_PKEY *subj_key, time_t nb,
    time_t na, int shards)
{
	struct caconf		 conf;
	struct cacert_tmpl	*t;
	struct casig		 sg;
	struct cacert_der	 cd;
	struct cacert_req	 r;
	X509			*ca, *fast, *ref;
	X509_NAME		*name;
	const uint8_t		*q;
	uint8_t			*spki = NULL, *subj = NULL, *re, *a, *b;
	uint8_t			 ski[SHA_DIGEST_LENGTH];
	const unsigned char	*pk;
	ASN1_INTEGER		*sn;
	BIGNUM			*bn;
	char			*hex;
	size_t			 len, la, lb;
	int			 spki_len, subj_len, i, pklen;

	conf_init(&conf);
	conf.crl_shards = shards;
	ca = make_ca(ca_key, &conf);
	ck_assert_int_eq(casig_local(&sg, ca_key), 0);
	t = cacert_tmpl_new(ca, &sg, &conf);
	ck_assert_ptr_nonnull(t);
	name = cacert_name("辽宁测试建设工程有限公司", "部门", "张测试");
	ck_assert_ptr_nonnull(name);
	spki_len = i2d_PUBKEY(subj_key, &spki);
	subj_len = i2d_X509_NAME(name, &subj);
	ck_assert_int_gt(spki_len, 0);
	ck_assert_int_gt(subj_len, 0);

	ck_assert_int_eq(cacert_tmpl_sign(t, subj, (size_t)subj_len, spki,
	    (size_t)spki_len, EVP_PKEY_get_base_id(subj_key) == EVP_PKEY_RSA,
	    nb, na, &cd), 0);
	q = cd.der;
	fast = d2i_X509(NULL, &q, (long)cd.der_len);
	ck_assert_ptr_nonnull(fast);
	ck_assert_ptr_eq(q, cd.der + cd.der_len);
	/* DER: OpenSSL re-encodes it to the same octets. */
	re = der_of(fast, &len);
	ck_assert_uint_eq(len, cd.der_len);
	ck_assert_mem_eq(re, cd.der, len);
	OPENSSL_free(re);
	ck_assert_int_eq(sm2_x509_verify(fast, ca_key), 1);
	ck_assert_int_eq(X509_get_version(fast), X509_VERSION_3);
	/* Serial: positive, 16 octets, 0x40 set, as printed. */
	sn = X509_get_serialNumber(fast);
	bn = ASN1_INTEGER_to_BN(sn, NULL);
	hex = BN_bn2hex(bn);
	ck_assert_str_eq(hex, cd.serial);
	ck_assert_int_eq(BN_num_bytes(bn), 16);
	ck_assert_int_eq(BN_is_bit_set(bn, 126), 1);
	ck_assert_int_eq(BN_is_bit_set(bn, 127), 0);
	OPENSSL_free(hex);
	BN_free(bn);
	/* SKI: SHA-1 of the key bits. */
	ck_assert_int_eq(X509_PUBKEY_get0_param(NULL, &pk, &pklen, NULL,
	    X509_get_X509_PUBKEY(fast)), 1);
	SHA1(pk, (size_t)pklen, ski);
	ck_assert_int_eq(X509_get0_subject_key_id(fast)->length, 20);
	ck_assert_mem_eq(X509_get0_subject_key_id(fast)->data, ski, 20);

	/* The reference, the slow way. */
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_END_ENTITY;
	r.subject = name;
	r.pubkey = subj_key;
	r.not_before = nb;
	r.not_after = na;
	r.issuer = ca;
	r.issuer_key = ca_key;
	r.conf = &conf;
	ref = cacert_build(&r);
	ck_assert_ptr_nonnull(ref);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_subject_name(fast),
	    X509_get_subject_name(ref)), 0);
	ck_assert_int_eq(X509_NAME_cmp(X509_get_issuer_name(fast),
	    X509_get_issuer_name(ref)), 0);
	ck_assert_int_eq(ASN1_TIME_compare(X509_get0_notBefore(fast),
	    X509_get0_notBefore(ref)), 0);
	ck_assert_int_eq(ASN1_TIME_compare(X509_get0_notAfter(fast),
	    X509_get0_notAfter(ref)), 0);
	ck_assert_int_eq(X509_get0_notAfter(fast)->type,
	    X509_get0_notAfter(ref)->type);
	ck_assert_int_eq(X509_get0_notBefore(fast)->type,
	    X509_get0_notBefore(ref)->type);
	ck_assert_int_eq(EVP_PKEY_eq(X509_get0_pubkey(fast), subj_key), 1);
	ck_assert_int_eq(X509_get_ext_count(fast), X509_get_ext_count(ref));
	for (i = 0; i < X509_get_ext_count(ref); i++) {
		if (shards > 0 && X509_EXTENSION_get_object(X509_get_ext(ref,
		    i)) == OBJ_nid2obj(NID_crl_distribution_points)) {
			/* Each names the shard of its own serial. */
			shard_cdp_ok(fast, shards);
			shard_cdp_ok(ref, shards);
			continue;
		}
		a = b = NULL;
		la = (size_t)i2d_X509_EXTENSION(X509_get_ext(fast, i), &a);
		lb = (size_t)i2d_X509_EXTENSION(X509_get_ext(ref, i), &b);
		ck_assert_uint_eq(la, lb);
		ck_assert_mem_eq(a, b, la);
		OPENSSL_free(a);
		OPENSSL_free(b);
	}
	/* Same algorithm, both places. */
	a = b = NULL;
	la = (size_t)i2d_X509_ALGOR(X509_get0_tbs_sigalg(fast), &a);
	lb = (size_t)i2d_X509_ALGOR(X509_get0_tbs_sigalg(ref), &b);
	ck_assert_uint_eq(la, lb);
	ck_assert_mem_eq(a, b, la);
	OPENSSL_free(a);
	OPENSSL_free(b);

	X509_free(ref);
	X509_free(fast);
	free(cd.der);
	OPENSSL_free(spki);
	OPENSSL_free(subj);
	X509_NAME_free(name);
	cacert_tmpl_free(t);
	X509_free(ca);
}

START_TEST(test_template_certificate_equals_cacert_build_ec)
{
	EVP_PKEY	*ca = keygen("EC", "P-256");
	EVP_PKEY	*k = keygen("EC", "P-256");
	time_t		 now = time(NULL);

	template_matches_build(ca, k, now - 60, now + 1095 * 86400, 0);
	EVP_PKEY_free(k);
	k = keygen("EC", "P-384");
	template_matches_build(ca, k, now - 60, now + 86400, 0);
	/* Partitioned CRLs: 16 and 256 shards, each names its own. */
	template_matches_build(ca, k, now - 60, now + 86400, 16);
	template_matches_build(ca, k, now - 60, now + 86400, 256);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
}
END_TEST

START_TEST(test_template_certificate_equals_cacert_build_rsa)
{
	EVP_PKEY	*ca = keygen("RSA", "3072");
	EVP_PKEY	*k = keygen("RSA", "2048");
	time_t		 now = time(NULL);

	template_matches_build(ca, k, now - 60, now + 1095 * 86400, 0);
	EVP_PKEY_free(k);
	k = keygen("EC", "P-256");
	template_matches_build(ca, k, now - 60, now + 86400, 0);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
}
END_TEST

/* An SM2 issuer: SM2-with-SM3 with the ID on both paths. */
START_TEST(test_template_certificate_equals_cacert_build_sm2)
{
	EVP_PKEY	*ca = keygen("SM2", NULL);
	EVP_PKEY	*k = keygen("SM2", NULL);
	time_t		 now = time(NULL);

	template_matches_build(ca, k, now - 60, now + 1095 * 86400, 0);
	EVP_PKEY_free(k);
	k = keygen("EC", "P-256");
	template_matches_build(ca, k, now - 60, now + 86400, 0);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
}
END_TEST

START_TEST(test_template_uses_generalized_time_from_2050)
{
	EVP_PKEY	*ca = keygen("EC", "P-256");
	EVP_PKEY	*k = keygen("EC", "P-256");

	/* 2049-12-31T23:59:59Z and 2050-01-01T00:00:00Z */
	template_matches_build(ca, k, 2524607999LL - 86400, 2524607999LL, 0);
	template_matches_build(ca, k, 2524607999LL - 86400, 2524608000LL, 0);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
}
END_TEST

START_TEST(test_template_refuses_bad_input)
{
	struct caconf		 conf;
	struct cacert_tmpl	*t;
	struct casig		 sg;
	struct cacert_der	 cd;
	EVP_PKEY		*ca_key = keygen("EC", "P-256");
	X509			*ca;
	static const uint8_t	 name[] = { 0x30, 0x00 };
	static const uint8_t	 junk[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };

	conf_init(&conf);
	ca = make_ca(ca_key, &conf);
	ck_assert_int_eq(casig_local(&sg, ca_key), 0);
	t = cacert_tmpl_new(ca, &sg, &conf);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(cacert_tmpl_sign(t, name, sizeof(name), junk,
	    sizeof(junk), 0, 1000, 2000, &cd), -1);
	ck_assert_ptr_null(cd.der);
	ck_assert_int_eq(cacert_tmpl_sign(t, name, sizeof(name), junk,
	    sizeof(junk), 0, 2000, 1000, &cd), -1);
	cacert_tmpl_free(t);
	cacert_tmpl_free(NULL);
	X509_free(ca);
	EVP_PKEY_free(ca_key);
}
END_TEST

/* ---- DER primitives --------------------------------------------------- */

START_TEST(test_der_reader_refuses_non_der_lengths)
{
	static const uint8_t	 ok[] = { 0x30, 0x81, 0x80 };
	static const uint8_t	 nonmin[] = { 0x30, 0x81, 0x05, 1, 2, 3, 4, 5 };
	static const uint8_t	 indef[] = { 0x30, 0x80, 0x00, 0x00 };
	static const uint8_t	 lead0[] = { 0x30, 0x82, 0x00, 0x85 };
	static const uint8_t	 shortv[] = { 0x04, 0x03, 0x01 };
	uint8_t			 big[3 + 0x80];
	struct cader_in		 in, v, tlv;

	memcpy(big, ok, sizeof(ok));
	memset(big + 3, 0, 0x80);
	in.p = big;
	in.len = sizeof(big);
	ck_assert_int_eq(cader_get(&in, 0x30, &v, &tlv), 0);
	ck_assert_uint_eq(v.len, 0x80);
	ck_assert_uint_eq(tlv.len, sizeof(big));
	ck_assert_uint_eq(in.len, 0);

	in.p = nonmin;
	in.len = sizeof(nonmin);
	ck_assert_int_eq(cader_get(&in, 0x30, &v, NULL), -1);
	ck_assert_ptr_eq(in.p, nonmin);
	in.p = indef;
	in.len = sizeof(indef);
	ck_assert_int_eq(cader_get(&in, 0x30, &v, NULL), -1);
	in.p = lead0;
	in.len = sizeof(lead0);
	ck_assert_int_eq(cader_get(&in, 0x30, &v, NULL), -1);
	in.p = shortv;
	in.len = sizeof(shortv);
	ck_assert_int_eq(cader_get(&in, 0x04, &v, NULL), -1);
	in.p = shortv;
	in.len = sizeof(shortv);
	ck_assert_int_eq(cader_get(&in, 0x30, &v, NULL), -1);
}
END_TEST

START_TEST(test_der_time_matches_openssl)
{
	static const int64_t	 t[] = { 0, 1700000000LL, -631152000LL,
	    -631152001LL, 2524607999LL, 2524608000LL, 253402300799LL,
	    951782400LL, 4107542399LL };
	uint8_t			 buf[CADER_TIME_MAX], *d;
	ASN1_TIME		*a;
	size_t			 i, n;
	int			 l;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = cader_time(buf, t[i], 0);
		ck_assert_uint_gt(n, 0);
		a = ASN1_TIME_set(NULL, (time_t)t[i]);
		ck_assert_ptr_nonnull(a);
		d = NULL;
		l = i2d_ASN1_TIME(a, &d);
		ck_assert_uint_eq((size_t)l, n);
		ck_assert_mem_eq(d, buf, n);
		OPENSSL_free(d);
		ASN1_TIME_free(a);
	}
	ck_assert_uint_eq(cader_time(buf, 253402300800LL, 0), 0);
	ck_assert_uint_eq(cader_time(buf, 1700000000LL, 1), 17);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("cacert");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("csr");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fast_path_accepts_p256_and_p384);
	tcase_add_test(tc, test_tampered_signature_is_refused_by_both_paths);
	tcase_add_test(tc, test_trailing_garbage_is_refused_by_both_paths);
	tcase_add_test(tc, test_key_rules_hold_on_every_path);
	tcase_add_test(tc, test_compressed_ec_point_is_refused);
	tcase_add_test(tc, test_pem_request_takes_openssl_path);
	tcase_add_test(tc, test_sm2_request_is_verified_with_the_id);
	tcase_add_loop_test(tc, test_mutated_requests_are_decided_as_openssl_does,
	    0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("template");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_template_certificate_equals_cacert_build_ec);
	tcase_add_test(tc, test_template_certificate_equals_cacert_build_rsa);
	tcase_add_test(tc, test_template_certificate_equals_cacert_build_sm2);
	tcase_add_test(tc, test_template_uses_generalized_time_from_2050);
	tcase_add_test(tc, test_template_refuses_bad_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("der");
	tcase_add_test(tc, test_der_reader_refuses_non_der_lengths);
	tcase_add_test(tc, test_der_time_matches_openssl);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
