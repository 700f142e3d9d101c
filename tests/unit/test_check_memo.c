/* SPDX-License-Identifier: MIT */
/* Unit tests of check_memo.c and of the check's pass over the list it keeps: a check given a
 * memo makes the report a check that reads the list makes, to the last count; it uses the memo
 * again while the list and how the incident reads it are unchanged, whatever else of the
 * incident changed, and reads the list again when either changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bl_test.h"
#include "check.h"
#include "check_memo.h"
#include "session.h"

#define HEADER                                                                                     \
    "id,first_name,last_name,address1,city,state,ZIP,categories,entity,variant,language\n"

/* Residents of several states, variants, languages and exposures, in an order where groups
 * interleave; a repeated id, an id in another case, a rejected row and military mail. */
static const char LIST[] =
    HEADER "N-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise,,\n"
           "C-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn;contact,sunrise,,es\n"
           "X-1,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise,,\n"
           "C-2,Cy,Yu,3 Pine St,Fresno,CA,93701,contact,sunrise,minor,\n"
           "N-2,Di,Lo,4 Oak St,Albany,NY,12207,health-insurance,sunrise,,\n"
           "M-1,Di,Lee,Unit 2050,APO,AE,09001,ssn,sunrise,,\n"
           "C-3,Ed,Ma,5 Elm St,Fresno,CA,93701,ssn;contact,sunrise,,es\n"
           "N-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise,,\n"
           "c-3,Fay,Ma,6 Elm St,Fresno,CA,93701,ssn,sunrise,deceased,\n"
           "T-1,Gil,Ng,7 Main St,Austin,TX,73301,ssn;health-insurance,sunrise,,\n"
           "N-3,Hal,Ray,8 Oak St,Albany,NY,12207,ssn,sunrise,,\n"
           "C-4,Ida,Su,9 Elm St,Fresno,CA,93701,contact,sunrise,minor,\n";

/* The path (g_free) of the incident just written by the fixture, moved to name: the fixture
 * writes every incident as the same file. */
static char *
keep_as(struct fixture_check *f, char *written, const char *name)
{
    char *path = g_build_filename(f->dir, name, NULL);

    assert_int_equal(rename(written, path), 0);
    g_free(written);
    return path;
}

/* The report of the check f made last, as text and as JSON (g_free). */
static char *
report_of(struct fixture_check *f)
{
    char *text = bl_check_format_text(f->rep);
    char *json = bl_check_format_json(f->rep);
    char *both = g_strconcat(text, "\n", json, NULL);

    g_free(text);
    g_free(json);
    return both;
}

/* The report of the incident and list checked without a memo. */
static char *
fresh_report(struct fixture_check *f, const char *inc, const char *list)
{
    struct bl_check_memo *memo = f->memo;
    char *rep;

    f->memo = NULL;
    fixture_check_run(f, inc, NULL, list, NULL);
    rep = report_of(f);
    f->memo = memo;
    return rep;
}

/* The report with the memo, and whether it was used rather than the list read. */
static char *
memo_report(struct fixture_check *f, const char *inc, const char *list, gboolean *reused)
{
    fixture_check_run(f, inc, NULL, list, NULL);
    *reused = bl_check_memo_reused(f->memo);
    return report_of(f);
}

