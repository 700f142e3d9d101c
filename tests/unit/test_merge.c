/* SPDX-License-Identifier: MIT */
/* Unit tests of merge.c: the manifest reader under hostile quoting, and the merge of shard
 * manifests checked against the list (missing, twice, another list, out of order, headers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "merge.h"
#include "session.h"

#define HEADER                                                                                     \
    "line,id,status,file,book,first_page,pages,sha256,jurisdiction,variant,language,error\r\n"

/* Records start at lines 2 (a quoted address over two lines), 4, 5 (rejected: too short) and
 * 6; the second id is one a spreadsheet would run, so the manifest holds it as "'=R2". */
static const char list_csv[] =
    "id,title,first_name,middle_name,last_name,suffix,addressee,address1,address2,city,state,"
    "postal_code,country,jurisdiction,categories,enrolment_code,language,variant,entity\n"
    "R-1,,Ada,,Lovelace,,,\"12 Analytical Way\nBuilding 2\",,Boston,MA,02139,,,ssn,,,,\n"
    "=R2,,Ben,,Franklin,,,1 Kite St,,Philadelphia,PA,19106,,,ssn,,,,\n"
    "R-3,,short\n"
    "R-4,,Claire,,Dupont,,,5 Main St,,Miami,FL,33131,,,ssn,,,,\n";

#define ROW_1 "2,R-1,ok,book-000001.pdf,1,1,2,ab12,MA,adult,en,\r\n"
#define ROW_2 "4,\"'=R2\",ok,book-000001.pdf,1,3,2,ab12,PA,adult,en,\r\n"
#define ROW_3 "5,R-3,error,,,,,,,,,\"row has 3 fields, \"\"19\"\"\r\nexpected\"\r\n"
#define ROW_4 "6,R-4,refused,,,,,,FL,adult,en,not compliant\r\n"

struct fx {
    char *dir;
    char *incident;
    char *list;
    char *output;
    struct bl_diag *diag;
};

/* Writes a file of the test directory; returns its path (freed with the fixture's g_free). */
static char *
put(const struct fx *f, const char *name, const char *text, gssize len)
{
    char *path = g_build_filename(f->dir, name, NULL);

    assert_true(g_file_set_contents(path, text, len, NULL));
    return path;
}

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);
    char *text = NULL;
    char **parts;

    f->dir = g_dir_make_tmp("bl-merge-XXXXXX", NULL);
    assert_non_null(f->dir);
    /* the test incident, with the shipped template: the merge loads the session */
    assert_true(g_file_get_contents(BL_TEST_DATA "/incident/good.xml", &text, NULL, NULL));
    parts = g_strsplit(text, "template=\"t\"", 2);
    g_free(text);
    text = g_strjoinv("template=\"us-notice\"", parts);
    g_strfreev(parts);
    f->incident = put(f, "incident.xml", text, -1);
    g_free(text);
    f->list = put(f, "list.csv", list_csv, -1);
    f->output = g_build_filename(f->dir, "merged.csv", NULL);
    f->diag = bl_diag_new(NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;

    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f->list);
    g_free(f->output);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* Runs the merge of the given manifests with stderr captured. Returns what it printed;
 * *rc gets its exit status. */
static char *
merge(const struct fx *f, int *rc, const char *const *manifests, int n)
{
    struct bl_merge_options opts = {f->incident, f->list, f->output, manifests, n, NULL};
    char *log = g_build_filename(f->dir, "stderr.txt", NULL);
    char *text = NULL;
    int saved, fd;

    fflush(stderr);
    saved = dup(2);
    fd = g_open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    *rc = bl_run_merge(&opts);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_true(g_file_get_contents(log, &text, NULL, NULL));
    g_unlink(log);
    g_free(log);
    return text;
}

static void
assert_has(const char *text, const char *part)
{
    if (strstr(text, part) == NULL) {
        fail_msg("'%s' lacks '%s'", text, part);
    }
}

/* The merge failed and left nothing behind. */
static void
assert_nothing_written(const struct fx *f)
{
    char *part = g_strdup_printf("%s.part", f->output);

    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(part, G_FILE_TEST_EXISTS));
    g_free(part);
}

/* The reader. */

