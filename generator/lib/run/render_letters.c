/* SPDX-License-Identifier: MIT */
/* Render's letters, shared by the whole run (run_render.c) and by --only (run_only.c): the
 * set-up loaded once, each row decided, laid out and written as a PDF of its own or into a
 * print book, its manifest row, and the run's record. */
#include "render_letters_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "coverage.h"
#include "layout.h"
#include "mailing.h"
#include "run_impl.h"
#include "signoff.h"
#include "sink.h"
#include "tempfile.h"
#include "text.h"

/* Tells which letters render refuses and why (or, with --allow-draft, which become drafts). */
static void
report_findings(struct bl_render *s, gboolean draft)
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
    if (bl_diag_level() == BL_DIAG_QUIET) {
        return; /* the findings were told: they are errors */
    }
    bl_diag_note(s->ses.diag, "%s",
                 draft ? "the letters these findings concern are rendered as DRAFTs, watermarked "
                         "on every page"
                       : "the letters these findings concern are not rendered (see 'breachletter "
                         "check'; --allow-draft renders watermarked drafts)");
}

int
bl_render_load(struct bl_render *s)
{
    const struct bl_render_options *opts = s->opts;
    int rc =
        bl_session_load(&s->ses, opts->incident, opts->recipients, opts->data_dir, NULL, FALSE);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    /* the check counts residents (letters may print them) and finds non-compliant letters;
     * rows it rejects are reported once, by the render pass */
    if (bl_session_check(&s->ses, opts->recipients, s->ses.quiet) < 0) {
        bl_diag_pass_kept(s->ses.quiet, s->ses.diag);
        return BL_EXIT_BAD_INPUT;
    }
    bl_diag_clear(s->ses.quiet);
    s->facts.residents = s->ses.check->residents;
    s->facts.state_law = bl_check_facts_state_law;
    s->facts.state_law_data = s->ses.check;
    if (bl_check_count(s->ses.check, BL_SEV_ERROR) > 0 && opts->only == NULL) {
        report_findings(s, opts->allow_draft); /* with --only, the row's refusal says why */
    }
    /* residents a state's law does not cover get no insert of that state: said, not left to
     * check, since their letters differ from their neighbours' */
    for (guint i = 0; i < s->ses.check->coverage->len && opts->only == NULL; i++) {
        const struct bl_coverage_row *c = g_ptr_array_index(s->ses.check->coverage, i);
        struct bl_loc loc = {opts->recipients, 0, 0};

        bl_diag_warning(s->ses.diag, &loc,
                        "%d resident%s of %s %s owed no notice under its law: %s (%s); their "
                        "letters have nothing of that law (see 'breachletter check')",
                        c->residents, c->residents == 1 ? "" : "s", c->jurisdiction->name,
                        c->residents == 1 ? "is" : "are", c->reason,
                        c->cite != NULL ? c->cite->cite : "the state's law");
    }
    /* ids withheld from the manifest, and letters without the taglines the incident asks
     * for, change what the run writes: said, not left to check */
    for (guint i = 0; i < s->ses.check->findings->len && opts->only == NULL; i++) {
        const struct bl_finding *f = g_ptr_array_index(s->ses.check->findings, i);

        if (strcmp(f->rule, "ids-withheld") == 0 || strcmp(f->rule, "taglines-missing") == 0) {
            struct bl_loc loc = {opts->recipients, 0, 0};

            bl_diag_warning(s->ses.diag, &loc, "%s", f->message);
        }
    }
    if (opts->require_approval &&
        (s->approvals = bl_signoff_gate_new(opts->incident, s->ses.diag)) == NULL) {
        return BL_EXIT_BAD_INPUT;
    }
    rc = bl_mailing_check_serials(s->ses.incident, s->ses.check->rows, s->ses.diag) < 0
             ? BL_EXIT_BAD_INPUT
             : BL_EXIT_OK;
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(&s->ses, opts->data_dir);
    }
    /* the header's problems are told here, once; the rows' with each row */
    if (rc == BL_EXIT_OK &&
        bl_source_open(&s->src, opts->recipients, s->ses.incident, s->rows_diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
    }
    bl_diag_pass_kept(s->rows_diag, s->ses.diag);
    bl_diag_clear(s->rows_diag);
    return rc;
}

