/*
 * cad.c: the signing daemon, the only long-running process that holds the
 * CA private key.
 *
 *   cad -c CADIR [-s SOCKET] [-n NOTICE_SOCKET] [-U NOTIFY_USER]
 *       [-p PASSPHRASE_FILE] [-P PIN_FILE] [-L SIGNER_NAME]
 *
 * Start-up order: read settings, forbid core dumps, read the passphrase
 * (or, with key_uri in ca.conf, the token's PIN), load and check the
 * issuing CA key (or log in to the token: ca/cahsm.c), wipe the secret,
 * open the store, take its signing role (cadrole.h: waiting as a standby
 * while another cad holds it), refuse a crl_shards that differs from the
 * one the CA was set up with (cashard_check()),
 * publish a fresh CRL (so nothing committed before a crash is missing
 * from it), bind the socket (mode 0600), and only then serve.
 *
 * Two sockets: the operators' and workers' socket takes every request;
 * the notice socket (CADIR/notify.sock) takes only the delivery
 * process's NOTICE_NEXT and NOTICE_RESULT (and PING), so the process that
 * talks to the network can fetch notices but can sign or revoke nothing.
 * With -U the notice socket belongs to that (unprivileged) user, the one
 * canotify runs as.  This daemon itself opens no outbound connection.
 *
 * Threads, all inside this one process (the key never leaves it):
 *  - the main thread runs a poll(2) loop over non-blocking connections;
 *    each moves through header -> payload -> work -> reply.  It never
 *    touches the store or the key: a complete request becomes a work
 *    item, and the reply comes back in it.
 *  - signers, one per core, run the CPU part of an ISSUE (CSR check,
 *    certificate signing: caops_prepare()) and pass the item on to
 *  - the store thread, the only user of the store's main connection.  It
 *    takes every item that is waiting, runs them in one transaction, each
 *    in its own savepoint (caops_finish()), COMMITs, and only then hands
 *    the replies to the main thread (group commit: every reply describes
 *    durable state, and a burst costs one fsync); while it waits for that
 *    fsync, the signers go on with the next requests.  If any revocation
 *    happened, it publishes a new CRL right after the commit, so
 *    revocations arriving together share one CRL; without revocations the
 *    CRL is re-signed when half of its validity has passed.
 *    A NOTICE_NEXT that finds nothing to hand out is parked here, and
 *    run again when notices were queued or answered (at once) or when
 *    retries may have come due (each second), until its wait is over.
 *    One whose client has hung up (the main thread marks its item gone)
 *    is dropped instead: answered, it would lease notices that nobody
 *    delivers until the leases run out.
 *  - the checkpointer copies the WAL into the database from a second
 *    connection, so that COMMITs rarely do it themselves.
 *
 * A frame that breaks the protocol (bad version, oversize length, unknown
 * op, malformed or trailing fields) closes that connection only.
 *
 * Its parts beside this file: cadstart.c (the steps done as root before
 * serving), cadwork.c (work items and the queues between the threads),
 * cadckpt.c (the checkpointer), cadrole.c (the store's signing role),
 * cadrefusal.c (refusals waiting for their audit records); the
 * operations themselves are caops.c's.
 * SIGTERM/SIGINT end the loop; the socket is removed and the key freed.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/cacrlpub.h"
#include "ca/cader.h"
#include "ca/cadrefusal.h"
#include "ca/cadrole.h"
#include "ca/calint.h"
#include "ca/caocsp.h"
#include "ca/caocspdir.h"
#include "ca/caconf.h"
#include "ca/cadckpt.h"
#include "ca/cadstart.h"
#include "ca/cadwork.h"
#include "ca/casig.h"
#include "ca/caops.h"
#include "ca/cashard.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/sandbox.h"
#include "lib/sig.h"
#include "lib/unixsock.h"

/*
 * Connection slots, per socket, so that no client of one socket can
 * crowd out another's: the workers' socket has most.  A socket whose
 * slots are taken makes room by closing its connection that has been
 * idle longest (none sending, none waiting for a reply).
 */
#define CAD_MAX_CONN	(CAD_SLOTS_ADMIN + CAD_SLOTS_WEB + CAD_SLOTS_NOTICE)
#define CAD_SLOTS_ADMIN	64
#define CAD_SLOTS_WEB	176
#define CAD_SLOTS_NOTICE 16
#define CAD_IDLE_SECS	30	/* between requests */
#define CAD_PARTIAL_SECS 10	/* inside a request's frame */
#define CAD_MAX_SIGNERS	8

/* The three sockets, each taking its own set of operations. */
enum sock_kind {
	SOCK_ADMIN,	/* cactl, webctl: every operation */
	SOCK_WEB,	/* the web workers */
	SOCK_NOTICE,	/* canotify */
	SOCK__MAX
};

enum conn_state {
	CONN_HDR,		/* reading the 8-byte header */
	CONN_PAYLOAD,		/* reading the payload */
	CONN_WORK,		/* its request is with the other threads */
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
	uint64_t	 id;		/* unique for the daemon's life */
	enum sock_kind	 kind;		/* which socket it came from */
	struct work	*work;		/* CONN_WORK: its request */
};

