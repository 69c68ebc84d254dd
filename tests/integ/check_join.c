/*
 * check_join.c: integration tests of 加入申请 (the "+ 新增" of
 * 关联公司及身份选择, fcgi/join.c), of their decision in 人员管理
 * (fcgi/centre.c), and of CA登录's lock-type rule (fcgi/calogin.c), through
 * real nginx (TLS client certificates), workers and signing daemon.
 *
 * The person is made as a person makes themself: 注册账号 with the code
 * from the SMS outbox; then everything goes through the pages.  What was
 * stored is checked from the outside, in the app database through the
 * sqlite3 CLI: a refused request leaves no row and no audit record.
 * Each visitor has its own 127.0.0.x address and cookie jar.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define NAME_A		"辽宁演示建设工程有限公司"
#define NAME_B		"大连演示招标代理有限公司"
#define USCC_A		DEMO_USCC_A
#define USCC_B		DEMO_USCC_B
#define USCC_UNKNOWN	"91210102MA0YJQXN7H"	/* valid, no such company */
#define USCC_BADCHECK	"91210105MA0YDEM15K"	/* A's with a wrong check */

#define NEW_MOBILE	"13811112222"
#define NEW_NAME	"钱新人"
#define NEW_PW		"Join@2026x"
#define DEMO_PW		"Demo@2026"

/* Messages beside the fields (xsl/join.xsl). */
#define MSG_USCC_BAD	"统一社会信用代码不正确，请核对18位代码(含最后一位校验码)"
#define MSG_USCC_NONE	"请输入单位的统一社会信用代码"
#define MSG_UNKNOWN	"本平台没有统一社会信用代码为此的单位"
#define MSG_ROLE_NONE	"请选择身份</p>"
#define MSG_ROLE_BAD	"单位没有此身份，请选择管理员、项目负责人或授权委托人、造价师之一"
#define MSG_DUPLICATE	"您已提交过加入该单位此身份的申请，请等待单位管理员审核"
#define MSG_MEMBER	"您在该单位已有此身份"

/* The visitors: 127.0.0.(20 + n), cookie jar t/jar-n. */
enum visitor {
	V_NEW = 1,	/* 钱新人, registered by the test */
	V_ADMIN_A,	/* 张演示 13900000001, 管理员 of A */
	V_ADMIN_B,	/* 王演示 13900000003, 管理员 of B */
	V_LEAD_A,	/* 李演示 13900000002, 项目负责人 of A */
	V_ADMIN_A2,	/* 孙演示 13900000005, 管理员 of A */
	V_NEW2,		/* 钱新人 again: the next login */
	V_KEY_MASTER,	/* CA登录 with A's 单位(机构)主锁 */
	V_KEY_LEAD,	/* CA登录 with 李演示's 项目负责人锁 */
	V_KEY_COST,	/* CA登录 with 吴演示's 造价师锁 */
	V_KEY_MASTER2,	/* the master key again */
	V_ADMIN_A3	/* 孙演示 again, in a session of its own */
};

static struct stack	 st;
static char		 csrf[16][65];

