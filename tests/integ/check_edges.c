/*
 * check_edges.c: the edges of the site against one abusive address
 * (issue 15 item 5): nginx's connection limits and timeouts, and its TLS
 * 1.2 cipher list, through a real stack on free ports (tests/integ/
 * stack.c).
 *
 * The slow-connection test holds 3,000 connections from 127.0.0.2 (the
 * client sockets are bound to it; nginx listens on 127.0.0.1): 1,500 in
 * TLS with a request header that grows by one line every 2 s, 1,000
 * stopped inside their ClientHello, 500 silent; any that nginx drops is
 * opened again, like a slowloris does.  While they are held it sends 10
 * ordinary HTTPS requests from 127.0.0.1 with curl: all must be
 * answered.  Then nginx must close the slow ones within its header
 * deadline.  With nginx's old 2 x 1024 worker_connections none of the
 * ordinary requests was answered.  (Silent connections alone could not
 * do it: nginx closes connections still waiting for their first byte
 * when it runs out, "reusing connections"; one that has begun its
 * handshake or header is kept.)  It is bounded: 3,000 sockets, at most
 * 3,000 reopened, 2 s per ordinary request, under 60 s in all.
 *
 * The per-address limits: from 127.0.0.3, 150 POSTs that announce a body
 * and never send it get 128 requests in progress and 22 answers 429;
 * from 127.0.0.4, 400 pipelined pages get at least 200 answers and some
 * 429s (50 a second after a burst of 200); 127.0.0.1 is not limited.
 *
 * The cipher tests use `openssl s_client`, an independent TLS client:
 * TLS 1.2 with a CBC, CCM8, ARIA or CAMELLIA suite must end in a
 * handshake failure, ECDHE with AES-GCM or CHACHA20-POLY1305 must work,
 * and TLS 1.3 as before.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

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

#include <check.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tests/integ/stack.h"

#define T		"\"$STACK_DIR/t\""
#define SLOW_ADDR	"127.0.0.2"	/* the abusive address */
#define SLOW_TLS	1500	/* TLS done, a header line every 2 s */
#define SLOW_HELLO	1000	/* a ClientHello cut short */
#define SLOW_SILENT	500	/* connected, nothing sent */
#define SLOW_ALL	(SLOW_TLS + SLOW_HELLO + SLOW_SILENT)
#define NORMAL		10	/* ordinary requests from 127.0.0.1 */
#define HEADER_DEADLINE	10	/* nginx's client_header_timeout, s */

static struct stack	 st;

/* Seconds since an arbitrary start, monotonic. */
static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A TCP socket bound to the address src, connecting to the stack's HTTPS
 * port: blocking with 2 s timeouts, or non-blocking (connect in
 * progress).  Returns the descriptor or -1.
 */
static int
socket_from(const char *src_addr, int nonblock)
{
	struct sockaddr_in	 src, dst;
	struct timeval		 tv = { 2, 0 };
	int			 fd;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC |
	    (nonblock ? SOCK_NONBLOCK : 0), 0)) == -1)
		return -1;
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	inet_pton(AF_INET, src_addr, &src.sin_addr);
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((unsigned short)st.port);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!nonblock && (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv)) == -1 || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv,
	    sizeof(tv)) == -1))
		goto fail;
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1)
		goto fail;
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) == -1 &&
	    !(nonblock && errno == EINPROGRESS))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* 1 if the server has closed fd or sent it something (it is done). */
static int
server_done(int fd)
{
	struct pollfd	 p = { fd, POLLIN, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP |
	    POLLERR)) != 0;
}

/* The stack's ordinary page, from 127.0.0.1; 1 if answered 200. */
static int
ordinary_request(double *secs)
{
	struct http	 h;
	double		 t0 = now();
	int		 ok;

	ok = stack_curl(&st, "/login", "--max-time 2", &h) == 0 &&
	    h.status == 200 && http_has(&h, "登录");
	*secs = now() - t0;
	if (ok || h.body != NULL)
		http_free(&h);
	return ok;
}

/*
 * A client context for the raw connections: no verification (the server
 * is ours), TLS 1.2 so that no session tickets arrive after the
 * handshake: a readable socket means the server answered or gave up.
 */
static SSL_CTX *
client_ctx(void)
{
	SSL_CTX	*ctx;

	ck_assert_ptr_nonnull(ctx = SSL_CTX_new(TLS_client_method()));
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION),
	    1);
	return ctx;
}

