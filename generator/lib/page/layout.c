/* SPDX-License-Identifier: MIT */
/* Layout: measures every block of a bound letter with Pango and distributes the lines over
 * pages: headings stay with their text, groups stay together, no single orphan or widow line. */
#include "layout.h"

#include <string.h>

#include "address.h"
#include "page.h"
#include "paginate.h"

#define BODY_WIDTH    (BL_PAGE_WIDTH - 2 * BL_MARGIN_X)
#define BULLET_INDENT 16.0
#define SANS          "Noto Sans"
#define SERIF         "Noto Serif"

struct style {
    const char *family;
    PangoWeight weight;
    double size_delta;   /* added to the body size */
    double space_before; /* in multiples of the body size */
    double spacing;      /* line spacing factor */
};

static const struct style styles[] = {
    [BL_BLOCK_TITLE] = {SANS, PANGO_WEIGHT_BOLD, 5.0, 0.9, 1.1},
    [BL_BLOCK_HEADING] = {SANS, PANGO_WEIGHT_BOLD, 1.0, 1.2, 1.15},
    [BL_BLOCK_SUBHEADING] = {SANS, PANGO_WEIGHT_BOLD, 0.0, 0.9, 1.15},
    [BL_BLOCK_PARA] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.55, 1.08},
    [BL_BLOCK_ITEM] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.2, 1.08},
    [BL_BLOCK_SIGNATURE] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.55, 1.08},
};

static PangoLayout *
new_layout(const struct bl_fonts *fonts, const char *family, PangoWeight weight, double size,
           double width, double spacing)
{
    PangoLayout *layout = bl_fonts_layout(fonts, family, weight, size, width);

    if (spacing > 0) {
        pango_layout_set_line_spacing(layout, (float)spacing);
    }
    return layout;
}

static void
box_free(gpointer data)
{
    struct box *box = data;

    if (box == NULL || --box->refs > 0) {
        return;
    }
    g_object_unref(box->layout);
    g_clear_object(&box->bullet);
    if (box->drawn != NULL) {
        g_ptr_array_unref(box->drawn);
    }
    g_free(box->top);
    g_free(box->bottom);
    g_free(box->baseline);
    g_free(box->x);
    g_free(box);
}

void
bl_doc_free(struct bl_doc *doc)
{
    if (doc == NULL) {
        return;
    }
    g_ptr_array_unref(doc->boxes);
    g_array_unref(doc->flows);
    g_ptr_array_unref(doc->pages);
    g_clear_object(&doc->letterhead);
    g_clear_object(&doc->return_address);
    g_clear_object(&doc->address);
    g_clear_object(&doc->header);
    g_clear_object(&doc->footer);
    g_clear_object(&doc->watermark);
    g_clear_object(&doc->label);
    g_free(doc->address_fit);
    g_free(doc->address_exception);
    g_free(doc);
}

gboolean
bl_doc_has_barcode(const struct bl_doc *doc)
{
    return doc->barcode[0] != '\0';
}

const char *
bl_doc_address_fit(const struct bl_doc *doc)
{
    return doc->address_fit;
}

const char *
bl_doc_address_exception(const struct bl_doc *doc)
{
    return doc->address_exception;
}

int
bl_doc_page_count(const struct bl_doc *doc)
{
    return (int)doc->pages->len;
}

