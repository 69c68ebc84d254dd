/*
 * cakey.c: loading encrypted private keys and their passphrases from
 * descriptors, with file-mode checks, and choosing where the issuing CA
 * key comes from: its file, or a PKCS#11 token (ca/cahsm.c).  What only
 * cactl's offline ceremonies use — writing new keys, reading keys and
 * secrets by path — is cakeyctl.c's: the key process never links it.
 *
 * Invariants: files are opened with O_NOFOLLOW and checked with fstat on
 * the open descriptor (no check-then-open race); every buffer that held a
 * passphrase or key bytes is wiped before it is freed or goes out of scope.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "ca/caconf.h"
#include "ca/cahsm.h"
#include "ca/cakey.h"
#include "lib/log.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif

void
cakey_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

const char *
cakey_pass_file(const char *explicit_path)
{
	const char	*e;

	if (explicit_path != NULL)
		return explicit_path;
	if ((e = getenv("CA_PASSPHRASE_FILE")) != NULL && *e != '\0')
		return e;
	return NULL;
}

const char *
cakey_pin_file(const char *explicit_path)
{
	const char	*e;

	if (explicit_path != NULL)
		return explicit_path;
	if ((e = getenv("CA_PIN_FILE")) != NULL && *e != '\0')
		return e;
	return NULL;
}

int
cakey_open_private(const char *path)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		log_err("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_err("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		log_err("%s: readable by group or others (mode %03o); "
		    "run chmod 600 %s", path, (unsigned)(st.st_mode & 0777),
		    path);
		close(fd);
		return -1;
	}
	return fd;
}

int
cakey_secret_fd(int fd, const char *path, char *buf, size_t bufsz,
    size_t min, const char *what)
{
	ssize_t	 n;
	size_t	 len;
	char	*nl;

	if ((n = pread(fd, buf, bufsz - 1, 0)) < 0) {
		log_err("%s: %s", path, strerror(errno));
		goto fail;
	}
	buf[n] = '\0';
	if ((nl = strpbrk(buf, "\r\n")) != NULL)
		*nl = '\0';
	else if ((size_t)n == bufsz - 1) {
		log_err("%s: %s longer than %zu bytes", path, what,
		    bufsz - 2);
		goto fail;
	}
	len = strlen(buf);
	if (len < min) {
		log_err("%s: %s shorter than %zu characters", path, what,
		    min);
		goto fail;
	}
	return 0;
fail:
	cakey_wipe(buf, bufsz);
	return -1;
}

EVP_PKEY *
cakey_key_fd(int fd, const char *path, const char *pass)
{
	EVP_PKEY	*k = NULL;
	BIO		*b;
	char		*pem;
	ssize_t		 n;

	if ((pem = malloc(CAKEY_FILE_MAX)) == NULL) {
		log_err("%s: out of memory", path);
		return NULL;
	}
	if ((n = pread(fd, pem, CAKEY_FILE_MAX, 0)) < 0)
		log_err("%s: %s", path, strerror(errno));
	else if (n == CAKEY_FILE_MAX)
		log_err("%s: larger than %d bytes: not a key of ours", path,
		    CAKEY_FILE_MAX - 1);
	else if ((b = BIO_new_mem_buf(pem, (int)n)) == NULL)
		log_ssl("cakey_load", path);
	else {
		k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)pass);
		BIO_free(b);
		if (k == NULL)
			log_ssl("cakey_load", "cannot decrypt or parse the "
			    "key (wrong passphrase?)");
	}
	cakey_wipe(pem, CAKEY_FILE_MAX);
	free(pem);
	return k;
}

int
cakey_open(const struct caconf *c, const char *dir, const char *passfile,
    const char *pinfile, struct cakey_src *src)
{
	const char	*secret;

	src->key_fd = src->secret_fd = -1;
	src->token = c->key_uri[0] != '\0';
	if (src->token)
		secret = cakey_pin_file(pinfile);
	else
		secret = cakey_pass_file(passfile);
	if (secret == NULL) {
		log_err(src->token ? "no PIN file for the token: give one or "
		    "set CA_PIN_FILE" : "no passphrase file: give one or set "
		    "CA_PASSPHRASE_FILE");
		return -1;
	}
	if (snprintf(src->secret_path, sizeof(src->secret_path), "%s",
	    secret) >= (int)sizeof(src->secret_path) ||
	    snprintf(src->key_path, sizeof(src->key_path),
	    "%s/private/ca.key", dir) >= (int)sizeof(src->key_path)) {
		log_err("%s: path too long", dir);
		return -1;
	}
	if ((src->secret_fd = cakey_open_private(src->secret_path)) == -1 ||
	    (!src->token &&
	    (src->key_fd = cakey_open_private(src->key_path)) == -1)) {
		cakey_src_close(src);
		return -1;
	}
	return 0;
}

EVP_PKEY *
cakey_from(const struct caconf *c, const struct cakey_src *src)
{
	EVP_PKEY	*k = NULL;
	char		 secret[CAKEY_PASS_MAX];

	memset(secret, 0, sizeof(secret));
	if (src->token) {
		if (cakey_secret_fd(src->secret_fd, src->secret_path, secret,
		    sizeof(secret), 4, "PIN") == 0)
			k = cahsm_load(c->key_module, c->key_uri, secret);
	} else if (cakey_secret_fd(src->secret_fd, src->secret_path, secret,
	    sizeof(secret), 8, "passphrase") == 0)
		k = cakey_key_fd(src->key_fd, src->key_path, secret);
	cakey_wipe(secret, sizeof(secret));
	return k;
}

void
cakey_src_close(struct cakey_src *src)
{
	if (src->key_fd != -1)
		close(src->key_fd);
	if (src->secret_fd != -1)
		close(src->secret_fd);
	src->key_fd = src->secret_fd = -1;
}

void
cakey_close(void)
{
	cahsm_close();
}
