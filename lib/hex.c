/*
 * hex.c: see hex.h.  A table rather than branches: the CRL writer decodes
 * every revoked serial with it, on several threads (a constant needs no
 * initialisation).
 */
#include "lib/hex.h"

/* 1 + the value of each hex digit; 0 for every other octet. */
static const unsigned char	 val1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16
};

int
hex_digit(int c)
{
	return c < 0 || c > 255 ? -1 : (int)val1[c] - 1;
}

void
hex_encode(const unsigned char *b, size_t n, char *out, int upper)
{
	const char	*d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t		 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 0xf];
	}
	out[2 * n] = '\0';
}

int
hex_decode(const char *s, size_t n, unsigned char *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;
	unsigned		 hi, lo;

	for (i = 0; i < n; i++) {
		hi = val1[p[2 * i]];
		lo = val1[p[2 * i + 1]];
		if (hi == 0 || lo == 0)
			return -1;
		out[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
	}
	return 0;
}
