/*
 * check_castorepg.c: the CA store on PostgreSQL (ca/castore*.c on
 * lib/dbpg.c), on a real server of Debian's postgresql started by
 * tests/pg/pgtmp.sh in a temporary directory.  What check_castore shows
 * on SQLite holds here too: the schema is made once at the latest
 * version and a newer one is refused; a certificate round-trips and an
 * order maps to one certificate (the idempotent reissue's lookup: the
 * same order finds the same certificate); revocations, the CRL's
 * iterations (in serial order, byte by byte), the CRL number; savepoints
 * and a rollback that leaves nothing; the audit chain verifies, is
 * append-only and shows an edit; the signing role is one signer's at a
 * time, a stale fencing token commits nothing, rows carry the token they
 * were written under (also after a version 8 store's migration), and a
 * writer shuts out the role's taking until it commits; platforms and
 * notices; backup is refused with the way to do it.  Each test has a
 * store of its own: a schema of the database named by
 * options=-csearch_path=.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "ca/castore.h"
#include "lib/chain.h"
#include "tests/integ/pgfix.h"

#define NOW	1700000000LL
#define LATER	(NOW + 86400 * 365)
#define EARLIER	(NOW - 86400)

static char	 top[PATH_MAX], dir[PATH_MAX];
static char	 ci0[1024];	/* the database */
static char	 ci[1200];	/* this test's store: a schema of it */
static char	 schema[32];

/* Runs sql with psql in this test's schema; its exit status. */
static int
psql(const char *sql)
{
	return pgfix_sh("PGOPTIONS='-csearch_path=%s' psql -XAtq "
	    "-v ON_ERROR_STOP=1 -d '%s' -c \"%s\" >/dev/null 2>&1", schema,
	    ci0, sql);
}

/* The first value of psql's answer to sql, in buf. */
static const char *
psql_text(const char *sql, char *buf, size_t sz)
{
	char	 cmd[2048];
	FILE	*p;

	snprintf(cmd, sizeof(cmd), "PGOPTIONS='-csearch_path=%s' "
	    "psql -XAtq -d '%s' -c \"%s\"", schema, ci0, sql);
	buf[0] = '\0';
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	ck_assert_ptr_nonnull(fgets(buf, (int)sz, p));
	ck_assert_int_eq(pclose(p), 0);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static long long
psql_int(const char *sql)
{
	char	 buf[128];

	return atoll(psql_text(sql, buf, sizeof(buf)));
}

/* The store as cad opens it: read-write, knowing its CA's name. */
static struct castore *
open_store(void)
{
	struct castore	*s = castore_open(ci);

	ck_assert_msg(s != NULL, "castore_open on PostgreSQL failed");
	ck_assert_int_eq(castore_set_ca(s, "unit"), 0);
	return s;
}

static const uint8_t	 fake_der[] = { 0x30, 0x03, 0x02, 0x01, 0x00, 0xff };
static const uint8_t	 fake_name[] = { 0x30, 0x00, 0x00, 0x07 };

static int
add_full(struct castore *s, const char *serial, const char *subject,
    int64_t not_after, int64_t issued_at, const char *order)
{
	struct castore_cert	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.subject, sizeof(c.subject), "%s", subject);
	c.not_before = issued_at - 60;
	c.not_after = not_after;
	c.issued_at = issued_at;
	snprintf(c.order_id, sizeof(c.order_id), "%s",
	    order != NULL ? order : "");
	c.der = (uint8_t *)fake_der;
	c.der_len = sizeof(fake_der);
	c.subject_der = (uint8_t *)fake_name;
	c.subject_der_len = sizeof(fake_name);
	return castore_cert_add(s, &c);
}

static void
add(struct castore *s, const char *serial, const char *subject)
{
	ck_assert_int_eq(add_full(s, serial, subject, LATER, NOW, NULL), 0);
}

struct seen {
	char	 serials[512];
	int	 n;
};

static int
collect(void *arg, const struct castore_cert *c)
{
	struct seen	*w = arg;
	size_t		 len = strlen(w->serials);

	snprintf(w->serials + len, sizeof(w->serials) - len, "%s%s",
	    w->n > 0 ? "," : "", c->serial);
	w->n++;
	return 0;
}

static int
collect_platform(void *arg, const char *name)
{
	char	*buf = arg;
	size_t	 len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s%s", len > 0 ? "," : "", name);
	return 0;
}

