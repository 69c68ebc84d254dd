/*
 * shtime.c: formatting UTC times as Shanghai wall-clock time.  gmtime_r of
 * t + 8 h gives the Shanghai calendar fields without touching TZ or the
 * process's locale, so it is thread-safe and deterministic in tests.
 */
#include <stdio.h>
#include <time.h>

#include "fcgi/shtime.h"

/* The Shanghai calendar fields of t in *tm: 0, or -1 out of range. */
static int
fields(long long t, struct tm *tm)
{
	time_t	 tt;

	/* Years 0001 .. 9999 keep every field four digits wide. */
	if (t < -62135596800LL || t > 253402271999LL - SHTIME_OFFSET)
		return -1;
	tt = (time_t)(t + SHTIME_OFFSET);
	return gmtime_r(&tt, tm) == NULL ? -1 : 0;
}

const char *
shtime_date(long long t, char *buf, size_t sz)
{
	struct tm	 tm;

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	if (fields(t, &tm) == 0)
		snprintf(buf, sz, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
	return buf;
}

const char *
shtime_min(long long t, char *buf, size_t sz)
{
	struct tm	 tm;

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	if (fields(t, &tm) == 0)
		snprintf(buf, sz, "%04d-%02d-%02d %02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min);
	return buf;
}
