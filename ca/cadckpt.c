/*
 * cadckpt.c: see cadckpt.h.
 */
#include <pthread.h>
#include <time.h>

#include "ca/cadckpt.h"
#include "ca/cadwork.h"
#include "ca/castore.h"
#include "lib/log.h"

static void *
checkpointer(void *arg)
{
	struct ckpt	*k = arg;
	struct timespec	 ts, pause = { 0, 50 * 1000 * 1000 };
	unsigned long	 seen = 0;

	pthread_mutex_lock(&k->mu);
	while (!k->stop) {
		if (k->commits == seen) {
			/* Nothing new: look again in 10 s at the latest. */
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 10;
			if (pthread_cond_timedwait(&k->cv, &k->mu, &ts) == 0 ||
			    k->stop)
				continue;
		}
		seen = k->commits;
		pthread_mutex_unlock(&k->mu);
		(void)castore_checkpoint(k->store);
		nanosleep(&pause, NULL);	/* at most 20 a second */
		pthread_mutex_lock(&k->mu);
	}
	pthread_mutex_unlock(&k->mu);
	return NULL;
}

int
ckpt_start(struct ckpt *k, const char *path)
{
	if ((k->store = castore_open(path)) == NULL)
		return -1;
	if (pthread_mutex_init(&k->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&k->cv, NULL) != 0) {
		pthread_mutex_destroy(&k->mu);
		goto fail;
	}
	if (thread_start(&k->th, checkpointer, k) == -1) {
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
		goto fail;
	}
	k->running = 1;
	return 0;
fail:
	log_err("cannot start the checkpointer");
	castore_close(k->store);
	k->store = NULL;
	return -1;
}

void
ckpt_stop(struct ckpt *k)
{
	if (!k->running)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = 1;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->th, NULL);
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	castore_close(k->store);
	k->store = NULL;
	k->running = 0;
}

void
ckpt_commit(struct ckpt *k)
{
	if (!k->running)
		return;
	pthread_mutex_lock(&k->mu);
	k->commits++;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
}
