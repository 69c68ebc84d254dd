/*
 * backup.c: a backup's directory and manifest (backup.h).
 *
 * Invariants: nothing is written into the final directory name until the
 * rename in backup_commit(); every file is fsync'd before the manifest is
 * written, the manifest before the rename, the parent after it.  Paths in
 * a manifest are relative, at most BACKUP_DEPTH_MAX components, none of
 * them empty or starting with '.'.
 */
#define _XOPEN_SOURCE 700	/* realpath(3) */

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "lib/backup.h"
#include "lib/hex.h"

#define MANIFEST	"MANIFEST"
#define MAGIC		"ca-reissue backup 1"
/* Room left over on the file system besides what the backup needs. */
#define SPACE_MARGIN	(1024 * 1024)

void
backup_fmt(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* 2 for what the operator can fix (space, permissions), else 1. */
static int
io_rc(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EACCES || e == EPERM ||
	    e == EROFS || e == EFBIG ? 2 : 1;
}

static int
sha256_mem(const void *p, size_t n, char out[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1)
		return -1;
	hex_encode(md, len, out, 0);
	return 0;
}

int
backup_sha256_file(const char *path, char out[65])
{
	EVP_MD_CTX	*c;
	unsigned char	 buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int	 len;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return -1;
	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		goto out;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (EVP_DigestUpdate(c, buf, (size_t)n) != 1)
			goto out;
	if (n == 0 && EVP_DigestFinal_ex(c, md, &len) == 1) {
		hex_encode(md, len, out, 0);
		rc = 0;
	}
out:
	EVP_MD_CTX_free(c);
	close(fd);
	return rc;
}

int
backup_fsync_dir(const char *path)
{
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

void
backup_rmtree(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 sub[PATH_MAX];

	if (lstat(path, &sb) == -1)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		(void)unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			backup_fmt(sub, sizeof(sub), "%s/%s", path, de->d_name);
			backup_rmtree(sub);
		}
		closedir(d);
	}
	(void)rmdir(path);
}

/* Writes all of p to fd.  0, or -1 with errno. */
static int
write_all(int fd, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
backup_copy_file(const char *src, const char *dst, mode_t mode, char *err,
    size_t errsz)
{
	char		 buf[65536];
	ssize_t		 n;
	int		 in, out = -1, rc = 1, e;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot read %s: %s", src, strerror(e));
		return io_rc(e);
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode)) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot create %s: %s", dst, strerror(e));
		rc = io_rc(e);
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || write_all(out, buf, (size_t)n) == -1) {
			e = errno;
			backup_fmt(err, errsz, "cannot copy %s to %s: %s", src, dst,
			    strerror(e));
			rc = io_rc(e);
			goto out;
		}
	}
	if (fchmod(out, mode) == -1 || fsync(out) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot write %s: %s", dst, strerror(e));
		rc = io_rc(e);
		goto out;
	}
	rc = 0;
out:
	close(in);
	if (out != -1 && close(out) == -1 && rc == 0) {
		e = errno;
		backup_fmt(err, errsz, "cannot write %s: %s", dst, strerror(e));
		rc = io_rc(e);
	}
	return rc;
}

