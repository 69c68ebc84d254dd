/*
 * caconf.h: the CA directory's settings file, DIR/ca.conf, written once by
 * `cactl init` and read by the daemon and by cactl.
 *
 * Format: one "key = value" per line; '#' starts a comment line; unknown
 * keys are an error (a typo must not silently fall back to a default).
 * The algorithm table lives here too, so the choice of key type is made in
 * exactly one place.
 */
#ifndef CA_CACONF_H
#define CA_CACONF_H

#include <openssl/evp.h>

#include "ca/cap11uri.h"

enum ca_algo {
	CA_ALGO_P256,		/* ECDSA P-256 with SHA-256 (default) */
	CA_ALGO_RSA3072,	/* RSA 3072 PKCS#1 v1.5 with SHA-256 */
	CA_ALGO_SM2,		/* SM2 with SM3, ID 1234567812345678
				   (lib/sm2.h) */
	CA_ALGO__MAX
};

struct caconf {
	char		 name[64];	/* file stem: /crl/<name>.crl */
	/*
	 * 证书厂商: the vendor name CA管理 shows for this CA's certificates
	 * ("" = none given: the web keeps the name stored with each row).
	 */
	char		 vendor[64];
	/*
	 * The file stem of the root's CRL (ARL) in crl_dir: "root-ca" for
	 * the first CA; "<name>-root" for one added by `cactl ca add`,
	 * whose own root publishes beside the others (cactl/caadd.c).
	 */
	char		 root_crl[72];
	enum ca_algo	 algo;
	char		 base_url[256];	/* http://host:port, no slash */
	char		 crl_dir[512];	/* where CRLs are published */
	int		 root_days;
	int		 ca_days;
	int		 cert_days;	/* default end-entity validity */
	int		 crl_hours;	/* nextUpdate - thisUpdate */
	/*
	 * Dual control: a comma-separated list of subject OU values; a
	 * REISSUE of a certificate with one of them needs two approvers
	 * (ca/caops.c).  "" disables it.
	 */
	char		 dual_control_ou[256];
	/*
	 * Notices to linked platforms: after a failed delivery the next
	 * try comes notice_retry_first seconds later, doubling up to
	 * notice_retry_max (each with jitter); a notice undelivered after
	 * notice_give_up_hours (at least 72) gives up until
	 * `cactl notify retry`.
	 */
	/*
	 * Partitioned CRLs: 0 (one CRL for every certificate) or a power of
	 * two from 2 to 256.  Each certificate's CRL Distribution Point then
	 * names its shard, chosen by the low bits of its serial (random, so
	 * revocations spread evenly); each shard has a base CRL and a delta
	 * CRL (caops.c).  The full CRL is published as before.
	 */
	int		 crl_shards;
	int		 notice_retry_first;
	int		 notice_retry_max;
	int		 notice_give_up_hours;
	/*
	 * The issuing CA key in a PKCS#11 token instead of
	 * private/ca.key: its URI ("" = the file) and the token's
	 * PKCS#11 module ("" = the engine's default, p11-kit's proxy).
	 */
	char		 key_uri[CAP11URI_MAX];
	char		 key_module[256];
	/*
	 * Where the store lives: "" = the SQLite file DIR/ca.db (the
	 * default); else a libpq connection string (lib/pgconn.h:
	 * pgconn_is_conninfo) naming a PostgreSQL database of this CA's
	 * own.  Chosen at init (cactl init --store) for good.
	 */
	char		 store[512];
};

/* The default dual_control_ou: the company master key (单位(机构)主锁). */
#define CACONF_DUAL_CONTROL_OU	"单位(机构)主锁"

/*
 * 1 if ou (UTF-8, ou_len bytes) is one of the comma-separated values of
 * list (spaces around each value do not count), else 0.
 */
int	caconf_ou_listed(const char *list, const char *ou, size_t ou_len);

/* 1 if s is a vendor name ca.conf accepts: 1 to 32 bytes of printable
 * UTF-8 (no control characters). */
int	caconf_vendor_ok(const char *s);

/* Returns the algorithm named s ("p256", "rsa3072", "sm2") or -1. */
int		 caconf_algo_parse(const char *s);
const char	*caconf_algo_name(enum ca_algo a);
/*
 * The algorithm of the delegated OCSP responder's key for a CA of
 * algorithm a: SM2 for an SM2 CA (a 国密 relying party checks an SM2
 * response), P-256 otherwise.
 */
enum ca_algo	 caconf_algo_responder(enum ca_algo a);
/* Generates a fresh key of algorithm a; NULL on failure (logged). */
EVP_PKEY	*caconf_algo_keygen(enum ca_algo a);

/* Fills c with the defaults for a CA rooted at dir. */
void	caconf_defaults(struct caconf *c, const char *dir);
/* Reads dir/ca.conf into c.  Returns 0, or -1 with the reason logged. */
int	caconf_read(struct caconf *c, const char *dir);
/* Writes c to dir/ca.conf (mode 0644, must not exist).  Returns 0 / -1. */
int	caconf_write(const struct caconf *c, const char *dir);
/*
 * Where the store of the CA at dir with settings c lives, for
 * castore_open(), into buf (size sz): c->store, or "dir/ca.db".  0, or
 * -1 if it does not fit (logged).
 */
int	caconf_store(const struct caconf *c, const char *dir, char *buf,
	    size_t sz);

/* The default file stem of the root's CRL (ARL): no CA may be named so. */
#define CACONF_ROOT_CRL	"root-ca"

/* URL helpers: "<base>/crl/<name>.crl" and "<base>/crl/<name>.crt". */
void	caconf_crl_url(const struct caconf *c, char *buf, size_t sz);
/* The root's CRL: "<base>/crl/root-ca.crl". */
void	caconf_root_crl_url(const struct caconf *c, char *buf, size_t sz);
/*
 * Shards: the shard of a serial (big-endian magnitude, its last byte
 * decides), the file stem of shard k's base CRL ("<name>-sKK", KK two
 * lower-case hex digits) or delta CRL ("<name>-sKK-delta"), and the URL
 * of either ("<base>/crl/<stem>.crl").
 */
unsigned caconf_crl_shard(const struct caconf *c, const unsigned char *serial,
	    size_t len);
void	caconf_shard_stem(const struct caconf *c, unsigned k, int delta,
	    char *buf, size_t sz);
void	caconf_shard_url(const struct caconf *c, unsigned k, int delta,
	    char *buf, size_t sz);
void	caconf_issuer_url(const struct caconf *c, char *buf, size_t sz);

#endif
