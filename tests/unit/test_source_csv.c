/* SPDX-License-Identifier: MIT */
/* Unit tests of source_csv.c, the CSV reader of the recipient list: fields, quoting (doubled
 * quotes, quoted line breaks), a byte order mark and CRLF line ends, line numbers, the header
 * (mapped, missing, repeated or unknown columns), rows that are ragged, too long or not UTF-8,
 * and a list of 200,000 rows streamed in flat memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "source.h"

#define DATA   FIXTURE_SOURCE_DATA
#define HEADER FIXTURE_SOURCE_HEADER
#define TEST(name)                                                                                 \
    cmocka_unit_test_setup_teardown(name, fixture_source_setup, fixture_source_teardown)

static void
test_csv_reads_fields_trimmed_with_defaults(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "good.csv");
    assert_string_equal(bl_source_path(f->src), DATA "good.csv");

    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 2);
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(rec->recipient.id, "R-1");
    assert_string_equal(rec->recipient.title, "Ms.");
    assert_string_equal(rec->recipient.first_name, "Ada");
    assert_string_equal(rec->recipient.middle_name, "");
    assert_string_equal(rec->recipient.last_name, "Lovelace");
    assert_string_equal(rec->recipient.addressee, "");
    assert_string_equal(rec->recipient.address.line1, "12 Analytical Way");
    assert_string_equal(rec->recipient.address.line2, "Apt 3");
    assert_string_equal(rec->recipient.address.city, "Boston");
    assert_string_equal(rec->recipient.address.state, "MA");
    assert_string_equal(rec->recipient.address.postal_code, "02139");
    assert_string_equal(rec->recipient.address.country, "US");
    assert_string_equal(rec->recipient.jurisdiction, "MA");
    fixture_assert_categories(rec, 2, (const int[]){0, 1});
    assert_string_equal(rec->recipient.enrolment_code, "ENR-1");
    assert_string_equal(rec->recipient.language, "en");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_ADULT);
    assert_string_equal(rec->recipient.entity, "");
    assert_null(rec->recipient.covered_entity);

    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->recipient.suffix, "Jr.");
    assert_string_equal(rec->recipient.addressee, "Deborah Franklin");
    assert_string_equal(rec->recipient.address.postal_code, "19106-1234");
    assert_string_equal(rec->recipient.jurisdiction, "NJ"); /* given, not the state */
    fixture_assert_categories(rec, 2, (const int[]){0, 1}); /* '|' too, repeats collapse, sorted */
    assert_string_equal(rec->recipient.language, "es");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_MINOR);

    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->recipient.address.country, "FR");
    assert_string_equal(rec->recipient.address.state, "");
    assert_string_equal(rec->recipient.jurisdiction, "");
    fixture_assert_categories(rec, 1, (const int[]){2});
    assert_int_equal(rec->recipient.variant, BL_VARIANT_DECEASED);

    fixture_source_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    assert_string_equal(bl_diag_text(f->diag), "");
}

static void
test_csv_bom_crlf_quoted_newline_keeps_line_numbers(void **state)
{
    struct fixture_source *f = *state;
    /* As Excel writes "CSV UTF-8": a byte order mark, CRLF, a cell with line breaks. */
    static const char data[] =
        "\xEF\xBB\xBFid,first_name,last_name,address1,city,state,postal_code,categories\r\n"
        "R-1,Ada,Lovelace,\"12 Analytical Way\r\nBuilding 2\r\nFloor 3\",Boston,MA,02139,ssn\r\n"
        "R-2,Ben,Franklin,1 Kite St,Philadelphia,PA,19106,ssn\r\n"
        "R-3,\"Claire\r\n\",Dupont,5 Elm St,Boston,MA,02139,ssn\r\n"
        "R-4,Dan,Brown,7 Oak St,Boston,MA,02139,ssn\r\n";
    char *path = fixture_source_write(f, "excel.csv", data, sizeof data - 1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec); /* the BOM did not stick to 'id' */
    assert_int_equal(rec->line, 2);
    assert_string_equal(rec->recipient.address.line1, "12 Analytical Way\nBuilding 2\nFloor 3");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 5);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 6);
    assert_string_equal(rec->recipient.first_name, "Claire");
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 8);
    assert_string_equal(rec->row_id, "R-4");
    fixture_source_end(f);
    g_free(path);
}

