/*
 * check_health.c: /healthz and /metrics against a real stack (nginx,
 * webd, cad and its key process; tests/integ/stack.c).
 *
 * /healthz answers 200 and JSON naming every part "ok" when all is well;
 * with the CA daemon frozen (SIGSTOP: it accepts nothing and answers
 * nothing) and then stopped, 503 naming {"ca":"","part":"daemon"}, in
 * under 2 s either way.  /metrics passes `promtool check metrics`
 * (Debian's prometheus package), its request counter for a route moves
 * with a request, and a revocation moves the revoked-by-reason gauge,
 * the audit counter and the revocation -> CRL latency histogram.  From
 * 127.0.0.2, not on webd's allow-list, /metrics is 403.  An OCSP
 * request moves the OCSP counters.  The pre-signed OCSP responses cad
 * keeps for nginx are counted by status as the files say (`openssl
 * ocsp` reads each), a new certificate and its revocation move them and
 * the signatures, and a relying party's GET that nginx serves from a
 * file moves neither the live counter nor those (nginx's access log
 * has it).  Made for real, each of these fails /healthz with a 503
 * naming it, and putting it right brings 200 back: a root CRL (ARL)
 * signed for 5 days (`cactl root-crl --days 5`: "crl"), an OCSP
 * responder certificate and a notice-signer certificate issued for 5
 * days (`cactl ocsp-responder|notice-signer --days 5`, cad restarted).
 * A platform that never answers makes /healthz name "notice_queues"
 * once its oldest notice is older than webd -q.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
/* cactl's offline commands, with the CA's passphrase. */
#define OFFLINE	"CA_PASSPHRASE_FILE=\"$STACK_DIR/secrets/ca.pass\" " \
	"\"$BINDIR/cactl\""
#define CA	"\"$STACK_DIR/ca\""
#define PRE	"careissue_ocsp_presigned_"

static struct stack	 st;

