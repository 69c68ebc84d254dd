/*
 * canotify.c: delivers the signed notices of the daemon's outbox to the
 * linked platforms.
 *
 *   canotify -s NOTICE_SOCKET [-u USER] [-j PARALLEL]
 *
 * This is the only process of the CA that opens outbound connections,
 * and it holds no key: it asks the daemon for due notices over the notice
 * socket (which refuses everything but NOTICE_NEXT, NOTICE_RESULT and
 * PING), POSTs each one, and reports the result.  The daemon decides
 * everything else: which notice is due (each platform's oldest
 * undelivered one, so a platform receives its notices in order), when a
 * failed one is tried again (exponential backoff with jitter), and when
 * it gives up.  Started as root it must be given -u and becomes that user
 * (tools/stack.sh: careissue-notify) before it does anything else; it
 * never holds more than the notice socket's rights.
 *
 * A notice is delivered when the platform answers 2xx.  Anything else --
 * no connection, TLS failure, timeout (15 s), a 3xx/4xx/5xx -- is a
 * failed attempt.  If the result cannot be reported (the daemon is
 * restarting), the notice goes out again later: at least once, which is
 * why platforms deduplicate by event id.
 *
 * Each POST carries the CMS SignedData (application/pkcs7-mime) and, for
 * a platform registered with a shared secret, X-CA-Notice-MAC:
 * hmac-sha256=HEX over the body; with a certificate, the https:// server
 * must present a chain to it.  PLATFORMS.md has the details.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ca/proto.h"
#include "lib/httpc.h"
#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/sig.h"

#define NOTIFY_WAIT_MS		5000	/* NOTICE_NEXT's wait */
#define NOTIFY_TIMEOUT_MS	15000	/* one POST, all of it */
#define NOTIFY_MAX_PAR		64

/* One notice being delivered (owned by its thread). */
struct job {
	uint64_t	 id;
	char		 platform[128];
	char		 url[520];
	char		 secret[130];
	uint8_t		*cert;
	size_t		 cert_len;
	char		 event[40];
	uint64_t	 seq;
	uint64_t	 attempts;
	uint8_t		*body;
	size_t		 body_len;
};

static const char		*sockpath;
static volatile sig_atomic_t	 quit;
/* The daemon connection, for the signal handler (-1: none).  Signals
 * reach only the main thread (start() blocks them in the others), the
 * thread that sets it. */
static volatile sig_atomic_t	 daemon_fd = -1;
static pthread_mutex_t		 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		 cv = PTHREAD_COND_INITIALIZER;
static int			 inflight;

/*
 * SIGTERM, SIGINT: stop.  The main thread is usually waiting in a
 * NOTICE_NEXT, whose read retries on EINTR; shutting the connection
 * down ends the wait at once instead of up to NOTIFY_WAIT_MS later.
 */
static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
	if (daemon_fd != -1)
		(void)shutdown(daemon_fd, SHUT_RDWR);
}

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	free(j->cert);
	free(j->body);
	free(j);
}

/* "hmac-sha256=HEX" of body under secret into out.  0 / -1. */
static int
mac_header(const struct job *j, char *out, size_t sz)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen, i;
	int		 n;

	if (HMAC(EVP_sha256(), j->secret, (int)strlen(j->secret), j->body,
	    j->body_len, md, &mdlen) == NULL)
		return -1;
	n = snprintf(out, sz, "X-CA-Notice-MAC: hmac-sha256=");
	for (i = 0; i < mdlen && (size_t)n + 3 < sz; i++)
		n += snprintf(out + n, sz - (size_t)n, "%02x", md[i]);
	snprintf(out + n, sz - (size_t)n, "\r\n");
	return 0;
}

/*
 * Reports a result; tries a few times while the daemon restarts.  If it
 * never gets through, the lease runs out and the notice goes out again.
 */
static void
report(const struct job *j, int ok, int status, const char *what)
{
	struct proto_buf req;
	struct proto_msg rep;
	uint8_t		*store;
	int		 fd, try;

	for (try = 0; try < 5; try++) {
		if (try > 0)
			sleep(1);
		if ((fd = proto_connect(sockpath)) == -1)
			continue;
		proto_buf_init(&req, PROTO_NOTICE_RESULT);
		proto_put_u64(&req, j->id);
		proto_put_u64(&req, ok ? 1 : 0);
		proto_put_u64(&req, (uint64_t)status);
		proto_put_str(&req, what);
		store = NULL;
		if (proto_call(fd, &req, &rep, &store) == 0 &&
		    rep.op == PROTO_OK) {
			proto_buf_free(&req);
			free(store);
			close(fd);
			return;
		}
		proto_buf_free(&req);
		free(store);
		close(fd);
	}
	log_warn("could not report notice %llu to the daemon; it will be "
	    "sent again", (unsigned long long)j->id);
}

