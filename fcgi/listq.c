/*
 * listq.c: paged list queries.  Everything read from the request passes a
 * bounded validator here; what leaves is typed (numbers) or checked text.
 * Links are built from validated values only, percent-encoded, so the
 * stylesheet can paste qs into an href attribute as is.
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/listq.h"
#include "fcgi/valid.h"
#include "fcgi/xml.h"

#define LISTQ_WINDOW	2	/* page links either side of the current */

int
listq_valid_q(const char *s, char *out, size_t sz)
{
	size_t	 b, e;
	long	 n;
	char	 tmp[LISTQ_Q_MAX * 4 + 1];

	if (s == NULL)
		return 0;
	for (b = 0; s[b] == ' '; b++)
		continue;
	e = strlen(s);
	while (e > b && s[e - 1] == ' ')
		e--;
	if (e - b >= sizeof(tmp))
		return 0;
	memcpy(tmp, s + b, e - b);
	tmp[e - b] = '\0';
	if ((n = valid_utf8_chars(tmp)) < 0 || n > LISTQ_Q_MAX)
		return 0;
	if (out != NULL) {
		if (e - b >= sz)
			return 0;
		memcpy(out, tmp, e - b + 1);
	}
	return 1;
}

int
listq_valid_size(const char *s, int *out)
{
	static const int	 sizes[] = { 10, 20, 50 };
	long long		 v;
	size_t			 i;

	if (!valid_int(s, 1, 100, &v))
		return 0;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (v == sizes[i]) {
			if (out != NULL)
				*out = sizes[i];
			return 1;
		}
	return 0;
}

int
listq_valid_page(const char *s, long long *out)
{
	return valid_int(s, 1, LISTQ_PAGE_MAX, out);
}

void
listq_parse(const struct req *r, struct listq *lq)
{
	const char	*q = req_query(r, "q");

	memset(lq, 0, sizeof(*lq));
	lq->page = 1;
	lq->size = LISTQ_SIZE_DEFAULT;
	if (q != NULL && !listq_valid_q(q, lq->q, sizeof(lq->q))) {
		lq->q[0] = '\0';
		lq->q_bad = 1;
	}
	if (!listq_valid_page(req_query(r, "page"), &lq->page))
		lq->page = 1;
	if (!listq_valid_size(req_query(r, "size"), &lq->size))
		lq->size = LISTQ_SIZE_DEFAULT;
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
