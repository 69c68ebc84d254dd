/*
 * cactlbackup.c: cactl backup, restore and reconcile (README, "Backup and
 * restore").
 *
 *   cactl backup [--ca CADIR] DIR
 *   cactl restore [--published CRLDIR] BACKUP DIR
 *   cactl reconcile [--ca CADIR] [--crl FILE]... [--notices FILE]...
 *
 * A backup is taken while cad runs and signs: the store is copied by
 * SQLite's online backup API from a read-only connection of our own (a
 * snapshot of one moment; cad is neither stopped nor asked), the rest of
 * CADIR (ca.conf, certificates, the encrypted keys or, for a key in an
 * HSM, its PKCS#11 URI in ca.conf, published CRLs) is copied as files,
 * and lib/backup.c lists everything with its SHA-256 in a manifest and
 * publishes the directory whole or not at all.
 *
 * A restore checks the manifest, the store's integrity, schema version,
 * audit chain and that its certificates are the CA certificate's, and
 * raises the CRL number above any the CA can have published since the
 * backup (the restore time in milliseconds, and the highest number of
 * any CRL found in --published): CRL numbers never go backwards.
 * What was issued or revoked after the backup exists only outside the
 * store: reconcile lists it from published CRLs (verified with the CA
 * certificate) and platforms' records of the notices they received.
 *
 * Exit status: 0 done, 1 failure (reconcile: something is missing from
 * the store), 2 bad input (usage, a backup directory that exists or
 * cannot be written, a damaged or mismatched backup, a running instance).
 */
#define _XOPEN_SOURCE 700	/* realpath(3) */

#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/caconf.h"
#include "ca/cacert.h"
#include "ca/cactlbackup.h"
#include "ca/cactlcommon.h"
#include "ca/castore.h"
#include "lib/backup.h"
#include "lib/log.h"

#define DEFAULT_CA_DIR	"var/ca"

/* CADIR's subdirectories that a backup takes (db/ holds the store). */
static const char *const subdirs[] = { "private", "notice", "crl" };


static const char *
ca_dir_default(void)
{
	const char	*e = getenv("CA_DIR");

	return e != NULL && *e != '\0' ? e : DEFAULT_CA_DIR;
}

static int
fail(int rc, const char *err)
{
	fprintf(stderr, "cactl: %s\n", err);
	return rc;
}

/* Files a backup leaves out: the store (copied on its own), temp files. */
static int
skipped(const char *name)
{
	size_t	 n = strlen(name);

	return name[0] == '.' || strncmp(name, "ca.db", 5) == 0 ||
	    (n > 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* Copies the regular files of src/sub (sub "" = src itself) into b. */
static int
copy_dir(struct backup *b, const char *src, const char *sub, char *err,
    size_t errsz)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 dir[PATH_MAX], path[PATH_MAX + 256], rel[512];
	int		 rc = 0;

	backup_fmt(dir, sizeof(dir), "%s%s%s", src, sub[0] ? "/" : "", sub);
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT && sub[0] != '\0')
			return 0;
		backup_fmt(err, errsz, "cannot read %s: %s", dir,
		    strerror(errno));
		return 2;
	}
	backup_fmt(path, sizeof(path), "%s/%s", b->tmp, sub);
	if (sub[0] != '\0' && stat(path, &sb) == -1 &&
	    (rc = backup_mkdir(b, sub, err, errsz)) != 0) {
		closedir(d);
		return rc;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (skipped(de->d_name))
			continue;
		backup_fmt(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		backup_fmt(rel, sizeof(rel), "%s%s%s", sub, sub[0] ? "/" : "",
		    de->d_name);
		rc = backup_copy(b, rel, path, sb.st_mode & 0777, err, errsz);
	}
	closedir(d);
	return rc;
}

