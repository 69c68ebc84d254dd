/*
 * cactl.c: the operators' command line for the CA.
 *
 *   cactl [-s SOCKET] COMMAND [ARGS...]
 *
 * Offline commands (init, tls-server, ocsp-responder, notice-signer)
 * work on a CA directory directly;
 * every other command talks to the running daemon over its socket
 * (-s, else $CA_SOCKET, else var/run/cad.sock).  Commands live in one
 * table; each has --help.  Errors are one line on stderr and a non-zero
 * exit status: 1 for a failure, 2 for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ca/caaudit.h"
#include "ca/cactlbackup.h"
#include "ca/cactlca.h"
#include "ca/cactlcommon.h"
#include "ca/cactlplatform.h"
#include "ca/cainit.h"
#include "ca/caroot.h"
#include "ca/careason.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "lib/log.h"

#define DEFAULT_SOCKET	"var/run/cad.sock"

static int	cmd_ping(int, char **);
static int	cmd_status(int, char **);
static int	cmd_issue(int, char **);
static int	cmd_reissue(int, char **);
static int	cmd_revoke(int, char **);
static int	cmd_unhold(int, char **);
static int	cmd_crl(int, char **);
static int	cmd_list(int, char **);
static int	cmd_show(int, char **);
static int	cmd_audit(int, char **);

static const struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
} cmds[] = {
	{ "init", cainit_init, "create a root and issuing CA (offline)" },
	{ "tls-server", cainit_tls_server,
	    "issue nginx's TLS server certificate (offline)" },
	{ "ocsp-responder", cainit_ocsp_responder,
	    "issue the OCSP responder's certificate (offline)" },
	{ "ping", cmd_ping, "check that the daemon answers" },
	{ "status", cmd_status, "show the CA, counts and last CRL number" },
	{ "issue", cmd_issue, "issue a certificate from a PKCS#10 request" },
	{ "reissue", cmd_reissue,
	    "replace a certificate (补办): new key, same subject" },
	{ "revoke", cmd_revoke, "revoke a certificate" },
	{ "unhold", cmd_unhold, "release a certificateHold" },
	{ "crl", cmd_crl, "publish a new CRL now" },
	{ "list", cmd_list, "list certificates (filter by state/subject)" },
	{ "show", cmd_show, "show one certificate" },
	{ "audit", cmd_audit, "audit verify: check the hash-chained log" },
	{ "root-crl", caroot_crl_cmd,
	    "the root signs its CRL again (offline, root key)" },
	{ "recertify", caroot_recertify,
	    "the root certifies the issuing CA again (offline, root key)" },
	{ "notice-signer", cainit_notice_signer,
	    "issue the notice-signing certificate (offline)" },
	{ "ca", cactl_ca,
	    "issuing CAs (证书厂商): add, list, disable, enable" },
	{ "platform", cactl_platform,
	    "linked platforms: add, list, disable, enable" },
	{ "link", cactl_link, "link a certificate to a platform (notified)" },
	{ "notify", cactl_notify,
	    "notices to platforms: list, retry" },
	{ "backup", cactl_backup,
	    "copy the CA while it runs, with a manifest" },
	{ "restore", cactl_restore, "restore a backup into a new directory" },
	{ "reconcile", cactl_reconcile,
	    "list what published CRLs and notices know and the store lacks" },
};

static void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: cactl [-s SOCKET] COMMAND [ARGS...]\n"
	    "commands (cactl COMMAND --help for details):\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %-15s %s\n", cmds[i].name, cmds[i].help);
}

/* Wants --help only; prints text and returns 0/2 when given, else -1. */
static int
simple_args(int argc, char **argv, const char *text)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fprintf(stderr, "%s", text);
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "%s", text);
		return 2;
	}
	return -1;
}

static int
ping_reply(struct proto_msg *rep, void *arg)
{
	char	 s[16];

	(void)arg;
	if (proto_get_str(rep, s, sizeof(s)) == -1 || proto_end(rep) == -1) {
		fprintf(stderr, "cactl: malformed reply\n");
		return 1;
	}
	printf("%s\n", s);
	return 0;
}

