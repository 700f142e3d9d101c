/* SPDX-License-Identifier: MIT */
/* Unit tests of the recipient source: CSV and XML reading, line numbers, per-row validation,
 * safe XML, and streaming a large list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "source.h"

#define DATA BL_TEST_DATA "/source/"

/* The header every generated CSV in these tests uses. */
#define HEADER                                                                                     \
    "id,first_name,last_name,address1,city,state,postal_code,country,jurisdiction,categories,"     \
    "variant,language,entity\n"

struct fixture {
    struct bl_incident *incident;
    struct bl_diag *diag;
    struct bl_source *src;
    char *dir; /* temporary directory for generated lists */
};

static struct bl_category *
category_new(const char *id, const char *label)
{
    struct bl_category *cat = g_new0(struct bl_category, 1);

    cat->id = g_strdup(id);
    cat->group = g_strdup("identity");
    cat->label = g_strdup(label);
    return cat;
}

static void
add_entity(struct fixture *f, const char *id, const char *name)
{
    struct bl_entity *ent = g_new0(struct bl_entity, 1);

    ent->id = g_strdup(id);
    ent->name = g_strdup(name);
    ent->relationship = g_strdup("provides billing services to");
    g_ptr_array_add(f->incident->entities, ent);
}

/* An incident built by hand, so that these tests do not depend on incident XML parsing. */
static int
setup(void **state)
{
    struct fixture *f = g_new0(struct fixture, 1);
    struct bl_incident *inc = bl_incident_new();

    inc->path = g_strdup("incident.xml");
    inc->language = g_strdup("en");
    g_ptr_array_add(inc->categories, category_new("ssn", "Social Security number"));
    g_ptr_array_add(inc->categories, category_new("date-of-birth", "date of birth"));
    g_ptr_array_add(inc->categories, category_new("medical-treatment", "medical treatment"));
    f->incident = inc;
    f->diag = bl_diag_new(NULL);
    f->dir = g_dir_make_tmp("bl-source-XXXXXX", NULL);
    assert_non_null(f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    GDir *dir = g_dir_open(f->dir, 0, NULL);
    const char *name;

    bl_source_free(f->src);
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        char *path = g_build_filename(f->dir, name, NULL);

        g_remove(path);
        g_free(path);
    }
    if (dir != NULL) {
        g_dir_close(dir);
    }
    g_rmdir(f->dir);
    g_free(f->dir);
    bl_diag_free(f->diag);
    bl_incident_free(f->incident);
    g_free(f);
    return 0;
}

/* Writes len bytes (-1: a C string) to a file in the fixture's directory; returns its path. */
static char *
write_list(struct fixture *f, const char *name, const char *data, gssize len)
{
    char *path = g_build_filename(f->dir, name, NULL);

    assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static void
open_ok(struct fixture *f, const char *path)
{
    if (bl_source_open(&f->src, path, f->incident, f->diag) != 0) {
        fail_msg("cannot open %s: %s", path, bl_diag_text(f->diag));
    }
}

static const struct bl_record *
next_record(struct fixture *f)
{
    const struct bl_record *rec = NULL;

    assert_int_equal(bl_source_next(f->src, &rec), 1);
    assert_non_null(rec);
    return rec;
}

static void
assert_end(struct fixture *f)
{
    const struct bl_record *rec = NULL;

    assert_int_equal(bl_source_next(f->src, &rec), 0);
    assert_int_equal(bl_source_next(f->src, &rec), 0); /* and stays at the end */
}

static void
assert_valid(const struct bl_record *rec)
{
    if (rec->status != 0) {
        fail_msg("line %d rejected: %s", rec->line, rec->error);
    }
    assert_string_equal(rec->error, "");
}

static void
assert_rejected(const struct bl_record *rec, const char *error)
{
    assert_int_equal(rec->status, -1);
    assert_string_equal(rec->error, error);
}

static void
assert_categories(const struct bl_record *rec, int n, const int *expected)
{
    assert_int_equal(rec->recipient.categories->len, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(g_array_index(rec->recipient.categories, int, i), expected[i]);
    }
}

/* Opens a list of HEADER plus one row and returns that row's record. */
static const struct bl_record *
one_row(struct fixture *f, const char *row)
{
    char *data = g_strconcat(HEADER, row, "\n", NULL);
    char *path = write_list(f, "one.csv", data, -1);

    open_ok(f, path);
    g_free(path);
    g_free(data);
    return next_record(f);
}

/* --- CSV ------------------------------------------------------------------------------------ */

static void
test_csv_reads_fields_trimmed_with_defaults(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "good.csv");
    assert_string_equal(bl_source_path(f->src), DATA "good.csv");

    rec = next_record(f);
    assert_valid(rec);
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
    assert_categories(rec, 2, (const int[]){0, 1});
    assert_string_equal(rec->recipient.enrolment_code, "ENR-1");
    assert_string_equal(rec->recipient.language, "en");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_ADULT);
    assert_string_equal(rec->recipient.entity, "");
    assert_null(rec->recipient.covered_entity);

    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->recipient.suffix, "Jr.");
    assert_string_equal(rec->recipient.addressee, "Deborah Franklin");
    assert_string_equal(rec->recipient.address.postal_code, "19106-1234");
    assert_string_equal(rec->recipient.jurisdiction, "NJ"); /* given, not the state */
    assert_categories(rec, 2, (const int[]){0, 1});         /* '|' too, repeats collapse, sorted */
    assert_string_equal(rec->recipient.language, "es");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_MINOR);

    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->recipient.address.country, "FR");
    assert_string_equal(rec->recipient.address.state, "");
    assert_string_equal(rec->recipient.jurisdiction, "");
    assert_categories(rec, 1, (const int[]){2});
    assert_int_equal(rec->recipient.variant, BL_VARIANT_DECEASED);

    assert_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    assert_string_equal(bl_diag_text(f->diag), "");
}

