/* SPDX-License-Identifier: MIT */
/* Book: letters one after another in one PDF, each from a new sheet, with their list. */
#include "book.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "render.h"
#include "tempfile.h"
#include "text.h"

struct bl_book {
    struct bl_pdf_file *pdf;
    int dir;         /* the folder both are written in (not owned), or AT_FDCWD */
    char *csv_name;  /* in dir */
    char *csv_shown; /* in messages */
    GString *csv;
    gboolean duplex;
    int letters;
    int pages; /* printed so far, blank pages included */
    struct bl_diag *diag;
};

/* name as messages show it: in shown_dir, or as it is. */
static char *
shown_name(const char *shown_dir, const char *name)
{
    return shown_dir != NULL ? g_build_filename(shown_dir, name, NULL) : g_strdup(name);
}

int
bl_book_open(struct bl_book **out, int dir, const char *pdf, const char *csv, const char *shown_dir,
             const struct bl_pdf_info *info, gboolean duplex, struct bl_diag *diag)
{
    struct bl_book *b = g_new0(struct bl_book, 1);
    char *shown = shown_name(shown_dir, pdf);

    b->pdf = bl_sink_pdf_open_at(dir, pdf, shown, info, diag);
    g_free(shown);
    if (b->pdf == NULL) {
        g_free(b);
        return -1;
    }
    b->dir = dir;
    b->csv_name = g_strdup(csv);
    b->csv_shown = shown_name(shown_dir, csv);
    b->csv = g_string_new("sequence,id,first_page,pages,sheets\r\n");
    b->duplex = duplex;
    b->diag = diag;
    *out = b;
    return 0;
}

void
bl_book_add(struct bl_book *b, const char *id, const struct bl_doc *doc, int *first_page)
{
    cairo_t *cr = bl_sink_pdf_cairo(b->pdf);
    int pages = bl_doc_page_count(doc);
    int sheets = b->duplex ? (pages + 1) / 2 : pages;
    char *shown;

    *first_page = b->pages + 1;
    for (int p = 0; p < pages; p++) {
        bl_render_page_shared(cr, doc, p);
        cairo_show_page(cr);
    }
    if (b->duplex && pages % 2 == 1) {
        /* the back of the last sheet stays blank: the next letter starts on a new sheet */
        cairo_show_page(cr);
    }
    b->pages += b->duplex ? sheets * 2 : pages;
    b->letters++;
    g_string_append_printf(b->csv, "%d", b->letters);
    shown = bl_text_redact(id); /* an id shaped like an SSN is withheld, as in the manifest */
    bl_csv_append(b->csv, shown, FALSE);
    g_free(shown);
    g_string_append_printf(b->csv, ",%d,%d,%d\r\n", *first_page, pages, sheets);
}

int
bl_book_letters(const struct bl_book *b)
{
    return b->letters;
}

static void
book_free(struct bl_book *b)
{
    g_string_free(b->csv, TRUE);
    g_free(b->csv_name);
    g_free(b->csv_shown);
    g_free(b);
}

int
bl_book_close(struct bl_book *b, char sha256[65])
{
    /* the list first: when the book cannot be completed, its list goes too */
    int rc = bl_temp_write_at(b->dir, b->csv_name, b->csv_shown, b->csv->str, b->csv->len, b->diag);

    if (rc < 0) {
        bl_sink_pdf_abort(b->pdf);
    } else if (bl_sink_pdf_close(b->pdf, sha256) < 0) {
        unlinkat(b->dir, b->csv_name, 0);
        rc = -1;
    }
    book_free(b);
    return rc;
}

void
bl_book_abort(struct bl_book *b)
{
    if (b != NULL) {
        bl_sink_pdf_abort(b->pdf);
        book_free(b);
    }
}
