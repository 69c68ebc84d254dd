/*
 * check_reissue.c: integration tests of the CA补办 wizard's steps 1 and 2
 * (数字证书(CA)信息, 补办类型及信息), the 情况说明书 .docx and the upload of
 * its stamped copy, through real nginx, workers and signing daemon on
 * free ports (tests/integ/stack.c).
 *
 * The fixture loads the demo data, issues the demo certificates
 * (`webctl demo-certs`), adds three certificates in other states with the
 * database's CLI (STACK_SQL), and logs in once per client: each client
 * is one person acting as one identity, with its own cookie jar and
 * loopback address (127.0.0.(60+n)).  Tests use different certificates,
 * so the drafts one test leaves do not meet another's.
 *
 * The .docx is checked by independent tools: `unzip -t` for the archive,
 * `xmllint` for every XML part, and LibreOffice's PDF conversion when
 * LibreOffice happens to be installed (it is not installed for this).
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define WEBCTL		"\"$BINDIR/webctl\" -d \"$APPDB\""
#define DEMO_PW		"Demo%%402026"	/* Demo@2026, for a format */
#define USCC_A		DEMO_USCC_A
#define USCC_B		DEMO_USCC_B
#define NAME_A		"辽宁演示建设工程有限公司"
#define WARNING		"如必须进行补办，则应对原招投标文件进行重新生成（或" \
			"重新投标）、加密、上传至招投标业务系统。"
#define MIB		(1024 * 1024)

enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A */
	C_A_LEAD,	/* 13900000002 李演示, 项目负责人 of A */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B */
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
	{ "13900000005", "personal", "" },		/* C_PERSONAL */
};

static struct stack	 st;
static char		 csrf[C__MAX][65];

/* ---- helpers ---------------------------------------------------------- */

/* The shared fixture's SQL helpers, on this suite's stack. */
#define sql(q, out, sz)		demo_sql(&st, (q), (out), (sz))
#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* Runs curl as client n (-1: anonymous) with extra curl words. */
#define OCTET		60	/* client n connects from 127.0.0.(OCTET+n) */

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	demo_as(&st, OCTET + n, n, path, extra, status, h);
}

static void
get(int n, const char *path, int status, struct http *h)
{
	as(n, path, NULL, status, h);
}

/* GET with a path built from a format. */
static void
getf(int n, int status, struct http *h, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
getf(int n, int status, struct http *h, const char *fmt, ...)
{
	char	 path[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	get(n, path, status, h);
}

/*
 * POSTs step 2 of cert as client n, multipart like the browser: the
 * curl -F words in fields (reason, reason_text, action), and the file
 * T/file sent under the name fname (file NULL: no file part).
 */
static void
step2(int n, long long cert, const char *fields, const char *file,
    const char *fname, int status, struct http *h)
{
	char	 extra[8192], part[PATH_MAX + 256] = "";

	if (file != NULL)
		snprintf(part, sizeof(part), "-F 'statement=@%s/t/%s;"
		    "filename=%s'", st.dir, file, fname);
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' %s %s",
	    csrf[n], cert, fields, part);
	as(n, "/reissue/step2", extra, status, h);
}

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

/* How many header lines are named name (any case). */
static int
header_count(const struct http *h, const char *name)
{
	const char	*p = h->headers;
	size_t		 nl = strlen(name);
	int		 n = 0;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':')
			n++;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return n;
}

/* Writes len bytes to T/name. */
static void
write_file(const char *name, const void *data, size_t len)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* The body of h saved as T/name. */
static void
save_body(const struct http *h, const char *name)
{
	write_file(name, h->body, h->body_len);
}

static long long
cert_by_key(const char *key_serial)
{
	return sql_int("SELECT id FROM cert WHERE key_serial = '%s'",
	    key_serial);
}

/* Standard CRC-32 (PNG, zlib), bit by bit. */
static uint32_t
crc32_of(const unsigned char *p, size_t n, uint32_t crc)
{
	size_t	 i;
	int	 k;

	crc = ~crc;
	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/*
 * Writes T/name: a valid PNG of exactly total bytes, the sample picture
 * with a private ancillary chunk ("prIv") of filler before IEND.
 */
static void
write_big_png(const char *name, size_t total)
{
	const size_t	 head = sizeof(sample_png) - 12;
	size_t		 dlen = total - sizeof(sample_png) - 12;
	unsigned char	*p, *c;
	uint32_t	 crc;

	ck_assert_ptr_nonnull(p = malloc(total));
	memcpy(p, sample_png, head);
	c = p + head;
	c[0] = (unsigned char)(dlen >> 24);
	c[1] = (unsigned char)(dlen >> 16);
	c[2] = (unsigned char)(dlen >> 8);
	c[3] = (unsigned char)dlen;
	memcpy(c + 4, "prIv", 4);
	memset(c + 8, 'z', dlen);
	crc = crc32_of(c + 4, 4 + dlen, 0);
	c[8 + dlen] = (unsigned char)(crc >> 24);
	c[9 + dlen] = (unsigned char)(crc >> 16);
	c[10 + dlen] = (unsigned char)(crc >> 8);
	c[11 + dlen] = (unsigned char)crc;
	memcpy(p + total - 12, sample_png + head, 12);
	write_file(name, p, total);
	free(p);
}

/* Today in Shanghai, as the statement writes it. */
static void
today(char *out, size_t sz)
{
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, sz, "%Y年%m月%d日", &tm);
}

/* Unix time t's day in Shanghai as the pages show it (2026-12-07). */
static void
shanghai_date(char *out, size_t sz, long long t)
{
	time_t		 tt = (time_t)(t + 8 * 3600);
	struct tm	 tm;

	ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
	ck_assert_uint_gt(strftime(out, sz, "%Y-%m-%d", &tm), 0);
}

/* Number of files in the upload directory. */
static int
stored_files(void)
{
	char	 path[PATH_MAX + 32], *txt;
	int	 n;

	ck_assert_int_eq(stack_sh(&st, "ls -A \"$STACK_DIR/uploads\" | wc -l"
	    " > " T "/n.out"), 0);
	snprintf(path, sizeof(path), "%s/t/n.out", st.dir);
	ck_assert_ptr_nonnull(txt = stack_slurp(path, NULL));
	n = atoi(txt);
	free(txt);
	return n;
}

