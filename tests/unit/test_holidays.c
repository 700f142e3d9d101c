/* SPDX-License-Identifier: MIT */
/* Unit tests of holidays.c with the calendars of the shipped rules file: the federal holidays
 * on known dates (as observed when they fall on a weekend), the holidays a state adds, and
 * business days counted over both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bl_test.h"
#include "holidays.h"
#include "rules.h"
#include "text.h"

#define RULES_SCHEMA BL_DATADIR "/templates/schema/rules.rng"

static int
setup(void **state)
{
    *state = fixture_rules();
    return *state != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    bl_rules_free(*state);
    return 0;
}

/* The name of the holiday of cal observed on iso, or NULL. */
static const char *
holiday(const struct bl_calendar *cal, const char *iso)
{
    GDate d;
    const struct bl_holiday *h;

    assert_int_equal(bl_date_parse(&d, iso), 0);
    h = bl_calendar_holiday(cal, &d);
    return h != NULL ? h->name : NULL;
}

/* iso moved by n business days of cal, as YYYY-MM-DD into buf. */
static const char *
business(const struct bl_calendar *cal, const char *iso, int n, char buf[16])
{
    GDate d;

    assert_int_equal(bl_date_parse(&d, iso), 0);
    bl_calendar_add_business_days(cal, &d, n);
    g_date_strftime(buf, 16, "%Y-%m-%d", &d);
    return buf;
}

/* 5 U.S.C. 6103(a): "New Year's Day, January 1. Birthday of Martin Luther King, Jr., the third
 * Monday in January. Washington's Birthday, the third Monday in February. Memorial Day, the last
 * Monday in May. Juneteenth National Independence Day, June 19. Independence Day, July 4. Labor
 * Day, the first Monday in September. Columbus Day, the second Monday in October. Veterans Day,
 * November 11. Thanksgiving Day, the fourth Thursday in November. Christmas Day, December 25."
 * 6103(b) and Executive Order 11582: a holiday on a Saturday is observed on the Friday before,
 * one on a Sunday on the Monday after. Juneteenth was added by Pub. L. 117-17, 2021-06-17. */
static void
test_federal_holidays_fall_on_their_days(void **state)
{
    const struct bl_rules *rules = *state;
    const struct bl_calendar *us = rules->holidays;

    assert_non_null(us);
    assert_string_equal(holiday(us, "2024-01-01"), "New Year's Day");
    assert_string_equal(holiday(us, "2024-01-15"), "Birthday of Martin Luther King, Jr.");
    assert_string_equal(holiday(us, "2024-02-19"), "Washington's Birthday");
    assert_string_equal(holiday(us, "2024-05-27"), "Memorial Day"); /* last Monday */
    assert_string_equal(holiday(us, "2025-05-26"), "Memorial Day");
    assert_string_equal(holiday(us, "2024-06-19"), "Juneteenth National Independence Day");
    assert_null(holiday(us, "2020-06-19")); /* before Juneteenth was a federal holiday */
    assert_string_equal(holiday(us, "2021-06-18"), "Juneteenth National Independence Day");
    assert_string_equal(holiday(us, "2024-07-04"), "Independence Day");
    assert_string_equal(holiday(us, "2024-09-02"), "Labor Day");
    assert_string_equal(holiday(us, "2024-10-14"), "Columbus Day");
    assert_string_equal(holiday(us, "2024-11-11"), "Veterans Day");
    assert_string_equal(holiday(us, "2024-11-28"), "Thanksgiving Day");
    assert_string_equal(holiday(us, "2024-12-25"), "Christmas Day");
    /* observed off the weekend: New Year's Day 2022 was a Saturday, 2023 a Sunday */
    assert_string_equal(holiday(us, "2021-12-31"), "New Year's Day");
    assert_string_equal(holiday(us, "2023-01-02"), "New Year's Day");
    assert_string_equal(holiday(us, "2026-07-03"), "Independence Day");
    assert_null(holiday(us, "2026-07-04")); /* a Saturday: the Friday is the holiday */
    assert_null(holiday(us, "2024-11-29")); /* the day after Thanksgiving is not federal */
    assert_null(holiday(us, "2024-03-12"));
    assert_null(holiday(us, "1985-01-21")); /* Martin Luther King, Jr. Day from 1986 */
}

/* 1 V.S.A. 371 adds Town Meeting Day (the first Tuesday in March) and Bennington Battle Day
 * (August 16) to Vermont's legal holidays; N.Y. Gen. Constr. Law 24 adds Lincoln's Birthday
 * (February 12) and each general election day (the Tuesday after the first Monday in November);
 * 205 ILCS 630/17 adds Lincoln's Birthday in Illinois. A state's calendar keeps the federal
 * holidays; another state's additions are not in it. */
static void
test_states_add_their_own_holidays(void **state)
{
    const struct bl_rules *rules = *state;
    const struct bl_calendar *vt = bl_rules_find(rules, "VT")->calendar;
    const struct bl_calendar *ny = bl_rules_find(rules, "NY")->calendar;
    const struct bl_calendar *il = bl_rules_find(rules, "IL")->calendar;

    assert_string_equal(holiday(vt, "2024-03-05"), "Town Meeting Day");
    assert_string_equal(holiday(vt, "2024-08-16"), "Bennington Battle Day");
    assert_string_equal(holiday(vt, "2024-12-25"), "Christmas Day");
    assert_null(holiday(ny, "2024-03-05"));
    assert_string_equal(holiday(ny, "2024-02-12"), "Lincoln's Birthday");
    assert_string_equal(holiday(ny, "2024-11-05"), "General Election Day");
    assert_string_equal(holiday(ny, "2026-11-03"), "General Election Day");
    assert_null(holiday(ny, "2025-11-03")); /* 2025: Monday the 3rd, election on the 4th */
    assert_string_equal(holiday(ny, "2025-11-04"), "General Election Day");
    assert_string_equal(holiday(il, "2024-02-12"), "Lincoln's Birthday");
    assert_null(holiday(il, "2024-11-05"));
    /* a state without a calendar of its own counts on the federal one */
    assert_true(bl_rules_find(rules, "IA")->calendar == rules->holidays);
}

