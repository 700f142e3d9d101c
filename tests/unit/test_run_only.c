/* SPDX-License-Identifier: MIT */
/* Unit tests of run_only.c: render --only makes one recipient's letter into an empty folder,
 * beside the letters of earlier --only runs, or into a finished run of the same inputs, whose
 * manifest it updates row for row; it refuses, changing nothing, a folder with an unfinished
 * run or a shard's output, a run of other inputs, a manifest changed since its run, one without
 * its record and a run of print books. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bl_test.h"
#include "render_letters_impl.h"
#include "run_only.h"

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

struct fix {
    char *dir, *incident, *list, *out;
    char *manifest, *errors, *record; /* the output folder's */
    struct bl_render_options opts;
    struct fixture_told told;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("run-only");
    f->incident = fixture_incident_file(f->dir, NULL);
    f->list = fixture_list_file(f->dir);
    f->out = g_build_filename(f->dir, "out", NULL);
    f->manifest = g_build_filename(f->out, "manifest.csv", NULL);
    f->errors = g_build_filename(f->out, "errors.csv", NULL);
    f->record = g_build_filename(f->out, "manifest.run.json", NULL);
    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.outdir = f->out;
    f->opts.data_dir = BL_DATADIR;
    f->opts.quiet = TRUE;
    fixture_told_init(&f->told);
    bl_session_set_today("2025-01-06");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_told_release(&f->told);
    bl_session_set_today(NULL);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f->list);
    g_free(f->out);
    g_free(f->manifest);
    g_free(f->errors);
    g_free(f->record);
    g_free(f);
    return 0;
}

/* render --only id into the output folder, as the tool runs it; its exit status. */
static int
only(struct fix *f, const char *id)
{
    struct bl_render s;
    int rc;

    f->opts.only = id;
    rc = fixture_render_open(&s, &f->opts, f->told.diag);
    if (rc == BL_EXIT_OK) {
        rc = bl_render_only(&s);
    }
    bl_render_release(&s);
    f->opts.only = NULL;
    return rc;
}

/* A whole run of the list into the output folder, finished: one row rejected. */
static void
finished_run(struct fix *f, int files_per_dir)
{
    f->opts.files_per_dir = files_per_dir;
    assert_int_equal(fixture_render_run(&f->opts, f->told.diag), BL_EXIT_ROWS_REJECTED);
    assert_int_equal(fixture_manifest_rows(f->manifest), 3);
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);
}

/* The field of the row of id in the output folder's manifest. Free with g_free(). */
static char *
field(const struct fix *f, const char *id, const char *column)
{
    return fixture_manifest_field(f->manifest, id, column);
}

static void
assert_field(const struct fix *f, const char *id, const char *column, const char *want)
{
    char *got = field(f, id, column);

    if (got == NULL || strcmp(got, want) != 0) {
        fail_msg("manifest row '%s', column %s: '%s', expected '%s'", id, column,
                 got != NULL ? got : "(no row)", want);
    }
    g_free(got);
}

/* The record in the output folder. Release with bl_run_record_release(). */
static void
read_record(const struct fix *f, struct bl_run_record *r)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    char *json = fixture_read(f->record, NULL);

    assert_int_equal(bl_run_record_parse(r, json, strlen(json), f->record, diag), 0);
    g_free(json);
    bl_diag_free(diag);
}

/* Writes r as the output folder's record. */
static void
write_record(const struct fix *f, const struct bl_run_record *r)
{
    char *json = bl_run_record_json(r);

    g_free(fixture_write(f->out, "manifest.run.json", json, -1));
    g_free(json);
}

/* The manifest and record as a run would have left them with the manifest's row of id
 * replaced by row: the record holds the new manifest's hash. */
static void
rewrite_row(const struct fix *f, const char *id, const char *row)
{
    char *text = fixture_read(f->manifest, NULL);
    char **lines = g_strsplit(text, "\r\n", -1);
    char *prefix = g_strdup_printf(",%s,", id);
    struct bl_run_record r;
    int replaced = 0;

    for (char **l = lines; *l != NULL; l++) {
        if (strstr(*l, prefix) != NULL) {
            g_free(*l);
            *l = g_strdup(row);
            replaced++;
        }
    }
    assert_int_equal(replaced, 1);
    g_free(text);
    text = g_strjoinv("\r\n", lines);
    g_free(fixture_write(f->out, "manifest.csv", text, -1));
    read_record(f, &r);
    g_free(r.manifest_sha256);
    r.manifest_sha256 = fixture_sha256(f->manifest);
    write_record(f, &r);
    bl_run_record_release(&r);
    g_free(prefix);
    g_strfreev(lines);
    g_free(text);
}