static void
test_csv_bom_crlf_quoted_newline_keeps_line_numbers(void **state)
{
    struct fixture *f = *state;
    /* As Excel writes "CSV UTF-8": a byte order mark, CRLF, a cell with line breaks. */
    static const char data[] =
        "\xEF\xBB\xBFid,first_name,last_name,address1,city,state,postal_code,categories\r\n"
        "R-1,Ada,Lovelace,\"12 Analytical Way\r\nBuilding 2\r\nFloor 3\",Boston,MA,02139,ssn\r\n"
        "R-2,Ben,Franklin,1 Kite St,Philadelphia,PA,19106,ssn\r\n"
        "R-3,\"Claire\r\n\",Dupont,5 Elm St,Boston,MA,02139,ssn\r\n"
        "R-4,Dan,Brown,7 Oak St,Boston,MA,02139,ssn\r\n";
    char *path = write_list(f, "excel.csv", data, sizeof data - 1);
    const struct bl_record *rec;

    open_ok(f, path);
    rec = next_record(f);
    assert_valid(rec); /* the BOM did not stick to 'id' */
    assert_int_equal(rec->line, 2);
    assert_string_equal(rec->recipient.address.line1, "12 Analytical Way\nBuilding 2\nFloor 3");
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 5);
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 6);
    assert_string_equal(rec->recipient.first_name, "Claire");
    rec = next_record(f);
    assert_int_equal(rec->line, 8);
    assert_string_equal(rec->row_id, "R-4");
    assert_end(f);
    g_free(path);
}

static void
test_csv_doubled_quotes_and_markup_come_back_byte_for_byte(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    /* Escaping for Pango happens later, in bind: the source must not touch the text. */
    rec = one_row(f, "R-1,\"<b>Bob & \"\"Al\"\"</b>\",\"O'Brien, \"\"Jr\"\"\",1 Main St,"
                     "Boston,MA,02139,,,ssn,,,");
    assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "<b>Bob & \"Al\"</b>");
    assert_string_equal(rec->recipient.last_name, "O'Brien, \"Jr\"");
}

static void
test_csv_header_mapping_renames_columns(void **state)
{
    struct fixture *f = *state;
    GHashTable *columns = f->incident->columns;
    const struct bl_record *rec;

    g_hash_table_insert(columns, g_strdup("id"), g_strdup("Member ID"));
    g_hash_table_insert(columns, g_strdup("first_name"), g_strdup("Given Name"));
    g_hash_table_insert(columns, g_strdup("address1"), g_strdup("Street"));
    g_hash_table_insert(columns, g_strdup("postal_code"), g_strdup("ZIP"));
    g_hash_table_insert(columns, g_strdup("categories"), g_strdup("Exposed"));
    open_ok(f, DATA "mapped.csv");
    /* Header names match trimmed and case-insensitively; the extra column is named once. */
    assert_string_equal(bl_diag_text(f->diag), DATA "mapped.csv:1: warning: ignoring unknown "
                                                    "columns 'Plan'\n");
    bl_diag_clear(f->diag);

    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->recipient.id, "M-1");
    assert_string_equal(rec->recipient.first_name, "Dora");
    assert_string_equal(rec->recipient.last_name, "Explorer");
    assert_string_equal(rec->recipient.address.line1, "1 Map Rd");
    assert_string_equal(rec->recipient.address.postal_code, "73301");
    assert_categories(rec, 1, (const int[]){0});

    rec = next_record(f);
    /* Messages name the column as the file spells it. */
    assert_rejected(rec, "column 'Zip' is empty");
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "mapped.csv:3: error: column 'Zip' is empty (recipient 'M-2')\n");
    assert_end(f);
}

static void
test_csv_missing_required_columns_are_all_reported(void **state)
{
    struct fixture *f = *state;

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
    struct fixture *f = *state;

    add_entity(f, "acme", "Acme Health");
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
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "bad-ragged-row.csv");
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_int_equal(rec->line, 3);
    assert_rejected(rec, "row has 4 fields but the header has 8");
    assert_string_equal(rec->row_id, "R-2");
    rec = next_record(f);
    assert_int_equal(rec->line, 4);
    assert_rejected(rec, "row has 9 fields but the header has 8");
    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->row_id, "R-4");
    assert_end(f);
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-ragged-row.csv:3: error: row has 4 fields but the header has 8 "
                             "(recipient 'R-2')\n" DATA "bad-ragged-row.csv:4: error: row has 9 "
                             "fields but the header has 8 (recipient 'R-3')\n");
}

static void
test_csv_unterminated_quote_names_the_start_line(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "bad-unterminated-quote.csv");
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_int_equal(rec->line, 3);
    assert_rejected(rec, "unterminated quoted field in column 'address1'");
    assert_string_equal(rec->row_id, "R-2");
    assert_end(f); /* the quote swallowed the rest of the file */
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-unterminated-quote.csv:3: error: unterminated quoted field in "
                             "column 'address1' (recipient 'R-2')\n");
}

static void
test_csv_text_after_closing_quote_is_rejected(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    rec = one_row(f, "R-1,\"Ada\"x,Lovelace,1 Main St,Boston,MA,02139,,,ssn,,,");
    assert_rejected(rec, "text after the closing quote in column 'first_name'");
}

static void
test_csv_nul_byte_is_rejected_naming_the_column(void **state)
{
    struct fixture *f = *state;
    static const char data[] = HEADER "R-1,Ada,Love\0lace,1 Main St,Boston,MA,02139,,,ssn,,,\n"
                                      "R-2,Ben,Franklin,1 Kite St,Boston,MA,02139,,,ssn,,,\n";
    char *path = write_list(f, "nul.csv", data, sizeof data - 1);
    const struct bl_record *rec;

    open_ok(f, path);
    rec = next_record(f);
    assert_rejected(rec, "column 'last_name' contains a NUL byte");
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(rec->recipient.last_name, "");
    assert_valid(next_record(f));
    assert_end(f);
    g_free(path);
}

static void
test_csv_invalid_utf8_is_rejected_naming_the_column(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;
    char *expected;

    /* "Müller" in Latin-1, as a legacy export would write it. */
    rec = one_row(f, "R-1,Ada,M\xFCller,1 Main St,Boston,MA,02139,,,ssn,,,");
    assert_rejected(rec, "column 'last_name' is not valid UTF-8");
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
    struct fixture *f = *state;
    const struct bl_record *rec;
    char *expected;

    rec = one_row(f, "R-\xFF,Ada,Lovelace,1 Main St,Boston,MA,02139,,,ssn,,,");
    assert_rejected(rec, "column 'id' is not valid UTF-8");
    assert_string_equal(rec->row_id, "");
    /* No recipient named: the id cannot be shown. */
    expected = g_strdup_printf("%s/one.csv:2: error: column 'id' is not valid UTF-8\n", f->dir);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
}

