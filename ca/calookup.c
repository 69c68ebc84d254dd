/*
 * calookup.c: see calookup.h.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/caop.h"
#include "ca/calookup.h"
#include "ca/caocsp.h"
#include "ca/castore.h"
#include "lib/log.h"

#define FIELD_MAX	256
#define LIST_MAX	1000
#define OCSP_REQ_MAX	(16 * 1024)	/* 32 CertIDs and a nonce: < 4 KiB */

static int
list_row(void *arg, const struct castore_cert *c)
{
	struct proto_buf	*out = arg;

	proto_put_str(out, c->serial);
	proto_put_str(out, c->subject);
	proto_put_u64(out, (uint64_t)c->not_after);
	proto_put_u64(out, (uint64_t)c->revoked_at);
	proto_put_u64(out, (uint64_t)(c->reason + 1));
	proto_put_str(out, c->replaced_by);
	return out->err ? -1 : 0;
}

static int
count_row(void *arg, const struct castore_cert *c)
{
	(void)c;
	(*(uint64_t *)arg)++;
	return 0;
}

int
calookup_list(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	char		 state[16], subject[FIELD_MAX];
	uint64_t	 limit, n = 0;
	time_t		 now = time(NULL);

	if (proto_get_str(m, state, sizeof(state)) == -1 ||
	    proto_get_str(m, subject, sizeof(subject)) == -1 ||
	    proto_get_u64(m, &limit) == -1 || proto_end(m) == -1)
		return -1;
	if (state[0] != '\0' && strcmp(state, "all") != 0 &&
	    strcmp(state, "valid") != 0 && strcmp(state, "revoked") != 0 &&
	    strcmp(state, "expired") != 0)
		return caop_fail(out, PROTO_E_BADREQ,
		    "state must be all, valid, revoked or expired");
	if (limit == 0 || limit > LIST_MAX)
		limit = LIST_MAX;
	if (castore_list(ca->store, state, subject, now, (int)limit,
	    count_row, &n) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	proto_buf_init(out, PROTO_OK);
	proto_put_u64(out, n);
	if (castore_list(ca->store, state, subject, now, (int)limit,
	    list_row, out) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "list too large for one "
		    "reply; narrow it with a filter or a limit");
	return 0;
}

static int
put_platform(void *arg, const char *name)
{
	struct proto_buf	*out = arg;

	proto_put_str(out, name);
	return 0;
}

static int
count_platform(void *arg, const char *name)
{
	(void)name;
	(*(uint64_t *)arg)++;
	return 0;
}

int
calookup_show(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	struct castore_cert	 c;
	char			 serial[CASTORE_SERIAL_MAX];
	uint64_t		 n = 0;
	int64_t			 issued_token, revoked_token;
	int			 found;

	if (proto_get_str(m, serial, sizeof(serial)) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (caop_serial_norm(serial, sizeof(serial)) == -1)
		return caop_fail(out, PROTO_E_BADREQ, "serial must be hex");
	if ((found = castore_cert_get(ca->store, serial, &c)) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	if (found == 1)
		return caop_fail(out, PROTO_E_NOTFOUND,
		    "no certificate with that serial was issued by this CA");
	if (castore_cert_tokens(ca->store, serial, &issued_token,
	    &revoked_token) == -1 ||
	    castore_platforms(ca->store, serial, count_platform, &n) == -1) {
		castore_cert_clear(&c);
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	}
	proto_buf_init(out, PROTO_OK);
	proto_put_str(out, c.subject);
	proto_put_u64(out, (uint64_t)c.not_before);
	proto_put_u64(out, (uint64_t)c.not_after);
	proto_put_u64(out, (uint64_t)c.issued_at);
	proto_put_u64(out, (uint64_t)c.revoked_at);
	proto_put_u64(out, (uint64_t)(c.reason + 1));
	proto_put_u64(out, (uint64_t)c.invalidity);
	proto_put_u64(out, (uint64_t)issued_token);
	proto_put_u64(out, (uint64_t)revoked_token);
	proto_put_str(out, c.order_id);
	proto_put_str(out, c.replaces);
	proto_put_str(out, c.replaced_by);
	proto_put_bytes(out, c.der, c.der_len);
	proto_put_u64(out, n);
	castore_cert_clear(&c);
	if (castore_platforms(ca->store, serial, put_platform, out) == -1)
		return caop_fail(out, PROTO_E_INTERNAL, "store error");
	return 0;
}

/* caocsp_lookup_fn over the store. */
static int
ocsp_lookup(void *arg, const char *serial, struct caocsp_status *st)
{
	struct ca		*ca = arg;
	struct castore_cert	 c;
	int			 found;

	if ((found = castore_cert_get(ca->store, serial, &c)) != 0) {
		if (found == 1)
			ca->ocsp_cert[2]++;		/* unknown */
		return found;
	}
	ca->ocsp_cert[c.revoked_at != 0 ? 1 : 0]++;	/* revoked, good */
	st->revoked_at = c.revoked_at;
	st->reason = c.reason;
	castore_cert_clear(&c);
	return 0;
}

int
calookup_ocsp(struct ca *ca, struct proto_msg *m, struct proto_buf *out)
{
	OCSP_RESPONSE	*resp;
	const uint8_t	*req;
	unsigned char	*der = NULL, *p;
	const unsigned char *cp;
	size_t		 len, n = 0;
	int		 rc;

	if (proto_get_bytes(m, &req, &len, OCSP_REQ_MAX) == -1 ||
	    proto_end(m) == -1)
		return -1;
	if (ca->ocsp != NULL)
		rc = caocsp_answer(ca->ocsp, len > 0 ? req : NULL, len,
		    time(NULL), ocsp_lookup, ca, &der, &n);
	else {
		/* No responder set up (cad without -O): not ours to say. */
		rc = -1;
		if ((resp = OCSP_response_create(
		    OCSP_RESPONSE_STATUS_UNAUTHORIZED, NULL)) != NULL &&
		    (rc = i2d_OCSP_RESPONSE(resp, NULL)) > 0 &&
		    (der = malloc((size_t)rc)) != NULL) {
			p = der;
			n = (size_t)i2d_OCSP_RESPONSE(resp, &p);
			rc = 0;
		} else
			rc = -1;
		OCSP_RESPONSE_free(resp);
	}
	if (rc == -1) {
		free(der);
		return caop_fail(out, PROTO_E_INTERNAL, "no OCSP response");
	}
	cp = der;
	if ((resp = d2i_OCSP_RESPONSE(NULL, &cp, (long)n)) != NULL && (rc = OCSP_response_status(resp)) >= 0 &&
	    rc < 7)
		ca->ocsp_resp[rc]++;
	OCSP_RESPONSE_free(resp);
	proto_buf_init(out, PROTO_OK);
	proto_put_bytes(out, der, n);
	free(der);
	return 0;
}
