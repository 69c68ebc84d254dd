/*
 * cainit.c: the offline commands of cactl, run before any daemon exists:
 *
 *   cactl init DIR        a two-tier CA (root + issuing CA) in DIR; with
 *                         --key-uri the issuing CA's key is one already
 *                         generated in a PKCS#11 token (see README)
 *   cactl tls-server DIR OUTDIR HOST...
 *                         a TLS server key and certificate for nginx,
 *                         issued by the issuing CA of DIR
 *   cactl ocsp-responder DIR OUTDIR
 *                         the delegated OCSP responder's key and
 *                         certificate (OCSPSigning, ocsp-nocheck), issued
 *                         by the issuing CA of DIR, for the web workers
 *   cactl notice-signer DIR OUTDIR
 *                         the key and certificate that sign notices to
 *                         linked platforms (init puts one in DIR/notice)
 *
 * These are the only code paths besides the daemon that read a CA key.
 * DIR layout: ca.conf, root.crt, ca.crt (issuing), chain.pem (issuing +
 * root), ca.db (the daemon's store, made here with what may never
 * change: the CRL shard count, see cashard.h), private/ (0700) with
 * root.key and ca.key (encrypted, 0600; no ca.key when ca.conf has
 * key_uri: that key stays in its token), crl/
 * (published CRLs and the issuing CA certificate in DER for AIA),
 * notice/ (0700: notice.crt and notice.key, 0600, read by the daemon).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cactlcommon.h"
#include "ca/cainit.h"
#include "ca/caroot.h"
#include "ca/cakey.h"
#include "ca/castore.h"
#include "lib/log.h"
#include "lib/pgconn.h"

#define ORG_NAME	"ca-reissue 演示CA"

/* The certificates the issuing CA gives its own services. */
static const struct delegate {
	const char		*cmd;		/* cactl command */
	enum cacert_profile	 profile;
	const char		*ou, *cn;
	const char		*stem;		/* OUTDIR/stem.crt, .key */
	long			 days;
	int			 ca_algo;	/* key: as the CA's responder
						   (caconf_algo_responder),
						   else P-256 */
	const char		*what;
} delegates[] = {
	{ "ocsp-responder", CACERT_OCSP, "OCSP",
	    "ca-reissue Demo OCSP Responder", "ocsp", CAINIT_OCSP_DAYS, 1,
	    "the delegated OCSP responder certificate (extendedKeyUsage\n"
	    "OCSPSigning, id-pkix-ocsp-nocheck, its own key: SM2 for an SM2\n"
	    "CA, else P-256) for the web workers" },
	{ "notice-signer", CACERT_NOTICE, "平台通知",
	    "ca-reissue Demo Notice Signer", "notice", CAINIT_NOTICE_DAYS, 0,
	    "the notice-signing certificate (digitalSignature,\n"
	    "emailProtection, its own P-256 key) with which the daemon signs\n"
	    "notices to linked platforms (restart cad to use a new one)" },
};

static int	issue_delegate(const struct delegate *, const struct caconf *,
		    EVP_PKEY *, X509 *, const char *, long);

static void
init_usage(void)
{
	fprintf(stderr,
	    "usage: cactl init [--algo p256|rsa3072|sm2] [--name NAME]\n"
	    "                  [--vendor 证书厂商]\n"
	    "                  [--base-url http://HOST:PORT] [--crl-shards N]\n"
	    "                  [--passphrase-file FILE]\n"
	    "                  [--key-uri PKCS11_URI [--key-module LIB]\n"
	    "                   [--pin-file FILE]]\n"
	    "                  [--store CONNINFO] DIR\n"
	    "Creates a root CA and an issuing CA in DIR (which must not hold a\n"
	    "CA yet).  Keys are encrypted with the passphrase in FILE or in\n"
	    "$CA_PASSPHRASE_FILE (mode 0600, at least 8 characters).\n"
	    "--algo sm2 signs certificates and CRLs SM2-with-SM3 with the\n"
	    "distinguishing ID 1234567812345678.\n"
	    "--vendor names the 证书厂商 shown for its certificates (ca.conf).\n"
	    "--crl-shards N (a power of two up to 256; default 0, off): each\n"
	    "certificate's CRL Distribution Point names one of N partitioned\n"
	    "CRLs, each with a delta CRL (README, PLATFORMS.md).  N is fixed\n"
	    "for the CA's life: cad refuses a ca.conf that changes it.\n"
	    "With --key-uri the issuing CA's key is the private key at that\n"
	    "PKCS#11 URI, generated in the token beforehand (P-256 or RSA\n"
	    "3072), used through the module LIB (default: p11-kit's proxy)\n"
	    "and the PIN in the --pin-file FILE or $CA_PIN_FILE (mode 0600);\n"
	    "it never leaves the token and ca.conf records the URI.\n"
	    "--store CONNINFO keeps the CA's store in PostgreSQL instead of\n"
	    "the SQLite file DIR/ca.db: a libpq connection string naming an\n"
	    "empty database of this CA's own (the password in a passfile);\n"
	    "ca.conf records it, and cad and cactl use it from then on.\n");
}

