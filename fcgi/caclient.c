/*
 * caclient.c: blocking request/reply calls to the signing daemon.
 *
 * Each call connects, sends one request, reads one reply and closes; the
 * socket timeouts in proto_connect() bound how long a worker can wait.
 * Replies are read with the same typed getters the daemon uses, and a
 * reply with unexpected or trailing fields counts as a failure (-1).
 *
 * An ERR reply is a refusal (1) with the daemon's reason in err, except
 * PROTO_E_INTERNAL, a failure on the daemon's side, and PROTO_E_STANDBY,
 * a daemon that does not hold the signing role (another signer does),
 * which are -1 like an unreachable daemon: the page cannot say anything
 * better than "try again later" about any of them.  SHOW maps NOTFOUND (and BADREQ, which it
 * only sends for a serial that is not hex) to 1, "unknown serial";
 * REISSUE maps PROTO_E_APPROVAL (dual control) to 2.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ca/proto.h"
#include "fcgi/caclient.h"
#include "lib/log.h"

#define ERR_MSG_MAX	512
#define ORDER_MAX	65	/* ca/castore.h CASTORE_ORDER_MAX */
#define PLATFORM_MAX	128	/* ca/castore.h CASTORE_PLATFORM_MAX */
#define CERT_MAX	(64 * 1024)

/* One call's connection and reply; call_end() releases it. */
struct call {
	struct proto_buf	 req;
	struct proto_msg	 rep;
	uint8_t			*store;
	int			 fd;
};

static void
call_begin(struct call *k, uint8_t op)
{
	memset(k, 0, sizeof(*k));
	k->fd = -1;
	proto_buf_init(&k->req, op);
}

static void
call_end(struct call *k)
{
	if (k->fd != -1)
		close(k->fd);
	proto_buf_free(&k->req);
	free(k->store);
	k->store = NULL;
	k->fd = -1;
}

/*
 * Sends k->req to the daemon at sock and reads the reply.  Returns 0 for
 * an OK reply (fields in k->rep), 1 for a well-formed ERR reply other
 * than PROTO_E_INTERNAL and PROTO_E_STANDBY (*code set, reason in err),
 * -1 otherwise (logged with func).
 */
static int
call_run(struct call *k, const char *sock, const char *func,
    uint64_t *code, char *err, size_t errsz)
{
	char		 msg[ERR_MSG_MAX];
	uint64_t	 c;

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (sock == NULL || (k->fd = proto_connect(sock)) == -1) {
		log_err("%s: %s: %s", func, sock != NULL ? sock : "(none)",
		    strerror(errno));
		return -1;
	}
	if (proto_call(k->fd, &k->req, &k->rep, &k->store) == -1) {
		log_err("%s: no valid reply from %s", func, sock);
		return -1;
	}
	if (k->rep.op == PROTO_OK)
		return 0;
	if (proto_get_u64(&k->rep, &c) == -1 ||
	    proto_get_str(&k->rep, msg, sizeof(msg)) == -1 ||
	    proto_end(&k->rep) == -1) {
		log_err("%s: malformed error reply from %s", func, sock);
		return -1;
	}
	if (err != NULL && errsz > 0)
		snprintf(err, errsz, "%s: %s", proto_err_name(c), msg);
	if (code != NULL)
		*code = c;
	if (c == PROTO_E_INTERNAL) {
		log_err("%s: daemon failed: %s", func, msg);
		return -1;
	}
	if (c == PROTO_E_STANDBY) {
		log_warn("%s: %s", func, msg);
		return -1;
	}
	log_warn("%s: daemon refused: %s: %s", func, proto_err_name(c), msg);
	return 1;
}

/* Reads a U64 that must fit a long long.  0 / -1. */
static int
get_ll(struct proto_msg *m, long long *v)
{
	uint64_t	 u;

	if (proto_get_u64(m, &u) == -1 || u > (uint64_t)LLONG_MAX)
		return -1;
	*v = (long long)u;
	return 0;
}

