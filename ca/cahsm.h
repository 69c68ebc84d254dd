/*
 * cahsm.h: the issuing CA key in a PKCS#11 token (an HSM, or SoftHSM2 in
 * the tests), reached through OpenSSL's ENGINE interface and Debian's
 * libp11 "pkcs11" engine (libengine-pkcs11-openssl).  Only ca/cakey.c
 * calls it: the key's owners still find every key path with
 * `grep cakey_`.
 *
 * The private key never enters this process: the EVP_PKEY returned holds
 * the public key and a handle; every signature made with it (through
 * EVP_DigestSign*, X509_sign) is computed by the token.
 */
#ifndef CA_CAHSM_H
#define CA_CAHSM_H

#include <openssl/evp.h>

#include "ca/cap11uri.h"

/*
 * Logs in to the token with pin and loads the private key named by uri,
 * through the PKCS#11 module at module (a shared library path; NULL or ""
 * for the engine's default, p11-kit's proxy).  Never prompts.  Returns
 * the key (caller frees it with EVP_PKEY_free() before cahsm_close()) or
 * NULL with the reason logged.  One token key per process: a second call
 * before cahsm_close() fails.  The caller wipes pin; libp11 keeps its own
 * copy for as long as the engine is open (to log in again if the token
 * asks), which cahsm_close() ends.
 */
EVP_PKEY *cahsm_load(const char *module, const char *uri, const char *pin);

/* Releases the engine and the module.  A no-op if nothing is loaded. */
void	 cahsm_close(void);

#endif
