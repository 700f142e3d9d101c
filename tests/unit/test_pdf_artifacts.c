/* SPDX-License-Identifier: MIT */
/* Unit tests of pdf_artifacts.c: content streams made by hand, with what is drawn outside the
 * marked content wrapped in /Artifact marks (strings with parentheses and escapes, hex strings,
 * comments, nested marks, text objects that hold marks), streams it must leave alone (an inline
 * image, unbalanced marks, bad syntax), and a PDF as cairo writes it, its pages marked in an
 * update that a reader (poppler) still reads with the same text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "bl_test.h"
#include "pdf_artifacts.h"
#include "pdf_update.h"

/* The stream marked, or NULL; *marked set. */
static char *
mark(const char *content, guint *marked)
{
    const char *why = NULL;
    GString *out = bl_pdf_mark_artifacts((const guchar *)content, strlen(content), marked, &why);

    if (out == NULL) {
        assert_non_null(why);
        return NULL;
    }
    assert_null(why);
    return g_string_free(out, FALSE);
}

static void
expect_marked(const char *content, const char *expected, guint runs)
{
    guint marked = 99;
    char *out = mark(content, &marked);

    assert_non_null(out);
    assert_string_equal(out, expected);
    assert_int_equal(marked, runs);
    g_free(out);
}

static void
expect_refused(const char *content)
{
    guint marked = 99;

    assert_null(mark(content, &marked));
    assert_int_equal(marked, 0);
}

static void
test_runs_outside_marks_wrapped(void **state)
{
    (void)state;
    expect_marked("q 1 0 0 rg 0 0 10 10 re f Q\n/P <</MCID 0>> BDC BT (x) Tj ET EMC\n"
                  "BT (Page 1) Tj ET\n",
                  "/Artifact BMC\nq 1 0 0 rg 0 0 10 10 re f Q\nEMC\n"
                  "/P <</MCID 0>> BDC BT (x) Tj ET EMC\n"
                  "/Artifact BMC\nBT (Page 1) Tj ET\nEMC\n",
                  2);
    /* no space before or after: the marks are set apart */
    expect_marked("/P <</MCID 0>> BDC EMC[(a)-3(b)]TJ/P <</MCID 1>> BDC EMC",
                  "/P <</MCID 0>> BDC EMC\n/Artifact BMC\n[(a)-3(b)]TJ\nEMC\n"
                  "/P <</MCID 1>> BDC EMC",
                  1);
    /* every painting operator counts: ' " Do sh S b* */
    expect_marked("(a) '", "/Artifact BMC\n(a) '\nEMC\n", 1);
    expect_marked("1 2 (a) \"", "/Artifact BMC\n1 2 (a) \"\nEMC\n", 1);
    expect_marked("/Im0 Do", "/Artifact BMC\n/Im0 Do\nEMC\n", 1);
    expect_marked("/Sh0 sh", "/Artifact BMC\n/Sh0 sh\nEMC\n", 1);
    expect_marked("0 0 m 1 1 l S", "/Artifact BMC\n0 0 m 1 1 l S\nEMC\n", 1);
    expect_marked("0 0 m 1 1 l b*", "/Artifact BMC\n0 0 m 1 1 l b*\nEMC\n", 1);
    /* an empty stream, and one without a mark at all */
    expect_marked("", "", 0);
    expect_marked("   \n", "   \n", 0);
}

static void
test_state_only_runs_left_alone(void **state)
{
    const char *s = "0 g /a0 gs /P <</MCID 0>> BDC 0 0 1 1 re f EMC 1 g q Q\n";

    (void)state;
    expect_marked(s, s, 0);
    /* a path ended without painting (a clip) paints nothing */
    expect_marked("0 0 1 1 re W n", "0 0 1 1 re W n", 0);
}

