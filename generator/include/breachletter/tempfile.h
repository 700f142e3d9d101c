/* SPDX-License-Identifier: MIT */
/* Temporary files: every file is written under a temporary name and renamed when complete; the
 * names being written are tracked so that the program's signal handler can remove them when a
 * run is interrupted, and nothing half-written is left to be taken for a letter. */
#ifndef BL_TEMPFILE_H
#define BL_TEMPFILE_H

#include <glib.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"

/* Removes every tracked file. Async-signal-safe: for the handler the program installs for the
 * signals that end it (SIGINT, SIGTERM, SIGHUP), which then ends the process. */
BL_API void bl_temp_remove_tracked(void);

/* Starts and stops tracking a file being written: path relative to the open folder dir (which
 * stays open while it is tracked), or to the working directory. At most a few files are written
 * at once: tracking returns 0, or -1 with errno EMFILE when as many are tracked already (or
 * ENAMETOOLONG), and the file is then not to be made. */
BL_API int bl_temp_track_at(int dir, const char *path);
BL_API void bl_temp_untrack_at(int dir, const char *path);
BL_API int bl_temp_track(const char *path);
BL_API void bl_temp_untrack(const char *path);

/* Creates name's temporary name (name.part) in the open folder dir, owner-only and new (a file
 * left or a link planted under that name is removed, never followed), tracked for signals.
 * Returns the open descriptor and sets *tmp (free it with bl_temp_finish_at), or -1 with errno
 * set and *tmp NULL. bl_temp_create is the same relative to the working directory. */
BL_API int bl_temp_create_at(int dir, const char *name, char **tmp);
BL_API int bl_temp_create(const char *path, char **tmp);

/* Ends a temporary file created by bl_temp_create_at (closed by the caller): with keep, renames
 * it to name in the same folder (0, or -1 with errno set and the file removed); without,
 * removes it (0). Frees tmp; NULL does nothing. */
BL_API int bl_temp_finish_at(int dir, char *tmp, const char *name, gboolean keep);
BL_API int bl_temp_finish(char *tmp, const char *path, gboolean keep);

/* Writes a small file (owner-only) the way every file of a run is written: under a temporary
 * name, tracked, synced to the disk, then renamed into place; shown names it in messages.
 * Returns 0, or -1 reported to diag with nothing left. */
BL_API int bl_temp_write_at(int dir, const char *name, const char *shown, const char *data,
                            size_t len, struct bl_diag *diag);
BL_API int bl_temp_write(const char *path, const char *data, size_t len, struct bl_diag *diag);

/* In a process forked from one writing files: forgets the files tracked, which are the
 * parent's to remove, not its own. */
BL_API void bl_temp_forget_all(void);

#endif
