/* SPDX-License-Identifier: MIT */
/* Recipient source, CSV backend: a streaming RFC 4180 reader that counts physical lines (quoted
 * fields may span several) and hands each row to source.c as raw fields. */
#include "source_impl.h"

#include <errno.h>
#include <string.h>

#define BUFFER_SIZE (64 * 1024)

/* A row longer than this is rejected rather than held: an unclosed quote must not pull the rest
 * of a large file into memory. */
#define MAX_ROW_BYTES (1024 * 1024)

enum problem {
    PROBLEM_NONE,
    PROBLEM_AFTER_QUOTE, /* "abc"def */
    PROBLEM_UNCLOSED,    /* the file ends inside a quoted field */
};

struct csv {
    FILE *fp;
    unsigned char *buf;
    size_t pos, end;
    int read_errno; /* errno of a failed read, 0 when none */
    int line;       /* line of the next byte */

    /* The current row. */
    GPtrArray *cells; /* GString *, reused; the first nkept belong to the row */
    guint nkept;
    guint ncells;  /* fields in the row, counting those not kept */
    gsize bytes;   /* bytes kept */
    gboolean text; /* the row has a byte other than white space */
    gboolean too_long;
    enum problem problem;
    guint problem_cell;

    /* The header. */
    char **header;              /* names, trimmed, as the file spells them */
    guint width;                /* 0 while reading the header: keep every field */
    int column[BL_FIELD_COUNT]; /* index of each field's column, -1 when absent */
};

static int
next_byte(struct csv *csv)
{
    if (csv->pos == csv->end) {
        size_t n;

        if (csv->read_errno != 0) {
            return EOF;
        }
        errno = 0;
        n = fread(csv->buf, 1, BUFFER_SIZE, csv->fp);
        if (n == 0) {
            if (ferror(csv->fp)) {
                csv->read_errno = errno != 0 ? errno : EIO;
            }
            return EOF;
        }
        csv->pos = 0;
        csv->end = n;
    }
    return csv->buf[csv->pos++];
}

/* The cell for the next field, or NULL when the field is not kept (beyond the header's width,
 * or beyond the size limit). */
static GString *
begin_cell(struct csv *csv)
{
    GString *cell;

    if ((csv->width != 0 && csv->ncells >= csv->width) || csv->bytes >= MAX_ROW_BYTES) {
        csv->too_long = csv->too_long || csv->bytes >= MAX_ROW_BYTES;
        return NULL;
    }
    if (csv->nkept == csv->cells->len) {
        g_ptr_array_add(csv->cells, g_string_sized_new(32));
    }
    cell = g_ptr_array_index(csv->cells, csv->nkept++);
    g_string_truncate(cell, 0);
    csv->bytes++; /* counts the separator, so that a row of commas is bounded too */
    return cell;
}

static void
add_byte(struct csv *csv, GString *cell, int c)
{
    if (!g_ascii_isspace(c)) {
        csv->text = TRUE;
    }
    if (cell == NULL) {
        return;
    }
    if (csv->bytes >= MAX_ROW_BYTES) {
        csv->too_long = TRUE;
        return;
    }
    csv->bytes++;
    g_string_append_c(cell, (char)c);
}

static void
set_problem(struct csv *csv, enum problem problem)
{
    if (csv->problem == PROBLEM_NONE || problem == PROBLEM_UNCLOSED) {
        csv->problem = problem;
        csv->problem_cell = csv->ncells;
    }
}

/* Reads one row, which may span lines, into csv->cells; *start is the line it starts on.
 * CRLF, LF and a lone CR all end a line; inside quotes they become "\n". Returns 1, 0 at the
 * end of the file, or -1 when the file cannot be read. */
