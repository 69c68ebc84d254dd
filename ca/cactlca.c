/*
 * cactlca.c: cactl's commands for the issuing CAs of one service (证书厂商):
 *
 *   cactl ca add NAME --algo p256|rsa3072|sm2 [--vendor 证书厂商]
 *                [--crl-shards N] [--passphrase-file FILE]
 *                [--key-uri URI [--key-module LIB] [--pin-file FILE]] DIR
 *   cactl ca list DIR
 *   cactl ca disable | enable          (the daemon at -s)
 *
 * DIR is the first CA's directory (cactl init).  `ca add` makes another
 * issuing CA in DIR/cas/NAME with its own root, key, CRL series, OCSP
 * responder and notice signer; its CRLs and certificates are published
 * beside the first CA's, in the same crl_dir and under the same base URL
 * (NAME.crl, NAME-root.crl, NAME-sXX.crl), so one nginx location serves
 * every CA.  Each CA runs its own cad (tools/stack.sh: one per
 * directory), so a key process only ever holds one CA key.
 *
 * Why its own root: the vendors of the guide (CFCA, BJCA, ...) are
 * different certification authorities, each under its own root; and an
 * SM2 issuing CA belongs under an SM2 root (GM/T 0015), which a P-256
 * root is not.  A relying party trusts each vendor's root, as it does in
 * the field.
 *
 * A CA is made in DIR/cas/.NAME.tmp and renamed into place once complete;
 * on any failure what was written (there and in crl_dir) is removed, so
 * a refused `ca add` leaves nothing behind.
 */
#define _XOPEN_SOURCE 700	/* realpath(3) without _FORTIFY_SOURCE */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca/caconf.h"
#include "ca/cactlca.h"
#include "ca/cactlcommon.h"
#include "ca/cainit.h"
#include "ca/proto.h"
#include "lib/backup.h"
#include "lib/log.h"

static const char ca_help[] =
    "usage: cactl ca add NAME --algo p256|rsa3072|sm2 [--vendor 证书厂商]\n"
    "                [--crl-shards N] [--passphrase-file FILE]\n"
    "                [--key-uri URI [--key-module LIB] [--pin-file FILE]]\n"
    "                [--store CONNINFO] DIR\n"
    "       cactl ca list DIR\n"
    "       cactl [-s SOCKET] ca disable | enable\n"
    "DIR is the first CA's directory (cactl init).  `add` makes another\n"
    "issuing CA, with its own root, in DIR/cas/NAME (NAME: 2-16 of a-z,\n"
    "0-9, starting with a letter); its CRLs go beside the first CA's.\n"
    "--store keeps its store in PostgreSQL (cactl init --help).\n"
    "Start a cad for it (tools/stack.sh does, for every DIR/cas/NAME).\n"
    "`list` shows every CA of DIR.  `disable` makes the daemon at SOCKET\n"
    "stop issuing (ISSUE and REISSUE are refused; it still revokes,\n"
    "publishes CRLs and answers OCSP); `enable` resumes.  Both audited.\n";

