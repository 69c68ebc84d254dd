/*
 * webctl.c: the administrators' command line for the web application's
 * database.
 *
 *   webctl [-d DB] COMMAND [ARGS...]
 *
 * DB is -d, else var/app.db.  Commands live in one table; each has
 * --help.  Only migrate and demo create a missing database.  Output is on
 * stdout; errors are one line on stderr (from the log) and a non-zero
 * exit status: 1 for a failure, 2 for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/appdb.h"
#include "fcgi/pwhash.h"
#include "lib/log.h"

#define DEFAULT_DB		"var/app.db"
#define DEFAULT_NOTICE_PORT	18090
#define DEMO_PASSWORD		"Demo@2026"

static int	cmd_migrate(const char *, int, char **);
static int	cmd_demo(const char *, int, char **);
static int	cmd_status(const char *, int, char **);
static int	cmd_audit_verify(const char *, int, char **);

static const struct cmd {
	const char	*name;
	int		(*fn)(const char *, int, char **);
	const char	*usage;
	const char	*help;
} cmds[] = {
	{ "migrate", cmd_migrate, "migrate",
	    "create or upgrade the database; print its schema version" },
	{ "demo", cmd_demo, "demo [--notice-port N]",
	    "load the fictional demo data (idempotent); print the logins" },
	{ "status", cmd_status, "status", "print the row counts" },
	{ "audit-verify", cmd_audit_verify, "audit-verify",
	    "check the hash chain of the audit log" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: webctl [-d DB] COMMAND [ARGS...]\n"
	    "DB defaults to " DEFAULT_DB "; commands (webctl COMMAND --help "
	    "for details):\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-14s %s\n", cmds[i].name, cmds[i].help);
}

static int
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

/*
 * Handles the arguments of a command that takes none: returns 0 after
 * printing its help, 2 for anything else, -1 if there was nothing.
 */
static int
no_args(const struct cmd *c, int argc, char **argv)
{
	if (argc == 1)
		return -1;
	if (argc == 2 && is_help(argv[1])) {
		printf("usage: webctl [-d DB] %s\n%s\n", c->usage, c->help);
		return 0;
	}
	fprintf(stderr, "usage: webctl [-d DB] %s\n", c->usage);
	return 2;
}

/* Opens an existing database (status and audit-verify never create). */
static struct appdb *
open_existing(const char *path)
{
	if (access(path, F_OK) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	return appdb_open(path);
}

static int
cmd_migrate(const char *path, int argc, char **argv)
{
	struct appdb	*db;
	int		 rc;

	if ((rc = no_args(&cmds[0], argc, argv)) != -1)
		return rc;
	if ((db = appdb_open(path)) == NULL)
		return 1;
	printf("%s: schema version %d\n", path, appdb_version(db));
	appdb_close(db);
	return 0;
}

/* Parses a TCP port 1-65535.  0 / -1. */
static int
parse_port(const char *s, int *port)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int
cmd_demo(const char *path, int argc, char **argv)
{
	const struct appdb_demo_login	*l;
	struct appdb			*db = NULL;
	char				*pw = NULL;
	const char			*arg;
	size_t				 i, n;
	int				 port = DEFAULT_NOTICE_PORT, changed;
	int				 a, rc = 1;

	for (a = 1; a < argc; a++) {
		arg = NULL;
		if (is_help(argv[a])) {
			printf("usage: webctl [-d DB] %s\n%s.\n"
			    "Linked platforms get notice URLs "
			    "http://127.0.0.1:N/notice/1..5 (default N = %d)."
			    "\nEvery demo account's password is %s.\n",
			    cmds[1].usage, cmds[1].help, DEFAULT_NOTICE_PORT,
			    DEMO_PASSWORD);
			return 0;
		}
		if (strncmp(argv[a], "--notice-port=", 14) == 0)
			arg = argv[a] + 14;
		else if (strcmp(argv[a], "--notice-port") == 0 &&
		    a + 1 < argc)
			arg = argv[++a];
		if (arg == NULL || parse_port(arg, &port) == -1) {
			fprintf(stderr, "usage: webctl [-d DB] %s\n",
			    cmds[1].usage);
			return 2;
		}
	}
	if ((pw = pwhash_make(DEMO_PASSWORD)) == NULL ||
	    (db = appdb_open(path)) == NULL)
		goto out;
	if (appdb_demo_load(db, port, pw, "webctl", &changed) == -1) {
		log_err("%s: demo data not loaded; nothing was changed", path);
		goto out;
	}
	if (changed > 0)
		printf("demo data loaded into %s: %d rows added\n", path,
		    changed);
	else
		printf("demo data already in %s: nothing changed\n", path);
	printf("demo logins (password %s for every account; accounts that "
	    "existed before keep their password):\n", DEMO_PASSWORD);
	l = appdb_demo_logins(&n);
	for (i = 0; i < n; i++)
		printf("  %s  %s  %s\n", l[i].mobile, l[i].name,
		    l[i].identities);
	rc = 0;
out:
	appdb_close(db);
	free(pw);
	return rc;
}

static int
cmd_status(const char *path, int argc, char **argv)
{
	struct appdb		*db;
	struct appdb_counts	 c;
	int			 rc;

	if ((rc = no_args(&cmds[2], argc, argv)) != -1)
		return rc;
	if ((db = open_existing(path)) == NULL)
		return 1;
	rc = 1;
	if (appdb_counts(db, &c) == 0) {
		printf("%s: schema version %d: %lld people, %lld companies, "
		    "%lld identities, %lld platforms, %lld offices, "
		    "%lld certificates, %lld products, %lld audit records\n",
		    path, c.version, c.person, c.company, c.membership,
		    c.platform, c.office, c.cert, c.product, c.audit);
		rc = 0;
	}
	appdb_close(db);
	return rc;
}

static int
cmd_audit_verify(const char *path, int argc, char **argv)
{
	struct appdb		*db;
	struct appdb_counts	 c;
	long long		 bad;
	int			 rc;

	if ((rc = no_args(&cmds[3], argc, argv)) != -1)
		return rc;
	if ((db = open_existing(path)) == NULL)
		return 1;
	rc = 1;
	if (appdb_audit_verify(db, &bad) == 0 && appdb_counts(db, &c) == 0) {
		printf("%s: audit log intact: %lld records\n", path, c.audit);
		rc = 0;
	} else if (bad != 0)
		log_err("%s: audit log broken at record %lld", path, bad);
	appdb_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	const char	*path = DEFAULT_DB;
	size_t		 i;
	int		 ch;

	log_init("webctl");
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	while ((ch = getopt(argc, argv, "+d:h")) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[0], cmds[i].name) == 0)
			return cmds[i].fn(path, argc, argv);
	fprintf(stderr, "webctl: unknown command %s\n", argv[0]);
	usage(stderr);
	return 2;
}