/* One slow connection: what it does, and where it is. */
struct slow {
	int	 fd;		/* -1: closed */
	SSL	*ssl;		/* SLOW_TLS only */
	int	 connecting;	/* non-blocking connect in progress */
};

/* A TLS record header and the start of a ClientHello, no more. */
static const unsigned char hello[] = {
	0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03
};

static void
slow_close(struct slow *c)
{
	SSL_free(c->ssl);
	c->ssl = NULL;
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	c->connecting = 0;
}

/*
 * Opens slow connection i: the first SLOW_TLS finish a TLS 1.2 handshake
 * and send the start of a request header (blocking, 2 s timeouts); the
 * others only start connecting (slow_connected() finishes them).
 */
static void
slow_open(struct slow *c, int i, SSL_CTX *ctx)
{
	static const char	 head[] =
	    "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n";

	if (i >= SLOW_TLS) {
		c->fd = socket_from(SLOW_ADDR, 1);
		c->connecting = c->fd != -1;
		return;
	}
	if ((c->fd = socket_from(SLOW_ADDR, 0)) == -1)
		return;
	if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
	    SSL_connect(c->ssl) != 1 ||
	    SSL_write(c->ssl, head, sizeof(head) - 1) <= 0) {
		ERR_clear_error();
		slow_close(c);
	}
}

/*
 * Waits up to until (now() scale) for the connects in progress; a
 * connected one of the ClientHello third sends its cut ClientHello.
 */
static void
slow_connected(struct slow *c, double until)
{
	struct pollfd	*p;
	int		 i, n, left = 1;

	ck_assert_ptr_nonnull(p = calloc(SLOW_ALL, sizeof(*p)));
	while (left > 0 && now() < until) {
		for (i = 0, n = 0; i < SLOW_ALL; i++)
			if (c[i].connecting) {
				p[n].fd = c[i].fd;
				p[n].events = POLLOUT;
				p[n++].revents = 0;
			}
		if (n == 0 || poll(p, (nfds_t)n, 100) == -1)
			break;
		for (i = 0, left = 0; i < SLOW_ALL; i++) {
			struct sockaddr_in	 a;
			socklen_t		 al = sizeof(a), el;
			int			 err = 0;

			if (!c[i].connecting)
				continue;
			el = sizeof(err);
			if (getsockopt(c[i].fd, SOL_SOCKET, SO_ERROR, &err,
			    &el) == -1 || err != 0) {
				slow_close(&c[i]);
				continue;
			}
			if (getpeername(c[i].fd, (struct sockaddr *)&a,
			    &al) == -1) {
				left++;
				continue;
			}
			c[i].connecting = 0;
			if (i < SLOW_TLS + SLOW_HELLO && send(c[i].fd, hello,
			    sizeof(hello), MSG_NOSIGNAL) !=
			    (ssize_t)sizeof(hello))
				slow_close(&c[i]);
		}
	}
	free(p);
}

/* How many slow connections the server still holds. */
static int
slow_held(const struct slow *c, int from, int to)
{
	int	 i, n = 0;

	for (i = from; i < to; i++)
		if (c[i].fd != -1 && !c[i].connecting && !server_done(c[i].fd))
			n++;
	return n;
}

/*
 * Like a slowloris: every connection the server has dropped is opened
 * again, within *budget more connections in all and by until.
 */
static void
slow_refill(struct slow *c, SSL_CTX *ctx, int *budget, double until)
{
	int	 i;

	for (i = 0; i < SLOW_ALL && *budget > 0 && now() < until; i++) {
		if (c[i].fd != -1 && (c[i].connecting ||
		    !server_done(c[i].fd)))
			continue;
		slow_close(&c[i]);
		slow_open(&c[i], i, ctx);
		(*budget)--;
	}
	slow_connected(c, until);
}

/* One more header line on every TLS connection still open. */
static void
slow_trickle(struct slow *c, int line)
{
	char	 buf[64];
	int	 i, len;

	len = snprintf(buf, sizeof(buf), "X-Slow-%d: 1\r\n", line);
	for (i = 0; i < SLOW_TLS; i++)
		if (c[i].ssl != NULL && !server_done(c[i].fd))
			(void)SSL_write(c[i].ssl, buf, len);
}

