/*
 * render.c: the render cache, the only user of libxslt.
 *
 * Stylesheets are parsed once, at worker start, while file reads are
 * still allowed (xsl:import needs them).  Every transform then runs with a
 * security-prefs object that forbids reading and writing files, creating
 * directories and any network access, so a stylesheet or a document
 * cannot reach outside the request.  The parser never substitutes entities
 * or loads DTDs.
 *
 * HTML results are serialized by html_dump() below instead of libxslt's
 * xsltSaveResultToString(), byte for byte the same output for the nodes our
 * stylesheets make (elements without namespace, attributes, text,
 * comments, the doctype) and falling back to libxslt for anything else.
 * libxml2 2.9's HTML writer looked every element name up in its table of
 * HTML elements by a linear scan of case-insensitive compares, and copied
 * every attribute value and text twice; that was a fifth of a worker's
 * time on the CA管理 page (make bench, "Where a worker's time goes").
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlsave.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "fcgi/render.h"
#include "fcgi/xmlmem.h"
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
	"elsewhere.xsl",	/* SHEET_ELSEWHERE */
	"ops-invoices.xsl",	/* SHEET_OPS_INVOICES */
	"ops-invoice.xsl",	/* SHEET_OPS_INVOICE */
	"join.xsl",		/* SHEET_JOIN */
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

/* ---- the HTML writer ---- */

struct obuf {
	char	*b;
	size_t	 len, cap;
	int	 fail;		/* out of memory, or a node we do not write */
};

/* Makes room for n more bytes.  0 / -1 (o->fail set). */
static int
ob_grow(struct obuf *o, size_t n)
{
	char	*nb;
	size_t	 cap;

	if (o->fail)
		return -1;
	cap = o->cap;
	while (n > cap - o->len)
		cap *= 2;
	if ((nb = realloc(o->b, cap)) == NULL) {
		o->fail = 1;
		return -1;
	}
	o->b = nb;
	o->cap = cap;
	return 0;
}

static inline void
ob_put(struct obuf *o, const char *s, size_t n)
{
	if (n > o->cap - o->len && ob_grow(o, n) == -1)
		return;
	memcpy(o->b + o->len, s, n);
	o->len += n;
}

static inline void
ob_str(struct obuf *o, const char *s)
{
	ob_put(o, s, strlen(s));
}

/*
 * libxml2's table entry for element name, through a small cache keyed by
 * the name's text (names come from the stylesheets' dictionary, so there
 * are few of them).  NULL: not an HTML element.
 */
#define TAGCACHE	128
static struct {
	char			 name[16];
	const htmlElemDesc	*info;
	int			 used;
} tagcache[TAGCACHE];

static const htmlElemDesc *
tag_info(const xmlChar *name)
{
	const unsigned char	*p;
	unsigned		 h = 2166136261u;
	size_t			 n, i, k;

	for (p = name; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	n = (size_t)(p - name);
	if (n >= sizeof(tagcache[0].name))
		return htmlTagLookup(name);
	for (i = 0; i < TAGCACHE; i++) {
		k = (h + i) % TAGCACHE;
		if (!tagcache[k].used) {
			memcpy(tagcache[k].name, name, n + 1);
			tagcache[k].info = htmlTagLookup(name);
			tagcache[k].used = 1;
			return tagcache[k].info;
		}
		if (strcmp(tagcache[k].name, (const char *)name) == 0)
			return tagcache[k].info;
	}
	return htmlTagLookup(name);
}

/*
 * The bytes put_text() stops at: 1 for <, > and &, 2 for a double quote
 * (fatal in an attribute value), 3 for the NUL and for control characters
 * other than tab and newline.
 */
static const unsigned char text_stop[256] = {
	3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	['"'] = 2, ['&'] = 1, ['<'] = 1, ['>'] = 1,
};

/*
 * Text as xmlEncodeEntitiesReentrant() escapes it in an HTML document:
 * <, > and & become entities, everything else (UTF-8 included) is copied.
 * A carriage return, another control character, "&{" (which libxml2
 * versions treat differently) or, in an attribute value (attr), a double
 * quote (libxml2 switches quotes) makes the writer give up (o->fail).
 */
static void
put_text(struct obuf *o, const xmlChar *t, int attr)
{
	const xmlChar	*run = t, *p = t;

	for (;;) {
		while (text_stop[*p] == 0)
			p++;
		ob_put(o, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '\0':
			return;
		case '<':
			ob_put(o, "&lt;", 4);
			break;
		case '>':
			ob_put(o, "&gt;", 4);
			break;
		case '&':
			if (p[1] == '{') {
				o->fail = 1;
				return;
			}
			ob_put(o, "&amp;", 5);
			break;
		case '"':
			if (attr) {
				o->fail = 1;
				return;
			}
			ob_put(o, "\"", 1);
			break;
		default:
			o->fail = 1;
			return;
		}
		run = ++p;
	}
}

/*
 * 1 if s is left as it is by the URI escaping libxml2 applies to href,
 * action, src and a/@name (xmlURIEscapeStr() with a list of kept
 * characters that differs between versions; the bytes here are kept by
 * all of them): unreserved characters of RFC 2396 and @/:=?;#%&.
 */
static int
uri_plain(const xmlChar *s)
{
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9'))
			continue;
		if (strchr("-_.!~*'()@/:=?;#%&", *s) == NULL)
			return 0;
	}
	return 1;
}

