/*
 * caderput.c: the DER writers of cader.h (headers with minimal lengths,
 * Time values).  No allocation, no OpenSSL: callable from any thread.
 */
#include "ca/cader.h"
#include "lib/hex.h"

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

/* The reader's side, but not the key process's: cad and cactl name
 * serials by it (it stays out of the files casign links). */
int
cader_serial_hex(const uint8_t *p, size_t n, char hex[41])
{
	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > 20)
		return 0;
	hex_encode(p, n, hex, 1);
	return 1;
}