/* Records the position of every line of box->layout. */
static void
measure(struct box *box)
{
    PangoLayoutIter *it = pango_layout_get_iter(box->layout);
    int i = 0;

    box->n_lines = pango_layout_get_line_count(box->layout);
    box->top = g_new(double, box->n_lines);
    box->bottom = g_new(double, box->n_lines);
    box->baseline = g_new(double, box->n_lines);
    box->x = g_new(double, box->n_lines);
    do {
        PangoRectangle logical;
        int y0, y1;

        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        box->top[i] = (double)y0 / PANGO_SCALE;
        box->bottom[i] = (double)y1 / PANGO_SCALE;
        box->baseline[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        box->x[i] = (double)logical.x / PANGO_SCALE;
        i++;
    } while (pango_layout_iter_next_line(it) && i < box->n_lines);
    pango_layout_iter_free(it);
}

static struct box *make_box(const struct bl_block *block, double size,
                            const struct bl_fonts *fonts);

/* The box of a block: text that is the same in every letter is shaped and measured once per
 * run and shared; the recipient's own text is laid out each time. */
static struct box *
box_of(const struct bl_block *block, double size, const struct bl_fonts *fonts)
{
    char *key;
    struct box *box;

    if (block->personal) {
        return make_box(block, size, fonts);
    }
    key = g_strdup_printf("box|%d|%d|%.2f|%s", (int)block->kind, (int)block->align, size,
                          block->markup);
    box = bl_fonts_cache_lookup(fonts, key);
    if (box != NULL) {
        box->refs++;
    } else {
        box = make_box(block, size, fonts);
        if (bl_fonts_cache_insert(fonts, key, box, box_free)) {
            box->refs++;
        }
    }
    g_free(key);
    return box;
}

/* Pango units of a layout's widest line, from its left edge. */
static int
layout_right(PangoLayout *layout)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    return logical.x + logical.width;
}

/* Sets a block's markup, keeping phone numbers, web addresses and codes on one line
 * (BL_WHOLE_START) unless one of them is wider than the line by itself: that one is broken as
 * any other text, since what runs past the margin would be lost. */
static void
set_markup_kept_whole(PangoLayout *layout, const char *markup, double width)
{
    const int limit = (int)(width * PANGO_SCALE) + 1;
    const gsize start_len = strlen(BL_WHOLE_START);
    PangoLayout *alone;
    GString *kept;
    const char *p = markup, *start, *end;

    pango_layout_set_markup(layout, markup, -1);
    if (strstr(markup, BL_WHOLE_START) == NULL || layout_right(layout) <= limit) {
        return;
    }
    alone = pango_layout_copy(layout);
    pango_layout_set_width(alone, -1);
    kept = g_string_new(NULL);
    while ((start = strstr(p, BL_WHOLE_START)) != NULL &&
           (end = strstr(start, BL_WHOLE_END)) != NULL) {
        char *value = g_strndup(start + start_len, (gsize)(end - start - start_len));

        pango_layout_set_markup(alone, value, -1);
        g_string_append_len(kept, p, start - p);
        g_string_append(kept, layout_right(alone) <= limit ? BL_WHOLE_START : "<span>");
        g_string_append(kept, value);
        p = end;
        g_free(value);
    }
    g_string_append(kept, p);
    pango_layout_set_markup(layout, kept->str, -1);
    if (layout_right(layout) > limit) {
        /* measured alone in the paragraph's font, a value set in bold may still not fit */
        char **parts = g_strsplit(markup, BL_WHOLE_START, -1);
        char *plain = g_strjoinv("<span>", parts);

        pango_layout_set_markup(layout, plain, -1);
        g_strfreev(parts);
        g_free(plain);
    }
    g_string_free(kept, TRUE);
    g_object_unref(alone);
}

static struct box *
make_box(const struct bl_block *block, double size, const struct bl_fonts *fonts)
{
    const struct style *st = &styles[block->kind];
    struct box *box = g_new0(struct box, 1);
    double width = BODY_WIDTH;

    box->refs = 1;
    static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
                                            PANGO_ALIGN_RIGHT};

    box->x0 = BL_MARGIN_X;
    if (block->kind == BL_BLOCK_ITEM) {
        box->x0 += BULLET_INDENT;
        width -= BULLET_INDENT;
    }
    box->layout =
        new_layout(fonts, st->family, st->weight, size + st->size_delta, width, st->spacing);
    pango_layout_set_alignment(box->layout, aligns[block->align]);
    set_markup_kept_whole(box->layout, block->markup, width);
    if (block->kind == BL_BLOCK_ITEM) {
        /* in the item's font, made once with the box (cached boxes share it) */
        box->bullet = pango_layout_copy(box->layout);
        pango_layout_set_width(box->bullet, -1);
        pango_layout_set_alignment(box->bullet, PANGO_ALIGN_LEFT);
        pango_layout_set_text(box->bullet, "\u2022", -1);
    }
    box->space_before = st->space_before * size;
    measure(box);
    return box;
}