static void
up(void)
{
	/* -q 4: a platform's queue is stuck after 4 s (the last test). */
	if (stack_up(&st, "-F -q 4") != 0 || stack_sh(&st, "mkdir -p " T) !=
	    0) {
		stack_down(&st);
		fprintf(stderr, "check_health: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

static double
now_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* GET /healthz; *secs gets how long it took. */
static void
healthz(struct http *h, double *secs)
{
	double	 t0 = now_secs();

	ck_assert_int_eq(stack_curl(&st, "/healthz", "--interface 127.0.0.1",
	    h), 0);
	*secs = now_secs() - t0;
}

/* GET /metrics from 127.0.0.1, checked 200, kept in t/metrics.txt. */
static void
metrics(struct http *h)
{
	FILE	*f;
	char	 path[4200];

	ck_assert_int_eq(stack_curl(&st, "/metrics", "--interface 127.0.0.1",
	    h), 0);
	ck_assert_msg(h->status == 200, "/metrics: HTTP %d", h->status);
	snprintf(path, sizeof(path), "%s/t/metrics.txt", st.dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(h->body, 1, h->body_len, f), h->body_len);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The value of the series written exactly as series (name and labels)
 * in the exposition h, or -1 if it is not there.
 */
static double
value(const struct http *h, const char *series)
{
	const char	*p = h->body;
	size_t		 n = strlen(series);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return -1;
}

/*
 * Stops cad, runs the shell command cmd (nothing printed), starts cad
 * again (setsid: check kills a test's process group when it ends) and
 * waits until it answers.
 */
static void
cad_restart_after(const char *cmd)
{
	ck_assert_int_eq(stack_sh(&st, "kill $(cat \"$STACK_DIR/run/cad.pid\")"
	    " && i=0; while kill -0 $(cat \"$STACK_DIR/run/cad.pid\") "
	    "2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && exit 1; "
	    "sleep 0.1; done"), 0);
	ck_assert_int_eq(stack_sh(&st, "%s > /dev/null", cmd), 0);
	ck_assert_int_eq(stack_sh(&st, "setsid \"$TOP/tools/stack.sh\" "
	    "start-cad \"$STACK_DIR\" && " CACTL " ping >/dev/null"), 0);
}

/* /healthz is 503 and names part alone as failing (and "fail" in the
 * CA's object); *h keeps the answer. */
static void
healthz_fails_with(struct http *h, const char *part)
{
	char	 want[200];
	double	 secs;

	healthz(h, &secs);
	ck_assert_msg(h->status == 503, "HTTP %d: %s", h->status, h->body);
	snprintf(want, sizeof(want), "\"failed\":[{\"ca\":\"\",\"part\":"
	    "\"%s\"}]", part);
	ck_assert_msg(http_has(h, want), "not only %s: %s", part, h->body);
	snprintf(want, sizeof(want), "\"%s\":\"fail\"", part);
	ck_assert(http_has(h, want));
	ck_assert(http_has(h, "\"status\":\"fail\""));
	ck_assert_msg(secs < 2.0, "/healthz took %.2f s", secs);
}

static void
healthz_is_200(void)
{
	struct http	 h;
	double		 secs;

	healthz(&h, &secs);
	ck_assert_msg(h.status == 200, "HTTP %d: %s", h.status, h.body);
	http_free(&h);
}

/*
 * What the pre-signed response files say: *good and *revoked of them,
 * read by `openssl ocsp`, one by one.
 */
static void
presigned_files(double *good, double *revoked)
{
	char	 path[PATH_MAX + 16], *txt;

	ck_assert_int_eq(stack_sh(&st, "cd \"$STACK_DIR/ocsp-static\" && "
	    "for f in *; do [ -f \"$f\" ] || continue; openssl ocsp -respin "
	    "\"$f\" -resp_text -noverify 2>/dev/null | sed -n "
	    "'s/^ *Cert Status: //p'; done > " T "/files.out && "
	    "echo $(grep -cx good " T "/files.out) $(grep -cx revoked " T
	    "/files.out) $(wc -l < " T "/files.out) > " T "/files.n"), 0);
	snprintf(path, sizeof(path), "%s/t/files.n", st.dir);
	ck_assert_ptr_nonnull(txt = stack_slurp(path, NULL));
	{
		int	 g, r, all;

		ck_assert_int_eq(sscanf(txt, "%d %d %d", &g, &r, &all), 3);
		ck_assert_msg(g + r == all, "a file neither good nor revoked");
		*good = g;
		*revoked = r;
	}
	free(txt);
}

START_TEST(test_healthz_all_well_is_200_json)
{
	struct http	 h;
	double		 secs;

	healthz(&h, &secs);
	ck_assert_msg(h.status == 200, "HTTP %d: %s", h.status, h.body);
	ck_assert(http_has_header(&h, "Content-Type", "application/json"));
	ck_assert(http_has(&h, "\"status\":\"ok\""));
	ck_assert(http_has(&h, "\"app_db\":\"ok\""));
	ck_assert(http_has(&h, "\"daemon\":\"ok\",\"key_process\":\"ok\","
	    "\"store\":\"ok\",\"crl\":\"ok\",\"ocsp_responder_cert\":\"ok\","
	    "\"notice_signer_cert\":\"ok\",\"notice_queues\":\"ok\""));
	ck_assert(http_has(&h, "\"failed\":[]"));
	http_free(&h);
	/* A JSON parser that did not write it agrees. */
	ck_assert_int_eq(stack_sh(&st, "curl -s --cacert \"$STACK_DIR/ca/"
	    "chain.pem\" https://127.0.0.1:$PORT/healthz | jq -e "
	    "'.status == \"ok\" and (.cas | length) == 1 and (.failed | "
	    "length) == 0' >/dev/null"), 0);
}
END_TEST

START_TEST(test_metrics_pass_promtool)
{
	struct http	 h;

	metrics(&h);
	ck_assert(http_has_header(&h, "Content-Type", "text/plain; "
	    "version=0.0.4"));
	ck_assert_double_eq(value(&h, "careissue_ca_up{ca=\"\"}"), 1);
	ck_assert_double_eq(value(&h, "careissue_ca_key_process_up{ca=\"\"}"),
	    1);
	ck_assert(value(&h, "careissue_crl_number{ca=\"\",kind=\"full\","
	    "shard=\"\"}") >= 1);
	ck_assert(value(&h, "careissue_crl_next_update_in_seconds{ca=\"\","
	    "kind=\"full\",shard=\"\"}") > 0);
	/* No partitioned CRLs here (check_crlshard has them). */
	ck_assert(!http_has(&h, "kind=\"delta\""));
	/* The pre-signed OCSP responses: some, none older than a day. */
	ck_assert(value(&h, PRE "responses{ca=\"\",status=\"good\"}") >= 1);
	ck_assert(value(&h, PRE "responses{ca=\"\",status=\"revoked\"}") >=
	    0);
	ck_assert(value(&h, PRE "signatures_total{ca=\"\",status=\"good\"}")
	    >= 1);
	ck_assert(value(&h, PRE "oldest_age_seconds{ca=\"\"}") >= 0);
	ck_assert(value(&h, PRE "next_update_in_seconds{ca=\"\"}") >
	    23 * 3600);
	ck_assert(value(&h, "careissue_cert_expiry_seconds{ca=\"\","
	    "cert=\"notice_signer\"}") > 7 * 86400);
	ck_assert(value(&h, "careissue_cert_expiry_seconds{ca=\"\","
	    "cert=\"ocsp_responder\"}") > 7 * 86400);
	/* The root's CRL (ARL), valid 180 days from cactl init. */
	ck_assert(value(&h, "careissue_root_crl_next_update_in_seconds{"
	    "ca=\"\"}") > 170 * 86400);
	ck_assert(value(&h, "careissue_root_crl_number{ca=\"\"}") >= 1);
	/* The demo platforms are registered: each has its queue. */
	ck_assert(http_has(&h, "careissue_notice_queue_depth{ca=\"\","
	    "platform=\""));
	http_free(&h);
	ck_assert_msg(stack_sh(&st, "promtool check metrics < " T
	    "/metrics.txt > " T "/promtool.out 2>&1") == 0,
	    "promtool check metrics failed: see %s/t/promtool.out", st.dir);
}
END_TEST

START_TEST(test_metrics_counters_move)
{
	struct http	 h, g;
	struct timespec	 pause = { 0, 100 * 1000 * 1000 };
	double		 login, revoked, audit, lat, bucket, ocsp, ocsp_rev;
	int		 i;

	metrics(&h);
	login = value(&h, "careissue_http_requests_total{route=\"/login\","
	    "status=\"200\"}");
	revoked = value(&h, "careissue_certificates_revoked{ca=\"\","
	    "reason=\"keyCompromise\"}");
	audit = value(&h, "careissue_audit_records_total{ca=\"\"}");
	lat = value(&h, "careissue_revocation_crl_seconds_count{ca=\"\"}");
	ocsp = value(&h, "careissue_ocsp_responses_total{ca=\"\","
	    "status=\"successful\"}");
	ocsp_rev = value(&h, "careissue_ocsp_certificate_status_total{ca=\"\","
	    "status=\"revoked\"}");
	ck_assert(revoked >= 0 && audit >= 1 && lat >= 0 && ocsp >= 0 &&
	    ocsp_rev >= 0);
	http_free(&h);

	ck_assert_int_eq(stack_curl(&st, "/login", NULL, &g), 0);
	ck_assert_int_eq(g.status, 200);
	http_free(&g);
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt"
	    " ec_paramgen_curve:P-256 -nodes -keyout " T "/m.key -out " T
	    "/m.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/m.csr --org '演示' --cn '吴演示' --order metrics-1 --out " T
	    "/m.pem > " T "/m.serial && " CACTL " revoke $(cat " T
	    "/m.serial) --reason keyCompromise > /dev/null"), 0);

	/* An OCSP request through nginx and a worker to cad's responder. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer \"$STACK_DIR/ca/"
	    "ca.crt\" -cert " T "/m.pem -url http://127.0.0.1:$HTTP_PORT/ocsp"
	    " -noverify 2>/dev/null | grep -q ': revoked'"), 0);

	/* The CRL comes within a second of the revocation. */
	for (i = 0; i < 40; i++) {
		metrics(&h);
		if (value(&h, "careissue_revocation_crl_seconds_count{ca=\"\"}")
		    >= lat + 1)
			break;
		http_free(&h);
		nanosleep(&pause, NULL);
	}
	ck_assert_msg(i < 40, "the revocation's CRL latency was not counted");
	/* (The first GET of /login, and perhaps the loop's.) */
	ck_assert(value(&h, "careissue_http_requests_total{route=\"/login\","
	    "status=\"200\"}") >= (login < 0 ? 0 : login) + 1);
	ck_assert_double_eq(value(&h, "careissue_certificates_revoked{ca=\"\","
	    "reason=\"keyCompromise\"}"), revoked + 1);
	/* issue, revoke and the CRL: three records at least. */
	ck_assert(value(&h, "careissue_audit_records_total{ca=\"\"}") >=
	    audit + 3);
	/* Published within 5 s of the revocation. */
	bucket = value(&h, "careissue_revocation_crl_seconds_bucket{ca=\"\","
	    "le=\"5\"}");
	ck_assert(bucket >= lat + 1);
	ck_assert(value(&h, "careissue_http_requests_total{route=\"/metrics\","
	    "status=\"200\"}") >= 1);
	ck_assert_double_eq(value(&h, "careissue_ocsp_responses_total{ca=\"\","
	    "status=\"successful\"}"), ocsp + 1);
	ck_assert_double_eq(value(&h, "careissue_ocsp_certificate_status_total{"
	    "ca=\"\",status=\"revoked\"}"), ocsp_rev + 1);
	ck_assert(value(&h, "careissue_http_requests_total{route=\"/ocsp\","
	    "status=\"200\"}") >= 1);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "promtool check metrics < " T
	    "/metrics.txt >/dev/null 2>&1"), 0);
}
END_TEST

