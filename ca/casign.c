/*
 * casign.c: the key process, the only process that ever holds the
 * issuing CA's private key or its passphrase, or opens its PKCS#11
 * token.  It signs to-be-signed blobs that the CA store process (cad)
 * encoded, after checking that each is what it claims to be and was
 * made under this CA's policy; it does nothing else.
 *
 *   casign -c CADIR -s SOCKET [-o OWNER] [-u USER] [-p PASSPHRASE_FILE]
 *          [-P PIN_FILE] [-K KEY_URI [-M KEY_MODULE]] [-f FD]
 *
 * cad starts it (as root, when cad runs as root).  This process, the
 * monitor, reads CADIR/ca.crt, opens the key file and the passphrase
 * file (or the token's PIN file) while it is root (they stay root's,
 * 0600: cakey_open()), binds SOCKET (mode 0600, owned by OWNER: cad's
 * store user, the only one who may connect), becomes USER, enters its
 * seccomp filter (lib/sandbox.h: no exec, no network, no change of
 * user) and accepts.  Every connection gets a child of its own, which
 * loads the key from those descriptors (or opens the token, whose files
 * or device are USER's), closes them, checks the key against ca.crt,
 * wipes the secret, enters the key filter (anything but read, write and
 * memory kills it), and answers its connection until cad closes it.  A child that dies takes only its
 * connection: cad sees it close, answers that request with an error
 * (nothing signed, nothing stored), and its next connection gets a
 * fresh child that loads the key again.  The monitor holds no key.
 *
 * The wire format is in ca/casig.h.  What is checked before signing:
 *   - CASIG_CERT: one DER TBSCertificate, nothing after it: v3; a
 *     positive serial of 1..20 octets; signature = this key's
 *     AlgorithmIdentifier; issuer = ca.crt's subject, octet for octet;
 *     validity inside ca.crt's and notBefore before notAfter (each
 *     Time in its one DER form); a subject other than the issuer; an
 *     authorityKeyIdentifier whose keyIdentifier is ca.crt's subject
 *     key identifier; basicConstraints, if any, the empty SEQUENCE, and
 *     no keyCertSign or cRLSign in keyUsage (this process makes
 *     end-entity certificates only; CA certificates are made at a
 *     ceremony by cactl, never online).
 *   - CASIG_CRL: one DER TBSCertList, nothing after it: v2; the same
 *     AlgorithmIdentifier and issuer; thisUpdate inside ca.crt's
 *     validity, nextUpdate after it; every entry a serial (1..20
 *     octets, positive) and a date; an authorityKeyIdentifier as above
 *     and a cRLNumber.
 * Anything else is refused, logged here and in cad's audit log.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ca/caconf.h"
#include "ca/cader.h"
#include "ca/cakey.h"
#include "ca/casig.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/sandbox.h"
#include "lib/sig.h"
#include "lib/unixsock.h"
#include "lib/sm2.h"

#define MAX_CHILDREN	64

/* What a child knows: its key and the CA certificate's facts. */
struct key {
	EVP_PKEY	*pkey;
	X509		*cert;
	uint8_t		*issuer;	/* DER subject of ca.crt */
	int		 issuer_len;
	const ASN1_OCTET_STRING *ski;
	uint8_t		 aid[CASIG_AID_MAX];
	size_t		 aid_len;
	EVP_MD_CTX	*tmpl;		/* signing set up once; each
					   signature starts from a copy */
};

static volatile sig_atomic_t	 quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

/* ---- policy checks --------------------------------------------------- */

static const uint8_t	 oid_aki[] = { 0x55, 0x1d, 0x23 };
static const uint8_t	 oid_basic[] = { 0x55, 0x1d, 0x13 };
static const uint8_t	 oid_crlnum[] = { 0x55, 0x1d, 0x14 };
static const uint8_t	 oid_ku[] = { 0x55, 0x1d, 0x0f };

/*
 * Takes a Time off in without decoding it (a CRL's entries: millions of
 * them, nothing allocated); *tlv gets it.  -1 unless it has its one
 * RFC 5280 4.1.2.5 form: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ, digits.
 */
