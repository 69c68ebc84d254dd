/*
 * ops.c: 审核 — the operators' queue (/ops), one order for operators
 * (/ops/order), its stamped statement (/ops/upload), 审核通过
 * (/ops/approve) and 审核驳回 (/ops/reject).  See ops.h.
 *
 * Rules kept here:
 * - An order belongs to one office: its 现场领取 office, or for 邮寄
 *   ORDER_MAIL_OFFICE (沈阳办理点), as order_office() says; the queue's
 *   SQL applies the same rule.  Every operator may look at every order
 *   (the queue's office filter has "all"), but only an operator of the
 *   order's office may approve or reject it (else 403, nothing changes).
 * - What may happen to an order is order_check()'s verdict, never
 *   decided here: an illegal move is refused with a Chinese message on
 *   the order page (HTTP 409) and writes nothing; a move that already
 *   happened (a double click, a second operator) is reported and
 *   changes nothing.
 * - 审核通过 revokes first: the signing daemon revokes the old
 *   certificate (lost -> keyCompromise, damaged -> superseded, other ->
 *   unspecified) for the order number, so the daemon's later REISSUE of
 *   that order knows it was done, and a retry is answered "done" again.
 *   Only then does CA管理's row become 'revoked' (one transaction, one
 *   audit record) and the order 审核通过/待签发 (order_apply).  If the
 *   daemon cannot be reached, nothing changes (503).
 * - 审核驳回 refunds first, through the payment provider (a refund that
 *   already happened counts as done), and only then marks the order
 *   rejected and its payment refunded (order_reject), so a failure
 *   between the two is repaired by trying again without paying twice.
 * - Every change is made with the actor "operator:PERSON_ID", which the
 *   order history and the audit log keep.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/certrow.h"
#include "fcgi/paygate.h"
#include "fcgi/listq.h"
#include "fcgi/ops.h"
#include "fcgi/opspage.h"
#include "fcgi/opsissuexml.h"
#include "fcgi/order.h"
#include "fcgi/orderxml.h"
#include "fcgi/param.h"
#include "fcgi/pay.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/upload.h"
#include "fcgi/webca.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"
#include "lib/log.h"

#define OPS_REJECT_MAX		200	/* characters of 驳回原因 */

/* CRLReason codes (RFC 5280 5.3.1) of the revocation at approval. */
#define CRL_UNSPECIFIED		0
#define CRL_KEY_COMPROMISE	1
#define CRL_SUPERSEDED		4

/* The CRLReason of the revocation at approval, by 补办原因. */
static int
crl_reason(enum order_reason r)
{
	switch (r) {
	case ORDER_REASON_LOST:
		return CRL_KEY_COMPROMISE;
	case ORDER_REASON_DAMAGED:
		return CRL_SUPERSEDED;
	default:
		return CRL_UNSPECIFIED;
	}
}

static const char *
crl_reason_name(int reason)
{
	switch (reason) {
	case CRL_KEY_COMPROMISE:
		return "keyCompromise";
	case CRL_SUPERSEDED:
		return "superseded";
	default:
		return "unspecified";
	}
}

/* The reason in Chinese, for the order's history, which applicants read
 * (the technical name stays in the audit log and the CRL). */
static const char *
crl_reason_zh(int reason)
{
	switch (reason) {
	case CRL_KEY_COMPROMISE:
		return "密钥泄露";
	case CRL_SUPERSEDED:
		return "已被取代";
	default:
		return "未指定";
	}
}

/* ---- 审核: the queue ---- */

struct queue {
	xmlNodePtr	 parent;
	const char	*mine;		/* the operator's office code */
};

