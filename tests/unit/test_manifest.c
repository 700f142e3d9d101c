/* SPDX-License-Identifier: MIT */
/* Unit tests of manifest.c: RFC 4180 quoting, formula neutralising, owner-only, atomic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "manifest.h"

static void
test_rows_are_quoted_and_formulas_neutralised(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    char *part = g_strdup_printf("%s.part", path);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;
    struct bl_manifest_row ok = {2, "R-1", "ok", "R-1.pdf", 3, "ab12", "NY", "adult", "en", NULL};
    struct bl_manifest_row bad = {3,       "=cmd|'/c calc'!A1",
                                  "error", NULL,
                                  0,       NULL,
                                  NULL,    NULL,
                                  NULL,    "unknown variant 'x' (adult, minor or deceased)"};
    struct bl_manifest_row quote = {5,    "R \"2\"", "ok",    "f.pdf", 1,
                                    "cd", "MA",      "minor", "en",    NULL};
    char *text = NULL;
    struct stat st;

    umask(077);
    assert_int_equal(bl_manifest_open(&m, path, diag), 0);
    assert_true(g_file_test(part, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS)); /* complete only when closed */
    assert_int_equal(bl_manifest_add(m, &ok), 0);
    assert_int_equal(bl_manifest_add(m, &bad), 0);
    assert_int_equal(bl_manifest_add(m, &quote), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    assert_false(g_file_test(part, G_FILE_TEST_EXISTS));
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    assert_string_equal(
        text, "line,id,status,file,pages,sha256,jurisdiction,variant,language,error\r\n"
              "2,R-1,ok,R-1.pdf,3,ab12,NY,adult,en,\r\n"
              "3,\"'=cmd|'/c calc'!A1\",error,,,,,,,\"unknown variant 'x' (adult, minor or "
              "deceased)\"\r\n"
              "5,\"R \"\"2\"\"\",ok,f.pdf,1,cd,MA,minor,en,\r\n");
    assert_int_equal(g_stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    g_unlink(path);
    g_rmdir(dir);
    g_free(text);
    g_free(part);
    g_free(path);
    g_free(dir);
    bl_diag_free(diag);
}

static void
test_abort_leaves_nothing(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;

    assert_int_equal(bl_manifest_open(&m, path, diag), 0);
    bl_manifest_abort(m);
    assert_int_equal(g_rmdir(dir), 0); /* empty: no manifest, no temporary file */
    g_free(path);
    g_free(dir);
    bl_diag_free(diag);
}

static void
test_unwritable_directory_is_reported(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;

    assert_int_equal(bl_manifest_open(&m, "/nonexistent/dir/manifest.csv", diag), -1);
    assert_null(m);
    assert_non_null(strstr(bl_diag_text(diag), "/nonexistent/dir/manifest.csv: error: cannot "
                                               "create the manifest: No such file or directory"));
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_quoted_and_formulas_neutralised),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_unwritable_directory_is_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
