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
#include "kinds.h"
#include "layout.h"
#include "manifest.h"
#include "outdir.h"
#include "report.h"
#include "session.h"
#include "sink.h"
#include "sink_pdf.h"
#include "source.h"
#include "template.h"
#include "text.h"

/* Whether stem (a letter's name before ".pdf") is a device name on Windows file systems, which
 * the part before the first dot decides: CON, PRN, AUX, NUL, COM0-9 and LPT0-9. */
static gboolean
device_name(const char *stem)
{
    static const char *const devices[] = {"CON", "PRN", "AUX", "NUL"};
    gsize n = strcspn(stem, ".");

    for (gsize i = 0; i < G_N_ELEMENTS(devices); i++) {
        if (n == 3 && g_ascii_strncasecmp(stem, devices[i], 3) == 0) {
            return TRUE;
        }
    }
    return n == 4 &&
           (g_ascii_strncasecmp(stem, "COM", 3) == 0 || g_ascii_strncasecmp(stem, "LPT", 3) == 0) &&
           g_ascii_isdigit(stem[3]);
}

/* Whether stem begins as names the run gives files of its own do (in any case, for file
 * systems that ignore it): an id's letter never takes the name of a withheld id's letter
 * ("withheld-record-7"), of a print book ("book-000001") or of an exceptions book
 * ("exceptions-000001"), which may lie in the same folder. */
static gboolean
reserved_name(const char *stem)
{
    static const char *const prefixes[] = {"withheld-record-", "book-", "exceptions-"};

    for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        if (g_ascii_strncasecmp(stem, prefixes[i], strlen(prefixes[i])) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

char *
bl_run_letter_name(const char *id, gint64 record)
{
    char *withheld = bl_text_redact(id);
    GString *name;

    /* an id shaped like a Social Security, card or account number never names a file, nor
     * does a hash of it (there are few enough such numbers to try them all): the record's
     * place in the list does, which the list's fingerprint keeps */
    if (strcmp(withheld, id) != 0) {
        g_free(withheld);
        return g_strdup_printf("withheld-record-%" G_GINT64_FORMAT ".pdf", record + 1);
    }
    g_free(withheld);
    name = g_string_new(NULL);
    /* a name must not start with '-' (an option to every tool) or '.' (hidden) */
    gboolean changed = id[0] == '\0' || id[0] == '.' || id[0] == '-' || strlen(id) > 100;

    for (const char *p = id; *p != '\0' && name->len < 100; p++) {
        gboolean after_alnum = name->len > 0 && g_ascii_isalnum(name->str[name->len - 1]);

        if (g_ascii_isalnum(*p) || (*p == '-' && name->len > 0) || *p == '_' ||
            (*p == '.' && after_alnum)) {
            g_string_append_c(name, *p);
        } else {
            g_string_append_c(name, '_');
            changed = TRUE;
        }
    }
    changed = changed || device_name(name->str) || reserved_name(name->str);
    if (changed) {
        char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, id, -1);

        g_string_append_printf(name, "-%.8s", sum);
        g_free(sum);
    }
    g_string_append(name, ".pdf");
    return g_string_free(name, FALSE);
}

/* Where a recipient's own PDF goes, relative to the output directory: the name from the id,
 * in subdirectories named by the id's hash when the run makes too many files for one. */
char *
bl_run_letter_path(const char *id, gint64 record, int levels)
{
    char *name = bl_run_letter_name(id, record);
    char *sum, *path;
    GString *dir;

    if (levels == 0) {
        return name;
    }
    /* spread by the id's hash, or by the name where the id is withheld */
    sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
                                        g_str_has_prefix(name, "withheld-record-") ? name : id, -1);
    dir = g_string_new(NULL);
    for (int i = 0; i < levels; i++) {
        g_string_append_len(dir, sum + 2 * i, 2);
        g_string_append_c(dir, G_DIR_SEPARATOR);
    }
    path = g_strconcat(dir->str, name, NULL);
    g_string_free(dir, TRUE);
    g_free(sum);
    g_free(name);
    return path;
}

