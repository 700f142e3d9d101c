/* SPDX-License-Identifier: MIT */
/* Render: draws the letterhead, the addresses, the running header, the page number and the
 * placed lines of one page onto a cairo context; on a PDF, as a tagged PDF whose structure
 * (headings, paragraphs, lists, tables, links) a screen reader reads in the order the page shows
 * it.
 *
 * Tagging with cairo 1.16: cairo marks what is drawn as the content of the structure element
 * open at the time only when that element is a leaf (has no element inside it); what is drawn
 * while an element with children is open, or none, belongs to no element. That is how the
 * watermark, the running header, the page number, the barcode, the rules and grounds of boxes
 * and the pictures are kept out of the structure: they are drawn between elements, while the
 * Document (or an element continued from the page before, a list) is open, and every element
 * that is open across a page break holds its text in Span elements of its own. cairo 1.16
 * writes no /Artifact marks; the letter's PDF sink adds them afterwards (lib/output/
 * pdf_artifacts.c wraps every painting outside the structure's marked content in
 * /Artifact BMC ... EMC, in the update that also writes /Lang). A reader of the structure (a
 * screen reader, pdfinfo -struct-text) never meets them; a tool that reads the page without its
 * structure (pdftotext) still does. */
#include "render.h"

#include <pango/pangocairo.h>

#include "barcode.h"
#include "bind.h"
#include "page.h"

/* The structure element of a block of the letter: NULL for one drawn as an artifact (a picture:
 * a logo or a signature, whose words the text beside it says). */
static const char *
element_of(int kind)
{
    switch (kind) {
    case BL_BLOCK_TITLE:
        return "H1";
    case BL_BLOCK_HEADING:
        return "H2";
    case BL_BLOCK_SUBHEADING:
        return "H3";
    case BL_BLOCK_ITEM:
        return "LI";
    case BL_BLOCK_BOX:
        return "Div";
    case BL_BLOCK_COLUMNS:
        return "Table";
    case BL_BLOCK_IMAGE:
    case BL_BLOCK_PAGE_BREAK:
    case BL_BLOCK_COLUMN:
        return NULL;
    default:
        return "P";
    }
}

static void
tag_begin(cairo_t *cr, const char *name)
{
    cairo_tag_begin(cr, name, "");
}

static void
tag_end(cairo_t *cr, const char *name)
{
    cairo_tag_end(cr, name);
}

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
static void draw_whole(cairo_t *cr, const struct box *box, double y);

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

/* A box's rule around a shaded ground: x, y, w, h in points. */
static void
draw_frame(cairo_t *cr, double x, double y, double w, double h)
{
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 0.94, 0.95, 0.96);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Large print: the rule of each box set as its parts one after another (flow.frame), around
 * the parts on this page, the box's room (doc->frame_pad) out into the margins on either side,
 * and above and below them the blank edges layout adds. Where the box goes on from the page
 * before or onto the next, the rule keeps that room from the text there too. Drawn before the text,
 * between elements (the ground is not content). */
static void
draw_frames(cairo_t *cr, const struct bl_doc *doc, const GArray *placed)
{
    guint i = 0;

    while (i < placed->len) {
        const struct placed *p = &g_array_index(placed, struct placed, i);
        int frame = g_array_index(doc->flows, struct flow, p->box).frame;
        double top = p->y, bottom = p->y;
        guint last = p->box;
        gboolean text = FALSE;

        if (frame == 0) {
            i++;
            continue;
        }
        for (; i < placed->len; i++) {
            const struct placed *q = &g_array_index(placed, struct placed, i);
            const struct box *box = g_ptr_array_index(doc->boxes, q->box);

            if (g_array_index(doc->flows, struct flow, q->box).frame != frame) {
                break;
            }
            bottom = MAX(bottom, q->y + box->bottom[q->first + q->count - 1] - box->top[q->first]);
            last = q->box;
            /* the blank room above or below the box's text (layout's frame edges) */
            text = text || box->kind != BOX_PICTURE || box->picture != NULL ||
                   box->height != doc->frame_pad;
        }
        if (!text) {
            continue; /* only the box's blank edge on this page: no rule around nothing */
        }
        if (p->box > 0 && g_array_index(doc->flows, struct flow, p->box - 1).frame == frame) {
            top -= doc->frame_pad; /* goes on from the page before */
        }
        if (last + 1 < doc->flows->len &&
            g_array_index(doc->flows, struct flow, last + 1).frame == frame) {
            bottom += doc->frame_pad; /* goes on onto the next page */
        }
        draw_frame(cr, BL_MARGIN_X - doc->frame_pad, top,
                   BL_PAGE_WIDTH - 2 * BL_MARGIN_X + 2 * doc->frame_pad, bottom - top);
    }
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
        draw_frame(cr, box->x0, y, box->width, box->height);
    }
    for (guint i = 0; i < box->parts->len; i++) {
        const struct part *p = &g_array_index(box->parts, struct part, i);

        draw_lines(cr, p->box, 0, p->box->n_lines, y + p->y);
    }
}