int
backup_begin(struct backup *b, const char *dir, const char *kind,
    uint64_t need, char *err, size_t errsz)
{
	struct statvfs	 vfs;
	struct stat	 sb;
	char		 parent[PATH_MAX], copy[PATH_MAX];
	uint64_t	 avail;

	memset(b, 0, sizeof(*b));
	backup_fmt(b->kind, sizeof(b->kind), "%s", kind);
	if (dir[0] == '\0' || strlen(dir) + 32 >= sizeof(b->tmp)) {
		backup_fmt(err, errsz, "the backup directory name is empty or too "
		    "long");
		return 2;
	}
	backup_fmt(b->dir, sizeof(b->dir), "%s", dir);
	while (strlen(b->dir) > 1 && b->dir[strlen(b->dir) - 1] == '/')
		b->dir[strlen(b->dir) - 1] = '\0';
	if (lstat(b->dir, &sb) == 0) {
		backup_fmt(err, errsz, "%s exists; a backup goes into a new "
		    "directory (choose another name)", b->dir);
		return 2;
	}
	backup_fmt(copy, sizeof(copy), "%s", b->dir);
	backup_fmt(parent, sizeof(parent), "%s", dirname(copy));
	if (stat(parent, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		backup_fmt(err, errsz, "%s does not exist or is not a directory; "
		    "create it first", parent);
		return 2;
	}
	if (access(parent, W_OK | X_OK) == -1) {
		backup_fmt(err, errsz, "%s is not writable: %s; choose a directory "
		    "you may write", parent, strerror(errno));
		return 2;
	}
	if (statvfs(parent, &vfs) == 0) {
		avail = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
		if (avail < need + SPACE_MARGIN) {
			backup_fmt(err, errsz, "not enough space in %s: the backup "
			    "needs about %llu KiB, %llu KiB are free; free "
			    "some or choose another place", parent,
			    (unsigned long long)((need + SPACE_MARGIN) /
			    1024), (unsigned long long)(avail / 1024));
			return 2;
		}
	}
	backup_fmt(b->tmp, sizeof(b->tmp), "%s.partial-XXXXXX", b->dir);
	if (mkdtemp(b->tmp) == NULL) {
		backup_fmt(err, errsz, "cannot create a directory in %s: %s",
		    parent, strerror(errno));
		b->tmp[0] = '\0';
		return io_rc(errno);
	}
	return 0;
}

int
backup_meta(struct backup *b, const char *key, const char *value)
{
	size_t	 n = strlen(key) + strlen(value) + 2;
	char	*p;

	if (strpbrk(key, " \n") != NULL || strchr(value, '\n') != NULL ||
	    (p = realloc(b->meta, b->meta_len + n + 1)) == NULL)
		return 1;
	b->meta = p;
	backup_fmt(b->meta + b->meta_len, n + 1, "%s %s\n", key, value);
	b->meta_len += n;
	return 0;
}

/* A manifest path: relative, no "..", no "//", one level at most. */
static int
rel_ok(const char *rel)
{
	const char	*s;
	int		 depth = 0;

	if (rel[0] == '\0' || rel[0] == '/' ||
	    strlen(rel) >= sizeof(((struct backup_file *)0)->path) ||
	    strpbrk(rel, " \t\n") != NULL || strcmp(rel, MANIFEST) == 0)
		return 0;
	/* Each component non-empty, not hidden (no "." or ".."). */
	for (s = rel; s != NULL; s = strchr(s, '/') != NULL ?
	    strchr(s, '/') + 1 : NULL) {
		if (*s == '\0' || *s == '/' || *s == '.' ||
		    ++depth > BACKUP_DEPTH_MAX)
			return 0;
	}
	return 1;
}

int
backup_mkdir(struct backup *b, const char *rel, char *err, size_t errsz)
{
	char	 path[PATH_MAX];
	int	 e;

	backup_fmt(path, sizeof(path), "%s/%s", b->tmp, rel);
	if (mkdir(path, 0700) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot create %s: %s", path, strerror(e));
		return io_rc(e);
	}
	return 0;
}

int
backup_add(struct backup *b, const char *rel, mode_t mode, char *err,
    size_t errsz)
{
	struct backup_file	*f;
	char			 path[PATH_MAX];
	int			 fd, e;

	if (!rel_ok(rel) || b->nfiles == BACKUP_FILES_MAX) {
		backup_fmt(err, errsz, "cannot list %s in the manifest", rel);
		return 1;
	}
	f = &b->file[b->nfiles];
	backup_fmt(path, sizeof(path), "%s/%s", b->tmp, rel);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		e = errno;
		if (fd != -1)
			close(fd);
		backup_fmt(err, errsz, "cannot write %s: %s", path, strerror(e));
		return io_rc(e);
	}
	close(fd);
	if (backup_sha256_file(path, f->sum) == -1) {
		backup_fmt(err, errsz, "cannot read back %s", path);
		return 1;
	}
	backup_fmt(f->path, sizeof(f->path), "%s", rel);
	f->mode = mode & 07777;
	b->nfiles++;
	return 0;
}