/* Reads a whole iteration started by the caller, serials
 * comma-separated into buf[256]. */
static const char *
iterate(struct castore *s, char *buf)
{
	char	 serial[CASTORE_SERIAL_MAX];
	int64_t	 at, inval;
	int	 reason, rc;
	size_t	 len;

	buf[0] = '\0';
	while ((rc = castore_revoked_next(s, serial, sizeof(serial), &at,
	    &reason, &inval)) == 1) {
		len = strlen(buf);
		snprintf(buf + len, 256 - len, "%s%s", len > 0 ? "," : "",
		    serial);
	}
	ck_assert_int_eq(rc, 0);
	castore_revoked_end(s);
	return buf;
}

START_TEST(test_schema_is_made_once_and_a_newer_one_is_refused)
{
	struct castore	*a, *b;

	a = open_store();
	b = open_store();	/* finds it made */
	ck_assert_int_eq(castore_version(a), castore_version_latest());
	ck_assert_int_eq(castore_version(b), castore_version_latest());
	ck_assert_int_eq(psql_int("SELECT count(*) FROM schema_version"), 1);
	ck_assert_int_eq(psql_int("SELECT count(*) FROM signer"), 1);
	castore_close(a);
	castore_close(b);
	ck_assert_int_eq(psql("UPDATE schema_version SET version = 999"), 0);
	ck_assert_ptr_null(castore_open(ci));
	ck_assert_int_eq(psql_int("SELECT version FROM schema_version"), 999);
	/* An old store cannot be made on PostgreSQL. */
	ck_assert_ptr_null(castore_open_version(ci, 6));
}
END_TEST

START_TEST(test_certificates_round_trip_and_an_order_maps_to_one)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;
	uint64_t		 n, rev;

	ck_assert_int_eq(add_full(s, "0A", "CN=甲,O=辽宁", LATER, NOW,
	    "order-a"), 0);
	ck_assert_int_eq(castore_cert_get(s, "0A", &c), 0);
	ck_assert_str_eq(c.subject, "CN=甲,O=辽宁");
	ck_assert_str_eq(c.order_id, "order-a");
	ck_assert_str_eq(c.replaces, "");
	ck_assert_int_eq(c.revoked_at, 0);
	ck_assert_int_eq(c.reason, -1);
	ck_assert_int_eq(c.not_after, LATER);
	ck_assert_uint_eq(c.der_len, sizeof(fake_der));
	ck_assert_mem_eq(c.der, fake_der, sizeof(fake_der));
	ck_assert_uint_eq(c.subject_der_len, sizeof(fake_name));
	ck_assert_mem_eq(c.subject_der, fake_name, sizeof(fake_name));
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_get(s, "0B", &c), 1);
	/* A second certificate for the same serial: 1, the first kept. */
	ck_assert_int_eq(add_full(s, "0A", "CN=乙", LATER, NOW, "o"), 1);
	/* The same order again: the schema refuses a second certificate,
	 * and the order still finds the first (the reissue's answer). */
	ck_assert_int_eq(add_full(s, "0B", "CN=乙", LATER, NOW, "order-a"),
	    -1);
	ck_assert_int_eq(castore_cert_by_order(s, "order-a", &c), 0);
	ck_assert_str_eq(c.serial, "0A");
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_by_order(s, "", &c), 1);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	castore_close(s);
}
END_TEST

