/*
 * caocspdir.c: the pre-signed OCSP responses nginx serves as files
 * (caocspdir.h).  One thread, its own read-only store connection, the
 * responder of caocsp.c; nothing here writes the store.
 *
 * Invariants: a file is only ever replaced by rename(2) from a ".tmp-"
 * file of the same directory; a touched serial is re-signed after the
 * sweep page in progress, from the status committed when it is read, so
 * a sweep that read "good" just before a revocation is overwritten by
 * the revocation's own re-signing, never the other way round; no file
 * is older than the start of the sweep that STATE_FILE records (the
 * older ones are removed before it is written).
 *
 * The figures (caocspdir_figures): a sweep reads every unexpired
 * certificate's status page by page, in serial order, and tallies the
 * responses it writes by status; a status change that comes after the
 * sweep passed its serial (serial <= cursor) moves the tally, one before
 * is the sweep's to count.  When the sweep ends, the tally is what the
 * directory holds.  In between, each write and removal moves the counts
 * held: a re-signed serial's old file is read for the status it gave
 * (a few per status change; the sweep only asks whether there was one).
 * At a start that keeps the files, each is read once, in the walk that
 * removes the ".tmp-" ones.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ca/caocsp.h"
#include "ca/caocspdir.h"
#include "ca/castore.h"
#include "lib/log.h"

#define RESP_MAX	16384		/* a response file read back */

#define PAGE		256		/* certificates per sweep step */
#define STATE_FILE	".sweep"	/* when the last full sweep began */
#define TMP_PREFIX	".tmp-"

struct serial {
	char	 s[CASTORE_SERIAL_MAX];
};

struct caocspdir {
	const struct caocsp *ocsp;
	char		 dir[1024];	/* room for a name in a PATH_MAX */
	char		 db[PATH_MAX];
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 stop;
	struct serial	*todo;		/* touched, under mu */
	size_t		 ntodo, cap;
	/* The thread's alone: */
	struct castore	*store;
	time_t		 last;		/* last full sweep's start, 0 none */
	int		 sweeping;
	int		 swept;		/* its last page is read */
	int		 purge;		/* first: enum prune, ALL or TMP */
	time_t		 retry_at;	/* the store failed: not before */
	time_t		 started;	/* this sweep's */
	char		 cursor[CASTORE_SERIAL_MAX];
	unsigned long	 count;		/* signed by this sweep */
	unsigned long long tally[2];	/* its responses, by status */
	/* Under mu (caocspdir_figures): */
	struct caocspdir_figures fig;
};

/* The index of held[] and signed_n[] for a status. */
static int
status_of(const struct caocsp_status *st)
{
	return st->revoked_at != 0 ? CAOCSP_REVOKED : CAOCSP_GOOD;
}

/* n[st] one up (delta 1) or down (-1), never below 0; st -1: nothing. */
static void
tally_add(unsigned long long n[2], int st, int delta)
{
	if (st != CAOCSP_GOOD && st != CAOCSP_REVOKED)
		return;
	if (delta > 0)
		n[st]++;
	else if (n[st] > 0)
		n[st]--;
}

/* The same on the counts held, under mu. */
static void
held_add(struct caocspdir *d, int st, int delta)
{
	pthread_mutex_lock(&d->mu);
	tally_add(d->fig.held, st, delta);
	pthread_mutex_unlock(&d->mu);
}

/*
 * The status that the response file name (in directory dfd) gives,
 * CAOCSP_GOOD or CAOCSP_REVOKED, and its mtime in *mtime; -1 when there
 * is none or it cannot be read.
 */
static int
status_at(int dfd, const char *name, time_t *mtime)
{
	unsigned char	 buf[RESP_MAX];
	struct stat	 sb;
	ssize_t		 n;
	int		 fd, st = -1;

	*mtime = 0;
	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW)) == -1)
		return -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (n = read(fd, buf, sizeof(buf))) > 0) {
		*mtime = sb.st_mtime;
		st = caocsp_presigned_status(buf, (size_t)n);
	}
	close(fd);
	return st == CAOCSP_GOOD || st == CAOCSP_REVOKED ? st : -1;
}

