/*
 * render.h: turning a page document into HTML with the stylesheets of
 * xsl/, each parsed once per worker.
 */
#ifndef FCGI_RENDER_H
#define FCGI_RENDER_H

#include <stddef.h>

#include <libxml/tree.h>

enum sheet {
	SHEET_ERROR,		/* xsl/error.xsl */
	SHEET_LOGIN,		/* xsl/login.xsl */
	SHEET_REGISTER,		/* xsl/register.xsl */
	SHEET_RESET,		/* xsl/reset.xsl */
	SHEET_IDENTITY,		/* xsl/identity.xsl */
	SHEET_ME,		/* xsl/me.xsl */
	SHEET_COMPANY,		/* xsl/company.xsl */
	SHEET_STAFF,		/* xsl/staff.xsl */
	SHEET_CERTS,		/* xsl/certs.xsl */
	SHEET_CERT_VIEW,	/* xsl/cert-view.xsl */
	SHEET_CERT_PLATFORM,	/* xsl/cert-platform.xsl */
	SHEET_CERT_REVOKE,	/* xsl/cert-revoke.xsl */
	SHEET_DOC,		/* xsl/doc.xsl */
	SHEET_REISSUE_INFO,	/* xsl/reissue-info.xsl */
	SHEET_REISSUE_TYPE,	/* xsl/reissue-type.xsl */
	SHEET_STATEMENT_DOCX,	/* xsl/statement-docx.xsl: XML, not HTML */
	SHEET_REISSUE_CONFIRM,	/* xsl/reissue-confirm.xsl */
	SHEET_ORDERS,		/* xsl/orders.xsl */
	SHEET_ORDER_VIEW,	/* xsl/order-view.xsl */
	SHEET_INVOICES,		/* xsl/invoices.xsl */
	SHEET_CHECKOUT,		/* xsl/checkout.xsl */
	SHEET_PAY_RETURN,	/* xsl/pay-return.xsl */
	SHEET_SANDBOX_CASHIER,	/* xsl/sandbox-cashier.xsl */
	SHEET_OPS,		/* xsl/ops.xsl */
	SHEET_OPS_ORDER,	/* xsl/ops-order.xsl */
	SHEET_ELSEWHERE,	/* xsl/elsewhere.xsl */
	SHEET_OPS_INVOICES,	/* xsl/ops-invoices.xsl */
	SHEET_OPS_INVOICE,	/* xsl/ops-invoice.xsl */
	SHEET_JOIN,		/* xsl/join.xsl */
	SHEET__MAX
};

/*
 * Parses every stylesheet from dir (entity substitution and DTD loading
 * off).  Returns 0, or -1 with the failing file logged.  Call once per
 * process before render_page().
 */
int	 render_init(const char *dir);
/* The file name (in the stylesheet directory) of sheet. */
const char *render_sheet_file(enum sheet sheet);
/* Frees the parsed stylesheets; safe to call without render_init(). */
void	 render_free(void);
/*
 * Applies sheet to doc under security prefs that forbid file and network
 * access.  On success returns 0 and sets *out to a malloc'd string of
 * *len bytes, which the caller frees with free(); -1 on failure (logged).
 * The string is the result serialized as the sheet's xsl:output says:
 * HTML for pages, XML (with its declaration) for SHEET_STATEMENT_DOCX.
 */
int	 render_page(enum sheet sheet, xmlDocPtr doc, char **out,
	    size_t *len);

#endif
