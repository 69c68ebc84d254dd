/*
 * cadstart.c: see cadstart.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/cadstart.h"
#include "lib/log.h"
#include "lib/privdrop.h"

/*
 * Loads the notice-signing certificate and key (CADIR/notice/), which
 * must come from this issuing CA, match, and be valid now.  0 / -1.
 */
int
cadstart_notice_signer(struct ca *ca, const char *dir)
{
	char		 path[PATH_MAX];
	FILE		*f;
	time_t		 end;

	snprintf(path, sizeof(path), "%s/notice/notice.crt", dir);
	if ((ca->notice_cert = cacert_read_pem(path)) == NULL) {
		log_err("no notice-signing certificate: run `cactl "
		    "notice-signer %s %s/notice`", dir, dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/notice/notice.key", dir);
	if ((f = fopen(path, "r")) == NULL ||
	    (ca->notice_key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) ==
	    NULL) {
		log_ssl("cad", "cannot read the notice-signing key");
		if (f != NULL)
			fclose(f);
		return -1;
	}
	fclose(f);
	if (X509_check_private_key(ca->notice_cert, ca->notice_key) != 1 ||
	    X509_check_issued(ca->cert, ca->notice_cert) != X509_V_OK ||
	    X509_cmp_current_time(X509_get0_notBefore(ca->notice_cert)) > 0 ||
	    X509_cmp_current_time(X509_get0_notAfter(ca->notice_cert)) < 0) {
		log_err("%s/notice: the notice-signing certificate does not "
		    "match its key, is not from this CA, or is not valid "
		    "now: run `cactl notice-signer %s %s/notice`", dir, dir,
		    dir);
		return -1;
	}
	if ((end = cacert_not_after(ca->notice_cert)) != -1 &&
	    end - time(NULL) < 30 * 86400)
		log_warn("the notice-signing certificate expires in less "
		    "than 30 days: renew it with `cactl notice-signer`");
	if ((ca->notice_chain = sk_X509_new_null()) == NULL ||
	    sk_X509_push(ca->notice_chain, ca->cert) == 0) {
		log_err("out of memory");
		return -1;
	}
	return 0;
}

/*
 * Starts the key process as root: casign -c dir -s ksock ...; its
 * monitor listens on ksock for this process's store user.  The pid, or
 * -1 (logged).
 */
pid_t
cadstart_key_process(const char *prog, const char *dir, const char *ksock,
    const struct caconf *conf, const char *passfile, const char *pinfile,
    const char *store_user, const char *key_user)
{
	const char	*argv[24];
	char		 fdarg[16];
	pid_t		 pid;
	int		 n = 0, life[2];

	argv[n++] = prog;
	argv[n++] = "-c";
	argv[n++] = dir;
	argv[n++] = "-s";
	argv[n++] = ksock;
	argv[n++] = "-o";
	argv[n++] = store_user;
	argv[n++] = "-u";
	argv[n++] = key_user;
	if (conf->key_uri[0] != '\0') {
		argv[n++] = "-K";
		argv[n++] = conf->key_uri;
		if (conf->key_module[0] != '\0') {
			argv[n++] = "-M";
			argv[n++] = conf->key_module;
		}
		if (pinfile != NULL) {
			argv[n++] = "-P";
			argv[n++] = pinfile;
		}
	} else if (passfile != NULL) {
		argv[n++] = "-p";
		argv[n++] = passfile;
	}
	/*
	 * A lifeline: the key process polls the read end, and sees its end
	 * of file when this process is gone (we may not signal it then).
	 */
	if (pipe(life) == -1 || fcntl(life[1], F_SETFD, FD_CLOEXEC) == -1) {
		log_err("pipe: %s", strerror(errno));
		return -1;
	}
	snprintf(fdarg, sizeof(fdarg), "%d", life[0]);
	argv[n++] = "-f";
	argv[n++] = fdarg;
	argv[n] = NULL;
	if ((pid = fork()) == -1) {
		log_err("fork: %s", strerror(errno));
		close(life[0]);
		close(life[1]);
		return -1;
	}
	if (pid == 0) {
		execv(prog, (char *const *)(uintptr_t)argv);
		log_err("cannot start the key process %s: %s", prog,
		    strerror(errno));
		_exit(127);
	}
	close(life[0]);		/* life[1] stays open until we exit */
	return pid;
}

/*
 * As root: the directory of the pre-signed OCSP responses, made if
 * missing, goes to the store user, readable by all (nginx serves it).
 * 0 / -1 logged.
 */
int
cadstart_presigned_dir(const char *p, const struct privdrop_id *u)
{
	int	 fd, rc = -1;

	/* Through a descriptor: a link planted at p is not followed. */
	if ((mkdir(p, 0755) == -1 && errno != EEXIST) ||
	    (fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) == -1) {
		log_err("%s: %s", p, strerror(errno));
		return -1;
	}
	if (fchown(fd, u->uid, u->gid) == 0 && fchmod(fd, 0755) == 0)
		rc = 0;
	else
		log_err("%s: %s", p, strerror(errno));
	close(fd);
	return rc;
}

/*
 * As root: the store's files go to its user.  The database moves into
 * CADIR/db/ (the user's own directory, where SQLite can create its WAL)
 * and CADIR/ca.db becomes a link to it, so that the store user never
 * owns CADIR itself (ca.conf, private/, notice/ stay root's).  0 / -1.
 */
int
cadstart_store_files(const char *dir, const struct privdrop_id *u)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char		 from[PATH_MAX], to[PATH_MAX], p[PATH_MAX];
	struct stat	 st;
	DIR		*dp;
	struct dirent	*de;
	size_t		 i;

	snprintf(p, sizeof(p), "%s/db", dir);
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		goto fail;
	if (chown(p, u->uid, u->gid) == -1 || chmod(p, 0700) == -1)
		goto fail;
	snprintf(from, sizeof(from), "%s/ca.db", dir);
	if (lstat(from, &st) == 0 && S_ISREG(st.st_mode)) {
		for (i = 0; i < 3; i++) {
			snprintf(from, sizeof(from), "%s/ca.db%s", dir, sfx[i]);
			snprintf(to, sizeof(to), "%s/db/ca.db%s", dir, sfx[i]);
			if (rename(from, to) == -1 && errno != ENOENT)
				goto fail;
		}
		snprintf(from, sizeof(from), "%s/ca.db", dir);
		if (symlink("db/ca.db", from) == -1)
			goto fail;
		log_info("moved the store into %s (%s is a link to it)", p,
		    from);
	}
	for (i = 0; i < 3; i++) {
		snprintf(to, sizeof(to), "%s/db/ca.db%s", dir, sfx[i]);
		if ((chown(to, u->uid, u->gid) == -1 ||
		    chmod(to, 0600) == -1) && errno != ENOENT)
			goto fail;
	}
	snprintf(p, sizeof(p), "%s/crl", dir);
	if (chown(p, u->uid, u->gid) == -1 && errno != ENOENT)
		goto fail;
	if ((dp = opendir(p)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (snprintf(to, sizeof(to), "%s/%s", p,
			    de->d_name) >= (int)sizeof(to) ||
			    chown(to, u->uid, u->gid) == -1) {
				closedir(dp);
				goto fail;
			}
		}
		closedir(dp);
	}
	return 0;
fail:
	log_err("cannot give the store's files in %s to %s: %s", dir,
	    u->name, strerror(errno));
	return -1;
}
