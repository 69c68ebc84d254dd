/*
 * check_pdfscan.c: the PDF active-content scan (fcgi/pdfscan.c).  PDFs
 * with JavaScript (an /OpenAction, /AA, /JS, names hex-escaped or not),
 * /Launch or embedded files are PDFSCAN_ACTIVE, also when the object
 * holding them sits in a compressed object stream; object streams the
 * scan cannot read are PDFSCAN_OPAQUE; plain PDFs, the sample and ones
 * with a compressed object stream of ordinary objects, are clean.
 * Inputs are copied into buffers of exactly their size (AddressSanitizer
 * sees a read past the end).  Compressed inputs are made with zlib here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <zlib.h>

#include "fcgi/pdfscan.h"
#include "tests/samples.h"

/* pdfscan() of an exact copy of len bytes; *found copied to what. */
static enum pdfscan_result
scan_copy(const void *data, size_t len, char what[32])
{
	unsigned char		*p;
	const char		*f = NULL;
	enum pdfscan_result	 r;

	ck_assert_ptr_nonnull(p = malloc(len > 0 ? len : 1));
	memcpy(p, data, len);
	r = pdfscan(p, len, &f);
	ck_assert_ptr_nonnull(f);
	snprintf(what, 32, "%s", f);
	free(p);
	return r;
}

/* A one-page PDF whose catalog has the extra entries cat. */
static enum pdfscan_result
scan_catalog(const char *cat, char what[32])
{
	char	 pdf[4096];
	int	 n;

	n = snprintf(pdf, sizeof(pdf), "%%PDF-1.4\n"
	    "1 0 obj\n<</Type/Catalog/Pages 2 0 R%s>>\nendobj\n"
	    "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
	    "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>\n"
	    "endobj\ntrailer\n<</Size 4/Root 1 0 R>>\n%%%%EOF\n", cat);
	ck_assert(n > 0 && (size_t)n < sizeof(pdf));
	return scan_copy(pdf, (size_t)n, what);
}

/*
 * A PDF 1.5 with object 4 stored in an object stream (object 5) whose
 * dictionary has the extra entries dict, its data the zlib compression
 * of objs (or objs itself when raw).
 */
static enum pdfscan_result
scan_objstm(const char *dict, const char *objs, int raw, char what[32])
{
	unsigned char	*z, *pdf;
	uLongf		 zlen;
	size_t		 olen = strlen(objs), n = 0;
	char		 head[512];
	int		 hn;
	enum pdfscan_result r;

	zlen = compressBound(olen);
	ck_assert_ptr_nonnull(z = malloc(zlen));
	if (raw) {
		memcpy(z, objs, olen);
		zlen = olen;
	} else
		ck_assert_int_eq(compress(z, &zlen, (const Bytef *)objs, olen),
		    Z_OK);
	hn = snprintf(head, sizeof(head), "%%PDF-1.5\n"
	    "1 0 obj\n<</Type/Catalog/Pages 2 0 R/Names 4 0 R>>\nendobj\n"
	    "2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n"
	    "5 0 obj\n<<%s/Length %lu>>\nstream\n", dict,
	    (unsigned long)zlen);
	ck_assert(hn > 0 && (size_t)hn < sizeof(head));
	ck_assert_ptr_nonnull(pdf = malloc((size_t)hn + zlen + 64));
	memcpy(pdf, head, (size_t)hn);
	n = (size_t)hn;
	memcpy(pdf + n, z, zlen);
	n += zlen;
	memcpy(pdf + n, "\nendstream\nendobj\n%%EOF\n", 24);
	n += 24;
	r = scan_copy(pdf, n, what);
	free(pdf);
	free(z);
	return r;
}

#define OBJSTM		"/Type/ObjStm/N 1/First 4/Filter/FlateDecode"
#define JS_OBJ		"4 0 <</JavaScript<</Names[(a) 6 0 R]>>>>"
#define PLAIN_OBJ	"4 0 <</Dests 7 0 R>>"

START_TEST(test_sample_pdf_is_clean)
{
	char	 what[32];

	ck_assert_int_eq(scan_copy(sample_pdf, sizeof(sample_pdf) - 1, what),
	    PDFSCAN_CLEAN);
	ck_assert_str_eq(what, "");
	/* An /OpenAction that only opens a page is fine. */
	ck_assert_int_eq(scan_catalog("/OpenAction[3 0 R/Fit]", what),
	    PDFSCAN_CLEAN);
}
END_TEST