static int
read_row(struct csv *csv, int *start)
{
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTE } state = FIELD_START;
    gboolean any = FALSE;
    GString *cell;
    int c;

    csv->nkept = 0;
    csv->ncells = 0;
    csv->bytes = 0;
    csv->text = FALSE;
    csv->too_long = FALSE;
    csv->problem = PROBLEM_NONE;
    *start = csv->line;
    cell = begin_cell(csv);
    for (;;) {
        c = next_byte(csv);
        if (c == EOF) {
            if (csv->read_errno != 0) {
                return -1;
            }
            if (!any) {
                return 0;
            }
            if (state == QUOTED) {
                set_problem(csv, PROBLEM_UNCLOSED);
            }
            csv->ncells++;
            return 1;
        }
        any = TRUE;
        if (c == '\r') {
            int next = next_byte(csv);

            if (next != '\n' && next != EOF) {
                csv->pos--; /* next_byte() just read it from the buffer */
            }
            c = '\n';
        }
        if (c == '\n') {
            csv->line++;
        }
        switch (state) {
        case FIELD_START:
        case UNQUOTED:
            if (c == ',') {
                csv->ncells++;
                cell = begin_cell(csv);
                state = FIELD_START;
            } else if (c == '\n') {
                csv->ncells++;
                return 1;
            } else if (c == '"' && state == FIELD_START) {
                if (cell != NULL) {
                    g_string_truncate(cell, 0); /* white space before the quote */
                }
                state = QUOTED;
            } else {
                add_byte(csv, cell, c);
                if (c != ' ' && c != '\t') {
                    state = UNQUOTED;
                }
            }
            break;
        case QUOTED:
            if (c == '"') {
                state = QUOTE_IN_QUOTED;
            } else {
                add_byte(csv, cell, c);
            }
            break;
        case QUOTE_IN_QUOTED:
            if (c == '"') {
                add_byte(csv, cell, c);
                state = QUOTED;
                break;
            }
            /* the quote closed the field */
            G_GNUC_FALLTHROUGH;
        case AFTER_QUOTE:
            if (c == ',') {
                csv->ncells++;
                cell = begin_cell(csv);
                state = FIELD_START;
            } else if (c == '\n') {
                csv->ncells++;
                return 1;
            } else if (c == ' ' || c == '\t') {
                state = AFTER_QUOTE;
            } else {
                set_problem(csv, PROBLEM_AFTER_QUOTE);
                add_byte(csv, cell, c);
                state = UNQUOTED;
            }
            break;
        }
    }
}

/* Reads the next row that is not blank (a blank line, or ",,," as spreadsheets write for an
 * empty row). */
static int
read_nonblank_row(struct bl_source *src, struct csv *csv, int *start)
{
    int rc;

    do {
        rc = read_row(csv, start);
    } while (rc > 0 && !csv->text && csv->problem == PROBLEM_NONE && !csv->too_long);
    if (rc < 0) {
        struct bl_loc loc = {src->path, csv->line, 0};

        bl_diag_error(src->diag, &loc, "cannot read recipient list: %s",
                      g_strerror(csv->read_errno));
    }
    return rc;
}

/* How messages name field index i of a row. Free with g_free(). */
static char *
cell_label(const struct csv *csv, guint i)
{
    if (i < csv->width && csv->header[i][0] != '\0') {
        return g_strdup_printf("column '%s'", csv->header[i]);
    }
    return g_strdup_printf("field %u", i + 1);
}

static int
csv_read(struct bl_source *src)
{
    struct csv *csv = src->impl;
    char *where = NULL;
    int start;
    int rc;

    rc = read_nonblank_row(src, csv, &start);
    if (rc <= 0) {
        return rc;
    }
    bl_source_row_begin(src, start);
    if (csv->problem != PROBLEM_NONE) {
        where = cell_label(csv, csv->problem_cell);
    }
    if (csv->problem == PROBLEM_UNCLOSED) {
        bl_source_row_error(src, "unterminated quoted field in %s", where);
    } else if (csv->problem == PROBLEM_AFTER_QUOTE) {
        bl_source_row_error(src, "text after the closing quote in %s", where);
    } else if (csv->too_long) {
        bl_source_row_error(src, "row is longer than %d bytes", MAX_ROW_BYTES);
    } else if (csv->ncells != csv->width) {
        bl_source_row_error(src, "row has %u fields but the header has %u", csv->ncells,
                            csv->width);
    }
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        if (csv->column[f] >= 0 && (guint)csv->column[f] < csv->nkept) {
            src->row.raw[f] = g_ptr_array_index(csv->cells, csv->column[f]);
        }
    }
    g_free(where);
    return 1;
}

/* Copies the header row's names, trimmed, into csv->header. Returns 0, or -1 when the header
 * is not text. */
static int
keep_header(struct csv *csv)
{
    csv->width = csv->ncells;
    csv->header = g_new0(char *, csv->width + 1);
    for (guint i = 0; i < csv->width; i++) {
        GString *cell = g_ptr_array_index(csv->cells, i);

        if (memchr(cell->str, '\0', cell->len) != NULL ||
            !g_utf8_validate(cell->str, (gssize)cell->len, NULL)) {
            return -1;
        }
        csv->header[i] = g_strstrip(g_strdup(cell->str));
    }
    return 0;
}

/* Reports a required column the header lacks, saying where its name comes from. */
static void
report_missing(struct bl_source *src, const struct bl_loc *loc, int field, const char *name)
{
    const char *field_name = bl_source_field_name(field);
    gboolean mapped = strcmp(name, field_name) != 0;
    gboolean for_entities = field == BL_FIELD_ENTITY;

    if (mapped && for_entities) {
        bl_diag_error(src->diag, loc,
                      "missing required column '%s' (mapped from field '%s'; the incident "
                      "lists covered entities)",
                      name, field_name);
    } else if (mapped) {
        bl_diag_error(src->diag, loc, "missing required column '%s' (mapped from field '%s')", name,
                      field_name);
    } else if (for_entities) {
        bl_diag_error(src->diag, loc,
                      "missing required column '%s' (the incident lists covered entities)", name);
    } else {
        bl_diag_error(src->diag, loc, "missing required column '%s'", name);
    }
}

