/*
 * castorecert.c: the CA store's certificates: adding and finding them,
 * revocations and holds, the replacement link, their platform links,
 * the filtered list, and the iterations over revoked or unexpired
 * certificates that CRLs and the OCSP sweep read.  ca/castoreint.h says
 * how the store's files share the connection and its statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca/castore.h"
#include "ca/castoreint.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

void
castore_cert_clear(struct castore_cert *c)
{
	if (c == NULL)
		return;
	free(c->der);
	free(c->subject_der);
	memset(c, 0, sizeof(*c));
}

int
castore_cert_add(struct castore *s, const struct castore_cert *c)
{
	struct dbst	*q;
	int		 rc;

	if ((q = castore_bound(s, ST_CERT_EXISTS,
	    SQLROW_ARGS(CASTORE_TEXT(c->serial)))) == NULL)
		return -1;
	rc = castore_step(s, q);
	castore_done(s, q);
	if (rc != 0)
		return rc;	/* 1: it exists, -1 */
	return castore_run(s, ST_CERT_ADD, SQLROW_ARGS(CASTORE_TEXT(c->serial),
	    CASTORE_TEXT(c->subject),
	    SQLARG_BLOB(c->subject_der, c->subject_der_len),
	    SQLARG_INT(c->not_before), SQLARG_INT(c->not_after),
	    SQLARG_INT(c->issued_at), SQLARG_BLOB(c->der, c->der_len),
	    CASTORE_TEXT(c->order_id), CASTORE_TEXT(c->replaces),
	    SQLARG_INT(s->fence))) == 1 ? 0 : -1;
}

/* A row of CERT_COLS (castore.c). */
static const struct sqlrow_col cert_cols[] = {
	SQLCOL_TEXT(0, struct castore_cert, serial),
	SQLCOL_TEXT(1, struct castore_cert, subject),
	SQLCOL_INT(2, struct castore_cert, not_before),
	SQLCOL_INT(3, struct castore_cert, not_after),
	SQLCOL_INT(4, struct castore_cert, issued_at),
	SQLCOL_INT(5, struct castore_cert, revoked_at),
	SQLCOL_INT(6, struct castore_cert, reason),
	SQLCOL_INT(7, struct castore_cert, invalidity),
	SQLCOL_TEXT(8, struct castore_cert, order_id),
	SQLCOL_TEXT(9, struct castore_cert, revoke_order),
	SQLCOL_TEXT(10, struct castore_cert, replaces),
	SQLCOL_TEXT(11, struct castore_cert, replaced_by),
	SQLCOL_BLOB_DUP(12, struct castore_cert, der, der_len),
	SQLCOL_BLOB_DUP(13, struct castore_cert, subject_der,
	    subject_der_len),
};
static const struct sqlrow_map cert_map =
    SQLROW_MAP(struct castore_cert, cert_cols);

/* The certificate statement i names by key into c: 0, 1 none, -1. */
static int
get_one(struct castore *s, enum castore_stmt i, const char *key,
    struct castore_cert *c)
{
	struct dbst	*q;
	int		 rc;

