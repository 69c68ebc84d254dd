/*
 * sqlrow.c: copies a stepped row into a struct by its row map, through
 * an engine's row source (SQLite's is here), and binds argument lists to
 * SQLite statements (lib/sqlrow.h).  Texts are cut, never overrun; an
 * integer field is written with its own width; nothing here steps,
 * resets or logs SQL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/log.h"
#include "lib/sqlrow.h"

/* SQLite's row source: the column functions of a stepped statement. */
static enum sqlrow_ctype
lite_type(void *q, int c)
{
	switch (sqlite3_column_type(q, c)) {
	case SQLITE_INTEGER:
		return SQLROW_C_INT;
	case SQLITE_FLOAT:
		return SQLROW_C_FLOAT;
	case SQLITE_TEXT:
		return SQLROW_C_TEXT;
	case SQLITE_BLOB:
		return SQLROW_C_BLOB;
	default:
		return SQLROW_C_NULL;
	}
}

static long long
lite_int64(void *q, int c)
{
	return sqlite3_column_int64(q, c);
}

static const char *
lite_text(void *q, int c)
{
	return (const char *)sqlite3_column_text(q, c);
}

static const void *
lite_bytes(void *q, int c, size_t *n)
{
	const void	*b = sqlite3_column_blob(q, c);

	*n = b != NULL ? (size_t)sqlite3_column_bytes(q, c) : 0;
	return b;
}

void
sqlrow_sqlite_src(sqlite3_stmt *q, struct sqlrow_src *src)
{
	src->q = q;
	src->type = lite_type;
	src->int64 = lite_int64;
	src->text = lite_text;
	src->bytes = lite_bytes;
}

static void
put_text(const struct sqlrow_src *s, int c, char *dst, size_t sz)
{
	const char	*t = s->text(s->q, c);
	size_t		 n;

	if (sz == 0)
		return;
	n = t != NULL ? strnlen(t, sz - 1) : 0;
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

static void
put_int(const struct sqlrow_src *s, int c, unsigned char *dst, size_t sz)
{
	int64_t	 v = s->int64(s->q, c);
	int	 i;

	if (sz == sizeof(int64_t))
		memcpy(dst, &v, sizeof(v));
	else {
		i = (int)v;	/* the low 32 bits, as sqlite3_column_int */
		memcpy(dst, &i, sizeof(i));
	}
}

static int
put_enum(const struct sqlrow_src *s, const struct sqlrow_col *col)
{
	const char	*t = s->text(s->q, col->col);
	int		 i;

	for (i = 0; t != NULL && i < col->nnames; i++)
		if (col->names[i] != NULL && strcmp(t, col->names[i]) == 0)
			return i;
	return col->dflt;
}

static void
free_dups(const struct sqlrow_map *m, unsigned char *out)
{
	void	*p;
	size_t	 i;

	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].type == SQLROW_BLOB_DUP) {
			memcpy(&p, out + m->cols[i].off, sizeof(p));
			free(p);
		}
	memset(out, 0, m->size);
}

int
sqlrow_get_src(const struct sqlrow_src *s, const struct sqlrow_map *m,
    void *outv)
{
	const struct sqlrow_col	*col;
	unsigned char		*out = outv, *dup;
	const void		*b;
	const char		*t;
	size_t			 i, n;
	int			 e;

	memset(out, 0, m->size);
	for (i = 0; i < m->ncols; i++) {
		col = &m->cols[i];
		switch (col->type) {
		case SQLROW_INT:
			put_int(s, col->col, out + col->off, col->size);
			break;
		case SQLROW_TEXT:
			put_text(s, col->col, (char *)(out + col->off),
			    col->size);
			break;
		case SQLROW_TEXT_REF:
			t = s->text(s->q, col->col);
			memcpy(out + col->off, &t, sizeof(t));
			break;
		case SQLROW_BLOB_REF:
			b = s->bytes(s->q, col->col, &n);
			memcpy(out + col->off, &b, sizeof(b));
			memcpy(out + col->lenoff, &n, sizeof(n));
			break;
		case SQLROW_BLOB_DUP:
			b = s->bytes(s->q, col->col, &n);
			if (b == NULL || n == 0)
				break;
			if ((dup = malloc(n)) == NULL) {
				log_err("sqlrow_get: out of memory");
				free_dups(m, out);
				return -1;
			}
			memcpy(dup, b, n);
			memcpy(out + col->off, &dup, sizeof(dup));
			memcpy(out + col->lenoff, &n, sizeof(n));
			break;
		case SQLROW_ENUM:
			e = put_enum(s, col);
			memcpy(out + col->off, &e, sizeof(e));
			break;
		}
	}
	return 0;
}

int
sqlrow_get(sqlite3_stmt *q, const struct sqlrow_map *m, void *out)
{
	struct sqlrow_src	 s;

	sqlrow_sqlite_src(q, &s);
	return sqlrow_get_src(&s, m, out);
}

int
sqlrow_bind(sqlite3_stmt *q, const struct sqlrow_arg *a, size_t n)
{
	size_t	 i;
	int	 rc = SQLITE_OK, k;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		k = (int)i + 1;
		switch (a[i].type) {
		case SQLARG__INT:
			rc = sqlite3_bind_int64(q, k, a[i].i);
			break;
		case SQLARG__ID:
			rc = a[i].i == 0 ? sqlite3_bind_null(q, k) :
			    sqlite3_bind_int64(q, k, a[i].i);
			break;
		case SQLARG__TEXT:
			rc = sqlite3_bind_text(q, k, a[i].t, -1,
			    SQLITE_STATIC);
			break;
		case SQLARG__BLOB:
			rc = a[i].b == NULL ? sqlite3_bind_null(q, k) :
			    sqlite3_bind_blob(q, k, a[i].b, (int)a[i].n,
			    SQLITE_STATIC);
			break;
		}
	}
	return rc;
}
