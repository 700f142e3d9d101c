/* SPDX-License-Identifier: MIT */
/* Sinks: where laid-out pages go, every kind behind this one interface. A sink is made by the
 * name of its kind and then driven the same way whatever it is:
 *
 *     "pdf"   a PDF per letter, named by the caller letter by letter
 *     "book"  a print book: letters one after another in one PDF, each from a new sheet, with a
 *             CSV beside it listing each letter's sequence, id, first page, pages and sheets
 *     "exceptions"  a book as "book" is, of the letters set aside for manual handling, titled
 *             so ("TITLE - exceptions book (manual handling) N")
 *     "png"   a picture per page: NAME-1.png, NAME-2.png, ... for a letter named NAME.png
 *
 *     bl_sink_new(&sink, "pdf", &config, diag);
 *     for each letter:
 *         bl_sink_open_letter(sink, letter, id, file);
 *         for each page: cr = bl_sink_begin_page(sink); draw on cr; bl_sink_end_page(sink);
 *         bl_sink_close_letter(sink, &placed);        (or the three at once: bl_sink_write_letter)
 *     bl_sink_finish(sink, sha256);                   (or bl_sink_abort(sink))
 *     bl_sink_free(sink);
 *
 * Every sink writes a file owner-only under a temporary name (tempfile.h), never through a link,
 * checked write by write, synced, and renamed into place only when it is complete: a file that
 * exists is whole. What is not complete when the sink is aborted or freed is removed. Adding a
 * kind is a file sink_<kind>.c with the functions of struct bl_sink_ops (sink_impl.h) and its
 * line in sink.c's list of kinds. */
#ifndef BL_SINK_H
#define BL_SINK_H

#include <cairo.h>

#include "bind.h"
#include "diag.h"
#include "layout.h"
#include "outdir.h"

struct bl_sink;

/* How a sink is made; what a kind does not use it ignores. */
struct bl_sink_config {
    /* Where the files go: names relative to this output folder, their folders made when missing
     * (owner-only), every folder on the way the user's own and never entered through a link
     * (outdir.h); borrowed for the sink's life. NULL: names are paths from the working
     * directory, and "-" is standard output (pdf). */
    const struct bl_outdir *out;
    /* No fsync per file: the caller syncs the file system before it records the letters as
     * made (a batch run's chunk, once for all its letters). */
    gboolean sync_later;
    /* book: its PDF's name (the list beside it: the same name ending in .csv instead of .pdf),
     * its number (in its title: "TITLE - print book N"), and whether it is printed on both
     * sides (then a letter of an odd number of pages is followed by a blank page) */
    const char *name;
    int number;
    gboolean duplex;
    /* png: dots per inch; 0 is 96 */
    double dpi;
};

/* Where a letter went: set by bl_sink_close_letter. */
struct bl_sink_placed {
    const char *file; /* the file holding it, as named to the sink (pdf: the letter's name; book:
                       * the book's; png: the name the pictures' names come from); borrowed
                       * until the next bl_sink_open_letter or bl_sink_free */
    int first_page;   /* its first page in file, 1-based */
    int pages;        /* its pages (a book's blank backs not counted) */
    int sheets;       /* the sheets they are printed on */
    char sha256[65];  /* file's SHA-256 in hex when the letter is all of it (pdf); "" when the
                       * file holds more letters, whose hash bl_sink_finish gives (book), or when
                       * there is no one file (png) */
};

/* Makes a sink of kind ("pdf", "book", "png"); its problems are reported to diag, which stays
 * the caller's and must outlive it. Returns 0 and sets *out (free with bl_sink_free), or -1
 * reported when there is no such kind. Nothing is written yet. */
int bl_sink_new(struct bl_sink **out, const char *kind, const struct bl_sink_config *config,
                struct bl_diag *diag);

/* The sink's kind, as given to bl_sink_new. */
const char *bl_sink_kind(const struct bl_sink *s);

/* Starts a letter: its metadata from letter (title, author, subject, the notice date as the
 * creation date, so that the same input gives the same bytes, and whether it is a DRAFT; a book
 * takes its own from its first letter), its recipient id (a book lists it, withheld when it is
 * shaped like a Social Security number; may be NULL for the others), and file: the letter's name
 * for pdf and png, unused by book. Returns 0, or -1 reported with nothing left and no letter
 * open. */
int bl_sink_open_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                        const char *file);

/* Starts a page of the open letter: draw it on the context returned (borrowed until
 * bl_sink_end_page), in points from the top left of a BL_PAGE_WIDTH x BL_PAGE_HEIGHT page,
 * never calling cairo_show_page. Ending it completes the page; a failure to write it is kept and
 * reported by bl_sink_close_letter. */
cairo_t *bl_sink_begin_page(struct bl_sink *s);
void bl_sink_end_page(struct bl_sink *s);

/* Completes the open letter and fills *placed: the letter is then in its file (pdf, png), or
 * placed in a file that bl_sink_finish completes (book). Returns 0, or -1 reported with nothing
 * of the letter left. */
int bl_sink_close_letter(struct bl_sink *s, struct bl_sink_placed *placed);

/* The same three for the pages of docs, one after another, as one letter: how a laid-out letter
 * (or a preview's review page and letter) is drawn on a sink. */
int bl_sink_write_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                         const char *file, const struct bl_doc *const *docs, guint n_docs,
                         struct bl_sink_placed *placed);

/* Completes what the closed letters wait for (a book and its list) and ends the sink: it takes
 * no more letters. Sets sha256 (when not NULL) to that file's SHA-256 in hex, or "" when nothing
 * waited. Returns 0, or -1 reported with nothing of it left. No letter may be open. */
int bl_sink_finish(struct bl_sink *s, char sha256[65]);

/* Ends the sink leaving nothing that is not complete: the open letter and whatever waits for
 * bl_sink_finish are removed; letters that were complete files of their own when closed (pdf,
 * png) stay. */
void bl_sink_abort(struct bl_sink *s);

/* Frees s, aborting it first unless it was finished. NULL does nothing. */
void bl_sink_free(struct bl_sink *s);

/* One letter of docs through a new sink of kind, at path from the working directory ("-":
 * standard output, pdf): a preview, a notice. sha256 as placed->sha256 when not NULL. Returns 0,
 * or -1 reported with nothing left. */
int bl_sink_write_once(const char *kind, const char *path, const struct bl_letter *letter,
                       const struct bl_doc *const *docs, guint n_docs, char sha256[65],
                       struct bl_diag *diag);

/* bl_sink_write_once for one doc as a PDF. */
int bl_sink_pdf_write(const char *path, const struct bl_doc *doc, const struct bl_letter *letter,
                      char sha256[65], struct bl_diag *diag);

#endif