void
bl_render_release(struct bl_render *s)
{
    bl_letter_release(&s->letter);
    bl_source_free(s->src);
    bl_diag_free(s->rows_diag);
    bl_signoff_gate_free(s->approvals);
    bl_session_release(&s->ses);
    bl_outdir_free(s->out);
    g_free(s->data_sha256);
    g_free(s->manifest);
    g_free(s->errors);
    g_free(s->record);
    g_free(s->manifest_shown);
    g_free(s->errors_shown);
}

/* A letter made without the language-assistance taglines the incident asks for (its state has
 * no list) says so in its manifest row, after what else the row notes. */
static void
note_no_taglines(struct bl_render *s, const struct bl_record *rec, struct bl_manifest_row *row,
                 char **notes)
{
    const char *state =
        bl_bind_taglines_missing(s->ses.tpl, s->ses.incident, &rec->recipient, NULL);
    char *note;

    if (state == NULL) {
        return;
    }
    note = g_strdup_printf("no language-assistance taglines: the taglines data has no list for "
                           "%s",
                           state[0] != '\0' ? state : "a recipient of no state");
    if (*notes != NULL) {
        char *both = g_strconcat(*notes, "; ", note, NULL);

        g_free(note);
        note = both;
    }
    g_free(*notes);
    *notes = note;
    row->error = note;
}

/* Decides what becomes of a row and lays its letter out. Returns the row's outcome and fills
 * row (its error borrowed from the quiet diag or from *refusal, which also holds an exception's
 * reason or the note of an address fitted to its window) and, for a letter, *doc. */
static enum bl_outcome
lay_out_row(struct bl_render *s, const struct bl_record *rec, gint64 index,
            struct bl_manifest_row *row, struct bl_doc **doc, char **refusal)
{
    const struct bl_finding *blocking;

    *doc = NULL;
    row->line = rec->line;
    row->id = rec->row_id;
    if (rec->status < 0) {
        row->outcome = BL_OUTCOME_ERROR;
        row->error = rec->error;
        return BL_OUTCOME_ERROR;
    }
    row->jurisdiction = rec->recipient.jurisdiction;
    row->variant = bl_variant_name(rec->recipient.variant);
    row->language = rec->recipient.language;
    blocking = bl_check_blocking(s->ses.check, s->ses.incident, &rec->recipient);
    if (blocking != NULL && !s->opts->allow_draft) {
        char *text = bl_finding_text(blocking, FALSE);

        *refusal = g_strconcat("not compliant: ", text, NULL);
        g_free(text);
        row->outcome = BL_OUTCOME_REFUSED;
        row->error = *refusal;
        return BL_OUTCOME_REFUSED;
    }
    /* a character no font has would print as an empty box: the row is an error, told as one */
    *refusal = bl_coverage_recipient(s->ses.fonts, s->ses.incident, &rec->recipient);
    if (*refusal != NULL) {
        row->outcome = BL_OUTCOME_ERROR;
        row->error = *refusal;
        return BL_OUTCOME_ERROR;
    }
    if (s->approvals != NULL) {
        const char *approval = NULL;
        const char *why = bl_signoff_gate_check(s->approvals, &s->ses, &rec->recipient, &approval);

        if (why != NULL) {
            /* an error of the row, not a finding of the check: no approval is no rule broken */
            row->outcome = BL_OUTCOME_ERROR;
            row->error = why;
            return BL_OUTCOME_ERROR;
        }
        row->approval = approval; /* the manifest says which approval the letter went out under */
    }
    s->letter.draft = blocking != NULL;
    bl_diag_clear(s->ses.quiet);
    if (bl_bind(&s->letter, s->ses.tpl, s->ses.incident, &s->facts, &rec->recipient, s->ses.quiet) <
        0) {
        row->outcome = BL_OUTCOME_ERROR;
        row->error = bl_diag_last_message(s->ses.quiet);
        return BL_OUTCOME_ERROR;
    }
    bl_mailing_barcode(s->ses.incident, &rec->recipient, index, s->letter.barcode);
    s->letter.large_print = s->opts->large_print || rec->recipient.large_print;
    row->large_print = s->letter.large_print;
    if (bl_layout(doc, &s->letter, s->ses.fonts, s->ses.quiet) < 0) {
        row->outcome = BL_OUTCOME_ERROR;
        row->error = bl_diag_last_message(s->ses.quiet);
        return BL_OUTCOME_ERROR;
    }
    if (s->letter.barcode[0] != '\0' && !bl_doc_has_barcode(*doc) &&
        bl_doc_address_exception(*doc) == NULL) {
        struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};
        char *id = bl_text_redact(rec->row_id);

