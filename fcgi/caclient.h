/*
 * caclient.h: the web workers' side of the daemon protocol (ca/proto.h).
 * Workers never read CA keys; everything they need from the CA goes
 * through these calls, one short connection per call.
 *
 * Return convention for calls that can be refused: 0 done, 1 the daemon
 * refused (err gets its one-line English reason, for the log; pages show
 * their own Chinese message), -1 the daemon could not be reached or broke
 * the protocol (logged).
 */
#ifndef FCGI_CACLIENT_H
#define FCGI_CACLIENT_H

#include <stddef.h>

/* Returns 0 if the daemon at sock answers PING, else -1 (logged). */
int	caclient_ping(const char *sock);

/* One figure of a daemon's PROTO_METRICS reply (ca/proto.h). */
struct caclient_metric {
	char		 name[48];
	char		 label[16];	/* "" = none */
	char		 value[128];	/* the label's value */
	unsigned long long v;
};

/*
 * PROTO_METRICS from the daemon at sock, all of it (connecting, sending,
 * the reply) within wait_ms milliseconds, whatever the daemon does.  0
 * with *out (malloc'd, caller frees) of *n figures, or -1 (logged): no
 * daemon, no answer in time (errno ETIMEDOUT), or a malformed one.
 */
int	caclient_metrics(const char *sock, int wait_ms,
	    struct caclient_metric **out, size_t *n);

/*
 * PROTO_STATUS: the CA's name and vendor (证书厂商, "" if none) into name
 * and vendor (sizes nsz, vsz), *issuing 1 or 0 (stopped: cactl ca
 * disable).  0, or -1 (logged).
 */
int	caclient_status(const char *sock, char *name, size_t nsz,
	    char *vendor, size_t vsz, int *issuing);

/* What the daemon knows of one certificate (PROTO_SHOW). */
struct caclient_cert {
	long long	 not_before;
	long long	 not_after;
	long long	 revoked_at;	/* 0 = not revoked */
	int		 reason;	/* CRLReason, -1 = none */
	char		 subject[1024];
	char		 replaced_by[41];
};

/* 0 found (fills *out), 1 unknown serial, -1 unreachable. */
int	caclient_show(const char *sock, const char *serial,
	    struct caclient_cert *out);

/*
 * Like caclient_show(), and on 0 also the certificate: *der (malloc'd,
 * caller frees) of *der_len bytes.  0/1/-1; *der is NULL unless 0.
 */
int	caclient_show_der(const char *sock, const char *serial,
	    struct caclient_cert *out, unsigned char **der, size_t *der_len);

/* Revokes serial with a CRLReason, for order_id ("" = none).  0/1/-1. */
/*
 * Passes an OCSP request's bytes (req may be NULL when len is 0) to the
 * daemon, whose responder answers (ca/caocsp.h).  0 with *out (malloc'd,
 * caller frees) the OCSPResponse's DER, or -1 (logged): no answer.
 */
int	caclient_ocsp(const char *sock, const unsigned char *req, size_t len,
	    unsigned char **out, size_t *out_len);
int	caclient_revoke(const char *sock, const char *actor,
	    const char *serial, int reason, const char *order_id, char *err,
	    size_t errsz);

/*
 * Links serial to the linked platform named platform (PROTO_LINK; the
 * daemon queues the platform's "linked" notice).  0 linked (now or
 * before), 2 the daemon does not know the serial (another CA's
 * certificate), 1 refused (err says why), -1 no daemon.
 */
int	caclient_link(const char *sock, const char *actor, const char *serial,
	    const char *platform, char *err, size_t errsz);

/* An ISSUE request (PROTO_ISSUE); strings may be "" where optional. */
struct caclient_issue {
	const char	*actor;
	const char	*order_id;
	const char	*org, *ou, *cn, *sn;
	long long	 not_after;	/* 0 = the CA's default validity */
	const unsigned char *csr;	/* DER or PEM */
	size_t		 csr_len;
	const char	*const *platforms;
	size_t		 nplatforms;
};

/*
 * Issues a certificate.  On 0, serial (41 bytes) is set and *der is the
 * certificate (malloc'd, caller frees) of *der_len bytes.  0/1/-1.
 */
int	caclient_issue(const char *sock, const struct caclient_issue *r,
	    char *serial, unsigned char **der, size_t *der_len, char *err,
	    size_t errsz);

/*
 * 补办 (PROTO_REISSUE): replaces old_serial under order_id (required)
 * with a certificate for the key of csr (csr_len bytes, DER or PEM),
 * revoking the old one with CRLReason reason unless it was already
 * revoked for this order.  The same order id again returns the same
 * certificate, whatever CSR comes with it.  approver and approver2 (NULL
 * or "" = none; approver2 only with approver) are the serials of the
 * approving operators' CA登录 certificates; under the daemon's dual
 * control (a 单位(机构)主锁 by default) it signs only with both, from two
 * different operators.  On 0, serial (41 bytes) is the new certificate's,
 * *der (malloc'd, caller frees) the certificate of *der_len bytes, and
 * *revoked_now (may be NULL) 1 if this call revoked the old one.
 * 0/1/-1, or 2: nothing was done because a second operator must confirm
 * (PROTO_E_APPROVAL).
 */
int	caclient_reissue(const char *sock, const char *actor,
	    const char *old_serial, int reason, const unsigned char *csr,
	    size_t csr_len, const char *order_id, const char *approver,
	    const char *approver2, char *serial, unsigned char **der,
	    size_t *der_len, int *revoked_now, char *err, size_t errsz);

#endif
