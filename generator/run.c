/* SPDX-License-Identifier: MIT */
/* Run: wires the pipeline together. Everything that is the same for every recipient is built
 * once before the loop; the loop binds, lays out and writes one letter at a time. */
#include "run.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "check.h"
#include "diag.h"
#include "fonts.h"
#include "incident.h"
#include "layout.h"
#include "manifest.h"
#include "report.h"
#include "session.h"
#include "sink.h"
#include "source.h"
#include "template.h"
#include "text.h"

/* What a render loads once, around the shared session. */
struct setup {
    struct bl_session ses;
    struct bl_diag *rows_diag; /* the list's row messages when only one row matters */
    struct bl_source *src;
    struct bl_manifest *manifest;
    struct bl_letter letter;
    struct bl_facts facts;
};

struct counts {
    int rows;
    int letters;
    int errors;
    int refused; /* not compliant, not rendered */
    int drafts;  /* not compliant, rendered with --allow-draft */
    gint64 started;
};

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

/* Tells which letters render refuses and why (or, with --allow-draft, which become drafts). */
static void
report_findings(struct setup *s, gboolean draft)
{
    for (guint i = 0; i < s->ses.check->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(s->ses.check->findings, i);
        struct bl_loc loc = {s->ses.incident->path, 0, 0};

        if (f->severity == BL_SEV_ERROR) {
            char *text = bl_finding_text(f, TRUE);

            bl_diag_error(s->ses.diag, &loc, "%s", text);
            g_free(text);
        }
    }
    fprintf(stderr, draft ? "breachletter: the letters these findings concern are rendered as "
                            "DRAFTs, watermarked on every page\n"
                          : "breachletter: the letters these findings concern are not rendered "
                            "(see 'breachletter check'; --allow-draft renders watermarked "
                            "drafts)\n");
}

/* Render's set-up: the shared part, the compliance gate, fonts and the list. */
static int
load(struct setup *s, const struct bl_render_options *opts)
{
    int rc =
        bl_session_load(&s->ses, opts->incident, opts->recipients, opts->data_dir, NULL, FALSE);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    /* the check counts residents (letters may print them) and finds non-compliant letters;
     * rows it rejects are reported once, by the render pass */
    if (bl_session_check(&s->ses, opts->recipients, s->ses.quiet) < 0) {
        fputs(bl_diag_text(s->ses.quiet), stderr);
        return BL_EXIT_BAD_INPUT;
    }
    bl_diag_clear(s->ses.quiet);
    s->facts.residents = s->ses.check->residents;
    if (bl_check_count(s->ses.check, BL_SEV_ERROR) > 0 && opts->only == NULL) {
        report_findings(s, opts->allow_draft); /* with --only, the row's refusal says why */
    }
    rc = bl_session_fonts(&s->ses, opts->data_dir);
    if (rc == BL_EXIT_OK && bl_source_open(&s->src, opts->recipients, s->ses.incident,
                                           opts->only != NULL ? s->rows_diag : s->ses.diag) < 0) {
        /* with --only, the other rows' problems are not this run's: they stay quiet */
        fputs(bl_diag_text(s->rows_diag), stderr);
        rc = BL_EXIT_BAD_INPUT;
    }
    return rc;
}

