/* SPDX-License-Identifier: MIT */
/* Unit tests of check_deadlines.c: the letters' deadline in each jurisdiction at its
 * boundaries (dated on the day, a day late, a week ahead), business days that skip weekends and
 * holidays, and the notices counted from the list or from the incident's own counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"

#define HEADER FIXTURE_CHECK_HEADER

static char *
iso(const GDate *d, char buf[16])
{
    if (!g_date_valid(d)) {
        return strcpy(buf, "none");
    }
    g_date_strftime(buf, 16, "%Y-%m-%d", d);
    return buf;
}

/* The incident of an organisation HIPAA does not bind, whose letters no state deems compliant
 * as a HIPAA notice (as Iowa and New York do). */
static char *
not_hipaa(char *path)
{
    fixture_replace_in_file(path, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    return path;
}

/* California's 30 calendar days from discovery (SB 446, from 2026): letters dated on the last
 * day are on time but due soon, a day later they are late, with a warning that counts the
 * residents owed notice and says by how much; a week ahead is still soon, eight days ahead is
 * well in time. */
static void
test_deadline_boundaries_on_time_soon_and_late(void **state)
{
    struct fixture_check *f = *state;
    static const struct {
        const char *notice;
        enum bl_due_status status;
        int margin;
    } cases[] = {
        {"2026-01-27", BL_DUE_OK, 8},     {"2026-01-28", BL_DUE_SOON, 7},
        {"2026-02-04", BL_DUE_SOON, 0},   {"2026-02-05", BL_DUE_LATE, -1},
        {"2026-02-14", BL_DUE_LATE, -10},
    };
    const char *list = HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                              "R-2,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn,sunrise\n";
    char buf[16];

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *inc = fixture_check_incident_dated(f, "2026-01-05", cases[i].notice, NULL);
        const struct bl_deadline_row *ca;
        const struct bl_finding *late;

        fixture_check_run(f, inc, NULL, list, NULL);
        ca = fixture_check_deadline(f, "CA");
        assert_non_null(ca);
        assert_string_equal(iso(&ca->due, buf), "2026-02-04");
        assert_int_equal(ca->status, cases[i].status);
        assert_int_equal(ca->margin, cases[i].margin);
        assert_int_equal(ca->residents, 2);
        late = fixture_check_finding(f, "CA", "deadline");
        if (cases[i].status != BL_DUE_LATE) {
            assert_null(late);
        } else {
            char *want = g_strdup_printf("the letters are dated %d day%s after the deadline for "
                                         "California",
                                         -cases[i].margin, cases[i].margin == -1 ? "" : "s");

            assert_non_null(late);
            assert_int_equal(late->severity, BL_SEV_WARNING);
            assert_int_equal(late->recipients, 2);
            fixture_assert_has(late->message, want);
            fixture_assert_has(late->message, "2026-02-04");
            g_free(want);
        }
        g_free(inc);
    }
    fixture_check_reset(f);
}

/* Iowa's notice to the Attorney General, within 5 business days after the letters: letters of
 * the Wednesday before Thanksgiving 2026 count Friday, Monday to Thursday (Thanksgiving and the
 * weekend skipped); letters of a Friday skip the weekend alone. Vermont's preliminary notice, 14
 * business days from discovery, skips Town Meeting Day, a holiday of Vermont's own. */
static void
test_business_day_notices_skip_weekends_and_holidays(void **state)
{
    struct fixture_check *f = *state;
    char *ia = fixture_check_residents("IA", "Ames", "50010", 501, "ssn");
    char *vt = fixture_check_residents("VT", "Barre", "05641", 1, "ssn");
    char *inc;
    const struct bl_obligation *o;
    char buf[16];

    inc = not_hipaa(fixture_check_incident_dated(f, "2026-11-02", "2026-11-25", NULL));
    fixture_check_run(f, inc, NULL, ia, NULL);
    o = fixture_check_obligation(f, "IA", "attorney-general", NULL);
    assert_non_null(o);
    assert_true(o->triggered); /* more than 500 */
    assert_string_equal(iso(&o->due, buf), "2026-12-03");
    g_free(inc);

    inc = not_hipaa(fixture_check_incident_dated(f, "2026-06-01", "2026-07-10", NULL));
    fixture_check_run(f, inc, NULL, ia, NULL);
    o = fixture_check_obligation(f, "IA", "attorney-general", NULL);
    assert_string_equal(iso(&o->due, buf), "2026-07-17");
    g_free(inc);

    inc = not_hipaa(fixture_check_incident_dated(f, "2024-02-27", "2024-03-20", NULL));
    fixture_check_run(f, inc, NULL, vt, NULL);
    o = fixture_check_obligation(f, "VT", "attorney-general", NULL);
    assert_non_null(o);
    assert_true(o->notify->deadline.business);
    assert_string_equal(iso(&o->due, buf), "2024-03-19"); /* the federal calendar: 03-18 */
    g_free(inc);
    g_free(vt);
    g_free(ia);
    fixture_check_reset(f);
}

