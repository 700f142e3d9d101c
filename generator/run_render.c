/* SPDX-License-Identifier: MIT */
/* Render: the mail-merge. Everything that is the same for every recipient (incident, template,
 * rules, fonts, the compliance check) is built once; then worker processes forked from that
 * set-up stream the list, each taking its chunks of rows, and bind, lay out and write one
 * letter at a time, as a PDF of its own or into a print book. */
#include "run.h"

#include <errno.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "bind.h"
#include "book.h"
#include "check.h"
#include "layout.h"
#include "mailing.h"
#include "manifest.h"
#include "session.h"
#include "sink.h"
#include "source.h"

#define LETTER_CHUNK 500 /* rows per chunk when every letter is a PDF of its own */
#define MAX_MESSAGES 100 /* row messages printed; the errors file has them all */

/* What a render loads once, around the shared session. */
struct setup {
    const struct bl_render_options *opts;
    struct bl_session ses;
    struct bl_diag *rows_diag; /* the list's row messages, taken row by row */
    struct bl_source *src;
    struct bl_letter letter;
    struct bl_facts facts;
    int dir_levels; /* per-letter files: levels of subdirectories (256 each) */
};

/* A worker's chunk in progress. */
struct chunk {
    gint64 index;
    struct bl_manifest *journal;
    struct bl_book *book;
    char *book_file;       /* relative to the output directory */
    GArray *held;          /* book rows wait for the book's hash: struct bl_manifest_row */
    GStringChunk *strings; /* the held rows' strings */
    GString *messages;     /* the chunk's row messages, in row order */
    struct bl_batch_counts counts;
};

/* Tells which letters render refuses and why (or, with --allow-draft, which become drafts). */
static void
report_findings(struct setup *s, gboolean draft)
{
    for (guint i = 0; i < s->ses.check->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(s->ses.check->findings, i);
        struct bl_loc loc = {s->ses.incident->path, 0, 0};

        if (f->severity == BL_SEV_ERROR) {
            char *text = bl_finding_text(f, TRUE);

            bl_diag_error(s->ses.diag, &loc, "%s", text);
            g_free(text);
        }
    }
    fprintf(stderr, draft ? "breachletter: the letters these findings concern are rendered as "
                            "DRAFTs, watermarked on every page\n"
                          : "breachletter: the letters these findings concern are not rendered "
                            "(see 'breachletter check'; --allow-draft renders watermarked "
                            "drafts)\n");
}

/* Render's set-up: the shared part, the compliance gate, fonts and the list's header. */
static int
load(struct setup *s)
{
    const struct bl_render_options *opts = s->opts;
    int rc =
        bl_session_load(&s->ses, opts->incident, opts->recipients, opts->data_dir, NULL, FALSE);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    /* the check counts residents (letters may print them) and finds non-compliant letters;
     * rows it rejects are reported once, by the render pass */
    if (bl_session_check(&s->ses, opts->recipients, s->ses.quiet) < 0) {
        fputs(bl_diag_text(s->ses.quiet), stderr);
        return BL_EXIT_BAD_INPUT;
    }
    bl_diag_clear(s->ses.quiet);
    s->facts.residents = s->ses.check->residents;
    if (bl_check_count(s->ses.check, BL_SEV_ERROR) > 0 && opts->only == NULL) {
        report_findings(s, opts->allow_draft); /* with --only, the row's refusal says why */
    }
    rc = bl_mailing_check_serials(s->ses.incident, s->ses.check->rows, s->ses.diag) < 0
             ? BL_EXIT_BAD_INPUT
             : BL_EXIT_OK;
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(&s->ses, opts->data_dir);
    }
    /* the header's problems are told here, once; the rows' with each row */
    if (rc == BL_EXIT_OK &&
        bl_source_open(&s->src, opts->recipients, s->ses.incident, s->rows_diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
    }
    fputs(bl_diag_text(s->rows_diag), stderr);
    bl_diag_clear(s->rows_diag);
    return rc;
}