        bl_diag_warning(s->rows_diag, &loc,
                        "the address has too many lines for the window with the Intelligent "
                        "Mail barcode: the letter is made without the barcode (recipient '%s')",
                        id);
        g_free(id);
    }
    row->outcome = blocking != NULL ? BL_OUTCOME_DRAFT : BL_OUTCOME_LETTER;
    row->pages = bl_doc_page_count(*doc);
    if (bl_doc_address_exception(*doc) != NULL) {
        struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};
        char *id = bl_text_redact(rec->row_id);

        *refusal = g_strdup_printf("%s: the letter is made for manual handling, outside the "
                                   "print books",
                                   bl_doc_address_exception(*doc));
        bl_diag_warning(s->rows_diag, &loc, "%s (recipient '%s')", *refusal, id);
        g_free(id);
        row->outcome = blocking != NULL ? BL_OUTCOME_DRAFT : BL_OUTCOME_EXCEPTION;
        row->error = *refusal;
    } else if (bl_doc_address_fit(*doc) != NULL) {
        *refusal = g_strdup_printf("address fitted to the window: %s", bl_doc_address_fit(*doc));
        row->error = *refusal;
    }
    note_no_taglines(s, rec, row, refusal);
    return row->outcome;
}

/* The chunk's sink, made at its first letter: its print book, or a PDF per letter. A book's
 * problems are the run's; a letter's are told by the caller, from the quiet diag. */
static int
chunk_sink(struct bl_render *s, struct bl_render_chunk *ch)
{
    struct bl_sink_config config = {.out = s->out,
                                    .sync_later = ch->sync_later,
                                    .name = ch->book_file,
                                    .number = (int)ch->index + 1,
                                    .duplex = !s->opts->simplex};

    if (ch->sink != NULL) {
        return 0;
    }
    return bl_sink_new(&ch->sink, ch->book_file != NULL ? "book" : "pdf", &config,
                       ch->book_file != NULL ? s->ses.diag : s->ses.quiet);
}

/* The chunk's exceptions book, made at its first exception: the letters of a run of print
 * books set aside for manual handling, numbered as the chunk's print book, its problems the
 * run's. */
static int
exceptions_sink(struct bl_render *s, struct bl_render_chunk *ch)
{
    struct bl_sink_config config = {.out = s->out,
                                    .sync_later = ch->sync_later,
                                    .number = (int)ch->index + 1,
                                    .duplex = !s->opts->simplex};

    if (ch->exceptions != NULL) {
        return 0;
    }
    g_free(ch->exceptions_file);
    ch->exceptions_file = g_strdup_printf("exceptions-%06" G_GINT64_FORMAT ".pdf", ch->index + 1);
    config.name = ch->exceptions_file;
    return bl_sink_new(&ch->exceptions, "exceptions", &config, s->ses.diag);
}

/* Writes a laid-out letter into the chunk's sink, a PDF of its own (named *file after rec, the
 * record-th row of the list; sha its hash)
 * or the chunk's print book; set_aside: an exception for manual handling, which in a run of print
 * books goes to the chunk's exceptions book. Fills row with where it went. Returns 0, or -1
 * reported when it cannot be written. */
