/*
 * check_calint.c: the linter (ca/calint.h) and its door in casig_sign().
 *
 * Good certificates and CRLs come from the real encoders (the end-entity
 * template of ca/cacert.c, cacrl_build()), signed by a local casig, and
 * their to-be-signed octets are taken out of them; OCSP responses are
 * built as ca/caocsp.c builds them.  Each test then breaks one rule of
 * the profile, by rewriting the DER or the object, and checks that the
 * linter refuses it with a reason that names the rule.  The casig tests
 * show that a refused blob is never signed nor sent to a key process,
 * and that cad's refusal hook hears "lint: ...".
 *
 * Each test runs in its own process (fork mode) with throwaway CAs (an
 * ECDSA P-256 one and an SM2 one, each a root and an issuing CA) made by
 * the checked fixture; every allocation of a test is freed by its
 * teardown, so LeakSanitizer (SAN=1) checks the linter too.  Set
 * CALINT_SHOW=1 to see every reason on stderr.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cacrl.h"
#include "ca/cader.h"
#include "ca/caissue.h"
#include "ca/calint.h"
#include "ca/casig.h"
#include "lib/sm2.h"

#define BASE_URL	"http://127.0.0.1:18080"
#define YEAR		(365 * 86400)

/* OIDs (content octets, hex) of the extensions the tests rewrite. */
#define OID_BASIC	"551d13"
#define OID_KU		"551d0f"
#define OID_SKI		"551d0e"
#define OID_AKI		"551d23"
#define OID_EKU		"551d25"
#define OID_CDP		"551d1f"
#define OID_AIA		"2b06010505070101"
#define OID_SAN		"551d11"
#define OID_CRLNUM	"551d14"
#define OID_DELTA	"551d1b"
#define OID_IDP		"551d1c"
#define OID_FRESHEST	"551d2e"
#define OID_REASON	"551d15"
#define OID_INVAL	"551d18"
#define OID_CERTISSUER	"551d1d"

/* ---- an arena: what a test allocates, freed by its teardown ----------- */

#define ARENA_MAX	8192

static void	*arena[ARENA_MAX];
static size_t	 narena;

/* Keeps p (malloc'd, not NULL) until the test ends; returns it. */
static void *
keep(void *p)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt(narena, ARENA_MAX);
	arena[narena++] = p;
	return p;
}

static void
arena_free(void)
{
	while (narena > 0)
		free(arena[--narena]);
}

/* ---- DER by hand ------------------------------------------------------ */

struct der {
	const uint8_t	*p;
	size_t		 len;
};

static const struct der nothing = { NULL, 0 };

/* A copy of p[0..n) kept in the arena. */
static struct der
der_copy(const void *p, size_t n)
{
	struct der	 d;
	uint8_t		*q = keep(malloc(n > 0 ? n : 1));

	if (n > 0)
		memcpy(q, p, n);
	d.p = q;
	d.len = n;
	return d;
}

/* The octets that the hex digits of s spell (spaces ignored). */
static struct der
hex(const char *s)
{
	uint8_t		 b[1024];
	size_t		 n = 0;
	unsigned	 v;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		ck_assert_int_eq(sscanf(s, "%2x", &v), 1);
		ck_assert_uint_lt(n, sizeof(b));
		b[n++] = (uint8_t)v;
		s++;
	}
	return der_copy(b, n);
}

/* The text s, without its NUL. */
static struct der
text(const char *s)
{
	return der_copy(s, strlen(s));
}

/* The n parts v[] one after another. */
static struct der
cat(const struct der *v, size_t n)
{
	size_t		 i, len = 0;
	uint8_t		*q;
	struct der	 d;

	for (i = 0; i < n; i++)
		len += v[i].len;
	q = keep(malloc(len > 0 ? len : 1));
	d.p = q;
	d.len = len;
	for (i = 0; i < n; i++) {
		if (v[i].len > 0)
			memcpy(q, v[i].p, v[i].len);
		q += v[i].len;
	}
	return d;
}

#define CAT(...)	cat((const struct der[]){ __VA_ARGS__ }, \
	sizeof((const struct der[]){ __VA_ARGS__ }) / sizeof(struct der))

/* The TLV tag { content }. */
static struct der
tlv(uint8_t tag, struct der content)
{
	uint8_t		 h[CADER_HDR_MAX];
	size_t		 hl = cader_hdr(h, tag, content.len);

	return CAT(der_copy(h, hl), content);
}

/* t as a Time TLV: UTCTime through 2049, or GeneralizedTime if gen. */
static struct der
time_der(int64_t t, int gen)
{
	uint8_t	 b[CADER_TIME_MAX];
	size_t	 n = cader_time(b, t, gen);

	ck_assert_uint_gt(n, 0);
	return der_copy(b, n);
}

/* The content of the TLV d. */
static struct der
content(struct der d)
{
	struct cader_in	 in = { d.p, d.len }, v;

	ck_assert_uint_ge(d.len, 2);
	ck_assert_int_eq(cader_get(&in, d.p[0], &v, NULL), 0);
	return (struct der){ v.p, v.len };
}

/* The TLVs inside a constructed TLV, in order. */
struct fields {
	struct der	 f[64];
	size_t		 n;
};

static struct fields
split(struct der d)
{
	struct fields	 fs;
	struct der	 c = content(d);
	struct cader_in	 in = { c.p, c.len }, v, t;

	memset(&fs, 0, sizeof(fs));
	while (in.len > 0) {
		ck_assert_uint_lt(fs.n, 64);
		ck_assert_int_eq(cader_get(&in, in.p[0], &v, &t), 0);
		fs.f[fs.n].p = t.p;
		fs.f[fs.n].len = t.len;
		fs.n++;
	}
	return fs;
}

/* The TLV tag { the fields of fs }. */
static struct der
join(uint8_t tag, const struct fields *fs)
{
	return tlv(tag, cat(fs->f, fs->n));
}

/* d with field i replaced by v (nothing: removed). */
static struct der
with_field(struct der d, size_t i, struct der v)
{
	struct fields	 fs = split(d);

	ck_assert_uint_lt(i, fs.n);
	if (v.len > 0)
		fs.f[i] = v;
	else {
		memmove(&fs.f[i], &fs.f[i + 1], (fs.n - i - 1) *
		    sizeof(fs.f[0]));
		fs.n--;
	}
	return join(d.p[0], &fs);
}

/* d with v put in before field i (i = the count: at the end). */
static struct der
with_inserted(struct der d, size_t i, struct der v)
{
	struct fields	 fs = split(d);

	ck_assert_uint_le(i, fs.n);
	memmove(&fs.f[i + 1], &fs.f[i], (fs.n - i) * sizeof(fs.f[0]));
	fs.f[i] = v;
	fs.n++;
	return join(d.p[0], &fs);
}

/* An Extension: oid (hex), critical TRUE if crit, extnValue value. */
static struct der
ext(const char *oid, int crit, struct der value)
{
	return tlv(0x30, CAT(tlv(0x06, hex(oid)), crit ? hex("0101ff") :
	    nothing, tlv(0x04, value)));
}

/* The index of the extensions field ([3] or [0]) of a TBS. */
static size_t
exts_at(struct der tbs)
{
	struct fields	 fs = split(tbs);

	ck_assert_uint_gt(fs.n, 0);
	ck_assert(fs.f[fs.n - 1].p[0] == 0xa3 || fs.f[fs.n - 1].p[0] == 0xa0);
	return fs.n - 1;
}

/* The Extension TLVs of a TBS. */
static struct fields
exts_of(struct der tbs)
{
	return split(content(split(tbs).f[exts_at(tbs)]));
}

/* The value (extnValue content) of extension oid of tbs. */
static struct der
ext_value(struct der tbs, const char *oid)
{
	struct fields	 x = exts_of(tbs), e;
	struct der	 o = tlv(0x06, hex(oid));
	size_t		 i;

	for (i = 0; i < x.n; i++) {
		e = split(x.f[i]);
		if (e.f[0].len == o.len && memcmp(e.f[0].p, o.p, o.len) == 0)
			return content(e.f[e.n - 1]);
	}
	ck_abort_msg("no extension %s", oid);
	return nothing;
}

/*
 * tbs with extension oid replaced by e (nothing: removed); appended if
 * tbs has none.
 */
static struct der
with_ext(struct der tbs, const char *oid, struct der e)
{
	struct fields	 x = exts_of(tbs), f;
	struct der	 o = tlv(0x06, hex(oid)), seq;
	size_t		 i, at = exts_at(tbs);

	for (i = 0; i < x.n; i++) {
		f = split(x.f[i]);
		if (f.f[0].len == o.len && memcmp(f.f[0].p, o.p, o.len) == 0)
			break;
	}
	if (i == x.n) {
		ck_assert_uint_gt(e.len, 0);
		x.f[x.n++] = e;
	} else if (e.len > 0)
		x.f[i] = e;
	else {
		memmove(&x.f[i], &x.f[i + 1], (x.n - i - 1) * sizeof(x.f[0]));
		x.n--;
	}
	seq = join(0x30, &x);
	return with_field(tbs, at, tlv(split(tbs).f[at].p[0], seq));
}

/* ---- the CAs ---------------------------------------------------------- */

struct testca {
	struct caconf	 conf;
	EVP_PKEY	*root_key;
	X509		*root;
	EVP_PKEY	*key;		/* the issuing CA's */
	X509		*cert;
	struct casig	 sig;		/* local, without a linter */
	struct cacert_tmpl *tmpl;
	struct calint	*lint;
	EVP_PKEY	*leaf_key;	/* a holder's key of the CA's kind */
	EVP_PKEY	*ocsp_key;	/* the delegated responder's */
	X509		*ocsp;
};

static struct testca	 p256, sm2;
static time_t		 now;

/* A certificate of profile prof for key from issuer (NULL: self). */
static X509 *
make_cert(const struct caconf *conf, enum cacert_profile prof,
    const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
    time_t nb, time_t na)
{
	struct cacert_req	 r;
	X509			*x;

	memset(&r, 0, sizeof(r));
	r.profile = prof;
	r.subject = cacert_name("测试单位", NULL, cn);
	ck_assert_ptr_nonnull(r.subject);
	r.pubkey = key;
	r.issuer = issuer;
	r.issuer_key = issuer_key;
	r.not_before = nb;
	r.not_after = na;
	r.conf = conf;
	x = cacert_build(&r);
	X509_NAME_free(r.subject);
	ck_assert_ptr_nonnull(x);
	return x;
}

