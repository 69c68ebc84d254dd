/*
 * cakey.h: CA private keys on disk, or in a PKCS#11 token.  Only the
 * daemon and `cactl init` (offline) include this; `grep cakey_` answers
 * "who touches the key".
 *
 * Keys are PKCS#8 PEM encrypted with AES-256-CBC under a passphrase read
 * from a file.  A key or passphrase file that group or others can read is
 * refused.  Passphrases live in caller buffers that the caller wipes with
 * cakey_wipe() as soon as the key is loaded.  The issuing CA key may
 * instead live in a token (ca.conf key_uri): it is then used through
 * ca/cahsm.c and never read at all; the token's PIN comes from a PIN file
 * held like the passphrase file.
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

/* Chooses the token PIN file: explicit path, else $CA_PIN_FILE. */
const char *cakey_pin_file(const char *explicit_path);
/* Reads a PIN (at least 4 bytes) like cakey_read_pass() reads a
 * passphrase: first line, private file, buf wiped on failure.  0 / -1. */
int	 cakey_read_pin(const char *path, char *buf, size_t bufsz);

/* Writes k encrypted to path, created with mode 0600 (must not exist). */
int	 cakey_write(const char *path, EVP_PKEY *k, const char *pass);
/* Writes k unencrypted (TLS server keys only), mode 0600. */
int	 cakey_write_plain(const char *path, EVP_PKEY *k);
/*
 * Loads an encrypted key.  Refuses a file readable by group or others, or
 * not a regular file.  Returns the key (caller frees) or NULL, logged.
 */
EVP_PKEY *cakey_load(const char *path, const char *pass);

struct caconf;
/*
 * The issuing CA key of the CA in dir whose settings are c: from the
 * token when c->key_uri is set (PIN from pinfile or $CA_PIN_FILE), else
 * from dir/private/ca.key (passphrase from passfile or
 * $CA_PASSPHRASE_FILE).  The secret is wiped before this returns.
 * Returns the key (caller frees it, then calls cakey_close()) or NULL,
 * logged.  The caller still checks that it matches the certificate.
 */
EVP_PKEY *cakey_issuing(const struct caconf *c, const char *dir,
	    const char *passfile, const char *pinfile);
/* Closes the token after the issuing key was freed; else a no-op. */
void	 cakey_close(void);

/* Wipes n bytes of secret memory (OPENSSL_cleanse). */
void	 cakey_wipe(void *p, size_t n);

#endif
