/*
 * paymsg.c: signed parameter sets (see paymsg.h).
 *
 * Invariants:
 * - A struct paymsg only ever holds what paymsg_add() accepted: unique
 *   names of [a-z0-9_], values of UTF-8 text without control
 *   characters.  So the canonical string is unambiguous: no name or
 *   value can smuggle a "&" pair boundary past the sort, because names
 *   cannot hold "=" or "&" and each pair is cut at its first "=".
 * - Nothing is read from a notification before paymsg_verify() said
 *   yes; paymsg_notice() only checks form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "fcgi/paymsg.h"
#include "fcgi/req.h"
#include "fcgi/shtime.h"
#include "lib/b64.h"
#include "lib/log.h"
#include "lib/utf8.h"

#define CANON_MAX	(PAYMSG_MAX_PARAMS * (PAYMSG_KEY_MAX + \
			    PAYMSG_VAL_MAX + 2))

static int
key_ok(const char *k)
{
	size_t	 n;

	if (k == NULL || (n = strnlen(k, PAYMSG_KEY_MAX + 1)) == 0 ||
	    n > PAYMSG_KEY_MAX)
		return 0;
	return strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

int
paymsg_add(struct paymsg *m, const char *key, const char *val)
{
	size_t	 n;

	if (m->n >= PAYMSG_MAX_PARAMS || !key_ok(key) || val == NULL ||
	    (n = strnlen(val, PAYMSG_VAL_MAX + 1)) > PAYMSG_VAL_MAX ||
	    (n > 0 && utf8_count(val, n, "") < 0) ||
	    paymsg_get(m, key) != NULL)
		return -1;
	memcpy(m->p[m->n].key, key, strlen(key) + 1);
	memcpy(m->p[m->n].val, val, n + 1);
	m->n++;
	return 0;
}

const char *
paymsg_get(const struct paymsg *m, const char *key)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->p[i].key, key) == 0)
			return m->p[i].val;
	return NULL;
}

static int
by_key(const void *a, const void *b)
{
	const struct paymsg_param *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

long
paymsg_canonical(const struct paymsg *m, char *buf, size_t sz)
{
	const struct paymsg_param	*v[PAYMSG_MAX_PARAMS];
	size_t				 i, n = 0, len = 0, kl, vl;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->p[i].key, "sign") != 0 &&
		    strcmp(m->p[i].key, "sign_type") != 0 &&
		    m->p[i].val[0] != '\0')
			v[n++] = &m->p[i];
	qsort(v, n, sizeof(v[0]), by_key);
	for (i = 0; i < n; i++) {
		kl = strlen(v[i]->key);
		vl = strlen(v[i]->val);
		if (len + (i > 0) + kl + 1 + vl + 1 > sz)
			return -1;
		if (i > 0)
			buf[len++] = '&';
		memcpy(buf + len, v[i]->key, kl);
		len += kl;
		buf[len++] = '=';
		memcpy(buf + len, v[i]->val, vl);
		len += vl;
	}
	if (sz == 0)
		return -1;
	buf[len] = '\0';
	return (long)len;
}

/* A digest-sign or -verify context for RSA-SHA256 PKCS #1 v1.5. */
static EVP_MD_CTX *
rsa2_ctx(EVP_PKEY *key, int sign)
{
	EVP_MD_CTX	*md;
	EVP_PKEY_CTX	*pc = NULL;
	int		 ok;

	if (key == NULL || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
	    (md = EVP_MD_CTX_new()) == NULL)
		return NULL;
	ok = sign ? EVP_DigestSignInit(md, &pc, EVP_sha256(), NULL, key) :
	    EVP_DigestVerifyInit(md, &pc, EVP_sha256(), NULL, key);
	if (ok != 1 || EVP_PKEY_CTX_set_rsa_padding(pc,
	    RSA_PKCS1_PADDING) <= 0) {
		EVP_MD_CTX_free(md);
		return NULL;
	}
	return md;
}

int
paymsg_sign(struct paymsg *m, EVP_PKEY *key)
{
	static char	 canon[CANON_MAX];
	unsigned char	 sig[PAYMSG_SIG_MAX];
	char		 b64[b64_len(PAYMSG_SIG_MAX) + 1];
	EVP_MD_CTX	*md;
	size_t		 siglen = sizeof(sig);
	long		 len;
	int		 ok;

	if (paymsg_get(m, "sign") != NULL ||
	    paymsg_get(m, "sign_type") != NULL ||
	    (len = paymsg_canonical(m, canon, sizeof(canon))) < 0) {
		log_err("paymsg_sign: already signed or too long");
		return -1;
	}
	if ((md = rsa2_ctx(key, 1)) == NULL) {
		log_ssl("paymsg_sign", "RSA-SHA256 context");
		return -1;
	}
	ok = EVP_DigestSign(md, sig, &siglen, (unsigned char *)canon,
	    (size_t)len);
	EVP_MD_CTX_free(md);
	if (ok != 1) {
		log_ssl("paymsg_sign", "EVP_DigestSign");
		return -1;
	}
	b64_encode(sig, siglen, b64);
	if (paymsg_add(m, "sign_type", "RSA2") == -1 ||
	    paymsg_add(m, "sign", b64) == -1) {
		log_err("paymsg_sign: no room for the signature");
		return -1;
	}
	return 0;
}

