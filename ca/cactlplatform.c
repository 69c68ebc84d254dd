/*
 * cactlplatform.c: cactl's commands for linked platforms and the notices
 * they receive (see PLATFORMS.md):
 *
 *   cactl platform add NAME --url URL (--cert FILE | --secret-file FILE)
 *   cactl platform list | disable NAME | enable NAME
 *   cactl link SERIAL PLATFORM
 *   cactl notify list [--platform NAME] [--state STATE] [--limit N]
 *   cactl notify retry PLATFORM [--id N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/cactlcommon.h"
#include "ca/cactlplatform.h"
#include "ca/proto.h"

static const char platform_help[] =
    "usage: cactl platform add NAME --url URL (--cert FILE | --secret-file "
    "FILE)\n"
    "       cactl platform list\n"
    "       cactl platform disable NAME | enable NAME\n"
    "A linked platform receives a signed notice (HTTP POST to URL) when a\n"
    "certificate linked to it is revoked, reissued, linked or released.\n"
    "NAME is the name certificates are linked with (e.g. 辽宁建设工程信息网).\n"
    "--cert: the platform's TLS certificate (PEM or DER), trusted for its\n"
    "https:// URL.  --secret-file: a shared secret (16-128 printable ASCII\n"
    "characters; first line of FILE) with which each notice carries an\n"
    "HMAC-SHA256 (X-CA-Notice-MAC).  A disabled platform gets no new\n"
    "notices; those already queued wait until it is enabled again.\n";

/* The certificate in path (PEM or DER) as DER, malloc'd.  NULL: said. */
static uint8_t *
cert_der(const char *path, size_t *len)
{
	const unsigned char	*p;
	unsigned char		*der = NULL;
	uint8_t			*raw;
	size_t			 n;
	X509			*x = NULL;
	BIO			*b;
	int			 dl;

	if ((raw = cactl_read_file(path, &n)) == NULL)
		return NULL;
	p = raw;
	if ((x = d2i_X509(NULL, &p, (long)n)) == NULL &&
	    (b = BIO_new_mem_buf(raw, (int)n)) != NULL) {
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	free(raw);
	if (x == NULL || (dl = i2d_X509(x, &der)) <= 0) {
		fprintf(stderr, "cactl: %s: not a certificate (PEM or DER)\n",
		    path);
		X509_free(x);
		return NULL;
	}
	X509_free(x);
	*len = (size_t)dl;
	return der;
}

/* The first line of path, without its newline, into buf.  0 / -1 said. */
static int
secret_line(const char *path, char *buf, size_t sz)
{
	uint8_t	*raw;
	size_t	 n, i;

	if ((raw = cactl_read_file(path, &n)) == NULL)
		return -1;
	for (i = 0; i < n && raw[i] != '\n' && raw[i] != '\r'; i++)
		;
	if (i == 0 || i >= sz) {
		fprintf(stderr, "cactl: %s: the secret must be one line of "
		    "16-128 characters\n", path);
		free(raw);
		return -1;
	}
	memcpy(buf, raw, i);
	buf[i] = '\0';
	memset(raw, 0, n);
	free(raw);
	return 0;
}

static int
platform_add(int argc, char **argv)
{
	struct proto_buf req;
	uint8_t		*der = NULL;
	const char	*name = NULL, *url = NULL, *certf = NULL, *secf = NULL;
	char		 secret[256] = "";
	size_t		 derlen = 0;
	int		 i, rc;

	for (i = 2; i < argc; i++) {
		if (argv[i][0] != '-') {
			if (name != NULL)
				return cactl_bad_usage(platform_help,
				    "one NAME");
			name = argv[i];
		} else if (i + 1 >= argc)
			return cactl_bad_usage(platform_help,
			    "missing value");
		else if (strcmp(argv[i], "--url") == 0)
			url = argv[++i];
		else if (strcmp(argv[i], "--cert") == 0)
			certf = argv[++i];
		else if (strcmp(argv[i], "--secret-file") == 0)
			secf = argv[++i];
		else
			return cactl_bad_usage(platform_help,
			    "unknown option");
	}
	if (name == NULL || url == NULL || (certf == NULL) == (secf == NULL))
		return cactl_bad_usage(platform_help, "NAME, --url and one of "
		    "--cert or --secret-file are required");
	if (strlen(name) > 127 || strlen(url) > 512)
		return cactl_bad_usage(platform_help, "NAME is at most 127 "
		    "bytes, URL at most 512");
	if (certf != NULL && (der = cert_der(certf, &derlen)) == NULL)
		return 1;
	if (secf != NULL && secret_line(secf, secret, 129) == -1)
		return 1;
	proto_buf_init(&req, PROTO_PLATFORM_ADD);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, name);
	proto_put_str(&req, url);
	proto_put_bytes(&req, der, derlen);
	proto_put_str(&req, secret);
	if ((rc = cactl_ask(&req, NULL, NULL)) == 0)
		printf("platform %s registered: notices go to %s\n", name,
		    url);
	memset(secret, 0, sizeof(secret));
	OPENSSL_free(der);
	return rc;
}

