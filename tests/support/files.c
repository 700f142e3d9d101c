/* SPDX-License-Identifier: MIT */
/* Files and directories of the unit tests: private temporary directories, files written and read
 * back whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "bl_test.h"

char *
fixture_tmpdir(const char *name)
{
    char *template = g_strdup_printf("bl-%s-XXXXXX", name);
    GError *error = NULL;
    char *dir = g_dir_make_tmp(template, &error);

    if (dir == NULL) {
        fail_msg("cannot make a temporary directory %s: %s", template, error->message);
    }
    g_free(template);
    return dir;
}

void
fixture_rmdir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, name, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
            fixture_rmdir(path);
        } else {
            g_unlink(path);
        }
        g_free(path);
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(dir);
}

char *
fixture_write(const char *dir, const char *name, const char *text, gssize len)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *error = NULL;

    if (!g_file_set_contents(path, text, len, &error)) {
        fail_msg("cannot write %s: %s", path, error->message);
    }
    return path;
}

char *
fixture_read(const char *path, gsize *len)
{
    char *text = NULL;
    GError *error = NULL;

    if (!g_file_get_contents(path, &text, len, &error)) {
        fail_msg("cannot read %s: %s", path, error->message);
    }
    return text;
}
