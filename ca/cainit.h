/*
 * cainit.h: cactl's offline commands (no daemon needed).  Each takes the
 * command's argv (argv[0] is the command name) and returns the process
 * exit status: 0 success, 1 failure (logged), 2 usage error.
 */
#ifndef CA_CAINIT_H
#define CA_CAINIT_H

struct caconf;

int	cainit_init(int argc, char **argv);
/*
 * Creates a root and an issuing CA in dir (which must not hold one) with
 * the settings of conf (key_uri set: the issuing key is that token key,
 * whose algorithm must be conf->algo if algo_given), keys encrypted with
 * the passphrase of passfile (or $CA_PASSPHRASE_FILE), the token's PIN
 * from pinfile (or $CA_PIN_FILE).  tag ("" or NULL for the first CA)
 * goes into both subject names, telling a CA added by `cactl ca add`
 * apart from the others.  Writes ca.conf last.  0, 1 (logged).
 */
int	cainit_make(const char *dir, struct caconf *conf,
	    const char *passfile, const char *pinfile, int algo_given,
	    const char *tag);
/*
 * The options of making a CA that `cactl init` and `cactl ca add` share:
 * --algo, --vendor, --crl-shards, --passphrase-file, --key-uri,
 * --key-module, --pin-file.  cainit_opt() takes argv[*i] (and its value,
 * advancing *i) into o if it is one of them: 1, else 0.
 * cainit_opts_apply() checks them and sets conf: 0, or -1 (logged).
 */
struct cainit_opts {
	const char	*algo, *vendor, *shards, *passfile;
	const char	*uri, *module, *pinfile;
	const char	*store;		/* --store: a libpq connection string */
};
int	cainit_opt(struct cainit_opts *o, int argc, char **argv, int *i);
int	cainit_opts_apply(struct caconf *conf, const struct cainit_opts *o);

/* Sets conf->vendor (--vendor, 证书厂商).  0, or -1 (logged). */
int	cainit_vendor(struct caconf *conf, const char *vendor);
int	cainit_tls_server(int argc, char **argv);
/* The delegated OCSP responder's certificate, valid this many days by
 * default (tools/stack.sh renews it when fewer than 30 are left). */
#define CAINIT_OCSP_DAYS	90
int	cainit_ocsp_responder(int argc, char **argv);
/* The notice-signing certificate (cad reads DIR/notice/), renewed by
 * tools/stack.sh like the OCSP responder's. */
#define CAINIT_NOTICE_DAYS	365
int	cainit_notice_signer(int argc, char **argv);

#endif
