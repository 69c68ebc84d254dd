/*
 * cacrlpub.c: see cacrlpub.h.
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
#include "ca/cacrl.h"
#include "ca/cacrlpub.h"
#include "ca/cametrics.h"
#include "ca/cashard.h"
#include "ca/castore.h"
#include "lib/log.h"

/*
 * The store's rows reach the CRL encoder through a reader thread, so that
 * SQLite's stepping and the encoding (and hashing) run on two cores: the
 * reader fills one block of entries while the encoder drains the other.
 * The store's connection is the reader's alone until it is joined.
 */
#define RBLOCK_N	4096

struct rblock {
	struct cacrl_entry	 e[RBLOCK_N];
	size_t			 n;
	int			 last;	/* 0 = more follow; 1 = end; -1 = error */
	int			 full;
};

struct reader {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct ca		*ca;
	struct rblock		 b[2];
	int			 stop;	/* the encoder gave up */
	int			 cur;	/* the encoder's block */
	size_t			 pos;
};

static void *
reader_thread(void *arg)
{
	struct reader	*r = arg;
	struct rblock	*b;
	int		 i = 0, res = 1, stop;

	for (;;) {
		b = &r->b[i];
		pthread_mutex_lock(&r->mu);
		while (b->full && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		for (b->n = 0; b->n < RBLOCK_N; b->n++) {
			memset(&b->e[b->n], 0, sizeof(b->e[b->n]));
			if ((res = caop_crl_entry(r->ca, &b->e[b->n])) != 1)
				break;
		}
		b->last = res == 1 ? 0 : res == 0 ? 1 : -1;
		pthread_mutex_lock(&r->mu);
		b->full = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (res != 1)
			break;
		i ^= 1;
	}
	return NULL;
}

/* cacrl_next_fn over the reader's blocks. */
static int
reader_next(void *arg, struct cacrl_entry *e)
{
	struct reader	*r = arg;
	struct rblock	*b = &r->b[r->cur];

	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (!b->full)
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
		if (r->pos < b->n) {
			*e = b->e[r->pos++];
			return 1;
		}
		if (b->last != 0)
			return b->last == 1 ? 0 : -1;
		/* Hand the block back, go on with the other one. */
		pthread_mutex_lock(&r->mu);
		b->full = 0;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		r->cur ^= 1;
		r->pos = 0;
		b = &r->b[r->cur];
	}
}

/* Encodes the CRL from the store, reading on a second thread.  0 / -1. */
static int
build_crl(struct ca *ca, const struct cacrl_params *p, uint8_t **der,
    size_t *len)
{
	struct reader	*r;
	pthread_t	 th;
	int		 rc;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return -1;
	r->ca = ca;
	if (pthread_mutex_init(&r->mu, NULL) != 0) {
		free(r);
		return -1;
	}
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		free(r);
		return -1;
	}
	if (pthread_create(&th, NULL, reader_thread, r) != 0) {
		/* No second thread: read on this one. */
		rc = cacrl_build(p, caop_crl_entry, ca, der, len);
	} else {
		rc = cacrl_build(p, reader_next, r, der, len);
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(th, NULL);
	}
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
	return rc;
}

int
cacrlpub_publish(struct ca *ca)
{
	struct cacrl_params	 p;
	uint8_t			*der = NULL;
	size_t			 len = 0;
	uint64_t		 number;
	time_t			 now = time(NULL);
	char			 detail[64];
	int			 rc = -1;

	/* Persist the number first: a crash can skip one, never reuse it. */
	if (castore_begin(ca->store) == -1)
		return -1;
	if ((number = castore_crl_next(ca->store)) != 0)
		snprintf(detail, sizeof(detail), "number=%llu",
		    (unsigned long long)number);
	if (number == 0 ||
	    castore_audit(ca->store, "cad", "crl", detail) == -1) {
		castore_rollback(ca->store);
		return -1;
	}
	if (castore_commit(ca->store) == -1)
		return -1;
	memset(&p, 0, sizeof(p));
	p.issuer = ca->cert;
	p.sig = &ca->sig;
	p.number = number;
	p.this_update = now;
	p.next_update = now + (time_t)ca->conf.crl_hours * 3600;
	p.keep = &ca->crl_buf;
	/*
	 * RFC 5280 3.3: an entry stays until it has been on one regularly
	 * scheduled CRL issued after the certificate expired; CRLs come at
	 * least every half lifetime, so keep it for a whole lifetime.
	 */
	if (castore_revoked_start(ca->store, now -
	    (time_t)ca->conf.crl_hours * 3600) == -1)
		return -1;
	if (build_crl(ca, &p, &der, &len) == 0 &&
	    cacrl_publish_numbered(ca->conf.crl_dir, ca->conf.name, number,
	    der, len) == 0) {
		ca->crl_number = number;
		ca->crl_published = now;
		ca->crl_dirty = 0;
		cametrics_revoke_published(ca);
		rc = 0;
	}
	castore_revoked_end(ca->store);
	if (rc == 0)
		log_info("published CRL #%llu (%lu bytes)",
		    (unsigned long long)number, (unsigned long)len);
	else
		log_err("could not publish CRL #%llu",
		    (unsigned long long)number);
	return rc;
}
