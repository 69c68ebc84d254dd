/*
 * check_keyproc.c: the key process (ca/casign.c), from the outside.
 *
 * Only casign holds the CA key: it runs as its own user under a seccomp
 * filter, links no network or database code, signs only to-be-signed
 * blobs that are what they claim to be under this CA's policy, and a
 * key process that dies is replaced with the key loaded again, while
 * nothing is signed without a key.  One running stack for the suite.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ca/casig.h"
#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T " && cd " T " && openssl req -new "
	    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
	    "k.pem -out r.csr -subj /CN=x 2>/dev/null") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_keyproc: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* The pids of processes named comm whose command line mentions st.dir. */
static size_t
pids_of(const char *comm, long *out, size_t max)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[300], buf[4096];
	size_t		 n = 0, len, i;
	FILE		*f;

	ck_assert_ptr_nonnull(d = opendir("/proc"));
	while ((de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, comm) != 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (i = 0; i < len; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[len] = '\0';
		if (strstr(buf, st.dir) != NULL)
			out[n++] = atol(de->d_name);
	}
	closedir(d);
	return n;
}

/* The value of "key:" in /proc/pid/status (first field), or "". */
static void
status_field(long pid, const char *key, char *out, size_t sz)
{
	char	 path[64], line[256];
	FILE	*f;
	size_t	 n = strlen(key);

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			snprintf(out, sz, "%.*s", (int)strcspn(line + n + 1 +
			    strspn(line + n + 1, "\t "), "\t\n"),
			    line + n + 1 + strspn(line + n + 1, "\t "));
			break;
		}
	fclose(f);
}

