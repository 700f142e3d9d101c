/* SPDX-License-Identifier: MIT */
/* PDF sink: one letter per PDF, written to a temporary file, checked and renamed into place. */
#include "sink.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "tempfile.h"

/* cairo's write callback: into a file, hashing as it goes. */
struct out {
    int fd;
    GChecksum *sum;
    int err;
};

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct out *o = closure;
    unsigned int done = 0;

    if (o->err != 0) {
        return CAIRO_STATUS_WRITE_ERROR; /* nothing more after a failed write */
    }
    while (done < length) {
        ssize_t n = write(o->fd, data + done, length - done);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            o->err = errno;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        done += (unsigned int)n;
    }
    g_checksum_update(o->sum, data, length);
    return CAIRO_STATUS_SUCCESS;
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
bl_sink_pdf_write_docs(const char *path, const struct bl_doc *const *docs, guint n_docs,
                       const struct bl_letter *letter, char sha256[65], struct bl_diag *diag)
{
    struct bl_pdf_info info = {"letter",        letter->title, letter->author,
                               letter->subject, &letter->date, letter->draft};
    struct docs d = {docs, n_docs};

    return bl_sink_pdf_draw(path, &info, draw_docs, &d, sha256, diag);
}

int
bl_sink_pdf_draw(const char *path, const struct bl_pdf_info *info, bl_sink_draw_fn draw,
                 gpointer data, char sha256[65], struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    char *tmp = g_strdup_printf("%s.part", path);
    struct out o = {-1, g_checksum_new(G_CHECKSUM_SHA256), 0};
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    cairo_status_t status;
    char *date = NULL;
    char *title = NULL;
    int rc = -1;

    bl_temp_track(tmp);
    /* a new file of our own: never one left or planted under that name */
    g_unlink(tmp);
    o.fd = g_open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (o.fd < 0) {
        bl_diag_error(diag, &loc, "cannot create the %s file: %s", info->what, g_strerror(errno));
        goto out;
    }
    surface = cairo_pdf_surface_create_for_stream(write_out, &o, BL_PAGE_WIDTH, BL_PAGE_HEIGHT);
    date = pdf_date(info->date);
    title = info->draft ? g_strdup_printf("DRAFT - not for mailing: %s", info->title)
                        : g_strdup(info->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    if (info->author != NULL) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, info->author);
    }
    if (info->subject != NULL) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, info->subject);
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "breachletter " BL_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    cr = cairo_create(surface);
    draw(cr, data);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    /* cairo does not always pass a failed write on to the surface's status: a full disk
     * must never leave a truncated letter, so our own record of the writes decides too */
    if (status != CAIRO_STATUS_SUCCESS || o.err != 0) {
        bl_diag_error(diag, &loc, "cannot write the %s: %s", info->what,
                      o.err != 0 ? g_strerror(o.err) : cairo_status_to_string(status));
        goto out;
    }
    {
        int synced = fsync(o.fd) == 0 ? 0 : errno;
        int closed = close(o.fd) == 0 ? 0 : errno;

        o.fd = -1;
        if (synced != 0 || closed != 0) {
            bl_diag_error(diag, &loc, "cannot write the %s: %s", info->what,
                          g_strerror(synced != 0 ? synced : closed));
            goto out;
        }
    }
    if (g_rename(tmp, path) < 0) {
        bl_diag_error(diag, &loc, "cannot move the %s into place: %s", info->what,
                      g_strerror(errno));
        goto out;
    }
    if (sha256 != NULL) {
        g_strlcpy(sha256, g_checksum_get_string(o.sum), 65);
    }
    rc = 0;
out:
    if (o.fd >= 0) {
        close(o.fd);
    }
    if (rc < 0) {
        g_unlink(tmp);
    }
    bl_temp_untrack(tmp);
    g_checksum_free(o.sum);
    g_free(date);
    g_free(title);
    g_free(tmp);
    return rc;
}
