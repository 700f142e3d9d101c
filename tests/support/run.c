/* SPDX-License-Identifier: MIT */
/* The commands' inputs and runs for the unit tests of the run layer: the test incident with a
 * template the commands find, a small recipient list, render's set-up as the tool makes it and a
 * whole run made in this process, and manifests read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "csv.h"
#include "render_letters_impl.h"

/* What the set-up records of the data folder: the runs of the unit tests all share it. */
#define DATA_SHA256 "0000000000000000000000000000000000000000000000000000000000000000"

char *
fixture_incident_file(const char *dir, const char *template)
{
    char *text = fixture_read(BL_TEST_DATA "/incident/good.xml", NULL);
    char **parts = g_strsplit(text, "template=\"t\"", 2);
    char *attr = g_strdup_printf("template=\"%s\"", template != NULL ? template : "us-notice");
    char *changed, *path;

    if (g_strv_length(parts) != 2) {
        fail_msg("the test incident names no template 't'");
    }
    changed = g_strjoinv(attr, parts);
    path = fixture_write(dir, "incident.xml", changed, -1);
    g_free(changed);
    g_free(attr);
    g_strfreev(parts);
    g_free(text);
    return path;
}

char *
fixture_draft_incident_file(const char *dir, const char *name)
{
    static const char draft[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<incident id=\"draft-1\" template=\"us-notice\">\n"
                                "  <organisation>\n"
                                "    <name>Acme Health</name>\n"
                                "  </organisation>\n"
                                "  <categories><category id=\"ssn\"/></categories>\n"
                                "</incident>\n";

    return fixture_write(dir, name, draft, -1);
}

char *
fixture_list_file(const char *dir)
{
    static const char list[] = FIXTURE_LIST_HEADER
        "R-1,Ada,Lovelace,12 Analytical Way,Boston,MA,02139,ssn,ENR-1,sunrise\n"
        "R-2,short\n"
        "R-3,Claire,Dupont,5 Main St,Miami,FL,33131,ssn;contact,ENR-3,sunrise\n";

    return fixture_write(dir, "list.csv", list, -1);
}

int
fixture_render_open(struct bl_render *s, const struct bl_render_options *opts, struct bl_diag *diag)
{
    int rc;

    memset(s, 0, sizeof(*s));
    s->opts = opts;
    bl_session_init(&s->ses, diag);
    s->rows_diag = bl_diag_new(NULL);
    bl_letter_init(&s->letter);
    if (bl_fingerprint_take(&s->incident_fp, opts->incident, "incident", diag) < 0 ||
        bl_fingerprint_take(&s->list_fp, opts->recipients, "recipient list", diag) < 0) {
        return BL_EXIT_IO;
    }
    rc = bl_render_load(s);
    if (rc != BL_EXIT_OK) {
        return rc;
    }
    if (bl_outdir_open(&s->out, opts->outdir, TRUE, opts->allow_shared_output, diag) < 0 ||
        bl_outdir_lock(s->out, FALSE, diag) < 0) {
        return BL_EXIT_IO;
    }
    s->data_sha256 = g_strdup(DATA_SHA256);
    s->manifest = g_strdup("manifest.csv");
    s->errors = g_strdup("errors.csv");
    s->record = bl_run_record_name(s->manifest);
    s->manifest_shown = bl_outdir_shown(s->out, s->manifest);
    s->errors_shown = bl_outdir_shown(s->out, s->errors);
    return BL_EXIT_OK;
}

int
fixture_render_run(const struct bl_render_options *opts, struct bl_diag *diag)
{
    struct bl_render s;
    struct bl_render_chunk ch = {.index = -1};
    struct bl_run_record r;
    const struct bl_record *rec;
    gint64 index = 0;
    int rc = fixture_render_open(&s, opts, diag);

    if (rc != BL_EXIT_OK) {
        goto out;
    }
    s.dir_levels =
        opts->files_per_dir > 0 ? bl_run_dir_levels(s.ses.check->rows, opts->files_per_dir) : 0;
    ch.index = 0;
    if (bl_manifest_open(&ch.journal, bl_outdir_fd(s.out), bl_outdir_path(s.out), s.manifest,
                         s.errors, opts->recipients, TRUE, diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    while (bl_source_next(s.src, &rec) > 0) {
        if (bl_render_row(&s, &ch, rec, index++) < 0) {
            rc = BL_EXIT_IO;
            goto out;
        }
        bl_diag_pass_kept(s.rows_diag, diag);
        bl_diag_clear(s.rows_diag);
    }
    rc = bl_manifest_close(ch.journal);
    ch.journal = NULL;
    if (rc < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    bl_render_record(&s, s.dir_levels, FALSE, &r);
    rc = bl_render_write_record(&s, &r) < 0 ? BL_EXIT_IO : bl_render_exit_status(&ch.counts);
    bl_run_record_release(&r);
out:
    bl_render_chunk_clear(&ch);
    bl_render_release(&s);
    return rc;
}

/* The index of the column named column among a manifest's column names. */
static guint
column_of(const GPtrArray *names, const char *column)
{
    guint at;

    if (!g_ptr_array_find_with_equal_func((GPtrArray *)names, column, g_str_equal, &at)) {
        fail_msg("the manifest has no column '%s'", column);
    }
    return at;
}

/* Calls fn(names, row, data) for every row of the manifest at path after its header (names:
 * the header's column names); fn returns FALSE to stop. */
static void
each_row(const char *path,
         gboolean (*fn)(const GPtrArray *names, const struct bl_csv_row *row, gpointer data),
         gpointer data)
{
    FILE *fp = fopen(path, "r");
    struct bl_csv_reader *r;
    const struct bl_csv_row *row;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

    if (fp == NULL) {
        fail_msg("cannot open the manifest %s", path);
    }
    r = bl_csv_reader_new(fp, FALSE);
    if (bl_csv_reader_next(r, &row) <= 0) {
        fail_msg("the manifest %s has no header", path);
    }
    for (guint i = 0; i < row->nkept; i++) {
        g_ptr_array_add(names, g_strdup(row->cells[i]->str));
    }
    while (bl_csv_reader_next(r, &row) > 0 && fn(names, row, data)) {
    }
    bl_csv_reader_free(r);
    fclose(fp);
    g_ptr_array_unref(names);
}

struct field_query {
    const char *id, *column;
    char *value;
};

static gboolean
find_field(const GPtrArray *names, const struct bl_csv_row *row, gpointer data)
{
    struct field_query *q = data;
    guint id = column_of(names, "id"), at = column_of(names, q->column);

    if (row->nkept > MAX(id, at) && strcmp(row->cells[id]->str, q->id) == 0) {
        q->value = g_strdup(row->cells[at]->str);
        return FALSE;
    }
    return TRUE;
}

char *
fixture_manifest_field(const char *path, const char *id, const char *column)
{
    struct field_query q = {id, column, NULL};

    each_row(path, find_field, &q);
    return q.value;
}

static gboolean
count_row(const GPtrArray *names, const struct bl_csv_row *row, gpointer data)
{
    (*(int *)data)++;
    return TRUE;
}

int
fixture_manifest_rows(const char *path)
{
    int rows = 0;

    each_row(path, count_row, &rows);
    return rows;
}
