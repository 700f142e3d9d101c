/* SPDX-License-Identifier: MIT */
/* Output folder: opened once, every file in it reached relative to it and through no link. */
#define _GNU_SOURCE /* O_DIRECTORY and O_NOFOLLOW with openat */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

struct bl_outdir {
    char *path;
    int fd;
    gboolean alone; /* no other run held the folder when this one locked it */
};

/* "user 'alice' (uid 1000)", or the number alone when the user has no name. */
static char *
user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);

    return pw != NULL ? g_strdup_printf("user '%s' (uid %u)", pw->pw_name, (unsigned)uid)
                      : g_strdup_printf("uid %u", (unsigned)uid);
}

/* Refuses a folder whose owner or other writers could plant links in it, unless allowed. */
static int
check_owner(const struct bl_outdir *d, const struct stat *st, gboolean allow_shared,
            struct bl_diag *diag)
{
    struct bl_loc loc = {d->path, 0, 0};
    uid_t me = geteuid();
    char *owner;

    if (allow_shared || st->st_uid == me) {
        return 0;
    }
    owner = user_name(st->st_uid);
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        bl_diag_error(diag, &loc,
                      "the output directory belongs to %s and other users may write in it: any of "
                      "them could plant links or files among the letters; use a directory of your "
                      "own, or --allow-shared-output if everyone who can write in it is trusted",
                      owner);
    } else if (me == 0) {
        bl_diag_error(diag, &loc,
                      "running as root into a directory that belongs to %s, who could plant links "
                      "or files among the letters; use a directory that belongs to root, or "
                      "--allow-shared-output if that user is trusted",
                      owner);
    } else {
        g_free(owner);
        return 0;
    }
    g_free(owner);
    return -1;
}

int
bl_outdir_open(struct bl_outdir **out, const char *path, gboolean create, gboolean allow_shared,
               struct bl_diag *diag)
{
    struct bl_outdir *d = g_new0(struct bl_outdir, 1);
    struct bl_loc loc = {path, 0, 0};
    struct stat st;

    d->path = g_strdup(path);
    d->fd = -1;
    if (!create && !g_file_test(path, G_FILE_TEST_EXISTS) &&
        !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        bl_outdir_free(d);
        *out = NULL;
        return 0; /* made later, once the inputs are known to be good */
    }
    if (create && g_mkdir_with_parents(path, 0700) < 0 && errno != EEXIST) {
        bl_diag_error(diag, &loc, "cannot create the output directory: %s", g_strerror(errno));
        goto fail;
    }
    d->fd = open(path, DIR_FLAGS);
    if (d->fd < 0) {
        int err = errno;
        struct stat lst;

        if ((err == ELOOP || err == ENOTDIR) && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            char *real = realpath(path, NULL);

            bl_diag_error(diag, &loc,
                          "the output directory is a link (to '%s'): give the directory itself",
                          real != NULL ? real : "nowhere");
            free(real);
        } else if (err == ELOOP || err == ENOTDIR) {
            bl_diag_error(diag, &loc, "the output directory is not a directory");
        } else {
            bl_diag_error(diag, &loc, "cannot open the output directory: %s", g_strerror(err));
        }
        goto fail;
    }
    if (fstat(d->fd, &st) < 0) {
        bl_diag_error(diag, &loc, "cannot open the output directory: %s", g_strerror(errno));
        goto fail;
    }
    if (check_owner(d, &st, allow_shared, diag) < 0) {
        bl_outdir_free(d);
        return -2;
    }
    *out = d;
    return 0;
fail:
    bl_outdir_free(d);
    return -1;
}

void
bl_outdir_free(struct bl_outdir *d)
{
    if (d == NULL) {
        return;
    }
    if (d->fd >= 0) {
        close(d->fd);
    }
    g_free(d->path);
    g_free(d);
}

int
bl_outdir_fd(const struct bl_outdir *d)
{
    return d->fd;
}

const char *
bl_outdir_path(const struct bl_outdir *d)
{
    return d->path;
}

char *
bl_outdir_shown(const struct bl_outdir *d, const char *rel)
{
    return g_build_filename(d->path, rel, NULL);
}

int
bl_outdir_lock(struct bl_outdir *d, gboolean shared, struct bl_diag *diag)
{
    struct bl_loc loc = {d->path, 0, 0};

    /* alone in the folder, a run may clear what an interrupted one left in it */
    d->alone = flock(d->fd, LOCK_EX | LOCK_NB) == 0;
    if (d->alone && (!shared || flock(d->fd, LOCK_SH | LOCK_NB) == 0)) {
        return 0;
    }
    if (!d->alone && shared && flock(d->fd, LOCK_SH | LOCK_NB) == 0) {
        return 0;
    }
    if (errno == EWOULDBLOCK) {
        bl_diag_error(diag, &loc,
                      "another breachletter run is writing into this directory; wait for it to "
                      "end or choose another output directory");
        return -2;
    } else {
        bl_diag_error(diag, &loc, "cannot lock the output directory: %s", g_strerror(errno));
    }
    return -1;
}

