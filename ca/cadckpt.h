/*
 * cadckpt.h: the signing daemon's checkpointer thread.
 */
#ifndef CA_CADCKPT_H
#define CA_CADCKPT_H

#include <pthread.h>

struct castore;

/*
 * The checkpointer: copies the WAL into the database (PASSIVE, from its
 * own connection) soon after commits.  The store thread's connection
 * keeps SQLite's automatic checkpoint, which then finds little left to
 * copy and lets the WAL start over from its beginning.
 */
struct ckpt {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	pthread_t	 th;
	int		 running;
	int		 stop;
	unsigned long	 commits;	/* bumped by the store thread */
	struct castore	*store;		/* the thread's own connection */
};

/* Opens a second connection to the store at path and starts the thread.
 * 0 / -1 (logged). */
int	 ckpt_start(struct ckpt *k, const char *path);
/* Tells it a commit happened (the store thread, after each COMMIT). */
void	 ckpt_commit(struct ckpt *k);
/* Stops and joins it, and closes its connection; harmless if not
 * started. */
void	 ckpt_stop(struct ckpt *k);

#endif
