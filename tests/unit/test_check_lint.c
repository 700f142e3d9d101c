/* SPDX-License-Identifier: MIT */
/* Unit tests of check_lint.c: a letter's text against the content rules of its residents' state
 * (phrases found whatever their case and line breaks, a finding counting only the residents it
 * concerns, no rule of a state with no resident in the list) and the monitoring offered against
 * a state's minimum, at the minimum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"

#define HEADER FIXTURE_CHECK_HEADER

/* A letter template whose body is the paragraph body (template markup), written in f->dir.
 * Free with g_free(). */
static char *
letter(struct fixture_check *f, const char *name, const char *body)
{
    char *text = g_strdup_printf("<letter title='Notice of Data Breach' languages='en'>\n"
                                 "<address><line><field ref='recipient.full_name'/></line>"
                                 "</address>\n<body>\n<p>%s Call <field ref='org.phone'/>.</p>\n"
                                 "</body></letter>\n",
                                 body);
    char *path = fixture_write(f->dir, name, text, -1);

    g_free(text);
    return path;
}

static char *
incident_not_hipaa(struct fixture_check *f)
{
    return fixture_check_incident(f, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
}

/* Colorado's letters must mention fraud alerts and security freezes: found in another case,
 * across a line break and runs of spaces; one of them missing is an error naming it. */
static void
test_required_phrases_match_whatever_their_case_and_spacing(void **state)
{
    struct fixture_check *f = *state;
    char *inc = incident_not_hipaa(f);
    char *both = letter(f, "both.xml", "Ask about FRAUD   Alerts or a Security\n   Freezes.");
    char *one = letter(f, "one.xml", "Ask about fraud alerts.");
    const char *list = HEADER "C-1,Di,Wu,4 Elm St,Denver,CO,80202,ssn,sunrise\n";
    const struct bl_finding *x;

    fixture_check_run(f, inc, both, list, NULL);
    assert_null(fixture_check_finding(f, "CO", "co-statement"));
    fixture_check_run(f, inc, one, list, NULL);
    x = fixture_check_finding(f, "CO", "co-statement");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    assert_int_equal(x->recipients, 1);
    fixture_assert_has(x->message, "which Colorado requires (missing: security freezes)");
    assert_string_equal(x->cite, "C.R.S. 6-1-716(2)");
    g_free(one);
    g_free(both);
    g_free(inc);
    fixture_check_reset(f);
}

/* A rule that applies to some categories (California's consumer reporting agencies, owed for a
 * Social Security number) counts the residents exposed to them, not every resident of the
 * state; a state with no resident in the list has none of its rules applied. */
static void
test_a_finding_counts_only_the_residents_it_concerns(void **state)
{
    struct fixture_check *f = *state;
    char *inc = incident_not_hipaa(f);
    char *bare = letter(f, "bare.xml", "Something happened.");
    const struct bl_finding *x;

    fixture_check_run(f, inc, bare,
                      HEADER "A-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "A-2,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn;contact,sunrise\n"
                             "A-3,Cy,Yu,3 Pine St,Fresno,CA,93701,contact,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, "CA", "ca-cra");
    assert_non_null(x);
    assert_int_equal(x->recipients, 2);
    assert_null(fixture_check_finding(f, "CO", "co-statement")); /* no resident of Colorado */
    g_free(bare);
    g_free(inc);
    fixture_check_reset(f);
}

/* Massachusetts residents whose Social Security number was exposed must be offered at least 18
 * months of monitoring: 18 months are enough, 17 are not. */
static void
test_monitoring_minimum_is_met_at_the_minimum(void **state)
{
    struct fixture_check *f = *state;
    const char *list = HEADER "M-1,Ana,Silva,1 Elm St,Boston,MA,02118,ssn,sunrise\n";
    char *inc = fixture_check_incident(f, "months=\"24\"", "months=\"18\"");
    const struct bl_finding *x;

    fixture_check_run(f, inc, NULL, list, NULL);
    assert_null(fixture_check_finding(f, "MA", "monitoring-minimum"));
    g_free(inc);
    inc = fixture_check_incident(f, "months=\"24\"", "months=\"17\"");
    fixture_check_run(f, inc, NULL, list, NULL);
    x = fixture_check_finding(f, "MA", "monitoring-minimum");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    fixture_assert_has(x->message, "at least 18 months");
    fixture_assert_has(x->message, "the incident offers 17 months");
    g_free(inc);
    fixture_check_reset(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_required_phrases_match_whatever_their_case_and_spacing),
        cmocka_unit_test(test_a_finding_counts_only_the_residents_it_concerns),
        cmocka_unit_test(test_monitoring_minimum_is_met_at_the_minimum),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
