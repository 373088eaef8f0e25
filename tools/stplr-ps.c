// SPDX-License-Identifier: GPL-2.0
/*
 * stplr-ps: who is blocked in stapler, QNX pidin style.
 *
 * Reads the debugfs files of one stapler device,
 * /sys/kernel/debug/stplr/stplr-N/{state,stats,failed_log}, and prints:
 *
 *  - every thread blocked in stapler: SEND-blocked (queued on a channel,
 *    not received yet), REPLY-blocked (received, waiting for the reply)
 *    and RECEIVE-blocked (a server thread waiting for a message), with
 *    the channel, the server's pid, coid, rcvid, priority and the
 *    length of the message;
 *  - the channels: owner, queued messages and pulses, waiting receivers,
 *    mode, flags and published name;
 *  - with -c the connections, with -p the queued pulses, with -s the
 *    device's counters, with -f the log of failed operations.
 *
 * usage: stplr-ps [-d N] [-r DIR] [-a] [-c] [-p] [-s] [-f] [-h]
 *
 * Pids and tids are those of the initial pid namespace; process names
 * come from /proc/PID/comm ("-" when the process is not visible).
 * Reading debugfs needs root.  Exit status: 0 ok, 1 a file could not be
 * read, 2 usage error.
 *
 * The state file has one record per line, two spaces of indentation per
 * level (see kernel/debugfs.c):
 *
 *   context <scoid> pid <pid>[ claimed]
 *     channel <chid> flags 0x<hex> mode <octal> queued <n> pulses <n> name <name|->
 *       RECEIVE-blocked tid <tid>
 *       SEND-blocked pid <pid> tid <tid> coid <coid> rcvid <rcvid> prio <p> len <bytes>
 *       REPLY-blocked pid <pid> tid <tid> coid <coid> rcvid <rcvid> prio <p> len <bytes>
 *       pulse code <c> value <v> prio <p>
 *     connection <coid> channel <chid> pid <owner pid>
 *
 * Lines this version does not know are skipped, so that newer modules
 * can add records.  A claimed context (STPLR_IOC_CTX_CLAIM) numbers its
 * channels from 1, so its chids repeat across processes: a channel is
 * (PID, CHID), as ConnectAttach() names it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/stplr.h>

#define DEBUGFS_ROOT	"/sys/kernel/debug/stplr"

enum state { ST_SEND, ST_REPLY, ST_RECEIVE };

static const char *const state_names[] = {
	[ST_SEND] = "SEND-blocked",
	[ST_REPLY] = "REPLY-blocked",
	[ST_RECEIVE] = "RECEIVE-blocked",
};

struct context {
	unsigned int scoid;
	int pid;
};

struct channel {
	unsigned int chid;
	int pid;			/* owner */
	unsigned int scoid;		/* owning context */
	unsigned long long flags;
	unsigned int mode, queued, pulses, receivers;
	char name[STPLR_NAME_MAX + 1];
};

struct blocked {
	enum state state;
	int pid, tid;			/* the blocked thread */
	unsigned int chid;
	int server_pid;
	long long coid, rcvid, prio;	/* -1: not applicable */
	long long len;
};

struct pulse {
	unsigned int chid;
	int server_pid;
	int code;
	unsigned int value, prio;
};

struct connection {
	int pid;			/* process of the context */
	unsigned int scoid;
	unsigned int coid, chid;
	int server_pid;
};

/* A growable array of one of the above. */
struct vec {
	void *v;
	size_t n, cap, size;
};

static void *vec_add(struct vec *a)
{
	void *p;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		p = realloc(a->v, a->cap * a->size);
		if (!p) {
			fprintf(stderr, "stplr-ps: out of memory\n");
			exit(1);
		}
		a->v = p;
	}
	p = (char *)a->v + a->n++ * a->size;
	memset(p, 0, a->size);
	return p;
}

#define VEC(type)	{ NULL, 0, 0, sizeof(type) }
#define AT(vec, type, i)	(&((type *)(vec).v)[i])

