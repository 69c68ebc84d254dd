/*
 * cakey.c: loading and storing encrypted private keys and their
 * passphrases, with file-mode checks, and choosing where the issuing CA
 * key comes from: its file, or a PKCS#11 token (ca/cahsm.c).
 *
 * Invariants: files are opened with O_NOFOLLOW and checked with fstat on
 * the open descriptor (no check-then-open race); new key files are created
 * O_EXCL with mode 0600 whatever the umask; every buffer that held a
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

/* Opens path for reading if it is a regular file private to its owner. */
static int
open_private(const char *path)
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

/*
 * Reads the first line of the private file path into buf: a secret of at
 * least min bytes, called what in messages.  0, or -1 (buf wiped).
 */
static int
read_secret(const char *path, char *buf, size_t bufsz, size_t min,
    const char *what)
{
	ssize_t	 n;
	size_t	 len;
	int	 fd, rc = -1;
	char	*nl;

	if ((fd = open_private(path)) == -1)
		return -1;
	n = read(fd, buf, bufsz - 1);
	if (n < 0) {
		log_err("%s: %s", path, strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	if ((nl = strpbrk(buf, "\r\n")) != NULL)
		*nl = '\0';
	else if ((size_t)n == bufsz - 1) {
		log_err("%s: %s longer than %zu bytes", path, what,
		    bufsz - 2);
		goto out;
	}
	len = strlen(buf);
	if (len < min) {
		log_err("%s: %s shorter than %zu characters", path, what,
		    min);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		cakey_wipe(buf, bufsz);
	close(fd);
	return rc;
}

int
cakey_read_pass(const char *path, char *buf, size_t bufsz)
{
	if (path == NULL) {
		log_err("no passphrase file: give one or set "
		    "CA_PASSPHRASE_FILE");
		return -1;
	}
	return read_secret(path, buf, bufsz, 8, "passphrase");
}

int
cakey_read_pin(const char *path, char *buf, size_t bufsz)
{
	if (path == NULL) {
		log_err("no PIN file for the token: give one or set "
		    "CA_PIN_FILE");
		return -1;
	}
	return read_secret(path, buf, bufsz, 4, "PIN");
}

static FILE *
create_private(const char *path)
{
	FILE	*f;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0600)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, 0600) == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NULL;
	}
	return f;
}

static int
finish_private(FILE *f, const char *path, int ok)
{
	if (ok && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		ok = 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		log_ssl("cakey_write", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int
cakey_write(const char *path, EVP_PKEY *k, const char *pass)
{
	FILE	*f;
	int	 ok;

	if ((f = create_private(path)) == NULL)
		return -1;
	ok = PEM_write_PKCS8PrivateKey(f, k, EVP_aes_256_cbc(), NULL, 0,
	    NULL, (void *)pass);
	return finish_private(f, path, ok);
}

int
cakey_write_plain(const char *path, EVP_PKEY *k)
{
	FILE	*f;
	int	 ok;

	if ((f = create_private(path)) == NULL)
		return -1;
	ok = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	return finish_private(f, path, ok);
}

EVP_PKEY *
cakey_load(const char *path, const char *pass)
{
	EVP_PKEY	*k;
	FILE		*f;
	int		 fd;

	if ((fd = open_private(path)) == -1)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	k = PEM_read_PrivateKey(f, NULL, NULL, (void *)pass);
	fclose(f);
	if (k == NULL)
		log_ssl("cakey_load", "cannot decrypt or parse the key "
		    "(wrong passphrase?)");
	return k;
}

EVP_PKEY *
cakey_issuing(const struct caconf *c, const char *dir, const char *passfile,
    const char *pinfile)
{
	EVP_PKEY	*k;
	char		 secret[CAKEY_PASS_MAX], path[PATH_MAX];

	memset(secret, 0, sizeof(secret));
	if (c->key_uri[0] != '\0') {
		if (cakey_read_pin(cakey_pin_file(pinfile), secret,
		    sizeof(secret)) == -1)
			return NULL;
		k = cahsm_load(c->key_module, c->key_uri, secret);
	} else {
		if (cakey_read_pass(cakey_pass_file(passfile), secret,
		    sizeof(secret)) == -1)
			return NULL;
		if (snprintf(path, sizeof(path), "%s/private/ca.key", dir) >=
		    (int)sizeof(path)) {
			log_err("%s: path too long", dir);
			k = NULL;
		} else
			k = cakey_load(path, secret);
	}
	cakey_wipe(secret, sizeof(secret));
	return k;
}

void
cakey_close(void)
{
	cahsm_close();
}
