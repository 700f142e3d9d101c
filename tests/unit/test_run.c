/* SPDX-License-Identifier: MIT */
/* Unit tests of run.c: letter file names, the data directory, and the commands telling their
 * caller everything through its diag, printing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bl_test.h"
#include "preview.h"
#include "render_letters_impl.h"
#include "run.h"
#include "run_impl.h"

#define EXAMPLE BL_DATADIR "/examples/medusind-2023"

static void
expect_name(const char *id, const char *name)
{
    char *got = bl_run_letter_name(id, 0);

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
        char *name = bl_run_letter_name(ids[i], 0);

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
        char *a = bl_run_letter_name("../../etc/x", 0);
        char *b = bl_run_letter_name("../../etc/x", 0);

        assert_string_equal(a, b);
        assert_true(g_str_has_prefix(a, "______etc_x-"));
        g_free(a);
        g_free(b);
    }
}

/* Names any file system a mail house uses takes: no Windows device name (the part before the
 * first dot decides), never a leading '-' (an option to every tool, and a formula to a
 * spreadsheet, which would make the manifest's file column need quoting). */
static void
test_names_every_file_system_takes(void **state)
{
    const char *devices[] = {"COM1", "com9", "LPT1", "lpt5", "NUL", "aux", "CON.x", "PRN"};
    char *name;

    for (gsize i = 0; i < G_N_ELEMENTS(devices); i++) {
        name = bl_run_letter_name(devices[i], 0);
        assert_int_not_equal(g_ascii_strncasecmp(name, devices[i], strlen(devices[i]) + 1), 0);
        assert_non_null(strchr(name, '-')); /* the id's hash is added */
        g_free(name);
    }
    expect_name("COM10", "COM10.pdf"); /* not a device */
    expect_name("CONSENT-1", "CONSENT-1.pdf");
    name = bl_run_letter_name("-2_3", 0);
    assert_true(name[0] == '_');
    assert_true(g_str_has_prefix(name, "_2_3-"));
    g_free(name);
    expect_name("A-2", "A-2.pdf"); /* a '-' inside stays */
}

/* An id that reads like a name the run gives its own files, a withheld id's letter or a print
 * book, in any case, gets its hash added: two recipients never share a file, and a letter never
 * takes a print book's name in the same folder. */
static void
test_ids_never_take_the_runs_own_names(void **state)
{
    const char *ids[] = {"withheld-record-1", "WITHHELD-RECORD-1", "book-000001", "Book-7"};
    char *withheld = bl_run_letter_name("123-45-6789", 0);

    assert_string_equal(withheld, "withheld-record-1.pdf");
    for (gsize i = 0; i < G_N_ELEMENTS(ids); i++) {
        char *name = bl_run_letter_name(ids[i], 0);
        char *plain = g_strconcat(ids[i], ".pdf", NULL);

        assert_string_not_equal(name, plain);
        assert_true(g_ascii_strcasecmp(name, withheld) != 0);
        assert_true(g_str_has_prefix(name, ids[i])); /* still found by its id */
        g_free(plain);
        g_free(name);
    }
    g_free(withheld);
}

/* An id shaped like a Social Security number names no file, nor does any hash of it: the
 * record's place in the list does, in its letter directory too. */
static void
test_withheld_ids_name_no_file(void **state)
{
    char *name = bl_run_letter_name("123-45-6789", 6);
    char *path = bl_run_letter_path("123-45-6789", 6, 1);
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "withheld-record-7.pdf", -1);
    char *want = g_strdup_printf("%.2s/withheld-record-7.pdf", sum);

    assert_string_equal(name, "withheld-record-7.pdf");
    assert_string_equal(path, want); /* spread by the name, not by the id */
    g_free(want);
    g_free(sum);
    g_free(path);
    g_free(name);
}

static void
test_long_ids_are_shortened(void **state)
{
    char *id = g_strnfill(300, 'a');
    char *name = bl_run_letter_name(id, 0);

    assert_true(strlen(name) < 120);
    g_free(name);
    g_free(id);
}

