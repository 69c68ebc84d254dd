/*
 * sniff.c: recognising JPEG, PNG and PDF by their magic bytes (sniff.h).
 *
 * Pure functions over a byte range; every read is bounds-checked against
 * len first.  The checks look at the start and the end of the file so
 * that a text file with a borrowed first line, or the first bytes of an
 * image cut short, is not taken for the real thing.
 */
#include <string.h>

#include "fcgi/sniff.h"

#define PDF_EOF_WINDOW	1024	/* "%%EOF" must be this close to the end */

static const struct {
	const char	*mime;
	const char	*ext;
} types[SNIFF__MAX] = {
	{ NULL, NULL },				/* SNIFF_UNKNOWN */
	{ "image/jpeg", "jpg" },		/* SNIFF_JPEG */
	{ "image/png", "png" },			/* SNIFF_PNG */
	{ "application/pdf", "pdf" },		/* SNIFF_PDF */
};

static const unsigned char png_sig[8] = {
	0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a
};
/* Length 13 and type of the IHDR chunk that must come first. */
static const unsigned char png_ihdr[8] = {
	0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R'
};
/* The whole IEND chunk: length 0, type, CRC. */
static const unsigned char png_iend[12] = {
	0x00, 0x00, 0x00, 0x00, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82
};

/* 1 if the n bytes pat occur in d[from..len). */
static int
contains(const unsigned char *d, size_t len, size_t from,
    const unsigned char *pat, size_t n)
{
	size_t	 i;

	if (n == 0 || len < n)
		return 0;
	for (i = from; i <= len - n; i++)
		if (d[i] == pat[0] && memcmp(d + i, pat, n) == 0)
			return 1;
	return 0;
}

static int
is_png(const unsigned char *d, size_t len)
{
	/* signature + IHDR (4 length + 4 type + 13 data + 4 CRC) + IEND */
	if (len < sizeof(png_sig) + 25 + sizeof(png_iend))
		return 0;
	return memcmp(d, png_sig, sizeof(png_sig)) == 0 &&
	    memcmp(d + 8, png_ihdr, sizeof(png_ihdr)) == 0 &&
	    memcmp(d + len - sizeof(png_iend), png_iend,
	    sizeof(png_iend)) == 0;
}

static int
is_jpeg(const unsigned char *d, size_t len)
{
	static const unsigned char	 eoi[2] = { 0xff, 0xd9 };

	/* SOI, then the first marker segment: FF and a marker code. */
	if (len < 6 || d[0] != 0xff || d[1] != 0xd8 || d[2] != 0xff ||
	    d[3] < 0xc0 || d[3] == 0xff)
		return 0;
	return contains(d, len, 4, eoi, sizeof(eoi));
}

static int
is_pdf(const unsigned char *d, size_t len)
{
	static const unsigned char	 eof[5] = { '%', '%', 'E', 'O', 'F' };
	size_t				 from;

	if (len < 6 + sizeof(eof) || memcmp(d, "%PDF-", 5) != 0 ||
	    d[5] < '0' || d[5] > '9')
		return 0;
	/* len > PDF_EOF_WINDOW > 6, so the window never covers the header. */
	from = len > PDF_EOF_WINDOW ? len - PDF_EOF_WINDOW : 6;
	return contains(d, len, from, eof, sizeof(eof));
}

enum sniff_type
sniff(const unsigned char *data, size_t len)
{
	if (data == NULL || len == 0)
		return SNIFF_UNKNOWN;
	if (is_png(data, len))
		return SNIFF_PNG;
	if (is_jpeg(data, len))
		return SNIFF_JPEG;
	if (is_pdf(data, len))
		return SNIFF_PDF;
	return SNIFF_UNKNOWN;
}

/* The big-endian unsigned value of the n bytes at p. */
static unsigned long
be(const unsigned char *p, int n)
{
	unsigned long	 v = 0;
	int		 i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static int
jpeg_size(const unsigned char *d, size_t len, unsigned long *w,
    unsigned long *h)
{
	size_t	 i = 2, seg;
	int	 m;

	for (;;) {
		/* A marker: FF, maybe fill bytes FF, then the code. */
		if (i >= len || d[i] != 0xff)
			return -1;
		while (i < len && d[i] == 0xff)
			i++;
		if (i >= len)
			return -1;
		m = d[i++];
		/* Markers without a segment: TEM, RSTn (SOI again is bad). */
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;
		if (m == 0xd8 || m == 0xd9 || m == 0xda || m == 0x00)
			return -1;
		if (len - i < 2 || (seg = be(d + i, 2)) < 2 || seg > len - i)
			return -1;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			/* length, precision, height, width */
			if (seg < 8)
				return -1;
			*h = be(d + i + 3, 2);
			*w = be(d + i + 5, 2);
			return *w != 0 && *h != 0 ? 0 : -1;
		}
		i += seg;
	}
}

int
sniff_image_size(const unsigned char *data, size_t len, enum sniff_type t,
    unsigned long *w, unsigned long *h)
{
	*w = *h = 0;
	if (data == NULL || sniff(data, len) != t)
		return -1;
	switch (t) {
	case SNIFF_PNG:
		/* is_png(): len covers the signature and the whole IHDR. */
		*w = be(data + 16, 4);
		*h = be(data + 20, 4);
		return *w != 0 && *h != 0 ? 0 : -1;
	case SNIFF_JPEG:
		return jpeg_size(data, len, w, h);
	default:
		return -1;
	}
}

const char *
sniff_mime(enum sniff_type t)
{
	return (unsigned)t < SNIFF__MAX ? types[t].mime : NULL;
}

const char *
sniff_ext(enum sniff_type t)
{
	return (unsigned)t < SNIFF__MAX ? types[t].ext : NULL;
}

enum sniff_type
sniff_from_mime(const char *mime)
{
	int	 i;

	for (i = SNIFF_UNKNOWN + 1; mime != NULL && i < SNIFF__MAX; i++)
		if (strcmp(mime, types[i].mime) == 0)
			return (enum sniff_type)i;
	return SNIFF_UNKNOWN;
}
