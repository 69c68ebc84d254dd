/*
 * caaudit.c: see caaudit.h.  Both operations only read the store.
 */
#include <stdint.h>
#include <string.h>

#include "ca/ca.h"
#include "ca/caaudit.h"
#include "ca/caop.h"
#include "ca/castore.h"

int
caaudit_verify(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	uint64_t	 count;
	int64_t		 bad;
	char		 head[65];
	const char	*why;

	if (proto_end(m) == -1)
		return -1;
	if (castore_audit_verify(ca->store, &count, head, &bad, &why) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, count);
	proto_put_str(out, head);
	proto_put_u64(out, (uint64_t)bad);
	proto_put_str(out, why);
	proto_put_str(out, ca->conf.name);
	return 0;
}

static int
count_rec(const struct castore_audit_rec *r, void *arg)
{
	(void)r;
	(*(uint64_t *)arg)++;
	return 0;
}

static int
put_rec(const struct castore_audit_rec *r, void *arg)
{
	struct proto_buf	*out = arg;
	char			 detail[CAAUDIT_DETAIL_MAX + 1];
	size_t			 n = strlen(r->detail);

	if (n > CAAUDIT_DETAIL_MAX) {
		/* Cut on a character boundary. */
		n = CAAUDIT_DETAIL_MAX;
		while (n > 0 && ((unsigned char)r->detail[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(detail, r->detail, n);
	detail[n] = '\0';
	proto_put_u64(out, (uint64_t)r->id);
	proto_put_u64(out, (uint64_t)r->at);
	proto_put_str(out, r->ca);
	proto_put_str(out, r->actor);
	proto_put_str(out, r->op);
	proto_put_str(out, detail);
	proto_put_u64(out, strlen(r->detail) > n);
	return 0;
}

int
caaudit_list(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	uint64_t	 want, n = 0;

	if (proto_get_u64(m, &want) == -1 || proto_end(m) == -1)
		return -1;
	if (want == 0 || want > CAAUDIT_LIST_MAX)
		return caop_fail(out, PROTO_E_BADREQ, "ask for 1 to 500 "
		    "records");
	/* Nothing is appended between the two walks: the store thread
	 * runs one operation at a time. */
	if (castore_audit_last(ca->store, want, count_rec, &n) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, n);
	if (castore_audit_last(ca->store, n, put_rec, out) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}
