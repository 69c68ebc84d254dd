/*
 * demo.h: the fixture the page-level integration suites share: a stack
 * with the demo data, the demo certificates and three certificates in
 * other states (expired, 补办中, revoked), SQL through the sqlite3 CLI,
 * and logging a demo person in as one of their identities.
 */
#ifndef TESTS_DEMO_H
#define TESTS_DEMO_H

#include <stddef.h>

#include "tests/integ/stack.h"

#define DEMO_USCC_A	"91210105MA0YDEM15L"
#define DEMO_USCC_B	"91210211MA0YDEM23A"

/*
 * Starts s (stack_up) with the demo data, `webctl demo-certs` and the
 * extra certificates (for 李演示 in A one expired, one 补办中; for 赵演示
 * in B one revoked).  Also makes $STACK_DIR/t.  Returns 0 or -1.
 */
int	 demo_up(struct stack *s);
/*
 * Runs SQL q on the app database with the sqlite3 CLI and copies the
 * first line of its output to out (sz bytes; out may be NULL).  0 / -1.
 */
int	 demo_sql(const struct stack *s, const char *q, char *out, size_t sz);
/* The number the query prints; the test fails on error. */
long long demo_sql_int(const struct stack *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Copies the text the query prints into out; the test fails on error. */
void	 demo_sql_str(const struct stack *s, char *out, size_t sz,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Logs mobile in from 127.0.0.octet with cookie jar $STACK_DIR/t/jar-N
 * and chooses the identity (role, company uscc, "" for 个人); copies the
 * session's CSRF token into csrf.  Returns 0 or -1 (reason on stderr).
 */
int	 demo_login(const struct stack *s, int octet, int jar,
	    const char *mobile, const char *role, const char *uscc,
	    char csrf[65]);

/*
 * curl as one visitor of s: from 127.0.0.octet with the cookie jar
 * $STACK_DIR/t/jar-JAR (jar < 0: no address, no jar), with extra curl
 * words (may be NULL), answer in *h; the test fails on a status other
 * than status (0: any).
 */
void	 demo_as(const struct stack *s, int octet, int jar, const char *path,
	    const char *extra, int status, struct http *h);
/*
 * A visitor who logs in with a demo client certificate (CA登录):
 * operators.  octet and jar as for demo_as(); cert names the files
 * $STACK_DIR/demo-certs/CERT.crt and .key; csrf is filled by
 * demo_cert_login().
 */
struct demo_certuser {
	int		 octet;
	int		 jar;
	const char	*cert;		/* e.g. "13900000101-1" */
	char		 csrf[65];
};
/* demo_as() for u, presenting its certificate. */
void	 demo_cert_as(const struct stack *s, const struct demo_certuser *u,
	    const char *path, const char *extra, int status, struct http *h);
/* CA登录 for u (agree=1), then its session's CSRF token.  0 / -1. */
int	 demo_cert_login(const struct stack *s, struct demo_certuser *u);
/* Writes the body of h to $STACK_DIR/t/name; the test fails on error. */
void	 demo_save(const struct stack *s, const struct http *h,
	    const char *name);
/* Fetches the issuing CA's CRL over plain HTTP from nginx's /crl/ into
 * $STACK_DIR/t/crl.der and (PEM) t/crl.pem. */
void	 demo_fetch_crl(const struct stack *s);
/*
 * The CA补办 wizard as a person would walk it, as the visitor (octet,
 * jar) with its CSRF token: step 1, the .docx, step 2 with reason 证书丢失
 * and the stamped scan $STACK_DIR/t/s.png (which the caller writes),
 * 订单确认 and 提交订单.  Returns the new order's id; the test fails if a
 * step does not answer as it should.
 */
long long demo_reissue_order(const struct stack *s, int octet, int jar,
	    const char *csrf, long long cert);
/*
 * 立即支付 with the form words fields (without csrf and id), 确认支付 at the
 * sandbox cashier, then waits up to 15 s for the gateway's signed
 * notification to mark the order paid.  Returns 1 paid, 0 not.
 */
int	 demo_pay_sandbox(const struct stack *s, int octet, int jar,
	    const char *csrf, long long order, const char *fields);
/*
 * The card tables of the page in h (class card-table or order-table,
 * which a phone shows as one card per row): every <td> of a row must
 * carry data-label equal to the text of its column's <th>, the name a
 * phone card shows beside it.  Rows with a colspan cell (a group's
 * head) are left out.  Returns the number of cells checked (> 0), or
 * -1 with the first mismatch (or "no card table") in why.
 */
int	 demo_card_labels(const struct http *h, char *why, size_t sz);
/*
 * The CA补办 wizard's stepper in h: the four steps a person goes through
 * (数字证书(CA)信息, 补办类型及信息, 订单确认, 支付), step n current and those
 * before it done; the test fails otherwise.
 */
void	 demo_assert_steps(const struct http *h, int n);
/* A GET as demo_as() of the path fmt makes. */
void	 demo_getf(const struct stack *s, int octet, int jar, int status,
	    struct http *h, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif
