/*
 * upload.c: uploads and the CA补办 wizard's draft (fcgi/upload.c, reissue.c).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/upload.h"
#include "lib/log.h"

/* ---- uploads and the CA补办 wizard's draft ---- */

int
appdb_upload_add(struct appdb *db, const struct appdb_upload_new *u,
    long long *id)
{
	db->refused = 0;
	return db_exec_insert(db, STMT_UPLOAD_ADD, "appdb_upload_add", id,
	    SQLROW_ARGS(SQLARG_TEXT(u->sha256), SQLARG_TEXT(u->ctype),
	    SQLARG_INT(u->size), SQLARG_TEXT(u->filename),
	    SQLARG_INT(u->person), SQLARG_ID(u->company),
	    SQLARG_INT((long long)time(NULL))));
}

/* A row of STMT_UPLOAD_GET. */
static const struct sqlrow_col upload_cols[] = {
	SQLCOL_INT(0, struct appdb_upload, id),
	SQLCOL_TEXT(1, struct appdb_upload, sha256),
	SQLCOL_TEXT(2, struct appdb_upload, ctype),
	SQLCOL_INT(3, struct appdb_upload, size),
	SQLCOL_TEXT(4, struct appdb_upload, filename),
	SQLCOL_INT(5, struct appdb_upload, person),
	SQLCOL_INT(6, struct appdb_upload, company),
	SQLCOL_INT(7, struct appdb_upload, created_at),
};
static const struct sqlrow_map upload_map =
    SQLROW_MAP(struct appdb_upload, upload_cols);

int
appdb_upload_get(struct appdb *db, long long id, struct appdb_upload *out)
{
	db->refused = 0;
	return db_exec_get(db, STMT_UPLOAD_GET, "appdb_upload_get",
	    &upload_map, out, SQLROW_ARGS(SQLARG_INT(id)));
}

long long
appdb_upload_count_since(struct appdb *db, long long person,
    long long since)
{
	db->refused = 0;
	return db_exec_id(db, STMT_UPLOAD_COUNT_SINCE,
	    "appdb_upload_count_since", SQLROW_ARGS(SQLARG_INT(person),
	    SQLARG_INT(since)));
}

/* A row of STMT_DRAFT_GET. */
static const struct sqlrow_col draft_cols[] = {
	SQLCOL_TEXT(0, struct appdb_draft, reason),
	SQLCOL_TEXT(1, struct appdb_draft, reason_text),
	SQLCOL_INT(2, struct appdb_draft, upload),
	SQLCOL_INT(3, struct appdb_draft, updated_at),
	SQLCOL_TEXT(4, struct appdb_draft, submit_key),
};
static const struct sqlrow_map draft_map =
    SQLROW_MAP(struct appdb_draft, draft_cols);

int
appdb_draft_get(struct appdb *db, long long person, long long cert,
    struct appdb_draft *out)
{
	db->refused = 0;
	return db_exec_get(db, STMT_DRAFT_GET, "appdb_draft_get", &draft_map,
	    out, SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(cert)));
}

int
appdb_draft_set(struct appdb *db, long long person, long long cert,
    const char *reason, const char *reason_text, long long upload,
    long long now)
{
	db->refused = 0;
	return db_exec(db, STMT_DRAFT_SET, "appdb_draft_set",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(cert),
	    SQLARG_TEXT(reason != NULL ? reason : ""),
	    SQLARG_TEXT(reason_text != NULL ? reason_text : ""),
	    SQLARG_ID(upload), SQLARG_INT(now)));
}

int
appdb_draft_key(struct appdb *db, long long person, long long cert,
    const char *key)
{
	db->refused = 0;
	return db_exec(db, STMT_DRAFT_KEY, "appdb_draft_key",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(cert),
	    SQLARG_TEXT(key)));
}

int
appdb_draft_delete(struct appdb *db, long long person, long long cert)
{
	db->refused = 0;
	return db_exec(db, STMT_DRAFT_DELETE, "appdb_draft_delete",
	    SQLROW_ARGS(SQLARG_INT(person), SQLARG_INT(cert)));
}
