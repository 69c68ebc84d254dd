/*
 * metrics.h: what /metrics and /healthz report (fcgi/sys.c has the two
 * handlers): the request counters every worker adds to, and each issuing
 * CA's figures, asked of its daemon (PROTO_METRICS).
 *
 * The request counters live in one block of shared memory that webd maps
 * before it forks the workers (metrics_new): every worker adds to it
 * with atomic operations, so any worker can answer /metrics alone, with
 * no gathering round between processes, and what a worker counted
 * survives its death and replacement.
 */
#ifndef FCGI_METRICS_H
#define FCGI_METRICS_H

#include <stddef.h>
#include <time.h>

#include "fcgi/caclient.h"
#include "fcgi/page.h"

struct metrics;

/*
 * A zeroed counter block for nroutes routes, labelled by names (borrowed:
 * static strings that every worker inherits), plus one row for requests
 * no route took ("other").  NULL (logged) if the shared mapping fails.
 * Free with metrics_free (NULL is a no-op), in webd after the workers.
 */
struct metrics	*metrics_new(const char *const *names, size_t nroutes);
void		 metrics_free(struct metrics *m);

/*
 * Counts one request: route (0..nroutes-1, or -1 for none), its HTTP
 * status and how long it took (seconds).  Lock-free; m may be NULL.
 */
void	metrics_observe(struct metrics *m, int route, int status,
	    double secs);

/* One issuing CA's figures, as its daemon answered (or not). */
struct metrics_ca {
	const char		*name;	/* webca's: "" for the first */
	int			 up;	/* its daemon answered in time */
	struct caclient_metric	*m;	/* malloc'd */
	size_t			 n;
};

/*
 * Asks every CA of conf (conf->ncas of them, or the one -c gave) for its
 * figures, within budget_ms in all: each gets what is left divided by
 * the CAs still to ask, so one daemon that hangs cannot hold the answer
 * past the budget.  Fills out[0..*n) (room for WEBCA_MAX); free with
 * metrics_ca_free.
 */
void	metrics_ca_fetch(const struct webconf *conf, int budget_ms,
	    struct metrics_ca *out, size_t *n);
void	metrics_ca_free(struct metrics_ca *cas, size_t n);

/*
 * The figure name of CA c whose label value is value (NULL: any; the
 * first one found).  1 found (*v set), 0 not.
 */
int	metrics_ca_get(const struct metrics_ca *c, const char *name,
	    const char *value, unsigned long long *v);

/*
 * The Prometheus text exposition (format 0.0.4) of the request counters
 * and of the CAs' figures at time now: malloc'd, NUL-terminated, *len
 * bytes; NULL when out of memory.
 */
char	*metrics_text(const struct metrics *m, const struct metrics_ca *cas,
	    size_t ncas, time_t now, size_t *len);

/*
 * A growing text buffer for the two handlers' bodies: metrics_buf_add
 * appends printf-style (bounded: it grows the buffer to fit, never
 * writes past it); after a failure (out of memory) err sticks and the
 * text is dropped.
 */
struct metrics_buf {
	char	*p;
	size_t	 len, cap;
	int	 err;
};
void	metrics_buf_add(struct metrics_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Appends s as the inside of a JSON string ("\"", "\\", controls). */
void	metrics_buf_json(struct metrics_buf *b, const char *s);

#endif
