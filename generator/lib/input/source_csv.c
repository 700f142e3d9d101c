/* SPDX-License-Identifier: MIT */
/* Recipient source, CSV backend: reads the header and maps its columns, then hands each row
 * that csv.c tokenizes to source.c as raw fields, wording the row's problems of form. */
#include "source_impl.h"

#include <string.h>

#include "csv.h"
#include "text.h"

struct csv {
    struct bl_csv_reader *reader;

    /* The header. */
    char **header;              /* names, trimmed, as the file spells them */
    guint width;                /* 0 while reading the header: keep every field */
    int column[BL_FIELD_COUNT]; /* index of each field's column, -1 when absent */
    int *custom_column;         /* the same for each custom field of the incident */
};

/* Reads the next row that is not blank (a blank line, or ",,," as spreadsheets write for an
 * empty row). */
static int
read_nonblank_row(struct bl_source *src, struct csv *csv, const struct bl_csv_row **out)
{
    int rc;

    do {
        rc = bl_csv_reader_next(csv->reader, out);
    } while (rc > 0 && !(*out)->text && (*out)->problem == BL_CSV_OK && !(*out)->too_long);
    if (rc < 0) {
        struct bl_loc loc = {src->path, bl_csv_reader_line(csv->reader), 0};

        bl_diag_error(src->diag, &loc, "cannot read recipient list: %s",
                      g_strerror(bl_csv_reader_errno(csv->reader)));
    }
    return rc;
}

/* How messages name a column: "column 'ZIP'". A header that is really a row of data may hold
 * a Social Security or card number: its digits are withheld. Free with g_free(). */
static char *
column_label(const char *name)
{
    char *safe = bl_text_redact(name);
    char *label = g_strdup_printf("column '%s'", safe);

    g_free(safe);
    return label;
}

/* How messages name field index i of a row. Free with g_free(). */
static char *
cell_label(const struct csv *csv, guint i)
{
    if (i < csv->width && csv->header[i][0] != '\0') {
        return column_label(csv->header[i]);
    }
    return g_strdup_printf("field %u", i + 1);
}

static int
csv_read(struct bl_source *src)
{
    struct csv *csv = src->impl;
    const struct bl_csv_row *row = NULL;
    char *where = NULL;
    int rc;

    rc = read_nonblank_row(src, csv, &row);
    if (rc <= 0) {
        return rc;
    }
    bl_source_row_begin(src, row->line);
    if (row->problem != BL_CSV_OK) {
        where = cell_label(csv, row->problem_field);
    }
    if (row->problem == BL_CSV_UNCLOSED) {
        bl_source_row_error(src, "unterminated quoted field in %s", where);
    } else if (row->problem == BL_CSV_AFTER_QUOTE) {
        bl_source_row_error(src, "text after the closing quote in %s", where);
    } else if (row->too_long) {
        bl_source_row_error(src, "row is longer than %d bytes", BL_CSV_MAX_ROW_BYTES);
    } else if (row->nfields != csv->width) {
        bl_source_row_error(src, "row has %u fields but the header has %u", row->nfields,
                            csv->width);
    }
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        if (csv->column[f] >= 0 && (guint)csv->column[f] < row->nkept) {
            src->row.raw[f] = row->cells[csv->column[f]];
        }
    }
    for (guint i = 0; i < src->ncustom; i++) {
        if (csv->custom_column[i] >= 0 && (guint)csv->custom_column[i] < row->nkept) {
            src->row.custom[i] = row->cells[csv->custom_column[i]];
        }
    }
    g_free(where);
    return 1;
}

/* Copies the header row's names, trimmed, into csv->header. Returns 0, or -1 when the header
 * is not text. */
static int
keep_header(struct csv *csv, const struct bl_csv_row *row)
{
    csv->width = row->nfields;
    csv->header = g_new0(char *, csv->width + 1);
    for (guint i = 0; i < csv->width; i++) {
        const GString *cell = row->cells[i];

        if (memchr(cell->str, '\0', cell->len) != NULL ||
            !g_utf8_validate(cell->str, (gssize)cell->len, NULL)) {
            return -1;
        }
        csv->header[i] = g_strstrip(g_strdup(cell->str));
    }
    return 0;
}

