/*
 * castore.h: the signing daemon's own database (SQLite, DIR/ca.db, by
 * default; or PostgreSQL, from a libpq connection string):
 * issued certificates, revocations, the order-id map that makes REISSUE
 * idempotent, linked platforms, the CRL number, the settings fixed at
 * init (meta) and the hash-chained audit log.  Only the daemon opens it
 * for writing (and `cactl init`, which creates it); `cactl audit verify`
 * opens it read-only.
 *
 * Serials are stored as uppercase hex of the positive integer, two digits
 * per byte (as BN_bn2hex and nginx's $ssl_client_serial print them).
 * Times are unix seconds, UTC.
 *
 * A struct castore (one connection) may be handed from thread to
 * thread, but is used by one thread at a time: it has no lock of its own.
 *
 * Implemented by castore.c (connection, migrations, meta, CRL number,
 * audit log), castoreschema.c (the schema of both engines),
 * castorecert.c (certificates), castoreplat.c (platforms, notices) and
 * castorelease.c (the signing role), which share ca/castoreint.h, on
 * the engine seam of lib/dbeng.h.
 */
#ifndef CA_CASTORE_H
#define CA_CASTORE_H

#include <stddef.h>
#include <stdint.h>

#define CASTORE_SERIAL_MAX	41	/* 20 bytes in hex + NUL */
#define CASTORE_ORDER_MAX	65
#define CASTORE_SUBJECT_MAX	1024
#define CASTORE_PLATFORM_MAX	128
#define CASTORE_CA_MAX		64	/* a CA's name (ca.conf name) + NUL */

struct castore;

struct castore_cert {
	char		 serial[CASTORE_SERIAL_MAX];
	char		 subject[CASTORE_SUBJECT_MAX];	/* RFC 2253 text */
	int64_t		 not_before;
	int64_t		 not_after;
	int64_t		 issued_at;
	int64_t		 revoked_at;		/* 0 = not revoked */
	int		 reason;		/* CRLReason, -1 = none */
	int64_t		 invalidity;		/* 0 = none */
	char		 order_id[CASTORE_ORDER_MAX];	/* "" = none */
	char		 revoke_order[CASTORE_ORDER_MAX]; /* "" = none */
	char		 replaces[CASTORE_SERIAL_MAX];	/* "" = none */
	char		 replaced_by[CASTORE_SERIAL_MAX]; /* "" = none */
	uint8_t		*der;			/* malloc'd; see castore_cert_clear */
	size_t		 der_len;
	uint8_t		*subject_der;		/* malloc'd */
	size_t		 subject_der_len;
};

/*
 * Opens (creating and migrating) the store at where: a SQLite file (the
 * default, DIR/ca.db), or a PostgreSQL database named by a libpq
 * connection string (castore_where_pg), a database of the store's own.
 * NULL on failure, logged (a connection string without its password).
 */
struct castore	*castore_open(const char *where);
/* Whether where is a PostgreSQL connection string (lib/dbeng.h: a
 * postgresql:// or postgres:// URI, or key=value pairs naming dbname=)
 * rather than a SQLite file's path. */
int		 castore_where_pg(const char *where);
/* where for messages, into buf (size sz): a file's path, or a
 * connection string's host, port, database and user, never its
 * password. */
void		 castore_describe(const char *where, char *buf, size_t sz);
/*
 * Copies what it can of the WAL into the database without waiting for
 * anyone (SQLite's PASSIVE checkpoint); callable from a second connection
 * on another thread while the first writes (whose own automatic
 * checkpoint then finds little left to copy).  0, or -1 logged.
 */
int		 castore_checkpoint(struct castore *s);
/*
 * For the upgrade tests only: opens (creating) path and migrates it to
 * version and no further, as a program of that version would have left
 * it.  NULL on failure or a version this program does not know.
 */
struct castore	*castore_open_version(const char *path, int version);
/* The schema version this program migrates to / of the open store
 * (-1 on error). */