START_TEST(test_revocations_lists_and_the_crl_iterations)
{
	struct castore	*s = open_store();
	struct seen	 w;
	uint64_t	 r[11];
	char		 buf[256];

	add(s, "0C", "CN=c");
	add(s, "01", "CN=1");
	add(s, "0A", "CN=甲乙");
	add(s, "1A", "CN=b");
	add(s, "FF0A", "CN=z");
	ck_assert_int_eq(add_full(s, "05", "CN=old", EARLIER, NOW - 9, NULL),
	    0);
	ck_assert_int_eq(castore_revoke(s, "0C", 1, NOW + 3, EARLIER, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "0C", 4, NOW + 5, 0, ""), 1);
	ck_assert_int_eq(castore_revoke(s, "01", 6, NOW + 1, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "0A", 4, NOW + 2, 0, "r-1"), 0);
	ck_assert_int_eq(castore_revoke(s, "FF0A", 4, NOW + 4, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "05", 1, NOW - 5, 0, ""), 0);
	ck_assert_int_eq(castore_revoke(s, "1A", 7, NOW, 0, ""), -1);
	ck_assert_int_eq(castore_revoke(s, "1A", 11, NOW, 0, ""), -1);
	/* Serial order, byte by byte (digits before letters), expired
	 * ones left out. */
	ck_assert_int_eq(castore_revoked_start(s, NOW), 0);
	ck_assert_str_eq(iterate(s, buf), "01,0A,0C,FF0A");
	ck_assert_int_eq(castore_revoked_tail_start(s, NOW, 0x0A), 0);
	ck_assert_str_eq(iterate(s, buf), "0A,FF0A");
	ck_assert_int_eq(castore_revoked_since_start(s, NOW, NOW + 2), 0);
	ck_assert_str_eq(iterate(s, buf), "0A,0C,FF0A");
	ck_assert_int_eq(castore_unexpired_start(s, NOW, "01", 2), 0);
	ck_assert_str_eq(iterate(s, buf), "0A,0C");
	ck_assert_int_eq(castore_unhold(s, "01"), 0);
	ck_assert_int_eq(castore_unhold(s, "0A"), 1);
	ck_assert_int_eq(castore_revoked_by_reason(s, r), 0);
	ck_assert_uint_eq(r[1], 2);
	ck_assert_uint_eq(r[4], 2);
	ck_assert_uint_eq(r[6], 0);
	/* Lists: by state, by a piece of the subject. */
	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(castore_list(s, "revoked", "", NOW, 10, collect, &w),
	    0);
	ck_assert_int_eq(w.n, 4);
	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(castore_list(s, "all", "乙", NOW, 10, collect, &w),
	    0);
	ck_assert_str_eq(w.serials, "0A");
	/* Platform links: idempotent, sorted, copied. */
	ck_assert_int_eq(castore_platform_link(s, "0A", "p2"), 0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "p1"), 0);
	ck_assert_int_eq(castore_platform_link(s, "0A", "p1"), 0);
	ck_assert_int_eq(castore_platform_copy(s, "0A", "1A"), 0);
	ck_assert_int_eq(castore_platform_copy(s, "0A", "1A"), 0);
	buf[0] = '\0';
	ck_assert_int_eq(castore_platforms(s, "1A", collect_platform, buf), 0);
	ck_assert_str_eq(buf, "p1,p2");
	ck_assert_int_eq(castore_link_replacement(s, "0A", "1A"), 0);
	ck_assert_int_eq(castore_link_replacement(s, "0A", "0C"), -1);
	castore_close(s);
}
END_TEST

START_TEST(test_crl_number_strictly_increases)
{
	struct castore	*s = open_store();

	ck_assert_uint_eq(castore_crl_last(s), 0);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_uint_eq(castore_crl_next(s), 1);
	ck_assert_uint_eq(castore_crl_next(s), 2);
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_uint_eq(castore_crl_raise(s, 10), 10);
	ck_assert_uint_eq(castore_crl_raise(s, 4), 10);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_uint_eq(castore_crl_next(s), 11);
	ck_assert_int_eq(castore_rollback(s), 0);
	castore_close(s);
	s = open_store();
	ck_assert_uint_eq(castore_crl_last(s), 10);
	castore_close(s);
}
END_TEST

START_TEST(test_savepoint_undo_and_rollback_leave_nothing)
{
	struct castore		*s = open_store();
	struct castore_cert	 c;
	uint64_t		 n, rev, count;
	int64_t			 bad;
	const char		*why;
	char			 head[65];

	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0A"), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0B", "CN=乙");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, 0, ""), 0);
	/* A refused statement inside: the transaction goes on. */
	ck_assert_int_eq(castore_revoke(s, "0B", 7, NOW, 0, ""), -1);
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0B"), 0);
	ck_assert_int_eq(castore_savepoint_undo(s), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	ck_assert_int_eq(castore_savepoint(s), 0);
	add(s, "0C", "CN=丙");
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0C"), 0);
	ck_assert_int_eq(castore_savepoint_keep(s), 0);
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(rev, 0);
	ck_assert_int_eq(castore_cert_get(s, "0B", &c), 1);

	/* A rollback takes the whole transaction back. */
	ck_assert_int_eq(castore_begin(s), 0);
	add(s, "0D", "CN=丁");
	ck_assert_int_eq(castore_revoke(s, "0A", 1, NOW, 0, ""), 0);
	ck_assert_int_eq(castore_audit(s, "test", "issue", "0D"), 0);
	ck_assert_uint_eq(castore_crl_next(s), 1);
	ck_assert_int_eq(castore_in_txn(s), 1);
	ck_assert_int_eq(castore_rollback(s), 0);
	ck_assert_int_eq(castore_in_txn(s), 0);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(rev, 0);
	ck_assert_uint_eq(castore_crl_last(s), 0);
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 2);
	castore_close(s);
}
END_TEST

