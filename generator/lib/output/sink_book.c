/* SPDX-License-Identifier: MIT */
/* Book sink: letters one after another in one PDF for a mail house, each from a new sheet, and
 * beside it the CSV listing each letter's sequence, recipient id, first page, pages and sheets.
 * Printed duplex, a letter with an odd number of pages is followed by a blank page. The book is
 * begun at its first letter (a chunk of rejected rows makes none) and written at the end. The
 * exceptions book is the same for the letters set aside for manual handling (an address that
 * fits no envelope window), titled so that it is never taken for a mailing book. */
#include "sink_impl.h"

#include <string.h>
#include <unistd.h>

#include "sink_pdf.h"
#include "tempfile.h"
#include "text.h"

extern const struct bl_sink_ops bl_sink_book_ops, bl_sink_exceptions_ops;

struct book_sink {
    struct bl_sink base;
    struct bl_pdf_file *pdf; /* NULL until the first letter */
    int dir;                 /* the folder of both files, while the book is open */
    char *csv_name;          /* in dir */
    char *csv_shown;         /* in messages */
    GString *csv;
    char *id; /* the open letter's */
    int letters;
    int pages; /* printed so far, blank backs included */
};

/* name's list: the same name ending in .csv instead of .pdf. */
static char *
list_name(const char *name)
{
    return g_str_has_suffix(name, ".pdf") ? g_strdup_printf("%.*s.csv", (int)strlen(name) - 4, name)
                                          : g_strconcat(name, ".csv", NULL);
}

/* Opens the book's PDF, its metadata the first letter's, titled by the book's number. */
static int
open_book(struct book_sink *b, const struct bl_letter *letter)
{
    struct bl_sink *s = &b->base;
    const char *what = s->ops == &bl_sink_book_ops ? "print book" : "exceptions book";
    char *title =
        g_strdup_printf("%s - %s%s %d", letter->title, what,
                        s->ops == &bl_sink_book_ops ? "" : " (manual handling)", s->config.number);
    /* a draft letter in it says so on every page */
    struct bl_pdf_info info = {what,          title, letter->author,       letter->subject,
                               &letter->date, FALSE, s->config.sync_later, NULL};
    char *list = list_name(s->config.name);
    const char *leaf;
    char *shown = NULL;
    int rc = -1;

    if (bl_sink_get_dir(s, s->config.name, info.what, &b->dir, &leaf, &shown) == 0) {
        b->pdf = bl_sink_pdf_open_at(b->dir, leaf, shown, &info, s->diag);
        if (b->pdf == NULL) {
            bl_sink_put_dir(s, b->dir);
        } else {
            /* the list is in the book's folder: its name there starts where the book's does */
            b->csv_name = g_strdup(list + (leaf - s->config.name));
            b->csv_shown =
                s->config.out != NULL ? bl_outdir_shown(s->config.out, list) : g_strdup(list);
            b->csv = g_string_new("sequence,id,first_page,pages,sheets\r\n");
            rc = 0;
        }
    }
    g_free(shown);
    g_free(list);
    g_free(title);
    return rc;
}

static int
book_open_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                 const char *file)
{
    struct book_sink *b = (struct book_sink *)s;

    if (s->config.name == NULL) {
        bl_diag_error(s->diag, NULL, "a print book needs a name (its struct bl_sink_config's)");
        return -1;
    }
    if (b->pdf == NULL && open_book(b, letter) < 0) {
        return -1;
    }
    g_free(b->id);
    b->id = g_strdup(id != NULL ? id : "");
    return 0;
}

static cairo_t *
book_begin_page(struct bl_sink *s)
{
    return bl_sink_pdf_cairo(((struct book_sink *)s)->pdf);
}

static void
book_end_page(struct bl_sink *s)
{
    cairo_show_page(bl_sink_pdf_cairo(((struct book_sink *)s)->pdf));
}

static int
book_close_letter(struct bl_sink *s, struct bl_sink_placed *placed)
{
    struct book_sink *b = (struct book_sink *)s;
    gboolean duplex = s->config.duplex;
    char *shown;

    placed->file = s->config.name;
    placed->first_page = b->pages + 1;
    placed->sheets = duplex ? (placed->pages + 1) / 2 : placed->pages;
    if (duplex && placed->pages % 2 == 1) {
        /* the back of the last sheet stays blank: the next letter starts on a new sheet */
        cairo_show_page(bl_sink_pdf_cairo(b->pdf));
    }
    b->pages += duplex ? placed->sheets * 2 : placed->pages;
    b->letters++;
    g_string_append_printf(b->csv, "%d", b->letters);
    shown = bl_text_redact(b->id); /* an id shaped like an SSN is withheld, as in the manifest */
    bl_csv_append(b->csv, shown, FALSE);
    g_free(shown);
    g_string_append_printf(b->csv, ",%d,%d,%d\r\n", placed->first_page, placed->pages,
                           placed->sheets);
    return 0;
}

static void
close_book(struct book_sink *b)
{
    bl_sink_put_dir(&b->base, b->dir);
    b->pdf = NULL;
}

static int
book_finish(struct bl_sink *s, char sha256[65])
{
    struct book_sink *b = (struct book_sink *)s;
    int rc;

    if (b->pdf == NULL) {
        return 0; /* no letter: no book */
    }
    /* the list first: when the book cannot be completed, its list goes too */
    rc = bl_temp_write_at(b->dir, b->csv_name, b->csv_shown, b->csv->str, b->csv->len, s->diag);
    if (rc < 0) {
        bl_sink_pdf_abort(b->pdf);
    } else if (bl_sink_pdf_close(b->pdf, sha256) < 0) {
        unlinkat(b->dir, b->csv_name, 0);
        rc = -1;
    }
    close_book(b);
    return rc;
}

static void
book_abort(struct bl_sink *s)
{
    struct book_sink *b = (struct book_sink *)s;

    if (b->pdf != NULL) {
        bl_sink_pdf_abort(b->pdf);
        close_book(b);
    }
}

static void
book_release(struct bl_sink *s)
{
    struct book_sink *b = (struct book_sink *)s;

    if (b->csv != NULL) {
        g_string_free(b->csv, TRUE);
    }
    g_free(b->csv_name);
    g_free(b->csv_shown);
    g_free(b->id);
}

/* A print book and an exceptions book are written alike; only their kind, and so their title
 * (open_book), differ. */
#define BOOK_OPS(name)                                                                             \
    {                                                                                              \
        .kind = (name), .size = sizeof(struct book_sink), .shared_text = TRUE,                     \
        .open_letter = book_open_letter, .begin_page = book_begin_page, .end_page = book_end_page, \
        .close_letter = book_close_letter, .finish = book_finish, .abort = book_abort,             \
        .release = book_release,                                                                   \
    }

const struct bl_sink_ops bl_sink_book_ops = BOOK_OPS("book");

/* The letters of a run of print books that are set aside for manual handling. */
const struct bl_sink_ops bl_sink_exceptions_ops = BOOK_OPS("exceptions");