/* The same for serial's file. */
static int
file_status(const struct caocspdir *d, const char *serial, time_t *mtime)
{
	char	 name[CAOCSP_NAME_MAX], path[PATH_MAX];

	*mtime = 0;
	if (caocsp_static_name(d->ocsp, serial, name, sizeof(name)) == -1 ||
	    snprintf(path, sizeof(path), "%s/%s", d->dir, name) >=
	    (int)sizeof(path))
		return -1;
	return status_at(AT_FDCWD, path, mtime);
}

/*
 * The response of serial with status st into its file; *had (if not
 * NULL) says whether it replaced one.  0 / -1 logged.
 */
static int
publish(struct caocspdir *d, const char *serial,
    const struct caocsp_status *st, time_t now, int *had)
{
	char		 name[CAOCSP_NAME_MAX], path[PATH_MAX], tmp[PATH_MAX];
	unsigned char	*der = NULL;
	struct stat	 sb;
	size_t		 len = 0;
	ssize_t		 w;
	int		 fd, rc = -1;

	if (caocsp_static_name(d->ocsp, serial, name, sizeof(name)) == -1 ||
	    caocsp_presign(d->ocsp, serial, st, now, CAOCSPDIR_VALID, &der,
	    &len) == -1)
		return -1;
	if (snprintf(path, sizeof(path), "%s/%s", d->dir, name) >=
	    (int)sizeof(path) || snprintf(tmp, sizeof(tmp), "%s/" TMP_PREFIX
	    "%s", d->dir, name) >= (int)sizeof(tmp))
		goto out;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0644)) == -1) {
		log_err("ocsp: %s: %s", tmp, strerror(errno));
		goto out;
	}
	/* Public: nginx's user reads it; the daemon's umask is 077. */
	w = fchmod(fd, 0644) == 0 ? write(fd, der, len) : -1;
	if (had != NULL)
		*had = fstatat(AT_FDCWD, path, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	if (close(fd) != 0 || w != (ssize_t)len ||
	    rename(tmp, path) == -1) {
		log_err("ocsp: cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(der);
	return rc;
}

/*
 * Removes serial's file: nginx then passes its requests to the workers,
 * whose live answer is always right.  What a touched serial gets when
 * its new response cannot be written, whatever the reason: never the old
 * one, which may say "good" of a revoked certificate.
 */
static void
withdraw(struct caocspdir *d, const char *serial)
{
	char	 name[CAOCSP_NAME_MAX], path[PATH_MAX];

	if (caocsp_static_name(d->ocsp, serial, name, sizeof(name)) == 0 &&
	    snprintf(path, sizeof(path), "%s/%s", d->dir, name) <
	    (int)sizeof(path) && unlink(path) == -1 && errno != ENOENT)
		log_err("ocsp: cannot remove %s: %s", path, strerror(errno));
}

/*
 * A touched serial: its response from the store's status now.  The
 * counts: its old file's status out, the new one's in; the sweep's
 * tally too once the sweep has passed the serial, if it had counted the
 * old file (written since the sweep began).
 */
static void
publish_touched(struct caocspdir *d, const char *serial)
{
	struct castore_cert	 c;
	struct caocsp_status	 st;
	time_t			 now = time(NULL), mtime;
	int			 r, old, passed, ok;

	memset(&st, 0, sizeof(st));
	old = file_status(d, serial, &mtime);
	passed = d->sweeping && (d->swept || strcmp(serial, d->cursor) <= 0);
	if ((r = castore_cert_get(d->store, serial, &c)) != 0) {
		if (r == -1) {
			log_err("ocsp: the store cannot be read for %s: the "
			    "workers answer for it", serial);
			withdraw(d, serial);
			ok = 0;
		} else
			return;
	} else {
		st.revoked_at = c.revoked_at;
		st.reason = c.reason;
		ok = c.not_after > now && publish(d, serial, &st, now,
		    NULL) == 0;
		if (!ok)
			withdraw(d, serial);	/* expired, or not signed */
		castore_cert_clear(&c);
	}
	if (passed && old != -1 && mtime >= d->started)
		tally_add(d->tally, old, -1);
	if (passed && ok)
		tally_add(d->tally, status_of(&st), 1);
	pthread_mutex_lock(&d->mu);
	tally_add(d->fig.held, old, -1);
	if (ok) {
		tally_add(d->fig.held, status_of(&st), 1);
		d->fig.signed_n[status_of(&st)]++;
	}
	pthread_mutex_unlock(&d->mu);
}

/* The touched serials so far (the thread's, any time it may wait). */
static void
drain(struct caocspdir *d)
{
	struct serial	*todo;
	size_t		 n, i;

	pthread_mutex_lock(&d->mu);
	todo = d->todo;
	n = d->ntodo;
	d->todo = NULL;
	d->ntodo = d->cap = 0;
	pthread_mutex_unlock(&d->mu);
	for (i = 0; i < n; i++)
		publish_touched(d, todo[i].s);
	free(todo);
}

/*
 * Removes every ".tmp-" file and, by mode, no response (PRUNE_TMP: the
 * others are counted by status into count, which may be NULL), every
 * one (PRUNE_ALL), or those last written before `before` (PRUNE_OLDER:
 * not re-signed by the sweep that began then, so their certificates
 * have expired).
 */
enum prune { PRUNE_TMP, PRUNE_ALL, PRUNE_OLDER };
static void
prune(struct caocspdir *d, enum prune mode, time_t before,
    unsigned long long count[2])
{
	DIR		*dp;
	struct dirent	*e;
	struct stat	 sb;
	unsigned long	 n = 0, seen = 0;
	time_t		 mtime;
	int		 tmp;

	if ((dp = opendir(d->dir)) == NULL) {
		log_err("ocsp: %s: %s", d->dir, strerror(errno));
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		/* A million files take minutes: revocations meanwhile are
		 * signed now, not after (their old file may say good). */
		if (++seen % PAGE == 0) {
			drain(d);
			if (d->stop)
				break;
		}
		tmp = strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0;
		if (!tmp && e->d_name[0] != '.' && mode == PRUNE_TMP &&
		    count != NULL)
			tally_add(count, status_at(dirfd(dp), e->d_name,
			    &mtime), 1);
		if (!tmp && (e->d_name[0] == '.' || mode == PRUNE_TMP ||
		    (mode == PRUNE_OLDER && (fstatat(dirfd(dp), e->d_name,
		    &sb, AT_SYMLINK_NOFOLLOW) == -1 ||
		    sb.st_mtime >= before))))
			continue;
		if (unlinkat(dirfd(dp), e->d_name, 0) == 0 && !tmp)
			n++;
	}
	closedir(dp);
	if (n > 0)
		log_info("ocsp: removed %lu pre-signed responses %s", n,
		    mode == PRUNE_ALL ? "that may have expired; the workers "
		    "answer until they are signed again" : "of expired "
		    "certificates");
}

/* The start time of the last full sweep, or 0. */
static time_t
state_read(const struct caocspdir *d)
{
	char		 path[PATH_MAX];
	long long	 t = 0;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/" STATE_FILE, d->dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%lld", &t) != 1 || t < 0)
		t = 0;
	fclose(f);
	return (time_t)t;
}

