/* SPDX-License-Identifier: MIT */
/* Render: draws one laid-out page onto a caller's cairo context; knows no surface. */
#ifndef BL_RENDER_H
#define BL_RENDER_H

#include <cairo.h>

#include "layout.h"

/* Draws page (0-based) of doc onto cr, in points, origin at the top left of the page; on a PDF,
 * tagged, the structure's root (Document) opened on the doc's first page and closed on its
 * last: for a doc alone in its file. */
void bl_render_page(cairo_t *cr, const struct bl_doc *doc, int page);

/* The same for a page of a file of several docs (a preview's review pages, then its letter),
 * whose structure has one root: root says whether this page opens it (BL_RENDER_ROOT_OPEN: the
 * file's first page), closes it (BL_RENDER_ROOT_CLOSE: its last) or both. */
#define BL_RENDER_ROOT_OPEN  1u
#define BL_RENDER_ROOT_CLOSE 2u
void bl_render_page_in(cairo_t *cr, const struct bl_doc *doc, int page, unsigned root);

/* The same for a PDF of many letters (a print book): the text every letter has is drawn once
 * into a recording, which the PDF holds once as a form and shows wherever that text is, instead
 * of writing the same text out letter by letter. For a PDF of one letter it costs more than it
 * saves. */
void bl_render_page_shared(cairo_t *cr, const struct bl_doc *doc, int page);

#endif
