/* SPDX-License-Identifier: MIT */
/* Layout: measures every block of a bound letter with Pango and distributes the lines over
 * pages: headings stay with their text, groups stay together, no single orphan or widow line. */
#include "layout.h"

#include <string.h>

#include "address.h"
#include "links.h"
#include "page.h"
#include "paginate.h"

#define BODY_WIDTH    (BL_PAGE_WIDTH - 2 * BL_MARGIN_X)
#define BULLET_INDENT 16.0
#define SANS          "Noto Sans"
#define SERIF         "Noto Serif"
/* A large-print letter (its body at BL_LARGE_PRINT_SIZE, more than any template may ask) sets
 * every text at least that size and its headings in the proportions of an 11 pt letter. */
#define LARGE(size) ((size) >= BL_LARGE_PRINT_SIZE)

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
    [BL_BLOCK_IMAGE] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.3, 0},
    [BL_BLOCK_BOX] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.9, 0},
    [BL_BLOCK_COLUMNS] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0.55, 0},
    [BL_BLOCK_COLUMN] = {SERIF, PANGO_WEIGHT_NORMAL, 0.0, 0, 0},
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
    bl_links_free(box->links);
    if (box->drawn != NULL) {
        g_ptr_array_unref(box->drawn);
    }
    if (box->picture != NULL) {
        cairo_surface_destroy(box->picture);
    }
    if (box->parts != NULL) {
        for (guint i = 0; i < box->parts->len; i++) {
            box_free(g_array_index(box->parts, struct part, i).box);
        }
        g_array_unref(box->parts);
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
    box_free(doc->logo);
    g_clear_object(&doc->return_address);
    g_clear_object(&doc->address);
    g_clear_object(&doc->header);
    g_clear_object(&doc->footer);
    g_clear_object(&doc->watermark);
    g_clear_object(&doc->label);
    g_free(doc->address_fit);
    g_free(doc->address_exception);
    g_free(doc->page_label);
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
static struct box *whole_box_of(const struct bl_block *block, double size,
                                const struct bl_fonts *fonts);

/* The box of a block: text that is the same in every letter is shaped and measured once per
 * run and shared; the recipient's own text is laid out each time. */
static struct box *
box_of(const struct bl_block *block, double size, const struct bl_fonts *fonts)
{
    char *key;
    struct box *box;

    if (block->kind == BL_BLOCK_IMAGE || block->kind == BL_BLOCK_BOX ||
        block->kind == BL_BLOCK_COLUMNS) {
        return whole_box_of(block, size, fonts); /* pictures, boxes and columns: below */
    }
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

/* Appends a value kept whole (markup) that is wider than its line, so that it breaks only after
 * a slash: a web address in a narrow column ("www.transunion.com/" / "credit-help") then never
 * breaks at a hyphen, where it would read as a hyphenated word. The first character after each
 * slash is left outside the unbreakable spans, where the line may break before it. A value
 * without a slash is appended breakable like other text. */
static void
append_breakable_at_slashes(GString *out, const char *value)
{
    const char *p = value;
    const char *slash;

    if (strchr(value, '/') == NULL) {
        g_string_append(out, "<span>");
        g_string_append(out, value);
        return;
    }
    g_string_append(out, "<span>");
    while ((slash = strchr(p, '/')) != NULL && slash[1] != '\0') {
        const char *next = slash + 1;
        const char *after = *next == '&' && strchr(next, ';') != NULL ? strchr(next, ';') + 1
                                                                      : g_utf8_next_char(next);

        g_string_append(out, BL_WHOLE_START);
        g_string_append_len(out, p, next - p);
        g_string_append(out, BL_WHOLE_END);
        g_string_append_len(out, next, after - next);
        p = after;
    }
    g_string_append(out, BL_WHOLE_START);
    g_string_append(out, p);
    g_string_append(out, BL_WHOLE_END);
}

/* Sets a block's markup, keeping phone numbers, web addresses and codes on one line
 * (BL_WHOLE_START) unless one of them is wider than the line by itself: that one is broken
 * after a slash if it has one, otherwise as any other text, since what runs past the margin
 * would be lost. */
static void
set_markup_kept_whole(PangoLayout *layout, const char *markup, double width)
{
    const int limit = (int)(width * PANGO_SCALE) + 1;
    const gsize start_len = strlen(BL_WHOLE_START);
    PangoLayout *alone;
    GString *kept;
    const char *p = markup, *start, *end;

    bl_fonts_set_markup(layout, markup);
    if (strstr(markup, BL_WHOLE_START) == NULL || layout_right(layout) <= limit) {
        return;
    }
    alone = pango_layout_copy(layout);
    pango_layout_set_width(alone, -1);
    kept = g_string_new(NULL);
    while ((start = strstr(p, BL_WHOLE_START)) != NULL &&
           (end = strstr(start, BL_WHOLE_END)) != NULL) {
        char *value = g_strndup(start + start_len, (gsize)(end - start - start_len));

        bl_fonts_set_markup(alone, value);
        g_string_append_len(kept, p, start - p);
        if (layout_right(alone) <= limit) {
            g_string_append(kept, BL_WHOLE_START);
            g_string_append(kept, value);
        } else {
            append_breakable_at_slashes(kept, value);
        }
        p = end;
        g_free(value);
    }
    g_string_append(kept, p);
    bl_fonts_set_markup(layout, kept->str);
    if (layout_right(layout) > limit) {
        /* measured alone in the paragraph's font, a value set in bold may still not fit */
        char **parts = g_strsplit(markup, BL_WHOLE_START, -1);
        char *plain = g_strjoinv("<span>", parts);

        bl_fonts_set_markup(layout, plain);
        g_strfreev(parts);
        g_free(plain);
    }
    g_string_free(kept, TRUE);
    g_object_unref(alone);
}

/* Finds the web and e-mail addresses of a box's text (links of the tagged PDF), and gives each
 * the runs of its own that render draws as a link: an attribute that changes nothing drawn
 * (the opacity of a background there is none of) splits a line's runs at its ends after the
 * text is shaped, so the text is set exactly as without it. */
static void
mark_links(struct box *box)
{
    PangoAttrList *attrs;

    box->links = bl_links_find(pango_layout_get_text(box->layout));
    if (box->links == NULL) {
        return;
    }
    attrs = pango_layout_get_attributes(box->layout);
    attrs = attrs != NULL ? pango_attr_list_copy(attrs) : pango_attr_list_new();
    for (guint i = 0; i < box->links->len; i++) {
        const struct link *link = &g_array_index(box->links, struct link, i);
        PangoAttribute *a = pango_attr_background_alpha_new(65535);

        a->start_index = (guint)link->start;
        a->end_index = (guint)link->end;
        pango_attr_list_insert(attrs, a);
    }
    pango_layout_set_attributes(box->layout, attrs);
    pango_attr_list_unref(attrs);
}

/* A block's text set from x0 on the page, width wide. */
static struct box *
make_box_at(const struct bl_block *block, double size, const struct bl_fonts *fonts, double x0,
            double width)
{
    const struct style *st = &styles[block->kind];
    struct box *box = g_new0(struct box, 1);

    box->refs = 1;
    static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
                                            PANGO_ALIGN_RIGHT};

    box->x0 = x0;
    if (block->kind == BL_BLOCK_ITEM) {
        box->x0 += BULLET_INDENT;
        width -= BULLET_INDENT;
    }
    box->layout =
        new_layout(fonts, st->family, st->weight,
                   size + st->size_delta * (LARGE(size) ? size / 11.0 : 1.0), width, st->spacing);
    pango_layout_set_alignment(box->layout, aligns[block->align]);
    set_markup_kept_whole(box->layout, block->markup, width);
    mark_links(box);
    if (block->kind == BL_BLOCK_ITEM) {
        /* in the item's font, made once with the box (cached boxes share it) */
        box->bullet = pango_layout_copy(box->layout);
        pango_layout_set_width(box->bullet, -1);
        pango_layout_set_alignment(box->bullet, PANGO_ALIGN_LEFT);
        bl_fonts_set_text(box->bullet, "\u2022");
    }
    box->space_before = st->space_before * size;
    measure(box);
    return box;
}

static struct box *
make_box(const struct bl_block *block, double size, const struct bl_fonts *fonts)
{
    return make_box_at(block, size, fonts, BL_MARGIN_X, BODY_WIDTH);
}

/* -- pictures, boxes and columns: blocks drawn whole, never broken across pages -------------- */

#define FRAME_PAD_EM  0.8   /* a box's room between its rule and its text, in ems of its text */
#define COLUMN_GAP_EM 1.6   /* the room between two columns */
#define LOGO_MAX_W    216.0 /* the letterhead's picture: at most 3 in wide, 1 in high, so that */
#define LOGO_MAX_H    72.0  /* it keeps clear of both envelope windows */

/* A box without text: its one "line" is the whole of it, height tall. Its layout is empty, for
 * code that reads a box's lines. */
static struct box *
whole_box_new(const struct bl_fonts *fonts, enum box_kind kind, double x0, double width,
              double height, double space_before)
{
    struct box *box = g_new0(struct box, 1);

    box->kind = kind;
    box->refs = 1;
    box->layout = bl_fonts_layout(fonts, SERIF, PANGO_WEIGHT_NORMAL, 10.0, 0);
    box->n_lines = 1;
    box->top = g_new0(double, 1);
    box->bottom = g_new0(double, 1);
    box->baseline = g_new0(double, 1);
    box->x = g_new0(double, 1);
    box->x0 = x0;
    box->width = width;
    box->height = height;
    box->bottom[0] = height;
    box->space_before = space_before;
    return box;
}

/* The PNG picture at path, read once a run; a new reference, or NULL when it cannot be read. */
static cairo_surface_t *
picture_of(const struct bl_fonts *fonts, const char *path)
{
    char *key = g_strconcat("picture\x1f", path, NULL);
    cairo_surface_t *pic = bl_fonts_cache_lookup(fonts, key);

    if (pic != NULL) {
        cairo_surface_reference(pic);
    } else {
        pic = cairo_image_surface_create_from_png(path);
        if (cairo_surface_status(pic) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(pic);
            pic = NULL;
        } else if (bl_fonts_cache_insert(fonts, key, pic, (GDestroyNotify)cairo_surface_destroy)) {
            cairo_surface_reference(pic); /* one for the cache, one for the caller */
        }
    }
    g_free(key);
    return pic;
}

/* The size a picture is drawn at: the width and height asked for (the picture fitted inside
 * both, in its proportions), or one of them and its proportions; then made to fit max_w x max_h
 * (0: no limit). A blank space (pic NULL) has the size asked for. */
static void
picture_size(const struct bl_image *img, cairo_surface_t *pic, double max_w, double max_h,
             double *w, double *h)
{
    double pw = pic != NULL ? cairo_image_surface_get_width(pic) : 0;
    double ph = pic != NULL ? cairo_image_surface_get_height(pic) : 0;
    double scale = 1.0;

    *w = img->width;
    *h = img->height;
    if (pw > 0 && ph > 0) {
        if (*w > 0 && *h > 0) {
            scale = MIN(*w / pw, *h / ph);
            *w = pw * scale;
            *h = ph * scale;
        } else if (*w > 0) {
            *h = *w * ph / pw;
        } else {
            *w = *h * pw / ph;
        }
    }
    scale = 1.0;
    if (max_w > 0 && *w > max_w) {
        scale = max_w / *w;
    }
    if (max_h > 0 && *h * scale > max_h) {
        scale = max_h / *h;
    }
    *w *= scale;
    *h *= scale;
}

static struct box *
picture_box(const struct bl_block *block, double size, const struct bl_fonts *fonts, double x0,
            double width)
{
    static const double shift[] = {
        [BL_ALIGN_LEFT] = 0, [BL_ALIGN_CENTER] = 0.5, [BL_ALIGN_RIGHT] = 1.0};
    cairo_surface_t *pic = block->image.path != NULL ? picture_of(fonts, block->image.path) : NULL;
    struct box *box;
    double w, h;

    picture_size(&block->image, pic, width, 0, &w, &h);
    box = whole_box_new(fonts, BOX_PICTURE, x0 + (width - w) * shift[block->align], w, h,
                        styles[BL_BLOCK_IMAGE].space_before * size);
    box->picture = pic;
    return box;
}

static struct box *part_box(const struct bl_block *block, double size, const struct bl_fonts *fonts,
                            double x0, double width);

/* Sets parts one under the other in frame from y down, at x0, width wide; returns where the
 * last one ends. */
static double
stack_parts(struct box *frame, const GArray *parts, double size, const struct bl_fonts *fonts,
            double x0, double width, double y, int column)
{
    gboolean first = TRUE;

    for (guint i = 0; i < parts->len; i++) {
        const struct bl_block *block = &g_array_index(parts, struct bl_block, i);
        struct part p = {part_box(block, size, fonts, x0, width), 0, (int)block->kind, column};

        if (p.box == NULL) {
            continue;
        }
        y += first ? 0 : p.box->space_before;
        p.y = y;
        y += p.box->bottom[p.box->n_lines - 1] - p.box->top[0];
        g_array_append_val(frame->parts, p);
        first = FALSE;
    }
    return y;
}

/* A box (its parts inside a rule, with room around them) or columns (each column's parts one
 * under the other, the columns side by side with room between them, of equal width). */
static struct box *
frame_box(const struct bl_block *block, double size, const struct bl_fonts *fonts, double x0,
          double width)
{
    double text = block->font_size > 0 && !LARGE(size) ? block->font_size : size;
    struct box *frame =
        whole_box_new(fonts, BOX_FRAME, x0, width, 0, styles[block->kind].space_before * size);
    double height = 0;

    frame->parts = g_array_new(FALSE, FALSE, sizeof(struct part));
    if (block->kind == BL_BLOCK_BOX) {
        double pad = FRAME_PAD_EM * text;

        frame->framed = TRUE;
        height =
            stack_parts(frame, block->parts, text, fonts, x0 + pad, width - 2 * pad, pad, 0) + pad;
    } else {
        guint n = MAX(block->parts->len, 1);
        double gap = COLUMN_GAP_EM * text;
        double column = (width - gap * (n - 1)) / n;

        for (guint c = 0; c < block->parts->len; c++) {
            const struct bl_block *col = &g_array_index(block->parts, struct bl_block, c);

            double bottom = stack_parts(frame, col->parts, text, fonts, x0 + c * (column + gap),
                                        column, 0, (int)c);

            height = MAX(height, bottom);
        }
    }
    frame->height = frame->bottom[0] = height;
    return frame;
}

/* The box of a block inside a frame, set at x0, width wide; NULL for what draws nothing. */
static struct box *
part_box(const struct bl_block *block, double size, const struct bl_fonts *fonts, double x0,
         double width)
{
    switch (block->kind) {
    case BL_BLOCK_IMAGE:
        return picture_box(block, size, fonts, x0, width);
    case BL_BLOCK_BOX:
    case BL_BLOCK_COLUMNS:
        return frame_box(block, size, fonts, x0, width);
    case BL_BLOCK_COLUMN:
    case BL_BLOCK_PAGE_BREAK:
        return NULL;
    default:
        return make_box_at(block, size, fonts, x0, width);
    }
}

/* What a picture, a box or columns are made of, as a key for the cache of shared boxes. */
static void
describe(GString *key, const struct bl_block *block)
{
    g_string_append_printf(key, "%d|%d|%.2f|%.2f|%.2f|%s|%s", (int)block->kind, (int)block->align,
                           block->font_size, block->image.width, block->image.height,
                           block->image.path != NULL ? block->image.path : "",
                           block->parts == NULL ? block->markup : "");
    if (block->parts != NULL) {
        g_string_append_c(key, '[');
        for (guint i = 0; i < block->parts->len; i++) {
            describe(key, &g_array_index(block->parts, struct bl_block, i));
            g_string_append_c(key, '\x1e');
        }
        g_string_append_c(key, ']');
    }
}

/* The box of a picture, a box or columns at the text's width: one that is the same in every
 * letter is made once a run and shared, as text is (box_of). */
static struct box *
whole_box_of(const struct bl_block *block, double size, const struct bl_fonts *fonts)
{
    GString *key;
    struct box *box;

    if (block->personal) {
        return part_box(block, size, fonts, BL_MARGIN_X, BODY_WIDTH);
    }
    key = g_string_new("whole|");
    g_string_append_printf(key, "%.2f|", size);
    describe(key, block);
    box = bl_fonts_cache_lookup(fonts, key->str);
    if (box != NULL) {
        box->refs++;
    } else {
        box = part_box(block, size, fonts, BL_MARGIN_X, BODY_WIDTH);
        if (bl_fonts_cache_insert(fonts, key->str, box, box_free)) {
            box->refs++;
        }
    }
    g_string_free(key, TRUE);
    return box;
}

/* Reads every picture the letter prints (the letterhead's, its blocks'), so that one that
 * cannot be read is reported before a page is made. */
static int
read_pictures(const GArray *blocks, const struct bl_fonts *fonts, struct bl_diag *diag)
{
    for (guint i = 0; blocks != NULL && i < blocks->len; i++) {
        const struct bl_block *b = &g_array_index(blocks, struct bl_block, i);
        cairo_surface_t *pic;

        if (read_pictures(b->parts, fonts, diag) < 0) {
            return -1;
        }
        if (b->kind != BL_BLOCK_IMAGE || b->image.path == NULL) {
            continue;
        }
        pic = picture_of(fonts, b->image.path);
        if (pic == NULL) {
            bl_diag_error(diag, NULL, "the picture '%s' cannot be read: it must be a PNG file",
                          b->image.path);
            return -1;
        }
        cairo_surface_destroy(pic);
    }
    return 0;
}

/* The letterhead's picture, at the top right of page 1 and at most LOGO_MAX_W x LOGO_MAX_H;
 * NULL when the letter has none, or reported when it cannot be read. */
static struct box *
logo_box(const struct bl_letter *letter, const struct bl_fonts *fonts, struct bl_diag *diag,
         gboolean *failed)
{
    cairo_surface_t *pic;
    struct box *box;
    double w, h;

    *failed = FALSE;
    if (letter->logo.path == NULL) {
        return NULL;
    }
    pic = picture_of(fonts, letter->logo.path);
    if (pic == NULL) {
        bl_diag_error(diag, NULL,
                      "the letterhead's picture '%s' cannot be read: it must be a "
                      "PNG file",
                      letter->logo.path);
        *failed = TRUE;
        return NULL;
    }
    picture_size(&letter->logo, pic, LOGO_MAX_W, LOGO_MAX_H, &w, &h);
    box = whole_box_new(fonts, BOX_PICTURE, BL_PAGE_WIDTH - BL_MARGIN_X - w, w, h, 0);
    box->picture = pic;
    return box;
}

static gboolean
is_heading(const struct bl_block *b)
{
    return b->kind == BL_BLOCK_TITLE || b->kind == BL_BLOCK_HEADING ||
           b->kind == BL_BLOCK_SUBHEADING;
}

/* Whether block i is part of the letter's closing: the signature and what comes before it in
 * its group after the group's last heading (a section kept with the signature is a section
 * of its own, not the closing), or without a group the paragraph just before it. A picture
 * between the signature's lines is part of the signature. Large print keeps no group whole
 * (add_box): its closing is the signature and the paragraph before it. */
static gboolean
closing(const struct bl_letter *letter, guint i, gboolean large)
{
    const GArray *blocks = letter->blocks;
    const struct bl_block *b = &g_array_index(blocks, struct bl_block, i);

    if (b->kind == BL_BLOCK_SIGNATURE) {
        return TRUE;
    }
    if (b->group == 0 || large) {
        guint j = i + 1;

        while (j < blocks->len &&
               g_array_index(blocks, struct bl_block, j).kind == BL_BLOCK_IMAGE) {
            j++;
        }
        return (b->kind == BL_BLOCK_PARA || b->kind == BL_BLOCK_IMAGE) && j < blocks->len &&
               g_array_index(blocks, struct bl_block, j).kind == BL_BLOCK_SIGNATURE;
    }
    if (is_heading(b)) {
        return FALSE;
    }
    for (guint j = i + 1; j < blocks->len; j++) {
        const struct bl_block *s = &g_array_index(blocks, struct bl_block, j);

        if (s->group != b->group || is_heading(s)) {
            return FALSE;
        }
        if (s->kind == BL_BLOCK_SIGNATURE) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Adds block b's box and what the paginator needs to know of it. */
static void
add_box(struct bl_doc *doc, const struct bl_block *b, double size, const struct bl_fonts *fonts,
        gboolean in_closing, int part)
{
    struct box *box = box_of(b, size, fonts);
    struct flow f = {b->kind, b->keep_with_next, FALSE, in_closing, b->personal, b->group, part, 0};

    /* large print: a section is not kept whole on one page (a page holds a third of what it
     * does at 11 pt, and keeping it would leave the page before it half empty); headings stay
     * with their text, lines with their paragraph and the closing with the text before it */
    if (LARGE(size)) {
        f.group = 0;
    }
    /* a short block with line breaks of its own is an address or a contact block */
    f.whole = b->kind == BL_BLOCK_SIGNATURE || b->kind == BL_BLOCK_TITLE ||
              b->kind == BL_BLOCK_HEADING || b->kind == BL_BLOCK_SUBHEADING ||
              box->kind != BOX_TEXT || (strchr(b->markup, '\n') != NULL && box->n_lines <= 8);
    g_ptr_array_add(doc->boxes, box);
    g_array_append_val(doc->flows, f);
}

/* Adds block b of a box unfolded in large print (frame, from 1), set from x0, width wide,
 * inside the box's rule. */
static void
add_framed(struct bl_doc *doc, const struct bl_block *b, double size, const struct bl_fonts *fonts,
           gboolean in_closing, int part, int frame, double x0, double width)
{
    struct box *box = part_box(b, size, fonts, x0, width);
    struct flow f = {b->kind, b->keep_with_next, FALSE, in_closing, b->personal, 0, part, frame};

    if (box == NULL) {
        return;
    }
    f.whole = box->kind != BOX_TEXT;
    g_ptr_array_add(doc->boxes, box);
    g_array_append_val(doc->flows, f);
}

/* The room inside a large-print box's rule, above its first part and below its last: a blank
 * of its own, so that the rule never comes closer to the text than it does in a box of the
 * regular letter, on the page where the box starts and where it ends (render draws no rule
 * around such a blank alone at the end or the start of a page). */
static void
add_frame_edge(struct bl_doc *doc, const struct bl_fonts *fonts, gboolean in_closing, int part,
               int frame, double space_before)
{
    struct box *box =
        whole_box_new(fonts, BOX_PICTURE, BL_MARGIN_X, BODY_WIDTH, doc->frame_pad, space_before);
    struct flow f = {BL_BLOCK_IMAGE, FALSE, TRUE, in_closing, FALSE, 0, part, frame};

    g_ptr_array_add(doc->boxes, box);
    g_array_append_val(doc->flows, f);
}

/* Large print: a box or columns set as its parts one after another (a column after the one
 * before it), in the text's width (x0, width), as large-print guidelines ask (one column), so
 * that they break across pages as any text does instead of leaving pages half empty before a
 * whole that is taller than what is left of the page. A box keeps its rule and shaded ground
 * (frame, from 1: render draws it out into the margins, so the text is set as wide, and
 * breaks, as without it); columns are set as text (frame 0). */
static void
add_unfolded(struct bl_doc *doc, const struct bl_block *b, double size,
             const struct bl_fonts *fonts, gboolean in_closing, int part, int frame, double x0,
             double width)
{
    for (guint i = 0; b->parts != NULL && i < b->parts->len; i++) {
        const struct bl_block *p = &g_array_index(b->parts, struct bl_block, i);

        if (p->kind == BL_BLOCK_BOX || p->kind == BL_BLOCK_COLUMNS || p->kind == BL_BLOCK_COLUMN) {
            add_unfolded(doc, p, size, fonts, in_closing, part, frame, x0, width);
        } else if (p->kind != BL_BLOCK_PAGE_BREAK) {
            struct bl_block kept = *p;

            kept.group = b->group; /* kept together as the whole was */
            if (frame == 0) {
                add_box(doc, &kept, size, fonts, in_closing, part);
            } else {
                add_framed(doc, &kept, size, fonts, in_closing, part, frame, x0, width);
            }
        }
    }
}

/* Measures every block, and notes what the paginator needs to know of each. */
static void
add_boxes(struct bl_doc *doc, const struct bl_letter *letter, double size,
          const struct bl_fonts *fonts)
{
    int part = 0, frames = 0;

    doc->frame_pad = FRAME_PAD_EM * size;
    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);

        if (b->kind == BL_BLOCK_PAGE_BREAK) {
            struct flow f = {
                b->kind,     b->keep_with_next, FALSE,  closing(letter, i, LARGE(size)),
                b->personal, b->group,          ++part, 0};

            g_ptr_array_add(doc->boxes, NULL);
            g_array_append_val(doc->flows, f);
        } else if (LARGE(size) && b->kind == BL_BLOCK_BOX) {
            gboolean in_closing = closing(letter, i, TRUE);

            frames++;
            add_frame_edge(doc, fonts, in_closing, part, frames,
                           styles[BL_BLOCK_BOX].space_before * size);
            add_unfolded(doc, b, size, fonts, in_closing, part, frames, BL_MARGIN_X, BODY_WIDTH);
            add_frame_edge(doc, fonts, in_closing, part, frames, 0);
        } else if (LARGE(size) && b->kind == BL_BLOCK_COLUMNS) {
            add_unfolded(doc, b, size, fonts, closing(letter, i, TRUE), part, 0, BL_MARGIN_X,
                         BODY_WIDTH);
        } else {
            add_box(doc, b, size, fonts, closing(letter, i, LARGE(size)), part);
        }
    }
    /* large print: a list's last item of more than one line may start a page by itself (no
     * widow), and keeping it with the item before would move items of many lines away from a
     * page they would fill */
    for (guint i = 0; LARGE(size) && i + 1 < doc->boxes->len; i++) {
        struct flow *f = &g_array_index(doc->flows, struct flow, i);
        const struct box *next = g_ptr_array_index(doc->boxes, i + 1);

        if (f->kind == BL_BLOCK_ITEM && next != NULL &&
            g_array_index(doc->flows, struct flow, i + 1).kind == BL_BLOCK_ITEM &&
            next->n_lines > 1) {
            f->keep_with_next = FALSE;
        }
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
letterhead_at(const struct bl_fonts *fonts, const char *author, double size)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_BOLD, size, BODY_WIDTH / 2, 0);
    char *escaped = g_markup_escape_text(author, -1);

    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    bl_fonts_set_markup(layout, escaped);
    g_free(escaped);
    return layout;
}

static PangoLayout *
make_letterhead(const struct bl_fonts *fonts, const char *author)
{
    return letterhead_at(fonts, author, 14.0);
}

static PangoLayout *
make_letterhead_large(const struct bl_fonts *fonts, const char *author)
{
    return letterhead_at(fonts, author, 14.0 * BL_LARGE_PRINT_SIZE / 11.0);
}

/* The letterhead's lines that a template gives (markup), under its picture if it has one. */
static PangoLayout *
letterhead_lines_at(const struct bl_fonts *fonts, const char *markup, double size)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, size, BODY_WIDTH / 2, 0);

    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    bl_fonts_set_markup(layout, markup);
    return layout;
}

