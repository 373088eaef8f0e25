// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: events handed from a client to a server
 * (MsgVerifyEvent, MsgRegisterEvent, MsgUnregisterEvent, MsgDeliverEvent).
 *
 * MsgDeliverEvent() of a SIGEV_PULSE goes through the module
 * (STPLR_MSG_DELIVER_EVENT), which names the client by the channel the
 * message came through and its scoid: the library remembers both for the
 * last 4096 rcvids (info.c), replied or not.  Signal events are not
 * delivered (ENOSYS): see MsgDeliverEvent() in <sys/neutrino.h>.
 */
#include <signal.h>

#include "internal.h"

/* Flag bits QNX defines above the type byte. */
#define QNX_SIGEV_FLAGS	(SIGEV_FLAG_CRITICAL | SIGEV_FLAG_OVERDRIVE |	\
			 SIGEV_FLAG_UPDATEABLE | SIGEV_FLAG_SIVAL_INT |	\
			 SIGEV_FLAG_NOQUEUE)

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
	case SIGEV_SIGNAL:
	case SIGEV_SIGNAL_CODE:
	case SIGEV_SIGNAL_THREAD:
		return ev->sigev_signo > 0 && ev->sigev_signo < NSIG ?
		       0 : -EINVAL;
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

/* Queue @event's pulse through the module for the client of @rcvid. */
static int qnx_deliver_pulse(int rcvid, const struct sigevent *event)
{
	uint32_t chid, scoid;
	int fd, ret;

	ret = stplr_qnx_rcvid_client(rcvid, &chid, &scoid);
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
	case SIGEV_NONE:
		return stplr_qnx_rcvid_client(rcvid, &chid, &scoid);
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