/*
 * Makes a root and an issuing CA of algorithm algo (the issuing CA valid
 * from an hour ago until ca_end), with crl_shards shards, its template,
 * linter, a holder's key and an OCSP responder.
 */
static void
ca_make(struct testca *ca, enum ca_algo algo, int shards, time_t ca_end)
{
	char	 cn[64];

	memset(ca, 0, sizeof(*ca));
	snprintf(ca->conf.name, sizeof(ca->conf.name), "issuing-ca");
	snprintf(ca->conf.base_url, sizeof(ca->conf.base_url), BASE_URL);
	ca->conf.algo = algo;
	ca->conf.cert_days = 1095;
	ca->conf.crl_hours = 24;
	ca->conf.crl_shards = shards;
	ca->root_key = caconf_algo_keygen(algo);
	ca->key = caconf_algo_keygen(algo);
	ca->leaf_key = caconf_algo_keygen(algo);
	ca->ocsp_key = caconf_algo_keygen(caconf_algo_responder(algo));
	ck_assert_ptr_nonnull(ca->root_key);
	ck_assert_ptr_nonnull(ca->key);
	ck_assert_ptr_nonnull(ca->leaf_key);
	ck_assert_ptr_nonnull(ca->ocsp_key);
	snprintf(cn, sizeof(cn), "Test %s Root", caconf_algo_name(algo));
	ca->root = make_cert(&ca->conf, CACERT_ROOT, cn, ca->root_key, NULL,
	    ca->root_key, now - 7200, ca_end + YEAR);
	snprintf(cn, sizeof(cn), "Test %s Issuing CA", caconf_algo_name(algo));
	ca->cert = make_cert(&ca->conf, CACERT_ISSUING, cn, ca->key, ca->root,
	    ca->root_key, now - 3600, ca_end);
	ca->ocsp = make_cert(&ca->conf, CACERT_OCSP, "Test OCSP", ca->ocsp_key,
	    ca->cert, ca->key, now - 60, now + 30 * 86400);
	ck_assert_int_eq(casig_local(&ca->sig, ca->key), 0);
	ca->tmpl = cacert_tmpl_new(ca->cert, &ca->sig, &ca->conf);
	ck_assert_ptr_nonnull(ca->tmpl);
	ca->lint = calint_new(ca->cert, &ca->conf);
	ck_assert_ptr_nonnull(ca->lint);
}

static void
ca_free(struct testca *ca)
{
	calint_free(ca->lint);
	cacert_tmpl_free(ca->tmpl);
	X509_free(ca->ocsp);
	X509_free(ca->cert);
	X509_free(ca->root);
	EVP_PKEY_free(ca->ocsp_key);
	EVP_PKEY_free(ca->leaf_key);
	EVP_PKEY_free(ca->key);
	EVP_PKEY_free(ca->root_key);
	memset(ca, 0, sizeof(*ca));
}

static void
setup(void)
{
	now = time(NULL);
	ca_make(&p256, CA_ALGO_P256, 0, now + 10 * YEAR);
	ca_make(&sm2, CA_ALGO_SM2, 0, now + 10 * YEAR);
}

static void
teardown(void)
{
	ca_free(&p256);
	ca_free(&sm2);
	arena_free();
}

/* ---- good blobs from the real encoders -------------------------------- */

/* A holder's subject as cad makes it (ca/caissue.c), DER. */
static struct der
holder_name(void)
{
	X509_NAME	*n;
	char		 why[200];
	uint8_t		*d = NULL;
	struct der	 r;
	int		 len;

	n = caissue_subject("辽宁测试建设工程有限公司", "单位(机构)主锁",
	    "张测试", "91210105MA0YDEM15L", why, sizeof(why));
	ck_assert_msg(n != NULL, "%s", why);
	len = i2d_X509_NAME(n, &d);
	ck_assert_int_gt(len, 0);
	r = der_copy(d, (size_t)len);
	OPENSSL_free(d);
	X509_NAME_free(n);
	return r;
}

/* The DER SubjectPublicKeyInfo of key. */
static struct der
spki_of(EVP_PKEY *key)
{
	uint8_t		*d = NULL;
	struct der	 r;
	int		 len = i2d_PUBKEY(key, &d);

	ck_assert_int_gt(len, 0);
	r = der_copy(d, (size_t)len);
	OPENSSL_free(d);
	return r;
}

/* The first TLV inside the signed object der: its to-be-signed part. */
static struct der
tbs_of_signed(const uint8_t *der, size_t len)
{
	struct cader_in	 in = { der, len }, v, c, t;

	ck_assert_int_eq(cader_get(&in, 0x30, &v, NULL), 0);
	ck_assert_int_eq(cader_get(&v, 0x30, &c, &t), 0);
	return der_copy(t.p, t.len);
}

/*
 * The TBSCertificate the template writes for subject and spki (of an
 * RSA key if is_rsa), valid from nb to na.
 */
static struct der
tmpl_tbs(struct testca *ca, struct der subject, struct der spki, int is_rsa,
    time_t nb, time_t na)
{
	struct cacert_der	 cd;
	struct der		 t;

	ck_assert_int_eq(cacert_tmpl_sign(ca->tmpl, subject.p, subject.len,
	    spki.p, spki.len, is_rsa, nb, na, &cd), 0);
	t = tbs_of_signed(cd.der, cd.der_len);
	free(cd.der);
	return t;
}

/* A good TBSCertificate of ca for its holder's key. */
static struct der
good_tbs(struct testca *ca)
{
	return tmpl_tbs(ca, holder_name(), spki_of(ca->leaf_key),
	    EVP_PKEY_get_base_id(ca->leaf_key) == EVP_PKEY_RSA, now - 60,
	    now + 3 * YEAR);
}

/* Asserts that calint_cert() passes tbs. */
static void
passes(const struct testca *ca, struct der tbs)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_msg(calint_cert(ca->lint, tbs.p, tbs.len, why,
	    sizeof(why)) == 0, "refused: %s", why);
}

/* Checks a refusal: "lint: ...", printable, naming words. */
static void
named(const char *why, const char *words)
{
	size_t	 i;

	if (getenv("CALINT_SHOW") != NULL)
		fprintf(stderr, "%s\n", why);
	ck_assert_msg(strncmp(why, "lint: ", 6) == 0, "why \"%s\"", why);
	for (i = 0; why[i] != '\0'; i++)
		ck_assert(why[i] >= 0x20 && why[i] < 0x7f);
	ck_assert_msg(strstr(why, words) != NULL, "why \"%s\" does not name "
	    "\"%s\"", why, words);
}

/* Asserts that calint_cert() refuses tbs with a reason naming words. */
static void
caught(const struct testca *ca, struct der tbs, const char *words)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_int_eq(calint_cert(ca->lint, tbs.p, tbs.len, why,
	    sizeof(why)), -1);
	named(why, words);
}

/* Fields of a TBSCertificate. */
enum { C_VERSION, C_SERIAL, C_SIGALG, C_ISSUER, C_VALIDITY, C_SUBJECT,
	C_SPKI, C_EXTS };

/* ---- certificates: good ones ------------------------------------------ */

START_TEST(test_template_certificates_pass)
{
	EVP_PKEY	*rsa, *p384;

	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	p384 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	ck_assert_ptr_nonnull(rsa);
	ck_assert_ptr_nonnull(p384);
	passes(&p256, good_tbs(&p256));
	passes(&p256, tmpl_tbs(&p256, holder_name(), spki_of(rsa), 1,
	    now - 60, now + YEAR));
	passes(&p256, tmpl_tbs(&p256, holder_name(), spki_of(p384), 0,
	    now - 60, now + YEAR));
	/* An SM2 CA: SM2 holders, and (our profile) others too. */
	passes(&sm2, good_tbs(&sm2));
	passes(&sm2, tmpl_tbs(&sm2, holder_name(), spki_of(p256.leaf_key), 0,
	    now - 60, now + YEAR));
	/* A subject without OU and serialNumber, as cacert_name() makes. */
	passes(&p256, tmpl_tbs(&p256, with_field(holder_name(), 4, nothing),
	    spki_of(p256.leaf_key), 0, now - 60, now + YEAR));
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(p384);
}
END_TEST

START_TEST(test_rsa_ca_certificates_pass)
{
	struct testca	 rsa;
	EVP_PKEY	*k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);

	ck_assert_ptr_nonnull(k);
	ca_make(&rsa, CA_ALGO_RSA3072, 0, now + 5 * YEAR);
	passes(&rsa, good_tbs(&rsa));
	passes(&rsa, tmpl_tbs(&rsa, holder_name(), spki_of(k), 1, now - 60,
	    now + YEAR));
	/* The ECDSA AID is not this issuer's. */
	caught(&rsa, with_field(good_tbs(&rsa), C_SIGALG,
	    hex("300a06082a8648ce3d040302")), "sha256WithRSAEncryption");
	ca_free(&rsa);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_sharded_certificates_name_their_shard)
{
	struct testca	 sh;
	struct der	 t, v;
	char		 url[600];
	int		 i;

	ca_make(&sh, CA_ALGO_P256, 16, now + 5 * YEAR);
	for (i = 0; i < 20; i++)
		passes(&sh, good_tbs(&sh));
	/* Another shard's URL: the serial's last octet decides. */
	t = good_tbs(&sh);
	v = content(split(t).f[C_SERIAL]);
	caconf_shard_url(&sh.conf, (v.p[v.len - 1] + 1) & 15, 0, url,
	    sizeof(url));
	caught(&sh, with_ext(t, OID_CDP, ext(OID_CDP, 0, tlv(0x30, tlv(0x30,
	    tlv(0xa0, tlv(0xa0, tlv(0x86, text(url)))))))),
	    "cRLDistributionPoints is not");
	ca_free(&sh);
}
END_TEST

START_TEST(test_generalized_time_from_2050_passes)
{
	struct testca	 lng;

	/* 2060: the issuing CA outlives 2049. */
	ca_make(&lng, CA_ALGO_P256, 0, 2839968000LL);
	passes(&lng, tmpl_tbs(&lng, holder_name(), spki_of(lng.leaf_key), 0,
	    now - 60, 2556144000LL));	/* 2051-01-01 */
	ca_free(&lng);
}
END_TEST