	memset(c, 0, sizeof(*c));
	q = castore_bound(s, i, SQLROW_ARGS(CASTORE_TEXT(key)));
	if ((rc = castore_next(s, q, &cert_map, c)) == 1)
		castore_done(s, q);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int
castore_cert_get(struct castore *s, const char *serial,
    struct castore_cert *c)
{
	return get_one(s, ST_CERT_GET, serial, c);
}

int
castore_cert_by_order(struct castore *s, const char *order_id,
    struct castore_cert *c)
{
	return get_one(s, ST_CERT_BY_ORDER, order_id, c);
}

/* A row of ST_CERT_TOKENS. */
struct tokens_row {
	int64_t		 issued;
	int64_t		 revoked;
};

static const struct sqlrow_col tokens_cols[] = {
	SQLCOL_INT(0, struct tokens_row, issued),
	SQLCOL_INT(1, struct tokens_row, revoked),
};
static const struct sqlrow_map tokens_map =
    SQLROW_MAP(struct tokens_row, tokens_cols);

int
castore_cert_tokens(struct castore *s, const char *serial, int64_t *issued,
    int64_t *revoked)
{
	struct tokens_row	 r;
	struct dbst		*q;
	int			 rc;

	*issued = *revoked = 0;
	q = castore_bound(s, ST_CERT_TOKENS,
	    SQLROW_ARGS(CASTORE_TEXT(serial)));
	if ((rc = castore_next(s, q, &tokens_map, &r)) == 1) {
		castore_done(s, q);
		*issued = r.issued;
		*revoked = r.revoked;
	}
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int
castore_revoke(struct castore *s, const char *serial, int reason,
    int64_t at, int64_t invalidity, const char *order_id)
{
	return castore_change(s, ST_REVOKE,
	    SQLROW_ARGS(CASTORE_TEXT(serial), SQLARG_INT(at),
	    SQLARG_INT(reason), SQLARG_INT(invalidity),
	    CASTORE_TEXT(order_id), SQLARG_INT(s->fence)));
}

int
castore_unhold(struct castore *s, const char *serial)
{
	return castore_change(s, ST_UNHOLD,
	    SQLROW_ARGS(CASTORE_TEXT(serial)));
}

int
castore_link_replacement(struct castore *s, const char *old_serial,
    const char *new_serial)
{
	return castore_run(s, ST_LINK_OLD, SQLROW_ARGS(CASTORE_TEXT(old_serial),
	    CASTORE_TEXT(new_serial))) == 1 ? 0 : -1;
}

int
castore_platform_link(struct castore *s, const char *serial,
    const char *platform)
{
	return castore_run(s, ST_PLATFORM_LINK, SQLROW_ARGS(
	    CASTORE_TEXT(serial), CASTORE_TEXT(platform))) == -1 ? -1 : 0;
}

int
castore_platform_copy(struct castore *s, const char *from, const char *to)
{
	return castore_run(s, ST_PLATFORM_COPY, SQLROW_ARGS(
	    CASTORE_TEXT(from), CASTORE_TEXT(to))) == -1 ? -1 : 0;
}

/* A row of ST_PLATFORMS: a platform's name, borrowed. */
struct name_row {
	const char	*name;
};

static const struct sqlrow_col name_cols[] = {
	SQLCOL_TEXT_REF(0, struct name_row, name),
};
static const struct sqlrow_map name_map =
    SQLROW_MAP(struct name_row, name_cols);

int
castore_platforms(struct castore *s, const char *serial,
    int (*fn)(void *, const char *), void *arg)
{
	struct name_row	 r;
	struct dbst	*q;
	int		 rc;

	q = castore_bound(s, ST_PLATFORMS, SQLROW_ARGS(CASTORE_TEXT(serial)));
	while ((rc = castore_next(s, q, &name_map, &r)) == 1)
		if (fn(arg, r.name) == -1) {
			castore_done(s, q);
			return -1;
		}
	return rc;
}

int
castore_list(struct castore *s, const char *state, const char *subject,
    int64_t now, int limit, int (*fn)(void *, const struct castore_cert *),
    void *arg)
{
	struct castore_cert	 c;
	struct dbst		*q;
	int			 rc, ret;

	q = castore_bound(s, ST_LIST, SQLROW_ARGS(
	    CASTORE_TEXT(state != NULL && *state != '\0' ? state : "all"),
	    CASTORE_TEXT(subject), SQLARG_INT(now), SQLARG_INT(limit)));
	while ((rc = castore_next(s, q, &cert_map, &c)) == 1) {
		ret = fn(arg, &c);
		castore_cert_clear(&c);
		if (ret == -1) {
			castore_done(s, q);
			return -1;
		}
	}
	return rc;
}

/*
 * The iterations below are stepped one row at a time by
 * castore_revoked_next(), without a row map: a CRL reads a million rows
 * through them, copying the serial and nothing else.  Their text
 * argument is bound borrowed from s->arg, which outlives the call as the
 * iteration does; each starts by resetting what the last left.
 */

/* Binds a to the iteration i and makes it current.  0 / -1. */
static int
iterate(struct castore *s, enum castore_stmt i, const struct sqlrow_arg *a,
    size_t n)
{
	struct dbst	*q;

	if ((q = castore_st(s, i)) == NULL)
		return -1;
	castore_done(s, q);
	if (castore_bound(s, i, a, n) == NULL)
		return -1;
	s->cur = i;
	return 0;
}

int
castore_revoked_start(struct castore *s, int64_t now)
{
	return iterate(s, ST_REVOKED, SQLROW_ARGS(SQLARG_INT(now)));
}

int
castore_revoked_tail_start(struct castore *s, int64_t now, unsigned last)
{
	if (last > 0xff)
		return -1;
	snprintf(s->arg, sizeof(s->arg), "%02X", last);
	return iterate(s, ST_REVOKED_TAIL, SQLROW_ARGS(SQLARG_INT(now),
	    SQLARG_TEXT(s->arg)));
}

int
castore_revoked_since_start(struct castore *s, int64_t now, int64_t since)
{
	return iterate(s, ST_REVOKED_SINCE, SQLROW_ARGS(SQLARG_INT(now),
	    SQLARG_INT(since)));
}

int
castore_unexpired_start(struct castore *s, int64_t now, const char *after,
    int limit)
{
	snprintf(s->arg, sizeof(s->arg), "%s", after != NULL ? after : "");
	return iterate(s, ST_UNEXPIRED, SQLROW_ARGS(SQLARG_INT(now),
	    SQLARG_TEXT(s->arg), SQLARG_INT(limit)));
}

int
castore_revoked_next(struct castore *s, char *serial, size_t sz,
    int64_t *revoked_at, int *reason, int64_t *invalidity)
{
	struct dbst	*q = s->st[s->cur];
	const char	*t;
	size_t		 n;
	int		 rc;

	if (q == NULL)
		return -1;
	if ((rc = castore_step(s, q)) != 1)
		return rc;
	/* A million of these per CRL: copy, no formatting. */
	t = castore_col_text(s, q, 0);
	if (t == NULL || (n = strlen(t)) >= sz) {
		log_err("castore: revoked row with a bad serial");
		return -1;
	}
	memcpy(serial, t, n);
	serial[n] = '\0';
	*revoked_at = castore_col_int(s, q, 1);
	*reason = (int)castore_col_int(s, q, 2);
	*invalidity = castore_col_int(s, q, 3);
	return 1;
}

void
castore_revoked_end(struct castore *s)
{
	if (s->st[s->cur] != NULL)
		castore_done(s, s->st[s->cur]);
}