static void
test_csv_blank_lines_are_skipped(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "blank-lines.csv");
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 3);
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 6); /* after a line of spaces and an empty spreadsheet row */
    assert_string_equal(rec->row_id, "R-2");
    assert_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_csv_missing_file_empty_file_and_header_only(void **state)
{
    struct fixture *f = *state;
    char *empty = write_list(f, "empty.csv", "\xEF\xBB\xBF \r\n\n", -1);
    char *header = write_list(f, "header.csv", HEADER, -1);
    char *expected;

    assert_int_equal(bl_source_open(&f->src, DATA "no-such-list.csv", f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), DATA "no-such-list.csv: error: cannot open "
                                                    "recipient list: No such file or directory\n");
    bl_diag_clear(f->diag);

    assert_int_equal(bl_source_open(&f->src, empty, f->incident, f->diag), -1);
    expected = g_strdup_printf("%s: error: recipient list is empty\n", empty);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);

    open_ok(f, header);
    assert_end(f);
    g_free(empty);
    g_free(header);
}

static void
test_csv_utf16_is_refused_with_advice(void **state)
{
    struct fixture *f = *state;
    static const char data[] = "\xFF\xFEi\0d\0\n\0";
    char *path = write_list(f, "utf16.csv", data, sizeof data - 1);

    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "utf16.csv:1: error: recipient list is UTF-16 text; save it as CSV "
                           "UTF-8\n"));
    g_free(path);
}

static void
test_csv_duplicate_header_column_is_fatal(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "dup-header.csv",
                            "id,first_name,last_name,address1,City,categories,CITY,city\n", -1);
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
    struct fixture *f = *state;
    char *path = write_list(f, "warn.csv",
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

    open_ok(f, path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
    assert_rejected(next_record(f), "column 'state' is empty");
    assert_rejected(next_record(f), "column 'state' is empty");
    assert_end(f);
    g_free(expected);
    g_free(path);
}

/* A header of more fields than the reader keeps (4096) is told by its real limit, not as a
 * row of more than 1048576 bytes, which it is not. */
static void
test_csv_header_of_too_many_fields_names_the_limit(void **state)
{
    struct fixture *f = *state;
    GString *data = g_string_new("id,first_name,last_name,address1,city,categories");
    char *path, *expected;

    for (int i = 6; i < 4097; i++) {
        g_string_append_printf(data, ",c%d", i);
    }
    g_string_append(data, "\nR-1,Ann,Lee,1 Oak St,Salem,ssn\n");
    path = write_list(f, "wide.csv", data->str, (gssize)data->len);
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
    struct fixture *f = *state;
    GString *data = g_string_new(HEADER "R-1,Ann,Lee,\"");
    char *path;
    const struct bl_record *rec;

    for (int i = 0; i < 1100 * 1024; i++) {
        g_string_append_c(data, i % 64 == 63 ? '\n' : 'x');
    }
    g_string_append(data, "\",Salem,OR,97301,,,ssn,,,\n"
                          "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n");
    path = write_list(f, "long.csv", data->str, (gssize)data->len);
    open_ok(f, path);
    rec = next_record(f);
    assert_int_equal(rec->line, 2);
    assert_rejected(rec, "row is longer than 1048576 bytes");
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 2 + 1100 * 1024 / 64 + 1); /* the long field had 17600 breaks */
    assert_end(f);
    g_string_free(data, TRUE);
    g_free(path);
}

/* --- Validation of each row (shared by both formats; exercised through CSV) ----------------- */

struct row_case {
    const char *row;   /* after HEADER */
    const char *error; /* NULL: valid */
};

static void
test_rows_are_validated_with_one_clear_error(void **state)
{
    struct fixture *f = *state;
    /* Every row names the same person: no message may show their name, street or ZIP. */
    static const struct row_case cases[] = {
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,ZZ,02139,,,ssn,,,", "unknown state 'ZZ'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,Zebedee,02139,,,ssn,,,",
         "unknown state in column 'state'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,,02139,,,ssn,,,", "column 'state' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,0213,,,ssn,,,",
         "postal code is not a US ZIP code (12345 or 12345-6789)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139-12,,,ssn,,,",
         "postal code is not a US ZIP code (12345 or 12345-6789)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,,,,ssn,,,",
         "column 'postal_code' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,US,XX,ssn,,,",
         "unknown jurisdiction 'XX'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,Ontario,M5V 2T6,CA,,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,,,CA,NY,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,ON,,USA,,ssn,,,",
         "country 'USA' is not an ISO 3166 code (two capital letters)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Toronto,ON,,Canada,,ssn,,,",
         "country in column 'country' is not an ISO 3166 code (two capital letters)"},
        {"R-1,,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", "column 'first_name' is empty"},
        {"R-1,Zebedee,  ,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,",
         "column 'last_name' is empty"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,foo;ssn,,,",
         "category 'foo' is not one of the incident's categories"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn;Zebedee Quuxley,,,",
         "category in column 'categories' is not one of the incident's categories"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,, ; | ,,,",
         "no categories listed"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,child,,",
         "unknown variant 'child' (adult, minor or deceased)"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,EN,",
         "language 'EN' is not a two-letter lowercase code such as 'en'"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,acme",
         "column 'entity' is set but the incident lists no covered entities"},
        {"R/1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", NULL},
        {"R\x01"
         "1,Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,",
         "column 'id' has a control or invisible character (tab, line break, bidi control or "
         "similar)"},
        {",Zebedee,Quuxley,742 Evergreen Ter,Boston,MA,02139,,,ssn,,,", "column 'id' is empty"},
        /* military mail (USPS Publication 28): APO, FPO or DPO with AA (ZIP 340xx), AE (090xx
         * to 098xx) or AP (962xx to 966xx); the state of residence in 'jurisdiction' */
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,AP,96278-2050,,TX,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,PSC 802 Box 74,FPO,AA,34090,,FL,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,Unit 4010 Box 10,DPO,AE,09012,,VA,ssn,,,", NULL},
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,CA,96278,,,ssn,,,",
         "city APO is military mail: its state must be AA, AE or AP, not 'CA'"},
        {"R-1,Zebedee,Quuxley,Unit 2050 Box 4190,APO,AE,96278,,TX,ssn,,,",
         "postal code is not a ZIP code of AE (Armed Forces Europe): its ZIP codes are 090xx to "
         "098xx"},
        {"R-1,Zebedee,Quuxley,PSC 802 Box 74,FPO,AA,09499,,TX,ssn,,,",
         "postal code is not a ZIP code of AA (Armed Forces Americas): its ZIP codes are 340xx"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Boston,AE,09499,,MA,ssn,,,",
         "state AE is military mail (Armed Forces Europe): its city must be APO, FPO or DPO"},
        {"R-1,Zebedee,Quuxley,742 Evergreen Ter,Fresno,CA,96278,,,ssn,,,",
         "postal code is a ZIP code of AP (Armed Forces Pacific, 962xx to 966xx): its state must "
         "be AP, with APO, FPO or DPO as the city"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct row_case *c = &cases[i];
        const struct bl_record *rec = one_row(f, c->row);
        const char *text = bl_diag_text(f->diag);

        if (c->error == NULL) {
            assert_valid(rec);
            assert_string_equal(text, "");
        } else {
            char *expected = g_strdup_printf(
                "%s/one.csv:2: error: %s%s\n", f->dir, c->error,
                rec->row_id[0] == 'R' && rec->row_id[1] == '-' ? " (recipient 'R-1')" : "");

            if (rec->status != -1 || strcmp(rec->error, c->error) != 0) {
                fail_msg("case %zu: expected '%s', got status %d '%s'", i, c->error, rec->status,
                         rec->error);
            }
            assert_string_equal(text, expected);
            g_free(expected);
        }
        assert_null(strstr(text, "Zebedee"));
        assert_null(strstr(text, "Quuxley"));
        assert_null(strstr(text, "Evergreen"));
        assert_null(strstr(text, "02139"));
        assert_null(strstr(text, "M5V"));
        bl_source_free(f->src);
        f->src = NULL;
        bl_diag_clear(f->diag);
    }
}

