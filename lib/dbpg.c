/*
 * dbpg.c: a store on PostgreSQL (lib/dbeng.h), through libpq, from a
 * connection string (lib/pgconn.c: a server that takes writes, messages
 * that never show the password).  The only file of the project's stores
 * that calls libpq (lib/pgconn.c connects).  Generic: the statements
 * and the schema are the store's table (struct dbtab).
 *
 * Invariants:
 * - Statements are the table's sql[], or sql_pg[] where PostgreSQL
 *   spells them otherwise, with their ?N placeholders turned into $N
 *   (dbpg_placeholders).  One with arguments is prepared on the server
 *   on first use, with the types of its first arguments (an integer is
 *   bigint, a text text, bytes bytea); a later call with other types
 *   runs unprepared.  One without arguments runs as a simple query
 *   (transaction control, the schema version, a few lists).  Results
 *   come as text, all rows at once; bytea is unescaped on demand.
 * - Transactions behave as SQLite's: the table's begin takes the
 *   writers' advisory lock; a change made outside a transaction runs in
 *   such a writer transaction of its own, as SQLite's autocommit takes
 *   the write lock; a change inside a transaction runs under a
 *   savepoint, so that one that fails leaves the transaction as it was,
 *   as a failed SQLite statement does, instead of aborting it.
 *   Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE)
 *   is never wrapped.
 * - A failure whose SQLSTATE is of class 23 (integrity constraint
 *   violation: CHECK, UNIQUE, NOT NULL, FOREIGN KEY, and the stores'
 *   append-only triggers) is DBENG_REFUSED, the data's fault, as
 *   SQLITE_CONSTRAINT is.
 * - The schema version is the one row of schema_version (open() makes
 *   the table if it is missing).  A new database gets the table's whole
 *   schema at version pg_base as its first migration, then, as an older
 *   database, the table's PostgreSQL migrations past pg_base one by one;
 *   the store runs each in a writer transaction (concurrent openers wait
 *   on the lock and find it made); a newer one is refused, with nothing
 *   else written.
 * - It calls nothing of a store: the stores call down into it.
 * - A connection the server dropped is reset before the next statement
 *   (libpq's PQreset, the same connection string: with several hosts and
 *   target_session_attrs=read-write, the new primary), and every
 *   statement is prepared anew.  The statement that found it dropped is
 *   sent again on the new connection when that cannot apply anything
 *   twice (run()); otherwise it fails, and lost() says so until a reset
 *   works.
 *   Never inside a transaction of the store: the server rolled it back
 *   with the connection, so every statement of it fails until the
 *   store's ROLLBACK, which succeeds at once, and only then the next
 *   statement connects again.  (A reset in between would run the rest of
 *   the transaction's statements each on its own, half of it written.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "lib/dbeng.h"
#include "lib/log.h"
#include "lib/pgconn.h"
#include "lib/sqlrow.h"

#define PG_MAXP		32	/* placeholders of one statement */
#define PG_MAXCOL	64	/* columns whose bytea is unescaped */

/* PostgreSQL's type oids (catalog/pg_type_d.h), as results name them. */
#define OID_BOOL	16
#define OID_BYTEA	17
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_TEXT	25
#define OID_OID		26
#define OID_FLOAT4	700
#define OID_FLOAT8	701
#define OID_NUMERIC	1700

struct pgc {
	PGconn		*c;
	const struct dbtab *tab;
	unsigned	 gen;		/* one more at every reconnection */
	long long	 changes;	/* of the last change */
	int		 txn;		/* BEGIN ... COMMIT/ROLLBACK */
	char		 err[PGCONN_ERR_MAX];
};

