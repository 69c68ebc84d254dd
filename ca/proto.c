/*
 * proto.c: framing, typed field getters and putters, and the blocking
 * client calls of the daemon protocol described in proto.h.
 *
 * Invariants: a getter never reads past m->len and never advances m->off
 * on failure; a putter that fails sets b->err and every later put is a
 * no-op, so callers check once, at proto_buf_finish().
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca/proto.h"
#include "lib/fdio.h"

#define PROTO_CLIENT_TIMEOUT	30	/* seconds, per read or write */

static uint32_t
be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
be32_put(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

int
proto_hdr_parse(const uint8_t *hdr, uint8_t *op, uint32_t *len)
{
	uint32_t	 n;

	if (hdr[0] != PROTO_VERSION || hdr[2] != 0 || hdr[3] != 0)
		return -1;
	n = be32_get(hdr + 4);
	if (n > PROTO_MAX_PAYLOAD)
		return -1;
	*op = hdr[1];
	*len = n;
	return 0;
}

void
proto_msg_init(struct proto_msg *m, uint8_t op, const uint8_t *p, size_t len)
{
	m->op = op;
	m->p = p;
	m->len = len;
	m->off = 0;
}

/* Checks the next field's kind and length; returns its length or -1. */
static long
field_open(const struct proto_msg *m, uint8_t kind, size_t max)
{
	uint32_t	 n;

	if (m->len - m->off < 5 || m->p[m->off] != kind)
		return -1;
	n = be32_get(m->p + m->off + 1);
	if (n > max || n > m->len - m->off - 5)
		return -1;
	return (long)n;
}

int
proto_get_u64(struct proto_msg *m, uint64_t *v)
{
	const uint8_t	*p;
	uint64_t	 x = 0;
	int		 i;

	if (field_open(m, PROTO_U64, 8) != 8)
		return -1;
	p = m->p + m->off + 5;
	for (i = 0; i < 8; i++)
		x = x << 8 | p[i];
	*v = x;
	m->off += 13;
	return 0;
}

int
proto_get_str(struct proto_msg *m, char *buf, size_t bufsz)
{
	long	 n;

	if (bufsz == 0 || (n = field_open(m, PROTO_STR, bufsz - 1)) < 0)
		return -1;
	if (memchr(m->p + m->off + 5, '\0', (size_t)n) != NULL)
		return -1;
	memcpy(buf, m->p + m->off + 5, (size_t)n);
	buf[n] = '\0';
	m->off += 5 + (size_t)n;
	return 0;
}

int
proto_get_bytes(struct proto_msg *m, const uint8_t **p, size_t *len,
    size_t max)
{
	long	 n;

	if ((n = field_open(m, PROTO_BYTES, max)) < 0)
		return -1;
	*p = m->p + m->off + 5;
	*len = (size_t)n;
	m->off += 5 + (size_t)n;
	return 0;
}

int
proto_end(const struct proto_msg *m)
{
	return m->off == m->len ? 0 : -1;
}

void
proto_buf_init(struct proto_buf *b, uint8_t op)
{
	memset(b, 0, sizeof(*b));
	b->cap = 256;
	if ((b->p = malloc(b->cap)) == NULL) {
		b->err = 1;
		b->cap = 0;
		return;
	}
	b->p[0] = PROTO_VERSION;
	b->p[1] = op;
	b->p[2] = b->p[3] = 0;
	be32_put(b->p + 4, 0);
	b->len = PROTO_HDR_LEN;
}

static uint8_t *
buf_reserve(struct proto_buf *b, size_t n)
{
	uint8_t	*np;
	size_t	 cap;

	if (b->err)
		return NULL;
	if (n > PROTO_MAX_PAYLOAD + PROTO_HDR_LEN - b->len) {
		b->err = 1;
		return NULL;
	}
	if (b->len + n > b->cap) {
		cap = b->cap;
		while (cap < b->len + n)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->err = 1;
			return NULL;
		}
		b->p = np;
		b->cap = cap;
	}
	np = b->p + b->len;
	b->len += n;
	return np;
}

static void
put_field(struct proto_buf *b, uint8_t kind, const void *p, size_t len)
{
	uint8_t	*d;

	if (len > PROTO_MAX_PAYLOAD) {
		b->err = 1;
		return;
	}
	if ((d = buf_reserve(b, 5 + len)) == NULL)
		return;
	d[0] = kind;
	be32_put(d + 1, (uint32_t)len);
	if (len > 0)
		memcpy(d + 5, p, len);
}

void
proto_put_u64(struct proto_buf *b, uint64_t v)
{
	uint8_t	 x[8];
	int	 i;

	for (i = 7; i >= 0; i--, v >>= 8)
		x[i] = v & 0xff;
	put_field(b, PROTO_U64, x, 8);
}

void
proto_put_str(struct proto_buf *b, const char *s)
{
	put_field(b, PROTO_STR, s, strlen(s));
}

void
proto_put_bytes(struct proto_buf *b, const void *p, size_t len)
{
	put_field(b, PROTO_BYTES, p, len);
}

int
proto_buf_finish(struct proto_buf *b)
{
	if (b->err || b->p == NULL)
		return -1;
	be32_put(b->p + 4, (uint32_t)(b->len - PROTO_HDR_LEN));
	return 0;
}

void
proto_buf_free(struct proto_buf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void
proto_err_reply(struct proto_buf *b, enum proto_err code, const char *msg)
{
	proto_buf_free(b);
	proto_buf_init(b, PROTO_ERR);
	proto_put_u64(b, code);
	proto_put_str(b, msg);
}

int
proto_connect(const char *path)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { PROTO_CLIENT_TIMEOUT, 0 };
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strncpy(sun.sun_path, path, sizeof(sun.sun_path) - 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
read_all(int fd, uint8_t *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		if ((r = read(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
proto_call(int fd, struct proto_buf *req, struct proto_msg *reply,
    uint8_t **store)
{
	uint8_t		 hdr[PROTO_HDR_LEN], op;
	uint32_t	 len;

	*store = NULL;
	if (proto_buf_finish(req) == -1 ||
	    fdio_write(fd, req->p, req->len) == -1 ||
	    read_all(fd, hdr, sizeof(hdr)) == -1 ||
	    proto_hdr_parse(hdr, &op, &len) == -1)
		return -1;
	if (op != PROTO_OK && op != PROTO_ERR)
		return -1;
	if ((*store = malloc(len > 0 ? len : 1)) == NULL)
		return -1;
	if (read_all(fd, *store, len) == -1) {
		free(*store);
		*store = NULL;
		return -1;
	}
	proto_msg_init(reply, op, *store, len);
	return 0;
}

const char *
proto_err_name(uint64_t code)
{
	static const char *const names[] = {
		"unknown error",	/* 0 */
		"bad request",		/* PROTO_E_BADREQ */
		"not found",		/* PROTO_E_NOTFOUND */
		"conflict",		/* PROTO_E_CONFLICT */
		"refused",		/* PROTO_E_REFUSED */
		"internal error",	/* PROTO_E_INTERNAL */
		"approval needed",	/* PROTO_E_APPROVAL */
		"standby",		/* PROTO_E_STANDBY */
	};

	return code < sizeof(names) / sizeof(names[0]) ? names[code] :
	    names[0];
}
