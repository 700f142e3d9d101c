/* SPDX-License-Identifier: MIT */
/* Unit tests of merge.c: the merge of shard manifests checked against the list (missing, twice,
 * another list, out of order, headers, rows that are not well-formed CSV). The CSV reader
 * itself is tested in test_csv.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "merge.h"
#include "runrecord.h"
#include "session.h"

#define HEADER                                                                                     \
    "line,id,status,file,book,first_page,pages,sha256,jurisdiction,variant,language,large_print,"  \
    "error,approval\r\n"

/* Records start at lines 2 (a quoted address over two lines), 4, 5 (rejected: too short) and
 * 6; the second id is one a spreadsheet would run, so the manifest holds it as "'=R2". */
static const char list_csv[] =
    "id,title,first_name,middle_name,last_name,suffix,addressee,address1,address2,city,state,"
    "postal_code,country,jurisdiction,categories,enrolment_code,language,variant,entity\n"
    "R-1,,Ada,,Lovelace,,,\"12 Analytical Way\nBuilding 2\",,Boston,MA,02139,,,ssn,,,,\n"
    "=R2,,Ben,,Franklin,,,1 Kite St,,Philadelphia,PA,19106,,,ssn,,,,\n"
    "R-3,,short\n"
    "R-4,,Claire,,Dupont,,,5 Main St,,Miami,FL,33131,,,ssn,,,,\n";

#define ROW_1 "2,R-1,ok,book-000001.pdf,1,1,2,ab12,MA,adult,en,,,A1\r\n"
#define ROW_2 "4,\"'=R2\",ok,book-000001.pdf,1,3,2,ab12,PA,adult,en,yes,,A1\r\n"
#define ROW_3 "5,R-3,error,,,,,,,,,,\"row has 3 fields, \"\"19\"\"\r\nexpected\",\r\n"
#define ROW_4 "6,R-4,refused,,,,,,FL,adult,en,,not compliant,\r\n"

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

static char *
sha_of(const char *path)
{
    char *text = NULL;
    gsize len = 0;
    char *sum;

    if (!g_file_get_contents(path, &text, &len, NULL)) {
        return g_strdup("unreadable");
    }
    sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
    g_free(text);
    return sum;
}

/* Writes beside a manifest the record its render would have written: shard k of n of one run
 * of the fixture's incident and list (with the given incident hash, NULL: the real one). */
static void
put_record(const struct fx *f, const char *manifest, int k, int n, const char *incident_sha)
{
    struct bl_run_record r = {0};
    char *dir = g_path_get_dirname(manifest);
    char *base = g_path_get_basename(manifest);
    char *name = bl_run_record_name(base);
    char *path = g_build_filename(dir, name, NULL);
    char *json;

    r.program = g_strdup("breachletter " BL_VERSION);
    r.incident_sha256 = incident_sha != NULL ? g_strdup(incident_sha) : sha_of(f->incident);
    r.list_sha256 = sha_of(f->list);
    r.data_sha256 = g_strdup("data");
    r.book = 2;
    r.shard = k;
    r.shards = n;
    r.manifest = g_strdup(base);
    r.manifest_sha256 = sha_of(manifest);
    r.errors = g_strdup("errors.csv");
    r.errors_sha256 = g_strdup("e");
    bl_run_record_seal(&r);
    json = bl_run_record_json(&r);
    assert_true(g_file_set_contents(path, json, -1, NULL));
    g_free(json);
    bl_run_record_release(&r);
    g_free(path);
    g_free(name);
    g_free(base);
    g_free(dir);
}

/* Runs the merge of the given manifests. Returns what it told (its problems and its note);
 * *rc gets its exit status. With records, each manifest that is a file gets the record of
 * shard i of n (at least 2) first, as render writes it: the rows are then what is checked. */
static char *
merge_with(const struct fx *f, int *rc, const char *const *manifests, int n, gboolean records)
{
    struct bl_merge_options opts = {.incident = f->incident,
                                    .recipients = f->list,
                                    .output = f->output,
                                    .manifests = manifests,
                                    .n_manifests = n,
                                    .data_dir = BL_DATADIR};
    struct bl_diag *told = bl_diag_new(NULL);
    char *text;

    for (int i = 0; records && i < n; i++) {
        if (g_file_test(manifests[i], G_FILE_TEST_IS_REGULAR)) {
            put_record(f, manifests[i], i, MAX(n, 2), NULL);
        }
    }
    *rc = bl_run_merge(&opts, told);
    text = g_strdup(bl_diag_text(told));
    bl_diag_free(told);
    return text;
}