/* 1 if s is a serial as the daemon writes it: 1-40 uppercase hex digits. */
static int
serial_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n <= 40 && strspn(s, "0123456789ABCDEF") == n;
}

int
caclient_ping(const char *sock)
{
	struct call	 k;
	char		 s[16];
	int		 rc = -1;

	call_begin(&k, PROTO_PING);
	if (call_run(&k, sock, "caclient_ping", NULL, NULL, 0) != 0)
		goto out;
	if (proto_get_str(&k.rep, s, sizeof(s)) == -1 ||
	    proto_end(&k.rep) == -1 || strcmp(s, "pong") != 0) {
		log_err("caclient_ping: bad reply from %s", sock);
		goto out;
	}
	rc = 0;
out:
	call_end(&k);
	return rc;
}

int
caclient_status(const char *sock, char *name, size_t nsz, char *vendor,
    size_t vsz, int *issuing)
{
	struct call	 k;
	char		 algo[32], subj[1024];
	uint64_t	 u, on;
	int		 i, rc = -1;

	call_begin(&k, PROTO_STATUS);
	if (call_run(&k, sock, "caclient_status", NULL, NULL, 0) != 0)
		goto out;
	if (proto_get_str(&k.rep, name, nsz) == -1 ||
	    proto_get_str(&k.rep, algo, sizeof(algo)) == -1 ||
	    proto_get_str(&k.rep, subj, sizeof(subj)) == -1)
		goto bad;
	for (i = 0; i < 6; i++)
		if (proto_get_u64(&k.rep, &u) == -1)
			goto bad;
	if (proto_get_str(&k.rep, vendor, vsz) == -1 ||
	    proto_get_u64(&k.rep, &on) == -1 || proto_end(&k.rep) == -1)
		goto bad;
	*issuing = on != 0;
	rc = 0;
	goto out;
bad:
	log_err("caclient_status: bad reply from %s", sock);
out:
	call_end(&k);
	return rc;
}

/*
 * PROTO_SHOW for serial into *out; with der not NULL, also a malloc'd
 * copy of the certificate.  0 found, 1 unknown serial, -1.
 */
static int
show(const char *sock, const char *serial, struct caclient_cert *out,
    unsigned char **der_out, size_t *der_out_len)
{
	struct call	 k;
	char		 order[ORDER_MAX], replaces[41], plat[PLATFORM_MAX];
	const uint8_t	*der;
	size_t		 der_len;
	long long	 issued, reason1, invalidity, token;
	uint64_t	 code = 0, n, i;
	int		 r, rc = -1;

	memset(out, 0, sizeof(*out));
	out->reason = -1;
	if (der_out != NULL) {
		*der_out = NULL;
		*der_out_len = 0;
	}
	call_begin(&k, PROTO_SHOW);
	proto_put_str(&k.req, serial);
	if ((r = call_run(&k, sock, "caclient_show", &code, NULL, 0)) != 0) {
		if (r == 1 && (code == PROTO_E_NOTFOUND ||
		    code == PROTO_E_BADREQ))
			rc = 1;
		goto out;
	}
	if (proto_get_str(&k.rep, out->subject, sizeof(out->subject)) ==
	    -1 || get_ll(&k.rep, &out->not_before) == -1 ||
	    get_ll(&k.rep, &out->not_after) == -1 ||
	    get_ll(&k.rep, &issued) == -1 ||
	    get_ll(&k.rep, &out->revoked_at) == -1 ||
	    get_ll(&k.rep, &reason1) == -1 || reason1 > 11 ||
	    get_ll(&k.rep, &invalidity) == -1 ||
	    get_ll(&k.rep, &token) == -1 ||	/* issued under */
	    get_ll(&k.rep, &token) == -1 ||	/* revoked under */
	    proto_get_str(&k.rep, order, sizeof(order)) == -1 ||
	    proto_get_str(&k.rep, replaces, sizeof(replaces)) == -1 ||
	    proto_get_str(&k.rep, out->replaced_by,
	    sizeof(out->replaced_by)) == -1 ||
	    proto_get_bytes(&k.rep, &der, &der_len, CERT_MAX) == -1 ||
	    der_len == 0 || proto_get_u64(&k.rep, &n) == -1)
		goto bad;
	for (i = 0; i < n; i++)
		if (proto_get_str(&k.rep, plat, sizeof(plat)) == -1)
			goto bad;
	if (proto_end(&k.rep) == -1)
		goto bad;
	out->reason = (int)reason1 - 1;
	if (der_out != NULL) {
		if ((*der_out = malloc(der_len)) == NULL) {
			log_err("caclient_show: out of memory");
			goto out;
		}
		memcpy(*der_out, der, der_len);
		*der_out_len = der_len;
	}
	rc = 0;
	goto out;
bad:
	log_err("caclient_show: malformed reply from %s", sock);
	memset(out, 0, sizeof(*out));
	out->reason = -1;
out:
	call_end(&k);
	return rc;
}

