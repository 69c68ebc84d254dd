/*
 * cafixture.c: a throwaway CA for in-process tests of the daemon's
 * operations (cafixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/castore.h"
#include "tests/cafixture.h"

/* A certificate of profile prof for key, signed by issuer (NULL: self). */
static X509 *
make(struct ca *ca, enum cacert_profile prof, const char *cn, EVP_PKEY *key,
    X509 *issuer, EVP_PKEY *issuer_key)
{
	struct cacert_req	 r;
	X509			*x;

	memset(&r, 0, sizeof(r));
	r.profile = prof;
	r.subject = cacert_name("test", "test", cn);
	r.pubkey = key;
	r.issuer = issuer;
	r.issuer_key = issuer_key;
	r.not_before = time(NULL) - 60;
	r.not_after = time(NULL) + 86400 * 30;
	r.conf = &ca->conf;
	x = cacert_build(&r);
	X509_NAME_free(r.subject);
	return x;
}

int
cafix_open(struct ca *ca, const char *dir)
{
	EVP_PKEY	*key = NULL;
	char		 path[4096];

	memset(ca, 0, sizeof(*ca));
	caconf_defaults(&ca->conf, dir);
	if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL ||
	    casig_local(&ca->sig, key) == -1 ||
	    (ca->notice_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) ==
	    NULL ||
	    (ca->cert = make(ca, CACERT_ROOT, "test CA", ca->sig.key, NULL,
	    ca->sig.key)) == NULL ||
	    (ca->notice_cert = make(ca, CACERT_NOTICE, "test notices",
	    ca->notice_key, ca->cert, ca->sig.key)) == NULL ||
	    (ca->notice_chain = sk_X509_new_null()) == NULL ||
	    sk_X509_push(ca->notice_chain, ca->cert) <= 0 ||
	    (ca->tmpl = cacert_tmpl_new(ca->cert, &ca->sig, &ca->conf)) ==
	    NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/ca.db", dir);
	if ((ca->store = castore_open(path)) == NULL ||
	    castore_set_ca(ca->store, ca->conf.name[0] != '\0' ?
	    ca->conf.name : "test-ca") == -1)
		goto fail;
	return 0;
fail:
	cafix_close(ca);
	return -1;
}

void
cafix_close(struct ca *ca)
{
	if (ca->store != NULL)
		castore_close(ca->store);
	cacert_tmpl_free(ca->tmpl);
	sk_X509_free(ca->notice_chain);
	X509_free(ca->notice_cert);
	X509_free(ca->cert);
	EVP_PKEY_free(ca->notice_key);
	EVP_PKEY_free(ca->sig.key);
	free(ca->crl_buf.p);
	memset(ca, 0, sizeof(*ca));
}
