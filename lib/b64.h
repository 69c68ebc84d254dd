/*
 * b64.h: canonical standard base64 (RFC 4648 §4, with padding), the one
 * decoder every base64 input goes through (password hashes, payment
 * signatures).
 */
#ifndef LIB_B64_H
#define LIB_B64_H

#include <stddef.h>

/*
 * Decodes s[0..len) into out, which has room for max bytes.  Returns the
 * number of bytes, or -1 unless s is canonical padded base64 (only the
 * alphabet, length a multiple of 4, and re-encoding gives back the very
 * same text) of min to max bytes.
 */
long	b64_decode(const char *s, size_t len, unsigned char *out, size_t min,
	    size_t max);

/* Base64 of in[0..n) into out, which has room for b64_len(n) + 1 bytes
 * (NUL-terminated).  Returns the text's length. */
size_t	b64_encode(const unsigned char *in, size_t n, char *out);

#define b64_len(n)	((((n) + 2) / 3) * 4)

#endif