/* 1 if libxml2 URI-escapes the value of a (href, action, src, a/@name). */
static int
is_uri_attr(const xmlAttr *a)
{
	if (a->ns != NULL || a->parent == NULL || a->parent->ns != NULL ||
	    strchr("hasnHASN", a->name[0]) == NULL)
		return 0;
	return xmlStrcasecmp(a->name, BAD_CAST "href") == 0 ||
	    xmlStrcasecmp(a->name, BAD_CAST "action") == 0 ||
	    xmlStrcasecmp(a->name, BAD_CAST "src") == 0 ||
	    (xmlStrcasecmp(a->name, BAD_CAST "name") == 0 &&
	    xmlStrcasecmp(a->parent->name, BAD_CAST "a") == 0);
}

/*
 * htmlIsBooleanAttr(), which compares name with each of its 13 names in
 * turn, for the few lower-case names of its length only.
 */
static int
bool_attr(const xmlChar *name)
{
	static const char *const names[] = { "checked", "compact", "declare",
	    "defer", "disabled", "ismap", "multiple", "nohref", "noresize",
	    "noshade", "nowrap", "readonly", "selected" };
	const xmlChar	*p;
	size_t		 i, n;
	int		 upper = 0;

	for (p = name; *p != '\0'; p++)
		upper |= *p >= 'A' && *p <= 'Z';
	if (upper)
		return htmlIsBooleanAttr(name);
	n = (size_t)(p - name);
	if (n < 5 || n > 8 || strchr("cdimnrs", name[0]) == NULL)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i][0] == name[0] && strlen(names[i]) == n &&
		    memcmp(names[i], name, n) == 0)
			return 1;
	return 0;
}

/*
 * As htmlAttrDumpOutput(): the value escaped as text (put_text), in
 * double quotes.  Gives up (o->fail) on a value with a double quote
 * (libxml2 switches quotes), on a URI attribute that the URI escaping
 * would change, and on an attribute that is not one text node.
 */
static void
put_attr(struct obuf *o, const xmlAttr *a)
{
	const xmlChar	*v;

	if (a->ns != NULL) {
		o->fail = 1;
		return;
	}
	ob_put(o, " ", 1);
	ob_str(o, (const char *)a->name);
	if (a->children == NULL || bool_attr(a->name))
		return;
	if (a->children->type != XML_TEXT_NODE || a->children->next != NULL ||
	    (v = a->children->content) == NULL ||
	    (is_uri_attr(a) && (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' ||
	    !uri_plain(v)))) {
		o->fail = 1;
		return;
	}
	ob_put(o, "=\"", 2);
	put_text(o, v, 1);
	ob_put(o, "\"", 1);
}

