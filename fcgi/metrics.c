/*
 * metrics.c: the request counters shared by the workers, the CA daemons'
 * figures, and the Prometheus text made of both.  See metrics.h.
 *
 * The shared block is an array of struct mroute, one per route and one
 * for "other" (a request refused before routing, an unknown path), each
 * counting requests by status (the statuses the worker writes, the rest
 * as "other") and their latency in a histogram of fixed buckets.  Only
 * atomic adds touch it, so a worker killed mid-request can leave a
 * request half counted (its count without its status), never a torn
 * value.
 *
 * The CAs' figures come as (name, label, value, number) from cad
 * (ca/cametrics.c cametrics_op); ca_families below says how each becomes a
 * series of a metric family: the family's name, type and help, a fixed
 * label some figures add (the CRLs' kind), and what is done to the
 * number (times become ages or time left, relative to now).  Rows of
 * one family are adjacent and the first carries its help, so each
 * family is announced once.  A figure this table does not know is left
 * out, so a newer daemon cannot make the text invalid.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#include <sys/mman.h>

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/metrics.h"
#include "lib/log.h"

/* The statuses counted by name; anything else counts as "other". */
static const int	 statuses[] = {
	200, 303, 400, 403, 404, 405, 409, 413, 415, 429, 500, 503
};
#define NSTATUS		(sizeof(statuses) / sizeof(statuses[0]))

/* Request latency buckets (seconds), then +Inf. */
static const double	 le_secs[] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
};
static const char *const le_text[] = {
	"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
	"5", "10"
};
#define NBUCKET		(sizeof(le_secs) / sizeof(le_secs[0]))

struct mroute {
	atomic_ullong	 status[NSTATUS + 1];	/* [NSTATUS]: other */
	atomic_ullong	 bucket[NBUCKET + 1];	/* per bucket; [NBUCKET]:
						   +Inf; not cumulative */
	atomic_ullong	 sum_us;		/* latency, microseconds */
	atomic_ullong	 count;
};

struct metrics {
	const char *const *names;
	size_t		 nroutes;	/* rows: nroutes + 1 ("other") */
	struct mroute	*shm;
	size_t		 shm_len;
};

struct metrics *
metrics_new(const char *const *names, size_t nroutes)
{
	struct metrics	*m;
	size_t		 i, k;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		log_err("metrics_new: out of memory");
		return NULL;
	}
	m->names = names;
	m->nroutes = nroutes;
	m->shm_len = (nroutes + 1) * sizeof(struct mroute);
	m->shm = mmap(NULL, m->shm_len, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m->shm == MAP_FAILED) {
		log_err("metrics_new: mmap: %s", strerror(errno));
		free(m);
		return NULL;
	}
	for (i = 0; i <= nroutes; i++) {
		for (k = 0; k <= NSTATUS; k++)
			atomic_init(&m->shm[i].status[k], 0);
		for (k = 0; k <= NBUCKET; k++)
			atomic_init(&m->shm[i].bucket[k], 0);
		atomic_init(&m->shm[i].sum_us, 0);
		atomic_init(&m->shm[i].count, 0);
	}
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	munmap(m->shm, m->shm_len);
	free(m);
}

void
metrics_observe(struct metrics *m, int route, int status, double secs)
{
	struct mroute	*r;
	size_t		 k;

	if (m == NULL)
		return;
	r = &m->shm[route >= 0 && (size_t)route < m->nroutes ?
	    (size_t)route : m->nroutes];
	for (k = 0; k < NSTATUS && statuses[k] != status; k++)
		;
	atomic_fetch_add_explicit(&r->status[k], 1, memory_order_relaxed);
	if (secs < 0)
		secs = 0;
	for (k = 0; k < NBUCKET && secs > le_secs[k]; k++)
		;
	atomic_fetch_add_explicit(&r->bucket[k], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)(secs *
	    1e6), memory_order_relaxed);
	atomic_fetch_add_explicit(&r->count, 1, memory_order_relaxed);
}

/* ---- the CAs' figures ----------------------------------------------- */

void
metrics_ca_fetch(const struct webconf *conf, int budget_ms,
    struct metrics_ca *out, size_t *n)
{
	struct timespec	 t0, t;
	size_t		 i, ncas = conf->ncas > 0 ? conf->ncas : 1;
	long		 spent, left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < ncas && i < WEBCA_MAX; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].name = conf->ncas > 0 ? conf->cas[i].name : "";
		clock_gettime(CLOCK_MONOTONIC, &t);
		spent = (long)(t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000;
		left = (budget_ms - spent) / (long)(ncas - i);
		if (left <= 0)
			continue;	/* no time left: not up */
		out[i].up = caclient_metrics(conf->ncas > 0 ?
		    conf->cas[i].sock : conf->ca_socket, (int)left, &out[i].m,
		    &out[i].n) == 0;
	}
	*n = i;
}

