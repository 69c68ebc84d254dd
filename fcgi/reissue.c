/*
 * reissue.c: the CA补办 wizard, steps 1 and 2 (reissue.h).
 *
 * Rules kept here:
 * - The certificate comes from the key KEY_CERT through certrow_lookup(),
 *   the scope of CA管理: outside it the answer is 404, whether or not it
 *   exists.
 * - A certificate can start a reissue only while it is 有效 (not revoked,
 *   not past its notAfter, not 补办中) and has no open reissue order
 *   (order_open_for_cert; an unpaid order past its payment window does
 *   not count, it is closing).  Otherwise every step answers with step 1
 *   saying why (409) and offers no way on.
 * - Step 2 keeps what the applicant entered in a draft per person and
 *   certificate (reason, its text, the uploaded statement), so the
 *   statement download, a refused upload and a later visit lose nothing.
 *   A refused file is never stored; the page says why, with the reason
 *   as typed.
 * - 下一步 needs a valid reason and an uploaded statement and leads to
 *   /reissue/confirm (订单确认, the order pages).
 * - The statement is xsl/statement-docx.xsl applied to the certificate's
 *   XML, packed by docx.c; of what the applicant typed only the reason
 *   text reaches it, as XML text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/certrow.h"
#include "fcgi/docx.h"
#include "fcgi/form.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/reissue.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/upload.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/hex.h"
#include "lib/log.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#define REASON_TEXT_MAX	200	/* characters of 其他 补办原因 */

/* The download's name: 情况说明书.docx, and an ASCII one for old clients. */
static const char statement_disposition[] =
    "attachment; filename=\"statement.docx\"; filename*=UTF-8''"
    "%E6%83%85%E5%86%B5%E8%AF%B4%E6%98%8E%E4%B9%A6.docx";

/* What step 2 shows besides the certificate. */
struct step2 {
	enum order_reason	 reason;	/* NONE: not chosen */
	const char		*text;		/* reason text to refill */
	long long		 upload;	/* the draft's statement */
	const char		*err_reason;	/* "required", or NULL */
	const char		*err_text;	/* "required", or NULL */
	const char		*err_file;	/* upload_refusal_code(),
						   "missing", "nofile" */
	const char		*notice;	/* "uploaded", or NULL */
};

/* The reason whose code is s (lost, damaged, other), else NONE: a
 * draft's, as stored. */
static enum order_reason
reason_of(const char *s)
{
	int	 i;

	for (i = ORDER_REASON_LOST; s != NULL && i < ORDER_REASON__MAX; i++)
		if (strcmp(s, order_reason_code((enum order_reason)i)) == 0)
			return (enum order_reason)i;
	return ORDER_REASON_NONE;
}

/*
 * Why r cannot be reissued now: *why NULL if it can, else "revoked",
 * "expired", "reissuing" or "order" (with the open order's number in
 * order_no).  0 / -1.
 */
static int
blocked(struct ctx *c, const struct appdb_cert_row *r, const char **why,
    char *order_no, size_t sz)
{
	struct order	 o;
	const char	*state;
	long long	 now = (long long)time(NULL), oid;
	int		 k;

	*why = NULL;
	order_no[0] = '\0';
	state = certrow_state(r, now);
	if (strcmp(state, "valid") != 0) {
		*why = state;
		return 0;
	}
	if ((k = order_open_for_cert(c->db, r->id, &oid)) == -1)
		return -1;
	if (k == 0)
		return 0;
	if ((k = order_get(c->db, oid, &o)) == -1)
		return -1;
	/* Gone meanwhile, or unpaid past its window (it closes on the
	 * next sweep): no longer in the way. */
	if (k == 0 || order_check(&o, ORDER_EXPIRE, now) == ORDER_LEGAL)
		return 0;
	*why = "order";
	snprintf(order_no, sz, "%s", o.order_no);
	return 0;
}

static int
add_platform(void *arg, long long id, const char *name)
{
	xmlNodePtr	 e;

	if ((e = xml_add(arg, "platform", name)) == NULL ||
	    xml_attr_int(e, "id", id) == -1)
		return -1;
	return 0;
}