/* Logs client n in as its identity, from its own loopback address. */
static int
login(int n)
{
	return demo_login(&st, 60 + n, n, clients[n].mobile, clients[n].role,
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
	write_file("s.png", sample_png, sizeof(sample_png));
	write_file("s.jpg", sample_jpeg, sizeof(sample_jpeg));
	write_file("s.pdf", sample_pdf, sizeof(sample_pdf) - 1);
	return;
fail:
	stack_sh(&st, "cat " T "/certs.out >&2 2>/dev/null");
	stack_down(&st);
	fprintf(stderr, "check_reissue: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

/* ---- step 1 ----------------------------------------------------------- */

START_TEST(test_anonymous_visitors_go_to_login)
{
	static const char *const paths[] = { "/reissue?cert=1",
	    "/reissue/step2?cert=1", "/reissue/statement.docx?cert=1",
	    "/uploads/view?id=1", "/reissue/confirm?cert=1" };
	struct http	 h;
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		get(-1, paths[i], 303, &h);
		ck_assert(http_location_is(&h, "/login"));
		http_free(&h);
	}
}
END_TEST

START_TEST(test_step1_shows_every_field_and_the_warning)
{
	struct http	 h;
	long long	 id = cert_by_key("JK2021030001");
	char		 want[256], applied[32], until[32];

	shanghai_date(applied, sizeof(applied), sql_int("SELECT"
	    " first_applied_at FROM cert WHERE id = %lld", id));
	shanghai_date(until, sizeof(until), sql_int("SELECT not_after FROM"
	    " cert WHERE id = %lld", id));
	getf(C_A_ADMIN, 200, &h, "/reissue?cert=%lld", id);
	/* The crumbs and the stepper of the four steps the person goes
	 * through, step 1 current. */
	ck_assert(http_has(&h, "CA管理"));
	ck_assert(http_has(&h, "CA补办"));
	demo_assert_steps(&h, 1);
	/* The re-bid notice: information, not an error (nothing failed). */
	ck_assert(http_has(&h, "<div class=\"alert alert-info reissue-warning\""
	    " role=\"note\">"));
	ck_assert(!http_has(&h, "alert-error"));
	ck_assert(http_has(&h, "关于CA数字证书补办的重要提示："));
	ck_assert(http_has(&h, WARNING));
	/* Every field of 图2, with this certificate's values. */
	ck_assert(http_has(&h, "统一社会信用代码"));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "持锁人"));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, "证书厂商"));
	ck_assert(http_has(&h, "BJCA"));
	ck_assert(http_has(&h, "锁类型"));
	ck_assert(http_has(&h, "单位(机构)主锁"));
	ck_assert(http_has(&h, "介质服务商"));
	ck_assert(http_has(&h, "金科"));
	ck_assert(http_has(&h, "数字证书(CA)锁序列号"));
	ck_assert(http_has(&h, "JK2021030001"));
	ck_assert(http_has(&h, "首次申请时间"));
	ck_assert(http_has(&h, applied));
	ck_assert(http_has(&h, "证书有效期至"));
	ck_assert(http_has(&h, until));
	ck_assert(http_has(&h, "已关联平台"));
	ck_assert_int_eq(count(&h, "<span class=\"tag\">"),
	    (int)sql_int("SELECT count(*) FROM cert_platform WHERE cert_id ="
	    " %lld", id));
	ck_assert(http_has(&h,
	    "<span class=\"tag\">辽宁建设工程信息网</span>"));
	/* 下一步 to step 2. */
	snprintf(want, sizeof(want), "href=\"/reissue/step2?cert=%lld\">下一步",
	    id);
	ck_assert(http_has(&h, want));
	http_free(&h);

	/* A project lead sees their own, with their name as 持锁人. */
	getf(C_A_LEAD, 200, &h, "/reissue?cert=%lld",
	    cert_by_key("FT2022050017"));
	ck_assert(http_has(&h, "李演示"));
	ck_assert(http_has(&h, "项目负责人锁"));
	ck_assert(http_has(&h, "飞天诚信"));
	ck_assert(http_has(&h, "FT2022050017"));
	ck_assert(http_has(&h, WARNING));
	ck_assert(http_has(&h, ">下一步</a>"));
	http_free(&h);

	/* The 个人 identity's own certificate has no company code. */
	getf(C_PERSONAL, 200, &h, "/reissue?cert=%lld",
	    cert_by_key("JK2024090412"));
	ck_assert(http_has(&h, "无(个人证书)"));
	ck_assert(http_has(&h, "个人锁"));
	http_free(&h);
}
END_TEST

/* Step 1, step 2 (GET and POST) and the statement all refuse cert. */
static void
refused_everywhere(int n, long long cert, const char *why)
{
	struct http	 h;
	char		 link[64];
	int		 files = stored_files();
	long long	 ups = sql_int("SELECT count(*) FROM upload");

	snprintf(link, sizeof(link), "/reissue/step2?cert=%lld\"", cert);
	getf(n, 409, &h, "/reissue?cert=%lld", cert);
	ck_assert_msg(http_has(&h, why), "no \"%s\" for cert %lld", why,
	    cert);
	ck_assert(http_has(&h, "该证书不能申请补办"));
	ck_assert(http_has(&h, WARNING));
	ck_assert(!http_has(&h, link));
	ck_assert(!http_has(&h, ">下一步<"));
	http_free(&h);
	getf(n, 409, &h, "/reissue/step2?cert=%lld", cert);
	ck_assert(http_has(&h, why));
	ck_assert(!http_has(&h, "name=\"statement\""));
	http_free(&h);
	getf(n, 409, &h, "/reissue/statement.docx?cert=%lld&reason=lost",
	    cert);
	ck_assert(http_has(&h, why));
	ck_assert(!http_has_header(&h, "Content-Disposition", "attachment"));
	http_free(&h);
	step2(n, cert, "-F reason=lost -F action=next", "s.png", "a.png", 409,
	    &h);
	ck_assert(http_has(&h, why));
	http_free(&h);
	ck_assert_int_eq(stored_files(), files);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload"), ups);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld", cert), 0);
}

START_TEST(test_revoked_expired_and_reissuing_cannot_start)
{
	refused_everywhere(C_A_LEAD, cert_by_key("TEST-EXPIRED-1"),
	    "该证书已过期");
	refused_everywhere(C_A_LEAD, cert_by_key("TEST-REISSUING-1"),
	    "该证书正在补办中");
	refused_everywhere(C_B_ADMIN, cert_by_key("TEST-REVOKED-1"),
	    "该证书已注销");
}
END_TEST

