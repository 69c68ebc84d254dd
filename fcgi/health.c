/*
 * health.c: the judgement of /healthz (health.h): each check is a rule
 * over one CA's figures at a given time, and the report names every
 * check's state and what failed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/health.h"
#include "fcgi/metrics.h"

static const char *const check_names[HEALTH__MAX] = {
	"daemon",		/* HEALTH_DAEMON */
	"key_process",		/* HEALTH_KEY */
	"store",		/* HEALTH_STORE */
	"crl",			/* HEALTH_CRL */
	"ocsp_responder_cert",	/* HEALTH_OCSP_CERT */
	"notice_signer_cert",	/* HEALTH_NOTICE_CERT */
	"notice_queues"		/* HEALTH_QUEUES */
};

static const char *const state_names[] = {
	"ok",			/* HEALTH_OK */
	"fail",			/* HEALTH_FAIL */
	"none",			/* HEALTH_NONE */
	"unknown"		/* HEALTH_UNKNOWN */
};

/*
 * A certificate role's check: HEALTH_NONE when the daemon has none, else
 * whether more than HEALTH_CERT_MIN_SECS are left.
 */
static enum health_state
cert_check(const struct metrics_ca *a, const char *role, time_t now)
{
	unsigned long long	 end;

	if (!metrics_ca_get(a, "cert_not_after_seconds", role, &end))
		return HEALTH_NONE;
	return (long long)end - (long long)now > HEALTH_CERT_MIN_SECS ?
	    HEALTH_OK : HEALTH_FAIL;
}

/*
 * Every CRL of the CA (the full one, a partitioned CA's bases and
 * deltas) is fresh: its nextUpdate is at least a quarter of its
 * lifetime ahead (cad publishes again at half of it, so a CRL this old
 * means publishing has stopped); and the root's CRL has more than
 * HEALTH_CERT_MIN_SECS left.
 */
static enum health_state
crl_check(const struct metrics_ca *a, time_t now)
{
	/* Each kind's nextUpdate and thisUpdate (ca/cametrics.c mcrls). */
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
			return HEALTH_FAIL;
		left = (long long)e->v - (long long)now;
		life = (long long)e->v - (long long)this;
		if (left <= 0 || left < life / 4)
			return HEALTH_FAIL;
	}
	/* The root's, signed at a ceremony: a week's notice, as for the
	 * certificates (none published: nothing to check). */
	if (metrics_ca_get(a, "root_crl_next_update_seconds", NULL, &next) &&
	    (long long)next - (long long)now <= HEALTH_CERT_MIN_SECS)
		return HEALTH_FAIL;
	return seen > 0 ? HEALTH_OK : HEALTH_FAIL;
}

/* No platform's oldest undelivered notice is older than the threshold,
 * and none gave up (that holds its queue). */
static enum health_state
queues_check(const struct metrics_ca *a, time_t now, long stuck)
{
	const struct caclient_metric	*e;
	size_t				 i;

	for (i = 0; i < a->n; i++) {
		e = &a->m[i];
		if (strcmp(e->name, "notice_oldest_created_seconds") == 0 &&
		    e->v != 0 && (long long)now - (long long)e->v > stuck)
			return HEALTH_FAIL;
		if (strcmp(e->name, "notice_failed") == 0 && e->v != 0)
			return HEALTH_FAIL;
	}
	return HEALTH_OK;
}

void
health_judge(const struct metrics_ca *a, time_t now, long stuck,
    enum health_state h[HEALTH__MAX])
{
	unsigned long long	 v;
	int			 i;

	for (i = 0; i < HEALTH__MAX; i++)
		h[i] = HEALTH_UNKNOWN;
	if (!a->up) {
		h[HEALTH_DAEMON] = HEALTH_FAIL;
		return;
	}
	h[HEALTH_DAEMON] = HEALTH_OK;
	h[HEALTH_KEY] = metrics_ca_get(a, "key_process_up", NULL, &v) && v == 1 ?
	    HEALTH_OK : HEALTH_FAIL;
	h[HEALTH_STORE] = metrics_ca_get(a, "store_up", NULL, &v) && v == 1 ?
	    HEALTH_OK : HEALTH_FAIL;
	h[HEALTH_CRL] = crl_check(a, now);
	h[HEALTH_OCSP_CERT] = cert_check(a, "ocsp_responder", now);
	h[HEALTH_NOTICE_CERT] = cert_check(a, "notice_signer", now);
	if (h[HEALTH_STORE] == HEALTH_OK)
		h[HEALTH_QUEUES] = queues_check(a, now, stuck);
}

char *
health_report(int app_db, const struct metrics_ca *cas, size_t n,
    time_t now, long stuck, int *ok, size_t *len)
{
	struct metrics_buf	 b, cb, f;
	enum health_state	 h[HEALTH__MAX];
	size_t			 i;
	int			 k, nf = 0;

	memset(&b, 0, sizeof(b));
	memset(&cb, 0, sizeof(cb));
	memset(&f, 0, sizeof(f));
	*ok = app_db;
	if (!app_db) {
		metrics_buf_add(&f, "{\"part\":\"app_db\"}");
		nf++;
	}
	for (i = 0; i < n; i++) {
		health_judge(&cas[i], now, stuck, h);
		metrics_buf_add(&cb, "%s{\"ca\":\"", i > 0 ? "," : "");
		metrics_buf_json(&cb, cas[i].name);
		metrics_buf_add(&cb, "\"");
		for (k = 0; k < HEALTH__MAX; k++) {
			metrics_buf_add(&cb, ",\"%s\":\"%s\"",
			    check_names[k], state_names[h[k]]);
			if (h[k] != HEALTH_FAIL)
				continue;
			*ok = 0;
			metrics_buf_add(&f, "%s{\"ca\":\"", nf++ > 0 ? "," :
			    "");
			metrics_buf_json(&f, cas[i].name);
			metrics_buf_add(&f, "\",\"part\":\"%s\"}",
			    check_names[k]);
		}
		metrics_buf_add(&cb, "}");
	}
	metrics_buf_add(&b, "{\"status\":\"%s\",\"app_db\":\"%s\","
	    "\"cas\":[%s],\"failed\":[%s]}\n", *ok ? "ok" : "fail",
	    app_db ? "ok" : "fail", cb.p != NULL ? cb.p : "",
	    f.p != NULL ? f.p : "");
	free(cb.p);
	free(f.p);
	if (b.err || cb.err || f.err) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
