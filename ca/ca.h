/*
 * ca.h: the signing daemon's state, shared by its main loop (cad.c) and
 * its operations (caops.c).  Only the daemon includes this.
 */
#ifndef CA_CA_H
#define CA_CA_H

#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/caconf.h"
#include "ca/cacrl.h"

struct castore;
struct cacert_tmpl;

struct ca {
	struct caconf	 conf;
	EVP_PKEY	*key;		/* issuing CA key: signs everything */
	X509		*cert;		/* issuing CA certificate */
	time_t		 ca_end;	/* its notAfter */
	struct cacert_tmpl *tmpl;	/* end-entity template (cacert.h) */
	struct castore	*store;
	time_t		 started;
	int		 crl_dirty;	/* a revocation awaits publication */
	time_t		 crl_published;	/* thisUpdate of the last CRL */
	uint64_t	 crl_number;	/* number of the last CRL */
	struct cacrl_buf crl_buf;	/* kept between CRLs (cacrl.h) */
};

#endif
