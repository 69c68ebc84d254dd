/*
 * param.c: the key table and the typed values of one request (param.h).
 *
 * rows[] is the one place where a query or form name is written: every
 * key the application reads, with its type and bounds.  A type names one
 * validator of valid.h, form.h, smscode.h or pickup.h; nothing here
 * validates by itself but the checkbox and the enum lists.  Invariants:
 *   - a key is PARAM_OK only when its validator accepted the value, and
 *     then num or text holds what the validator made of it;
 *   - text points either into the request (the value as sent, when the
 *     validator keeps it as it is) or to own, a copy the normalising
 *     validators fill; own is freed by param_free() and nothing else;
 *   - raw is set exactly when the key was sent.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/appdb.h"
#include "fcgi/form.h"
#include "fcgi/order.h"
#include "fcgi/page.h"
#include "fcgi/param.h"
#include "fcgi/pickup.h"
#include "fcgi/smscode.h"
#include "fcgi/softcert.h"
#include "fcgi/uscc.h"
#include "fcgi/valid.h"
#include "lib/utf8.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define HEX_LOWER	"0123456789abcdef"
#define SB_TOKEN_LEN	32	/* hex digits of a sandbox trade's token */
#define SUBMIT_KEY_LEN	32	/* hex digits of 订单确认's key */
#define SECRET_MAX	1024	/* characters of a password typed to log
				   in (any; the rules apply to new ones) */
#define LIST_SIZE_MAX	100	/* a list's page size, before listq picks
				   one of those it offers */
#define NAME_MAX_PERSON	32	/* 姓名, as at registration */
#define NAME_MAX_COMPANY 128
#define ADDRESS_MAX	256
#define BANK_MAX	128
#define TITLE_MAX	128
#define REASON_MAX	200	/* characters of a 原因 */

/* ---- the lists of the enum keys ---- */

static const char *const actions[] = {	/* enum param_action */
	"upload", "statement", "next"
};
static const char *const fmts[] = {	/* enum param_fmt */
	"pem", "der", "chain"
};
static const char *const invoices[] = {	/* enum param_invoice */
	"yes", "no"
};
static const char *const invoice_kinds[] = {	/* enum param_invoice_kind */
	"e_normal", "paper_special"
};
static const char *const sb_actions[] = {	/* enum param_sb_action */
	"pay", "leave"
};
static const char *const steps[] = {	/* enum param_step */
	"request", "verify"
};
static const char *const tabs[] = {	/* enum param_tab */
	"password", "ca"
};
/* The order kinds' codes (order_kind_code()). */
static const char *const kinds[ORDER_KIND__MAX] = {
	[ORDER_KIND_CA_REISSUE] = "ca_reissue",
	[ORDER_KIND_GOODS] = "goods",
	[ORDER_KIND_COURSE] = "course",
	[ORDER_KIND_OTHER] = "other",
};
/* 领取方式 (order_method_code()); NONE is not a choice. */
static const char *const methods[ORDER_METHOD__MAX] = {
	[ORDER_METHOD_MAIL] = "mail",
	[ORDER_METHOD_ONSITE] = "onsite",
};
/* 补办原因 (order_reason_code()); NONE is not a choice. */
static const char *const reasons[ORDER_REASON__MAX] = {
	[ORDER_REASON_LOST] = "lost",
	[ORDER_REASON_DAMAGED] = "damaged",
	[ORDER_REASON_OTHER] = "other",
};
/* The operators' queue tabs. */
static const char *const statuses[APPDB_OPS__MAX] = {
	[APPDB_OPS_PENDING] = "pending",	/* 待审核 */
	[APPDB_OPS_APPROVED] = "approved",	/* 待签发 */
	[APPDB_OPS_DELIVERING] = "delivering",	/* 待交付 */
	[APPDB_OPS_DONE] = "done",		/* 已完成 */
	[APPDB_OPS_REJECTED] = "rejected",	/* 已驳回 */
	[APPDB_OPS_ALL] = "all",		/* 全部 */
};
/* In the order of enum elsewhere_service (fcgi/elsewhere.h). */
static const char *const services[] = {
	"master",	/* ELSEWHERE_MASTER: CA主锁申请 */
	"personal",	/* ELSEWHERE_PERSONAL: CA个人锁申请 */
	"renewal",	/* ELSEWHERE_RENEWAL: CA延期年检 */
	"update",	/* ELSEWHERE_UPDATE: 更新数字证书 */
};

#define ENUM(list)	PT_ENUM, 0, NELEM(list), list
#define ID		PT_INT, 1, FORM_ID_MAX

/* ---- the table ---- */

