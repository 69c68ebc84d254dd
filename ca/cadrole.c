/*
 * cadrole.c: this cad's part in its store's signing role (cadrole.h).
 */
#define _XOPEN_SOURCE 700	/* realpath(3) */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>

#include <fcntl.h>
#include <poll.h>

#include "ca/cadrole.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "lib/fdio.h"
#include "lib/log.h"

/* How long a standby waits for a client's request, or to send it the
 * answer, before it lets the client go. */
#define STANDBY_IO_MS	1000

int
cadrole_name(struct cadrole *r, const char *name, const char *dir)
{
	char	 host[256], abs[PATH_MAX];
	int	 n;

	memset(r, 0, sizeof(*r));
	if (name != NULL)
		n = snprintf(r->holder, sizeof(r->holder), "%s", name);
	else {
		if (gethostname(host, sizeof(host)) == -1) {
			log_err("gethostname: %s (give cad -L NAME)",
			    strerror(errno));
			return -1;
		}
		host[sizeof(host) - 1] = '\0';
		if (realpath(dir, abs) == NULL) {
			log_err("%s: %s", dir, strerror(errno));
			return -1;
		}
		n = snprintf(r->holder, sizeof(r->holder), "%s:%s", host,
		    abs);
	}
	if (n <= 0 || n >= (int)sizeof(r->holder)) {
		log_err("this signer's name is 1 to %d characters (give cad "
		    "-L NAME)", CASTORE_HOLDER_MAX - 1);
		return -1;
	}
	return 0;
}

/*
 * Answers one client of listening socket lfd, whatever it asked, with
 * PROTO_E_STANDBY: the request is read first (its frame, at most
 * PROTO_MAX_PAYLOAD), so that the client, which writes before it reads,
 * finds the answer and not a closed socket.
 */
static void
standby_answer(int lfd, const struct cadrole *r,
    const struct castore_lease *l)
{
	struct proto_buf	 b;
	uint8_t			 hdr[PROTO_HDR_LEN], op, *body = NULL;
	uint32_t		 len;
	char			 msg[CASTORE_HOLDER_MAX * 2 + 160];
	int			 fd;

	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fdio_read(fd, hdr, sizeof(hdr), STANDBY_IO_MS) == -1 ||
	    proto_hdr_parse(hdr, &op, &len) == -1 ||
	    (len > 0 && ((body = malloc(len)) == NULL ||
	    fdio_read(fd, body, len, STANDBY_IO_MS) == -1))) {
		free(body);
		close(fd);
		return;
	}
	free(body);
	snprintf(msg, sizeof(msg), "this signer (%s) is a standby: the "
	    "signing role is held by %s, whose lease runs out in %lld s "
	    "unless renewed; ask again later", r->holder, l->holder,
	    (long long)(l->expires_at - (int64_t)time(NULL)));
	memset(&b, 0, sizeof(b));
	proto_err_reply(&b, PROTO_E_STANDBY, msg);
	if (proto_buf_finish(&b) == 0)
		(void)fdio_write(fd, b.p, b.len);
	proto_buf_free(&b);
	close(fd);
}

/* Waits CADROLE_RENEW, answering the clients of lfds[0..n) meanwhile. */
static void
standby_wait(const struct cadrole *r, const struct castore_lease *l,
    const int *lfds, size_t n, volatile sig_atomic_t *quit)
{
	struct pollfd	 pfd[8];
	struct timespec	 t0, t;
	size_t		 i;
	long		 left;

	if (n > sizeof(pfd) / sizeof(pfd[0]))
		n = sizeof(pfd) / sizeof(pfd[0]);
	for (i = 0; i < n; i++) {
		pfd[i].fd = lfds[i];
		pfd[i].events = POLLIN;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = CADROLE_RENEW * 1000L - ((t.tv_sec - t0.tv_sec) *
		    1000L + (t.tv_nsec - t0.tv_nsec) / 1000000L);
		if (left <= 0 || *quit)
			return;
		if (poll(pfd, (nfds_t)n, (int)left) <= 0)
			continue;	/* the time, or a signal */
		for (i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				standby_answer(pfd[i].fd, r, l);
	}
}

int
cadrole_take(struct cadrole *r, struct castore *s,
    volatile sig_atomic_t *quit, const int *lfds, size_t n)
{
	struct castore_lease	 l;
	int			 k, said = 0;

	while (!*quit) {
		k = castore_lease_take(s, r->holder, (int64_t)time(NULL),
		    CADROLE_LEASE, &l);
		if (k == -1)
			return -1;
		if (k == 1) {
			r->token = l.token;
			r->renewed = time(NULL);
			castore_fence(s, r->token);
			log_info("signer %s holds the signing role (token "
			    "%lld)", r->holder, (long long)r->token);
			return 0;
		}
		if (!said) {
			log_warn("standby: the signing role is held by %s "
			    "(token %lld), its lease running out in %lld s "
			    "unless renewed; taking it when it does", l.holder,
			    (long long)l.token,
			    (long long)(l.expires_at - (int64_t)time(NULL)));
			said = 1;
		}
		standby_wait(r, &l, lfds, n, quit);
	}
	return 1;
}

int
cadrole_renew(struct cadrole *r, struct castore *s, time_t now)
{
	int	 k;

	if (now - r->renewed < CADROLE_RENEW)
		return 0;
	if ((k = castore_lease_renew(s, r->token, (int64_t)now,
	    CADROLE_LEASE)) == 1) {
		r->renewed = now;
		return 0;
	}
	if (k == -1) {
		/* The store: the next write finds whether the role is
		 * still ours. */
		log_warn("could not renew the signing role (token %lld); "
		    "trying again", (long long)r->token);
		return 0;
	}
	log_err("signer %s lost the signing role (token %lld): another "
	    "signer took it; stopping", r->holder, (long long)r->token);
	return -1;
}