/* Whether block i is part of the letter's closing: the signature, the blocks of its group, or
 * without a group the paragraph just before it. */
static gboolean
closing(const struct bl_letter *letter, guint i)
{
    const GArray *blocks = letter->blocks;
    const struct bl_block *b = &g_array_index(blocks, struct bl_block, i);

    if (b->kind == BL_BLOCK_SIGNATURE) {
        return TRUE;
    }
    if (b->group == 0) {
        return b->kind == BL_BLOCK_PARA && i + 1 < blocks->len &&
               g_array_index(blocks, struct bl_block, i + 1).kind == BL_BLOCK_SIGNATURE;
    }
    for (guint j = 0; j < blocks->len; j++) {
        const struct bl_block *s = &g_array_index(blocks, struct bl_block, j);

        if (s->group == b->group && s->kind == BL_BLOCK_SIGNATURE) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Measures every block, and notes what the paginator needs to know of each. */
static void
add_boxes(struct bl_doc *doc, const struct bl_letter *letter, double size,
          const struct bl_fonts *fonts)
{
    int part = 0;

    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);
        struct box *box = b->kind == BL_BLOCK_PAGE_BREAK ? NULL : box_of(b, size, fonts);
        struct flow f = {b->kind,     b->keep_with_next, FALSE, closing(letter, i),
                         b->personal, b->group,          part};

        if (box == NULL) {
            part++;
            f.part = part;
        } else {
            /* a short block with line breaks of its own is an address or a contact block */
            f.whole = b->kind == BL_BLOCK_SIGNATURE || b->kind == BL_BLOCK_TITLE ||
                      b->kind == BL_BLOCK_HEADING || b->kind == BL_BLOCK_SUBHEADING ||
                      (strchr(b->markup, '\n') != NULL && box->n_lines <= 8);
        }
        g_ptr_array_add(doc->boxes, box);
        g_array_append_val(doc->flows, f);
    }
}

/* Sets the return address at 10 pt, or smaller down to 9 pt when a long name needs it; reports
 * and returns NULL when even 9 pt does not fit its window: the same for every letter, it is the
 * incident's to mend. */
static PangoLayout *
fit_return(const struct bl_fonts *fonts, GPtrArray *lines, struct bl_diag *diag)
{
    static const double sizes[] = {10.0, 9.5, 9.0};
    int misfit = 0;

    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
        PangoLayout *layout = bl_address_layout(fonts, lines, sizes[i], TRUE);

        misfit = bl_address_misfit(layout, BL_RETURN_W, BL_RETURN_H);
        if (misfit == 0) {
            return layout;
        }
        g_object_unref(layout);
    }
    if (misfit < 0) {
        bl_diag_error(diag, NULL,
                      "the return address has %u lines, more than the envelope window holds "
                      "(%.2f in high)",
                      lines->len, BL_RETURN_H / 72.0);
    } else {
        bl_diag_error(diag, NULL,
                      "line %d of the return address is too long for the envelope window "
                      "(%.1f in wide), even at 9 pt",
                      misfit, BL_RETURN_W / 72.0);
    }
    return NULL;
}

/* A layout of fixed text, the same in every letter of the run, made once and shared. */
static PangoLayout *
shared(const struct bl_fonts *fonts, const char *key,
       PangoLayout *(*make)(const struct bl_fonts *, const char *), const char *text)
{
    char *full = g_strconcat(key, "\x1f", text, NULL);
    PangoLayout *layout = bl_fonts_cache_lookup(fonts, full);

    if (layout != NULL) {
        g_object_ref(layout);
    } else {
        layout = make(fonts, text);
        if (bl_fonts_cache_insert(fonts, full, layout, g_object_unref)) {
            g_object_ref(layout); /* one for the cache, one for the doc */
        }
    }
    g_free(full);
    return layout;
}

