/*
 * pickup.h: 领取码, the code an applicant shows at the office to collect
 * a replacement certificate (现场领取).
 *
 * The code is derived, not stored: HMAC-SHA256 under the application's
 * secret key (webd -k, DIR/secrets/app.key) of the order number, written
 * as 8 characters of an alphabet without look-alikes (2-9, A-Z without
 * I, L, O; 31^8, about 2^40 codes).  So the applicant's page can show it
 * again at any time, and the database alone does not reveal it: the
 * order keeps only a keyed hash of the code (orders.pickup_code_hash),
 * against which the office's entry is checked in constant time.  A code
 * works once: picking up moves the order past the state that accepts it.
 */
#ifndef FCGI_PICKUP_H
#define FCGI_PICKUP_H

#include <stddef.h>

#define PICKUP_KEY_LEN	32	/* bytes of the application secret */
#define PICKUP_CODE_LEN	8
#define PICKUP_HASH_LEN	64	/* hex */

/* The order's code into code (PICKUP_CODE_LEN + 1 bytes).  0 / -1. */
int	pickup_code(const unsigned char key[PICKUP_KEY_LEN],
	    const char *order_no, char code[PICKUP_CODE_LEN + 1]);

/* The keyed hash stored for code, lower-case hex (65 bytes).  0 / -1. */
int	pickup_hash(const unsigned char key[PICKUP_KEY_LEN], const char *code,
	    char hash[PICKUP_HASH_LEN + 1]);

/*
 * Reads a code as typed at the office (spaces and '-' ignored, lower
 * case raised) into code.  0, or -1 if it is not 8 characters of the
 * alphabet.
 */
int	pickup_parse(const char *typed, char code[PICKUP_CODE_LEN + 1]);

/* 1 if code's keyed hash is hash (constant time), else 0. */
int	pickup_check(const unsigned char key[PICKUP_KEY_LEN], const char *code,
	    const char *hash);

/*
 * Reads the application secret from path: 64 hex digits (a trailing
 * newline allowed), file mode 0600 or stricter.  0 / -1 (logged).
 */
int	pickup_key_load(const char *path, unsigned char key[PICKUP_KEY_LEN]);

#endif