static int
cmd_ping(int argc, char **argv)
{
	struct proto_buf req;
	int		 rc;

	if ((rc = simple_args(argc, argv, "usage: cactl ping\n"
	    "Exits 0 and prints 'pong' if the daemon answers.\n")) != -1)
		return rc;
	proto_buf_init(&req, PROTO_PING);
	return cactl_ask(&req, ping_reply, NULL);
}

static int
status_reply(struct proto_msg *rep, void *arg)
{
	char		 name[128], algo[32], subj[512], vendor[128];
	uint64_t	 notafter, uptime, pid, certs, revoked, crlno, issuing;

	(void)arg;
	if (proto_get_str(rep, name, sizeof(name)) == -1 ||
	    proto_get_str(rep, algo, sizeof(algo)) == -1 ||
	    proto_get_str(rep, subj, sizeof(subj)) == -1 ||
	    proto_get_u64(rep, &notafter) == -1 ||
	    proto_get_u64(rep, &uptime) == -1 ||
	    proto_get_u64(rep, &pid) == -1 ||
	    proto_get_u64(rep, &certs) == -1 ||
	    proto_get_u64(rep, &revoked) == -1 ||
	    proto_get_u64(rep, &crlno) == -1 ||
	    proto_get_str(rep, vendor, sizeof(vendor)) == -1 ||
	    proto_get_u64(rep, &issuing) == -1 ||
	    proto_end(rep) == -1)
		return cactl_malformed();
	printf("ca:        %s\nvendor:    %s\nalgorithm: %s\nsubject:   %s\n"
	    "expires:   %s\nissuing:   %s\nuptime:    %llus\n"
	    "pid:       %llu\ncerts:     %llu\nrevoked:   %llu\n"
	    "crl:       #%llu\n", name, vendor[0] != '\0' ? vendor : "-",
	    algo, subj, cactl_when(notafter), issuing ? "yes" :
	    "no (cactl ca enable resumes)", (unsigned long long)uptime,
	    (unsigned long long)pid, (unsigned long long)certs,
	    (unsigned long long)revoked, (unsigned long long)crlno);
	return 0;
}

static int
cmd_status(int argc, char **argv)
{
	struct proto_buf req;
	int		 rc;

	if ((rc = simple_args(argc, argv, "usage: cactl status\n"
	    "Prints the daemon's CA name, key algorithm, issuing CA subject\n"
	    "and expiry, uptime, process id, certificate counts and the\n"
	    "number of the last published CRL.\n")) != -1)
		return rc;
	proto_buf_init(&req, PROTO_STATUS);
	return cactl_ask(&req, status_reply, NULL);
}

/*
 * Parses YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC) into unix seconds.
 * Returns 0 or -1.
 */
static int
parse_date(const char *s, uint64_t *out)
{
	int		 y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	long long	 days, yy;
	unsigned	 m;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi,
	    &se, &n) == 6 && s[n] == '\0')
		;
	else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 &&
	    s[n] == '\0')
		h = mi = se = 0;
	else
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return -1;
	/* Days from civil (Howard Hinnant's algorithm). */
	yy = y - (mo <= 2);
	m = (unsigned)(mo > 2 ? mo - 3 : mo + 9);
	days = (yy / 400) * 146097 + ((yy % 400) * 365 + (yy % 400) / 4 -
	    (yy % 400) / 100) + (153 * m + 2) / 5 + d - 1 - 719468;
	*out = (uint64_t)(days * 86400 + h * 3600 + mi * 60 + se);
	return 0;
}