static int
mkdir_mode(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == -1 && errno != EEXIST) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (chmod(path, mode) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The algorithm of key (which may be a token's: read through its public
 * half, decoded again by OpenSSL's own provider), or -1 if it is none of
 * ours.
 */
static int
key_algo(EVP_PKEY *key)
{
	EVP_PKEY	*pub = NULL;
	unsigned char	*der = NULL;
	const unsigned char *p;
	char		 group[64];
	int		 n, a = -1;

	if ((n = i2d_PUBKEY(key, &der)) <= 0)
		goto out;
	p = der;
	if ((pub = d2i_PUBKEY(NULL, &p, n)) == NULL)
		goto out;
	if (EVP_PKEY_is_a(pub, "EC") && EVP_PKEY_get_group_name(pub, group,
	    sizeof(group), NULL) == 1 && strcmp(group, "prime256v1") == 0)
		a = CA_ALGO_P256;
	else if (EVP_PKEY_is_a(pub, "RSA") && EVP_PKEY_get_bits(pub) == 3072)
		a = CA_ALGO_RSA3072;
out:
	if (a == -1)
		log_ssl("key_algo", "cannot read the token key's public half");
	OPENSSL_free(der);
	EVP_PKEY_free(pub);
	return a;
}

/*
 * Creates the CA's store, DIR/ca.db, keeping the settings that can never
 * change (the CRL shard count: cad refuses a ca.conf that disagrees),
 * with the audit log's first record.  0 / -1 (logged).
 */
static int
init_store(const char *dir, const struct caconf *conf)
{
	struct castore	*s;
	char		 path[PATH_MAX], who[PGCONN_ERR_MAX], detail[300];
	uint64_t	 n = 0;
	int		 rc = -1;

	if (caconf_store(conf, dir, path, sizeof(path)) == -1 ||
	    (s = castore_open(path)) == NULL)
		return -1;
	/* A database of PostgreSQL is not a new file: it must be empty. */
	if (castore_audit_count(s, &n) == -1 || n > 0) {
		pgconn_describe(path, who, sizeof(who));
		log_err("%s already holds a CA store (%llu audit records); "
		    "refusing to take it over", castore_where_pg(path) ? who :
		    path, (unsigned long long)n);
		castore_close(s);
		return -1;
	}
	if (castore_set_ca(s, conf->name) == -1) {
		castore_close(s);
		return -1;
	}
	snprintf(detail, sizeof(detail), "name=%s algo=%s crl_shards=%d",
	    conf->name, caconf_algo_name(conf->algo), conf->crl_shards);
	if (castore_begin(s) == 0) {
		if (castore_meta_set(s, CASTORE_META_CRL_SHARDS,
		    conf->crl_shards) == 0 &&
		    castore_audit(s, cactl_actor(), "init", detail) == 0 &&
		    castore_commit(s) == 0)
			rc = 0;
		else if (castore_in_txn(s))
			castore_rollback(s);
	}
	castore_close(s);
	if (rc == -1)
		log_err("%s: cannot set up the CA's store", dir);
	return rc;
}

int
cainit_opt(struct cainit_opts *o, int argc, char **argv, int *i)
{
	static const struct {
		const char	*flag;
		size_t		 off;
	} opts[] = {
		{ "--algo", offsetof(struct cainit_opts, algo) },
		{ "--vendor", offsetof(struct cainit_opts, vendor) },
		{ "--crl-shards", offsetof(struct cainit_opts, shards) },
		{ "--passphrase-file", offsetof(struct cainit_opts, passfile) },
		{ "--key-uri", offsetof(struct cainit_opts, uri) },
		{ "--key-module", offsetof(struct cainit_opts, module) },
		{ "--pin-file", offsetof(struct cainit_opts, pinfile) },
		{ "--store", offsetof(struct cainit_opts, store) },
	};
	size_t	 k;

	for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
		if (strcmp(argv[*i], opts[k].flag) == 0 && *i + 1 < argc) {
			*(const char **)(void *)((char *)o + opts[k].off) =
			    argv[++*i];
			return 1;
		}
	return 0;
}

int
cainit_opts_apply(struct caconf *conf, const struct cainit_opts *o)
{
	char	*end;
	int	 a;

	if (o->algo != NULL) {
		if ((a = caconf_algo_parse(o->algo)) == -1) {
			log_err("unknown algorithm '%s' (p256, rsa3072, sm2)",
			    o->algo);
			return -1;
		}
		conf->algo = a;
	}
	if (o->vendor != NULL && cainit_vendor(conf, o->vendor) == -1)
		return -1;
	if (o->shards != NULL) {
		conf->crl_shards = (int)strtol(o->shards, &end, 10);
		if (*end != '\0' || conf->crl_shards < 0 ||
		    conf->crl_shards > 256 || conf->crl_shards == 1 ||
		    (conf->crl_shards & (conf->crl_shards - 1)) != 0) {
			log_err("--crl-shards takes 0 or a power of two from 2 "
			    "to 256");
			return -1;
		}
	}
	if (o->uri != NULL && (!cap11uri_ok(o->uri) ||
	    snprintf(conf->key_uri, sizeof(conf->key_uri), "%s", o->uri) >=
	    (int)sizeof(conf->key_uri))) {
		log_err("--key-uri must be a pkcs11: URI without a PIN");
		return -1;
	}
	if (o->module != NULL && (o->uri == NULL || o->module[0] != '/' ||
	    snprintf(conf->key_module, sizeof(conf->key_module), "%s",
	    o->module) >= (int)sizeof(conf->key_module))) {
		log_err("--key-module needs --key-uri and an absolute path");
		return -1;
	}
	if (o->pinfile != NULL && o->uri == NULL) {
		log_err("--pin-file needs --key-uri");
		return -1;
	}
	if (o->store != NULL && (!pgconn_is_conninfo(o->store) ||
	    snprintf(conf->store, sizeof(conf->store), "%s", o->store) >=
	    (int)sizeof(conf->store))) {
		log_err("--store takes a libpq connection string (key=value "
		    "pairs naming dbname=, or a postgresql:// URI) of at most "
		    "%zu bytes", sizeof(conf->store) - 1);
		return -1;
	}
	return 0;
}

int
cainit_init(int argc, char **argv)
{
	struct caconf		 conf;
	struct cainit_opts	 o;
	const char		*dir = NULL, *name = NULL, *base = NULL;
	int			 i;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			init_usage();
			return 0;
		} else if (cainit_opt(&o, argc, argv, &i))
			continue;
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--base-url") == 0 && i + 1 < argc)
			base = argv[++i];
		else if (argv[i][0] != '-' && dir == NULL)
			dir = argv[i];
		else {
			init_usage();
			return 2;
		}
	}
	if (dir == NULL) {
		init_usage();
		return 2;
	}
	caconf_defaults(&conf, dir);
	if (cainit_opts_apply(&conf, &o) == -1)
		return 2;
	if (name != NULL && snprintf(conf.name, sizeof(conf.name), "%s",
	    name) >= (int)sizeof(conf.name))
		return 2;
	if (base != NULL && (strncmp(base, "http://", 7) != 0 ||
	    snprintf(conf.base_url, sizeof(conf.base_url), "%s", base) >=
	    (int)sizeof(conf.base_url))) {
		log_err("--base-url must be http://HOST:PORT");
		return 2;
	}
	if (cainit_make(dir, &conf, o.passfile, o.pinfile, o.algo != NULL,
	    NULL) != 0)
		return 1;
	printf("created %s CA in %s (root.crt, ca.crt, chain.pem)%s\n",
	    caconf_algo_name(conf.algo), dir, conf.key_uri[0] != '\0' ?
	    "; the issuing CA key stays in its token" : "");
	return 0;
}

