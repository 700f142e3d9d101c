/* SPDX-License-Identifier: MIT */
/* Preview: the draft loop of reviewers. Renders a letter at once, even from an incomplete
 * incident, with every problem marked where it is, after a review page that lists the problems,
 * the compliance findings and what the preview assumed; a sheet of every variant a list will
 * receive, each with its review page; one preview at a time with the files it read, for a
 * program that renders again on edits (the tool's --watch waits for them); a word-by-word
 * comparison of two drafts, with a redline. */
#ifndef BL_PREVIEW_H
#define BL_PREVIEW_H

#include <glib.h>

#include "check.h"
#include "common.h"
#include "diag.h"
#include "template.h"

struct bl_preview_options {
    const char *incident;
    const char *recipients;   /* list for --recipient and --variants, or NULL */
    const char *recipient;    /* the id of the person whose letter to preview, or NULL */
    const char *jurisdiction; /* the sample person's state, or NULL */
    const char *variant;      /* the sample person's variant, or NULL: adult */
    const char *output;       /* PDF, or the PNG name pattern with --format png */
    gboolean png;             /* PNG pages (FILE-1.png ...) instead of a PDF */
    gboolean variants;        /* every variant of the list: review page and labelled letter */
    const char *compare;      /* an older incident file: the changes of wording, and the
                               * redline written to output */
    const char *data_dir;
    const char *language; /* the sample person's language (one the template is written in or
                           * has a catalog of), or NULL: the incident's */
    /* when not NULL, called once by a preview of one letter (not variants or compare) after
     * its check ran, with the check's report (the findings, deadlines and notices; over the
     * list when one is given, else over sample residents) and the template (its languages),
     * both borrowed for the call only: for a program that shows them beside the preview */
    void (*checked)(void *data, const struct bl_check_report *report,
                    const struct bl_template *tpl);
    void *checked_data;
    /* the caller's, or NULL: the pass over the list kept from the last preview of it (check.h's
     * bl_check_memo), used again while the list and how the incident reads it are unchanged,
     * with the person of the list looked for last; a program that previews again on every edit
     * of the incident then reads a large list once */
    struct bl_check_memo *memo;
};

/* Runs the preview the options ask for and writes it to opts->output: the letter after its review
 * page; with variants, every variant's review page and labelled letter; with compare, the
 * redline. Tells diag the problems (they are also listed in the preview) and, as a report
 * (BL_DIAG_REPORT), the file written, the variants or the changes of wording. Returns an enum
 * bl_exit: OK when the preview was made (problems are shown in it, not treated as failures);
 * BAD_INPUT when a file cannot be read as XML at all, or when the letter, or a variant of the
 * sheet, cannot be made (each named in an error; the PDF holds the review pages that say why);
 * USAGE for an unknown variant or jurisdiction, or a recipient or the variants without a
 * list. */
BL_API int bl_preview_run(const struct bl_preview_options *opts, struct bl_diag *diag);

/* One preview of the letter (opts->variants and opts->compare aside), as bl_preview_run makes
 * it, for a program that makes it again whenever an input changes: adds to files (of char *
 * freed with g_free, the caller's) the path of every file it read that is not there yet (the
 * incident, the list, contacts, rules and the template's files), the ones to watch. A preview
 * that cannot be made leaves the file written last in place. Returns an enum bl_exit, as
 * bl_preview_run. */
BL_API int bl_preview_once(const struct bl_preview_options *opts, GPtrArray *files,
                           struct bl_diag *diag);

#endif
