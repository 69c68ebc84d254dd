/*
 * valid.c: the field validators of valid.h.  Pure functions over
 * NUL-terminated strings (req.c already guaranteed valid UTF-8 without
 * NUL bytes, but nothing here relies on it).
 */
#include <string.h>

#include "fcgi/valid.h"

long
valid_utf8_chars(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	long			 n = 0;
	unsigned		 c, k, i, v;

	if (s == NULL)
		return -1;
	while (*p != '\0') {
		c = *p;
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (c < 0x80) {
			p++;
			n++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			k = 1;
			v = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2;
			v = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3;
			v = c & 0x07;
		} else
			return -1;
		for (i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			v = v << 6 | (p[i] & 0x3f);
		}
		if ((k == 1 && v < 0x80) || (k == 2 && v < 0x800) ||
		    (k == 3 && v < 0x10000) || v > 0x10ffff ||
		    (v >= 0xd800 && v <= 0xdfff) || (v >= 0x80 && v < 0xa0))
			return -1;
		p += k + 1;
		n++;
	}
	return n;
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
	return strspn(s, " ") != strlen(s);
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
