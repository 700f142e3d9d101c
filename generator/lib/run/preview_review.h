/* SPDX-License-Identifier: MIT */
/* Preview's review page: the page before each previewed letter, marked as a review copy not for
 * mailing, that says whose letter it is, what the preview assumed that no one stated, what to
 * fix and what the compliance check found. */
#ifndef BL_PREVIEW_REVIEW_H
#define BL_PREVIEW_REVIEW_H

#include <glib.h>

#include "bind.h"
#include "incident.h"
#include "source.h"

/* Whom a previewed letter is addressed to. */
enum bl_preview_person {
    BL_PREVIEW_LISTED,  /* a recipient of the list, as the list gives them */
    BL_PREVIEW_SAMPLE,  /* the built-in sample person: placeholders, every category */
    BL_PREVIEW_VARIANT, /* a sample person standing for the recipients of one variant */
};

/* What the preview knows of the person besides the recipient it binds. */
struct bl_preview_basis {
    enum bl_preview_person person;
    gboolean variant_chosen; /* SAMPLE: the variant was asked for, not the default adult */
    gint64 recipients;       /* VARIANT: how many recipients the letter stands for */
    const GPtrArray *states; /* VARIANT of the states with no text of their own: their codes
                              * (char *), the sample person living in the first; else NULL */
    gboolean checked;        /* the compliance check ran (its findings are listed) */
};

/* Appends to out (an array of char * that frees them) one sentence, in plain text, for each
 * fact the letter bound for r rests on that neither the incident nor the list states, with
 * what the preview took instead: a fact the draft incident leaves out (inc->unstated, a
 * missing date, no category), the placeholders of a sample person, the categories and the
 * state a variant's sample person stands for, a compliance check that could not run. */
void bl_preview_assumptions(GPtrArray *out, const struct bl_incident *inc,
                            const struct bl_recipient *r, const struct bl_preview_basis *basis);

/* What a review page shows. Everything is borrowed; texts are plain (escaped here). */
struct bl_preview_review {
    const char *title;            /* "Draft review", "Variant 3 of 12" */
    const char *who;              /* whose letter: "the sample person (adult)" */
    const char *incident;         /* the incident file */
    const char *template_path;    /* the letter's template */
    const char *organisation;     /* the author of the review page (PDF metadata) */
    const char *failure;          /* why the letter could not be made, or NULL */
    const GPtrArray *assumptions; /* char * */
    const GPtrArray *problems;    /* char *: messages to fix, with their file and line */
    const GPtrArray *findings;    /* const struct bl_finding *: the check's, for this letter */
};

/* Binds the review page of rv into page (an initialised letter, reset first): a notice (no
 * address, so nothing in an envelope's window) watermarked DRAFT and labelled REVIEW COPY —
 * NOT FOR MAILING, that says whose letter follows, what could not be made, the assumptions,
 * the problems and the findings, each under a heading with its count. */
void bl_preview_review_page(struct bl_letter *page, const struct bl_preview_review *rv);

#endif