static const struct param_row rows[KEY__MAX] = {
	[KEY_ACTION] = { "action", ENUM(actions), NULL, 0 },
	[KEY_ADDRESS] = { "address", PT_TEXT, 0, ADDRESS_MAX, NULL, NULL,
	    0 },
	[KEY_AGREE] = { "agree", PT_CHECKBOX, 0, 0, NULL, NULL, 0 },
	[KEY_BANK] = { "bank", PT_TEXT, 0, BANK_MAX, NULL, NULL, 0 },
	[KEY_BANK_ACCOUNT] = { "bank_account", PT_BANK_ACCOUNT, 0, 0, NULL,
	    NULL, 0 },
	[KEY_BUNDLE_PASSWORD] = { "password", PT_SECRET, SOFTCERT_PW_MIN,
	    SOFTCERT_PW_MAX, NULL, NULL, 0 },
	[KEY_CERT] = { "cert", ID, NULL, NULL, 0 },
	[KEY_COMPANY_NAME] = { "name", PT_TEXT, 1, NAME_MAX_COMPANY, NULL,
	    NULL, PF_NAME },
	[KEY_CSRF] = { "csrf", PT_WORD, SESSION_TOKEN, SESSION_TOKEN, NULL,
	    HEX_LOWER, 0 },
	[KEY_FMT] = { "fmt", ENUM(fmts), NULL, 0 },
	[KEY_HOLDER_CHECKED] = { "holder_checked", PT_CHECKBOX, 0, 0, NULL,
	    NULL, 0 },
	[KEY_ID] = { "id", ID, NULL, NULL, 0 },
	[KEY_INVOICE] = { "invoice", ENUM(invoices), NULL, 0 },
	[KEY_INVOICE_KIND] = { "invoice_kind", ENUM(invoice_kinds), NULL,
	    0 },
	[KEY_INVOICE_NO] = { "invoice_no", PT_INVOICE_NO, 0, 0, NULL, NULL,
	    0 },
	[KEY_KEYGEN] = { "keygen", PT_CHECKBOX, 0, 0, NULL, NULL, 0 },
	[KEY_KEY_SERIAL] = { "key_serial", PT_KEY_SERIAL, 0, 0, NULL, NULL,
	    0 },
	[KEY_KIND] = { "kind", ENUM(kinds), NULL, 0 },
	[KEY_MEMBER] = { "member", ID, NULL, NULL, 0 },
	[KEY_MEMBERSHIP] = { "membership", ID, NULL, NULL, 0 },
	[KEY_METHOD] = { "method", ENUM(methods), NULL, 0 },
	[KEY_MOBILE] = { "mobile", PT_MOBILE, 0, 0, NULL, NULL, 0 },
	[KEY_NEW_PASSWORD] = { "password", PT_NEW_PASSWORD, 0, 0, NULL,
	    NULL, 0 },
	[KEY_NO] = { "no", PT_WORD, 1, 32, NULL, "-_0123456789"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 0 },
	[KEY_NOTICE] = { "notice", PT_WORD, 1, 32, NULL,
	    "_abcdefghijklmnopqrstuvwxyz", 0 },
	[KEY_OFFICE] = { "office", PT_WORD, 1, 32, NULL,
	    "abcdefghijklmnopqrstuvwxyz", 0 },
	[KEY_PAGE] = { "page", PT_INT, 1, PARAM_PAGE_MAX, NULL, NULL, 0 },
	[KEY_PASSWORD] = { "password", PT_SECRET, 0, SECRET_MAX, NULL, NULL,
	    0 },
	[KEY_PASSWORD2] = { "password2", PT_SECRET, 0, SECRET_MAX, NULL,
	    NULL, 0 },
	[KEY_PERSON_NAME] = { "name", PT_TEXT, 1, NAME_MAX_PERSON, NULL,
	    NULL, PF_NAME },
	[KEY_PHONE] = { "phone", PT_PHONE, 0, 0, NULL, NULL, 0 },
	[KEY_PICKUP_CODE] = { "code", PT_PICKUP_CODE, 0, 0, NULL, NULL, 0 },
	[KEY_PLATFORM] = { "platform", ID, NULL, NULL, 0 },
	[KEY_Q] = { "q", PT_TEXT, 0, PARAM_Q_MAX, NULL, NULL, 0 },
	[KEY_REASON] = { "reason", ENUM(reasons), NULL, 0 },
	[KEY_REASON_NOTE] = { "reason", PT_TEXT, 1, REASON_MAX, NULL, NULL,
	    PF_MULTILINE },
	[KEY_REASON_TEXT] = { "reason_text", PT_TEXT, 0, REASON_MAX, NULL,
	    NULL, 0 },
	[KEY_REQUEST] = { "request", ID, NULL, NULL, 0 },
	[KEY_ROLE] = { "role", PT_ROLE, 0, 0, NULL, NULL, 0 },
	[KEY_SB_ACTION] = { "action", ENUM(sb_actions), NULL, 0 },
	[KEY_SB_TOKEN] = { "t", PT_WORD, SB_TOKEN_LEN, SB_TOKEN_LEN, NULL,
	    HEX_LOWER, 0 },
	[KEY_SERVICE] = { "service", ENUM(services), NULL, 0 },
	[KEY_SHIP_ADDRESS] = { "ship_address", PT_TEXT, 1, ADDRESS_MAX, NULL,
	    NULL, 0 },
	[KEY_SIZE] = { "size", PT_INT, 1, LIST_SIZE_MAX, NULL, NULL, 0 },
	[KEY_SMS_CODE] = { "code", PT_SMS_CODE, 0, 0, NULL, NULL, 0 },
	[KEY_STATUS] = { "status", ENUM(statuses), NULL, 0 },
	[KEY_STEP] = { "step", ENUM(steps), NULL, 0 },
	[KEY_SUBMIT_KEY] = { "submit_key", PT_WORD, SUBMIT_KEY_LEN,
	    SUBMIT_KEY_LEN, NULL, HEX_LOWER, 0 },
	[KEY_TAB] = { "tab", ENUM(tabs), NULL, 0 },
	[KEY_TAX_ID] = { "tax_id", PT_USCC, 0, 0, NULL, NULL, 0 },
	[KEY_TEXT] = { "text", PT_TEXT, 0, REASON_MAX, NULL, NULL, 0 },
	[KEY_TITLE] = { "title", PT_TEXT, 1, TITLE_MAX, NULL, NULL, 0 },
	[KEY_TRACKING_NO] = { "tracking_no", PT_TRACKING_NO, 0, 0, NULL,
	    NULL, 0 },
	[KEY_USCC] = { "uscc", PT_USCC, 0, 0, NULL, NULL, 0 },
};