START_TEST(test_an_open_order_blocks_a_second_reissue)
{
	struct http	 h;
	long long	 id = cert_by_key("JK2024040233");
	char		 q[2048];

	/* An unpaid order from now: open. */
	snprintf(q, sizeof(q), "INSERT INTO orders (order_no, kind, person_id,"
	    " membership_id, company_id, cert_id, product_id, quantity,"
	    " amount_fen, reason, reason_text, submit_key, created_at,"
	    " updated_at) SELECT 'CR2025010112345678', 'ca_reissue', p.id,"
	    " m.id, m.company_id, %lld, 1, 1, 5000, 'lost', '',"
	    " 'check-reissue-open-1', %lld, %lld FROM person p JOIN"
	    " membership m ON m.person_id = p.id WHERE p.mobile ="
	    " '13900000001' AND m.role = 'admin'", id, (long long)time(NULL),
	    (long long)time(NULL));
	ck_assert_int_eq(sql(q, NULL, 0), 0);
	refused_everywhere(C_A_ADMIN, id, "该证书已有未完成的补办订单");
	getf(C_A_ADMIN, 409, &h, "/reissue?cert=%lld", id);
	ck_assert(http_has(&h, "CR2025010112345678"));
	http_free(&h);

	/* Unpaid for more than 24 hours: it is closing, so it does not. */
	snprintf(q, sizeof(q), "UPDATE orders SET created_at = created_at -"
	    " 90000, updated_at = updated_at - 90000 WHERE order_no ="
	    " 'CR2025010112345678'");
	ck_assert_int_eq(sql(q, NULL, 0), 0);
	getf(C_A_ADMIN, 200, &h, "/reissue?cert=%lld", id);
	ck_assert(http_has(&h, ">下一步</a>"));
	http_free(&h);

	/* A cancelled one does not either. */
	snprintf(q, sizeof(q), "UPDATE orders SET pay_state = 'cancelled'"
	    " WHERE order_no = 'CR2025010112345678'");
	ck_assert_int_eq(sql(q, NULL, 0), 0);
	getf(C_A_ADMIN, 200, &h, "/reissue/step2?cert=%lld", id);
	ck_assert(http_has(&h, "name=\"statement\""));
	http_free(&h);
}
END_TEST

START_TEST(test_other_peoples_certificates_are_not_found)
{
	static const char *const pages[][2] = { { "/reissue?cert=", "" },
	    { "/reissue/step2?cert=", "" },
	    { "/reissue/statement.docx?cert=", "&reason=lost" } };
	struct http	 h;
	long long	 admin_a = cert_by_key("JK2021030001");
	long long	 lead_b = cert_by_key("FT2023060088");
	long long	 personal = cert_by_key("JK2024090412");
	size_t		 i;

	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		const char *a = pages[i][0], *b = pages[i][1];

		/* A project lead: not the administrator's certificate. */
		getf(C_A_LEAD, 404, &h, "%s%lld%s", a, admin_a, b);
		http_free(&h);
		/* Another company's administrator. */
		getf(C_B_ADMIN, 404, &h, "%s%lld%s", a, admin_a, b);
		http_free(&h);
		/* The 个人 identity: not a company's certificate... */
		getf(C_PERSONAL, 404, &h, "%s%lld%s", a, lead_b, b);
		http_free(&h);
		/* ...and an administrator: not someone's personal one. */
		getf(C_A_ADMIN, 404, &h, "%s%lld%s", a, personal, b);
		http_free(&h);
		getf(C_A_ADMIN, 404, &h, "%s%lld%s", a, 987654LL, b);
		http_free(&h);
	}
	get(C_A_ADMIN, "/reissue?cert=abc", 404, &h);
	http_free(&h);
	get(C_A_ADMIN, "/reissue", 404, &h);
	http_free(&h);
	step2(C_B_ADMIN, admin_a, "-F reason=lost -F action=upload", "s.png",
	    "a.png", 404, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld", admin_a), 0);
}
END_TEST

/* ---- step 2 ----------------------------------------------------------- */

START_TEST(test_step2_form_matches_figure_3)
{
	struct http	 h;
	long long	 id = cert_by_key("FT2023100059");

	getf(C_A_ADMIN, 200, &h, "/reissue/step2?cert=%lld", id);
	demo_assert_steps(&h, 2);
	ck_assert(http_has(&h, "补办原因"));
	ck_assert(http_has(&h, "value=\"lost\""));
	ck_assert(http_has(&h, "证书丢失"));
	ck_assert(http_has(&h, "value=\"damaged\""));
	ck_assert(http_has(&h, "证书损坏"));
	ck_assert(http_has(&h, "value=\"other\""));
	ck_assert(http_has(&h, "其他"));
	ck_assert(http_has(&h, "name=\"reason_text\""));
	ck_assert(http_has(&h, "maxlength=\"200\""));
	ck_assert(http_has(&h, "加盖公章的情况说明书(JPG/PNG/PDF)"));
	ck_assert(http_has(&h, ">生成情况说明书</button>"));
	ck_assert(http_has(&h, ">上传情况说明书</button>"));
	/* Each control its own name: the buttons' words name nothing else
	 * (not a step's title, not the file field's label). */
	ck_assert_int_eq(count(&h, "生成情况说明书"), 1);
	ck_assert_int_eq(count(&h, ">上传情况说明书<"), 1);
	ck_assert(!http_has(&h, "上传情况说明书("));
	ck_assert(http_has(&h, "<label class=\"statement-file-label\" "
	    "for=\"statement\">选择盖章后的扫描件</label>"));
	ck_assert(http_has(&h, "<h2 class=\"statement-step-title\">1. "
	    "打印并加盖公章</h2>"));
	ck_assert(http_has(&h, "aria-describedby=\"statement-help\""));
	ck_assert(http_has(&h, "enctype=\"multipart/form-data\""));
	ck_assert(http_has(&h, "name=\"statement\" type=\"file\""));
	ck_assert(http_has(&h, "value=\"next\">下一步</button>"));
	ck_assert(http_has(&h, "尚未上传情况说明书"));
	http_free(&h);
}
END_TEST

