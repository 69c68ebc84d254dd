/*
 * cader.c: DER headers, Time values and a strict DER reader (cader.h).
 * No allocation, no OpenSSL: callable from any thread.
 */
#include <string.h>

#include "ca/cader.h"

/* Seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define TIME_MIN	(-62167219200LL)
#define TIME_MAX	253402300799LL

size_t
cader_hdr_size(size_t n)
{
	size_t	 k = 0;

	if (n < 0x80)
		return 2;
	for (; n > 0; n >>= 8)
		k++;
	return 2 + k;
}

size_t
cader_hdr(uint8_t *p, uint8_t tag, size_t n)
{
	size_t	 k, i;

	p[0] = tag;
	if (n < 0x80) {
		p[1] = (uint8_t)n;
		return 2;
	}
	k = cader_hdr_size(n) - 2;
	p[1] = (uint8_t)(0x80 | k);
	for (i = 0; i < k; i++)
		p[1 + k - i] = (uint8_t)(n >> (8 * i));
	return 2 + k;
}

static void
put2(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)('0' + v / 10);
	p[1] = (uint8_t)('0' + v % 10);
}

size_t
cader_time(uint8_t *p, int64_t t, int gen)
{
	int64_t		 days, secs, era, y;
	unsigned	 doe, yoe, doy, mp, d, m;
	uint8_t		*q;

	if (t < TIME_MIN || t > TIME_MAX)
		return 0;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* Civil date from days since 1970-01-01 (H. Hinnant). */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;

	if (!gen && (y < 1950 || y > 2049))
		gen = 1;
	q = p;
	if (gen) {
		*q++ = 0x18;
		*q++ = 15;
		put2(q, (unsigned)(y / 100));
		q += 2;
	} else {
		*q++ = 0x17;
		*q++ = 13;
	}
	put2(q, (unsigned)(y % 100));
	put2(q + 2, m);
	put2(q + 4, d);
	put2(q + 6, (unsigned)(secs / 3600));
	put2(q + 8, (unsigned)(secs / 60 % 60));
	put2(q + 10, (unsigned)(secs % 60));
	q[12] = 'Z';
	return (size_t)(q + 13 - p);
}

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

int
cader_serial_hex(const uint8_t *p, size_t n, char hex[41])
{
	static const char	 digits[] = "0123456789ABCDEF";
	size_t			 i;

	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > 20)
		return 0;
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[p[i] >> 4];
		hex[2 * i + 1] = digits[p[i] & 0xf];
	}
	hex[2 * n] = '\0';
	return 1;
}
