/*
 * paygate.c: see paygate.h.  Compiled twice: without PAY_SANDBOX for the
 * production webd, with it for webd-sandbox (Makefile, SB_SRC).
 */
#include <stddef.h>

#include "fcgi/paygate.h"
#ifdef PAY_SANDBOX
#include "fcgi/paysandbox.h"
#endif

const struct pay_provider *
paygate_provider(const struct webconf *conf)
{
#ifdef PAY_SANDBOX
	if (conf->pay_sandbox != NULL)
		return paysandbox_provider(conf->pay_sandbox);
#else
	(void)conf;
#endif
	return NULL;
}