static void
release(struct setup *s)
{
    bl_letter_release(&s->letter);
    bl_source_free(s->src);
    bl_diag_free(s->rows_diag);
    bl_session_release(&s->ses);
}

/* Decides what becomes of a row and lays its letter out. Returns the row's kind ('l' letter,
 * 'd' draft, 'r' refused, 'e' error) and fills row (its error borrowed from the quiet diag or
 * from *refusal) and, for a letter, *doc. */
static char
lay_out_row(struct setup *s, const struct bl_record *rec, gint64 index, struct bl_manifest_row *row,
            struct bl_doc **doc, char **refusal)
{
    const struct bl_finding *blocking;

    *doc = NULL;
    row->line = rec->line;
    row->id = rec->row_id;
    if (rec->status < 0) {
        row->status = "error";
        row->error = rec->error;
        return 'e';
    }
    row->jurisdiction = rec->recipient.jurisdiction;
    row->variant = bl_variant_name(rec->recipient.variant);
    row->language = rec->recipient.language;
    blocking = bl_check_blocking(s->ses.check, s->ses.incident, &rec->recipient);
    if (blocking != NULL && !s->opts->allow_draft) {
        char *text = bl_finding_text(blocking, FALSE);

        *refusal = g_strconcat("not compliant: ", text, NULL);
        g_free(text);
        row->status = "refused";
        row->error = *refusal;
        return 'r';
    }
    s->letter.draft = blocking != NULL;
    bl_diag_clear(s->ses.quiet);
    if (bl_bind(&s->letter, s->ses.tpl, s->ses.incident, &s->facts, &rec->recipient, s->ses.quiet) <
        0) {
        row->status = "error";
        row->error = bl_diag_last_message(s->ses.quiet);
        return 'e';
    }
    bl_mailing_barcode(s->ses.incident, &rec->recipient, index, s->letter.barcode);
    if (bl_layout(doc, &s->letter, s->ses.fonts, s->ses.quiet) < 0) {
        row->status = "error";
        row->error = bl_diag_last_message(s->ses.quiet);
        return 'e';
    }
    if (s->letter.barcode[0] != '\0' && !bl_doc_has_barcode(*doc)) {
        struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

        bl_diag_warning(s->rows_diag, &loc,
                        "the address has too many lines for the window with the Intelligent "
                        "Mail barcode: the letter is made without the barcode (recipient '%s')",
                        rec->row_id);
    }
    row->status = blocking != NULL ? "draft" : "ok";
    row->pages = bl_doc_page_count(*doc);
    return blocking != NULL ? 'd' : 'l';
}

/* Writes a laid-out letter as a PDF of its own; fills row. Returns kind, or 'e' (reported to the
 * quiet diag) when it cannot be written. */
static char
write_letter(struct setup *s, const struct bl_doc *doc, struct bl_manifest_row *row, char kind,
             gboolean sync_later, char **file, char sha[65])
{
    struct bl_pdf_info info;
    char *path;
    int rc;

    bl_diag_clear(s->ses.quiet);
    *file = bl_run_letter_path(row->id, s->dir_levels);
    path = g_build_filename(s->opts->outdir, *file, NULL);
    bl_sink_pdf_letter_info(&s->letter, &info);
    info.sync_later = sync_later;
    if (s->dir_levels > 0) {
        char *dir = g_path_get_dirname(path);

        g_mkdir_with_parents(dir, 0700); /* a failure shows when the file is created */
        g_free(dir);
    }
    rc = bl_sink_pdf_write_info(path, &info, &doc, 1, sha, s->ses.quiet);
    g_free(path);
    if (rc < 0) {
        row->status = "error";
        row->error = bl_diag_last_message(s->ses.quiet);
        row->pages = 0;
        return 'e';
    }
    row->file = *file;
    row->sha256 = sha;
    return kind;
}

/* A row that got no letter is told with the list's file and line, in s->rows_diag. */
static void
tell_row(struct setup *s, const struct bl_record *rec, const struct bl_manifest_row *row, char kind)
{
    struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

    if (kind == 'e' && rec->status == 0) {
        /* the source has told its own rejections already */
        bl_diag_error(s->rows_diag, &loc, "%s (recipient '%s')", row->error, rec->row_id);
    }
}