START_TEST(test_trailing_bytes_are_caught)
{
	caught(&p256, CAT(good_tbs(&p256), hex("0000")),
	    "not one DER TBSCertificate");
}
END_TEST

/* ---- certificates: one rule each ------------------------------------- */

START_TEST(test_version_not_v3_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_VERSION,
	    hex("a003020101")), "version is not v3");
}
END_TEST

START_TEST(test_serial_shorter_than_64_bits_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SERIAL,
	    hex("0206 40 11 22 33 44 55")),
	    "serial has fewer than 64 bits: 6 octets");
}
END_TEST

START_TEST(test_serial_longer_than_20_octets_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SERIAL,
	    hex("0215 40 01020304050607080910111213141516171819 20")),
	    "serial is longer than 20 octets: 21 octets");
}
END_TEST

START_TEST(test_negative_serial_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SERIAL,
	    hex("0210 80 0102030405060708091011121314 15")),
	    "serial is negative");
}
END_TEST

START_TEST(test_zero_serial_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SERIAL, hex("020100")),
	    "serial is zero");
}
END_TEST

START_TEST(test_serial_not_der_minimal_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SERIAL,
	    hex("0211 00 40 0102030405060708091011121314 15")),
	    "serial is not DER-minimal");
}
END_TEST

START_TEST(test_signature_algorithm_not_the_issuers_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SIGALG,
	    hex("300d06092a864886f70d01010b0500")),
	    "signature algorithm is not the issuer's ecdsa-with-SHA256");
}
END_TEST

START_TEST(test_sm2_issuer_with_sha256_signature_is_caught)
{
	caught(&sm2, with_field(good_tbs(&sm2), C_SIGALG,
	    hex("300a06082a8648ce3d040302")),
	    "signature algorithm is not the issuer's SM2-with-SM3");
	/* SM2-with-SM3 with NULL parameters is not GM/T 0015's either. */
	caught(&sm2, with_field(good_tbs(&sm2), C_SIGALG,
	    hex("300c06082a811ccf550183750500")), "SM2-with-SM3");
}
END_TEST

START_TEST(test_issuer_not_the_cas_subject_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_ISSUER,
	    split(good_tbs(&sm2)).f[C_SUBJECT]),
	    "issuer is not the issuing CA's subject");
}
END_TEST

START_TEST(test_not_before_after_not_after_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now + 100, 0), time_der(now, 0)))),
	    "notBefore is not before notAfter");
}
END_TEST

START_TEST(test_not_after_after_the_issuers_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now, 0), time_der(now + 11 * YEAR, 0)))),
	    "notAfter is after the issuer's notAfter");
}
END_TEST

START_TEST(test_not_before_before_the_issuers_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now - 7200, 0), time_der(now + YEAR, 0)))),
	    "notBefore is before the issuer's notBefore");
}
END_TEST

START_TEST(test_generalized_time_before_2050_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now, 0), time_der(now + YEAR, 1)))),
	    "notAfter in 20");
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now, 0), time_der(now + YEAR, 1)))),
	    "GeneralizedTime; RFC 5280 4.1.2.5 wants UTCTime through 2049");
}
END_TEST

START_TEST(test_time_not_in_der_form_is_caught)
{
	/* A time zone offset: BER allows it, DER does not. */
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(tlv(0x17, text("2501010000+0800")),
	    time_der(now + YEAR, 0)))), "notBefore is not a DER Time");
	/* February 30th. */
	caught(&p256, with_field(good_tbs(&p256), C_VALIDITY,
	    tlv(0x30, CAT(time_der(now, 0), tlv(0x17,
	    text("400230000000Z"))))), "notAfter is not a DER Time");
}
END_TEST

START_TEST(test_empty_subject_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT, hex("3000")),
	    "subject is empty");
}
END_TEST

START_TEST(test_subject_equal_to_the_issuer_is_caught)
{
	struct der	 t = good_tbs(&p256);

	caught(&p256, with_field(t, C_SUBJECT, split(t).f[C_ISSUER]),
	    "subject is the issuing CA's own name");
}
END_TEST

START_TEST(test_subject_bmpstring_is_caught)
{
	/* CN as a BMPString ("AB"). */
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300f 310d 300b 0603550403 1e0400410042")),
	    "commonName is a string of tag 0x1e");
}
END_TEST

START_TEST(test_country_not_two_printable_letters_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300e 310c 300a 0603550406 1303434e48")),
	    "countryName is not a PrintableString of 2 letters");
	/* C=CN as a UTF8String. */
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300d 310b 3009 0603550406 0c02434e")), "countryName");
}
END_TEST

START_TEST(test_serial_number_attribute_not_printable_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300d 310b 3009 0603550405 0c023931")),
	    "serialNumber is a string of tag 0x0c, not a PrintableString");
}
END_TEST

START_TEST(test_printable_string_outside_its_set_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300e 310c 300a 0603550403 1303614062")),
	    "commonName holds a character a PrintableString cannot");
}
END_TEST

START_TEST(test_subject_value_not_utf8_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300d 310b 3009 0603550403 0c02c0af")),
	    "commonName is not valid UTF-8");
}
END_TEST

START_TEST(test_subject_value_over_64_characters_is_caught)
{
	char	 cn[65 * 3 + 1];
	int	 i;

	for (i = 0; i < 65; i++)
		memcpy(cn + 3 * i, "张", 3);
	cn[65 * 3] = '\0';
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT, tlv(0x30,
	    tlv(0x31, tlv(0x30, CAT(hex("0603550403"), tlv(0x0c,
	    text(cn))))))), "commonName is longer than 64 characters");
}
END_TEST

START_TEST(test_subject_attribute_outside_the_profile_is_caught)
{
	/* localityName */
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("300e 310c 300a 0603550407 0c03e6b288")),
	    "attribute 2.5.4.7 is not in our profile");
}
END_TEST

START_TEST(test_multi_valued_rdn_is_caught)
{
	caught(&p256, with_field(good_tbs(&p256), C_SUBJECT,
	    hex("3018 3116 3009 0603550406 1302434e 3009 0603550403 0c02"
	    "4142")), "an RDN holds more than one attribute");
}
END_TEST

START_TEST(test_rsa_key_under_2048_bits_is_caught)
{
	EVP_PKEY	*k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);

	ck_assert_ptr_nonnull(k);
	caught(&p256, tmpl_tbs(&p256, holder_name(), spki_of(k), 1, now - 60,
	    now + YEAR), "RSA key of 1024 bits");
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_ec_key_on_another_curve_is_caught)
{
	EVP_PKEY	*k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");

	ck_assert_ptr_nonnull(k);
	caught(&p256, tmpl_tbs(&p256, holder_name(), spki_of(k), 0, now - 60,
	    now + YEAR), "EC curve 1.3.132.0.35 is not P-256, P-384 or SM2");
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_compressed_ec_point_is_caught)
{
	struct der	 s = spki_of(p256.leaf_key), bits, pt;
	uint8_t		 c[33];

	bits = content(split(s).f[1]);		/* 00 04 X Y */
	c[0] = (uint8_t)(0x02 | (bits.p[64] & 1));
	memcpy(c + 1, bits.p + 2, 32);
	pt = tlv(0x03, CAT(hex("00"), der_copy(c, sizeof(c))));
	caught(&p256, tmpl_tbs(&p256, holder_name(), with_field(s, 1, pt), 0,
	    now - 60, now + YEAR), "EC point is not uncompressed");
}
END_TEST

START_TEST(test_sm2_key_under_the_sm2_curve_oid_is_caught)
{
	struct der	 s = spki_of(sm2.leaf_key), bad;

	/* GM/T 0015: id-ecPublicKey with the curve, not the curve alone. */
	bad = tlv(0x30, CAT(hex("300a 06082a811ccf5501822d"), split(s).f[1]));
	caught(&sm2, tmpl_tbs(&sm2, holder_name(), bad, 0, now - 60,
	    now + YEAR), "GM/T 0015 wants id-ecPublicKey");
}
END_TEST

START_TEST(test_unique_ids_are_caught)
{
	caught(&p256, with_inserted(good_tbs(&p256), C_EXTS, hex("81020000")),
	    "issuerUniqueID or subjectUniqueID");
}
END_TEST

START_TEST(test_extension_twice_is_caught)
{
	struct der	 t = good_tbs(&p256);
	struct fields	 x = exts_of(t);
	struct der	 e = x.f[x.n - 1];

	x.f[x.n++] = e;
	caught(&p256, with_field(t, C_EXTS, tlv(0xa3, join(0x30, &x))),
	    "extension authorityInfoAccess appears twice");
}
END_TEST

START_TEST(test_extension_outside_the_profile_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_SAN, ext(OID_SAN, 0,
	    hex("300b 8209 6c6f63616c686f7374"))),
	    "extension 2.5.29.17 is not in our profile");
}
END_TEST

START_TEST(test_critical_false_written_out_is_caught)
{
	struct der	 t = good_tbs(&p256);

	caught(&p256, with_ext(t, OID_EKU, tlv(0x30, CAT(hex("0603551d25"),
	    hex("010100"), tlv(0x04, ext_value(t, OID_EKU))))),
	    "extension extKeyUsage: critical FALSE is written out");
}
END_TEST

START_TEST(test_ski_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_SKI, nothing),
	    "subjectKeyIdentifier is missing");
}
END_TEST

START_TEST(test_ski_critical_is_caught)
{
	struct der	 t = good_tbs(&p256);

	caught(&p256, with_ext(t, OID_SKI, ext(OID_SKI, 1, ext_value(t,
	    OID_SKI))), "subjectKeyIdentifier is critical");
}
END_TEST

START_TEST(test_ski_not_the_keys_hash_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_SKI, ext(OID_SKI, 0,
	    hex("0414 0102030405060708091011121314151617181920"))),
	    "subjectKeyIdentifier is not the SHA-1 of the subject's key");
}
END_TEST

START_TEST(test_aki_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_AKI, nothing),
	    "authorityKeyIdentifier is missing");
}
END_TEST

START_TEST(test_aki_not_the_issuers_ski_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_AKI, ext(OID_AKI, 0,
	    hex("3016 8014 0102030405060708091011121314151617181920"))),
	    "authorityKeyIdentifier is not the issuer's "
	    "subjectKeyIdentifier");
}
END_TEST