/* Writes a certificate as PEM to path ("-" or NULL = stdout).  0 / 1. */
static int
write_cert(const char *path, const uint8_t *der, size_t len)
{
	const unsigned char	*p = der;
	X509			*x;
	FILE			*f = stdout;
	int			 ok;

	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return cactl_malformed();
	if (path != NULL && strcmp(path, "-") != 0 &&
	    (f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "cactl: %s: %s\n", path, strerror(errno));
		X509_free(x);
		return 1;
	}
	ok = PEM_write_X509(f, x);
	if (f != stdout)
		ok = (fclose(f) == 0) && ok;
	X509_free(x);
	return ok ? 0 : 1;
}

/* Where cert_reply() writes the certificate; whether it is a REISSUE's. */
struct cert_out {
	const char	*out;
	int		 reissue;
};

/* Reads the reply of ISSUE/REISSUE: serial and certificate. */
static int
cert_reply(struct proto_msg *rep, void *arg)
{
	const struct cert_out *co = arg;
	const char	*out = co->out;
	int		 reissue = co->reissue;
	char		 serial[64];
	const uint8_t	*der;
	size_t		 len;
	uint64_t	 revoked = 0;

	if (proto_get_str(rep, serial, sizeof(serial)) == -1 ||
	    proto_get_bytes(rep, &der, &len, PROTO_MAX_PAYLOAD) == -1 ||
	    (reissue && proto_get_u64(rep, &revoked) == -1) ||
	    proto_end(rep) == -1)
		return cactl_malformed();
	fprintf(stderr, "serial %s%s\n", serial, reissue ? (revoked ?
	    " (old certificate revoked now)" :
	    " (old certificate was already revoked for this order)") : "");
	if (out != NULL && strcmp(out, "-") != 0)
		printf("%s\n", serial);
	return write_cert(out, der, len);
}

static const char issue_help[] =
    "usage: cactl issue --csr FILE --org O --cn CN [--ou OU] [--sn SN]\n"
    "                   [--not-after DATE | --days N] [--order ID]\n"
    "                   [--platform NAME]... [--out FILE]\n"
    "Issues a certificate for the key in the PKCS#10 request FILE (DER or\n"
    "PEM).  The subject is C=CN plus the fields given here; nothing but\n"
    "the public key is taken from the request.  DATE is YYYY-MM-DD (UTC).\n"
    "With --order, issuing again under the same ID returns the same\n"
    "certificate.  Writes the PEM certificate to FILE (default stdout).\n";

static int
cmd_issue(int argc, char **argv)
{
	struct proto_buf req;
	struct cert_out	 co;
	uint8_t		*csr = NULL;
	const char	*csrf = NULL, *o = "", *ou = "", *cn = "", *sn = "";
	const char	*order = "", *out = NULL, *plat[32];
	uint64_t	 notafter = 0;
	size_t		 csrlen = 0;
	int		 i, np = 0, rc, days;

	if (cactl_want_help(argc, argv, issue_help))
		return 0;
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return cactl_bad_usage(issue_help, "missing value");
		if (strcmp(argv[i], "--csr") == 0)
			csrf = argv[++i];
		else if (strcmp(argv[i], "--org") == 0)
			o = argv[++i];
		else if (strcmp(argv[i], "--ou") == 0)
			ou = argv[++i];
		else if (strcmp(argv[i], "--cn") == 0)
			cn = argv[++i];
		else if (strcmp(argv[i], "--sn") == 0)
			sn = argv[++i];
		else if (strcmp(argv[i], "--order") == 0)
			order = argv[++i];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[++i];
		else if (strcmp(argv[i], "--not-after") == 0) {
			if (parse_date(argv[++i], &notafter) == -1)
				return cactl_bad_usage(issue_help, "bad --not-after");
		} else if (strcmp(argv[i], "--days") == 0) {
			days = atoi(argv[++i]);
			if (days < 1 || days > 36500)
				return cactl_bad_usage(issue_help, "bad --days");
			notafter = (uint64_t)time(NULL) +
			    (uint64_t)days * 86400;
		} else if (strcmp(argv[i], "--platform") == 0) {
			if (np == 32)
				return cactl_bad_usage(issue_help,
				    "at most 32 platforms");
			plat[np++] = argv[++i];
		} else
			return cactl_bad_usage(issue_help, "unknown option");
	}
	if (csrf == NULL || *o == '\0' || *cn == '\0')
		return cactl_bad_usage(issue_help, "--csr, --org and --cn are "
		    "required");
	/* The protocol's bounds (ca/caops.c): refuse here, in one line. */
	if (strlen(order) > 64)
		return cactl_bad_usage(issue_help, "--order is at most 64 bytes");
	if (strlen(o) > 255 || strlen(ou) > 255 || strlen(cn) > 255 ||
	    strlen(sn) > 255)
		return cactl_bad_usage(issue_help, "subject fields are at most 255 "
		    "bytes each");
	for (i = 0; i < np; i++)
		if (strlen(plat[i]) == 0 || strlen(plat[i]) > 127)
			return cactl_bad_usage(issue_help, "a platform name is 1 to "
			    "127 bytes");
	if ((csr = cactl_read_file(csrf, &csrlen)) == NULL)
		return 1;
	proto_buf_init(&req, PROTO_ISSUE);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, order);
	proto_put_str(&req, o);
	proto_put_str(&req, ou);
	proto_put_str(&req, cn);
	proto_put_str(&req, sn);
	proto_put_u64(&req, notafter);
	proto_put_bytes(&req, csr, csrlen);
	proto_put_u64(&req, (uint64_t)np);
	for (i = 0; i < np; i++)
		proto_put_str(&req, plat[i]);
	co.out = out;
	co.reissue = 0;
	rc = cactl_ask(&req, cert_reply, &co);
	free(csr);
	return rc;
}