void
metrics_ca_free(struct metrics_ca *cas, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(cas[i].m);
		cas[i].m = NULL;
		cas[i].n = 0;
	}
}

int
metrics_ca_get(const struct metrics_ca *c, const char *name,
    const char *value, unsigned long long *v)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->m[i].name, name) == 0 && (value == NULL ||
		    strcmp(c->m[i].value, value) == 0)) {
			*v = c->m[i].v;
			return 1;
		}
	return 0;
}

/* ---- text ----------------------------------------------------------- */

void
metrics_buf_add(struct metrics_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	size_t	 cap;
	int	 n;

	if (b->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p != NULL ? b->p + b->len : NULL,
		    b->p != NULL ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->err = 1;
			return;
		}
		if (b->p != NULL && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		cap = b->cap ? b->cap : 4096;
		while (cap - b->len <= (size_t)n)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->err = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

void
metrics_buf_json(struct metrics_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			metrics_buf_add(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			metrics_buf_add(b, "\\u%04x", (unsigned)(unsigned char)*s);
		else
			metrics_buf_add(b, "%c", *s);
	}
}

/* Appends s as a Prometheus label value: "\\", "\"" and newline escaped. */
static void
label_value(struct metrics_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			metrics_buf_add(b, "\\%c", *s);
		else if (*s == '\n')
			metrics_buf_add(b, "\\n");
		else
			metrics_buf_add(b, "%c", *s);
	}
}

static void
family(struct metrics_buf *b, const char *name, const char *type,
    const char *help)
{
	metrics_buf_add(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

/* What is done to a CA's number before it is shown. */
enum xform {
	X_RAW,		/* as it is */
	X_AGE,		/* a time: now minus it (0 stays 0: none) */
	X_LEFT,		/* a time: it minus now */
	X_HIST		/* the latency histogram (its own lines) */
};

static const struct ca_family {
	const char	*figure;	/* cad's name */
	const char	*name;		/* the metric family */
	const char	*type;
	enum xform	 x;
	const char	*kind;		/* kind="…" added, or NULL */
	const char	*help;		/* NULL: the row above's family */
} ca_families[] = {
	{ "key_process_up", "careissue_ca_key_process_up", "gauge", X_RAW,
	    NULL, "1 if the CA's key process answered its daemon." },
	{ "store_up", "careissue_ca_store_up", "gauge", X_RAW, NULL,
	    "1 if the CA's store (ca.db) could be read." },
	{ "issuing", "careissue_ca_issuing", "gauge", X_RAW, NULL,
	    "1 if the CA issues, 0 if stopped (cactl ca disable)." },
	/* The CRLs: the full one (shard ""), a partitioned CA's bases and
	 * deltas (shard "00"...). */
	{ "crl_number", "careissue_crl_number", "gauge", X_RAW, "full",
	    "Number of the CA's last published CRL of each kind: full "
	    "(shard \"\"), and a partitioned CA's base and delta CRL of "
	    "each shard." },
	{ "base_crl_number", "careissue_crl_number", "gauge", X_RAW, "base",
	    NULL },
	{ "delta_crl_number", "careissue_crl_number", "gauge", X_RAW, "delta",
	    NULL },
	{ "crl_this_update_seconds", "careissue_crl_age_seconds", "gauge",
	    X_AGE, "full", "Seconds since the CRL's thisUpdate (by kind and "
	    "shard, as careissue_crl_number)." },
	{ "base_crl_this_update_seconds", "careissue_crl_age_seconds",
	    "gauge", X_AGE, "base", NULL },
	{ "delta_crl_this_update_seconds", "careissue_crl_age_seconds",
	    "gauge", X_AGE, "delta", NULL },
	{ "crl_next_update_seconds", "careissue_crl_next_update_in_seconds",
	    "gauge", X_LEFT, "full", "Seconds until the CRL's nextUpdate (by "
	    "kind and shard, as careissue_crl_number)." },
	{ "base_crl_next_update_seconds",
	    "careissue_crl_next_update_in_seconds", "gauge", X_LEFT, "base",
	    NULL },
	{ "delta_crl_next_update_seconds",
	    "careissue_crl_next_update_in_seconds", "gauge", X_LEFT, "delta",
	    NULL },
	{ "root_crl_number", "careissue_root_crl_number", "gauge", X_RAW,
	    NULL, "Number of the root's CRL (the ARL, cactl root-crl)." },
	{ "root_crl_this_update_seconds", "careissue_root_crl_age_seconds",
	    "gauge", X_AGE, NULL, "Seconds since the root's CRL was signed." },
	{ "root_crl_next_update_seconds",
	    "careissue_root_crl_next_update_in_seconds", "gauge", X_LEFT,
	    NULL, "Seconds until the root's CRL's nextUpdate." },
	{ "cert_not_after_seconds", "careissue_cert_expiry_seconds", "gauge",
	    X_LEFT, NULL, "Seconds until the CA's own certificate (ca, "
	    "ocsp_responder, notice_signer) expires; divide by 86400 for "
	    "days." },
	{ "certificates_issued", "careissue_certificates_issued_total",
	    "counter", X_RAW, NULL, "Certificates the CA has issued (rows in "
	    "its store)." },
	{ "certificates_revoked", "careissue_certificates_revoked", "gauge",
	    X_RAW, NULL, "Certificates revoked now, by CRLReason (a lifted "
	    "hold leaves)." },
	{ "audit_records", "careissue_audit_records_total", "counter", X_RAW,
	    NULL, "Records in the CA's audit log." },
	{ "ocsp_responses", "careissue_ocsp_responses_total", "counter",
	    X_RAW, NULL, "OCSP responses the daemon made live since it "
	    "started (POST, and the GETs nginx passes to the workers), by "
	    "response status; the pre-signed files nginx serves itself are "
	    "in its access log, not here." },
	{ "ocsp_certificates", "careissue_ocsp_certificate_status_total",
	    "counter", X_RAW, NULL, "Certificate statuses given in those live "
	    "OCSP responses since the daemon started." },
	{ "ocsp_presigned", "careissue_ocsp_presigned_responses", "gauge",
	    X_RAW, NULL, "Pre-signed OCSP responses the daemon holds as files "
	    "for nginx to serve, by the certificate status they give." },
	{ "ocsp_presigned_signed", "careissue_ocsp_presigned_signatures_total",
	    "counter", X_RAW, NULL, "Pre-signed OCSP responses the daemon "
	    "signed (sweeps and status changes) since it started, by the "
	    "certificate status they give." },
	{ "ocsp_presigned_oldest_seconds",
	    "careissue_ocsp_presigned_oldest_age_seconds", "gauge", X_AGE,
	    NULL, "At most the age of the oldest pre-signed OCSP response "
	    "held: seconds since the last complete sweep began." },
	{ "ocsp_presigned_next_update_seconds",
	    "careissue_ocsp_presigned_next_update_in_seconds", "gauge",
	    X_LEFT, NULL, "At least the seconds until the earliest nextUpdate "
	    "of a pre-signed OCSP response held." },
	{ "revocation_crl", "careissue_revocation_crl_seconds", "histogram",
	    X_HIST, NULL, "Time from a revocation to the full CRL that lists "
	    "it, since the daemon started." },
	{ "notice_queue_depth", "careissue_notice_queue_depth", "gauge",
	    X_RAW, NULL, "Notices not yet delivered to the platform (pending "
	    "or given up)." },
	{ "notice_oldest_created_seconds",
	    "careissue_notice_oldest_age_seconds", "gauge", X_AGE, NULL,
	    "Age of the platform's oldest undelivered notice (0: none)." },
	{ "notice_failed", "careissue_notice_failed", "gauge", X_RAW, NULL,
	    "Notices to the platform that gave up (they hold its queue "
	    "until cactl notify retry)." },
};
#define NFAMILY	(sizeof(ca_families) / sizeof(ca_families[0]))

/* The histogram of one CA: buckets, sum (ms in cad), count. */
static void
ca_hist(struct metrics_buf *b, const struct ca_family *f,
    const struct metrics_ca *c)
{
	unsigned long long	 v;
	size_t			 i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->m[i].name, "revocation_crl_bucket") != 0)
			continue;
		metrics_buf_add(b, "%s_bucket{ca=\"", f->name);
		label_value(b, c->name);
		metrics_buf_add(b, "\",le=\"");
		label_value(b, c->m[i].value);
		metrics_buf_add(b, "\"} %llu\n", c->m[i].v);
	}
	if (metrics_ca_get(c, "revocation_crl_sum_ms", NULL, &v)) {
		metrics_buf_add(b, "%s_sum{ca=\"", f->name);
		label_value(b, c->name);
		metrics_buf_add(b, "\"} %.3f\n", (double)v / 1000);
	}
	if (metrics_ca_get(c, "revocation_crl_count", NULL, &v)) {
		metrics_buf_add(b, "%s_count{ca=\"", f->name);
		label_value(b, c->name);
		metrics_buf_add(b, "\"} %llu\n", v);
	}
}