START_TEST(test_step2_requires_a_reason)
{
	struct http	 h;
	long long	 id = cert_by_key("WQ2024010427");
	char		 form[2048], text[1024] = "";
	int		 i;

	/* None chosen. */
	step2(C_A_ADMIN, id, "-F action=next", NULL, NULL, 200, &h);
	ck_assert(http_has(&h, "请选择补办原因"));
	ck_assert(http_has(&h, "补办原因为必填项"));
	http_free(&h);
	step2(C_A_ADMIN, id, "-F reason=stolen -F action=statement", NULL,
	    NULL, 200, &h);
	ck_assert(http_has(&h, "请选择补办原因"));
	ck_assert(!http_has_header(&h, "Content-Disposition", "attachment"));
	http_free(&h);
	/* 其他 without its text, and with 201 characters. */
	step2(C_A_ADMIN, id, "-F reason=other -F 'reason_text=   ' "
	    "-F action=next", NULL, NULL, 200, &h);
	ck_assert(http_has(&h, "请填写具体原因(1-200个字)"));
	ck_assert(http_has(&h, "value=\"other\" required=\"required\" "
	    "checked"));
	http_free(&h);
	for (i = 0; i < 201; i++)
		strcat(text, i % 2 ? "锁" : "a");
	snprintf(form, sizeof(form), "-F reason=other -F 'reason_text=%s' "
	    "-F action=statement", text);
	step2(C_A_ADMIN, id, form, NULL, NULL, 200, &h);
	ck_assert(http_has(&h, "请填写具体原因(1-200个字)"));
	ck_assert(http_has(&h, text));		/* kept as typed */
	http_free(&h);
	/* The statement link without a reason takes the draft's (其他,
	 * which has no text); with no draft at all there is no reason. */
	getf(C_A_ADMIN, 200, &h, "/reissue/statement.docx?cert=%lld", id);
	ck_assert(http_has(&h, "请填写具体原因"));
	ck_assert(!http_has_header(&h, "Content-Disposition", "attachment"));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/reissue/statement.docx?cert=%lld",
	    cert_by_key("WQ2024080519"));
	ck_assert(http_has(&h, "请选择补办原因"));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/reissue/statement.docx?cert=%lld&reason="
	    "other", id);
	ck_assert(http_has(&h, "请填写具体原因"));
	http_free(&h);
	/* Nothing was uploaded by any of this. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld AND upload_id IS NOT NULL", id), 0);
}
END_TEST

/* Checks that T/name is a well-formed .docx containing every string. */
static void
check_docx(const char *name, const char *const *want, size_t n)
{
	size_t	 i;

	ck_assert_int_eq(stack_sh(&st, "cd " T " && { unzip -tq %s "
	    ">/dev/null || unzip -t %s >&2; }", name, name), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && unzip -Z1 %s > "
	    "%s.list && grep -qx '\\[Content_Types\\].xml' %s.list && "
	    "grep -qx '_rels/.rels' %s.list && grep -qx 'word/document.xml'"
	    " %s.list", name, name, name, name, name), 0);
	/* unzip takes names as patterns: [ and ] are escaped. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && for p in "
	    "'\\[Content_Types\\].xml' _rels/.rels word/document.xml; do "
	    "unzip -p %s \"$p\" | xmllint --noout - || exit 1; done", name),
	    0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && unzip -p %s "
	    "word/document.xml > %s.xml", name, name), 0);
	for (i = 0; i < n; i++)
		ck_assert_msg(stack_sh(&st, "grep -qF '%s' " T "/%s.xml",
		    want[i], name) == 0, "%s lacks %s", name, want[i]);
}

START_TEST(test_statement_docx_is_a_real_document)
{
	struct http	 h;
	long long	 id = cert_by_key("JK2021030001");
	char		 date1[64], date2[64], loc[128];
	const char	*want[] = { NAME_A, USCC_A, "JK2021030001", "BJCA",
	    "金科", "单位(机构)主锁", "证书丢失", "情况说明书", "加盖公章",
	    date1 };

	today(date1, sizeof(date1));
	getf(C_A_ADMIN, 200, &h, "/reissue/statement.docx?cert=%lld&reason="
	    "lost", id);
	today(date2, sizeof(date2));
	ck_assert(http_has_header(&h, "Content-Type", "application/vnd."
	    "openxmlformats-officedocument.wordprocessingml.document"));
	ck_assert(http_has_header(&h, "Content-Disposition", "attachment; "
	    "filename=\"statement.docx\"; filename*=UTF-8''%E6%83%85%E5%86%B5"
	    "%E8%AF%B4%E6%98%8E%E4%B9%A6.docx"));
	ck_assert_int_eq(header_count(&h, "X-Content-Type-Options"), 1);
	ck_assert(h.body_len > 1000 && memcmp(h.body, "PK\x03\x04", 4) == 0);
	save_body(&h, "lost.docx");
	http_free(&h);
	if (strcmp(date1, date2) != 0)		/* midnight passed */
		memcpy(date1, date2, sizeof(date1));
	check_docx("lost.docx", want, sizeof(want) / sizeof(want[0]));

	/* LibreOffice opens it, where it is installed. */
	if (stack_sh(&st, "command -v libreoffice >/dev/null || command -v "
	    "soffice >/dev/null") != 0)
		fprintf(stderr, "check_reissue: LibreOffice not installed; "
		    "skipping the .docx to PDF conversion (unzip and xmllint "
		    "checked the package)\n");
	else {
		ck_assert_int_eq(stack_sh(&st, "cd " T " && mkdir -p lo && "
		    "HOME=\"$STACK_DIR/t/lo\" timeout 180 \"$(command -v "
		    "libreoffice || command -v soffice)\" --headless "
		    "--convert-to pdf --outdir lo lost.docx >&2 && "
		    "test -s lo/lost.pdf && head -c 5 lo/lost.pdf | "
		    "grep -q '%%PDF-'"), 0);
	}

	/* 生成情况说明书 on the form: the draft keeps 其他 and its text, and
	 * the browser is sent to the download. */
	step2(C_A_ADMIN, id, "-F reason=other -F 'reason_text=CA锁被水浸泡"
	    "<无法识别>' -F action=statement", NULL, NULL, 303, &h);
	snprintf(loc, sizeof(loc), "/reissue/statement.docx?cert=%lld&"
	    "reason=other", id);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	get(C_A_ADMIN, loc, 200, &h);
	ck_assert(memcmp(h.body, "PK\x03\x04", 4) == 0);
	save_body(&h, "other.docx");
	http_free(&h);
	{
		const char *other[] = {
		    "其他原因：CA锁被水浸泡&lt;无法识别&gt;", NAME_A };

		check_docx("other.docx", other, 2);
	}
	/* Without a reason in the link, the draft's is used. */
	getf(C_A_ADMIN, 200, &h, "/reissue/statement.docx?cert=%lld", id);
	save_body(&h, "draft.docx");
	http_free(&h);
	{
		const char *other[] = { "CA锁被水浸泡" };

		check_docx("draft.docx", other, 1);
	}

	/* A project lead's and a personal certificate's statements. */
	getf(C_A_LEAD, 200, &h, "/reissue/statement.docx?cert=%lld&reason="
	    "damaged", cert_by_key("FT2022050017"));
	save_body(&h, "lead.docx");
	http_free(&h);
	{
		const char *lead[] = { "李演示", NAME_A, "FT2022050017",
		    "项目负责人锁", "证书损坏" };

		check_docx("lead.docx", lead, 5);
	}
	getf(C_PERSONAL, 200, &h, "/reissue/statement.docx?cert=%lld&reason="
	    "lost", cert_by_key("JK2024090412"));
	save_body(&h, "personal.docx");
	http_free(&h);
	{
		const char *pers[] = { "孙演示", "JK2024090412", "本人",
		    "申请人（签字）" };

		check_docx("personal.docx", pers, 4);
	}
}
END_TEST

