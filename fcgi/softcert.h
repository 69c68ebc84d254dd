/*
 * softcert.h: the software certificate (软证书) option of 签发新证书: a
 * key pair made in the worker's memory for applicants without a USB key,
 * its certificate request, and the one download that carries the key —
 * a zip with a password-protected PKCS#12, the chain and a README.
 *
 * This is the only place in fcgi/ that makes a private key.  The key
 * lives in a struct softcert from softcert_new() to softcert_free(),
 * which wipes it; it is never written anywhere but into the encrypted
 * PKCS#12 of the bundle.
 */
#ifndef FCGI_SOFTCERT_H
#define FCGI_SOFTCERT_H

#include <stddef.h>

#define SOFTCERT_PW_MIN	8	/* password, characters */
#define SOFTCERT_PW_MAX	64

struct softcert;

/*
 * Makes a key pair -- SM2 if sm2 (for an SM2 CA), else EC P-256 -- and a
 * PKCS#10 request signed with it (proof of possession for the daemon,
 * which takes only its key; SM2-with-SM3 with the ID of lib/sm2.h).
 * Returns the handle (softcert_free() it), or NULL (logged).
 */
struct softcert	*softcert_new(int sm2);

/* The request's DER (owned by sc, valid until softcert_free); *len set. */
const unsigned char *softcert_csr(const struct softcert *sc, size_t *len);

/*
 * Builds the bundle for the certificate cert_der (DER) that the daemon
 * issued for sc's request: a zip (fcgi/docx.h) with
 *   NAME.p12    key, certificate and the CA certificates of chain_pem,
 *               encrypted under password with AES-256-CBC (PBKDF2) and
 *               a SHA-256 MAC;
 *   chain.pem   the certificate, then chain_pem (issuing CA, root);
 *   README.txt  in Chinese: what the files are, how to import them,
 *               that the key exists nowhere else and the password was
 *               not kept.
 * name is ASCII without '/' (e.g. "CR2026...-SERIAL").  Returns 0 with
 * *zip malloc'd (caller frees) of *zip_len bytes; 1 if the certificate
 * does not carry sc's key (nothing built); -1 (logged).
 */
int	 softcert_bundle(const struct softcert *sc,
	    const unsigned char *cert_der, size_t cert_len,
	    const char *chain_pem, size_t chain_len, const char *password,
	    const char *name, char **zip, size_t *zip_len);

/* Wipes and frees the key and the request.  NULL is a no-op. */
void	 softcert_free(struct softcert *sc);

#endif