/* Meta line "PREFIX:KEY V" ("KEY V" for the first CA). */
static int
meta_u64(struct backup *b, const char *prefix, const char *key, uint64_t v)
{
	char	 buf[32], k[PATH_MAX];

	backup_fmt(k, sizeof(k), "%s%s%s", prefix, prefix[0] ? ":" : "", key);
	backup_fmt(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return backup_meta(b, k, buf);
}

/* Describes the store copy at path into b's manifest.  0 / 2. */
static int
describe_store(struct backup *b, const char *path, const char *prefix,
    char *err, size_t errsz)
{
	struct castore	*s;
	uint64_t	 certs, revoked, count;
	char		 head[65], key[PATH_MAX];
	int64_t		 bad;
	const char	*why;
	int		 rc = 2, v;

	if ((s = castore_open_ro(path)) == NULL) {
		backup_fmt(err, errsz, "cannot read the copied store %s", path);
		return 1;
	}
	if (castore_integrity(s) != 1) {
		backup_fmt(err, errsz, "the store's copy fails its integrity "
		    "check; the store itself may be damaged (run `sqlite3 "
		    "ca.db 'PRAGMA integrity_check'`)");
		goto out;
	}
	if (castore_audit_verify(s, &count, head, &bad, &why) != 0) {
		backup_fmt(err, errsz, "the store's audit log does not verify "
		    "(record #%lld: %s); not backing it up as good",
		    (long long)bad, why);
		goto out;
	}
	v = castore_version(s);
	backup_fmt(key, sizeof(key), "%s%saudit-head", prefix, prefix[0] ? ":" : "");
	if (castore_counts(s, &certs, &revoked) == -1 ||
	    meta_u64(b, prefix, "schema", (uint64_t)v) != 0 ||
	    meta_u64(b, prefix, "certificates", certs) != 0 ||
	    meta_u64(b, prefix, "revoked", revoked) != 0 ||
	    meta_u64(b, prefix, "crl-number", castore_crl_last(s)) != 0 ||
	    meta_u64(b, prefix, "audit-records", count) != 0 ||
	    backup_meta(b, key, head) != 0) {
		backup_fmt(err, errsz, "cannot read the copied store %s", path);
		rc = 1;
		goto out;
	}
	printf("%s%s%llu certificates (%llu revoked), audit log intact: %llu "
	    "records, head %s, CRL #%llu\n", prefix, prefix[0] ? ": " : "",
	    (unsigned long long)certs,
	    (unsigned long long)revoked, (unsigned long long)count, head,
	    (unsigned long long)castore_crl_last(s));
	rc = 0;
out:
	castore_close(s);
	return rc;
}

/* The size of the regular files under path, depth levels down. */
static uint64_t
tree_size(const char *path, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 sub[PATH_MAX];
	uint64_t	 n = 0;

	if (lstat(path, &sb) == -1)
		return 0;
	if (S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	if (!S_ISDIR(sb.st_mode) || depth == 0 || (d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		backup_fmt(sub, sizeof(sub), "%s/%s", path, de->d_name);
		n += tree_size(sub, depth - 1);
	}
	closedir(d);
	return n;
}

/*
 * Backs up one CA: the CA in top/prefix (prefix "" for the first CA,
 * "cas/NAME" for a further one) into b at prefix.  0, 1 or 2 (err).
 */
static int
one_ca(struct backup *b, const char *top, const char *prefix, char *err,
    size_t errsz)
{
	struct castore	*s;
	struct caconf	 conf;
	char		 dir[PATH_MAX], path[PATH_MAX], sum[65], key[64];
	char		 sub[PATH_MAX], rel[PATH_MAX];
	const char	*p = prefix[0] != '\0' ? "/" : "";
	size_t		 i;
	int		 rc;

	backup_fmt(dir, sizeof(dir), "%s%s%s", top, p, prefix);
	if (caconf_read(&conf, dir) == -1) {
		backup_fmt(err, errsz, "%s is not a CA directory (no readable "
		    "ca.conf); give it with --ca", dir);
		return 2;
	}
	if (conf.store[0] != '\0') {
		backup_fmt(err, errsz, "%s's store is in PostgreSQL (ca.conf: "
		    "store): back it up with PostgreSQL's own tools, pg_dump "
		    "(a consistent logical copy while cad runs) or pgbackrest "
		    "/ pg_basebackup with WAL archiving (point-in-time "
		    "recovery), and the CA directory's files with them; "
		    "cactl backup copies a SQLite store", dir);
		return 2;
	}
	backup_fmt(path, sizeof(path), "%s/ca.db", dir);
	if ((s = castore_open_ro(path)) == NULL) {
		backup_fmt(err, errsz, "cannot open the store %s", path);
		return 1;
	}
	if (prefix[0] != '\0' &&
	    (rc = backup_mkdir(b, prefix, err, errsz)) != 0) {
		castore_close(s);
		return rc;
	}
	backup_fmt(path, sizeof(path), "%s/%s%sca.db", b->tmp, prefix, p);
	rc = castore_backup(s, path);
	castore_close(s);
	if (rc != 0) {
		backup_fmt(err, errsz, rc == 2 ? "cannot write the copy of %s's "
		    "store into %s (is the disk full?); nothing was kept" :
		    "could not copy %s's store into %s; nothing was kept",
		    dir, b->tmp);
		return rc == 2 ? 2 : 1;
	}
	backup_fmt(rel, sizeof(rel), "%s%sca.crt", prefix, p);
	backup_fmt(sub, sizeof(sub), "%s/ca.crt", dir);
	backup_fmt(key, sizeof(key), "%s%sca-name", prefix, prefix[0] ? ":" : "");
	if (backup_meta(b, key, conf.name) != 0)
		return 1;
	backup_fmt(key, sizeof(key), "%s%skey", prefix, prefix[0] ? ":" : "");
	if (backup_meta(b, key, conf.key_uri[0] != '\0' ? conf.key_uri :
	    "private/ca.key (PKCS#8, encrypted)") != 0)
		return 1;
	backup_fmt(key, sizeof(key), "%s%sca-cert-sha256", prefix,
	    prefix[0] ? ":" : "");
	if (backup_sha256_file(sub, sum) == -1 ||
	    backup_meta(b, key, sum) != 0) {
		backup_fmt(err, errsz, "cannot read %s", sub);
		return 1;
	}
	backup_fmt(rel, sizeof(rel), "%s%sca.db", prefix, p);
	if ((rc = describe_store(b, path, prefix, err, errsz)) != 0 ||
	    (rc = backup_add(b, rel, 0600, err, errsz)) != 0 ||
	    (rc = copy_dir(b, top, prefix, err, errsz)) != 0)
		return rc;
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		backup_fmt(rel, sizeof(rel), "%s%s%s", prefix, p, subdirs[i]);
		if ((rc = copy_dir(b, top, rel, err, errsz)) != 0)
			return rc;
	}
	return 0;
}

/* 1 if name is a further CA's directory name (cactlca.c's rule). */
static int
ca_name_ok(const char *name)
{
	size_t	 n = strlen(name);

	return n >= 2 && n <= 16 && name[0] >= 'a' && name[0] <= 'z' &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789") == n;
}

int
cactl_backup(int argc, char **argv)
{
	static const char help[] = "usage: cactl backup [--ca CADIR] DIR\n"
	    "Takes a consistent copy of the CA in CADIR (default $CA_DIR,\n"
	    "else var/ca), and of every further CA in CADIR/cas/, into the\n"
	    "new directory DIR while cad runs: each store through SQLite's\n"
	    "online backup API, ca.conf, the certificates, the encrypted\n"
	    "keys (or the HSM key's URI in ca.conf) and the published CRLs,\n"
	    "with a MANIFEST of SHA-256 sums.  The key passphrases are not\n"
	    "in it: keep them apart.  DIR must not exist; it appears\n"
	    "complete or not at all.\n"
	    "Exit 2: DIR exists, cannot be written or lacks space.\n";
	struct backup	 b;
	DIR		*d = NULL;
	struct dirent	*de;
	const char	*cadir = ca_dir_default(), *dest;
	char		 err[BACKUP_ERR_MAX], path[PATH_MAX], abs[PATH_MAX];
	char		 buf[64], prefix[PATH_MAX];
	int		 rc, more = 0;

	memset(&b, 0, sizeof(b));
	if (cactl_want_help(argc, argv, help))
		return 0;
	if (argc == 4 && strcmp(argv[1], "--ca") == 0) {
		cadir = argv[2];
		dest = argv[3];
	} else if (argc == 2 && argv[1][0] != '-')
		dest = argv[1];
	else
		return cactl_bad_usage(help, NULL);
	backup_fmt(path, sizeof(path), "%s/ca.conf", cadir);
	if (access(path, R_OK) == -1) {
		fprintf(stderr, "cactl: %s is not a CA directory (no readable "
		    "ca.conf); give it with --ca\n", cadir);
		return 2;
	}
	/* Every file under CADIR (the stores, their WALs) is room enough. */
	if ((rc = backup_begin(&b, dest, "ca", tree_size(cadir, 5), err,
	    sizeof(err))) != 0)
		goto out;
	backup_fmt(buf, sizeof(buf), "%lld", (long long)time(NULL));
	if (realpath(cadir, abs) == NULL)
		backup_fmt(abs, sizeof(abs), "%s", cadir);
	if (backup_meta(&b, "created", buf) != 0 ||
	    backup_meta(&b, "source", abs) != 0) {
		backup_fmt(err, sizeof(err), "out of memory");
		rc = 1;
		goto out;
	}
	if ((rc = one_ca(&b, cadir, "", err, sizeof(err))) != 0)
		goto out;
	/* The further CAs (cactl ca add); one being made (.NAME.tmp) not. */
	backup_fmt(path, sizeof(path), "%s/cas", cadir);
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (!ca_name_ok(de->d_name))
				continue;
			if (!more && (rc = backup_mkdir(&b, "cas", err,
			    sizeof(err))) != 0)
				goto out;
			more = 1;
			backup_fmt(prefix, sizeof(prefix), "cas/%s", de->d_name);
			if ((rc = one_ca(&b, cadir, prefix, err,
			    sizeof(err))) != 0)
				goto out;
		}
	}
	if ((rc = backup_commit(&b, err, sizeof(err))) != 0)
		goto out;
	printf("backup of %s written to %s (%zu files)\n", cadir, b.dir,
	    b.nfiles);
out:
	if (d != NULL)
		closedir(d);
	backup_abort(&b);
	if (rc != 0)
		fail(rc, err);
	return rc;
}

