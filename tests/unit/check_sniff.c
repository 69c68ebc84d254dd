/*
 * check_sniff.c: the upload sniffer (fcgi/sniff.c) recognises real JPEG,
 * PNG and PDF files by their bytes, and nothing else: not text with a
 * borrowed first line, not files cut short, not other formats.  Inputs
 * are copied into buffers of exactly their size, so a read past the end
 * shows up under AddressSanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fcgi/sniff.h"
#include "tests/samples.h"

/* sniff() of a private copy of exactly len bytes of data. */
static enum sniff_type
sniff_copy(const void *data, size_t len)
{
	unsigned char	*p;
	enum sniff_type	 t;

	p = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(p);
	memcpy(p, data, len);
	t = sniff(p, len);
	free(p);
	return t;
}

/* sniff() of a followed by b, copied into one exact buffer. */
static enum sniff_type
sniff_cat(const void *a, size_t alen, const void *b, size_t blen)
{
	unsigned char	*p;
	enum sniff_type	 t;

	p = malloc(alen + blen);
	ck_assert_ptr_nonnull(p);
	memcpy(p, a, alen);
	memcpy(p + alen, b, blen);
	t = sniff(p, alen + blen);
	free(p);
	return t;
}

START_TEST(test_png_is_recognised)
{
	ck_assert_int_eq(sniff_copy(sample_png, sizeof(sample_png)),
	    SNIFF_PNG);
}
END_TEST

START_TEST(test_jpeg_is_recognised)
{
	ck_assert_int_eq(sniff_copy(sample_jpeg, sizeof(sample_jpeg)),
	    SNIFF_JPEG);
}
END_TEST

START_TEST(test_pdf_is_recognised)
{
	ck_assert_int_eq(sniff_copy(sample_pdf, sizeof(sample_pdf) - 1),
	    SNIFF_PDF);
}
END_TEST

