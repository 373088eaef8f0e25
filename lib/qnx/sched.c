// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: SchedGet and SchedSet on Linux's per-thread
 * scheduling calls (sched_getscheduler() and friends take a thread id).
 */
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "internal.h"

/*
 * The Linux thread that (@pid, @tid) names: 0 for the calling thread.
 * Return the tid (>= 0) or -ESRCH when @tid is not a thread of @pid.
 */
static int qnx_sched_target(pid_t pid, int tid)
{
	char path[64];

	if (pid < 0 || tid < 0)
		return -ESRCH;
	if (!tid)
		return pid;	/* 0: calling thread; else the main thread */
	if (!pid)
		pid = getpid();
	snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)pid, tid);
	if (access(path, F_OK))
		return -ESRCH;
	return tid;
}

static int qnx_sched_get(pid_t pid, int tid, struct sched_param *param)
{
	struct sched_param sp;
	int target = qnx_sched_target(pid, tid);
	int policy;

	if (target < 0)
		return target;
	policy = sched_getscheduler(target);
	if (policy < 0 || sched_getparam(target, &sp))
		return -errno;
	if (param)
		*param = sp;
	return policy & ~SCHED_RESET_ON_FORK;
}

int SchedGet_r(pid_t pid, int tid, struct sched_param *param)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_sched_get(pid, tid, param));
}

int SchedGet(pid_t pid, int tid, struct sched_param *param)
{
	return stplr_qnx_ret(qnx_sched_get(pid, tid, param));
}

static int qnx_sched_set(pid_t pid, int tid, int policy,
			 const struct sched_param *param)
{
	int target = qnx_sched_target(pid, tid);

	if (target < 0)
		return target;
	if (!param)
		return -EINVAL;
	return sched_setscheduler(target, policy, param) ? -errno : 0;
}

int SchedSet_r(pid_t pid, int tid, int policy,
	       const struct sched_param *param)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_sched_set(pid, tid, policy, param));
}

int SchedSet(pid_t pid, int tid, int policy, const struct sched_param *param)
{
	return stplr_qnx_ret(qnx_sched_set(pid, tid, policy, param));
}