START_TEST(test_openaction_javascript_is_active)
{
	char	 what[32];

	ck_assert_int_eq(scan_catalog("/OpenAction<</S/JavaScript"
	    "/JS(app.alert\\(1\\))>>", what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "JavaScript");
	/* /JS alone, its value a stream, after a comment. */
	ck_assert_int_eq(scan_catalog("/OpenAction<</S/X/JS %c\n 9 0 R>>",
	    what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "JS");
	ck_assert_int_eq(scan_catalog("/OpenAction<</JS<616c657274>>>",
	    what), PDFSCAN_ACTIVE);
}
END_TEST

START_TEST(test_hex_escaped_names_are_decoded)
{
	char	 what[32];

	ck_assert_int_eq(scan_catalog("/OpenAction<</S/J#61vaScript>>",
	    what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "JavaScript");
	ck_assert_int_eq(scan_catalog("/OpenAction<</#4A#53(x)>>", what),
	    PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "JS");
	ck_assert_int_eq(scan_catalog("/OpenAction<</S/#4c#61#75#6e#63#68"
	    "/F(calc.exe)>>", what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "Launch");
}
END_TEST

START_TEST(test_additional_actions_launch_and_attachments_are_active)
{
	char	 what[32];

	ck_assert_int_eq(scan_catalog("/AA<</WC 8 0 R>>", what),
	    PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "AA");
	ck_assert_int_eq(scan_catalog("/OpenAction<</S/Launch/F(x.exe)>>",
	    what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "Launch");
	ck_assert_int_eq(scan_catalog("/Names<</EmbeddedFiles 8 0 R>>",
	    what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "EmbeddedFiles");
	ck_assert_int_eq(scan_catalog("/X<</Type/EmbeddedFile>>", what),
	    PDFSCAN_ACTIVE);
	ck_assert_int_eq(scan_catalog("/X<</Type/Filespec/EF<</F 8 0 R>>>>",
	    what), PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "EF");
}
END_TEST

START_TEST(test_lookalike_names_are_not_active)
{
	char	 what[32];

	/* Other names, and short ones used as values, not keys. */
	ck_assert_int_eq(scan_catalog("/JavaScripts 5/AAB<<>>/X/JS/Y/AA"
	    "/Z/EF>>/W<<", what), PDFSCAN_CLEAN);
	/* Short names with values they cannot have (as in binary data). */
	ck_assert_int_eq(scan_catalog("/Q[/AA 5/EF(x)/JS 12/AA[1]/EF<a0>"
	    "/JS 1 2/AA 3 4 Q]", what), PDFSCAN_CLEAN);
	/* With values they can have, they count. */
	ck_assert_int_eq(scan_catalog("/AA 5 %c\n0 R", what),
	    PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "AA");
	ck_assert_int_eq(scan_catalog("/Q[/JS 12 0 R]", what),
	    PDFSCAN_ACTIVE);
}
END_TEST

START_TEST(test_javascript_in_an_object_stream_is_active)
{
	char	 what[32];

	ck_assert_int_eq(scan_objstm(OBJSTM, JS_OBJ, 0, what),
	    PDFSCAN_ACTIVE);
	ck_assert_str_eq(what, "JavaScript");
	/* No /Type, but /N and /First: still an object stream. */
	ck_assert_int_eq(scan_objstm("/N 1/First 4/Filter[/FlateDecode]",
	    JS_OBJ, 0, what), PDFSCAN_ACTIVE);
	/* The type name escaped. */
	ck_assert_int_eq(scan_objstm("/Type/Obj#53tm/Filter/FlateDecode",
	    JS_OBJ, 0, what), PDFSCAN_ACTIVE);
	/* Uncompressed: seen in the file's bytes. */
	ck_assert_int_eq(scan_objstm("/Type/ObjStm/N 1/First 4", JS_OBJ, 1,
	    what), PDFSCAN_ACTIVE);
}
END_TEST

START_TEST(test_plain_object_stream_is_clean)
{
	char	 what[32];

	ck_assert_int_eq(scan_objstm(OBJSTM, PLAIN_OBJ, 0, what),
	    PDFSCAN_CLEAN);
	/* Other compressed streams (pages, images) are not inflated. */
	ck_assert_int_eq(scan_objstm("/Filter/FlateDecode", "garbage", 1,
	    what), PDFSCAN_CLEAN);
}
END_TEST

START_TEST(test_unreadable_object_streams_are_opaque)
{
	char	 what[32];

	ck_assert_int_eq(scan_objstm("/Type/ObjStm/N 1/First 4"
	    "/Filter/LZWDecode", PLAIN_OBJ, 0, what), PDFSCAN_OPAQUE);
	ck_assert_str_eq(what, "ObjStm");
	ck_assert_int_eq(scan_objstm(OBJSTM "/DecodeParms<</Predictor 12>>",
	    PLAIN_OBJ, 0, what), PDFSCAN_OPAQUE);
	ck_assert_int_eq(scan_objstm("/Type/ObjStm/N 1/First 4"
	    "/Filter[/FlateDecode/ASCIIHexDecode]", PLAIN_OBJ, 0, what),
	    PDFSCAN_OPAQUE);
	ck_assert_int_eq(scan_objstm("/Type/ObjStm/N 1/First 4/Filter 9 0 R",
	    PLAIN_OBJ, 0, what), PDFSCAN_OPAQUE);
	/* Not zlib data (an encrypted PDF's object stream looks so). */
	ck_assert_int_eq(scan_objstm(OBJSTM, PLAIN_OBJ, 1, what),
	    PDFSCAN_OPAQUE);
}
END_TEST

START_TEST(test_object_stream_inflating_too_far_is_opaque)
{
	size_t	 n = PDFSCAN_INFLATE_MAX + 1;
	char	*big, what[32];

	ck_assert_ptr_nonnull(big = malloc(n + 1));
	memset(big, ' ', n);
	big[n] = '\0';
	ck_assert_int_eq(scan_objstm(OBJSTM, big, 0, what), PDFSCAN_OPAQUE);
	free(big);
}
END_TEST

START_TEST(test_object_stream_cut_short_is_opaque)
{
	unsigned char	 z[256];
	uLongf		 zlen = sizeof(z);
	char		 pdf[1024], what[32];
	int		 n;

	ck_assert_int_eq(compress(z, &zlen, (const Bytef *)PLAIN_OBJ,
	    strlen(PLAIN_OBJ)), Z_OK);
	n = snprintf(pdf, sizeof(pdf), "%%PDF-1.5\n5 0 obj\n<<" OBJSTM
	    ">>\nstream\n");
	/* The file ends halfway through the compressed data. */
	memcpy(pdf + n, z, zlen / 2);
	ck_assert_int_eq(scan_copy(pdf, (size_t)n + zlen / 2, what),
	    PDFSCAN_OPAQUE);
}
END_TEST

/* Every prefix of an active PDF is scanned within its bounds. */
START_TEST(test_every_prefix_stays_in_bounds)
{
	static const char pdf[] = "%PDF-1.5\n1 0 obj\n<</AA %c\n<</O"
	    "/J#61vaScript>>>>\nendobj\n5 0 obj\n<<" OBJSTM ">>\nstream\r\n"
	    "x\x9c\x01\nendstream\nendobj\n%%EOF\n";
	char	 what[32];
	size_t	 n;

	for (n = 0; n < sizeof(pdf); n++)
		(void)scan_copy(pdf, n, what);
	ck_assert_int_eq(pdfscan(NULL, 0, NULL), PDFSCAN_CLEAN);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pdfscan");
	TCase	*tc = tcase_create("pdfscan");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_sample_pdf_is_clean);
	tcase_add_test(tc, test_openaction_javascript_is_active);
	tcase_add_test(tc, test_hex_escaped_names_are_decoded);
	tcase_add_test(tc,
	    test_additional_actions_launch_and_attachments_are_active);
	tcase_add_test(tc, test_lookalike_names_are_not_active);
	tcase_add_test(tc, test_javascript_in_an_object_stream_is_active);
	tcase_add_test(tc, test_plain_object_stream_is_clean);
	tcase_add_test(tc, test_unreadable_object_streams_are_opaque);
	tcase_add_test(tc, test_object_stream_inflating_too_far_is_opaque);
	tcase_add_test(tc, test_object_stream_cut_short_is_opaque);
	tcase_add_test(tc, test_every_prefix_stays_in_bounds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
