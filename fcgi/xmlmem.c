/*
 * xmlmem.c: libxml2's and libxslt's memory during a request, the only
 * caller of xmlMemSetup.
 *
 * A page request builds a document, transforms it and frees the result
 * and the document: tens of thousands of small xmlMalloc and xmlFree
 * calls, which cost a third of a worker's instructions on the CA管理 page
 * (callgrind; BENCHMARKS.md, "Where a worker's time goes").  Between
 * xmlmem_begin() and xmlmem_end() every block comes from an arena instead:
 * a bump pointer in a chunk, a 16-byte header giving the block's size (for
 * xmlRealloc).  xmlFree of an arena block does nothing, except that the
 * newest block is handed back; xmlmem_end() empties the arena at once.
 * Blocks of ARENA_BIG bytes or more, and every block outside a request,
 * come from malloc; xmlFree and xmlRealloc tell the two apart by address
 * (an arena block lies inside one of its chunks), so memory allocated
 * before a request (the parsed stylesheets) or outside the arena is
 * freed by free() as before.
 *
 * Invariants: the chunks are only malloc'd and freed here; between
 * requests the arena is empty, and when the last request needed more
 * than one chunk they are replaced by one chunk of their total size (at
 * most ARENA_KEEP), so a steady page costs no malloc at all.  Under
 * AddressSanitizer every byte of a chunk that is not a live block is
 * poisoned: a block used after its xmlFree or after the request is
 * reported like a heap use-after-free.
 *
 * xmlmem_free_doc() frees a document of the request by doing nothing
 * (walking the tree to free each node cost 8% of a page's instructions)
 * when every block of the request is an arena block, that is when none
 * came from malloc (outside counts those).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlmemory.h>

#include "fcgi/xmlmem.h"
#include "lib/log.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

#define ARENA_ALIGN	16
#define ARENA_HDR	16			/* size_t size, then padding */
#define ARENA_FIRST	(256 * 1024)		/* the first chunk */
#define ARENA_BIG	(64 * 1024)		/* blocks from malloc */
#define ARENA_KEEP	(8 * 1024 * 1024)	/* kept between requests */
#define ARENA_CHUNKS	32

struct chunk {
	unsigned char	*base;
	size_t		 size;
	size_t		 used;
};

static struct chunk	 chunks[ARENA_CHUNKS];
static int		 nchunks;	/* chunks[0..nchunks) exist */
static int		 cur;		/* the chunk blocks come from */
static unsigned char	*last;		/* the newest block, or NULL */
static int		 installed, active;
static unsigned long	 outside;	/* malloc'd blocks this request */