static void
count(struct bl_batch_counts *c, char kind)
{
    c->rows++;
    c->letters += kind == 'l' || kind == 'd';
    c->drafts += kind == 'd';
    c->refused += kind == 'r';
    c->errors += kind == 'e';
}

/* The summary: every input row is a letter or an error. */
static void
summarize(const struct setup *s, const struct bl_batch_counts *c, const char *manifest,
          const char *errors)
{
    gint64 failed = c->errors + c->refused;

    if (s->opts->quiet) {
        return;
    }
    fprintf(stderr,
            "breachletter: %" G_GINT64_FORMAT " input row%s = %" G_GINT64_FORMAT
            " letter%s + %" G_GINT64_FORMAT " error%s",
            c->rows, c->rows == 1 ? "" : "s", c->letters, c->letters == 1 ? "" : "s", failed,
            failed == 1 ? "" : "s");
    if (c->refused > 0) {
        fprintf(stderr, " (%" G_GINT64_FORMAT " refused as not compliant)", c->refused);
    }
    fprintf(stderr, "; manifest %s", manifest);
    if (failed > 0) {
        fprintf(stderr, ", errors %s", errors);
    }
    fputc('\n', stderr);
    if (c->drafts > 0) {
        fprintf(stderr,
                "breachletter: %" G_GINT64_FORMAT " of the letters %s not compliant: %s marked "
                "DRAFT and must not be mailed\n",
                c->drafts, c->drafts == 1 ? "is" : "are", c->drafts == 1 ? "it is" : "they are");
    }
}

static int
exit_status(const struct bl_batch_counts *c)
{
    return c->refused > 0  ? BL_EXIT_NONCOMPLIANT
           : c->errors > 0 ? BL_EXIT_ROWS_REJECTED
                           : BL_EXIT_OK;
}

/* Keeps a book chunk's row until the book is complete (its file and hash go into the row). */
static void
hold_row(struct chunk *ch, const struct bl_manifest_row *row)
{
    struct bl_manifest_row held = *row;

    held.id = g_string_chunk_insert_const(ch->strings, row->id);
    held.jurisdiction = row->jurisdiction != NULL
                            ? g_string_chunk_insert_const(ch->strings, row->jurisdiction)
                            : NULL;
    held.language =
        row->language != NULL ? g_string_chunk_insert_const(ch->strings, row->language) : NULL;
    held.error = row->error != NULL ? g_string_chunk_insert(ch->strings, row->error) : NULL;
    g_array_append_val(ch->held, held);
}

static void
chunk_clear(struct chunk *ch)
{
    bl_manifest_abort(ch->journal);
    bl_book_abort(ch->book);
    g_free(ch->book_file);
    if (ch->held != NULL) {
        g_array_unref(ch->held);
        g_string_chunk_free(ch->strings);
    }
    if (ch->messages != NULL) {
        g_string_free(ch->messages, TRUE);
    }
    *ch = (struct chunk){.index = -1};
}

static int
begin_chunk(struct setup *s, struct bl_batch *batch, struct chunk *ch, gint64 index)
{
    ch->index = index;
    ch->messages = g_string_new(NULL);
    if (s->opts->book > 0) {
        char name[32];

        g_snprintf(name, sizeof(name), "book-%06" G_GINT64_FORMAT ".pdf", index + 1);
        ch->book_file = g_strdup(name);
        ch->held = g_array_new(FALSE, TRUE, sizeof(struct bl_manifest_row));
        ch->strings = g_string_chunk_new(4096);
    }
    return bl_batch_open_chunk(batch, index, &ch->journal);
}

