/*
 * worker.h: one FastCGI worker process.
 */
#ifndef FCGI_WORKER_H
#define FCGI_WORKER_H

#include "fcgi/page.h"

/*
 * Serves FastCGI requests accepted on listen_fd until SIGTERM.  The
 * stylesheets must already be loaded (render_init).  Opens its own app
 * database connection.  Returns the process exit status.
 */
int	worker_run(int listen_fd, const struct webconf *conf);

#endif