static void
ca_text(struct metrics_buf *b, const struct metrics_ca *cas, size_t ncas,
    time_t now)
{
	const struct ca_family	*f;
	const struct caclient_metric *e;
	size_t			 i, k, j;
	long long		 v;

	family(b, "careissue_ca_up", "gauge",
	    "1 if the CA's daemon answered in time.");
	for (k = 0; k < ncas; k++) {
		metrics_buf_add(b, "careissue_ca_up{ca=\"");
		label_value(b, cas[k].name);
		metrics_buf_add(b, "\"} %d\n", cas[k].up);
	}
	for (i = 0; i < NFAMILY; i++) {
		f = &ca_families[i];
		if (f->help != NULL)
			family(b, f->name, f->type, f->help);
		for (k = 0; k < ncas; k++) {
			if (f->x == X_HIST) {
				ca_hist(b, f, &cas[k]);
				continue;
			}
			for (j = 0; j < cas[k].n; j++) {
				e = &cas[k].m[j];
				if (strcmp(e->name, f->figure) != 0)
					continue;
				v = (long long)e->v;
				if (f->x == X_AGE && v != 0)
					v = (long long)now - v;
				else if (f->x == X_LEFT)
					v = v - (long long)now;
				metrics_buf_add(b, "%s{ca=\"", f->name);
				label_value(b, cas[k].name);
				if (f->kind != NULL)
					metrics_buf_add(b, "\",kind=\"%s",
					    f->kind);
				if (e->label[0] != '\0') {
					metrics_buf_add(b, "\",%s=\"",
					    e->label);
					label_value(b, e->value);
				}
				metrics_buf_add(b, "\"} %lld\n", v);
			}
		}
	}
}

