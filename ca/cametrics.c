/*
 * cametrics.c: see cametrics.h.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/caop.h"
#include "ca/cacert.h"
#include "ca/cametrics.h"
#include "ca/caocsp.h"
#include "ca/careason.h"
#include "ca/caocspdir.h"
#include "ca/cashard.h"
#include "ca/castore.h"
#include "lib/log.h"

/* Upper bounds of the revocation -> CRL latency buckets (ms, seconds). */
static const int64_t	 revoke_le_ms[CA_REVOKE_BUCKETS] = {
	250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000
};
static const char *const revoke_le[CA_REVOKE_BUCKETS] = {
	"0.25", "0.5", "1", "2", "5", "10", "30", "60", "300"
};

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
cametrics_revoke_timed(struct ca *ca)
{
	if (ca->nrevoke_pending < CA_MAX_PENDING)
		ca->revoke_pending[ca->nrevoke_pending++] = now_ms();
}

void
cametrics_revoke_published(struct ca *ca)
{
	int64_t	 now = now_ms(), d;
	size_t	 i, b;

	for (i = 0; i < ca->nrevoke_pending; i++) {
		if ((d = now - ca->revoke_pending[i]) < 0)
			d = 0;
		for (b = 0; b < CA_REVOKE_BUCKETS && d > revoke_le_ms[b]; b++)
			;
		ca->revoke_bucket[b]++;
		ca->revoke_sum_ms += (uint64_t)d;
		ca->revoke_count++;
	}
	ca->nrevoke_pending = 0;
}

/*
 * The METRICS reply's entries, gathered first since the reply starts
 * with their count.  Label values are copied; names are literals.
 */
struct mlist {
	struct mentry {
		const char	*name;
		const char	*label;		/* "" = none */
		char		 value[CASTORE_PLATFORM_MAX];
		uint64_t	 v;
	}		*e;
	size_t		 n, cap;
	int		 err;
};

static void
madd(struct mlist *l, const char *name, const char *label,
    const char *value, uint64_t v)
{
	struct mentry	*e;
	size_t		 cap;

	if (l->err)
		return;
	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 64;
		if ((e = realloc(l->e, cap * sizeof(*e))) == NULL) {
			l->err = 1;
			return;
		}
		l->e = e;
		l->cap = cap;
	}
	e = &l->e[l->n++];
	e->name = name;
	e->label = label;
	snprintf(e->value, sizeof(e->value), "%s", value);
	e->v = v;
}

static int
mqueue(void *arg, const struct castore_queue *q)
{
	struct mlist	*l = arg;

	madd(l, "notice_queue_depth", "platform", q->platform,
	    (uint64_t)q->depth);
	madd(l, "notice_oldest_created_seconds", "platform", q->platform,
	    (uint64_t)q->oldest);
	madd(l, "notice_failed", "platform", q->platform, (uint64_t)q->failed);
	return l->err ? -1 : 0;
}

/* Each of the CA's certificates that must not run out, by role. */
static void
mcerts(struct ca *ca, struct mlist *l)
{
	time_t	 t;

	madd(l, "cert_not_after_seconds", "cert", "ca", (uint64_t)ca->ca_end);
	if (ca->ocsp != NULL && (t = caocsp_not_after(ca->ocsp)) > 0)
		madd(l, "cert_not_after_seconds", "cert", "ocsp_responder",
		    (uint64_t)t);
	if (ca->notice_cert != NULL && (t = cacert_not_after(
	    ca->notice_cert)) > 0)
		madd(l, "cert_not_after_seconds", "cert", "notice_signer",
		    (uint64_t)t);
}

/*
 * The CRLs: the full one (crl_*, shard ""), then each shard's base
 * (base_crl_*) and delta (delta_crl_*) CRL (cashard.h), each its number,
 * thisUpdate and nextUpdate (all crl_hours after thisUpdate).
 */
