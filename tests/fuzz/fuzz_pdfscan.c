/*
 * fuzz_pdfscan.c: libFuzzer target for the PDF active-content scan
 * (fcgi/pdfscan.c).
 *
 * Input: the bytes of one uploaded PDF.  pdfscan() runs on an exact-size
 * copy (so a read past the end is caught); its answer must be one of the
 * three results, with a name for the two refusals and "" for a clean
 * file.  Nothing may crash, leak, read out of bounds or inflate past
 * PDFSCAN_INFLATE_MAX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/pdfscan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char		*p;
	const char		*found = NULL;
	enum pdfscan_result	 r;

	if ((p = malloc(len > 0 ? len : 1)) == NULL)
		return 0;
	memcpy(p, data, len);
	r = pdfscan(p, len, &found);
	if (found == NULL || (unsigned)r >= PDFSCAN__MAX ||
	    (r == PDFSCAN_CLEAN) != (found[0] == '\0'))
		abort();
	free(p);
	return 0;
}