static const char *
route_name(const struct metrics *m, size_t i)
{
	return i < m->nroutes ? m->names[i] : "other";
}

static void
http_text(struct metrics_buf *b, const struct metrics *m)
{
	const struct mroute	*r;
	unsigned long long	 v, cum;
	size_t			 i, k;

	family(b, "careissue_http_requests_total", "counter",
	    "Requests the workers answered, by route and HTTP status.");
	for (i = 0; i <= m->nroutes; i++) {
		r = &m->shm[i];
		for (k = 0; k <= NSTATUS; k++) {
			if ((v = atomic_load_explicit(&r->status[k],
			    memory_order_relaxed)) == 0)
				continue;
			metrics_buf_add(b, "careissue_http_requests_total{"
			    "route=\"");
			label_value(b, route_name(m, i));
			if (k < NSTATUS)
				metrics_buf_add(b, "\",status=\"%d\"} %llu\n",
				    statuses[k], v);
			else
				metrics_buf_add(b, "\",status=\"other\"} "
				    "%llu\n", v);
		}
	}
	family(b, "careissue_http_request_duration_seconds", "histogram",
	    "Time the workers took to answer, by route.");
	for (i = 0; i <= m->nroutes; i++) {
		r = &m->shm[i];
		if (atomic_load_explicit(&r->count, memory_order_relaxed) == 0)
			continue;
		for (k = 0, cum = 0; k <= NBUCKET; k++) {
			cum += atomic_load_explicit(&r->bucket[k],
			    memory_order_relaxed);
			metrics_buf_add(b, "careissue_http_request_duration_"
			    "seconds_bucket{route=\"");
			label_value(b, route_name(m, i));
			metrics_buf_add(b, "\",le=\"%s\"} %llu\n",
			    k < NBUCKET ? le_text[k] : "+Inf", cum);
		}
		metrics_buf_add(b, "careissue_http_request_duration_seconds_"
		    "sum{route=\"");
		label_value(b, route_name(m, i));
		metrics_buf_add(b, "\"} %.6f\n", (double)atomic_load_explicit(
		    &r->sum_us, memory_order_relaxed) / 1e6);
		metrics_buf_add(b, "careissue_http_request_duration_seconds_"
		    "count{route=\"");
		label_value(b, route_name(m, i));
		/* The buckets' total: count itself may lag them by one. */
		metrics_buf_add(b, "\"} %llu\n", cum);
	}
}

char *
metrics_text(const struct metrics *m, const struct metrics_ca *cas,
    size_t ncas, time_t now, size_t *len)
{
	struct metrics_buf	 b;

	memset(&b, 0, sizeof(b));
	if (m != NULL)
		http_text(&b, m);
	ca_text(&b, cas, ncas, now);
	if (b.err || b.p == NULL) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
