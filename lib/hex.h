/*
 * hex.h: the one hexadecimal codec (serials, tokens, digests, %XX
 * escapes, PDF name escapes).
 */
#ifndef LIB_HEX_H
#define LIB_HEX_H

#include <stddef.h>

/* The value of the hex digit c (0-9, a-f, A-F), or -1 for anything else. */
int	hex_digit(int c);

/*
 * Writes the 2n hex digits of b[0..n) and a NUL into out (2n + 1 bytes):
 * lower case, or upper case if upper.
 */
void	hex_encode(const unsigned char *b, size_t n, char *out, int upper);

/*
 * Decodes the 2n hex digits of s (either case) into out[0..n).  0, or -1
 * if one of them is not a hex digit (out is then unspecified).
 */
int	hex_decode(const char *s, size_t n, unsigned char *out);

#endif