struct pgst {
	struct pgc	*pc;
	int		 i;
	char		 name[48];	/* of the prepared statement */
	char		*sql;		/* with $N */
	int		 nparams;	/* the highest placeholder */
	int		 write;		/* a change (not SELECT, not BEGIN...) */
	int		 prepared;
	unsigned	 gen;		/* the connection's, when prepared */
	Oid		 ptypes[PG_MAXP];	/* as prepared */
	/* The arguments bound (borrowed until reset). */
	const char	*vals[PG_MAXP];
	int		 lens[PG_MAXP];
	int		 fmts[PG_MAXP];
	Oid		 types[PG_MAXP];
	char		 num[PG_MAXP][24];
	/* The result and its current row (-1 before the first). */
	PGresult	*res;
	int		 row;
	unsigned char	*ub[PG_MAXCOL];	/* unescaped bytea of the row */
	size_t		 ubn[PG_MAXCOL];
};

#define PGC(c)		((struct pgc *)(c)->h)

int
dbpg_placeholders(const char *sql, char *out, size_t sz)
{
	size_t		 o = 0;
	char		 quote = '\0';
	int		 n, max = 0;

	for (; *sql != '\0'; sql++) {
		if (quote == '\0' && *sql == '?' &&
		    sql[1] >= '1' && sql[1] <= '9') {
			n = sql[1] - '0';
			if (sql[2] >= '0' && sql[2] <= '9')
				n = n * 10 + (sql[2] - '0');
			if (sql[2] >= '0' && sql[2] <= '9' &&
			    sql[3] >= '0' && sql[3] <= '9')
				return -1;
			if (o + 3 >= sz)
				return -1;
			o += (size_t)snprintf(out + o, sz - o, "$%d", n);
			sql += n > 9 ? 2 : 1;
			if (n > max)
				max = n;
			continue;
		}
		if (quote == '\0' && (*sql == '\'' || *sql == '"'))
			quote = *sql;
		else if (quote != '\0' && *sql == quote)
			quote = '\0';
		if (o + 1 >= sz)
			return -1;
		out[o++] = *sql;
	}
	if (o >= sz)
		return -1;
	out[o] = '\0';
	return max;
}

int
dbpg_refused_state(const char *sqlstate)
{
	return sqlstate != NULL && sqlstate[0] == '2' && sqlstate[1] == '3';
}

/* Notes the first line of msg as the last error. */
static void
set_err(struct pgc *pc, const char *msg)
{
	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	snprintf(pc->err, sizeof(pc->err), "%.*s", (int)strcspn(msg, "\n"),
	    msg);
}

/* Runs sql as a simple query whose result is dropped: 0 / -1 (the error
 * noted). */
static int
simple(struct pgc *pc, const char *sql)
{
	PGresult	*r = PQexec(pc->c, sql);
	int		 st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		set_err(pc, r != NULL ? PQresultErrorMessage(r) :
		    PQerrorMessage(pc->c));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static void
drop_bytea(struct pgst *s)
{
	int	 i;

	for (i = 0; i < PG_MAXCOL; i++) {
		free(s->ub[i]);
		s->ub[i] = NULL;
		s->ubn[i] = 0;
	}
}

/* Whether sql begins with a transaction's control (never wrapped). */
static int
control(const char *sql)
{
	static const char *const kw[] = { "BEGIN", "START", "COMMIT", "END",
	    "ROLLBACK", "SAVEPOINT", "RELEASE" };
	size_t		 k, n;

	sql += strspn(sql, " ");
	for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
		n = strlen(kw[k]);
		if (strncasecmp(sql, kw[k], n) == 0 &&
		    (sql[n] == ' ' || sql[n] == ';' || sql[n] == '\0'))
			return 1;
	}
	return 0;
}

static void *
pg_prepare(struct dbconn *c, int i)
{
	const struct dbtab *t = c->tab;
	const char	*src = t->sql_pg[i] != NULL ? t->sql_pg[i] : t->sql[i];
	struct pgst	*s;
	size_t		 sz;

	if (*src == '\0') {
		log_err("%s: statement %d is SQLite's alone", t->name, i);
		return NULL;
	}
	sz = strlen(src) + 64;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->sql = malloc(sz)) == NULL) {
		free(s);
		log_err("%s: prepare statement %d: out of memory", t->name, i);
		return NULL;
	}
	s->pc = PGC(c);
	s->i = i;
	s->row = -1;
	if ((s->nparams = dbpg_placeholders(src, s->sql, sz)) == -1 ||
	    s->nparams > PG_MAXP) {
		log_err("%s: statement %d: bad placeholders", t->name, i);
		free(s->sql);
		free(s);
		return NULL;
	}
	s->write = strncasecmp(src + strspn(src, " "), "SELECT", 6) != 0 &&
	    !control(src) && i != t->begin && i != t->begin_read &&
	    i != t->commit && i != t->rollback;
	return s;
}

