// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr-dev: a QNX resource manager for a small device, written from
 * QNX's documentation of the resource-manager library:
 *  - an extended attribute (IOFUNC_ATTR_T) holding the device's data;
 *  - read and write handlers (iofunc_read_verify(), resmgr_msgread(),
 *    _IO_SET_READ_NBYTES(), _RESMGR_NPARTS()), a devctl handler with
 *    commands in every direction (dev.h), the other handlers default;
 *  - message_attach() for a private message type, pulse_attach() for a
 *    periodic pulse (a timer_create() timer with a SIGEV_PULSE event on a
 *    message_connect() connection, the usual QNX way),
 *    select_attach() for a pipe (DEV_POKE writes to it);
 *  - either one dispatch_block()/dispatch_handler() loop or, with -t N, a
 *    thread pool of at most N threads.
 *
 * usage: resmgr-dev-server PATH [-t N]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct dev_attr;
#define IOFUNC_ATTR_T	struct dev_attr
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#include "dev.h"

struct dev_attr {
	iofunc_attr_t attr;	/* first, as the library expects */
	char *data;
	int writes;
	int value;
	int hold_reads;		/* DEV_HOLD_READS: reads are never answered */
};

static struct dev_attr dev;
static dispatch_t *dpp;
static int attach_id;
static volatile unsigned ticks;
static volatile unsigned pokes;
static int poke_pipe[2];

static int dev_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t left, n;
	int ret;

	ret = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (ret != EOK)
		return ret;
	if (dev.hold_reads)
		return _RESMGR_NOREPLY;	/* the client waits (until unblocked) */
	left = (size_t)dev.attr.nbytes > (size_t)ocb->offset ?
	       (size_t)dev.attr.nbytes - (size_t)ocb->offset : 0;
	n = left < (size_t)msg->i.nbytes ? left : (size_t)msg->i.nbytes;
	/* Zero bytes: end of file, and the next read starts over. */
	if (n == 0)
		ocb->offset = 0;
	SETIOV(ctp->iov, dev.data + ocb->offset, n);
	ocb->offset += (off_t)n;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_NPARTS(n ? 1 : 0);
}

static int dev_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	size_t n = (size_t)msg->i.nbytes;
	int ret;

	ret = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (ret != EOK)
		return ret;
	if (n > DEV_BUF_SIZE)
		n = DEV_BUF_SIZE;
	/* The data follows the header in the client's message. */
	if (resmgr_msgread(ctp, dev.data, n, sizeof(msg->i)) < 0)
		return errno;
	dev.attr.nbytes = (off_t)n;
	dev.writes++;
	_IO_SET_WRITE_NBYTES(ctp, n);
	return EOK;
}

static int dev_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		      RESMGR_OCB_T *ocb)
{
	int *data = _DEVCTL_DATA(msg->i);
	int nbytes = 0, ret;

	ret = iofunc_devctl_default(ctp, msg, ocb);
	if (ret != _RESMGR_DEFAULT)
		return ret;
	switch (msg->i.dcmd) {
	case DEV_GET_WRITES:
		*data = dev.writes;
		nbytes = sizeof(int);
		break;
	case DEV_SET_VALUE:
		dev.value = *data;
		break;
	case DEV_ADD_VALUE:
		dev.value += *data;
		*data = dev.value;
		nbytes = sizeof(int);
		break;
	case DEV_RESET:
		dev.value = 0;
		dev.attr.nbytes = 0;
		dev.hold_reads = 0;
		break;
	case DEV_HOLD_READS:
		dev.hold_reads = 1;
		break;
	case DEV_DETACH:
		resmgr_detach(dpp, attach_id, _RESMGR_DETACH_ALL);
		break;
	case DEV_POKE:
		if (write(poke_pipe[1], "p", 1) != 1)
			return errno;
		break;
	default:
		return ENOSYS;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = dev.value;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + (size_t)nbytes);
}

static int dev_private(message_context_t *ctp, int type, unsigned flags,
		       void *handle)
{
	struct dev_msg_ticks_reply rep = { ticks, (uint32_t)dev.value, pokes };

	(void)type;
	(void)flags;
	(void)handle;
	MsgReply(ctp->rcvid, EOK, &rep, sizeof(rep));
	return 0;
}

