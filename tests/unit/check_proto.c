/*
 * check_proto.c: the daemon's wire protocol (ca/proto.c): framing, typed
 * getters and their refusals.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ca/proto.h"

/* Finishes b and opens its payload as a message. */
static void
open_msg(struct proto_buf *b, struct proto_msg *m)
{
	uint8_t		 op;
	uint32_t	 len;

	ck_assert_int_eq(proto_buf_finish(b), 0);
	ck_assert_int_eq(proto_hdr_parse(b->p, &op, &len), 0);
	ck_assert_uint_eq(len, b->len - PROTO_HDR_LEN);
	proto_msg_init(m, op, b->p + PROTO_HDR_LEN, len);
}

START_TEST(test_fields_round_trip_in_order)
{
	struct proto_buf b;
	struct proto_msg m;
	uint64_t	 v;
	char		 s[32];
	const uint8_t	*p;
	size_t		 n;
	const uint8_t	 raw[4] = { 0, 1, 0, 2 };

	proto_buf_init(&b, PROTO_STATUS);
	proto_put_u64(&b, 0x0102030405060708ULL);
	proto_put_str(&b, "沈阳办理点");
	proto_put_bytes(&b, raw, sizeof(raw));
	open_msg(&b, &m);
	ck_assert_uint_eq(m.op, PROTO_STATUS);
	ck_assert_int_eq(proto_get_u64(&m, &v), 0);
	ck_assert(v == 0x0102030405060708ULL);
	ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
	ck_assert_str_eq(s, "沈阳办理点");
	ck_assert_int_eq(proto_get_bytes(&m, &p, &n, 16), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(memcmp(p, raw, 4), 0);
	ck_assert_int_eq(proto_end(&m), 0);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_header_with_wrong_version_is_refused)
{
	uint8_t		 h[8] = { 2, 1, 0, 0, 0, 0, 0, 0 }, op;
	uint32_t	 len;

	ck_assert_int_eq(proto_hdr_parse(h, &op, &len), -1);
}
END_TEST

START_TEST(test_header_with_reserved_bits_is_refused)
{
	uint8_t		 h[8] = { 1, 1, 0, 1, 0, 0, 0, 0 }, op;
	uint32_t	 len;

	ck_assert_int_eq(proto_hdr_parse(h, &op, &len), -1);
}
END_TEST

START_TEST(test_header_with_oversize_length_is_refused)
{
	uint8_t		 h[8] = { 1, 1, 0, 0, 0, 0x04, 0, 1 }, op;
	uint32_t	 len;

	/* 0x00040001 = PROTO_MAX_PAYLOAD + 1 */
	ck_assert_int_eq(proto_hdr_parse(h, &op, &len), -1);
	h[7] = 0;
	ck_assert_int_eq(proto_hdr_parse(h, &op, &len), 0);
	ck_assert_uint_eq(len, PROTO_MAX_PAYLOAD);
}
END_TEST

START_TEST(test_getter_of_wrong_kind_fails_without_advancing)
{
	struct proto_buf b;
	struct proto_msg m;
	uint64_t	 v;
	char		 s[8];

	proto_buf_init(&b, PROTO_PING);
	proto_put_str(&b, "abc");
	open_msg(&b, &m);
	ck_assert_int_eq(proto_get_u64(&m, &v), -1);
	ck_assert_uint_eq(m.off, 0);
	ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
	ck_assert_str_eq(s, "abc");
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_string_longer_than_buffer_is_refused)
{
	struct proto_buf b;
	struct proto_msg m;
	char		 s[4];

	proto_buf_init(&b, PROTO_PING);
	proto_put_str(&b, "abcd");
	open_msg(&b, &m);
	ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), -1);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_string_with_nul_byte_is_refused)
{
	struct proto_buf b;
	struct proto_msg m;
	char		 s[16];

	proto_buf_init(&b, PROTO_PING);
	proto_put_bytes(&b, "a\0b", 3);
	open_msg(&b, &m);
	/* Pretend the BYTES field is a STR: the getter must see the NUL. */
	b.p[PROTO_HDR_LEN] = PROTO_STR;
	ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), -1);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_field_longer_than_payload_is_refused)
{
	struct proto_buf b;
	struct proto_msg m;
	const uint8_t	*p;
	size_t		 n;

	proto_buf_init(&b, PROTO_PING);
	proto_put_bytes(&b, "abcdef", 6);
	open_msg(&b, &m);
	m.len -= 1;			/* truncate the payload by one byte */
	ck_assert_int_eq(proto_get_bytes(&m, &p, &n, 100), -1);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_bytes_over_the_callers_bound_are_refused)
{
	struct proto_buf b;
	struct proto_msg m;
	const uint8_t	*p;
	size_t		 n;

	proto_buf_init(&b, PROTO_PING);
	proto_put_bytes(&b, "abcdef", 6);
	open_msg(&b, &m);
	ck_assert_int_eq(proto_get_bytes(&m, &p, &n, 5), -1);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_trailing_field_is_detected)
{
	struct proto_buf b;
	struct proto_msg m;
	uint64_t	 v;

	proto_buf_init(&b, PROTO_PING);
	proto_put_u64(&b, 7);
	proto_put_u64(&b, 8);
	open_msg(&b, &m);
	ck_assert_int_eq(proto_get_u64(&m, &v), 0);
	ck_assert_int_eq(proto_end(&m), -1);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_partial_field_header_is_refused)
{
	const uint8_t	 pay[3] = { PROTO_U64, 0, 0 };
	struct proto_msg m;
	uint64_t	 v;

	proto_msg_init(&m, PROTO_PING, pay, sizeof(pay));
	ck_assert_int_eq(proto_get_u64(&m, &v), -1);
	ck_assert_int_eq(proto_end(&m), -1);
}
END_TEST