/* One row of PLATFORM_LIST's reply, printed. */
static int
platform_row(struct proto_msg *rep, void *arg)
{
	char		 name[128], url[520], auth[200];
	uint64_t	 on, seq, pending, failed;

	(void)arg;
	if (proto_get_str(rep, name, sizeof(name)) == -1 ||
	    proto_get_str(rep, url, sizeof(url)) == -1 ||
	    proto_get_str(rep, auth, sizeof(auth)) == -1 ||
	    proto_get_u64(rep, &on) == -1 ||
	    proto_get_u64(rep, &seq) == -1 ||
	    proto_get_u64(rep, &pending) == -1 ||
	    proto_get_u64(rep, &failed) == -1)
		return -1;
	printf("%s\t%s\t%s\tlast #%llu\t%llu pending\t%llu failed\t%s\n",
	    name, on ? "enabled" : "disabled", url, (unsigned long long)seq,
	    (unsigned long long)pending, (unsigned long long)failed, auth);
	return 0;
}

static int
platform_list(void)
{
	struct proto_buf req;
	uint64_t	 n;
	int		 rc;

	proto_buf_init(&req, PROTO_PLATFORM_LIST);
	if ((rc = cactl_ask_rows(&req, platform_row, NULL, &n)) == 0 &&
	    n == 0)
		fprintf(stderr, "no platforms registered (cactl platform "
		    "add)\n");
	return rc;
}

static int
platform_enable(const char *name, int on)
{
	struct proto_buf req;
	int		 rc;

	proto_buf_init(&req, PROTO_PLATFORM_ENABLE);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, name);
	proto_put_u64(&req, (uint64_t)on);
	if ((rc = cactl_ask(&req, NULL, NULL)) == 0)
		printf("platform %s %s\n", name, on ? "enabled" : "disabled");
	return rc;
}

int
cactl_platform(int argc, char **argv)
{
	if (cactl_want_help(argc, argv, platform_help))
		return 0;
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return platform_add(argc, argv);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return platform_list();
	if (argc == 3 && strcmp(argv[1], "disable") == 0)
		return platform_enable(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "enable") == 0)
		return platform_enable(argv[2], 1);
	return cactl_bad_usage(platform_help, NULL);
}

int
cactl_link(int argc, char **argv)
{
	static const char help[] = "usage: cactl link SERIAL PLATFORM\n"
	    "Links a valid certificate to a registered platform, which gets a\n"
	    "\"linked\" notice.  Linking again changes nothing.\n";
	struct proto_buf req;
	uint64_t	 fresh;
	int		 rc;

	if (cactl_want_help(argc, argv, help))
		return 0;
	if (argc != 3 || argv[1][0] == '-')
		return cactl_bad_usage(help, NULL);
	if (!cactl_serial_ok(argv[1]))
		return 2;
	if (strlen(argv[2]) > 127)
		return cactl_bad_usage(help, "PLATFORM is at most 127 bytes");
	proto_buf_init(&req, PROTO_LINK);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, argv[1]);
	proto_put_str(&req, argv[2]);
	if ((rc = cactl_ask_u64(&req, &fresh)) == 0)
		printf(fresh ? "linked %s to %s\n" :
		    "%s was already linked to %s\n", argv[1], argv[2]);
	return rc;
}

static const char notify_help[] =
    "usage: cactl notify list [--platform NAME] [--state pending|delivered|"
    "failed]\n"
    "                         [--limit N]\n"
    "       cactl notify retry PLATFORM [--id N]\n"
    "list: notices newest first: id, platform, sequence number, type,\n"
    "serial, state, attempts, created, next try or delivery time, last\n"
    "error.  retry: sends PLATFORM's undelivered notices (or notice N)\n"
    "now, including ones that gave up after notice_give_up_hours.\n";

