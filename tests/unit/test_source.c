/* SPDX-License-Identifier: MIT */
/* Unit tests of the recipient source (source.c): per-row validation whatever the format, ids
 * (duplicates, ids in another case, ids withheld), the format sniffed, invisible characters, the
 * incident's own columns. The backends' reading is tested in test_source_csv.c and
 * test_source_xml.c. */
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

#define DATA FIXTURE_SOURCE_DATA

#define HEADER FIXTURE_SOURCE_HEADER

/* --- Validation of each row (shared by both formats; exercised through CSV) ----------------- */

struct row_case {
    const char *row;   /* after HEADER */
    const char *error; /* NULL: valid */
};

static void
test_rows_are_validated_with_one_clear_error(void **state)
{
    struct fixture_source *f = *state;
    /* Every row names the same person: no message may show their name, street or ZIP. */
    static const struct row_case cases[] = {
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,ZZ,02139,,,ssn,,,", "unknown state 'ZZ'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,Zebedee,02139,,,ssn,,,",
         "unknown state in column 'state'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,,02139,,,ssn,,,", "column 'state' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,0213,,,ssn,,,",
         "postal code is not a US ZIP code (12345 or 12345-6789)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139-12,,,ssn,,,",
         "postal code is not a US ZIP code (12345 or 12345-6789)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,,,,ssn,,,",
         "column 'postal_code' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,US,XX,ssn,,,",
         "unknown jurisdiction 'XX'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,Ontario,M5V 2T6,CA,,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,,,CA,NY,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,ON,,USA,,ssn,,,",
         "country 'USA' is not an ISO 3166 code (two capital letters)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,ON,,Canada,,ssn,,,",
         "country in column 'country' is not an ISO 3166 code (two capital letters)"},
        {"R-1,,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", "column 'first_name' is empty"},
        {"R-1,Zebedee,  ,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,",
         "column 'last_name' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,foo;ssn,,,",
         "category 'foo' is not one of the incident's categories"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn;Zebedee Quuxley,,,",
         "category in column 'categories' is not one of the incident's categories"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,, ; | ,,,",
         "no categories listed"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,child,,",
         "unknown variant 'child' (adult, minor or deceased)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,EN,",
         "language 'EN' is not a two-letter lowercase code such as 'en'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,acme",
         "column 'entity' is set but the incident lists no covered entities"},
        {"R/1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", NULL},
        {"R\x01"
         "1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,",
         "column 'id' has a control or invisible character (tab, line break, bidi control or "
         "similar)"},
        {",Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", "column 'id' is empty"},
        /* military mail (USPS Publication 28): APO, FPO or DPO with AA (ZIP 340xx), AE (090xx
         * to 098xx) or AP (962xx to 966xx); the state of residence in 'jurisdiction' */
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,AP,96278-2050,,TX,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,PSC 802 Box 74,FPO,AA,34090,,FL,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,Unit 4010 Box 10,DPO,AE,09012,,VA,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,CA,96278,,,ssn,,,",
         "city APO is military mail: its state must be AA, AE or AP, not 'CA'"},
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,AE,96278,,TX,ssn,,,",
         "postal code is not a ZIP code of AE (Armed Forces Europe): its ZIP codes are 090xx to "
         "098xx"},
        {"R-1,Zebedee,Quuxley,PSC 802 Box 74,FPO,AA,09499,,TX,ssn,,,",
         "postal code is not a ZIP code of AA (Armed Forces Americas): its ZIP codes are 340xx"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,AE,09499,,MA,ssn,,,",
         "state AE is military mail (Armed Forces Europe): its city must be APO, FPO or DPO"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Fresno,CA,96278,,,ssn,,,",
         "postal code is a ZIP code of AP (Armed Forces Pacific, 962xx to 966xx): its state must "
         "be AP, with APO, FPO or DPO as the city"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct row_case *c = &cases[i];
        const struct bl_record *rec = fixture_source_row(f, c->row);
        const char *text = bl_diag_text(f->diag);

        if (c->error == NULL) {
            fixture_assert_valid(rec);
            assert_string_equal(text, "");
        } else {
            char *expected = g_strdup_printf(
                "%s/one.csv:2: error: %s%s\n", f->dir, c->error,
                rec->row_id[0] == 'R' && rec->row_id[1] == '-' ? " (recipient 'R-1')" : "");

            if (rec->status != -1 || strcmp(rec->error, c->error) != 0) {
                fail_msg("case %zu: expected '%s', got status %d '%s'", i, c->error, rec->status,
                         rec->error);
            }
            assert_string_equal(text, expected);
            g_free(expected);
        }
        assert_null(strstr(text, "Zebedee"));
        assert_null(strstr(text, "Quuxley"));
        assert_null(strstr(text, "Evergreen"));
        assert_null(strstr(text, "02139"));
        assert_null(strstr(text, "M5V"));
        bl_source_free(f->src);
        f->src = NULL;
        bl_diag_clear(f->diag);
    }
}