static void
test_csv_doubled_quotes_and_markup_come_back_byte_for_byte(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    /* Escaping for Pango happens later, in bind: the source must not touch the text. */
    rec = fixture_source_row(f, "R-1,\"<b>Bob & \"\"Al\"\"</b>\",\"O'Brien, \"\"Jr\"\"\",1 Main St,"
                                "Boston,MA,02139,,,ssn,,,");
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "<b>Bob & \"Al\"</b>");
    assert_string_equal(rec->recipient.last_name, "O'Brien, \"Jr\"");
}

static void
test_csv_header_mapping_renames_columns(void **state)
{
    struct fixture_source *f = *state;
    GHashTable *columns = f->incident->columns;
    const struct bl_record *rec;

    g_hash_table_insert(columns, g_strdup("id"), g_strdup("Member ID"));
    g_hash_table_insert(columns, g_strdup("first_name"), g_strdup("Given Name"));
    g_hash_table_insert(columns, g_strdup("address1"), g_strdup("Street"));
    g_hash_table_insert(columns, g_strdup("postal_code"), g_strdup("ZIP"));
    g_hash_table_insert(columns, g_strdup("categories"), g_strdup("Exposed"));
    fixture_source_open(f, DATA "mapped.csv");
    /* Header names match trimmed and case-insensitively; the extra column is named once. */
    assert_string_equal(bl_diag_text(f->diag), DATA "mapped.csv:1: warning: ignoring unknown "
                                                    "columns 'Plan'\n");
    bl_diag_clear(f->diag);

    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.id, "M-1");
    assert_string_equal(rec->recipient.first_name, "Dora");
    assert_string_equal(rec->recipient.last_name, "Explorer");
    assert_string_equal(rec->recipient.address.line1, "1 Map Rd");
    assert_string_equal(rec->recipient.address.postal_code, "73301");
    fixture_assert_categories(rec, 1, (const int[]){0});

    rec = fixture_source_next(f);
    /* Messages name the column as the file spells it. */
    fixture_assert_rejected(rec, "column 'Zip' is empty");
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "mapped.csv:3: error: column 'Zip' is empty (recipient 'M-2')\n");
    fixture_source_end(f);
}

static void
test_csv_missing_required_columns_are_all_reported(void **state)
{
    struct fixture_source *f = *state;

    g_hash_table_insert(f->incident->columns, g_strdup("first_name"), g_strdup("Given Name"));
    assert_int_equal(bl_source_open(&f->src, DATA "bad-missing-columns.csv", f->incident, f->diag),
                     -1);
    assert_null(f->src);
    assert_string_equal(bl_diag_text(f->diag), DATA
                        "bad-missing-columns.csv:1: error: missing required column "
                        "'Given Name' (mapped from field 'first_name')\n" DATA
                        "bad-missing-columns.csv:1: error: missing required column 'city'\n" DATA
                        "bad-missing-columns.csv:1: error: missing required column "
                        "'categories'\n");
    assert_int_equal(bl_diag_error_count(f->diag), 3);
}

static void
test_csv_entity_column_required_when_incident_lists_entities(void **state)
{
    struct fixture_source *f = *state;

    fixture_source_entity(f, "acme", "Acme Health");
    assert_int_equal(bl_source_open(&f->src, DATA "bad-missing-columns.csv", f->incident, f->diag),
                     -1);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "bad-missing-columns.csv:1: error: missing required column 'entity' "
                           "(the incident lists covered entities)\n"));
    assert_int_equal(bl_diag_error_count(f->diag), 4);
}