static int
write_letter(struct bl_render *s, struct bl_render_chunk *ch, const struct bl_doc *doc,
             struct bl_manifest_row *row, gboolean set_aside, const struct bl_record *rec,
             gint64 record, char **file, char sha[65])
{
    gboolean in_book = ch->book_file != NULL;
    struct bl_sink *sink;
    struct bl_sink_placed placed;
    int rc;

    bl_diag_clear(s->ses.quiet);
    if (!in_book) {
        *file = bl_run_record_path(rec, record, s->dir_levels);
        row->file = *file;
        /* noted before the letter takes its name: a run killed in between leaves no letter
         * that no journal names */
        if (bl_manifest_pending(ch->journal, row) < 0) {
            return -1;
        }
    }
    rc = in_book && set_aside ? exceptions_sink(s, ch) : chunk_sink(s, ch);
    sink = in_book && set_aside ? ch->exceptions : ch->sink;
    rc = rc < 0 ? -1 : bl_sink_write_letter(sink, &s->letter, row->id, *file, &doc, 1, &placed);
    if (rc < 0) {
        return -1;
    }
    if (in_book) {
        row->file = set_aside ? ch->exceptions_file : ch->book_file;
        row->book = (int)ch->index + 1;
        row->first_page = placed.first_page;
    } else {
        g_strlcpy(sha, placed.sha256, 65);
        row->file = *file;
        row->sha256 = sha;
    }
    return 0;
}

/* A row that got no letter is told with the list's file and line, in s->rows_diag. */
static void
tell_row(struct bl_render *s, const struct bl_record *rec, const struct bl_manifest_row *row,
         enum bl_outcome kind)
{
    struct bl_loc loc = {bl_source_path(s->src), rec->line, 0};

    if (kind == BL_OUTCOME_ERROR && rec->status == 0) {
        /* the source has told its own rejections already */
        char *id = bl_text_redact(rec->row_id);

        bl_diag_error(s->rows_diag, &loc, "%s (recipient '%s')", row->error, id);
        g_free(id);
    }
}

/* The summary: every input row is a letter or an error. */
void
bl_render_summarize(const struct bl_render *s, const struct bl_manifest_counts *c)
{
    gint64 failed = c->errors + c->refused;
    GString *line;

    if (s->opts->quiet) {
        return;
    }
    line = g_string_new(NULL);
    g_string_append_printf(line,
                           "%" G_GINT64_FORMAT " input row%s = %" G_GINT64_FORMAT
                           " letter%s + %" G_GINT64_FORMAT " error%s",
                           c->rows, c->rows == 1 ? "" : "s", c->letters, c->letters == 1 ? "" : "s",
                           failed, failed == 1 ? "" : "s");
    if (c->refused > 0) {
        g_string_append_printf(line, " (%" G_GINT64_FORMAT " refused as not compliant)",
                               c->refused);
    }
    g_string_append_printf(line, "; manifest %s", s->manifest_shown);
    if (failed > 0) {
        g_string_append_printf(line, ", errors %s", s->errors_shown);
    }
    bl_diag_note(s->ses.diag, "%s", line->str);
    g_string_free(line, TRUE);
    if (c->drafts > 0) {
        bl_diag_note(s->ses.diag,
                     "%" G_GINT64_FORMAT " of the letters %s not compliant: %s marked DRAFT and "
                     "must not be mailed",
                     c->drafts, c->drafts == 1 ? "is" : "are",
                     c->drafts == 1 ? "it is" : "they are");
    }
}

int
bl_render_exit_status(const struct bl_manifest_counts *c)
{
    return c->refused > 0  ? BL_EXIT_NONCOMPLIANT
           : c->errors > 0 ? BL_EXIT_ROWS_REJECTED
                           : BL_EXIT_OK;
}

void
bl_render_hold(struct bl_render_chunk *ch)
{
    ch->held = g_array_new(FALSE, TRUE, sizeof(struct bl_manifest_row));
    ch->strings = g_string_chunk_new(4096);
}

static const char *
keep(struct bl_render_chunk *ch, const char *text)
{
    return text != NULL ? g_string_chunk_insert_const(ch->strings, text) : NULL;
}

/* Keeps a row until it can be written (a book's, until the book's hash is known). */
static void
hold_row(struct bl_render_chunk *ch, const struct bl_manifest_row *row)
{
    struct bl_manifest_row held = *row;

    held.id = keep(ch, row->id);
    held.file = keep(ch, row->file);
    held.sha256 = keep(ch, row->sha256);
    held.jurisdiction = keep(ch, row->jurisdiction);
    held.language = keep(ch, row->language);
    held.approval = keep(ch, row->approval);
    held.error = row->error != NULL ? g_string_chunk_insert(ch->strings, row->error) : NULL;
    g_array_append_val(ch->held, held);
}

