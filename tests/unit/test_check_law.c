/* SPDX-License-Identifier: MIT */
/* Unit tests of check_law.c: whether a state's law owes a recipient notice, and why not (the
 * information is not personal under it, a safe harbour holds, the organisation is exempt); when
 * the HIPAA letters are late, at the day; which categories a recipient had; the names and order
 * of jurisdictions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check_impl.h"
#include "rules.h"

#define HEADER FIXTURE_CHECK_HEADER

/* A recipient of the checked incident in jurisdiction, exposed to cats. */
static struct bl_recipient *
person(const struct fixture_check *f, const char *jurisdiction, const char *const *cats)
{
    struct bl_recipient *r = fixture_recipient(f->incident, cats);

    fixture_set(&r->jurisdiction, jurisdiction);
    fixture_set(&r->address.state, jurisdiction);
    return r;
}

/* Why the law of r's state owes r no notice ("" when it owes notice), and its citation. Frees
 * r. */
static const char *
why_not(const struct fixture_check *f, struct bl_recipient *r, const char **cite)
{
    const char *why = NULL;
    const struct bl_cite *where = NULL;
    gboolean owed = bl_check_state_law(f->rep, r, &why, &where);

    /* not owed: always a reason, and where the law says so */
    assert_true(owed || (why != NULL && where != NULL));
    if (cite != NULL) {
        *cite = where != NULL ? where->cite : NULL;
    }
    fixture_recipient_free(r);
    return owed ? "" : why;
}

static char *
incident_of(struct fixture_check *f, const char *role, const char *event)
{
    char *path = fixture_check_incident(f, "hipaa-role=\"business-associate\"", role);

    if (event != NULL) {
        fixture_replace_in_file(path, "<event vector=\"hacking\" access=\"confirmed\">", event);
    }
    return path;
}

/* New York's law: a Social Security number is personal information, contact details alone are
 * not; the reason cites the section that defines it. */
static void
test_state_law_owes_notice_for_its_personal_information(void **state)
{
    struct fixture_check *f = *state;
    char *inc = incident_of(f, "hipaa-role=\"none\"", NULL);
    const char *ssn[] = {"ssn", NULL}, *contact[] = {"contact", NULL};
    const char *cite = NULL;

    fixture_check_run(f, inc, NULL, HEADER "R-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    assert_string_equal(why_not(f, person(f, "NY", ssn), NULL), "");
    assert_string_equal(why_not(f, person(f, "NY", contact), &cite),
                        "none of the information exposed is personal information under the "
                        "state's law");
    fixture_assert_has(cite, "N.Y. Gen. Bus. Law 899-aa");
    /* HIPAA's notice is owed whatever a state says */
    assert_string_equal(why_not(f, person(f, "HIPAA", contact), NULL), "");
    g_free(inc);
    fixture_check_reset(f);
}

/* Data encrypted when taken owes no notice in New York, unless the key was taken too. */
static void
test_encryption_safe_harbour_holds_only_without_the_key(void **state)
{
    struct fixture_check *f = *state;
    const char *ssn[] = {"ssn", NULL};
    char *inc = incident_of(f, "hipaa-role=\"none\"",
                            "<event vector=\"hacking\" access=\"confirmed\" encrypted=\"true\">");

    fixture_check_run(f, inc, NULL, HEADER "R-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    assert_string_equal(why_not(f, person(f, "NY", ssn), NULL),
                        "the information was encrypted and the key was not taken");
    g_free(inc);
    inc = incident_of(f, "hipaa-role=\"none\"",
                      "<event vector=\"hacking\" access=\"confirmed\" encrypted=\"true\" "
                      "key-taken=\"true\">");
    fixture_check_run(f, inc, NULL, HEADER "R-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    assert_string_equal(why_not(f, person(f, "NY", ssn), NULL), "");
    g_free(inc);
    fixture_check_reset(f);
}

/* Arizona's law does not apply to an organisation HIPAA binds (a business associate here), and
 * does to one it does not. */
static void
test_exemption_of_a_hipaa_organisation(void **state)
{
    struct fixture_check *f = *state;
    const char *ssn[] = {"ssn", NULL};
    const char *cite = NULL;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const char *list = HEADER "R-1,Ana,Silva,1 Elm St,Phoenix,AZ,85001,ssn,sunrise\n";

    fixture_check_run(f, inc, NULL, list, NULL);
    assert_string_equal(why_not(f, person(f, "AZ", ssn), &cite),
                        "the state's law does not apply to the organisation");
    assert_string_equal(cite, "A.R.S. 18-552");
    g_free(inc);
    inc = incident_of(f, "hipaa-role=\"none\"", NULL);
    fixture_check_run(f, inc, NULL, list, NULL);
    assert_string_equal(why_not(f, person(f, "AZ", ssn), NULL), "");
    g_free(inc);
    fixture_check_reset(f);
}

/* HIPAA's 60 days from discovery: letters on the 60th day are on time, a day later late; an
 * organisation HIPAA does not bind is never late under it. */
static void
test_hipaa_letters_are_late_from_the_61st_day(void **state)
{
    struct fixture_check *f = *state;
    static const struct {
        const char *notice;
        gboolean late;
    } cases[] = {{"2026-03-05", FALSE}, {"2026-03-06", FALSE}, {"2026-03-07", TRUE}};
    char *inc;

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        inc = fixture_check_incident_dated(f, "2026-01-05", cases[i].notice, NULL);
        fixture_check_run(f, inc, NULL, NULL, NULL);
        assert_int_equal(bl_check_hipaa_late(f->rules, f->incident, &f->rep->dates), cases[i].late);
        g_free(inc);
    }
    inc = fixture_check_incident_dated(f, "2026-01-05", "2026-06-01", NULL);
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, NULL, NULL, NULL);
    assert_false(bl_check_hipaa_late(f->rules, f->incident, &f->rep->dates));
    g_free(inc);
    fixture_check_reset(f);
}

