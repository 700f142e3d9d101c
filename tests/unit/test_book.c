/* SPDX-License-Identifier: MIT */
/* Unit tests of the book sink (sink_book.c), through the sinks' interface: letters one after
 * another, each from a new sheet in duplex, the list of what is where, the book's title, and
 * nothing left of a book abandoned or of one whose list cannot be written. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "layout.h"
#include "sink.h"

struct fix {
    struct bl_fonts *fonts;
    struct bl_letter letter;
    struct bl_doc *one, *three; /* a letter of one page and one of three */
    struct bl_diag *diag;
    char *dir;
};

static struct bl_doc *
letter_of(struct fix *f, int paragraphs)
{
    struct bl_doc *doc = NULL;

    for (guint i = 0; i < f->letter.blocks->len; i++) {
        g_free(g_array_index(f->letter.blocks, struct bl_block, i).markup);
    }
    g_array_set_size(f->letter.blocks, 0);
    for (int i = 0; i < paragraphs; i++) {
        struct bl_block b = {
            .kind = BL_BLOCK_PARA,
            .markup = g_strdup("A paragraph of the letter, long enough to take a few lines "
                               "of the page when it is set in the body's type, and then "
                               "some more words so that it wraps.")};

        g_array_append_val(f->letter.blocks, b);
    }
    assert_int_equal(bl_layout(&doc, &f->letter, f->fonts, f->diag), 0);
    return doc;
}

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->diag = bl_diag_new(NULL);
    if (bl_fonts_load(&f->fonts, BL_DATADIR "/fonts", f->diag) < 0) {
        return -1;
    }
    bl_letter_init(&f->letter);
    f->letter.font_size = 11;
    f->letter.title = g_strdup("Notice of Data Breach");
    g_date_set_dmy(&f->letter.date, 6, 1, 2025);
    g_ptr_array_add(f->letter.address_lines, g_strdup("Pat Lee"));
    f->one = letter_of(f, 1);
    f->three = letter_of(f, 40);
    f->dir = g_dir_make_tmp("bl-book-XXXXXX", NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_doc_free(f->one);
    bl_doc_free(f->three);
    bl_letter_release(&f->letter);
    bl_fonts_free(f->fonts);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* Pages of a PDF cairo wrote: its page objects are plain text ("/Type /Page % 1"). */
static int
pdf_pages(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    int n = 0;
    const char *p;

    assert_true(g_file_get_contents(path, &data, &len, NULL));
    for (p = data; (p = memmem(p, len - (gsize)(p - data), "/Type /Page %", 13)) != NULL; p++) {
        n++;
    }
    g_free(data);
    return n;
}

/* A book sink of the fixture's, number 7. */
static struct bl_sink *
new_book(struct fix *f, const char *pdf, gboolean duplex)
{
    struct bl_sink_config config = {.name = pdf, .number = 7, .duplex = duplex};
    struct bl_sink *b = NULL;

    assert_int_equal(bl_sink_new(&b, "book", &config, f->diag), 0);
    return b;
}

/* Adds doc as the letter of id; returns its first page. */
static int
add(struct fix *f, struct bl_sink *b, const char *id, const struct bl_doc *doc)
{
    struct bl_sink_placed placed;

    assert_int_equal(bl_sink_write_letter(b, &f->letter, id, NULL, &doc, 1, &placed), 0);
    assert_int_equal(placed.pages, bl_doc_page_count(doc));
    assert_string_equal(placed.sha256, ""); /* the book's, when it is finished */
    return placed.first_page;
}

static void
make_book(struct fix *f, gboolean duplex, char **pdf, char **csv)
{
    struct bl_sink *b;
    char sha[65] = "";
    int first[3];

    *pdf = g_build_filename(f->dir, duplex ? "duplex.pdf" : "simplex.pdf", NULL);
    *csv = g_strdup_printf("%.*s.csv", (int)strlen(*pdf) - 4, *pdf);
    b = new_book(f, *pdf, duplex);
    first[0] = add(f, b, "A-1", f->three);
    first[1] = add(f, b, "A,2", f->one);
    first[2] = add(f, b, "A-3", f->three);
    assert_int_equal(first[0], 1);
    /* duplex: every letter starts on the front of a sheet, after a blank back */
    assert_int_equal(first[1], duplex ? 5 : 4);
    assert_int_equal(first[2], duplex ? 7 : 5);
    assert_false(g_file_test(*pdf, G_FILE_TEST_EXISTS)); /* complete only when finished */
    assert_false(g_file_test(*csv, G_FILE_TEST_EXISTS));
    assert_int_equal(bl_sink_finish(b, sha), 0);
    assert_int_equal(strlen(sha), 64);
    bl_sink_free(b);
}

static void
test_letters_start_on_a_new_sheet(void **state)
{
    struct fix *f = *state;
    char *pdf, *csv, *text = NULL;

    assert_int_equal(bl_doc_page_count(f->three), 3);
    assert_int_equal(bl_doc_page_count(f->one), 1);
    make_book(f, TRUE, &pdf, &csv);
    assert_int_equal(pdf_pages(pdf), 10); /* 3 + blank, 1 + blank, 3 + blank */
    assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    assert_string_equal(text, "sequence,id,first_page,pages,sheets\r\n"
                              "1,A-1,1,3,2\r\n"
                              "2,\"A,2\",5,1,1\r\n"
                              "3,A-3,7,3,2\r\n");
    g_free(text);
    g_free(pdf);
    g_free(csv);
    make_book(f, FALSE, &pdf, &csv);
    assert_int_equal(pdf_pages(pdf), 7); /* simplex: no blank pages */
    assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    assert_non_null(strstr(text, "\r\n3,A-3,5,3,3\r\n"));
    g_free(text);
    g_free(pdf);
    g_free(csv);
}

static void
test_the_book_is_titled_by_its_number_and_lists_no_number_of_a_person(void **state)
{
    struct fix *f = *state;
    char *pdf = g_build_filename(f->dir, "titled.pdf", NULL);
    char *csv = g_build_filename(f->dir, "titled.csv", NULL);
    struct bl_sink *b = new_book(f, pdf, TRUE);
    char *bytes = NULL, *text = NULL;
    gsize len;

    /* a draft letter says so on its pages; the book's title does not */
    f->letter.draft = TRUE;
    add(f, b, "123-45-6789", f->one);
    f->letter.draft = FALSE;
    assert_int_equal(bl_sink_finish(b, NULL), 0);
    bl_sink_free(b);
    assert_true(g_file_get_contents(pdf, &bytes, &len, NULL));
    assert_non_null(memmem(bytes, len, "(Notice of Data Breach - print book 7)", 38));
    assert_null(memmem(bytes, len, "DRAFT - not for mailing", 23));
    assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    assert_string_equal(text, "sequence,id,first_page,pages,sheets\r\n"
                              "1,[number withheld],1,1,1\r\n");
    g_free(text);
    g_free(bytes);
    g_free(csv);
    g_free(pdf);
}

static void
test_a_book_of_no_letters_is_not_made(void **state)
{
    struct fix *f = *state;
    char *pdf = g_build_filename(f->dir, "empty.pdf", NULL);
    char *csv = g_build_filename(f->dir, "empty.csv", NULL);
    struct bl_sink *b = new_book(f, pdf, TRUE);
    char sha[65] = "x";

    assert_int_equal(bl_sink_finish(b, sha), 0);
    assert_string_equal(sha, "");
    bl_sink_free(b);
    assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(csv, G_FILE_TEST_EXISTS));
    g_free(csv);
    g_free(pdf);
}