/* The CRL Number of crl, or 0. */
static uint64_t
crl_number_of(X509_CRL *crl)
{
	ASN1_INTEGER	*n;
	uint64_t	 v = 0;

	if ((n = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL,
	    NULL)) == NULL)
		return 0;
	if (ASN1_INTEGER_get_uint64(&v, n) != 1)
		v = 0;
	ASN1_INTEGER_free(n);
	return v;
}

/* Reads a CRL in DER or PEM; NULL if it is neither. */
static X509_CRL *
read_crl(const char *path)
{
	X509_CRL	*c = NULL;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if ((c = d2i_X509_CRL_fp(f, NULL)) == NULL) {
		rewind(f);
		c = PEM_read_X509_CRL(f, NULL, NULL, NULL);
	}
	fclose(f);
	return c;
}

/* Highest CRL number among dir's *.crl signed by ca's key (0: none). */
static uint64_t
published_high(const char *dir, X509 *ca)
{
	DIR		*d;
	struct dirent	*de;
	X509_CRL	*c;
	EVP_PKEY	*k = X509_get0_pubkey(ca);
	char		 path[PATH_MAX + 256];
	uint64_t	 n, high = 0;
	size_t		 len;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".crl") != 0)
			continue;
		backup_fmt(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((c = read_crl(path)) == NULL)
			continue;
		if (k != NULL && X509_CRL_verify(c, k) == 1 &&
		    (n = crl_number_of(c)) > high)
			high = n;
		X509_CRL_free(c);
	}
	closedir(d);
	return high;
}

