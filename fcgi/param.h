/*
 * param.h: every query and form key the application accepts, declared
 * once in one table (fcgi/param.c) with its type and validator, and the
 * typed values handlers read.
 *
 * route.c runs param_parse() once per request, after req_parse() and
 * before the CSRF check and the handler.  For a GET or HEAD it reads the
 * query string, for a POST the form body: no page takes a query key on a
 * POST or a form key on a GET.  Each declared key present in the request
 * is checked by its row's validator and converted; of a name sent twice
 * the first value counts (req.h).  A handler reads c->in through the
 * accessors below, by enum param_key, and never looks a name up itself.
 *
 * After param_parse() each key is in one of three states:
 *   PARAM_ABSENT  not sent;
 *   PARAM_OK      sent and valid: its typed value (a number, an index
 *                 into its list, a normalised text) is set;
 *   PARAM_BAD     sent and refused by its validator: only the text as
 *                 sent is kept, for the page to show again (param_keep).
 * What a page says about a missing or bad value — its Chinese message —
 * is the handler's choice of an error code, which the page's stylesheet
 * words, as before this table existed.
 *
 * A name that is not in the table is ignored: nothing can read it.  One
 * name may carry two meanings on different pages ("name" is a person's
 * 姓名 of up to 32 characters on 个人信息 and 注册账号, a company's 名称 of
 * up to 128 on 企业信息); each meaning is a key of its own with its own
 * row, and each page reads the key it means.
 *
 * This module knows the request (req.h) and the validators (valid.h,
 * form.h, smscode.h, pickup.h); it knows no handler.
 */
#ifndef FCGI_PARAM_H
#define FCGI_PARAM_H

#include <stddef.h>

#include "fcgi/appdb.h"
#include "fcgi/req.h"

/* The keys, one per meaning, each with the name it is sent under. */
enum param_key {
	KEY_ACTION,		/* action: CA补办 step 2's button */
	KEY_ADDRESS,		/* address: 地址 (company, invoice) */
	KEY_AGREE,		/* agree: the 协议 checkbox */
	KEY_BANK,		/* bank: 开户行 */
	KEY_BANK_ACCOUNT,	/* bank_account: 开户行账号 */
	KEY_BUNDLE_PASSWORD,	/* password: a 软证书's password */
	KEY_CERT,		/* cert: a certificate id (CA补办) */
	KEY_COMPANY_NAME,	/* name: a company's 名称 */
	KEY_CSRF,		/* csrf: the session's token */
	KEY_FMT,		/* fmt: a certificate download's format */
	KEY_HOLDER_CHECKED,	/* holder_checked: 已核对持锁人身份 */
	KEY_ID,			/* id: the row a page is about */
	KEY_INVOICE,		/* invoice: 开具 or 不开具 发票 */
	KEY_INVOICE_KIND,	/* invoice_kind: 电子普票 or 纸质专票 */
	KEY_INVOICE_NO,		/* invoice_no: 发票号码 */
	KEY_KEYGEN,		/* keygen: issue a 软证书 */
	KEY_KEY_SERIAL,		/* key_serial: the CA锁's serial */
	KEY_KIND,		/* kind: an order kind (订单管理's tabs) */
	KEY_MEMBER,		/* member: a membership id (人员管理) */
	KEY_MEMBERSHIP,		/* membership: the identity to act as */
	KEY_METHOD,		/* method: 领取方式 */
	KEY_MOBILE,		/* mobile: 手机号 */
	KEY_NEW_PASSWORD,	/* password: a new account password */
	KEY_NO,			/* no: an order number (back from the
				   cashier) */
	KEY_NOTICE,		/* notice: what the last step did */
	KEY_OFFICE,		/* office: an office (办理点) code */
	KEY_PAGE,		/* page: a list's page number */
	KEY_PASSWORD,		/* password: the account password typed
				   to log in or to confirm */
	KEY_PASSWORD2,		/* password2: the password again */
	KEY_PERSON_NAME,	/* name: a person's 姓名 */
	KEY_PHONE,		/* phone: 电话 */
	KEY_PICKUP_CODE,	/* code: a 领取码 typed at the office */
	KEY_PLATFORM,		/* platform: a platform id */
	KEY_Q,			/* q: a list's search text */
	KEY_REASON,		/* reason: 补办原因 (CA补办) */
	KEY_REASON_NOTE,	/* reason: 注销原因, 驳回原因 (free text) */
	KEY_REASON_TEXT,	/* reason_text: 其他 补办原因's text */
	KEY_REQUEST,		/* request: a 加入申请 id */
	KEY_ROLE,		/* role: a company role */
	KEY_SB_ACTION,		/* action: the sandbox cashier's button */
	KEY_SB_TOKEN,		/* t: a sandbox cashier trade */
	KEY_SERVICE,		/* service: an application handled
				   elsewhere (图1's buttons) */
	KEY_SHIP_ADDRESS,	/* ship_address: 收货地址 */
	KEY_SIZE,		/* size: a list's page size */
	KEY_SMS_CODE,		/* code: a 验证码 sent by SMS */
	KEY_STATUS,		/* status: the operators' queue tab */
	KEY_STEP,		/* step: 注册账号's and 忘记密码's step */
	KEY_SUBMIT_KEY,		/* submit_key: 订单确认's one-time key */
	KEY_TAB,		/* tab: 账号登录 or CA登录 */
	KEY_TAX_ID,		/* tax_id: 纳税人识别号 */
	KEY_TEXT,		/* text: 其他 补办原因's text (情况说明书) */
	KEY_TITLE,		/* title: 发票抬头 (单位名称) */
	KEY_TRACKING_NO,	/* tracking_no: 快递单号 */
	KEY_USCC,		/* uscc: 统一社会信用代码 */
	KEY__MAX
};