/* The header cell that most likely stands for the column name of the field named field (a
 * misspelling of it, or another name lists give the field: "Surname"), among the cells that
 * are no field's (known), or NULL. Borrowed from the header. */
static const char *
header_hint(const struct csv *csv, const gboolean *known, const char *field, const char *name)
{
    GPtrArray *cells = g_ptr_array_new();
    const char *hint = NULL;

    for (guint i = 0; i < csv->width; i++) {
        const char *meant = bl_source_field_meant(csv->header[i]);

        if (known[i] || csv->header[i][0] == '\0') {
            continue;
        }
        if (meant != NULL && strcmp(meant, field) == 0) {
            hint = csv->header[i];
        }
        g_ptr_array_add(cells, csv->header[i]);
    }
    g_ptr_array_add(cells, NULL);
    if (hint == NULL) {
        hint = bl_text_closest(name, (const char *const *)cells->pdata);
    }
    g_ptr_array_unref(cells);
    return hint;
}

/* Reports a required column the header lacks, saying where its name comes from and which
 * column of the header may be meant. */
static void
report_missing(struct bl_source *src, const struct bl_loc *loc, int field, const char *name,
               const char *hint)
{
    const char *field_name = bl_source_field_name(field);
    gboolean mapped = strcmp(name, field_name) != 0;
    gboolean for_entities = field == BL_FIELD_ENTITY;
    /* a cell this close to a field's name is a column's name, not personal data; still, no
     * number is quoted */
    char *safe = hint != NULL ? bl_text_redact(hint) : NULL;
    char *is = hint != NULL ? g_strdup_printf("; is it '%s'?", safe) : g_strdup("");

    if (mapped && for_entities) {
        bl_diag_error(src->diag, loc,
                      "missing required column '%s' (mapped from field '%s'; the incident "
                      "lists covered entities)%s",
                      name, field_name, is);
    } else if (mapped) {
        bl_diag_error(src->diag, loc, "missing required column '%s' (mapped from field '%s')%s",
                      name, field_name, is);
    } else if (for_entities) {
        bl_diag_error(src->diag, loc,
                      "missing required column '%s' (the incident lists covered entities)%s", name,
                      is);
    } else {
        bl_diag_error(src->diag, loc, "missing required column '%s'%s", name, is);
    }
    g_free(is);
    g_free(safe);
}

/* The column name an unknown header cell most likely means: a field's (as the incident maps
 * it) that the header lacks. NULL when none. Borrowed. */
static const char *
column_hint(const struct bl_source *src, const struct csv *csv, const char *cell)
{
    const char *missing[BL_FIELD_COUNT + 1];
    const char *meant = bl_source_field_meant(cell);
    int n = 0;

    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        if (csv->column[f] < 0) {
            const char *name = bl_incident_column(src->incident, bl_source_field_name(f));

            if (meant != NULL && strcmp(meant, bl_source_field_name(f)) == 0) {
                return name;
            }
            missing[n++] = name;
        }
    }
    missing[n] = NULL;
    return bl_text_closest(cell, missing);
}

/* The column of the header named name (case-insensitively), or -1; its cells are marked used
 * (and known, when known is not NULL). A name given to two columns is reported, the first
 * taken, and *errors counted up. */
static int
find_column(struct bl_source *src, const struct csv *csv, const struct bl_loc *loc, char **folded,
            const char *name, gboolean *used, gboolean *known, int *errors)
{
    char *want = g_utf8_casefold(name, -1);
    int col = -1;
    int matches = 0;

    for (guint i = 0; i < csv->width; i++) {
        if (strcmp(folded[i], want) != 0) {
            continue;
        }
        if (++matches == 2) {
            bl_diag_error(src->diag, loc, "column '%s' appears more than once in the header", name);
            (*errors)++;
        }
        col = col < 0 ? (int)i : col;
        used[i] = TRUE;
        if (known != NULL) {
            known[i] = TRUE;
        }
    }
    g_free(want);
    return col;
}