int
bl_render_chunk_finish(struct bl_render_chunk *ch)
{
    char sha[65] = "", exceptions_sha[65] = "";
    int rc = 0;

    if (ch->sink != NULL) {
        rc = bl_sink_finish(ch->sink, sha);
    }
    if (rc == 0 && ch->exceptions != NULL) {
        rc = bl_sink_finish(ch->exceptions, exceptions_sha);
    }
    for (guint i = 0; rc == 0 && ch->held != NULL && i < ch->held->len; i++) {
        struct bl_manifest_row *row = &g_array_index(ch->held, struct bl_manifest_row, i);
        gboolean set_aside = row->file != NULL && ch->exceptions_file != NULL &&
                             strcmp(row->file, ch->exceptions_file) == 0;

        row->sha256 = row->file == NULL ? NULL : set_aside ? exceptions_sha : sha;
        rc = bl_manifest_add(ch->journal, row);
    }
    return rc;
}

void
bl_render_chunk_clear(struct bl_render_chunk *ch)
{
    bl_manifest_abort(ch->journal);
    bl_sink_free(ch->sink);
    bl_sink_free(ch->exceptions);
    g_free(ch->exceptions_file);
    g_free(ch->book_file);
    if (ch->held != NULL) {
        g_array_unref(ch->held);
        g_string_chunk_free(ch->strings);
    }
    if (ch->messages != NULL) {
        g_string_free(ch->messages, TRUE);
    }
    *ch = (struct bl_render_chunk){.index = -1};
}

int
bl_render_row(struct bl_render *s, struct bl_render_chunk *ch, const struct bl_record *rec,
              gint64 index)
{
    struct bl_manifest_row row = {0};
    struct bl_doc *doc = NULL;
    char *refusal = NULL, *file = NULL;
    char sha[65] = "";
    enum bl_outcome kind = lay_out_row(s, rec, index, &row, &doc, &refusal);
    int rc = 0;

    if (!bl_outcome_is_letter(kind)) {
        row.approval = NULL; /* approved, but no letter went out (its layout failed) */
    }
    /* an exception goes to the mail house in no print book: a letter of its own, or in a run of
     * print books the chunk's exceptions book */
    if (doc != NULL &&
        write_letter(s, ch, doc, &row, kind == BL_OUTCOME_EXCEPTION, rec, index, &file, sha) < 0) {
        /* a disk that is full or failing is the run's problem, not the row's: the run stops,
         * the chunk stays uncommitted, and --resume makes it once there is room */
        bl_diag_pass_kept(s->ses.quiet, s->ses.diag);
        rc = -1;
        goto out;
    }
    tell_row(s, rec, &row, kind);
    bl_manifest_count(&ch->counts, kind);
    if (ch->tick != NULL) {
        ch->tick(ch->tick_data, kind);
    }
    if (ch->held != NULL) {
        hold_row(ch, &row);
    } else {
        rc = bl_manifest_add(ch->journal, &row);
    }
out:
    bl_doc_free(doc);
    g_free(file);
    g_free(refusal);
    return rc;
}

gboolean
bl_render_list_unchanged(struct bl_render *s, int fd)
{
    struct bl_loc loc = {s->opts->recipients, 0, 0};

    if (bl_fingerprint_same(&s->list_fp, fd, s->opts->recipients)) {
        return TRUE;
    }
    bl_diag_error(s->ses.diag, &loc,
                  "the recipient list changed while it was being rendered (rewritten or "
                  "replaced): the letters made from it are not committed; render it again once "
                  "nothing writes to it");
    return FALSE;
}

void
bl_render_record(const struct bl_render *s, int letter_dirs, gboolean partial,
                 struct bl_run_record *r)
{
    const struct bl_render_options *o = s->opts;

