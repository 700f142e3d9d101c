/* SPDX-License-Identifier: MIT */
/* Unit tests of batch.c: chunks dealt to workers and shards, worker processes whose journals are
 * joined in row order, a failed run kept for --resume and finished by it, workers ended by the
 * signal handler, the lock on the output directory and the run's key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "bl_test.h"

struct fix {
    char *dir, *manifest, *errors;
    struct bl_outdir *out;
    struct bl_diag *diag;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = g_dir_make_tmp("bl-batch-XXXXXX", NULL);
    f->manifest = g_build_filename(f->dir, "manifest.csv", NULL);
    f->errors = g_build_filename(f->dir, "errors.csv", NULL);
    f->diag = bl_diag_new(NULL);
    *state = f;
    return f->dir == NULL || bl_outdir_open(&f->out, f->dir, TRUE, FALSE, f->diag) < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_outdir_free(f->out);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->manifest);
    g_free(f->errors);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

static struct bl_batch_plan
plan_of(const struct fix *f, gint64 rows, int chunk_rows, int jobs, const char *key)
{
    return (struct bl_batch_plan){.rows = rows,
                                  .chunk_rows = chunk_rows,
                                  .shard = 0,
                                  .shards = 1,
                                  .jobs = jobs,
                                  .key = key,
                                  .list = "list.csv",
                                  .manifest = "manifest.csv",
                                  .errors = "errors.csv",
                                  .errors_shown = f->errors};
}

/* Every chunk of the shard is made by exactly one worker, the workers get the same number of
 * chunks give or take one, and no worker is started without a chunk. */
static void
test_chunks_dealt_to_workers(void **state)
{
    struct fix *f = *state;
    struct bl_batch_plan plan = plan_of(f, 10, 3, 2, "k");
    struct bl_batch *b = NULL;
    int per_worker[2] = {0, 0};

    assert_int_equal(bl_batch_new(&b, &plan, f->out, f->diag), 0);
    assert_int_equal(bl_batch_chunk_of(b, 0), 0);
    assert_int_equal(bl_batch_chunk_of(b, 2), 0);
    assert_int_equal(bl_batch_chunk_of(b, 3), 1);
    assert_int_equal(bl_batch_chunk_of(b, 9), 3); /* the last chunk holds one row */
    for (gint64 c = 0; c < 4; c++) {
        int owners = 0;

        for (int w = 0; w < 2; w++) {
            if (bl_batch_owns(b, w, c)) {
                owners++;
                per_worker[w]++;
            }
        }
        assert_int_equal(owners, 1);
    }
    assert_int_equal(per_worker[0], 2);
    assert_int_equal(per_worker[1], 2);
    assert_false(bl_batch_owns(b, 0, 4)); /* past the end */
    assert_false(bl_batch_owns(b, 1, 4));
    bl_batch_free(b);

    /* shard 1 of 2 takes the odd chunks only; eight jobs asked for, two chunks to make: the
     * chunks go to workers 0 and 1 and no further worker gets any */
    plan = plan_of(f, 10, 3, 8, "k");
    plan.shard = 1;
    plan.shards = 2;
    assert_int_equal(bl_batch_new(&b, &plan, f->out, f->diag), 0);
    for (gint64 c = 0; c < 4; c++) {
        int owners = 0;

        for (int w = 0; w < 8; w++) {
            owners += bl_batch_owns(b, w, c);
            if (w >= 2) {
                assert_false(bl_batch_owns(b, w, c));
            }
        }
        assert_int_equal(owners, c % 2 == 1 ? 1 : 0);
    }
    bl_batch_free(b);
}

/* In a worker: journals one row per record of each of its chunks and commits them; with
 * fail_after >= 0, ends with a failure after committing that many chunks (as a worker killed
 * mid-run). Never returns. */
static void G_GNUC_NORETURN
worker(struct bl_batch *b, int w, gint64 rows, int chunk_rows, int fail_after)
{
    int made = 0;

    for (gint64 c = 0; c * chunk_rows < rows; c++) {
        struct bl_manifest *journal = NULL;
        struct bl_manifest_counts counts = {0};
        GString *messages = g_string_new(NULL);

        if (!bl_batch_owns(b, w, c)) {
            g_string_free(messages, TRUE);
            continue;
        }
        if (fail_after >= 0 && made == fail_after) {
            _exit(3);
        }
        if (bl_batch_open_chunk(b, c, &journal) < 0) {
            _exit(2);
        }
        for (gint64 r = c * chunk_rows; r < MIN(rows, (c + 1) * chunk_rows); r++) {
            char id[32], file[32];
            gboolean bad = r % 4 == 3; /* every fourth row fails */
            struct bl_manifest_row row = {(int)r + 2,
                                          id,
                                          bad ? BL_OUTCOME_ERROR : BL_OUTCOME_LETTER,
                                          bad ? NULL : file,
                                          0,
                                          0,
                                          bad ? 0 : 2,
                                          NULL,
                                          "FL",
                                          "adult",
                                          "en",
                                          bad ? "bad ZIP" : NULL,
                                          FALSE,
                                          NULL};

            g_snprintf(id, sizeof(id), "R-%03d", (int)r);
            g_snprintf(file, sizeof(file), "R-%03d.pdf", (int)r);
            if (bl_manifest_add(journal, &row) < 0) {
                _exit(2);
            }
            counts.rows++;
            counts.letters += !bad;
            counts.errors += bad;
            if (bad) {
                g_string_append_printf(messages, "list.csv:%d: bad ZIP\n", (int)r + 2);
            }
            bl_batch_tick(b, bad ? BL_OUTCOME_ERROR : BL_OUTCOME_LETTER);
        }
        if (bl_batch_commit_chunk(b, c, journal, &counts, messages->str) < 0) {
            _exit(2);
        }
        g_string_free(messages, TRUE);
        made++;
    }
    _exit(0);
}

