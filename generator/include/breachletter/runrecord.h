/* SPDX-License-Identifier: MIT */
/* Run record: what a run's manifest was made from, written beside it as JSON (manifest.csv ->
 * manifest.run.json): the program, the fingerprints of the incident, the list and the data
 * folder, the options that change letters, the shard, and the hashes of the manifest and errors
 * file as the run left them, and what the manifest's rows come to (a summary). With it,
 * `render --only` updates only a run of the same inputs, and `manifest merge` joins only shards
 * of one run whose manifests were not changed since. */
#ifndef BL_RUNRECORD_H
#define BL_RUNRECORD_H

#include <glib.h>

#include "common.h"
#include "diag.h"
#include "manifest.h"

struct bl_run_record {
    char *program;         /* "breachletter VERSION" */
    char *incident_sha256; /* the incident's bytes */
    char *list_sha256;     /* the recipient list's bytes */
    gint64 list_rows;      /* records in the list */
    char *data_sha256;     /* the templates, rules and fonts the letters were made with */
    int book;              /* letters per print book, 0: a PDF per letter */
    gboolean simplex;
    gboolean allow_draft;
    int letter_dirs;           /* levels of letter folders */
    gboolean require_approval; /* render --require-approval: each letter's approval named */
    int shard, shards;
    gboolean partial; /* the manifest holds only the rows of render --only */
    char *run;        /* the run's identity: a hash of all the above but the shard and partial */
    char *manifest, *manifest_sha256; /* the manifest's name beside the record, and its hash */
    char *errors, *errors_sha256;     /* the errors file's; NULL for a merged manifest */
    /* what the manifest's rows come to (its rows, letters, errors, letters in large print and
     * under each approval); has_summary FALSE in a record written before records had one */
    gboolean has_summary;
    struct bl_manifest_summary summary;
};

/* The record's name for a manifest's name ("manifest-0-of-2.csv" -> "manifest-0-of-2.run.json").
 * Free with g_free(). */
BL_API char *bl_run_record_name(const char *manifest);

/* Sets r->run from the fields it covers. */
BL_API void bl_run_record_seal(struct bl_run_record *r);

/* The record as JSON text. Free with g_free(). */
BL_API char *bl_run_record_json(const struct bl_run_record *r);

/* Reads a record from JSON text (shown names it in messages). Returns 0 and fills *out (release
 * it with bl_run_record_release), or -1 reported when it is not a whole record. */
BL_API int bl_run_record_parse(struct bl_run_record *out, const char *text, gsize len,
                               const char *shown, struct bl_diag *diag);

BL_API void bl_run_record_release(struct bl_run_record *r);

#endif