START_TEST(test_empty_and_null_are_unknown)
{
	ck_assert_int_eq(sniff(NULL, 0), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff(NULL, 10), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff_copy("", 0), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_text_is_unknown_whatever_its_name)
{
	static const char txt[] = "这不是图片，只是改了扩展名的文本文件。\n";

	ck_assert_int_eq(sniff_copy(txt, sizeof(txt) - 1), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_every_prefix_of_a_sample_is_unknown)
{
	size_t	 n;

	for (n = 0; n < sizeof(sample_png); n++)
		ck_assert_int_eq(sniff_copy(sample_png, n), SNIFF_UNKNOWN);
	for (n = 0; n < sizeof(sample_jpeg); n++)
		ck_assert_int_eq(sniff_copy(sample_jpeg, n), SNIFF_UNKNOWN);
	/* The PDF ends "%%EOF\n": cutting the newline keeps it a PDF. */
	for (n = 0; n < sizeof(sample_pdf) - 2; n++)
		ck_assert_int_eq(sniff_copy(sample_pdf, n), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_png_with_bytes_after_iend_is_unknown)
{
	static const char html[] = "<html><script>alert(1)</script></html>";

	ck_assert_int_eq(sniff_cat(sample_png, sizeof(sample_png), html,
	    sizeof(html) - 1), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_png_signature_alone_is_unknown)
{
	static const unsigned char sig[] = {
		0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a
	};
	static const char rest[] = "plain text after a PNG signature, "
	    "long enough to pass a length check";

	ck_assert_int_eq(sniff_cat(sig, sizeof(sig), rest, sizeof(rest) - 1),
	    SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_jpeg_needs_its_end_marker)
{
	/* Without FF D9 at all. */
	ck_assert_int_eq(sniff_copy(sample_jpeg, sizeof(sample_jpeg) - 2),
	    SNIFF_UNKNOWN);
	/* Bytes after the end marker (cameras add them) are fine. */
	ck_assert_int_eq(sniff_cat(sample_jpeg, sizeof(sample_jpeg),
	    "\0\0\0\0", 4), SNIFF_JPEG);
}
END_TEST

START_TEST(test_jpeg_start_needs_a_marker)
{
	static const unsigned char bad[] = {
		0xff, 0xd8, 0xff, 0x00, 0x10, 0x20, 0xff, 0xd9
	};
	static const unsigned char soi_only[] = {
		0xff, 0xd8, 0x41, 0x42, 0x43, 0x44, 0xff, 0xd9
	};

	ck_assert_int_eq(sniff_copy(bad, sizeof(bad)), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff_copy(soi_only, sizeof(soi_only)),
	    SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_pdf_needs_eof_near_the_end)
{
	char	 junk[2048];

	memset(junk, 'x', sizeof(junk));
	/* No %%EOF at all. */
	ck_assert_int_eq(sniff_copy(sample_pdf, sizeof(sample_pdf) - 1 - 6),
	    SNIFF_UNKNOWN);
	/* %%EOF, then 2 KiB more: no reader looks that far back. */
	ck_assert_int_eq(sniff_cat(sample_pdf, sizeof(sample_pdf) - 1, junk,
	    sizeof(junk)), SNIFF_UNKNOWN);
	/* A little trailing whitespace is normal. */
	ck_assert_int_eq(sniff_cat(sample_pdf, sizeof(sample_pdf) - 1,
	    "\r\n\r\n", 4), SNIFF_PDF);
}
END_TEST

START_TEST(test_pdf_header_must_come_first)
{
	static const char lead[] = "<html>";

	ck_assert_int_eq(sniff_cat(lead, sizeof(lead) - 1, sample_pdf,
	    sizeof(sample_pdf) - 1), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff_copy("%PDF-x %%EOF", 12), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_other_formats_are_unknown)
{
	static const char *const others[] = {
		"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
		"PK\x03\x04 a zip archive, or a .docx",
		"BM a bitmap header and some pixels",
		"%!PS-Adobe-3.0 a PostScript file %%EOF",
		"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"RIFF....WEBPVP8 ",
	};
	size_t	 i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_int_eq(sniff_copy(others[i], strlen(others[i])),
		    SNIFF_UNKNOWN);
}
END_TEST

START_TEST(test_type_names_and_extensions)
{
	int	 t;

	ck_assert_str_eq(sniff_mime(SNIFF_JPEG), "image/jpeg");
	ck_assert_str_eq(sniff_mime(SNIFF_PNG), "image/png");
	ck_assert_str_eq(sniff_mime(SNIFF_PDF), "application/pdf");
	ck_assert_str_eq(sniff_ext(SNIFF_JPEG), "jpg");
	ck_assert_str_eq(sniff_ext(SNIFF_PNG), "png");
	ck_assert_str_eq(sniff_ext(SNIFF_PDF), "pdf");
	ck_assert_ptr_null(sniff_mime(SNIFF_UNKNOWN));
	ck_assert_ptr_null(sniff_ext(SNIFF_UNKNOWN));
	ck_assert_ptr_null(sniff_mime(SNIFF__MAX));
	for (t = SNIFF_JPEG; t < SNIFF__MAX; t++)
		ck_assert_int_eq(sniff_from_mime(sniff_mime(t)), t);
	ck_assert_int_eq(sniff_from_mime("text/html"), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff_from_mime("IMAGE/PNG"), SNIFF_UNKNOWN);
	ck_assert_int_eq(sniff_from_mime(NULL), SNIFF_UNKNOWN);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sniff");
	TCase	*tc = tcase_create("sniff");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_png_is_recognised);
	tcase_add_test(tc, test_jpeg_is_recognised);
	tcase_add_test(tc, test_pdf_is_recognised);
	tcase_add_test(tc, test_empty_and_null_are_unknown);
	tcase_add_test(tc, test_text_is_unknown_whatever_its_name);
	tcase_add_test(tc, test_every_prefix_of_a_sample_is_unknown);
	tcase_add_test(tc, test_png_with_bytes_after_iend_is_unknown);
	tcase_add_test(tc, test_png_signature_alone_is_unknown);
	tcase_add_test(tc, test_jpeg_needs_its_end_marker);
	tcase_add_test(tc, test_jpeg_start_needs_a_marker);
	tcase_add_test(tc, test_pdf_needs_eof_near_the_end);
	tcase_add_test(tc, test_pdf_header_must_come_first);
	tcase_add_test(tc, test_other_formats_are_unknown);
	tcase_add_test(tc, test_type_names_and_extensions);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
