/*
 * webctl.c: the administrators' command line for the web application's
 * database.
 *
 *   webctl [-d DB] COMMAND [ARGS...]
 *
 * DB is -d, else var/app.db: a SQLite file, or a PostgreSQL connection
 * string (appdb_where_pg), which messages show without its password
 * (backup refuses it: PostgreSQL has its own tools).  Commands live in
 * one table; each has
 * --help.  Only migrate and demo create a missing database.  Output is on
 * stdout; errors are one line on stderr (from the log) and a non-zero
 * exit status: 1 for a failure, 2 for a usage error.
 *
 * demo-certs is the one command that talks to the signing daemon (through
 * fcgi/caclient.c, like the workers) and the one that makes keys: the
 * demo applicants' own EC P-256 keys, as a USB key would, never the CA's.
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

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "fcgi/appdb.h"
#include "fcgi/caclient.h"
#include "fcgi/pwhash.h"
#include "fcgi/webctlbackup.h"
#include "fcgi/webctldemo.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define DEFAULT_DB		"var/app.db"
#define DEFAULT_NOTICE_PORT	18090
#define DEMO_PASSWORD		"Demo@2026"
#define DEFAULT_CA_SOCKET	"var/run/cad.sock"
#define DEFAULT_CERT_DIR	"var/demo-certs"

/* The database as messages name it: a connection string without its
 * password (appdb_describe). */
static char	shown[512];

static int	cmd_migrate(const char *, int, char **);
static int	cmd_demo(const char *, int, char **);
static int	cmd_status(const char *, int, char **);
static int	cmd_audit_verify(const char *, int, char **);
static int	cmd_demo_certs(const char *, int, char **);
static int	cmd_operator(const char *, int, char **);
static int	cmd_office_link(const char *, int, char **);

static const struct cmd {
	const char	*name;
	int		(*fn)(const char *, int, char **);
	const char	*usage;
	const char	*help;
} cmds[] = {
	{ "migrate", cmd_migrate, "migrate",
	    "create or upgrade the database; print its schema version" },
	{ "demo", cmd_demo, "demo [--notice-port N]",
	    "load the fictional demo data (idempotent); print the logins" },
	{ "status", cmd_status, "status", "print the row counts" },
	{ "audit-verify", cmd_audit_verify, "audit-verify",
	    "check the hash chain of the audit log" },
	{ "demo-certs", cmd_demo_certs,
	    "demo-certs [--ca-socket SOCK] [--ca NAME=SOCK]... [--out DIR]",
	    "issue the demo people's certificates through the signing daemon "
	    "(idempotent); write their keys for CA登录" },
	{ "operator", cmd_operator, "operator MOBILE OFFICE | --disable MOBILE",
	    "make a registered person an operator of the office with this "
	    "code (or move them), or stop them acting as one" },
	{ "office-link", cmd_office_link, "office-link OFFICE URL | "
	    "--clear OFFICE",
	    "set the web address where the office takes CA主锁申请, "
	    "CA个人锁申请, CA延期年检 and 更新数字证书 (shown on their pages "
	    "under CA管理), or clear it" },
	{ "backup", webctl_backup, "backup DIR",
	    "copy the database while the service runs, with a manifest "
	    "of SHA-256 sums" },
	{ "restore", webctl_restore, "restore BACKUP FILE",
	    "check a backup and restore it as a new database file" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: webctl [-d DB] COMMAND [ARGS...]\n"
	    "DB is a SQLite file (default " DEFAULT_DB ") or a PostgreSQL "
	    "connection string (postgresql://... or \"dbname=...\"); "
	    "commands (webctl COMMAND --help for details):\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-14s %s\n", cmds[i].name, cmds[i].help);
}

static int
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

/*
 * Handles the arguments of a command that takes none: returns 0 after
 * printing its help, 2 for anything else, -1 if there was nothing.
 */
static int
no_args(const struct cmd *c, int argc, char **argv)
{
	if (argc == 1)
		return -1;
	if (argc == 2 && is_help(argv[1])) {
		printf("usage: webctl [-d DB] %s\n%s\n", c->usage, c->help);
		return 0;
	}
	fprintf(stderr, "usage: webctl [-d DB] %s\n", c->usage);
	return 2;
}