/* One exchange with the key process; returns the status, reply in out. */
static int
ask(enum casig_kind kind, const uint8_t *p, size_t n, char *out, size_t sz)
{
	struct sockaddr_un	 sun;
	uint8_t			 hdr[CASIG_HDR_LEN];
	size_t			 len, got = 0;
	ssize_t			 r;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	ck_assert_int_lt(snprintf(sun.sun_path, sizeof(sun.sun_path),
	    "%s/run/casign.sock", st.dir), (int)sizeof(sun.sun_path));
	ck_assert_int_ge(fd = socket(AF_UNIX, SOCK_STREAM, 0), 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	casig_hdr_put(hdr, n, kind);
	ck_assert_int_eq(write(fd, hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	if (n > 0)
		ck_assert_int_eq(write(fd, p, n), (ssize_t)n);
	for (got = 0; got < sizeof(hdr); got += (size_t)r)
		ck_assert_int_gt(r = read(fd, hdr + got, sizeof(hdr) - got),
		    0);
	len = casig_hdr_len(hdr);
	ck_assert_uint_lt(len, sz);
	for (got = 0; got < len; got += (size_t)r)
		ck_assert_int_gt(r = read(fd, out + got, len - got), 0);
	out[len] = '\0';
	close(fd);
	return hdr[4];
}

/* A certificate our CA issued (t/c.pem), read back. */
static X509 *
issued(void)
{
	char	 path[PATH_MAX + 16];
	FILE	*f;
	X509	*x;

	ck_assert_int_eq(stack_sh(&st, "cd " T " && " CACTL " issue --csr "
	    "r.csr --org KeyCo --cn k --out c.pem > /dev/null"), 0);
	snprintf(path, sizeof(path), "%s/t/c.pem", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(x = PEM_read_X509(f, NULL, NULL, NULL));
	fclose(f);
	return x;
}

/* x's TBSCertificate as it now stands, sent as kind; the status. */
static int
ask_tbs(X509 *x, enum casig_kind kind, char *why, size_t sz)
{
	unsigned char	*der = NULL;
	int		 n, rc;

	ck_assert_int_gt(n = i2d_re_X509_tbs(x, &der), 0);
	rc = ask(kind, der, (size_t)n, why, sz);
	OPENSSL_free(der);
	return rc;
}

/*
 * Replaces x's basicConstraints by cA TRUE with a long-form length
 * (30 04 01 81 01 ff): not DER, yet OpenSSL decodes it as a CA.
 */
static void
ber_ca(X509 *x)
{
	static const unsigned char v[] = { 0x30, 0x04, 0x01, 0x81, 0x01,
	    0xff };
	ASN1_OCTET_STRING	*os;
	X509_EXTENSION		*e;
	int			 i;

	while ((i = X509_get_ext_by_NID(x, NID_basic_constraints, -1)) >= 0)
		X509_EXTENSION_free(X509_delete_ext(x, i));
	ck_assert_ptr_nonnull(os = ASN1_OCTET_STRING_new());
	ck_assert(ASN1_OCTET_STRING_set(os, v, sizeof(v)));
	ck_assert_ptr_nonnull(e = X509_EXTENSION_create_by_NID(NULL,
	    NID_basic_constraints, 1, os));
	ck_assert(X509_add_ext(x, e, -1));
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(os);
}

START_TEST(test_key_process_links_no_network_or_store_code)
{
	/* Symbols of the HTTP client, the resolver, TLS and SQLite. */
	ck_assert_int_eq(stack_sh(&st, "nm \"$BINDIR/casign\" > " T
	    "/casign.nm && ! grep -Eq 'httpc_|getaddrinfo|SSL_connect|"
	    "SSL_CTX_new|sqlite3_|castore_' " T "/casign.nm"), 0);
	/* Nor what only cactl and cad use: writing keys, DER writers,
	 * OpenSSL's signing of whole objects. */
	ck_assert_int_eq(stack_sh(&st, "! grep -Eq 'cakey_write|cader_time|"
	    "sm2_x509_sign|sm2_ocsp_sign' " T "/casign.nm"), 0);
	/* Its own C stays under the 1,500 code lines README states. */
	ck_assert_int_eq(stack_sh(&st, "make -s -C \"$TOP\" keyproc-size "
	    "> " T "/size.txt"), 0);
	/* And the store process has no key code at all. */
	ck_assert_int_eq(stack_sh(&st, "nm \"$BINDIR/cad\" > " T "/cad.nm "
	    "&& ! grep -Eq 'cakey_|cahsm_|ENGINE_' " T "/cad.nm"), 0);
}
END_TEST

START_TEST(test_key_process_runs_as_its_user_confined)
{
	long	 pid[16], cad;
	char	 v[64];
	size_t	 n, i;

	if (geteuid() != 0)
		return;		/* one user for all: nothing to check */
	n = pids_of("casign", pid, 16);
	ck_assert_uint_ge(n, 2);	/* the monitor and a child at least */
	for (i = 0; i < n; i++) {
		status_field(pid[i], "Seccomp", v, sizeof(v));
		ck_assert_str_eq(v, "2");
		status_field(pid[i], "NoNewPrivs", v, sizeof(v));
		ck_assert_str_eq(v, "1");
	}
	ck_assert_int_gt(cad = stack_pid(&st, "cad"), 0);
	status_field(cad, "Seccomp", v, sizeof(v));
	ck_assert_str_eq(v, "2");
	status_field(cad, "NoNewPrivs", v, sizeof(v));
	ck_assert_str_eq(v, "1");
	/* cad and every key process, the monitor included: their own
	 * users; neither the key user nor cad's can read the key's file. */
	ck_assert_int_eq(stack_sh(&st, "u=$(id -u careissue-key) && "
	    "c=$(id -u careissue-ca) && for p in $(pgrep -x casign); do "
	    "grep -q \"$STACK_DIR\" /proc/$p/cmdline || continue; "
	    "grep -Eq \"^Uid:\\s+$u\\s+$u\\s+$u\" "
	    "/proc/$p/status || exit 1; done && grep -Eq \"^Uid:\\s+$c\\s\" "
	    "/proc/$(cat \"$STACK_DIR/run/cad.pid\")/status && "
	    "! su -s /bin/sh careissue-ca -c 'cat "
	    "\"$STACK_DIR/ca/private/ca.key\"' > /dev/null 2>&1 && "
	    "! su -s /bin/sh careissue-key -c 'cat "
	    "\"$STACK_DIR/ca/private/ca.key\"' > /dev/null 2>&1"), 0);
}
END_TEST

START_TEST(test_key_process_refuses_what_is_not_under_the_policy)
{
	char		 why[512];
	X509		*x;
	X509_NAME	*foreign;
	BASIC_CONSTRAINTS *bc;
	ASN1_BIT_STRING	*ku;

	/* It answers: its algorithm, once its key is loaded. */
	ck_assert_int_eq(ask(CASIG_HELLO, NULL, 0, why, sizeof(why)),
	    CASIG_OK);
	/* Bytes that are no TBSCertificate at all. */
	ck_assert_int_eq(ask(CASIG_CERT, (const uint8_t *)"\x30\x03\x02\x01"
	    "\x05", 5, why, sizeof(why)), CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "TBSCertificate"));

	/* A real one of ours: a certificate's TBS is not a CRL's. */
	x = issued();
	ck_assert_int_eq(ask_tbs(x, CASIG_CRL, why, sizeof(why)),
	    CASIG_REFUSED);
	/* Signed again as it is: fine. */
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_OK);

	/* Valid beyond the CA: refused. */
	ck_assert_ptr_nonnull(X509_time_adj_ex(X509_getm_notAfter(x),
	    365 * 40, 0, NULL));
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "validity"));
	X509_free(x);

	/* Another issuer name: refused. */
	x = issued();
	ck_assert_ptr_nonnull(foreign = X509_NAME_new());
	ck_assert(X509_NAME_add_entry_by_txt(foreign, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"evil CA", -1, -1, 0));
	ck_assert(X509_set_issuer_name(x, foreign));
	X509_NAME_free(foreign);
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "issuer"));
	X509_free(x);

	/* A CA certificate, under our name: refused. */
	x = issued();
	ck_assert_ptr_nonnull(bc = BASIC_CONSTRAINTS_new());
	bc->ca = 1;
	ck_assert(X509_add1_ext_i2d(x, NID_basic_constraints, bc, 1,
	    X509V3_ADD_REPLACE));
	BASIC_CONSTRAINTS_free(bc);
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "CA certificate"));
	X509_free(x);

	/* cA TRUE in a BER form a strict reader would not parse: refused
	 * all the same (OpenSSL would read it as a CA). */
	x = issued();
	ber_ca(x);
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "CA certificate"));
	X509_free(x);

	/* keyCertSign in keyUsage: refused. */
	x = issued();
	ck_assert_ptr_nonnull(ku = ASN1_BIT_STRING_new());
	ck_assert(ASN1_BIT_STRING_set_bit(ku, 5, 1));
	ck_assert(X509_add1_ext_i2d(x, NID_key_usage, ku, 1,
	    X509V3_ADD_REPLACE));
	ASN1_BIT_STRING_free(ku);
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	X509_free(x);

	/* Self-issued (subject = the CA's name): refused. */
	x = issued();
	ck_assert(X509_set_subject_name(x, X509_get_issuer_name(x)));
	ck_assert_int_eq(ask_tbs(x, CASIG_CERT, why, sizeof(why)),
	    CASIG_REFUSED);
	ck_assert_ptr_nonnull(strstr(why, "self-issued"));
	X509_free(x);

	/* Each refusal is in the log, with its reason. */
	ck_assert_int_eq(stack_sh(&st, "[ $(grep -c 'casign.*refused to sign' "
	    "\"$STACK_DIR/log/cad.log\") -ge 7 ]"), 0);
}
END_TEST

