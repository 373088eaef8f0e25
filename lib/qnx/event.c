// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: events handed from a client to a server
 * (MsgVerifyEvent, MsgRegisterEvent, MsgUnregisterEvent, MsgDeliverEvent).
 *
 * MsgDeliverEvent() of a SIGEV_PULSE or of a signal event goes through
 * the module (STPLR_MSG_DELIVER_EVENT), which names the client by the
 * channel the message came through and its scoid: the library remembers
 * both, and the sending thread, for the last 4096 rcvids (info.c),
 * replied or not.  See MsgDeliverEvent() in <sys/neutrino.h>.
 */
#include <signal.h>
#include <string.h>

#include "internal.h"

/* Flag bits QNX defines above the type byte. */
#define QNX_SIGEV_FLAGS	(SIGEV_FLAG_CRITICAL | SIGEV_FLAG_OVERDRIVE |	\
			 SIGEV_FLAG_UPDATEABLE | SIGEV_FLAG_SIVAL_INT |	\
			 SIGEV_FLAG_NOQUEUE)

/*
 * A signal an event may carry: 1 to NSIG - 1, except the real-time
 * signals glibc keeps for itself below SIGRTMIN (as sigqueue() refuses
 * them).
 */
static int qnx_signo_valid(int signo)
{
	return signo > 0 && signo < NSIG &&
	       (signo < __SIGRTMIN || signo >= SIGRTMIN);
}

/* Return 0 when @ev is well-formed, else -EINVAL. */
static int qnx_event_check(const struct sigevent *ev)
{
	if (!ev || ((unsigned int)ev->sigev_notify &
		    ~(unsigned int)(SIGEV_TYPE_MASK | QNX_SIGEV_FLAGS)))
		return -EINVAL;
	switch (SIGEV_GET_TYPE(ev)) {
	case SIGEV_NONE:
	case SIGEV_UNBLOCK:
	case SIGEV_INTR:
		return 0;
	case SIGEV_PULSE:
		if (ev->sigev_coid < 0 ||
		    ev->sigev_code < _PULSE_CODE_MINAVAIL ||
		    ev->sigev_code > _PULSE_CODE_MAXAVAIL ||
		    (ev->sigev_priority < 0 &&
		     ev->sigev_priority != SIGEV_PULSE_PRIO_INHERIT))
			return -EINVAL;
		return 0;
	case SIGEV_SIGNAL_CODE:
	case SIGEV_SIGNAL_THREAD:
		if (ev->sigev_code < SI_MINAVAIL || ev->sigev_code > 0)
			return -EINVAL;
		/* fall through */
	case SIGEV_SIGNAL:
		return qnx_signo_valid(ev->sigev_signo) ? 0 : -EINVAL;
	case SIGEV_THREAD:
		return ev->sigev_notify_function ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

static int qnx_verify_event(int rcvid, const struct sigevent *event)
{
	if (rcvid < 0)
		return -ESRCH;
	return qnx_event_check(event);
}

int MsgVerifyEvent_r(int rcvid, const struct sigevent *event)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_verify_event(rcvid, event));
}

int MsgVerifyEvent(int rcvid, const struct sigevent *event)
{
	return stplr_qnx_ret(qnx_verify_event(rcvid, event));
}

int MsgRegisterEvent(struct sigevent *event, int coid)
{
	int ret = qnx_event_check(event);

	if (!ret && coid < 0)
		ret = -EBADF;
	return stplr_qnx_ret(ret);
}

int MsgUnregisterEvent(const struct sigevent *event)
{
	return stplr_qnx_ret(event ? 0 : -EINVAL);
}

/* Whether the module reports @feature (STPLR_IOC_QUERY). */
static int qnx_module_has(int fd, uint64_t feature)
{
	struct stplr_query q;

	return !stplr_query(fd, &q) && (q.features & feature);
}

/* Queue @event's pulse through the module for the client of @rcvid. */
static int qnx_deliver_pulse(int rcvid, const struct sigevent *event)
{
	uint32_t chid, scoid;
	int fd, ret;

	ret = stplr_qnx_rcvid_client(rcvid, &chid, &scoid, NULL);
	if (ret)
		return ret;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	ret = stplr_event_deliver(fd, chid, scoid, (uint32_t)event->sigev_coid,
				  event->sigev_priority < 0 ? STPLR_PRIO_SELF :
							      event->sigev_priority,
				  event->sigev_code,
				  (uint32_t)event->sigev_value.sival_int);
	return ret == -ENOTTY ? -ENOSYS : ret;
}

/*
 * Send @event's signal through the module to the client of @rcvid: its
 * process, or for SIGEV_SIGNAL_THREAD the thread that sent @rcvid.
 * SIGEV_SIGNAL is kill(2) (si_code SI_USER, no value: QNX's SIGEV_SIGNAL
 * carries neither); the others carry sigev_code as si_code and
 * sigev_value as si_value, which a code of 0 (SI_USER) cannot carry.
 */
static int qnx_deliver_signal(int rcvid, const struct sigevent *event)
{
	int type = SIGEV_GET_TYPE(event);
	struct stplr_msg_event arg;
	uint32_t chid, scoid, tid;
	int fd, ret;

	ret = stplr_qnx_rcvid_client(rcvid, &chid, &scoid, &tid);
	if (ret)
		return ret;
	if (type == SIGEV_SIGNAL_THREAD && !tid)
		return -ESRCH;	/* the sender is not visible here */
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	memset(&arg, 0, sizeof(arg));
	arg.flags = STPLR_EVENT_F_SIGNAL;
	arg.chid = chid;
	arg.scoid = scoid;
	arg.signo = (uint32_t)event->sigev_signo;
	if (type != SIGEV_SIGNAL)
		arg.code = event->sigev_code;
	if (arg.code)
		arg.sigval = (uintptr_t)event->sigev_value.sival_ptr;
	if (type == SIGEV_SIGNAL_THREAD) {
		arg.flags |= STPLR_EVENT_F_THREAD;
		arg.tid = tid;
	}
	ret = stplr_priv_ioctl(fd, STPLR_MSG_DELIVER_EVENT, &arg);
	if (ret == -ENOTTY ||
	    (ret == -EINVAL && !qnx_module_has(fd, STPLR_FEAT_EVENT_SIGNAL)))
		return -ENOSYS;
	return ret;
}

static int qnx_deliver_event(int rcvid, const struct sigevent *event)
{
	uint32_t chid, scoid;
	int ret = qnx_event_check(event);

	if (ret)
		return ret;
	if (rcvid <= 0)
		return -ESRCH;
	switch (SIGEV_GET_TYPE(event)) {
	case SIGEV_PULSE:
		return qnx_deliver_pulse(rcvid, event);
	case SIGEV_SIGNAL:
	case SIGEV_SIGNAL_CODE:
	case SIGEV_SIGNAL_THREAD:
		return qnx_deliver_signal(rcvid, event);
	case SIGEV_NONE:
		return stplr_qnx_rcvid_client(rcvid, &chid, &scoid, NULL);
	default:
		return -ENOSYS;
	}
}

int MsgDeliverEvent_r(int rcvid, const struct sigevent *event)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_deliver_event(rcvid, event));
}

int MsgDeliverEvent(int rcvid, const struct sigevent *event)
{
	return stplr_qnx_ret(qnx_deliver_event(rcvid, event));
}
