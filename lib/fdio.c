/*
 * fdio.c: writing all of a buffer to a file descriptor (fdio.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

#include "lib/fdio.h"

/* Bytes one write is asked for at most (Linux writes at most ~2 GiB). */
#define FDIO_CHUNK	((size_t)1 << 30)
/* How long a non-blocking descriptor may stay full, in milliseconds. */
#define FDIO_WAIT_MS	10000

int
fdio_writev(int fd, struct iovec *iov, int n)
{
	struct pollfd	 p;
	ssize_t		 w;

	while (n > 0) {
		if (iov->iov_len == 0) {
			iov++;
			n--;
			continue;
		}
		if ((w = writev(fd, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -1;
			p.fd = fd;
			p.events = POLLOUT;
			if (poll(&p, 1, FDIO_WAIT_MS) != 1) {
				errno = ETIMEDOUT;
				return -1;
			}
			continue;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int
fdio_write(int fd, const void *p, size_t n)
{
	struct iovec	 v;

	while (n > 0) {
		v.iov_base = (void *)p;
		v.iov_len = n > FDIO_CHUNK ? FDIO_CHUNK : n;
		if (fdio_writev(fd, &v, 1) == -1)
			return -1;
		p = (const char *)p + (n > FDIO_CHUNK ? FDIO_CHUNK : n);
		n -= n > FDIO_CHUNK ? FDIO_CHUNK : n;
	}
	return 0;
}

int
fdio_read(int fd, void *buf, size_t n, int wait_ms)
{
	struct pollfd	 p;
	uint8_t		*q = buf;
	ssize_t		 r;

	while (n > 0) {
		if (wait_ms >= 0) {
			p.fd = fd;
			p.events = POLLIN;
			if ((r = poll(&p, 1, wait_ms)) == -1 && errno == EINTR)
				continue;
			if (r != 1) {
				if (r == 0)
					errno = ETIMEDOUT;
				return -1;
			}
		}
		if ((r = read(fd, q, n)) == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EPIPE;
			return -1;
		}
		q += r;
		n -= (size_t)r;
	}
	return 0;
}