/* Runs a batch with worker() in each worker; returns what bl_batch_finish returns. */
static int
run(struct fix *f, const struct bl_batch_plan *plan, int fail_after,
    struct bl_manifest_counts *counts)
{
    struct bl_batch *b = NULL;
    int w, rc;

    rc = bl_batch_new(&b, plan, f->out, f->diag);
    if (rc < 0) {
        return rc;
    }
    w = bl_batch_start(b);
    if (w >= 0) {
        worker(b, w, plan->rows, plan->chunk_rows, w == 0 ? fail_after : -1);
    }
    assert_int_equal(w, -1);
    rc = bl_batch_finish(b, 100, counts);
    bl_batch_free(b);
    return rc;
}

/* The manifest's rows' first column (the line), in order, as "2,3,4...". */
static char *
manifest_lines(const char *path)
{
    char *text = NULL;
    GString *lines = g_string_new(NULL);
    char **rows;

    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    rows = g_strsplit(text, "\r\n", -1); /* CSV rows end in CRLF (RFC 4180) */
    assert_string_equal(rows[0], "line,id,status,file,book,first_page,pages,sha256,jurisdiction,"
                                 "variant,language,large_print,error,approval");
    for (int i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++) {
        char *comma = strchr(rows[i], ',');

        g_string_append_printf(lines, "%s%.*s", lines->len > 0 ? "," : "", (int)(comma - rows[i]),
                               rows[i]);
    }
    g_strfreev(rows);
    g_free(text);
    return g_string_free(lines, FALSE);
}

static gboolean
state_left(const struct fix *f)
{
    char *state = g_build_filename(f->dir, ".run-state", NULL);
    gboolean left = g_file_test(state, G_FILE_TEST_EXISTS);

    g_free(state);
    return left;
}

/* Two worker processes journal their chunks; the parent joins them into one manifest in the
 * list's order, sums their counts and removes the state. */
static void
test_workers_joined_in_row_order(void **state)
{
    struct fix *f = *state;
    struct bl_batch_plan plan = plan_of(f, 11, 2, 2, "key-1");
    struct bl_manifest_counts counts;
    char *lines, *errors = NULL;

    assert_int_equal(run(f, &plan, -1, &counts), 0);
    lines = manifest_lines(f->manifest);
    assert_string_equal(lines, "2,3,4,5,6,7,8,9,10,11,12");
    assert_int_equal(counts.rows, 11);
    assert_int_equal(counts.letters, 9);
    assert_int_equal(counts.errors, 2);
    assert_true(g_file_get_contents(f->errors, &errors, NULL, NULL));
    assert_non_null(strstr(errors, "list.csv:5,R-003,error,bad ZIP"));
    assert_non_null(strstr(errors, "list.csv:9,R-007,error,bad ZIP"));
    assert_false(state_left(f));
    g_free(errors);
    g_free(lines);
}

/* A worker that fails leaves the run incomplete with its state kept; --resume makes only the
 * chunks not committed, and the manifest is the same as an uninterrupted run's. */
