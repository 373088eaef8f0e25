// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: thread pools
 * (thread_pool_create/start/destroy, <sys/dispatch.h>).
 *
 * Each thread allocates its context once, then loops: block, (start
 * more threads when fewer than lo_water are left waiting), handle, (leave
 * when more than hi_water are waiting).  thread_pool_destroy() sets
 * @dying and keeps waking threads until none is left.
 *
 * When the pool runs the library's own block and handler functions, the
 * handler's answer goes out with the next block's receive (reply.c): one
 * system call per message.  A thread that leaves sends its kept answer
 * first, so no client is left waiting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct rm_pool_thread {
	struct rm_pool_thread *next;
	struct _thread_pool *pool;
	pthread_t thread;
	THREAD_POOL_PARAM_T *ctp;	/* set once allocated */
	bool caller;			/* thread_pool_start()'s caller */
};

struct _thread_pool {
	thread_pool_attr_t attr;
	unsigned flags;
	pthread_mutex_t lock;
	pthread_cond_t gone;
	struct rm_pool_thread *threads;
	unsigned nthreads;
	unsigned waiting;
	bool dying;
};

static void *rm_pool_main(void *arg);

/* Start @n threads (locked).  Return how many started. */
static unsigned rm_pool_spawn(thread_pool_t *pool, unsigned n)
{
	struct rm_pool_thread *t;
	unsigned i;

	for (i = 0; i < n && pool->nthreads < pool->attr.maximum; i++) {
		t = calloc(1, sizeof(*t));
		if (!t)
			break;
		t->pool = pool;
		t->next = pool->threads;
		pool->threads = t;
		pool->nthreads++;
		/* The thread gets @t itself: t->thread may not be set yet. */
		if (pthread_create(&t->thread, pool->attr.attr, rm_pool_main, t)) {
			pool->threads = t->next;
			pool->nthreads--;
			free(t);
			break;
		}
		pthread_detach(t->thread);
	}
	return i;
}

static struct rm_pool_thread *rm_pool_self(thread_pool_t *pool)
{
	struct rm_pool_thread *t;

	for (t = pool->threads; t; t = t->next)
		if (pthread_equal(t->thread, pthread_self()))
			return t;
	return NULL;
}

static void rm_pool_leave(thread_pool_t *pool, struct rm_pool_thread *me)
{
	struct rm_pool_thread **pp;

	for (pp = &pool->threads; *pp; pp = &(*pp)->next) {
		if (*pp == me) {
			*pp = me->next;
			break;
		}
	}
	pool->nthreads--;
	pthread_cond_broadcast(&pool->gone);
}

/* Any function pointer, for comparing the pool's with the library's. */
typedef void (*rm_any_func)(void);

/*
 * Whether a handler's answer may wait for the next block: only when both
 * are the library's, so that nothing of the program runs in between.
 */
static bool rm_pool_defers(const thread_pool_attr_t *a)
{
	rm_any_func block = (rm_any_func)a->block_func;
	rm_any_func handler = (rm_any_func)a->handler_func;

	return (block == (rm_any_func)dispatch_block ||
		block == (rm_any_func)resmgr_block) &&
	       (handler == (rm_any_func)dispatch_handler ||
		handler == (rm_any_func)resmgr_handler);
}

