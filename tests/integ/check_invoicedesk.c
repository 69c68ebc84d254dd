/*
 * check_invoicedesk.c: integration tests of the invoice desk (开票,
 * fcgi/opsinvoice.c) and of what the applicant then gets in 发票管理,
 * through real nginx (TLS client certificates), workers, sandbox gateway
 * and signing daemon.
 *
 * Orders with an invoice request are made as applicants make them (the
 * CA补办 wizard, the payment page with 开具发票, the sandbox cashier);
 * operators log in with their demo client certificates (CA登录).  What
 * the desk did is checked from the outside: the applicant's pages and
 * download, and the app database through its CLI (STACK_SQL).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/demo.h"
#include "tests/integ/stack.h"
#include "tests/samples.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define NAME_A		"辽宁演示建设工程有限公司"
#define USCC_A		DEMO_USCC_A

#define OP_SY		"13900000101"	/* 钱办理, 沈阳办理点 */
#define OP_SY2		"13900000102"	/* 周复核, 沈阳办理点 */
#define OP_DL		"13900000103"	/* 吴办理, 大连办理点 */

/* 发票 fields of the payment page, and 领取方式. */
#define TITLE_A		"title=" NAME_A "&tax_id=" USCC_A
#define E_ONSITE	"invoice=yes&invoice_kind=e_normal&" TITLE_A \
			"&address=&phone=&bank=&bank_account=&" \
			"method=onsite&office=shenyang&ship_address="
#define PAPER_MAIL	"invoice=yes&invoice_kind=paper_special&" TITLE_A \
			"&address=沈阳市和平区南京北街1号&phone=024-23456789" \
			"&bank=中国银行沈阳和平支行&bank_account=" \
			"6217000012345678&method=mail&ship_address=" \
			"辽宁省沈阳市和平区南京北街1号"

/* Another clean PDF (one more comment line), and one that runs script. */
#define OTHER_PDF	"%PDF-1.4\n%another\n1 0 obj\n<</Type/Catalog" \
			"/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages" \
			"/Kids[]/Count 0>>\nendobj\ntrailer\n<</Root 1 0 R>>" \
			"\n%%EOF\n"
#define JS_PDF		"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R" \
			"/OpenAction 4 0 R>>\nendobj\n2 0 obj\n<</Type/Pages" \
			"/Kids[]/Count 0>>\nendobj\n4 0 obj\n<</S/JavaScript" \
			"/JS(app.alert\\(1\\))>>\nendobj\ntrailer\n<</Root 1" \
			" 0 R>>\n%%EOF\n"

enum client {
	C_A_ADMIN,	/* 13900000001 张演示, 管理员 of A (password) */
	C_B_ADMIN,	/* 13900000003 王演示, 管理员 of B (password) */
	C_OP_PW,	/* 钱办理 with his password, as 个人 */
	C_OP_SY,	/* 钱办理 by CA登录 */
	C_OP_SY2,	/* 周复核 by CA登录 */
	C_OP_DL,	/* 吴办理 by CA登录 */
	C__MAX
};

static struct stack	 st;
static char		 csrf[C__MAX][65];
static int		 landed_on_ops[C__MAX];	/* CA登录 sent to /ops */

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* Client n (< 0: anonymous) asks for path with extra curl words. */
static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	char	 args[16384];

	if (n >= 0)
		snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T
		    "/jar-%d -b " T "/jar-%d %s", 90 + n, n, n,
		    extra != NULL ? extra : "");
	else
		snprintf(args, sizeof(args), "--interface 127.0.0.99 %s",
		    extra != NULL ? extra : "");
	ck_assert_int_eq(stack_curl(&st, path, args, h), 0);
	if (status != 0)
		ck_assert_msg(h->status == status, "%s: HTTP %d, wanted %d",
		    path, h->status, status);
}

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
	as(n, path, NULL, status, h);
}

/* POSTs path as client n with the form words (csrf and id added). */
static void
post(int n, const char *path, long long id, const char *more, int status,
    struct http *h)
{
	char	 extra[4096];

	snprintf(extra, sizeof(extra), "--data-urlencode 'csrf=%s' "
	    "--data-urlencode 'id=%lld' %s", csrf[n], id,
	    more != NULL ? more : "");
	as(n, path, extra, status, h);
}

/* ---- orders, made as an applicant makes them -------------------------- */

