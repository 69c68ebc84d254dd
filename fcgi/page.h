/*
 * page.h: what a handler gets (struct ctx) and what it hands back
 * (struct resp), plus the helpers that fill a response.
 *
 * A handler reads only typed values: its query or form keys from ctx->in
 * (param.h), the rest of the request from ctx->req (req.h).  It writes
 * the database through appdb, and finishes with exactly one of
 * page_render(), page_error(), page_redirect(), page_text() or
 * page_blob().  It returns
 * 0, or -1 for an internal failure, which the worker turns into the one
 * styled 500 page; the details stay in the log.
 */
#ifndef FCGI_PAGE_H
#define FCGI_PAGE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "fcgi/render.h"
#include "fcgi/req.h"

struct appdb;
struct metrics;

/*
 * One issuing CA's daemon (fcgi/webca.h).  cas[0] of struct webconf is
 * the first (-c/-C, name ""), the others come from -a.
 */
#define WEBCA_MAX	8
struct webca {
	char		 name[17];	/* "" = the first CA */
	const char	*sock;		/* its daemon's web socket */
	const char	*chain;		/* PEM: issuing CA, root; or NULL */
	int		 has_key;	/* the hashes below are set */
	unsigned char	 key_sha1[20];	/* of its public key (OCSP CertID) */
	unsigned char	 key_sha256[32];
};

/* Settings of the web application, fixed at start. */
struct webconf {
	const char	*xsl_dir;	/* stylesheets */
	const char	*db_path;	/* app database */
	const char	*ca_socket;	/* signing daemon */
	int		 fault_inject;	/* enables /__fault (tests only) */
	const char	*upload_dir;	/* uploaded files, outside the web
					   root (webd -u) */
	const char	*pay_sandbox;	/* the sandbox gateway's directory
					   (webd -P), NULL: no online
					   payment */
	const char	*base_url;	/* our public https URL, for the
					   notify URL we give a gateway
					   (webd -b) */
	const char	*tls_ca;	/* CA file the sandbox gateway
					   verifies our https with (webd -t) */
	unsigned char	 app_key[32];	/* the application secret (webd -k):
					   derives 领取码 (fcgi/pickup.h),
					   keys SMS codes (fcgi/smscode.h) */
	int		 has_app_key;
	int		 sms_outbox;	/* the SMS outbox (webd -m,
					   fcgi/sms.h), -1: none */
	const char	*ca_chain;	/* PEM file: issuing CA, root (webd
					   -C), for certificate downloads;
					   NULL: none */
	struct webca	 cas[WEBCA_MAX];	/* the issuing CAs: cas[0] is
						   ca_socket + ca_chain */
	size_t		 ncas;
	struct metrics	*metrics;	/* request counters shared by the
					   workers (fcgi/metrics.h), or
					   NULL */
	/* Who may read /metrics (webd -M): REMOTE_ADDR exactly as nginx
	 * gives it; default 127.0.0.1 and ::1. */
#define WEBCONF_ALLOW_MAX	16
	const char	*metrics_allow[WEBCONF_ALLOW_MAX];
	size_t		 nmetrics_allow;
	/* /healthz fails when a platform's oldest undelivered notice is
	 * older than this (webd -q, seconds; default 3600). */
	long		 notice_stuck_secs;
};

struct resp {
	int		 status;	/* HTTP status, 200 by default */
	const char	*ctype;		/* Content-Type */
	char		*body;		/* malloc'd, body_len bytes */
	size_t		 body_len;
	char		 location[512];	/* Location for 3xx, or "" */
	const char	*allow;		/* Allow header for 405, or NULL */
	char		 cookie[256];	/* Set-Cookie value, or "" */
	const char	*disposition;	/* Content-Disposition, or NULL */
	int		 sandbox;	/* Content-Security-Policy: sandbox
					   (uploaded files) */
};

/* A login session (fcgi/session.h finds, starts and ends them): the
 * cookie's token is SESSION_TOKEN hex characters. */
#define SESSION_TOKEN	64		/* hex characters */

struct session {
	char		 id_hash[SESSION_TOKEN + 1];
	long long	 person;	/* 0 = anonymous */
	long long	 membership;	/* chosen identity, 0 = none yet */
	char		 csrf[SESSION_TOKEN + 1];
	long long	 created_at;
	long long	 seen_at;
	char		 cert_serial[41];	/* opened by CA登录 with this
						   certificate; "" otherwise */
};

struct appdb_identity;
struct appdb_operator;
struct params;

struct ctx {
	const struct webconf	*conf;
	struct req		*req;
	/* The request's query or form keys, validated and typed by the
	 * key table (fcgi/param.h); NULL for the machine protocols. */
	const struct params	*in;
	struct appdb		*db;
	struct resp		*resp;
	struct session		*sess;	/* NULL: no live session */
	/* The chosen identity (company + role), for routes that need one;
	 * NULL otherwise.  Everything a handler shows is scoped by it. */
	const struct appdb_identity *who;
	/* The operator, for operator routes (A_OPERATOR); NULL otherwise. */
	const struct appdb_operator *op;
	char			 person_name[65];
	int			 page;	/* enum page of the route taken
					   (route.h), -1 before or none */
};

/*
 * Adds the header element <user> (name, identity) and <csrf> to a page
 * document when there is a session; every page stylesheet shows them via
 * layout.xsl.  Returns 0 / -1.
 */
int	 page_common(struct ctx *c, xmlNodePtr root);

/* Renders doc (freed here, in every case) with sheet as an HTML page. */
int	 page_render(struct ctx *c, int status, enum sheet sheet,
	    xmlDocPtr doc);
/* Fills the styled error page for HTTP status. */
int	 page_error(struct ctx *c, int status);
/* 303 See Other to a local path (must start with '/'). */
int	 page_redirect(struct ctx *c, const char *path);
/* A plain-text body (health checks). */
int	 page_text(struct ctx *c, int status, const char *text);
/*
 * A 200 response of other bytes (a download, an uploaded file): body is
 * malloc'd, len bytes, and owned by the response from here on, also when
 * this fails.  ctype and disposition (NULL for none) must stay valid
 * until the response is written (string literals, or static storage of
 * the handler's module).  Returns 0 / -1.
 */
int	 page_blob(struct ctx *c, const char *ctype, const char *disposition,
	    char *body, size_t len);
/* Frees the body of r and resets it, keeping a Set-Cookie value. */
void	 resp_reset(struct resp *r);

#endif