/* ---- uploads ---------------------------------------------------------- */

/*
 * A scan of several megabytes comes back byte for byte: the worker sends
 * a large reply as many FastCGI records, written in batches straight to
 * nginx (fcgi/worker.c, write_records).
 */
START_TEST(test_a_large_scan_comes_back_whole)
{
	const size_t	 head = 9, big = 3 * 1024 * 1024 + 12345;
	struct http	 h;
	long long	 id = cert_by_key("FT2022050017"), up;
	char		 path[128], *pdf;
	size_t		 i, n, len;

	/* sample_pdf with a long comment after "%PDF-1.4\n": every line
	 * different, so a record out of place shows. */
	len = big + sizeof(sample_pdf) - 1;
	ck_assert_ptr_nonnull(pdf = malloc(len + 64));
	memcpy(pdf, sample_pdf, head);
	for (i = head, n = 0; i < head + big; n++) {
		char	 line[64];
		int	 k = snprintf(line, sizeof(line), "%% line %zu\n", n);

		if ((size_t)k > head + big - i)
			k = (int)(head + big - i);
		memcpy(pdf + i, line, (size_t)k);
		i += (size_t)k;
	}
	memcpy(pdf + head + big, sample_pdf + head, sizeof(sample_pdf) - 1 -
	    head);
	len = big + sizeof(sample_pdf) - 1;
	write_file("big.pdf", pdf, len);
	step2(C_A_LEAD, id, "-F reason=damaged -F action=upload", "big.pdf",
	    "big.pdf", 303, &h);
	http_free(&h);
	up = sql_int("SELECT max(id) FROM upload");
	ck_assert_int_eq(sql_int("SELECT size FROM upload WHERE id = %lld",
	    up), (long long)len);
	snprintf(path, sizeof(path), "/uploads/view?id=%lld", up);
	get(C_A_LEAD, path, 200, &h);
	ck_assert_uint_eq(h.body_len, len);
	ck_assert(memcmp(h.body, pdf, len) == 0);
	http_free(&h);
	free(pdf);
}
END_TEST


