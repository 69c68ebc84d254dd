/*
 * check_cadlimits.c: the CA daemon's sockets against clients that hold
 * connections and send nothing.  Each socket has slots of its own, so
 * idle clients of one cannot crowd out another's; on a full socket the
 * connection idle longest makes room for a new one; a connection idle
 * between requests ends after 30 s, one inside a frame after 10 s.
 * Only unix sockets of a temporary stack; bounded in count and time.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define HOLD	300	/* the attack of issue 15: 300 idle connections */

static struct stack	 st;

static void
up(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 2048) {
		rl.rlim_cur = rl.rlim_max < 2048 ? rl.rlim_max : 2048;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T " && cd " T " && openssl ocsp "
	    "-issuer \"$STACK_DIR/ca/ca.crt\" -serial 0x1234 -no_nonce "
	    "-reqout req.der") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_cadlimits: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* A connection to the daemon socket DIR/rel, or -1. */
static int
dial(const char *rel)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s", st.dir,
	    rel) >= (int)sizeof(sun.sun_path))
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 if /ocsp (worker -> cad's web socket) answers "successful". */
static int
ocsp_answers(void)
{
	struct http	 h;
	size_t		 hl;
	int		 ok;

	if (stack_curl(&st, "http:/ocsp", "-H 'Content-Type: application/"
	    "ocsp-request' --data-binary @\"$STACK_DIR/t/req.der\"", &h) != 0)
		return 0;
	/* OCSPResponse { responseStatus successful (0), responseBytes } */
	hl = h.body_len > 2 && (unsigned char)h.body[1] >= 0x80 ?
	    2 + ((unsigned char)h.body[1] & 0x7f) : 2;
	ok = h.status == 200 && h.body_len > hl + 3 &&
	    (unsigned char)h.body[0] == 0x30 && memcmp(h.body + hl,
	    "\x0a\x01\x00", 3) == 0;
	http_free(&h);
	return ok;
}

START_TEST(test_idle_clients_cannot_crowd_out_the_workers)
{
	int	 web[HOLD], admin[HOLD], i, n;

	ck_assert(ocsp_answers());
	/* 300 idle connections on the workers' socket, 300 on the admin
	 * one, all held open and silent. */
	for (i = 0; i < HOLD; i++) {
		ck_assert_int_ge(web[i] = dial("run/cad-web.sock"), 0);
		ck_assert_int_ge(admin[i] = dial("run/cad.sock"), 0);
	}
	/* The workers still get every answer. */
	for (n = 0, i = 0; i < 10; i++)
		n += ocsp_answers();
	ck_assert_int_eq(n, 10);
	/* The operators' CLI too: the admin socket makes room. */
	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/cactl\" -s "
	    "\"$STACK_DIR/run/cad.sock\" ping > /dev/null"), 0);
	for (i = 0; i < HOLD; i++) {
		close(web[i]);
		close(admin[i]);
	}
}
END_TEST

START_TEST(test_a_trickling_frame_is_cut_after_ten_seconds)
{
	struct pollfd	 pfd;
	time_t		 t0 = time(NULL);
	char		 c;
	int		 fd, r;

	/* Three octets of an eight-octet header, then nothing. */
	ck_assert_int_ge(fd = dial("run/cad-web.sock"), 0);
	ck_assert_int_eq(write(fd, "\x01\x00\x00", 3), 3);
	pfd.fd = fd;
	pfd.events = POLLIN;
	ck_assert_int_eq(poll(&pfd, 1, 15000), 1);
	r = (int)read(fd, &c, 1);
	ck_assert(r == 0 || (r == -1 && errno == ECONNRESET));
	ck_assert_int_ge(time(NULL) - t0, 9);
	ck_assert_int_le(time(NULL) - t0, 14);
	close(fd);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("cadlimits");
	TCase	*tc = tcase_create("cadlimits");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_idle_clients_cannot_crowd_out_the_workers);
	tcase_add_test(tc, test_a_trickling_frame_is_cut_after_ten_seconds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
