/*
 * noticerecv.c: the reference receiver of ca-reissue's platform notices
 * (PLATFORMS.md).  The integration tests use it as the linked platforms,
 * and `make run` runs one for the five demo platforms; a platform's
 * developers can read it as a worked example of everything a receiver
 * must do:
 *
 *   1. take the POST body (a DER CMS SignedData, at most 1 MiB);
 *   2. verify the signature and the signer's chain to the CA's root (an
 *      SM2 CA's chain with the SM2 distinguishing ID: sm2_ids()), and
 *      that the signer is the CA's notice-signing certificate (pinned:
 *      another certificate of the same CA must not be able to speak for
 *      it);
 *   3. if the platform shares a secret with the CA, check
 *      X-CA-Notice-MAC (HMAC-SHA256 of the body);
 *   4. parse the signed XML (no network, no entity expansion);
 *   5. deduplicate by (platform, event id): a notice may arrive twice;
 *   6. store it durably, and only then answer 2xx.  Anything else gets a
 *      4xx/5xx and the CA sends it again later.
 *
 *   noticerecv -l PORT -a ROOT.pem -s SIGNER.pem [-a ... -s ...] -d DIR
 *              [-k SECRETS] [-c TLS.crt -K TLS.key]
 *
 * -a and -s repeat for a service of several issuing CAs (cactl ca add):
 * each CA's root is trusted and each CA's notice signer pinned.
 * PORT 0 picks a free port and writes it to DIR/port.  SECRETS has lines
 * "PLATFORM<TAB>SECRET".  DIR/received.tsv gets one line per first
 * arrival: platform, sequence, event id, type, old serial, new serial
 * (tab-separated, fsync'd before the answer); DIR/duplicates.tsv one per
 * repeat; DIR/last.der is the last new notice as it arrived.  While
 * DIR/mode holds "503" every request is answered 503 (the
 * tests' way to take a platform down).  With -c/-K it speaks HTTPS.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define BODY_MAX	(1024 * 1024)
#define HEAD_MAX	8192
#define SEEN_MAX	100000

#define PINNED_MAX	8

static X509_STORE	*roots;
static X509		*signer[PINNED_MAX];	/* the pinned notice signers */
static int		 nsigner;
static const char	*dir;
static SSL_CTX		*tls;
static char		*seen[SEEN_MAX];	/* "platform\tevent" */
static size_t		 nseen;
static struct {
	char	 platform[128];
	char	 secret[130];
} secrets[64];
static size_t		 nsecrets;
static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

/* One client connection, plain or TLS. */
struct cl {
	int	 fd;
	SSL	*ssl;
};

static long
cl_read(struct cl *c, char *b, size_t n)
{
	if (c->ssl != NULL)
		return SSL_read(c->ssl, b, (int)n);
	return (long)read(c->fd, b, n);
}

static void
cl_write(struct cl *c, const char *b, size_t n)
{
	if (c->ssl != NULL)
		(void)SSL_write(c->ssl, b, (int)n);
	else
		(void)!write(c->fd, b, n);
}

static void
answer(struct cl *c, int status, const char *text)
{
	char	 buf[512];
	int	 n;

	n = snprintf(buf, sizeof(buf), "HTTP/1.0 %d %s\r\nContent-Type: "
	    "text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n"
	    "%s\n", status, status == 200 ? "OK" : "Error", strlen(text) + 1,
	    text);
	cl_write(c, buf, (size_t)n);
}

/* The value of header name in head (NUL-terminated), or NULL. */
static const char *
header(const char *head, const char *name, char *val, size_t sz)
{
	const char	*p = head;
	size_t		 n = strlen(name), k;

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			k = strcspn(p, "\r\n");
			if (k >= sz)
				return NULL;
			memcpy(val, p, k);
			val[k] = '\0';
			return val;
		}
	}
	return NULL;
}

/* Text of the first element named name under root, or "". */
static void
field(xmlNode *root, const char *name, char *out, size_t sz)
{
	xmlNode	*n;
	xmlChar	*t;

	out[0] = '\0';
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0) {
			if ((t = xmlNodeGetContent(n)) != NULL) {
				snprintf(out, sz, "%s", (const char *)t);
				xmlFree(t);
			}
			return;
		}
}

static const char *
secret_of(const char *platform)
{
	size_t	 i;

	for (i = 0; i < nsecrets; i++)
		if (strcmp(secrets[i].platform, platform) == 0)
			return secrets[i].secret;
	return NULL;
}

