/*
 * fuzz_paynotify.c: libFuzzer target for the payment notification path
 * of POST /pay/notify: the form body through the request parser
 * (fcgi/req.c), then fcgi/paymsg.c: paymsg_from_req, the canonical
 * string, paymsg_verify against a fixed RSA key, and paymsg_notice.
 *
 * Input: the urlencoded body.  Nothing may crash, leak or loop; a message
 * that paymsg_from_req accepts must have unique names and a canonical
 * string without "sign"/"sign_type"; a notice that paymsg_notice accepts
 * must obey its promises (order number "CR" and digits, amount >= 0).
 * A random body never verifies (it would need a forged RSA signature);
 * the target also signs every accepted message itself and checks that it
 * then verifies, so sign and verify are exercised on strange values.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "fcgi/paymsg.h"
#include "fcgi/req.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static EVP_PKEY	*key;

struct body {
	const uint8_t	*p;
	size_t		 len, off;
};

static long
body_read(void *ctx, void *buf, size_t n)
{
	struct body	*b = ctx;

	if (n > b->len - b->off)
		n = b->len - b->off;
	memcpy(buf, b->p + b->off, n);
	b->off += n;
	return (long)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct paymsg	 m;
	static char		 canon[65536];
	struct paymsg_notice	 n;
	struct req		 r;
	struct body		 b = { data, size, 0 };
	char			 clen[32];
	char			*env[] = { "REQUEST_METHOD=POST",
	    "DOCUMENT_URI=/pay/notify",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", clen, NULL };
	const char		*why;
	size_t			 i, j;

	if (key == NULL && (key = EVP_RSA_gen(2048)) == NULL)
		abort();
	snprintf(clen, sizeof(clen), "CONTENT_LENGTH=%zu", size);
	if (req_parse(&r, env, body_read, &b, NULL) == REQ_OK &&
	    paymsg_from_req(&m, &r) == 0) {
		for (i = 0; i < m.n; i++)
			for (j = i + 1; j < m.n; j++)
				if (strcmp(m.p[i].key, m.p[j].key) == 0)
					abort();
		if (paymsg_canonical(&m, canon, sizeof(canon)) < 0 ||
		    strstr(canon, "sign=") == canon)
			abort();
		if (paymsg_verify(&m, key) == 1)
			abort();
		if (paymsg_notice(&m, &n, &why) == 0 &&
		    (strncmp(n.out_trade_no, "CR", 2) != 0 ||
		    n.amount_fen < 0))
			abort();
		if (paymsg_get(&m, "sign") == NULL &&
		    paymsg_get(&m, "sign_type") == NULL &&
		    paymsg_sign(&m, key) == 0 && paymsg_verify(&m, key) != 1)
			abort();
	}
	req_free(&r);
	return 0;
}
