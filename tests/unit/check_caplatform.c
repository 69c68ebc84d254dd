/*
 * check_caplatform.c: the daemon's platform and notice operations
 * (ca/caplatform.c, proto.h ops 11-18) run through caops_run() against a
 * real store and a throwaway CA and notice signer, without the daemon's
 * sockets: who gets a "linked" notice, which leases a forced retry drops,
 * and how much one NOTICE_NEXT reply may carry.  Delivery end to end is
 * in tests/integ/check_notice.c.  Also the daemon's start-up check of the
 * CRL shard count on the same fixture (cashard_check(); the shards' CRLs
 * are tested in tests/integ/check_crlshard.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/ca.h"
#include "ca/cacert.h"
#include "ca/caconf.h"
#include "ca/caops.h"
#include "ca/cashard.h"
#include "ca/castore.h"
#include "ca/proto.h"
#include "tests/cafixture.h"
#include "tests/unit/testdir.h"

#define SERIAL	"0A1B2C3D"

static struct ca	 ca;

/* A CA, its notice signer and an empty store in the test's directory. */
static void
setup(void)
{
	testdir_setup();
	ck_assert_int_eq(cafix_open(&ca, testdir_cur), 0);
}

static void
teardown(void)
{
	cafix_close(&ca);
	testdir_teardown();
}

/*
 * Runs request req (freed here) in its own committed transaction, as the
 * daemon's store thread would; the reply is left in *out (unfinished).
 * Returns caops_run()'s result.
 */
static int
run(struct proto_buf *req, struct proto_buf *out)
{
	struct proto_msg	 m;
	int			 rc;

	memset(out, 0, sizeof(*out));
	ck_assert_int_eq(req->err, 0);
	ck_assert_int_eq(castore_begin(ca.store), 0);
	proto_msg_init(&m, req->p[1], req->p + PROTO_HDR_LEN,
	    req->len - PROTO_HDR_LEN);
	rc = caops_run(&ca, req->p[1], &m, out);
	ck_assert_int_eq(castore_commit(ca.store), 0);
	proto_buf_free(req);
	return rc;
}

/* Frames *out, which must be an OK reply, and starts reading it. */
static void
ok_reply(struct proto_buf *out, struct proto_msg *m)
{
	ck_assert_int_eq(proto_buf_finish(out), 0);
	ck_assert_uint_le(out->len - PROTO_HDR_LEN, PROTO_MAX_PAYLOAD);
	ck_assert_int_eq(out->p[1], PROTO_OK);
	proto_msg_init(m, out->p[1], out->p + PROTO_HDR_LEN,
	    out->len - PROTO_HDR_LEN);
}

/* Runs req, whose OK reply is one U64, and returns that. */
static uint64_t
run_u64(struct proto_buf *req)
{
	struct proto_buf	 out;
	struct proto_msg	 m;
	uint64_t		 v;

	ck_assert_int_eq(run(req, &out), 0);
	ok_reply(&out, &m);
	ck_assert_int_eq(proto_get_u64(&m, &v), 0);
	ck_assert_int_eq(proto_end(&m), 0);
	proto_buf_free(&out);
	return v;
}

/* Registers platform name with a shared secret through PLATFORM_ADD. */
static void
add_platform(const char *name)
{
	struct proto_buf	 req, out;
	struct proto_msg	 m;

	proto_buf_init(&req, PROTO_PLATFORM_ADD);
	proto_put_str(&req, "test");
	proto_put_str(&req, name);
	proto_put_str(&req, "http://127.0.0.1:9/notice");
	proto_put_bytes(&req, NULL, 0);
	proto_put_str(&req, "0123456789abcdef0123");
	ck_assert_int_eq(run(&req, &out), 0);
	ok_reply(&out, &m);
	ck_assert_int_eq(proto_end(&m), 0);
	proto_buf_free(&out);
}

/* A valid certificate (fake DER: the store keeps bytes). */
static void
add_cert(const char *serial)
{
	static const uint8_t	 der[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	static const uint8_t	 name[] = { 0x30, 0x00 };
	struct castore_cert	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.subject, sizeof(c.subject), "CN=测试,O=通知测试有限公司");
	c.issued_at = time(NULL);
	c.not_before = c.issued_at - 60;
	c.not_after = c.issued_at + 86400;
	c.der = (uint8_t *)der;
	c.der_len = sizeof(der);
	c.subject_der = (uint8_t *)name;
	c.subject_der_len = sizeof(name);
	ck_assert_int_eq(castore_begin(ca.store), 0);
	ck_assert_int_eq(castore_cert_add(ca.store, &c), 0);
	ck_assert_int_eq(castore_commit(ca.store), 0);
}

/* `cactl link serial platform`: returns the reply's "newly linked". */
static uint64_t
link_cert(const char *serial, const char *platform)
{
	struct proto_buf	 req;

	proto_buf_init(&req, PROTO_LINK);
	proto_put_str(&req, "test");
	proto_put_str(&req, serial);
	proto_put_str(&req, platform);
	return run_u64(&req);
}

static int
count_one(void *arg, const struct castore_notice *n)
{
	(void)n;
	(*(int *)arg)++;
	return 0;
}

/* How many notices the outbox holds for platform, in any state. */
static int
notices(const char *platform)
{
	int	 n = 0;

	ck_assert_int_eq(castore_notice_list(ca.store, platform, "", 1000,
	    count_one, &n), 0);
	return n;
}

/* What one NOTICE_NEXT handed out. */
struct handed {
	int64_t	 id[64];
	char	 platform[64][CASTORE_PLATFORM_MAX];
	int	 n;
	size_t	 frame;		/* payload bytes of the reply */
};

/* NOTICE_NEXT for at most max notices, without waiting. */
static struct handed
next(uint64_t max)
{
	struct proto_buf	 req, out;
	struct proto_msg	 m;
	struct handed		 h;
	const uint8_t		*p;
	size_t			 len;
	uint64_t		 n, i, id, seq, att;
	char			 s[CASTORE_URL_MAX];

	memset(&h, 0, sizeof(h));
	proto_buf_init(&req, PROTO_NOTICE_NEXT);
	proto_put_u64(&req, max);
	proto_put_u64(&req, 0);
	ck_assert_int_eq(run(&req, &out), 0);
	ok_reply(&out, &m);
	h.frame = out.len - PROTO_HDR_LEN;
	ck_assert_int_eq(proto_get_u64(&m, &n), 0);
	ck_assert_uint_le(n, 64);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(proto_get_u64(&m, &id), 0);
		ck_assert_int_eq(proto_get_str(&m, h.platform[i],
		    CASTORE_PLATFORM_MAX), 0);
		ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_bytes(&m, &p, &len,
		    PROTO_MAX_PAYLOAD), 0);
		ck_assert_int_eq(proto_get_str(&m, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_u64(&m, &seq), 0);
		ck_assert_int_eq(proto_get_u64(&m, &att), 0);
		ck_assert_int_eq(proto_get_bytes(&m, &p, &len,
		    PROTO_MAX_PAYLOAD), 0);
		h.id[i] = (int64_t)id;
	}
	ck_assert_int_eq(proto_end(&m), 0);
	h.n = (int)n;
	proto_buf_free(&out);
	return h;
}

/* `cactl notify retry platform [--id id]`: returns the count. */
static uint64_t
retry(const char *platform, uint64_t id)
{
	struct proto_buf	 req;

	proto_buf_init(&req, PROTO_NOTICE_RETRY);
	proto_put_str(&req, "test");
	proto_put_str(&req, platform);
	proto_put_u64(&req, id);
	return run_u64(&req);
}

/* ---- links -------------------------------------------------------------- */

START_TEST(test_link_notifies_only_the_newly_linked_platform)
{
	add_platform("A");
	add_platform("B");
	add_cert(SERIAL);
	ck_assert_uint_eq(link_cert(SERIAL, "A"), 1);
	ck_assert_int_eq(notices("A"), 1);
	ck_assert_int_eq(notices("B"), 0);
	/* B is new; A knew already and hears nothing more. */
	ck_assert_uint_eq(link_cert(SERIAL, "B"), 1);
	ck_assert_int_eq(notices("A"), 1);
	ck_assert_int_eq(notices("B"), 1);
}
END_TEST

START_TEST(test_link_again_is_a_no_op_without_a_notice)
{
	add_platform("A");
	add_platform("B");
	add_cert(SERIAL);
	ck_assert_uint_eq(link_cert(SERIAL, "A"), 1);
	ck_assert_uint_eq(link_cert(SERIAL, "B"), 1);
	ck_assert_uint_eq(link_cert(SERIAL, "A"), 0);
	ck_assert_uint_eq(link_cert(SERIAL, "B"), 0);
	ck_assert_int_eq(notices("A"), 1);
	ck_assert_int_eq(notices("B"), 1);
}
END_TEST

/* ---- leases ------------------------------------------------------------- */

START_TEST(test_retry_of_one_platform_keeps_the_others_leases)
{
	struct handed	 h;

	add_platform("A");
	add_platform("B");
	add_cert(SERIAL);
	link_cert(SERIAL, "A");
	link_cert(SERIAL, "B");
	h = next(32);
	ck_assert_int_eq(h.n, 2);		/* A's and B's, both leased */
	ck_assert_int_eq(next(32).n, 0);
	/* A's goes out again now; B's stays with whoever holds it. */
	ck_assert_uint_eq(retry("A", 0), 1);
	h = next(32);
	ck_assert_int_eq(h.n, 1);
	ck_assert_str_eq(h.platform[0], "A");
	ck_assert_int_eq(next(32).n, 0);
}
END_TEST