static void
test_reused_report_is_the_read_one(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *fresh = fresh_report(f, inc, LIST), *first, *again;
    gboolean reused = TRUE;

    f->memo = bl_check_memo_new();
    first = memo_report(f, inc, LIST, &reused);
    assert_false(reused); /* the first check reads the list */
    assert_string_equal(first, fresh);
    again = memo_report(f, inc, LIST, &reused);
    assert_true(reused);
    assert_string_equal(again, fresh);
    /* the counts a grouped pass adds up, against the list's rows */
    assert_int_equal(f->rep->rows, 12);
    assert_int_equal(f->rep->valid, 10);
    assert_int_equal(f->rep->rejected, 2); /* XX, and N-1 again */
    assert_int_equal(bl_check_residents(f->rep, "CA"), 5);
    assert_int_equal(bl_check_residents(f->rep, "NY"), 3);
    assert_int_equal(bl_check_residents(f->rep, ""), 1);
    /* Californians by category (ssn, health-insurance, contact): C-1, C-3 and c-3 had ssn */
    GArray *ca = g_hash_table_lookup(f->rep->by_category, "CA");
    assert_non_null(ca);
    assert_int_equal(g_array_index(ca, gint64, 0), 3);
    assert_int_equal(g_array_index(ca, gint64, 1), 0);
    assert_int_equal(g_array_index(ca, gint64, 2), 4);
    assert_int_equal(g_hash_table_size(f->rep->duplicates), 2); /* N-1 again, c-3 */
    g_free(fresh);
    g_free(first);
    g_free(again);
    g_free(inc);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* Another date of notice changes the deadlines and findings, not how the list is read. */
static void
test_incident_edits_reuse_the_pass(void **state)
{
    struct fixture_check *f = *state;
    char *early =
        keep_as(f, fixture_check_incident_dated(f, "2024-01-02", "2024-01-20", NULL), "early.xml");
    char *late =
        keep_as(f, fixture_check_incident_dated(f, "2024-01-02", "2024-09-30", NULL), "late.xml");
    char *fresh_late = fresh_report(f, late, LIST), *rep;
    gboolean reused = FALSE;

    f->memo = bl_check_memo_new();
    g_free(memo_report(f, early, LIST, &reused));
    assert_false(reused);
    rep = memo_report(f, late, LIST, &reused);
    assert_true(reused);
    assert_string_equal(rep, fresh_late);
    g_free(rep);
    g_free(fresh_late);
    g_free(early);
    g_free(late);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* A category the incident no longer lists rejects the rows that name it: read again. */
static void
test_categories_changed_read_again(void **state)
{
    struct fixture_check *f = *state;
    char *inc = keep_as(f, fixture_check_incident(f, NULL, NULL), "all.xml");
    char *fewer = keep_as(f,
                          fixture_check_incident(f,
                                                 "<category id=\"health-insurance\">health "
                                                 "insurance policy numbers</category>",
                                                 ""),
                          "fewer.xml");
    char *fresh = fresh_report(f, fewer, LIST), *rep;
    gboolean reused = TRUE;

    f->memo = bl_check_memo_new();
    g_free(memo_report(f, inc, LIST, &reused));
    rep = memo_report(f, fewer, LIST, &reused);
    assert_false(reused);
    assert_string_equal(rep, fresh);
    assert_int_equal(f->rep->rejected, 4); /* XX, N-1 again, the two with health insurance */
    g_free(rep);
    g_free(fresh);
    g_free(inc);
    g_free(fewer);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* The list rewritten (another row), or only touched, is read again. */
static void
test_list_changed_read_again(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *longer = g_strconcat(LIST, "F-1,Jo,Kim,1 Bay St,Miami,FL,33131,ssn,sunrise,,\n", NULL);
    char *fresh = fresh_report(f, inc, longer), *rep, *path;
    gboolean reused = TRUE;

    f->memo = bl_check_memo_new();
    g_free(memo_report(f, inc, LIST, &reused));
    rep = memo_report(f, inc, longer, &reused);
    assert_false(reused);
    assert_string_equal(rep, fresh);
    assert_int_equal(bl_check_residents(f->rep, "FL"), 1);
    g_free(rep);
    g_free(memo_report(f, inc, longer, &reused));
    assert_true(reused);
    /* the same bytes written again: its times changed */
    path = g_build_filename(f->dir, "list.csv", NULL);
    assert_true(g_file_set_contents(path, longer, -1, NULL));
    g_free(memo_report(f, inc, longer, &reused));
    assert_false(reused);
    g_free(path);
    g_free(fresh);
    g_free(longer);
    g_free(inc);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* A list written just now (its time may not move with another write in the same tick) is read
 * again by the next check, until it is older. */
static void
test_list_written_just_now_is_read_again(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *path = g_build_filename(f->dir, "list.csv", NULL);
    gboolean reused = TRUE;

    f->memo = bl_check_memo_new();
    g_free(memo_report(f, inc, LIST, &reused));
    assert_true(g_file_set_contents(path, LIST, -1, NULL)); /* the same bytes, written now */
    fixture_set_time(path, 3600);                           /* (and young, whatever the clock) */
    g_free(memo_report(f, inc, LIST, &reused));
    assert_false(reused);
    g_free(memo_report(f, inc, LIST, &reused));
    assert_false(reused); /* still as young */
    fixture_backdate(path);
    g_free(memo_report(f, inc, LIST, &reused));
    assert_false(reused); /* its time changed */
    g_free(memo_report(f, inc, LIST, &reused));
    assert_true(reused);
    g_free(path);
    g_free(inc);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* The grouped count is the row by row count, to the last line of the report, on a list whose
 * rows differ in every field a recipient has (names, addresses, entity, enrolment code, variant,
 * language, categories) and in the order groups interleave. */
static void
test_grouped_count_is_the_row_by_row_count(void **state)
{
    struct fixture_check *f = *state;
    const char *incidents[] = {NULL, "2024-01-02", "2024-06-30"};
    char *list = g_strconcat(LIST, "F-1,Jo,Kim,1 Bay St,Miami,FL,33131,ssn;contact,sunrise,,es\n",
                             "F-2,Al,Wu,2 Bay St,Miami,FL,33131,contact,sunrise,minor,\n",
                             "T-2,Bo,Li,3 Main St,Austin,TX,73301,health-insurance,sunrise,,\n",
                             "F-3,Cy,Do,4 Bay St,Miami,FL,33131,ssn;contact,sunrise,,es\n", NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(incidents); i++) {
        char *inc = incidents[i] == NULL
                        ? fixture_check_incident(f, NULL, NULL)
                        : fixture_check_incident_dated(f, incidents[i], "2024-09-30", NULL);
        char *grouped, *rows;
        gboolean reused;

        f->memo = bl_check_memo_new();
        grouped = memo_report(f, inc, list, &reused);
        bl_check_memo_free(f->memo);
        f->memo = bl_check_memo_new();
        bl_check_memo_rows_alone(f->memo);
        rows = memo_report(f, inc, list, &reused);
        assert_string_equal(grouped, rows);
        g_free(grouped);
        g_free(rows);
        bl_check_memo_free(f->memo);
        f->memo = NULL;
        g_free(inc);
    }
    g_free(list);
    fixture_check_reset(f);
}

/* The report of a shipped example's incident over its list, counted grouped or row by row. */
static char *
example_report(const char *example, gboolean rows_alone)
{
    char *incident = g_build_filename(BL_DATADIR, "examples", example, "incident.xml", NULL);
    char *list = g_build_filename(BL_DATADIR, "examples", example, "recipients.csv", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_session ses;
    char *text, *json, *both;

    bl_session_init(&ses, diag);
    ses.memo = bl_check_memo_new();
    if (rows_alone) {
        bl_check_memo_rows_alone(ses.memo);
    }
    if (bl_session_load(&ses, incident, list, BL_DATADIR, NULL, FALSE) != BL_EXIT_OK ||
        bl_session_fonts(&ses, BL_DATADIR) != BL_EXIT_OK ||
        bl_session_check(&ses, list, ses.quiet) < 0) {
        fail_msg("%s: %s", example, bl_diag_text(diag));
    }
    text = bl_check_format_text(ses.check);
    json = bl_check_format_json(ses.check);
    both = g_strconcat(text, "\n", json, NULL);
    bl_check_memo_free(ses.memo);
    bl_session_release(&ses);
    bl_diag_free(diag);
    g_free(text);
    g_free(json);
    g_free(incident);
    g_free(list);
    return both;
}

/* So it is over the shipped examples, whose letters differ by state, variant and language. */
static void
test_examples_grouped_as_row_by_row(void **state)
{
    const char *examples[] = {"medusind-2023", "mednax-2020", "kestrel-2025", "tamarack-2025"};

    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(examples); i++) {
        char *grouped = example_report(examples[i], FALSE);
        char *rows = example_report(examples[i], TRUE);

        assert_string_equal(grouped, rows);
        g_free(grouped);
        g_free(rows);
    }
}

/* A list that cannot be read is told every time, and nothing of it is kept. */
static void
test_failed_read_is_not_kept(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const char *bad = "id,first_name\nA-1,Ann\n";

    f->memo = bl_check_memo_new();
    for (int i = 0; i < 2; i++) {
        assert_int_equal(fixture_check_try(f, inc, NULL, bad, NULL), -1);
        fixture_assert_has(bl_diag_text(f->diag), "missing required column");
        assert_false(bl_check_memo_reused(f->memo));
    }
    g_free(inc);
    bl_check_memo_free(f->memo);
    f->memo = NULL;
    fixture_check_reset(f);
}

/* bl_source_key changes with each part of the incident reading a list depends on, and with no
 * other. */
static void
test_source_key(void **state)
{
    struct fixture_check *f = *state;
    const struct {
        const char *from, *to;
        gboolean changes;
    } edits[] = {
        {"<category id=\"contact\"/>", "", TRUE},
        {"<entity id=\"sunrise\"", "<entity id=\"dawn\"", TRUE},
        {"<incident id=\"test-1\"", "<incident id=\"test-1\" language=\"es\"", TRUE},
        {"name=\"ZIP\"", "name=\"Zip5\"", TRUE},
        {"</categories>",
         "</categories><recipient-fields><field name=\"code\"/></recipient-fields>", TRUE},
        {"Acme Billing", "Acme Payments", FALSE},
        {"<notice>2025-01-06</notice>", "<notice>2025-02-06</notice>", FALSE},
        {"We took systems offline.", "We reset every password.", FALSE},
    };
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *base = NULL;
    char *path = keep_as(f, fixture_check_incident(f, NULL, NULL), "base.xml"), *base_key;

    assert_int_equal(bl_incident_load(&base, path, SCHEMA, VOCAB, diag), 0);
    base_key = bl_source_key(base);
    for (size_t i = 0; i < G_N_ELEMENTS(edits); i++) {
        char *edited = fixture_check_incident(f, edits[i].from, edits[i].to);
        struct bl_incident *inc = NULL;
        char *key;

        if (bl_incident_load(&inc, edited, SCHEMA, VOCAB, diag) < 0) {
            fail_msg("%s: %s", edits[i].to, bl_diag_text(diag));
        }
        key = bl_source_key(inc);
        if ((strcmp(key, base_key) != 0) != edits[i].changes) {
            fail_msg("the key %s when '%s' becomes '%s'",
                     edits[i].changes ? "did not change" : "changed", edits[i].from, edits[i].to);
        }
        g_free(key);
        bl_incident_free(inc);
        g_free(edited);
    }
    g_free(base_key);
    bl_incident_free(base);
    g_free(path);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reused_report_is_the_read_one),
        cmocka_unit_test(test_incident_edits_reuse_the_pass),
        cmocka_unit_test(test_categories_changed_read_again),
        cmocka_unit_test(test_list_changed_read_again),
        cmocka_unit_test(test_list_written_just_now_is_read_again),
        cmocka_unit_test(test_grouped_count_is_the_row_by_row_count),
        cmocka_unit_test(test_examples_grouped_as_row_by_row),
        cmocka_unit_test(test_failed_read_is_not_kept),
        cmocka_unit_test(test_source_key),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
