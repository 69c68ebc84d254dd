/*
 * csr.c: checking uploaded certificate requests and reading issued
 * certificates for the operator pages (csr.h).
 *
 * Invariants:
 * - Nothing here holds or makes a private key; only public keys and
 *   signatures are looked at.
 * - PEM is taken strictly: one block of the expected label, no headers
 *   (no encryption), only whitespace before and after it.  DER must end
 *   exactly where the request ends.  So what the daemon gets is the
 *   request the operator uploaded, byte for byte, and nothing else.
 * - OpenSSL's error queue is drained into the log on every failure, and
 *   left empty on a refusal that is the upload's fault.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "fcgi/csr.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define CHAIN_MAX	(64 * 1024)

static const char *const csr_codes[CSR_VERDICT__MAX] = {
	/* CSR_OK */		"ok",
	/* CSR_EMPTY */		"empty",
	/* CSR_TOO_LARGE */	"too_large",
	/* CSR_FORMAT */	"format",
	/* CSR_SIGNATURE */	"signature",
	/* CSR_WEAK_KEY */	"weak_key",
	/* CSR_SAME_KEY */	"same_key",
	/* CSR_KEY_TYPE */	"key_type",
};

const char *
csr_verdict_code(enum csr_verdict v)
{
	return (unsigned)v < CSR_VERDICT__MAX ? csr_codes[v] : "";
}

static int
is_ws(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Advances *p over whitespace; returns what is left. */
static size_t
skip_ws(const unsigned char **p, size_t n)
{
	while (n > 0 && is_ws(**p)) {
		(*p)++;
		n--;
	}
	return n;
}

/*
 * Reads one PEM block at *p (n bytes, starting with "-----BEGIN "):
 * *name its label, *data its bytes (both OPENSSL_free'd by the caller),
 * no PEM headers allowed.  Moves *p and *n past it.  0, or -1 if it is
 * not one well-formed block (the error queue is cleared).
 */
static int
pem_one(const unsigned char **p, size_t *n, char **name,
    unsigned char **data, long *dlen)
{
	BIO		*b;
	char		*hdr = NULL;
	char		*rest;
	long		 left;
	int		 rc = -1;

	*name = NULL;
	*data = NULL;
	*dlen = 0;
	if (*n < 11 || memcmp(*p, "-----BEGIN ", 11) != 0 || *n > INT32_MAX)
		return -1;
	if ((b = BIO_new_mem_buf(*p, (int)*n)) == NULL)
		return -1;
	if (PEM_read_bio(b, name, &hdr, data, dlen) != 1 || hdr == NULL ||
	    hdr[0] != '\0' || *dlen <= 0)
		goto out;
	left = BIO_get_mem_data(b, &rest);
	if (left < 0 || (size_t)left > *n)
		goto out;
	*p = (const unsigned char *)rest;
	*n = (size_t)left;
	rc = 0;
out:
	if (rc == -1) {
		OPENSSL_free(*name);
		OPENSSL_free(*data);
		*name = NULL;
		*data = NULL;
		ERR_clear_error();
	}
	OPENSSL_free(hdr);
	BIO_free(b);
	return rc;
}

/*
 * 1 if k is a key the daemon accepts: RSA 2048-8192, EC P-256/P-384, SM2
 * (asked first: a decoded SM2 key has no legacy type of its own).
 */
static int
key_ok(EVP_PKEY *k)
{
	char	 group[64];
	int	 bits;

	if (sm2_is_key(k))
		return 1;
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:
		bits = EVP_PKEY_get_bits(k);
		return bits >= 2048 && bits <= 8192;
	case EVP_PKEY_EC:
		if (EVP_PKEY_get_group_name(k, group, sizeof(group), NULL) !=
		    1) {
			ERR_clear_error();
			return 0;
		}
		return strcmp(group, "prime256v1") == 0 ||
		    strcmp(group, "P-256") == 0 ||
		    strcmp(group, "secp384r1") == 0 ||
		    strcmp(group, "P-384") == 0;
	default:
		return 0;
	}
}

