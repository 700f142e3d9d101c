/* SPDX-License-Identifier: MIT */
/* Text assertions of the unit tests that show the whole text when they fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <string.h>

#include "bl_test.h"

void
fixture_assert_has_at(const char *text, const char *part, const char *file, int line)
{
    if (text == NULL || strstr(text, part) == NULL) {
        print_error("'%s' not found in:\n%s\n", part, text != NULL ? text : "(null)");
        _fail(file, line);
    }
}

void
fixture_assert_lacks_at(const char *text, const char *part, const char *file, int line)
{
    if (text != NULL && strstr(text, part) != NULL) {
        print_error("'%s' found in:\n%s\n", part, text);
        _fail(file, line);
    }
}
