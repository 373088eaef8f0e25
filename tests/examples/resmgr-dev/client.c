// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr-dev-client: drives the resmgr-dev manager and prints TAP.
 *
 *   client qnx NAME       QNX client through stapler: name_open(NAME),
 *                         _IO_WRITE/_IO_READ/_IO_STAT/_IO_LSEEK messages,
 *                         devctl() in every direction, the private message,
 *                         _IO_CLOSE
 *   client linux PATH     plain Linux controller: open/write/read and
 *                         ioctl(_IOR/_IOW/_IOWR/_IO) on the CUSE node
 *   client rogue NAME     short and malformed _IO_* messages: each must
 *                         fail with an errno, and the manager keep serving
 *   client stress NAME N  N rounds that must succeed next to other clients
 *   client value NAME     print the devctl value
 *   client bench NAME PATH [N]   latency of 16-byte and 1 MiB reads both
 *                         ways (median and p99 of N reads), as a table
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sys/iomsg.h>
#include <sys/dispatch.h>
#include <devctl.h>

#include "dev.h"

static int test_no;
static int failed;

static void check(int ok, const char *what)
{
	int err = errno;

	printf("%sok %d - %s\n", ok ? "" : "not ", ++test_no, what);
	if (!ok) {
		printf("# errno %d (%s)\n", err, strerror(err));
		failed = 1;
	}
	errno = err;
}

static long io_write(int coid, const void *data, size_t n)
{
	io_write_t msg;
	iov_t iov[2];

	memset(&msg, 0, sizeof(msg));
	msg.i.type = _IO_WRITE;
	msg.i.nbytes = (int32_t)n;
	SETIOV(&iov[0], &msg, sizeof(msg.i));
	SETIOV(&iov[1], data, n);
	return MsgSendv(coid, iov, 2, NULL, 0);
}

static long io_read(int coid, void *buf, size_t n)
{
	io_read_t msg;

	memset(&msg, 0, sizeof(msg));
	msg.i.type = _IO_READ;
	msg.i.nbytes = (int32_t)n;
	return MsgSend(coid, &msg, sizeof(msg.i), buf, n);
}