/* Finds the column of each custom field the incident declares (names match case-insensitively)
 * and sets their labels; the cells are marked used and known. Reports a column named twice.
 * Returns the number of errors. */
static int
map_custom_columns(struct bl_source *src, struct csv *csv, const struct bl_loc *loc, char **folded,
                   gboolean *used, gboolean *known)
{
    int errors = 0;

    for (guint c = 0; c < src->ncustom; c++) {
        const struct bl_custom_field *field = g_ptr_array_index(src->incident->custom_fields, c);
        int col = find_column(src, csv, loc, folded, field->column, used, known, &errors);

        csv->custom_column[c] = col;
        src->custom_label[c] = column_label(col >= 0 ? csv->header[col] : field->column);
    }
    return errors;
}

/* Reports each required custom field whose column the header lacks, with the cell it may be.
 * Returns the number reported. */
static int
report_missing_custom(struct bl_source *src, const struct csv *csv, const struct bl_loc *loc,
                      const gboolean *known)
{
    int errors = 0;

    for (guint c = 0; c < src->ncustom; c++) {
        const struct bl_custom_field *field = g_ptr_array_index(src->incident->custom_fields, c);
        const char *hint;
        char *safe;

        if (csv->custom_column[c] >= 0 || !field->required) {
            continue;
        }
        /* a cell this close to a column's name is a column's name too; still, no number is
         * quoted */
        hint = header_hint(csv, known, field->name, field->column);
        safe = hint != NULL ? bl_text_redact(hint) : NULL;
        bl_diag_error(src->diag, loc,
                      "missing required column '%s' (declared in the incident's "
                      "<recipient-fields>)%s%s%s",
                      field->column, safe != NULL ? "; is it '" : "", safe != NULL ? safe : "",
                      safe != NULL ? "'?" : "");
        g_free(safe);
        errors++;
    }
    return errors;
}

/* Finds each field's column (names match case-insensitively, after the incident's mapping)
 * and sets the labels. Reports every missing required column; returns 0 or -1. */