int		 castore_version_latest(void);
int		 castore_version(struct castore *);
/*
 * Copies the whole store, as of one moment, into the new file dest with
 * SQLite's online backup API (writers go on meanwhile).  0, 2 if dest
 * cannot be created or written (exists, no space, no permission), -1;
 * logged.  The caller removes a dest left by a failure.  A store in
 * PostgreSQL is refused (-1, the log names pg_dump and pgbackrest).
 */
int		 castore_backup(struct castore *, const char *dest);
/* 1 if PRAGMA integrity_check says ok, 0 if not, -1 on error (and on
 * PostgreSQL, which checks its own pages). */
int		 castore_integrity(struct castore *);
/*
 * 1 if the store's server is out of reach now (PostgreSQL: the
 * connection is lost and could not be made again; a SQLite file never
 * is), so that what failed failed for that.  The next call connects
 * again.
 */
int		 castore_unavailable(struct castore *);
/* Opens an existing store read-only (no migration; a SQLite file read
 * only, a PostgreSQL store as castore_open's); NULL on failure. */
struct castore	*castore_open_ro(const char *where);
void		 castore_close(struct castore *);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  0 / -1.  With a fence set
 * (castore_fence), castore_begin() also fails when the role is lost. */
int	 castore_begin(struct castore *);
int	 castore_commit(struct castore *);
int	 castore_rollback(struct castore *);

/*
 * Savepoints nest one operation inside the caller's transaction:
 * castore_savepoint() opens one, castore_savepoint_undo() rolls back to
 * it, castore_savepoint_keep() releases it (keeping what remains).  0 / -1.
 */
int	 castore_savepoint(struct castore *);
/* 1 if a transaction is open (SQLite may end one on its own after an
 * I/O error or a full disk), else 0. */
int	 castore_in_txn(struct castore *);
int	 castore_savepoint_undo(struct castore *);
int	 castore_savepoint_keep(struct castore *);

/* Frees the malloc'd members of c and zeroes it. */
void	 castore_cert_clear(struct castore_cert *c);

/*
 * Adds an issued certificate.  Returns 0, 1 if the serial already exists
 * (the caller draws a new one), or -1.
 */
int	 castore_cert_add(struct castore *, const struct castore_cert *c);
/* Looks a certificate up by serial / by the order that created it. 0 found,
 * 1 not found, -1 error.  Fills *c (caller clears). */
int	 castore_cert_get(struct castore *, const char *serial,
	    struct castore_cert *c);
int	 castore_cert_by_order(struct castore *, const char *order_id,
	    struct castore_cert *c);
/*
 * The fencing tokens (castore_fence) serial was issued and revoked under,
 * into *issued and *revoked: 0 for none (no fence, written before schema
 * 9, not revoked).  0 found, 1 not found, -1 error.
 */
int	 castore_cert_tokens(struct castore *, const char *serial,
	    int64_t *issued, int64_t *revoked);
/* Marks serial revoked.  0 done, 1 not found or already revoked, -1.
 * The certificate's revoked_token is the store's fence (castore_fence);
 * castore_unhold() sets it back to 0. */
int	 castore_revoke(struct castore *, const char *serial, int reason,
	    int64_t at, int64_t invalidity, const char *order_id);
/* Lifts a certificateHold.  0 done, 1 not on hold, -1. */
int	 castore_unhold(struct castore *, const char *serial);
/* Records old -> new.  0 / -1. */
int	 castore_link_replacement(struct castore *, const char *old_serial,
	    const char *new_serial);

/* Links serial to platform (idempotent).  0 / -1. */
int	 castore_platform_link(struct castore *, const char *serial,
	    const char *platform);
/* Copies every platform link of from to to.  0 / -1. */
int	 castore_platform_copy(struct castore *, const char *from,
	    const char *to);
/* Calls fn for each platform linked to serial, in name order.  0 / -1. */
int	 castore_platforms(struct castore *, const char *serial,
	    int (*fn)(void *, const char *), void *arg);

