/*
 * cacrl.c: the CRL writer.  Owns the DER encoding of CertificateList
 * (RFC 5280 section 5) and the publication of CRL files.
 *
 * The revoked list is encoded straight into one growing buffer, after a
 * gap ("room") large enough for everything that precedes it: the headers
 * of CertificateList, TBSCertList and revokedCertificates, whose lengths
 * are only known at the end, and the fixed TBS fields (version, signature,
 * issuer, thisUpdate, nextUpdate).  When the iterator runs dry, the
 * crlExtensions are appended, the prefix is written backwards into the
 * room, the TBS is signed where it lies, the signature is appended, and
 * the finished CRL is moved down to the start of the buffer.  Memory is
 * therefore the CRL's own size, and the list is never copied but once.
 *
 * Invariants: every length is DER-minimal; an entry is at most ENTRY_MAX
 * (82) bytes, so its SEQUENCE length fits in one octet; revokedCertificates
 * is omitted when there are no entries; times are UTCTime for 1950..2049
 * and GeneralizedTime otherwise, invalidityDate always GeneralizedTime;
 * reason unspecified (0) is written as no reasonCode at all.  The inner
 * and outer AlgorithmIdentifier are the same bytes, those the signing
 * provider reports for the key actually used.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ca/cacert.h"
#include "ca/cacrl.h"
#include "ca/casig.h"
#include "ca/cader.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define HDR_MAX		CADER_HDR_MAX
#define ENTRY_MAX	82		/* see put_entry() */
#define BUF_INIT	(64 * 1024)

/* Extension headers up to the value (OID 2.5.29.21 and 2.5.29.24). */
static const uint8_t reason_hdr[] = {
	0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01
};
static const uint8_t inval_hdr[] = {
	0x30, 0x18, 0x06, 0x03, 0x55, 0x1d, 0x18, 0x04, 0x11
};
static const uint8_t oid_aki[] = { 0x06, 0x03, 0x55, 0x1d, 0x23 };
static const uint8_t oid_crlnum[] = { 0x06, 0x03, 0x55, 0x1d, 0x14 };
static const uint8_t oid_delta[] = { 0x06, 0x03, 0x55, 0x1d, 0x1b };
static const uint8_t oid_idp[] = { 0x06, 0x03, 0x55, 0x1d, 0x1c };
static const uint8_t oid_freshest[] = { 0x06, 0x03, 0x55, 0x1d, 0x2e };
static const uint8_t critical[] = { 0x01, 0x01, 0xff };
static const uint8_t version_v2[] = { 0x02, 0x01, 0x01 };

/*
 * A growing byte buffer.  The first failed allocation sets err and turns
 * later appends into no-ops, so a run of appends is checked once.
 */
struct dbuf {
	uint8_t	*p;
	size_t	 len;
	size_t	 cap;
	int	 err;
};

