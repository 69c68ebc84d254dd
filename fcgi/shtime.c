/*
 * shtime.c: formatting UTC times as Shanghai wall-clock time.  gmtime_r of
 * t + 8 h gives the Shanghai calendar fields without touching TZ or the
 * process's locale, so it is thread-safe and deterministic in tests.
 */
#include <time.h>

#include "fcgi/shtime.h"

/* Formats t + SHTIME_OFFSET with fmt; "" when out of range. */
static const char *
fmt_time(long long t, const char *fmt, char *buf, size_t sz)
{
	struct tm	 tm;
	time_t		 tt;

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	/* Year 0001 .. 9999 keeps the fields four digits wide. */
	if (t < -62135596800LL || t > 253402271999LL - SHTIME_OFFSET)
		return buf;
	tt = (time_t)(t + SHTIME_OFFSET);
	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, sz, fmt, &tm) == 0)
		buf[0] = '\0';
	return buf;
}

const char *
shtime_date(long long t, char *buf, size_t sz)
{
	return fmt_time(t, "%Y-%m-%d", buf, sz);
}

const char *
shtime_min(long long t, char *buf, size_t sz)
{
	return fmt_time(t, "%Y-%m-%d %H:%M", buf, sz);
}