/* The values of the enum keys whose list the table owns. */
enum param_action {		/* KEY_ACTION */
	PARAM_ACTION_UPLOAD,	/* upload: 上传 */
	PARAM_ACTION_STATEMENT,	/* statement: 下载情况说明书 */
	PARAM_ACTION_NEXT	/* next: 下一步 */
};
enum param_fmt {		/* KEY_FMT */
	PARAM_FMT_PEM,		/* pem */
	PARAM_FMT_DER,		/* der */
	PARAM_FMT_CHAIN		/* chain: PEM with the CA chain */
};
enum param_invoice {		/* KEY_INVOICE */
	PARAM_INVOICE_YES,	/* yes: 开具 */
	PARAM_INVOICE_NO	/* no: 不开具 */
};
enum param_invoice_kind {	/* KEY_INVOICE_KIND */
	PARAM_INVOICE_E_NORMAL,	/* e_normal: 电子普票 */
	PARAM_INVOICE_PAPER_SPECIAL /* paper_special: 纸质专票 */
};
enum param_sb_action {		/* KEY_SB_ACTION */
	PARAM_SB_PAY,		/* pay: 确认支付 */
	PARAM_SB_LEAVE		/* leave: 返回商户 */
};
enum param_step {		/* KEY_STEP */
	PARAM_STEP_REQUEST,	/* request: the number, for a code */
	PARAM_STEP_VERIFY	/* verify: the code and the rest */
};
enum param_tab {		/* KEY_TAB */
	PARAM_TAB_PASSWORD,	/* password: 账号登录 */
	PARAM_TAB_CA		/* ca: CA登录 */
};
/*
 * The other enum keys take the values of the enum they name: KEY_KIND
 * enum order_kind, KEY_METHOD enum order_method (mail, onsite), KEY_REASON
 * enum order_reason (lost, damaged, other), KEY_STATUS enum
 * appdb_ops_status, KEY_SERVICE enum elsewhere_service; KEY_ROLE is an
 * enum appdb_role other than APPDB_ROLE_PERSONAL.
 */

/* How a key's value is checked and what it becomes. */
enum param_type {
	PT_INT,		/* valid_int(lo..hi): num */
	PT_ENUM,	/* one of names[0..hi) (a NULL entry never matches):
			   num is its index */
	PT_CHECKBOX,	/* "1" (a checked box): num 1 */
	PT_WORD,	/* valid_word(): lo..hi bytes of set, as sent */
	PT_TEXT,	/* form_text(): trimmed, lo..hi characters; with
			   PF_MULTILINE line breaks and tabs inside, with
			   PF_NAME not only spaces (valid_name) */
	PT_SECRET,	/* a password as typed, never trimmed: lo..hi
			   characters of UTF-8 without controls */
	PT_NEW_PASSWORD,/* valid_password(): the rules of a new password */
	PT_MOBILE,	/* valid_mobile() */
	PT_USCC,	/* form_uscc(): trimmed, upper case, checked */
	PT_PHONE,	/* form_phone(): "" or a telephone number */
	PT_BANK_ACCOUNT,/* form_bank_account(): "" or an account number */
	PT_ROLE,	/* form_role(): num is the enum appdb_role */
	PT_SMS_CODE,	/* smscode_valid() */
	PT_PICKUP_CODE,	/* pickup_parse(): the 8 characters of a 领取码 */
	PT_TRACKING_NO,	/* form_tracking_no() */
	PT_INVOICE_NO,	/* form_invoice_no() */
	PT_KEY_SERIAL	/* form_key_serial(): "" or a CA锁's serial */
};