struct cad {
	struct ca	 ca;		/* the store thread's, after start */
	struct cadrefusals refusals;
	int		 refusals_ready;	/* its mutex made */
	int		 lfd;
	int		 nfd;		/* the notice socket */
	int		 wfd;		/* the web workers' socket */
	pid_t		 keypid;	/* the key process (casign) */
	struct conn	 conns[CAD_MAX_CONN];
	size_t		 nconns;
	uint64_t	 next_id;
	struct queue	 todo;		/* main -> signers */
	struct queue	 storeq;	/* main, signers -> store thread */
	struct queue	 done;		/* store thread -> main */
	int		 wake[2];	/* done is no longer empty */
	pthread_t	 signers[CAD_MAX_SIGNERS];
	int		 nsigners;
	pthread_t	 store_th;
	int		 store_running;
	time_t		 crl_retry_at;	/* store thread: after a failure */
	struct work	*parked;	/* store thread: waiting NEXTs */
	time_t		 parked_seen;	/* store thread: last look */
	struct ckpt	 ckpt;
	struct cadrole	 role;		/* store thread, after start */
	atomic_int	 role_lost;	/* store thread -> main: stop */
};

static volatile sig_atomic_t	 quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

/* ---- signers ----------------------------------------------------------- */

static void *
signer(void *arg)
{
	struct cad	*d = arg;
	struct work	*w;

	for (;;) {
		pthread_mutex_lock(&d->todo.mu);
		while (d->todo.head == NULL && !d->todo.stop)
			pthread_cond_wait(&d->todo.cv, &d->todo.mu);
		if (d->todo.stop) {
			pthread_mutex_unlock(&d->todo.mu);
			break;
		}
		w = d->todo.head;
		if ((d->todo.head = w->next) == NULL)
			d->todo.tail = NULL;
		pthread_mutex_unlock(&d->todo.mu);

		caops_prepare(&d->ca, w->job);
		queue_put(&d->storeq, w, w);
	}
	return NULL;
}

/* ---- store thread ------------------------------------------------------ */

/* Publishes a CRL if a revocation is waiting or the last one is aging. */
static void
crl_tick(struct cad *d, time_t now)
{
	time_t	 half = (time_t)d->ca.conf.crl_hours * 3600 / 2;
	int	 aging = now - d->ca.crl_published >= half;

	if (now < d->crl_retry_at)
		return;
	/*
	 * Shards first: a revocation's delta is small and quick.  Asked
	 * every tick: each base ages on its own clock (cashard.c).  A
	 * failure there does not hold back the full CRL.
	 */
	if (d->ca.conf.crl_shards > 0 && cashard_publish(&d->ca, 0) == -1)
		d->crl_retry_at = now + 60;
	if (!d->ca.crl_dirty && !aging)
		return;
	if (cacrlpub_publish(&d->ca) == -1) {
		/* Each try costs a CRL number: retry in a minute, not at once. */
		d->crl_retry_at = now + 60;
	}
}

static void
work_fail(struct work *w, const char *msg)
{
	proto_buf_free(&w->out);
	proto_err_reply(&w->out, PROTO_E_INTERNAL, msg);
	proto_buf_finish(&w->out);
}

/*
 * Runs a batch of work items in one transaction, each in its own
 * savepoint, and COMMITs.  Every item leaves with its reply in w->out,
 * an error if the batch could not be stored, or with broke set.
 */
static void
run_batch(struct cad *d, struct work *batch)
{
	struct castore	*s = d->ca.store;
	struct work	*w;
	int		 failed = 0, rc;

	if (castore_begin(s) == -1)
		failed = 1;
	for (w = batch; w != NULL; w = w->next) {
		if (atomic_load(&w->gone) && caops_job_leases(w->job)) {
			/* Nobody would get what it hands out. */
			caops_job_free(w->job);
			w->job = NULL;
			work_fail(w, "the client hung up");
			continue;
		}
		if (failed || castore_savepoint(s) == -1) {
			/* The store cannot take work now: refuse, keep peers. */
			failed = 1;
			work_fail(w, castore_fenced(s) ? "this signer no "
			    "longer holds the signing role (another signer "
			    "took over); nothing was done" : "the CA store is "
			    "unavailable; nothing was done");
			continue;
		}
		rc = caops_finish(&d->ca, w->job, &w->out);
		if (rc == CAOP_PARK) {
			/* Nothing to hand out yet; it wrote nothing. */
			w->parked = 1;
			w->park_until = time(NULL) +
			    (time_t)((caops_job_wait_ms(w->job) + 999) / 1000);
			rc = 0;
		} else {
			caops_job_free(w->job);
			w->job = NULL;
		}
		if ((rc != 0 && castore_savepoint_undo(s) == -1) ||
		    castore_savepoint_keep(s) == -1 || !castore_in_txn(s)) {
			/*
			 * SQLite ended the transaction by itself (disk full,
			 * I/O error): nothing of this batch may be reported
			 * as done.
			 */
			log_err("the batch transaction broke; failing the "
			    "batch");
			failed = 1;
		}
		if (rc == -1) {
			w->broke = 1;
			continue;
		}
		if (w->parked)
			continue;
		if (proto_buf_finish(&w->out) == -1)
			work_fail(w, "reply too large");
	}
	if (failed || castore_commit(s) == -1) {
		log_err("commit failed; failing the whole batch");
		if (castore_in_txn(s))
			castore_rollback(s);
		d->ca.crl_dirty = 1;	/* harmless: re-publish what is */
		for (w = batch; w != NULL; w = w->next) {
			w->parked = 0;
			work_fail(w, castore_unavailable(s) ? "the CA store's "
			    "database is out of reach; nothing was done (try "
			    "again once it is back)" : "could not store the "
			    "result; nothing was done");
		}
		return;
	}
	if (d->ckpt.running) {
		ckpt_commit(&d->ckpt);
	}
}

