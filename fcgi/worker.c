/*
 * worker.c: the request loop, and the only user of libfcgi.
 *
 * For each request: parse and validate the CGI environment and body into
 * a struct req (req.c), route it (route.c), and write the struct resp the
 * handler filled.  Whatever happens, the client gets one complete
 * response: a parse failure becomes the matching 4xx page, a handler
 * failure the styled 500 page, and if even that cannot be rendered, a
 * minimal plain-text 500.  Everything allocated for a request is freed
 * before the next accept.
 *
 * SIGTERM lets a request in hand finish, then the loop ends and the
 * worker exits normally.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "fcgi/appdb.h"
#include "fcgi/page.h"
#include "fcgi/req.h"
#include "fcgi/route.h"
#include "fcgi/worker.h"
#include "lib/log.h"

static volatile sig_atomic_t	 busy, quit;

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

static void
write_resp(FCGX_Stream *out, const struct resp *r, int head_only)
{
	char	 hdr[2048];
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
	    r->disposition ? "\r\n" : "");
	if (n < 0 || (size_t)n >= sizeof(hdr)) {
		FCGX_PutS("Status: 500 Internal Server Error\r\n\r\n", out);
		return;
	}
	FCGX_PutStr(hdr, n, out);
	if (!head_only && r->body_len > 0)
		FCGX_PutStr(r->body, (int)r->body_len, out);
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
	enum req_status	 st;
	int		 status, rc;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	memset(&c, 0, sizeof(c));
	resp.status = 200;
	c.conf = conf;
	c.req = &req;
	c.db = db;
	c.resp = &resp;

	st = req_parse(&req, fr->envp, read_body, fr->in, lim);
	if (st != REQ_OK) {
		status = parse_status(st);
		log_warn("request refused before routing: HTTP %d", status);
		rc = page_error(&c, status);
	} else
		rc = route_dispatch(&c);
	if (rc == -1) {
		log_err("internal error serving %s",
		    req.path != NULL ? req.path : "(unparsed request)");
		if (page_error(&c, 500) == -1) {
			resp_reset(&resp);
			resp.status = 500;
			page_text(&c, 500, "500 服务器内部错误\n");
		}
	}
	write_resp(fr->out, &resp, req.method == REQ_HEAD);
	resp_reset(&resp);
	req_free(&req);
}

int
worker_run(int listen_fd, const struct webconf *conf)
{
	struct sigaction	 sa;
	struct req_limits	 lim;
	FCGX_Request		 fr;
	struct appdb		*db;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	{
		sigset_t	 unblock;

		/* Blocked by webd across the fork (spawn()). */
		sigemptyset(&unblock);
		sigaddset(&unblock, SIGTERM);
		sigaddset(&unblock, SIGINT);
		sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	}

	if ((db = appdb_open(conf->db_path)) == NULL) {
		log_err("worker: cannot open %s", conf->db_path);
		return 1;
	}
	req_limits_default(&lim);
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_err("worker: FCGX_Init failed");
		appdb_close(db);
		return 1;
	}
	while (!quit) {
		if (FCGX_Accept_r(&fr) < 0)
			break;
		busy = 1;
		handle(&fr, conf, db, &lim);
		FCGX_Finish_r(&fr);
		busy = 0;
	}
	FCGX_Free(&fr, 1);
	appdb_close(db);
	log_info("worker stopping");
	return 0;
}
