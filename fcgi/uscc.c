/*
 * uscc.c: validation of the 统一社会信用代码 (GB 32100-2015).
 *
 * A code is 18 characters from a 31-character alphabet (the digits and the
 * capital letters without I, O, Z, S and V):
 *
 *   1      registration authority (登记管理部门): 1 机构编制, 5 民政,
 *          9 工商, Y 其他, and codes added since (A, N, ...)
 *   2      entity type (机构类别) within that authority: 1-9
 *   3-8    administrative division (GB/T 2260), six digits
 *   9-17   organization code (主体标识码, GB 11714), 17 being its own
 *          check character
 *   18     check character over 1-17: weights 3^(i-1) mod 31, value
 *          31 - (sum mod 31), where 31 means '0'
 *
 * Decisions.  The position-18 check is enforced strictly: it is what
 * catches a mistyped code.  The structure is checked only as far as no
 * legitimate code can fail it: authority codes have been added by later
 * notices, so position 1 may be any character but '0'; position 2 must be
 * a digit 1-9, positions 3-8 digits.  The GB 11714 check at position 17 is
 * not required by uscc_valid(): codes issued to existing organizations
 * carry their old organization code, and rejecting a genuine code on the
 * strength of that older scheme would lock its holder out, while a typo is
 * already caught by position 18.  uscc_org_code_ok() reports it for whoever
 * wants to warn.  Lower case is refused; the edge upper-cases input.
 *
 * uscc_city() reads positions 3-6 (province and prefecture of GB/T 2260)
 * for Liaoning's fourteen cities, the province the service is for: a
 * code registered elsewhere, or by a province-level authority (2100xx),
 * has no city here.
 */
#include <string.h>

#include "fcgi/uscc.h"

static const char	uscc_alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weights of positions 1-17: 3^(i-1) mod 31. */
static const int	uscc_weight[USCC_LEN - 1] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* Liaoning's prefecture-level cities by GB/T 2260 code (positions 3-6). */
static const struct {
	const char	*code;
	const char	*name;
} uscc_cities[] = {
	{ "2101", "沈阳市" }, { "2102", "大连市" }, { "2103", "鞍山市" },
	{ "2104", "抚顺市" }, { "2105", "本溪市" }, { "2106", "丹东市" },
	{ "2107", "锦州市" }, { "2108", "营口市" }, { "2109", "阜新市" },
	{ "2110", "辽阳市" }, { "2111", "盘锦市" }, { "2112", "铁岭市" },
	{ "2113", "朝阳市" }, { "2114", "葫芦岛市" },
};

/* GB 11714 weights of the eight body characters of an organization code. */
static const int	uscc_org_weight[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* The value 0-30 of c in the alphabet, or -1. */
static int
uscc_value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(uscc_alpha, c)) == NULL)
		return -1;
	return (int)(p - uscc_alpha);
}

int
uscc_check_char(const char *first17, char *out)
{
	int	 i, v, sum = 0;

	if (first17 == NULL)
		return -1;
	for (i = 0; i < USCC_LEN - 1; i++) {
		if ((v = uscc_value(first17[i])) == -1)
			return -1;
		sum += v * uscc_weight[i];
	}
	*out = uscc_alpha[(31 - sum % 31) % 31];
	return 0;
}

int
uscc_valid(const char *s)
{
	char	 c;
	int	 i;

	if (s == NULL || strnlen(s, USCC_LEN + 1) != USCC_LEN)
		return 0;
	if (s[0] == '0' || s[1] < '1' || s[1] > '9')
		return 0;
	for (i = 2; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (uscc_check_char(s, &c) == -1)
		return 0;
	return s[USCC_LEN - 1] == c;
}

int
uscc_org_code_ok(const char *s)
{
	int	 i, v, sum = 0;
	char	 want;

	if (!uscc_valid(s))
		return 0;
	for (i = 0; i < 8; i++) {
		/* GB 11714 values: digits 0-9, letters A=10 ... Z=35. */
		if (s[8 + i] >= '0' && s[8 + i] <= '9')
			v = s[8 + i] - '0';
		else
			v = s[8 + i] - 'A' + 10;
		sum += v * uscc_org_weight[i];
	}
	switch (v = 11 - sum % 11) {
	case 10:
		want = 'X';
		break;
	case 11:
		want = '0';
		break;
	default:
		want = (char)('0' + v);
		break;
	}
	return s[16] == want;
}

const char *
uscc_city(const char *s)
{
	size_t	 i;

	if (!uscc_valid(s))
		return NULL;
	for (i = 0; i < sizeof(uscc_cities) / sizeof(uscc_cities[0]); i++)
		if (strncmp(s + 2, uscc_cities[i].code, 4) == 0)
			return uscc_cities[i].name;
	return NULL;
}