/* A valid certificate of company A that has never had an order. */
static long long
fresh_cert(void)
{
	return sql_int("SELECT c.id FROM cert c JOIN company co ON co.id ="
	    " c.company_id WHERE co.uscc = '" USCC_A "' AND c.status ="
	    " 'valid' AND c.not_after > %lld AND NOT EXISTS"
	    " (SELECT 1 FROM orders o WHERE o.cert_id = c.id) ORDER BY c.id"
	    " LIMIT 1", (long long)time(NULL));
}

/*
 * Walks the wizard for cert as client n (reason lost or damaged, the
 * stamped PNG) up to 提交订单 and returns the new order's id.
 */
static long long
order_for(int n, long long cert, const char *reason)
{
	struct http	 h;
	char		 extra[PATH_MAX + 512], key[33];
	const char	*p;

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=%s -F 'statement=@%s/t/s.png;filename=盖章.png'",
	    csrf[n], cert, reason, st.dir);
	as(n, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	getf(n, 200, &h, "/reissue/confirm?cert=%lld", cert);
	ck_assert_ptr_nonnull(p = strstr(h.body,
	    "name=\"submit_key\" value=\""));
	p += strlen("name=\"submit_key\" value=\"");
	memcpy(key, p, 32);
	key[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf[n], cert, key);
	as(n, "/reissue/confirm", extra, 303, &h);
	http_free(&h);
	return sql_int("SELECT id FROM orders WHERE cert_id = %lld", cert);
}

/*
 * 立即支付 for order id with the invoice and 领取方式 fields how (E_ONSITE,
 * PAPER_MAIL): returns the cashier path in cashier.
 */
static void
checkout(int n, long long id, const char *how, char *cashier, size_t sz)
{
	struct http	 h;
	char		 extra[4096];
	const char	*p;

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld&%s&"
	    "pay_method=online'", csrf[n], id, how);
	as(n, "/orders/pay", extra, 303, &h);
	ck_assert_ptr_nonnull(p = strstr(h.headers, "/sandbox/cashier?t="));
	snprintf(cashier, sz, "%.*s", 19 + 32, p);
	http_free(&h);
}

/* Waits up to 15 s for the order to be paid.  1 paid, 0 not. */
static int
wait_paid(long long id)
{
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 150; i++) {
		if (sql_int("SELECT count(*) FROM orders WHERE id = %lld AND"
		    " pay_state = 'paid'", id) == 1)
			return 1;
		nanosleep(&tenth, NULL);
	}
	return 0;
}

/* A new order of company A with the invoice and method how, paid
 * through the sandbox cashier. */
static long long
paid_order(const char *reason, const char *how)
{
	struct http	 h;
	char		 cashier[128], extra[256];
	long long	 id;

	id = order_for(C_A_ADMIN, fresh_cert(), reason);
	checkout(C_A_ADMIN, id, how, cashier, sizeof(cashier));
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'",
	    csrf[C_A_ADMIN], cashier + 19);
	as(C_A_ADMIN, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	ck_assert_msg(wait_paid(id), "order %lld: no notification", id);
	return id;
}

static long long
audits(void)
{
	return sql_int("SELECT count(*) FROM audit");
}


/* Writes the test file name under $STACK_DIR/t.  0 / -1. */
static int
write_file(const char *name, const void *data, size_t len)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;
	int	 rc;

	if (snprintf(path, sizeof(path), "%s/t/%s", st.dir, name) >=
	    (int)sizeof(path))
		return -1;
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* 上传并开具 as client n: the file t/name as the invoice PDF of id. */
static void
upload_pdf(int n, long long id, const char *name, int status,
    struct http *h)
{
	char	 extra[PATH_MAX + 256];

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'id=%lld' "
	    "-F 'pdf=@%s/t/%s;filename=发票.pdf'", csrf[n], id, st.dir, name);
	as(n, "/ops/invoice/electronic", extra, status, h);
}

/* 登记并开具 as client n: the paper invoice's two numbers. */
static void
paper(int n, long long id, const char *no, const char *track, int status,
    struct http *h)
{
	char	 more[256];

	snprintf(more, sizeof(more), "--data-urlencode 'invoice_no=%s' "
	    "--data-urlencode 'tracking_no=%s'", no, track);
	post(n, "/ops/invoice/paper", id, more, status, h);
}

static long long
uploads(void)
{
	return sql_int("SELECT count(*) FROM upload");
}

