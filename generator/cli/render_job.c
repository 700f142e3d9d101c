/* SPDX-License-Identifier: MIT */
/* Render, the tool's part: the mail-merge. Everything that is the same for every recipient
 * (incident, template, rules, fonts, the compliance check) is built once; then worker processes
 * forked from that set-up stream the list, each taking its chunks of rows, and bind, lay out and
 * write one letter at a time, as a PDF of its own or into a print book. */
#include "cli.h"

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

#include "batch.h"
#include "check.h"
#include "cli_signal.h"
#include "run_only.h"
#include "sink.h"

#define LETTER_CHUNK 500 /* rows per chunk when every letter is a PDF of its own */
#define MAX_MESSAGES 100 /* row messages printed; the errors file has them all */
#define INTERRUPTED  "breachletter: interrupted; the same command with --resume finishes the run\n"

static void
tick(gpointer batch, enum bl_outcome outcome)
{
    bl_batch_tick(batch, outcome);
}

static int
begin_chunk(struct setup *s, struct bl_batch *batch, struct chunk *ch, gint64 index)
{
    ch->index = index;
    ch->sync_later = TRUE; /* the chunk's commit syncs its letters at once */
    ch->tick = tick;
    ch->tick_data = batch;
    ch->messages = g_string_new(NULL);
    if (s->opts->book > 0) {
        char name[32];

        g_snprintf(name, sizeof(name), "book-%06" G_GINT64_FORMAT ".pdf", index + 1);
        ch->book_file = g_strdup(name);
        bl_render_hold(ch);
    }
    return bl_batch_open_chunk(batch, index, &ch->journal);
}

/* Completes a chunk: its book, then its journal, once the list is seen to be the one
 * fingerprinted. Returns 0, or -1 reported. */
static int
end_chunk(struct setup *s, struct bl_batch *batch, struct chunk *ch)
{
    int rc = bl_render_list_unchanged(s, bl_source_fd(s->src)) ? 0 : -1;

    /* the list first: a book made from a changed list never takes its place */
    if (rc == 0) {
        rc = bl_render_chunk_finish(ch);
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
        bl_diag_pass_kept(s->rows_diag, s->ses.diag);
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
        if (owned && bl_render_row(s, &ch, rec, index) < 0) {
            rc = BL_EXIT_IO;
            break;
        }
        if (owned) {
            g_string_append(ch.messages, bl_diag_text(s->rows_diag));
        }
        bl_diag_clear(s->rows_diag);
    }
    if (rc == BL_EXIT_OK && more < 0) {
        bl_diag_pass_kept(s->rows_diag, s->ses.diag);
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && (row != s->ses.check->rows || bl_source_sha256(s->src) == NULL ||
                             strcmp(bl_source_sha256(s->src), s->list_fp.sha256) != 0)) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc,
                      "the recipient list changed while it was being rendered (%" G_GINT64_FORMAT
                      " records, %" G_GINT64_FORMAT " before, or other bytes): render it again "
                      "from the start "
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

/* What a resumed run must share with the run it finishes, as a hash: the run's record (inputs,
 * data and options), the program itself (another build may lay letters out differently), the
 * shard, the letters per chunk and the list's name as given (the errors file quotes it). */
static char *
run_key(const struct setup *s, const struct bl_run_record *r)
{
    const struct bl_render_options *o = s->opts;
    const char *inputs[] = {"/proc/self/exe", NULL};
    char *options = g_strdup_printf("%s per-dir %d shard %d/%d list %s", r->run, o->files_per_dir,
                                    o->shard, o->shards, bl_diag_file_name(o->recipients));
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
    struct bl_manifest_counts c;
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
    /* Ctrl-C: finished chunks are kept, and --resume makes the others (after a progress bar
     * that has no line end yet, on a line of its own) */
    bl_cli_signal_note(plan.progress && isatty(STDERR_FILENO) ? "\n" INTERRUPTED : INTERRUPTED);
    if (o->book > 0) {
        bl_diag_info(s->ses.diag, "print books of %d letters into %s", o->book,
                     bl_outdir_path(s->out));
    } else {
        bl_diag_info(s->ses.diag, "a PDF per letter into %s, %d level%s of folders",
                     bl_outdir_path(s->out), s->dir_levels, s->dir_levels == 1 ? "" : "s");
    }
    bl_diag_info(s->ses.diag,
                 "%" G_GINT64_FORMAT " rows in chunks of %d, shard %d of %d, at most %d "
                 "worker%s%s",
                 rows, chunk_rows, o->shard, MAX(o->shards, 1), plan.jobs,
                 plan.jobs == 1 ? "" : "s", o->resume ? "; resuming" : "");
    rc = bl_batch_new(&batch, &plan, s->out, s->ses.diag);
    if (rc < 0) {
        bl_cli_signal_note(NULL);
        g_free(key);
        return rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
    }
#ifdef __GLIBC__
    /* the set-up freed the compliance check's table of every id in the list (55 MB for a
     * million rows): its pages go back to the kernel now, not into every worker */
    malloc_trim(0);
#endif
    bl_cli_signal_first(bl_batch_signal_workers);
    worker = bl_batch_start(batch);
    if (worker >= 0) {
        bl_cli_signal_note(NULL); /* the parent tells how to resume, not every worker */
        rc = work(s, batch, worker);
        bl_batch_free(batch);
        g_free(key);
        bl_render_release(s);
        exit(rc);
    }
    if (worker == -2 || bl_batch_finish(batch, MAX_MESSAGES, &c) < 0) {
        rc = BL_EXIT_IO;
    } else {
        bl_render_summarize(s, &c);
        rc = bl_render_exit_status(&c);
    }
    bl_cli_signal_note(NULL);
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

/* Opens and locks the output directory (with create, making it when missing). Returns an enum
 * bl_exit. */
static int
open_output(struct setup *s, gboolean create)
{
    const struct bl_render_options *o = s->opts;
    int rc = bl_outdir_open(&s->out, o->outdir, create, o->allow_shared_output, s->ses.diag);

    if (rc == 0 && s->out != NULL) {
        rc = bl_outdir_lock(s->out, o->only == NULL && o->shards > 1, s->ses.diag);
    }
    return rc == 0 ? BL_EXIT_OK : rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
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
bl_cli_render(const struct bl_render_options *opts, struct bl_diag *diag)
{
    struct setup s = {0};
    int rc;

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
    bl_session_init(&s.ses, diag);
    s.rows_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = fingerprint(&s);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    /* one run at a time in a folder (shards of one run may share it): an existing folder is
     * refused or found locked before the compliance pass over the whole list; a missing one is
     * made only once the inputs are known to be good */
    rc = open_output(&s, FALSE);
    if (rc == BL_EXIT_OK) {
        rc = bl_render_load(&s);
    }
    if (rc == BL_EXIT_OK) {
        rc = still_fingerprinted(&s);
    }
    if (rc == BL_EXIT_OK && s.out == NULL) {
        rc = open_output(&s, TRUE);
    }
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    s.data_sha256 = data_sha256(&s);
    name_files(&s);
    rc = opts->only != NULL ? bl_render_only(&s) : render_batch(&s);
out:
    bl_render_release(&s);
    return rc;
}
