/*
 * cap11uri.c: see cap11uri.h.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ca/cap11uri.h"

int
cap11uri_ok(const char *uri)
{
	static const char	 allowed[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "-._~!$&'()*+,;=:@/?";
	const char		*p, *a;
	size_t			 len;

	if (strncmp(uri, "pkcs11:", 7) != 0 ||
	    (len = strlen(uri)) >= CAP11URI_MAX || len == 7)
		return 0;
	for (p = uri; *p != '\0'; p++) {
		if (*p == '%') {
			if (!isxdigit((unsigned char)p[1]) ||
			    !isxdigit((unsigned char)p[2]))
				return 0;
			p += 2;
		} else if (strchr(allowed, *p) == NULL)
			return 0;
	}
	/* Attribute names start after "pkcs11:", ';', '?' or '&'. */
	for (p = uri + 6; *p != '\0'; p++) {
		if (*p != ':' && *p != ';' && *p != '?' && *p != '&')
			continue;
		a = p + 1;
		if (strncasecmp(a, "pin-value=", 10) == 0 ||
		    strncasecmp(a, "pin-source=", 11) == 0)
			return 0;
	}
	return 1;
}