static void
state_write(const struct caocspdir *d, time_t t)
{
	char	 path[PATH_MAX], tmp[PATH_MAX];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/" STATE_FILE, d->dir);
	snprintf(tmp, sizeof(tmp), "%s/" TMP_PREFIX STATE_FILE, d->dir);
	if ((f = fopen(tmp, "w")) == NULL ||
	    fprintf(f, "%lld\n", (long long)t) < 0 || fclose(f) != 0 ||
	    rename(tmp, path) == -1)
		log_err("ocsp: cannot record the sweep in %s", path);
}

/*
 * One page of the sweep: the next PAGE certificates after the cursor.
 * Returns how many there were (fewer than PAGE: the sweep is over), or
 * -1 if the store could not be read.
 */
static int
sweep_page(struct caocspdir *d, time_t now)
{
	struct {
		char			 serial[CASTORE_SERIAL_MAX];
		struct caocsp_status	 st;
	}		 page[PAGE];
	int64_t		 at, inv;
	int		 n = 0, i, r = 0, had, st;

	if (castore_unexpired_start(d->store, now, d->cursor, PAGE) == -1)
		return -1;
	while (n < PAGE && (r = castore_revoked_next(d->store,
	    page[n].serial, sizeof(page[n].serial), &at, &page[n].st.reason,
	    &inv)) == 1)
		page[n++].st.revoked_at = at;
	castore_revoked_end(d->store);
	if (n < PAGE && r == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (publish(d, page[i].serial, &page[i].st, now, &had) == -1)
			continue;
		d->count++;
		st = status_of(&page[i].st);
		tally_add(d->tally, st, 1);
		/* One that was there gave the same status, or its serial's
		 * re-signing is due and counts the change. */
		pthread_mutex_lock(&d->mu);
		d->fig.signed_n[st]++;
		if (!had)
			tally_add(d->fig.held, st, 1);
		pthread_mutex_unlock(&d->mu);
	}
	if (n > 0)
		snprintf(d->cursor, sizeof(d->cursor), "%s",
		    page[n - 1].serial);
	return n;
}

