/*
 * webctlbackup.c: webctl backup and restore (README, "Backup and
 * restore").
 *
 *   webctl [-d DB] backup DIR
 *   webctl restore BACKUP FILE
 *
 * backup copies the app database while the workers run, with SQLite's
 * online backup API from a read-only connection (appdb.h), into the new
 * directory DIR with a MANIFEST of SHA-256 sums (lib/backup.h): DIR is
 * complete or absent.  restore checks the manifest, the copy's schema
 * version (a newer one is refused), integrity and audit chain, records
 * the restore in the audit log, and only then renames it to FILE, which
 * must not exist (a database a running instance holds open is refused).
 * The application secret (secrets/app.key) is not in the backup: it is
 * kept apart, like the CA key's passphrase.
 *
 * An app database in PostgreSQL is refused (exit 2): pg_dump and
 * pg_basebackup back it up.
 *
 * Exit status: 0 done, 1 failure, 2 bad input (usage, a directory that
 * exists or cannot be written or lacks space, a damaged or mismatched
 * backup, a running instance).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/appdb.h"
#include "fcgi/webctlbackup.h"
#include "lib/backup.h"
#include "lib/log.h"


static int
want_help(int argc, char **argv, const char *help)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(help, stdout);
			return 1;
		}
	return 0;
}

static int
bad_usage(const char *help)
{
	fputs(help, stderr);
	return 2;
}

static int
fail(int rc, const char *err)
{
	fprintf(stderr, "webctl: %s\n", err);
	return rc;
}

int
webctl_backup(const char *path, int argc, char **argv)
{
	static const char help[] = "usage: webctl [-d DB] backup DIR\n"
	    "Takes a consistent copy of the app database DB while the\n"
	    "workers run (SQLite's online backup API) into the new\n"
	    "directory DIR, with a MANIFEST of SHA-256 sums.  DIR must not\n"
	    "exist; it appears complete or not at all.  secrets/app.key is\n"
	    "not in it: keep it apart.\n"
	    "Exit 2: DIR exists, cannot be written or lacks space.\n";
	struct backup		 b;
	struct appdb		*db = NULL;
	struct appdb_counts	 c;
	struct stat		 sb;
	char			 err[BACKUP_ERR_MAX], copy[PATH_MAX], buf[32];
	char			 wal[PATH_MAX];
	long long		 bad;
	uint64_t		 need;
	int			 rc;

	memset(&b, 0, sizeof(b));
	if (want_help(argc, argv, help))
		return 0;
	if (argc != 2 || argv[1][0] == '-')
		return bad_usage(help);
	if (appdb_where_pg(path))
		return fail(2, "the app database is in PostgreSQL (-d is a "
		    "connection string): webctl backup copies a SQLite file; "
		    "back PostgreSQL up with its own tools, pg_dump (a "
		    "consistent logical copy while it runs) or pg_basebackup "
		    "with WAL archiving (README, PostgreSQL)");
	if (stat(path, &sb) == -1) {
		backup_fmt(err, sizeof(err), "%s: %s; give the database with -d",
		    path, strerror(errno));
		return fail(2, err);
	}
	need = (uint64_t)sb.st_size;
	backup_fmt(wal, sizeof(wal), "%s-wal", path);
	if (stat(wal, &sb) == 0)
		need += (uint64_t)sb.st_size;
	if ((rc = backup_begin(&b, argv[1], "web", need, err,
	    sizeof(err))) != 0)
		return fail(rc, err);
	backup_fmt(copy, sizeof(copy), "%s/app.db", b.tmp);
	if ((rc = appdb_backup_file(path, copy)) != 0) {
		backup_fmt(err, sizeof(err), rc == 2 ? "cannot write the copy into "
		    "%s (is the disk full?); nothing was kept" : "could not "
		    "copy %s (see the line above); nothing was kept",
		    rc == 2 ? b.tmp : path);
		rc = rc == 2 ? 2 : 1;
		goto out;
	}
	/* The copy is checked, not the live database. */
	if ((db = appdb_open(copy)) == NULL || appdb_integrity(db) != 1 ||
	    appdb_counts(db, &c) == -1) {
		backup_fmt(err, sizeof(err), "the copy of %s does not check out; "
		    "the database may be damaged", path);
		rc = 1;
		goto out;
	}
	if (appdb_audit_verify(db, &bad) != 1) {
		backup_fmt(err, sizeof(err), "the audit log of %s does not verify "
		    "(record %lld); not backing it up as good", path, bad);
		rc = 1;
		goto out;
	}
	appdb_close(db);
	db = NULL;
	backup_fmt(buf, sizeof(buf), "%lld", (long long)time(NULL));
	if (backup_meta(&b, "created", buf) != 0 ||
	    backup_meta(&b, "source", path) != 0) {
		rc = 1;
		backup_fmt(err, sizeof(err), "out of memory");
		goto out;
	}
	backup_fmt(buf, sizeof(buf), "%d", c.version);
	(void)backup_meta(&b, "schema", buf);
	backup_fmt(buf, sizeof(buf), "%lld", c.audit);
	(void)backup_meta(&b, "audit-records", buf);
	backup_fmt(buf, sizeof(buf), "%lld", c.person);
	(void)backup_meta(&b, "people", buf);
	if ((rc = backup_add(&b, "app.db", 0600, err, sizeof(err))) != 0 ||
	    (rc = backup_commit(&b, err, sizeof(err))) != 0)
		goto out;
	printf("backup of %s written to %s: schema %d, %lld people, audit "
	    "log intact (%lld records)\n", path, b.dir, c.version, c.person,
	    c.audit);