static int
queue_row(void *arg, const struct appdb_ops_item *it)
{
	struct queue	*q = arg;
	xmlNodePtr	 e, x;

	if ((e = xml_add(q->parent, "order", NULL)) == NULL ||
	    xml_attr_int(e, "id", it->id) == -1 ||
	    xml_attr(e, "pay", it->pay) == -1 ||
	    xml_attr(e, "review", it->review) == -1 ||
	    xml_attr(e, "delivery", it->delivery) == -1 ||
	    xml_attr(e, "method", it->pickup_method) == -1 ||
	    xml_attr(e, "lock", it->lock_type) == -1 ||
	    xml_attr(e, "mine", strcmp(it->office_code, q->mine) == 0 ?
	    "1" : "0") == -1 ||
	    xml_attr(e, "confirm", it->confirm ? "1" : "0") == -1 ||
	    xml_add(e, "no", it->order_no) == NULL ||
	    xmlval_time(e, "paid", it->paid_at) == -1 ||
	    xml_add(e, "company", it->company) == NULL ||
	    xml_add(e, "buyer", it->buyer) == NULL ||
	    xml_add(e, "holder", it->holder) == NULL)
		return -1;
	if ((x = xml_add(e, "reason", it->reason_text)) == NULL ||
	    xml_attr(x, "code", it->reason) == -1 ||
	    (x = xml_add(e, "office", it->office_name)) == NULL ||
	    xml_attr(x, "code", it->office_code) == -1)
		return -1;
	return 0;
}