/* 1 if mac ("hmac-sha256=HEX") is the HMAC of body under secret. */
static int
mac_ok(const char *mac, const char *secret, const uint8_t *body, size_t n)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen, i;
	char		 hex[2 * EVP_MAX_MD_SIZE + 1];

	if (mac == NULL || strncmp(mac, "hmac-sha256=", 12) != 0 ||
	    HMAC(EVP_sha256(), secret, (int)strlen(secret), body, n, md,
	    &mdlen) == NULL)
		return 0;
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return strlen(mac + 12) == 2 * mdlen &&
	    CRYPTO_memcmp(hex, mac + 12, 2 * mdlen) == 0;
}

static int
is_seen(const char *key)
{
	size_t	 i;

	for (i = 0; i < nseen; i++)
		if (strcmp(seen[i], key) == 0)
			return 1;
	return 0;
}

static void
remember(const char *key)
{
	if (nseen < SEEN_MAX && (seen[nseen] = strdup(key)) != NULL)
		nseen++;
}

/* Appends line to DIR/name and fsyncs it.  0 / -1. */
static int
append(const char *name, const char *line)
{
	char	 path[1024];
	FILE	*f;
	int	 ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "a")) == NULL)
		return -1;
	ok = fputs(line, f) >= 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* 1 while DIR/mode says 503. */
