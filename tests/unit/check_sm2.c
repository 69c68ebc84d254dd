/*
 * check_sm2.c: lib/sm2.c, the module every signature goes through.
 *
 * The known-answer vectors were made once, outside this code, with the
 * OpenSSL command line on a throwaway SM2 key:
 *   openssl pkeyutl -sign -rawin -digest sm3 -inkey kat.key \
 *       -pkeyopt distid:1234567812345678 -in kat.msg -out kat.sig
 *   openssl req -new -x509 -key kat.key -subj "/CN=ca-reissue SM2 KAT" \
 *       -sm3 -sigopt distid:1234567812345678 -days 36500 -out kat.crt
 * An SM2 signature binds the signer's ID (it is hashed into Z), so the
 * vectors verify only with exactly that ID: a wrong or missing ID in
 * lib/sm2.c fails these tests instead of passing unnoticed (OpenSSL 3.0
 * itself uses the empty ID when none is set).
 *
 * Each test runs in its own process (fork mode).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "lib/sm2.h"

static const char kat_msg[] =
    "ca-reissue SM2 known-answer vector: 1234567812345678";

static const uint8_t kat_spki[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03,
	0x42, 0x00, 0x04, 0x0f, 0xb9, 0x55, 0xcc, 0xbf, 0xd8, 0x38, 0xda, 0x31,
	0xba, 0xa7, 0x1d, 0xc4, 0x93, 0xb2, 0xa7, 0x9b, 0x83, 0x2c, 0x51, 0x68,
	0x85, 0x94, 0xd2, 0xb1, 0x28, 0x3e, 0xe2, 0xab, 0xd6, 0x69, 0x84, 0x1b,
	0x19, 0x31, 0x3a, 0xa1, 0x50, 0x85, 0xd9, 0x55, 0xf3, 0x4c, 0xa3, 0x45,
	0x7d, 0x7b, 0x78, 0x92, 0xca, 0xaa, 0xf7, 0x7f, 0xee, 0x31, 0xdd, 0x30,
	0x07, 0xa7, 0x96, 0xb9, 0xe6, 0xd4, 0xa8
};

static const uint8_t kat_sig[] = {
	0x30, 0x46, 0x02, 0x21, 0x00, 0xcc, 0xaa, 0xb8, 0xec, 0x78, 0x33, 0x99,
	0xb1, 0xf1, 0x9b, 0x82, 0xe5, 0xd3, 0x49, 0x22, 0x24, 0x43, 0x69, 0x45,
	0xcc, 0x01, 0xed, 0x34, 0xca, 0xe3, 0xde, 0x2d, 0x1c, 0xe6, 0x6a, 0xe1,
	0x00, 0x02, 0x21, 0x00, 0xf0, 0x69, 0x11, 0x3f, 0x1d, 0x5f, 0x91, 0x4a,
	0xa7, 0x83, 0x92, 0x45, 0xfa, 0x99, 0x65, 0xcf, 0x3b, 0x9e, 0xa3, 0xe3,
	0x1d, 0x9d, 0x47, 0xb9, 0x6a, 0x4d, 0x2f, 0xd5, 0x5a, 0x7e, 0x02, 0x9d
};

static const char kat_cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBkjCCATegAwIBAgIUXQd6S+ckt5ssfNpOrg6kmfUwW7kwCgYIKoEcz1UBg3Uw\n"
	"HTEbMBkGA1UEAwwSY2EtcmVpc3N1ZSBTTTIgS0FUMCAXDTI2MTEyNDE2MzUzN1oY\n"
	"DzIxMjYxMDMxMTYzNTM3WjAdMRswGQYDVQQDDBJjYS1yZWlzc3VlIFNNMiBLQVQw\n"
	"WTATBgcqhkjOPQIBBggqgRzPVQGCLQNCAAQPuVXMv9g42jG6px3Ek7Knm4MsUWiF\n"
	"lNKxKD7iq9ZphBsZMTqhUIXZVfNMo0V9e3iSyqr3f+4x3TAHp5a55tSoo1MwUTAd\n"
	"BgNVHQ4EFgQU4EGEU6KiaHdWpoyXjSBcJsPecqUwHwYDVR0jBBgwFoAU4EGEU6Ki\n"
	"aHdWpoyXjSBcJsPecqUwDwYDVR0TAQH/BAUwAwEB/zAKBggqgRzPVQGDdQNJADBG\n"
	"AiEA2EQS+T7LF0UR5wlfGEvgMN7UOVj5BheX70Uk6r5g2YYCIQCAKwTzJG0TMjt+\n"
	"0GI86FiYK+b/sxGFaxIX+q58/CbalA==\n"
	"-----END CERTIFICATE-----\n";

/* The KAT public key. */
static EVP_PKEY *
kat_key(void)
{
	const unsigned char	*p = kat_spki;
	EVP_PKEY		*k;

	k = d2i_PUBKEY(NULL, &p, sizeof(kat_spki));
	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_eq(p, kat_spki + sizeof(kat_spki));
	return k;
}