static void
test_failed_run_resumed(void **state)
{
    struct fix *f = *state;
    struct bl_batch_plan plan = plan_of(f, 12, 2, 2, "key-1");
    struct bl_manifest_counts counts;
    char *whole = NULL, *resumed = NULL;
    struct bl_batch *b = NULL;
    int kept = 0, per_worker[2] = {0, 0};

    assert_int_equal(run(f, &plan, -1, &counts), 0);
    assert_true(g_file_get_contents(f->manifest, &whole, NULL, NULL));

    /* one worker commits two chunks and fails */
    plan.jobs = 1;
    assert_int_equal(run(f, &plan, 2, &counts), -1);
    assert_non_null(strstr(bl_diag_text(f->diag), "a worker failed (exit status 3)"));
    assert_non_null(strstr(bl_diag_text(f->diag), "--resume"));
    assert_true(state_left(f));
    assert_false(g_file_test(f->manifest, G_FILE_TEST_EXISTS));

    /* a resume with another key is refused */
    plan.resume = TRUE;
    plan.key = "key-2";
    plan.jobs = 2;
    assert_int_equal(bl_batch_new(&b, &plan, f->out, f->diag), -2);
    assert_non_null(strstr(bl_diag_text(f->diag), "made from other input or options"));

    /* the same key: the two committed chunks are kept, the four others shared by both workers */
    plan.key = "key-1";
    assert_int_equal(bl_batch_new(&b, &plan, f->out, f->diag), 0);
    for (gint64 c = 0; c < 6; c++) {
        kept += !bl_batch_owns(b, 0, c) && !bl_batch_owns(b, 1, c);
        per_worker[0] += bl_batch_owns(b, 0, c);
        per_worker[1] += bl_batch_owns(b, 1, c);
    }
    assert_false(bl_batch_owns(b, 0, 0) || bl_batch_owns(b, 1, 0));
    assert_false(bl_batch_owns(b, 0, 1) || bl_batch_owns(b, 1, 1));
    assert_int_equal(kept, 2);
    assert_int_equal(per_worker[0], 2);
    assert_int_equal(per_worker[1], 2);
    bl_batch_free(b);
    assert_int_equal(run(f, &plan, -1, &counts), 0);
    assert_int_equal(counts.rows, 12);
    assert_int_equal(counts.errors, 3);
    assert_true(g_file_get_contents(f->manifest, &resumed, NULL, NULL));
    assert_string_equal(resumed, whole);
    assert_false(state_left(f));
    g_free(whole);
    g_free(resumed);
}

/* The signal handler's part: every worker still running gets the signal and has ended when
 * the call returns, so none is left to write. */
static void
test_signal_ends_and_waits_for_workers(void **state)
{
    struct fix *f = *state;
    struct bl_batch_plan plan = plan_of(f, 8, 2, 3, "key-1");
    struct bl_batch *b = NULL;
    int w, status;

    assert_int_equal(bl_batch_new(&b, &plan, f->out, f->diag), 0);
    w = bl_batch_start(b);
    if (w >= 0) {
        signal(SIGTERM, SIG_DFL);
        for (;;) {
            pause(); /* until the signal ends it */
        }
    }
    bl_batch_signal_workers(SIGTERM);
    errno = 0;
    assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
    bl_batch_free(b);
}

/* While one run holds the output directory, another is refused. */
static void
test_second_run_locked_out(void **state)
{
    struct fix *f = *state;
    struct bl_batch_plan plan = plan_of(f, 4, 2, 1, "key-1");
    struct bl_batch *first = NULL, *second = NULL;

    assert_int_equal(bl_batch_new(&first, &plan, f->out, f->diag), 0);
    assert_int_equal(bl_batch_new(&second, &plan, f->out, f->diag), -2);
    assert_null(second);
    assert_non_null(strstr(bl_diag_text(f->diag), "another breachletter run is writing"));
    bl_batch_free(first);
    assert_int_equal(bl_batch_new(&second, &plan, f->out, f->diag), 0);
    bl_batch_free(second);
}

/* The key follows the options and every byte of the inputs, and only them. */
static void
test_key(void **state)
{
    struct fix *f = *state;
    char *a = g_build_filename(f->dir, "a.txt", NULL);
    char *sub = g_build_filename(f->dir, "sub", NULL);
    char *b = g_build_filename(sub, "b.txt", NULL);
    const char *inputs[] = {a, sub, NULL};
    char *k1, *k2, *k3, *k4, *k5;

    g_mkdir(sub, 0700);
    assert_true(g_file_set_contents(a, "incident", -1, NULL));
    assert_true(g_file_set_contents(b, "template", -1, NULL));
    k1 = bl_batch_key("--book=500", inputs);
    k2 = bl_batch_key("--book=500", inputs);
    k3 = bl_batch_key("--book=400", inputs);
    assert_true(g_file_set_contents(b, "templatE", -1, NULL)); /* a file under a directory */
    k4 = bl_batch_key("--book=500", inputs);
    assert_true(g_file_set_contents(a, "incidenT", -1, NULL));
    k5 = bl_batch_key("--book=500", inputs);
    assert_int_equal(strlen(k1), 64);
    assert_string_equal(k1, k2);
    assert_string_not_equal(k1, k3);
    assert_string_not_equal(k1, k4);
    assert_string_not_equal(k4, k5);
    g_free(k1);
    g_free(k2);
    g_free(k3);
    g_free(k4);
    g_free(k5);
    g_free(a);
    g_free(b);
    g_free(sub);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_chunks_dealt_to_workers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workers_joined_in_row_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_run_resumed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signal_ends_and_waits_for_workers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_run_locked_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
