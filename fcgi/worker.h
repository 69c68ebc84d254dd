/*
 * worker.h: one FastCGI worker process.
 */
#ifndef FCGI_WORKER_H
#define FCGI_WORKER_H

#include "fcgi/page.h"

/*
 * What the workers of one webd share: how many FastCGI connections each
 * holds, in memory mapped before they fork, so that new connections go
 * to the workers that hold fewest (worker.c).
 */
struct worker_pool;

/*
 * A pool for n workers (1 to WORKER_POOL_MAX), every count 0.  Returns
 * NULL (logged) if the shared mapping fails.  Free with
 * worker_pool_free (NULL is a no-op).
 */
struct worker_pool	*worker_pool_new(int n);
void			 worker_pool_free(struct worker_pool *pool);

/* Worker i is gone (its connections closed with it): its count is 0. */
void	worker_pool_reset(struct worker_pool *pool, int i);

#define WORKER_POOL_MAX	64

/*
 * Serves FastCGI requests on listen_fd (non-blocking) and on the
 * connections it accepts there, until SIGTERM, as worker i of pool.  The
 * stylesheets must already be loaded (render_init).  Opens its own app
 * database connection.  Returns the process exit status.
 */
int	worker_run(int listen_fd, const struct webconf *conf,
	    struct worker_pool *pool, int i);

#endif