/* The KAT certificate (self-signed). */
static X509 *
kat_x509(void)
{
	BIO	*b;
	X509	*x;

	ck_assert_ptr_nonnull(b = BIO_new_mem_buf(kat_cert, -1));
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	ck_assert_ptr_nonnull(x);
	return x;
}

/*
 * Verifies sig over msg with bare EVP calls: SM3 and id (NULL: no ID
 * set, which OpenSSL 3.0 takes as the empty ID).  1 or 0.
 */
static int
evp_verify(EVP_PKEY *k, const char *id, const void *msg, size_t len,
    const uint8_t *sig, size_t siglen)
{
	EVP_MD_CTX	*md;
	EVP_PKEY_CTX	*pc = NULL;
	int		 ok;

	ck_assert_ptr_nonnull(md = EVP_MD_CTX_new());
	ck_assert_int_eq(EVP_DigestVerifyInit(md, &pc, EVP_sm3(), NULL, k), 1);
	if (id != NULL)
		ck_assert_int_eq(EVP_PKEY_CTX_set1_id(pc, id, strlen(id)), 1);
	ok = EVP_DigestVerify(md, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

static EVP_PKEY *
keygen(const char *type, const char *param)
{
	EVP_PKEY	*k;

	if (strcmp(type, "SM2") == 0)
		k = sm2_keygen();
	else if (strcmp(type, "RSA") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", param);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* A self-signed certificate skeleton for key (not yet signed), the same
 * fields every time. */
static X509 *
skeleton(EVP_PKEY *key)
{
	X509		*x;
	X509_NAME	*n;

	ck_assert_ptr_nonnull(x = X509_new());
	ck_assert_int_eq(X509_set_version(x, X509_VERSION_3), 1);
	ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(x), 7), 1);
	n = X509_get_subject_name(x);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"测试", -1, -1, 0), 1);
	ck_assert_int_eq(X509_set_issuer_name(x, n), 1);
	ck_assert_ptr_nonnull(ASN1_TIME_set(X509_getm_notBefore(x),
	    (time_t)1700000000));
	ck_assert_ptr_nonnull(ASN1_TIME_set(X509_getm_notAfter(x),
	    (time_t)1700086400));
	ck_assert_int_eq(X509_set_pubkey(x, key), 1);
	return x;
}

/* ---- known answers --------------------------------------------------- */

START_TEST(test_known_answer_verifies_with_the_standard_id)
{
	EVP_PKEY	*k = kat_key();

	ck_assert_int_eq(sm2_is_key(k), 1);
	ck_assert_int_eq(sm2_verify(k, (const uint8_t *)kat_msg,
	    strlen(kat_msg), kat_sig, sizeof(kat_sig)), 1);
	ck_assert_int_eq(evp_verify(k, SM2_ID, kat_msg, strlen(kat_msg),
	    kat_sig, sizeof(kat_sig)), 1);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_known_answer_fails_with_a_wrong_or_missing_id)
{
	EVP_PKEY	*k = kat_key();

	ck_assert_int_eq(evp_verify(k, NULL, kat_msg, strlen(kat_msg),
	    kat_sig, sizeof(kat_sig)), 0);
	ck_assert_int_eq(evp_verify(k, "1234567812345679", kat_msg,
	    strlen(kat_msg), kat_sig, sizeof(kat_sig)), 0);
	ck_assert_int_eq(evp_verify(k, "", kat_msg, strlen(kat_msg),
	    kat_sig, sizeof(kat_sig)), 0);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_known_answer_fails_for_another_message_or_key)
{
	EVP_PKEY	*k = kat_key(), *other = keygen("SM2", NULL);
	uint8_t		 sig[sizeof(kat_sig)];

	ck_assert_int_eq(sm2_verify(k, (const uint8_t *)kat_msg,
	    strlen(kat_msg) - 1, kat_sig, sizeof(kat_sig)), 0);
	memcpy(sig, kat_sig, sizeof(sig));
	sig[sizeof(sig) - 1] ^= 0x01;
	ck_assert_int_eq(sm2_verify(k, (const uint8_t *)kat_msg,
	    strlen(kat_msg), sig, sizeof(sig)), 0);
	ck_assert_int_eq(sm2_verify(other, (const uint8_t *)kat_msg,
	    strlen(kat_msg), kat_sig, sizeof(kat_sig)), 0);
	EVP_PKEY_free(other);
	EVP_PKEY_free(k);
}
END_TEST

