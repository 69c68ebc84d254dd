/*
 * sqlrow.c: copies a stepped row into a struct by its row map, through
 * an engine's row source (lib/sqlrow.h; the engines of lib/dbeng.h
 * provide theirs, and bind the argument lists).  Texts are cut, never
 * overrun; an integer field is written with its own width; nothing here
 * steps, resets or logs SQL, and no engine's library is called.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/sqlrow.h"

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