START_TEST(test_png_jpeg_and_pdf_are_accepted_and_viewable_by_owner)
{
	static const struct {
		const char	*file, *sent_as, *type, *ext;
		const unsigned char *data;
		size_t		 len;
	} ok[] = {
		{ "s.png", "盖章说明.png", "image/png", "png", sample_png,
		    sizeof(sample_png) },
		/* A JPEG named .png is a JPEG: the content decides. */
		{ "s.jpg", "scan.png", "image/jpeg", "jpg", sample_jpeg,
		    sizeof(sample_jpeg) },
		{ "s.pdf", "statement.pdf", "application/pdf", "pdf",
		    (const unsigned char *)sample_pdf, sizeof(sample_pdf) - 1 },
	};
	struct http	 h;
	long long	 id = cert_by_key("FT2022050017"), up;
	char		 loc[128], path[128], hex[65], mode[16], want[256];
	char		 file[PATH_MAX + 32];
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		step2(C_A_LEAD, id, "-F reason=damaged -F action=upload",
		    ok[i].file, ok[i].sent_as, 303, &h);
		snprintf(loc, sizeof(loc), "/reissue/step2?cert=%lld&notice="
		    "uploaded", id);
		ck_assert(http_location_is(&h, loc));
		http_free(&h);
		up = sql_int("SELECT max(id) FROM upload");
		ck_assert_int_eq(sql_int("SELECT count(*) FROM upload WHERE"
		    " id = %lld AND ctype = '%s' AND size = %zu AND person_id ="
		    " (SELECT id FROM person WHERE mobile = '13900000002')",
		    up, ok[i].type, ok[i].len), 1);
		ck_assert_int_eq(sql_int("SELECT upload_id FROM reissue_draft"
		    " WHERE cert_id = %lld", id), up);

		/* The page shows it, with the reason kept. */
		get(C_A_LEAD, loc, 200, &h);
		ck_assert(http_has(&h, "情况说明书已上传"));
		snprintf(path, sizeof(path), "/uploads/view?id=%lld", up);
		ck_assert(http_has(&h, path));
		ck_assert(http_has(&h, "value=\"damaged\" "
		    "required=\"required\" checked"));
		http_free(&h);

		/* The owner sees the same bytes, with its real type. */
		get(C_A_LEAD, path, 200, &h);
		snprintf(want, sizeof(want), "%s", ok[i].type);
		ck_assert(http_has_header(&h, "Content-Type", want));
		snprintf(want, sizeof(want), "inline; filename=\"statement-%lld"
		    ".%s\"; filename*=UTF-8''", up, ok[i].ext);
		ck_assert(http_has_header(&h, "Content-Disposition", want));
		ck_assert_int_eq(header_count(&h, "X-Content-Type-Options"),
		    1);
		ck_assert(http_has_header(&h, "X-Content-Type-Options",
		    "nosniff"));
		/* Whatever the file is, it runs nothing as this site. */
		ck_assert(http_has_header(&h, "Content-Security-Policy",
		    "sandbox"));
		ck_assert_uint_eq(h.body_len, ok[i].len);
		ck_assert(memcmp(h.body, ok[i].data, ok[i].len) == 0);
		http_free(&h);
		/* The company's administrator too; nobody else. */
		get(C_A_ADMIN, path, 200, &h);
		ck_assert(http_has_header(&h, "Content-Security-Policy",
		    "sandbox"));
		ck_assert(http_has_header(&h, "X-Content-Type-Options",
		    "nosniff"));
		http_free(&h);
		get(C_B_ADMIN, path, 404, &h);
		http_free(&h);
		get(C_PERSONAL, path, 404, &h);
		http_free(&h);

		/* Stored by content hash, private, outside the web root. */
		sql_str(hex, sizeof(hex), "SELECT sha256 FROM upload WHERE id ="
		    " %lld", up);
		ck_assert_int_eq(stack_sh(&st, "cd \"$STACK_DIR/uploads\" && "
		    "echo '%s  %s' | sha256sum -c --quiet - >&2", hex, hex), 0);
		ck_assert_int_eq(stack_sh(&st, "stat -c %%a \"$STACK_DIR/"
		    "uploads/%s\" > " T "/mode.out", hex), 0);
		snprintf(file, sizeof(file), "%s/t/mode.out", st.dir);
		{
			char *m = stack_slurp(file, NULL);

			ck_assert_ptr_nonnull(m);
			snprintf(mode, sizeof(mode), "%s", m);
			free(m);
		}
		ck_assert_str_eq(mode, "600\n");
	}
	/* The display name keeps the sent name with the real extension. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload WHERE filename ="
	    " '盖章说明.png'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload WHERE filename ="
	    " 'scan.jpg' AND ctype = 'image/jpeg'"), 1);
	ck_assert_int_eq(stack_sh(&st, "test \"$(stat -c %%a "
	    "\"$STACK_DIR/uploads\")\" = 700"), 0);
	/* Not a static path nginx would serve. */
	sql_str(hex, sizeof(hex), "SELECT sha256 FROM upload ORDER BY id"
	    " LIMIT 1");
	snprintf(path, sizeof(path), "/uploads/%s", hex);
	get(C_A_LEAD, path, 404, &h);
	http_free(&h);
	get(C_A_LEAD, "/uploads/view?id=abc", 404, &h);
	http_free(&h);
	get(C_A_LEAD, "/uploads/view?id=99999", 404, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_bad_files_are_refused_with_the_reason_kept)
{
	static const char txt[] = "这是一个文本文件，只是改名为 .png。\n";
	static const struct {
		const char	*file, *sent_as, *message;
	} bad[] = {
		{ "fake.png", "fake.png", "文件格式不正确" },
		{ "empty.pdf", "empty.pdf", "空文件" },
		{ "big.png", "big.png", "超过10MB" },
		{ "over.png", "over.png", "超过10MB" },
	};
	struct http	 h;
	long long	 id = cert_by_key("JK2023070126");
	long long	 ups = sql_int("SELECT count(*) FROM upload");
	int		 files = stored_files();
	size_t		 i;

	write_file("fake.png", txt, sizeof(txt) - 1);
	write_file("empty.pdf", "", 0);
	/* 11 MB: past the 10 MB limit, within nginx's 11m body. */
	ck_assert_int_eq(stack_sh(&st, "head -c 11000000 /dev/zero > " T
	    "/big.png"), 0);
	/* A real PNG one byte over 10 MiB. */
	write_big_png("over.png", 10 * MIB + 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		step2(C_A_ADMIN, id, "-F reason=other -F 'reason_text=锁芯断裂"
		    "无法读取' -F action=upload", bad[i].file, bad[i].sent_as,
		    200, &h);
		ck_assert_msg(http_has(&h, bad[i].message), "%s: no \"%s\"",
		    bad[i].file, bad[i].message);
		ck_assert(http_has(&h, "class=\"alert alert-error\""));
		/* What was entered is still there. */
		ck_assert(http_has(&h, "value=\"锁芯断裂无法读取\""));
		ck_assert(http_has(&h, "value=\"other\" required=\"required\" "
		    "checked"));
		ck_assert(http_has(&h, "补办类型及信息"));
		http_free(&h);
	}
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload"), ups);
	ck_assert_int_eq(stored_files(), files);
	/* 上传 with no file chosen. */
	step2(C_A_ADMIN, id, "-F reason=lost -F action=upload", NULL, NULL,
	    200, &h);
	ck_assert(http_has(&h, "请选择要上传的情况说明书文件"));
	http_free(&h);

	/* Exactly 10 MiB is accepted. */
	write_big_png("max.png", 10 * MIB);
	step2(C_A_ADMIN, id, "-F reason=lost -F action=upload", "max.png",
	    "max.png", 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT size FROM upload ORDER BY id DESC"
	    " LIMIT 1"), 10 * MIB);
	ck_assert_int_eq(stored_files(), files + 1);
}
END_TEST

/*
 * PDFs that can act (JavaScript run on opening, a hex-escaped name, a
 * launch, an attachment) and images declaring over 50 megapixels are
 * refused with the reason, and nothing is stored: no row, no file.
 */
START_TEST(test_active_pdfs_and_huge_images_are_refused)
{
	static const char js_pdf[] = "%PDF-1.4\n"
	    "1 0 obj\n<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>\nendobj\n"
	    "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
	    "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>\n"
	    "endobj\n"
	    "4 0 obj\n<</S/JavaScript/JS(app.alert\\(1\\))>>\nendobj\n"
	    "trailer\n<</Size 5/Root 1 0 R>>\n%%EOF\n";
	static const char hex_pdf[] = "%PDF-1.4\n"
	    "1 0 obj\n<</Type/Catalog/Pages 2 0 R/OpenAction<</S/J#61vaScript"
	    "/J#53(1)>>>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n";
	static const char launch_pdf[] = "%PDF-1.4\n"
	    "1 0 obj\n<</Type/Catalog/Names<</EmbeddedFiles 5 0 R>>"
	    "/OpenAction<</S/Launch/F(cmd.exe)>>>>\nendobj\n"
	    "trailer\n<</Root 1 0 R>>\n%%EOF\n";
	static const struct {
		const char	*file, *message;
	} bad[] = {
		{ "js.pdf", "PDF文件含有脚本(JavaScript)" },
		{ "hex.pdf", "PDF文件含有脚本(JavaScript)" },
		{ "launch.pdf", "PDF文件含有脚本(JavaScript)" },
		{ "huge.png", "图片尺寸过大(超过5000万像素)" },
	};
	unsigned char	 png[sizeof(sample_png)];
	uint32_t	 crc;
	struct http	 h;
	long long	 id = cert_by_key("JK2023070126");
	long long	 ups = sql_int("SELECT count(*) FROM upload");
	int		 files = stored_files(), k;
	size_t		 i;

	write_file("js.pdf", js_pdf, sizeof(js_pdf) - 1);
	write_file("hex.pdf", hex_pdf, sizeof(hex_pdf) - 1);
	write_file("launch.pdf", launch_pdf, sizeof(launch_pdf) - 1);
	/* The sample PNG declaring 20000 x 20000, IHDR's CRC made right. */
	memcpy(png, sample_png, sizeof(png));
	for (k = 0; k < 4; k++)
		png[16 + k] = png[20 + k] = (unsigned char)(20000u >>
		    (24 - 8 * k));
	crc = crc32_of(png + 12, 17, 0);
	for (k = 0; k < 4; k++)
		png[29 + k] = (unsigned char)(crc >> (24 - 8 * k));
	write_file("huge.png", png, sizeof(png));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		step2(C_A_ADMIN, id, "-F reason=lost -F action=upload",
		    bad[i].file, bad[i].file, 200, &h);
		ck_assert_msg(http_has(&h, bad[i].message), "%s: no \"%s\"",
		    bad[i].file, bad[i].message);
		ck_assert(http_has(&h, "class=\"alert alert-error\""));
		ck_assert(http_has(&h, "value=\"lost\" required=\"required\" "
		    "checked"));
		http_free(&h);
	}
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload"), ups);
	ck_assert_int_eq(stored_files(), files);
}
END_TEST

