/* SPDX-License-Identifier: MIT */
/* Unit tests of csv.c: the CSV reader under hostile quoting, line ends and sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

struct fx {
    FILE *fp;
    struct bl_csv_reader *r;
};

static int
setup(void **state)
{
    *state = g_new0(struct fx, 1);
    return 0;
}

static void
close_reader(struct fx *f)
{
    bl_csv_reader_free(f->r);
    f->r = NULL;
    if (f->fp != NULL) {
        fclose(f->fp);
        f->fp = NULL;
    }
}

static int
teardown(void **state)
{
    close_reader(*state);
    g_free(*state);
    return 0;
}

/* Starts f->r on a file of len bytes of text (-1: up to the NUL). */
static void
open_text(struct fx *f, const char *text, gssize len, gboolean keep_raw)
{
    gsize n = len < 0 ? strlen(text) : (gsize)len;

    close_reader(f);
    f->fp = tmpfile();
    assert_non_null(f->fp);
    assert_int_equal(fwrite(text, 1, n, f->fp), n);
    rewind(f->fp);
    f->r = bl_csv_reader_new(f->fp, keep_raw);
}

/* Reads the next row, which must be there. */
static const struct bl_csv_row *
next(struct fx *f)
{
    const struct bl_csv_row *row = NULL;

    assert_int_equal(bl_csv_reader_next(f->r, &row), 1);
    assert_non_null(row);
    return row;
}

static void
assert_end(struct fx *f)
{
    const struct bl_csv_row *row = NULL;

    assert_int_equal(bl_csv_reader_next(f->r, &row), 0);
    assert_int_equal(bl_csv_reader_errno(f->r), 0);
}

static void
assert_cell(const struct bl_csv_row *row, guint i, const char *value)
{
    assert_true(i < row->nkept);
    assert_int_equal(row->cells[i]->len, strlen(value));
    assert_memory_equal(row->cells[i]->str, value, row->cells[i]->len);
}

static void
assert_raw(const struct bl_csv_row *row, const char *bytes)
{
    assert_non_null(row->raw);
    assert_int_equal(row->raw->len, strlen(bytes));
    assert_memory_equal(row->raw->str, bytes, row->raw->len);
}

static void
test_csv_quoted_fields_unquote_and_keep_raw_bytes(void **state)
{
    struct fx *f = *state;
    /* doubled quotes; an empty quoted field; CRLF inside quotes; a field of one quote; LF and
     * CR row ends; a blank line; the last row without a line end */
    static const char text[] = "a,\"b \"\"q\"\"\",\"\"\r\n"
                               "\"x\r\ny\",\"\"\"\",\n"
                               "\r\n"
                               "cr,only\r"
                               "last,\"c,d\"";
    const struct bl_csv_row *row;

    open_text(f, text, -1, TRUE);
    row = next(f);
    assert_int_equal(row->line, 1);
    assert_int_equal(row->nfields, 3);
    assert_int_equal(row->nkept, 3);
    assert_cell(row, 0, "a");
    assert_cell(row, 1, "b \"q\"");
    assert_cell(row, 2, "");
    assert_raw(row, "a,\"b \"\"q\"\"\",\"\"");
    assert_int_equal(row->problem, BL_CSV_OK);
    assert_false(row->too_long);

    row = next(f);
    assert_int_equal(row->line, 2);
    assert_int_equal(row->nfields, 3);
    assert_cell(row, 0, "x\ny"); /* the field's line end is "\n"; the raw bytes keep CRLF */
    assert_cell(row, 1, "\"");
    assert_cell(row, 2, "");
    assert_raw(row, "\"x\r\ny\",\"\"\"\",");

    row = next(f); /* a blank line is a row of one empty field */
    assert_int_equal(row->line, 4);
    assert_int_equal(row->nfields, 1);
    assert_cell(row, 0, "");
    assert_false(row->text);
    assert_raw(row, "");

    row = next(f);
    assert_int_equal(row->line, 5);
    assert_cell(row, 0, "cr");
    assert_cell(row, 1, "only");

    row = next(f);
    assert_int_equal(row->line, 6);
    assert_int_equal(row->nfields, 2);
    assert_cell(row, 1, "c,d");
    assert_raw(row, "last,\"c,d\"");
    assert_end(f);
    assert_int_equal(bl_csv_reader_line(f->r), 6);
}

