/*
 * join.h: 加入申请, the "+ 新增" of 关联公司及身份选择 (guide 图2): a
 * logged-in person asks to join a company, by its 统一社会信用代码, with a
 * role; the company's administrator decides in 人员管理 (centre.h).
 */
#ifndef FCGI_JOIN_H
#define FCGI_JOIN_H

#include "fcgi/page.h"

/* GET /identity/join: the form (统一社会信用代码, 身份). */
int	join_form(struct ctx *);
/*
 * POST /identity/join: uscc, role, csrf.  Stores a pending request (one
 * transaction, one audit record "join.request") and answers 303 to
 * /identity?notice=join_sent; a refused field re-renders the form with
 * its message and the typed values (400, or 409 for a duplicate), and
 * nothing is stored.  0 / -1.
 */
int	join_post(struct ctx *);
/*
 * POST /identity/join/seen: csrf.  The person dismisses the decisions
 * shown on 关联公司及身份选择 (one transaction, one audit record
 * "join.seen"; nothing to dismiss changes nothing).  303 to /identity.
 */
int	join_seen(struct ctx *);

#endif
