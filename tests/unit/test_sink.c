/* SPDX-License-Identifier: MIT */
/* Unit tests of the sinks through their one interface: every kind places letters and counts
 * their pages, leaves nothing incomplete when aborted, freed or failing, and writes into the
 * output folder's own folders only; a PDF is complete, hashed, reproducible and owner-only; a
 * PNG page has the page's size. The book's own layout is tested in test_book.c. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "layout.h"
#include "render.h"
#include "sink.h"
#include "sink_pdf.h"

static const char *const kinds[] = {"pdf", "book", "exceptions", "png"};

struct fix {
    struct bl_fonts *fonts;
    struct bl_letter letter;
    struct bl_doc *doc;   /* one page */
    struct bl_doc *three; /* three pages */
    struct bl_diag *diag;
    char *dir;
};

static struct bl_doc *
doc_of(struct fix *f, int paragraphs)
{
    struct bl_doc *doc = NULL;

    for (guint i = 0; i < f->letter.blocks->len; i++) {
        g_free(g_array_index(f->letter.blocks, struct bl_block, i).markup);
    }
    g_array_set_size(f->letter.blocks, 0);
    for (int i = 0; i < paragraphs; i++) {
        struct bl_block b = {
            .kind = BL_BLOCK_PARA,
            .markup = g_strdup("Some text of the letter, long enough to take a few lines "
                               "of the page when it is set in the body's type, and then "
                               "some more words so that it wraps.")};

        g_array_append_val(f->letter.blocks, b);
    }
    if (bl_layout(&doc, &f->letter, f->fonts, f->diag) < 0) {
        return NULL;
    }
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
    f->letter.author = g_strdup("Acme & Co.");
    f->letter.subject = g_strdup("A notice");
    g_date_set_dmy(&f->letter.date, 6, 1, 2025);
    g_ptr_array_add(f->letter.address_lines, g_strdup("Pat Lee"));
    f->three = doc_of(f, 40);
    f->doc = doc_of(f, 1);
    if (f->doc == NULL || f->three == NULL || bl_doc_page_count(f->doc) != 1 ||
        bl_doc_page_count(f->three) != 3) {
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
    bl_doc_free(f->three);
    bl_letter_release(&f->letter);
    bl_fonts_free(f->fonts);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* A fresh folder of the fixture's for kind; free with g_free. */
static char *
folder(struct fix *f, const char *name, const char *kind)
{
    char *sub = g_strdup_printf("%s-%s", name, kind);
    char *path = g_build_filename(f->dir, sub, NULL);

    assert_int_equal(g_mkdir(path, 0700), 0);
    g_free(sub);
    return path;
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in dir, sorted and joined by spaces; free with g_free. */
static char *
listing(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    char *joined;

    assert_non_null(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    g_ptr_array_add(names, NULL);
    joined = g_strjoinv(" ", (char **)names->pdata);
    g_ptr_array_unref(names);
    return joined;
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

static char *
sha256_of(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    char *sum;

    assert_true(g_file_get_contents(path, &data, &len, NULL));
    sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    g_free(data);
    return sum;
}

/* A sink of kind writing in dir (a book named book.pdf there, duplex). */
static struct bl_sink *
sink_in(struct fix *f, const char *kind, const char *dir, char **book)
{
    struct bl_sink_config config = {0};
    struct bl_sink *s = NULL;

    *book = g_build_filename(dir, "book.pdf", NULL);
    config.name = *book;
    config.number = 7;
    config.duplex = TRUE;
    assert_int_equal(bl_sink_new(&s, kind, &config, f->diag), 0);
    assert_string_equal(bl_sink_kind(s), kind);
    return s;
}

/* Draws the pages of doc on s page by page, as a caller that draws its own pages does. */
static void
draw_pages(struct bl_sink *s, const struct bl_doc *doc)
{
    for (int p = 0; p < bl_doc_page_count(doc); p++) {
        bl_render_page(bl_sink_begin_page(s), doc, p);
        bl_sink_end_page(s);
    }
}

static void
test_every_kind_places_letters_and_counts_their_pages(void **state)
{
    struct fix *f = *state;

    for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++) {
        const char *kind = kinds[k];
        gboolean book = strcmp(kind, "book") == 0 || strcmp(kind, "exceptions") == 0,
                 png = strcmp(kind, "png") == 0;
        char *dir = folder(f, "placed", kind), *book_pdf;
        struct bl_sink *s = sink_in(f, kind, dir, &book_pdf);
        char *a = g_build_filename(dir, png ? "a.png" : "a.pdf", NULL);
        char *b = g_build_filename(dir, png ? "b.png" : "b.pdf", NULL);
        const struct bl_doc *one[] = {f->doc};
        struct bl_sink_placed placed;
        char sha[65] = "x", *files, *sum;

        /* three pages drawn one by one, then one page through bl_sink_write_letter */
        assert_int_equal(bl_sink_open_letter(s, &f->letter, "A-1", a), 0);
        draw_pages(s, f->three);
        assert_int_equal(bl_sink_close_letter(s, &placed), 0);
        assert_int_equal(placed.pages, 3);
        assert_int_equal(placed.first_page, 1);
        assert_int_equal(placed.sheets, book ? 2 : 3);
        assert_string_equal(placed.file, book ? book_pdf : a);
        if (book || png) {
            assert_string_equal(placed.sha256, "");
        } else {
            sum = sha256_of(a);
            assert_string_equal(placed.sha256, sum);
            g_free(sum);
        }
        assert_int_equal(bl_sink_write_letter(s, &f->letter, "A-2", b, one, 1, &placed), 0);
        assert_int_equal(placed.pages, 1);
        /* a book's letter starts on a new sheet: after 3 pages and a blank back */
        assert_int_equal(placed.first_page, book ? 5 : 1);
        assert_int_equal(placed.sheets, 1);
        files = listing(dir);
        /* a book is written when it is finished; the others as each letter closes */
        assert_string_equal(files, book  ? "book.pdf.part"
                                   : png ? "a-1.png a-2.png a-3.png b-1.png"
                                         : "a.pdf b.pdf");
        g_free(files);

        assert_int_equal(bl_sink_finish(s, sha), 0);
        files = listing(dir);
        assert_string_equal(files, book  ? "book.csv book.pdf"
                                   : png ? "a-1.png a-2.png a-3.png b-1.png"
                                         : "a.pdf b.pdf");
        g_free(files);
        if (book) {
            sum = sha256_of(book_pdf);
            assert_string_equal(sha, sum);
            g_free(sum);
            assert_int_equal(pdf_pages(book_pdf), 6); /* 3 + blank, 1 + blank */
        } else {
            assert_string_equal(sha, ""); /* nothing waited for the end */
        }
        if (!book && !png) {
            assert_int_equal(pdf_pages(a), 3);
            assert_int_equal(pdf_pages(b), 1);
        }
        bl_sink_free(s);
        files = listing(dir); /* freeing a finished sink removes nothing */
        assert_string_equal(files, book  ? "book.csv book.pdf"
                                   : png ? "a-1.png a-2.png a-3.png b-1.png"
                                         : "a.pdf b.pdf");
        g_free(files);
        g_free(a);
        g_free(b);
        g_free(book_pdf);
        g_free(dir);
    }
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_every_kind_aborted_leaves_nothing_incomplete(void **state)
{
    struct fix *f = *state;

    for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++) {
        const char *kind = kinds[k];
        gboolean book = strcmp(kind, "book") == 0 || strcmp(kind, "exceptions") == 0,
                 png = strcmp(kind, "png") == 0;
        const struct bl_doc *three[] = {f->three};

        /* aborted (then freed), and freed without an end: a letter complete, one half-drawn */
        for (int freed = 0; freed < 2; freed++) {
            char *dir = folder(f, freed ? "freed" : "aborted", kind), *book_pdf;
            struct bl_sink *s = sink_in(f, kind, dir, &book_pdf);
            char *a = g_build_filename(dir, png ? "a.png" : "a.pdf", NULL);
            char *b = g_build_filename(dir, png ? "b.png" : "b.pdf", NULL);
            struct bl_sink_placed placed;
            char *files;

            assert_int_equal(bl_sink_write_letter(s, &f->letter, "A-1", a, three, 1, &placed), 0);
            assert_int_equal(bl_sink_open_letter(s, &f->letter, "A-2", b), 0);
            bl_render_page(bl_sink_begin_page(s), f->three, 0);
            bl_sink_end_page(s);
            bl_render_page(bl_sink_begin_page(s), f->three, 1); /* in the middle of a page */
            if (!freed) {
                bl_sink_abort(s);
                bl_sink_abort(s); /* once is enough; again does nothing */
            }
            bl_sink_free(s);
            /* a letter complete in a file of its own stays; nothing of the other, and no book */
            files = listing(dir);
            assert_string_equal(files, book ? "" : png ? "a-1.png a-2.png a-3.png" : "a.pdf");
            g_free(files);
            g_free(a);
            g_free(b);
            g_free(book_pdf);
            g_free(dir);
        }
    }
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_every_kind_that_cannot_write_reports_and_leaves_nothing(void **state)
{
    struct fix *f = *state;

    for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++) {
        const char *kind = kinds[k];
        gboolean png = strcmp(kind, "png") == 0;
        char *dir = folder(f, "missing", kind), *book_pdf;
        char *gone = g_build_filename(dir, "gone", NULL);
        char *a = g_build_filename(gone, png ? "a.png" : "a.pdf", NULL);
        const struct bl_doc *three[] = {f->three};
        struct bl_sink_config config = {.number = 1};
        struct bl_sink_placed placed;
        struct bl_sink *s = NULL;
        char sha[65] = "x", *files;
        int errors = bl_diag_error_count(f->diag);

        book_pdf = g_build_filename(gone, "book.pdf", NULL);
        config.name = book_pdf;
        assert_int_equal(bl_sink_new(&s, kind, &config, f->diag), 0);
        /* the folder "gone" does not exist: the letter fails, reported once, and the sink goes
         * on to its end */
        assert_int_equal(bl_sink_write_letter(s, &f->letter, "A-1", a, three, 1, &placed), -1);
        assert_int_equal(bl_diag_error_count(f->diag), errors + 1);
        assert_non_null(strstr(bl_diag_last_message(f->diag), "No such file or directory"));
        assert_int_equal(bl_sink_finish(s, sha), 0);
        assert_string_equal(sha, "");
        bl_sink_free(s);
        files = listing(dir);
        assert_string_equal(files, "");
        g_free(files);
        g_free(a);
        g_free(gone);
        g_free(book_pdf);
        g_free(dir);
    }
}

static void
test_an_unknown_kind_is_reported(void **state)
{
    struct fix *f = *state;
    struct bl_sink_config config = {0};
    struct bl_sink *s = NULL;

    assert_int_equal(bl_sink_new(&s, "tiff", &config, f->diag), -1);
    assert_null(s);
    assert_string_equal(bl_diag_last_message(f->diag),
                        "unknown kind of output 'tiff' (there are pdf, book, exceptions, png)");
}

static void
test_letters_go_into_the_output_folders_own_folders(void **state)
{
    struct fix *f = *state;
    char *root = folder(f, "out", "pdf");
    char *elsewhere = folder(f, "elsewhere", "pdf");
    char *link = g_build_filename(root, "ln", NULL);
    char *made = g_build_filename(root, "ab", "cd", "x.pdf", NULL);
    const struct bl_doc *one[] = {f->doc};
    struct bl_sink_config config = {0};
    struct bl_outdir *out = NULL;
    struct bl_sink_placed placed;
    struct bl_sink *s = NULL;
    struct stat st;
    char *files, *want, *made_dir;

    assert_int_equal(bl_outdir_open(&out, root, FALSE, FALSE, f->diag), 0);
    config.out = out;
    assert_int_equal(bl_sink_new(&s, "pdf", &config, f->diag), 0);
    /* folders on the way are made, owner-only; the letter is named as given */
    assert_int_equal(bl_sink_write_letter(s, &f->letter, "A-1", "ab/cd/x.pdf", one, 1, &placed), 0);
    assert_string_equal(placed.file, "ab/cd/x.pdf");
    assert_int_equal(g_stat(made, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    made_dir = g_path_get_dirname(made);
    assert_int_equal(g_stat(made_dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    /* a link on the way is never followed: nothing is written where it points */
    assert_int_equal(symlink(elsewhere, link), 0);
    assert_int_equal(bl_sink_write_letter(s, &f->letter, "A-2", "ln/y.pdf", one, 1, &placed), -1);
    want = g_strdup_printf("%s/ln/y.pdf: error: cannot create the letter: a directory on its way "
                           "is a link or a file, not a directory this run made\n",
                           root);
    assert_non_null(strstr(bl_diag_text(f->diag), want));
    files = listing(elsewhere);
    assert_string_equal(files, "");
    assert_int_equal(bl_sink_finish(s, NULL), 0);
    bl_sink_free(s);
    bl_outdir_free(out);
    g_free(files);
    g_free(want);
    g_free(made);
    g_free(made_dir);
    g_free(link);
    g_free(elsewhere);
    g_free(root);
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
    assert_non_null(memmem(bytes_a, len_a, "(Notice of Data Breach)", 23));
    assert_int_equal(g_stat(a, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    g_free(sum);
    g_free(bytes_a);
    g_free(bytes_b);
    g_free(a);
    g_free(b);
}

static void
test_pdf_of_a_draft_says_so_in_its_title(void **state)
{
    struct fix *f = *state;
    char *a = g_build_filename(f->dir, "draft.pdf", NULL);
    char *bytes = NULL;
    gsize len;

    f->letter.draft = TRUE;
    assert_int_equal(bl_sink_pdf_write(a, f->doc, &f->letter, NULL, f->diag), 0);
    f->letter.draft = FALSE;
    assert_true(g_file_get_contents(a, &bytes, &len, NULL));
    assert_non_null(memmem(bytes, len, "(DRAFT - not for mailing: Notice of Data Breach)", 48));
    g_free(bytes);
    g_free(a);
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

/* The size of a PNG picture. */
static void
png_size(const char *path, int *width, int *height)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);

    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    *width = cairo_image_surface_get_width(img);
    *height = cairo_image_surface_get_height(img);
    cairo_surface_destroy(img);
}

static void
test_png_page_has_the_page_size(void **state)
{
    struct fix *f = *state;
    char *dir = folder(f, "pictures", "png");
    char *path = g_build_filename(dir, "p.png", NULL);
    char *page = g_build_filename(dir, "p-1.png", NULL);
    char *plain = g_build_filename(dir, "q", NULL);
    char *plain_page = g_build_filename(dir, "q-1.png", NULL);
    const struct bl_doc *one[] = {f->doc};
    struct bl_sink_config config = {.dpi = 72.0};
    struct bl_sink_placed placed;
    struct bl_sink *s = NULL;
    int w, h;

    /* at 72 dots per inch a picture has the page's size in points */
    assert_int_equal(bl_sink_new(&s, "png", &config, f->diag), 0);
    assert_int_equal(bl_sink_write_letter(s, &f->letter, NULL, path, one, 1, &placed), 0);
    assert_int_equal(bl_sink_finish(s, NULL), 0);
    bl_sink_free(s);
    png_size(page, &w, &h);
    assert_int_equal(w, 612);
    assert_int_equal(h, 792);
    /* 96 unless told; a name without .png gets the pictures' names all the same */
    assert_int_equal(bl_sink_write_once("png", plain, &f->letter, one, 1, NULL, f->diag), 0);
    png_size(plain_page, &w, &h);
    assert_int_equal(w, 816);
    assert_int_equal(h, 1056);
    g_free(plain_page);
    g_free(plain);
    g_free(page);
    g_free(path);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_places_letters_and_counts_their_pages),
        cmocka_unit_test(test_every_kind_aborted_leaves_nothing_incomplete),
        cmocka_unit_test(test_every_kind_that_cannot_write_reports_and_leaves_nothing),
        cmocka_unit_test(test_an_unknown_kind_is_reported),
        cmocka_unit_test(test_letters_go_into_the_output_folders_own_folders),
        cmocka_unit_test(test_pdf_is_complete_hashed_and_reproducible),
        cmocka_unit_test(test_pdf_of_a_draft_says_so_in_its_title),
        cmocka_unit_test(test_failed_write_leaves_no_file),
        cmocka_unit_test(test_png_page_has_the_page_size),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
