/* SPDX-License-Identifier: MIT */
/* Address fitting: a recipient's name and address set in the envelope window by the rules a
 * mail house uses (as given; USPS Publication 28 abbreviations; a smaller size down to a floor;
 * address lines merged), or, when nothing makes it fit, set as well as it goes and flagged for
 * manual handling. Part of layout; see docs/layout.md. */
#ifndef BL_PAGE_ADDRESS_H
#define BL_PAGE_ADDRESS_H

#include <pango/pango.h>

#include "diag.h"
#include "fonts.h"

/* Type sizes of an address, in points: set at BL_ADDRESS_SIZE, made smaller by half a point at
 * a time down to BL_ADDRESS_SIZE_MIN when it does not fit (the USPS asks for 8 points at least
 * in an address that machines and people read). */
#define BL_ADDRESS_SIZE     10.0
#define BL_ADDRESS_SIZE_MIN 8.0
/* A line longer than this many characters is not an address: such a row is an error. */
#define BL_ADDRESS_LINE_MAX 120

/* Loads the abbreviations of path (templates/address-abbreviations.xml), checked, for every
 * address laid out with fonts from then on; without them, addresses are fitted by size and by
 * merging lines only. Returns 0, or -1 reported. */
int bl_address_load_abbreviations(const struct bl_fonts *fonts, const char *path,
                                  struct bl_diag *diag);

/* A delivery address line (plain text) with the standard abbreviations of the fonts' table:
 * the street's last suffix, a directional before the street name or after its suffix, and a
 * secondary unit designator followed by the unit's number. Only lines that start with a house
 * number or a unit designator are changed. Returns a new string (free with g_free()), or NULL
 * when nothing changes or no table is loaded. */
char *bl_address_abbreviate(const struct bl_fonts *fonts, const char *line);

/* How an address was set. */
struct bl_address_fit {
    PangoLayout *layout; /* the lines, ready to draw at the top of the address area (owned) */
    gboolean barcode;    /* the lines leave the barcode its room at the top of the window */
    gboolean exception;  /* nothing made the address fit: set aside for manual handling */
    char *applied;       /* what fitting did, e.g. "USPS abbreviations, 9 pt, 1 line merged",
                          * or NULL: set as given at BL_ADDRESS_SIZE, or an exception */
    char *problem;       /* with exception: why it does not fit, in words */
    int misfit; /* with exception: the first line too wide (1-based), or -1: too many lines */
};

/* Sets lines (Pango markup, one address line each) in the recipient's window, leaving the
 * barcode its room when with_barcode and the address fits with it, trying the rules in order
 * until the address fits. Returns 0 (an address that does not fit is an exception, not an
 * error), or -1 reported when a line is longer than BL_ADDRESS_LINE_MAX characters. Release
 * with bl_address_fit_release(). */
int bl_address_fit(struct bl_address_fit *out, const struct bl_fonts *fonts, const GPtrArray *lines,
                   gboolean with_barcode, struct bl_diag *diag);
void bl_address_fit_release(struct bl_address_fit *fit);

/* lines (markup) set at size in Noto Sans, the first in bold when bold_first, with the line
 * spacing of an address block. Free with g_object_unref(). */
PangoLayout *bl_address_layout(const struct bl_fonts *fonts, const GPtrArray *lines, double size,
                               gboolean bold_first);

/* Whether layout fits a window w x h points: 0, or the 1-based number of the first line that is
 * too wide, or -1 when the lines are too many for the height. */
int bl_address_misfit(PangoLayout *layout, double w, double h);

#endif
