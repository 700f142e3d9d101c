/* SPDX-License-Identifier: MIT */
/* Unit tests of layout.c: pagination rules (headings with their text, no orphan or widow
 * lines, groups kept together, page breaks) and the envelope window checks. White-box: reads
 * the laid-out pages through the private page.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bind.h"
#include "bl_test.h"
#include "fonts.h"
#include "layout.h"
#include "page.h"

static int
setup(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    int rc = bl_fonts_load(&fonts, BL_DATADIR "/fonts", diag);

    bl_diag_free(diag);
    *state = fonts;
    return rc;
}

static int
teardown(void **state)
{
    bl_fonts_free(*state);
    return 0;
}

static void
add(struct bl_letter *letter, enum bl_block_kind kind, const char *markup, gboolean keep, int group)
{
    struct bl_block b = {.kind = kind,
                         .markup = g_strdup(markup),
                         .keep_with_next = keep,
                         .group = group,
                         .personal = TRUE};

    g_array_append_val(letter->blocks, b);
}

static void
letter_with_address(struct bl_letter *letter)
{
    bl_letter_init(letter);
    letter->font_size = 11;
    letter->author = g_strdup("Acme");
    g_ptr_array_add(letter->address_lines, g_strdup("Zoë O&apos;Connor"));
    g_ptr_array_add(letter->address_lines, g_strdup("12 Palm Way"));
    g_ptr_array_add(letter->return_lines, g_strdup("Acme"));
}

static char *
words(int n)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < n; i++) {
        g_string_append_printf(s, "%sword%d", i > 0 ? " " : "", i);
    }
    return g_string_free(s, FALSE);
}

/* Where block i's lines went: the page of its first and last line and how many lines each
 * run holds. */
struct where {
    int first_page, last_page;
    int first_count, last_count;
};

static struct where
find(const struct bl_doc *doc, guint block)
{
    struct where w = {-1, -1, 0, 0};

    for (guint p = 0; p < doc->pages->len; p++) {
        GArray *runs = g_ptr_array_index(doc->pages, p);

        for (guint i = 0; i < runs->len; i++) {
            const struct placed *r = &g_array_index(runs, struct placed, i);

            if (r->box != block) {
                continue;
            }
            if (w.first_page < 0) {
                w.first_page = (int)p;
                w.first_count = r->count;
            }
            w.last_page = (int)p;
            w.last_count = r->count;
        }
    }
    return w;
}

