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
#include "lib/hex.h"

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

int
caop_crl_entry(void *arg, struct cacrl_entry *e)
{
	struct ca	*ca = arg;
	char		 hex[CASTORE_SERIAL_MAX];
	size_t		 n;
	int		 r;

	r = castore_revoked_next(ca->store, hex, sizeof(hex), &e->revoked_at,
	    &e->reason, &e->invalidity);
	if (r != 1)
		return r;
	n = strlen(hex);
	if (n == 0 || n % 2 != 0 || n / 2 > sizeof(e->serial))
		return -1;
	if (hex_decode(hex, n / 2, e->serial) == -1)
		return -1;
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

int
caop_stopped(const struct ca *ca)
{
	return __atomic_load_n(&ca->stopped, __ATOMIC_ACQUIRE);
}
