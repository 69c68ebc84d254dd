/*
 * caocspdir.h: the pre-signed OCSP responses (RFC 5019) that nginx
 * serves as static files, kept current by a thread of the CA daemon.
 *
 * For every unexpired certificate of the store there is one file in
 * DIR, named by caocsp_static_name() and holding a signed response with
 * thisUpdate and nextUpdate CAOCSPDIR_VALID seconds apart.  The thread
 *   - re-signs a certificate's response as soon as cad says its status
 *     changed (issued, revoked, held, released: caocspdir_touch(), after
 *     the change was committed), within about a second;
 *   - sweeps every unexpired certificate once every CAOCSPDIR_VALID / 4
 *     (a quarter of the validity, so each file is re-signed well before
 *     half of its validity has passed), a page at a time, serving the
 *     touched ones between pages;
 *   - at start, if the last complete sweep began more than
 *     CAOCSPDIR_VALID / 2 ago (the daemon was down), first removes every
 *     file (in the thread: the daemon answers meanwhile), so that nginx
 *     passes those requests to the web workers, which sign fresh
 *     answers, until each file is back.
 * A file is written beside its final name and renamed over it: a reader
 * sees the old response or the new one, never part of one, and a kill
 * -9 leaves at most a ".tmp" file, removed at the next start.  Health
 * goes to the daemon's log: each sweep's count and duration, and a
 * warning when a sweep falls behind; and to the metrics
 * (caocspdir_figures).
 *
 * nginx serves the files by itself: how often each is fetched is in
 * nginx's access log, not here.  What the thread can tell is what it
 * holds and signs.
 */
#ifndef CA_CAOCSPDIR_H
#define CA_CAOCSPDIR_H

#include <time.h>

#define CAOCSPDIR_VALID	(24 * 3600)	/* nextUpdate - thisUpdate */

struct caocsp;
struct caocspdir;

/*
 * Starts the thread for directory dir (created 0755 if missing: the
 * files are public), reading the store at db through a connection of its
 * own and signing with o (borrowed: it must outlive the thread).  NULL
 * logged.
 */
struct caocspdir *caocspdir_start(const char *dir, const char *db,
	    const struct caocsp *o);
/* Asks for serial's response to be signed again, now.  Any thread. */
void	caocspdir_touch(struct caocspdir *d, const char *serial);
/*
 * What the thread holds and has signed, for PROTO_METRICS (caops.c):
 *   - held[CAOCSP_GOOD], held[CAOCSP_REVOKED]: the responses in DIR
 *     now, by the status they give; held_known 0 until that is known.
 *     Counted by each sweep (the responses it wrote, by status, less
 *     those a status change replaced after it passed them) when it
 *     ends, and kept up to date as responses are written, re-signed
 *     with another status and removed in between; at a start that kept
 *     the files, read from them.  One response off at most per status
 *     change that raced a sweep (a certificate that expired mid-sweep,
 *     a write that failed) or that reading at start, until the next
 *     sweep ends.
 *   - signed_n[...]: responses signed and written since the thread
 *     started, by the status they give (sweeps and re-signing).
 *   - oldest: no response held was signed before this (0: unknown):
 *     the start of the last complete sweep (the older ones were removed
 *     when it ended), or of the purge at start.
 *   - next_update: no response held has an earlier nextUpdate (oldest
 *     + CAOCSPDIR_VALID, or the responder certificate's notAfter when
 *     that is earlier); 0 with oldest.
 * Any thread; d NULL: all zero.
 */
struct caocspdir_figures {
	unsigned long long held[2];
	int		 held_known;
	unsigned long long signed_n[2];
	time_t		 oldest;
	time_t		 next_update;
};
void	caocspdir_figures(struct caocspdir *d, struct caocspdir_figures *f);
/* Stops the thread and frees d (NULL: nothing). */
void	caocspdir_stop(struct caocspdir *d);

#endif
