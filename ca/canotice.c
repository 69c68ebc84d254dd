/*
 * canotice.c: builds, signs and queues the notices to linked platforms.
 * See canotice.h; the document format is specified in PLATFORMS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/rand.h>

#include "ca/ca.h"
#include "ca/canotice.h"
#include "ca/careason.h"
#include "ca/castore.h"
#include "lib/log.h"

#define CANOTICE_NS		"urn:ca-reissue:notice:1"
#define CANOTICE_MAX_PLATFORMS	64

/* A growing text buffer; err sticks after a failed allocation. */
struct sbuf {
	char	*p;
	size_t	 len, cap;
	int	 err;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	char	*np;
	size_t	 ncap;

	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 1024;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->err = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/*
 * Text content: &, < and > escaped; a control character other than tab,
 * LF and CR (which XML 1.0 cannot carry at all) becomes U+FFFD.  The
 * stored texts are UTF-8 already (subjects are RFC 2253 with controls
 * escaped), so this is belt and braces.
 */
static void
sb_text(struct sbuf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '&')
			sb_str(b, "&amp;");
		else if (*p == '<')
			sb_str(b, "&lt;");
		else if (*p == '>')
			sb_str(b, "&gt;");
		else if ((*p < 0x20 && *p != '\t' && *p != '\n' &&
		    *p != '\r') || *p == 0x7f)
			sb_str(b, "\xef\xbf\xbd");
		else
			sb_add(b, (const char *)p, 1);
	}
}

static void
sb_elem(struct sbuf *b, const char *name, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	sb_str(b, "  <");
	sb_str(b, name);
	sb_str(b, ">");
	sb_text(b, text);
	sb_str(b, "</");
	sb_str(b, name);
	sb_str(b, ">\n");
}

/* An RFC 3339 UTC time element, if t is set. */
static void
sb_time(struct sbuf *b, const char *name, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 buf[32];

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return;
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sb_elem(b, name, buf);
}

int
canotice_xml(const struct canotice_event *e, const char *event_id,
    const char *platform, int64_t seq, const char *ca_name,
    const char *crl_url, const char *ocsp_url, uint8_t **out, size_t *len)
{
	struct sbuf	 b;
	char		 num[32];

	memset(&b, 0, sizeof(b));
	sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<notice xmlns=\"" CANOTICE_NS "\">\n");
	sb_elem(&b, "event-id", event_id);
	sb_elem(&b, "platform", platform);
	snprintf(num, sizeof(num), "%lld", (long long)seq);
	sb_elem(&b, "sequence", num);
	sb_elem(&b, "type", e->type);
	sb_time(&b, "time", e->at);
	sb_elem(&b, "ca", ca_name);
	sb_elem(&b, "old-serial", e->old_serial);
	sb_elem(&b, "new-serial", e->new_serial);
	sb_elem(&b, "subject", e->subject);
	if (e->reason >= 0)
		sb_elem(&b, "reason", careason_name(e->reason));
	sb_time(&b, "revoked-at", e->revoked_at);
	sb_time(&b, "invalidity-date", e->invalidity);
	sb_time(&b, "not-after", e->not_after);
	sb_elem(&b, "order", e->order);
	sb_elem(&b, "crl-url", crl_url);
	sb_elem(&b, "ocsp-url", ocsp_url);
	sb_str(&b, "</notice>\n");
	if (b.err) {
		free(b.p);
		log_err("canotice: out of memory");
		return -1;
	}
	*out = (uint8_t *)b.p;
	*len = b.len;
	return 0;
}

