/*
 * upload.c: uploaded files — acceptance, storage and viewing.
 *
 * Invariants:
 * - A file is accepted only if it is 1..APPDB_UPLOAD_MAX bytes,
 *   sniff() recognises it, an image declares at most SNIFF_PIXELS_MAX
 *   pixels (a 200 KB PNG may declare 20000 x 20000, which a viewer would
 *   try to decode into 1.6 GB), and a PDF has no active content
 *   (pdfscan()); all of it is decided before anything is written.  Its
 *   stored type is the sniffed one.  The
 *   browser's file name is kept for display only (with the extension of
 *   the real type) and never reaches the file system.
 * - Files live flat in the upload directory (webd -u, outside anything
 *   nginx serves) named by the lower-case hex SHA-256 of their bytes,
 *   mode 0600.  They are written to a temporary name, synced and renamed,
 *   so a reader never sees half a file; the same content uploaded twice
 *   is one file and two rows.  Several web nodes may share the directory
 *   (README "Several web nodes"): a file is never changed or removed,
 *   and temporary names are random.
 * - Only the uploader, or an administrator of the company the file was
 *   uploaded for, may see it; anyone else gets 404 whether or not it
 *   exists.  Operators see the statements of orders through their own
 *   route (fcgi/ops.c), which serves them with upload_serve().
 * - Served with its stored type, Content-Disposition inline, no caching,
 *   and Content-Security-Policy: sandbox, so that a file that is more
 *   than it seemed (a PDF with script, an image a browser would sniff as
 *   HTML) runs nothing with the site's origin; nginx adds
 *   X-Content-Type-Options: nosniff to every answer (nginx.conf.in).  A
 *   browser may decline to show a sandboxed PDF inline and offer to save
 *   it instead.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "fcgi/appdb.h"
#include "fcgi/centreframe.h"
#include "fcgi/form.h"
#include "fcgi/pdfscan.h"
#include "fcgi/session.h"
#include "fcgi/sniff.h"
#include "fcgi/upload.h"
#include "lib/fdio.h"
#include "lib/hex.h"
#include "lib/log.h"

#define NAME_BASE_MAX	60	/* characters of the display name's stem */

static const char *const refusal_codes[UPLOAD__MAX] = {
	"",			/* UPLOAD_OK */
	"empty",		/* UPLOAD_EMPTY */
	"too_large",		/* UPLOAD_TOO_LARGE */
	"type",			/* UPLOAD_BAD_TYPE */
	"quota",		/* UPLOAD_QUOTA */
	"pixels",		/* UPLOAD_PIXELS */
	"pdf_active",		/* UPLOAD_PDF_ACTIVE */
	"pdf_opaque",		/* UPLOAD_PDF_OPAQUE */
};

const char *
upload_refusal_code(enum upload_refusal r)
{
	return (unsigned)r < UPLOAD__MAX ? refusal_codes[r] : "";
}

/* The hex SHA-256 of data into hex (65 bytes).  0 / -1. */
static int
sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 n = 0;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32) {
		log_ssl("upload", "EVP_Digest");
		return -1;
	}
	hex_encode(md, n, hex, 0);
	return 0;
}

/*
 * The display name: the browser's file name without its extension, cut
 * to NAME_BASE_MAX characters (or 情况说明书 if nothing is left), then
 * the extension of the sniffed type.
 */
static void
display_name(const char *sent, enum sniff_type t, char *out, size_t sz)
{
	const char	*dot;
	size_t		 len, i, chars = 0;

	len = sent != NULL ? strlen(sent) : 0;
	if ((dot = sent != NULL ? strrchr(sent, '.') : NULL) != NULL)
		len = (size_t)(dot - sent);
	/* sent is valid UTF-8 (req.c): cut before a lead byte only. */
	for (i = 0; i < len; i++)
		if (((unsigned char)sent[i] & 0xc0) != 0x80 &&
		    ++chars > NAME_BASE_MAX)
			break;
	len = i;
	while (len > 0 && sent[len - 1] == ' ')
		len--;
	if (len == 0)
		snprintf(out, sz, "情况说明书.%s", sniff_ext(t));
	else
		snprintf(out, sz, "%.*s.%s", (int)len, sent, sniff_ext(t));
}