static void
test_foreign_address_needs_no_state_or_zip(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    rec = one_row(f, "R-1,Ann,Lee,10 Downing St,London,,SW1A 2AA,GB,,ssn,,,");
    assert_valid(rec);
    assert_string_equal(rec->recipient.address.country, "GB");
    assert_string_equal(rec->recipient.address.postal_code, "SW1A 2AA");
    assert_string_equal(rec->recipient.jurisdiction, "");
}

static void
test_duplicate_id_names_the_first_line(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "dup.csv",
                            HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "R-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                            -1);
    char *expected = g_strdup_printf("%s:4: error: duplicate recipient id 'R-1' (first on line "
                                     "2)\n",
                                     path);
    const struct bl_record *rec;

    open_ok(f, path);
    assert_valid(next_record(f));
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_rejected(rec, "duplicate recipient id 'R-1' (first on line 2)");
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_end(f);
    g_free(expected);
    g_free(path);
}

/* Ids are case-sensitive ("ABC-1" and "abc-1" are two people, both valid); the later one is
 * marked as a case twin of the first, so its letter gets a file name of its own. An id that
 * differs only in Unicode form is the same text, so the same id: a duplicate. */
static void
test_ids_equal_but_for_case_are_two_people_and_marked(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "fold.csv",
                            HEADER "ABC-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "Jos\xC3\xA9-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "abc-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "Jose\xCC\x81-2,Di,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "JOSE\xCC\x81-2,Ed,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "Jose-2,Flo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "abc-1,Gil,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                            -1);
    char *expected =
        g_strdup_printf("%s:5: error: duplicate recipient id 'Jose\xCC\x81-2' (first on line 3)\n"
                        "%s:8: error: duplicate recipient id 'abc-1' (first on line 4)\n",
                        path, path);
    const struct bl_record *rec;

    open_ok(f, path);
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 0);
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_valid(rec); /* abc-1: another person than ABC-1 */
    assert_int_equal(rec->duplicate_of, 0);
    assert_int_equal(rec->case_twin_of, 2);
    assert_string_equal(rec->row_id, "abc-1");
    rec = next_record(f);
    assert_rejected(rec, "duplicate recipient id 'Jose\xCC\x81-2' (first on line 3)");
    assert_int_equal(rec->duplicate_of, 3); /* José, its accent composed or not */
    assert_string_equal(rec->row_id, "Jose\xCC\x81-2"); /* the manifest keeps the id as given */
    rec = next_record(f);
    assert_valid(rec); /* JOSÉ-2 */
    assert_int_equal(rec->case_twin_of, 3);
    rec = next_record(f);
    assert_valid(rec); /* without the accent: another id, and no twin */
    assert_int_equal(rec->duplicate_of, 0);
    assert_int_equal(rec->case_twin_of, 0);
    rec = next_record(f);
    assert_rejected(rec, "duplicate recipient id 'abc-1' (first on line 4)"); /* the same again */
    assert_int_equal(rec->case_twin_of, 0);
    assert_end(f);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

static void
test_xml_ids_equal_but_for_case_are_two_people(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "fold.xml",
                            "<recipients>\n"
                            "<recipient id='r-7'><first-name>Ann</first-name><last-name>Lee"
                            "</last-name><address1>1 Oak</address1><city>Salem</city><state>OR"
                            "</state><postal-code>97301</postal-code><categories><category "
                            "id='ssn'/></categories></recipient>\n"
                            "<recipient id='R-7'><first-name>Bo</first-name><last-name>Lee"
                            "</last-name><address1>1 Oak</address1><city>Salem</city><state>OR"
                            "</state><postal-code>97301</postal-code><categories><category "
                            "id='ssn'/></categories></recipient>\n"
                            "</recipients>\n",
                            -1);
    const struct bl_record *rec;

    open_ok(f, path);
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 2);
    assert_end(f);
    g_free(path);
}

/* A list read again after the check uses the check's table, which has the duplicates (line ->
 * line of the first) and the ids in another case (line -> minus the line of the first). */
static void
test_known_duplicates_replace_the_table_of_ids(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "again.csv",
                            HEADER "ABC-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "abc-1,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "abc-1,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                            -1);
    GHashTable *dups = g_hash_table_new(g_direct_hash, g_direct_equal);
    const struct bl_record *rec;

    g_hash_table_insert(dups, GINT_TO_POINTER(3), GINT_TO_POINTER(-2));
    g_hash_table_insert(dups, GINT_TO_POINTER(4), GINT_TO_POINTER(3));
    open_ok(f, path);
    bl_source_use_duplicates(f->src, dups);
    assert_valid(next_record(f));
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->case_twin_of, 2);
    assert_int_equal(rec->duplicate_of, 0);
    rec = next_record(f);
    assert_rejected(rec, "duplicate recipient id 'abc-1' (first on line 3)");
    assert_int_equal(rec->case_twin_of, 0);
    assert_end(f);
    g_hash_table_unref(dups);
    g_free(path);
}

