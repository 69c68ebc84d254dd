/*
 * fuzz_param.c: libFuzzer target for the key table (fcgi/param.c): random
 * key/value pairs through the validation of every declared key.
 *
 * Input: a method byte (even: GET, odd: POST), then records
 *
 *	SEL LEN VALUE[LEN]
 *
 * SEL below 0xf0 names a declared key (SEL % KEY__MAX, so every key is
 * reached and a name with two meanings is checked for both); from 0xf0
 * up the record is a name of its own: LEN bytes of name, then LEN2 and
 * the value.  A NUL ends a name or value early, as it would a C string.
 * Each record goes into the query or the form (SEL's top bit for a
 * declared key, its low bit for a name of its own), so keys of the
 * wrong source are present too.  After param_parse() every
 * key must be in a state its value explains, and a valid one must keep
 * its type's promise (in range, of its list, trimmed, in its alphabet,
 * of its length); nothing may crash, leak or read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/form.h"
#include "fcgi/param.h"
#include "fcgi/pickup.h"
#include "fcgi/uscc.h"
#include "fcgi/valid.h"
#include "lib/utf8.h"

#define PAIRS_MAX	64

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* form.c's form_role needs the role names; fcgi/db/ is not linked here. */
const char *
appdb_role_name(enum appdb_role role)
{
	static const char *const n[] = { "admin", "project_lead",
	    "cost_engineer", "personal" };

	return (unsigned)role < 4 ? n[role] : "";
}

/* A NUL-terminated copy of p[0..len) up to any NUL. */
static char *
str(const uint8_t *p, size_t len)
{
	const uint8_t	*nul;
	char		*s;

	if ((nul = memchr(p, '\0', len)) != NULL)
		len = (size_t)(nul - p);
	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* The first value of name in v[0..n), as req_query() finds it. */
static const char *
first(const struct req_pair *v, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, name) == 0)
			return v[i].val;
	return NULL;
}

/* 1 if s has no space at either end. */
static int
trimmed(const char *s)
{
	size_t	 n = strlen(s);

	return n == 0 || (s[0] != ' ' && s[n - 1] != ' ');
}

/* 1 if s is min..max bytes of set. */
static int
all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t	 n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

/* The promise of a valid value v of row r. */
static void
check_valid(const struct param_row *r, const struct param_val *v)
{
	const char	*t = v->text;
	long		 n;
	size_t		 i;

	switch (r->type) {
	case PT_INT:
		if (v->num < r->lo || v->num > r->hi || t != NULL)
			abort();
		return;
	case PT_ENUM:
		if (v->num < 0 || v->num >= r->hi ||
		    r->names[v->num] == NULL ||
		    strcmp(r->names[v->num], v->raw) != 0)
			abort();
		return;
	case PT_CHECKBOX:
		if (v->num != 1 || strcmp(v->raw, "1") != 0)
			abort();
		return;
	case PT_ROLE:
		if (v->num != APPDB_ROLE_ADMIN &&
		    v->num != APPDB_ROLE_PROJECT_LEAD &&
		    v->num != APPDB_ROLE_COST_ENGINEER)
			abort();
		return;
	default:
		break;
	}
	if (t == NULL || (t != v->raw && t != v->own))
		abort();
	switch (r->type) {
	case PT_WORD:
		if (t != v->raw || !all_of(t, r->set, (size_t)r->lo,
		    (size_t)r->hi))
			abort();
		break;
	case PT_TEXT:
		n = utf8_count(t, strlen(t), (r->flags & PF_MULTILINE) ?
		    "\t\n\r" : "");
		if (!trimmed(t) || n < r->lo || n > r->hi ||
		    strstr(v->raw, t) == NULL)
			abort();
		if ((r->flags & PF_NAME) && !valid_name(t, (size_t)r->hi))
			abort();
		break;
	case PT_SECRET:
		n = valid_utf8_chars(t);
		if (t != v->raw || n < r->lo || n > r->hi)
			abort();
		break;
	case PT_NEW_PASSWORD:
		if (t != v->raw || !valid_password(t))
			abort();
		break;
	case PT_MOBILE:
		if (t != v->raw || !valid_mobile(t))
			abort();
		break;
	case PT_USCC:
		if (strlen(t) != USCC_LEN || !uscc_valid(t))
			abort();
		for (i = 0; t[i] != '\0'; i++)
			if (t[i] >= 'a' && t[i] <= 'z')
				abort();
		break;
	case PT_PHONE:
		if (!trimmed(t) || strspn(t, "0123456789 +-()") != strlen(t))
			abort();
		break;
	case PT_BANK_ACCOUNT:
		if (!trimmed(t) || strspn(t, "0123456789 -") != strlen(t))
			abort();
		break;
	case PT_SMS_CODE:
		if (!all_of(t, "0123456789", 6, 6))
			abort();
		break;
	case PT_PICKUP_CODE:
		if (!all_of(t, "23456789ABCDEFGHJKMNPQRSTUVWXYZ",
		    PICKUP_CODE_LEN, PICKUP_CODE_LEN))
			abort();
		break;
	case PT_TRACKING_NO:
		if (!all_of(t, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		    FORM_TRACKING_MIN, FORM_TRACKING_MAX))
			abort();
		break;
	case PT_INVOICE_NO:
		if (!all_of(t, "0123456789", FORM_INVOICE_NO_SHORT,
		    FORM_INVOICE_NO_LONG) || (strlen(t) !=
		    FORM_INVOICE_NO_SHORT && strlen(t) !=
		    FORM_INVOICE_NO_LONG))
			abort();
		break;
	case PT_KEY_SERIAL:
		if (!all_of(t, "-_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz", 0, FORM_KEY_SERIAL_MAX))
			abort();
		break;
	default:
		abort();
	}
}

