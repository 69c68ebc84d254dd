/*
 * stack.c: start/stop of a test instance through tools/stack.sh, and an
 * HTTP client that shells out to curl (an independent HTTP and TLS
 * implementation, so the tests check what a real client sees).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tests/integ/stack.h"

int
stack_pg(const struct stack *s)
{
	return strncmp(s->appdb, "postgres", 8) == 0 ||
	    strstr(s->appdb, "dbname=") != NULL;
}

const char *
stack_sql_agg(const struct stack *s)
{
	return stack_pg(s) ? "string_agg" : "group_concat";
}

int
stack_free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, port = -1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

int
stack_sh(const struct stack *s, const char *fmt, ...)
{
	char	 cmd[8192], full[8192 + 3 * PATH_MAX + 1024 + 256];
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "STACK_DIR='%s' BINDIR='%s' TOP='%s' "
	    "PORT=%d HTTP_PORT=%d NOTICE_PORT=%d APPDB='%s'; export STACK_DIR "
	    "BINDIR TOP PORT HTTP_PORT NOTICE_PORT APPDB; %s", s->dir,
	    s->bindir, s->top, s->port, s->http_port, s->notice_port,
	    s->appdb, cmd);
	rc = system(full);
	if (rc == -1 || !WIFEXITED(rc))
		return -1;
	return WEXITSTATUS(rc);
}

/*
 * Makes s's directory and ports and runs tools/stack.sh init there
 * (STACK_NODE_OF=first when first is not NULL), then start with
 * webd_flags.  0 / -1.
 */
static int
up(struct stack *s, const struct stack *first, const char *webd_flags)
{
	const char	*e;
	char		 path[PATH_MAX + 16], node[PATH_MAX + 32], *txt;
	int		 i;

	memset(s, 0, sizeof(*s));
	e = getenv("TOPDIR");
	snprintf(s->top, sizeof(s->top), "%s", e != NULL ? e : ".");
	e = getenv("BINDIR");
	snprintf(s->bindir, sizeof(s->bindir), "%s", e != NULL ? e :
	    "build/bin");
	snprintf(s->dir, sizeof(s->dir), "/tmp/careissue-test-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		s->dir[0] = '\0';
		return -1;
	}
	/* Three distinct free ports; retry if the kernel repeats one. */
	for (i = 0; i < 10; i++) {
		s->port = stack_free_port();
		s->http_port = stack_free_port();
		s->notice_port = stack_free_port();
		if (s->port > 0 && s->http_port > 0 && s->notice_port > 0 &&
		    s->port != s->http_port && s->port != s->notice_port &&
		    s->http_port != s->notice_port)
			break;
	}
	node[0] = '\0';
	if (first != NULL)
		snprintf(node, sizeof(node), "STACK_NODE_OF='%s' ", first->dir);
	if (stack_sh(s, "%s\"$TOP/tools/stack.sh\" init \"$STACK_DIR\"",
	    node) != 0)
		return -1;
	/* What init chose (STACK_DB=pg: a connection string). */
	snprintf(path, sizeof(path), "%s/appdb", s->dir);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return -1;
	txt[strcspn(txt, "\n")] = '\0';
	snprintf(s->appdb, sizeof(s->appdb), "%s", txt);
	free(txt);
	if (stack_sh(s, "WEBD_FLAGS='%s' \"$TOP/tools/stack.sh\" start "
	    "\"$STACK_DIR\"", webd_flags != NULL ? webd_flags : "") != 0) {
		stack_sh(s, "cat \"$STACK_DIR\"/log/*.log >&2");
		return -1;
	}
	return 0;
}

int
stack_up(struct stack *s, const char *webd_flags)
{
	return up(s, NULL, webd_flags);
}

int
stack_up_node(struct stack *b, const struct stack *a, const char *webd_flags)
{
	return up(b, a, webd_flags);
}

static int	 sanitizer_reports;

int
stack_sanitizer_reports(void)
{
	return sanitizer_reports;
}

