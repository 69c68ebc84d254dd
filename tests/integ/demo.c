/*
 * demo.c: the shared fixture of the page-level integration suites (see
 * demo.h).  SQL goes through the database's own command-line tool
 * (sqlite3 or psql: tools/stack.sh sql), an independent client of the
 * app database; it is written to read the same in both.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "tests/integ/demo.h"

#define T		"\"$STACK_DIR/t\""
#define WEBCTL		"\"$BINDIR/webctl\" -d \"$APPDB\""
#define DEMO_PW		"Demo%%402026"	/* Demo@2026, for a format */

int
demo_sql(const struct stack *s, const char *q, char *out, size_t sz)
{
	char	 path[PATH_MAX + 32], *txt;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/q.sql", s->dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "%s;\n", q);
	fclose(f);
	if (stack_sh(s, STACK_SQL " \"$(cat " T "/q.sql)\" > " T "/q.out 2> "
	    T "/q.err") != 0) {
		stack_sh(s, "cat " T "/q.err >&2");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/t/q.out", s->dir);
	if ((txt = stack_slurp(path, NULL)) == NULL)
		return -1;
	txt[strcspn(txt, "\r\n")] = '\0';
	if (out != NULL)
		snprintf(out, sz, "%s", txt);
	free(txt);
	return 0;
}

long long
demo_sql_int(const struct stack *s, const char *fmt, ...)
{
	char	 q[2048], out[64];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	ck_assert_msg(demo_sql(s, q, out, sizeof(out)) == 0, "sql failed: %s", q);
	return atoll(out);
}

void
demo_sql_str(const struct stack *s, char *out, size_t sz, const char *fmt,
    ...)
{
	char	 q[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	ck_assert_msg(demo_sql(s, q, out, sz) == 0, "sql failed: %s", q);
}

/* The three extra certificates; each %lld is now (one text for both
 * engines, so no date function). */
#define FIXTURE_SQL \
    "INSERT INTO cert (serial_hex, cert_type, company_id, holder_id, vendor," \
    " lock_type, media_vendor, key_serial, first_applied_at, not_after," \
    " status) SELECT 'E0000000000000000000000000000001', 'personal', c.id," \
    " p.id, 'CFCA', 'project_lead', '飞天诚信', 'TEST-EXPIRED-1'," \
    " %lld - 86400 * 800, %lld - 86400" \
    " * 3, 'valid' FROM company c, person p WHERE c.uscc = '" DEMO_USCC_A "'" \
    " AND p.mobile = '13900000002';" \
    "INSERT INTO cert (serial_hex, cert_type, company_id, holder_id, vendor," \
    " lock_type, media_vendor, key_serial, first_applied_at, not_after," \
    " status) SELECT 'E0000000000000000000000000000002', 'personal', c.id," \
    " p.id, 'BJCA', 'project_lead', '金科', 'TEST-REISSUING-1'," \
    " %lld - 86400 * 600, %lld + 86400" \
    " * 300, 'reissuing' FROM company c, person p WHERE c.uscc = '" \
    DEMO_USCC_A "' AND p.mobile = '13900000002';" \
    "INSERT INTO cert (serial_hex, cert_type, company_id, holder_id, vendor," \
    " lock_type, media_vendor, key_serial, first_applied_at, not_after," \
    " status) SELECT 'E0000000000000000000000000000003', 'personal', c.id," \
    " p.id, 'CFCA', 'project_lead', '金科', 'TEST-REVOKED-1'," \
    " %lld - 86400 * 500, %lld + 86400" \
    " * 200, 'revoked' FROM company c, person p WHERE c.uscc = '" DEMO_USCC_B "'" \
    " AND p.mobile = '13900000004';" \
    "SELECT count(*) FROM cert"

int
demo_up(struct stack *s)
{
	char		 fixture[sizeof(FIXTURE_SQL) + 128];
	long long	 now = (long long)time(NULL);

	snprintf(fixture, sizeof(fixture), FIXTURE_SQL, now, now, now, now,
	    now, now);
	if (stack_up(s, NULL) != 0 || stack_sh(s, "mkdir -p " T) != 0 ||
	    stack_sh(s, WEBCTL " demo > " T "/demo.out") != 0 ||
	    stack_sh(s, WEBCTL " demo-certs --ca-socket "
	    "\"$STACK_DIR/run/cad.sock\" $(for c in \"$STACK_DIR\"/ca/cas/*/"
	    "ca.conf; do [ -f \"$c\" ] && n=$(basename \"$(dirname \"$c\")\") "
	    "&& printf ' --ca %%s=%%s' \"$n\" \"$STACK_DIR/run/$n/cad.sock\"; "
	    "done) --out \"$STACK_DIR/demo-certs\" > " T "/certs.out 2>&1") !=
	    0 ||
	    demo_sql(s, fixture, NULL, 0) != 0)
		return -1;
	return 0;
}

int
demo_login(const struct stack *s, int octet, int jar, const char *mobile,
    const char *role, const char *uscc, char csrf[65])
{
	struct http	 h;
	char		 args[1024], tok[65], q[512], mid[32];
	int		 rc = -1;

	memset(&h, 0, sizeof(h));
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", octet, jar, jar);
	if (stack_curl(s, "/login", args, &h) != 0 || http_csrf(&h, tok) == -1)
		goto out;
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d -d 'mobile=%s&password=" DEMO_PW "&agree=1&"
	    "csrf=%s'", octet, jar, jar, mobile, tok);
	if (stack_curl(s, "/login", args, &h) != 0 || h.status != 303)
		goto out;
	http_free(&h);
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d", octet, jar, jar);
	if (stack_curl(s, "/identity", args, &h) != 0 ||
	    http_csrf(&h, csrf) == -1)
		goto out;
	http_free(&h);
	snprintf(q, sizeof(q), "SELECT m.id FROM membership m JOIN person p"
	    " ON p.id = m.person_id LEFT JOIN company c ON c.id ="
	    " m.company_id WHERE p.mobile = '%s' AND m.role = '%s' AND"
	    " COALESCE(c.uscc, '') = '%s'", mobile,
	    role, uscc);
	if (demo_sql(s, q, mid, sizeof(mid)) == -1 || atoll(mid) <= 0)
		goto out;
	snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T "/jar-%d "
	    "-b " T "/jar-%d -d 'membership=%s&csrf=%s'", octet, jar, jar, mid,
	    csrf);
	if (stack_curl(s, "/identity", args, &h) != 0 || h.status != 303)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "demo_login of %s failed (HTTP %d)\n",
		    mobile, h.status);
	http_free(&h);
	return rc;
}