static void
pg_reset(void *v)
{
	struct pgst	*s = v;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	drop_bytea(s);
	memset(s->vals, 0, sizeof(s->vals));
	memset(s->types, 0, sizeof(s->types));
}

static void
pg_finalize(void *v)
{
	struct pgst	*s = v;

	pg_reset(s);
	free(s->sql);
	free(s);
}

static int
pg_bind(struct dbconn *c, void *v, const struct sqlrow_arg *a, size_t n)
{
	struct pgst	*s = v;
	size_t		 k;

	if (n > (size_t)s->nparams) {
		snprintf(PGC(c)->err, sizeof(PGC(c)->err), "%zu arguments "
		    "for %d placeholders", n, s->nparams);
		return DBENG_ERR;
	}
	for (k = 0; k < n; k++) {
		s->vals[k] = NULL;
		s->lens[k] = 0;
		s->fmts[k] = 0;
		switch (a[k].type) {
		case SQLARG__INT:
		case SQLARG__ID:
			s->types[k] = OID_INT8;
			if (a[k].type == SQLARG__ID && a[k].i == 0)
				break;
			snprintf(s->num[k], sizeof(s->num[k]), "%lld", a[k].i);
			s->vals[k] = s->num[k];
			break;
		case SQLARG__TEXT:
			s->types[k] = OID_TEXT;
			s->vals[k] = a[k].t;
			break;
		case SQLARG__BLOB:
			s->types[k] = OID_BYTEA;
			if (a[k].b == NULL)
				break;
			if (a[k].n > 0x7fffffff) {
				snprintf(PGC(c)->err, sizeof(PGC(c)->err),
				    "argument %zu too long", k + 1);
				return DBENG_ERR;
			}
			s->vals[k] = a[k].b;
			s->lens[k] = (int)a[k].n;
			s->fmts[k] = 1;	/* binary: the bytes as they are */
			break;
		}
	}
	return DBENG_DONE;
}

/* A dropped connection made again; every statement to be prepared anew. */
static void
reconnect(struct dbconn *c)
{
	struct pgc	*pc = PGC(c);

	if (PQstatus(pc->c) != CONNECTION_BAD)
		return;
	PQreset(pc->c);
	if (PQstatus(pc->c) != CONNECTION_OK)
		return;
	PQsetClientEncoding(pc->c, "UTF8");
	pc->gen++;	/* every statement to be prepared anew */
	log_info("%s: the connection to PostgreSQL is made again",
	    c->tab->name);
}

/* Sends s with its arguments: the result (NULL: out of memory). */
static PGresult *
pg_send(struct pgst *s)
{
	PGconn		*c = s->pc->c;
	PGresult	*r;

	if (s->nparams == 0)
		return PQexec(c, s->sql);
	if (!s->prepared || s->gen != s->pc->gen) {
		/* Named by process too: a connection a test's process
		 * shares with its forked children (Check's fork mode) has
		 * one namespace on the server for all of them. */
		snprintf(s->name, sizeof(s->name), "%s_%d_%ld",
		    s->pc->tab->name, s->i, (long)getpid());
		r = PQprepare(c, s->name, s->sql, s->nparams, s->types);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;	/* the statement's error */
		PQclear(r);
		s->prepared = 1;
		s->gen = s->pc->gen;
		memcpy(s->ptypes, s->types, sizeof(s->ptypes));
	}
	if (memcmp(s->ptypes, s->types, sizeof(s->types)) != 0)
		return PQexecParams(c, s->sql, s->nparams, s->types, s->vals,
		    s->lens, s->fmts, 0);
	return PQexecPrepared(c, s->name, s->nparams, s->vals, s->lens,
	    s->fmts, 0);
}

