/* SPDX-License-Identifier: MIT */
/* A file a sink writes: a temporary name, writes checked and hashed, synced, renamed. */
#include "sink_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tempfile.h"

/* cairo hands over each operator and number on its own (over a thousand pieces a PDF page), so
 * they are gathered here and written in blocks of OUT_BUFFER bytes. */
enum { OUT_BUFFER = 64 * 1024 };

struct bl_sink_file {
    int dir;     /* the folder it is written in (not owned), or AT_FDCWD */
    char *name;  /* in dir */
    char *shown; /* in messages */
    char *tmp;   /* its temporary name in dir; NULL for standard output */
    const char *what;
    gboolean sync;
    int fd;
    GChecksum *sum;
    int err; /* the first failed write's errno: nothing more is written */
    gsize used;
    unsigned char buf[OUT_BUFFER];
    struct bl_diag *diag;
};

static void
file_free(struct bl_sink_file *f)
{
    if (f->fd >= 0) {
        close(f->fd);
    }
    bl_temp_finish_at(f->dir, f->tmp, f->name, FALSE); /* what is still temporary goes */
    g_checksum_free(f->sum);
    g_free(f->name);
    g_free(f->shown);
    g_free(f);
}

struct bl_sink_file *
bl_sink_file_open(int dir, const char *name, const char *shown, const char *what, gboolean sync,
                  struct bl_diag *diag)
{
    struct bl_sink_file *f = g_malloc(sizeof(*f));
    struct bl_loc loc = {NULL, 0, 0};

    f->dir = dir;
    f->name = g_strdup(name);
    f->tmp = NULL;
    f->what = what;
    f->sync = sync;
    f->err = 0;
    f->used = 0;
    f->sum = g_checksum_new(G_CHECKSUM_SHA256);
    f->diag = diag;
    if (dir == AT_FDCWD && strcmp(name, "-") == 0) {
        /* standard output, written as it comes (a pipe cannot be synced or renamed) */
        f->shown = g_strdup("standard output");
        f->sync = FALSE;
        f->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
    } else {
        f->shown = g_strdup(shown);
        f->fd = bl_temp_create_at(dir, name, &f->tmp);
    }
    if (f->fd < 0) {
        loc.file = f->shown;
        bl_diag_error(diag, &loc, "cannot create the %s file: %s", what, g_strerror(errno));
        file_free(f);
        return NULL;
    }
    return f;
}

/* Writes what is gathered; 0, or -1 with f->err set. */
static int
flush(struct bl_sink_file *f)
{
    gsize done = 0;

    while (f->err == 0 && done < f->used) {
        ssize_t n = write(f->fd, f->buf + done, f->used - done);

        if (n < 0 && errno != EINTR) {
            f->err = errno;
        } else if (n > 0) {
            done += (gsize)n;
        }
    }
    if (f->err == 0) {
        g_checksum_update(f->sum, f->buf, (gssize)f->used);
    }
    f->used = 0;
    return f->err == 0 ? 0 : -1;
}

cairo_status_t
bl_sink_file_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct bl_sink_file *f = closure;

    while (length > 0 && f->err == 0) {
        gsize n = MIN(length, OUT_BUFFER - f->used);

        memcpy(f->buf + f->used, data, n);
        f->used += n;
        data += n;
        length -= (unsigned int)n;
        if (f->used == OUT_BUFFER) {
            flush(f);
        }
    }
    /* nothing more after a failed write */
    return f->err == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int
bl_sink_file_close(struct bl_sink_file *f, cairo_status_t status, char sha256[65])
{
    struct bl_loc loc = {f->shown, 0, 0};
    int synced, closed, rc;

    flush(f);
    /* cairo does not always pass a failed write on to the surface's status: a full disk must
     * never leave a truncated file, so our own record of the writes decides too */
    if (status != CAIRO_STATUS_SUCCESS || f->err != 0) {
        bl_diag_error(f->diag, &loc, "cannot write the %s: %s", f->what,
                      f->err != 0 ? g_strerror(f->err) : cairo_status_to_string(status));
        file_free(f);
        return -1;
    }
    synced = !f->sync || fsync(f->fd) == 0 ? 0 : errno;
    closed = close(f->fd) == 0 ? 0 : errno;
    f->fd = -1;
    if (synced != 0 || closed != 0) {
        bl_diag_error(f->diag, &loc, "cannot write the %s: %s", f->what,
                      g_strerror(synced != 0 ? synced : closed));
        file_free(f);
        return -1;
    }
    rc = bl_temp_finish_at(f->dir, f->tmp, f->name, TRUE);
    f->tmp = NULL;
    if (rc < 0) {
        bl_diag_error(f->diag, &loc, "cannot move the %s into place: %s", f->what,
                      g_strerror(errno));
        file_free(f);
        return -1;
    }
    if (sha256 != NULL) {
        g_strlcpy(sha256, g_checksum_get_string(f->sum), 65);
    }
    file_free(f);
    return 0;
}

void
bl_sink_file_abort(struct bl_sink_file *f)
{
    if (f != NULL) {
        file_free(f);
    }
}