void
demo_as(const struct stack *s, int octet, int jar, const char *path,
    const char *extra, int status, struct http *h)
{
	char	 args[16384];

	if (jar >= 0)
		snprintf(args, sizeof(args), "--interface 127.0.0.%d -c " T
		    "/jar-%d -b " T "/jar-%d %s", octet, jar, jar,
		    extra != NULL ? extra : "");
	else
		snprintf(args, sizeof(args), "%s", extra != NULL ? extra : "");
	ck_assert_int_eq(stack_curl(s, path, args, h), 0);
	if (status != 0)
		ck_assert_msg(h->status == status, "%s: HTTP %d, wanted %d",
		    path, h->status, status);
}

void
demo_getf(const struct stack *s, int octet, int jar, int status,
    struct http *h, const char *fmt, ...)
{
	char	 path[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	demo_as(s, octet, jar, path, NULL, status, h);
}

void
demo_cert_as(const struct stack *s, const struct demo_certuser *u,
    const char *path, const char *extra, int status, struct http *h)
{
	char	 words[16384];

	snprintf(words, sizeof(words), "--cert \"$STACK_DIR/demo-certs/%s.crt\""
	    " --key \"$STACK_DIR/demo-certs/%s.key\" %s", u->cert, u->cert,
	    extra != NULL ? extra : "");
	demo_as(s, u->octet, u->jar, path, words, status, h);
}

int
demo_cert_login(const struct stack *s, struct demo_certuser *u)
{
	struct http	 h;
	char		 tok[65], form[128];
	int		 ok;

	demo_cert_as(s, u, "/login?tab=ca", NULL, 0, &h);
	ok = h.status == 200 && http_csrf(&h, tok) == 0;
	http_free(&h);
	if (!ok)
		return -1;
	snprintf(form, sizeof(form), "-d 'csrf=%s&agree=1'", tok);
	demo_cert_as(s, u, "/login/ca", form, 0, &h);
	ok = h.status == 303;
	http_free(&h);
	if (!ok)
		return -1;
	demo_cert_as(s, u, "/identity", NULL, 0, &h);
	ok = h.status == 200 && http_csrf(&h, u->csrf) == 0;
	http_free(&h);
	return ok ? 0 : -1;
}

void
demo_save(const struct stack *s, const struct http *h, const char *name)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/t/%s", s->dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(h->body, 1, h->body_len, f), h->body_len);
	ck_assert_int_eq(fclose(f), 0);
}