gboolean
bl_outdir_alone(const struct bl_outdir *d)
{
    return d->alone;
}

gboolean
bl_outdir_plain(const char *rel)
{
    const char *p = rel;

    if (rel == NULL || *rel == '\0' || *rel == '/') {
        return FALSE;
    }
    while (*p != '\0') {
        const char *end = strchr(p, '/');
        gsize n = end != NULL ? (gsize)(end - p) : strlen(p);

        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
            return FALSE;
        }
        p += n;
        if (*p == '/') {
            p++;
            if (*p == '\0') {
                return FALSE; /* a trailing slash: not a file */
            }
        }
    }
    return TRUE;
}

static gboolean own_fd(int fd);

int
bl_outdir_dir_of(const struct bl_outdir *d, const char *rel, gboolean create, const char **leaf)
{
    const char *p = rel, *slash;
    int dir = d->fd;

    if (!bl_outdir_plain(rel)) {
        errno = EINVAL;
        return -1;
    }
    while ((slash = strchr(p, '/')) != NULL) {
        char *name = g_strndup(p, (gsize)(slash - p));
        int next = openat(dir, name, DIR_FLAGS);
        int err;

        if (next < 0 && errno == ENOENT && create) {
            /* made by this run; a link planted meanwhile is refused by the open */
            if (mkdirat(dir, name, 0700) < 0 && errno != EEXIST) {
                err = errno;
                g_free(name);
                bl_outdir_close_dir(d, dir);
                errno = err;
                return -1;
            }
            next = openat(dir, name, DIR_FLAGS);
        }
        err = errno;
        g_free(name);
        bl_outdir_close_dir(d, dir);
        if (next < 0) {
            errno = err;
            return -1;
        }
        if (!own_fd(next)) {
            /* another user's folder, or one others may write in: they could move a letter
             * aside and put another under its name */
            close(next);
            errno = EPERM;
            return -1;
        }
        dir = next;
        p = slash + 1;
    }
    *leaf = p;
    return dir;
}

void
bl_outdir_close_dir(const struct bl_outdir *d, int fd)
{
    if (fd >= 0 && fd != d->fd) {
        close(fd);
    }
}

/* Whether st is something of the running user that no one else may change. */
static gboolean
own(const struct stat *st)
{
    return st->st_uid == geteuid() && (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static gboolean
own_fd(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && own(&st);
}

int
bl_outdir_open_own_dir(int dir, const char *name)
{
    int fd = openat(dir, name, DIR_FLAGS);
    struct stat st;

    if (fd >= 0 && (fstat(fd, &st) < 0 || !own(&st))) {
        close(fd);
        errno = EPERM;
        return -1;
    }
    return fd;
}

FILE *
bl_outdir_read(const struct bl_outdir *d, const char *rel)
{
    const char *leaf;
    int dir = bl_outdir_dir_of(d, rel, FALSE, &leaf);
    int fd, err;
    struct stat st;
    FILE *fp = NULL;

    if (dir < 0) {
        return NULL;
    }
    /* O_NONBLOCK: a FIFO planted under the name must not stall the run */
    fd = openat(dir, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    err = errno;
    bl_outdir_close_dir(d, dir);
    if (fd < 0) {
        errno = err;
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !own(&st)) {
        close(fd);
        errno = EPERM;
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    fp = fdopen(fd, "rb");
    if (fp == NULL) {
        err = errno;
        close(fd);
        errno = err;
    }
    return fp;
}

gboolean
bl_outdir_remove(const struct bl_outdir *d, const char *rel)
{
    const char *leaf;
    int dir = bl_outdir_dir_of(d, rel, FALSE, &leaf);
    struct stat st;
    gboolean removed = FALSE;

    if (dir < 0) {
        return FALSE;
    }
    if (fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
        st.st_uid == geteuid()) {
        removed = unlinkat(dir, leaf, 0) == 0;
    }
    bl_outdir_close_dir(d, dir);
    return removed;
}

guint
bl_outdir_sweep(int dir, gboolean (*remove)(const char *name),
                gboolean (*descend)(const char *name))
{
    /* a descriptor of its own: a dup() would share the read position, and a second walk of
     * the same folder would find it at its end */
    int copy = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dp = copy >= 0 ? fdopendir(copy) : NULL;
    struct dirent *e;
    guint removed = 0;

    if (dp == NULL) {
        if (copy >= 0) {
            close(copy);
        }
        return 0;
    }
    while ((e = readdir(dp)) != NULL) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_uid != geteuid()) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int sub =
                descend != NULL && descend(e->d_name) ? openat(dir, e->d_name, DIR_FLAGS) : -1;

            if (sub >= 0) {
                removed += bl_outdir_sweep(sub, remove, descend);
                close(sub);
            }
        } else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && remove(e->d_name)) {
            removed += unlinkat(dir, e->d_name, 0) == 0;
        }
    }
    closedir(dp);
    return removed;
}
