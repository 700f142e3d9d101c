/* SPDX-License-Identifier: MIT */
/* Merge: checks the manifests of a sharded render against the list, row by row as the list is
 * streamed (a k-way merge by line, every manifest being in list order), and joins them. */
#include "merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "fingerprint.h"
#include "manifest.h"
#include "runrecord.h"
#include "session.h"
#include "source.h"
#include "tempfile.h"
#include "text.h"

#define MAX_MESSAGES 100 /* problems told in full */
#define COLUMNS      BL_MANIFEST_COLUMNS
#define SHOWN        60 /* bytes of a value quoted in a message */

/* A shard's manifest being read. */
struct shard {
    const char *path;
    int index; /* on the command line: ties go to the earlier */
    FILE *fp;
    struct bl_csv_reader *csv;    /* keeps each row's bytes, written as they are */
    gboolean io_failed;           /* the manifest could not be read */
    const struct bl_csv_row *rec; /* the current row, NULL at the end */
    int line;                     /* the current row's line in the list */
    int width;                    /* its columns: BL_MANIFEST_COLUMNS, or _OLD before approval */
    int last_at;                  /* where in the manifest the row before was */
};

struct merge {
    const struct bl_merge_options *opts;
    struct bl_fingerprint incident_fp, list_fp; /* the inputs the shards must have rendered */
    struct bl_run_record first;                 /* the first shard's record: the run */
    struct bl_session ses;
    struct bl_source *src;
    struct shard *shards;
    GPtrArray *heap; /* struct shard * with a current row, the lowest line first */
    int problems;
    gboolean broken; /* a manifest is not CSV: what follows cannot be checked */
    gboolean io;     /* a file could not be read or written */
    FILE *out;
    char *tmp;
    char *held; /* with an output stream: the merged manifest, until it is whole */
    size_t held_len;
    gint64 rows;
    struct bl_manifest_summary summary; /* of the rows written */
};

/* A value to quote in a message: at most SHOWN bytes, cut at a character. Free with g_free(). */
static char *
shown(const char *value)
{
    char *text = bl_text_redact(value);
    gsize n = strlen(text);
    char *cut;

    if (n <= SHOWN) {
        return text;
    }
    n = SHOWN;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) {
        n--;
    }
    cut = g_strdup_printf("%.*s...", (int)n, text);
    g_free(text);
    return cut;
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

/* Field i of a manifest's row, which has it. */
static const char *
field(const struct bl_csv_row *row, guint i)
{
    return row->cells[i]->str;
}