/*
 * The linked-platform registry.  A platform is known by its name (the one
 * certificates are linked with); notices go to url, authenticated either
 * by the platform's own certificate (cert: DER, the trust anchor for an
 * https:// url) or by a shared secret (a MAC over each notice).
 */
#define CASTORE_URL_MAX		513
#define CASTORE_SECRET_MAX	129

struct castore_platform {
	char		 name[CASTORE_PLATFORM_MAX];
	char		 url[CASTORE_URL_MAX];
	const uint8_t	*cert;		/* DER or NULL; valid in fn only */
	size_t		 cert_len;
	char		 secret[CASTORE_SECRET_MAX];	/* "" with a cert */
	int		 enabled;
	int64_t		 seq;		/* last sequence number used */
	int64_t		 added_at;
	int64_t		 pending;	/* notices waiting */
	int64_t		 failed;	/* notices that gave up */
};

/* Adds a platform (enabled).  0, 1 if the name is taken, -1. */
int	 castore_platform_add(struct castore *,
	    const struct castore_platform *p, int64_t now);
/* Enables or disables one.  0, 1 if unknown, -1. */
int	 castore_platform_enable(struct castore *, const char *name, int on);
/* Calls fn for every platform in name order.  0 / -1. */
int	 castore_platform_each(struct castore *,
	    int (*fn)(void *, const struct castore_platform *), void *arg);
/*
 * Takes platform name's next sequence number into *seq: 0, or 1 if the
 * platform is not registered or disabled (it gets no notices), -1.
 */
int	 castore_platform_seq(struct castore *, const char *name,
	    int64_t *seq);

/* One notice of the outbox (castore_notice_due() fills the platform's
 * delivery fields too; pointers are valid inside the callback only). */
#define CASTORE_EVENT_ID_MAX	37
#define CASTORE_ERROR_MAX	256

struct castore_notice {
	int64_t		 id;
	char		 event_id[CASTORE_EVENT_ID_MAX];
	char		 platform[CASTORE_PLATFORM_MAX];
	int64_t		 seq;
	char		 type[16];
	char		 serial[CASTORE_SERIAL_MAX];
	const uint8_t	*body;		/* the signed notice (DER) */
	size_t		 body_len;
	int64_t		 created_at;
	char		 state[12];	/* pending, delivered, failed */
	int64_t		 attempts;
	int64_t		 next_at;
	int64_t		 since;		/* retried since (created or forced) */
	int64_t		 last_at;
	char		 last_error[CASTORE_ERROR_MAX];
	int64_t		 delivered_at;
	/* castore_notice_due() only: */
	const char	*url;
	const uint8_t	*cert;
	size_t		 cert_len;
	const char	*secret;
};

/* Queues n (event_id, platform, seq, type, serial, body, created_at). */
int	 castore_notice_add(struct castore *,
	    const struct castore_notice *n);
/* Calls fn for each enabled platform's head notice that is due at now
 * (oldest due first).  fn returns 0 to go on, 1 to stop, -1 error. */
int	 castore_notice_due(struct castore *, int64_t now,
	    int (*fn)(void *, const struct castore_notice *), void *arg);
/* Looks one up (no body).  0 found, 1 not, -1. */
int	 castore_notice_get(struct castore *, int64_t id,
	    struct castore_notice *n);
/* Marks a pending (or given-up: a second copy got through) notice
 * delivered.  0, 1 if it was neither, -1. */
int	 castore_notice_delivered(struct castore *, int64_t id, int64_t now);
/* Records a failed attempt: next try at next_at, or gave_up ('failed').
 * 0, 1 if not pending, -1. */
int	 castore_notice_failed(struct castore *, int64_t id, int64_t now,
	    int64_t next_at, int gave_up, const char *error);
/* Lists notices newest first (platform, state: "" = any). 0 / -1. */
int	 castore_notice_list(struct castore *, const char *platform,
	    const char *state, int limit,
	    int (*fn)(void *, const struct castore_notice *), void *arg);
