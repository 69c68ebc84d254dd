/*
 * issuebench.c: load generator for the signing daemon's ISSUE path.
 *
 *	issuebench -s SOCKET [-c CONNS] [-d SECONDS] [-w WARMUP] [-k KEYS]
 *	    [-r RATE] [-a p256|sm2] [-P CSRDIR | -R CSRDIR] [-o CERT.der]
 *	issuebench -P CSRDIR [-k KEYS] [-a p256|sm2]
 *
 * Before any timing it generates KEYS key pairs (-a: P-256, the default,
 * or SM2, whose requests are signed with the ID of lib/sm2.h) with one PKCS#10
 * request each (subject = the operator's fields below, so peers that take
 * the subject from the CSR issue the same name) and builds one ISSUE frame
 * per request: operator subject, one linked platform, no order id, so
 * every request issues and stores a new certificate.  -P writes the same
 * requests as CSRDIR/csr-N.pem for the peers; without -s it only writes
 * them and exits.  -R reads CSRDIR/csr-0.pem .. csr-(KEYS-1).pem (as -P
 * wrote them) instead of generating, so that two runs, against two
 * daemons, send exactly the same requests (tests/bench/keyprocbench.sh).
 *
 * Then it forks CONNS client processes.  Each opens its own connection
 * and sends requests back to back (one outstanding per connection) from a
 * common start time until WARMUP + SECONDS have passed.  A request counts
 * if its reply arrives inside the measured window (after the warm-up); its
 * latency is the time from sending the request to reading the whole
 * reply, and the daemon sends a reply only after its COMMIT.  The children
 * hand their latencies to the parent over pipes.  On standard output:
 *
 *	conns=C seconds=S certs=N errors=E certs_per_s=R p50_ms=A p99_ms=B
 *	max_ms=M
 *
 * With -r RATE the load is open: instead of one request after another,
 * the clients together send RATE requests a second on a fixed schedule
 * (client i of C sends at start + i/RATE + k*C/RATE), whatever the
 * replies do, and a request's latency counts from when it was due, not
 * from when it went out: a client still waiting for an earlier reply
 * sends late, and that wait is part of the figure (no coordinated
 * omission, as wrk2 measures).  The line then also has offered_per_s.
 *
 * errors counts ERR replies and failed calls in the window and outside;
 * any error makes the exit status 1.  -o saves the first certificate the
 * first client received (DER), so the caller can verify it.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/proto.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define BENCH_O		"辽宁基准测试建设工程有限公司"
#define BENCH_CN	"张基准"
#define BENCH_SN	"91210105MA0YDEM15L"
#define BENCH_PLATFORM	"辽宁建设工程信息网"
#define KEYS_MAX	1024
#define CONNS_MAX	256

struct result {
	uint64_t	 n;		/* latencies that follow */
	uint64_t	 errors;
};

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_until(double t)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

/* Makes one P-256 (or SM2) CSR; returns its DER (malloc'd) or NULL. */
static uint8_t *
make_csr(int sm2, size_t *len, FILE *pem)
{
	EVP_PKEY	*key = NULL;
	X509_REQ	*r = NULL;
	X509_NAME	*n;
	uint8_t		*der = NULL, *p;
	int		 l;

	*len = 0;
	if ((key = sm2 ? sm2_keygen() : EVP_EC_gen("P-256")) == NULL ||
	    (r = X509_REQ_new()) == NULL ||
	    !X509_REQ_set_version(r, 0) ||
	    (n = X509_REQ_get_subject_name(r)) == NULL ||
	    !X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8,
	    (const unsigned char *)"CN", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)BENCH_O, -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)BENCH_CN, -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "serialNumber", MBSTRING_UTF8,
	    (const unsigned char *)BENCH_SN, -1, -1, 0) ||
	    !X509_REQ_set_pubkey(r, key) ||
	    sm2_req_sign(r, key) == -1 ||
	    (l = i2d_X509_REQ(r, NULL)) <= 0 ||
	    (der = malloc((size_t)l)) == NULL) {
		log_ssl("make_csr", "cannot make a CSR");
		goto out;
	}
	p = der;
	i2d_X509_REQ(r, &p);
	*len = (size_t)l;
	if (pem != NULL && !PEM_write_X509_REQ(pem, r)) {
		log_ssl("make_csr", "cannot write the PEM copy");
		free(der);
		der = NULL;
	}
out:
	X509_REQ_free(r);
	EVP_PKEY_free(key);
	return der;
}

