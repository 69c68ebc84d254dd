/*
 * check_notice.c: notices to linked platforms, end to end: cad queues
 * them with each change, canotify (as an unprivileged user) delivers
 * them, and the reference receiver (tests/platform/noticerecv.c) plays
 * the five demo platforms, verifying the CMS signature, the pinned
 * signer and the shared-secret MAC, and deduplicating by event id.
 *
 * Retries are shortened for the test (ca.conf notice_retry_first = 1,
 * notice_retry_max = 2); the backoff itself is unit-tested in
 * check_canotice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "ca/proto.h"
#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define PF	"\"$STACK_DIR/platforms\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define STACK	"\"$TOP/tools/stack.sh\""
#define P1	"辽宁建设工程信息网"
#define P2	"辽宁省招标投标监管网"
#define P5	"沈阳市公共资源平台"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T " && " STACK " stop \"$STACK_DIR\" && "
	    "printf 'notice_retry_first = 1\\nnotice_retry_max = 2\\n' >> "
	    "\"$STACK_DIR/ca/ca.conf\" && " STACK " start \"$STACK_DIR\"") !=
	    0) {
		stack_down(&st);
		fprintf(stderr, "check_notice: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* Issues t/name.pem linked to the platforms in plats ("--platform X ..."),
 * its serial into serial. */
static void
issue(const char *name, const char *plats, char *serial, size_t sz)
{
	char	 path[PATH_MAX + 64], *txt;

	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/%s.key -out " T
	    "/%s.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/%s.csr --org '通知测试有限公司' --cn '%s' %s --out " T "/%s.pem "
	    "> " T "/%s.serial", name, name, name, name, plats, name, name),
	    0);
	snprintf(path, sizeof(path), "%s/t/%s.serial", st.dir, name);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	txt[strcspn(txt, "\n")] = '\0';
	snprintf(serial, sz, "%s", txt);
	free(txt);
}

/* Waits up to 20 s for shell condition cond; 0 when it holds. */
static int
wait_until(const char *cond)
{
	int	 i;

	for (i = 0; i < 200; i++) {
		if (stack_sh(&st, "%s", cond) == 0)
			return 0;
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	return -1;
}

/* The received.tsv lines of platform, "seq type" each, in arrival order. */
static char *
arrivals(const char *platform)
{
	char	 path[PATH_MAX + 64];

	ck_assert_int_eq(stack_sh(&st, "awk -F '\\t' '$1 == \"%s\" "
	    "{ print $2, $4 }' " PF "/received.tsv > " T "/arrivals 2>/dev/null "
	    "|| : > " T "/arrivals", platform), 0);
	snprintf(path, sizeof(path), "%s/t/arrivals", st.dir);
	return stack_slurp(path, NULL);
}

START_TEST(test_revocation_reaches_every_linked_platform_signed)
{
	char	 serial[64], cond[512];

	issue("rev", "--platform " P1 " --platform " P5, serial,
	    sizeof(serial));
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost "
	    ">/dev/null", serial), 0);
	snprintf(cond, sizeof(cond), "[ \"$(grep -c \"	revoked	%s	\" "
	    PF "/received.tsv 2>/dev/null)\" = 2 ]", serial);
	ck_assert_msg(wait_until(cond) == 0, "the two platforms did not both "
	    "receive the revocation of %s", serial);
	/* Any platform can check the last one with stock OpenSSL: signed by
	 * the pinned notice certificate, chained to the root. */
	ck_assert_int_eq(stack_sh(&st, "openssl cms -verify -inform DER -in "
	    PF "/last.der -CAfile \"$STACK_DIR/ca/root.crt\" -nointern "
	    "-certfile \"$STACK_DIR/ca/notice/notice.crt\" -out " T
	    "/last.xml 2>/dev/null && grep -q '<old-serial>%s</old-serial>' "
	    T "/last.xml && grep -q '<reason>keyCompromise</reason>' " T
	    "/last.xml && grep -q '<crl-url>http://127.0.0.1:%d/crl/"
	    "issuing-ca.crl</crl-url>' " T "/last.xml", serial,
	    st.http_port), 0);
	/* The receiver refused nothing. */
	ck_assert_int_ne(stack_sh(&st, "grep -q refused "
	    "\"$STACK_DIR/log/platforms.log\""), 0);
}
END_TEST