void
demo_fetch_crl(const struct stack *s)
{
	struct http	 h;

	ck_assert_int_eq(stack_curl(s, "http:/crl/issuing-ca.crl", NULL, &h),
	    0);
	ck_assert_int_eq(h.status, 200);
	demo_save(s, &h, "crl.der");
	http_free(&h);
	ck_assert_int_eq(stack_sh(s, "openssl crl -inform DER -in " T
	    "/crl.der -out " T "/crl.pem"), 0);
}

long long
demo_reissue_order(const struct stack *s, int octet, int jar,
    const char *csrf, long long cert)
{
	struct http	 h;
	char		 extra[PATH_MAX + 512], key[33], want[64];
	const char	*p, *tag = "name=\"submit_key\" value=\"";
	long long	 id;

	demo_getf(s, octet, jar, 200, &h, "/reissue?cert=%lld", cert);
	ck_assert(http_has(&h, "数字证书(CA)信息"));
	http_free(&h);
	demo_getf(s, octet, jar, 200, &h,
	    "/reissue/statement.docx?cert=%lld&reason=lost", cert);
	ck_assert(h.body_len > 4 && memcmp(h.body, "PK\003\004", 4) == 0);
	http_free(&h);
	snprintf(extra, sizeof(extra), "-F 'csrf=%s' -F 'cert=%lld' "
	    "-F reason=lost -F 'statement=@%s/t/s.png;filename=盖章.png'",
	    csrf, cert, s->dir);
	demo_as(s, octet, jar, "/reissue/step2", extra, 303, &h);
	http_free(&h);
	demo_getf(s, octet, jar, 200, &h, "/reissue/confirm?cert=%lld",
	    cert);
	ck_assert_ptr_nonnull(p = strstr(h.body, tag));
	memcpy(key, p + strlen(tag), 32);
	key[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&cert=%lld&submit_key=%s'",
	    csrf, cert, key);
	demo_as(s, octet, jar, "/reissue/confirm", extra, 303, &h);
	id = demo_sql_int(s, "SELECT id FROM orders WHERE cert_id = %lld AND"
	    " submit_key = '%s'", cert, key);
	snprintf(want, sizeof(want), "/orders/pay?id=%lld", id);
	ck_assert(http_location_is(&h, want));
	http_free(&h);
	return id;
}

int
demo_pay_sandbox(const struct stack *s, int octet, int jar,
    const char *csrf, long long order, const char *fields)
{
	struct http	 h;
	struct timespec	 tenth = { 0, 100 * 1000 * 1000 };
	char		 extra[4096], t[33];
	const char	*p;
	int		 i;

	snprintf(extra, sizeof(extra), "-d 'csrf=%s&id=%lld&%s'", csrf, order,
	    fields);
	demo_as(s, octet, jar, "/orders/pay", extra, 303, &h);
	ck_assert_ptr_nonnull(p = strstr(h.headers, "/sandbox/cashier?t="));
	memcpy(t, p + strlen("/sandbox/cashier?t="), 32);
	t[32] = '\0';
	http_free(&h);
	snprintf(extra, sizeof(extra), "-d 'csrf=%s&t=%s&action=pay'", csrf,
	    t);
	demo_as(s, octet, jar, "/sandbox/cashier", extra, 303, &h);
	http_free(&h);
	for (i = 0; i < 150; i++) {
		if (demo_sql_int(s, "SELECT count(*) FROM orders WHERE id = %lld"
		    " AND pay_state = 'paid'", order) == 1)
			return 1;
		nanosleep(&tenth, NULL);
	}
	return 0;
}

/* ---- card tables ------------------------------------------------------ */

#define DEMO_COLS	16

/*
 * The text of the element that starts at the '>' of tag p up to end
 * (exclusive), without tags and surrounding blanks, into out.
 */