START_TEST(test_basic_constraints_ca_true_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_BASIC, ext(OID_BASIC, 1,
	    hex("30030101ff"))), "basicConstraints is not cA FALSE");
}
END_TEST

START_TEST(test_basic_constraints_absent_passes)
{
	passes(&p256, with_ext(good_tbs(&p256), OID_BASIC, nothing));
}
END_TEST

START_TEST(test_key_usage_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_KU, nothing),
	    "keyUsage is missing");
}
END_TEST

START_TEST(test_key_usage_not_critical_is_caught)
{
	struct der	 t = good_tbs(&p256);

	caught(&p256, with_ext(t, OID_KU, ext(OID_KU, 0, ext_value(t,
	    OID_KU))), "keyUsage is not critical");
}
END_TEST

START_TEST(test_key_usage_without_digital_signature_is_caught)
{
	/* nonRepudiation alone */
	caught(&p256, with_ext(good_tbs(&p256), OID_KU, ext(OID_KU, 1,
	    hex("03020640"))), "keyUsage lacks digitalSignature");
}
END_TEST

START_TEST(test_key_encipherment_on_an_ec_key_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_KU, ext(OID_KU, 1,
	    hex("030205a0"))), "keyEncipherment on a key that is not RSA");
}
END_TEST

START_TEST(test_key_agreement_on_an_rsa_key_is_caught)
{
	EVP_PKEY	*k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);

	ck_assert_ptr_nonnull(k);
	caught(&p256, with_ext(tmpl_tbs(&p256, holder_name(), spki_of(k), 1,
	    now - 60, now + YEAR), OID_KU, ext(OID_KU, 1, hex("03020388"))),
	    "keyAgreement on an RSA key");
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_key_cert_sign_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_KU, ext(OID_KU, 1,
	    hex("03020284"))), "keyCertSign or cRLSign");
}
END_TEST

START_TEST(test_key_usage_not_der_is_caught)
{
	/* Trailing zero bits not counted as unused. */
	caught(&p256, with_ext(good_tbs(&p256), OID_KU, ext(OID_KU, 1,
	    hex("03020080"))), "keyUsage is not a DER named BIT STRING");
}
END_TEST

START_TEST(test_eku_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_EKU, nothing),
	    "extKeyUsage is missing");
}
END_TEST

START_TEST(test_eku_server_auth_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_EKU, ext(OID_EKU, 0,
	    hex("3014 06082b06010505070302 06082b06010505070301"))),
	    "extKeyUsage 1.3.6.1.5.5.7.3.1 is not in our end-entity profile");
}
END_TEST

START_TEST(test_eku_without_email_protection_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_EKU, ext(OID_EKU, 0,
	    hex("300a 06082b06010505070302"))),
	    "extKeyUsage lacks emailProtection");
}
END_TEST

START_TEST(test_cdp_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_CDP, nothing),
	    "cRLDistributionPoints is missing");
}
END_TEST

START_TEST(test_cdp_of_another_ca_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_CDP, ext(OID_CDP, 0,
	    tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0xa0, tlv(0x86,
	    text(BASE_URL "/crl/other-ca.crl")))))))),
	    "cRLDistributionPoints is not " BASE_URL "/crl/issuing-ca.crl");
}
END_TEST

START_TEST(test_aia_missing_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_AIA, nothing),
	    "authorityInfoAccess is missing");
}
END_TEST

START_TEST(test_aia_ocsp_url_not_ours_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_AIA, ext(OID_AIA, 0,
	    tlv(0x30, CAT(tlv(0x30, CAT(hex("06082b06010505073001"),
	    tlv(0x86, text("http://ocsp.example/")))), tlv(0x30,
	    CAT(hex("06082b06010505073002"), tlv(0x86, text(BASE_URL
	    "/crl/issuing-ca.crt")))))))),
	    "authorityInfoAccess OCSP is not " BASE_URL "/ocsp");
}
END_TEST

START_TEST(test_aia_ca_issuers_not_ours_is_caught)
{
	caught(&p256, with_ext(good_tbs(&p256), OID_AIA, ext(OID_AIA, 0,
	    tlv(0x30, CAT(tlv(0x30, CAT(hex("06082b06010505073001"),
	    tlv(0x86, text(BASE_URL "/ocsp")))), tlv(0x30,
	    CAT(hex("06082b06010505073002"), tlv(0x86,
	    text("http://x.example/ca.crt")))))))),
	    "authorityInfoAccess caIssuers is not " BASE_URL
	    "/crl/issuing-ca.crt");
}
END_TEST

START_TEST(test_aia_critical_is_caught)
{
	struct der	 t = good_tbs(&p256);

	caught(&p256, with_ext(t, OID_AIA, ext(OID_AIA, 1, ext_value(t,
	    OID_AIA))), "authorityInfoAccess is critical");
}
END_TEST

/* ---- CRLs ------------------------------------------------------------- */

struct list {
	const struct cacrl_entry *e;
	size_t			 n;
	size_t			 i;
};

/* cacrl_build()'s iterator over an array. */
static int
list_next(void *ctx, struct cacrl_entry *e)
{
	struct list	*l = ctx;

	if (l->i == l->n)
		return 0;
	*e = l->e[l->i++];
	return 1;
}

/* An entry for serial 0x40 n ... (16 octets), revoked at t. */
static struct cacrl_entry
entry(unsigned n, int64_t t, int reason, int64_t invalidity)
{
	struct cacrl_entry	 e;

	memset(&e, 0, sizeof(e));
	memset(e.serial, 0x5a, 16);
	e.serial[0] = 0x40;
	e.serial[14] = (uint8_t)(n >> 8);
	e.serial[15] = (uint8_t)n;
	e.serial_len = 16;
	e.revoked_at = t;
	e.reason = reason;
	e.invalidity = invalidity;
	return e;
}

/*
 * The TBSCertList that cacrl_build() writes for ca's CRL number with
 * entries e[0..n), thisUpdate now, and p's idp, delta_base, freshest.
 */
static struct der
crl_tbs_with(struct testca *ca, const struct cacrl_entry *e, size_t n,
    const char *idp, uint64_t delta_base, const char *freshest)
{
	struct cacrl_params	 p;
	struct list		 l = { e, n, 0 };
	uint8_t			*der = NULL;
	size_t			 len = 0;
	struct der		 t;

	memset(&p, 0, sizeof(p));
	p.issuer = ca->cert;
	p.sig = &ca->sig;
	p.number = 42;
	p.this_update = now;
	p.next_update = now + 86400;
	p.idp = idp;
	p.delta_base = delta_base;
	p.freshest = freshest;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), 0);
	t = tbs_of_signed(der, len);
	free(der);
	return t;
}

/* A good TBSCertList of ca with a few entries. */
static struct der
crl_tbs(struct testca *ca)
{
	struct cacrl_entry	 e[4];

	e[0] = entry(1, now - 86400, CACRL_REASON_KEY_COMPROMISE,
	    now - 2 * 86400);
	e[1] = entry(2, now - 3600, CACRL_REASON_NONE, 0);
	e[2] = entry(3, now - 60, CACRL_REASON_UNSPECIFIED, 0);
	e[3] = entry(4, now, CACRL_REASON_CERTIFICATE_HOLD, 0);
	return crl_tbs_with(ca, e, 4, NULL, 0, NULL);
}

/* Fields of a TBSCertList with entries. */
enum { L_VERSION, L_SIGALG, L_ISSUER, L_THIS, L_NEXT, L_LIST, L_EXTS };

static void
crl_passes(const struct testca *ca, struct der tbs)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_msg(calint_crl(ca->lint, tbs.p, tbs.len, why,
	    sizeof(why)) == 0, "refused: %s", why);
}

static void
crl_caught(const struct testca *ca, struct der tbs, const char *words)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_int_eq(calint_crl(ca->lint, tbs.p, tbs.len, why,
	    sizeof(why)), -1);
	named(why, words);
}

/* tbs with its list holding the one entry serial (hex), t, exts. */
static struct der
crl_with_entry(struct der tbs, const char *serial, int64_t t,
    struct der exts)
{
	return with_field(tbs, L_LIST, tlv(0x30, tlv(0x30, CAT(tlv(0x02,
	    hex(serial)), time_der(t, 0), exts.len > 0 ? tlv(0x30, exts) :
	    nothing))));
}

#define SERIAL16	"405a5a5a5a5a5a5a5a5a5a5a5a5a0001"

START_TEST(test_encoder_crls_pass)
{
	struct cacrl_entry	 e[2];
	char			 idp[600], fresh[600];
	struct testca		 sh;

	crl_passes(&p256, crl_tbs(&p256));
	crl_passes(&sm2, crl_tbs(&sm2));
	/* No entries: revokedCertificates is left out. */
	crl_passes(&p256, crl_tbs_with(&p256, NULL, 0, NULL, 0, NULL));
	/* Removed from a delta CRL; entries in any order. */
	e[0] = entry(9, now - 10, CACRL_REASON_REMOVE_FROM_CRL, 0);
	e[1] = entry(1, now - 20, CACRL_REASON_SUPERSEDED, 0);
	/* A partitioned CA's base and delta CRLs of shard 5. */
	ca_make(&sh, CA_ALGO_P256, 16, now + 5 * YEAR);
	caconf_shard_url(&sh.conf, 5, 0, idp, sizeof(idp));
	caconf_shard_url(&sh.conf, 5, 1, fresh, sizeof(fresh));
	crl_passes(&sh, crl_tbs_with(&sh, e, 2, idp, 0, fresh));
	crl_passes(&sh, crl_tbs_with(&sh, e, 2, idp, 41, NULL));
	ca_free(&sh);
}
END_TEST

START_TEST(test_crl_version_not_v2_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_VERSION, hex("020100")),
	    "CRL version is not v2");
}
END_TEST

START_TEST(test_crl_sm2_issuer_with_sha256_signature_is_caught)
{
	crl_caught(&sm2, with_field(crl_tbs(&sm2), L_SIGALG,
	    hex("300a06082a8648ce3d040302")),
	    "CRL signature algorithm is not the issuer's SM2-with-SM3");
}
END_TEST

START_TEST(test_crl_issuer_not_the_cas_subject_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_ISSUER, holder_name()),
	    "CRL issuer is not the issuing CA's subject");
}
END_TEST

