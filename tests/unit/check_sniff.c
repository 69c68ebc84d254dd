/*
 * check_sniff.c: the upload sniffer (fcgi/sniff.c) recognises real JPEG,
 * PNG and PDF files by their bytes, and nothing else: not text with a
 * borrowed first line, not files cut short, not other formats.  Inputs
 * are copied into buffers of exactly their size, so a read past the end
 * shows up under AddressSanitizer.  The pixel size an image declares
 * (sniff_image_size) is read from PNG's IHDR and JPEG's frame header,
 * and the uploads' 50-megapixel limit is checked against it.
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

/* sniff_image_size() of an exact copy of data, sniffed first. */
static int
size_copy(const void *data, size_t len, unsigned long *w, unsigned long *h)
{
	unsigned char	*p;
	int		 rc;

	ck_assert_ptr_nonnull(p = malloc(len));
	memcpy(p, data, len);
	rc = sniff_image_size(p, len, sniff(p, len), w, h);
	free(p);
	return rc;
}

/* The sample PNG declaring w x h in its IHDR (the CRC is not checked). */
static void
png_of(unsigned char out[sizeof(sample_png)], unsigned long w,
    unsigned long h)
{
	int	 i;

	memcpy(out, sample_png, sizeof(sample_png));
	for (i = 0; i < 4; i++) {
		out[16 + i] = (unsigned char)(w >> (24 - 8 * i));
		out[20 + i] = (unsigned char)(h >> (24 - 8 * i));
	}
}

/* The sample JPEG declaring w x h in its SOF0. */
static void
jpeg_of(unsigned char out[sizeof(sample_jpeg)], unsigned long w,
    unsigned long h)
{
	size_t	 i;

	memcpy(out, sample_jpeg, sizeof(sample_jpeg));
	for (i = 0; out[i] != 0xff || out[i + 1] != 0xc0; i++)
		continue;
	out[i + 5] = (unsigned char)(h >> 8);
	out[i + 6] = (unsigned char)h;
	out[i + 7] = (unsigned char)(w >> 8);
	out[i + 8] = (unsigned char)w;
}

START_TEST(test_image_sizes_are_read_from_the_header)
{
	unsigned long	 w, h;

	ck_assert_int_eq(size_copy(sample_png, sizeof(sample_png), &w, &h),
	    0);
	ck_assert_uint_eq(w, 1);
	ck_assert_uint_eq(h, 1);
	ck_assert_int_eq(size_copy(sample_jpeg, sizeof(sample_jpeg), &w,
	    &h), 0);
	ck_assert_uint_eq(w, 8);
	ck_assert_uint_eq(h, 8);
	/* Not an image, or not what it was said to be. */
	ck_assert_int_eq(size_copy(sample_pdf, sizeof(sample_pdf) - 1, &w,
	    &h), -1);
	ck_assert_int_eq(sniff_image_size(sample_png, sizeof(sample_png),
	    SNIFF_JPEG, &w, &h), -1);
	ck_assert_int_eq(sniff_image_size(NULL, 0, SNIFF_PNG, &w, &h), -1);
}
END_TEST

/* A 203 KB PNG once declared 20000 x 20000 and was accepted. */
START_TEST(test_png_over_50_megapixels_is_too_large)
{
	unsigned char	 p[sizeof(sample_png)];
	unsigned long	 w, h;

	png_of(p, 20000, 20000);
	ck_assert_int_eq(size_copy(p, sizeof(p), &w, &h), 0);
	ck_assert_uint_eq(w, 20000);
	ck_assert_uint_eq(h, 20000);
	ck_assert((unsigned long long)w * h > SNIFF_PIXELS_MAX);
	/* 50 megapixels exactly is allowed, one row more is not. */
	png_of(p, 10000, 5000);
	ck_assert_int_eq(size_copy(p, sizeof(p), &w, &h), 0);
	ck_assert((unsigned long long)w * h <= SNIFF_PIXELS_MAX);
	png_of(p, 10000, 5001);
	ck_assert_int_eq(size_copy(p, sizeof(p), &w, &h), 0);
	ck_assert((unsigned long long)w * h > SNIFF_PIXELS_MAX);
	/* The largest a PNG can say does not overflow the product. */
	png_of(p, 0x7fffffff, 0x7fffffff);
	ck_assert_int_eq(size_copy(p, sizeof(p), &w, &h), 0);
	ck_assert((unsigned long long)w * h > SNIFF_PIXELS_MAX);
	png_of(p, 0, 100);
	ck_assert_int_eq(size_copy(p, sizeof(p), &w, &h), -1);
}
END_TEST

