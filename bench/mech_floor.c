// SPDX-License-Identifier: GPL-2.0
/*
 * Floors, not IPC: what one round trip cannot beat.
 *   memcpy  the request copied into a second buffer and back: the two
 *           copies of a round trip with no kernel at all;
 *   pvm     process_vm_writev() of the request into an idle process's
 *           buffer and process_vm_readv() of it back: one copy each way
 *           across address spaces, two syscalls, no wake-up.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>

#include "ipcbench.h"

static int memcpy_start(struct ipcb_srv *s)
{
	(void)s;
	return 0;
}

static int memcpy_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	c->tmp = ipcb_alloc(s->max_size, false);
	return c->tmp ? 0 : -ENOMEM;
}

static int memcpy_call(struct ipcb_conn *c, size_t len,
		       const unsigned char **reply)
{
	memcpy(c->tmp, c->sbuf, len);
	__asm__ volatile("" ::: "memory");
	memcpy(c->rbuf, c->tmp, len);
	__asm__ volatile("" ::: "memory");
	*reply = c->rbuf;
	return 0;
}

/* The idle process: its buffer's address is the token. */
static unsigned char *pvm_buf;

static int pvm_start(struct ipcb_srv *s)
{
	return ipcb_server_fork(s);
}

static const char *pvm_child_init(struct ipcb_srv *s)
{
	unsigned char probe = 0;
	struct iovec l = { &probe, 1 }, r = { &probe, 1 };

	/* Kernels without CONFIG_CROSS_MEMORY_ATTACH (the debug kernel). */
	if (process_vm_readv(getpid(), &l, 1, &r, 1, 0) < 0 && errno == ENOSYS)
		return "no process_vm_readv in this kernel";
	pvm_buf = ipcb_alloc(s->max_size, false);
	if (!pvm_buf)
		return "out of memory";
	s->token = (uint64_t)(uintptr_t)pvm_buf;
	return NULL;
}

static int pvm_serve(struct ipcb_srv *s, unsigned int t)
{
	(void)s;
	(void)t;
	for (;;)
		pause();
	return 0;
}

static int pvm_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	(void)s;
	(void)c;
	return 0;
}

static int pvm_call(struct ipcb_conn *c, size_t len,
		    const unsigned char **reply)
{
	struct iovec l = { .iov_base = c->sbuf, .iov_len = len };
	struct iovec r = {
		.iov_base = (void *)(uintptr_t)c->srv->token, .iov_len = len,
	};

	ssize_t n;

	n = process_vm_writev(c->srv->pid, &l, 1, &r, 1, 0);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	l.iov_base = c->rbuf;
	n = process_vm_readv(c->srv->pid, &l, 1, &r, 1, 0);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	*reply = c->rbuf;
	return 0;
}

const struct ipcb_mech ipcb_memcpy = {
	.name = "memcpy", .label = "floor: memcpy there and back",
	.floor = true, .start = memcpy_start, .open = memcpy_open,
	.call = memcpy_call,
};

const struct ipcb_mech ipcb_pvm = {
	.name = "pvm", .label = "floor: process_vm_writev + readv",
	.floor = true, .start = pvm_start, .child_init = pvm_child_init,
	.serve = pvm_serve, .open = pvm_open, .call = pvm_call,
};