static void
test_letters_spread_over_directories_by_id(void **state)
{
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "MDS-1", -1);
    char *want = g_strdup_printf("%.2s/%.2s/MDS-1.pdf", sum, sum + 2);
    char *flat = bl_run_letter_path("MDS-1", 0, 0);
    char *deep = bl_run_letter_path("MDS-1", 0, 2);
    char *unsafe = bl_run_letter_path("../x", 0, 1);

    assert_string_equal(flat, "MDS-1.pdf");
    assert_string_equal(deep, want);
    assert_null(strstr(unsafe, "..")); /* the name is made safe first */
    assert_int_equal(strchr(unsafe, '/') - unsafe, 2);
    /* up to the limit, one directory; then levels of 256 keep about half the limit in each */
    assert_int_equal(bl_run_dir_levels(0, 1000), 0);
    assert_int_equal(bl_run_dir_levels(1000, 1000), 0);
    assert_int_equal(bl_run_dir_levels(1001, 1000), 1);
    assert_int_equal(bl_run_dir_levels(128000, 1000), 1);
    assert_int_equal(bl_run_dir_levels(129000, 1000), 2);
    assert_int_equal(bl_run_dir_levels(100000000, 1000), 3);
    assert_int_equal(bl_run_dir_levels(32, 10), 1);
    g_free(unsafe);
    g_free(deep);
    g_free(flat);
    g_free(want);
    g_free(sum);
}

/* The later of two ids that differ only in case gets the hash suffix an unsafe name gets, so
 * the two letters stay two files where case is ignored; the first, and an id with no twin, keep
 * their plain names, in letter directories too. */
static void
test_an_id_in_another_case_gets_a_name_of_its_own(void **state)
{
    struct bl_record first = {.line = 2, .row_id = "ABC-1"};
    struct bl_record twin = {.line = 4, .row_id = "abc-1", .case_twin_of = 2};
    struct bl_record withheld = {.line = 5, .row_id = "123-45-6789", .case_twin_of = 3};
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "abc-1", -1);
    char *want = g_strdup_printf("abc-1-%.8s.pdf", sum);
    char *want_deep = g_strdup_printf("%.2s/abc-1-%.8s.pdf", sum, sum);
    char *a = bl_run_record_path(&first, 0, 0);
    char *b = bl_run_record_path(&twin, 2, 0);
    char *deep = bl_run_record_path(&twin, 2, 1);
    char *w = bl_run_record_path(&withheld, 3, 0);
    char *plain = bl_run_letter_path("abc-1", 2, 0);

    assert_string_equal(a, "ABC-1.pdf");
    assert_string_equal(b, want);
    assert_string_equal(deep, want_deep);
    assert_string_equal(w, "withheld-record-4.pdf"); /* unique already: by its place */
    assert_string_equal(plain, "abc-1.pdf");          /* the id alone does not know its twin */
    assert_true(g_ascii_strcasecmp(a, b) != 0);
    g_free(plain);
    g_free(w);
    g_free(deep);
    g_free(b);
    g_free(a);
    g_free(want_deep);
    g_free(want);
    g_free(sum);
}

/* The library reads no environment: the directory given, else the one built in. */
static void
test_data_dir_precedence(void **state)
{
    g_setenv("BREACHLETTER_DATA_DIR", "/env/dir", TRUE);
    assert_string_equal(bl_session_data_dir("/given"), "/given");
    assert_string_equal(bl_session_data_dir(NULL), BL_INSTALLED_DATADIR);
    g_unsetenv("BREACHLETTER_DATA_DIR");
}

