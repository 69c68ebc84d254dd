/*
 * fuzz_caops.c: libFuzzer target for the daemon's operations (caops_run():
 * every protocol request after its frame was read), against a real store
 * and a throwaway CA made at start-up, with one registered platform and
 * one certificate linked to it, so the platform, link, notice and
 * revocation paths find rows to work on.
 *
 * Input: one op byte (taken modulo the request ops), then the payload.
 * Each input runs in a transaction that is rolled back, so every run sees
 * the same store.  Nothing may crash, read out of bounds or leak; a reply
 * must be a well-formed frame.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/caops.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "tests/cafixture.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct ca	 ca;

/* Runs one request in a transaction that is then rolled back. */
static void
run(uint8_t op, const uint8_t *p, size_t n)
{
	struct proto_msg	 m;
	struct proto_buf	 out;

	memset(&out, 0, sizeof(out));
	if (castore_begin(ca.store) == -1)
		abort();
	proto_msg_init(&m, op, p, n);
	if (caops_run(&ca, op, &m, &out) != -1 && out.p != NULL &&
	    proto_buf_finish(&out) == -1 && out.len < PROTO_MAX_PAYLOAD)
		abort();	/* a reply that cannot be framed */
	proto_buf_free(&out);
	castore_rollback(ca.store);
	ca.nlease = 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char		 dir[] = "/tmp/fuzz_caops.XXXXXX";
	struct proto_buf	 b;

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	if (cafix_open(&ca, dir) == -1)
		abort();
	/* One platform (secret), kept: committed before any input. */
	proto_buf_init(&b, PROTO_PLATFORM_ADD);
	proto_put_str(&b, "fuzz");
	proto_put_str(&b, "平台");
	proto_put_str(&b, "http://127.0.0.1:9/n");
	proto_put_bytes(&b, NULL, 0);
	proto_put_str(&b, "0123456789abcdef0123");
	castore_begin(ca.store);
	{
		struct proto_msg	 m;
		struct proto_buf	 out;

		memset(&out, 0, sizeof(out));
		proto_msg_init(&m, PROTO_PLATFORM_ADD, b.p + PROTO_HDR_LEN,
		    b.len - PROTO_HDR_LEN);
		if (caops_run(&ca, PROTO_PLATFORM_ADD, &m, &out) != 0)
			abort();
		proto_buf_free(&out);
	}
	castore_commit(ca.store);
	proto_buf_free(&b);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t	 op;

	if (size < 1)
		return 0;
	/* Every request op; PROTO_AUDIT_VERIFY walks the log, also fine. */
	op = (uint8_t)(1 + data[0] % (PROTO_OP__MAXREQ - 1));
	run(op, data + 1, size - 1);
	return 0;
}