/*
 * Moves the parked items of list *batch to d->parked; returns the last
 * item left in *batch (NULL if none is left).
 */
static struct work *
park_split(struct cad *d, struct work **batch)
{
	struct work	**pp = batch, *w, *last = NULL;

	while ((w = *pp) != NULL) {
		if (w->parked) {
			*pp = w->next;
			w->next = d->parked;
			d->parked = w;
		} else {
			last = w;
			pp = &w->next;
		}
	}
	return last;
}

/*
 * Runs the parked NOTICE_NEXTs again if notices were queued or answered
 * since, or a second has passed (a retry may have come due); the ones
 * that found something, or whose wait is over, go back with a reply.
 */
static void
parked_tick(struct cad *d, time_t now)
{
	struct work	*w, *next, *ready = NULL, *last = NULL;
	int		 rc;

	if (d->parked == NULL || (!d->ca.notice_changed &&
	    now == d->parked_seen))
		return;
	d->ca.notice_changed = 0;
	d->parked_seen = now;
	w = d->parked;
	d->parked = NULL;
	for (; w != NULL; w = next) {
		next = w->next;
		if (atomic_load(&w->gone)) {
			/* Its client hung up: it must lease nothing. */
			work_free(w);
			continue;
		}
		if (now >= w->park_until)
			caops_job_final(w->job);
		proto_buf_free(&w->out);
		if ((rc = caops_finish(&d->ca, w->job, &w->out)) ==
		    CAOP_PARK) {
			w->next = d->parked;
			d->parked = w;
			continue;
		}
		caops_job_free(w->job);
		w->job = NULL;
		w->parked = 0;
		if (rc == -1)
			w->broke = 1;
		else if (proto_buf_finish(&w->out) == -1)
			work_fail(w, "reply too large");
		w->next = ready;
		if (ready == NULL)
			last = w;
		ready = w;
	}
	if (ready != NULL && queue_put(&d->done, ready, last))
		(void)!write(d->wake[1], "", 1);
}

/*
 * The serials whose status the batch changed go to the pre-signing
 * thread, now that the batch has committed (or not: then their
 * responses are signed again as they were, which is harmless).
 */
static void
touched_hand_over(struct ca *ca)
{
	size_t	 i;

	for (i = 0; i < ca->ntouched; i++)
		caocspdir_touch(ca->ocspdir, ca->touched[i]);
	ca->ntouched = 0;
}

static void *
store_thread(void *arg)
{
	struct cad	*d = arg;
	struct queue	*q = &d->storeq;
	struct work	*batch, *last;
	struct timespec	 ts;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		if (q->head == NULL && !q->stop) {
			/* Wake at least once a second for the CRL. */
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&q->cv, &q->mu, &ts);
		}
		if (q->stop) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		batch = q->head;
		q->head = q->tail = NULL;
		pthread_mutex_unlock(&q->mu);

		if (!atomic_load(&d->role_lost) &&
		    (cadrole_renew(&d->role, d->ca.store, time(NULL)) == -1 ||
		    castore_fenced(d->ca.store))) {
			/* Another signer has the role: the main loop stops;
			 * what comes meanwhile is refused by the fence. */
			atomic_store(&d->role_lost, 1);
			(void)!write(d->wake[1], "", 1);
		}
		cadrefusal_audit(&d->refusals, d->ca.store);
		crl_tick(d, time(NULL));
		if (batch == NULL) {
			parked_tick(d, time(NULL));
			continue;
		}
		run_batch(d, batch);
		touched_hand_over(&d->ca);
		if ((last = park_split(d, &batch)) != NULL &&
		    queue_put(&d->done, batch, last))
			(void)!write(d->wake[1], "", 1);
		/* Revocations of this batch: publish before the next one. */
		crl_tick(d, time(NULL));
		/* Then wake the delivery process for what was queued. */
		parked_tick(d, time(NULL));
	}
	return NULL;
}

/* ---- main thread: connections ------------------------------------------ */