static char *
merge(const struct fx *f, int *rc, const char *const *manifests, int n)
{
    return merge_with(f, rc, manifests, n, TRUE);
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

static void
test_merge_keeps_each_rows_bytes(void **state)
{
    struct fx *f = *state;
    /* a byte order mark and blank lines, which are dropped; a lone CR inside quotes and a
     * quoted field render would not quote, which are kept as they are */
    char *a = put(f, "a.csv",
                  "\xEF\xBB\xBF" HEADER "\r\n" ROW_1
                  "\n4,\"'=R2\",ok,book-000001.pdf,1,3,2,ab12,PA,adult,en,,\"a\rb\",\r\n" ROW_3
                  "\r\n6,\"R-4\",refused,,,,,,FL,adult,en,,not compliant,\r\n",
                  -1);
    const char *const manifests[] = {a};
    char *text = NULL, *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_true(g_file_get_contents(f->output, &text, NULL, NULL));
    assert_string_equal(text, HEADER ROW_1
                        "4,\"'=R2\",ok,book-000001.pdf,1,3,2,ab12,PA,adult,en,,\"a\rb\",\r\n" ROW_3
                        "6,\"R-4\",refused,,,,,,FL,adult,en,,not compliant,\r\n");
    g_free(text);
    g_free(log);
    g_free(a);
}

/* Merges m.csv holding text (len bytes) alone; returns what the merge printed, having checked
 * that it failed and wrote nothing. */
static char *
merge_one(struct fx *f, const char *text, gssize len, int want)
{
    char *path = put(f, "m.csv", text, len);
    const char *const manifests[] = {path};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, want);
    assert_nothing_written(f);
    g_free(path);
    return log;
}