static void
test_foreign_address_needs_no_state_or_zip(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    rec = fixture_source_row(f, "R-1,Ann,Lee,10 Downing St,London,,SW1A 2AA,GB,,ssn,,,");
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.address.country, "GB");
    assert_string_equal(rec->recipient.address.postal_code, "SW1A 2AA");
    assert_string_equal(rec->recipient.jurisdiction, "");
}

static void
test_duplicate_id_names_the_first_line(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(f, "dup.csv",
                                      HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                             "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                             "R-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                                      -1);
    char *expected = g_strdup_printf("%s:4: error: duplicate recipient id 'R-1' (first on line "
                                     "2)\n",
                                     path);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    fixture_assert_valid(fixture_source_next(f));
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "duplicate recipient id 'R-1' (first on line 2)");
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(bl_diag_text(f->diag), expected);
    fixture_source_end(f);
    g_free(expected);
    g_free(path);
}

/* Ids are case-sensitive ("ABC-1" and "abc-1" are two people, both valid); the later one is
 * marked as a case twin of the first, so its letter gets a file name of its own. An id that
 * differs only in Unicode form is the same text, so the same id: a duplicate. */
static void
test_ids_equal_but_for_case_are_two_people_and_marked(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "fold.csv",
                             HEADER "ABC-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "Jos\xC3\xA9-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "abc-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "Jose\xCC\x81-2,Di,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "JOSE\xCC\x81-2,Ed,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "Jose-2,Flo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "abc-1,Gil,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                             -1);
    char *expected =
        g_strdup_printf("%s:5: error: duplicate recipient id 'Jose\xCC\x81-2' (first on line 3)\n"
                        "%s:8: error: duplicate recipient id 'abc-1' (first on line 4)\n",
                        path, path);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 0);
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    fixture_assert_valid(rec); /* abc-1: another person than ABC-1 */
    assert_int_equal(rec->duplicate_of, 0);
    assert_int_equal(rec->case_twin_of, 2);
    assert_string_equal(rec->row_id, "abc-1");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "duplicate recipient id 'Jose\xCC\x81-2' (first on line 3)");
    assert_int_equal(rec->duplicate_of, 3);             /* José, its accent composed or not */
    assert_string_equal(rec->row_id, "Jose\xCC\x81-2"); /* the manifest keeps the id as given */
    rec = fixture_source_next(f);
    fixture_assert_valid(rec); /* JOSÉ-2 */
    assert_int_equal(rec->case_twin_of, 3);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec); /* without the accent: another id, and no twin */
    assert_int_equal(rec->duplicate_of, 0);
    assert_int_equal(rec->case_twin_of, 0);
    rec = fixture_source_next(f);
    fixture_assert_rejected(
        rec, "duplicate recipient id 'abc-1' (first on line 4)"); /* the same again */
    assert_int_equal(rec->case_twin_of, 0);
    fixture_source_end(f);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

static void
test_xml_ids_equal_but_for_case_are_two_people(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "fold.xml",
                             "<recipients>\n"
                             "<recipient id='r-7'><first-name>Ann</first-name><last-name>Lee"
                             "</last-name><address1>1 Oak</address1><city>Salem</city><state>OR"
                             "</state><postal-code>97301</postal-code><categories><category "
                             "id='ssn'/></categories></recipient>\n"
                             "<recipient id='R-7'><first-name>Bo</first-name><last-name>Lee"
                             "</last-name><address1>1 Oak</address1><city>Salem</city><state>OR"
                             "</state><postal-code>97301</postal-code><categories><category "
                             "id='ssn'/></categories></recipient>\n"
                             "</recipients>\n",
                             -1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 2);
    fixture_source_end(f);
    g_free(path);
}

