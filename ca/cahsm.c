/*
 * cahsm.c: loading the issuing CA key from a PKCS#11 token through the
 * libp11 "pkcs11" ENGINE, the one OpenSSL 3 route to a token that Debian
 * 12 packages (there is no pkcs11-provider in bookworm).
 *
 * Invariants: at most one engine is open per process (eng != NULL), with
 * a functional reference (ENGINE_init) for as long as a key from it may
 * be used; we never call ENGINE_set_default, so only the key loaded here
 * goes through the token and every other operation stays with OpenSSL's
 * default provider; no prompt is ever shown (UI_null()), so a wrong or
 * missing PIN fails at once instead of waiting for a terminal.
 *
 * OpenSSL 3 marks the whole ENGINE API deprecated.  It still works, and
 * it is the only way to reach libp11's engine, so this one file (and no
 * other) silences those warnings with OPENSSL_SUPPRESS_DEPRECATED; the
 * rest of the tree keeps -Werror on deprecated calls.  When a PKCS#11
 * provider is packaged, this file is what changes (OSSL_STORE with the
 * same URI), nothing else.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ui.h>

#include "ca/cahsm.h"
#include "ca/cap11uri.h"
#include "lib/log.h"

#define CAHSM_ENGINE_ID	"pkcs11"

static ENGINE	*eng;

EVP_PKEY *
cahsm_load(const char *module, const char *uri, const char *pin)
{
	EVP_PKEY	*k = NULL;
	ENGINE		*e = NULL;
	int		 inited = 0;

	if (eng != NULL) {
		log_err("cahsm_load: a token key is already loaded");
		return NULL;
	}
	if (!cap11uri_ok(uri)) {
		log_err("cahsm_load: not an acceptable PKCS#11 URI");
		return NULL;
	}
	ENGINE_load_builtin_engines();
	if ((e = ENGINE_by_id(CAHSM_ENGINE_ID)) == NULL) {
		log_ssl("cahsm_load", "no \"pkcs11\" OpenSSL engine (is "
		    "libengine-pkcs11-openssl installed?)");
		goto out;
	}
	/* The module must be chosen before ENGINE_init loads it. */
	if (module != NULL && *module != '\0' &&
	    !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) {
		log_ssl("cahsm_load", module);
		goto out;
	}
	if (!ENGINE_init(e)) {
		log_ssl("cahsm_load", "cannot start the pkcs11 engine");
		goto out;
	}
	inited = 1;
	if (!ENGINE_ctrl_cmd_string(e, "PIN", pin, 0)) {
		log_ssl("cahsm_load", "cannot give the PIN to the engine");
		goto out;
	}
	if ((k = ENGINE_load_private_key(e, uri, (UI_METHOD *)UI_null(),
	    NULL)) == NULL) {
		log_ssl("cahsm_load", "cannot log in to the token or find "
		    "the key (wrong PIN, token or key_uri?)");
		goto out;
	}
	eng = e;
	e = NULL;
out:
	if (e != NULL) {
		if (inited)
			ENGINE_finish(e);
		ENGINE_free(e);
	}
	return k;
}

void
cahsm_close(void)
{
	if (eng == NULL)
		return;
	ENGINE_finish(eng);
	ENGINE_free(eng);
	eng = NULL;
}
