/* SPDX-License-Identifier: MIT */
/* Unit tests of countries.c: the ISO 3166-1 list of Debian's iso-codes read for the last line of
 * foreign addresses (the short names people know, in capitals), and its failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "countries.h"

/* The installed list gives every code its common short name, in capitals. */
static void
test_names_for_addresses(void **state)
{
    static const char *const names[][2] = {
        {"GB", "UNITED KINGDOM"}, /* not its official name */
        {"DE", "GERMANY"},
        {"CA", "CANADA"},
        {"KR", "SOUTH KOREA"}, /* common names */
        {"KP", "NORTH KOREA"},
        {"VN", "VIETNAM"},
        {"IR", "IRAN"},
        {"PS", "STATE OF PALESTINE"}, /* "Palestine, State of" turned round */
        {"CD", "THE DEMOCRATIC REPUBLIC OF THE CONGO"},
        {"FM", "FEDERATED STATES OF MICRONESIA"},
        {"VG", "BRITISH VIRGIN ISLANDS"}, /* "Virgin Islands, British": the official name */
        {"FK", "FALKLAND ISLANDS"},       /* without "(Malvinas)" */
        {"SH", "SAINT HELENA, ASCENSION AND TRISTAN DA CUNHA"}, /* a list, not inverted */
        {"CI", "CÔTE D'IVOIRE"},
        {"CW", "CURAÇAO"},
    };
    const struct bl_countries *countries = bl_countries_default(NULL);
    struct bl_countries *again = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);

    (void)state;
    assert_non_null(countries);
    assert_ptr_equal(bl_countries_default(NULL), countries); /* read once */
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        assert_string_equal(bl_countries_name(countries, names[i][0]), names[i][1]);
    }
    assert_null(bl_countries_name(countries, "ZZ"));
    assert_null(bl_countries_name(countries, "gb"));
    assert_int_equal(bl_countries_load(&again, BL_ISO_3166_FILE, diag), 0);
    assert_string_equal(bl_countries_name(again, "NL"), "NETHERLANDS");
    bl_countries_free(again);
    bl_diag_free(diag);
}

/* A missing file says where the names come from; a file that is not the list says so. */
static void
test_unreadable_list(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_countries *c = NULL;
    char *dir = fixture_tmpdir("countries");
    char *other = fixture_write(dir, "other.json", "{\"639-2\": []}", -1);
    char *missing = g_build_filename(dir, "iso_3166-1.json", NULL);

    (void)state;
    assert_int_equal(bl_countries_load(&c, missing, diag), -1);
    assert_non_null(strstr(bl_diag_last_message(diag), "cannot read the country names: "));
    assert_non_null(strstr(bl_diag_last_message(diag), "install it"));
    assert_int_equal(bl_countries_load(&c, other, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "not the ISO 3166-1 list of iso-codes: no \"3166-1\" array");
    assert_null(c);
    bl_countries_free(NULL);
    fixture_rmdir(dir);
    g_free(dir);
    g_free(other);
    g_free(missing);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_for_addresses),
        cmocka_unit_test(test_unreadable_list),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