/* A list read again after the check uses the check's table, which has the duplicates (line ->
 * line of the first) and the ids in another case (line -> minus the line of the first). */
static void
test_known_duplicates_replace_the_table_of_ids(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(f, "again.csv",
                                      HEADER "ABC-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                             "abc-1,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                             "abc-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                                      -1);
    GHashTable *dups = g_hash_table_new(g_direct_hash, g_direct_equal);
    const struct bl_record *rec;

    g_hash_table_insert(dups, GINT_TO_POINTER(3), GINT_TO_POINTER(-2));
    g_hash_table_insert(dups, GINT_TO_POINTER(4), GINT_TO_POINTER(3));
    fixture_source_open(f, path);
    bl_source_use_duplicates(f->src, dups);
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 2);
    assert_int_equal(rec->duplicate_of, 0);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "duplicate recipient id 'abc-1' (first on line 3)");
    assert_int_equal(rec->case_twin_of, 0);
    fixture_source_end(f);
    g_hash_table_unref(dups);
    g_free(path);
}

static void
test_entity_required_and_resolved_when_incident_lists_entities(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(f, "entities.csv",
                                      HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,beta\n"
                                             "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                             "R-3,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,gamma\n",
                                      -1);
    const struct bl_record *rec;

    fixture_source_entity(f, "acme", "Acme Health");
    fixture_source_entity(f, "beta", "Beta Clinic");
    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.entity, "beta");
    assert_ptr_equal(rec->recipient.covered_entity, g_ptr_array_index(f->incident->entities, 1));
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "column 'entity' is empty");
    assert_null(rec->recipient.covered_entity);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown covered entity 'gamma'");
    fixture_source_end(f);
    g_free(path);
}

/* Neither the digits of the number nor its last four appear in the messages. */
static void
assert_withheld(struct fixture_source *f, const struct bl_record *rec, const char *digits)
{
    const char *text = bl_diag_text(f->diag);

    if (strstr(text, digits) != NULL || strstr(rec->error, digits) != NULL ||
        strstr(text, "6789") != NULL || strstr(text, "1111") != NULL) {
        fail_msg("a number shows in '%s' / '%s'", text, rec->error);
    }
}

static void
test_numbers_like_ssn_or_card_are_withheld_from_messages(void **state)
{
    struct fixture_source *f = *state;
    static const struct row_case cases[] = {
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn;123-45-6789,,,",
         "category '[number withheld]' is not one of the incident's categories"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,123456789,,,",
         "category '[number withheld]' is not one of the incident's categories"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,4111-1111-1111-1111,,",
         "unknown variant '[number withheld]' (adult, minor or deceased)"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,12-3456789",
         "column 'entity' is set but the incident lists no covered entities"},
        {"R-1,Ann,Lee,1 Oak St,Salem,123456789,97301,,,ssn,,,", "unknown state in column 'state'"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct bl_record *rec = fixture_source_row(f, cases[i].row);
        char *expected =
            g_strdup_printf("%s/one.csv:2: error: %s (recipient 'R-1')\n", f->dir, cases[i].error);

        fixture_assert_rejected(rec, cases[i].error);
        assert_string_equal(bl_diag_text(f->diag), expected);
        assert_withheld(f, rec, "123");
        g_free(expected);
        bl_source_free(f->src);
        f->src = NULL;
        bl_diag_clear(f->diag);
    }
}

static void
test_entity_like_an_ein_is_withheld(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_entity(f, "acme", "Acme Health");
    rec = fixture_source_row(f, "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,12-3456789");
    fixture_assert_rejected(rec, "unknown covered entity '[number withheld]'");
    assert_withheld(f, rec, "3456");
}

static void
test_id_like_an_ssn_is_withheld_from_messages_but_kept(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "ids.csv",
                             HEADER "123-45-6789,Ann,Lee,1 Oak St,Salem,XX,97301,,,ssn,,,\n"
                                    "4111 1111 1111 1111,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "4111-1111-1111-1111,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                    "4111 1111 1111 1111,Di,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                             -1);
    char *expected = g_strdup_printf(
        "%s:2: error: unknown state 'XX' (recipient '[number withheld]')\n"
        "%s:5: error: duplicate recipient id '[number withheld]' (first on line 3)\n",
        path, path);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown state 'XX'");
    /* the manifest's id is the mailing key: the id itself, as given */
    assert_string_equal(rec->row_id, "123-45-6789");
    fixture_assert_valid(fixture_source_next(f));
    fixture_assert_valid(fixture_source_next(f)); /* another number: not the same id */
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "duplicate recipient id '[number withheld]' (first on line 3)");
    assert_string_equal(rec->row_id, "4111 1111 1111 1111");
    fixture_source_end(f);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

