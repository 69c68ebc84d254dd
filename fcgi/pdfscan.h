/*
 * pdfscan.h: whether an uploaded PDF can do more than show pages.  A
 * stamped statement is a scan or a printout; a PDF that carries
 * JavaScript, launches programs or embeds files is refused, and so is
 * one whose objects this scan cannot see (pdfscan.c says what it sees).
 */
#ifndef FCGI_PDFSCAN_H
#define FCGI_PDFSCAN_H

#include <stddef.h>

enum pdfscan_result {
	PDFSCAN_CLEAN,		/* none of the names below, all seen */
	PDFSCAN_ACTIVE,		/* JavaScript, a launch or an embedded file */
	PDFSCAN_OPAQUE,		/* an object stream it could not read */
	PDFSCAN__MAX
};

/* At most this many bytes are inflated from a PDF's object streams. */
#define PDFSCAN_INFLATE_MAX	(32 * 1024 * 1024)

/*
 * Scans the len bytes of a PDF at data (sniff() said SNIFF_PDF) for the
 * names of active content: /JavaScript, /JS, /AA (additional actions),
 * /Launch, /EmbeddedFile, /EmbeddedFiles, /EF and /FileAttachment, with
 * #xx escapes in names decoded first (/J#61vaScript is /JavaScript), in
 * the file's bytes and in every object stream (/Type /ObjStm), which
 * are inflated when compressed with FlateDecode alone.  Object streams
 * with any other filter, decode parameters, data that does not inflate
 * or inflate to more than PDFSCAN_INFLATE_MAX make the file
 * PDFSCAN_OPAQUE.  If found is not NULL, it is set to a static string
 * naming what was found ("JavaScript", "ObjStm"), or "" when clean.
 * Never reads outside data[0..len).
 */
enum pdfscan_result	 pdfscan(const unsigned char *data, size_t len,
			    const char **found);

#endif
