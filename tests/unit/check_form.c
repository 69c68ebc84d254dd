/*
 * check_form.c: the field validators of the personal centre and CA管理
 * (fcgi/form.c), the paged-list query (fcgi/listq.c, from the keys the
 * key table checked) and the Shanghai time formatting (fcgi/shtime.c).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/tree.h>

#include "fcgi/form.h"
#include "fcgi/listq.h"
#include "fcgi/shtime.h"
#include "fcgi/xml.h"

START_TEST(test_text_is_trimmed_and_bounded_in_characters)
{
	char	 out[64];

	ck_assert(form_text("  张三  ", 1, 2, 0, out, sizeof(out)));
	ck_assert_str_eq(out, "张三");
	ck_assert(!form_text("张三丰", 1, 2, 0, out, sizeof(out)));
	ck_assert(!form_text("   ", 1, 2, 0, out, sizeof(out)));
	ck_assert(form_text("", 0, 2, 0, out, sizeof(out)));
	ck_assert_str_eq(out, "");
	ck_assert(!form_text(NULL, 0, 2, 0, out, sizeof(out)));
}
END_TEST

START_TEST(test_text_refuses_controls_unless_multiline)
{
	char	 out[64];

	ck_assert(!form_text("a\nb", 1, 10, 0, out, sizeof(out)));
	ck_assert(form_text("a\r\nb\tc", 1, 10, 1, out, sizeof(out)));
	ck_assert_str_eq(out, "a\r\nb\tc");
	ck_assert(!form_text("a\x01" "b", 1, 10, 1, out, sizeof(out)));
	ck_assert(!form_text("a\x7f", 1, 10, 1, out, sizeof(out)));
	ck_assert(!form_text("\xe5\xbc", 1, 10, 0, out, sizeof(out)));
	ck_assert(!form_text("\xc0\xaf", 1, 10, 0, out, sizeof(out)));
}
END_TEST

START_TEST(test_text_never_truncates_into_a_small_buffer)
{
	char	 out[4];

	ck_assert(!form_text("张三", 1, 10, 0, out, sizeof(out)));
	ck_assert(form_text("abc", 1, 10, 0, out, sizeof(out)));
	ck_assert_str_eq(out, "abc");
}
END_TEST

START_TEST(test_uscc_is_raised_and_checked)
{
	char	 out[19];

	ck_assert(form_uscc(" 91210105ma0ydem15l ", out, sizeof(out)));
	ck_assert_str_eq(out, "91210105MA0YDEM15L");
	ck_assert(!form_uscc("91210105MA0YDEM15K", out, sizeof(out)));
	ck_assert(!form_uscc("91210105MA0YDEM15", out, sizeof(out)));
	ck_assert(!form_uscc("91210105MA0YDEM15LL", out, sizeof(out)));
	ck_assert(!form_uscc("", out, sizeof(out)));
	ck_assert(!form_uscc(NULL, out, sizeof(out)));
	ck_assert(!form_uscc("91210105MA0YDEM15L", out, 18));
}
END_TEST

START_TEST(test_phone_and_account_charsets)
{
	char	 out[80];

	ck_assert(form_phone("024-12345678", out, sizeof(out)));
	ck_assert(form_phone("+86 (24) 1234 5678", out, sizeof(out)));
	ck_assert(form_phone("", out, sizeof(out)));
	ck_assert(!form_phone("1234", out, sizeof(out)));
	ck_assert(!form_phone("024-1234x", out, sizeof(out)));
	ck_assert(!form_phone("123456789012345678901234567890123", out,
	    sizeof(out)));
	ck_assert(form_bank_account("6200 0000-0001", out, sizeof(out)));
	ck_assert(form_bank_account("", out, sizeof(out)));
	ck_assert(!form_bank_account("12345", out, sizeof(out)));
	ck_assert(!form_bank_account("62000000000A", out, sizeof(out)));
}
END_TEST

START_TEST(test_roles_an_administrator_may_give)
{
	enum appdb_role	 r = APPDB_ROLE__MAX;

	ck_assert(form_role("admin", &r));
	ck_assert_int_eq(r, APPDB_ROLE_ADMIN);
	ck_assert(form_role("cost_engineer", &r));
	ck_assert_int_eq(r, APPDB_ROLE_COST_ENGINEER);
	ck_assert(form_role("project_lead", &r));
	ck_assert_int_eq(r, APPDB_ROLE_PROJECT_LEAD);
	ck_assert(!form_role("personal", &r));
	ck_assert(!form_role("Admin", &r));
	ck_assert(!form_role("", &r));
	ck_assert(!form_role(NULL, &r));
}
END_TEST

START_TEST(test_ids_are_plain_positive_decimals)
{
	long long	 v = 0;

	ck_assert(form_id("1", &v));
	ck_assert_int_eq(v, 1);
	ck_assert(form_id("9007199254740992", &v));
	ck_assert(!form_id("9007199254740993", &v));
	ck_assert(!form_id("0", &v));
	ck_assert(!form_id("-1", &v));
	ck_assert(!form_id("+1", &v));
	ck_assert(!form_id("1 ", &v));
	ck_assert(!form_id("0x10", &v));
	ck_assert(!form_id("", &v));
	ck_assert(!form_id("99999999999999999999", &v));
}
END_TEST

/* listq_parse() of a GET whose query string is pairs[0..n). */
static void
parse(struct req_pair *pairs, size_t n, struct listq *lq)
{
	struct req	 r;
	struct params	 in;

	memset(&r, 0, sizeof(r));
	r.method = REQ_GET;
	r.query = pairs;
	r.nquery = n;
	ck_assert_int_eq(param_parse(&in, &r), 0);
	listq_parse(&in, lq);
	param_free(&in);
}