/* Makes platform's open notices (id 0: all of them) due now, giving up
 * ones another round, and calls fn (if not NULL) with each one's id.
 * Returns how many, or -1. */
int	 castore_notice_retry(struct castore *, const char *platform,
	    int64_t id, int64_t now, void (*fn)(void *, int64_t), void *arg);

/*
 * Calls fn for every certificate matching the filter (state: NULL/"all",
 * "valid", "revoked", "expired"; subject: substring or NULL), newest first,
 * at most limit rows.  fn returns 0 to go on, -1 to stop with error.
 */
int	 castore_list(struct castore *, const char *state,
	    const char *subject, int64_t now, int limit,
	    int (*fn)(void *, const struct castore_cert *), void *arg);

/*
 * Iterates the revoked, unexpired certificates in serial order for the
 * CRL: castore_revoked_start() then castore_revoked_next() until it
 * returns 0 (1 = row filled, -1 = error); castore_revoked_end() always.
 */
int	 castore_revoked_start(struct castore *, int64_t now);
int	 castore_revoked_next(struct castore *, char *serial, size_t sz,
	    int64_t *revoked_at, int *reason, int64_t *invalidity);
void	 castore_revoked_end(struct castore *);
/*
 * The same iteration over fewer rows: those whose serial's last byte is
 * last (one shard of a partitioned CRL), or those revoked at or after
 * since (a delta CRL).  Ended with castore_revoked_end().
 */
int	 castore_revoked_tail_start(struct castore *, int64_t now,
	    unsigned last);
int	 castore_revoked_since_start(struct castore *, int64_t now,
	    int64_t since);

/*
 * The same iteration over every unexpired certificate, revoked or not
 * (revoked_at 0, reason -1 when it is not), serials after after ("" for
 * the first), at most limit of them, in serial order: a page of the
 * pre-signed OCSP responses' sweep (caocspdir.h).
 */
int	 castore_unexpired_start(struct castore *, int64_t now,
	    const char *after, int limit);

/* Counts all and revoked certificates.  0 / -1. */
int	 castore_counts(struct castore *, uint64_t *certs, uint64_t *revoked);

/* Revoked certificates by CRLReason: n[reason], 0 for the others.
 * 0 / -1. */
int	 castore_revoked_by_reason(struct castore *, uint64_t n[11]);
/* The number of audit records (append-only, numbered from 1).  0 / -1. */
int	 castore_audit_count(struct castore *, uint64_t *n);

/* One platform's outbox for the metrics: undelivered notices. */
struct castore_queue {
	char		 platform[CASTORE_PLATFORM_MAX];
	int64_t		 depth;		/* pending or given up */
	int64_t		 oldest;	/* created_at of the oldest, 0 none */
	int64_t		 failed;	/* given up (they hold the queue) */
};
/* Calls fn for every registered platform, in name order.  0 / -1. */
int	 castore_notice_queues(struct castore *,
	    int (*fn)(void *, const struct castore_queue *), void *arg);

/* Returns the next CRL number (persisted, strictly increasing) or 0 on
 * error.  Must be called inside a transaction. */
uint64_t castore_crl_next(struct castore *);
/*
 * Raises the CRL number to at least floor (never lowers it), in the
 * caller's transaction: `cactl restore` (README, "Backup and restore").
 * Returns the number now stored, 0 on error.
 */
uint64_t castore_crl_raise(struct castore *, uint64_t floor);
/* The last CRL number handed out (0 if none yet). */
uint64_t castore_crl_last(struct castore *);
/* The fencing token (castore_fence) under which the last CRL number was
 * taken or raised, into *token: 0 none.  0 / -1. */
int	 castore_crl_token(struct castore *, int64_t *token);

/*
 * Settings fixed for the CA's life (the meta table): key's value into
 * *value: 0, 1 if it was never set, -1.  castore_meta_set() sets it once
 * (in the caller's transaction): 0, 1 if it was set already (the old
 * value stays), -1.
 */
