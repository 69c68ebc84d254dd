/*
 * check_pages.c: integration tests of the personal centre (个人信息,
 * 企业信息, 人员管理), CA管理 with 查看详情, 新增平台 and 注销, and their
 * authorization, through real nginx, workers and signing daemon on free
 * ports (tests/integ/stack.c).
 *
 * The fixture loads the demo data, issues the demo certificates through
 * the daemon (`webctl demo-certs`, real serials, so 注销 really revokes),
 * adds three certificates in other states with SQL (sqlite3 or psql, as
 * STACK_DB says: tests/integ/stack.h), and logs
 * in once per client: each client is one person acting as one identity,
 * with its own cookie jar and its own loopback address (127.0.0.(30+n)),
 * so nginx's per-address login rate limit never mixes them up.  Tests
 * then use those sessions; a test that changes data restores it or uses
 * rows no other test looks at.
 *
 * "Nothing changed" is checked with a fingerprint of every table a page
 * here can write (certificates and their platforms, memberships, people's
 * names, companies, the audit log's length).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define WEBCTL		"\"$BINDIR/webctl\" -d \"$APPDB\""
#define CACTL		"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define DEMO_PW		"Demo%%402026"	/* Demo@2026, for a format */
#define USCC_A		DEMO_USCC_A
#define USCC_B		DEMO_USCC_B
#define NAME_A		"辽宁演示建设工程有限公司"
#define NAME_B		"大连演示招标代理有限公司"

/* The clients: one person acting as one identity each. */
enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A */
	C_A_LEAD,	/* 13900000002 李演示, 项目负责人 of A */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B */
	C_B_LEAD,	/* 13900000004 赵演示, 项目负责人 of B */
	C_PERSONAL,	/* 13900000005 孙演示, 个人 */
	C__MAX
};

static const struct {
	const char	*mobile;
	const char	*role;
	const char	*uscc;		/* "" for 个人 */
} clients[C__MAX] = {
	{ "13900000001", "admin", USCC_A },		/* C_A_ADMIN */
	{ "13900000002", "project_lead", USCC_A },	/* C_A_LEAD */
	{ "13900000003", "admin", USCC_B },		/* C_B_ADMIN */
	{ "13900000004", "project_lead", USCC_B },	/* C_B_LEAD */
	{ "13900000005", "personal", "" },		/* C_PERSONAL */
};

static struct stack	 st;
static char		 csrf[C__MAX][65];	/* each client's token */

/* ---- helpers ---------------------------------------------------------- */

/* The shared fixture's SQL helpers, on this suite's stack. */
#define sql(q, out, sz)		demo_sql(&st, (q), (out), (sz))
#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* A fingerprint of everything these pages can change. */
static void
snapshot(char *out, size_t sz)
{
	const char	*agg = stack_sql_agg(&st);

	sql_str(out, sz, "SELECT (SELECT %s(id || ':' || status ||"
	    " ':' || holder_id, ',') FROM (SELECT * FROM cert ORDER BY id) t)"
	    " || '|' || (SELECT %s(cert_id || '-' || platform_id,"
	    " ',') FROM (SELECT * FROM cert_platform ORDER BY 1, 2) t)"
	    " || '|' || (SELECT %s(id || ':' || person_id || ':' ||"
	    " COALESCE(company_id, 0) || ':' || role, ',') FROM (SELECT *"
	    " FROM membership ORDER BY id) t)"
	    " || '|' || (SELECT %s(id || ':' || name, ',') FROM"
	    " (SELECT * FROM person ORDER BY id) t)"
	    " || '|' || (SELECT %s(uscc || name || address || phone"
	    " || bank || bank_account, ',') FROM (SELECT * FROM company ORDER"
	    " BY id) t)"
	    " || '|' || (SELECT count(*) FROM audit)", agg, agg, agg, agg, agg);
	ck_assert(strlen(out) > 20);
}

/*
 * Runs curl as client n (NULL client: anonymous) with extra curl words,
 * and checks the status (0: any).
 */
#define OCTET		30	/* client n connects from 127.0.0.(OCTET+n) */

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	demo_as(&st, OCTET + n, n, path, extra, status, h);
}

/* GET path as client n, expecting status; the body stays in *h. */
static void
get(int n, const char *path, int status, struct http *h)
{
	as(n, path, NULL, status, h);
}

/*
 * POSTs form (already form-encoded, without csrf) as client n with its
 * CSRF token, expecting status.
 */
static void
post(int n, const char *path, const char *form, int status, struct http *h)
{
	char	 extra[2048];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&%s'", csrf[n], form);
	as(n, path, extra, status, h);
}