int
canotice_sign(EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain,
    const uint8_t *data, size_t len, uint8_t **der, size_t *derlen)
{
	CMS_ContentInfo	*cms = NULL;
	BIO		*in;
	unsigned char	*p = NULL;
	int		 n, rc = -1;

	*der = NULL;
	if ((in = BIO_new_mem_buf(data, (int)len)) == NULL)
		goto out;
	/* Binary: the XML is signed byte for byte, no MIME canonical form. */
	if ((cms = CMS_sign(cert, key, chain, in, CMS_BINARY |
	    CMS_NOSMIMECAP)) == NULL)
		goto out;
	if ((n = i2d_CMS_ContentInfo(cms, &p)) <= 0)
		goto out;
	*der = p;
	*derlen = (size_t)n;
	rc = 0;
out:
	if (rc == -1)
		log_ssl("canotice", "cannot sign a notice");
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

int64_t
canotice_backoff(int64_t attempts, int first, int max, uint32_t rnd)
{
	int64_t	 wait = first, half;

	if (attempts < 1)
		attempts = 1;
	while (--attempts > 0 && wait < max)
		wait *= 2;
	if (wait > max)
		wait = max;
	/* Equal jitter: wait/2 plus a random part of the other half. */
	half = wait / 2;
	return half + (int64_t)(rnd % (uint64_t)(wait - half + 1));
}

/* A random (version 4) UUID as text. */
static int
uuid4(char out[CASTORE_EVENT_ID_MAX])
{
	unsigned char	 r[16];

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(out, CASTORE_EVENT_ID_MAX, "%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2],
	    r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
	    r[13], r[14], r[15]);
	return 0;
}

struct names {
	char	 name[CANOTICE_MAX_PLATFORMS][CASTORE_PLATFORM_MAX];
	size_t	 n;
};

static int
add_name(void *arg, const char *name)
{
	struct names	*ns = arg;

	if (ns->n == CANOTICE_MAX_PLATFORMS) {
		log_err("canotice: more than %d platforms linked to one "
		    "certificate", CANOTICE_MAX_PLATFORMS);
		return -1;
	}
	snprintf(ns->name[ns->n++], CASTORE_PLATFORM_MAX, "%s", name);
	return 0;
}

int
canotice_queue(struct ca *ca, const struct canotice_event *e,
    const char *serial, const char *platform)
{
	static struct names	 ns;	/* the store thread's only */
	struct castore_notice	 n;
	char			 event_id[CASTORE_EVENT_ID_MAX];
	char			 crl[600], ocsp[300];
	uint8_t			*xml = NULL, *der = NULL;
	size_t			 xlen, dlen, i;
	int64_t			 seq;
	int			 r, queued = 0;

	ns.n = 0;
	if (platform != NULL) {
		if (add_name(&ns, platform) == -1)
			return -1;
	} else if (castore_platforms(ca->store, serial, add_name, &ns) == -1)
		return -1;
	if (ns.n == 0)
		return 0;
	if (ca->notice_key == NULL) {
		log_err("canotice: no notice-signing key loaded");
		return -1;
	}
	if (uuid4(event_id) == -1) {
		log_ssl("canotice", "no randomness for an event id");
		return -1;
	}
	caconf_crl_url(&ca->conf, crl, sizeof(crl));
	snprintf(ocsp, sizeof(ocsp), "%s/ocsp", ca->conf.base_url);
	for (i = 0; i < ns.n; i++) {
		if ((r = castore_platform_seq(ca->store, ns.name[i], &seq)) ==
		    -1)
			return -1;
		if (r == 1)
			continue;	/* not registered, or disabled */
		if (canotice_xml(e, event_id, ns.name[i], seq, ca->conf.name,
		    crl, ocsp, &xml, &xlen) == -1 ||
		    canotice_sign(ca->notice_key, ca->notice_cert,
		    ca->notice_chain, xml, xlen, &der, &dlen) == -1) {
			free(xml);
			return -1;
		}
		memset(&n, 0, sizeof(n));
		memcpy(n.event_id, event_id, sizeof(n.event_id));
		snprintf(n.platform, sizeof(n.platform), "%s", ns.name[i]);
		n.seq = seq;
		snprintf(n.type, sizeof(n.type), "%s", e->type);
		snprintf(n.serial, sizeof(n.serial), "%s",
		    e->new_serial != NULL && e->new_serial[0] != '\0' ?
		    e->new_serial : e->old_serial);
		n.body = der;
		n.body_len = dlen;
		n.created_at = e->at;
		r = castore_notice_add(ca->store, &n);
		free(xml);
		OPENSSL_free(der);
		xml = NULL;
		der = NULL;
		if (r == -1)
			return -1;
		queued++;
	}
	if (queued > 0)
		ca->notice_changed = 1;
	return queued;
}
