/*
 * check_opsissue.c: integration tests of 签发新证书 (fcgi/opsissue.c)
 * through real nginx, workers and signing daemon: an operator, logged
 * in with a client certificate (CA登录), approves a paid order through
 * /ops/approve and uploads the new key's CSR on the order page; the new
 * certificate is checked with openssl (chain, subject, notAfter, the old
 * one revoked on the CRL fetched from nginx's plain-HTTP /crl/), its
 * downloads parse, a retry issues nothing new, and the software
 * certificate option returns one zip whose PKCS#12 opens with the
 * password.  And the refusals: before approval, a bad signature, a
 * 1024-bit RSA key, the old certificate's key, garbage, an oversize
 * file, a second software certificate, an applicant and an operator of
 * the other office.  Dual control: a 单位(机构)主锁 is only issued once a
 * second operator of the office confirms (not the one who asked), by CSR
 * or as a software certificate made for the confirming operator.
 *
 * Orders reach 已支付/待审核 through the order module itself (fcgi/order.c
 * linked into this suite, order_paid() as /pay/notify calls it; the whole
 * payment journey is check_pay's); approval is the real route.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "fcgi/appdb.h"
#include "fcgi/order.h"
#include "tests/integ/demo.h"
#include "tests/integ/orderfix.h"
#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define CERTS		"\"$STACK_DIR/demo-certs\""
#define CACTL		"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""

#define MSG_FORMAT	"文件格式不正确"
#define MSG_SIGNATURE	"签名无效"
#define MSG_WEAK	"密钥强度不足"
#define MSG_SAME	"旧证书的密钥"
#define MSG_LARGE	"文件过大"
#define MSG_NOT_YET	"订单尚未审核通过"
#define MSG_ALREADY	"不能再次签发"
#define MSG_SOFT_ONCE	"软证书只能在签发时下载一次"
#define MSG_PW_MISMATCH	"两次输入的密码不一致"
#define MSG_PENDING_BY	"待复核：已由 钱办理 提交签发申请，需另一位操作员复核后签发"
#define MSG_SELF	"不能复核自己提交的签发申请"
#define MSG_PENDING	"该订单已有待复核的签发申请"
#define BTN_CONFIRM	"复核并签发"
#define BTN_WITHDRAW	"撤回签发申请"

enum client {
	C_APPLICANT,	/* 13900000001 张演示, 管理员 of A (password) */
	C_OP_SY,	/* 13900000101 钱办理, 沈阳 (certificate) */
	C_OP_DL,	/* 13900000103 吴办理, 大连 (certificate) */
	C_OP_SY2,	/* 13900000102 周复核, 沈阳 (certificate) */
	C__MAX
};

static struct stack	 st;
static struct appdb	*db;
static char		 csrf[C__MAX][65];

#define sql_int(...)		demo_sql_int(&st, __VA_ARGS__)
#define sql_str(out, sz, ...)	demo_sql_str(&st, (out), (sz), __VA_ARGS__)

/* The operators log in with their demo certificates (CA登录). */
static struct demo_certuser	 certuser[C__MAX] = {
	[C_OP_SY] = { 110 + C_OP_SY, C_OP_SY, "13900000101-1", "" },
	[C_OP_DL] = { 110 + C_OP_DL, C_OP_DL, "13900000103-1", "" },
	[C_OP_SY2] = { 110 + C_OP_SY2, C_OP_SY2, "13900000102-1", "" },
};

static void
as(int n, const char *path, const char *extra, int status, struct http *h)
{
	if (certuser[n].cert != NULL)
		demo_cert_as(&st, &certuser[n], path, extra, status, h);
	else
		demo_as(&st, 110 + n, n, path, extra, status, h);
}

/* CA登录 of client n; its CSRF token into csrf[n].  0 / -1. */
static int
ca_login(int n)
{
	if (demo_cert_login(&st, &certuser[n]) == -1)
		return -1;
	memcpy(csrf[n], certuser[n].csrf, sizeof(csrf[n]));
	return 0;
}