/* Into an empty folder: the letter, a PDF of its own read back, and a manifest of its row
 * beside the run's record, which says the manifest holds only some rows. The other rows of the
 * list are not this run's: their problems are not told. */
static void
test_only_into_an_empty_folder(void **state)
{
    struct fix *f = *state;
    struct bl_run_record r;
    char *tree, *pdf, *path, *sha, *errors;

    assert_int_equal(only(f, "R-3"), BL_EXIT_OK);
    tree = fixture_tree(f->out);
    {
        int files = 0;

        for (const char *p = tree; *p != '\0'; p++) {
            files += *p == '\n';
        }
        assert_int_equal(files, 4); /* the letter, manifest, errors file and record */
    }
    fixture_assert_has(tree, "R-3.pdf ");
    fixture_assert_lacks(tree, "R-1.pdf");
    assert_int_equal(fixture_manifest_rows(f->manifest), 1);
    assert_field(f, "R-3", "line", "4");
    assert_field(f, "R-3", "status", "ok");
    assert_field(f, "R-3", "file", "R-3.pdf");
    path = g_build_filename(f->out, "R-3.pdf", NULL);
    sha = fixture_sha256(path);
    assert_field(f, "R-3", "sha256", sha);
    pdf = fixture_pdf_text(path);
    fixture_assert_has(pdf, "Claire Dupont");
    fixture_assert_has(pdf, "Miami, FL 33131");
    errors = fixture_read(f->errors, NULL);
    assert_string_equal(errors, "where,id,status,error\r\n");
    read_record(f, &r);
    assert_true(r.partial);
    assert_int_equal(r.list_rows, 3);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_WARNING), "");
    bl_run_record_release(&r);
    g_free(errors);
    g_free(pdf);
    g_free(sha);
    g_free(path);
    g_free(tree);
}

/* A row rejected in the list gets its error row and is told with its line; the status says a
 * row got no letter. */
static void
test_only_a_rejected_row(void **state)
{
    struct fix *f = *state;
    char *want = g_strdup_printf(
        "%s:3: error: row has 2 fields but the header has 10 (recipient 'R-2')\n", f->list);

    assert_int_equal(only(f, "R-2"), BL_EXIT_ROWS_REJECTED);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_int_equal(fixture_manifest_rows(f->manifest), 1);
    assert_field(f, "R-2", "status", "error");
    assert_field(f, "R-2", "error", "row has 2 fields but the header has 10");
    g_free(want);
}

/* An id not in the list is told (withheld when it looks like a number) and nothing is
 * written. */