static size_t
round_up(size_t n)
{
	return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

/* The chunk holding p, or -1 if p is not an arena block. */
static int
chunk_of(const void *p)
{
	uintptr_t	 a = (uintptr_t)p;
	int		 i;

	for (i = 0; i < nchunks; i++)
		if (a >= (uintptr_t)chunks[i].base &&
		    a < (uintptr_t)chunks[i].base + chunks[i].size)
			return i;
	return -1;
}

static size_t
block_size(const unsigned char *p)
{
	size_t	 n;

	UNPOISON(p - ARENA_HDR, sizeof(n));
	memcpy(&n, p - ARENA_HDR, sizeof(n));
	POISON(p - ARENA_HDR, sizeof(n));
	return n;
}

/* A new chunk of at least want bytes after the current ones.  0 / -1. */
static int
chunk_add(size_t want)
{
	size_t	 size = ARENA_FIRST;

	if (nchunks == ARENA_CHUNKS)
		return -1;
	if (nchunks > 0)
		size = chunks[nchunks - 1].size * 2;
	while (size < want)
		size *= 2;
	if ((chunks[nchunks].base = malloc(size)) == NULL)
		return -1;
	chunks[nchunks].size = size;
	chunks[nchunks].used = 0;
	POISON(chunks[nchunks].base, size);
	nchunks++;
	return 0;
}

/*
 * A block of n bytes from the arena, or NULL (the caller uses malloc).
 * The hot path of a page (thousands of calls): the current chunk has
 * room, a few instructions, no call.
 */
static inline void *
arena_take(size_t n)
{
	size_t		 need = ARENA_HDR + round_up(n == 0 ? 1 : n);
	unsigned char	*p;

	if (cur == nchunks || chunks[cur].size - chunks[cur].used < need) {
		while (cur < nchunks &&
		    chunks[cur].size - chunks[cur].used < need)
			cur++;
		if (cur == nchunks && chunk_add(need) == -1)
			return NULL;
	}
	p = chunks[cur].base + chunks[cur].used + ARENA_HDR;
	chunks[cur].used += need;
	UNPOISON(p - ARENA_HDR, need);
	*(size_t *)(void *)(p - ARENA_HDR) = n;	/* 16-byte aligned */
	POISON(p - ARENA_HDR, ARENA_HDR);
	POISON(p + n, need - ARENA_HDR - n);
	last = p;
	return p;
}

static void *
mem_malloc(size_t n)
{
	void	*p;

	if (active && n < ARENA_BIG && (p = arena_take(n)) != NULL)
		return p;
	if (active)
		outside++;
	return malloc(n);
}

static void
mem_free(void *p)
{
	size_t	 n;
	int	 k;

	if (p == NULL)
		return;
	if ((k = chunk_of(p)) == -1) {
		free(p);
		return;
	}
	n = block_size(p);
	POISON(p, n);
	/* The newest block goes back to its chunk. */
	if (p == last && k == cur) {
		chunks[k].used -= ARENA_HDR + round_up(n == 0 ? 1 : n);
		last = NULL;
	}
}

static void *
mem_realloc(void *p, size_t n)
{
	unsigned char	*q;
	size_t		 old, room;
	int		 k;

	if (p == NULL)
		return mem_malloc(n);
	if ((k = chunk_of(p)) == -1) {
		if (active)
			outside++;
		return realloc(p, n);
	}
	if (!active)
		log_err("xmlmem: block %p reallocated after its request", p);
	old = block_size(p);
	/* The newest block grows or shrinks where it is. */
	if (active && p == last && k == cur && n < ARENA_BIG) {
		room = chunks[k].size - (size_t)((unsigned char *)p -
		    chunks[k].base);
		if (round_up(n == 0 ? 1 : n) <= room) {
			chunks[k].used = (size_t)((unsigned char *)p -
			    chunks[k].base) + round_up(n == 0 ? 1 : n);
			UNPOISON((unsigned char *)p - ARENA_HDR, ARENA_HDR);
			memcpy((unsigned char *)p - ARENA_HDR, &n, sizeof(n));
			POISON((unsigned char *)p - ARENA_HDR, ARENA_HDR);
			UNPOISON(p, n);
			POISON((unsigned char *)p + n,
			    round_up(n == 0 ? 1 : n) - n);
			return p;
		}
	}
	if ((q = mem_malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, old < n ? old : n);
	if (chunk_of(p) != -1)
		POISON(p, old);
	return q;
}

static char *
mem_strdup(const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*p;

	if ((p = mem_malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

int
xmlmem_init(void)
{
	if (xmlMemSetup(mem_free, mem_malloc, mem_realloc, mem_strdup) != 0) {
		log_err("xmlmem_init: xmlMemSetup failed");
		return -1;
	}
	installed = 1;
	return 0;
}

void
xmlmem_begin(void)
{
	if (installed)
		active = 1;
}

void
xmlmem_free_doc(xmlDocPtr doc)
{
	xmlDtdPtr	 d;

	if (doc == NULL)
		return;
	d = doc->intSubset;
	if (!active || outside > 0 || chunk_of(doc) == -1 ||
	    doc->extSubset != NULL || (d != NULL && (d->elements != NULL ||
	    d->attributes != NULL || d->entities != NULL ||
	    d->notations != NULL || d->pentities != NULL))) {
		xmlFreeDoc(doc);
		return;
	}
	/*
	 * Every block of the request, so every node and string of doc, is
	 * in the arena, and goes with it at xmlmem_end().  What outlives
	 * the request are the references held on the document's dictionary
	 * (a transform's, itself holding one on the stylesheet's): by the
	 * document, and by each hash table made with it, here the ID and
	 * reference tables (a declaration in a DTD would add more: those
	 * documents took xmlFreeDoc above).  They are given back as
	 * xmlFreeDoc would; check_xml's arena test fails under
	 * LeakSanitizer if one is missed.
	 */
	if (doc->ids != NULL)
		xmlFreeIDTable(doc->ids);
	if (doc->refs != NULL)
		xmlFreeRefTable(doc->refs);
	if (doc->dict != NULL)
		xmlDictFree(doc->dict);
}

void
xmlmem_end(void)
{
	size_t	 total = 0;
	int	 i;

	if (!installed)
		return;
	active = 0;
	outside = 0;
	last = NULL;
	cur = 0;
	if (nchunks > 1) {
		/* Next time in one chunk of what this request needed. */
		for (i = 0; i < nchunks; i++) {
			if (chunks[i].used > 0)
				total += chunks[i].size;
			UNPOISON(chunks[i].base, chunks[i].size);
			free(chunks[i].base);
		}
		nchunks = 0;
		if (total > ARENA_KEEP)
			total = ARENA_KEEP;
		if (total > 0)
			(void)chunk_add(total);
		return;
	}
	for (i = 0; i < nchunks; i++) {
		chunks[i].used = 0;
		POISON(chunks[i].base, chunks[i].size);
	}
}

void
xmlmem_fini(void)
{
	int	 i;

	xmlmem_end();
	for (i = 0; i < nchunks; i++) {
		UNPOISON(chunks[i].base, chunks[i].size);
		free(chunks[i].base);
	}
	nchunks = 0;
}