/*
 * Sends s once, on the connection as it is: DBENG_DONE with s->res,
 * DBENG_ERR or DBENG_REFUSED (noted).  *sent is 1 once s itself went to
 * the server (before: only the BEGIN of its writer transaction).
 */
static int
run_once(struct dbconn *c, struct pgst *s, int *sent)
{
	struct pgc	*pc = PGC(c);
	PGresult	*r;
	int		 ts, st, wrap, sp, rc = DBENG_DONE;

	*sent = 0;
	ts = PQtransactionStatus(pc->c);
	wrap = s->write && ts == PQTRANS_IDLE;
	sp = s->write && ts == PQTRANS_INTRANS;
	if (wrap && simple(pc, c->tab->sql_pg[c->tab->begin]) == -1) {
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
		return DBENG_ERR;
	}
	if (sp && simple(pc, "SAVEPOINT dbeng") == -1)
		return DBENG_ERR;
	*sent = 1;
	r = pg_send(s);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		pc->changes = atoll(PQcmdTuples(r));
		/* COMMIT of a failed transaction says ROLLBACK. */
		if (s->i == c->tab->commit &&
		    strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			set_err(pc, "the transaction had failed: rolled back");
			rc = DBENG_ERR;
		}
	} else {
		set_err(pc, r != NULL ? PQresultErrorMessage(r) :
		    PQerrorMessage(pc->c));
		rc = dbpg_refused_state(r != NULL ? PQresultErrorField(r,
		    PG_DIAG_SQLSTATE) : NULL) ? DBENG_REFUSED : DBENG_ERR;
		/* A BEGIN that failed after it began (the lock's timeout). */
		if ((s->i == c->tab->begin || s->i == c->tab->begin_read) &&
		    PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
	}
	if (wrap && (rc != DBENG_DONE || simple(pc, "COMMIT") == -1)) {
		if (rc == DBENG_DONE)
			rc = DBENG_ERR;
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
	}
	if (sp && rc != DBENG_DONE)
		(void)simple(pc, "ROLLBACK TO SAVEPOINT dbeng");
	if (sp && PQtransactionStatus(pc->c) == PQTRANS_INTRANS &&
	    simple(pc, "RELEASE SAVEPOINT dbeng") == -1 && rc == DBENG_DONE)
		rc = DBENG_ERR;
	if (s->i == c->tab->begin || s->i == c->tab->begin_read)
		pc->txn = rc == DBENG_DONE;
	else if (s->i == c->tab->commit || s->i == c->tab->rollback)
		pc->txn = 0;
	if (rc != DBENG_DONE) {
		PQclear(r);
		return rc;
	}
	s->res = r;
	return DBENG_DONE;
}

/*
 * Runs s: DBENG_DONE with s->res, DBENG_ERR or DBENG_REFUSED (noted).  A
 * connection found dropped is made again and s sent once more, if that
 * cannot do anything twice: outside a transaction of the store, and s a
 * read, or a change that never left (its writer transaction's BEGIN
 * found the connection dropped).  So the first request after a restart
 * or a failover is served, not refused.
 */
static int
run(struct dbconn *c, struct pgst *s)
{
	struct pgc	*pc = PGC(c);
	int		 rc, sent, txn = pc->txn;

	if (txn && PQstatus(pc->c) == CONNECTION_BAD) {
		/* The server rolled the transaction back with the
		 * connection; the store's ROLLBACK only ends it here. */
		if (s->i == c->tab->rollback) {
			pc->txn = 0;
			s->res = PQmakeEmptyPGresult(pc->c, PGRES_COMMAND_OK);
			return s->res != NULL ? DBENG_DONE : DBENG_ERR;
		}
		set_err(pc, "the connection to PostgreSQL was lost inside a "
		    "transaction, which the server rolled back");
		return DBENG_ERR;
	}
	reconnect(c);
	/* (A COMMIT sent again would commit nothing and say COMMIT.) */
	if ((rc = run_once(c, s, &sent)) != DBENG_ERR || txn ||
	    (sent && s->write) || PQstatus(pc->c) != CONNECTION_BAD)
		return rc;
	reconnect(c);
	if (PQstatus(pc->c) != CONNECTION_OK)
		return rc;
	return run_once(c, s, &sent);
}