START_TEST(test_platform_down_gets_every_notice_in_order_once_across_restart)
{
	char	 a[64], b[64], c[64], *got, want[PATH_MAX + 64], cond[512];

	/* P2 goes down: connections refused. */
	ck_assert_int_eq(stack_sh(&st, "kill $(cat "
	    "\"$STACK_DIR/run/platforms.pid\") && sleep 0.3"), 0);
	issue("d1", "--platform " P2, a, sizeof(a));		/* #1 linked */
	issue("d2", "--platform " P2, b, sizeof(b));		/* #2 linked */
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke %s --reason lost "
	    ">/dev/null", a), 0);				/* #3 revoked */
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout " T "/d3.key -out " T
	    "/d3.csr -subj /CN=x 2>/dev/null && " CACTL " reissue --serial %s "
	    "--reason damaged --order notice-d3 --csr " T "/d3.csr --out " T
	    "/d3.pem > " T "/d3.serial 2>/dev/null", b), 0);
	/* #4 revoked (b), #5 reissued (b -> d3) */
	got = stack_slurp(strcat(strcpy(want, st.dir), "/t/d3.serial"), NULL);
	ck_assert_ptr_nonnull(got);
	got[strcspn(got, "\n")] = '\0';
	snprintf(c, sizeof(c), "%s", got);
	free(got);
	/* Tried and failed, still pending. */
	snprintf(cond, sizeof(cond), CACTL " notify list --platform " P2
	    " --state pending | grep -q 'Connection refused'");
	ck_assert_msg(wait_until(cond) == 0, "no failed attempt recorded");

	/* The daemon restarts (everything does), and P2 answers 503 a while:
	 * 5xx is retried too. */
	ck_assert_int_eq(stack_sh(&st, STACK " stop \"$STACK_DIR\" && echo 503 "
	    "> " PF "/mode && " STACK " start \"$STACK_DIR\""), 0);
	ck_assert_msg(wait_until(CACTL " notify list --platform " P2
	    " --state pending | grep -q 'HTTP 503'") == 0,
	    "no 503 attempt recorded after the restart");
	ck_assert_int_eq(stack_sh(&st, "rm -f " PF "/mode"), 0);
	ck_assert_msg(wait_until("! " CACTL " notify list --platform " P2
	    " --state pending | grep -q .") == 0,
	    "P2's notices were not all delivered after it came back");

	/* Every notice once, in order: linked, linked, revoked, revoked,
	 * reissued. */
	got = arrivals(P2);
	ck_assert_ptr_nonnull(got);
	snprintf(want, sizeof(want), "1 linked\n2 linked\n3 revoked\n"
	    "4 revoked\n5 reissued\n");
	ck_assert_str_eq(got, want);
	free(got);
	ck_assert_int_eq(stack_sh(&st, "grep -q '	reissued	%s	%s$' " PF
	    "/received.tsv", b, c), 0);
}
END_TEST

START_TEST(test_forged_and_altered_notices_are_refused_by_the_receiver)
{
	char	 serial[64], url[128];

	issue("forge", "--platform " P1, serial, sizeof(serial));
	ck_assert_msg(wait_until("grep -q \"	linked		\" " PF
	    "/received.tsv") == 0, "no linked notice arrived");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/notice/1",
	    st.notice_port);
	/* Signed by another certificate of the same CA (an applicant's, which
	 * may sign e-mail): not the pinned notice signer. */
	ck_assert_int_eq(stack_sh(&st, "openssl cms -verify -inform DER -in "
	    PF "/last.der -noverify -out " T "/doc.xml 2>/dev/null && "
	    "openssl cms -sign -binary -nodetach -outform DER -in " T
	    "/doc.xml -signer " T "/forge.pem -inkey " T "/forge.key -out " T
	    "/forged.der && [ \"$(curl -s -o /dev/null -w '%%{http_code}' "
	    "--data-binary @" T "/forged.der '%s')\" = 400 ]", url), 0);
	/* The genuine notice with a wrong MAC: refused 401; without the
	 * platform's secret nobody can replay a notice to another URL as
	 * that platform's. */
	ck_assert_int_eq(stack_sh(&st, "[ \"$(curl -s -o /dev/null -w "
	    "'%%{http_code}' -H 'X-CA-Notice-MAC: hmac-sha256=00' "
	    "--data-binary @" PF "/last.der '%s')\" = 401 ]", url), 0);
	/* One flipped byte: refused. */
	ck_assert_int_eq(stack_sh(&st, "cp " PF "/last.der " T "/bad.der && "
	    "printf '\\001' | dd of=" T "/bad.der bs=1 seek=600 conv=notrunc "
	    "2>/dev/null && [ \"$(curl -s -o /dev/null -w '%%{http_code}' "
	    "--data-binary @" T "/bad.der '%s')\" = 400 ]", url), 0);
}
END_TEST

