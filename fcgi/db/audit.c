/*
 * audit.c: the hash-chained audit log (lib/chain.h): appending and
 * verifying.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 *
 * The audit table is append-only: nothing here updates or deletes it,
 * triggers refuse both, and each record carries the hash chain of
 * lib/chain.h, so edits made around the triggers are detected by
 * appdb_audit_verify().  actor and action cannot contain newlines (the
 * chain separates fields with them), which keeps the hashed bytes
 * unambiguous.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/audit.h"
#include "lib/chain.h"
#include "lib/log.h"

#define APPDB_AUDIT_TEXT_MAX	64	/* actor, action */
#define APPDB_AUDIT_DETAIL_MAX	4096

/* 1 if s is 1-max bytes without a newline, else 0. */
static int
audit_text_ok(const char *s, size_t max)
{
	size_t	 len;

	if (s == NULL || (len = strnlen(s, max + 1)) == 0 || len > max)
		return 0;
	return memchr(s, '\n', len) == NULL;
}

/*
 * Appends the record; the caller holds the write transaction.  The head
 * is read by hand, not by a row map: its hash is checked, not copied.
 */
static int
audit_append(struct appdb *db, const char *actor, const char *action,
    const char *detail)
{
	struct dbq	*q;
	char		 prev[CHAIN_HEX_LEN + 1], hash[CHAIN_HEX_LEN + 1];
	const char	*h;
	long long	 id = 1, at = (long long)time(NULL);
	size_t		 cut;
	int		 rc;

	if ((q = db_stmt(db, STMT_AUDIT_HEAD)) == NULL)
		return -1;
	memcpy(prev, CHAIN_GENESIS, sizeof(prev));
	if ((rc = db_step(db, q, "appdb_audit")) == 1) {
		id = db_col_int(q, 0) + 1;
		h = db_col_text(q, 1);
		if (h == NULL || strlen(h) != CHAIN_HEX_LEN) {
			db_done(q);
			log_err("appdb_audit: record %lld has a malformed hash",
			    id - 1);
			return -1;
		}
		memcpy(prev, h, sizeof(prev));
	} else if (rc == -1) {
		db_done(q);
		return -1;
	}
	db_done(q);
	if (chain_hash(prev, id, at, actor, action, detail, hash) == -1 ||
	    db_exec(db, STMT_AUDIT_ADD, "appdb_audit",
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_INT(at), SQLARG_TEXT(actor),
	    SQLARG_TEXT(action), SQLARG_TEXT(detail), SQLARG_TEXT(prev),
	    SQLARG_TEXT(hash))) == -1)
		return -1;
	/* A second trail outside the database: the log, one line. */
	cut = strcspn(detail, "\r\n");
	if (cut > 200)
		for (cut = 200; cut > 0 && (detail[cut] & 0xc0) == 0x80; cut--)
			continue;
	log_info("audit #%lld %s %s: %.*s%s [%.16s]", id, actor, action,
	    (int)cut, detail, detail[cut] != '\0' ? "..." : "", hash);
	return 0;
}

int
appdb_audit(struct appdb *db, const char *actor, const char *action,
    const char *detail)
{
	int	 own, ret = -1;

	db->refused = 0;
	if (detail == NULL)
		detail = "";
	if (!audit_text_ok(actor, APPDB_AUDIT_TEXT_MAX) ||
	    !audit_text_ok(action, APPDB_AUDIT_TEXT_MAX) ||
	    strnlen(detail, APPDB_AUDIT_DETAIL_MAX + 1) >
	    APPDB_AUDIT_DETAIL_MAX)
		return db_refuse(db, "appdb_audit", "bad actor, action or detail");
	own = !db_in_txn(db);
	if (own && appdb_begin(db) == -1)
		return -1;
	if (audit_append(db, actor, action, detail) == 0)
		ret = 0;
	if (own) {
		if (ret == 0)
			ret = appdb_commit(db);
		else
			appdb_rollback(db);
	}
	return ret;
}

/*
 * Column c of the current row as a NUL-terminated string of at most max
 * bytes without embedded NULs (bytes after a NUL would escape the hash),
 * or NULL.
 */
static const char *
audit_col(struct dbq *q, int c, size_t max)
{
	const char	*s;
	size_t		 n;

	if (db_col_type(q, c) != SQLROW_C_TEXT ||
	    (s = db_col_text(q, c)) == NULL)
		return NULL;
	(void)db_col_bytes(q, c, &n);	/* NULL for "" in SQLite */
	if (n > max || strlen(s) != n)
		return NULL;
	return s;
}

/*
 * Read by hand, not by a row map: each column's type and length are
 * checked before it is hashed, where a map would cut or zero it.
 */
int
appdb_audit_verify(struct appdb *db, long long *bad_id)
{
	struct dbq	*q;
	char		 prev[CHAIN_HEX_LEN + 1], want[CHAIN_HEX_LEN + 1];
	const char	*actor, *action, *detail, *sprev, *shash, *why = NULL;
	long long	 id, expect = 1;
	int		 rc;

	db->refused = 0;
	*bad_id = 0;
	memcpy(prev, CHAIN_GENESIS, sizeof(prev));
	if ((q = db_stmt(db, STMT_AUDIT_ALL)) == NULL)
		return -1;
	while ((rc = db_step(db, q, "appdb_audit_verify")) == 1) {
		id = db_col_int(q, 0);
		actor = audit_col(q, 2, APPDB_AUDIT_TEXT_MAX);
		action = audit_col(q, 3, APPDB_AUDIT_TEXT_MAX);
		detail = audit_col(q, 4, APPDB_AUDIT_DETAIL_MAX);
		sprev = audit_col(q, 5, CHAIN_HEX_LEN);
		shash = audit_col(q, 6, CHAIN_HEX_LEN);
		if (id != expect)
			why = id > expect ? "a record before it is missing" :
			    "records are out of order";
		else if (actor == NULL || action == NULL || detail == NULL ||
		    sprev == NULL || shash == NULL ||
		    strchr(actor, '\n') != NULL ||
		    strchr(action, '\n') != NULL ||
		    db_col_type(q, 1) != SQLROW_C_INT)
			why = "it is malformed";
		else if (strcmp(sprev, prev) != 0)
			why = "its link to the previous record is broken "
			    "(a record was removed, reordered or replaced)";
		else if (chain_hash(prev, id, db_col_int(q, 1),
		    actor, action, detail, want) == -1)
			break;
		else if (strcmp(shash, want) != 0)
			why = "its content was edited (hash mismatch)";
		if (why != NULL) {
			*bad_id = id;
			log_warn("appdb_audit_verify: record %lld: %s", id,
			    why);
			break;
		}
		memcpy(prev, want, sizeof(prev));
		expect++;
	}
	db_done(q);
	if (why != NULL)
		return 0;
	return rc == 0 ? 1 : -1;
}
