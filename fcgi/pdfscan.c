/*
 * pdfscan.c: finding active content in an uploaded PDF (pdfscan.h), the
 * only user of zlib.
 *
 * What it sees.  Actions and attachments are dictionaries keyed by names
 * (/S /JavaScript /JS (...), /OpenAction, /AA <<...>>, /Launch,
 * /EmbeddedFiles, /EF <<...>>), and a PDF keeps its dictionaries in two
 * places only: as plain text in the file, where the scan reads every
 * byte (stream data included: a cross-reference entry may point into
 * another stream's bytes, so nothing is skipped), and inside object
 * streams, compressed, which it inflates (FlateDecode, the only filter
 * writers use for them) and reads the same way.  Names are compared
 * after decoding #xx escapes.  Short names that also occur by chance in
 * binary data (/JS, /AA, /EF: 3 in 100 random 10 MB files had one)
 * count only with a value of their kind after them, past white space
 * and comments: /JS a string, a hex string or an indirect reference
 * ("9 0 R"), /AA and /EF a dictionary or a reference (then none of 100
 * such files was refused).
 *
 * What it does not see, and so refuses.  An object stream (a stream with
 * /Type /ObjStm, or with the /N and /First any reader needs to use one as
 * such) compressed with another filter, with decode parameters (a
 * predictor), that does not inflate (encrypted PDFs: their object
 * streams are encrypted), or that inflates past PDFSCAN_INFLATE_MAX, is
 * PDFSCAN_OPAQUE.  What the scan never looks for: the content of page
 * streams and images (they draw, they do not act), the code inside a /JS
 * stream (the /JS key is enough), XFA forms and /RichMedia, link
 * actions (/URI: viewers ask before following), and anything a viewer
 * might do with a malformed file beyond what its bytes say.  A name
 * inside a string or a comment counts as if it were real: a false
 * refusal, never a false acceptance.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "fcgi/pdfscan.h"
#include "lib/hex.h"

#define NAME_MAX_LEN	32	/* longer names match nothing we look for */

/* What must follow a name for it to count. */
enum value {
	V_ANY,		/* anything: the name alone is rare enough */
	V_SCRIPT,	/* /JS: a string, a hex string or a reference */
	V_DICT,		/* /AA, /EF: a dictionary or a reference */
};

static const struct {
	const char	*name;
	enum value	 value;
} active[] = {
	{ "JavaScript", V_ANY },
	{ "JS", V_SCRIPT },
	{ "AA", V_DICT },
	{ "Launch", V_ANY },
	{ "EmbeddedFile", V_ANY },
	{ "EmbeddedFiles", V_ANY },
	{ "EF", V_DICT },
	{ "FileAttachment", V_ANY },
};

/* PDF white space (7.2.2). */
static int
is_ws(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	    c == ' ';
}

/* PDF delimiters (7.2.2). */
static int
is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

/*
 * Reads the name whose first character (after '/') is d[i]: decodes #xx
 * escapes into out (NUL-terminated; "" if longer than NAME_MAX_LEN) and
 * returns the index just past it.
 */
static size_t
read_name(const unsigned char *d, size_t len, size_t i,
    char out[NAME_MAX_LEN + 1])
{
	size_t	 n = 0;
	int	 hi, lo, c, toolong = 0;

	while (i < len && !is_ws(d[i]) && !is_delim(d[i])) {
		c = d[i++];
		if (c == '#' && i + 1 < len && (hi = hex_digit(d[i])) != -1 &&
		    (lo = hex_digit(d[i + 1])) != -1) {
			c = hi * 16 + lo;
			i += 2;
		}
		if (n < NAME_MAX_LEN)
			out[n++] = (char)c;
		else
			toolong = 1;
	}
	out[toolong ? 0 : n] = '\0';
	return i;
}

/* The index of the first byte at or after i that is not white space or
 * a comment (len at the end). */
static size_t
skip_ws(const unsigned char *d, size_t len, size_t i)
{
	while (i < len) {
		if (is_ws(d[i]))
			i++;
		else if (d[i] == '%') {
			while (i < len && d[i] != '\n' && d[i] != '\r')
				i++;
		} else
			break;
	}
	return i;
}

/* The index past the digits at i (i itself if there are none). */
static size_t
digits(const unsigned char *d, size_t len, size_t i)
{
	while (i < len && d[i] >= '0' && d[i] <= '9')
		i++;
	return i;
}

