/*
 * cadrefusal.c: refusals waiting for their audit records (cadrefusal.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ca/cadrefusal.h"
#include "ca/castore.h"
#include "lib/log.h"

int
cadrefusal_init(struct cadrefusals *q)
{
	memset(q, 0, sizeof(*q));
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		log_err("pthread_mutex_init failed");
		return -1;
	}
	return 0;
}

/* Queues a refusal of what (any thread) for the audit. */
static void
refusal_queue(struct cadrefusals *q, const char *what, const char *why)
{
	pthread_mutex_lock(&q->mu);
	if (q->n < CAD_REFUSALS) {
		q->r[q->n].what = what;
		snprintf(q->r[q->n].why, sizeof(q->r[q->n].why), "%s", why);
		q->n++;
	} else
		q->dropped++;
	pthread_mutex_unlock(&q->mu);
}

void
cadrefusal_note(void *arg, enum casig_kind kind, const char *why)
{
	refusal_queue(arg, kind == CASIG_CRL ? "a CRL" : "a certificate",
	    why);
}

void
cadrefusal_note_ocsp(void *arg, const char *why)
{
	refusal_queue(arg, "an OCSP response", why);
}

void
cadrefusal_audit(struct cadrefusals *q, struct castore *s)
{
	static struct cadrefusals w;	/* the store thread's copy */
	char			 detail[CALINT_WHY_MAX + 64];
	size_t			 i;
	int			 ok, lint;

	/* Taken out under the lock, written outside it: a signer that
	 * meets a refusal never waits for the store. */
	pthread_mutex_lock(&q->mu);
	memcpy(w.r, q->r, q->n * sizeof(q->r[0]));
	w.n = q->n;
	w.dropped = q->dropped;
	q->n = 0;
	q->dropped = 0;
	pthread_mutex_unlock(&q->mu);
	if (w.n == 0 && w.dropped == 0)
		return;
	ok = castore_begin(s) == 0;
	for (i = 0; ok && i < w.n; i++) {
		lint = strncmp(w.r[i].why, "lint: ", 6) == 0;
		snprintf(detail, sizeof(detail), "%s refused: %s",
		    w.r[i].what, w.r[i].why);
		ok = castore_audit(s, lint ? "cad" : "casign", lint ?
		    "lint-refused" : "sign-refused", detail) == 0;
	}
	if (ok && w.dropped > 0) {
		snprintf(detail, sizeof(detail), "%lu more refused (see "
		    "cad.log)", w.dropped);
		ok = castore_audit(s, "cad", "refused", detail) == 0;
	}
	if (ok && castore_commit(s) == 0)
		return;
	if (castore_in_txn(s))
		castore_rollback(s);
	/* Back in front of what came meanwhile, for the next try. */
	pthread_mutex_lock(&q->mu);
	for (i = 0; i < w.n && q->n < CAD_REFUSALS; i++)
		q->r[q->n++] = w.r[i];
	q->dropped += w.dropped + (w.n - i);
	pthread_mutex_unlock(&q->mu);
	log_err("could not audit %zu refusals; trying again", w.n);
}