static void
test_csv_quoted_fields_keep_quotes_line_ends_and_raw_bytes(void **state)
{
    struct fx *f = *state;
    /* a byte order mark; doubled quotes; an empty quoted field; CRLF inside quotes; a field of
     * one quote; LF and CR record ends; a blank line; the last record without a line end */
    static const char text[] = "\xEF\xBB\xBF"
                               "a,\"b \"\"q\"\"\",\"\"\r\n"
                               "\"x\r\ny\",\"\"\"\",\n"
                               "\r\n"
                               "cr,only\r"
                               "last,\"c,d\"";
    char *path = put(f, "q.csv", text, -1);
    const struct bl_merge_record *rec = NULL;
    struct bl_merge_csv *csv = NULL;

    assert_int_equal(bl_merge_csv_open(&csv, path, f->diag), 0);
    assert_int_equal(bl_merge_csv_next(csv, &rec), 1);
    assert_int_equal(rec->line, 1);
    assert_int_equal(rec->n_fields, 3);
    assert_string_equal(rec->fields[0], "a");
    assert_string_equal(rec->fields[1], "b \"q\"");
    assert_string_equal(rec->fields[2], "");
    assert_int_equal(rec->raw_len, strlen("a,\"b \"\"q\"\"\",\"\""));
    assert_memory_equal(rec->raw, "a,\"b \"\"q\"\"\",\"\"", rec->raw_len);

    assert_int_equal(bl_merge_csv_next(csv, &rec), 1);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->n_fields, 3);
    assert_string_equal(rec->fields[0], "x\r\ny"); /* the line end kept byte for byte */
    assert_string_equal(rec->fields[1], "\"");
    assert_string_equal(rec->fields[2], "");
    assert_int_equal(rec->raw_len, strlen("\"x\r\ny\",\"\"\"\","));
    assert_memory_equal(rec->raw, "\"x\r\ny\",\"\"\"\",", rec->raw_len);

    /* line 4 is blank; a lone CR ends line 5 */
    assert_int_equal(bl_merge_csv_next(csv, &rec), 1);
    assert_int_equal(rec->line, 5);
    assert_int_equal(rec->n_fields, 2);
    assert_string_equal(rec->fields[1], "only");

    assert_int_equal(bl_merge_csv_next(csv, &rec), 1);
    assert_int_equal(rec->line, 6);
    assert_int_equal(rec->n_fields, 2);
    assert_string_equal(rec->fields[1], "c,d");
    assert_memory_equal(rec->raw, "last,\"c,d\"", rec->raw_len);

    assert_int_equal(bl_merge_csv_next(csv, &rec), 0);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    bl_merge_csv_free(csv);
    g_free(path);
}

/* Reads t.csv holding text (len bytes) to its first error; returns the message. */
static char *
first_error(struct fx *f, const char *text, gssize len)
{
    char *path = put(f, "t.csv", text, len);
    const struct bl_merge_record *rec = NULL;
    struct bl_merge_csv *csv = NULL;
    char *message;
    int rc;

    bl_diag_clear(f->diag);
    assert_int_equal(bl_merge_csv_open(&csv, path, f->diag), 0);
    while ((rc = bl_merge_csv_next(csv, &rec)) > 0) {
    }
    assert_int_equal(rc, -1);
    assert_false(bl_merge_csv_io_failed(csv));
    message = g_strdup(bl_diag_text(f->diag));
    bl_merge_csv_free(csv);
    g_free(path);
    return message;
}

