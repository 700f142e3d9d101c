/* SPDX-License-Identifier: MIT */
/* Merge: joins the manifests of a sharded render (render --shard K/N) into the manifest of the
 * whole list, after checking against the list itself that they cover every record exactly
 * once. The list and the manifests are streamed side by side, so memory stays flat. */
#ifndef BL_MERGE_H
#define BL_MERGE_H

#include <glib.h>

#include "diag.h"

struct bl_merge_options {
    const char *incident;         /* incident XML: its column mapping reads the list */
    const char *recipients;       /* the list the shards rendered */
    const char *output;           /* the merged manifest to write */
    const char *const *manifests; /* the shards' manifest.csv files, any order */
    int n_manifests;              /* at least 1 */
    const char *data_dir;         /* NULL: the built-in default */
};

/* Checks that the manifests cover every record of the list exactly once (each row's line and
 * id match the list's record there; no record twice, none missing, no row out of list order
 * or beyond the list) and then writes the merged manifest: the header and each row's bytes as
 * in its shard manifest, in list order, owner-only, under a temporary name renamed when
 * complete. Reports every problem (the first 100 in full) to stderr, as file:line. Returns
 * BL_EXIT_OK, BL_EXIT_BAD_INPUT when the coverage is wrong (nothing written), BL_EXIT_IO or
 * another enum bl_exit. */
int bl_run_merge(const struct bl_merge_options *opts);

/* A record of a CSV file, as lent by bl_merge_csv_next(). */
struct bl_merge_record {
    int line;                  /* where the record starts in the file (1-based) */
    const char *const *fields; /* n_fields fields, unquoted */
    guint n_fields;
    const char *raw; /* the record's bytes as in the file, without its line end */
    gsize raw_len;
};

/* A strict streaming RFC 4180 reader for manifests: quoted fields with "" for a quote and
 * any line end inside; CRLF, LF or CR end a record; blank lines and a UTF-8 byte order mark
 * are skipped. */
struct bl_merge_csv;

/* Opens path. Returns 0 and sets *out, or -1 reported to diag. Free with bl_merge_csv_free(). */
int bl_merge_csv_open(struct bl_merge_csv **out, const char *path, struct bl_diag *diag);

/* Reads the next record. Returns 1 and lends *out (valid until the next call), 0 at the end of
 * the file, or -1 when the file is not well-formed CSV (a quote inside an unquoted field, text
 * after a closing quote, an unclosed quote, a NUL byte, a record over 1 MiB) or cannot be read,
 * reported as file:line. Reading stops there. */
int bl_merge_csv_next(struct bl_merge_csv *csv, const struct bl_merge_record **out);

/* TRUE when the last -1 came from reading the file rather than from its content. */
gboolean bl_merge_csv_io_failed(const struct bl_merge_csv *csv);

void bl_merge_csv_free(struct bl_merge_csv *csv);

#endif
