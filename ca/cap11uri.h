/*
 * cap11uri.h: the one check of a PKCS#11 URI (RFC 7512) given as
 * ca.conf's key_uri.  Apart from the token code (ca/cahsm.c) so that
 * reading ca.conf does not link the token's engine: the CA daemon reads
 * ca.conf, and only the key process opens the token.
 */
#ifndef CA_CAP11URI_H
#define CA_CAP11URI_H

/* Longest key_uri accepted (ca.conf), terminator included. */
#define CAP11URI_MAX	512

/*
 * 1 if uri is a PKCS#11 URI (RFC 7512) we accept as key_uri: "pkcs11:"
 * then URI characters only (percent escapes well formed), shorter than
 * CAP11URI_MAX, and no PIN in it (no pin-value or pin-source attribute:
 * the PIN comes from a PIN file, never from ca.conf).  Else 0.
 */
int	 cap11uri_ok(const char *uri);

#endif
