/*
 * opsinvoice.c: the invoice desk (see opsinvoice.h).
 *
 * Invariants:
 * - An invoice belongs to its order's office (order_office(): the
 *   现场领取 office, 沈阳 for 邮寄).  The queue lists only the operator's
 *   own office; the page and both issuing POSTs answer 403 to an
 *   operator of another office and 404 for an order without an invoice
 *   request, and change nothing.
 * - An invoice is issued once, as the kind the applicant asked for, only
 *   while its order is paid: the refusals (unpaid, refunded, cancelled
 *   or closed, another kind, issued already with other content) are
 *   decided before anything is stored and repeated by the UPDATE's own
 *   conditions (appdb_invoice_issue), so a race changes nothing either.
 *   The same request again (the same PDF, the same two numbers) is
 *   answered as done and changes nothing.
 * - A 电子普票's PDF passes every check of an applicant's upload
 *   (upload_accept_pdf: size, sniffed as PDF, pdfscan's active-content
 *   refusal) before it is stored; its row, the invoice's state and the
 *   audit record "invoice.issue" are one transaction.
 * - 发票号码 is 8 digits (a 专票's 发票号码) or 20 digits (a 全电发票's
 *   number); the tracking number is 8-32 letters or digits, spaces
 *   ignored, kept upper-case (as 交付's 顺丰运单号): KEY_INVOICE_NO and
 *   KEY_TRACKING_NO of the key table.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "fcgi/appdb.h"
#include "fcgi/opspage.h"
#include "fcgi/opsinvoice.h"
#include "fcgi/orderxml.h"
#include "fcgi/order.h"
#include "fcgi/param.h"
#include "fcgi/req.h"
#include "fcgi/upload.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/hex.h"
#include "lib/log.h"

#define DESK_ROWS	200	/* invoices the queue lists at most */

/* ---- the queue ---- */

static int
desk_row(void *arg, const struct appdb_desk_item *it)
{
	xmlNodePtr	 parent = arg, e;

	if ((e = xml_add(parent, "invoice", NULL)) == NULL ||
	    xml_attr_int(e, "order", it->order) == -1 ||
	    xml_attr(e, "kind", it->kind) == -1 ||
	    xml_attr(e, "state", orderxml_invoice_shown(it->pay, it->state)) == -1 ||
	    xml_add(e, "no", it->order_no) == NULL ||
	    xml_add(e, "company", it->company) == NULL ||
	    xml_add(e, "title", it->title) == NULL ||
	    xml_add(e, "tax_id", it->tax_id) == NULL ||
	    xmlval_amount(e, it->amount_fen) == -1 ||
	    xmlval_time(e, "created", it->created_at) == -1 ||
	    xmlval_time(e, "issued", it->issued_at) == -1)
		return -1;
	return 0;
}

int
opsinvoice_queue(struct ctx *c)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, q;

	if ((doc = opspage_doc(c, "ops-invoices", &root)) == NULL)
		return -1;
	if ((q = xml_add(root, "desk", NULL)) == NULL ||
	    xml_attr_int(q, "max", DESK_ROWS) == -1 ||
	    appdb_invoice_desk(c->db, c->op->office_code, ORDER_MAIL_OFFICE,
	    DESK_ROWS, desk_row, q) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_OPS_INVOICES, doc);
}

/* ---- one invoice ---- */

/*
 * The order of the request's KEY_ID with its invoice, if it is the
 * operator's office's: 1 (fills *o, *v), 0 (the response is set: 404 or
 * 403), -1 error.
 */
static int
my_invoice(struct ctx *c, struct order *o, struct appdb_invoice_row *v)
{
	long long	 id, office;
	int		 k;

	if (!param_int(c->in, KEY_ID, &id) ||
	    (k = order_get(c->db, id, o)) == 0)
		return page_error(c, 404) == -1 ? -1 : 0;
	if (k == -1 || (office = order_office(c->db, o)) == -1)
		return -1;
	if (office != c->op->office) {
		log_warn("opsinvoice: operator %lld (office %lld) refused on "
		    "%s of office %lld", c->op->person, c->op->office,
		    o->order_no, office);
		return page_error(c, 403) == -1 ? -1 : 0;
	}
	if ((k = appdb_invoice_get(c->db, o->id, v)) != 1)
		return k == 0 ? (page_error(c, 404) == -1 ? -1 : 0) : -1;
	return 1;
}

/*
 * The invoice page with HTTP status, a notice or error code (NULL: none)
 * and the numbers as typed (NULL: none).
 */