START_TEST(test_metrics_from_another_address_is_403)
{
	struct http	 h;

	ck_assert_int_eq(stack_curl(&st, "/metrics", "--interface 127.0.0.2",
	    &h), 0);
	ck_assert_int_eq(h.status, 403);
	ck_assert(!http_has(&h, "careissue_"));
	http_free(&h);
	/* The refusal is logged with the address. */
	ck_assert_int_eq(stack_sh(&st, "grep -q '/metrics refused to "
	    "127.0.0.2' \"$STACK_DIR/log/webd.log\""), 0);
}
END_TEST

/*
 * The pre-signed responses nginx serves as files: held by status as the
 * files themselves say, moved by a new certificate and its revocation,
 * and a GET that nginx answers from a file is not the daemon's to count.
 */
START_TEST(test_presigned_ocsp_responses_are_counted_by_status)
{
	struct http	 h;
	struct timespec	 pause = { 0, 100 * 1000 * 1000 };
	double		 good, rev, sgood, srev, live, route, fgood, frev;
	int		 i;

	metrics(&h);
	good = value(&h, PRE "responses{ca=\"\",status=\"good\"}");
	rev = value(&h, PRE "responses{ca=\"\",status=\"revoked\"}");
	sgood = value(&h, PRE "signatures_total{ca=\"\",status=\"good\"}");
	srev = value(&h, PRE "signatures_total{ca=\"\",status=\"revoked\"}");
	http_free(&h);
	ck_assert(good >= 1 && rev >= 0 && sgood >= good && srev >= 0);
	presigned_files(&fgood, &frev);
	ck_assert_double_eq(fgood, good);
	ck_assert_double_eq(frev, rev);

	/* A new certificate: its good response, within a second or so. */
	ck_assert_int_eq(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt"
	    " ec_paramgen_curve:P-256 -nodes -keyout " T "/p.key -out " T
	    "/p.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/p.csr --org '演示' --cn '吴演示' --order presigned-1 --out " T
	    "/p.pem > " T "/p.serial"), 0);
	for (i = 0; i < 30; i++) {
		metrics(&h);
		if (value(&h, PRE "responses{ca=\"\",status=\"good\"}") ==
		    good + 1)
			break;
		http_free(&h);
		nanosleep(&pause, NULL);
	}
	ck_assert_msg(i < 30, "the new certificate's response not counted");
	ck_assert_double_eq(value(&h, PRE "signatures_total{ca=\"\","
	    "status=\"good\"}"), sgood + 1);
	http_free(&h);

	/* Revoked: the same file now says revoked; good goes back. */
	ck_assert_int_eq(stack_sh(&st, CACTL " revoke $(cat " T "/p.serial) "
	    "--reason keyCompromise > /dev/null"), 0);
	for (i = 0; i < 30; i++) {
		metrics(&h);
		if (value(&h, PRE "responses{ca=\"\",status=\"revoked\"}") ==
		    rev + 1)
			break;
		http_free(&h);
		nanosleep(&pause, NULL);
	}
	ck_assert_msg(i < 30, "the revoked response not counted");
	ck_assert_double_eq(value(&h, PRE "responses{ca=\"\",status=\"good\"}"),
	    good);
	ck_assert_double_eq(value(&h, PRE "signatures_total{ca=\"\","
	    "status=\"revoked\"}"), srev + 1);
	ck_assert_double_eq(value(&h, PRE "signatures_total{ca=\"\","
	    "status=\"good\"}"), sgood + 1);
	live = value(&h, "careissue_ocsp_responses_total{ca=\"\","
	    "status=\"successful\"}");
	ck_assert(live >= 0);
	/* (-1: no GET reached a worker yet.) */
	route = value(&h, "careissue_http_requests_total{route=\"/ocsp/\","
	    "status=\"200\"}");
	http_free(&h);
	presigned_files(&fgood, &frev);
	ck_assert_double_eq(fgood, good);
	ck_assert_double_eq(frev, rev + 1);

	/* A relying party's RFC 5019 GET: nginx answers from the file
	 * (revoked, cacheable), the daemon signs nothing for it. */
	ck_assert_int_eq(stack_sh(&st, "openssl ocsp -issuer " CA "/ca.crt "
	    "-cert " T "/p.pem -no_nonce -reqout " T "/p.der && curl -s -D "
	    T "/p.hdr -o " T "/p.resp \"http://127.0.0.1:$HTTP_PORT/ocsp/"
	    "$(base64 -w0 " T "/p.der)\" && grep -qi '^Cache-Control: "
	    "max-age=60' " T "/p.hdr && openssl ocsp -respin " T "/p.resp "
	    "-resp_text -noverify 2>/dev/null | grep -q 'Cert Status: "
	    "revoked'"), 0);
	metrics(&h);
	ck_assert_double_eq(value(&h, "careissue_ocsp_responses_total{ca=\"\","
	    "status=\"successful\"}"), live);
	ck_assert_double_eq(value(&h, PRE "signatures_total{ca=\"\","
	    "status=\"revoked\"}"), srev + 1);
	ck_assert_double_eq(value(&h, "careissue_http_requests_total{route="
	    "\"/ocsp/\",status=\"200\"}"), route);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "grep -qF \"\\\"GET /ocsp/$(base64 -w0 "
	    T "/p.der) HTTP/1.1\\\" 200 \" \"$STACK_DIR/log/"
	    "nginx-access.log\""), 0);
	ck_assert_int_eq(stack_sh(&st, "promtool check metrics < " T
	    "/metrics.txt >/dev/null 2>&1"), 0);
}
END_TEST

