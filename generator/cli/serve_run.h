/* SPDX-License-Identifier: MIT */
/* The workbench's mass run (breachletter serve): render started on a list as a process of its
 * own, its progress, its stop and its summary; and the output folders' manifests as the run and
 * person screens read them. */
#ifndef BL_SERVE_RUN_H
#define BL_SERVE_RUN_H

#include <glib.h>

#include "serve.h"

/* A manifest of the workspace, read whole: its rows (char ** each, the header's first) and the
 * columns the screens use (-1 when the manifest has none of that name). */
struct serve_manifest {
    GPtrArray *rows; /* of GStrv; rows->pdata[0] is the header */
    int line, id, status, file, pages, sha256, error, large_print, approval;
};

/* Reads DIR/manifest.csv of the workspace (through no link, at most sv->max_list bytes).
 * Returns 0 and fills *out (release with bl_serve_manifest_release), or -1 with errno set. */
int bl_serve_manifest_read(struct serve *sv, const char *dir, struct serve_manifest *out);
void bl_serve_manifest_release(struct serve_manifest *m);

/* The cell col of row (borrowed), "" when the row is short or col is -1. */
const char *bl_serve_manifest_cell(const struct serve_manifest *m, guint row, int col);

#endif
