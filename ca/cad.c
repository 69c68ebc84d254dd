/*
 * cad.c: the signing daemon, the only long-running process that holds the
 * CA private key.
 *
 *   cad -c CADIR [-s SOCKET] [-p PASSPHRASE_FILE]
 *
 * Start-up order: read settings, forbid core dumps, read the passphrase,
 * load and check the issuing CA key, wipe the passphrase, open the store,
 * publish a fresh CRL (so nothing committed before a crash is missing
 * from it), bind the socket (mode 0600), and only then serve.
 *
 * One thread runs a poll(2) loop over non-blocking connections; each
 * connection moves through header -> payload -> reply.  Requests that are
 * complete in one loop turn run in one transaction, each in its own
 * savepoint, and their replies leave only after the COMMIT (group commit:
 * every reply describes durable state, and a burst costs one fsync).  If
 * any revocation happened, a new CRL is published right after the commit,
 * so revocations arriving together share one CRL; without revocations
 * the CRL is re-signed when half of its validity has passed.
 *
 * A frame that breaks the protocol (bad version, oversize length, unknown
 * op, malformed or trailing fields) closes that connection only.
 * SIGTERM/SIGINT end the loop; the socket is removed and the key freed.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cakey.h"
#include "ca/caops.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "lib/log.h"

#define CAD_MAX_CONN	256
#define CAD_IDLE_SECS	300

enum conn_state {
	CONN_HDR,		/* reading the 8-byte header */
	CONN_PAYLOAD,		/* reading the payload */
	CONN_WRITE		/* writing a reply */
};

struct conn {
	int		 fd;
	enum conn_state	 state;
	uint8_t		 hdr[PROTO_HDR_LEN];
	size_t		 got;
	uint8_t		 op;
	uint32_t	 plen;
	uint8_t		*payload;
	struct proto_buf out;
	size_t		 sent;
	time_t		 last;
	int		 held;		/* reply waits for the batch commit */
};

struct cad {
	struct ca	 ca;
	int		 lfd;
	int		 in_batch;	/* a transaction is open */
	int		 batch_failed;	/* it broke: no more ops this turn */
	time_t		 crl_retry_at;	/* after a failed publication */
	struct conn	 conns[CAD_MAX_CONN];
	size_t		 nconns;
};

static volatile sig_atomic_t	 quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void
conn_close(struct cad *d, size_t i)
{
	struct conn	*c = &d->conns[i];

	close(c->fd);
	free(c->payload);
	proto_buf_free(&c->out);
	d->conns[i] = d->conns[--d->nconns];
	memset(&d->conns[d->nconns], 0, sizeof(struct conn));
}

/*
 * Runs the request in c inside its own savepoint of the batch
 * transaction; the reply is held until the batch commits.  Returns -1 if
 * the peer broke the protocol.
 */
static int
conn_dispatch(struct cad *d, struct conn *c)
{
	struct proto_msg	 m;
	int			 rc;

	if (!d->in_batch && !d->batch_failed) {
		if (castore_begin(d->ca.store) == 0)
			d->in_batch = 1;
		else
			d->batch_failed = 1;
	}
	if (d->batch_failed || castore_savepoint(d->ca.store) == -1) {
		/* The store cannot take work now: refuse, keep the peer. */
		d->batch_failed = 1;
		free(c->payload);
		c->payload = NULL;
		proto_err_reply(&c->out, PROTO_E_INTERNAL,
		    "the CA store is unavailable; nothing was done");
		goto reply;
	}
	proto_msg_init(&m, c->op, c->payload, c->plen);
	rc = caops_run(&d->ca, c->op, &m, &c->out);
	free(c->payload);
	c->payload = NULL;
	if ((rc != 0 && castore_savepoint_undo(d->ca.store) == -1) ||
	    castore_savepoint_keep(d->ca.store) == -1 ||
	    !castore_in_txn(d->ca.store)) {
		/*
		 * SQLite ended the transaction by itself (disk full, I/O
		 * error): nothing of this batch may be reported as done.
		 */
		log_err("the batch transaction broke; failing the batch");
		d->batch_failed = 1;
	}
	if (rc == -1) {
		log_warn("client sent a malformed or unknown request (op %u); "
		    "closing it", (unsigned)c->op);
		return -1;
	}
reply:
	if (proto_buf_finish(&c->out) == -1) {
		proto_err_reply(&c->out, PROTO_E_INTERNAL, "reply too large");
		if (proto_buf_finish(&c->out) == -1)
			return -1;
	}
	c->state = CONN_WRITE;
	c->sent = 0;
	c->held = 1;
	return 0;
}