START_TEST(test_crl_this_update_in_the_future_is_caught)
{
	struct der	 t = crl_tbs(&p256);

	t = with_field(t, L_NEXT, time_der(now + 86400, 0));
	crl_caught(&p256, with_field(t, L_THIS, time_der(now + 600, 0)),
	    "s in the future (at most 300)");
	crl_caught(&p256, with_field(t, L_THIS, time_der(now + 600, 0)),
	    "CRL thisUpdate is ");
	/* Within the skew: fine. */
	crl_passes(&p256, with_field(t, L_THIS, time_der(now + 60, 0)));
}
END_TEST

START_TEST(test_crl_this_update_outside_the_cas_validity_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_THIS,
	    time_der(now - 2 * 86400, 0)),
	    "CRL thisUpdate is outside the issuing CA's validity");
}
END_TEST

START_TEST(test_crl_this_update_generalized_before_2050_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_THIS,
	    time_der(now, 1)), "GeneralizedTime; RFC 5280 5.1.2.4");
}
END_TEST

START_TEST(test_crl_next_update_missing_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_NEXT, nothing),
	    "CRL nextUpdate is missing");
}
END_TEST

START_TEST(test_crl_next_update_not_after_this_update_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_NEXT,
	    time_der(now, 0)), "CRL nextUpdate is not after thisUpdate");
}
END_TEST

START_TEST(test_crl_empty_revoked_list_is_caught)
{
	crl_caught(&p256, with_field(crl_tbs(&p256), L_LIST, hex("3000")),
	    "revokedCertificates is present but empty");
}
END_TEST

START_TEST(test_crl_entry_serial_negative_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256),
	    "805a5a5a5a5a5a5a5a5a5a5a5a5a0001", now - 60, nothing),
	    "CRL entry 0: serial is negative");
}
END_TEST

START_TEST(test_crl_entry_serial_longer_than_20_octets_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256),
	    "40" SERIAL16 "0102030405", now - 60, nothing),
	    "CRL entry 0: serial is longer than 20 octets: 22 octets");
}
END_TEST

START_TEST(test_crl_revocation_date_after_this_update_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now + 60,
	    nothing), "CRL entry 0: revocationDate is after thisUpdate");
}
END_TEST

START_TEST(test_crl_reason_seven_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_REASON, 0, hex("0a0107"))),
	    "CRL entry 0: reasonCode 7 is not a CRLReason");
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_REASON, 0, hex("0a010b"))), "reasonCode 11 is not");
}
END_TEST

START_TEST(test_crl_reason_unspecified_written_out_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_REASON, 0, hex("0a0100"))),
	    "reasonCode unspecified (0) is written out");
}
END_TEST

START_TEST(test_crl_reason_critical_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_REASON, 1, hex("0a0101"))), "reasonCode is critical");
}
END_TEST

START_TEST(test_crl_invalidity_date_not_generalized_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_INVAL, 0, time_der(now - 3600, 0))),
	    "invalidityDate is not a DER GeneralizedTime");
}
END_TEST

START_TEST(test_crl_entry_extension_outside_the_profile_is_caught)
{
	crl_caught(&p256, crl_with_entry(crl_tbs(&p256), SERIAL16, now - 60,
	    ext(OID_CERTISSUER, 1, hex("3000"))),
	    "CRL entry 0: extension 2.5.29.29 is not in our profile");
}
END_TEST

START_TEST(test_crl_aki_missing_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_AKI, nothing),
	    "CRL authorityKeyIdentifier is missing");
}
END_TEST

START_TEST(test_crl_aki_not_the_cas_ski_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_AKI, ext(OID_AKI, 0,
	    tlv(0x30, tlv(0x80, hex("0102030405060708091011121314151617181920"
	    ))))), "CRL authorityKeyIdentifier is not the issuer's");
}
END_TEST

START_TEST(test_crl_number_missing_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_CRLNUM, nothing),
	    "CRL cRLNumber is missing");
}
END_TEST

START_TEST(test_crl_number_critical_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_CRLNUM, ext(OID_CRLNUM,
	    1, hex("02012a"))), "CRL cRLNumber is critical");
}
END_TEST

START_TEST(test_crl_number_over_20_octets_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_CRLNUM, ext(OID_CRLNUM,
	    0, hex("0215 01 0102030405060708091011121314151617181920"))),
	    "CRL cRLNumber is not a non-negative DER INTEGER of at most 20");
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_CRLNUM, ext(OID_CRLNUM,
	    0, hex("0201ff"))), "cRLNumber is not a non-negative");
}
END_TEST

START_TEST(test_crl_delta_indicator_not_critical_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_DELTA, ext(OID_DELTA, 0,
	    hex("020129"))), "CRL deltaCRLIndicator is not critical");
}
END_TEST

START_TEST(test_crl_delta_base_not_below_the_number_is_caught)
{
	crl_caught(&p256, with_ext(crl_tbs(&p256), OID_DELTA, ext(OID_DELTA, 1,
	    hex("02012a"))),
	    "CRL deltaCRLIndicator's base is not below the cRLNumber");
}
END_TEST

START_TEST(test_crl_idp_not_critical_is_caught)
{
	struct testca	 sh;
	char		 idp[600];
	struct der	 t;

	ca_make(&sh, CA_ALGO_P256, 16, now + 5 * YEAR);
	caconf_shard_url(&sh.conf, 3, 0, idp, sizeof(idp));
	t = crl_tbs_with(&sh, NULL, 0, idp, 0, NULL);
	crl_caught(&sh, with_ext(t, OID_IDP, ext(OID_IDP, 0, ext_value(t,
	    OID_IDP))), "CRL issuingDistributionPoint is not critical");
	ca_free(&sh);
}
END_TEST

START_TEST(test_crl_idp_of_another_ca_is_caught)
{
	crl_caught(&p256, crl_tbs_with(&p256, NULL, 0,
	    BASE_URL "/crl/other-ca.crl", 0, NULL),
	    "CRL issuingDistributionPoint is not a CRL URL of this CA");
}
END_TEST

START_TEST(test_crl_freshest_critical_is_caught)
{
	struct testca	 sh;
	char		 idp[600], fresh[600];
	struct der	 t;

	ca_make(&sh, CA_ALGO_P256, 16, now + 5 * YEAR);
	caconf_shard_url(&sh.conf, 3, 0, idp, sizeof(idp));
	caconf_shard_url(&sh.conf, 3, 1, fresh, sizeof(fresh));
	t = crl_tbs_with(&sh, NULL, 0, idp, 0, fresh);
	crl_caught(&sh, with_ext(t, OID_FRESHEST, ext(OID_FRESHEST, 1,
	    ext_value(t, OID_FRESHEST))), "CRL freshestCRL is critical");
	ca_free(&sh);
}
END_TEST

START_TEST(test_crl_extension_outside_the_profile_is_caught)
{
	/* issuerAltName */
	crl_caught(&p256, with_ext(crl_tbs(&p256), "551d12", ext("551d12", 0,
	    hex("3000"))), "CRL extension 2.5.29.18 is not in our profile");
}
END_TEST

START_TEST(test_crl_extension_twice_is_caught)
{
	struct der	 t = crl_tbs(&p256);
	struct fields	 x = exts_of(t);

	x.f[x.n] = x.f[x.n - 1];
	x.n++;
	crl_caught(&p256, with_field(t, L_EXTS, tlv(0xa0, join(0x30, &x))),
	    "CRL extension cRLNumber appears twice");
}
END_TEST

/* ---- OCSP -------------------------------------------------------------- */

/*
 * A BasicOCSPResponse as ca/caocsp.c makes it, unsigned, with one
 * SingleResponse about a random serial of issuer (CertID hash md) in
 * status st, revoked at rev for reason, thisUpdate tu, nextUpdate nu (0:
 * none).
 */
static OCSP_BASICRESP *
ocsp_bs(const EVP_MD *md, X509 *issuer, int st, int reason, time_t rev,
    time_t tu, time_t nu)
{
	OCSP_BASICRESP		*bs;
	OCSP_CERTID		*cid;
	ASN1_INTEGER		*sn;
	ASN1_GENERALIZEDTIME	*t, *r = NULL, *n = NULL;

	bs = OCSP_BASICRESP_new();
	sn = ASN1_INTEGER_new();
	ck_assert_ptr_nonnull(bs);
	ck_assert_ptr_nonnull(sn);
	ck_assert_int_eq(cacert_serial_random(sn), 0);
	cid = OCSP_cert_id_new(md, X509_get_subject_name(issuer),
	    X509_get0_pubkey_bitstr(issuer), sn);
	ck_assert_ptr_nonnull(cid);
	t = ASN1_GENERALIZEDTIME_set(NULL, tu);
	if (st == V_OCSP_CERTSTATUS_REVOKED)
		r = ASN1_GENERALIZEDTIME_set(NULL, rev);
	if (nu != 0)
		n = ASN1_GENERALIZEDTIME_set(NULL, nu);
	ck_assert_ptr_nonnull(OCSP_basic_add1_status(bs, cid, st, reason, r,
	    t, n));
	ASN1_GENERALIZEDTIME_free(t);
	ASN1_GENERALIZEDTIME_free(r);
	ASN1_GENERALIZEDTIME_free(n);
	OCSP_CERTID_free(cid);
	ASN1_INTEGER_free(sn);
	return bs;
}

/* A good response about a certificate of ca. */
static OCSP_BASICRESP *
ocsp_good(struct testca *ca)
{
	return ocsp_bs(EVP_sha1(), ca->cert, V_OCSP_CERTSTATUS_GOOD, 0, 0,
	    now, 0);
}

/* Signs bs as caocsp.c does: by key, with the responder's certificate. */
static void
ocsp_sign(OCSP_BASICRESP *bs, X509 *signer, EVP_PKEY *key,
    unsigned long flags)
{
	ck_assert_int_eq(sm2_ocsp_sign(bs, signer, key, NULL, flags), 0);
}

static void
ocsp_passes(const struct testca *ca, OCSP_BASICRESP *bs, X509 *responder)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_msg(calint_ocsp(ca->lint, bs, responder, why,
	    sizeof(why)) == 0, "refused: %s", why);
}

/* Asserts the refusal, keeping bs. */
static void
ocsp_refused(const struct testca *ca, OCSP_BASICRESP *bs,
    const char *words)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_int_eq(calint_ocsp(ca->lint, bs, ca->ocsp, why,
	    sizeof(why)), -1);
	named(why, words);
}

