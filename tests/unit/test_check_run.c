/* SPDX-License-Identifier: MIT */
/* Unit tests of check_run.c, the checks of the whole run: the data files' age at a year to the
 * day, a partial list at twice its rows, what the list as a whole shows (ids shaped like numbers,
 * rejected rows) in the singular and the plural, and the notes to verify in their order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"
#include "rules.h"

#define HEADER FIXTURE_CHECK_HEADER

/* date + years and days, as YYYY-MM-DD in buf */
static const char *
after(const GDate *date, int years, int days, char buf[16])
{
    GDate d = *date;

    g_date_add_years(&d, years);
    g_date_add_days(&d, days);
    g_date_strftime(buf, 16, "%Y-%m-%d", &d);
    return buf;
}

/* The contacts and rules files are old a year and a day after they were last checked, not on
 * the day a year after: the warning names the file and the date. */
static void
test_data_files_are_old_after_a_year(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const GDate *contacts = bl_contacts_checked(f->contacts);
    const GDate *rules = &f->rules->checked;
    const GDate *later = g_date_compare(contacts, rules) > 0 ? contacts : rules;
    const GDate *earlier = later == contacts ? rules : contacts;
    const char *later_rule = later == contacts ? "contacts-age" : "rules-age";
    const char *earlier_rule = later == contacts ? "rules-age" : "contacts-age";
    char today[16], when[16];
    const struct bl_finding *x;

    fixture_check_run(f, inc, NULL, NULL, after(earlier, 1, 0, today));
    assert_null(fixture_check_finding(f, NULL, "contacts-age"));
    assert_null(fixture_check_finding(f, NULL, "rules-age"));
    fixture_check_run(f, inc, NULL, NULL, after(earlier, 1, 1, today));
    x = fixture_check_finding(f, NULL, earlier_rule);
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_WARNING);
    g_date_strftime(when, sizeof(when), "%Y-%m-%d", earlier);
    fixture_assert_has(x->message, when);
    fixture_assert_has(x->message, "more than a year ago");
    assert_string_equal(x->where,
                        earlier == contacts ? bl_contacts_path(f->contacts) : f->rules->path);
    if (g_date_compare(later, earlier) > 0) {
        assert_null(fixture_check_finding(f, NULL, later_rule));
    }
    g_free(inc);
    fixture_check_reset(f);
}

/* An incident that affected more than twice the rows of the list, with no count by state, warns
 * that the thresholds are counted on the list alone; at twice the rows it does not; counts by
 * state that add up to less than the incident's total are partial, and warned about too. */
static void
test_partial_list_at_twice_its_rows(void **state)
{
    struct fixture_check *f = *state;
    const char *list = HEADER "C-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                              "C-2,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn,sunrise\n";
    char *inc = fixture_check_incident(f, "total=\"360934\"", "total=\"5\"");
    const struct bl_finding *x;

    fixture_check_run(f, inc, NULL, list, NULL);
    x = fixture_check_finding(f, NULL, "partial-list");
    assert_non_null(x);
    fixture_assert_has(x->message, "the incident affected 5 people but the list has 2 rows");
    g_free(inc);
    inc = fixture_check_incident(f, "total=\"360934\"", "total=\"4\"");
    fixture_check_run(f, inc, NULL, list, NULL);
    assert_null(fixture_check_finding(f, NULL, "partial-list"));
    g_free(inc);
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>",
                                 "<affected total=\"5\"><state code=\"CA\" count=\"2\"/>"
                                 "</affected>");
    fixture_check_run(f, inc, NULL, list, NULL);
    x = fixture_check_finding(f, NULL, "partial-list");
    assert_non_null(x);
    fixture_assert_has(x->message, "add up to 2 of its 5 affected");
    g_free(inc);
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>",
                                 "<affected total=\"2\"><state code=\"CA\" count=\"2\"/>"
                                 "</affected>");
    fixture_check_run(f, inc, NULL, list, NULL);
    assert_null(fixture_check_finding(f, NULL, "partial-list"));
    g_free(inc);
    fixture_check_reset(f);
}

