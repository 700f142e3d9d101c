/* SPDX-License-Identifier: MIT */
/* Manifest: the CSV journal of a run, one row per recipient, and its errors file. */
#include "manifest.h"

#include "csv.h"
#include "tempfile.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One CSV file being written under a temporary name. */
struct journal {
    FILE *fp;
    char *path;
    char *tmp;
};

struct bl_manifest {
    struct journal rows;
    struct journal errors;
    char *list;
    struct bl_diag *diag;
    GString *row;
};

static int
journal_open(struct journal *j, const char *path, struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    int fd;

    j->path = g_strdup(path);
    fd = bl_temp_create(path, &j->tmp);
    if (fd < 0 || (j->fp = fdopen(fd, "w")) == NULL) {
        bl_diag_error(diag, &loc, "cannot create the file: %s", g_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return 0;
}

const char *const bl_manifest_columns[BL_MANIFEST_COLUMNS + 1] = {
    "line",   "id",           "status",  "file",     "book",  "first_page", "pages",
    "sha256", "jurisdiction", "variant", "language", "error", NULL};

/* Index of the file column in every manifest row. */
#define FILE_COLUMN 3

static int
journal_write(struct journal *j, const char *text, gsize len, struct bl_diag *diag)
{
    struct bl_loc loc = {j->path, 0, 0};

    if (fwrite(text, 1, len, j->fp) != len || fflush(j->fp) != 0) {
        bl_diag_error(diag, &loc, "cannot write the file: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}

/* Closes the file; with keep, moves it into place, else removes it. */
static int
journal_end(struct journal *j, gboolean keep, struct bl_diag *diag)
{
    struct bl_loc loc = {j->path, 0, 0};
    int err = 0;

    /* on the disk before the name says it is complete: a power cut leaves the old state */
    if (j->fp != NULL && keep && (fflush(j->fp) != 0 || fsync(fileno(j->fp)) != 0)) {
        err = errno;
    }
    if (j->fp != NULL && fclose(j->fp) != 0 && err == 0) {
        err = errno;
    }
    if (bl_temp_finish(j->tmp, j->path, keep && err == 0) < 0 && err == 0) {
        err = errno;
    }
    if (keep && err != 0) {
        bl_diag_error(diag, &loc, "cannot complete the file: %s", g_strerror(err));
    }
    g_free(j->path);
    *j = (struct journal){0};
    return keep && err != 0 ? -1 : 0;
}

static void
header(GString *row, const char *const *names)
{
    g_string_truncate(row, 0);
    for (gsize i = 0; names[i] != NULL; i++) {
        bl_csv_append(row, names[i], i == 0);
    }
    g_string_append(row, "\r\n");
}

int
bl_manifest_open(struct bl_manifest **out, const char *path, const char *errors_path,
                 const char *list, gboolean with_header, struct bl_diag *diag)
{
    static const char *const errors[] = {"where", "id", "status", "error", NULL};
    struct bl_manifest *m = g_new0(struct bl_manifest, 1);

    m->list = g_strdup(list);
    m->diag = diag;
    m->row = g_string_new(NULL);
    if (journal_open(&m->rows, path, diag) < 0 || journal_open(&m->errors, errors_path, diag) < 0) {
        bl_manifest_abort(m);
        return -1;
    }
    if (with_header) {
        header(m->row, bl_manifest_columns);
        if (journal_write(&m->rows, m->row->str, m->row->len, diag) < 0) {
            bl_manifest_abort(m);
            return -1;
        }
        header(m->row, errors);
        if (journal_write(&m->errors, m->row->str, m->row->len, diag) < 0) {
            bl_manifest_abort(m);
            return -1;
        }
    }
    *out = m;
    return 0;
}

/* A number, or an empty field for 0. */
static void
append_count(GString *row, int n)
{
    g_string_append_c(row, ',');
    if (n > 0) {
        g_string_append_printf(row, "%d", n);
    }
}

int
bl_manifest_add(struct bl_manifest *m, const struct bl_manifest_row *row)
{
    GString *r = m->row;
    char *where;

    g_string_truncate(r, 0);
    g_string_append_printf(r, "%d", row->line);
    bl_csv_append(r, row->id, FALSE);
    bl_csv_append(r, row->status, FALSE);
    bl_csv_append(r, row->file, FALSE);
    append_count(r, row->book);
    append_count(r, row->first_page);
    append_count(r, row->pages);
    bl_csv_append(r, row->sha256, FALSE);
    bl_csv_append(r, row->jurisdiction, FALSE);
    bl_csv_append(r, row->variant, FALSE);
    bl_csv_append(r, row->language, FALSE);
    bl_csv_append(r, row->error, FALSE);
    g_string_append(r, "\r\n");
    if (journal_write(&m->rows, r->str, r->len, m->diag) < 0) {
        return -1;
    }
    if (strcmp(row->status, "ok") == 0 || strcmp(row->status, "draft") == 0) {
        return 0;
    }
    where = g_strdup_printf("%s:%d", m->list, row->line);
    g_string_truncate(r, 0);
    bl_csv_append(r, where, TRUE);
    g_free(where);
    bl_csv_append(r, row->id, FALSE);
    bl_csv_append(r, row->status, FALSE);
    bl_csv_append(r, row->error, FALSE);
    g_string_append(r, "\r\n");
    return journal_write(&m->errors, r->str, r->len, m->diag);
}

static int
append_file(struct journal *to, const char *from, struct bl_diag *diag)
{
    struct bl_loc loc = {from, 0, 0};
    char *contents = NULL;
    gsize len = 0;
    int rc;

    if (!g_file_get_contents(from, &contents, &len, NULL)) {
        bl_diag_error(diag, &loc, "cannot read the chunk's journal");
        return -1;
    }
    rc = journal_write(to, contents, len, diag);
    g_free(contents);
    return rc;
}

int
bl_manifest_append_journal(struct bl_manifest *m, const char *path, const char *errors_path)
{
    if (append_file(&m->rows, path, m->diag) < 0 ||
        append_file(&m->errors, errors_path, m->diag) < 0) {
        return -1;
    }
    return 0;
}

static void
manifest_free(struct bl_manifest *m)
{
    g_free(m->list);
    g_string_free(m->row, TRUE);
    g_free(m);
}

int
bl_manifest_close(struct bl_manifest *m)
{
    int rc = journal_end(&m->errors, TRUE, m->diag);

    rc = journal_end(&m->rows, rc == 0, m->diag) < 0 ? -1 : rc;
    manifest_free(m);
    return rc;
}

void
bl_manifest_abort(struct bl_manifest *m)
{
    if (m == NULL) {
        return;
    }
    journal_end(&m->errors, FALSE, m->diag);
    journal_end(&m->rows, FALSE, m->diag);
    manifest_free(m);
}

void
bl_manifest_files(const char *path, gboolean header, GPtrArray *files)
{
    FILE *fp = g_fopen(path, "rb");
    struct bl_csv_reader *r;
    const struct bl_csv_row *row;

    if (fp == NULL) {
        return;
    }
    r = bl_csv_reader_new(fp, FALSE);
    while (bl_csv_reader_next(r, &row) > 0) {
        if (header) {
            header = FALSE;
            continue;
        }
        if (row->nkept > FILE_COLUMN && row->cells[FILE_COLUMN]->len > 0) {
            g_ptr_array_add(files, g_strdup(row->cells[FILE_COLUMN]->str));
        }
    }
    bl_csv_reader_free(r);
    fclose(fp);
}