/* Starts a sweep when one is due; runs one page of it.  */
static void
sweep_step(struct caocspdir *d)
{
	time_t	 now = time(NULL);
	int	 n;

	if (!d->sweeping) {
		if (d->last != 0 && now - d->last < CAOCSPDIR_VALID / 4)
			return;
		if (d->last != 0 && now - d->last > CAOCSPDIR_VALID / 2)
			log_warn("ocsp: the last sweep began %lld s ago, past "
			    "half of the responses' validity",
			    (long long)(now - d->last));
		d->sweeping = 1;
		d->started = now;
		d->cursor[0] = '\0';
		d->count = 0;
		d->tally[0] = d->tally[1] = 0;
		d->swept = 0;
	}
	if ((n = sweep_page(d, now)) == -1) {
		log_err("ocsp: the store cannot be read; the sweep goes on "
		    "in a second");
		d->retry_at = now + 1;
		return;
	}
	if (n == PAGE)
		return;
	d->last = d->started;
	log_info("ocsp: %lu pre-signed responses signed in %lld s",
	    d->count, (long long)(time(NULL) - d->started));
	/* The older files go before the sweep is recorded: none older
	 * than the time STATE_FILE says stays behind a kill.  Status
	 * changes re-signed meanwhile move the tally (swept). */
	d->swept = 1;
	prune(d, PRUNE_OLDER, d->started, NULL);
	state_write(d, d->last);
	d->sweeping = 0;
	pthread_mutex_lock(&d->mu);
	d->fig.held[0] = d->tally[0];
	d->fig.held[1] = d->tally[1];
	d->fig.held_known = 1;
	d->fig.oldest = d->started;
	pthread_mutex_unlock(&d->mu);
}

/* Whether the thread has something to do now (under mu). */
static int
busy(const struct caocspdir *d)
{
	time_t	 now = time(NULL);

	if (d->stop || d->ntodo > 0)
		return 1;
	if (now < d->retry_at)
		return 0;
	return d->sweeping || d->last == 0 ||
	    now - d->last >= CAOCSPDIR_VALID / 4;
}

/*
 * The counts at start: none after the purge (the few re-signed during
 * it are counted by the sweep that follows), else what the kept files
 * say (a status change re-signed while they were read may be counted
 * once too often or not at all, until the sweep's count).
 */
static void
figures_start(struct caocspdir *d, time_t purged,
    const unsigned long long count[2])
{
	pthread_mutex_lock(&d->mu);
	d->fig.held[CAOCSP_GOOD] = count[CAOCSP_GOOD];
	d->fig.held[CAOCSP_REVOKED] = count[CAOCSP_REVOKED];
	d->fig.held_known = 1;
	d->fig.oldest = d->purge == PRUNE_ALL ? purged : d->last;
	pthread_mutex_unlock(&d->mu);
}

