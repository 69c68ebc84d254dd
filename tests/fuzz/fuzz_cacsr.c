/*
 * fuzz_cacsr.c: libFuzzer target for the daemon's hand-written CSR reader
 * (ca/caissue.c's fast path, over ca/cader.c), checked against OpenSSL's.
 *
 * Input: the bytes of a would-be PKCS#10 request.  Both paths decide; the
 * fast one may only accept what OpenSSL's X509_REQ path accepts, with the
 * same key and the same SubjectPublicKeyInfo octets.  Anything else
 * aborts.  Nothing may crash, read out of bounds or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ca/caissue.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct caissue_key	 f, o;
	char			 why[200];
	int			 fast, ossl;

	fast = caissue_csr_key_fast(data, size, &f);
	ossl = caissue_csr_key_openssl(data, size, &o, why, sizeof(why)) ==
	    0;
	if (fast && (!ossl || EVP_PKEY_eq(f.pkey, o.pkey) != 1 ||
	    f.spki_len != o.spki_len ||
	    memcmp(f.spki, o.spki, f.spki_len) != 0))
		abort();
	caissue_key_clear(&f);
	caissue_key_clear(&o);
	return 0;
}