/* How many times s occurs in the body. */
static int
count(const struct http *h, const char *s)
{
	const char	*p = h->body;
	int		 n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* The id of client n's certificate row selected by the SQL condition. */
static long long
cert_id(const char *where)
{
	return sql_int("SELECT c.id FROM cert c JOIN person p ON p.id ="
	    " c.holder_id WHERE %s ORDER BY c.id LIMIT 1", where);
}

/* The id of the valid demo certificate held by mobile. */
static long long
cert_of(const char *mobile)
{
	char	 w[256];

	snprintf(w, sizeof(w), "p.mobile = '%s' AND c.status = 'valid' AND"
	    " c.not_after > %lld AND c.serial_hex NOT LIKE"
	    " 'E00000%%'", mobile, (long long)time(NULL));
	return cert_id(w);
}

/* ---- fixture ---------------------------------------------------------- */

/* Logs client n in as its identity, from its own loopback address. */
static int
login(int n)
{
	return demo_login(&st, 30 + n, n, clients[n].mobile, clients[n].role,
	    clients[n].uscc, csrf[n]);
}


static void
up(void)
{
	int	 n;

	if (demo_up(&st) != 0)
		goto fail;
	for (n = 0; n < C__MAX; n++)
		if (login(n) == -1)
			goto fail;
	return;
fail:
	stack_sh(&st, "cat " T "/certs.out >&2 2>/dev/null");
	stack_down(&st);
	fprintf(stderr, "check_pages: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

/* ---- personal centre -------------------------------------------------- */

START_TEST(test_anonymous_visitors_go_to_login)
{
	static const char *const paths[] = { "/me", "/company", "/staff",
	    "/certs", "/certs/view?id=1", "/certs/platform?id=1",
	    "/certs/revoke?id=1", "/certs/apply?service=master" };
	struct http	 h;
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		get(-1, paths[i], 303, &h);
		ck_assert(http_location_is(&h, "/login"));
		http_free(&h);
	}
}
END_TEST

START_TEST(test_home_leads_each_person_to_their_own_start)
{
	struct http	 h;
	char		 tok[65], form[160];

	/* Anonymous: home is 账号登录, whose header offers no link back to
	 * itself. */
	get(-1, "/", 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
	get(-1, "/login", 200, &h);
	ck_assert(http_has(&h, "账号登录"));
	ck_assert(!http_has(&h, "返回首页"));
	http_free(&h);

	/* Logged in with an identity: home is CA管理, and the login page
	 * sends them home instead of showing a form under their name. */
	get(C_A_ADMIN, "/", 303, &h);
	ck_assert(http_location_is(&h, "/certs"));
	http_free(&h);
	get(C_PERSONAL, "/", 303, &h);
	ck_assert(http_location_is(&h, "/certs"));
	http_free(&h);
	get(C_A_ADMIN, "/login", 303, &h);
	ck_assert(http_location_is(&h, "/"));
	http_free(&h);
	/* CA登录 stays open: a certificate session replaces this one. */
	get(C_A_ADMIN, "/login?tab=ca", 200, &h);
	ck_assert(http_has(&h, "action=\"/login/ca\""));
	http_free(&h);
	/* The header: the logo goes home, 切换身份, 退出; an error page
	 * offers home, not a login form. */
	get(C_A_ADMIN, "/certs", 200, &h);
	ck_assert(http_has(&h, "class=\"brand\" href=\"/\""));
	ck_assert(http_has(&h, "href=\"/identity\""));
	ck_assert(http_has(&h, "action=\"/logout\""));
	ck_assert(!http_has(&h, "href=\"/login\""));
	http_free(&h);
	get(C_A_ADMIN, "/certs/view?id=999999", 404, &h);
	ck_assert(http_has(&h, "返回首页"));
	ck_assert(!http_has(&h, "href=\"/login\""));
	http_free(&h);
	get(C_A_ADMIN, "/terms", 200, &h);
	ck_assert(!http_has(&h, "返回登录"));
	http_free(&h);

	/* Logged in, no identity chosen yet: 关联公司及身份选择. */
	get(C__MAX, "/login", 200, &h);
	ck_assert_int_eq(http_csrf(&h, tok), 0);
	http_free(&h);
	snprintf(form, sizeof(form), "-d 'mobile=13900000002&password="
	    DEMO_PW "&agree=1&csrf=%s'", tok);
	as(C__MAX, "/login", form, 303, &h);
	http_free(&h);
	get(C__MAX, "/", 303, &h);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
}
END_TEST

START_TEST(test_tabs_follow_the_role)
{
	struct http	 h;

	get(C_A_ADMIN, "/me", 200, &h);
	ck_assert(http_has(&h, "个人信息"));
	ck_assert(http_has(&h, "企业信息"));
	ck_assert(http_has(&h, "href=\"/staff\""));
	ck_assert(http_has(&h, "人员管理"));
	ck_assert(http_has(&h, "CA管理"));
	ck_assert(http_has(&h, "href=\"/orders\""));
	ck_assert(http_has(&h, "订单管理"));
	ck_assert(http_has(&h, "href=\"/invoices\""));
	ck_assert(http_has(&h, "发票管理"));
	http_free(&h);
	get(C_A_LEAD, "/me", 200, &h);
	ck_assert(http_has(&h, "CA管理"));
	ck_assert(!http_has(&h, "href=\"/staff\""));
	ck_assert(!http_has(&h, "人员管理"));
	http_free(&h);
	get(C_PERSONAL, "/certs", 200, &h);
	ck_assert(!http_has(&h, "人员管理"));
	http_free(&h);
}
END_TEST

START_TEST(test_me_shows_and_saves_the_name)
{
	struct http	 h;
	char		 before[8192], after[8192];

	get(C_B_LEAD, "/me", 200, &h);
	ck_assert(http_has(&h, "13900000004"));
	ck_assert(http_has(&h, "赵演示"));
	ck_assert(http_has(&h, "关联公司及身份"));
	ck_assert(http_has(&h, NAME_B));
	ck_assert(http_has(&h, "项目负责人或授权委托人"));
	ck_assert(http_has(&h, "action=\"/me\""));
	http_free(&h);

	/* A blank name is refused in Chinese; nothing changes. */
	snapshot(before, sizeof(before));
	post(C_B_LEAD, "/me", "name=%20%20", 200, &h);
	ck_assert(http_has(&h, "请输入姓名"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);

	/* A new name is saved, audited and shown, then put back. */
	post(C_B_LEAD, "/me", "name=%E8%B5%B5%E6%96%B0%E5%90%8D", 303, &h);
	ck_assert(http_location_is(&h, "/me?notice=saved"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM person WHERE mobile ="
	    " '13900000004' AND name = '赵新名'"), 1);
	ck_assert_int_ge(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'person.name'"), 1);
	get(C_B_LEAD, "/me?notice=saved", 200, &h);
	ck_assert(http_has(&h, "个人信息已保存"));
	ck_assert(http_has(&h, "赵新名"));
	http_free(&h);
	post(C_B_LEAD, "/me", "name=%E8%B5%B5%E6%BC%94%E7%A4%BA", 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM person WHERE mobile ="
	    " '13900000004' AND name = '赵演示'"), 1);
}
END_TEST

START_TEST(test_posts_without_csrf_change_nothing)
{
	struct http	 h;
	char		 before[8192], after[8192], form[256];
	long long	 id = cert_of("13900000011");

	snapshot(before, sizeof(before));
	as(C_A_ADMIN, "/me", "-d 'name=x'", 403, &h);
	http_free(&h);
	as(C_A_ADMIN, "/staff/add", "-d 'mobile=13900000004&role=admin'",
	    403, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "-d 'id=%lld&reason=x&password="
	    DEMO_PW "&csrf=%064d'", id, 0);
	as(C_A_ADMIN, "/certs/revoke", form, 403, &h);
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_company_admin_edits_with_check_character)
{
	struct http	 h;
	char		 before[8192], after[8192];

	get(C_A_ADMIN, "/company", 200, &h);
	ck_assert(http_has(&h, "action=\"/company\""));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, "统一社会信用代码"));
	ck_assert(http_has(&h, "开户行账号"));
	http_free(&h);

	/* A wrong check character (last one) is refused, in Chinese. */
	snapshot(before, sizeof(before));
	post(C_A_ADMIN, "/company", "name=x&uscc=91210105MA0YDEM15A"
	    "&address=&phone=&bank=&bank_account=", 200, &h);
	ck_assert(http_has(&h, "统一社会信用代码不正确"));
	ck_assert(http_has(&h, "91210105MA0YDEM15A"));	/* typed value kept */
	http_free(&h);
	/* Another company's code is refused too. */
	post(C_A_ADMIN, "/company", "name=x&uscc=" USCC_B "&address=&phone="
	    "&bank=&bank_account=", 200, &h);
	ck_assert(http_has(&h, "已被其他企业使用"));
	http_free(&h);
	/* A bad phone and account number. */
	post(C_A_ADMIN, "/company", "name=x&uscc=" USCC_A "&address=&phone=abc"
	    "&bank=&bank_account=12", 200, &h);
	ck_assert(http_has(&h, "电话格式不正确"));
	ck_assert(http_has(&h, "开户行账号格式不正确"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);

	/* Lower case is accepted and stored upper case. */
	post(C_A_ADMIN, "/company", "name=%E8%BE%BD%E5%AE%81%E6%BC%94%E7%A4%BA"
	    "%E5%BB%BA%E8%AE%BE%E5%B7%A5%E7%A8%8B%E6%9C%89%E9%99%90%E5%85%AC"
	    "%E5%8F%B8&uscc=91210105ma0ydem15l&address=%E6%B2%88%E9%98%B3"
	    "&phone=024-12345678&bank=%E6%BC%94%E7%A4%BA%E9%93%B6%E8%A1%8C"
	    "&bank_account=6200%200000%200001", 303, &h);
	ck_assert(http_location_is(&h, "/company?notice=saved"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM company WHERE uscc = '"
	    USCC_A "' AND name = '" NAME_A "' AND phone = '024-12345678' AND"
	    " address = '沈阳' AND bank_account = '6200 0000 0001'"), 1);
	ck_assert_int_ge(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'company.update'"), 1);
	get(C_A_ADMIN, "/company?notice=saved", 200, &h);
	ck_assert(http_has(&h, "企业信息已保存"));
	ck_assert(http_has(&h, "024-12345678"));
	http_free(&h);
}
END_TEST

START_TEST(test_company_is_read_only_for_others)
{
	struct http	 h;
	char		 before[8192], after[8192];

	get(C_A_LEAD, "/company", 200, &h);
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "仅管理员可修改企业信息"));
	ck_assert(!http_has(&h, "action=\"/company\""));
	http_free(&h);
	get(C_PERSONAL, "/company", 200, &h);
	ck_assert(http_has(&h, "个人身份无企业信息"));
	http_free(&h);

	snapshot(before, sizeof(before));
	post(C_A_LEAD, "/company", "name=x&uscc=" USCC_A "&address=&phone="
	    "&bank=&bank_account=", 403, &h);
	ck_assert(http_has(&h, "禁止访问"));
	http_free(&h);
	post(C_PERSONAL, "/company", "name=x&uscc=" USCC_A "&address=&phone="
	    "&bank=&bank_account=", 403, &h);
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_staff_is_for_administrators_only)
{
	struct http	 h;
	char		 before[8192], after[8192], form[128];
	long long	 m = sql_int("SELECT m.id FROM membership m JOIN person"
	    " p ON p.id = m.person_id WHERE p.mobile = '13900000011'");

	get(C_A_LEAD, "/staff", 403, &h);
	http_free(&h);
	get(C_PERSONAL, "/staff", 403, &h);
	http_free(&h);
	snapshot(before, sizeof(before));
	post(C_A_LEAD, "/staff/add", "mobile=13900000004&role=admin", 403,
	    &h);
	http_free(&h);
	snprintf(form, sizeof(form), "member=%lld&role=admin", m);
	post(C_A_LEAD, "/staff/role", form, 403, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "member=%lld", m);
	post(C_A_LEAD, "/staff/remove", form, 403, &h);
	http_free(&h);
	post(C_PERSONAL, "/staff/remove", form, 403, &h);
	http_free(&h);
	/* Another company's administrator: that member is not found. */
	post(C_B_ADMIN, "/staff/remove", form, 404, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "member=%lld&role=cost_engineer", m);
	post(C_B_ADMIN, "/staff/role", form, 404, &h);
	http_free(&h);
	post(C_B_ADMIN, "/staff/role", "member=abc&role=admin", 404, &h);
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_staff_add_change_and_remove)
{
	struct http	 h;
	char		 before[8192], after[8192], form[128];
	long long	 m;

	get(C_A_ADMIN, "/staff", 200, &h);
	ck_assert(http_has(&h, "人员管理"));
	ck_assert(http_has(&h, "李演示"));
	ck_assert(http_has(&h, "13900000002"));
	ck_assert(http_has(&h, "(本人)"));
	ck_assert(!http_has(&h, "王演示"));		/* company B's */
	http_free(&h);

	snapshot(before, sizeof(before));
	post(C_A_ADMIN, "/staff/add", "mobile=12345&role=admin", 200, &h);
	ck_assert(http_has(&h, "请输入正确的11位手机号"));
	http_free(&h);
	post(C_A_ADMIN, "/staff/add", "mobile=13911112222&role=cost_engineer",
	    200, &h);
	ck_assert(http_has(&h, "该手机号尚未注册账号"));
	http_free(&h);
	post(C_A_ADMIN, "/staff/add", "mobile=13900000004&role=personal", 200,
	    &h);
	ck_assert(http_has(&h, "请选择身份"));
	http_free(&h);
	post(C_A_ADMIN, "/staff/add", "mobile=13900000002&role=project_lead",
	    409, &h);
	ck_assert(http_has(&h, "该人员在本单位已有此身份"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);

	/* 赵演示 (company B) joins A as 造价师, becomes 项目负责人, leaves. */
	post(C_A_ADMIN, "/staff/add", "mobile=13900000004&role=cost_engineer",
	    303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=added"));
	http_free(&h);
	m = sql_int("SELECT m.id FROM membership m JOIN person p ON p.id ="
	    " m.person_id JOIN company c ON c.id = m.company_id WHERE"
	    " p.mobile = '13900000004' AND c.uscc = '" USCC_A "' AND m.role ="
	    " 'cost_engineer'");
	ck_assert(m > 0);
	get(C_A_ADMIN, "/staff?notice=added", 200, &h);
	ck_assert(http_has(&h, "已添加人员"));
	ck_assert(http_has(&h, "赵演示"));
	http_free(&h);
	snprintf(form, sizeof(form), "member=%lld&role=project_lead", m);
	post(C_A_ADMIN, "/staff/role", form, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=role"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM membership WHERE id ="
	    " %lld AND role = 'project_lead'", m), 1);
	snprintf(form, sizeof(form), "member=%lld", m);
	post(C_A_ADMIN, "/staff/remove", form, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=removed"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM membership WHERE id ="
	    " %lld", m), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action IN"
	    " ('staff.add', 'staff.role', 'staff.remove') AND detail LIKE"
	    " '%%member=%lld %%'", m), 3);
	/* Company B's identity of 赵演示 is untouched. */
	get(C_B_LEAD, "/certs", 200, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_staff_keeps_an_administrator)
{
	struct http	 h;
	char		 before[8192], after[8192], form[128];
	long long	 self = sql_int("SELECT m.id FROM membership m JOIN"
	    " person p ON p.id = m.person_id WHERE p.mobile = '13900000003'"
	    " AND m.role = 'admin'");

	snapshot(before, sizeof(before));
	snprintf(form, sizeof(form), "member=%lld", self);
	post(C_B_ADMIN, "/staff/remove", form, 409, &h);
	ck_assert(http_has(&h, "不能修改或移除自己的身份"));
	http_free(&h);
	snprintf(form, sizeof(form), "member=%lld&role=cost_engineer", self);
	post(C_B_ADMIN, "/staff/role", form, 409, &h);
	ck_assert(http_has(&h, "不能修改或移除自己的身份"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
	get(C_B_ADMIN, "/staff", 200, &h);
	ck_assert(http_has(&h, "王演示"));
	http_free(&h);
}
END_TEST

/* ---- CA管理 ----------------------------------------------------------- */

START_TEST(test_certs_list_matches_figure_1)
{
	struct http	 h;
	char		 total[64];
	long long	 n = sql_int("SELECT count(*) FROM cert c JOIN company"
	    " co ON co.id = c.company_id WHERE co.uscc = '" USCC_A "'");

	ck_assert(n > 10);
	get(C_A_ADMIN, "/certs", 200, &h);
	ck_assert(http_has(&h, "<th scope=\"col\">申请时间</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">证书类型</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">持锁人</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">证书厂商</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">CA锁类别</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">到期时间</th>"));
	ck_assert(http_has(&h, "<th scope=\"col\">操作</th>"));
	ck_assert(http_has(&h, "查看详情"));
	ck_assert(http_has(&h, "新增平台"));
	ck_assert(http_has(&h, "CA补办"));
	ck_assert(http_has(&h, "注销"));
	ck_assert(http_has(&h, "<details class=\"opmenu\" "
	    "name=\"cert-ops\">"));
	ck_assert(http_has(&h, "href=\"/reissue?cert="));
	snprintf(total, sizeof(total), "共 %lld 条", n);
	ck_assert_msg(http_has(&h, total), "no \"%s\"", total);
	ck_assert(http_has(&h, "10条/页"));
	ck_assert(http_has(&h, "20条/页"));
	ck_assert(http_has(&h, "前往"));
	ck_assert(http_has(&h, "rel=\"next\""));
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), 10);
	ck_assert(http_has(&h, "有效"));
	ck_assert(http_has(&h, "个人证书"));
	ck_assert(http_has(&h, "项目负责人锁"));
	ck_assert(http_has(&h, "造价师锁"));
	ck_assert(!http_has(&h, NAME_B));
	ck_assert(!http_has(&h, "王演示"));
	ck_assert(!http_has(&h, "赵演示"));
	http_free(&h);

	/* The rest on page 2, with the company's master key. */
	get(C_A_ADMIN, "/certs?page=2&size=10", 200, &h);
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), (int)(n - 10));
	ck_assert(http_has(&h, "企业证书"));
	ck_assert(http_has(&h, "单位(机构)主锁"));
	ck_assert(http_has(&h, "rel=\"prev\""));
	http_free(&h);
	get(C_A_ADMIN, "/certs?size=20", 200, &h);
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), (int)n);
	ck_assert(http_has(&h, "已过期"));
	ck_assert(http_has(&h, "补办中"));
	/* Only valid ones offer the actions that change something. */
	ck_assert_int_eq(count(&h, "href=\"/certs/revoke?id="), (int)n - 2);
	ck_assert_int_eq(count(&h, "href=\"/reissue?cert="), (int)n - 2);
	ck_assert(http_has(&h, "<option value=\"20\" selected>"));
	http_free(&h);
}
END_TEST