static void
test_long_letter_flows_without_orphans_or_widows(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(120);

    letter_with_address(&letter);
    for (int i = 0; i < 30; i++) {
        add(&letter, BL_BLOCK_HEADING, "Heading", TRUE, 0);
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_true(bl_doc_page_count(doc) >= 5);
    for (guint i = 0; i < letter.blocks->len; i++) {
        struct where w = find(doc, i);
        const struct bl_block *b = &g_array_index(letter.blocks, struct bl_block, i);

        assert_true(w.first_page >= 0); /* every block is placed */
        if (b->kind == BL_BLOCK_HEADING) {
            struct where next = find(doc, i + 1);

            assert_int_equal(w.first_page, w.last_page);
            /* the heading and at least two lines of its paragraph share a page */
            assert_int_equal(next.first_page, w.last_page);
            assert_true(next.first_count >= 2);
        } else if (w.first_page != w.last_page) {
            assert_true(w.first_count >= 2);
            assert_true(w.last_count >= 2);
        }
    }
    /* no run leaves the body area */
    for (guint p = 0; p < doc->pages->len; p++) {
        GArray *runs = g_ptr_array_index(doc->pages, p);

        for (guint i = 0; i < runs->len; i++) {
            const struct placed *r = &g_array_index(runs, struct placed, i);
            const struct box *box = g_ptr_array_index(doc->boxes, r->box);
            double bottom = r->y + box->bottom[r->first + r->count - 1] - box->top[r->first];

            assert_true(r->y >= (p == 0 ? BL_BODY_TOP_FIRST : BL_BODY_TOP) - 0.01);
            assert_true(bottom <= BL_BODY_BOTTOM + 0.01);
        }
    }
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

static void
test_group_moves_whole_and_page_break_starts_page(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(60);
    guint group_start;

    letter_with_address(&letter);
    for (int i = 0; i < 7; i++) {
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    group_start = letter.blocks->len;
    add(&letter, BL_BLOCK_PARA, "We apologize.", FALSE, 1);
    add(&letter, BL_BLOCK_SIGNATURE, "Sincerely,\nPat Lee\nPrivacy Officer\nAcme", FALSE, 1);
    add(&letter, BL_BLOCK_PAGE_BREAK, NULL, FALSE, 0);
    add(&letter, BL_BLOCK_HEADING, "Steps", TRUE, 0);
    add(&letter, BL_BLOCK_PARA, "Do this.", FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_int_equal(find(doc, group_start).first_page, find(doc, group_start + 1).first_page);
    assert_int_equal(find(doc, group_start + 1).first_page, find(doc, group_start + 1).last_page);
    assert_int_equal(find(doc, group_start + 3).first_page,
                     find(doc, group_start + 1).last_page + 1);
    assert_int_equal(bl_doc_page_count(doc), find(doc, group_start + 4).last_page + 1);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

static void
test_address_that_does_not_fit_the_window_is_refused(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, "Text.", FALSE, 0);
    g_ptr_array_add(letter.address_lines,
                    g_strdup("A street name far too long to fit in any envelope window at all"));
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "line 3 of the recipient address is too long for the envelope window "
                        "(3.5 in wide), even at 9 pt");
    g_ptr_array_set_size(letter.address_lines, 2);
    for (int i = 0; i < 5; i++) {
        g_ptr_array_add(letter.address_lines, g_strdup("Line"));
    }
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "the recipient address has 7 lines, more than the envelope window holds "
                        "(1.00 in high)");
    g_ptr_array_set_size(letter.address_lines, 6);
    if (bl_layout(&doc, &letter, *state, diag) != 0) {
        fail_msg("six lines must fit: %s", bl_diag_last_message(diag));
    }
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
}

/* Whether a line of the block's layout starts strictly inside the first occurrence of needle in
 * the layout's text. */
static gboolean
broken_inside(PangoLayout *layout, const char *needle)
{
    const char *text = pango_layout_get_text(layout);
    const char *at = strstr(text, needle);
    int from, to;

    assert_non_null(at);
    from = (int)(at - text);
    to = from + (int)strlen(needle);
    for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next) {
        const PangoLayoutLine *line = l->data;

        if (line->start_index > from && line->start_index < to) {
            return TRUE;
        }
    }
    return FALSE;
}

/* A paragraph with a phone number and an e-mail address, after n words, laid out alone; returns
 * whether either was broken across lines. */
static gboolean
number_or_address_broken(const struct bl_fonts *fonts, int n, gboolean whole)
{
    struct bl_letter letter;
    struct bl_doc *doc = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *filler = words(n);
    char *markup = whole ? g_strdup_printf("%s call " BL_WHOLE_START "1-800-555-0100" BL_WHOLE_END
                                           " or write to " BL_WHOLE_START
                                           "privacy-notice@example.com" BL_WHOLE_END " today.",
                                           filler)
                         : g_strdup_printf("%s call 1-800-555-0100 or write to "
                                           "privacy-notice@example.com today.",
                                           filler);
    gboolean broken;
    PangoLayout *layout;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, markup, FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, fonts, diag), 0);
    layout = ((struct box *)g_ptr_array_index(doc->boxes, 0))->layout;
    broken = broken_inside(layout, "1-800-555-0100") ||
             broken_inside(layout, "privacy-notice@example.com");
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(markup);
    g_free(filler);
    return broken;
}

/* Phone numbers and e-mail addresses marked whole are never broken across lines, wherever in
 * the paragraph they fall; unmarked, the same text is broken at their hyphens. */
static void
test_whole_values_stay_on_one_line(void **state)
{
    int broken_plain = 0;

    for (int n = 0; n < 24; n++) {
        assert_false(number_or_address_broken(*state, n, TRUE));
        broken_plain += number_or_address_broken(*state, n, FALSE);
    }
    assert_true(broken_plain > 0);
}

/* A value marked whole but wider than the line is broken like any text, not run past the margin
 * where it would be lost; the other values of the paragraph stay whole. */
static void
test_whole_value_wider_than_the_line_is_broken(void **state)
{
    struct bl_letter letter;
    struct bl_doc *doc = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);
    const char *url = "https://notice.example.com/a-very-long-path/that-keeps-going/and-going/"
                      "further-still/until-it-is-wider-than-a-line";
    char *markup = g_strdup_printf("Visit " BL_WHOLE_START "%s" BL_WHOLE_END
                                   ". You can e-mail us at " BL_WHOLE_START
                                   "privacy-notice@example.com" BL_WHOLE_END ".",
                                   url);
    PangoLayout *layout;
    PangoRectangle logical;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, markup, FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    layout = ((struct box *)g_ptr_array_index(doc->boxes, 0))->layout;
    pango_layout_get_extents(layout, NULL, &logical);
    assert_true(logical.x + logical.width <= pango_layout_get_width(layout));
    assert_true(broken_inside(layout, url));
    /* ... after a slash, never at one of its hyphens */
    for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next) {
        const PangoLayoutLine *line = l->data;
        const char *text = pango_layout_get_text(layout);

        if (line->start_index > 0 && text[line->start_index - 1] != ' ') {
            assert_int_equal(text[line->start_index - 1], '/');
        }
    }
    assert_false(broken_inside(layout, "privacy-notice@example.com"));
    assert_non_null(strstr(pango_layout_get_text(layout), url)); /* nothing lost */
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(markup);
}