static void
conn_close(struct cad *d, size_t i)
{
	struct conn	*c = &d->conns[i];

	/* Its request goes on without it; a parked NEXT is dropped. */
	if (c->state == CONN_WORK && c->work != NULL)
		atomic_store(&c->work->gone, 1);
	close(c->fd);
	free(c->payload);
	proto_buf_free(&c->out);
	d->conns[i] = d->conns[--d->nconns];
	memset(&d->conns[d->nconns], 0, sizeof(struct conn));
}

static const char *const sock_names[SOCK__MAX] = {
	"admin",	/* SOCK_ADMIN */
	"web",		/* SOCK_WEB */
	"notice"	/* SOCK_NOTICE */
};

static const size_t	 sock_slots[SOCK__MAX] = {
	CAD_SLOTS_ADMIN,	/* SOCK_ADMIN */
	CAD_SLOTS_WEB,		/* SOCK_WEB */
	CAD_SLOTS_NOTICE	/* SOCK_NOTICE */
};

/*
 * Which socket takes which operation.  The web workers need to sign
 * (ISSUE, REISSUE), revoke, look up, link, answer OCSP and read the
 * monitoring figures (METRICS, read-only); platform,
 * notice, CRL and
 * audit administration stay with the operators' CLI as root.
 */
static const unsigned char op_allowed[SOCK__MAX][PROTO_OP__MAXREQ] = {
	[SOCK_ADMIN] = {
		[PROTO_PING] = 1, [PROTO_STATUS] = 1, [PROTO_ISSUE] = 1,
		[PROTO_REISSUE] = 1, [PROTO_REVOKE] = 1, [PROTO_UNHOLD] = 1,
		[PROTO_CRL] = 1, [PROTO_LIST] = 1, [PROTO_SHOW] = 1,
		[PROTO_AUDIT_VERIFY] = 1, [PROTO_PLATFORM_ADD] = 1,
		[PROTO_PLATFORM_ENABLE] = 1, [PROTO_PLATFORM_LIST] = 1,
		[PROTO_LINK] = 1, [PROTO_NOTICE_LIST] = 1,
		[PROTO_NOTICE_RETRY] = 1, [PROTO_NOTICE_NEXT] = 1,
		[PROTO_NOTICE_RESULT] = 1, [PROTO_OCSP] = 1,
		[PROTO_CA_ISSUING] = 1, [PROTO_METRICS] = 1,
		[PROTO_AUDIT_LIST] = 1
	},
	[SOCK_WEB] = {
		[PROTO_PING] = 1, [PROTO_STATUS] = 1, [PROTO_ISSUE] = 1,
		[PROTO_REISSUE] = 1, [PROTO_REVOKE] = 1, [PROTO_SHOW] = 1,
		[PROTO_LINK] = 1, [PROTO_OCSP] = 1, [PROTO_METRICS] = 1
	},
	[SOCK_NOTICE] = {
		[PROTO_PING] = 1, [PROTO_NOTICE_NEXT] = 1,
		[PROTO_NOTICE_RESULT] = 1
	}
};

/* A complete request in c: to the signers or the store thread.  0 / -1. */
static int
conn_request(struct cad *d, struct conn *c)
{
	struct work	*w;

	if (!op_allowed[c->kind][c->op < PROTO_OP__MAXREQ ? c->op : 0]) {
		log_warn("the %s socket refuses op %u; closing that "
		    "connection", sock_names[c->kind], (unsigned)c->op);
		return -1;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->job = caops_job_new(c->op, c->payload, c->plen)) == NULL) {
		free(w);
		return -1;
	}
	c->payload = NULL;
	w->conn_id = c->id;
	atomic_init(&w->gone, 0);
	c->work = w;
	c->state = CONN_WORK;
	if (d->nsigners > 0 && caops_two_phase(c->op))
		queue_put(&d->todo, w, w);
	else
		queue_put(&d->storeq, w, w);
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
			return conn_request(d, c);
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

/*
 * Makes room for one more connection of kind k: closes its connection
 * that has waited longest between requests.  0, or -1 if every one is
 * busy (sending, or waiting for its reply).
 */
static int
make_room(struct cad *d, enum sock_kind k)
{
	size_t	 i, n = 0, oldest = SIZE_MAX;

	for (i = 0; i < d->nconns; i++) {
		if (d->conns[i].kind != k)
			continue;
		n++;
		if (d->conns[i].state == CONN_HDR && d->conns[i].got == 0 &&
		    (oldest == SIZE_MAX ||
		    d->conns[i].last < d->conns[oldest].last))
			oldest = i;
	}
	if (n < sock_slots[k])
		return 0;
	if (oldest == SIZE_MAX)
		return -1;
	log_warn("the %s socket's %zu connections are all taken: closing "
	    "the one idle longest", sock_names[k], n);
	conn_close(d, oldest);
	return 0;
}

