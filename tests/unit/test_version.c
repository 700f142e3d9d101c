/* SPDX-License-Identifier: MIT */
/* Unit tests of version.c: the library's version is the project's (CMakeLists.txt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bl_test.h"
#include "version.h"

static void
test_version_is_the_projects(void **state)
{
    (void)state;
    /* BL_VERSION is given the tests by CMake from project(VERSION), as it is given the library */
    assert_string_equal(bl_version(), BL_VERSION);
    assert_true(g_regex_match_simple("^[0-9]+\\.[0-9]+\\.[0-9]+$", bl_version(), 0, 0));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_is_the_projects),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