static void
mcrl(struct mlist *l, const char *const names[3], const char *shard,
    uint64_t number, time_t at, uint64_t life)
{
	madd(l, names[0], "shard", shard, number);
	madd(l, names[1], "shard", shard, (uint64_t)at);
	madd(l, names[2], "shard", shard, (uint64_t)at + life);
}

static void
mcrls(struct ca *ca, struct mlist *l)
{
	static const char *const full[3] = { "crl_number",
	    "crl_this_update_seconds", "crl_next_update_seconds" };
	static const char *const base[3] = { "base_crl_number",
	    "base_crl_this_update_seconds", "base_crl_next_update_seconds" };
	static const char *const delta[3] = { "delta_crl_number",
	    "delta_crl_this_update_seconds", "delta_crl_next_update_seconds" };
	const struct cashard	*sh;
	uint64_t		 life = (uint64_t)ca->conf.crl_hours * 3600;
	char			 k[8];
	int			 i;

	mcrl(l, full, "", ca->crl_number, ca->crl_published, life);
	for (i = 0; ca->conf.crl_shards > 1 && i < ca->conf.crl_shards &&
	    i < 256; i++) {
		sh = &ca->shard[i];
		snprintf(k, sizeof(k), "%02x", (unsigned)i);
		if (sh->base_number != 0)
			mcrl(l, base, k, sh->base_number, sh->base_at, life);
		if (sh->delta_number != 0)
			mcrl(l, delta, k, sh->delta_number, sh->delta_at,
			    life);
	}
}

/*
 * The pre-signed OCSP responses nginx serves (caocspdir.h): how many are
 * held by status, how many were signed, and how old they may be.
 * Nothing without -G.
 */
static void
mpresigned(struct ca *ca, struct mlist *l)
{
	static const char *const st[2] = { "good", "revoked" };
	struct caocspdir_figures f;
	int			 i;

	if (ca->ocspdir == NULL)
		return;
	caocspdir_figures(ca->ocspdir, &f);
	for (i = 0; i < 2; i++) {
		if (f.held_known)
			madd(l, "ocsp_presigned", "status", st[i],
			    f.held[i]);
		madd(l, "ocsp_presigned_signed", "status", st[i],
		    f.signed_n[i]);
	}
	if (f.oldest != 0) {
		madd(l, "ocsp_presigned_oldest_seconds", "", "",
		    (uint64_t)f.oldest);
		madd(l, "ocsp_presigned_next_update_seconds", "", "",
		    (uint64_t)f.next_update);
	}
}

/* Seconds from now to t (an ASN1_TIME) added to now; -1 if unreadable. */
static int64_t
asn1_unix(const ASN1_TIME *t, time_t now)
{
	int	 days, secs;

	if (t == NULL || ASN1_TIME_diff(&days, &secs, NULL, t) != 1)
		return -1;
	return (int64_t)now + (int64_t)days * 86400 + secs;
}

/*
 * The root's CRL (the ARL, which cactl root-crl signs at a ceremony) as
 * published in crl_dir: its number, thisUpdate and nextUpdate.  Nothing
 * when there is none (a CA made before the ARL existed) or it cannot be
 * read.
 */
static void
mroot(struct ca *ca, struct mlist *l)
{
	char		 path[PATH_MAX];
	BIO		*b;
	X509_CRL	*crl = NULL;
	ASN1_INTEGER	*num = NULL;
	uint64_t	 n = 0;
	int64_t		 this, next;
	time_t		 now = time(NULL);

	if (snprintf(path, sizeof(path), "%s/%s.crl", ca->conf.crl_dir,
	    ca->conf.root_crl) >= (int)sizeof(path) ||
	    (b = BIO_new_file(path, "rb")) == NULL) {
		ERR_clear_error();
		return;
	}
	crl = d2i_X509_CRL_bio(b, NULL);
	BIO_free(b);
	if (crl != NULL && (this = asn1_unix(X509_CRL_get0_lastUpdate(crl),
	    now)) > 0 && (next = asn1_unix(X509_CRL_get0_nextUpdate(crl),
	    now)) > 0) {
		if ((num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL,
		    NULL)) != NULL && ASN1_INTEGER_get_uint64(&n, num) != 1)
			n = 0;
		madd(l, "root_crl_number", "", "", n);
		madd(l, "root_crl_this_update_seconds", "", "",
		    (uint64_t)this);
		madd(l, "root_crl_next_update_seconds", "", "",
		    (uint64_t)next);
	}
	ASN1_INTEGER_free(num);
	X509_CRL_free(crl);
	ERR_clear_error();
}

