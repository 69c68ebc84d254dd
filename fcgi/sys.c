/*
 * sys.c: service-level handlers: the home redirect, the health check that
 * make run and monitoring poll, the Prometheus metrics, and the
 * fault-injection hook the tests use to prove that an internal failure
 * yields the styled 500 page.
 *
 * /healthz and /metrics ask every CA daemon within HEALTH_BUDGET_MS in
 * all (fcgi/metrics.h: each call is bounded, whatever the daemon does),
 * so neither answers later than about that, even with a daemon that
 * hangs.  README "Health and metrics" explains each check and figure.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
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
/* The responder's and the notice signer's certificates: at least this
 * much left. */
#define CERT_MIN_SECS		(7 * 86400)

enum hcheck {
	H_DAEMON,		/* its daemon answered METRICS in time */
	H_KEY,			/* its key process answered the daemon */
	H_STORE,		/* its store could be read */
	H_CRL,			/* every CRL's nextUpdate far enough ahead */
	H_OCSP_CERT,		/* responder certificate > 7 days left */
	H_NOTICE_CERT,		/* notice signer's certificate > 7 days */
	H_QUEUES,		/* no platform's queue stuck */
	H__MAX
};

static const char *const hcheck_names[H__MAX] = {
	"daemon",		/* H_DAEMON */
	"key_process",		/* H_KEY */
	"store",		/* H_STORE */
	"crl",			/* H_CRL */
	"ocsp_responder_cert",	/* H_OCSP_CERT */
	"notice_signer_cert",	/* H_NOTICE_CERT */
	"notice_queues"		/* H_QUEUES */
};

enum hstate { HS_OK, HS_FAIL, HS_NONE, HS_UNKNOWN };

static const char *const hstate_names[] = {
	"ok",			/* HS_OK */
	"fail",			/* HS_FAIL */
	"none",			/* HS_NONE: not set up (no responder) */
	"unknown"		/* HS_UNKNOWN: its daemon did not answer */
};

/*
 * A certificate role's check: HS_NONE when the daemon has none, else
 * whether more than CERT_MIN_SECS are left.
 */
static enum hstate
cert_check(const struct metrics_ca *a, const char *role, time_t now)
{
	unsigned long long	 end;

	if (!metrics_ca_get(a, "cert_not_after_seconds", role, &end))
		return HS_NONE;
	return (long long)end - (long long)now > CERT_MIN_SECS ? HS_OK :
	    HS_FAIL;
}

/*
 * Every CRL of the CA (the full one, a partitioned CA's bases and
 * deltas) is fresh: its nextUpdate is at least a quarter of its
 * lifetime ahead (cad publishes again at half of it, so a CRL this old
 * means publishing has stopped); and the root's CRL has more than
 * CERT_MIN_SECS left.
 */
static enum hstate
crl_check(const struct metrics_ca *a, time_t now)
{
	/* Each kind's nextUpdate and thisUpdate (ca/caops.c mcrls). */
	static const char *const kinds[][2] = {
		{ "crl_next_update_seconds", "crl_this_update_seconds" },
		{ "base_crl_next_update_seconds",
		    "base_crl_this_update_seconds" },
		{ "delta_crl_next_update_seconds",
		    "delta_crl_this_update_seconds" }
	};
	const struct caclient_metric	*e;
	unsigned long long		 this, next;
	long long			 left, life;
	size_t				 i, k, seen = 0;

	for (i = 0; i < a->n; i++) {
		e = &a->m[i];
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(e->name, kinds[k][0]) == 0)
				break;
		if (k == sizeof(kinds) / sizeof(kinds[0]))
			continue;
		if (k == 0)
			seen++;
		if (!metrics_ca_get(a, kinds[k][1], e->value, &this))
			return HS_FAIL;
		left = (long long)e->v - (long long)now;
		life = (long long)e->v - (long long)this;
		if (left <= 0 || left < life / 4)
			return HS_FAIL;
	}
	/* The root's, signed at a ceremony: a week's notice, as for the
	 * certificates (none published: nothing to check). */
	if (metrics_ca_get(a, "root_crl_next_update_seconds", NULL, &next) &&
	    (long long)next - (long long)now <= CERT_MIN_SECS)
		return HS_FAIL;
	return seen > 0 ? HS_OK : HS_FAIL;
}