/* 1 if order id's invoice is still only requested, with nothing issued. */
static int
still_requested(long long id)
{
	return sql_int("SELECT count(*) FROM invoice WHERE order_id = %lld"
	    " AND state = 'requested' AND upload_id IS NULL AND invoice_no IS"
	    " NULL AND tracking_no IS NULL AND issued_at IS NULL", id) == 1;
}

/* ---- the tests --------------------------------------------------------- */

START_TEST(test_anonymous_visitors_go_to_login)
{
	static const char *const paths[] = { "/ops/invoices",
	    "/ops/invoice?id=1", "/invoices/file?id=1", NULL };
	struct http	 h;
	int		 i;

	for (i = 0; paths[i] != NULL; i++) {
		as(-1, paths[i], NULL, 303, &h);
		ck_assert(http_location_is(&h, "/login"));
		http_free(&h);
	}
	/* A POST without a session has no CSRF token: refused first. */
	as(-1, "/ops/invoice/paper", "-d 'id=1&invoice_no=12345678&"
	    "tracking_no=SF1234567890'", 403, &h);
	http_free(&h);
}
END_TEST

START_TEST(test_applicants_and_other_offices_are_refused)
{
	struct http	 h;
	long long	 id = paid_order("lost", PAPER_MAIL);
	long long	 au = audits();
	char		 path[64], no[40];
	int		 n;

	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	/* Applicants, and an operator logged in by password: 403. */
	for (n = C_A_ADMIN; n <= C_OP_PW; n++) {
		as(n, "/ops/invoices", NULL, 403, &h);
		ck_assert(!http_has(&h, no));
		http_free(&h);
		snprintf(path, sizeof(path), "/ops/invoice?id=%lld", id);
		as(n, path, NULL, 403, &h);
		http_free(&h);
		paper(n, id, "12345678", "SF1234567890", 403, &h);
		http_free(&h);
		upload_pdf(n, id, "good.pdf", 403, &h);
		http_free(&h);
	}
	/* 大连's operator: not in the queue, and 403 on the invoice. */
	as(C_OP_DL, "/ops/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, "发票队列"));
	ck_assert(!http_has(&h, no));
	http_free(&h);
	getf(C_OP_DL, 403, &h, "/ops/invoice?id=%lld", id);
	http_free(&h);
	paper(C_OP_DL, id, "12345678", "SF1234567890", 403, &h);
	http_free(&h);
	/* An order without an invoice request, or none at all: 404. */
	getf(C_OP_SY, 404, &h, "/ops/invoice?id=%lld", id + 100000);
	http_free(&h);
	getf(C_OP_SY, 404, &h, "/ops/invoice?id=x");
	http_free(&h);
	ck_assert(still_requested(id));
	ck_assert_int_eq(audits(), au);
}
END_TEST

START_TEST(test_electronic_invoice_from_queue_to_download)
{
	struct http	 h;
	long long	 id = paid_order("lost", E_ONSITE);
	long long	 op = sql_int("SELECT id FROM person WHERE mobile = '"
	    OP_SY "'");
	long long	 au = audits(), up = uploads();
	char		 no[40], want[160];

	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	/* The queue, reached from the operators' navigation. */
	as(C_OP_SY, "/ops", NULL, 200, &h);
	ck_assert(http_has(&h, "href=\"/ops/invoices\""));
	http_free(&h);
	as(C_OP_SY, "/ops/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, no));
	ck_assert(http_has(&h, NAME_A));
	ck_assert(http_has(&h, USCC_A));
	ck_assert(http_has(&h, "电子普票"));
	ck_assert(http_has(&h, "¥50.00"));
	ck_assert(http_has(&h, ">待开具<"));
	snprintf(want, sizeof(want), "href=\"/ops/invoice?id=%lld\"", id);
	ck_assert(http_has(&h, want));
	http_free(&h);
	getf(C_OP_SY, 200, &h, "/ops/invoice?id=%lld", id);
	ck_assert(http_has(&h, "action=\"/ops/invoice/electronic\""));
	ck_assert(http_has(&h, "上传并开具"));
	http_free(&h);

	/* Wrong files: said, nothing stored. */
	upload_pdf(C_OP_SY, id, "s.png", 400, &h);
	ck_assert(http_has(&h, "文件不是PDF"));
	http_free(&h);
	upload_pdf(C_OP_SY, id, "js.pdf", 400, &h);
	ck_assert(http_has(&h, "PDF含有脚本、启动动作或附件"));
	http_free(&h);
	upload_pdf(C_OP_SY, id, "empty.pdf", 400, &h);
	ck_assert(http_has(&h, "请选择发票PDF文件"));
	http_free(&h);
	/* The wrong kind of invoice. */
	paper(C_OP_SY, id, "12345678", "SF1234567890", 409, &h);
	ck_assert(http_has(&h, "申请人申请的不是这种发票"));
	http_free(&h);
	ck_assert(still_requested(id));
	ck_assert_int_eq(uploads(), up);
	ck_assert_int_eq(audits(), au);

	/* The PDF: 已开具, one upload, one audit record. */
	upload_pdf(C_OP_SY, id, "good.pdf", 303, &h);
	snprintf(want, sizeof(want), "/ops/invoice?id=%lld&notice=issued",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice i JOIN upload"
	    " u ON u.id = i.upload_id WHERE i.order_id = %lld AND i.state ="
	    " 'issued' AND i.issued_by = %lld AND u.ctype ="
	    " 'application/pdf'", id, op), 1);
	ck_assert_int_eq(uploads(), up + 1);
	ck_assert_int_eq(audits(), au + 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'invoice.issue' AND actor = 'operator:%lld' AND detail LIKE"
	    " '%s%%'", op, no), 1);
	getf(C_OP_SY, 200, &h, "/ops/invoice?id=%lld&notice=issued", id);
	ck_assert(http_has(&h, "已开具：申请人可在发票管理中看到"));
	ck_assert(!http_has(&h, "action=\"/ops/invoice/electronic\""));
	http_free(&h);

	/* The same PDF again changes nothing; another one is refused. */
	upload_pdf(C_OP_SY, id, "good.pdf", 303, &h);
	snprintf(want, sizeof(want), "/ops/invoice?id=%lld&notice=already",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	upload_pdf(C_OP_SY, id, "other.pdf", 409, &h);
	ck_assert(http_has(&h, "该发票已开具"));
	http_free(&h);
	ck_assert_int_eq(uploads(), up + 1);
	ck_assert_int_eq(audits(), au + 1);

	/* The applicant: 已开具 and the download, as an attachment. */
	as(C_A_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, ">已开具<"));
	snprintf(want, sizeof(want), "href=\"/invoices/file?id=%lld\"", id);
	ck_assert(http_has(&h, want));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, want));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/invoices/file?id=%lld", id);
	ck_assert(http_has_header(&h, "Content-Type", "application/pdf"));
	ck_assert(http_has_header(&h, "Content-Security-Policy", "sandbox"));
	ck_assert(http_has_header(&h, "X-Content-Type-Options", "nosniff"));
	snprintf(want, sizeof(want), "attachment; filename=\"fapiao-%s.pdf\"",
	    no);
	ck_assert(http_has_header(&h, "Content-Disposition", want));
	ck_assert_uint_eq(h.body_len, sizeof(sample_pdf) - 1);
	ck_assert(memcmp(h.body, sample_pdf, h.body_len) == 0);
	http_free(&h);
	/* Another company's administrator, and an order without a file. */
	getf(C_B_ADMIN, 404, &h, "/invoices/file?id=%lld", id);
	ck_assert(!http_has_header(&h, "Content-Type", "application/pdf"));
	http_free(&h);
	getf(C_A_ADMIN, 404, &h, "/invoices/file?id=%lld", id + 100000);
	http_free(&h);
}
END_TEST

