/* SPDX-License-Identifier: MIT */
/* PDF sink: letters, books and reports as PDF, written to a temporary file, checked and renamed
 * into place. */
#include "sink.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "tempfile.h"

/* cairo's write callback: into a file, hashing as it goes. cairo hands over each operator and
 * number on its own (over a thousand pieces a page), so they are gathered here and written in
 * blocks of OUT_BUFFER bytes. */
enum { OUT_BUFFER = 64 * 1024 };

struct out {
    int fd;
    GChecksum *sum;
    int err;
    gsize used;
    unsigned char buf[OUT_BUFFER];
};

/* Writes what is gathered; 0 or -1 with o->err set. */
static int
out_flush(struct out *o)
{
    gsize done = 0;

    while (o->err == 0 && done < o->used) {
        ssize_t n = write(o->fd, o->buf + done, o->used - done);

        if (n < 0 && errno != EINTR) {
            o->err = errno;
        } else if (n > 0) {
            done += (gsize)n;
        }
    }
    if (o->err == 0) {
        g_checksum_update(o->sum, o->buf, (gssize)o->used);
    }
    o->used = 0;
    return o->err == 0 ? 0 : -1;
}

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct out *o = closure;

    while (length > 0 && o->err == 0) {
        gsize n = MIN(length, OUT_BUFFER - o->used);

        memcpy(o->buf + o->used, data, n);
        o->used += n;
        data += n;
        length -= (unsigned int)n;
        if (o->used == OUT_BUFFER) {
            out_flush(o);
        }
    }
    /* nothing more after a failed write */
    return o->err == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Cairo takes "YYYY-MM-DDThh:mm:ss"; the letter's date at midnight UTC. */
static char *
pdf_date(const GDate *date)
{
    if (!g_date_valid(date)) {
        return g_strdup("2000-01-01T00:00:00Z");
    }
    return g_strdup_printf("%04d-%02d-%02dT00:00:00Z", g_date_get_year(date),
                           g_date_get_month(date), g_date_get_day(date));
}

int
bl_sink_pdf_write(const char *path, const struct bl_doc *doc, const struct bl_letter *letter,
                  char sha256[65], struct bl_diag *diag)
{
    return bl_sink_pdf_write_docs(path, &doc, 1, letter, sha256, diag);
}

void
bl_sink_pdf_letter_info(const struct bl_letter *letter, struct bl_pdf_info *info)
{
    *info = (struct bl_pdf_info){"letter",      letter->title, letter->author, letter->subject,
                                 &letter->date, letter->draft, FALSE};
}

struct docs {
    const struct bl_doc *const *docs;
    guint n;
};

static void
draw_docs(cairo_t *cr, gpointer data)
{
    const struct docs *d = data;

    for (guint i = 0; i < d->n; i++) {
        for (int p = 0; p < bl_doc_page_count(d->docs[i]); p++) {
            bl_render_page(cr, d->docs[i], p);
            cairo_show_page(cr);
        }
    }
}

int
bl_sink_pdf_write_info_at(int dir, const char *name, const char *shown,
                          const struct bl_pdf_info *info, const struct bl_doc *const *docs,
                          guint n_docs, char sha256[65], struct bl_diag *diag)
{
    struct docs d = {docs, n_docs};
    struct bl_pdf_file *f = bl_sink_pdf_open_at(dir, name, shown, info, diag);

    if (f == NULL) {
        return -1;
    }
    draw_docs(bl_sink_pdf_cairo(f), &d);
    return bl_sink_pdf_close(f, sha256);
}

int
bl_sink_pdf_write_info(const char *path, const struct bl_pdf_info *info,
                       const struct bl_doc *const *docs, guint n_docs, char sha256[65],
                       struct bl_diag *diag)
{
    return bl_sink_pdf_write_info_at(AT_FDCWD, path, path, info, docs, n_docs, sha256, diag);
}

int
bl_sink_pdf_write_docs(const char *path, const struct bl_doc *const *docs, guint n_docs,
                       const struct bl_letter *letter, char sha256[65], struct bl_diag *diag)
{
    struct bl_pdf_info info;

    bl_sink_pdf_letter_info(letter, &info);
    return bl_sink_pdf_write_info(path, &info, docs, n_docs, sha256, diag);
}

/* A PDF being written: the temporary file, the hashing writer and the cairo surface. */
struct bl_pdf_file {
    int dir;     /* the folder it is written in (not owned), or AT_FDCWD */
    char *name;  /* in dir */
    char *shown; /* in messages */
    char *tmp;
    const char *what;
    gboolean sync;
    struct out o;
    cairo_surface_t *surface;
    cairo_t *cr;
    struct bl_diag *diag;
};

static void
pdf_file_free(struct bl_pdf_file *f)
{
    if (f->cr != NULL) {
        cairo_destroy(f->cr);
    }
    if (f->surface != NULL) {
        cairo_surface_destroy(f->surface);
    }
    if (f->o.fd >= 0) {
        close(f->o.fd);
    }
    bl_temp_finish_at(f->dir, f->tmp, f->name, FALSE); /* what is still temporary goes */
    g_checksum_free(f->o.sum);
    g_free(f->name);
    g_free(f->shown);
    g_free(f);
}