/* The link whose text holds byte index, or NULL. */
static const struct link *
link_at(const struct box *box, int index)
{
    for (guint i = 0; box->links != NULL && i < box->links->len; i++) {
        const struct link *l = &g_array_index(box->links, struct link, i);

        if (index >= l->start && index < l->end) {
            return l;
        }
    }
    return NULL;
}

static gboolean
line_has_link(const struct box *box, PangoLayoutLine *line)
{
    for (guint i = 0; box->links != NULL && i < box->links->len; i++) {
        const struct link *l = &g_array_index(box->links, struct link, i);

        if (l->start < line->start_index + line->length && l->end > line->start_index) {
            return TRUE;
        }
    }
    return FALSE;
}

/* What of a tagged text is open: nothing, a Span, or a link. */
struct leaf {
    gboolean span;
    const struct link *link;
};

static void
leaf_close(cairo_t *cr, struct leaf *leaf)
{
    if (leaf->span) {
        tag_end(cr, "Span");
    } else if (leaf->link != NULL) {
        tag_end(cr, CAIRO_TAG_LINK);
    }
    *leaf = (struct leaf){FALSE, NULL};
}

/* Opens the Span (link NULL) or the Link that comes next, unless it is open. */
static void
leaf_open(cairo_t *cr, struct leaf *leaf, const struct link *link)
{
    if ((link == NULL && leaf->span) || (link != NULL && leaf->link == link)) {
        return;
    }
    leaf_close(cr, leaf);
    if (link != NULL) {
        cairo_tag_begin(cr, CAIRO_TAG_LINK, link->attrs);
        leaf->link = link;
    } else {
        tag_begin(cr, "Span");
        leaf->span = TRUE;
    }
}

/* Lines of a text box as the content of the element open: as it is, or with leaves (Span and
 * Link elements) when it has links or continues on another page (leaves is TRUE). A line with a
 * link is drawn run by run: its runs end where links do (layout.c). */
static void
draw_tagged_lines(cairo_t *cr, const struct box *box, int first, int count, double y,
                  gboolean leaves)
{
    const char *text = pango_layout_get_text(box->layout);
    double origin = box->top[first];
    struct leaf leaf = {FALSE, NULL};

    for (int i = first; i < first + count; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(box->layout, i);
        double x = box->x0 + box->x[i];
        double base = y + box->baseline[i] - origin;

        if (!leaves || !line_has_link(box, line)) {
            if (leaves) {
                leaf_open(cr, &leaf, NULL);
            }
            cairo_move_to(cr, x, base);
            pango_cairo_show_layout_line(cr, line);
            continue;
        }
        for (GSList *r = line->runs; r != NULL; r = r->next) {
            PangoGlyphItem *run = r->data;

            leaf_open(cr, &leaf, link_at(box, run->item->offset));
            cairo_move_to(cr, x, base - (double)run->y_offset / PANGO_SCALE);
            pango_cairo_show_glyph_item(cr, text, run);
            x += (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
        }
    }
    leaf_close(cr, &leaf);
}

static void draw_tagged_whole(cairo_t *cr, const struct box *box, double y);

/* A list's items are LI elements of an L: it begins before the first of them. */
static gboolean
item_after_item(int kind, int before)
{
    return kind == BL_BLOCK_ITEM && before == BL_BLOCK_ITEM;
}

/* Lines [first, first+count) of a box (all of it when whole) in its structure element, with a
 * list's L begun before its first item (list_begins) and ended after its last (list_ends); an
 * element begun when its first line is drawn and ended with its last, so that one broken
 * across pages is one element. */
static void
draw_tagged(cairo_t *cr, const struct box *box, int kind, int first, int count, double y,
            gboolean list_begins, gboolean list_ends)
{
    const char *name = element_of(kind);
    gboolean begins = first == 0;
    gboolean ends = first + count == box->n_lines;
    gboolean leaves = !(begins && ends) || box->links != NULL;

    if (name == NULL) {
        draw_lines(cr, box, first, count, y); /* an artifact */
        return;
    }
    if (begins) {
        if (kind == BL_BLOCK_ITEM && list_begins) {
            tag_begin(cr, "L");
        }
        tag_begin(cr, name);
        if (kind == BL_BLOCK_ITEM) {
            if (box->bullet != NULL) {
                tag_begin(cr, "Lbl");
                cairo_move_to(cr, box->x0 - 12.0, y + box->baseline[0] - box->top[0]);
                pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(box->bullet, 0));
                tag_end(cr, "Lbl");
            }
            tag_begin(cr, "LBody");
        }
    }
    if (box->kind == BOX_TEXT) {
        draw_tagged_lines(cr, box, first, count, y, leaves);
    } else {
        draw_tagged_whole(cr, box, y);
    }
    if (ends) {
        if (kind == BL_BLOCK_ITEM) {
            tag_end(cr, "LBody");
        }
        tag_end(cr, name);
        if (kind == BL_BLOCK_ITEM && list_ends) {
            tag_end(cr, "L");
        }
    }
}

