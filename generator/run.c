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
#include "sink.h"
#include "source.h"
#include "template.h"
#include "text.h"

/* What is loaded once per run. */
struct setup {
    struct bl_diag *diag;
    struct bl_diag *quiet_diag; /* keeps per-letter messages to report them with the row */
    struct bl_incident *incident;
    struct bl_contacts *contacts;
    struct bl_rules *rules;
    struct bl_template *tpl;
    struct bl_check_report *check;
    struct bl_fonts *fonts;
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

/* Paths of the shipped data under the data directory. */
static char *
data_file(const char *data_dir, const char *a, const char *b)
{
    return g_build_filename(bl_run_data_dir(data_dir), "templates", a, b, NULL);
}

/* Loads what render and check share: incident, contacts, rules and the compiled template
 * (the template's letter.xml, or the file of that name beside it). */
static int
load_common(struct setup *s, const char *incident, const char *recipients, const char *data_dir,
            const char *template_file)
{
    char *schema = data_file(data_dir, "schema", "incident.rng");
    char *vocab = data_file(data_dir, "categories.xml", NULL);
    char *contacts = data_file(data_dir, "contacts.xml", NULL);
    char *contacts_schema = data_file(data_dir, "schema", "contacts.rng");
    char *rules = data_file(data_dir, "rules", "jurisdictions.xml");
    char *rules_schema = data_file(data_dir, "schema", "rules.rng");
    char *templates = data_file(data_dir, NULL, NULL);
    char *tpl_path = NULL;
    int rc = BL_EXIT_BAD_INPUT;

    if (!g_file_test(incident, G_FILE_TEST_EXISTS) ||
        (recipients != NULL && !g_file_test(recipients, G_FILE_TEST_EXISTS))) {
        struct bl_loc loc = {g_file_test(incident, G_FILE_TEST_EXISTS) ? recipients : incident, 0,
                             0};

        bl_diag_error(s->diag, &loc, "cannot open file: no such file");
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_incident_load(&s->incident, incident, schema, vocab, s->diag) < 0 ||
        bl_contacts_load(&s->contacts, contacts, contacts_schema, s->diag) < 0 ||
        bl_rules_load(&s->rules, rules, rules_schema, s->diag) < 0) {
        goto out;
    }
    tpl_path = bl_template_find(s->incident->template_name, s->incident, templates, s->diag);
    if (tpl_path != NULL && template_file != NULL) {
        char *dir = g_path_get_dirname(tpl_path);

        g_free(tpl_path);
        tpl_path = g_build_filename(dir, template_file, NULL);
        g_free(dir);
        if (!g_file_test(tpl_path, G_FILE_TEST_IS_REGULAR)) {
            struct bl_loc loc = {tpl_path, 0, 0};

            bl_diag_error(s->diag, &loc, "cannot open file: no such file");
            g_clear_pointer(&tpl_path, g_free);
        }
    }
    if (tpl_path == NULL ||
        bl_template_compile(&s->tpl, tpl_path, s->incident, s->contacts, s->diag) < 0) {
        goto out;
    }
    rc = BL_EXIT_OK;
out:
    g_free(schema);
    g_free(vocab);
    g_free(contacts);
    g_free(contacts_schema);
    g_free(rules);
    g_free(rules_schema);
    g_free(templates);
    g_free(tpl_path);
    return rc;
}

/* Today, or $BREACHLETTER_TODAY (YYYY-MM-DD) so that checks can be reproduced. */
static void
today(GDate *out)
{
    const char *fixed = g_getenv("BREACHLETTER_TODAY");

    if (fixed == NULL || bl_date_parse(out, fixed) < 0) {
        g_date_clear(out, 1);
        g_date_set_time_t(out, time(NULL));
    }
}

static int
run_check(struct setup *s, const char *recipients, struct bl_diag *diag)
{
    struct bl_check_input in = {s->incident, s->tpl, s->contacts, s->rules, recipients, {0}};

    today(&in.today);
    return bl_check_run(&s->check, &in, diag);
}

static void
release(struct setup *s)
{
    bl_manifest_abort(s->manifest);
    bl_letter_release(&s->letter);
    bl_source_free(s->src);
    bl_fonts_free(s->fonts);
    bl_check_report_free(s->check);
    bl_template_free(s->tpl);
    bl_rules_free(s->rules);
    bl_contacts_free(s->contacts);
    bl_incident_free(s->incident);
    bl_diag_free(s->quiet_diag);
    bl_diag_free(s->diag);
}

/* Tells which letters render refuses and why (or, with --allow-draft, which become drafts). */
static void
report_findings(struct setup *s, gboolean draft)
{
    for (guint i = 0; i < s->check->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(s->check->findings, i);
        struct bl_loc loc = {s->incident->path, 0, 0};

        if (f->severity == BL_SEV_ERROR) {
            bl_diag_error(s->diag, &loc, "%s%s%s: %s%s%s",
                          f->jurisdiction != NULL ? f->jurisdiction : "",
                          f->jurisdiction != NULL ? " " : "", f->rule, f->message,
                          f->where != NULL ? "; " : "", f->where != NULL ? f->where : "");
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
    char *fonts = g_build_filename(bl_run_data_dir(opts->data_dir), "fonts", NULL);
    int rc = load_common(s, opts->incident, opts->recipients, opts->data_dir, NULL);

    if (rc != BL_EXIT_OK) {
        goto out;
    }
    /* the check counts residents (letters may print them) and finds non-compliant letters;
     * rows it rejects are reported once, by the render pass */
    if (run_check(s, opts->recipients, s->quiet_diag) < 0) {
        fputs(bl_diag_text(s->quiet_diag), stderr);
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    bl_diag_clear(s->quiet_diag);
    s->facts.residents = s->check->residents;
    if (bl_check_count(s->check, BL_SEV_ERROR) > 0) {
        report_findings(s, opts->allow_draft);
    }
    if (bl_fonts_load(&s->fonts, fonts, s->diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_source_open(&s->src, opts->recipients, s->incident, s->diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
out:
    g_free(fonts);
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
    if (bl_bind(&s->letter, s->tpl, s->incident, &s->facts, &rec->recipient, s->quiet_diag) < 0) {
        row->error = bl_diag_last_message(s->quiet_diag);
        goto out;
    }
    if (bl_layout(&doc, &s->letter, s->fonts, s->quiet_diag) < 0 ||
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
        blocking =
            rec->status == 0 ? bl_check_blocking(s->check, s->incident, &rec->recipient) : NULL;
        s->letter.draft = blocking != NULL;
        if (rec->status < 0) {
            row.status = "error";
            row.error = rec->error;
            c->errors++;
        } else if (blocking != NULL && !opts->allow_draft) {
            refusal = g_strdup_printf("not compliant: %s%s%s: %s",
                                      blocking->jurisdiction != NULL ? blocking->jurisdiction : "",
                                      blocking->jurisdiction != NULL ? " " : "", blocking->rule,
                                      blocking->message);
            row.status = "refused";
            row.error = refusal;
            c->refused++;
        } else if (render_one(s, rec, opts->outdir, &row, &file, sha) < 0) {
            struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

            bl_diag_error(s->diag, &loc, "%s (recipient '%s')", row.error, rec->row_id);
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

        bl_diag_error(s->diag, &loc, "recipient '%s' is not in the list", opts->only);
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
    struct setup s = {0};
    char *report = NULL;
    int rc;

    s.diag = bl_diag_new(stderr);
    s.quiet_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = load_common(&s, opts->incident, opts->recipients, opts->data_dir, NULL);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (run_check(&s, opts->recipients, s.diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    report = opts->json ? bl_check_format_json(s.check) : bl_check_format_text(s.check);
    fputs(report, stdout);
    if (opts->json) {
        fputc('\n', stdout);
    }
    rc = bl_check_count(s.check, BL_SEV_ERROR) > 0 ? BL_EXIT_NONCOMPLIANT : BL_EXIT_OK;
out:
    g_free(report);
    release(&s);
    return rc;
}

/* The person a specimen letter is addressed to: placeholders instead of personal data, every
 * category of the incident. */
static struct bl_recipient *
specimen_recipient(const struct bl_incident *inc, const char *jurisdiction,
                   struct bl_entity *entity)
{
    struct bl_recipient r = {0};
    struct bl_recipient *copy;

    r.id = "SPECIMEN";
    r.title = r.middle_name = r.suffix = r.addressee = r.address.line2 = r.entity = "";
    r.first_name = "[First Name]";
    r.last_name = "[Last Name]";
    r.address.line1 = "[Street Address]";
    r.address.city = "[City]";
    r.address.state = jurisdiction != NULL ? (char *)jurisdiction : "[ST]";
    r.address.postal_code = "[ZIP Code]";
    r.address.country = "US";
    r.jurisdiction = jurisdiction != NULL ? (char *)jurisdiction : "";
    r.enrolment_code = "[Enrollment Code]";
    r.language = inc->language;
    r.variant = BL_VARIANT_ADULT;
    if (inc->entities->len > 0) {
        /* the provider is named by a placeholder too: a specimen stands for every letter */
        const struct bl_entity *first = g_ptr_array_index(inc->entities, 0);

        entity->id = "specimen";
        entity->name = "[Health Care Provider]";
        entity->relationship = first->relationship;
        r.covered_entity = entity;
    }
    r.categories = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < inc->categories->len; i++) {
        int ix = (int)i;

        g_array_append_val(r.categories, ix);
    }
    copy = bl_recipient_copy(&r);
    g_array_unref(r.categories);
    return copy;
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
    struct setup s = {0};
    struct bl_recipient *r = NULL;
    struct bl_entity entity = {0};
    struct bl_doc *doc = NULL;
    char *fonts = g_build_filename(bl_run_data_dir(opts->data_dir), "fonts", NULL);
    char *title = NULL;
    int k = -1, rc;

    umask(077);
    s.diag = bl_diag_new(stderr);
    s.quiet_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
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
    rc = load_common(&s, opts->incident, NULL, opts->data_dir, kinds[k].file);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (bl_fonts_load(&s.fonts, fonts, s.diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    if (strcmp(opts->kind, "substitute") == 0 && !s.incident->org.phone_toll_free) {
        struct bl_loc loc = {opts->incident, 0, 0};

        bl_diag_warning(s.diag, &loc, "a substitute notice must give a toll-free number (45 CFR "
                                      "164.404(d)(2)(ii)); the organisation's phone is not marked "
                                      "toll-free=\"true\"");
    }
    r = specimen_recipient(s.incident, opts->jurisdiction, &entity);
    if (bl_bind(&s.letter, s.tpl, s.incident, NULL, r, s.quiet_diag) < 0 ||
        bl_layout(&doc, &s.letter, s.fonts, s.quiet_diag) < 0) {
        struct bl_loc loc = {opts->incident, 0, 0};

        bl_diag_error(s.diag, &loc, "cannot make the %s: %s", kinds[k].label,
                      bl_diag_last_message(s.quiet_diag));
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    title = g_strdup_printf("%s (%s)", s.letter.title, kinds[k].label);
    g_free(s.letter.title);
    s.letter.title = title;
    title = NULL;
    if (bl_sink_pdf_write(opts->output, doc, &s.letter, NULL, s.diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    rc = BL_EXIT_OK;
out:
    bl_doc_free(doc);
    bl_recipient_free(r);
    g_free(fonts);
    g_free(title);
    release(&s);
    return rc;
}

int
bl_run_report(const struct bl_report_options *opts)
{
    struct setup s = {0};
    char *fonts = g_build_filename(bl_run_data_dir(opts->data_dir), "fonts", NULL);
    int rc;

    umask(077);
    s.diag = bl_diag_new(stderr);
    s.quiet_diag = bl_diag_new(NULL);
    bl_letter_init(&s.letter);
    rc = load_common(&s, opts->incident, opts->recipients, opts->data_dir, NULL);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (run_check(&s, opts->recipients, s.diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    if (bl_fonts_load(&s.fonts, fonts, s.diag) < 0) {
        rc = BL_EXIT_IO;
        goto out;
    }
    if (g_mkdir_with_parents(opts->outdir, 0700) < 0) {
        struct bl_loc loc = {opts->outdir, 0, 0};

        bl_diag_error(s.diag, &loc, "cannot create the output directory: %s", g_strerror(errno));
        rc = BL_EXIT_IO;
        goto out;
    }
    rc = bl_report_write(s.check, s.incident, s.fonts, opts->outdir, s.diag) < 0 ? BL_EXIT_IO
         : s.check->rejected > 0                                                 ? BL_EXIT_ROWS_REJECTED
                                                                                 : BL_EXIT_OK;
out:
    g_free(fonts);
    release(&s);
    return rc;
}
