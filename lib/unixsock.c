/*
 * unixsock.c: see unixsock.h.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/unixsock.h"

int
unixsock_listen(const char *path, int backlog,
    const struct privdrop_id *owner, int nonblock)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old;
	int			 fd, probe;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err("%s: socket path too long", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("%s exists and is not a socket", path);
			return -1;
		}
		if ((probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) != -1 && connect(probe, (struct sockaddr *)&sun,
		    sizeof(sun)) == 0) {
			close(probe);
			log_err("%s: another daemon is already serving", path);
			return -1;
		}
		if (probe != -1)
			close(probe);
		(void)unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_err("socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, 0600) == -1 ||
	    (owner != NULL && privdrop_is_root() &&
	    chown(path, owner->uid, owner->gid) == -1) ||
	    listen(fd, backlog) == -1 ||
	    (nonblock && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) |
	    O_NONBLOCK) == -1)) {
		log_err("bind/listen %s: %s", path, strerror(errno));
		umask(old);
		close(fd);
		(void)unlink(path);
		return -1;
	}
	umask(old);
	return fd;
}
