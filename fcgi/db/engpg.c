/*
 * engpg.c: the app database on PostgreSQL (fcgi/db/eng.h), through libpq,
 * from a connection string (lib/pgconn.c: a server that takes writes,
 * messages that never show the password).  The only file of fcgi/db/
 * that calls libpq.
 *
 * Invariants:
 * - Statements are db_sql[]'s, or db_sql_pg[]'s where PostgreSQL spells
 *   them otherwise (fcgi/db/sql.c says how the two are kept one), with
 *   their ?N placeholders turned into $N (engpg_placeholders).  One with
 *   arguments is prepared on the server on first use, with the types of
 *   its first arguments (an integer is bigint, a text text, bytes
 *   bytea); a later call with other types runs unprepared.  One without
 *   arguments runs as a simple query (transaction control, the schema
 *   version, a few lists).  Results come as text, all rows at once;
 *   bytea is unescaped on demand.
 * - Transactions behave as SQLite's (fcgi/db/sql.c: db_sql_pg[]): a
 *   change made outside a transaction runs in a writer transaction of
 *   its own (the advisory lock), as SQLite's autocommit takes the write
 *   lock; a change inside a transaction runs under a savepoint, so that
 *   one that fails leaves the transaction as it was, as a failed SQLite
 *   statement does, instead of aborting it.
 * - A failure whose SQLSTATE is of class 23 (integrity constraint
 *   violation: CHECK, UNIQUE, NOT NULL, FOREIGN KEY, and the
 *   append-only triggers of fcgi/db/schema.c) is ENG_REFUSED, the
 *   data's fault, as SQLITE_CONSTRAINT is.
 * - The schema version is the one row of schema_version (open() makes
 *   the table if it is missing).  A new database gets the whole schema
 *   at version APPDB_PG_BASE as its one migration, which db.c runs in a
 *   writer transaction (concurrent openers wait on the lock and find it
 *   made); a newer one is refused, with nothing else written.
 * - It calls nothing of db.c: the layer calls down into it.
 * - A connection the server dropped is reset before the next statement
 *   (libpq's PQreset, the same connection string: with several hosts and
 *   target_session_attrs=read-write, the new primary).  The statement
 *   that found it dropped is sent again on the new connection when that
 *   cannot apply anything twice (run()); otherwise it fails, and lost()
 *   says so until a reset works.
 *   Never inside a transaction of the layer: the server rolled it back
 *   with the connection, so every statement of it fails until the
 *   layer's ROLLBACK, which succeeds at once, and only then the next
 *   statement connects again.  (A reset in between would run the rest of
 *   the transaction's statements each on its own, half of it written.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "fcgi/db/eng.h"
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
	long long	 changes;	/* of the last change */
	int		 txn;		/* the layer's BEGIN ... COMMIT/ROLLBACK */
	char		 err[PGCONN_ERR_MAX];
};

struct pgst {
	struct pgc	*pc;
	enum appdb_stmt	 i;
	char		 name[40];	/* of the prepared statement */
	char		*sql;		/* with $N */
	int		 nparams;	/* the highest placeholder */
	int		 write;		/* a change (not SELECT, not BEGIN...) */
	int		 prepared;
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

#define PGC(db)		((struct pgc *)(db)->conn)

int
engpg_placeholders(const char *sql, char *out, size_t sz)
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
engpg_refused_state(const char *sqlstate)
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

static void *
pg_prepare(struct appdb *db, enum appdb_stmt i)
{
	const char	*src = db_sql_pg[i] != NULL ? db_sql_pg[i] : db_sql[i];
	struct pgst	*s;
	size_t		 sz;

	if (*src == '\0') {
		log_err("appdb: statement %d is SQLite's alone", (int)i);
		return NULL;
	}
	sz = strlen(src) + 64;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->sql = malloc(sz)) == NULL) {
		free(s);
		log_err("appdb: prepare statement %d: out of memory", (int)i);
		return NULL;
	}
	s->pc = PGC(db);
	s->i = i;
	s->row = -1;
	if ((s->nparams = engpg_placeholders(src, s->sql, sz)) == -1 ||
	    s->nparams > PG_MAXP) {
		log_err("appdb: statement %d: bad placeholders", (int)i);
		free(s->sql);
		free(s);
		return NULL;
	}
	s->write = strncasecmp(src + strspn(src, " "), "SELECT", 6) != 0 &&
	    i != STMT_BEGIN && i != STMT_BEGIN_READ && i != STMT_COMMIT &&
	    i != STMT_ROLLBACK;
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
pg_bind(struct appdb *db, void *v, const struct sqlrow_arg *a, size_t n)
{
	struct pgst	*s = v;
	size_t		 k;

	if (n > (size_t)s->nparams) {
		snprintf(PGC(db)->err, sizeof(PGC(db)->err), "%zu arguments "
		    "for %d placeholders", n, s->nparams);
		return ENG_ERR;
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
				snprintf(PGC(db)->err, sizeof(PGC(db)->err),
				    "argument %zu too long", k + 1);
				return ENG_ERR;
			}
			s->vals[k] = a[k].b;
			s->lens[k] = (int)a[k].n;
			s->fmts[k] = 1;	/* binary: the bytes as they are */
			break;
		}
	}
	return ENG_DONE;
}

