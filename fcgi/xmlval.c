/*
 * xmlval.c: see xmlval.h.
 */
#include <stdio.h>

#include "fcgi/shtime.h"
#include "fcgi/xml.h"
#include "fcgi/xmlval.h"

const char *
xmlval_yuan(long long fen, char *buf, size_t sz)
{
	long long	 a = fen < 0 ? -fen : fen;

	snprintf(buf, sz, "%s%lld.%02lld", fen < 0 ? "-" : "", a / 100,
	    a % 100);
	return buf;
}

int
xmlval_amount(xmlNodePtr parent, long long fen)
{
	xmlNodePtr	 e;
	char		 buf[32];

	if ((e = xml_add(parent, "amount", xmlval_yuan(fen, buf,
	    sizeof(buf)))) == NULL || xml_attr_int(e, "fen", fen) == -1)
		return -1;
	return 0;
}

int
xmlval_time(xmlNodePtr parent, const char *name, long long t)
{
	char	 buf[SHTIME_BUFSZ];

	if (t == 0)
		return 0;
	return xml_add(parent, name, shtime_min(t, buf, sizeof(buf))) ==
	    NULL ? -1 : 0;
}
