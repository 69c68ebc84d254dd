/*
 * fuzz_proto.c: libFuzzer target for the daemon's frame parser.
 *
 * Input: an 8-byte frame header, then a payload.  The header goes through
 * proto_hdr_parse(); the payload is read with a sequence of typed getters
 * chosen by the payload's own bytes, the way a handler would, then
 * proto_end().  Nothing may crash, read out of bounds or loop.
 */
#include <stddef.h>
#include <stdint.h>

#include "ca/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m;
	const uint8_t	*p;
	uint64_t	 v;
	uint32_t	 len;
	uint8_t		 op;
	size_t		 n, i;
	char		 s[64];

	if (size < PROTO_HDR_LEN)
		return 0;
	if (proto_hdr_parse(data, &op, &len) == -1)
		return 0;
	n = size - PROTO_HDR_LEN;
	if (len < n)
		n = len;
	proto_msg_init(&m, op, data + PROTO_HDR_LEN, n);
	for (i = 0; i < 64 && m.off < m.len; i++) {
		switch (m.p[m.off]) {
		case PROTO_U64:
			if (proto_get_u64(&m, &v) == -1)
				return 0;
			break;
		case PROTO_STR:
			if (proto_get_str(&m, s, sizeof(s)) == -1)
				return 0;
			break;
		default:
			if (proto_get_bytes(&m, &p, &n, 4096) == -1)
				return 0;
			break;
		}
	}
	(void)proto_end(&m);
	return 0;
}