START_TEST(test_3000_slow_connections_from_one_address_leave_room_for_others)
{
	static struct slow	 c[SLOW_ALL];
	struct rlimit		 rl;
	SSL_CTX			*ctx;
	double			 t0, t_open, t_last, t_refill, secs, worst = 0;
	int			 i, answered = 0, held, line = 0;
	int			 least = SLOW_ALL, budget = SLOW_ALL;

	signal(SIGPIPE, SIG_IGN);
	/* Room for 3,000 sockets, the ones reopened, and curl's own. */
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < SLOW_ALL + 256) {
		rl.rlim_cur = SLOW_ALL + 256;
		if (rl.rlim_max < rl.rlim_cur && rl.rlim_max != RLIM_INFINITY)
			rl.rlim_max = rl.rlim_cur;
		ck_assert_msg(setrlimit(RLIMIT_NOFILE, &rl) == 0,
		    "cannot raise RLIMIT_NOFILE to %d: %s", SLOW_ALL + 256,
		    strerror(errno));
	}
	ctx = client_ctx();

	t0 = now();
	for (i = 0; i < SLOW_ALL; i++) {
		c[i].fd = -1;
		if (now() - t0 < 15)
			slow_open(&c[i], i, ctx);
	}
	slow_connected(c, t0 + 20);
	/* Those nginx dropped at once are opened again. */
	slow_refill(c, ctx, &budget, t0 + 20);
	t_open = now() - t0;
	t_last = now();

	/* While they are held: ordinary requests from 127.0.0.1, each
	 * after the ones nginx dropped are opened again, the fewest held
	 * at any request counted. */
	for (i = 0; i < NORMAL; i++) {
		if (now() - t_last >= 2) {
			slow_trickle(c, ++line);
			t_last = now();
		}
		slow_refill(c, ctx, &budget, now() + 1);
		if ((held = slow_held(c, 0, SLOW_ALL)) < least)
			least = held;
		if (ordinary_request(&secs))
			answered++;
		if (secs > worst)
			worst = secs;
	}
	t_refill = now();
	fprintf(stderr, "check_edges: at least %d of %d slow connections "
	    "held at each request (%d TLS at the end; opened in %.1f s, %d "
	    "reopened); %d of %d ordinary requests answered, the slowest in "
	    "%.2f s\n", least, SLOW_ALL, slow_held(c, 0, SLOW_TLS), t_open,
	    SLOW_ALL - budget, answered, NORMAL, worst);
	ck_assert_msg(answered == NORMAL, "only %d of %d ordinary requests "
	    "answered while at least %d slow connections were held",
	    answered, NORMAL, least);
	ck_assert_msg(least >= SLOW_ALL - 100, "only %d of %d slow "
	    "connections were held while the ordinary requests ran", least,
	    SLOW_ALL);

	/* nginx gives every slow connection up by its header deadline
	 * (counted from the last one opened). */
	while (now() < t_refill + HEADER_DEADLINE + 5) {
		if (now() - t_last >= 2) {
			slow_trickle(c, ++line);
			t_last = now();
		}
		if ((held = slow_held(c, 0, SLOW_ALL)) == 0)
			break;
		nanosleep(&(struct timespec){ 0, 200 * 1000 * 1000 }, NULL);
	}
	fprintf(stderr, "check_edges: %d slow connections left %.1f s after "
	    "the first was opened\n", held, now() - t0);
	ck_assert_msg(held == 0, "%d slow connections still open %.0f s "
	    "after they were opened", held, now() - t0);
	ck_assert(ordinary_request(&secs));

	for (i = 0; i < SLOW_ALL; i++)
		slow_close(&c[i]);
	SSL_CTX_free(ctx);
}
END_TEST

