/* SPDX-License-Identifier: MIT */
/* Manifest: one CSV row per input recipient, written as each letter finishes, so every row of
 * the list is accounted for as a letter or an error. */
#ifndef BL_MANIFEST_H
#define BL_MANIFEST_H

#include "diag.h"

struct bl_manifest;

/* One row. Strings may be NULL (written empty). */
struct bl_manifest_row {
    int line; /* where the record starts in the recipient list */
    const char *id;
    const char *status; /* "ok" or "error" */
    const char *file;   /* the letter, relative to the output directory */
    int pages;
    const char *sha256;
    const char *jurisdiction;
    const char *variant;
    const char *language;
    const char *error; /* never holds personal data */
};

/* Creates path (owner-only) under a temporary name and writes the header. Returns 0 and sets
 * *out, or -1 reported. */
int bl_manifest_open(struct bl_manifest **out, const char *path, struct bl_diag *diag);

/* Appends a row and flushes it. Returns 0, or -1 reported. */
int bl_manifest_add(struct bl_manifest *m, const struct bl_manifest_row *row);

/* Completes the file and moves it into place. Returns 0, or -1 reported. Frees m either way. */
int bl_manifest_close(struct bl_manifest *m);

/* Frees m without completing it: the temporary file is removed. */
void bl_manifest_abort(struct bl_manifest *m);

#endif