static void
test_strings_hex_and_comments_read_whole(void **state)
{
    (void)state;
    /* marked-content operators inside a string are text, with escaped and nested parentheses */
    expect_marked("BT (a \\) BDC (b) EMC) Tj ET",
                  "/Artifact BMC\nBT (a \\) BDC (b) EMC) Tj ET\nEMC\n", 1);
    expect_marked("BT (\\\\) Tj (\\() Tj ET", "/Artifact BMC\nBT (\\\\) Tj (\\() Tj ET\nEMC\n", 1);
    /* hex strings, also at a dictionary's end (">>>") */
    expect_marked("/Span <</ActualText <feff0020>>> BDC EMC BT <48 6a> Tj ET",
                  "/Span <</ActualText <feff0020>>> BDC EMC "
                  "/Artifact BMC\nBT <48 6a> Tj ET\nEMC\n",
                  1);
    /* a comment is no operator, even with a parenthesis or BDC in it */
    expect_marked("% drawn ( BDC\n0 0 1 1 re f",
                  "% drawn ( BDC\n/Artifact BMC\n0 0 1 1 re f\nEMC\n", 1);
    /* a dictionary operand with arrays and nested dictionaries */
    expect_marked("/P <</MCID 0 /A [1 (x]) <</B 2>>]>> BDC BT (a) Tj ET EMC",
                  "/P <</MCID 0 /A [1 (x]) <</B 2>>]>> BDC BT (a) Tj ET EMC", 0);
}

static void
test_nested_marks_and_text_objects(void **state)
{
    (void)state;
    /* what is inside a mark, however deep, is left as it is */
    expect_marked("/P <</MCID 0>> BDC /Span <</ActualText <feff>>> BDC BT (a) Tj ET EMC "
                  "(b) Tj EMC 0 0 m 9 9 l S",
                  "/P <</MCID 0>> BDC /Span <</ActualText <feff>>> BDC BT (a) Tj ET EMC "
                  "(b) Tj EMC /Artifact BMC\n0 0 m 9 9 l S\nEMC\n",
                  1);
    /* a text object that holds marks keeps its BT and ET outside the artifact's marks */
    expect_marked("BT /F1 1 Tf /P <</MCID 0>> BDC (a) Tj EMC (b) Tj ET",
                  "BT /F1 1 Tf /P <</MCID 0>> BDC (a) Tj EMC /Artifact BMC\n(b) Tj\nEMC ET", 1);
    expect_marked("BT (a) Tj /P <</MCID 0>> BDC (b) Tj EMC ET",
                  "BT /Artifact BMC\n(a) Tj\nEMC /P <</MCID 0>> BDC (b) Tj EMC ET", 1);
    /* BMC as well as BDC */
    expect_marked("/Artifact BMC (a) Tj EMC", "/Artifact BMC (a) Tj EMC", 0);
}

static void
test_streams_left_alone(void **state)
{
    (void)state;
    expect_refused("BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI");
    expect_refused("/P <</MCID 0>> BDC (a) Tj");           /* a mark never ended */
    expect_refused("(a) Tj EMC");                          /* ended, never begun */
    expect_refused("/P <</MCID 0>> BDC BT EMC (a) Tj ET"); /* marks and text do not nest */
    expect_refused("BT /P <</MCID 0>> BDC ET EMC");
    expect_refused("BT BT ET ET");
    expect_refused("BT (a) Tj");
    expect_refused("(unterminated Tj");
    expect_refused("<4g> Tj");
    expect_refused("[(a) Tj]");
    expect_refused("1 2 ] re");
    expect_refused("0 0 1 1 re f 3");
    expect_refused("(a) ) Tj");
}

