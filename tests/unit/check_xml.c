/*
 * check_xml.c: page documents (fcgi/xml.c) and their rendering through the
 * real stylesheets of xsl/ (fcgi/render.c): text is escaped by
 * construction, bad text never reaches a page, and the stylesheets cannot
 * read files at transform time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "fcgi/render.h"
#include "fcgi/xml.h"
#include "fcgi/xmlmem.h"

static void
setup(void)
{
	char		 dir[4096];
	const char	*top = getenv("TOPDIR");

	snprintf(dir, sizeof(dir), "%s/xsl", top != NULL ? top : ".");
	ck_assert_int_eq(render_init(dir), 0);
}

static void
teardown(void)
{
	render_free();
}

START_TEST(test_valid_utf8_text_is_accepted)
{
	ck_assert(xml_text_ok("沈阳办理点 <b>&\"'"));
	ck_assert(xml_text_ok("tab\tnewline\n"));
	ck_assert(xml_text_ok(""));
}
END_TEST

START_TEST(test_invalid_text_is_rejected)
{
	ck_assert(!xml_text_ok("\xff"));		/* not UTF-8 */
	ck_assert(!xml_text_ok("\xc0\xaf"));		/* overlong '/' */
	ck_assert(!xml_text_ok("\xed\xa0\x80"));	/* surrogate */
	ck_assert(!xml_text_ok("\xe4\xb8"));		/* truncated */
	ck_assert(!xml_text_ok("bell\x07"));		/* control char */
	ck_assert(!xml_text_ok("\xef\xbf\xbe"));	/* U+FFFE */
}
END_TEST

START_TEST(test_markup_in_text_comes_out_escaped)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, login;
	char		*html;
	size_t		 len;

	doc = xml_page_new("login", &root);
	ck_assert_ptr_nonnull(doc);
	login = xml_add(root, "login", NULL);
	ck_assert_int_eq(xml_attr(login, "tab", "password"), 0);
	ck_assert_ptr_nonnull(xml_add(login, "mobile",
	    "<script>alert(1)</script>"));
	ck_assert_int_eq(render_page(SHEET_LOGIN, doc, &html, &len), 0);
	ck_assert(strstr(html, "<script>alert(1)") == NULL);
	ck_assert(strstr(html, "&lt;script&gt;alert(1)") != NULL);
	free(html);
	xmlFreeDoc(doc);
}
END_TEST

/*
 * render.c writes HTML results itself; its output must be what libxslt's
 * own writer gives for the same transform, markup, entities, Chinese and
 * quotes included (values with a double quote take libxslt's path).
 */
static void
same_as_libxslt(enum sheet sheet, xmlDocPtr doc)
{
	char			 path[4200];
	const char		*top = getenv("TOPDIR");
	xsltStylesheetPtr	 st;
	xmlDocPtr		 res;
	xmlChar			*want = NULL;
	int			 wlen = 0;
	char			*html;
	size_t			 len;

	snprintf(path, sizeof(path), "%s/xsl/%s", top != NULL ? top : ".",
	    render_sheet_file(sheet));
	ck_assert_ptr_nonnull(st = xsltParseStylesheetFile(BAD_CAST path));
	ck_assert_ptr_nonnull(res = xsltApplyStylesheet(st, doc, NULL));
	ck_assert_int_eq(xsltSaveResultToString(&want, &wlen, res, st), 0);
	ck_assert_int_eq(render_page(sheet, doc, &html, &len), 0);
	ck_assert_uint_eq(len, (size_t)wlen);
	ck_assert(memcmp(html, want, len) == 0);
	free(html);
	xmlFree(want);
	xmlFreeDoc(res);
	xsltFreeStylesheet(st);
}

START_TEST(test_html_writer_matches_libxslt)
{
	static const char *const mobiles[] = { "139 <b>&amp;'中文</b>",
	    "a\"b'c", "&{x}", "plain" };
	xmlDocPtr	 doc;
	xmlNodePtr	 root, login, e;
	size_t		 i;

	for (i = 0; i < sizeof(mobiles) / sizeof(mobiles[0]); i++) {
		doc = xml_page_new("login", &root);
		ck_assert_ptr_nonnull(doc);
		login = xml_add(root, "login", NULL);
		ck_assert_int_eq(xml_attr(login, "tab", "password"), 0);
		ck_assert_ptr_nonnull(xml_add(login, "mobile", mobiles[i]));
		ck_assert_ptr_nonnull(e = xml_add(login, "error", NULL));
		ck_assert_int_eq(xml_attr(e, "code", "bad_password"), 0);
		same_as_libxslt(SHEET_LOGIN, doc);
		same_as_libxslt(SHEET_ERROR, doc);
		xmlFreeDoc(doc);
	}
}
END_TEST

/*
 * A worker's request: libxml2 allocates from the arena (fcgi/xmlmem.c),
 * and the page's and the result's documents are freed with it.  The page
 * comes out the same as outside the arena, request after request, and
 * nothing outlives the arena but the stylesheets: a reference left on
 * their dictionary would be reported by LeakSanitizer (the SAN run)
 * after render_free().
 */