/* A dropped connection made again; every statement to be prepared anew. */
static void
reconnect(struct appdb *db)
{
	struct pgc	*pc = PGC(db);
	int		 i;

	if (PQstatus(pc->c) != CONNECTION_BAD)
		return;
	PQreset(pc->c);
	if (PQstatus(pc->c) != CONNECTION_OK)
		return;
	PQsetClientEncoding(pc->c, "UTF8");
	for (i = 0; i < STMT__MAX; i++)
		if (db->q[i].st != NULL)
			((struct pgst *)db->q[i].st)->prepared = 0;
	log_info("appdb: the connection to PostgreSQL is made again");
}

/* Sends s with its arguments: the result (NULL: out of memory). */
static PGresult *
pg_send(struct pgst *s)
{
	PGconn		*c = s->pc->c;
	PGresult	*r;

	if (s->nparams == 0)
		return PQexec(c, s->sql);
	if (!s->prepared) {
		/* Named by process too: a connection a test's process
		 * shares with its forked children (Check's fork mode) has
		 * one namespace on the server for all of them. */
		snprintf(s->name, sizeof(s->name), "appdb_%d_%ld", (int)s->i,
		    (long)getpid());
		r = PQprepare(c, s->name, s->sql, s->nparams, s->types);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;	/* the statement's error */
		PQclear(r);
		s->prepared = 1;
		memcpy(s->ptypes, s->types, sizeof(s->ptypes));
	}
	if (memcmp(s->ptypes, s->types, sizeof(s->types)) != 0)
		return PQexecParams(c, s->sql, s->nparams, s->types, s->vals,
		    s->lens, s->fmts, 0);
	return PQexecPrepared(c, s->name, s->nparams, s->vals, s->lens,
	    s->fmts, 0);
}

/*
 * Sends s once, on the connection as it is: ENG_DONE with s->res, ENG_ERR
 * or ENG_REFUSED (noted).  *sent is 1 once s itself went to the server
 * (before: only the BEGIN of its writer transaction).
 */
static int
run_once(struct appdb *db, struct pgst *s, int *sent)
{
	struct pgc	*pc = PGC(db);
	PGresult	*r;
	int		 ts, st, wrap, sp, rc = ENG_DONE;

	*sent = 0;
	ts = PQtransactionStatus(pc->c);
	wrap = s->write && ts == PQTRANS_IDLE;
	sp = s->write && ts == PQTRANS_INTRANS;
	if (wrap && simple(pc, db_sql_pg[STMT_BEGIN]) == -1) {
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
		return ENG_ERR;
	}
	if (sp && simple(pc, "SAVEPOINT appdb") == -1)
		return ENG_ERR;
	*sent = 1;
	r = pg_send(s);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		pc->changes = atoll(PQcmdTuples(r));
		/* COMMIT of a failed transaction says ROLLBACK. */
		if (s->i == STMT_COMMIT &&
		    strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			set_err(pc, "the transaction had failed: rolled back");
			rc = ENG_ERR;
		}
	} else {
		set_err(pc, r != NULL ? PQresultErrorMessage(r) :
		    PQerrorMessage(pc->c));
		rc = engpg_refused_state(r != NULL ? PQresultErrorField(r,
		    PG_DIAG_SQLSTATE) : NULL) ? ENG_REFUSED : ENG_ERR;
		/* A BEGIN that failed after it began (the lock's timeout). */
		if ((s->i == STMT_BEGIN || s->i == STMT_BEGIN_READ) &&
		    PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
	}
	if (wrap && (rc != ENG_DONE || simple(pc, "COMMIT") == -1)) {
		if (rc == ENG_DONE)
			rc = ENG_ERR;
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
	}
	if (sp && rc != ENG_DONE)
		(void)simple(pc, "ROLLBACK TO SAVEPOINT appdb");
	if (sp && PQtransactionStatus(pc->c) == PQTRANS_INTRANS &&
	    simple(pc, "RELEASE SAVEPOINT appdb") == -1 && rc == ENG_DONE)
		rc = ENG_ERR;
	if (s->i == STMT_BEGIN || s->i == STMT_BEGIN_READ)
		pc->txn = rc == ENG_DONE;
	else if (s->i == STMT_COMMIT || s->i == STMT_ROLLBACK)
		pc->txn = 0;
	if (rc != ENG_DONE) {
		PQclear(r);
		return rc;
	}
	s->res = r;
	return ENG_DONE;
}

/*
 * Runs s: ENG_DONE with s->res, ENG_ERR or ENG_REFUSED (noted).  A
 * connection found dropped is made again and s sent once more, if that
 * cannot do anything twice: outside a transaction of the layer, and s a
 * read, or a change that never left (its writer transaction's BEGIN
 * found the connection dropped).  So the first request after a restart
 * or a failover is served, not refused.
 */