/* A paid (待审核) reissue order of the certificate key_serial of the
 * company uscc, bought by its administrator mobile, to be picked up at
 * the Shenyang office; reason lost. */
static long long
paid_order_of(const char *key_serial, const char *mobile, const char *uscc)
{
	return orderfix_paid(&st, db, key_serial, mobile, uscc, "shenyang");
}

/* paid_order_of() for company A, bought by its administrator. */
static long long
paid_order(const char *key_serial)
{
	return paid_order_of(key_serial, "13900000001", DEMO_USCC_A);
}

/* 审核通过 through the real route, as the Shenyang operator. */
static void
approve(long long id)
{
	struct http	 h;
	char		 extra[256];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld'", csrf[C_OP_SY],
	    id);
	as(C_OP_SY, "/ops/approve", extra, 303, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND review_state = 'approved' AND delivery_state ="
	    " 'awaiting_issue'", id), 1);
}

/* POST /ops/issue as client n with a CSR file (in t/) and more -F words. */
static void
issue_csr(int n, long long id, const char *file, const char *more,
    int status, struct http *h)
{
	char	 extra[1024];

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'id=%lld' "
	    "-F \"csr=@$STACK_DIR/t/%s;filename=%s\" %s", csrf[n], id, file,
	    file, more != NULL ? more : "");
	as(n, "/ops/issue", extra, status, h);
}

/* POST /ops/issue keygen=1 with the two passwords. */
static void
issue_soft(int n, long long id, const char *pw, const char *pw2, int status,
    struct http *h)
{
	char	 extra[1024];

	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'id=%lld' "
	    "-F keygen=1 -F 'password=%s' -F 'password2=%s'", csrf[n], id,
	    pw, pw2);
	as(n, "/ops/issue", extra, status, h);
}


/* Flips one byte of t/name at offset from the end. */
static void
flip(const char *name, size_t from_end)
{
	char	 path[PATH_MAX + 64], *b;
	size_t	 len;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	ck_assert_ptr_nonnull(b = stack_slurp(path, &len));
	ck_assert_uint_gt(len, from_end);
	b[len - from_end] ^= 0x5a;
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(b, 1, len, f), len);
	fclose(f);
	free(b);
}

/* A fresh P-256 CSR in t/name.csr (key t/name.key). */
static void
new_csr(const char *name)
{
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=new-usb-key 2>/dev/null", name, name), 0);
}

/* The serial of the order's old certificate, and its demo file base. */
static void
old_of(long long id, char *serial, size_t sz)
{
	sql_str(serial, sz, "SELECT c.serial_hex FROM cert c JOIN orders o ON"
	    " o.cert_id = c.id WHERE o.id = %lld", id);
	ck_assert_uint_ge(strlen(serial), 16);
}

/* The first line of t/name into buf (NULL if there is none). */
static char *
fgets_file(const char *name, char *buf, size_t sz)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;
	char	*r;

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	r = fgets(buf, (int)sz, f);
	fclose(f);
	if (r != NULL)
		buf[strcspn(buf, "\r\n")] = '\0';
	return r;
}


START_TEST(test_issuing_before_approval_is_refused)
{
	struct http	 h;
	long long	 id = paid_order("FT2023100059");

	new_csr("early");
	issue_csr(C_OP_SY, id, "early.csr", NULL, 409, &h);
	ck_assert(http_has(&h, MSG_NOT_YET));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND review_state = 'pending' AND delivery_state = 'none'", id),
	    1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = (SELECT cert_id FROM orders WHERE id = %lld)", id), 0);
}
END_TEST