    *r = (struct bl_run_record){0};
    r->program = g_strdup("breachletter " BL_VERSION);
    r->incident_sha256 = g_strdup(s->incident_fp.sha256);
    r->list_sha256 = g_strdup(s->list_fp.sha256);
    r->list_rows = s->ses.check->rows;
    r->data_sha256 = g_strdup(s->data_sha256);
    r->book = o->only != NULL ? 0 : o->book;
    r->simplex = o->only != NULL ? FALSE : o->simplex;
    r->allow_draft = o->allow_draft;
    r->letter_dirs = letter_dirs;
    r->require_approval = o->require_approval;
    r->shard = o->shards > 1 ? o->shard : 0;
    r->shards = MAX(o->shards, 1);
    r->partial = partial;
    bl_run_record_seal(r);
}

int
bl_render_write_record(struct bl_render *s, struct bl_run_record *r)
{
    struct bl_fingerprint manifest, errors;
    int dir = bl_outdir_fd(s->out);
    char *shown = bl_outdir_shown(s->out, s->record);
    FILE *fp = NULL;
    char *json;
    int rc;

    /* the summary is what the manifest in place says, whichever passes or runs (--only, a
     * resumed run) wrote its rows */
    bl_manifest_summary_release(&r->summary);
    if (bl_fingerprint_take_at(&manifest, dir, s->manifest) < 0 ||
        bl_fingerprint_take_at(&errors, dir, s->errors) < 0 ||
        (fp = bl_outdir_read(s->out, s->manifest)) == NULL ||
        bl_manifest_summarize(&r->summary, fp) < 0) {
        struct bl_loc loc = {s->manifest_shown, 0, 0};

        bl_diag_error(s->ses.diag, &loc, "cannot read the manifest back: %s", g_strerror(errno));
        if (fp != NULL) {
            fclose(fp);
        }
        g_free(shown);
        return -1;
    }
    fclose(fp);
    r->has_summary = TRUE;
    g_free(r->manifest);
    g_free(r->manifest_sha256);
    g_free(r->errors);
    g_free(r->errors_sha256);
    r->manifest = g_strdup(s->manifest);
    r->manifest_sha256 = g_strdup(manifest.sha256);
    r->errors = g_strdup(s->errors);
    r->errors_sha256 = g_strdup(errors.sha256);
    json = bl_run_record_json(r);
    rc = bl_temp_write_at(dir, s->record, shown, json, strlen(json), s->ses.diag);
    g_free(json);
    g_free(shown);
    return rc;
}

/* -- a program's render ---------------------------------------------------------------------- */

/* The inputs' fingerprints, before anything is read: every later reader checks against them. */
static int
fingerprint(struct bl_render *s)
{
    const struct bl_render_options *o = s->opts;

    if (bl_fingerprint_take(&s->incident_fp, o->incident, "incident", s->ses.diag) < 0 ||
        bl_fingerprint_take(&s->list_fp, o->recipients, "recipient list", s->ses.diag) < 0) {
        return errno == ENOENT ? BL_EXIT_IO : BL_EXIT_BAD_INPUT;
    }
    return BL_EXIT_OK;
}

/* After the set-up read them: the inputs must be the ones fingerprinted, or the compliance
 * check and the incident the letters are made from would be of other files. */
static int
still_fingerprinted(struct bl_render *s)
{
    struct bl_loc loc = {s->opts->incident, 0, 0};

    if (!bl_fingerprint_same(&s->incident_fp, -1, s->opts->incident)) {
        bl_diag_error(s->ses.diag, &loc,
                      "the incident changed while it was being read: run again once nothing "
                      "writes to it");
        return BL_EXIT_BAD_INPUT;
    }
    return bl_render_list_unchanged(s, -1) ? BL_EXIT_OK : BL_EXIT_BAD_INPUT;
}

/* The data the letters are made with, as a hash: the letter templates, the rules, contacts and
 * schemas, and the fonts. */
static char *
data_sha256(const struct bl_render *s)
{
    const char *data = bl_session_data_dir(s->opts->data_dir);
    char *templates = g_build_filename(data, "templates", NULL);
    char *fonts = g_build_filename(data, "fonts", NULL);
    char *template_dir = g_path_get_dirname(s->ses.template_path);
    const char *inputs[] = {template_dir, templates, fonts, NULL};
    char *sum = bl_fingerprint_paths("data", inputs);

    g_free(templates);
    g_free(fonts);
    g_free(template_dir);
    return sum;
}

