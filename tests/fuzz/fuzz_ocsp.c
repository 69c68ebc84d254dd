/*
 * fuzz_ocsp.c: libFuzzer target for the OCSP responder's request
 * handling: the daemon's responder (ca/caocsp.c: DER parsing, the
 * CertID checks against our issuing CA, the nonce) and the workers' GET
 * form's base64 (fcgi/ocsp.c).
 *
 * Input: the first byte chooses the form (odd: the rest is the base64
 * of a GET path; even: the rest is a POST body).  The daemon lookup is a
 * stub that answers good, revoked (with and without a reason), unknown
 * or "cannot be asked" by the serial's last digit.  Whatever the input,
 * the answer must be one DER OCSPResponse with nothing after it; a
 * successful one must verify with the responder's key and answer as
 * many certificates as were asked.
 *
 * The issuing CA (also the signer here) is fixed, so that the seed
 * corpus (tests/fuzz/corpus/ocsp, made with `openssl ocsp -reqout`
 * against FUZZ_CA_CERT) holds CertIDs that are ours.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include "ca/caocsp.h"
#include "fcgi/caclient.h"
#include "fcgi/ocsp.h"
#include "fcgi/webca.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char	 ca_key[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZTfuhCZKc6XyUfWr\n"
	"xsfmz766qM17xj5rRCaEOBv7qR6hRANCAAQddG7Ln1/lkr15y/4BwhnPl+QtmtI6\n"
	"JXE7WOdwXo+knpIMwaUGc5/xn7k3AM67fHoiNzcMSfZBDf7Z6H518+Ej\n"
	"-----END PRIVATE KEY-----\n";
static const char	 ca_cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBjDCCATGgAwIBAgIUaKyWwV04uYsn9JpSdLALcqAWqn0wCgYIKoZIzj0EAwIw\n"
	"GjEYMBYGA1UEAwwPZnV6eiBpc3N1aW5nIENBMCAXDTI2MTEyNDE0MTkzMFoYDzIx\n"
	"MjYxMDMxMTQxOTMwWjAaMRgwFgYDVQQDDA9mdXp6IGlzc3VpbmcgQ0EwWTATBgcq\n"
	"hkjOPQIBBggqhkjOPQMBBwNCAAQddG7Ln1/lkr15y/4BwhnPl+QtmtI6JXE7WOdw\n"
	"Xo+knpIMwaUGc5/xn7k3AM67fHoiNzcMSfZBDf7Z6H518+Ejo1MwUTAdBgNVHQ4E\n"
	"FgQUiuMmpmzOHpGApAbmcQx2MvKg9g4wHwYDVR0jBBgwFoAUiuMmpmzOHpGApAbm\n"
	"cQx2MvKg9g4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAzUfw\n"
	"arnngYH2wu6eOpcZLjo61j2wNmuqQlBTmUwBw4QCIQDFq3Pmq4Gew4OVW2Rx+HZA\n"
	"PWs9Eg48Q4Xi6OAojVTW5A==\n"
	"-----END CERTIFICATE-----\n";

static struct caocsp		*resp;
static X509			*ca;
static struct webconf		 conf;	/* two CAs: OCSP routing (webca.h) */

/* webca_of() and webca_approver() reach these; the fuzzer never calls
 * them. */
int
appdb_cert_ca(struct appdb *db, const char *serial, char *name, size_t sz)
{
	(void)db;
	(void)serial;
	(void)name;
	(void)sz;
	abort();
}

int
appdb_cert_sibling(struct appdb *db, const char *serial, const char *ca,
    long long now, char *out, size_t sz)
{
	(void)db;
	(void)serial;
	(void)ca;
	(void)now;
	(void)out;
	(void)sz;
	abort();
}

/* The handlers in fcgi/ocsp.c reach these; the fuzzer never calls them. */
int
caclient_ocsp(const char *sock, const unsigned char *req, size_t len,
    unsigned char **out, size_t *out_len)
{
	(void)sock;
	(void)req;
	(void)len;
	(void)out;
	(void)out_len;
	abort();
}

int
page_blob(struct ctx *c, const char *ctype, const char *disposition,
    char *body, size_t len)
{
	(void)c;
	(void)ctype;
	(void)disposition;
	(void)body;
	(void)len;
	abort();
}

