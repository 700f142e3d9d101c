/* SPDX-License-Identifier: MIT */
/* Preview: the draft loop of reviewers. Renders a letter at once, even from an incomplete
 * incident, with every problem marked where it is, after a review page that lists the problems,
 * the compliance findings and what the preview assumed; a sheet of every variant a list will
 * receive, each with its review page; live re-rendering on edits; a word-by-word comparison of
 * two drafts, with a redline. */
#ifndef BL_PREVIEW_H
#define BL_PREVIEW_H

#include <glib.h>

#include "diag.h"

struct bl_preview_options {
    const char *incident;
    const char *recipients;   /* list for --recipient and --variants, or NULL */
    const char *recipient;    /* the id of the person whose letter to preview, or NULL */
    const char *jurisdiction; /* the sample person's state, or NULL */
    const char *variant;      /* the sample person's variant, or NULL: adult */
    const char *output;       /* PDF, or the PNG name pattern with --format png */
    gboolean png;             /* PNG pages (FILE-1.png ...) instead of a PDF */
    gboolean variants;        /* every variant of the list: review page and labelled letter */
    gboolean watch;           /* re-render whenever an input file changes, until killed */
    const char *compare;      /* an older incident file: the changes of wording, and the
                               * redline written to output */
    const char *data_dir;
};

/* Runs the preview the options ask for and writes it to opts->output: the letter after its review
 * page; with variants, every variant's review page and labelled letter; with compare, the
 * redline. Tells diag the problems (they are also listed in the preview) and, as a report
 * (BL_DIAG_REPORT), the file written, the variants or the changes of wording; with watch, a
 * report for each preview made. Returns an enum bl_exit: OK when the preview was made (problems
 * are shown in it, not treated as failures); BAD_INPUT when a file cannot be read as XML at
 * all, or when the letter, or a variant of the sheet, cannot be made (each named in an error;
 * the PDF holds the review pages that say why); USAGE for an unknown variant or jurisdiction,
 * or a recipient or the variants without a list. With watch, returns only on a read error of
 * the first preview. */
int bl_preview_run(const struct bl_preview_options *opts, struct bl_diag *diag);

#endif