START_TEST(test_jpeg_over_50_megapixels_is_too_large)
{
	unsigned char	 j[sizeof(sample_jpeg)];
	unsigned long	 w, h;

	jpeg_of(j, 10000, 6000);
	ck_assert_int_eq(size_copy(j, sizeof(j), &w, &h), 0);
	ck_assert_uint_eq(w, 10000);
	ck_assert_uint_eq(h, 6000);
	ck_assert((unsigned long long)w * h > SNIFF_PIXELS_MAX);
	jpeg_of(j, 8000, 6000);
	ck_assert_int_eq(size_copy(j, sizeof(j), &w, &h), 0);
	ck_assert((unsigned long long)w * h <= SNIFF_PIXELS_MAX);
	/* Height 0 (given later in a DNL segment) is not accepted. */
	jpeg_of(j, 8000, 0);
	ck_assert_int_eq(size_copy(j, sizeof(j), &w, &h), -1);
}
END_TEST

START_TEST(test_jpeg_size_skips_tables_and_needs_a_frame)
{
	/* DHT (C4) first, then fill bytes, then a progressive SOF2. */
	static const unsigned char dht_first[] = {
		0xff, 0xd8, 0xff, 0xc4, 0x00, 0x04, 0x00, 0x00,
		0xff, 0xff, 0xc2, 0x00, 0x0b, 0x08, 0x01, 0x00, 0x02, 0x00,
		0x01, 0x01, 0x11, 0x00,
		0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
		0xff, 0xd9
	};
	/* Scan data before any frame header. */
	static const unsigned char sos_first[] = {
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00,
		0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
		0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01,
		0x01, 0x11, 0x00, 0xff, 0xd9
	};
	/* An APP0 segment claiming more bytes than there are. */
	static const unsigned char overlong[] = {
		0xff, 0xd8, 0xff, 0xe0, 0x7f, 0xff, 0x00, 0x00,
		0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01,
		0x01, 0x11, 0x00, 0xff, 0xd9
	};
	unsigned long	 w, h;

	ck_assert_int_eq(size_copy(dht_first, sizeof(dht_first), &w, &h), 0);
	ck_assert_uint_eq(w, 512);
	ck_assert_uint_eq(h, 256);
	ck_assert_int_eq(size_copy(sos_first, sizeof(sos_first), &w, &h),
	    -1);
	ck_assert_int_eq(size_copy(overlong, sizeof(overlong), &w, &h), -1);
}
END_TEST

/* No prefix of a JPEG makes the size reader read past the end. */
START_TEST(test_jpeg_size_of_every_prefix_stays_in_bounds)
{
	unsigned long	 w, h;
	size_t		 n;

	for (n = 0; n <= sizeof(sample_jpeg); n++) {
		unsigned char	*p = malloc(n > 0 ? n : 1);

		ck_assert_ptr_nonnull(p);
		memcpy(p, sample_jpeg, n);
		(void)sniff_image_size(p, n, SNIFF_JPEG, &w, &h);
		free(p);
	}
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
	tcase_add_test(tc, test_image_sizes_are_read_from_the_header);
	tcase_add_test(tc, test_png_over_50_megapixels_is_too_large);
	tcase_add_test(tc, test_jpeg_over_50_megapixels_is_too_large);
	tcase_add_test(tc, test_jpeg_size_skips_tables_and_needs_a_frame);
	tcase_add_test(tc, test_jpeg_size_of_every_prefix_stays_in_bounds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