/* 1 if name is 2-16 of [a-z0-9] starting with a letter. */
static int
name_ok(const char *name)
{
	size_t	 i, n = strlen(name);

	if (n < 2 || n > 16 || name[0] < 'a' || name[0] > 'z')
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/* Calls fn(dir of the CA, its conf, arg) for each CA of top; 0 / -1. */
static int
each_ca(const char *top, int (*fn)(const char *, const struct caconf *,
    void *), void *arg)
{
	struct caconf	 conf;
	char		 sub[PATH_MAX], path[PATH_MAX + 300];
	struct dirent	*e;
	DIR		*dp;
	int		 rc = 0;

	if (caconf_read(&conf, top) == -1 || fn(top, &conf, arg) == -1)
		return -1;
	snprintf(sub, sizeof(sub), "%s/cas", top);
	if ((dp = opendir(sub)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", sub, e->d_name);
		if (caconf_read(&conf, path) == -1 || fn(path, &conf, arg) ==
		    -1)
			rc = -1;
	}
	closedir(dp);
	return rc;
}

/* each_ca(): -1 if the CA uses the name (or root CRL stem) in arg. */
static int
name_free(const char *dir, const struct caconf *c, void *arg)
{
	const char	*name = arg;
	char		 root[80];

	(void)dir;
	snprintf(root, sizeof(root), "%s-root", name);
	if (strcmp(c->name, name) == 0 || strcmp(c->root_crl, name) == 0 ||
	    strcmp(c->name, root) == 0 || strcmp(c->root_crl, root) == 0) {
		fprintf(stderr, "cactl: a CA named %s exists already (%s); "
		    "choose another name\n", name, dir);
		return -1;
	}
	return 0;
}

/* Removes what a CA named conf->name published in crl_dir. */
static void
remove_published(const struct caconf *c)
{
	static const char *const ext[] = { "crt", "crl", "crl.pem" };
	char	 path[PATH_MAX];
	size_t	 i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.%s", c->crl_dir, c->name,
		    ext[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s.%s", c->crl_dir,
		    c->root_crl, ext[i]);
		unlink(path);
	}
}

static int
ca_add(int argc, char **argv)
{
	struct caconf		 top, conf;
	struct cainit_opts	 o;
	const char		*name = NULL, *dir = NULL;
	char			 cas[PATH_MAX], tmp[PATH_MAX + 32];
	char			 final[PATH_MAX + 32], crldir[PATH_MAX];
	int			 i;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		if (cainit_opt(&o, argc, argv, &i))
			continue;
		else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else if (argv[i][0] != '-' && dir == NULL)
			dir = argv[i];
		else
			return cactl_bad_usage(ca_help, argv[i]);
	}
	if (name == NULL || dir == NULL || o.algo == NULL)
		return cactl_bad_usage(ca_help, name == NULL ?
		    "ca add needs NAME" : dir == NULL ? "ca add needs DIR" :
		    "ca add needs --algo");
	if (!name_ok(name)) {
		fprintf(stderr, "cactl: '%s' is not a CA name: 2-16 of a-z "
		    "and 0-9, starting with a letter\n", name);
		return 2;
	}
	if (caconf_read(&top, dir) == -1) {
		fprintf(stderr, "cactl: %s holds no CA (cactl init makes the "
		    "first)\n", dir);
		return 2;
	}
	if (each_ca(dir, name_free, (void *)name) == -1)
		return 2;

	/* The settings: its own, and the first CA's URLs and crl_dir. */
	snprintf(cas, sizeof(cas), "%s/cas", dir);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", cas, name);
	snprintf(final, sizeof(final), "%s/%s", cas, name);
	caconf_defaults(&conf, final);
	if (cainit_opts_apply(&conf, &o) == -1)
		return 2;
	snprintf(conf.name, sizeof(conf.name), "%s", name);
	snprintf(conf.root_crl, sizeof(conf.root_crl), "%s-root", name);
	memcpy(conf.base_url, top.base_url, sizeof(conf.base_url));
	/* Absolute: cad and nginx read it from anywhere. */
	if (realpath(top.crl_dir, crldir) == NULL ||
	    snprintf(conf.crl_dir, sizeof(conf.crl_dir), "%s", crldir) >=
	    (int)sizeof(conf.crl_dir)) {
		fprintf(stderr, "cactl: %s (the first CA's crl_dir): %s\n",
		    top.crl_dir, strerror(errno));
		return 2;
	}
	conf.crl_hours = top.crl_hours;
	memcpy(conf.dual_control_ou, top.dual_control_ou,
	    sizeof(conf.dual_control_ou));
	if ((mkdir(cas, 0711) == -1 && errno != EEXIST)) {
		fprintf(stderr, "cactl: %s: %s\n", cas, strerror(errno));
		return 2;
	}
	backup_rmtree(tmp);	/* of an add that was killed */
	if (cainit_make(tmp, &conf, o.passfile, o.pinfile, 1, name) != 0) {
		backup_rmtree(tmp);
		remove_published(&conf);
		fprintf(stderr, "cactl: CA %s was not added (the line above "
		    "says why); nothing was kept\n", name);
		return 2;
	}
	if (rename(tmp, final) == -1) {
		fprintf(stderr, "cactl: %s: %s; nothing was kept\n", final,
		    strerror(errno));
		backup_rmtree(tmp);
		remove_published(&conf);
		return 2;
	}
	printf("added CA %s (%s%s%s) in %s: start a cad for it "
	    "(tools/stack.sh start does)\n", name, caconf_algo_name(conf.algo),
	    conf.vendor[0] != '\0' ? ", 证书厂商 " : "", conf.vendor, final);
	return 0;
}

/* each_ca(): one line per CA. */
static int
list_one(const char *dir, const struct caconf *c, void *arg)
{
	(void)arg;
	printf("%-16s %-8s %-12s %s\n", c->name, caconf_algo_name(c->algo),
	    c->vendor[0] != '\0' ? c->vendor : "-", dir);
	return 0;
}

static int
ca_list(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cactl_bad_usage(ca_help, "ca list needs DIR");
	printf("%-16s %-8s %-12s %s\n", "NAME", "ALGO", "VENDOR", "DIR");
	return each_ca(argv[1], list_one, NULL) == 0 ? 0 : 1;
}

static int
ca_issuing(int argc, int on)
{
	struct proto_buf req;

	if (argc != 1)
		return cactl_bad_usage(ca_help, "disable and enable take no "
		    "arguments (the CA is the daemon at -s)");
	proto_buf_init(&req, PROTO_CA_ISSUING);
	proto_put_str(&req, cactl_actor());
	proto_put_u64(&req, (uint64_t)on);
	if (cactl_ask(&req, NULL, NULL) != 0)
		return 1;
	printf("%s\n", on ? "issuing again" : "stopped issuing: ISSUE and "
	    "REISSUE are refused until cactl ca enable");
	return 0;
}

int
cactl_ca(int argc, char **argv)
{
	if (cactl_want_help(argc, argv, ca_help))
		return 0;
	if (argc < 2)
		return cactl_bad_usage(ca_help, NULL);
	if (strcmp(argv[1], "add") == 0)
		return ca_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return ca_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0)
		return ca_issuing(argc - 1, 0);
	if (strcmp(argv[1], "enable") == 0)
		return ca_issuing(argc - 1, 1);
	return cactl_bad_usage(ca_help, argv[1]);
}