START_TEST(test_audit_chain_verifies_is_append_only_and_shows_an_edit)
{
	struct castore	*s = open_store();
	uint64_t	 count;
	int64_t		 bad = -1;
	const char	*why;
	char		 head[65], last[128], prev[128], want[65];

	ck_assert_int_eq(castore_audit(s, "test", "one", "first"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "two", "second"), 0);
	ck_assert_int_eq(castore_audit(s, "test", "three", "第三"), 0);
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    0);
	ck_assert_uint_eq(count, 3);
	ck_assert_int_eq(bad, 0);
	ck_assert_str_eq(head, psql_text("SELECT hash FROM audit WHERE id = 3",
	    last, sizeof(last)));
	psql_text("SELECT prev FROM audit WHERE id = 3", prev, sizeof(prev));
	ck_assert_int_eq(chain_hash_ca(prev, 3, psql_int("SELECT at FROM audit"
	    " WHERE id = 3"), "unit", "test", "three", "第三", want), 0);
	ck_assert_str_eq(want, last);
	ck_assert_int_eq(castore_audit_count(s, &count), 0);
	ck_assert_uint_eq(count, 3);
	/* The triggers refuse an edit, a removal, a truncation. */
	ck_assert_int_eq(psql("UPDATE audit SET detail = 'x' WHERE id = 2"),
	    1);
	ck_assert_int_eq(psql("DELETE FROM audit WHERE id = 3"), 1);
	ck_assert_int_eq(psql("TRUNCATE audit"), 1);
	ck_assert_int_eq(psql_int("SELECT count(*) FROM audit"), 3);
	/* An edit past them (the table's owner turns them off) shows. */
	ck_assert_int_eq(psql("ALTER TABLE audit DISABLE TRIGGER USER;"
	    " UPDATE audit SET detail = 'x' WHERE id = 2"), 0);
	ck_assert_int_eq(castore_audit_verify(s, &count, head, &bad, &why),
	    1);
	ck_assert_int_eq(bad, 2);
	castore_close(s);
}
END_TEST

/* The tokens serial was issued and revoked under. */
static void
assert_tokens(struct castore *s, const char *serial, int64_t issued,
    int64_t revoked)
{
	int64_t	 i, r;

	ck_assert_int_eq(castore_cert_tokens(s, serial, &i, &r), 0);
	ck_assert_msg(i == issued && r == revoked, "%s: issued under %lld, "
	    "revoked under %lld; want %lld, %lld", serial, (long long)i,
	    (long long)r, (long long)issued, (long long)revoked);
}