static void
up(void)
{
	if (demo_up(&st) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_join: could not set up the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* ---- helpers ---------------------------------------------------------- */

static void
as(enum visitor v, const char *path, const char *extra, int status,
    struct http *h)
{
	demo_as(&st, 20 + (int)v, (int)v, path, extra, status, h);
}

/*
 * POSTs form (urlencoded words, without csrf) to path as v.  Each test
 * runs in a process of its own, so a visitor logged in by an earlier
 * test (its cookie jar is on disk) gets its token again here.
 */
static void
post(enum visitor v, const char *path, const char *form, int status,
    struct http *h)
{
	char	 words[2048];

	if (csrf[v][0] == '\0') {
		as(v, "/identity", NULL, 200, h);
		ck_assert_int_eq(http_csrf(h, csrf[v]), 0);
		http_free(h);
	}

	snprintf(words, sizeof(words), "-d csrf=%s %s", csrf[v], form);
	as(v, path, words, status, h);
}

static long long
sql(const char *q)
{
	return demo_sql_int(&st, "%s", q);
}

#define JOIN_ROWS	sql("SELECT count(*) FROM join_request")
#define AUDITS(a)	sql("SELECT count(*) FROM audit WHERE action = '" a "'")

/* The last code the SMS outbox holds for mobile into code (7 bytes). */
static void
sms_code(const char *mobile, char code[7])
{
	char		 path[PATH_MAX + 32], pfx[64], *box, *p, *last = NULL;
	static const char mark[] = "验证码为";

	code[0] = '\0';
	snprintf(path, sizeof(path), "%s/sms-outbox.txt", st.dir);
	snprintf(pfx, sizeof(pfx), "\t%s\t", mobile);
	ck_assert_ptr_nonnull(box = stack_slurp(path, NULL));
	for (p = box; (p = strstr(p, pfx)) != NULL; p++)
		last = p;
	ck_assert_ptr_nonnull(last);
	ck_assert_ptr_nonnull(p = strstr(last, mark));
	p += sizeof(mark) - 1;
	ck_assert_uint_ge(strspn(p, "0123456789"), 6);
	memcpy(code, p, 6);
	code[6] = '\0';
	free(box);
}

/* 账号登录 of mobile as v; its session's CSRF token into csrf[v]. */
static void
login_pw(enum visitor v, const char *mobile, const char *pw)
{
	struct http	 h;
	char		 words[512];

	as(v, "/login", NULL, 200, &h);
	ck_assert_int_eq(http_csrf(&h, csrf[v]), 0);
	http_free(&h);
	snprintf(words, sizeof(words), "--data-urlencode mobile=%s "
	    "--data-urlencode password=%s -d agree=1", mobile, pw);
	post(v, "/login", words, 303, &h);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
	as(v, "/identity", NULL, 200, &h);
	ck_assert_int_eq(http_csrf(&h, csrf[v]), 0);
	http_free(&h);
}

/* 账号登录 of a demo person as v, acting as role of company uscc. */
static void
login_as(enum visitor v, const char *mobile, const char *role,
    const char *uscc)
{
	ck_assert_int_eq(demo_login(&st, 20 + (int)v, (int)v, mobile, role,
	    uscc, csrf[v]), 0);
}

/* Chooses mobile's identity role of company uscc as v (logged in). */
static void
choose(enum visitor v, const char *mobile, const char *role,
    const char *uscc)
{
	struct http	 h;
	char		 form[64];
	long long	 mid;

	mid = demo_sql_int(&st, "SELECT m.id FROM membership m JOIN person p"
	    " ON p.id = m.person_id JOIN company c ON c.id = m.company_id"
	    " WHERE p.mobile = '%s' AND c.uscc = '%s' AND m.role = '%s'",
	    mobile, uscc, role);
	ck_assert_int_gt(mid, 0);
	snprintf(form, sizeof(form), "-d membership=%lld", mid);
	post(v, "/identity", form, 303, &h);
	http_free(&h);
}

/* CA登录 as v with demo certificate cert; *h gets /identity. */
static void
login_cert(enum visitor v, const char *cert, struct http *h)
{
	struct demo_certuser	 u;

	memset(&u, 0, sizeof(u));
	u.octet = 20 + (int)v;
	u.jar = (int)v;
	u.cert = cert;
	ck_assert_int_eq(demo_cert_login(&st, &u), 0);
	demo_cert_as(&st, &u, "/identity", NULL, 200, h);
}

/* The person id of mobile. */
static long long
person(const char *mobile)
{
	return demo_sql_int(&st, "SELECT id FROM person WHERE mobile = '%s'",
	    mobile);
}

/* How many memberships mobile has in company uscc as role. */
static long long
memberships(const char *mobile, const char *uscc, const char *role)
{
	return demo_sql_int(&st, "SELECT count(*) FROM membership m JOIN"
	    " person p ON p.id = m.person_id JOIN company c ON c.id ="
	    " m.company_id WHERE p.mobile = '%s' AND c.uscc = '%s' AND"
	    " m.role = '%s'", mobile, uscc, role);
}

/* The id of the newest request of mobile. */
static long long
last_request(const char *mobile)
{
	return demo_sql_int(&st, "SELECT max(j.id) FROM join_request j JOIN"
	    " person p ON p.id = j.person_id WHERE p.mobile = '%s'", mobile);
}

/* A join request as the new person: uscc and role as urlencoded. */
static void
ask(const char *uscc, const char *role, int status, struct http *h)
{
	char	 form[256];

	snprintf(form, sizeof(form), "--data-urlencode 'uscc=%s' "
	    "--data-urlencode 'role=%s'", uscc, role);
	post(V_NEW, "/identity/join", form, status, h);
}

/* The join form again with its message and the typed USCC kept. */
static void
assert_refused(const struct http *h, const char *msg, const char *kept)
{
	char	 value[128];

	ck_assert_msg(http_has(h, msg), "no message '%s'", msg);
	ck_assert(http_has(h, "申请未提交"));
	ck_assert(http_has(h, "action=\"/identity/join\""));
	snprintf(value, sizeof(value), "value=\"%s\"", kept);
	ck_assert_msg(http_has(h, value), "typed USCC '%s' not kept", kept);
}

/* Decides request id as v (approve 1 / refuse 0). */
static void
decide(enum visitor v, int approve, long long id, int status,
    struct http *h)
{
	char	 form[64];

	snprintf(form, sizeof(form), "-d request=%lld", id);
	post(v, approve ? "/staff/join/approve" : "/staff/join/refuse", form,
	    status, h);
}

/* ---- a new person ----------------------------------------------------- */

START_TEST(test_new_person_has_only_personal_and_the_new_button)
{
	struct http	 h;
	char		 code[7], form[512];

	/* 注册账号, as a person does it. */
	as(V_NEW, "/register", NULL, 200, &h);
	ck_assert_int_eq(http_csrf(&h, csrf[V_NEW]), 0);
	http_free(&h);
	post(V_NEW, "/register", "-d step=request -d mobile=" NEW_MOBILE, 200,
	    &h);
	http_free(&h);
	sms_code(NEW_MOBILE, code);
	snprintf(form, sizeof(form), "-d step=verify -d mobile=" NEW_MOBILE
	    " -d code=%s --data-urlencode 'name=" NEW_NAME "'"
	    " --data-urlencode 'password=" NEW_PW "'"
	    " --data-urlencode 'password2=" NEW_PW "' -d agree=1", code);
	post(V_NEW, "/register", form, 303, &h);
	http_free(&h);

	login_pw(V_NEW, NEW_MOBILE, NEW_PW);
	as(V_NEW, "/identity", NULL, 200, &h);
	ck_assert(http_has(&h, "个人"));
	ck_assert(http_has(&h, "href=\"/identity/join\""));
	ck_assert(http_has(&h, "+ 新增"));
	ck_assert(!http_has(&h, NAME_A));
	http_free(&h);
	ck_assert_int_eq(sql("SELECT count(*) FROM membership m JOIN person p"
	    " ON p.id = m.person_id WHERE p.mobile = '" NEW_MOBILE "'"), 1);

	as(V_NEW, "/identity/join", NULL, 200, &h);
	ck_assert(http_has(&h, "新增关联公司及身份"));
	ck_assert(http_has(&h, "统一社会信用代码"));
	ck_assert(http_has(&h, "项目负责人或授权委托人"));
	ck_assert(http_has(&h, "造价师"));
	http_free(&h);
	/* Anonymous visitors are sent to log in; a POST without the
	 * session's token is refused before anything runs. */
	demo_as(&st, 40, 40, "/identity/join", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
	as(V_NEW, "/identity/join", "-d uscc=" USCC_A " -d role=admin", 403,
	    &h);
	http_free(&h);
	ck_assert_int_eq(JOIN_ROWS, 0);
}
END_TEST

START_TEST(test_bad_requests_are_refused_and_store_nothing)
{
	struct http	 h;
	long long	 members = sql("SELECT count(*) FROM membership");

	/* A wrong check character. */
	ask(USCC_BADCHECK, "project_lead", 400, &h);
	assert_refused(&h, MSG_USCC_BAD, USCC_BADCHECK);
	ck_assert(http_has(&h, "<option value=\"project_lead\" "
	    "selected"));
	http_free(&h);
	/* Not a USCC at all, and lower case with spaces kept as typed. */
	ask("12345", "project_lead", 400, &h);
	assert_refused(&h, MSG_USCC_BAD, "12345");
	http_free(&h);
	ask("", "cost_engineer", 400, &h);
	assert_refused(&h, MSG_USCC_NONE, "");
	http_free(&h);
	/* A valid code of no company here. */
	ask(USCC_UNKNOWN, "project_lead", 400, &h);
	assert_refused(&h, MSG_UNKNOWN, USCC_UNKNOWN);
	http_free(&h);
	/* Roles a company does not have: 个人, and made-up ones. */
	ask(USCC_A, "personal", 400, &h);
	assert_refused(&h, MSG_ROLE_BAD, USCC_A);
	http_free(&h);
	ask(USCC_A, "ceo", 400, &h);
	assert_refused(&h, MSG_ROLE_BAD, USCC_A);
	http_free(&h);
	ask(USCC_A, "", 400, &h);
	assert_refused(&h, MSG_ROLE_NONE, USCC_A);
	http_free(&h);
	/* Both fields at once: both messages. */
	ask(USCC_BADCHECK, "personal", 400, &h);
	assert_refused(&h, MSG_USCC_BAD, USCC_BADCHECK);
	ck_assert(http_has(&h, MSG_ROLE_BAD));
	http_free(&h);
	/* A typed value is shown escaped, never as markup. */
	ask("<b>x</b>", "admin", 400, &h);
	ck_assert(http_has(&h, "value=\"&lt;b&gt;x&lt;/b&gt;\""));
	ck_assert(!http_has(&h, "<b>x</b>"));
	http_free(&h);

	ck_assert_int_eq(JOIN_ROWS, 0);
	ck_assert_int_eq(AUDITS("join.request"), 0);
	ck_assert_int_eq(sql("SELECT count(*) FROM membership"), members);
}
END_TEST

/* ---- the journey ------------------------------------------------------ */

START_TEST(test_request_approved_by_the_company_administrator)
{
	struct http	 h;
	long long	 id, me = person(NEW_MOBILE);
	char		 q[256];

	/* Lower case and spaces around are taken (normalised). */
	ask(" 91210105ma0ydem15l ", "project_lead", 303, &h);
	ck_assert(http_location_is(&h, "/identity?notice=join_sent"));
	http_free(&h);
	id = last_request(NEW_MOBILE);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(JOIN_ROWS, 1);
	ck_assert_int_eq(AUDITS("join.request"), 1);
	snprintf(q, sizeof(q), "SELECT count(*) FROM join_request WHERE"
	    " id = %lld AND state = 'pending' AND role = 'project_lead' AND"
	    " company_id = (SELECT id FROM company WHERE uscc = '" USCC_A
	    "')", id);
	ck_assert_int_eq(sql(q), 1);
	as(V_NEW, "/identity?notice=join_sent", NULL, 200, &h);
	ck_assert(http_has(&h, "加入申请已提交，请等待该单位管理员审核"));
	ck_assert(http_has(&h, "待审核的加入申请"));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, "待审核"));
	http_free(&h);

	/* The same request again: one is waiting. */
	ask(USCC_A, "project_lead", 409, &h);
	assert_refused(&h, MSG_DUPLICATE, USCC_A);
	http_free(&h);
	ck_assert_int_eq(JOIN_ROWS, 1);
	ck_assert_int_eq(AUDITS("join.request"), 1);

	/* Who may not decide: another company's administrator (404: not
	 * theirs), a project lead of the company (403), anyone on an
	 * unknown or malformed id (404). */
	login_as(V_ADMIN_B, "13900000003", "admin", USCC_B);
	as(V_ADMIN_B, "/staff", NULL, 200, &h);
	ck_assert(!http_has(&h, NEW_NAME));
	http_free(&h);
	decide(V_ADMIN_B, 1, id, 404, &h);
	http_free(&h);
	decide(V_ADMIN_B, 0, id, 404, &h);
	http_free(&h);
	login_as(V_LEAD_A, "13900000002", "project_lead", USCC_A);
	decide(V_LEAD_A, 1, id, 403, &h);
	http_free(&h);
	login_as(V_ADMIN_A, "13900000001", "admin", USCC_A);
	decide(V_ADMIN_A, 1, id + 1000, 404, &h);
	http_free(&h);
	post(V_ADMIN_A, "/staff/join/approve", "-d request=x1", 404, &h);
	http_free(&h);
	ck_assert_int_eq(sql("SELECT count(*) FROM join_request WHERE"
	    " state = 'pending'"), 1);
	ck_assert_int_eq(memberships(NEW_MOBILE, USCC_A, "project_lead"), 0);
	ck_assert_int_eq(AUDITS("join.approve"), 0);
	ck_assert_int_eq(AUDITS("join.refuse"), 0);

	/* Its administrator sees it in 人员管理 and approves. */
	as(V_ADMIN_A, "/staff", NULL, 200, &h);
	ck_assert(http_has(&h, "加入申请 (1)"));
	ck_assert(http_has(&h, NEW_NAME));
	ck_assert(http_has(&h, NEW_MOBILE));
	ck_assert(http_has(&h, "同意加入：" NEW_NAME "(" NEW_MOBILE ")，"
	    "项目负责人或授权委托人"));
	ck_assert(http_has(&h, "拒绝加入：" NEW_NAME "(" NEW_MOBILE ")，"
	    "项目负责人或授权委托人"));
	{
		int	 n;
		char	 why[256];

		n = demo_card_labels(&h, why, sizeof(why));
		ck_assert_msg(n > 0, "staff cards: %s", why);
	}
	http_free(&h);
	decide(V_ADMIN_A, 1, id, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=join_approved"));
	http_free(&h);
	ck_assert_int_eq(memberships(NEW_MOBILE, USCC_A, "project_lead"), 1);
	snprintf(q, sizeof(q), "SELECT count(*) FROM join_request WHERE"
	    " id = %lld AND state = 'approved' AND decided_by = %lld AND"
	    " membership_id IS NOT NULL", id, person("13900000001"));
	ck_assert_int_eq(sql(q), 1);
	ck_assert_int_eq(AUDITS("join.approve"), 1);
	snprintf(q, sizeof(q), "SELECT count(*) FROM audit WHERE action ="
	    " 'join.approve' AND detail LIKE '%%request=%lld applicant=%lld"
	    " role=project_lead%%'", id, me);
	ck_assert_int_eq(sql(q), 1);
	as(V_ADMIN_A, "/staff?notice=join_approved", NULL, 200, &h);
	ck_assert(http_has(&h, "已同意加入申请"));
	ck_assert(!http_has(&h, "加入申请 ("));
	ck_assert(http_has(&h, NEW_NAME));	/* now a member */
	http_free(&h);

	/* A double-submitted approval, or a refusal after it: nothing. */
	decide(V_ADMIN_A, 1, id, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=join_done"));
	http_free(&h);
	decide(V_ADMIN_A, 0, id, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=join_done"));
	http_free(&h);
	ck_assert_int_eq(memberships(NEW_MOBILE, USCC_A, "project_lead"), 1);
	ck_assert_int_eq(sql("SELECT count(*) FROM join_request WHERE"
	    " state = 'approved'"), 1);
	ck_assert_int_eq(AUDITS("join.approve"), 1);
	ck_assert_int_eq(AUDITS("join.refuse"), 0);

	/* Asking again for what they now have. */
	ask(USCC_A, "project_lead", 409, &h);
	assert_refused(&h, MSG_MEMBER, USCC_A);
	http_free(&h);
	ck_assert_int_eq(JOIN_ROWS, 1);
}
END_TEST

START_TEST(test_refusal_and_the_person_told_at_the_next_login)
{
	struct http	 h;
	long long	 id;
	char		 q[256];

	ask(USCC_B, "cost_engineer", 303, &h);
	http_free(&h);
	id = last_request(NEW_MOBILE);
	ck_assert_int_eq(JOIN_ROWS, 2);
	as(V_ADMIN_B, "/staff", NULL, 200, &h);
	ck_assert(http_has(&h, NEW_NAME));
	http_free(&h);
	/* A's administrator cannot touch B's request. */
	decide(V_ADMIN_A, 1, id, 404, &h);
	http_free(&h);
	decide(V_ADMIN_B, 0, id, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=join_refused"));
	http_free(&h);
	decide(V_ADMIN_B, 0, id, 303, &h);	/* again: nothing */
	ck_assert(http_location_is(&h, "/staff?notice=join_done"));
	http_free(&h);
	decide(V_ADMIN_B, 1, id, 303, &h);	/* approve after: nothing */
	ck_assert(http_location_is(&h, "/staff?notice=join_done"));
	http_free(&h);
	snprintf(q, sizeof(q), "SELECT count(*) FROM join_request WHERE"
	    " id = %lld AND state = 'refused' AND membership_id IS NULL",
	    id);
	ck_assert_int_eq(sql(q), 1);
	ck_assert_int_eq(memberships(NEW_MOBILE, USCC_B, "cost_engineer"), 0);
	ck_assert_int_eq(AUDITS("join.refuse"), 1);
	ck_assert_int_eq(AUDITS("join.approve"), 1);

	/* The next login lands on 关联公司及身份选择, which tells both. */
	login_pw(V_NEW2, NEW_MOBILE, NEW_PW);
	as(V_NEW2, "/identity", NULL, 200, &h);
	ck_assert(http_has(&h, "加入申请审核结果"));
	ck_assert(http_has(&h, "”身份加入“" NAME_A "”"));
	ck_assert(http_has(&h, "已通过审核，可在下方选择该身份"));
	ck_assert(http_has(&h, "”身份加入“" NAME_B "”"));
	ck_assert(http_has(&h, "未通过审核"));
	ck_assert(!http_has(&h, "待审核的加入申请"));
	/* The approved identity is there to choose. */
	ck_assert(http_has(&h, "<label for=\"m"));
	ck_assert(http_has(&h, ">" NAME_A "</label>"));
	http_free(&h);
	choose(V_NEW2, NEW_MOBILE, "project_lead", USCC_A);
	as(V_NEW2, "/certs", NULL, 200, &h);
	http_free(&h);

	/* 知道了 dismisses them, once. */
	post(V_NEW2, "/identity/join/seen", "", 303, &h);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
	post(V_NEW2, "/identity/join/seen", "", 303, &h);
	http_free(&h);
	ck_assert_int_eq(AUDITS("join.seen"), 1);
	ck_assert_int_eq(sql("SELECT count(*) FROM join_request WHERE"
	    " seen_at IS NULL"), 0);
	as(V_NEW2, "/identity", NULL, 200, &h);
	ck_assert(!http_has(&h, "加入申请审核结果"));
	http_free(&h);

	/* Refused once, they may ask again. */
	ask(USCC_B, "cost_engineer", 303, &h);
	http_free(&h);
	ck_assert_int_eq(JOIN_ROWS, 3);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webctl\" -d "
	    "\"$APPDB\" audit-verify >/dev/null"), 0);
}
END_TEST

/* ---- CA登录's lock-type rule --------------------------------------- */

/* Removes mobile's role in A as 孙演示 (A's second administrator), v. */
static void
remove_member(enum visitor v, const char *mobile, const char *role)
{
	struct http	 h;
	char		 form[64];
	long long	 mid;

	mid = demo_sql_int(&st, "SELECT m.id FROM membership m JOIN person p"
	    " ON p.id = m.person_id JOIN company c ON c.id = m.company_id"
	    " WHERE p.mobile = '%s' AND c.uscc = '" USCC_A "' AND m.role ="
	    " '%s'", mobile, role);
	ck_assert_int_gt(mid, 0);
	snprintf(form, sizeof(form), "-d member=%lld", mid);
	post(v, "/staff/remove", form, 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=removed"));
	http_free(&h);
	ck_assert_int_eq(memberships(mobile, USCC_A, role), 0);
}

START_TEST(test_master_key_login_makes_its_holder_administrator)
{
	struct http	 h;
	long long	 locks = AUDITS("membership.lock");

	login_as(V_ADMIN_A2, "13900000005", "admin", USCC_A);
	remove_member(V_ADMIN_A2, "13900000001", "admin");
	/* 张演示 logs in with A's 单位(机构)主锁: administrator again. */
	login_cert(V_KEY_MASTER, "13900000001-1", &h);
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, "管理员"));
	http_free(&h);
	ck_assert_int_eq(memberships("13900000001", USCC_A, "admin"), 1);
	ck_assert_int_eq(AUDITS("membership.lock"), locks + 1);
	ck_assert_int_eq(sql("SELECT count(*) FROM audit WHERE action ="
	    " 'membership.lock' AND detail LIKE '%role=admin%'"), 1);
	/* The next login with it adds nothing. */
	login_cert(V_KEY_MASTER2, "13900000001-1", &h);
	http_free(&h);
	ck_assert_int_eq(memberships("13900000001", USCC_A, "admin"), 1);
	ck_assert_int_eq(AUDITS("membership.lock"), locks + 1);
	ck_assert_int_eq(AUDITS("login.ca") >= 2, 1);
}
END_TEST

START_TEST(test_lead_and_cost_engineer_keys_give_their_roles)
{
	struct http	 h;
	long long	 locks = AUDITS("membership.lock");

	login_as(V_ADMIN_A3, "13900000005", "admin", USCC_A);
	remove_member(V_ADMIN_A3, "13900000002", "project_lead");
	remove_member(V_ADMIN_A3, "13900000012", "cost_engineer");
	ck_assert_int_eq(sql("SELECT count(*) FROM membership m JOIN person"
	    " p ON p.id = m.person_id WHERE p.mobile = '13900000012'"), 0);
	/* 项目负责人锁: 项目负责人或授权委托人 of its company. */
	login_cert(V_KEY_LEAD, "13900000002-1", &h);
	ck_assert(http_has(&h, "项目负责人或授权委托人"));
	http_free(&h);
	ck_assert_int_eq(memberships("13900000002", USCC_A, "project_lead"),
	    1);
	/* 造价师锁: 造价师, for a person who had no identity left. */
	login_cert(V_KEY_COST, "13900000012-1", &h);
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, "造价师"));
	http_free(&h);
	ck_assert_int_eq(memberships("13900000012", USCC_A, "cost_engineer"),
	    1);
	ck_assert_int_eq(AUDITS("membership.lock"), locks + 2);
	/* Nothing else was given: one role each in A. */
	ck_assert_int_eq(sql("SELECT count(*) FROM membership m JOIN person"
	    " p ON p.id = m.person_id WHERE p.mobile = '13900000012'"), 1);
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webctl\" -d "
	    "\"$APPDB\" audit-verify >/dev/null"), 0);
}
END_TEST