/* No platform's oldest undelivered notice is older than the threshold,
 * and none gave up (that holds its queue). */
static enum hstate
queues_check(const struct metrics_ca *a, time_t now, long stuck)
{
	const struct caclient_metric	*e;
	size_t				 i;

	for (i = 0; i < a->n; i++) {
		e = &a->m[i];
		if (strcmp(e->name, "notice_oldest_created_seconds") == 0 &&
		    e->v != 0 && (long long)now - (long long)e->v > stuck)
			return HS_FAIL;
		if (strcmp(e->name, "notice_failed") == 0 && e->v != 0)
			return HS_FAIL;
	}
	return HS_OK;
}

static void
ca_checks(const struct metrics_ca *a, time_t now, long stuck,
    enum hstate h[H__MAX])
{
	unsigned long long	 v;
	int			 i;

	for (i = 0; i < H__MAX; i++)
		h[i] = HS_UNKNOWN;
	if (!a->up) {
		h[H_DAEMON] = HS_FAIL;
		return;
	}
	h[H_DAEMON] = HS_OK;
	h[H_KEY] = metrics_ca_get(a, "key_process_up", NULL, &v) && v == 1 ?
	    HS_OK : HS_FAIL;
	h[H_STORE] = metrics_ca_get(a, "store_up", NULL, &v) && v == 1 ?
	    HS_OK : HS_FAIL;
	h[H_CRL] = crl_check(a, now);
	h[H_OCSP_CERT] = cert_check(a, "ocsp_responder", now);
	h[H_NOTICE_CERT] = cert_check(a, "notice_signer", now);
	if (h[H_STORE] == HS_OK)
		h[H_QUEUES] = queues_check(a, now, stuck);
}

/*
 * GET /healthz: 200 when everything answers and nothing is about to
 * fail, else 503; either way a JSON object naming each part's state and
 * listing what failed (README "Health and metrics").
 */
int
sys_healthz(struct ctx *c)
{
	struct metrics_ca	 cas[WEBCA_MAX];
	struct metrics_buf	 b, cb, f;
	enum hstate		 h[H__MAX];
	size_t			 n = 0, i;
	time_t			 now;
	int			 db, ok, k, nf = 0;

	memset(&b, 0, sizeof(b));
	memset(&cb, 0, sizeof(cb));
	memset(&f, 0, sizeof(f));
	db = appdb_ping(c->db);
	ok = db;
	if (!db) {
		metrics_buf_add(&f, "{\"part\":\"app_db\"}");
		nf++;
	}
	metrics_ca_fetch(c->conf, HEALTH_BUDGET_MS, cas, &n);
	now = time(NULL);
	for (i = 0; i < n; i++) {
		ca_checks(&cas[i], now, c->conf->notice_stuck_secs, h);
		metrics_buf_add(&cb, "%s{\"ca\":\"", i > 0 ? "," : "");
		metrics_buf_json(&cb, cas[i].name);
		metrics_buf_add(&cb, "\"");
		for (k = 0; k < H__MAX; k++) {
			metrics_buf_add(&cb, ",\"%s\":\"%s\"",
			    hcheck_names[k], hstate_names[h[k]]);
			if (h[k] != HS_FAIL)
				continue;
			ok = 0;
			metrics_buf_add(&f, "%s{\"ca\":\"", nf++ > 0 ? "," :
			    "");
			metrics_buf_json(&f, cas[i].name);
			metrics_buf_add(&f, "\",\"part\":\"%s\"}",
			    hcheck_names[k]);
		}
		metrics_buf_add(&cb, "}");
	}
	metrics_ca_free(cas, n);
	metrics_buf_add(&b, "{\"status\":\"%s\",\"app_db\":\"%s\","
	    "\"cas\":[%s],\"failed\":[%s]}\n", ok ? "ok" : "fail",
	    db ? "ok" : "fail", cb.p != NULL ? cb.p : "",
	    f.p != NULL ? f.p : "");
	free(cb.p);
	free(f.p);
	if (b.err || cb.err || f.err) {
		free(b.p);
		return -1;
	}
	if (!ok)
		log_warn("healthz: failing: %s", b.p);
	if (page_blob(c, "application/json", NULL, b.p, b.len) == -1)
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
