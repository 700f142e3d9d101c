/* SPDX-License-Identifier: MIT */
/* Unit tests of check_format.c: the check's report for people (sections in order, 80 columns,
 * a sentence for each deadline's standing, findings wrapped under their column) and as JSON
 * (counts, residents, findings, deadlines and notices with their status names). The report is a
 * real check of a small list, with deadline rows and findings then set to each case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"
#include "text.h"

#define RULES        BL_DATADIR "/templates/rules/jurisdictions.xml"
#define RULES_SCHEMA BL_DATADIR "/templates/schema/rules.rng"
#define LETTER       BL_DATADIR "/templates/us-notice/letter.xml"

#define LIST                                                                                       \
    "id,first_name,last_name,address1,city,state,ZIP,country,categories,entity\n"                  \
    "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,,ssn;contact,sunrise\n"                                \
    "R-2,Cy,Yu,3 Pine St,Buffalo,NY,14201,,contact,sunrise\n"                                      \
    "R-3,Bo,Li,9 Oak St,Boston,MA,02118,,health-insurance,sunrise\n"                               \
    "R-4,Di,Ng,5 Bay St,Toronto,,,CA,ssn,sunrise\n"                                                \
    "R-5,Ed,Ko,5 Bay St,Boston,ZZ,02118,,ssn,sunrise\n"

struct fx {
    char *dir;
    char *list;
    struct bl_diag *diag;
    struct bl_rules *rules;
    struct bl_contacts *contacts;
    struct bl_incident *incident;
    struct bl_template *tpl;
    struct bl_check_report *rep;
};

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);
    struct bl_check_input in = {0};

    f->dir = fixture_tmpdir("check-format");
    f->diag = bl_diag_new(NULL);
    f->contacts = fixture_contacts();
    f->incident = fixture_incident();
    f->list = fixture_write(f->dir, "list.csv", LIST, -1);
    if (f->contacts == NULL || f->incident == NULL ||
        bl_rules_load(&f->rules, RULES, RULES_SCHEMA, f->diag) < 0 ||
        bl_template_compile(&f->tpl, LETTER, f->incident, f->contacts, f->diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(f->diag));
        return -1;
    }
    in.incident = f->incident;
    in.tpl = f->tpl;
    in.contacts = f->contacts;
    in.rules = f->rules;
    in.recipients = f->list;
    bl_date_parse(&in.today, "2025-01-06");
    if (bl_check_run(&f->rep, &in, f->diag) < 0) {
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

    bl_check_report_free(f->rep);
    bl_template_free(f->tpl);
    bl_incident_free(f->incident);
    bl_rules_free(f->rules);
    bl_contacts_free(f->contacts);
    bl_diag_free(f->diag);
    fixture_rmdir(f->dir);
    g_free(f->list);
    g_free(f->dir);
    g_free(f);
    return 0;
}

/* The deadline row of jurisdiction code; fails the test when there is none. */
static struct bl_deadline_row *
deadline(struct fx *f, const char *code)
{
    for (guint i = 0; i < f->rep->deadlines->len; i++) {
        struct bl_deadline_row *row = &g_array_index(f->rep->deadlines, struct bl_deadline_row, i);

        if (strcmp(row->jurisdiction->code, code) == 0) {
            return row;
        }
    }
    fail_msg("no deadline row for %s", code);
    return NULL;
}

/* Adds a finding as check would make it. */
static void
add_finding(struct fx *f, enum bl_severity severity, const char *jurisdiction, const char *message,
            const char *where, gint64 recipients, const char *cite)
{
    struct bl_finding *x = g_new0(struct bl_finding, 1);

    x->severity = severity;
    x->jurisdiction = g_strdup(jurisdiction);
    x->rule = g_strdup("test-rule");
    x->message = g_strdup(message);
    x->where = g_strdup(where);
    x->recipients = recipients;
    x->cite = g_strdup(cite);
    g_ptr_array_add(f->rep->findings, x);
}

/* The line of text that starts with prefix (after its indent); fails the test when none. */
static char *
line_with(const char *text, const char *prefix)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *found = NULL;

    for (int i = 0; lines[i] != NULL && found == NULL; i++) {
        const char *start = lines[i] + strspn(lines[i], " ");

        if (g_str_has_prefix(start, prefix)) {
            found = g_strdup(lines[i]);
        }
    }
    g_strfreev(lines);
    if (found == NULL) {
        fail_msg("no line starts with '%s' in:\n%s", prefix, text);
    }
    return found;
}