static void
test_csv_cr_lf_and_crlf_each_end_one_line(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f, "a\rb\nc\r\n\"1\r2\n3\r\n4\",x\ny\r", -1, TRUE);
    assert_int_equal(next(f)->line, 1);
    assert_int_equal(next(f)->line, 2);
    row = next(f);
    assert_int_equal(row->line, 3);
    assert_cell(row, 0, "c");
    row = next(f);
    assert_int_equal(row->line, 4);
    assert_cell(row, 0, "1\n2\n3\n4");
    assert_cell(row, 1, "x");
    assert_raw(row, "\"1\r2\n3\r\n4\",x");
    row = next(f);
    assert_int_equal(row->line, 8);
    assert_cell(row, 0, "y");
    assert_end(f);
    assert_int_equal(bl_csv_reader_line(f->r), 9);
}

static void
test_csv_line_end_split_across_reads_counts_once(void **state)
{
    struct fx *f = *state;
    GString *text = g_string_new(NULL);
    const struct bl_csv_row *row;

    /* the reader reads 64 KiB at a time: each CR is the last byte of a block */
    for (int block = 0; block < 2; block++) {
        while (text->len % 65536 != 65535) {
            g_string_append_c(text, 'a');
        }
        g_string_append(text, block == 0 ? "\r\n" : "\r");
    }
    g_string_append(text, "b\r\n");
    open_text(f, text->str, (gssize)text->len, FALSE);
    row = next(f);
    assert_int_equal(row->line, 1);
    assert_int_equal(row->cells[0]->len, 65535);
    row = next(f);
    assert_int_equal(row->line, 2);
    row = next(f);
    assert_int_equal(row->line, 3);
    assert_cell(row, 0, "b");
    assert_end(f);
    g_string_free(text, TRUE);
}

static void
test_csv_white_space_around_quotes_and_stray_quotes(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f,
              "  \"a\" ,\t\"b\"\t,c\"d\", e \n"
              "x,\"e\"f,\"g\"h\n"
              "\"multi\nline\"z\n",
              -1, FALSE);
    row = next(f);
    assert_int_equal(row->problem, BL_CSV_OK);
    assert_int_equal(row->nfields, 4);
    assert_cell(row, 0, "a");
    assert_cell(row, 1, "b");
    assert_cell(row, 2, "c\"d\""); /* a quote inside an unquoted field is text */
    assert_cell(row, 3, " e ");    /* unquoted white space is the field's */

    /* text after a closing quote: the first problem is the row's, the text is kept */
    row = next(f);
    assert_int_equal(row->line, 2);
    assert_int_equal(row->problem, BL_CSV_AFTER_QUOTE);
    assert_int_equal(row->problem_field, 1);
    assert_int_equal(row->problem_line, 2);
    assert_cell(row, 1, "ef");
    assert_cell(row, 2, "gh");

    row = next(f);
    assert_int_equal(row->line, 3);
    assert_int_equal(row->problem, BL_CSV_AFTER_QUOTE);
    assert_int_equal(row->problem_field, 0);
    assert_int_equal(row->problem_line, 4);
    assert_end(f);
}

static void
test_csv_unclosed_quote_runs_to_the_end_of_the_file(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f, "a\n\"x\"y,\"open\nmore\r\nand more\n", -1, FALSE);
    assert_cell(next(f), 0, "a");
    row = next(f);
    assert_int_equal(row->line, 2);
    assert_int_equal(row->problem, BL_CSV_UNCLOSED); /* wins over the text after a quote */
    assert_int_equal(row->problem_field, 1);
    assert_int_equal(row->problem_line, 2);
    assert_int_equal(row->nfields, 2);
    assert_cell(row, 1, "open\nmore\nand more\n");
    assert_end(f);
    assert_int_equal(bl_csv_reader_line(f->r), 5);
}