/*
 * The root's CRL (ARL) signed for 5 days: "crl" fails (a week's notice
 * before the ceremony is due); signed for the usual 180, 200 again.
 */
START_TEST(test_a_root_crl_near_its_next_update_fails_healthz)
{
	struct http	 h;

	ck_assert_int_eq(stack_sh(&st, OFFLINE " root-crl --days 0 " CA
	    " > /dev/null 2>&1"), 2);
	ck_assert_int_eq(stack_sh(&st, OFFLINE " root-crl --days 5 " CA
	    " > /dev/null"), 0);
	/* What was published says so, to openssl too. */
	ck_assert_int_eq(stack_sh(&st, "openssl crl -inform DER -in " CA
	    "/crl/root-ca.crl -noout -nextupdate | sed 's/^nextUpdate=//' > "
	    T "/next && [ $(date -d \"$(cat " T "/next)\" +%%s) -lt "
	    "$(($(date +%%s) + 6 * 86400)) ]"), 0);
	healthz_fails_with(&h, "crl");
	ck_assert(http_has(&h, "\"ocsp_responder_cert\":\"ok\""));
	http_free(&h);
	metrics(&h);
	ck_assert(value(&h, "careissue_root_crl_next_update_in_seconds{"
	    "ca=\"\"}") <= 5 * 86400);
	http_free(&h);

	ck_assert_int_eq(stack_sh(&st, OFFLINE " root-crl " CA
	    " > /dev/null"), 0);
	healthz_is_200();
}
END_TEST