static struct vec contexts = VEC(struct context);
static struct vec channels = VEC(struct channel);
static struct vec blocked = VEC(struct blocked);
static struct vec pulses = VEC(struct pulse);
static struct vec connections = VEC(struct connection);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stplr-ps [-d N] [-r DIR] [-a] [-c] [-p] [-s] [-f]\n"
		"  -d N    device stplr-N (default 0)\n"
		"  -r DIR  debugfs directory of stapler (default %s)\n"
		"  -a      everything: -c -p -s -f\n"
		"  -c      list the connections\n"
		"  -p      list the queued pulses\n"
		"  -s      the device's counters (stats)\n"
		"  -f      the log of failed operations (failed_log), oldest first\n"
		"  -h      this help\n", DEBUGFS_ROOT);
}

static FILE *open_file(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		fprintf(stderr, "stplr-ps: cannot read %s: %s%s\n", path,
			strerror(errno), errno == ENOENT ?
			" (stplr loaded? debugfs mounted at /sys/kernel/debug?)" :
			errno == EACCES ? " (debugfs needs root)" : "");
	return f;
}

/* Leading spaces / 2. */
static int depth(const char *line)
{
	int n = 0;

	while (line[n] == ' ')
		n++;
	return n / 2;
}

static int parse_state(FILE *f)
{
	struct context *ctx = NULL;
	struct channel *chan = NULL;
	struct blocked *b;
	struct connection *c;
	struct pulse *p;
	char line[1024], word[32], name[STPLR_NAME_MAX + 1];
	unsigned long long flags, len;
	unsigned int u1, u2, u3, u4, u5, u6;
	int i1, i2, d, n;
	char *s;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		d = depth(line);
		s = line + 2 * d;
		if (sscanf(s, "%31s", word) != 1)
			continue;
		if (d == 0 && !strcmp(word, "context") &&
		    sscanf(s, "context %u pid %d", &u1, &i1) == 2) {
			ctx = vec_add(&contexts);
			ctx->scoid = u1;
			ctx->pid = i1;
			chan = NULL;
		} else if (d == 1 && ctx && !strcmp(word, "channel") &&
			   (n = -1, sscanf(s, "channel %u flags %llx mode %o queued %u pulses %u name %n",
					   &u1, &flags, &u2, &u3, &u4, &n)) == 5 &&
			   n > 0) {
			/* The name is the rest of the line (it may hold spaces). */
			snprintf(name, sizeof(name), "%s", s + n);
			chan = vec_add(&channels);
			chan->chid = u1;
			chan->pid = ctx->pid;
			chan->scoid = ctx->scoid;
			chan->flags = flags;
			chan->mode = u2;
			chan->queued = u3;
			chan->pulses = u4;
			snprintf(chan->name, sizeof(chan->name), "%s",
				 strcmp(name, "-") ? name : "");
		} else if (d == 1 && ctx && !strcmp(word, "connection") &&
			   sscanf(s, "connection %u channel %u pid %d", &u1, &u2,
				  &i1) == 3) {
			chan = NULL;
			c = vec_add(&connections);
			c->pid = ctx->pid;
			c->scoid = ctx->scoid;
			c->coid = u1;
			c->chid = u2;
			c->server_pid = i1;
		} else if (d == 2 && chan && !strcmp(word, "RECEIVE-blocked") &&
			   sscanf(s, "RECEIVE-blocked tid %d", &i1) == 1) {
			b = vec_add(&blocked);
			b->state = ST_RECEIVE;
			b->pid = chan->pid;
			b->tid = i1;
			b->chid = chan->chid;
			b->server_pid = chan->pid;
			b->coid = b->rcvid = b->prio = b->len = -1;
			chan->receivers++;
		} else if (d == 2 && chan &&
			   (!strcmp(word, "SEND-blocked") ||
			    !strcmp(word, "REPLY-blocked")) &&
			   sscanf(s, "%*s pid %d tid %d coid %u rcvid %u prio %u len %llu",
				  &i1, &i2, &u1, &u2, &u3, &len) == 6) {
			b = vec_add(&blocked);
			b->state = word[0] == 'S' ? ST_SEND : ST_REPLY;
			b->pid = i1;
			b->tid = i2;
			b->chid = chan->chid;
			b->server_pid = chan->pid;
			b->coid = u1;
			b->rcvid = u2;
			b->prio = u3;
			b->len = (long long)len;
		} else if (d == 2 && chan && !strcmp(word, "pulse") &&
			   sscanf(s, "pulse code %d value %u prio %u", &i1, &u5,
				  &u6) == 3) {
			p = vec_add(&pulses);
			p->chid = chan->chid;
			p->server_pid = chan->pid;
			p->code = i1;
			p->value = u5;
			p->prio = u6;
		}
		/* anything else: a record of a newer module, skipped */
	}
	if (ferror(f)) {
		perror("stplr-ps: reading state");
		return -1;
	}
	return 0;
}