/* A PNG picture of w x h pixels in dir; returns its path (free with g_free()). */
static char *
write_png(const char *dir, const char *name, int w, int h)
{
    char *path = g_build_filename(dir, name, NULL);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);

    cairo_set_source_rgb(cr, 0.2, 0.3, 0.5);
    cairo_paint(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return path;
}

static struct bl_block
text_part(enum bl_block_kind kind, const char *markup)
{
    struct bl_block b = {.kind = kind, .markup = g_strdup(markup), .personal = TRUE};

    return b;
}

/* A box or columns of the given parts (the letter takes them), markup their text. */
static void
add_frame(struct bl_letter *letter, enum bl_block_kind kind, GArray *parts_take)
{
    struct bl_block b = {
        .kind = kind, .markup = g_strdup("frame\ntext"), .personal = TRUE, .parts = parts_take};

    g_array_append_val(letter->blocks, b);
}

/* A box is set whole, inside its rule, on one page: pushed to the next page when it does not
 * fit at the foot of one, never split; its parts stack inside it, indented from the rule. */
static void
test_box_is_set_whole_on_one_page(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(60);
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    struct bl_block p;
    const struct box *box;
    const struct part *first, *last;
    struct where w;
    guint at;

    letter_with_address(&letter);
    for (int i = 0; i < 5; i++) {
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    p = text_part(BL_BLOCK_SUBHEADING, "What to do now");
    g_array_append_val(parts, p);
    for (int i = 0; i < 4; i++) {
        p = text_part(BL_BLOCK_ITEM, para);
        g_array_append_val(parts, p);
    }
    at = letter.blocks->len;
    add_frame(&letter, BL_BLOCK_BOX, parts);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, at);
    assert_int_equal(box->kind, BOX_FRAME);
    assert_true(box->framed);
    assert_int_equal(box->n_lines, 1);
    assert_int_equal(box->parts->len, 5);
    first = &g_array_index(box->parts, struct part, 0);
    last = &g_array_index(box->parts, struct part, 4);
    assert_true(first->y > 0);                   /* room above the first line */
    assert_true(first->box->x0 > BL_MARGIN_X);   /* and beside it */
    assert_true(last->box->x0 > first->box->x0); /* a bullet's indent */
    assert_true(last->y + last->box->bottom[last->box->n_lines - 1] < box->height);
    w = find(doc, at);
    /* the five paragraphs leave too little room on page 1: the box starts page 2, whole */
    assert_int_equal(w.first_page, 1);
    assert_int_equal(w.last_page, 1);
    assert_int_equal(w.first_count, 1);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

/* Columns divide the text's width into equal columns side by side, each column's parts one under
 * the other, as tall as the tallest column; a web address too wide for its column breaks after a
 * slash. */
static void
test_columns_are_set_side_by_side(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    GArray *columns = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    const struct box *box;
    double tops[3] = {-1, -1, -1}, x0s[3] = {0, 0, 0}, bottom = 0;

    letter_with_address(&letter);
    for (int c = 0; c < 3; c++) {
        struct bl_block col = {.kind = BL_BLOCK_COLUMN,
                               .markup = g_strdup(""),
                               .parts = g_array_new(FALSE, TRUE, sizeof(struct bl_block))};
        struct bl_block p = text_part(BL_BLOCK_PARA, "<b>Bureau</b>\n1-800-555-0100");

        g_array_append_val(col.parts, p);
        if (c == 2) {
            p = text_part(BL_BLOCK_PARA,
                          BL_WHOLE_START "www.transunion.com/credit-help" BL_WHOLE_END
                                         "\nP.O. Box 2000\nChester, PA 19016");
            g_array_append_val(col.parts, p);
        }
        g_array_append_val(columns, col);
    }
    add_frame(&letter, BL_BLOCK_COLUMNS, columns);
    g_array_index(letter.blocks, struct bl_block, 0).font_size = 10;
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, 0);
    assert_int_equal(box->kind, BOX_FRAME);
    assert_false(box->framed);
    assert_int_equal(box->parts->len, 4);
    for (guint i = 0; i < box->parts->len; i++) {
        const struct part *p = &g_array_index(box->parts, struct part, i);
        int c = i < 2 ? (int)i : 2;

        if (tops[c] < 0) {
            tops[c] = p->y;
            x0s[c] = p->box->x0;
        }
        bottom = MAX(bottom, p->y + p->box->bottom[p->box->n_lines - 1]);
    }
    assert_true(tops[0] == 0 && tops[1] == 0 && tops[2] == 0);
    assert_true(x0s[0] == BL_MARGIN_X && x0s[1] > x0s[0] + 100 && x0s[2] > x0s[1] + 100);
    assert_true(bottom <= box->height + 0.01 && bottom >= box->height - 0.01);
    {
        /* the address of the third column: broken after its slash */
        const struct box *addr = g_array_index(box->parts, struct part, 3).box;
        const char *text = pango_layout_get_text(addr->layout);
        PangoLayoutLine *second = pango_layout_get_line_readonly(addr->layout, 1);

        assert_true(addr->n_lines >= 4);
        assert_int_equal(text[second->start_index - 1], '/');
    }
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
}