/* Opens the chunk's book at its first letter (a chunk of rejected rows makes no book). */
static int
open_book(struct setup *s, struct chunk *ch)
{
    struct bl_pdf_info info;
    char *pdf = g_build_filename(s->opts->outdir, ch->book_file, NULL);
    char *csv = g_strdup(pdf);
    char *title =
        g_strdup_printf("%s - print book %" G_GINT64_FORMAT, s->letter.title, ch->index + 1);
    int rc;

    strcpy(csv + strlen(csv) - 3, "csv");
    bl_sink_pdf_letter_info(&s->letter, &info);
    info.what = "print book";
    info.title = title;
    info.draft = FALSE; /* a draft letter in it says so on every page */
    rc = bl_book_open(&ch->book, pdf, csv, &info, !s->opts->simplex, s->ses.diag);
    g_free(title);
    g_free(csv);
    g_free(pdf);
    return rc;
}

/* Renders one row of a chunk. Returns 0, or -1 when the run cannot go on. */
static int
render_row(struct setup *s, struct bl_batch *batch, struct chunk *ch, const struct bl_record *rec,
           gint64 index)
{
    struct bl_manifest_row row = {0};
    struct bl_doc *doc = NULL;
    char *refusal = NULL, *file = NULL;
    char sha[65] = "";
    char kind = lay_out_row(s, rec, index, &row, &doc, &refusal);
    int rc = 0;

    if (doc != NULL && ch->book_file != NULL) {
        if (ch->book == NULL && open_book(s, ch) < 0) {
            rc = -1;
            goto out;
        }
        bl_book_add(ch->book, rec->row_id, doc, &row.first_page);
        row.file = ch->book_file;
        row.book = (int)ch->index + 1;
    } else if (doc != NULL && write_letter(s, doc, &row, kind, batch != NULL, &file, sha) == 'e') {
        /* a disk that is full or failing is the run's problem, not the row's: the run stops,
         * the chunk stays uncommitted, and --resume makes it once there is room */
        fprintf(stderr, "%s", bl_diag_text(s->ses.quiet));
        rc = -1;
        goto out;
    }
    tell_row(s, rec, &row, kind);
    count(&ch->counts, kind);
    if (batch != NULL) {
        bl_batch_tick(batch, kind);
    }
    if (ch->held != NULL) {
        hold_row(ch, &row);
    } else {
        rc = bl_manifest_add(ch->journal, &row);
    }
out:
    bl_doc_free(doc);
    g_free(file);
    g_free(refusal);
    return rc;
}

/* --only: one recipient, in this process, its PDF flat in the output directory (every row with
 * that id: a repeated id is told as such). */
static int
render_only(struct setup *s, const char *manifest_path, const char *errors_path)
{
    struct chunk ch = {.index = -1};
    struct bl_batch_counts counts;
    const struct bl_record *rec;
    gint64 index = -1;
    int more, rc = BL_EXIT_OK;

    if (bl_manifest_open(&ch.journal, manifest_path, errors_path, s->opts->recipients, TRUE,
                         s->ses.diag) < 0) {
        return BL_EXIT_IO;
    }
    while ((more = bl_source_next(s->src, &rec)) > 0) {
        index++; /* the barcode's serial is the one the whole run gives the row */
        if (strcmp(rec->row_id, s->opts->only) == 0 && render_row(s, NULL, &ch, rec, index) < 0) {
            rc = BL_EXIT_IO;
            break;
        }
        if (strcmp(rec->row_id, s->opts->only) == 0) {
            fputs(bl_diag_text(s->rows_diag), stderr);
        }
        bl_diag_clear(s->rows_diag); /* the other rows' problems are not this run's */
    }
    if (rc == BL_EXIT_OK && more < 0) {
        fputs(bl_diag_text(s->rows_diag), stderr);
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && ch.counts.rows == 0) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc, "recipient '%s' is not in the list", s->opts->only);
        rc = BL_EXIT_ROWS_REJECTED;
    }
    if (rc != BL_EXIT_OK) {
        chunk_clear(&ch);
        return rc;
    }
    counts = ch.counts;
    rc = bl_manifest_close(ch.journal) < 0 ? BL_EXIT_IO : BL_EXIT_OK;
    ch.journal = NULL;
    chunk_clear(&ch);
    if (rc == BL_EXIT_OK) {
        summarize(s, &counts, manifest_path, errors_path);
        rc = exit_status(&counts);
    }
    return rc;
}