/*
 * An OCSP responder certificate with 5 days left (cactl ocsp-responder
 * --days 5; cad reads it when it starts): "ocsp_responder_cert" fails;
 * one for 90 days, 200 again.
 */
START_TEST(test_an_expiring_ocsp_responder_cert_fails_healthz)
{
	struct http	 h;

	cad_restart_after(OFFLINE " ocsp-responder --days 5 " CA
	    " \"$STACK_DIR/ocsp\"");
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in \"$STACK_DIR/ocsp/"
	    "ocsp.crt\" -noout -checkend $((6 * 86400)) > /dev/null"), 1);
	healthz_fails_with(&h, "ocsp_responder_cert");
	ck_assert(http_has(&h, "\"notice_signer_cert\":\"ok\""));
	http_free(&h);
	metrics(&h);
	ck_assert(value(&h, "careissue_cert_expiry_seconds{ca=\"\","
	    "cert=\"ocsp_responder\"}") <= 5 * 86400);
	http_free(&h);

	cad_restart_after(OFFLINE " ocsp-responder " CA
	    " \"$STACK_DIR/ocsp\"");
	healthz_is_200();
}
END_TEST

/* The same for the notice signer's certificate (cactl notice-signer). */
START_TEST(test_an_expiring_notice_signer_cert_fails_healthz)
{
	struct http	 h;

	cad_restart_after(OFFLINE " notice-signer --days 5 " CA " " CA
	    "/notice");
	ck_assert_int_eq(stack_sh(&st, "openssl x509 -in " CA "/notice/"
	    "notice.crt -noout -checkend $((6 * 86400)) > /dev/null"), 1);
	healthz_fails_with(&h, "notice_signer_cert");
	ck_assert(http_has(&h, "\"ocsp_responder_cert\":\"ok\""));
	http_free(&h);
	metrics(&h);
	ck_assert(value(&h, "careissue_cert_expiry_seconds{ca=\"\","
	    "cert=\"notice_signer\"}") <= 5 * 86400);
	http_free(&h);

	cad_restart_after(OFFLINE " notice-signer " CA " " CA "/notice");
	healthz_is_200();
}
END_TEST

