/*
 * castoreint.h: what the files of the CA store share and nothing else
 * includes (castore.h is the interface): the connection's structure,
 * the statement enumeration of castore.c's one table, the schema
 * scripts, and the helpers that run statements and copy rows
 * (lib/sqlrow.h's maps).
 *
 *   castore.c        connection, migrations, the statement table (and
 *                    PostgreSQL's spelling beside it), transactions,
 *                    meta, CRL number, counts, audit log
 *   castoreschema.c  the schema scripts: SQLite's migrations and
 *                    PostgreSQL's schema
 *   castorecert.c    certificates, revocations, their platform links, and
 *                    the revoked/unexpired iterations of CRLs and OCSP
 *   castoreplat.c    the linked-platform registry and the notice outbox
 *   castorelease.c   the signing role: lease and fencing token
 *
 * Invariants: every statement is in castore.c's table, prepared once and
 * reset after use; a text bound as NULL is bound as "" (CASTORE_TEXT),
 * as the store has always done.  No file of the store calls SQLite or
 * libpq: statements run through the engine seam (lib/dbeng.h), SQLite's
 * or PostgreSQL's, chosen by what castore_open() is given.
 */
#ifndef CA_CASTOREINT_H
#define CA_CASTOREINT_H

#include <stddef.h>

#include "ca/castore.h"
#include "lib/dbeng.h"
#include "lib/sqlrow.h"

enum castore_stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_SAVEPOINT_UNDO,
	ST_SAVEPOINT_KEEP,
	ST_CERT_ADD,
	ST_CERT_EXISTS,
	ST_CERT_GET,
	ST_CERT_BY_ORDER,
	ST_REVOKE,
	ST_UNHOLD,
	ST_LINK_OLD,
	ST_PLATFORM_LINK,
	ST_PLATFORM_COPY,
	ST_PLATFORMS,
	ST_LIST,
	ST_REVOKED,
	ST_REVOKED_TAIL,
	ST_REVOKED_SINCE,
	ST_UNEXPIRED,
	ST_COUNT_ALL,
	ST_COUNT_REVOKED,
	ST_CRL_NEXT,
	ST_CRL_LAST,
	ST_CRL_RAISE,
	ST_AUDIT_HEAD,
	ST_AUDIT_ADD,
	ST_AUDIT_ALL,
	ST_AUDIT_ALL_V6,
	ST_AUDIT_LAST,
	ST_PF_ADD,
	ST_PF_ENABLE,
	ST_PF_ALL,
	ST_PF_SEQ,
	ST_NOTICE_ADD,
	ST_NOTICE_DUE,
	ST_NOTICE_GET,
	ST_NOTICE_DELIVERED,
	ST_NOTICE_FAILED,
	ST_NOTICE_LIST,
	ST_NOTICE_RETRY,
	ST_META_GET,
	ST_META_SET,
	ST_META_PUT,
	ST_COUNT_BY_REASON,
	ST_AUDIT_COUNT,
	ST_NOTICE_QUEUES,
	ST_LEASE_GET,
	ST_LEASE_TOKEN,
	ST_LEASE_TAKE,
	ST_LEASE_RENEW,
	ST_CERT_TOKENS,
	ST_CRL_TOKEN,
	ST_USER_VERSION,
	/* SQLite's alone (PostgreSQL: none) */
	ST_FK_ON,
	ST_FK_OFF,
	ST_WAL,
	ST_SYNC_FULL,
	ST_TEMP_MEMORY,
	ST__MAX
};

/* A statement of the engine's (lib/dbeng.h), opaque here. */
struct dbst;

struct castore {
	struct dbconn		 c;	/* its engine (lib/dbeng.h) */
	struct dbst		*st[ST__MAX];
	enum castore_stmt	 cur;	/* the castore_revoked_* iterator */
	char			 ca[CASTORE_CA_MAX];	/* castore_set_ca;
					   "" unset */
	int64_t			 fence;	/* castore_fence; 0 none */
	int			 fenced;	/* castore_fenced */
	/* The iteration's text arguments, bound borrowed. */
	char			 arg[CASTORE_SERIAL_MAX];
};

/*
 * The schema scripts (ca/castoreschema.c): SQLite's migrations, script
 * N-1 taking version N-1 to N and setting user_version to N;
 * PostgreSQL's schema at version CASTORE_PG_BASE (see there why) and its
 * migrations past it, script i taking CASTORE_PG_BASE + i to the next.
 */
extern const char *const castore_migrations[];
#define CASTORE_NMIGRATIONS	9
extern const char castore_pg_schema[];
#define CASTORE_PG_BASE		8
extern const char *const castore_pg_migrations[];
#define CASTORE_NPG_MIGRATIONS	1

/* The prepared statement i, preparing it on first use; NULL (logged). */
struct dbst	*castore_st(struct castore *, enum castore_stmt i);
/* Resets q and clears its bindings. */
void		 castore_done(struct castore *, struct dbst *q);
/* Runs q, which returns no rows, and resets it: changes(), or -1
 * (logged). */
int		 castore_exec(struct castore *, struct dbst *q);
/* Steps q: 1 a row, 0 no more, -1 (logged); q is not reset. */
int		 castore_step(struct castore *, struct dbst *q);
/* The current row's column c of q: as an integer; its text (NULL for
 * NULL, valid until q steps or resets). */
long long	 castore_col_int(struct castore *, struct dbst *q, int c);
const char	*castore_col_text(struct castore *, struct dbst *q, int c);

/* BEGIN IMMEDIATE without the fence's check (castorelease.c takes and
 * renews the role in transactions of its own).  0 / -1. */
int		 castore_begin_unfenced(struct castore *);

/* The text s as the store binds it: "" for NULL. */
const char	*castore_text(const char *s);
#define CASTORE_TEXT(s)		SQLARG_TEXT(castore_text(s))

/* Statement i with a (SQLROW_ARGS) bound: the statement, or NULL
 * (logged). */
struct dbst	*castore_bound(struct castore *, enum castore_stmt i,
		    const struct sqlrow_arg *a, size_t n);
/* Runs statement i with a bound: changes(), or -1 (logged). */
int		 castore_run(struct castore *, enum castore_stmt i,
		    const struct sqlrow_arg *a, size_t n);
/* Runs statement i with a bound, as the store's conditional changes
 * return: 0 if it changed one row, 1 if none, -1 (logged). */
int		 castore_change(struct castore *, enum castore_stmt i,
		    const struct sqlrow_arg *a, size_t n);
/*
 * Steps q (NULL is an error) and copies a row into out by map: 1 a row,
 * 0 no more (q reset), -1 (logged; q reset).  A caller that stops
 * early resets q itself.
 */
int		 castore_next(struct castore *, struct dbst *q,
		    const struct sqlrow_map *map, void *out);

#endif