static int
skip_time(struct cader_in *in, struct cader_in *tlv)
{
	struct cader_in	 v;
	size_t		 i;

	if (cader_get(in, 0x17, &v, tlv) == -1 &&
	    cader_get(in, 0x18, &v, tlv) == -1)
		return -1;
	if (v.len != (tlv->p[0] == 0x17 ? 13u : 15u) || v.p[v.len - 1] != 'Z')
		return -1;
	for (i = 0; i + 1 < v.len; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
	return 0;
}

/* Takes a Time off in; -1 unless it is one.  *t gets it (caller frees). */
static int
get_time(struct cader_in *in, ASN1_TIME **t)
{
	struct cader_in	 tlv;
	const uint8_t	*p;

	if (skip_time(in, &tlv) == -1)
		return -1;
	p = tlv.p;
	if ((*t = d2i_ASN1_TIME(NULL, &p, (long)tlv.len)) == NULL ||
	    p != tlv.p + tlv.len || ASN1_TIME_check(*t) != 1) {
		ASN1_TIME_free(*t);
		*t = NULL;
		return -1;
	}
	return 0;
}

/* 1 if a < b, 0 if not, -1 if they cannot be compared. */
static int
time_before(const ASN1_TIME *a, const ASN1_TIME *b)
{
	int	 r = ASN1_TIME_compare(a, b);

	return r == -1 ? 1 : r == 0 || r == 1 ? 0 : -1;
}

/* A positive INTEGER of 1..20 octets in DER (minimal, not zero). */
static int
get_serial(struct cader_in *in)
{
	struct cader_in	 v;
	size_t		 i;

	if (cader_get(in, 0x02, &v, NULL) == -1 || v.len < 1 ||
	    v.len > 20 || (v.p[0] & 0x80) ||
	    (v.len > 1 && v.p[0] == 0 && (v.p[1] & 0x80) == 0))
		return -1;
	for (i = 0; i < v.len; i++)
		if (v.p[i] != 0)
			return 0;
	return -1;
}

/* The AlgorithmIdentifier and issuer that follow; -1 unless ours. */
static int
get_aid_issuer(const struct key *k, struct cader_in *in, const char **why)
{
	struct cader_in	 v, tlv;

	if (cader_get(in, 0x30, &v, &tlv) == -1 ||
	    tlv.len != k->aid_len || memcmp(tlv.p, k->aid, tlv.len) != 0) {
		*why = "signature algorithm is not this key's";
		return -1;
	}
	if (cader_get(in, 0x30, &v, &tlv) == -1 ||
	    tlv.len != (size_t)k->issuer_len ||
	    memcmp(tlv.p, k->issuer, tlv.len) != 0) {
		*why = "issuer is not this CA";
		return -1;
	}
	return 0;
}

/*
 * Walks the extensions in exts (the content of their SEQUENCE): *aki
 * becomes 1 on an authorityKeyIdentifier with our key identifier,
 * *crlnum on a cRLNumber.  -1 on a malformed extension, a foreign key
 * identifier or a CA basicConstraints.
 */
static int
check_exts(const struct key *k, struct cader_in exts, int *aki, int *crlnum,
    const char **why)
{
	struct cader_in	 e, oid, crit, val, s, kid, b;

	*aki = *crlnum = 0;
	*why = "malformed extensions";
	while (exts.len > 0) {
		if (cader_get(&exts, 0x30, &e, NULL) == -1 ||
		    cader_get(&e, 0x06, &oid, NULL) == -1)
			return -1;
		(void)cader_get(&e, 0x01, &crit, NULL);
		if (cader_get(&e, 0x04, &val, NULL) == -1 || e.len != 0)
			return -1;
		if (cader_is(&oid, oid_aki, sizeof(oid_aki))) {
			if (cader_get(&val, 0x30, &s, NULL) == -1 ||
			    cader_get(&s, 0x80, &kid, NULL) == -1 ||
			    kid.len != (size_t)k->ski->length ||
			    memcmp(kid.p, k->ski->data, kid.len) != 0) {
				*why = "authority key identifier is not this "
				    "CA's";
				return -1;
			}
			*aki = 1;
		} else if (cader_is(&oid, oid_basic, sizeof(oid_basic))) {
			/*
			 * An end entity's is the empty SEQUENCE (cA FALSE is
			 * the default, so DER leaves it out); anything else,
			 * however encoded, may be read as a CA somewhere.
			 */
			if (cader_get(&val, 0x30, &s, NULL) == -1 ||
			    val.len != 0 || s.len != 0) {
				*why = "a CA certificate is never signed "
				    "online";
				return -1;
			}
		} else if (cader_is(&oid, oid_ku, sizeof(oid_ku))) {
			/* keyCertSign (bit 5) or cRLSign (bit 6): a CA. */
			if (cader_get(&val, 0x03, &b, NULL) == -1 ||
			    val.len != 0 || b.len < 2 || b.p[0] > 7 ||
			    (b.p[1] & 0x06) != 0) {
				*why = "a CA certificate is never signed "
				    "online";
				return -1;
			}
		} else if (cader_is(&oid, oid_crlnum, sizeof(oid_crlnum)))
			*crlnum = 1;
	}
	return 0;
}

/* NULL if p[0..n) is a TBSCertificate we sign, else why not. */
static const char *
check_cert(const struct key *k, const uint8_t *p, size_t n)
{
	struct cader_in	 in = { p, n }, tbs, v, x, exts;
	ASN1_TIME	*nb = NULL, *na = NULL;
	const char	*why = "not a DER TBSCertificate";
	int		 aki, crlnum;

	if (cader_get(&in, 0x30, &tbs, NULL) == -1 || in.len != 0 ||
	    cader_get(&tbs, 0xa0, &v, NULL) == -1 ||
	    cader_get(&v, 0x02, &x, NULL) == -1 || v.len != 0 ||
	    !cader_is(&x, (const uint8_t *)"\x02", 1) ||
	    get_serial(&tbs) == -1)
		goto out;
	if (get_aid_issuer(k, &tbs, &why) == -1)
		goto out;
	why = "malformed validity";
	if (cader_get(&tbs, 0x30, &v, NULL) == -1 || get_time(&v, &nb) ||
	    get_time(&v, &na) || v.len != 0)
		goto out;
	why = "validity is not inside the CA's";
	if (time_before(nb, na) != 1 ||
	    time_before(nb, X509_get0_notBefore(k->cert)) != 0 ||
	    time_before(X509_get0_notAfter(k->cert), na) != 0)
		goto out;
	why = "not a DER TBSCertificate";
	if (cader_get(&tbs, 0x30, &v, &x) == -1)	/* subject */
		goto out;
	why = "a self-issued certificate is never signed online";
	if (x.len == (size_t)k->issuer_len &&
	    memcmp(x.p, k->issuer, x.len) == 0)
		goto out;
	why = "not a DER TBSCertificate";
	if (cader_get(&tbs, 0x30, &v, NULL) == -1 ||	/* key */
	    cader_get(&tbs, 0xa3, &x, NULL) == -1 || tbs.len != 0 ||
	    cader_get(&x, 0x30, &exts, NULL) == -1 || x.len != 0)
		goto out;
	if (check_exts(k, exts, &aki, &crlnum, &why) == -1)
		goto out;
	why = aki ? NULL : "no authority key identifier";
out:
	ASN1_TIME_free(nb);
	ASN1_TIME_free(na);
	return why;
}

/* NULL if p[0..n) is a TBSCertList we sign, else why not. */
static const char *
check_crl(const struct key *k, const uint8_t *p, size_t n)
{
	struct cader_in	 in = { p, n }, tbs, x, list, e, exts;
	ASN1_TIME	*tu = NULL, *nu = NULL;
	const char	*why = "not a DER TBSCertList";
	int		 aki, crlnum;

	if (cader_get(&in, 0x30, &tbs, NULL) == -1 || in.len != 0 ||
	    cader_get(&tbs, 0x02, &x, NULL) == -1 ||
	    !cader_is(&x, (const uint8_t *)"\x01", 1))
		goto out;
	if (get_aid_issuer(k, &tbs, &why) == -1)
		goto out;
	why = "malformed dates";
	if (get_time(&tbs, &tu) == -1 || get_time(&tbs, &nu) == -1)
		goto out;
	why = "thisUpdate is not inside the CA's validity, or nextUpdate "
	    "is not after it";
	if (time_before(tu, nu) != 1 ||
	    time_before(tu, X509_get0_notBefore(k->cert)) != 0 ||
	    time_before(X509_get0_notAfter(k->cert), tu) != 0)
		goto out;
	why = "malformed revoked certificate entry";
	if (cader_get(&tbs, 0x30, &list, NULL) == 0) {
		while (list.len > 0) {
			if (cader_get(&list, 0x30, &e, NULL) == -1 ||
			    get_serial(&e) == -1 || skip_time(&e, &x) == -1)
				goto out;
			if (e.len > 0 && (cader_get(&e, 0x30, &x, NULL) ==
			    -1 || e.len != 0))
				goto out;
		}
	}
	why = "no CRL extensions";
	if (cader_get(&tbs, 0xa0, &x, NULL) == -1 || tbs.len != 0 ||
	    cader_get(&x, 0x30, &exts, NULL) == -1 || x.len != 0)
		goto out;
	if (check_exts(k, exts, &aki, &crlnum, &why) == -1)
		goto out;
	why = !aki ? "no authority key identifier" :
	    !crlnum ? "no CRL number" : NULL;
out:
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	return why;
}

/* ---- the child: one connection ---------------------------------------- */

static int
reply(int fd, int status, const void *p, size_t n)
{
	uint8_t		 hdr[CASIG_HDR_LEN];
	struct iovec	 iov[2];

	casig_hdr_put(hdr, n, status);
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)(uintptr_t)p;
	iov[1].iov_len = n;
	return fdio_writev(fd, iov, n > 0 ? 2 : 1);
}

