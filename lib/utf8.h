/*
 * utf8.h: the one UTF-8 checker every text input goes through (request
 * fields, XML text, names, certificate subjects).
 */
#ifndef LIB_UTF8_H
#define LIB_UTF8_H

#include <stddef.h>

/*
 * Returns the number of characters in s[0..len) if it is well-formed
 * UTF-8 (no overlong forms, surrogates or code points past U+10FFFF; not
 * U+FFFE or U+FFFF) without control characters (C0, DEL, C1) other than
 * those listed in allow (e.g. "\t\n\r", or "" for none), else -1.  NUL is
 * never allowed.
 */
long	utf8_count(const char *s, size_t len, const char *allow);

#endif
