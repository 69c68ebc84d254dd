/*
 * sig.c: see sig.h.
 */
#include <signal.h>
#include <string.h>

#include "lib/sig.h"

void
sig_setup(void (*stop)(int))
{
	struct sigaction	 sa;
	sigset_t		 unblock;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&unblock);
	sigaddset(&unblock, SIGTERM);
	sigaddset(&unblock, SIGINT);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}
