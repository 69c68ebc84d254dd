/*
 * caroot.c: see caroot.h.  The root key is read here, by cactl, only for
 * the length of one command, and wiped with its passphrase.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cacrl.h"
#include "ca/cakey.h"
#include "ca/caroot.h"
#include "lib/log.h"

/* An ARL lists no certificate here: the iterator ends at once. */
static int
no_entries(void *ctx, struct cacrl_entry *e)
{
	(void)ctx;
	(void)e;
	return 0;
}

/* The last root CRL number recorded in dir, or 0.  -1 if unreadable. */
static int
last_number(const char *dir, uint64_t *n)
{
	char		 path[PATH_MAX], buf[32], *end;
	FILE		*f;

	*n = 0;
	snprintf(path, sizeof(path), "%s/root-crl.number", dir);
	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	errno = 0;
	*n = strtoull(buf, &end, 10);
	return errno != 0 || end == buf || (*end != '\n' && *end != '\0') ?
	    -1 : 0;
}

/* Records n as the last root CRL number: temp file, fsync, rename. */
static int
record_number(const char *dir, uint64_t n)
{
	char	 path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE	*f;
	int	 ok;

	snprintf(path, sizeof(path), "%s/root-crl.number", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	ok = fprintf(f, "%llu\n", (unsigned long long)n) > 0 &&
	    fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || chmod(tmp, 0644) == -1 ||
	    rename(tmp, path) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
caroot_crl_publish(const char *dir, const struct caconf *conf, X509 *root,
    EVP_PKEY *rootkey, int days)
{
	struct cacrl_params	 p;
	uint8_t			*der = NULL;
	size_t			 len = 0;
	uint64_t		 last;
	time_t			 now = time(NULL);
	int			 rc = -1;

	if (last_number(dir, &last) == -1) {
		log_err("%s/root-crl.number is unreadable: the root's CRL "
		    "number must only grow; fix or restore it", dir);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.issuer = root;
	p.key = rootkey;
	p.number = last + 1;
	p.this_update = now - 60;
	p.next_update = now + (time_t)days * 86400;
	/* The number is taken (recorded) before the CRL goes out. */
	if (record_number(dir, p.number) == -1) {
		log_err("cannot record the root CRL number in %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (cacrl_build(&p, no_entries, NULL, &der, &len) == -1 ||
	    cacrl_publish(conf->crl_dir, conf->root_crl, der, len) == -1)
		goto out;
	printf("published the root's CRL #%llu in %s/%s.crl, valid %d days\n",
	    (unsigned long long)p.number, conf->crl_dir, conf->root_crl,
	    days);
	rc = 0;
out:
	free(der);
	return rc;
}

/*
 * The root of the CA in dir: its certificate and its key, decrypted with
 * the passphrase of passfile (or $CA_PASSPHRASE_FILE), which is wiped.
 * 0 / -1 (logged; nothing to free).
 */
static int
open_root(const char *dir, const char *passfile, X509 **root,
    EVP_PKEY **key)
{
	char	 path[PATH_MAX], pass[CAKEY_PASS_MAX];

	*root = NULL;
	*key = NULL;
	snprintf(path, sizeof(path), "%s/root.crt", dir);
	if ((*root = cacert_read_pem(path)) == NULL)
		return -1;
	if (cakey_read_pass(cakey_pass_file(passfile), pass,
	    sizeof(pass)) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/private/root.key", dir);
	*key = cakey_load(path, pass);
	cakey_wipe(pass, sizeof(pass));
	if (*key == NULL)
		goto fail;
	if (X509_check_private_key(*root, *key) != 1) {
		log_ssl("caroot", "private/root.key is not the key of "
		    "root.crt");
		goto fail;
	}
	return 0;
fail:
	X509_free(*root);
	EVP_PKEY_free(*key);
	*root = NULL;
	*key = NULL;
	return -1;
}

/*
 * Parses "CMD [--passphrase-file F] DIR", and for root-crl (days not
 * NULL) "[--days N]" too (default CAROOT_CRL_DAYS).  0, or 2 (usage
 * printed).
 */
static int
args(int argc, char **argv, const char **dir, const char **passfile,
    long *days)
{
	char	*end;
	int	 i;

	*dir = *passfile = NULL;
	if (days != NULL)
		*days = CAROOT_CRL_DAYS;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--passphrase-file") == 0 &&
		    i + 1 < argc)
			*passfile = argv[++i];
		else if (days != NULL && strcmp(argv[i], "--days") == 0 &&
		    i + 1 < argc) {
			*days = strtol(argv[++i], &end, 10);
			if (*end != '\0' || *days < 1 || *days > 365)
				break;
		} else if (argv[i][0] != '-' && *dir == NULL)
			*dir = argv[i];
		else
			break;
	}
	if (i < argc || *dir == NULL) {
		fprintf(stderr, "usage: cactl %s [--passphrase-file FILE] "
		    "%sDIR\n%s", argv[0], days != NULL ? "[--days N] " : "",
		    days != NULL ?
		    "The root signs its CRL again (root-ca.crl, or "
		    "NAME-root.crl for a CA\nadded by cactl ca add, in the "
		    "CA's crl_dir), valid N days (1 to 365,\ndefault 180; "
		    "/healthz fails once 7 or fewer are left).\n" :
		    "The root certifies the issuing CA's key again, with a "
		    "CRL Distribution\nPoint to the root's CRL; restart cad "
		    "afterwards.\n");
		return 2;
	}
	return 0;
}

int
caroot_crl_cmd(int argc, char **argv)
{
	struct caconf	 conf;
	const char	*dir, *passfile;
	X509		*root;
	EVP_PKEY	*key;
	long		 days;
	int		 rc;

	if ((rc = args(argc, argv, &dir, &passfile, &days)) != 0)
		return rc;
	if (caconf_read(&conf, dir) == -1 ||
	    open_root(dir, passfile, &root, &key) == -1)
		return 1;
	rc = caroot_crl_publish(dir, &conf, root, key, (int)days) == 0 ? 0 :
	    1;
	EVP_PKEY_free(key);
	X509_free(root);
	return rc;
}

int
caroot_recertify(int argc, char **argv)
{
	struct caconf		 conf;
	struct cacert_req	 r;
	const char		*dir, *passfile;
	char			 path[PATH_MAX];
	X509			*root = NULL, *old = NULL, *ca = NULL;
	X509			*chain[2];
	EVP_PKEY		*key = NULL, *pub;
	time_t			 end;
	int			 rc;

	if ((rc = args(argc, argv, &dir, &passfile, NULL)) != 0)
		return rc;
	rc = 1;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if (caconf_read(&conf, dir) == -1 ||
	    (old = cacert_read_pem(path)) == NULL ||
	    open_root(dir, passfile, &root, &key) == -1)
		goto out;
	if ((pub = X509_get0_pubkey(old)) == NULL ||
	    (end = cacert_not_after(old)) == -1 || end <= time(NULL)) {
		log_err("%s: the issuing CA certificate has expired or is "
		    "unreadable: make a new CA instead", path);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.profile = CACERT_ISSUING;
	r.subject = X509_get_subject_name(old);
	r.pubkey = pub;
	r.issuer = root;
	r.issuer_key = key;
	r.not_before = time(NULL) - 60;
	r.not_after = end;
	r.conf = &conf;
	if ((ca = cacert_build(&r)) == NULL)
		goto out;
	chain[0] = ca;
	chain[1] = root;
	snprintf(path, sizeof(path), "%s/chain.pem", dir);
	if (cacert_write_pem(path, chain, 2) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if (cacert_write_pem(path, &ca, 1) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/%s.crt", conf.crl_dir, conf.name);
	if (cacert_write_der(path, ca) == -1)
		goto out;
	/* Its CRL Distribution Point must lead somewhere. */
	snprintf(path, sizeof(path), "%s/%s.crl", conf.crl_dir,
	    conf.root_crl);
	if (access(path, F_OK) == -1 &&
	    caroot_crl_publish(dir, &conf, root, key, CAROOT_CRL_DAYS) == -1)
		goto out;
	printf("re-certified the issuing CA of %s (same key and subject, a "
	    "new serial, the root's CRL as its CRL DP): restart cad\n", dir);
	rc = 0;
out:
	EVP_PKEY_free(key);
	X509_free(root);
	X509_free(old);
	X509_free(ca);
	return rc;
}