/* Every key of p against the request's pairs v[0..n). */
static void
check(const struct params *p, const struct req_pair *v, size_t n)
{
	const struct param_row	*r;
	const struct param_val	*pv;
	struct param_val	 again;
	const char		*raw, *keep;
	long long		 num;
	int			 k;

	for (k = 0; k < KEY__MAX; k++) {
		r = param_row((enum param_key)k);
		pv = &p->v[k];
		raw = first(v, n, r->name);
		if (pv->raw != raw ||
		    (raw == NULL) != (pv->state == PARAM_ABSENT))
			abort();
		if (raw == NULL)
			continue;
		if (pv->state == PARAM_OK)
			check_valid(r, pv);
		else if (pv->state != PARAM_BAD || pv->text != NULL ||
		    pv->own != NULL)
			abort();
		/* The same value checked alone gives the same answer. */
		if (param_check((enum param_key)k, raw, &again) != 0 ||
		    again.state != pv->state || again.num != pv->num ||
		    (again.text == NULL) != (pv->text == NULL) ||
		    (again.text != NULL && strcmp(again.text, pv->text) != 0))
			abort();
		free(again.own);
		/* The accessors agree with the state. */
		if ((param_text(p, (enum param_key)k) != NULL) !=
		    (pv->state == PARAM_OK && pv->text != NULL))
			abort();
		if (param_int(p, (enum param_key)k, &num) !=
		    (pv->state == PARAM_OK && r->type == PT_INT))
			abort();
		if ((param_enum(p, (enum param_key)k) >= 0) !=
		    (pv->state == PARAM_OK && r->type == PT_ENUM))
			abort();
		if ((keep = param_keep(p, (enum param_key)k)) != NULL &&
		    (keep != raw || strlen(keep) >= PARAM_KEEP_MAX ||
		    utf8_count(keep, strlen(keep), "\t\n\r") < 0))
			abort();
		if (param_given(p, (enum param_key)k) !=
		    (raw[strspn(raw, " ")] != '\0'))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req_pair	 q[PAIRS_MAX], f[PAIRS_MAX], *pv;
	struct req	 r;
	struct params	 p;
	size_t		 off = 1, len, nq = 0, nf = 0, *np, i;
	uint8_t		 sel;
	char		*name;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	r.method = data[0] % 2 ? REQ_POST : REQ_GET;
	while (off + 2 <= size && nq < PAIRS_MAX && nf < PAIRS_MAX) {
		sel = data[off++];
		len = data[off++];
		if (sel >= 0xf0) {
			if (len > size - off)
				len = size - off;
			name = str(data + off, len);
			off += len;
			if (off >= size || name[0] == '\0') {
				free(name);
				break;
			}
			len = data[off++];
		} else {
			name = strdup(param_row((enum param_key)(sel %
			    KEY__MAX))->name);
			if (name == NULL)
				abort();
		}
		if (len > size - off)
			len = size - off;
		i = sel >= 0xf0 ? sel & 1 : (sel & 0x80) != 0;
		pv = i ? f : q;
		np = i ? &nf : &nq;
		pv[*np].key = name;
		pv[*np].val = str(data + off, len);
		(*np)++;
		off += len;
	}
	r.query = q;
	r.nquery = nq;
	r.form = f;
	r.nform = nf;

	if (param_parse(&p, &r) != 0)
		abort();
	if (r.method == REQ_POST)
		check(&p, f, nf);
	else
		check(&p, q, nq);
	param_free(&p);
	for (i = 0; i < nq; i++) {
		free(q[i].key);
		free(q[i].val);
	}
	for (i = 0; i < nf; i++) {
		free(f[i].key);
		free(f[i].val);
	}
	return 0;
}
