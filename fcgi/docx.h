/*
 * docx.h: packing a WordprocessingML main document into a .docx file
 * (an Office Open XML package: a zip archive), in memory; and other
 * small zip archives the same way.
 */
#ifndef FCGI_DOCX_H
#define FCGI_DOCX_H

#include <stddef.h>

#define DOCX_MIME	"application/vnd.openxmlformats-officedocument." \
			"wordprocessingml.document"

/*
 * Builds the smallest valid package around document_xml (len bytes, the
 * serialized w:document of word/document.xml): [Content_Types].xml,
 * _rels/.rels and word/document.xml, deflated.  On success returns 0 and
 * sets *out to a malloc'd buffer of *outlen bytes that the caller frees
 * with free(); -1 on failure (logged), with *out NULL.
 */
int	 docx_pack(const char *document_xml, size_t len, char **out,
	    size_t *outlen);

/* One file of a zip archive: its name (UTF-8) and len bytes of data. */
struct docx_entry {
	const char	*name;
	const void	*data;
	size_t		 len;
};

/*
 * Packs the n entries, in order, deflated, all with the same fixed time
 * stamp, into a zip archive in memory: 0 with *out malloc'd (caller
 * frees) of *outlen bytes, or -1 (logged) with *out NULL.
 */
int	 docx_zip(const struct docx_entry *e, size_t n, char **out,
	    size_t *outlen);

#endif
