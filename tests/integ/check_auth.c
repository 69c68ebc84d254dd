/*
 * check_auth.c: integration tests of accounts and sessions (fcgi/auth.c,
 * fcgi/session.c, fcgi/route.c): the session cookie, CSRF on every POST,
 * 账号登录 and 退出, 注册账号, 忘记密码, 关联公司及身份选择 and the login
 * throttles, driven over HTTPS with curl through real nginx and workers
 * with the demo data loaded.
 *
 * nginx lets an address make 10 login POSTs a minute with a burst of 5,
 * so six in quick succession always pass and a seventh may get 429.  The
 * app also counts failures per address.  So each TCase below runs on its
 * own stack (own nginx, own database) and makes at most six POSTs to
 * /login; the count is noted at each TCase.  login_post() fails loudly if
 * nginx ever refuses one, instead of letting a test pass or fail for the
 * wrong reason.  (The app's own per-address lock, after 20 failures in
 * 15 minutes, is out of reach here: nginx lets only 10 through a minute.)
 * POSTs to /register have a zone of their own at nginx, with the same
 * rate; no jar makes more than six of them.
 *
 * SMS codes are read from the demo sender's outbox (DIR/sms-outbox.txt),
 * the one place they are written to; webd.log must never hold them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <time.h>

#include <sys/stat.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tests/integ/stack.h"

#define SID_LEN		64
#define DEMO_PW		"Demo@2026"
#define NEW_PW		"Neu#Pass2026"
#define COOKIE_ATTRS	"; Path=/; Secure; HttpOnly; SameSite=Lax"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, "-F") != 0 || stack_sh(&st, "\"$BINDIR/webctl\" "
	    "-d \"$APPDB\" demo >/dev/null") != 0) {
		stack_down(&st);
		fprintf(stderr, "check_auth: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_down(&st);
}

/* ---- HTTP helpers ---- */

/* The loopback address the visitor with cookie jar jar connects from. */
static void
jar_addr(const char *jar, char addr[32])
{
	const char	*p;
	unsigned	 a = 0;

	for (p = jar; *p != '\0'; p++)
		a = a * 31 + (unsigned char)*p;
	snprintf(addr, 32, "127.0.%u.%u", a / 250 % 250 + 1, a % 250 + 2);
}

/*
 * Runs curl with the cookie jar named jar (NULL: none) and extra curl
 * arguments, and checks the status (0: any).
 */
static void
http(const char *jar, const char *path, const char *extra, int status,
    struct http *h)
{
	char		 args[4096];

	/*
	 * Each jar (one simulated visitor) connects from its own loopback
	 * address, so nginx's per-address limits and the app's per-address
	 * throttle count each visitor apart, as for real clients.
	 */
	char		 addr[32];

	if (jar != NULL) {
		jar_addr(jar, addr);
		snprintf(args, sizeof(args), "--interface %s "
		    "-c \"$STACK_DIR/jar-%s\" -b \"$STACK_DIR/jar-%s\" %s",
		    addr, jar, jar, extra != NULL ? extra : "");
	}
	else
		snprintf(args, sizeof(args), "%s", extra != NULL ? extra : "");
	ck_assert_int_eq(stack_curl(&st, path, args, h), 0);
	if (status != 0)
		ck_assert_msg(h->status == status, "%s: HTTP %d, wanted %d",
		    path, h->status, status);
}

/*
 * Copies the value of the session cookie set by the response into sid
 * and returns the rest of that Set-Cookie line (attributes, up to the
 * line end) in attrs; returns 0 if none was set.
 */
static int
set_sid(const struct http *h, char sid[SID_LEN + 1], char *attrs,
    size_t attrsz)
{
	static const char	 name[] = "Set-Cookie: __Host-sid=";
	const char		*p = h->headers, *v;
	size_t			 n;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, sizeof(name) - 1) == 0) {
			v = p + sizeof(name) - 1;
			n = strcspn(v, ";\r\n");
			if (n > SID_LEN)
				n = SID_LEN;
			memcpy(sid, v, n);
			sid[n] = '\0';
			v += strcspn(v, ";\r\n");
			n = strcspn(v, "\r\n");
			if (attrs != NULL) {
				if (n >= attrsz)
					n = attrsz - 1;
				memcpy(attrs, v, n);
				attrs[n] = '\0';
			}
			return 1;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return 0;
}

static int
is_token(const char *s)
{
	return strlen(s) == SID_LEN && strspn(s, "0123456789abcdef") ==
	    SID_LEN;
}

/* Copies the page's hidden csrf field into out. */
static void
csrf_of(const struct http *h, char out[SID_LEN + 1])
{
	ck_assert_msg(http_csrf(h, out) == 0, "no csrf field on the page");
	ck_assert(is_token(out));
}

/* GETs path (200) with jar and returns the page's csrf token. */
static void
page_csrf(const char *jar, const char *path, char out[SID_LEN + 1])
{
	struct http	 h;

	http(jar, path, NULL, 200, &h);
	csrf_of(&h, out);
	http_free(&h);
}

/*
 * POSTs to /login with jar (csrf: NULL for none), failing the test if
 * nginx's rate limit answers instead of the app (see the file header).
 */
static void
login_post(const char *jar, const char *form, const char *csrf,
    struct http *h)
{
	char	 args[2048];

	snprintf(args, sizeof(args), "%s%s%s", form, csrf != NULL ?
	    " -d csrf=" : "", csrf != NULL ? csrf : "");
	http(jar, "/login", args, 0, h);
	ck_assert_msg(h->status != 429 || http_has(h, "操作过于频繁"),
	    "nginx refused a login POST: more than six in this TCase?");
}

/* Fetches /login for a csrf token and logs in; returns the response. */
static void
login(const char *jar, const char *mobile, const char *pw, struct http *h)
{
	char	 csrf[SID_LEN + 1], form[512];

	page_csrf(jar, "/login", csrf);
	snprintf(form, sizeof(form), "--data-urlencode 'mobile=%s' "
	    "--data-urlencode 'password=%s' -d agree=1", mobile, pw);
	login_post(jar, form, csrf, h);
}

/* Logs in and checks that it worked. */
static void
login_ok(const char *jar, const char *mobile, const char *pw)
{
	struct http	 h;

	login(jar, mobile, pw, &h);
	ck_assert_msg(h.status == 303 && http_location_is(&h, "/identity"),
	    "login %s: HTTP %d", mobile, h.status);
	http_free(&h);
}

/* POSTs a form (curl arguments) with the jar's csrf token from page. */
static void
post_form(const char *jar, const char *page, const char *path,
    const char *form, int status, struct http *h)
{
	char	 csrf[SID_LEN + 1], args[2048];

	page_csrf(jar, page, csrf);
	snprintf(args, sizeof(args), "%s -d csrf=%s", form, csrf);
	http(jar, path, args, status, h);
}

/* Returns 1 if GET /identity with jar shows the page (logged in). */
static int
logged_in(const char *jar)
{
	struct http	 h;
	int		 r;

	http(jar, "/identity", NULL, 0, &h);
	r = h.status == 200;
	if (!r)
		ck_assert_msg(h.status == 303 && http_location_is(&h, "/login"),
		    "/identity: HTTP %d", h.status);
	http_free(&h);
	return r;
}

/* The same as logged_in() for a bare session cookie value. */
static int
sid_logged_in(const char *sid)
{
	struct http	 h;
	char		 args[128];
	int		 r;

	ck_assert(strspn(sid, "0123456789abcdef") == strlen(sid));
	snprintf(args, sizeof(args), "-H 'Cookie: __Host-sid=%s'", sid);
	http(NULL, "/identity", args, 0, &h);
	r = h.status == 200;
	if (!r)
		ck_assert_msg(h.status == 303 && http_location_is(&h, "/login"),
		    "/identity: HTTP %d", h.status);
	http_free(&h);
	return r;
}

