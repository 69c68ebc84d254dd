/*
 * unixsock.h: the one way ca-reissue's daemons listen on a unix socket
 * (cad's three, casign's, webd's FastCGI one).
 */
#ifndef LIB_UNIXSOCK_H
#define LIB_UNIXSOCK_H

struct privdrop_id;

/*
 * Binds a fresh unix socket at path, mode 0600, given to owner when run
 * as root (owner NULL: kept), listening with backlog, close-on-exec and
 * non-blocking if nonblock.  A socket left at path by a daemon that is
 * gone is replaced; path that is not a socket, or a live listener there,
 * is refused.  Returns the descriptor, or -1 (logged).
 */
int	unixsock_listen(const char *path, int backlog,
	    const struct privdrop_id *owner, int nonblock);

#endif