static void
test_only_an_id_not_in_the_list(void **state)
{
    struct fix *f = *state;
    char *want = g_strdup_printf("%s: error: recipient 'NOBODY' is not in the list\n"
                                 "%s: error: recipient '[number withheld]' is not in the list\n",
                                 f->list, f->list);

    assert_int_equal(only(f, "NOBODY"), BL_EXIT_ROWS_REJECTED);
    assert_int_equal(only(f, "219-09-9999"), BL_EXIT_ROWS_REJECTED);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_false(g_file_test(f->manifest, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(f->record, G_FILE_TEST_EXISTS));
    g_free(want);
}

/* Beside the letters of earlier --only runs: the rows gather in list order, and asking for a
 * letter again replaces its row instead of adding one. */
static void
test_only_beside_earlier_letters(void **state)
{
    struct fix *f = *state;
    char *manifest;
    struct bl_run_record r;

    assert_int_equal(only(f, "R-3"), BL_EXIT_OK);
    assert_int_equal(only(f, "R-1"), BL_EXIT_OK);
    manifest = fixture_read(f->manifest, NULL);
    assert_int_equal(fixture_manifest_rows(f->manifest), 2);
    assert_true(g_str_has_prefix(strstr(manifest, "\r\n") + 2, "2,R-1,ok,R-1.pdf,"));
    fixture_assert_has(manifest, "\r\n4,R-3,ok,R-3.pdf,");
    g_free(manifest);
    manifest = fixture_read(f->manifest, NULL);
    assert_int_equal(only(f, "R-3"), BL_EXIT_OK);
    {
        char *again = fixture_read(f->manifest, NULL);

        assert_string_equal(again, manifest);
        g_free(again);
    }
    read_record(f, &r);
    assert_true(r.partial);
    bl_run_record_release(&r);
    g_free(manifest);
}

/* Into a finished run of the same inputs: only the letter's row is replaced, the others keep
 * their bytes, the letter is made again where the run put it, and the record still says the
 * run is whole, with the manifest's new hash. */
static void
test_only_into_a_finished_run_replaces_its_row(void **state)
{
    struct fix *f = *state;
    char *before, *after, *errors_before, *errors_after, *r3, *r1, *row, *sha;
    struct stat st1, st2;
    struct bl_run_record r;

    finished_run(f, 0);
    before = fixture_read(f->manifest, NULL);
    errors_before = fixture_read(f->errors, NULL);
    r1 = g_build_filename(f->out, "R-1.pdf", NULL);
    r3 = g_build_filename(f->out, "R-3.pdf", NULL);
    assert_int_equal(g_stat(r1, &st1), 0);
    /* the run's row of R-3 says something else, and its letter is gone */
    sha = field(f, "R-3", "sha256");
    row = g_strdup_printf("4,R-3,ok,R-3.pdf,,,9,%s,FL,adult,en,", ZEROS);
    rewrite_row(f, "R-3", row);
    g_unlink(r3);

    assert_int_equal(only(f, "R-3"), BL_EXIT_OK);
    after = fixture_read(f->manifest, NULL);
    assert_string_equal(after, before); /* R-3's row as the run made it, the others untouched */
    errors_after = fixture_read(f->errors, NULL);
    assert_string_equal(errors_after, errors_before);
    assert_true(g_file_test(r3, G_FILE_TEST_IS_REGULAR));
    g_free(row);
    row = fixture_sha256(r3);
    assert_string_equal(row, sha);
    assert_int_equal(g_stat(r1, &st2), 0); /* the other letters are not made again */
    assert_int_equal(st1.st_ino, st2.st_ino);
    assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
    read_record(f, &r);
    assert_false(r.partial);
    g_free(sha);
    sha = fixture_sha256(f->manifest);
    assert_string_equal(r.manifest_sha256, sha);
    bl_run_record_release(&r);
    g_free(sha);
    g_free(row);
    g_free(r1);
    g_free(r3);
    g_free(after);
    g_free(before);
    g_free(errors_after);
    g_free(errors_before);
}

/* A run whose letters are in folders: the letter goes where the run put it, not beside the
 * manifest. */
static void
test_only_into_a_run_with_letter_folders(void **state)
{
    struct fix *f = *state;
    char *file, *path, *flat, *before, *after;

    finished_run(f, 2);
    file = field(f, "R-3", "file");
    assert_non_null(strchr(file, '/'));
    path = g_build_filename(f->out, file, NULL);
    flat = g_build_filename(f->out, "R-3.pdf", NULL);
    before = fixture_tree(f->out);
    g_unlink(path);
    assert_int_equal(only(f, "R-3"), BL_EXIT_OK);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    assert_false(g_file_test(flat, G_FILE_TEST_EXISTS));
    after = fixture_tree(f->out);
    assert_string_equal(after, before); /* the same letter, manifest, errors and record */
    g_free(after);
    g_free(before);
    g_free(flat);
    g_free(path);
    g_free(file);
}

/* The file a replaced row named goes when the new row names another, but only a letter of the
 * folder: a name leading out of it is never removed. */
static void
test_only_removes_only_the_replaced_letter(void **state)
{
    struct fix *f = *state;
    char *outside = fixture_write(f->dir, "outside.pdf", "not the run's", -1);
    char *old, *row;

    finished_run(f, 0);
    old = fixture_write(f->out, "old-name.pdf", "an older letter", -1);
    row = g_strdup_printf("2,R-1,ok,old-name.pdf,,,6,%s,MA,adult,en,", ZEROS);
    rewrite_row(f, "R-1", row);
    assert_int_equal(only(f, "R-1"), BL_EXIT_OK);
    assert_false(g_file_test(old, G_FILE_TEST_EXISTS));
    assert_field(f, "R-1", "file", "R-1.pdf");
    g_free(row);

    row = g_strdup_printf("2,R-1,ok,../outside.pdf,,,6,%s,MA,adult,en,", ZEROS);
    rewrite_row(f, "R-1", row);
    assert_int_equal(only(f, "R-1"), BL_EXIT_OK);
    assert_true(g_file_test(outside, G_FILE_TEST_IS_REGULAR));
    assert_field(f, "R-1", "file", "R-1.pdf");
    g_free(row);
    g_free(outside);
    g_free(old);
}

/* A refused --only: the status for bad input, the folder named with the reason, and nothing in
 * the folder changed. */
static void
assert_refused(struct fix *f, const char *id, const char *why)
{
    char *before = fixture_tree(f->out), *after;
    char *want = g_strdup_printf("%s: error: --only cannot add this letter here: %s", f->out, why);

    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);
    assert_int_equal(only(f, id), BL_EXIT_BAD_INPUT);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    after = fixture_tree(f->out);
    assert_string_equal(after, before);
    g_free(want);
    g_free(after);
    g_free(before);
}