static int
invoice_page(struct ctx *c, const struct order *o,
    const struct appdb_invoice_row *v, int status, const char *notice,
    const char *error, const char *inv_no, const char *track_no)
{
	struct appdb_order_scope s;
	struct appdb_order_info	 info;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, e, f;
	const char		*pay = order_pay_code(o->pay);
	int			 k;

	s.company = o->company;
	s.person = o->person;
	if ((k = appdb_order_find(c->db, &s, o->id, &info)) != 1)
		return k == 0 ? page_error(c, 404) : -1;
	if ((doc = opspage_doc(c, "ops-invoice", &root)) == NULL)
		return -1;
	if ((e = xml_add(root, "invoice", NULL)) == NULL ||
	    xml_attr_int(e, "order", o->id) == -1 ||
	    xml_attr(e, "kind", v->kind) == -1 ||
	    xml_attr(e, "pay", pay) == -1 ||
	    xml_attr(e, "state", orderxml_invoice_shown(pay, v->state)) == -1 ||
	    xml_add(e, "no", o->order_no) == NULL ||
	    xml_add(e, "company", info.company_name[0] != '\0' ?
	    info.company_name : info.buyer) == NULL ||
	    xml_add(e, "buyer", info.buyer) == NULL ||
	    xml_add(e, "title", v->title) == NULL ||
	    xml_add(e, "tax_id", v->tax_id) == NULL ||
	    xml_add(e, "address", v->address) == NULL ||
	    xml_add(e, "phone", v->phone) == NULL ||
	    xml_add(e, "bank", v->bank) == NULL ||
	    xml_add(e, "bank_account", v->bank_account) == NULL ||
	    xmlval_amount(e, o->amount_fen) == -1 ||
	    xmlval_time(e, "created", v->created_at) == -1 ||
	    xmlval_time(e, "issued", v->issued_at) == -1 ||
	    xml_add(e, "invoice_no", v->invoice_no) == NULL ||
	    xml_add(e, "tracking_no", v->tracking_no) == NULL ||
	    xml_attr(e, "file", v->upload != 0 ? "1" : "0") == -1)
		goto fail;
	if (notice != NULL && xml_add(root, "notice", notice) == NULL)
		goto fail;
	if (error != NULL && xml_add(root, "error", error) == NULL)
		goto fail;
	if ((f = xml_add(root, "typed", NULL)) == NULL ||
	    xml_attr(f, "invoice_no", inv_no != NULL &&
	    xml_text_ok(inv_no) ? inv_no : "") == -1 ||
	    xml_attr(f, "tracking_no", track_no != NULL &&
	    xml_text_ok(track_no) ? track_no : "") == -1)
		goto fail;
	return page_render(c, status, SHEET_OPS_INVOICE, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
opsinvoice_page(struct ctx *c)
{
	struct order		 o;
	struct appdb_invoice_row v;
	const char		*n = param_text(c->in, KEY_NOTICE);
	int			 k;

	if ((k = my_invoice(c, &o, &v)) != 1)
		return k;
	if (n != NULL && strcmp(n, "issued") != 0 && strcmp(n, "already") !=
	    0)
		n = NULL;
	return invoice_page(c, &o, &v, 200, n, NULL, NULL, NULL);
}

/*
 * Why the invoice cannot be issued as kind now: an error code, or NULL
 * if it can (or was, when *issued is set).
 */
static const char *
refusal(const struct order *o, const struct appdb_invoice_row *v,
    const char *kind, int *issued)
{
	*issued = 0;
	if (strcmp(v->kind, kind) != 0)
		return "wrong_kind";
	if (strcmp(v->state, "issued") == 0) {
		*issued = 1;
		return NULL;
	}
	switch (o->pay) {
	case ORDER_PAY_PAID:
		return NULL;
	case ORDER_PAY_UNPAID:
		return "unpaid";
	case ORDER_PAY_REFUNDED:
		return "refunded";
	default:
		return "cancelled";
	}
}

/*
 * Issues the invoice of o as iv in one transaction with its audit record,
 * storing the PDF f first (e_normal).  0 done (*code "issued") or refused
 * (*code the error, *status 400 or 409), -1 error.
 */
static int
issue(struct ctx *c, const struct order *o, struct appdb_invoice_issued *iv,
    const struct req_file *f, const char **code, int *status)
{
	char		 actor[48], detail[256];
	int		 k;

	*code = "issued";
	if (appdb_begin(c->db) == -1)
		return -1;
	if (f != NULL) {
		if ((k = upload_accept_pdf(c, f, o->company, &iv->upload)) ==
		    -1)
			goto fail;
		if (k != UPLOAD_OK) {
			appdb_rollback(c->db);
			*code = upload_refusal_code((enum upload_refusal)k);
			*status = 400;
			return 0;
		}
	}
	if ((k = appdb_invoice_issue(c->db, o->id, iv, (long long)time(NULL)))
	    == -1)
		goto fail;
	if (k == 0) {
		appdb_rollback(c->db);
		*code = "not_now";
		*status = 409;
		return 0;
	}
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	if (f != NULL)
		snprintf(detail, sizeof(detail), "%s (#%lld): 电子普票, upload "
		    "%lld", o->order_no, o->id, iv->upload);
	else
		snprintf(detail, sizeof(detail), "%s (#%lld): 纸质专票 %s, "
		    "tracking %s", o->order_no, o->id, iv->invoice_no,
		    iv->tracking_no);
	if (appdb_audit(c->db, actor, "invoice.issue", detail) == -1 ||
	    appdb_commit(c->db) == -1)
		goto fail;
	log_info("opsinvoice: %s issued by operator %lld", o->order_no,
	    c->op->person);
	return 0;
fail:
	appdb_rollback(c->db);
	return -1;
}

static int
back(struct ctx *c, long long id, const char *code)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/ops/invoice?id=%lld&notice=%s", id, code);
	return page_redirect(c, to);
}

/* 1 if the stored upload id holds exactly the bytes of f. */
static int
same_file(struct ctx *c, long long id, const struct req_file *f)
{
	struct appdb_upload	 u;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 n;
	char			 hex[65];

	if (f == NULL || f->len == 0 || appdb_upload_get(c->db, id, &u) != 1 ||
	    u.size != (long long)f->len ||
	    EVP_Digest(f->data, f->len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		return 0;
	hex_encode(md, n, hex, 0);
	return strcmp(hex, u.sha256) == 0;
}

int
opsinvoice_electronic(struct ctx *c)
{
	struct order		 o;
	struct appdb_invoice_row v;
	struct appdb_invoice_issued iv;
	const struct req_file	*f = req_file(c->req, "pdf");
	const char		*why;
	int			 k, issued, status = 200;

	if ((k = my_invoice(c, &o, &v)) != 1)
		return k;
	if ((why = refusal(&o, &v, "e_normal", &issued)) != NULL)
		return invoice_page(c, &o, &v, 409, NULL, why, NULL, NULL);
	if (issued)
		return same_file(c, v.upload, f) ? back(c, o.id, "already") :
		    invoice_page(c, &o, &v, 409, NULL, "issued_already", NULL,
		    NULL);
	if (f == NULL || f->len == 0)
		return invoice_page(c, &o, &v, 400, NULL, "empty", NULL, NULL);
	memset(&iv, 0, sizeof(iv));
	iv.kind = "e_normal";
	iv.by = c->op->person;
	if (issue(c, &o, &iv, f, &why, &status) == -1)
		return -1;
	if (strcmp(why, "issued") != 0)
		return invoice_page(c, &o, &v, status, NULL, why, NULL, NULL);
	return back(c, o.id, "issued");
}

int
opsinvoice_paper(struct ctx *c)
{
	struct order		 o;
	struct appdb_invoice_row v;
	struct appdb_invoice_issued iv;
	/* As typed, to fill the form again; as checked. */
	const char		*raw_no = param_keep(c->in, KEY_INVOICE_NO);
	const char		*raw_tr = param_keep(c->in, KEY_TRACKING_NO);
	const char		*no = param_text(c->in, KEY_INVOICE_NO);
	const char		*tr = param_text(c->in, KEY_TRACKING_NO);
	const char		*why;
	int			 k, issued, status = 200;

	if ((k = my_invoice(c, &o, &v)) != 1)
		return k;
	if ((why = refusal(&o, &v, "paper_special", &issued)) != NULL)
		return invoice_page(c, &o, &v, 409, NULL, why, raw_no, raw_tr);
	if (no == NULL)
		return invoice_page(c, &o, &v, 400, NULL, "invoice_no_bad",
		    raw_no, raw_tr);
	if (tr == NULL)
		return invoice_page(c, &o, &v, 400, NULL, "tracking_bad",
		    raw_no, raw_tr);
	if (issued)
		return strcmp(no, v.invoice_no) == 0 &&
		    strcmp(tr, v.tracking_no) == 0 ? back(c, o.id, "already") :
		    invoice_page(c, &o, &v, 409, NULL, "issued_already", raw_no,
		    raw_tr);
	memset(&iv, 0, sizeof(iv));
	iv.kind = "paper_special";
	iv.invoice_no = no;
	iv.tracking_no = tr;
	iv.by = c->op->person;
	if (issue(c, &o, &iv, NULL, &why, &status) == -1)
		return -1;
	if (strcmp(why, "issued") != 0)
		return invoice_page(c, &o, &v, status, NULL, why, raw_no,
		    raw_tr);
	return back(c, o.id, "issued");
}
