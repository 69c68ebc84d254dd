/*
 * webca.c: see webca.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "fcgi/appdb.h"
#include "fcgi/webca.h"
#include "lib/log.h"

/* 1 if name is a CA name of cactl ca add: 2-16 of [a-z0-9]. */
static int
name_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n < 2 || n > 16 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

int
webca_add(struct webconf *conf, char *arg)
{
	struct webca	*w;
	char		*eq, *comma;
	size_t		 i;

	if ((eq = strchr(arg, '=')) == NULL || !name_ok(arg,
	    (size_t)(eq - arg)) || eq[1] != '/') {
		log_err("-a takes NAME=SOCKET[,CHAIN] (NAME as cactl ca add "
		    "made it, SOCKET an absolute path): %s", arg);
		return -1;
	}
	if (conf->ncas == 0)
		conf->ncas = 1;		/* cas[0]: the first CA (-c) */
	if (conf->ncas == WEBCA_MAX) {
		log_err("-a: at most %d issuing CAs", WEBCA_MAX);
		return -1;
	}
	*eq = '\0';
	for (i = 1; i < conf->ncas; i++)
		if (strcmp(conf->cas[i].name, arg) == 0) {
			log_err("-a: CA %s is given twice", arg);
			return -1;
		}
	w = &conf->cas[conf->ncas++];
	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "%s", arg);
	w->sock = eq + 1;
	if ((comma = strchr(w->sock, ',')) != NULL) {
		*comma = '\0';
		w->chain = comma + 1;
	}
	return 0;
}

/* Fills w's key hashes from the first certificate of its chain. */
static int
load_one(struct webca *w)
{
	const ASN1_BIT_STRING	*k;
	X509			*x;
	FILE			*f;
	int			 ok;

	if (w->chain == NULL)
		return 0;
	if ((f = fopen(w->chain, "r")) == NULL) {
		log_err("webca: %s: cannot read the CA chain", w->chain);
		return -1;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL || (k = X509_get0_pubkey_bitstr(x)) == NULL) {
		log_ssl("webca", w->chain);
		X509_free(x);
		return -1;
	}
	ok = EVP_Digest(k->data, (size_t)k->length, w->key_sha1, NULL,
	    EVP_sha1(), NULL) == 1 && EVP_Digest(k->data, (size_t)k->length,
	    w->key_sha256, NULL, EVP_sha256(), NULL) == 1;
	X509_free(x);
	w->has_key = ok;
	return ok ? 0 : -1;
}

int
webca_load(struct webconf *conf)
{
	size_t	 i;

	if (conf->ncas == 0)
		conf->ncas = 1;
	conf->cas[0].name[0] = '\0';
	conf->cas[0].sock = conf->ca_socket;
	conf->cas[0].chain = conf->ca_chain;
	for (i = 0; i < conf->ncas; i++)
		if (load_one(&conf->cas[i]) == -1)
			return -1;
	return 0;
}

const struct webca *
webca_by_name(const struct webconf *conf, const char *name)
{
	size_t	 i;

	for (i = 0; i < conf->ncas; i++)
		if (strcmp(conf->cas[i].name, name) == 0)
			return &conf->cas[i];
	return NULL;
}

const struct webca *
webca_of(struct ctx *c, const char *serial)
{
	const struct webca	*w;
	char			 name[32];

	if (c->conf->ncas <= 1 || appdb_cert_ca(c->db, serial, name,
	    sizeof(name)) != 1)
		return &c->conf->cas[0];
	if ((w = webca_by_name(c->conf, name)) == NULL) {
		log_warn("webca: certificate %s names CA %s, which webd was "
		    "not given (-a %s=...): asking the first CA", serial,
		    name, name);
		return &c->conf->cas[0];
	}
	return w;
}

int
webca_approver(struct ctx *c, const struct webca *want,
    const char *approver, char *out, size_t sz)
{
	int	 k;

	if (webca_of(c, approver) == want) {
		snprintf(out, sz, "%s", approver);
		return 0;
	}
	if ((k = appdb_cert_sibling(c->db, approver, want->name,
	    (long long)time(NULL), out, sz)) == 0)
		log_warn("webca: the holder of %s has no certificate of CA "
		    "%s to approve with", approver, want->name[0] != '\0' ?
		    want->name : "(first)");
	/* Its own convention (webca.h): 0 go on, 1 none, -1. */
	return k == 1 ? 0 : k == 0 ? 1 : -1;
}

const struct webca *
webca_for_ocsp(const struct webconf *conf, const unsigned char *der,
    size_t len)
{
	const struct webca	*found = &conf->cas[0];
	const unsigned char	*p = der;
	ASN1_OCTET_STRING	*kh = NULL;
	ASN1_OBJECT		*md = NULL;
	OCSP_REQUEST		*req;
	OCSP_CERTID		*id;
	const unsigned char	*want;
	size_t			 i, n;
	int			 nid;

	if (conf->ncas <= 1 || der == NULL || len == 0 ||
	    (req = d2i_OCSP_REQUEST(NULL, &p, (long)len)) == NULL)
		return found;
	if (OCSP_request_onereq_count(req) > 0 &&
	    (id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, 0))) !=
	    NULL && OCSP_id_get0_info(NULL, &md, &kh, NULL, id) == 1) {
		nid = OBJ_obj2nid(md);
		for (i = 0; i < conf->ncas; i++) {
			if (!conf->cas[i].has_key)
				continue;
			want = nid == NID_sha1 ? conf->cas[i].key_sha1 :
			    nid == NID_sha256 ? conf->cas[i].key_sha256 : NULL;
			n = nid == NID_sha1 ? 20 : 32;
			if (want != NULL && ASN1_STRING_length(kh) == (int)n &&
			    memcmp(ASN1_STRING_get0_data(kh), want, n) == 0) {
				found = &conf->cas[i];
				break;
			}
		}
	}
	OCSP_REQUEST_free(req);
	return found;
}
