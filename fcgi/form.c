/*
 * form.c: the form-field validators of form.h.  Pure functions over
 * NUL-terminated strings; every length is bounded before anything is
 * copied, and an output buffer too small is a refusal, never a
 * truncation.
 */
#include <string.h>

#include "fcgi/form.h"
#include "fcgi/uscc.h"
#include "fcgi/valid.h"

/* Trims spaces: sets *b and *e (exclusive) to the kept part of s. */
static void
trim(const char *s, size_t *b, size_t *e)
{
	*b = 0;
	while (s[*b] == ' ')
		(*b)++;
	*e = strlen(s);
	while (*e > *b && s[*e - 1] == ' ')
		(*e)--;
}

/* Copies s[b..e) to out (sz bytes).  0 if it does not fit. */
static int
copy(const char *s, size_t b, size_t e, char *out, size_t sz)
{
	if (out == NULL)
		return 1;
	if (e - b >= sz)
		return 0;
	memcpy(out, s + b, e - b);
	out[e - b] = '\0';
	return 1;
}

int
form_text(const char *s, size_t min, size_t max, int multiline, char *out,
    size_t sz)
{
	char	 tmp[4096];
	size_t	 b, e, i;
	long	 n;

	if (s == NULL)
		return 0;
	trim(s, &b, &e);
	if (e - b >= sizeof(tmp) || e - b > max * 4)
		return 0;
	memcpy(tmp, s + b, e - b);
	tmp[e - b] = '\0';
	/* valid_utf8_chars refuses every control; allow line breaks here. */
	if (multiline)
		for (i = 0; tmp[i] != '\0'; i++)
			if (tmp[i] == '\n' || tmp[i] == '\r' || tmp[i] == '\t')
				tmp[i] = ' ';
	if ((n = valid_utf8_chars(tmp)) < 0 || (size_t)n < min ||
	    (size_t)n > max)
		return 0;
	return copy(s, b, e, out, sz);
}

int
form_uscc(const char *s, char *out, size_t sz)
{
	char	 u[USCC_LEN + 1];
	size_t	 b, e, i;

	if (s == NULL)
		return 0;
	trim(s, &b, &e);
	if (e - b != USCC_LEN)
		return 0;
	for (i = 0; i < USCC_LEN; i++) {
		u[i] = s[b + i];
		if (u[i] >= 'a' && u[i] <= 'z')
			u[i] = (char)(u[i] - 'a' + 'A');
	}
	u[USCC_LEN] = '\0';
	if (!uscc_valid(u))
		return 0;
	return copy(u, 0, USCC_LEN, out, sz);
}

/* "" or min..max characters of s, all from set. */
static int
charset_field(const char *s, const char *set, size_t min, size_t max,
    char *out, size_t sz)
{
	size_t	 b, e;

	if (s == NULL)
		return 0;
	trim(s, &b, &e);
	if (e - b != 0 && (e - b < min || e - b > max))
		return 0;
	if (strspn(s + b, set) < e - b)
		return 0;
	return copy(s, b, e, out, sz);
}

int
form_phone(const char *s, char *out, size_t sz)
{
	return charset_field(s, "0123456789 +-()", 5, 32, out, sz);
}

int
form_bank_account(const char *s, char *out, size_t sz)
{
	return charset_field(s, "0123456789 -", 6, 64, out, sz);
}

int
form_role(const char *s, enum appdb_role *out)
{
	static const enum appdb_role	 given[] = { APPDB_ROLE_ADMIN,
	    APPDB_ROLE_PROJECT_LEAD, APPDB_ROLE_COST_ENGINEER };
	size_t				 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < sizeof(given) / sizeof(given[0]); i++)
		if (strcmp(s, appdb_role_name(given[i])) == 0) {
			if (out != NULL)
				*out = given[i];
			return 1;
		}
	return 0;
}

int
form_id(const char *s, long long *out)
{
	return valid_int(s, 1, FORM_ID_MAX, out);
}

int
form_key_serial(const char *s, char *out, size_t sz)
{
	return charset_field(s, "-_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz", 1, FORM_KEY_SERIAL_MAX, out, sz);
}

/*
 * s without its spaces (lower-case letters raised if upper) into out: 1
 * if every character left is in set and there are min..max of them.
 */
static int
squeeze(const char *s, const char *set, int upper, size_t min, size_t max,
    char *out, size_t sz)
{
	char	 buf[64];
	size_t	 i, n = 0;
	char	 ch;

	if (s == NULL || max >= sizeof(buf))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if ((ch = s[i]) == ' ')
			continue;
		if (upper && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (strchr(set, ch) == NULL || n == max)
			return 0;
		buf[n++] = ch;
	}
	if (n < min)
		return 0;
	return copy(buf, 0, n, out, sz);
}

int
form_tracking_no(const char *s, char *out, size_t sz)
{
	return squeeze(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1,
	    FORM_TRACKING_MIN, FORM_TRACKING_MAX, out, sz);
}

int
form_invoice_no(const char *s, char *out, size_t sz)
{
	char	 buf[FORM_INVOICE_NO_LONG + 1];
	size_t	 n;

	if (!squeeze(s, "0123456789", 0, FORM_INVOICE_NO_SHORT,
	    FORM_INVOICE_NO_LONG, buf, sizeof(buf)))
		return 0;
	n = strlen(buf);
	if (n != FORM_INVOICE_NO_SHORT && n != FORM_INVOICE_NO_LONG)
		return 0;
	return copy(buf, 0, n, out, sz);
}