/* 1 if an indirect reference ("12 0 R") starts at i. */
static int
is_ref(const unsigned char *d, size_t len, size_t i)
{
	size_t	 j;

	if ((j = digits(d, len, i)) == i || j >= len ||
	    (!is_ws(d[j]) && d[j] != '%'))
		return 0;
	i = skip_ws(d, len, j);
	if ((j = digits(d, len, i)) == i || j >= len ||
	    (!is_ws(d[j]) && d[j] != '%'))
		return 0;
	i = skip_ws(d, len, j);
	return i < len && d[i] == 'R' && (i + 1 == len || is_ws(d[i + 1]) ||
	    is_delim(d[i + 1]));
}

/* 1 if the value after a name ending at i is what v asks for. */
static int
value_fits(const unsigned char *d, size_t len, size_t i, enum value v)
{
	if (v == V_ANY)
		return 1;
	if ((i = skip_ws(d, len, i)) >= len)
		return 0;
	if (d[i] >= '0' && d[i] <= '9')
		return is_ref(d, len, i);
	if (d[i] == '<' && i + 1 < len) {
		if (v == V_DICT)
			return d[i + 1] == '<';
		return d[i + 1] == '>' || is_ws(d[i + 1]) ||
		    hex_digit(d[i + 1]) != -1;
	}
	return v == V_SCRIPT && d[i] == '(';
}

/* The active name in d[0..len), or NULL. */
static const char *
scan_names(const unsigned char *d, size_t len)
{
	char	 name[NAME_MAX_LEN + 1];
	size_t	 i = 0, k;

	while (i < len) {
		if (d[i++] != '/')
			continue;
		i = read_name(d, len, i, name);
		for (k = 0; k < sizeof(active) / sizeof(active[0]); k++)
			if (strcmp(name, active[k].name) == 0 &&
			    value_fits(d, len, i, active[k].value))
				return active[k].name;
	}
	return NULL;
}

/* 1 if the n bytes of w are at d[i..) and are a whole keyword there. */
static int
keyword_at(const unsigned char *d, size_t len, size_t i, const char *w,
    size_t n)
{
	if (n > len || i > len - n || memcmp(d + i, w, n) != 0)
		return 0;
	if (i > 0 && !is_ws(d[i - 1]) && !is_delim(d[i - 1]))
		return 0;
	return i + n == len || is_ws(d[i + n]) || is_delim(d[i + n]);
}

/*
 * How the dictionary d[0..len) of a stream says its data is stored:
 * whether it is an object stream, and whether it is FlateDecode alone.
 */
struct streamdict {
	int	 objstm;	/* /Type /ObjStm, or both /N and /First */
	int	 has_n, has_first;
	int	 filters;	/* names given as /Filter */
	int	 flate;		/* /Filter is /FlateDecode alone */
	int	 odd;		/* /DecodeParms, or a /Filter not a name */
};

static void
read_dict(const unsigned char *d, size_t len, struct streamdict *sd)
{
	char	 name[NAME_MAX_LEN + 1], f[NAME_MAX_LEN + 1];
	size_t	 i = 0;
	int	 c;

	memset(sd, 0, sizeof(*sd));
	while (i < len) {
		if (d[i++] != '/')
			continue;
		i = read_name(d, len, i, name);
		if (strcmp(name, "ObjStm") == 0)
			sd->objstm = 1;
		else if (strcmp(name, "N") == 0)
			sd->has_n = 1;
		else if (strcmp(name, "First") == 0)
			sd->has_first = 1;
		else if (strcmp(name, "DecodeParms") == 0 ||
		    strcmp(name, "DP") == 0)
			sd->odd = 1;
		else if (strcmp(name, "Filter") == 0) {
			while (i < len && is_ws(d[i]))
				i++;
			c = i < len ? d[i] : -1;
			if (c == '[')
				i++;
			else if (c != '/') {
				sd->odd = 1;	/* indirect, or garbage */
				continue;
			}
			for (;;) {
				while (i < len && is_ws(d[i]))
					i++;
				if (i >= len || d[i] != '/')
					break;
				i = read_name(d, len, i + 1, f);
				sd->filters++;
				sd->flate = sd->filters == 1 &&
				    strcmp(f, "FlateDecode") == 0;
				if (c != '[')
					break;
			}
		}
	}
	if (sd->has_n && sd->has_first)
		sd->objstm = 1;
	if (sd->filters > 1)
		sd->flate = 0;
}