START_TEST(test_bad_requests_are_refused_with_their_reason)
{
	struct http	 h;
	long long	 id = paid_order("FT2022080032");
	char		 old[41];

	approve(id);
	old_of(id, old, sizeof(old));
	/* A good CSR whose signature was altered (DER: last bytes). */
	new_csr("sig");
	ck_assert_int_eq(stack_sh(&st, "openssl req -in " T "/sig.csr "
	    "-outform DER -out " T "/sig.der"), 0);
	flip("sig.der", 3);
	issue_csr(C_OP_SY, id, "sig.der", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_SIGNATURE));
	ck_assert(http_has(&h, "签发新证书"));
	http_free(&h);
	/* RSA 1024. */
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey rsa:1024 "
	    "-nodes -keyout " T "/weak.key -out " T "/weak.csr -subj /CN=x "
	    "2>/dev/null"), 0);
	issue_csr(C_OP_SY, id, "weak.csr", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_WEAK));
	http_free(&h);
	/* The old certificate's own key. */
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -key " CERTS
	    "/13900000011-1.key -out " T "/same.csr -subj /CN=x"), 0);
	issue_csr(C_OP_SY, id, "same.csr", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_SAME));
	http_free(&h);
	/* Garbage, a PEM with bytes after it, and an oversize file. */
	ck_assert_int_eq(stack_sh(&st, "head -c 3000 /dev/urandom > " T
	    "/garbage.csr && cat " T "/sig.csr > " T "/trail.csr && echo "
	    "junk >> " T "/trail.csr && head -c 70000 /dev/zero | tr '\\0' A"
	    " > " T "/big.csr"), 0);
	issue_csr(C_OP_SY, id, "garbage.csr", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_FORMAT));
	http_free(&h);
	issue_csr(C_OP_SY, id, "trail.csr", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_FORMAT));
	http_free(&h);
	issue_csr(C_OP_SY, id, "big.csr", NULL, 400, &h);
	ck_assert(http_has(&h, MSG_LARGE));
	http_free(&h);
	/* Nothing was issued. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'awaiting_issue'", id), 1);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s > " T "/show.out && "
	    "! grep -q '^replaced by:' " T "/show.out", old), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = (SELECT cert_id FROM orders WHERE id = %lld)", id), 0);
}
END_TEST

START_TEST(test_a_good_csr_issues_the_replacement_once)
{
	struct http	 h;
	long long	 id = paid_order("WQ2022110208");
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	char		 old[41], new[41], path[128], a[512], b[512];
	int		 i, revoked = 0;

	approve(id);
	old_of(id, old, sizeof(old));
	new_csr("good");
	issue_csr(C_OP_SY, id, "good.csr", "-F key_serial=NEWKEY-0001", 303,
	    &h);
	snprintf(path, sizeof(path), "/ops/order?id=%lld&notice=issued", id);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'issued'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'issue' AND actor LIKE"
	    " 'operator:%%'", id), 1);
	sql_str(new, sizeof(new), "SELECT n.serial_hex FROM cert n JOIN orders"
	    " o ON n.replaces_id = o.cert_id WHERE o.id = %lld", id);
	ck_assert_uint_ge(strlen(new), 16);
	ck_assert_str_ne(new, old);
	/* The app database: new row valid, same holder and platforms; the
	 * old one revoked. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert n JOIN cert o ON"
	    " o.id = n.replaces_id WHERE n.serial_hex = '%s' AND n.status ="
	    " 'valid' AND o.status = 'revoked' AND n.holder_id = o.holder_id"
	    " AND n.company_id = o.company_id AND n.lock_type = o.lock_type"
	    " AND n.key_serial = 'NEWKEY-0001' AND (SELECT count(*) FROM"
	    " cert_platform WHERE cert_id = n.id) = (SELECT count(*) FROM"
	    " cert_platform WHERE cert_id = o.id)", new), 1);

	/* The order page shows it with its downloads. */
	snprintf(path, sizeof(path), "/ops/order?id=%lld", id);
	as(C_OP_SY, path, NULL, 200, &h);
	ck_assert(http_has(&h, new));
	ck_assert(http_has(&h, "fmt=chain"));
	http_free(&h);
	/* The applicant's CA管理 lists the new key. */
	as(C_APPLICANT, "/certs?q=NEWKEY-0001", NULL, 200, &h);
	ck_assert(http_has(&h, "NEWKEY-0001"));
	http_free(&h);

	/* Downloads: PEM, DER, chain; all parse. */
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=pem", id);
	as(C_OP_SY, path, NULL, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/x-pem-file"));
	ck_assert(http_has_header(&h, "Content-Disposition", "attachment"));
	ck_assert(strstr(h.headers, new) != NULL);
	demo_save(&st, &h, "new.pem");
	http_free(&h);
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=der", id);
	as(C_OP_SY, path, NULL, 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/pkix-cert"));
	demo_save(&st, &h, "new.der");
	http_free(&h);
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=chain", id);
	as(C_OP_SY, path, NULL, 200, &h);
	demo_save(&st, &h, "chain.pem");
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -inform DER -in " T
	    "/new.der -noout && [ $(grep -c 'BEGIN CERTIFICATE' " T
	    "/chain.pem) -eq 3 ] && [ \"$(openssl x509 -in " T "/new.pem "
	    "-noout -serial)\" = \"serial=%s\" ]", new), 0);
	/* Independent checks: the chain, the subject and notAfter of the
	 * old one, the new key. */
	ck_assert_int_eq(stack_sh(&st, "openssl verify -CAfile " T
	    "/chain.pem " T "/new.pem"), 0);
	snprintf(a, sizeof(a), "openssl x509 -in " CERTS "/13900000012-1.crt "
	    "-noout -subject -enddate -nameopt RFC2253");
	snprintf(b, sizeof(b), "openssl x509 -in " T "/new.pem "
	    "-noout -subject -enddate -nameopt RFC2253");
	ck_assert_int_eq(stack_sh(&st, "[ \"$(%s)\" = \"$(%s)\" ]", a, b), 0);
	ck_assert_int_eq(stack_sh(&st, "[ \"$(openssl x509 -in " T "/new.pem"
	    " -noout -pubkey)\" = \"$(openssl pkey -in " T "/good.key "
	    "-pubout)\" ]"), 0);
	/* The old one is on the CRL nginx serves; the new one is not. */
	for (i = 0; i < 50 && !revoked; i++) {
		demo_fetch_crl(&st);
		revoked = stack_sh(&st, "openssl verify -crl_check -CAfile " T
		    "/chain.pem -CRLfile " T "/crl.pem " CERTS
		    "/13900000012-1.crt 2>&1 | grep -q 'certificate revoked'")
		    == 0;
		if (!revoked)
			nanosleep(&tenth, NULL);
	}
	ck_assert_msg(revoked, "the old certificate is not on the CRL");
	ck_assert_int_eq(stack_sh(&st, "openssl verify -crl_check -CAfile " T
	    "/chain.pem -CRLfile " T "/crl.pem " T "/new.pem"), 0);

	/* The same request again: nothing new, back to the page. */
	issue_csr(C_OP_SY, id, "good.csr", NULL, 303, &h);
	http_free(&h);
	/* Another key for the issued order: refused. */
	new_csr("again");
	issue_csr(C_OP_SY, id, "again.csr", NULL, 409, &h);
	ck_assert(http_has(&h, MSG_ALREADY));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = (SELECT cert_id FROM orders WHERE id = %lld)", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'issue'", id), 1);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s | grep -qx "
	    "'replaced by:  %s' && " CACTL " show %s | grep -qx "
	    "'replaces:     %s'", old, new, new, old), 0);
}
END_TEST

