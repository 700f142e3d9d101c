/* SPDX-License-Identifier: MIT */
/* Merge: checks the manifests of a sharded render against the list, row by row as the list is
 * streamed (a k-way merge by line, every manifest being in list order), and joins them. */
#include "merge.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "source.h"
#include "tempfile.h"

/* A row longer than this is not held: no manifest row comes near, and a broken file must not
 * fill memory. */
#define MAX_RECORD_BYTES (1024 * 1024)
#define BUFFER_SIZE      (16 * 1024)
#define MAX_MESSAGES     100 /* problems printed in full */
#define COLUMNS          12
#define SHOWN            60 /* bytes of a value quoted in a message */

static const char *const columns[COLUMNS] = {
    "line",  "id",     "status",       "file",    "book",     "first_page",
    "pages", "sha256", "jurisdiction", "variant", "language", "error",
};

/* The CSV reader. */

struct bl_merge_csv {
    FILE *fp;
    char *path;
    struct bl_diag *diag;
    unsigned char *buf;
    size_t pos, end;
    int read_errno; /* errno of a failed read, 0 when none */
    gboolean io_failed;
    int line;         /* line of the next byte */
    GString *raw;     /* the record's bytes */
    GPtrArray *cells; /* GString *, reused; the first n_cells belong to the record */
    guint n_cells;
    GPtrArray *view; /* the cells' strings, as lent */
    struct bl_merge_record rec;
};

static int
next_byte(struct bl_merge_csv *csv)
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

int
bl_merge_csv_open(struct bl_merge_csv **out, const char *path, struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    struct bl_merge_csv *csv;
    FILE *fp = g_fopen(path, "rb");

    if (fp == NULL) {
        bl_diag_error(diag, &loc, "cannot open the file: %s", g_strerror(errno));
        return -1;
    }
    csv = g_new0(struct bl_merge_csv, 1);
    csv->fp = fp;
    csv->path = g_strdup(path);
    csv->diag = diag;
    csv->buf = g_malloc(BUFFER_SIZE);
    csv->line = 1;
    csv->raw = g_string_sized_new(256);
    csv->cells = g_ptr_array_new();
    csv->view = g_ptr_array_new();
    /* a byte order mark, as a spreadsheet may add, is not part of the first field */
    if (next_byte(csv) != EOF) {
        csv->pos = csv->end >= 3 && memcmp(csv->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    }
    *out = csv;
    return 0;
}

/* Starts the next field. */
static GString *
begin_cell(struct bl_merge_csv *csv)
{
    GString *cell;

    if (csv->n_cells == csv->cells->len) {
        g_ptr_array_add(csv->cells, g_string_sized_new(32));
    }
    cell = g_ptr_array_index(csv->cells, csv->n_cells++);
    g_string_truncate(cell, 0);
    return cell;
}

/* Reads one record, which may span lines, into csv->raw and csv->cells. Returns 1, 0 at the
 * end of the file, or -1 reported. */
static int
read_record(struct bl_merge_csv *csv)
{
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } state = FIELD_START;
    struct bl_loc start = {csv->path, csv->line, 0};
    struct bl_loc here = {csv->path, 0, 0};
    gboolean any = FALSE;
    GString *cell;
    int c;

    g_string_truncate(csv->raw, 0);
    csv->n_cells = 0;
    cell = begin_cell(csv);
    for (;;) {
        c = next_byte(csv);
        here.line = csv->line;
        if (c == EOF && csv->read_errno != 0) {
            bl_diag_error(csv->diag, &here, "cannot read the file: %s",
                          g_strerror(csv->read_errno));
            csv->io_failed = TRUE;
            return -1;
        }
        if (c == EOF && state == QUOTED) {
            bl_diag_error(csv->diag, &start,
                          "the file ends inside a quoted field of this row: the file was cut "
                          "short; copy the shard's manifest.csv again");
            return -1;
        }
        if (c == EOF) {
            return any ? 1 : 0;
        }
        any = TRUE;
        if (c == '\0') {
            bl_diag_error(csv->diag, &here, "the file holds a NUL byte: it is not a manifest");
            return -1;
        }
        if (c == '\r' || c == '\n') {
            gboolean crlf = FALSE;

            if (c == '\r') {
                int next = next_byte(csv);

                crlf = next == '\n';
                if (!crlf && next != EOF) {
                    csv->pos--; /* next_byte() just read it from the buffer */
                }
            }
            csv->line++;
            if (state != QUOTED) {
                return 1;
            }
            /* a line end inside quotes is the field's, kept byte for byte */
            g_string_append_c(cell, (char)c);
            g_string_append_c(csv->raw, (char)c);
            if (crlf) {
                g_string_append_c(cell, '\n');
                g_string_append_c(csv->raw, '\n');
            }
            continue;
        }
        g_string_append_c(csv->raw, (char)c);
        if (csv->raw->len > MAX_RECORD_BYTES) {
            bl_diag_error(csv->diag, &start,
                          "the row is longer than %d bytes: it is not a "
                          "manifest's row",
                          MAX_RECORD_BYTES);
            return -1;
        }
        switch (state) {
        case FIELD_START:
        case UNQUOTED:
            if (c == ',') {
                cell = begin_cell(csv);
                state = FIELD_START;
            } else if (c == '"' && state == FIELD_START) {
                state = QUOTED;
            } else if (c == '"') {
                bl_diag_error(csv->diag, &here,
                              "a quote inside unquoted field %u: a field that holds quotes is "
                              "quoted whole, its quotes doubled; the file is not a manifest "
                              "render wrote",
                              csv->n_cells);
                return -1;
            } else {
                g_string_append_c(cell, (char)c);
                state = UNQUOTED;
            }
            break;
        case QUOTED:
            if (c == '"') {
                state = QUOTE_IN_QUOTED;
            } else {
                g_string_append_c(cell, (char)c);
            }
            break;
        case QUOTE_IN_QUOTED:
            if (c == '"') {
                g_string_append_c(cell, '"');
                state = QUOTED;
            } else if (c == ',') {
                cell = begin_cell(csv);
                state = FIELD_START;
            } else {
                bl_diag_error(csv->diag, &here,
                              "text after the closing quote of field %u: a quote inside a "
                              "quoted field is doubled; the file is not a manifest render wrote",
                              csv->n_cells);
                return -1;
            }
            break;
        }
    }
}

