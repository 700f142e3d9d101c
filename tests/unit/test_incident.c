/* SPDX-License-Identifier: MIT */
/* Unit tests of incident.c: parsing, schema validation and the checks beyond the schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "incident.h"

/* Loads tests/data/incident/<name>; returns the rc, the incident in *out, messages in *msgs. */
static int
load(const char *name, struct bl_incident **out, char **msgs)
{
    char *path = g_build_filename(BL_TEST_DATA, "incident", name, NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    int rc;

    *out = NULL;
    rc = bl_incident_load(out, path, SCHEMA, VOCAB, diag);
    *msgs = g_strdup(bl_diag_text(diag));
    bl_diag_free(diag);
    g_free(path);
    return rc;
}

static void
test_good_incident_is_modelled(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    assert_int_equal(load("good.xml", &inc, &msgs), 0);
    assert_string_equal(msgs, "");
    assert_string_equal(inc->org.name, "Acme Billing & Co.");
    assert_string_equal(inc->org.short_name, "Acme Billing & Co.");
    assert_true(inc->org.phone_toll_free);
    assert_string_equal(inc->org.phone_hours, "9 a.m. to 5 p.m.");
    assert_string_equal(inc->org.hipaa_role, "business-associate");
    assert_string_equal(inc->org.address.country, "US");
    assert_int_equal(g_date_compare(&inc->occurred_from, &inc->occurred_to), 0);
    assert_false(g_date_valid(&inc->contained));
    assert_int_equal(g_date_get_year(&inc->notice), 2025);
    assert_int_equal(inc->access, BL_ACCESS_CONFIRMED);
    assert_int_equal(inc->narrative->len, 2);
    assert_string_equal(g_ptr_array_index(inc->narrative, 0), "First paragraph wrapped.");
    assert_int_equal(inc->categories->len, 3);
    assert_int_equal(bl_incident_category_index(inc, "health-insurance"), 1);
    assert_int_equal(bl_incident_category_index(inc, "passport"), -1);
    assert_string_equal(((struct bl_category *)g_ptr_array_index(inc->categories, 1))->label,
                        "health insurance policy numbers");
    assert_string_equal(((struct bl_category *)g_ptr_array_index(inc->categories, 0))->label,
                        "Social Security number");
    assert_true(((struct bl_category *)g_ptr_array_index(inc->categories, 0))->sensitive);
    assert_true(inc->monitoring.offered);
    assert_int_equal(inc->monitoring.months, 24);
    assert_non_null(bl_incident_entity(inc, "sunrise"));
    assert_null(bl_incident_entity(inc, "moonset"));
    assert_string_equal(bl_incident_column(inc, "postal_code"), "ZIP");
    assert_string_equal(bl_incident_column(inc, "city"), "city");
    assert_int_equal(inc->total_affected, 360934);
    bl_incident_free(inc);
    g_free(msgs);
}

/* Loads tests/data/incident/good.xml with one replacement, written to a temporary file; returns
 * the rc, the incident in *out and the messages in *msgs (with the file's name as "good.xml"). */
static int
load_changed(const char *from, const char *to, struct bl_incident **out, char **msgs)
{
    char *text = NULL, *dir = g_dir_make_tmp("bl-incident-XXXXXX", NULL);
    char *path = g_build_filename(dir, "good.xml", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    GString *s;
    int rc;

    assert_true(g_file_get_contents(BL_TEST_DATA "/incident/good.xml", &text, NULL, NULL));
    s = g_string_new(text);
    assert_int_equal(g_string_replace(s, from, to, 1), 1);
    assert_true(g_file_set_contents(path, s->str, -1, NULL));
    *out = NULL;
    rc = bl_incident_load(out, path, SCHEMA, VOCAB, diag);
    s = g_string_assign(s, bl_diag_text(diag));
    g_string_replace(s, path, "good.xml", 0);
    *msgs = g_string_free(s, FALSE);
    g_unlink(path);
    g_rmdir(dir);
    bl_diag_free(diag);
    g_free(path);
    g_free(dir);
    g_free(text);
    return rc;
}

/* Loads good.xml with one replacement from a directory that also holds a PNG "logo.png" and a
 * text file "notes.png"; returns the rc, the incident and the messages (paths as "DIR"). */
static int
load_with_pictures(const char *from, const char *to, struct bl_incident **out, char **msgs)
{
    char *dir = fixture_tmpdir("incident-pictures");
    char *text = fixture_read(BL_TEST_DATA "/incident/good.xml", NULL);
    GString *s = g_string_new(text);
    char *path, *logo, *notes;
    struct bl_diag *diag = bl_diag_new(NULL);
    int rc;

    assert_int_equal(g_string_replace(s, from, to, 1), 1);
    path = fixture_write(dir, "good.xml", s->str, -1);
    logo = fixture_write(dir, "logo.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    notes = fixture_write(dir, "notes.png", "not a picture at all", -1);
    *out = NULL;
    rc = bl_incident_load(out, path, SCHEMA, VOCAB, diag);
    g_string_assign(s, bl_diag_text(diag));
    g_string_replace(s, dir, "DIR", 0);
    *msgs = g_string_free(s, FALSE);
    if (*out != NULL) {
        /* the paths are absolute, under the incident's directory */
        if ((*out)->org.logo != NULL) {
            assert_string_equal((*out)->org.logo, logo);
        }
    }
    fixture_rmdir(dir);
    bl_diag_free(diag);
    g_free(notes);
    g_free(logo);
    g_free(path);
    g_free(text);
    g_free(dir);
    return rc;
}

/* The logo and the signature image are PNG files named relative to the incident: found there,
 * given to templates by their full name; a missing file or one that is not PNG is refused with
 * its line. */
static void
test_logo_and_signature_are_png_files_beside_the_incident(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    assert_int_equal(load_with_pictures("<signatory><name>Pat Lee</name><title>Privacy "
                                        "Officer</title>",
                                        "<logo>logo.png</logo><signatory><name>Pat Lee</name>"
                                        "<title>Privacy Officer</title><signature-image>logo.png"
                                        "</signature-image>",
                                        &inc, &msgs),
                     0);
    assert_string_equal(msgs, "");
    assert_non_null(inc->org.logo);
    assert_true(g_path_is_absolute(inc->org.logo));
    assert_true(g_str_has_suffix(inc->org.signature, "/logo.png"));
    bl_incident_free(inc);
    g_free(msgs);
    assert_int_equal(
        load_with_pictures("<signatory>", "<logo>missing.png</logo><signatory>", &inc, &msgs), -1);
    assert_string_equal(msgs, "DIR/good.xml:7: error: logo 'missing.png' cannot be read (looked "
                              "for DIR/missing.png)\n");
    g_free(msgs);
    assert_int_equal(load_with_pictures("<title>Privacy Officer</title>",
                                        "<title>Privacy Officer</title><signature-image>notes.png"
                                        "</signature-image>",
                                        &inc, &msgs),
                     -1);
    assert_string_equal(msgs, "DIR/good.xml:7: error: signature image 'notes.png' is not a PNG "
                              "image: save it as PNG\n");
    g_free(msgs);
}

static void
test_affected_total_is_a_64_bit_count(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    assert_int_equal(load_changed("total=\"360934\"", "total=\"9999999999\"", &inc, &msgs), 0);
    assert_string_equal(msgs, "");
    assert_true(inc->total_affected == G_GINT64_CONSTANT(9999999999));
    bl_incident_free(inc);
    g_free(msgs);
    assert_int_equal(
        load_changed("total=\"360934\"", "total=\" 9223372036854775807 \"", &inc, &msgs), 0);
    assert_true(inc->total_affected == G_MAXINT64);
    bl_incident_free(inc);
    g_free(msgs);
}

static void
test_numbers_out_of_range_are_refused_with_their_line(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    /* valid for the schema (any positive integer), too large for a 64-bit count */
    assert_int_equal(
        load_changed("total=\"360934\"", "total=\"99999999999999999999\"", &inc, &msgs), -1);
    assert_null(inc);
    assert_string_equal(msgs, "good.xml:32: error: affected total '99999999999999999999' is out "
                              "of range: it must be from 1 to 9223372036854775807\n");
    g_free(msgs);
    /* 2^32 + 1 months once became 1 month */
    assert_int_equal(load_changed("months=\"24\"", "months=\"4294967297\"", &inc, &msgs), -1);
    assert_string_equal(msgs, "good.xml:27: error: monitoring months '4294967297' is out of "
                              "range: it must be from 1 to 240\n");
    g_free(msgs);
    assert_int_equal(load_changed("months=\"24\"", "months=\"241\"", &inc, &msgs), -1);
    assert_string_equal(msgs, "good.xml:27: error: monitoring months '241' is out of range: it "
                              "must be from 1 to 240\n");
    g_free(msgs);
    assert_int_equal(load_changed("<affected",
                                  "<mailing mailer-id=\"123456\" service-type=\"040\" "
                                  "serial-start=\"18446744073709551616\"/><affected",
                                  &inc, &msgs),
                     -1);
    assert_string_equal(msgs, "good.xml:32: error: <mailing> serial-start '18446744073709551616' "
                              "is out of range: it must be from 0 to 999999999\n");
    g_free(msgs);
}

#define FIELDS_AT "<affected"

/* <recipient-fields> declares the list's other columns for templates: name, column, label,
 * kind, whether required and whether personal data, with defaults. */
static void
test_custom_fields_are_declared(void **state)
{
    struct bl_incident *inc;
    const struct bl_custom_field *f;
    char *msgs;

    assert_int_equal(load_changed(FIELDS_AT,
                                  "<recipient-fields>\n"
                                  "<field name=\"username\" kind=\"code\" required=\"true\"/>\n"
                                  "<field name=\"practice_ref\" column=\"Practice Ref\" "
                                  "label=\"Practice reference\" personal=\"false\"/>\n"
                                  "<field name=\"visit_date\" kind=\"date\"/>\n"
                                  "</recipient-fields>" FIELDS_AT,
                                  &inc, &msgs),
                     0);
    assert_string_equal(msgs, "");
    assert_int_equal(inc->custom_fields->len, 3);
    f = g_ptr_array_index(inc->custom_fields, 0);
    assert_string_equal(f->name, "username");
    assert_string_equal(f->column, "username");
    assert_string_equal(f->label, "username");
    assert_int_equal(f->kind, BL_CUSTOM_CODE);
    assert_true(f->required);
    assert_true(f->personal);
    assert_int_equal(f->line, 33);
    f = g_ptr_array_index(inc->custom_fields, 1);
    assert_string_equal(f->column, "Practice Ref");
    assert_string_equal(f->label, "Practice reference");
    assert_int_equal(f->kind, BL_CUSTOM_TEXT);
    assert_false(f->required);
    assert_false(f->personal);
    f = g_ptr_array_index(inc->custom_fields, 2);
    assert_string_equal(f->label, "visit date");
    assert_int_equal(f->kind, BL_CUSTOM_DATE);
    assert_int_equal(bl_incident_custom_index(inc, "visit_date"), 2);
    assert_int_equal(bl_incident_custom_index(inc, "city"), -1);
    bl_incident_free(inc);
    g_free(msgs);
    /* none declared: an empty list */
    assert_int_equal(load("good.xml", &inc, &msgs), 0);
    assert_int_equal(inc->custom_fields->len, 0);
    bl_incident_free(inc);
    g_free(msgs);
}

static void
test_bad_custom_fields_are_refused_with_their_line(void **state)
{
    static const struct {
        const char *fields;
        const char *expect;
    } cases[] = {
        {"<field name=\"city\"/>",
         "good.xml:33: error: recipient field 'city' is one of every list's own fields "
         "(docs/recipient-format.md): declare only other columns\n"},
        {"<field name=\"username\"/>\n<field name=\"username\"/>",
         "good.xml:34: error: recipient field 'username' is declared twice\n"},
        {"<field name=\"User Name\"/>",
         "good.xml:33: error: recipient field name 'User Name' must be small letters, digits "
         "and '_', starting with a letter, e.g. <field name=\"account_last4\"/>\n"},
        {"<field name=\"username\" kind=\"colour\"/>",
         "good.xml:33: error: kind=\"colour\" must be text, code, date or number\n"},
        {"<field name=\"username\" required=\"yes please\"/>",
         "good.xml:33: error: required=\"yes please\" must be true or false\n"},
        {"<field name=\"username\" personal=\"no\"/>",
         "good.xml:33: error: personal=\"no\" must be true or false\n"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct bl_incident *inc;
        char *to = g_strdup_printf("<recipient-fields>\n%s\n</recipient-fields>" FIELDS_AT,
                                   cases[i].fields);
        char *msgs;

        assert_int_equal(load_changed(FIELDS_AT, to, &inc, &msgs), -1);
        assert_null(inc);
        if (!g_str_has_prefix(msgs, cases[i].expect)) {
            fail_msg("expected '%s' in:\n%s", cases[i].expect, msgs);
        }
        g_free(msgs);
        g_free(to);
    }
}

/* A draft is read without the schema: the module itself refuses what the schema would. */
static void
test_draft_custom_field_names_are_checked(void **state)
{
    char *dir = g_dir_make_tmp("bl-incident-XXXXXX", NULL);
    char *path = g_build_filename(dir, "draft.xml", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;
    char *text = NULL;
    GString *s;

    assert_true(g_file_get_contents(BL_TEST_DATA "/incident/good.xml", &text, NULL, NULL));
    s = g_string_new(text);
    g_string_replace(s, FIELDS_AT,
                     "<recipient-fields><field name=\"9lives\" kind=\"colour\"/>"
                     "</recipient-fields>" FIELDS_AT,
                     1);
    assert_true(g_file_set_contents(path, s->str, -1, NULL));
    assert_int_equal(bl_incident_load_draft(&inc, path, SCHEMA, VOCAB, diag), 0);
    assert_non_null(strstr(bl_diag_text(diag),
                           "recipient field name '9lives' must be small letters, digits and '_'"));
    assert_int_equal(inc->custom_fields->len, 0);
    bl_incident_free(inc);
    g_string_free(s, TRUE);
    g_unlink(path);
    g_rmdir(dir);
    bl_diag_free(diag);
    g_free(path);
    g_free(dir);
    g_free(text);
}

/* Each bad file fails with a message naming the file, the line and the problem. */
static void
expect_error(const char *name, const char *line, const char *needle)
{
    struct bl_incident *inc;
    char *msgs;
    char *where = g_strdup_printf("%s:%s: error: ", name, line);

    assert_int_equal(load(name, &inc, &msgs), -1);
    assert_null(inc);
    if (strstr(msgs, where) == NULL || strstr(msgs, needle) == NULL) {
        fail_msg("expected '%s' ... '%s' in:\n%s", where, needle, msgs);
    }
    g_free(where);
    g_free(msgs);
}

static void
test_bad_incidents_name_file_line_and_problem(void **state)
{
    expect_error("bad-notice-before-discovery.xml", "15",
                 "the notice date is before the discovery date (2023-12-29 > 2023-12-01)");
    expect_error("bad-date-not-real.xml", "14",
                 "discovery date '2023-02-30' is not a valid YYYY-MM-DD date");
    expect_error("bad-unknown-category.xml", "22", "unknown category 'shoe-size'");
    expect_error("bad-missing-discovered.xml", "12",
                 "<dates> lacks <discovered>, which the incident format requires (see "
                 "docs/incident-format.md)");
    expect_error("bad-xxe.xml", "2", "DOCTYPE declaration is not allowed");
    expect_error("bad-not-well-formed.xml", "8", "tag mismatch: organisation line 3");
    expect_error("bad-enrol-before-notice.xml", "27", "enrol-by date must be after the notice");
}

static void
test_xxe_never_reads_the_file(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    assert_int_equal(load("bad-xxe.xml", &inc, &msgs), -1);
    assert_null(strstr(msgs, "root:"));
    g_free(msgs);
}

static void
test_missing_file_is_reported(void **state)
{
    struct bl_incident *inc;
    char *msgs;

    assert_int_equal(load("no-such-file.xml", &inc, &msgs), -1);
    assert_non_null(strstr(msgs, "no-such-file.xml: error: cannot open file: no such file"));
    g_free(msgs);
}

/* Inputs the fuzzer found crashing the parser once (tests/data/fuzz/incident/): each must be
 * refused in strict mode and read without harm as a draft. */
static void
test_fuzz_regressions_are_refused_cleanly(void **state)
{
    const char *dir = BL_TEST_DATA "/fuzz/incident";
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    int n = 0;

    assert_non_null(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, name, NULL);
        struct bl_diag *diag = bl_diag_new(NULL);
        struct bl_incident *inc = NULL;

        assert_int_equal(bl_incident_load(&inc, path, SCHEMA, VOCAB, diag), -1);
        assert_true(bl_diag_error_count(diag) > 0);
        if (bl_incident_load_draft(&inc, path, SCHEMA, VOCAB, diag) == 0) {
            bl_incident_free(inc);
        }
        bl_diag_free(diag);
        g_free(path);
        n++;
    }
    g_dir_close(d);
    assert_true(n > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_incident_is_modelled),
        cmocka_unit_test(test_bad_incidents_name_file_line_and_problem),
        cmocka_unit_test(test_affected_total_is_a_64_bit_count),
        cmocka_unit_test(test_logo_and_signature_are_png_files_beside_the_incident),
        cmocka_unit_test(test_numbers_out_of_range_are_refused_with_their_line),
        cmocka_unit_test(test_xxe_never_reads_the_file),
        cmocka_unit_test(test_missing_file_is_reported),
        cmocka_unit_test(test_fuzz_regressions_are_refused_cleanly),
        cmocka_unit_test(test_custom_fields_are_declared),
        cmocka_unit_test(test_bad_custom_fields_are_refused_with_their_line),
        cmocka_unit_test(test_draft_custom_field_names_are_checked),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