static void *
deliver(void *arg)
{
	struct job		*j = arg;
	struct httpc_req	 rq;
	struct httpc_resp	*rs;
	char			 hdr[512], mac[128], err[256], what[300];
	int			 ok = 0, status = 0;

	mac[0] = '\0';
	if (j->secret[0] != '\0' && mac_header(j, mac, sizeof(mac)) == -1) {
		report(j, 0, 0, "cannot compute the MAC");
		goto out;
	}
	snprintf(hdr, sizeof(hdr), "X-CA-Notice-Id: %s\r\n"
	    "X-CA-Notice-Seq: %llu\r\n%s", j->event,
	    (unsigned long long)j->seq, mac);
	memset(&rq, 0, sizeof(rq));
	rq.url = j->url;
	rq.ctype = "application/pkcs7-mime; smime-type=signed-data";
	rq.body = j->body;
	rq.body_len = j->body_len;
	rq.ca_der = j->cert;
	rq.ca_der_len = j->cert_len;
	rq.headers = hdr;
	rq.timeout_ms = NOTIFY_TIMEOUT_MS;
	if ((rs = malloc(sizeof(*rs))) == NULL) {
		report(j, 0, 0, "out of memory");
		goto out;
	}
	if (httpc_post(&rq, rs, err, sizeof(err)) == -1)
		snprintf(what, sizeof(what), "%s", err);
	else if (rs->status >= 200 && rs->status <= 299) {
		ok = 1;
		status = rs->status;
		what[0] = '\0';
	} else {
		status = rs->status;
		/* The platform's own words, first line, printable only. */
		snprintf(what, sizeof(what), "%.200s", rs->body);
		what[strcspn(what, "\r\n")] = '\0';
		for (char *p = what; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	free(rs);
	if (ok)
		log_info("notice %llu (%s #%llu, event %s) delivered",
		    (unsigned long long)j->id, j->platform,
		    (unsigned long long)j->seq, j->event);
	else
		log_warn("notice %llu (%s #%llu) not delivered (try %llu): "
		    "%s%s%.0d", (unsigned long long)j->id, j->platform,
		    (unsigned long long)j->seq,
		    (unsigned long long)j->attempts + 1, what,
		    status ? " HTTP " : "", status);
	report(j, ok, status, what);
out:
	job_free(j);
	pthread_mutex_lock(&mu);
	inflight--;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void *
dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t	*c;

	if ((c = malloc(n ? n : 1)) != NULL && n > 0)
		memcpy(c, p, n);
	return c;
}

/* Reads one notice of a NEXT reply into a new job; NULL if malformed. */
static struct job *
read_job(struct proto_msg *m)
{
	struct job	*j;
	const uint8_t	*cert, *body;
	size_t		 clen, blen;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	if (proto_get_u64(m, &j->id) == -1 ||
	    proto_get_str(m, j->platform, sizeof(j->platform)) == -1 ||
	    proto_get_str(m, j->url, sizeof(j->url)) == -1 ||
	    proto_get_str(m, j->secret, sizeof(j->secret)) == -1 ||
	    proto_get_bytes(m, &cert, &clen, 64 * 1024) == -1 ||
	    proto_get_str(m, j->event, sizeof(j->event)) == -1 ||
	    proto_get_u64(m, &j->seq) == -1 ||
	    proto_get_u64(m, &j->attempts) == -1 ||
	    proto_get_bytes(m, &body, &blen, PROTO_MAX_PAYLOAD) == -1 ||
	    (clen > 0 && (j->cert = dup_bytes(cert, clen)) == NULL) ||
	    (j->body = dup_bytes(body, blen)) == NULL) {
		job_free(j);
		return NULL;
	}
	j->cert_len = clen;
	j->body_len = blen;
	return j;
}

/* Starts a detached delivery thread with every signal blocked. */
static int
start(struct job *j)
{
	pthread_attr_t	 at;
	pthread_t	 th;
	sigset_t	 all, old;
	int		 err;

	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_mutex_lock(&mu);
	inflight++;
	pthread_mutex_unlock(&mu);
	if ((err = pthread_create(&th, &at, deliver, j)) != 0) {
		pthread_mutex_lock(&mu);
		inflight--;
		pthread_mutex_unlock(&mu);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&at);
	return err == 0 ? 0 : -1;
}

/*
 * One NOTICE_NEXT on fd for at most room notices; starts their
 * deliveries.  0, or -1 if the connection is to be dropped.
 */
static int
fetch(int fd, int room)
{
	struct proto_buf req;
	struct proto_msg rep;
	struct job	*j;
	uint8_t		*store = NULL;
	uint64_t	 n, i;
	int		 rc = -1;

	proto_buf_init(&req, PROTO_NOTICE_NEXT);
	proto_put_u64(&req, (uint64_t)room);
	proto_put_u64(&req, NOTIFY_WAIT_MS);
	if (proto_call(fd, &req, &rep, &store) == -1)
		goto out;
	if (rep.op != PROTO_OK || proto_get_u64(&rep, &n) == -1) {
		log_err("the daemon refused NOTICE_NEXT");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((j = read_job(&rep)) == NULL) {
			log_err("malformed NOTICE_NEXT reply");
			goto out;
		}
		if (start(j) == -1) {
			log_err("cannot start a delivery thread");
			job_free(j);	/* its lease runs out: sent later */
		}
	}
	rc = proto_end(&rep) == 0 ? 0 : -1;
out:
	proto_buf_free(&req);
	free(store);
	return rc;
}

/*
 * Hardens the process (umask 077, no core, not dumpable, no new
 * privileges) and, started as root, becomes user (required then): before
 * anything else, so nothing runs here as root.  Started by another user,
 * user is ignored.  0 / -1 (logged).
 */
static int
drop_to(const char *user)
{
	struct privdrop_id	 id;

	if (privdrop_harden() == -1)
		return -1;
	if (privdrop_is_root() && user == NULL) {
		log_err("started as root: give -u USER (an unprivileged user "
		    "that may use the notice socket)");
		return -1;
	}
	/* Hardened again: a change of uid resets the dumpable flag. */
	if (privdrop_lookup(user, &id) == -1 || privdrop_to(&id) == -1 ||
	    privdrop_harden() == -1)
		return -1;
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: canotify -s NOTICE_SOCKET [-u USER] "
	    "[-j PARALLEL]\n"
	    "Delivers the CA daemon's signed notices to linked platforms.\n"
	    "NOTICE_SOCKET is cad's notice socket (CADIR/notify.sock);\n"
	    "PARALLEL (default 16, at most %d) deliveries run at once, at\n"
	    "most one per platform.\n", NOTIFY_MAX_PAR);
}

int
main(int argc, char **argv)
{
	const char	*user = NULL;
	char		*end;
	long		 par = 16;
	int		 ch, fd = -1, room, down = 0, waited;

	log_init("canotify");
	while ((ch = getopt(argc, argv, "s:u:j:h")) != -1) {
		switch (ch) {
		case 's':
			sockpath = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'j':
			par = strtol(optarg, &end, 10);
			if (*end != '\0' || par < 1 || par > NOTIFY_MAX_PAR) {
				usage();
				return 2;
			}
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (sockpath == NULL || optind != argc) {
		usage();
		return 2;
	}
	if (drop_to(user) == -1)
		return 1;
	sig_setup(on_signal);
	log_info("delivering notices from %s, %ld at once", sockpath, par);

	while (!quit) {
		pthread_mutex_lock(&mu);
		while (inflight >= par && !quit) {
			struct timespec	 ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&cv, &mu, &ts);
		}
		room = (int)par - inflight;
		pthread_mutex_unlock(&mu);
		if (quit)
			break;
		if (fd == -1 && (fd = proto_connect(sockpath)) != -1)
			daemon_fd = fd;
		if (quit && fd != -1)	/* the signal came before it was set */
			break;
		if (fd == -1) {
			if (!down)
				log_warn("cannot reach the daemon at %s (%s); "
				    "trying every second", sockpath,
				    strerror(errno));
			down = 1;
			sleep(1);
			continue;
		}
		if (down)
			log_info("connected to the daemon again");
		down = 0;
		if (fetch(fd, room) == -1) {
			daemon_fd = -1;
			close(fd);
			fd = -1;
			if (!quit)
				sleep(1);
		}
	}
	daemon_fd = -1;
	if (fd != -1)
		close(fd);
	/* Let running deliveries finish and report (at most 20 s). */
	pthread_mutex_lock(&mu);
	for (waited = 0; inflight > 0 && waited < 20; waited++) {
		struct timespec	 ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);
	log_info("stopped");
	return 0;
}