static PangoLayout *
make_letterhead(const struct bl_fonts *fonts, const char *author)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_BOLD, 14.0, BODY_WIDTH / 2, 0);
    char *escaped = g_markup_escape_text(author, -1);

    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    pango_layout_set_markup(layout, escaped, -1);
    g_free(escaped);
    return layout;
}

static PangoLayout *
make_watermark(const struct bl_fonts *fonts, const char *text)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_BOLD, 150.0, 0, 0);

    pango_layout_set_text(layout, text, -1);
    return layout;
}

static PangoLayout *
make_footer(const struct bl_fonts *fonts, const char *unused)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, 10.0, BODY_WIDTH, 0);

    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    return layout;
}

/* The return address is the same in every letter: fitted to its window once. */
static PangoLayout *
return_address(const struct bl_fonts *fonts, GPtrArray *lines, struct bl_diag *diag)
{
    GString *key = g_string_new("return");
    PangoLayout *layout;

    for (guint i = 0; i < lines->len; i++) {
        g_string_append_printf(key, "\x1f%s", (const char *)g_ptr_array_index(lines, i));
    }
    layout = bl_fonts_cache_lookup(fonts, key->str);
    if (layout != NULL) {
        g_object_ref(layout);
    } else {
        layout = fit_return(fonts, lines, diag);
        if (layout != NULL && bl_fonts_cache_insert(fonts, key->str, layout, g_object_unref)) {
            g_object_ref(layout);
        }
    }
    g_string_free(key, TRUE);
    return layout;
}

/* The review label across the top of page 1: one line in the band above the envelope's windows,
 * set smaller when it is long and cut short with an ellipsis when even that is too wide, so
 * that it never reaches down into a window (a review page gives it whole). */
static PangoLayout *
review_label(const struct bl_fonts *fonts, const char *text)
{
    PangoLayout *layout = NULL;

    for (double size = 10.0;; size -= 0.5) {
        g_clear_object(&layout);
        layout = new_layout(fonts, SANS, PANGO_WEIGHT_BOLD, size, BL_PAGE_WIDTH - 2 * 36.0, 0);
        pango_layout_set_single_paragraph_mode(layout, TRUE);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        pango_layout_set_text(layout, text, -1);
        if (!pango_layout_is_ellipsized(layout) || size <= 7.5) {
            return layout;
        }
    }
}

