/*
 * pgconn.c: see pgconn.h.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/pgconn.h"

void
pgconn_describe(const char *conninfo, char *buf, size_t sz)
{
	static const char *const show[] = { "host", "hostaddr", "port",
	    "dbname", "user" };
	PQconninfoOption	*opts, *o;
	size_t			 i, n = 0;
	int			 pw = 0, k;

	if (sz == 0)
		return;
	buf[0] = '\0';
	if ((opts = PQconninfoParse(conninfo, NULL)) == NULL) {
		snprintf(buf, sz, "an unreadable connection string");
		return;
	}
	for (i = 0; i < sizeof(show) / sizeof(show[0]); i++)
		for (o = opts; o->keyword != NULL; o++) {
			if (strcmp(o->keyword, show[i]) != 0 ||
			    o->val == NULL || o->val[0] == '\0')
				continue;
			k = snprintf(buf + n, sz - n, "%s%s=%s", n ? " " : "",
			    o->keyword, o->val);
			if (k < 0 || (size_t)k >= sz - n) {
				n = sz - 1;
				break;
			}
			n += (size_t)k;
		}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			pw = 1;
	if (n == 0)
		n = (size_t)snprintf(buf, sz, "the defaults of libpq");
	if (pw && n < sz)
		snprintf(buf + n, sz - n, " (password hidden)");
	PQconninfoFree(opts);
}

/* The first line of libpq's message for c. */
static void
first_line(PGconn *c, char *buf, size_t sz)
{
	const char	*m = PQerrorMessage(c);

	snprintf(buf, sz, "%.*s", (int)strcspn(m, "\n"), m);
}

PGconn *
pgconn_open(const char *conninfo, char *err, size_t errsz)
{
	/* dbname expands conninfo, whose own connect_timeout then wins. */
	const char		*keys[] = { "connect_timeout", "dbname", NULL };
	const char		*vals[] = { "10", conninfo, NULL };
	char			 who[PGCONN_ERR_MAX / 2], why[PGCONN_ERR_MAX / 2];
	PQconninfoOption	*opts;
	PGconn			*c;
	PGresult		*r;
	int			 ro;

	if ((opts = PQconninfoParse(conninfo, NULL)) == NULL) {
		snprintf(err, errsz, "the PostgreSQL connection string is not "
		    "one libpq reads (key=value pairs or a postgresql:// URI)");
		return NULL;
	}
	PQconninfoFree(opts);
	pgconn_describe(conninfo, who, sizeof(who));
	c = PQconnectdbParams(keys, vals, 1);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		if (c != NULL)
			first_line(c, why, sizeof(why));
		else
			snprintf(why, sizeof(why), "out of memory");
		snprintf(err, errsz, "cannot connect to PostgreSQL at %s: %s",
		    who, why);
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, "SELECT pg_is_in_recovery() OR "
	    "current_setting('default_transaction_read_only') = 'on'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		first_line(c, why, sizeof(why));
		snprintf(err, errsz, "PostgreSQL at %s does not answer a "
		    "query: %s", who, why);
		PQclear(r);
		PQfinish(c);
		return NULL;
	}
	ro = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (ro) {
		snprintf(err, errsz, "PostgreSQL at %s takes no writes (a "
		    "standby, or read-only): give the primary, or every host "
		    "with target_session_attrs=read-write", who);
		PQfinish(c);
		return NULL;
	}
	return c;
}

int
pgconn_is_conninfo(const char *s)
{
	return s != NULL && (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0 ||
	    strstr(s, "dbname=") != NULL);
}
