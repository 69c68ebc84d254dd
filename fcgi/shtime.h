/*
 * shtime.h: showing stored times (unix seconds, UTC) the way applicants
 * read them: Asia/Shanghai, which is UTC+8 all year (no daylight saving
 * since 1991), so no time zone database is consulted.
 */
#ifndef FCGI_SHTIME_H
#define FCGI_SHTIME_H

#include <stddef.h>

#define SHTIME_OFFSET	(8 * 60 * 60)	/* seconds east of UTC */
#define SHTIME_BUFSZ	20		/* "YYYY-MM-DD HH:MM:SS" + NUL */

/*
 * Writes t as "YYYY-MM-DD" (shtime_date) or "YYYY-MM-DD HH:MM" (shtime_min)
 * in Shanghai time into buf (sz >= SHTIME_BUFSZ).  Returns buf; a time out
 * of range gives "".
 */
const char	*shtime_date(long long t, char *buf, size_t sz);
const char	*shtime_min(long long t, char *buf, size_t sz);
/* "YYYY-MM-DD HH:MM:SS", likewise. */
const char	*shtime_sec(long long t, char *buf, size_t sz);

/*
 * Reads "YYYY-MM-DD HH:MM:SS" (Shanghai time, a real calendar date and a
 * time without leap second, nothing before or after) into *t (unix
 * seconds).  0, or -1 if s is not exactly that.
 */
int		 shtime_parse(const char *s, long long *t);

#endif
