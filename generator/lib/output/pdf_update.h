/* SPDX-License-Identifier: MIT */
/* PDF update: what cairo cannot write into a PDF's catalog (the document's language, /Lang, and
 * the viewer's preference to show the title, /ViewerPreferences << /DisplayDocTitle true >>),
 * added as an incremental update appended to the finished file (ISO 32000-1, 7.5.6): the
 * catalog written again as the same object with those entries, a cross-reference section of
 * that one object and a trailer pointing back (/Prev) to the file's own. */
#ifndef BL_PDF_UPDATE_H
#define BL_PDF_UPDATE_H

#include <glib.h>

#include "pdf_artifacts.h"

/* The bytes to append to a PDF of file_len bytes whose last bytes are tail (tail_len of them,
 * from byte file_len - tail_len): they must hold the last cross-reference table, its trailer and
 * the catalog (a PDF as cairo writes it: a classic cross-reference table, the catalog near the
 * end). lang is a BCP 47 tag (letters, digits and hyphens), or NULL to leave /Lang as it is.
 * objects_written (NULL: none) are other objects' new versions that the update begins with (from
 * byte file_len, starting on a line of their own: pdf_artifacts.h), objects (of struct
 * bl_pdf_object, generation 0; NULL: none) their numbers and offsets, listed in the update's
 * cross-reference section with the catalog's. Returns the update (free with g_string_free), or
 * NULL with *why set to a static reason when the tail is not such a PDF's. */
GString *bl_pdf_update_catalog(const guchar *tail, gsize tail_len, guint64 file_len,
                               const char *lang, const GString *objects_written,
                               const GArray *objects, const char **why);

/* The language a PDF of a letter in language (a recipient's, "en", "es-PR"; NULL or "": the
 * letter's default) declares: English as written in the United States is "en-US"; a tag naming
 * its region, or another language, as given. Free with g_free. */
char *bl_pdf_lang(const char *language);

#endif
