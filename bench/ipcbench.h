/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipcbench.h: the interface between the benchmark driver (ipcbench.c) and
 * the mechanisms it measures (mech_*.c).
 *
 * A mechanism has a server (a forked process with one or more threads,
 * none for the floors) and, in the benchmark process, one connection per
 * client thread.  Every payload starts and ends with the call's sequence
 * number (the "stamps", 8 bytes each, overlapping at 8 B), so a stale or
 * mixed-up reply is caught; the rest is a fixed byte pattern.
 *
 * Round trips are echoes: the server sends back the SIZE bytes it got, and
 * the driver compares every reply with the request.  One-way messages are
 * checked by the server (stamps against its own count) and counted in the
 * control page shared with the driver, which waits for the count to reach
 * what it sent before it stops the clock.
 */
#ifndef IPCBENCH_H
#define IPCBENCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IPCB_MAX_CLIENTS	4
#define IPCB_MIN_SIZE		8

enum ipcb_pin { IPCB_PIN_NONE, IPCB_PIN_SAME, IPCB_PIN_SPLIT };

/* Global options the mechanisms need. */
extern int ipcb_device;			/* stapler device index */
extern enum ipcb_pin ipcb_pin_mode;

/*
 * Shared (MAP_SHARED) between the driver and a server process; accessed
 * only through ctl_load/ctl_store/ctl_add (plain fields with __atomic
 * builtins keep the layout the same for -m32 and 64-bit builds).
 */
struct ipcb_ctl {
	uint64_t size __attribute__((aligned(8)));	/* payload of the cell */
	uint64_t oneway __attribute__((aligned(8)));	/* 1: one-way, no reply */
	uint64_t count __attribute__((aligned(8)));	/* one-way messages received */
	uint64_t bad __attribute__((aligned(8)));	/* ... with wrong stamps */
};

#define ctl_load(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define ctl_store(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define ctl_add(p, v)	__atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)

struct ipcb_srv {
	const struct ipcb_mech *m;
	pid_t pid;			/* server process, 0 for none */
	unsigned int threads;		/* server threads (the pool) */
	size_t max_size;		/* largest payload of this server */
	struct ipcb_ctl *ctl;
	uint64_t token;			/* what the server reported when ready */
	int fds[2 * IPCB_MAX_CLIENTS];	/* per-client descriptors made before fork */
	int cfds[2 * IPCB_MAX_CLIENTS];	/* the client ends */
	void *shm;			/* per-client shared memory (futex-shm) */
	size_t shm_len;
	char name[64];			/* mqueue name prefix */
	char why[160];			/* why it could not start */
};

struct ipcb_conn {
	struct ipcb_srv *srv;
	unsigned int idx;		/* client index */
	int fd, rfd;
	uint32_t coid;
	void *map;			/* binder receive area */
	size_t map_len;
	bool have_free;			/* binder: reply buffer to free */
	uint64_t to_free;
	unsigned char *sbuf, *rbuf, *tmp;
	uint64_t retries;		/* one-way: sends retried (queue full) */
};

struct ipcb_mech {
	const char *name;
	const char *label;
	size_t max_size;		/* 0: no limit of its own */
	bool floor;			/* not IPC: no server pool, no one-way */
	/* Set up and fork the server (ipcb_server_fork); 0 or -1 (why set). */
	int (*start)(struct ipcb_srv *s);
	/* Child side, before the threads start: NULL or an error text. */
	const char *(*child_init)(struct ipcb_srv *s);
	/* One server thread's loop; returns only on error. */
	int (*serve)(struct ipcb_srv *s, unsigned int thread);
	int (*open)(struct ipcb_srv *s, struct ipcb_conn *c);
	/* Round trip of @len bytes; *reply points at the reply. */
	int (*call)(struct ipcb_conn *c, size_t len, const unsigned char **reply);
	/* One-way message of @len bytes (NULL: none). */
	int (*send)(struct ipcb_conn *c, size_t len);
	void (*close)(struct ipcb_conn *c);
	void (*stop)(struct ipcb_srv *s);	/* after the server was killed */
};

/* ipcbench.c */
unsigned char *ipcb_alloc(size_t len, bool shared);
void ipcb_pin_to(int cpu);
int ipcb_server_fork(struct ipcb_srv *s);
int ipcb_write_full(int fd, const void *buf, size_t len);
int ipcb_read_full(int fd, void *buf, size_t len);
/* Server side of a one-way message: check the stamps, count it. */
void ipcb_oneway_got(struct ipcb_srv *s, const unsigned char *msg, size_t len);
uint64_t ipcb_stamp_get(const unsigned char *msg, size_t len);

/* The mechanisms, in table order. */
extern const struct ipcb_mech ipcb_stplr, ipcb_stplr_oneway, ipcb_stplr_pulse;
extern const struct ipcb_mech ipcb_pipe, ipcb_unix_stream, ipcb_unix_seqpacket;
extern const struct ipcb_mech ipcb_futex_shm, ipcb_mqueue, ipcb_binder;
extern const struct ipcb_mech ipcb_memcpy, ipcb_pvm;

#endif
