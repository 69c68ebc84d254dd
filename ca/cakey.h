/*
 * cakey.h: CA private keys on disk.  Only the daemon and `cactl init`
 * (offline) include this; `grep cakey_` answers "who touches the key".
 *
 * Keys are PKCS#8 PEM encrypted with AES-256-CBC under a passphrase read
 * from a file.  A key or passphrase file that group or others can read is
 * refused.  Passphrases live in caller buffers that the caller wipes with
 * cakey_wipe() as soon as the key is loaded.
 */
#ifndef CA_CAKEY_H
#define CA_CAKEY_H

#include <stddef.h>

#include <openssl/evp.h>

#define CAKEY_PASS_MAX	256

/*
 * Reads the first line of path (mode must deny group and others) into buf.
 * Returns 0, or -1 with the reason logged.  Refuses an empty passphrase
 * and one shorter than 8 bytes.
 */
int	 cakey_read_pass(const char *path, char *buf, size_t bufsz);
/* Chooses the passphrase file: explicit path, else $CA_PASSPHRASE_FILE. */
const char *cakey_pass_file(const char *explicit_path);

/* Writes k encrypted to path, created with mode 0600 (must not exist). */
int	 cakey_write(const char *path, EVP_PKEY *k, const char *pass);
/* Writes k unencrypted (TLS server keys only), mode 0600. */
int	 cakey_write_plain(const char *path, EVP_PKEY *k);
/*
 * Loads an encrypted key.  Refuses a file readable by group or others, or
 * not a regular file.  Returns the key (caller frees) or NULL, logged.
 */
EVP_PKEY *cakey_load(const char *path, const char *pass);

/* Wipes n bytes of secret memory (OPENSSL_cleanse). */
void	 cakey_wipe(void *p, size_t n);

#endif