/* As htmlNodeDumpFormatOutput() with format 0, for the nodes we make. */
static void
put_node(struct obuf *o, xmlNodePtr n, int depth)
{
	const htmlElemDesc	*info;
	const xmlAttr		*a;
	xmlNodePtr		 c;

	if (o->fail)
		return;
	switch (n->type) {
	case XML_DTD_NODE:
		return;
	case XML_TEXT_NODE:
		if (n->content == NULL)
			return;
		if (n->name != xmlStringTextNoenc && (n->parent == NULL ||
		    n->parent->name == NULL ||
		    (n->parent->name[0] | 0x20) != 's' ||
		    (xmlStrcasecmp(n->parent->name, BAD_CAST "script") != 0 &&
		    xmlStrcasecmp(n->parent->name, BAD_CAST "style") != 0)))
			put_text(o, n->content, 0);
		else
			ob_str(o, (const char *)n->content);
		return;
	case XML_COMMENT_NODE:
		if (n->content != NULL) {
			ob_put(o, "<!--", 4);
			ob_str(o, (const char *)n->content);
			ob_put(o, "-->", 3);
		}
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		o->fail = 1;
		return;
	}
	if (n->ns != NULL || n->nsDef != NULL || depth > 200) {
		o->fail = 1;
		return;
	}
	info = tag_info(n->name);
	ob_put(o, "<", 1);
	ob_str(o, (const char *)n->name);
	for (a = n->properties; a != NULL; a = a->next)
		put_attr(o, a);
	if (info != NULL && info->empty) {
		ob_put(o, ">", 1);
		return;
	}
	if (n->children == NULL) {
		if (info != NULL && info->saveEndTag != 0 &&
		    strcmp(info->name, "html") != 0 &&
		    strcmp(info->name, "body") != 0)
			ob_put(o, ">", 1);
		else {
			ob_put(o, "></", 3);
			ob_str(o, (const char *)n->name);
			ob_put(o, ">", 1);
		}
		return;
	}
	ob_put(o, ">", 1);
	for (c = n->children; c != NULL; c = c->next)
		put_node(o, c, depth + 1);
	ob_put(o, "</", 2);
	ob_str(o, (const char *)n->name);
	ob_put(o, ">", 1);
}

/*
 * Writes the HTML result res as xsltSaveResultToString() would for an
 * xsl:output method="html" encoding="UTF-8" indent="no" stylesheet.
 * Returns 0 with *out (malloc'd, NUL-terminated) and *len, or -1 when res
 * holds a node this writer does not handle (the caller falls back).
 */
static int
html_dump(xmlDocPtr res, char **out, size_t *len)
{
	struct obuf	 o;
	xmlDtdPtr	 dtd = res->intSubset;
	xmlNodePtr	 c;

	memset(&o, 0, sizeof(o));
	o.cap = 32768;
	if ((o.b = malloc(o.cap)) == NULL)
		return -1;
	if (htmlSetMetaEncoding(res, BAD_CAST "UTF-8") != 0) {
		free(o.b);
		return -1;
	}
	if (dtd != NULL) {
		/* htmlDtdDumpOutput(), for the doctype of our stylesheets. */
		if (dtd->ExternalID != NULL || (dtd->SystemID != NULL &&
		    !xmlStrEqual(dtd->SystemID, BAD_CAST "about:legacy-compat"))) {
			free(o.b);
			return -1;
		}
		ob_put(&o, "<!DOCTYPE ", 10);
		ob_str(&o, (const char *)dtd->name);
		ob_put(&o, ">\n", 2);
	}
	for (c = res->children; c != NULL; c = c->next)
		put_node(&o, c, 0);
	ob_put(&o, "\n", 2);		/* with the NUL */
	if (o.fail) {
		free(o.b);
		return -1;
	}
	*out = o.b;
	*len = o.len - 1;
	return 0;
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
	if (res->type == XML_HTML_DOCUMENT_NODE &&
	    xmlStrEqual(sheets[sheet]->method, BAD_CAST "html") &&
	    xmlStrcasecmp(sheets[sheet]->encoding, BAD_CAST "UTF-8") == 0 &&
	    sheets[sheet]->indent == 0 && html_dump(res, out, len) == 0) {
		rc = 0;
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
		xmlmem_free_doc(res);
	if (ctx != NULL)
		xsltFreeTransformContext(ctx);
	return rc;
}