int
bl_merge_csv_next(struct bl_merge_csv *csv, const struct bl_merge_record **out)
{
    int rc;

    do {
        csv->rec.line = csv->line;
        rc = read_record(csv);
    } while (rc > 0 && csv->n_cells == 1 && csv->raw->len == 0); /* a blank line */
    if (rc <= 0) {
        return rc;
    }
    g_ptr_array_set_size(csv->view, 0);
    for (guint i = 0; i < csv->n_cells; i++) {
        g_ptr_array_add(csv->view, ((GString *)g_ptr_array_index(csv->cells, i))->str);
    }
    csv->rec.fields = (const char *const *)csv->view->pdata;
    csv->rec.n_fields = csv->n_cells;
    csv->rec.raw = csv->raw->str;
    csv->rec.raw_len = csv->raw->len;
    *out = &csv->rec;
    return 1;
}

gboolean
bl_merge_csv_io_failed(const struct bl_merge_csv *csv)
{
    return csv->io_failed;
}

void
bl_merge_csv_free(struct bl_merge_csv *csv)
{
    if (csv == NULL) {
        return;
    }
    fclose(csv->fp);
    for (guint i = 0; i < csv->cells->len; i++) {
        g_string_free(g_ptr_array_index(csv->cells, i), TRUE);
    }
    g_ptr_array_unref(csv->cells);
    g_ptr_array_unref(csv->view);
    g_string_free(csv->raw, TRUE);
    g_free(csv->buf);
    g_free(csv->path);
    g_free(csv);
}

/* The merge. */

