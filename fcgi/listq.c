/*
 * listq.c: paged list queries.  What is read from the request was checked
 * by the key table (param.h); what leaves is typed (numbers) or checked
 * text.  Links are built from validated values only, percent-encoded, so
 * the stylesheet can paste qs into an href attribute as is.
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/listq.h"
#include "fcgi/xml.h"

#define LISTQ_WINDOW	2	/* page links either side of the current */

void
listq_parse(const struct params *in, struct listq *lq)
{
	static const int	 sizes[] = { 10, 20, 50 };
	const char		*q = param_text(in, KEY_Q);
	long long		 v;
	size_t			 i;

	memset(lq, 0, sizeof(*lq));
	lq->page = 1;
	lq->size = LISTQ_SIZE_DEFAULT;
	if (param_state(in, KEY_Q) == PARAM_BAD)
		lq->q_bad = 1;
	else if (q != NULL && strlen(q) < sizeof(lq->q))
		memcpy(lq->q, q, strlen(q) + 1);
	if (param_int(in, KEY_PAGE, &v))
		lq->page = v;
	if (param_int(in, KEY_SIZE, &v))
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			if (v == sizes[i])
				lq->size = sizes[i];
}

/* Number of pages of a list of total rows; at least 1. */
static long long
pages_of(const struct listq *lq, long long total)
{
	long long	 n;

	if (total <= 0)
		return 1;
	n = total / lq->size + (total % lq->size != 0);
	return n > LISTQ_PAGE_MAX ? LISTQ_PAGE_MAX : n;
}

void
listq_clamp(struct listq *lq, long long total)
{
	long long	 n = pages_of(lq, total);

	if (lq->page > n)
		lq->page = n;
	if (lq->page < 1)
		lq->page = 1;
}

long long
listq_offset(const struct listq *lq)
{
	return (lq->page - 1) * (long long)lq->size;
}

/* Percent-encodes s into out (sz bytes): unreserved ASCII stays.  0/-1. */
static int
encode(const char *s, char *out, size_t sz)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	size_t			 o = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (o + 4 > sz)
			return -1;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			out[o++] = (char)*p;
		else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 0xf];
		}
	}
	out[o] = '\0';
	return 0;
}

xmlNodePtr
listq_pager(xmlNodePtr parent, const struct listq *lq, long long total)
{
	xmlNodePtr	 p;
	char		 enc[sizeof(lq->q) * 3 + 1], qs[sizeof(enc) + 32];
	long long	 pages = pages_of(lq, total), i, last = 0;

	if (encode(lq->q, enc, sizeof(enc)) == -1)
		return NULL;
	if (enc[0] != '\0')
		snprintf(qs, sizeof(qs), "q=%s&size=%d", enc, lq->size);
	else
		snprintf(qs, sizeof(qs), "size=%d", lq->size);
	if ((p = xml_add(parent, "pager", NULL)) == NULL ||
	    xml_attr_int(p, "total", total) == -1 ||
	    xml_attr_int(p, "page", lq->page) == -1 ||
	    xml_attr_int(p, "pages", pages) == -1 ||
	    xml_attr_int(p, "size", lq->size) == -1 ||
	    xml_attr(p, "qs", qs) == -1)
		return NULL;
	for (i = 1; i <= pages; i++) {
		if (i != 1 && i != pages && (i < lq->page - LISTQ_WINDOW ||
		    i > lq->page + LISTQ_WINDOW))
			continue;
		if (last != 0 && i != last + 1 &&
		    xml_add(p, "gap", NULL) == NULL)
			return NULL;
		if (xml_add_int(p, "n", i) == NULL)
			return NULL;
		last = i;
	}
	return p;
}
