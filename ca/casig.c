/*
 * casig.c: see casig.h.  The remote signer keeps one blocking connection
 * per thread (signer threads, the store thread): requests on it are
 * strictly one at a time, so a reply is always the answer to the request
 * just sent.  A connection that fails in any way is closed and made
 * again at the next request; the key process gives every connection a
 * fresh child, so a new connection is also a freshly loaded key.
 *
 * Invariant: with a linter set, no certificate or CRL is signed here, by
 * a local key or by the key process, before calint passed it.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "ca/calint.h"
#include "ca/casig.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define REPLY_WAIT_MS	30000	/* a 10M-entry CRL signs in about 1 s */

static _Thread_local int	 conn = -1;
/* Why this thread's last casig_sign() was refused, or "". */
static _Thread_local char	 refusal[CALINT_WHY_MAX];

const char *
casig_refusal(void)
{
	return refusal[0] != '\0' ? refusal : NULL;
}

void
casig_refusal_clear(void)
{
	refusal[0] = '\0';
}

int
casig_local(struct casig *s, EVP_PKEY *key)
{
	EVP_MD_CTX	*md;
	EVP_PKEY_CTX	*pctx = NULL;
	int		 rc = -1;

	memset(s, 0, sizeof(*s));
	s->key = key;
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    sm2_sign_init(md, &pctx, key) == -1 ||
	    (s->aid_len = sm2_sig_aid(pctx, key, s->aid,
	    sizeof(s->aid))) == 0 || EVP_PKEY_get_size(key) <= 0) {
		log_ssl("casig_local", "cannot start signing with the key");
		goto out;
	}
	s->sig_max = (size_t)EVP_PKEY_get_size(key);
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	return rc;
}

void
casig_thread_done(void)
{
	if (conn != -1)
		close(conn);
	conn = -1;
}