/* A TLS connection from src_addr, or NULL; SSL_get_fd() gives its fd. */
static SSL *
tls_from(SSL_CTX *ctx, const char *src_addr)
{
	SSL	*ssl;
	int	 fd;

	if ((fd = socket_from(src_addr, 0)) == -1)
		return NULL;
	if ((ssl = SSL_new(ctx)) == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    SSL_connect(ssl) != 1) {
		ERR_clear_error();
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	return ssl;
}

static void
tls_close(SSL *ssl)
{
	if (ssl == NULL)
		return;
	close(SSL_get_fd(ssl));
	SSL_free(ssl);
}

/*
 * Reads what the server sends on ssl for up to secs seconds or until it
 * closes, into buf (NUL-terminated).  Returns the number of bytes.
 */
static size_t
tls_read(SSL *ssl, char *buf, size_t sz, double secs)
{
	double	 until = now() + secs;
	size_t	 got = 0;
	int	 n;

	while (got + 1 < sz) {
		struct pollfd	 p = { SSL_get_fd(ssl), POLLIN, 0 };
		double		 left = until - now();

		if (SSL_pending(ssl) == 0 && poll(&p, 1, left > 0 ?
		    (int)(left * 1000) : 0) != 1)
			break;
		if ((n = SSL_read(ssl, buf + got, (int)(sz - 1 - got))) <= 0)
			break;
		got += (size_t)n;
	}
	ERR_clear_error();
	buf[got] = '\0';
	return got;
}

/* How many times s occurs in text. */
static int
occurrences(const char *text, const char *s)
{
	int	 n = 0;

	while ((text = strstr(text, s)) != NULL) {
		n++;
		text += strlen(s);
	}
	return n;
}

/*
 * limit_conn: one address may have 128 requests in progress.  150 POSTs
 * from 127.0.0.3 announce a body and never send it: 128 wait for it,
 * the other 22 are answered 429 at once.  From 127.0.0.1 (not counted)
 * 150 such POSTs all wait.
 */
START_TEST(test_one_address_has_at_most_128_requests_in_progress)
{
	static const char	 post[] = "POST /reissue/step2 HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nContent-Type: application/x-www-form-"
	    "urlencoded\r\nContent-Length: 100000\r\n\r\n";
	static SSL		*c[150];
	const char		*addrs[2] = { "127.0.0.3", "127.0.0.1" };
	SSL_CTX			*ctx;
	char			 buf[4096];
	double			 t0;
	int			 a, i, refused, waiting;

	signal(SIGPIPE, SIG_IGN);
	ctx = client_ctx();
	for (a = 0; a < 2; a++) {
		t0 = now();
		for (i = 0; i < 150; i++) {
			ck_assert_ptr_nonnull(c[i] = tls_from(ctx, addrs[a]));
			ck_assert_int_gt(SSL_write(c[i], post,
			    sizeof(post) - 1), 0);
		}
		/* An answer comes at once or not at all. */
		nanosleep(&(struct timespec){ 0, 500 * 1000 * 1000 }, NULL);
		refused = waiting = 0;
		for (i = 0; i < 150; i++) {
			if (tls_read(c[i], buf, sizeof(buf), 0) == 0)
				waiting++;
			else if (strncmp(buf, "HTTP/1.1 429 ", 13) == 0)
				refused++;
			tls_close(c[i]);
		}
		fprintf(stderr, "check_edges: 150 unfinished POSTs from %s: "
		    "%d waiting, %d refused (%.1f s)\n", addrs[a], waiting,
		    refused, now() - t0);
		if (a == 0) {
			ck_assert_int_eq(waiting, 128);
			ck_assert_int_eq(refused, 22);
		} else
			ck_assert_int_eq(waiting, 150);
	}
	SSL_CTX_free(ctx);
}
END_TEST

/*
 * limit_req for pages: 50 a second, bursts of 200, per address.  400
 * pipelined requests on one connection from 127.0.0.4: at least 200 are
 * answered, and unless nginx took 4 s for them some get 429; from
 * 127.0.0.1 all 400 pass.
 */
#define PIPELINED	400
START_TEST(test_one_address_gets_50_pages_a_second_after_a_burst)
{
	static const char	 get[] = "GET /healthz HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\n\r\n";
	static const char	 last[] = "GET /healthz HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
	const char		*addrs[2] = { "127.0.0.4", "127.0.0.1" };
	SSL_CTX			*ctx;
	SSL			*ssl;
	char			*req, *buf;
	size_t			 n = 0, sz = 4 * 1024 * 1024;
	int			 a, i, ok, refused;

	ctx = client_ctx();
	ck_assert_ptr_nonnull(req = malloc(PIPELINED * sizeof(last)));
	for (i = 0; i < PIPELINED - 1; i++, n += sizeof(get) - 1)
		memcpy(req + n, get, sizeof(get) - 1);
	memcpy(req + n, last, sizeof(last) - 1);
	n += sizeof(last) - 1;
	ck_assert_ptr_nonnull(buf = malloc(sz));
	for (a = 0; a < 2; a++) {
		ck_assert_ptr_nonnull(ssl = tls_from(ctx, addrs[a]));
		ck_assert_int_eq(SSL_write(ssl, req, (int)n), (int)n);
		tls_read(ssl, buf, sz, 10);
		tls_close(ssl);
		ok = occurrences(buf, "HTTP/1.1 200 ");
		refused = occurrences(buf, "HTTP/1.1 429 ");
		fprintf(stderr, "check_edges: %d pipelined pages from %s: "
		    "%d answered, %d refused\n", PIPELINED, addrs[a], ok,
		    refused);
		ck_assert_int_eq(ok + refused, PIPELINED);
		if (a == 0) {
			ck_assert_int_ge(ok, 200);
			ck_assert_int_ge(refused, 1);
		} else
			ck_assert_int_eq(ok, PIPELINED);
	}
	free(buf);
	free(req);
	SSL_CTX_free(ctx);
}
END_TEST

/*
 * Runs openssl s_client against the HTTPS port with the words args;
 * returns its exit status and leaves its output in T/s_client.out.
 */
static int
s_client(const char *args)
{
	return stack_sh(&st, "openssl s_client -connect 127.0.0.1:$PORT "
	    "-servername localhost -CAfile \"$STACK_DIR/ca/chain.pem\" "
	    "-brief %s < /dev/null > " T "/s_client.out 2>&1", args);
}

/* 1 if T/s_client.out contains s. */
static int
s_client_said(const char *s)
{
	char	 path[PATH_MAX + 32], *txt;
	int	 yes;

	snprintf(path, sizeof(path), "%s/t/s_client.out", st.dir);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return 0;
	yes = strstr(txt, s) != NULL;
	free(txt);
	return yes;
}

START_TEST(test_tls12_without_ecdhe_aead_is_refused)
{
	static const char *const weak[] = {
		"ECDHE-ECDSA-AES128-SHA",	/* CBC, SHA-1 MAC */
		"ECDHE-ECDSA-AES256-SHA",
		"ECDHE-ECDSA-AES128-SHA256",	/* CBC */
		"ECDHE-ECDSA-AES256-SHA384",
		"ECDHE-ECDSA-AES128-CCM8",
		"ECDHE-ECDSA-ARIA128-GCM-SHA256",
		"ECDHE-ECDSA-CAMELLIA128-SHA256",
	};
	char	 args[128];
	size_t	 i;

	for (i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		/* A suite this openssl lacks would prove nothing. */
		ck_assert_msg(stack_sh(&st, "openssl ciphers -tls1_2 '%s' "
		    ">/dev/null 2>&1", weak[i]) == 0, "this openssl has no "
		    "%s", weak[i]);
		snprintf(args, sizeof(args), "-tls1_2 -cipher '%s'", weak[i]);
		ck_assert_msg(s_client(args) != 0, "TLS 1.2 with %s was "
		    "accepted", weak[i]);
		ck_assert_msg(s_client_said("handshake failure"), "TLS 1.2 "
		    "with %s: no handshake failure", weak[i]);
	}
}
END_TEST

START_TEST(test_tls12_ecdhe_aead_and_tls13_work)
{
	static const char *const good[] = {
		"ECDHE-ECDSA-AES128-GCM-SHA256",
		"ECDHE-ECDSA-AES256-GCM-SHA384",
		"ECDHE-ECDSA-CHACHA20-POLY1305",
	};
	char	 args[128], want[128];
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(args, sizeof(args), "-tls1_2 -cipher '%s'", good[i]);
		ck_assert_msg(s_client(args) == 0, "TLS 1.2 with %s refused",
		    good[i]);
		snprintf(want, sizeof(want), "Ciphersuite: %s", good[i]);
		ck_assert_msg(s_client_said(want), "no %s", want);
		ck_assert(s_client_said("Protocol version: TLSv1.2"));
		ck_assert(s_client_said("Verification: OK"));
	}
	ck_assert_int_eq(s_client("-tls1_3"), 0);
	ck_assert(s_client_said("Protocol version: TLSv1.3"));
	ck_assert(s_client_said("Ciphersuite: TLS_AES_256_GCM_SHA384"));
}
END_TEST

static void
up(void)
{
	if (stack_up(&st, NULL) != 0) {
		fprintf(stderr, "check_edges: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
	if (stack_sh(&st, "mkdir -p " T) != 0)
		exit(EXIT_FAILURE);
}

static void
down(void)
{
	stack_down(&st);
}

int
main(void)
{
	Suite	*s = suite_create("edges");
	TCase	*tc = tcase_create("edges");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tls12_without_ecdhe_aead_is_refused);
	tcase_add_test(tc, test_tls12_ecdhe_aead_and_tls13_work);
	tcase_add_test(tc,
	    test_one_address_has_at_most_128_requests_in_progress);
	tcase_add_test(tc,
	    test_one_address_gets_50_pages_a_second_after_a_burst);
	tcase_add_test(tc,
	    test_3000_slow_connections_from_one_address_leave_room_for_others);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
