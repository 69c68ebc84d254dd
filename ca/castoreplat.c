/*
 * castoreplat.c: the CA store's linked-platform registry and its notice
 * outbox: adding, enabling and listing platforms, handing out their
 * sequence numbers, queueing notices, the due heads, delivery and
 * failure, retries and the queues' figures.  ca/castoreint.h says how
 * the store's files share the connection and its statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca/castore.h"
#include "ca/castoreint.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

/* A row of ST_NOTICE_QUEUES. */
static const struct sqlrow_col queue_cols[] = {
	SQLCOL_TEXT(0, struct castore_queue, platform),
	SQLCOL_INT(1, struct castore_queue, depth),
	SQLCOL_INT(2, struct castore_queue, oldest),
	SQLCOL_INT(3, struct castore_queue, failed),
};
static const struct sqlrow_map queue_map =
    SQLROW_MAP(struct castore_queue, queue_cols);

int
castore_notice_queues(struct castore *s,
    int (*fn)(void *, const struct castore_queue *), void *arg)
{
	struct castore_queue	 qu;
	struct dbst		*q;
	int			 rc;

	q = castore_bound(s, ST_NOTICE_QUEUES, NULL, 0);
	while ((rc = castore_next(s, q, &queue_map, &qu)) == 1)
		if (fn(arg, &qu) == -1) {
			castore_done(s, q);
			return -1;
		}
	return rc;
}

int
castore_platform_add(struct castore *s, const struct castore_platform *p,
    int64_t now)
{
	return castore_change(s, ST_PF_ADD,
	    SQLROW_ARGS(CASTORE_TEXT(p->name), CASTORE_TEXT(p->url),
	    SQLARG_BLOB(p->cert, p->cert_len),
	    CASTORE_TEXT(p->cert != NULL ? "" : p->secret), SQLARG_INT(now)));
}

int
castore_platform_enable(struct castore *s, const char *name, int on)
{
	return castore_change(s, ST_PF_ENABLE,
	    SQLROW_ARGS(CASTORE_TEXT(name), SQLARG_INT(on ? 1 : 0)));
}

/* A row of ST_PF_ALL. */
static const struct sqlrow_col platform_cols[] = {
	SQLCOL_TEXT(0, struct castore_platform, name),
	SQLCOL_TEXT(1, struct castore_platform, url),
	SQLCOL_BLOB_REF(2, struct castore_platform, cert, cert_len),
	SQLCOL_TEXT(3, struct castore_platform, secret),
	SQLCOL_INT(4, struct castore_platform, enabled),
	SQLCOL_INT(5, struct castore_platform, seq),
	SQLCOL_INT(6, struct castore_platform, added_at),
	SQLCOL_INT(7, struct castore_platform, pending),
	SQLCOL_INT(8, struct castore_platform, failed),
};
static const struct sqlrow_map platform_map =
    SQLROW_MAP(struct castore_platform, platform_cols);

int
castore_platform_each(struct castore *s,
    int (*fn)(void *, const struct castore_platform *), void *arg)
{
	struct castore_platform	 p;
	struct dbst		*q;
	int			 rc;

	q = castore_bound(s, ST_PF_ALL, NULL, 0);
	while ((rc = castore_next(s, q, &platform_map, &p)) == 1)
		if (fn(arg, &p) == -1) {
			castore_done(s, q);
			return -1;
		}
	return rc;
}

/*
 * By hand, not by a row map: the statement both updates and returns the
 * number, and must be stepped to completion before it is reset.
 */
int
castore_platform_seq(struct castore *s, const char *name, int64_t *seq)
{
	struct dbst	*q;
	int		 rc, ret;

	if ((q = castore_bound(s, ST_PF_SEQ,
	    SQLROW_ARGS(CASTORE_TEXT(name)))) == NULL)
		return -1;
	if ((rc = castore_step(s, q)) == 1) {
		*seq = castore_col_int(s, q, 0);
		ret = 0;
		/* Step to completion so the UPDATE is finished. */
		while ((rc = castore_step(s, q)) == 1)
			continue;
		if (rc != 0)
			ret = -1;
	} else
		ret = rc == 0 ? 1 : -1;
	castore_done(s, q);
	return ret;
}

int
castore_notice_add(struct castore *s, const struct castore_notice *n)
{
	return castore_run(s, ST_NOTICE_ADD, SQLROW_ARGS(
	    CASTORE_TEXT(n->event_id), CASTORE_TEXT(n->platform),
	    SQLARG_INT(n->seq), CASTORE_TEXT(n->type), CASTORE_TEXT(n->serial),
	    SQLARG_BLOB(n->body, n->body_len), SQLARG_INT(n->created_at))) ==
	    1 ? 0 : -1;
}