static void
cell_text(const char *p, const char *end, char *out, size_t sz)
{
	size_t	 n = 0;
	int	 in_tag = 0;

	for (; p < end && n + 1 < sz; p++) {
		if (*p == '<')
			in_tag = 1;
		else if (*p == '>')
			in_tag = 0;
		else if (!in_tag && (n > 0 || (*p != ' ' && *p != '\n')))
			out[n++] = *p;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n'))
		n--;
	out[n] = '\0';
}

/* The value of attribute name in the tag from p to its '>', into out;
 * 0 if it has none. */
static int
tag_attr(const char *p, const char *name, char *out, size_t sz)
{
	const char	*end = strchr(p, '>'), *a, *q;
	char		 key[64];

	snprintf(key, sizeof(key), " %s=\"", name);
	if (end == NULL || (a = strstr(p, key)) == NULL || a > end)
		return 0;
	a += strlen(key);
	if ((q = strchr(a, '"')) == NULL)
		return 0;
	snprintf(out, sz, "%.*s", (int)(q - a), a);
	return 1;
}

int
demo_card_labels(const struct http *h, char *why, size_t sz)
{
	char		 heads[DEMO_COLS][128], label[128], cls[256];
	const char	*t, *tend, *p, *e, *row, *rend;
	int		 nh, i, checked = 0;

	snprintf(why, sz, "no card table");
	for (t = h->body; (t = strstr(t, "<table")) != NULL; t = tend) {
		if ((tend = strstr(t, "</table>")) == NULL)
			return -1;
		if (!tag_attr(t, "class", cls, sizeof(cls)) ||
		    (strstr(cls, "card-table") == NULL &&
		    strstr(cls, "order-table") == NULL))
			continue;
		/* The column names, from the <thead>. */
		nh = 0;
		e = strstr(t, "</thead>");
		for (p = t; e != NULL && e < tend && nh < DEMO_COLS &&
		    (p = strstr(p, "<th")) != NULL && p < e; p += 3) {
			if (p[3] != ' ' && p[3] != '>')
				continue;	/* <thead> */
			cell_text(strchr(p, '>'), strstr(p, "</th>"),
			    heads[nh], sizeof(heads[nh]));
			nh++;
		}
		if (nh == 0) {
			snprintf(why, sz, "table \"%s\" has no headers", cls);
			return -1;
		}
		/* Each row's cells, one per column, labelled with its name. */
		for (row = e; (row = strstr(row, "<tr")) != NULL &&
		    row < tend; row = rend) {
			rend = strstr(row, "</tr>");
			if (rend == NULL || rend > tend)
				return -1;
			for (i = 0, p = row; (p = strstr(p, "<td")) != NULL &&
			    p < rend; p += 3, i++) {
				if (tag_attr(p, "colspan", label,
				    sizeof(label)))
					break;		/* a group's head row */
				if (i >= nh || !tag_attr(p, "data-label", label,
				    sizeof(label)) || strcmp(label,
				    heads[i]) != 0) {
					snprintf(why, sz, "table \"%s\": cell "
					    "%d under \"%s\" is labelled "
					    "\"%s\"", cls, i + 1, i < nh ?
					    heads[i] : "(no column)",
					    tag_attr(p, "data-label", label,
					    sizeof(label)) ? label : "");
					return -1;
				}
				checked++;
			}
			if (i != 0 && i != nh && !(p != NULL && p < rend)) {
				snprintf(why, sz, "table \"%s\": a row of %d "
				    "cells under %d headers", cls, i, nh);
				return -1;
			}
		}
	}
	if (checked == 0)
		return -1;
	return checked;
}

void
demo_assert_steps(const struct http *h, int n)
{
	static const char *const label[] = { "数字证书(CA)信息",
	    "补办类型及信息", "订单确认", "支付" };
	char	 want[256];
	int	 i;

	for (i = 1; i <= 4; i++) {
		snprintf(want, sizeof(want), "<li class=\"step%s\"%s><span "
		    "class=\"step-num\">%d</span><span class=\"step-label\">"
		    "%s</span></li>", i < n ? " is-done" : i == n ?
		    " is-active" : "", i == n ? " aria-current=\"step\"" : "",
		    i, label[i - 1]);
		ck_assert_msg(http_has(h, want), "no step: %s", want);
	}
	ck_assert_msg(strstr(h->body, "class=\"step-num\">5<") == NULL,
	    "a fifth step");
}