static const char reissue_help[] =
    "usage: cactl reissue --serial OLD --reason REASON --order ID\n"
    "                     --csr FILE [--invalidity DATE] [--out FILE]\n"
    "                     [--approver SERIAL [--approver2 SERIAL]]\n"
    "Replaces certificate OLD (补办): a new certificate for the new key in\n"
    "FILE with OLD's subject, notAfter and linked platforms.  Unless OLD\n"
    "was already revoked for this order, it is revoked in the same step.\n"
    "REASON: lost (keyCompromise), damaged (superseded), other\n"
    "(unspecified), or any RFC 5280 reason name.  Running it again with\n"
    "the same ID returns the same certificate.\n"
    "--approver, --approver2: the serials of the approving operators'\n"
    "client certificates (valid certificates of this CA), recorded in the\n"
    "audit log.  Dual control (dual_control_ou in ca.conf, by default\n"
    "单位(机构)主锁) needs both, from two different operators: without\n"
    "them the daemon answers \"approval needed\" and signs nothing.\n";

static int
cmd_reissue(int argc, char **argv)
{
	struct proto_buf req;
	struct cert_out	 co;
	uint8_t		*csr = NULL;
	const char	*serial = NULL, *order = NULL, *csrf = NULL;
	const char	*out = NULL, *appr = "", *appr2 = "";
	uint64_t	 inval = 0;
	size_t		 csrlen = 0;
	int		 i, rc, reason = -1;

	if (cactl_want_help(argc, argv, reissue_help))
		return 0;
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return cactl_bad_usage(reissue_help, "missing value");
		if (strcmp(argv[i], "--serial") == 0)
			serial = argv[++i];
		else if (strcmp(argv[i], "--reason") == 0) {
			if ((reason = careason_parse(argv[++i])) == -1)
				return cactl_bad_usage(reissue_help,
				    "unknown reason");
		} else if (strcmp(argv[i], "--order") == 0)
			order = argv[++i];
		else if (strcmp(argv[i], "--csr") == 0)
			csrf = argv[++i];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[++i];
		else if (strcmp(argv[i], "--invalidity") == 0) {
			if (parse_date(argv[++i], &inval) == -1)
				return cactl_bad_usage(reissue_help,
				    "bad --invalidity");
		} else if (strcmp(argv[i], "--approver") == 0)
			appr = argv[++i];
		else if (strcmp(argv[i], "--approver2") == 0)
			appr2 = argv[++i];
		else
			return cactl_bad_usage(reissue_help, "unknown option");
	}
	if (serial == NULL || reason == -1 || order == NULL || csrf == NULL)
		return cactl_bad_usage(reissue_help, "--serial, --reason, --order "
		    "and --csr are required");
	if (*appr == '\0' && *appr2 != '\0')
		return cactl_bad_usage(reissue_help, "--approver2 needs --approver");
	if ((*appr != '\0' && !cactl_serial_ok(appr)) ||
	    (*appr2 != '\0' && !cactl_serial_ok(appr2)))
		return 2;
	if (*order == '\0' || strlen(order) > 64)
		return cactl_bad_usage(reissue_help, "--order is 1 to 64 bytes");
	if (!cactl_serial_ok(serial))
		return 2;
	if ((csr = cactl_read_file(csrf, &csrlen)) == NULL)
		return 1;
	proto_buf_init(&req, PROTO_REISSUE);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, serial);
	proto_put_u64(&req, (uint64_t)reason);
	proto_put_u64(&req, inval);
	proto_put_str(&req, order);
	proto_put_bytes(&req, csr, csrlen);
	proto_put_str(&req, appr);
	proto_put_str(&req, appr2);
	co.out = out;
	co.reissue = 1;
	rc = cactl_ask(&req, cert_reply, &co);
	free(csr);
	return rc;
}