START_TEST(test_retry_of_one_notice_drops_its_lease_only)
{
	struct handed	 h;
	int64_t		 a;

	add_platform("A");
	add_platform("B");
	add_cert(SERIAL);
	link_cert(SERIAL, "A");
	link_cert(SERIAL, "B");
	h = next(32);
	ck_assert_int_eq(h.n, 2);
	a = strcmp(h.platform[0], "A") == 0 ? h.id[0] : h.id[1];
	/* An id of another platform retries nothing and drops nothing. */
	ck_assert_uint_eq(retry("B", (uint64_t)a), 0);
	ck_assert_int_eq(next(32).n, 0);
	ck_assert_uint_eq(retry("A", (uint64_t)a), 1);
	h = next(32);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(h.id[0], a);
}
END_TEST

/* ---- the NOTICE_NEXT reply ---------------------------------------------- */

START_TEST(test_next_reply_stays_within_the_frame_limit)
{
	struct castore_platform	 p;
	struct handed		 h1, h2;
	static uint8_t		 cert[15000];
	int			 i, j, total;

	/* 20 platforms known by large certificates (the store keeps bytes):
	 * their 20 notices are far more than one frame. */
	memset(cert, 0x5a, sizeof(cert));
	add_cert(SERIAL);
	for (i = 0; i < 20; i++) {
		memset(&p, 0, sizeof(p));
		snprintf(p.name, sizeof(p.name), "平台%02d", i);
		snprintf(p.url, sizeof(p.url), "https://127.0.0.1:9/n/%d", i);
		p.cert = cert;
		p.cert_len = sizeof(cert);
		ck_assert_int_eq(castore_begin(ca.store), 0);
		ck_assert_int_eq(castore_platform_add(ca.store, &p,
		    time(NULL)), 0);
		ck_assert_int_eq(castore_commit(ca.store), 0);
		ck_assert_uint_eq(link_cert(SERIAL, p.name), 1);
	}
	h1 = next(32);
	ck_assert_int_gt(h1.n, 0);
	ck_assert_int_lt(h1.n, 20);
	ck_assert_uint_le(h1.frame, PROTO_MAX_PAYLOAD);
	/* The rest come with the next NEXT, none twice. */
	h2 = next(32);
	ck_assert_uint_le(h2.frame, PROTO_MAX_PAYLOAD);
	total = h1.n + h2.n;
	while (h2.n > 0 && total < 20) {
		h2 = next(32);
		total += h2.n;
	}
	ck_assert_int_eq(total, 20);
	ck_assert_int_eq(next(32).n, 0);
	for (i = 0; i < h1.n; i++)
		for (j = i + 1; j < h1.n; j++)
			ck_assert_int_ne(h1.id[i], h1.id[j]);
}
END_TEST

/* ---- the CRL shard count at start-up ------------------------------------ */

START_TEST(test_a_store_without_the_shard_count_takes_ca_confs_for_good)
{
	uint64_t	 count;
	int64_t		 kept, bad;
	const char	*why;
	char		 head[65];

	/* A CA set up before the count was kept: ca.conf's is taken. */
	ca.conf.crl_shards = 16;
	ck_assert_int_eq(castore_meta_get(ca.store, CASTORE_META_CRL_SHARDS,
	    &kept), 1);
	ck_assert_int_eq(cashard_check(&ca, testdir_cur), 0);
	ck_assert_int_eq(castore_meta_get(ca.store, CASTORE_META_CRL_SHARDS,
	    &kept), 0);
	ck_assert_int_eq(kept, 16);
	ck_assert_int_eq(castore_audit_verify(ca.store, &count, head, &bad,
	    &why), 0);
	ck_assert_uint_eq(count, 1);
	/* From then on only that value starts. */
	ck_assert_int_eq(cashard_check(&ca, testdir_cur), 0);
	ca.conf.crl_shards = 32;
	ck_assert_int_eq(cashard_check(&ca, testdir_cur), -1);
	ca.conf.crl_shards = 0;
	ck_assert_int_eq(cashard_check(&ca, testdir_cur), -1);
	ck_assert_int_eq(castore_audit_verify(ca.store, &count, head, &bad,
	    &why), 0);
	ck_assert_uint_eq(count, 1);
}
END_TEST

/* A test case of s with this suite's fixtures. */
static TCase *
test_case(Suite *s, const char *name)
{
	TCase	*tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, testdir_top_setup,
	    testdir_top_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

int
main(void)
{
	Suite	*s = suite_create("caplatform");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	testdir_init("check_caplatform");
	tc = test_case(s, "links");
	tcase_add_test(tc, test_link_notifies_only_the_newly_linked_platform);
	tcase_add_test(tc, test_link_again_is_a_no_op_without_a_notice);
	tc = test_case(s, "leases");
	tcase_add_test(tc, test_retry_of_one_platform_keeps_the_others_leases);
	tcase_add_test(tc, test_retry_of_one_notice_drops_its_lease_only);
	tc = test_case(s, "next");
	tcase_add_test(tc, test_next_reply_stays_within_the_frame_limit);
	tc = test_case(s, "shards");
	tcase_add_test(tc,
	    test_a_store_without_the_shard_count_takes_ca_confs_for_good);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