static void *
run(void *arg)
{
	struct caocspdir	*d = arg;
	struct timespec		 ts;
	unsigned long long	 count[2] = { 0, 0 };
	time_t			 t0 = time(NULL);

	/* Here, not at start: cad answers meanwhile (a million files take
	 * minutes to read, and are counted); prune() signs touched serials
	 * as it goes. */
	prune(d, d->purge, 0, count);
	if (!d->stop)
		figures_start(d, t0, count);
	for (;;) {
		pthread_mutex_lock(&d->mu);
		while (!busy(d)) {
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&d->cv, &d->mu, &ts);
		}
		if (d->stop) {
			pthread_mutex_unlock(&d->mu);
			break;
		}
		pthread_mutex_unlock(&d->mu);
		drain(d);
		sweep_step(d);
	}
	return NULL;
}

struct caocspdir *
caocspdir_start(const char *dir, const char *db, const struct caocsp *o)
{
	struct caocspdir	*d;
	time_t			 now = time(NULL);
	int			 fd;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->ocsp = o;
	if (snprintf(d->dir, sizeof(d->dir), "%s", dir) >=
	    (int)sizeof(d->dir) || snprintf(d->db, sizeof(d->db), "%s", db) >=
	    (int)sizeof(d->db)) {
		log_err("ocsp: %s: path too long", dir);
		free(d);
		return NULL;
	}
	/* Readable by nginx's user whatever the umask (fchmod: the store
	 * process's filter has no chmod). */
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) == -1) {
		log_err("ocsp: %s: %s", dir, strerror(errno));
		free(d);
		return NULL;
	}
	if (fchmod(fd, 0755) == -1)
		log_warn("ocsp: %s: %s", dir, strerror(errno));
	close(fd);
	if ((d->store = castore_open_ro(db)) == NULL) {
		free(d);
		return NULL;
	}
	/* Down past half the validity: the thread removes every file
	 * first (it may have expired), then signs them all again. */
	d->last = state_read(d);
	if (d->last == 0 || now - d->last > CAOCSPDIR_VALID / 2) {
		d->last = 0;
		d->purge = PRUNE_ALL;
	} else
		d->purge = PRUNE_TMP;
	if (pthread_mutex_init(&d->mu, NULL) != 0 ||
	    pthread_cond_init(&d->cv, NULL) != 0 ||
	    pthread_create(&d->th, NULL, run, d) != 0) {
		log_err("ocsp: cannot start the pre-signing thread");
		castore_close(d->store);
		free(d);
		return NULL;
	}
	return d;
}

void
caocspdir_touch(struct caocspdir *d, const char *serial)
{
	struct serial	*t;
	size_t		 cap;
	time_t		 mtime;
	int		 st;

	if (d == NULL)
		return;
	pthread_mutex_lock(&d->mu);
	if (d->ntodo == d->cap) {
		cap = d->cap == 0 ? 64 : d->cap * 2;
		if ((t = realloc(d->todo, cap * sizeof(*t))) == NULL) {
			/* Its old file must not stay: the workers answer
			 * until the next sweep signs it again. */
			pthread_mutex_unlock(&d->mu);
			log_err("ocsp: out of memory: %s is answered live "
			    "until the next sweep", serial);
			st = file_status(d, serial, &mtime);
			withdraw(d, serial);
			held_add(d, st, -1);
			return;
		}
		d->todo = t;
		d->cap = cap;
	}
	snprintf(d->todo[d->ntodo++].s, sizeof(d->todo[0].s), "%s", serial);
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

void
caocspdir_figures(struct caocspdir *d, struct caocspdir_figures *f)
{
	time_t	 end;

	memset(f, 0, sizeof(*f));
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->mu);
	*f = d->fig;
	pthread_mutex_unlock(&d->mu);
	if (f->oldest != 0) {
		f->next_update = f->oldest + CAOCSPDIR_VALID;
		if ((end = caocsp_not_after(d->ocsp)) > 0 &&
		    end < f->next_update)
			f->next_update = end;
	}
}

void
caocspdir_stop(struct caocspdir *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->mu);
	d->stop = 1;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
	pthread_join(d->th, NULL);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	castore_close(d->store);
	free(d->todo);
	free(d);
}