START_TEST(test_list_query_trims_text_and_takes_offered_sizes)
{
	struct req_pair	 p[] = { { "q", " 周演示 " }, { "page", "3" },
	    { "size", "20" } };
	struct req_pair	 p2[] = { { "q", "123456789012345678901234567890123" },
	    { "page", "100001" }, { "size", "15" } };
	struct req_pair	 p3[] = { { "q", "12345678901234567890123456789012" },
	    { "page", "100000" }, { "size", "100" } };
	struct listq	 lq;

	parse(p, 3, &lq);
	ck_assert(!lq.q_bad);
	ck_assert_str_eq(lq.q, "周演示");
	ck_assert_int_eq(lq.page, 3);
	ck_assert_int_eq(lq.size, 20);
	parse(p2, 3, &lq);
	ck_assert(lq.q_bad);
	ck_assert_str_eq(lq.q, "");
	ck_assert_int_eq(lq.page, 1);
	ck_assert_int_eq(lq.size, 10);
	parse(p3, 3, &lq);
	ck_assert(!lq.q_bad);
	ck_assert_int_eq(strlen(lq.q), LISTQ_Q_MAX);
	ck_assert_int_eq(lq.page, LISTQ_PAGE_MAX);
	ck_assert_int_eq(lq.size, 10);
}
END_TEST

START_TEST(test_list_query_defaults_and_clamps)
{
	struct req_pair	 p[] = { { "q", "x\x01" }, { "page", "abc" },
	    { "size", "7" } };
	struct req_pair	 p2[] = { { "page", "9" }, { "size", "50" } };
	struct listq	 lq;

	parse(p, 3, &lq);
	ck_assert(lq.q_bad);
	ck_assert_str_eq(lq.q, "");
	ck_assert_int_eq(lq.page, 1);
	ck_assert_int_eq(lq.size, 10);
	parse(p2, 2, &lq);
	ck_assert_int_eq(lq.page, 9);
	ck_assert_int_eq(lq.size, 50);
	listq_clamp(&lq, 101);		/* 3 pages of 50 */
	ck_assert_int_eq(lq.page, 3);
	ck_assert_int_eq(listq_offset(&lq), 100);
	listq_clamp(&lq, 0);
	ck_assert_int_eq(lq.page, 1);
}
END_TEST