START_TEST(test_registry_commands_and_a_platform_known_by_its_certificate)
{
	char	 serial[64], cond[512];
	int	 port = stack_free_port();

	/* Refusals, each with its reason. */
	ck_assert_int_eq(stack_sh(&st, CACTL " platform add X --url "
	    "ftp://x/ --secret-file " PF "/1.secret 2>&1 | grep -q 'notice "
	    "URL'"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " platform add " P1 " --url "
	    "http://127.0.0.1:1/ --secret-file " PF "/1.secret 2>&1 | grep -q "
	    "'already registered'"), 0);
	ck_assert_int_eq(stack_sh(&st, "cactl_cert() { " CACTL " platform add "
	    "Y --url http://127.0.0.1:1/ --cert \"$STACK_DIR/tls/server.crt\";"
	    " }; cactl_cert 2>&1 | grep -q 'needs an https'"), 0);

	/* A platform whose https server we trust by its own certificate. */
	ck_assert_int_eq(stack_sh(&st, "mkdir -p " T "/tlsp && "
	    "CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" \"$BINDIR/cactl\" "
	    "tls-server \"$STACK_DIR/ca\" " T "/tlsp "
	    "127.0.0.1 >/dev/null && mkdir -p " T "/recv && "
	    "(\"$BINDIR/noticerecv\" -l %d -a \"$STACK_DIR/ca/root.crt\" -s "
	    "\"$STACK_DIR/ca/notice/notice.crt\" -d " T "/recv -c " T
	    "/tlsp/server.crt -K " T "/tlsp/server.key > " T "/recv.log 2>&1 "
	    "& echo $! > " T "/recv.pid) && sleep 0.3 && " CACTL " platform add "
	    "省外平台 --url https://127.0.0.1:%d/n --cert " T "/tlsp/server.crt "
	    ">/dev/null && " CACTL " platform list | grep -q '^省外平台	enabled	"
	    "https://127.0.0.1:%d/n	last #0	0 pending	0 failed	cert '",
	    port, port, port), 0);
	issue("viatls", "--platform 省外平台", serial, sizeof(serial));
	snprintf(cond, sizeof(cond), "grep -q '^省外平台	1	.*	linked		%s$' "
	    T "/recv/received.tsv 2>/dev/null", serial);
	ck_assert_msg(wait_until(cond) == 0, "the https platform did not get "
	    "its notice");

	/* Disabled: nothing new is queued for it; `cactl link` of another
	 * certificate reaches only enabled platforms. */
	ck_assert_int_eq(stack_sh(&st, CACTL " platform disable 省外平台 "
	    ">/dev/null && " CACTL " link %s 省外平台 >/dev/null && " CACTL
	    " link %s " P1 " > " T "/link.out && grep -q 'linked' " T
	    "/link.out && " CACTL " link %s " P1 " | grep -q 'already'",
	    serial, serial, serial), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " notify list --platform 省外平台 "
	    "| wc -l | grep -qx 1"), 0);
	snprintf(cond, sizeof(cond), "grep -q '^" P1 "	.*	linked		%s$' "
	    PF "/received.tsv", serial);
	ck_assert_msg(wait_until(cond) == 0, "P1 did not get the link notice");
	/* retry of a platform with nothing open says so; the audit log has
	 * the registry changes. */
	ck_assert_int_ne(stack_sh(&st, CACTL " notify retry 省外平台 "
	    "2>/dev/null"), 0);
	ck_assert_int_eq(stack_sh(&st, "kill $(cat " T "/recv.pid)"), 0);
}
END_TEST

/* A NOTICE_NEXT request for up to 32 notices, waiting up to wait_ms. */
static void
next_req(struct proto_buf *req, uint64_t wait_ms)
{
	proto_buf_init(req, PROTO_NOTICE_NEXT);
	proto_put_u64(req, 32);
	proto_put_u64(req, wait_ms);
}

/*
 * One NOTICE_NEXT on the notice socket, as canotify would send it.
 * Returns how many notices it handed out; *mine counts those of
 * platform (may be NULL).
 */
