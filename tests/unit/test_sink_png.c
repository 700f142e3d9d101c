/* SPDX-License-Identifier: MIT */
/* Unit tests of sink_png.c: a picture of each page, named after the letter and numbered, at the
 * resolution asked for (read back: its size in pixels and what was drawn where); a page that
 * cannot be written, or a letter aborted, leaves no picture of the letter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bind.h"
#include "bl_test.h"
#include "layout.h"
#include "sink.h"

struct fix {
    char *dir;
    struct bl_letter letter;
    struct bl_diag *diag;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("png");
    f->diag = bl_diag_new(NULL);
    bl_letter_init(&f->letter);
    f->letter.title = g_strdup("Notice of Data Breach");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_letter_release(&f->letter);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* Draws a page: white, with a black square an inch from the top left, an inch wide, when
 * marked. */
static void
draw(struct bl_sink *s, gboolean marked)
{
    cairo_t *cr = bl_sink_begin_page(s);

    assert_non_null(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (marked) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_rectangle(cr, 72, 72, 72, 72);
        cairo_fill(cr);
    }
    bl_sink_end_page(s);
}

/* The red, green and blue of the pixel at x, y of an RGB24 or ARGB32 picture, as 0xRRGGBB. */
static guint32
pixel(cairo_surface_t *png, int x, int y)
{
    const unsigned char *data = cairo_image_surface_get_data(png);
    int stride = cairo_image_surface_get_stride(png);

    cairo_surface_flush(png);
    return *(const guint32 *)(data + y * stride + x * 4) & 0xffffff;
}

/* Writes a letter of pages pictures (page 2 marked) named name, at dpi; returns close's
 * result. */
static int
write_letter(struct fix *f, const char *name, double dpi, int pages)
{
    struct bl_sink_config config = {.dpi = dpi};
    struct bl_sink *s = NULL;
    struct bl_sink_placed placed;
    char *path = g_build_filename(f->dir, name, NULL);
    int rc;

    assert_int_equal(bl_sink_new(&s, "png", &config, f->diag), 0);
    assert_int_equal(bl_sink_open_letter(s, &f->letter, "R-1", path), 0);
    for (int i = 1; i <= pages; i++) {
        draw(s, i == 2);
    }
    rc = bl_sink_close_letter(s, &placed);
    if (rc == 0) {
        assert_int_equal(placed.pages, pages);
        assert_string_equal(placed.file, path);
        assert_int_equal(bl_sink_finish(s, NULL), 0);
    }
    bl_sink_free(s);
    g_free(path);
    return rc;
}

/* Fails the test unless dir is empty. */
static void
assert_empty(const char *dir)
{
    char *tree = fixture_tree(dir);

    assert_string_equal(tree, "");
    g_free(tree);
}

static char *
page_path(struct fix *f, const char *stem, int page)
{
    char *name = g_strdup_printf("%s-%d.png", stem, page);
    char *path = g_build_filename(f->dir, name, NULL);

    g_free(name);
    return path;
}

/* Three pages at 150 dpi: page-1.png to page-3.png and no more, each 8.5 x 11 in at 150 pixels
 * an inch (1275 x 1650), the square drawn on page 2 only, where it was drawn. */
static void
test_png_pages_at_the_resolution_asked(void **state)
{
    struct fix *f = *state;

    assert_int_equal(write_letter(f, "page.png", 150, 3), 0);
    assert_string_equal(bl_diag_text(f->diag), "");
    for (int page = 1; page <= 4; page++) {
        char *path = page_path(f, "page", page);
        cairo_surface_t *png;

        if (page == 4) {
            assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
            g_free(path);
            break;
        }
        png = cairo_image_surface_create_from_png(path);
        assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(png), (int)(BL_PAGE_WIDTH * 150 / 72));
        assert_int_equal(cairo_image_surface_get_width(png), 1275);
        assert_int_equal(cairo_image_surface_get_height(png), 1650);
        /* inside the square (an inch and a half in: 225 pixels), and outside it */
        assert_int_equal(pixel(png, 225, 225), page == 2 ? 0x000000 : 0xffffff);
        assert_int_equal(pixel(png, 140, 225), 0xffffff);
        assert_int_equal(pixel(png, 310, 225), 0xffffff);
        cairo_surface_destroy(png);
        g_free(path);
    }
}

/* Without a resolution, 96 dpi (816 x 1056); a name without ".png" is the stem as it is. */
static void
test_png_default_resolution_and_a_name_without_extension(void **state)
{
    struct fix *f = *state;
    char *path;
    cairo_surface_t *png;

    assert_int_equal(write_letter(f, "shot", 0, 1), 0);
    path = page_path(f, "shot", 1);
    png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), 816);
    assert_int_equal(cairo_image_surface_get_height(png), 1056);
    cairo_surface_destroy(png);
    g_free(path);
}

/* A page that cannot be put in place (a folder has its name) fails the letter with a message
 * naming that picture; the pictures of its pages written before are removed, those after are
 * never written. */
static void
test_png_failed_page_leaves_no_picture_of_the_letter(void **state)
{
    struct fix *f = *state;
    char *blocker = page_path(f, "page", 2);
    char *want = g_strdup_printf("%s: error: cannot move the picture into place: ", blocker);

    assert_int_equal(g_mkdir(blocker, 0700), 0);
    assert_int_equal(write_letter(f, "page.png", 72, 3), -1);
    fixture_assert_has(bl_diag_text(f->diag), want);
    g_rmdir(blocker);
    assert_empty(f->dir);
    g_free(want);
    g_free(blocker);
}

/* A letter aborted after its first page: its picture is removed, nothing else is left. */
static void
test_png_aborted_letter_leaves_nothing(void **state)
{
    struct fix *f = *state;
    struct bl_sink_config config = {.dpi = 72};
    struct bl_sink *s = NULL;
    char *path = g_build_filename(f->dir, "page.png", NULL);
    char *first = page_path(f, "page", 1);

    assert_int_equal(bl_sink_new(&s, "png", &config, f->diag), 0);
    assert_int_equal(bl_sink_open_letter(s, &f->letter, "R-1", path), 0);
    draw(s, FALSE);
    assert_true(g_file_test(first, G_FILE_TEST_IS_REGULAR)); /* written when its page ended */
    assert_non_null(bl_sink_begin_page(s));
    bl_sink_abort(s);
    bl_sink_free(s);
    assert_false(g_file_test(first, G_FILE_TEST_EXISTS));
    assert_empty(f->dir);
    g_free(first);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_png_pages_at_the_resolution_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_default_resolution_and_a_name_without_extension,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_failed_page_leaves_no_picture_of_the_letter, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_png_aborted_letter_leaves_nothing, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