/* Opens and locks the output directory (with create, making it when missing). Returns an enum
 * bl_exit. */
static int
open_output(struct bl_render *s, gboolean create)
{
    const struct bl_render_options *o = s->opts;
    int rc = bl_outdir_open(&s->out, o->outdir, create, o->allow_shared_output, s->ses.diag);

    if (rc == 0 && s->out != NULL) {
        rc = bl_outdir_lock(s->out, o->only == NULL && o->shards > 1, s->ses.diag);
    }
    return rc == 0 ? BL_EXIT_OK : rc == -2 ? BL_EXIT_BAD_INPUT : BL_EXIT_IO;
}

/* The run's files, named in the output folder: shards may share one folder, each with a
 * manifest of its own. */
static void
name_files(struct bl_render *s)
{
    const struct bl_render_options *o = s->opts;

    if (o->shards > 1) {
        s->manifest = g_strdup_printf("manifest-%d-of-%d.csv", o->shard, o->shards);
        s->errors = g_strdup_printf("errors-%d-of-%d.csv", o->shard, o->shards);
    } else {
        s->manifest = g_strdup("manifest.csv");
        s->errors = g_strdup("errors.csv");
    }
    s->record = bl_run_record_name(s->manifest);
    s->manifest_shown = bl_outdir_shown(s->out, s->manifest);
    s->errors_shown = bl_outdir_shown(s->out, s->errors);
    s->files = (struct bl_render_files){s->manifest, s->errors, s->record, s->manifest_shown,
                                        s->errors_shown};
}

int
bl_render_open(struct bl_render **out, const struct bl_render_options *opts, struct bl_diag *diag)
{
    struct bl_render *s = g_new0(struct bl_render, 1);
    int rc;

    s->opts = opts;
    bl_session_init(&s->ses, diag);
    s->rows_diag = bl_diag_new(NULL);
    bl_letter_init(&s->letter);
    rc = fingerprint(s);
    /* one run at a time in a folder (shards of one run may share it): an existing folder is
     * refused or found locked before the compliance pass over the whole list; a missing one is
     * made only once the inputs are known to be good */
    if (rc == BL_EXIT_OK) {
        rc = open_output(s, FALSE);
    }
    if (rc == BL_EXIT_OK) {
        rc = bl_render_load(s);
    }
    if (rc == BL_EXIT_OK) {
        rc = still_fingerprinted(s);
    }
    if (rc == BL_EXIT_OK && s->out == NULL) {
        rc = open_output(s, TRUE);
    }
    if (rc != BL_EXIT_OK) {
        bl_render_free(s);
        return rc;
    }
    s->data_sha256 = data_sha256(s);
    name_files(s);
    if (opts->only == NULL && opts->book <= 0 && opts->files_per_dir > 0) {
        s->dir_levels = bl_run_dir_levels(s->ses.check->rows, opts->files_per_dir);
    }
    *out = s;
    return BL_EXIT_OK;
}

void
bl_render_free(struct bl_render *r)
{
    if (r != NULL) {
        bl_render_release(r);
        g_free(r);
    }
}

gint64
bl_render_row_count(const struct bl_render *r)
{
    return r->ses.check->rows;
}

struct bl_outdir *
bl_render_outdir(const struct bl_render *r)
{
    return r->out;
}

const struct bl_render_files *
bl_render_files(const struct bl_render *r)
{
    return &r->files;
}

int
bl_render_dir_levels(const struct bl_render *r)
{
    return r->dir_levels;
}

char *
bl_render_run_hash(const struct bl_render *r)
{
    struct bl_run_record rec;
    char *run;

    bl_render_record(r, r->dir_levels, FALSE, &rec);
    run = g_strdup(rec.run);
    bl_run_record_release(&rec);
    return run;
}

int
bl_render_commit_record(struct bl_render *r)
{
    struct bl_run_record rec;
    int rc;

    bl_render_record(r, r->dir_levels, FALSE, &rec);
    rc = bl_render_write_record(r, &rec);
    bl_run_record_release(&rec);
    return rc;
}

