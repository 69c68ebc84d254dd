/*
 * proto.h: the wire protocol between the signing daemon (cad) and its
 * clients (cactl, the web workers).  The daemon owns this definition.
 *
 * Every message is one frame:
 *
 *	offset	size	field
 *	0	1	version (PROTO_VERSION)
 *	1	1	op (see the operations below)
 *	2	2	reserved, must be zero
 *	4	4	payload length, big-endian, <= PROTO_MAX_PAYLOAD
 *	8	len	payload: a sequence of fields
 *
 * A field is a kind byte (U64, STR or BYTES below), a 4-byte big-endian
 * length and that many bytes.  A U64 field is 8 bytes big-endian; a STR
 * field is UTF-8 text without NUL bytes; a BYTES field is opaque.
 * Requests and replies use the same framing; a reply's op is PROTO_OK or
 * PROTO_ERR.  An ERR reply carries a U64 error code (enum proto_err) and a
 * STR message.
 *
 * Readers take fields in order with typed getters that check kind and
 * bounds; proto_end() then insists nothing is left.  Anything else is a
 * protocol violation, and the daemon closes that connection.
 */
#ifndef CA_PROTO_H
#define CA_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION		1
#define PROTO_HDR_LEN		8
#define PROTO_MAX_PAYLOAD	(256 * 1024)

/*
 * Requests and their fields, in order.  "serial" is uppercase hex; times
 * are unix seconds; reason is an RFC 5280 CRLReason (0..10, not 7); an
 * empty STR or a zero U64 means "none" where the field is optional.
 */
