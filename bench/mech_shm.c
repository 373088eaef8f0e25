// SPDX-License-Identifier: GPL-2.0
/*
 * futex + shared memory: the best userspace design that still sleeps in
 * the kernel.  Each client has a slot in memory shared with the server
 * (MAP_SHARED, made before the fork); the client copies its request in,
 * the server copies it out into its own buffer, copies the reply in, and
 * the client copies it out: two copies each way, as a pipe, but no
 * syscall for the data.  A futex word holds the slot state and a
 * "somebody sleeps" bit, so FUTEX_WAKE is called only when a side really
 * waits.  No spinning: on one CPU it would only burn the time slice.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include "ipcbench.h"

enum { SLOT_IDLE, SLOT_REQ, SLOT_REP };
#define SLOT_WAITER	0x100u
#define SLOT_HDR	64

struct slot {
	_Atomic uint32_t state;
	uint32_t pad;
	uint64_t len __attribute__((aligned(8)));
	unsigned char data[] __attribute__((aligned(SLOT_HDR)));
};

static size_t slot_bytes(const struct ipcb_srv *s)
{
	return SLOT_HDR + ((s->max_size + 4095) & ~(size_t)4095);
}

static struct slot *slot_of(const struct ipcb_srv *s, unsigned int i)
{
	return (struct slot *)((unsigned char *)s->shm + i * slot_bytes(s));
}

static long futex(_Atomic uint32_t *w, int op, uint32_t val)
{
	return syscall(SYS_futex, (uint32_t *)w, op, val, NULL, NULL, 0);
}

/* Wait until the state is @want, sleeping on the futex meanwhile. */
static void slot_wait(struct slot *sl, uint32_t want)
{
	for (;;) {
		uint32_t v = atomic_load(&sl->state);

		if ((v & ~SLOT_WAITER) == want)
			return;
		if (!(v & SLOT_WAITER) &&
		    !atomic_compare_exchange_weak(&sl->state, &v, v | SLOT_WAITER))
			continue;
		futex(&sl->state, FUTEX_WAIT, v | SLOT_WAITER);
	}
}

/* Publish state @st and wake the other side if it sleeps. */
static void slot_set(struct slot *sl, uint32_t st)
{
	if (atomic_exchange(&sl->state, st) & SLOT_WAITER)
		futex(&sl->state, FUTEX_WAKE, INT_MAX);
}

static int shm_start(struct ipcb_srv *s)
{
	s->shm_len = s->threads * slot_bytes(s);
	s->shm = ipcb_alloc(s->shm_len, true);
	if (!s->shm) {
		snprintf(s->why, sizeof(s->why), "shared memory: %s",
			 strerror(errno));
		return -1;
	}
	memset(s->shm, 0, s->shm_len);	/* every slot SLOT_IDLE */
	return ipcb_server_fork(s);
}

static int shm_serve(struct ipcb_srv *s, unsigned int t)
{
	struct slot *sl = slot_of(s, t);
	unsigned char *buf = ipcb_alloc(s->max_size, false);

	if (!buf)
		return 1;
	for (;;) {
		size_t len;

		slot_wait(sl, SLOT_REQ);
		len = (size_t)ctl_load(&sl->len);
		if (len > s->max_size)
			return 1;
		memcpy(buf, sl->data, len);		/* copy out */
		if (ctl_load(&s->ctl->oneway)) {
			slot_set(sl, SLOT_IDLE);
			ipcb_oneway_got(s, buf, len);
			continue;
		}
		memcpy(sl->data, buf, len);		/* copy the reply in */
		slot_set(sl, SLOT_REP);
	}
}

static int shm_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	c->map = slot_of(s, c->idx);
	return 0;
}

static int shm_call(struct ipcb_conn *c, size_t len,
		    const unsigned char **reply)
{
	struct slot *sl = c->map;

	memcpy(sl->data, c->sbuf, len);
	ctl_store(&sl->len, len);
	slot_set(sl, SLOT_REQ);
	slot_wait(sl, SLOT_REP);
	memcpy(c->rbuf, sl->data, len);
	/* The slot stays REP until the next request: a plain store here
	 * would drop the sleeping server's waiter bit. */
	*reply = c->rbuf;
	return 0;
}

/* One-way: wait only until the server took the previous message. */
static int shm_send(struct ipcb_conn *c, size_t len)
{
	struct slot *sl = c->map;

	slot_wait(sl, SLOT_IDLE);
	memcpy(sl->data, c->sbuf, len);
	ctl_store(&sl->len, len);
	slot_set(sl, SLOT_REQ);
	return 0;
}

const struct ipcb_mech ipcb_futex_shm = {
	.name = "futex-shm", .label = "futex + shared memory (copy in/out)",
	.start = shm_start, .serve = shm_serve, .open = shm_open,
	.call = shm_call, .send = shm_send,
};
