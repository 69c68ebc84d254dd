/*
 * render.c: the render cache, the only user of libxslt.
 *
 * Stylesheets are parsed once, at worker start, while file reads are
 * still allowed (xsl:import needs them).  Every transform then runs with a
 * security-prefs object that forbids reading and writing files, creating
 * directories and any network access, so a stylesheet or a document
 * cannot reach outside the request.  The parser never substitutes entities
 * or loads DTDs.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "fcgi/render.h"
#include "lib/log.h"

static const char *const sheet_files[SHEET__MAX] = {
	"error.xsl",		/* SHEET_ERROR */
	"login.xsl",		/* SHEET_LOGIN */
	"register.xsl",		/* SHEET_REGISTER */
	"reset.xsl",		/* SHEET_RESET */
	"identity.xsl",		/* SHEET_IDENTITY */
	"me.xsl",		/* SHEET_ME */
	"company.xsl",		/* SHEET_COMPANY */
	"staff.xsl",		/* SHEET_STAFF */
	"certs.xsl",		/* SHEET_CERTS */
	"cert-view.xsl",	/* SHEET_CERT_VIEW */
	"cert-platform.xsl",	/* SHEET_CERT_PLATFORM */
	"cert-revoke.xsl",	/* SHEET_CERT_REVOKE */
	"doc.xsl",		/* SHEET_DOC */
	"reissue-info.xsl",	/* SHEET_REISSUE_INFO */
	"reissue-type.xsl",	/* SHEET_REISSUE_TYPE */
	"statement-docx.xsl",	/* SHEET_STATEMENT_DOCX */
	"reissue-confirm.xsl",	/* SHEET_REISSUE_CONFIRM */
	"orders.xsl",		/* SHEET_ORDERS */
	"order-view.xsl",	/* SHEET_ORDER_VIEW */
	"invoices.xsl",		/* SHEET_INVOICES */
	"checkout.xsl",		/* SHEET_CHECKOUT */
	"pay-return.xsl",	/* SHEET_PAY_RETURN */
	"sandbox-cashier.xsl",	/* SHEET_SANDBOX_CASHIER */
	"ops.xsl",		/* SHEET_OPS */
	"ops-order.xsl",	/* SHEET_OPS_ORDER */
};

static xsltStylesheetPtr	 sheets[SHEET__MAX];
static xsltSecurityPrefsPtr	 prefs;

const char *
render_sheet_file(enum sheet sheet)
{
	return (unsigned)sheet < SHEET__MAX ? sheet_files[sheet] : NULL;
}

int
render_init(const char *dir)
{
	char	 path[PATH_MAX];
	int	 i;

	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	if ((prefs = xsltNewSecurityPrefs()) == NULL ||
	    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK,
	    xsltSecurityForbid) != 0) {
		log_err("render_init: cannot set up XSLT security prefs");
		return -1;
	}
	for (i = 0; i < SHEET__MAX; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir,
		    sheet_files[i]) >= (int)sizeof(path))
			return -1;
		if ((sheets[i] = xsltParseStylesheetFile(
		    (const xmlChar *)path)) == NULL) {
			log_err("render_init: cannot parse %s", path);
			return -1;
		}
	}
	return 0;
}

void
render_free(void)
{
	int	 i;

	for (i = 0; i < SHEET__MAX; i++) {
		if (sheets[i] != NULL)
			xsltFreeStylesheet(sheets[i]);
		sheets[i] = NULL;
	}
	if (prefs != NULL)
		xsltFreeSecurityPrefs(prefs);
	prefs = NULL;
}

int
render_page(enum sheet sheet, xmlDocPtr doc, char **out, size_t *len)
{
	xsltTransformContextPtr	 ctx = NULL;
	xmlDocPtr		 res = NULL;
	xmlChar			*buf = NULL;
	int			 n = 0, rc = -1;

	*out = NULL;
	*len = 0;
	if ((unsigned)sheet >= SHEET__MAX || sheets[sheet] == NULL) {
		log_err("render_page: stylesheet %d not loaded", (int)sheet);
		return -1;
	}
	if ((ctx = xsltNewTransformContext(sheets[sheet], doc)) == NULL ||
	    xsltSetCtxtSecurityPrefs(prefs, ctx) != 0) {
		log_err("render_page: cannot create transform context");
		goto out;
	}
	res = xsltApplyStylesheetUser(sheets[sheet], doc, NULL, NULL, NULL,
	    ctx);
	if (res == NULL || ctx->state != XSLT_STATE_OK) {
		log_err("render_page: transform with %s failed",
		    sheet_files[sheet]);
		goto out;
	}
	if (xsltSaveResultToString(&buf, &n, res, sheets[sheet]) != 0 ||
	    buf == NULL) {
		log_err("render_page: cannot serialise %s result",
		    sheet_files[sheet]);
		goto out;
	}
	/* xmlFree and free are the same allocator unless someone swaps it. */
	if ((*out = malloc((size_t)n + 1)) == NULL)
		goto out;
	memcpy(*out, buf, (size_t)n);
	(*out)[n] = '\0';
	*len = (size_t)n;
	rc = 0;
out:
	xmlFree(buf);
	if (res != NULL)
		xmlFreeDoc(res);
	if (ctx != NULL)
		xsltFreeTransformContext(ctx);
	return rc;
}
