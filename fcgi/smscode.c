/*
 * smscode.c: one-time SMS codes (see smscode.h).
 *
 * Invariants: a code leaves this file only in the caller's buffer, which
 * the caller wipes after sending; every intermediate buffer holding the
 * code or a MAC is wiped here before returning.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "fcgi/smscode.h"
#include "lib/hex.h"
#include "lib/log.h"

#define SMSCODE_KEY_LEN	32

/* Row per enum smscode_purpose. */
static const char *const smscode_label[SMSCODE__MAX] = {
	"ca-reissue reset code",	/* SMSCODE_RESET */
	"ca-reissue signup code",	/* SMSCODE_SIGNUP */
};

int
smscode_valid(const char *s)
{
	return s != NULL && strlen(s) == SMSCODE_LEN &&
	    strspn(s, "0123456789") == SMSCODE_LEN;
}

int
smscode_new(char code[SMSCODE_LEN + 1], char salt[SMSCODE_SALT_LEN + 1])
{
	unsigned char	 r[4], s[SMSCODE_SALT_LEN / 2];
	unsigned long	 v;

	/* Uniform: draw again above the last whole multiple of 10^6. */
	do {
		if (RAND_bytes(r, sizeof(r)) != 1) {
			log_ssl("smscode_new", "RAND_bytes");
			return -1;
		}
		v = (unsigned long)r[0] << 24 | (unsigned long)r[1] << 16 |
		    (unsigned long)r[2] << 8 | r[3];
	} while (v >= 4294000000UL);
	if (RAND_bytes(s, sizeof(s)) != 1) {
		log_ssl("smscode_new", "RAND_bytes");
		OPENSSL_cleanse(r, sizeof(r));
		return -1;
	}
	snprintf(code, SMSCODE_LEN + 1, "%06lu", v % 1000000UL);
	hex_encode(s, sizeof(s), salt, 0);
	OPENSSL_cleanse(r, sizeof(r));
	v = 0;
	return 0;
}

int
smscode_hash(const unsigned char key[SMSCODE_KEY_LEN],
    enum smscode_purpose purpose, const char *subject, const char *salt,
    const char *code, char hash[SMSCODE_HASH_LEN + 1])
{
	const char	*part[4];
	unsigned char	 buf[160], mac[32];
	unsigned int	 len = sizeof(mac);
	size_t		 i, n = 0, l;
	int		 rc = -1;

	if ((unsigned)purpose >= SMSCODE__MAX || subject == NULL ||
	    salt == NULL || code == NULL)
		return -1;
	part[0] = smscode_label[purpose];
	part[1] = subject;
	part[2] = salt;
	part[3] = code;
	/* Each part but the last ends in a NUL: no two inputs collide. */
	for (i = 0; i < 4; i++) {
		l = strlen(part[i]) + (i < 3);
		if (l > sizeof(buf) - n) {
			log_err("smscode_hash: input too long");
			goto out;
		}
		memcpy(buf + n, part[i], l);
		n += l;
	}
	if (HMAC(EVP_sha256(), key, SMSCODE_KEY_LEN, buf, n, mac, &len) ==
	    NULL || len != sizeof(mac)) {
		log_ssl("smscode_hash", "HMAC-SHA256");
		goto out;
	}
	hex_encode(mac, sizeof(mac), hash, 0);
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

int
smscode_check(const unsigned char key[SMSCODE_KEY_LEN],
    enum smscode_purpose purpose, const char *subject, const char *salt,
    const char *code, const char *hash)
{
	char	 want[SMSCODE_HASH_LEN + 1];
	int	 ok;

	if (!smscode_valid(code) || salt == NULL ||
	    strlen(salt) != SMSCODE_SALT_LEN || hash == NULL ||
	    strlen(hash) != SMSCODE_HASH_LEN ||
	    smscode_hash(key, purpose, subject, salt, code, want) == -1)
		return 0;
	ok = CRYPTO_memcmp(want, hash, SMSCODE_HASH_LEN) == 0;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}
