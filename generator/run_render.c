/* SPDX-License-Identifier: MIT */
/* Render: the mail-merge. Everything that is the same for every recipient (incident, template,
 * rules, fonts, the compliance check) is built once; then worker processes forked from that
 * set-up stream the list, each taking its chunks of rows, and bind, lay out and write one
 * letter at a time, as a PDF of its own or into a print book. */
#include "run_render.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "book.h"
#include "check.h"
#include "layout.h"
#include "mailing.h"
#include "sink.h"
#include "tempfile.h"

#define LETTER_CHUNK 500 /* rows per chunk when every letter is a PDF of its own */
#define MAX_MESSAGES 100 /* row messages printed; the errors file has them all */

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
    bl_outdir_free(s->out);
    g_free(s->data_sha256);
    g_free(s->manifest);
    g_free(s->errors);
    g_free(s->record);
    g_free(s->manifest_shown);
    g_free(s->errors_shown);
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
    const char *leaf;
    char *shown;
    int dir, rc;

    bl_diag_clear(s->ses.quiet);
    *file = bl_run_letter_path(row->id, s->dir_levels);
    shown = bl_outdir_shown(s->out, *file);
    bl_sink_pdf_letter_info(&s->letter, &info);
    info.sync_later = sync_later;
    /* the letter folders are made by this run and never entered through a link */
    dir = bl_outdir_dir_of(s->out, *file, TRUE, &leaf);
    if (dir < 0) {
        struct bl_loc loc = {shown, 0, 0};

        bl_diag_error(s->ses.quiet, &loc,
                      errno == ELOOP || errno == ENOTDIR
                          ? "cannot create the letter: a directory on its way is a link or a file, "
                            "not a directory this run made"
                          : "cannot create the letter's directory: %s",
                      g_strerror(errno));
        rc = -1;
    } else {
        rc = bl_sink_pdf_write_info_at(dir, leaf, shown, &info, &doc, 1, sha, s->ses.quiet);
        bl_outdir_close_dir(s->out, dir);
    }
    g_free(shown);
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
void
bl_render_summarize(const struct setup *s, const struct bl_batch_counts *c)
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
    fprintf(stderr, "; manifest %s", s->manifest_shown);
    if (failed > 0) {
        fprintf(stderr, ", errors %s", s->errors_shown);
    }
    fputc('\n', stderr);
    if (c->drafts > 0) {
        fprintf(stderr,
                "breachletter: %" G_GINT64_FORMAT " of the letters %s not compliant: %s marked "
                "DRAFT and must not be mailed\n",
                c->drafts, c->drafts == 1 ? "is" : "are", c->drafts == 1 ? "it is" : "they are");
    }
}

int
bl_render_exit_status(const struct bl_batch_counts *c)
{
    return c->refused > 0  ? BL_EXIT_NONCOMPLIANT
           : c->errors > 0 ? BL_EXIT_ROWS_REJECTED
                           : BL_EXIT_OK;
}

void
bl_render_hold(struct chunk *ch)
{
    ch->held = g_array_new(FALSE, TRUE, sizeof(struct bl_manifest_row));
    ch->strings = g_string_chunk_new(4096);
}

static const char *
keep(struct chunk *ch, const char *text)
{
    return text != NULL ? g_string_chunk_insert_const(ch->strings, text) : NULL;
}

/* Keeps a row until it can be written (a book's, until the book's hash is known). */
static void
hold_row(struct chunk *ch, const struct bl_manifest_row *row)
{
    struct bl_manifest_row held = *row;

    held.id = keep(ch, row->id);
    held.file = keep(ch, row->file);
    held.sha256 = keep(ch, row->sha256);
    held.jurisdiction = keep(ch, row->jurisdiction);
    held.language = keep(ch, row->language);
    held.error = row->error != NULL ? g_string_chunk_insert(ch->strings, row->error) : NULL;
    g_array_append_val(ch->held, held);
}

void
bl_render_chunk_clear(struct chunk *ch)
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
        bl_render_hold(ch);
    }
    return bl_batch_open_chunk(batch, index, &ch->journal);
}

/* Opens the chunk's book at its first letter (a chunk of rejected rows makes no book). */
static int
open_book(struct setup *s, struct chunk *ch)
{
    struct bl_pdf_info info;
    char *csv = g_strdup(ch->book_file);
    char *title =
        g_strdup_printf("%s - print book %" G_GINT64_FORMAT, s->letter.title, ch->index + 1);
    int rc;

    strcpy(csv + strlen(csv) - 3, "csv");
    bl_sink_pdf_letter_info(&s->letter, &info);
    info.what = "print book";
    info.title = title;
    info.draft = FALSE; /* a draft letter in it says so on every page */
    rc = bl_book_open(&ch->book, bl_outdir_fd(s->out), ch->book_file, csv,
                      bl_outdir_path(s->out), &info, !s->opts->simplex, s->ses.diag);
    g_free(title);
    g_free(csv);
    return rc;
}

int
bl_render_row(struct setup *s, struct bl_batch *batch, struct chunk *ch,
              const struct bl_record *rec, gint64 index)
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

