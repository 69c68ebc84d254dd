/*
 * listq.h: the query of a paged, searchable list page (CA管理 and later
 * lists): search text "q", page number "page" and page size "size", as
 * the key table checked them (KEY_Q, KEY_PAGE, KEY_SIZE of param.h), and
 * the <pager> element the stylesheets turn into "共 N 条 · 10 条/页 ·
 * < 1 2 3 > 前往".
 */
#ifndef FCGI_LISTQ_H
#define FCGI_LISTQ_H

#include <stddef.h>

#include <libxml/tree.h>

#include "fcgi/param.h"

#define LISTQ_Q_MAX		PARAM_Q_MAX	/* characters of search text */
#define LISTQ_PAGE_MAX		PARAM_PAGE_MAX	/* highest page number */
#define LISTQ_SIZE_DEFAULT	10

struct listq {
	char		 q[LISTQ_Q_MAX * 4 + 1];	/* trimmed; "" = all */
	int		 q_bad;		/* q was given but not acceptable */
	long long	 page;		/* 1-based */
	int		 size;		/* 10, 20 or 50 */
};

/*
 * Reads q, page and size from the request's keys in.  Never fails: a
 * missing or unacceptable page or size (one that is not an offered size:
 * 10, 20, 50) takes its default (1, 10); unacceptable search text is
 * dropped and flagged in q_bad.
 */
void	 listq_parse(const struct params *in, struct listq *lq);
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
