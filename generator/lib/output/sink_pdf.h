/* SPDX-License-Identifier: MIT */
/* The PDF writer under the pdf and book sinks, for a caller that draws a PDF of its own kind
 * (the regulators' summary): the file written under a temporary name, owner-only, never through
 * a link, checked write by write (a failed write is an error, never a truncated file), hashed as
 * it is written, synced and renamed into place when complete. */
#ifndef BL_SINK_PDF_H
#define BL_SINK_PDF_H

#include <cairo.h>

#include "diag.h"

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
    /* a letter a reader opens: its language (BCP 47, the catalog's /Lang) and the title shown
     * instead of the file's name, written when the PDF is complete (pdf_update.h); NULL: none
     * (a print book, for the printer) */
    const char *lang;
};

/* A PDF being written: open creates name's temporary file in the open folder dir (AT_FDCWD: the
 * working directory, where "-" is standard output, written as the PDF is made), shown so in
 * messages (NULL, reported, when it cannot); draw on bl_sink_pdf_cairo() and call
 * cairo_show_page() after each page; close completes, checks, renames and frees it, filling
 * sha256 with the file's SHA-256 in hex when it is not NULL (0, or -1 reported and nothing
 * left); abort removes and frees it (NULL: nothing). */
struct bl_pdf_file;
struct bl_pdf_file *bl_sink_pdf_open_at(int dir, const char *name, const char *shown,
                                        const struct bl_pdf_info *info, struct bl_diag *diag);
cairo_t *bl_sink_pdf_cairo(struct bl_pdf_file *f);
int bl_sink_pdf_close(struct bl_pdf_file *f, char sha256[65]);
void bl_sink_pdf_abort(struct bl_pdf_file *f);

#endif
