/*
 * form.h: bounded validators for the fields of the personal centre and
 * CA管理 forms (fcgi/centre.c, fcgi/certs.c), on top of valid.h.  Each
 * returns 1 if the input is acceptable (filling its output, if any), else
 * 0; NULL input is never acceptable.  Outputs are the values to store or
 * compare — handlers never use the raw field.
 */
#ifndef FCGI_FORM_H
#define FCGI_FORM_H

#include <stddef.h>

#include "fcgi/appdb.h"

#define FORM_ID_MAX	(1LL << 53)	/* largest id accepted from a form */

/*
 * Free text: after trimming ASCII spaces at both ends, min..max
 * characters of UTF-8 without control characters (multiline = 1 also
 * allows \n, \r and \t inside).  Copies the trimmed text to out (sz bytes,
 * 0 if it does not fit).
 */
int	form_text(const char *s, size_t min, size_t max, int multiline,
	    char *out, size_t sz);
/*
 * 统一社会信用代码 as typed: spaces trimmed, lower-case letters raised,
 * then uscc_valid() (GB 32100 check character).  out gets the 18
 * characters (sz >= 19).
 */
int	form_uscc(const char *s, char *out, size_t sz);
/* A telephone number: "" or 5..32 of digits, spaces and +-() */
int	form_phone(const char *s, char *out, size_t sz);
/* A bank account number: "" or 6..64 of digits, spaces and '-'. */
int	form_bank_account(const char *s, char *out, size_t sz);
/* A role an administrator may give: admin, project_lead, cost_engineer. */
int	form_role(const char *s, enum appdb_role *out);
/* A row id: decimal 1..FORM_ID_MAX. */
int	form_id(const char *s, long long *out);

#endif