static void
test_csv_text_flag_tells_blank_rows(void **state)
{
    struct fx *f = *state;
    static const struct {
        guint nfields;
        gboolean text;
    } want[] = {{1, FALSE}, {4, FALSE}, {2, FALSE}, {1, FALSE},
                {1, FALSE}, {1, TRUE},  {1, TRUE},  {2, TRUE}};

    open_text(f, "\n,,,\n \t, \n\"\"\n\" \"\na\n\"\"\"\"\n,x", -1, FALSE);
    for (gsize i = 0; i < G_N_ELEMENTS(want); i++) {
        const struct bl_csv_row *row = next(f);

        assert_int_equal(row->line, (int)i + 1);
        assert_int_equal(row->nfields, want[i].nfields);
        assert_int_equal(row->text, want[i].text);
    }
    assert_end(f);
}

static void
test_csv_width_keeps_fields_but_counts_them_all(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f, "h1,h2,h3\na,b,c,d\nx,y\nm,n,\"o\"p\n", -1, FALSE);
    assert_int_equal(next(f)->nkept, 3); /* by default every field is kept */
    bl_csv_reader_set_width(f->r, 2);
    row = next(f);
    assert_int_equal(row->nkept, 2);
    assert_int_equal(row->nfields, 4);
    assert_false(row->too_long);
    assert_cell(row, 0, "a");
    assert_cell(row, 1, "b");
    row = next(f);
    assert_int_equal(row->nkept, 2);
    assert_int_equal(row->nfields, 2);
    /* a field beyond the width still has its problems told */
    row = next(f);
    assert_int_equal(row->nkept, 2);
    assert_int_equal(row->problem, BL_CSV_AFTER_QUOTE);
    assert_int_equal(row->problem_field, 2);
    assert_true(row->text);
    assert_end(f);
}

static void
test_csv_long_row_is_bounded_and_reading_goes_on(void **state)
{
    struct fx *f = *state;
    GString *text = g_string_new(NULL);
    const struct bl_csv_row *row;

    g_string_append_c(text, '"');
    for (int i = 0; i < BL_CSV_MAX_ROW_BYTES + 10; i++) {
        g_string_append_c(text, i % 1000 == 999 ? '\n' : 'a');
    }
    g_string_append(text, "\",b\nnext\n\"");
    /* doubled quotes: few bytes kept, many raw */
    for (int i = 0; i < BL_CSV_MAX_ROW_BYTES / 2 + 10; i++) {
        g_string_append(text, "\"\"");
    }
    g_string_append(text, "\"\nlast\n");
    open_text(f, text->str, (gssize)text->len, TRUE);

    row = next(f);
    assert_int_equal(row->line, 1);
    assert_true(row->too_long);
    assert_int_equal(row->nfields, 2);
    assert_int_equal(row->nkept, 1);
    assert_true(row->cells[0]->len < BL_CSV_MAX_ROW_BYTES);
    assert_true(row->raw->len <= BL_CSV_MAX_ROW_BYTES);
    assert_int_equal(row->problem, BL_CSV_OK);

    row = next(f);
    assert_int_equal(row->line, 1 + (BL_CSV_MAX_ROW_BYTES + 10) / 1000 + 1);
    assert_false(row->too_long);
    assert_cell(row, 0, "next");
    assert_raw(row, "next");

    row = next(f);
    assert_true(row->too_long); /* by its raw bytes */
    assert_int_equal(row->cells[0]->len, BL_CSV_MAX_ROW_BYTES / 2 + 10);

    assert_cell(next(f), 0, "last");
    assert_end(f);
    g_string_free(text, TRUE);
}

static void
test_csv_long_row_without_raw_bytes_is_bounded_by_its_fields(void **state)
{
    struct fx *f = *state;
    GString *text = g_string_new("\"");
    const struct bl_csv_row *row;

    for (int i = 0; i < BL_CSV_MAX_ROW_BYTES / 2 + 10; i++) {
        g_string_append(text, "\"\"");
    }
    g_string_append(text, "\"\n");
    open_text(f, text->str, (gssize)text->len, FALSE);
    row = next(f);
    assert_false(row->too_long);
    assert_null(row->raw);
    assert_int_equal(row->cells[0]->len, BL_CSV_MAX_ROW_BYTES / 2 + 10);
    assert_end(f);
    g_string_free(text, TRUE);
}