/*
 * On a phone each row of CA管理 and 人员管理 is a card whose lines are
 * labelled with the column names: each cell carries its own column's
 * <th> text (not the CA管理 names by position, which other tables
 * borrowed), and the headers are real column headers.
 */
START_TEST(test_card_tables_label_each_cell_by_its_column)
{
	static const char *const pages[] = { "/certs?size=20", "/staff",
	    "/me" };
	struct http	 h;
	char		 why[256];
	size_t		 i;

	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		get(C_A_ADMIN, pages[i], 200, &h);
		ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0,
		    "%s: %s", pages[i], why);
		ck_assert_msg(!http_has(&h, "<th>"), "%s: a header without"
		    " scope", pages[i]);
		http_free(&h);
	}
	get(C_PERSONAL, "/certs", 200, &h);
	ck_assert_msg(demo_card_labels(&h, why, sizeof(why)) > 0, "%s", why);
	http_free(&h);
}
END_TEST

/*
 * The 操作 menus of CA管理 form one group: opening one closes the others
 * (<details name>), so an open menu never stays over the next row.
 */
START_TEST(test_certs_menus_open_one_at_a_time)
{
	struct http	 h;

	get(C_A_ADMIN, "/certs?size=20", 200, &h);
	ck_assert_int_ge(count(&h, "<details"), 10);
	ck_assert_int_eq(count(&h, "<details class=\"opmenu\" "
	    "name=\"cert-ops\">"), count(&h, "<details"));
	http_free(&h);
}
END_TEST

