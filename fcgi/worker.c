/*
 * worker.c: the request loop, and the only user of libfcgi.
 *
 * For each request: parse and validate the CGI environment and body into
 * a struct req (req.c), route it (route.c), and write the struct resp the
 * handler filled.  Whatever happens, the client gets one complete
 * response: a parse failure becomes the matching 4xx page, a handler
 * failure the styled 500 page (503 when the database is out of reach:
 * appdb_unavailable), and if even that cannot be rendered, a minimal
 * plain-text one.  Everything allocated for a request is freed
 * before the next accept.
 *
 * nginx keeps its FastCGI connections open between requests
 * (fastcgi_keep_conn, upstream keepalive), so a worker holds several: it
 * polls the shared listening socket (non-blocking, set by webd) and every
 * connection it holds, and serves one request at a time from whichever
 * is ready.  A connection belongs to the worker that accepted it until
 * nginx closes it; a worker never blocks in accept(2) or on an idle
 * connection, so no connection waits behind another's idle one.  Under
 * load every held connection carries requests, so a worker's queue is as
 * long as the number it holds: the workers publish their counts (struct
 * worker_pool), and one that holds more than one above the smallest
 * count lets a new connection wait ACCEPT_DEFER_MS for a worker with
 * fewer before it takes it itself, so a connection is never left
 * waiting for a busy worker.  A
 * request's input is read to its end before the next request on that
 * connection; when it cannot be (an unread body of more than
 * DRAIN_MAX bytes), the connection is closed after the response.
 *
 * Each request, once answered, is counted in the counters the workers
 * share (fcgi/metrics.h): its route, status and time taken.
 *
 * SIGTERM lets a request in hand finish, then the loop ends, the held
 * connections are closed and the worker exits normally.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#include <sys/mman.h>
#include <sys/uio.h>

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "fcgi/appdb.h"
#include "fcgi/metrics.h"
#include "fcgi/page.h"
#include "fcgi/req.h"
#include "fcgi/route.h"
#include "fcgi/worker.h"
#include "fcgi/xmlmem.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/sig.h"

/* FastCGI connections one worker holds open at most. */
#define WORKER_CONNS	64
/* How long a worker holding more than its share lets a new connection
 * wait for another worker, in milliseconds. */
#define ACCEPT_DEFER_MS	2
/* Bytes of unread request input read and dropped to keep a connection. */
#define DRAIN_MAX	(256 * 1024)
/* Replies larger than this bypass libfcgi's 8 KB stream buffer
 * (write_records); smaller ones fit it with the end records. */
#define DIRECT_MIN	8000

static volatile sig_atomic_t	 busy, quit;

struct worker_pool {
	int		 n;
	atomic_uint	 held[WORKER_POOL_MAX];	/* connections of worker i */
};

struct worker_pool *
worker_pool_new(int n)
{
	struct worker_pool	*p;
	int			 i;

	if (n < 1 || n > WORKER_POOL_MAX)
		return NULL;
	p = mmap(NULL, sizeof(*p), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_err("worker_pool_new: mmap: %s", strerror(errno));
		return NULL;
	}
	p->n = n;
	for (i = 0; i < WORKER_POOL_MAX; i++)
		atomic_init(&p->held[i], 0);
	return p;
}

void
worker_pool_free(struct worker_pool *p)
{
	if (p != NULL)
		munmap(p, sizeof(*p));
}

void
worker_pool_reset(struct worker_pool *p, int i)
{
	if (p != NULL && i >= 0 && i < p->n)
		atomic_store(&p->held[i], 0);
}

/*
 * Publishes that worker i holds mine connections; 1 if no other worker
 * holds fewer than mine - 1, so that i should take a new one.
 */
static int
pool_balanced(struct worker_pool *p, int i, unsigned mine)
{
	unsigned	 least = mine, h;
	int		 k;

	atomic_store(&p->held[i], mine);
	for (k = 0; k < p->n; k++)
		if (k != i && (h = atomic_load(&p->held[k])) < least)
			least = h;
	return mine <= least + 1;
}

