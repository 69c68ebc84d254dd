/*
 * fuzz_valid.c: libFuzzer target for the field validators (fcgi/valid.c).
 *
 * Input: the bytes of one form field (a NUL ends it, as it would a C
 * string).  Every validator runs on it, and each answer is compared with
 * a small reference written here from the rules in valid.h and utf8.h
 * (the UTF-8 reference follows the table of well-formed byte sequences in
 * the Unicode standard, §3.9, rather than the decoder under test).
 * Nothing may crash, read out of bounds or disagree with the reference.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/valid.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Reference: characters in s, or -1 if it is not well-formed UTF-8, or
 * has a C0/DEL/C1 control, U+FFFE or U+FFFF.
 */
static long
ref_utf8_chars(const unsigned char *s)
{
	/* Unicode Table 3-7: lead range, then ranges of the next bytes. */
	static const struct {
		unsigned char	 lo, hi, n;
		unsigned char	 b1lo, b1hi;
	} t[] = {
		{ 0xc2, 0xdf, 1, 0x80, 0xbf },
		{ 0xe0, 0xe0, 2, 0xa0, 0xbf },
		{ 0xe1, 0xec, 2, 0x80, 0xbf },
		{ 0xed, 0xed, 2, 0x80, 0x9f },
		{ 0xee, 0xef, 2, 0x80, 0xbf },
		{ 0xf0, 0xf0, 3, 0x90, 0xbf },
		{ 0xf1, 0xf3, 3, 0x80, 0xbf },
		{ 0xf4, 0xf4, 3, 0x80, 0x8f },
	};
	size_t	 i, j, k;
	long	 n = 0;

	for (i = 0; s[i] != '\0'; n++) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 || s[i] == 0x7f)
				return -1;
			i++;
			continue;
		}
		for (j = 0; j < sizeof(t) / sizeof(t[0]); j++)
			if (s[i] >= t[j].lo && s[i] <= t[j].hi)
				break;
		if (j == sizeof(t) / sizeof(t[0]))
			return -1;
		if (s[i + 1] < t[j].b1lo || s[i + 1] > t[j].b1hi)
			return -1;
		for (k = 2; k <= t[j].n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return -1;
		/* C1 controls U+0080..U+009F: C2 80..C2 9F. */
		if (s[i] == 0xc2 && s[i + 1] <= 0x9f)
			return -1;
		/* U+FFFE, U+FFFF: EF BF BE, EF BF BF. */
		if (s[i] == 0xef && s[i + 1] == 0xbf && s[i + 2] >= 0xbe)
			return -1;
		i += 1 + t[j].n;
	}
	return n;
}

static int
ref_mobile(const char *s)
{
	size_t	 i;

	if (strlen(s) != 11 || s[0] != '1' || strchr("3456789", s[1]) ==
	    NULL || s[1] == '\0')
		return 0;
	for (i = 0; i < 11; i++)
		if (strchr("0123456789", s[i]) == NULL)
			return 0;
	return 1;
}

static int
ref_name(const char *s, size_t max)
{
	long	 n = ref_utf8_chars((const unsigned char *)s);
	size_t	 i;

	if (n < 1 || (size_t)n > max)
		return 0;
	/* Something besides spaces: U+0020, U+00A0 (C2 A0) and U+3000
	 * (E3 80 80) are spaces (valid.h). */
	for (i = 0; s[i] != '\0'; ) {
		if (s[i] == ' ')
			i += 1;
		else if ((unsigned char)s[i] == 0xc2 &&
		    (unsigned char)s[i + 1] == 0xa0)
			i += 2;
		else if ((unsigned char)s[i] == 0xe3 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80)
			i += 3;
		else
			return 1;
	}
	return 0;
}

static int
ref_password(const char *s)
{
	long	 n = ref_utf8_chars((const unsigned char *)s);
	int	 cls[4] = { 0, 0, 0, 0 };

	if (n < 8 || n > 64)
		return 0;
	for (; *s != '\0'; s++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ", *s) != NULL)
			cls[0] = 1;
		else if (strchr("abcdefghijklmnopqrstuvwxyz", *s) != NULL)
			cls[1] = 1;
		else if (strchr("0123456789", *s) != NULL)
			cls[2] = 1;
		else
			cls[3] = 1;
	}
	return cls[0] + cls[1] + cls[2] + cls[3] >= 3;
}

/* valid_int reference: 1..18 ASCII digits, value in [lo, hi]. */
static int
ref_int(const char *s, long long lo, long long hi, long long *out)
{
	char		*end;
	long long	 v;
	size_t		 len = strlen(s);

	if (len == 0 || len > 18 || strspn(s, "0123456789") != len)
		return 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

static void
check_int(const char *s, long long lo, long long hi)
{
	long long	 got = -7, want = -7;
	int		 r = valid_int(s, lo, hi, &got);

	if (r != ref_int(s, lo, hi, &want) || got != want)
		abort();
	if (r && (got < lo || got > hi))
		abort();
	/* A NULL output pointer gives the same answer. */
	if (valid_int(s, lo, hi, NULL) != r)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t	 maxes[] = { 0, 1, 2, 11, 32, 64, 1000 };
	char			*s;
	long			 n;
	size_t			 i;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';

	n = valid_utf8_chars(s);
	if (n != ref_utf8_chars((const unsigned char *)s))
		abort();
	if (n > (long)strlen(s) || (n >= 0 && (size_t)n * 4 < strlen(s)))
		abort();

	if (valid_mobile(s) != ref_mobile(s))
		abort();
	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++)
		if (valid_name(s, maxes[i]) != ref_name(s, maxes[i]))
			abort();
	if (valid_password(s) != ref_password(s))
		abort();

	check_int(s, 0, LLONG_MAX);
	check_int(s, 1, 1LL << 53);
	check_int(s, 5, 10);
	check_int(s, LLONG_MIN, -1);

	free(s);
	return 0;
}