/* Replaces ca.conf's crl_dir = OLD/crl by NEW/crl (dir: the new CADIR). */
static int
move_crl_dir(const char *dir, const char *old_src, const char *new_dir,
    char *err, size_t errsz)
{
	char	 path[PATH_MAX], tmp[PATH_MAX + 8], want[PATH_MAX + 16];
	char	*txt, *line, *next;
	size_t	 len;
	FILE	*f;
	int	 rc = 1;

	backup_fmt(path, sizeof(path), "%s/ca.conf", dir);
	backup_fmt(tmp, sizeof(tmp), "%s.tmp", path);
	backup_fmt(want, sizeof(want), "crl_dir = %s/crl", old_src);
	/* At most 64 KiB, so txt[len] is inside the buffer. */
	if ((txt = (char *)cactl_read_file(path, &len)) == NULL) {
		backup_fmt(err, errsz, "cannot read %s", path);
		return 1;
	}
	txt[len] = '\0';
	if ((f = fopen(tmp, "wx")) == NULL) {
		backup_fmt(err, errsz, "cannot write %s: %s", tmp,
		    strerror(errno));
		free(txt);
		return 1;
	}
	for (line = txt; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (strcmp(line, want) == 0)
			fprintf(f, "crl_dir = %s/crl\n", new_dir);
		else
			fprintf(f, "%s\n", line);
	}
	if (fflush(f) == 0 && fsync(fileno(f)) == 0 && fclose(f) == 0 &&
	    chmod(tmp, 0644) == 0 && rename(tmp, path) == 0)
		rc = 0;
	else
		backup_fmt(err, errsz, "cannot write %s: %s", path,
		    strerror(errno));
	free(txt);
	return rc;
}

/* castore_list() callback: keeps the (newest) certificate in *arg. */
static int
newest_cert(void *arg, const struct castore_cert *c)
{
	X509		**out = arg;
	const uint8_t	*p = c->der;

	*out = d2i_X509(NULL, &p, (long)c->der_len);
	return 0;
}