gboolean
bl_render_list_unchanged(struct setup *s, int fd)
{
    struct bl_loc loc = {s->opts->recipients, 0, 0};

    if (bl_fingerprint_same(&s->list_fp, fd, s->opts->recipients)) {
        return TRUE;
    }
    bl_diag_error(s->ses.diag, &loc,
                  "the recipient list changed while it was being rendered (rewritten or "
                  "replaced): the letters made from it are not committed; render it again once "
                  "nothing writes to it");
    return FALSE;
}

/* Completes a chunk: its book, then its journal, once the list is seen to be the one
 * fingerprinted. Returns 0, or -1 reported. */
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
    if (rc == 0 && !bl_render_list_unchanged(s, bl_source_fd(s->src))) {
        rc = -1;
    }
    if (rc == 0) {
        rc = bl_batch_commit_chunk(batch, ch->index, ch->journal, &ch->counts, ch->messages->str);
        ch->journal = NULL; /* freed by the commit */
    }
    bl_render_chunk_clear(ch);
    return rc;
}

/* A worker: reads the whole list with a file offset of its own and renders the rows of its
 * chunks; what it read must be, byte for byte, the list fingerprinted before the run. Returns
 * an enum bl_exit. */
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
        if (owned && bl_render_row(s, batch, &ch, rec, index) < 0) {
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
    if (rc == BL_EXIT_OK && (row != s->ses.check->rows || bl_source_sha256(s->src) == NULL ||
                             strcmp(bl_source_sha256(s->src), s->list_fp.sha256) != 0)) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc,
                      "the recipient list changed while it was being rendered (%" G_GINT64_FORMAT
                      " records, %d before, or other bytes): render it again from the start "
                      "once nothing writes to it",
                      row, s->ses.check->rows);
        rc = BL_EXIT_BAD_INPUT;
    }
    if (rc == BL_EXIT_OK && ch.index >= 0 && end_chunk(s, batch, &ch) < 0) {
        rc = BL_EXIT_IO;
    }
    bl_render_chunk_clear(&ch);
    return rc;
}

void
bl_render_record(const struct setup *s, int letter_dirs, gboolean partial,
                 struct bl_run_record *r)
{
    const struct bl_render_options *o = s->opts;

    *r = (struct bl_run_record){0};
    r->program = g_strdup("breachletter " BL_VERSION);
    r->incident_sha256 = g_strdup(s->incident_fp.sha256);
    r->list_sha256 = g_strdup(s->list_fp.sha256);
    r->list_rows = s->ses.check->rows;
    r->data_sha256 = g_strdup(s->data_sha256);
    r->book = o->only != NULL ? 0 : o->book;
    r->simplex = o->only != NULL ? FALSE : o->simplex;
    r->allow_draft = o->allow_draft;
    r->letter_dirs = letter_dirs;
    r->shard = o->shards > 1 ? o->shard : 0;
    r->shards = MAX(o->shards, 1);
    r->partial = partial;
    bl_run_record_seal(r);
}

int
bl_render_write_record(struct setup *s, struct bl_run_record *r)
{
    struct bl_fingerprint manifest, errors;
    int dir = bl_outdir_fd(s->out);
    char *shown = bl_outdir_shown(s->out, s->record);
    char *json;
    int rc;

    if (bl_fingerprint_take_at(&manifest, dir, s->manifest) < 0 ||
        bl_fingerprint_take_at(&errors, dir, s->errors) < 0) {
        struct bl_loc loc = {s->manifest_shown, 0, 0};

        bl_diag_error(s->ses.diag, &loc, "cannot read the manifest back: %s", g_strerror(errno));
        g_free(shown);
        return -1;
    }
    g_free(r->manifest);
    g_free(r->manifest_sha256);
    g_free(r->errors);
    g_free(r->errors_sha256);
    r->manifest = g_strdup(s->manifest);
    r->manifest_sha256 = g_strdup(manifest.sha256);
    r->errors = g_strdup(s->errors);
    r->errors_sha256 = g_strdup(errors.sha256);
    json = bl_run_record_json(r);
    rc = bl_temp_write_at(dir, s->record, shown, json, strlen(json), s->ses.diag);
    g_free(json);
    g_free(shown);
    return rc;
}

/* What a resumed run must share with the run it finishes, as a hash: the run's record (inputs,
 * data and options), the program itself (another build may lay letters out differently), the
 * shard, the letters per chunk and the list's name as given (the errors file quotes it). */
static char *
run_key(const struct setup *s, const struct bl_run_record *r)
{
    const struct bl_render_options *o = s->opts;
    const char *inputs[] = {"/proc/self/exe", NULL};
    char *options = g_strdup_printf("%s per-dir %d shard %d/%d list %s", r->run,
                                    o->files_per_dir, o->shard, o->shards, o->recipients);
    char *key = bl_batch_key(options, inputs);

    g_free(options);
    return key;
}

/* The parent's last step, while the run's state still exists: the record beside the manifest. */
static int
on_manifest(gpointer data)
{
    struct setup *s = data;
    struct bl_run_record r;
    int rc;

    bl_render_record(s, s->dir_levels, FALSE, &r);
    rc = bl_render_write_record(s, &r);
    bl_run_record_release(&r);
    return rc;
}

