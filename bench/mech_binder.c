// SPDX-License-Identifier: GPL-2.0
/*
 * Android binder, raw: the client sends BC_TRANSACTION to handle 0 with
 * the payload as the transaction data and waits for BR_REPLY; it frees
 * the previous reply's buffer in the same write as the next request, as
 * libbinder does.  The server is a minimal context manager whose looper
 * threads (the pool) answer each BR_TRANSACTION with BC_REPLY of the
 * received buffer, and free it in the same write.  One-way messages are
 * TF_ONE_WAY transactions; when the server's async space is full the
 * driver fails them (BR_FAILED_REPLY) and the client retries.
 *
 * The receive area is 4 MiB, the driver's maximum: libbinder's usual
 * 1 MiB - 8 KiB could not take a 1 MiB transaction at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/android/binder.h>

#include "ipcbench.h"

#define BINDER_DEV	"/dev/binder"
#define BINDER_MAP_LEN	(4u << 20)
#define CODE_ECHO	1

static int srv_fd = -1;

struct bbuf {
	unsigned char data[512];
	size_t len;
};

static void bput(struct bbuf *b, const void *p, size_t len)
{
	if (b->len + len <= sizeof(b->data)) {
		memcpy(b->data + b->len, p, len);
		b->len += len;
	}
}

static void bput_cmd(struct bbuf *b, uint32_t cmd)
{
	bput(b, &cmd, sizeof(cmd));
}

/*
 * One BINDER_WRITE_READ: write all of @out (going on after EINTR with
 * what is left), then read into @in (when not NULL).
 * Return: bytes read, or a negative errno.
 */
static long binder_wr(int fd, struct bbuf *out, void *in, size_t in_len)
{
	struct binder_write_read bwr;
	size_t done = 0;

	for (;;) {
		memset(&bwr, 0, sizeof(bwr));
		bwr.write_buffer = (binder_uintptr_t)(uintptr_t)(out->data + done);
		bwr.write_size = out->len - done;
		bwr.read_buffer = (binder_uintptr_t)(uintptr_t)in;
		bwr.read_size = in ? in_len : 0;
		if (ioctl(fd, BINDER_WRITE_READ, &bwr) == 0)
			break;
		if (errno != EINTR)
			return -errno;
		done += bwr.write_consumed;
		if (bwr.read_consumed)
			break;
	}
	out->len = 0;
	return (long)bwr.read_consumed;
}

/*
 * The next return command of @in (@n bytes read) at *@pos: its code in
 * *@cmd, its argument at the new *@pos, *@arg bytes long.
 * Return: 1, 0 at the end, or -EPROTO for a truncated command.
 */
static int br_next(const unsigned char *in, size_t n, size_t *pos,
		   uint32_t *cmd, size_t *arg)
{
	if (*pos + sizeof(*cmd) > n)
		return 0;
	memcpy(cmd, in + *pos, sizeof(*cmd));
	*pos += sizeof(*cmd);
	*arg = _IOC_SIZE(*cmd);
	return *pos + *arg > n ? -EPROTO : 1;
}

static int binder_open_map(int *fdp, void **mapp, char *why, size_t whylen)
{
	struct binder_version ver;
	void *map;
	int fd;

	fd = open(BINDER_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "open %s: %s", BINDER_DEV, strerror(errno));
		return -1;
	}
	if (ioctl(fd, BINDER_VERSION, &ver) < 0 ||
	    ver.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		snprintf(why, whylen, "binder protocol version mismatch");
		close(fd);
		return -1;
	}
	map = mmap(NULL, BINDER_MAP_LEN, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		snprintf(why, whylen, "mmap %s: %s", BINDER_DEV, strerror(errno));
		close(fd);
		return -1;
	}
	*fdp = fd;
	*mapp = map;
	return 0;
}

static int binder_start(struct ipcb_srv *s)
{
	return ipcb_server_fork(s);
}

static const char *binder_child_init(struct ipcb_srv *s)
{
	static char why[120];
	int zero = 0, tries;
	void *map;

	(void)s;
	if (binder_open_map(&srv_fd, &map, why, sizeof(why)))
		return why;
	/* A context manager of an earlier server may still be going away. */
	for (tries = 0; ioctl(srv_fd, BINDER_SET_CONTEXT_MGR, &zero) < 0; tries++) {
		if (errno != EBUSY || tries >= 250) {
			snprintf(why, sizeof(why), "BINDER_SET_CONTEXT_MGR: %s",
				 strerror(errno));
			return why;
		}
		usleep(20000);
	}
	return NULL;
}

