/* SPDX-License-Identifier: MIT */
/* Unit tests of render.c: laid-out letters drawn into PDFs and read back with poppler: what each
 * page shows (addresses on page 1, the running header after it, "Page N of M", the DRAFT mark,
 * a review label), where it is (the envelope's windows, the barcode's room), and that drawing
 * the text every letter has once, as a form, changes nothing of what is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <string.h>

#include "barcode.h"
#include "bl_test.h"
#include "fonts.h"
#include "layout.h"
#include "render.h"
#include "text.h"

struct fx {
    struct bl_fonts *fonts;
    struct bl_diag *diag;
    char *dir;
};

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);

    f->diag = bl_diag_new(NULL);
    f->dir = fixture_tmpdir("render");
    if (bl_fonts_load(&f->fonts, BL_DATADIR "/fonts", f->diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(f->diag));
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;

    bl_fonts_free(f->fonts);
    bl_diag_free(f->diag);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static void
add(struct bl_letter *letter, enum bl_block_kind kind, const char *markup, gboolean personal)
{
    struct bl_block b = {.kind = kind,
                         .markup = g_strdup(markup),
                         .keep_with_next = kind == BL_BLOCK_HEADING,
                         .personal = personal};

    g_array_append_val(letter->blocks, b);
}

/* A letter of `paragraphs` paragraphs of the same text for everyone after a personal greeting:
 * two pages from 8 on. */
static void
make_letter(struct bl_letter *letter, int paragraphs)
{
    bl_letter_init(letter);
    letter->font_size = 11;
    letter->author = g_strdup("Acme Health");
    letter->title = g_strdup("Notice of Data Breach");
    g_ptr_array_add(letter->return_lines, g_strdup("Acme Health"));
    g_ptr_array_add(letter->return_lines, g_strdup("1 Harbor Plaza"));
    g_ptr_array_add(letter->address_lines, g_strdup("Zoë O&apos;Connor"));
    g_ptr_array_add(letter->address_lines, g_strdup("12 Palm Way"));
    g_ptr_array_add(letter->address_lines, g_strdup("Tampa FL 33602"));
    letter->running_header = g_strdup("Zoë O&apos;Connor, Notice of Data Breach");
    add(letter, BL_BLOCK_PARA, "Dear Zoë O&apos;Connor:", TRUE);
    add(letter, BL_BLOCK_HEADING, "What Happened", FALSE);
    for (int i = 0; i < paragraphs; i++) {
        char *para = g_strdup_printf(
            "%d. We are writing to tell you about an incident that may have involved some of your "
            "information. We take the privacy and security of the information in our care very "
            "seriously, and we regret any concern this may cause you. This notice explains what "
            "happened, what we are doing, and the steps you can take to protect yourself.",
            i + 1);

        add(letter, BL_BLOCK_PARA, para, FALSE);
        g_free(para);
    }
}

static struct bl_doc *
lay_out(struct fx *f, const struct bl_letter *letter)
{
    struct bl_doc *doc = NULL;

    if (bl_layout(&doc, letter, f->fonts, f->diag) < 0) {
        fail_msg("%s", bl_diag_text(f->diag));
    }
    return doc;
}

/* Draws every page of each doc into the PDF name in the test's directory, as forms when shared.
 * Returns its path; free with g_free(). */
