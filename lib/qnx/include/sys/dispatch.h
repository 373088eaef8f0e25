/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dispatch.h> for Linux (libstplr QNX compatibility layer): publish a
 * channel under a name and connect to it by name.
 *
 *	server:	name_attach_t *att = name_attach(NULL, "myserver", 0);
 *		... MsgReceive(att->chid, ...) ...
 *		name_detach(att, 0);
 *	client:	int coid = name_open("myserver", 0);
 *		... MsgSend(coid, ...) ...
 *		name_close(coid);
 *
 * Names live in the stapler device of the process-wide context (see
 * <sys/neutrino.h>): /dev/stplr-0 unless STPLR_DEVICE says otherwise.
 * name_open() only connects: like current QNX for local names (QNX 6.3
 * to 6.5 sent an _IO_CONNECT message; 6.6 and later send it only through
 * the global name service, gns), the server sees no message, so servers
 * that handle only their own message types work, and servers that also
 * answer _IO_CONNECT work as well (they never receive one from here).
 *
 * What differs from QNX:
 *  - There is no dispatch layer and no resource manager: @dpp of
 *    name_attach() must be NULL (EINVAL otherwise) and the returned
 *    name_attach_t has dpp NULL and mntid 0.  The channel is created with
 *    _NTO_CHF_DISCONNECT | _NTO_CHF_COID_DISCONNECT | _NTO_CHF_UNBLOCK,
 *    as QNX does, so the server gets those pulses.
 *  - Names are not paths in the file system: there is no /dev/name/local
 *    or /dev/name/global directory to open() or ls.  A name is 1 to 63
 *    bytes (ENAMETOOLONG beyond); '/' may separate components, but not at
 *    either end, and "", "." and ".." components are refused (EINVAL).
 *    A leading "/dev/name/local/" or "/dev/name/global/" is NOT removed.
 *  - NAME_FLAG_ATTACH_GLOBAL is accepted by name_attach() and name_open()
 *    and means the same as local: a name is visible to every process
 *    using the same stapler device, and there is no network.
 *  - A channel admits connections from the same effective uid only (see
 *    ChannelCreate() in <sys/neutrino.h>), so name_open() from another
 *    user fails with EACCES.
 *  - name_detach() withdraws the name and destroys the channel; with
 *    NAME_FLAG_DETACH_SAVEDPP only the name is withdrawn and the channel
 *    stays (QNX keeps the dispatch handle, which owns the channel).
 *  - name_close() is ConnectDetach(); no _IO_CLOSE message is sent.
 */
#ifndef STPLR_QNX_SYS_DISPATCH_H
#define STPLR_QNX_SYS_DISPATCH_H

#include <sys/neutrino.h>
#include <sys/iomsg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The dispatch handle of QNX's dispatch library: not provided (opaque). */
typedef struct _dispatch dispatch_t;

/* name_attach() / name_open() flags. */
#define NAME_FLAG_ATTACH_GLOBAL		0x00000001
/* name_detach() flags. */
#define NAME_FLAG_DETACH_SAVEDPP	0x00000002

/**
 * struct _name_attach - a published name (name_attach_t)
 * @dpp:   the dispatch handle: always NULL here
 * @chid:  the channel to MsgReceive() on
 * @mntid: the resource manager's mount id: always 0 here
 * @zero:  0
 */
typedef struct _name_attach {
	dispatch_t *dpp;
	int chid;
	int mntid;
	int zero[2];
} name_attach_t;

/**
 * name_attach() - create a channel and publish it under a name
 * @dpp:   must be NULL (there is no dispatch layer)
 * @path:  the name (see the rules above)
 * @flags: 0 or NAME_FLAG_ATTACH_GLOBAL (same as local here)
 *
 * Return: the new name_attach_t (release it with name_detach()), or NULL
 * with errno set: EINVAL (bad @path, a @dpp, unknown flags),
 * ENAMETOOLONG, EEXIST (the name is taken), ENOMEM, or the errors of
 * ChannelCreate().
 */
extern name_attach_t *name_attach(dispatch_t *dpp, const char *path,
				  unsigned flags);

/**
 * name_detach() - withdraw a name and destroy its channel
 * @attach: what name_attach() returned; freed
 * @flags:  0, or NAME_FLAG_DETACH_SAVEDPP to keep the channel
 *
 * Return: 0; -1 with errno set (EINVAL for a NULL @attach or unknown
 * flags).
 */
extern int name_detach(name_attach_t *attach, unsigned flags);

/**
 * name_open() - connect to the channel published under a name
 * @name:  the name
 * @flags: 0 or NAME_FLAG_ATTACH_GLOBAL (same as local here)
 *
 * No message is sent to the server (see above).
 *
 * Return: the connection id; -1 with errno set: ENOENT (no such name),
 * EACCES, EINVAL, ENAMETOOLONG, EMFILE.
 */
extern int name_open(const char *name, int flags);

/**
 * name_close() - close a name_open() connection
 * @coid: the connection
 *
 * ConnectDetach(); no message is sent.
 *
 * Return: 0; -1 with errno set (EINVAL for an unknown @coid).
 */
extern int name_close(int coid);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_DISPATCH_H */