static int run_qnx(const char *name)
{
	struct dev_msg_ticks tmsg = { DEV_MSG_TICKS, 0 };
	struct dev_msg_ticks_reply trep;
	char buf[64];
	io_lseek_t lmsg;
	io_stat_t smsg;
	io_close_t cmsg;
	uint64_t off;
	int coid, v, info = 0;
	long r;

	coid = name_open(name, 0);
	check(coid != -1, "name_open sends _IO_CONNECT, the manager opens");
	if (coid == -1)
		return 1;
	check(devctl(coid, DEV_RESET, NULL, 0, NULL) == EOK, "devctl __DION reset");
	check(io_write(coid, "hello qnx", 9) == 9, "_IO_WRITE of 9 bytes");
	memset(buf, 0, sizeof(buf));
	r = io_read(coid, buf, sizeof(buf));
	check(r == 9 && memcmp(buf, "hello qnx", 9) == 0, "_IO_READ gets them back");
	check(io_read(coid, buf, sizeof(buf)) == 0, "_IO_READ at the end: 0 bytes");

	memset(&smsg, 0, sizeof(smsg));
	smsg.i.type = _IO_STAT;
	r = MsgSend(coid, &smsg.i, sizeof(smsg.i), &smsg.o, sizeof(smsg.o));
	check(r == 0 && S_ISCHR(smsg.o.st_mode) && smsg.o.st_size == 9,
	      "_IO_STAT: a character device of 9 bytes");

	memset(&lmsg, 0, sizeof(lmsg));
	lmsg.i.type = _IO_LSEEK;
	lmsg.i.whence = SEEK_SET;
	lmsg.i.offset = 6;
	r = MsgSend(coid, &lmsg.i, sizeof(lmsg.i), &off, sizeof(off));
	check(r == 0 && off == 6, "_IO_LSEEK to 6");
	r = io_read(coid, buf, sizeof(buf));
	check(r == 3 && memcmp(buf, "qnx", 3) == 0, "_IO_READ from the new offset");

	v = 41;
	check(devctl(coid, DEV_SET_VALUE, &v, sizeof(v), NULL) == EOK,
	      "devctl __DIOT sets a value");
	v = 1;
	check(devctl(coid, DEV_ADD_VALUE, &v, sizeof(v), &info) == EOK &&
	      v == 42 && info == 42, "devctl __DIOTF adds and returns 42");
	v = -1;
	check(devctl(coid, DEV_GET_WRITES, &v, sizeof(v), NULL) == EOK && v >= 1,
	      "devctl __DIOF reads the write count");
	check(devctl(coid, __DION(_DCMD_MISC, 99), NULL, 0, NULL) == ENOSYS,
	      "devctl of an unknown command: ENOSYS");

	r = MsgSend(coid, &tmsg, sizeof(tmsg), &trep, sizeof(trep));
	check(r == 0 && trep.value == 42, "message_attach: private message answered");
	usleep(300000);
	r = MsgSend(coid, &tmsg, sizeof(tmsg), &trep, sizeof(trep));
	check(r == 0 && trep.ticks >= 2, "pulse_attach: timer pulses counted");
	v = (int)trep.pokes;
	check(devctl(coid, DEV_POKE, NULL, 0, NULL) == EOK, "devctl: poke the pipe");
	usleep(200000);
	r = MsgSend(coid, &tmsg, sizeof(tmsg), &trep, sizeof(trep));
	check(r == 0 && (int)trep.pokes > v, "select_attach: the pipe's handler ran");

	memset(&cmsg, 0, sizeof(cmsg));
	cmsg.i.type = _IO_CLOSE;
	check(MsgSend(coid, &cmsg.i, sizeof(cmsg.i), NULL, 0) == 0, "_IO_CLOSE");
	check(io_read(coid, buf, sizeof(buf)) == -1 && errno == EBADF,
	      "_IO_READ after _IO_CLOSE: EBADF");
	name_close(coid);
	return 0;
}

static int run_linux(const char *path)
{
	char buf[64];
	int fd, v;

	fd = open(path, O_RDWR);
	check(fd >= 0, "open() of the CUSE node");
	if (fd < 0)
		return 1;
	check(ioctl(fd, _IO(_DCMD_MISC, 4)) == 0, "ioctl _IO: __DION reset");
	check(write(fd, "hello linux", 11) == 11, "write() 11 bytes");
	memset(buf, 0, sizeof(buf));
	check(read(fd, buf, sizeof(buf)) == 11 && memcmp(buf, "hello linux", 11) == 0,
	      "read() gets them back");
	v = 7;
	check(ioctl(fd, _IOW(_DCMD_MISC, 2, int), &v) == 7,
	      "ioctl _IOW: __DIOT sets 7 (returns ret_val)");
	v = 3;
	check(ioctl(fd, _IOWR(_DCMD_MISC, 3, int), &v) == 10 && v == 10,
	      "ioctl _IOWR: __DIOTF adds 3, gets 10");
	v = -1;
	check(ioctl(fd, _IOR(_DCMD_MISC, 1, int), &v) >= 0 && v >= 1,
	      "ioctl _IOR: __DIOF reads the write count");
	v = 0;
	check(devctl(fd, DEV_GET_WRITES, &v, sizeof(v), NULL) == EOK && v >= 1,
	      "devctl() on a descriptor becomes the same ioctl");
	check(ioctl(fd, _IO(_DCMD_MISC, 99)) == -1 && errno == ENOTTY,
	      "ioctl of an unknown command: ENOTTY");
	check(close(fd) == 0, "close()");
	return 0;
}

/* Send @len bytes of @msg; return the errno (0 when it succeeded). */
static int rogue_send(int coid, const void *msg, size_t len)
{
	char rep[64];

	if (MsgSend(coid, msg, len, rep, sizeof(rep)) == -1)
		return errno;
	return 0;
}