static int dev_tick(message_context_t *ctp, int code, unsigned flags,
		    void *handle)
{
	(void)ctp;
	(void)code;
	(void)flags;
	(void)handle;
	ticks++;
	return 0;
}

static int dev_poked(select_context_t *ctp, int fd, unsigned flags,
		     void *handle)
{
	char c;

	(void)ctp;
	(void)flags;
	(void)handle;
	if (read(fd, &c, 1) == 1)
		pokes++;
	return 0;
}

/* The periodic pulse: a timer that delivers @code every 50 ms. */
static int start_ticks(int code)
{
	struct itimerspec itime = {
		.it_value = { 0, 50 * 1000 * 1000 },
		.it_interval = { 0, 50 * 1000 * 1000 },
	};
	struct sigevent event;
	timer_t timer_id;
	int coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);

	if (coid == -1) {
		perror("message_connect");
		return -1;
	}
	SIGEV_PULSE_INIT(&event, coid, SIGEV_PULSE_PRIO_INHERIT, code, 0);
	if (timer_create(CLOCK_MONOTONIC, &event, &timer_id) == -1) {
		perror("timer_create");
		return -1;
	}
	if (timer_settime(timer_id, 0, &itime, NULL) == -1) {
		perror("timer_settime");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static resmgr_connect_funcs_t connect_funcs;
	static resmgr_io_funcs_t io_funcs;
	int code;
	resmgr_attr_t rattr;
	thread_pool_attr_t pool_attr;
	thread_pool_t *pool;
	dispatch_context_t *ctp;
	int threads = 0;

	if (argc == 4 && strcmp(argv[2], "-t") == 0)
		threads = atoi(argv[3]);
	else if (argc != 2) {
		fprintf(stderr, "usage: %s PATH [-t N]\n", argv[0]);
		return 2;
	}
	dev.data = calloc(1, DEV_BUF_SIZE);
	dpp = dispatch_create();
	if (!dev.data || !dpp) {
		perror("dispatch_create");
		return 1;
	}
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 4096;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = dev_read;
	io_funcs.write = dev_write;
	io_funcs.devctl = dev_devctl;
	iofunc_attr_init(&dev.attr, S_IFCHR | 0666, NULL, NULL);
	attach_id = resmgr_attach(dpp, &rattr, argv[1], _FTYPE_ANY, 0,
				  &connect_funcs, &io_funcs, &dev);
	if (attach_id == -1) {
		perror("resmgr_attach");
		return 1;
	}
	if (message_attach(dpp, NULL, DEV_MSG_TICKS, DEV_MSG_TICKS,
			   dev_private, NULL) == -1) {
		perror("message_attach");
		return 1;
	}
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, dev_tick, NULL);
	if (code == -1) {
		perror("pulse_attach");
		return 1;
	}
	if (pipe(poke_pipe) == -1 ||
	    select_attach(dpp, NULL, poke_pipe[0],
			  SELECT_FLAG_READ | SELECT_FLAG_REARM, dev_poked,
			  NULL) == -1) {
		perror("select_attach");
		return 1;
	}
	if (start_ticks(code) == -1)
		return 1;
	printf("resmgr-dev: serving %s threads %d\n", argv[1], threads);
	fflush(stdout);

	if (threads > 0) {
		memset(&pool_attr, 0, sizeof(pool_attr));
		pool_attr.handle = dpp;
		pool_attr.context_alloc = dispatch_context_alloc;
		pool_attr.block_func = dispatch_block;
		pool_attr.unblock_func = dispatch_unblock;
		pool_attr.handler_func = dispatch_handler;
		pool_attr.context_free = dispatch_context_free;
		pool_attr.lo_water = 2;
		pool_attr.hi_water = 4;
		pool_attr.increment = 1;
		pool_attr.maximum = (unsigned short)threads;
		pool = thread_pool_create(&pool_attr, POOL_FLAG_USE_SELF);
		if (!pool) {
			perror("thread_pool_create");
			return 1;
		}
		thread_pool_start(pool);
		return 0;
	}
	ctp = dispatch_context_alloc(dpp);
	if (!ctp) {
		perror("dispatch_context_alloc");
		return 1;
	}
	for (;;) {
		if (!dispatch_block(ctp)) {
			if (errno == EINTR)
				continue;
			perror("dispatch_block");
			return 1;
		}
		dispatch_handler(ctp);
	}
}