static void
test_names_from_the_list_are_withheld_when_numbers(void **state)
{
    struct fixture_source *f = *state;
    char *csv =
        fixture_source_write(f, "header.csv",
                             "id,first_name,last_name,address1,city,state,postal_code,categories,"
                             "123-45-6789\n"
                             "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,x\n",
                             -1);
    char *xml = fixture_source_write(f, "names.xml",
                                     "<recipients>\n"
                                     "<recipient id='R-1'><a123456789/></recipient>\n"
                                     "<recipient id='R-2' n123-45-6789='x'/>\n"
                                     "</recipients>\n",
                                     -1);
    char *root = fixture_source_write(f, "root.xml", "<r123456789/>\n", -1);
    const struct bl_record *rec;

    fixture_source_open(f, csv);
    assert_non_null(strstr(bl_diag_text(f->diag), "ignoring unknown columns '[number withheld]'"));
    fixture_assert_valid(fixture_source_next(f));
    bl_source_free(f->src);
    f->src = NULL;
    bl_diag_clear(f->diag);
    fixture_source_open(f, xml);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown element 'a[number withheld]'");
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "unknown attribute 'n[number withheld]' on 'recipient'");
    assert_null(strstr(bl_diag_text(f->diag), "6789"));
    bl_source_free(f->src);
    f->src = NULL;
    bl_diag_clear(f->diag);
    assert_int_equal(bl_source_open(&f->src, root, f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "root element is 'r[number withheld]', expected 'recipients'"));
    g_free(csv);
    g_free(xml);
    g_free(root);
}

/* --- the format ----------------------------------------------------------------------------- */

static void
test_format_is_sniffed_without_a_known_extension(void **state)
{
    struct fixture_source *f = *state;
    char *xml =
        fixture_source_write(f, "list.txt",
                             "\n  <recipients><recipient id='R-1'><first-name>A</first-name>"
                             "</recipient></recipients>\n",
                             -1);
    char *csv = fixture_source_write(f, "list.dat",
                                     HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n", -1);

    fixture_source_open(f, xml);
    fixture_assert_rejected(fixture_source_next(f), "element 'last-name' is empty");
    bl_source_free(f->src);
    f->src = NULL;
    fixture_source_open(f, csv);
    fixture_assert_valid(fixture_source_next(f));
    g_free(xml);
    g_free(csv);
}

/* --- Streaming -------------------------------------------------------------------------------- */

#define TEST(name)                                                                                 \
    cmocka_unit_test_setup_teardown(name, fixture_source_setup, fixture_source_teardown)

static void
test_bidi_and_invisible_characters_are_removed(void **state)
{
    struct fixture_source *f = *state;
    /* "Eve" with a right-to-left override, a zero-width space and a BOM; a Persian name
     * keeps its zero-width non-joiner */
    const struct bl_record *rec =
        fixture_source_row(f, "R-1,\xe2\x80\xae"
                              "Eve\xe2\x80\x8b\xef\xbb\xbf,Ma\xe2\x80\x8c"
                              "ry,"
                              "742 Evergreen Ter,Boston,MA,02139,,,ssn,,,");

    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "Eve");
    assert_string_equal(rec->recipient.last_name, "Ma\xe2\x80\x8c"
                                                  "ry");
}