int
backup_copy(struct backup *b, const char *rel, const char *src,
    mode_t mode, char *err, size_t errsz)
{
	char	 path[PATH_MAX];
	int	 rc;

	if (!rel_ok(rel)) {
		backup_fmt(err, errsz, "cannot list %s in the manifest", rel);
		return 1;
	}
	backup_fmt(path, sizeof(path), "%s/%s", b->tmp, rel);
	if ((rc = backup_copy_file(src, path, mode & 0777, err, errsz)) != 0)
		return rc;
	return backup_add(b, rel, mode, err, errsz);
}

/* The manifest's text up to (not including) its end line; malloc'd. */
static char *
manifest_body(const struct backup *b, size_t *len)
{
	char	*p, *q;
	size_t	 cap, n, i;

	cap = 64 + b->meta_len + b->nfiles * 400;
	if ((p = malloc(cap)) == NULL)
		return NULL;
	n = (size_t)snprintf(p, cap, "%s\nkind %s\n", MAGIC, b->kind);
	if (b->meta_len > 0) {
		memcpy(p + n, b->meta, b->meta_len);
		n += b->meta_len;
	}
	for (i = 0; i < b->nfiles; i++) {
		q = p + n;
		n += (size_t)snprintf(q, cap - n, "file %s %04o %s\n",
		    b->file[i].sum, (unsigned)b->file[i].mode,
		    b->file[i].path);
	}
	*len = n;
	return p;
}

int
backup_commit(struct backup *b, char *err, size_t errsz)
{
	char	 path[PATH_MAX], sum[65], end[80], copy[PATH_MAX];
	char	*body = NULL;
	size_t	 len = 0;
	int	 fd = -1, rc = 1, e;

	if ((body = manifest_body(b, &len)) == NULL ||
	    sha256_mem(body, len, sum) == -1) {
		backup_fmt(err, errsz, "out of memory");
		goto out;
	}
	backup_fmt(end, sizeof(end), "end %s\n", sum);
	backup_fmt(path, sizeof(path), "%s/%s", b->tmp, MANIFEST);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1 || write_all(fd, body, len) == -1 ||
	    write_all(fd, end, strlen(end)) == -1 || fsync(fd) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot write %s: %s", path, strerror(e));
		rc = io_rc(e);
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		e = errno;
		backup_fmt(err, errsz, "cannot write %s: %s", path, strerror(e));
		rc = io_rc(e);
		goto out;
	}
	fd = -1;
	if (backup_fsync_dir(b->tmp) == -1 || chmod(b->tmp, 0700) == -1 ||
	    rename(b->tmp, b->dir) == -1) {
		e = errno;
		backup_fmt(err, errsz, "cannot move %s to %s: %s", b->tmp, b->dir,
		    strerror(e));
		rc = io_rc(e);
		goto out;
	}
	b->tmp[0] = '\0';
	backup_fmt(copy, sizeof(copy), "%s", b->dir);
	(void)backup_fsync_dir(dirname(copy));
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	free(body);
	if (rc != 0)
		backup_abort(b);
	return rc;
}

void
backup_abort(struct backup *b)
{
	if (b->tmp[0] != '\0')
		backup_rmtree(b->tmp);
	b->tmp[0] = '\0';
	free(b->meta);
	b->meta = NULL;
	b->meta_len = 0;
}

/* 1 if rel is listed in b. */
static int
listed(const struct backup *b, const char *rel)
{
	size_t	 i;

	for (i = 0; i < b->nfiles; i++)
		if (strcmp(b->file[i].path, rel) == 0)
			return 1;
	return 0;
}

