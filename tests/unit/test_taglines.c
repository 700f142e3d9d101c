/* SPDX-License-Identifier: MIT */
/* Unit tests of taglines.c: the shipped data reads, each state's 15 languages come in its order
 * with the phone in place (isolated left to right in right-to-left text), a state with no list
 * has none, and a state naming a language without a tagline is refused with file and reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "taglines.h"

#define DATA BL_DATADIR "/templates/us-notice/taglines.xml"

static void
test_shipped_taglines_read_in_each_states_order(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_taglines *t = bl_taglines_load(DATA, diag);
    GPtrArray *ca, *tx;

    (void)state;
    assert_non_null(t);
    assert_string_equal(bl_taglines_heading(t), "Free help in your language");
    ca = bl_taglines_for(t, "CA", "1-800-555-0100");
    assert_non_null(ca);
    assert_int_equal(ca->len, 15);
    assert_string_equal(g_ptr_array_index(ca, 0),
                        "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos "
                        "de asistencia lingüística. Llame al 1-800-555-0100.");
    /* Arabic (10th in California): the number kept left to right inside the sentence */
    assert_non_null(strstr(g_ptr_array_index(ca, 9), "\u20661-800-555-0100\u2069"));
    tx = bl_taglines_for(t, "TX", NULL);
    assert_int_equal(tx->len, 15);
    assert_true(g_str_has_prefix(g_ptr_array_index(tx, 1), "CHÚ Ý:"));
    assert_null(bl_taglines_for(t, "OR", "1-800-555-0100"));
    assert_int_equal(bl_diag_error_count(diag), 0);
    g_ptr_array_unref(ca);
    g_ptr_array_unref(tx);
    bl_taglines_free(t);
    bl_diag_free(diag);
}

static void
test_a_language_without_tagline_is_refused(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    char *dir = fixture_tmpdir("taglines");
    char *path = fixture_write(dir, "taglines.xml",
                               "<taglines><heading>Help</heading>"
                               "<tagline lang=\"es\">Llame al <phone/>.</tagline>"
                               "<state code=\"CA\" languages=\"es  zz\"/></taglines>",
                               -1);
    char *want = g_strdup_printf("%s: error: state CA names language 'zz', which has no "
                                 "<tagline>\n",
                                 path);

    (void)state;
    assert_null(bl_taglines_load(path, diag));
    assert_string_equal(bl_diag_text(diag), want);
    g_free(want);
    g_free(path);
    fixture_rmdir(dir);
    g_free(dir);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_taglines_read_in_each_states_order),
        cmocka_unit_test(test_a_language_without_tagline_is_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
