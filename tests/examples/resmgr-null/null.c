// SPDX-License-Identifier: GPL-2.0
/*
 * A /dev/null-like QNX resource manager, written the way QNX's "Getting
 * Started" introduces the resource-manager library: every handler is an
 * iofunc_*_default() one, one thread loops on dispatch_block() and
 * dispatch_handler().  Reads give end of file, writes take every byte.
 *
 * usage: resmgr-null-null PATH     (e.g. /dev/stplr-null)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

int main(int argc, char **argv)
{
	resmgr_connect_funcs_t connect_funcs;
	resmgr_io_funcs_t io_funcs;
	resmgr_attr_t rattr;
	iofunc_attr_t attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	int id;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH\n", argv[0]);
		return 2;
	}
	dpp = dispatch_create_channel(-1, DISPATCH_FLAG_NOLOCK);
	if (!dpp) {
		perror("dispatch_create_channel");
		return 1;
	}
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	id = resmgr_attach(dpp, &rattr, argv[1], _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id == -1) {
		perror("resmgr_attach");
		return 1;
	}
	ctp = dispatch_context_alloc(dpp);
	if (!ctp) {
		perror("dispatch_context_alloc");
		return 1;
	}
	printf("resmgr-null: serving %s\n", argv[1]);
	fflush(stdout);
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
