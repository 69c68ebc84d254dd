/*
 * paysandbox.c: the sandbox payment gateway (see paysandbox.h).
 *
 * Invariants:
 * - Its database (DIR/trades.db) is its own: the merchant's tables are
 *   never read here and this file's tables are never read elsewhere.
 * - A trade is open, paid, or closed.  Only the cashier's 确认支付
 *   moves open -> paid (refused once expired); only the merchant's
 *   close moves open -> closed.  Paying sets the notification due at
 *   once; delivery clears it when the merchant answered "success", else
 *   pushes it back (2 s, 5 s, 15 s, 1 min, 5 min, 15 min, 1 h, then
 *   hourly) until 25 hours after payment.
 * - The private key is read only by the notifier (paysandbox_deliver),
 *   the public key only by the merchant side (notify_key).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include "fcgi/page.h"
#include "fcgi/param.h"
#include "fcgi/pay.h"
#include "fcgi/paymsg.h"
#include "fcgi/paysandbox.h"
#include "fcgi/req.h"
#include "fcgi/shtime.h"
#include "fcgi/xml.h"
#include "lib/hex.h"
#include "lib/httpc.h"
#include "lib/log.h"

#define SB_APP_ID	"ca-reissue-sandbox"
#define SB_GIVE_UP	(25LL * 60 * 60)
#define SB_TOKEN_LEN	32
#define SB_BUSY_MS	5000

static const char *const sb_schema =
	"CREATE TABLE IF NOT EXISTS trade ("
	"  id INTEGER PRIMARY KEY,"
	"  app_id TEXT NOT NULL,"
	"  out_trade_no TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
	"  notify_url TEXT NOT NULL,"
	"  return_path TEXT NOT NULL,"
	"  token TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (state IN ('open', 'paid', 'closed', 'refunded')),"
	"  trade_no TEXT UNIQUE,"
	"  expires_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  paid_at INTEGER,"
	"  notify_id TEXT,"
	"  notify_due INTEGER,"
	"  notify_tries INTEGER NOT NULL DEFAULT 0,"
	"  notify_done_at INTEGER,"
	"  refunded_at INTEGER,"
	"  UNIQUE (app_id, out_trade_no),"
	"  CHECK ((state IN ('paid', 'refunded')) = (trade_no IS NOT NULL)),"
	"  CHECK ((state = 'refunded') = (refunded_at IS NOT NULL))"
	") STRICT;"
	"CREATE INDEX IF NOT EXISTS trade_due ON trade (notify_due)"
	"  WHERE notify_due IS NOT NULL;";

enum sb_stmt {
	SB_OPEN,
	SB_BY_NO,
	SB_BY_TOKEN,
	SB_PAY,
	SB_CLOSE,
	SB_DUE,
	SB_DONE,
	SB_RETRY,
	SB_REFUND,
	SB__MAX
};

static const char *const sb_sql[SB__MAX] = {
	/* SB_OPEN */
	"INSERT INTO trade (app_id, out_trade_no, subject, amount_fen,"
	" notify_url, return_path, token, expires_at, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT (app_id, out_trade_no) DO NOTHING",
	/* SB_BY_NO */
	"SELECT token, state, amount_fen, expires_at FROM trade"
	" WHERE app_id = ?1 AND out_trade_no = ?2",
	/* SB_BY_TOKEN */
	"SELECT out_trade_no, subject, amount_fen, state, expires_at,"
	" return_path, COALESCE(trade_no, ''), app_id FROM trade"
	" WHERE token = ?1",
	/* SB_PAY */
	"UPDATE trade SET state = 'paid', trade_no = ?2, paid_at = ?3,"
	" notify_id = ?4, notify_due = ?3 WHERE token = ?1 AND"
	" state = 'open' AND expires_at > ?3",
	/* SB_CLOSE */
	"UPDATE trade SET state = 'closed' WHERE app_id = ?1 AND"
	" out_trade_no = ?2 AND state = 'open'",
	/* SB_DUE */
	"SELECT id, app_id, out_trade_no, subject, amount_fen, notify_url,"
	" trade_no, paid_at, notify_id, notify_tries FROM trade"
	" WHERE notify_due IS NOT NULL AND notify_due <= ?1"
	" ORDER BY notify_due, id LIMIT 16",
	/* SB_DONE */
	"UPDATE trade SET notify_due = NULL, notify_done_at = ?2,"
	" notify_tries = notify_tries + 1 WHERE id = ?1",
	/* SB_RETRY: ?2 NULL gives up. */
	"UPDATE trade SET notify_due = ?2, notify_tries = notify_tries + 1"
	" WHERE id = ?1",
	/* SB_REFUND */
	"UPDATE trade SET state = 'refunded', refunded_at = ?4"
	" WHERE app_id = ?1 AND out_trade_no = ?2 AND amount_fen = ?3 AND"
	" state = 'paid'",
};