/* One row of NOTICE_LIST's reply, printed. */
static int
notice_row(struct proto_msg *rep, void *arg)
{
	char		 ev[64], pf[128], type[32], serial[64], st[16];
	char		 err[300];
	uint64_t	 id, seq, att, created, next, done;

	(void)arg;
	if (proto_get_u64(rep, &id) == -1 ||
	    proto_get_str(rep, ev, sizeof(ev)) == -1 ||
	    proto_get_str(rep, pf, sizeof(pf)) == -1 ||
	    proto_get_u64(rep, &seq) == -1 ||
	    proto_get_str(rep, type, sizeof(type)) == -1 ||
	    proto_get_str(rep, serial, sizeof(serial)) == -1 ||
	    proto_get_str(rep, st, sizeof(st)) == -1 ||
	    proto_get_u64(rep, &att) == -1 ||
	    proto_get_u64(rep, &created) == -1 ||
	    proto_get_u64(rep, &next) == -1 ||
	    proto_get_u64(rep, &done) == -1 ||
	    proto_get_str(rep, err, sizeof(err)) == -1)
		return -1;
	printf("%llu\t%s\t#%llu\t%s\t%s\t%s\t%llu tries\tcreated %s\t"
	    "%s %s\t%s\t%s\n", (unsigned long long)id, pf,
	    (unsigned long long)seq, type, serial, st,
	    (unsigned long long)att, cactl_when(created),
	    done ? "delivered" : "next", cactl_when(done ? done : next), ev,
	    err);
	return 0;
}

static int
notify_list(int argc, char **argv)
{
	struct proto_buf req;
	const char	*platform = "", *state = "";
	char		*end;
	uint64_t	 limit = 50;
	int		 a;

	for (a = 2; a < argc; a++) {
		if (a + 1 >= argc)
			return cactl_bad_usage(notify_help, "missing value");
		if (strcmp(argv[a], "--platform") == 0)
			platform = argv[++a];
		else if (strcmp(argv[a], "--state") == 0)
			state = argv[++a];
		else if (strcmp(argv[a], "--limit") == 0) {
			limit = strtoull(argv[++a], &end, 10);
			if (*end != '\0' || limit < 1 || limit > 1000)
				return cactl_bad_usage(notify_help,
				    "--limit takes 1 to 1000");
		} else
			return cactl_bad_usage(notify_help, "unknown option");
	}
	if (strlen(platform) > 127)
		return cactl_bad_usage(notify_help, "NAME is at most 127 bytes");
	if (state[0] != '\0' && strcmp(state, "pending") != 0 &&
	    strcmp(state, "delivered") != 0 && strcmp(state, "failed") != 0)
		return cactl_bad_usage(notify_help, "unknown state");
	proto_buf_init(&req, PROTO_NOTICE_LIST);
	proto_put_str(&req, platform);
	proto_put_str(&req, state);
	proto_put_u64(&req, limit);
	return cactl_ask_rows(&req, notice_row, NULL, NULL);
}

static int
notify_retry(int argc, char **argv)
{
	struct proto_buf req;
	const char	*platform = NULL;
	char		*end;
	uint64_t	 id = 0, n;
	int		 a, rc;

	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--id") == 0 && a + 1 < argc) {
			id = strtoull(argv[++a], &end, 10);
			if (*end != '\0' || id == 0)
				return cactl_bad_usage(notify_help,
				    "--id takes a notice id");
		} else if (argv[a][0] == '-' || platform != NULL)
			return cactl_bad_usage(notify_help, NULL);
		else
			platform = argv[a];
	}
	if (platform == NULL || strlen(platform) > 127)
		return cactl_bad_usage(notify_help, "PLATFORM is required");
	proto_buf_init(&req, PROTO_NOTICE_RETRY);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, platform);
	proto_put_u64(&req, id);
	if ((rc = cactl_ask_u64(&req, &n)) != 0)
		return rc;
	if (n == 0) {
		fprintf(stderr, "cactl: %s has no undelivered notice%s\n",
		    platform, id ? " with that id" : "s");
		return 1;
	}
	printf("%llu notice%s of %s due now\n", (unsigned long long)n,
	    n == 1 ? "" : "s", platform);
	return 0;
}

int
cactl_notify(int argc, char **argv)
{
	if (cactl_want_help(argc, argv, notify_help))
		return 0;
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return notify_list(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "retry") == 0)
		return notify_retry(argc, argv);
	return cactl_bad_usage(notify_help, NULL);
}
