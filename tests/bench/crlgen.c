/*
 * crlgen.c: benchmark of the CRL writer (ca/cacrl.c).
 *
 *	crlgen N OUTDIR
 *
 * Makes a throwaway P-256 root CA, streams N generated entries (random
 * 16-byte serials in ascending order, mixed reasons, some invalidity
 * dates) through cacrl_build(), publishes the result into OUTDIR as
 * crlgen.crl and crlgen.crl.pem, and prints on standard output
 *
 *	entries=N seconds=S maxrss_kb=K der_bytes=B
 *
 * where S is the wall time of build plus publish and K the peak resident
 * size of the whole process (getrusage).  A breakdown goes to standard
 * error.  Entries are made on the fly, as a store cursor would hand them
 * over, so the peak is the writer's own footprint.
 */
#include <sys/resource.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cacrl.h"
#include "lib/log.h"

struct gen {
	uint64_t	 n;
	uint64_t	 i;
	uint64_t	 step;		/* of the serial's top 32 bits */
	uint64_t	 rng;		/* xorshift64* state */
	int64_t		 now;
};

static uint64_t
rnd(struct gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545f4914f6cdd1dULL;
}

/*
 * Serial: the top 32 bits grow with i (0x40000000 up to 0x7fffffff, like
 * cacert_serial_random()'s top byte), the other 96 bits are random, so the
 * stream is in serial order.  Reasons roughly as a real CA sees them.
 */
static int
gen_next(void *ctx, struct cacrl_entry *e)
{
	struct gen	*g = ctx;
	uint64_t	 top, r, lo;
	unsigned	 pick;
	int		 k;

	if (g->i == g->n)
		return 0;
	top = 0x40000000ULL + g->i * g->step;
	g->i++;
	e->serial_len = 16;
	for (k = 0; k < 4; k++)
		e->serial[k] = (uint8_t)(top >> (24 - 8 * k));
	r = rnd(g);
	lo = rnd(g);
	for (k = 0; k < 8; k++)
		e->serial[4 + k] = (uint8_t)(r >> (56 - 8 * k));
	for (k = 0; k < 4; k++)
		e->serial[12 + k] = (uint8_t)(lo >> (24 - 8 * k));
	pick = (unsigned)(lo >> 32) % 100;
	if (pick < 40)
		e->reason = CACRL_REASON_NONE;
	else if (pick < 60)
		e->reason = CACRL_REASON_KEY_COMPROMISE;
	else if (pick < 75)
		e->reason = CACRL_REASON_SUPERSEDED;
	else if (pick < 85)
		e->reason = CACRL_REASON_CESSATION;
	else if (pick < 90)
		e->reason = CACRL_REASON_AFFILIATION_CHANGED;
	else if (pick < 95)
		e->reason = CACRL_REASON_UNSPECIFIED;
	else
		e->reason = CACRL_REASON_PRIVILEGE_WITHDRAWN;
	e->revoked_at = g->now - (int64_t)((lo >> 40) % (3 * 365 * 86400));
	e->invalidity = (pick % 10 == 0) ? e->revoked_at - 86400 : 0;
	return 1;
}

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct cacert_req	 r;
	struct cacrl_params	 p;
	struct gen		 g;
	struct rusage		 ru;
	X509_NAME		*name = NULL;
	X509			*ca = NULL;
	EVP_PKEY		*key = NULL;
	uint8_t			*der = NULL;
	size_t			 der_len = 0;
	unsigned long long	 n;
	char			*end;
	double			 t0, t1, t2, c0, c1, c2;
	long			 rss0;
	int			 rc = EXIT_FAILURE;

	log_init("crlgen");
	if (argc != 3) {
		fprintf(stderr, "usage: crlgen N OUTDIR\n");
		return EXIT_FAILURE;
	}
	errno = 0;
	n = strtoull(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || end == argv[1] ||
	    n > 100000000ULL) {
		fprintf(stderr, "crlgen: bad N \"%s\"\n", argv[1]);
		return EXIT_FAILURE;
	}

	memset(&g, 0, sizeof(g));
	g.n = n;
	g.step = n > 0 ? 0x3fffffffULL / n : 0;
	g.now = (int64_t)time(NULL);
	if (RAND_bytes((unsigned char *)&g.rng, sizeof(g.rng)) != 1)
		goto out;
	g.rng |= 1;

	if ((key = caconf_algo_keygen(CA_ALGO_P256)) == NULL ||
	    (name = cacert_name("crlgen", NULL, "crlgen CA")) == NULL)
		goto out;
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ROOT;
	r.subject = name;
	r.pubkey = key;
	r.not_before = (time_t)g.now - 3600;
	r.not_after = (time_t)g.now + 365 * 86400;
	r.issuer_key = key;
	if ((ca = cacert_build(&r)) == NULL)
		goto out;
	memset(&p, 0, sizeof(p));
	p.issuer = ca;
	p.key = key;
	p.number = 1;
	p.this_update = (time_t)g.now;
	p.next_update = (time_t)g.now + 86400;

	getrusage(RUSAGE_SELF, &ru);
	rss0 = ru.ru_maxrss;
	c0 = cpu();
	t0 = mono();
	if (cacrl_build(&p, gen_next, &g, &der, &der_len) == -1)
		goto out;
	t1 = mono();
	c1 = cpu();
	if (cacrl_publish(argv[2], "crlgen", der, der_len) == -1)
		goto out;
	t2 = mono();
	c2 = cpu();
	getrusage(RUSAGE_SELF, &ru);

	printf("entries=%llu seconds=%.3f maxrss_kb=%ld der_bytes=%zu\n", n,
	    t2 - t0, ru.ru_maxrss, der_len);
	fprintf(stderr, "crlgen: build %.3f s (cpu %.3f s), publish %.3f s "
	    "(cpu %.3f s; DER + PEM, fsync), rss before build %ld kB\n",
	    t1 - t0, c1 - c0, t2 - t1, c2 - c1, rss0);
	rc = EXIT_SUCCESS;
out:
	if (rc != EXIT_SUCCESS)
		fprintf(stderr, "crlgen: failed\n");
	free(der);
	X509_free(ca);
	X509_NAME_free(name);
	EVP_PKEY_free(key);
	return rc;
}