/* Completes a chunk: its book, then its journal. Returns 0, or -1 reported. */
static int
end_chunk(struct setup *s, struct bl_batch *batch, struct chunk *ch)
{
    char sha[65] = "";
    int rc = 0;

    if (ch->book != NULL) {
        rc = bl_book_close(ch->book, sha);
        ch->book = NULL;
    }
    for (guint i = 0; rc == 0 && ch->held != NULL && i < ch->held->len; i++) {
        struct bl_manifest_row *row = &g_array_index(ch->held, struct bl_manifest_row, i);

        row->sha256 = row->file != NULL ? sha : NULL;
        rc = bl_manifest_add(ch->journal, row);
    }
    if (rc == 0) {
        rc = bl_batch_commit_chunk(batch, ch->index, ch->journal, &ch->counts, ch->messages->str);
        ch->journal = NULL; /* freed by the commit */
    }
    chunk_clear(ch);
    return rc;
}

/* A worker: reads the whole list with a file offset of its own and renders the rows of its
 * chunks. Returns an enum bl_exit. */
static int
work(struct setup *s, struct bl_batch *batch, int worker)
{
    struct chunk ch = {.index = -1};
    const struct bl_record *rec;
    gint64 row = 0, current = -1;
    gboolean owned = FALSE;
    int more, rc = BL_EXIT_OK;

    bl_source_free(s->src);
    s->src = NULL;
    if (bl_source_open(&s->src, s->opts->recipients, s->ses.incident, s->rows_diag) < 0) {
        fputs(bl_diag_text(s->rows_diag), stderr);
        return BL_EXIT_IO;
    }
    bl_diag_clear(s->rows_diag); /* the header's problems were told by the parent */
    /* the check has read the list: its duplicate ids are known, no table of ids is needed */
    bl_source_use_duplicates(s->src, s->ses.check->duplicates);
    while ((more = bl_source_next(s->src, &rec)) > 0) {
        gint64 index = row++;
        gint64 c = bl_batch_chunk_of(batch, index);

        if (c != current) {
            if (ch.index >= 0 && end_chunk(s, batch, &ch) < 0) {
                rc = BL_EXIT_IO;
                break;
            }
            current = c;
            owned = bl_batch_owns(batch, worker, c);
            if (owned && begin_chunk(s, batch, &ch, c) < 0) {
                rc = BL_EXIT_IO;
                break;
            }
        }
        if (owned && render_row(s, batch, &ch, rec, index) < 0) {
            rc = BL_EXIT_IO;
            break;
        }
        if (owned) {
            g_string_append(ch.messages, bl_diag_text(s->rows_diag));
        }
        bl_diag_clear(s->rows_diag);
    }
    if (rc == BL_EXIT_OK && more < 0) {
        fputs(bl_diag_text(s->rows_diag), stderr);
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && row != s->ses.check->rows) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc,
                      "the list changed while it was being rendered (%" G_GINT64_FORMAT
                      " records, %d before): render it again from the start",
                      row, s->ses.check->rows);
        rc = BL_EXIT_BAD_INPUT;
    }
    if (rc == BL_EXIT_OK && ch.index >= 0 && end_chunk(s, batch, &ch) < 0) {
        rc = BL_EXIT_IO;
    }
    chunk_clear(&ch);
    return rc;
}

/* What the output depends on, as a hash: a resumed run must be the same run. */
static char *
run_key(const struct setup *s)
{
    const struct bl_render_options *o = s->opts;
    const char *data = bl_session_data_dir(o->data_dir);
    char *templates = g_build_filename(data, "templates", NULL);
    char *fonts = g_build_filename(data, "fonts", NULL);
    char *template_dir = g_path_get_dirname(s->ses.template_path);
    /* the program itself too: another build may lay letters out differently */
    const char *inputs[] = {"/proc/self/exe", o->incident, o->recipients, template_dir,
                            templates,        fonts,       NULL};
    /* the list's name as given: the errors file quotes it */
    char *options = g_strdup_printf("breachletter %s book %d simplex %d per-dir %d draft %d "
                                    "shard %d/%d list %s",
                                    BL_VERSION, o->book, o->simplex, o->files_per_dir,
                                    o->allow_draft, o->shard, o->shards, o->recipients);
    char *key = bl_batch_key(options, inputs);

    g_free(options);
    g_free(fonts);
    g_free(templates);
    g_free(template_dir);
    return key;
}

