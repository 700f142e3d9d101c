/* SPDX-License-Identifier: MIT */
/* Unit tests of manifest.c: RFC 4180 quoting, formula neutralising, the errors file, joined
 * chunk journals, owner-only, atomic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"

#define HEADER                                                                                     \
    "line,id,status,file,book,first_page,pages,sha256,jurisdiction,variant,language,large_print,"  \
    "error,approval\r\n"

static const struct bl_manifest_row ok = {
    2,      "R-1", BL_OUTCOME_LETTER, "R-1.pdf", 0,    0,     3,
    "ab12", "NY",  "adult",           "en",      NULL, FALSE, "A2"};
static const struct bl_manifest_row bad = {3,
                                           "=cmd|'/c calc'!A1",
                                           BL_OUTCOME_ERROR,
                                           NULL,
                                           0,
                                           0,
                                           0,
                                           NULL,
                                           NULL,
                                           NULL,
                                           NULL,
                                           "unknown variant 'x' (adult, minor or deceased)",
                                           FALSE,
                                           NULL};
static const struct bl_manifest_row quote = {
    5,    "R \"2\"", BL_OUTCOME_LETTER, "book-000001.pdf", 1, 9, 2, "cd", "MA", "minor", "en", NULL,
    TRUE, NULL};

static char *
read_file(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;

    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_free(path);
    return text;
}

static void
remove_dir(char *dir)
{
    const char *names[] = {"manifest.csv",      "errors.csv", "c.csv",
                           "c.errors.csv",      "c.csv.part", "c.errors.csv.part",
                           "c.pending.csv.part"};

    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        char *path = g_build_filename(dir, names[i], NULL);

        g_unlink(path);
        g_free(path);
    }
    assert_int_equal(g_rmdir(dir), 0); /* nothing else was left */
    g_free(dir);
}

static void
test_rows_are_quoted_and_formulas_neutralised(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    char *errors = g_build_filename(dir, "errors.csv", NULL);
    char *part = g_strdup_printf("%s.part", path);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;
    char *text = NULL;
    struct stat st;

    umask(077);
    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, path, errors, "list.csv", TRUE, diag), 0);
    assert_true(g_file_test(part, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS)); /* complete only when closed */
    assert_int_equal(bl_manifest_add(m, &ok), 0);
    assert_int_equal(bl_manifest_add(m, &bad), 0);
    assert_int_equal(bl_manifest_add(m, &quote), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    assert_false(g_file_test(part, G_FILE_TEST_EXISTS));
    text = read_file(dir, "manifest.csv");
    assert_string_equal(text,
                        HEADER "2,R-1,ok,R-1.pdf,,,3,ab12,NY,adult,en,,,A2\r\n"
                               "3,\"'=cmd|'/c calc'!A1\",error,,,,,,,,,,\"unknown variant 'x' "
                               "(adult, minor or deceased)\",\r\n"
                               "5,\"R \"\"2\"\"\",ok,book-000001.pdf,1,9,2,cd,MA,minor,en,yes,"
                               ",\r\n");
    g_free(text);
    /* only the row without a letter is in the errors file, with the list's file and line */
    text = read_file(dir, "errors.csv");
    assert_string_equal(text, "where,id,status,error\r\n"
                              "list.csv:3,\"'=cmd|'/c calc'!A1\",error,\"unknown variant 'x' "
                              "(adult, minor or deceased)\"\r\n");
    g_free(text);
    assert_int_equal(g_stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    remove_dir(dir);
    g_free(part);
    g_free(errors);
    g_free(path);
    bl_diag_free(diag);
}

static void
test_journals_are_joined_in_order(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    char *errors = g_build_filename(dir, "errors.csv", NULL);
    char *chunk = g_build_filename(dir, "c.csv", NULL);
    char *chunk_errors = g_build_filename(dir, "c.errors.csv", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;
    char *text;

    /* a chunk's journal has no header */
    assert_int_equal(
        bl_manifest_open(&m, AT_FDCWD, NULL, chunk, chunk_errors, "list.csv", FALSE, diag), 0);
    assert_int_equal(bl_manifest_add(m, &bad), 0);
    assert_int_equal(bl_manifest_add(m, &quote), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, path, errors, "list.csv", TRUE, diag), 0);
    assert_int_equal(bl_manifest_add(m, &ok), 0);
    assert_int_equal(bl_manifest_append_journal(m, AT_FDCWD, chunk, chunk_errors), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    text = read_file(dir, "manifest.csv");
    assert_true(g_str_has_prefix(text, HEADER "2,R-1,"));
    assert_non_null(strstr(text, "\r\n3,\"'=cmd"));
    assert_true(g_str_has_suffix(text, "\r\n5,\"R \"\"2\"\"\",ok,book-000001.pdf,1,9,2,cd,MA,"
                                       "minor,en,yes,,\r\n"));
    g_free(text);
    text = read_file(dir, "errors.csv");
    assert_true(g_str_has_prefix(text, "where,id,status,error\r\nlist.csv:3,"));
    g_free(text);
    /* a missing journal is an error, not a silently short manifest */
    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, path, errors, "list.csv", TRUE, diag), 0);
    assert_int_equal(bl_manifest_append_journal(m, AT_FDCWD, "/nonexistent/c.csv", chunk_errors),
                     -1);
    bl_manifest_abort(m);
    remove_dir(dir);
    g_free(chunk);
    g_free(chunk_errors);
    g_free(errors);
    g_free(path);
    bl_diag_free(diag);
}