static void
assert_fits_80_columns(const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);

    for (int i = 0; lines[i] != NULL; i++) {
        if (g_utf8_strlen(lines[i], -1) > 80) {
            fail_msg("line of %ld columns: %s", g_utf8_strlen(lines[i], -1), lines[i]);
        }
    }
    g_strfreev(lines);
}

static void
test_text_has_its_sections_in_order_within_80_columns(void **state)
{
    struct fx *f = *state;
    char *text = bl_check_format_text(f->rep);
    char *recipients = g_strdup_printf("Recipients: %s: 5 rows, 4 valid, 1 rejected, in 3 "
                                       "jurisdictions",
                                       f->list);
    char *folded = bl_text_squeeze(text);
    const char *findings = strstr(text, "\nFINDINGS: ");
    const char *deadlines = strstr(text, "\nDEADLINES FOR THE LETTERS (discovered 2023-12-29, "
                                         "letters dated 2025-01-06)\n");
    const char *notices = strstr(text, "\nOTHER NOTICES\n");

    assert_true(g_str_has_prefix(text, "Compliance check of "));
    fixture_assert_has(folded, recipients);
    assert_non_null(findings);
    assert_non_null(deadlines);
    assert_non_null(notices);
    assert_true(findings < deadlines && deadlines < notices);
    fixture_assert_has(text, "  jurisdiction                residents  due         status\n");
    assert_fits_80_columns(text);
    /* the sentence before the last says whether anything stops the letters; the last, once,
     * that the report is not legal advice */
    if (bl_check_count(f->rep, BL_SEV_ERROR) == 0) {
        fixture_assert_has(text, "\nNo finding stops the letters.\nNot legal advice: ");
    } else {
        fixture_assert_has(text, "watermarked draft).\nNot legal advice: ");
    }
    assert_true(g_str_has_suffix(text, "(docs/rules-sources.md).\n"));
    assert_ptr_equal(strstr(text, "Not legal advice"), g_strrstr(text, "Not legal advice"));
    g_free(folded);
    g_free(recipients);
    g_free(text);
}

static void
test_each_deadline_standing_reads_as_a_sentence(void **state)
{
    static const struct {
        enum bl_due_status status;
        int margin;
        const char *text, *json;
    } cases[] = {
        {BL_DUE_LATE, -1, "LATE by 1 day", "late"},
        {BL_DUE_LATE, -12, "LATE by 12 days", "late"},
        {BL_DUE_SOON, 0, "on the last day", "soon"},
        {BL_DUE_SOON, 1, "1 day to spare (less than 8)", "soon"},
        {BL_DUE_SOON, 5, "5 days to spare (less than 8)", "soon"},
        {BL_DUE_OK, 30, "30 days to spare", "ok"},
        {BL_DUE_SUSPENDED, 0, "delayed at the request of law enforcement", "suspended"},
        {BL_DUE_NOT_OWED, 0, "no notice owed", "not-owed"},
        {BL_DUE_NONE, 0, "without unreasonable delay", "none"},
    };
    struct fx *f = *state;
    struct bl_deadline_row *ny = deadline(f, "NY");

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text, *folded, *json, *want;
        char due[16] = "-";

        ny->status = cases[i].status;
        ny->margin = cases[i].margin;
        if (g_date_valid(&ny->due)) {
            g_date_strftime(due, sizeof due, "%Y-%m-%d", &ny->due);
        }
        /* the row: name, residents, due date, then the standing, wrapped at 80 columns */
        text = bl_check_format_text(f->rep);
        assert_fits_80_columns(text);
        folded = bl_text_squeeze(text);
        want = g_strdup_printf("NY New York %" G_GINT64_FORMAT " %s %s ", ny->residents, due,
                               cases[i].text);
        fixture_assert_has(folded, want);
        g_free(want);
        json = bl_check_format_json(f->rep);
        want = g_strdup_printf("\"status\" : \"%s\"", cases[i].json);
        fixture_assert_has(json, want);
        g_free(want);
        g_free(json);
        g_free(folded);
        g_free(text);
    }
    /* a state whose law owes none of these residents notice: said where the rule would be */
    ny->status = BL_DUE_NOT_OWED;
    {
        char *text = bl_check_format_text(f->rep);

        fixture_assert_has(text, "no resident covered (see below)");
        g_free(text);
    }
}