/* ---- screenshots ------------------------------------------------------ */

START_TEST(test_screenshots_in_chromium)
{
	struct http	 h;
	char		 out[PATH_MAX + 32];

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_join: screenshots skipped (needs node, "
		    "/usr/bin/chromium and `npm ci --prefix tests/browser`)\n");
		return;
	}
	/* A decision to be told (the approval of a second role) and a
	 * request still waiting in A's 人员管理. */
	ask(USCC_A, "cost_engineer", 303, &h);
	http_free(&h);
	decide(V_ADMIN_A3, 1, last_request(NEW_MOBILE), 303, &h);
	ck_assert(http_location_is(&h, "/staff?notice=join_approved"));
	http_free(&h);
	ask(USCC_A, "admin", 303, &h);
	http_free(&h);
	snprintf(out, sizeof(out), "%s/tests/out", st.top);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && SHOTS=join "
	    "ADMIN_MOBILE=13900000001 node \"$TOP/tests/browser/shots.js\" "
	    "https://127.0.0.1:$PORT '%s' " NEW_MOBILE " '" NEW_PW "' >&2",
	    out, out), 0);
	ck_assert_int_eq(stack_sh(&st, "for f in identity-join join "
	    "join-error staff-join; do for w in 1280 390; do "
	    "test -s '%s'/$f-$w.png || exit 1; done; done", out), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("join");
	TCase	*tc = tcase_create("join");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_new_person_has_only_personal_and_the_new_button);
	tcase_add_test(tc, test_bad_requests_are_refused_and_store_nothing);
	tcase_add_test(tc, test_request_approved_by_the_company_administrator);
	tcase_add_test(tc, test_refusal_and_the_person_told_at_the_next_login);
	tcase_add_test(tc, test_master_key_login_makes_its_holder_administrator);
	tcase_add_test(tc, test_lead_and_cost_engineer_keys_give_their_roles);
	tcase_add_test(tc, test_screenshots_in_chromium);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