/* Levels of 256 subdirectories so that no directory holds more than about files_per_dir
 * letters (half of it on average, as hashes spread unevenly). */
int
bl_run_dir_levels(gint64 rows, int files_per_dir)
{
    int levels = 0;

    if (rows <= files_per_dir) {
        return 0;
    }
    for (gint64 per_dir = rows; per_dir > files_per_dir / 2 && levels < 4; per_dir /= 256) {
        levels++;
    }
    return levels;
}

int
bl_run_check(const struct bl_check_options *opts, struct bl_diag *diag)
{
    struct bl_session ses;
    char *report = NULL;
    int rc;

    rc = bl_session_open_checked(&ses, opts->incident, opts->recipients, opts->data_dir, diag);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    if (ses.check->rejected_untold > 0) {
        char *n = bl_kinds_count(ses.check->rejected_untold);

        bl_diag_note(diag, "%s more row%s rejected: %s; render lists every one in its errors.csv",
                     n, ses.check->rejected_untold == 1 ? "" : "s", ses.check->untold_kinds);
        g_free(n);
    }
    report = opts->json ? bl_check_format_json(ses.check) : bl_check_format_text(ses.check);
    if (opts->json) {
        char *line = g_strconcat(report, "\n", NULL);

        g_free(report);
        report = line;
    }
    bl_diag_tell(diag, BL_DIAG_REPORT, report);
    /* as render would end: refused letters first, then rows without a letter */
    rc = bl_check_count(ses.check, BL_SEV_ERROR) > 0 ? BL_EXIT_NONCOMPLIANT
         : ses.check->rejected > 0                   ? BL_EXIT_ROWS_REJECTED
                                                     : BL_EXIT_OK;
out:
    g_free(report);
    bl_session_release(&ses);
    return rc;
}

int
bl_run_notice(const struct bl_notice_options *opts, struct bl_diag *diag)
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

    bl_session_init(&ses, diag);
    bl_letter_init(&letter);
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
        k = strcmp(kinds[i].kind, opts->kind) == 0 ? (int)i : k;
    }
    if (k < 0 || (opts->jurisdiction != NULL && bl_jurisdiction_name(opts->jurisdiction) == NULL)) {
        bl_diag_error(diag, NULL,
                      k < 0 ? "unknown kind of notice '%s' (specimen, substitute or media)"
                            : "unknown jurisdiction '%s'",
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
    bl_diag_info(ses.diag, "wrote the %s to %s (%d pages)", kinds[k].label,
                 bl_diag_file_name(opts->output), bl_doc_page_count(doc));
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
bl_run_report(const struct bl_report_options *opts, struct bl_diag *diag)
{
    struct bl_outdir *dir = NULL;
    struct bl_session ses;
    int rc;

    rc = bl_session_open_checked(&ses, opts->incident, opts->recipients, opts->data_dir, diag);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    rc = bl_session_fonts(&ses, opts->data_dir);
    if (rc != BL_EXIT_OK) {
        goto out;
    }
    /* the summary's directory, like a render's: opened once, written in without following a
     * link, and locked while it is written */
    rc = bl_outdir_open(&dir, opts->outdir, TRUE, TRUE, ses.diag);
    if (rc == 0) {
        rc = bl_outdir_lock(dir, FALSE, ses.diag);
    }
    if (rc < 0) {
        rc = rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
        goto out;
    }
    if (bl_report_write(ses.check, ses.incident, ses.fonts, bl_outdir_fd(dir), bl_outdir_path(dir),
                        ses.diag) < 0) {
        rc = BL_EXIT_IO;
    } else {
        bl_diag_info(ses.diag, "wrote summary.csv and summary.pdf in %s", opts->outdir);
        rc = ses.check->rejected > 0 ? BL_EXIT_ROWS_REJECTED : BL_EXIT_OK;
    }
out:
    bl_outdir_free(dir);
    bl_session_release(&ses);
    return rc;
}
