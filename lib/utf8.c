/*
 * utf8.c: strict UTF-8 validation (see utf8.h).  Reads exactly len bytes
 * and never past them.
 */
#include <string.h>

#include "lib/utf8.h"

long
utf8_count(const char *s, size_t len, const char *allow)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, n;
	unsigned		 c;
	long			 count = 0;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 || c == 0x7f) &&
			    (c == 0 || strchr(allow, (int)c) == NULL))
				return -1;
			i++;
			count++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			c &= 0x07;
		} else
			return -1;
		if (len - i <= n)
			return -1;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -1;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || c <= 0x9f ||
		    c == 0xfffe || c == 0xffff)
			return -1;
		i += n + 1;
		count++;
	}
	return count;
}
