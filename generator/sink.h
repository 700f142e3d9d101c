/* SPDX-License-Identifier: MIT */
/* Sinks: where laid-out pages go. Every sink writes under a temporary name and renames the file
 * into place only when it is complete, so a file that exists is a whole letter. */
#ifndef BL_SINK_H
#define BL_SINK_H

#include "bind.h"
#include "diag.h"
#include "layout.h"

/* Writes doc as one PDF at path (metadata from letter; creation date = the letter's date, so
 * the same input gives the same bytes). Fills sha256 with the file's SHA-256 in hex when it is
 * not NULL. The file is created owner-only (0600). Returns 0, or -1 reported. */
int bl_sink_pdf_write(const char *path, const struct bl_doc *doc, const struct bl_letter *letter,
                      char sha256[65], struct bl_diag *diag);

/* The same for several laid-out documents one after the other in one PDF (a preview's review
 * page and letter, a variant sheet); metadata from letter. */
int bl_sink_pdf_write_docs(const char *path, const struct bl_doc *const *docs, guint n_docs,
                           const struct bl_letter *letter, char sha256[65], struct bl_diag *diag);

/* Writes page (0-based) of doc as a PNG at path, at dpi dots per inch. Returns 0, or -1
 * reported. */
int bl_sink_png_write(const char *path, const struct bl_doc *doc, int page, double dpi,
                      struct bl_diag *diag);

#endif