/*
 * SIGTERM: finish the request in hand, then leave through worker_run's
 * normal exit (so LeakSanitizer checks the worker too).  An idle worker
 * sits in accept(2): the handler is installed without SA_RESTART and
 * libfcgi is told to fail the accept on EINTR; at shutdown webd also
 * shuts the shared listening socket down, which wakes any worker the
 * signal caught just before it entered accept.
 */
static void
on_term(int sig)
{
	(void)sig;
	quit = 1;
}

static long
read_body(void *ctx, void *buf, size_t n)
{
	FCGX_Stream	*in = ctx;
	int		 want = n > 65536 ? 65536 : (int)n;

	return FCGX_GetStr(buf, want, in);
}

static const char *
status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/*
 * Sends the header text h (hn bytes) and body b (bn bytes) as FCGI_STDOUT
 * records of up to FCGI_MAX_LENGTH bytes, straight on the connection, one
 * writev per RECS_PER_WRITE records.  libfcgi's stream would send them as
 * one write per 8 KB (its fixed buffer), each waking nginx; this way a
 * page is one write, and libfcgi, whose buffer stays empty, adds only the
 * end of the stream and FCGI_END_REQUEST when the request finishes.
 */
#define RECS_PER_WRITE	16
static int
write_records(FCGX_Request *fr, const char *h, size_t hn, const char *b,
    size_t bn)
{
	FCGI_Header	 rh[RECS_PER_WRITE];
	struct iovec	 iov[RECS_PER_WRITE * 3];
	size_t		 len, take;
	int		 nr, ni;

	while (hn + bn > 0) {
		for (nr = ni = 0; nr < RECS_PER_WRITE && hn + bn > 0; nr++) {
			len = hn + bn > FCGI_MAX_LENGTH ? FCGI_MAX_LENGTH :
			    hn + bn;
			memset(&rh[nr], 0, sizeof(rh[nr]));
			rh[nr].version = FCGI_VERSION_1;
			rh[nr].type = FCGI_STDOUT;
			rh[nr].requestIdB1 = (unsigned char)(fr->requestId >> 8);
			rh[nr].requestIdB0 = (unsigned char)fr->requestId;
			rh[nr].contentLengthB1 = (unsigned char)(len >> 8);
			rh[nr].contentLengthB0 = (unsigned char)len;
			iov[ni].iov_base = &rh[nr];
			iov[ni++].iov_len = sizeof(rh[nr]);
			if (hn > 0) {
				take = hn < len ? hn : len;
				iov[ni].iov_base = (void *)h;
				iov[ni++].iov_len = take;
				h += take;
				hn -= take;
				len -= take;
			}
			if (len > 0) {
				iov[ni].iov_base = (void *)b;
				iov[ni++].iov_len = len;
				b += len;
				bn -= len;
			}
		}
		if (fdio_writev(fr->ipcFd, iov, ni) == -1)
			return -1;
	}
	return 0;
}

static void
write_resp(FCGX_Request *fr, const struct resp *r, int head_only)
{
	char	 hdr[2048];
	size_t	 bn = !head_only ? r->body_len : 0;
	int	 n;

	/* libfcgi's printf lacks %zu (NOTES.md): format here, put raw. */
	n = snprintf(hdr, sizeof(hdr),
	    "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %lu\r\n"
	    "Cache-Control: no-store\r\n"
	    "%s%s%s"
	    "%s%s%s"
	    "%s%s%s"
	    "%s%s%s"
	    "%s"
	    "\r\n",
	    r->status, status_text(r->status),
	    r->ctype != NULL ? r->ctype : "text/plain; charset=utf-8",
	    (unsigned long)r->body_len,
	    r->location[0] ? "Location: " : "", r->location,
	    r->location[0] ? "\r\n" : "",
	    r->allow ? "Allow: " : "", r->allow ? r->allow : "",
	    r->allow ? "\r\n" : "",
	    r->cookie[0] ? "Set-Cookie: " : "", r->cookie,
	    r->cookie[0] ? "\r\n" : "",
	    r->disposition ? "Content-Disposition: " : "",
	    r->disposition ? r->disposition : "",
	    r->disposition ? "\r\n" : "",
	    r->sandbox ? "Content-Security-Policy: sandbox\r\n" : "");
	if (n < 0 || (size_t)n >= sizeof(hdr)) {
		FCGX_PutS("Status: 500 Internal Server Error\r\n\r\n", fr->out);
		return;
	}
	/* What fits libfcgi's buffer goes out with the end records. */
	if ((size_t)n + bn <= DIRECT_MIN) {
		FCGX_PutStr(hdr, n, fr->out);
		if (bn > 0)
			FCGX_PutStr(r->body, (int)bn, fr->out);
		return;
	}
	if (write_records(fr, hdr, (size_t)n, r->body, bn) == -1) {
		/* nginx went away: libfcgi's end records fail the same way,
		 * and the connection is closed after the request. */
		log_warn("worker: response not sent: %s", strerror(errno));
		fr->keepConnection = 0;
	}
}

