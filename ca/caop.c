/*
 * caop.c: see caop.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca/ca.h"
#include "ca/caop.h"
#include "ca/cacrl.h"
#include "ca/castore.h"

int
caop_fail(struct proto_buf *out, enum proto_err code, const char *msg)
{
	proto_err_reply(out, code, msg);
	return 1;
}

int
caop_actor_ok(const char *a)
{
	const unsigned char	*p = (const unsigned char *)a;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int
caop_serial_norm(char *s, size_t sz)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > 40)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'f')
			s[i] -= 'a' - 'A';
		else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return -1;
	}
	if (n % 2 == 1) {
		if (n + 2 > sz)
			return -1;
		memmove(s + 1, s, n + 1);
		s[0] = '0';
	}
	return 0;
}

/* 1 + the value of each uppercase hex digit; 0 for every other octet
 * (a constant: readers on several threads need no initialisation). */
static const uint8_t	 hexval1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16
};

int
caop_crl_entry(void *arg, struct cacrl_entry *e)
{
	struct ca	*ca = arg;
	char		 hex[CASTORE_SERIAL_MAX];
	const uint8_t	*h = (const uint8_t *)hex;
	size_t		 i, n;
	int		 r;
	uint8_t		 hi, lo;

	r = castore_revoked_next(ca->store, hex, sizeof(hex), &e->revoked_at,
	    &e->reason, &e->invalidity);
	if (r != 1)
		return r;
	n = strlen(hex);
	if (n == 0 || n % 2 != 0 || n / 2 > sizeof(e->serial))
		return -1;
	for (i = 0; i < n / 2; i++) {
		hi = hexval1[h[2 * i]];
		lo = hexval1[h[2 * i + 1]];
		if (hi == 0 || lo == 0)
			return -1;
		e->serial[i] = (uint8_t)((hi - 1) << 4 | (lo - 1));
	}
	e->serial_len = n / 2;
	return 1;
}

int
caop_touch(struct ca *ca, const char *serial)
{
	void	*t;
	size_t	 cap;

	if (ca->ocspdir == NULL)
		return 0;
	if (ca->ntouched == ca->touched_cap) {
		cap = ca->touched_cap == 0 ? 64 : ca->touched_cap * 2;
		if ((t = realloc(ca->touched, cap *
		    sizeof(*ca->touched))) == NULL)
			return -1;
		ca->touched = t;
		ca->touched_cap = cap;
	}
	snprintf(ca->touched[ca->ntouched++], sizeof(*ca->touched), "%s",
	    serial);
	return 0;
}
