/*
 * webca.h: which signing daemon serves a certificate.  A service may run
 * several issuing CAs (证书厂商; `cactl ca add`, one cad each): the first
 * is webd's -c SOCKET (with -C CHAIN), the others -a NAME=SOCKET,CHAIN.
 * Every certificate row names its CA (cert.ca: "" for the first), and a
 * replacement is always asked of its original's CA.  OCSP requests carry
 * no row: they go to the CA whose key their CertID names.
 */
#ifndef FCGI_WEBCA_H
#define FCGI_WEBCA_H

#include <stddef.h>

#include "fcgi/page.h"

/*
 * Adds the CA of webd's "-a NAME=SOCKET,CHAIN" to conf (the strings stay
 * arg's).  0, or -1 (logged: a bad name, a duplicate, too many).
 */
int	webca_add(struct webconf *conf, char *arg);

/*
 * Reads each CA's chain (its first certificate is the issuing CA) for
 * the key hashes OCSP requests are routed by.  0, or -1 (logged).
 */
int	webca_load(struct webconf *conf);

/* The CA named name ("" = the first); NULL if webd was not given it. */
const struct webca *webca_by_name(const struct webconf *conf,
	    const char *name);

/*
 * The CA that issued the certificate with this serial (its row's CA),
 * or the first CA when no row names one it knows (logged).  Never NULL.
 */
const struct webca *webca_of(struct ctx *c, const char *serial);

/*
 * The serial by which the operator holding certificate approver approves
 * a reissue signed by CA want (webca_of() the old certificate), into out
 * (size sz): approver itself when it is of want (a CA checks approvers
 * against its own store), else the operator's valid certificate of want.
 * 0, 1 the operator holds none (the page says so), -1.
 */
int	webca_approver(struct ctx *c, const struct webca *want,
	    const char *approver, char *out, size_t sz);

/*
 * The CA whose issuing key the first CertID of the DER OCSP request
 * der[0..len) names; the first CA for anything else (whose responder
 * then answers malformedRequest or unknown).  Never NULL.
 */
const struct webca *webca_for_ocsp(const struct webconf *conf,
	    const unsigned char *der, size_t len);

#endif
