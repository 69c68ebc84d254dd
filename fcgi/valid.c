/*
 * valid.c: the field validators of valid.h.  Pure functions over
 * NUL-terminated strings (req.c already guaranteed valid UTF-8 without
 * NUL bytes, but nothing here relies on it).
 */
#include <string.h>

#include "fcgi/valid.h"
#include "lib/utf8.h"

long
valid_utf8_chars(const char *s)
{
	return s == NULL ? -1 : utf8_count(s, strlen(s), "");
}

int
valid_mobile(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 11 || s[0] != '1' || s[1] < '3' ||
	    s[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
valid_name(const char *s, size_t max)
{
	long	 n = valid_utf8_chars(s);

	if (n < 1 || (size_t)n > max)
		return 0;
	/* Not only spaces: ASCII, no-break (U+00A0), ideographic (U+3000). */
	for (;;) {
		if (*s == ' ')
			s++;
		else if (strncmp(s, "\xc2\xa0", 2) == 0)
			s += 2;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	return *s != '\0';
}

int
valid_password(const char *s)
{
	int	 up = 0, lo = 0, dig = 0, oth = 0;
	long	 n = valid_utf8_chars(s);

	if (n < 8 || n > 64)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s >= 'A' && *s <= 'Z')
			up = 1;
		else if (*s >= 'a' && *s <= 'z')
			lo = 1;
		else if (*s >= '0' && *s <= '9')
			dig = 1;
		else
			oth = 1;
	}
	return up + lo + dig + oth >= 3;
}

int
valid_int(const char *s, long long lo, long long hi, long long *out)
{
	long long	 v = 0;
	size_t		 i, n;

	if (s == NULL || (n = strlen(s)) == 0 || n > 18)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return 0;
	if (out != NULL)
		*out = v;
	return 1;
}

int
valid_word(const char *s, const char *set, size_t min, size_t max)
{
	size_t	 n;

	if (s == NULL || set == NULL)
		return 0;
	n = strlen(s);
	return n >= min && n <= max && strspn(s, set) == n;
}