static void
test_merge_rejects_a_manifest_that_is_not_well_formed(void **state)
{
    struct fx *f = *state;
    GString *big = g_string_new(HEADER ROW_1 "4,\"");
    char *m;

    /* the text is on the row's second line */
    m = merge_one(f, HEADER ROW_1 "4,\"'=R2\r\nx\"y,ok,,,,,,,,,,\r\n", -1, BL_EXIT_BAD_INPUT);
    assert_has(m, "m.csv:4: error: text after the closing quote of field 2: a quote inside a "
                  "quoted field is doubled");
    g_free(m);
    /* an unclosed quote is told where its row starts, however far the file goes on */
    m = merge_one(f, HEADER ROW_1 "4,R-2,ok,,,,,,,,,,\"open\r\nmore\r\nand more\r\n", -1,
                  BL_EXIT_BAD_INPUT);
    assert_has(m, "m.csv:3: error: the file ends inside a quoted field of this row: the file was "
                  "cut short");
    g_free(m);
    m = merge_one(f, HEADER "2,R-1\0,ok,,,,,,,,,,\r\n", (gssize)strlen(HEADER) + 21,
                  BL_EXIT_BAD_INPUT);
    assert_has(m, "m.csv:2: error: the file holds a NUL byte: it is not a manifest");
    g_free(m);
    m = merge_one(f, "line\0id\r\n", 9, BL_EXIT_BAD_INPUT); /* in the header */
    assert_has(m, "m.csv:1: error: the file holds a NUL byte");
    g_free(m);
    /* a row that never ends is not held whole */
    while (big->len <= strlen(HEADER ROW_1) + 1024 * 1024) {
        g_string_append(big, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    }
    m = merge_one(f, big->str, (gssize)big->len, BL_EXIT_BAD_INPUT);
    assert_has(m, "m.csv:3: error: the row is longer than 1048576 bytes: it is not a manifest's "
                  "row");
    g_free(m);
    g_string_free(big, TRUE);
}

/* The merge. */

static void
test_merge_joins_shards_in_list_order_byte_for_byte(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    char *b = put(f, "b.csv", HEADER ROW_2 ROW_4, -1);
    const char *const manifests[] = {b, a};
    char *text = NULL, *log, *record;
    struct bl_run_record r;
    struct stat st;
    gsize len = 0;
    int rc;

    log = merge(f, &rc, manifests, 2);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_true(g_file_get_contents(f->output, &text, NULL, NULL));
    assert_string_equal(text, HEADER ROW_1 ROW_2 ROW_3 ROW_4);
    assert_int_equal(g_stat(f->output, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* the shards' letters in large print and under each approval, summed */
    assert_has(log, "breachletter: 4 input rows covered once by 2 manifests: 2 letters, 2 errors, "
                    "1 in large print, 2 under approval A1; merged manifest ");
    g_free(text);
    /* and in the merged manifest's record */
    record = g_build_filename(f->dir, "merged.run.json", NULL);
    assert_true(g_file_get_contents(record, &text, &len, NULL));
    assert_int_equal(bl_run_record_parse(&r, text, len, record, f->diag), 0);
    assert_true(r.has_summary);
    assert_int_equal(r.summary.counts.rows, 4);
    assert_int_equal(r.summary.counts.letters, 2);
    assert_int_equal(r.summary.counts.refused, 1);
    assert_int_equal(r.summary.large_print, 1);
    assert_int_equal(bl_manifest_summary_approved(&r.summary, "A1"), 2);
    assert_int_equal(r.summary.approval_ids->len, 1);
    bl_run_record_release(&r);
    g_free(record);
    g_free(text);
    g_free(log);
    g_free(a);
    g_free(b);
}

/* Manifests written before the approval column are merged too, each row given an empty one. */
static void
test_merge_reads_manifests_without_the_approval_column(void **state)
{
    struct fx *f = *state;
    char *old_header = g_strndup(HEADER, strlen(HEADER) - strlen(",approval\r\n"));
    char *old_1 = g_strdup_printf("%s\r\n%s", old_header,
                                  "2,R-1,ok,book-000001.pdf,1,1,2,ab12,MA,adult,en,yes,\r\n"
                                  "5,R-3,error,,,,,,,,,,bad\r\n");
    char *a = put(f, "a.csv", old_1, -1);
    char *b = put(f, "b.csv", HEADER ROW_2 ROW_4, -1);
    const char *const manifests[] = {a, b};
    char *text = NULL, *log;
    int rc;

    log = merge(f, &rc, manifests, 2);
    assert_int_equal(rc, BL_EXIT_OK);
    assert_true(g_file_get_contents(f->output, &text, NULL, NULL));
    assert_string_equal(text,
                        HEADER "2,R-1,ok,book-000001.pdf,1,1,2,ab12,MA,adult,en,yes,,\r\n" ROW_2
                               "5,R-3,error,,,,,,,,,,bad,\r\n" ROW_4);
    assert_has(log, "2 letters, 2 errors, 2 in large print, 1 under approval A1; merged ");
    g_free(text);
    g_free(log);
    g_free(a);
    g_free(b);
    g_free(old_1);
    g_free(old_header);
}

/* With an output stream the merged manifest goes there, whole, and nothing else is written: no
 * file, no record; a failed merge writes nothing to the stream. */
static void
test_merge_to_a_stream_writes_it_whole_or_not_at_all(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    char *b = put(f, "b.csv", HEADER ROW_2 ROW_4, -1);
    const char *const both[] = {b, a};
    const char *const one[] = {a};
    char *buf = NULL;
    size_t len = 0;
    FILE *stream = open_memstream(&buf, &len);
    struct bl_merge_options opts = {.incident = f->incident,
                                    .recipients = f->list,
                                    .output = "standard output",
                                    .manifests = both,
                                    .n_manifests = 2,
                                    .data_dir = BL_DATADIR,
                                    .output_stream = stream};
    struct bl_diag *told = bl_diag_new(NULL);

    put_record(f, a, 1, 2, NULL);
    put_record(f, b, 0, 2, NULL);
    assert_int_equal(bl_run_merge(&opts, told), BL_EXIT_OK);
    assert_int_equal(fflush(stream), 0);
    assert_string_equal(buf, HEADER ROW_1 ROW_2 ROW_3 ROW_4);
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    /* a shard missing: the stream stays as it was */
    opts.manifests = one;
    opts.n_manifests = 1;
    assert_int_equal(bl_run_merge(&opts, told), BL_EXIT_BAD_INPUT);
    assert_int_equal(fflush(stream), 0);
    assert_int_equal(len, strlen(HEADER ROW_1 ROW_2 ROW_3 ROW_4));
    fclose(stream);
    free(buf);
    bl_diag_free(told);
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

/* No manifest at all is the caller's mistake, told as a usage error (the process goes on). */
static void
test_merge_of_no_manifest_is_a_usage_error(void **state)
{
    struct fx *f = *state;
    const char *const manifests[] = {NULL};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 0);
    assert_int_equal(rc, BL_EXIT_USAGE);
    assert_string_equal(log,
                        "breachletter: error: no shard manifests to merge: name at least one\n");
    assert_nothing_written(f);
    g_free(log);
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
                  HEADER ROW_1 "3,R-1b,ok,,,,,,,,,,,\r\n"
                               "4,R-9,ok,,,,,,,,,,,\r\n" ROW_3 ROW_4 "9,R-5,ok,,,,,,,,,,,\r\n",
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
    char *a =
        put(f, "a.csv", HEADER ROW_1 ROW_3 ROW_2 ROW_4 "7,R-7\r\nx,R-8,ok,,,,,,,,,,,\r\n", -1);
    const char *const manifests[] = {a};
    char *log;
    int rc;

    log = merge(f, &rc, manifests, 1);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "a.csv:5: error: the row for line 4 comes after the row for line 5 (at line "
                    "3): rows are in list order");
    assert_has(log, "a.csv:7: error: the row has 2 fields, a manifest row has 14");
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
    assert_has(log, "short.csv:1: error: the header has 11 columns, a manifest's has 14");
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
    const char *const directory[] = {good, f->dir};
    char *log, *where;
    int rc;

    log = merge(f, &rc, missing, 2);
    assert_int_equal(rc, BL_EXIT_IO);
    assert_has(log, "/nonexistent/m.csv: error: cannot open the file");
    assert_nothing_written(f);
    g_free(log);
    /* a directory opens but cannot be read */
    log = merge(f, &rc, directory, 2);
    assert_int_equal(rc, BL_EXIT_IO);
    where = g_strdup_printf("%s:1: error: cannot read the file: ", f->dir);
    assert_has(log, where);
    assert_nothing_written(f);
    g_free(where);
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

/* Where the shards came from, told by their records before any row is read: no record,
 * another incident, another run, one shard twice, a manifest changed since its run. */
static void
test_merge_checks_the_shards_records(void **state)
{
    struct fx *f = *state;
    char *a = put(f, "a.csv", HEADER ROW_1 ROW_3, -1);
    char *b = put(f, "b.csv", HEADER ROW_2 ROW_4, -1);
    const char *const both[] = {a, b};
    char *log, *b_record = g_build_filename(f->dir, "b.run.json", NULL);
    int rc;

    put_record(f, a, 0, 2, NULL);
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv: error: there is no run record (b.run.json) beside the manifest");
    assert_nothing_written(f);
    g_free(log);
    put_record(f, b, 1, 2, "0000");
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv: error: the shard was rendered from another version of the incident");
    g_free(log);
    put_record(f, b, 1, 3, NULL); /* one of three shards: another run */
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv: error: the shard was rendered with other options or data than");
    g_free(log);
    put_record(f, b, 0, 2, NULL);
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv: error: shard 0 of 2 is given twice");
    g_free(log);
    put_record(f, b, 1, 2, NULL);
    g_free(put(f, "b.csv", HEADER ROW_2 "6,R-4,ok,,,,,,FL,adult,en,,,\r\n", -1));
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_BAD_INPUT);
    assert_has(log, "b.csv: error: the manifest is not the one its run wrote");
    assert_nothing_written(f);
    g_free(log);
    /* the same rows, records in order: merged, and the merged manifest has its record */
    put_record(f, b, 1, 2, NULL);
    log = merge_with(f, &rc, both, 2, FALSE);
    assert_int_equal(rc, BL_EXIT_OK);
    g_free(log);
    {
        char *merged_record = g_build_filename(f->dir, "merged.run.json", NULL);
        char *text = NULL;
        gsize len = 0;
        struct bl_run_record r;

        assert_true(g_file_get_contents(merged_record, &text, &len, NULL));
        assert_int_equal(bl_run_record_parse(&r, text, len, merged_record, f->diag), 0);
        assert_int_equal(r.shards, 1);
        assert_null(r.errors);
        assert_string_equal(r.manifest, "merged.csv");
        bl_run_record_release(&r);
        g_free(text);
        g_free(merged_record);
    }
    g_free(b_record);
    g_free(a);
    g_free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_merge_checks_the_shards_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_joins_shards_in_list_order_byte_for_byte, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merge_reads_manifests_without_the_approval_column,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_keeps_each_rows_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_to_a_stream_writes_it_whole_or_not_at_all, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merge_rejects_a_manifest_that_is_not_well_formed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_names_a_record_in_no_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_of_no_manifest_is_a_usage_error, setup,
                                        teardown),
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