void
stack_down(struct stack *s)
{
	if (s->dir[0] == '\0')
		return;
	stack_sh(s, "\"$TOP/tools/stack.sh\" stop \"$STACK_DIR\"");
	/* Sanitizer reports of the programs under test land in their logs. */
	if (stack_sh(s, "! grep -lE 'runtime error:|ERROR: AddressSanitizer|"
	    "ERROR: LeakSanitizer' \"$STACK_DIR\"/log/*.log") != 0) {
		stack_sh(s, "grep -hE -A20 'runtime error:|ERROR: "
		    "AddressSanitizer|ERROR: LeakSanitizer' "
		    "\"$STACK_DIR\"/log/*.log >&2");
		sanitizer_reports++;
	}
	if (getenv("KEEP_TEST_DIRS") == NULL)
		stack_sh(s, "rm -rf \"$STACK_DIR\"");
	s->dir[0] = '\0';
}

char *
stack_slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) !=
	    NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len != NULL)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

int
stack_curl(const struct stack *s, const char *path, const char *args,
    struct http *h)
{
	char	 url[1024], bodyf[PATH_MAX + 32], hdrf[PATH_MAX + 32];
	char	 codef[PATH_MAX + 32], *code;
	int	 rc;

	memset(h, 0, sizeof(*h));
	if (strncmp(path, "http:", 5) == 0)
		snprintf(url, sizeof(url), "http://127.0.0.1:%d%s",
		    s->http_port, path + 5);
	else
		snprintf(url, sizeof(url), "https://127.0.0.1:%d%s", s->port,
		    path);
	snprintf(bodyf, sizeof(bodyf), "%s/curl.%ld.body", s->dir,
	    (long)getpid());
	snprintf(hdrf, sizeof(hdrf), "%s/curl.%ld.hdr", s->dir,
	    (long)getpid());
	snprintf(codef, sizeof(codef), "%s/curl.%ld.code", s->dir,
	    (long)getpid());
	rc = stack_sh(s, "curl -s --max-time 20 --cacert "
	    "\"$STACK_DIR/ca/chain.pem\" -o '%s' -D '%s' -w '%%{http_code}' "
	    "%s '%s' > '%s'", bodyf, hdrf, args != NULL ? args : "", url,
	    codef);
	if (rc != 0)
		return -1;
	if ((code = stack_slurp(codef, NULL)) == NULL)
		return -1;
	h->status = atoi(code);
	free(code);
	h->headers = stack_slurp(hdrf, NULL);
	h->body = stack_slurp(bodyf, &h->body_len);
	if (h->headers == NULL)
		h->headers = strdup("");
	if (h->body == NULL) {
		h->body = strdup("");
		h->body_len = 0;
	}
	unlink(bodyf);
	unlink(hdrf);
	unlink(codef);
	return 0;
}

void
http_free(struct http *h)
{
	free(h->headers);
	free(h->body);
	memset(h, 0, sizeof(*h));
}

int
http_has(const struct http *h, const char *s)
{
	return strstr(h->body, s) != NULL;
}

int
http_location_is(const struct http *h, const char *path)
{
	const char	*p = h->headers;
	size_t		 n = strlen(path);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, "Location: ", 10) == 0 &&
		    strncmp(p + 10, path, n) == 0 &&
		    (p[10 + n] == '\r' || p[10 + n] == '\n'))
			return 1;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return 0;
}

int
http_csrf(const struct http *h, char out[65])
{
	static const char	 f[] = "name=\"csrf\" value=\"";
	const char		*p = strstr(h->body, f);

	if (p == NULL)
		return -1;
	p += sizeof(f) - 1;
	if (strcspn(p, "\"") != 64 || strspn(p, "0123456789abcdef") < 64)
		return -1;
	memcpy(out, p, 64);
	out[64] = '\0';
	return 0;
}

int
http_has_header(const struct http *h, const char *name,
    const char *value_prefix)
{
	const char	*p = h->headers;
	size_t		 nl = strlen(name), vl = strlen(value_prefix);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ')
				v++;
			if (strncasecmp(v, value_prefix, vl) == 0)
				return 1;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return 0;
}

long
stack_pid(const struct stack *s, const char *name)
{
	char	 path[PATH_MAX + 64], *txt;
	long	 pid;

	snprintf(path, sizeof(path), "%s/run/%s.pid", s->dir, name);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return -1;
	pid = atol(txt);
	free(txt);
	return pid > 0 ? pid : -1;
}
