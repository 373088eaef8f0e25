/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: the misc devices
 *
 * /dev/stplr-0 .. /dev/stplr-(N-1), mode 0666, created at module load and
 * removed at unload.  Opening one creates a context (ctx.h); every ioctl
 * goes to ioctl.c; the release of the file tears the context down.  The
 * file operations hold a module reference for every open file.
 */
#ifndef _STPLR_DEV_H
#define _STPLR_DEV_H

int stplr_devices_new(unsigned int count);
void stplr_devices_free(void);

#endif /* _STPLR_DEV_H */
