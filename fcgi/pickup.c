/*
 * pickup.c: 领取码 (see pickup.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fcgi/pickup.h"
#include "lib/hex.h"
#include "lib/log.h"

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";	/* 31 */

/* HMAC-SHA256 of label, NUL, msg under key into mac.  0 / -1. */
static int
mac_of(const unsigned char *key, const char *label, const char *msg,
    unsigned char mac[32])
{
	unsigned char	 buf[256];
	size_t		 ll = strlen(label), ml = strlen(msg);
	unsigned int	 len = 32;

	if (ll + 1 + ml > sizeof(buf))
		return -1;
	memcpy(buf, label, ll);
	buf[ll] = '\0';
	memcpy(buf + ll + 1, msg, ml);
	if (HMAC(EVP_sha256(), key, PICKUP_KEY_LEN, buf, ll + 1 + ml, mac,
	    &len) == NULL || len != 32)
		return -1;
	return 0;
}

int
pickup_code(const unsigned char key[PICKUP_KEY_LEN], const char *order_no,
    char code[PICKUP_CODE_LEN + 1])
{
	unsigned char	 mac[32];
	unsigned long long v = 0;
	int		 i;

	if (mac_of(key, "ca-reissue pickup code", order_no, mac) == -1)
		return -1;
	for (i = 0; i < 8; i++)
		v = v << 8 | mac[i];
	OPENSSL_cleanse(mac, sizeof(mac));
	/* 2^64 is no multiple of 31^8, but the bias is below 2^-24. */
	for (i = 0; i < PICKUP_CODE_LEN; i++) {
		code[i] = alphabet[v % 31];
		v /= 31;
	}
	code[PICKUP_CODE_LEN] = '\0';
	return 0;
}

int
pickup_hash(const unsigned char key[PICKUP_KEY_LEN], const char *code,
    char hash[PICKUP_HASH_LEN + 1])
{
	unsigned char	 mac[32];

	if (mac_of(key, "ca-reissue pickup hash", code, mac) == -1)
		return -1;
	hex_encode(mac, sizeof(mac), hash, 0);
	return 0;
}

int
pickup_parse(const char *typed, char code[PICKUP_CODE_LEN + 1])
{
	size_t	 n = 0;
	char	 ch;

	if (typed == NULL || strlen(typed) > 32)
		return -1;
	for (; *typed != '\0'; typed++) {
		ch = *typed;
		if (ch == ' ' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (strchr(alphabet, ch) == NULL || n == PICKUP_CODE_LEN)
			return -1;
		code[n++] = ch;
	}
	if (n != PICKUP_CODE_LEN)
		return -1;
	code[n] = '\0';
	return 0;
}

int
pickup_check(const unsigned char key[PICKUP_KEY_LEN], const char *code,
    const char *hash)
{
	char	 want[PICKUP_HASH_LEN + 1];
	int	 ok;

	if (hash == NULL || strlen(hash) != PICKUP_HASH_LEN ||
	    pickup_hash(key, code, want) == -1)
		return 0;
	ok = CRYPTO_memcmp(want, hash, PICKUP_HASH_LEN) == 0;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pickup_key_load(const char *path, unsigned char key[PICKUP_KEY_LEN])
{
	struct stat	 st;
	char		 buf[2 * PICKUP_KEY_LEN + 2];
	ssize_t		 n;
	int		 fd, i, hi, lo, ret = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_err("%s: cannot open the application secret", path);
		return -1;
	}
	if (fstat(fd, &st) == -1 || (st.st_mode & 077) != 0) {
		log_err("%s: must be readable by its owner only (chmod 600)",
		    path);
		goto out;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 2 * PICKUP_KEY_LEN || (n == sizeof(buf)) ||
	    (n > 2 * PICKUP_KEY_LEN && buf[2 * PICKUP_KEY_LEN] != '\n')) {
		log_err("%s: want 64 hex digits", path);
		goto out;
	}
	for (i = 0; i < PICKUP_KEY_LEN; i++) {
		if ((hi = hexval(buf[2 * i])) < 0 ||
		    (lo = hexval(buf[2 * i + 1])) < 0) {
			log_err("%s: want 64 hex digits", path);
			goto out;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	ret = 0;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	close(fd);
	return ret;
}
