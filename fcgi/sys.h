/*
 * sys.h: handlers that are about the service rather than the user.
 */
#ifndef FCGI_SYS_H
#define FCGI_SYS_H

#include "fcgi/page.h"

/* GET /: home: the login page for anonymous visitors, else the person's
 * own start page (CA管理, 关联公司及身份选择 or the operators' queue). */
int	sys_root(struct ctx *);
/* GET /healthz: 200 and a JSON body when the app database, every CA
 * daemon, its key process and store answer and its CRLs, certificates
 * and notice queues are in order; else 503 naming what failed. */
int	sys_healthz(struct ctx *);
/* GET /metrics: Prometheus text, to webd -M's addresses; else 403. */
int	sys_metrics(struct ctx *);
/* GET /__fault: an internal error on purpose (only with -F, for tests). */
int	sys_fault(struct ctx *);
/* GET /terms, /privacy: the documents the agreement box refers to. */
int	sys_terms(struct ctx *);
int	sys_privacy(struct ctx *);

#endif
