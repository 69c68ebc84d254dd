/*
 * xmlmem.h: libxml2's and libxslt's memory for one request (a worker's
 * arena).  See xmlmem.c.
 */
#ifndef FCGI_XMLMEM_H
#define FCGI_XMLMEM_H

#include <libxml/tree.h>

/*
 * Installs the allocator hooks (xmlMemSetup).  Call once, before any
 * other libxml2 call, in the process whose workers use xmlmem_begin().
 * Outside a request the hooks are malloc, realloc, strdup and free.
 * 0 / -1.
 */
int	xmlmem_init(void);

/*
 * From xmlmem_begin() to xmlmem_end(), libxml2 and libxslt allocate from
 * the arena.  xmlmem_end() releases all of it at once: every document,
 * node, string and transform context made in between must be unused (and
 * should be freed, as always) by then.  Both are no-ops without
 * xmlmem_init().
 */
void	xmlmem_begin(void);
void	xmlmem_end(void);

/*
 * Frees a document made during the request: at once by xmlFreeDoc(), or,
 * when the whole request's memory is in the arena, with the arena at
 * xmlmem_end().  Use it instead of xmlFreeDoc() for the request's
 * documents (the page's and the transform's result).
 */
void	xmlmem_free_doc(xmlDocPtr doc);

/* Frees the arena's memory (at exit, for leak checkers). */
void	xmlmem_fini(void);

#endif
