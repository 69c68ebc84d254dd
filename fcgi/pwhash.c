/*
 * pwhash.c: scrypt password hashes in the encoding of pwhash.h.
 *
 * Invariants: derived keys and copies of them are wiped before they go
 * out of scope; comparisons of derived keys use CRYPTO_memcmp; a stored
 * string is parsed strictly (six '$'-separated fields, decimal numbers
 * without sign or leading zeros, canonical padded base64) and its cost
 * is bounded before any derivation, so a planted hash cannot make a
 * login burn unbounded memory or CPU.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "fcgi/pwhash.h"
#include "lib/b64.h"
#include "lib/log.h"

/* What pwhash_make() writes. */
#define PWHASH_N		32768
#define PWHASH_R		8
#define PWHASH_P		1
#define PWHASH_SALT_LEN		16
#define PWHASH_KEY_LEN		32

/* What pwhash_verify() accepts. */
#define PWHASH_N_MAX		(1u << 20)
#define PWHASH_R_MAX		32
#define PWHASH_P_MAX		16
#define PWHASH_MEM_MAX		(64u * 1024 * 1024)	/* 128 * N * r */
#define PWHASH_WORK_MAX		(1u << 22)		/* N * r * p */
#define PWHASH_SALT_MIN		4
#define PWHASH_SALT_MAX		64
#define PWHASH_KEY_MIN		16
#define PWHASH_KEY_MAX		64
#define PWHASH_B64_MAX		88		/* base64 of 64 bytes */

struct pwhash_params {
	uint64_t	 n;
	uint32_t	 r;
	uint32_t	 p;
	unsigned char	 salt[PWHASH_SALT_MAX];
	size_t		 salt_len;
	unsigned char	 key[PWHASH_KEY_MAX];
	size_t		 key_len;
};

/* Derives key_len bytes of scrypt(password) into key.  0 / -1 (logged). */
static int
derive(const char *password, const struct pwhash_params *pp,
    unsigned char *key, size_t key_len)
{
	EVP_KDF		*kdf = NULL;
	EVP_KDF_CTX	*ctx = NULL;
	OSSL_PARAM	 params[7], *q = params;
	uint64_t	 n = pp->n, maxmem = PWHASH_MEM_MAX + (1u << 20);
	uint32_t	 r = pp->r, p = pp->p;
	int		 rc = -1;

	if ((kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_SCRYPT, NULL)) == NULL ||
	    (ctx = EVP_KDF_CTX_new(kdf)) == NULL) {
		log_ssl("pwhash: derive", "cannot set up scrypt");
		goto out;
	}
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)password, strlen(password));
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)pp->salt, pp->salt_len);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM,
	    &maxmem);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, key, key_len, params) != 1) {
		log_ssl("pwhash: derive", "scrypt failed");
		goto out;
	}
	rc = 0;
out:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

char *
pwhash_make(const char *password)
{
	struct pwhash_params	 pp;
	unsigned char		 salt64[PWHASH_B64_MAX + 1];
	unsigned char		 key64[PWHASH_B64_MAX + 1];
	char			 enc[PWHASH_ENCODED_MAX];
	char			*ret = NULL;
	int			 n;

	memset(&pp, 0, sizeof(pp));
	memset(key64, 0, sizeof(key64));
	if (password == NULL ||
	    strnlen(password, PWHASH_PASSWORD_MAX + 1) > PWHASH_PASSWORD_MAX) {
		log_err("pwhash_make: no password, or longer than %d bytes",
		    PWHASH_PASSWORD_MAX);
		goto out;
	}
	pp.n = PWHASH_N;
	pp.r = PWHASH_R;
	pp.p = PWHASH_P;
	pp.salt_len = PWHASH_SALT_LEN;
	pp.key_len = PWHASH_KEY_LEN;
	if (RAND_bytes(pp.salt, (int)pp.salt_len) != 1) {
		log_ssl("pwhash_make", "no random salt");
		goto out;
	}
	if (derive(password, &pp, pp.key, pp.key_len) == -1)
		goto out;
	EVP_EncodeBlock(salt64, pp.salt, (int)pp.salt_len);
	EVP_EncodeBlock(key64, pp.key, (int)pp.key_len);
	n = snprintf(enc, sizeof(enc), "scrypt$%llu$%lu$%lu$%s$%s",
	    (unsigned long long)pp.n, (unsigned long)pp.r,
	    (unsigned long)pp.p, (const char *)salt64, (const char *)key64);
	if (n < 0 || (size_t)n >= sizeof(enc)) {
		log_err("pwhash_make: encoding too long");
		goto out;
	}
	if ((ret = strdup(enc)) == NULL)
		log_err("pwhash_make: out of memory");
out:
	OPENSSL_cleanse(&pp, sizeof(pp));
	OPENSSL_cleanse(key64, sizeof(key64));
	OPENSSL_cleanse(enc, sizeof(enc));
	return ret;
}

