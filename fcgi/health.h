/*
 * health.h: the judgement of /healthz (fcgi/sys.c asks, this decides):
 * from the app database's answer and each issuing CA's figures (as its
 * daemon gave them to fcgi/metrics.h), which parts are healthy, and the
 * small JSON report a load balancer or a monitor reads.  It asks no one
 * and reads no clock: the caller passes the figures and the time, so
 * each rule can be tried with any figures (tests/unit/check_healthjudge).
 * README "Health and metrics" explains each check.
 */
#ifndef FCGI_HEALTH_H
#define FCGI_HEALTH_H

#include <stddef.h>
#include <time.h>

#include "fcgi/metrics.h"

/* The responder's and the notice signer's certificates, and the root's
 * CRL: at least this much left. */
#define HEALTH_CERT_MIN_SECS	(7 * 86400)

/* What is checked of each CA, in the report's order. */
enum health_check {
	HEALTH_DAEMON,		/* its daemon answered METRICS in time */
	HEALTH_KEY,		/* its key process answered the daemon */
	HEALTH_STORE,		/* its store could be read */
	HEALTH_CRL,		/* every CRL's nextUpdate far enough ahead */
	HEALTH_OCSP_CERT,	/* responder certificate > 7 days left */
	HEALTH_NOTICE_CERT,	/* notice signer's certificate > 7 days */
	HEALTH_QUEUES,		/* no platform's queue stuck */
	HEALTH__MAX
};

enum health_state {
	HEALTH_OK,
	HEALTH_FAIL,
	HEALTH_NONE,		/* not set up (no responder) */
	HEALTH_UNKNOWN		/* its daemon did not answer */
};

/*
 * Each check of CA a at time now into h; a notice queue is stuck when
 * its oldest undelivered notice is older than stuck seconds (or one gave
 * up).  With no answer from the daemon only HEALTH_DAEMON is judged.
 */
void	health_judge(const struct metrics_ca *a, time_t now, long stuck,
	    enum health_state h[HEALTH__MAX]);

/*
 * The report of /healthz: {"status":"ok"|"fail","app_db":…,"cas":[one
 * object per CA naming each check's state],"failed":[each failed part]}
 * and a newline; app_db is whether the app database answered.  *ok is 1
 * when nothing failed.  Malloc'd, *len bytes; NULL when out of memory.
 */
char	*health_report(int app_db, const struct metrics_ca *cas, size_t n,
	    time_t now, long stuck, int *ok, size_t *len);

#endif
