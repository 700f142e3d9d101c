/* SPDX-License-Identifier: MIT */
/* Pagination: a letter's measured lines distributed over pages as a typesetter would set them
 * (headings with their text, no widow or orphan line, groups whole, the closing never alone on
 * a page, balanced last pages), and the audit that checks those properties on a laid-out
 * letter. Part of layout: bl_layout() paginates; anyone holding a doc may audit it. */
#ifndef BL_PAGINATE_H
#define BL_PAGINATE_H

#include <glib.h>

#include "common.h"

struct bl_doc;

/* How full a page must be, as a fraction of its body's height (from the top of the text area to
 * the bottom margin; page 1's text area starts below the address window). A page that another
 * page of the same part follows holds at least BL_FILL_MIN; the last page of a part (the letter,
 * an attachment) of two pages or more holds at least BL_FILL_MIN_LAST. See docs/layout.md. */
#define BL_FILL_MIN      0.6
#define BL_FILL_MIN_LAST 0.15
/* The paginator aims higher: it gives a part's last page lines from the page before until it
 * holds BL_FILL_BALANCE, when the page before keeps BL_FILL_MIN. */
#define BL_FILL_BALANCE 0.25

enum bl_audit_kind {
    BL_AUDIT_STRANDED_HEADING, /* a heading without the start of its text on its page */
    BL_AUDIT_ORPHAN,           /* a paragraph's first line alone at the foot of a page */
    BL_AUDIT_WIDOW,            /* a paragraph's last line (or a list's last item of one line)
                                * alone at the head of a page */
    BL_AUDIT_KEPT_APART,       /* text kept together (a group that fits on a page, a sentence
                                * and the list it introduces) broken across pages */
    BL_AUDIT_CLOSING_ALONE,    /* a page holding nothing but the closing */
    BL_AUDIT_UNDERFILLED,      /* a page filled less than BL_FILL_MIN (BL_FILL_MIN_LAST) */
};

struct bl_audit_finding {
    enum bl_audit_kind kind;
    int page;    /* 1-based */
    guint block; /* the block concerned: the heading, the paragraph, the group's first block */
    double fill; /* how full the page is, 0 to 1 */
};

/* Distributes the measured boxes of doc (boxes and flows set) over doc->pages, replacing any
 * pages it had. Used by bl_layout(). */
BL_API void bl_paginate(struct bl_doc *doc);

/* Checks a laid-out letter's pages: every finding of the kinds above, in page order. Returns an
 * array of struct bl_audit_finding, empty when the pages are sound; free with g_array_unref(). */
BL_API GArray *bl_doc_audit(const struct bl_doc *doc);

/* A finding in words, such as "page 5: the heading 'Your rights under the Fair Credit…' ends
 * the page without its text". Text that depends on the recipient is never quoted. Free with
 * g_free(). */
BL_API char *bl_audit_finding_text(const struct bl_doc *doc, const struct bl_audit_finding *f);

#endif
