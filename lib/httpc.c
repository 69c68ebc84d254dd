/*
 * httpc.c: one HTTP/1.0 POST over TCP, optionally TLS (see httpc.h).
 *
 * The socket is non-blocking and every wait is a poll() bounded by the
 * one deadline, so a peer that stalls costs at most timeout_ms.  TLS
 * goes through OpenSSL's SSL object on the socket with SSL_VERIFY_PEER,
 * the hostname or IP address checked by X509_VERIFY_PARAM.
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "lib/httpc.h"

#define HOST_MAX	255
#define PATH_MAX_	2048
#define HEAD_MAX	8192

struct url {
	int	 tls;
	char	 host[HOST_MAX + 1];
	char	 port[6];
	char	 path[PATH_MAX_ + 1];
};

struct conn {
	int		 fd;
	SSL		*ssl;
	long long	 deadline;	/* ms, CLOCK_MONOTONIC */
};

static void	say(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
say(char *err, size_t sz, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(err, sz, fmt, ap);
	va_end(ap);
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Splits an http(s) URL.  0 / -1. */
static int
parse_url(const char *s, struct url *u)
{
	const char	*h, *e, *c;
	size_t		 n;
	long		 port;
	char		*end;

	memset(u, 0, sizeof(*u));
	if (strncmp(s, "https://", 8) == 0) {
		u->tls = 1;
		h = s + 8;
	} else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return -1;
	if ((e = strchr(h, '/')) == NULL)
		e = h + strlen(h);
	if ((c = memchr(h, ':', (size_t)(e - h))) == NULL)
		c = e;
	n = (size_t)(c - h);
	if (n == 0 || n > HOST_MAX ||
	    strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-") < n)
		return -1;
	memcpy(u->host, h, n);
	if (c < e) {
		n = (size_t)(e - c - 1);
		if (n == 0 || n > 5 || strspn(c + 1, "0123456789") < n)
			return -1;
		port = strtol(c + 1, &end, 10);
		if (port < 1 || port > 65535)
			return -1;
		snprintf(u->port, sizeof(u->port), "%ld", port);
	} else
		snprintf(u->port, sizeof(u->port), "%s", u->tls ? "443" : "80");
	if (*e == '\0')
		e = "/";
	for (c = e; *c != '\0'; c++)
		if (*c <= 0x20 || *c >= 0x7f)
			return -1;	/* spaces, controls, raw non-ASCII */
	if (strlen(e) > PATH_MAX_)
		return -1;
	memcpy(u->path, e, strlen(e) + 1);
	return 0;
}

int
httpc_url_ok(const char *url, int *tls)
{
	struct url	 u;

	if (parse_url(url, &u) == -1)
		return 0;
	if (tls != NULL)
		*tls = u.tls;
	return 1;
}

/* 1 if h is zero or more "Name: value\r\n" lines of printable ASCII. */
static int
headers_ok(const char *h)
{
	const char	*p = h, *colon;

	while (*p != '\0') {
		if ((colon = strchr(p, ':')) == NULL || colon == p ||
		    strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-") != (size_t)(colon - p))
			return 0;
		for (p = colon + 1; *p != '\r'; p++)
			if (*p < 0x20 || *p >= 0x7f)
				return 0;
		if (p[1] != '\n')
			return 0;
		p += 2;
	}
	return 1;
}

/* Waits for fd to be ready for ev before the deadline.  0 / -1. */
static int
wait_fd(struct conn *k, short ev)
{
	struct pollfd	 p;
	long long	 left;
	int		 r;

	for (;;) {
		if ((left = k->deadline - now_ms()) <= 0)
			return -1;
		p.fd = k->fd;
		p.events = ev;
		p.revents = 0;
		if ((r = poll(&p, 1, (int)left)) > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

static int
dial(struct conn *k, const struct url *u, char *err, size_t esz)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	socklen_t	 len;
	int		 rc, soerr;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(u->host, u->port, &hints, &res)) != 0) {
		say(err, esz, "%s: %s", u->host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((k->fd = socket(ai->ai_family, ai->ai_socktype |
		    SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol)) == -1)
			continue;
		if (connect(k->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS && wait_fd(k, POLLOUT) == 0) {
			len = sizeof(soerr);
			if (getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &soerr,
			    &len) == 0 && soerr == 0)
				break;
			errno = soerr;
		}
		say(err, esz, "connect %s:%s: %s", u->host, u->port,
		    now_ms() >= k->deadline ? "timed out" : strerror(errno));
		close(k->fd);
		k->fd = -1;
	}
	freeaddrinfo(res);
	return k->fd == -1 ? -1 : 0;
}

/* Drives an SSL call that may want to read or write.  1 again, 0 done
 * (ret > 0), -1 failed. */
static int
ssl_again(struct conn *k, int ret)
{
	switch (SSL_get_error(k->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(k, POLLIN) == 0 ? 1 : -1;
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(k, POLLOUT) == 0 ? 1 : -1;
	default:
		return -1;
	}
}

/* Trusts exactly the certificate in der (a CA or the server's own). */
static int
trust_der(SSL_CTX *ctx, const void *der, size_t len)
{
	const unsigned char	*p = der;
	X509			*x;
	int			 ok;

	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return 0;
	ok = X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), x) == 1 &&
	    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx),
	    X509_V_FLAG_PARTIAL_CHAIN) == 1;
	X509_free(x);
	return ok;
}

static int
tls_start(struct conn *k, SSL_CTX **ctxp, const struct url *u,
    const struct httpc_req *req, char *err, size_t esz)
{
	SSL_CTX			*ctx;
	X509_VERIFY_PARAM	*vp;
	unsigned char		 ip[16];
	int			 r, isip, trusted;
	long			 vr;

	if ((ctx = *ctxp = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
		say(err, esz, "TLS set-up failed");
		return -1;
	}
	if (req->ca_der != NULL)
		trusted = trust_der(ctx, req->ca_der, req->ca_der_len);
	else if (req->cafile != NULL)
		trusted = SSL_CTX_load_verify_locations(ctx, req->cafile,
		    NULL) == 1;
	else
		trusted = SSL_CTX_set_default_verify_paths(ctx) == 1;
	if (!trusted) {
		say(err, esz, "TLS set-up failed (trusted certificate %s)",
		    req->ca_der != NULL ? "given" : req->cafile != NULL ?
		    req->cafile : "default");
		return -1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((k->ssl = SSL_new(ctx)) == NULL ||
	    SSL_set_fd(k->ssl, k->fd) != 1) {
		say(err, esz, "TLS set-up failed");
		return -1;
	}
	isip = inet_pton(AF_INET, u->host, ip) == 1 ||
	    inet_pton(AF_INET6, u->host, ip) == 1;
	vp = SSL_get0_param(k->ssl);
	if ((isip ? X509_VERIFY_PARAM_set1_ip_asc(vp, u->host) :
	    X509_VERIFY_PARAM_set1_host(vp, u->host, 0)) != 1 ||
	    (!isip && SSL_set_tlsext_host_name(k->ssl, u->host) != 1)) {
		say(err, esz, "TLS set-up failed for %s", u->host);
		return -1;
	}
	while ((r = SSL_connect(k->ssl)) != 1)
		if (ssl_again(k, r) != 1) {
			vr = SSL_get_verify_result(k->ssl);
			say(err, esz, "TLS handshake with %s failed: %s",
			    u->host, vr != X509_V_OK ?
			    X509_verify_cert_error_string(vr) :
			    now_ms() >= k->deadline ? "timed out" :
			    "protocol error");
			return -1;
		}
	return 0;
}

static int
put(struct conn *k, const char *b, size_t n)
{
	ssize_t	 w;
	int	 r;

	while (n > 0) {
		if (k->ssl != NULL) {
			if ((r = SSL_write(k->ssl, b, (int)n)) <= 0) {
				if (ssl_again(k, r) != 1)
					return -1;
				continue;
			}
			w = r;
		} else if ((w = write(k->fd, b, n)) == -1) {
			if ((errno != EAGAIN && errno != EINTR) ||
			    wait_fd(k, POLLOUT) == -1)
				return -1;
			continue;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads up to n bytes: count, 0 at end of stream, -1 error/timeout. */
static long
get(struct conn *k, char *b, size_t n)
{
	ssize_t	 r;
	int	 s;

	for (;;) {
		if (k->ssl != NULL) {
			if ((s = SSL_read(k->ssl, b, (int)n)) > 0)
				return s;
			if (SSL_get_error(k->ssl, s) == SSL_ERROR_ZERO_RETURN)
				return 0;
			/* A peer that closes without close_notify: end. */
			if (SSL_get_error(k->ssl, s) == SSL_ERROR_SYSCALL &&
			    ERR_peek_error() == 0)
				return 0;
			if (ssl_again(k, s) != 1)
				return -1;
			continue;
		}
		if ((r = read(k->fd, b, n)) >= 0)
			return r;
		if ((errno != EAGAIN && errno != EINTR) ||
		    wait_fd(k, POLLIN) == -1)
			return -1;
	}
}

/* Parses "HTTP/1.x NNN ...\r\n".  0 / -1. */
static int
status_line(const char *h, int *status)
{
	if (strncmp(h, "HTTP/1.", 7) != 0 || (h[7] != '0' && h[7] != '1') ||
	    h[8] != ' ' || h[9] < '1' || h[9] > '5' || h[10] < '0' ||
	    h[10] > '9' || h[11] < '0' || h[11] > '9' ||
	    (h[12] != ' ' && h[12] != '\r'))
		return -1;
	*status = (h[9] - '0') * 100 + (h[10] - '0') * 10 + (h[11] - '0');
	return 0;
}

int
httpc_post(const struct httpc_req *req, struct httpc_resp *resp, char *err,
    size_t esz)
{
	struct url	 u;
	struct conn	 k;
	SSL_CTX		*ctx = NULL;
	char		*in = NULL, head[PATH_MAX_ + HOST_MAX + 1400], *e;
	size_t		 have = 0, cap = HEAD_MAX + sizeof(resp->body);
	long		 r;
	int		 n, ret = -1;

	memset(resp, 0, sizeof(*resp));
	memset(&k, 0, sizeof(k));
	k.fd = -1;
	k.deadline = now_ms() + (req->timeout_ms > 0 ? req->timeout_ms :
	    10000);
	if (err != NULL && esz > 0)
		err[0] = '\0';
	if (parse_url(req->url, &u) == -1) {
		say(err, esz, "bad URL");
		return -1;
	}
	if (dial(&k, &u, err, esz) == -1)
		goto out;
	if (req->headers != NULL && (!headers_ok(req->headers) ||
	    strlen(req->headers) > 1024)) {
		say(err, esz, "bad extra header lines");
		goto out;
	}
	if (u.tls && tls_start(&k, &ctx, &u, req, err, esz) == -1)
		goto out;
	n = snprintf(head, sizeof(head), "POST %s HTTP/1.0\r\n"
	    "Host: %s:%s\r\nContent-Type: %s\r\nContent-Length: %lu\r\n"
	    "User-Agent: ca-reissue\r\nConnection: close\r\n%s\r\n",
	    u.path, u.host, u.port, req->ctype, (unsigned long)req->body_len,
	    req->headers != NULL ? req->headers : "");
	if (n < 0 || (size_t)n >= sizeof(head) ||
	    put(&k, head, (size_t)n) == -1 ||
	    put(&k, req->body, req->body_len) == -1) {
		say(err, esz, "sending to %s:%s failed%s", u.host, u.port,
		    now_ms() >= k.deadline ? ": timed out" : "");
		goto out;
	}
	if ((in = malloc(cap + 1)) == NULL) {
		say(err, esz, "out of memory");
		goto out;
	}
	/* Read to the end (Connection: close), keeping what fits. */
	for (;;) {
		char	 drop[4096];

		if (have < cap)
			r = get(&k, in + have, cap - have);
		else
			r = get(&k, drop, sizeof(drop));
		if (r == 0)
			break;
		if (r < 0) {
			say(err, esz, "reading the reply from %s:%s failed%s",
			    u.host, u.port, now_ms() >= k.deadline ?
			    ": timed out" : "");
			goto out;
		}
		if (have < cap)
			have += (size_t)r;
	}
	in[have] = '\0';
	if ((e = strstr(in, "\r\n\r\n")) == NULL ||
	    status_line(in, &resp->status) == -1) {
		say(err, esz, "malformed reply from %s:%s", u.host, u.port);
		goto out;
	}
	e += 4;
	resp->body_len = have - (size_t)(e - in);
	if (resp->body_len >= sizeof(resp->body))
		resp->body_len = sizeof(resp->body) - 1;
	memcpy(resp->body, e, resp->body_len);
	resp->body[resp->body_len] = '\0';
	ret = 0;
out:
	free(in);
	if (k.ssl != NULL) {
		if (ret == 0)
			SSL_shutdown(k.ssl);
		SSL_free(k.ssl);
	}
	SSL_CTX_free(ctx);
	if (k.fd != -1)
		close(k.fd);
	return ret;
}