static int
pg_step(struct dbconn *c, void *v)
{
	struct pgst	*s = v;
	int		 rc;

	if (s->res == NULL && (rc = run(c, s)) != DBENG_DONE)
		return rc;
	drop_bytea(s);
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return DBENG_ROW;
	}
	s->row = PQntuples(s->res);
	return DBENG_DONE;
}

/* Whether column c of the current row holds a value. */
static int
has(struct pgst *s, int c)
{
	return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) &&
	    c >= 0 && c < PQnfields(s->res) && !PQgetisnull(s->res, s->row, c);
}

static enum sqlrow_ctype
pg_col_type(void *v, int c)
{
	struct pgst	*s = v;

	if (!has(s, c))
		return SQLROW_C_NULL;
	switch (PQftype(s->res, c)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return SQLROW_C_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return SQLROW_C_FLOAT;
	case OID_BYTEA:
		return SQLROW_C_BLOB;
	default:
		return SQLROW_C_TEXT;
	}
}

/* Column c's bytea unescaped, NUL-terminated, kept until the row moves. */
static const unsigned char *
unescaped(struct pgst *s, int c, size_t *n)
{
	unsigned char	*b;
	size_t		 len;

	*n = 0;
	if (c >= PG_MAXCOL)
		return NULL;
	if (s->ub[c] == NULL) {
		b = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res,
		    s->row, c), &len);
		if (b == NULL || (s->ub[c] = malloc(len + 1)) == NULL) {
			PQfreemem(b);
			log_err("%s: out of memory", s->pc->tab->name);
			return NULL;
		}
		memcpy(s->ub[c], b, len);
		s->ub[c][len] = '\0';
		s->ubn[c] = len;
		PQfreemem(b);
	}
	*n = s->ubn[c];
	return s->ub[c];
}

static long long
pg_col_int(void *v, int c)
{
	struct pgst	*s = v;
	const char	*t;

	if (!has(s, c))
		return 0;
	t = PQgetvalue(s->res, s->row, c);
	if (PQftype(s->res, c) == OID_BOOL)
		return t[0] == 't';
	return strtoll(t, NULL, 10);
}

static const char *
pg_col_text(void *v, int c)
{
	struct pgst	*s = v;
	size_t		 n;

	if (!has(s, c))
		return NULL;
	if (PQftype(s->res, c) == OID_BYTEA)
		return (const char *)unescaped(s, c, &n);
	return PQgetvalue(s->res, s->row, c);
}

static const void *
pg_col_bytes(void *v, int c, size_t *n)
{
	struct pgst	*s = v;

	*n = 0;
	if (!has(s, c))
		return NULL;
	if (PQftype(s->res, c) == OID_BYTEA)
		return unescaped(s, c, n);
	*n = (size_t)PQgetlength(s->res, s->row, c);
	return PQgetvalue(s->res, s->row, c);
}

static long long
pg_changes(struct dbconn *c)
{
	return PGC(c)->changes;
}

static int
pg_in_txn(struct dbconn *c)
{
	int	 ts = PQtransactionStatus(PGC(c)->c);

	if (ts == PQTRANS_UNKNOWN)	/* the connection is lost */
		return PGC(c)->txn;
	return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR ||
	    ts == PQTRANS_ACTIVE;
}

static int
pg_lost(struct dbconn *c)
{
	return PQstatus(PGC(c)->c) == CONNECTION_BAD;
}

static const char *
pg_errmsg(struct dbconn *c)
{
	return PGC(c)->err;
}

static int
pg_integrity(struct dbconn *c)
{
	log_err("%s_integrity: PRAGMA integrity_check is SQLite's; "
	    "PostgreSQL checks its own pages (data checksums)", c->tab->name);
	return -1;
}