static void
test_abort_leaves_nothing(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    char *errors = g_build_filename(dir, "errors.csv", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;

    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, path, errors, "l.csv", TRUE, diag), 0);
    bl_manifest_abort(m);
    assert_int_equal(g_rmdir(dir), 0); /* empty: no manifest, no temporary file */
    g_free(errors);
    g_free(path);
    g_free(dir);
    bl_diag_free(diag);
}

/* A durable chunk journal notes each letter before it is written: an abort leaves the note and
 * the journal for a later run to read, a completed journal takes the note away. */
static void
test_durable_journal_notes_letters_about_to_be_written(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    FILE *fp;

    (void)state;
    assert_int_equal(bl_manifest_open(&m, fd, dir, "c.csv", "c.errors.csv", "l.csv", FALSE, diag),
                     0);
    bl_manifest_make_durable(m);
    assert_int_equal(bl_manifest_pending(m, &ok), 0);
    bl_manifest_abort(m);
    fp = fdopen(openat(fd, "c.pending.csv.part", O_RDONLY), "r");
    assert_non_null(fp);
    bl_manifest_files(fp, FALSE, files);
    fclose(fp);
    assert_int_equal(files->len, 1);
    assert_string_equal(g_ptr_array_index(files, 0), ok.file);
    /* the note is the row as the journal writes it, its approval too */
    {
        char *note = read_file(dir, "c.pending.csv.part");

        assert_string_equal(note, "2,R-1,ok,R-1.pdf,,,3,ab12,NY,adult,en,,,A2\r\n");
        g_free(note);
    }
    assert_int_equal(faccessat(fd, "c.csv.part", F_OK, 0), 0);
    remove_dir(dir);

    dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    close(fd);
    fd = open(dir, O_RDONLY | O_DIRECTORY);
    assert_int_equal(bl_manifest_open(&m, fd, dir, "c.csv", "c.errors.csv", "l.csv", FALSE, diag),
                     0);
    bl_manifest_make_durable(m);
    assert_int_equal(bl_manifest_pending(m, &ok), 0);
    assert_int_equal(bl_manifest_add(m, &ok), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    assert_int_equal(faccessat(fd, "c.csv", F_OK, 0), 0);
    assert_int_equal(faccessat(fd, "c.pending.csv.part", F_OK, 0), -1);
    assert_int_equal(faccessat(fd, "c.pending.csv", F_OK, 0), -1);
    /* a journal that is not durable has no note: the call is a no-op */
    assert_int_equal(bl_manifest_open(&m, fd, dir, "d.csv", "d.errors.csv", "l.csv", FALSE, diag),
                     0);
    assert_int_equal(bl_manifest_pending(m, &ok), 0);
    bl_manifest_abort(m);
    assert_int_equal(faccessat(fd, "d.pending.csv.part", F_OK, 0), -1);
    close(fd);
    remove_dir(dir);
    g_ptr_array_unref(files);
    bl_diag_free(diag);
}

static void
test_unwritable_directory_is_reported(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest *m = NULL;

    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, "/nonexistent/dir/manifest.csv",
                                      "/nonexistent/dir/errors.csv", "l.csv", TRUE, diag),
                     -1);
    assert_null(m);
    assert_non_null(strstr(bl_diag_text(diag), "/nonexistent/dir/manifest.csv: error: cannot "
                                               "create the file: No such file or directory"));
    bl_diag_free(diag);
}

