/*
 * valid.h: bounded validators that turn form and query text into typed
 * values.  Each returns 1 if the input is acceptable (and fills its
 * output, if any), else 0.  NULL input is never acceptable.  Handlers
 * call these on every field they read; nothing unvalidated is stored or
 * compared.
 */
#ifndef FCGI_VALID_H
#define FCGI_VALID_H

#include <stddef.h>

/* 11-digit mainland mobile number: 1[3-9] followed by 9 digits. */
int	valid_mobile(const char *s);
/*
 * A person's or company's display name: 1..max characters of UTF-8
 * without control characters, not only spaces.
 */
int	valid_name(const char *s, size_t max);
/*
 * Password rules shown on the register and reset pages: 8..64 characters,
 * at least three of: upper-case letter, lower-case letter, digit, other
 * printable character; no control characters.
 */
int	valid_password(const char *s);
/* A decimal integer in [lo, hi] without sign or spaces. */
int	valid_int(const char *s, long long lo, long long hi, long long *out);
/*
 * A word as sent, not trimmed: min..max bytes, every one of them in set
 * (a notice code, an office code, a hex token).  min 0 allows "".
 */
int	valid_word(const char *s, const char *set, size_t min, size_t max);
/* Counts UTF-8 characters; -1 if s is not valid UTF-8 or has controls. */
long	valid_utf8_chars(const char *s);

#endif
