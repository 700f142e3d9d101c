/* SPDX-License-Identifier: MIT */
/* PDF artifacts: what a letter draws outside its structure (the DRAFT watermark, the running
 * header, the page numbers, box rules and grounds, pictures) marked as artifacts, which cairo's
 * tag API cannot write: each page's content stream read back, every maximal run of operators
 * that paints outside any marked-content sequence wrapped in "/Artifact BMC ... EMC" (ISO
 * 32000-1, 14.6 and 14.8.2.2), and written again as the same object in the file's incremental
 * update (pdf_update.h). */
#ifndef BL_PDF_ARTIFACTS_H
#define BL_PDF_ARTIFACTS_H

#include <glib.h>

/* A content stream (its decoded bytes) with every maximal run of operators outside any
 * marked-content sequence (BMC/BDC ... EMC) that paints (shows text, paints a path, an image, a
 * shading or an XObject) wrapped in "/Artifact BMC" ... "EMC"; a text object (BT ... ET) that
 * holds marked content keeps its BT and ET outside the wraps, so that marks and text objects
 * nest (14.6.1). Runs that only set state are left as they are. Sets *marked to the number of
 * runs wrapped. Returns the new stream (free with g_string_free), or NULL with *why set to a
 * static reason when the stream is not one it can read (bad syntax, unbalanced marks or text
 * objects, an inline image): nothing is changed then. */
GString *bl_pdf_mark_artifacts(const guchar *content, gsize len, guint *marked, const char **why);

/* An object written in an update: its number (generation 0) and its byte offset in the file. */
struct bl_pdf_object {
    long num;
    guint64 offset;
};

/* For a whole PDF (pdf, len bytes) as cairo writes it (one classic cross-reference table, page
 * objects whose /Contents is one stream): appends to out (whose bytes follow the file's, from
 * offset len + out->len) each page's content stream with its artifacts marked, as a new
 * version of the stream's object (FlateDecode), and to objects (of struct bl_pdf_object) the
 * number and offset of each. A page whose stream cannot be read or marked is left as it is:
 * returns the number of such pages (0: all marked), *why set to the first one's reason; or -1
 * with *why set, nothing appended, when the file's structure is not one it reads (a
 * cross-reference stream, an earlier update). out starts on a line of its own. */
int bl_pdf_mark_pages(const guchar *pdf, gsize len, GString *out, GArray *objects,
                      const char **why);

/* The last occurrence of word in [s, s+len), or NULL: for the readers of a PDF's tail here and
 * in pdf_update.c. */
const guchar *bl_pdf_find_last(const guchar *s, gsize len, const char *word);

#endif