/* Checks that dir (and its subdirectories) hold only listed files. */
static int
nothing_else(const struct backup *b, const char *dir, const char *sub,
    int depth, char *err, size_t errsz)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX], rel[PATH_MAX];
	int		 rc = 0;

	backup_fmt(path, sizeof(path), "%s%s%s", dir, sub[0] ? "/" : "", sub);
	if ((d = opendir(path)) == NULL) {
		backup_fmt(err, errsz, "the backup %s is damaged: cannot read %s",
		    b->dir, path);
		return 2;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		backup_fmt(rel, sizeof(rel), "%s%s%s", sub, sub[0] ? "/" : "",
		    de->d_name);
		if (sub[0] == '\0' && strcmp(rel, MANIFEST) == 0)
			continue;
		backup_fmt(path, sizeof(path), "%s/%s", dir, rel);
		if (lstat(path, &sb) == -1)
			rc = 2;
		else if (S_ISDIR(sb.st_mode) && depth < BACKUP_DEPTH_MAX)
			rc = nothing_else(b, dir, rel, depth + 1, err, errsz);
		else if (!S_ISREG(sb.st_mode) || !listed(b, rel)) {
			backup_fmt(err, errsz, "the backup %s is damaged or mixed "
			    "with other files: %s is not in its manifest",
			    b->dir, rel);
			rc = 2;
		}
	}
	closedir(d);
	return rc;
}

int
backup_parse(struct backup *b, char *txt, size_t n, char *err, size_t errsz)
{
	struct backup_file	*f;
	char			 sum[65], want[65];
	char			*line, *next, *endl, *sp;
	unsigned		 mode;

	/* The end line: a sum of everything before it. */
	if (n < 70 || strlen(txt) != n || txt[n - 1] != '\n' ||
	    (endl = strstr(txt, "\nend ")) == NULL ||
	    (size_t)(endl + 1 - txt) + 69 != n) {
		backup_fmt(err, errsz, "the backup %s is damaged: its manifest is "
		    "truncated (no end line)", b->dir);
		return 2;
	}
	memcpy(want, endl + 5, 64);
	want[64] = '\0';
	if (sha256_mem(txt, (size_t)(endl + 1 - txt), sum) == -1 ||
	    strcmp(sum, want) != 0) {
		backup_fmt(err, errsz, "the backup %s is damaged: its manifest does "
		    "not match its own sum", b->dir);
		return 2;
	}
	endl[1] = '\0';
	if (strncmp(txt, MAGIC "\n", sizeof(MAGIC)) != 0) {
		backup_fmt(err, errsz, "%s is not a backup of this version (its "
		    "manifest does not start with '%s')", b->dir, MAGIC);
		return 2;
	}
	for (line = txt + sizeof(MAGIC); *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (strncmp(line, "kind ", 5) == 0) {
			backup_fmt(b->kind, sizeof(b->kind), "%s", line + 5);
			continue;
		}
		if (strncmp(line, "file ", 5) != 0) {
			if ((sp = strchr(line, ' ')) == NULL)
				goto bad;
			*sp = '\0';
			if (backup_meta(b, line, sp + 1) != 0)
				goto bad;
			continue;
		}
		if (b->nfiles == BACKUP_FILES_MAX)
			goto bad;
		f = &b->file[b->nfiles];
		if (strlen(line) < 5 + 64 + 1 + 4 + 2 || line[69] != ' ' ||
		    strspn(line + 70, "01234567") != 4 || line[74] != ' ' ||
		    sscanf(line + 70, "%o", &mode) != 1 ||
		    strspn(line + 5, "0123456789abcdef") != 64 ||
		    !rel_ok(line + 75))
			goto bad;
		memcpy(f->sum, line + 5, 64);
		f->sum[64] = '\0';
		f->mode = (mode_t)(mode & 07777);
		backup_fmt(f->path, sizeof(f->path), "%s", line + 75);
		b->nfiles++;
	}
	return 0;
bad:
	backup_fmt(err, errsz, "the backup %s is damaged: its manifest has a "
	    "malformed line", b->dir);
	return 2;
}

