/*
 * docx.h: packing a WordprocessingML main document into a .docx file
 * (an Office Open XML package: a zip archive), in memory.
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

#endif
