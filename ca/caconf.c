/*
 * caconf.c: reading and writing DIR/ca.conf, and the table of supported
 * key algorithms.
 *
 * Invariant: a struct caconf that caconf_read() returned 0 for has every
 * field within its documented range; nothing downstream re-checks them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "ca/caconf.h"
#include "lib/log.h"
#include "lib/pgconn.h"
#include "lib/sm2.h"
#include "lib/utf8.h"

static const struct {
	const char	*name;
	enum ca_algo	 responder;	/* the OCSP responder's key */
} algos[CA_ALGO__MAX] = {
	{ "p256", CA_ALGO_P256 },	/* CA_ALGO_P256 */
	{ "rsa3072", CA_ALGO_P256 },	/* CA_ALGO_RSA3072 */
	{ "sm2", CA_ALGO_SM2 },		/* CA_ALGO_SM2 */
};

int
caconf_algo_parse(const char *s)
{
	int	 i;

	for (i = 0; i < CA_ALGO__MAX; i++)
		if (strcmp(s, algos[i].name) == 0)
			return i;
	return -1;
}

const char *
caconf_algo_name(enum ca_algo a)
{
	return (unsigned)a < CA_ALGO__MAX ? algos[a].name : "?";
}

enum ca_algo
caconf_algo_responder(enum ca_algo a)
{
	return (unsigned)a < CA_ALGO__MAX ? algos[a].responder : CA_ALGO_P256;
}

EVP_PKEY *
caconf_algo_keygen(enum ca_algo a)
{
	EVP_PKEY	*k = NULL;

	switch (a) {
	case CA_ALGO_P256:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case CA_ALGO_RSA3072:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
		break;
	case CA_ALGO_SM2:
		k = sm2_keygen();
		break;
	default:
		break;
	}
	if (k == NULL)
		log_ssl("caconf_algo_keygen", caconf_algo_name(a));
	return k;
}

void
caconf_defaults(struct caconf *c, const char *dir)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "issuing-ca");
	snprintf(c->root_crl, sizeof(c->root_crl), "%s", CACONF_ROOT_CRL);
	c->algo = CA_ALGO_P256;
	snprintf(c->base_url, sizeof(c->base_url), "http://127.0.0.1:8080");
	snprintf(c->crl_dir, sizeof(c->crl_dir), "%s/crl", dir);
	c->root_days = 7300;
	c->ca_days = 3650;
	c->cert_days = 1095;
	c->crl_hours = 24;
	snprintf(c->dual_control_ou, sizeof(c->dual_control_ou), "%s",
	    CACONF_DUAL_CONTROL_OU);
	c->notice_retry_first = 10;
	c->notice_retry_max = 3600;
	c->notice_give_up_hours = 72;
}

int
caconf_ou_listed(const char *list, const char *ou, size_t ou_len)
{
	const char	*p = list, *e, *b;

	while (*p != '\0') {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		for (b = p; b < e && *b == ' '; b++)
			;
		p = *e == ',' ? e + 1 : e;
		while (e > b && e[-1] == ' ')
			e--;
		if (e > b && (size_t)(e - b) == ou_len &&
		    memcmp(b, ou, ou_len) == 0)
			return 1;
	}
	return 0;
}

/* 1 if s is a valid dual_control_ou list: printable, no empty values
 * between commas (the empty list itself is fine). */
static int
ou_list_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 seen = 0;

	if (*p == '\0')
		return 1;
	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p == ',') {
			if (!seen)
				return 0;
			seen = 0;
		} else if (*p != ' ')
			seen = 1;
	}
	return seen;
}

static int
conf_int(const char *v, int lo, int hi, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

/* Copies v into dst of size sz; -1 if it does not fit or is empty. */
static int
conf_str(const char *v, char *dst, size_t sz)
{
	size_t	 n = strlen(v);

	if (n == 0 || n >= sz)
		return -1;
	memcpy(dst, v, n + 1);
	return 0;
}

int
caconf_vendor_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 1 && n <= 32 && utf8_count(s, n, NULL) > 0;
}

