/* SPDX-License-Identifier: MIT */
/* Layout: a bound letter's blocks -> pages of placed lines (Pango), with headings kept with
 * their text, no orphan or widow lines, groups kept together, the address in the envelope
 * window and "Page N of M" on every page. */
#ifndef BL_LAYOUT_H
#define BL_LAYOUT_H

#include "bind.h"
#include "common.h"
#include "diag.h"
#include "fonts.h"
#include "paginate.h" /* bl_doc_audit(): the pagination of a laid-out letter checked */

/* Page geometry in points (1/72 in), US Letter. The address positions fit a standard #10
 * double-window envelope with the letter tri-folded: see docs/layout.md. */
#define BL_PAGE_WIDTH      612.0
#define BL_PAGE_HEIGHT     792.0
#define BL_RETURN_X        36.0  /* return address: 0.5 in from the left */
#define BL_RETURN_Y        36.0  /* 0.5 in from the top */
#define BL_RETURN_W        234.0 /* 3.25 in */
#define BL_RETURN_H        63.0  /* 0.875 in */
#define BL_ADDRESS_X       54.0  /* recipient address: 0.75 in from the left */
#define BL_ADDRESS_Y       144.0 /* 2.0 in from the top */
#define BL_ADDRESS_W       252.0 /* 3.5 in */
#define BL_ADDRESS_H       72.0  /* 1.0 in */
#define BL_MARGIN_X        72.0  /* body: 1 in left and right */
#define BL_BODY_TOP_FIRST  234.0 /* page 1 body: 3.25 in from the top, 1/4 in below the window */
#define BL_BODY_TOP        72.0
#define BL_BODY_TOP_NOTICE 90.0  /* a notice's page 1: under the letterhead */
#define BL_BODY_BOTTOM     738.0 /* 0.75 in bottom margin; the page number sits below */
#define BL_FOOTER_Y        752.0 /* top of the page number line */
#define BL_HEADER_Y        40.0  /* top of the running header of pages 2..n */
#define BL_BARCODE_Y       146.0 /* the Intelligent Mail barcode: top of the address area */
#define BL_BARCODE_SPACE   16.0  /* the barcode and its clear zone, above the address lines */
#define BL_WINDOW_MARGIN   9.0   /* the envelope's windows reach 1/8 in around the address areas */

/* Large print (bl_letter.large_print): the body at 18 pt, the size large-print guidelines ask as
 * the least (APH, NLS), headings in proportion; the running header and the page number at 18 pt
 * too, with the margins made room for them. The addresses and the barcode keep their sizes: the
 * envelope's windows and the postal machines' reading are made for those (docs/layout.md). */
#define BL_LARGE_PRINT_SIZE  18.0
#define BL_BODY_TOP_LARGE    80.0  /* pages 2..n: under a running header of 18 pt */
#define BL_BODY_BOTTOM_LARGE 714.0 /* above a page number of 18 pt */
#define BL_HEADER_Y_LARGE    30.0
#define BL_FOOTER_Y_LARGE    730.0

struct bl_doc;

/* Lays out letter with the run's fonts. The doc borrows nothing from letter. The recipient's
 * address is fitted to its window by the rules of address.h; one that fits by none is still laid
 * out, as an exception (bl_doc_address_exception). Checks that nothing but the two addresses and
 * the barcode falls inside the envelope's windows on page 1. Returns 0 and sets *out (free with
 * bl_doc_free), or -1 reported (a return address too long for its window, an address line
 * longer than any address has, text that would show through a window, or a character no font
 * has, named by its code point: it would print as an empty box). */
BL_API int bl_layout(struct bl_doc **out, const struct bl_letter *letter,
                     const struct bl_fonts *fonts, struct bl_diag *diag);
BL_API void bl_doc_free(struct bl_doc *doc);

BL_API int bl_doc_page_count(const struct bl_doc *doc);

/* What fitting the recipient's address to the window did, e.g. "USPS abbreviations, 9 pt, 1 line
 * merged", or NULL when it is set as given. Borrowed from doc. */
BL_API const char *bl_doc_address_fit(const struct bl_doc *doc);

/* Why the recipient's address fits the window by no rule, or NULL when it fits: such a letter is
 * made, with the address set as well as it goes, and must be handled by hand (an envelope of
 * another kind, a label). Borrowed from doc. */
BL_API const char *bl_doc_address_exception(const struct bl_doc *doc);

/* Whether the letter carries its Intelligent Mail barcode: FALSE when it has none, or when its
 * address needs the room the barcode takes in the window (the letter then goes without it). */
BL_API gboolean bl_doc_has_barcode(const struct bl_doc *doc);

#endif