/* Opens an existing database (status and audit-verify never create). */
static struct appdb *
open_existing(const char *path)
{
	if (!appdb_where_pg(path) && access(path, F_OK) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	return appdb_open(path);
}

static int
cmd_migrate(const char *path, int argc, char **argv)
{
	struct appdb	*db;
	int		 rc;

	if ((rc = no_args(&cmds[0], argc, argv)) != -1)
		return rc;
	if ((db = appdb_open(path)) == NULL)
		return 1;
	printf("%s: schema version %d\n", shown, appdb_version(db));
	appdb_close(db);
	return 0;
}

/* Parses a TCP port 1-65535.  0 / -1. */
static int
parse_port(const char *s, int *port)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int
cmd_demo(const char *path, int argc, char **argv)
{
	const struct webctl_demo_login	*l;
	struct appdb			*db = NULL;
	char				*pw = NULL;
	const char			*arg;
	size_t				 i, n;
	int				 port = DEFAULT_NOTICE_PORT, changed;
	int				 a, rc = 1;

	for (a = 1; a < argc; a++) {
		arg = NULL;
		if (is_help(argv[a])) {
			printf("usage: webctl [-d DB] %s\n%s.\n"
			    "Linked platforms get notice URLs "
			    "http://127.0.0.1:N/notice/1..5 (default N = %d)."
			    "\nEvery demo account's password is %s.\n",
			    cmds[1].usage, cmds[1].help, DEFAULT_NOTICE_PORT,
			    DEMO_PASSWORD);
			return 0;
		}
		if (strncmp(argv[a], "--notice-port=", 14) == 0)
			arg = argv[a] + 14;
		else if (strcmp(argv[a], "--notice-port") == 0 &&
		    a + 1 < argc)
			arg = argv[++a];
		if (arg == NULL || parse_port(arg, &port) == -1) {
			fprintf(stderr, "usage: webctl [-d DB] %s\n",
			    cmds[1].usage);
			return 2;
		}
	}
	if ((pw = pwhash_make(DEMO_PASSWORD)) == NULL ||
	    (db = appdb_open(path)) == NULL)
		goto out;
	if (webctl_demo_load(db, port, pw, "webctl", &changed) == -1) {
		log_err("%s: demo data not loaded; nothing was changed", shown);
		goto out;
	}
	if (changed > 0)
		printf("demo data loaded into %s: %d rows added\n", shown,
		    changed);
	else
		printf("demo data already in %s: nothing changed\n", shown);
	printf("demo logins (password %s for every account; accounts that "
	    "existed before keep their password):\n", DEMO_PASSWORD);
	l = webctl_demo_logins(&n);
	for (i = 0; i < n; i++)
		printf("  %s  %s  %s\n", l[i].mobile, l[i].name,
		    l[i].identities);
	rc = 0;
out:
	appdb_close(db);
	free(pw);
	return rc;
}

static int
cmd_status(const char *path, int argc, char **argv)
{
	struct appdb		*db;
	struct appdb_counts	 c;
	int			 rc;

	if ((rc = no_args(&cmds[2], argc, argv)) != -1)
		return rc;
	if ((db = open_existing(path)) == NULL)
		return 1;
	rc = 1;
	if (appdb_counts(db, &c) == 0) {
		printf("%s: schema version %d: %lld people, %lld companies, "
		    "%lld identities, %lld platforms, %lld offices, "
		    "%lld certificates, %lld products, %lld audit records\n",
		    shown, c.version, c.person, c.company, c.membership,
		    c.platform, c.office, c.cert, c.product, c.audit);
		rc = 0;
	}
	appdb_close(db);
	return rc;
}

static int
cmd_audit_verify(const char *path, int argc, char **argv)
{
	struct appdb		*db;
	struct appdb_counts	 c;
	long long		 bad;
	int			 rc;

	if ((rc = no_args(&cmds[3], argc, argv)) != -1)
		return rc;
	if ((db = open_existing(path)) == NULL)
		return 1;
	rc = 1;
	if (appdb_audit_verify(db, &bad) == 1 && appdb_counts(db, &c) == 0) {
		printf("%s: audit log intact: %lld records\n", shown, c.audit);
		rc = 0;
	} else if (bad != 0)
		log_err("%s: audit log broken at record %lld", shown, bad);
	appdb_close(db);
	return rc;
}

/* ---- demo-certs ------------------------------------------------------- */

/*
 * Staff that demo-certs adds to the demo companies so that CA管理 has a
 * realistic list (more than one page for company 0's administrator).
 * They have no password: they log in with CA登录 (or set one with 忘记密码).
 */
static const struct demo_staff {
	const char	*mobile;
	const char	*name;
	int		 company;	/* index in webctl_demo_companies() */
	enum appdb_role	 role;
} demo_staff[] = {
	{ "13900000011", "周演示", 0, APPDB_ROLE_PROJECT_LEAD },
	{ "13900000012", "吴演示", 0, APPDB_ROLE_COST_ENGINEER },
	{ "13900000013", "郑演示", 0, APPDB_ROLE_PROJECT_LEAD },
	{ "13900000014", "冯演示", 0, APPDB_ROLE_COST_ENGINEER },
	{ "13900000015", "陈演示", 0, APPDB_ROLE_PROJECT_LEAD },
	{ "13900000016", "褚演示", 0, APPDB_ROLE_PROJECT_LEAD },
	{ "13900000017", "卫演示", 0, APPDB_ROLE_COST_ENGINEER },
	{ "13900000018", "蒋演示", 0, APPDB_ROLE_PROJECT_LEAD },
	{ "13900000019", "沈演示", 0, APPDB_ROLE_COST_ENGINEER },
	{ "13900000020", "韩演示", 0, APPDB_ROLE_PROJECT_LEAD },
};

/*
 * The demo certificates.  The holder has role in company (-1: 个人); the
 * role decides the lock type.  key_serial (数字证书(CA)锁序列号) names
 * the certificate for idempotency: a row with it means "already done".
 * platforms: bit i links demo platform i (3 to 5 of the five).
 */
static const struct demo_cert {
	const char	*mobile;
	int		 company;
	enum appdb_role	 role;
	const char	*vendor;	/* 证书厂商 */
	const char	*media;		/* 介质服务商 */
	const char	*key_serial;
	unsigned	 platforms;
	int		 applied_days;	/* 首次申请: days ago */
	int		 valid_days;	/* 有效期至: days from now */
} demo_cert[] = {
	{ "13900000001", 0, APPDB_ROLE_ADMIN, "BJCA", "金科",
	    "JK2021030001", 0x1f, 1480, 650 },
	{ "13900000002", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2022050017", 0x0b, 1130, 420 },
	{ "13900000011", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2022080032", 0x07, 1040, 330 },
	{ "13900000012", 0, APPDB_ROLE_COST_ENGINEER, "BJCA", "握奇",
	    "WQ2022110208", 0x19, 950, 240 },
	{ "13900000013", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2023020045", 0x0e, 860, 510 },
	{ "13900000014", 0, APPDB_ROLE_COST_ENGINEER, "BJCA", "握奇",
	    "WQ2023040311", 0x15, 800, 45 },
	{ "13900000015", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "金科",
	    "JK2023070126", 0x1f, 700, 700 },
	{ "13900000016", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2023100059", 0x13, 610, 760 },
	{ "13900000017", 0, APPDB_ROLE_COST_ENGINEER, "BJCA", "握奇",
	    "WQ2024010427", 0x1c, 520, 840 },
	{ "13900000018", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "金科",
	    "JK2024040233", 0x0f, 430, 900 },
	{ "13900000019", 0, APPDB_ROLE_COST_ENGINEER, "BJCA", "握奇",
	    "WQ2024080519", 0x1a, 310, 960 },
	{ "13900000020", 0, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2025010071", 0x07, 170, 1000 },
	{ "13900000003", 1, APPDB_ROLE_ADMIN, "BJCA", "金科",
	    "JK2022010305", 0x1f, 1210, 590 },
	{ "13900000004", 1, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2023060088", 0x0d, 730, 380 },
	{ "13900000005", 1, APPDB_ROLE_PROJECT_LEAD, "CFCA", "飞天诚信",
	    "FT2024030094", 0x16, 470, 620 },
	{ "13900000005", -1, APPDB_ROLE_PERSONAL, "CFCA", "金科",
	    "JK2024090412", 0x07, 260, 1030 },
	/* The operators' own certificates, for CA登录 to the operator
	 * pages (no linked platforms). */
	{ "13900000101", -1, APPDB_ROLE_PERSONAL, "CFCA", "金科",
	    "OP2025010101", 0x00, 300, 700 },
	{ "13900000102", -1, APPDB_ROLE_PERSONAL, "CFCA", "金科",
	    "OP2025010102", 0x00, 300, 700 },
	{ "13900000103", -1, APPDB_ROLE_PERSONAL, "CFCA", "金科",
	    "OP2025010103", 0x00, 300, 700 },
};

/* Lock type (CA锁类别) and its page name, by the holder's role. */
static const struct {
	const char	*lock;
	const char	*label;
} demo_lock[APPDB_ROLE__MAX] = {
	/* APPDB_ROLE_ADMIN */
	{ "company_master", "单位(机构)主锁" },
	/* APPDB_ROLE_PROJECT_LEAD */
	{ "project_lead", "项目负责人锁" },
	/* APPDB_ROLE_COST_ENGINEER */
	{ "cost_engineer", "造价师锁" },
	/* APPDB_ROLE_PERSONAL */
	{ "personal", "个人锁" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Writes len bytes to path with mode, through a temporary file that is
 * synced and renamed, so a crash leaves the old file or the new one.
 * 0 / -1 (logged).
 */
static int
write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char		 tmp[PATH_MAX + 8];
	const char	*p = data;
	ssize_t		 w;
	int		 fd, rc = -1;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >=
	    sizeof(tmp)) {
		log_err("%s: path too long", path);
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode)) == -1) {
		log_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) == -1)
		goto out;
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		log_err("%s: %s", tmp, strerror(errno));
	if (close(fd) == -1 && rc == 0) {
		log_err("%s: %s", tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) == -1) {
		log_err("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == -1)
		unlink(tmp);
	return rc;
}

/* Writes what the memory BIO b holds to path with mode.  0 / -1. */
static int
write_bio(const char *path, BIO *b, mode_t mode)
{
	char	*data;
	long	 n;

	if ((n = BIO_get_mem_data(b, &data)) <= 0) {
		log_ssl("webctl", "nothing to write");
		return -1;
	}
	return write_file(path, data, (size_t)n, mode);
}

/*
 * The applicant's key in path: read if the file exists (a run that
 * stopped half-way made it), else a new EC P-256 key written there with
 * mode 0600.  Returns the key (caller frees) or NULL (logged).
 */
static EVP_PKEY *
demo_key(const char *path)
{
	EVP_PKEY	*k = NULL;
	BIO		*b = NULL;

	if (access(path, F_OK) == 0) {
		if ((b = BIO_new_file(path, "r")) == NULL ||
		    (k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)) ==
		    NULL)
			log_ssl("webctl", path);
		BIO_free(b);
		return k;
	}
	if ((k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL) {
		log_ssl("webctl", "EC P-256 key generation");
		return NULL;
	}
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL) != 1 ||
	    write_bio(path, b, 0600) == -1) {
		log_ssl("webctl", "cannot save the new key");
		EVP_PKEY_free(k);
		k = NULL;
	}
	BIO_free(b);
	return k;
}

/*
 * A PKCS#10 request for key with subject CN=cn, DER-encoded into *der
 * (OPENSSL_malloc'd, caller frees with OPENSSL_free).  Returns its length,
 * or 0 (logged).  The daemon uses only its key; the subject is its own.
 */
static size_t
demo_csr(EVP_PKEY *key, const char *cn, unsigned char **der)
{
	X509_REQ	*r;
	X509_NAME	*n;
	int		 len = 0;

	*der = NULL;
	if ((r = X509_REQ_new()) == NULL ||
	    (n = X509_REQ_get_subject_name(r)) == NULL ||
	    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_REQ_set_version(r, 0) != 1 ||
	    X509_REQ_set_pubkey(r, key) != 1 ||
	    sm2_req_sign(r, key) == -1 ||
	    (len = i2d_X509_REQ(r, der)) <= 0) {
		log_ssl("webctl", "cannot make the certificate request");
		len = 0;
	}
	X509_REQ_free(r);
	return (size_t)len;
}

/*
 * Writes base.crt (PEM) and base.p12 (key + certificate, password
 * DEMO_PASSWORD, mode 0600) for x and key.  0 / -1 (logged).
 */
static int
demo_write(const char *base, X509 *x, EVP_PKEY *key, const char *friendly)
{
	char		 path[PATH_MAX + 8];
	BIO		*b = NULL;
	PKCS12		*p12 = NULL;
	int		 rc = -1;

	snprintf(path, sizeof(path), "%s.crt", base);
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509(b, x) != 1 || write_bio(path, b, 0644) == -1)
		goto out;
	BIO_free(b);
	snprintf(path, sizeof(path), "%s.p12", base);
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    (p12 = PKCS12_create(DEMO_PASSWORD, friendly, key, x, NULL, 0, 0,
	    0, 0, 0)) == NULL || i2d_PKCS12_bio(b, p12) != 1 ||
	    write_bio(path, b, 0600) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		log_ssl("webctl", base);
	PKCS12_free(p12);
	BIO_free(b);
	return rc;
}

/*
 * Adds the demo staff that are missing (people and their roles) in one
 * transaction with one audit record.  *added counts the rows.  0 / -1.
 */
static int
demo_staff_load(struct appdb *db, const long long *company, int *added)
{
	const struct demo_staff	*st;
	char			 detail[64];
	long long		 person, m;
	size_t			 i;

	*added = 0;
	if (appdb_begin(db) == -1)
		return -1;
	for (i = 0; i < NELEM(demo_staff); i++) {
		st = &demo_staff[i];
		if ((person = appdb_person_id(db, st->mobile)) == -1)
			goto fail;
		if (person == 0) {
			if (appdb_person_add(db, st->mobile, st->name, NULL,
			    &person) == -1)
				goto fail;
			(*added)++;
		}
		if ((m = appdb_membership_id(db, person,
		    company[st->company], st->role)) == -1)
			goto fail;
		if (m == 0) {
			if (appdb_membership_add(db, person,
			    company[st->company], st->role, NULL) == -1)
				goto fail;
			(*added)++;
		}
	}
	if (*added > 0) {
		snprintf(detail, sizeof(detail), "demo staff: %d rows added",
		    *added);
		if (appdb_audit(db, "webctl", "demo.staff", detail) == -1)
			goto fail;
	}
	if (appdb_commit(db) == -1)
		goto fail;
	return 0;
fail:
	appdb_rollback(db);
	*added = 0;
	return -1;
}

/* What demo_cert_one() needs besides the row. */
struct demo_env {
	struct appdb			*db;
	const char			*sock;	/* the first CA's */
	/* Other issuing CAs (--ca NAME=SOCK): a demo certificate of a
	 * vendor one of them has is issued there. */
	struct {
		const char	*name, *sock;
		char		 vendor[64];
	}				 ca[8];
	size_t				 nca;
	const char			*dir;
	const struct appdb_company	*co;	/* the demo companies */
	const long long			*company;	/* their ids */
	const char *const		*plat;	/* demo platform names */
	size_t				 nplat;
	time_t				 now;
};

/* Prints one line of the list (ASCII columns first: CJK widths vary). */
static void
demo_line(const char *base, const char *serial, const struct demo_cert *d,
    const char *name, const struct demo_env *e, const char *note)
{
	printf("  %-13s  %-32s  %-4s  %s %s @ %s%s\n", strrchr(base, '/') + 1,
	    serial, d->vendor, name, demo_lock[d->role].label,
	    d->company < 0 ? "个人" : e->co[d->company].name, note);
}

/*
 * Makes demo certificate d, the n-th of its holder, unless the app
 * database has it already (*made = 0).  Order: key file, ISSUE (order
 * id "demo-KEYSERIAL", so a retry gets the same certificate back),
 * certificate files, then the app-database rows in one transaction with
 * one audit record.  A run stopped anywhere can be repeated.  Prints one
 * line.  0 / -1 (logged).
 */
static int
demo_cert_one(const struct demo_env *e, const struct demo_cert *d, int n,
    int *made)
{
	struct caclient_issue	 iss;
	struct appdb_cert_new	 row;
	const char		*plat[8], *org, *sn, *sock;
	char			 base[PATH_MAX], path[PATH_MAX + 8];
	char			 serial[41], order[80], err[256], detail[256];
	char			 mobile[32], name[65], friendly[200];
	unsigned char		*csr = NULL, *der = NULL;
	const unsigned char	*p;
	size_t			 csr_len, der_len, np = 0, i;
	long long		 holder, cid, cert_id, pid;
	EVP_PKEY		*key = NULL;
	X509			*x = NULL;
	int			 r, rc = -1;

	*made = 0;
	memset(&row, 0, sizeof(row));
	cid = d->company < 0 ? 0 : e->company[d->company];
	if ((holder = appdb_person_id(e->db, d->mobile)) == -1)
		return -1;
	if (holder == 0 || appdb_person_get(e->db, holder, mobile,
	    sizeof(mobile), name, sizeof(name)) != 1) {
		log_err("demo person %s is missing: run webctl demo first",
		    d->mobile);
		return -1;
	}
	if ((r = appdb_membership_id(e->db, holder, cid, d->role)) <= 0) {
		if (r == 0)
			log_err("%s has no %s role there: run webctl demo "
			    "first", d->mobile, appdb_role_name(d->role));
		return -1;
	}
	snprintf(base, sizeof(base), "%s/%s-%d", e->dir, d->mobile, n);
	if ((cert_id = appdb_cert_by_key_serial(e->db, d->key_serial, serial,
	    sizeof(serial))) == -1)
		return -1;
	if (cert_id > 0) {
		demo_line(base, serial, d, name, e, " (already there)");
		return 0;
	}

	snprintf(path, sizeof(path), "%s.key", base);
	if ((key = demo_key(path)) == NULL ||
	    (csr_len = demo_csr(key, name, &csr)) == 0)
		goto out;
	org = d->company < 0 ? "个人" : e->co[d->company].name;
	sn = d->company < 0 ? d->mobile : e->co[d->company].uscc;
	for (i = 0; i < e->nplat && i < NELEM(plat); i++)
		if (d->platforms & (1u << i))
			plat[np++] = e->plat[i];
	snprintf(order, sizeof(order), "demo-%s", d->key_serial);
	for (i = 0; i < e->nca; i++)
		if (strcmp(e->ca[i].vendor, d->vendor) == 0)
			break;
	sock = i < e->nca ? e->ca[i].sock : e->sock;
	row.ca = i < e->nca ? e->ca[i].name : "";
	memset(&iss, 0, sizeof(iss));
	iss.actor = "webctl";
	iss.order_id = order;
	iss.org = org;
	/* The 单位(机构)主锁 carries its lock type as OU: the signing
	 * daemon's dual control (ca.conf dual_control_ou) follows it. */
	iss.ou = d->role == APPDB_ROLE_ADMIN ? demo_lock[d->role].label : "";
	iss.cn = name;
	iss.sn = sn;
	iss.not_after = (long long)e->now + (long long)d->valid_days * 86400;
	iss.csr = csr;
	iss.csr_len = csr_len;
	iss.platforms = plat;
	iss.nplatforms = np;
	if ((r = caclient_issue(sock, &iss, serial, &der, &der_len, err,
	    sizeof(err))) != 0) {
		if (r == 1)
			log_err("the daemon refused %s: %s", d->key_serial,
			    err);
		goto out;
	}
	p = der;
	if ((x = d2i_X509(NULL, &p, (long)der_len)) == NULL ||
	    X509_check_private_key(x, key) != 1) {
		log_ssl("webctl", "the issued certificate does not match the "
		    "key (was the key file removed after an earlier run?)");
		goto out;
	}
	snprintf(friendly, sizeof(friendly), "%s %s (%s)", name,
	    demo_lock[d->role].label, org);
	if (demo_write(base, x, key, friendly) == -1)
		goto out;

	row.serial_hex = serial;
	row.cert_type = d->role == APPDB_ROLE_ADMIN ? "company" : "personal";
	row.company = cid;
	row.holder = holder;
	row.vendor = d->vendor;
	row.lock_type = demo_lock[d->role].lock;
	row.media_vendor = d->media;
	row.key_serial = d->key_serial;
	row.first_applied_at = (long long)e->now -
	    (long long)d->applied_days * 86400;
	row.not_after = iss.not_after;
	snprintf(detail, sizeof(detail), "serial=%s holder=%lld company=%lld "
	    "lock=%s key=%s platforms=%zu", serial, holder, cid,
	    row.lock_type, d->key_serial, np);
	if (appdb_begin(e->db) == -1)
		goto out;
	if (appdb_cert_add(e->db, &row, &cert_id) == -1)
		goto rollback;
	for (i = 0; i < np; i++) {
		if ((pid = appdb_platform_id(e->db, plat[i])) <= 0) {
			if (pid == 0)
				log_err("platform %s is missing: run webctl "
				    "demo first", plat[i]);
			goto rollback;
		}
		if (appdb_cert_link(e->db, cert_id, pid) != 1)
			goto rollback;
	}
	if (appdb_audit(e->db, "webctl", "cert.demo", detail) == -1 ||
	    appdb_commit(e->db) == -1)
		goto rollback;
	demo_line(base, serial, d, name, e, "");
	*made = 1;
	rc = 0;
	goto out;
rollback:
	appdb_rollback(e->db);
out:
	X509_free(x);
	EVP_PKEY_free(key);
	OPENSSL_free(csr);
	free(der);
	return rc;
}

static int
cmd_demo_certs(const char *path, int argc, char **argv)
{
	const struct cmd	*c = &cmds[4];
	struct demo_env		 e;
	struct appdb		*db = NULL;
	long long		 company[8];
	const char		*sock = getenv("CA_SOCKET"), *dir = NULL;
	char			*eq, name[64];
	size_t			 i, nco;
	int			 a, n, j, made, nmade = 0, staff, rc = 1;
	int			 issuing;

	if (sock == NULL || *sock == '\0')
		sock = DEFAULT_CA_SOCKET;
	dir = DEFAULT_CERT_DIR;
	memset(&e, 0, sizeof(e));
	for (a = 1; a < argc; a++) {
		if (is_help(argv[a])) {
			printf("usage: webctl [-d DB] %s\n%s.\n"
			    "For each demo identity, a certificate as on a "
			    "USB key: 单位(机构)主锁 for\n"
			    "administrators, 项目负责人锁 / 造价师锁 for "
			    "staff, 个人锁 for 个人.  Adds demo\n"
			    "staff so that CA管理 has more than one page.  "
			    "Needs `webctl demo` first and\n"
			    "the daemon at SOCK (default $CA_SOCKET, else "
			    "%s).\n"
			    "--ca adds an issuing CA (cactl ca add) whose "
			    "daemon is at SOCK: the demo\n"
			    "certificates of its vendor (证书厂商) are issued "
			    "there.\n"
			    "Writes DIR/MOBILE-N.key (0600), .crt and .p12 "
			    "(0600, password %s);\n"
			    "DIR defaults to %s.  A second run adds "
			    "nothing.\n", c->usage, c->help,
			    DEFAULT_CA_SOCKET, DEMO_PASSWORD,
			    DEFAULT_CERT_DIR);
			return 0;
		}
		if (a + 1 < argc && strcmp(argv[a], "--ca-socket") == 0)
			sock = argv[++a];
		else if (a + 1 < argc && strcmp(argv[a], "--out") == 0)
			dir = argv[++a];
		else if (a + 1 < argc && strcmp(argv[a], "--ca") == 0 &&
		    e.nca < NELEM(e.ca) && (eq = strchr(argv[a + 1], '=')) !=
		    NULL) {
			*eq = '\0';
			e.ca[e.nca].name = argv[++a];
			e.ca[e.nca++].sock = eq + 1;
		}
		else {
			fprintf(stderr, "usage: webctl [-d DB] %s\n",
			    c->usage);
			return 2;
		}
	}
	e.co = webctl_demo_companies(&nco);
	e.plat = webctl_demo_platforms(&e.nplat);
	if (nco > NELEM(company))
		return 1;
	if ((db = open_existing(path)) == NULL)
		return 1;
	for (i = 0; i < nco; i++) {
		if ((company[i] = appdb_company_id(db, e.co[i].uscc)) == -1)
			goto out;
		if (company[i] == 0) {
			log_err("%s: no demo data (company %s): run webctl "
			    "demo first", shown, e.co[i].uscc);
			goto out;
		}
	}
	if (caclient_ping(sock) == -1) {
		log_err("the signing daemon does not answer on %s", sock);
		goto out;
	}
	for (i = 0; i < e.nca; i++)
		if (caclient_status(e.ca[i].sock, name, sizeof(name),
		    e.ca[i].vendor, sizeof(e.ca[i].vendor), &issuing) == -1) {
			log_err("CA %s does not answer on %s", e.ca[i].name,
			    e.ca[i].sock);
			goto out;
		}
	if (strlen(dir) > PATH_MAX - 64) {
		log_err("%s: path too long", dir);
		goto out;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_err("%s: %s", dir, strerror(errno));
		goto out;
	}
	if (demo_staff_load(db, company, &staff) == -1)
		goto out;
	e.db = db;
	e.sock = sock;
	e.dir = dir;
	e.company = company;
	e.now = time(NULL);
	printf("demo certificates in %s (file, serial, vendor, holder, "
	    "lock @ identity):\n", dir);
	for (i = 0; i < NELEM(demo_cert); i++) {
		for (n = 1, j = 0; j < (int)i; j++)
			if (strcmp(demo_cert[j].mobile, demo_cert[i].mobile) ==
			    0)
				n++;
		if (demo_cert_one(&e, &demo_cert[i], n, &made) == -1)
			goto out;
		nmade += made;
	}
	/* The operators approve reissues (ca/caops.c): each other CA needs
	 * a certificate of its own for each of them (fcgi/webca.h). */
	for (i = 0; i < NELEM(demo_cert); i++) {
		struct demo_cert	 d = demo_cert[i];
		char			 ks[64];

		if (strncmp(d.key_serial, "OP", 2) != 0)
			continue;
		for (j = 0; j < (int)e.nca; j++) {
			if (e.ca[j].vendor[0] == '\0')
				continue;
			snprintf(ks, sizeof(ks), "%s-%s", demo_cert[i].key_serial,
			    e.ca[j].name);
			d.vendor = e.ca[j].vendor;
			d.key_serial = ks;
			if (demo_cert_one(&e, &d, 2 + j, &made) == -1)
				goto out;
			nmade += made;
		}
	}
	if (nmade > 0 || staff > 0)
		printf("%d certificates issued, %d staff rows added.\n", nmade,
		    staff);
	else
		printf("all demo certificates were already there: nothing "
		    "changed.\n");
	printf("CA登录: curl --cert FILE.crt --key FILE.key, or import "
	    "FILE.p12 (password %s)\ninto the browser and trust the demo CA "
	    "(ca/chain.pem).\n", DEMO_PASSWORD);
	rc = 0;
out:
	appdb_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	const char	*path = DEFAULT_DB;
	size_t		 i;
	int		 ch;

	log_init("webctl");
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	while ((ch = getopt(argc, argv, "+d:h")) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	appdb_describe(path, shown, sizeof(shown));
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[0], cmds[i].name) == 0)
			return cmds[i].fn(path, argc, argv);
	fprintf(stderr, "webctl: unknown command %s\n", argv[0]);
	usage(stderr);
	return 2;
}

/* ---- operator -------------------------------------------------------- */

static int
cmd_operator(const char *path, int argc, char **argv)
{
	const struct cmd	*c = &cmds[5];
	struct appdb		*db;
	const char		*mobile, *office = NULL;
	char			 detail[128];
	long long		 person, oid = 0;
	int			 disable = 0, k, rc = 1;

	if (argc == 2 && is_help(argv[1])) {
		printf("usage: webctl [-d DB] %s\n%s.\nOperators log in with "
		    "their client certificate (CA登录) only; OFFICE is an "
		    "office code (shenyang, dalian).\n", c->usage, c->help);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--disable") == 0) {
		disable = 1;
		mobile = argv[2];
	} else if (argc == 3 && argv[1][0] != '-') {
		mobile = argv[1];
		office = argv[2];
	} else {
		fprintf(stderr, "usage: webctl [-d DB] %s\n", c->usage);
		return 2;
	}
	if ((db = open_existing(path)) == NULL)
		return 1;
	if ((person = appdb_person_id(db, mobile)) <= 0) {
		if (person == 0)
			fprintf(stderr, "webctl: %s has no account: register "
			    "it first\n", mobile);
		goto out;
	}
	if (!disable && (oid = appdb_office_id(db, office)) <= 0) {
		if (oid == 0)
			fprintf(stderr, "webctl: no office with code %s\n",
			    office);
		goto out;
	}
	if (appdb_begin(db) == -1)
		goto out;
	if (disable) {
		if ((k = appdb_operator_disable(db, person)) != 1) {
			appdb_rollback(db);
			if (k == 0) {
				printf("%s is not an active operator: nothing "
				    "changed\n", mobile);
				rc = 0;
			}
			goto out;
		}
		snprintf(detail, sizeof(detail), "person %lld (%s) disabled",
		    person, mobile);
	} else {
		if (appdb_operator_add(db, person, oid) == -1) {
			appdb_rollback(db);
			goto out;
		}
		snprintf(detail, sizeof(detail), "person %lld (%s) at office "
		    "%s", person, mobile, office);
	}
	if (appdb_audit(db, "webctl", disable ? "operator.disable" :
	    "operator.add", detail) == -1 || appdb_commit(db) == -1) {
		appdb_rollback(db);
		goto out;
	}
	printf("%s\n", detail);
	rc = 0;
out:
	appdb_close(db);
	return rc;
}

/* ---- office-link ----------------------------------------------------- */

/* 1 if url is http:// or https:// and more, printable ASCII, <= 512. */
static int
link_ok(const char *url)
{
	size_t	 i, n = strlen(url), scheme;

	if (strncmp(url, "https://", 8) == 0)
		scheme = 8;
	else if (strncmp(url, "http://", 7) == 0)
		scheme = 7;
	else
		return 0;
	if (n <= scheme || n > 512)
		return 0;
	for (i = 0; i < n; i++)
		if (url[i] < '!' || url[i] > '~')
			return 0;
	return 1;
}

static int
cmd_office_link(const char *path, int argc, char **argv)
{
	const struct cmd	*c = &cmds[6];
	struct appdb		*db;
	const char		*office, *url;
	char			 detail[640];
	int			 k, rc = 1;

	if (argc == 2 && is_help(argv[1])) {
		printf("usage: webctl [-d DB] %s\n%s.\nOFFICE is an office "
		    "code (shenyang, dalian); URL starts with https:// or "
		    "http://, at most 512 characters without spaces.  An "
		    "office without one: the pages say to apply at the "
		    "office.\n", c->usage, c->help);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--clear") == 0) {
		office = argv[2];
		url = "";
	} else if (argc == 3 && argv[1][0] != '-') {
		office = argv[1];
		url = argv[2];
		if (!link_ok(url)) {
			fprintf(stderr, "webctl: %s is not an http:// or "
			    "https:// address of at most 512 printable "
			    "characters\n", url);
			return 2;
		}
	} else {
		fprintf(stderr, "usage: webctl [-d DB] %s\n", c->usage);
		return 2;
	}
	if ((db = open_existing(path)) == NULL)
		return 1;
	if (appdb_begin(db) == -1)
		goto out;
	if ((k = appdb_office_url(db, office, url)) != 1) {
		appdb_rollback(db);
		if (k == 0)
			fprintf(stderr, "webctl: no office with code %s\n",
			    office);
		goto out;
	}
	snprintf(detail, sizeof(detail), "office %s link %s", office,
	    url[0] != '\0' ? url : "cleared");
	if (appdb_audit(db, "webctl", "office.link", detail) == -1 ||
	    appdb_commit(db) == -1) {
		appdb_rollback(db);
		goto out;
	}
	printf("%s\n", detail);
	rc = 0;
out:
	appdb_close(db);
	return rc;
}
