/* SPDX-License-Identifier: MIT */
/* Book: a print-ready PDF of many letters for a mail house, and a CSV beside it listing each
 * letter's sequence, recipient id, first page, pages and sheets. Every letter starts on a new
 * sheet: printed duplex, a letter with an odd number of pages is followed by a blank page. */
#ifndef BL_BOOK_H
#define BL_BOOK_H

#include "diag.h"
#include "layout.h"
#include "sink.h"

struct bl_book;

/* Starts the book pdf (and its list csv), names in the open folder dir (AT_FDCWD: the working
 * directory), both under temporary names until closed; messages show them in shown_dir (NULL:
 * as they are). Returns 0 and sets *out, or -1 reported. */
int bl_book_open(struct bl_book **out, int dir, const char *pdf, const char *csv,
                 const char *shown_dir, const struct bl_pdf_info *info, gboolean duplex,
                 struct bl_diag *diag);

/* Adds a letter at the end of the book; sets *first_page (1-based). */
void bl_book_add(struct bl_book *b, const char *id, const struct bl_doc *doc, int *first_page);

/* The number of letters added so far. */
int bl_book_letters(const struct bl_book *b);

/* Completes the PDF and its CSV and moves them into place; fills sha256 with the PDF's hash.
 * Returns 0, or -1 reported and nothing left. Frees b either way. */
int bl_book_close(struct bl_book *b, char sha256[65]);

/* Frees b without completing it: nothing is left. */
void bl_book_abort(struct bl_book *b);

#endif
