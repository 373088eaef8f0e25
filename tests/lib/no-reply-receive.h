/* SPDX-License-Identifier: GPL-2.0 */
/*
 * no_reply_receive(): make this process look like it runs on a module
 * without STPLR_MSG_REPLY_RECEIVE: a seccomp filter fails that ioctl with
 * ENOTTY (what the module answers for a command it does not know), so the
 * libraries' fallback to separate reply and receive calls is exercised.
 * Call it before starting threads.  Returns 0 or -1 with errno set.
 * For C and C++ tests.
 */
#ifndef STPLR_TESTS_NO_REPLY_RECEIVE_H
#define STPLR_TESTS_NO_REPLY_RECEIVE_H

#include <errno.h>
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <stplr/stplr.h>

static inline int no_reply_receive(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
		/* the low 32 bits of the command: little-endian */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 (uint32_t)STPLR_MSG_REPLY_RECEIVE, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTTY),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		(unsigned short)(sizeof(f) / sizeof(f[0])), f
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

#endif /* STPLR_TESTS_NO_REPLY_RECEIVE_H */