static void
test_values_lose_invisibles_and_keep_breaks_ids_refuse_them(void **state)
{
    struct fixture_source *f = *state;
    /* a Devanagari first name with a zero-width joiner (kept), a last name ending in a
     * zero-width space and a space (both go), a tab between words (a space), an address with
     * a LINE SEPARATOR and a lone CR (line breaks), a private-use character in the city */
    const struct bl_record *rec =
        fixture_source_row(f, "R-1,\"\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                              "\xe0\xa4\xb7\",\"Lee\tSmith\xe2\x80\x8b \","
                              "\"742 Evergreen Ter\xe2\x80\xa8"
                              "Apt 4\rRear\",Bos\xee\x80\x80ton,MA,02139,,,ssn,,,");

    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                                                   "\xe0\xa4\xb7");
    assert_string_equal(rec->recipient.last_name, "Lee Smith");
    assert_string_equal(rec->recipient.address.line1, "742 Evergreen Ter\nApt 4\nRear");
    assert_string_equal(rec->recipient.address.city, "Boston");
    bl_source_free(f->src);
    f->src = NULL;

    /* an id is never changed: one that hides or reorders characters is refused, without being
     * quoted; a joiner is a character ids may hold, as names do */
    rec = fixture_source_row(f, "R-1\xe2\x80\xae"
                                "2,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    fixture_assert_rejected(rec,
                            "column 'id' has a control or invisible character (tab, line break, "
                            "bidi control or similar)");
    assert_null(strstr(bl_diag_text(f->diag), "R-1"));
    bl_source_free(f->src);
    f->src = NULL;
    rec = fixture_source_row(f, "R\xe2\x80\x8b"
                                "1,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    assert_int_equal(rec->status, -1);
    bl_source_free(f->src);
    f->src = NULL;
    rec = fixture_source_row(f, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                                "1,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    fixture_assert_valid(rec);
}

/* --- custom fields ----------------------------------------------------------------------- */

/* Declares a custom field in the fixture's incident, as <recipient-fields> would. */
static void
add_custom(struct fixture_source *f, const char *name, const char *column, enum bl_custom_kind kind,
           gboolean required, gboolean personal)
{
    struct bl_custom_field *field = g_new0(struct bl_custom_field, 1);

    field->name = g_strdup(name);
    field->column = g_strdup(column != NULL ? column : name);
    field->label = g_strdup(name);
    field->kind = kind;
    field->required = required;
    field->personal = personal;
    g_ptr_array_add(f->incident->custom_fields, field);
}

static void
add_customs(struct fixture_source *f)
{
    add_custom(f, "username", NULL, BL_CUSTOM_CODE, TRUE, TRUE);
    add_custom(f, "account_last4", "Account Last 4", BL_CUSTOM_TEXT, FALSE, TRUE);
    add_custom(f, "visit_date", NULL, BL_CUSTOM_DATE, FALSE, TRUE);
    add_custom(f, "records", NULL, BL_CUSTOM_NUMBER, FALSE, FALSE);
}

#define CUSTOM_HEADER                                                                              \
    "id,first_name,last_name,address1,city,state,postal_code,categories,Username,"                 \
    "account last 4,visit_date,records,Notes\n"
#define CUSTOM_ROW(id, rest) id ",Ann,Lee,1 Oak St,Salem,OR,97301,ssn," rest ",x\n"

/* The columns the incident declares come with each record, trimmed and made safe like every
 * value; a required one must have a value, a date be a date and a number a number; the other
 * columns are still ignored, with one warning. The record's storage is reused. */
static void
test_declared_columns_come_with_each_record(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;
    char **first;
    char *path, *expected;
    struct bl_recipient *copy;

    add_customs(f);
    path =
        fixture_source_write(f, "custom.csv",
                             CUSTOM_HEADER CUSTOM_ROW("R-1", " jdoe\u202e-77 ,4821,2024-03-05,12")
                                 CUSTOM_ROW("R-2", ",4821,,") CUSTOM_ROW("R-3", "cy,,2024-13-01,")
                                     CUSTOM_ROW("R-4", "di,,,1e3") CUSTOM_ROW("R-5", "ed,,,"),
                             -1);
    fixture_source_open(f, path);
    expected = g_strdup_printf("%s:1: warning: ignoring unknown columns 'Notes'\n", path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.custom[0], "jdoe-77");
    assert_string_equal(rec->recipient.custom[1], "4821");
    assert_string_equal(rec->recipient.custom[2], "2024-03-05");
    assert_string_equal(rec->recipient.custom[3], "12");
    assert_null(rec->recipient.custom[4]);
    first = rec->recipient.custom;
    copy = bl_recipient_copy(&rec->recipient);
    rec = fixture_source_next(f);
    assert_ptr_equal(rec->recipient.custom, first); /* the storage is the list's, reused */
    fixture_assert_rejected(rec, "column 'Username' is empty");
    /* a copy outlives the row */
    assert_string_equal(copy->custom[0], "jdoe-77");
    assert_null(copy->custom[4]);
    bl_recipient_free(copy);
    /* a personal field's value is never quoted; another's may be */
    fixture_assert_rejected(fixture_source_next(f), "column 'visit_date' is not a YYYY-MM-DD date");
    fixture_assert_rejected(fixture_source_next(f),
                            "column 'records' is not a whole number: '1e3'");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.custom[1], "");
    fixture_source_end(f);
    assert_null(strstr(bl_diag_text(f->diag), "2024-13-01"));
    assert_non_null(strstr(bl_diag_text(f->diag), ":3: error: column 'Username' is empty "
                                                  "(recipient 'R-2')\n"));
    g_free(path);
}