/* The CLI's certificate: lib/sm2 checks it; X509_verify() alone cannot. */
START_TEST(test_known_answer_certificate_verifies_only_with_the_id)
{
	X509		*x = kat_x509();
	EVP_PKEY	*k = kat_key();

	ck_assert_int_eq(X509_get_signature_nid(x), NID_SM2_with_SM3);
	ck_assert_int_eq(sm2_x509_verify(x, k), 1);
	/* The ID was lent for the check only. */
	ck_assert_ptr_null(X509_get0_distinguishing_id(x));
	ck_assert_int_le(X509_verify(x, k), 0);
	ERR_clear_error();
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* ---- our signatures --------------------------------------------------- */

START_TEST(test_signatures_are_made_with_the_standard_id)
{
	EVP_PKEY	*k = keygen("SM2", NULL);
	EVP_MD_CTX	*md;
	uint8_t		 sig[128];
	size_t		 siglen = sizeof(sig);

	ck_assert_ptr_nonnull(md = EVP_MD_CTX_new());
	ck_assert_int_eq(sm2_sign_init(md, NULL, k), 0);
	ck_assert_int_eq(EVP_DigestSign(md, sig, &siglen,
	    (const uint8_t *)kat_msg, strlen(kat_msg)), 1);
	EVP_MD_CTX_free(md);
	ck_assert_int_eq(evp_verify(k, "1234567812345678", kat_msg,
	    strlen(kat_msg), sig, siglen), 1);
	ck_assert_int_eq(evp_verify(k, NULL, kat_msg, strlen(kat_msg), sig,
	    siglen), 0);
	ck_assert_int_eq(sm2_verify(k, (const uint8_t *)kat_msg,
	    strlen(kat_msg), sig, siglen), 1);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_certificate_is_signed_sm2_with_sm3_and_the_id)
{
	EVP_PKEY	*k = keygen("SM2", NULL);
	X509		*x = skeleton(k);
	unsigned char	*tbs = NULL;
	const ASN1_BIT_STRING *sig;
	const X509_ALGOR *alg;
	int		 n;

	ck_assert_int_eq(sm2_x509_sign(x, k), 0);
	ck_assert_int_eq(X509_get_signature_nid(x), NID_SM2_with_SM3);
	ck_assert_int_eq(sm2_x509_verify(x, k), 1);
	ck_assert_int_le(X509_verify(x, k), 0);
	ERR_clear_error();
	/* The signed bytes, checked with bare EVP calls and the ID. */
	X509_get0_signature(&sig, &alg, x);
	n = i2d_re_X509_tbs(x, &tbs);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(evp_verify(k, SM2_ID, tbs, (size_t)n, sig->data,
	    (size_t)sig->length), 1);
	OPENSSL_free(tbs);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/*
 * OpenSSL 3.0's X509_REQ_sign() signs with no ID: lib/sm2 refuses such a
 * request and accepts its own.
 */
START_TEST(test_request_signed_with_the_id_and_refused_without)
{
	EVP_PKEY	*k = keygen("SM2", NULL);
	X509_REQ	*r;

	ck_assert_ptr_nonnull(r = X509_REQ_new());
	ck_assert_int_eq(X509_REQ_set_pubkey(r, k), 1);
	ck_assert_int_eq(sm2_req_sign(r, k), 0);
	ck_assert_int_eq(X509_REQ_get_signature_nid(r), NID_SM2_with_SM3);
	ck_assert_int_eq(sm2_req_verify(r, k), 1);
	ck_assert_ptr_null(X509_REQ_get0_distinguishing_id(r));
	ck_assert_int_le(X509_REQ_verify(r, k), 0);
	ERR_clear_error();
	ck_assert_int_gt(X509_REQ_sign(r, k, EVP_sm3()), 0);
	ck_assert_int_eq(sm2_req_verify(r, k), 0);
	X509_REQ_free(r);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_ocsp_response_is_signed_with_the_id)
{
	EVP_PKEY		*k = keygen("SM2", NULL);
	X509			*x = skeleton(k);
	OCSP_BASICRESP		*bs;
	const OCSP_RESPDATA	*rd;
	const ASN1_OCTET_STRING	*sig;
	X509_STORE		*st;
	unsigned char		*tbs = NULL;
	int			 n;

	ck_assert_int_eq(sm2_x509_sign(x, k), 0);
	ck_assert_ptr_nonnull(bs = OCSP_BASICRESP_new());
	ck_assert_int_eq(sm2_ocsp_sign(bs, x, k, NULL, OCSP_RESPID_KEY), 0);
	ck_assert_int_eq(OBJ_obj2nid(OCSP_resp_get0_tbs_sigalg(bs)->algorithm),
	    NID_SM2_with_SM3);
	rd = OCSP_resp_get0_respdata(bs);
	sig = OCSP_resp_get0_signature(bs);
	n = i2d_OCSP_RESPDATA((OCSP_RESPDATA *)rd, &tbs);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(sm2_verify(k, tbs, (size_t)n,
	    ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig)), 1);
	ck_assert_int_eq(evp_verify(k, NULL, tbs, (size_t)n,
	    ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig)), 0);
	/* OpenSSL 3.0's own check has no ID to give. */
	ck_assert_ptr_nonnull(st = X509_STORE_new());
	ck_assert_int_le(OCSP_basic_verify(bs, NULL, st, OCSP_NOVERIFY), 0);
	ERR_clear_error();
	X509_STORE_free(st);
	OPENSSL_free(tbs);
	OCSP_BASICRESP_free(bs);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

/* ---- other keys: as before ------------------------------------------- */

/*
 * RSA PKCS#1 v1.5 is deterministic: sm2_x509_sign() gives exactly what
 * X509_sign(SHA-256) gives.  EC: ecdsa-with-SHA256, verified by
 * X509_verify() itself.
 */
START_TEST(test_rsa_and_ec_sign_sha256_as_before)
{
	EVP_PKEY	*r = keygen("RSA", NULL), *e = keygen("EC", "P-256");
	X509		*a = skeleton(r), *b;
	unsigned char	*da = NULL, *db = NULL;
	int		 la, lb;

	ck_assert_int_eq(sm2_is_key(r), 0);
	ck_assert_int_eq(sm2_is_key(e), 0);
	b = skeleton(r);
	ck_assert_int_eq(sm2_x509_sign(a, r), 0);
	ck_assert_int_gt(X509_sign(b, r, EVP_sha256()), 0);
	la = i2d_X509(a, &da);
	lb = i2d_X509(b, &db);
	ck_assert_int_gt(la, 0);
	ck_assert_int_eq(la, lb);
	ck_assert_mem_eq(da, db, (size_t)la);
	ck_assert_int_eq(X509_get_signature_nid(a),
	    NID_sha256WithRSAEncryption);
	OPENSSL_free(da);
	OPENSSL_free(db);
	X509_free(a);
	X509_free(b);

	a = skeleton(e);
	ck_assert_int_eq(sm2_x509_sign(a, e), 0);
	ck_assert_int_eq(X509_get_signature_nid(a), NID_ecdsa_with_SHA256);
	ck_assert_int_eq(X509_verify(a, e), 1);
	ck_assert_int_eq(sm2_x509_verify(a, e), 1);
	X509_free(a);
	EVP_PKEY_free(r);
	EVP_PKEY_free(e);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sm2");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("known-answer");
	tcase_add_test(tc, test_known_answer_verifies_with_the_standard_id);
	tcase_add_test(tc, test_known_answer_fails_with_a_wrong_or_missing_id);
	tcase_add_test(tc, test_known_answer_fails_for_another_message_or_key);
	tcase_add_test(tc,
	    test_known_answer_certificate_verifies_only_with_the_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("sign");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_signatures_are_made_with_the_standard_id);
	tcase_add_test(tc, test_certificate_is_signed_sm2_with_sm3_and_the_id);
	tcase_add_test(tc, test_request_signed_with_the_id_and_refused_without);
	tcase_add_test(tc, test_ocsp_response_is_signed_with_the_id);
	tcase_add_test(tc, test_rsa_and_ec_sign_sha256_as_before);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