static void
accept_one(struct cad *d, int lfd, enum sock_kind kind)
{
	struct conn	*c;
	int		 fd;

	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return;
	if (make_room(d, kind) == -1) {
		log_warn("the %s socket has %zu busy connections; refusing "
		    "one", sock_names[kind], sock_slots[kind]);
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
	c->id = ++d->next_id;
	c->kind = kind;
}

/*
 * Sends the replies the store thread finished, to connections still open
 * (the reply of a closed one is dropped: its work is stored all the same).
 */
static void
collect_done(struct cad *d)
{
	struct work	*w, *next;
	struct conn	*c;
	char		 buf[64];
	size_t		 i;

	while (read(d->wake[0], buf, sizeof(buf)) > 0)
		;
	for (w = queue_take_all(&d->done); w != NULL; w = next) {
		next = w->next;
		for (i = 0; i < d->nconns; i++)
			if (d->conns[i].id == w->conn_id)
				break;
		c = i < d->nconns ? &d->conns[i] : NULL;
		if (c != NULL && c->state == CONN_WORK) {
			c->work = NULL;		/* freed below */
			if (w->broke) {
				log_warn("client sent a malformed or unknown "
				    "request (op %u); closing it",
				    (unsigned)c->op);
				conn_close(d, i);
			} else {
				proto_buf_free(&c->out);
				c->out = w->out;
				memset(&w->out, 0, sizeof(w->out));
				c->state = CONN_WRITE;
				c->sent = 0;
				if (conn_write(c) == -1)
					conn_close(d, i);
			}
		}
		work_free(w);
	}
}

static int
serve(struct cad *d)
{
	struct pollfd	 pfd[CAD_MAX_CONN + 4];
	size_t		 i, n;
	time_t		 now;
	int		 r, bad;

	while (!quit && !atomic_load(&d->role_lost)) {
		pfd[0].fd = d->lfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = d->wake[0];
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		pfd[2].fd = d->nfd;
		pfd[2].events = POLLIN;
		pfd[2].revents = 0;
		pfd[3].fd = d->wfd;
		pfd[3].events = POLLIN;
		pfd[3].revents = 0;
		for (i = 0; i < d->nconns; i++) {
			pfd[i + 4].fd = d->conns[i].fd;
			pfd[i + 4].events = d->conns[i].state == CONN_WRITE ?
			    POLLOUT : d->conns[i].state == CONN_WORK ? 0 :
			    POLLIN;
			pfd[i + 4].revents = 0;
		}
		n = d->nconns;
		if ((r = poll(pfd, n + 4, 1000)) == -1) {
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
			if (pfd[i + 4].revents & (POLLERR | POLLNVAL))
				bad = 1;
			else if (c->state == CONN_WORK &&
			    (pfd[i + 4].revents & POLLHUP))
				bad = 1;	/* its work goes on; no reply */
			else if (pfd[i + 4].revents & (POLLIN | POLLHUP)) {
				c->last = now;
				if (conn_read(d, c) == -1)
					bad = 1;
			} else if (pfd[i + 4].revents & POLLOUT) {
				c->last = now;
				if (conn_write(c) == -1)
					bad = 1;
			} else if (c->state != CONN_WORK &&
			    now - c->last > (c->state == CONN_HDR &&
			    c->got == 0 ? CAD_IDLE_SECS : CAD_PARTIAL_SECS))
				bad = 1;	/* idle, or a frame trickling */
			if (bad)
				conn_close(d, i);
		}
		if (pfd[1].revents & POLLIN)
			collect_done(d);
		if (pfd[0].revents & POLLIN)
			accept_one(d, d->lfd, SOCK_ADMIN);
		if (pfd[2].revents & POLLIN)
			accept_one(d, d->nfd, SOCK_NOTICE);
		if (pfd[3].revents & POLLIN)
			accept_one(d, d->wfd, SOCK_WEB);
		if (d->keypid > 0 && waitpid(d->keypid, NULL, WNOHANG) ==
		    d->keypid) {
			log_err("the key process (casign) has stopped: no "
			    "signature can be made; stopping");
			d->keypid = -1;
			return -1;
		}
	}
	return 0;
}

/*
 * Starts the store thread, the checkpointer (on its own connection to
 * db) and nsigners signers.  0 / -1; threads_stop() undoes any part.
 */
static int
threads_start(struct cad *d, const char *db, int nsigners)
{
	int	 i, fl;

	if (pipe(d->wake) == -1) {
		log_err("pipe: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++)
		if ((fl = fcntl(d->wake[i], F_GETFL)) == -1 ||
		    fcntl(d->wake[i], F_SETFL, fl | O_NONBLOCK) == -1 ||
		    fcntl(d->wake[i], F_SETFD, FD_CLOEXEC) == -1)
			return -1;
	if (ckpt_start(&d->ckpt, db) == -1)
		return -1;
	if (thread_start(&d->store_th, store_thread, d) == -1) {
		log_err("cannot start the store thread");
		return -1;
	}
	d->store_running = 1;
	for (i = 0; i < nsigners; i++) {
		if (thread_start(&d->signers[i], signer, d) == -1) {
			log_err("cannot start signer thread %d", i);
			return -1;
		}
		d->nsigners++;
	}
	return 0;
}

static void
threads_stop(struct cad *d)
{
	int	 i;

	queue_stop(&d->todo);
	for (i = 0; i < d->nsigners; i++)
		pthread_join(d->signers[i], NULL);
	d->nsigners = 0;
	queue_stop(&d->storeq);
	if (d->store_running)
		pthread_join(d->store_th, NULL);
	d->store_running = 0;
	work_free_list(d->parked);
	d->parked = NULL;
	ckpt_stop(&d->ckpt);
	for (i = 0; i < 2; i++)
		if (d->wake[i] != -1) {
			close(d->wake[i]);
			d->wake[i] = -1;
		}
}

static void
usage(void)
{
	fprintf(stderr, "usage: cad -c CADIR [-s SOCKET] [-w WEB_SOCKET "
	    "[-W WEB_USER]]\n           [-n NOTICE_SOCKET [-U NOTIFY_USER]] "
	    "[-u STORE_USER] [-k KEY_USER]\n           [-p PASSPHRASE_FILE] "
	    "[-P PIN_FILE] [-S CASIGN] [-O OCSP_DIR [-G PRESIGNED_DIR]]\n"
	    "           [-L SIGNER_NAME]\n"
	    "The CA daemon.  It starts the key process CASIGN (default: "
	    "casign next to\nthis program), which alone reads the issuing "
	    "CA key: CADIR/private/ca.key\nwith the passphrase file (-p or "
	    "$CA_PASSPHRASE_FILE, mode 0600), or the\ntoken of key_uri in "
	    "CADIR/ca.conf with the PIN file (-P or $CA_PIN_FILE).\n"
	    "SOCKET (default CADIR/cad.sock) takes every operation; "
	    "WEB_SOCKET the\nweb workers' (given to WEB_USER); NOTICE_SOCKET "
	    "(default CADIR/notify.sock)\ncanotify's (given to NOTIFY_USER).  "
	    "Started as root, the daemon runs as\nSTORE_USER (default "
	    "careissue-ca) and the key process as KEY_USER\n(default "
	    "careissue-key) once each has what needs root.  Notices are "
	    "signed\nwith CADIR/notice/notice.key (cactl notice-signer); "
	    "OCSP responses with\nOCSP_DIR/ocsp.crt and ocsp.key (cactl "
	    "ocsp-responder), and kept pre-signed\nfor every unexpired "
	    "certificate in PRESIGNED_DIR, which nginx serves.\nSeveral "
	    "daemons may share one store: one holds the signing role, the "
	    "others\nwait as standbys; SIGNER_NAME (default HOST:CADIR) "
	    "names this one.\n");
}

int
main(int argc, char **argv)
{
	static struct cad	 d;
	struct privdrop_id	 store_id, notify_id, web_id;
	const char		*dir = NULL, *sock = NULL, *passfile = NULL;
	const char		*nsock = NULL, *nuser = NULL, *pinfile = NULL;
	const char		*wsock = NULL, *wuser = NULL, *ocspdir = NULL;
	const char		*presigned = NULL, *holder = NULL;
	const char		*store_user = "careissue-ca";
	const char		*key_user = "careissue-key", *keyprog = NULL;
	char			 path[PATH_MAX], self[PATH_MAX], shown[512];
	char			 defsock[PATH_MAX], defnsock[PATH_MAX];
	char			 ksock[PATH_MAX], defprog[PATH_MAX];
	X509			*notice_prev = NULL;
	struct calint		*lint = NULL;
	char			 serial_hex[41];
	size_t			 i;
	ssize_t			 n;
	long			 ncpu;
	int			 ch, rc = 1, queues = 0, r, lfds[3];
	int64_t			 stopped;
	char			 prog[32];

	log_init("cad");
	while ((ch = getopt(argc, argv, "c:s:n:U:w:W:u:k:p:P:S:O:G:L:h")) != -1) {
		switch (ch) {
		case 'c': dir = optarg; break;
		case 's': sock = optarg; break;
		case 'n': nsock = optarg; break;
		case 'U': nuser = optarg; break;
		case 'w': wsock = optarg; break;
		case 'W': wuser = optarg; break;
		case 'u': store_user = optarg; break;
		case 'k': key_user = optarg; break;
		case 'p': passfile = optarg; break;
		case 'P': pinfile = optarg; break;
		case 'S': keyprog = optarg; break;
		case 'O': ocspdir = optarg; break;
		case 'G': presigned = optarg; break;
		case 'L': holder = optarg; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (dir == NULL || optind != argc ||
	    (presigned != NULL && ocspdir == NULL)) {
		usage();
		return 2;
	}
	if (sock == NULL) {
		snprintf(defsock, sizeof(defsock), "%s/cad.sock", dir);
		sock = defsock;
	}
	if (nsock == NULL) {
		snprintf(defnsock, sizeof(defnsock), "%s/notify.sock", dir);
		nsock = defnsock;
	}
	/* The key process's socket: beside the admin socket. */
	if (strrchr(sock, '/') != NULL)
		snprintf(ksock, sizeof(ksock), "%.*s/casign.sock",
		    (int)(strrchr(sock, '/') - sock), sock);
	else
		snprintf(ksock, sizeof(ksock), "casign.sock");
	if (keyprog == NULL) {
		/* casign next to this program. */
		if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <=
		    0) {
			log_err("cannot find this program: give -S CASIGN");
			return 1;
		}
		self[n] = '\0';
		if (strrchr(self, '/') != NULL)
			*strrchr(self, '/') = '\0';
		if (snprintf(defprog, sizeof(defprog), "%s/casign", self) >=
		    (int)sizeof(defprog)) {
			log_err("path too long: give -S CASIGN");
			return 1;
		}
		keyprog = defprog;
	}
	/* umask 077, no core file, not dumpable, no new privileges. */
	if (privdrop_harden() == -1 ||
	    privdrop_lookup(store_user, &store_id) == -1)
		return 1;

	d.lfd = d.nfd = d.wfd = -1;
	d.keypid = -1;
	d.wake[0] = d.wake[1] = -1;
	if (queue_init(&d.todo) == -1 || queue_init(&d.storeq) == -1 ||
	    queue_init(&d.done) == -1) {
		log_err("out of memory");
		return 1;
	}
	queues = 1;
	sig_setup(on_signal);

	if (caconf_read(&d.ca.conf, dir) == -1)
		goto out;
	/* Every line, audit records included, names the CA: one service
	 * runs one cad per issuing CA (cactl ca add). */
	snprintf(prog, sizeof(prog), "cad/%.27s", d.ca.conf.name);
	log_init(prog);
	if ((d.keypid = cadstart_key_process(keyprog, dir, ksock, &d.ca.conf,
	    passfile, pinfile, store_user,
	    key_user)) == -1 ||
	    casig_remote(&d.ca.sig, ksock, 15000) != 0)
		goto out;
	if (cadrefusal_init(&d.refusals) == -1)
		goto out;
	d.refusals_ready = 1;
	d.ca.sig.refused = cadrefusal_note;
	d.ca.sig.refused_arg = &d.refusals;
	if (d.ca.conf.key_uri[0] != '\0')
		log_info("issuing CA key in the token at %s",
		    d.ca.conf.key_uri);
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if ((d.ca.cert = cacert_read_pem(path)) == NULL)
		goto out;
	if (cadstart_notice_signer(&d.ca, dir) == -1)
		goto out;
	/* The notice signer it replaced, if cactl kept it: retired below. */
	snprintf(path, sizeof(path), "%s/notice/notice.prev.crt", dir);
	if (access(path, F_OK) == 0 &&
	    (notice_prev = cacert_read_pem(path)) == NULL)
		goto out;
	if (ocspdir != NULL && (d.ca.ocsp = caocsp_load(ocspdir)) == NULL)
		goto out;
	/* Everything the CA key signs online is linted first (calint.h). */
	if ((d.ca.ca_end = cacert_not_after(d.ca.cert)) == -1 ||
	    (lint = calint_new(d.ca.cert, &d.ca.conf)) == NULL)
		goto out;
	d.ca.sig.lint = lint;
	if (d.ca.ocsp != NULL)
		caocsp_set_lint(d.ca.ocsp, lint, cadrefusal_note_ocsp,
		    &d.refusals);
	if ((d.ca.tmpl = cacert_tmpl_new(d.ca.cert, &d.ca.sig,
	    &d.ca.conf)) == NULL)
		goto out;

	/* What needs root: the sockets, and the store's files. */
	if ((nuser != NULL && privdrop_lookup(nuser, &notify_id) == -1) ||
	    (wuser != NULL && privdrop_lookup(wuser, &web_id) == -1) ||
	    (d.lfd = unixsock_listen(sock, 128, NULL, 1)) == -1 ||
	    (d.nfd = unixsock_listen(nsock, 128, nuser != NULL ?
	    &notify_id : NULL, 1)) == -1 ||
	    (wsock != NULL && (d.wfd = unixsock_listen(wsock, 128,
	    wuser != NULL ? &web_id : NULL, 1)) == -1))
		goto out;
	if (privdrop_is_root() &&
	    (cadstart_store_files(dir, &store_id) == -1 ||
	    (presigned != NULL && cadstart_presigned_dir(presigned,
	    &store_id) == -1) || privdrop_to(&store_id) == -1))
		goto out;

	/* A standby answers on them that it is one (cadrole.h). */
	lfds[0] = d.lfd;
	lfds[1] = d.nfd;
	lfds[2] = d.wfd;
	if (caconf_store(&d.ca.conf, dir, path, sizeof(path)) == -1)
		goto out;
	if ((d.ca.store = castore_open(path)) == NULL) {
		/* The store ca.conf names (a server out of reach): 2. */
		castore_describe(path, shown, sizeof(shown));
		log_err("cannot open or migrate the CA store %s", shown);
		rc = 2;
		goto out;
	}
	if (castore_set_ca(d.ca.store, d.ca.conf.name) == -1 ||
	    cadrole_name(&d.role, holder, dir) == -1 ||
	    (r = cadrole_take(&d.role, d.ca.store, &quit, lfds,
	    d.wfd != -1 ? 3 : 2)) == -1)
		goto out;
	if (r == 1) {
		rc = 0;		/* stopped while a standby */
		goto out;
	}
	if (cashard_check(&d.ca, dir) == -1)
		goto out;
	d.ca.crl_number = castore_crl_last(d.ca.store);
	if ((r = castore_meta_get(d.ca.store, CASTORE_META_STOPPED,
	    &stopped)) == -1)
		goto out;
	d.ca.stopped = r == 0 && stopped != 0;
	if (d.ca.stopped)
		log_warn("CA %s has stopped issuing (cactl ca enable resumes "
		    "it): ISSUE and REISSUE are refused", d.ca.conf.name);
	/* Its own notice signer is a certificate of this CA like any other
	 * (OCSP answers for it); the one it replaced is revoked. */
	if (caops_record_self(&d.ca, d.ca.notice_cert, notice_prev,
	    "notice-signer") == -1)
		goto out;
	if (cacrlpub_publish(&d.ca) == -1 || cashard_publish(&d.ca, 1) == -1)
		goto out;
	/* A store in PostgreSQL reaches its server (libpq) from here on:
	 * IPv4 and IPv6 sockets too; the key process stays AF_UNIX. */
	if (sandbox_enter(castore_where_pg(path) ? SANDBOX_STORE_NET :
	    SANDBOX_STORE) == -1)
		goto out;

	/*
	 * Two signer threads per core: each spends about half of a
	 * certificate's time waiting for its key process to answer, and
	 * the other keeps the core busy meanwhile.
	 */
	if ((ncpu = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		ncpu = 1;
	d.ca.started = time(NULL);
	if (threads_start(&d, path, 2 * ncpu > CAD_MAX_SIGNERS ?
	    CAD_MAX_SIGNERS : 2 * (int)ncpu) == -1)
		goto out;
	if (presigned != NULL && (d.ca.ocspdir = caocspdir_start(presigned,
	    path, d.ca.ocsp)) == NULL)
		goto out;
	/* The notice signers recorded and revoked above, before there was
	 * a thread: the new one's response too (else none until the next
	 * sweep). */
	if (notice_prev != NULL && cader_serial_hex(ASN1_STRING_get0_data(
	    X509_get0_serialNumber(notice_prev)), (size_t)ASN1_STRING_length(
	    X509_get0_serialNumber(notice_prev)), serial_hex))
		caocspdir_touch(d.ca.ocspdir, serial_hex);
	if (cader_serial_hex(ASN1_STRING_get0_data(X509_get0_serialNumber(
	    d.ca.notice_cert)), (size_t)ASN1_STRING_length(
	    X509_get0_serialNumber(d.ca.notice_cert)), serial_hex))
		caocspdir_touch(d.ca.ocspdir, serial_hex);
	log_info("serving CA '%s' (%s) on %s%s%s as %s, %d signer threads",
	    d.ca.conf.name, caconf_algo_name(d.ca.conf.algo), sock,
	    wsock != NULL ? " and " : "", wsock != NULL ? wsock : "",
	    store_id.name, d.nsigners);
	if (serve(&d) == 0 && !atomic_load(&d.role_lost))
		rc = 0;
	log_info("shutting down");
out:
	/* Connections first: one in CONN_WORK points at its work item. */
	for (i = d.nconns; i-- > 0; )
		conn_close(&d, i);
	if (queues)
		threads_stop(&d);
	caocspdir_stop(d.ca.ocspdir);
	free(d.ca.touched);
	/* What was refused since the store thread's last look. */
	if (d.ca.store != NULL && d.refusals_ready)
		cadrefusal_audit(&d.refusals, d.ca.store);
	calint_free(lint);
	if (queues) {
		queue_destroy(&d.todo);
		queue_destroy(&d.storeq);
		queue_destroy(&d.done);
	}
	/* As the store user, the sockets may no longer be ours to remove:
	 * the next start replaces them. */
	if (d.lfd != -1) {
		close(d.lfd);
		(void)unlink(sock);
	}
	if (d.nfd != -1) {
		close(d.nfd);
		(void)unlink(nsock);
	}
	if (d.wfd != -1) {
		close(d.wfd);
		(void)unlink(wsock);
	}
	casig_thread_done();
	/*
	 * The key process's monitor runs as the key user: once we are the
	 * store user, we may not signal it; it sees us go on the pipe it
	 * holds (its lifeline).
	 */
	if (d.keypid > 0 && kill(d.keypid, SIGTERM) == 0)
		waitpid(d.keypid, NULL, 0);
	castore_close(d.ca.store);
	cacert_tmpl_free(d.ca.tmpl);
	free(d.ca.crl_buf.p);
	X509_free(d.ca.cert);
	EVP_PKEY_free(d.ca.notice_key);
	X509_free(d.ca.notice_cert);
	sk_X509_free(d.ca.notice_chain);
	caocsp_free(d.ca.ocsp);
	X509_free(notice_prev);
	return rc;
}
