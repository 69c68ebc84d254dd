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

#include <limits.h>
#include <stddef.h>

#include <openssl/evp.h>

#define CAKEY_PASS_MAX	256
#define CAKEY_FILE_MAX	65536	/* an encrypted PEM key is far smaller */

/*
 * The descriptor functions (cakey.c; the key process's monitor and
 * children use them).  cakey_open_private() opens path for reading if it
 * is a regular file that group and others cannot read (else -1 logged).
 * cakey_secret_fd() reads the first line of fd (from its start; path
 * names it in messages) into buf: a secret of at least min bytes, called
 * what; 0, or -1 with buf wiped.  cakey_key_fd() reads the encrypted PEM
 * key of fd from its start: the key (caller frees) or NULL logged.
 */
int	 cakey_open_private(const char *path);
int	 cakey_secret_fd(int fd, const char *path, char *buf, size_t bufsz,
	    size_t min, const char *what);
EVP_PKEY *cakey_key_fd(int fd, const char *path, const char *pass);

/*
 * By path (cakeyctl.c: cactl only).
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
/*
 * The issuing key's files, opened (as root) by a process that will read
 * them after it has dropped privileges (the key process's monitor: its
 * children load the key from these descriptors, as the key user, while
 * the files stay root's).  token: the key is in the token c->key_uri and
 * only the PIN file is open.
 */
struct cakey_src {
	int	 token;
	int	 key_fd;			/* private/ca.key, or -1 */
	int	 secret_fd;			/* passphrase or PIN file */
	char	 key_path[PATH_MAX];		/* for messages */
	char	 secret_path[PATH_MAX];
};
/* Opens them (each private to its owner, as cakey_load() demands).
 * 0, or -1 logged and nothing left open. */
int	 cakey_open(const struct caconf *c, const char *dir,
	    const char *passfile, const char *pinfile, struct cakey_src *src);
/* Loads the key from src (each file read from its start, the secret
 * wiped); callable again in each child.  The key, or NULL logged. */
EVP_PKEY *cakey_from(const struct caconf *c, const struct cakey_src *src);
/* Closes what cakey_open() opened. */
void	 cakey_src_close(struct cakey_src *src);

/* Closes the token after the issuing key was freed; else a no-op. */
void	 cakey_close(void);

/* Wipes n bytes of secret memory (OPENSSL_cleanse). */
void	 cakey_wipe(void *p, size_t n);

#endif