START_TEST(test_the_software_certificate_is_given_once)
{
	struct http	 h;
	long long	 id = paid_order("FT2023020045");
	char		 new[41];

	approve(id);
	issue_soft(C_OP_SY, id, "Soft@2026", "Soft@2027", 400, &h);
	ck_assert(http_has(&h, MSG_PW_MISMATCH));
	http_free(&h);
	issue_soft(C_OP_SY, id, "short", "short", 400, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'awaiting_issue'", id), 1);

	issue_soft(C_OP_SY, id, "Soft@2026", "Soft@2026", 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/zip"));
	ck_assert(http_has_header(&h, "Content-Disposition", "attachment"));
	ck_assert(h.body_len > 4 && memcmp(h.body, "PK\003\004", 4) == 0);
	demo_save(&st, &h, "soft.zip");
	http_free(&h);
	sql_str(new, sizeof(new), "SELECT n.serial_hex FROM cert n JOIN orders"
	    " o ON n.replaces_id = o.cert_id WHERE o.id = %lld", id);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'issued'", id), 1);
	/* The zip: the .p12 opens with the password, its certificate is
	 * the issued one and matches its key; the chain; the README. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && rm -rf soft && mkdir soft"
	    " && cd soft && unzip -q ../soft.zip && ls *.p12 chain.pem "
	    "README.txt >/dev/null && grep -q '私钥' README.txt && "
	    "openssl pkcs12 -info -nokeys -in *.p12 -passin pass:Soft@2026 "
	    "-out p12.crt 2>/dev/null && openssl pkcs12 -in *.p12 -nocerts "
	    "-nodes -passin pass:Soft@2026 -out p12.key 2>/dev/null && "
	    "[ \"$(openssl x509 -in p12.crt -noout -pubkey)\" = "
	    "\"$(openssl pkey -in p12.key -pubout)\" ] && "
	    "[ \"$(openssl x509 -in p12.crt -noout -serial)\" = "
	    "\"serial=%s\" ] && openssl verify -CAfile chain.pem p12.crt "
	    ">/dev/null && ! openssl pkcs12 -info -nokeys -in *.p12 -passin "
	    "pass:wrong >/dev/null 2>&1", new), 0);
	/* A second software certificate is refused, nothing new. */
	issue_soft(C_OP_SY, id, "Soft@2026", "Soft@2026", 409, &h);
	ck_assert(http_has(&h, MSG_SOFT_ONCE));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = (SELECT cert_id FROM orders WHERE id = %lld)", id), 1);
}
END_TEST

START_TEST(test_applicants_and_other_offices_are_refused)
{
	struct http	 h;
	long long	 id = paid_order("WQ2023040311");
	char		 path[128];

	approve(id);
	new_csr("other");
	/* The applicant (no operator): 403; the Dalian operator: 403. */
	issue_csr(C_APPLICANT, id, "other.csr", NULL, 403, &h);
	http_free(&h);
	issue_csr(C_OP_DL, id, "other.csr", NULL, 403, &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'awaiting_issue'", id), 1);
	issue_csr(C_OP_SY, id, "other.csr", NULL, 303, &h);
	http_free(&h);
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=pem", id);
	as(C_APPLICANT, path, NULL, 403, &h);
	http_free(&h);
	as(C_OP_DL, path, NULL, 403, &h);
	http_free(&h);
	/* Unknown orders and formats: 404. */
	as(C_OP_SY, "/ops/cert?id=999999&fmt=pem", NULL, 404, &h);
	http_free(&h);
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=p7b", id);
	as(C_OP_SY, path, NULL, 404, &h);
	http_free(&h);
	/* Not yet issued: nothing to download. */
	id = paid_order("JK2023070126");
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=pem", id);
	as(C_OP_SY, path, NULL, 404, &h);
	http_free(&h);
}
END_TEST

/* POST path as client n with -d words (csrf and id added). */
static void
post(int n, const char *path, long long id, const char *more, int status,
    struct http *h)
{
	char	 extra[512];

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld%s'", csrf[n], id,
	    more != NULL ? more : "");
	as(n, path, extra, status, h);
}

/* Rows that tell whether anything was issued for order id. */
static void
nothing_issued(long long id, const char *old)
{
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'awaiting_issue'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM cert WHERE replaces_id"
	    " = (SELECT cert_id FROM orders WHERE id = %lld)", id), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " show %s > " T "/dual.show && "
	    "! grep -q '^replaced by:' " T "/dual.show", old), 0);
}