int
caclient_show(const char *sock, const char *serial, struct caclient_cert *out)
{
	return show(sock, serial, out, NULL, NULL);
}

int
caclient_show_der(const char *sock, const char *serial,
    struct caclient_cert *out, unsigned char **der, size_t *der_len)
{
	return show(sock, serial, out, der, der_len);
}

int
caclient_ocsp(const char *sock, const unsigned char *req, size_t len,
    unsigned char **out, size_t *out_len)
{
	struct call	 k;
	const uint8_t	*p;
	size_t		 n;
	int		 rc = -1;

	*out = NULL;
	*out_len = 0;
	call_begin(&k, PROTO_OCSP);
	proto_put_bytes(&k.req, req != NULL ? req : (const uint8_t *)"", len);
	if (call_run(&k, sock, "caclient_ocsp", NULL, NULL, 0) != 0)
		goto out;
	if (proto_get_bytes(&k.rep, &p, &n, CERT_MAX) == -1 || n == 0 ||
	    proto_end(&k.rep) == -1 || (*out = malloc(n)) == NULL) {
		log_err("caclient_ocsp: malformed reply from %s", sock);
		goto out;
	}
	memcpy(*out, p, n);
	*out_len = n;
	rc = 0;
out:
	call_end(&k);
	return rc;
}

int
caclient_revoke(const char *sock, const char *actor, const char *serial,
    int reason, const char *order_id, char *err, size_t errsz)
{
	struct call	 k;
	long long	 at;
	int		 rc;

	if (reason < 0) {
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "no revocation reason");
		return 1;
	}
	call_begin(&k, PROTO_REVOKE);
	proto_put_str(&k.req, actor);
	proto_put_str(&k.req, serial);
	proto_put_u64(&k.req, (uint64_t)reason);
	proto_put_u64(&k.req, 0);	/* invalidity date: none */
	proto_put_str(&k.req, order_id != NULL ? order_id : "");
	if ((rc = call_run(&k, sock, "caclient_revoke", NULL, err, errsz)) ==
	    0 && (get_ll(&k.rep, &at) == -1 || at == 0 ||
	    proto_end(&k.rep) == -1)) {
		log_err("caclient_revoke: malformed reply from %s", sock);
		rc = -1;
	}
	call_end(&k);
	return rc;
}

int
caclient_link(const char *sock, const char *actor, const char *serial,
    const char *platform, char *err, size_t errsz)
{
	struct call	 k;
	uint64_t	 code = 0, fresh;
	int		 rc;

	call_begin(&k, PROTO_LINK);
	proto_put_str(&k.req, actor);
	proto_put_str(&k.req, serial);
	proto_put_str(&k.req, platform);
	rc = call_run(&k, sock, "caclient_link", &code, err, errsz);
	if (rc == 0 && (proto_get_u64(&k.rep, &fresh) == -1 ||
	    proto_end(&k.rep) == -1)) {
		log_err("caclient_link: malformed reply from %s", sock);
		rc = -1;
	}
	if (rc == 1 && code == PROTO_E_NOTFOUND)
		rc = 2;
	call_end(&k);
	return rc;
}

