/*
 * caplatform.c: the daemon's operations on the linked-platform registry
 * and the notice outbox (proto.h ops 11-18).  Like every op they run in
 * the store thread, inside the caller's savepoint (caops.h).
 *
 * Registry changes, links, forced retries and notices that give up are
 * audited; a delivery attempt is recorded in its notice row (attempts,
 * last error, delivered at) rather than in the audit log, which would
 * otherwise grow by one record per platform per try.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/canotice.h"
#include "ca/caop.h"
#include "ca/caplatform.h"
#include "ca/castore.h"
#include "lib/hex.h"
#include "lib/httpc.h"
#include "lib/log.h"
#include "lib/utf8.h"

#define ACTOR_MAX	64
#define CERT_MAX	(16 * 1024)
#define NEXT_MAX	32
#define LIST_MAX	1000

/* 1 if name is a platform name: 1-127 bytes of UTF-8 text. */
static int
name_ok(const char *name)
{
	size_t	 n = strlen(name);

	return n > 0 && n < CASTORE_PLATFORM_MAX &&
	    utf8_count(name, n, "") > 0;
}

/* 1 if s is a shared secret: 16-128 printable ASCII, no spaces. */
static int
secret_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n < 16 || n >= CASTORE_SECRET_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return 1;
}

int
caplatform_add(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_platform	 p;
	char			 actor[ACTOR_MAX], detail[900];
	const uint8_t		*der, *q;
	size_t			 derlen;
	X509			*x;
	int			 tls, r;

	memset(&p, 0, sizeof(p));
	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, p.name, sizeof(p.name)) == -1 ||
	    proto_get_str(m, p.url, sizeof(p.url)) == -1 ||
	    proto_get_bytes(m, &der, &derlen, CERT_MAX) == -1 ||
	    proto_get_str(m, p.secret, sizeof(p.secret)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (!name_ok(p.name))
		return caop_fail(out, PROTO_E_BADREQ, "the platform name "
		    "must be 1-127 bytes of UTF-8 text");
	if (!httpc_url_ok(p.url, &tls))
		return caop_fail(out, PROTO_E_BADREQ, "the notice URL must "
		    "be http://HOST[:PORT]/PATH or https://...");
	if ((derlen > 0) == (p.secret[0] != '\0'))
		return caop_fail(out, PROTO_E_BADREQ, "give the platform's "
		    "certificate or a shared secret (exactly one)");
	if (derlen > 0) {
		q = der;
		if ((x = d2i_X509(NULL, &q, (long)derlen)) == NULL ||
		    q != der + derlen) {
			X509_free(x);
			return caop_fail(out, PROTO_E_BADREQ, "the platform "
			    "certificate is not one DER certificate");
		}
		X509_free(x);
		if (!tls)
			return caop_fail(out, PROTO_E_BADREQ, "a platform "
			    "known by its certificate needs an https:// URL "
			    "(the certificate authenticates its server)");
		p.cert = der;
		p.cert_len = derlen;
	} else if (!secret_ok(p.secret))
		return caop_fail(out, PROTO_E_BADREQ, "the shared secret "
		    "must be 16-128 printable ASCII characters");
	if ((r = castore_platform_add(ca->store, &p, time(NULL))) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (r == 1)
		return caop_fail(out, PROTO_E_CONFLICT, "a platform with "
		    "that name is already registered");
	snprintf(detail, sizeof(detail), "name=%s url=%s auth=%s", p.name,
	    p.url, derlen > 0 ? "cert" : "secret");
	if (castore_audit(ca->store, actor, "platform-add", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	return 0;
}

int
caplatform_enable(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char		 actor[ACTOR_MAX], name[CASTORE_PLATFORM_MAX];
	char		 detail[200];
	uint64_t	 on;
	int		 r;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, name, sizeof(name)) == -1 ||
	    proto_get_u64(m, &on) == -1 || proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (on > 1)
		return caop_fail(out, PROTO_E_BADREQ, "enabled is 0 or 1");
	if ((r = castore_platform_enable(ca->store, name, (int)on)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (r == 1)
		return caop_fail(out, PROTO_E_NOTFOUND,
		    "no platform is registered under that name");
	snprintf(detail, sizeof(detail), "name=%s", name);
	if (castore_audit(ca->store, actor, on ? "platform-enable" :
	    "platform-disable", detail) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	ca->notice_changed = 1;
	proto_buf_init(out, PROTO_OK);
	return 0;
}

static int
put_platform(void *arg, const struct castore_platform *p)
{
	struct proto_buf	*out = arg;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen;
	char			 auth[8 + 2 * EVP_MAX_MD_SIZE + 1];

	if (p->cert != NULL && p->cert_len > 0) {
		if (EVP_Digest(p->cert, p->cert_len, md, &mdlen, EVP_sha256(),
		    NULL) != 1)
			return -1;
		memcpy(auth, "cert ", 6);
		hex_encode(md, mdlen, auth + 5, 1);
	} else
		snprintf(auth, sizeof(auth), "secret");
	proto_put_str(out, p->name);
	proto_put_str(out, p->url);
	proto_put_str(out, auth);
	proto_put_u64(out, (uint64_t)p->enabled);
	proto_put_u64(out, (uint64_t)p->seq);
	proto_put_u64(out, (uint64_t)p->pending);
	proto_put_u64(out, (uint64_t)p->failed);
	return 0;
}

static int
count_platform(void *arg, const struct castore_platform *p)
{
	(void)p;
	(*(uint64_t *)arg)++;
	return 0;
}

int
caplatform_list(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	uint64_t	 n = 0;

	if (proto_end(m) == -1)
		return -1;
	if (castore_platform_each(ca->store, count_platform, &n) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, n);
	if (castore_platform_each(ca->store, put_platform, out) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}

struct has {
	const char	*name;
	int		 found;
};

static int
has_platform(void *arg, const char *name)
{
	struct has	*h = arg;

	if (strcmp(name, h->name) == 0)
		h->found = 1;
	return 0;
}

int
caplatform_link(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	struct canotice_event	 e;
	struct has		 h;
	char			 actor[ACTOR_MAX], serial[CASTORE_SERIAL_MAX];
	char			 name[CASTORE_PLATFORM_MAX], detail[300];
	time_t			 now = time(NULL);
	int			 found, rc;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_get_str(m, name, sizeof(name)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (caop_serial_norm(serial, sizeof(serial)) == -1)
		return caop_fail(out, PROTO_E_BADREQ, "serial must be hex");
	if (!name_ok(name))
		return caop_fail(out, PROTO_E_BADREQ, "the platform name "
		    "must be 1-127 bytes of UTF-8 text");
	if ((found = castore_cert_get(ca->store, serial, &c)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return caop_fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	h.name = name;
	h.found = 0;
	if (castore_platforms(ca->store, serial, has_platform, &h) == -1) {
		rc = caop_fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	if (h.found) {
		/* Linked already (a retry, or an old link): nothing new. */
		proto_buf_init(out, PROTO_OK);
		proto_put_u64(out, 0);
		rc = 0;
		goto out;
	}
	if (c.revoked_at != 0 || c.not_after <= now) {
		rc = caop_fail(out, PROTO_E_CONFLICT, "a revoked or expired "
		    "certificate cannot be linked to a platform");
		goto out;
	}
	memset(&e, 0, sizeof(e));
	e.type = CANOTICE_LINKED;
	e.new_serial = serial;
	e.subject = c.subject;
	e.reason = -1;
	e.not_after = c.not_after;
	e.at = now;
	snprintf(detail, sizeof(detail), "serial=%s platform=%s", serial,
	    name);
	if (castore_platform_link(ca->store, serial, name) == -1 ||
	    canotice_queue(ca, &e, serial, name) == -1 ||
	    castore_audit(ca->store, actor, "link", detail) == -1) {
		rc = caop_fail(out, PROTO_E_INTERNAL, "store error");
		goto out;
	}
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, 1);
	rc = 0;
out:
	castore_cert_clear(&c);
	return rc;
}

static int
put_notice(void *arg, const struct castore_notice *n)
{
	struct proto_buf	*out = arg;

	proto_put_u64(out, (uint64_t)n->id);
	proto_put_str(out, n->event_id);
	proto_put_str(out, n->platform);
	proto_put_u64(out, (uint64_t)n->seq);
	proto_put_str(out, n->type);
	proto_put_str(out, n->serial);
	proto_put_str(out, n->state);
	proto_put_u64(out, (uint64_t)n->attempts);
	proto_put_u64(out, (uint64_t)n->created_at);
	proto_put_u64(out, (uint64_t)n->next_at);
	proto_put_u64(out, (uint64_t)n->delivered_at);
	proto_put_str(out, n->last_error);
	return 0;
}

static int
count_notice(void *arg, const struct castore_notice *n)
{
	(void)n;
	(*(uint64_t *)arg)++;
	return 0;
}

int
caplatform_notice_list(struct ca *ca, struct proto_msg *m,
    struct proto_buf *out)
{
	char		 platform[CASTORE_PLATFORM_MAX], state[16];
	uint64_t	 limit, n = 0;

	if (proto_get_str(m, platform, sizeof(platform)) == -1 ||
	    proto_get_str(m, state, sizeof(state)) == -1 ||
	    proto_get_u64(m, &limit) == -1 || proto_end(m) == -1)
		return -1;
	if (state[0] != '\0' && strcmp(state, "pending") != 0 &&
	    strcmp(state, "delivered") != 0 && strcmp(state, "failed") != 0)
		return caop_fail(out, PROTO_E_BADREQ, "state is pending, "
		    "delivered or failed");
	if (limit == 0 || limit > LIST_MAX)
		limit = LIST_MAX;
	if (castore_notice_list(ca->store, platform, state, (int)limit,
	    count_notice, &n) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, n);
	if (castore_notice_list(ca->store, platform, state, (int)limit,
	    put_notice, out) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}

/* 1 if notice id is handed out and its lease still runs (expired leases
 * are dropped on the way). */
static int
leased(struct ca *ca, int64_t id, time_t now)
{
	size_t	 i;
	int	 held = 0;

	for (i = 0; i < ca->nlease; ) {
		if (ca->lease[i].until <= now) {
			ca->lease[i] = ca->lease[--ca->nlease];
			continue;
		}
		if (ca->lease[i].id == id)
			held = 1;
		i++;
	}
	return held;
}

static void
unlease(struct ca *ca, int64_t id)
{
	size_t	 i;

	for (i = 0; i < ca->nlease; i++)
		if (ca->lease[i].id == id) {
			ca->lease[i] = ca->lease[--ca->nlease];
			return;
		}
}

/* The leased notices a forced retry made due (at most every lease). */
struct retried {
	struct ca	*ca;
	int64_t		 id[CA_MAX_LEASES];
	size_t		 n;
};

static void
retried_one(void *arg, int64_t id)
{
	struct retried	*r = arg;
	size_t		 i;

	for (i = 0; i < r->ca->nlease; i++)
		if (r->ca->lease[i].id == id && r->n < CA_MAX_LEASES) {
			r->id[r->n++] = id;
			return;
		}
}

int
caplatform_notice_retry(struct ca *ca, struct proto_msg *m,
    struct proto_buf *out)
{
	char		 actor[ACTOR_MAX], platform[CASTORE_PLATFORM_MAX];
	char		 detail[300];
	struct retried	 r;
	uint64_t	 id;
	size_t		 i;
	int		 n;

	if (proto_get_str(m, actor, sizeof(actor)) == -1 ||
	    proto_get_str(m, platform, sizeof(platform)) == -1 ||
	    proto_get_u64(m, &id) == -1 || proto_end(m) == -1)
		return -1;
	if (!caop_actor_ok(actor))
		return caop_fail(out, PROTO_E_BADREQ,
		    "actor must be printable text");
	if (id > INT64_MAX)
		return caop_fail(out, PROTO_E_BADREQ, "bad notice id");
	r.ca = ca;
	r.n = 0;
	if ((n = castore_notice_retry(ca->store, platform, (int64_t)id,
	    time(NULL), retried_one, &r)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (n > 0) {
		snprintf(detail, sizeof(detail), "platform=%s id=%llu "
		    "notices=%d", platform, (unsigned long long)id, n);
		if (castore_audit(ca->store, actor, "notify-retry",
		    detail) == -1)
			return caop_fail(out, PROTO_E_INTERNAL,
			    "store error");
		/* A forced retry goes out now, even if handed out before:
		 * the notices it made due lose their leases, no others. */
		for (i = 0; i < r.n; i++)
			unlease(ca, r.id[i]);
		ca->notice_changed = 1;
	}
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, (uint64_t)n);
	return 0;
}

struct next {
	struct ca		*ca;
	struct proto_buf	*out;
	uint64_t		 max, n;
	size_t			 bytes;	/* reply payload so far */
	time_t			 now;
	int			 fill;	/* 0: count only */
};

/* A field's size on the wire: kind, length, data (proto.h). */
#define FIELD(len)	(5 + (size_t)(len))

/* The payload bytes of n's row in a NOTICE_NEXT reply. */
static size_t
next_row_size(const struct castore_notice *n)
{
	return FIELD(8) + FIELD(strlen(n->platform)) + FIELD(strlen(n->url)) +
	    FIELD(strlen(n->secret)) +
	    FIELD(n->cert != NULL ? n->cert_len : 0) +
	    FIELD(strlen(n->event_id)) + FIELD(8) + FIELD(8) +
	    FIELD(n->body_len);
}

/*
 * A row of the reply.  Stops at max rows, and before a row that would
 * take the reply past one frame: the rest go with the next NEXT (one row
 * alone is far below a frame: a 16 KiB certificate, a body of a few KiB).
 * Both passes see the same rows and sizes, so they stop at the same row.
 */
static int
next_row(void *arg, const struct castore_notice *n)
{
	struct next	*x = arg;
	size_t		 sz;

	if (x->n == x->max)
		return 1;
	if (leased(x->ca, n->id, x->now))
		return 0;
	if ((sz = next_row_size(n)) > PROTO_MAX_PAYLOAD - x->bytes)
		return 1;
	x->bytes += sz;
	x->n++;
	if (!x->fill)
		return 0;
	x->ca->lease[x->ca->nlease].id = n->id;
	x->ca->lease[x->ca->nlease].until = x->now + CAOP_LEASE_SECS;
	x->ca->nlease++;
	proto_put_u64(x->out, (uint64_t)n->id);
	proto_put_str(x->out, n->platform);
	proto_put_str(x->out, n->url);
	proto_put_str(x->out, n->secret);
	proto_put_bytes(x->out, n->cert, n->cert != NULL ? n->cert_len : 0);
	proto_put_str(x->out, n->event_id);
	proto_put_u64(x->out, (uint64_t)n->seq);
	proto_put_u64(x->out, (uint64_t)n->attempts);
	proto_put_bytes(x->out, n->body, n->body_len);
	return 0;
}

int
caplatform_notice_next(struct ca *ca, struct proto_msg *m,
    struct proto_buf *out, int may_park)
{
	struct next	 x;
	uint64_t	 max, wait_ms;

	if (proto_get_u64(m, &max) == -1 || proto_get_u64(m, &wait_ms) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (max == 0 || max > NEXT_MAX)
		max = NEXT_MAX;
	memset(&x, 0, sizeof(x));
	x.ca = ca;
	x.out = out;
	x.now = time(NULL);
	(void)leased(ca, 0, x.now);	/* drops the expired leases */
	/* No more than the free lease slots: each one handed out needs one. */
	x.max = max < CA_MAX_LEASES - ca->nlease ? max :
	    CA_MAX_LEASES - ca->nlease;
	/* Count first: the reply's count comes before the rows. */
	x.bytes = FIELD(8);
	if (castore_notice_due(ca->store, x.now, next_row, &x) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (x.n == 0 && may_park && wait_ms > 0)
		return CAOP_PARK;
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, x.n);
	x.max = x.n;
	x.n = 0;
	x.bytes = FIELD(8);
	x.fill = 1;
	if (castore_notice_due(ca->store, x.now, next_row, &x) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}

int
caplatform_notice_result(struct ca *ca, struct proto_msg *m,
    struct proto_buf *out)
{
	struct castore_notice	 n;
	char			 what[CASTORE_ERROR_MAX], detail[600];
	char			 err[CASTORE_ERROR_MAX + 40];
	uint64_t		 id, ok, status;
	uint32_t		 rnd = 0;
	unsigned char		*p;
	int64_t			 next;
	time_t			 now = time(NULL);
	int			 found, gave_up;

	if (proto_get_u64(m, &id) == -1 || proto_get_u64(m, &ok) == -1 ||
	    proto_get_u64(m, &status) == -1 ||
	    proto_get_str(m, what, sizeof(what)) == -1 || proto_end(m) == -1)
		return -1;
	if (id == 0 || id > INT64_MAX || ok > 1 || status > 599)
		return caop_fail(out, PROTO_E_BADREQ, "bad notice result");
	unlease(ca, (int64_t)id);
	ca->notice_changed = 1;
	if ((found = castore_notice_get(ca->store, (int64_t)id, &n)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return caop_fail(out, PROTO_E_NOTFOUND, "no such notice");
	/* Bytes from the network side: printable before they are logged. */
	for (p = (unsigned char *)what; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	/* Delivered; from "failed" too: a second copy got through after the
	 * first gave up. */
	if (ok && (strcmp(n.state, "pending") == 0 ||
	    strcmp(n.state, "failed") == 0)) {
		if (castore_notice_delivered(ca->store, (int64_t)id, now) ==
		    -1)
			return caop_fail(out, PROTO_E_INTERNAL,
			    "store error");
		proto_buf_init(out, PROTO_OK);
		return 0;
	}
	if (strcmp(n.state, "pending") != 0) {
		/* A repeated result, or one after a forced state: no-op. */
		proto_buf_init(out, PROTO_OK);
		return 0;
	}
	if (status != 0)
		snprintf(err, sizeof(err), "HTTP %llu: %s",
		    (unsigned long long)status, what);
	else
		snprintf(err, sizeof(err), "%s", what);
	(void)RAND_bytes((unsigned char *)&rnd, sizeof(rnd));
	next = now + canotice_backoff(n.attempts + 1,
	    ca->conf.notice_retry_first, ca->conf.notice_retry_max, rnd);
	/* The clock starts at the notice's first failed attempt (since is
	 * then set to it by castore_notice_failed()). */
	gave_up = n.attempts > 0 && now - n.since >=
	    (int64_t)ca->conf.notice_give_up_hours * 3600;
	if (castore_notice_failed(ca->store, (int64_t)id, now, next, gave_up,
	    err) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (gave_up) {
		log_warn("notice %lld (%s #%lld) gave up after %d hours: %s; "
		    "`cactl notify retry` sends it again", (long long)id,
		    n.platform, (long long)n.seq,
		    ca->conf.notice_give_up_hours, err);
		snprintf(detail, sizeof(detail), "id=%lld platform=%s seq=%lld "
		    "event=%s error=%s", (long long)id, n.platform,
		    (long long)n.seq, n.event_id, err);
		if (castore_audit(ca->store, "canotify", "notify-gave-up",
		    detail) == -1)
			return caop_fail(out, PROTO_E_INTERNAL,
			    "store error");
	}
	proto_buf_init(out, PROTO_OK);
	return 0;
}
