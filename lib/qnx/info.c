// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: MsgInfo and ConnectClientInfo.
 *
 * The module reports the sender's details only to the MsgReceive*() that
 * takes a message, and keeps nothing per client a server could query
 * later.  So this layer remembers, for the last QNX_RCVIDS messages
 * received, what MsgReceive*() reported (a table indexed by rcvid, as
 * receive ids are handed out cyclically; an entry is dropped at the reply
 * and overwritten by a later rcvid in the same slot), and answers only
 * while the message still waits for its reply: the module confirms that
 * (a read of the message fails with ESRCH otherwise).  A waiting sender
 * cannot exit, so its pid and tid cannot be reused meanwhile: credentials
 * read from /proc between two such confirmations are the sender's.
 */
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/netmgr.h>
#include <unistd.h>

#include "internal.h"

#define QNX_RCVIDS	1024	/* a power of two */

struct qnx_rcvid {
	int rcvid;		/* 0: free */
	struct _msg_info info;
};

/*
 * Which client each of the last QNX_CLIENTS rcvids came from (the channel
 * and scoid MsgReceive*() reported, and the sending thread), kept after
 * the reply: MsgDeliverEvent() names the client by rcvid, also after
 * replying, and the module by (chid, scoid) (STPLR_MSG_DELIVER_EVENT
 * checks it is still connected) and, for SIGEV_SIGNAL_THREAD, the thread
 * id (the module checks it is still a thread of the client's process).
 */
#define QNX_CLIENTS	4096	/* a power of two */

struct qnx_client {
	int rcvid;		/* 0: free */
	uint32_t chid;
	uint32_t scoid;
	uint32_t tid;
};

static struct qnx_client qnx_clients[QNX_CLIENTS];

static pthread_mutex_t qnx_rcvids_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t qnx_rcvids_once = PTHREAD_ONCE_INIT;
static struct qnx_rcvid qnx_rcvids[QNX_RCVIDS];

static void qnx_rcvids_prepare(void)
{
	pthread_mutex_lock(&qnx_rcvids_lock);
}

static void qnx_rcvids_parent(void)
{
	pthread_mutex_unlock(&qnx_rcvids_lock);
}

/* A fork() child has a context of its own: the parent's rcvids mean nothing. */
static void qnx_rcvids_child(void)
{
	memset(qnx_rcvids, 0, sizeof(qnx_rcvids));
	memset(qnx_clients, 0, sizeof(qnx_clients));
	pthread_mutex_unlock(&qnx_rcvids_lock);
}

static void qnx_rcvids_init(void)
{
	pthread_atfork(qnx_rcvids_prepare, qnx_rcvids_parent,
		       qnx_rcvids_child);
}

void stplr_qnx_rcvid_note(int rcvid, const struct _msg_info *info)
{
	struct qnx_rcvid *e = &qnx_rcvids[rcvid & (QNX_RCVIDS - 1)];
	struct qnx_client *c = &qnx_clients[rcvid & (QNX_CLIENTS - 1)];

	pthread_once(&qnx_rcvids_once, qnx_rcvids_init);
	pthread_mutex_lock(&qnx_rcvids_lock);
	e->rcvid = rcvid;
	e->info = *info;
	c->rcvid = rcvid;
	c->chid = (uint32_t)info->chid;
	/* The module's scoid, without the bit QNX's scoids carry. */
	c->scoid = (uint32_t)info->scoid & ~(uint32_t)STPLR_QNX_SCOID_BIT;
	c->tid = (uint32_t)info->tid;
	pthread_mutex_unlock(&qnx_rcvids_lock);
}

int stplr_qnx_rcvid_client(int rcvid, uint32_t *chid, uint32_t *scoid,
			   uint32_t *tid)
{
	const struct qnx_client *c = &qnx_clients[rcvid & (QNX_CLIENTS - 1)];
	int ret = -ESRCH;

	pthread_mutex_lock(&qnx_rcvids_lock);
	if (rcvid > 0 && c->rcvid == rcvid) {
		*chid = c->chid;
		*scoid = c->scoid;
		if (tid)
			*tid = c->tid;
		ret = 0;
	}
	pthread_mutex_unlock(&qnx_rcvids_lock);
	return ret;
}

void stplr_qnx_rcvid_forget(int rcvid)
{
	struct qnx_rcvid *e = &qnx_rcvids[rcvid & (QNX_RCVIDS - 1)];

	pthread_mutex_lock(&qnx_rcvids_lock);
	if (e->rcvid == rcvid)
		e->rcvid = 0;
	pthread_mutex_unlock(&qnx_rcvids_lock);
}

/* 0 while @rcvid waits for its reply from this process, else -ESRCH. */
static int qnx_rcvid_waiting(int rcvid)
{
	char byte;
	int fd = stplr_qnx_fd();
	int ret;

	if (fd < 0)
		return fd;
	ret = stplr_msg_read(fd, (uint64_t)rcvid, 0, &byte, 1, NULL);
	if (ret == -ESRCH)
		stplr_qnx_rcvid_forget(rcvid);
	return ret;
}