static int
render_batch(struct setup *s, const char *manifest_path, const char *errors_path)
{
    const struct bl_render_options *o = s->opts;
    int chunk_rows = o->book > 0 ? o->book : LETTER_CHUNK;
    gint64 rows = s->ses.check->rows;
    char *key = run_key(s);
    struct bl_batch_plan plan = {rows,        chunk_rows, o->shard,      o->shards,
                                 1,           key,        o->recipients, manifest_path,
                                 errors_path, o->resume,  !o->quiet};
    struct bl_batch_counts c;
    struct bl_batch *batch = NULL;
    int worker, rc;

    plan.jobs = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();
    s->dir_levels = o->book > 0 ? 0 : bl_run_dir_levels(rows, o->files_per_dir);
    rc = bl_batch_new(&batch, &plan, o->outdir, s->ses.diag);
    if (rc < 0) {
        g_free(key);
        return rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
    }
#ifdef __GLIBC__
    /* the set-up freed the compliance check's table of every id in the list (55 MB for a
     * million rows): its pages go back to the kernel now, not into every worker */
    malloc_trim(0);
#endif
    worker = bl_batch_start(batch);
    if (worker >= 0) {
        rc = work(s, batch, worker);
        bl_batch_free(batch);
        g_free(key);
        release(s);
        exit(rc);
    }
    if (worker == -2 || bl_batch_finish(batch, MAX_MESSAGES, &c) < 0) {
        rc = BL_EXIT_IO;
    } else {
        summarize(s, &c, manifest_path, errors_path);
        rc = exit_status(&c);
    }
    bl_batch_free(batch);
    g_free(key);
    return rc;
}

int
bl_run_render(const struct bl_render_options *opts)
{
    struct setup s = {0};
    char *manifest_path = NULL, *errors_path = NULL;
    int rc;

    /* letters hold personal data: everything this run creates is owner-only */
    umask(077);
#ifdef __GLIBC__
    /* each letter allocates and frees a few megabytes (cairo's page recording, the font
     * subsets); by default glibc hands the top of the heap back to the kernel after every
     * letter and takes it again for the next, paying system calls and fresh zeroed pages each
     * time. Keep up to 16 MB free instead: memory stays flat, the churn goes. */
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    mallopt(M_TOP_PAD, 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
    s.opts = opts;
    bl_session_init(&s.ses);
    s.rows_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = load(&s);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (g_mkdir_with_parents(opts->outdir, 0700) < 0) {
        struct bl_loc loc = {opts->outdir, 0, 0};

        bl_diag_error(s.ses.diag, &loc, "cannot create the output directory: %s",
                      g_strerror(errno));
        rc = BL_EXIT_IO;
        goto out;
    }
    if (opts->shards > 1) {
        /* shards may share one output directory: each has a manifest of its own */
        char *m = g_strdup_printf("manifest-%d-of-%d.csv", opts->shard, opts->shards);
        char *e = g_strdup_printf("errors-%d-of-%d.csv", opts->shard, opts->shards);

        manifest_path = g_build_filename(opts->outdir, m, NULL);
        errors_path = g_build_filename(opts->outdir, e, NULL);
        g_free(m);
        g_free(e);
    } else {
        manifest_path = g_build_filename(opts->outdir, "manifest.csv", NULL);
        errors_path = g_build_filename(opts->outdir, "errors.csv", NULL);
    }
    rc = opts->only != NULL ? render_only(&s, manifest_path, errors_path)
                            : render_batch(&s, manifest_path, errors_path);
out:
    release(&s);
    g_free(manifest_path);
    g_free(errors_path);
    return rc;
}