static int
begin_chunk(struct bl_render *s, const struct bl_render_chunks *chunks, struct bl_render_chunk *ch,
            gint64 index)
{
    ch->index = index;
    ch->sync_later = TRUE; /* the chunk's commit syncs its letters at once */
    ch->tick = chunks->tick;
    ch->tick_data = chunks->data;
    ch->messages = g_string_new(NULL);
    if (s->opts->book > 0) {
        char name[32];

        g_snprintf(name, sizeof(name), "book-%06" G_GINT64_FORMAT ".pdf", index + 1);
        ch->book_file = g_strdup(name);
        bl_render_hold(ch);
    }
    return chunks->open(chunks->data, index, &ch->journal);
}

/* Completes a chunk: its book, then its journal, once the list is seen to be the one
 * fingerprinted. Returns 0, or -1 reported. */
static int
end_chunk(struct bl_render *s, const struct bl_render_chunks *chunks, struct bl_render_chunk *ch)
{
    int rc = bl_render_list_unchanged(s, bl_source_fd(s->src)) ? 0 : -1;

    /* the list first: a book made from a changed list never takes its place */
    if (rc == 0) {
        rc = bl_render_chunk_finish(ch);
    }
    if (rc == 0) {
        rc = chunks->commit(chunks->data, ch->index, ch->journal, &ch->counts, ch->messages->str);
        ch->journal = NULL; /* taken by the commit */
    }
    bl_render_chunk_clear(ch);
    return rc;
}

int
bl_render_chunks(struct bl_render *s, const struct bl_render_chunks *chunks)
{
    struct bl_render_chunk ch = {.index = -1};
    const struct bl_record *rec;
    gint64 row = 0, current = -1;
    gboolean owned = FALSE;
    int more, rc = BL_EXIT_OK;

    bl_source_free(s->src);
    s->src = NULL;
    if (bl_source_open(&s->src, s->opts->recipients, s->ses.incident, s->rows_diag) < 0) {
        bl_diag_pass_kept(s->rows_diag, s->ses.diag);
        return BL_EXIT_IO;
    }
    bl_diag_clear(s->rows_diag); /* the header's problems were told by bl_render_open */
    /* the check has read the list: its duplicate ids are known, no table of ids is needed */
    bl_source_use_duplicates(s->src, s->ses.check->duplicates);
    while ((more = bl_source_next(s->src, &rec)) > 0) {
        gint64 index = row++;
        gint64 c = index / chunks->chunk_rows;

        if (c != current) {
            if (ch.index >= 0 && end_chunk(s, chunks, &ch) < 0) {
                rc = BL_EXIT_IO;
                break;
            }
            current = c;
            owned = chunks->owns(chunks->data, c);
            if (owned && begin_chunk(s, chunks, &ch, c) < 0) {
                rc = BL_EXIT_IO;
                break;
            }
        }
        if (owned && bl_render_row(s, &ch, rec, index) < 0) {
            rc = BL_EXIT_IO;
            break;
        }
        if (owned) {
            g_string_append(ch.messages, bl_diag_text(s->rows_diag));
        }
        bl_diag_clear(s->rows_diag);
    }
    if (rc == BL_EXIT_OK && more < 0) {
        bl_diag_pass_kept(s->rows_diag, s->ses.diag);
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && (row != s->ses.check->rows || bl_source_sha256(s->src) == NULL ||
                             strcmp(bl_source_sha256(s->src), s->list_fp.sha256) != 0)) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc,
                      "the recipient list changed while it was being rendered (%" G_GINT64_FORMAT
                      " records, %" G_GINT64_FORMAT " before, or other bytes): render it again "
                      "from the start "
                      "once nothing writes to it",
                      row, s->ses.check->rows);
        rc = BL_EXIT_BAD_INPUT;
    }
    if (rc == BL_EXIT_OK && ch.index >= 0 && end_chunk(s, chunks, &ch) < 0) {
        rc = BL_EXIT_IO;
    }
    bl_render_chunk_clear(&ch);
    return rc;
}
