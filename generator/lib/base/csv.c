/* SPDX-License-Identifier: MIT */
/* CSV reader: the streaming RFC 4180 tokenizer under the recipient lists and the shard
 * manifests. It counts physical lines (quoted fields may span several), keeps a bounded part of
 * each row and notes the row's problems for the caller to word. */
#include "csv.h"

#include <errno.h>
#include <string.h>

#define BUFFER_SIZE (64 * 1024)

struct bl_csv_reader {
    FILE *fp;
    unsigned char *buf;
    size_t pos, end;
    int read_errno; /* errno of a failed read, 0 when none */
    int line;       /* line of the next byte */
    gboolean utf16;
    guint width; /* fields kept of a row, 0: all */

    /* The current row. */
    struct bl_csv_row row;
    GPtrArray *cells; /* GString *, reused; the first row.nkept belong to the row */
    gsize bytes;      /* bytes kept */
    GString *raw;     /* NULL unless the raw bytes are kept */
};

static int
next_byte(struct bl_csv_reader *r)
{
    if (r->pos == r->end) {
        size_t n;

        if (r->read_errno != 0) {
            return EOF;
        }
        errno = 0;
        n = fread(r->buf, 1, BUFFER_SIZE, r->fp);
        if (n == 0) {
            if (ferror(r->fp)) {
                r->read_errno = errno != 0 ? errno : EIO;
            }
            return EOF;
        }
        r->pos = 0;
        r->end = n;
    }
    return r->buf[r->pos++];
}

static void
free_cell(gpointer cell)
{
    g_string_free(cell, TRUE);
}

struct bl_csv_reader *
bl_csv_reader_new(FILE *fp, gboolean keep_raw)
{
    struct bl_csv_reader *r = g_new0(struct bl_csv_reader, 1);

    r->fp = fp;
    r->buf = g_malloc(BUFFER_SIZE);
    r->line = 1;
    r->cells = g_ptr_array_new_with_free_func(free_cell);
    r->raw = keep_raw ? g_string_sized_new(256) : NULL;
    if (next_byte(r) != EOF) {
        r->pos--;
    }
    if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
        r->pos = 3; /* Excel's "CSV UTF-8" starts with a byte order mark */
    } else if (r->end >= 2 &&
               (memcmp(r->buf, "\xFF\xFE", 2) == 0 || memcmp(r->buf, "\xFE\xFF", 2) == 0)) {
        r->utf16 = TRUE;
    }
    return r;
}

void
bl_csv_reader_free(struct bl_csv_reader *r)
{
    if (r == NULL) {
        return;
    }
    g_ptr_array_unref(r->cells);
    if (r->raw != NULL) {
        g_string_free(r->raw, TRUE);
    }
    g_free(r->buf);
    g_free(r);
}

gboolean
bl_csv_reader_utf16(const struct bl_csv_reader *r)
{
    return r->utf16;
}

void
bl_csv_reader_set_width(struct bl_csv_reader *r, guint width)
{
    r->width = width;
}

int
bl_csv_reader_line(const struct bl_csv_reader *r)
{
    return r->line;
}

int
bl_csv_reader_errno(const struct bl_csv_reader *r)
{
    return r->read_errno;
}

/* The cell for the next field, or NULL when the field is not kept (beyond the width, or
 * beyond the size limit). */
static GString *
begin_cell(struct bl_csv_reader *r)
{
    GString *cell;

    if ((r->width != 0 && r->row.nfields >= r->width) || r->bytes >= BL_CSV_MAX_ROW_BYTES ||
        r->row.nkept >= BL_CSV_MAX_FIELDS) {
        r->row.too_long = r->row.too_long || r->bytes >= BL_CSV_MAX_ROW_BYTES ||
                          r->row.nkept >= BL_CSV_MAX_FIELDS;
        r->row.too_many_fields = r->row.too_many_fields || r->row.nkept >= BL_CSV_MAX_FIELDS;
        return NULL;
    }
    if (r->row.nkept == r->cells->len) {
        g_ptr_array_add(r->cells, g_string_sized_new(32));
    }
    cell = g_ptr_array_index(r->cells, r->row.nkept++);
    g_string_truncate(cell, 0);
    r->bytes++; /* counts the separator, so that a row of commas is bounded too */
    return cell;
}