static int
down(void)
{
	char	 path[1024], buf[8] = "";
	FILE	*f;

	snprintf(path, sizeof(path), "%s/mode", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	return strncmp(buf, "503", 3) == 0;
}

/*
 * A CA whose certificates are signed SM2-with-SM3 (GM/T 0015) signs them
 * with the distinguishing ID 1234567812345678; OpenSSL 3.0 verifies an
 * SM2 signature on a certificate only with that ID set on it.  Sets it
 * on every SM2-signed certificate the notice carries (the chain CMS
 * verification will check).  0, or -1 on failure.
 */
static int
sm2_ids(CMS_ContentInfo *cms)
{
	static const char	 sm2_id[] = "1234567812345678";
	STACK_OF(X509)		*certs;
	ASN1_OCTET_STRING	*id;
	X509			*x;
	int			 i, rc = 0;

	if ((certs = CMS_get1_certs(cms)) == NULL)
		return 0;
	for (i = 0; i < sk_X509_num(certs) && rc == 0; i++) {
		x = sk_X509_value(certs, i);
		if (X509_get_signature_nid(x) != NID_SM2_with_SM3)
			continue;
		if ((id = ASN1_OCTET_STRING_new()) == NULL ||
		    ASN1_OCTET_STRING_set(id, (const unsigned char *)sm2_id,
		    (int)strlen(sm2_id)) != 1) {
			ASN1_OCTET_STRING_free(id);
			rc = -1;
		} else
			X509_set0_distinguishing_id(x, id);
	}
	sk_X509_pop_free(certs, X509_free);
	return rc;
}

/* 1 if x is one of the pinned notice signers (one per CA), else 0. */
static int
pinned(X509 *x)
{
	int	 i;

	for (i = 0; i < nsigner; i++)
		if (X509_cmp(x, signer[i]) == 0)
			return 1;
	return 0;
}

/* Verifies and records one notice; returns the HTTP status. */
static int
take(const uint8_t *body, size_t n, const char *mac, const char **why)
{
	const unsigned char	*p = body;
	CMS_ContentInfo		*cms = NULL;
	STACK_OF(X509)		*signers = NULL;
	BIO			*out = NULL;
	BUF_MEM			*bm;
	xmlDoc			*doc = NULL;
	xmlNode			*root;
	char			 pf[128], seq[24], ev[64], type[24];
	char			 old[64], nw[64], key[200], line[600];

	const char		*secret;
	int			 status = 400;

	/* 2: signature, chain to the root, and the pinned signer. */
	if ((cms = d2i_CMS_ContentInfo(NULL, &p, (long)n)) == NULL ||
	    p != body + n) {
		*why = "not a DER CMS message";
		goto out;
	}
	if ((out = BIO_new(BIO_s_mem())) == NULL || sm2_ids(cms) == -1 ||
	    CMS_verify(cms, NULL, roots, NULL, out, CMS_BINARY) != 1) {
		*why = "signature or certificate chain does not verify";
		goto out;
	}
	if ((signers = CMS_get0_signers(cms)) == NULL ||
	    sk_X509_num(signers) != 1 || !pinned(sk_X509_value(signers, 0))) {
		*why = "not signed by the CA's notice-signing certificate";
		goto out;
	}
	/* 4: the signed XML. */
	BIO_get_mem_ptr(out, &bm);
	if ((doc = xmlReadMemory(bm->data, (int)bm->length, "notice.xml",
	    "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING)) == NULL ||
	    (root = xmlDocGetRootElement(doc)) == NULL ||
	    strcmp((const char *)root->name, "notice") != 0) {
		*why = "the signed content is not a notice document";
		goto out;
	}
	field(root, "platform", pf, sizeof(pf));
	field(root, "sequence", seq, sizeof(seq));
	field(root, "event-id", ev, sizeof(ev));
	field(root, "type", type, sizeof(type));
	field(root, "old-serial", old, sizeof(old));
	field(root, "new-serial", nw, sizeof(nw));
	if (pf[0] == '\0' || seq[0] == '\0' || ev[0] == '\0' ||
	    type[0] == '\0') {
		*why = "the notice lacks platform, sequence, event-id or type";
		goto out;
	}
	/* 3: the shared secret, if this platform has one. */
	if ((secret = secret_of(pf)) != NULL && !mac_ok(mac, secret, body,
	    n)) {
		status = 401;
		*why = "X-CA-Notice-MAC missing or wrong";
		goto out;
	}
	/* 5 and 6: deduplicate, store, then answer. */
	snprintf(key, sizeof(key), "%s\t%s", pf, ev);
	snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\t%s\n", pf, seq, ev,
	    type, old, nw);
	if (is_seen(key)) {
		(void)append("duplicates.tsv", line);
		*why = "ok (already had it)";
		status = 200;
		goto out;
	}
	if (append("received.tsv", line) == -1) {
		status = 503;
		*why = "cannot store the notice now";
		goto out;
	}
	remember(key);
	/* The last one as it came, for a look with `openssl cms`. */
	{
		char	 path[1024];
		FILE	*f;

		snprintf(path, sizeof(path), "%s/last.der", dir);
		if ((f = fopen(path, "wb")) != NULL) {
			(void)!fwrite(body, 1, n, f);
			fclose(f);
		}
	}
	*why = "ok";
	status = 200;
out:
	xmlFreeDoc(doc);
	sk_X509_free(signers);
	BIO_free(out);
	CMS_ContentInfo_free(cms);
	return status;
}

static void
serve_one(struct cl *c)
{
	char		*buf, *e, len[24], mac[200];
	const char	*why = "";
	size_t		 have = 0, need = 0, hlen;
	long		 r, clen;
	int		 status;

	if ((buf = malloc(HEAD_MAX + BODY_MAX + 1)) == NULL)
		return;
	for (;;) {
		if ((r = cl_read(c, buf + have, HEAD_MAX + BODY_MAX -
		    have)) <= 0)
			goto out;
		have += (size_t)r;
		buf[have] = '\0';
		if (need == 0 && (e = strstr(buf, "\r\n\r\n")) != NULL) {
			hlen = (size_t)(e - buf) + 4;
			if (strncmp(buf, "POST ", 5) != 0 ||
			    header(buf, "Content-Length", len,
			    sizeof(len)) == NULL ||
			    (clen = strtol(len, NULL, 10)) < 1 ||
			    clen > BODY_MAX) {
				answer(c, 400, "POST with a Content-Length "
				    "of at most 1 MiB, please");
				goto out;
			}
			need = hlen + (size_t)clen;
		}
		if (need == 0 && have >= HEAD_MAX) {
			answer(c, 400, "header too long");
			goto out;
		}
		if (need != 0 && have >= need)
			break;
	}
	if (down()) {
		answer(c, 503, "platform down for maintenance (test)");
		goto out;
	}
	buf[hlen - 2] = '\0';
	status = take((uint8_t *)buf + hlen, need - hlen,
	    header(buf, "X-CA-Notice-MAC", mac, sizeof(mac)), &why);
	answer(c, status, why);
	if (status != 200)
		fprintf(stderr, "noticerecv: refused a notice: %s\n", why);
out:
	free(buf);
}

/* Reloads DIR/received.tsv into the dedupe set. */
static void
load_seen(void)
{
	char	 path[1024], line[600], key[700], *t;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/received.tsv", dir);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		/* platform \t seq \t event ... */
		if ((t = strchr(line, '\t')) == NULL ||
		    (t = strchr(t + 1, '\t')) == NULL)
			continue;
		*t = '\0';
		snprintf(key, sizeof(key), "%s\t%.*s", line,
		    (int)strcspn(t + 1, "\t\n"), t + 1);
		remember(key);
	}
	fclose(f);
}

static void
load_secrets(const char *path)
{
	char	 line[300], *t;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "noticerecv: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (nsecrets < 64 && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((t = strchr(line, '\t')) == NULL)
			continue;
		*t = '\0';
		snprintf(secrets[nsecrets].platform,
		    sizeof(secrets[nsecrets].platform), "%.127s", line);
		snprintf(secrets[nsecrets].secret,
		    sizeof(secrets[nsecrets].secret), "%.129s", t + 1);
		nsecrets++;
	}
	fclose(f);
}