int
caclient_issue(const char *sock, const struct caclient_issue *r,
    char *serial, unsigned char **der, size_t *der_len, char *err,
    size_t errsz)
{
	struct call	 k;
	const uint8_t	*p;
	size_t		 len, i;
	int		 rc;

	serial[0] = '\0';
	*der = NULL;
	*der_len = 0;
	call_begin(&k, PROTO_ISSUE);
#define S(x)	((x) != NULL ? (x) : "")
	proto_put_str(&k.req, S(r->actor));
	proto_put_str(&k.req, S(r->order_id));
	proto_put_str(&k.req, S(r->org));
	proto_put_str(&k.req, S(r->ou));
	proto_put_str(&k.req, S(r->cn));
	proto_put_str(&k.req, S(r->sn));
#undef S
	proto_put_u64(&k.req, r->not_after > 0 ? (uint64_t)r->not_after : 0);
	proto_put_bytes(&k.req, r->csr, r->csr_len);
	proto_put_u64(&k.req, (uint64_t)r->nplatforms);
	for (i = 0; i < r->nplatforms; i++)
		proto_put_str(&k.req, r->platforms[i]);
	if ((rc = call_run(&k, sock, "caclient_issue", NULL, err, errsz)) !=
	    0)
		goto out;
	rc = -1;
	if (proto_get_str(&k.rep, serial, 41) == -1 || !serial_ok(serial) ||
	    proto_get_bytes(&k.rep, &p, &len, CERT_MAX) == -1 || len == 0 ||
	    proto_end(&k.rep) == -1) {
		log_err("caclient_issue: malformed reply from %s", sock);
		serial[0] = '\0';
		goto out;
	}
	if ((*der = malloc(len)) == NULL) {
		log_err("caclient_issue: out of memory");
		serial[0] = '\0';
		goto out;
	}
	memcpy(*der, p, len);
	*der_len = len;
	rc = 0;
out:
	call_end(&k);
	return rc;
}

int
caclient_reissue(const char *sock, const char *actor, const char *old_serial,
    int reason, const unsigned char *csr, size_t csr_len,
    const char *order_id, const char *approver, const char *approver2,
    char *serial, unsigned char **der, size_t *der_len, int *revoked_now,
    char *err, size_t errsz)
{
	struct call	 k;
	const uint8_t	*p;
	size_t		 len;
	uint64_t	 now, code = 0;
	int		 rc;

	serial[0] = '\0';
	*der = NULL;
	*der_len = 0;
	if (revoked_now != NULL)
		*revoked_now = 0;
	if (reason < 0 || order_id == NULL || order_id[0] == '\0') {
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "a reissue needs a reason and an "
			    "order id");
		return 1;
	}
	call_begin(&k, PROTO_REISSUE);
	proto_put_str(&k.req, actor != NULL ? actor : "");
	proto_put_str(&k.req, old_serial);
	proto_put_u64(&k.req, (uint64_t)reason);
	proto_put_u64(&k.req, 0);	/* invalidity date: none */
	proto_put_str(&k.req, order_id);
	proto_put_bytes(&k.req, csr, csr_len);
	proto_put_str(&k.req, approver != NULL ? approver : "");
	proto_put_str(&k.req, approver2 != NULL ? approver2 : "");
	if ((rc = call_run(&k, sock, "caclient_reissue", &code, err,
	    errsz)) != 0) {
		if (rc == 1 && code == PROTO_E_APPROVAL)
			rc = 2;
		goto out;
	}
	rc = -1;
	if (proto_get_str(&k.rep, serial, 41) == -1 || !serial_ok(serial) ||
	    proto_get_bytes(&k.rep, &p, &len, CERT_MAX) == -1 || len == 0 ||
	    proto_get_u64(&k.rep, &now) == -1 || now > 1 ||
	    proto_end(&k.rep) == -1) {
		log_err("caclient_reissue: malformed reply from %s", sock);
		serial[0] = '\0';
		goto out;
	}
	if ((*der = malloc(len)) == NULL) {
		log_err("caclient_reissue: out of memory");
		serial[0] = '\0';
		goto out;
	}
	memcpy(*der, p, len);
	*der_len = len;
	if (revoked_now != NULL)
		*revoked_now = (int)now;
	rc = 0;
