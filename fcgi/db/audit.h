/*
 * audit.h: the hash-chained audit log (lib/chain.h): appending and
 * verifying.
 */
#ifndef FCGI_DB_AUDIT_H
#define FCGI_DB_AUDIT_H

#include <stddef.h>

#include "fcgi/db/db.h"

/*
 * Appends an audit record to the hash chain (lib/chain.h).  actor and
 * action are 1-64 characters without newlines, detail at most 4096 bytes
 * (NULL means "").  Call it inside the transaction of the change it
 * records (appdb_begin), so both commit or neither; outside one it commits
 * on its own.  0 / -1.
 */
int		 appdb_audit(struct appdb *, const char *actor,
		    const char *action, const char *detail);

/*
 * Checks the whole audit chain: consecutive ids from 1, each record
 * linked to its predecessor's hash, each hash matching its content.
 * 1 intact, 0 broken (*bad_id the first bad record, logged), -1 (the
 * check could not be made; *bad_id 0).  Removing the newest records
 * cannot be detected from the chain alone.
 */
int		 appdb_audit_verify(struct appdb *, long long *bad_id);

#endif