START_TEST(test_a_signer_with_a_stale_token_writes_nothing)
{
	struct castore		*a = open_store(), *b = open_store();
	struct castore_lease	 l;
	struct castore_cert	 c;

	ck_assert_int_eq(castore_lease_take(a, "host-a", 1000, 5, &l), 1);
	ck_assert_int_eq(l.token, 1);
	castore_fence(a, l.token);
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(add_full(a, "0A", "CN=a", LATER, 1000, "o-1"), 0);
	ck_assert_int_eq(castore_commit(a), 0);
	/* Held: b is told by whom. */
	ck_assert_int_eq(castore_lease_take(b, "host-b", 1004, 5, &l), 0);
	ck_assert_str_eq(l.holder, "host-a");
	/* a stalls past its lease; b takes the role, token 2. */
	ck_assert_int_eq(castore_lease_take(b, "host-b", 1006, 5, &l), 1);
	ck_assert_int_eq(l.token, 2);
	castore_fence(b, l.token);
	ck_assert_int_eq(castore_lease_renew(a, 1, 1007, 5), 0);
	ck_assert_int_eq(castore_begin(a), -1);
	ck_assert_int_eq(castore_fenced(a), 1);
	ck_assert_int_eq(castore_in_txn(a), 0);
	ck_assert_int_eq(castore_begin(b), 0);
	ck_assert_int_eq(add_full(b, "0B", "CN=b", LATER, 1006, "o-2"), 0);
	ck_assert_int_eq(castore_revoke(b, "0A", 4, 1006, 0, "o-2"), 0);
	ck_assert_uint_eq(castore_crl_next(b), 1);
	ck_assert_int_eq(castore_commit(b), 0);
	ck_assert_int_eq(castore_cert_get(b, "0A", &c), 0);
	castore_cert_clear(&c);
	ck_assert_int_eq(castore_cert_get(b, "0B", &c), 0);
	castore_cert_clear(&c);
	/* Each row carries the token it was written under (schema 9): a's
	 * keep 1, b's are 2, and the CRL number was last taken under 2. */
	assert_tokens(b, "0A", 1, 2);
	assert_tokens(b, "0B", 2, 0);
	ck_assert_int_eq(psql_int("SELECT token FROM crl_state"), 2);
	ck_assert_int_eq(psql_int("SELECT count(*) FROM cert"
	    " WHERE issued_token = 1 OR revoked_token = 1"), 1);
	castore_close(a);
	castore_close(b);
}
END_TEST

/*
 * A store of version 8 (before the rows carried tokens) is migrated to
 * 9 when opened: its rows read 0, what it writes next its fence.
 */
START_TEST(test_a_version_8_store_gets_its_rows_tokens_at_0)
{
	struct castore		*s = open_store();
	struct castore_lease	 l;

	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(add_full(s, "0A", "CN=a", LATER, 1000, "o-1"), 0);
	ck_assert_int_eq(castore_revoke(s, "0A", 1, 1001, 0, NULL), 0);
	ck_assert_uint_eq(castore_crl_next(s), 1);
	ck_assert_int_eq(castore_commit(s), 0);
	castore_close(s);
	/* Back to version 8, as a store of that version was made. */
	ck_assert_int_eq(psql("ALTER TABLE cert DROP COLUMN issued_token,"
	    " DROP COLUMN revoked_token; ALTER TABLE crl_state DROP COLUMN"
	    " token; UPDATE schema_version SET version = 8"), 0);
	s = open_store();
	ck_assert_int_eq(castore_version(s), castore_version_latest());
	assert_tokens(s, "0A", 0, 0);
	ck_assert_int_eq(psql_int("SELECT token FROM crl_state"), 0);
	ck_assert_int_eq(castore_lease_take(s, "host-a", 1000, 5, &l), 1);
	castore_fence(s, l.token);
	ck_assert_int_eq(castore_begin(s), 0);
	ck_assert_int_eq(add_full(s, "0B", "CN=b", LATER, 1002, "o-2"), 0);
	ck_assert_uint_eq(castore_crl_next(s), 2);
	ck_assert_int_eq(castore_commit(s), 0);
	assert_tokens(s, "0A", 0, 0);
	assert_tokens(s, "0B", 1, 0);
	ck_assert_int_eq(psql_int("SELECT token FROM crl_state"), 1);
	castore_close(s);
}
END_TEST

/*
 * The fence holds on PostgreSQL because a writer takes the writers' lock
 * before it reads the token: while the holder writes, nobody can take
 * the role (the taker waits, then gives up as after SQLite's busy
 * timeout); once it has committed, a taking fences it out.
 */
START_TEST(test_a_writer_shuts_out_the_taking_of_the_role)
{
	struct castore		*a = open_store(), *b = open_store();
	struct castore_lease	 l;
	time_t			 t0;

	ck_assert_int_eq(castore_lease_take(a, "host-a", 1000, 5, &l), 1);
	castore_fence(a, l.token);
	ck_assert_int_eq(castore_begin(a), 0);
	ck_assert_int_eq(add_full(a, "0A", "CN=a", LATER, 1000, NULL), 0);
	t0 = time(NULL);
	ck_assert_int_eq(castore_lease_take(b, "host-b", 1010, 5, &l), -1);
	ck_assert_int_ge(time(NULL) - t0, 4);
	ck_assert_int_eq(castore_begin(b), -1);	/* a writer too */
	/* Readers do not wait. */
	ck_assert_int_eq(castore_lease_get(b, &l), 0);
	ck_assert_int_eq(l.token, 1);
	ck_assert_int_eq(castore_commit(a), 0);
	ck_assert_int_eq(castore_lease_take(b, "host-b", 1010, 5, &l), 1);
	ck_assert_int_eq(l.token, 2);
	ck_assert_int_eq(castore_begin(a), -1);
	ck_assert_int_eq(castore_fenced(a), 1);
	castore_close(a);
	castore_close(b);
}
END_TEST