/* Asserts the refusal, then frees bs. */
static void
ocsp_caught(const struct testca *ca, OCSP_BASICRESP *bs, X509 *responder,
    const char *words)
{
	char	 why[CALINT_WHY_MAX] = "";

	ck_assert_int_eq(calint_ocsp(ca->lint, bs, responder, why,
	    sizeof(why)), -1);
	named(why, words);
	OCSP_BASICRESP_free(bs);
}

START_TEST(test_ocsp_responses_as_caocsp_makes_them_pass)
{
	OCSP_BASICRESP	*bs;
	struct testca	*cas[2] = { &p256, &sm2 };
	int		 i;

	for (i = 0; i < 2; i++) {
		/* Before signing: responderID and producedAt not yet set. */
		bs = ocsp_good(cas[i]);
		ocsp_passes(cas[i], bs, cas[i]->ocsp);
		/* After: set by the signing call, and right. */
		ocsp_sign(bs, cas[i]->ocsp, cas[i]->ocsp_key, OCSP_RESPID_KEY);
		ocsp_passes(cas[i], bs, cas[i]->ocsp);
		OCSP_BASICRESP_free(bs);
		/* Revoked with a reason, SHA-256 CertID; with a nonce. */
		bs = ocsp_bs(EVP_sha256(), cas[i]->cert,
		    V_OCSP_CERTSTATUS_REVOKED,
		    OCSP_REVOKED_STATUS_KEYCOMPROMISE, now - 60, now, 0);
		ck_assert_int_eq(OCSP_basic_add1_nonce(bs, NULL, 16), 1);
		ocsp_passes(cas[i], bs, cas[i]->ocsp);
		OCSP_BASICRESP_free(bs);
	}
	/* Unknown echoes another CA's CertID: that is allowed. */
	bs = ocsp_bs(EVP_sha1(), sm2.cert, V_OCSP_CERTSTATUS_UNKNOWN, 0,
	    0, now, 0);
	ocsp_passes(&p256, bs, p256.ocsp);
	OCSP_BASICRESP_free(bs);
}
END_TEST

START_TEST(test_ocsp_version_not_v1_is_caught)
{
	OCSP_BASICRESP		*bs = ocsp_good(&p256), *bad;
	uint8_t			*d = NULL;
	const unsigned char	*q;
	struct der		 b, rd;
	int			 n;

	ocsp_sign(bs, p256.ocsp, p256.ocsp_key, OCSP_RESPID_KEY);
	n = i2d_OCSP_BASICRESP(bs, &d);
	ck_assert_int_gt(n, 0);
	b = der_copy(d, (size_t)n);
	OPENSSL_free(d);
	OCSP_BASICRESP_free(bs);
	/* tbsResponseData with [0] EXPLICIT version v2 (1) first. */
	rd = with_inserted(split(b).f[0], 0, hex("a003020101"));
	b = with_field(b, 0, rd);
	q = b.p;
	bad = d2i_OCSP_BASICRESP(NULL, &q, (long)b.len);
	ck_assert_ptr_nonnull(bad);
	ocsp_caught(&p256, bad, p256.ocsp, "OCSP version is not v1");
}
END_TEST

START_TEST(test_ocsp_responder_id_by_name_is_caught)
{
	OCSP_BASICRESP	*bs = ocsp_good(&p256);

	ocsp_sign(bs, p256.ocsp, p256.ocsp_key, 0);
	ocsp_caught(&p256, bs, p256.ocsp, "OCSP responderID is by name");
}
END_TEST

START_TEST(test_ocsp_responder_id_of_another_key_is_caught)
{
	OCSP_BASICRESP	*bs = ocsp_good(&p256);
	EVP_PKEY	*k = caconf_algo_keygen(CA_ALGO_P256);
	X509		*other;

	ck_assert_ptr_nonnull(k);
	other = make_cert(&p256.conf, CACERT_OCSP, "Other OCSP", k, p256.cert,
	    p256.key, now - 60, now + 86400);
	ocsp_sign(bs, other, k, OCSP_RESPID_KEY);
	ocsp_caught(&p256, bs, p256.ocsp,
	    "OCSP responderID is not the SHA-1 of the responder's key");
	X509_free(other);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_ocsp_produced_at_in_the_future_is_caught)
{
	OCSP_BASICRESP	*bs = ocsp_good(&p256);

	ocsp_sign(bs, p256.ocsp, p256.ocsp_key, OCSP_RESPID_KEY);
	ck_assert_ptr_nonnull(ASN1_GENERALIZEDTIME_set(
	    (ASN1_GENERALIZEDTIME *)(uintptr_t)OCSP_resp_get0_produced_at(bs),
	    now + 3600));
	ocsp_refused(&p256, bs, "s in the future (at most 300)");
	ocsp_caught(&p256, bs, p256.ocsp, "OCSP producedAt is ");
	/* (3600 or 3599 s: the second may turn) */
}
END_TEST

START_TEST(test_ocsp_without_single_responses_is_caught)
{
	OCSP_BASICRESP	*bs = OCSP_BASICRESP_new();

	ck_assert_ptr_nonnull(bs);
	ocsp_caught(&p256, bs, p256.ocsp, "OCSP response holds 0 "
	    "SingleResponses");
}
END_TEST

START_TEST(test_ocsp_over_32_single_responses_is_caught)
{
	OCSP_BASICRESP	*bs = ocsp_good(&p256), *one;
	OCSP_SINGLERESP	*s;
	int		 i;

	for (i = 1; i < 33; i++) {
		one = ocsp_good(&p256);
		s = OCSP_resp_get0(one, 0);
		ck_assert_ptr_nonnull(OCSP_basic_add1_status(bs,
		    (OCSP_CERTID *)(uintptr_t)OCSP_SINGLERESP_get0_id(s),
		    V_OCSP_CERTSTATUS_GOOD, 0, NULL,
		    (ASN1_TIME *)(uintptr_t)X509_get0_notBefore(p256.ocsp),
		    NULL));
		OCSP_BASICRESP_free(one);
	}
	ocsp_caught(&p256, bs, p256.ocsp, "OCSP response holds 33 "
	    "SingleResponses (1 to 32)");
}
END_TEST

START_TEST(test_ocsp_good_for_another_issuer_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), sm2.cert,
	    V_OCSP_CERTSTATUS_GOOD, 0, 0, now, 0), p256.ocsp,
	    "OCSP response 0: CertID issuer hashes are not the issuing CA's");
}
END_TEST

START_TEST(test_ocsp_certid_hash_not_ours_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_md5(), p256.cert,
	    V_OCSP_CERTSTATUS_GOOD, 0, 0, now, 0), p256.ocsp,
	    "CertID hash is not SHA-1, SHA-256");
}
END_TEST

START_TEST(test_ocsp_this_update_in_the_future_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), p256.cert,
	    V_OCSP_CERTSTATUS_GOOD, 0, 0, now + 3600, 0), p256.ocsp,
	    "OCSP response 0: thisUpdate is ");
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), p256.cert,
	    V_OCSP_CERTSTATUS_GOOD, 0, 0, now + 3600, 0), p256.ocsp,
	    "s in the future (at most 300)");
}
END_TEST

START_TEST(test_ocsp_next_update_not_after_this_update_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), p256.cert,
	    V_OCSP_CERTSTATUS_GOOD, 0, 0, now, now - 60), p256.ocsp,
	    "nextUpdate is not after thisUpdate");
}
END_TEST

START_TEST(test_ocsp_revocation_after_this_update_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), p256.cert,
	    V_OCSP_CERTSTATUS_REVOKED, OCSP_REVOKED_STATUS_SUPERSEDED,
	    now + 60, now, 0), p256.ocsp,
	    "revocationTime is after thisUpdate");
}
END_TEST

START_TEST(test_ocsp_reason_seven_is_caught)
{
	ocsp_caught(&p256, ocsp_bs(EVP_sha1(), p256.cert,
	    V_OCSP_CERTSTATUS_REVOKED, 7, now - 60, now, 0), p256.ocsp,
	    "revocationReason 7 is not a CRLReason");
}
END_TEST

START_TEST(test_ocsp_single_extension_is_caught)
{
	OCSP_BASICRESP		*bs = ocsp_good(&p256);
	ASN1_GENERALIZEDTIME	*t = ASN1_GENERALIZEDTIME_set(NULL, now);

	ck_assert_int_eq(OCSP_SINGLERESP_add1_ext_i2d(OCSP_resp_get0(bs, 0),
	    NID_invalidity_date, t, 0, 0), 1);
	ASN1_GENERALIZEDTIME_free(t);
	ocsp_caught(&p256, bs, p256.ocsp, "singleExtensions are not in our "
	    "profile");
}
END_TEST

START_TEST(test_ocsp_response_extension_other_than_nonce_is_caught)
{
	OCSP_BASICRESP		*bs = ocsp_good(&p256);
	ASN1_GENERALIZEDTIME	*t = ASN1_GENERALIZEDTIME_set(NULL, now);

	ck_assert_int_eq(OCSP_BASICRESP_add1_ext_i2d(bs,
	    NID_id_pkix_OCSP_archiveCutoff, t, 0, 0), 1);
	ASN1_GENERALIZEDTIME_free(t);
	ocsp_caught(&p256, bs, p256.ocsp, "responseExtensions hold one outside "
	    "our profile");
}
END_TEST

START_TEST(test_ocsp_responder_without_ocsp_signing_is_caught)
{
	X509	*notice = make_cert(&p256.conf, CACERT_NOTICE, "Notices",
	    p256.ocsp_key, p256.cert, p256.key, now - 60, now + 86400);

	ocsp_caught(&p256, ocsp_good(&p256), notice,
	    "responder certificate lacks extKeyUsage OCSPSigning");
	X509_free(notice);
}
END_TEST

START_TEST(test_ocsp_responder_of_another_ca_is_caught)
{
	ocsp_caught(&p256, ocsp_good(&p256), sm2.ocsp,
	    "OCSP responder certificate was not issued by the issuing CA");
}
END_TEST