/*
 * 人员管理's row controls name the member they act on, so each has its
 * own accessible name (a screen reader's list of buttons, or a test
 * that finds a control by name, tells the rows apart).
 */
START_TEST(test_staff_controls_name_their_member)
{
	struct http	 h;
	long long	 others = sql_int("SELECT count(*) FROM membership m"
	    " JOIN company c ON c.id = m.company_id JOIN person p ON p.id ="
	    " m.person_id WHERE c.uscc = '" USCC_A "' AND p.mobile <>"
	    " '13900000001'");

	ck_assert(others > 1);
	get(C_A_ADMIN, "/staff", 200, &h);
	ck_assert_int_eq(count(&h, "aria-label=\"修改身份："), (int)others);
	ck_assert_int_eq(count(&h, "aria-label=\"移除："), (int)others);
	ck_assert(http_has(&h, "aria-label=\"修改身份：李演示(13900000002)\""));
	ck_assert(http_has(&h, "aria-label=\"移除：李演示(13900000002)\""));
	ck_assert(http_has(&h, "李演示(13900000002)的新身份</label>"));
	http_free(&h);
}
END_TEST

START_TEST(test_certs_pagination_input_is_bounded)
{
	struct http	 h;
	long long	 n = sql_int("SELECT count(*) FROM cert c JOIN company"
	    " co ON co.id = c.company_id WHERE co.uscc = '" USCC_A "'");

	/* Past the end: the last page; nonsense: page 1 and 10 per page. */
	get(C_A_ADMIN, "/certs?page=999", 200, &h);
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), (int)(n - 10));
	http_free(&h);
	get(C_A_ADMIN, "/certs?page=abc&size=7", 200, &h);
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), 10);
	ck_assert(http_has(&h, "<option value=\"10\" selected>"));
	http_free(&h);
	get(C_A_ADMIN, "/certs?page=-1&size=99999999999999999999", 200, &h);
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), 10);
	http_free(&h);
}
END_TEST