static PangoLayout *
make_letterhead_lines(const struct bl_fonts *fonts, const char *markup)
{
    return letterhead_lines_at(fonts, markup, 10.0);
}

static PangoLayout *
make_letterhead_lines_large(const struct bl_fonts *fonts, const char *markup)
{
    return letterhead_lines_at(fonts, markup, BL_LARGE_PRINT_SIZE);
}

static PangoLayout *
make_watermark(const struct bl_fonts *fonts, const char *text)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_BOLD, 150.0, 0, 0);

    bl_fonts_set_text(layout, text);
    return layout;
}

static PangoLayout *
make_footer(const struct bl_fonts *fonts, const char *unused)
{
    PangoLayout *layout = new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, 10.0, BODY_WIDTH, 0);

    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    return layout;
}

static PangoLayout *
make_footer_large(const struct bl_fonts *fonts, const char *unused)
{
    PangoLayout *layout =
        new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, BL_LARGE_PRINT_SIZE, BODY_WIDTH, 0);

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
        bl_fonts_set_text(layout, text);
        if (!pango_layout_is_ellipsized(layout) || size <= 7.5) {
            return layout;
        }
    }
}

/* The letterhead: the template's picture and lines, or without one from the template the
 * author's name. */
static int
set_letterhead(struct bl_doc *doc, const struct bl_letter *letter, const struct bl_fonts *fonts,
               struct bl_diag *diag)
{
    gboolean failed;

