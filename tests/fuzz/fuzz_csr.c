/*
 * fuzz_csr.c: libFuzzer target for the operator's CSR upload check
 * (fcgi/csr.c: csr_check), the parser an uploaded PKCS#10 request goes
 * through before the signing daemon sees it.
 *
 * Input: the uploaded bytes.  Nothing may crash, leak or loop; the
 * verdict is in range, and CSR_OK comes with DER that OpenSSL parses as a
 * request whose signature verifies (an SM2 one with the ID, lib/sm2.h),
 * of at most CSR_DER_MAX bytes; any other verdict with no DER.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/x509.h>

#include "fcgi/csr.h"
#include "lib/sm2.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char		*der = NULL;
	const unsigned char	*p;
	size_t			 len = 0;
	X509_REQ		*req;
	EVP_PKEY		*key;
	int			 v;

	v = csr_check(data, size, NULL, 0, &der, &len);
	if (v == -1 || v >= CSR_VERDICT__MAX)
		abort();
	if (v != CSR_OK) {
		if (der != NULL)
			abort();
		return 0;
	}
	if (der == NULL || len == 0 || len > CSR_DER_MAX)
		abort();
	p = der;
	if ((req = d2i_X509_REQ(NULL, &p, (long)len)) == NULL ||
	    p != der + len || (key = X509_REQ_get0_pubkey(req)) == NULL ||
	    !sm2_req_verify(req, key))
		abort();
	X509_REQ_free(req);
	free(der);
	return 0;
}
