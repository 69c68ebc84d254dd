/*
 * elsewhere.c: the page behind CA管理's buttons CA主锁申请, CA个人锁申请,
 * CA延期年检 and 更新数字证书 (图1).  This platform handles 补办 only;
 * the page names the application and lists each office (办理点) with its
 * address and the web address where it takes that application, set per
 * office by `webctl office-link` (office.apply_url; see README, "Decisions
 * where the spec is silent").  An office without one is listed with the
 * words that the application is made there, never with a dead link.
 *
 * The service comes from the query (service=CODE, KEY_SERVICE of the
 * key table, whose list is in the order of enum elsewhere_service);
 * anything else is 404.  The page's words are in xsl/elsewhere.xsl,
 * chosen by the code.
 */
#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/elsewhere.h"
#include "fcgi/param.h"
#include "fcgi/render.h"
#include "fcgi/xml.h"

/* <office code=""><name/><address/><url/></office>; url only if set. */
static int
add_office(void *arg, const struct appdb_office *o)
{
	xmlNodePtr	 e;

	if ((e = xml_add(arg, "office", NULL)) == NULL ||
	    xml_attr(e, "code", o->code) == -1 ||
	    xml_add(e, "name", o->name) == NULL ||
	    xml_add(e, "address", o->address) == NULL ||
	    (o->apply_url[0] != '\0' &&
	    xml_add(e, "url", o->apply_url) == NULL))
		return -1;
	return 0;
}

int
elsewhere_page(struct ctx *c)
{
	int			 s = param_enum(c->in, KEY_SERVICE);
	xmlDocPtr		 doc;
	xmlNodePtr		 root, e;

	if (s < 0 || s >= ELSEWHERE__MAX)
		return page_error(c, 404);
	if ((doc = centre_doc(c, "elsewhere", CENTRE_CERTS, &root)) == NULL)
		return -1;
	if ((e = xml_add(root, "elsewhere", NULL)) == NULL ||
	    xml_attr(e, "service", param_enum_name(KEY_SERVICE, s)) == -1 ||
	    appdb_offices(c->db, add_office, e) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_ELSEWHERE, doc);
}