/* A box (Div) or columns (a Table of one row, a cell a column) with its parts inside; its rule
 * and ground, drawn before any part, are artifacts. */
static void
draw_tagged_whole(cairo_t *cr, const struct box *box, double y)
{
    gboolean table = !box->framed;
    int column = -1;

    if (box->kind == BOX_PICTURE) {
        draw_whole(cr, box, y);
        return;
    }
    if (box->framed) {
        draw_frame(cr, box->x0, y, box->width, box->height);
    }
    if (table) {
        tag_begin(cr, "TR");
    }
    for (guint i = 0; i < box->parts->len; i++) {
        const struct part *p = &g_array_index(box->parts, struct part, i);
        const struct part *before = i > 0 ? p - 1 : NULL;
        const struct part *after = i + 1 < box->parts->len ? p + 1 : NULL;

        if (table && p->column != column) {
            if (column >= 0) {
                tag_end(cr, "TD");
            }
            tag_begin(cr, "TD");
            column = p->column;
            before = NULL;
        }
        draw_tagged(cr, p->box, p->kind, 0, p->box->n_lines, y + p->y,
                    !(before != NULL && item_after_item(p->kind, before->kind)),
                    !(after != NULL && after->column == p->column &&
                      item_after_item(after->kind, p->kind)));
    }
    if (table) {
        if (column >= 0) {
            tag_end(cr, "TD");
        }
        tag_end(cr, "TR");
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

/* Text of page 1 outside the body, in its own paragraph of the structure when tags is TRUE. */
static void
show_tagged(cairo_t *cr, gboolean tags, PangoLayout *layout, double x, double y)
{
    if (tags) {
        tag_begin(cr, "P");
    }
    show(cr, layout, x, y);
    if (tags) {
        tag_end(cr, "P");
    }
}

/* The running header of pages 2..n, and its rule. */
static void
draw_header(cairo_t *cr, const struct bl_doc *doc)
{
    PangoRectangle logical;
    double rule;

    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    show(cr, doc->header, BL_MARGIN_X, doc->header_y);
    pango_layout_get_extents(doc->header, NULL, &logical);
    rule = doc->header_y + (double)logical.height / PANGO_SCALE + 4.0;
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, BL_MARGIN_X, rule);
    cairo_line_to(cr, BL_PAGE_WIDTH - BL_MARGIN_X, rule);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
}

static void
draw_letterhead(cairo_t *cr, const struct bl_doc *doc, gboolean tags)
{
    show_tagged(cr, tags, doc->letterhead,
                BL_PAGE_WIDTH - BL_MARGIN_X -
                    (double)pango_layout_get_width(doc->letterhead) / PANGO_SCALE,
                doc->letterhead_y);
}

/* Whether box i is a list's item that follows another item of it. */
static gboolean
follows_item(const struct bl_doc *doc, guint i)
{
    return i > 0 && g_ptr_array_index(doc->boxes, i - 1) != NULL &&
           item_after_item(g_array_index(doc->flows, struct flow, i).kind,
                           g_array_index(doc->flows, struct flow, i - 1).kind);
}

/* The page in the order the page shows it, which is the order a reader of the structure reads
 * it: the review label at the top, the return address at the left and the letterhead at the
 * right, the address, the text. What is not content (the watermark, the barcode, the pictures,
 * the running header, the page number) is drawn between the elements, where it joins none. An
 * untagged page (a print book's) keeps the letterhead after the address, as it always was. */
static void
render_page(cairo_t *cr, const struct bl_doc *doc, int page, gboolean forms, unsigned root)
{
    const GArray *placed = g_ptr_array_index(doc->pages, (guint)page);
    gboolean tags = !forms; /* a print book is for the printer: untagged, its text shared */
    gboolean letterhead_first = tags && !doc->notice && doc->letterhead != NULL;
    char *label;

    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (tags && (root & BL_RENDER_ROOT_OPEN)) {
        tag_begin(cr, "Document"); /* ended with the file's last page */
    }
    if (doc->watermark != NULL) {
        draw_watermark(cr, doc->watermark);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (page == 0 && doc->label != NULL) {
        cairo_set_source_rgb(cr, 0.69, 0.0, 0.13);
        show_tagged(cr, tags, doc->label, 36.0, 12.0);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    if (page == 0) {
        if (!doc->notice) {
            show_tagged(cr, tags, doc->return_address, BL_RETURN_X, BL_RETURN_Y);
            if (letterhead_first) {
                draw_letterhead(cr, doc, tags);
            }
            if (doc->barcode[0] != '\0') {
                bl_imb_draw(cr, doc->barcode, BL_ADDRESS_X, BL_BARCODE_Y);
                show_tagged(cr, tags, doc->address, BL_ADDRESS_X, BL_ADDRESS_Y + BL_BARCODE_SPACE);
            } else {
                show_tagged(cr, tags, doc->address, BL_ADDRESS_X, BL_ADDRESS_Y);
            }
        }
        if (doc->logo != NULL) {
            draw_whole(cr, doc->logo, BL_RETURN_Y);
        }
        if (doc->letterhead != NULL && !letterhead_first) {
            draw_letterhead(cr, doc, tags);
        }
    } else if (doc->header != NULL) {
        draw_header(cr, doc);
    }
    if (doc->page_label != NULL) {
        char *n = g_strdup_printf("%d", page + 1);
        char *m = g_strdup_printf("%d", bl_doc_page_count(doc));
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
        label = g_strdup_printf("Page %d of %d", page + 1, bl_doc_page_count(doc));
    }
    bl_fonts_set_text(doc->footer, label);
    g_free(label);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    show(cr, doc->footer, BL_MARGIN_X, doc->footer_y);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_frames(cr, doc, placed);
    for (guint i = 0; i < placed->len; i++) {
        const struct placed *p = &g_array_index(placed, struct placed, i);
        struct box *box = g_ptr_array_index(doc->boxes, p->box);

        if (!tags) {
            draw_box_lines(cr, box, p->first, p->count, p->y, forms);
            continue;
        }
        draw_tagged(cr, box, g_array_index(doc->flows, struct flow, p->box).kind, p->first,
                    p->count, p->y, !follows_item(doc, p->box),
                    p->box + 1 >= doc->boxes->len || !follows_item(doc, p->box + 1));
    }
    if (tags && (root & BL_RENDER_ROOT_CLOSE)) {
        tag_end(cr, "Document");
    }
    cairo_restore(cr);
}

/* The root's flags of a doc alone in its file: opened on its first page, closed on its last. */
static unsigned
root_alone(const struct bl_doc *doc, int page)
{
    return (page == 0 ? BL_RENDER_ROOT_OPEN : 0u) |
           (page == bl_doc_page_count(doc) - 1 ? BL_RENDER_ROOT_CLOSE : 0u);
}

void
bl_render_page(cairo_t *cr, const struct bl_doc *doc, int page)
{
    render_page(cr, doc, page, FALSE, root_alone(doc, page));
}

void
bl_render_page_in(cairo_t *cr, const struct bl_doc *doc, int page, unsigned root)
{
    render_page(cr, doc, page, FALSE, root);
}

void
bl_render_page_shared(cairo_t *cr, const struct bl_doc *doc, int page)
{
    render_page(cr, doc, page, TRUE, 0);
}