START_TEST(test_a_master_key_needs_a_second_operator)
{
	struct http	 h;
	long long	 id = paid_order("JK2021030001");
	char		 old[41], new[41], path[128], a1[41], a2[41];

	approve(id);
	old_of(id, old, sizeof(old));
	new_csr("master");
	/* The first operator's upload: 待复核, nothing signed. */
	issue_csr(C_OP_SY, id, "master.csr", "-F key_serial=MASTER-0001", 303,
	    &h);
	snprintf(path, sizeof(path), "/ops/order?id=%lld&notice=requested",
	    id);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	nothing_issued(id, old);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request WHERE"
	    " order_id = %lld AND kind = 'csr' AND key_serial ="
	    " 'MASTER-0001' AND requested_by = (SELECT id FROM person WHERE"
	    " mobile = '13900000101')", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit WHERE action ="
	    " 'order.issue.request' AND actor LIKE 'operator:%%'"), 1);
	snprintf(path, sizeof(path), "/ops/order?id=%lld", id);
	as(C_OP_SY, path, NULL, 200, &h);
	ck_assert(http_has(&h, MSG_PENDING_BY));
	ck_assert(http_has(&h, BTN_WITHDRAW));
	ck_assert(!http_has(&h, BTN_CONFIRM));
	http_free(&h);
	/* The same upload again is the same request. */
	issue_csr(C_OP_SY, id, "master.csr", "-F key_serial=MASTER-0001", 303,
	    &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request"), 1);

	/* The same operator may not confirm it. */
	post(C_OP_SY, "/ops/confirm", id, NULL, 409, &h);
	ck_assert(http_has(&h, MSG_SELF));
	http_free(&h);
	nothing_issued(id, old);
	/* Another office's operator: 403; a second request: 409. */
	post(C_OP_DL, "/ops/confirm", id, NULL, 403, &h);
	http_free(&h);
	new_csr("master2");
	issue_csr(C_OP_SY2, id, "master2.csr", NULL, 409, &h);
	ck_assert(http_has(&h, MSG_PENDING));
	http_free(&h);
	/* Only the requester may withdraw it. */
	post(C_OP_SY2, "/ops/issue/cancel", id, NULL, 409, &h);
	http_free(&h);
	nothing_issued(id, old);

	/* 周复核 (沈阳) finds it marked in the queue, and confirms: issued. */
	as(C_OP_SY2, "/ops?status=approved", NULL, 200, &h);
	ck_assert(http_has(&h, "待复核</span>"));
	http_free(&h);
	as(C_OP_SY2, path, NULL, 200, &h);
	ck_assert(http_has(&h, MSG_PENDING_BY));
	ck_assert(http_has(&h, BTN_CONFIRM));
	http_free(&h);
	post(C_OP_SY2, "/ops/confirm", id, NULL, 303, &h);
	snprintf(path, sizeof(path), "/ops/order?id=%lld&notice=issued", id);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	as(C_OP_SY2, "/ops?status=all", NULL, 200, &h);
	ck_assert(!http_has(&h, "待复核</span>"));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'issued'", id), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request"), 0);
	sql_str(new, sizeof(new), "SELECT n.serial_hex FROM cert n JOIN orders"
	    " o ON n.replaces_id = o.cert_id WHERE o.id = %lld AND"
	    " n.key_serial = 'MASTER-0001'", id);
	ck_assert_uint_ge(strlen(new), 16);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM order_event WHERE"
	    " order_id = %lld AND event = 'issue' AND actor = 'operator:' ||"
	    " (SELECT id FROM person WHERE mobile = '13900000102')", id), 1);
	/* The new certificate verifies, keeps the subject (OU 单位(机构)主锁
	 * included) and has the uploaded key. */
	snprintf(path, sizeof(path), "/ops/cert?id=%lld&fmt=chain", id);
	as(C_OP_SY2, path, NULL, 200, &h);
	demo_save(&st, &h, "master.chain.pem");
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && openssl x509 -in "
	    "master.chain.pem -out master.pem && openssl verify -CAfile "
	    "master.chain.pem master.pem && [ \"$(openssl x509 -in master.pem "
	    "-noout -subject -enddate)\" = \"$(openssl x509 -in " CERTS
	    "/13900000001-1.crt -noout -subject -enddate)\" ] && openssl x509 "
	    "-in master.pem -noout -subject -nameopt utf8,sep_comma_plus | "
	    "grep -qF 'OU=单位(机构)主锁' && [ \"$(openssl x509 -in master.pem "
	    "-noout -pubkey)\" = \"$(openssl pkey -in master.key -pubout)\" ]"),
	    0);
	/* The daemon's audit names both operators' certificates. */
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " CERTS
	    "/13900000101-1.crt -noout -serial | sed 's/serial=//' > " T
	    "/a1 && openssl x509 -in " CERTS "/13900000102-1.crt -noout "
	    "-serial | sed 's/serial=//' > " T "/a2"), 0);
	ck_assert_ptr_nonnull(fgets_file("a1", a1, sizeof(a1)));
	ck_assert_ptr_nonnull(fgets_file("a2", a2, sizeof(a2)));
	ck_assert_int_eq(stack_sh(&st, "[ \"$(" CACTL " audit list -n "
	    "500 | grep -F 'new=%s' | grep -cF 'dual_control=1 "
	    "approver=%s approver2=%s')\" = 1 ] && " CACTL " audit verify "
	    ">/dev/null", new, a1, a2), 0);
}
END_TEST