static int
dbuf_reserve(struct dbuf *b, size_t n)
{
	uint8_t	*np;
	size_t	 ncap;

	if (b->err)
		return -1;
	if (n <= b->cap - b->len)
		return 0;
	ncap = b->cap > 0 ? b->cap : BUF_INIT;
	while (ncap - b->len < n) {
		if (ncap > SIZE_MAX / 2) {
			b->err = 1;
			return -1;
		}
		ncap *= 2;
	}
	if ((np = realloc(b->p, ncap)) == NULL) {
		b->err = 1;
		return -1;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

static void
dbuf_put(struct dbuf *b, const void *v, size_t n)
{
	if (dbuf_reserve(b, n) == -1)
		return;
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

#define der_hdr_size	cader_hdr_size
#define der_hdr		cader_hdr

/* Turns b->p[start..len) into the content of a new tag TLV. */
static void
dbuf_wrap(struct dbuf *b, size_t start, uint8_t tag)
{
	size_t	 n, h;

	if (b->err)
		return;
	n = b->len - start;
	h = der_hdr_size(n);
	if (dbuf_reserve(b, h) == -1)
		return;
	memmove(b->p + start + h, b->p + start, n);
	der_hdr(b->p + start, tag, n);
	b->len += h;
}

/* Appends a tag TLV holding v[0..n). */
static void
dbuf_tlv(struct dbuf *b, uint8_t tag, const void *v, size_t n)
{
	if (dbuf_reserve(b, HDR_MAX + n) == -1)
		return;
	b->len += der_hdr(b->p + b->len, tag, n);
	dbuf_put(b, v, n);
}

/* Appends INTEGER v (non-negative, minimal). */
static void
dbuf_uint(struct dbuf *b, uint64_t v)
{
	uint8_t	 o[9];
	size_t	 i = sizeof(o);

	do {
		o[--i] = (uint8_t)v;
		v >>= 8;
	} while (v > 0);
	if (o[i] & 0x80)
		o[--i] = 0;
	dbuf_tlv(b, 0x02, o + i, sizeof(o) - i);
}

/*
 * The Time TLVs of the entries, remembered per day: a CRL's revocation
 * dates fall on few days, and the calendar arithmetic is most of an
 * entry's cost.  Slot day % TCACHE_N holds that day's TLV at midnight.
 */
#define TCACHE_N	64

struct tcache {
	int64_t		 day[TCACHE_N];
	uint8_t		 tlv[TCACHE_N][2][CADER_TIME_MAX];
	uint8_t		 len[TCACHE_N][2];
};

static void
tcache_init(struct tcache *c)
{
	size_t	 i;

	for (i = 0; i < TCACHE_N; i++)
		c->day[i] = INT64_MIN;
}

/* As cader_time(), through the cache. */
static size_t
der_time_cached(struct tcache *c, uint8_t *p, int64_t t, int gen)
{
	int64_t		 day, secs;
	unsigned	 h, m, sec;
	size_t		 i, n;
	uint8_t		*q;

	day = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		day--;
	}
	i = (size_t)((uint64_t)day % TCACHE_N);
	gen = gen != 0;
	if (c->day[i] != day) {
		c->len[i][0] = (uint8_t)cader_time(c->tlv[i][0], day * 86400,
		    0);
		c->len[i][1] = (uint8_t)cader_time(c->tlv[i][1], day * 86400,
		    1);
		if (c->len[i][0] == 0 || c->len[i][1] == 0)
			return 0;
		c->day[i] = day;
	}
	n = c->len[i][gen];
	memcpy(p, c->tlv[i][gen], n);
	/* hhmmss sits just before the final 'Z' */
	q = p + n - 7;
	h = (unsigned)(secs / 3600);
	m = (unsigned)(secs / 60 % 60);
	sec = (unsigned)(secs % 60);
	q[0] = (uint8_t)('0' + h / 10);
	q[1] = (uint8_t)('0' + h % 10);
	q[2] = (uint8_t)('0' + m / 10);
	q[3] = (uint8_t)('0' + m % 10);
	q[4] = (uint8_t)('0' + sec / 10);
	q[5] = (uint8_t)('0' + sec % 10);
	return n;
}

#define der_time(p, t, gen)	cader_time((p), (t), (gen))

/*
 * Appends one revokedCertificates entry.  Largest case: SEQUENCE header 2,
 * INTEGER 2 + 21, Time 17, extensions header 2, reasonCode 12,
 * invalidityDate 26: 82 octets, content 80 < 128.
 */
static int
put_entry(struct dbuf *b, struct tcache *tc, const struct cacrl_entry *e,
    size_t idx)
{
	const uint8_t	*s = e->serial;
	size_t		 n = e->serial_len, tl;
	uint8_t		*start, *p, *x;
	int		 pad;

	if (n == 0 || n > CACRL_SERIAL_MAX) {
		log_err("cacrl_build: entry %zu: serial of %zu octets", idx, n);
		return -1;
	}
	while (n > 0 && s[0] == 0) {
		s++;
		n--;
	}
	if (n == 0) {
		log_err("cacrl_build: entry %zu: serial is zero", idx);
		return -1;
	}
	if (e->reason < CACRL_REASON_NONE ||
	    e->reason > CACRL_REASON_AA_COMPROMISE || e->reason == 7) {
		log_err("cacrl_build: entry %zu: bad reason %d", idx,
		    e->reason);
		return -1;
	}
	if (dbuf_reserve(b, ENTRY_MAX) == -1) {
		log_err("cacrl_build: out of memory at entry %zu", idx);
		return -1;
	}
	start = p = b->p + b->len;
	p += 2;
	pad = (s[0] & 0x80) != 0;
	*p++ = 0x02;
	*p++ = (uint8_t)(n + pad);
	if (pad)
		*p++ = 0x00;
	memcpy(p, s, n);
	p += n;
	if ((tl = der_time_cached(tc, p, e->revoked_at, 0)) == 0)
		goto baddate;
	p += tl;
	if (e->reason > 0 || e->invalidity != 0) {
		x = p;
		p += 2;
		if (e->reason > 0) {
			memcpy(p, reason_hdr, sizeof(reason_hdr));
			p += sizeof(reason_hdr);
			*p++ = (uint8_t)e->reason;
		}
		if (e->invalidity != 0) {
			memcpy(p, inval_hdr, sizeof(inval_hdr));
			p += sizeof(inval_hdr);
			if ((tl = der_time_cached(tc, p, e->invalidity,
			    1)) == 0)
				goto baddate;
			p += tl;
		}
		x[0] = 0x30;
		x[1] = (uint8_t)(p - x - 2);
	}
	start[0] = 0x30;
	start[1] = (uint8_t)(p - start - 2);
	b->len += (size_t)(p - start);
	return 0;
baddate:
	log_err("cacrl_build: entry %zu: date out of range", idx);
	return -1;
}

/* Appends a DistributionPointName: [0] fullName { [6] uri }. */
static void
put_dp_name(struct dbuf *b, const char *uri)
{
	size_t	 start = b->len;

	dbuf_tlv(b, 0x86, uri, strlen(uri));	/* uniformResourceIdentifier */
	dbuf_wrap(b, start, 0xa0);		/* fullName */
	dbuf_wrap(b, start, 0xa0);		/* distributionPoint */
}

/*
 * Appends crlExtensions: [0] { SEQUENCE { AKI, cRLNumber,
 * [deltaCRLIndicator], [issuingDistributionPoint], [freshestCRL] } }, the
 * last three as p asks (RFC 5280 5.2.4, 5.2.5, 5.2.6).
 */
static void
put_crl_extensions(struct dbuf *b, const ASN1_OCTET_STRING *ski,
    const struct cacrl_params *p)
{
	uint64_t number = p->number;
	size_t	 top, ext, val;

	top = b->len;
	ext = b->len;
	dbuf_put(b, oid_aki, sizeof(oid_aki));
	val = b->len;
	dbuf_tlv(b, 0x80, ski->data, (size_t)ski->length);
	dbuf_wrap(b, val, 0x30);		/* AuthorityKeyIdentifier */
	dbuf_wrap(b, val, 0x04);		/* extnValue */
	dbuf_wrap(b, ext, 0x30);		/* Extension */
	ext = b->len;
	dbuf_put(b, oid_crlnum, sizeof(oid_crlnum));
	val = b->len;
	dbuf_uint(b, number);
	dbuf_wrap(b, val, 0x04);
	dbuf_wrap(b, ext, 0x30);
	if (p->delta_base != 0) {
		ext = b->len;
		dbuf_put(b, oid_delta, sizeof(oid_delta));
		dbuf_put(b, critical, sizeof(critical));
		val = b->len;
		dbuf_uint(b, p->delta_base);	/* BaseCRLNumber */
		dbuf_wrap(b, val, 0x04);
		dbuf_wrap(b, ext, 0x30);
	}
	if (p->idp != NULL) {
		ext = b->len;
		dbuf_put(b, oid_idp, sizeof(oid_idp));
		dbuf_put(b, critical, sizeof(critical));
		val = b->len;
		put_dp_name(b, p->idp);
		dbuf_tlv(b, 0x81, "\xff", 1);	/* onlyContainsUserCerts */
		dbuf_wrap(b, val, 0x30);
		dbuf_wrap(b, val, 0x04);
		dbuf_wrap(b, ext, 0x30);
	}
	if (p->freshest != NULL) {
		ext = b->len;
		dbuf_put(b, oid_freshest, sizeof(oid_freshest));
		val = b->len;
		put_dp_name(b, p->freshest);
		dbuf_wrap(b, val, 0x30);	/* DistributionPoint */
		dbuf_wrap(b, val, 0x30);	/* CRLDistributionPoints */
		dbuf_wrap(b, val, 0x04);
		dbuf_wrap(b, ext, 0x30);
	}
	dbuf_wrap(b, top, 0x30);		/* Extensions */
	dbuf_wrap(b, top, 0xa0);		/* [0] EXPLICIT */
}

/* Writes a header for content of n octets so that it ends at pos. */
static size_t
hdr_before(uint8_t *buf, size_t pos, uint8_t tag, size_t n)
{
	pos -= der_hdr_size(n);
	der_hdr(buf + pos, tag, n);
	return pos;
}

int
cacrl_build(const struct cacrl_params *p, cacrl_next_fn next, void *ctx,
    uint8_t **der, size_t *der_len)
{
	struct dbuf		 head = { 0 }, b = { 0 };
	struct cacrl_entry	 e;
	struct tcache		 tc;
	const ASN1_OCTET_STRING	*ski;
	struct casig		 local;
	const struct casig	*sg = p->sig;
	uint8_t			*name = NULL, *sig = NULL;
	uint8_t			*shrunk;
	size_t			 room, list_len, pos, siglen, i, tl;
	int			 name_len, r, rc = -1, taken = 0;

	*der = NULL;
	*der_len = 0;
	if (p->issuer == NULL || (p->sig == NULL && p->key == NULL) ||
	    next == NULL || p->next_update <= p->this_update ||
	    (p->idp != NULL && (strlen(p->idp) == 0 ||
	    strlen(p->idp) > 1024)) ||
	    (p->freshest != NULL && (strlen(p->freshest) == 0 ||
	    strlen(p->freshest) > 1024)) ||
	    (p->delta_base != 0 && p->delta_base >= p->number)) {
		log_err("cacrl_build: invalid parameters");
		goto out;
	}
	if (sg == NULL) {
		if (X509_check_private_key(p->issuer, p->key) != 1) {
			log_ssl("cacrl_build", "key does not match the issuer");
			goto out;
		}
		if (casig_local(&local, p->key) == -1)
			goto out;
		sg = &local;
	}
	if ((ski = X509_get0_subject_key_id(p->issuer)) == NULL ||
	    ski->length <= 0) {
		log_ssl("cacrl_build", "issuer has no subjectKeyIdentifier");
		goto out;
	}
	if ((name_len = i2d_X509_NAME(X509_get_subject_name(p->issuer),
	    &name)) <= 0) {
		log_ssl("cacrl_build", "cannot encode the issuer name");
		goto out;
	}

	/* version, signature, issuer, thisUpdate, nextUpdate */
	dbuf_put(&head, version_v2, sizeof(version_v2));
	dbuf_put(&head, sg->aid, sg->aid_len);
	dbuf_put(&head, name, (size_t)name_len);
	if (dbuf_reserve(&head, 2 * 17) == -1) {
		log_err("cacrl_build: out of memory");
		goto out;
	}
	if ((tl = der_time(head.p + head.len, p->this_update, 0)) == 0)
		goto baddate;
	head.len += tl;
	if ((tl = der_time(head.p + head.len, p->next_update, 0)) == 0)
		goto baddate;
	head.len += tl;

	/* Room for the three outer headers and head, then the list. */
	tcache_init(&tc);
	if (p->keep != NULL) {
		b.p = p->keep->p;
		b.cap = b.p != NULL ? p->keep->cap : 0;
		p->keep->p = NULL;
		taken = 1;
	}
	room = 3 * HDR_MAX + head.len;
	if (dbuf_reserve(&b, room) == -1) {
		log_err("cacrl_build: out of memory");
		goto out;
	}
	b.len = room;
	for (i = 0; ; i++) {
		memset(&e, 0, sizeof(e));
		if ((r = next(ctx, &e)) == 0)
			break;
		if (r != 1) {
			log_err("cacrl_build: entry source failed at %zu", i);
			goto out;
		}
		if (put_entry(&b, &tc, &e, i) == -1)
			goto out;
	}
	list_len = b.len - room;
	put_crl_extensions(&b, ski, p);
	if (b.err) {
		log_err("cacrl_build: out of memory");
		goto out;
	}

	/* Prefix, backwards: list header, head, TBSCertList header. */
	pos = room;
	if (list_len > 0)
		pos = hdr_before(b.p, pos, 0x30, list_len);
	pos -= head.len;
	memcpy(b.p + pos, head.p, head.len);
	pos = hdr_before(b.p, pos, 0x30, b.len - pos);

	if ((sig = malloc(sg->sig_max + 1)) == NULL) {
		log_err("cacrl_build: out of memory");
		goto out;
	}
	sig[0] = 0x00;			/* BIT STRING: no unused bits */
	if (casig_sign(sg, CASIG_CRL, b.p + pos, b.len - pos, sig + 1,
	    &siglen) != 0) {
		log_err("cacrl_build: the CRL was not signed");
		goto out;
	}
	dbuf_put(&b, sg->aid, sg->aid_len);
	dbuf_tlv(&b, 0x03, sig, siglen + 1);
	if (b.err) {
		log_err("cacrl_build: out of memory");
		goto out;
	}
	pos = hdr_before(b.p, pos, 0x30, b.len - pos);

	b.len -= pos;
	memmove(b.p, b.p + pos, b.len);
	if (p->keep == NULL && (shrunk = realloc(b.p, b.len)) != NULL)
		b.p = shrunk;
	*der = b.p;
	*der_len = b.len;
	if (p->keep == NULL)
		b.p = NULL;
	rc = 0;
	goto out;
baddate:
	log_err("cacrl_build: thisUpdate or nextUpdate out of range");
out:
	if (taken) {
		/* The buffer goes back to the caller, success or not. */
		p->keep->p = b.p;
		p->keep->cap = b.cap;
		b.p = NULL;
	}
	free(b.p);
	free(head.p);
	free(sig);
	OPENSSL_free(name);
	return rc;
}

/* 1 if name is a safe file stem, else 0. */
static int
file_stem_ok(const char *name)
{
	size_t	 i, n;
	char	 c;

	n = strlen(name);
	if (n == 0 || n > 63 || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return 0;
	}
	return 1;
}

/*
 * Writes der as PEM "X509 CRL" (RFC 7468: base64 in lines of 64) to fd,
 * through one buffer of whole lines: as PEM_write_bio() would, with a
 * write(2) per 64 KiB instead of per few KiB.  0 / -1.
 */
#define PEM_LINES	1008		/* 48 octets in, 65 out each */

static int
write_pem(int fd, const uint8_t *der, size_t len)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char	 begin[] = "-----BEGIN X509 CRL-----\n";
	static const char	 end[] = "-----END X509 CRL-----\n";
	char			*buf, *o;
	size_t			 n, i, chunk;
	uint32_t		 v;
	int			 rc = -1;

	if ((buf = malloc(PEM_LINES * 65 + sizeof(begin))) == NULL)
		return -1;
	memcpy(buf, begin, sizeof(begin) - 1);
	o = buf + sizeof(begin) - 1;
	while (len > 0) {
		chunk = len > PEM_LINES * 48 ? PEM_LINES * 48 : len;
		for (i = 0; i < chunk; i += 48) {
			n = chunk - i > 48 ? 48 : chunk - i;
			const uint8_t *p = der + i, *e = p + n - n % 3;

			for (; p < e; p += 3) {
				v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 |
				    p[2];
				*o++ = b64[v >> 18];
				*o++ = b64[(v >> 12) & 63];
				*o++ = b64[(v >> 6) & 63];
				*o++ = b64[v & 63];
			}
			if (n % 3 == 1) {
				v = (uint32_t)p[0] << 16;
				*o++ = b64[v >> 18];
				*o++ = b64[(v >> 12) & 63];
				*o++ = '=';
				*o++ = '=';
			} else if (n % 3 == 2) {
				v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8;
				*o++ = b64[v >> 18];
				*o++ = b64[(v >> 12) & 63];
				*o++ = b64[(v >> 6) & 63];
				*o++ = '=';
			}
			*o++ = '\n';
		}
		der += chunk;
		len -= chunk;
		if (len == 0) {
			memcpy(o, end, sizeof(end) - 1);
			o += sizeof(end) - 1;
		}
		if (fdio_write(fd, (const uint8_t *)buf, (size_t)(o - buf)) ==
		    -1)
			goto out;
		o = buf;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/*
 * Writes der (as PEM if pem) to a fresh dir/tmp, mode 0644, and fsyncs
 * it.  A leftover tmp of any kind but a directory is removed first.
 */
static int
write_tmp(int dfd, const char *dir, const char *tmp, const uint8_t *der,
    size_t len, int pem)
{
	int	 fd = -1, rc = -1;

	if (unlinkat(dfd, tmp, 0) == -1 && errno != ENOENT) {
		log_err("cacrl_publish: %s/%s: %s", dir, tmp, strerror(errno));
		goto out;
	}
	if ((fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1 || fchmod(fd, 0644) == -1) {
		log_err("cacrl_publish: %s/%s: %s", dir, tmp, strerror(errno));
		goto out;
	}
	if ((pem ? write_pem(fd, der, len) : fdio_write(fd, der, len)) == -1 ||
	    fsync(fd) == -1) {
		log_err("cacrl_publish: %s/%s: %s", dir, tmp, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		log_err("cacrl_publish: %s/%s: %s", dir, tmp, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* The PEM file, written on a second thread while the DER one is. */
struct pem_job {
	int		 dfd;
	const char	*dir;
	const char	*tmp;
	const uint8_t	*der;
	size_t		 len;
	int		 rc;
};

static void *
pem_thread(void *arg)
{
	struct pem_job	*j = arg;

	j->rc = write_tmp(j->dfd, j->dir, j->tmp, j->der, j->len, 1);
	return NULL;
}

/*
 * The high-water mark of name's CRLs in dir (dfd, locked): the number of
 * the last one published with a number, into *n (0: none).  0 / -1.
 */
static int
mark_read(int dfd, const char *dir, const char *mark, uint64_t *n)
{
	char			 buf[32], *end;
	ssize_t			 r;
	unsigned long long	 v;
	int			 fd;

	*n = 0;
	if ((fd = openat(dfd, mark, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1) {
		if (errno == ENOENT)
			return 0;
		log_err("cacrl_publish: %s/%s: %s", dir, mark, strerror(errno));
		return -1;
	}
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r > 0) {
		buf[r] = '\0';
		errno = 0;
		v = strtoull(buf, &end, 10);
		if (errno == 0 && end != buf && (*end == '\n' || *end == '\0')) {
			*n = v;
			return 0;
		}
	}
	log_err("cacrl_publish: %s/%s: not a CRL number; remove it once the "
	    "published CRLs are checked", dir, mark);
	return -1;
}

static int
publish(const char *dir, const char *name, uint64_t number,
    const uint8_t *der, size_t der_len)
{
	struct pem_job	 pj;
	pthread_t	 th;
	char		 crl[80], pem[80], tcrl[80], tpem[80], mark[80];
	char		 tmark[80], text[32];
	uint64_t	 high;
	int		 dfd = -1, rc = -1, r, threaded;

	if (!file_stem_ok(name)) {
		log_err("cacrl_publish: bad name \"%s\"", name);
		return -1;
	}
	if (der == NULL || der_len == 0 || der_len > LONG_MAX) {
		log_err("cacrl_publish: bad CRL length %zu", der_len);
		return -1;
	}
	(void)snprintf(crl, sizeof(crl), "%s.crl", name);
	(void)snprintf(pem, sizeof(pem), "%s.crl.pem", name);
	(void)snprintf(tcrl, sizeof(tcrl), "%s.crl.tmp", name);
	(void)snprintf(tpem, sizeof(tpem), "%s.crl.pem.tmp", name);
	(void)snprintf(mark, sizeof(mark), "%s.crl.number", name);
	(void)snprintf(tmark, sizeof(tmark), "%s.crl.number.tmp", name);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_err("cacrl_publish: %s: %s", dir, strerror(errno));
		goto out;
	}
	/*
	 * A numbered CRL replaces only a lower one: two signers sharing
	 * dir (cadrole.h), one stalled between taking its number and
	 * writing its file, cannot put an older CRL over a newer one.
	 */
	if (number != 0) {
		if (flock(dfd, LOCK_EX) == -1) {
			log_err("cacrl_publish: %s: flock: %s", dir,
			    strerror(errno));
			goto out;
		}
		if (mark_read(dfd, dir, mark, &high) == -1)
			goto out;
		if (high >= number) {
			log_warn("cacrl_publish: %s/%s: CRL #%llu is published "
			    "already; #%llu not put over it", dir, crl,
			    (unsigned long long)high,
			    (unsigned long long)number);
			rc = 1;
			goto out;
		}
	}
	/* Both files at once: their writing and fsyncs overlap. */
	pj.dfd = dfd;
	pj.dir = dir;
	pj.tmp = tpem;
	pj.der = der;
	pj.len = der_len;
	pj.rc = -1;
	if ((threaded = pthread_create(&th, NULL, pem_thread, &pj) == 0) == 0)
		pem_thread(&pj);
	r = write_tmp(dfd, dir, tcrl, der, der_len, 0);
	if (threaded)
		pthread_join(th, NULL);
	if (r == -1 || pj.rc == -1)
		goto out;
	if (renameat(dfd, tcrl, dfd, crl) == -1 ||
	    renameat(dfd, tpem, dfd, pem) == -1) {
		log_err("cacrl_publish: %s: rename: %s", dir, strerror(errno));
		goto out;
	}
	if (number != 0) {
		r = snprintf(text, sizeof(text), "%llu\n",
		    (unsigned long long)number);
		if (write_tmp(dfd, dir, tmark, (const uint8_t *)text,
		    (size_t)r, 0) == -1 ||
		    renameat(dfd, tmark, dfd, mark) == -1) {
			log_err("cacrl_publish: %s/%s: cannot record the CRL "
			    "number", dir, mark);
			goto out;
		}
	}
	if (fsync(dfd) == -1) {
		log_err("cacrl_publish: %s: fsync: %s", dir, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc == -1 && dfd != -1) {
		(void)unlinkat(dfd, tcrl, 0);
		(void)unlinkat(dfd, tpem, 0);
		(void)unlinkat(dfd, tmark, 0);
	}
	if (dfd != -1)
		close(dfd);	/* and the lock */
	return rc;
}

int
cacrl_publish(const char *dir, const char *name, const uint8_t *der,
    size_t der_len)
{
	return publish(dir, name, 0, der, der_len);
}

int
cacrl_publish_numbered(const char *dir, const char *name, uint64_t number,
    const uint8_t *der, size_t der_len)
{
	if (number == 0) {
		log_err("cacrl_publish: a CRL number is at least 1");
		return -1;
	}
	return publish(dir, name, number, der, der_len);
}