static void
test_csv_ragged_row_is_rejected_and_reading_goes_on(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "bad-ragged-row.csv");
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 3);
    fixture_assert_rejected(rec, "row has 4 fields but the header has 8");
    assert_string_equal(rec->row_id, "R-2");
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 4);
    fixture_assert_rejected(rec, "row has 9 fields but the header has 8");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->row_id, "R-4");
    fixture_source_end(f);
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-ragged-row.csv:3: error: row has 4 fields but the header has 8 "
                             "(recipient 'R-2')\n" DATA "bad-ragged-row.csv:4: error: row has 9 "
                             "fields but the header has 8 (recipient 'R-3')\n");
}

static void
test_csv_unterminated_quote_names_the_start_line(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "bad-unterminated-quote.csv");
    fixture_assert_valid(fixture_source_next(f));
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 3);
    fixture_assert_rejected(rec, "unterminated quoted field in column 'address1'");
    assert_string_equal(rec->row_id, "R-2");
    fixture_source_end(f); /* the quote swallowed the rest of the file */
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-unterminated-quote.csv:3: error: unterminated quoted field in "
                             "column 'address1' (recipient 'R-2')\n");
}

static void
test_csv_text_after_closing_quote_is_rejected(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    rec = fixture_source_row(f, "R-1,\"Ada\"x,Lovelace,1 Main St,Boston,MA,02139,,,ssn,,,");
    fixture_assert_rejected(rec, "text after the closing quote in column 'first_name'");
}

static void
test_csv_nul_byte_is_rejected_naming_the_column(void **state)
{
    struct fixture_source *f = *state;
    static const char data[] = HEADER "R-1,Ada,Love\0lace,1 Main St,Boston,MA,02139,,,ssn,,,\n"
                                      "R-2,Ben,Franklin,1 Kite St,Boston,MA,02139,,,ssn,,,\n";
    char *path = fixture_source_write(f, "nul.csv", data, sizeof data - 1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_rejected(rec, "column 'last_name' contains a NUL byte");
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(rec->recipient.last_name, "");
    fixture_assert_valid(fixture_source_next(f));
    fixture_source_end(f);
    g_free(path);
}

static void
test_csv_invalid_utf8_is_rejected_naming_the_column(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;
    char *expected;

    /* "Müller" in Latin-1, as a legacy export would write it. */
    rec = fixture_source_row(f, "R-1,Ada,M\xFCller,1 Main St,Boston,MA,02139,,,ssn,,,");
    fixture_assert_rejected(rec, "column 'last_name' is not valid UTF-8");
    assert_string_equal(rec->recipient.last_name, "");
    expected = g_strdup_printf("%s/one.csv:2: error: column 'last_name' is not valid UTF-8 "
                               "(recipient 'R-1')\n",
                               f->dir);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
}

static void
test_csv_invalid_utf8_in_id_leaves_row_id_empty(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;
    char *expected;

    rec = fixture_source_row(f, "R-\xFF,Ada,Lovelace,1 Main St,Boston,MA,02139,,,ssn,,,");
    fixture_assert_rejected(rec, "column 'id' is not valid UTF-8");
    assert_string_equal(rec->row_id, "");
    /* No recipient named: the id cannot be shown. */
    expected = g_strdup_printf("%s/one.csv:2: error: column 'id' is not valid UTF-8\n", f->dir);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
}

static void
test_csv_blank_lines_are_skipped(void **state)
{
    struct fixture_source *f = *state;
    const struct bl_record *rec;

    fixture_source_open(f, DATA "blank-lines.csv");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 3);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 6); /* after a line of spaces and an empty spreadsheet row */
    assert_string_equal(rec->row_id, "R-2");
    fixture_source_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_csv_missing_file_empty_file_and_header_only(void **state)
{
    struct fixture_source *f = *state;
    char *empty = fixture_source_write(f, "empty.csv", "\xEF\xBB\xBF \r\n\n", -1);
    char *header = fixture_source_write(f, "header.csv", HEADER, -1);
    char *expected;

    assert_int_equal(bl_source_open(&f->src, DATA "no-such-list.csv", f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), DATA "no-such-list.csv: error: cannot open "
                                                    "recipient list: No such file or directory\n");
    bl_diag_clear(f->diag);

    assert_int_equal(bl_source_open(&f->src, empty, f->incident, f->diag), -1);
    expected = g_strdup_printf("%s: error: recipient list is empty\n", empty);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);

    fixture_source_open(f, header);
    fixture_source_end(f);
    g_free(empty);
    g_free(header);
}