START_TEST(test_a_master_software_certificate_goes_to_the_confirmer)
{
	struct http	 h;
	long long	 id = paid_order_of("JK2022010305", "13900000003",
	    DEMO_USCC_B);
	char		 old[41], new[41], path[128];

	approve(id);
	old_of(id, old, sizeof(old));
	/* Asked for, withdrawn by the requester, asked for again. */
	issue_soft(C_OP_SY, id, "Soft@2026", "Soft@2026", 303, &h);
	ck_assert(!http_has_header(&h, "Content-Type", "application/zip"));
	http_free(&h);
	nothing_issued(id, old);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request WHERE"
	    " order_id = %lld AND kind = 'keygen' AND csr IS NULL", id), 1);
	post(C_OP_SY, "/ops/issue/cancel", id, NULL, 303, &h);
	snprintf(path, sizeof(path), "/ops/order?id=%lld&notice=withdrawn",
	    id);
	ck_assert(http_location_is(&h, path));
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request WHERE"
	    " order_id = %lld", id), 0);
	post(C_OP_SY2, "/ops/confirm", id, NULL, 409, &h);
	http_free(&h);
	issue_soft(C_OP_SY, id, "Soft@2026", "Soft@2026", 303, &h);
	http_free(&h);
	/* The confirming operator sets the password: twice, the same. */
	post(C_OP_SY2, "/ops/confirm", id, "&password=Conf@2026&password2="
	    "Conf@2027", 400, &h);
	ck_assert(http_has(&h, MSG_PW_MISMATCH));
	http_free(&h);
	nothing_issued(id, old);
	post(C_OP_SY2, "/ops/confirm", id, "&password=Conf@2026&password2="
	    "Conf@2026", 200, &h);
	ck_assert(http_has_header(&h, "Content-Type", "application/zip"));
	demo_save(&st, &h, "master-soft.zip");
	http_free(&h);
	sql_str(new, sizeof(new), "SELECT n.serial_hex FROM cert n JOIN orders"
	    " o ON n.replaces_id = o.cert_id WHERE o.id = %lld", id);
	ck_assert_uint_ge(strlen(new), 16);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM issue_request"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && rm -rf ms && mkdir ms && "
	    "cd ms && unzip -q ../master-soft.zip && openssl pkcs12 -in *.p12 "
	    "-nokeys -passin pass:Conf@2026 -out p12.crt 2>/dev/null && "
	    "[ \"$(openssl x509 -in p12.crt -noout -serial)\" = "
	    "\"serial=%s\" ] && openssl verify -CAfile chain.pem p12.crt "
	    ">/dev/null", new), 0);
}
END_TEST