int
paymsg_verify(const struct paymsg *m, EVP_PKEY *key)
{
	static char	 canon[CANON_MAX];
	unsigned char	 sig[PAYMSG_SIG_MAX];
	const char	*type = paymsg_get(m, "sign_type");
	const char	*s64 = paymsg_get(m, "sign");
	EVP_MD_CTX	*md;
	long		 len, n;
	int		 ok;

	if (type == NULL || strcmp(type, "RSA2") != 0 || s64 == NULL ||
	    (n = b64_decode(s64, strlen(s64), sig, 64, sizeof(sig))) < 0 ||
	    (len = paymsg_canonical(m, canon, sizeof(canon))) < 0)
		return 0;
	if ((md = rsa2_ctx(key, 0)) == NULL) {
		log_ssl("paymsg_verify", "RSA-SHA256 context");
		return -1;
	}
	ok = EVP_DigestVerify(md, sig, (size_t)n, (unsigned char *)canon,
	    (size_t)len);
	EVP_MD_CTX_free(md);
	return ok == 1;
}

/* Percent-encodes s onto buf at *len (form encoding: ' ' as %20).
 * 0 / -1 (no room). */
static int
put_enc(const char *s, char *buf, size_t sz, size_t *len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~') {
			if (*len + 1 >= sz)
				return -1;
			buf[(*len)++] = (char)*p;
		} else {
			if (*len + 3 >= sz)
				return -1;
			buf[(*len)++] = '%';
			buf[(*len)++] = hex[*p >> 4];
			buf[(*len)++] = hex[*p & 15];
		}
	}
	return 0;
}

long
paymsg_form(const struct paymsg *m, char *buf, size_t sz)
{
	size_t	 i, len = 0;

	if (sz == 0)
		return -1;
	for (i = 0; i < m->n; i++) {
		if (i > 0) {
			if (len + 1 >= sz)
				return -1;
			buf[len++] = '&';
		}
		if (put_enc(m->p[i].key, buf, sz, &len) == -1 ||
		    len + 1 >= sz)
			return -1;
		buf[len++] = '=';
		if (put_enc(m->p[i].val, buf, sz, &len) == -1)
			return -1;
	}
	buf[len] = '\0';
	return (long)len;
}

int
paymsg_from_req(struct paymsg *m, const struct req *r)
{
	size_t	 i;

	memset(m, 0, sizeof(*m));
	if (r->nform == 0 || r->nfile != 0)
		return -1;
	for (i = 0; i < r->nform; i++)
		if (paymsg_add(m, r->form[i].key, r->form[i].val) == -1)
			return -1;
	return 0;
}

/* Copies v into dst (sz bytes) if it is 1..sz-1 bytes of set.  0 / -1. */
static int
take(const char *v, const char *set, char *dst, size_t sz)
{
	size_t	 n;

	if (v == NULL || (n = strlen(v)) == 0 || n >= sz ||
	    strspn(v, set) != n)
		return -1;
	memcpy(dst, v, n + 1);
	return 0;
}

/* "50.00" -> 5000: digits (no leading zero unless "0"), a point and
 * exactly two digits, at most 10 digits of yuan.  0 / -1. */
static int
parse_yuan(const char *s, long long *fen)
{
	long long	 v = 0;
	size_t		 i, n;

	if (s == NULL || (n = strlen(s)) < 4 || n > 13 ||
	    s[n - 3] != '.' || (s[0] == '0' && n != 4))
		return -1;
	for (i = 0; i < n; i++) {
		if (i == n - 3)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*fen = v;
	return 0;
}

#define ALNUM	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

int
paymsg_notice(const struct paymsg *m, struct paymsg_notice *n,
    const char **why)
{
	const char	*st, *no;

	memset(n, 0, sizeof(*n));
	if (take(paymsg_get(m, "app_id"), ALNUM "-_", n->app_id,
	    sizeof(n->app_id)) == -1) {
		*why = "app_id";
		return -1;
	}
	if (take(paymsg_get(m, "notify_id"), ALNUM, n->notify_id,
	    sizeof(n->notify_id)) == -1) {
		*why = "notify_id";
		return -1;
	}
	if (shtime_parse(paymsg_get(m, "notify_time"), &n->notify_time) ==
	    -1) {
		*why = "notify_time";
		return -1;
	}
	no = paymsg_get(m, "out_trade_no");
	if (take(no, "0123456789CR", n->out_trade_no,
	    sizeof(n->out_trade_no)) == -1 || strlen(no) < 10 ||
	    strncmp(no, "CR", 2) != 0 ||
	    strspn(no + 2, "0123456789") != strlen(no + 2)) {
		*why = "out_trade_no";
		return -1;
	}
	if (take(paymsg_get(m, "trade_no"), ALNUM, n->trade_no,
	    sizeof(n->trade_no)) == -1) {
		*why = "trade_no";
		return -1;
	}
	if (parse_yuan(paymsg_get(m, "total_amount"), &n->amount_fen) == -1) {
		*why = "total_amount";
		return -1;
	}
	if ((st = paymsg_get(m, "trade_status")) != NULL &&
	    strcmp(st, "TRADE_SUCCESS") == 0)
		n->status = PAYMSG_TRADE_SUCCESS;
	else if (st != NULL && strcmp(st, "TRADE_CLOSED") == 0)
		n->status = PAYMSG_TRADE_CLOSED;
	else {
		*why = "trade_status";
		return -1;
	}
	*why = NULL;
	return 0;
}

void
paymsg_yuan(long long fen, char *buf, size_t sz)
{
	if (fen < 0)
		fen = 0;
	snprintf(buf, sz, "%lld.%02lld", fen / 100, fen % 100);
}
