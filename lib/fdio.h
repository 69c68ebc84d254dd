/*
 * fdio.h: writing all of a buffer to a file descriptor, through short
 * writes and EINTR (and EAGAIN, waiting for the descriptor, should it be
 * non-blocking), and reading exactly so many bytes.  The one place the daemon, its protocol, the CRL
 * publisher, the upload store and the web workers do it.
 */
#ifndef LIB_FDIO_H
#define LIB_FDIO_H

#include <sys/uio.h>

#include <stddef.h>

/* Writes the n bytes at p to fd.  0 / -1 (errno set). */
int	fdio_write(int fd, const void *p, size_t n);
/*
 * Writes iov[0..n) to fd in as few writev calls as the kernel allows;
 * iov is advanced in place.  0 / -1 (errno set).
 */
int	fdio_writev(int fd, struct iovec *iov, int n);

/*
 * Reads exactly n bytes from fd into buf, waiting at most wait_ms for
 * each part (wait_ms < 0: as long as it takes).  0, or -1 (errno set:
 * EPIPE for an end of file before n bytes, ETIMEDOUT).
 */
int	fdio_read(int fd, void *buf, size_t n, int wait_ms);

#endif
