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
    int kind;   /* enum bl_block_kind of its block: its element in the tagged PDF */
    int column; /* in columns: which one it is in (0-based); 0 in a box */
};

/* A web or e-mail address in a box's text: a link in the PDF. */
struct link {
    int start, end; /* bytes of the layout's text */
    char *attrs;    /* cairo's Link attributes: "uri='https://…'" or "uri='mailto:…'" */
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
    GArray *links;            /* BOX_TEXT: struct link, in text order, or NULL for none */
};

/* What pagination knows of a block besides its measured lines (one per block, as the boxes). */
struct flow {
    int kind; /* enum bl_block_kind */
    gboolean keep_with_next;
    gboolean whole;    /* never broken across pages when it fits on one: a heading, a signature,
                        * an address or contact block with line breaks of its own */
    gboolean closing;  /* part of the letter's closing: the signature and what is kept with it */
    gboolean personal; /* its text depends on the recipient: never quoted in a finding */
    int group;         /* blocks with the same non-zero group are kept on one page */
    int part;          /* 0: the letter; then one more after each page break (an attachment) */
    /* large print: the number (from 1) of the box whose parts this block is, set one after
     * another so that they break across pages; render draws the box's rule around them on
     * each page. 0: none */
    int frame;
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
    GPtrArray *boxes;        /* struct box *, NULL for a page break */
    GArray *flows;           /* struct flow, one per box */
    GPtrArray *pages;        /* GArray of struct placed, one per page */
    PangoLayout *letterhead; /* text at the top right of page 1, or NULL */
    double letterhead_y;     /* the top of that text */
    struct box *logo;        /* a picture at the top right of page 1, above it, or NULL */
    PangoLayout *return_address;
    PangoLayout *address;
    PangoLayout *header;     /* running header of pages 2..n, or NULL */
    PangoLayout *footer;     /* reused: text set per page by render */
    char *page_label;        /* its words, with {page} and {pages}; NULL: "Page N of M" */
    PangoLayout *watermark;  /* "DRAFT" across every page, or NULL */
    PangoLayout *label;      /* review label at the top of page 1, or NULL */
    char barcode[66];        /* Intelligent Mail barcode above the address, or "" */
    char *address_fit;       /* what fitting the address to its window did, or NULL */
    char *address_exception; /* why the address fits no window: for manual handling, or NULL */
    gboolean large_print;    /* body at BL_LARGE_PRINT_SIZE: header, footer and margins follow */
    double body_top;         /* pages 2..n: where the text starts, points */
    double body_bottom;      /* every page: where the text ends */
    double header_y;         /* the running header's top */
    double footer_y;         /* the page number's top */
    double frame_pad;        /* large print: the room between a box's rule and its text */
};

#endif
