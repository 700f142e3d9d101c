/* SPDX-License-Identifier: MIT */
/* Unit tests of pdf_update.c and links.c: the update that gives a finished PDF's catalog its
 * language and shows its title (a cairo PDF read back with its new catalog, cross-reference
 * section and trailer; a file that is not such a PDF refused), the language a letter declares,
 * and the web and e-mail addresses found in a letter's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"
#include "page.h"
#include "pdf_update.h"

static cairo_status_t
collect(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A PDF of two pages as cairo writes it, tagged, with a title. */
static GByteArray *
cairo_pdf(void)
{
    GByteArray *out = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, out, 612, 792);
    cairo_t *cr = cairo_create(s);

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "A (title)");
    cairo_tag_begin(cr, "Document", "");
    for (int i = 0; i < 2; i++) {
        cairo_tag_begin(cr, "P", "");
        cairo_rectangle(cr, 72, 72, 100, 20);
        cairo_fill(cr);
        cairo_tag_end(cr, "P");
        if (i == 1) {
            cairo_tag_end(cr, "Document");
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    g_byte_array_append(out, (const guint8 *)"", 1); /* a C string, for the checks */
    g_byte_array_set_size(out, out->len - 1);
    return out;
}

/* The last occurrence of word in data (which holds NULs: compressed streams), or NULL. */
static const char *
last(const void *data, gsize len, const char *word)
{
    gsize n = strlen(word);

    for (gsize i = len >= n ? len - n + 1 : 0; i-- > 0;) {
        if (memcmp((const char *)data + i, word, n) == 0) {
            return (const char *)data + i;
        }
    }
    return NULL;
}

/* The number after the last "startxref" of a file. */
static guint64
startxref(const void *data, gsize len)
{
    const char *p = last(data, len, "startxref");

    assert_non_null(p);
    return g_ascii_strtoull(p + 9, NULL, 10);
}

static void
test_update_rewrites_the_catalog_with_lang_and_title_shown(void **state)
{
    GByteArray *pdf = cairo_pdf();
    guint64 prev = startxref(pdf->data, pdf->len);
    const char *why = NULL;
    GString *update =
        bl_pdf_update_catalog(pdf->data, pdf->len, pdf->len, "es-US", NULL, NULL, &why);
    GString *whole;
    guint64 xref, at;
    long root;
    const char *catalog, *entry;
    char head[32];

    (void)state;
    assert_null(why);
    assert_non_null(update);
    whole = g_string_new_len((const char *)pdf->data, (gssize)pdf->len);
    g_string_append_len(whole, update->str, (gssize)update->len);
    /* the new trailer points back to the file's own table and at its own */
    assert_non_null(strstr(update->str, "/Prev "));
    assert_int_equal(g_ascii_strtoull(strstr(update->str, "/Prev ") + 6, NULL, 10), prev);
    xref = startxref(whole->str, whole->len);
    assert_true(xref > pdf->len);
    assert_memory_equal(whole->str + xref, "xref\n", 5);
    /* one entry: the catalog, named by the trailer as before, at the offset given */
    root = strtol(strstr(update->str, "/Root ") + 6, NULL, 10);
    assert_true(root > 0);
    assert_int_equal(strtol(whole->str + xref + 5, NULL, 10), root);
    entry = strchr(whole->str + xref + 5, '\n') + 1;
    assert_memory_equal(entry + 10, " 00000 n\r\n", 10);
    at = g_ascii_strtoull(entry, NULL, 10);
    g_snprintf(head, sizeof(head), "%ld 0 obj", root);
    assert_memory_equal(whole->str + at, head, strlen(head));
    catalog = whole->str + at;
    /* the catalog keeps what cairo wrote (the pages, the structure) and gains the two */
    assert_non_null(strstr(catalog, "/Type /Catalog"));
    assert_non_null(strstr(catalog, "/Pages "));
    assert_non_null(strstr(catalog, "/StructTreeRoot "));
    assert_non_null(strstr(catalog, "/MarkInfo << /Marked true >>"));
    assert_non_null(strstr(catalog, "/Lang (es-US)"));
    assert_non_null(strstr(catalog, "/ViewerPreferences << /DisplayDocTitle true >>"));
    /* the trailer keeps the document's information and ends the file */
    assert_non_null(strstr(update->str, "/Info "));
    assert_memory_equal(whole->str + whole->len - 6, "%%EOF\n", 6);
    /* updated again (a letter made twice), the catalog is not given two /Lang */
    {
        GString *again = bl_pdf_update_catalog((const guchar *)whole->str, whole->len, whole->len,
                                               "en-US", NULL, NULL, &why);

        assert_non_null(again);
        assert_null(strstr(again->str, "(es-US)"));
        assert_non_null(strstr(again->str, "/Lang (en-US)"));
        assert_ptr_equal(strstr(again->str, "/Lang"), g_strrstr(again->str, "/Lang"));
        g_string_free(again, TRUE);
    }
    g_string_free(whole, TRUE);
    g_string_free(update, TRUE);
    g_byte_array_unref(pdf);
}

static void
test_update_from_the_end_of_the_file_only(void **state)
{
    GByteArray *pdf = cairo_pdf();
    const char *p = last(pdf->data, pdf->len, "\nxref\n");
    /* the tail from a little before the last table and the catalog */
    gsize from = (gsize)(p - (const char *)pdf->data) - 400;
    const char *why = NULL;
    GString *whole_update =
        bl_pdf_update_catalog(pdf->data, pdf->len, pdf->len, "en-US", NULL, NULL, &why);
    GString *tail_update = bl_pdf_update_catalog(pdf->data + from, pdf->len - from, pdf->len,
                                                 "en-US", NULL, NULL, &why);

    (void)state;
    if (why != NULL) {
        fail_msg("%s", why);
    }
    assert_non_null(whole_update);
    assert_non_null(tail_update);
    assert_string_equal(whole_update->str, tail_update->str);
    g_string_free(whole_update, TRUE);
    g_string_free(tail_update, TRUE);
    g_byte_array_unref(pdf);
}

static void
test_update_refuses_what_is_not_such_a_pdf(void **state)
{
    GByteArray *pdf = cairo_pdf();
    const char *p = last(pdf->data, pdf->len, "\nxref\n");
    gsize from = (gsize)(p - (const char *)pdf->data) + 10;
    const char *why = NULL;
    static const char junk[] = "%PDF-1.5\nnothing here\n%%EOF\n";

    (void)state;
    assert_null(bl_pdf_update_catalog((const guchar *)junk, strlen(junk), strlen(junk), "en-US",
                                      NULL, NULL, &why));
    assert_string_equal(why, "no startxref");
    /* a tail that starts after the table */
    assert_null(
        bl_pdf_update_catalog(pdf->data + from, pdf->len - from, pdf->len, "en", NULL, NULL, &why));
    assert_non_null(why);
    /* a language that is no tag would break the string it is written in */
    assert_null(bl_pdf_update_catalog(pdf->data, pdf->len, pdf->len, "en) /X (", NULL, NULL, &why));
    assert_string_equal(why, "the language is not a BCP 47 tag");
    g_byte_array_unref(pdf);
}

static void
test_lang_of_a_letter(void **state)
{
    char *s;

    (void)state;
    s = bl_pdf_lang("en");
    assert_string_equal(s, "en-US");
    g_free(s);
    s = bl_pdf_lang(NULL);
    assert_string_equal(s, "en-US");
    g_free(s);
    s = bl_pdf_lang("es");
    assert_string_equal(s, "es");
    g_free(s);
    s = bl_pdf_lang("en-GB");
    assert_string_equal(s, "en-GB");
    g_free(s);
}

/* The links of text as "start-end attrs" lines. */
static char *
links_of(const char *text)
{
    GArray *links = bl_links_find(text);
    GString *out = g_string_new(NULL);

    for (guint i = 0; links != NULL && i < links->len; i++) {
        const struct link *l = &g_array_index(links, struct link, i);

        g_string_append_printf(out, "[%.*s] %s\n", l->end - l->start, text + l->start, l->attrs);
    }
    bl_links_free(links);
    return g_string_free(out, FALSE);
}

static void
test_links_found_in_text(void **state)
{
    char *s;

    (void)state;
    s = links_of("Go to https://enroll.example.com/medusind or call 1-866-555-0187.");
    assert_string_equal(s, "[https://enroll.example.com/medusind] "
                           "uri='https://enroll.example.com/medusind'\n");
    g_free(s);
    s = links_of("You can e-mail us at privacy-notice@example.com. Our address is Medusind Inc., "
                 "100 Example Plaza.");
    assert_string_equal(s,
                        "[privacy-notice@example.com] uri='mailto:privacy-notice@example.com'\n");
    g_free(s);
    s = links_of("Equifax 1-800-685-1111 www.equifax.com/personal/credit-report-services Fraud");
    assert_string_equal(s, "[www.equifax.com/personal/credit-report-services] "
                           "uri='https://www.equifax.com/personal/credit-report-services'\n");
    g_free(s);
    s = links_of("Website: ag.ny.gov (or dos.ny.gov), e.g. a P.O. Box in Allen, TX.");
    assert_string_equal(s, "[ag.ny.gov] uri='https://ag.ny.gov'\n"
                           "[dos.ny.gov] uri='https://dos.ny.gov'\n");
    g_free(s);
    s = links_of("No address here: Medusind Inc. wrote on 1.1.2025, version 2.5.");
    assert_string_equal(s, "");
    g_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_rewrites_the_catalog_with_lang_and_title_shown),
        cmocka_unit_test(test_update_from_the_end_of_the_file_only),
        cmocka_unit_test(test_update_refuses_what_is_not_such_a_pdf),
        cmocka_unit_test(test_lang_of_a_letter),
        cmocka_unit_test(test_links_found_in_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