static void
test_entity_required_and_resolved_when_incident_lists_entities(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "entities.csv",
                            HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,beta\n"
                                   "R-2,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "R-3,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,gamma\n",
                            -1);
    const struct bl_record *rec;

    add_entity(f, "acme", "Acme Health");
    add_entity(f, "beta", "Beta Clinic");
    open_ok(f, path);
    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->recipient.entity, "beta");
    assert_ptr_equal(rec->recipient.covered_entity, g_ptr_array_index(f->incident->entities, 1));
    rec = next_record(f);
    assert_rejected(rec, "column 'entity' is empty");
    assert_null(rec->recipient.covered_entity);
    rec = next_record(f);
    assert_rejected(rec, "unknown covered entity 'gamma'");
    assert_end(f);
    g_free(path);
}

/* Neither the digits of the number nor its last four appear in the messages. */
static void
assert_withheld(struct fixture *f, const struct bl_record *rec, const char *digits)
{
    const char *text = bl_diag_text(f->diag);

    if (strstr(text, digits) != NULL || strstr(rec->error, digits) != NULL ||
        strstr(text, "6789") != NULL || strstr(text, "1111") != NULL) {
        fail_msg("a number shows in '%s' / '%s'", text, rec->error);
    }
}

static void
test_numbers_like_ssn_or_card_are_withheld_from_messages(void **state)
{
    struct fixture *f = *state;
    static const struct row_case cases[] = {
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn;123-45-6789,,,",
         "category '[number withheld]' is not one of the incident's categories"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,123456789,,,",
         "category '[number withheld]' is not one of the incident's categories"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,4111-1111-1111-1111,,",
         "unknown variant '[number withheld]' (adult, minor or deceased)"},
        {"R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,12-3456789",
         "column 'entity' is set but the incident lists no covered entities"},
        {"R-1,Ann,Lee,1 Oak St,Salem,123456789,97301,,,ssn,,,", "unknown state in column 'state'"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct bl_record *rec = one_row(f, cases[i].row);
        char *expected =
            g_strdup_printf("%s/one.csv:2: error: %s (recipient 'R-1')\n", f->dir, cases[i].error);

        assert_rejected(rec, cases[i].error);
        assert_string_equal(bl_diag_text(f->diag), expected);
        assert_withheld(f, rec, "123");
        g_free(expected);
        bl_source_free(f->src);
        f->src = NULL;
        bl_diag_clear(f->diag);
    }
}

static void
test_entity_like_an_ein_is_withheld(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    add_entity(f, "acme", "Acme Health");
    rec = one_row(f, "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,12-3456789");
    assert_rejected(rec, "unknown covered entity '[number withheld]'");
    assert_withheld(f, rec, "3456");
}

static void
test_id_like_an_ssn_is_withheld_from_messages_but_kept(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "ids.csv",
                            HEADER "123-45-6789,Ann,Lee,1 Oak St,Salem,XX,97301,,,ssn,,,\n"
                                   "4111 1111 1111 1111,Bo,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "4111-1111-1111-1111,Cy,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n"
                                   "4111 1111 1111 1111,Di,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n",
                            -1);
    char *expected = g_strdup_printf(
        "%s:2: error: unknown state 'XX' (recipient '[number withheld]')\n"
        "%s:5: error: duplicate recipient id '[number withheld]' (first on line 3)\n",
        path, path);
    const struct bl_record *rec;

    open_ok(f, path);
    rec = next_record(f);
    assert_rejected(rec, "unknown state 'XX'");
    /* the manifest's id is the mailing key: the id itself, as given */
    assert_string_equal(rec->row_id, "123-45-6789");
    assert_valid(next_record(f));
    assert_valid(next_record(f)); /* another number: not the same id */
    rec = next_record(f);
    assert_rejected(rec, "duplicate recipient id '[number withheld]' (first on line 3)");
    assert_string_equal(rec->row_id, "4111 1111 1111 1111");
    assert_end(f);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);
}

static void
test_names_from_the_list_are_withheld_when_numbers(void **state)
{
    struct fixture *f = *state;
    char *csv = write_list(f, "header.csv",
                           "id,first_name,last_name,address1,city,state,postal_code,categories,"
                           "123-45-6789\n"
                           "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,x\n",
                           -1);
    char *xml = write_list(f, "names.xml",
                           "<recipients>\n"
                           "<recipient id='R-1'><a123456789/></recipient>\n"
                           "<recipient id='R-2' n123-45-6789='x'/>\n"
                           "</recipients>\n",
                           -1);
    char *root = write_list(f, "root.xml", "<r123456789/>\n", -1);
    const struct bl_record *rec;

    open_ok(f, csv);
    assert_non_null(strstr(bl_diag_text(f->diag), "ignoring unknown columns '[number withheld]'"));
    assert_valid(next_record(f));
    bl_source_free(f->src);
    f->src = NULL;
    bl_diag_clear(f->diag);
    open_ok(f, xml);
    rec = next_record(f);
    assert_rejected(rec, "unknown element 'a[number withheld]'");
    rec = next_record(f);
    assert_rejected(rec, "unknown attribute 'n[number withheld]' on 'recipient'");
    assert_null(strstr(bl_diag_text(f->diag), "6789"));
    bl_source_free(f->src);
    f->src = NULL;
    bl_diag_clear(f->diag);
    assert_int_equal(bl_source_open(&f->src, root, f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "root element is 'r[number withheld]', expected 'recipients'"));
    g_free(csv);
    g_free(xml);
    g_free(root);
}

/* --- XML ------------------------------------------------------------------------------------ */

static void
test_xml_reads_records_with_line_numbers(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "good.xml");
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->row_id, "R-1");
    assert_string_equal(rec->recipient.first_name, "<b>Bob & \"Al\"</b>");
    assert_string_equal(rec->recipient.last_name, "Smith");
    assert_string_equal(rec->recipient.address.postal_code, "62701");
    assert_string_equal(rec->recipient.jurisdiction, "IL");
    assert_string_equal(rec->recipient.enrolment_code, "ABC123");
    assert_categories(rec, 2, (const int[]){0, 2});

    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 19);
    assert_string_equal(rec->recipient.title, "Mr.");
    assert_string_equal(rec->recipient.addressee, "Parent or guardian of Tim Smith");
    assert_string_equal(rec->recipient.address.line2, "Unit <2>");
    assert_string_equal(rec->recipient.jurisdiction, "MO");
    assert_string_equal(rec->recipient.language, "es");
    assert_int_equal(rec->recipient.variant, BL_VARIANT_MINOR);
    assert_categories(rec, 1, (const int[]){1});
    assert_end(f);
    assert_int_equal(bl_diag_error_count(f->diag), 0);
}