/* Reads what is available; returns -1 to close the connection. */
static int
conn_read(struct cad *d, struct conn *c)
{
	ssize_t	 n;

	for (;;) {
		if (c->state == CONN_HDR) {
			n = read(c->fd, c->hdr + c->got,
			    PROTO_HDR_LEN - c->got);
		} else if (c->state == CONN_PAYLOAD) {
			if (c->plen == c->got)
				n = 0;
			else
				n = read(c->fd, c->payload + c->got,
				    c->plen - c->got);
		} else
			return 0;
		if (n == -1)
			return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
		if (n == 0 && !(c->state == CONN_PAYLOAD &&
		    c->plen == c->got))
			return -1;	/* peer closed */
		c->got += (size_t)n;
		if (c->state == CONN_HDR && c->got == PROTO_HDR_LEN) {
			if (proto_hdr_parse(c->hdr, &c->op, &c->plen) == -1) {
				log_warn("client sent a malformed frame "
				    "header; closing it");
				return -1;
			}
			if ((c->payload = malloc(c->plen ? c->plen : 1)) ==
			    NULL)
				return -1;
			c->state = CONN_PAYLOAD;
			c->got = 0;
		}
		if (c->state == CONN_PAYLOAD && c->got == c->plen) {
			c->got = 0;
			return conn_dispatch(d, c);
		}
	}
}

/* Writes what it can; returns -1 to close the connection. */
static int
conn_write(struct conn *c)
{
	ssize_t	 n;

	while (c->sent < c->out.len) {
		n = write(c->fd, c->out.p + c->sent, c->out.len - c->sent);
		if (n == -1)
			return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
		c->sent += (size_t)n;
	}
	proto_buf_free(&c->out);
	c->state = CONN_HDR;
	c->got = 0;
	return 0;
}

static void
accept_one(struct cad *d)
{
	struct conn	*c;
	int		 fd;

	if ((fd = accept(d->lfd, NULL, NULL)) == -1)
		return;
	if (d->nconns == CAD_MAX_CONN) {
		log_warn("too many clients (%d); refusing one", CAD_MAX_CONN);
		close(fd);
		return;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		close(fd);
		return;
	}
	c = &d->conns[d->nconns++];
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->state = CONN_HDR;
	c->last = time(NULL);
}

/*
 * Commits the batch and releases its replies.  If the commit fails, every
 * held reply becomes an error: nothing it described was stored.
 */
static void
batch_end(struct cad *d)
{
	struct conn	*c;
	size_t		 i;
	int		 ok = 1;

	if (!d->in_batch && !d->batch_failed)
		return;
	if (d->batch_failed || castore_commit(d->ca.store) == -1) {
		log_err("commit failed; failing the whole batch");
		if (castore_in_txn(d->ca.store))
			castore_rollback(d->ca.store);
		d->ca.crl_dirty = 1;	/* harmless: re-publish what is */
		ok = 0;
	}
	d->in_batch = 0;
	d->batch_failed = 0;
	for (i = d->nconns; i-- > 0; ) {
		c = &d->conns[i];
		if (!c->held)
			continue;
		c->held = 0;
		if (!ok) {
			proto_err_reply(&c->out, PROTO_E_INTERNAL,
			    "could not store the result; nothing was done");
			proto_buf_finish(&c->out);
		}
		if (conn_write(c) == -1)
			conn_close(d, i);
	}
}

/* Publishes a CRL if a revocation is waiting or the last one is aging. */
static void
crl_tick(struct cad *d, time_t now)
{
	time_t	 half = (time_t)d->ca.conf.crl_hours * 3600 / 2;

	if (now < d->crl_retry_at)
		return;
	if (!d->ca.crl_dirty && now - d->ca.crl_published < half)
		return;
	if (caops_publish_crl(&d->ca) == -1) {
		/* Each try costs a CRL number: retry in a minute, not at once. */
		d->crl_retry_at = now + 60;
	}
}

