/* SPDX-License-Identifier: MIT */
/* Merge: joins the manifests of a sharded render (render --shard K/N) into the manifest of the
 * whole list, after checking against the list itself that they cover every record exactly
 * once. The list and the manifests are streamed side by side, so memory stays flat. */
#ifndef BL_MERGE_H
#define BL_MERGE_H

#include <stdio.h>

#include <glib.h>

#include "common.h"
#include "diag.h"

struct bl_merge_options {
    const char *incident;         /* incident XML: its column mapping reads the list */
    const char *recipients;       /* the list the shards rendered */
    const char *output;           /* the merged manifest to write (with output_stream: the name
                                   * messages give it) */
    const char *const *manifests; /* the shards' manifest.csv files, any order */
    int n_manifests;              /* at least 1 */
    const char *data_dir;         /* NULL: the installed data */
    FILE *output_stream;          /* non-NULL: the merged manifest is written there once it is
                                   * whole (the tool's standard output for "-o -"), held in
                                   * memory until then, and no record is written beside it */
};

/* Checks that the manifests cover every record of the list exactly once (each row's line and
 * id match the list's record there; no record twice, none missing, no row out of list order
 * or beyond the list) and then writes the merged manifest: the header and each row's bytes as
 * in its shard manifest, in list order, owner-only, under a temporary name renamed when
 * complete. Reports every problem (the first 100 in full) to diag, as file:line, and a note on
 * the rows merged or the problems found. Returns BL_EXIT_OK, BL_EXIT_BAD_INPUT when the
 * coverage is wrong (nothing written), BL_EXIT_IO or another enum bl_exit. */
BL_API int bl_run_merge(const struct bl_merge_options *opts, struct bl_diag *diag);

#endif