int
backup_read(struct backup *b, const char *dir, const char *kind, char *err,
    size_t errsz)
{
	struct backup_file	*f;
	char			 path[PATH_MAX], sum[65], fpath[PATH_MAX];
	char			*txt = NULL;
	struct stat		 sb;
	FILE			*fp = NULL;
	long			 n;
	int			 rc = 2;

	memset(b, 0, sizeof(*b));
	backup_fmt(b->dir, sizeof(b->dir), "%s", dir);
	backup_fmt(path, sizeof(path), "%s/%s", dir, MANIFEST);
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		backup_fmt(err, errsz, "%s is not a backup directory: %s", dir,
		    strerror(errno == 0 ? ENOTDIR : errno));
		return 2;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		backup_fmt(err, errsz, "%s is not a backup: it has no %s (%s)", dir,
		    MANIFEST, strerror(errno));
		return 2;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    n > 1024 * 1024 || fseek(fp, 0, SEEK_SET) != 0 ||
	    (txt = malloc((size_t)n + 1)) == NULL ||
	    fread(txt, 1, (size_t)n, fp) != (size_t)n) {
		backup_fmt(err, errsz, "the backup %s is damaged: cannot read its "
		    "manifest", dir);
		goto out;
	}
	txt[n] = '\0';
	if ((rc = backup_parse(b, txt, (size_t)n, err, errsz)) != 0)
		goto out;
	rc = 2;
	if (strcmp(b->kind, kind) != 0) {
		backup_fmt(err, errsz, "%s is a backup of kind '%s', not '%s': give "
		    "it to the program that made it", dir, b->kind, kind);
		goto out;
	}
	for (f = b->file; f < b->file + b->nfiles; f++) {
		backup_fmt(fpath, sizeof(fpath), "%s/%s", dir, f->path);
		if (backup_sha256_file(fpath, sum) == -1) {
			backup_fmt(err, errsz, "the backup %s is damaged: %s is "
			    "missing or unreadable", dir, f->path);
			goto out;
		}
		if (strcmp(sum, f->sum) != 0) {
			backup_fmt(err, errsz, "the backup %s is damaged: %s does "
			    "not match its SHA-256 in the manifest", dir,
			    f->path);
			goto out;
		}
	}
	rc = nothing_else(b, dir, "", 1, err, errsz);
out:
	if (fp != NULL)
		fclose(fp);
	free(txt);
	if (rc != 0)
		backup_abort(b);
	return rc;
}

int
backup_meta_get(const struct backup *b, const char *key, char *buf,
    size_t sz)
{
	const char	*p = b->meta, *e;
	size_t		 kl = strlen(key);

	buf[0] = '\0';
	while (p != NULL && p < b->meta + b->meta_len) {
		e = strchr(p, '\n');
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			backup_fmt(buf, sz, "%.*s", (int)(e - p - kl - 1),
			    p + kl + 1);
			return 0;
		}
		p = e != NULL ? e + 1 : NULL;
	}
	return -1;
}

int
backup_db_in_use(const char *path)
{
	struct flock	 fl;
	char		 shm[PATH_MAX + 8], real[PATH_MAX];
	const char	*p[2];
	int		 i, fd, used = 0;

	/* SQLite keeps the -shm beside the file a symlink points to. */
	if (realpath(path, real) == NULL)
		return 0;
	path = real;
	backup_fmt(shm, sizeof(shm), "%s-shm", path);
	p[0] = path;
	p[1] = shm;
	for (i = 0; i < 2 && !used; i++) {
		if ((fd = open(p[i], O_RDWR | O_CLOEXEC)) == -1)
			continue;
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = 0;
		fl.l_len = 0;
		if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
			used = 1;
		close(fd);
	}
	return used;
}
