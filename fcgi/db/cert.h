/*
 * cert.h: the certificates applicants see (CA管理): adding, finding and
 * listing them by scope, their links to platforms, status moves,
 * replacements issued by 补办 and CA登录's lock-type rule.
 */
#ifndef FCGI_DB_CERT_H
#define FCGI_DB_CERT_H

#include <stddef.h>

#include "fcgi/db/db.h"
#include "fcgi/db/identity.h"

/* The holder of the certificate with this serial: the id, 0 if none, -1. */
long long appdb_cert_holder(struct appdb *, const char *serial_hex);

/*
 * The issuing CA of the certificate with this serial into ca (size sz):
 * "" for the service's first CA, else its name (fcgi/webca.h).  1 found,
 * 0 none, -1.
 */
int	 appdb_cert_ca(struct appdb *, const char *serial_hex, char *ca,
	    size_t sz);

/*
 * The newest valid, unexpired (at now) certificate of CA ca held by the
 * holder of the certificate serial_hex, into out (size sz): an
 * operator's certificate of another CA, which that CA can check as an
 * approver.  1 found, 0 none, -1.
 */
int	 appdb_cert_sibling(struct appdb *, const char *serial_hex,
	    const char *ca, long long now, char *out, size_t sz);

/* ---- certificates issued by `webctl demo-certs` ---- */

/*
 * A new row of CA管理 (table cert).  Text fields use the database
 * spellings, which the schema's CHECKs enforce.
 */
struct appdb_cert_new {
	const char	*serial_hex;	/* the daemon's serial, upper-case hex */
	const char	*cert_type;	/* "company" (企业证书, only with lock
					   type company_master) or "personal" */
	long long	 company;	/* 0 only for lock type "personal" */
	long long	 holder;	/* 持锁人 (person id) */
	const char	*vendor;	/* 证书厂商: "BJCA", "CFCA", ... */
	const char	*lock_type;	/* CA锁类别: "company_master",
					   "project_lead", "cost_engineer",
					   "personal" */
	const char	*media_vendor;	/* 介质服务商, or NULL */
	const char	*key_serial;	/* 数字证书(CA)锁序列号 */
	long long	 first_applied_at; /* 首次申请时间 */
	long long	 not_after;	/* 证书有效期至 */
	const char	*ca;		/* its issuing CA: NULL or "" the
					   first, else a name (webca.h) */
};

/* Adds a certificate row.  0 / -1 (refused: bad values, the serial is
 * taken, no such person or company); *id set on 0. */
int	 appdb_cert_add(struct appdb *, const struct appdb_cert_new *,
	    long long *id);

/*
 * The first certificate on the USB key key_serial, its serial copied into
 * serial_hex (sz bytes): the id, 0 if none, -1.
 */
long long appdb_cert_by_key_serial(struct appdb *, const char *key_serial,
	    char *serial_hex, size_t sz);

/*
 * Whose certificates a caller may see: company (0 = none: the 个人
 * identity) and holder (0 = any holder: administrators).  Both 0 is
 * refused.  Built from the chosen identity by fcgi/certs.c only.
 */
struct appdb_cert_scope {
	long long	 company;
	long long	 holder;
};

/* A certificate as CA管理 shows it. */
struct appdb_cert_row {
	long long	 id;
	long long	 company;		/* 0 = none */
	long long	 holder;		/* person id */
	char		 serial[41];		/* upper-case hex */
	char		 cert_type[16];		/* personal | company */
	char		 lock_type[16];		/* company_master | project_lead
						   | cost_engineer | personal */
	char		 status[16];		/* valid | reissuing | revoked
						   | expired (as stored) */
	char		 vendor[129];
	char		 media_vendor[257];
	char		 key_serial[257];
	long long	 first_applied_at;	/* 申请时间, UTC */
	long long	 not_after;		/* 到期时间, UTC */
	char		 holder_name[257];
	char		 company_name[513];	/* "" if none */
	char		 uscc[19];		/* "" if none */
};