const struct param_row *
param_row(enum param_key k)
{
	return (unsigned)k < KEY__MAX ? &rows[k] : NULL;
}

/* ---- checking one value ---- */

/* A buffer for a normalised copy of raw: room for raw and extra. */
static char *
own_buf(struct param_val *v, const char *raw, size_t extra, size_t *sz)
{
	*sz = strlen(raw) + 1 + extra;
	return v->own = malloc(*sz);
}

int
param_check(enum param_key k, const char *raw, struct param_val *v)
{
	const struct param_row	*row = param_row(k);
	enum appdb_role		 role;
	long long		 n;
	long			 chars;
	size_t			 sz, i;
	int			 ok = 0;

	memset(v, 0, sizeof(*v));
	v->state = PARAM_BAD;
	v->raw = raw;
	if (row == NULL || raw == NULL)
		return 0;
	switch (row->type) {
	case PT_INT:
		if ((ok = valid_int(raw, row->lo, row->hi, &n)))
			v->num = n;
		break;
	case PT_ENUM:
		for (i = 0; i < (size_t)row->hi; i++)
			if (row->names[i] != NULL &&
			    strcmp(raw, row->names[i]) == 0) {
				v->num = (long long)i;
				ok = 1;
				break;
			}
		break;
	case PT_CHECKBOX:
		if ((ok = strcmp(raw, "1") == 0))
			v->num = 1;
		break;
	case PT_WORD:
		ok = valid_word(raw, row->set, (size_t)row->lo,
		    (size_t)row->hi);
		v->text = raw;
		break;
	case PT_TEXT:
		if (own_buf(v, raw, 0, &sz) == NULL)
			return -1;
		ok = form_text(raw, (size_t)row->lo, (size_t)row->hi,
		    (row->flags & PF_MULTILINE) != 0, v->own, sz) &&
		    ((row->flags & PF_NAME) == 0 ||
		    valid_name(v->own, (size_t)row->hi));
		v->text = v->own;
		break;
	case PT_SECRET:
		chars = valid_utf8_chars(raw);
		ok = chars >= row->lo && chars <= row->hi;
		v->text = raw;
		break;
	case PT_NEW_PASSWORD:
		ok = valid_password(raw);
		v->text = raw;
		break;
	case PT_MOBILE:
		ok = valid_mobile(raw);
		v->text = raw;
		break;
	case PT_USCC:
		if (own_buf(v, raw, USCC_LEN, &sz) == NULL)
			return -1;
		ok = form_uscc(raw, v->own, sz);
		v->text = v->own;
		break;
	case PT_PHONE:
		if (own_buf(v, raw, 0, &sz) == NULL)
			return -1;
		ok = form_phone(raw, v->own, sz);
		v->text = v->own;
		break;
	case PT_BANK_ACCOUNT:
		if (own_buf(v, raw, 0, &sz) == NULL)
			return -1;
		ok = form_bank_account(raw, v->own, sz);
		v->text = v->own;
		break;
	case PT_ROLE:
		if ((ok = form_role(raw, &role)))
			v->num = (long long)role;
		break;
	case PT_SMS_CODE:
		ok = smscode_valid(raw);
		v->text = raw;
		break;
	case PT_PICKUP_CODE:
		if ((v->own = malloc(PICKUP_CODE_LEN + 1)) == NULL)
			return -1;
		ok = pickup_parse(raw, v->own) == 0;
		v->text = v->own;
		break;
	case PT_TRACKING_NO:
		if ((v->own = malloc(FORM_TRACKING_MAX + 1)) == NULL)
			return -1;
		ok = form_tracking_no(raw, v->own, FORM_TRACKING_MAX + 1);
		v->text = v->own;
		break;
	case PT_INVOICE_NO:
		if ((v->own = malloc(FORM_INVOICE_NO_LONG + 1)) == NULL)
			return -1;
		ok = form_invoice_no(raw, v->own, FORM_INVOICE_NO_LONG + 1);
		v->text = v->own;
		break;
	case PT_KEY_SERIAL:
		if (own_buf(v, raw, 0, &sz) == NULL)
			return -1;
		ok = form_key_serial(raw, v->own, sz);
		v->text = v->own;
		break;
	}
	if (ok)
		v->state = PARAM_OK;
	else {
		/* A refused value has only its raw text. */
		free(v->own);
		v->own = NULL;
		v->text = NULL;
		v->num = 0;
	}
	return 0;
}

