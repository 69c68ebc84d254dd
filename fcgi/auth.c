/*
 * auth.c: accounts and logging in — 账号登录, 退出, 注册账号, 忘记密码 and
 * 关联公司及身份选择.  (CA登录 is calogin.c; the 加入申请 behind its
 * "+ 新增" is join.c.)
 *
 * Rules kept here:
 * - A wrong password and an unknown account give the same message, and
 *   both cost one password derivation, so neither the words nor the time
 *   tell which it was; an unknown number is counted, slowed down and
 *   locked like an account too (a throttle row "m:MOBILE").
 * - Failures are counted per account (PWCHECK_ACCOUNT_MAX in a row lock it
 *   for PWCHECK_LOCK seconds; a lock that ran out starts a new count) and
 *   per client address (PWCHECK_ADDR_MAX within PWCHECK_WINDOW lock the
 *   address for PWCHECK_LOCK); after PWCHECK_SLOW_AFTER failures an account
 *   accepts an attempt only 2, 4, 8 ... 64 s after its last failure
 *   (refused at once otherwise, so no worker sleeps).  nginx rate-limits
 *   POST /login as well.
 * - Logging in starts a new session id (no fixation); logging out deletes
 *   the session.  Every change is one transaction with one audit record.
 * - One-time codes (password reset, registration) go through sms_send()
 *   (sms.h) and are stored only as a keyed, salted hash (smscode.h); a
 *   code works once (deleted when used), for AUTH_CODE_TTL seconds.  Per
 *   person (reset) or number (registration) and hour (AUTH_CODE_WINDOW)
 *   at most AUTH_CODE_SENDS codes are sent, at least AUTH_CODE_GAP
 *   seconds apart, and AUTH_CODE_TRIES guesses are allowed in all, so
 *   asking for new codes buys no new guesses.  Neither a code nor a
 *   message text is ever logged.
 * - Asking for a code says the same thing whether or not the number is
 *   registered.  Registration takes two steps: a code to the number
 *   first (a registered number gets, instead, a message saying someone
 *   tried to register it; both branches make, hash and store a code the
 *   same way), then code + name + password; so no account exists
 *   without a code sent to its number.  Code requests and wrong codes
 *   at registration are counted per client address like failed logins
 *   (a throttle row "r:ADDR", PWCHECK_ADDR_MAX within PWCHECK_WINDOW).  nginx
 *   rate-limits POSTs here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "fcgi/appdb.h"
#include "fcgi/auth.h"
#include "fcgi/loginpage.h"
#include "fcgi/param.h"
#include "fcgi/pwcheck.h"
#include "fcgi/pwhash.h"
#include "fcgi/session.h"
#include "fcgi/shtime.h"
#include "fcgi/sms.h"
#include "fcgi/smscode.h"
#include "fcgi/xml.h"
#include "lib/log.h"

#define AUTH_CODE_TTL		(10 * 60)
#define AUTH_CODE_TRIES		5
#define AUTH_CODE_SENDS		5
#define AUTH_CODE_GAP		60
#define AUTH_CODE_WINDOW	3600

/* ---- shared pieces ---- */

