/*
 * ticker.h: webd's housekeeping process, the one child that is not a
 * FastCGI worker.  About once a second it sends the sandbox gateway's
 * due payment notifications (when webd -P is set); once a minute it
 * closes the orders left unpaid for 24 hours (order_expire_unpaid).
 */
#ifndef FCGI_TICKER_H
#define FCGI_TICKER_H

#include "fcgi/page.h"

/* Runs until SIGTERM or SIGINT (blocked on entry, as for workers).
 * Opens its own app database connection.  Returns the exit status. */
int	ticker_run(const struct webconf *conf);

#endif