/* Adds <upload id= size= type=>name</upload> for the caller's upload. */
static int
add_upload(struct ctx *c, xmlNodePtr parent, long long id)
{
	struct appdb_upload	 u;
	xmlNodePtr		 e;
	int			 k;

	if (id == 0)
		return 0;
	if ((k = upload_find(c, id, &u)) != 1)
		return k;
	if ((e = xml_add(parent, "upload", u.filename)) == NULL ||
	    xml_attr_int(e, "id", u.id) == -1 ||
	    xml_attr_int(e, "size", u.size) == -1 ||
	    xml_attr(e, "type", u.ctype) == -1)
		return -1;
	return 0;
}

/* Adds <name code="code"/> under parent unless code is NULL.  0 / -1. */
static int
add_code(xmlNodePtr parent, const char *name, const char *code)
{
	xmlNodePtr	 e;

	if (code == NULL)
		return 0;
	if ((e = xml_add(parent, name, NULL)) == NULL ||
	    xml_attr(e, "code", code) == -1)
		return -1;
	return 0;
}

/*
 * Renders step 1 (s NULL) or step 2 for r.  why and order_no: from
 * blocked(); a blocked certificate always gets step 1.
 */
static int
wizard_page(struct ctx *c, int status, const struct appdb_cert_row *r,
    const char *why, const char *order_no, const struct step2 *s)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, w, e, pl, f;
	int		 step = why == NULL && s != NULL ? 2 : 1;

	if ((doc = centre_doc(c, step == 1 ? "reissue-info" : "reissue-type",
	    CENTRE_CERTS, &root)) == NULL)
		return -1;
	if ((w = xml_add(root, "reissue", NULL)) == NULL ||
	    xml_attr_int(w, "step", step) == -1 ||
	    (e = certrow_xml(w, r, (long long)time(NULL), 1)) == NULL ||
	    (pl = xml_add(e, "platforms", NULL)) == NULL ||
	    appdb_cert_links(c->db, r->id, 1, add_platform, pl) == -1)
		goto fail;
	if (why != NULL && ((e = xml_add(w, "blocked", NULL)) == NULL ||
	    xml_attr(e, "code", why) == -1 ||
	    (order_no[0] != '\0' && xml_attr(e, "order", order_no) == -1)))
		goto fail;
	if (step == 2) {
		if ((f = xml_add(w, "form", NULL)) == NULL ||
		    xml_attr(f, "reason", order_reason_code(s->reason)) ==
		    -1 ||
		    xml_add(f, "reason_text", s->text != NULL ? s->text : "") ==
		    NULL ||
		    add_upload(c, f, s->upload) == -1)
			goto fail;
		if ((s->err_reason != NULL && ((e = xml_add(f, "error",
		    NULL)) == NULL || xml_attr(e, "field", "reason") == -1 ||
		    xml_attr(e, "code", s->err_reason) == -1)) ||
		    (s->err_text != NULL && ((e = xml_add(f, "error",
		    NULL)) == NULL || xml_attr(e, "field", "reason_text") ==
		    -1 || xml_attr(e, "code", s->err_text) == -1)) ||
		    (s->err_file != NULL && ((e = xml_add(f, "error",
		    NULL)) == NULL || xml_attr(e, "field", "statement") ==
		    -1 || xml_attr(e, "code", s->err_file) == -1)) ||
		    add_code(f, "notice", s->notice) == -1)
			goto fail;
	}
	return page_render(c, status, step == 1 ? SHEET_REISSUE_INFO :
	    SHEET_REISSUE_TYPE, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

/*
 * The certificate of the request and whether it may be reissued: 1 (r,
 * why, order_no filled), 0 (the 404 page is filled), -1.
 */
static int
wizard_cert(struct ctx *c, struct appdb_cert_row *r, const char **why,
    char *order_no, size_t sz)
{
	int	 k;

	if ((k = certrow_lookup(c, KEY_CERT, r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404) == -1 ? -1 : 0;
	if (blocked(c, r, why, order_no, sz) == -1)
		return -1;
	return 1;
}

int
reissue_info(struct ctx *c)
{
	struct appdb_cert_row	 r;
	const char		*why;
	char			 order_no[33];
	int			 k;

	if ((k = wizard_cert(c, &r, &why, order_no, sizeof(order_no))) != 1)
		return k;
	return wizard_page(c, why != NULL ? 409 : 200, &r, why, order_no,
	    NULL);
}

/* Fills s from the caller's draft for cert.  0 / -1. */
static int
from_draft(struct ctx *c, long long cert, struct appdb_draft *d,
    struct step2 *s)
{
	memset(s, 0, sizeof(*s));
	if (appdb_draft_get(c->db, c->sess->person, cert, d) == -1)
		return -1;
	s->reason = reason_of(d->reason);
	s->text = d->reason_text;
	s->upload = d->upload;
	return 0;
}

int
reissue_type_form(struct ctx *c)
{
	struct appdb_cert_row	 r;
	struct appdb_draft	 d;
	struct step2		 s;
	const char		*why, *n = param_text(c->in, KEY_NOTICE);
	char			 order_no[33];
	int			 k;

	if ((k = wizard_cert(c, &r, &why, order_no, sizeof(order_no))) != 1)
		return k;
	if (why != NULL)
		return wizard_page(c, 409, &r, why, order_no, NULL);
	if (from_draft(c, r.id, &d, &s) == -1)
		return -1;
	if (n != NULL && strcmp(n, "uploaded") == 0 && s.upload != 0)
		s.notice = "uploaded";
	return wizard_page(c, 200, &r, NULL, NULL, &s);
}

int
reissue_type(struct ctx *c)
{
	struct appdb_cert_row	 r;
	struct appdb_draft	 d;
	struct step2		 s;
	const struct req_file	*f = req_file(c->req, "statement");
	const char		*why;
	const char		*text = param_text(c->in, KEY_REASON_TEXT);
	const char		*typed = param_keep(c->in, KEY_REASON_TEXT);
	char			 order_no[33], to[128];
	long long		 upload = 0;
	int			 k, text_ok, action;

	if ((k = wizard_cert(c, &r, &why, order_no, sizeof(order_no))) != 1)
		return k;
	if (why != NULL)
		return wizard_page(c, 409, &r, why, order_no, NULL);
	if (from_draft(c, r.id, &d, &s) == -1)
		return -1;
	/* Any other button (or none) is 上传. */
	if ((action = param_enum(c->in, KEY_ACTION)) == -1)
		action = PARAM_ACTION_UPLOAD;

	/* What was typed, refilled as typed when it is displayable. */
	k = param_enum(c->in, KEY_REASON);
	s.reason = k > 0 ? (enum order_reason)k : ORDER_REASON_NONE;
	text_ok = text != NULL ||
	    param_state(c->in, KEY_REASON_TEXT) == PARAM_ABSENT;
	if (text == NULL)
		text = "";
	s.text = typed != NULL ? typed : text;
	if (s.reason == ORDER_REASON_NONE)
		s.err_reason = "required";
	else if (s.reason == ORDER_REASON_OTHER && (!text_ok ||
	    text[0] == '\0'))
		s.err_text = "required";

	if (f != NULL) {
		if ((k = upload_accept(c, f, &upload)) == -1)
			return -1;
		if (k != UPLOAD_OK) {
			log_info("reissue_type: person %lld cert %lld: upload "
			    "refused (%s, %lu bytes)", c->sess->person, r.id,
			    upload_refusal_code(k), (unsigned long)f->len);
			s.err_file = upload_refusal_code(k);
			s.err_reason = s.err_text = NULL;
			return wizard_page(c, 200, &r, NULL, NULL, &s);
		}
		s.upload = upload;
	}
	if (appdb_draft_set(c->db, c->sess->person, r.id,
	    order_reason_code(s.reason), text, upload,
	    (long long)time(NULL)) == -1)
		return -1;

	if (action == PARAM_ACTION_UPLOAD) {
		if (f == NULL) {
			s.err_reason = s.err_text = NULL;
			s.err_file = "nofile";
			return wizard_page(c, 200, &r, NULL, NULL, &s);
		}
		snprintf(to, sizeof(to), "/reissue/step2?cert=%lld&"
		    "notice=uploaded", r.id);
		return page_redirect(c, to);
	}
	if (action == PARAM_ACTION_NEXT && s.upload == 0)
		s.err_file = "missing";
	if (s.err_reason != NULL || s.err_text != NULL || s.err_file != NULL)
		return wizard_page(c, 200, &r, NULL, NULL, &s);
	if (action == PARAM_ACTION_STATEMENT)
		snprintf(to, sizeof(to), "/reissue/statement.docx?cert=%lld&"
		    "reason=%s", r.id, order_reason_code(s.reason));
	else
		snprintf(to, sizeof(to), "/reissue/confirm?cert=%lld", r.id);
	return page_redirect(c, to);
}

/*
 * Renders the statement of r with reason (and text for 其他) as
 * WordprocessingML: *xml (malloc'd, *len bytes).  0 / -1.
 */
static int
statement_xml(const struct appdb_cert_row *r, enum order_reason reason,
    const char *text, char **xml, size_t *len)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e;
	char		 day[SHTIME_BUFSZ], date[64];
	long long	 now = (long long)time(NULL);
	int		 rc = -1;

	shtime_date(now, day, sizeof(day));
	if (strlen(day) != 10)
		return -1;
	/* YYYY-MM-DD as the guide writes dates on paper. */
	snprintf(date, sizeof(date), "%.4s年%.2s月%.2s日", day, day + 5,
	    day + 8);
	if ((doc = xml_page_new("statement", &root)) == NULL)
		return -1;
	if (certrow_xml(root, r, now, 1) != NULL &&
	    (e = xml_add(root, "reason", reason == ORDER_REASON_OTHER ?
	    text : "")) != NULL &&
	    xml_attr(e, "code", order_reason_code(reason)) == 0 &&
	    xml_add(root, "date", date) != NULL)
		rc = render_page(SHEET_STATEMENT_DOCX, doc, xml, len);
	xmlFreeDoc(doc);
	return rc;
}

int
reissue_statement(struct ctx *c)
{
	struct appdb_cert_row	 r;
	struct appdb_draft	 d;
	struct step2		 s;
	const char		*why, *qtext = NULL;
	char			 order_no[33], *xml = NULL, *docx = NULL;
	char			 text[REASON_TEXT_MAX * 4 + 1];
	size_t			 xlen, dlen;
	int			 k, queried = 0, ok = 1;

	if ((k = wizard_cert(c, &r, &why, order_no, sizeof(order_no))) != 1)
		return k;
	if (why != NULL)
		return wizard_page(c, 409, &r, why, order_no, NULL);
	if (from_draft(c, r.id, &d, &s) == -1)
		return -1;
	/* The query's reason if any, else the draft's; the same for text. */
	if (param_state(c->in, KEY_REASON) != PARAM_ABSENT) {
		k = param_enum(c->in, KEY_REASON);
		s.reason = k > 0 ? (enum order_reason)k : ORDER_REASON_NONE;
		if (param_state(c->in, KEY_TEXT) != PARAM_ABSENT) {
			queried = 1;
			qtext = param_text(c->in, KEY_TEXT);
			if ((s.text = param_keep(c->in, KEY_TEXT)) == NULL)
				s.text = "";
		} else if (s.reason != reason_of(d.reason))
			s.text = "";
	}
	/* 其他 needs its text: the query's as the key table checked it,
	 * else the draft's. */
	if (s.reason == ORDER_REASON_OTHER && queried)
		ok = qtext != NULL && *qtext != '\0' &&
		    strlen(qtext) < sizeof(text);
	else if (s.reason == ORDER_REASON_OTHER)
		ok = form_text(s.text, 1, REASON_TEXT_MAX, 0, text,
		    sizeof(text));
	if (s.reason == ORDER_REASON_NONE)
		s.err_reason = "required";
	else if (!ok)
		s.err_text = "required";
	else if (s.reason == ORDER_REASON_OTHER && queried)
		memcpy(text, qtext, strlen(qtext) + 1);
	if (s.err_reason != NULL || s.err_text != NULL)
		return wizard_page(c, 200, &r, NULL, NULL, &s);
	if (s.reason != ORDER_REASON_OTHER)
		text[0] = '\0';
	if (statement_xml(&r, s.reason, text, &xml, &xlen) == -1)
		return -1;
	k = docx_pack(xml, xlen, &docx, &dlen);
	free(xml);
	if (k == -1)
		return -1;
	return page_blob(c, DOCX_MIME, statement_disposition, docx, dlen);
}

/* ---- 订单确认 (图4) ---- */

/*
 * The draft of the caller for r if it is complete (a valid reason and an
 * uploaded statement): 1, with a submit key made for it if it had none;
 * 0 if incomplete; -1.
 */
static int
confirm_draft(struct ctx *c, const struct appdb_cert_row *r,
    struct appdb_draft *d, char *text, size_t tsz)
{
	unsigned char	 b[16];
	char		 key[33];
	enum order_reason reason;
	int		 k;

	if ((k = appdb_draft_get(c->db, c->sess->person, r->id, d)) != 1)
		return k;
	reason = reason_of(d->reason);
	if (reason == ORDER_REASON_NONE || d->upload == 0)
		return 0;
	text[0] = '\0';
	if (reason == ORDER_REASON_OTHER && !form_text(d->reason_text, 1,
	    REASON_TEXT_MAX, 0, text, tsz))
		return 0;
	if (d->submit_key[0] != '\0')
		return 1;
	if (RAND_bytes(b, sizeof(b)) != 1) {
		log_err("reissue_confirm: RAND_bytes failed");
		return -1;
	}
	hex_encode(b, sizeof(b), key, 0);
	OPENSSL_cleanse(b, sizeof(b));
	if (appdb_draft_key(c->db, c->sess->person, r->id, key) == -1 ||
	    appdb_draft_get(c->db, c->sess->person, r->id, d) != 1 ||
	    d->submit_key[0] == '\0')
		return -1;
	return 1;
}

/* The reissue product's id and price (fen).  0 / -1. */
static int
reissue_product(struct ctx *c, long long *id, long long *price)
{
	long long	 p;

	if ((p = appdb_product_id(c->db, "ca_reissue")) <= 0 ||
	    appdb_product_price(c->db, p, price) != 1) {
		log_err("reissue_confirm: no product ca_reissue");
		return -1;
	}
	*id = p;
	return 0;
}

int
reissue_confirm_form(struct ctx *c)
{
	struct appdb_cert_row	 r;
	struct appdb_draft	 d;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, w, e, pl;
	const char		*why;
	char			 order_no[33], to[128], money[32];
	char			 text[REASON_TEXT_MAX * 4 + 1];
	long long		 product, price;
	int			 k;

	if ((k = wizard_cert(c, &r, &why, order_no, sizeof(order_no))) != 1)
		return k;
	if (why != NULL)
		return wizard_page(c, 409, &r, why, order_no, NULL);
	if ((k = confirm_draft(c, &r, &d, text, sizeof(text))) == -1)
		return -1;
	if (k == 0) {
		snprintf(to, sizeof(to), "/reissue/step2?cert=%lld", r.id);
		return page_redirect(c, to);
	}
	if (reissue_product(c, &product, &price) == -1)
		return -1;
	xmlval_yuan(price, money, sizeof(money));
	if ((doc = centre_doc(c, "reissue-confirm", CENTRE_CERTS,
	    &root)) == NULL)
		return -1;
	if ((w = xml_add(root, "reissue", NULL)) == NULL ||
	    xml_attr_int(w, "step", 3) == -1 ||
	    (e = certrow_xml(w, &r, (long long)time(NULL), 1)) == NULL ||
	    (pl = xml_add(e, "platforms", NULL)) == NULL ||
	    appdb_cert_links(c->db, r.id, 1, add_platform, pl) == -1 ||
	    (e = xml_add(w, "item", "CA补办")) == NULL ||
	    xml_attr(e, "product", "ca_reissue") == -1 ||
	    xml_attr_int(e, "quantity", 1) == -1 ||
	    xml_attr_int(e, "price_fen", price) == -1 ||
	    xml_attr(e, "price", money) == -1 ||
	    (e = xml_add(w, "total", money)) == NULL ||
	    xml_attr_int(e, "fen", price) == -1 ||
	    (e = xml_add(w, "reason", text)) == NULL ||
	    xml_attr(e, "code", d.reason) == -1 ||
	    add_upload(c, w, d.upload) == -1 ||
	    xml_add(w, "submit_key", d.submit_key) == NULL) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_REISSUE_CONFIRM, doc);
}

int
reissue_confirm(struct ctx *c)
{
	struct appdb_cert_row	 r;
	struct appdb_draft	 d;
	struct order_new	 n;
	const char		*why, *key = param_text(c->in, KEY_SUBMIT_KEY);
	char			 order_no[33], to[128], actor[48];
	char			 text[REASON_TEXT_MAX * 4 + 1];
	long long		 product, price, id, owner;
	int			 k;

	if ((k = certrow_lookup(c, KEY_CERT, &r)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	/* Submitted again (a double click, a retry): the order exists and
	 * the draft is gone; answer as the first time. */
	if (key != NULL && (id = appdb_order_by_key(c->db, key, &owner)) ==
	    -1)
		return -1;
	if (key != NULL && id > 0 && owner == c->sess->person) {
		log_info("reissue_confirm: person %lld cert %lld: order %lld "
		    "submitted again", c->sess->person, r.id, id);
		snprintf(to, sizeof(to), "/orders/pay?id=%lld", id);
		return page_redirect(c, to);
	}
	if (blocked(c, &r, &why, order_no, sizeof(order_no)) == -1)
		return -1;
	if (why != NULL)
		return wizard_page(c, 409, &r, why, order_no, NULL);
	if ((k = confirm_draft(c, &r, &d, text, sizeof(text))) == -1)
		return -1;
	/* Incomplete, or a form older than the draft's key. */
	if (k == 0 || key == NULL || strcmp(key, d.submit_key) != 0) {
		snprintf(to, sizeof(to), k == 0 ? "/reissue/step2?cert=%lld" :
		    "/reissue/confirm?cert=%lld", r.id);
		return page_redirect(c, to);
	}
	if (reissue_product(c, &product, &price) == -1)
		return -1;
	snprintf(actor, sizeof(actor), "person:%lld", c->sess->person);
	memset(&n, 0, sizeof(n));
	n.submit_key = d.submit_key;
	n.kind = ORDER_KIND_CA_REISSUE;
	n.person = c->sess->person;
	n.membership = c->who->membership;
	n.cert = r.id;
	n.product = product;
	n.quantity = 1;
	n.reason = reason_of(d.reason);
	n.reason_text = n.reason == ORDER_REASON_OTHER ? text : NULL;
	n.actor = actor;
	n.statement_upload = d.upload;
	if ((k = order_create(c->db, &n, &id)) == -1)
		return -1;
	if (k == 1) {
		/* Raced by another order for the certificate. */
		if (blocked(c, &r, &why, order_no, sizeof(order_no)) == -1)
			return -1;
		return wizard_page(c, 409, &r, why != NULL ? why : "order",
		    order_no, NULL);
	}
	log_info("reissue_confirm: person %lld cert %lld: order %lld",
	    c->sess->person, r.id, id);
	/* On to 支付 (图5). */
	snprintf(to, sizeof(to), "/orders/pay?id=%lld", id);
	return page_redirect(c, to);
}

int
reissue_upload_view(struct ctx *c)
{
	struct appdb_upload	 u;
	long long		 id;
	int			 k;

	if (!param_int(c->in, KEY_ID, &id))
		return page_error(c, 404);
	if ((k = upload_find(c, id, &u)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	return upload_serve(c, &u);
}