static void
test_csv_malformed_quoting_is_an_error_at_its_line(void **state)
{
    struct fx *f = *state;
    GString *big = g_string_new("a,\"");
    char *m;

    m = first_error(f, "a,b\r\nc,d\"e\r\n", -1);
    assert_has(m, "t.csv:2: error: a quote inside unquoted field 2");
    g_free(m);
    m = first_error(f, "a\r\n\"x\r\ny\"z,b\r\n", -1);
    assert_has(m, "t.csv:3: error: text after the closing quote of field 1");
    g_free(m);
    /* an unclosed quote is told where its row starts, however far the file goes on */
    m = first_error(f, "a\r\nb,\"open\r\nmore\r\nand more\r\n", -1);
    assert_has(m, "t.csv:2: error: the file ends inside a quoted field of this row");
    g_free(m);
    m = first_error(f, "a\r\nb\0c\r\n", 8);
    assert_has(m, "t.csv:2: error: the file holds a NUL byte");
    g_free(m);
    /* a row that never ends is not held whole */
    while (big->len <= 1024 * 1024) {
        g_string_append(big, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    }
    m = first_error(f, big->str, (gssize)big->len);
    assert_has(m, "t.csv:1: error: the row is longer than 1048576 bytes");
    g_free(m);
    g_string_free(big, TRUE);
}

static void
test_csv_missing_file_is_reported(void **state)
{
    struct fx *f = *state;
    struct bl_merge_csv *csv = NULL;

    assert_int_equal(bl_merge_csv_open(&csv, "/nonexistent/m.csv", f->diag), -1);
    assert_null(csv);
    assert_has(bl_diag_text(f->diag), "/nonexistent/m.csv: error: cannot open the file: No such");
}

/* The merge. */

static void
test_merge_joins_shards_in_list_order_byte_for_byte(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    char *b = put(f, "b.csv", HEADER ROW_2 ROW_4, -1);
    const char *const manifests[] = {b, a};
    char *text = NULL, *log;
    struct stat st;
    int rc;

    log = merge(f, &rc, manifests, 2);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_true(g_file_get_contents(f->output, &text, NULL, NULL));
    assert_string_equal(text, HEADER ROW_1 ROW_2 ROW_3 ROW_4);
    assert_int_equal(g_stat(f->output, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_has(log, "breachletter: 4 input rows covered once by 2 manifests: 2 letters, 2 errors; "
                    "merged manifest ");
    g_free(text);
    g_free(log);
    g_free(a);
    g_free(b);
}

static void
test_merge_names_a_record_in_no_manifest(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    const char *const manifests[] = {a};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "list.csv:4: error: record '=R2' is in no manifest: give the manifests of all "
                    "the shards");
    assert_has(log, "list.csv:6: error: record 'R-4' is in no manifest");
    assert_has(log, "(2 problems): no merged manifest written");
    assert_nothing_written(f);
    g_free(log);
    g_free(a);
}

static void
test_merge_names_a_record_covered_twice(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    char *b = put(f, "b.csv", HEADER ROW_1 ROW_2 ROW_4, -1);
    char *c = put(f, "c.csv", HEADER ROW_1 ROW_2 ROW_2 ROW_3 ROW_4, -1);
    const char *const two_shards[] = {a, b};
    const char *const one[] = {c};
    char *log;
    int rc;

    log = merge(f, &rc, two_shards, 2);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv:2: error: record 'R-1' (");
    assert_has(log, "list.csv:2) is covered twice, here and at ");
    assert_has(log, "a.csv:2: give each shard's manifest once");
    assert_nothing_written(f);
    g_free(log);
    /* twice in one manifest */
    log = merge(f, &rc, one, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "c.csv:4: error: record '=R2' (");
    assert_has(log, "c.csv:3: give each shard's manifest once");
    assert_nothing_written(f);
    g_free(log);
    g_free(a);
    g_free(b);
    g_free(c);
}

static void
test_merge_rejects_rows_of_another_list(void **state)
{
    struct fx *f = *state;
    /* line 3 is inside the first record; R-9 is not the record at line 4; line 9 is past the
     * end */
    char *a = put(f, "a.csv",
                  HEADER ROW_1 "3,R-1b,ok,,,,,,,,,\r\n"
                               "4,R-9,ok,,,,,,,,,\r\n" ROW_3 ROW_4 "9,R-5,ok,,,,,,,,,\r\n",
                  -1);
    const char *const manifests[] = {a};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "a.csv:3: error: the row is for line 3 of ");
    assert_has(log, "list.csv, where no record starts (they start at lines 2 and 4): the manifest "
                    "is of another list");
    assert_has(log, "a.csv:4: error: the row for line 4 has id 'R-9', but the record at ");
    assert_has(log, "list.csv:4 has id '=R2'");
    assert_has(log, "a.csv:8: error: the row is for line 9, beyond the last record of ");
    assert_has(log, "list.csv (line 6)");
    assert_has(log, "(3 problems)");
    assert_nothing_written(f);
    g_free(log);
    g_free(a);
}

static void
test_merge_rejects_rows_out_of_order(void **state)
{
    struct fx *f = *state;
    /* manifest lines: header 1, ROW_1 2, ROW_3 3-4, ROW_2 5, then a row of the wrong width and
     * one without a line number */
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3 ROW_2 ROW_4 "7,R-7\r\nx,R-8,ok,,,,,,,,,\r\n", -1);
    const char *const manifests[] = {a};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "a.csv:5: error: the row for line 4 comes after the row for line 5 (at line "
                    "3): rows are in list order");
    assert_has(log, "a.csv:7: error: the row has 2 fields, a manifest row has 12");
    assert_has(log, "a.csv:8: error: column 'line' holds 'x', not a line number");
    assert_has(log, "list.csv:4: error: record '=R2' is in no manifest");
    assert_nothing_written(f);
    g_free(log);
    g_free(a);
}