static const char revoke_help[] =
    "usage: cactl revoke SERIAL --reason REASON [--invalidity DATE]\n"
    "                    [--order ID]\n"
    "Revokes SERIAL; a new CRL is published within a second.  REASON is an\n"
    "RFC 5280 name (keyCompromise, superseded, certificateHold, ...) or\n"
    "lost / damaged / other.  certificateHold can be released with\n"
    "`cactl unhold`.\n";

static int
cmd_revoke(int argc, char **argv)
{
	struct proto_buf req;
	const char	*serial = NULL, *order = "";
	uint64_t	 inval = 0, at;
	int		 i, rc, reason = -1;

	if (cactl_want_help(argc, argv, revoke_help))
		return 0;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-') {
			if (serial != NULL)
				return cactl_bad_usage(revoke_help,
				    "one serial at a time");
			serial = argv[i];
			continue;
		}
		if (i + 1 >= argc)
			return cactl_bad_usage(revoke_help, "missing value");
		if (strcmp(argv[i], "--reason") == 0) {
			if ((reason = careason_parse(argv[++i])) == -1)
				return cactl_bad_usage(revoke_help,
				    "unknown reason");
		} else if (strcmp(argv[i], "--order") == 0)
			order = argv[++i];
		else if (strcmp(argv[i], "--invalidity") == 0) {
			if (parse_date(argv[++i], &inval) == -1)
				return cactl_bad_usage(revoke_help,
				    "bad --invalidity");
		} else
			return cactl_bad_usage(revoke_help, "unknown option");
	}
	if (serial == NULL || reason == -1)
		return cactl_bad_usage(revoke_help, "SERIAL and --reason are "
		    "required");
	if (strlen(order) > 64)
		return cactl_bad_usage(revoke_help, "--order is at most 64 bytes");
	if (!cactl_serial_ok(serial))
		return 2;
	proto_buf_init(&req, PROTO_REVOKE);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, serial);
	proto_put_u64(&req, (uint64_t)reason);
	proto_put_u64(&req, inval);
	proto_put_str(&req, order);
	if ((rc = cactl_ask_u64(&req, &at)) == 0)
		printf("revoked %s at %s (%s)\n", serial, cactl_when(at),
		    careason_name(reason));
	return rc;
}

