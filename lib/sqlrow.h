/*
 * sqlrow.h: moving values between C structs and prepared statements by
 * table instead of by hand.  A row map lists, per result column, where
 * its value lands in a struct and as what; sqlrow_get_src() copies the
 * current row of a stepped statement into the struct, through a row
 * source (struct sqlrow_src: a column's type, integer, text and bytes)
 * that each engine provides (lib/dbeng.h: dbeng_src()).  An argument
 * list (SQLARG_*) is plain data the engines bind to ?1, ?2, ... (SQLite's
 * dbsqlite_bind, lib/dbpg.c hands them to libpq).
 *
 * It runs no SQL, calls no engine's library and knows no schema: each
 * store keeps its statements in its own table and its row maps beside
 * the functions that use them (fcgi/db/, ca/castore*.c).
 */
#ifndef LIB_SQLROW_H
#define LIB_SQLROW_H

#include <stddef.h>

enum sqlrow_type {
	SQLROW_INT,		/* an integer field of 4 or 8 bytes (int,
				   long long, int64_t, an enum) */
	SQLROW_TEXT,		/* char[size]: copied, cut to size - 1 bytes
				   as snprintf would; "" for NULL */
	SQLROW_TEXT_REF,	/* const char *: the column's own text, valid
				   until the statement steps or resets */
	SQLROW_BLOB_REF,	/* const void * and a size_t length at lenoff:
				   borrowed as TEXT_REF is */
	SQLROW_BLOB_DUP,	/* a malloc'd copy (uint8_t * or unsigned char
				   *) and its size_t length at lenoff; NULL
				   and 0 for an empty or NULL column */
	SQLROW_ENUM		/* an int-sized enum from a text column: the
				   index of its spelling in names[], else
				   dflt */
};

/* One column of a row map; write them with the SQLCOL_ macros. */
struct sqlrow_col {
	int			 col;		/* index in the result */
	enum sqlrow_type	 type;
	size_t			 off;		/* offsetof the field */
	size_t			 size;		/* sizeof the field */
	size_t			 lenoff;	/* BLOB_*: its length */
	const char *const	*names;		/* ENUM: spellings by value */
	int			 nnames;
	int			 dflt;		/* ENUM: an unknown spelling */
};

/* A row struct's map: its columns and the struct's size. */
struct sqlrow_map {
	const struct sqlrow_col	*cols;
	size_t			 ncols;
	size_t			 size;
};

/* 0, and a compile-time error unless cond holds. */
#define SQLROW_CHECK(cond)	(0 * sizeof(char[(cond) ? 1 : -1]))
#define SQLROW_SIZE(st, f)	sizeof(((st *)0)->f)

/* Column c into the integer field f of struct type st. */
#define SQLCOL_INT(c, st, f)						\
	{ (c), SQLROW_INT, offsetof(st, f), SQLROW_SIZE(st, f) +	\
	    SQLROW_CHECK(SQLROW_SIZE(st, f) == 4 ||			\
	    SQLROW_SIZE(st, f) == 8), 0, NULL, 0, 0 }
/* Column c into the char array f. */
#define SQLCOL_TEXT(c, st, f)						\
	{ (c), SQLROW_TEXT, offsetof(st, f), SQLROW_SIZE(st, f), 0,	\
	    NULL, 0, 0 }
/* Column c's text, borrowed, into the const char * f. */
#define SQLCOL_TEXT_REF(c, st, f)					\
	{ (c), SQLROW_TEXT_REF, offsetof(st, f), SQLROW_SIZE(st, f),	\
	    0, NULL, 0, 0 }
/* Column c's bytes, borrowed, into the pointer f and the size_t len. */
#define SQLCOL_BLOB_REF(c, st, f, len)					\
	{ (c), SQLROW_BLOB_REF, offsetof(st, f), SQLROW_SIZE(st, f),	\
	    offsetof(st, len), NULL, 0, 0 }
/* Column c's bytes, copied with malloc, into the pointer f and len. */
#define SQLCOL_BLOB_DUP(c, st, f, len)					\
	{ (c), SQLROW_BLOB_DUP, offsetof(st, f), SQLROW_SIZE(st, f),	\
	    offsetof(st, len), NULL, 0, 0 }
/* Column c's spelling, looked up in names[n], into the enum f. */
#define SQLCOL_ENUM(c, st, f, names, n, dflt)				\
	{ (c), SQLROW_ENUM, offsetof(st, f), SQLROW_SIZE(st, f) +	\
	    SQLROW_CHECK(SQLROW_SIZE(st, f) == sizeof(int)), 0,		\
	    (names), (n), (dflt) }
/* The map of struct type st from its column array cols. */
#define SQLROW_MAP(st, cols)						\
	{ (cols), sizeof(cols) / sizeof((cols)[0]), sizeof(st) }

/* A column's type as a row source reports it. */
enum sqlrow_ctype {
	SQLROW_C_NULL,
	SQLROW_C_INT,		/* an integer (PostgreSQL: also a boolean) */
	SQLROW_C_FLOAT,
	SQLROW_C_TEXT,
	SQLROW_C_BLOB
};

/*
 * The current row of some engine's statement q, column by column (c from
 * 0).  type: the column's type.  int64: its value as an integer (0 for
 * NULL or text that is no number).  text: NUL-terminated, NULL for NULL,
 * valid until q steps or resets.  bytes: its bytes and their number in
 * *n (NULL and 0 for NULL), borrowed as text is.
 */
struct sqlrow_src {
	void			*q;
	enum sqlrow_ctype	(*type)(void *q, int c);
	long long		(*int64)(void *q, int c);
	const char		*(*text)(void *q, int c);
	const void		*(*bytes)(void *q, int c, size_t *n);
};

/*
 * Zeroes out (map->size bytes) and copies the current row of src into it.
 * 0, or -1 if a BLOB_DUP copy ran out of memory (logged; out is then
 * zeroed, with nothing allocated).  The caller frees BLOB_DUP fields.
 */
int	sqlrow_get_src(const struct sqlrow_src *src,
	    const struct sqlrow_map *map, void *out);

/* One argument to bind; write them with the SQLARG_ macros. */
enum sqlrow_arg_type {
	SQLARG__INT,
	SQLARG__ID,
	SQLARG__TEXT,
	SQLARG__BLOB
};

struct sqlrow_arg {
	enum sqlrow_arg_type	 type;
	long long		 i;
	const char		*t;
	const void		*b;
	size_t			 n;
};

/* An integer. */
#define SQLARG_INT(v)		{ SQLARG__INT, (v), NULL, NULL, 0 }
/* An id: 0 binds NULL. */
#define SQLARG_ID(v)		{ SQLARG__ID, (v), NULL, NULL, 0 }
/* A NUL-terminated text: NULL binds NULL. */
#define SQLARG_TEXT(s)		{ SQLARG__TEXT, 0, (s), NULL, 0 }
/* n bytes at p: NULL binds NULL. */
#define SQLARG_BLOB(p, n)	{ SQLARG__BLOB, 0, NULL, (p), (n) }

/* The argument list a, n for an engine's bind, from SQLARG_ values. */
#define SQLROW_ARGS(...)						\
	(const struct sqlrow_arg[]){ __VA_ARGS__ },			\
	(sizeof((const struct sqlrow_arg[]){ __VA_ARGS__ }) /		\
	sizeof(struct sqlrow_arg))

#endif