static int
parse_status(enum req_status st)
{
	switch (st) {
	case REQ_OK:
		return 200;
	case REQ_BAD:
		return 400;
	case REQ_TOO_LARGE:
		return 413;
	case REQ_UNSUPPORTED_MEDIA:
		return 415;
	default:
		return 500;
	}
}

static void
handle(FCGX_Request *fr, const struct webconf *conf, struct appdb *db,
    const struct req_limits *lim)
{
	struct req	 req;
	struct resp	 resp;
	struct ctx	 c;
	struct timespec	 t0, t1;
	enum req_status	 st;
	int		 status, rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Everything libxml2 allocates for the request, until the end. */
	xmlmem_begin();
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	memset(&c, 0, sizeof(c));
	resp.status = 200;
	c.conf = conf;
	c.req = &req;
	c.db = db;
	c.resp = &resp;
	c.page = -1;

	st = req_parse(&req, fr->envp, read_body, fr->in, lim);
	if (st != REQ_OK) {
		status = parse_status(st);
		log_warn("request refused before routing: HTTP %d", status);
		rc = page_error(&c, status);
	} else
		rc = route_dispatch(&c);
	if (rc == -1) {
		/* The database out of reach is the service unavailable for
		 * now (503: try again later), not a fault of ours (500). */
		status = appdb_unavailable(db) ? 503 : 500;
		if (status == 503)
			log_warn("the database is out of reach: HTTP 503 for %s",
			    req.path != NULL ? req.path : "(unparsed request)");
		else
			log_err("internal error serving %s", req.path != NULL ?
			    req.path : "(unparsed request)");
		if (page_error(&c, status) == -1) {
			resp_reset(&resp);
			resp.status = status;
			page_text(&c, status, status == 503 ?
			    "503 服务暂不可用，请稍后再试\n" :
			    "500 服务器内部错误\n");
		}
	}
	write_resp(fr, &resp, req.method == REQ_HEAD);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_observe(conf->metrics, c.page, resp.status,
	    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	resp_reset(&resp);
	req_free(&req);
	xmlmem_end();
}

/*
 * Reads what is left of the request's input (FCGI_STDIN up to its end
 * record, which libfcgi leaves unread when the body was read by length
 * or not at all).  1 when the stream is at its end, so the connection
 * can carry the next request; 0 when the input was longer than
 * DRAIN_MAX or broken.
 */
static int
drain_input(FCGX_Stream *in)
{
	char	 buf[4096];
	size_t	 total = 0;
	int	 n;

	while ((n = FCGX_GetStr(buf, sizeof(buf), in)) > 0)
		if ((total += (size_t)n) > DRAIN_MAX)
			return 0;
	return FCGX_HasSeenEOF(in) && FCGX_GetError(in) == 0;
}

/*
 * Takes the next request on slot r (a held connection, or, for an empty
 * slot, a connection accepted now), serves it and finishes it.  Returns
 * 1 if a request was served or nothing was waiting (EAGAIN: another
 * worker took the connection, or nginx closed a held one), 0 when the
 * listening socket is gone (shutdown) or broken.
 */
static int
serve(FCGX_Request *r, const struct webconf *conf, struct appdb *db,
    const struct req_limits *lim)
{
	int	 rc, keep;

	rc = FCGX_Accept_r(r);
	if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR ||
	    rc == -ECONNABORTED)
		return 1;
	if (rc < 0)
		return 0;
	busy = 1;
	handle(r, conf, db, lim);
	/*
	 * With the input read to its end, a connection nginx did not ask
	 * to keep is closed at once (FCGX_Detach): libfcgi's lingering
	 * close, which waits for nginx to close first in case unread
	 * input would reset the connection, has nothing to protect.
	 */
	if ((keep = drain_input(r->in)) != 0)
		FCGX_Detach(r);
	FCGX_Finish_r(r);
	if (!keep)
		FCGX_Free(r, 1);
	busy = 0;
	return 1;
}