/* A manifest read back: its rows by outcome, the letters in large print and under each
 * approval, in the order of their ids; rows without a letter count under none. */
static void
test_summary_reads_outcomes_large_print_and_approvals_back(void **state)
{
    char *dir = g_dir_make_tmp("bl-manifest-XXXXXX", NULL);
    char *path = g_build_filename(dir, "manifest.csv", NULL);
    char *errors = g_build_filename(dir, "errors.csv", NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_manifest_row approved = quote, draft = ok, exception = ok, refused = bad;
    struct bl_manifest_summary sum;
    struct bl_manifest *m = NULL;
    FILE *fp;

    (void)state;
    approved.approval = "A1"; /* in large print */
    draft.outcome = BL_OUTCOME_DRAFT;
    exception.outcome = BL_OUTCOME_EXCEPTION;
    exception.approval = "A1";
    refused.outcome = BL_OUTCOME_REFUSED;
    refused.approval = "A1"; /* no letter: counted under no approval */
    assert_int_equal(bl_manifest_open(&m, AT_FDCWD, NULL, path, errors, "list.csv", TRUE, diag), 0);
    assert_int_equal(bl_manifest_add(m, &ok), 0);
    assert_int_equal(bl_manifest_add(m, &approved), 0);
    assert_int_equal(bl_manifest_add(m, &bad), 0);
    assert_int_equal(bl_manifest_add(m, &draft), 0);
    assert_int_equal(bl_manifest_add(m, &exception), 0);
    assert_int_equal(bl_manifest_add(m, &refused), 0);
    assert_int_equal(bl_manifest_close(m), 0);
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_int_equal(bl_manifest_summarize(&sum, fp), 0);
    fclose(fp);
    assert_int_equal(sum.counts.rows, 6);
    assert_int_equal(sum.counts.letters, 4);
    assert_int_equal(sum.counts.errors, 1);
    assert_int_equal(sum.counts.refused, 1);
    assert_int_equal(sum.counts.drafts, 1);
    assert_int_equal(sum.exceptions, 1);
    assert_int_equal(sum.large_print, 1);
    assert_int_equal(sum.approval_ids->len, 2);
    assert_string_equal(g_ptr_array_index(sum.approval_ids, 0), "A1"); /* in the ids' order */
    assert_string_equal(g_ptr_array_index(sum.approval_ids, 1), "A2");
    assert_int_equal(bl_manifest_summary_approved(&sum, "A2"), 2); /* ok and the draft */
    assert_int_equal(bl_manifest_summary_approved(&sum, "A1"), 2);
    assert_int_equal(bl_manifest_summary_approved(&sum, "A3"), 0);
    bl_manifest_summary_release(&sum);
    remove_dir(dir);
    g_free(errors);
    g_free(path);
    bl_diag_free(diag);
}

/* A manifest written before the approval column (13 columns) is read as having none; a file
 * whose first row names no status column is not a manifest. */
static void
test_summary_reads_a_manifest_without_the_approval_column(void **state)
{
    static const char old[] =
        "line,id,status,file,book,first_page,pages,sha256,jurisdiction,variant,language,"
        "large_print,error\r\n"
        "2,R-1,ok,R-1.pdf,,,3,ab12,NY,adult,en,yes,\r\n"
        "\r\n"
        "3,R-2,error,,,,,,,,,,bad\r\n";
    struct bl_manifest_summary sum;
    FILE *fp = fmemopen((void *)old, sizeof(old) - 1, "r");

    (void)state;
    assert_int_equal(bl_manifest_summarize(&sum, fp), 0);
    fclose(fp);
    assert_int_equal(sum.counts.rows, 2);
    assert_int_equal(sum.counts.letters, 1);
    assert_int_equal(sum.counts.errors, 1);
    assert_int_equal(sum.large_print, 1);
    assert_null(sum.approval_ids);
    bl_manifest_summary_release(&sum);
    fp = fmemopen((void *)"where,id\r\n", 10, "r");
    assert_int_equal(bl_manifest_summarize(&sum, fp), -1);
    fclose(fp);
    bl_manifest_summary_release(&sum);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_quoted_and_formulas_neutralised),
        cmocka_unit_test(test_journals_are_joined_in_order),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_durable_journal_notes_letters_about_to_be_written),
        cmocka_unit_test(test_unwritable_directory_is_reported),
        cmocka_unit_test(test_summary_reads_outcomes_large_print_and_approvals_back),
        cmocka_unit_test(test_summary_reads_a_manifest_without_the_approval_column),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
