/* SPDX-License-Identifier: MIT */
/* Unit tests of check_list.c: the check's pass over the list counts every row (valid, rejected),
 * the residents of each jurisdiction, tells the messages of the first BL_CHECK_ROW_MESSAGES
 * rejected rows only, and refuses a list whose header lacks a required column, naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "check.h"

#define HEADER FIXTURE_CHECK_HEADER

static void
test_rows_and_residents_are_counted(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    GPtrArray *codes;

    fixture_check_run(f, inc, NULL,
                      HEADER "N-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n"
                             "C-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "X-1,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise\n"
                             "C-2,Cy,Yu,3 Pine St,Fresno,CA,93701,contact,sunrise\n"
                             "M-1,Di,Lee,Unit 2050,APO,AE,09001,ssn,sunrise\n",
                      NULL);
    assert_int_equal(f->rep->rows, 5);
    assert_int_equal(f->rep->valid, 4);
    assert_int_equal(f->rep->rejected, 1);
    assert_int_equal(f->rep->rejected_untold, 0);
    assert_int_equal(bl_check_residents(f->rep, "CA"), 2);
    assert_int_equal(bl_check_residents(f->rep, "NY"), 1);
    assert_int_equal(bl_check_residents(f->rep, "XX"), 0); /* rejected: no one's state */
    assert_int_equal(bl_check_residents(f->rep, ""), 1);   /* military mail: no state */
    codes = bl_check_jurisdictions(f->rep, FALSE);
    assert_int_equal(codes->len, 2);
    assert_string_equal(g_ptr_array_index(codes, 0), "CA");
    assert_string_equal(g_ptr_array_index(codes, 1), "NY");
    g_ptr_array_unref(codes);
    codes = bl_check_jurisdictions(f->rep, TRUE);
    assert_int_equal(codes->len, 3);
    assert_string_equal(g_ptr_array_index(codes, 2), ""); /* last */
    g_ptr_array_unref(codes);
    fixture_assert_has(bl_diag_text(f->diag), "list.csv:4: error: ");
    g_free(inc);
    fixture_check_reset(f);
}

/* Of 103 rejected rows, the first 100 are told, each with its line; the other 3 are counted
 * by kind for a note, and every one is in the counts. */
static void
test_only_the_first_rejected_rows_are_told(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    GString *list = g_string_new(HEADER);
    struct fixture_told t;
    struct bl_diag *own = f->diag;
    const char *told;

    assert_int_equal(BL_CHECK_ROW_MESSAGES, 100);
    for (int i = 0; i < 103; i++) {
        g_string_append_printf(list, "X-%d,Al,Bad,9 Elm St,Nowhere,XX,00000,ssn,sunrise\n", i);
    }
    g_string_append(list, "C-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n");
    /* told as the tool is told: a message gone to the diag's function stays told */
    fixture_told_init(&t);
    f->diag = t.diag;
    fixture_check_run(f, inc, NULL, list->str, NULL);
    f->diag = own;
    assert_int_equal(f->rep->rows, 104);
    assert_int_equal(f->rep->rejected, 103);
    assert_int_equal(f->rep->valid, 1);
    assert_int_equal(f->rep->rejected_untold, 3);
    assert_non_null(f->rep->untold_kinds);
    fixture_assert_has(f->rep->untold_kinds, "3 ");
    told = fixture_told_text(&t, BL_DIAG_ERROR);
    fixture_assert_has(told, "list.csv:2: error: ");   /* the first rejected row */
    fixture_assert_has(told, "list.csv:101: error: "); /* the 100th */
    fixture_assert_lacks(told, "list.csv:102:");
    fixture_assert_lacks(told, "list.csv:104:");
    fixture_told_release(&t);
    g_string_free(list, TRUE);
    g_free(inc);
    fixture_check_reset(f);
}

/* A header without a required column: the check stops (-1, no report) and the message names the
 * list's header line and the column. */
static void
test_missing_required_column_stops_the_check(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);

    assert_int_equal(fixture_check_try(f, inc, NULL,
                                       "id,first_name,last_name,address1,state,ZIP,categories,"
                                       "entity\n"
                                       "C-1,Ana,Silva,1 Elm St,CA,93701,ssn,sunrise\n",
                                       NULL),
                     -1);
    assert_null(f->rep);
    fixture_assert_has(bl_diag_text(f->diag), "list.csv:1: error: missing required column 'city'");
    g_free(inc);
    fixture_check_reset(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_residents_are_counted),
        cmocka_unit_test(test_only_the_first_rejected_rows_are_told),
        cmocka_unit_test(test_missing_required_column_stops_the_check),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}