static void
test_findings_wrap_under_their_column(void **state)
{
    struct fx *f = *state;
    char *text, *line;

    add_finding(f, BL_SEV_ERROR, "NY",
                "the letter to New York residents lacks the statement the law requires of "
                "every notice to a resident, in words a reader can follow without the statute "
                "at hand",
                "letters to adult residents", 2, "N.Y. Gen. Bus. Law 899-aa(7)");
    add_finding(f, BL_SEV_WARNING, NULL, "the contacts file is old", NULL, 0, NULL);
    text = bl_check_format_text(f->rep);
    assert_fits_80_columns(text);
    line = line_with(text, "error    NY     the letter to New York residents");
    g_free(line);
    /* the message goes on under where it started, then the scope and the law */
    line = line_with(text, "letters to adult residents; 2 recipients");
    fixture_assert_has(text, "\n                  letters to adult residents; 2 recipients\n");
    fixture_assert_has(text, "\n                  [test-rule] N.Y. Gen. Bus. Law 899-aa(7)\n");
    /* a finding of the whole run has no jurisdiction */
    fixture_assert_has(text, "  warning  -      the contacts file is old\n");
    /* an error stops the letters, and says how to get a draft */
    fixture_assert_has(text, "NOT COMPLIANT: render refuses these letters");
    assert_true(bl_check_count(f->rep, BL_SEV_ERROR) >= 1);
    g_free(line);
    g_free(text);
}

static void
test_json_has_counts_residents_and_the_findings(void **state)
{
    struct fx *f = *state;
    JsonParser *parser = json_parser_new();
    JsonObject *root, *residents, *finding = NULL;
    JsonArray *findings, *deadlines;
    char *json;

    add_finding(f, BL_SEV_WARNING, NULL, "the contacts file is old", NULL, 0, NULL);
    deadline(f, "MA")->status = BL_DUE_NONE;
    json = bl_check_format_json(f->rep);
    assert_true(json_parser_load_from_data(parser, json, -1, NULL));
    root = json_node_get_object(json_parser_get_root(parser));
    assert_string_equal(json_object_get_string_member(root, "recipients"), f->list);
    assert_int_equal(json_object_get_int_member(root, "rows"), 5);
    assert_int_equal(json_object_get_int_member(root, "valid"), 4);
    assert_int_equal(json_object_get_int_member(root, "rejected"), 1);
    assert_true(json_object_get_boolean_member(root, "compliant") ==
                (bl_check_count(f->rep, BL_SEV_ERROR) == 0));
    assert_string_equal(json_object_get_string_member(root, "discovered"), "2023-12-29");
    assert_string_equal(json_object_get_string_member(root, "notice"), "2025-01-06");
    /* residents abroad are "none" */
    residents = json_object_get_object_member(root, "residents");
    assert_int_equal(json_object_get_size(residents), 3);
    assert_int_equal(json_object_get_int_member(residents, "NY"), 2);
    assert_int_equal(json_object_get_int_member(residents, "MA"), 1);
    assert_int_equal(json_object_get_int_member(residents, "none"), 1);
    findings = json_object_get_array_member(root, "findings");
    for (guint i = 0; i < json_array_get_length(findings); i++) {
        JsonObject *x = json_array_get_object_element(findings, i);

        if (g_strcmp0(json_object_get_string_member(x, "message"), "the contacts file is old") ==
            0) {
            finding = x;
        }
    }
    assert_non_null(finding);
    assert_string_equal(json_object_get_string_member(finding, "severity"), "warning");
    assert_true(json_object_get_null_member(finding, "jurisdiction"));
    assert_true(json_object_get_null_member(finding, "cite"));
    /* a deadline of no number of days has none to count */
    deadlines = json_object_get_array_member(root, "deadlines");
    for (guint i = 0; i < json_array_get_length(deadlines); i++) {
        JsonObject *x = json_array_get_object_element(deadlines, i);

        if (strcmp(json_object_get_string_member(x, "jurisdiction"), "MA") == 0) {
            assert_string_equal(json_object_get_string_member(x, "name"), "Massachusetts");
            /* the residents its law covers, as the report has them */
            assert_int_equal(json_object_get_int_member(x, "residents"),
                             deadline(f, "MA")->residents);
            assert_string_equal(json_object_get_string_member(x, "status"), "none");
            assert_true(json_object_get_null_member(x, "days_to_deadline"));
        }
    }
    assert_non_null(json_object_get_array_member(root, "notices"));
    g_object_unref(parser);
    g_free(json);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_text_has_its_sections_in_order_within_80_columns),
        TEST(test_each_deadline_standing_reads_as_a_sentence),
        TEST(test_findings_wrap_under_their_column),
        TEST(test_json_has_counts_residents_and_the_findings),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