START_TEST(test_next_needs_reason_and_statement_then_goes_to_confirm)
{
	struct http	 h;
	long long	 id = cert_by_key("FT2023020045");
	char		 loc[128];

	/* A reason but no statement yet. */
	step2(C_A_ADMIN, id, "-F reason=lost -F action=next", NULL, NULL, 200,
	    &h);
	ck_assert(http_has(&h, "请先上传加盖公章的情况说明书"));
	ck_assert(http_has(&h, "value=\"lost\" required=\"required\" "
	    "checked"));
	http_free(&h);
	/* The file chosen and 下一步 at once: stored, then on. */
	step2(C_A_ADMIN, id, "-F reason=lost -F action=next", "s.pdf",
	    "说明.pdf", 303, &h);
	snprintf(loc, sizeof(loc), "/reissue/confirm?cert=%lld", id);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft d JOIN"
	    " upload u ON u.id = d.upload_id WHERE d.cert_id = %lld AND"
	    " d.reason = 'lost' AND u.ctype = 'application/pdf'", id), 1);
	/* Back on step 2 later: everything is still there; 下一步 alone
	 * is enough now. */
	getf(C_A_ADMIN, 200, &h, "/reissue/step2?cert=%lld", id);
	ck_assert(http_has(&h, "value=\"lost\" required=\"required\" "
	    "checked"));
	ck_assert(http_has(&h, "说明.pdf"));
	ck_assert(http_has(&h, "已上传"));
	http_free(&h);
	step2(C_A_ADMIN, id, "-F reason=damaged -F action=next", NULL, NULL,
	    303, &h);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld AND reason = 'damaged' AND upload_id IS NOT NULL",
	    id), 1);
	/* One draft per person and certificate, updated in place. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld", id), 1);
}
END_TEST

START_TEST(test_posts_without_csrf_change_nothing)
{
	struct http	 h;
	long long	 id = cert_by_key("WQ2024080519");
	long long	 ups = sql_int("SELECT count(*) FROM upload");
	char		 extra[PATH_MAX + 512];

	snprintf(extra, sizeof(extra), "-F 'cert=%lld' -F reason=lost "
	    "-F action=upload -F 'statement=@%s/t/s.png;filename=a.png'", id,
	    st.dir);
	as(C_A_ADMIN, "/reissue/step2", extra, 403, &h);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-F 'csrf=%064d' -F 'cert=%lld' "
	    "-F reason=lost -F action=upload -F 'statement=@%s/t/s.png;"
	    "filename=a.png'", 0, id, st.dir);
	as(C_A_ADMIN, "/reissue/step2", extra, 403, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM upload"), ups);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld", id), 0);
}
END_TEST

START_TEST(test_certificate_pages_link_the_wizard)
{
	struct http	 h;
	long long	 id = cert_by_key("JK2021030001");
	char		 want[128];

	snprintf(want, sizeof(want), "href=\"/reissue?cert=%lld\"", id);
	get(C_A_ADMIN, "/certs?q=JK2021030001", 200, &h);
	ck_assert(http_has(&h, want));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/certs/view?id=%lld", id);
	ck_assert(http_has(&h, want));
	http_free(&h);
}
END_TEST

/* ---- 订单确认 -------------------------------------------------------- */

/* The confirmation form's submit key (32 hex digits) into key. */
static void
submit_key_of(const struct http *h, char key[33])
{
	static const char	 tag[] = "name=\"submit_key\" value=\"";
	const char		*p = strstr(h->body, tag);
	size_t			 i;

	ck_assert_msg(p != NULL, "no submit key on the page");
	p += sizeof(tag) - 1;
	for (i = 0; i < 32; i++) {
		ck_assert(strchr("0123456789abcdef", p[i]) != NULL);
		key[i] = p[i];
	}
	key[32] = '\0';
	ck_assert(p[32] == '"');
}

/* POSTs 提交订单 for cert as client n with the key. */
static void
confirm_post(int n, long long cert, const char *key, int with_csrf,
    int status, struct http *h)
{
	char	 extra[512];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    with_csrf ? csrf[n] : "", cert, key);
	as(n, "/reissue/confirm", extra, status, h);
}