/*
 * cad itself asked for what the policy forbids: an operator's request for
 * a certificate whose subject is the issuing CA's own name (C, O and CN
 * as cactl init wrote them).  cad builds it; its linter (ca/calint.h)
 * refuses it before it reaches the key process, which would refuse the
 * self-issued blob too (the test above sends it straight there); the
 * operator gets an error, nothing is stored, and the refusal is in the
 * CA's hash-chained audit log, which still verifies.  A refusal of the
 * key process itself goes the same way (refusals_audit() in cad.c,
 * "sign-refused", actor casign), but with the linter in front no blob
 * cad encodes reaches one.
 */
START_TEST(test_refusal_reaches_the_audit_log)
{
	ck_assert_int_eq(stack_sh(&st, "cd " T " && " CACTL " list | wc -l "
	    "> list.before"), 0);
	ck_assert_int_ne(stack_sh(&st, "cd " T " && " CACTL " issue --csr "
	    "r.csr --org 'ca-reissue 演示CA' --cn 'ca-reissue Demo Issuing CA' "
	    "--out self.pem 2> self.err"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && " CACTL " list | wc -l "
	    "| cmp -s - list.before && [ ! -s self.pem ] && grep -q "
	    "'refused: lint: subject is the issuing CA.s own name' "
	    "self.err"), 0);
	/* Written by cad's store thread within a second or two. */
	ck_assert_int_eq(stack_sh(&st, "i=0; until " CACTL " audit list -n "
	    "500 | awk -F '\\t' '{print $4 \"|\" $5 \"|\" $6}' | grep -q "
	    "'^cad|lint-refused|a certificate refused: lint: subject is the "
	    "issuing CA.s own name'; do i=$((i + 1)); "
	    "[ $i -lt 50 ] || exit 1; sleep 0.1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " audit verify > " T
	    "/audit.out"), 0);
}
END_TEST