static int
map_columns(struct bl_source *src, struct csv *csv, int line)
{
    struct bl_loc loc = {src->path, line, 0};
    char **folded = g_new0(char *, csv->width + 1);
    gboolean *used = g_new0(gboolean, csv->width + 1);
    gboolean *known = g_new0(gboolean, csv->width + 1);
    GString *unknown = g_string_new(NULL);
    int errors = 0;
    gboolean missing = FALSE;

    for (guint i = 0; i < csv->width; i++) {
        folded[i] = g_utf8_casefold(csv->header[i], -1);
    }
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        char *want =
            g_utf8_casefold(bl_incident_column(src->incident, bl_source_field_name(f)), -1);

        char *own = g_utf8_casefold(bl_source_field_name(f), -1);

        /* a field's own name is not a misspelling of another's, mapped or not */
        for (guint i = 0; i < csv->width; i++) {
            known[i] = known[i] || strcmp(folded[i], want) == 0 || strcmp(folded[i], own) == 0;
        }
        g_free(own);
        g_free(want);
    }
    errors += map_custom_columns(src, csv, &loc, folded, used, known);
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        const char *name = bl_incident_column(src->incident, bl_source_field_name(f));
        int col = find_column(src, csv, &loc, folded, name, used, NULL, &errors);

        csv->column[f] = col;
        src->label[f] = column_label(col >= 0 ? csv->header[col] : name);
        if (col < 0 && bl_source_field_required(src, f)) {
            report_missing(src, &loc, f, name,
                           header_hint(csv, known, bl_source_field_name(f), name));
            missing = TRUE;
            errors++;
        }
    }
    if (report_missing_custom(src, csv, &loc, known) > 0) {
        missing = TRUE;
        errors++;
    }
    /* Without its required columns the first row is likely data, not names: do not echo it. */
    for (guint i = 0; !missing && i < csv->width; i++) {
        if (!used[i] && csv->header[i][0] != '\0') {
            const char *hint = column_hint(src, csv, csv->header[i]);
            char *safe = bl_text_redact(csv->header[i]);

            g_string_append_printf(unknown, "%s'%s'", unknown->len > 0 ? ", " : "", safe);
            if (hint != NULL) {
                g_string_append_printf(unknown, " (did you mean '%s'?)", hint);
            }
            g_free(safe);
        }
    }
    if (unknown->len > 0) {
        bl_diag_warning(src->diag, &loc, "ignoring unknown columns %s", unknown->str);
    }
    for (int f = BL_FIELD_STATE; errors == 0 && f <= BL_FIELD_POSTAL_CODE; f++) {
        if (csv->column[f] < 0) {
            bl_diag_warning(src->diag, &loc, "no %s: rows with a US address will be rejected",
                            src->label[f]);
        }
    }
    for (guint i = 0; errors == 0 && i < src->ncustom; i++) {
        const struct bl_custom_field *field = g_ptr_array_index(src->incident->custom_fields, i);

        if (csv->custom_column[i] < 0) {
            bl_diag_warning(src->diag, &loc,
                            "no %s, which the incident declares in <recipient-fields>: field "
                            "'recipient.%s' is empty in every letter",
                            src->custom_label[i], field->name);
        }
    }
    g_string_free(unknown, TRUE);
    g_free(known);
    g_free(used);
    g_strfreev(folded);
    return errors > 0 ? -1 : 0;
}

static void
csv_close(void *impl)
{
    struct csv *csv = impl;

    bl_csv_reader_free(csv->reader);
    g_strfreev(csv->header);
    g_free(csv->custom_column);
    g_free(csv);
}

static int
csv_open(struct bl_source *src)
{
    struct csv *csv = g_new0(struct csv, 1);
    struct bl_loc loc = {src->path, 1, 0};
    const struct bl_csv_row *row = NULL;
    int rc;

    src->impl = csv;
    csv->custom_column = g_new0(int, src->ncustom + 1);
    csv->reader = bl_csv_reader_new(src->fp, FALSE);
    if (bl_csv_reader_utf16(csv->reader)) {
        bl_diag_error(src->diag, &loc, "recipient list is UTF-16 text; save it as CSV UTF-8");
        return -1;
    }

    rc = read_nonblank_row(src, csv, &row);
    if (rc < 0) {
        return -1;
    }
    loc.line = rc > 0 ? row->line : bl_csv_reader_line(csv->reader);
    if (rc == 0) {
        bl_diag_error(src->diag, &loc, "recipient list has no header row");
        return -1;
    }
    if (row->problem == BL_CSV_UNCLOSED) {
        bl_diag_error(src->diag, &loc, "unterminated quoted field in the header row");
        return -1;
    }
    if (row->problem == BL_CSV_AFTER_QUOTE) {
        bl_diag_error(src->diag, &loc, "text after a closing quote in the header row");
        return -1;
    }
    if (row->too_many_fields) {
        bl_diag_error(src->diag, &loc, "header row has more than %d fields", BL_CSV_MAX_FIELDS);
        return -1;
    }
    if (row->too_long) {
        bl_diag_error(src->diag, &loc, "header row is longer than %d bytes", BL_CSV_MAX_ROW_BYTES);
        return -1;
    }
    if (keep_header(csv, row) < 0) {
        bl_diag_error(src->diag, &loc, "header row is not UTF-8 text");
        return -1;
    }
    bl_csv_reader_set_width(csv->reader, csv->width);
    return map_columns(src, csv, loc.line);
}

const struct bl_source_backend bl_source_csv_backend = {
    .open = csv_open,
    .read = csv_read,
    .close = csv_close,
};
