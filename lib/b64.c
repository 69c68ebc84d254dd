/*
 * b64.c: canonical base64 (see b64.h), on OpenSSL's block coder.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lib/b64.h"

/* 1 if c is a base64 alphabet character (not '='). */
static int
b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

long
b64_decode(const char *s, size_t len, unsigned char *out, size_t min,
    size_t max)
{
	unsigned char	*buf = NULL, *again = NULL;
	size_t		 i, pad = 0;
	long		 ret = -1;
	int		 n;

	if (len == 0 || len % 4 != 0 || len > b64_len(max) || len > 1 << 20)
		return -1;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - pad; i++)
		if (!b64_char(s[i]))
			return -1;
	if ((buf = malloc(len / 4 * 3)) == NULL ||
	    (again = malloc(len + 1)) == NULL)
		goto out;
	if ((n = EVP_DecodeBlock(buf, (const unsigned char *)s,
	    (int)len)) < 0 || (size_t)n < pad)
		goto out;
	n -= (int)pad;
	if ((size_t)n < min || (size_t)n > max)
		goto out;
	if (EVP_EncodeBlock(again, buf, n) != (int)len ||
	    memcmp(again, s, len) != 0)
		goto out;
	memcpy(out, buf, (size_t)n);
	ret = n;
out:
	if (buf != NULL) {
		OPENSSL_cleanse(buf, len / 4 * 3);
		free(buf);
	}
	if (again != NULL) {
		OPENSSL_cleanse(again, len + 1);
		free(again);
	}
	return ret;
}

size_t
b64_encode(const unsigned char *in, size_t n, char *out)
{
	return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}
