/*
 * backup.h: the directory a backup lives in (cactl backup, webctl backup)
 * and its manifest.  No SQL here: each store copies its own database
 * with SQLite's online backup API (castore.h, appdb.h) into a file this
 * module names; this module sums, lists and publishes it.
 *
 * A backup is made in DIR.partial-XXXXXX next to DIR and renamed to DIR
 * only when every file and the manifest are written and fsync'd: DIR is
 * complete or absent, never half-written.  DIR/MANIFEST is text:
 *
 *	ca-reissue backup 1
 *	kind ca|web
 *	KEY VALUE		(any number: created, schema, audit-head, ...)
 *	file SHA256 MODE PATH	(octal mode; PATH relative, at most
 *				 BACKUP_DEPTH_MAX components, none hidden)
 *	end SHA256		(of every byte above this line)
 *
 * Reading one checks the end sum, the kind, every file's sum, and that
 * the directory holds nothing the manifest does not list.
 *
 * Functions that can fail because of what the operator gave return 2
 * (bad input: the directory exists, cannot be written, lacks space; the
 * backup is damaged or of the wrong kind), 1 for other failures, 0 on
 * success; the reason is one line in err, saying what to do.
 */
#ifndef LIB_BACKUP_H
#define LIB_BACKUP_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define BACKUP_ERR_MAX	512
#define BACKUP_FILES_MAX 256
#define BACKUP_DEPTH_MAX 4	/* cas/NAME/private/ca.key */

struct backup_file {
	char		 path[256];	/* relative */
	char		 sum[65];
	mode_t		 mode;
};

struct backup {
	char		 dir[PATH_MAX];		/* the final name */
	char		 tmp[PATH_MAX];		/* where it is written */
	char		*meta;			/* "KEY VALUE\n" lines */
	size_t		 meta_len;
	struct backup_file file[BACKUP_FILES_MAX];
	size_t		 nfiles;
	char		 kind[16];
};

/*
 * Starts a backup of kind into dir, which must not exist and whose parent
 * must be writable with at least need bytes free (plus a margin).  On 0,
 * b->tmp is an empty directory (mode 0700) to fill; call backup_commit()
 * or backup_abort().
 */
int	 backup_begin(struct backup *b, const char *dir, const char *kind,
	    uint64_t need, char *err, size_t errsz);
/* Adds a "KEY VALUE" line to the manifest (no newlines).  0 / 1. */
int	 backup_meta(struct backup *b, const char *key, const char *value);
/* Makes subdirectory rel (mode 0700) under b->tmp.  0 / 1 / 2. */
int	 backup_mkdir(struct backup *b, const char *rel, char *err,
	    size_t errsz);
/* Copies file src into b->tmp/rel (mode as given), fsync'd, and lists
 * it.  0, 2 (no space, unreadable source), 1. */
int	 backup_copy(struct backup *b, const char *rel, const char *src,
	    mode_t mode, char *err, size_t errsz);
/* Lists b->tmp/rel, a file the caller wrote: fsyncs and sums it. */
int	 backup_add(struct backup *b, const char *rel, mode_t mode,
	    char *err, size_t errsz);
/* Writes the manifest, fsyncs, renames b->tmp to b->dir.  0 / 1 / 2;
 * on failure the partial directory is removed. */
int	 backup_commit(struct backup *b, char *err, size_t errsz);
/* Removes the partial directory (if any) and frees b.  Idempotent. */
void	 backup_abort(struct backup *b);

/*
 * Reads and checks the backup in dir (kind expected): 0 and b filled
 * (b->dir = dir, b->meta its KEY VALUE lines), or 2 with err saying what
 * is damaged or mismatched.  backup_abort() frees it (removing nothing:
 * b->tmp is empty).
 */
int	 backup_read(struct backup *b, const char *dir, const char *kind,
	    char *err, size_t errsz);
/*
 * The parser backup_read() uses: reads the manifest text txt (n bytes,
 * NUL-terminated; modified) into b (b->dir names it in messages; zero
 * the rest first), checking the end sum, the magic line and every line's
 * form, not the files.  0, or 2 with err; backup_abort() frees b.
 */
int	 backup_parse(struct backup *b, char *txt, size_t n, char *err,
	    size_t errsz);
/* The value of key in b's manifest into buf ("" and -1 if absent). */
int	 backup_meta_get(const struct backup *b, const char *key, char *buf,
	    size_t sz);

/* Copies src to dst (created exclusively, mode), fsync'd.  0 / 1 / 2. */
int	 backup_copy_file(const char *src, const char *dst, mode_t mode,
	    char *err, size_t errsz);
/* Lowercase hex SHA-256 of the file at path.  0 / -1. */
int	 backup_sha256_file(const char *path, char out[65]);
/* fsyncs directory path.  0 / -1. */
int	 backup_fsync_dir(const char *path);
/* Removes path and everything under it (no symlinks followed). */
void	 backup_rmtree(const char *path);
/* snprintf() into buf, where truncation only makes a message shorter or a
 * path that cannot open (what the backup commands format). */
void	 backup_fmt(char *buf, size_t sz, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * 1 if an SQLite database at path is open in another process (a lock is
 * held on it or on its -shm, as every connection of a WAL database
 * holds), else 0.
 */
int	 backup_db_in_use(const char *path);

#endif