/* Checks, migrates, re-numbers and audits the restored store.  0/1/2. */
static int
settle_store(const char *path, X509 *ca, const char *name, const char *from,
    uint64_t published, char *err, size_t errsz, uint64_t *crl_out)
{
	struct castore	*s;
	struct timeval	 tv;
	X509		*x = NULL;
	uint64_t	 count, old, floor, now_ms;
	char		 head[65], detail[PATH_MAX + 128];
	int64_t		 bad;
	const char	*why;
	int		 rc = 2;

	if ((s = castore_open_ro(path)) == NULL) {
		backup_fmt(err, errsz, "cannot open the backup's store");
		return 2;
	}
	if (castore_version(s) > castore_version_latest()) {
		backup_fmt(err, errsz, "the backup's store has schema version "
		    "%d, newer than this cactl (%d): restore it with the "
		    "program that made it or a newer one", castore_version(s),
		    castore_version_latest());
		castore_close(s);
		return 2;
	}
	castore_close(s);
	if ((s = castore_open(path)) == NULL || castore_set_ca(s, name) ==
	    -1) {
		castore_close(s);
		backup_fmt(err, errsz, "cannot open or upgrade the backup's "
		    "store (see the line above)");
		return 2;
	}
	if (castore_integrity(s) != 1) {
		backup_fmt(err, errsz, "the backup's store fails SQLite's "
		    "integrity check: it is damaged; use another backup");
		goto out;
	}
	if (castore_audit_verify(s, &count, head, &bad, &why) != 0) {
		backup_fmt(err, errsz, "the backup's audit log does not verify "
		    "at record #%lld (%s): use another backup",
		    (long long)bad, why);
		goto out;
	}
	if (castore_list(s, "all", NULL, 0, 1, newest_cert, &x) == -1 ||
	    (x != NULL && X509_verify(x, X509_get0_pubkey(ca)) != 1)) {
		backup_fmt(err, errsz, "the backup's store and its ca.crt do "
		    "not match (its certificates are not signed by that CA): "
		    "the backup is mixed up; use another one");
		goto out;
	}
	/* CRL numbers never go backwards (README): see the file header. */
	gettimeofday(&tv, NULL);
	now_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	floor = now_ms > published ? now_ms : published + 1;
	old = castore_crl_last(s);
	backup_fmt(detail, sizeof(detail), "from=%s crl_number=%llu->", from,
	    (unsigned long long)old);
	if (castore_begin(s) == -1 ||
	    (*crl_out = castore_crl_raise(s, floor)) == 0) {
		backup_fmt(err, errsz, "cannot raise the CRL number");
		rc = 1;
		goto rollback;
	}
	backup_fmt(detail + strlen(detail), sizeof(detail) - strlen(detail),
	    "%llu published_high=%llu", (unsigned long long)*crl_out,
	    (unsigned long long)published);
	if (castore_audit(s, cactl_actor(), "restore", detail) == -1 ||
	    castore_commit(s) == -1) {
		backup_fmt(err, errsz, "cannot record the restore in the "
		    "audit log");
		rc = 1;
		goto rollback;
	}
	printf("audit log intact: %llu records before the restore; CRL "
	    "numbers go on after #%llu\n", (unsigned long long)count,
	    (unsigned long long)*crl_out);
	rc = 0;
	goto out;
rollback:
	if (castore_in_txn(s))
		castore_rollback(s);
out:
	X509_free(x);
	castore_close(s);
	return rc;
}

/*
 * Settles the restored CA at tmp/rel ("" the first CA, "cas/NAME"):
 * checks and re-numbers its store (settle_store) and points its crl_dir,
 * if it was src/crl, at dest/crl.  0, 1 or 2 (err).
 */
static int
settle_ca(const char *tmp, const char *rel, const char *from,
    const char *published, const char *src, const char *dest, char *err,
    size_t errsz)
{
	X509		*ca;
	struct caconf	 conf;
	char		 dir[PATH_MAX], path[PATH_MAX];
	uint64_t	 high = 0, crl = 0;
	int		 rc;

	backup_fmt(dir, sizeof(dir), "%s%s%s", tmp, rel[0] ? "/" : "", rel);
	if (caconf_read(&conf, dir) == -1) {
		backup_fmt(err, errsz, "the backup's %s%sca.conf cannot be "
		    "read: the backup is damaged", rel, rel[0] ? "/" : "");
		return 2;
	}
	backup_fmt(path, sizeof(path), "%s/ca.crt", dir);
	if ((ca = cacert_read_pem(path)) == NULL) {
		backup_fmt(err, errsz, "the backup's %s%sca.crt is not a certificate: "
		    "the backup is damaged", rel, rel[0] ? "/" : "");
		return 2;
	}
	if (conf.store[0] != '\0') {
		X509_free(ca);
		backup_fmt(err, errsz, "the backup's %s%sca.conf names a store "
		    "in PostgreSQL: restore that with PostgreSQL's own tools "
		    "(pg_restore of a pg_dump, or pgbackrest); cactl restore "
		    "restores a SQLite store", rel, rel[0] ? "/" : "");
		return 2;
	}
	if (published != NULL)
		high = published_high(published, ca);
	backup_fmt(path, sizeof(path), "%s/ca.db", dir);
	if (rel[0] != '\0')
		printf("%s: ", rel);
	rc = settle_store(path, ca, conf.name, from, high, err, errsz, &crl);
	X509_free(ca);
	if (rc == 0)
		rc = move_crl_dir(dir, src, dest, err, errsz);
	return rc;
}

