/*
 * cadwork.h: the work items of the signing daemon (cad.c) and the queues
 * that carry them between its threads: main thread -> signers -> store
 * thread -> main thread.  A queue is a mutex-guarded FIFO; consumers
 * wait on its condition variable until it has items or is stopped.
 */
#ifndef CA_CADWORK_H
#define CA_CADWORK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "ca/proto.h"

struct caops_job;

/* A request on its way from the main thread and back. */
struct work {
	struct work		*next;
	uint64_t		 conn_id;	/* struct conn's id */
	struct caops_job	*job;
	struct proto_buf	 out;		/* the reply, when back */
	int			 broke;		/* broke the protocol: close */
	int			 parked;	/* NOTICE_NEXT waiting */
	time_t			 park_until;
	atomic_int		 gone;		/* its client hung up */
};

/* A FIFO of work items between threads. */
struct queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct work	*head, *tail;
	int		 stop;		/* consumers leave */
};

/* 0 / -1. */
int	 queue_init(struct queue *q);
/* Frees the items (queue_destroy) and the queue's mutex and condition. */
void	 queue_destroy(struct queue *q);
/* Appends the list first..last; returns 1 if q was empty before. */
int	 queue_put(struct queue *q, struct work *first, struct work *last);
/* Takes the whole queue (NULL if empty). */
struct work *queue_take_all(struct queue *q);
/* Wakes every consumer for good (q->stop). */
void	 queue_stop(struct queue *q);
/* Frees an item (its job and reply) / a list of them. */
void	 work_free(struct work *w);
void	 work_free_list(struct work *w);
/* Starts fn(arg) with every signal blocked (they are the main
 * thread's).  0 / -1. */
int	 thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

#endif
