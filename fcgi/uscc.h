/*
 * uscc.h: the 统一社会信用代码 (unified social credit code, GB 32100-2015),
 * the 18-character identifier of every company, and the tax number
 * (纳税人识别号) on its invoices.
 */
#ifndef FCGI_USCC_H
#define FCGI_USCC_H

#define USCC_LEN	18

/*
 * Returns 1 if s is a well-formed code, else 0 (also for NULL).  s must be
 * exactly 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (upper case
 * only: callers that take user input upper-case it first), with a plausible
 * structure (see uscc.c) and the right check character at position 18.
 */
int	uscc_valid(const char *s);

/*
 * Computes the GB 32100 check character of the first 17 characters of
 * first17 into *out.  Returns 0, or -1 if first17 is NULL, shorter than 17
 * characters, or holds a character outside the code's alphabet (*out is
 * then left alone).  Characters after the 17th are ignored.
 */
int	uscc_check_char(const char *first17, char *out);

/*
 * Returns 1 if positions 9-17 of the valid code s form an organization
 * code whose own GB 11714 check character (position 17) is right, else 0.
 * Advisory only: uscc_valid() does not require it (see uscc.c).
 */
int	uscc_org_code_ok(const char *s);

/*
 * The city the valid code s was registered in, as Chinese text with its
 * 市 ("大连市"), when it is one of Liaoning's prefecture-level cities
 * (positions 3-6); NULL otherwise (also for an invalid code).  Static
 * storage.
 */
const char *uscc_city(const char *s);

#endif
