/* SPDX-License-Identifier: MIT */
/* Render: draws the letterhead, the addresses, the running header, the page number and the
 * placed lines of one page onto a cairo context. */
#include "render.h"

#include <pango/pangocairo.h>

#include "barcode.h"
#include "page.h"

static void
show(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
}

/* A run of a shared box's lines, recorded once. */
struct drawn {
    int first, count;
    cairo_surface_t *recording;
};

static void
drawn_free(gpointer data)
{
    struct drawn *d = data;

    cairo_surface_destroy(d->recording);
    g_free(d);
}

static void draw_lines(cairo_t *cr, const struct box *box, int first, int count, double y);

/* The text every letter has (a shared box) is drawn once into a recording that the PDF holds
 * once as a form and shows on every page that has it, instead of the same text page by page. */
static cairo_surface_t *
recorded(struct box *box, int first, int count)
{
    cairo_rectangle_t extents = {0, -BL_PAGE_HEIGHT, BL_PAGE_WIDTH, 2 * BL_PAGE_HEIGHT};
    struct drawn *d;
    cairo_t *cr;

    if (box->drawn == NULL) {
        box->drawn = g_ptr_array_new_with_free_func(drawn_free);
    }
    for (guint i = 0; i < box->drawn->len; i++) {
        d = g_ptr_array_index(box->drawn, i);
        if (d->first == first && d->count == count) {
            return d->recording;
        }
    }
    d = g_new(struct drawn, 1);
    d->first = first;
    d->count = count;
    d->recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    cr = cairo_create(d->recording);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_lines(cr, box, first, count, 0);
    cairo_destroy(cr);
    g_ptr_array_add(box->drawn, d);
    return d->recording;
}

static void
draw_box_lines(cairo_t *cr, struct box *box, int first, int count, double y, gboolean forms)
{
    if (forms && box->refs > 1) {
        cairo_save(cr);
        cairo_set_source_surface(cr, recorded(box, first, count), 0, y);
        cairo_paint(cr);
        cairo_restore(cr);
        return;
    }
    draw_lines(cr, box, first, count, y);
}

