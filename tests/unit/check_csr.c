/*
 * check_csr.c: the web workers' request checks (fcgi/csr.c) and software
 * key pairs (fcgi/softcert.c) with SM2: an SM2 request is accepted only
 * when signed with the distinguishing ID of lib/sm2.h, an SM2
 * certificate's replacement must be SM2, and the software key follows
 * the issuing CA's algorithm.
 *
 * Each test runs in its own process (fork mode) with throwaway keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "fcgi/csr.h"
#include "fcgi/softcert.h"
#include "lib/sm2.h"
#include "tests/unit/testdir.h"

static EVP_PKEY *
keygen(int sm2)
{
	EVP_PKEY	*k;

	k = sm2 ? sm2_keygen() : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ck_assert_ptr_nonnull(k);
	return k;
}

/* A request for key, DER: lib/sm2's signature, or OpenSSL's
 * X509_REQ_sign() (no ID for SM2) if bare. */
static unsigned char *
request(EVP_PKEY *key, int bare, size_t *len)
{
	X509_REQ	*r;
	unsigned char	*der = NULL;
	int		 n;

	ck_assert_ptr_nonnull(r = X509_REQ_new());
	ck_assert_int_eq(X509_REQ_set_pubkey(r, key), 1);
	if (bare)
		ck_assert_int_gt(X509_REQ_sign(r, key, sm2_is_key(key) ?
		    EVP_sm3() : EVP_sha256()), 0);
	else
		ck_assert_int_eq(sm2_req_sign(r, key), 0);
	ck_assert_int_gt(n = i2d_X509_REQ(r, &der), 0);
	X509_REQ_free(r);
	*len = (size_t)n;
	return der;
}