struct bl_pdf_file *
bl_sink_pdf_open_at(int dir, const char *name, const char *shown, const struct bl_pdf_info *info,
                    struct bl_diag *diag)
{
    struct bl_pdf_file *f = g_new0(struct bl_pdf_file, 1);
    struct bl_loc loc = {shown, 0, 0};
    char *date, *title;

    f->dir = dir;
    f->name = g_strdup(name);
    f->shown = g_strdup(shown);
    f->what = info->what;
    f->sync = !info->sync_later;
    f->diag = diag;
    f->o.sum = g_checksum_new(G_CHECKSUM_SHA256);
    if (dir == AT_FDCWD && strcmp(name, "-") == 0) {
        /* "-": standard output, written as it comes (a pipe cannot be synced or renamed) */
        g_free(f->shown);
        f->shown = g_strdup("standard output");
        loc.file = f->shown;
        f->sync = FALSE;
        f->o.fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
    } else {
        f->o.fd = bl_temp_create_at(dir, name, &f->tmp);
    }
    if (f->o.fd < 0) {
        bl_diag_error(diag, &loc, "cannot create the %s file: %s", info->what, g_strerror(errno));
        pdf_file_free(f);
        return NULL;
    }
    f->surface =
        cairo_pdf_surface_create_for_stream(write_out, &f->o, BL_PAGE_WIDTH, BL_PAGE_HEIGHT);
    date = pdf_date(info->date);
    title = info->draft ? g_strdup_printf("DRAFT - not for mailing: %s", info->title)
                        : g_strdup(info->title);
    cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_TITLE, title);
    if (info->author != NULL) {
        cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_AUTHOR, info->author);
    }
    if (info->subject != NULL) {
        cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_SUBJECT, info->subject);
    }
    cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_CREATOR,
                                   "breachletter " BL_VERSION);
    cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(f->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    f->cr = cairo_create(f->surface);
    g_free(date);
    g_free(title);
    return f;
}

struct bl_pdf_file *
bl_sink_pdf_open(const char *path, const struct bl_pdf_info *info, struct bl_diag *diag)
{
    return bl_sink_pdf_open_at(AT_FDCWD, path, path, info, diag);
}

cairo_t *
bl_sink_pdf_cairo(struct bl_pdf_file *f)
{
    return f->cr;
}

int
bl_sink_pdf_close(struct bl_pdf_file *f, char sha256[65])
{
    struct bl_loc loc = {f->shown, 0, 0};
    cairo_status_t status;
    int synced, closed, rc;

    cairo_destroy(f->cr);
    f->cr = NULL;
    cairo_surface_finish(f->surface);
    status = cairo_surface_status(f->surface);
    cairo_surface_destroy(f->surface);
    f->surface = NULL;
    out_flush(&f->o);
    /* cairo does not always pass a failed write on to the surface's status: a full disk
     * must never leave a truncated letter, so our own record of the writes decides too */
    if (status != CAIRO_STATUS_SUCCESS || f->o.err != 0) {
        bl_diag_error(f->diag, &loc, "cannot write the %s: %s", f->what,
                      f->o.err != 0 ? g_strerror(f->o.err) : cairo_status_to_string(status));
        pdf_file_free(f);
        return -1;
    }
    synced = !f->sync || fsync(f->o.fd) == 0 ? 0 : errno;
    closed = close(f->o.fd) == 0 ? 0 : errno;
    f->o.fd = -1;
    if (synced != 0 || closed != 0) {
        bl_diag_error(f->diag, &loc, "cannot write the %s: %s", f->what,
                      g_strerror(synced != 0 ? synced : closed));
        pdf_file_free(f);
        return -1;
    }
    rc = bl_temp_finish_at(f->dir, f->tmp, f->name, TRUE);
    f->tmp = NULL;
    if (rc < 0) {
        bl_diag_error(f->diag, &loc, "cannot move the %s into place: %s", f->what,
                      g_strerror(errno));
        pdf_file_free(f);
        return -1;
    }
    if (sha256 != NULL) {
        g_strlcpy(sha256, g_checksum_get_string(f->o.sum), 65);
    }
    pdf_file_free(f);
    return 0;
}

void
bl_sink_pdf_abort(struct bl_pdf_file *f)
{
    if (f != NULL) {
        pdf_file_free(f);
    }
}

int
bl_sink_pdf_draw(const char *path, const struct bl_pdf_info *info, bl_sink_draw_fn draw,
                 gpointer data, char sha256[65], struct bl_diag *diag)
{
    struct bl_pdf_file *f = bl_sink_pdf_open(path, info, diag);

    if (f == NULL) {
        return -1;
    }
    draw(f->cr, data);
    return bl_sink_pdf_close(f, sha256);
}