/* A recipient is exposed to a category they had; not to one they had not, nor to one the
 * incident does not have, nor to none. */
static void
test_exposure_is_by_the_recipients_own_categories(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const char *ssn[] = {"ssn", NULL};
    char *had[] = {"contact", "ssn", NULL};
    char *other[] = {"health-insurance", NULL};
    char *unknown[] = {"passport", NULL};
    struct bl_recipient *r;

    fixture_check_run(f, inc, NULL, NULL, NULL);
    r = fixture_recipient(f->incident, ssn);
    assert_true(bl_check_exposed_to(f->incident, had, r));
    assert_false(bl_check_exposed_to(f->incident, other, r));
    assert_false(bl_check_exposed_to(f->incident, unknown, r));
    assert_false(bl_check_exposed_to(f->incident, NULL, r));
    fixture_recipient_free(r);
    g_free(inc);
    fixture_check_reset(f);
}

/* A jurisdiction is named as the rules name it, else by its code; codes sort as text. */
static void
test_jurisdictions_are_named_and_ordered(void **state)
{
    struct fixture_check *f = *state;
    struct bl_check_input in = {.rules = f->rules};
    struct checker ck = {.in = &in};
    GPtrArray *codes = g_ptr_array_new();

    assert_string_equal(bl_check_jurisdiction_name(&ck, "CA"), "California");
    assert_string_equal(bl_check_jurisdiction_name(&ck, "DC"), "the District of Columbia");
    assert_string_equal(bl_check_jurisdiction_name(&ck, "ZZ"), "ZZ");
    g_ptr_array_add(codes, "NY");
    g_ptr_array_add(codes, "HIPAA");
    g_ptr_array_add(codes, "CA");
    g_ptr_array_add(codes, "AK");
    g_ptr_array_sort(codes, bl_check_compare_codes);
    assert_string_equal(g_ptr_array_index(codes, 0), "AK");
    assert_string_equal(g_ptr_array_index(codes, 1), "CA");
    assert_string_equal(g_ptr_array_index(codes, 2), "HIPAA");
    assert_string_equal(g_ptr_array_index(codes, 3), "NY");
    g_ptr_array_unref(codes);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_law_owes_notice_for_its_personal_information),
        cmocka_unit_test(test_encryption_safe_harbour_holds_only_without_the_key),
        cmocka_unit_test(test_exemption_of_a_hipaa_organisation),
        cmocka_unit_test(test_hipaa_letters_are_late_from_the_61st_day),
        cmocka_unit_test(test_exposure_is_by_the_recipients_own_categories),
        cmocka_unit_test(test_jurisdictions_are_named_and_ordered),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
