/*
 * crltime.c: times one forced CRL publication by a running signing daemon.
 *
 *	crltime SOCKET LOGFILE
 *
 * Notes how long LOGFILE (the daemon's standard error) is, sends
 * PROTO_CRL (what `cactl crl` sends; the daemon answers as soon as the
 * publication is queued, with the number it will carry), then watches the
 * log, every millisecond, for the daemon's "published CRL #K (" line,
 * which it writes after the DER and PEM files were renamed into place and
 * the directory fsync'd.  So the time covers the CRL-number transaction,
 * the store query, encoding, signing and the atomic publication.  Prints
 * "number=K seconds=S" on standard output; exit status 1 if the daemon
 * refused, logged "could not publish CRL #K", or took over 300 s.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ca/proto.h"
#include "lib/log.h"

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Looks for ok or bad in the part of path after offset.  Returns 1 (ok
 * found), 2 (bad found), 0 (neither yet) or -1.
 */
static int
scan(const char *path, long offset, const char *ok, const char *bad)
{
	char	 line[1024];
	FILE	*f;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fseek(f, offset, SEEK_SET) == -1) {
		fclose(f);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, ok) != NULL)
			rc = 1;
		else if (strstr(line, bad) != NULL)
			rc = 2;
	}
	fclose(f);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct proto_buf	 req;
	struct proto_msg	 m;
	struct stat		 st;
	struct timespec		 ms = { 0, 1000000 };
	uint8_t			*store = NULL;
	uint64_t		 number = 0;
	char			 ok[64], bad[64];
	double			 t0, t1;
	int			 fd = -1, r = 0, rc = 1;

	log_init("crltime");
	if (argc != 3) {
		fprintf(stderr, "usage: crltime SOCKET LOGFILE\n");
		return 2;
	}
	if (stat(argv[2], &st) == -1) {
		log_err("%s: %s", argv[2], strerror(errno));
		return 1;
	}
	if ((fd = proto_connect(argv[1])) == -1)
		return 1;
	proto_buf_init(&req, PROTO_CRL);
	proto_put_str(&req, "bench");
	t0 = mono();
	if (proto_call(fd, &req, &m, &store) == -1 || m.op != PROTO_OK ||
	    proto_get_u64(&m, &number) == -1) {
		log_err("the daemon refused PROTO_CRL");
		goto out;
	}
	snprintf(ok, sizeof(ok), "published CRL #%llu (",
	    (unsigned long long)number);
	snprintf(bad, sizeof(bad), "could not publish CRL #%llu",
	    (unsigned long long)number);
	while ((r = scan(argv[2], (long)st.st_size, ok, bad)) == 0 &&
	    mono() - t0 < 300)
		nanosleep(&ms, NULL);
	t1 = mono();
	if (r != 1) {
		log_err("CRL #%llu was not published",
		    (unsigned long long)number);
		goto out;
	}
	printf("number=%llu seconds=%.3f\n", (unsigned long long)number,
	    t1 - t0);
	rc = 0;
out:
	free(store);
	proto_buf_free(&req);
	if (fd != -1)
		close(fd);
	return rc;
}