/*
 * The number of certificates in scope matching search (NULL or "" for
 * all; matched as a substring of the holder's or company's name, the
 * serial, the key serial, the vendor, or the Chinese type names): the
 * number, or -1.
 */
long long appdb_cert_count(struct appdb *, const struct appdb_cert_scope *,
	    const char *search);

/*
 * Calls fn for at most limit certificates in scope matching search,
 * newest application first, skipping offset.  0 / -1.
 */
int	 appdb_cert_page(struct appdb *, const struct appdb_cert_scope *,
	    const char *search, long long limit, long long offset,
	    int (*fn)(void *, const struct appdb_cert_row *), void *arg);

/* Certificate id if it is in scope: 1 found, 0 none (or not in scope),
 * -1. */
int	 appdb_cert_find(struct appdb *, const struct appdb_cert_scope *,
	    long long id, struct appdb_cert_row *out);

/*
 * Calls fn(arg, platform id, name) for the platforms cert is linked to
 * (linked = 1) or for the enabled platforms it is not linked to yet
 * (linked = 0), by id.  0 / -1.
 */
int	 appdb_cert_links(struct appdb *, long long cert, int linked,
	    int (*fn)(void *, long long, const char *), void *arg);

/* Links cert to an enabled platform: 1 changed, 0 nothing changed (not
 * linkable or already linked), -1. */
int	 appdb_cert_link(struct appdb *, long long cert, long long platform);

/* Sets cert's status to `to` if it is `from`: 1 changed, 0 nothing
 * changed (it was not), -1. */
int	 appdb_cert_status_move(struct appdb *, long long cert,
	    const char *from, const char *to);

/* ---- replacements issued by 补办 (fcgi/opsissue.c) ---- */

/* The serial of certificate cert into serial_hex: 1 found, 0 none, -1. */
int	 appdb_cert_serial(struct appdb *, long long cert, char *serial_hex,
	    size_t sz);

/* The certificate that replaced old_cert (its serial copied into
 * serial_hex): the id, 0 if none, -1. */
long long appdb_cert_replacement(struct appdb *, long long old_cert,
	    char *serial_hex, size_t sz);

/* A replacement as the daemon issued it. */
struct appdb_cert_repl {
	long long	 old_cert;	/* the row it replaces */
	const char	*serial_hex;	/* the new serial, upper-case hex */
	const char	*media_vendor;	/* 介质服务商, NULL: the old one's */
	const char	*key_serial;	/* 数字证书(CA)锁序列号, 1-64 */
	long long	 not_after;	/* the new certificate's notAfter */
};

/*
 * Adds the replacement row (same holder, company, type, vendor, lock
 * type and 首次申请时间 as the old row; its platforms copied), linked to
 * the old row, which becomes 'revoked'.  Idempotent: if old_cert already
 * has this replacement, *new_id gets it and nothing changes.  Call it
 * inside the caller's transaction.  0 / -1 (refused: no such row, bad
 * values, a serial that is taken, or old_cert already replaced by
 * another serial); *new_id set on 0.
 */
int	 appdb_cert_replace(struct appdb *, const struct appdb_cert_repl *,
	    long long *new_id);

/* ---- CA登录's lock-type rule (fcgi/calogin.c) ---- */

/* What a certificate row says about its key. */
struct appdb_cert_lock {
	long long	 holder;	/* 持锁人 (person id) */
	long long	 company;	/* 0 for a 个人锁 */
	enum appdb_role	 role;		/* the role its lock type implies:
					   单位(机构)主锁 admin, 项目负责人锁
					   project_lead, 造价师锁
					   cost_engineer, 个人锁 personal;
					   APPDB_ROLE__MAX if unknown */
};

/* The certificate with this serial: 1 found, 0 none, -1. */
int	 appdb_cert_lock(struct appdb *, const char *serial_hex,
	    struct appdb_cert_lock *out);

#endif