START_TEST(test_killed_key_process_is_replaced_and_the_key_loaded_again)
{
	/* Every key process child, killed (the monitor stays). */
	ck_assert_int_eq(stack_sh(&st, "for p in $(pgrep -x casign); do "
	    "grep -q \"$STACK_DIR\" /proc/$p/cmdline || continue; "
	    "[ $(ps -o ppid= -p $p) -eq $(cat \"$STACK_DIR/run/cad.pid\") ] "
	    "|| kill -9 $p; done"), 0);
	/* The next requests get fresh ones, which sign. */
	ck_assert_int_eq(stack_sh(&st, "cd " T " && for i in 1 2 3 4; do "
	    CACTL " issue --csr r.csr --org KeyCo --cn again-$i --out "
	    "again-$i.pem > /dev/null || exit 1; openssl verify -CAfile "
	    "\"$STACK_DIR/ca/chain.pem\" again-$i.pem > /dev/null || exit 1;"
	    " done"), 0);
}
END_TEST

START_TEST(test_without_its_key_nothing_is_signed_until_it_is_back)
{
	/* The key file damaged (emptied in place: the monitor reads it
	 * through the descriptor it opened as root), and no token: kill
	 * the children. */
	ck_assert_int_eq(stack_sh(&st, "cp -p \"$STACK_DIR/ca/private/"
	    "ca.key\" " T "/ca.key.saved && : > \"$STACK_DIR/ca/private/"
	    "ca.key\" && for p in $(pgrep -x "
	    "casign); do grep -q \"$STACK_DIR\" /proc/$p/cmdline || continue;"
	    " [ $(ps -o ppid= -p $p) -eq $(cat \"$STACK_DIR/run/cad.pid\") ]"
	    " || kill -9 $p; done && " CACTL " list | wc -l > " T
	    "/before.n"), 0);
	/* Issuing fails with an error; nothing is stored. */
	ck_assert_int_ne(stack_sh(&st, "cd " T " && " CACTL " issue --csr "
	    "r.csr --org KeyCo --cn nokey --out nokey.pem 2> nokey.err"), 0);
	ck_assert_int_eq(stack_sh(&st, "cd " T " && " CACTL " list | wc -l "
	    "| cmp -s - before.n && [ ! -s nokey.pem ]"), 0);
	/* The key back: signing works again. */
	ck_assert_int_eq(stack_sh(&st, "cat " T "/ca.key.saved > "
	    "\"$STACK_DIR/ca/private/ca.key\" && cd " T " && "
	    CACTL " issue --csr r.csr --org KeyCo --cn back --out back.pem "
	    "> /dev/null"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("keyproc");
	TCase	*tc = tcase_create("keyproc");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_key_process_links_no_network_or_store_code);
	tcase_add_test(tc, test_key_process_runs_as_its_user_confined);
	tcase_add_test(tc, test_key_process_refuses_what_is_not_under_the_policy);
	tcase_add_test(tc, test_refusal_reaches_the_audit_log);
	tcase_add_test(tc,
	    test_killed_key_process_is_replaced_and_the_key_loaded_again);
	tcase_add_test(tc,
	    test_without_its_key_nothing_is_signed_until_it_is_back);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