START_TEST(test_ocsp_sm2_ca_with_a_p256_responder_is_caught)
{
	EVP_PKEY	*k = caconf_algo_keygen(CA_ALGO_P256);
	X509		*r;

	ck_assert_ptr_nonnull(k);
	r = make_cert(&sm2.conf, CACERT_OCSP, "P-256 OCSP", k, sm2.cert,
	    sm2.key, now - 60, now + 86400);
	ocsp_caught(&sm2, ocsp_good(&sm2), r, "OCSP responder of an SM2 CA "
	    "has no SM2 key (GM/T 0015)");
	X509_free(r);
	EVP_PKEY_free(k);
}
END_TEST

/* ---- the door: casig_sign() ------------------------------------------- */

/* What the refusal hook heard. */
struct heard {
	int			 calls;
	enum casig_kind		 kind;
	char			 why[CALINT_WHY_MAX];
};

/* casig's refusal hook, as cad's refusal_note(). */
static void
hear(void *arg, enum casig_kind kind, const char *why)
{
	struct heard	*h = arg;

	h->calls++;
	h->kind = kind;
	snprintf(h->why, sizeof(h->why), "%s", why);
}

/* A casig signing with ca's key through its linter, heard by h. */
static void
linted_sig(struct testca *ca, struct casig *s, struct heard *h)
{
	memset(h, 0, sizeof(*h));
	ck_assert_int_eq(casig_local(s, ca->key), 0);
	ck_assert_ptr_null(s->lint);		/* off unless set */
	s->lint = ca->lint;
	s->refused = hear;
	s->refused_arg = h;
}

/* Asserts casig_sign() refuses blob of kind unsigned, h told "words". */
static void
door_refuses(const struct casig *s, struct heard *h, enum casig_kind kind,
    struct der blob, const char *words)
{
	uint8_t		 sig[CASIG_SIG_MAX], fill[CASIG_SIG_MAX];
	size_t		 siglen = 12345;

	memset(sig, 0xa5, sizeof(sig));
	memset(fill, 0xa5, sizeof(fill));
	ck_assert_int_eq(casig_sign(s, kind, blob.p, blob.len, sig, &siglen),
	    CASIG_E_REFUSED);
	ck_assert_uint_eq(siglen, 12345);
	ck_assert_mem_eq(sig, fill, sizeof(sig));
	ck_assert_int_eq(h->calls, 1);
	ck_assert_int_eq(h->kind, kind);
	named(h->why, words);
	h->calls = 0;
}

START_TEST(test_casig_refuses_a_lint_failing_certificate_unsigned)
{
	struct casig	 s;
	struct heard	 h;
	uint8_t		 sig[CASIG_SIG_MAX];
	size_t		 siglen = 0;
	struct der	 t = good_tbs(&p256);

	linted_sig(&p256, &s, &h);
	door_refuses(&s, &h, CASIG_CERT, with_ext(t, OID_AKI, ext(OID_AKI, 0,
	    hex("3016 8014 0102030405060708091011121314151617181920"))),
	    "authorityKeyIdentifier is not the issuer's");
	door_refuses(&s, &h, CASIG_CERT, with_field(t, C_SERIAL,
	    hex("0206 40 11 22 33 44 55")), "serial has fewer than 64 bits");
	/* A good one is signed, and the signature is the CA key's. */
	ck_assert_int_eq(casig_sign(&s, CASIG_CERT, t.p, t.len, sig, &siglen),
	    0);
	ck_assert_int_eq(sm2_verify(p256.key, t.p, t.len, sig, siglen), 1);
	ck_assert_int_eq(h.calls, 0);
}
END_TEST

START_TEST(test_casig_refuses_a_lint_failing_crl_unsigned)
{
	struct casig	 s;
	struct heard	 h;
	uint8_t		 sig[CASIG_SIG_MAX];
	size_t		 siglen = 0;
	struct der	 t = crl_tbs(&sm2);

	linted_sig(&sm2, &s, &h);
	door_refuses(&s, &h, CASIG_CRL, with_field(t, L_SIGALG,
	    hex("300a06082a8648ce3d040302")),
	    "CRL signature algorithm is not the issuer's SM2-with-SM3");
	ck_assert_int_eq(casig_sign(&s, CASIG_CRL, t.p, t.len, sig, &siglen),
	    0);
	ck_assert_int_eq(sm2_verify(sm2.key, t.p, t.len, sig, siglen), 1);
}
END_TEST

/*
 * The encoders through a linted casig: a template certificate naming the
 * CA as its subject, and a CRL entry revoked after thisUpdate, are
 * refused and nothing comes out.
 */
START_TEST(test_encoders_through_a_linted_casig_sign_nothing_bad)
{
	struct casig		 s;
	struct heard		 h;
	struct cacert_tmpl	*t;
	struct cacert_der	 cd;
	struct cacrl_params	 p;
	struct cacrl_entry	 e = entry(1, now + 3600, 1, 0);
	struct list		 l = { &e, 1, 0 };
	struct der		 ca_name = split(good_tbs(&p256)).f[C_ISSUER];
	struct der		 spki = spki_of(p256.leaf_key);
	uint8_t			*der = NULL;
	size_t			 len = 0;

	linted_sig(&p256, &s, &h);
	t = cacert_tmpl_new(p256.cert, &s, &p256.conf);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(cacert_tmpl_sign(t, ca_name.p, ca_name.len, spki.p,
	    spki.len, 0, now - 60, now + YEAR, &cd), -1);
	ck_assert_ptr_null(cd.der);
	ck_assert_int_eq(h.calls, 1);
	named(h.why, "subject is the issuing CA's own name");
	ck_assert_int_eq(cacert_tmpl_sign(t, holder_name().p,
	    holder_name().len, spki.p, spki.len, 0, now - 60, now + YEAR, &cd),
	    0);
	free(cd.der);
	cacert_tmpl_free(t);

	memset(&p, 0, sizeof(p));
	p.issuer = p256.cert;
	p.sig = &s;
	p.number = 7;
	p.this_update = now;
	p.next_update = now + 86400;
	ck_assert_int_eq(cacrl_build(&p, list_next, &l, &der, &len), -1);
	ck_assert_ptr_null(der);
	ck_assert_int_eq(h.calls, 2);
	ck_assert_int_eq(h.kind, CASIG_CRL);
	named(h.why, "CRL entry 0: revocationDate is after thisUpdate");
}
END_TEST

/* A refused blob never reaches the key process: nothing connects. */
START_TEST(test_casig_lint_refusal_never_reaches_the_key_process)
{
	struct sockaddr_un	 sun;
	struct pollfd		 pfd;
	struct casig		 s, local;
	struct heard		 h;
	uint8_t			 sig[CASIG_SIG_MAX];
	size_t			 siglen = 0;
	struct der		 t = good_tbs(&p256);
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/check_calint.%ld",
	    (long)getpid());
	(void)unlink(sun.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);

	/* A remote casig as casig_remote() leaves it, then the linter. */
	linted_sig(&p256, &local, &h);
	memset(&s, 0, sizeof(s));
	snprintf(s.sock, sizeof(s.sock), "%s", sun.sun_path);
	memcpy(s.aid, local.aid, local.aid_len);
	s.aid_len = local.aid_len;
	s.sig_max = local.sig_max;
	s.refused = hear;
	s.refused_arg = &h;
	s.lint = p256.lint;
	ck_assert_int_eq(casig_sign(&s, CASIG_CERT, t.p, 10, sig, &siglen),
	    CASIG_E_REFUSED);
	named(h.why, "not one DER TBSCertificate");
	pfd.fd = fd;
	pfd.events = POLLIN;
	ck_assert_int_eq(poll(&pfd, 1, 100), 0);
	casig_thread_done();
	close(fd);
	unlink(sun.sun_path);
}
END_TEST

/* ---- cost ------------------------------------------------------------- */

/* Nanoseconds since some fixed point. */
static int64_t
nsecs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

START_TEST(test_lint_cost_per_certificate_is_small)
{
	struct der	 t[2] = { good_tbs(&p256), good_tbs(&sm2) };
	struct testca	*cas[2] = { &p256, &sm2 };
	char		 why[CALINT_WHY_MAX];
	int64_t		 t0, ns, best;
	int		 i, k, r, bad = 0, n = 50000;

	for (k = 0; k < 2; k++) {
		/* Best of 5 batches; no ck_assert inside (Check logs each). */
		best = INT64_MAX;
		for (r = 0; r < 5; r++) {
			t0 = nsecs();
			for (i = 0; i < n; i++)
				bad += calint_cert(cas[k]->lint, t[k].p,
				    t[k].len, why, sizeof(why)) != 0;
			if ((ns = (nsecs() - t0) / n) < best)
				best = ns;
		}
		ck_assert_int_eq(bad, 0);
		fprintf(stderr, "calint_cert (%s issuer, %zu-octet TBS): "
		    "%lld ns per certificate (best of 5 x %d)\n",
		    k == 0 ? "P-256" : "SM2", t[k].len, (long long)best, n);
		ck_assert_int_lt(best, 50000);
	}
}
END_TEST

struct gen {
	size_t		 i, n;
	int64_t		 t;
};

/* 16-octet random-looking serials, reasons and some invalidity dates. */
static int
gen_next(void *ctx, struct cacrl_entry *e)
{
	static const int	 reasons[] = { -1, 0, 1, 3, 4, 5, 6 };
	struct gen		*g = ctx;
	uint64_t		 x;

	if (g->i == g->n)
		return 0;
	x = (g->i + 1) * 0x9e3779b97f4a7c15ULL;
	memset(e, 0, sizeof(*e));
	e->serial[0] = 0x40 | (uint8_t)(x & 0x3f);
	memcpy(e->serial + 1, &x, 8);
	memcpy(e->serial + 9, &g->i, 7);
	e->serial_len = 16;
	e->revoked_at = g->t - (int64_t)(g->i % 100000);
	e->reason = reasons[g->i % 7];
	e->invalidity = g->i % 5 == 0 ? e->revoked_at - 86400 : 0;
	g->i++;
	return 1;
}

