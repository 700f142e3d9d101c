/* SPDX-License-Identifier: MIT */
/* Render, the tool's part: the mail-merge's processes. The library opens the render once
 * (incident, template, rules, fonts, the compliance check: bl_render_open); then worker
 * processes forked from that set-up each make their chunks of the list (bl_render_chunks), a
 * letter at a time, as a PDF of its own or into a print book, and the parent joins their
 * manifests. Memory tuning, signals and exit codes are here. */
#include "cli.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <unistd.h>

#include "batch.h"
#include "cli_signal.h"
#include "render_letters.h"
#include "run_only.h"
#include "signoff.h"

#define LETTER_CHUNK 500 /* rows per chunk when every letter is a PDF of its own */
#define MAX_MESSAGES 100 /* row messages printed; the errors file has them all */
#define INTERRUPTED  "breachletter: interrupted; the same command with --resume finishes the run\n"

static int progress_fd; /* render --progress-fd, 0: none */

void
bl_cli_render_progress_fd(int fd)
{
    progress_fd = fd;
}

/* A worker's pass over the list: the chunks its batch gives it. */
struct pass {
    struct bl_batch *batch;
    int worker;
};

static gboolean
owns(gpointer data, gint64 chunk)
{
    struct pass *p = data;

    return bl_batch_owns(p->batch, p->worker, chunk);
}

static int
open_chunk(gpointer data, gint64 chunk, struct bl_manifest **journal)
{
    struct pass *p = data;

    return bl_batch_open_chunk(p->batch, chunk, journal);
}

static int
commit_chunk(gpointer data, gint64 chunk, struct bl_manifest *journal,
             const struct bl_manifest_counts *counts, const char *messages)
{
    struct pass *p = data;

    return bl_batch_commit_chunk(p->batch, chunk, journal, counts, messages);
}

static void
tick_row(gpointer data, enum bl_outcome outcome)
{
    struct pass *p = data;

    bl_batch_tick(p->batch, outcome);
}

/* A worker: renders the rows of its chunks (bl_render_chunks reads the whole list with a file
 * offset of its own, and checks that what it read is the list fingerprinted before the run).
 * Returns an enum bl_exit. */
static int
work(struct bl_render *s, struct bl_batch *batch, int worker, int chunk_rows)
{
    struct pass p = {batch, worker};
    const struct bl_render_chunks chunks = {chunk_rows,   owns,     open_chunk,
                                            commit_chunk, tick_row, &p};

    return bl_render_chunks(s, &chunks);
}

/* What a resumed run must share with the run it finishes, as a hash: the run's record (inputs,
 * data and options), the program itself (another build may lay letters out differently), the
 * shard, the letters per chunk, the list's name as given (the errors file quotes it) and, with
 * --require-approval, the approvals (the letters of committed chunks went out under them). */
static char *
run_key(const struct bl_render *s, const struct bl_render_options *o)
{
    char *approvals = o->require_approval ? bl_signoff_path(o->incident) : NULL;
    const char *inputs[] = {"/proc/self/exe", approvals, NULL};
    char *run = bl_render_run_hash(s);
    char *options =
        g_strdup_printf("%s per-dir %d shard %d/%d list %s large %d", run, o->files_per_dir,
                        o->shard, o->shards, bl_diag_file_name(o->recipients), o->large_print);
    char *key = bl_batch_key(options, inputs);

    g_free(options);
    g_free(run);
    g_free(approvals);
    return key;
}

/* The parent's last step, while the run's state still exists: the record beside the manifest. */
static int
on_manifest(gpointer data)
{
    return bl_render_commit_record(data);
}

static int
render_batch(struct bl_render *s, const struct bl_render_options *o, struct bl_diag *diag)
{
    int chunk_rows = o->book > 0 ? o->book : LETTER_CHUNK;
    gint64 rows = bl_render_row_count(s);
    int levels = bl_render_dir_levels(s);
    const struct bl_render_files *files = bl_render_files(s);
    char *key = run_key(s, o);
    struct bl_batch_plan plan = {0};
    struct bl_manifest_counts c;
    struct bl_batch *batch = NULL;
    int worker, rc;

    plan.rows = rows;
    plan.chunk_rows = chunk_rows;
    plan.shard = o->shard;
    plan.shards = o->shards;
    plan.jobs = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();
    plan.key = key;
    plan.list = o->recipients;
    plan.manifest = files->manifest;
    plan.errors = files->errors;
    plan.errors_shown = files->errors_shown;
    plan.record = files->record;
    plan.resume = o->resume;
    plan.progress = !o->quiet;
    plan.progress_fd = progress_fd;
    plan.on_manifest = on_manifest;
    plan.on_manifest_data = s;
    /* Ctrl-C: finished chunks are kept, and --resume makes the others (after a progress bar
     * that has no line end yet, on a line of its own) */
    bl_cli_signal_note(plan.progress && isatty(STDERR_FILENO) ? "\n" INTERRUPTED : INTERRUPTED);
    if (o->book > 0) {
        bl_diag_info(diag, "print books of %d letters into %s", o->book,
                     bl_outdir_path(bl_render_outdir(s)));
    } else {
        bl_diag_info(diag, "a PDF per letter into %s, %d level%s of folders",
                     bl_outdir_path(bl_render_outdir(s)), levels, levels == 1 ? "" : "s");
    }
    bl_diag_info(diag,
                 "%" G_GINT64_FORMAT " rows in chunks of %d, shard %d of %d, at most %d "
                 "worker%s%s",
                 rows, chunk_rows, o->shard, MAX(o->shards, 1), plan.jobs,
                 plan.jobs == 1 ? "" : "s", o->resume ? "; resuming" : "");
    rc = bl_batch_new(&batch, &plan, bl_render_outdir(s), diag);
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
        rc = work(s, batch, worker, chunk_rows);
        bl_batch_free(batch);
        g_free(key);
        bl_render_free(s);
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

int
bl_cli_render(const struct bl_render_options *opts, struct bl_diag *diag)
{
    struct bl_render *s = NULL;
    int rc;

#ifdef __GLIBC__
    /* each letter allocates and frees a few megabytes (cairo's page recording, the font
     * subsets); by default glibc hands the top of the heap back to the kernel after every
     * letter and takes it again for the next, paying system calls and fresh zeroed pages each
     * time. Keep up to 64 MB free instead: memory stays flat, the churn goes. A letter set in
     * the CJK faces has cairo copy each face's whole CFF table (up to 26 MB) to subset it, four
     * faces a letter: below 32 MB those copies come from the heap, reused letter after letter,
     * not from fresh mappings, which made a Chinese letter's PDF two to three times slower
     * (bench/languages.sh). An English run never holds that much, and keeps its footprint. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
    rc = bl_render_open(&s, opts, diag);
    if (rc == BL_EXIT_OK) {
        rc = opts->only != NULL ? bl_render_only(s) : render_batch(s, opts, diag);
    }
    bl_render_free(s);
    return rc;
}