/* An unfinished run's state, or a shard's manifest: the folder is that run's. */
static void
test_refused_beside_an_unfinished_run(void **state)
{
    struct fix *f = *state;
    char *state_dir = g_build_filename(f->out, ".run-state", NULL);
    char *shard;

    g_mkdir_with_parents(state_dir, 0700);
    assert_refused(f, "R-3", "the directory holds '.run-state', an unfinished run");
    g_rmdir(state_dir);
    finished_run(f, 0);
    g_mkdir(state_dir, 0700);
    assert_refused(f, "R-3", "the directory holds '.run-state', an unfinished run");
    g_rmdir(state_dir);
    shard = fixture_write(f->out, "manifest-0-of-2.csv", "", -1);
    assert_refused(f, "R-3",
                   "the directory holds 'manifest-0-of-2.csv', an unfinished run or a "
                   "shard's output");
    g_free(shard);
    g_free(state_dir);
}

/* A run of another list, or with other options that change letters, is not updated. */
static void
test_refused_into_a_run_of_other_inputs(void **state)
{
    struct fix *f = *state;
    const char *why = "the run in this directory was made from another incident, list, "
                      "templates, fonts or options";
    char *text, *other;

    finished_run(f, 0);
    text = fixture_read(f->list, NULL);
    other = fixture_write(f->dir, "other.csv", text, (gssize)strlen(text) - 1);
    f->opts.recipients = other;
    assert_refused(f, "R-3", why);
    f->opts.recipients = f->list;
    f->opts.allow_draft = TRUE;
    assert_refused(f, "R-3", why);
    f->opts.allow_draft = FALSE;
    assert_int_equal(only(f, "R-3"), BL_EXIT_OK); /* the same inputs: admitted */
    g_free(other);
    g_free(text);
}

/* A manifest or errors file changed since the run recorded them is not updated. */
static void
test_refused_when_the_manifest_changed(void **state)
{
    struct fix *f = *state;
    const char *why = "manifest.csv or errors.csv is not as the run left it";
    char *text;

    finished_run(f, 0);
    text = fixture_read(f->manifest, NULL);
    g_free(fixture_write(f->out, "manifest.csv", text, (gssize)strlen(text) - 2));
    assert_refused(f, "R-3", why);
    g_free(fixture_write(f->out, "manifest.csv", text, -1));
    g_free(text);
    text = fixture_read(f->errors, NULL);
    g_free(fixture_write(f->out, "errors.csv", "where,id,status,error\r\n", -1));
    assert_refused(f, "R-3", why);
    g_free(fixture_write(f->out, "errors.csv", text, -1));
    assert_int_equal(only(f, "R-3"), BL_EXIT_OK); /* as recorded again: admitted */
    g_free(text);
}

/* A manifest without its record (missing, or not a record) cannot be told to be of this run. */
static void
test_refused_without_a_record(void **state)
{
    struct fix *f = *state;
    const char *why = "its manifest.csv has no readable run record beside it";

    finished_run(f, 0);
    g_unlink(f->record);
    assert_refused(f, "R-3", why);
    g_free(fixture_write(f->out, "manifest.run.json", "{\"format\": 1", -1));
    assert_refused(f, "R-3", why);
}

/* Letters in print books cannot be replaced one by one. */
static void
test_refused_into_a_run_of_books(void **state)
{
    struct fix *f = *state;
    struct bl_run_record r;

    finished_run(f, 0);
    read_record(f, &r);
    r.book = 8;
    bl_run_record_seal(&r);
    write_record(f, &r);
    bl_run_record_release(&r);
    assert_refused(f, "R-3", "the run's letters are in print books");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_only_into_an_empty_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_a_rejected_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_an_id_not_in_the_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_beside_earlier_letters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_into_a_finished_run_replaces_its_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_only_into_a_run_with_letter_folders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_removes_only_the_replaced_letter, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refused_beside_an_unfinished_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_into_a_run_of_other_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_when_the_manifest_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_without_a_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_into_a_run_of_books, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