/* Kills the key process's children of this stack (not its monitor). */
#define KILL_KEY_CHILDREN "for p in $(pgrep -x casign); do grep -q " \
	"\"$STACK_DIR\" /proc/$p/cmdline || continue; [ $(ps -o ppid= -p " \
	"$p) -eq $(cat \"$STACK_DIR/run/cad.pid\") ] || kill -9 $p; done"

/*
 * The key process cannot load its key (the file damaged: emptied in
 * place): the operator's 签发 answers 503 with the 服务暂不可用 page,
 * nothing is issued and the order still waits; with the key back, the
 * same request issues.
 */
START_TEST(test_without_the_ca_key_issuing_answers_503_and_stores_nothing)
{
	struct http	 h;
	long long	 id = paid_order("WQ2024010427");
	char		 old[41];

	approve(id);
	old_of(id, old, sizeof(old));
	new_csr("nokey");
	ck_assert_int_eq(stack_sh(&st, "cp -p \"$STACK_DIR/ca/private/"
	    "ca.key\" " T "/ca.key.saved && : > \"$STACK_DIR/ca/private/"
	    "ca.key\" && " KILL_KEY_CHILDREN), 0);
	issue_csr(C_OP_SY, id, "nokey.csr", "-F key_serial=NEWKEY-0503", 503,
	    &h);
	ck_assert(http_has(&h, "服务暂不可用"));
	http_free(&h);
	nothing_issued(id, old);
	ck_assert_int_eq(stack_sh(&st, "cat " T "/ca.key.saved > "
	    "\"$STACK_DIR/ca/private/ca.key\" && " KILL_KEY_CHILDREN), 0);
	issue_csr(C_OP_SY, id, "nokey.csr", "-F key_serial=NEWKEY-0503", 303,
	    &h);
	http_free(&h);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders WHERE id = %lld"
	    " AND delivery_state = 'issued'", id), 1);
}
END_TEST