static int binder_serve(struct ipcb_srv *s, unsigned int t)
{
	struct bbuf out = { .len = 0 };
	unsigned char in[1024];
	uint32_t cmd;
	size_t arg;
	long n;
	int k;

	(void)t;
	bput_cmd(&out, BC_ENTER_LOOPER);
	for (;;) {
		size_t pos = 0;

		n = binder_wr(srv_fd, &out, in, sizeof(in));
		if (n < 0) {
			fprintf(stderr, "ipcbench: binder server: %s\n",
				strerror((int)-n));
			return 1;
		}
		while ((k = br_next(in, (size_t)n, &pos, &cmd, &arg)) > 0) {
			struct binder_transaction_data tr, rep;
			struct binder_ptr_cookie pc;

			switch (cmd) {
			case BR_TRANSACTION:
				memcpy(&tr, in + pos, sizeof(tr));
				if (tr.flags & TF_ONE_WAY) {
					ipcb_oneway_got(s, (const unsigned char *)
							(uintptr_t)tr.data.ptr.buffer,
							tr.data_size);
				} else {
					/* Echo straight from the received buffer. */
					memset(&rep, 0, sizeof(rep));
					rep.data_size = tr.data_size;
					rep.data.ptr.buffer = tr.data.ptr.buffer;
					bput_cmd(&out, BC_REPLY);
					bput(&out, &rep, sizeof(rep));
				}
				bput_cmd(&out, BC_FREE_BUFFER);
				bput(&out, &tr.data.ptr.buffer,
				     sizeof(tr.data.ptr.buffer));
				break;
			case BR_INCREFS:
			case BR_ACQUIRE:
				memcpy(&pc, in + pos, sizeof(pc));
				bput_cmd(&out, cmd == BR_INCREFS ?
					 BC_INCREFS_DONE : BC_ACQUIRE_DONE);
				bput(&out, &pc, sizeof(pc));
				break;
			case BR_ERROR:
			case BR_FAILED_REPLY:
			case BR_DEAD_REPLY:
				fprintf(stderr, "ipcbench: binder server: error 0x%x\n",
					cmd);
				return 1;
			default:	/* BR_NOOP, BR_TRANSACTION_COMPLETE, ... */
				break;
			}
			pos += arg;
		}
		if (k < 0)
			return 1;
	}
}

static int binder_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	if (binder_open_map(&c->fd, &c->map, s->why, sizeof(s->why)))
		return -ENODEV;
	c->map_len = BINDER_MAP_LEN;
	return 0;
}

static void binder_close(struct ipcb_conn *c)
{
	if (c->map)
		munmap(c->map, c->map_len);
	if (c->fd >= 0)
		close(c->fd);
	c->map = NULL;
	c->fd = -1;
}

/*
 * Send one transaction (freeing the previous reply first) and read until
 * BR_REPLY (two-way) or BR_TRANSACTION_COMPLETE (one-way).
 * Return: 0, -EAGAIN when a one-way transaction found no space, or an error.
 */
static int binder_txn(struct ipcb_conn *c, size_t len, bool oneway,
		      const unsigned char **reply)
{
	struct binder_transaction_data tr;
	struct bbuf out = { .len = 0 };
	unsigned char in[256];
	uint32_t cmd;
	size_t arg;
	long n;
	int k;

	if (c->have_free) {
		bput_cmd(&out, BC_FREE_BUFFER);
		bput(&out, &c->to_free, sizeof(c->to_free));
		c->have_free = false;
	}
	memset(&tr, 0, sizeof(tr));
	tr.target.handle = 0;
	tr.code = CODE_ECHO;
	tr.flags = oneway ? TF_ONE_WAY : 0;
	tr.data_size = len;
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)c->sbuf;
	bput_cmd(&out, BC_TRANSACTION);
	bput(&out, &tr, sizeof(tr));

	for (;;) {
		size_t pos = 0;

		n = binder_wr(c->fd, &out, in, sizeof(in));
		if (n < 0)
			return (int)n;
		while ((k = br_next(in, (size_t)n, &pos, &cmd, &arg)) > 0) {
			switch (cmd) {
			case BR_TRANSACTION_COMPLETE:
				if (oneway)
					return 0;
				break;
			case BR_REPLY:
				memcpy(&tr, in + pos, sizeof(tr));
				c->to_free = tr.data.ptr.buffer;
				c->have_free = true;
				if (tr.flags & TF_STATUS_CODE || tr.data_size != len)
					return -EPROTO;
				*reply = (const unsigned char *)(uintptr_t)
					tr.data.ptr.buffer;
				return 0;
			case BR_DEAD_REPLY:
				return -ESRCH;
			case BR_FAILED_REPLY:
				return oneway ? -EAGAIN : -EIO;
			case BR_ERROR:
				return -EIO;
			default:	/* BR_NOOP */
				break;
			}
			pos += arg;
		}
		if (k < 0)
			return k;
	}
}

static int binder_call(struct ipcb_conn *c, size_t len,
		       const unsigned char **reply)
{
	return binder_txn(c, len, false, reply);
}

static int binder_send(struct ipcb_conn *c, size_t len)
{
	int ret;

	while ((ret = binder_txn(c, len, true, NULL)) == -EAGAIN) {
		c->retries++;	/* async space full: let the server run */
		sched_yield();
	}
	return ret;
}

const struct ipcb_mech ipcb_binder = {
	.name = "binder", .label = "Android binder",
	/* A transaction must fit the 4 MiB area with the other buffers. */
	.max_size = 2u << 20,
	.start = binder_start, .child_init = binder_child_init,
	.serve = binder_serve, .open = binder_open, .call = binder_call,
	.send = binder_send, .close = binder_close,
};
