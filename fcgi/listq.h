/*
 * listq.h: the query of a paged, searchable list page (CA管理 and later
 * lists): search text "q", page number "page" and page size "size", read
 * from the query string through bounded validators, and the <pager>
 * element the stylesheets turn into "共 N 条 · 10 条/页 · < 1 2 3 > 前往".
 */
#ifndef FCGI_LISTQ_H
#define FCGI_LISTQ_H

#include <stddef.h>

#include <libxml/tree.h>

#include "fcgi/req.h"

#define LISTQ_Q_MAX		32	/* characters of search text */
#define LISTQ_PAGE_MAX		100000	/* highest page number accepted */
#define LISTQ_SIZE_DEFAULT	10

struct listq {
	char		 q[LISTQ_Q_MAX * 4 + 1];	/* trimmed; "" = all */
	int		 q_bad;		/* q was given but not acceptable */
	long long	 page;		/* 1-based */
	int		 size;		/* 10, 20 or 50 */
};

/*
 * 1 if s is acceptable search text: valid UTF-8 without control
 * characters, at most LISTQ_Q_MAX characters after trimming spaces.
 * Copies the trimmed text to out (sz bytes) when out is not NULL.
 */
int	 listq_valid_q(const char *s, char *out, size_t sz);
/* 1 if s is one of the offered page sizes "10", "20", "50". */
int	 listq_valid_size(const char *s, int *out);
/* 1 if s is a page number 1..LISTQ_PAGE_MAX. */
int	 listq_valid_page(const char *s, long long *out);

/*
 * Reads q, page and size from r's query string.  Never fails: a missing
 * or unacceptable page or size takes its default (1, 10); unacceptable
 * search text is dropped and flagged in q_bad.
 */
void	 listq_parse(const struct req *r, struct listq *lq);
/* Lowers lq->page to the last page of a list of total rows. */
void	 listq_clamp(struct listq *lq, long long total);
/* The row offset of lq's page. */
long long listq_offset(const struct listq *lq);
/*
 * Adds <pager total= page= pages= size= qs=> under parent, with a child
 * <n> for each page number worth a link (first, last, and two either side
 * of the current one) and <gap/> where numbers are skipped.  qs is the
 * percent-encoded "q=..&size=.." part that every page link carries.
 * Returns the element or NULL.
 */
xmlNodePtr listq_pager(xmlNodePtr parent, const struct listq *lq,
	    long long total);

#endif
