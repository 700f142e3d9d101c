/* SPDX-License-Identifier: MIT */
/* Render's letters, as a program drives them: a render opened once (the inputs fingerprinted, the
 * output folder opened and locked, the session loaded and the whole list checked), then the rows
 * of the list made into letters, chunk by chunk, by one pass or by several (each making the
 * chunks its caller gives it: worker processes are the caller's), or one letter with --only
 * (run_only.h), and the run's record. The set-up is opaque: its fields are the library's. */
#ifndef BL_RENDER_LETTERS_H
#define BL_RENDER_LETTERS_H

#include <glib.h>

#include "common.h"
#include "diag.h"
#include "manifest.h"
#include "outdir.h"
#include "run.h"

/* A render's set-up, loaded once before the first letter. */
struct bl_render;

/* The run's files, named in the output folder (shards of a run may share a folder, each with a
 * manifest of its own), and as messages show them. */
struct bl_render_files {
    const char *manifest;       /* manifest.csv, or manifest-K-of-N.csv */
    const char *errors;         /* errors.csv, or errors-K-of-N.csv */
    const char *record;         /* the run's record beside the manifest */
    const char *manifest_shown; /* the manifest as messages name it */
    const char *errors_shown;
};

/* Everything before the first letter, for the options opts (borrowed: they must outlive the
 * render): the incident and the list fingerprinted, the output folder opened (an existing one
 * refused or found locked before the pass over the whole list) and locked, the session loaded,
 * the list checked against the rules (the letters refused told once, unless opts->only), the
 * inputs seen to be the ones fingerprinted, a missing output folder made, the data folder
 * hashed and the run's files named. Problems go to diag (borrowed: it must outlive the render).
 * Returns an enum bl_exit; *out is set only with BL_EXIT_OK (free it with bl_render_free). */
BL_API int bl_render_open(struct bl_render **out, const struct bl_render_options *opts,
                          struct bl_diag *diag);

/* Frees the set-up and closes (unlocks) the output folder. NULL is a no-op. */
BL_API void bl_render_free(struct bl_render *r);

/* The number of records of the list, as the check counted them. */
BL_API gint64 bl_render_row_count(const struct bl_render *r);

/* The output folder (borrowed, until bl_render_free). */
BL_API struct bl_outdir *bl_render_outdir(const struct bl_render *r);

/* The names of the run's files (borrowed, until bl_render_free). */
BL_API const struct bl_render_files *bl_render_files(const struct bl_render *r);

/* The levels of subdirectories a letter's own PDF is put under (0 with print books). */
BL_API int bl_render_dir_levels(const struct bl_render *r);

/* What the run's letters depend on as a hash (inputs, data and options, as the run's record
 * says them): a run resumed must have the same. Free with g_free(). */
BL_API char *bl_render_run_hash(const struct bl_render *r);

/* What a pass over the list asks of its caller. The list's records are cut into chunks of
 * chunk_rows records (a print book's letters, with print books); the caller says which chunks
 * this pass makes, gives each one a journal (its part of the manifest) and commits it once its
 * letters are complete. */
struct bl_render_chunks {
    int chunk_rows;
    /* Whether this pass makes chunk. */
    gboolean (*owns)(gpointer data, gint64 chunk);
    /* Opens chunk's journal into *journal. Returns 0, or -1 reported. */
    int (*open)(gpointer data, gint64 chunk, struct bl_manifest **journal);
    /* Commits chunk once its letters (and its book) are complete: journal (taken, in every
     * case), the chunk's counts and its rows' messages in row order. Returns 0, or -1
     * reported. */
    int (*commit)(gpointer data, gint64 chunk, struct bl_manifest *journal,
                  const struct bl_manifest_counts *counts, const char *messages);
    /* Each row's outcome as it is made, for a progress report; may be NULL. */
    void (*tick)(gpointer data, enum bl_outcome outcome);
    gpointer data;
};

/* A pass over the list: reads it again with a file offset of its own and makes the letters of
 * the chunks chunks->owns says are this pass's, a PDF each or a print book per chunk, their
 * manifest rows added to the chunk's journal, committed chunk by chunk once the list is seen to
 * be, byte for byte, the list fingerprinted. Several passes (worker processes forked after
 * bl_render_open) may each make their own chunks. Returns an enum bl_exit. */
BL_API int bl_render_chunks(struct bl_render *r, const struct bl_render_chunks *chunks);

/* Writes the run's record (what its letters depend on, and the hashes of the manifest and errors
 * file now in the output folder) beside the manifest: the last step of a run. Returns 0, or -1
 * reported. */
BL_API int bl_render_commit_record(struct bl_render *r);

/* Tells the counts of the run ("N input rows = N letters + N errors") as a note, unless quiet. */
BL_API void bl_render_summarize(const struct bl_render *r, const struct bl_manifest_counts *c);

/* The exit status the counts call for (an enum bl_exit). */
BL_API int bl_render_exit_status(const struct bl_manifest_counts *c);

#endif