out:
	appdb_close(db);
	backup_abort(&b);
	return rc != 0 ? fail(rc, err) : 0;
}

int
webctl_restore(const char *path, int argc, char **argv)
{
	static const char help[] = "usage: webctl restore BACKUP FILE\n"
	    "Restores the app database backup BACKUP (webctl backup) as the\n"
	    "new file FILE, after checking its manifest, schema version,\n"
	    "integrity and audit log; an older schema is upgraded.\n"
	    "Exit 2: BACKUP is damaged or not a web backup, FILE exists (a\n"
	    "running instance is refused) or cannot be written.\n";
	struct backup	 in, out;
	struct appdb	*db = NULL;
	struct stat	 sb;
	char		 err[BACKUP_ERR_MAX], src[PATH_MAX], tmp[PATH_MAX];
	char		 detail[PATH_MAX + 64];
	long long	 bad;
	int		 rc, v;

	(void)path;
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (want_help(argc, argv, help))
		return 0;
	if (argc != 3 || argv[1][0] == '-')
		return bad_usage(help);
	if (backup_db_in_use(argv[2])) {
		backup_fmt(err, sizeof(err), "a running instance has %s open: stop "
		    "it first, and restore into a new file", argv[2]);
		return fail(2, err);
	}
	if (lstat(argv[2], &sb) == 0) {
		backup_fmt(err, sizeof(err), "%s exists; restore goes into a new "
		    "file (move the old one away first)", argv[2]);
		return fail(2, err);
	}
	if ((rc = backup_read(&in, argv[1], "web", err, sizeof(err))) != 0)
		return fail(rc, err);
	backup_fmt(src, sizeof(src), "%s/app.db", argv[1]);
	if (stat(src, &sb) == -1) {
		backup_fmt(err, sizeof(err), "the backup %s lacks app.db", argv[1]);
		rc = 2;
		goto done;
	}
	/* Built in a partial directory beside FILE, renamed when good. */
	if ((rc = backup_begin(&out, argv[2], "web", (uint64_t)sb.st_size,
	    err, sizeof(err))) != 0)
		goto done;
	backup_fmt(tmp, sizeof(tmp), "%s/app.db", out.tmp);
	if ((rc = backup_copy_file(src, tmp, 0600, err, sizeof(err))) != 0)
		goto done;
	if ((v = appdb_file_version(tmp)) > appdb_version_latest() ||
	    v < 1) {
		backup_fmt(err, sizeof(err), "the backup's database has schema "
		    "version %d, which this webctl (%d) cannot run: restore "
		    "it with the program that made it or a newer one", v,
		    appdb_version_latest());
		rc = 2;
		goto done;
	}
	rc = 2;
	if ((db = appdb_open(tmp)) == NULL) {
		backup_fmt(err, sizeof(err), "cannot open or upgrade the backup's "
		    "database (see the line above)");
		goto done;
	}
	if (appdb_integrity(db) != 1) {
		backup_fmt(err, sizeof(err), "the backup's database fails SQLite's "
		    "integrity check: it is damaged; use another backup");
		goto done;
	}
	if (appdb_audit_verify(db, &bad) != 1) {
		backup_fmt(err, sizeof(err), "the backup's audit log does not verify "
		    "at record %lld: use another backup", bad);
		goto done;
	}
	backup_fmt(detail, sizeof(detail), "from=%s schema=%d", argv[1], v);
	if (appdb_audit(db, "webctl", "restore", detail) == -1) {
		backup_fmt(err, sizeof(err), "cannot record the restore in the "
		    "audit log");
		rc = 1;
		goto done;
	}
	appdb_close(db);
	db = NULL;
	/* Back to one file (the WAL folded in), then into place. */
	if (rename(tmp, argv[2]) == -1) {
		backup_fmt(err, sizeof(err), "cannot move the database to %s: %s",
		    argv[2], strerror(errno));
		rc = 1;
		goto done;
	}
	printf("restored %s into %s (schema %d, now %d)\n", argv[1], argv[2],
	    v, appdb_version_latest());
	rc = 0;
done:
	appdb_close(db);
	backup_abort(&out);
	backup_abort(&in);
	return rc != 0 ? fail(rc, err) : 0;
}