/* A row of more fields than BL_CSV_MAX_FIELDS, each short: it is the field count, not the
 * bytes, that passed the limit, and the row says which. */
static void
test_csv_row_of_too_many_fields_says_so(void **state)
{
    struct fx *f = *state;
    GString *text = g_string_new(NULL);
    const struct bl_csv_row *row;

    for (int i = 0; i < BL_CSV_MAX_FIELDS; i++) {
        g_string_append(text, i > 0 ? ",x" : "x");
    }
    g_string_append(text, "\n");
    for (int i = 0; i <= BL_CSV_MAX_FIELDS; i++) {
        g_string_append(text, i > 0 ? ",x" : "x");
    }
    g_string_append(text, "\nlast\n");
    open_text(f, text->str, (gssize)text->len, FALSE);
    row = next(f); /* 4096 fields: the most a row may have */
    assert_int_equal(row->nfields, BL_CSV_MAX_FIELDS);
    assert_int_equal(row->nkept, BL_CSV_MAX_FIELDS);
    assert_false(row->too_long);
    assert_false(row->too_many_fields);
    row = next(f); /* 4097 */
    assert_int_equal(row->nfields, BL_CSV_MAX_FIELDS + 1);
    assert_int_equal(row->nkept, BL_CSV_MAX_FIELDS);
    assert_true(row->too_long);
    assert_true(row->too_many_fields);
    assert_cell(next(f), 0, "last");
    assert_end(f);
    g_string_free(text, TRUE);
}

static void
test_csv_byte_order_marks(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f, "\xEF\xBB\xBFid,x\n\xEF\xBB\xBFid\n", -1, TRUE);
    assert_false(bl_csv_reader_utf16(f->r));
    row = next(f);
    assert_cell(row, 0, "id"); /* skipped at the start of the file */
    assert_raw(row, "id,x");
    assert_cell(next(f), 0, "\xEF\xBB\xBFid"); /* and only there */
    assert_end(f);

    open_text(f, "\xFF\xFEi\0d\0", 6, FALSE);
    assert_true(bl_csv_reader_utf16(f->r));
    open_text(f, "\xFE\xFF\0i\0d", 6, FALSE);
    assert_true(bl_csv_reader_utf16(f->r));
    open_text(f, "\xEF\xBB", 2, FALSE);
    assert_false(bl_csv_reader_utf16(f->r));
    assert_cell(next(f), 0, "\xEF\xBB");
}

static void
test_csv_nul_bytes_are_field_bytes(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row;

    open_text(f, "a\0b,\"\0\"\n", 8, FALSE);
    row = next(f);
    assert_int_equal(row->nfields, 2);
    assert_int_equal(row->cells[0]->len, 3);
    assert_memory_equal(row->cells[0]->str, "a\0b", 3);
    assert_int_equal(row->cells[1]->len, 1);
    assert_end(f);
}

static void
test_csv_empty_file_and_read_error(void **state)
{
    struct fx *f = *state;
    const struct bl_csv_row *row = NULL;

    open_text(f, "", 0, FALSE);
    assert_end(f);
    assert_int_equal(bl_csv_reader_line(f->r), 1);

    /* reading a directory fails */
    close_reader(f);
    f->fp = fopen(g_get_tmp_dir(), "rb");
    assert_non_null(f->fp);
    f->r = bl_csv_reader_new(f->fp, FALSE);
    assert_int_equal(bl_csv_reader_next(f->r, &row), -1);
    assert_int_equal(bl_csv_reader_errno(f->r), EISDIR);
    assert_int_equal(bl_csv_reader_line(f->r), 1);
    assert_int_equal(bl_csv_reader_next(f->r, &row), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_quoted_fields_unquote_and_keep_raw_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_cr_lf_and_crlf_each_end_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_line_end_split_across_reads_counts_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_white_space_around_quotes_and_stray_quotes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_unclosed_quote_runs_to_the_end_of_the_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_text_flag_tells_blank_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_width_keeps_fields_but_counts_them_all, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_long_row_is_bounded_and_reading_goes_on, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_csv_long_row_without_raw_bytes_is_bounded_by_its_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_row_of_too_many_fields_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_byte_order_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_nul_bytes_are_field_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_empty_file_and_read_error, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