static void
test_an_abandoned_book_leaves_nothing(void **state)
{
    struct fix *f = *state;
    char *pdf = g_build_filename(f->dir, "gone.pdf", NULL);
    char *csv = g_build_filename(f->dir, "gone.csv", NULL);
    char *tmp = g_build_filename(f->dir, "gone.pdf.part", NULL);
    struct bl_sink *b;
    char sha[65] = "x";

    b = new_book(f, pdf, TRUE);
    add(f, b, "A-1", f->one);
    assert_true(g_file_test(tmp, G_FILE_TEST_EXISTS));
    bl_sink_abort(b);
    bl_sink_free(b);
    assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(csv, G_FILE_TEST_EXISTS));
    /* a list that cannot be written (a folder has its name) takes its book along */
    assert_int_equal(g_mkdir(csv, 0700), 0);
    b = new_book(f, pdf, TRUE);
    add(f, b, "A-1", f->one);
    assert_int_equal(bl_sink_finish(b, sha), -1);
    assert_string_equal(sha, "");
    bl_sink_free(b);
    assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
    assert_true(g_file_test(csv, G_FILE_TEST_IS_DIR));
    assert_non_null(strstr(bl_diag_text(f->diag), "gone.csv: error: cannot "));
    g_free(tmp);
    g_free(csv);
    g_free(pdf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_letters_start_on_a_new_sheet, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_book_is_titled_by_its_number_and_lists_no_number_of_a_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_book_of_no_letters_is_not_made, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_abandoned_book_leaves_nothing, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