#define CASTORE_META_CRL_SHARDS	"crl_shards"
/* 1: the CA has stopped issuing (PROTO_CA_ISSUING); absent or 0: issues. */
#define CASTORE_META_STOPPED	"issuing_stopped"
int	 castore_meta_get(struct castore *, const char *key, int64_t *value);
int	 castore_meta_set(struct castore *, const char *key, int64_t value);
/* Sets key to value whatever it was (a setting that may change, such as
 * CASTORE_META_STOPPED), in the caller's transaction.  0 / -1. */
int	 castore_meta_put(struct castore *, const char *key, int64_t value);

/*
 * Names the CA whose store this is (its ca.conf name): every audit
 * record carries and hashes it (lib/chain.h), and castore_audit() refuses
 * until it is set.  0, or -1 if name is empty, too long or holds a
 * control character.
 */
int	 castore_set_ca(struct castore *, const char *name);

/*
 * Appends an audit record (in the caller's transaction), naming the CA
 * given to castore_set_ca().  0 / -1.
 */
int	 castore_audit(struct castore *, const char *actor, const char *op,
	    const char *detail);
/*
 * Verifies the whole chain.  Returns 0 if intact (and the number of
 * records and the head hash), 1 if broken (bad_id is the first record
 * that does not verify, why says how), -1 on error.
 */
int	 castore_audit_verify(struct castore *, uint64_t *count,
	    char head[65], int64_t *bad_id, const char **why);

/* One audit record as castore_audit_last() hands it out. */
struct castore_audit_rec {
	int64_t		 id;
	int64_t		 at;
	const char	*ca;	/* "" for records older than schema 7 */
	const char	*actor;
	const char	*op;
	const char	*detail;
};
/*
 * Calls fn for each of the newest n records, oldest first; the strings
 * live until fn returns.  fn returns 0 to go on, else the walk stops.
 * 0 / -1.
 */
int	 castore_audit_last(struct castore *, uint64_t n,
	    int (*fn)(const struct castore_audit_rec *, void *), void *arg);

/*
 * The signing role (README "One signer at a time"): several cad may share
 * one store, and only the holder of the role may write to it.  Whoever
 * takes the role gets a fencing token, one more than any before; a signer
 * that has set its token with castore_fence() has every write
 * transaction checked against it inside that transaction, so once another
 * has taken the role (after this one's lease ran out) this one can commit
 * nothing.  The lease is the time the role stays taken without a renewal.
 */
#define CASTORE_HOLDER_MAX	128
struct castore_lease {
	int64_t		 token;		/* 0: never taken */
	char		 holder[CASTORE_HOLDER_MAX];
	int64_t		 expires_at;	/* unix seconds */
};
/* The role as it stands.  0 / -1. */
int	 castore_lease_get(struct castore *, struct castore_lease *out);
/*
 * Takes the role for holder (a name unique to one signer: its host and
 * directory) until now + secs, if its lease has run out or holder holds
 * it already, in a transaction of its own (not inside another), with an
 * audit record (signer-take; castore_set_ca() first).  1 taken (*out is
 * the role now: its new token), 0 another holds it (*out says who and
 * until when), -1.
 */
int	 castore_lease_take(struct castore *, const char *holder, int64_t now,
	    int64_t secs, struct castore_lease *out);
/* Extends the role of token to now + secs, in a transaction of its own:
 * 1 renewed, 0 lost (another took it since), -1. */
int	 castore_lease_renew(struct castore *, int64_t token, int64_t now,
	    int64_t secs);
/*
 * From now on castore_begin() fails, writing nothing, unless the role's
 * token is still token (0: no check, a store with one signer).  What the
 * store writes from then on carries token (schema 9): a certificate it
 * adds, a revocation, the CRL number it takes or raises; 0 without a
 * fence.
 */
void	 castore_fence(struct castore *, int64_t token);
/* 1 if the last castore_begin() failed because the role had been taken
 * by another (this signer must stop writing), else 0. */
int	 castore_fenced(struct castore *);

#endif