/*
 * Stores data as dir/hex unless it is there already: temporary file,
 * fsync, rename, fsync of the directory.  0 / -1 (logged).  The
 * temporary name is random, not the process id: the directory may be
 * shared by several web nodes (README "Several web nodes"), whose
 * workers can have the same pids (containers), and a name left behind by
 * a crash must not block anyone.
 */
static int
store(const char *dir, const char *hex, const unsigned char *data,
    size_t len)
{
	unsigned char		 rnd[12];
	char			 path[PATH_MAX], tmp[PATH_MAX], rhex[25];
	struct stat		 st;
	int			 fd = -1, dfd = -1, rc = -1;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		log_ssl("upload", "RAND_bytes");
		return -1;
	}
	hex_encode(rnd, sizeof(rnd), rhex, 0);
	if (snprintf(path, sizeof(path), "%s/%s", dir, hex) >=
	    (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", dir, rhex) >=
	    (int)sizeof(tmp)) {
		log_err("upload: directory path too long");
		return -1;
	}
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len)
		return 0;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		log_err("upload: %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fdio_write(fd, data, len) == -1 || fsync(fd) == -1) {
		log_err("upload: write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		log_err("upload: close %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		log_err("upload: rename to %s: %s", path, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dfd) == -1) {
		log_err("upload: sync %s: %s", dir, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	if (tmp[0] != '\0')
		unlink(tmp);
	return rc;
}

/*
 * What f, sniffed as t, declares: UPLOAD_OK, UPLOAD_BAD_TYPE (an image
 * without a readable size), UPLOAD_PIXELS, UPLOAD_PDF_ACTIVE or
 * UPLOAD_PDF_OPAQUE.  Refusals are logged with the reason.
 */
static int
content_refusal(const struct req_file *f, enum sniff_type t)
{
	const unsigned char	*d = (const unsigned char *)f->data;
	const char		*what;
	unsigned long		 w, h;

	switch (t) {
	case SNIFF_PNG:
	case SNIFF_JPEG:
		if (sniff_image_size(d, f->len, t, &w, &h) == -1)
			return UPLOAD_BAD_TYPE;
		if ((unsigned long long)w * h > SNIFF_PIXELS_MAX) {
			log_info("upload: %s declares %lux%lu pixels",
			    sniff_mime(t), w, h);
			return UPLOAD_PIXELS;
		}
		return UPLOAD_OK;
	case SNIFF_PDF:
		switch (pdfscan(d, f->len, &what)) {
		case PDFSCAN_CLEAN:
			return UPLOAD_OK;
		case PDFSCAN_ACTIVE:
			log_info("upload: PDF with /%s", what);
			return UPLOAD_PDF_ACTIVE;
		default:
			log_info("upload: PDF with an unreadable /%s", what);
			return UPLOAD_PDF_OPAQUE;
		}
	default:
		return UPLOAD_BAD_TYPE;
	}
}

/* upload_accept() for company, of PDFs only if pdf_only. */
static int
accept_as(struct ctx *c, const struct req_file *f, long long company,
    int pdf_only, long long *id)
{
	struct appdb_upload_new	 u;
	enum sniff_type		 t;
	char			 hex[65], name[NAME_BASE_MAX * 4 + 16];
	long long		 n;
	int			 k;

	*id = 0;
	if (f->len == 0)
		return UPLOAD_EMPTY;
	if (f->len > APPDB_UPLOAD_MAX)
		return UPLOAD_TOO_LARGE;
	if ((t = sniff(f->data, f->len)) == SNIFF_UNKNOWN ||
	    (pdf_only && t != SNIFF_PDF))
		return UPLOAD_BAD_TYPE;
	if ((k = content_refusal(f, t)) != UPLOAD_OK)
		return k;
	if ((n = appdb_upload_count_since(c->db, c->sess->person,
	    (long long)time(NULL) - 24 * 60 * 60)) == -1)
		return -1;
	if (n >= UPLOAD_DAILY_MAX)
		return UPLOAD_QUOTA;
	if (c->conf->upload_dir == NULL) {
		log_err("upload_accept: no upload directory (webd -u)");
		return -1;
	}
	if (sha256_hex(f->data, f->len, hex) == -1 ||
	    store(c->conf->upload_dir, hex, f->data, f->len) == -1)
		return -1;
	display_name(f->filename, t, name, sizeof(name));
	memset(&u, 0, sizeof(u));
	u.sha256 = hex;
	u.ctype = sniff_mime(t);
	u.size = (long long)f->len;
	u.filename = name;
	u.person = c->sess->person;
	u.company = company;
	if (appdb_upload_add(c->db, &u, id) == -1)
		return -1;
	log_info("upload %lld: person %lld, %s, %lu bytes, %s", *id,
	    u.person, u.ctype, (unsigned long)f->len, hex);
	return UPLOAD_OK;
}

int
upload_accept(struct ctx *c, const struct req_file *f, long long *id)
{
	return accept_as(c, f, c->who->company, 0, id);
}

int
upload_accept_pdf(struct ctx *c, const struct req_file *f, long long company,
    long long *id)
{
	return accept_as(c, f, company, 1, id);
}

int
upload_find(struct ctx *c, long long id, struct appdb_upload *u)
{
	int	 k;

	if ((k = appdb_upload_get(c->db, id, u)) != 1)
		return k;
	if (u->person == c->sess->person)
		return 1;
	if (u->company != 0 && u->company == c->who->company &&
	    centre_is_admin(c))
		return 1;
	return 0;
}

/* Reads dir/hex, which must be a regular file of exactly size bytes. */
static char *
load(const char *dir, const char *hex, long long size)
{
	char		 path[PATH_MAX], *buf = NULL;
	struct stat	 st;
	size_t		 got = 0;
	ssize_t		 n;
	int		 fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, hex) >=
	    (int)sizeof(path))
		return NULL;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		log_err("upload: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size != size || size <= 0 || size > APPDB_UPLOAD_MAX) {
		log_err("upload: %s is not the stored file of %lld bytes",
		    path, size);
		goto fail;
	}
	if ((buf = malloc((size_t)size)) == NULL)
		goto fail;
	while (got < (size_t)size) {
		if ((n = read(fd, buf + got, (size_t)size - got)) == -1) {
			if (errno == EINTR)
				continue;
			log_err("upload: read %s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0) {
			log_err("upload: %s is shorter than stored", path);
			goto fail;
		}
		got += (size_t)n;
	}
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* RFC 8187 attr-char: what may stand unencoded in filename*=. */
static int
attr_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch) != NULL;
}

