/* SPDX-License-Identifier: MIT */
/* Output folder: the one place a run writes. It is opened once, never through a link, and every
 * file the run creates, renames, reads back or removes in it is named relative to that open
 * folder, each folder on the way opened without following a link. So nothing another user
 * plants in the folder (a link named like the run's state, a letter folder or a manifest's file)
 * can make a run read, write or remove anything outside it. */
#ifndef BL_OUTDIR_H
#define BL_OUTDIR_H

#include <glib.h>
#include <stdio.h>

#include "common.h"
#include "diag.h"

struct bl_outdir;

/* Opens path; with create, creates it first (owner-only, parents too) when it is missing,
 * without, sets *out to NULL and returns 0 when it is missing. Refuses, reported:
 * a path that is itself a link or not a folder; a folder that other users may write in (group
 * or others have write permission) and that belongs to another user; as root, a folder that
 * belongs to another user. allow_shared lifts the two ownership refusals (the folder's owner
 * and writers are trusted); links are never followed either way. Returns 0 and sets *out, -1
 * reported when it cannot be made or opened, -2 reported when it is refused. */
BL_API int bl_outdir_open(struct bl_outdir **out, const char *path, gboolean create,
                          gboolean allow_shared, struct bl_diag *diag);
BL_API void bl_outdir_free(struct bl_outdir *d);

/* The open folder, for *at() calls; valid until bl_outdir_free. */
BL_API int bl_outdir_fd(const struct bl_outdir *d);

/* The folder's path as given, and rel inside it, for messages (free the latter with g_free). */
BL_API const char *bl_outdir_path(const struct bl_outdir *d);
BL_API char *bl_outdir_shown(const struct bl_outdir *d, const char *rel);

/* Locks the folder for this process and its workers until bl_outdir_free: exclusive (a whole
 * run, or one letter with --only), or shared (shards of one run in one folder, each of which
 * also locks its own state). Returns 0, -2 reported when another run holds it, or -1 reported
 * when it cannot be locked. */
BL_API int bl_outdir_lock(struct bl_outdir *d, gboolean shared, struct bl_diag *diag);

/* Whether this run was alone in the folder when it locked it: only then may it remove the
 * temporary files an interrupted run left there (another shard may be writing its own). */
BL_API gboolean bl_outdir_alone(const struct bl_outdir *d);

/* Whether rel is a plain relative path that a run writes: names joined by '/', none of them
 * empty, "." or "..". */
BL_API gboolean bl_outdir_plain(const char *rel);

/* Opens the folder holding rel, each folder on the way without following a link; with create,
 * missing ones are made owner-only. Every folder on the way must be the running user's and
 * closed to others. Returns a descriptor to give back with bl_outdir_close_dir (the folder's own
 * when rel has no folder part) and sets *leaf to rel's last name; or -1 with errno set: ELOOP or
 * ENOTDIR when a part is a link or not a folder, EPERM when it is another user's or open to
 * others, EINVAL when rel is not plain. */
BL_API int bl_outdir_dir_of(const struct bl_outdir *d, const char *rel, gboolean create,
                            const char **leaf);
BL_API void bl_outdir_close_dir(const struct bl_outdir *d, int fd);

/* Opens the folder name in dir (a descriptor) without following a link, only when it belongs
 * to the running user and no one else may write in it. Returns the descriptor, or -1 with
 * errno set (EPERM: another's, or open to others). */
BL_API int bl_outdir_open_own_dir(int dir, const char *name);

/* Opens rel for reading when it is a regular file of the running user reached through no link.
 * Returns the stream, or NULL with errno set (ENOENT when it is not there). */
BL_API FILE *bl_outdir_read(const struct bl_outdir *d, const char *rel);

/* Removes rel when it is a regular file of the running user reached through no link. Returns
 * TRUE when it was removed. */
BL_API gboolean bl_outdir_remove(const struct bl_outdir *d, const char *rel);

/* In the folder dir (a descriptor, left open): removes the regular files and links whose names
 * remove(name) accepts, and goes into the folders (never through a link) whose names descend
 * accepts (NULL: none), with the same rules. Only entries of the running user are touched.
 * Returns the number of entries removed. */
BL_API guint bl_outdir_sweep(int dir, gboolean (*remove)(const char *name),
                             gboolean (*descend)(const char *name));

#endif