static void
release(struct setup *s)
{
    bl_manifest_abort(s->manifest);
    bl_letter_release(&s->letter);
    bl_source_free(s->src);
    bl_diag_free(s->rows_diag);
    bl_session_release(&s->ses);
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

    bl_diag_clear(s->ses.quiet);
    *file = bl_run_letter_name(rec->recipient.id);
    path = g_build_filename(outdir, *file, NULL);
    if (bl_bind(&s->letter, s->ses.tpl, s->ses.incident, &s->facts, &rec->recipient, s->ses.quiet) <
        0) {
        row->error = bl_diag_last_message(s->ses.quiet);
        goto out;
    }
    if (bl_layout(&doc, &s->letter, s->ses.fonts, s->ses.quiet) < 0 ||
        bl_sink_pdf_write(path, doc, &s->letter, sha, s->ses.quiet) < 0) {
        row->error = bl_diag_last_message(s->ses.quiet);
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
        const struct bl_finding *blocking;
        char sha[65] = "";
        char *file = NULL;
        char *refusal = NULL;

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
        blocking = rec->status == 0
                       ? bl_check_blocking(s->ses.check, s->ses.incident, &rec->recipient)
                       : NULL;
        s->letter.draft = blocking != NULL;
        if (rec->status < 0) {
            if (opts->only != NULL) {
                struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

                bl_diag_error(s->ses.diag, &loc, "%s (recipient '%s')", rec->error, rec->row_id);
            }
            row.status = "error";
            row.error = rec->error;
            c->errors++;
        } else if (blocking != NULL && !opts->allow_draft) {
            char *text = bl_finding_text(blocking, FALSE);

            refusal = g_strconcat("not compliant: ", text, NULL);
            g_free(text);
            row.status = "refused";
            row.error = refusal;
            c->refused++;
        } else if (render_one(s, rec, opts->outdir, &row, &file, sha) < 0) {
            struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

            bl_diag_error(s->ses.diag, &loc, "%s (recipient '%s')", row.error, rec->row_id);
            row.status = "error";
            c->errors++;
        } else {
            c->letters++;
        }
        if (blocking != NULL && opts->allow_draft && row.file != NULL) {
            row.status = "draft";
            c->drafts++;
        }
        if (bl_manifest_add(s->manifest, &row) < 0) {
            g_free(file);
            g_free(refusal);
            return BL_EXIT_IO;
        }
        g_free(file);
        g_free(refusal);
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

        bl_diag_error(s->ses.diag, &loc, "recipient '%s' is not in the list", opts->only);
        return BL_EXIT_ROWS_REJECTED;
    }
    return c->refused > 0  ? BL_EXIT_NONCOMPLIANT
           : c->errors > 0 ? BL_EXIT_ROWS_REJECTED
                           : BL_EXIT_OK;
}

int
bl_run_render(const struct bl_render_options *opts)
{
    struct setup s = {0};
    struct counts c = {0, 0, 0, 0, 0, g_get_monotonic_time()};
    char *manifest_path = NULL;
    int rc;

    /* letters hold personal data: everything this run creates is owner-only */
    umask(077);
    bl_session_init(&s.ses);
    s.rows_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = load(&s, opts);
    if (rc != BL_EXIT_OK) {
        goto out;
    }

    if (g_mkdir_with_parents(opts->outdir, 0700) < 0) {
        struct bl_loc loc = {opts->outdir, 0, 0};

        bl_diag_error(s.ses.diag, &loc, "cannot create the output directory: %s",
                      g_strerror(errno));
        rc = BL_EXIT_IO;
        goto out;
    }
    manifest_path = g_build_filename(opts->outdir, "manifest.csv", NULL);
    if (bl_manifest_open(&s.manifest, manifest_path, s.ses.diag) < 0) {
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
        GString *more = g_string_new(NULL);

        if (c.refused > 0) {
            g_string_append_printf(more, ", %d refused as not compliant", c.refused);
        }
        fprintf(stderr, "breachletter: %d recipient%s: %d letter%s%s, %d error%s; manifest %s\n",
                c.rows, c.rows == 1 ? "" : "s", c.letters, c.letters == 1 ? "" : "s",
                c.refused > 0 ? more->str : "", c.errors, c.errors == 1 ? "" : "s", manifest_path);
        if (c.drafts > 0) {
            fprintf(stderr,
                    "breachletter: %d of the letters %s not compliant: %s marked DRAFT "
                    "and must not be mailed\n",
                    c.drafts, c.drafts == 1 ? "is" : "are", c.drafts == 1 ? "it is" : "they are");
        }
        g_string_free(more, TRUE);
    }
out:
    release(&s);
    g_free(manifest_path);
    return rc;
}