static int
cmd_unhold(int argc, char **argv)
{
	static const char help[] = "usage: cactl unhold SERIAL\n"
	    "Releases a certificateHold: the certificate leaves the next CRL\n"
	    "and is valid again.\n";
	struct proto_buf req;
	int		 rc;

	if (cactl_want_help(argc, argv, help))
		return 0;
	if (argc != 2 || argv[1][0] == '-')
		return cactl_bad_usage(help, NULL);
	if (!cactl_serial_ok(argv[1]))
		return 2;
	proto_buf_init(&req, PROTO_UNHOLD);
	proto_put_str(&req, cactl_actor());
	proto_put_str(&req, argv[1]);
	if ((rc = cactl_ask(&req, NULL, NULL)) == 0)
		printf("released hold on %s\n", argv[1]);
	return rc;
}

static int
cmd_crl(int argc, char **argv)
{
	struct proto_buf req;
	uint64_t	 n;
	int		 rc;

	if ((rc = simple_args(argc, argv, "usage: cactl crl\n"
	    "Publishes a new CRL now (normally the daemon does so within a\n"
	    "second of each revocation and before half of nextUpdate).\n")) !=
	    -1)
		return rc;
	proto_buf_init(&req, PROTO_CRL);
	proto_put_str(&req, cactl_actor());
	if ((rc = cactl_ask_u64(&req, &n)) == 0)
		printf("CRL #%llu published\n", (unsigned long long)n);
	return rc;
}

static const char list_help[] =
    "usage: cactl list [--state all|valid|revoked|expired]\n"
    "                  [--subject TEXT] [--limit N]\n"
    "Lists certificates, newest first: serial, state, notAfter, subject.\n";

/* One row of LIST's reply, printed. */
static int
list_row(struct proto_msg *rep, void *arg)
{
	char		 serial[64], subj[1024], by[64];
	uint64_t	 na, rev, reason;

	(void)arg;
	if (proto_get_str(rep, serial, sizeof(serial)) == -1 ||
	    proto_get_str(rep, subj, sizeof(subj)) == -1 ||
	    proto_get_u64(rep, &na) == -1 ||
	    proto_get_u64(rep, &rev) == -1 ||
	    proto_get_u64(rep, &reason) == -1 ||
	    proto_get_str(rep, by, sizeof(by)) == -1)
		return -1;
	printf("%-34s %-8s %.10s  %s%s%s\n", serial,
	    rev ? "revoked" : (na <= (uint64_t)time(NULL) ?
	    "expired" : "valid"), cactl_when(na), subj,
	    by[0] ? "  -> " : "", by);
	return 0;
}

static int
cmd_list(int argc, char **argv)
{
	struct proto_buf req;
	const char	*state = "all", *subject = "";
	uint64_t	 limit = 100;
	int		 a;

	if (cactl_want_help(argc, argv, list_help))
		return 0;
	for (a = 1; a < argc; a++) {
		if (a + 1 >= argc)
			return cactl_bad_usage(list_help, "missing value");
		if (strcmp(argv[a], "--state") == 0)
			state = argv[++a];
		else if (strcmp(argv[a], "--subject") == 0)
			subject = argv[++a];
		else if (strcmp(argv[a], "--limit") == 0)
			limit = strtoull(argv[++a], NULL, 10);
		else
			return cactl_bad_usage(list_help, "unknown option");
	}
	proto_buf_init(&req, PROTO_LIST);
	proto_put_str(&req, state);
	proto_put_str(&req, subject);
	proto_put_u64(&req, limit);
	return cactl_ask_rows(&req, list_row, NULL, NULL);
}

/* What `cactl show` asked for: the serial, and the PEM too. */
struct show {
	const char	*serial;
	int		 pem;
};