/* /proc/PID/comm, or "-". */
static const char *proc_name(int pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(buf, size, "-");
	if (pid <= 0)
		return buf;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return buf;
	if (!fgets(buf, (int)size, f))
		snprintf(buf, size, "-");
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* The process a RECEIVE-blocked thread belongs to: /proc/TID/status Tgid. */
static int tid_pid(int tid, int fallback)
{
	char path[64], line[256];
	int pid = fallback;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return fallback;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &pid) == 1)
			break;
	fclose(f);
	return pid;
}

static const char *flag_names(unsigned long long flags, char *buf,
			      size_t size)
{
	static const struct {
		unsigned long long bit;
		const char *name;
	} names[] = {
		{ STPLR_CHF_FIXED_PRIORITY, "FIXED_PRIORITY" },
		{ STPLR_CHF_UNBLOCK, "UNBLOCK" },
		{ STPLR_CHF_THREAD_DEATH, "THREAD_DEATH" },
		{ STPLR_CHF_DISCONNECT, "DISCONNECT" },
		{ STPLR_CHF_COID_DISCONNECT, "COID_DISCONNECT" },
		{ STPLR_CHF_MODE, "MODE" },
	};
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 used ? "," : "", names[i].name);
		if (used >= size)
			return buf;
		flags &= ~names[i].bit;
	}
	if (flags)
		snprintf(buf + used, size - used, "%s0x%llx", used ? "," : "",
			 flags);
	else if (!used)
		snprintf(buf, size, "-");
	return buf;
}

static void dash_or(long long v, int width)
{
	if (v < 0)
		printf(" %*s", width, "-");
	else
		printf(" %*lld", width, v);
}

static void print_blocked(void)
{
	char comm[64];
	struct blocked *b;
	size_t i;

	printf("\nThreads blocked in stapler:\n");
	if (!blocked.n) {
		printf("  (none)\n");
		return;
	}
	printf("%8s %8s %-16s %6s %8s %10s %10s %4s %10s  %s\n", "PID", "TID",
	       "STATE", "CHID", "SERVER", "COID", "RCVID", "PRIO", "BYTES",
	       "NAME");
	for (i = 0; i < blocked.n; i++) {
		b = AT(blocked, struct blocked, i);
		if (b->state == ST_RECEIVE)
			b->pid = tid_pid(b->tid, b->pid);
		printf("%8d %8d %-16s %6u %8d", b->pid, b->tid,
		       state_names[b->state], b->chid, b->server_pid);
		if (b->coid >= STPLR_SIDE_CHANNEL)
			printf(" %#10llx", b->coid);
		else
			dash_or(b->coid, 10);
		dash_or(b->rcvid, 10);
		dash_or(b->prio, 4);
		dash_or(b->len, 10);
		printf("  %s\n", proc_name(b->pid, comm, sizeof(comm)));
	}
}

static void print_channels(void)
{
	char comm[64], fl[128];
	struct channel *c;
	size_t i;

	printf("\nChannels:\n");
	if (!channels.n) {
		printf("  (none)\n");
		return;
	}
	printf("%6s %8s %6s %6s %6s %4s %4s %-34s %-20s %s\n", "CHID", "PID",
	       "QUEUED", "PULSES", "RECV", "MODE", "CTX", "FLAGS", "NAME",
	       "PROCESS");
	for (i = 0; i < channels.n; i++) {
		c = AT(channels, struct channel, i);
		printf("%6u %8d %6u %6u %6u %04o %4u %-34s %-20s %s\n",
		       c->chid, c->pid, c->queued, c->pulses, c->receivers,
		       c->mode, c->scoid, flag_names(c->flags, fl, sizeof(fl)),
		       c->name[0] ? c->name : "-",
		       proc_name(c->pid, comm, sizeof(comm)));
	}
}

