/*
 * cactlcommon.c: what cactl's command files share (cactlcommon.h): the one
 * connection to the daemon and the readers of its replies, and the
 * helpers for arguments, files, times and the audit log's actor.  Below
 * every command file (cactl.c's table and daemon commands, cainit.c,
 * cactlca.c, cactlplatform.c, cactlbackup.c); it calls none of them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ca/cactlcommon.h"
#include "ca/proto.h"

/* The daemon's socket: set by cactl's main (-s, $CA_SOCKET, default). */
const char	*sockpath;

/*
 * Sends req to the daemon and reads the reply.  Returns 0 with *reply set
 * (payload in *store) for an OK reply; prints the error and returns 1
 * otherwise.
 */
static int
call(struct proto_buf *req, struct proto_msg *reply, uint8_t **store)
{
	uint64_t	 code;
	char		 msg[512];
	int		 fd;

	*store = NULL;
	if ((fd = proto_connect(sockpath)) == -1) {
		fprintf(stderr, "cactl: cannot reach the daemon at %s: is cad "
		    "running? (%s)\n", sockpath, strerror(errno));
		return 1;
	}
	if (proto_call(fd, req, reply, store) == -1) {
		fprintf(stderr, "cactl: the daemon closed the connection or "
		    "sent a malformed reply\n");
		close(fd);
		return 1;
	}
	close(fd);
	if (reply->op == PROTO_ERR) {
		if (proto_get_u64(reply, &code) == -1 ||
		    proto_get_str(reply, msg, sizeof(msg)) == -1)
			snprintf(msg, sizeof(msg), "malformed error reply");
		fprintf(stderr, "cactl: %s: %s\n", proto_err_name(code), msg);
		return 1;
	}
	return 0;
}

int
cactl_malformed(void)
{
	fprintf(stderr, "cactl: the daemon sent a malformed reply\n");
	return 1;
}

int
cactl_ask(struct proto_buf *req, int (*fn)(struct proto_msg *, void *),
    void *arg)
{
	struct proto_msg rep;
	uint8_t		*store = NULL;
	int		 rc;

	if ((rc = call(req, &rep, &store)) == 0) {
		if (fn != NULL)
			rc = fn(&rep, arg);
		else if (proto_end(&rep) == -1)
			rc = cactl_malformed();
	}
	proto_buf_free(req);
	free(store);
	return rc;
}

/* A reply of one U64 into *arg. */
static int
read_u64(struct proto_msg *rep, void *arg)
{
	if (proto_get_u64(rep, arg) == -1 || proto_end(rep) == -1)
		return cactl_malformed();
	return 0;
}

int
cactl_ask_u64(struct proto_buf *req, uint64_t *v)
{
	return cactl_ask(req, read_u64, v);
}

struct rows {
	int		(*row)(struct proto_msg *, void *);
	void		*arg;
	uint64_t	*n;
};

/* A reply of a U64 count and that many rows, each read by r->row. */
static int
read_rows(struct proto_msg *rep, void *arg)
{
	struct rows	*r = arg;
	uint64_t	 n, i;

	if (proto_get_u64(rep, &n) == -1)
		return cactl_malformed();
	for (i = 0; i < n; i++)
		if (r->row(rep, r->arg) == -1)
			return cactl_malformed();
	if (proto_end(rep) == -1)
		return cactl_malformed();
	if (r->n != NULL)
		*r->n = n;
	return 0;
}

int
cactl_ask_rows(struct proto_buf *req, int (*row)(struct proto_msg *, void *),
    void *arg, uint64_t *n)
{
	struct rows	 r;

	r.row = row;
	r.arg = arg;
	r.n = n;
	return cactl_ask(req, read_rows, &r);
}

/* Formats a unix time as "YYYY-MM-DD HH:MM:SS UTC" (static buffer). */
const char *
cactl_when(uint64_t t)
{
	static char	 buf[4][32];
	static int	 k;
	time_t		 tt = (time_t)t;
	struct tm	*tm;

	k = (k + 1) % 4;
	if ((tm = gmtime(&tt)) == NULL ||
	    strftime(buf[k], sizeof(buf[k]), "%Y-%m-%d %H:%M:%S UTC", tm) ==
	    0)
		snprintf(buf[k], sizeof(buf[k]), "%llu",
		    (unsigned long long)t);
	return buf[k];
}


/* Reads a whole (small) file; returns malloc'd bytes or NULL. */
uint8_t *
cactl_read_file(const char *path, size_t *len)
{
	FILE	*f;
	uint8_t	*buf;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cactl: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(64 * 1024)) == NULL) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, 64 * 1024, f);
	if (!feof(f)) {
		fprintf(stderr, "cactl: %s: larger than 64 KB, not a CSR\n",
		    path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Who asked, for the audit log: "cactl:USER". */
const char *
cactl_actor(void)
{
	static char	 buf[64];
	const char	*u = getenv("USER");

	if (u == NULL || *u == '\0')
		u = "uid";
	snprintf(buf, sizeof(buf), "cactl:%.50s", u);
	return buf;
}

int
cactl_want_help(int argc, char **argv, const char *text)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fprintf(stderr, "%s", text);
			return 1;
		}
	return 0;
}

int
cactl_bad_usage(const char *text, const char *what)
{
	if (what != NULL)
		fprintf(stderr, "cactl: %s\n", what);
	fprintf(stderr, "%s", text);
	return 2;
}

/*
 * Checks a SERIAL argument before it goes on the wire: 1 to 40 hex digits
 * (20 bytes, the most RFC 5280 allows and the daemon's field bound; a
 * longer string would break the protocol and lose the connection).
 * Returns 1 if it is one; else prints one line and returns 0.
 */
int
cactl_serial_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n > 0 && n <= 40 && strspn(s, "0123456789abcdefABCDEF") == n)
		return 1;
	fprintf(stderr, "cactl: a serial is 1 to 40 hex digits\n");
	return 0;
}