static void
test_csv_utf16_is_refused_with_advice(void **state)
{
    struct fixture_source *f = *state;
    static const char data[] = "\xFF\xFEi\0d\0\n\0";
    char *path = fixture_source_write(f, "utf16.csv", data, sizeof data - 1);

    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "utf16.csv:1: error: recipient list is UTF-16 text; save it as CSV "
                           "UTF-8\n"));
    g_free(path);
}

static void
test_csv_duplicate_header_column_is_fatal(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(
        f, "dup-header.csv", "id,first_name,last_name,address1,City,categories,CITY,city\n", -1);
    char *expected = g_strdup_printf("%s:1: error: column 'city' appears more than once in the "
                                     "header\n",
                                     path);

    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

static void
test_csv_warns_once_about_unknown_and_absent_columns(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "warn.csv",
                             "id,first_name,last_name,address1,city,categories,Plan,Notes\n"
                             "R-1,Ann,Lee,1 Rue,Paris,ssn,gold,x\n"
                             "R-2,Bo,Lee,1 Oak St,Salem,ssn,gold,x\n",
                             -1);
    char *expected = g_strdup_printf("%s:1: warning: ignoring unknown columns 'Plan', 'Notes'\n"
                                     "%s:1: warning: no column 'state': rows with a US address "
                                     "will be rejected\n"
                                     "%s:1: warning: no column 'postal_code': rows with a US "
                                     "address will be rejected\n",
                                     path, path, path);

    fixture_source_open(f, path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    fixture_assert_rejected(fixture_source_next(f), "column 'state' is empty");
    fixture_assert_rejected(fixture_source_next(f), "column 'state' is empty");
    fixture_source_end(f);
    g_free(expected);
    g_free(path);
}

/* A header of more fields than the reader keeps (4096) is told by its real limit, not as a
 * row of more than 1048576 bytes, which it is not. */
static void
test_csv_header_of_too_many_fields_names_the_limit(void **state)
{
    struct fixture_source *f = *state;
    GString *data = g_string_new("id,first_name,last_name,address1,city,categories");
    char *path, *expected;

    for (int i = 6; i < 4097; i++) {
        g_string_append_printf(data, ",c%d", i);
    }
    g_string_append(data, "\nR-1,Ann,Lee,1 Oak St,Salem,ssn\n");
    path = fixture_source_write(f, "wide.csv", data->str, (gssize)data->len);
    expected = g_strdup_printf("%s:1: error: header row has more than 4096 fields\n", path);
    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
    g_string_free(data, TRUE);
}

static void
test_csv_overlong_row_is_rejected_and_reading_goes_on(void **state)
{
    struct fixture_source *f = *state;
    GString *data = g_string_new(HEADER "R-1,Ann,Lee,\"");
    char *path;
    const struct bl_record *rec;

    for (int i = 0; i < 1100 * 1024; i++) {
        g_string_append_c(data, i % 64 == 63 ? '\n' : 'x');
    }
    g_string_append(data, "\",Salem,OR,97301,,,ssn,,,\n"
                          "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n");
    path = fixture_source_write(f, "long.csv", data->str, (gssize)data->len);
    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 2);
    fixture_assert_rejected(rec, "row is longer than 1048576 bytes");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 2 + 1100 * 1024 / 64 + 1); /* the long field had 17600 breaks */
    fixture_source_end(f);
    g_string_free(data, TRUE);
    g_free(path);
}