START_TEST(test_certs_search_by_holder_serial_and_type)
{
	struct http	 h;
	char		 serial[64], path[128];
	long long	 engineers = sql_int("SELECT count(*) FROM cert c JOIN"
	    " company co ON co.id = c.company_id WHERE co.uscc = '" USCC_A "'"
	    " AND c.lock_type = 'cost_engineer'");

	/* 周演示 */
	get(C_A_ADMIN, "/certs?q=%E5%91%A8%E6%BC%94%E7%A4%BA", 200, &h);
	ck_assert(http_has(&h, "共 1 条"));
	ck_assert(http_has(&h, "周演示"));
	http_free(&h);
	/* Part of a serial, in lower case. */
	sql_str(serial, sizeof(serial), "SELECT lower(substr(serial_hex, 3,"
	    " 12)) FROM cert c JOIN person p ON p.id = c.holder_id WHERE"
	    " p.mobile = '13900000012'");
	snprintf(path, sizeof(path), "/certs?q=%s", serial);
	get(C_A_ADMIN, path, 200, &h);
	ck_assert(http_has(&h, "共 1 条"));
	ck_assert(http_has(&h, "吴演示"));
	http_free(&h);
	/* 造价师锁 */
	get(C_A_ADMIN, "/certs?q=%E9%80%A0%E4%BB%B7%E5%B8%88", 200, &h);
	snprintf(path, sizeof(path), "共 %lld 条", engineers);
	ck_assert(http_has(&h, path));
	ck_assert(!http_has(&h, "项目负责人锁"));
	http_free(&h);
	/* Nothing found. */
	get(C_A_ADMIN, "/certs?q=%E6%B2%A1%E6%9C%89", 200, &h);
	ck_assert(http_has(&h, "没有符合条件的证书"));
	http_free(&h);
	/* Too long (33 characters): refused with a Chinese note, all shown. */
	get(C_A_ADMIN, "/certs?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 200, &h);
	ck_assert(http_has(&h, "搜索内容不能超过32个字"));
	ck_assert_int_eq(count(&h, "href=\"/certs/view?id="), 10);
	http_free(&h);
	/* A company B administrator cannot find A's certificates. */
	get(C_B_ADMIN, "/certs?q=%E5%91%A8%E6%BC%94%E7%A4%BA", 200, &h);
	ck_assert(http_has(&h, "共 0 条"));
	http_free(&h);
}
END_TEST

START_TEST(test_holders_see_only_their_own)
{
	struct http	 h;

	/* 李演示: the demo key, one expired, one being reissued. */
	get(C_A_LEAD, "/certs", 200, &h);
	ck_assert(http_has(&h, "共 3 条"));
	ck_assert(http_has(&h, "已过期"));
	ck_assert(http_has(&h, "补办中"));
	ck_assert(http_has(&h, "有效"));
	ck_assert(!http_has(&h, "周演示"));
	ck_assert(!http_has(&h, "单位(机构)主锁"));
	http_free(&h);
	/* 赵演示 in B: the demo key and the revoked one. */
	get(C_B_LEAD, "/certs", 200, &h);
	ck_assert(http_has(&h, "共 2 条"));
	ck_assert(http_has(&h, "已注销"));
	ck_assert(!http_has(&h, "李演示"));
	http_free(&h);
	/* 孙演示 as 个人: the personal key only. */
	get(C_PERSONAL, "/certs", 200, &h);
	ck_assert(http_has(&h, "共 1 条"));
	ck_assert(http_has(&h, "个人锁"));
	ck_assert(!http_has(&h, NAME_A));
	ck_assert(!http_has(&h, NAME_B));
	http_free(&h);
}
END_TEST

START_TEST(test_cert_view_shows_everything_in_scope_only)
{
	struct http	 h;
	char		 path[64], serial[64];
	long long	 own = cert_of("13900000002");
	long long	 other = cert_of("13900000011");
	long long	 b = cert_of("13900000003");

	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE"
	    " id = %lld", own);
	snprintf(path, sizeof(path), "/certs/view?id=%lld", own);
	get(C_A_LEAD, path, 200, &h);
	ck_assert(http_has(&h, "数字证书(CA)信息"));
	ck_assert(http_has(&h, serial));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "李演示"));
	ck_assert(http_has(&h, "已关联平台"));
	ck_assert(http_has(&h, "<span class=\"tag\">"));
	ck_assert(http_has(&h, "证书有效期至"));
	ck_assert(http_has(&h, "数字证书(CA)锁序列号"));
	ck_assert(http_has(&h, "介质服务商"));
	http_free(&h);
	get(C_A_ADMIN, path, 200, &h);		/* the administrator too */
	http_free(&h);

	/* Someone else's, another company's, unknown, malformed: 404. */
	snprintf(path, sizeof(path), "/certs/view?id=%lld", other);
	get(C_A_LEAD, path, 404, &h);
	ck_assert(http_has(&h, "页面不存在"));
	http_free(&h);
	snprintf(path, sizeof(path), "/certs/view?id=%lld", b);
	get(C_A_ADMIN, path, 404, &h);
	http_free(&h);
	get(C_PERSONAL, path, 404, &h);
	http_free(&h);
	snprintf(path, sizeof(path), "/certs/view?id=%lld", own);
	get(C_B_ADMIN, path, 404, &h);
	http_free(&h);
	get(C_A_ADMIN, "/certs/view?id=999999", 404, &h);
	http_free(&h);
	get(C_A_ADMIN, "/certs/view?id=1%20OR%201=1", 404, &h);
	http_free(&h);
	get(C_A_ADMIN, "/certs/view", 404, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_platform_link_in_scope)
{
	struct http	 h;
	char		 before[8192], after[8192], form[128], path[64];
	char		 serial[64], name[128];
	long long	 own = cert_of("13900000002");
	long long	 other = cert_of("13900000011");
	long long	 expired = cert_id("c.key_serial = 'TEST-EXPIRED-1'");
	long long	 free_pl, linked_pl, n0;

	free_pl = sql_int("SELECT id FROM platform WHERE id NOT IN (SELECT"
	    " platform_id FROM cert_platform WHERE cert_id = %lld) ORDER BY"
	    " id LIMIT 1", own);
	linked_pl = sql_int("SELECT platform_id FROM cert_platform WHERE"
	    " cert_id = %lld LIMIT 1", own);
	ck_assert(free_pl > 0 && linked_pl > 0);
	n0 = sql_int("SELECT count(*) FROM cert_platform WHERE cert_id ="
	    " %lld", own);

	snprintf(path, sizeof(path), "/certs/platform?id=%lld", own);
	get(C_A_LEAD, path, 200, &h);
	ck_assert(http_has(&h, "选择要关联的平台"));
	ck_assert(http_has(&h, "action=\"/certs/platform\""));
	snprintf(form, sizeof(form), "name=\"platform\" value=\"%lld\"",
	    free_pl);
	ck_assert(http_has(&h, form));
	snprintf(form, sizeof(form), "name=\"platform\" value=\"%lld\"",
	    linked_pl);
	ck_assert(!http_has(&h, form));	/* already linked: not offered */
	http_free(&h);

	/* Refusals: someone else's, already linked, expired, no platform. */
	snapshot(before, sizeof(before));
	snprintf(form, sizeof(form), "id=%lld&platform=%lld", other, free_pl);
	post(C_A_LEAD, "/certs/platform", form, 404, &h);
	http_free(&h);
	post(C_B_ADMIN, "/certs/platform", form, 404, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&platform=%lld", own, linked_pl);
	post(C_A_LEAD, "/certs/platform", form, 200, &h);
	ck_assert(http_has(&h, "请选择一个尚未关联的平台"));
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&platform=999", own);
	post(C_A_LEAD, "/certs/platform", form, 200, &h);
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&platform=%lld", expired,
	    free_pl);
	post(C_A_LEAD, "/certs/platform", form, 409, &h);
	ck_assert(http_has(&h, "不能执行此操作"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);

	/* The holder links one more platform. */
	snprintf(form, sizeof(form), "id=%lld&platform=%lld", own, free_pl);
	post(C_A_LEAD, "/certs/platform", form, 303, &h);
	snprintf(path, sizeof(path), "/certs/view?id=%lld&notice=linked", own);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert_platform WHERE"
	    " cert_id = %lld", own), n0 + 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'cert.platform' AND detail LIKE '%%cert=%lld %%'", own), 1);
	get(C_A_LEAD, path, 200, &h);
	ck_assert(http_has(&h, "已新增关联平台"));
	http_free(&h);
	/* The daemon knows the link too: the platform is told at once, and
	 * will be of every later change (PLATFORMS.md). */
	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE"
	    " id = %lld", own);
	sql_str(name, sizeof(name), "SELECT name FROM platform WHERE id ="
	    " %lld", free_pl);
	ck_assert_msg(stack_sh(&st, "for i in $(seq 50); do grep -q "
	    "'^%s	.*	linked		%s$' \"$STACK_DIR/platforms/received.tsv\" "
	    "&& exit 0; sleep 0.1; done; exit 1", name, serial) == 0,
	    "%s did not get the linked notice of %s", name, serial);
}
END_TEST