enum proto_op {
	PROTO_PING = 1,		/* -> OK STR "pong" */
	PROTO_STATUS = 2,	/* -> OK STR ca name, STR algorithm,
				      STR CA subject, U64 CA notAfter,
				      U64 uptime s, U64 pid, U64 certs,
				      U64 revoked, U64 last CRL number,
				      STR vendor (证书厂商, may be ""),
				      U64 1 issuing / 0 stopped */
	PROTO_ISSUE = 3,	/* STR actor, STR order id (optional),
				   STR O, STR OU, STR CN, STR serialNumber,
				   U64 notAfter (0 = default validity),
				   BYTES CSR (DER or PEM), U64 n,
				   n x STR platform
				   -> OK STR serial, BYTES certificate DER */
	PROTO_REISSUE = 4,	/* STR actor, STR old serial, U64 reason,
				   U64 invalidity date, STR order id,
				   BYTES CSR, STR approver, STR approver2
				   -> OK STR serial, BYTES certificate DER,
				      U64 1 if the old one was revoked now
				   approver(2): serials of the approving
				   operators' certificates ("" = none);
				   dual control (ca.conf dual_control_ou)
				   needs two: else PROTO_E_APPROVAL */
	PROTO_REVOKE = 5,	/* STR actor, STR serial, U64 reason,
				   U64 invalidity date, STR order id
				   -> OK U64 revocation time */
	PROTO_UNHOLD = 6,	/* STR actor, STR serial -> OK */
	PROTO_CRL = 7,		/* STR actor -> OK U64 CRL number */
	PROTO_LIST = 8,		/* STR state (all/valid/revoked/expired),
				   STR subject substring, U64 limit
				   -> OK U64 n, n x (STR serial, STR subject,
				      U64 notAfter, U64 revoked at,
				      U64 reason + 1 (0 = none),
				      STR replaced by) */
	PROTO_SHOW = 9,		/* STR serial
				   -> OK STR subject, U64 notBefore,
				      U64 notAfter, U64 issued at,
				      U64 revoked at, U64 reason + 1,
				      U64 invalidity, U64 issued under
				      token, U64 revoked under token (the
				      signing role's fencing tokens; 0 =
				      none), STR order id,
				      STR replaces, STR replaced by,
				      BYTES certificate DER, U64 n,
				      n x STR platform */
	PROTO_AUDIT_VERIFY = 10, /* -> OK U64 records, STR head hash,
				      U64 first bad record (0 = intact),
				      STR why, STR the CA's name */
	/*
	 * Linked platforms and the notice outbox (canotice.h, PLATFORMS.md).
	 * A platform authenticates by its certificate (DER; its url must be
	 * https) or a shared secret (16-128 printable ASCII): exactly one.
	 */
	PROTO_PLATFORM_ADD = 11, /* STR actor, STR name, STR url,
				   BYTES certificate DER (empty = none),
				   STR secret ("" = none) -> OK */
	PROTO_PLATFORM_ENABLE = 12, /* STR actor, STR name, U64 1/0 -> OK */
	PROTO_PLATFORM_LIST = 13, /* -> OK U64 n, n x (STR name, STR url,
				      STR auth ("secret" or "cert SHA256
				      fingerprint"), U64 enabled,
				      U64 last seq, U64 pending,
				      U64 failed) */
	PROTO_LINK = 14,	/* STR actor, STR serial, STR platform
				   -> OK U64 1 if newly linked (a
				      "linked" notice is queued for that
				      platform only), 0 if it already
				      was (nothing is queued) */
	PROTO_NOTICE_LIST = 15,	/* STR platform (""), STR state ("",
				   pending, delivered, failed), U64 limit
				   -> OK U64 n, n x (U64 id, STR event id,
				      STR platform, U64 seq, STR type,
				      STR serial, STR state, U64 attempts,
				      U64 created, U64 next try,
				      U64 delivered at, STR last error) */
	PROTO_NOTICE_RETRY = 16, /* STR actor, STR platform, U64 id (0 =
				   all its open notices) -> OK U64 count */
	/*
	 * The delivery process's two requests (the only ones the notice
	 * socket accepts besides PING).  NEXT hands out each platform's
	 * oldest undelivered notice if it is due and not already handed
	 * out (a lease of CAOP_LEASE_SECS); with nothing to hand out it
	 * waits up to wait_ms for something to become due.
	 */
	PROTO_NOTICE_NEXT = 17,	/* U64 max, U64 wait_ms -> OK U64 n,
				   n x (U64 id, STR platform, STR url,
				   STR secret, BYTES certificate DER,
				   STR event id, U64 seq, U64 attempts,
				   BYTES body) */
	PROTO_NOTICE_RESULT = 18, /* U64 id, U64 1 delivered / 0 failed,
				   U64 HTTP status (0 = none), STR what
				   went wrong -> OK */
	/*
	 * An OCSP request's DER (as a relying party sent it, unchecked)
	 * -> its OCSPResponse's DER, signed by the delegated responder
	 * (ca/caocsp.h); "unauthorized" when cad has no responder (-O).
	 */
	PROTO_OCSP = 19,	/* BYTES request -> OK BYTES response */
	/*
	 * Stops (0) or resumes (1) issuing: a stopped CA refuses ISSUE
	 * and REISSUE (PROTO_E_REFUSED, "... stopped issuing ...") and
	 * still revokes, publishes CRLs and answers OCSP for what it
	 * issued (cactl ca disable / enable).
	 */
	PROTO_CA_ISSUING = 20,	/* STR actor, U64 1/0 -> OK */
	/*
	 * Read-only figures for monitoring (webd's /metrics and /healthz):
	 * -> OK U64 n, n x (STR name, STR label name ("" = none), STR
	 * label value, U64 value).  Times are unix seconds; names are
	 * listed in cametrics.c (cametrics_op) and README "Health and metrics".
	 * Asks the key process for a HELLO (signs nothing).
	 */
	PROTO_METRICS = 21,	/* -> OK U64 n, n x (STR, STR, STR, U64) */
	/*
	 * The newest records of the audit log, oldest first (cactl audit
	 * list); a detail longer than CAAUDIT_DETAIL_MAX is cut (flag 1).
	 */
	PROTO_AUDIT_LIST = 22,	/* U64 n (1..500) -> OK U64 n, n x (U64 id,
				      U64 at, STR ca, STR actor, STR op,
				      STR detail, U64 1 if cut) */
	PROTO_OP__MAXREQ,
	PROTO_OK = 0x80,
	PROTO_ERR = 0x81
};