static int
run(struct appdb *db, struct pgst *s)
{
	struct pgc	*pc = PGC(db);
	int		 rc, sent, txn = pc->txn;

	if (txn && PQstatus(pc->c) == CONNECTION_BAD) {
		/* The server rolled the transaction back with the
		 * connection; the layer's ROLLBACK only ends it here. */
		if (s->i == STMT_ROLLBACK) {
			pc->txn = 0;
			s->res = PQmakeEmptyPGresult(pc->c, PGRES_COMMAND_OK);
			return s->res != NULL ? ENG_DONE : ENG_ERR;
		}
		set_err(pc, "the connection to PostgreSQL was lost inside a "
		    "transaction, which the server rolled back");
		return ENG_ERR;
	}
	reconnect(db);
	/* (A COMMIT sent again would commit nothing and say COMMIT.) */
	if ((rc = run_once(db, s, &sent)) != ENG_ERR || txn ||
	    (sent && s->write) || PQstatus(pc->c) != CONNECTION_BAD)
		return rc;
	reconnect(db);
	if (PQstatus(pc->c) != CONNECTION_OK)
		return rc;
	return run_once(db, s, &sent);
}

static int
pg_step(struct appdb *db, void *v)
{
	struct pgst	*s = v;
	int		 rc;

	if (s->res == NULL && (rc = run(db, s)) != ENG_DONE)
		return rc;
	drop_bytea(s);
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return ENG_ROW;
	}
	s->row = PQntuples(s->res);
	return ENG_DONE;
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
			log_err("appdb: out of memory");
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
pg_changes(struct appdb *db)
{
	return PGC(db)->changes;
}

static int
pg_in_txn(struct appdb *db)
{
	int	 ts = PQtransactionStatus(PGC(db)->c);

	if (ts == PQTRANS_UNKNOWN)	/* the connection is lost */
		return PGC(db)->txn;
	return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR ||
	    ts == PQTRANS_ACTIVE;
}

static int
pg_lost(struct appdb *db)
{
	return PQstatus(PGC(db)->c) == CONNECTION_BAD;
}

static const char *
pg_errmsg(struct appdb *db)
{
	return PGC(db)->err;
}

static int
pg_integrity(struct appdb *db)
{
	(void)db;
	log_err("appdb_integrity: PRAGMA integrity_check is SQLite's; "
	    "PostgreSQL checks its own pages (data checksums)");
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

/*
 * Connects, and makes the table of the schema version if it is missing
 * (in a writer transaction: concurrent openers make it once), so that
 * db.c can read the version.  Nothing else is written before db.c found
 * the version known.  0 / -1 (logged).
 */
static int
pg_open(struct appdb *db, const char *conninfo)
{
	struct pgc	*pc;
	char		 who[PGCONN_ERR_MAX];

	if ((pc = calloc(1, sizeof(*pc))) == NULL) {
		log_err("appdb_open: out of memory");
		return -1;
	}
	db->conn = pc;
	if ((pc->c = pgconn_open(conninfo, pc->err, sizeof(pc->err))) ==
	    NULL) {
		log_err("appdb_open: %s", pc->err);
		return -1;
	}
	PQsetNoticeProcessor(pc->c, quiet, NULL);
	pgconn_describe(conninfo, who, sizeof(who));
	if (PQsetClientEncoding(pc->c, "UTF8") != 0) {
		log_err("appdb_open: PostgreSQL at %s: cannot use UTF8", who);
		return -1;
	}
	if (simple(pc, db_sql_pg[STMT_BEGIN]) == -1 ||
	    simple(pc, "CREATE TABLE IF NOT EXISTS schema_version ("
	    "one BIGINT PRIMARY KEY DEFAULT 1 CHECK (one = 1),"
	    "version BIGINT NOT NULL CHECK (version > 0))") == -1 ||
	    simple(pc, "COMMIT") == -1) {
		log_err("appdb_open: PostgreSQL at %s: %s", who, pc->err);
		if (PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			(void)simple(pc, "ROLLBACK");
		return -1;
	}
	return 0;
}

static int
pg_setup(struct appdb *db, const char *who)
{
	(void)db;
	(void)who;
	return 0;
}

/* A new database gets the whole schema at APPDB_PG_BASE at once; there
 * are no PostgreSQL migrations yet (fcgi/db/schema.c). */
static const char *
pg_migration(int v, int *to)
{
	if (v != 0)
		return NULL;
	*to = APPDB_PG_BASE;
	return appdb_pg_schema;
}

static int
pg_script(struct appdb *db, const char *sql, char *err, size_t sz)
{
	struct pgc	*pc = PGC(db);

	if (simple(pc, sql) == -1) {
		snprintf(err, sz, "%s", pc->err);
		return -1;
	}
	return 0;
}

static void
pg_close(struct appdb *db)
{
	struct pgc	*pc = PGC(db);

	if (pc == NULL)
		return;
	PQfinish(pc->c);
	free(pc);
	db->conn = NULL;
}

const struct eng eng_pg = {
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