START_TEST(test_pager_links_window_and_encoding)
{
	struct listq	 lq;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, p, k;
	xmlChar		*qs;
	char		 seq[256] = "";

	memset(&lq, 0, sizeof(lq));
	strcpy(lq.q, "周 &");
	lq.page = 10;
	lq.size = 10;
	doc = xml_page_new("t", &root);
	ck_assert_ptr_nonnull(doc);
	p = listq_pager(root, &lq, 200);	/* 20 pages */
	ck_assert_ptr_nonnull(p);
	qs = xmlGetProp(p, (const xmlChar *)"qs");
	ck_assert_str_eq((const char *)qs, "q=%E5%91%A8%20%26&size=10");
	xmlFree(qs);
	for (k = p->children; k != NULL; k = k->next) {
		xmlChar *t = xmlNodeGetContent(k);

		strcat(seq, strcmp((const char *)k->name, "gap") == 0 ? "_" :
		    (const char *)t);
		strcat(seq, " ");
		xmlFree(t);
	}
	ck_assert_str_eq(seq, "1 _ 8 9 10 11 12 _ 20 ");
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_shanghai_time_is_utc_plus_8)
{
	char	 b[SHTIME_BUFSZ];

	/* 2024-02-29 16:30:00 UTC is 2024-03-01 00:30 in Shanghai. */
	ck_assert_str_eq(shtime_date(1709224200LL, b, sizeof(b)),
	    "2024-03-01");
	ck_assert_str_eq(shtime_min(1709224200LL, b, sizeof(b)),
	    "2024-03-01 00:30");
	ck_assert_str_eq(shtime_date(0, b, sizeof(b)), "1970-01-01");
	ck_assert_str_eq(shtime_date(-62135596801LL, b, sizeof(b)), "");
	ck_assert_str_eq(shtime_date(253402300799LL, b, sizeof(b)), "");
	/* Every field two digits wide, the first and the last year. */
	ck_assert_str_eq(shtime_sec(1709224200LL + 8 * 3600 + 37 * 60 +
	    9, b, sizeof(b)), "2024-03-01 09:07:09");
	ck_assert_str_eq(shtime_sec(-62135596800LL, b, sizeof(b)),
	    "0001-01-01 08:00:00");
	ck_assert_str_eq(shtime_sec(253402300799LL - 8 * 3600, b,
	    sizeof(b)), "9999-12-31 23:59:59");
	ck_assert_str_eq(shtime_sec(253402300800LL - 8 * 3600, b,
	    sizeof(b)), "");
	/* A short buffer gets what fits, like snprintf. */
	ck_assert_str_eq(shtime_min(1709224200LL, b, 8), "2024-03");
	ck_assert_str_eq(shtime_date(1709224200LL, b, 1), "");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc = tcase_create("validators");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_text_is_trimmed_and_bounded_in_characters);
	tcase_add_test(tc, test_text_refuses_controls_unless_multiline);
	tcase_add_test(tc, test_text_never_truncates_into_a_small_buffer);
	tcase_add_test(tc, test_uscc_is_raised_and_checked);
	tcase_add_test(tc, test_phone_and_account_charsets);
	tcase_add_test(tc, test_roles_an_administrator_may_give);
	tcase_add_test(tc, test_ids_are_plain_positive_decimals);
	tcase_add_test(tc, test_list_query_trims_text_and_takes_offered_sizes);
	tcase_add_test(tc, test_list_query_defaults_and_clamps);
	tcase_add_test(tc, test_pager_links_window_and_encoding);
	tcase_add_test(tc, test_shanghai_time_is_utc_plus_8);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
