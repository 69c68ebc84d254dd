/*
 * cader.c: the strict DER reader of cader.h, and serials as the store
 * names them.  No allocation, no OpenSSL: callable from any thread.  The
 * key process links this file alone of the DER code (it reads, never
 * writes); the writers are in caderput.c.
 */
#include <string.h>

#include "ca/cader.h"

int
cader_get(struct cader_in *in, uint8_t tag, struct cader_in *val,
    struct cader_in *tlv)
{
	const uint8_t	*p = in->p;
	size_t		 left = in->len, n, k, h, i;

	if (left < 2 || p[0] != tag)
		return -1;
	if (p[1] < 0x80) {
		n = p[1];
		h = 2;
	} else {
		k = p[1] & 0x7f;
		/* 0x80 is BER's indefinite length; 0xff is reserved. */
		if (k == 0 || k > sizeof(size_t) || k == 0x7f ||
		    left < 2 + k || p[2] == 0)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = n << 8 | p[2 + i];
		if (n < 0x80)		/* not minimal */
			return -1;
		h = 2 + k;
	}
	if (n > left - h)
		return -1;
	val->p = p + h;
	val->len = n;
	if (tlv != NULL) {
		tlv->p = p;
		tlv->len = h + n;
	}
	in->p += h + n;
	in->len -= h + n;
	return 0;
}

int
cader_is(const struct cader_in *val, const uint8_t *v, size_t n)
{
	return val->len == n && memcmp(val->p, v, n) == 0;
}