/* Reads one PEM CSR from path; returns its DER (malloc'd) or NULL. */
static uint8_t *
read_csr(const char *path, size_t *len)
{
	X509_REQ	*r;
	uint8_t		*der = NULL, *p;
	FILE		*f;
	int		 l;

	*len = 0;
	if ((f = fopen(path, "r")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	r = PEM_read_X509_REQ(f, NULL, NULL, NULL);
	fclose(f);
	if (r == NULL || (l = i2d_X509_REQ(r, NULL)) <= 0 ||
	    (der = malloc((size_t)l)) == NULL) {
		log_err("%s: not a PEM CSR", path);
		log_ssl("read_csr", "cannot read the CSR");
		X509_REQ_free(r);
		return NULL;
	}
	p = der;
	i2d_X509_REQ(r, &p);
	*len = (size_t)l;
	X509_REQ_free(r);
	return der;
}

/* Appends v to the growing array *a of *n entries.  0 / -1. */
static int
push(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
	uint32_t	*t;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		if ((t = realloc(*a, *cap * sizeof(**a))) == NULL)
			return -1;
		*a = t;
	}
	(*a)[(*n)++] = v;
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	ssize_t		 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int
read_all(int fd, void *buf, size_t len)
{
	uint8_t		*p = buf;
	ssize_t		 r;

	while (len > 0) {
		if ((r = read(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Saves the certificate of an OK ISSUE reply to path.  0 / -1. */
static int
save_cert(struct proto_msg *m, const char *path)
{
	char		 serial[64];
	const uint8_t	*der;
	size_t		 len;
	FILE		*f;
	int		 rc = -1;

	if (proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_get_bytes(m, &der, &len, PROTO_MAX_PAYLOAD) == -1 ||
	    (f = fopen(path, "wb")) == NULL)
		return -1;
	if (fwrite(der, 1, len, f) == len)
		rc = 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/*
 * One client: connects, waits for the start, sends frames from first on
 * until end, then writes a struct result and its latencies (microseconds)
 * to out.  Never returns.
 */
static void
client(const char *sock, struct proto_buf *frames, size_t nframes,
    size_t first, double start, double wstart, double end, double period,
    double phase, int out, const char *save)
{
	struct result	 res = { 0, 0 };
	struct proto_msg m;
	uint32_t	*lat = NULL;
	size_t		 n = 0, cap = 0, i = first;
	uint8_t		*store;
	double		 t0, t1, due = start + phase;
	int		 fd;

	if ((fd = proto_connect(sock)) == -1) {
		log_err("client: cannot connect to %s", sock);
		_exit(1);
	}
	sleep_until(start);
	for (;;) {
		if (period > 0) {
			/* Open loop: due at due, late or not. */
			if ((t0 = due) >= end)
				break;
			sleep_until(due);
			due += period;
		} else if ((t0 = mono()) >= end)
			break;
		if (proto_call(fd, &frames[i % nframes], &m, &store) == -1) {
			res.errors++;
			log_err("client: call failed");
			break;
		}
		t1 = mono();
		if (m.op != PROTO_OK)
			res.errors++;
		else {
			if (save != NULL) {
				if (save_cert(&m, save) == -1)
					log_err("client: cannot save %s",
					    save);
				save = NULL;
			}
			if (t1 >= wstart && t1 <= end &&
			    push(&lat, &n, &cap,
			    (uint32_t)((t1 - t0) * 1e6)) == -1) {
				free(store);
				_exit(1);
			}
		}
		free(store);
		i++;
	}
	close(fd);
	res.n = n;
	if (write_all(out, &res, sizeof(res)) == -1 ||
	    (n > 0 && write_all(out, lat, n * sizeof(*lat)) == -1))
		_exit(1);
	free(lat);
	_exit(0);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static double
pct_ms(const uint32_t *v, size_t n, double pct)
{
	size_t	 k;

	if (n == 0)
		return 0;
	k = (size_t)(pct / 100.0 * (double)n);
	if (k >= n)
		k = n - 1;
	return (double)v[k] / 1000.0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: issuebench -s SOCKET [-c CONNS] [-d SECONDS] "
	    "[-w WARMUP] [-k KEYS]\n"
	    "                  [-r RATE] [-a p256|sm2] [-P CSRDIR | -R CSRDIR] "
	    "[-o CERT.der]\n"
	    "       issuebench -P CSRDIR [-k KEYS] [-a p256|sm2]\n");
	exit(2);
}

static long
num(const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < lo || v > hi)
		usage();
	return v;
}

int
main(int argc, char *argv[])
{
	struct proto_buf	*frames = NULL;
	struct result		 res;
	const char		*sock = NULL, *csrdir = NULL, *save = NULL;
	const char		*csrin = NULL;
	char			 path[4096];
	uint32_t		*lat = NULL, *t;
	uint64_t		 errors = 0;
	size_t			 nlat = 0, k, len;
	pid_t			 pids[CONNS_MAX];
	int			 fds[CONNS_MAX], p[2];
	long			 conns = 32, secs = 10, warm = 1, keys = 64;
	long			 rate = 0;
	double			 start, wstart, end;
	int			 ch, i, st, rc = 1, sm2 = 0;
	FILE			*pem;
	uint8_t			*der;

	log_init("issuebench");
	while ((ch = getopt(argc, argv, "a:s:c:d:w:k:r:P:R:o:")) != -1) {
		switch (ch) {
		case 'a':
			if (strcmp(optarg, "sm2") == 0)
				sm2 = 1;
			else if (strcmp(optarg, "p256") != 0)
				usage();
			break;
		case 's':
			sock = optarg;
			break;
		case 'c':
			conns = num(optarg, 1, CONNS_MAX);
			break;
		case 'd':
			secs = num(optarg, 1, 3600);
			break;
		case 'w':
			warm = num(optarg, 0, 600);
			break;
		case 'k':
			keys = num(optarg, 1, KEYS_MAX);
			break;
		case 'r':
			rate = num(optarg, 1, 1000000);
			break;
		case 'P':
			csrdir = optarg;
			break;
		case 'R':
			csrin = optarg;
			break;
		case 'o':
			save = optarg;
			break;
		default:
			usage();
		}
	}
	/* No socket: only write the requests (-P), so -P is needed. */
	if ((sock == NULL && csrdir == NULL) || optind != argc ||
	    (csrdir != NULL && csrin != NULL))
		usage();

	if ((frames = calloc((size_t)keys, sizeof(*frames))) == NULL)
		return 1;
	for (k = 0; k < (size_t)keys; k++) {
		pem = NULL;
		if (csrin != NULL) {
			snprintf(path, sizeof(path), "%s/csr-%zu.pem", csrin,
			    k);
			der = read_csr(path, &len);
		} else {
			if (csrdir != NULL) {
				snprintf(path, sizeof(path), "%s/csr-%zu.pem",
				    csrdir, k);
				if ((pem = fopen(path, "w")) == NULL) {
					log_err("%s: %s", path,
					    strerror(errno));
					return 1;
				}
			}
			der = make_csr(sm2, &len, pem);
			if (pem != NULL && fclose(pem) != 0)
				der = NULL;
		}
		if (der == NULL)
			return 1;
		proto_buf_init(&frames[k], PROTO_ISSUE);
		proto_put_str(&frames[k], "bench");	/* actor */
		proto_put_str(&frames[k], "");		/* no order id */
		proto_put_str(&frames[k], BENCH_O);
		proto_put_str(&frames[k], "");		/* OU */
		proto_put_str(&frames[k], BENCH_CN);
		proto_put_str(&frames[k], BENCH_SN);
		proto_put_u64(&frames[k], 0);		/* default notAfter */
		proto_put_bytes(&frames[k], der, len);
		proto_put_u64(&frames[k], 1);
		proto_put_str(&frames[k], BENCH_PLATFORM);
		free(der);
		if (proto_buf_finish(&frames[k]) == -1)
			return 1;
	}

	if (sock == NULL) {		/* -P alone: the requests are written */
		for (k = 0; k < (size_t)keys; k++)
			proto_buf_free(&frames[k]);
		free(frames);
		return 0;
	}

	/* Time to fork and connect everyone before the common start. */
	start = mono() + 0.3 + 0.01 * (double)conns;
	wstart = start + (double)warm;
	end = wstart + (double)secs;
	fflush(NULL);
	for (i = 0; i < conns; i++) {
		if (pipe(p) == -1 || (pids[i] = fork()) == -1) {
			log_err("fork: %s", strerror(errno));
			return 1;
		}
		if (pids[i] == 0) {
			close(p[0]);
			client(sock, frames, (size_t)keys,
			    (size_t)i * (size_t)keys / (size_t)conns, start,
			    wstart, end, rate > 0 ? (double)conns /
			    (double)rate : 0, rate > 0 ? (double)i /
			    (double)rate : 0, p[1], i == 0 ? save : NULL);
		}
		close(p[1]);
		fds[i] = p[0];
	}
	rc = 0;
	for (i = 0; i < conns; i++) {
		if (read_all(fds[i], &res, sizeof(res)) == -1) {
			log_err("client %d gave no result", i);
			rc = 1;
			continue;
		}
		errors += res.errors;
		if (res.n > 0) {
			if ((t = realloc(lat, (nlat + res.n) *
			    sizeof(*lat))) == NULL)
				return 1;
			lat = t;
			if (read_all(fds[i], lat + nlat,
			    res.n * sizeof(*lat)) == -1) {
				rc = 1;
				continue;
			}
			nlat += res.n;
		}
		close(fds[i]);
	}
	for (i = 0; i < conns; i++) {
		if (waitpid(pids[i], &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			rc = 1;
	}
	qsort(lat, nlat, sizeof(*lat), cmp_u32);
	if (rate > 0)
		printf("offered_per_s=%ld ", rate);
	printf("conns=%ld seconds=%ld certs=%zu errors=%llu certs_per_s=%.0f "
	    "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", conns, secs, nlat,
	    (unsigned long long)errors, (double)nlat / (double)secs,
	    pct_ms(lat, nlat, 50), pct_ms(lat, nlat, 99),
	    nlat ? (double)lat[nlat - 1] / 1000.0 : 0.0);
	if (errors > 0)
		rc = 1;
	free(lat);
	for (k = 0; k < (size_t)keys; k++)
		proto_buf_free(&frames[k]);
	free(frames);
	return rc;
}