static int
serve(struct cad *d)
{
	struct pollfd	 pfd[CAD_MAX_CONN + 1];
	size_t		 i, n;
	time_t		 now;
	int		 r, bad;

	while (!quit) {
		pfd[0].fd = d->lfd;
		pfd[0].events = POLLIN;
		for (i = 0; i < d->nconns; i++) {
			pfd[i + 1].fd = d->conns[i].fd;
			pfd[i + 1].events = d->conns[i].state == CONN_WRITE ?
			    POLLOUT : POLLIN;
			if (d->conns[i].held)
				pfd[i + 1].events = 0;
			pfd[i + 1].revents = 0;
		}
		n = d->nconns;
		if ((r = poll(pfd, n + 1, 1000)) == -1) {
			if (errno == EINTR)
				continue;
			log_err("poll: %s", strerror(errno));
			return -1;
		}
		now = time(NULL);
		/* Walk backwards: conn_close() moves the last into slot i. */
		for (i = n; i-- > 0; ) {
			struct conn *c = &d->conns[i];

			bad = 0;
			if (pfd[i + 1].revents & (POLLERR | POLLNVAL))
				bad = 1;
			else if (pfd[i + 1].revents & (POLLIN | POLLHUP)) {
				c->last = now;
				if (conn_read(d, c) == -1)
					bad = 1;
			} else if (pfd[i + 1].revents & POLLOUT) {
				c->last = now;
				if (conn_write(c) == -1)
					bad = 1;
			} else if (now - c->last > CAD_IDLE_SECS)
				bad = 1;
			if (bad)
				conn_close(d, i);
		}
		if (pfd[0].revents & POLLIN)
			accept_one(d);
		batch_end(d);
		crl_tick(d, now);
	}
	if (d->in_batch)
		castore_rollback(d->ca.store);
	return 0;
}

/* Binds a fresh unix socket at path, refusing if a daemon is live there. */
static int
listen_at(const char *path)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old;
	int			 fd, probe;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err("%s: socket path too long", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("%s exists and is not a socket", path);
			return -1;
		}
		if ((probe = proto_connect(path)) != -1) {
			close(probe);
			log_err("%s: another daemon is already serving", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		log_err("socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_err("bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (listen(fd, 128) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		log_err("listen %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: cad -c CADIR [-s SOCKET] "
	    "[-p PASSPHRASE_FILE]\n"
	    "The CA signing daemon.  The passphrase file may also be given\n"
	    "as $CA_PASSPHRASE_FILE; it and CADIR/private/ca.key must be\n"
	    "mode 0600.  The socket defaults to CADIR/cad.sock.\n");
}

int
main(int argc, char **argv)
{
	static struct cad	 d;
	struct sigaction	 sa;
	struct rlimit		 rl = { 0, 0 };
	const char		*dir = NULL, *sock = NULL, *passfile = NULL;
	char			 pass[CAKEY_PASS_MAX], path[PATH_MAX];
	char			 defsock[PATH_MAX];
	size_t			 i;
	int			 ch, rc = 1;

	log_init("cad");
	while ((ch = getopt(argc, argv, "c:s:p:h")) != -1) {
		switch (ch) {
		case 'c':
			dir = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'p':
			passfile = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (dir == NULL || optind != argc) {
		usage();
		return 2;
	}
	if (sock == NULL) {
		snprintf(defsock, sizeof(defsock), "%s/cad.sock", dir);
		sock = defsock;
	}
	/* Key material must never land in a core file. */
	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		log_warn("setrlimit(RLIMIT_CORE): %s", strerror(errno));

	d.lfd = -1;
	if (caconf_read(&d.ca.conf, dir) == -1)
		goto out;
	memset(pass, 0, sizeof(pass));
	if (cakey_read_pass(cakey_pass_file(passfile), pass,
	    sizeof(pass)) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/private/ca.key", dir);
	d.ca.key = cakey_load(path, pass);
	cakey_wipe(pass, sizeof(pass));
	if (d.ca.key == NULL)
		goto out;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if ((d.ca.cert = cacert_read_pem(path)) == NULL)
		goto out;
	if (X509_check_private_key(d.ca.cert, d.ca.key) != 1) {
		log_ssl("cad", "ca.key does not match ca.crt");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/ca.db", dir);
	if ((d.ca.store = castore_open(path)) == NULL)
		goto out;
	d.ca.crl_number = castore_crl_last(d.ca.store);
	if (caops_publish_crl(&d.ca) == -1)
		goto out;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if ((d.lfd = listen_at(sock)) == -1)
		goto out;
	d.ca.started = time(NULL);
	log_info("serving CA '%s' (%s) on %s", d.ca.conf.name,
	    caconf_algo_name(d.ca.conf.algo), sock);
	if (serve(&d) == 0)
		rc = 0;
	log_info("shutting down");
out:
	for (i = d.nconns; i-- > 0; )
		conn_close(&d, i);
	if (d.lfd != -1) {
		close(d.lfd);
		unlink(sock);
	}
	castore_close(d.ca.store);
	EVP_PKEY_free(d.ca.key);
	X509_free(d.ca.cert);
	return rc;
}