/*
 * PROTO_METRICS: read-only figures for webd's /metrics and /healthz.
 * The store's figures are left out (store_up 0) when it cannot be read;
 * the key process is asked with a HELLO, which signs nothing.
 */
int
cametrics_op(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	static const char *const resp_status[7] = {
		"successful", "malformedRequest", "internalError",
		"tryLater", NULL, "sigRequired", "unauthorized"
	};
	static const char *const cert_status[3] = {
		"good", "revoked", "unknown"
	};
	struct mlist	 l;
	uint64_t	 certs, revoked, audit, by_reason[11], cum;
	size_t		 i;
	int		 key, store;

	if (proto_end(m) == -1)
		return -1;
	memset(&l, 0, sizeof(l));
	/* Once more on a fresh connection, as casig_sign() does. */
	key = casig_hello(&ca->sig, 400) == 0 ||
	    casig_hello(&ca->sig, 400) == 0;
	madd(&l, "key_process_up", "", "", (uint64_t)key);
	store = castore_counts(ca->store, &certs, &revoked) == 0 &&
	    castore_revoked_by_reason(ca->store, by_reason) == 0 &&
	    castore_audit_count(ca->store, &audit) == 0;
	madd(&l, "store_up", "", "", (uint64_t)store);
	madd(&l, "issuing", "", "", caop_stopped(ca) ? 0 : 1);
	mcrls(ca, &l);
	mroot(ca, &l);
	mcerts(ca, &l);
	if (store) {
		madd(&l, "certificates_issued", "", "", certs);
		for (i = 0; i < 11; i++)
			if (careason_revocable((long long)i))
				madd(&l, "certificates_revoked", "reason",
				    careason_name((int)i), by_reason[i]);
		madd(&l, "audit_records", "", "", audit);
		if (castore_notice_queues(ca->store, mqueue, &l) == -1)
			l.err = 1;
	}
	for (i = 0; i < 7; i++)
		if (resp_status[i] != NULL)
			madd(&l, "ocsp_responses", "status", resp_status[i],
			    ca->ocsp_resp[i]);
	for (i = 0; i < 3; i++)
		madd(&l, "ocsp_certificates", "status", cert_status[i],
		    ca->ocsp_cert[i]);
	mpresigned(ca, &l);
	for (i = 0, cum = 0; i <= CA_REVOKE_BUCKETS; i++) {
		cum += ca->revoke_bucket[i];
		madd(&l, "revocation_crl_bucket", "le", i < CA_REVOKE_BUCKETS ?
		    revoke_le[i] : "+Inf", cum);
	}
	madd(&l, "revocation_crl_sum_ms", "", "", ca->revoke_sum_ms);
	madd(&l, "revocation_crl_count", "", "", ca->revoke_count);
	if (l.err) {
		free(l.e);
		return caop_fail(out, PROTO_E_INTERNAL, "cannot gather the "
		    "figures");
	}
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, (uint64_t)l.n);
	for (i = 0; i < l.n; i++) {
		proto_put_str(out, l.e[i].name);
		proto_put_str(out, l.e[i].label);
		proto_put_str(out, l.e[i].value);
		proto_put_u64(out, l.e[i].v);
	}
	free(l.e);
	return 0;
}