/* "Today" is the clock's unless the caller sets a date; the environment is not read. */
static void
test_today_is_set_by_the_caller(void **state)
{
    GDate d, clock;

    g_setenv("BREACHLETTER_TODAY", "2020-02-02", TRUE);
    bl_session_today(&d);
    g_date_clear(&clock, 1);
    g_date_set_time_t(&clock, time(NULL));
    assert_int_equal(g_date_compare(&d, &clock), 0);
    g_unsetenv("BREACHLETTER_TODAY");
    assert_int_equal(bl_session_set_today("2024-12-21"), 0);
    bl_session_today(&d);
    assert_int_equal(g_date_get_year(&d), 2024);
    assert_int_equal(g_date_get_day(&d), 21);
    assert_int_equal(bl_session_set_today("2024-13-01"), -1);
    assert_int_equal(bl_session_set_today(NULL), 0);
    bl_session_today(&d);
    assert_int_equal(g_date_compare(&d, &clock), 0);
}

/* What a command told its caller, by kind. */
struct told {
    GString *kind[BL_DIAG_REPORT + 1];
    struct bl_diag *diag;
};

static void
hear(void *user, enum bl_diag_kind kind, const char *text)
{
    struct told *t = user;

    g_string_append(t->kind[kind], text);
}

static void
told_init(struct told *t)
{
    for (int k = 0; k <= BL_DIAG_REPORT; k++) {
        t->kind[k] = g_string_new(NULL);
    }
    t->diag = bl_diag_new_fn(hear, t);
}

static void
told_release(struct told *t)
{
    for (int k = 0; k <= BL_DIAG_REPORT; k++) {
        g_string_free(t->kind[k], TRUE);
    }
    bl_diag_free(t->diag);
}

/* The process's own standard output and error, caught in a file while a command runs. */
struct caught {
    char *path;
    int saved[2];
};

static void
catch_output(struct caught *c)
{
    int fd;

    c->path = g_build_filename(g_get_tmp_dir(), "bl-test-run-output-XXXXXX", NULL);
    fd = g_mkstemp(c->path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        c->saved[i] = dup(i + 1);
        assert_true(c->saved[i] >= 0 && dup2(fd, i + 1) == i + 1);
    }
    close(fd);
}

/* Ends the catch; returns what was written to standard output or error (free with g_free). */
static char *
release_output(struct caught *c)
{
    char *text = NULL;

    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        dup2(c->saved[i], i + 1);
        close(c->saved[i]);
    }
    assert_true(g_file_get_contents(c->path, &text, NULL, NULL));
    g_unlink(c->path);
    g_free(c->path);
    return text;
}

/* check hands its report to the caller, kind report, and its note on rows not told; nothing of
 * it reaches the process's standard output or error. */
static void
test_check_tells_its_report_and_prints_nothing(void **state)
{
    struct bl_check_options opts = {EXAMPLE "/incident.xml", EXAMPLE "/recipients.csv", BL_DATADIR,
                                    FALSE};
    struct told t;
    struct caught c;
    char *printed;
    int rc;

    told_init(&t);
    assert_int_equal(bl_session_set_today("2026-11-24"), 0);
    catch_output(&c);
    rc = bl_run_check(&opts, t.diag);
    opts.json = TRUE;
    bl_run_check(&opts, t.diag);
    printed = release_output(&c);
    bl_session_set_today(NULL);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_string_equal(printed, "");
    assert_true(g_str_has_prefix(t.kind[BL_DIAG_REPORT]->str, "Compliance check of"));
    assert_non_null(
        strstr(t.kind[BL_DIAG_REPORT]->str, "\nNo finding stops the letters.\nNot legal"));
    /* the JSON report follows the text one, whole, ending its line */
    assert_non_null(strstr(t.kind[BL_DIAG_REPORT]->str, "\n{"));
    assert_true(g_str_has_suffix(t.kind[BL_DIAG_REPORT]->str, "}\n"));
    assert_string_equal(t.kind[BL_DIAG_ERROR]->str, "");
    g_free(printed);
    told_release(&t);
}

/* A notice of a kind there is not is an error told to the caller, with the usage status. */
static void
test_notice_of_unknown_kind_is_told(void **state)
{
    struct bl_notice_options opts = {EXAMPLE "/incident.xml", "leaflet", NULL, "unused.pdf", NULL};
    struct told t;
    struct caught c;
    char *printed;
    int rc;

    told_init(&t);
    catch_output(&c);
    rc = bl_run_notice(&opts, t.diag);
    printed = release_output(&c);
    assert_int_equal(rc, BL_EXIT_USAGE);
    assert_string_equal(printed, "");
    assert_string_equal(t.kind[BL_DIAG_ERROR]->str,
                        "breachletter: error: unknown kind of notice 'leaflet' (specimen, "
                        "substitute or media)\n");
    assert_false(g_file_test("unused.pdf", G_FILE_TEST_EXISTS));
    g_free(printed);
    told_release(&t);
}

