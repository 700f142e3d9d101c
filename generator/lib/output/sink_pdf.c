/* SPDX-License-Identifier: MIT */
/* PDF sink: a PDF per letter; and the PDF writer under it, the book sink and the summary. */
#include "sink_pdf.h"

#include <cairo-pdf.h>
#include <fcntl.h>

#include "pdf_update.h"
#include "sink_impl.h"

/* -- the PDF writer ---------------------------------------------------------------------------- */

struct bl_pdf_file {
    struct bl_sink_file *file;
    cairo_surface_t *surface;
    cairo_t *cr;
    char *lang;           /* the catalog's /Lang, written by an update at close; NULL: no update */
    GByteArray *whole;    /* with lang: the bytes written, read back for the update */
    char *shown;          /* the file, as messages name it */
    struct bl_diag *diag; /* where a page left unmarked is reported */
};

/* Passes cairo's writes on to the file, keeping what is written for the update (a letter's PDF
 * is some hundred kilobytes). */
static cairo_status_t
write_kept(void *closure, const unsigned char *data, unsigned int length)
{
    struct bl_pdf_file *f = closure;

    g_byte_array_append(f->whole, data, length);
    return bl_sink_file_write(f->file, data, length);
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

struct bl_pdf_file *
bl_sink_pdf_open_at(int dir, const char *name, const char *shown, const struct bl_pdf_info *info,
                    struct bl_diag *diag)
{
    struct bl_sink_file *file =
        bl_sink_file_open(dir, name, shown, info->what, !info->sync_later, diag);
    struct bl_pdf_file *f;
    char *date, *title;

    if (file == NULL) {
        return NULL;
    }
    f = g_new0(struct bl_pdf_file, 1);
    f->file = file;
    if (info->lang != NULL) {
        f->lang = g_strdup(info->lang);
        f->whole = g_byte_array_new();
        f->shown = g_strdup(shown != NULL ? shown : name);
        f->diag = diag;
        f->surface =
            cairo_pdf_surface_create_for_stream(write_kept, f, BL_PAGE_WIDTH, BL_PAGE_HEIGHT);
    } else {
        f->surface = cairo_pdf_surface_create_for_stream(bl_sink_file_write, file, BL_PAGE_WIDTH,
                                                         BL_PAGE_HEIGHT);
    }
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

cairo_t *
bl_sink_pdf_cairo(struct bl_pdf_file *f)
{
    return f->cr;
}

static void
pdf_file_free(struct bl_pdf_file *f)
{
    g_free(f->lang);
    g_free(f->shown);
    if (f->whole != NULL) {
        g_byte_array_unref(f->whole);
    }
    g_free(f);
}

/* Appends the update that marks each page's artifacts (pdf_artifacts.h), gives the catalog its
 * /Lang and shows the title (pdf_update.h). A page whose artifacts cannot be marked is left as
 * cairo wrote it, and reported. */
static cairo_status_t
append_update(struct bl_pdf_file *f)
{
    const char *why = NULL;
    GString *update, *pages = g_string_new(NULL);
    GArray *objects = g_array_new(FALSE, FALSE, sizeof(struct bl_pdf_object));
    cairo_status_t status;
    guint len = f->whole->len;
    int left;

    g_byte_array_append(f->whole, (const guint8 *)"", 1); /* ends the numbers read in it */
    left = bl_pdf_mark_pages(f->whole->data, len, pages, objects, &why);
    if (left != 0) {
        struct bl_loc loc = {f->shown, 0, 0};

        bl_diag_warning(f->diag, &loc,
                        "what %s draws outside the structure (running header, page number, "
                        "watermark) is not marked as artifacts: %s",
                        left < 0    ? "every page"
                        : left == 1 ? "a page"
                                    : "some pages",
                        why);
    }
    update = bl_pdf_update_catalog(f->whole->data, len, len, f->lang, pages, objects, &why);
    g_string_free(pages, TRUE);
    g_array_unref(objects);
    if (update == NULL) {
        return CAIRO_STATUS_INVALID_STATUS; /* cairo's own output: never so */
    }
    status = bl_sink_file_write(f->file, (const unsigned char *)update->str, (guint)update->len);
    g_string_free(update, TRUE);
    return status;
}

int
bl_sink_pdf_close(struct bl_pdf_file *f, char sha256[65])
{
    cairo_status_t status;
    int rc;

    cairo_destroy(f->cr);
    cairo_surface_finish(f->surface);
    status = cairo_surface_status(f->surface);
    cairo_surface_destroy(f->surface);
    if (status == CAIRO_STATUS_SUCCESS && f->lang != NULL) {
        status = append_update(f);
    }
    rc = bl_sink_file_close(f->file, status, sha256);
    pdf_file_free(f);
    return rc;
}

void
bl_sink_pdf_abort(struct bl_pdf_file *f)
{
    if (f == NULL) {
        return;
    }
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->surface); /* finishes it: its last writes go to the file removed */
    bl_sink_file_abort(f->file);
    pdf_file_free(f);
}

/* -- the sink: a PDF per letter ---------------------------------------------------------------- */

struct pdf_sink {
    struct bl_sink base;
    struct bl_pdf_file *pdf; /* the open letter */
    int dir;                 /* its folder, while it is open */
};

static int
pdf_open_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id, const char *file)
{
    struct pdf_sink *p = (struct pdf_sink *)s;
    char *lang = bl_pdf_lang(letter->language);
    struct bl_pdf_info info = {"letter",      letter->title, letter->author,       letter->subject,
                               &letter->date, letter->draft, s->config.sync_later, lang};
    const char *leaf;
    char *shown;

    if (bl_sink_get_dir(s, file, info.what, &p->dir, &leaf, &shown) < 0) {
        g_free(lang);
        return -1;
    }
    p->pdf = bl_sink_pdf_open_at(p->dir, leaf, shown, &info, s->diag);
    g_free(shown);
    g_free(lang);
    if (p->pdf == NULL) {
        bl_sink_put_dir(s, p->dir);
        return -1;
    }
    return 0;
}

static cairo_t *
pdf_begin_page(struct bl_sink *s)
{
    return ((struct pdf_sink *)s)->pdf->cr;
}

static void
pdf_end_page(struct bl_sink *s)
{
    cairo_show_page(((struct pdf_sink *)s)->pdf->cr);
}

static int
pdf_close_letter(struct bl_sink *s, struct bl_sink_placed *placed)
{
    struct pdf_sink *p = (struct pdf_sink *)s;
    int rc = bl_sink_pdf_close(p->pdf, placed->sha256);

    p->pdf = NULL;
    bl_sink_put_dir(s, p->dir);
    return rc;
}

static void
pdf_abort(struct bl_sink *s)
{
    struct pdf_sink *p = (struct pdf_sink *)s;

    if (p->pdf != NULL) {
        bl_sink_pdf_abort(p->pdf);
        p->pdf = NULL;
        bl_sink_put_dir(s, p->dir);
    }
}

const struct bl_sink_ops bl_sink_pdf_ops = {
    .kind = "pdf",
    .size = sizeof(struct pdf_sink),
    .open_letter = pdf_open_letter,
    .begin_page = pdf_begin_page,
    .end_page = pdf_end_page,
    .close_letter = pdf_close_letter,
    .abort = pdf_abort,
};