/* Number of people in the app database (webctl status). */
static long
people(void)
{
	char	 path[PATH_MAX + 32], *txt;
	long	 n;

	ck_assert_int_eq(stack_sh(&st, "\"$BINDIR/webctl\" -d "
	    "\"$APPDB\" status 2>/dev/null | sed -n "
	    "'s/.* \\([0-9][0-9]*\\) people.*/\\1/p' > \"$STACK_DIR/people\""),
	    0);
	snprintf(path, sizeof(path), "%s/people", st.dir);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	ck_assert_msg(isdigit((unsigned char)txt[0]), "webctl status?");
	n = atol(txt);
	free(txt);
	return n;
}

/*
 * Returns how many messages the SMS outbox has for mobile and copies the
 * code of the last one (or "", if it has none) into code.
 */
static int
sms_code(const char *mobile, char code[7])
{
	char		 path[PATH_MAX + 32], pfx[64], *box, *p, *last = NULL;
	static const char mark[] = "验证码为";
	int		 n = 0;

	code[0] = '\0';
	snprintf(path, sizeof(path), "%s/sms-outbox.txt", st.dir);
	snprintf(pfx, sizeof(pfx), "Z\t%s\t", mobile);
	if ((box = stack_slurp(path, NULL)) == NULL)
		return 0;
	for (p = box; (p = strstr(p, pfx)) != NULL; p++, n++)
		last = p;
	if (last != NULL && (p = strstr(last, mark)) != NULL &&
	    p < last + strcspn(last, "\n")) {
		p += sizeof(mark) - 1;
		if (strspn(p, "0123456789") >= 6) {
			memcpy(code, p, 6);
			code[6] = '\0';
		}
	}
	free(box);
	return n;
}

/* The last message in the SMS outbox for mobile, malloc'd ("" if none). */
static char *
sms_last(const char *mobile)
{
	char		 path[PATH_MAX + 32], pfx[64], *box, *p, *last = NULL;
	char		*s;

	snprintf(path, sizeof(path), "%s/sms-outbox.txt", st.dir);
	snprintf(pfx, sizeof(pfx), "Z\t%s\t", mobile);
	box = stack_slurp(path, NULL);
	for (p = box; p != NULL && (p = strstr(p, pfx)) != NULL; p++)
		last = p;
	s = strndup(last != NULL ? last : "", last != NULL ?
	    strcspn(last, "\n") : 0);
	ck_assert_ptr_nonnull(s);
	free(box);
	return s;
}

/*
 * Checks that code was sent through the outbox (mode 0600) and is
 * nowhere in webd's log, which holds no message text at all.
 */
static void
code_only_in_outbox(const char *code)
{
	char		 path[PATH_MAX + 32], *txt;
	struct stat	 sb;

	ck_assert(code[0] != '\0');
	snprintf(path, sizeof(path), "%s/sms-outbox.txt", st.dir);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_msg((sb.st_mode & 07777) == 0600, "outbox mode %03o",
	    (unsigned)(sb.st_mode & 07777));
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	ck_assert(strstr(txt, code) != NULL);
	free(txt);
	snprintf(path, sizeof(path), "%s/log/webd.log", st.dir);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	ck_assert_msg(strstr(txt, code) == NULL, "the code is in webd.log");
	ck_assert_msg(strstr(txt, "验证码") == NULL, "an SMS text in webd.log");
	free(txt);
}

/*
 * Runs an SQL query on the app database with its own CLI (sqlite3 or
 * psql: STACK_SQL) and copies its output (first line, without the
 * newline) into out.
 */
static void
sql_line(char *out, size_t sz, const char *sql)
{
	char	 path[PATH_MAX + 32], *txt;

	ck_assert_int_eq(stack_sh(&st, STACK_SQL " "
	    "\"%s\" > \"$STACK_DIR/sql.out\"", sql), 0);
	snprintf(path, sizeof(path), "%s/sql.out", st.dir);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	txt[strcspn(txt, "\n")] = '\0';
	snprintf(out, sz, "%s", txt);
	free(txt);
}

/* How many people have this mobile number (0 or 1). */
static int
people_with(const char *mobile)
{
	char	 sql[128], out[32];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM person WHERE "
	    "mobile = '%s'", mobile);
	sql_line(out, sizeof(out), sql);
	return atoi(out);
}

/*
 * Asks for a reset code for mobile with jar; returns the code sent by
 * this request, or "" if it sent none.
 */
static void
reset_request(const char *jar, const char *mobile, char code[7],
    struct http *h)
{
	char	 form[256];
	int	 n = sms_code(mobile, code);

	snprintf(form, sizeof(form), "-d step=request -d mobile=%s", mobile);
	post_form(jar, "/password/reset", "/password/reset", form, 200, h);
	if (sms_code(mobile, code) != n + 1)
		code[0] = '\0';
}

static void
reset_verify(const char *jar, const char *mobile, const char *code,
    const char *pw, struct http *h)
{
	char	 form[512];

	snprintf(form, sizeof(form), "-d step=verify -d mobile=%s -d code=%s "
	    "--data-urlencode 'password=%s' --data-urlencode 'password2=%s'",
	    mobile, code, pw, pw);
	post_form(jar, "/password/reset", "/password/reset", form, 0, h);
}

/* A different six-digit code. */
static void
other_code(const char *code, char out[7])
{
	memcpy(out, code, 7);
	out[5] = out[5] == '9' ? '0' : out[5] + 1;
}

/*
 * Returns the <main> element of a page, with every occurrence of hide
 * (if not NULL) replaced by '#'s, as a malloc'd string.
 */
static char *
main_of(const struct http *h, const char *hide)
{
	const char	*a = strstr(h->body, "<main"), *b;
	char		*s, *p;
	size_t		 n;

	ck_assert_ptr_nonnull(a);
	b = strstr(a, "</main>");
	ck_assert_ptr_nonnull(b);
	n = (size_t)(b - a);
	s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, a, n);
	s[n] = '\0';
	if (hide != NULL)
		for (p = s; (p = strstr(p, hide)) != NULL; p++)
			memset(p, '#', strlen(hide));
	return s;
}

/* Checks that two pages' texts are equal; shows where they differ. */
static void
same_text(const char *a, const char *b)
{
	size_t	 i;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		;
	ck_assert_msg(a[i] == b[i], "pages differ at byte %zu: \"%.40s\" / "
	    "\"%.40s\"", i, a + (i > 20 ? i - 20 : 0),
	    b + (i > 20 ? i - 20 : 0));
}

/*
 * A register form, step 2, for mobile with code, password pw and
 * confirmation pw2.
 */
static void
register_form(char *buf, size_t sz, const char *mobile, const char *code,
    const char *pw, const char *pw2)
{
	snprintf(buf, sz, "-d step=verify --data-urlencode 'mobile=%s' "
	    "-d code=%s --data-urlencode 'name=测试用户' "
	    "--data-urlencode 'password=%s' --data-urlencode 'password2=%s' "
	    "-d agree=1", mobile, code, pw, pw2);
}

/*
 * Step 1 of 注册账号 for mobile with jar; returns the code sent by this
 * request, or "" if it sent none.
 */
static void
register_request(const char *jar, const char *mobile, char code[7],
    struct http *h)
{
	char	 form[256];
	int	 n = sms_code(mobile, code);