int
cactl_restore(int argc, char **argv)
{
	static const char help[] = "usage: cactl restore [--published "
	    "CRLDIR] BACKUP DIR\n"
	    "Restores the CA backup BACKUP (cactl backup) into the new\n"
	    "directory DIR, after checking its manifest, the store's\n"
	    "integrity, schema version and audit log, and that its store\n"
	    "and certificate belong together.  The CRL number is raised to\n"
	    "the restore time in milliseconds, and above every CRL this CA\n"
	    "signed in CRLDIR (a copy of the published CRLs, if you have\n"
	    "one): it never goes backwards.  Then run cactl reconcile with\n"
	    "the published CRLs and the platforms' notices to list what was\n"
	    "issued after the backup.\n"
	    "Exit 2: BACKUP is damaged or not a CA backup, DIR exists\n"
	    "(a running instance is refused) or cannot be written.\n";
	struct backup	 in, out;
	struct stat	 sb;
	const char	*published = NULL, *from, *dest;
	char		 err[BACKUP_ERR_MAX], path[PATH_MAX], src[PATH_MAX];
	char		 abs[PATH_MAX], rel[300], copy[PATH_MAX], *p;
	uint64_t	 need = 0;
	size_t		 i;
	int		 rc;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (cactl_want_help(argc, argv, help))
		return 0;
	if (argc == 5 && strcmp(argv[1], "--published") == 0) {
		published = argv[2];
		from = argv[3];
		dest = argv[4];
	} else if (argc == 3 && argv[1][0] != '-') {
		from = argv[1];
		dest = argv[2];
	} else
		return cactl_bad_usage(help, NULL);
	backup_fmt(path, sizeof(path), "%s/ca.db", dest);
	if (backup_db_in_use(path)) {
		fprintf(stderr, "cactl: a running instance has %s open: "
		    "stop it first, and restore into a new directory\n", path);
		return 2;
	}
	if (lstat(dest, &sb) == 0) {
		fprintf(stderr, "cactl: %s exists; restore goes into a new "
		    "directory (move the old one away first)\n", dest);
		return 2;
	}
	if ((rc = backup_read(&in, from, "ca", err, sizeof(err))) != 0)
		return fail(rc, err);
	for (i = 0; i < in.nfiles; i++) {
		backup_fmt(path, sizeof(path), "%s/%s", from, in.file[i].path);
		if (stat(path, &sb) == 0)
			need += (uint64_t)sb.st_size;
	}
	if ((rc = backup_begin(&out, dest, "ca", need, err,
	    sizeof(err))) != 0)
		goto done;
	for (i = 0; i < in.nfiles; i++) {
		/* Its directories first, each made once. */
		backup_fmt(rel, sizeof(rel), "%s", in.file[i].path);
		for (p = strchr(rel, '/'); p != NULL; p = strchr(p + 1, '/')) {
			*p = '\0';
			backup_fmt(path, sizeof(path), "%s/%s", out.tmp, rel);
			if (stat(path, &sb) == -1 && (rc = backup_mkdir(&out,
			    rel, err, sizeof(err))) != 0)
				goto done;
			/* crl/ is public (nginx), cas/ passable. */
			if (strcmp(rel, "crl") == 0)
				(void)chmod(path, 0755);
			else if (strcmp(rel, "cas") == 0 ||
			    strncmp(rel, "cas/", 4) == 0)
				(void)chmod(path, 0711);
			*p = '/';
		}
		backup_fmt(path, sizeof(path), "%s/%s", from, in.file[i].path);
		if ((rc = backup_copy(&out, in.file[i].path, path,
		    in.file[i].mode, err, sizeof(err))) != 0)
			goto done;
	}
	(void)chmod(out.tmp, 0711);
	if (published != NULL && (stat(published, &sb) == -1 ||
	    !S_ISDIR(sb.st_mode))) {
		backup_fmt(err, sizeof(err), "%s is not a directory of published "
		    "CRLs", published);
		rc = 2;
		goto done;
	}
	/* Where the CA comes from and goes to: crl_dir follows it. */
	backup_fmt(copy, sizeof(copy), "%s", dest);
	if (backup_meta_get(&in, "source", src, sizeof(src)) == -1 ||
	    realpath(dirname(copy), abs) == NULL) {
		backup_fmt(err, sizeof(err), "the backup's manifest lacks its "
		    "source, or %s's parent is gone", dest);
		rc = 2;
		goto done;
	}
	backup_fmt(copy, sizeof(copy), "%s", dest);
	backup_fmt(abs + strlen(abs), sizeof(abs) - strlen(abs), "/%s",
	    basename(copy));
	/* Every CA of the backup: the first, then each cas/NAME/ca.db. */
	if ((rc = settle_ca(out.tmp, "", from, published, src, abs, err,
	    sizeof(err))) != 0)
		goto done;
	for (i = 0; i < in.nfiles; i++) {
		if (strncmp(in.file[i].path, "cas/", 4) != 0 ||
		    (p = strchr(in.file[i].path + 4, '/')) == NULL ||
		    strcmp(p, "/ca.db") != 0)
			continue;
		backup_fmt(rel, sizeof(rel), "%.*s", (int)(p - in.file[i].path),
		    in.file[i].path);
		if ((rc = settle_ca(out.tmp, rel, from, published, src, abs,
		    err, sizeof(err))) != 0)
			goto done;
	}
	/* A restored CA is not a backup: no manifest, just the rename. */
	if (backup_fsync_dir(out.tmp) == -1 || rename(out.tmp, dest) == -1) {
		backup_fmt(err, sizeof(err), "cannot move %s to %s: %s",
		    out.tmp, dest, strerror(errno));
		rc = 1;
		goto done;
	}
	out.tmp[0] = '\0';
	printf("restored %s into %s; now run cactl reconcile with the "
	    "published CRLs and the platforms' notices\n", from, dest);
	rc = 0;
done:
	backup_abort(&out);
	backup_abort(&in);
	if (rc != 0)
		fail(rc, err);
	return rc;
}

