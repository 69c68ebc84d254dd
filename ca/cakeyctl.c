/*
 * cakeyctl.c: the private-key files as cactl's offline ceremonies use
 * them (cakey.h): writing new keys (PKCS#8 encrypted under a passphrase,
 * or plain for TLS server keys), and reading a key, a passphrase or a PIN
 * by path (opened, read and closed in one call, through cakey.c's
 * descriptor functions).  The key process does not link this file.
 *
 * Invariant: a key file is created O_EXCL|O_NOFOLLOW with mode 0600
 * whatever the umask, synced before it counts as written, and removed if
 * anything fails (no half-written key is left behind).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "ca/caconf.h"
#include "ca/cakey.h"
#include "lib/log.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif

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

/* A secret by path: opened, read (cakey_secret_fd()) and closed. */
static int
read_secret(const char *path, char *buf, size_t bufsz, size_t min,
    const char *what)
{
	int	 fd, rc;

	if ((fd = cakey_open_private(path)) == -1)
		return -1;
	rc = cakey_secret_fd(fd, path, buf, bufsz, min, what);
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

EVP_PKEY *
cakey_load(const char *path, const char *pass)
{
	EVP_PKEY	*k;
	int		 fd;

	if ((fd = cakey_open_private(path)) == -1)
		return NULL;
	k = cakey_key_fd(fd, path, pass);
	close(fd);
	return k;
}

EVP_PKEY *
cakey_issuing(const struct caconf *c, const char *dir, const char *passfile,
    const char *pinfile)
{
	struct cakey_src	 src;
	EVP_PKEY		*k;

	if (cakey_open(c, dir, passfile, pinfile, &src) == -1)
		return NULL;
	k = cakey_from(c, &src);
	cakey_src_close(&src);
	return k;
}
