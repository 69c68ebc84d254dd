/*
 * fuzz_form.c: libFuzzer target for the personal-centre field validators
 * (fcgi/form.c).
 *
 * Input: the bytes of one form field (a NUL ends it, as it would a C
 * string).  Every validator runs on it with a too-small and a big output
 * buffer; nothing may crash or read out of bounds, an accepted value must
 * be NUL-terminated within its buffer and obey the validator's promise
 * (trimmed, the right alphabet, USCC upper case and 18 long).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* form.c's form_role needs the role names; fcgi/db/ is not linked here. */
const char *
appdb_role_name(enum appdb_role role)
{
	static const char *const n[] = { "admin", "project_lead",
	    "cost_engineer", "personal" };

	return (unsigned)role < 4 ? n[role] : "";
}

/* 1 if s has no leading or trailing space. */
static int
trimmed(const char *s)
{
	size_t	 n = strlen(s);

	return n == 0 || (s[0] != ' ' && s[n - 1] != ' ');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, out[300], tiny[4];
	long long	 id;
	enum appdb_role	 r;
	size_t		 i;

	if (size > 4096)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (form_text(s, 0, 64, size % 2, out, sizeof(out))) {
		if (!trimmed(out) || strlen(out) >= sizeof(out))
			abort();
	}
	(void)form_text(s, 1, 2, 0, tiny, sizeof(tiny));
	if (form_uscc(s, out, sizeof(out))) {
		if (strlen(out) != 18)
			abort();
		for (i = 0; i < 18; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				abort();
	}
	if (form_phone(s, out, sizeof(out)) &&
	    strspn(out, "0123456789 +-()") != strlen(out))
		abort();
	if (form_bank_account(s, out, sizeof(out)) &&
	    strspn(out, "0123456789 -") != strlen(out))
		abort();
	(void)form_phone(s, tiny, sizeof(tiny));
	if (form_id(s, &id) && (id < 1 || id > FORM_ID_MAX))
		abort();
	if (form_role(s, &r) && r == APPDB_ROLE_PERSONAL)
		abort();
	free(s);
	return 0;
}