START_TEST(test_revoke_needs_reason_and_password)
{
	struct http	 h;
	char		 before[8192], after[8192], form[256], path[64];
	char		 serial[64];
	long long	 id = cert_of("13900000011");	/* 周演示, in A */

	sql_str(serial, sizeof(serial), "SELECT serial_hex FROM cert WHERE"
	    " id = %lld", id);
	snprintf(path, sizeof(path), "/certs/revoke?id=%lld", id);
	get(C_A_ADMIN, path, 200, &h);
	ck_assert(http_has(&h, "注销证书"));
	ck_assert(http_has(&h, "注销原因"));
	ck_assert(http_has(&h, "登录密码"));
	ck_assert(http_has(&h, "确认注销"));
	ck_assert(http_has(&h, serial));
	http_free(&h);
	/* Not theirs: 404 for the page and the action. */
	get(C_A_LEAD, path, 404, &h);
	http_free(&h);

	snapshot(before, sizeof(before));
	snprintf(form, sizeof(form), "id=%lld&reason=&password=" DEMO_PW, id);
	post(C_A_ADMIN, "/certs/revoke", form, 200, &h);
	ck_assert(http_has(&h, "请填写注销原因"));
	http_free(&h);
	snprintf(form, sizeof(form), "id=%lld&reason=%%E7%%A6%%BB%%E8%%81%%8C"
	    "&password=Wrong%%402026", id);
	post(C_A_ADMIN, "/certs/revoke", form, 200, &h);
	ck_assert(http_has(&h, "登录密码不正确"));
	ck_assert(http_has(&h, "离职"));		/* the reason is kept */
	http_free(&h);
	/* The wrong password counts as a failed login (one audit record,
	 * like on the login page), and changes nothing else. */
	ck_assert_int_eq(stack_sh(&st, STACK_SQL " "
	    "\"SELECT action FROM audit ORDER BY id DESC LIMIT 1\" | "
	    "grep -qx login.fail"), 0);
	snapshot(before, sizeof(before));
	/* Right password, wrong people. */
	snprintf(form, sizeof(form), "id=%lld&reason=x&password=" DEMO_PW, id);
	post(C_A_LEAD, "/certs/revoke", form, 404, &h);
	http_free(&h);
	post(C_B_ADMIN, "/certs/revoke", form, 404, &h);
	http_free(&h);
	post(C_PERSONAL, "/certs/revoke", form, 404, &h);
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -q "
	    "'^revoked: *no$'", serial), 0);

	/* The administrator revokes 周演示's key. */
	snprintf(form, sizeof(form), "id=%lld&reason=%%E4%%BA%%BA%%E5%%91%%98"
	    "%%E7%%A6%%BB%%E8%%81%%8C&password=" DEMO_PW, id);
	post(C_A_ADMIN, "/certs/revoke", form, 303, &h);
	ck_assert(http_location_is(&h, "/certs?notice=revoked"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE id = %lld"
	    " AND status = 'revoked'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'cert.revoke' AND detail LIKE '%%serial=%s %%'", serial), 1);
	/* The daemon has it revoked: it is on the CA's revocation list. */
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -q "
	    "'^revoked: .*(cessationOfOperation)$'", serial), 0);
	get(C_A_ADMIN, "/certs?notice=revoked&q=%E5%91%A8%E6%BC%94%E7%A4%BA",
	    200, &h);
	ck_assert(http_has(&h, "证书已注销"));
	ck_assert(http_has(&h, "已注销"));
	ck_assert(!http_has(&h, "href=\"/certs/revoke?id="));
	http_free(&h);

	/* Again: the certificate is no longer valid. */
	snapshot(before, sizeof(before));
	post(C_A_ADMIN, "/certs/revoke", form, 409, &h);
	ck_assert(http_has(&h, "不能执行此操作"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

/* ---- CA主锁申请, CA个人锁申请, CA延期年检, 更新数字证书 ---- */

/* The guide's four buttons of 图1 and the service each leads to. */
static const struct {
	const char	*label;
	const char	*service;
} other_apps[] = {
	{ "CA主锁申请", "master" },
	{ "CA个人锁申请", "personal" },
	{ "CA延期年检", "renewal" },
	{ "更新数字证书", "update" },
};

#define NOTHER_APPS	(sizeof(other_apps) / sizeof(other_apps[0]))
#define SY_LINK		"https://ca.example.cn/shenyang/apply?a=1&b=2"
#define SY_LINK_HTML	"https://ca.example.cn/shenyang/apply?a=1&amp;b=2"

START_TEST(test_certs_shows_the_guides_other_buttons)
{
	static const enum client who[] = { C_A_ADMIN, C_A_LEAD, C_PERSONAL };
	struct http	 h;
	char		 a[160];
	size_t		 i, j;

	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		get(who[i], "/certs", 200, &h);
		for (j = 0; j < NOTHER_APPS; j++) {
			snprintf(a, sizeof(a), "<a class=\"btn btn-default\" "
			    "href=\"/certs/apply?service=%s\">%s</a>",
			    other_apps[j].service, other_apps[j].label);
			ck_assert_msg(http_has(&h, a), "client %d: no %s",
			    (int)who[i], a);
		}
		http_free(&h);
	}
}
END_TEST

START_TEST(test_other_applications_say_where_they_are_made)
{
	struct http	 h;
	char		 h1[160], none[160];
	size_t		 i;

	/* 沈阳 has a link, 大连 none. */
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang '"
	    SY_LINK "' >/dev/null && " WEBCTL " office-link --clear dalian "
	    ">/dev/null"), 0);
	for (i = 0; i < NOTHER_APPS; i++) {
		snprintf(h1, sizeof(h1), "/certs/apply?service=%s",
		    other_apps[i].service);
		get(C_A_LEAD, h1, 200, &h);
		snprintf(h1, sizeof(h1), "<h1 class=\"card-title\">%s</h1>",
		    other_apps[i].label);
		ck_assert_msg(http_has(&h, h1), "no %s", h1);
		ck_assert(http_has(&h, "本平台只办理CA数字证书补办"));
		snprintf(none, sizeof(none), "不办理%s", other_apps[i].label);
		ck_assert_msg(http_has(&h, none), "no %s", none);
		ck_assert(http_has(&h, "沈阳办理点"));
		ck_assert(http_has(&h, "辽宁省沈阳市皇姑区北陵大街34号3号楼15层"));
		ck_assert(http_has(&h, "<a href=\"" SY_LINK_HTML "\""));
		ck_assert(http_has(&h, "沈阳办理点网上申请"));
		ck_assert(http_has(&h, "大连办理点"));
		ck_assert(http_has(&h, "辽宁省大连市甘井子区和丰园18-6号"));
		ck_assert(!http_has(&h, "大连办理点网上申请"));
		ck_assert(http_has(&h, "暂未开通网上申请，请到大连办理点现场办理"));
		ck_assert(http_has(&h, "href=\"/certs\">返回CA管理</a>"));
		http_free(&h);
	}

	/* Neither configured: no link at all, both offices in person. */
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link --clear shenyang "
	    ">/dev/null"), 0);
	get(C_PERSONAL, "/certs/apply?service=renewal", 200, &h);
	ck_assert(!http_has(&h, "网上申请</a>"));
	ck_assert(!http_has(&h, "example.cn"));
	ck_assert(http_has(&h, "请到沈阳办理点现场办理"));
	ck_assert(http_has(&h, "请到大连办理点现场办理"));
	http_free(&h);
}
END_TEST