/* Business days skip weekends and the calendar's holidays, forwards and backwards. */
static void
test_business_days_skip_weekends_and_holidays(void **state)
{
    const struct bl_rules *rules = *state;
    const struct bl_calendar *us = rules->holidays;
    const struct bl_calendar *vt = bl_rules_find(rules, "VT")->calendar;
    const struct bl_calendar *ny = bl_rules_find(rules, "NY")->calendar;
    char buf[16];

    /* Monday of Thanksgiving week: Tue, Wed, (Thu off), Fri, Mon, Tue */
    assert_string_equal(business(us, "2024-11-25", 5, buf), "2024-12-03");
    /* Friday 2023-12-29 + 14: skips January 1 and Martin Luther King, Jr. Day */
    assert_string_equal(business(us, "2023-12-29", 14, buf), "2024-01-22");
    assert_string_equal(business(us, "2025-01-06", -1, buf), "2025-01-03");
    assert_string_equal(business(NULL, "2023-12-29", 14, buf), "2024-01-18");
    /* Vermont's 14 business days across Town Meeting Day 2024 (Tuesday March 5) */
    assert_string_equal(business(us, "2024-02-27", 14, buf), "2024-03-18");
    assert_string_equal(business(vt, "2024-02-27", 14, buf), "2024-03-19");
    /* New York's 5 business days across election day 2024 (Tuesday November 5) and Veterans
     * Day (Monday November 11) */
    assert_string_equal(business(us, "2024-11-01", 5, buf), "2024-11-08");
    assert_string_equal(business(ny, "2024-11-01", 5, buf), "2024-11-12");
    /* backwards across Independence Day 2024 (Thursday): Fri, (Thu off), Wed, Tue */
    assert_string_equal(business(us, "2024-07-08", -3, buf), "2024-07-02");
    /* the longest count a rule may ask for ends, both ways, on a working day */
    for (int sign = -1; sign <= 1; sign += 2) {
        GDate d;

        business(us, "2024-07-08", sign * BL_CALENDAR_MAX_DAYS, buf);
        assert_int_equal(bl_date_parse(&d, buf), 0);
        assert_true(bl_calendar_business_day(us, &d));
        /* about 250 working days a year: some 14 years away */
        assert_int_equal(sign * (g_date_get_year(&d) - 2024) / 7, 2);
    }
}

/* A deadline counts its business days on the calendar of its jurisdiction: Vermont's notice to
 * the Attorney General within 14 business days (9 V.S.A. 2435(b)(3)) skips Town Meeting Day. */
static void
test_deadlines_count_on_their_state_calendar(void **state)
{
    const struct bl_rules *rules = *state;
    const struct bl_jurisdiction *vt = bl_rules_find(rules, "VT");
    const struct bl_notify *prelim = NULL;
    struct bl_dates dates;
    GDate due;
    char buf[16];

    for (guint i = 0; i < vt->notify->len && prelim == NULL; i++) {
        const struct bl_notify *n = g_ptr_array_index(vt->notify, i);

        if (n->deadline.business) {
            prelim = n;
        }
    }
    assert_non_null(prelim);
    assert_true(prelim->deadline.calendar == vt->calendar);
    memset(&dates, 0, sizeof(dates));
    g_date_clear(&dates.occurred, 5);
    g_date_clear(&dates.delay_from, 2);
    assert_int_equal(bl_date_parse(&dates.discovered, "2024-02-27"), 0);
    dates.occurred = dates.discovered;
    bl_deadline_due(&due, &prelim->deadline, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-03-19");
}

/* A count of business days past the bound moves the date by the bound, not more (and does not
 * end the process). */
static void
test_business_days_beyond_the_bound_stop_at_it(void **state)
{
    char far[16], bound[16];

    (void)state;
    business(NULL, "2024-01-01", BL_CALENDAR_MAX_DAYS, bound);
    assert_string_equal(business(NULL, "2024-01-01", BL_CALENDAR_MAX_DAYS * 100, far), bound);
    business(NULL, "2024-01-01", -BL_CALENDAR_MAX_DAYS, bound);
    assert_string_equal(business(NULL, "2024-01-01", G_MININT, far), bound);
}

/* A holiday needs a day its month has, or a weekday: the file is refused with the line. */
static void
test_impossible_holiday_is_refused_with_its_line(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_rules *rules = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp("bl-holidays-XXXXXX.xml", &path, NULL);

    (void)state;
    close(fd);
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n"
                        "<jurisdiction code='CA' name='C'><law cite='x'>l</law>"
                        "<individuals cite='y'/></jurisdiction>\n<holidays name='h' cite='c'>\n"
                        "<holiday name='Leap' month='2' day='30'/>\n</holidays>\n</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":4: error: holiday 'Leap' needs"));
    assert_null(rules);
    unlink(path);
    g_free(path);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_federal_holidays_fall_on_their_days),
        cmocka_unit_test(test_states_add_their_own_holidays),
        cmocka_unit_test(test_business_days_skip_weekends_and_holidays),
        cmocka_unit_test(test_deadlines_count_on_their_state_calendar),
        cmocka_unit_test(test_business_days_beyond_the_bound_stop_at_it),
        cmocka_unit_test(test_impossible_holiday_is_refused_with_its_line),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
