/*
 * cadstart.h: what the signing daemon (cad.c) does as root before it
 * serves, each step a function: start the key process, give the store's
 * files and the pre-signed OCSP directory to the store user, load the
 * notice signer.  Each returns -1 after logging why.
 */
#ifndef CA_CADSTART_H
#define CA_CADSTART_H

#include <sys/types.h>

struct ca;
struct caconf;
struct privdrop_id;

/*
 * Starts the key process prog as root: casign -c dir -s ksock ...; its
 * monitor listens on ksock for store_user, and it signs as key_user.
 * The pid, or -1.
 */
pid_t	 cadstart_key_process(const char *prog, const char *dir,
	    const char *ksock, const struct caconf *conf,
	    const char *passfile, const char *pinfile,
	    const char *store_user, const char *key_user);
/* The pre-signed OCSP directory p, made if missing, goes to u, readable
 * by all (nginx serves it).  0 / -1. */
int	 cadstart_presigned_dir(const char *p, const struct privdrop_id *u);
/* The store moves into dir/db/ (u's) and dir/ca.db becomes a link to
 * it; dir/crl/ goes to u.  0 / -1. */
int	 cadstart_store_files(const char *dir, const struct privdrop_id *u);
/* Loads dir/notice/ (its certificate must come from ca->cert, match its
 * key and be valid now) into ca.  0 / -1. */
int	 cadstart_notice_signer(struct ca *ca, const char *dir);

#endif