/* Answers fd until it closes.  Never returns. */
static void
serve(const struct key *k, int fd)
{
	EVP_MD_CTX	*md;
	uint8_t		 hdr[CASIG_HDR_LEN], sig[CASIG_SIG_MAX], hello[80];
	uint8_t		*buf = NULL, *p;
	size_t		 len, cap = 0, siglen;
	size_t		 sigmax = (size_t)EVP_PKEY_get_size(k->pkey);
	const char	*why;

	if ((md = EVP_MD_CTX_new()) == NULL)
		_exit(1);

	for (;;) {
		if (fdio_read(fd, hdr, sizeof(hdr), -1) == -1)
			break;
		len = casig_hdr_len(hdr);
		if (len > CASIG_MAX_PAYLOAD || hdr[4] > CASIG_CRL ||
		    (hdr[4] != CASIG_CRL && len > CASIG_CERT_MAX)) {
			log_err("a request that breaks the protocol: "
			    "closing the connection");
			break;
		}
		/* One buffer, grown to the largest request so far. */
		if (len > cap) {
			if ((p = realloc(buf, len)) == NULL)
				break;
			buf = p;
			cap = len;
		}
		if (len > 0 && fdio_read(fd, buf, len, -1) == -1)
			break;
		if (hdr[4] == CASIG_HELLO) {
			hello[0] = (uint8_t)k->aid_len;
			memcpy(hello + 1, k->aid, k->aid_len);
			hello[1 + k->aid_len] = (uint8_t)(sigmax >> 8);
			hello[2 + k->aid_len] = (uint8_t)sigmax;
			if (reply(fd, CASIG_OK, hello, k->aid_len + 3) == -1)
				break;
			continue;
		}
		why = hdr[4] == CASIG_CERT ? check_cert(k, buf, len) :
		    check_crl(k, buf, len);
		if (why != NULL) {
			log_err("refused to sign a %s: %s", hdr[4] ==
			    CASIG_CERT ? "certificate" : "CRL", why);
			if (reply(fd, CASIG_REFUSED, why, strlen(why)) == -1)
				break;
			continue;
		}
		/* A copy of the prepared context (for SM2 with its ID)
		 * saves fetching the algorithms again for each signature;
		 * a key that cannot be copied (a token's, maybe) is set
		 * up afresh. */
		siglen = sizeof(sig);
		if ((EVP_MD_CTX_copy_ex(md, k->tmpl) != 1 ||
		    EVP_DigestSign(md, sig, &siglen, buf, len) != 1) &&
		    (siglen = sizeof(sig), EVP_MD_CTX_reset(md) != 1 ||
		    sm2_sign_init(md, NULL, k->pkey) == -1 ||
		    EVP_DigestSign(md, sig, &siglen, buf, len) != 1)) {
			log_ssl("casign", "signing failed");
			if (reply(fd, CASIG_FAILED, "signing failed", 14) == -1)
				break;
			continue;
		}
		if (reply(fd, CASIG_OK, sig, siglen) == -1)
			break;
		if (cap > CASIG_CERT_MAX) {	/* a CRL's: not kept */
			free(buf);
			buf = NULL;
			cap = 0;
		}
	}
	free(buf);
	EVP_MD_CTX_free(md);
	_exit(0);
}