static X509 *
read_cert(const char *path)
{
	FILE	*f;
	X509	*x;

	if ((f = fopen(path, "r")) == NULL ||
	    (x = PEM_read_X509(f, NULL, NULL, NULL)) == NULL) {
		fprintf(stderr, "noticerecv: %s: no PEM certificate\n", path);
		exit(1);
	}
	fclose(f);
	return x;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	struct sigaction	 sa;
	struct timeval		 tv = { 10, 0 };
	socklen_t		 sl = sizeof(sin);
	const char		*root[PINNED_MAX], *sig[PINNED_MAX];
	const char		*sec = NULL;
	int			 nroot = 0, i;
	const char		*crt = NULL, *key = NULL;
	char			 path[1024], buf[16];
	int			 ch, port = -1, lfd, fd, one = 1;
	struct cl		 c;
	X509			*r;

	while ((ch = getopt(argc, argv, "l:a:s:d:k:c:K:")) != -1) {
		switch (ch) {
		case 'l': port = atoi(optarg); break;
		case 'a':
			if (nroot == PINNED_MAX)
				goto usage;
			root[nroot++] = optarg;
			break;
		case 's':
			if (nsigner == PINNED_MAX)
				goto usage;
			sig[nsigner++] = optarg;
			break;
		case 'd': dir = optarg; break;
		case 'k': sec = optarg; break;
		case 'c': crt = optarg; break;
		case 'K': key = optarg; break;
		default: goto usage;
		}
	}
	if (port < 0 || port > 65535 || nroot == 0 || nsigner == 0 ||
	    dir == NULL || (crt == NULL) != (key == NULL) || optind != argc)
		goto usage;
	roots = X509_STORE_new();
	for (i = 0; i < nroot; i++) {
		r = read_cert(root[i]);
		X509_STORE_add_cert(roots, r);
		X509_free(r);
	}
	for (i = 0; i < nsigner; i++)
		signer[i] = read_cert(sig[i]);
	if (sec != NULL)
		load_secrets(sec);
	load_seen();
	if (crt != NULL && ((tls = SSL_CTX_new(TLS_server_method())) == NULL ||
	    SSL_CTX_use_certificate_chain_file(tls, crt) != 1 ||
	    SSL_CTX_use_PrivateKey_file(tls, key, SSL_FILETYPE_PEM) != 1)) {
		fprintf(stderr, "noticerecv: cannot load %s / %s\n", crt, key);
		return 1;
	}
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 64) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &sl) == -1) {
		fprintf(stderr, "noticerecv: port %d: %s\n", port,
		    strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/port.tmp", dir);
	snprintf(buf, sizeof(buf), "%d\n", ntohs(sin.sin_port));
	{
		FILE	*f = fopen(path, "w");
		char	 fin[1024];

		if (f == NULL || fputs(buf, f) < 0 || fclose(f) != 0)
			return 1;
		snprintf(fin, sizeof(fin), "%s/port", dir);
		if (rename(path, fin) == -1)
			return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	while (!quit) {
		if ((fd = accept(lfd, NULL, NULL)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		memset(&c, 0, sizeof(c));
		c.fd = fd;
		if (tls != NULL && ((c.ssl = SSL_new(tls)) == NULL ||
		    SSL_set_fd(c.ssl, fd) != 1 || SSL_accept(c.ssl) != 1)) {
			ERR_clear_error();
			SSL_free(c.ssl);
			close(fd);
			continue;
		}
		serve_one(&c);
		if (c.ssl != NULL) {
			SSL_shutdown(c.ssl);
			SSL_free(c.ssl);
		}
		close(fd);
	}
	return 0;
usage:
	fprintf(stderr, "usage: noticerecv -l PORT -a ROOT.pem -s SIGNER.pem "
	    "[-a ROOT.pem -s SIGNER.pem ...]\n"
	    "                  -d DIR [-k SECRETS] [-c TLS.crt -K TLS.key]\n");
	return 2;
}