static void
test_xml_unknown_element_rejects_the_record(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;

    open_ok(f, DATA "bad-unknown-element.xml");
    rec = next_record(f);
    assert_int_equal(rec->line, 3);
    assert_rejected(rec, "unknown element 'zip'");
    assert_string_equal(rec->row_id, "R-1");
    rec = next_record(f);
    assert_valid(rec);
    assert_int_equal(rec->line, 12);
    assert_end(f);
    assert_string_equal(bl_diag_text(f->diag), DATA "bad-unknown-element.xml:3: error: unknown "
                                                    "element 'zip' (recipient 'R-1')\n");
}

static void
test_xml_messages_name_elements(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "list.xml",
                            "<recipients>\n"
                            "<recipient id=' R-1 '><first-name/><last-name>Lee</last-name>"
                            "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
                            "<postal-code>97301</postal-code><categories><category id='ssn'/>"
                            "</categories></recipient>\n"
                            "<recipient><first-name>Bo</first-name></recipient>\n"
                            "<recipient id='R-3'><first-name><b>Bo</b></first-name></recipient>\n"
                            "<recipient id='R-4' kind='x'/>\n"
                            "<person id='R-5'/>\n"
                            "stray text\n"
                            "</recipients>\n",
                            -1);
    const struct bl_record *rec;

    open_ok(f, path);
    rec = next_record(f);
    assert_rejected(rec, "element 'first-name' is empty");
    assert_string_equal(rec->row_id, "R-1");
    rec = next_record(f);
    assert_rejected(rec, "attribute 'id' is empty");
    assert_int_equal(rec->line, 3);
    rec = next_record(f);
    assert_rejected(rec, "element 'b' is not allowed inside 'first-name'");
    rec = next_record(f);
    assert_rejected(rec, "unknown attribute 'kind' on 'recipient'");
    rec = next_record(f);
    assert_rejected(rec, "unknown element 'person' (expected 'recipient')");
    assert_string_equal(rec->row_id, "R-5");
    rec = next_record(f);
    assert_rejected(rec, "text outside any 'recipient' element");
    assert_string_equal(rec->row_id, "");
    assert_end(f);
    g_free(path);
}

static void
test_xml_doctype_with_external_entity_is_refused(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(bl_source_open(&f->src, DATA "bad-doctype-entity.xml", f->incident, f->diag),
                     -1);
    assert_null(f->src);
    assert_non_null(strstr(bl_diag_text(f->diag),
                           "bad-doctype-entity.xml:2: error: a DOCTYPE declaration is not "
                           "allowed in a recipient list (entities and DTDs are never read); "
                           "remove it\n"));
    assert_null(strstr(bl_diag_text(f->diag), "root:"));
}

static void
test_xml_entity_to_local_file_is_never_read(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(
        bl_source_open(&f->src, DATA "bad-doctype-local-entity.xml", f->incident, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag), "DOCTYPE declaration is not allowed"));
    assert_null(strstr(bl_diag_text(f->diag), "XXE-MARKER"));
}

static void
test_xml_root_must_be_recipients(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(bl_source_open(&f->src, DATA "bad-root.xml", f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), DATA "bad-root.xml:2: error: root element is "
                                                    "'people', expected 'recipients'\n");
}

static void
test_xml_not_well_formed_small_file_fails_with_line(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec = NULL;
    int rc = bl_source_open(&f->src, DATA "bad-not-well-formed.xml", f->incident, f->diag);

    /* libxml2 may see the error while looking for the root element: open fails then. */
    if (rc == 0) {
        while ((rc = bl_source_next(f->src, &rec)) == 1) {
        }
    }
    assert_int_equal(rc, -1);
    assert_string_equal(bl_diag_text(f->diag),
                        DATA "bad-not-well-formed.xml:4: error: opening and ending tag mismatch: "
                             "first-name line 4 and last-name\n");
}

#define XML_RECORD                                                                                 \
    "<recipient id='R-%d'><first-name>Ann</first-name><last-name>Lee</last-name>"                  \
    "<address1>1 Oak St</address1><city>Salem</city><state>OR</state>"                             \
    "<postal-code>97301</postal-code><categories><category id='ssn'/></categories>"                \
    "</recipient>\n"

static char *
write_xml_records(struct fixture *f, int n, const char *tail)
{
    GString *xml = g_string_new("<?xml version='1.0'?>\n<recipients>\n");
    char *path;

    for (int i = 1; i <= n; i++) {
        g_string_append_printf(xml, XML_RECORD, i);
    }
    g_string_append(xml, tail);
    path = write_list(f, "big.xml", xml->str, (gssize)xml->len);
    g_string_free(xml, TRUE);
    return path;
}

static void
test_xml_not_well_formed_after_records_returns_minus_one(void **state)
{
    struct fixture *f = *state;
    char *path = write_xml_records(f, 500, "<recipient id='bad'>\n</recipients>\n");
    char *expected = g_strdup_printf("%s:504: error: opening and ending tag mismatch: recipient "
                                     "line 503 and recipients\n",
                                     path);
    const struct bl_record *rec = NULL;
    int n = 0;
    int rc;

    open_ok(f, path);
    while ((rc = bl_source_next(f->src, &rec)) == 1) {
        assert_valid(rec);
        n++;
    }
    assert_int_equal(rc, -1);
    assert_true(n > 100); /* the records before the error came through */
    assert_true(n <= 500);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_int_equal(bl_source_next(f->src, &rec), -1); /* and it stays failed */
    g_free(expected);
    g_free(path);
}

static void
test_xml_line_numbers_past_65535(void **state)
{
    struct fixture *f = *state;
    char *path = write_xml_records(f, 70000, "</recipients>\n");
    const struct bl_record *rec = NULL;
    int n = 0;
    int last = 0;

    open_ok(f, path);
    while (bl_source_next(f->src, &rec) == 1) {
        assert_int_equal(rec->status, 0);
        last = rec->line;
        n++;
    }
    assert_int_equal(n, 70000);
    assert_int_equal(last, 70002);
    g_free(path);
}

static void
test_format_is_sniffed_without_a_known_extension(void **state)
{
    struct fixture *f = *state;
    char *xml = write_list(f, "list.txt",
                           "\n  <recipients><recipient id='R-1'><first-name>A</first-name>"
                           "</recipient></recipients>\n",
                           -1);
    char *csv =
        write_list(f, "list.dat", HEADER "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,,,ssn,,,\n", -1);

    open_ok(f, xml);
    assert_rejected(next_record(f), "element 'last-name' is empty");
    bl_source_free(f->src);
    f->src = NULL;
    open_ok(f, csv);
    assert_valid(next_record(f));
    g_free(xml);
    g_free(csv);
}

