/* SPDX-License-Identifier: MIT */
/* Run: the commands render, check, notice and report. Each loads a session (session.h) once,
 * then streams the recipients through bind, layout and the sinks into the output directory. */
#ifndef BL_RUN_H
#define BL_RUN_H

#include <glib.h>

#include "common.h"
#include "session.h" /* enum bl_exit, bl_session_data_dir */

struct bl_render_options {
    const char *incident;   /* incident XML */
    const char *recipients; /* CSV or XML list */
    const char *outdir;     /* created if missing, owner-only */
    const char *only;       /* render just this recipient id, or NULL */
    const char *data_dir;   /* holds templates/ and fonts/; NULL: the installed data */
    gboolean quiet;         /* no progress and no summary */
    gboolean allow_draft;   /* render non-compliant letters, watermarked DRAFT */
    int jobs;               /* worker processes; 0: one per core */
    int book;               /* letters per print book; 0: a PDF per letter */
    gboolean simplex;       /* books printed on one side: no blank backs */
    int shard, shards;      /* render chunks c with c % shards == shard (0 <= shard < shards) */
    gboolean resume;        /* finish an interrupted run in outdir */
    int files_per_dir;      /* per-letter PDFs: at most about this many in a directory */
    gboolean allow_shared_output; /* trust an output folder other users own or may write in */
    gboolean large_print;         /* every letter in large print (layout.h); else those whose
                                   * recipient's large_print column says yes */
    gboolean require_approval;    /* refuse the letters of variants whose wording is not approved
                                   * (signoff.h) */
};

struct bl_check_options {
    const char *incident;
    const char *recipients; /* NULL: a sample resident of every jurisdiction in the rules */
    const char *data_dir;
    gboolean json;
};

/* Checks the letters against the jurisdiction rules and tells diag the findings, deadlines and
 * notices as a report (BL_DIAG_REPORT: text, or JSON with opts->json), the problems of the
 * list as messages. Returns BL_EXIT_OK, BL_EXIT_NONCOMPLIANT when a letter breaks a rule,
 * else BL_EXIT_ROWS_REJECTED when rows of the list would get no letter, or another enum
 * bl_exit (a wrong list header: BL_EXIT_BAD_INPUT). */
BL_API int bl_run_check(const struct bl_check_options *opts, struct bl_diag *diag);

/* The file name of a recipient's letter, the record-th of the list (0-based): the id when it is
 * a safe name, otherwise the id with unsafe characters replaced and a short hash of the id added
 * so names never clash; for an id shaped like a Social Security, card or account number, the
 * record's place alone ("withheld-record-7.pdf"). Free with g_free(). */
BL_API char *bl_run_letter_name(const char *id, gint64 record);

/* Where a recipient's own PDF goes, relative to the output directory: its name, under levels
 * of subdirectories named by the first bytes of the id's SHA-256 ("3f/a0/NAME.pdf"). Free
 * with g_free(). */
BL_API char *bl_run_letter_path(const char *id, gint64 record, int levels);

/* The levels of 256 subdirectories that keep about files_per_dir letters at most in each (half
 * of it on average, as hashes spread unevenly), for a run of rows letters. */
BL_API int bl_run_dir_levels(gint64 rows, int files_per_dir);

struct bl_notice_options {
    const char *incident;
    const char *kind;         /* "specimen", "substitute" or "media" */
    const char *jurisdiction; /* specimen: the state whose insert it shows, or NULL */
    const char *output;       /* the PDF to write */
    const char *data_dir;
};

/* Renders a notice from the incident alone: the specimen letter (placeholders instead of
 * personal data, for attorneys general), the HIPAA substitute notice for the website or the
 * media notice. Reports to diag; returns an enum bl_exit (BL_EXIT_USAGE for an unknown kind or
 * jurisdiction). */
BL_API int bl_run_notice(const struct bl_notice_options *opts, struct bl_diag *diag);

struct bl_report_options {
    const char *incident;
    const char *recipients;
    const char *outdir;
    const char *data_dir;
};

/* Writes the regulator summary (summary.csv and summary.pdf) of the list into outdir. Reports
 * to diag; returns an enum bl_exit (BL_EXIT_ROWS_REJECTED when rows of the list are not
 * counted). */
BL_API int bl_run_report(const struct bl_report_options *opts, struct bl_diag *diag);

/* "strings": the translatable texts of the incident's template, and the incident's own words
 * (its narrative, actions, hours, categories' labels), as a PO template (.pot) told as the
 * report: what a translator starts a catalog from (docs/translations.md). Returns an enum
 * bl_exit. */
BL_API int bl_run_strings(const char *incident, const char *data_dir, struct bl_diag *diag);

#endif