#define PF_MULTILINE	0x1	/* PT_TEXT: \n, \r and \t allowed inside */
#define PF_NAME		0x2	/* PT_TEXT: valid_name() too */

/* One row of the table. */
struct param_row {
	const char		*name;	/* as sent in the query or form */
	enum param_type		 type;
	long long		 lo, hi;	/* PT_INT: the range; PT_TEXT,
						   PT_SECRET: characters;
						   PT_WORD: bytes; PT_ENUM:
						   hi is the number of
						   names */
	const char *const	*names;	/* PT_ENUM: value by index */
	const char		*set;	/* PT_WORD: the bytes allowed */
	unsigned		 flags;	/* PF_* */
};

enum param_state {
	PARAM_ABSENT,		/* not sent */
	PARAM_OK,		/* sent and valid */
	PARAM_BAD		/* sent and refused */
};

/* One key's value in one request. */
struct param_val {
	enum param_state state;
	const char	*raw;	/* as sent (owned by the struct req), or
				   NULL if absent */
	long long	 num;	/* PARAM_OK: PT_INT its value, PT_ENUM the
				   index, PT_CHECKBOX 1, PT_ROLE the role */
	const char	*text;	/* PARAM_OK, the text types: the value,
				   normalised; raw itself or own */
	char		*own;	/* a normalised copy text points to, or
				   NULL; freed by param_free() */
};

/* The keys of one request. */
struct params {
	struct param_val v[KEY__MAX];
};

/* Bytes of a raw value param_keep() still shows again. */
#define PARAM_KEEP_MAX	2048
/* A list's highest page number (KEY_PAGE) and search text (KEY_Q, in
 * characters): listq.h's bounds. */
#define PARAM_PAGE_MAX	100000
#define PARAM_Q_MAX	32

/* The row of key k (k < KEY__MAX). */
const struct param_row	*param_row(enum param_key k);

/*
 * Checks raw (not NULL) as the value of key k into *v: state PARAM_OK
 * with the typed value, or PARAM_BAD.  v->own, if set, is the caller's
 * to free (param_free() does it for a struct params).  Returns 0, or -1
 * if memory ran out (v->state is then PARAM_BAD).
 */
int		 param_check(enum param_key k, const char *raw,
		    struct param_val *v);

/*
 * Fills p with every declared key of r: the query string's for a GET or
 * HEAD, the form's for a POST, none for another method.  The values
 * point into r: p must not outlive it.  p is zeroed first.  Returns 0,
 * or -1 if memory ran out (p is then freed and empty).
 */
int		 param_parse(struct params *p, const struct req *r);

/* Frees what p owns and zeroes it; p == NULL is a no-op. */
void		 param_free(struct params *p);

/*
 * The accessors.  p may be NULL (a request without keys: every key is
 * absent).  Values are owned by p (or by the request) and live until
 * param_free().
 */
/* The state of k. */
enum param_state param_state(const struct params *p, enum param_key k);
/* PT_INT: 1 with *out set if k is valid, else 0 (*out untouched). */
int		 param_int(const struct params *p, enum param_key k,
		    long long *out);
/* PT_ENUM: the index of k's value if valid, else -1. */
int		 param_enum(const struct params *p, enum param_key k);
/* PT_CHECKBOX: 1 if k was sent checked ("1"), else 0. */
int		 param_flag(const struct params *p, enum param_key k);
/* PT_ROLE: 1 with *out set if k is valid, else 0. */
int		 param_role(const struct params *p, enum param_key k,
		    enum appdb_role *out);
/* The text types: k's normalised text if valid, else NULL. */
const char	*param_text(const struct params *p, enum param_key k);
/*
 * k's value as sent, to show again in a refilled form (valid or not),
 * if it is text without controls but \t, \n and \r and shorter than
 * PARAM_KEEP_MAX bytes; else NULL.  Never for anything but display.
 */
const char	*param_keep(const struct params *p, enum param_key k);
/* 1 if k was sent with something other than spaces, else 0. */
int		 param_given(const struct params *p, enum param_key k);
/* PT_ENUM: the value of index i of k's list, or NULL. */
const char	*param_enum_name(enum param_key k, int i);

#endif
