/* SPDX-License-Identifier: MIT */
/* Run: wires the pipeline together. Everything that is the same for every recipient is built
 * once before the loop; the loop binds, lays out and writes one letter at a time. */
#include "run.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "diag.h"
#include "fonts.h"
#include "incident.h"
#include "layout.h"
#include "manifest.h"
#include "sink.h"
#include "source.h"
#include "template.h"

/* What is loaded once per run. */
struct setup {
    struct bl_diag *diag;
    struct bl_diag *quiet_diag; /* keeps per-letter messages to report them with the row */
    struct bl_incident *incident;
    struct bl_contacts *contacts;
    struct bl_template *tpl;
    struct bl_fonts *fonts;
    struct bl_source *src;
    struct bl_manifest *manifest;
    struct bl_letter letter;
};

struct counts {
    int rows;
    int letters;
    int errors;
    gint64 started;
};

const char *
bl_run_data_dir(const char *given)
{
    const char *env = g_getenv("BREACHLETTER_DATA_DIR");

    if (given != NULL) {
        return given;
    }
    return env != NULL && env[0] != '\0' ? env : BL_DATADIR;
}

char *
bl_run_letter_name(const char *id)
{
    static const char *const reserved[] = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"};
    GString *name = g_string_new(NULL);
    gboolean changed = id[0] == '\0' || id[0] == '.' || strlen(id) > 100;

    for (const char *p = id; *p != '\0' && name->len < 100; p++) {
        gboolean after_alnum = name->len > 0 && g_ascii_isalnum(name->str[name->len - 1]);

        if (g_ascii_isalnum(*p) || *p == '-' || *p == '_' || (*p == '.' && after_alnum)) {
            g_string_append_c(name, *p);
        } else {
            g_string_append_c(name, '_');
            changed = TRUE;
        }
    }
    for (gsize i = 0; i < G_N_ELEMENTS(reserved); i++) {
        changed = changed || g_ascii_strcasecmp(name->str, reserved[i]) == 0;
    }
    if (changed) {
        char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, id, -1);

        g_string_append_printf(name, "-%.8s", sum);
        g_free(sum);
    }
    g_string_append(name, ".pdf");
    return g_string_free(name, FALSE);
}