/* Reads exactly n octets within the deadline.  0 / -1. */
static int
connect_to(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Reads at least min and at most max octets into buf, waiting up to
 * wait_ms for each read.  The count, or -1.  One poll and one read
 * usually bring a whole reply (header and signature): the key process
 * writes it at once, and nothing follows it on the connection.
 */
static ssize_t
read_some(int fd, uint8_t *buf, size_t min, size_t max, int wait_ms)
{
	struct pollfd	 p;
	size_t		 have = 0;
	ssize_t		 r;

	while (have < min) {
		p.fd = fd;
		p.events = POLLIN;
		if ((r = poll(&p, 1, wait_ms)) == -1 && errno == EINTR)
			continue;
		if (r != 1)
			return -1;
		if ((r = read(fd, buf + have, max - have)) == -1 &&
		    errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
	}
	return (ssize_t)have;
}

/*
 * One exchange: sends kind and the payload, reads the reply into out
 * (cap octets).  Returns the status with *outlen set, or -1 when the
 * key process could not be asked (the connection is then closed).
 */
static int
exchange(const char *path, enum casig_kind kind, const uint8_t *p,
    size_t n, uint8_t *out, size_t cap, size_t *outlen, int wait_ms)
{
	uint8_t		 hdr[CASIG_HDR_LEN], junk[256];
	uint8_t		 rbuf[CASIG_HDR_LEN + CASIG_SIG_MAX];
	struct iovec	 iov[2];
	size_t		 len, keep, got, body;
	ssize_t		 r;

	if (n > CASIG_MAX_PAYLOAD)
		return -1;
	if (conn == -1 && (conn = connect_to(path)) == -1)
		return -1;
	casig_hdr_put(hdr, n, kind);
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)(uintptr_t)p;
	iov[1].iov_len = n;
	if (fdio_writev(conn, iov, n > 0 ? 2 : 1) == -1 ||
	    (r = read_some(conn, rbuf, sizeof(hdr), sizeof(rbuf),
	    wait_ms)) == -1)
		goto lost;
	memcpy(hdr, rbuf, sizeof(hdr));
	len = casig_hdr_len(hdr);
	if (len > CASIG_MAX_PAYLOAD || hdr[4] > CASIG_FAILED)
		goto lost;
	/* A signature longer than the room: the key process is broken. */
	if (hdr[4] == CASIG_OK && len > cap)
		goto lost;
	/* The reply's body: what came with the header, then the rest. */
	body = (size_t)r - sizeof(hdr);
	if (body > len)			/* more than one reply: broken */
		goto lost;
	keep = len < cap ? len : cap;
	got = body < keep ? body : keep;
	memcpy(out, rbuf + sizeof(hdr), got);
	if (got < keep && fdio_read(conn, out + got, keep - got,
	    wait_ms) == -1)
		goto lost;
	*outlen = keep;
	/* A reply longer than the room (an error text): drain, cut. */
	for (len -= body > keep ? body : keep; len > 0; len -= keep) {
		keep = len < sizeof(junk) ? len : sizeof(junk);
		if (fdio_read(conn, junk, keep, wait_ms) == -1)
			goto lost;
	}
	return hdr[4];
lost:
	casig_thread_done();
	return -1;
}

int
casig_remote(struct casig *s, const char *sock, int wait_ms)
{
	uint8_t		 buf[CASIG_AID_MAX + 8];
	size_t		 len = 0;
	int		 st = -1, waited = 0;

	memset(s, 0, sizeof(*s));
	if (strlen(sock) >= sizeof(s->sock)) {
		log_err("%s: socket path too long", sock);
		return CASIG_E_UNAVAILABLE;
	}
	memcpy(s->sock, sock, strlen(sock) + 1);
	/*
	 * The key process may still be binding its socket; once it
	 * accepts, one answer tells: a key process that cannot load its
	 * key closes the connection (the reason is in its log).
	 */
	while (conn == -1 && (conn = connect_to(sock)) == -1 &&
	    waited < wait_ms) {
		struct timespec	 ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		waited += 50;
	}
	st = exchange(sock, CASIG_HELLO, NULL, 0, buf, sizeof(buf), &len,
	    wait_ms);
	if (st != CASIG_OK || len < 4 || buf[0] < 2 ||
	    buf[0] > CASIG_AID_MAX || len != (size_t)buf[0] + 3) {
		log_err("the key process (%s) did not load the CA key: see "
		    "its lines (casign) in this log", sock);
		return CASIG_E_UNAVAILABLE;
	}
	s->aid_len = buf[0];
	memcpy(s->aid, buf + 1, s->aid_len);
	s->sig_max = (size_t)buf[1 + s->aid_len] << 8 | buf[2 + s->aid_len];
	if (s->sig_max == 0 || s->sig_max > CASIG_SIG_MAX) {
		log_err("the key process answered a bad signature size");
		return CASIG_E_UNAVAILABLE;
	}
	return 0;
}

int
casig_hello(const struct casig *s, int wait_ms)
{
	uint8_t		 buf[CASIG_AID_MAX + 8];
	size_t		 len = 0;

	if (s->key != NULL)
		return 0;
	if (exchange(s->sock, CASIG_HELLO, NULL, 0, buf, sizeof(buf), &len,
	    wait_ms) != CASIG_OK || len < 1 || buf[0] != s->aid_len ||
	    len != (size_t)buf[0] + 3 || memcmp(buf + 1, s->aid,
	    s->aid_len) != 0)
		return -1;
	return 0;
}

/*
 * Lints the blob tbs[0..n) of kind with s's linter, if it has one.  0 if
 * it passes (or nothing lints it), -1 with why set if it breaks the
 * profile.
 */
static int
lint(const struct casig *s, enum casig_kind kind, const uint8_t *tbs,
    size_t n, char *why, size_t whysz)
{
	if (s->lint == NULL)
		return 0;
	switch (kind) {
	case CASIG_CERT:
		return calint_cert(s->lint, tbs, n, why, whysz);
	case CASIG_CRL:
		return calint_crl(s->lint, tbs, n, why, whysz);
	default:
		return 0;
	}
}

int
casig_sign(const struct casig *s, enum casig_kind kind, const uint8_t *tbs,
    size_t n, uint8_t *sig, size_t *siglen)
{
	EVP_MD_CTX	*md;
	char		 why[200], lwhy[CALINT_WHY_MAX];
	size_t		 len = 0, i;
	int		 st;

	refusal[0] = '\0';
	if (lint(s, kind, tbs, n, lwhy, sizeof(lwhy)) == -1) {
		log_err("casig_sign: lint refused a %s: %s",
		    kind == CASIG_CERT ? "certificate" : "CRL", lwhy);
		snprintf(refusal, sizeof(refusal), "%s", lwhy);
		if (s->refused != NULL)
			s->refused(s->refused_arg, kind, lwhy);
		return CASIG_E_REFUSED;
	}
	if (s->key != NULL) {
		*siglen = s->sig_max;
		if ((md = EVP_MD_CTX_new()) == NULL ||
		    sm2_sign_init(md, NULL, s->key) == -1 ||
		    EVP_DigestSign(md, sig, siglen, tbs, n) != 1) {
			log_ssl("casig_sign", "signing failed");
			EVP_MD_CTX_free(md);
			return CASIG_E_REFUSED;
		}
		EVP_MD_CTX_free(md);
		return 0;
	}
	st = exchange(s->sock, kind, tbs, n, sig, s->sig_max, &len,
	    REPLY_WAIT_MS);
	if (st == -1) {
		/*
		 * The connection was lost (its key process died, or was
		 * killed by its filter, or did not answer in time): once
		 * more on a fresh one, whose key process loads the key
		 * before it reads the request.  A signature the lost one
		 * may have made never reaches us: nothing is stored twice.
		 */
		st = exchange(s->sock, kind, tbs, n, sig, s->sig_max, &len,
		    REPLY_WAIT_MS);
	}
	if (st == -1) {
		log_err("casig_sign: the key process did not answer (it is "
		    "restarting, or gone: see its lines in this log)");
		return CASIG_E_UNAVAILABLE;
	}
	if (st != CASIG_OK) {
		if (len > sizeof(why) - 1)
			len = sizeof(why) - 1;
		for (i = 0; i < len; i++)	/* words, never raw octets */
			why[i] = sig[i] >= 0x20 && sig[i] < 0x7f ?
			    (char)sig[i] : '?';
		why[len] = '\0';
		log_err("casig_sign: the key process %s: %s",
		    st == CASIG_REFUSED ? "refused to sign" : "failed", why);
		if (st != CASIG_REFUSED)
			return CASIG_E_UNAVAILABLE;
		snprintf(refusal, sizeof(refusal), "%s", why);
		if (s->refused != NULL)
			s->refused(s->refused_arg, kind, why);
		return CASIG_E_REFUSED;
	}
	if (len == 0 || len > s->sig_max) {
		casig_thread_done();
		return CASIG_E_UNAVAILABLE;
	}
	*siglen = len;
	return 0;
}
