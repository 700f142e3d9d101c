/* SPDX-License-Identifier: MIT */
/* Unit tests of text.c: dates, jurisdictions, white space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "text.h"

static void
test_date_parse_accepts_real_dates_only(void **state)
{
    GDate d;

    assert_int_equal(bl_date_parse(&d, "2023-12-29"), 0);
    assert_int_equal(g_date_get_day(&d), 29);
    assert_int_equal(bl_date_parse(&d, "2024-02-29"), 0);
    assert_int_equal(bl_date_parse(&d, "2023-02-29"), -1);
    assert_int_equal(bl_date_parse(&d, "2024-13-01"), -1);
    assert_int_equal(bl_date_parse(&d, "12/29/2023"), -1);
    assert_int_equal(bl_date_parse(&d, "2023-1-05"), -1);
    assert_int_equal(bl_date_parse(&d, "2023-12-29x"), -1);
    assert_int_equal(bl_date_parse(&d, ""), -1);
    assert_int_equal(bl_date_parse(&d, NULL), -1);
}

static void
test_date_format_styles(void **state)
{
    GDate d;
    char *s;

    bl_date_parse(&d, "2023-12-29");
    s = bl_date_format(&d, "long", "en");
    assert_string_equal(s, "December 29, 2023");
    g_free(s);
    s = bl_date_format(&d, "us", "en");
    assert_string_equal(s, "12/29/2023");
    g_free(s);
    s = bl_date_format(&d, "iso", "en");
    assert_string_equal(s, "2023-12-29");
    g_free(s);
    s = bl_date_format(&d, "month-year", "en");
    assert_string_equal(s, "December 2023");
    g_free(s);
    s = bl_date_format(&d, "long", "es");
    assert_string_equal(s, "29 de diciembre de 2023");
    g_free(s);
    assert_null(bl_date_format(&d, "fancy", "en"));
    assert_false(bl_date_style_valid("fancy"));
    assert_true(bl_date_style_valid("long"));
}

static void
test_jurisdiction_names(void **state)
{
    assert_string_equal(bl_jurisdiction_name("MA"), "Massachusetts");
    assert_string_equal(bl_jurisdiction_name("DC"), "the District of Columbia");
    assert_string_equal(bl_jurisdiction_name("PR"), "Puerto Rico");
    assert_null(bl_jurisdiction_name("XX"));
    assert_null(bl_jurisdiction_name("ma"));
    assert_null(bl_jurisdiction_name(NULL));
}

static void
test_squeeze_folds_white_space(void **state)
{
    char *s = bl_text_squeeze("  a \n\t b   c  ");

    assert_string_equal(s, "a b c");
    g_free(s);
    assert_true(bl_text_blank(" \n\t"));
    assert_true(bl_text_blank(NULL));
    assert_false(bl_text_blank(" x "));
}

static gboolean
holiday(const char *iso)
{
    GDate d;

    bl_date_parse(&d, iso);
    return bl_date_is_us_holiday(&d);
}

static void
test_us_federal_holidays(void **state)
{
    assert_true(holiday("2024-01-01"));  /* New Year's Day */
    assert_true(holiday("2024-01-15"));  /* Martin Luther King Jr. Day, 3rd Monday */
    assert_true(holiday("2024-02-19"));  /* Washington's Birthday */
    assert_true(holiday("2024-05-27"));  /* Memorial Day, last Monday */
    assert_true(holiday("2024-06-19"));  /* Juneteenth */
    assert_false(holiday("2020-06-19")); /* before Juneteenth was a federal holiday */
    assert_true(holiday("2024-07-04"));
    assert_true(holiday("2024-09-02")); /* Labor Day */
    assert_true(holiday("2024-10-14")); /* Columbus Day */
    assert_true(holiday("2024-11-11"));
    assert_true(holiday("2024-11-28")); /* Thanksgiving, 4th Thursday */
    assert_true(holiday("2024-12-25"));
    assert_true(holiday("2021-12-31")); /* New Year's Day 2022 is a Saturday: observed Friday */
    assert_true(holiday("2023-01-02")); /* New Year's Day 2023 is a Sunday: observed Monday */
    assert_true(holiday("2026-07-03")); /* July 4, 2026 is a Saturday */
    assert_false(holiday("2026-07-04"));
    assert_false(holiday("2024-11-29"));
    assert_false(holiday("2024-03-12"));
}

static void
test_business_days_skip_weekends_and_holidays(void **state)
{
    GDate d;
    char *s;

    bl_date_parse(&d, "2024-11-25"); /* Monday of Thanksgiving week */
    bl_date_add_business_days(&d, 5);
    s = bl_date_format(&d, "iso", "en");
    assert_string_equal(s, "2024-12-03"); /* Tue..Wed, skip Thu, Fri, Mon, Tue */
    g_free(s);
    bl_date_parse(&d, "2023-12-29"); /* Friday */
    bl_date_add_business_days(&d, 14);
    s = bl_date_format(&d, "iso", "en");
    assert_string_equal(s, "2024-01-22"); /* skips Jan 1 and MLK Day Jan 15 */
    g_free(s);
    bl_date_parse(&d, "2025-01-06");
    bl_date_add_business_days(&d, -1);
    s = bl_date_format(&d, "iso", "en");
    assert_string_equal(s, "2025-01-03");
    g_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse_accepts_real_dates_only),
        cmocka_unit_test(test_date_format_styles),
        cmocka_unit_test(test_jurisdiction_names),
        cmocka_unit_test(test_squeeze_folds_white_space),
        cmocka_unit_test(test_us_federal_holidays),
        cmocka_unit_test(test_business_days_skip_weekends_and_holidays),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
