/* SPDX-License-Identifier: MIT */
/* The workbench's workspace (breachletter serve): a folder whose files are reached by relative
 * names only, through no symbolic link, never outside it; its incidents, lists and outputs
 * listed. The tool's own: the library is not asked to guard a folder. */
#ifndef BL_SERVE_FS_H
#define BL_SERVE_FS_H

#include <glib.h>
#include <sys/types.h>

/* TRUE when rel is a name the workspace may hold: relative, no empty, "." or ".." part, no
 * part starting with '-' (a command given the name would read it as an option), no backslash
 * or control character, at most 1024 bytes. */
gboolean bl_serve_fs_name_ok(const char *rel);

/* Opens rel under the folder rootfd, walking each part with O_NOFOLLOW so that no symbolic link
 * is followed (one met fails with ELOOP or ENOTDIR), with flags (O_RDONLY, or O_WRONLY|O_CREAT
 * with mode) and O_NONBLOCK (a FIFO does not block). Returns the descriptor (the caller closes it)
 * or -1 with errno set (EINVAL for a name bl_serve_fs_name_ok refuses). */
int bl_serve_fs_open(int rootfd, const char *rel, int flags, mode_t mode);

/* Reads the regular file rel whole (at most max bytes, else EFBIG). Returns its bytes (g_free)
 * with *len set, or NULL with errno set. */
char *bl_serve_fs_read(int rootfd, const char *rel, gsize max, gsize *len);

/* Writes data to rel through a temporary name in the same folder, synced, then renamed over it;
 * its folder must exist already. Returns 0, or -1 with errno set. */
int bl_serve_fs_write(int rootfd, const char *rel, const char *data, gsize len);

/* Removes the file rel (not a folder), reaching its folder through no symbolic link. Returns 0,
 * or -1 with errno set. */
int bl_serve_fs_remove(int rootfd, const char *rel);

/* Removes the regular files whose names start with prefix (a server's private files, left by
 * one that was killed) and that were last changed over a minute ago (a younger one may be
 * another server's at work), in the workspace and its folders depth deep (0: every folder,
 * however deep, hidden ones too: the editor opens incidents wherever a name leads), through no
 * symbolic link. Returns how many were removed. */
int bl_serve_fs_sweep(int rootfd, int depth, const char *prefix);

/* What the workspace holds, as relative names in name order (g_strfreev each): incident files
 * (*.xml whose root is <incident>), recipient lists (*.csv, and *.xml whose root is
 * <recipients>) and output folders (holding a manifest.csv), at most depth folders deep,
 * hidden files and symbolic links left out; the files of an output folder (its manifest and
 * errors CSV files) are not lists. */
void bl_serve_fs_scan(int rootfd, int depth, char ***incidents, char ***lists, char ***outputs);

/* Orders names (the char * elements of a GPtrArray) for g_ptr_array_sort(). */
gint bl_serve_fs_compare_names(gconstpointer a, gconstpointer b);

/* Removes a private folder of the server's own, outside the workspace (one g_dir_make_tmp
 * made: a preview's pictures, a person's letter), and all it holds; a symbolic link in it is
 * removed, never followed. */
void bl_serve_fs_remove_private(const char *path);

#endif