/* preview --compare hands the diff of the two drafts' wording to the caller as its report,
 * and writes the redline. */
static void
test_preview_tells_its_diff(void **state)
{
    struct bl_preview_options opts = {0};
    struct told t;
    struct caught c;
    char *dir = fixture_tmpdir("compare");
    char *redline = g_build_filename(dir, "redline.pdf", NULL);
    char *printed;
    int rc;

    opts.incident = EXAMPLE "/incident.xml";
    opts.compare = BL_DATADIR "/examples/mednax-2020/incident.xml";
    opts.data_dir = BL_DATADIR;
    opts.output = redline;
    told_init(&t);
    catch_output(&c);
    rc = bl_preview_run(&opts, t.diag);
    printed = release_output(&c);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_string_equal(printed, "");
    assert_true(g_str_has_prefix(t.kind[BL_DIAG_REPORT]->str,
                                 "--- " BL_DATADIR "/examples/mednax-2020/incident.xml\n"
                                 "+++ " EXAMPLE "/incident.xml\n"));
    assert_non_null(strstr(t.kind[BL_DIAG_REPORT]->str, " 12 → 24 months of Identity "));
    assert_non_null(strstr(t.kind[BL_DIAG_REPORT]->str, "\n+ "));
    assert_int_equal(fixture_pdf_pages(redline) > 1, TRUE);
    fixture_rmdir(dir);
    g_free(dir);
    g_free(redline);
    g_free(printed);
    told_release(&t);
}

/* render's summary is a note to the caller, and none with --quiet. */
static void
test_render_summary_is_a_note(void **state)
{
    struct bl_render_options opts = {0};
    struct bl_manifest_counts counts = {.rows = 3, .letters = 2, .errors = 1, .drafts = 1};
    struct bl_render s = {0};
    struct told t;

    told_init(&t);
    s.opts = &opts;
    s.ses.diag = t.diag;
    s.manifest_shown = "out/manifest.csv";
    s.errors_shown = "out/errors.csv";
    bl_render_summarize(&s, &counts);
    assert_string_equal(t.kind[BL_DIAG_NOTE]->str,
                        "breachletter: 3 input rows = 2 letters + 1 error; manifest "
                        "out/manifest.csv, errors out/errors.csv\n"
                        "breachletter: 1 of the letters is not compliant: it is marked DRAFT and "
                        "must not be mailed\n");
    g_string_truncate(t.kind[BL_DIAG_NOTE], 0);
    opts.quiet = TRUE;
    bl_render_summarize(&s, &counts);
    assert_string_equal(t.kind[BL_DIAG_NOTE]->str, "");
    told_release(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_ids_name_their_letter),
        cmocka_unit_test(test_unsafe_ids_get_a_safe_distinct_name),
        cmocka_unit_test(test_names_every_file_system_takes),
        cmocka_unit_test(test_withheld_ids_name_no_file),
        cmocka_unit_test(test_an_id_in_another_case_gets_a_name_of_its_own),
        cmocka_unit_test(test_long_ids_are_shortened),
        cmocka_unit_test(test_letters_spread_over_directories_by_id),
        cmocka_unit_test(test_ids_never_take_the_runs_own_names),
        cmocka_unit_test(test_data_dir_precedence),
        cmocka_unit_test(test_today_is_set_by_the_caller),
        cmocka_unit_test(test_check_tells_its_report_and_prints_nothing),
        cmocka_unit_test(test_notice_of_unknown_kind_is_told),
        cmocka_unit_test(test_preview_tells_its_diff),
        cmocka_unit_test(test_render_summary_is_a_note),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