static char *
draw(struct fx *f, const char *name, struct bl_doc *const *docs, int n, gboolean shared)
{
    char *path = g_build_filename(f->dir, name, NULL);
    cairo_surface_t *surface = cairo_pdf_surface_create(path, BL_PAGE_WIDTH, BL_PAGE_HEIGHT);
    cairo_t *cr = cairo_create(surface);

    for (int d = 0; d < n; d++) {
        for (int p = 0; p < bl_doc_page_count(docs[d]); p++) {
            if (shared) {
                bl_render_page_shared(cr, docs[d], p);
            } else {
                bl_render_page(cr, docs[d], p);
            }
            cairo_show_page(cr);
        }
    }
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    assert_int_equal(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
    return path;
}

/* The text of each page of the PDF: with white space folded, or, when joined, without any
 * (letters drawn apart, like the DRAFT mark across a page, come out a letter a line). A
 * NULL-terminated array; free with g_strfreev(). */
static char **
pages_of(const char *pdf, gboolean joined)
{
    char *text = joined ? fixture_pdf_text_raw(pdf) : fixture_pdf_text(pdf);
    char **pages = g_strsplit(text, "\f", -1);

    for (int i = 0; pages[i] != NULL; i++) {
        GString *folded = g_string_new(NULL);
        char *squeezed = bl_text_squeeze(pages[i]);

        g_string_assign(folded, squeezed);
        if (joined) {
            g_string_replace(folded, " ", "", 0);
        }
        g_free(squeezed);
        g_free(pages[i]);
        pages[i] = g_string_free(folded, FALSE);
    }
    g_free(text);
    return pages;
}

static void
test_each_page_shows_what_belongs_to_it(void **state)
{
    struct fx *f = *state;
    struct bl_letter letter;
    struct bl_doc *doc;
    char *pdf;
    char **pages;

    make_letter(&letter, 10);
    doc = lay_out(f, &letter);
    assert_int_equal(bl_doc_page_count(doc), 2);
    pdf = draw(f, "letter.pdf", &doc, 1, FALSE);
    assert_int_equal(fixture_pdf_pages(pdf), 2);
    pages = pages_of(pdf, FALSE);
    /* page 1: both addresses, the greeting, its number; no running header */
    fixture_assert_has(pages[0], "Acme Health 1 Harbor Plaza");
    fixture_assert_has(pages[0], "Zoë O'Connor 12 Palm Way Tampa FL 33602");
    fixture_assert_has(pages[0], "Dear Zoë O'Connor: What Happened 1. We are writing");
    fixture_assert_has(pages[0], "Page 1 of 2");
    fixture_assert_lacks(pages[0], "Zoë O'Connor, Notice of Data Breach");
    /* page 2: the running header and its number, no address */
    fixture_assert_has(pages[1], "Zoë O'Connor, Notice of Data Breach");
    fixture_assert_has(pages[1], "Page 2 of 2");
    fixture_assert_lacks(pages[1], "12 Palm Way");
    fixture_assert_lacks(pages[1], "Page 1 of 2");
    g_strfreev(pages);
    /* a letter to mail has no DRAFT mark */
    pages = pages_of(pdf, TRUE);
    fixture_assert_has(pages[0], "12PalmWay");
    fixture_assert_lacks(pages[0], "DRAFT");
    fixture_assert_lacks(pages[1], "DRAFT");
    g_strfreev(pages);
    g_free(pdf);
    bl_doc_free(doc);
    bl_letter_release(&letter);
}

static gboolean
inside(const struct fixture_box *b, double x, double y, double w, double h)
{
    return b->x0 >= x && b->x1 <= x + w && b->y0 >= y && b->y1 <= y + h;
}

static void
test_addresses_sit_in_the_envelope_windows(void **state)
{
    struct fx *f = *state;
    struct bl_letter letter;
    struct bl_doc *doc[2];
    struct fixture_box plain, with_bars, ret, number, greeting;
    char *pdf;

    make_letter(&letter, 2);
    doc[0] = lay_out(f, &letter);
    /* the same letter with its barcode: the address moves down to make room for it */
    assert_int_equal(bl_imb_encode("01234567094987654321", "33602", letter.barcode, NULL), 0);
    doc[1] = lay_out(f, &letter);
    assert_true(bl_doc_has_barcode(doc[1]));
    pdf = draw(f, "windows.pdf", doc, 2, FALSE);

    assert_true(fixture_pdf_word(pdf, 1, "Palm", &plain));
    assert_true(inside(&plain, BL_ADDRESS_X, BL_ADDRESS_Y, BL_ADDRESS_W, BL_ADDRESS_H));
    assert_true(fixture_pdf_word(pdf, 1, "Harbor", &ret));
    assert_true(inside(&ret, BL_RETURN_X, BL_RETURN_Y, BL_RETURN_W, BL_RETURN_H));
    assert_true(fixture_pdf_word(pdf, 1, "Dear", &greeting));
    assert_true(greeting.y0 >= BL_BODY_TOP_FIRST - 0.01);
    assert_true(fixture_pdf_word(pdf, 1, "Page", &number));
    assert_true(number.y0 >= BL_FOOTER_Y && number.y1 <= BL_PAGE_HEIGHT);
    assert_true(number.x0 >= BL_MARGIN_X - 0.5);

    assert_true(fixture_pdf_word(pdf, 2, "Palm", &with_bars));
    assert_true(inside(&with_bars, BL_ADDRESS_X, BL_ADDRESS_Y, BL_ADDRESS_W, BL_ADDRESS_H));
    assert_true(with_bars.y0 - plain.y0 > BL_BARCODE_SPACE - 0.5);
    assert_true(with_bars.y0 - plain.y0 < BL_BARCODE_SPACE + 0.5);
    g_free(pdf);
    bl_doc_free(doc[0]);
    bl_doc_free(doc[1]);
    bl_letter_release(&letter);
}

static void
test_draft_label_and_notice(void **state)
{
    struct fx *f = *state;
    struct bl_letter letter;
    struct bl_doc *doc;
    char *pdf;
    char **pages;

    make_letter(&letter, 10);
    letter.draft = TRUE;
    letter.label = g_strdup("Sample letter for review: adult, Florida");
    doc = lay_out(f, &letter);
    pdf = draw(f, "draft.pdf", &doc, 1, FALSE);
    pages = pages_of(pdf, TRUE);
    /* a draft is marked on every page; the review label is on the first only */
    fixture_assert_has(pages[0], "DRAFT");
    fixture_assert_has(pages[1], "DRAFT");
    g_strfreev(pages);
    pages = pages_of(pdf, FALSE);
    fixture_assert_has(pages[0], "Sample letter for review: adult, Florida");
    fixture_assert_lacks(pages[1], "Sample letter for review");
    g_strfreev(pages);
    g_free(pdf);
    bl_doc_free(doc);
    bl_letter_release(&letter);

    /* a public notice has no address block */
    make_letter(&letter, 2);
    letter.notice = TRUE;
    doc = lay_out(f, &letter);
    pdf = draw(f, "notice.pdf", &doc, 1, FALSE);
    pages = pages_of(pdf, FALSE);
    fixture_assert_lacks(pages[0], "12 Palm Way");
    fixture_assert_lacks(pages[0], "1 Harbor Plaza");
    fixture_assert_has(pages[0], "What Happened");
    g_strfreev(pages);
    g_free(pdf);
    bl_doc_free(doc);
    bl_letter_release(&letter);
}

/* The size in bytes of the file at path. */
static gsize
size_of(const char *path)
{
    gsize size = 0;

    g_free(fixture_read(path, &size));
    return size;
}

static void
test_shared_text_reads_the_same_in_a_smaller_book(void **state)
{
    struct fx *f = *state;
    struct bl_letter letter;
    struct bl_doc *docs[12];
    char *plain, *shared, *plain_text, *shared_text;
    gsize plain_2, shared_2, plain_12, shared_12;

    make_letter(&letter, 10);
    for (gsize i = 0; i < G_N_ELEMENTS(docs); i++) {
        docs[i] = lay_out(f, &letter);
    }
    plain = draw(f, "plain.pdf", docs, G_N_ELEMENTS(docs), FALSE);
    shared = draw(f, "shared.pdf", docs, G_N_ELEMENTS(docs), TRUE);
    assert_int_equal(fixture_pdf_pages(shared), 24);
    plain_text = fixture_pdf_text(plain);
    shared_text = fixture_pdf_text(shared);
    assert_string_equal(shared_text, plain_text);
    plain_12 = size_of(plain);
    shared_12 = size_of(shared);
    g_free(plain);
    g_free(shared);
    plain = draw(f, "plain.pdf", docs, 2, FALSE);
    shared = draw(f, "shared.pdf", docs, 2, TRUE);
    plain_2 = size_of(plain);
    shared_2 = size_of(shared);
    /* the paragraphs every letter has are held once: ten more letters cost less (what each
     * page has of its own, its addresses, header and number, still costs the same) */
    if ((shared_12 - shared_2) * 5 > (plain_12 - plain_2) * 4) {
        fail_msg("10 more letters: %zu bytes shared, %zu plain", shared_12 - shared_2,
                 plain_12 - plain_2);
    }
    g_free(plain_text);
    g_free(shared_text);
    g_free(plain);
    g_free(shared);
    for (gsize i = 0; i < G_N_ELEMENTS(docs); i++) {
        bl_doc_free(docs[i]);
    }
    bl_letter_release(&letter);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_page_shows_what_belongs_to_it),
        cmocka_unit_test(test_addresses_sit_in_the_envelope_windows),
        cmocka_unit_test(test_draft_label_and_notice),
        cmocka_unit_test(test_shared_text_reads_the_same_in_a_smaller_book),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