START_TEST(test_unknown_other_application_is_404)
{
	static const char *const paths[] = { "/certs/apply",
	    "/certs/apply?service=", "/certs/apply?service=MASTER",
	    "/certs/apply?service=reissue", "/certs/apply?service=master%20",
	    "/certs/apply?other=master" };
	struct http	 h;
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		get(C_A_ADMIN, paths[i], 404, &h);
		ck_assert(!http_has(&h, "本平台只办理"));
		http_free(&h);
	}
	post(C_A_ADMIN, "/certs/apply?service=master", "x=1", 405, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_webctl_office_link_takes_only_web_addresses)
{
	char	 before[64], after[64];

	sql_str(before, sizeof(before), "SELECT %s(code || '=' ||"
	    " apply_url, ',') FROM (SELECT * FROM office ORDER BY id) t",
	    stack_sql_agg(&st));
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang "
	    "'javascript:alert(1)' 2>/dev/null"), 2);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang "
	    "'ftp://x.cn/' 2>/dev/null"), 2);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang "
	    "'https://x.cn/a b' 2>/dev/null"), 2);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang "
	    "'https://' 2>/dev/null"), 2);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link beijing "
	    "'https://x.cn/' 2>/dev/null"), 1);
	sql_str(after, sizeof(after), "SELECT %s(code || '=' ||"
	    " apply_url, ',') FROM (SELECT * FROM office ORDER BY id) t",
	    stack_sql_agg(&st));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_screenshots_in_chromium)
{
	char	 out[PATH_MAX + 32];

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_pages: screenshots skipped (needs node, "
		    "/usr/bin/chromium and `npm ci --prefix tests/browser`)\n");
		return;
	}
	snprintf(out, sizeof(out), "%s/tests/out", st.top);
	/* The page behind CA主锁申请 with one office's link configured. */
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link shenyang '"
	    SY_LINK "' >/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && node "
	    "\"$TOP/tests/browser/shots.js\" https://127.0.0.1:$PORT '%s' "
	    ">&2", out, out), 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " office-link --clear shenyang "
	    ">/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "for f in register reset terms privacy "
	    "error-404 login identity certs apply staff me "
	    "company cert-view cert-platform cert-revoke; do for w in 1280 390;"
	    " do test -s '%s'/$f-$w.png || exit 1; done; done", out), 0);
}
END_TEST