/* A required declared column the header lacks stops the list, naming the column and the cell
 * it may be; an optional one is warned about once. */
static void
test_declared_columns_missing_from_the_header(void **state)
{
    struct fixture_source *f = *state;
    char *path, *expected;

    add_customs(f);
    path =
        fixture_source_write(f, "nouser.csv",
                             "id,first_name,last_name,address1,city,state,postal_code,categories,"
                             "usrname\nR-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,jdoe\n",
                             -1);
    expected = g_strdup_printf("%s:1: error: missing required column 'username' (declared in "
                               "the incident's <recipient-fields>); is it 'usrname'?\n",
                               path);
    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);

    bl_diag_clear(f->diag);
    path =
        fixture_source_write(f, "nolast4.csv",
                             "id,first_name,last_name,address1,city,state,postal_code,categories,"
                             "username,visit_date,records\n"
                             "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,jdoe,,\n",
                             -1);
    expected = g_strdup_printf("%s:1: warning: no column 'Account Last 4', which the incident "
                               "declares in <recipient-fields>: field 'recipient.account_last4' "
                               "is empty in every letter\n",
                               path);
    fixture_source_open(f, path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_string_equal(fixture_source_next(f)->recipient.custom[1], "");
    fixture_source_end(f);
    g_free(expected);
    g_free(path);
}

/* An XML list gives a declared field as an element named like it ('-' for '_'); any other
 * element still rejects the record. */
static void
test_xml_declared_elements_come_with_each_record(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;
    char *path;

    add_customs(f);
    path = fixture_source_write(
        f, "custom.xml",
        "<recipients>\n"
        "<recipient id='R-1'><first-name>Ann</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='ssn'/>"
        "</categories><username> jdoe </username>"
        "<account-last4>4821</account-last4></recipient>\n"
        "<recipient id='R-2'><first-name>Bo</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='ssn'/>"
        "</categories><username>bo</username><nickname>B</nickname></recipient>\n"
        "<recipient id='R-3'><first-name>Cy</first-name><last-name>Lee</last-name>"
        "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
        "<postal-code>97301</postal-code><categories><category id='ssn'/>"
        "</categories></recipient>\n"
        "</recipients>\n",
        -1);
    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.custom[0], "jdoe");
    assert_string_equal(rec->recipient.custom[1], "4821");
    assert_string_equal(rec->recipient.custom[2], "");
    fixture_assert_rejected(fixture_source_next(f), "unknown element 'nickname'");
    fixture_assert_rejected(fixture_source_next(f), "element 'username' is empty");
    fixture_source_end(f);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_rows_are_validated_with_one_clear_error),
        TEST(test_bidi_and_invisible_characters_are_removed),
        TEST(test_values_lose_invisibles_and_keep_breaks_ids_refuse_them),
        TEST(test_foreign_address_needs_no_state_or_zip),
        TEST(test_duplicate_id_names_the_first_line),
        TEST(test_ids_equal_but_for_case_are_two_people_and_marked),
        TEST(test_xml_ids_equal_but_for_case_are_two_people),
        TEST(test_known_duplicates_replace_the_table_of_ids),
        TEST(test_entity_required_and_resolved_when_incident_lists_entities),
        TEST(test_numbers_like_ssn_or_card_are_withheld_from_messages),
        TEST(test_entity_like_an_ein_is_withheld),
        TEST(test_id_like_an_ssn_is_withheld_from_messages_but_kept),
        TEST(test_names_from_the_list_are_withheld_when_numbers),
        TEST(test_format_is_sniffed_without_a_known_extension),
        TEST(test_declared_columns_come_with_each_record),
        TEST(test_declared_columns_missing_from_the_header),
        TEST(test_xml_declared_elements_come_with_each_record),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
