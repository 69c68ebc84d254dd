/*
 * cadwork.c: see cadwork.h.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ca/cadwork.h"
#include "ca/caops.h"

int
queue_init(struct queue *q)
{
	memset(q, 0, sizeof(*q));
	if (pthread_mutex_init(&q->mu, NULL) != 0)
		return -1;
	if (pthread_cond_init(&q->cv, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		return -1;
	}
	return 0;
}

void
work_free(struct work *w)
{
	caops_job_free(w->job);
	proto_buf_free(&w->out);
	free(w);
}

void
work_free_list(struct work *w)
{
	struct work	*next;

	for (; w != NULL; w = next) {
		next = w->next;
		work_free(w);
	}
}

void
queue_destroy(struct queue *q)
{
	work_free_list(q->head);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
}

/* Appends the list first..last; returns 1 if q was empty before. */
int
queue_put(struct queue *q, struct work *first, struct work *last)
{
	int	 was_empty;

	last->next = NULL;
	pthread_mutex_lock(&q->mu);
	was_empty = q->head == NULL;
	if (q->tail != NULL)
		q->tail->next = first;
	else
		q->head = first;
	q->tail = last;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return was_empty;
}

/* Takes the whole queue (NULL if empty). */
struct work *
queue_take_all(struct queue *q)
{
	struct work	*w;

	pthread_mutex_lock(&q->mu);
	w = q->head;
	q->head = q->tail = NULL;
	pthread_mutex_unlock(&q->mu);
	return w;
}

void
queue_stop(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Starts fn(arg) with every signal blocked (they are the main thread's). */
int
thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t	 all, old;
	int		 err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err == 0 ? 0 : -1;
}