/*
 * Inflates the zlib data at d[0..len) into a malloc'd buffer of *out_len
 * bytes, using up to *budget bytes of it.  Returns the buffer, or NULL
 * (not zlib data, cut short, over budget, or out of memory).
 */
static unsigned char *
inflate_all(const unsigned char *d, size_t len, size_t *budget,
    size_t *out_len)
{
	z_stream	 z;
	unsigned char	*buf = NULL, *nb;
	size_t		 cap = 0, used = 0;
	int		 zr = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return NULL;
	z.next_in = (unsigned char *)(uintptr_t)d;
	z.avail_in = len > UINT_MAX ? UINT_MAX : (unsigned)len;
	while (zr != Z_STREAM_END) {
		if (used == cap) {
			size_t	 want = cap == 0 ? 65536 : cap * 2;

			if (want > *budget)
				want = *budget;
			if (want <= cap)
				goto fail;	/* over the budget */
			if ((nb = realloc(buf, want)) == NULL)
				goto fail;
			buf = nb;
			cap = want;
		}
		z.next_out = buf + used;
		z.avail_out = (unsigned)(cap - used > UINT_MAX ? UINT_MAX :
		    cap - used);
		zr = inflate(&z, Z_NO_FLUSH);
		used = (size_t)(z.next_out - buf);
		if (zr != Z_OK && zr != Z_STREAM_END)
			goto fail;	/* bad data, or input cut short */
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0)
			goto fail;	/* ended without its end */
	}
	inflateEnd(&z);
	*budget -= cap;
	*out_len = used;
	return buf;
fail:
	inflateEnd(&z);
	free(buf);
	return NULL;
}

/*
 * The start of the dictionary of the stream whose keyword is at s: just
 * after the "obj" keyword before it, searching back no further than the
 * previous "endobj" or lo (where the previous stream keyword ended: so
 * the whole file is searched back at most once), or (size_t)-1.
 */
static size_t
dict_start(const unsigned char *d, size_t len, size_t lo, size_t s)
{
	size_t	 i;

	for (i = s; i >= lo + 3; i--) {
		if (memcmp(d + i - 3, "obj", 3) != 0)
			continue;
		if (i >= 6 && memcmp(d + i - 6, "endobj", 6) == 0)
			return (size_t)-1;
		if (keyword_at(d, len, i - 3, "obj", 3))
			return i;
	}
	return (size_t)-1;
}

/*
 * Every stream of the file that is an object stream: inflated and
 * scanned.  PDFSCAN_CLEAN, or PDFSCAN_ACTIVE / PDFSCAN_OPAQUE with *found.
 */
static enum pdfscan_result
scan_objstms(const unsigned char *d, size_t len, const char **found)
{
	struct streamdict	 sd;
	unsigned char		*in;
	const char		*what;
	size_t			 i, ds, data, budget = PDFSCAN_INFLATE_MAX;
	size_t			 n, lo = 0, prev;

	for (i = 0; i + 6 <= len; i++) {
		if (d[i] != 's' || !keyword_at(d, len, i, "stream", 6))
			continue;
		prev = lo;
		lo = i + 6;
		/* The data begins after CRLF or LF (7.3.8.1); be lenient. */
		data = i + 6;
		if (data < len && d[data] == '\r')
			data++;
		if (data < len && d[data] == '\n')
			data++;
		if ((ds = dict_start(d, len, prev, i)) == (size_t)-1)
			continue;	/* not an object's stream */
		read_dict(d + ds, i - ds, &sd);
		if (!sd.objstm)
			continue;
		if (sd.filters == 0 && !sd.odd)
			continue;	/* plain: scanned with the file */
		if (!sd.flate || sd.odd ||
		    (in = inflate_all(d + data, len - data, &budget, &n)) ==
		    NULL) {
			*found = "ObjStm";
			return PDFSCAN_OPAQUE;
		}
		what = scan_names(in, n);
		free(in);
		if (what != NULL) {
			*found = what;
			return PDFSCAN_ACTIVE;
		}
	}
	return PDFSCAN_CLEAN;
}

enum pdfscan_result
pdfscan(const unsigned char *data, size_t len, const char **found)
{
	const char		*what = "";
	enum pdfscan_result	 r = PDFSCAN_CLEAN;

	if (data == NULL)
		len = 0;
	if ((what = scan_names(data, len)) != NULL)
		r = PDFSCAN_ACTIVE;
	else {
		what = "";
		r = scan_objstms(data, len, &what);
	}
	if (found != NULL)
		*found = what;
	return r;
}
