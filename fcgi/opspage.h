/*
 * opspage.h: the operators' pages' frame and their order page, below the
 * handlers of 审核 (ops.c), 签发 (opsissue.c), 交付 (opshandover.c) and
 * 发票 (opsinvoice.c), which all show or return to it.
 */
#ifndef FCGI_OPSPAGE_H
#define FCGI_OPSPAGE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "fcgi/appdb.h"
#include "fcgi/page.h"

struct order;

/*
 * Starts an operator page document named name: the page frame
 * (page_common) and <operator office="CODE" name="NAME">OFFICE NAME
 * </operator>.  Returns the document (the caller frees it or hands it to
 * page_render) with *root set, or NULL.
 */
xmlDocPtr	 opspage_doc(struct ctx *c, const char *name,
		    xmlNodePtr *root);

/*
 * Renders the order page of order id for operators with HTTP status;
 * notice (a code from the URL or a handler), error (a handler's refusal
 * code) and typed (the 驳回原因 to refill) may be NULL.  404 if there is
 * no such order.  Returns like a handler.
 */
int		 opspage_order(struct ctx *c, long long id, int status,
		    const char *notice, const char *error, const char *typed);

/*
 * The certificate an order replaces, found in the buyer's scope: 1
 * (fills *r), 0 none, -1.  What the buyer's own page shows besides the
 * order (appdb_order_find() in the buyer's scope): 1, 0 none, -1.
 */
int		 opspage_order_cert(struct ctx *c, const struct order *o,
		    struct appdb_cert_row *r);
int		 opspage_order_info(struct ctx *c, const struct order *o,
		    struct appdb_order_info *info);

/* The offices (appdb_offices() collects them with opspage_offices_add). */
#define OPSPAGE_OFFICES_MAX	16
struct opspage_offices {
	struct appdb_office	 o[OPSPAGE_OFFICES_MAX];
	size_t			 n;
};
int		 opspage_offices_add(void *arg, const struct appdb_office *o);
/* The office with id, or with code, in l; NULL if none. */
const struct appdb_office *opspage_office_by_id(
		    const struct opspage_offices *l, long long id);
const struct appdb_office *opspage_office_by_code(
		    const struct opspage_offices *l, const char *code);

#endif
