/* SPDX-License-Identifier: MIT */
/* Sinks: where laid-out pages go. Every sink writes under a temporary name and renames the file
 * into place only when it is complete, so a file that exists is a whole letter. */
#ifndef BL_SINK_H
#define BL_SINK_H

#include <cairo.h>

#include "bind.h"
#include "diag.h"
#include "layout.h"

/* Writes doc as one PDF at path (metadata from letter; creation date = the letter's date, so
 * the same input gives the same bytes). Fills sha256 with the file's SHA-256 in hex when it is
 * not NULL. The file is created owner-only (0600). A path of "-" is standard output, written as
 * the PDF is made (these functions and bl_sink_pdf_open, _draw). Returns 0, or -1 reported. */
int bl_sink_pdf_write(const char *path, const struct bl_doc *doc, const struct bl_letter *letter,
                      char sha256[65], struct bl_diag *diag);

/* The same for several laid-out documents one after the other in one PDF (a preview's review
 * page and letter, a variant sheet); metadata from letter. */
int bl_sink_pdf_write_docs(const char *path, const struct bl_doc *const *docs, guint n_docs,
                           const struct bl_letter *letter, char sha256[65], struct bl_diag *diag);

/* What a PDF says about itself. */
struct bl_pdf_info {
    const char *what; /* "letter", "summary": in messages */
    const char *title;
    const char *author;  /* or NULL */
    const char *subject; /* or NULL */
    const GDate *date; /* creation date: never the clock, so the same input gives the same bytes */
    gboolean draft;    /* the title says "DRAFT - not for mailing" */
    gboolean sync_later; /* no fsync: the caller syncs the file system before it records the
                          * file as done (batch runs, where one sync per chunk is enough) */
};

/* The same with the metadata given (a letter's, synced later in a batch run): what
 * bl_sink_pdf_write and bl_sink_pdf_write_docs come to. */
int bl_sink_pdf_write_info(const char *path, const struct bl_pdf_info *info,
                           const struct bl_doc *const *docs, guint n_docs, char sha256[65],
                           struct bl_diag *diag);

/* The same as name in the open folder dir (not followed if it is a link), shown so in
 * messages: how a run writes inside its output folder (outdir.h). */
int bl_sink_pdf_write_info_at(int dir, const char *name, const char *shown,
                              const struct bl_pdf_info *info, const struct bl_doc *const *docs,
                              guint n_docs, char sha256[65], struct bl_diag *diag);

/* The metadata of a letter's PDF. */
void bl_sink_pdf_letter_info(const struct bl_letter *letter, struct bl_pdf_info *info);

/* A PDF being written, for callers that draw page by page (print books): open creates the
 * temporary file (NULL, reported, when it cannot); draw on bl_sink_pdf_cairo() and call
 * cairo_show_page() after each page; close completes, checks, renames and frees it (0, or -1
 * reported and nothing left); abort removes it. */
struct bl_pdf_file;
struct bl_pdf_file *bl_sink_pdf_open(const char *path, const struct bl_pdf_info *info,
                                     struct bl_diag *diag);
struct bl_pdf_file *bl_sink_pdf_open_at(int dir, const char *name, const char *shown,
                                        const struct bl_pdf_info *info, struct bl_diag *diag);
cairo_t *bl_sink_pdf_cairo(struct bl_pdf_file *f);
int bl_sink_pdf_close(struct bl_pdf_file *f, char sha256[65]);
void bl_sink_pdf_abort(struct bl_pdf_file *f);

typedef void (*bl_sink_draw_fn)(cairo_t *cr, gpointer data);

/* The PDF writer under the others, for pages drawn by draw (which calls cairo_show_page after
 * each page): written under a temporary name, owner-only, checked write by write (a failed
 * write is an error, never a truncated file), renamed when complete. */
int bl_sink_pdf_draw(const char *path, const struct bl_pdf_info *info, bl_sink_draw_fn draw,
                     gpointer data, char sha256[65], struct bl_diag *diag);

/* Writes page (0-based) of doc as a PNG at path, at dpi dots per inch. Returns 0, or -1
 * reported. */
int bl_sink_png_write(const char *path, const struct bl_doc *doc, int page, double dpi,
                      struct bl_diag *diag);

#endif