/* Whether the rectangle (points) overlaps one of the envelope's windows. */
static gboolean
in_window(double x0, double y0, double x1, double y1)
{
    static const double windows[2][4] = {
        {BL_RETURN_X, BL_RETURN_Y, BL_RETURN_W, BL_RETURN_H},
        {BL_ADDRESS_X, BL_ADDRESS_Y, BL_ADDRESS_W, BL_ADDRESS_H},
    };

    for (int i = 0; i < 2; i++) {
        const double *w = windows[i];

        if (x0 < w[0] + w[2] + BL_WINDOW_MARGIN && x1 > w[0] - BL_WINDOW_MARGIN &&
            y0 < w[1] + w[3] + BL_WINDOW_MARGIN && y1 > w[1] - BL_WINDOW_MARGIN) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
layout_in_window(PangoLayout *layout, double x, double y)
{
    PangoRectangle ink;

    pango_layout_get_extents(layout, &ink, NULL);
    return ink.width > 0 &&
           in_window(x + (double)ink.x / PANGO_SCALE, y + (double)ink.y / PANGO_SCALE,
                     x + (double)(ink.x + ink.width) / PANGO_SCALE,
                     y + (double)(ink.y + ink.height) / PANGO_SCALE);
}

/* The window-safety check: on page 1, only the addresses and the barcode may be where the
 * envelope's windows are, so that nothing of the letter (a diagnosis, a card number) shows
 * through them. Returns what intrudes, or NULL. */
static const char *
window_intruder(const struct bl_doc *doc)
{
    const GArray *placed = g_ptr_array_index(doc->pages, 0);

    if (doc->notice) {
        return NULL; /* a public notice goes into no envelope */
    }
    if (layout_in_window(doc->letterhead, BL_PAGE_WIDTH - BL_MARGIN_X - BODY_WIDTH / 2,
                         BL_RETURN_Y)) {
        return "the letterhead";
    }
    if (doc->label != NULL && layout_in_window(doc->label, 36.0, 12.0)) {
        return "the review label";
    }
    for (guint i = 0; i < placed->len; i++) {
        const struct placed *p = &g_array_index(placed, struct placed, i);
        const struct box *box = g_ptr_array_index(doc->boxes, p->box);

        for (int l = p->first; l < p->first + p->count; l++) {
            PangoRectangle ink;
            double y = p->y + box->top[l] - box->top[p->first];

            pango_layout_line_get_extents(pango_layout_get_line_readonly(box->layout, l), &ink,
                                          NULL);
            if (ink.width > 0 &&
                in_window(box->x0 + box->x[l] + (double)ink.x / PANGO_SCALE,
                          y + box->baseline[l] - box->top[l] + (double)ink.y / PANGO_SCALE,
                          box->x0 + box->x[l] + (double)(ink.x + ink.width) / PANGO_SCALE,
                          y + box->baseline[l] - box->top[l] +
                              (double)(ink.y + ink.height) / PANGO_SCALE)) {
                return "a line of the letter's text";
            }
        }
    }
    return NULL;
}

int
bl_layout(struct bl_doc **out, const struct bl_letter *letter, const struct bl_fonts *fonts,
          struct bl_diag *diag)
{
    struct bl_doc *doc = g_new0(struct bl_doc, 1);
    double size = letter->font_size > 0 ? letter->font_size : 11.0;
    struct bl_address_fit fit;
    const char *intruder;
    int rc = -1;

    doc->notice = letter->notice;
    g_strlcpy(doc->barcode, letter->barcode, sizeof(doc->barcode));
    doc->boxes = g_ptr_array_new_with_free_func(box_free);
    doc->flows = g_array_new(FALSE, TRUE, sizeof(struct flow));
    doc->pages = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    doc->return_address = return_address(fonts, letter->return_lines, diag);
    if (doc->return_address == NULL) {
        goto out;
    }
    /* the barcode takes the top of the window; an address that needs that room gets it, and
     * the letter goes without the barcode (bl_doc_has_barcode tells) */
    if (bl_address_fit(&fit, fonts, letter->address_lines, doc->barcode[0] != '\0', diag) < 0) {
        goto out;
    }
    doc->address = g_steal_pointer(&fit.layout);
    doc->address_fit = g_steal_pointer(&fit.applied);
    doc->address_exception = g_steal_pointer(&fit.problem);
    if (!fit.barcode) {
        doc->barcode[0] = '\0';
    }
    doc->letterhead =
        shared(fonts, "letterhead", make_letterhead, letter->author != NULL ? letter->author : "");
    if (letter->running_header != NULL) {
        doc->header = new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, 10.0, BODY_WIDTH * 0.7, 0);
        pango_layout_set_ellipsize(doc->header, PANGO_ELLIPSIZE_END);
        pango_layout_set_markup(doc->header, letter->running_header, -1);
    }
    if (letter->label != NULL) {
        doc->label = review_label(fonts, letter->label);
    }
    if (letter->draft) {
        doc->watermark = shared(fonts, "watermark", make_watermark, "DRAFT");
    }
    /* the page number's text is set as each page is drawn */
    doc->footer = shared(fonts, "footer", make_footer, "");
    add_boxes(doc, letter, size, fonts);
    bl_paginate(doc);
    intruder = window_intruder(doc);
    if (intruder != NULL) {
        bl_diag_error(diag, NULL,
                      "%s would show through an envelope window on page 1; only the addresses "
                      "and the barcode may be there (see docs/layout.md)",
                      intruder);
        goto out;
    }
    *out = doc;
    doc = NULL;
    rc = 0;
out:
    bl_doc_free(doc);
    return rc;
}