	snprintf(form, sizeof(form), "-d step=request -d mobile=%s", mobile);
	post_form(jar, "/register", "/register", form, 0, h);
	if (sms_code(mobile, code) != n + 1)
		code[0] = '\0';
}

/* Step 2 with the right fields and code; the response in *h. */
static void
register_verify(const char *jar, const char *mobile, const char *code,
    struct http *h)
{
	char	 form[512];

	register_form(form, sizeof(form), mobile, code, NEW_PW, NEW_PW);
	post_form(jar, "/register", "/register", form, 0, h);
}

/* ==== anonymous: 3 POSTs to /login, then the nginx limit test ==== */

START_TEST(test_first_visit_sets_host_only_secure_session_cookie)
{
	struct http	 h;
	char		 sid[SID_LEN + 1], attrs[256];

	http("cookie", "/login", NULL, 200, &h);
	ck_assert_msg(set_sid(&h, sid, attrs, sizeof(attrs)),
	    "no __Host-sid cookie");
	ck_assert_msg(is_token(sid), "session id %s", sid);
	ck_assert_str_eq(attrs, COOKIE_ATTRS);
	http_free(&h);
}
END_TEST

START_TEST(test_session_is_kept_across_requests)
{
	struct http	 h;
	char		 sid[SID_LEN + 1], a[SID_LEN + 1], b[SID_LEN + 1];

	http("keep", "/login", NULL, 200, &h);
	ck_assert(set_sid(&h, sid, NULL, 0));
	csrf_of(&h, a);
	http_free(&h);
	http("keep", "/register", NULL, 200, &h);
	ck_assert_msg(!set_sid(&h, sid, NULL, 0), "a second session");
	csrf_of(&h, b);
	ck_assert_str_eq(a, b);
	http_free(&h);
}
END_TEST

/*
 * Moves the stored times of jar's session back by secs (column col:
 * seen_at for the idle timer, created_at for the absolute limit), as if
 * that much time had passed.
 */
static void
age_session(const char *jar, const char *col, long secs)
{
	unsigned char	 md[32];
	unsigned int	 n = 0, i;
	char		 path[PATH_MAX + 64], *txt, *p, sid[SID_LEN + 1];
	char		 hash[SID_LEN + 1];

	snprintf(path, sizeof(path), "%s/jar-%s", st.dir, jar);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	p = strstr(txt, "__Host-sid\t");
	ck_assert_ptr_nonnull(p);
	p += strlen("__Host-sid\t");
	ck_assert(strspn(p, "0123456789abcdef") == SID_LEN);
	memcpy(sid, p, SID_LEN);
	sid[SID_LEN] = '\0';
	free(txt);
	ck_assert(EVP_Digest(sid, SID_LEN, md, &n, EVP_sha256(), NULL) == 1);
	for (i = 0; i < 32; i++)
		snprintf(hash + 2 * i, 3, "%02x", md[i]);
	ck_assert_int_eq(stack_sh(&st, STACK_SQL " "
	    "\"UPDATE session SET %s = %s - %ld WHERE id_hash = '%s'\"",
	    col, col, secs, hash), 0);
}

START_TEST(test_idle_session_expires_after_thirty_minutes)
{
	login_ok("idle", "13900000001", DEMO_PW);
	age_session("idle", "seen_at", 29 * 60);
	ck_assert(logged_in("idle"));
	/* A second visitor (a logged-in one asking for 账号登录 is sent
	 * home instead). */
	login_ok("idle2", "13900000001", DEMO_PW);
	age_session("idle2", "seen_at", 31 * 60);
	ck_assert(!logged_in("idle2"));
}
END_TEST

START_TEST(test_session_ends_twelve_hours_after_login_even_if_used)
{
	login_ok("old", "13900000001", DEMO_PW);
	age_session("old", "created_at", 12 * 3600 + 60);
	ck_assert(!logged_in("old"));
}
END_TEST

START_TEST(test_session_id_is_stored_only_as_hash)
{
	struct http	 h;
	const char	*dump;
	unsigned char	 md[32];
	unsigned int	 n = 0, i;
	char		 sid[SID_LEN + 1], hash[SID_LEN + 1];

	http("hash", "/login", NULL, 200, &h);
	ck_assert(set_sid(&h, sid, NULL, 0));
	http_free(&h);
	ck_assert(EVP_Digest(sid, SID_LEN, md, &n, EVP_sha256(), NULL) == 1);
	for (i = 0; i < 32; i++)
		snprintf(hash + 2 * i, 3, "%02x", md[i]);
	/* The database and its WAL, in db/ (app.db is a link to it); in
	 * PostgreSQL, everything its tables hold (pg_dump). */
	dump = stack_pg(&st) ? "pg_dump -d \"$APPDB\"" :
	    "cat \"$STACK_DIR\"/db/app.db*";
	ck_assert_int_eq(stack_sh(&st, "%s | grep -aq %s", dump, hash), 0);
	ck_assert_int_eq(stack_sh(&st, "%s | grep -aq %s", dump, sid), 1);
}
END_TEST

