/* SPDX-License-Identifier: MIT */
/* Manifest: the CSV journal of a run. One row per input recipient, saying what became of it (a
 * letter, where, its hash; or why not), and the rows that got no letter again in an errors file
 * that names the list's file and line. Both are written under temporary names and moved into
 * place when complete; a big run writes one journal per chunk and joins them at the end. */
#ifndef BL_MANIFEST_H
#define BL_MANIFEST_H

#include <stdio.h>

#include "common.h"
#include "diag.h"

struct bl_manifest;

/* The manifest's columns, in order (NULL-terminated): what a manifest's first row names. The
 * last, approval, came after the others: a manifest written before it has the first
 * BL_MANIFEST_COLUMNS_OLD columns, and its rows are read as having an empty approval. */
#define BL_MANIFEST_COLUMNS     14
#define BL_MANIFEST_COLUMNS_OLD 13
BL_API extern const char *const bl_manifest_columns[BL_MANIFEST_COLUMNS + 1];

/* What became of a row of the list: one of these, written in the manifest's status column as
 * bl_outcome_name() says. */
enum bl_outcome {
    BL_OUTCOME_LETTER,    /* "ok": a letter */
    BL_OUTCOME_DRAFT,     /* "draft": a letter watermarked DRAFT, not for mailing */
    BL_OUTCOME_REFUSED,   /* "refused": no letter, it would break a jurisdiction's rule */
    BL_OUTCOME_ERROR,     /* "error": no letter, the row or its letter is wrong */
    BL_OUTCOME_EXCEPTION, /* "exception": a letter set aside for manual handling (its address
                           * fits no envelope window), never in a print book */
};

/* "ok", "draft", "refused", "error" or "exception". */
BL_API const char *bl_outcome_name(enum bl_outcome outcome);

/* Whether the outcome is a letter (drafts and exceptions too). */
BL_API gboolean bl_outcome_is_letter(enum bl_outcome outcome);

/* What a manifest's rows come to: its rows, letters (drafts and exceptions among them), and rows
 * without a letter (refused as not compliant among them). */
struct bl_manifest_counts {
    gint64 rows, letters, errors, refused, drafts;
};

/* Counts one row of that outcome. */
BL_API void bl_manifest_count(struct bl_manifest_counts *c, enum bl_outcome outcome);

/* One row. Strings may be NULL (written empty). */
struct bl_manifest_row {
    int line; /* where the record starts in the recipient list */
    const char *id;
    enum bl_outcome outcome;
    const char *file; /* the letter or its print book, relative to the output directory */
    int book;         /* the print book holding the letter, 0: none */
    int first_page;   /* the letter's first page in that book, 0: none */
    int pages;
    const char *sha256; /* of the file */
    const char *jurisdiction;
    const char *variant;
    const char *language;
    const char *error;    /* why no letter, or why an exception; for a letter, what was done to
                           * fit its address to the window (or nothing); never personal data */
    gboolean large_print; /* a letter in large print: "yes" in its column */
    const char *approval; /* the id of the approval its wording went out under (render
                           * --require-approval), or NULL */
};

/* What a whole manifest's rows come to, for the run's record: the outcomes, the letters in large
 * print and the letters under each approval. */
struct bl_manifest_summary {
    struct bl_manifest_counts counts;
    gint64 exceptions;  /* letters set aside for manual handling (among the letters) */
    gint64 large_print; /* letters in large print */
    /* approval id (char *, owned) -> letters under it (gint64 *, owned), and the ids in their
     * order (A2 before A10); both NULL until the first letter under an approval */
    GHashTable *approvals;
    GPtrArray *approval_ids;
};

/* Counts one row: its status as the manifest writes it ("ok", ...; another counts as an
 * error), whether its large_print column says "yes", and its approval (NULL or "": none). */
BL_API void bl_manifest_summary_add(struct bl_manifest_summary *s, const char *status,
                                    gboolean large_print, const char *approval);

/* Adds letters under the approval id (the rows' counts stay as they are): a summary read back
 * from its record. */
BL_API void bl_manifest_summary_add_approved(struct bl_manifest_summary *s, const char *id,
                                             gint64 letters);

/* Letters under the approval id, 0 when none. */
BL_API gint64 bl_manifest_summary_approved(const struct bl_manifest_summary *s, const char *id);

/* Reads a manifest with its header from fp (borrowed) into *out (release it with
 * bl_manifest_summary_release), its columns found by their names, so that a manifest written
 * before the approval column is read too. Returns 0, or -1 when fp cannot be read or its first
 * row names no status column (*out then holds what was read). */
BL_API int bl_manifest_summarize(struct bl_manifest_summary *out, FILE *fp);

BL_API void bl_manifest_summary_release(struct bl_manifest_summary *s);

/* Creates name and errors_name (owner-only) in the open folder dir (AT_FDCWD: the working
 * directory) under temporary names; messages show them in shown_dir (NULL: as they are). With
 * header, writes the column names first. list names the recipient list in the errors file's
 * "where" column. Returns 0 and sets *out, or -1 reported. */
BL_API int bl_manifest_open(struct bl_manifest **out, int dir, const char *shown_dir,
                            const char *name, const char *errors_name, const char *list,
                            gboolean header, struct bl_diag *diag);

/* Appends a row (to the errors file too unless it is "ok" or "draft") and flushes it.
 * Returns 0, or -1 reported. */
BL_API int bl_manifest_add(struct bl_manifest *m, const struct bl_manifest_row *row);

/* Appends a row kept as it was written (its bytes without the line end), with its errors row
 * when it has one (NULL: none). Returns 0, or -1 reported. */
BL_API int bl_manifest_add_raw(struct bl_manifest *m, const char *row, const char *errors_row);

/* Appends the rows of a journal written earlier without a header (name and errors_name of a
 * chunk in the open folder dir, never read through a link). Returns 0, or -1 reported. */
BL_API int bl_manifest_append_journal(struct bl_manifest *m, int dir, const char *name,
                                      const char *errors_name);

/* Makes an uncompleted journal stay under its temporary name, on an abort and on a signal too
 * (a chunk's: the letters its rows name were made and must be found by a later run), and opens
 * beside it the note of the letters about to be written (NAME.pending.csv under its temporary
 * name), which stays with it and goes when the journal is completed. */
BL_API void bl_manifest_make_durable(struct bl_manifest *m);

/* Notes in a durable journal's pending note the row of a letter about to be written (its file
 * at least), before the file takes its name: a process killed in between leaves a letter a
 * later run finds and removes. A journal without a pending note ignores it. Returns 0, or -1
 * reported. */
BL_API int bl_manifest_pending(struct bl_manifest *m, const struct bl_manifest_row *row);

/* Completes both files and moves them into place (the errors file first: a manifest in place
 * means both are). Returns 0, or -1 reported. Frees m either way. */
BL_API int bl_manifest_close(struct bl_manifest *m);

/* Frees m without completing it: the temporary files are removed. */
BL_API void bl_manifest_abort(struct bl_manifest *m);

/* TRUE when a manifest's id field is the record's id as the manifest writes it: a quote mark
 * before an id a spreadsheet would run as a formula, an id shaped like a Social Security, card
 * or account number withheld. */
BL_API gboolean bl_manifest_same_id(const char *field, const char *id);

/* Adds to files (char *, owned) the `file` of every row of a manifest or chunk journal (with
 * header: the first row names the columns) read from fp, as far as it can be read: what an
 * earlier run made. fp stays open. */
BL_API void bl_manifest_files(FILE *fp, gboolean header, GPtrArray *files);

#endif