/* ---- reconcile ------------------------------------------------------ */

struct seen {
	char		**s;
	size_t		  n, cap;
};

/* 1 if serial was seen already, else remembers it and returns 0. */
static int
seen_once(struct seen *v, const char *serial)
{
	char	**p;
	size_t	  i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->s[i], serial) == 0)
			return 1;
	if (v->n == v->cap) {
		if (v->cap > SIZE_MAX / 2 / sizeof(*p) - 16 ||
		    (p = realloc(v->s, (v->cap * 2 + 16) * sizeof(*p))) ==
		    NULL)
			return 1;
		v->s = p;
		v->cap = v->cap * 2 + 16;
	}
	if ((v->s[v->n] = strdup(serial)) == NULL)
		return 1;
	v->n++;
	return 0;
}

static void
seen_free(struct seen *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		free(v->s[i]);
	free(v->s);
}

struct tally {
	struct castore	*s;
	struct seen	 seen;
	unsigned	 unknown, unrevoked;
};

/* Upper-case hex of an ASN1_INTEGER, as the store keeps serials. */
static int
serial_hex(const ASN1_INTEGER *i, char *buf, size_t sz)
{
	BIGNUM	*bn;
	char	*h;
	int	 rc = -1;

	if ((bn = ASN1_INTEGER_to_BN(i, NULL)) == NULL)
		return -1;
	if ((h = BN_bn2hex(bn)) != NULL && strlen(h) < sz) {
		backup_fmt(buf, sz, "%s", h);
		rc = 0;
	}
	OPENSSL_free(h);
	BN_free(bn);
	return rc;
}

/* One serial from the evidence, known revoked (1) or issued (0). */
static void
judge(struct tally *t, const char *serial, int revoked, const char *where)
{
	struct castore_cert	 c;
	char			 key[CASTORE_SERIAL_MAX + 2];
	int			 rc;

	backup_fmt(key, sizeof(key), "%c%s", revoked ? 'r' : 'i', serial);
	if (seen_once(&t->seen, key))
		return;
	memset(&c, 0, sizeof(c));
	rc = castore_cert_get(t->s, serial, &c);
	if (rc == 1) {
		backup_fmt(key, sizeof(key), "u%s", serial);
		if (!seen_once(&t->seen, key)) {
			printf("missing %s: not in the store, %s %s: issued "
			    "after the backup\n", serial, revoked ?
			    "revoked in" : "named in", where);
			t->unknown++;
		}
	} else if (rc == 0 && revoked && c.revoked_at == 0) {
		printf("unrevoked %s: revoked in %s, valid in the store: "
		    "revoke it again (cactl revoke %s)\n", serial, where,
		    serial);
		t->unrevoked++;
	}
	castore_cert_clear(&c);
}

static int
reconcile_crl(struct tally *t, const char *path, X509 *ca)
{
	STACK_OF(X509_REVOKED)	*rev;
	X509_CRL		*c;
	char			 serial[CASTORE_SERIAL_MAX];
	char			 where[PATH_MAX + 64];
	int			 i;

	if ((c = read_crl(path)) == NULL) {
		fprintf(stderr, "cactl: %s is not a CRL (DER or PEM)\n", path);
		return 2;
	}
	if (X509_CRL_verify(c, X509_get0_pubkey(ca)) != 1) {
		fprintf(stderr, "cactl: %s is not signed by this CA's key; "
		    "it proves nothing here\n", path);
		X509_CRL_free(c);
		return 2;
	}
	backup_fmt(where, sizeof(where), "CRL #%llu (%s)",
	    (unsigned long long)crl_number_of(c), path);
	rev = X509_CRL_get_REVOKED(c);
	for (i = 0; i < sk_X509_REVOKED_num(rev); i++)
		if (serial_hex(X509_REVOKED_get0_serialNumber(
		    sk_X509_REVOKED_value(rev, i)), serial,
		    sizeof(serial)) == 0)
			judge(t, serial, 1, where);
	X509_CRL_free(c);
	return 0;
}

