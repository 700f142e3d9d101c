/* SPDX-License-Identifier: MIT */
/* Batch: how a big render is split and survives. The list's rows are cut into chunks (a print
 * book each, or a fixed number of rows); a shard of a run on many machines takes every N-th
 * chunk; worker processes forked after set-up share the shard's chunks. Each chunk's manifest
 * rows and messages are journaled in a state directory under the output directory and
 * committed when its letters are on disk, so that a run killed at any moment is finished by
 * running it again with --resume: committed chunks are kept, the rest are made again, and the
 * joined manifest is the one an uninterrupted run writes. */
#ifndef BL_BATCH_H
#define BL_BATCH_H

#include <glib.h>

#include "diag.h"
#include "manifest.h"
#include "outdir.h"

struct bl_batch;

struct bl_batch_plan {
    gint64 rows;    /* input rows in the list */
    int chunk_rows; /* rows per chunk */
    int shard;      /* this run takes chunks c with c % shards == shard */
    int shards;
    int jobs;             /* worker processes at most (no more than there are chunks to make) */
    const char *key;      /* what the output depends on: a resumed run must have the same key */
    const char *list;     /* the recipient list, named in the errors file */
    const char *manifest; /* the run's manifest and errors file: names in the output folder */
    const char *errors;
    const char *errors_shown; /* the errors file in messages */
    const char *record;       /* the run's record (a name in the output folder), or NULL */
    gboolean resume;          /* keep the chunks an earlier run with the same key committed */
    gboolean progress;        /* report progress on stderr */
    int progress_fd;          /* > 0: also a JSON line of progress per update on this descriptor */
    /* called in the parent once the joined manifest is in place, before the state goes: what
     * must be written beside it (the run's record); 0, or -1 reported keeps the state */
    int (*on_manifest)(gpointer data);
    gpointer on_manifest_data;
};

/* The key of a run: a hash of options and of the bytes of inputs (files, or every file under a
 * directory, in name order; NULL-terminated). Free with g_free(). */
char *bl_batch_key(const char *options, const char *const *inputs);

/* Sets up the run's state folder in outdir (a new one, or the one to resume) and locks it for
 * the run. A new run first removes what an earlier run with the same state and manifest made
 * (the letters and books its manifest and journals name, and those): only this user's regular
 * files, never through a link. Any run removes the temporary files an interrupted one left.
 * Returns 0 and sets *out (outdir is borrowed for the batch's life); -1 reported when the state
 * cannot be written, -2 reported when another run holds it, a resume does not match, or the
 * state's name is taken by something this program did not make (a link, a file, another
 * user's folder). */
int bl_batch_new(struct bl_batch **out, const struct bl_batch_plan *plan, struct bl_outdir *outdir,
                 struct bl_diag *diag);
void bl_batch_free(struct bl_batch *b);

/* Forks the workers. Returns the worker's number (0..jobs-1) in a worker, which does its work
 * and ends with exit(); -1 in the parent; -2 reported when a worker cannot be started. */
int bl_batch_start(struct bl_batch *b);

/* For the program's signal handler (async-signal-safe): sends sig to every worker started and
 * not yet seen to end, and waits for them, so that their files are gone too. They are no
 * longer the run's workers then. */
void bl_batch_signal_workers(int sig);

/* In a worker: TRUE when chunk is this worker's to make (in this run's shard, not committed). */
gboolean bl_batch_owns(const struct bl_batch *b, int worker, gint64 chunk);

/* The chunk of the list's record-th record (0-based). */
gint64 bl_batch_chunk_of(const struct bl_batch *b, gint64 record);

/* In a worker: a chunk's journal (manifest rows and errors), under temporary names until the
 * chunk is committed. Returns 0, or -1 reported. */
int bl_batch_open_chunk(struct bl_batch *b, gint64 chunk, struct bl_manifest **journal);

/* In a worker: commits the chunk once its letters are complete: syncs the output's file system,
 * saves the chunk's counts and messages and moves the journal into place. Returns 0, or -1
 * reported. */
int bl_batch_commit_chunk(struct bl_batch *b, gint64 chunk, struct bl_manifest *journal,
                          const struct bl_manifest_counts *counts, const char *messages);

/* In a worker: tells the parent one row is done, with its outcome, for the progress report. */
void bl_batch_tick(struct bl_batch *b, enum bl_outcome outcome);

/* In the parent: waits for the workers, reporting progress; when all succeeded, joins the
 * chunks' journals into the plan's manifest and errors file, prints the chunks' messages in
 * row order (the first max_messages of them), fills counts and removes the state. Returns 0,
 * or -1 reported (the state is kept for --resume). */
int bl_batch_finish(struct bl_batch *b, int max_messages, struct bl_manifest_counts *counts);

#endif
