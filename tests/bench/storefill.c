/*
 * storefill.c: fills a signing daemon's store with revoked certificates
 * for the CRL benchmark.
 *
 *	storefill [-g] DB N [INDEX]
 *
 * Opens (creating or migrating) the store DB through ca/castore.c and, in
 * one transaction, adds N fake certificate rows, each revoked (with -g:
 * none revoked, for the pre-signed OCSP sweep; INDEX then lists them as
 * valid, "V"): positive
 * 16-byte serials (top byte 0x40..0x7f, as cacert_serial_random draws
 * them; generated in ascending order, the top 64 bits spread evenly and
 * the low 64 bits random, because inserting a million random keys through
 * SQLite's default 2 MB page cache takes minutes), a tiny dummy DER,
 * valid for another year, revoked some time in the last 30 days with a
 * mix of reasons; about half of the keyCompromise ones also carry an
 * invalidity date.  No audit records: these
 * rows were never issued, they only give the CRL something to list.
 *
 * INDEX, if given, receives the same N revocations as an `openssl ca`
 * index.txt, so `openssl ca -gencrl` lists exactly the same entries with
 * the same dates, reasons and invalidity dates (openssl only writes an
 * invalidity date with keyCompromise or CACompromise, spelt "keyTime"
 * in index.txt, hence the rule above).  Prints "rows=N seconds=S" on
 * standard output.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "ca/castore.h"
#include "lib/log.h"

/* RFC 5280 reasons by code, as openssl's index.txt spells them. */
static const char *const reason_name[] = {
	"unspecified",		/* 0 */
	"keyCompromise",	/* 1 */
	"CACompromise",		/* 2 */
	"affiliationChanged",	/* 3 */
	"superseded",		/* 4 */
	"cessationOfOperation",	/* 5 */
	"certificateHold",	/* 6 */
	NULL,			/* 7: unused */
	"removeFromCRL",	/* 8 */
	"privilegeWithdrawn",	/* 9 */
	"AACompromise",		/* 10 */
};

static uint64_t	 rng;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

/*
 * Mix of reasons roughly as a real CA sees them; -1 = no reasonCode.
 * Only reasons `openssl ca` knows (not privilegeWithdrawn, AACompromise).
 */
static int
pick_reason(unsigned pick)
{
	if (pick < 40)
		return -1;
	if (pick < 60)
		return 1;
	if (pick < 75)
		return 4;
	if (pick < 85)
		return 5;
	if (pick < 90)
		return 3;
	if (pick < 95)
		return 6;
	return 0;
}

/* "YYMMDDHHMMSSZ" (utc = 1) or "YYYYMMDDHHMMSSZ". */
static void
fmt_time(char *buf, size_t sz, int64_t t, int utc)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(buf, sz, "%Y%m%d%H%M%SZ", &tm);
	if (utc)		/* UTCTime: drop the century */
		memmove(buf, buf + 2, strlen(buf + 2) + 1);
}

int
main(int argc, char *argv[])
{
	static const uint8_t	 dummy[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	struct castore		*s = NULL;
	struct castore_cert	 c;
	struct timespec		 t0, t1;
	unsigned long long	 n, i;
	char			*end, exp[20], rev[20], inv[20];
	uint64_t		 a, b, step;
	int64_t			 now = (int64_t)time(NULL);
	int			 r, reason, good = 0, rc = 1;
	FILE			*idx = NULL;

	log_init("storefill");
	if (argc > 1 && strcmp(argv[1], "-g") == 0) {
		good = 1;
		argc--;
		argv++;
	}
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: storefill [-g] DB N [INDEX]\n");
		return 2;
	}
	errno = 0;
	n = strtoull(argv[2], &end, 10);
	if (errno != 0 || *end != '\0' || end == argv[2] || n > 100000000ULL) {
		fprintf(stderr, "storefill: bad N \"%s\"\n", argv[2]);
		return 2;
	}
	if (RAND_bytes((unsigned char *)&rng, sizeof(rng)) != 1)
		return 1;
	rng |= 1;
	if (argc == 4 && (idx = fopen(argv[3], "w")) == NULL) {
		fprintf(stderr, "storefill: %s: %s\n", argv[3],
		    strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((s = castore_open(argv[1])) == NULL || castore_begin(s) == -1)
		goto out;

	memset(&c, 0, sizeof(c));
	snprintf(c.subject, sizeof(c.subject), "CN=x");
	c.subject_der = (uint8_t *)(uintptr_t)dummy;
	c.subject_der_len = sizeof(dummy);
	c.der = (uint8_t *)(uintptr_t)dummy;
	c.der_len = sizeof(dummy);
	c.not_before = now - 30 * 86400;
	c.not_after = now + 365 * 86400;
	c.issued_at = c.not_before;
	fmt_time(exp, sizeof(exp), c.not_after, 1);
	step = n > 0 ? 0x3fffffffffffffffULL / n : 1;
	for (i = 0; i < n; ) {
		int64_t	 at, invalidity = 0;

		/* Ascending top 64 bits, random low 64 bits. */
		a = 0x4000000000000000ULL + i * step + rnd() % step;
		b = rnd();
		snprintf(c.serial, sizeof(c.serial), "%016llX%016llX",
		    (unsigned long long)a, (unsigned long long)b);
		if ((r = castore_cert_add(s, &c)) == -1)
			goto out;
		if (r == 1)
			continue;	/* serial taken: draw again */
		if (good) {
			if (idx != NULL)
				fprintf(idx, "V\t%s\t\t%s\tunknown\t/CN=x\n",
				    exp, c.serial);
			i++;
			continue;
		}
		b = rnd();
		reason = pick_reason((unsigned)(b % 100));
		at = now - (int64_t)((b >> 8) % (30 * 86400));
		if (reason == 1 && (b >> 40) % 2 == 0)
			invalidity = at - 86400;
		if (castore_revoke(s, c.serial, reason, at, invalidity, "") !=
		    0)
			goto out;
		if (idx != NULL) {
			fmt_time(rev, sizeof(rev), at, 1);
			fprintf(idx, "R\t%s\t%s", exp, rev);
			/* cacrl.c writes unspecified (0) as no reasonCode. */
			if (invalidity != 0) {	/* keyCompromise + date */
				fmt_time(inv, sizeof(inv), invalidity, 0);
				fprintf(idx, ",keyTime,%s", inv);
			} else if (reason > 0)
				fprintf(idx, ",%s", reason_name[reason]);
			fprintf(idx, "\t%s\tunknown\t/CN=x\n", c.serial);
		}
		i++;
	}
	if (castore_commit(s) == -1)
		goto out;
	if (idx != NULL) {
		r = fclose(idx);
		idx = NULL;
		if (r != 0)
			goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("rows=%llu seconds=%.3f\n", n, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "storefill: failed\n");
	if (idx != NULL)
		fclose(idx);
	castore_close(s);
	return rc;
}