/* TRUE when a field of the row holds a NUL byte. */
static gboolean
has_nul(const struct bl_csv_row *row)
{
    for (guint i = 0; i < row->nkept; i++) {
        if (memchr(row->cells[i]->str, '\0', row->cells[i]->len) != NULL) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Reads the next row of s's manifest that is not a blank line. Returns 1 and lends *out, 0 at
 * the end, or -1 reported as file:line when the file is not well-formed CSV (text after a
 * closing quote, an unclosed quote, a NUL byte, a row over 1 MiB) or cannot be read; the
 * manifest is not read further. */
static int
next_row(struct merge *m, struct shard *s, const struct bl_csv_row **out)
{
    struct bl_loc loc = {s->path, 0, 0};
    const struct bl_csv_row *row = NULL;
    int rc;

    do {
        rc = bl_csv_reader_next(s->csv, &row);
    } while (rc > 0 && row->nfields == 1 && row->raw->len == 0);
    if (rc < 0) {
        loc.line = bl_csv_reader_line(s->csv);
        bl_diag_error(m->ses.diag, &loc, "cannot read the file: %s",
                      g_strerror(bl_csv_reader_errno(s->csv)));
        s->io_failed = TRUE;
        return -1;
    }
    if (rc == 0) {
        return 0;
    }
    loc.line = row->line;
    if (row->too_long) {
        bl_diag_error(m->ses.diag, &loc,
                      "the row is longer than %d bytes: it is not a manifest's row",
                      BL_CSV_MAX_ROW_BYTES);
    } else if (row->problem == BL_CSV_UNCLOSED) {
        bl_diag_error(m->ses.diag, &loc,
                      "the file ends inside a quoted field of this row: the file was cut short; "
                      "copy the shard's manifest.csv again");
    } else if (row->problem == BL_CSV_AFTER_QUOTE) {
        loc.line = row->problem_line;
        bl_diag_error(m->ses.diag, &loc,
                      "text after the closing quote of field %u: a quote inside a quoted field "
                      "is doubled; the file is not a manifest render wrote",
                      row->problem_field + 1);
    } else if (has_nul(row)) {
        bl_diag_error(m->ses.diag, &loc, "the file holds a NUL byte: it is not a manifest");
    } else {
        *out = row;
        return 1;
    }
    return -1;
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
    const struct bl_csv_row *rec = NULL;
    gint64 line;
    int more;

    while ((more = next_row(m, s, &rec)) > 0) {
        if (rec->nfields != (guint)s->width) {
            problem(m, s->path, rec->line,
                    "the row has %u fields, a manifest row has %d: the manifest was edited or "
                    "cut short; render the shard again",
                    rec->nfields, s->width);
        } else if (!g_ascii_string_to_signed(field(rec, 0), 10, 1, G_MAXINT, &line, NULL)) {
            char *value = shown(field(rec, 0));

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
        m->io = m->io || s->io_failed;
    }
}

/* Writes a row of the merged manifest, while it may still be complete. */
static void
write_row(struct merge *m, const struct bl_csv_row *row)
{
    /* a row written before the approval column gets an empty one */
    gboolean old = row->nfields == BL_MANIFEST_COLUMNS_OLD;

    bl_manifest_summary_add(&m->summary, field(row, 2), strcmp(field(row, 11), "yes") == 0,
                            old ? NULL : field(row, COLUMNS - 1));
    if (m->problems > 0 || m->io) {
        return;
    }
    if (fwrite(row->raw->str, 1, row->raw->len, m->out) != row->raw->len ||
        (old && fputc(',', m->out) == EOF) || fputs("\r\n", m->out) == EOF) {
        struct bl_loc loc = {m->opts->output, 0, 0};

        bl_diag_error(m->ses.diag, &loc, "cannot write the file: %s", g_strerror(errno));
        m->io = TRUE;
    }
}

/* Takes the manifest rows for rec, the list's record after the one at line prev (0: none):
 * exactly one must be there, with its id. */
static void
cover(struct merge *m, const struct bl_record *rec, int prev)
{
    const char *list = bl_source_path(m->src);
    const char *first = NULL;               /* the manifest of the first row for rec */
    char *id = bl_text_redact(rec->row_id); /* as messages may quote it */
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
        const struct bl_csv_row *row = s->rec;

        heap_pop(m->heap);
        if (!bl_manifest_same_id(field(row, 1), rec->row_id)) {
            char *value = shown(field(row, 1));

            problem(m, s->path, row->line,
                    "the row for line %d has id '%s', but the record at %s:%d has id '%s': the "
                    "manifest is of another list, or the list changed since the render",
                    s->line, value, list, rec->line, id);
            g_free(value);
        } else if (first != NULL) {
            problem(m, s->path, row->line,
                    "record '%s' (%s:%d) is covered twice, here and at %s:%d: give each "
                    "shard's manifest once",
                    id, list, rec->line, first, first_at);
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
                id);
    }
    m->rows++;
    g_free(id);
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
        bl_diag_pass_kept(m->ses.quiet, m->ses.diag);
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
    struct bl_loc loc = {s->path, 0, 0};
    const struct bl_csv_row *rec = NULL;
    int more, i;

    s->fp = g_fopen(s->path, "rb");
    if (s->fp == NULL) {
        bl_diag_error(m->ses.diag, &loc, "cannot open the file: %s", g_strerror(errno));
        m->problems++;
        return BL_EXIT_IO;
    }
    s->csv = bl_csv_reader_new(s->fp, TRUE);
    more = next_row(m, s, &rec);
    if (more < 0) {
        m->problems++;
        return s->io_failed ? BL_EXIT_IO : BL_EXIT_BAD_INPUT;
    }
    if (more == 0) {
        problem(m, s->path, 0,
                "the file is empty: give the manifest.csv render wrote in the shard's output "
                "directory");
        return BL_EXIT_BAD_INPUT;
    }
    for (i = 0; i < COLUMNS && (guint)i < rec->nfields; i++) {
        if (strcmp(field(rec, i), bl_manifest_columns[i]) != 0) {
            break;
        }
    }
    if (i < COLUMNS && (guint)i < rec->nfields) {
        char *value = shown(field(rec, i));

        problem(m, s->path, rec->line,
                "column %d of the header is '%s', not '%s': the file is not a manifest; give "
                "the manifest.csv render wrote in the shard's output directory",
                i + 1, value, bl_manifest_columns[i]);
        g_free(value);
        return BL_EXIT_BAD_INPUT;
    }
    /* a manifest written before the approval column is read as having it empty */
    if (rec->nfields != COLUMNS && rec->nfields != BL_MANIFEST_COLUMNS_OLD) {
        problem(m, s->path, rec->line,
                "the header has %u columns, a manifest's has %d (line,id,...,approval): give "
                "the manifest.csv render wrote in the shard's output directory",
                rec->nfields, COLUMNS);
        return BL_EXIT_BAD_INPUT;
    }
    s->width = (int)rec->nfields;
    return BL_EXIT_OK;
}

/* Creates the merged manifest under its temporary name and writes the header. Returns an
 * enum bl_exit. */
static int
open_output(struct merge *m)
{
    struct bl_loc loc = {m->opts->output, 0, 0};
    int fd = -1;

    if (m->opts->output_stream != NULL) {
        /* written to the stream only once whole: a failed merge writes nothing there either */
        m->out = open_memstream(&m->held, &m->held_len);
    } else if ((fd = bl_temp_create(m->opts->output, &m->tmp)) >= 0) {
        m->out = fdopen(fd, "w");
    }
    if (m->out == NULL) {
        bl_diag_error(m->ses.diag, &loc, "cannot create the file: %s", g_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return BL_EXIT_IO;
    }
    for (int i = 0; i < COLUMNS; i++) {
        fprintf(m->out, "%s%s", i > 0 ? "," : "", bl_manifest_columns[i]);
    }
    fputs("\r\n", m->out);
    return BL_EXIT_OK;
}

/* Closes the merged manifest; with keep, moves it into place (or writes it to the caller's
 * stream), else removes it. Returns an enum bl_exit. */
static int
close_output(struct merge *m, gboolean keep)
{
    struct bl_loc loc = {m->opts->output, 0, 0};
    int rc = BL_EXIT_OK;

    int err = 0;

    if (m->out != NULL && fclose(m->out) != 0) {
        err = errno;
    }
    m->out = NULL;
    if (m->opts->output_stream != NULL) {
        if (keep && err == 0 &&
            (fwrite(m->held, 1, m->held_len, m->opts->output_stream) != m->held_len ||
             fflush(m->opts->output_stream) != 0)) {
            err = errno;
        }
        g_clear_pointer(&m->held, free);
    } else if (bl_temp_finish(m->tmp, m->opts->output, keep && err == 0) < 0 && err == 0) {
        err = errno;
    }
    m->tmp = NULL;
    if (keep && err != 0) {
        bl_diag_error(m->ses.diag, &loc, "cannot complete the file: %s", g_strerror(err));
        rc = BL_EXIT_IO;
    }
    return rc;
}

/* Reads the record the shard's render wrote beside its manifest. Returns 0, or -1 reported. */
static int
read_record(struct merge *m, const struct shard *s, struct bl_run_record *r)
{
    char *dir = g_path_get_dirname(s->path);
    char *base = g_path_get_basename(s->path);
    char *name = bl_run_record_name(base);
    char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;
    gsize len = 0;
    int rc = -1;

    if (!g_file_get_contents(path, &text, &len, NULL)) {
        problem(m, s->path, 0,
                "there is no run record (%s) beside the manifest, so where it came from cannot "
                "be checked: give the manifest render wrote, with the record beside it",
                name);
    } else if (bl_run_record_parse(r, text, len, path, m->ses.diag) < 0) {
        m->problems++;
    } else {
        rc = 0;
    }
    g_free(text);
    g_free(path);
    g_free(name);
    g_free(base);
    g_free(dir);
    return rc;
}

/* Checks that every manifest comes from one run of this incident and list, with the same
 * options and data, each shard once, and that no manifest was changed since its run wrote it. */
static void
check_records(struct merge *m)
{
    gboolean *seen = NULL;

    for (int i = 0; i < m->opts->n_manifests; i++) {
        const struct shard *s = &m->shards[i];
        struct bl_run_record r = {0};
        struct bl_fingerprint fp;
        const struct bl_run_record *run;
        gboolean first;

        if (read_record(m, s, &r) < 0) {
            continue;
        }
        /* the run is that of the first record of this incident and list */
        first = m->first.run == NULL && strcmp(r.incident_sha256, m->incident_fp.sha256) == 0 &&
                strcmp(r.list_sha256, m->list_fp.sha256) == 0;
        run = first || m->first.run == NULL ? &r : &m->first;
        if (strcmp(r.incident_sha256, m->incident_fp.sha256) != 0) {
            problem(m, s->path, 0,
                    "the shard was rendered from another version of the incident than %s: "
                    "render it again from this one",
                    bl_diag_file_name(m->opts->incident));
        } else if (strcmp(r.list_sha256, m->list_fp.sha256) != 0) {
            problem(m, s->path, 0,
                    "the shard was rendered from another version of the list than %s: render "
                    "it again from this one",
                    bl_diag_file_name(m->opts->recipients));
        } else if (strcmp(r.run, run->run) != 0 || r.shards != run->shards) {
            problem(m, s->path, 0,
                    "the shard was rendered with other options or data than %s (--book, "
                    "--simplex, --allow-draft, --files-per-dir, the number of shards, the "
                    "templates, the fonts or the program): render every shard with the same",
                    m->first.manifest);
        } else if (r.partial || r.shards < 2) {
            problem(m, s->path, 0,
                    "the manifest is not a shard's (render --shard K/N): nothing to merge");
        } else if (bl_fingerprint_take(&fp, s->path, "manifest", m->ses.quiet) < 0 ||
                   strcmp(fp.sha256, r.manifest_sha256) != 0) {
            problem(m, s->path, 0,
                    "the manifest is not the one its run wrote (changed since, or cut short): "
                    "copy it again from the shard's output, or render the shard again");
        } else {
            if (seen == NULL) {
                seen = g_new0(gboolean, r.shards);
            }
            if (seen[r.shard]) {
                problem(m, s->path, 0, "shard %d of %d is given twice", r.shard, r.shards);
            }
            seen[r.shard] = TRUE;
        }
        if (first) {
            m->first = r;
        } else {
            bl_run_record_release(&r);
        }
    }
    g_free(seen);
}

/* Writes the record of the merged manifest beside it: the run's, as one shard of one. */
static int
write_record(struct merge *m)
{
    struct bl_run_record r = m->first;
    struct bl_fingerprint fp;
    char *dir = g_path_get_dirname(m->opts->output);
    char *base = g_path_get_basename(m->opts->output);
    char *name = bl_run_record_name(base);
    char *path = g_build_filename(dir, name, NULL);
    char *json;
    int rc = -1;

    if (bl_fingerprint_take(&fp, m->opts->output, "merged manifest", m->ses.diag) == 0) {
        r.shard = 0;
        r.shards = 1;
        r.manifest = base;
        r.manifest_sha256 = fp.sha256;
        r.errors = NULL;
        r.errors_sha256 = NULL;
        r.has_summary = TRUE;
        r.summary = m->summary; /* the merged rows' (borrowed) */
        json = bl_run_record_json(&r);
        rc = bl_temp_write(path, json, strlen(json), m->ses.diag);
        g_free(json);
    }
    g_free(path);
    g_free(name);
    g_free(base);
    g_free(dir);
    return rc;
}

/* Opens the list and every manifest, reporting each that cannot be used. Returns an enum
 * bl_exit. */
static int
open_inputs(struct merge *m)
{
    int rc;

    if (bl_fingerprint_take(&m->incident_fp, m->opts->incident, "incident", m->ses.diag) < 0 ||
        bl_fingerprint_take(&m->list_fp, m->opts->recipients, "recipient list", m->ses.diag) < 0) {
        return errno == ENOENT ? BL_EXIT_IO : BL_EXIT_BAD_INPUT;
    }
    rc = bl_session_load(&m->ses, m->opts->incident, m->opts->recipients, m->opts->data_dir, NULL,
                         FALSE);
    if (rc != BL_EXIT_OK) {
        return rc;
    }
    if (bl_source_open(&m->src, m->opts->recipients, m->ses.incident, m->ses.quiet) < 0) {
        bl_diag_pass_kept(m->ses.quiet, m->ses.diag);
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
    if (rc == BL_EXIT_OK) {
        check_records(m);
        rc = m->problems > 0 ? BL_EXIT_BAD_INPUT : BL_EXIT_OK;
    }
    return rc;
}

static void
summarize(const struct merge *m)
{
    const struct bl_manifest_summary *sum = &m->summary;
    gint64 letters = sum->counts.letters, errors = sum->counts.rows - letters;
    GString *line = g_string_new(NULL);

    g_string_append_printf(line,
                           "%" G_GINT64_FORMAT " input row%s covered once by %d manifest%s: "
                           "%" G_GINT64_FORMAT " letter%s, %" G_GINT64_FORMAT " error%s",
                           m->rows, m->rows == 1 ? "" : "s", m->opts->n_manifests,
                           m->opts->n_manifests == 1 ? "" : "s", letters, letters == 1 ? "" : "s",
                           errors, errors == 1 ? "" : "s");
    /* the shards' letters in large print and under each approval, summed */
    if (sum->large_print > 0) {
        g_string_append_printf(line, ", %" G_GINT64_FORMAT " in large print", sum->large_print);
    }
    for (guint i = 0; sum->approval_ids != NULL && i < sum->approval_ids->len; i++) {
        const char *id = g_ptr_array_index(sum->approval_ids, i);
        gint64 n = bl_manifest_summary_approved(sum, id);

        g_string_append_printf(line, "%s%" G_GINT64_FORMAT " under approval %s",
                               i == 0 ? ", " : " and ", n, id);
    }
    g_string_append_printf(line, "; merged manifest %s", m->opts->output);
    bl_diag_note(m->ses.diag, "%s", line->str);
    g_string_free(line, TRUE);
}

int
bl_run_merge(const struct bl_merge_options *opts, struct bl_diag *diag)
{
    struct merge m = {0};
    int rc;

    if (opts->n_manifests <= 0) {
        bl_diag_error(diag, NULL, "no shard manifests to merge: name at least one");
        return BL_EXIT_USAGE;
    }
    m.opts = opts;
    m.shards = g_new0(struct shard, opts->n_manifests);
    m.heap = g_ptr_array_sized_new((guint)opts->n_manifests);
    bl_session_init(&m.ses, diag);
    rc = open_inputs(&m);
    if (rc == BL_EXIT_OK) {
        rc = open_output(&m);
    }
    if (rc == BL_EXIT_OK) {
        merge_rows(&m);
        rc = m.io ? BL_EXIT_IO : m.problems > 0 ? BL_EXIT_BAD_INPUT : BL_EXIT_OK;
    }
    if (m.problems > MAX_MESSAGES) {
        bl_diag_note(diag, "%d more problems not shown", m.problems - MAX_MESSAGES);
    }
    if (close_output(&m, rc == BL_EXIT_OK) != BL_EXIT_OK ||
        (rc == BL_EXIT_OK && opts->output_stream == NULL && write_record(&m) < 0)) {
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && bl_diag_level() > BL_DIAG_QUIET) {
        summarize(&m);
    } else if (m.problems > 0 && rc == BL_EXIT_BAD_INPUT) {
        bl_diag_note(diag,
                     "the manifests are not of one run covering %s exactly once (%d problem%s): "
                     "no merged manifest written",
                     bl_diag_file_name(opts->recipients), m.problems, m.problems == 1 ? "" : "s");
    }
    bl_run_record_release(&m.first);
    bl_manifest_summary_release(&m.summary);
    for (int i = 0; i < opts->n_manifests; i++) {
        bl_csv_reader_free(m.shards[i].csv);
        if (m.shards[i].fp != NULL) {
            fclose(m.shards[i].fp);
        }
    }
    g_free(m.shards);
    g_ptr_array_unref(m.heap);
    bl_source_free(m.src);
    bl_session_release(&m.ses);
    return rc;
}
