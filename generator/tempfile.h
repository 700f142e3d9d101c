/* SPDX-License-Identifier: MIT */
/* Temporary files: every file is written under a temporary name and renamed when complete; the
 * names being written are tracked so that an interrupted run (SIGINT, SIGTERM, SIGHUP) removes
 * them before it ends, and nothing half-written is left to be taken for a letter. */
#ifndef BL_TEMPFILE_H
#define BL_TEMPFILE_H

#include <sys/types.h>

#include "diag.h"

/* Installs the handlers that remove the tracked files on SIGINT, SIGTERM and SIGHUP and then
 * end the process with that signal. */
void bl_temp_install_handlers(void);

/* Starts and stops tracking a file being written. At most a few files are written at once;
 * tracking more is a programming error. */
void bl_temp_track(const char *path);
void bl_temp_untrack(const char *path);

/* Worker processes: on SIGINT, SIGTERM or SIGHUP they get the same signal and are waited for
 * (so their files are gone too) before the run ends. At most 64. */
void bl_temp_track_child(pid_t pid);
void bl_temp_untrack_child(pid_t pid);

/* Writes a small file (owner-only) the way every file of a run is written: under a temporary
 * name, tracked, synced to the disk, then renamed into place. Returns 0, or -1 reported to diag
 * with nothing left. */
int bl_temp_write(const char *path, const char *data, size_t len, struct bl_diag *diag);

/* In a new worker: forgets the parent's files and workers, which are not its own. */
void bl_temp_forget_all(void);

#endif