static void print_connections(void)
{
	struct connection *c;
	char comm[64];
	size_t i;

	printf("\nConnections:\n");
	if (!connections.n) {
		printf("  (none)\n");
		return;
	}
	printf("%8s %4s %10s %6s %8s  %s\n", "PID", "CTX", "COID", "CHID",
	       "SERVER", "NAME");
	for (i = 0; i < connections.n; i++) {
		c = AT(connections, struct connection, i);
		printf("%8d %4u %#10x %6u %8d  %s\n", c->pid, c->scoid, c->coid,
		       c->chid, c->server_pid,
		       proc_name(c->pid, comm, sizeof(comm)));
	}
}

static const char *pulse_code_name(int code)
{
	switch (code) {
	case STPLR_PULSE_UNBLOCK:	return "UNBLOCK";
	case STPLR_PULSE_DISCONNECT:	return "DISCONNECT";
	case STPLR_PULSE_THREADDEATH:	return "THREADDEATH";
	case STPLR_PULSE_COIDDEATH:	return "COIDDEATH";
	default:			return "";
	}
}

static void print_pulses(void)
{
	struct pulse *p;
	size_t i;

	printf("\nQueued pulses:\n");
	if (!pulses.n) {
		printf("  (none)\n");
		return;
	}
	printf("%6s %8s %6s %12s %4s  %s\n", "CHID", "SERVER", "CODE", "VALUE",
	       "PRIO", "KIND");
	for (i = 0; i < pulses.n; i++) {
		p = AT(pulses, struct pulse, i);
		printf("%6u %8d %6d %12u %4u  %s\n", p->chid, p->server_pid,
		       p->code, p->value, p->prio,
		       p->code < 0 ? pulse_code_name(p->code) : "user");
	}
}

static int print_stats(const char *dir)
{
	char line[256], key[64];
	unsigned long long v;
	FILE *f = open_file(dir, "stats");

	if (!f)
		return -1;
	printf("\nCounters:\n");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %llu", key, &v) == 2)
			printf("  %-12s %12llu\n", key, v);
	fclose(f);
	return 0;
}

static void errno_name(int e, char *buf, size_t size)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	const char *n = strerrorname_np(e);

	if (n) {
		snprintf(buf, size, "%s", n);
		return;
	}
#endif
	snprintf(buf, size, "%d", e);
}

static int print_failed(const char *dir)
{
	char line[512], op[64], en[32];
	unsigned long long ts;
	unsigned int id;
	int e, pid, tid, n = 0;
	FILE *f = open_file(dir, "failed_log");

	if (!f)
		return -1;
	printf("\nFailed operations (oldest first):\n");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llu %63s errno %d pid %d tid %d id %u", &ts,
			   op, &e, &pid, &tid, &id) != 6)
			continue;
		if (!n++)
			printf("%16s %-16s %-14s %8s %8s %10s\n", "TIME(s)", "OP",
			       "ERRNO", "PID", "TID", "ID");
		errno_name(e, en, sizeof(en));
		printf("%16.6f %-16s %-14s %8d %8d %10u\n", ts / 1e9, op, en,
		       pid, tid, id);
	}
	if (!n)
		printf("  (none)\n");
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int opt, dev = 0, show_c = 0, show_p = 0, show_s = 0, show_f = 0;
	const char *root = DEBUGFS_ROOT;
	char dir[4096], *end;
	int status = 0;
	long v;
	FILE *f;

	while ((opt = getopt(argc, argv, "d:r:acpsfh")) != -1) {
		switch (opt) {
		case 'd':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 ||
			    v > 1000000) {
				fprintf(stderr, "stplr-ps: bad device '%s'\n",
					optarg);
				return 2;
			}
			dev = (int)v;
			break;
		case 'r':
			root = optarg;
			break;
		case 'a':
			show_c = show_p = show_s = show_f = 1;
			break;
		case 'c':
			show_c = 1;
			break;
		case 'p':
			show_p = 1;
			break;
		case 's':
			show_s = 1;
			break;
		case 'f':
			show_f = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/stplr-%d", root, dev);

	f = open_file(dir, "state");
	if (!f)
		return 1;
	if (parse_state(f))
		status = 1;
	fclose(f);

	printf("stplr-%d: %zu contexts, %zu channels, %zu connections, "
	       "%zu threads blocked\n", dev, contexts.n, channels.n,
	       connections.n, blocked.n);
	print_blocked();
	print_channels();
	if (show_c)
		print_connections();
	if (show_p)
		print_pulses();
	if (show_s && print_stats(dir))
		status = 1;
	if (show_f && print_failed(dir))
		status = 1;
	return status;
}