static int
show_reply(struct proto_msg *rep, void *arg)
{
	const struct show *sh = arg;
	char		 subj[1024], order[80], repl[64], by[64], plat[200];
	const uint8_t	*der;
	size_t		 len;
	uint64_t	 nb, na, issued, rev, reason, inval, itok, rtok, n, i;

	if (proto_get_str(rep, subj, sizeof(subj)) == -1 ||
	    proto_get_u64(rep, &nb) == -1 ||
	    proto_get_u64(rep, &na) == -1 ||
	    proto_get_u64(rep, &issued) == -1 ||
	    proto_get_u64(rep, &rev) == -1 ||
	    proto_get_u64(rep, &reason) == -1 ||
	    proto_get_u64(rep, &inval) == -1 ||
	    proto_get_u64(rep, &itok) == -1 ||
	    proto_get_u64(rep, &rtok) == -1 ||
	    proto_get_str(rep, order, sizeof(order)) == -1 ||
	    proto_get_str(rep, repl, sizeof(repl)) == -1 ||
	    proto_get_str(rep, by, sizeof(by)) == -1 ||
	    proto_get_bytes(rep, &der, &len, PROTO_MAX_PAYLOAD) == -1 ||
	    proto_get_u64(rep, &n) == -1)
		return cactl_malformed();
	printf("serial:       %s\nsubject:      %s\n", sh->serial, subj);
	printf("not before:   %s\n", cactl_when(nb));
	printf("not after:    %s\n", cactl_when(na));
	printf("issued:       %s\n", cactl_when(issued));
	/* The signing role's fencing tokens, where a fence was set. */
	if (itok)
		printf("issue token:  %llu\n", (unsigned long long)itok);
	if (rev) {
		printf("revoked:      %s (%s)\n", cactl_when(rev),
		    careason_name((int)reason - 1));
		if (inval)
			printf("invalidity:   %s\n", cactl_when(inval));
		if (rtok)
			printf("revoke token: %llu\n",
			    (unsigned long long)rtok);
	} else
		printf("revoked:      no\n");
	if (order[0])
		printf("order:        %s\n", order);
	if (repl[0])
		printf("replaces:     %s\n", repl);
	if (by[0])
		printf("replaced by:  %s\n", by);
	for (i = 0; i < n; i++) {
		if (proto_get_str(rep, plat, sizeof(plat)) == -1)
			return cactl_malformed();
		printf("platform:     %s\n", plat);
	}
	if (proto_end(rep) == -1)
		return cactl_malformed();
	return sh->pem ? write_cert(NULL, der, len) : 0;
}

static int
cmd_show(int argc, char **argv)
{
	static const char help[] = "usage: cactl show SERIAL [--pem]\n"
	    "Shows one certificate: subject, validity, revocation, the\n"
	    "signing role's fencing tokens it was issued and revoked under\n"
	    "(where set), the order it was issued for, what it replaces or\n"
	    "was replaced by, and its linked platforms; --pem also prints\n"
	    "the certificate.\n";
	struct proto_buf req;
	struct show	 sh;

	if (cactl_want_help(argc, argv, help))
		return 0;
	sh.serial = argv[1];
	sh.pem = 0;
	if (argc == 3 && strcmp(argv[2], "--pem") == 0)
		sh.pem = 1;
	else if (argc != 2)
		return cactl_bad_usage(help, NULL);
	if (!cactl_serial_ok(argv[1]))
		return 2;
	proto_buf_init(&req, PROTO_SHOW);
	proto_put_str(&req, argv[1]);
	return cactl_ask(&req, show_reply, &sh);
}

static int
audit_reply(struct proto_msg *rep, void *arg)
{
	char		 head[80], why[200], name[CASTORE_CA_MAX];
	uint64_t	 count, bad;

	(void)arg;
	if (proto_get_u64(rep, &count) == -1 ||
	    proto_get_str(rep, head, sizeof(head)) == -1 ||
	    proto_get_u64(rep, &bad) == -1 ||
	    proto_get_str(rep, why, sizeof(why)) == -1 ||
	    proto_get_str(rep, name, sizeof(name)) == -1 ||
	    proto_end(rep) == -1)
		return cactl_malformed();
	if (bad != 0) {
		fprintf(stderr, "cactl: audit log of CA %s broken at record "
		    "#%llu: %s (%llu records before it verify)\n", name,
		    (unsigned long long)bad, why, (unsigned long long)count);
		return 1;
	}
	printf("audit log intact: %llu records of CA %s, head %s\n",
	    (unsigned long long)count, name, head);
	return 0;
}