/* The remembered details of @rcvid: 0, or -ESRCH when not remembered. */
static int qnx_rcvid_lookup(int rcvid, struct _msg_info *info)
{
	const struct qnx_rcvid *e = &qnx_rcvids[rcvid & (QNX_RCVIDS - 1)];
	int ret = -ESRCH;

	pthread_mutex_lock(&qnx_rcvids_lock);
	if (rcvid > 0 && e->rcvid == rcvid) {
		*info = e->info;
		ret = 0;
	}
	pthread_mutex_unlock(&qnx_rcvids_lock);
	return ret;
}

static int qnx_msg_info(int rcvid, struct _msg_info *info)
{
	struct _msg_info mi;
	int ret;

	if (!info)
		return -EFAULT;
	ret = qnx_rcvid_lookup(rcvid, &mi);
	if (!ret)
		ret = qnx_rcvid_waiting(rcvid);
	if (!ret)
		*info = mi;
	return ret;
}

int MsgInfo_r(int rcvid, struct _msg_info *info)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_info(rcvid, info));
}

int MsgInfo(int rcvid, struct _msg_info *info)
{
	return stplr_qnx_ret(qnx_msg_info(rcvid, info));
}

/* A waiting message from @scoid: its rcvid and details, or -ESRCH. */
static int qnx_scoid_message(int scoid, struct _msg_info *info)
{
	int i, rcvid = 0;

	pthread_mutex_lock(&qnx_rcvids_lock);
	for (i = 0; i < QNX_RCVIDS; i++) {
		if (qnx_rcvids[i].rcvid && qnx_rcvids[i].info.scoid == scoid) {
			rcvid = qnx_rcvids[i].rcvid;
			*info = qnx_rcvids[i].info;
			break;
		}
	}
	pthread_mutex_unlock(&qnx_rcvids_lock);
	return rcvid ? rcvid : -ESRCH;
}

/* Parse "Uid:", "Gid:" and "Groups:" of a /proc status file. */
static int qnx_read_creds(const char *path, struct _cred_info *cred,
			  int ngroups)
{
	unsigned long a, b, c;
	char line[4096];
	int have = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %lu %lu %lu", &a, &b, &c) == 3) {
			cred->ruid = (uid_t)a;
			cred->euid = (uid_t)b;
			cred->suid = (uid_t)c;
			have |= 1;
		} else if (sscanf(line, "Gid: %lu %lu %lu", &a, &b, &c) == 3) {
			cred->rgid = (gid_t)a;
			cred->egid = (gid_t)b;
			cred->sgid = (gid_t)c;
			have |= 2;
		} else if (!strncmp(line, "Groups:", 7)) {
			char *p = line + 7, *end;
			uint32_t n = 0;

			for (;;) {
				a = strtoul(p, &end, 10);
				if (end == p)
					break;
				if (n < (uint32_t)ngroups &&
				    n < _NTO_CLIENTINFO_NGROUPS)
					cred->grouplist[n] = (gid_t)a;
				n++;
				p = end;
			}
			cred->ngroups = n;
			have |= 4;
		}
	}
	fclose(f);
	return have == 7 ? 0 : -ESRCH;
}

static int qnx_self_info(struct _client_info *info, int ngroups)
{
	gid_t groups[_NTO_CLIENTINFO_NGROUPS];
	uid_t r, e, s;
	gid_t rg, eg, sg;
	int n, i;

	if (getresuid(&r, &e, &s) || getresgid(&rg, &eg, &sg))
		return -errno;
	info->pid = getpid();
	info->cred.ruid = r;
	info->cred.euid = e;
	info->cred.suid = s;
	info->cred.rgid = rg;
	info->cred.egid = eg;
	info->cred.sgid = sg;
	n = getgroups(0, NULL);
	if (n < 0)
		return -errno;
	info->cred.ngroups = (uint32_t)n;
	if (n <= _NTO_CLIENTINFO_NGROUPS && getgroups(n, groups) == n)
		for (i = 0; i < n && i < ngroups; i++)
			info->cred.grouplist[i] = groups[i];
	return 0;
}

static int qnx_connect_client_info(int scoid, struct _client_info *info,
				   int ngroups)
{
	struct _client_info ci;
	struct _msg_info mi;
	char path[64];
	int rcvid, ret;

	if (!info || ngroups < 0)
		return -EFAULT;
	memset(&ci, 0, sizeof(ci));
	if (scoid == -1) {
		ret = qnx_self_info(&ci, ngroups);
		goto out;
	}
	rcvid = qnx_scoid_message(scoid, &mi);
	if (rcvid < 0)
		return rcvid;
	if (mi.pid <= 0 || mi.tid <= 0)
		return -ESRCH;	/* not visible in our pid namespace */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)mi.pid,
		 (int)mi.tid);
	/* Waiting before and after the read: the ids were the sender's. */
	ret = qnx_rcvid_waiting(rcvid);
	if (!ret)
		ret = qnx_read_creds(path, &ci.cred, ngroups);
	if (!ret)
		ret = qnx_rcvid_waiting(rcvid);
	ci.pid = mi.pid;
out:
	if (ret)
		return ret;
	ci.nd = ND_LOCAL_NODE;
	*info = ci;
	return 0;
}

int ConnectClientInfo_r(int scoid, struct _client_info *info, int ngroups)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_connect_client_info(scoid, info,
							  ngroups));
}

int ConnectClientInfo(int scoid, struct _client_info *info, int ngroups)
{
	return stplr_qnx_ret(qnx_connect_client_info(scoid, info, ngroups));
}