START_TEST(test_paper_invoice_with_number_and_tracking)
{
	struct http	 h;
	long long	 id = paid_order("lost", PAPER_MAIL);
	long long	 au = audits();
	char		 no[40], want[128];

	sql_str(no, sizeof(no), "SELECT order_no FROM orders WHERE id = %lld",
	    id);
	/* 邮寄 orders belong to 沈阳办理点. */
	as(C_OP_SY, "/ops/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, no));
	ck_assert(http_has(&h, "纸质专票"));
	http_free(&h);
	getf(C_OP_SY, 200, &h, "/ops/invoice?id=%lld", id);
	ck_assert(http_has(&h, "action=\"/ops/invoice/paper\""));
	ck_assert(http_has(&h, "中国银行沈阳和平支行"));
	http_free(&h);

	/* Bad numbers: said beside the field, typed values kept. */
	paper(C_OP_SY, id, "1234", "SF1234567890", 400, &h);
	ck_assert(http_has(&h, "发票号码应为8位或20位数字"));
	ck_assert(http_has(&h, "value=\"1234\""));
	ck_assert(http_has(&h, "value=\"SF1234567890\""));
	http_free(&h);
	paper(C_OP_SY, id, "12345678", "SF-12", 400, &h);
	ck_assert(http_has(&h, "快递单号应为8至32位字母或数字"));
	http_free(&h);
	upload_pdf(C_OP_SY, id, "good.pdf", 409, &h);
	ck_assert(http_has(&h, "申请人申请的不是这种发票"));
	http_free(&h);
	ck_assert(still_requested(id));
	ck_assert_int_eq(audits(), au);

	/* Spaces ignored, letters upper-cased. */
	paper(C_OP_SY, id, "1234 5678", "sf 1234 5678 901", 303, &h);
	snprintf(want, sizeof(want), "/ops/invoice?id=%lld&notice=issued",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM invoice WHERE"
	    " order_id = %lld AND state = 'issued' AND invoice_no ="
	    " '12345678' AND tracking_no = 'SF12345678901' AND upload_id IS"
	    " NULL", id), 1);
	ck_assert_int_eq(audits(), au + 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'invoice.issue' AND detail LIKE '%s%%SF12345678901'", no), 1);

	/* The same numbers again: nothing; others: refused. */
	paper(C_OP_SY, id, "12345678", "SF12345678901", 303, &h);
	snprintf(want, sizeof(want), "/ops/invoice?id=%lld&notice=already",
	    id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	paper(C_OP_SY, id, "87654321", "SF12345678901", 409, &h);
	ck_assert(http_has(&h, "该发票已开具"));
	http_free(&h);
	ck_assert_int_eq(audits(), au + 1);

	/* The applicant sees both numbers, and no file to download. */
	as(C_A_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, "12345678"));
	ck_assert(http_has(&h, "SF12345678901"));
	http_free(&h);
	getf(C_A_ADMIN, 200, &h, "/orders/view?id=%lld", id);
	ck_assert(http_has(&h, "发票号码"));
	ck_assert(http_has(&h, "SF12345678901"));
	http_free(&h);
	getf(C_A_ADMIN, 404, &h, "/invoices/file?id=%lld", id);
	http_free(&h);
}
END_TEST

START_TEST(test_unpaid_order_is_refused)
{
	struct http	 h;
	long long	 id = order_for(C_A_ADMIN, fresh_cert(), "lost");
	long long	 au, up;
	char		 cashier[128];

	/* 立即支付 records the request; the cashier is never paid. */
	checkout(C_A_ADMIN, id, E_ONSITE, cashier, sizeof(cashier));
	ck_assert(still_requested(id));
	au = audits();
	up = uploads();
	as(C_OP_SY, "/ops/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, ">待支付<"));
	http_free(&h);
	upload_pdf(C_OP_SY, id, "good.pdf", 409, &h);
	ck_assert(http_has(&h, "订单尚未支付，不能开具发票"));
	http_free(&h);
	ck_assert(still_requested(id));
	ck_assert_int_eq(uploads(), up);
	ck_assert_int_eq(audits(), au);
}
END_TEST

START_TEST(test_refunded_order_is_refused)
{
	struct http	 h;
	long long	 id = paid_order("lost", PAPER_MAIL);
	long long	 au;

	/* 审核驳回 refunds the order. */
	post(C_OP_SY, "/ops/reject", id, "--data-urlencode "
	    "'reason=情况说明书不清晰'", 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND pay_state = 'refunded'", id), 1);
	au = audits();
	paper(C_OP_SY, id, "12345678", "SF1234567890", 409, &h);
	ck_assert(http_has(&h, "订单已退款，不能开具发票"));
	http_free(&h);
	ck_assert(still_requested(id));
	ck_assert_int_eq(audits(), au);
	/* The applicant sees it as cancelled. */
	as(C_A_ADMIN, "/invoices", NULL, 200, &h);
	ck_assert(http_has(&h, ">已取消<"));
	http_free(&h);
}
END_TEST

START_TEST(test_screenshots_in_chromium)
{
	char	 out[PATH_MAX + 32];

	if (stack_sh(&st, "command -v node >/dev/null && test -x "
	    "/usr/bin/chromium && test -d "
	    "\"$TOP/tests/browser/node_modules/playwright-core\"") != 0) {
		fprintf(stderr, "check_invoicedesk: screenshots skipped (needs "
		    "node, /usr/bin/chromium and `npm ci --prefix "
		    "tests/browser`)\n");
		return;
	}
	/* A 纸质专票 waiting first in the queue for the form's picture. */
	paid_order("lost", PAPER_MAIL);
	snprintf(out, sizeof(out), "%s/tests/out", st.top);
	ck_assert_int_eq(stack_sh(&st, "mkdir -p '%s' && SHOTS=invoicedesk "
	    "OPS_CERT=\"$STACK_DIR/demo-certs/" OP_SY "-1\" node "
	    "\"$TOP/tests/browser/shots.js\" https://127.0.0.1:$PORT '%s' "
	    ">&2", out, out), 0);
	ck_assert_int_eq(stack_sh(&st, "for f in ops-invoices ops-invoice; "
	    "do for w in 1280 390; do test -s '%s'/$f-$w.png || exit 1; done;"
	    " done", out), 0);
}
END_TEST

/* ---- fixture -------------------------------------------------------- */

/*
 * CA登录 of mobile as client n with its demo certificate: the session's
 * CSRF token goes to csrf[n], whether the login went on to /ops to
 * landed_on_ops[n].
 */
static int
ca_login(int n, const char *mobile)
{
	struct http	 h;
	char		 args[1024], tok[65];
	int		 rc = -1;

	memset(&h, 0, sizeof(h));
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", 90 + n, n, n);
	if (stack_curl(&st, "/login?tab=ca", args, &h) != 0 ||
	    http_csrf(&h, tok) == -1)
		goto out;
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d --cert " CERTS "/%s-1.crt --key " CERTS
	    "/%s-1.key -d 'csrf=%s&agree=1'", 90 + n, n, n, mobile, mobile,
	    tok);
	if (stack_curl(&st, "/login/ca", args, &h) != 0 || h.status != 303)
		goto out;
	landed_on_ops[n] = http_location_is(&h, "/ops");
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", 90 + n, n, n);
	if (stack_curl(&st, "/ops", args, &h) != 0 || h.status != 200 ||
	    http_csrf(&h, csrf[n]) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "CA登录 of %s failed (HTTP %d)\n", mobile,
		    h.status);
	http_free(&h);
	return rc;
}

static void
up(void)
{
	char	 path[PATH_MAX + 16];
	FILE	*f;

	if (demo_up(&st) != 0 ||
	    demo_login(&st, 90 + C_A_ADMIN, C_A_ADMIN, "13900000001", "admin",
	    DEMO_USCC_A, csrf[C_A_ADMIN]) == -1 ||
	    demo_login(&st, 90 + C_B_ADMIN, C_B_ADMIN, "13900000003", "admin",
	    DEMO_USCC_B, csrf[C_B_ADMIN]) == -1 ||
	    demo_login(&st, 90 + C_OP_PW, C_OP_PW, OP_SY, "personal", "",
	    csrf[C_OP_PW]) == -1 ||
	    ca_login(C_OP_SY, OP_SY) == -1 ||
	    ca_login(C_OP_SY2, OP_SY2) == -1 ||
	    ca_login(C_OP_DL, OP_DL) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/t/s.png", st.dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(sample_png, 1, sizeof(sample_png), f);
	fclose(f);
	if (write_file("good.pdf", sample_pdf, sizeof(sample_pdf) - 1) ==
	    -1 || write_file("other.pdf", OTHER_PDF, strlen(OTHER_PDF)) ==
	    -1 || write_file("js.pdf", JS_PDF, strlen(JS_PDF)) == -1 ||
	    write_file("empty.pdf", "", 0) == -1)
		goto fail;
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_invoicedesk: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("invoicedesk");
	TCase	*tc = tcase_create("invoicedesk");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_anonymous_visitors_go_to_login);
	tcase_add_test(tc, test_applicants_and_other_offices_are_refused);
	tcase_add_test(tc, test_electronic_invoice_from_queue_to_download);
	tcase_add_test(tc, test_paper_invoice_with_number_and_tracking);
	tcase_add_test(tc, test_unpaid_order_is_refused);
	tcase_add_test(tc, test_refunded_order_is_refused);
	tcase_add_test(tc, test_screenshots_in_chromium);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