int
bl_run_check(const struct bl_check_options *opts)
{
    struct bl_session ses;
    char *report = NULL;
    int rc;

    rc = bl_session_open_checked(&ses, opts->incident, opts->recipients, opts->data_dir);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    report = opts->json ? bl_check_format_json(ses.check) : bl_check_format_text(ses.check);
    fputs(report, stdout);
    if (opts->json) {
        fputc('\n', stdout);
    }
    rc = bl_check_count(ses.check, BL_SEV_ERROR) > 0 ? BL_EXIT_NONCOMPLIANT : BL_EXIT_OK;
out:
    g_free(report);
    bl_session_release(&ses);
    return rc;
}

int
bl_run_notice(const struct bl_notice_options *opts)
{
    static const struct {
        const char *kind;
        const char *file;
        const char *label;
    } kinds[] = {
        {"specimen", NULL, "specimen without personal information"},
        {"substitute", "substitute.xml", "substitute notice"},
        {"media", "media.xml", "media notice"},
    };
    struct bl_session ses;
    struct bl_letter letter;
    struct bl_recipient *r = NULL;
    struct bl_entity entity = {0};
    struct bl_doc *doc = NULL;
    char *title = NULL;
    int k = -1, rc;

    umask(077);
    bl_session_init(&ses);
    bl_letter_init(&letter);
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
        k = strcmp(kinds[i].kind, opts->kind) == 0 ? (int)i : k;
    }
    if (k < 0 || (opts->jurisdiction != NULL && bl_jurisdiction_name(opts->jurisdiction) == NULL)) {
        fprintf(stderr,
                k < 0 ? "breachletter notice: unknown kind '%s' (specimen, substitute or "
                        "media)\n"
                      : "breachletter notice: unknown jurisdiction '%s'\n",
                k < 0 ? opts->kind : opts->jurisdiction);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    rc = bl_session_load(&ses, opts->incident, NULL, opts->data_dir, kinds[k].file, FALSE);
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(&ses, opts->data_dir);
    }
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (strcmp(opts->kind, "substitute") == 0 && !ses.incident->org.phone_toll_free) {
        struct bl_loc loc = {opts->incident, 0, 0};

        bl_diag_warning(ses.diag, &loc,
                        "a substitute notice must give a toll-free number (45 CFR "
                        "164.404(d)(2)(ii)); the organisation's phone is not marked "
                        "toll-free=\"true\"");
    }
    r = bl_session_placeholder(ses.incident, opts->jurisdiction, &entity);
    if (bl_bind(&letter, ses.tpl, ses.incident, NULL, r, ses.quiet) < 0 ||
        bl_layout(&doc, &letter, ses.fonts, ses.quiet) < 0) {
        struct bl_loc loc = {opts->incident, 0, 0};

        bl_diag_error(ses.diag, &loc, "cannot make the %s: %s", kinds[k].label,
                      bl_diag_last_message(ses.quiet));
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    title = g_strdup_printf("%s (%s)", letter.title, kinds[k].label);
    g_free(letter.title);
    letter.title = title;
    title = NULL;
    if (bl_sink_pdf_write(opts->output, doc, &letter, NULL, ses.diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    rc = BL_EXIT_OK;
out:
    bl_doc_free(doc);
    bl_recipient_free(r);
    g_free(title);
    bl_letter_release(&letter);
    bl_session_release(&ses);
    return rc;
}

int
bl_run_report(const struct bl_report_options *opts)
{
    struct bl_session ses;
    int rc;

    umask(077);
    rc = bl_session_open_checked(&ses, opts->incident, opts->recipients, opts->data_dir);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    rc = bl_session_fonts(&ses, opts->data_dir);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (g_mkdir_with_parents(opts->outdir, 0700) < 0) {
        struct bl_loc loc = {opts->outdir, 0, 0};

        bl_diag_error(ses.diag, &loc, "cannot create the output directory: %s", g_strerror(errno));
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_report_write(ses.check, ses.incident, ses.fonts, opts->outdir, ses.diag) < 0) {
        rc = BL_EXIT_IO;
    } else {
        rc = ses.check->rejected > 0 ? BL_EXIT_ROWS_REJECTED : BL_EXIT_OK;
    }
out:
    bl_session_release(&ses);
    return rc;
}