/* Last: freezes, then stops the daemon; starts it again at the end. */
START_TEST(test_healthz_names_the_daemon_within_2s)
{
	struct http	 h;
	double		 secs;

	/* Frozen: it accepts nothing (the backlog takes the connection)
	 * and answers nothing; only the bounded wait ends the call. */
	ck_assert_int_eq(stack_sh(&st, "kill -STOP $(cat \"$STACK_DIR/run/"
	    "cad.pid\")"), 0);
	healthz(&h, &secs);
	ck_assert_int_eq(stack_sh(&st, "kill -CONT $(cat \"$STACK_DIR/run/"
	    "cad.pid\")"), 0);
	ck_assert_msg(h.status == 503, "HTTP %d: %s", h.status, h.body);
	ck_assert(http_has(&h, "{\"ca\":\"\",\"part\":\"daemon\"}"));
	ck_assert(http_has(&h, "\"status\":\"fail\""));
	ck_assert_msg(secs < 2.0, "frozen daemon: /healthz took %.2f s", secs);
	http_free(&h);

	/* Stopped. */
	ck_assert_int_eq(stack_sh(&st, "kill $(cat \"$STACK_DIR/run/cad.pid\")"
	    " && i=0; while kill -0 $(cat \"$STACK_DIR/run/cad.pid\") "
	    "2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && exit 1; "
	    "sleep 0.1; done"), 0);
	healthz(&h, &secs);
	ck_assert_msg(h.status == 503, "HTTP %d: %s", h.status, h.body);
	ck_assert(http_has(&h, "\"failed\":[{\"ca\":\"\",\"part\":"
	    "\"daemon\"}]"));
	ck_assert(http_has(&h, "\"key_process\":\"unknown\""));
	ck_assert_msg(secs < 2.0, "stopped daemon: /healthz took %.2f s",
	    secs);
	http_free(&h);
	/* /metrics still answers, saying so. */
	metrics(&h);
	ck_assert_double_eq(value(&h, "careissue_ca_up{ca=\"\"}"), 0);
	http_free(&h);
	ck_assert_int_eq(stack_sh(&st, "promtool check metrics < " T
	    "/metrics.txt >/dev/null 2>&1"), 0);

	ck_assert_int_eq(stack_sh(&st, "setsid \"$TOP/tools/stack.sh\" "
	    "start-cad \"$STACK_DIR\" && " CACTL " ping >/dev/null"), 0);
	healthz(&h, &secs);
	ck_assert_msg(h.status == 200, "after the restart: HTTP %d: %s",
	    h.status, h.body);
	http_free(&h);
}
END_TEST