struct heads {
	int64_t	 id[8];
	int64_t	 seq[8];
	int	 n;
};

static int
collect_head(void *arg, const struct castore_notice *n)
{
	struct heads	*h = arg;

	ck_assert_int_lt(h->n, 8);
	h->id[h->n] = n->id;
	h->seq[h->n] = n->seq;
	ck_assert_uint_eq(n->body_len, sizeof(fake_der));
	ck_assert_mem_eq(n->body, fake_der, sizeof(fake_der));
	h->n++;
	return 0;
}

static void
queue(struct castore *s, const char *platform, const char *event)
{
	struct castore_notice	 n;
	int64_t			 seq;

	ck_assert_int_eq(castore_platform_seq(s, platform, &seq), 0);
	memset(&n, 0, sizeof(n));
	snprintf(n.event_id, sizeof(n.event_id), "%s", event);
	snprintf(n.platform, sizeof(n.platform), "%s", platform);
	n.seq = seq;
	snprintf(n.type, sizeof(n.type), "revoked");
	snprintf(n.serial, sizeof(n.serial), "0A");
	n.body = fake_der;
	n.body_len = sizeof(fake_der);
	n.created_at = NOW;
	ck_assert_int_eq(castore_notice_add(s, &n), 0);
}

START_TEST(test_platforms_and_the_notice_outbox)
{
	struct castore		*s = open_store();
	struct castore_platform	 p;
	struct castore_notice	 n;
	struct heads		 h;
	int64_t			 seq, v;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "辽宁建设工程信息网");
	snprintf(p.url, sizeof(p.url), "http://127.0.0.1:1/notice");
	snprintf(p.secret, sizeof(p.secret), "0123456789abcdef");
	ck_assert_int_eq(castore_platform_add(s, &p, NOW), 0);
	ck_assert_int_eq(castore_platform_add(s, &p, NOW), 1);
	queue(s, p.name, "e1");
	queue(s, p.name, "e2");
	ck_assert_int_eq(castore_platform_seq(s, "unknown", &seq), 1);
	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(castore_notice_due(s, NOW, collect_head, &h), 0);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(h.seq[0], 1);
	ck_assert_int_eq(castore_notice_failed(s, h.id[0], NOW, NOW + 1, 1,
	    "timed out"), 0);
	ck_assert_int_eq(castore_notice_get(s, h.id[0], &n), 0);
	ck_assert_str_eq(n.state, "failed");
	ck_assert_str_eq(n.last_error, "timed out");
	ck_assert_int_eq(castore_notice_retry(s, p.name, 0, NOW + 100, NULL,
	    NULL), 2);
	ck_assert_int_eq(castore_notice_delivered(s, h.id[0], NOW + 100), 0);
	ck_assert_int_eq(castore_notice_delivered(s, h.id[0], NOW + 101), 1);
	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(castore_notice_due(s, NOW + 100, collect_head, &h),
	    0);
	ck_assert_int_eq(h.n, 1);
	ck_assert_int_eq(h.seq[0], 2);
	ck_assert_int_eq(castore_platform_enable(s, p.name, 0), 0);
	ck_assert_int_eq(castore_platform_enable(s, "unknown", 0), 1);
	/* meta: set once, then kept. */
	ck_assert_int_eq(castore_meta_set(s, CASTORE_META_CRL_SHARDS, 4), 0);
	ck_assert_int_eq(castore_meta_set(s, CASTORE_META_CRL_SHARDS, 8), 1);
	ck_assert_int_eq(castore_meta_get(s, CASTORE_META_CRL_SHARDS, &v), 0);
	ck_assert_int_eq(v, 4);
	castore_close(s);
}
END_TEST