static xmlDocPtr
login_doc(void)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, login;

	ck_assert_ptr_nonnull(doc = xml_page_new("login", &root));
	ck_assert_ptr_nonnull(login = xml_add(root, "login", NULL));
	ck_assert_int_eq(xml_attr(login, "tab", "password"), 0);
	ck_assert_ptr_nonnull(xml_add(login, "mobile", "139 <b>中文</b>"));
	return doc;
}

START_TEST(test_request_documents_go_with_the_arena)
{
	xmlDocPtr	 doc;
	char		*want, *html;
	size_t		 wlen, len;
	int		 i;

	doc = login_doc();
	ck_assert_int_eq(render_page(SHEET_LOGIN, doc, &want, &wlen), 0);
	xmlFreeDoc(doc);
	ck_assert_int_eq(xmlmem_init(), 0);
	for (i = 0; i < 3; i++) {
		xmlmem_begin();
		doc = login_doc();
		ck_assert_int_eq(render_page(SHEET_LOGIN, doc, &html, &len),
		    0);
		xmlmem_free_doc(doc);
		xmlmem_end();
		ck_assert_uint_eq(len, wlen);
		ck_assert(memcmp(html, want, len) == 0);
		free(html);
	}
	free(want);
	render_free();
	xmlmem_fini();
}
END_TEST

START_TEST(test_invalid_text_becomes_an_empty_element)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*content;

	doc = xml_page_new("login", &root);
	n = xml_add(root, "mobile", "abc\xff");
	ck_assert_ptr_nonnull(n);
	content = xmlNodeGetContent(n);
	ck_assert_str_eq((const char *)content, "");
	xmlFree(content);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_error_page_renders_each_status_in_chinese)
{
	static const struct {
		int		 status;
		const char	*text;
	} want[] = {
		{ 400, "请求无效" },
		{ 403, "禁止访问" },
		{ 404, "页面不存在" },
		{ 405, "请求方法不被允许" },
		{ 413, "内容过大" },
		{ 500, "服务器内部错误" },
	};
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e;
	char		*html;
	size_t		 i, len;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		doc = xml_page_new("error", &root);
		e = xml_add(root, "error", NULL);
		ck_assert_int_eq(xml_attr_int(e, "status", want[i].status), 0);
		ck_assert_int_eq(render_page(SHEET_ERROR, doc, &html, &len),
		    0);
		ck_assert_msg(strstr(html, want[i].text) != NULL,
		    "status %d lacks %s", want[i].status, want[i].text);
		free(html);
		xmlFreeDoc(doc);
	}
}
END_TEST

/* Writes a stylesheet whose body is expr into dir/name. */
static void
write_sheet(const char *dir, const char *name, const char *body)
{
	char	 path[4200];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:template match=\"/\"><p>%s</p></xsl:template>"
	    "</xsl:stylesheet>", body);
	fclose(f);
}

START_TEST(test_stylesheet_cannot_read_files_at_transform_time)
{
	char		 dir[] = "/tmp/check_xml.XXXXXX";
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
	char		*html;
	size_t		 len;
	int		 i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < SHEET__MAX; i++)
		write_sheet(dir, render_sheet_file(i), "ok");
	/* document() at transform time must be refused by the prefs. */
	write_sheet(dir, render_sheet_file(SHEET_LOGIN),
	    "<xsl:value-of select=\"document('/etc/hostname')\"/>");
	ck_assert_int_eq(render_init(dir), 0);
	doc = xml_page_new("login", &root);
	ck_assert_int_eq(render_page(SHEET_LOGIN, doc, &html, &len), -1);
	ck_assert_ptr_null(html);
	/* The harmless sheet still works with the same prefs. */
	ck_assert_int_eq(render_page(SHEET_ERROR, doc, &html, &len), 0);
	ck_assert(strstr(html, "<p>ok</p>") != NULL);
	free(html);
	xmlFreeDoc(doc);
	render_free();
	for (i = 0; i < SHEET__MAX; i++) {
		char	 path[4200];

		snprintf(path, sizeof(path), "%s/%s", dir,
		    render_sheet_file(i));
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("xml");
	TCase	*tc = tcase_create("xml");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_valid_utf8_text_is_accepted);
	tcase_add_test(tc, test_invalid_text_is_rejected);
	tcase_add_test(tc, test_markup_in_text_comes_out_escaped);
	tcase_add_test(tc, test_html_writer_matches_libxslt);
	tcase_add_test(tc, test_request_documents_go_with_the_arena);
	tcase_add_test(tc, test_invalid_text_becomes_an_empty_element);
	tcase_add_test(tc, test_error_page_renders_each_status_in_chinese);
	suite_add_tcase(s, tc);
	tc = tcase_create("security");
	tcase_add_test(tc, test_stylesheet_cannot_read_files_at_transform_time);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
