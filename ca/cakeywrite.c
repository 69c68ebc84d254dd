/*
 * cakeywrite.c: writing new private keys (cakey.h): PKCS#8 encrypted
 * under a passphrase, or plain for TLS server keys.
 *
 * Invariant: a key file is created O_EXCL|O_NOFOLLOW with mode 0600
 * whatever the umask, synced before it counts as written, and removed if
 * anything fails (no half-written key is left behind).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

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
