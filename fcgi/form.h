/*
 * form.h: bounded validators for form fields that are normalised on the
 * way in (trimmed, upper-cased, spaces dropped), on top of valid.h.  The
 * key table (fcgi/param.c) names them for its keys.  Each returns 1 if
 * the input is acceptable (filling its output, if any), else 0; NULL
 * input is never acceptable unless said otherwise.  Outputs are the
 * values to store or compare — handlers never use the raw field.
 */
#ifndef FCGI_FORM_H
#define FCGI_FORM_H

#include <stddef.h>

#include "fcgi/appdb.h"

#define FORM_ID_MAX	(1LL << 53)	/* largest id accepted from a form */
#define FORM_KEY_SERIAL_MAX	64	/* bytes of a CA锁's serial */
#define FORM_TRACKING_MIN	8	/* characters of a 快递单号 */
#define FORM_TRACKING_MAX	32
#define FORM_INVOICE_NO_SHORT	8	/* digits of a 专票's 发票号码 */
#define FORM_INVOICE_NO_LONG	20	/* digits of a 全电发票's 发票号码 */

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
/*
 * The serial printed on a CA锁 (USB key): spaces trimmed, then "" or
 * 1..FORM_KEY_SERIAL_MAX of letters, digits, '-' and '_'.
 */
int	form_key_serial(const char *s, char *out, size_t sz);
/*
 * A 快递单号 (an SF waybill number) as typed: spaces ignored, lower case
 * raised, then FORM_TRACKING_MIN..FORM_TRACKING_MAX letters or digits.
 * out gets them (sz > FORM_TRACKING_MAX).
 */
int	form_tracking_no(const char *s, char *out, size_t sz);
/*
 * A 发票号码 as typed: spaces ignored, then FORM_INVOICE_NO_SHORT or
 * FORM_INVOICE_NO_LONG digits.  out gets them (sz > FORM_INVOICE_NO_LONG).
 */
int	form_invoice_no(const char *s, char *out, size_t sz);

#endif