static void
up(void)
{
	char	 path[PATH_MAX + 16];

	if (demo_up(&st) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s", st.appdb);
	if ((db = appdb_open(path)) == NULL)
		goto fail;
	if (demo_login(&st, 110 + C_APPLICANT, C_APPLICANT, "13900000001",
	    "admin", DEMO_USCC_A, csrf[C_APPLICANT]) == -1 ||
	    ca_login(C_OP_SY) == -1 || ca_login(C_OP_DL) == -1 ||
	    ca_login(C_OP_SY2) == -1)
		goto fail;
	return;
fail:
	stack_down(&st);
	fprintf(stderr, "check_opsissue: could not set up the stack\n");
	exit(EXIT_FAILURE);
}

static void
down(void)
{
	appdb_close(db);
	db = NULL;
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("opsissue");
	TCase	*tc = tcase_create("opsissue");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_issuing_before_approval_is_refused);
	tcase_add_test(tc, test_bad_requests_are_refused_with_their_reason);
	tcase_add_test(tc, test_a_good_csr_issues_the_replacement_once);
	tcase_add_test(tc, test_the_software_certificate_is_given_once);
	tcase_add_test(tc, test_applicants_and_other_offices_are_refused);
	tcase_add_test(tc, test_a_master_key_needs_a_second_operator);
	tcase_add_test(tc,
	    test_a_master_software_certificate_goes_to_the_confirmer);
	tcase_add_test(tc,
	    test_without_the_ca_key_issuing_answers_503_and_stores_nothing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
