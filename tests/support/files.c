/* SPDX-License-Identifier: MIT */
/* Files and directories of the unit tests: private temporary directories, files written and read
 * back whole, their hashes, and a folder's whole tree to compare before and after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>
#include <utime.h>

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

void
fixture_set_time(const char *path, long offset)
{
    struct utimbuf t;

    t.actime = t.modtime = time(NULL) + offset;
    if (utime(path, &t) != 0) {
        fail_msg("cannot set the time of %s", path);
    }
}

void
fixture_backdate(const char *path)
{
    fixture_set_time(path, -3600);
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

char *
fixture_sha256(const char *path)
{
    gsize len = 0;
    char *bytes = fixture_read(path, &len);
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);

    g_free(bytes);
    return sum;
}

/* Adds the entries under dir/rel to lines, folders descended (never through a link). */
static void
list_tree(const char *dir, const char *rel, GPtrArray *lines)
{
    char *path = rel != NULL ? g_build_filename(dir, rel, NULL) : g_strdup(dir);
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        char *sub = rel != NULL ? g_build_filename(rel, name, NULL) : g_strdup(name);
        char *full = g_build_filename(dir, sub, NULL);

        if (g_file_test(full, G_FILE_TEST_IS_SYMLINK)) {
            char *target = g_file_read_link(full, NULL);

            g_ptr_array_add(lines, g_strdup_printf("%s -> %s", sub, target));
            g_free(target);
        } else if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
            g_ptr_array_add(lines, g_strdup_printf("%s/", sub));
            list_tree(dir, sub, lines);
        } else {
            char *sum = fixture_sha256(full);

            g_ptr_array_add(lines, g_strdup_printf("%s %s", sub, sum));
            g_free(sum);
        }
        g_free(full);
        g_free(sub);
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_free(path);
}

static gint
compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
fixture_tree(const char *dir)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GString *text = g_string_new(NULL);

    list_tree(dir, NULL, lines);
    g_ptr_array_sort(lines, compare_lines);
    for (guint i = 0; i < lines->len; i++) {
        g_string_append_printf(text, "%s\n", (const char *)g_ptr_array_index(lines, i));
    }
    g_ptr_array_unref(lines);
    return g_string_free(text, FALSE);
}
