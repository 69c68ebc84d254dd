/*
 * upload.c: uploads and the CA补办 wizard's draft (fcgi/upload.c, reissue.c).
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/upload.h"
#include "lib/log.h"

/* ---- uploads and the CA补办 wizard's draft ---- */

int
appdb_upload_add(struct appdb *db, const struct appdb_upload_new *u,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_UPLOAD_ADD)) == NULL)
		return -1;
	if (db_bind_text(q, 1, u->sha256) != SQLITE_OK ||
	    db_bind_text(q, 2, u->ctype) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, u->size) != SQLITE_OK ||
	    db_bind_text(q, 4, u->filename) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, u->person) != SQLITE_OK ||
	    db_bind_id(q, 6, u->company) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, (long long)time(NULL)) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_upload_add", SQLITE_ERROR);
	}
	return db_insert(db, q, "appdb_upload_add", id);
}

int
appdb_upload_get(struct appdb *db, long long id, struct appdb_upload *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_UPLOAD_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		db_col_copy(q, 1, out->sha256, sizeof(out->sha256));
		db_col_copy(q, 2, out->ctype, sizeof(out->ctype));
		out->size = sqlite3_column_int64(q, 3);
		db_col_copy(q, 4, out->filename, sizeof(out->filename));
		out->person = sqlite3_column_int64(q, 5);
		out->company = sqlite3_column_int64(q, 6);
		out->created_at = sqlite3_column_int64(q, 7);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_upload_get", rc);
	db_done(q);
	return ret;
}

long long
appdb_upload_count_since(struct appdb *db, long long person,
    long long since)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_UPLOAD_COUNT_SINCE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, since);
	return db_lookup(db, q, "appdb_upload_count_since");
}

int
appdb_draft_get(struct appdb *db, long long person, long long cert,
    struct appdb_draft *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = db_stmt(db, STMT_DRAFT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		db_col_copy(q, 0, out->reason, sizeof(out->reason));
		db_col_copy(q, 1, out->reason_text, sizeof(out->reason_text));
		out->upload = sqlite3_column_int64(q, 2);
		out->updated_at = sqlite3_column_int64(q, 3);
		db_col_copy(q, 4, out->submit_key, sizeof(out->submit_key));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = db_fail(db, "appdb_draft_get", rc);
	db_done(q);
	return ret;
}

int
appdb_draft_set(struct appdb *db, long long person, long long cert,
    const char *reason, const char *reason_text, long long upload,
    long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_DRAFT_SET)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, cert) != SQLITE_OK ||
	    db_bind_text(q, 3, reason != NULL ? reason : "") != SQLITE_OK ||
	    db_bind_text(q, 4, reason_text != NULL ? reason_text : "") !=
	    SQLITE_OK ||
	    db_bind_id(q, 5, upload) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 6, now) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_draft_set", SQLITE_ERROR);
	}
	return db_run(db, q, "appdb_draft_set");
}

int
appdb_draft_key(struct appdb *db, long long person, long long cert,
    const char *key)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_DRAFT_KEY)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, cert) != SQLITE_OK ||
	    db_bind_text(q, 3, key) != SQLITE_OK) {
		db_done(q);
		return db_fail(db, "appdb_draft_key", SQLITE_ERROR);
	}
	return db_run(db, q, "appdb_draft_key");
}

int
appdb_draft_delete(struct appdb *db, long long person, long long cert)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = db_stmt(db, STMT_DRAFT_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, cert);
	return db_run(db, q, "appdb_draft_delete");
}