/*
 * The child's start: load the key from the files the monitor opened,
 * close them, check the key, filter, serve.  Never returns.
 */
static void
child(int fd, const struct caconf *conf, struct cakey_src *src, X509 *cert,
    pid_t monitor)
{
	struct key	 k;
	EVP_MD_CTX	*md = NULL;
	EVP_PKEY_CTX	*pctx = NULL;

	memset(&k, 0, sizeof(k));
	k.cert = cert;
	k.pkey = cakey_from(conf, src);
	cakey_src_close(src);
	if (k.pkey == NULL)
		_exit(1);
	if (X509_check_private_key(cert, k.pkey) != 1) {
		log_ssl("casign", "the CA key does not match ca.crt");
		_exit(1);
	}
	if ((k.issuer_len = i2d_X509_NAME(X509_get_subject_name(cert),
	    &k.issuer)) <= 0 ||
	    (k.ski = X509_get0_subject_key_id(cert)) == NULL ||
	    (md = EVP_MD_CTX_new()) == NULL ||
	    sm2_sign_init(md, &pctx, k.pkey) == -1 ||
	    (k.aid_len = sm2_sig_aid(pctx, k.pkey, k.aid,
	    sizeof(k.aid))) == 0 || EVP_PKEY_get_size(k.pkey) <= 0 ||
	    EVP_PKEY_get_size(k.pkey) > CASIG_SIG_MAX) {
		log_ssl("casign", "cannot prepare signing with the CA key");
		_exit(1);
	}
	k.tmpl = md;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == -1 ||
	    getppid() != monitor ||
	    sandbox_enter(conf->key_uri[0] != '\0' ? SANDBOX_KEYTOKEN :
	    SANDBOX_KEY) == -1)
		_exit(1);
	serve(&k, fd);
}