static int
load(struct setup *s, const struct bl_render_options *opts)
{
    const char *data = bl_run_data_dir(opts->data_dir);
    char *schema = g_build_filename(data, "templates", "schema", "incident.rng", NULL);
    char *vocab = g_build_filename(data, "templates", "categories.xml", NULL);
    char *contacts = g_build_filename(data, "templates", "contacts.xml", NULL);
    char *contacts_schema = g_build_filename(data, "templates", "schema", "contacts.rng", NULL);
    char *templates = g_build_filename(data, "templates", NULL);
    char *fonts = g_build_filename(data, "fonts", NULL);
    char *tpl_path = NULL;
    int rc = BL_EXIT_BAD_INPUT;

    if (!g_file_test(opts->incident, G_FILE_TEST_EXISTS) ||
        !g_file_test(opts->recipients, G_FILE_TEST_EXISTS)) {
        const char *missing =
            g_file_test(opts->incident, G_FILE_TEST_EXISTS) ? opts->recipients : opts->incident;
        struct bl_loc loc = {missing, 0, 0};

        bl_diag_error(s->diag, &loc, "cannot open file: no such file");
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_incident_load(&s->incident, opts->incident, schema, vocab, s->diag) < 0) {
        goto out;
    }
    if (bl_contacts_load(&s->contacts, contacts, contacts_schema, s->diag) < 0) {
        goto out;
    }
    tpl_path = bl_template_find(s->incident->template_name, s->incident, templates, s->diag);
    if (tpl_path == NULL ||
        bl_template_compile(&s->tpl, tpl_path, s->incident, s->contacts, s->diag) < 0) {
        goto out;
    }
    if (bl_fonts_load(&s->fonts, fonts, s->diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_source_open(&s->src, opts->recipients, s->incident, s->diag) < 0) {
        goto out;
    }
    rc = BL_EXIT_OK;
out:
    g_free(schema);
    g_free(vocab);
    g_free(contacts);
    g_free(contacts_schema);
    g_free(templates);
    g_free(fonts);
    g_free(tpl_path);
    return rc;
}

static void
progress(const struct counts *c, gboolean done)
{
    double secs = (double)(g_get_monotonic_time() - c->started) / G_USEC_PER_SEC;

    fprintf(stderr, "\r%d letters, %d errors, %.0f letters/s%s", c->letters, c->errors,
            secs > 0 ? c->letters / secs : 0.0, done ? "\n" : "");
    fflush(stderr);
}

/* Renders one valid recipient; fills row. Returns 0, or -1 with row->error set (owned by the
 * quiet diag until its next use). */
static int
render_one(struct setup *s, const struct bl_record *rec, const char *outdir,
           struct bl_manifest_row *row, char **file, char sha[65])
{
    struct bl_doc *doc = NULL;
    char *path;
    int rc = -1;

    bl_diag_clear(s->quiet_diag);
    *file = bl_run_letter_name(rec->recipient.id);
    path = g_build_filename(outdir, *file, NULL);
    if (bl_bind(&s->letter, s->tpl, s->incident, &rec->recipient, s->quiet_diag) < 0 ||
        bl_layout(&doc, &s->letter, s->fonts, s->quiet_diag) < 0 ||
        bl_sink_pdf_write(path, doc, &s->letter, sha, s->quiet_diag) < 0) {
        row->error = bl_diag_last_message(s->quiet_diag);
        goto out;
    }
    row->file = *file;
    row->pages = bl_doc_page_count(doc);
    row->sha256 = sha;
    rc = 0;
out:
    bl_doc_free(doc);
    g_free(path);
    return rc;
}

static int
render_all(struct setup *s, const struct bl_render_options *opts, struct counts *c)
{
    gboolean tty = !opts->quiet && isatty(STDERR_FILENO);
    gboolean found = opts->only == NULL;
    const struct bl_record *rec;
    int more;

    while ((more = bl_source_next(s->src, &rec)) > 0) {
        struct bl_manifest_row row = {0};
        char sha[65] = "";
        char *file = NULL;

        if (opts->only != NULL && strcmp(rec->row_id, opts->only) != 0) {
            continue;
        }
        found = TRUE;
        c->rows++;
        row.line = rec->line;
        row.id = rec->row_id;
        row.status = "ok";
        if (rec->status == 0) {
            row.jurisdiction = rec->recipient.jurisdiction;
            row.variant = bl_variant_name(rec->recipient.variant);
            row.language = rec->recipient.language;
        }
        if (rec->status < 0) {
            row.status = "error";
            row.error = rec->error;
            c->errors++;
        } else if (render_one(s, rec, opts->outdir, &row, &file, sha) < 0) {
            struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

            bl_diag_error(s->diag, &loc, "%s (recipient '%s')", row.error, rec->row_id);
            row.status = "error";
            c->errors++;
        } else {
            c->letters++;
        }
        if (bl_manifest_add(s->manifest, &row) < 0) {
            g_free(file);
            return BL_EXIT_IO;
        }
        g_free(file);
        if (tty && c->rows % 50 == 0) {
            progress(c, FALSE);
        }
    }
    if (tty && c->rows >= 50) {
        progress(c, TRUE);
    }
    if (more < 0) {
        return BL_EXIT_IO;
    }
    if (!found) {
        struct bl_loc loc = {opts->recipients, 0, 0};

        bl_diag_error(s->diag, &loc, "recipient '%s' is not in the list", opts->only);
        return BL_EXIT_ROWS_REJECTED;
    }
    return c->errors > 0 ? BL_EXIT_ROWS_REJECTED : BL_EXIT_OK;
}

int
bl_run_render(const struct bl_render_options *opts)
{
    struct setup s = {0};
    struct counts c = {0, 0, 0, g_get_monotonic_time()};
    char *manifest_path = NULL;
    int rc;

    /* letters hold personal data: everything this run creates is owner-only */
    umask(077);
    s.diag = bl_diag_new(stderr);
    s.quiet_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = load(&s, opts);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (g_mkdir_with_parents(opts->outdir, 0700) < 0) {
        struct bl_loc loc = {opts->outdir, 0, 0};

        bl_diag_error(s.diag, &loc, "cannot create the output directory: %s", g_strerror(errno));
        rc = BL_EXIT_IO;
        goto out;
    }
    manifest_path = g_build_filename(opts->outdir, "manifest.csv", NULL);
    if (bl_manifest_open(&s.manifest, manifest_path, s.diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    rc = render_all(&s, opts, &c);
    if (rc == BL_EXIT_IO) {
        bl_manifest_abort(s.manifest);
    } else if (bl_manifest_close(s.manifest) < 0) {
        rc = BL_EXIT_IO;
    }
    s.manifest = NULL;
    if (!opts->quiet && rc != BL_EXIT_IO) {
        fprintf(stderr, "breachletter: %d recipient%s: %d letter%s, %d error%s; manifest %s\n",
                c.rows, c.rows == 1 ? "" : "s", c.letters, c.letters == 1 ? "" : "s", c.errors,
                c.errors == 1 ? "" : "s", manifest_path);
    }
out:
    bl_manifest_abort(s.manifest);
    bl_letter_release(&s.letter);
    bl_source_free(s.src);
    bl_fonts_free(s.fonts);
    bl_template_free(s.tpl);
    bl_contacts_free(s.contacts);
    bl_incident_free(s.incident);
    bl_diag_free(s.quiet_diag);
    bl_diag_free(s.diag);
    g_free(manifest_path);
    return rc;
}
