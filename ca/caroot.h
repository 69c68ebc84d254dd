/*
 * caroot.h: the root CA's ceremonies, run by an operator as root with
 * the root key's passphrase; nothing that runs reads the root key.
 *
 *   cactl root-crl DIR     the root signs its CRL (ARL) again: the next
 *     [--days N]           CRL number, valid N days (default
 *                          CAROOT_CRL_DAYS), published
 *                          as DIR/crl/root-ca.crl (+ .crl.pem), which
 *                          the issuing CA certificate's CRL Distribution
 *                          Point names (relying parties that check the
 *                          whole chain, the JDK's PKIX among them, need
 *                          it).  `cactl init` publishes the first.
 *   cactl recertify DIR    the root certifies the issuing CA's key again
 *                          (same subject and key, new serial, the same
 *                          notAfter), now with that CRL Distribution
 *                          Point: for a CA made before it existed.
 *                          Restart cad afterwards.
 */
#ifndef CA_CAROOT_H
#define CA_CAROOT_H

#include <openssl/evp.h>
#include <openssl/x509.h>

struct caconf;

/* How long an ARL is valid; tools/stack.sh renews it 30 days before. */
#define CAROOT_CRL_DAYS	180

/*
 * Signs and publishes the root's next CRL (no entries) for the CA in dir,
 * valid days, as conf->crl_dir/conf->root_crl.crl:
 * its number is one more than the last one recorded in dir/root-crl.number
 * (written before the CRL is published, so numbers only grow).  0 / -1
 * (logged).
 */
int	caroot_crl_publish(const char *dir, const struct caconf *conf,
	    X509 *root, EVP_PKEY *rootkey, int days);

int	caroot_crl_cmd(int argc, char **argv);
int	caroot_recertify(int argc, char **argv);

#endif
