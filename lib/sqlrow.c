/*
 * sqlrow.c: copies a stepped row into a struct by its row map, and binds
 * argument lists (lib/sqlrow.h).  Texts are cut, never overrun; an
 * integer field is written with its own width; nothing here steps,
 * resets or logs SQL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/log.h"
#include "lib/sqlrow.h"

static void
put_text(sqlite3_stmt *q, int c, char *dst, size_t sz)
{
	const unsigned char	*t = sqlite3_column_text(q, c);
	size_t			 n;

	if (sz == 0)
		return;
	n = t != NULL ? strnlen((const char *)t, sz - 1) : 0;
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

static void
put_int(sqlite3_stmt *q, int c, unsigned char *dst, size_t sz)
{
	int64_t	 v;
	int	 i;

	if (sz == sizeof(int64_t)) {
		v = sqlite3_column_int64(q, c);
		memcpy(dst, &v, sizeof(v));
	} else {
		i = sqlite3_column_int(q, c);
		memcpy(dst, &i, sizeof(i));
	}
}

static int
put_enum(sqlite3_stmt *q, const struct sqlrow_col *col)
{
	const char	*t = (const char *)sqlite3_column_text(q, col->col);
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
sqlrow_get(sqlite3_stmt *q, const struct sqlrow_map *m, void *outv)
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
			put_int(q, col->col, out + col->off, col->size);
			break;
		case SQLROW_TEXT:
			put_text(q, col->col, (char *)(out + col->off),
			    col->size);
			break;
		case SQLROW_TEXT_REF:
			t = (const char *)sqlite3_column_text(q, col->col);
			memcpy(out + col->off, &t, sizeof(t));
			break;
		case SQLROW_BLOB_REF:
			b = sqlite3_column_blob(q, col->col);
			n = (size_t)sqlite3_column_bytes(q, col->col);
			memcpy(out + col->off, &b, sizeof(b));
			memcpy(out + col->lenoff, &n, sizeof(n));
			break;
		case SQLROW_BLOB_DUP:
			b = sqlite3_column_blob(q, col->col);
			n = (size_t)sqlite3_column_bytes(q, col->col);
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
			e = put_enum(q, col);
			memcpy(out + col->off, &e, sizeof(e));
			break;
		}
	}
	return 0;
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