static void
test_merge_reports_every_wrong_header(void **state)
{
    struct fx *f = *state;
    char *errors = put(f, "errors.csv", "where,id,status,error\r\nlist.csv:5,R-3,error,x\r\n", -1);
    char *short_header = put(
        f, "short.csv",
        "line,id,status,file,book,first_page,pages,sha256,jurisdiction,variant,language\r\n", -1);
    char *empty = put(f, "empty.csv", "", 0);
    char *good = put(f, "good.csv", HEADER ROW_1 ROW_2 ROW_3 ROW_4, -1);
    const char *const manifests[] = {errors, good, short_header, empty};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 4);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "errors.csv:1: error: column 1 of the header is 'where', not 'line': the file "
                    "is not a manifest");
    assert_has(log, "short.csv:1: error: the header has 11 columns, a manifest's has 12");
    assert_has(log, "empty.csv: error: the file is empty");
    assert_has(log, "(3 problems)");
    assert_nothing_written(f);
    g_free(log);
    g_free(errors);
    g_free(short_header);
    g_free(empty);
    g_free(good);
}

static void
test_merge_unreadable_and_unwritable_files_are_io(void **state)
{
    struct fx *f = *state;
    char *good = put(f, "good.csv", HEADER ROW_1 ROW_2 ROW_3 ROW_4, -1);
    const char *const missing[] = {good, "/nonexistent/m.csv"};
    const char *const manifests[] = {good};
    char *log;
    int rc;

    log = merge(f, &rc, missing, 2);
    assert_int_equal(rc, BL_EXIT_IO);
    assert_has(log, "/nonexistent/m.csv: error: cannot open the file");
    assert_nothing_written(f);
    g_free(log);
    g_free(f->output);
    f->output = g_strdup("/nonexistent/dir/merged.csv");
    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_IO);
    assert_has(log, "/nonexistent/dir/merged.csv: error: cannot create the file");
    g_free(log);
    g_free(good);
}

static void
test_merge_prints_100_problems_then_a_count(void **state)
{
    struct fx *f = *state;
    GString *list = g_string_new(NULL);
    char *header_only = put(f, "h.csv", HEADER, -1);
    const char *const manifests[] = {header_only};
    char *log;
    int rc, lines = 0;

    g_string_append_len(list, list_csv, strchr(list_csv, '\n') + 1 - list_csv); /* header */
    for (int i = 0; i < 150; i++) {
        g_string_append_printf(list, "R-%d,,Ann,,Lee,,,1 Main St,,Miami,FL,33131,,,ssn,,,,\n", i);
    }
    g_free(f->list);
    f->list = put(f, "long.csv", list->str, -1);
    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    for (const char *p = log; (p = strstr(p, ": error: ")) != NULL; p++) {
        lines++;
    }
    assert_int_equal(lines, 100);
    assert_has(log, "long.csv:101: error: record 'R-99' is in no manifest");
    assert_has(log, "breachletter: 50 more problems not shown\n");
    assert_has(log, "(150 problems): no merged manifest written");
    assert_nothing_written(f);
    g_free(log);
    g_free(header_only);
    g_string_free(list, TRUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_quoted_fields_keep_quotes_line_ends_and_raw_bytes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_malformed_quoting_is_an_error_at_its_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_missing_file_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_joins_shards_in_list_order_byte_for_byte, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merge_names_a_record_in_no_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_names_a_record_covered_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_rejects_rows_of_another_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_rejects_rows_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_reports_every_wrong_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_unreadable_and_unwritable_files_are_io, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merge_prints_100_problems_then_a_count, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