static int
lookup(void *ctx, const char *serial, struct caocsp_status *st)
{
	size_t	 n = strlen(serial);

	(void)ctx;
	if (n == 0 || n % 2 != 0 || n > 40 ||
	    strspn(serial, "0123456789ABCDEF") != n)
		abort();
	switch (serial[n - 1] % 5) {
	case 0:
		st->revoked_at = 0;
		return 0;
	case 1:
		st->revoked_at = 1700000000;
		st->reason = 1;
		return 0;
	case 2:
		st->revoked_at = 1700000000;
		st->reason = -1;
		return 0;
	case 3:
		return 1;
	default:
		return -1;
	}
}

static void
init(void)
{
	BIO		*b;
	EVP_PKEY	*k;
	const ASN1_BIT_STRING *pk;

	if ((b = BIO_new_mem_buf(ca_key, -1)) == NULL ||
	    (k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)) == NULL)
		abort();
	BIO_free(b);
	if ((b = BIO_new_mem_buf(ca_cert, -1)) == NULL ||
	    (ca = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL)
		abort();
	BIO_free(b);
	if ((resp = caocsp_new(ca, k, ca)) == NULL)
		abort();
	EVP_PKEY_free(k);
	/* The second CA has the test CA's key: a request for it routes
	 * there, anything else to the first. */
	conf.ncas = 2;
	conf.cas[1].has_key = 1;
	pk = X509_get0_pubkey_bitstr(ca);
	if (EVP_Digest(pk->data, (size_t)pk->length, conf.cas[1].key_sha1,
	    NULL, EVP_sha1(), NULL) != 1 || EVP_Digest(pk->data,
	    (size_t)pk->length, conf.cas[1].key_sha256, NULL, EVP_sha256(),
	    NULL) != 1)
		abort();
}

static void
check(const unsigned char *der, size_t len, int asked)
{
	const unsigned char	*p = der;
	OCSP_RESPONSE		*r;
	OCSP_BASICRESP		*bs;
	STACK_OF(X509)		*certs;
	X509_STORE		*store;
	int			 st;

	if ((r = d2i_OCSP_RESPONSE(NULL, &p, (long)len)) == NULL ||
	    p != der + len)
		abort();
	st = OCSP_response_status(r);
	if (st == OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		if ((bs = OCSP_response_get1_basic(r)) == NULL ||
		    OCSP_resp_count(bs) != asked ||
		    (store = X509_STORE_new()) == NULL ||
		    (certs = sk_X509_new_null()) == NULL ||
		    !sk_X509_push(certs, ca))
			abort();
		if (OCSP_basic_verify(bs, certs, store, OCSP_TRUSTOTHER |
		    OCSP_NOVERIFY | OCSP_NOCHECKS) != 1)
			abort();
		sk_X509_free(certs);
		X509_STORE_free(store);
		OCSP_BASICRESP_free(bs);
	} else if (st != OCSP_RESPONSE_STATUS_MALFORMEDREQUEST &&
	    st != OCSP_RESPONSE_STATUS_TRYLATER)
		abort();
	OCSP_RESPONSE_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OCSP_REQUEST		*req;
	const unsigned char	*p, *body;
	unsigned char		*out = NULL, *dec = NULL;
	size_t			 out_len, len;
	long			 n;
	int			 asked = -1;

	if (resp == NULL)
		init();
	if (size == 0)
		return 0;
	body = data + 1;
	len = size - 1;
	if (data[0] & 1) {
		if ((dec = malloc(len / 4 * 3 + 3)) == NULL)
			abort();
		n = ocsp_b64_decode((const char *)body, len, dec,
		    len / 4 * 3 + 3);
		if (n == 0 || n > (long)(len / 4 * 3 + 3))
			abort();
		body = n > 0 ? dec : NULL;
		len = n > 0 ? (size_t)n : 0;
	}
	p = body;
	if (body != NULL && len > 0 &&
	    (req = d2i_OCSP_REQUEST(NULL, &p, (long)len)) != NULL) {
		asked = OCSP_request_onereq_count(req);
		OCSP_REQUEST_free(req);
	}
	if (webca_for_ocsp(&conf, body, len) == NULL)
		abort();
	if (caocsp_answer(resp, body, len, 1750000000, lookup, NULL, &out,
	    &out_len) != 0)
		abort();
	check(out, out_len, asked);
	free(out);
	free(dec);
	return 0;
}