/* A self-signed certificate of key. */
static X509 *
cert(EVP_PKEY *key)
{
	X509	*x;

	ck_assert_ptr_nonnull(x = X509_new());
	ck_assert_int_eq(X509_set_version(x, X509_VERSION_3), 1);
	ck_assert_int_eq(ASN1_INTEGER_set(X509_get_serialNumber(x), 1), 1);
	ck_assert_int_eq(X509_NAME_add_entry_by_txt(X509_get_subject_name(x),
	    "CN", MBSTRING_UTF8, (const unsigned char *)"旧证书", -1, -1, 0),
	    1);
	ck_assert_int_eq(X509_set_issuer_name(x, X509_get_subject_name(x)),
	    1);
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	ck_assert_ptr_nonnull(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	ck_assert_int_eq(X509_set_pubkey(x, key), 1);
	ck_assert_int_eq(sm2_x509_sign(x, key), 0);
	return x;
}

/* csr_check() of req against the certificate of old_key (or none). */
static int
check(const unsigned char *req, size_t len, EVP_PKEY *old_key)
{
	X509		*x = NULL;
	unsigned char	*old = NULL, *der = NULL;
	size_t		 der_len;
	int		 n = 0, v;

	if (old_key != NULL) {
		x = cert(old_key);
		ck_assert_int_gt(n = i2d_X509(x, &old), 0);
	}
	v = csr_check(req, len, old, (size_t)n, &der, &der_len);
	if (v == CSR_OK) {
		ck_assert_uint_eq(der_len, len);
		ck_assert_mem_eq(der, req, len);
	} else
		ck_assert_ptr_null(der);
	free(der);
	OPENSSL_free(old);
	X509_free(x);
	return v;
}

START_TEST(test_sm2_request_with_the_id_is_accepted)
{
	EVP_PKEY	*k = keygen(1);
	unsigned char	*d;
	size_t		 n;

	d = request(k, 0, &n);
	ck_assert_int_eq(check(d, n, NULL), CSR_OK);
	OPENSSL_free(d);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_sm2_request_without_the_id_is_refused)
{
	EVP_PKEY	*k = keygen(1);
	unsigned char	*d;
	size_t		 n;

	d = request(k, 1, &n);
	ck_assert_int_eq(check(d, n, NULL), CSR_SIGNATURE);
	OPENSSL_free(d);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_replacement_of_sm2_certificate_must_be_sm2)
{
	EVP_PKEY	*sm2old = keygen(1), *ecold = keygen(0);
	EVP_PKEY	*sm2new = keygen(1), *ecnew = keygen(0);
	unsigned char	*d;
	size_t		 n;

	d = request(ecnew, 0, &n);
	ck_assert_int_eq(check(d, n, sm2old), CSR_KEY_TYPE);
	ck_assert_str_eq(csr_verdict_code(CSR_KEY_TYPE), "key_type");
	ck_assert_int_eq(check(d, n, ecold), CSR_OK);
	OPENSSL_free(d);
	d = request(sm2new, 0, &n);
	ck_assert_int_eq(check(d, n, sm2old), CSR_OK);
	ck_assert_int_eq(check(d, n, ecold), CSR_OK);
	ck_assert_int_eq(check(d, n, sm2new), CSR_SAME_KEY);
	OPENSSL_free(d);
	EVP_PKEY_free(sm2old);
	EVP_PKEY_free(ecold);
	EVP_PKEY_free(sm2new);
	EVP_PKEY_free(ecnew);
}
END_TEST

/* The key of a software certificate's request, or NULL. */
static EVP_PKEY *
soft_key(const struct softcert *sc)
{
	const unsigned char	*p;
	X509_REQ		*r;
	EVP_PKEY		*k;
	size_t			 n;

	p = softcert_csr(sc, &n);
	ck_assert_int_eq(check(p, n, NULL), CSR_OK);
	ck_assert_ptr_nonnull(r = d2i_X509_REQ(NULL, &p, (long)n));
	k = X509_REQ_get_pubkey(r);
	X509_REQ_free(r);
	ck_assert_ptr_nonnull(k);
	return k;
}

START_TEST(test_software_key_follows_the_issuing_ca)
{
	struct softcert	*sc;
	EVP_PKEY	*k, *ca;
	X509		*x;
	FILE		*f;
	char		 path[160];

	ck_assert_ptr_nonnull(sc = softcert_new(1));
	k = soft_key(sc);
	ck_assert_int_eq(sm2_is_key(k), 1);
	EVP_PKEY_free(k);
	softcert_free(sc);
	ck_assert_ptr_nonnull(sc = softcert_new(0));
	k = soft_key(sc);
	ck_assert_int_eq(sm2_is_key(k), 0);
	ck_assert_int_eq(EVP_PKEY_is_a(k, "EC"), 1);
	EVP_PKEY_free(k);
	softcert_free(sc);

	/* Which one: the first certificate of the chain file. */
	ck_assert_int_eq(csr_chain_sm2(NULL), 0);
	snprintf(path, sizeof(path), "%s/chain.pem", testdir_cur);
	ca = keygen(1);
	x = cert(ca);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(PEM_write_X509(f, x), 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(csr_chain_sm2(path), 1);
	X509_free(x);
	EVP_PKEY_free(ca);
	ca = keygen(0);
	x = cert(ca);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(PEM_write_X509(f, x), 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(csr_chain_sm2(path), 0);
	X509_free(x);
	EVP_PKEY_free(ca);
	snprintf(path, sizeof(path), "%s/none.pem", testdir_cur);
	ck_assert_int_eq(csr_chain_sm2(path), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("csr");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	testdir_init("csr");
	tc = tcase_create("sm2");
	tcase_add_unchecked_fixture(tc, testdir_top_setup,
	    testdir_top_teardown);
	tcase_add_checked_fixture(tc, testdir_setup, testdir_teardown);
	tcase_add_test(tc, test_sm2_request_with_the_id_is_accepted);
	tcase_add_test(tc, test_sm2_request_without_the_id_is_refused);
	tcase_add_test(tc, test_replacement_of_sm2_certificate_must_be_sm2);
	tcase_add_test(tc, test_software_key_follows_the_issuing_ca);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