/* A picture drawn into the rectangle at (x, y), w x h points. */
static void
draw_picture(cairo_t *cr, cairo_surface_t *pic, double x, double y, double w, double h)
{
    int pw = cairo_image_surface_get_width(pic);
    int ph = cairo_image_surface_get_height(pic);

    if (pw <= 0 || ph <= 0 || w <= 0 || h <= 0) {
        return;
    }
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, w / pw, h / ph);
    cairo_set_source_surface(cr, pic, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* A picture, or a box or columns with their parts, whole, its top at y. A box is drawn on a
 * pale ground inside a rule, so that a reader finds it at a glance; it stays legible when the
 * letter is printed or copied in black and white. */
static void
draw_whole(cairo_t *cr, const struct box *box, double y)
{
    if (box->kind == BOX_PICTURE) {
        if (box->picture != NULL) {
            draw_picture(cr, box->picture, box->x0, y, box->width, box->height);
        }
        return;
    }
    if (box->framed) {
        cairo_save(cr);
        cairo_rectangle(cr, box->x0, y, box->width, box->height);
        cairo_set_source_rgb(cr, 0.94, 0.95, 0.96);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_set_line_width(cr, 1.0);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    for (guint i = 0; i < box->parts->len; i++) {
        const struct part *p = &g_array_index(box->parts, struct part, i);

        draw_lines(cr, p->box, 0, p->box->n_lines, y + p->y);
    }
}

static void
draw_lines(cairo_t *cr, const struct box *box, int first, int count, double y)
{
    double origin = box->top[first];

    if (box->kind != BOX_TEXT) {
        draw_whole(cr, box, y);
        return;
    }

    for (int i = first; i < first + count; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(box->layout, i);

        cairo_move_to(cr, box->x0 + box->x[i], y + box->baseline[i] - origin);
        pango_cairo_show_layout_line(cr, line);
    }
    if (box->bullet != NULL && first == 0) {
        /* the bullet sits on the first line's baseline, in the indent */
        cairo_move_to(cr, box->x0 - 12.0, y + box->baseline[0] - origin);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(box->bullet, 0));
    }
}

/* A large pale DRAFT across the page, under the text, so that a draft is never mistaken for a
 * letter to mail. */
static void
draw_watermark(cairo_t *cr, PangoLayout *mark)
{
    PangoRectangle ink;

    pango_layout_get_extents(mark, &ink, NULL);
    cairo_save(cr);
    cairo_translate(cr, BL_PAGE_WIDTH / 2, BL_PAGE_HEIGHT / 2);
    cairo_rotate(cr, -G_PI / 4);
    cairo_set_source_rgba(cr, 0.8, 0.1, 0.1, 0.18);
    cairo_move_to(cr, -(ink.x + ink.width / 2.0) / PANGO_SCALE,
                  -(ink.y + ink.height / 2.0) / PANGO_SCALE);
    pango_cairo_show_layout(cr, mark);
    cairo_restore(cr);
}

static void
render_page(cairo_t *cr, const struct bl_doc *doc, int page, gboolean forms)
{
    const GArray *placed = g_ptr_array_index(doc->pages, (guint)page);
    int count = bl_doc_page_count(doc);
    char *label;

    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (doc->watermark != NULL) {
        draw_watermark(cr, doc->watermark);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (page == 0 && doc->label != NULL) {
        cairo_set_source_rgb(cr, 0.69, 0.0, 0.13);
        show(cr, doc->label, 36.0, 12.0);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    if (page == 0) {
        PangoRectangle ink;

        if (!doc->notice) {
            show(cr, doc->return_address, BL_RETURN_X, BL_RETURN_Y);
            if (doc->barcode[0] != '\0') {
                bl_imb_draw(cr, doc->barcode, BL_ADDRESS_X, BL_BARCODE_Y);
                show(cr, doc->address, BL_ADDRESS_X, BL_ADDRESS_Y + BL_BARCODE_SPACE);
            } else {
                show(cr, doc->address, BL_ADDRESS_X, BL_ADDRESS_Y);
            }
        }
        if (doc->logo != NULL) {
            draw_whole(cr, doc->logo, BL_RETURN_Y);
        }
        if (doc->letterhead != NULL) {
            pango_layout_get_extents(doc->letterhead, NULL, &ink);
            show(cr, doc->letterhead,
                 BL_PAGE_WIDTH - BL_MARGIN_X -
                     (double)pango_layout_get_width(doc->letterhead) / PANGO_SCALE,
                 doc->letterhead_y);
        }
    } else if (doc->header != NULL) {
        PangoRectangle logical;

        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        show(cr, doc->header, BL_MARGIN_X, 40.0);
        pango_layout_get_extents(doc->header, NULL, &logical);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, BL_MARGIN_X, 40.0 + (double)logical.height / PANGO_SCALE + 4.0);
        cairo_line_to(cr, BL_PAGE_WIDTH - BL_MARGIN_X,
                      40.0 + (double)logical.height / PANGO_SCALE + 4.0);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    if (doc->page_label != NULL) {
        char *n = g_strdup_printf("%d", page + 1);
        char *m = g_strdup_printf("%d", count);
        char **a = g_strsplit(doc->page_label, "{page}", -1);
        char *half = g_strjoinv(n, a);
        char **c = g_strsplit(half, "{pages}", -1);

        label = g_strjoinv(m, c);
        g_strfreev(c);
        g_free(half);
        g_strfreev(a);
        g_free(m);
        g_free(n);
    } else {
        label = g_strdup_printf("Page %d of %d", page + 1, count);
    }
    pango_layout_set_text(doc->footer, label, -1);
    g_free(label);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    show(cr, doc->footer, BL_MARGIN_X, BL_FOOTER_Y);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (guint i = 0; i < placed->len; i++) {
        const struct placed *p = &g_array_index(placed, struct placed, i);

        draw_box_lines(cr, g_ptr_array_index(doc->boxes, p->box), p->first, p->count, p->y, forms);
    }
    cairo_restore(cr);
}

void
bl_render_page(cairo_t *cr, const struct bl_doc *doc, int page)
{
    render_page(cr, doc, page, FALSE);
}

void
bl_render_page_shared(cairo_t *cr, const struct bl_doc *doc, int page)
{
    render_page(cr, doc, page, TRUE);
}