/* Finds each field's column (names match case-insensitively, after the incident's mapping)
 * and sets the labels. Reports every missing required column; returns 0 or -1. */
static int
map_columns(struct bl_source *src, struct csv *csv, int line)
{
    struct bl_loc loc = {src->path, line, 0};
    char **folded = g_new0(char *, csv->width + 1);
    gboolean *used = g_new0(gboolean, csv->width + 1);
    GString *unknown = g_string_new(NULL);
    int errors = 0;
    gboolean missing = FALSE;

    for (guint i = 0; i < csv->width; i++) {
        folded[i] = g_utf8_casefold(csv->header[i], -1);
    }
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        const char *name = bl_incident_column(src->incident, bl_source_field_name(f));
        char *want = g_utf8_casefold(name, -1);
        int col = -1;
        int matches = 0;

        for (guint i = 0; i < csv->width; i++) {
            if (strcmp(folded[i], want) != 0) {
                continue;
            }
            if (++matches == 2) {
                bl_diag_error(src->diag, &loc, "column '%s' appears more than once in the header",
                              name);
                errors++;
            }
            col = col < 0 ? (int)i : col;
            used[i] = TRUE;
        }
        csv->column[f] = col;
        src->label[f] = g_strdup_printf("column '%s'", col >= 0 ? csv->header[col] : name);
        if (col < 0 && bl_source_field_required(src, f)) {
            report_missing(src, &loc, f, name);
            missing = TRUE;
            errors++;
        }
        g_free(want);
    }
    /* Without its required columns the first row is likely data, not names: do not echo it. */
    for (guint i = 0; !missing && i < csv->width; i++) {
        if (!used[i] && csv->header[i][0] != '\0') {
            g_string_append_printf(unknown, "%s'%s'", unknown->len > 0 ? ", " : "", csv->header[i]);
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
    g_string_free(unknown, TRUE);
    g_free(used);
    g_strfreev(folded);
    return errors > 0 ? -1 : 0;
}

static void
csv_close(void *impl)
{
    struct csv *csv = impl;

    g_free(csv->buf);
    g_ptr_array_unref(csv->cells);
    g_strfreev(csv->header);
    g_free(csv);
}

static int
csv_open(struct bl_source *src)
{
    struct csv *csv = g_new0(struct csv, 1);
    struct bl_loc loc = {src->path, 1, 0};
    int start;
    int rc;

    src->impl = csv;
    csv->fp = src->fp;
    csv->buf = g_malloc(BUFFER_SIZE);
    csv->line = 1;
    csv->cells = g_ptr_array_new_with_free_func(bl_source_string_free);

    if (next_byte(csv) != EOF) {
        csv->pos--;
    }
    if (csv->end >= 3 && memcmp(csv->buf, "\xEF\xBB\xBF", 3) == 0) {
        csv->pos = 3; /* Excel's "CSV UTF-8" starts with a byte order mark */
    } else if (csv->end >= 2 &&
               (memcmp(csv->buf, "\xFF\xFE", 2) == 0 || memcmp(csv->buf, "\xFE\xFF", 2) == 0)) {
        bl_diag_error(src->diag, &loc, "recipient list is UTF-16 text; save it as CSV UTF-8");
        return -1;
    }

    rc = read_nonblank_row(src, csv, &start);
    if (rc < 0) {
        return -1;
    }
    loc.line = start;
    if (rc == 0) {
        bl_diag_error(src->diag, &loc, "recipient list has no header row");
        return -1;
    }
    if (csv->problem == PROBLEM_UNCLOSED) {
        bl_diag_error(src->diag, &loc, "unterminated quoted field in the header row");
        return -1;
    }
    if (csv->problem == PROBLEM_AFTER_QUOTE) {
        bl_diag_error(src->diag, &loc, "text after a closing quote in the header row");
        return -1;
    }
    if (csv->too_long) {
        bl_diag_error(src->diag, &loc, "header row is longer than %d bytes", MAX_ROW_BYTES);
        return -1;
    }
    if (keep_header(csv) < 0) {
        bl_diag_error(src->diag, &loc, "header row is not UTF-8 text");
        return -1;
    }
    return map_columns(src, csv, start);
}

const struct bl_source_backend bl_source_csv_backend = {
    .open = csv_open,
    .read = csv_read,
    .close = csv_close,
};