/* A shard's manifest being read. */
struct shard {
    const char *path;
    int index; /* on the command line: ties go to the earlier */
    struct bl_merge_csv *csv;
    const struct bl_merge_record *rec; /* the current row, NULL at the end */
    int line;                          /* the current row's line in the list */
    int last_at;                       /* where in the manifest the row before was */
};

struct merge {
    const struct bl_merge_options *opts;
    struct bl_session ses;
    struct bl_source *src;
    struct shard *shards;
    GPtrArray *heap; /* struct shard * with a current row, the lowest line first */
    int problems;
    gboolean broken; /* a manifest is not CSV: what follows cannot be checked */
    gboolean io;     /* a file could not be read or written */
    FILE *out;
    char *tmp;
    gint64 rows, letters, errors;
};

/* A value to quote in a message: at most SHOWN bytes, cut at a character. Free with g_free(). */
static char *
shown(const char *text)
{
    gsize n = strlen(text);

    if (n <= SHOWN) {
        return g_strdup(text);
    }
    n = SHOWN;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) {
        n--;
    }
    return g_strdup_printf("%.*s...", (int)n, text);
}

static void problem(struct merge *m, const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Reports a problem at file:line; past MAX_MESSAGES, only counts it. */
static void
problem(struct merge *m, const char *file, int line, const char *fmt, ...)
{
    struct bl_loc loc = {file, line, 0};
    va_list ap;
    char *text;

    if (++m->problems > MAX_MESSAGES) {
        return;
    }
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    bl_diag_error(m->ses.diag, &loc, "%s", text);
    g_free(text);
}

static gboolean
before(const struct shard *a, const struct shard *b)
{
    return a->line < b->line || (a->line == b->line && a->index < b->index);
}

static void
heap_push(GPtrArray *heap, struct shard *s)
{
    guint i = heap->len;

    g_ptr_array_add(heap, s);
    while (i > 0 && before(s, g_ptr_array_index(heap, (i - 1) / 2))) {
        heap->pdata[i] = heap->pdata[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap->pdata[i] = s;
}

static struct shard *
heap_top(const GPtrArray *heap)
{
    return heap->len > 0 ? g_ptr_array_index(heap, 0) : NULL;
}

static struct shard *
heap_pop(GPtrArray *heap)
{
    struct shard *top = heap_top(heap);
    struct shard *last;
    guint i = 0;

    if (top == NULL) {
        return NULL;
    }
    last = g_ptr_array_steal_index_fast(heap, heap->len - 1);
    if (heap->len == 0) {
        return top;
    }
    for (;;) {
        guint child = 2 * i + 1;

        if (child >= heap->len) {
            break;
        }
        if (child + 1 < heap->len &&
            before(g_ptr_array_index(heap, child + 1), g_ptr_array_index(heap, child))) {
            child++;
        }
        if (!before(g_ptr_array_index(heap, child), last)) {
            break;
        }
        heap->pdata[i] = heap->pdata[child];
        i = child;
    }
    heap->pdata[i] = last;
    return top;
}

/* Moves s to its next row that can be placed in the list and puts it back on the heap. Rows
 * of the wrong width, without a line number or out of order are reported and passed over. */
static void
advance(struct merge *m, struct shard *s)
{
    const struct bl_merge_record *rec;
    gint64 line;
    int more;

    while ((more = bl_merge_csv_next(s->csv, &rec)) > 0) {
        if (rec->n_fields != COLUMNS) {
            problem(m, s->path, rec->line,
                    "the row has %u fields, a manifest row has %d: the manifest was edited or "
                    "cut short; render the shard again",
                    rec->n_fields, COLUMNS);
        } else if (!g_ascii_string_to_signed(rec->fields[0], 10, 1, G_MAXINT, &line, NULL)) {
            char *value = shown(rec->fields[0]);

            problem(m, s->path, rec->line,
                    "column 'line' holds '%s', not a line number: the manifest was edited; "
                    "render the shard again",
                    value);
            g_free(value);
        } else if (s->last_at > 0 && line < s->line) {
            problem(m, s->path, rec->line,
                    "the row for line %d comes after the row for line %d (at line %d): rows "
                    "are in list order as render writes them; give the shard's manifest.csv "
                    "unsorted and unedited",
                    (int)line, s->line, s->last_at);
        } else {
            s->rec = rec;
            s->line = (int)line;
            s->last_at = rec->line;
            heap_push(m->heap, s);
            return;
        }
    }
    s->rec = NULL;
    if (more < 0) {
        /* reported by the reader: where the rest of this manifest belongs is unknown */
        m->broken = TRUE;
        m->problems++;
        m->io = m->io || bl_merge_csv_io_failed(s->csv);
    }
}

/* Writes a row of the merged manifest, while it may still be complete. */
static void
write_row(struct merge *m, const struct bl_merge_record *row)
{
    const char *status = row->fields[2];

    if (strcmp(status, "ok") == 0 || strcmp(status, "draft") == 0) {
        m->letters++;
    } else {
        m->errors++;
    }
    if (m->problems > 0 || m->io) {
        return;
    }
    if (fwrite(row->raw, 1, row->raw_len, m->out) != row->raw_len || fputs("\r\n", m->out) == EOF) {
        struct bl_loc loc = {m->opts->output, 0, 0};

        bl_diag_error(m->ses.diag, &loc, "cannot write the file: %s", g_strerror(errno));
        m->io = TRUE;
    }
}

/* TRUE when a manifest's id field is the record's id: manifest.c puts a quote mark before an
 * id a spreadsheet would run as a formula. */
static gboolean
same_id(const char *field, const char *id)
{
    if (id[0] != '\0' && strchr("=+-@", id[0]) != NULL) {
        return field[0] == '\'' && strcmp(field + 1, id) == 0;
    }
    return strcmp(field, id) == 0;
}

/* Takes the manifest rows for rec, the list's record after the one at line prev (0: none):
 * exactly one must be there, with its id. */
static void
cover(struct merge *m, const struct bl_record *rec, int prev)
{
    const char *list = bl_source_path(m->src);
    const char *first = NULL; /* the manifest of the first row for rec */
    int first_at = 0;
    struct shard *s;

    while ((s = heap_top(m->heap)) != NULL && s->line < rec->line) {
        heap_pop(m->heap);
        if (prev > 0) {
            problem(m, s->path, s->rec->line,
                    "the row is for line %d of %s, where no record starts (they start at lines "
                    "%d and %d): the manifest is of another list, or the list changed since "
                    "the render",
                    s->line, list, prev, rec->line);
        } else {
            problem(m, s->path, s->rec->line,
                    "the row is for line %d of %s, before its first record (line %d): the "
                    "manifest is of another list, or the list changed since the render",
                    s->line, list, rec->line);
        }
        advance(m, s);
    }
    while ((s = heap_top(m->heap)) != NULL && s->line == rec->line) {
        const struct bl_merge_record *row = s->rec;

        heap_pop(m->heap);
        if (!same_id(row->fields[1], rec->row_id)) {
            char *value = shown(row->fields[1]);

            problem(m, s->path, row->line,
                    "the row for line %d has id '%s', but the record at %s:%d has id '%s': the "
                    "manifest is of another list, or the list changed since the render",
                    s->line, value, list, rec->line, rec->row_id);
            g_free(value);
        } else if (first != NULL) {
            problem(m, s->path, row->line,
                    "record '%s' (%s:%d) is covered twice, here and at %s:%d: give each "
                    "shard's manifest once",
                    rec->row_id, list, rec->line, first, first_at);
        } else {
            write_row(m, row);
        }
        if (first == NULL) {
            first = s->path;
            first_at = row->line;
        }
        advance(m, s);
    }
    if (first == NULL) {
        problem(m, list, rec->line,
                "record '%s' is in no manifest: give the manifests of all the shards (--shard "
                "K/N for every K from 0 to N-1), or render the shard that is missing",
                rec->row_id);
    }
    m->rows++;
}

/* Streams the list against the manifests. */
static void
merge_rows(struct merge *m)
{
    const char *list = bl_source_path(m->src);
    const struct bl_record *rec;
    struct shard *s;
    int prev = 0, more = 0;

    for (int i = 0; i < m->opts->n_manifests; i++) {
        advance(m, &m->shards[i]);
    }
    while (!m->broken && (more = bl_source_next(m->src, &rec)) > 0) {
        cover(m, rec, prev);
        prev = rec->line;
        bl_diag_clear(m->ses.quiet); /* a rejected row is still a record to cover */
    }
    if (more < 0) {
        fputs(bl_diag_text(m->ses.quiet), stderr);
        m->io = TRUE;
        return;
    }
    while (!m->broken && (s = heap_pop(m->heap)) != NULL) {
        if (prev > 0) {
            problem(m, s->path, s->rec->line,
                    "the row is for line %d, beyond the last record of %s (line %d): the "
                    "manifest is of another list, or the list lost rows since the render",
                    s->line, list, prev);
        } else {
            problem(m, s->path, s->rec->line,
                    "the row is for line %d, but %s has no records: the manifest is of "
                    "another list",
                    s->line, list);
        }
        advance(m, s);
    }
}

/* Opens a manifest and checks its header. Returns an enum bl_exit. */
static int
open_manifest(struct merge *m, struct shard *s)
{
    const struct bl_merge_record *rec;
    int more, i;

    if (bl_merge_csv_open(&s->csv, s->path, m->ses.diag) < 0) {
        m->problems++;
        return BL_EXIT_IO;
    }
    more = bl_merge_csv_next(s->csv, &rec);
    if (more < 0) {
        m->problems++;
        return bl_merge_csv_io_failed(s->csv) ? BL_EXIT_IO : BL_EXIT_BAD_INPUT;
    }
    if (more == 0) {
        problem(m, s->path, 0,
                "the file is empty: give the manifest.csv render wrote in the shard's output "
                "directory");
        return BL_EXIT_BAD_INPUT;
    }
    for (i = 0; i < COLUMNS && (guint)i < rec->n_fields; i++) {
        if (strcmp(rec->fields[i], columns[i]) != 0) {
            break;
        }
    }
    if (i < COLUMNS && (guint)i < rec->n_fields) {
        char *value = shown(rec->fields[i]);

        problem(m, s->path, rec->line,
                "column %d of the header is '%s', not '%s': the file is not a manifest; give "
                "the manifest.csv render wrote in the shard's output directory",
                i + 1, value, columns[i]);
        g_free(value);
        return BL_EXIT_BAD_INPUT;
    }
    if (rec->n_fields != COLUMNS) {
        problem(m, s->path, rec->line,
                "the header has %u columns, a manifest's has %d (line,id,...,error): give the "
                "manifest.csv render wrote in the shard's output directory",
                rec->n_fields, COLUMNS);
        return BL_EXIT_BAD_INPUT;
    }
    return BL_EXIT_OK;
}

/* Creates the merged manifest under its temporary name and writes the header. Returns an
 * enum bl_exit. */
static int
open_output(struct merge *m)
{
    struct bl_loc loc = {m->opts->output, 0, 0};
    int fd;

    m->tmp = g_strdup_printf("%s.part", m->opts->output);
    bl_temp_track(m->tmp);
    g_unlink(m->tmp);
    fd = g_open(m->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || (m->out = fdopen(fd, "w")) == NULL) {
        bl_diag_error(m->ses.diag, &loc, "cannot create the file: %s", g_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return BL_EXIT_IO;
    }
    for (int i = 0; i < COLUMNS; i++) {
        fprintf(m->out, "%s%s", i > 0 ? "," : "", columns[i]);
    }
    fputs("\r\n", m->out);
    return BL_EXIT_OK;
}

/* Closes the merged manifest; with keep, moves it into place, else removes it. Returns an
 * enum bl_exit. */
static int
close_output(struct merge *m, gboolean keep)
{
    struct bl_loc loc = {m->opts->output, 0, 0};
    int rc = BL_EXIT_OK;

    if (m->tmp == NULL) {
        return rc;
    }
    if (m->out != NULL && fclose(m->out) != 0 && keep) {
        bl_diag_error(m->ses.diag, &loc, "cannot write the file: %s", g_strerror(errno));
        rc = BL_EXIT_IO;
    }
    m->out = NULL;
    if (keep && rc == BL_EXIT_OK && g_rename(m->tmp, m->opts->output) < 0) {
        bl_diag_error(m->ses.diag, &loc, "cannot complete the file: %s", g_strerror(errno));
        rc = BL_EXIT_IO;
    }
    if (!keep || rc != BL_EXIT_OK) {
        g_unlink(m->tmp);
    }
    bl_temp_untrack(m->tmp);
    g_clear_pointer(&m->tmp, g_free);
    return rc;
}

/* Opens the list and every manifest, reporting each that cannot be used. Returns an enum
 * bl_exit. */
static int
open_inputs(struct merge *m)
{
    int rc = bl_session_load(&m->ses, m->opts->incident, m->opts->recipients, m->opts->data_dir,
                             NULL, FALSE);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    if (bl_source_open(&m->src, m->opts->recipients, m->ses.incident, m->ses.quiet) < 0) {
        fputs(bl_diag_text(m->ses.quiet), stderr);
        return BL_EXIT_BAD_INPUT;
    }
    bl_diag_clear(m->ses.quiet);
    for (int i = 0; i < m->opts->n_manifests; i++) {
        int one;

        m->shards[i].path = m->opts->manifests[i];
        m->shards[i].index = i;
        one = open_manifest(m, &m->shards[i]);
        if (one != BL_EXIT_OK && rc != BL_EXIT_IO) {
            rc = one; /* an unreadable file outweighs a wrong one */
        }
    }
    return rc;
}

static void
summarize(const struct merge *m)
{
    fprintf(stderr,
            "breachletter: %" G_GINT64_FORMAT " input row%s covered once by %d manifest%s: "
            "%" G_GINT64_FORMAT " letter%s, %" G_GINT64_FORMAT " error%s; merged manifest %s\n",
            m->rows, m->rows == 1 ? "" : "s", m->opts->n_manifests,
            m->opts->n_manifests == 1 ? "" : "s", m->letters, m->letters == 1 ? "" : "s", m->errors,
            m->errors == 1 ? "" : "s", m->opts->output);
}

int
bl_run_merge(const struct bl_merge_options *opts)
{
    struct merge m = {0};
    int rc;

    assert(opts->n_manifests > 0);
    m.opts = opts;
    m.shards = g_new0(struct shard, opts->n_manifests);
    m.heap = g_ptr_array_sized_new((guint)opts->n_manifests);
    bl_session_init(&m.ses);
    rc = open_inputs(&m);
    if (rc == BL_EXIT_OK) {
        rc = open_output(&m);
    }
    if (rc == BL_EXIT_OK) {
        merge_rows(&m);
        rc = m.io ? BL_EXIT_IO : m.problems > 0 ? BL_EXIT_BAD_INPUT : BL_EXIT_OK;
    }
    if (m.problems > MAX_MESSAGES) {
        fprintf(stderr, "breachletter: %d more problems not shown\n", m.problems - MAX_MESSAGES);
    }
    if (close_output(&m, rc == BL_EXIT_OK) != BL_EXIT_OK) {
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK) {
        summarize(&m);
    } else if (m.problems > 0 && rc == BL_EXIT_BAD_INPUT) {
        fprintf(stderr,
                "breachletter: the manifests do not cover %s exactly once (%d problem%s): no "
                "merged manifest written\n",
                opts->recipients, m.problems, m.problems == 1 ? "" : "s");
    }
    for (int i = 0; i < opts->n_manifests; i++) {
        bl_merge_csv_free(m.shards[i].csv);
    }
    g_free(m.shards);
    g_ptr_array_unref(m.heap);
    bl_source_free(m.src);
    bl_session_release(&m.ses);
    return rc;
}