static int run_rogue(const char *name)
{
	unsigned char big[64];
	io_write_t w;
	io_devctl_t d;
	io_read_t r;
	io_lseek_t l;
	char buf[16];
	int coid, e;

	coid = name_open(name, 0);
	check(coid != -1, "name_open");
	if (coid == -1)
		return 1;
	memset(big, 0, sizeof(big));
	big[0] = 0x01;
	big[1] = 0x01;	/* _IO_READ's type, little-endian */
	e = rogue_send(coid, big, 1);
	check(e == EBADMSG, "a 1-byte message: EBADMSG");
	e = rogue_send(coid, big, 3);
	check(e == EBADMSG, "a 3-byte _IO_READ: EBADMSG");
	memset(&r, 0, sizeof(r));
	r.i.type = _IO_READ;
	r.i.nbytes = -5;
	check(rogue_send(coid, &r.i, sizeof(r.i)) == EINVAL, "_IO_READ of -5 bytes: EINVAL");
	memset(&w, 0, sizeof(w));
	w.i.type = _IO_WRITE;
	w.i.nbytes = 1 << 30;
	check(rogue_send(coid, &w.i, sizeof(w.i)) == EBADMSG,
	      "_IO_WRITE claiming 1 GiB it does not carry: EBADMSG");
	memset(&d, 0, sizeof(d));
	d.i.type = _IO_DEVCTL;
	d.i.dcmd = DEV_SET_VALUE;
	d.i.nbytes = -1;
	check(rogue_send(coid, &d.i, sizeof(d.i)) == EINVAL, "_IO_DEVCTL nbytes -1: EINVAL");
	memset(&l, 0, sizeof(l));
	l.i.type = _IO_LSEEK;
	l.i.whence = 7;
	check(rogue_send(coid, &l.i, sizeof(l.i)) == EINVAL, "_IO_LSEEK whence 7: EINVAL");
	big[0] = 0xF0;
	big[1] = 0x01;	/* 0x1F0: an I/O type nobody handles */
	check(rogue_send(coid, big, 16) == ENOSYS, "unknown _IO_ type: ENOSYS");
	big[0] = 0x34;
	big[1] = 0x12;
	check(rogue_send(coid, big, 16) == ENOSYS, "unknown private type: ENOSYS");
	memset(big, 0, sizeof(big));
	big[1] = 0x01;	/* _IO_CONNECT again on an open connection */
	check(rogue_send(coid, big, 40) != 0, "second _IO_CONNECT on one connection fails");
	check(rogue_send(coid, big, 20) == EBADMSG, "short _IO_CONNECT: EBADMSG");
	/* Still serving? */
	check(devctl(coid, DEV_RESET, NULL, 0, NULL) == EOK && io_write(coid, "x", 1) == 1 &&
	      io_read(coid, buf, sizeof(buf)) == 1, "the manager still serves");
	name_close(coid);
	return 0;
}

/*
 * Concurrent clients: @n rounds of devctl add 1, a 16-byte write and a
 * read, each of which must succeed whatever the others do.
 */
static int run_stress(const char *name, int n)
{
	struct dev_msg_ticks tmsg = { DEV_MSG_TICKS, 0 };
	struct dev_msg_ticks_reply trep;
	char buf[64];
	int coid, i, v, bad = 0;

	coid = name_open(name, 0);
	check(coid != -1, "name_open");
	if (coid == -1)
		return 1;
	for (i = 0; i < n && !bad; i++) {
		v = 1;
		bad |= devctl(coid, DEV_ADD_VALUE, &v, sizeof(v), NULL) != EOK;
		bad |= io_write(coid, "0123456789abcdef", 16) != 16;
		bad |= io_read(coid, buf, sizeof(buf)) < 0;
		bad |= MsgSend(coid, &tmsg, sizeof(tmsg), &trep, sizeof(trep)) != 0;
	}
	check(!bad, "every round of devctl, write, read and private message succeeds");
	name_close(coid);
	return 0;
}