/* The request of exactly len DER bytes, or NULL. */
static X509_REQ *
req_der(const unsigned char *der, size_t len)
{
	const unsigned char	*p = der;
	X509_REQ		*r;

	if (len == 0 || len > CSR_DER_MAX)
		return NULL;
	if ((r = d2i_X509_REQ(NULL, &p, (long)len)) == NULL) {
		ERR_clear_error();
		return NULL;
	}
	if (p != der + len) {
		X509_REQ_free(r);
		return NULL;
	}
	return r;
}

/* The certificate of exactly len DER bytes, or NULL. */
static X509 *
cert_der(const unsigned char *der, size_t len)
{
	const unsigned char	*p = der;
	X509			*x;

	if (len == 0 || len > 64 * 1024 ||
	    (x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return NULL;
	if (p != der + len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

int
csr_check(const unsigned char *data, size_t len, const unsigned char *old_der,
    size_t old_len, unsigned char **der, size_t *der_len)
{
	const unsigned char	*p = data;
	unsigned char		*pem_data = NULL;
	const unsigned char	*reqder;
	char			*name = NULL;
	X509_REQ		*r = NULL;
	X509			*old = NULL;
	EVP_PKEY		*k;
	size_t			 n = len, reqlen;
	long			 dlen;
	int			 v;

	*der = NULL;
	*der_len = 0;
	if (data == NULL || len == 0)
		return CSR_EMPTY;
	if (len > CSR_FILE_MAX)
		return CSR_TOO_LARGE;
	if (data[0] == 0x30) {
		reqder = data;
		reqlen = len;
	} else {
		n = skip_ws(&p, n);
		if (pem_one(&p, &n, &name, &pem_data, &dlen) == -1 ||
		    (strcmp(name, "CERTIFICATE REQUEST") != 0 &&
		    strcmp(name, "NEW CERTIFICATE REQUEST") != 0) ||
		    skip_ws(&p, n) != 0) {
			v = CSR_FORMAT;
			goto out;
		}
		reqder = pem_data;
		reqlen = (size_t)dlen;
	}
	if ((r = req_der(reqder, reqlen)) == NULL ||
	    (k = X509_REQ_get0_pubkey(r)) == NULL) {
		ERR_clear_error();
		v = CSR_FORMAT;
		goto out;
	}
	if (!sm2_req_verify(r, k)) {
		ERR_clear_error();
		v = CSR_SIGNATURE;
		goto out;
	}
	if (!key_ok(k)) {
		v = CSR_WEAK_KEY;
		goto out;
	}
	if (old_der != NULL) {
		if ((old = cert_der(old_der, old_len)) == NULL) {
			log_ssl("csr_check", "the old certificate does not "
			    "parse");
			v = -1;
			goto out;
		}
		if (EVP_PKEY_eq(k, X509_get0_pubkey(old)) == 1) {
			v = CSR_SAME_KEY;
			goto out;
		}
		ERR_clear_error();
		if (sm2_is_key(X509_get0_pubkey(old)) && !sm2_is_key(k)) {
			v = CSR_KEY_TYPE;
			goto out;
		}
	}
	if ((*der = malloc(reqlen)) == NULL) {
		log_err("csr_check: out of memory");
		v = -1;
		goto out;
	}
	memcpy(*der, reqder, reqlen);
	*der_len = reqlen;
	v = CSR_OK;
out:
	X509_REQ_free(r);
	X509_free(old);
	OPENSSL_free(name);
	OPENSSL_free(pem_data);
	return v;
}

int
csr_cert_has_key(const unsigned char *cert, size_t cert_len,
    const unsigned char *csr, size_t csr_len)
{
	X509		*x = NULL;
	X509_REQ	*r = NULL;
	int		 rc = -1;

	if ((x = cert_der(cert, cert_len)) == NULL ||
	    (r = req_der(csr, csr_len)) == NULL) {
		log_ssl("csr_cert_has_key", "certificate or request does not "
		    "parse");
		goto out;
	}
	rc = EVP_PKEY_eq(X509_get0_pubkey(x), X509_REQ_get0_pubkey(r)) == 1;
	ERR_clear_error();
out:
	X509_free(x);
	X509_REQ_free(r);
	return rc;
}

int
csr_cert_pem(const unsigned char *der, size_t len, char **pem,
    size_t *pem_len)
{
	X509	*x = NULL;
	BIO	*b = NULL;
	char	*p;
	long	 n;
	int	 rc = -1;

	*pem = NULL;
	*pem_len = 0;
	if ((x = cert_der(der, len)) == NULL ||
	    (b = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509(b, x) != 1 ||
	    (n = BIO_get_mem_data(b, &p)) <= 0) {
		log_ssl("csr_cert_pem", "cannot write the certificate as PEM");
		goto out;
	}
	if ((*pem = malloc((size_t)n + 1)) == NULL) {
		log_err("csr_cert_pem: out of memory");
		goto out;
	}
	memcpy(*pem, p, (size_t)n);
	(*pem)[n] = '\0';
	*pem_len = (size_t)n;
	rc = 0;
out:
	X509_free(x);
	BIO_free(b);
	return rc;
}

int
csr_chain_load(const char *path, char **pem, size_t *pem_len)
{
	FILE			*f = NULL;
	unsigned char		*buf = NULL, *data = NULL;
	const unsigned char	*p, *dp;
	char			*name = NULL;
	X509			*x;
	size_t			 n, left;
	long			 dlen;
	int			 rc = -1, count = 0;

	*pem = NULL;
	*pem_len = 0;
	if (path == NULL || (f = fopen(path, "rb")) == NULL) {
		log_err("csr_chain_load: cannot open %s",
		    path != NULL ? path : "(none)");
		goto out;
	}
	if ((buf = malloc(CHAIN_MAX + 1)) == NULL)
		goto out;
	n = fread(buf, 1, CHAIN_MAX + 1, f);
	if (ferror(f) || n == 0 || n > CHAIN_MAX) {
		log_err("csr_chain_load: %s: unreadable, empty or over %d "
		    "bytes", path, CHAIN_MAX);
		goto out;
	}
	buf[n] = '\0';
	p = buf;
	left = skip_ws(&p, n);
	while (left > 0) {
		if (pem_one(&p, &left, &name, &data, &dlen) == -1 ||
		    strcmp(name, "CERTIFICATE") != 0) {
			log_err("csr_chain_load: %s: not only PEM "
			    "certificates", path);
			goto out;
		}
		dp = data;
		if ((x = d2i_X509(NULL, &dp, dlen)) == NULL ||
		    dp != data + dlen) {
			X509_free(x);
			log_ssl("csr_chain_load", "a certificate does not "
			    "parse");
			goto out;
		}
		X509_free(x);
		OPENSSL_free(name);
		OPENSSL_free(data);
		name = NULL;
		data = NULL;
		count++;
		left = skip_ws(&p, left);
	}
	if (count == 0) {
		log_err("csr_chain_load: %s: no certificate", path);
		goto out;
	}
	*pem = (char *)buf;
	*pem_len = n;
	buf = NULL;
	rc = 0;
out:
	OPENSSL_free(name);
	OPENSSL_free(data);
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

int
csr_chain_sm2(const char *path)
{
	FILE		*f;
	X509		*x;
	int		 rc;

	if (path == NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		log_err("csr_chain_sm2: cannot open %s", path);
		return -1;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL) {
		log_ssl("csr_chain_sm2", path);
		return -1;
	}
	rc = sm2_is_key(X509_get0_pubkey(x));
	ERR_clear_error();
	X509_free(x);
	return rc;
}