/* Starts a page document with the header pieces.  NULL on failure. */
static xmlDocPtr
doc_new(struct ctx *c, const char *name, xmlNodePtr *root)
{
	xmlDocPtr	 doc;

	if ((doc = xml_page_new(name, root)) == NULL)
		return NULL;
	if (page_common(c, *root) == -1) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* ---- 账号登录 ---- */

int
auth_login_form(struct ctx *c)
{
	static const char *const notices[] = {
		"logged_out", "password_reset", "registered", NULL
	};
	const char	*notice = param_text(c->in, KEY_NOTICE);
	int		 tab = param_enum(c->in, KEY_TAB), i;

	if (tab != PARAM_TAB_CA)
		tab = PARAM_TAB_PASSWORD;
	/* Someone logged in has nothing to do on 账号登录: home.  CA登录
	 * stays open to them, to change to a certificate session (an
	 * operator who logged in by password needs one for the queue). */
	if (c->sess != NULL && c->sess->person != 0 &&
	    tab == PARAM_TAB_PASSWORD)
		return page_redirect(c, "/");
	for (i = 0; notice != NULL && notices[i] != NULL; i++)
		if (strcmp(notice, notices[i]) == 0)
			break;
	if (notice != NULL && notices[i] == NULL)
		notice = NULL;
	return loginpage_render(c, 200, param_enum_name(KEY_TAB, tab), NULL,
	    notice, NULL);
}

int
auth_login(struct ctx *c)
{
	struct appdb_auth	 a;
	struct appdb_throttle	 t, tm;
	static struct session	 st;	/* c->sess may point here */
	const char		*mobile = param_text(c->in, KEY_MOBILE);
	const char		*pw = param_text(c->in, KEY_PASSWORD);
	char			 detail[96], key[16];
	long long		 now = (long long)time(NULL);
	int			 ok;

	/* "" stands for a number missing or not a mobile number. */
	if (mobile == NULL)
		mobile = "";
	if (!param_flag(c->in, KEY_AGREE))
		return loginpage_render(c, 200, "password", "agree_required",
		    NULL, mobile);
	if (appdb_throttle_get(c->db, pwcheck_addr(c), &t) == -1)
		return -1;
	if (t.locked_until > now)
		return loginpage_render(c, 429, "password", "rate_limited",
		    NULL, mobile);
	memset(&a, 0, sizeof(a));
	if (*mobile != '\0' && appdb_person_auth(c->db, mobile, &a) == -1)
		return -1;
	if (a.id == 0 && *mobile != '\0') {
		/* An unknown number gets the same counting as an account. */
		pwcheck_mobile_key(mobile, key);
		if (appdb_throttle_get(c->db, key, &tm) == -1)
			return -1;
		a.failed_logins = tm.failures;
		a.last_failed_at = tm.last_at;
		a.locked_until = tm.locked_until;
	}
	/*
	 * Slow down without holding a worker: after PWCHECK_SLOW_AFTER failures
	 * an account takes no attempt until 2, 4, 8 ... 64 s have passed
	 * since the last failure (whole seconds: at least 1 s really).
	 */
	if (a.failed_logins >= PWCHECK_SLOW_AFTER &&
	    a.locked_until <= now && now - a.last_failed_at <
	    (2LL << (a.failed_logins - PWCHECK_SLOW_AFTER < 5 ?
	    a.failed_logins - PWCHECK_SLOW_AFTER : 5)))
		return loginpage_render(c, 429, "password", "rate_limited",
		    NULL, mobile);
	/* Always derive once, so timing does not reveal the account. */
	ok = pwhash_verify(pw != NULL ? pw : "", a.pw_hash[0] != '\0' ?
	    a.pw_hash : NULL);
	if (a.locked_until > now) {
		/* Counted for the address only: it must not extend the lock. */
		if (pwcheck_failed(c, 0, mobile, 0, "locked") == -1)
			return -1;
		return loginpage_render(c, 200, "password", "locked", NULL,
		    mobile);
	}
	if (!ok || a.id == 0) {
		if (pwcheck_failed(c, a.id, mobile, 1, a.id == 0 ? "unknown" :
		    "password") == -1)
			return -1;
		return loginpage_render(c, 200, "password", "bad_credentials",
		    NULL, mobile);
	}
	snprintf(detail, sizeof(detail), "person=%lld addr=%s", a.id,
	    pwcheck_addr(c));
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_person_ok(c->db, a.id) == -1 ||
	    session_start(c, a.id, &st) == -1 ||
	    appdb_audit(c->db, "web", "login", detail) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (appdb_commit(c->db) == -1)
		return -1;
	return page_redirect(c, "/identity");
}

int
auth_logout(struct ctx *c)
{
	char	 detail[64];

	if (c->sess != NULL && c->sess->person != 0) {
		snprintf(detail, sizeof(detail), "person=%lld",
		    c->sess->person);
		if (appdb_begin(c->db) == -1)
			return -1;
		if (session_end(c) == -1 ||
		    appdb_audit(c->db, "web", "logout", detail) == -1) {
			appdb_rollback(c->db);
			return -1;
		}
		if (appdb_commit(c->db) == -1)
			return -1;
	} else if (session_end(c) == -1)
		return -1;
	return page_redirect(c, "/login?notice=logged_out");
}

/* ---- one-time SMS codes, shared by 注册账号 and 忘记密码 ---- */

/*
 * 1 if another code may be sent now for a subject whose last one is
 * prev (have: whether there is one), 0 if it is too soon after the last
 * or too many were sent this hour.
 */
static int
code_may_send(int have, const struct appdb_reset *prev, long long now)
{
	return have != 1 || (now - prev->sent_at >= AUTH_CODE_GAP &&
	    (now - prev->window_start >= AUTH_CODE_WINDOW ||
	    prev->sends < AUTH_CODE_SENDS));
}

/* The application secret codes are keyed with; NULL (logged) if none. */
static const unsigned char *
code_key(const struct ctx *c)
{
	if (!c->conf->has_app_key) {
		log_err("auth: no application secret (webd -k): no SMS codes");
		return NULL;
	}
	return c->conf->app_key;
}

/* ---- 注册账号 ---- */

/*
 * Renders /register at step "request" (the number) or "verify" (code,
 * name, password), with an optional error and notice code; refills the
 * mobile and name (only if well-formed), never the password or code.
 */
static int
register_page(struct ctx *c, int status, const char *step,
    const char *error, const char *notice)
{
	static struct session st;	/* c->sess may point here */
	xmlDocPtr	 doc;
	xmlNodePtr	 root, reg, n;
	const char	*mobile = param_text(c->in, KEY_MOBILE);
	const char	*name = param_text(c->in, KEY_PERSON_NAME);

	if (session_need(c, &st) == NULL)
		return -1;
	if ((doc = doc_new(c, "register", &root)) == NULL)
		return -1;
	if ((reg = xml_add(root, "register", NULL)) == NULL ||
	    xml_attr(reg, "step", step) == -1)
		goto fail;
	if (mobile != NULL && xml_add(reg, "mobile", mobile) == NULL)
		goto fail;
	if (name != NULL && xml_add(reg, "name", name) == NULL)
		goto fail;
	if (error != NULL && ((n = xml_add(reg, "error", NULL)) == NULL ||
	    xml_attr(n, "code", error) == -1))
		goto fail;
	if (notice != NULL && ((n = xml_add(reg, "notice", NULL)) == NULL ||
	    xml_attr(n, "code", notice) == -1))
		goto fail;
	return page_render(c, status, SHEET_REGISTER, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
auth_register_form(struct ctx *c)
{
	return register_page(c, 200, "request", NULL, NULL);
}

/* The throttle row counting registration attempts from this address. */
static void
register_addr_key(const struct ctx *c, char key[65])
{
	snprintf(key, 65, "r:%s", pwcheck_addr(c));
}

/* 1 if this address may try to register now, 0 if it is locked, -1. */
static int
register_addr_ok(struct ctx *c, long long now)
{
	struct appdb_throttle	 t;
	char			 key[65];

	register_addr_key(c, key);
	if (appdb_throttle_get(c->db, key, &t) == -1)
		return -1;
	return t.locked_until > now ? 0 : 1;
}

/*
 * Step 1: a code for mobile.  A free number gets a code by SMS; a
 * registered one gets a message saying that someone tried to register
 * it, and no code.  Both make, hash and store a code alike (the stored
 * code of a registered number is never sent and step 2 refuses it), and
 * the page is the same.
 */
static int
register_send(struct ctx *c, const char *mobile)
{
	struct appdb_reset	 prev;
	const unsigned char	*key;
	char			 code[SMSCODE_LEN + 1];
	char			 salt[SMSCODE_SALT_LEN + 1];
	char			 hash[SMSCODE_HASH_LEN + 1], text[256];
	char			 detail[160], addr[65];
	long long		 person, now = (long long)time(NULL);
	int			 have, send, r, rc = -1;

	memset(code, 0, sizeof(code));
	memset(text, 0, sizeof(text));
	if ((r = register_addr_ok(c, now)) != 1)
		return r == 0 ? register_page(c, 429, "request",
		    "rate_limited", NULL) : -1;
	if ((key = code_key(c)) == NULL)
		return page_error(c, 503);
	if ((person = appdb_person_id(c->db, mobile)) == -1 ||
	    (have = appdb_signup_get(c->db, mobile, &prev)) == -1)
		return -1;
	send = code_may_send(have, &prev, now);
	if (smscode_new(code, salt) == -1 ||
	    smscode_hash(key, SMSCODE_SIGNUP, mobile, salt, code, hash) == -1)
		goto out;
	register_addr_key(c, addr);
	/* Whether the number is registered stays out: the audit record is
	 * logged too. */
	snprintf(detail, sizeof(detail), "mobile=%s addr=%s sent=%d", mobile,
	    pwcheck_addr(c), send);
	if (appdb_begin(c->db) == -1)
		goto out;
	if ((send && appdb_signup_set(c->db, mobile, hash, salt,
	    now + AUTH_CODE_TTL, now, AUTH_CODE_WINDOW) == -1) ||
	    appdb_throttle_fail(c->db, addr, now, PWCHECK_WINDOW, PWCHECK_ADDR_MAX,
	    PWCHECK_LOCK) == -1 ||
	    appdb_audit(c->db, "web", "register.code", detail) == -1) {
		appdb_rollback(c->db);
		goto out;
	}
	if (appdb_commit(c->db) == -1)
		goto out;
	if (send) {
		if (person == 0)
			snprintf(text, sizeof(text), "【辽宁省网联】您正在注册"
			    "账号，验证码为%s，10分钟内有效。如非本人操作，"
			    "请忽略本短信。", code);
		else
			snprintf(text, sizeof(text), "【辽宁省网联】有人正在用"
			    "本手机号注册账号。本手机号已注册，无需再次注册；"
			    "如忘记密码，请在登录页点击“忘记密码”找回。如非"
			    "本人操作，请忽略本短信。");
		/* A failure is logged; the answer must not differ. */
		(void)sms_send(c->conf->sms_outbox, mobile, text);
	}
	rc = register_page(c, 200, "verify", NULL, "code_sent");
out:
	OPENSSL_cleanse(code, sizeof(code));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

/* A wrong or expired code at step 2: counted for the address. */
static int
register_wrong(struct ctx *c, const char *mobile, const char *why)
{
	char		 addr[65], detail[160];
	long long	 now = (long long)time(NULL);

	register_addr_key(c, addr);
	snprintf(detail, sizeof(detail), "mobile=%s addr=%s reason=%s",
	    mobile, pwcheck_addr(c), why);
	if (appdb_begin(c->db) == -1)
		return -1;
	if (appdb_throttle_fail(c->db, addr, now, PWCHECK_WINDOW, PWCHECK_ADDR_MAX,
	    PWCHECK_LOCK) == -1 ||
	    appdb_audit(c->db, "web", "register.fail", detail) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (appdb_commit(c->db) == -1)
		return -1;
	return register_page(c, 200, "verify", "code", NULL);
}

/* Step 2: the code, name, password and agreement make the account. */
static int
register_verify(struct ctx *c, const char *mobile)
{
	const char		*code = param_text(c->in, KEY_SMS_CODE);
	const char		*name = param_text(c->in, KEY_PERSON_NAME);
	const char		*pw = param_text(c->in, KEY_NEW_PASSWORD);
	const char		*pw2 = param_text(c->in, KEY_PASSWORD2);
	const unsigned char	*key;
	struct appdb_reset	 rs;
	char			*hash = NULL, detail[96];
	long long		 id = 0, existing, now = (long long)time(NULL);
	int			 r, ok, rc = -1;

	if (code == NULL)
		return register_page(c, 200, "verify", "code", NULL);
	if (name == NULL)
		return register_page(c, 200, "verify", "name", NULL);
	if (pw == NULL)
		return register_page(c, 200, "verify", "password_rules",
		    NULL);
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		return register_page(c, 200, "verify", "password_mismatch",
		    NULL);
	if (!param_flag(c->in, KEY_AGREE))
		return register_page(c, 200, "verify", "agree_required",
		    NULL);
	if ((r = register_addr_ok(c, now)) != 1)
		return r == 0 ? register_page(c, 429, "verify",
		    "rate_limited", NULL) : -1;
	if ((key = code_key(c)) == NULL)
		return page_error(c, 503);
	if ((r = appdb_signup_get(c->db, mobile, &rs)) == -1)
		return -1;
	if (r == 0 || rs.expires_at < now)
		return register_wrong(c, mobile, "no code");
	/* Use up a guess first, atomically: parallel guesses cannot pass
	 * AUTH_CODE_TRIES. */
	if ((r = appdb_signup_attempt(c->db, mobile, AUTH_CODE_TRIES)) == -1)
		return -1;
	if (r == 0)
		return register_wrong(c, mobile, "no tries left");
	if ((existing = appdb_person_id(c->db, mobile)) == -1)
		return -1;
	ok = smscode_check(key, SMSCODE_SIGNUP, mobile, rs.salt, code,
	    rs.code_hash);
	/* A registered number's code was never sent: nothing to match. */
	if (!ok || existing != 0)
		return register_wrong(c, mobile, "code");
	if ((hash = pwhash_make(pw)) == NULL)
		return -1;
	if (appdb_begin(c->db) == -1)
		goto out;
	if (appdb_person_add(c->db, mobile, name, hash, &id) == -1 ||
	    appdb_membership_add(c->db, id, 0, APPDB_ROLE_PERSONAL, NULL) ==
	    -1) {
		appdb_rollback(c->db);
		/* A double click: the first request took the number.  Only
		 * the holder of the code sees this. */
		if (appdb_refused(c->db))
			rc = register_page(c, 200, "verify", "mobile_taken",
			    NULL);
		goto out;
	}
	snprintf(detail, sizeof(detail), "person=%lld mobile=%s", id, mobile);
	if (appdb_signup_del(c->db, mobile) == -1 ||
	    appdb_audit(c->db, "web", "register", detail) == -1) {
		appdb_rollback(c->db);
		goto out;
	}
	if (appdb_commit(c->db) == -1)
		goto out;
	rc = page_redirect(c, "/login?notice=registered");
out:
	free(hash);
	return rc;
}

int
auth_register(struct ctx *c)
{
	const char	*mobile = param_text(c->in, KEY_MOBILE);
	int		 verify = param_enum(c->in, KEY_STEP) ==
			    PARAM_STEP_VERIFY;

	if (mobile == NULL)
		return register_page(c, 200, verify ? "verify" : "request",
		    "mobile", NULL);
	return verify ? register_verify(c, mobile) : register_send(c, mobile);
}

/* ---- 忘记密码 ---- */

static int
reset_page(struct ctx *c, int status, const char *step, const char *error,
    const char *notice)
{
	static struct session st;	/* c->sess may point here */
	xmlDocPtr	 doc;
	xmlNodePtr	 root, r, n;
	const char	*mobile = param_text(c->in, KEY_MOBILE);

	if (session_need(c, &st) == NULL)
		return -1;
	if ((doc = doc_new(c, "reset", &root)) == NULL)
		return -1;
	if ((r = xml_add(root, "reset", NULL)) == NULL ||
	    xml_attr(r, "step", step) == -1)
		goto fail;
	if (mobile != NULL && xml_add(r, "mobile", mobile) == NULL)
		goto fail;
	if (error != NULL && ((n = xml_add(r, "error", NULL)) == NULL ||
	    xml_attr(n, "code", error) == -1))
		goto fail;
	if (notice != NULL && ((n = xml_add(r, "notice", NULL)) == NULL ||
	    xml_attr(n, "code", notice) == -1))
		goto fail;
	return page_render(c, status, SHEET_RESET, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
auth_reset_form(struct ctx *c)
{
	return reset_page(c, 200, "request", NULL, NULL);
}

static int
reset_send(struct ctx *c, const char *mobile)
{
	struct appdb_reset	 prev;
	const unsigned char	*key;
	char			 code[SMSCODE_LEN + 1];
	char			 salt[SMSCODE_SALT_LEN + 1];
	char			 hash[SMSCODE_HASH_LEN + 1], text[128];
	char			 subject[24], detail[64];
	long long		 person, now = (long long)time(NULL);
	int			 have = 0, rc = -1;

	memset(code, 0, sizeof(code));
	memset(text, 0, sizeof(text));
	if ((key = code_key(c)) == NULL)
		return page_error(c, 503);
	if ((person = appdb_person_id(c->db, mobile)) == -1)
		return -1;
	if (person > 0 && (have = appdb_reset_get(c->db, person, &prev)) ==
	    -1)
		return -1;
	/* Too soon after the last code, or too many this hour: no SMS. */
	if (person > 0 && !code_may_send(have, &prev, now))
		person = 0;
	if (person > 0) {
		snprintf(subject, sizeof(subject), "%lld", person);
		if (smscode_new(code, salt) == -1 ||
		    smscode_hash(key, SMSCODE_RESET, subject, salt, code,
		    hash) == -1)
			goto out;
		snprintf(detail, sizeof(detail), "person=%lld", person);
		if (appdb_begin(c->db) == -1)
			goto out;
		if (appdb_reset_set(c->db, person, hash, salt,
		    now + AUTH_CODE_TTL, now, AUTH_CODE_WINDOW) == -1 ||
		    appdb_audit(c->db, "web", "password.code", detail) == -1) {
			appdb_rollback(c->db);
			goto out;
		}
		if (appdb_commit(c->db) == -1)
			goto out;
		snprintf(text, sizeof(text), "【辽宁省网联】您的验证码为%s，"
		    "10分钟内有效。", code);
		/* A failure is logged; the answer must not differ. */
		(void)sms_send(c->conf->sms_outbox, mobile, text);
	}
	/* The same answer whether or not the number is registered. */
	rc = reset_page(c, 200, "verify", NULL, "code_sent");
out:
	OPENSSL_cleanse(code, sizeof(code));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

static int
reset_verify(struct ctx *c, const char *mobile)
{
	const char		*code = param_text(c->in, KEY_SMS_CODE);
	const char		*pw = param_text(c->in, KEY_NEW_PASSWORD);
	const char		*pw2 = param_text(c->in, KEY_PASSWORD2);
	const unsigned char	*key;
	struct appdb_reset	 rs;
	char			*hash = NULL, detail[64], subject[24];
	long long		 person, now = (long long)time(NULL);
	int			 r, rc = -1;

	if (code == NULL)
		return reset_page(c, 200, "verify", "code", NULL);
	if (pw == NULL)
		return reset_page(c, 200, "verify", "password_rules", NULL);
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		return reset_page(c, 200, "verify", "password_mismatch", NULL);
	if ((key = code_key(c)) == NULL)
		return page_error(c, 503);
	if ((person = appdb_person_id(c->db, mobile)) == -1)
		return -1;
	r = person > 0 ? appdb_reset_get(c->db, person, &rs) : 0;
	if (r == -1)
		return -1;
	if (r == 0 || rs.expires_at < now)
		return reset_page(c, 200, "verify", "code", NULL);
	/* Use up a guess first, atomically: parallel guesses cannot pass
	 * AUTH_CODE_TRIES. */
	if ((r = appdb_reset_attempt(c->db, person, AUTH_CODE_TRIES)) == -1)
		return -1;
	if (r == 0)
		return reset_page(c, 200, "verify", "code", NULL);
	snprintf(subject, sizeof(subject), "%lld", person);
	if (!smscode_check(key, SMSCODE_RESET, subject, rs.salt, code,
	    rs.code_hash))
		return reset_page(c, 200, "verify", "code", NULL);
	if ((hash = pwhash_make(pw)) == NULL)
		return -1;
	snprintf(detail, sizeof(detail), "person=%lld", person);
	if (appdb_begin(c->db) == -1)
		goto out;
	if (appdb_person_set_pw(c->db, person, hash) == -1 ||
	    appdb_reset_del(c->db, person) == -1 ||
	    appdb_session_del_person(c->db, person) == -1 ||
	    appdb_audit(c->db, "web", "password.reset", detail) == -1) {
		appdb_rollback(c->db);
		goto out;
	}
	if (appdb_commit(c->db) == -1)
		goto out;
	rc = page_redirect(c, "/login?notice=password_reset");
out:
	free(hash);
	return rc;
}

int
auth_reset(struct ctx *c)
{
	const char	*mobile = param_text(c->in, KEY_MOBILE);
	int		 verify = param_enum(c->in, KEY_STEP) ==
			    PARAM_STEP_VERIFY;

	if (mobile == NULL)
		return reset_page(c, 200, verify ? "verify" : "request",
		    "mobile", NULL);
	if (verify)
		return reset_verify(c, mobile);
	return reset_send(c, mobile);
}

/* ---- 关联公司及身份选择 ---- */

struct id_list {
	xmlNodePtr	 parent;
	long long	 current;
	int		 n;
};

static int
add_identity(void *arg, const struct appdb_identity *id)
{
	struct id_list	*l = arg;
	xmlNodePtr	 n;

	if (id->role == APPDB_ROLE__MAX)
		return 0;
	if ((n = xml_add(l->parent, "identity", NULL)) == NULL ||
	    xml_attr_int(n, "id", id->membership) == -1 ||
	    xml_attr(n, "role", appdb_role_name(id->role)) == -1 ||
	    xml_attr(n, "company", id->company_name) == -1 ||
	    xml_attr(n, "uscc", id->uscc) == -1 ||
	    (id->membership == l->current &&
	    xml_attr(n, "current", "1") == -1))
		return -1;
	l->n++;
	return 0;
}

#define AUTH_JOINS_SHOWN	50	/* 加入申请 listed on the page */

/* One of the person's 加入申请 (pending, or decided and not dismissed). */
static int
add_join(void *arg, const struct appdb_join *j)
{
	static const char *const states[] = { "pending", "approved",
	    "refused" };
	xmlNodePtr	 parent = arg, e;
	char		 at[SHTIME_BUFSZ];

	if ((e = xml_add(parent, "join", NULL)) == NULL ||
	    xml_attr_int(e, "id", j->id) == -1 ||
	    xml_attr(e, "state", states[j->state]) == -1 ||
	    xml_attr(e, "role", appdb_role_name(j->role)) == -1 ||
	    xml_attr(e, "company", j->company_name) == -1 ||
	    xml_attr(e, "uscc", j->uscc) == -1 ||
	    xml_attr(e, "at", shtime_min(j->created_at, at, sizeof(at))) ==
	    -1 ||
	    (j->decided_at != 0 && xml_attr(e, "decided", shtime_min(
	    j->decided_at, at, sizeof(at))) == -1))
		return -1;
	return 0;
}

static int
identity_page(struct ctx *c, int status, const char *error)
{
	struct id_list	 l;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e, joins;
	const char	*notice = param_text(c->in, KEY_NOTICE);

	if ((doc = doc_new(c, "identity", &root)) == NULL)
		return -1;
	memset(&l, 0, sizeof(l));
	l.current = c->sess->membership;
	if ((l.parent = xml_add(root, "identities", NULL)) == NULL ||
	    appdb_identities(c->db, c->sess->person, add_identity, &l) == -1)
		goto fail;
	if (error != NULL && ((e = xml_add(l.parent, "error", NULL)) ==
	    NULL || xml_attr(e, "code", error) == -1))
		goto fail;
	if ((joins = xml_add(root, "joins", NULL)) == NULL ||
	    (notice != NULL && strcmp(notice, "join_sent") == 0 &&
	    xml_attr(joins, "notice", "join_sent") == -1) ||
	    appdb_join_mine(c->db, c->sess->person, AUTH_JOINS_SHOWN,
	    add_join, joins) == -1)
		goto fail;
	return page_render(c, status, SHEET_IDENTITY, doc);
fail:
	xmlFreeDoc(doc);
	return -1;
}

int
auth_identity_form(struct ctx *c)
{
	return identity_page(c, 200, NULL);
}

int
auth_identity(struct ctx *c)
{
	struct appdb_identity	 id;
	char			 detail[96];
	long long		 mid;
	int			 r;

	if (!param_int(c->in, KEY_MEMBERSHIP, &mid))
		return identity_page(c, 200, "choose");
	if ((r = appdb_identity_get(c->db, c->sess->person, mid, &id)) == -1)
		return -1;
	if (r == 0)		/* not one of this person's identities */
		return page_error(c, 403);
	snprintf(detail, sizeof(detail), "person=%lld membership=%lld",
	    c->sess->person, mid);
	if (appdb_begin(c->db) == -1)
		return -1;
	if (session_set_identity(c, mid) == -1 ||
	    appdb_audit(c->db, "web", "identity", detail) == -1) {
		appdb_rollback(c->db);
		return -1;
	}
	if (appdb_commit(c->db) == -1)
		return -1;
	return page_redirect(c, "/certs");
}
