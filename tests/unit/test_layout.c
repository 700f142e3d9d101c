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
    assert_false(broken_inside(layout, "privacy-notice@example.com"));
    assert_non_null(strstr(pango_layout_get_text(layout), url)); /* nothing lost */
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(markup);
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
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