int
worker_run(int listen_fd, const struct webconf *conf,
    struct worker_pool *pool, int self)
{
	struct req_limits	 lim;
	FCGX_Request		 conns[WORKER_CONNS];
	struct pollfd		 pfd[WORKER_CONNS + 1];
	int			 slot[WORKER_CONNS + 1];
	struct appdb		*db;
	int			 i, n, nfd, free_slot, rc = 0;
	int			 balanced, defer = 0, second = 0;

	/* Blocked by webd across the fork (spawn()): unblocked here. */
	sig_setup(on_term);

	if ((db = appdb_open(conf->db_path)) == NULL) {
		char	 shown[512];

		appdb_describe(conf->db_path, shown, sizeof(shown));
		log_err("worker: cannot open %s", shown);
		return 1;
	}
	req_limits_default(&lim);
	if (FCGX_Init() != 0) {
		log_err("worker: FCGX_Init failed");
		appdb_close(db);
		return 1;
	}
	for (i = 0; i < WORKER_CONNS; i++)
		FCGX_InitRequest(&conns[i], listen_fd,
		    FCGI_FAIL_ACCEPT_ON_INTR);
	while (!quit) {
		/*
		 * pfd[0] is the listening socket, watched for new
		 * connections while a slot is free (its POLLHUP after
		 * webd's shutdown is reported either way); then the held
		 * connections.  A slot holds a connection while its
		 * ipcFd is open: libfcgi keeps it open after a request
		 * that nginx marked FCGI_KEEP_CONN.
		 */
		free_slot = -1;
		nfd = 1;
		for (i = 0; i < WORKER_CONNS; i++) {
			if (conns[i].ipcFd < 0) {
				if (free_slot == -1)
					free_slot = i;
				continue;
			}
			pfd[nfd].fd = conns[i].ipcFd;
			pfd[nfd].events = POLLIN;
			pfd[nfd].revents = 0;
			slot[nfd++] = i;
		}
		balanced = pool_balanced(pool, self, (unsigned)(nfd - 1));
		pfd[0].fd = listen_fd;
		pfd[0].events = free_slot != -1 && !defer ? POLLIN : 0;
		pfd[0].revents = 0;
		if ((n = poll(pfd, (nfds_t)nfd, defer ? ACCEPT_DEFER_MS :
		    -1)) == -1) {
			if (errno == EINTR)
				continue;
			log_err("worker: poll: %s", strerror(errno));
			rc = 1;
			break;
		}
		/* After a deferral, the next new connection is taken. */
		if (defer) {
			defer = 0;
			second = 1;
		} else if (pfd[0].events != 0 && pfd[0].revents == 0)
			second = 0;
		for (i = 1; i < nfd && !quit; i++)
			if (pfd[i].revents != 0 &&
			    !serve(&conns[slot[i]], conf, db, &lim))
				quit = 1;
		if (quit || pfd[0].revents == 0)
			continue;
		if ((pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
			break;
		if (!balanced && !second) {
			defer = 1;
			continue;
		}
		second = 0;
		if (!serve(&conns[free_slot], conf, db, &lim))
			break;
	}
	for (i = 0; i < WORKER_CONNS; i++)
		FCGX_Free(&conns[i], 1);
	worker_pool_reset(pool, self);
	xmlmem_fini();
	appdb_close(db);
	log_info("worker stopping");
	return rc;
}