/* ---- one request ---- */

int
param_parse(struct params *p, const struct req *r)
{
	const char	*(*get)(const struct req *, const char *);
	const char	*raw;
	int		 k;

	memset(p, 0, sizeof(*p));
	switch (r->method) {
	case REQ_GET:
	case REQ_HEAD:
		get = req_query;
		break;
	case REQ_POST:
		get = req_form;
		break;
	default:
		return 0;
	}
	for (k = 0; k < KEY__MAX; k++) {
		if ((raw = get(r, rows[k].name)) == NULL)
			continue;
		if (param_check((enum param_key)k, raw, &p->v[k]) == -1) {
			param_free(p);
			return -1;
		}
	}
	return 0;
}

void
param_free(struct params *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < KEY__MAX; i++)
		free(p->v[i].own);
	memset(p, 0, sizeof(*p));
}

/* ---- the accessors ---- */

/* k's value if it is valid and of type t, else NULL. */
static const struct param_val *
valid_of(const struct params *p, enum param_key k, enum param_type t)
{
	if (p == NULL || (unsigned)k >= KEY__MAX || rows[k].type != t ||
	    p->v[k].state != PARAM_OK)
		return NULL;
	return &p->v[k];
}

enum param_state
param_state(const struct params *p, enum param_key k)
{
	if (p == NULL || (unsigned)k >= KEY__MAX)
		return PARAM_ABSENT;
	return p->v[k].state;
}

int
param_int(const struct params *p, enum param_key k, long long *out)
{
	const struct param_val	*v = valid_of(p, k, PT_INT);

	if (v == NULL)
		return 0;
	*out = v->num;
	return 1;
}

int
param_enum(const struct params *p, enum param_key k)
{
	const struct param_val	*v = valid_of(p, k, PT_ENUM);

	return v != NULL ? (int)v->num : -1;
}

int
param_flag(const struct params *p, enum param_key k)
{
	return valid_of(p, k, PT_CHECKBOX) != NULL;
}

int
param_role(const struct params *p, enum param_key k, enum appdb_role *out)
{
	const struct param_val	*v = valid_of(p, k, PT_ROLE);

	if (v == NULL)
		return 0;
	*out = (enum appdb_role)v->num;
	return 1;
}

const char *
param_text(const struct params *p, enum param_key k)
{
	if (p == NULL || (unsigned)k >= KEY__MAX || p->v[k].state != PARAM_OK)
		return NULL;
	return p->v[k].text;
}

const char *
param_keep(const struct params *p, enum param_key k)
{
	const char	*raw;
	size_t		 n;

	if (p == NULL || (unsigned)k >= KEY__MAX ||
	    (raw = p->v[k].raw) == NULL)
		return NULL;
	n = strnlen(raw, PARAM_KEEP_MAX);
	if (n >= PARAM_KEEP_MAX || utf8_count(raw, n, "\t\n\r") < 0)
		return NULL;
	return raw;
}

int
param_given(const struct params *p, enum param_key k)
{
	const char	*raw;

	if (p == NULL || (unsigned)k >= KEY__MAX ||
	    (raw = p->v[k].raw) == NULL)
		return 0;
	return raw[strspn(raw, " ")] != '\0';
}

const char *
param_enum_name(enum param_key k, int i)
{
	const struct param_row	*row = param_row(k);

	if (row == NULL || row->type != PT_ENUM || i < 0 || i >= row->hi)
		return NULL;
	return row->names[i];
}
