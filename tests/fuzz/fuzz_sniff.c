/*
 * fuzz_sniff.c: libFuzzer target for the upload sniffer (fcgi/sniff.c).
 *
 * Input: the bytes of one uploaded file.  sniff() runs on an exact-size
 * copy (so a read past the end is caught) and its answer is compared with
 * a reference written here from the rules in sniff.h, byte by byte and
 * without the code under test.  The type tables must agree with the
 * answer too.  Nothing may crash, read out of bounds or disagree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/sniff.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 1 if the n bytes of pat occur in d[from..len) (naive scan). */
static int
ref_find(const uint8_t *d, size_t len, size_t from, const char *pat,
    size_t n)
{
	size_t	 i, j;

	for (i = from; i + n <= len; i++) {
		for (j = 0; j < n && d[i + j] == (uint8_t)pat[j]; j++)
			continue;
		if (j == n)
			return 1;
	}
	return 0;
}

static enum sniff_type
ref_sniff(const uint8_t *d, size_t len)
{
	static const char sig[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR";
	static const char iend[] = "\0\0\0\0IEND\xae\x42\x60\x82";

	if (len >= 8 + 25 + 12 && memcmp(d, sig, 16) == 0 &&
	    memcmp(d + len - 12, iend, 12) == 0)
		return SNIFF_PNG;
	if (len >= 6 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff &&
	    d[3] >= 0xc0 && d[3] != 0xff && ref_find(d, len, 4, "\xff\xd9", 2))
		return SNIFF_JPEG;
	if (len >= 11 && memcmp(d, "%PDF-", 5) == 0 && d[5] >= '0' &&
	    d[5] <= '9' && ref_find(d, len, len > 1024 ? len - 1024 : 6,
	    "%%EOF", 5))
		return SNIFF_PDF;
	return SNIFF_UNKNOWN;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*p;
	enum sniff_type	 t;

	if ((p = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	memcpy(p, data, size);
	t = sniff(p, size);
	if ((unsigned)t >= SNIFF__MAX || t != ref_sniff(p, size))
		abort();
	if ((t == SNIFF_UNKNOWN) != (sniff_mime(t) == NULL) ||
	    (t == SNIFF_UNKNOWN) != (sniff_ext(t) == NULL))
		abort();
	if (t != SNIFF_UNKNOWN && sniff_from_mime(sniff_mime(t)) != t)
		abort();
	/* Deterministic, and the input is left alone. */
	if (sniff(p, size) != t || memcmp(p, data, size) != 0)
		abort();
	free(p);
	return 0;
}
