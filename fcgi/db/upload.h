/*
 * upload.h: uploads and the CA补办 wizard's draft (fcgi/upload.c, reissue.c).
 */
#ifndef FCGI_DB_UPLOAD_H
#define FCGI_DB_UPLOAD_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* ---- uploads and the CA补办 wizard's draft (fcgi/upload.c, reissue.c) */

#define APPDB_UPLOAD_MAX	(10 * 1024 * 1024)	/* bytes */
#define APPDB_UPLOAD_NAME_MAX	80			/* characters */

/* A new upload row; the file is already stored under sha256. */
struct appdb_upload_new {
	const char	*sha256;	/* 64 lower-case hex digits */
	const char	*ctype;		/* image/jpeg | image/png |
					   application/pdf (sniffed) */
	long long	 size;		/* 1..APPDB_UPLOAD_MAX */
	const char	*filename;	/* for display, 1..80 characters,
					   no '/' */
	long long	 person;	/* the uploader */
	long long	 company;	/* the identity's company, 0 = 个人 */
};

/* Adds an upload.  0 / -1 (refused: bad values); *id set on 0. */
int	 appdb_upload_add(struct appdb *, const struct appdb_upload_new *,
	    long long *id);

/* An upload as stored. */
struct appdb_upload {
	long long	 id;
	char		 sha256[65];
	char		 ctype[32];
	long long	 size;
	char		 filename[321];
	long long	 person;
	long long	 company;	/* 0 = none */
	long long	 created_at;
};

/* 1 found, 0 none, -1. */
int	 appdb_upload_get(struct appdb *, long long id,
	    struct appdb_upload *out);

/* Files person uploaded at or after since: the number, or -1. */
long long appdb_upload_count_since(struct appdb *, long long person,
	    long long since);

/* One person's unfinished CA补办 for one certificate. */
struct appdb_draft {
	char		 reason[16];	/* "" | lost | damaged | other */
	char		 reason_text[801];	/* up to 200 characters */
	long long	 upload;	/* the stamped statement, 0 = none */
	long long	 updated_at;
	char		 submit_key[65];	/* "" until the confirmation
						   page made one */
};

/* 1 found, 0 none, -1. */
int	 appdb_draft_get(struct appdb *, long long person, long long cert,
	    struct appdb_draft *out);

/*
 * Creates or replaces person's draft for cert: reason ("" or a code),
 * reason_text (NULL = ""), upload (0 keeps the draft's current one).
 * 0 / -1 (refused: bad values).
 */
int	 appdb_draft_set(struct appdb *, long long person, long long cert,
	    const char *reason, const char *reason_text, long long upload,
	    long long now);

/*
 * Gives person's draft for cert the submit key key (32 lower-case hex
 * digits) unless it has one already; read it back with appdb_draft_get.
 * No draft: nothing happens.  0 / -1.
 */
int	 appdb_draft_key(struct appdb *, long long person, long long cert,
	    const char *key);

/* Removes person's draft for cert, if any.  0 / -1. */
int	 appdb_draft_delete(struct appdb *, long long person, long long cert);

#endif
