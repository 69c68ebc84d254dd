/*
 * sniff.h: what an uploaded file is, from its bytes alone.  The file name
 * and the Content-Type a browser sent are never consulted: only the
 * content decides, and only the three types a stamped statement may have
 * (JPEG, PNG, PDF) are recognised.  Everything else is SNIFF_UNKNOWN.
 */
#ifndef FCGI_SNIFF_H
#define FCGI_SNIFF_H

#include <stddef.h>

enum sniff_type {
	SNIFF_UNKNOWN,		/* none of the below */
	SNIFF_JPEG,		/* image/jpeg */
	SNIFF_PNG,		/* image/png */
	SNIFF_PDF,		/* application/pdf */
	SNIFF__MAX
};

/*
 * The type of the len bytes at data (data may be NULL when len is 0).
 * A file counts as one of the types only if both ends look right:
 *   JPEG  FF D8 FF, a marker byte, and an end-of-image marker FF D9
 *         somewhere after it (cameras may append bytes after it);
 *   PNG   the 8-byte signature, an IHDR chunk first, and the IEND chunk
 *         as the last 12 bytes;
 *   PDF   "%PDF-" and a digit at offset 0, and "%%EOF" within the last
 *         1024 bytes.
 * Never reads outside data[0..len).
 */
enum sniff_type	 sniff(const unsigned char *data, size_t len);
/*
 * The pixel size an image declares in its header, for refusing images
 * too large to decode safely before anything is stored: PNG from IHDR
 * (the 4-byte width and height right after the signature), JPEG from the
 * first start-of-frame segment (SOF0..SOF15 except DHT C4, JPG C8 and
 * DAC CC), found by walking the marker segments from SOI; the walk stops
 * at start-of-scan (DA), which must not come first.  t is what sniff()
 * said of the same bytes.  Returns 0 with *w and *h (both nonzero) set,
 * or -1: not PNG or JPEG, no SOF, a segment running past the end, or a
 * zero dimension (a JPEG whose height comes later in a DNL segment is
 * refused).  Never reads outside data[0..len).
 */
int		 sniff_image_size(const unsigned char *data, size_t len,
		    enum sniff_type t, unsigned long *w, unsigned long *h);
/* The most pixels (width x height) an accepted image may declare:
 * fcgi/upload.c refuses more before storing anything. */
#define SNIFF_PIXELS_MAX	50000000ULL
/* The media type of t ("image/png"), or NULL for SNIFF_UNKNOWN. */
const char	*sniff_mime(enum sniff_type t);
/* The usual file extension of t without dot ("png"), or NULL. */
const char	*sniff_ext(enum sniff_type t);
/* The type whose media type is mime (as sniff_mime spells it), or
 * SNIFF_UNKNOWN. */
enum sniff_type	 sniff_from_mime(const char *mime);

#endif