/* libpq's notices (CREATE TABLE IF NOT EXISTS ... skipping) are not
 * ours to print on standard error. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* 1 if the table of the schema version is there (in the connection's
 * search_path), else 0 (also when the question fails: the caller's
 * making of it then says why). */
static int
schema_version_made(struct pgc *pc)
{
	PGresult	*r;
	int		 made;

	r = PQexec(pc->c, "SELECT to_regclass('schema_version') IS NOT NULL");
	made = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return made;
}

/*
 * Connects, and makes the table of the schema version if it is missing
 * (in a writer transaction: concurrent openers make it once; where it
 * is there, without the writers' lock), so that
 * the store can read the version.  Nothing else is written before the
 * store found the version known.  0 / -1 (logged).
 */
static int
pg_open(struct dbconn *c, const char *conninfo, int flags)
{
	const char	*name = c->tab->name;
	struct pgc	*pc;
	char		 who[PGCONN_ERR_MAX];

	(void)flags;	/* a server that takes writes, even to read */
	if ((pc = calloc(1, sizeof(*pc))) == NULL) {
		log_err("%s_open: out of memory", name);
		return -1;
	}
	c->h = pc;
	pc->tab = c->tab;
	if ((pc->c = pgconn_open(conninfo, pc->err, sizeof(pc->err))) ==
	    NULL) {
		log_err("%s_open: %s", name, pc->err);
		return -1;
	}
	PQsetNoticeProcessor(pc->c, quiet, NULL);
	pgconn_describe(conninfo, who, sizeof(who));
	if (PQsetClientEncoding(pc->c, "UTF8") != 0) {
		log_err("%s_open: PostgreSQL at %s: cannot use UTF8", name,
		    who);
		return -1;
	}
	/* Made once, under the writers' lock (concurrent openers wait and
	 * find it made); where it is made already the lock is not asked
	 * for, so a connection opens while a writer works. */
	if (!schema_version_made(pc) &&
	    (simple(pc, c->tab->sql_pg[c->tab->begin]) == -1 ||
	    simple(pc, "CREATE TABLE IF NOT EXISTS schema_version ("
	    "one BIGINT PRIMARY KEY DEFAULT 1 CHECK (one = 1),"
	    "version BIGINT NOT NULL CHECK (version > 0))") == -1 ||
	    simple(pc, "COMMIT") == -1)) {
		log_err("%s_open: PostgreSQL at %s: %s", name, who, pc->err);
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
		return -1;
	}
	return 0;
}

static int
pg_setup(struct dbconn *c, const char *who)
{
	(void)c;
	(void)who;
	return 0;
}

/* A new database gets the table's whole schema at its pg_base at once,
 * then, as an old one, each of its migrations past pg_base in turn. */
static const char *
pg_migration(const struct dbtab *t, int v, int *to)
{
	if (v == 0 && t->pg_schema != NULL) {
		*to = t->pg_base;
		return t->pg_schema;
	}
	if (v < t->pg_base || v - t->pg_base >= t->npg_migrations)
		return NULL;
	*to = v + 1;
	return t->pg_migrations[v - t->pg_base];
}

static int
pg_script(struct dbconn *c, const char *sql, char *err, size_t sz)
{
	struct pgc	*pc = PGC(c);

	if (simple(pc, sql) == -1) {
		snprintf(err, sz, "%s", pc->err);
		return -1;
	}
	return 0;
}

static void
pg_close(struct dbconn *c)
{
	struct pgc	*pc = PGC(c);

	if (pc == NULL)
		return;
	PQfinish(pc->c);
	free(pc);
	c->h = NULL;
}

const struct dbeng dbeng_pg = {
	"postgresql",
	0,		/* prepared on first use, with its arguments' types */
	pg_open,
	pg_setup,
	pg_migration,
	pg_script,
	pg_close,
	pg_prepare,
	pg_finalize,
	pg_bind,
	pg_step,
	pg_reset,
	pg_col_type,
	pg_col_int,
	pg_col_text,
	pg_col_bytes,
	pg_changes,
	pg_in_txn,
	pg_lost,
	pg_errmsg,
	pg_integrity
};