/* Print the device's value (devctl add 0). */
static int run_value(const char *name)
{
	int coid = name_open(name, 0), v = 0;

	if (coid == -1 || devctl(coid, DEV_ADD_VALUE, &v, sizeof(v), NULL) != EOK) {
		perror("value");
		return 1;
	}
	printf("value %d\n", v);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Read @size bytes @n times; store median and p99 in ns. */
static int bench_one(int coid, int fd, size_t size, int n, uint64_t *med,
		     uint64_t *p99)
{
	uint64_t *t = calloc((size_t)n, sizeof(*t)), t0;
	char *buf = malloc(size);
	long got;
	int i;

	if (!t || !buf)
		return -1;
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		got = fd >= 0 ? read(fd, buf, size) : io_read(coid, buf, size);
		t[i] = now_ns() - t0;
		if (got != (long)size) {
			fprintf(stderr, "bench: read %ld of %zu (%s)\n", got, size,
				strerror(errno));
			return -1;
		}
		/* The end of the data: 0 bytes, and the next read starts over. */
		got = fd >= 0 ? read(fd, buf, size) : io_read(coid, buf, size);
		if (got != 0) {
			fprintf(stderr, "bench: %ld bytes at the end, not 0\n", got);
			return -1;
		}
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_u64);
	*med = t[n / 2];
	*p99 = t[(n * 99) / 100];
	free(t);
	free(buf);
	return 0;
}

/* Fill the device with @size bytes, then make reads repeat from 0. */
static int bench_fill(int coid, size_t size)
{
	char *data = calloc(1, size);
	int ret;

	if (!data)
		return -1;
	memset(data, 'x', size);
	ret = io_write(coid, data, size) == (long)size ? 0 : -1;
	free(data);
	return ret;
}

static int run_bench(const char *name, const char *path, int n)
{
	static const size_t sizes[] = { 16, 1u << 20 };
	uint64_t med[2][2], p99[2][2];
	int coid, fd, s;

	coid = name_open(name, 0);
	fd = open(path, O_RDONLY);
	if (coid == -1 || fd < 0) {
		perror("bench: open");
		return 1;
	}
	for (s = 0; s < 2; s++) {
		int nn = s ? n / 10 + 1 : n;
		int wc = name_open(name, 0);

		if (wc == -1 || bench_fill(wc, sizes[s])) {
			perror("bench: fill");
			return 1;
		}
		name_close(wc);
		if (bench_one(coid, -1, sizes[s], nn, &med[s][0], &p99[s][0]) ||
		    bench_one(-1, fd, sizes[s], nn, &med[s][1], &p99[s][1]))
			return 1;
	}
	printf("%-10s %-22s %12s %12s\n", "size", "way", "median_us", "p99_us");
	for (s = 0; s < 2; s++) {
		printf("%-10zu %-22s %12.1f %12.1f\n", sizes[s], "stapler (MsgSend)",
		       med[s][0] / 1e3, p99[s][0] / 1e3);
		printf("%-10zu %-22s %12.1f %12.1f\n", sizes[s], "CUSE (read(2))",
		       med[s][1] / 1e3, p99[s][1] / 1e3);
		printf("%-10zu %-22s %12.2f\n", sizes[s], "ratio CUSE/stapler",
		       (double)med[s][1] / (double)med[s][0]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "qnx") == 0)
		run_qnx(argv[2]);
	else if (argc >= 3 && strcmp(argv[1], "linux") == 0)
		run_linux(argv[2]);
	else if (argc >= 3 && strcmp(argv[1], "rogue") == 0)
		run_rogue(argv[2]);
	else if (argc >= 4 && strcmp(argv[1], "stress") == 0)
		run_stress(argv[2], atoi(argv[3]));
	else if (argc >= 3 && strcmp(argv[1], "value") == 0)
		return run_value(argv[2]);
	else if (argc >= 4 && strcmp(argv[1], "bench") == 0)
		return run_bench(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 200);
	else {
		fprintf(stderr, "usage: %s qnx|linux|rogue NAME|PATH, or bench NAME PATH [N]\n",
			argv[0]);
		return 2;
	}
	printf("1..%d\n", test_no);
	return failed;
}
