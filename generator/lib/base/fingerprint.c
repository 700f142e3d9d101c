/* SPDX-License-Identifier: MIT */
/* Fingerprint: an input's bytes and identity, taken once before a run's first letter. */
#define _GNU_SOURCE /* fopencookie */
#include "fingerprint.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void
identity(struct bl_fingerprint *fp, const struct stat *st)
{
    fp->dev = st->st_dev;
    fp->ino = st->st_ino;
    fp->size = st->st_size;
    fp->mtime = st->st_mtim;
    fp->ctime = st->st_ctim;
}

static gboolean
same_stat(const struct bl_fingerprint *fp, const struct stat *st)
{
    return fp->dev == st->st_dev && fp->ino == st->st_ino && fp->size == st->st_size &&
           fp->mtime.tv_sec == st->st_mtim.tv_sec && fp->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           fp->ctime.tv_sec == st->st_ctim.tv_sec && fp->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

/* Hashes the open regular file fd; 0, or -1 with errno set (EAGAIN: not a regular file, EBUSY:
 * changed while it was read). Closes fd. */
static int
take_fd(struct bl_fingerprint *fp, int fd)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    guchar buf[64 * 1024];
    struct stat st;
    ssize_t n = 0;
    int err = 0;

    if (fstat(fd, &st) < 0) {
        err = errno;
    } else if (!S_ISREG(st.st_mode)) {
        err = EAGAIN;
    } else {
        identity(fp, &st);
        while ((n = read(fd, buf, sizeof(buf))) != 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                err = errno;
                break;
            }
            g_checksum_update(sum, buf, n);
        }
        if (err == 0 && (fstat(fd, &st) < 0 || !same_stat(fp, &st))) {
            err = EBUSY;
        }
    }
    if (err == 0) {
        g_strlcpy(fp->sha256, g_checksum_get_string(sum), sizeof(fp->sha256));
    }
    g_checksum_free(sum);
    close(fd);
    errno = err;
    return err == 0 ? 0 : -1;
}

int
bl_fingerprint_take_at(struct bl_fingerprint *fp, int dir, const char *name)
{
    /* O_NONBLOCK: opening a FIFO for reading would wait for a writer */
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

    return fd < 0 ? -1 : take_fd(fp, fd);
}

int
bl_fingerprint_take(struct bl_fingerprint *fp, const char *path, const char *what,
                    struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd >= 0 && take_fd(fp, fd) == 0) {
        return 0;
    }
    if (errno == EAGAIN) {
        bl_diag_error(diag, &loc,
                      "the %s is not a regular file (a FIFO, a device or a folder): save it to "
                      "a file first, or pipe it in as '-'",
                      what);
    } else if (errno == EBUSY) {
        bl_diag_error(diag, &loc,
                      "the %s changed while it was being read: wait until whatever writes it has "
                      "finished, then run again",
                      what);
    } else if (errno == ENOENT) {
        bl_diag_error(diag, &loc, "cannot open file: no such file");
    } else {
        bl_diag_error(diag, &loc, "cannot read the %s: %s", what, g_strerror(errno));
    }
    return -1;
}

gboolean
bl_fingerprint_same(const struct bl_fingerprint *fp, int fd, const char *path)
{
    struct stat st;

    if (fd >= 0 ? fstat(fd, &st) < 0 : stat(path, &st) < 0) {
        return FALSE;
    }
    return same_stat(fp, &st);
}

struct bl_hashed {
    int fd;
    GChecksum *sum;
    off64_t pos;    /* where the next read starts */
    off64_t hashed; /* bytes hashed, from the start */
    gboolean broken;
    char hex[65]; /* the last hash asked for */
};

static ssize_t
hashed_read(void *cookie, char *buf, size_t size)
{
    struct bl_hashed *h = cookie;
    ssize_t n;

    do {
        n = read(h->fd, buf, size);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        off64_t end = h->pos + n;

        if (h->pos > h->hashed) {
            h->broken = TRUE; /* bytes skipped: the hash cannot cover them */
        } else if (end > h->hashed) {
            g_checksum_update(h->sum, (const guchar *)buf + (h->hashed - h->pos),
                              (gssize)(end - h->hashed));
            h->hashed = end;
        }
        h->pos = end;
    }
    return n;
}

static int
hashed_seek(void *cookie, off64_t *offset, int whence)
{
    struct bl_hashed *h = cookie;
    off64_t to = lseek64(h->fd, *offset, whence);

    if (to < 0) {
        return -1;
    }
    h->pos = to;
    *offset = to;
    return 0;
}

static int
hashed_close(void *cookie)
{
    struct bl_hashed *h = cookie;
    int rc = close(h->fd);

    g_checksum_free(h->sum);
    g_free(h);
    return rc;
}

FILE *
bl_hashed_open(int fd, struct bl_hashed **hashed)
{
    static const cookie_io_functions_t io = {hashed_read, NULL, hashed_seek, hashed_close};
    struct bl_hashed *h = g_new0(struct bl_hashed, 1);
    FILE *fp;

    h->fd = fd;
    h->sum = g_checksum_new(G_CHECKSUM_SHA256);
    h->pos = lseek64(fd, 0, SEEK_CUR);
    h->broken = h->pos != 0;
    fp = fopencookie(h, "rb", io);
    if (fp == NULL) {
        int err = errno;

        hashed_close(h);
        errno = err;
        return NULL;
    }
    *hashed = h;
    return fp;
}

const char *
bl_hashed_sha256(struct bl_hashed *hashed)
{
    GChecksum *copy;

    if (hashed->broken) {
        return NULL;
    }
    /* of a copy: the stream's own checksum goes on taking what is read after this */
    copy = g_checksum_copy(hashed->sum);
    g_strlcpy(hashed->hex, g_checksum_get_string(copy), sizeof(hashed->hex));
    g_checksum_free(copy);
    return hashed->hex;
}

int
bl_hashed_fd(const struct bl_hashed *hashed)
{
    return hashed->fd;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds a file's bytes, or every file under a directory in name order, to sum. */
static void
sum_path(GChecksum *sum, const char *path)
{
    /* a linked directory is not followed (a link to a parent would never end); a file that
     * cannot be read counts as its name, so that it cannot go unnoticed either */
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *d = g_dir_open(path, 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;

        while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
            g_ptr_array_add(names, g_strdup(name));
        }
        if (d != NULL) {
            g_dir_close(d);
        }
        g_ptr_array_sort(names, compare_names);
        for (guint i = 0; i < names->len; i++) {
            char *child = g_build_filename(path, g_ptr_array_index(names, i), NULL);

            g_checksum_update(sum, (const guchar *)g_ptr_array_index(names, i), -1);
            sum_path(sum, child);
            g_free(child);
        }
        g_ptr_array_unref(names);
    } else {
        /* read, not mapped: a list of millions of rows must not count in the run's memory */
        FILE *fp = g_fopen(path, "rb");
        guchar buf[64 * 1024];
        size_t n;

        if (fp != NULL) {
            while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
                g_checksum_update(sum, buf, (gssize)n);
            }
        }
        if (fp == NULL || ferror(fp)) {
            g_checksum_update(sum, (const guchar *)"unreadable:", -1);
            g_checksum_update(sum, (const guchar *)path, -1);
        }
        if (fp != NULL) {
            fclose(fp);
        }
    }
}

char *
bl_fingerprint_paths(const char *text, const char *const *paths)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *key;

    g_checksum_update(sum, (const guchar *)text, -1);
    for (gsize i = 0; paths[i] != NULL; i++) {
        sum_path(sum, paths[i]);
    }
    key = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return key;
}