int
ops_queue(struct ctx *c)
{
	static struct opspage_offices	 offices;
	const char		*office_q = param_text(c->in, KEY_OFFICE);
	int			 k = param_enum(c->in, KEY_STATUS);
	const struct appdb_office *f = NULL;
	enum appdb_ops_status	 status = APPDB_OPS_PENDING;
	long long		 counts[APPDB_OPS__MAX];
	struct listq		 lq;
	struct queue		 q;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, qe, e;
	size_t			 i;
	int			 all = 0;

	memset(&offices, 0, sizeof(offices));
	if (appdb_offices(c->db, opspage_offices_add, &offices) == -1)
		return -1;
	if (office_q != NULL && strcmp(office_q, "all") == 0)
		all = 1;
	else if ((f = opspage_office_by_code(&offices, office_q)) == NULL &&
	    (f = opspage_office_by_code(&offices, c->op->office_code)) == NULL) {
		log_err("ops_queue: operator %lld: office %s is not listed",
		    c->op->person, c->op->office_code);
		return -1;
	}
	if (k >= 0)
		status = (enum appdb_ops_status)k;
	listq_parse(c->in, &lq);
	lq.q[0] = '\0';
	lq.q_bad = 0;
	if (appdb_ops_counts(c->db, all ? NULL : f->code, ORDER_MAIL_OFFICE,
	    counts) == -1)
		return -1;
	listq_clamp(&lq, counts[status]);

	if ((doc = opspage_doc(c, "ops", &root)) == NULL)
		return -1;
	if ((qe = xml_add(root, "queue", NULL)) == NULL ||
	    xml_attr(qe, "office", all ? "all" : f->code) == -1 ||
	    xml_attr(qe, "status", param_enum_name(KEY_STATUS, status)) ==
	    -1 ||
	    xml_attr(qe, "mail_office", ORDER_MAIL_OFFICE) == -1)
		goto fail;
	for (i = 0; i < offices.n; i++)
		if ((e = xml_add(qe, "office", offices.o[i].name)) == NULL ||
		    xml_attr(e, "code", offices.o[i].code) == -1)
			goto fail;
	for (i = 0; i < APPDB_OPS__MAX; i++)
		if ((e = xml_add(qe, "tab", NULL)) == NULL ||
		    xml_attr(e, "status", param_enum_name(KEY_STATUS,
		    (int)i)) == -1 ||
		    xml_attr_int(e, "count", counts[i]) == -1)
			goto fail;
	if (listq_pager(qe, &lq, counts[status]) == NULL)
		goto fail;
	q.parent = qe;
	q.mine = c->op->office_code;
	if (appdb_ops_page(c->db, all ? NULL : f->code, ORDER_MAIL_OFFICE,
	    status, lq.size, listq_offset(&lq), queue_row, &q) == -1)
		goto fail;
	return page_render(c, 200, SHEET_OPS, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

/* ---- one order ---- */

/* The certificate o replaces: 1 (fills *r), 0 none, -1 error. */
int
ops_order(struct ctx *c)
{
	long long	 id;

	if (!param_int(c->in, KEY_ID, &id))
		return page_error(c, 404);
	return opspage_order(c, id, 200, param_text(c->in, KEY_NOTICE), NULL,
	    NULL);
}

int
ops_upload(struct ctx *c)
{
	static struct appdb_order_info info;
	static struct appdb_upload up;
	struct order	 o;
	long long	 id;
	int		 k;

	if (!param_int(c->in, KEY_ID, &id))
		return page_error(c, 404);
	if ((k = order_get(c->db, id, &o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if ((k = opspage_order_info(c, &o, &info)) == -1)
		return -1;
	if (k == 0 || info.statement_upload == 0)
		return page_error(c, 404);
	if ((k = appdb_upload_get(c->db, info.statement_upload, &up)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	log_info("ops_upload: operator %lld views the statement of %s",
	    c->op->person, o.order_no);
	return upload_serve(c, &up);
}

/* ---- 审核通过 and 审核驳回 ---- */

/* Back to the order page (303) with a notice code. */
static int
back(struct ctx *c, long long id, const char *notice)
{
	char	 to[96];

	snprintf(to, sizeof(to), "/ops/order?id=%lld&notice=%s", id, notice);
	return page_redirect(c, to);
}

/*
 * The order of the form's id, if the operator may decide on it: 1
 * (fills *o), 0 (the response is set: 404 for no such order, 403 for
 * another office's), -1 error.
 */
static int
my_order(struct ctx *c, struct order *o)
{
	long long	 id, office;
	int		 k;

	if (!param_int(c->in, KEY_ID, &id))
		return page_error(c, 404) == -1 ? -1 : 0;
	if ((k = order_get(c->db, id, o)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404) == -1 ? -1 : 0;
	if ((office = order_office(c->db, o)) == -1)
		return -1;
	if (office != c->op->office) {
		log_warn("ops: operator %lld (office %s) refused on %s of "
		    "office %lld", c->op->person, c->op->office_code,
		    o->order_no, office);
		return page_error(c, 403) == -1 ? -1 : 0;
	}
	return 1;
}

/*
 * CA管理 shows the certificate as 已注销: 'valid' (or 'reissuing') ->
 * 'revoked', with one audit record, in one transaction.  A row already
 * moved stays as it is.  0 / -1.
 */
static int
mark_revoked(struct ctx *c, const char *actor, const struct order *o,
    const struct appdb_cert_row *r, int reason)
{
	char	 detail[256];
	int	 k;

	snprintf(detail, sizeof(detail), "order=%s cert=%lld serial=%s "
	    "reason=%s", o->order_no, r->id, r->serial,
	    crl_reason_name(reason));
	if (appdb_begin(c->db) == -1)
		return -1;
	if ((k = appdb_cert_status_move(c->db, r->id, "valid", "revoked")) ==
	    0)
		k = appdb_cert_status_move(c->db, r->id, "reissuing",
		    "revoked");
	if (k == -1 || (k == 1 &&
	    appdb_audit(c->db, actor, "cert.revoke", detail) == -1) ||
	    appdb_commit(c->db) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	return 0;
}

int
ops_approve(struct ctx *c)
{
	static struct appdb_cert_row r;
	struct order		 o;
	enum order_verdict	 v;
	char			 actor[48], err[256], note[128];
	int			 k, reason, changed;

	if ((k = my_order(c, &o)) != 1)
		return k;
	v = order_check(&o, ORDER_APPROVE, (long long)time(NULL));
	if (v == ORDER_ALREADY)
		return back(c, o.id, "approve_again");
	if (v != ORDER_LEGAL) {
		log_info("ops_approve: %s: not now (%s/%s/%s)", o.order_no,
		    order_pay_code(o.pay), order_review_code(o.review),
		    order_delivery_code(o.delivery));
		return opspage_order(c, o.id, 409, NULL, "approve_illegal",
		    NULL);
	}
	if ((k = opspage_order_cert(c, &o, &r)) == -1)
		return -1;
	if (k == 0) {
		log_err("ops_approve: %s: its certificate %lld is not found",
		    o.order_no, o.cert);
		return opspage_order(c, o.id, 409, NULL, "no_cert", NULL);
	}
	reason = crl_reason(o.reason);
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);

	/* Revoke at once; the same order asking again is answered done. */
	k = caclient_revoke(webca_of(c, r.serial)->sock, actor, r.serial, reason,
	    o.order_no, err, sizeof(err));
	if (k == -1)
		return opspage_order(c, o.id, 503, NULL, "daemon", NULL);
	if (k == 1) {
		log_warn("ops_approve: %s: daemon refused to revoke %s: %s",
		    o.order_no, r.serial, err);
		return opspage_order(c, o.id, 409, NULL, "revoke_refused", NULL);
	}
	log_info("ops_approve: %s: %s revoked (%s) by %s", o.order_no,
	    r.serial, crl_reason_name(reason), actor);
	snprintf(note, sizeof(note), "原证书 %s 已注销，注销原因：%s", r.serial,
	    crl_reason_zh(reason));
	if (mark_revoked(c, actor, &o, &r, reason) == -1 ||
	    (k = order_apply(c->db, o.id, ORDER_APPROVE, actor, note,
	    &changed)) == -1) {
		/* Approving again repairs it: the daemon answers done. */
		log_err("ops_approve: %s: %s revoked by the daemon but the "
		    "app database was not updated", o.order_no, r.serial);
		return -1;
	}
	if (k == 1) {
		log_err("ops_approve: %s: %s revoked by the daemon but the "
		    "order moved meanwhile", o.order_no, r.serial);
		return opspage_order(c, o.id, 409, NULL, "approve_illegal",
		    NULL);
	}
	return back(c, o.id, changed ? "approved" : "approve_again");
}

int
ops_reject(struct ctx *c)
{
	static struct appdb_payment	 p;
	const struct pay_provider	*prov = paygate_provider(c->conf);
	const char			*raw = param_text(c->in,
					    KEY_REASON_NOTE);
	const char			*typed = param_keep(c->in,
					    KEY_REASON_NOTE);
	struct order			 o;
	enum order_verdict		 v;
	char				 reason[OPS_REJECT_MAX * 4 + 1];
	char				 actor[48], *s;
	int				 k, changed;

	if ((k = my_order(c, &o)) != 1)
		return k;
	v = order_check(&o, ORDER_REJECT, (long long)time(NULL));
	if (v == ORDER_ALREADY)
		return back(c, o.id, "reject_again");
	if (v != ORDER_LEGAL)
		return opspage_order(c, o.id, 409, NULL, "reject_illegal",
		    typed);
	if (raw == NULL || strlen(raw) >= sizeof(reason))
		return opspage_order(c, o.id, 400, NULL, "reason_required",
		    typed);
	memcpy(reason, raw, strlen(raw) + 1);
	/* One line in the history: line breaks become spaces. */
	for (s = reason; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
	if ((k = appdb_payment_get(c->db, o.id, &p)) == -1)
		return -1;
	if (k == 0 || prov == NULL || strcmp(p.provider, prov->name) != 0) {
		log_err("ops_reject: %s: no refund possible (payment %s, "
		    "provider %s)", o.order_no, k == 0 ? "none" : p.provider,
		    prov == NULL ? "none" : prov->name);
		return opspage_order(c, o.id, 503, NULL, "refund_unavailable",
		    typed);
	}
	/* Refund first: a refund already made counts as done. */
	if ((k = prov->refund(o.order_no, p.amount_fen)) == -1)
		return opspage_order(c, o.id, 503, NULL, "refund_failed", typed);
	if (k == 1) {
		log_warn("ops_reject: %s: the provider refused the refund",
		    o.order_no);
		return opspage_order(c, o.id, 409, NULL, "refund_refused",
		    typed);
	}
	snprintf(actor, sizeof(actor), "operator:%lld", c->op->person);
	if ((k = order_reject(c->db, o.id, reason, actor, &changed)) == -1) {
		log_err("ops_reject: %s: refunded at the provider but the "
		    "order was not updated", o.order_no);
		return -1;
	}
	if (k == 1)
		return opspage_order(c, o.id, 409, NULL, "reject_illegal",
		    typed);
	return back(c, o.id, changed ? "rejected" : "reject_again");
}