enum proto_kind {
	PROTO_U64 = 1,
	PROTO_STR = 2,
	PROTO_BYTES = 3
};

enum proto_err {
	PROTO_E_BADREQ = 1,	/* malformed or unknown request */
	PROTO_E_NOTFOUND = 2,	/* no such certificate / order */
	PROTO_E_CONFLICT = 3,	/* state forbids it (already revoked ...) */
	PROTO_E_REFUSED = 4,	/* policy refused it (weak key ...) */
	PROTO_E_INTERNAL = 5,	/* daemon-side failure, see its log */
	PROTO_E_APPROVAL = 6,	/* a second operator must confirm */
	PROTO_E_STANDBY = 7	/* this daemon is a standby: another signer
				   holds the role (cadrole.h); ask again
				   later, or that one */
};

/* A message being read: points into a buffer the caller owns. */
struct proto_msg {
	uint8_t		 op;
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

/* A message being written; grows as needed; err sticks after a failure. */
struct proto_buf {
	uint8_t		*p;
	size_t		 len;
	size_t		 cap;
	int		 err;
};

/*
 * Parses an 8-byte header.  Returns 0 and sets *op and *len, or -1 if the
 * version, reserved bytes or length are wrong.
 */
int	proto_hdr_parse(const uint8_t *hdr, uint8_t *op, uint32_t *len);

/* Starts reading payload p of len bytes (not copied). */
void	proto_msg_init(struct proto_msg *m, uint8_t op, const uint8_t *p,
	    size_t len);
/* Getters: 0 on success, -1 on wrong kind, truncation or bound. */
int	proto_get_u64(struct proto_msg *m, uint64_t *v);
/* Copies a STR of at most bufsz-1 bytes into buf and NUL-terminates it. */
int	proto_get_str(struct proto_msg *m, char *buf, size_t bufsz);
/* Points *p into the message at a BYTES field of at most max bytes. */
int	proto_get_bytes(struct proto_msg *m, const uint8_t **p, size_t *len,
	    size_t max);
/* Returns 0 if every byte of the payload was consumed, else -1. */
int	proto_end(const struct proto_msg *m);

/* Starts a frame with this op; proto_buf_free() releases it. */
void	proto_buf_init(struct proto_buf *b, uint8_t op);
void	proto_put_u64(struct proto_buf *b, uint64_t v);
void	proto_put_str(struct proto_buf *b, const char *s);
void	proto_put_bytes(struct proto_buf *b, const void *p, size_t len);
/*
 * Writes the payload length into the header.  Returns 0, or -1 if any put
 * failed or the payload exceeds PROTO_MAX_PAYLOAD.
 */
int	proto_buf_finish(struct proto_buf *b);
void	proto_buf_free(struct proto_buf *b);

/* Replaces whatever b holds with the standard error reply. */
void	proto_err_reply(struct proto_buf *b, enum proto_err code,
	    const char *msg);

/*
 * Blocking helpers for clients.  proto_connect() returns a connected
 * unix-socket descriptor (30 s send/receive timeouts) or -1.  proto_call()
 * sends a request and reads one reply into *reply (payload malloc'd into
 * *store, freed by the caller even on failure); returns 0, or -1 on I/O or
 * framing error.
 */
int	proto_connect(const char *path);
int	proto_call(int fd, struct proto_buf *req, struct proto_msg *reply,
	    uint8_t **store);

/* Human-readable name of an error code (English, for logs and cactl). */
const char *proto_err_name(uint64_t code);

#endif