/*
 * Last: a platform that never answers holds a notice; past webd -q (4 s
 * here) /healthz names the queue, /metrics shows its depth and age.
 */
START_TEST(test_a_stuck_notice_queue_fails_healthz)
{
	struct http	 h;
	double		 secs;

	ck_assert_int_eq(stack_sh(&st, "printf '0123456789abcdef0123' > " T
	    "/dead.secret && chmod 600 " T "/dead.secret && " CACTL
	    " platform add 无人应答 --url http://127.0.0.1:1/n --secret-file "
	    T "/dead.secret >/dev/null && openssl req -new -newkey ec "
	    "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " T "/q.key "
	    "-out " T "/q.csr -subj /CN=x 2>/dev/null && " CACTL " issue "
	    "--csr " T "/q.csr --org '演示' --cn '吴演示' --order metrics-2 "
	    "--out " T "/q.pem > " T "/q.serial && " CACTL " link $(cat " T
	    "/q.serial) 无人应答 >/dev/null"), 0);
	healthz(&h, &secs);
	ck_assert_msg(h.status == 200, "at once: HTTP %d: %s", h.status,
	    h.body);
	http_free(&h);
	sleep(5);
	healthz(&h, &secs);
	ck_assert_msg(h.status == 503, "HTTP %d: %s", h.status, h.body);
	ck_assert(http_has(&h, "\"failed\":[{\"ca\":\"\",\"part\":"
	    "\"notice_queues\"}]"));
	ck_assert(http_has(&h, "\"daemon\":\"ok\""));
	http_free(&h);
	metrics(&h);
	ck_assert_double_eq(value(&h, "careissue_notice_queue_depth{ca=\"\","
	    "platform=\"无人应答\"}"), 1);
	ck_assert(value(&h, "careissue_notice_oldest_age_seconds{ca=\"\","
	    "platform=\"无人应答\"}") >= 4);
	http_free(&h);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("health");
	TCase	*tc = tcase_create("health");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_healthz_all_well_is_200_json);
	tcase_add_test(tc, test_metrics_pass_promtool);
	tcase_add_test(tc, test_metrics_counters_move);
	tcase_add_test(tc, test_metrics_from_another_address_is_403);
	tcase_add_test(tc, test_presigned_ocsp_responses_are_counted_by_status);
	tcase_add_test(tc, test_a_root_crl_near_its_next_update_fails_healthz);
	tcase_add_test(tc, test_an_expiring_ocsp_responder_cert_fails_healthz);
	tcase_add_test(tc, test_an_expiring_notice_signer_cert_fails_healthz);
	tcase_add_test(tc, test_healthz_names_the_daemon_within_2s);
	tcase_add_test(tc, test_a_stuck_notice_queue_fails_healthz);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