static void
test_csv_streams_200000_rows_with_reused_storage(void **state)
{
    struct fixture_source *f = *state;
    char *path = g_build_filename(f->dir, "big.csv", NULL);
    FILE *fp = fopen(path, "wb");
    const struct bl_record *rec = NULL;
    const struct bl_record *first = NULL;
    int n = 0;
    int line = 1;
    int last = 0;
    int rc;

    assert_non_null(fp);
    fputs(HEADER, fp);
    for (int i = 1; i <= 200000; i++) {
        line++;
        if (i % 1000 == 0) { /* a quoted two-line address now and then */
            fprintf(fp, "R-%d,Ann,Lee,\"%d Oak St\r\nUnit 4\",Salem,OR,97301,,,ssn,,,\r\n", i, i);
            line++;
        } else {
            fprintf(fp, "R-%d,Ann,Lee,%d Oak St,Salem,OR,97301,,,date-of-birth;ssn,,,\n", i, i);
        }
    }
    assert_int_equal(fclose(fp), 0);

    fixture_source_open(f, path);
    while ((rc = bl_source_next(f->src, &rec)) == 1) {
        if (first == NULL) {
            first = rec;
        }
        assert_ptr_equal(rec, first); /* one record, lent again and again */
        if (rec->status != 0) {
            fail_msg("line %d: %s", rec->line, rec->error);
        }
        last = rec->line;
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 200000);
    assert_int_equal(last, line - 1); /* row 200000 has two lines */
    assert_string_equal(rec->recipient.id, "R-200000");
    assert_string_equal(rec->recipient.address.line1, "200000 Oak St\nUnit 4");
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    g_free(path);
}

static void
test_csv_unknown_column_names_the_column_meant(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "meant.csv",
                             "id,first_name,last_name,address1,city,categories,ST,ZIP Code,Notes\n"
                             "R-1,Ann,Lee,1 Oak St,Salem,ssn,OR,97301,x\n",
                             -1);
    char *expected = g_strdup_printf("%s:1: warning: ignoring unknown columns 'ST' (did you "
                                     "mean 'state'?), 'ZIP Code' (did you mean 'postal_code'?), "
                                     "'Notes'\n",
                                     path);

    fixture_source_open(f, path);
    assert_non_null(strstr(bl_diag_text(f->diag), expected));
    g_free(expected);
    g_free(path);
}

static void
test_csv_missing_column_names_the_header_cell_meant(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(f, "misspelt.csv",
                                      "id,fist_name,Surname,address1,city,categories\n"
                                      "R-1,Ann,Lee,1 Oak St,Salem,ssn\n",
                                      -1);
    char *expected = g_strdup_printf("%s:1: error: missing required column 'first_name'; is it "
                                     "'fist_name'?\n"
                                     "%s:1: error: missing required column 'last_name'; is it "
                                     "'Surname'?\n",
                                     path, path);

    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

/* A row after a cell with quoted line breaks (CRLF ones, in a list with a byte order mark) is
 * told at its own line, with the file, the column and the recipient. */
static void
test_csv_message_after_quoted_line_breaks_names_its_line(void **state)
{
    struct fixture_source *f = *state;
    static const char data[] = "\xEF\xBB\xBFid,first_name,last_name,address1,city,state,"
                               "postal_code,categories\r\n"
                               "R-1,Ada,Lovelace,\"12 Analytical Way\r\n\r\nFloor 3\",Boston,MA,"
                               "02139,ssn\r\n"
                               "R-2,Ben,Franklin,1 Kite St,,PA,19106,ssn\r\n";
    char *path = fixture_source_write(f, "cells.csv", data, sizeof data - 1);
    char *want = g_strdup_printf("%s:5: error: column 'city' is empty (recipient 'R-2')\n", path);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.address.line1, "12 Analytical Way\n\nFloor 3");
    rec = fixture_source_next(f);
    assert_int_equal(rec->line, 5);
    fixture_assert_rejected(rec, "column 'city' is empty");
    fixture_source_end(f);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    g_free(path);
}