/* Parses the decimal s[0..len) (no sign, no leading zero) up to max. */
static int
parse_num(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (len == 0 || len > 10 || (s[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parses and bounds-checks an encoded hash.  0 / -1 (logged). */
static int
parse(const char *enc, struct pwhash_params *pp)
{
	const char	*f[6], *d;
	size_t		 flen[6], len;
	uint64_t	 v;
	int		 i, n;

	if ((len = strnlen(enc, PWHASH_ENCODED_MAX + 1)) > PWHASH_ENCODED_MAX)
		goto bad;
	f[0] = enc;
	for (i = 0; i < 5; i++) {
		if ((d = memchr(f[i], '$', len - (size_t)(f[i] - enc))) == NULL)
			goto bad;
		flen[i] = (size_t)(d - f[i]);
		f[i + 1] = d + 1;
	}
	flen[5] = len - (size_t)(f[5] - enc);
	if (memchr(f[5], '$', flen[5]) != NULL ||
	    flen[0] != 6 || memcmp(f[0], "scrypt", 6) != 0)
		goto bad;
	if (parse_num(f[1], flen[1], PWHASH_N_MAX, &v) == -1 || v < 2 ||
	    (v & (v - 1)) != 0)
		goto bad;
	pp->n = v;
	if (parse_num(f[2], flen[2], PWHASH_R_MAX, &v) == -1 || v < 1)
		goto bad;
	pp->r = (uint32_t)v;
	if (parse_num(f[3], flen[3], PWHASH_P_MAX, &v) == -1 || v < 1)
		goto bad;
	pp->p = (uint32_t)v;
	if (128 * pp->n * pp->r > PWHASH_MEM_MAX ||
	    pp->n * pp->r * pp->p > PWHASH_WORK_MAX)
		goto bad;
	if ((n = b64_decode(f[4], flen[4], pp->salt, PWHASH_SALT_MIN,
	    PWHASH_SALT_MAX)) == -1)
		goto bad;
	pp->salt_len = (size_t)n;
	if ((n = b64_decode(f[5], flen[5], pp->key, PWHASH_KEY_MIN,
	    PWHASH_KEY_MAX)) == -1)
		goto bad;
	pp->key_len = (size_t)n;
	return 0;
bad:
	log_warn("pwhash_verify: stored hash is malformed or out of bounds");
	return -1;
}

int
pwhash_verify(const char *password, const char *encoded)
{
	struct pwhash_params	 pp;
	unsigned char		 key[PWHASH_KEY_MAX];
	int			 real, ok = 0;

	memset(&pp, 0, sizeof(pp));
	real = password != NULL && encoded != NULL &&
	    strnlen(password, PWHASH_PASSWORD_MAX + 1) <= PWHASH_PASSWORD_MAX;
	if (real && parse(encoded, &pp) == -1)
		goto out;
	if (!real) {
		/* No account or no password: spend the usual time anyway. */
		pp.n = PWHASH_N;
		pp.r = PWHASH_R;
		pp.p = PWHASH_P;
		pp.salt_len = PWHASH_SALT_LEN;
		pp.key_len = PWHASH_KEY_LEN;
		password = "";
	}
	if (derive(password, &pp, key, pp.key_len) == -1)
		goto out;
	ok = real && CRYPTO_memcmp(key, pp.key, pp.key_len) == 0;
out:
	OPENSSL_cleanse(&pp, sizeof(pp));
	OPENSSL_cleanse(key, sizeof(key));
	return ok;
}
