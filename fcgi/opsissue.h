/*
 * opsissue.h: 签发新证书 — the operator's side of issuing the replacement
 * (SPEC §4, issue 6 item 4): the new USB key's certificate request is
 * checked here and sent to the signing daemon's REISSUE, which issues
 * the certificate with the old subject, notAfter and platforms; the
 * certificate is offered as PEM, DER and chain for writing onto the key.
 * The software certificate option makes the key pair in the worker
 * instead and hands it over once, as a password-protected PKCS#12 in a
 * zip (fcgi/softcert.h).
 *
 * Every route is A_OPERATOR (fcgi/route.c) and acts only on orders of the
 * operator's own office (order_office()); another office's order is 403.
 */
#ifndef FCGI_OPSISSUE_H
#define FCGI_OPSISSUE_H

#include <libxml/tree.h>

#include "fcgi/page.h"

struct order;

/*
 * POST /ops/issue (multipart): id, csrf, and either csr (a file: PEM or
 * DER PKCS#10, at most 64 KiB) with an optional key_serial (the new USB
 * key's serial), or keygen=1 with password and password2 (8-64
 * characters, the same twice).  Issues only while order_check(ORDER_ISSUE)
 * is legal; a retry of an issued order with the same key changes nothing
 * and goes to the order page; a second software certificate is refused.
 * A refused request is the order page again with the reason, 400 (bad
 * upload or password) or 409 (the order's state).  Success: 303 to the
 * order page (CSR), or the zip itself (keygen).
 */
int	opsissue_post(struct ctx *);

/*
 * Dual control.  When the daemon answers POST /ops/issue with "a second
 * operator must confirm", the request is stored (issue_request: the CSR,
 * or keygen without a password) and the order page says 待复核 (303
 * with notice=requested); while it waits, /ops/issue answers the
 * requester with that page again and anyone else 409 pending.
 *
 * POST /ops/confirm: id, csrf (and password, password2 for keygen):
 * another operator of the office -- not the requester, not the same
 * CA登录 certificate (409 same_operator) -- confirms: REISSUE with both
 * certificates' serials, then recorded as /ops/issue records, the
 * request deleted in the same transaction; answered as /ops/issue
 * answers (303, or the zip to the confirming operator).  409 no_request
 * without one.
 *
 * POST /ops/issue/cancel: id, csrf: the requester withdraws it (303
 * notice=withdrawn; one audit record); anyone else 409 not_requester.
 */
int	opsissue_confirm(struct ctx *);
int	opsissue_cancel(struct ctx *);

/*
 * GET /ops/cert?id=N&fmt=pem|der|chain: the order's new certificate as
 * PEM (application/x-pem-file), DER (application/pkix-cert) or the chain
 * certificate + issuing CA + root (PEM), as an attachment named
 * ORDERNO-SERIAL.{pem,cer,chain.pem}.  404 until it is issued.
 */
int	opsissue_cert(struct ctx *);

#endif
