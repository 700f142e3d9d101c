/* SPDX-License-Identifier: MIT */
/* Unit tests of source_xml.c, the XML reader of the recipient list: records with their line
 * numbers, a wrong element or root, messages naming elements, no DOCTYPE or entity ever read,
 * a file not well formed, and line numbers past 65,535. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "source.h"

#define DATA   FIXTURE_SOURCE_DATA
#define HEADER FIXTURE_SOURCE_HEADER
#define TEST(name)                                                                                 \
    cmocka_unit_test_setup_teardown(name, fixture_source_setup, fixture_source_teardown)

#define XML_RECORD                                                                                 \
    "<recipient id='R-%d'><first-name>Ann</first-name><last-name>Lee</last-name>"                  \
    "<address1>1 Oak St</address1><city>Salem</city><state>OR</state>"                             \
    "<postal-code>97301</postal-code><categories><category id='ssn'/></categories>"                \
    "</recipient>\n"

static char *
write_xml_records(struct fixture_source *f, int n, const char *tail)
{
    GString *xml = g_string_new("<?xml version='1.0'?>\n<recipients>\n");
    char *path;

    for (int i = 1; i <= n; i++) {
        g_string_append_printf(xml, XML_RECORD, i);
    }
    g_string_append(xml, tail);
    path = fixture_source_write(f, "big.xml", xml->str, (gssize)xml->len);
    g_string_free(xml, TRUE);
    return path;
}

static void
test_xml_reads_records_with_line_numbers(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "good.xml");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(rec->recipient.first_name, "<b>Bob & \"Al\"</b>");
    assert_string_equal(rec->recipient.last_name, "Smith");
    assert_string_equal(rec->recipient.address.postal_code, "62701");
    assert_string_equal(rec->recipient.jurisdiction, "IL");
    assert_string_equal(rec->recipient.enrolment_code, "ABC123");
    fixture_assert_categories(rec, 2, (const int[]){0, 2});

    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 19);
    assert_string_equal(rec->recipient.title, "Mr.");
    assert_string_equal(rec->recipient.addressee, "Parent or guardian of Tim Smith");
    assert_string_equal(rec->recipient.address.line2, "Unit <2>");
    assert_string_equal(rec->recipient.jurisdiction, "MO");
    assert_string_equal(rec->recipient.language, "es");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_MINOR);
    fixture_assert_categories(rec, 1, (const int[]){1});
    fixture_source_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_xml_unknown_element_rejects_the_record(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "bad-unknown-element.xml");
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 3);
    fixture_assert_rejected(rec, "unknown element 'zip'");
    assert_string_equal(rec->row_id, "R-1");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 12);
    fixture_source_end(f);
    assert_string_equal(bl_diag_text(f->diag), DATA "bad-unknown-element.xml:3: error: unknown "
                                                    "element 'zip' (recipient 'R-1')\n");
}

static void
test_xml_messages_name_elements(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "list.xml",
                             "<recipients>\n"
                             "<recipient id=' R-1 '><first-name/><last-name>Lee</last-name>"
                             "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
                             "<postal-code>97301</postal-code><categories><category id='ssn'/>"
                             "</categories></recipient>\n"
                             "<recipient><first-name>Bo</first-name></recipient>\n"
                             "<recipient id='R-3'><first-name><b>Bo</b></first-name></recipient>\n"
                             "<recipient id='R-4' kind='x'/>\n"
                             "<person id='R-5'/>\n"
                             "stray text\n"
                             "</recipients>\n",
                             -1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "element 'first-name' is empty");
    assert_string_equal(rec->row_id, "R-1");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "attribute 'id' is empty");
    assert_int_equal(rec->line, 3);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "element 'b' is not allowed inside 'first-name'");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown attribute 'kind' on 'recipient'");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown element 'person' (expected 'recipient')");
    assert_string_equal(rec->row_id, "R-5");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "text outside any 'recipient' element");
    assert_string_equal(rec->row_id, "");
    fixture_source_end(f);
    g_free(path);
}

static void
test_xml_doctype_with_external_entity_is_refused(void **state)
{
    struct fixture_source *f = *state;

    assert_int_equal(bl_source_open(&f->src, DATA "bad-doctype-entity.xml", f->incident, f->diag),
                     -1);
    assert_null(f->src);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "bad-doctype-entity.xml:2: error: a DOCTYPE declaration is not "
                           "allowed in a recipient list (entities and DTDs are never read); "
                           "remove it\n"));
    assert_null(strstr(bl_diag_text(f->diag), "root:"));
}

static void
test_xml_entity_to_local_file_is_never_read(void **state)
{
    struct fixture_source *f = *state;

    assert_int_equal(
        bl_source_open(&f->src, DATA "bad-doctype-local-entity.xml", f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag), "DOCTYPE declaration is not allowed"));
    assert_null(strstr(bl_diag_text(f->diag), "XXE-MARKER"));
}

static void
test_xml_root_must_be_recipients(void **state)
{
    struct fixture_source *f = *state;

    assert_int_equal(bl_source_open(&f->src, DATA "bad-root.xml", f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), DATA "bad-root.xml:2: error: root element is "
                                                    "'people', expected 'recipients'\n");
}

static void
test_xml_not_well_formed_small_file_fails_with_line(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec = NULL;
    int rc = bl_source_open(&f->src, DATA "bad-not-well-formed.xml", f->incident, f->diag);

    /* libxml2 may see the error while looking for the root element: open fails then. */
    if (rc == 0) {
        while ((rc = bl_source_next(f->src, &rec)) == 1) {
        }
    }
    assert_int_equal(rc, -1);
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-not-well-formed.xml:4: error: opening and ending tag mismatch: "
                             "first-name line 4 and last-name\n");
}

