/* SPDX-License-Identifier: MIT */
/* Unit tests of kinds.c: the kind of a row message, rows counted by kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "kinds.h"

static void
expect_kind(const char *message, const char *kind)
{
    char *got = bl_kinds_of(message);

    assert_string_equal(got, kind);
    g_free(got);
}

static void
test_kind_drops_the_rows_values(void **state)
{
    expect_kind("list.csv:3: error: unknown state 'XX' (recipient 'MDX-2')", "unknown state");
    expect_kind("category 'shoe-size' is not one of the incident's categories (recipient 'R')",
                "category is not one of the incident's categories");
    expect_kind("list.csv:6: error: postal code is not a US ZIP code (12345 or 12345-6789) "
                "(recipient 'MDX-5')",
                "postal code is not a US ZIP code (12345 or 12345-6789)");
    expect_kind("list.csv:7: error: duplicate recipient id 'MDX-1' (first on line 2)",
                "duplicate recipient id");
    expect_kind("unknown variant 'godparent' (adult, minor or deceased) (recipient 'MDX-7')",
                "unknown variant (adult, minor or deceased)");
    expect_kind("list.csv:9: warning: the address has too many lines for the window with the "
                "Intelligent Mail barcode: the letter is made without the barcode (recipient "
                "'O'Neil-1')",
                "the address has too many lines for the window with the Intelligent Mail "
                "barcode: the letter is made without the barcode");
    /* a value quoted with an apostrophe in it goes whole */
    expect_kind("unknown covered entity 'st. mary's' (recipient 'R-1')", "unknown covered entity");
    /* a value that ended the message takes the word that led to it along: no summary ends in
     * "not" */
    expect_kind("list.csv:4: error: city APO is military mail: its state must be AA, AE or AP, not "
                "'CA' (recipient 'M4')",
                "city APO is military mail: its state must be AA, AE or AP");
}

static void
test_kind_keeps_the_column_named(void **state)
{
    expect_kind("list.csv:5: error: column 'address1' is empty (recipient 'MDX-4')",
                "column 'address1' is empty");
    expect_kind("row has 7 fields but the header has 11 (recipient 'MDX-8')",
                "row has 7 fields but the header has 11");
}

static void
test_kinds_are_counted_most_first(void **state)
{
    struct bl_kinds *k = bl_kinds_new();
    char *text;

    for (int i = 0; i < 1800; i++) {
        bl_kinds_add(k, "l.csv:2: error: postal code is not a US ZIP code (recipient 'A')");
    }
    for (int i = 0; i < 3100; i++) {
        char *msg = g_strdup_printf("l.csv:%d: error: unknown state 'Z%d' (recipient 'B%d')", i + 3,
                                    i % 7, i);

        bl_kinds_add(k, msg);
        g_free(msg);
    }
    bl_kinds_add(k, "l.csv:9: error: column 'city' is empty (recipient 'C')");
    bl_kinds_add(k, "l.csv:9: error: column 'address1' is empty (recipient 'C')");
    assert_int_equal(bl_kinds_total(k), 4902);
    text = bl_kinds_format(k);
    assert_string_equal(text, "3,100 unknown state, 1,800 postal code is not a US ZIP code, "
                              "1 column 'city' is empty, 1 column 'address1' is empty");
    g_free(text);
    bl_kinds_free(k);
    k = bl_kinds_new();
    text = bl_kinds_format(k);
    assert_string_equal(text, "");
    g_free(text);
    bl_kinds_free(k);
    bl_kinds_free(NULL);
}

static void
test_counts_group_thousands(void **state)
{
    const struct {
        gint64 n;
        const char *text;
    } cases[] = {{0, "0"},        {999, "999"},           {1000, "1,000"},
                 {4900, "4,900"}, {1000000, "1,000,000"}, {-12345, "-12,345"}};

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = bl_kinds_count(cases[i].n);

        assert_string_equal(text, cases[i].text);
        g_free(text);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_drops_the_rows_values),
        cmocka_unit_test(test_kind_keeps_the_column_named),
        cmocka_unit_test(test_kinds_are_counted_most_first),
        cmocka_unit_test(test_counts_group_thousands),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