static int
name_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int
caconf_read(struct caconf *c, const char *dir)
{
	char	 path[PATH_MAX], line[1024], *k, *v, *e;
	FILE	*f;
	int	 lineno = 0, rc = -1, a;

	caconf_defaults(c, dir);
	snprintf(path, sizeof(path), "%s/ca.conf", dir);
	if ((f = fopen(path, "r")) == NULL) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if ((e = strchr(line, '\n')) == NULL && !feof(f)) {
			log_err("%s:%d: line too long", path, lineno);
			goto out;
		}
		if (e != NULL)
			*e = '\0';
		for (k = line; *k == ' ' || *k == '\t'; k++)
			;
		if (*k == '#' || *k == '\0')
			continue;
		if ((v = strchr(k, '=')) == NULL) {
			log_err("%s:%d: expected key = value", path, lineno);
			goto out;
		}
		for (e = v; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		for (v++; *v == ' ' || *v == '\t'; v++)
			;
		for (e = v + strlen(v); e > v && (e[-1] == ' ' ||
		    e[-1] == '\t'); e--)
			;
		*e = '\0';
		if (strcmp(k, "name") == 0) {
			if (conf_str(v, c->name, sizeof(c->name)) == -1 ||
			    !name_ok(c->name))
				goto bad;
		} else if (strcmp(k, "vendor") == 0) {
			if (conf_str(v, c->vendor, sizeof(c->vendor)) == -1 ||
			    !caconf_vendor_ok(c->vendor))
				goto bad;
		} else if (strcmp(k, "root_crl") == 0) {
			if (conf_str(v, c->root_crl, sizeof(c->root_crl)) ==
			    -1 || !name_ok(c->root_crl))
				goto bad;
		} else if (strcmp(k, "algo") == 0) {
			if ((a = caconf_algo_parse(v)) == -1)
				goto bad;
			c->algo = a;
		} else if (strcmp(k, "base_url") == 0) {
			if (conf_str(v, c->base_url, sizeof(c->base_url)) ==
			    -1 || strncmp(v, "http://", 7) != 0 ||
			    v[strlen(v) - 1] == '/')
				goto bad;
		} else if (strcmp(k, "crl_dir") == 0) {
			if (conf_str(v, c->crl_dir, sizeof(c->crl_dir)) == -1)
				goto bad;
		} else if (strcmp(k, "root_days") == 0) {
			if (conf_int(v, 1, 36500, &c->root_days) == -1)
				goto bad;
		} else if (strcmp(k, "ca_days") == 0) {
			if (conf_int(v, 1, 36500, &c->ca_days) == -1)
				goto bad;
		} else if (strcmp(k, "cert_days") == 0) {
			if (conf_int(v, 1, 36500, &c->cert_days) == -1)
				goto bad;
		} else if (strcmp(k, "crl_hours") == 0) {
			if (conf_int(v, 1, 24 * 365, &c->crl_hours) == -1)
				goto bad;
		} else if (strcmp(k, "dual_control_ou") == 0) {
			/* Empty is allowed: it turns dual control off. */
			if (strlen(v) >= sizeof(c->dual_control_ou) ||
			    !ou_list_ok(v))
				goto bad;
			memcpy(c->dual_control_ou, v, strlen(v) + 1);
		} else if (strcmp(k, "crl_shards") == 0) {
			if (conf_int(v, 0, 256, &c->crl_shards) == -1 ||
			    c->crl_shards == 1 ||
			    (c->crl_shards & (c->crl_shards - 1)) != 0)
				goto bad;
		} else if (strcmp(k, "notice_retry_first") == 0) {
			if (conf_int(v, 1, 3600, &c->notice_retry_first) == -1)
				goto bad;
		} else if (strcmp(k, "notice_retry_max") == 0) {
			if (conf_int(v, 1, 86400, &c->notice_retry_max) == -1)
				goto bad;
		} else if (strcmp(k, "notice_give_up_hours") == 0) {
			/* The promise to platforms: at least three days. */
			if (conf_int(v, 72, 24 * 365,
			    &c->notice_give_up_hours) == -1)
				goto bad;
		} else if (strcmp(k, "key_uri") == 0) {
			if (conf_str(v, c->key_uri, sizeof(c->key_uri)) == -1 ||
			    !cap11uri_ok(v))
				goto bad;
		} else if (strcmp(k, "store") == 0) {
			if (conf_str(v, c->store, sizeof(c->store)) == -1 ||
			    !pgconn_is_conninfo(v))
				goto bad;
		} else if (strcmp(k, "key_module") == 0) {
			if (conf_str(v, c->key_module,
			    sizeof(c->key_module)) == -1 || v[0] != '/')
				goto bad;
		} else {
			log_err("%s:%d: unknown setting '%s'", path, lineno, k);
			goto out;
		}
		continue;
bad:
		log_err("%s:%d: invalid value for '%s'", path, lineno, k);
		goto out;
	}
	if (ferror(f)) {
		log_err("%s: read error", path);
		goto out;
	}
	if (c->key_module[0] != '\0' && c->key_uri[0] == '\0') {
		log_err("%s: key_module without key_uri", path);
		goto out;
	}
	if (c->crl_shards > 0 && strlen(c->name) > 53) {
		log_err("%s: with crl_shards, name is at most 53 characters "
		    "(NAME-sKK-delta is a file stem)", path);
		goto out;
	}
	if (c->notice_retry_max < c->notice_retry_first) {
		log_err("%s: notice_retry_max is less than "
		    "notice_retry_first", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int
caconf_write(const struct caconf *c, const char *dir)
{
	char	 path[PATH_MAX];
	FILE	*f;
	int	 fd;

	snprintf(path, sizeof(path), "%s/ca.conf", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fprintf(f, "# ca-reissue CA settings, written by `cactl init`.\n"
	    "# The daemon reads this at start; see README.md.\n"
	    "name = %s\nalgo = %s\nbase_url = %s\ncrl_dir = %s\n"
	    "root_days = %d\nca_days = %d\ncert_days = %d\n"
	    "crl_hours = %d\n"
	    "# Dual control: reissuing a certificate whose subject has one of\n"
	    "# these OUs (comma-separated) needs two different operators'\n"
	    "# approval.  Empty turns it off.\n"
	    "dual_control_ou = %s\n"
	    "# Partitioned CRLs: 0 or a power of two up to 256 (README),\n"
	    "# chosen at init for good: cad refuses any other value.\n"
	    "crl_shards = %d\n"
	    "# Notices to linked platforms: first retry after N seconds,\n"
	    "# doubling up to notice_retry_max, giving up after\n"
	    "# notice_give_up_hours (at least 72).\n"
	    "notice_retry_first = %d\nnotice_retry_max = %d\n"
	    "notice_give_up_hours = %d\n", c->name, caconf_algo_name(c->algo),
	    c->base_url, c->crl_dir, c->root_days, c->ca_days, c->cert_days,
	    c->crl_hours, c->dual_control_ou, c->crl_shards,
	    c->notice_retry_first,
	    c->notice_retry_max, c->notice_give_up_hours);
	if (c->vendor[0] != '\0')
		fprintf(f, "# 证书厂商: the vendor CA管理 shows for its "
		    "certificates.\nvendor = %s\n", c->vendor);
	if (strcmp(c->root_crl, CACONF_ROOT_CRL) != 0)
		fprintf(f, "# The root's CRL: crl_dir/<root_crl>.crl (the "
		    "CA was added\n# beside others by cactl ca add).\n"
		    "root_crl = %s\n", c->root_crl);
	if (c->key_uri[0] != '\0')
		fprintf(f, "# The issuing CA key is in a PKCS#11 token (the\n"
		    "# daemon logs in with the PIN file, -P or $CA_PIN_FILE).\n"
		    "key_uri = %s\n", c->key_uri);
	if (c->key_module[0] != '\0')
		fprintf(f, "key_module = %s\n", c->key_module);
	if (c->store[0] != '\0')
		fprintf(f, "# The store is in PostgreSQL (a libpq connection "
		    "string;\n# keep the password in a passfile, README).\n"
		    "store = %s\n", c->store);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		log_err("%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

int
caconf_store(const struct caconf *c, const char *dir, char *buf, size_t sz)
{
	int	 n;

	if (c->store[0] != '\0')
		n = snprintf(buf, sz, "%s", c->store);
	else
		n = snprintf(buf, sz, "%s/ca.db", dir);
	if (n < 0 || (size_t)n >= sz) {
		log_err("%s: the store's path is too long", dir);
		return -1;
	}
	return 0;
}

void
caconf_crl_url(const struct caconf *c, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/crl/%s.crl", c->base_url, c->name);
}

void
caconf_root_crl_url(const struct caconf *c, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/crl/%s.crl", c->base_url, c->root_crl);
}

void
caconf_issuer_url(const struct caconf *c, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/crl/%s.crt", c->base_url, c->name);
}

unsigned
caconf_crl_shard(const struct caconf *c, const unsigned char *serial,
    size_t len)
{
	if (c->crl_shards < 2 || len == 0)
		return 0;
	return serial[len - 1] & (unsigned)(c->crl_shards - 1);
}

void
caconf_shard_stem(const struct caconf *c, unsigned k, int delta, char *buf,
    size_t sz)
{
	snprintf(buf, sz, "%s-s%02x%s", c->name, k & 0xff,
	    delta ? "-delta" : "");
}

void
caconf_shard_url(const struct caconf *c, unsigned k, int delta, char *buf,
    size_t sz)
{
	char	 stem[96];

	caconf_shard_stem(c, k, delta, stem, sizeof(stem));
	snprintf(buf, sz, "%s/crl/%s.crl", c->base_url, stem);
}