static void
test_xml_not_well_formed_after_records_returns_minus_one(void **state)
{
    struct fixture_source *f = *state;
    char *path = write_xml_records(f, 500, "<recipient id='bad'>\n</recipients>\n");
    char *expected = g_strdup_printf("%s:504: error: opening and ending tag mismatch: recipient "
                                     "line 503 and recipients\n",
                                     path);
    const struct bl_record *rec = NULL;
    int n = 0;
    int rc;

    fixture_source_open(f, path);
    while ((rc = bl_source_next(f->src, &rec)) == 1) {
        fixture_assert_valid(rec);
        n++;
    }
    assert_int_equal(rc, -1);
    assert_true(n > 100); /* the records before the error came through */
    assert_true(n <= 500);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_int_equal(bl_source_next(f->src, &rec), -1); /* and it stays failed */
    g_free(expected);
    g_free(path);
}

static void
test_xml_line_numbers_past_65535(void **state)
{
    struct fixture_source *f = *state;
    char *path = write_xml_records(f, 70000, "</recipients>\n");
    const struct bl_record *rec = NULL;
    int n = 0;
    int last = 0;

    fixture_source_open(f, path);
    while (bl_source_next(f->src, &rec) == 1) {
        assert_int_equal(rec->status, 0);
        last = rec->line;
        n++;
    }
    assert_int_equal(n, 70000);
    assert_int_equal(last, 70002);
    g_free(path);
}

/* A list as a Windows editor saves it (a byte order mark, CRLF line ends), a record over many
 * lines: each record's line is its <recipient> tag's, and a message names that line. */
static void
test_xml_bom_crlf_and_long_records_keep_line_numbers(void **state)
{
    struct fixture_source *f = *state;
    static const char data[] =
        "\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?>\r\n"
        "<recipients>\r\n"
        "  <recipient id='R-1'>\r\n"
        "    <first-name>Ann</first-name>\r\n"
        "    <last-name>Lee</last-name>\r\n"
        "    <address1>1 Oak St</address1>\r\n"
        "    <city>Salem</city><state>OR</state><postal-code>97301</postal-code>\r\n"
        "    <categories><category id='ssn'/></categories>\r\n"
        "  </recipient>\r\n"
        "  <!-- a comment between records -->\r\n"
        "  <recipient id='R-2'>\r\n"
        "    <first-name>Bo</first-name><last-name>Lee</last-name>\r\n"
        "    <address1>1 Oak St</address1><state>OR</state><postal-code>97301</postal-code>\r\n"
        "    <categories><category id='ssn'/></categories>\r\n"
        "  </recipient>\r\n"
        "</recipients>\r\n";
    char *path = fixture_source_write(f, "windows.xml", data, sizeof data - 1);
    char *told = NULL;
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->recipient.address.city, "Salem");
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 11);
    fixture_assert_rejected(rec, "element 'city' is empty");
    fixture_source_end(f);
    told = g_strdup_printf("%s:11: error: element 'city' is empty (recipient 'R-2')\n", path);
    assert_string_equal(bl_diag_text(f->diag), told);
    g_free(told);
    g_free(path);
}

/* A wrong element where a category belongs, an unknown category, an element given twice: the
 * record is rejected, saying which, and reading goes on. */
static void
test_xml_wrong_elements_in_a_record_are_named(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(
        f, "wrong.xml",
        "<recipients>\n"
        "<recipient id='R-1'><first-name>Ann</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><cat id='ssn'/></categories></recipient>\n"
        "<recipient id='R-2'><first-name>Ann</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='passport'/></categories>"
        "</recipient>\n"
        "<recipient id='R-3'><first-name>Ann</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><city>Eugene</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='ssn'/></categories>"
        "</recipient>\n"
        "<recipient id='R-4'><first-name>Ann</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='ssn'/></categories>"
        "</recipient>\n"
        "</recipients>\n",
        -1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    fixture_assert_rejected(fixture_source_next(f),
                            "element 'cat' is not allowed inside 'categories'");
    fixture_assert_rejected(fixture_source_next(f),
                            "category 'passport' is not one of the incident's categories");
    fixture_assert_rejected(fixture_source_next(f), "element 'city' appears more than once");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 5);
    fixture_source_end(f);
    fixture_assert_has(bl_diag_text(f->diag), "wrong.xml:2: error: element 'cat' is not allowed");
    fixture_assert_has(bl_diag_text(f->diag), "wrong.xml:3: error: category 'passport'");
    fixture_assert_has(bl_diag_text(f->diag), "wrong.xml:4: error: element 'city' appears more");
    fixture_assert_lacks(bl_diag_text(f->diag), "wrong.xml:5:");
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_xml_reads_records_with_line_numbers),
        TEST(test_xml_unknown_element_rejects_the_record),
        TEST(test_xml_messages_name_elements),
        TEST(test_xml_doctype_with_external_entity_is_refused),
        TEST(test_xml_entity_to_local_file_is_never_read),
        TEST(test_xml_root_must_be_recipients),
        TEST(test_xml_not_well_formed_small_file_fails_with_line),
        TEST(test_xml_not_well_formed_after_records_returns_minus_one),
        TEST(test_xml_line_numbers_past_65535),
        TEST(test_xml_bom_crlf_and_long_records_keep_line_numbers),
        TEST(test_xml_wrong_elements_in_a_record_are_named),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
