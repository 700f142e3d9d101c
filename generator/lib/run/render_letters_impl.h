/* SPDX-License-Identifier: MIT */
/* Render's letters from the inside, shared by the pass over the list (render_letters.c) and one
 * letter with --only (run_only.c): the set-up loaded once, a chunk of rows in progress, one row
 * made into a letter, the run's record. Private to the library: a program drives a render
 * through render_letters.h, where both structures are opaque. */
#ifndef BL_RENDER_LETTERS_IMPL_H
#define BL_RENDER_LETTERS_IMPL_H

#include "bind.h"
#include "fingerprint.h"
#include "manifest.h"
#include "outdir.h"
#include "render_letters.h"
#include "run.h"
#include "runrecord.h"
#include "session.h"
#include "sink.h"
#include "source.h"

/* What a render loads once, around the shared session (render_letters.h: opaque). */
struct bl_render {
    const struct bl_render_options *opts;
    struct bl_session ses;
    struct bl_diag *rows_diag; /* the list's row messages, taken row by row */
    struct bl_source *src;
    struct bl_letter letter;
    struct bl_facts facts;
    struct bl_outdir *out; /* the output folder, opened once and locked */
    int dir_levels;        /* per-letter files: levels of subdirectories (256 each) */
    /* the inputs as they were before the first letter: every reader checks against them */
    struct bl_fingerprint incident_fp, list_fp;
    char *data_sha256; /* the templates, rules and fonts */
    /* the run's files: names in the output folder, and as messages show them */
    char *manifest, *errors, *record;
    char *manifest_shown, *errors_shown;
    struct bl_signoff_gate *approvals; /* with --require-approval, else NULL */
    struct bl_render_files files;      /* the five above, as bl_render_files gives them */
};

/* A chunk of rows in progress (a pass's, or --only's rows). */
struct bl_render_chunk {
    gint64 index;
    struct bl_manifest *journal;
    struct bl_sink *sink;  /* made at the chunk's first letter */
    char *book_file;       /* its print book, relative to the output directory; NULL: a PDF per
                            * letter */
    GArray *held;          /* rows kept until they can be written: struct bl_manifest_row */
    GStringChunk *strings; /* the held rows' strings */
    GString *messages;     /* the chunk's row messages, in row order */
    struct bl_manifest_counts counts;

    /* with a print book: the book of the letters set aside for manual handling and its name
     * (exceptions-NNNNNN.pdf, numbered as the print book), made at the chunk's first */
    struct bl_sink *exceptions;
    char *exceptions_file;

    /* a batch run's: letters are synced once per chunk, not one by one; each row is told to
     * tick with its outcome, for the progress report */
    gboolean sync_later;
    void (*tick)(gpointer data, enum bl_outcome outcome);
    gpointer tick_data;
};

/* The set-up: the session (incident, template, rules), the compliance check over the list
 * (its refusals told once unless --only), fonts and the list's header. Returns an enum bl_exit.
 * bl_render_release frees what any of the set-up holds. */
int bl_render_load(struct bl_render *s);
void bl_render_release(struct bl_render *s);

/* Finishes a chunk's books (the print book and the exceptions book, when made) and adds its
 * held rows to its journal with the hash of the book each went into. Returns 0, or -1
 * reported. */
int bl_render_chunk_finish(struct bl_render_chunk *ch);

/* Renders one row: its letter (or book pages) and its manifest row, kept in ch->held when
 * ch->held is set, else added to ch->journal. Returns 0, or
 * -1 when the run cannot go on (reported). */
int bl_render_row(struct bl_render *s, struct bl_render_chunk *ch, const struct bl_record *rec,
                  gint64 index);

/* Starts keeping a chunk's rows in memory (ch->held). */
void bl_render_hold(struct bl_render_chunk *ch);

void bl_render_chunk_clear(struct bl_render_chunk *ch);

/* Fills r (release it with bl_run_record_release) with what this run's letters depend on, for
 * letter_dirs levels of letter folders, and seals it. */
void bl_render_record(const struct bl_render *s, int letter_dirs, gboolean partial,
                      struct bl_run_record *r);

/* Completes r with the hashes of the manifest and errors file now in the output folder and
 * writes it there. Returns 0, or -1 reported. */
int bl_render_write_record(struct bl_render *s, struct bl_run_record *r);

/* Whether the list's open file fd is still the file fingerprinted before the first letter;
 * reports it (as an error of the run) when it is not. */
gboolean bl_render_list_unchanged(struct bl_render *s, int fd);

#endif
