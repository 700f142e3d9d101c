/* SPDX-License-Identifier: MIT */
/* The laid-out letter: private to layout.c, which builds it, and render.c, which draws it. */
#ifndef BL_PAGE_H
#define BL_PAGE_H

#include <cairo.h>
#include <pango/pango.h>

/* What a box holds: lines of text, or a whole that is drawn at once and never broken (its one
 * "line" is all of it): a picture, or a frame of other boxes (a box, columns). */
enum box_kind { BOX_TEXT, BOX_PICTURE, BOX_FRAME };

/* A box inside a frame, with its top relative to the frame's. Its x0 is on the page. */
struct part {
    struct box *box;
    double y;
};

/* One block's lines, measured once. */
struct box {
    enum box_kind kind;
    int refs; /* a box of fixed text is shared with the fonts' cache */
    PangoLayout *layout;
    int n_lines;
    double *top; /* line tops relative to the layout, points */
    double *bottom;
    double *baseline;
    double *x; /* logical x of each line (alignment) */
    double x0; /* where the layout's left edge sits on the page */
    double space_before;
    PangoLayout *bullet; /* list items: the bullet drawn before the first line, or NULL */
    GPtrArray *drawn;    /* a shared box: its runs of lines recorded once (render.c), or NULL */
    /* BOX_PICTURE and BOX_FRAME: the layout is empty; top, bottom: 0 and height */
    double width, height;     /* its size on the page, points */
    cairo_surface_t *picture; /* BOX_PICTURE: the PNG, or NULL for a blank space */
    GArray *parts;            /* BOX_FRAME: struct part, the boxes inside, in order */
    gboolean framed;          /* BOX_FRAME: drawn inside a rule, on a shaded ground */
};

/* A run of a box's lines on one page: lines [first, first+count) drawn with their top at y. */
struct placed {
    guint box;
    int first;
    int count;
    double y;
};

struct bl_doc {
    gboolean notice;         /* no address block: page 1's text starts under the letterhead */
    GPtrArray *boxes;        /* struct box * */
    GPtrArray *pages;        /* GArray of struct placed, one per page */
    PangoLayout *letterhead; /* text at the top right of page 1, or NULL */
    double letterhead_y;     /* the top of that text */
    struct box *logo;        /* a picture at the top right of page 1, above it, or NULL */
    PangoLayout *return_address;
    PangoLayout *address;
    PangoLayout *header;    /* running header of pages 2..n, or NULL */
    PangoLayout *footer;    /* reused: text set per page by render */
    PangoLayout *watermark; /* "DRAFT" across every page, or NULL */
    PangoLayout *label;     /* review label at the top of page 1, or NULL */
    char barcode[66];       /* Intelligent Mail barcode above the address, or "" */
};

#endif
