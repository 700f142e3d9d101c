/* SPDX-License-Identifier: MIT */
/* Temporary files: files written under a temporary name, and the names being written, for the
 * signal handler of the program to remove. */
#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <signal.h> /* sig_atomic_t */
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* The most files written at once: a chunk's journal and its errors file, its print book and its
 * exceptions book, and the list of one of them while the other is still open; twice that, for a
 * program writing from two threads (the workbench draws previews in a thread of its own). */
#define SLOTS 16

/* Read by the signal handler: plain fixed storage, written only outside it. A slot is a name
 * relative to an open folder (or to the working directory: AT_FDCWD). */
static char slots[SLOTS][PATH_MAX];
static volatile int slot_dirs[SLOTS];
static volatile sig_atomic_t used[SLOTS];
/* Taken to change the slots (never by the signal handler, which only reads them): two threads
 * of one program may write files at once. */
static GMutex changing;

void
bl_temp_remove_tracked(void)
{
    for (int i = 0; i < SLOTS; i++) {
        if (used[i]) {
            unlinkat(slot_dirs[i], slots[i], 0); /* async-signal-safe */
        }
    }
}

int
bl_temp_track_at(int dir, const char *path)
{
    if (strlen(path) >= PATH_MAX) {
        errno = ENAMETOOLONG; /* cannot be created either */
        return -1;
    }
    g_mutex_lock(&changing);
    for (int i = 0; i < SLOTS; i++) {
        if (!used[i]) {
            strcpy(slots[i], path);
            slot_dirs[i] = dir;
            atomic_signal_fence(memory_order_seq_cst); /* the name before the flag */
            used[i] = 1;
            g_mutex_unlock(&changing);
            return 0;
        }
    }
    g_mutex_unlock(&changing);
    errno = EMFILE;
    return -1;
}

int
bl_temp_track(const char *path)
{
    return bl_temp_track_at(AT_FDCWD, path);
}

void
bl_temp_untrack_at(int dir, const char *path)
{
    g_mutex_lock(&changing);
    for (int i = 0; i < SLOTS; i++) {
        if (used[i] && slot_dirs[i] == dir && strcmp(slots[i], path) == 0) {
            used[i] = 0;
            atomic_signal_fence(memory_order_seq_cst);
            break;
        }
    }
    g_mutex_unlock(&changing);
}

void
bl_temp_untrack(const char *path)
{
    bl_temp_untrack_at(AT_FDCWD, path);
}

void
bl_temp_forget_all(void)
{
    for (int i = 0; i < SLOTS; i++) {
        used[i] = 0;
    }
}

int
bl_temp_create_at(int dir, const char *name, char **tmp)
{
    int fd, err;

    *tmp = g_strdup_printf("%s.part", name);
    if (bl_temp_track_at(dir, *tmp) < 0) {
        /* a file the signal handler could not remove is not made */
        g_clear_pointer(tmp, g_free);
        return -1;
    }
    unlinkat(dir, *tmp, 0); /* a file left, or a link planted, under that name: never followed */
    fd = openat(dir, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        err = errno;
        bl_temp_untrack_at(dir, *tmp);
        g_clear_pointer(tmp, g_free);
        errno = err;
    }
    return fd;
}

int
bl_temp_create(const char *path, char **tmp)
{
    return bl_temp_create_at(AT_FDCWD, path, tmp);
}

int
bl_temp_finish_at(int dir, char *tmp, const char *name, gboolean keep)
{
    int rc = 0, err = 0;

    if (tmp == NULL) {
        return 0;
    }
    /* a rename replaces what has the name (a planted link too), it never writes through it */
    if (keep && renameat(dir, tmp, dir, name) < 0) {
        err = errno;
        rc = -1;
    }
    if (!keep || rc < 0) {
        unlinkat(dir, tmp, 0);
    }
    bl_temp_untrack_at(dir, tmp);
    g_free(tmp);
    errno = err;
    return rc;
}

int
bl_temp_finish(char *tmp, const char *path, gboolean keep)
{
    return bl_temp_finish_at(AT_FDCWD, tmp, path, keep);
}

int
bl_temp_write_at(int dir, const char *name, const char *shown, const char *data, size_t len,
                 struct bl_diag *diag)
{
    char *tmp;
    int fd = bl_temp_create_at(dir, name, &tmp);
    int err = fd < 0 ? errno : 0;

    if (fd >= 0) {
        if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0) {
            err = errno != 0 ? errno : EIO;
        }
        if (close(fd) != 0 && err == 0) {
            err = errno;
        }
        if (bl_temp_finish_at(dir, tmp, name, err == 0) < 0 && err == 0) {
            err = errno;
        }
    }
    if (err != 0) {
        struct bl_loc loc = {shown, 0, 0};

        bl_diag_error(diag, &loc, "cannot write the file: %s", g_strerror(err));
        return -1;
    }
    return 0;
}

int
bl_temp_write(const char *path, const char *data, size_t len, struct bl_diag *diag)
{
    return bl_temp_write_at(AT_FDCWD, path, path, data, len, diag);
}