static char		 sb_dir[512];
static sqlite3		*sb_db;
static sqlite3_stmt	*sb_st[SB__MAX];
static EVP_PKEY		*sb_pub;	/* merchant side: verifies */
static EVP_PKEY		*sb_key;	/* notifier: signs */

static int	sb_open(const struct pay_trade *, char *, size_t);
static int	sb_close(const char *);
static int	sb_refund(const char *, long long);
static EVP_PKEY	*sb_notify_key(void);

static const struct pay_provider sb_provider = {
	"sandbox", SB_APP_ID, sb_open, sb_close, sb_refund, sb_notify_key
};

const struct pay_provider *
paysandbox_provider(const char *dir)
{
	if (dir == NULL || strlen(dir) >= sizeof(sb_dir))
		return NULL;
	memcpy(sb_dir, dir, strlen(dir) + 1);
	return &sb_provider;
}

void
paysandbox_close_db(void)
{
	int	 i;

	for (i = 0; i < SB__MAX; i++) {
		sqlite3_finalize(sb_st[i]);
		sb_st[i] = NULL;
	}
	if (sb_db != NULL)
		sqlite3_close(sb_db);
	sb_db = NULL;
	EVP_PKEY_free(sb_pub);
	sb_pub = NULL;
	EVP_PKEY_free(sb_key);
	sb_key = NULL;
}

/* The prepared statement i on the trades database, opened on first use
 * (created if new).  NULL on error (logged). */