static int
notice_next(uint64_t wait_ms, const char *platform, int *mine)
{
	struct proto_buf	 req;
	struct proto_msg	 rep;
	uint8_t			*store = NULL;
	const uint8_t		*p;
	char			 sock[PATH_MAX + 32], pf[128], s[600];
	size_t			 len;
	uint64_t		 n, i, v;
	int			 fd;

	snprintf(sock, sizeof(sock), "%s/ca/notify.sock", st.dir);
	ck_assert_int_ne(fd = proto_connect(sock), -1);
	next_req(&req, wait_ms);
	ck_assert_int_eq(proto_call(fd, &req, &rep, &store), 0);
	close(fd);
	proto_buf_free(&req);
	ck_assert_int_eq(rep.op, PROTO_OK);
	ck_assert_int_eq(proto_get_u64(&rep, &n), 0);
	if (mine != NULL)
		*mine = 0;
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(proto_get_u64(&rep, &v), 0);
		ck_assert_int_eq(proto_get_str(&rep, pf, sizeof(pf)), 0);
		ck_assert_int_eq(proto_get_str(&rep, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_str(&rep, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_bytes(&rep, &p, &len,
		    PROTO_MAX_PAYLOAD), 0);
		ck_assert_int_eq(proto_get_str(&rep, s, sizeof(s)), 0);
		ck_assert_int_eq(proto_get_u64(&rep, &v), 0);
		ck_assert_int_eq(proto_get_u64(&rep, &v), 0);
		ck_assert_int_eq(proto_get_bytes(&rep, &p, &len,
		    PROTO_MAX_PAYLOAD), 0);
		if (mine != NULL && platform != NULL &&
		    strcmp(pf, platform) == 0)
			(*mine)++;
	}
	ck_assert_int_eq(proto_end(&rep), 0);
	free(store);
	return (int)n;
}

START_TEST(test_a_parked_next_whose_client_left_leases_nothing)
{
	struct proto_buf	 req;
	char			 sock[PATH_MAX + 32], serial[64];
	time_t			 t0;
	int			 fd, i, mine;

	/* canotify stops at once, though it is waiting in a NOTICE_NEXT
	 * (its read would outlast the signal: the handler shuts the
	 * connection down); what is due now is leased away for 30 s, so
	 * the next NEXT finds nothing and waits (parked in cad). */
	t0 = time(NULL);
	ck_assert_int_eq(stack_sh(&st, "kill $(cat "
	    "\"$STACK_DIR/run/canotify.pid\")"), 0);
	ck_assert_msg(wait_until("! kill -0 $(cat "
	    "\"$STACK_DIR/run/canotify.pid\") 2>/dev/null") == 0,
	    "canotify did not stop");
	ck_assert_msg(time(NULL) - t0 <= 2, "canotify took %lld s to stop",
	    (long long)(time(NULL) - t0));
	ck_assert_int_eq(stack_sh(&st, CACTL " platform add 停放测试 --url "
	    "http://127.0.0.1:1/n --secret-file " PF "/1.secret > /dev/null"),
	    0);
	for (i = 0; i < 20 && notice_next(0, NULL, NULL) > 0; i++)
		;
	ck_assert_int_lt(i, 20);
	snprintf(sock, sizeof(sock), "%s/ca/notify.sock", st.dir);
	ck_assert_int_ne(fd = proto_connect(sock), -1);
	next_req(&req, 20000);
	ck_assert_int_eq(proto_buf_finish(&req), 0);
	ck_assert_int_eq(write(fd, req.p, req.len), (ssize_t)req.len);
	proto_buf_free(&req);
	nanosleep(&(struct timespec){ 0, 300 * 1000 * 1000 }, NULL);
	/* Its client goes away while it waits. */
	close(fd);
	nanosleep(&(struct timespec){ 0, 300 * 1000 * 1000 }, NULL);
	/* A notice is queued: nobody is left to take it but the next
	 * NEXT, which gets it now, not in 30 s. */
	issue("parked", "--platform 停放测试", serial, sizeof(serial));
	nanosleep(&(struct timespec){ 0, 300 * 1000 * 1000 }, NULL);
	notice_next(0, "停放测试", &mine);
	ck_assert_int_eq(mine, 1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("notice");
	TCase	*tc = tcase_create("notice");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_revocation_reaches_every_linked_platform_signed);
	tcase_add_test(tc,
	    test_forged_and_altered_notices_are_refused_by_the_receiver);
	tcase_add_test(tc,
	    test_registry_commands_and_a_platform_known_by_its_certificate);
	tcase_add_test(tc,
	    test_platform_down_gets_every_notice_in_order_once_across_restart);
	/* Last: it stops canotify. */
	tcase_add_test(tc,
	    test_a_parked_next_whose_client_left_leases_nothing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