/* ---- the monitor ------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr, "usage: casign -c CADIR -s SOCKET [-o OWNER] "
	    "[-u USER] [-p PASSPHRASE_FILE]\n              [-P PIN_FILE] "
	    "[-K KEY_URI [-M KEY_MODULE]]\n"
	    "The key process: cad starts it.  It alone reads the issuing "
	    "CA key\n(CADIR/private/ca.key with the passphrase file, or "
	    "the token KEY_URI\nwith the PIN file) and signs what cad "
	    "sends over SOCKET, which only\nOWNER may use, after checking "
	    "it; it runs as USER once the key is loaded.\n");
}

int
main(int argc, char **argv)
{
	static struct caconf	 conf;
	static struct cakey_src	 src;
	struct privdrop_id	 user, owner;
	struct pollfd		 pfd[2];
	const char		*dir = NULL, *sock = NULL, *passfile = NULL;
	const char		*pinfile = NULL, *uname = "careissue-key";
	const char		*oname = "careissue-ca";
	char			 path[PATH_MAX];
	X509			*cert = NULL;
	FILE			*f;
	pid_t			 pid;
	int			 ch, lfd = -1, fd, nchild = 0, status;
	int			 lifeline = -1;
	pid_t			 parent = getppid(), monitor = getpid();

	log_init("casign");
	while ((ch = getopt(argc, argv, "c:s:o:u:p:P:K:M:f:h")) != -1) {
		switch (ch) {
		case 'c': dir = optarg; break;
		case 's': sock = optarg; break;
		case 'o': oname = optarg; break;
		case 'u': uname = optarg; break;
		case 'p': passfile = optarg; break;
		case 'P': pinfile = optarg; break;
		case 'K':
			if (snprintf(conf.key_uri, sizeof(conf.key_uri), "%s",
			    optarg) >= (int)sizeof(conf.key_uri)) {
				usage();
				return 2;
			}
			break;
		case 'M':
			if (snprintf(conf.key_module, sizeof(conf.key_module),
			    "%s", optarg) >= (int)sizeof(conf.key_module)) {
				usage();
				return 2;
			}
			break;
		case 'f':
			/* The read end of a pipe cad holds the other end of. */
			lifeline = atoi(optarg);
			if (lifeline < 3 || fcntl(lifeline, F_GETFD) == -1) {
				usage();
				return 2;
			}
			break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (dir == NULL || sock == NULL || optind != argc) {
		usage();
		return 2;
	}
	if (privdrop_harden() == -1 ||
	    privdrop_lookup(uname, &user) == -1 ||
	    privdrop_lookup(oname, &owner) == -1 ||
	    cakey_open(&conf, dir, passfile, pinfile, &src) == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/ca.crt", dir);
	if ((f = fopen(path, "r")) == NULL ||
	    (cert = PEM_read_X509(f, NULL, NULL, NULL)) == NULL) {
		log_ssl("casign", "cannot read the CA certificate ca.crt");
		if (f != NULL)
			fclose(f);
		return 1;
	}
	fclose(f);
	sig_setup(on_signal);
	if ((lfd = unixsock_listen(sock, 16, &owner, 0)) == -1 ||
	    privdrop_to(&user) == -1 ||
	    sandbox_enter(SANDBOX_KEYMON) == -1)
		return 1;
	log_info("ready on %s (children run as %s)", sock, user.name);
	/*
	 * cad, no longer root, may not signal this process, nor does the
	 * kernel's parent-death signal reach it from there: its end is
	 * seen at once on the pipe it holds open (-f), or else as a new
	 * parent within a second.
	 */
	while (!quit && getppid() == parent) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			nchild--;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				log_warn("key process %ld ended (%s %d): its "
				    "connection is closed; the next gets a "
				    "fresh one", (long)pid, WIFSIGNALED(status)
				    ? "signal" : "status", WIFSIGNALED(status)
				    ? WTERMSIG(status) : WEXITSTATUS(status));
		}
		pfd[0].fd = lfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = lifeline;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (poll(pfd, 2, 1000) < 1)
			continue;
		if (pfd[1].revents != 0)
			break;		/* cad has gone */
		if ((pfd[0].revents & POLLIN) == 0 ||
		    (fd = accept(lfd, NULL, NULL)) == -1)
			continue;
		if (nchild >= MAX_CHILDREN) {
			log_err("%d connections already: refusing another",
			    nchild);
			close(fd);
			continue;
		}
		if ((pid = fork()) == -1) {
			log_err("fork: %s", strerror(errno));
			close(fd);
			continue;
		}
		if (pid == 0) {
			close(lfd);
			if (lifeline != -1)
				close(lifeline);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			child(fd, &conf, &src, cert, monitor);
		}
		nchild++;
		close(fd);
	}
	/*
	 * The children die with this process (PR_SET_PDEATHSIG).  The
	 * socket stays: a new key process may already have bound its own
	 * at that path, and a stale one is replaced at the next start.
	 */
	close(lfd);
	cakey_src_close(&src);
	X509_free(cert);
	return 0;
}