/* Upper-cases s in place; 1 if it is a plausible serial. */
static int
serial_norm(char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n >= CASTORE_SERIAL_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'f')
			s[i] = (char)(s[i] - 'a' + 'A');
		else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

/*
 * A platform's record of the notices it received, one per line:
 * PLATFORM TAB SEQ TAB EVENT-ID TAB TYPE TAB OLD-SERIAL TAB NEW-SERIAL
 * (tests/platform/noticerecv.c writes this as received.tsv).
 */
static int
reconcile_notices(struct tally *t, const char *path)
{
	FILE	*f;
	char	 line[2048], where[PATH_MAX + 512], *fld[6], *p;
	int	 n, lines = 0;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "cactl: cannot read %s: %s\n", path,
		    strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lines++;
		line[strcspn(line, "\r\n")] = '\0';
		for (n = 0, p = line; n < 6 && p != NULL; n++) {
			fld[n] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (n != 6)
			continue;
		backup_fmt(where, sizeof(where), "the %s notice %s to %s "
		    "(%s:%d)", fld[3], fld[2], fld[0], path, lines);
		if (serial_norm(fld[5]))
			judge(t, fld[5], 0, where);
		if (serial_norm(fld[4]) && (strcmp(fld[3], "revoked") == 0 ||
		    strcmp(fld[3], "reissued") == 0))
			judge(t, fld[4], 1, where);
		else if (serial_norm(fld[4]))
			judge(t, fld[4], 0, where);
	}
	fclose(f);
	return 0;
}

int
cactl_reconcile(int argc, char **argv)
{
	static const char help[] = "usage: cactl reconcile [--ca CADIR] "
	    "[--crl FILE]... [--notices FILE]...\n"
	    "Compares the store of the CA in CADIR (default $CA_DIR, else\n"
	    "var/ca) with evidence kept outside it, after a restore: CRLs\n"
	    "this CA published (DER or PEM, checked against ca.crt) and\n"
	    "platforms' lists of the notices they received (tab-separated:\n"
	    "platform, seq, event id, type, old serial, new serial).\n"
	    "Prints one line per certificate the store lacks (\"missing\":\n"
	    "issued after the backup) or holds as valid though a CRL says\n"
	    "revoked (\"unrevoked\").  Exit 0: nothing is missing; 1: some\n"
	    "is (listed); 2: bad input.\n";
	struct tally	 t;
	X509		*ca = NULL;
	const char	*cadir = ca_dir_default();
	struct caconf	 conf;
	char		 path[PATH_MAX];
	int		 i, rc = 2, n = 0;

	memset(&t, 0, sizeof(t));
	if (cactl_want_help(argc, argv, help))
		return 0;
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--ca") == 0)
			cadir = argv[i + 1];
		else if (strcmp(argv[i], "--crl") == 0 ||
		    strcmp(argv[i], "--notices") == 0)
			n++;
		else
			return cactl_bad_usage(help, argv[i]);
	}
	if (i != argc || n == 0)
		return cactl_bad_usage(help, "give at least one --crl or "
		    "--notices");
	backup_fmt(path, sizeof(path), "%s/ca.crt", cadir);
	if ((ca = cacert_read_pem(path)) == NULL) {
		fprintf(stderr, "cactl: %s is not a CA directory (no "
		    "ca.crt); give it with --ca\n", cadir);
		return 2;
	}
	/* The store: ca.conf's (PostgreSQL), else CADIR/ca.db. */
	if (caconf_read(&conf, cadir) == -1)
		caconf_defaults(&conf, cadir);
	if (caconf_store(&conf, cadir, path, sizeof(path)) == -1 ||
	    (t.s = castore_open_ro(path)) == NULL) {
		fprintf(stderr, "cactl: cannot open the store of %s\n", cadir);
		rc = 1;
		goto out;
	}
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--crl") == 0 &&
		    reconcile_crl(&t, argv[i + 1], ca) != 0)
			goto out;
		if (strcmp(argv[i], "--notices") == 0 &&
		    reconcile_notices(&t, argv[i + 1]) != 0)
			goto out;
	}
	printf("reconcile: %u certificates issued after the backup, %u "
	    "revocations missing from the store\n", t.unknown, t.unrevoked);
	rc = t.unknown + t.unrevoked > 0 ? 1 : 0;
out:
	castore_close(t.s);
	seen_free(&t.seen);
	X509_free(ca);
	return rc;
}