/* What the list as a whole shows, counted and said in the singular and the plural. */
static void
test_list_findings_count_their_rows(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const struct bl_finding *x;

    fixture_check_run(f, inc, NULL,
                      HEADER "123-45-6789,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "X-1,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, NULL, "ids-withheld");
    assert_non_null(x);
    assert_int_equal(x->recipients, 1);
    fixture_assert_has(x->message, "1 recipient id of the list looks like a Social Security");
    fixture_assert_has(x->message, "so only the line joins it to the list");
    x = fixture_check_finding(f, NULL, "rejected-rows");
    assert_non_null(x);
    assert_int_equal(x->recipients, 1);
    fixture_assert_has(x->message, "1 row of the list is rejected and will get no letter until "
                                   "corrected: ");
    fixture_check_run(f, inc, NULL,
                      HEADER "123-45-6789,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "4111 1111 1111 1111,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn,sunrise\n"
                             "X-1,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise\n"
                             "X-2,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, NULL, "ids-withheld");
    assert_int_equal(x->recipients, 2);
    fixture_assert_has(x->message, "2 recipient ids of the list look like a Social Security");
    fixture_assert_has(x->message, "joins them to the list");
    x = fixture_check_finding(f, NULL, "rejected-rows");
    assert_int_equal(x->recipients, 2);
    fixture_assert_has(x->message, "2 rows of the list are rejected");
    /* a clean list shows nothing */
    fixture_check_run(f, inc, NULL, HEADER "C-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n",
                      NULL);
    assert_null(fixture_check_finding(f, NULL, "ids-withheld"));
    assert_null(fixture_check_finding(f, NULL, "rejected-rows"));
    g_free(inc);
    fixture_check_reset(f);
}

/* The notes to verify are those of the list's jurisdictions, HIPAA's first, then by
 * jurisdiction, none twice. */
static void
test_verify_notes_are_in_order(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    fixture_check_run(f, inc, NULL,
                      HEADER "V-1,Ana,Silva,1 Elm St,Barre,VT,05641,ssn,sunrise\n"
                             "C-1,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn,sunrise\n"
                             "I-1,Cy,Yu,3 Pine St,Ames,IA,50010,ssn,sunrise\n",
                      NULL);
    assert_true(f->rep->verify->len > 2);
    for (guint i = 0; i < f->rep->verify->len; i++) {
        const struct bl_verify_note *n = g_ptr_array_index(f->rep->verify, i);
        char *key = g_strdup_printf("%s|%s|%s", n->jurisdiction, n->rule, n->note);

        if (i > 0) {
            const struct bl_verify_note *p = g_ptr_array_index(f->rep->verify, i - 1);

            assert_true(strcmp(p->jurisdiction, "HIPAA") == 0 ||
                        strcmp(p->jurisdiction, n->jurisdiction) <= 0);
            assert_false(strcmp(p->jurisdiction, "HIPAA") != 0 &&
                         strcmp(n->jurisdiction, "HIPAA") == 0);
        }
        assert_false(g_hash_table_contains(seen, key));
        g_hash_table_add(seen, key);
        g_hash_table_add(seen, g_strdup(n->jurisdiction));
    }
    /* the states of the list that have notes, and none of another */
    assert_true(g_hash_table_contains(seen, "CA"));
    assert_true(g_hash_table_contains(seen, "VT"));
    assert_false(g_hash_table_contains(seen, "TX"));
    g_hash_table_unref(seen);
    g_free(inc);
    fixture_check_reset(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_files_are_old_after_a_year),
        cmocka_unit_test(test_partial_list_at_twice_its_rows),
        cmocka_unit_test(test_list_findings_count_their_rows),
        cmocka_unit_test(test_verify_notes_are_in_order),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
