/* SPDX-License-Identifier: MIT */
/* Unit tests of the sinks: a PDF is complete, hashed, reproducible and owner-only, or it does
 * not exist; a PNG page has the page's size. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bl_test.h"
#include "layout.h"
#include "sink.h"

struct fix {
    struct bl_fonts *fonts;
    struct bl_letter letter;
    struct bl_doc *doc;
    struct bl_diag *diag;
    char *dir;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);
    struct bl_block b = {BL_BLOCK_PARA, g_strdup("Some text."), BL_ALIGN_LEFT, FALSE, 0, TRUE};

    f->diag = bl_diag_new(NULL);
    if (bl_fonts_load(&f->fonts, BL_DATADIR "/fonts", f->diag) < 0) {
        return -1;
    }
    bl_letter_init(&f->letter);
    f->letter.font_size = 11;
    f->letter.title = g_strdup("Notice of Data Breach");
    f->letter.author = g_strdup("Acme & Co.");
    f->letter.subject = g_strdup("A notice");
    g_date_set_dmy(&f->letter.date, 6, 1, 2025);
    g_ptr_array_add(f->letter.address_lines, g_strdup("Pat Lee"));
    g_array_append_val(f->letter.blocks, b);
    if (bl_layout(&f->doc, &f->letter, f->fonts, f->diag) < 0) {
        return -1;
    }
    f->dir = g_dir_make_tmp("bl-sink-XXXXXX", NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_doc_free(f->doc);
    bl_letter_release(&f->letter);
    bl_fonts_free(f->fonts);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

static void
test_pdf_is_complete_hashed_and_reproducible(void **state)
{
    struct fix *f = *state;
    char *a = g_build_filename(f->dir, "a.pdf", NULL);
    char *b = g_build_filename(f->dir, "b.pdf", NULL);
    char sha_a[65], sha_b[65];
    char *bytes_a = NULL, *bytes_b = NULL, *sum;
    gsize len_a, len_b;
    struct stat st;

    assert_int_equal(bl_sink_pdf_write(a, f->doc, &f->letter, sha_a, f->diag), 0);
    assert_int_equal(bl_sink_pdf_write(b, f->doc, &f->letter, sha_b, f->diag), 0);
    assert_true(g_file_get_contents(a, &bytes_a, &len_a, NULL));
    assert_true(g_file_get_contents(b, &bytes_b, &len_b, NULL));
    assert_true(len_a > 1000);
    assert_memory_equal(bytes_a, "%PDF-", 5);
    assert_non_null(memmem(bytes_a + len_a - 32, 32, "%%EOF", 5));
    assert_int_equal(len_a, len_b);
    assert_memory_equal(bytes_a, bytes_b, len_a);
    sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes_a, len_a);
    assert_string_equal(sha_a, sum);
    assert_non_null(memmem(bytes_a, len_a, "(20250106000000Z)", 17));
    assert_int_equal(g_stat(a, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    g_free(sum);
    g_free(bytes_a);
    g_free(bytes_b);
    g_free(a);
    g_free(b);
}

static void
test_failed_write_leaves_no_file(void **state)
{
    struct fix *f = *state;
    char sha[65] = "";

    assert_int_equal(bl_sink_pdf_write("/nonexistent/dir/x.pdf", f->doc, &f->letter, sha, f->diag),
                     -1);
    assert_string_equal(bl_diag_last_message(f->diag),
                        "cannot create the letter file: No such file or directory");
    assert_false(g_file_test("/nonexistent/dir/x.pdf.part", G_FILE_TEST_EXISTS));
    assert_string_equal(sha, "");
}

static void
test_png_page_has_the_page_size(void **state)
{
    struct fix *f = *state;
    char *path = g_build_filename(f->dir, "p.png", NULL);
    cairo_surface_t *img;

    assert_int_equal(bl_sink_png_write(path, f->doc, 0, 72.0, f->diag), 0);
    img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 612);
    assert_int_equal(cairo_image_surface_get_height(img), 792);
    cairo_surface_destroy(img);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_is_complete_hashed_and_reproducible),
        cmocka_unit_test(test_failed_write_leaves_no_file),
        cmocka_unit_test(test_png_page_has_the_page_size),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