static int
render_batch(struct setup *s)
{
    const struct bl_render_options *o = s->opts;
    int chunk_rows = o->book > 0 ? o->book : LETTER_CHUNK;
    gint64 rows = s->ses.check->rows;
    struct bl_run_record r;
    char *key;
    struct bl_batch_plan plan = {0};
    struct bl_batch_counts c;
    struct bl_batch *batch = NULL;
    int worker, rc;

    s->dir_levels = o->book > 0 ? 0 : bl_run_dir_levels(rows, o->files_per_dir);
    bl_render_record(s, s->dir_levels, FALSE, &r);
    key = run_key(s, &r);
    bl_run_record_release(&r);
    plan.rows = rows;
    plan.chunk_rows = chunk_rows;
    plan.shard = o->shard;
    plan.shards = o->shards;
    plan.jobs = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();
    plan.key = key;
    plan.list = o->recipients;
    plan.manifest = s->manifest;
    plan.errors = s->errors;
    plan.errors_shown = s->errors_shown;
    plan.record = s->record;
    plan.resume = o->resume;
    plan.progress = !o->quiet;
    plan.on_manifest = on_manifest;
    plan.on_manifest_data = s;
    rc = bl_batch_new(&batch, &plan, s->out, s->ses.diag);
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
        bl_render_summarize(s, &c);
        rc = bl_render_exit_status(&c);
    }
    bl_batch_free(batch);
    g_free(key);
    return rc;
}

/* The inputs' fingerprints, before anything is read: every later reader checks against them. */
static int
fingerprint(struct setup *s)
{
    const struct bl_render_options *o = s->opts;

    if (bl_fingerprint_take(&s->incident_fp, o->incident, "incident", s->ses.diag) < 0 ||
        bl_fingerprint_take(&s->list_fp, o->recipients, "recipient list", s->ses.diag) < 0) {
        return errno == ENOENT ? BL_EXIT_IO : BL_EXIT_BAD_INPUT;
    }
    return BL_EXIT_OK;
}

/* After the set-up read them: the inputs must be the ones fingerprinted, or the compliance
 * check and the incident the letters are made from would be of other files. */
static int
still_fingerprinted(struct setup *s)
{
    struct bl_loc loc = {s->opts->incident, 0, 0};

    if (!bl_fingerprint_same(&s->incident_fp, -1, s->opts->incident)) {
        bl_diag_error(s->ses.diag, &loc,
                      "the incident changed while it was being read: run again once nothing "
                      "writes to it");
        return BL_EXIT_BAD_INPUT;
    }
    return bl_render_list_unchanged(s, -1) ? BL_EXIT_OK : BL_EXIT_BAD_INPUT;
}

/* The data the letters are made with, as a hash: the letter templates, the rules, contacts and
 * schemas, and the fonts. */
static char *
data_sha256(const struct setup *s)
{
    const char *data = bl_session_data_dir(s->opts->data_dir);
    char *templates = g_build_filename(data, "templates", NULL);
    char *fonts = g_build_filename(data, "fonts", NULL);
    char *template_dir = g_path_get_dirname(s->ses.template_path);
    const char *inputs[] = {template_dir, templates, fonts, NULL};
    char *sum = bl_batch_key("data", inputs);

    g_free(templates);
    g_free(fonts);
    g_free(template_dir);
    return sum;
}

/* The run's files, named in the output folder: shards may share one folder, each with a
 * manifest of its own. */
static void
name_files(struct setup *s)
{
    const struct bl_render_options *o = s->opts;

    if (o->shards > 1) {
        s->manifest = g_strdup_printf("manifest-%d-of-%d.csv", o->shard, o->shards);
        s->errors = g_strdup_printf("errors-%d-of-%d.csv", o->shard, o->shards);
    } else {
        s->manifest = g_strdup("manifest.csv");
        s->errors = g_strdup("errors.csv");
    }
    s->record = bl_run_record_name(s->manifest);
    s->manifest_shown = bl_outdir_shown(s->out, s->manifest);
    s->errors_shown = bl_outdir_shown(s->out, s->errors);
}

int
bl_run_render(const struct bl_render_options *opts)
{
    struct setup s = {0};
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
    rc = fingerprint(&s);
    if (rc == BL_EXIT_OK) {
        rc = load(&s);
    }
    if (rc == BL_EXIT_OK) {
        rc = still_fingerprinted(&s);
    }
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    s.data_sha256 = data_sha256(&s);
    /* one run at a time in a folder; shards of one run may share it */
    rc = bl_outdir_open(&s.out, opts->outdir, opts->allow_shared_output, s.ses.diag);
    if (rc == 0) {
        rc = bl_outdir_lock(s.out, opts->only == NULL && opts->shards > 1, s.ses.diag);
    }
    if (rc < 0) {
        rc = rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
        goto out;
    }
    name_files(&s);
    rc = opts->only != NULL ? bl_render_only(&s) : render_batch(&s);
out:
    release(&s);
    return rc;
}