static cairo_status_t
collect(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A tagged PDF of two pages as cairo writes it: a paragraph, and a page number outside it. */
static GByteArray *
cairo_pdf(void)
{
    GByteArray *out = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, out, 612, 792);
    cairo_t *cr = cairo_create(s);

    cairo_tag_begin(cr, "Document", "");
    for (int i = 0; i < 2; i++) {
        char number[16];

        cairo_tag_begin(cr, "P", "");
        cairo_move_to(cr, 72, 72);
        cairo_show_text(cr, "Paragraph");
        cairo_tag_end(cr, "P");
        g_snprintf(number, sizeof(number), "Folio %d", i + 1);
        cairo_move_to(cr, 300, 760);
        cairo_show_text(cr, number);
        cairo_rectangle(cr, 72, 100, 100, 1);
        cairo_fill(cr);
        if (i == 1) {
            cairo_tag_end(cr, "Document");
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return out;
}

/* The decoded streams of the objects written in update (from its first "N 0 obj"). */
static GString *
inflated_streams(const GString *update)
{
    GString *all = g_string_new(NULL);
    const char *p = update->str, *end = update->str + update->len;

    while ((p = g_strstr_len(p, end - p, ">>\nstream\n")) != NULL && p < end) {
        const char *length = g_strrstr_len(update->str, p - update->str, "/Length ");
        gsize n = g_ascii_strtoull(length + 8, NULL, 10);
        GConverter *conv = G_CONVERTER(g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
        char buf[65536];
        gsize read = 0, written = 0;

        p += 10;
        assert_true(p + n <= end);
        assert_int_equal(g_converter_convert(conv, p, n, buf, sizeof(buf), G_CONVERTER_INPUT_AT_END,
                                             &read, &written, NULL),
                         G_CONVERTER_FINISHED);
        g_string_append_len(all, buf, (gssize)written);
        g_object_unref(conv);
        p += n;
        assert_true(g_str_has_prefix(p, "\nendstream\nendobj\n"));
    }
    return all;
}

static void
test_pages_of_a_cairo_pdf_marked_in_an_update(void **state)
{
    GByteArray *pdf = cairo_pdf();
    GString *pages = g_string_new(NULL), *update, *streams;
    GArray *objects = g_array_new(FALSE, FALSE, sizeof(struct bl_pdf_object));
    const char *why = NULL;
    char *dir, *path, *text, *before;
    int left;

    (void)state;
    left = bl_pdf_mark_pages(pdf->data, pdf->len, pages, objects, &why);
    assert_int_equal(left, 0);
    assert_null(why);
    assert_int_equal(objects->len, 2); /* two pages, a content stream each */
    for (guint i = 0; i < objects->len; i++) {
        const struct bl_pdf_object *o = &g_array_index(objects, struct bl_pdf_object, i);
        char head[32];

        g_snprintf(head, sizeof(head), "%ld 0 obj\n", o->num);
        assert_true(o->offset >= pdf->len);
        assert_memory_equal(pages->str + (o->offset - pdf->len), head, strlen(head));
    }
    streams = inflated_streams(pages);
    /* the page number's text and the rule outside the paragraph, in /Artifact marks */
    assert_non_null(strstr(streams->str, "/Artifact BMC\n"));
    {
        gchar **parts = g_strsplit(streams->str, "/Artifact BMC", -1);

        assert_int_equal(g_strv_length(parts), 3); /* one a page */
        g_strfreev(parts);
    }
    assert_non_null(strstr(streams->str, "/P << /MCID 0 >> BDC"));
    g_string_free(streams, TRUE);

    /* with the catalog's update: a file poppler reads with the same text */
    update = bl_pdf_update_catalog(pdf->data, pdf->len, pdf->len, "en-US", pages, objects, &why);
    assert_non_null(update);
    assert_non_null(strstr(update->str, "\nxref\n"));
    dir = fixture_tmpdir("artifacts");
    path = g_build_filename(dir, "before.pdf", NULL);
    assert_true(g_file_set_contents(path, (const char *)pdf->data, pdf->len, NULL));
    before = fixture_pdf_text(path);
    g_free(path);
    path = g_build_filename(dir, "after.pdf", NULL);
    g_byte_array_append(pdf, (const guint8 *)update->str, (guint)update->len);
    assert_true(g_file_set_contents(path, (const char *)pdf->data, pdf->len, NULL));
    text = fixture_pdf_text(path);
    assert_string_equal(text, before);
    assert_non_null(strstr(text, "Folio 2"));
    assert_int_equal(fixture_pdf_pages(path), 2);

    /* a file already updated is not read again: nothing appended */
    g_string_truncate(pages, 0);
    g_array_set_size(objects, 0);
    assert_int_equal(bl_pdf_mark_pages(pdf->data, pdf->len, pages, objects, &why), -1);
    assert_non_null(why);
    assert_int_equal(pages->len, 0);
    assert_int_equal(objects->len, 0);
    /* nor what is no PDF */
    assert_int_equal(bl_pdf_mark_pages((const guchar *)"%PDF-1.5\n", 9, pages, objects, &why), -1);
    assert_string_equal(why, "no startxref");

    g_free(text);
    g_free(before);
    g_free(path);
    fixture_rmdir(dir);
    g_free(dir);
    g_string_free(update, TRUE);
    g_string_free(pages, TRUE);
    g_array_unref(objects);
    g_byte_array_unref(pdf);
}

/* A PDF made by hand, objects numbered from 1 in order, with its cross-reference table. */
static GString *
hand_pdf(const char *const *objects, const gsize *lengths, int n)
{
    GString *pdf = g_string_new("%PDF-1.5\n");
    GArray *offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
    gsize xref;

    for (int i = 0; i < n; i++) {
        g_array_append_val(offsets, pdf->len);
        g_string_append_printf(pdf, "%d 0 obj\n", i + 1);
        g_string_append_len(pdf, objects[i], (gssize)lengths[i]);
        g_string_append(pdf, "\nendobj\n");
    }
    xref = pdf->len;
    g_string_append_printf(pdf, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 0; i < n; i++) {
        g_string_append_printf(pdf, "%010zu 00000 n \n", g_array_index(offsets, gsize, i));
    }
    g_string_append_printf(pdf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                           n + 1, xref);
    g_array_unref(offsets);
    return pdf;
}

static void
test_pages_it_cannot_mark_left_as_they_are(void **state)
{
    GConverter *deflate = G_CONVERTER(g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1));
    const char *plain = "0 0 1 1 re f";
    char packed[256], stream[512];
    gsize read = 0, written = 0, lengths[8];
    GString *pdf, *out = g_string_new(NULL);
    GArray *objects = g_array_new(FALSE, FALSE, sizeof(struct bl_pdf_object));
    const char *why = NULL;
    int len;

    (void)state;
    assert_int_equal(g_converter_convert(deflate, plain, strlen(plain), packed, sizeof(packed),
                                         G_CONVERTER_INPUT_AT_END, &read, &written, NULL),
                     G_CONVERTER_FINISHED);
    g_object_unref(deflate);
    len = g_snprintf(stream, sizeof(stream), "<< /Length %zu /Filter /FlateDecode >>\nstream\n",
                     written);
    memcpy(stream + len, packed, written);
    memcpy(stream + len + written, "\nendstream", 10);
    {
        const char *objs[] = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
            "<< /Type /Page % one\n /Parent 2 0 R /Contents 6 0 R >>", /* not compressed */
            "<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",         /* marked */
            "<< /Type /Page /Parent 2 0 R /Contents [7 0 R] >>",       /* an array */
            "<< /Length 12 >>\nstream\n0 0 1 1 re f\nendstream",
            stream,
        };

        for (int i = 0; i < 7; i++) {
            lengths[i] = i == 6 ? (gsize)len + written + 10 : strlen(objs[i]);
        }
        pdf = hand_pdf(objs, lengths, 7);
    }
    assert_int_equal(bl_pdf_mark_pages((const guchar *)pdf->str, pdf->len, out, objects, &why), 2);
    assert_string_equal(why, "a content stream is not compressed with FlateDecode alone");
    assert_int_equal(objects->len, 1);
    assert_int_equal(g_array_index(objects, struct bl_pdf_object, 0).num, 7);
    assert_int_equal(g_array_index(objects, struct bl_pdf_object, 0).offset, pdf->len);
    assert_true(g_str_has_prefix(out->str, "7 0 obj\n"));
    {
        GString *streams = inflated_streams(out);

        assert_string_equal(streams->str, "/Artifact BMC\n0 0 1 1 re f\nEMC\n");
        g_string_free(streams, TRUE);
    }
    /* a file that does not end its last line: the update starts on a line of its own */
    g_string_truncate(pdf, pdf->len - 1);
    g_string_truncate(out, 0);
    g_array_set_size(objects, 0);
    assert_int_equal(bl_pdf_mark_pages((const guchar *)pdf->str, pdf->len, out, objects, &why), 2);
    assert_int_equal(g_array_index(objects, struct bl_pdf_object, 0).offset, pdf->len + 1);
    assert_true(g_str_has_prefix(out->str, "\n7 0 obj\n"));
    g_string_free(out, TRUE);
    g_array_unref(objects);
    g_string_free(pdf, TRUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_outside_marks_wrapped),
        cmocka_unit_test(test_state_only_runs_left_alone),
        cmocka_unit_test(test_strings_hex_and_comments_read_whole),
        cmocka_unit_test(test_nested_marks_and_text_objects),
        cmocka_unit_test(test_streams_left_alone),
        cmocka_unit_test(test_pages_of_a_cairo_pdf_marked_in_an_update),
        cmocka_unit_test(test_pages_it_cannot_mark_left_as_they_are),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
