/*
 * elsewhere.c: the page behind CA管理's buttons CA主锁申请, CA个人锁申请,
 * CA延期年检 and 更新数字证书 (图1).  This platform handles 补办 only;
 * the page names the application and lists each office (办理点) with its
 * address and the web address where it takes that application, set per
 * office by `webctl office-link` (office.apply_url; see README, "Decisions
 * where the spec is silent").  An office without one is listed with the
 * words that the application is made there, never with a dead link.
 *
 * The service comes from the query (service=CODE) and is turned into an
 * enum here, at the edge; anything else is 404.  The page's words are in
 * xsl/elsewhere.xsl, chosen by the code.
 */
#include <string.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/elsewhere.h"
#include "fcgi/render.h"
#include "fcgi/xml.h"

static const char *const codes[ELSEWHERE__MAX] = {
	"master",		/* ELSEWHERE_MASTER */
	"personal",		/* ELSEWHERE_PERSONAL */
	"renewal",		/* ELSEWHERE_RENEWAL */
	"update",		/* ELSEWHERE_UPDATE */
};

int
elsewhere_service(const char *s, enum elsewhere_service *out)
{
	int	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < ELSEWHERE__MAX; i++)
		if (strcmp(s, codes[i]) == 0) {
			*out = (enum elsewhere_service)i;
			return 1;
		}
	return 0;
}

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
	enum elsewhere_service	 s;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, e;

	if (!elsewhere_service(req_query(c->req, "service"), &s))
		return page_error(c, 404);
	if ((doc = centre_doc(c, "elsewhere", CENTRE_CERTS, &root)) == NULL)
		return -1;
	if ((e = xml_add(root, "elsewhere", NULL)) == NULL ||
	    xml_attr(e, "service", codes[s]) == -1 ||
	    appdb_offices(c->db, add_office, e) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_ELSEWHERE, doc);
}