static void
add_byte(struct bl_csv_reader *r, GString *cell, int c)
{
    if (!g_ascii_isspace(c)) {
        r->row.text = TRUE;
    }
    if (cell == NULL) {
        return;
    }
    if (r->bytes >= BL_CSV_MAX_ROW_BYTES) {
        r->row.too_long = TRUE;
        return;
    }
    r->bytes++;
    g_string_append_c(cell, (char)c);
}

static void
add_raw(struct bl_csv_reader *r, const char *bytes, gsize n)
{
    if (r->raw == NULL || r->row.too_long) {
        return;
    }
    if (r->raw->len + n > BL_CSV_MAX_ROW_BYTES) {
        r->row.too_long = TRUE;
        return;
    }
    g_string_append_len(r->raw, bytes, (gssize)n);
}

static void
set_problem(struct bl_csv_reader *r, enum bl_csv_problem problem)
{
    if (r->row.problem == BL_CSV_OK || problem == BL_CSV_UNCLOSED) {
        r->row.problem = problem;
        r->row.problem_field = r->row.nfields;
        r->row.problem_line = problem == BL_CSV_UNCLOSED ? r->row.line : r->line;
    }
}

/* Takes the rest of a line end that starts with c ('\r' or '\n'): inside quotes, its bytes
 * are the row's. Returns '\n'. */
static int
end_line(struct bl_csv_reader *r, int c, gboolean quoted)
{
    gboolean crlf = FALSE;

    if (c == '\r') {
        int next = next_byte(r);

        crlf = next == '\n';
        if (!crlf && next != EOF) {
            r->pos--; /* next_byte() just read it from the buffer */
        }
    }
    r->line++;
    if (quoted) {
        add_raw(r, crlf ? "\r\n" : c == '\r' ? "\r" : "\n", crlf ? 2 : 1);
    }
    return '\n';
}

static void
begin_row(struct bl_csv_reader *r)
{
    r->row = (struct bl_csv_row){.line = r->line, .problem = BL_CSV_OK};
    r->bytes = 0;
    if (r->raw != NULL) {
        g_string_truncate(r->raw, 0);
    }
}

static int
end_row(struct bl_csv_reader *r, const struct bl_csv_row **out)
{
    r->row.nfields++;
    r->row.cells = (const GString *const *)r->cells->pdata;
    r->row.raw = r->raw;
    *out = &r->row;
    return 1;
}

int
bl_csv_reader_next(struct bl_csv_reader *r, const struct bl_csv_row **out)
{
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTE } state = FIELD_START;
    gboolean any = FALSE;
    GString *cell;
    int c;

    begin_row(r);
    cell = begin_cell(r);
    for (;;) {
        c = next_byte(r);
        if (c == EOF) {
            if (r->read_errno != 0) {
                return -1;
            }
            if (!any) {
                return 0;
            }
            if (state == QUOTED) {
                set_problem(r, BL_CSV_UNCLOSED);
            }
            return end_row(r, out);
        }
        any = TRUE;
        if (c == '\r' || c == '\n') {
            c = end_line(r, c, state == QUOTED);
        } else {
            char byte = (char)c;

            add_raw(r, &byte, 1);
        }
        /* outside quotes, and after a closing one, a comma ends the field, a line end the row */
        if (state != QUOTED && (c == ',' || c == '\n')) {
            if (c == '\n') {
                return end_row(r, out);
            }
            r->row.nfields++;
            cell = begin_cell(r);
            state = FIELD_START;
            continue;
        }
        switch (state) {
        case FIELD_START:
        case UNQUOTED:
            if (c == '"' && state == FIELD_START) {
                if (cell != NULL) {
                    g_string_truncate(cell, 0); /* white space before the quote */
                }
                state = QUOTED;
            } else {
                add_byte(r, cell, c);
                if (c != ' ' && c != '\t') {
                    state = UNQUOTED;
                }
            }
            break;
        case QUOTED:
            if (c == '"') {
                state = QUOTE_IN_QUOTED;
            } else {
                add_byte(r, cell, c);
            }
            break;
        case QUOTE_IN_QUOTED:
            if (c == '"') {
                add_byte(r, cell, c);
                state = QUOTED;
                break;
            }
            /* the quote closed the field */
            G_GNUC_FALLTHROUGH;
        case AFTER_QUOTE:
            if (c == ' ' || c == '\t') {
                state = AFTER_QUOTE;
            } else {
                set_problem(r, BL_CSV_AFTER_QUOTE);
                add_byte(r, cell, c);
                state = UNQUOTED;
            }
            break;
        }
    }
}