static void rm_pool_run(thread_pool_t *pool, struct rm_pool_thread *me)
{
	thread_pool_attr_t *a = &pool->attr;
	THREAD_POOL_PARAM_T *ctp, *got;
	bool defer = rm_pool_defers(a);
	bool leave = false;

	ctp = a->context_alloc(a->handle);
	pthread_mutex_lock(&pool->lock);
	me->ctp = ctp;
	pthread_mutex_unlock(&pool->lock);
	while (ctp && !leave) {
		pthread_mutex_lock(&pool->lock);
		if (pool->dying) {
			pthread_mutex_unlock(&pool->lock);
			break;
		}
		pool->waiting++;
		pthread_mutex_unlock(&pool->lock);

		got = a->block_func(ctp);

		pthread_mutex_lock(&pool->lock);
		pool->waiting--;
		if (pool->dying) {
			pthread_mutex_unlock(&pool->lock);
			break;
		}
		if (pool->waiting < a->lo_water)
			rm_pool_spawn(pool, a->increment ? a->increment : 1);
		pthread_mutex_unlock(&pool->lock);

		if (got) {
			ctp = got;
			if (defer)
				rm_reply_defer(&ctp->resmgr_context, true);
			a->handler_func(ctp);
			if (defer)
				rm_reply_defer(&ctp->resmgr_context, false);
		} else if (errno != EINTR) {
			/* A broken channel: do not spin. */
			usleep(10000);
		}

		pthread_mutex_lock(&pool->lock);
		/* The caller of thread_pool_start() stays until destroyed. */
		leave = !me->caller && pool->waiting >= a->hi_water &&
			pool->nthreads > 1;
		pthread_mutex_unlock(&pool->lock);
	}
	if (ctp && defer)
		rm_reply_flush(&ctp->resmgr_context);
	pthread_mutex_lock(&pool->lock);
	me->ctp = NULL;
	rm_pool_leave(pool, me);
	pthread_mutex_unlock(&pool->lock);
	if (ctp && a->context_free)
		a->context_free(ctp);
	free(me);
}

static void *rm_pool_main(void *arg)
{
	struct rm_pool_thread *me = arg;

	rm_pool_run(me->pool, me);
	return NULL;
}

thread_pool_t *thread_pool_create(thread_pool_attr_t *pool_attr, unsigned flags)
{
	thread_pool_t *pool;

	if (!pool_attr || !pool_attr->block_func || !pool_attr->handler_func ||
	    !pool_attr->context_alloc || !pool_attr->maximum ||
	    pool_attr->lo_water > pool_attr->hi_water ||
	    (flags & ~(unsigned)(POOL_FLAG_EXIT_SELF | POOL_FLAG_USE_SELF))) {
		errno = EINVAL;
		return NULL;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	pool->attr = *pool_attr;
	pool->flags = flags;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->gone, NULL);
	rm_signal_init();
	return pool;
}

int thread_pool_start(void *arg)
{
	thread_pool_t *pool = arg;
	struct rm_pool_thread *me;
	unsigned n;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	n = pool->attr.lo_water ? pool->attr.lo_water : 1;
	if (pool->flags & POOL_FLAG_USE_SELF)
		n--;
	if (n && !rm_pool_spawn(pool, n) && !(pool->flags & POOL_FLAG_USE_SELF)) {
		pthread_mutex_unlock(&pool->lock);
		errno = EAGAIN;
		return -1;
	}
	if (!(pool->flags & POOL_FLAG_USE_SELF)) {
		pthread_mutex_unlock(&pool->lock);
		if (pool->flags & POOL_FLAG_EXIT_SELF)
			pthread_exit(NULL);
		return EOK;
	}
	me = calloc(1, sizeof(*me));
	if (!me) {
		pthread_mutex_unlock(&pool->lock);
		return -1;
	}
	me->thread = pthread_self();
	me->pool = pool;
	me->caller = true;
	me->next = pool->threads;
	pool->threads = me;
	pool->nthreads++;
	pthread_mutex_unlock(&pool->lock);
	rm_pool_run(pool, me);
	return EOK;
}

int thread_pool_destroy(thread_pool_t *pool)
{
	struct rm_pool_thread *t;
	struct timespec ts;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	pool->dying = true;
	while (pool->nthreads) {
		for (t = pool->threads; t; t = t->next) {
			if (!t->ctp || pthread_equal(t->thread, pthread_self()))
				continue;
			if (pool->attr.unblock_func)
				pool->attr.unblock_func(t->ctp);
			else
				pthread_kill(t->thread, STPLR_RESMGR_SIGNAL);
		}
		/* A thread may be between its check and its block: retry. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pool->gone, &pool->lock, &ts);
		if (pool->nthreads == 1 && rm_pool_self(pool))
			break;	/* destroyed from a handler of the pool */
	}
	pthread_mutex_unlock(&pool->lock);
	if (!pool->nthreads) {
		pthread_mutex_destroy(&pool->lock);
		pthread_cond_destroy(&pool->gone);
		free(pool);
	}
	return EOK;
}