START_TEST(test_confirm_shows_the_order_and_submits_it_once)
{
	struct http	 h;
	long long	 id = cert_by_key("FT2023100059");
	char		 loc[128], holder[128], until[32], key[33], key2[33];

	sql_str(holder, sizeof(holder), "SELECT p.name FROM person p JOIN"
	    " cert c ON c.holder_id = p.id WHERE c.id = %lld", id);
	shanghai_date(until, sizeof(until), sql_int("SELECT not_after FROM"
	    " cert WHERE id = %lld", id));
	step2(C_A_ADMIN, id, "-F reason=other -F 'reason_text=锁芯断裂无法"
	    "读取' -F action=next", "s.png", "盖章.png", 303, &h);
	snprintf(loc, sizeof(loc), "/reissue/confirm?cert=%lld", id);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);

	getf(C_A_ADMIN, 200, &h, "/reissue/confirm?cert=%lld", id);
	ck_assert(http_has(&h, "订单确认"));
	demo_assert_steps(&h, 3);
	ck_assert(http_has(&h, "商品信息"));
	ck_assert(http_has(&h, "CA补办"));
	ck_assert(http_has(&h, "×1 (数量)"));
	ck_assert(http_has(&h, "50.00元"));
	ck_assert(http_has(&h, "CA补办详情"));
	ck_assert(http_has(&h, "持锁人"));
	ck_assert(http_has(&h, holder));
	ck_assert(http_has(&h, "证书有效期至"));
	ck_assert(http_has(&h, until));
	ck_assert(http_has(&h, "锁类型"));
	ck_assert(http_has(&h, "项目负责人锁"));
	ck_assert(http_has(&h, "补办原因"));
	ck_assert(http_has(&h, "其他：锁芯断裂无法读取"));
	ck_assert(http_has(&h, "关联平台"));
	ck_assert_int_eq(count(&h, "<span class=\"tag\">"),
	    (int)sql_int("SELECT count(*) FROM cert_platform WHERE cert_id ="
	    " %lld", id));
	ck_assert(http_has(&h, "应付金额"));
	ck_assert(http_has(&h, ">提交订单<"));
	ck_assert(http_has(&h, "action=\"/reissue/confirm\""));
	ck_assert(http_has(&h, "name=\"csrf\""));
	submit_key_of(&h, key);
	http_free(&h);
	/* The key is made once per draft. */
	getf(C_A_ADMIN, 200, &h, "/reissue/confirm?cert=%lld", id);
	submit_key_of(&h, key2);
	ck_assert_str_eq(key, key2);
	http_free(&h);

	/* Without the csrf token: nothing. */
	confirm_post(C_A_ADMIN, id, key, 0, 403, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld", id), 0);

	/* Submitted twice (a double click): one order, and both times on
	 * to its payment page. */
	confirm_post(C_A_ADMIN, id, key, 1, 303, &h);
	snprintf(loc, sizeof(loc), "/orders/pay?id=%lld", sql_int("SELECT id"
	    " FROM orders WHERE cert_id = %lld", id));
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	confirm_post(C_A_ADMIN, id, key, 1, 303, &h);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld AND submit_key = '%s' AND kind = 'ca_reissue' AND"
	    " reason = 'other' AND reason_text = '锁芯断裂无法读取' AND"
	    " amount_fen = 5000 AND quantity = 1 AND pay_state = 'unpaid' AND"
	    " statement_upload_id = (SELECT id FROM upload WHERE filename ="
	    " '盖章.png' ORDER BY id DESC LIMIT 1)", id, key), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event e JOIN"
	    " orders o ON o.id = e.order_id WHERE o.cert_id = %lld", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.create' AND detail LIKE '%%certificate %lld,%%'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM reissue_draft WHERE"
	    " cert_id = %lld", id), 0);
	get(C_A_ADMIN, "/certs?notice=ordered", 200, &h);
	ck_assert(http_has(&h, "补办订单已提交"));
	http_free(&h);
	/* CA管理 shows it as 补办中, without the wizard's link. */
	snprintf(loc, sizeof(loc), "href=\"/reissue?cert=%lld\"", id);
	get(C_A_ADMIN, "/certs?q=FT2023100059", 200, &h);
	ck_assert(http_has(&h, "badge-warning\">补办中</span>"));
	ck_assert(!http_has(&h, loc));
	http_free(&h);

	/* The certificate now has an open order: the wizard refuses. */
	getf(C_A_ADMIN, 409, &h, "/reissue?cert=%lld", id);
	ck_assert(http_has(&h, "该证书已有未完成的补办订单"));
	http_free(&h);
	getf(C_A_ADMIN, 409, &h, "/reissue/confirm?cert=%lld", id);
	ck_assert(http_has(&h, "该证书已有未完成的补办订单"));
	ck_assert(!http_has(&h, ">提交订单<"));
	http_free(&h);
	/* A new key for it is refused too. */
	confirm_post(C_A_ADMIN, id, "0123456789abcdef0123456789abcdef", 1,
	    409, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld", id), 1);
}
END_TEST

START_TEST(test_confirm_needs_a_complete_draft)
{
	struct http	 h;
	long long	 id = cert_by_key("WQ2024010427");
	char		 loc[128];

	snprintf(loc, sizeof(loc), "/reissue/step2?cert=%lld", id);
	/* No draft at all. */
	getf(C_A_ADMIN, 303, &h, "/reissue/confirm?cert=%lld", id);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	/* A reason but no statement. */
	step2(C_A_ADMIN, id, "-F reason=lost -F action=next", NULL, NULL, 200,
	    &h);
	http_free(&h);
	getf(C_A_ADMIN, 303, &h, "/reissue/confirm?cert=%lld", id);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	confirm_post(C_A_ADMIN, id, "0123456789abcdef0123456789abcdef", 1,
	    303, &h);
	ck_assert(http_location_is(&h, loc));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE cert_id ="
	    " %lld", id), 0);
}
END_TEST

START_TEST(test_confirm_of_other_peoples_certificates_is_not_found)
{
	struct http	 h;
	long long	 admin_a = cert_by_key("JK2021030001");
	long long	 n = sql_int("SELECT count(*) FROM orders");

	getf(C_B_ADMIN, 404, &h, "/reissue/confirm?cert=%lld", admin_a);
	http_free(&h);
	getf(C_A_LEAD, 404, &h, "/reissue/confirm?cert=%lld", admin_a);
	http_free(&h);
	confirm_post(C_B_ADMIN, admin_a, "0123456789abcdef0123456789abcdef",
	    1, 404, &h);
	http_free(&h);
	get(C_A_ADMIN, "/reissue/confirm?cert=987654", 404, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders"), n);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("reissue");
	TCase	*tc = tcase_create("wizard");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_anonymous_visitors_go_to_login);
	tcase_add_test(tc, test_step1_shows_every_field_and_the_warning);
	tcase_add_test(tc, test_revoked_expired_and_reissuing_cannot_start);
	tcase_add_test(tc, test_an_open_order_blocks_a_second_reissue);
	tcase_add_test(tc, test_other_peoples_certificates_are_not_found);
	tcase_add_test(tc, test_step2_form_matches_figure_3);
	tcase_add_test(tc, test_step2_requires_a_reason);
	tcase_add_test(tc, test_statement_docx_is_a_real_document);
	tcase_add_test(tc,
	    test_png_jpeg_and_pdf_are_accepted_and_viewable_by_owner);
	tcase_add_test(tc, test_a_large_scan_comes_back_whole);
	tcase_add_test(tc, test_bad_files_are_refused_with_the_reason_kept);
	tcase_add_test(tc, test_active_pdfs_and_huge_images_are_refused);
	tcase_add_test(tc,
	    test_next_needs_reason_and_statement_then_goes_to_confirm);
	tcase_add_test(tc, test_posts_without_csrf_change_nothing);
	tcase_add_test(tc, test_certificate_pages_link_the_wizard);
	tcase_add_test(tc, test_confirm_shows_the_order_and_submits_it_once);
	tcase_add_test(tc, test_confirm_needs_a_complete_draft);
	tcase_add_test(tc,
	    test_confirm_of_other_peoples_certificates_is_not_found);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
