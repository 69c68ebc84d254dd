/*
 * fuzz_manifest.c: libFuzzer target for the backup manifest parser
 * (lib/backup.c, backup_parse()).
 *
 * Input: a manifest.  With the first byte odd, the rest is taken as the
 * manifest's body and its end line ("end " and the body's SHA-256) is
 * appended here, so the fuzzer gets past the sum into the line parser;
 * with it even, the rest goes in as it is.  Nothing may crash or read
 * out of bounds, and what the parser accepts must keep its promises:
 * every path is relative and none of its components is hidden, every
 * sum is 64 hex digits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/backup.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct backup	 b;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		 err[BACKUP_ERR_MAX], *txt;
	const char	*p;
	size_t		 n, i;

	if (len < 1 || len > 65536)
		return 0;
	if ((txt = malloc(len + 80)) == NULL)
		return 0;
	memcpy(txt, data + 1, len - 1);
	n = len - 1;
	if (data[0] & 1) {
		if (EVP_Digest(txt, n, md, &mdlen, EVP_sha256(), NULL) != 1)
			abort();
		memcpy(txt + n, "end ", 4);
		n += 4;
		for (i = 0; i < mdlen; i++, n += 2)
			snprintf(txt + n, 3, "%02x", md[i]);
		txt[n++] = '\n';
	}
	txt[n] = '\0';
	memset(&b, 0, sizeof(b));
	snprintf(b.dir, sizeof(b.dir), "fuzz");
	if (backup_parse(&b, txt, n, err, sizeof(err)) == 0) {
		for (i = 0; i < b.nfiles; i++) {
			if (strlen(b.file[i].sum) != 64 ||
			    strspn(b.file[i].sum, "0123456789abcdef") != 64)
				abort();
			for (p = b.file[i].path; p != NULL;
			    p = strchr(p, '/') != NULL ? strchr(p, '/') + 1 :
			    NULL)
				if (*p == '\0' || *p == '.' || *p == '/')
					abort();
		}
	} else if (err[0] == '\0')
		abort();
	backup_abort(&b);
	free(txt);
	return 0;
}