START_TEST(test_backup_is_refused_and_read_only_opens)
{
	struct castore	*s = open_store();
	char		 path[PATH_MAX + 16];
	struct stat	 st;

	snprintf(path, sizeof(path), "%s/copy.db", dir);
	ck_assert_int_eq(castore_backup(s, path), -1);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(castore_checkpoint(s), 0);
	ck_assert_int_eq(castore_integrity(s), -1);
	castore_close(s);
	ck_assert_ptr_nonnull(s = castore_open_ro(ci));
	ck_assert_int_eq(castore_version(s), castore_version_latest());
	castore_close(s);
	ck_assert(castore_where_pg(ci));
	ck_assert(!castore_where_pg("/srv/ca/ca.db"));
}
END_TEST

/*
 * The server restarts under a signer: a read is sent again on a new
 * connection; a transaction the lost connection cut commits nothing,
 * only its ROLLBACK succeeds; the next one writes, with the fence still
 * checked.
 */
START_TEST(test_a_restart_cuts_a_transaction_whole_then_reconnects)
{
	struct castore		*s = open_store();
	struct castore_lease	 l;
	struct castore_cert	 c;
	uint64_t		 n, rev;

	ck_assert_int_eq(castore_lease_take(s, "host-a", 1000, 5, &l), 1);
	castore_fence(s, l.token);
	add(s, "0A", "CN=甲");
	ck_assert_int_eq(castore_begin(s), 0);
	add(s, "0B", "CN=乙");
	ck_assert_int_eq(pgfix_sh("'%s/tests/pg/pgtmp.sh' stop '%s/p' "
	    ">/dev/null && '%s/tests/pg/pgtmp.sh' restart '%s/p' >/dev/null",
	    top, dir, top, dir), 0);
	ck_assert_int_eq(add_full(s, "0C", "CN=丙", LATER, NOW, NULL), -1);
	ck_assert_int_eq(castore_commit(s), -1);
	ck_assert_int_eq(castore_rollback(s), 0);
	ck_assert_int_eq(castore_in_txn(s), 0);
	ck_assert_int_eq(castore_counts(s, &n, &rev), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(castore_cert_get(s, "0B", &c), 1);
	ck_assert_int_eq(castore_begin(s), 0);
	add(s, "0D", "CN=丁");
	ck_assert_int_eq(castore_commit(s), 0);
	ck_assert_int_eq(castore_cert_get(s, "0D", &c), 0);
	castore_cert_clear(&c);
	castore_close(s);
}
END_TEST

/* Each test its own store: a new schema, named on its connection. */
static void
setup(void)
{
	snprintf(schema, sizeof(schema), "t%ld", (long)getpid());
	ck_assert_int_eq(pgfix_sh("psql -XAtq -v ON_ERROR_STOP=1 -d '%s' -c "
	    "'CREATE SCHEMA %s' >/dev/null", ci0, schema), 0);
	snprintf(ci, sizeof(ci), "%s options='-csearch_path=%s'", ci0,
	    schema);
}

static void
up(void)
{
	pgfix_up("castorepg", top, dir, ci0, sizeof(ci0));
}

static void
down(void)
{
	pgfix_down(top, dir);
}

int
main(void)
{
	Suite	*s = suite_create("castorepg");
	TCase	*tc = tcase_create("postgresql");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_schema_is_made_once_and_a_newer_one_is_refused);
	tcase_add_test(tc,
	    test_certificates_round_trip_and_an_order_maps_to_one);
	tcase_add_test(tc, test_revocations_lists_and_the_crl_iterations);
	tcase_add_test(tc, test_crl_number_strictly_increases);
	tcase_add_test(tc, test_savepoint_undo_and_rollback_leave_nothing);
	tcase_add_test(tc,
	    test_audit_chain_verifies_is_append_only_and_shows_an_edit);
	tcase_add_test(tc, test_a_signer_with_a_stale_token_writes_nothing);
	tcase_add_test(tc, test_a_version_8_store_gets_its_rows_tokens_at_0);
	tcase_add_test(tc, test_a_writer_shuts_out_the_taking_of_the_role);
	tcase_add_test(tc, test_platforms_and_the_notice_outbox);
	tcase_add_test(tc, test_backup_is_refused_and_read_only_opens);
	tcase_add_test(tc,
	    test_a_restart_cuts_a_transaction_whole_then_reconnects);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