static int
audit_list_reply(struct proto_msg *rep, void *arg)
{
	char		 ca[CASTORE_CA_MAX], actor[128], op[64];
	char		 detail[CAAUDIT_DETAIL_MAX + 1];
	uint64_t	 n, i, id, at, cut;

	(void)arg;
	if (proto_get_u64(rep, &n) == -1)
		return cactl_malformed();
	for (i = 0; i < n; i++) {
		if (proto_get_u64(rep, &id) == -1 ||
		    proto_get_u64(rep, &at) == -1 ||
		    proto_get_str(rep, ca, sizeof(ca)) == -1 ||
		    proto_get_str(rep, actor, sizeof(actor)) == -1 ||
		    proto_get_str(rep, op, sizeof(op)) == -1 ||
		    proto_get_str(rep, detail, sizeof(detail)) == -1 ||
		    proto_get_u64(rep, &cut) == -1)
			return cactl_malformed();
		/* Records from before schema 7 did not name their CA. */
		printf("#%llu\t%s\t%s\t%s\t%s\t%s%s\n",
		    (unsigned long long)id, cactl_when(at),
		    ca[0] != '\0' ? ca : "-", actor, op, detail,
		    cut ? " [...]" : "");
	}
	return proto_end(rep) == -1 ? cactl_malformed() : 0;
}

static int
cmd_audit(int argc, char **argv)
{
	static const char help[] = "usage: cactl audit verify\n"
	    "       cactl audit list [-n COUNT]\n"
	    "verify recomputes the audit log's hash chain.  Exits 0 and\n"
	    "prints the record count, the CA's name and the head hash if it\n"
	    "is intact (record the head hash elsewhere: only an outside\n"
	    "copy shows a truncated tail); exits 1 naming the first record\n"
	    "that does not verify.\n"
	    "list prints the newest COUNT records (default 20, at most 500),\n"
	    "oldest first, one per line: #id, time, CA, actor, operation,\n"
	    "detail (cut at 400 bytes, marked [...]).  '-' for the CA of a\n"
	    "record written before records named their CA.\n";
	struct proto_buf req;
	char		*end;
	unsigned long long n = 20;

	if (cactl_want_help(argc, argv, help))
		return 0;
	if (argc == 2 && strcmp(argv[1], "verify") == 0) {
		proto_buf_init(&req, PROTO_AUDIT_VERIFY);
		return cactl_ask(&req, audit_reply, NULL);
	}
	if (argc < 2 || strcmp(argv[1], "list") != 0)
		return cactl_bad_usage(help, NULL);
	if (argc == 4 && strcmp(argv[2], "-n") == 0) {
		errno = 0;
		n = strtoull(argv[3], &end, 10);
		if (errno != 0 || end == argv[3] || *end != '\0' ||
		    argv[3][0] == '-' || n < 1 || n > CAAUDIT_LIST_MAX)
			return cactl_bad_usage(help, "COUNT is 1 to 500");
	} else if (argc != 2)
		return cactl_bad_usage(help, NULL);
	proto_buf_init(&req, PROTO_AUDIT_LIST);
	proto_put_u64(&req, (uint64_t)n);
	return cactl_ask(&req, audit_list_reply, NULL);
}

int
main(int argc, char **argv)
{
	size_t	 i;
	int	 ch;

	log_init("cactl");
	if ((sockpath = getenv("CA_SOCKET")) == NULL || *sockpath == '\0')
		sockpath = DEFAULT_SOCKET;
	while ((ch = getopt(argc, argv, "+s:h")) != -1) {
		switch (ch) {
		case 's':
			sockpath = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return 2;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
		usage();
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[0], cmds[i].name) == 0)
			return cmds[i].fn(argc, argv);
	fprintf(stderr, "cactl: unknown command '%s'\n", argv[0]);
	usage();
	return 2;
}
