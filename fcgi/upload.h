/*
 * upload.h: files applicants upload (the stamped 情况说明书): checked by
 * content, stored outside the web root under their SHA-256, recorded in
 * the app database, and shown back only to whom they belong.
 */
#ifndef FCGI_UPLOAD_H
#define FCGI_UPLOAD_H

#include "fcgi/page.h"

struct appdb_upload;
struct req_file;

/* Why upload_accept() turned a file down (nothing was stored). */
enum upload_refusal {
	UPLOAD_OK,		/* accepted */
	UPLOAD_EMPTY,		/* "empty": 0 bytes */
	UPLOAD_TOO_LARGE,	/* "too_large": over APPDB_UPLOAD_MAX */
	UPLOAD_BAD_TYPE,	/* "type": not JPEG, PNG or PDF by content */
	UPLOAD_QUOTA,		/* "quota": too many uploads today */
	UPLOAD_PIXELS,		/* "pixels": an image over SNIFF_PIXELS_MAX */
	UPLOAD_PDF_ACTIVE,	/* "pdf_active": JavaScript, a launch or an
				   embedded file (fcgi/pdfscan.h) */
	UPLOAD_PDF_OPAQUE,	/* "pdf_opaque": objects the scan cannot read */
	UPLOAD__MAX
};

/* At most this many uploads per person in 24 hours. */
#define UPLOAD_DAILY_MAX	50

/*
 * Checks f (size, then content type by its magic bytes, then what the
 * content declares: an image's pixel size, a PDF's active content, then
 * the caller's daily quota) and, if it passes, stores it for c's person and
 * chosen identity: written atomically as DIR/<sha256> (mode 0600; a file
 * already there is the same content and is kept), then recorded.
 * Returns UPLOAD_OK with *id set, another enum upload_refusal (nothing
 * stored), or -1 on a system error (logged).
 */
int		 upload_accept(struct ctx *c, const struct req_file *f,
		    long long *id);
/*
 * upload_accept() for a PDF only (anything else is UPLOAD_BAD_TYPE),
 * recorded for company (0 = none) instead of c's identity: an
 * operator's upload for an applicant's company (an issued 电子普票).
 * Needs no chosen identity.
 */
int		 upload_accept_pdf(struct ctx *c, const struct req_file *f,
		    long long company, long long *id);
/* The code of a refusal for page documents ("empty", ...), "" for OK. */
const char	*upload_refusal_code(enum upload_refusal r);
/*
 * Upload id if c's person may see it: the uploader, or an administrator
 * of the company it was uploaded for.  1 (fills *u), 0 (answer 404), -1.
 */
int		 upload_find(struct ctx *c, long long id,
		    struct appdb_upload *u);

/*
 * Serves the upload u (found by the caller, who decided that c may see
 * it): its bytes inline with its stored type, a Content-Disposition
 * naming it, and Content-Security-Policy: sandbox (no script, no
 * plugin, no form, an opaque origin, whatever the file turns out to be).
 * Returns like a handler: 0, or -1 (logged).
 */
int		 upload_serve(struct ctx *c, const struct appdb_upload *u);
/*
 * upload_serve() with Content-Disposition how ("inline" or
 * "attachment") and the ASCII name stem.EXT (stem: [A-Za-z0-9-]).
 */
int		 upload_serve_as(struct ctx *c, const struct appdb_upload *u,
		    const char *how, const char *stem);

#endif
