/*
 * stack.h: the integration tests' handle on one running ca-reissue
 * instance (cad + webd + nginx) in a temporary directory on free ports,
 * started and stopped through tools/stack.sh like `make run` does, and a
 * small curl-based HTTP client to drive it.
 *
 * With STACK_DB=pg in the environment, the stack's app database is in a
 * PostgreSQL server of its own (tools/stack.sh, tests/pg/pgtmp.sh), and
 * the same test runs against it: a test names the database only as
 * $APPDB in its shell commands (webctl -d "$APPDB"), as s->appdb in C
 * (appdb_open), and reads it with STACK_SQL, which runs sqlite3 or psql;
 * its SQL must read the same on both (no booleans in the output).
 */
#ifndef TESTS_STACK_H
#define TESTS_STACK_H

#include <limits.h>
#include <stddef.h>

struct stack {
	char	 dir[PATH_MAX];		/* temporary runtime directory */
	char	 top[PATH_MAX];		/* source tree ($TOPDIR) */
	char	 bindir[PATH_MAX];	/* programs under test ($BINDIR) */
	int	 port;			/* HTTPS */
	int	 http_port;		/* plain HTTP */
	int	 notice_port;		/* the demo platforms' receiver */
	char	 appdb[1024];		/* the app database (webd -d): a path
					   or a connection string */
};

/* A shell command's prefix that runs one SQL text (the next word) on the
 * stack's app database, rows as a|b|c lines: sqlite3 or psql. */
#define STACK_SQL	"\"$TOP/tools/stack.sh\" sql \"$STACK_DIR\""


struct http {
	int	 status;
	char	*headers;		/* raw header block, NUL-terminated */
	char	*body;			/* NUL-terminated (binary-safe len) */
	size_t	 body_len;
};

/* 1 if s's app database is in PostgreSQL (STACK_DB=pg), else 0. */
int	 stack_pg(const struct stack *s);
/* The aggregate that joins texts with a separator: group_concat in
 * SQLite (3.40 has no string_agg), string_agg in PostgreSQL. */
const char *stack_sql_agg(const struct stack *s);

/* Returns a TCP port on 127.0.0.1 that was free a moment ago, or -1. */
int	 stack_free_port(void);
/*
 * Creates a temporary directory, initialises and starts the stack there
 * with webd_flags passed to webd.  Returns 0, or -1 (stack left stopped).
 */
int	 stack_up(struct stack *s, const char *webd_flags);
/*
 * Starts b as a further web node of the running stack a (README "Several
 * web nodes"; tools/stack.sh STACK_NODE_OF): its own temporary directory
 * and ports, its own nginx and webd (with webd_flags), on a's app
 * database, upload directory, sandbox gateway, application secret and
 * signing daemons.  Stop b before a (a's stack_down stops the database).
 * Returns 0, or -1 (b left stopped).
 */
int	 stack_up_node(struct stack *b, const struct stack *a,
	    const char *webd_flags);
/*
 * Stops everything and removes the directory.  Safe to call twice.  Any
 * sanitizer report found in the programs' logs is printed and counted.
 */
void	 stack_down(struct stack *s);
/* How many stacks had sanitizer reports in their logs (main() fails). */
int	 stack_sanitizer_reports(void);
/*
 * Runs curl against https://127.0.0.1:PORT{path} (or plain HTTP when path
 * starts with "http:"), with extra curl arguments args (shell words, may
 * be NULL).  Returns 0 and fills *h (free with http_free), or -1.
 */
int	 stack_curl(const struct stack *s, const char *path, const char *args,
	    struct http *h);
void	 http_free(struct http *h);
/* Returns 1 if the body contains s. */
int	 http_has(const struct http *h, const char *s);
/* Returns 1 if the response redirects to exactly path. */
int	 http_location_is(const struct http *h, const char *path);
/* Copies the page's hidden CSRF token (64 hex digits) into out; 0 / -1. */
int	 http_csrf(const struct http *h, char out[65]);
/* Returns 1 if the header block has "name: value-prefix" (any case). */
int	 http_has_header(const struct http *h, const char *name,
	    const char *value_prefix);
/* Runs a shell command with STACK_DIR, BINDIR, TOP, APPDB exported; its
 * exit code. */
int	 stack_sh(const struct stack *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Reads a whole file into a NUL-terminated malloc'd string, or NULL. */
char	*stack_slurp(const char *path, size_t *len);
/* Reads the pid in DIR/run/NAME.pid, or -1. */
long	 stack_pid(const struct stack *s, const char *name);

#endif