/* The last row without a line break, its last cell empty, and quoted header names: read like
 * any other. */
static void
test_csv_last_row_without_line_break_and_quoted_header(void **state)
{
    struct fixture_source *f = *state;
    char *path = fixture_source_write(
        f, "end.csv",
        "\"id\",\"first_name\",\"last_name\",\"address1\",\"city\",\"state\",\"postal_code\","
        "\"categories\",\"language\"\n"
        "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,es\n"
        "R-2,Bo,Lee,\"1 Oak St, Apt \"\"B\"\"\",Salem,OR,97301,ssn,",
        -1);
    const struct bl_record *rec;

    fixture_source_open(f, path);
    assert_string_equal(bl_diag_text(f->diag), "");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_string_equal(rec->recipient.language, "es");
    rec = fixture_source_next(f);
    fixture_assert_valid(rec);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->recipient.address.line1, "1 Oak St, Apt \"B\"");
    assert_string_equal(rec->recipient.language, "en"); /* empty: the incident's */
    fixture_source_end(f);
    g_free(path);
}

/* A list saved with semicolons (as a spreadsheet in some languages saves "CSV") is one column
 * wide: every required column is missing, told at the header's line, and the list is not opened. */
static void
test_csv_semicolon_separated_list_is_refused_at_its_header(void **state)
{
    struct fixture_source *f = *state;
    char *path =
        fixture_source_write(f, "semi.csv",
                             "id;first_name;last_name;address1;city;state;postal_code;categories\n"
                             "R-1;Ann;Lee;1 Oak St;Salem;OR;97301;ssn\n",
                             -1);
    char *want = g_strdup_printf("%s:1: error: missing required column 'first_name'", path);

    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_null(f->src);
    fixture_assert_has(bl_diag_text(f->diag), want);
    g_free(want);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_csv_reads_fields_trimmed_with_defaults),
        TEST(test_csv_bom_crlf_quoted_newline_keeps_line_numbers),
        TEST(test_csv_doubled_quotes_and_markup_come_back_byte_for_byte),
        TEST(test_csv_header_mapping_renames_columns),
        TEST(test_csv_missing_required_columns_are_all_reported),
        TEST(test_csv_entity_column_required_when_incident_lists_entities),
        TEST(test_csv_ragged_row_is_rejected_and_reading_goes_on),
        TEST(test_csv_unterminated_quote_names_the_start_line),
        TEST(test_csv_text_after_closing_quote_is_rejected),
        TEST(test_csv_nul_byte_is_rejected_naming_the_column),
        TEST(test_csv_invalid_utf8_is_rejected_naming_the_column),
        TEST(test_csv_invalid_utf8_in_id_leaves_row_id_empty),
        TEST(test_csv_blank_lines_are_skipped),
        TEST(test_csv_missing_file_empty_file_and_header_only),
        TEST(test_csv_utf16_is_refused_with_advice),
        TEST(test_csv_duplicate_header_column_is_fatal),
        TEST(test_csv_warns_once_about_unknown_and_absent_columns),
        TEST(test_csv_header_of_too_many_fields_names_the_limit),
        TEST(test_csv_overlong_row_is_rejected_and_reading_goes_on),
        TEST(test_csv_streams_200000_rows_with_reused_storage),
        TEST(test_csv_unknown_column_names_the_column_meant),
        TEST(test_csv_missing_column_names_the_header_cell_meant),
        TEST(test_csv_message_after_quoted_line_breaks_names_its_line),
        TEST(test_csv_last_row_without_line_break_and_quoted_header),
        TEST(test_csv_semicolon_separated_list_is_refused_at_its_header),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
