/* SPDX-License-Identifier: MIT */
/* Manifest: the CSV journal of a run, one row per recipient. */
#include "manifest.h"

#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

struct bl_manifest {
    FILE *fp;
    char *path;
    char *tmp;
    struct bl_diag *diag;
    GString *row;
};

/* RFC 4180 quoting; a value a spreadsheet would run as a formula gets a leading quote mark. */
static void
append_field(GString *row, const char *value, gboolean first)
{
    if (!first) {
        g_string_append_c(row, ',');
    }
    if (value == NULL) {
        return;
    }
    if (strpbrk(value, ",\"\r\n") != NULL || strchr("=+-@", value[0]) != NULL) {
        g_string_append_c(row, '"');
        if (value[0] != '\0' && strchr("=+-@", value[0]) != NULL) {
            g_string_append_c(row, '\'');
        }
        for (const char *p = value; *p != '\0'; p++) {
            if (*p == '"') {
                g_string_append_c(row, '"');
            }
            g_string_append_c(row, *p);
        }
        g_string_append_c(row, '"');
    } else {
        g_string_append(row, value);
    }
}

static int
write_row(struct bl_manifest *m)
{
    struct bl_loc loc = {m->path, 0, 0};

    g_string_append(m->row, "\r\n");
    if (fwrite(m->row->str, 1, m->row->len, m->fp) != m->row->len || fflush(m->fp) != 0) {
        bl_diag_error(m->diag, &loc, "cannot write the manifest: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}

int
bl_manifest_open(struct bl_manifest **out, const char *path, struct bl_diag *diag)
{
    static const char *const header[] = {"line",   "id",           "status",  "file",     "pages",
                                         "sha256", "jurisdiction", "variant", "language", "error"};
    struct bl_manifest *m = g_new0(struct bl_manifest, 1);
    struct bl_loc loc = {path, 0, 0};
    int fd;

    m->path = g_strdup(path);
    m->tmp = g_strdup_printf("%s.part", path);
    m->diag = diag;
    m->row = g_string_new(NULL);
    bl_temp_track(m->tmp);
    g_unlink(m->tmp);
    fd = g_open(m->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || (m->fp = fdopen(fd, "w")) == NULL) {
        bl_diag_error(diag, &loc, "cannot create the manifest: %s", g_strerror(errno));
        bl_manifest_abort(m);
        return -1;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(header); i++) {
        append_field(m->row, header[i], i == 0);
    }
    if (write_row(m) < 0) {
        bl_manifest_abort(m);
        return -1;
    }
    *out = m;
    return 0;
}

int
bl_manifest_add(struct bl_manifest *m, const struct bl_manifest_row *row)
{
    char line[16], pages[16];

    g_snprintf(line, sizeof(line), "%d", row->line);
    g_snprintf(pages, sizeof(pages), "%d", row->pages);
    g_string_truncate(m->row, 0);
    append_field(m->row, line, TRUE);
    append_field(m->row, row->id, FALSE);
    append_field(m->row, row->status, FALSE);
    append_field(m->row, row->file, FALSE);
    append_field(m->row, row->pages > 0 ? pages : NULL, FALSE);
    append_field(m->row, row->sha256, FALSE);
    append_field(m->row, row->jurisdiction, FALSE);
    append_field(m->row, row->variant, FALSE);
    append_field(m->row, row->language, FALSE);
    append_field(m->row, row->error, FALSE);
    return write_row(m);
}

static void
manifest_free(struct bl_manifest *m)
{
    bl_temp_untrack(m->tmp);
    g_free(m->path);
    g_free(m->tmp);
    g_string_free(m->row, TRUE);
    g_free(m);
}

int
bl_manifest_close(struct bl_manifest *m)
{
    struct bl_loc loc = {m->path, 0, 0};
    int rc = 0;

    if (fclose(m->fp) != 0 || g_rename(m->tmp, m->path) < 0) {
        bl_diag_error(m->diag, &loc, "cannot complete the manifest: %s", g_strerror(errno));
        g_unlink(m->tmp);
        rc = -1;
    }
    manifest_free(m);
    return rc;
}

void
bl_manifest_abort(struct bl_manifest *m)
{
    if (m == NULL) {
        return;
    }
    if (m->fp != NULL) {
        fclose(m->fp);
    }
    g_unlink(m->tmp);
    manifest_free(m);
}