out:
	call_end(&k);
	return rc;
}

/* ---- METRICS: one call within a deadline -------------------------------- */

static long long
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Reads (out 0) or writes (out 1) exactly n bytes of the non-blocking fd,
 * until the monotonic time deadline (ms).  0, or -1 (errno ETIMEDOUT when
 * the time ran out, EPIPE for an early end of file).
 */
static int
io_until(int fd, void *buf, size_t n, int out, long long deadline)
{
	struct pollfd	 p;
	unsigned char	*b = buf;
	long long	 left;
	ssize_t		 r;

	while (n > 0) {
		r = out ? write(fd, b, n) : read(fd, b, n);
		if (r > 0) {
			b += r;
			n -= (size_t)r;
			continue;
		}
		if (r == 0) {
			errno = EPIPE;
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if ((left = deadline - mono_ms()) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		p.fd = fd;
		p.events = out ? POLLOUT : POLLIN;
		p.revents = 0;
		if (poll(&p, 1, (int)left) == -1 && errno != EINTR)
			return -1;
	}
	return 0;
}

int
caclient_metrics(const char *sock, int wait_ms, struct caclient_metric **out,
    size_t *n)
{
	struct sockaddr_un	 sun;
	struct proto_buf	 req;
	struct proto_msg	 rep;
	struct caclient_metric	*m = NULL;
	uint8_t			 hdr[PROTO_HDR_LEN], op, *store = NULL;
	uint32_t		 len;
	uint64_t		 cnt, v, i;
	long long		 deadline = mono_ms() + wait_ms;
	int			 fd = -1, rc = -1, err = 0;

	*out = NULL;
	*n = 0;
	proto_buf_init(&req, PROTO_METRICS);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (sock == NULL || strlen(sock) >= sizeof(sun.sun_path)) {
		err = ENAMETOOLONG;
		goto out;
	}
	memcpy(sun.sun_path, sock, strlen(sock));
	/* Non-blocking from the start: a full backlog is EAGAIN, not a
	 * wait. */
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1 || connect(fd, (struct sockaddr *)&sun,
	    sizeof(sun)) == -1 || proto_buf_finish(&req) == -1 ||
	    io_until(fd, req.p, req.len, 1, deadline) == -1 ||
	    io_until(fd, hdr, sizeof(hdr), 0, deadline) == -1) {
		err = errno;
		goto out;
	}
	if (proto_hdr_parse(hdr, &op, &len) == -1 || op != PROTO_OK ||
	    (store = malloc(len > 0 ? len : 1)) == NULL) {
		err = EPROTO;
		goto out;
	}
	if (io_until(fd, store, len, 0, deadline) == -1) {
		err = errno;
		goto out;
	}
	proto_msg_init(&rep, op, store, len);
	err = EPROTO;
	/* Each figure takes at least 4 fields' headers: a bound on cnt. */
	if (proto_get_u64(&rep, &cnt) == -1 || cnt > len / 20 ||
	    (cnt > 0 && (m = calloc((size_t)cnt, sizeof(*m))) == NULL))
		goto out;
	for (i = 0; i < cnt; i++) {
		if (proto_get_str(&rep, m[i].name, sizeof(m[i].name)) == -1 ||
		    proto_get_str(&rep, m[i].label, sizeof(m[i].label)) ==
		    -1 || proto_get_str(&rep, m[i].value,
		    sizeof(m[i].value)) == -1 || proto_get_u64(&rep, &v) == -1)
			goto out;
		m[i].v = v;
	}
	if (proto_end(&rep) == -1)
		goto out;
	*out = m;
	*n = (size_t)cnt;
	m = NULL;
	rc = 0;
out:
	if (rc == -1)
		log_err("caclient_metrics: %s: %s", sock != NULL ? sock :
		    "(none)", err == EPROTO ? "malformed reply" :
		    strerror(err));
	free(m);
	free(store);
	proto_buf_free(&req);
	if (fd != -1)
		close(fd);
	errno = err;
	return rc;
}