    doc->letterhead_y = BL_RETURN_Y;
    if (!letter->letterhead_given) {
        doc->letterhead = doc->large_print
                              ? shared(fonts, "letterhead-large", make_letterhead_large,
                                       letter->author != NULL ? letter->author : "")
                              : shared(fonts, "letterhead", make_letterhead,
                                       letter->author != NULL ? letter->author : "");
        return 0;
    }
    doc->logo = logo_box(letter, fonts, diag, &failed);
    if (failed) {
        return -1;
    }
    if (doc->logo != NULL) {
        doc->letterhead_y += doc->logo->height + 4.0;
    }
    if (letter->letterhead != NULL) {
        doc->letterhead = doc->large_print ? shared(fonts, "letterhead-lines-large",
                                                    make_letterhead_lines_large, letter->letterhead)
                                           : shared(fonts, "letterhead-lines",
                                                    make_letterhead_lines, letter->letterhead);
    }
    return 0;
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
    if (doc->letterhead != NULL &&
        layout_in_window(doc->letterhead, BL_PAGE_WIDTH - BL_MARGIN_X - BODY_WIDTH / 2,
                         doc->letterhead_y)) {
        return "the letterhead";
    }
    if (doc->logo != NULL && in_window(doc->logo->x0, BL_RETURN_Y, doc->logo->x0 + doc->logo->width,
                                       BL_RETURN_Y + doc->logo->height)) {
        return "the letterhead's picture";
    }
    if (doc->label != NULL && layout_in_window(doc->label, 36.0, 12.0)) {
        return "the review label";
    }
    for (guint i = 0; i < placed->len; i++) {
        const struct placed *p = &g_array_index(placed, struct placed, i);
        const struct box *box = g_ptr_array_index(doc->boxes, p->box);

        if (box->kind != BOX_TEXT) {
            /* a picture, or a box or columns (their ground and rule): the whole of it */
            if ((box->kind == BOX_FRAME || box->picture != NULL) &&
                in_window(box->x0, p->y, box->x0 + box->width, p->y + box->height)) {
                return box->kind == BOX_FRAME ? "a box or columns of the letter"
                                              : "a picture of the letter";
            }
            continue;
        }
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

/* The first character of a box (its parts too) that no face has, or 0. */
static gunichar
box_uncovered(const struct box *box)
{
    gunichar c;

    if (box == NULL) { /* a page break */
        return 0;
    }
    c = box->layout != NULL ? bl_fonts_layout_uncovered(box->layout) : 0;

    for (guint i = 0; c == 0 && box->parts != NULL && i < box->parts->len; i++) {
        c = box_uncovered(g_array_index(box->parts, struct part, i).box);
    }
    return c;
}

/* The first character of the letter that no face has (it would print as an empty box): in the
 * address, the running header and every block; 0 when there is none. */
static gunichar
doc_uncovered(const struct bl_doc *doc)
{
    gunichar c = bl_fonts_layout_uncovered(doc->address);

    if (c == 0 && doc->header != NULL) {
        c = bl_fonts_layout_uncovered(doc->header);
    }
    for (guint i = 0; c == 0 && i < doc->boxes->len; i++) {
        c = box_uncovered(g_ptr_array_index(doc->boxes, i));
    }
    return c;
}

int
bl_layout(struct bl_doc **out, const struct bl_letter *letter, const struct bl_fonts *fonts,
          struct bl_diag *diag)
{
    gunichar missing;
    struct bl_doc *doc = g_new0(struct bl_doc, 1);
    double size = letter->large_print     ? BL_LARGE_PRINT_SIZE
                  : letter->font_size > 0 ? letter->font_size
                                          : 11.0;
    struct bl_address_fit fit;
    const char *intruder;
    int rc = -1;

    /* the letter's language decides the glyph forms of its Han text (and the language of
     * every run): the process's environment never does */
    fonts = bl_fonts_for_language(fonts, letter->language);
    doc->notice = letter->notice;
    /* large print: the running header and the page number at the body's size, the margins
     * made room for them; the addresses and the barcode keep the sizes the envelope's windows
     * and the postal machines are made for */
    doc->large_print = letter->large_print;
    doc->body_top = doc->large_print ? BL_BODY_TOP_LARGE : BL_BODY_TOP;
    doc->body_bottom = doc->large_print ? BL_BODY_BOTTOM_LARGE : BL_BODY_BOTTOM;
    doc->header_y = doc->large_print ? BL_HEADER_Y_LARGE : BL_HEADER_Y;
    doc->footer_y = doc->large_print ? BL_FOOTER_Y_LARGE : BL_FOOTER_Y;
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
    if (set_letterhead(doc, letter, fonts, diag) < 0 ||
        read_pictures(letter->blocks, fonts, diag) < 0) {
        goto out;
    }
    if (letter->running_header != NULL) {
        doc->header =
            new_layout(fonts, SANS, PANGO_WEIGHT_NORMAL,
                       doc->large_print ? BL_LARGE_PRINT_SIZE : 10.0, BODY_WIDTH * 0.7, 0);
        pango_layout_set_ellipsize(doc->header, PANGO_ELLIPSIZE_END);
        bl_fonts_set_markup(doc->header, letter->running_header);
    }
    if (letter->label != NULL) {
        doc->label = review_label(fonts, letter->label);
    }
    if (letter->draft) {
        doc->watermark = shared(fonts, "watermark", make_watermark, "DRAFT");
    }
    /* the page number's text is set as each page is drawn */
    doc->footer = doc->large_print ? shared(fonts, "footer-large", make_footer_large, "")
                                   : shared(fonts, "footer", make_footer, "");
    doc->page_label = g_strdup(letter->page_label);
    add_boxes(doc, letter, size, fonts);
    if ((missing = doc_uncovered(doc)) != 0) {
        bl_diag_error(diag, NULL,
                      "the letter has U+%04X, a character no font of the letters has (it would "
                      "print as an empty box)",
                      (unsigned)missing);
        goto out;
    }
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