START_TEST(test_lint_cost_of_a_100k_entry_crl_is_linear)
{
	struct cacrl_params	 p;
	struct gen		 g = { 0, 100000, 0 };
	char			 why[CALINT_WHY_MAX];
	uint8_t			*der = NULL;
	size_t			 len = 0;
	struct der		 t;
	int64_t			 t0, ns, best;
	int			 i, bad, runs = 9;

	g.t = now;
	memset(&p, 0, sizeof(p));
	p.issuer = p256.cert;
	p.sig = &p256.sig;
	p.number = 99;
	p.this_update = now;
	p.next_update = now + 86400;
	ck_assert_int_eq(cacrl_build(&p, gen_next, &g, &der, &len), 0);
	t = tbs_of_signed(der, len);
	free(der);
	crl_passes(&p256, t);
	bad = 0;
	best = INT64_MAX;
	for (i = 0; i < runs; i++) {
		t0 = nsecs();
		bad += calint_crl(p256.lint, t.p, t.len, why, sizeof(why)) != 0;
		if ((ns = nsecs() - t0) < best)
			best = ns;
	}
	ck_assert_int_eq(bad, 0);
	fprintf(stderr, "calint_crl: %lld us per 100,000-entry CRL (%zu "
	    "octets), %lld ns per entry (best of %d)\n",
	    (long long)(best / 1000), t.len, (long long)(best / 100000), runs);
	ns = best;
	ck_assert_int_lt(ns, 1000000000);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("calint");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("certificate");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_template_certificates_pass);
	tcase_add_test(tc, test_rsa_ca_certificates_pass);
	tcase_add_test(tc, test_sharded_certificates_name_their_shard);
	tcase_add_test(tc, test_generalized_time_from_2050_passes);
	tcase_add_test(tc, test_trailing_bytes_are_caught);
	tcase_add_test(tc, test_version_not_v3_is_caught);
	tcase_add_test(tc, test_serial_shorter_than_64_bits_is_caught);
	tcase_add_test(tc, test_serial_longer_than_20_octets_is_caught);
	tcase_add_test(tc, test_negative_serial_is_caught);
	tcase_add_test(tc, test_zero_serial_is_caught);
	tcase_add_test(tc, test_serial_not_der_minimal_is_caught);
	tcase_add_test(tc, test_signature_algorithm_not_the_issuers_is_caught);
	tcase_add_test(tc, test_sm2_issuer_with_sha256_signature_is_caught);
	tcase_add_test(tc, test_issuer_not_the_cas_subject_is_caught);
	tcase_add_test(tc, test_not_before_after_not_after_is_caught);
	tcase_add_test(tc, test_not_after_after_the_issuers_is_caught);
	tcase_add_test(tc, test_not_before_before_the_issuers_is_caught);
	tcase_add_test(tc, test_generalized_time_before_2050_is_caught);
	tcase_add_test(tc, test_time_not_in_der_form_is_caught);
	tcase_add_test(tc, test_empty_subject_is_caught);
	tcase_add_test(tc, test_subject_equal_to_the_issuer_is_caught);
	tcase_add_test(tc, test_subject_bmpstring_is_caught);
	tcase_add_test(tc, test_country_not_two_printable_letters_is_caught);
	tcase_add_test(tc,
	    test_serial_number_attribute_not_printable_is_caught);
	tcase_add_test(tc, test_printable_string_outside_its_set_is_caught);
	tcase_add_test(tc, test_subject_value_not_utf8_is_caught);
	tcase_add_test(tc, test_subject_value_over_64_characters_is_caught);
	tcase_add_test(tc,
	    test_subject_attribute_outside_the_profile_is_caught);
	tcase_add_test(tc, test_multi_valued_rdn_is_caught);
	tcase_add_test(tc, test_rsa_key_under_2048_bits_is_caught);
	tcase_add_test(tc, test_ec_key_on_another_curve_is_caught);
	tcase_add_test(tc, test_compressed_ec_point_is_caught);
	tcase_add_test(tc, test_sm2_key_under_the_sm2_curve_oid_is_caught);
	tcase_add_test(tc, test_unique_ids_are_caught);
	tcase_add_test(tc, test_extension_twice_is_caught);
	tcase_add_test(tc, test_extension_outside_the_profile_is_caught);
	tcase_add_test(tc, test_critical_false_written_out_is_caught);
	tcase_add_test(tc, test_ski_missing_is_caught);
	tcase_add_test(tc, test_ski_critical_is_caught);
	tcase_add_test(tc, test_ski_not_the_keys_hash_is_caught);
	tcase_add_test(tc, test_aki_missing_is_caught);
	tcase_add_test(tc, test_aki_not_the_issuers_ski_is_caught);
	tcase_add_test(tc, test_basic_constraints_ca_true_is_caught);
	tcase_add_test(tc, test_basic_constraints_absent_passes);
	tcase_add_test(tc, test_key_usage_missing_is_caught);
	tcase_add_test(tc, test_key_usage_not_critical_is_caught);
	tcase_add_test(tc, test_key_usage_without_digital_signature_is_caught);
	tcase_add_test(tc, test_key_encipherment_on_an_ec_key_is_caught);
	tcase_add_test(tc, test_key_agreement_on_an_rsa_key_is_caught);
	tcase_add_test(tc, test_key_cert_sign_is_caught);
	tcase_add_test(tc, test_key_usage_not_der_is_caught);
	tcase_add_test(tc, test_eku_missing_is_caught);
	tcase_add_test(tc, test_eku_server_auth_is_caught);
	tcase_add_test(tc, test_eku_without_email_protection_is_caught);
	tcase_add_test(tc, test_cdp_missing_is_caught);
	tcase_add_test(tc, test_cdp_of_another_ca_is_caught);
	tcase_add_test(tc, test_aia_missing_is_caught);
	tcase_add_test(tc, test_aia_ocsp_url_not_ours_is_caught);
	tcase_add_test(tc, test_aia_ca_issuers_not_ours_is_caught);
	tcase_add_test(tc, test_aia_critical_is_caught);
	suite_add_tcase(s, tc);

	tc = tcase_create("crl");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_encoder_crls_pass);
	tcase_add_test(tc, test_crl_version_not_v2_is_caught);
	tcase_add_test(tc, test_crl_sm2_issuer_with_sha256_signature_is_caught);
	tcase_add_test(tc, test_crl_issuer_not_the_cas_subject_is_caught);
	tcase_add_test(tc, test_crl_this_update_in_the_future_is_caught);
	tcase_add_test(tc,
	    test_crl_this_update_outside_the_cas_validity_is_caught);
	tcase_add_test(tc,
	    test_crl_this_update_generalized_before_2050_is_caught);
	tcase_add_test(tc, test_crl_next_update_missing_is_caught);
	tcase_add_test(tc,
	    test_crl_next_update_not_after_this_update_is_caught);
	tcase_add_test(tc, test_crl_empty_revoked_list_is_caught);
	tcase_add_test(tc, test_crl_entry_serial_negative_is_caught);
	tcase_add_test(tc,
	    test_crl_entry_serial_longer_than_20_octets_is_caught);
	tcase_add_test(tc,
	    test_crl_revocation_date_after_this_update_is_caught);
	tcase_add_test(tc, test_crl_reason_seven_is_caught);
	tcase_add_test(tc, test_crl_reason_unspecified_written_out_is_caught);
	tcase_add_test(tc, test_crl_reason_critical_is_caught);
	tcase_add_test(tc, test_crl_invalidity_date_not_generalized_is_caught);
	tcase_add_test(tc,
	    test_crl_entry_extension_outside_the_profile_is_caught);
	tcase_add_test(tc, test_crl_aki_missing_is_caught);
	tcase_add_test(tc, test_crl_aki_not_the_cas_ski_is_caught);
	tcase_add_test(tc, test_crl_number_missing_is_caught);
	tcase_add_test(tc, test_crl_number_critical_is_caught);
	tcase_add_test(tc, test_crl_number_over_20_octets_is_caught);
	tcase_add_test(tc, test_crl_delta_indicator_not_critical_is_caught);
	tcase_add_test(tc, test_crl_delta_base_not_below_the_number_is_caught);
	tcase_add_test(tc, test_crl_idp_not_critical_is_caught);
	tcase_add_test(tc, test_crl_idp_of_another_ca_is_caught);
	tcase_add_test(tc, test_crl_freshest_critical_is_caught);
	tcase_add_test(tc, test_crl_extension_outside_the_profile_is_caught);
	tcase_add_test(tc, test_crl_extension_twice_is_caught);
	suite_add_tcase(s, tc);

	tc = tcase_create("ocsp");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ocsp_responses_as_caocsp_makes_them_pass);
	tcase_add_test(tc, test_ocsp_version_not_v1_is_caught);
	tcase_add_test(tc, test_ocsp_responder_id_by_name_is_caught);
	tcase_add_test(tc, test_ocsp_responder_id_of_another_key_is_caught);
	tcase_add_test(tc, test_ocsp_produced_at_in_the_future_is_caught);
	tcase_add_test(tc, test_ocsp_without_single_responses_is_caught);
	tcase_add_test(tc, test_ocsp_over_32_single_responses_is_caught);
	tcase_add_test(tc, test_ocsp_good_for_another_issuer_is_caught);
	tcase_add_test(tc, test_ocsp_certid_hash_not_ours_is_caught);
	tcase_add_test(tc, test_ocsp_this_update_in_the_future_is_caught);
	tcase_add_test(tc,
	    test_ocsp_next_update_not_after_this_update_is_caught);
	tcase_add_test(tc, test_ocsp_revocation_after_this_update_is_caught);
	tcase_add_test(tc, test_ocsp_reason_seven_is_caught);
	tcase_add_test(tc, test_ocsp_single_extension_is_caught);
	tcase_add_test(tc,
	    test_ocsp_response_extension_other_than_nonce_is_caught);
	tcase_add_test(tc, test_ocsp_responder_without_ocsp_signing_is_caught);
	tcase_add_test(tc, test_ocsp_responder_of_another_ca_is_caught);
	tcase_add_test(tc, test_ocsp_sm2_ca_with_a_p256_responder_is_caught);
	suite_add_tcase(s, tc);

	tc = tcase_create("casig");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_casig_refuses_a_lint_failing_certificate_unsigned);
	tcase_add_test(tc, test_casig_refuses_a_lint_failing_crl_unsigned);
	tcase_add_test(tc,
	    test_encoders_through_a_linted_casig_sign_nothing_bad);
	tcase_add_test(tc,
	    test_casig_lint_refusal_never_reaches_the_key_process);
	suite_add_tcase(s, tc);

	tc = tcase_create("cost");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lint_cost_per_certificate_is_small);
	tcase_add_test(tc, test_lint_cost_of_a_100k_entry_crl_is_linear);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