int
upload_serve(struct ctx *c, const struct appdb_upload *u)
{
	char	 stem[32];

	snprintf(stem, sizeof(stem), "statement-%lld", u->id);
	return upload_serve_as(c, u, "inline", stem);
}

int
upload_serve_as(struct ctx *c, const struct appdb_upload *u,
    const char *how, const char *stem)
{
	/* The response points at it until it is written (page_blob). */
	static char		 disposition[1024];
	static const char	 hexd[] = "0123456789ABCDEF";
	enum sniff_type		 t;
	long long		 id = u->id;
	char			*body, *p;
	size_t			 i, left;
	int			 n;

	if (c->conf->upload_dir == NULL) {
		log_err("upload_view: no upload directory (webd -u)");
		return -1;
	}
	if ((t = sniff_from_mime(u->ctype)) == SNIFF_UNKNOWN) {
		log_err("upload_view: upload %lld has type %s", id, u->ctype);
		return -1;
	}
	/* An ASCII name for old clients, the real one UTF-8 encoded. */
	n = snprintf(disposition, sizeof(disposition),
	    "%s; filename=\"%s.%s\"; filename*=UTF-8''", how, stem,
	    sniff_ext(t));
	if (n < 0 || (size_t)n >= sizeof(disposition))
		return -1;
	p = disposition + n;
	left = sizeof(disposition) - (size_t)n;
	for (i = 0; u->filename[i] != '\0' && left > 3; i++) {
		unsigned char ch = (unsigned char)u->filename[i];

		if (attr_char(ch)) {
			*p++ = (char)ch;
			left--;
		} else {
			*p++ = '%';
			*p++ = hexd[ch >> 4];
			*p++ = hexd[ch & 0xf];
			left -= 3;
		}
	}
	*p = '\0';
	if ((body = load(c->conf->upload_dir, u->sha256, u->size)) == NULL)
		return -1;
	if (page_blob(c, sniff_mime(t), disposition, body,
	    (size_t)u->size) == -1)
		return -1;
	c->resp->sandbox = 1;
	return 0;
}