/* Last: it stops the daemon. */
START_TEST(test_revoke_with_daemon_down_changes_nothing)
{
	struct http	 h;
	char		 before[8192], after[8192], form[256];
	long long	 id = cert_of("13900000012");

	ck_assert_int_eq(stack_sh(&st, "kill $(cat \"$STACK_DIR/run/cad.pid\")"
	    " && for i in $(seq 50); do [ -S \"$STACK_DIR/run/cad.sock\" ] && "
	    "kill -0 $(cat \"$STACK_DIR/run/cad.pid\") 2>/dev/null || break; "
	    "sleep 0.1; done"), 0);
	snapshot(before, sizeof(before));
	snprintf(form, sizeof(form), "id=%lld&reason=x&password=" DEMO_PW, id);
	post(C_A_ADMIN, "/certs/revoke", form, 503, &h);
	ck_assert(http_has(&h, "服务暂不可用"));
	http_free(&h);
	snapshot(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pages");
	TCase	*tc = tcase_create("centre");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_anonymous_visitors_go_to_login);
	tcase_add_test(tc, test_home_leads_each_person_to_their_own_start);
	tcase_add_test(tc, test_tabs_follow_the_role);
	tcase_add_test(tc, test_me_shows_and_saves_the_name);
	tcase_add_test(tc, test_posts_without_csrf_change_nothing);
	tcase_add_test(tc, test_company_admin_edits_with_check_character);
	tcase_add_test(tc, test_company_is_read_only_for_others);
	tcase_add_test(tc, test_staff_is_for_administrators_only);
	tcase_add_test(tc, test_staff_add_change_and_remove);
	tcase_add_test(tc, test_staff_keeps_an_administrator);
	tcase_add_test(tc, test_certs_list_matches_figure_1);
	tcase_add_test(tc, test_card_tables_label_each_cell_by_its_column);
	tcase_add_test(tc, test_certs_menus_open_one_at_a_time);
	tcase_add_test(tc, test_staff_controls_name_their_member);
	tcase_add_test(tc, test_certs_pagination_input_is_bounded);
	tcase_add_test(tc, test_certs_search_by_holder_serial_and_type);
	tcase_add_test(tc, test_holders_see_only_their_own);
	tcase_add_test(tc, test_cert_view_shows_everything_in_scope_only);
	tcase_add_test(tc, test_platform_link_in_scope);
	tcase_add_test(tc, test_revoke_needs_reason_and_password);
	tcase_add_test(tc, test_certs_shows_the_guides_other_buttons);
	tcase_add_test(tc, test_other_applications_say_where_they_are_made);
	tcase_add_test(tc, test_unknown_other_application_is_404);
	tcase_add_test(tc, test_webctl_office_link_takes_only_web_addresses);
	tcase_add_test(tc, test_screenshots_in_chromium);
	tcase_add_test(tc, test_revoke_with_daemon_down_changes_nothing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