/* A picture keeps its proportions from one side given; a blank one (no file) keeps its space;
 * one that cannot be read stops the letter with its name. */
static void
test_pictures_keep_proportions_and_unreadable_ones_are_refused(void **state)
{
    char *dir = fixture_tmpdir("layout-png");
    char *png = write_png(dir, "seal.png", 200, 100);
    char *bad = fixture_write(dir, "bad.png", "not a picture", -1);
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    struct bl_block img = {.kind = BL_BLOCK_IMAGE,
                           .markup = g_strdup(""),
                           .align = BL_ALIGN_RIGHT,
                           .image = {g_strdup(png), 0, 36}};
    struct bl_block blank = {
        .kind = BL_BLOCK_IMAGE, .markup = g_strdup(""), .image = {NULL, 0, 30}};
    const struct box *box;

    letter_with_address(&letter);
    g_array_append_val(letter.blocks, img);
    g_array_append_val(letter.blocks, blank);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, 0);
    assert_int_equal(box->kind, BOX_PICTURE);
    assert_non_null(box->picture);
    assert_true(box->width == 72.0 && box->height == 36.0);
    assert_true(box->x0 == BL_PAGE_WIDTH - BL_MARGIN_X - 72.0); /* right-aligned */
    box = g_ptr_array_index(doc->boxes, 1);
    assert_null(box->picture);
    assert_true(box->height == 30.0);
    bl_doc_free(doc);
    g_free(g_array_index(letter.blocks, struct bl_block, 0).image.path);
    g_array_index(letter.blocks, struct bl_block, 0).image.path = g_strdup(bad);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_non_null(strstr(bl_diag_last_message(diag), "bad.png' cannot be read: it must be a "
                                                       "PNG file"));
    bl_letter_release(&letter);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(png);
    g_free(bad);
    g_free(dir);
}

/* The letterhead's picture is scaled into 3 x 1 in at the top right, outside both windows, its
 * lines under it; without a letterhead from the template, the author's name is printed there. */
static void
test_logo_at_top_right_outside_the_windows(void **state)
{
    char *dir = fixture_tmpdir("layout-logo");
    char *png = write_png(dir, "logo.png", 400, 400);
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, "Text.", FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_null(doc->logo);
    assert_string_equal(pango_layout_get_text(doc->letterhead), "Acme");
    bl_doc_free(doc);
    letter.letterhead_given = TRUE;
    letter.logo.path = g_strdup(png);
    letter.logo.height = 200; /* asked too tall: fitted into one inch */
    letter.letterhead = g_strdup("January 6, 2025");
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_non_null(doc->logo);
    assert_true(doc->logo->height == 72.0 && doc->logo->width == 72.0);
    assert_true(doc->logo->x0 == BL_PAGE_WIDTH - BL_MARGIN_X - 72.0);
    assert_true(doc->letterhead_y > BL_RETURN_Y + 72.0);
    assert_string_equal(pango_layout_get_text(doc->letterhead), "January 6, 2025");
    bl_doc_free(doc);
    /* a letterhead with nothing in it prints nothing */
    g_clear_pointer(&letter.logo.path, g_free);
    g_clear_pointer(&letter.letterhead, g_free);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_null(doc->logo);
    assert_null(doc->letterhead);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(png);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_letter_flows_without_orphans_or_widows),
        cmocka_unit_test(test_group_moves_whole_and_page_break_starts_page),
        cmocka_unit_test(test_address_that_does_not_fit_the_window_is_refused),
        cmocka_unit_test(test_whole_values_stay_on_one_line),
        cmocka_unit_test(test_whole_value_wider_than_the_line_is_broken),
        cmocka_unit_test(test_box_is_set_whole_on_one_page),
        cmocka_unit_test(test_columns_are_set_side_by_side),
        cmocka_unit_test(test_pictures_keep_proportions_and_unreadable_ones_are_refused),
        cmocka_unit_test(test_logo_at_top_right_outside_the_windows),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
