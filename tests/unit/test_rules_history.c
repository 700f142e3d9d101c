/* SPDX-License-Identifier: MIT */
/* Unit tests of the shipped rules' histories: a notice or content rule a later act added applies
 * to breaches discovered from that act's first day, not from the law's; each test quotes the
 * statute and the act, and fails when the rule's date is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"
#include "rules.h"

#define HEADER FIXTURE_CHECK_HEADER

/* The test incident of an organisation HIPAA does not bind, discovered on `discovered` and its
 * letters dated `notice`; kind, when not NULL, is the organisation's kind. Free with g_free(). */
static char *
incident_on(struct fixture_check *f, const char *discovered, const char *notice, const char *kind)
{
    char *path = fixture_check_incident_dated(f, discovered, notice, NULL);

    fixture_replace_in_file(path, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    if (kind != NULL) {
        char *attr = g_strdup_printf("<organisation kind=\"%s\" ", kind);

        fixture_replace_in_file(path, "<organisation ", attr);
        g_free(attr);
    }
    return path;
}

/* Whether check owes the notice of code to `to` for the incident at inc and the list. */
static gboolean
owed(struct fixture_check *f, const char *inc, const char *list, const char *code, const char *to)
{
    const struct bl_obligation *o;
    gboolean triggered;

    fixture_check_run(f, inc, NULL, list, NULL);
    o = fixture_check_obligation(f, code, to, NULL);
    triggered = o != NULL && o->triggered;
    fixture_check_reset(f);
    return triggered;
}

/* Ind. Code 24-4.9-3-1(c): "If a data base owner makes a disclosure described in subsection (a),
 * the data base owner shall also disclose the breach to the attorney general." Added by
 * P.L.137-2009, SEC.4 (in force 2009-07-01): the section as P.L.125-2006 enacted it had only (a)
 * and (b). A breach discovered the day before owes the Attorney General nothing; one discovered
 * that day does, for a single resident. */
static void
test_indiana_attorney_general_notice_from_2009(void **state)
{
    struct fixture_check *f = *state;
    char *list = fixture_check_residents("IN", "Indianapolis", "46204", 1, "ssn");
    char *before = incident_on(f, "2009-06-30", "2009-07-20", NULL);
    char *after;

    assert_false(owed(f, before, list, "IN", "attorney-general"));
    g_free(before);
    after = incident_on(f, "2009-07-01", "2009-07-20", NULL);
    assert_true(owed(f, after, list, "IN", "attorney-general"));
    g_free(after);
    g_free(list);
}

/* 10 M.R.S. 1348(1) as P.L. 2005, c. 379 enacted it (in force 2006-01-31): "An information broker
 * that maintains computerized data that includes personal information shall give notice"; P.L.
 * 2005, c. 384 made every other person subject to the Act from 2007-01-31 (the Attorney
 * General's notice of that day). A business's 2006 breach owes Maine's officials nothing, an
 * information broker's does, and a business's breach of 2007-01-31 does. */
static void
test_maine_bound_only_information_brokers_before_2007(void **state)
{
    struct fixture_check *f = *state;
    char *list = fixture_check_residents("ME", "Portland", "04101", 1, "ssn");
    char *inc = incident_on(f, "2006-06-01", "2006-06-20", "business");

    assert_false(owed(f, inc, list, "ME", "attorney-general"));
    g_free(inc);
    inc = incident_on(f, "2006-06-01", "2006-06-20", "information-broker");
    assert_true(owed(f, inc, list, "ME", "attorney-general"));
    g_free(inc);
    inc = incident_on(f, "2007-01-31", "2007-02-20", "business");
    assert_true(owed(f, inc, list, "ME", "attorney-general"));
    g_free(inc);
    g_free(list);
}

/* N.C. Gen. Stat. 75-65 as amended by S.L. 2009-355 (SB 1017, in force 2009-10-01): the
 * Consumer Protection Division of the Attorney General is told of every breach notified to
 * residents; before it, "notification to the state attorney general was only necessary if the
 * breach affected more than 1,000 state residents" (a note on the amendment the day it took
 * effect). A 2008 breach of ten residents owes the Attorney General nothing, one of 1,001 does,
 * and a breach of ten discovered 2009-10-01 does. */
static void
test_north_carolina_attorney_general_for_every_breach_from_2009(void **state)
{
    struct fixture_check *f = *state;
    char *ten = fixture_check_residents("NC", "Raleigh", "27601", 10, "ssn");
    char *many = fixture_check_residents("NC", "Raleigh", "27601", 1001, "ssn");
    char *inc = incident_on(f, "2008-05-01", "2008-05-20", NULL);

    assert_false(owed(f, inc, ten, "NC", "attorney-general"));
    assert_true(owed(f, inc, many, "NC", "attorney-general"));
    g_free(inc);
    inc = incident_on(f, "2009-10-01", "2009-10-20", NULL);
    assert_true(owed(f, inc, ten, "NC", "attorney-general"));
    g_free(inc);
    g_free(ten);
    g_free(many);
}

/* N.Y. Gen. Bus. Law 899-aa(8) as L. 2005, c. 442 enacted it (in force 2005-12-07): when New York
 * residents are notified, the business notifies "the Attorney General's office, the NYS Department
 * of State's Division of Consumer Protection and the NYS Office of Cyber Security & Critical
 * Infrastructure Coordination of the timing, content and distribution of the notices", and the
 * consumer reporting agencies "if more than 5,000 New York residents are to be notified" (the
 * Attorney General's page on the Act). A breach of one resident discovered on the Act's first day
 * owes the Attorney General and the other state offices; the agencies are owed for 5,001, not for
 * 5,000. */
static void
test_new_york_notices_from_2005(void **state)
{
    struct fixture_check *f = *state;
    char *one = fixture_check_residents("NY", "Albany", "12207", 1, "ssn");
    char *inc = incident_on(f, "2005-12-07", "2005-12-20", NULL);
    char *list;

    assert_true(owed(f, inc, one, "NY", "attorney-general"));
    assert_true(owed(f, inc, one, "NY", "regulator"));
    assert_false(owed(f, inc, one, "NY", "consumer-reporting-agencies"));
    list = fixture_check_residents("NY", "Albany", "12207", 5000, "ssn");
    assert_false(owed(f, inc, list, "NY", "consumer-reporting-agencies"));
    g_free(list);
    list = fixture_check_residents("NY", "Albany", "12207", 5001, "ssn");
    assert_true(owed(f, inc, list, "NY", "consumer-reporting-agencies"));
    g_free(list);
    g_free(inc);
    g_free(one);
}

/* Haw. Rev. Stat. 487N-2 as Act 135 of 2006 enacted it (in force 2007-01-01): "If more than one
 * thousand persons are notified at one time", the Office of Consumer Protection and the
 * nationwide consumer reporting agencies are told of the timing, content and distribution of the
 * notice; Act 19 of 2008 only corrected errors and references. A breach discovered on the Act's
 * first day owes both notices for 1,001 residents and neither for 1,000. */
static void
test_hawaii_notices_from_2007(void **state)
{
    struct fixture_check *f = *state;
    char *many = fixture_check_residents("HI", "Honolulu", "96813", 1001, "ssn");
    char *few = fixture_check_residents("HI", "Honolulu", "96813", 1000, "ssn");
    char *inc = incident_on(f, "2007-01-01", "2007-01-20", NULL);

    assert_true(owed(f, inc, many, "HI", "regulator"));
    assert_true(owed(f, inc, many, "HI", "consumer-reporting-agencies"));
    assert_false(owed(f, inc, few, "HI", "regulator"));
    assert_false(owed(f, inc, few, "HI", "consumer-reporting-agencies"));
    g_free(inc);
    g_free(few);
    g_free(many);
}

/* The dates of a breach discovered (and occurred) on `discovered` (YYYY-MM-DD). */
static void
dates_on(struct bl_dates *dates, const char *discovered)
{
    memset(dates, 0, sizeof *dates);
    g_date_clear(&dates->occurred, 1);
    g_date_clear(&dates->determined, 1);
    g_date_clear(&dates->notice, 1);
    g_date_clear(&dates->hhs_notice, 1);
    g_date_clear(&dates->delay_from, 1);
    g_date_clear(&dates->delay_until, 1);
    g_date_clear(&dates->discovered, 1);
    g_date_set_parse(&dates->discovered, discovered);
    assert_true(g_date_valid(&dates->discovered));
    dates->occurred = dates->discovered;
}

/* The version of content rule id of jurisdiction code in force on the day discovered, or NULL;
 * fails the test when two are. */
static const struct bl_content_rule *
content_on(const struct bl_rules *rules, const char *code, const char *id, const char *discovered)
{
    const struct bl_jurisdiction *j = bl_rules_find(rules, code);
    struct bl_dates dates;
    const struct bl_content_rule *found = NULL;

    assert_non_null(j);
    dates_on(&dates, discovered);
    for (guint i = 0; i < j->content->len; i++) {
        const struct bl_content_rule *r = g_ptr_array_index(j->content, i);

        if (strcmp(r->id, id) == 0 && bl_span_holds(&r->when.span, &dates)) {
            assert_null(found); /* one version in force on a day */
            found = r;
        }
    }
    return found;
}

/* Whether the version of content rule id of jurisdiction code in force on the day discovered
 * (YYYY-MM-DD) asks for the phrase; fails the test when no version is in force. */
static gboolean
asks_for(const struct bl_rules *rules, const char *code, const char *id, const char *discovered,
         const char *phrase)
{
    const struct bl_content_rule *found = content_on(rules, code, id, discovered);

    assert_non_null(found);
    for (guint i = 0; i < found->checks->len; i++) {
        const struct bl_check *c = &g_array_index(found->checks, struct bl_check, i);

        if (c->kind == BL_CHECK_PHRASE && strcmp(c->text, phrase) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* M.G.L. c. 93H, 3(b) as amended by chapter 444 of the Acts of 2018 (in force 2019-04-11): the
 * notice to a resident must say how to request a security freeze "and that there shall be no
 * charge" for it; before, it named the fees the agencies could charge. A letter of a breach
 * discovered 2019-04-10 need not say there is no fee; from 2019-04-11 it must, and both must
 * explain the freeze. */
static void
test_massachusetts_no_fee_from_2019(void **state)
{
    const struct fixture_check *f = *state;

    assert_true(asks_for(f->rules, "MA", "ma-freeze", "2019-04-10", "security freeze"));
    assert_false(asks_for(f->rules, "MA", "ma-freeze", "2019-04-10", "no fee"));
    assert_true(asks_for(f->rules, "MA", "ma-freeze", "2019-04-11", "security freeze"));
    assert_true(asks_for(f->rules, "MA", "ma-freeze", "2019-04-11", "no fee"));
    assert_true(asks_for(f->rules, "MA", "ma-freeze", "2007-10-31", "security freeze"));
}

/* 9 V.S.A. 2435 as amended by Act 109 of 2012 (in force on passage, 2012-05-08): the notice to a
 * consumer must include "the approximate date of the security breach" (if known); the act of 2006
 * did not ask for it. A letter of a breach discovered 2012-05-07 need not give the date; from
 * 2012-05-08 it must. */
static void
test_vermont_date_of_the_breach_from_2012(void **state)
{
    const struct fixture_check *f = *state;

    assert_null(content_on(f->rules, "VT", "vt-date", "2012-05-07"));
    assert_non_null(content_on(f->rules, "VT", "vt-date", "2012-05-08"));
    /* the telephone number was asked for before */
    assert_non_null(content_on(f->rules, "VT", "vt-contact", "2012-05-07"));
}

/* Wyo. Stat. 40-12-502 before SF 35 of 2015: the notice "is currently required to include only
 * toll-free numbers ... [t]hat the individual may use to contact the person collecting the data"
 * (2015 account of the act); SF 35 (in force 2015-07-01) added the approximate date of the breach,
 * the advice to review statements and reports and whether law enforcement delayed the notice. A
 * 2010 letter must give the number but not the date; from 2015-07-01 it must give both. */
static void
test_wyoming_contents_before_and_after_2015(void **state)
{
    const struct fixture_check *f = *state;

    assert_non_null(content_on(f->rules, "WY", "wy-contact", "2010-01-04"));
    assert_null(content_on(f->rules, "WY", "wy-date", "2015-06-30"));
    assert_null(content_on(f->rules, "WY", "wy-review", "2015-06-30"));
    assert_non_null(content_on(f->rules, "WY", "wy-date", "2015-07-01"));
    assert_non_null(content_on(f->rules, "WY", "wy-review", "2015-07-01"));
    assert_non_null(content_on(f->rules, "WY", "wy-law-enforcement", "2015-07-01"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indiana_attorney_general_notice_from_2009),
        cmocka_unit_test(test_maine_bound_only_information_brokers_before_2007),
        cmocka_unit_test(test_north_carolina_attorney_general_for_every_breach_from_2009),
        cmocka_unit_test(test_new_york_notices_from_2005),
        cmocka_unit_test(test_hawaii_notices_from_2007),
        cmocka_unit_test(test_massachusetts_no_fee_from_2019),
        cmocka_unit_test(test_vermont_date_of_the_breach_from_2012),
        cmocka_unit_test(test_wyoming_contents_before_and_after_2015),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