START_TEST(test_oversize_payload_cannot_be_built)
{
	struct proto_buf b;
	uint8_t		*big;

	big = calloc(1, PROTO_MAX_PAYLOAD);
	ck_assert_ptr_nonnull(big);
	proto_buf_init(&b, PROTO_PING);
	proto_put_bytes(&b, big, PROTO_MAX_PAYLOAD);	/* + 5 > max */
	ck_assert_int_eq(b.err, 1);
	proto_put_u64(&b, 1);				/* no-op now */
	ck_assert_int_eq(proto_buf_finish(&b), -1);
	proto_buf_free(&b);
	free(big);
}
END_TEST

START_TEST(test_error_reply_carries_code_and_message)
{
	struct proto_buf b;
	struct proto_msg m;
	uint64_t	 code;
	char		 s[64];

	proto_buf_init(&b, PROTO_OK);
	proto_put_str(&b, "discarded");
	proto_err_reply(&b, PROTO_E_CONFLICT, "already revoked");
	open_msg(&b, &m);
	ck_assert_uint_eq(m.op, PROTO_ERR);
	ck_assert_int_eq(proto_get_u64(&m, &code), 0);
	ck_assert_uint_eq(code, PROTO_E_CONFLICT);
	ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
	ck_assert_str_eq(s, "already revoked");
	ck_assert_int_eq(proto_end(&m), 0);
	ck_assert_str_eq(proto_err_name(code), "conflict");
	ck_assert_str_eq(proto_err_name(999), "unknown error");
	proto_buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("proto");
	TCase	*tc = tcase_create("proto");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_fields_round_trip_in_order);
	tcase_add_test(tc, test_header_with_wrong_version_is_refused);
	tcase_add_test(tc, test_header_with_reserved_bits_is_refused);
	tcase_add_test(tc, test_header_with_oversize_length_is_refused);
	tcase_add_test(tc, test_getter_of_wrong_kind_fails_without_advancing);
	tcase_add_test(tc, test_string_longer_than_buffer_is_refused);
	tcase_add_test(tc, test_string_with_nul_byte_is_refused);
	tcase_add_test(tc, test_field_longer_than_payload_is_refused);
	tcase_add_test(tc, test_bytes_over_the_callers_bound_are_refused);
	tcase_add_test(tc, test_trailing_field_is_detected);
	tcase_add_test(tc, test_partial_field_header_is_refused);
	tcase_add_test(tc, test_oversize_payload_cannot_be_built);
	tcase_add_test(tc, test_error_reply_carries_code_and_message);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