static sqlite3_stmt *
sb_stmt(enum sb_stmt i)
{
	char	 path[600];
	char	*err = NULL;

	if (sb_db == NULL) {
		snprintf(path, sizeof(path), "%s/trades.db", sb_dir);
		if (sqlite3_open_v2(path, &sb_db, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
			log_err("paysandbox: %s: %s", path,
			    sb_db != NULL ? sqlite3_errmsg(sb_db) : "no memory");
			paysandbox_close_db();
			return NULL;
		}
		sqlite3_busy_timeout(sb_db, SB_BUSY_MS);
		if (sqlite3_exec(sb_db, "PRAGMA journal_mode = WAL;", NULL,
		    NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(sb_db, sb_schema, NULL, NULL, &err) !=
		    SQLITE_OK) {
			log_err("paysandbox: %s: %s", path, err);
			sqlite3_free(err);
			paysandbox_close_db();
			return NULL;
		}
	}
	if (sb_st[i] == NULL && sqlite3_prepare_v2(sb_db, sb_sql[i], -1,
	    &sb_st[i], NULL) != SQLITE_OK) {
		log_err("paysandbox: prepare: %s", sqlite3_errmsg(sb_db));
		return NULL;
	}
	sqlite3_reset(sb_st[i]);
	sqlite3_clear_bindings(sb_st[i]);
	return sb_st[i];
}

/* Runs a statement that returns no row.  Rows changed, or -1. */
static int
sb_run(sqlite3_stmt *q, const char *what)
{
	int	 rc = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		log_err("paysandbox: %s: %s", what, sqlite3_errmsg(sb_db));
		return -1;
	}
	return sqlite3_changes(sb_db);
}

static void
col(sqlite3_stmt *q, int i, char *dst, size_t sz)
{
	const unsigned char	*t = sqlite3_column_text(q, i);

	snprintf(dst, sz, "%s", t != NULL ? (const char *)t : "");
}

/* n random decimal digits (n < 40) into buf.  0 / -1. */
static int
random_digits(char *buf, size_t n)
{
	unsigned char	 b[40];
	size_t		 i;

	if (RAND_bytes(b, (int)n) != 1)
		return -1;
	for (i = 0; i < n; i++)
		buf[i] = (char)('0' + b[i] % 10);
	buf[n] = '\0';
	return 0;
}

static int
random_hex(char *buf, size_t bytes)
{
	unsigned char	 b[32];

	if (bytes > sizeof(b) || RAND_bytes(b, (int)bytes) != 1)
		return -1;
	hex_encode(b, bytes, buf, 0);
	return 0;
}

static int
sb_open(const struct pay_trade *t, char *url, size_t urlsz)
{
	sqlite3_stmt	*q;
	char		 token[SB_TOKEN_LEN + 1], have[SB_TOKEN_LEN + 1];
	char		 state[16];
	long long	 now = time(NULL), amount, expires;
	int		 rc;

	if (random_hex(token, SB_TOKEN_LEN / 2) == -1 ||
	    (q = sb_stmt(SB_OPEN)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, t->out_trade_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, t->subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, t->amount_fen);
	sqlite3_bind_text(q, 5, t->notify_url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, t->return_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 8, t->expires_at);
	sqlite3_bind_int64(q, 9, now);
	if (sb_run(q, "open") == -1 || (q = sb_stmt(SB_BY_NO)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, t->out_trade_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		log_err("paysandbox: open %s: %s", t->out_trade_no,
		    sqlite3_errmsg(sb_db));
		sqlite3_reset(q);
		return -1;
	}
	col(q, 0, have, sizeof(have));
	col(q, 1, state, sizeof(state));
	amount = sqlite3_column_int64(q, 2);
	expires = sqlite3_column_int64(q, 3);
	sqlite3_reset(q);
	if (strcmp(state, "open") != 0 || amount != t->amount_fen ||
	    expires <= now) {
		log_warn("paysandbox: trade %s is %s (amount %lld, asked "
		    "%lld): not opened again", t->out_trade_no, state, amount,
		    t->amount_fen);
		return 1;
	}
	snprintf(url, urlsz, "/sandbox/cashier?t=%s", have);
	return 0;
}

static int
sb_close(const char *out_trade_no)
{
	sqlite3_stmt	*q;
	char		 state[16];
	int		 rc;

	if ((q = sb_stmt(SB_CLOSE)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, out_trade_no, -1, SQLITE_STATIC);
	if (sb_run(q, "close") == -1 || (q = sb_stmt(SB_BY_NO)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, out_trade_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_DONE) {
		sqlite3_reset(q);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		return -1;
	}
	col(q, 1, state, sizeof(state));
	sqlite3_reset(q);
	return strcmp(state, "paid") == 0 ? 1 : 0;
}

static int
sb_refund(const char *out_trade_no, long long amount_fen)
{
	sqlite3_stmt	*q;
	char		 state[16];
	long long	 amount;
	int		 rc;

	if ((q = sb_stmt(SB_REFUND)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, out_trade_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, amount_fen);
	sqlite3_bind_int64(q, 4, (long long)time(NULL));
	if ((rc = sb_run(q, "refund")) == -1)
		return -1;
	if (rc == 1) {
		log_info("paysandbox: trade %s refunded, %lld fen",
		    out_trade_no, amount_fen);
		return 0;
	}
	if ((q = sb_stmt(SB_BY_NO)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, SB_APP_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, out_trade_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		log_warn("paysandbox: refund %s: no such trade", out_trade_no);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	col(q, 1, state, sizeof(state));
	amount = sqlite3_column_int64(q, 2);
	sqlite3_reset(q);
	if (strcmp(state, "refunded") == 0 && amount == amount_fen)
		return 0;
	log_warn("paysandbox: refund %s refused: %s, %lld fen (asked %lld)",
	    out_trade_no, state, amount, amount_fen);
	return 1;
}

static EVP_PKEY *
read_key(const char *name, int priv)
{
	char		 path[600];
	FILE		*f;
	EVP_PKEY	*k;

	snprintf(path, sizeof(path), "%s/%s", sb_dir, name);
	if ((f = fopen(path, "r")) == NULL) {
		log_err("paysandbox: cannot read %s", path);
		return NULL;
	}
	k = priv ? PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (k == NULL)
		log_ssl("paysandbox", path);
	return k;
}

static EVP_PKEY *
sb_notify_key(void)
{
	if (sb_pub == NULL)
		sb_pub = read_key("pub.pem", 0);
	return sb_pub;
}

/* ---- the cashier ------------------------------------------------------ */

struct sb_trade {
	char		 out_trade_no[33];
	char		 subject[257];
	long long	 amount_fen;
	char		 state[16];
	long long	 expires_at;
	char		 return_path[257];
	char		 trade_no[65];
};

/* The trade of the request's token: 1 found, 0 none, -1 error. */
static int
by_token(struct ctx *c, const char *t, struct sb_trade *tr)
{
	sqlite3_stmt	*q;
	int		 rc;

	/* t is KEY_SB_TOKEN: SB_TOKEN_LEN hex digits, or NULL. */
	if (c->conf->pay_sandbox == NULL || t == NULL)
		return 0;
	/* The gateway's directory, also in a worker that has not shown a
	 * payment page yet (else sb_stmt would open "/trades.db"). */
	if (paysandbox_provider(c->conf->pay_sandbox) == NULL)
		return -1;
	if ((q = sb_stmt(SB_BY_TOKEN)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, t, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	col(q, 0, tr->out_trade_no, sizeof(tr->out_trade_no));
	col(q, 1, tr->subject, sizeof(tr->subject));
	tr->amount_fen = sqlite3_column_int64(q, 2);
	col(q, 3, tr->state, sizeof(tr->state));
	tr->expires_at = sqlite3_column_int64(q, 4);
	col(q, 5, tr->return_path, sizeof(tr->return_path));
	col(q, 6, tr->trade_no, sizeof(tr->trade_no));
	sqlite3_reset(q);
	return 1;
}

static int
cashier_page(struct ctx *c, int status, const char *token,
    const struct sb_trade *tr, const char *notice)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, e;
	char		 yuan[32], tbuf[SHTIME_BUFSZ];
	const char	*state = tr->state;

	if (strcmp(state, "open") == 0 && tr->expires_at <= time(NULL))
		state = "expired";
	paymsg_yuan(tr->amount_fen, yuan, sizeof(yuan));
	if ((doc = xml_page_new("sandbox-cashier", &root)) == NULL)
		return -1;
	if (page_common(c, root) == -1 ||
	    (e = xml_add(root, "cashier", NULL)) == NULL ||
	    xml_attr(e, "token", token) == -1 ||
	    xml_attr(e, "state", state) == -1 ||
	    xml_add(e, "merchant", SB_APP_ID) == NULL ||
	    xml_add(e, "out_trade_no", tr->out_trade_no) == NULL ||
	    xml_add(e, "subject", tr->subject) == NULL ||
	    xml_add(e, "amount", yuan) == NULL ||
	    xml_add(e, "expires", shtime_min(tr->expires_at, tbuf,
	    sizeof(tbuf))) == NULL ||
	    xml_add(e, "return", tr->return_path) == NULL ||
	    (notice != NULL && xml_add(e, "notice", notice) == NULL)) {
		xmlFreeDoc(doc);
		return -1;
	}
	return page_render(c, status, SHEET_SANDBOX_CASHIER, doc);
}

int
paysandbox_cashier(struct ctx *c)
{
	struct sb_trade	 tr;
	const char	*t = param_text(c->in, KEY_SB_TOKEN);
	int		 k;

	memset(&tr, 0, sizeof(tr));
	if ((k = by_token(c, t, &tr)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	return cashier_page(c, 200, t, &tr, NULL);
}

int
paysandbox_cashier_post(struct ctx *c)
{
	struct sb_trade	 tr;
	sqlite3_stmt	*q;
	const char	*t = param_text(c->in, KEY_SB_TOKEN);
	int		 action = param_enum(c->in, KEY_SB_ACTION);
	char		 trade_no[32], notify_id[33], day[SHTIME_BUFSZ];
	long long	 now = time(NULL);
	int		 k;

	memset(&tr, 0, sizeof(tr));
	if ((k = by_token(c, t, &tr)) == -1)
		return -1;
	if (k == 0)
		return page_error(c, 404);
	if (action == PARAM_SB_LEAVE)
		return page_redirect(c, tr.return_path);
	if (action != PARAM_SB_PAY)
		return page_error(c, 400);
	if (strcmp(tr.state, "paid") == 0)	/* a second click */
		return page_redirect(c, tr.return_path);
	/* "SB" + yyyymmdd + 16 random digits. */
	shtime_date(now, day, sizeof(day));
	memcpy(trade_no, "SB", 2);
	memcpy(trade_no + 2, day, 4);
	memcpy(trade_no + 6, day + 5, 2);
	memcpy(trade_no + 8, day + 8, 2);
	if (random_digits(trade_no + 10, 16) == -1 ||
	    random_hex(notify_id, 16) == -1 || (q = sb_stmt(SB_PAY)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, trade_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, now);
	sqlite3_bind_text(q, 4, notify_id, -1, SQLITE_STATIC);
	if ((k = sb_run(q, "pay")) == -1)
		return -1;
	if (k == 0) {
		/* Closed by the merchant, or expired: nothing paid. */
		if (by_token(c, t, &tr) != 1)
			return -1;
		log_warn("paysandbox: trade %s not paid: %s", tr.out_trade_no,
		    tr.state);
		return cashier_page(c, 409, t, &tr, "closed");
	}
	log_info("paysandbox: trade %s paid as %s; notification due",
	    tr.out_trade_no, trade_no);
	return page_redirect(c, tr.return_path);
}

/* ---- notifications ---------------------------------------------------- */

/* Seconds to wait after try number `tries` (1 = the first) failed. */
static long long
backoff(long long tries)
{
	static const long long	 wait[] = { 2, 5, 15, 60, 300, 900, 3600 };

	if (tries < 1)
		tries = 1;
	if (tries > (long long)(sizeof(wait) / sizeof(wait[0])))
		return 3600;
	return wait[tries - 1];
}

struct due {
	long long	 id;
	char		 app_id[33];
	char		 out_trade_no[33];
	char		 subject[257];
	long long	 amount_fen;
	char		 notify_url[513];
	char		 trade_no[65];
	long long	 paid_at;
	char		 notify_id[65];
	long long	 tries;
};

/* Builds, signs and sends one notification: 1 acknowledged, 0 not. */
static int
send_one(const struct due *d, EVP_PKEY *key, const char *cafile,
    long long now)
{
	struct paymsg		 m;
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	static char		 body[16384];
	char			 yuan[32], nt[SHTIME_BUFSZ], pt[SHTIME_BUFSZ];
	char			 err[256];
	long			 len;

	memset(&m, 0, sizeof(m));
	paymsg_yuan(d->amount_fen, yuan, sizeof(yuan));
	shtime_sec(now, nt, sizeof(nt));
	shtime_sec(d->paid_at, pt, sizeof(pt));
	if (paymsg_add(&m, "app_id", d->app_id) == -1 ||
	    paymsg_add(&m, "notify_id", d->notify_id) == -1 ||
	    paymsg_add(&m, "notify_time", nt) == -1 ||
	    paymsg_add(&m, "notify_type", "trade_status_sync") == -1 ||
	    paymsg_add(&m, "out_trade_no", d->out_trade_no) == -1 ||
	    paymsg_add(&m, "trade_no", d->trade_no) == -1 ||
	    paymsg_add(&m, "total_amount", yuan) == -1 ||
	    paymsg_add(&m, "trade_status", "TRADE_SUCCESS") == -1 ||
	    paymsg_add(&m, "gmt_payment", pt) == -1 ||
	    paymsg_add(&m, "subject", d->subject) == -1 ||
	    paymsg_sign(&m, key) == -1 ||
	    (len = paymsg_form(&m, body, sizeof(body))) < 0) {
		log_err("paysandbox: cannot build the notification of %s",
		    d->out_trade_no);
		return 0;
	}
	memset(&rq, 0, sizeof(rq));
	rq.url = d->notify_url;
	rq.ctype = "application/x-www-form-urlencoded; charset=utf-8";
	rq.body = body;
	rq.body_len = (size_t)len;
	rq.cafile = cafile;
	rq.timeout_ms = 10000;
	if (httpc_post(&rq, &rs, err, sizeof(err)) == -1) {
		log_warn("paysandbox: notify %s (try %lld): %s",
		    d->out_trade_no, d->tries + 1, err);
		return 0;
	}
	if (rs.status != 200 || strncmp(rs.body, "success", 7) != 0 ||
	    strspn(rs.body + 7, " \r\n") != strlen(rs.body + 7)) {
		log_warn("paysandbox: notify %s (try %lld): merchant answered "
		    "%d, not success", d->out_trade_no, d->tries + 1,
		    rs.status);
		return 0;
	}
	log_info("paysandbox: notify %s acknowledged (try %lld)",
	    d->out_trade_no, d->tries + 1);
	return 1;
}

int
paysandbox_deliver(const char *dir, const char *cafile, long long now)
{
	struct due	 d[16];
	sqlite3_stmt	*q;
	int		 n = 0, i, rc, acked = 0;
	long long	 next;

	if (paysandbox_provider(dir) == NULL)
		return -1;
	if ((q = sb_stmt(SB_DUE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, now);
	while (n < 16 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&d[n], 0, sizeof(d[n]));
		d[n].id = sqlite3_column_int64(q, 0);
		col(q, 1, d[n].app_id, sizeof(d[n].app_id));
		col(q, 2, d[n].out_trade_no, sizeof(d[n].out_trade_no));
		col(q, 3, d[n].subject, sizeof(d[n].subject));
		d[n].amount_fen = sqlite3_column_int64(q, 4);
		col(q, 5, d[n].notify_url, sizeof(d[n].notify_url));
		col(q, 6, d[n].trade_no, sizeof(d[n].trade_no));
		d[n].paid_at = sqlite3_column_int64(q, 7);
		col(q, 8, d[n].notify_id, sizeof(d[n].notify_id));
		d[n].tries = sqlite3_column_int64(q, 9);
		n++;
	}
	sqlite3_reset(q);
	if (n == 0)
		return 0;
	if (sb_key == NULL && (sb_key = read_key("key.pem", 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (send_one(&d[i], sb_key, cafile, now)) {
			if ((q = sb_stmt(SB_DONE)) == NULL)
				return -1;
			sqlite3_bind_int64(q, 1, d[i].id);
			sqlite3_bind_int64(q, 2, now);
			acked++;
		} else {
			if ((q = sb_stmt(SB_RETRY)) == NULL)
				return -1;
			sqlite3_bind_int64(q, 1, d[i].id);
			next = now + backoff(d[i].tries + 1);
			if (next - d[i].paid_at > SB_GIVE_UP) {
				log_err("paysandbox: notify %s: giving up "
				    "after %lld tries", d[i].out_trade_no,
				    d[i].tries + 1);
				sqlite3_bind_null(q, 2);
			} else
				sqlite3_bind_int64(q, 2, next);
		}
		if (sb_run(q, "notify state") == -1)
			return -1;
	}
	return acked;
}