/* Iowa's threshold is "more than 500": 500 residents trigger nothing, 501 do. */
static void
test_a_threshold_counts_from_its_minimum(void **state)
{
    struct fixture_check *f = *state;
    char *inc = not_hipaa(fixture_check_incident_dated(f, "2026-11-02", "2026-11-25", NULL));
    char *list = fixture_check_residents("IA", "Ames", "50010", 500, "ssn");
    const struct bl_obligation *o;

    fixture_check_run(f, inc, NULL, list, NULL);
    o = fixture_check_obligation(f, "IA", "attorney-general", NULL);
    assert_non_null(o);
    assert_false(o->triggered);
    assert_int_equal(o->count, 500);
    assert_int_equal(o->source, BL_FROM_LIST);
    g_free(list);
    g_free(inc);
    fixture_check_reset(f);
}

/* Residents a state's law owes no notice (contact details alone are not personal information in
 * New York) have no deadline there, however late the letters: no warning. */
static void
test_no_deadline_where_no_notice_is_owed(void **state)
{
    struct fixture_check *f = *state;
    /* letters a year after discovery */
    char *inc = not_hipaa(fixture_check_incident(f, NULL, NULL));
    const struct bl_deadline_row *ny;

    fixture_check_run(f, inc, NULL,
                      HEADER "R-1,Ben,Ross,2 Oak St,Albany,NY,12207,contact,sunrise\n", NULL);
    ny = fixture_check_deadline(f, "NY");
    assert_non_null(ny);
    assert_int_equal(ny->status, BL_DUE_NOT_OWED);
    assert_int_equal(ny->residents, 1);
    assert_int_equal(ny->owed, 0);
    assert_null(fixture_check_finding(f, "NY", "deadline"));
    g_free(inc);
    fixture_check_reset(f);
}

/* The incident's own count of a state's residents: fewer than the list has is a warning naming
 * the incident file, and the list's count is the one used; a state the list does not reach gets
 * its notices from the incident's count, and no deadline row of letters. */
static void
test_incident_counts_by_state_and_their_errors(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(
        f, "<affected total=\"360934\"/>",
        "<affected total=\"360934\"><state code=\"CA\" count=\"600\"/><state code=\"NY\" "
        "count=\"1\"/></affected>");
    char *list = fixture_check_residents("NY", "Albany", "12207", 3, "ssn");
    const struct bl_finding *x;
    const struct bl_obligation *o;

    fixture_check_run(f, inc, NULL, list, NULL);
    x = fixture_check_finding(f, "NY", "affected-count");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_WARNING);
    assert_int_equal(x->recipients, 3);
    fixture_assert_has(x->message, "the list has 3 residents of New York, more than the 1 the "
                                   "incident's <affected> gives");
    assert_string_equal(x->where, inc);
    assert_null(fixture_check_finding(f, "CA", "affected-count"));
    /* California: in the incident, not in the list */
    assert_null(fixture_check_deadline(f, "CA"));
    o = fixture_check_obligation(f, "CA", "attorney-general", NULL);
    assert_non_null(o);
    assert_true(o->triggered);
    assert_int_equal(o->count, 600);
    assert_int_equal(o->source, BL_FROM_INCIDENT);
    g_free(list);
    g_free(inc);
    fixture_check_reset(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline_boundaries_on_time_soon_and_late),
        cmocka_unit_test(test_business_day_notices_skip_weekends_and_holidays),
        cmocka_unit_test(test_a_threshold_counts_from_its_minimum),
        cmocka_unit_test(test_no_deadline_where_no_notice_is_owed),
        cmocka_unit_test(test_incident_counts_by_state_and_their_errors),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
