/*
 * caclient.c: blocking request/reply calls to the signing daemon.
 *
 * Each call connects, sends one request, reads one reply and closes; the
 * socket timeouts in proto_connect() bound how long a worker can wait.
 * Replies are read with the same typed getters the daemon uses, and a
 * reply with unexpected or trailing fields counts as a failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca/proto.h"
#include "fcgi/caclient.h"
#include "lib/log.h"

int
caclient_ping(const char *sock)
{
	struct proto_buf	 req;
	struct proto_msg	 rep;
	uint8_t			*store = NULL;
	char			 s[16];
	int			 fd, rc = -1;

	proto_buf_init(&req, PROTO_PING);
	if ((fd = proto_connect(sock)) == -1) {
		log_err("caclient_ping: %s: %s", sock, strerror(errno));
		goto out;
	}
	if (proto_call(fd, &req, &rep, &store) == -1 ||
	    rep.op != PROTO_OK || proto_get_str(&rep, s, sizeof(s)) == -1 ||
	    proto_end(&rep) == -1 || strcmp(s, "pong") != 0) {
		log_err("caclient_ping: bad reply from %s", sock);
		goto out;
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	proto_buf_free(&req);
	free(store);
	return rc;
}