/* The notice columns (ST_NOTICE_GET's order). */
#define NOTICE_COLS							\
	SQLCOL_INT(0, struct castore_notice, id),			\
	SQLCOL_TEXT(1, struct castore_notice, event_id),		\
	SQLCOL_TEXT(2, struct castore_notice, platform),		\
	SQLCOL_INT(3, struct castore_notice, seq),			\
	SQLCOL_TEXT(4, struct castore_notice, type),			\
	SQLCOL_TEXT(5, struct castore_notice, serial),			\
	SQLCOL_BLOB_REF(6, struct castore_notice, body, body_len),	\
	SQLCOL_INT(7, struct castore_notice, created_at),		\
	SQLCOL_TEXT(8, struct castore_notice, state),			\
	SQLCOL_INT(9, struct castore_notice, attempts),			\
	SQLCOL_INT(10, struct castore_notice, next_at),			\
	SQLCOL_INT(11, struct castore_notice, since),			\
	SQLCOL_INT(12, struct castore_notice, last_at),			\
	SQLCOL_TEXT(13, struct castore_notice, last_error),		\
	SQLCOL_INT(14, struct castore_notice, delivered_at)

static const struct sqlrow_col notice_cols[] = {
	NOTICE_COLS,
};
static const struct sqlrow_map notice_map =
    SQLROW_MAP(struct castore_notice, notice_cols);

/* ST_NOTICE_DUE's rows add the platform's delivery fields. */
static const struct sqlrow_col notice_due_cols[] = {
	NOTICE_COLS,
	SQLCOL_TEXT_REF(15, struct castore_notice, url),
	SQLCOL_BLOB_REF(16, struct castore_notice, cert, cert_len),
	SQLCOL_TEXT_REF(17, struct castore_notice, secret),
};
static const struct sqlrow_map notice_due_map =
    SQLROW_MAP(struct castore_notice, notice_due_cols);

/* Steps q, calling fn per row; fn returns 0 go on, 1 stop, -1 error. */
static int
notice_rows(struct castore *s, struct dbst *q,
    const struct sqlrow_map *map,
    int (*fn)(void *, const struct castore_notice *), void *arg)
{
	struct castore_notice	 n;
	int			 rc, r;

	while ((rc = castore_next(s, q, map, &n)) == 1)
		if ((r = fn(arg, &n)) != 0) {
			castore_done(s, q);
			return r == 1 ? 0 : -1;
		}
	return rc;
}

int
castore_notice_due(struct castore *s, int64_t now,
    int (*fn)(void *, const struct castore_notice *), void *arg)
{
	return notice_rows(s, castore_bound(s, ST_NOTICE_DUE,
	    SQLROW_ARGS(SQLARG_INT(now))), &notice_due_map, fn, arg);
}

static int
notice_copy(void *arg, const struct castore_notice *n)
{
	memcpy(arg, n, sizeof(*n));
	((struct castore_notice *)arg)->body = NULL;
	((struct castore_notice *)arg)->body_len = 0;
	return 1;
}

int
castore_notice_get(struct castore *s, int64_t id, struct castore_notice *n)
{
	n->id = 0;
	if (notice_rows(s, castore_bound(s, ST_NOTICE_GET,
	    SQLROW_ARGS(SQLARG_INT(id))), &notice_map, notice_copy, n) == -1)
		return -1;
	return n->id == id && id != 0 ? 0 : 1;
}

int
castore_notice_delivered(struct castore *s, int64_t id, int64_t now)
{
	return castore_change(s, ST_NOTICE_DELIVERED,
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_INT(now)));
}

int
castore_notice_failed(struct castore *s, int64_t id, int64_t now,
    int64_t next_at, int gave_up, const char *error)
{
	return castore_change(s, ST_NOTICE_FAILED,
	    SQLROW_ARGS(SQLARG_INT(id), SQLARG_INT(now), SQLARG_INT(next_at),
	    CASTORE_TEXT(gave_up ? "failed" : "pending"),
	    CASTORE_TEXT(error)));
}

int
castore_notice_list(struct castore *s, const char *platform,
    const char *state, int limit,
    int (*fn)(void *, const struct castore_notice *), void *arg)
{
	return notice_rows(s, castore_bound(s, ST_NOTICE_LIST,
	    SQLROW_ARGS(CASTORE_TEXT(platform), CASTORE_TEXT(state),
	    SQLARG_INT(limit))), &notice_map, fn, arg);
}

/* A row of ST_NOTICE_RETRY: the id of a notice made due. */
struct id_row {
	int64_t		 id;
};

static const struct sqlrow_col id_cols[] = {
	SQLCOL_INT(0, struct id_row, id),
};
static const struct sqlrow_map id_map = SQLROW_MAP(struct id_row, id_cols);

int
castore_notice_retry(struct castore *s, const char *platform, int64_t id,
    int64_t now, void (*fn)(void *, int64_t), void *arg)
{
	struct id_row	 r;
	struct dbst	*q;
	int		 rc, n = 0;

	q = castore_bound(s, ST_NOTICE_RETRY, SQLROW_ARGS(
	    CASTORE_TEXT(platform), SQLARG_INT(id), SQLARG_INT(now)));
	while ((rc = castore_next(s, q, &id_map, &r)) == 1) {
		if (fn != NULL)
			fn(arg, r.id);
		n++;
	}
	return rc == 0 ? n : -1;
}
