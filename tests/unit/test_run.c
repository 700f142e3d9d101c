/* SPDX-License-Identifier: MIT */
/* Unit tests of run.c: letter file names and the data directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "run.h"

static void
expect_name(const char *id, const char *name)
{
    char *got = bl_run_letter_name(id);

    assert_string_equal(got, name);
    g_free(got);
}

static void
test_safe_ids_name_their_letter(void **state)
{
    expect_name("MDS-000123", "MDS-000123.pdf");
    expect_name("a.b_c-1", "a.b_c-1.pdf");
}

static void
test_unsafe_ids_get_a_safe_distinct_name(void **state)
{
    const char *ids[] = {"../../etc/x", "..__etc_x", "CON", "con", "a b",  "a_b",
                         ".hidden",     "",          "Zoë", "x/y", "x\\y", "=1+1"};
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(ids); i++) {
        char *name = bl_run_letter_name(ids[i]);

        assert_null(strchr(name, '/'));
        assert_null(strchr(name, '\\'));
        assert_true(name[0] != '.');
        assert_true(g_str_has_suffix(name, ".pdf"));
        assert_false(g_hash_table_contains(seen, name)); /* no two ids share a file */
        for (const char *p = name; *p != '\0'; p++) {
            assert_true(g_ascii_isalnum(*p) || strchr("._-", *p) != NULL);
        }
        g_hash_table_add(seen, name);
    }
    g_hash_table_unref(seen);
    /* the same id always gives the same name, readable where it can be */
    {
        char *a = bl_run_letter_name("../../etc/x");
        char *b = bl_run_letter_name("../../etc/x");

        assert_string_equal(a, b);
        assert_true(g_str_has_prefix(a, "______etc_x-"));
        g_free(a);
        g_free(b);
    }
}

static void
test_long_ids_are_shortened(void **state)
{
    char *id = g_strnfill(300, 'a');
    char *name = bl_run_letter_name(id);

    assert_true(strlen(name) < 120);
    g_free(name);
    g_free(id);
}

static void
test_data_dir_precedence(void **state)
{
    g_setenv("BREACHLETTER_DATA_DIR", "/env/dir", TRUE);
    assert_string_equal(bl_session_data_dir("/given"), "/given");
    assert_string_equal(bl_session_data_dir(NULL), "/env/dir");
    g_unsetenv("BREACHLETTER_DATA_DIR");
    assert_string_equal(bl_session_data_dir(NULL), BL_DATADIR);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_ids_name_their_letter),
        cmocka_unit_test(test_unsafe_ids_get_a_safe_distinct_name),
        cmocka_unit_test(test_long_ids_are_shortened),
        cmocka_unit_test(test_data_dir_precedence),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