/* --- Streaming -------------------------------------------------------------------------------- */

static void
test_csv_streams_200000_rows_with_reused_storage(void **state)
{
    struct fixture *f = *state;
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

    open_ok(f, path);
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

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

static void
test_bidi_and_invisible_characters_are_removed(void **state)
{
    struct fixture *f = *state;
    /* "Eve" with a right-to-left override, a zero-width space and a BOM; a Persian name
     * keeps its zero-width non-joiner */
    const struct bl_record *rec = one_row(f, "R-1,\xe2\x80\xae"
                                             "Eve\xe2\x80\x8b\xef\xbb\xbf,Ma\xe2\x80\x8c"
                                             "ry,"
                                             "742 Evergreen Ter,Boston,MA,02139,,,ssn,,,");

    assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "Eve");
    assert_string_equal(rec->recipient.last_name, "Ma\xe2\x80\x8c"
                                                  "ry");
}

static void
test_values_lose_invisibles_and_keep_breaks_ids_refuse_them(void **state)
{
    struct fixture *f = *state;
    /* a Devanagari first name with a zero-width joiner (kept), a last name ending in a
     * zero-width space and a space (both go), a tab between words (a space), an address with
     * a LINE SEPARATOR and a lone CR (line breaks), a private-use character in the city */
    const struct bl_record *rec = one_row(f, "R-1,\"\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                                             "\xe0\xa4\xb7\",\"Lee\tSmith\xe2\x80\x8b \","
                                             "\"742 Evergreen Ter\xe2\x80\xa8"
                                             "Apt 4\rRear\",Bos\xee\x80\x80ton,MA,02139,,,ssn,,,");

    assert_valid(rec);
    assert_string_equal(rec->recipient.first_name, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                                                   "\xe0\xa4\xb7");
    assert_string_equal(rec->recipient.last_name, "Lee Smith");
    assert_string_equal(rec->recipient.address.line1, "742 Evergreen Ter\nApt 4\nRear");
    assert_string_equal(rec->recipient.address.city, "Boston");
    bl_source_free(f->src);
    f->src = NULL;

    /* an id is never changed: one that hides or reorders characters is refused, without being
     * quoted; a joiner is a character ids may hold, as names do */
    rec = one_row(f, "R-1\xe2\x80\xae"
                     "2,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    assert_rejected(rec, "column 'id' has a control or invisible character (tab, line break, "
                         "bidi control or similar)");
    assert_null(strstr(bl_diag_text(f->diag), "R-1"));
    bl_source_free(f->src);
    f->src = NULL;
    rec = one_row(f, "R\xe2\x80\x8b"
                     "1,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    assert_int_equal(rec->status, -1);
    bl_source_free(f->src);
    f->src = NULL;
    rec = one_row(f, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d"
                     "1,Eve,Lee,1 Elm St,Boston,MA,02139,,,ssn,,,");
    assert_valid(rec);
}

static void
test_csv_unknown_column_names_the_column_meant(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "meant.csv",
                            "id,first_name,last_name,address1,city,categories,ST,ZIP Code,Notes\n"
                            "R-1,Ann,Lee,1 Oak St,Salem,ssn,OR,97301,x\n",
                            -1);
    char *expected = g_strdup_printf("%s:1: warning: ignoring unknown columns 'ST' (did you "
                                     "mean 'state'?), 'ZIP Code' (did you mean 'postal_code'?), "
                                     "'Notes'\n",
                                     path);

    open_ok(f, path);
    assert_non_null(strstr(bl_diag_text(f->diag), expected));
    g_free(expected);
    g_free(path);
}

static void
test_csv_missing_column_names_the_header_cell_meant(void **state)
{
    struct fixture *f = *state;
    char *path = write_list(f, "misspelt.csv",
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

/* --- custom fields ----------------------------------------------------------------------- */

/* Declares a custom field in the fixture's incident, as <recipient-fields> would. */
static void
add_custom(struct fixture *f, const char *name, const char *column, enum bl_custom_kind kind,
           gboolean required, gboolean personal)
{
    struct bl_custom_field *field = g_new0(struct bl_custom_field, 1);

    field->name = g_strdup(name);
    field->column = g_strdup(column != NULL ? column : name);
    field->label = g_strdup(name);
    field->kind = kind;
    field->required = required;
    field->personal = personal;
    g_ptr_array_add(f->incident->custom_fields, field);
}

static void
add_customs(struct fixture *f)
{
    add_custom(f, "username", NULL, BL_CUSTOM_CODE, TRUE, TRUE);
    add_custom(f, "account_last4", "Account Last 4", BL_CUSTOM_TEXT, FALSE, TRUE);
    add_custom(f, "visit_date", NULL, BL_CUSTOM_DATE, FALSE, TRUE);
    add_custom(f, "records", NULL, BL_CUSTOM_NUMBER, FALSE, FALSE);
}

#define CUSTOM_HEADER                                                                              \
    "id,first_name,last_name,address1,city,state,postal_code,categories,Username,"                 \
    "account last 4,visit_date,records,Notes\n"
#define CUSTOM_ROW(id, rest) id ",Ann,Lee,1 Oak St,Salem,OR,97301,ssn," rest ",x\n"

/* The columns the incident declares come with each record, trimmed and made safe like every
 * value; a required one must have a value, a date be a date and a number a number; the other
 * columns are still ignored, with one warning. The record's storage is reused. */
static void
test_declared_columns_come_with_each_record(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;
    char **first;
    char *path, *expected;
    struct bl_recipient *copy;

    add_customs(f);
    path = write_list(f, "custom.csv",
                      CUSTOM_HEADER CUSTOM_ROW("R-1", " jdoe\u202e-77 ,4821,2024-03-05,12")
                          CUSTOM_ROW("R-2", ",4821,,") CUSTOM_ROW("R-3", "cy,,2024-13-01,")
                              CUSTOM_ROW("R-4", "di,,,1e3") CUSTOM_ROW("R-5", "ed,,,"),
                      -1);
    open_ok(f, path);
    expected = g_strdup_printf("%s:1: warning: ignoring unknown columns 'Notes'\n", path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->recipient.custom[0], "jdoe-77");
    assert_string_equal(rec->recipient.custom[1], "4821");
    assert_string_equal(rec->recipient.custom[2], "2024-03-05");
    assert_string_equal(rec->recipient.custom[3], "12");
    assert_null(rec->recipient.custom[4]);
    first = rec->recipient.custom;
    copy = bl_recipient_copy(&rec->recipient);
    rec = next_record(f);
    assert_ptr_equal(rec->recipient.custom, first); /* the storage is the list's, reused */
    assert_rejected(rec, "column 'Username' is empty");
    /* a copy outlives the row */
    assert_string_equal(copy->custom[0], "jdoe-77");
    assert_null(copy->custom[4]);
    bl_recipient_free(copy);
    /* a personal field's value is never quoted; another's may be */
    assert_rejected(next_record(f), "column 'visit_date' is not a YYYY-MM-DD date");
    assert_rejected(next_record(f), "column 'records' is not a whole number: '1e3'");
    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->recipient.custom[1], "");
    assert_end(f);
    assert_null(strstr(bl_diag_text(f->diag), "2024-13-01"));
    assert_non_null(strstr(bl_diag_text(f->diag), ":3: error: column 'Username' is empty "
                                                  "(recipient 'R-2')\n"));
    g_free(path);
}

/* A required declared column the header lacks stops the list, naming the column and the cell
 * it may be; an optional one is warned about once. */
static void
test_declared_columns_missing_from_the_header(void **state)
{
    struct fixture *f = *state;
    char *path, *expected;

    add_customs(f);
    path = write_list(f, "nouser.csv",
                      "id,first_name,last_name,address1,city,state,postal_code,categories,"
                      "usrname\nR-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,jdoe\n",
                      -1);
    expected = g_strdup_printf("%s:1: error: missing required column 'username' (declared in "
                               "the incident's <recipient-fields>); is it 'usrname'?\n",
                               path);
    assert_int_equal(bl_source_open(&f->src, path, f->incident, f->diag), -1);
    assert_string_equal(bl_diag_text(f->diag), expected);
    g_free(expected);
    g_free(path);

    bl_diag_clear(f->diag);
    path = write_list(f, "nolast4.csv",
                      "id,first_name,last_name,address1,city,state,postal_code,categories,"
                      "username,visit_date,records\n"
                      "R-1,Ann,Lee,1 Oak St,Salem,OR,97301,ssn,jdoe,,\n",
                      -1);
    expected = g_strdup_printf("%s:1: warning: no column 'Account Last 4', which the incident "
                               "declares in <recipient-fields>: field 'recipient.account_last4' "
                               "is empty in every letter\n",
                               path);
    open_ok(f, path);
    assert_string_equal(bl_diag_text(f->diag), expected);
    assert_string_equal(next_record(f)->recipient.custom[1], "");
    assert_end(f);
    g_free(expected);
    g_free(path);
}

/* An XML list gives a declared field as an element named like it ('-' for '_'); any other
 * element still rejects the record. */
static void
test_xml_declared_elements_come_with_each_record(void **state)
{
    struct fixture *f = *state;
    const struct bl_record *rec;
    char *path;

    add_customs(f);
    path = write_list(f, "custom.xml",
                      "<recipients>\n"
                      "<recipient id='R-1'><first-name>Ann</first-name><last-name>Lee</last-name>"
                      "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
                      "<postal-code>97301</postal-code><categories><category id='ssn'/>"
                      "</categories><username> jdoe </username>"
                      "<account-last4>4821</account-last4></recipient>\n"
                      "<recipient id='R-2'><first-name>Bo</first-name><last-name>Lee</last-name>"
                      "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
                      "<postal-code>97301</postal-code><categories><category id='ssn'/>"
                      "</categories><username>bo</username><nickname>B</nickname></recipient>\n"
                      "<recipient id='R-3'><first-name>Cy</first-name><last-name>Lee</last-name>"
                      "<address1>1 Oak</address1><city>Salem</city><state>OR</state>"
                      "<postal-code>97301</postal-code><categories><category id='ssn'/>"
                      "</categories></recipient>\n"
                      "</recipients>\n",
                      -1);
    open_ok(f, path);
    rec = next_record(f);
    assert_valid(rec);
    assert_string_equal(rec->recipient.custom[0], "jdoe");
    assert_string_equal(rec->recipient.custom[1], "4821");
    assert_string_equal(rec->recipient.custom[2], "");
    assert_rejected(next_record(f), "unknown element 'nickname'");
    assert_rejected(next_record(f), "element 'username' is empty");
    assert_end(f);
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
        TEST(test_csv_unknown_column_names_the_column_meant),
        TEST(test_csv_missing_column_names_the_header_cell_meant),
        TEST(test_csv_header_of_too_many_fields_names_the_limit),
        TEST(test_csv_overlong_row_is_rejected_and_reading_goes_on),
        TEST(test_rows_are_validated_with_one_clear_error),
        TEST(test_bidi_and_invisible_characters_are_removed),
        TEST(test_values_lose_invisibles_and_keep_breaks_ids_refuse_them),
        TEST(test_foreign_address_needs_no_state_or_zip),
        TEST(test_duplicate_id_names_the_first_line),
        TEST(test_ids_equal_but_for_case_are_two_people_and_marked),
        TEST(test_xml_ids_equal_but_for_case_are_two_people),
        TEST(test_known_duplicates_replace_the_table_of_ids),
        TEST(test_entity_required_and_resolved_when_incident_lists_entities),
        TEST(test_numbers_like_ssn_or_card_are_withheld_from_messages),
        TEST(test_entity_like_an_ein_is_withheld),
        TEST(test_id_like_an_ssn_is_withheld_from_messages_but_kept),
        TEST(test_names_from_the_list_are_withheld_when_numbers),
        TEST(test_xml_reads_records_with_line_numbers),
        TEST(test_xml_unknown_element_rejects_the_record),
        TEST(test_xml_messages_name_elements),
        TEST(test_xml_doctype_with_external_entity_is_refused),
        TEST(test_xml_entity_to_local_file_is_never_read),
        TEST(test_xml_root_must_be_recipients),
        TEST(test_xml_not_well_formed_small_file_fails_with_line),
        TEST(test_xml_not_well_formed_after_records_returns_minus_one),
        TEST(test_xml_line_numbers_past_65535),
        TEST(test_format_is_sniffed_without_a_known_extension),
        TEST(test_csv_streams_200000_rows_with_reused_storage),
        TEST(test_declared_columns_come_with_each_record),
        TEST(test_declared_columns_missing_from_the_header),
        TEST(test_xml_declared_elements_come_with_each_record),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
