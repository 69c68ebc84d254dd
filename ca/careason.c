/*
 * careason.c: the CRLReason table (RFC 5280 5.3.1), one row per code.
 */
#include <stddef.h>
#include <strings.h>

#include "ca/careason.h"

static const char *const names[] = {
	"unspecified",		/* 0 */
	"keyCompromise",	/* 1 */
	"cACompromise",		/* 2 */
	"affiliationChanged",	/* 3 */
	"superseded",		/* 4 */
	"cessationOfOperation",	/* 5 */
	"certificateHold",	/* 6 */
	NULL,			/* 7: not used by RFC 5280 */
	"removeFromCRL",	/* 8 */
	"privilegeWithdrawn",	/* 9 */
	"aACompromise",		/* 10 */
};

static const struct {
	const char	*alias;
	int		 code;
} aliases[] = {
	{ "lost", CAREASON_KEY_COMPROMISE },	/* 证书丢失 */
	{ "damaged", CAREASON_SUPERSEDED },	/* 证书损坏 */
	{ "other", CAREASON_UNSPECIFIED },	/* 其他 */
	{ "hold", CAREASON_HOLD },
};

int
careason_parse(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i] != NULL && strcasecmp(s, names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(s, aliases[i].alias) == 0)
			return aliases[i].code;
	return -1;
}

const char *
careason_name(int code)
{
	if (code == -1)
		return "none";
	if (code < 0 || code > 10 || names[code] == NULL)
		return "?";
	return names[code];
}

int
careason_revocable(long long code)
{
	return code >= 0 && code <= 10 && code != 7 &&
	    code != CAREASON_REMOVE_FROM_CRL;
}
