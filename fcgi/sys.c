/*
 * sys.c: service-level handlers: the home redirect, the health check that
 * make run and monitoring poll, the Prometheus metrics, and the
 * fault-injection hook the tests use to prove that an internal failure
 * yields the styled 500 page.
 *
 * /healthz and /metrics ask every CA daemon within HEALTH_BUDGET_MS in
 * all (fcgi/metrics.h: each call is bounded, whatever the daemon does),
 * so neither answers later than about that, even with a daemon that
 * hangs.  fcgi/health.h judges the figures; README "Health and metrics"
 * explains each check and figure.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/health.h"
#include "fcgi/metrics.h"
#include "fcgi/session.h"
#include "fcgi/sys.h"
#include "fcgi/xml.h"
#include "lib/log.h"

/*
 * Home (the logo, 返回首页): anonymous visitors to 账号登录; an active
 * operator who logged in by CA登录 to the 审核队列; anyone else logged in
 * to CA管理, the personal centre, or to 关联公司及身份选择 while no
 * identity is chosen (CA管理 would send them there anyway).
 */
int
sys_root(struct ctx *c)
{
	struct appdb_operator	 op;
	int			 k;

	if (c->sess == NULL || c->sess->person == 0)
		return page_redirect(c, "/login");
	if (c->sess->cert_serial[0] != '\0') {
		if ((k = appdb_operator_get(c->db, c->sess->person, &op)) ==
		    -1)
			return -1;
		if (k == 1 && op.active)
			return page_redirect(c, "/ops");
	}
	return page_redirect(c, c->who != NULL ? "/certs" : "/identity");
}

/* All the CA daemons together, for /healthz and /metrics (ms). */
#define HEALTH_BUDGET_MS	1500

/*
 * GET /healthz: 200 when everything answers and nothing is about to
 * fail, else 503; either way a JSON object naming each part's state and
 * listing what failed, as fcgi/health.h judges the figures.
 */
int
sys_healthz(struct ctx *c)
{
	struct metrics_ca	 cas[WEBCA_MAX];
	size_t			 n = 0, len = 0;
	char			*body;
	int			 db, ok;

	db = appdb_ping(c->db);
	metrics_ca_fetch(c->conf, HEALTH_BUDGET_MS, cas, &n);
	body = health_report(db, cas, n, time(NULL),
	    c->conf->notice_stuck_secs, &ok, &len);
	metrics_ca_free(cas, n);
	if (body == NULL)
		return -1;
	if (!ok)
		log_warn("healthz: failing: %s", body);
	if (page_blob(c, "application/json", NULL, body, len) == -1)
		return -1;
	c->resp->status = ok ? 200 : 503;
	return 0;
}

/* 1 if the client's address is on /metrics' allow-list (webd -M). */
static int
metrics_allowed(const struct ctx *c)
{
	size_t	 i;

	if (c->req->remote_addr == NULL)
		return 0;
	for (i = 0; i < c->conf->nmetrics_allow; i++)
		if (strcmp(c->req->remote_addr, c->conf->metrics_allow[i]) ==
		    0)
			return 1;
	return 0;
}

/* GET /metrics: the Prometheus text, to the allow-list only (else 403). */
int
sys_metrics(struct ctx *c)
{
	struct metrics_ca	 cas[WEBCA_MAX];
	size_t			 n = 0, len = 0;
	char			*text;

	if (!metrics_allowed(c)) {
		log_warn("/metrics refused to %s (not on webd -M)",
		    c->req->remote_addr != NULL ? c->req->remote_addr : "?");
		return page_error(c, 403);
	}
	metrics_ca_fetch(c->conf, HEALTH_BUDGET_MS, cas, &n);
	text = metrics_text(c->conf->metrics, cas, n, time(NULL), &len);
	metrics_ca_free(cas, n);
	if (text == NULL)
		return -1;
	return page_blob(c, "text/plain; version=0.0.4; charset=utf-8", NULL,
	    text, len);
}

int
sys_fault(struct ctx *c)
{
	(void)c;
	log_err("sys_fault: injected internal failure (test hook)");
	return -1;
}

static int
doc_page(struct ctx *c, const char *name)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, d;

	if ((doc = xml_page_new("doc", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (d = xml_add(root, "doc", NULL)) == NULL ||
	    xml_attr(d, "name", name) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, 200, SHEET_DOC, doc);
}

int
sys_terms(struct ctx *c)
{
	return doc_page(c, "terms");
}

int
sys_privacy(struct ctx *c)
{
	return doc_page(c, "privacy");
}
