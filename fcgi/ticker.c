/*
 * ticker.c: webd's housekeeping loop (see ticker.h).
 *
 * Each pass does its work and then sleeps a second; SIGTERM ends the
 * sleep and the loop.  A failing pass is logged and retried on the next
 * one: nothing here holds state between passes but the database.
 */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/order.h"
#ifdef PAY_SANDBOX
#include "fcgi/paysandbox.h"
#endif
#include "fcgi/ticker.h"
#include "lib/log.h"
#include "lib/sig.h"

#define EXPIRE_EVERY	60	/* seconds between order_expire_unpaid() */

static volatile sig_atomic_t	 quit;

static void
on_term(int sig)
{
	(void)sig;
	quit = 1;
}

int
ticker_run(const struct webconf *conf)
{
	struct appdb		*db;
	struct timespec		 pause = { 1, 0 };
	long long		 now, next_expire = 0;
	int			 n;

	sig_setup(on_term);

	if ((db = appdb_open(conf->db_path)) == NULL) {
		char	 shown[512];

		appdb_describe(conf->db_path, shown, sizeof(shown));
		log_err("ticker: cannot open %s", shown);
		return 1;
	}
	log_info("ticker: started%s", conf->pay_sandbox != NULL ?
	    " (sandbox payment notifications)" : "");
	while (!quit) {
		now = (long long)time(NULL);
		if (now >= next_expire) {
			if ((n = order_expire_unpaid(db, now)) > 0)
				log_info("ticker: closed %d unpaid order%s", n,
				    n == 1 ? "" : "s");
			next_expire = now + EXPIRE_EVERY;
		}
#ifdef PAY_SANDBOX
		if (conf->pay_sandbox != NULL)
			paysandbox_deliver(conf->pay_sandbox, conf->tls_ca,
			    now);
#endif
		if (!quit)
			nanosleep(&pause, NULL);
	}
#ifdef PAY_SANDBOX
	paysandbox_close_db();
#endif
	appdb_close(db);
	log_info("ticker: stopped");
	return 0;
}