int
cainit_vendor(struct caconf *conf, const char *vendor)
{
	if (!caconf_vendor_ok(vendor) || snprintf(conf->vendor,
	    sizeof(conf->vendor), "%s", vendor) >= (int)sizeof(conf->vendor)) {
		log_err("--vendor takes a name of 1 to 32 bytes of printable "
		    "UTF-8 (the 证书厂商 shown for the CA's certificates)");
		return -1;
	}
	return 0;
}

int
cainit_make(const char *dir, struct caconf *confp, const char *passfile,
    const char *pinfile, int algo_given, const char *tag)
{
	struct caconf	 conf = *confp;
	struct cacert_req r;
	EVP_PKEY	*rootkey = NULL, *cakey = NULL;
	X509		*root = NULL, *ca = NULL, *chain[2];
	X509_NAME	*rn = NULL, *cn = NULL;
	const char	*uri = conf.key_uri[0] != '\0' ? conf.key_uri : NULL;
	char		 pass[CAKEY_PASS_MAX], path[PATH_MAX];
	char		 sub[PATH_MAX], rcn[128], icn[128];
	time_t		 now = time(NULL);
	int		 a, rc = 1;

	memset(pass, 0, sizeof(pass));
	/* A CA added beside others is told apart by name (cactl ca add). */
	snprintf(rcn, sizeof(rcn), "ca-reissue Demo %s%sRoot CA",
	    tag != NULL ? tag : "", tag != NULL ? " " : "");
	snprintf(icn, sizeof(icn), "ca-reissue Demo %s%sIssuing CA",
	    tag != NULL ? tag : "", tag != NULL ? " " : "");
	snprintf(path, sizeof(path), "%s/ca.conf", dir);
	if (access(path, F_OK) == 0) {
		log_err("%s already holds a CA; refusing to overwrite it", dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/ca.db", dir);
	if (access(path, F_OK) == 0) {
		log_err("%s already holds a CA store (ca.db, perhaps of an "
		    "init that failed); refusing to overwrite it", dir);
		return 1;
	}
	/* The token's key decides the algorithm (the root's too). */
	if (uri != NULL) {
		if ((cakey = cakey_issuing(&conf, dir, NULL, pinfile)) ==
		    NULL)
			goto out;
		if ((a = key_algo(cakey)) == -1) {
			log_err("the key at --key-uri is neither P-256 nor "
			    "RSA 3072");
			goto out;
		}
		if (algo_given && a != (int)conf.algo) {
			log_err("the key at --key-uri is %s, not %s",
			    caconf_algo_name(a), caconf_algo_name(conf.algo));
			goto out;
		}
		conf.algo = a;
	}
	if (cakey_read_pass(cakey_pass_file(passfile), pass,
	    sizeof(pass)) == -1)
		goto out;

	snprintf(sub, sizeof(sub), "%s/private", dir);
	if (mkdir_mode(dir, 0755) == -1 || mkdir_mode(sub, 0700) == -1)
		goto out;
	snprintf(sub, sizeof(sub), "%s/crl", dir);
	if (mkdir_mode(sub, 0755) == -1)
		goto out;

	if ((rootkey = caconf_algo_keygen(conf.algo)) == NULL ||
	    (cakey == NULL &&
	    (cakey = caconf_algo_keygen(conf.algo)) == NULL) ||
	    (rn = cacert_name(ORG_NAME, NULL, rcn)) == NULL ||
	    (cn = cacert_name(ORG_NAME, NULL, icn)) == NULL)
		goto out;

	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ROOT;
	r.subject = rn;
	r.pubkey = rootkey;
	r.issuer_key = rootkey;
	r.not_before = now - 60;
	r.not_after = now + (time_t)conf.root_days * 86400;
	if ((root = cacert_build(&r)) == NULL)
		goto out;

	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ISSUING;
	r.subject = cn;
	r.pubkey = cakey;
	r.issuer = root;
	r.issuer_key = rootkey;
	r.not_before = now - 60;
	r.not_after = now + (time_t)conf.ca_days * 86400;
	r.conf = &conf;		/* its CRL DP: the root's CRL */
	if ((ca = cacert_build(&r)) == NULL)
		goto out;

	snprintf(path, sizeof(path), "%s/private/root.key", dir);
	if (cakey_write(path, rootkey, pass) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/private/ca.key", dir);
	if (uri == NULL && cakey_write(path, cakey, pass) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/root.crt", dir);
	if (cacert_write_pem(path, &root, 1) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if (cacert_write_pem(path, &ca, 1) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/%s.crt", conf.crl_dir, conf.name);
	if (cacert_write_der(path, ca) == -1)
		goto out;
	chain[0] = ca;
	chain[1] = root;
	snprintf(path, sizeof(path), "%s/chain.pem", dir);
	if (cacert_write_pem(path, chain, 2) == -1)
		goto out;
	/* The root's first CRL, which the issuing CA's CRL DP names. */
	if (caroot_crl_publish(dir, &conf, root, rootkey, CAROOT_CRL_DAYS) ==
	    -1)
		goto out;
	/* The daemon signs notices to linked platforms with this. */
	snprintf(path, sizeof(path), "%s/notice", dir);
	if (issue_delegate(&delegates[1], &conf, cakey, ca, path,
	    delegates[1].days) == -1)
		goto out;
	if (init_store(dir, &conf) == -1)
		goto out;
	/* ca.conf last: its presence marks a complete CA directory. */
	if (caconf_write(&conf, dir) == -1)
		goto out;
	*confp = conf;
	rc = 0;
out:
	cakey_wipe(pass, sizeof(pass));
	EVP_PKEY_free(rootkey);
	EVP_PKEY_free(cakey);
	cakey_close();
	X509_free(root);
	X509_free(ca);
	X509_NAME_free(rn);
	X509_NAME_free(cn);
	return rc;
}

/*
 * Opens the issuing CA in dir for an offline issuance (what): its
 * settings, its key (cakey_issuing(): the file with the passphrase from
 * passfile or CA_PASSPHRASE_FILE, or the token with the PIN from pinfile
 * or CA_PIN_FILE) and its certificate, which must match.  0, or -1 with
 * nothing to free (logged).  The caller frees the key, then cakey_close().
 */
static int
open_issuing(const char *dir, const char *passfile, const char *pinfile,
    const char *what, struct caconf *conf, EVP_PKEY **cakey, X509 **ca)
{
	char	 path[PATH_MAX];

	*cakey = NULL;
	*ca = NULL;
	if (caconf_read(conf, dir) == -1 ||
	    (*cakey = cakey_issuing(conf, dir, passfile, pinfile)) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if ((*ca = cacert_read_pem(path)) == NULL ||
	    X509_check_private_key(*ca, *cakey) != 1) {
		if (*ca != NULL)
			log_ssl(what, "the issuing CA key does not match "
			    "ca.crt");
		EVP_PKEY_free(*cakey);
		X509_free(*ca);
		*cakey = NULL;
		*ca = NULL;
		return -1;
	}
	return 0;
}

/*
 * Writes an offline-issued certificate into out (made 0700 if missing):
 * out/NAME.key (the plain key, 0600) first, then out/NAME.crt (the
 * certificate followed by its issuing CA), so that a reader who finds
 * the new certificate finds its key with it.  0 / -1 (logged).
 */
static int
write_leaf(const char *out, const char *name, EVP_PKEY *key, X509 *x,
    X509 *ca)
{
	char	 path[PATH_MAX];
	X509	*chain[2];

	if (mkdir_mode(out, 0700) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.key", out, name);
	unlink(path);
	if (cakey_write_plain(path, key) == -1)
		return -1;
	chain[0] = x;
	chain[1] = ca;
	snprintf(path, sizeof(path), "%s/%s.crt", out, name);
	return cacert_write_pem(path, chain, 2);
}

static void
tls_usage(void)
{
	fprintf(stderr,
	    "usage: cactl tls-server [--passphrase-file FILE] "
	    "[--pin-file FILE]\n                         DIR OUTDIR HOST...\n"
	    "Issues a TLS server certificate for HOSTs (IP addresses or DNS\n"
	    "names) from the issuing CA in DIR; writes OUTDIR/server.crt\n"
	    "(certificate + issuing CA) and OUTDIR/server.key (mode 0600).\n");
}

/* Returns 1 if h looks like an IPv4 or IPv6 literal. */
static int
is_ip(const char *h)
{
	return strspn(h, "0123456789.") == strlen(h) ||
	    strchr(h, ':') != NULL;
}

int
cainit_tls_server(int argc, char **argv)
{
	struct caconf	 conf;
	struct cacert_req r;
	EVP_PKEY	*cakey = NULL, *key = NULL;
	X509		*ca = NULL, *x = NULL;
	X509_NAME	*n = NULL;
	const char	*passfile = NULL, *dir = NULL, *out = NULL;
	const char	*pinfile = NULL;
	char		 san[1024];
	size_t		 off = 0;
	time_t		 now = time(NULL);
	int		 i, rc = 1, nhosts = 0;

	san[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			tls_usage();
			return 0;
		} else if (strcmp(argv[i], "--passphrase-file") == 0 &&
		    i + 1 < argc)
			passfile = argv[++i];
		else if (strcmp(argv[i], "--pin-file") == 0 && i + 1 < argc)
			pinfile = argv[++i];
		else if (argv[i][0] == '-') {
			tls_usage();
			return 2;
		} else if (dir == NULL)
			dir = argv[i];
		else if (out == NULL)
			out = argv[i];
		else {
			if (strspn(argv[i], "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") !=
			    strlen(argv[i]) || off + strlen(argv[i]) + 8 >=
			    sizeof(san)) {
				log_err("bad host name '%s'", argv[i]);
				return 2;
			}
			off += (size_t)snprintf(san + off, sizeof(san) - off,
			    "%s%s:%s", nhosts ? "," : "",
			    is_ip(argv[i]) ? "IP" : "DNS", argv[i]);
			nhosts++;
		}
	}
	if (dir == NULL || out == NULL || nhosts == 0) {
		tls_usage();
		return 2;
	}
	if (open_issuing(dir, passfile, pinfile, "tls-server", &conf, &cakey,
	    &ca) == -1)
		goto out;
	if ((key = caconf_algo_keygen(CA_ALGO_P256)) == NULL ||
	    (n = cacert_name(ORG_NAME, "TLS", argv[argc - nhosts])) == NULL)
		goto out;
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_TLS_SERVER;
	r.subject = n;
	r.pubkey = key;
	r.issuer = ca;
	r.issuer_key = cakey;
	r.not_before = now - 60;
	r.not_after = now + 397 * 86400;
	r.san = san;
	r.conf = &conf;
	if ((x = cacert_build(&r)) == NULL)
		goto out;
	if (write_leaf(out, "server", key, x, ca) == -1)
		goto out;
	printf("issued TLS server certificate for %s into %s\n", san, out);
	rc = 0;
out:
	EVP_PKEY_free(cakey);
	cakey_close();
	EVP_PKEY_free(key);
	X509_free(ca);
	X509_free(x);
	X509_NAME_free(n);
	return rc;
}

/*
 * Issues d's certificate from the issuing CA (cakey, ca) with a fresh
 * key (see ca_algo), valid days, into out/<stem>.crt (with the issuing CA) and
 * out/<stem>.key (0600).  0 / -1.
 */
static int
issue_delegate(const struct delegate *d, const struct caconf *conf,
    EVP_PKEY *cakey, X509 *ca, const char *out, long days)
{
	struct cacert_req r;
	EVP_PKEY	*key = NULL;
	X509		*x = NULL;
	X509_NAME	*n = NULL;
	char		 path[PATH_MAX], prev[PATH_MAX + 16];
	time_t		 now = time(NULL);
	int		 rc = -1;

	if ((key = caconf_algo_keygen(d->ca_algo ?
	    caconf_algo_responder(conf->algo) : CA_ALGO_P256)) == NULL ||
	    (n = cacert_name(ORG_NAME, d->ou, d->cn)) == NULL)
		goto out;
	memset(&r, 0, sizeof(r));
	r.profile = d->profile;
	r.subject = n;
	r.pubkey = key;
	r.issuer = ca;
	r.issuer_key = cakey;
	r.not_before = now - 60;
	r.not_after = now + (time_t)days * 86400;
	r.conf = conf;
	if ((x = cacert_build(&r)) == NULL)
		goto out;
	/*
	 * The certificate it replaces stays as STEM.prev.crt: cad records
	 * every certificate it signs with in its store (so OCSP knows it)
	 * and revokes the one replaced (superseded) when it starts.
	 */
	snprintf(path, sizeof(path), "%s/%s.crt", out, d->stem);
	snprintf(prev, sizeof(prev), "%s/%s.prev.crt", out, d->stem);
	if (rename(path, prev) == -1 && errno != ENOENT) {
		log_err("%s: %s", path, strerror(errno));
		goto out;
	}
	if (write_leaf(out, d->stem, key, x, ca) == -1)
		goto out;
	rc = 0;
out:
	EVP_PKEY_free(key);
	X509_free(x);
	X509_NAME_free(n);
	return rc;
}

static void
delegate_usage(const struct delegate *d)
{
	fprintf(stderr,
	    "usage: cactl %s [--passphrase-file FILE] [--pin-file FILE]\n"
	    "       [--days N] DIR OUTDIR\n"
	    "Issues %s,\nfrom the issuing CA in DIR; writes OUTDIR/%s.crt "
	    "(certificate + issuing\nCA) and OUTDIR/%s.key (mode 0600), "
	    "replacing what was there.\nValid N days (default %ld); run it "
	    "again before it expires\n(tools/stack.sh init does when fewer "
	    "than 30 days are left).\n", d->cmd, d->what, d->stem, d->stem,
	    d->days);
}

static int
delegate_cmd(const struct delegate *d, int argc, char **argv)
{
	struct caconf	 conf;
	EVP_PKEY	*cakey = NULL;
	X509		*ca = NULL;
	const char	*passfile = NULL, *dir = NULL, *out = NULL;
	const char	*pinfile = NULL;
	char		*end;
	long		 days = d->days;
	int		 i, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			delegate_usage(d);
			return 0;
		} else if (strcmp(argv[i], "--passphrase-file") == 0 &&
		    i + 1 < argc)
			passfile = argv[++i];
		else if (strcmp(argv[i], "--pin-file") == 0 && i + 1 < argc)
			pinfile = argv[++i];
		else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
			days = strtol(argv[++i], &end, 10);
			if (*end != '\0' || days < 1 || days > 825) {
				log_err("--days takes 1 to 825");
				return 2;
			}
		} else if (argv[i][0] == '-') {
			delegate_usage(d);
			return 2;
		} else if (dir == NULL)
			dir = argv[i];
		else if (out == NULL)
			out = argv[i];
		else {
			delegate_usage(d);
			return 2;
		}
	}
	if (dir == NULL || out == NULL) {
		delegate_usage(d);
		return 2;
	}
	if (open_issuing(dir, passfile, pinfile, d->cmd, &conf, &cakey,
	    &ca) == -1)
		goto out;
	if (issue_delegate(d, &conf, cakey, ca, out, days) == -1)
		goto out;
	printf("issued %s.crt (%ld days) into %s\n", d->stem, days, out);
	rc = 0;
out:
	EVP_PKEY_free(cakey);
	cakey_close();
	X509_free(ca);
	return rc;
}

int
cainit_ocsp_responder(int argc, char **argv)
{
	return delegate_cmd(&delegates[0], argc, argv);
}

int
cainit_notice_signer(int argc, char **argv)
{
	return delegate_cmd(&delegates[1], argc, argv);
}