START_TEST(test_anonymous_identity_page_redirects_to_login)
{
	struct http	 h;
	char		 csrf[SID_LEN + 1], args[128];

	http(NULL, "/identity", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
	/* A valid token of an anonymous session does not help. */
	page_csrf("anon", "/login", csrf);
	snprintf(args, sizeof(args), "-d membership=1 -d csrf=%s", csrf);
	http("anon", "/identity", args, 303, &h);
	ck_assert(http_location_is(&h, "/login"));
	http_free(&h);
}
END_TEST

START_TEST(test_anonymous_is_sent_to_login_from_private_pages)
{
	static const char *const get[] = {
		"/me", "/company", "/staff", "/certs", "/certs/view?id=1",
		"/certs/revoke?id=1",
	};
	static const char *const post[] = {
		"/me", "/staff/add", "/staff/remove", "/certs/revoke",
	};
	struct http	 h;
	char		 csrf[SID_LEN + 1];
	size_t		 i;

	for (i = 0; i < sizeof(get) / sizeof(get[0]); i++) {
		http(NULL, get[i], NULL, 303, &h);
		ck_assert_msg(http_location_is(&h, "/login"), "%s", get[i]);
		http_free(&h);
	}
	page_csrf("anon2", "/login", csrf);
	for (i = 0; i < sizeof(post) / sizeof(post[0]); i++) {
		char	 args[128];

		snprintf(args, sizeof(args), "-d id=1 -d csrf=%s", csrf);
		http("anon2", post[i], args, 303, &h);
		ck_assert_msg(http_location_is(&h, "/login"), "%s", post[i]);
		http_free(&h);
	}
}
END_TEST

START_TEST(test_forged_session_cookie_is_ignored)
{
	struct http	 h;
	char		 sid[SID_LEN + 1];

	/* A well-formed id the server never issued: a fresh session. */
	http(NULL, "/login", "-H 'Cookie: __Host-sid="
	    "0000000000000000000000000000000000000000000000000000000000000000'",
	    200, &h);
	ck_assert(set_sid(&h, sid, NULL, 0));
	ck_assert(strcmp(sid, "0000000000000000000000000000000000000000"
	    "000000000000000000000000") != 0);
	http_free(&h);
}
END_TEST

START_TEST(test_post_without_session_is_refused)
{
	struct http	 h;
	char		 form[512];
	long		 n = people();

	register_form(form, sizeof(form), "13811110001", "123456", NEW_PW,
	    NEW_PW);
	http(NULL, "/register", form, 403, &h);
	http_free(&h);
	http(NULL, "/register", "-d step=request -d mobile=13811110001", 403,
	    &h);
	http_free(&h);
	ck_assert_int_eq(people(), n);
	ck_assert_int_eq(sms_code("13811110001", (char[7]){ 0 }), 0);
}
END_TEST

START_TEST(test_registration_without_csrf_creates_no_account)
{
	struct http	 h;
	char		 form[512], csrf[SID_LEN + 1], code[7];
	long		 n = people();

	page_csrf("nocsrf", "/register", csrf);
	http("nocsrf", "/register", "-d step=request -d mobile=13811110002",
	    403, &h);
	http_free(&h);
	ck_assert_int_eq(sms_code("13811110002", code), 0);
	/* With the token: a code; without it the code does not help. */
	register_request("nocsrf", "13811110002", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	register_form(form, sizeof(form), "13811110002", code, NEW_PW,
	    NEW_PW);
	http("nocsrf", "/register", form, 403, &h);
	http_free(&h);
	ck_assert_int_eq(people(), n);
	/* The number is still free and the code still good. */
	register_verify("nocsrf", "13811110002", code, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/login?notice=registered"));
	http_free(&h);
	ck_assert_int_eq(people(), n + 1);
}
END_TEST

START_TEST(test_registration_with_another_sessions_csrf_is_refused)
{
	struct http	 h;
	char		 form[1024], mine[SID_LEN + 1], theirs[SID_LEN + 1];
	long		 n = people();

	page_csrf("csrf-a", "/register", mine);
	page_csrf("csrf-b", "/register", theirs);
	ck_assert_str_ne(mine, theirs);
	register_form(form, sizeof(form), "13811110003", "123456", NEW_PW,
	    NEW_PW);
	strcat(form, " -d csrf=");
	strcat(form, theirs);
	http("csrf-a", "/register", form, 403, &h);
	http_free(&h);
	ck_assert_int_eq(people(), n);
}
END_TEST

START_TEST(test_registration_with_malformed_csrf_is_refused)
{
	struct http	 h;
	char		 form[1024], csrf[SID_LEN + 1];
	long		 n = people();

	page_csrf("csrf-m", "/register", csrf);
	register_form(form, sizeof(form), "13811110004", "123456", NEW_PW,
	    NEW_PW);
	csrf[SID_LEN - 1] = csrf[SID_LEN - 1] == '0' ? '1' : '0';
	strcat(form, " -d csrf=");
	strcat(form, csrf);
	http("csrf-m", "/register", form, 403, &h);
	http_free(&h);
	/* Empty and duplicated tokens. */
	register_form(form, sizeof(form), "13811110004", "123456", NEW_PW,
	    NEW_PW);
	strcat(form, " -d csrf=");
	http("csrf-m", "/register", form, 403, &h);
	http_free(&h);
	ck_assert_int_eq(people(), n);
}
END_TEST

START_TEST(test_register_page_asks_for_the_number_first)
{
	struct http	 h;

	http("rules", "/register", NULL, 200, &h);
	ck_assert(http_has(&h, "注册账号"));
	ck_assert(http_has(&h, "获取验证码"));
	ck_assert(http_has(&h, "name=\"step\" value=\"request\""));
	ck_assert(!http_has(&h, "name=\"password\""));
	http_free(&h);
}
END_TEST

START_TEST(test_register_code_page_shows_the_password_rules)
{
	struct http	 h;
	char		 code[7];

	register_request("rules", "13811110009", code, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "name=\"step\" value=\"verify\""));
	ck_assert(http_has(&h, "验证码"));
	ck_assert(http_has(&h, "密码规则：8至64位，至少包含大写字母、小写字母、"
	    "数字、特殊字符中的三种"));
	ck_assert(http_has(&h, "《用户服务协议》"));
	ck_assert(http_has(&h, "value=\"13811110009\""));
	http_free(&h);
}
END_TEST

START_TEST(test_registration_with_bad_mobile_is_refused)
{
	static const char *const bad[] = {
		"1381111000", "138111100055", "12811110005", "1381111000x",
		"",
	};
	struct http	 h;
	char		 form[512];
	size_t		 i;
	long		 n = people();

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		register_form(form, sizeof(form), bad[i], "123456", NEW_PW,
		    NEW_PW);
		post_form("badmob", "/register", "/register", form, 200, &h);
		ck_assert_msg(http_has(&h, "请输入正确的11位手机号"), "%s", bad[i]);
		http_free(&h);
	}
	ck_assert_int_eq(people(), n);
}
END_TEST

START_TEST(test_registration_with_weak_password_is_refused)
{
	static const char *const weak[] = {
		"Ab1@567",		/* 7 characters */
		"abcdefgh1234",		/* two kinds */
		"ABCDEFGHIJKL",		/* one kind */
		"12345678",
	};
	struct http	 h;
	char		 form[512];
	size_t		 i;
	long		 n = people();

	for (i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		register_form(form, sizeof(form), "13811110006", "123456",
		    weak[i], weak[i]);
		post_form("weak", "/register", "/register", form, 200, &h);
		ck_assert_msg(http_has(&h, "密码不符合规则"), "%s", weak[i]);
		/* The form is refilled, but never with the password. */
		ck_assert(http_has(&h, "value=\"13811110006\""));
		ck_assert(!http_has(&h, weak[i]));
		http_free(&h);
	}
	ck_assert_int_eq(people(), n);
}
END_TEST

START_TEST(test_registration_with_mismatched_passwords_is_refused)
{
	struct http	 h;
	char		 form[512];
	long		 n = people();

	register_form(form, sizeof(form), "13811110007", "123456", NEW_PW,
	    "Neu#Pass2027");
	post_form("mismatch", "/register", "/register", form, 200, &h);
	ck_assert(http_has(&h, "两次输入的密码不一致"));
	http_free(&h);
	ck_assert_int_eq(people(), n);
}
END_TEST

START_TEST(test_registration_asks_the_same_for_registered_and_new_numbers)
{
	struct http	 known, unknown;
	char		 code[7], *a, *b, *sms;

	register_request("same-reg", "13900000001", code, &known);
	ck_assert_msg(code[0] == '\0', "a code for a registered number");
	register_request("same-reg", "13844440001", code, &unknown);
	ck_assert_msg(code[0] != '\0', "no code for a new number");
	ck_assert_int_eq(known.status, 200);
	ck_assert_int_eq(known.status, unknown.status);
	ck_assert(http_has(&known, "短信已发送"));
	a = main_of(&known, "13900000001");
	b = main_of(&unknown, "13844440001");
	same_text(a, b);
	free(a);
	free(b);
	http_free(&known);
	http_free(&unknown);
	/* The registered number was told, without a code. */
	sms = sms_last("13900000001");
	ck_assert_msg(strstr(sms, "本手机号已注册") != NULL &&
	    strstr(sms, "忘记密码") != NULL, "%s", sms);
	ck_assert(strstr(sms, "验证码") == NULL);
	free(sms);
	ck_assert_int_eq(people_with("13900000001"), 1);
	ck_assert_int_eq(people_with("13844440001"), 0);
}
END_TEST

START_TEST(test_registration_without_the_right_code_creates_no_account)
{
	struct http	 h;
	char		 code[7], wrong[7];
	long		 n = people();

	/* A number that never asked for a code. */
	register_verify("badcode", "13855550001", "123456", &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	ck_assert_int_eq(people_with("13855550001"), 0);
	/* A wrong code, then the right one, then the right one again. */
	register_request("badcode", "13855550002", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	other_code(code, wrong);
	register_verify("badcode", "13855550002", wrong, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	ck_assert_int_eq(people_with("13855550002"), 0);
	register_verify("badcode", "13855550002", code, &h);
	ck_assert_int_eq(h.status, 303);
	http_free(&h);
	ck_assert_int_eq(people_with("13855550002"), 1);
	register_verify("badcode", "13855550002", code, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	ck_assert_int_eq(people(), n + 1);
}
END_TEST

START_TEST(test_registration_code_dies_after_five_wrong_tries)
{
	struct http	 h;
	char		 code[7], wrong[7];
	int		 i;

	register_request("regtries", "13855550003", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	other_code(code, wrong);
	for (i = 0; i < 4; i++) {
		register_verify("regtries", "13855550003", wrong, &h);
		ck_assert(http_has(&h, "验证码错误或已过期"));
		http_free(&h);
	}
	/* Five POSTs so far: this address's burst at nginx is spent. */
	sleep(6);
	register_verify("regtries", "13855550003", wrong, &h);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	sleep(6);
	register_verify("regtries", "13855550003", code, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	ck_assert_int_eq(people_with("13855550003"), 0);
}
END_TEST

START_TEST(test_registration_without_agreement_is_refused)
{
	struct http	 h;
	char		 form[512];
	long		 n = people();

	snprintf(form, sizeof(form), "-d step=verify -d mobile=13811110008 "
	    "-d code=123456 --data-urlencode 'name=测试' "
	    "--data-urlencode 'password=%s' --data-urlencode 'password2=%s'",
	    NEW_PW, NEW_PW);
	post_form("noagree", "/register", "/register", form, 200, &h);
	ck_assert(http_has(&h, "请先阅读并同意"));
	http_free(&h);
	ck_assert_int_eq(people(), n);
}
END_TEST

/*
 * The app counts code requests and wrong codes per address: at 20 in 15
 * minutes it locks the address (nginx allows only 10 a minute, so the
 * first 19 are put in the table).
 */
START_TEST(test_registration_attempts_are_limited_per_address)
{
	struct http	 h;
	char		 addr[32], sql[512], code[7];

	jar_addr("reglock", addr);
	snprintf(sql, sizeof(sql), "INSERT INTO login_throttle (addr, "
	    "failures, window_start, last_at) VALUES ('r:%s', 19, "
	    "%lld, %lld)", addr, (long long)time(NULL),
	    (long long)time(NULL));
	sql_line((char[8]){ 0 }, 8, sql);
	register_request("reglock", "13855550004", code, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(code[0] != '\0');
	http_free(&h);
	register_request("reglock", "13855550005", code, &h);
	ck_assert_int_eq(h.status, 429);
	ck_assert(http_has(&h, "操作过于频繁"));
	ck_assert(code[0] == '\0');
	http_free(&h);
	/* Logging in from there is not blocked by it. */
	http("reglock", "/login", NULL, 200, &h);
	http_free(&h);
}
END_TEST

/* Its own jar: a burst of POSTs from one address. */
START_TEST(test_nginx_rate_limits_register_posts)
{
	struct http	 h;
	int		 i, app = 0, nginx = 0;

	for (i = 0; i < 12; i++) {
		/* No csrf: the app refuses with 403 and counts nothing. */
		http("regflood", "/register",
		    "-d step=request -d mobile=13855550006", 0, &h);
		if (h.status == 403)
			app++;
		else if (h.status == 429 && !http_has(&h, "操作过于频繁"))
			nginx++;
		else
			ck_abort_msg("HTTP %d", h.status);
		http_free(&h);
	}
	/* 1 + burst 5 pass. */
	ck_assert_int_ge(app, 6);
	ck_assert_int_le(app, 7);
	ck_assert_int_ge(nginx, 5);
	http("regflood", "/register", NULL, 200, &h);
	http_free(&h);
}
END_TEST

/*
 * The stored reset code is HMAC-SHA256 under DIR/secrets/app.key of
 * purpose, person, salt and code (fcgi/smscode.h), computed here
 * independently; not SHA-256 of "person:code"; and with a new salt each
 * time, so one code never hashes the same twice.
 */
static void
stored_reset(const char *person, char hash[65], char salt[33])
{
	char	 sql[256], out[128];

	snprintf(sql, sizeof(sql), "SELECT code_hash || ' ' || salt FROM "
	    "reset_code WHERE person_id = %s", person);
	sql_line(out, sizeof(out), sql);
	ck_assert_msg(strlen(out) == 97 && out[64] == ' ', "row: %s", out);
	memcpy(hash, out, 64);
	hash[64] = '\0';
	memcpy(salt, out + 65, 32);
	salt[32] = '\0';
}

static void
hex_of(const unsigned char *p, size_t n, char *out)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void
hmac_code(const char *person, const char *salt, const char *code,
    char out[65])
{
	static const char	 label[] = "ca-reissue reset code";
	unsigned char		 key[32], msg[256], mac[32];
	unsigned int		 len = 0, i, v;
	char			 path[PATH_MAX + 32], *txt;
	size_t			 n = 0;

	snprintf(path, sizeof(path), "%s/secrets/app.key", st.dir);
	txt = stack_slurp(path, NULL);
	ck_assert_ptr_nonnull(txt);
	for (i = 0; i < 32; i++) {
		ck_assert(sscanf(txt + 2 * i, "%2x", &v) == 1);
		key[i] = (unsigned char)v;
	}
	free(txt);
	memcpy(msg + n, label, sizeof(label));
	n += sizeof(label);
	memcpy(msg + n, person, strlen(person) + 1);
	n += strlen(person) + 1;
	memcpy(msg + n, salt, strlen(salt) + 1);
	n += strlen(salt) + 1;
	memcpy(msg + n, code, strlen(code));
	n += strlen(code);
	ck_assert_ptr_nonnull(HMAC(EVP_sha256(), key, 32, msg, n, mac, &len));
	hex_of(mac, 32, out);
}

START_TEST(test_reset_code_is_stored_keyed_and_salted)
{
	struct http	 h;
	unsigned char	 md[32];
	unsigned int	 n = 0;
	char		 person[32], code[7], code2[7], buf[64];
	char		 hash[65], salt[33], hash2[65], salt2[33], want[65];

	sql_line(person, sizeof(person), "SELECT id FROM person WHERE "
	    "mobile = '13900000002'");
	ck_assert(atoi(person) > 0);
	reset_request("keyed", "13900000002", code, &h);
	http_free(&h);
	stored_reset(person, hash, salt);
	/* Not what a copy of the database could be searched with. */
	snprintf(buf, sizeof(buf), "%s:%s", person, code);
	ck_assert(EVP_Digest(buf, strlen(buf), md, &n, EVP_sha256(), NULL) ==
	    1);
	hex_of(md, 32, want);
	ck_assert_str_ne(hash, want);
	hmac_code(person, salt, code, want);
	ck_assert_str_eq(hash, want);
	/* A minute later (moved back here), another code, another salt. */
	sql_line(buf, sizeof(buf), "UPDATE reset_code SET sent_at = "
	    "sent_at - 120");
	reset_request("keyed", "13900000002", code2, &h);
	http_free(&h);
	ck_assert(code2[0] != '\0');
	stored_reset(person, hash2, salt2);
	ck_assert_str_ne(salt, salt2);
	hmac_code(person, salt2, code2, want);
	ck_assert_str_eq(hash2, want);
	/* The first code under the second salt: not the first hash. */
	hmac_code(person, salt2, code, want);
	ck_assert_str_ne(want, hash);
	code_only_in_outbox(code);
	code_only_in_outbox(code2);
	/* Later tests ask 13900000002 for a code again at once. */
	sql_line(buf, sizeof(buf), "UPDATE reset_code SET sent_at = "
	    "sent_at - 120");
}
END_TEST

START_TEST(test_reset_request_for_unregistered_number_looks_the_same)
{
	struct http	 known, unknown;
	char		 code[7], *a, *b;

	reset_request("same", "13900000005", code, &known);
	ck_assert_msg(code[0] != '\0', "no code in the webd log");
	reset_request("same", "13912345678", code, &unknown);
	ck_assert_msg(code[0] == '\0', "a code for an unregistered number");
	ck_assert_int_eq(known.status, unknown.status);
	ck_assert(http_has(&known, "验证码已发送"));
	a = main_of(&known, "13900000005");
	b = main_of(&unknown, "13912345678");
	same_text(a, b);
	free(a);
	free(b);
	http_free(&known);
	http_free(&unknown);
}
END_TEST

START_TEST(test_second_code_within_a_minute_is_not_sent)
{
	struct http	 h;
	char		 code[7];

	/* 13900000005 got a code in the previous test, moments ago. */
	reset_request("again", "13900000005", code, &h);
	ck_assert(http_has(&h, "验证码已发送"));
	ck_assert_msg(code[0] == '\0', "a second SMS within a minute");
	http_free(&h);
}
END_TEST

START_TEST(test_reset_with_wrong_code_is_refused)
{
	struct http	 h;
	char		 code[7], wrong[7];

	reset_request("wrong", "13900000003", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	other_code(code, wrong);
	reset_verify("wrong", "13900000003", wrong, NEW_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
	/* The right code still works. */
	reset_verify("wrong", "13900000003", code, NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/login?notice=password_reset"));
	http_free(&h);
}
END_TEST

START_TEST(test_reset_code_cannot_be_reused)
{
	struct http	 h;
	char		 code[7];

	reset_request("reuse", "13900000004", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	reset_verify("reuse", "13900000004", code, NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	http_free(&h);
	reset_verify("reuse", "13900000004", code, "Third#Pass2026", &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
}
END_TEST

START_TEST(test_reset_code_dies_after_five_wrong_tries)
{
	struct http	 h;
	char		 code[7], wrong[7];
	int		 i;

	reset_request("tries", "13900000001", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	other_code(code, wrong);
	for (i = 0; i < 5; i++) {
		reset_verify("tries", "13900000001", wrong, NEW_PW, &h);
		ck_assert(http_has(&h, "验证码错误或已过期"));
		http_free(&h);
	}
	reset_verify("tries", "13900000001", code, NEW_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "验证码错误或已过期"));
	http_free(&h);
}
END_TEST

START_TEST(test_reset_with_weak_new_password_is_refused)
{
	struct http	 h;

	/* The rules are checked before the code: no code is needed. */
	reset_verify("weakreset", "13900000005", "000000", "password", &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "密码不符合规则"));
	http_free(&h);
}
END_TEST

/* Last in its TCase: it uses up this address's login budget at nginx. */
START_TEST(test_nginx_rate_limits_login_posts)
{
	struct http	 h;
	int		 i, app = 0, nginx = 0;

	for (i = 0; i < 12; i++) {
		/* No csrf: the app refuses with 403 and counts nothing. */
		http(NULL, "/login", "-d mobile=13900000001 -d agree=1", 0,
		    &h);
		if (h.status == 403)
			app++;
		else if (h.status == 429 && !http_has(&h, "操作过于频繁"))
			nginx++;
		else
			ck_abort_msg("HTTP %d", h.status);
		http_free(&h);
	}
	/* Three login POSTs came before; 1 + burst 5 pass, minus those. */
	ck_assert_int_ge(app, 3);
	ck_assert_int_le(app, 7);
	ck_assert_int_ge(nginx, 1);
	/* GETs of the page are not limited. */
	http(NULL, "/login", NULL, 200, &h);
	http_free(&h);
}
END_TEST

/* ==== login: 6 POSTs to /login ==================================== */

START_TEST(test_wrong_password_and_unknown_mobile_get_the_same_answer)
{
	struct http	 wrong, unknown;
	char		*a, *b;

	login("same", "13900000001", "Wrong@2026", &wrong);
	login("same", "13912340000", DEMO_PW, &unknown);
	ck_assert_int_eq(wrong.status, unknown.status);
	ck_assert(http_has(&wrong, "手机号或密码错误"));
	a = main_of(&wrong, "13900000001");
	b = main_of(&unknown, "13912340000");
	same_text(a, b);
	free(a);
	free(b);
	http_free(&wrong);
	http_free(&unknown);
	ck_assert(!logged_in("same"));
}
END_TEST

START_TEST(test_login_without_agreement_is_refused)
{
	struct http	 h;
	char		 csrf[SID_LEN + 1];

	page_csrf("noagree", "/login", csrf);
	login_post("noagree", "-d mobile=13900000001 --data-urlencode "
	    "'password=" DEMO_PW "'", csrf, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "请先阅读并同意《用户服务协议》《隐私政策》"));
	http_free(&h);
	ck_assert(!logged_in("noagree"));
}
END_TEST

START_TEST(test_login_issues_new_session_id_and_old_one_is_dead)
{
	struct http	 h;
	char		 before[SID_LEN + 1], after[SID_LEN + 1];
	char		 attrs[256];

	http("fix", "/login", NULL, 200, &h);
	ck_assert(set_sid(&h, before, NULL, 0));
	http_free(&h);
	login("fix", "13900000002", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/identity"));
	ck_assert_msg(set_sid(&h, after, attrs, sizeof(attrs)),
	    "no new cookie at login");
	ck_assert(is_token(after));
	ck_assert_str_ne(before, after);
	ck_assert_str_eq(attrs, COOKIE_ATTRS);
	http_free(&h);
	ck_assert(!sid_logged_in(before));
	ck_assert(sid_logged_in(after));
	http("fix", "/identity", NULL, 200, &h);
	ck_assert(http_has(&h, "李演示"));
	http_free(&h);
}
END_TEST

START_TEST(test_logout_without_csrf_leaves_session_alive)
{
	struct http	 h;
	char		 args[128];

	login_ok("stay", "13900000003", DEMO_PW);
	/* A form without a token, then a well-formed wrong one. */
	http("stay", "/logout", "-d x=1", 403, &h);
	http_free(&h);
	snprintf(args, sizeof(args), "-d csrf=%064d", 0);
	http("stay", "/logout", args, 403, &h);
	http_free(&h);
	ck_assert(logged_in("stay"));
}
END_TEST

START_TEST(test_logout_ends_the_session)
{
	struct http	 h;
	char		 sid[SID_LEN + 1], attrs[256];

	http("out", "/login", NULL, 200, &h);
	http_free(&h);
	login("out", "13900000004", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(set_sid(&h, sid, NULL, 0));
	http_free(&h);
	ck_assert(sid_logged_in(sid));
	post_form("out", "/identity", "/logout", "", 303, &h);
	ck_assert(http_location_is(&h, "/login?notice=logged_out"));
	ck_assert(set_sid(&h, (char[SID_LEN + 1]){ 0 }, attrs,
	    sizeof(attrs)));
	ck_assert(strstr(attrs, "Max-Age=0") != NULL);
	http_free(&h);
	ck_assert(!sid_logged_in(sid));
	ck_assert(!logged_in("out"));
	http("out", "/login?notice=logged_out", NULL, 200, &h);
	ck_assert(http_has(&h, "您已安全退出"));
	http_free(&h);
}
END_TEST

/* ==== identity: 6 POSTs to /login ================================= */

/* Collects up to max membership ids from the /identity page. */
static int
membership_ids(const struct http *h, long *ids, int max)
{
	static const char	 f[] = "name=\"membership\" id=\"m";
	const char		*p = h->body;
	int			 n = 0;

	while (n < max && (p = strstr(p, f)) != NULL) {
		p += sizeof(f) - 1;
		ids[n++] = atol(p);
	}
	return n;
}

/* The text of the header's identity slot, as a malloc'd string. */
static char *
header_identity(const char *jar)
{
	struct http	 h;
	const char	*a, *b;
	char		*s;

	http(jar, "/identity", NULL, 200, &h);
	a = strstr(h.body, "<span class=\"usernav-identity\">");
	ck_assert_ptr_nonnull(a);
	b = strstr(a, "</span></span>");
	ck_assert_ptr_nonnull(b);
	s = strndup(a, (size_t)(b - a));
	ck_assert_ptr_nonnull(s);
	http_free(&h);
	return s;
}

/* Chooses the identity whose row on /identity has label company. */
static long
identity_of(const char *jar, const char *company)
{
	struct http	 h;
	const char	*p, *q;
	char		 label[256];

	http(jar, "/identity", NULL, 200, &h);
	snprintf(label, sizeof(label), "\">%s</label>", company);
	ck_assert_msg((q = strstr(h.body, label)) != NULL, "%s", company);
	/* The label's for="mID" is just before it. */
	for (p = q; p > h.body && strncmp(p, "for=\"m", 6) != 0; p--)
		;
	ck_assert(p > h.body);
	{
		long	 id = atol(p + 6);

		http_free(&h);
		return id;
	}
}

static void
choose(const char *jar, long id, int status)
{
	struct http	 h;
	char		 form[64];

	snprintf(form, sizeof(form), "-d membership=%ld", id);
	post_form(jar, "/identity", "/identity", form, status, &h);
	http_free(&h);
}

START_TEST(test_identity_page_lists_all_identities_of_the_person)
{
	struct http	 h;
	long		 ids[8];

	login_ok("list", "13900000005", DEMO_PW);
	http("list", "/identity", NULL, 200, &h);
	ck_assert(http_has(&h, "关联公司及身份选择"));
	ck_assert(http_has(&h, "孙演示"));
	ck_assert(http_has(&h, "未选择身份"));
	ck_assert_int_eq(membership_ids(&h, ids, 8), 3);
	ck_assert(http_has(&h, ">辽宁演示建设工程有限公司</label>"));
	ck_assert(http_has(&h, ">大连演示招标代理有限公司</label>"));
	ck_assert(http_has(&h, ">个人</label>"));
	ck_assert(http_has(&h, ">管理员</span>"));
	ck_assert(http_has(&h, ">项目负责人或授权委托人</span>"));
	http_free(&h);
}
END_TEST

START_TEST(test_chosen_identity_shows_in_header)
{
	char	*s;

	login_ok("pick", "13900000005", DEMO_PW);
	choose("pick", identity_of("pick", "辽宁演示建设工程有限公司"), 303);
	s = header_identity("pick");
	ck_assert_msg(strstr(s, "辽宁演示建设工程有限公司") != NULL &&
	    strstr(s, "管理员") != NULL, "%s", s);
	free(s);
}
END_TEST

START_TEST(test_identity_can_be_switched)
{
	char	*s;

	login_ok("switch", "13900000005", DEMO_PW);
	choose("switch", identity_of("switch", "辽宁演示建设工程有限公司"),
	    303);
	choose("switch", identity_of("switch", "大连演示招标代理有限公司"),
	    303);
	s = header_identity("switch");
	ck_assert_msg(strstr(s, "大连演示招标代理有限公司") != NULL &&
	    strstr(s, "项目负责人或授权委托人") != NULL &&
	    strstr(s, "辽宁") == NULL && strstr(s, "管理员") == NULL,
	    "%s", s);
	free(s);
	choose("switch", identity_of("switch", "个人"), 303);
	s = header_identity("switch");
	ck_assert_msg(strstr(s, "个人") != NULL &&
	    strstr(s, "usernav-company") == NULL, "%s", s);
	free(s);
}
END_TEST

START_TEST(test_choosing_someone_elses_membership_is_refused)
{
	struct http	 h;
	long		 theirs, mine;
	char		*before, *after, form[64];

	login_ok("other-1", "13900000001", DEMO_PW);
	theirs = identity_of("other-1", "辽宁演示建设工程有限公司");
	login_ok("other-5", "13900000005", DEMO_PW);
	mine = identity_of("other-5", "大连演示招标代理有限公司");
	ck_assert(theirs != mine);
	choose("other-5", mine, 303);
	before = header_identity("other-5");
	snprintf(form, sizeof(form), "-d membership=%ld", theirs);
	post_form("other-5", "/identity", "/identity", form, 403, &h);
	http_free(&h);
	/* Ids that belong to nobody, or are not ids at all. */
	post_form("other-5", "/identity", "/identity", "-d membership=999999",
	    403, &h);
	http_free(&h);
	post_form("other-5", "/identity", "/identity", "-d membership=-1", 0,
	    &h);
	ck_assert(h.status == 200 || h.status == 400 || h.status == 403);
	http_free(&h);
	after = header_identity("other-5");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_login_without_csrf_is_refused)
{
	struct http	 h;

	http("nocsrf", "/login", NULL, 200, &h);
	http_free(&h);
	login_post("nocsrf", "-d mobile=13900000002 --data-urlencode "
	    "'password=" DEMO_PW "' -d agree=1", NULL, &h);
	ck_assert_int_eq(h.status, 403);
	ck_assert(!set_sid(&h, (char[SID_LEN + 1]){ 0 }, NULL, 0));
	http_free(&h);
	ck_assert(!logged_in("nocsrf"));
}
END_TEST

/* ==== accounts (in the anonymous and reset TCases) =============== */

START_TEST(test_registered_account_can_log_in)
{
	struct http	 h;
	char		 code[7];

	register_request("newbie", "13822220001", code, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "短信已发送"));
	http_free(&h);
	ck_assert(code[0] != '\0');
	register_verify("newbie", "13822220001", code, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/login?notice=registered"));
	http_free(&h);
	code_only_in_outbox(code);
	http("newbie", "/login?notice=registered", NULL, 200, &h);
	ck_assert(http_has(&h, "注册成功，请登录"));
	http_free(&h);
	login_ok("newbie", "13822220001", NEW_PW);
	http("newbie", "/identity", NULL, 200, &h);
	ck_assert(http_has(&h, "测试用户"));
	ck_assert(http_has(&h, ">个人</label>"));
	http_free(&h);
}
END_TEST

START_TEST(test_password_reset_ends_other_sessions_and_new_password_works)
{
	struct http	 h;
	char		 code[7];

	login_ok("victim", "13900000005", DEMO_PW);
	ck_assert(logged_in("victim"));
	reset_request("resetter", "13900000005", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	reset_verify("resetter", "13900000005", code, NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	ck_assert(http_location_is(&h, "/login?notice=password_reset"));
	http_free(&h);
	code_only_in_outbox(code);
	ck_assert(!logged_in("victim"));
	http("resetter", "/login?notice=password_reset", NULL, 200, &h);
	ck_assert(http_has(&h, "密码已重置，请使用新密码登录"));
	http_free(&h);
	login_ok("resetter", "13900000005", NEW_PW);
}
END_TEST

START_TEST(test_old_password_fails_after_reset)
{
	struct http	 h;
	char		 code[7];

	reset_request("old", "13900000002", code, &h);
	http_free(&h);
	ck_assert(code[0] != '\0');
	reset_verify("old", "13900000002", code, NEW_PW, &h);
	ck_assert_int_eq(h.status, 303);
	http_free(&h);
	login("old", "13900000002", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "手机号或密码错误"));
	http_free(&h);
	ck_assert(!logged_in("old"));
}
END_TEST

START_TEST(test_pages_needing_an_identity_send_to_the_chooser)
{
	struct http	 h;

	login_ok("noid", "13900000005", DEMO_PW);
	http("noid", "/certs", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
	http("noid", "/me", NULL, 303, &h);
	ck_assert(http_location_is(&h, "/identity"));
	http_free(&h);
}
END_TEST

/* ==== lock: 6 POSTs to /login ===================================== */

START_TEST(test_five_failures_lock_the_account_even_for_right_password)
{
	struct http	 h;
	int		 i;

	for (i = 0; i < 5; i++) {
		/* After the 3rd failure, attempts 2 s then 4 s apart. */
		if (i == 3)
			sleep(2);
		if (i == 4)
			sleep(4);
		login("lock", "13900000004", "Wrong@2026", &h);
		ck_assert_msg(http_has(&h, "手机号或密码错误"), "attempt %d", i + 1);
		http_free(&h);
	}
	login("lock", "13900000004", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "账号已暂时锁定"));
	ck_assert(!set_sid(&h, (char[SID_LEN + 1]){ 0 }, NULL, 0));
	http_free(&h);
	ck_assert(!logged_in("lock"));
}
END_TEST

START_TEST(test_unknown_mobile_is_throttled_like_an_account)
{
	struct http	 h;
	int		 i;

	/* Same answers, in the same order, as for 13900000004 above. */
	for (i = 0; i < 5; i++) {
		if (i == 3)
			sleep(2);
		if (i == 4)
			sleep(4);
		login("ghost", "13911112222", "Wrong@2026", &h);
		ck_assert_msg(http_has(&h, "手机号或密码错误"), "attempt %d",
		    i + 1);
		http_free(&h);
	}
	login("ghost", "13911112222", DEMO_PW, &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "账号已暂时锁定"));
	http_free(&h);
}
END_TEST

/* ==== slow-down (in the reset TCase): 5 POSTs to /login ========== */

START_TEST(test_attempts_after_the_third_failure_must_wait)
{
	struct http	 h;
	int		 i;

	for (i = 0; i < 3; i++) {
		login("slow", "13900000003", "Wrong@2026", &h);
		ck_assert(http_has(&h, "手机号或密码错误"));
		http_free(&h);
	}
	/* At once: refused without a password check, no worker sleeps. */
	login("slow", "13900000003", "Wrong@2026", &h);
	ck_assert_int_eq(h.status, 429);
	ck_assert(http_has(&h, "操作过于频繁"));
	http_free(&h);
	/* Two seconds later the account takes an attempt again. */
	sleep(2);
	login("slow", "13900000003", "Wrong@2026", &h);
	ck_assert_int_eq(h.status, 200);
	ck_assert(http_has(&h, "手机号或密码错误"));
	http_free(&h);
}
END_TEST

static TCase *
stack_tcase(Suite *s, const char *name)
{
	TCase	*tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tc;
}

int
main(void)
{
	Suite	*s = suite_create("auth");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = stack_tcase(s, "anonymous");
	tcase_add_test(tc,
	    test_first_visit_sets_host_only_secure_session_cookie);
	tcase_add_test(tc, test_session_is_kept_across_requests);
	tcase_add_test(tc, test_session_id_is_stored_only_as_hash);
	tcase_add_test(tc, test_anonymous_identity_page_redirects_to_login);
	tcase_add_test(tc, test_anonymous_is_sent_to_login_from_private_pages);
	tcase_add_test(tc, test_forged_session_cookie_is_ignored);
	tcase_add_test(tc, test_post_without_session_is_refused);
	tcase_add_test(tc, test_registration_without_csrf_creates_no_account);
	tcase_add_test(tc,
	    test_registration_with_another_sessions_csrf_is_refused);
	tcase_add_test(tc, test_registration_with_malformed_csrf_is_refused);
	tcase_add_test(tc, test_register_page_asks_for_the_number_first);
	tcase_add_test(tc, test_register_code_page_shows_the_password_rules);
	tcase_add_test(tc, test_registration_with_bad_mobile_is_refused);
	tcase_add_test(tc, test_registration_with_weak_password_is_refused);
	tcase_add_test(tc,
	    test_registration_with_mismatched_passwords_is_refused);
	tcase_add_test(tc,
	    test_registration_asks_the_same_for_registered_and_new_numbers);
	tcase_add_test(tc,
	    test_registration_without_the_right_code_creates_no_account);
	tcase_add_test(tc, test_registration_code_dies_after_five_wrong_tries);
	tcase_add_test(tc, test_registration_without_agreement_is_refused);
	tcase_add_test(tc, test_registration_attempts_are_limited_per_address);
	tcase_add_test(tc, test_nginx_rate_limits_register_posts);
	tcase_add_test(tc, test_reset_code_is_stored_keyed_and_salted);
	tcase_add_test(tc,
	    test_reset_request_for_unregistered_number_looks_the_same);
	tcase_add_test(tc, test_second_code_within_a_minute_is_not_sent);
	tcase_add_test(tc, test_reset_with_wrong_code_is_refused);
	tcase_add_test(tc, test_reset_code_cannot_be_reused);
	tcase_add_test(tc, test_reset_code_dies_after_five_wrong_tries);
	tcase_add_test(tc, test_reset_with_weak_new_password_is_refused);
	tcase_add_test(tc, test_registered_account_can_log_in);	/* 1 */
	tcase_add_test(tc, test_old_password_fails_after_reset);	/* 1 */
	tcase_add_test(tc,					/* 1 */
	    test_pages_needing_an_identity_send_to_the_chooser);
	tcase_add_test(tc, test_nginx_rate_limits_login_posts);	/* last */

	tc = stack_tcase(s, "login");
	tcase_add_test(tc,					/* 2 */
	    test_wrong_password_and_unknown_mobile_get_the_same_answer);
	tcase_add_test(tc, test_login_without_agreement_is_refused);	/* 1 */
	tcase_add_test(tc,					/* 1 */
	    test_login_issues_new_session_id_and_old_one_is_dead);
	tcase_add_test(tc, test_logout_without_csrf_leaves_session_alive);
	tcase_add_test(tc, test_logout_ends_the_session);		/* 1 */
	tcase_add_test(tc, test_idle_session_expires_after_thirty_minutes);
	tcase_add_test(tc,
	    test_session_ends_twelve_hours_after_login_even_if_used);

	tc = stack_tcase(s, "identity");
	tcase_add_test(tc,					/* 1 */
	    test_identity_page_lists_all_identities_of_the_person);
	tcase_add_test(tc, test_chosen_identity_shows_in_header);	/* 1 */
	tcase_add_test(tc, test_identity_can_be_switched);		/* 1 */
	tcase_add_test(tc,					/* 2 */
	    test_choosing_someone_elses_membership_is_refused);
	tcase_add_test(tc, test_login_without_csrf_is_refused);	/* 1 */

	tc = stack_tcase(s, "lock");
	tcase_add_test(tc,					/* 6 */
	    test_five_failures_lock_the_account_even_for_right_password);
	tcase_add_test(tc, test_unknown_mobile_is_throttled_like_an_account);

	tc = stack_tcase(s, "reset");
	tcase_add_test(tc,					/* 2 */
	    test_password_reset_ends_other_sessions_and_new_password_works);
	/* Last: it leaves four failures on this address. */
	tcase_add_test(tc, test_attempts_after_the_third_failure_must_wait);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr) + stack_sanitizer_reports();
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
