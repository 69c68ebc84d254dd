/*
 * shtime.c: formatting UTC times as Shanghai wall-clock time.  gmtime_r of
 * t + 8 h gives the Shanghai calendar fields without touching TZ or the
 * process's locale, so it is thread-safe and deterministic in tests.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/shtime.h"

/* The Shanghai calendar fields of t in *tm: 0, or -1 out of range. */
static int
fields(long long t, struct tm *tm)
{
	time_t	 tt;

	/* Years 0001 .. 9999 keep every field four digits wide. */
	if (t < -62135596800LL || t > 253402300799LL - SHTIME_OFFSET)
		return -1;
	tt = (time_t)(t + SHTIME_OFFSET);
	return gmtime_r(&tt, tm) == NULL ? -1 : 0;
}

static void
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/*
 * The first len characters of "YYYY-MM-DD HH:MM:SS" for t, cut to sz - 1
 * like snprintf would, into buf.  Written by hand: snprintf was a tenth
 * of the instructions of building the CA管理 page's document.
 */
static const char *
format(long long t, char *buf, size_t sz, size_t len)
{
	struct tm	 tm;
	char		 s[SHTIME_BUFSZ];
	int		 y;

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	if (fields(t, &tm) != 0)
		return buf;
	y = tm.tm_year + 1900;
	two(s, y / 100);
	two(s + 2, y % 100);
	s[4] = '-';
	two(s + 5, tm.tm_mon + 1);
	s[7] = '-';
	two(s + 8, tm.tm_mday);
	s[10] = ' ';
	two(s + 11, tm.tm_hour);
	s[13] = ':';
	two(s + 14, tm.tm_min);
	s[16] = ':';
	two(s + 17, tm.tm_sec);
	if (len > sz - 1)
		len = sz - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

const char *
shtime_date(long long t, char *buf, size_t sz)
{
	return format(t, buf, sz, 10);
}

const char *
shtime_min(long long t, char *buf, size_t sz)
{
	return format(t, buf, sz, 16);
}

const char *
shtime_sec(long long t, char *buf, size_t sz)
{
	return format(t, buf, sz, 19);
}

/* The number in s[0..n), all digits, or -1. */
static int
digits(const char *s, int n)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long
days_from_civil(long long y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
shtime_parse(const char *s, long long *t)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int	 y, mo, d, h, mi, se, leap;

	if (s == NULL || strnlen(s, 20) != 19 || s[4] != '-' ||
	    s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return -1;
	if ((y = digits(s, 4)) < 1 || (mo = digits(s + 5, 2)) < 1 ||
	    mo > 12 || (d = digits(s + 8, 2)) < 1 || d > mdays[mo - 1] ||
	    (h = digits(s + 11, 2)) < 0 || h > 23 ||
	    (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
	    (se = digits(s + 17, 2)) < 0 || se > 59)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	    SHTIME_OFFSET;
	return 0;
}
