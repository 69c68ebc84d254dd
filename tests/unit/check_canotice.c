/*
 * check_canotice.c: the notice document, its CMS signature and the retry
 * schedule (ca/canotice.c).  Queueing and delivery are tested end to end
 * in tests/integ/check_notice.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/canotice.h"

START_TEST(test_backoff_doubles_with_jitter_up_to_the_cap)
{
	int64_t	 w;
	int	 n;

	/* first 10 s: try 1 waits 5..10, try 2 10..20, try 3 20..40. */
	ck_assert_int_eq(canotice_backoff(1, 10, 3600, 0), 5);
	ck_assert_int_eq(canotice_backoff(1, 10, 3600, 5), 10);
	ck_assert_int_eq(canotice_backoff(2, 10, 3600, 0), 10);
	ck_assert_int_eq(canotice_backoff(3, 10, 3600, 20), 40);
	for (n = 1; n < 200; n++) {
		w = canotice_backoff(n, 10, 3600, 0xffffffffu);
		ck_assert_int_le(w, 3600);
		ck_assert_int_ge(w, canotice_backoff(n, 10, 3600, 0));
		if (n > 12)
			ck_assert_int_ge(canotice_backoff(n, 10, 3600, 0),
			    1800);
	}
	/* Tries over three days at a one-hour cap: about 80. */
	ck_assert_int_eq(canotice_backoff(0, 1, 2, 1), 1);
}
END_TEST

START_TEST(test_xml_escapes_the_subject_and_omits_empty_fields)
{
	struct canotice_event	 e;
	uint8_t			*x;
	size_t			 len;
	char			*s;

	memset(&e, 0, sizeof(e));
	e.type = CANOTICE_REVOKED;
	e.old_serial = "0A1B";
	e.new_serial = "";
	e.subject = "CN=张三,O=A&B <公司>\x01";
	e.reason = 1;
	e.revoked_at = 1700000000;
	e.at = 1700000000;
	ck_assert_int_eq(canotice_xml(&e, "ev-1", "辽宁建设工程信息网", 7,
	    "issuing-ca", "http://h/crl/issuing-ca.crl", "http://h/ocsp", &x,
	    &len), 0);
	s = strndup((char *)x, len);
	ck_assert_ptr_nonnull(strstr(s, "<sequence>7</sequence>"));
	ck_assert_ptr_nonnull(strstr(s, "<type>revoked</type>"));
	ck_assert_ptr_nonnull(strstr(s, "<old-serial>0A1B</old-serial>"));
	ck_assert_ptr_null(strstr(s, "new-serial"));
	ck_assert_ptr_nonnull(strstr(s,
	    "<subject>CN=张三,O=A&amp;B &lt;公司&gt;\xef\xbf\xbd</subject>"));
	ck_assert_ptr_nonnull(strstr(s, "<reason>keyCompromise</reason>"));
	ck_assert_ptr_nonnull(strstr(s,
	    "<revoked-at>2023-11-14T22:13:20Z</revoked-at>"));
	ck_assert_ptr_null(strstr(s, "invalidity-date"));
	free(s);
	free(x);
}
END_TEST

/* A self-signed P-256 certificate with the notice signer's extensions. */
static X509 *
signer_cert(EVP_PKEY *k)
{
	X509		*x = X509_new();
	X509V3_CTX	 ctx;
	X509_EXTENSION	*ext;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	    MBSTRING_UTF8, (const unsigned char *)"notice", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, k);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_ext_key_usage,
	    "emailProtection");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	X509_sign(x, k, EVP_sha256());
	return x;
}

START_TEST(test_signed_notice_verifies_and_yields_the_exact_document)
{
	EVP_PKEY		*k = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
				    "P-256");
	X509			*x = signer_cert(k);
	X509_STORE		*st = X509_STORE_new();
	CMS_ContentInfo		*cms;
	const unsigned char	*p;
	const char		 doc[] = "<notice>\xe6\xb5\x8b\r\n</notice>";
	uint8_t			*der;
	size_t			 dlen;
	BIO			*out = BIO_new(BIO_s_mem());
	char			*got;
	long			 n;

	ck_assert_int_eq(canotice_sign(k, x, NULL, (const uint8_t *)doc,
	    strlen(doc), &der, &dlen), 0);
	X509_STORE_add_cert(st, x);
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)dlen);
	ck_assert_ptr_nonnull(cms);
	ck_assert_int_eq(CMS_verify(cms, NULL, st, NULL, out, CMS_BINARY), 1);
	n = BIO_get_mem_data(out, &got);
	/* Byte for byte: CR LF survive (no MIME canonicalisation). */
	ck_assert_int_eq(n, (long)strlen(doc));
	ck_assert_int_eq(memcmp(got, doc, strlen(doc)), 0);
	/* One flipped byte of the signed content: refused. */
	CMS_ContentInfo_free(cms);
	der[dlen / 2] ^= 1;
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)dlen);
	ck_assert(cms == NULL || CMS_verify(cms, NULL, st, NULL, NULL,
	    CMS_BINARY) != 1);
	CMS_ContentInfo_free(cms);
	OPENSSL_free(der);
	BIO_free(out);
	X509_STORE_free(st);
	X509_free(x);
	EVP_PKEY_free(k);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("canotice");
	TCase	*tc = tcase_create("notice");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_backoff_doubles_with_jitter_up_to_the_cap);
	tcase_add_test(tc, test_xml_escapes_the_subject_and_omits_empty_fields);
	tcase_add_test(tc,
	    test_signed_notice_verifies_and_yields_the_exact_document);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
